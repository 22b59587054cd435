"""The heading and signature of a document of the ward's People's Committee (Nghị định 30/2020, Phụ lục I):
the issuing body's lines, "Địa danh, ngày … tháng … năm …" and the TM./KT. signature block. Knows only the unit.

The địa danh (ô 4; reference/domain.md §1.2 and §1.5 "Địa danh"): for a local body it is the official name of the
administrative unit where the body sits, without its kind word ("Cẩm Hà, ngày 24 tháng 6 năm 2022" for UBND xã
Cẩm Hà; "Tịnh Khê, ngày …" for xã Tịnh Khê); a unit named after a person, with a number or after a historical
event is written with its full name ("Phường Nguyễn Nghiêm, ngày …", "Phường 3, ngày …", "Thành phố Hồ Chí Minh,
ngày …"). Whether a name is a person's cannot be known for sure from the text: `named_in_full` guesses (a
number; a Vietnamese family name first; a few well-known names), Cài đặt shows the result, and the unit's
`place_name` (what the clerk typed) overrides it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from desktop.core.pdf.model import Signature
from desktop.core.text.vnformat import date_words

# The kind words an administrative unit's name starts with (longest first: "Thành phố" before "Thị …").
KIND_WORDS = ("Đặc khu", "Thị trấn", "Thành phố", "Thị xã", "Phường", "Xã", "Tỉnh", "Quận", "Huyện")
# Family names a unit named after a person starts with ("Nguyễn Nghiêm", "Trần Phú", "Lê Lợi", "Hồ Chí Minh").
FAMILY_NAMES = frozenset("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương "
                         "Lương Tôn Chu Mạc Cù Hàn".split())
# Names with such a first word that are places, not people (the guess would otherwise spell them in full).
NOT_PEOPLE = frozenset({"Vũ Ninh", "Võ Cường", "Phan Thiết", "Phan Rang", "Dương Nội", "Hoàng Mai", "Lý Sơn",
                        "Trần Đề", "Đinh Văn", "Hồ Tràm", "Lương Sơn", "Chu Lai", "Chu Sê", "Chu Prông"})
# Well-known names of people and historical events without a family name first.
PEOPLE_AND_EVENTS = frozenset({"Quang Trung", "Hai Bà Trưng", "Bà Triệu", "Trưng Vương", "Trưng Trắc",
                               "Trưng Nhị", "Hùng Vương", "An Dương Vương", "Hàm Nghi", "Duy Tân", "Kim Đồng",
                               "Điện Biên", "Điện Biên Phủ", "Đống Đa", "Ba Đình", "Bạch Đằng"})


def signature(unit: dict[str, Any]) -> Signature:
    name = unit.get("signer_name") or ""
    if (unit.get("sign_mode") or "TM") == "KT":
        return Signature(["KT. CHỦ TỊCH", (unit.get("signer_title") or "Phó Chủ tịch").upper()], name)
    return Signature(["TM. ỦY BAN NHÂN DÂN", (unit.get("signer_title") or "Chủ tịch").upper()], name)


def issuer_lines(unit: dict[str, Any]) -> list[str]:
    return ["ỦY BAN NHÂN DÂN", (unit.get("name") or "").upper()]


def bare_name(full: str) -> str:
    """"Phường Nguyễn Nghiêm" → "Nguyễn Nghiêm"; "Xã Tịnh Khê" → "Tịnh Khê" (a name without a kind word stays)."""
    text = " ".join((full or "").split())
    for word in KIND_WORDS:
        if text.lower().startswith(word.lower() + " "):
            return text[len(word) + 1:]
    return text


def named_in_full(bare: str) -> bool:
    """True when the name is a number, a person's or a historical event's (ND 30, Phụ lục I: write it in full)."""
    name = " ".join(bare.split())
    if re.search(r"\d", name):
        return True
    words = name.split(" ")
    if name in PEOPLE_AND_EVENTS:
        return True
    return len(words) >= 2 and words[0] in FAMILY_NAMES and name not in NOT_PEOPLE


def default_place(unit: dict[str, Any]) -> str:
    """The địa danh by the rule: the full name ("Phường 3", "Phường Nguyễn Nghiêm") or the bare one ("Tịnh Khê")."""
    full = " ".join((unit.get("name") or "").split())
    bare = bare_name(full)
    if not named_in_full(bare):
        return bare
    return full[:1].upper() + full[1:]


def place_name(unit: dict[str, Any]) -> str:
    """The địa danh as it prints: the clerk's `place_name`, else the rule's. A stored `place_name` equal to the bare
    name is what older versions filled in by themselves ("Nguyễn Nghiêm"): for a name the rule writes in full it
    does not count as the clerk's choice."""
    typed = " ".join((unit.get("place_name") or "").split())
    default = default_place(unit)
    if not typed or (typed == bare_name(unit.get("name") or "") and default != typed):
        return default
    return typed


def place_date(unit: dict[str, Any], date: dt.date) -> str:
    """"Phường Nguyễn Nghiêm, ngày 02 tháng 12 năm 2026", "Tịnh Khê, ngày 14 tháng 6 năm 2026"."""
    return f"{place_name(unit)}, {date_words(date)}"
