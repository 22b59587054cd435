"""The heading and signature of a document of the ward's People's Committee (Nghị định 30/2020, Phụ lục I):
the issuing body's lines, "Địa danh, ngày … tháng … năm …" and the TM./KT. signature block. Knows only the unit.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from desktop.core.pdf.model import Signature
from desktop.core.text.vnformat import date_words


def signature(unit: dict[str, Any]) -> Signature:
    name = unit.get("signer_name") or ""
    if (unit.get("sign_mode") or "TM") == "KT":
        return Signature(["KT. CHỦ TỊCH", (unit.get("signer_title") or "Phó Chủ tịch").upper()], name)
    return Signature(["TM. ỦY BAN NHÂN DÂN", (unit.get("signer_title") or "Chủ tịch").upper()], name)


def issuer_lines(unit: dict[str, Any]) -> list[str]:
    return ["ỦY BAN NHÂN DÂN", (unit.get("name") or "").upper()]


def place_date(unit: dict[str, Any], date: dt.date) -> str:
    """"Nguyễn Nghiêm, ngày 14 tháng 6 năm 2026"; a ward named after a number keeps its word ("Phường 7")."""
    place = unit.get("place_name") or unit.get("name") or ""
    if re.fullmatch(r"\d+", place.strip()):
        place = unit.get("name") or place
    return f"{place}, {date_words(date)}"
