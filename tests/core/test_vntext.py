"""Tests for desktop.core.text.vntext (search keys, Vietnamese sort keys, names)."""

from __future__ import annotations

import random
import sqlite3
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.text.vntext import fold, normalize_name, person_sort_key, sort_key

# Lower-case Vietnamese letters with every tone, plus đ, used to build
# realistic random words.
VIET_LETTERS = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
viet_words = st.text(alphabet=VIET_LETTERS, min_size=1, max_size=8)
viet_phrases = st.lists(viet_words, min_size=1, max_size=4).map(" ".join)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# ----------------------------------------------------------------------------- fold


def test_fold_example() -> None:
    assert fold("  Nguyễn  Văn ĐỨC ") == "nguyen van duc"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đặng Thị Hường", "dang thi huong"),
        ("TỔ DÂN PHỐ 10", "to dan pho 10"),
        ("Ưng\tHoàng\nPhúc", "ung hoang phuc"),
        ("", ""),
        ("   ", ""),
        ("Ðỗ", "do"),  # legacy "Ð" (U+00D0) from old encodings
        ("Lê\u200bLợi", "leloi"),  # zero-width space pasted from the web
    ],
)
def test_fold_cases(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_nfd_input() -> None:
    assert fold(nfd("Nguyễn Văn Đức")) == fold(nfc("Nguyễn Văn Đức")) == "nguyen van duc"


@given(st.text())
def test_fold_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_nfc_nfd_invariant(text: str) -> None:
    assert fold(nfc(text)) == fold(nfd(text))


@given(viet_phrases)
def test_fold_case_insensitive_and_ascii(text: str) -> None:
    assert fold(text.upper()) == fold(text)
    assert fold(text).isascii()


# -------------------------------------------------------------------------- sort_key

EXPECTED_WORDS = [
    "An",
    "Anh",
    "Ánh",
    "Ăn",
    "Ân",
    "Bình",
    "Dung",
    "Đào",
    "Đức",
    "Em",
    "Ê",
    "Giang",
    "Hà",
    "Hải",
    "Oanh",
    "Ô",
    "Ơn",
    "Uyên",
    "Ưng",
    "Yến",
]


@pytest.mark.parametrize("seed", range(5))
def test_sort_words_vietnamese_order(seed: int) -> None:
    shuffled = EXPECTED_WORDS[:]
    random.Random(seed).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == EXPECTED_WORDS


def test_sort_whole_alphabet() -> None:
    alphabet = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    shuffled = alphabet[::-1]
    assert sorted(shuffled, key=sort_key) == alphabet
    # Upper case sorts the same way (case-insensitive primary level).
    assert sorted((c.upper() for c in shuffled), key=sort_key) == [c.upper() for c in alphabet]


def test_foreign_letters_at_latin_positions() -> None:
    words = ["e", "ê", "f", "g", "i", "j", "k", "v", "w", "x", "y", "z"]
    assert sorted(reversed(words), key=sort_key) == words


def test_brief_examples() -> None:
    assert sort_key("Đào") > sort_key("Dung")
    assert sort_key("Anh") < sort_key("Ánh") < sort_key("Ăn")
    assert sort_key("o") < sort_key("ô") < sort_key("ơ")
    assert sort_key("Tổ 9") < sort_key("Tổ 10")
    assert sort_key("Tổ dân phố 2") < sort_key("Tổ dân phố 10")
    assert sort_key("Le Van") < sort_key("Lea")


def test_tone_order() -> None:
    # no tone < huyền < hỏi < ngã < sắc < nặng
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(tones), key=sort_key) == tones


def test_tones_only_break_ties() -> None:
    # Primary letters decide first, even when the tone comes earlier.
    assert sort_key("ạa") < sort_key("ab")
    assert sort_key("Hà") < sort_key("Hai") < sort_key("Hải")


def test_tone_placement_styles_equal() -> None:
    # Old ("hoà", "Thuỷ") and new ("hòa", "Thủy") tone placement are the same word.
    assert sort_key("hoà") == sort_key("hòa")
    assert sort_key("Thuỷ") == sort_key("Thủy")


def test_case_and_whitespace_ignored() -> None:
    assert sort_key("NGUYỄN VĂN AN") == sort_key("nguyễn văn an")
    assert sort_key("  Nguyễn   Văn\tAn ") == sort_key("Nguyễn Văn An")


def test_natural_numbers() -> None:
    items = ["Tổ 1", "Tổ 2", "Tổ 9", "Tổ 10", "Tổ 11", "Tổ 100", "Tổ 1234567890", "Tổ 12345678901"]
    shuffled = items[:]
    random.Random(1).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == items


def test_spaces_and_digits_before_letters() -> None:
    assert sort_key("Tổ") < sort_key("Tổ 1") < sort_key("Tổ a")
    assert sort_key("Khu phố 3") < sort_key("Khu phố 3A") < sort_key("Khu phố 4")


@given(st.integers(0, 10**15), st.integers(0, 10**15))
def test_natural_numbers_property(a: int, b: int) -> None:
    ka, kb = sort_key(f"Tổ {a}"), sort_key(f"Tổ {b}")
    assert (ka < kb) == (a < b)
    assert (ka == kb) == (a == b)


@given(st.text())
def test_sort_key_nfc_nfd_invariant(text: str) -> None:
    assert sort_key(nfc(text)) == sort_key(nfd(text))


@given(viet_phrases)
def test_sort_key_case_insensitive(text: str) -> None:
    assert sort_key(text.upper()) == sort_key(text)


@given(viet_phrases, viet_phrases)
def test_sort_key_consistent_with_fold_for_letters(a: str, b: str) -> None:
    # Strings that fold differently (ignoring đ/d and quality marks) can never
    # be tied; equal keys imply equal folds.
    if sort_key(a) == sort_key(b):
        assert fold(a) == fold(b)


@given(viet_words, viet_words)
def test_prefix_sorts_first(a: str, b: str) -> None:
    assert sort_key(a) < sort_key(a + " " + b)


# An independent, table-driven reference for strings made of Vietnamese
# letters and spaces: (letters in alphabet order, then one tone per word).
REF_ALPHABET = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
REF_TONE_ROWS = [
    "aàảãáạ",
    "ăằẳẵắặ",
    "âầẩẫấậ",
    "eèẻẽéẹ",
    "êềểễếệ",
    "iìỉĩíị",
    "oòỏõóọ",
    "ôồổỗốộ",
    "ơờởỡớợ",
    "uùủũúụ",
    "ưừửữứự",
    "yỳỷỹýỵ",
]
REF_LETTER = {ch: (REF_ALPHABET.index(row[0]), tone) for row in REF_TONE_ROWS for tone, ch in enumerate(row)}
REF_LETTER.update({c: (REF_ALPHABET.index(c), 0) for c in REF_ALPHABET if c not in REF_LETTER})


def reference_key(phrase: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    primary: list[int] = []
    tones: list[int] = []
    for i, word in enumerate(phrase.split()):
        if i:
            primary.append(-1)  # a space sorts before every letter
        primary.extend(REF_LETTER[c][0] for c in word)
        # A real syllable has one tone; for random letter soup the first wins.
        tones.append(next((t for c in word if (t := REF_LETTER[c][1])), 0))
    return tuple(primary), tuple(tones)


def retone(data: st.DataObject, phrase: str) -> str:
    """Same letters, randomly chosen tones: exercises the tie-breaking level."""
    rows = {ch: row for row in REF_TONE_ROWS for ch in row}
    return "".join(data.draw(st.sampled_from(rows[c])) if c in rows else c for c in phrase)


@given(viet_phrases, viet_phrases)
def test_sort_key_matches_reference(a: str, b: str) -> None:
    assert (sort_key(a) < sort_key(b)) == (reference_key(a) < reference_key(b))
    assert (sort_key(a) == sort_key(b)) == (reference_key(a) == reference_key(b))


@given(viet_phrases, st.data())
def test_sort_key_matches_reference_on_tones(a: str, data: st.DataObject) -> None:
    b = retone(data, a)
    assert (sort_key(a) < sort_key(b)) == (reference_key(a) < reference_key(b))
    assert (sort_key(a) == sort_key(b)) == (reference_key(a) == reference_key(b))


@given(st.text())
def test_sort_key_single_level_separator(text: str) -> None:
    # The primary part never contains the level separator, so a string that
    # is a prefix of another always sorts first.
    assert sort_key(text).count("\x01") == 1


def test_sqlite_order_by() -> None:
    # The whole point: keys stored in a TEXT column give the right ORDER BY.
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (name TEXT, k TEXT)")
    shuffled = EXPECTED_WORDS[:]
    random.Random(7).shuffle(shuffled)
    con.executemany("INSERT INTO t VALUES (?, ?)", [(w, sort_key(w)) for w in shuffled])
    rows = [r[0] for r in con.execute("SELECT name FROM t ORDER BY k")]
    con.close()
    assert rows == EXPECTED_WORDS


# -------------------------------------------------------------------- person_sort_key


def test_person_sort_key_by_given_name() -> None:
    assert person_sort_key("Trần Văn An") < person_sort_key("Nguyễn Thị Bình")


def test_person_list_order() -> None:
    expected = [
        "Lê Văn An",
        "Trần Văn An",
        "Nguyễn Thị Ánh",
        "Nguyễn Thị Bình",
        "Phạm Bình",
        "Võ Văn Dũng",
        "Hoàng Đức",
        "Bùi Thị Thu Hà",
        "Đỗ Thị Hà",
        "Nguyễn Văn Tuấn",
        "Nguyễn Thị Yến",
    ]
    shuffled = expected[:]
    random.Random(3).shuffle(shuffled)
    assert sorted(shuffled, key=person_sort_key) == expected


def test_person_sort_key_empty() -> None:
    assert person_sort_key("") < person_sort_key("An")


# --------------------------------------------------------------------- normalize_name


def test_normalize_name() -> None:
    typed = nfd("  Nguyễn \t Văn   Đức  ")
    result = normalize_name(typed)
    assert result == "Nguyễn Văn Đức"
    assert result == nfc(result)


@given(st.text())
def test_normalize_name_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once
    assert once == once.strip()
    assert "  " not in once
