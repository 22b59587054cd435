"""Vietnamese text helpers: search keys, sort keys and name normalisation.

Pure standard library so it can be used from the database layer, the CLI and
the Qt UI alike.
"""

from __future__ import annotations

import unicodedata

from db.text import _is_invisible, _is_mark, fold

__all__ = ["fold", "normalize_name", "person_sort_key", "sort_key"]

# Vietnamese alphabet order, with f, j, w, z slotted in at their Latin
# positions so that foreign names still sort sensibly.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"

# Tone marks (combining characters after NFD) and their dictionary rank:
# no tone (0) < huyền < hỏi < ngã < sắc < nặng.
_TONES = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}

# Vowel-quality marks turn a base letter into a distinct letter of the
# alphabet (ă â ê ô ơ ư); they belong to the primary level, not the tone level.
_QUALITY = {
    ("a", "\u0306"): "ă",  # breve
    ("a", "\u0302"): "â",  # circumflex
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",  # horn
    ("u", "\u031b"): "ư",
}

# Layout of the primary key.  Everything is above "\x01" so the level
# separator always sorts lowest; NUL is avoided because some SQLite functions
# and tools treat it as end-of-string.
_LEVEL_SEP = "\x01"
_SPACE = "\x02"
_ASCII_PUNCT = "".join(
    chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum()
)  # 32 characters -> "\x03".."\x22"
_PUNCT_CODE = {ch: chr(0x03 + i) for i, ch in enumerate(_ASCII_PUNCT)}
_OTHER_PUNCT = chr(0x03 + len(_ASCII_PUNCT))  # any non-ASCII punctuation/symbol
_LONG_NUMBER = ":"  # sorts after "0".."9": marks digit runs longer than _NUM_WIDTH
_NUM_WIDTH = 9
_LETTER_CODE = {ch: chr(0x41 + i) for i, ch in enumerate(_ALPHABET)}
# Letters of other scripts go after "z" in code-point order.
_OTHER_OFFSET = 0x100


def _encode_digits(run: str) -> str:
    # Zero-pad so that plain string comparison orders numbers naturally
    # ("2" < "10").  Longer runs get a marker above every digit plus their
    # length, so they still sort after all shorter numbers and among themselves.
    significant = run.lstrip("0") or "0"
    if len(significant) <= _NUM_WIDTH:
        return significant.zfill(_NUM_WIDTH)
    return f"{_LONG_NUMBER}{len(significant):03d}{significant}"


def sort_key(text: str) -> str:
    """Return a key whose binary comparison gives Vietnamese dictionary order.

    Layout: primary part (base letters in Vietnamese alphabet order, case
    insensitive, digit runs zero-padded, whitespace below everything else),
    then ``"\\x01"``, then one tone digit per syllable (0 none, 1 huyền,
    2 hỏi, 3 ngã, 4 sắc, 5 nặng).  Tones therefore only break ties between
    otherwise equal strings.  Safe to store in a SQLite TEXT column and use
    in ``ORDER BY`` with the default BINARY collation.
    """
    # NFKD: splits tones/quality marks off the base letters and also maps
    # compatibility forms (full-width digits, ligatures) to plain ones.
    s = unicodedata.normalize("NFKD", text)
    primary: list[str] = []
    tones: list[str] = []
    syllable_tone: int | None = None  # tone of the letter run being read
    pending_space = False
    i, n = 0, len(s)

    def end_syllable() -> None:
        nonlocal syllable_tone
        if syllable_tone is not None:
            tones.append(str(syllable_tone))
            syllable_tone = None

    while i < n:
        ch = s[i]
        if ch.isspace():
            # Collapse runs and drop leading/trailing whitespace.
            pending_space = bool(primary)
            end_syllable()
            i += 1
            continue
        if _is_invisible(ch) or _is_mark(ch):
            # Orphan marks (no base letter) and invisible characters are ignored.
            i += 1
            continue
        if pending_space:
            primary.append(_SPACE)
            pending_space = False
        if "0" <= ch <= "9":
            end_syllable()
            j = i
            while j < n and "0" <= s[j] <= "9":
                j += 1
            primary.append(_encode_digits(s[i:j]))
            i = j
            continue
        j = i + 1
        marks: list[str] = []
        while j < n and _is_mark(s[j]):
            marks.append(s[j])
            j += 1
        low = ch.lower()
        if len(low) != 1:  # e.g. "İ" -> "i̇"; keep the character itself
            low = ch
        if low == "ð":
            low = "đ"
        if low in _LETTER_CODE:
            tone = 0
            for mark in marks:
                low = _QUALITY.get((low, mark), low)
                # A syllable carries one tone; old-style ("hoà") and new-style
                # ("hòa") placement must give the same key, so the tone is
                # recorded per syllable, not per letter.
                tone = tone or _TONES.get(mark, 0)
            primary.append(_LETTER_CODE[low])
            # First tone mark seen in the syllable wins (a valid one has one).
            syllable_tone = syllable_tone or tone
        else:
            end_syllable()
            if low in _PUNCT_CODE:
                primary.append(_PUNCT_CODE[low])
            elif unicodedata.category(low)[0] in "PSZC":
                primary.append(_OTHER_PUNCT)
            else:
                primary.append(chr(min(ord(low) + _OTHER_OFFSET, 0x10FFFF)))
        i = j
    end_syllable()
    return "".join(primary) + _LEVEL_SEP + "".join(tones)


def person_sort_key(full_name: str) -> str:
    """Return a sort key ordering people by given name, then by full name.

    Vietnamese lists are ordered by the given name (last word): "Trần Văn An"
    comes before "Nguyễn Thị Bình".
    """
    words = full_name.split()
    given = words[-1] if words else ""
    # The separator is never actually compared against a letter: equal
    # primaries imply equal-length tone parts, so separators line up.
    return sort_key(given) + _LEVEL_SEP + sort_key(full_name)


def normalize_name(text: str) -> str:
    """NFC-normalise, collapse whitespace and strip a name typed by a clerk."""
    return " ".join(unicodedata.normalize("NFC", text).split())
