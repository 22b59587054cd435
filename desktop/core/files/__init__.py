"""Shared tool: files written safely — temporary name, fsync, rename, verify (`safe_files`) — and the xlsx
writers (`xlsx_export` for lists a person reads, `xlsx_plain` for the plain sheets of the handoff file).

Knows nothing of any feature: imports only `desktop.core.text`, `desktop.core.errors` and the standard library.
"""
