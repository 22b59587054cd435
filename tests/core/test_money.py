"""Money as people write it (desktop.core.text.money): every way of writing an amount reads back to exactly that
amount, and what cannot be read exactly is refused with a message quoting what was typed — never a wrong number."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.core.text.money import parse_money
from desktop.core.text.vnformat import format_int

CURRENCY = ["", "đ", " đ", "đồng", " đồng", " VND", " VNĐ", "VNĐ", " vnd", " dong", "₫", " ₫", " Đồng"]
WORDS = {  # the scale, and the ways it is written
    10**9: ["tỷ", "tỉ", "ty", "ti", "Tỷ", "TỶ"],
    10**6: ["triệu", "trieu", "tr", "Tr", "TR", "Triệu"],
    10**3: ["nghìn", "ngàn", "nghin", "ngan", "k", "K", "Nghìn"],
}


@st.composite
def plain_forms(draw: st.DrawFn) -> tuple[int, str]:
    """An integer and one way of writing it with digits: 1500000, 1.500.000, 1,500,000, 1 500 000, + currency."""
    n = draw(st.integers(min_value=0, max_value=10**13))
    style = draw(st.sampled_from(["plain", "vn", "en", "space", "vn_dec", "en_dec"]))
    text = {
        "plain": str(n),
        "vn": format_int(n),
        "en": f"{n:,}",
        "space": f"{n:,}".replace(",", " "),
        "vn_dec": format_int(n) + ",00",
        "en_dec": f"{n:,}" + ".00" if n >= 1000 else f"{n:,}",
    }[style]
    return n, text + draw(st.sampled_from(CURRENCY))


@st.composite
def word_forms(draw: st.DrawFn) -> tuple[int, str]:
    """An amount in words, as groups biggest first: "1 tỷ 200 triệu", "500k", "2tr 300 nghìn đồng"."""
    parts = [(draw(st.integers(0, 999)), scale) for scale in (10**9, 10**6, 10**3)]
    if all(n == 0 for n, _ in parts):
        parts[2] = (draw(st.integers(1, 999)), 10**3)
    gap = draw(st.sampled_from(["", " "]))
    between = draw(st.sampled_from([" ", ""]))
    shown = [f"{n}{gap}{draw(st.sampled_from(WORDS[scale]))}" for n, scale in parts if n]
    amount = sum(n * scale for n, scale in parts)
    return amount, between.join(shown) + draw(st.sampled_from(CURRENCY))


@st.composite
def decimal_forms(draw: st.DrawFn) -> tuple[int, str]:
    """"1,5 triệu", "1.5tr", "2tr5", "2 triệu rưỡi", "5 trăm nghìn", "2k5", "1tr250"."""
    m = draw(st.integers(1, 999))
    d = draw(st.integers(1, 9))
    scale = draw(st.sampled_from([10**9, 10**6, 10**3]))
    word = draw(st.sampled_from(WORDS[scale]))
    form = draw(st.sampled_from(["comma", "dot", "trailing", "half", "hundreds", "trailing3"]))
    if form == "comma":
        return m * scale + d * scale // 10, f"{m},{d} {word}"
    if form == "dot":
        return m * scale + d * scale // 10, f"{m}.{d}{word}"
    if form == "trailing":
        return m * scale + d * scale // 10, f"{m}{word}{d}"
    if form == "half":
        return m * scale + scale // 2, f"{m} {word} {draw(st.sampled_from(['rưỡi', 'rưởi', 'ruoi']))}"
    if form == "hundreds":
        return d * 100 * scale, f"{d} {draw(st.sampled_from(['trăm', 'tram']))} {word}"
    three = draw(st.integers(100, 999))
    return m * scale + three * scale // 1000, f"{m}{word}{three}"


@given(plain_forms())
@example((1_500_000, "1.500.000"))
@example((500_000, "500,000 VND"))
@example((1_500, "1,500"))
@settings(max_examples=400)
def test_digits_read_back_exactly(case: tuple[int, str]) -> None:
    amount, text = case
    assert parse_money(text) == amount, text


@given(word_forms())
@example((2_000_000, "2 triệu"))
@example((500_000, "500k"))
@example((2_000_000, "2tr"))
@example((3_000_000_000, "3 tỷ"))
@example((500_000, "500 nghìn"))
@example((1_200_000_000, "1 tỷ 200 triệu"))
@settings(max_examples=400)
def test_words_read_back_exactly(case: tuple[int, str]) -> None:
    amount, text = case
    assert parse_money(text) == amount, text


@given(decimal_forms())
@example((500_000, "5 trăm nghìn"))
@example((2_500_000, "2tr5"))
@example((1_500_000, "1,5 triệu"))
@settings(max_examples=400)
def test_decimals_and_trailing_digits_read_back_exactly(case: tuple[int, str]) -> None:
    amount, text = case
    assert parse_money(text) == amount, text


@st.composite
def junk(draw: st.DrawFn) -> str:
    """Amounts that cannot be read exactly: each family is refused, whatever the numbers."""
    m = draw(st.integers(1, 999))
    d = draw(st.integers(1, 9))
    word = draw(st.sampled_from(WORDS[10**6] + WORDS[10**3]))
    return draw(st.sampled_from([
        f"{m}e{d}",  # scientific notation
        f"{m},{d}",  # a fraction of a đồng
        f"{m}.{d}",
        f"{m},{d}{d} đồng",
        f"{m},{d}00 {word}",  # 1,500 triệu: 1,5 triệu or 1.500 triệu?
        f"{m}{word}{d}{d}",  # 2tr50: 2.500.000 or 2.050.000?
        f"{m} {word} {word}",  # a word twice
        f"{m} nghìn {d} triệu",  # the smaller group first
        f"{m} triệu {d} trăm",  # "1 triệu 2 trăm": 1.200.000 said aloud, 1.000.200 written
        f"{m} {draw(st.sampled_from(['củ', 'usd', 'đô', 'lít', 'm', 'vạn', 'x']))}",
        f"{m}..{d}",
        f"{m}/{d}",
        f"{word}",  # a word without a number
        f"{m} đồng {d}",
        "",
    ]))


@given(junk())
@example("1e6")
@example("1,500 triệu")
@example("2tr50")
@example("12,5")
@settings(max_examples=400)
def test_what_cannot_be_read_exactly_is_refused_by_name(text: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_money(text)
    assert f"\"{text}\"" in str(err.value)


@given(st.text(alphabet="0123456789.,  kKtrTRiệuỷnghìđồngVND₫e-+", max_size=14))
@settings(max_examples=600)
def test_any_text_is_read_to_whole_dong_or_refused(text: str) -> None:
    """Fuzz: whatever is typed, the answer is whole đồng or a ValueError with a message (no other error)."""
    try:
        value = parse_money(text)
    except ValueError as err:
        assert str(err)
        return
    assert isinstance(value, int)


@pytest.mark.parametrize(("cell", "amount"), [(1_500_000, 1_500_000), (1_500_000.0, 1_500_000)])
def test_number_cells(cell: object, amount: int) -> None:
    assert parse_money(cell) == amount  # type: ignore[arg-type]


def test_a_fractional_number_cell_is_refused() -> None:
    with pytest.raises(ValueError, match="số nguyên đồng"):
        parse_money(1_500_000.5)
