"""TCVN3 (ABC, .VnTime) and VNI (VNI-Times) text found in old workbooks is converted to Unicode;
ASCII and valid Vietnamese Unicode are never touched."""

from __future__ import annotations

import pytest

from desktop.core.intake import legacy

WORDS = [
    "Nguyễn Văn Đức", "Tổ dân phố", "Hiến đất", "Phường Hòa Khánh", "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc", "Giá trị quy đổi", "Số lượng", "Họ và tên", "Quảng Ngãi", "Đà Nẵng",
    "Trần Thị Thu Hà", "Ngày công", "Vật tư", "Tài sản", "Hoàn thành", "Đang thi công", "Chuẩn bị", "Tờ bản đồ",
    "Thửa đất", "Số biên bản", "Đối tượng", "Địa chỉ", "Công trình", "Hình thức", "Đơn vị tính", "giường",
    "khuỷu tay", "quyết định", "Huỳnh Thúc Kháng", "Võ Văn Kiệt", "Người đóng góp", "Hộ gia đình", "tỉnh",
]


# Literal legacy strings as an old office PC stored them (written out, not produced by our encoder).
KNOWN = [
    ("NguyÔn V¨n §øc", "tcvn3", "Nguyễn Văn Đức"),
    ("Tæ d©n phè", "tcvn3", "Tổ dân phố"),
    ("HiÕn ®Êt", "tcvn3", "Hiến đất"),
    ("Ph\u00adêng Hßa Kh¸nh", "tcvn3", "Phường Hòa Khánh"),
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "tcvn3", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Hä vµ tªn", "tcvn3", "Họ và tên"),
    ("Nguyeãn Vaên Ñöùc", "vni", "Nguyễn Văn Đức"),
    ("Toå daân phoá", "vni", "Tổ dân phố"),
    ("Hieán ñaát", "vni", "Hiến đất"),
    ("Phöôøng Hoøa Khaùnh", "vni", "Phường Hòa Khánh"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Hoï vaø teân", "vni", "Họ và tên"),
]


@pytest.mark.parametrize(("text", "encoding", "expected"), KNOWN)
def test_known_legacy_strings_are_detected_and_converted(text: str, encoding: str, expected: str) -> None:
    assert legacy.detect(text) == encoding
    assert legacy.to_unicode(text) == expected


@pytest.mark.parametrize("word", WORDS)
def test_vni_round_trip(word: str) -> None:
    encoded = legacy.from_unicode(word, "vni")
    assert encoded != word
    assert legacy.detect(encoded) == "vni", encoded
    assert legacy.to_unicode(encoded) == word


@pytest.mark.parametrize("word", WORDS)
def test_tcvn3_round_trip(word: str) -> None:
    encoded = legacy.from_unicode(word, "tcvn3")
    assert legacy.detect(encoded) == "tcvn3", encoded
    # .VnTime has no capital toned vowels ("Ủ"): those come back in lower case, everything else exactly.
    expected = "".join(ch.lower() if ch.isupper() and not ch.isascii() and ch not in "ĂÂÊÔƠƯĐ" else ch for ch in word)
    assert legacy.to_unicode(encoded) == expected


UNCHANGED = [
    "Nguyen Van An", "12/3 Le Loi", "", "Hà", "Tám", "Hòa", "Hoà", "Thái Hà", "Bà Tám", "Tú", "Lý", "Cà Mau",
    "Tô Hoài", "Café ©", "Công ty ABC®", "Ghi chó", "Nguyễn Văn Đức", "Tổ dân phố 3", "hoà thuận",
    "Lê Văn Tám — 0912 345 678", "Số 5, hẻm 12", "Phường Hòa Khánh", "Đắk Lắk", "Hộ gia đình",
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_ascii_and_unicode_are_never_changed(text: str) -> None:
    assert legacy.detect(text) == "unicode"
    assert legacy.to_unicode(text) == text


def test_a_cell_that_reads_well_both_ways_follows_the_workbook() -> None:
    # "Ghi chó" is TCVN3 for "Ghi chú", but "chó" is also a word: alone it stays, in a TCVN3 workbook it converts.
    assert legacy.to_unicode("Ghi chó") == "Ghi chó"
    assert legacy.to_unicode("Ghi chó", hint="tcvn3") == "Ghi chú"
    # The hint never converts a valid Unicode text that has characters beyond Latin-1.
    assert legacy.to_unicode("Nguyễn Văn Đức", hint="tcvn3") == "Nguyễn Văn Đức"
