"""Errors a clerk reads. Every message is Vietnamese and says what and where."""

from __future__ import annotations


class UserError(Exception):
    """A problem with what the user asked or typed (command-line exit status 1)."""


class ValidationError(UserError):
    """Field-level problems: `errors` maps a field name to its Vietnamese message, so a form
    can show each one next to its field."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class NotFoundError(UserError):
    pass
