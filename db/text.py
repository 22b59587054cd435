"""Accent folding: the search key shared by the database (the vn_fold SQL function) and the services.

Pure standard library; desktop.core.text.vntext re-exports `fold` with the other Vietnamese text helpers.
"""

from __future__ import annotations

import unicodedata

# "Ð" (U+00D0, Icelandic eth) is what legacy VNI/TCVN3 converters often
# produce instead of "Đ" (U+0110); treat both the same when searching/sorting.
_D_STROKE = {"đ": "d", "ð": "d"}


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _is_invisible(ch: str) -> bool:
    # Control and format characters (zero-width space, BOM, soft hyphen) sneak
    # in when text is pasted from Word or web pages; they must not affect keys.
    return unicodedata.category(ch) in ("Cc", "Cf") and not ch.isspace()


def fold(text: str) -> str:
    """Return an accent- and case-insensitive search key.

    ``fold("  Nguyễn  Văn ĐỨC ") == "nguyen van duc"``; NFC and NFD input
    give the same result.
    """
    # lower() before NFD so that characters whose lower-case form decomposes
    # are decomposed too (keeps fold idempotent).
    decomposed = unicodedata.normalize("NFD", text.lower())
    return " ".join("".join(map(_KEPT.__getitem__, decomposed)).split())


class _Kept(dict):  # type: ignore[type-arg]
    """character → what fold keeps of it ("" for a mark or an invisible one), decided once per character: the
    decision is the character's alone, and a dict look-up is a fifth of the two category look-ups (issue 22)."""

    def __missing__(self, ch: str) -> str:
        kept = self[ch] = "" if _is_mark(ch) or _is_invisible(ch) else _D_STROKE.get(ch, ch)
        return kept


_KEPT = _Kept()
