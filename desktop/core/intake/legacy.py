"""Legacy Vietnamese encodings (TCVN3/ABC and VNI) found in old workbooks, converted to Unicode.

Before Unicode (TCVN 6909:2001) offices typed Vietnamese with 8-bit fonts: ".VnTime" (TCVN3, also
called ABC) and "VNI-Times" (VNI). Excel stores such a cell as the Latin-1 characters of those
bytes, so "Nguyễn Văn Đức" arrives as "NguyÔn V¨n §øc" (TCVN3) or "Nguyeãn Vaên Ñöùc" (VNI).

The two tables below are the standard ones (TCVN 5712:1993 VN3 as in the .VnTime fonts, and the
VNI-Windows layout). Deciding *whether* a cell is legacy is the delicate part, because many of
those Latin-1 characters are also real Vietnamese letters in Unicode ("Hòa", "Tám"). A cell is
converted only when the conversion makes it read better: each word is checked against the shape
of a Vietnamese syllable (letters, at most one tone mark on a vowel, a vowel group that exists,
"đ" only at the start, no capital in the middle of a word), and the conversion must leave fewer
words that fail than the original. A valid Unicode text has no failing word, so it is never
changed; plain ASCII is never even looked at.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Encoding = Literal["unicode", "tcvn3", "vni"]

__all__ = ["Encoding", "detect", "from_unicode", "to_unicode"]

# --------------------------------------------------------------------------- TCVN3 (ABC, .VnTime)

# Byte (as its Latin-1 character) → Unicode. The .VnTime fonts have no capital toned vowels
# (offices used the all-caps .VnTimeH font for those), so only the seven base capitals appear.
TCVN3_TO_UNICODE: dict[str, str] = {
    # capitals without tone
    "\u00a1": "Ă", "\u00a2": "Â", "\u00a3": "Ê", "\u00a4": "Ô", "\u00a5": "Ơ", "\u00a6": "Ư", "\u00a7": "Đ",
    # lower-case base letters
    "\u00a8": "ă", "\u00a9": "â", "\u00aa": "ê", "\u00ab": "ô", "\u00ac": "ơ", "\u00ad": "ư", "\u00ae": "đ",
    # a: à ả ã á ạ
    "\u00b5": "à", "\u00b6": "ả", "\u00b7": "ã", "\u00b8": "á", "\u00b9": "ạ",
    # ă: ằ ẳ ẵ ắ ặ
    "\u00bb": "ằ", "\u00bc": "ẳ", "\u00bd": "ẵ", "\u00be": "ắ", "\u00c6": "ặ",
    # â: ầ ẩ ẫ ấ ậ
    "\u00c7": "ầ", "\u00c8": "ẩ", "\u00c9": "ẫ", "\u00ca": "ấ", "\u00cb": "ậ",
    # e: è ẻ ẽ é ẹ
    "\u00cc": "è", "\u00ce": "ẻ", "\u00cf": "ẽ", "\u00d0": "é", "\u00d1": "ẹ",
    # ê: ề ể ễ ế ệ
    "\u00d2": "ề", "\u00d3": "ể", "\u00d4": "ễ", "\u00d5": "ế", "\u00d6": "ệ",
    # i: ì ỉ ĩ í ị
    "\u00d7": "ì", "\u00d8": "ỉ", "\u00dc": "ĩ", "\u00dd": "í", "\u00de": "ị",
    # o: ò ỏ õ ó ọ
    "\u00df": "ò", "\u00e1": "ỏ", "\u00e2": "õ", "\u00e3": "ó", "\u00e4": "ọ",
    # ô: ồ ổ ỗ ố ộ
    "\u00e5": "ồ", "\u00e6": "ổ", "\u00e7": "ỗ", "\u00e8": "ố", "\u00e9": "ộ",
    # ơ: ờ ở ỡ ớ ợ
    "\u00ea": "ờ", "\u00eb": "ở", "\u00ec": "ỡ", "\u00ed": "ớ", "\u00ee": "ợ",
    # u: ù ủ ũ ú ụ
    "\u00ef": "ù", "\u00f1": "ủ", "\u00f2": "ũ", "\u00f3": "ú", "\u00f4": "ụ",
    # ư: ừ ử ữ ứ ự
    "\u00f5": "ừ", "\u00f6": "ử", "\u00f7": "ữ", "\u00f8": "ứ", "\u00f9": "ự",
    # y: ỳ ỷ ỹ ý ỵ
    "\u00fa": "ỳ", "\u00fb": "ỷ", "\u00fc": "ỹ", "\u00fd": "ý", "\u00fe": "ỵ",
}
_TCVN3_TRANS = str.maketrans(TCVN3_TO_UNICODE)
_UNICODE_TO_TCVN3 = {u: t for t, u in TCVN3_TO_UNICODE.items()}

# --------------------------------------------------------------------------- VNI (VNI-Times)

# VNI writes a base letter followed by one code for its marks. Codes as lower-case characters;
# the capital form of each code (str.upper) is used after a capital letter.
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_VNI_TONES = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRCUMFLEX = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}  # â ê ô + tone
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}  # ă + tone
# Letters VNI writes as one character of their own.
_VNI_SINGLE = {
    "ñ": "đ", "ô": "ơ", "ö": "ư", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(base: str, code: str, unicode_base: str, marks: str) -> None:
        for b, u in ((base, unicode_base), (base.upper(), unicode_base.upper())):
            # The code normally follows the case of the letter; accept either case.
            for c in (code, code.upper()):
                table[b + c] = _nfc(u + marks)

    for base in "aeouy":
        for code, tone in _VNI_TONES.items():
            add(base, code, base, tone)
    for base in "aeo":
        for code, tone in _VNI_CIRCUMFLEX.items():
            add(base, code, base, _CIRCUMFLEX + tone)
    for code, tone in _VNI_BREVE.items():
        add("a", code, "a", _BREVE + tone)
    for base, horned in (("ô", "ơ"), ("ö", "ư")):  # ơ and ư take the tone codes too
        for code, tone in _VNI_TONES.items():
            add(base, code, horned, tone)
    for code, letter in _VNI_SINGLE.items():
        table[code] = letter
        table[code.upper()] = letter.upper()
    return table


VNI_TO_UNICODE: dict[str, str] = _build_vni()
# Two-character sequences first, so "ôù" is read as "ớ" and not as "ơ" followed by "ù".
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))
_VNI_PAIR_RE = re.compile("|".join(re.escape(k) for k in VNI_TO_UNICODE if len(k) == 2))
# Characters of TCVN3 that VNI never writes: evidence for TCVN3 when both readings look fine.
_TCVN3_ONLY = frozenset(TCVN3_TO_UNICODE) - {ch for key in VNI_TO_UNICODE for ch in key}


def _vni_decode(text: str) -> str:
    return _VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text)


def _tcvn3_decode(text: str) -> str:
    return text.translate(_TCVN3_TRANS)


# --------------------------------------------------------------------------- does it read as Vietnamese?

_TONE_MARKS = frozenset((_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT))
_QUALITY_ON = {_CIRCUMFLEX: "aeo", _BREVE: "a", _HORN: "ou"}
_QUALITY_LETTER = {("a", _CIRCUMFLEX): "â", ("e", _CIRCUMFLEX): "ê", ("o", _CIRCUMFLEX): "ô",
                   ("a", _BREVE): "ă", ("o", _HORN): "ơ", ("u", _HORN): "ư"}
_VOWEL_LETTERS = frozenset("aeiouyăâêôơư")
_INITIALS = frozenset(
    "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split()) | {""}
_FINALS = frozenset("c ch k m n ng nh p t".split()) | {""}  # k: Đắk Lắk
# Vowel groups of Vietnamese spelling (tones removed), after the "i" of gi- and the "u" of qu-
# have been given to the initial consonant.
_NUCLEI = frozenset(
    """a ă â e ê i o ô ơ u ư y
    ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê
    iêu oai oao oay oeo uây uôi ươi ươu uya uyê uyu yêu""".split()
)
# Groups that end in a glide take no final consonant ("aot" is not Vietnamese) …
_OPEN_ONLY = frozenset(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu oai oao oay oeo uây uôi ươi ươu uyu yêu uya".split()
)
# … and these never end a syllable ("tâ" is not a word, "tân" is).
_NEEDS_FINAL = frozenset("ă â iê yê uô ươ uyê oă uâ oo".split())
_FRONT = frozenset("i e ê y".split())
# Typographic punctuation Word and Excel put into otherwise legacy text.
_NEUTRAL = frozenset("\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00a0")
_SPLIT_RE = re.compile(r"[\s!-/:-@\[-`{-~\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00a0]+")


def _letters(word: str) -> list[str] | None:
    """The letters of a word as Vietnamese spells them ("ư", "ê", "đ"…), tones dropped; None when
    the word holds something that is no Vietnamese letter or mark, two tones, a tone on a
    consonant, or a capital inside the word ("NguyÔn")."""
    letters: list[str] = []
    tones = 0
    seen_lower = False
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONE_MARKS:
            if not letters or letters[-1] not in _VOWEL_LETTERS:
                return None
            tones += 1
            if tones > 1:
                return None
        elif ch in _QUALITY_ON:
            if not letters or letters[-1] not in _QUALITY_ON[ch]:
                return None
            letters[-1] = _QUALITY_LETTER[(letters[-1], ch)]
        elif ch in "đĐ":
            if letters:
                return None  # đ only starts a syllable
            letters.append("đ")
            seen_lower = ch == "đ"
        elif ch.isascii() and ch.isalpha():
            if ch.isupper() and seen_lower:
                return None
            seen_lower = seen_lower or ch.islower()
            letters.append(ch.lower())
        else:
            return None  # µ © ¨ § ø æ ß ä … are no Vietnamese letters
    return letters


def _is_syllable(word: str) -> bool:
    """True if `word` is spelled like one Vietnamese syllable: initial consonant, vowel group,
    final consonant, with the spelling rules a legacy code mistaken for a letter usually breaks."""
    letters = _letters(word)
    if not letters:
        return False
    i = 0
    while i < len(letters) and letters[i] not in _VOWEL_LETTERS:
        i += 1
    j = i
    while j < len(letters) and letters[j] in _VOWEL_LETTERS:
        j += 1
    initial, vowels, final = "".join(letters[:i]), letters[i:j], "".join(letters[j:])
    if not vowels:
        return False
    if initial == "g" and vowels[0] == "i" and len(vowels) > 1:
        initial, vowels = "gi", vowels[1:]  # gi-a, gi-ường
    elif initial == "q":
        if vowels[0] != "u" or len(vowels) == 1 or vowels[1] in ("o", "u", "ô", "ư"):
            return False
        initial, vowels = "qu", vowels[1:]  # qu-a, qu-yên
    nucleus = "".join(vowels)
    if initial not in _INITIALS or nucleus not in _NUCLEI or final not in _FINALS:
        return False
    if final and nucleus in _OPEN_ONLY:
        return False
    if not final and nucleus in _NEEDS_FINAL:
        return False
    if final in ("nh", "ch") and vowels[-1] not in ("a", "ê", "i", "y"):
        return False
    if initial in ("k", "gh", "ngh") and vowels[0] not in _FRONT:
        return False
    if initial in ("c", "g", "ng") and vowels[0] in _FRONT and not (initial == "g" and vowels[0] == "i"):
        return False
    return True


def _words(text: str) -> list[str]:
    """The words of a text that could be legacy: non-ASCII, and not a lone symbol ("©", "§").
    The conversions never touch ASCII, so a text and its conversion split at the same places."""
    return [w for w in _SPLIT_RE.split(text) if not w.isascii() and (len(w) > 1 or w.isalpha())]


def _failing(text: str) -> int:
    """How many words of the text are not spelled like a Vietnamese syllable."""
    return sum(not _is_syllable(w) for w in _words(text))


def _failing_words(original: str, converted: str) -> tuple[int, int]:
    """Failing words before and after a conversion, over the same word positions."""
    before = after = 0
    for a, b in zip(_SPLIT_RE.split(original), _SPLIT_RE.split(converted), strict=False):
        if a.isascii() or (len(a) == 1 and not a.isalpha()):
            continue
        before += not _is_syllable(a)
        after += not _is_syllable(b)
    return before, after


def _candidates(text: str) -> bool:
    """Quick test: could this text be legacy at all? (ASCII only, or any character beyond
    Latin-1 such as "ư" or a combining mark, means it is Unicode.)"""
    if text.isascii():
        return False
    return all(ord(ch) <= 0xFF or ch in _NEUTRAL for ch in text)


def _scores(text: str) -> dict[str, tuple[int, int]]:
    """For each legacy encoding whose conversion changes the text: (failing words before,
    failing words after)."""
    out: dict[str, tuple[int, int]] = {}
    for name, decoder in (("tcvn3", _tcvn3_decode), ("vni", _vni_decode)):
        converted = decoder(text)
        if converted != text:
            out[name] = _failing_words(text, converted)
    return out


def _evidence(text: str, name: str) -> int:
    """Tie-break between the two encodings: characters only TCVN3 uses, or VNI's letter+code pairs."""
    if name == "tcvn3":
        return sum(ch in _TCVN3_ONLY for ch in text)
    return len(_VNI_PAIR_RE.findall(text))


def detect(text: str) -> Encoding:
    """"tcvn3" or "vni" when the text is clearly written in that legacy encoding, else "unicode"."""
    if not _candidates(text) or _failing(text) == 0:
        return "unicode"  # nothing reads wrong: a valid Vietnamese text is never touched
    better = [(after, -_evidence(text, name), name)
              for name, (before, after) in _scores(text).items() if after < before]
    return min(better)[2] if better else "unicode"  # type: ignore[return-value]


def to_unicode(text: str, hint: Encoding | None = None) -> str:
    """The text in Unicode (NFC): converted from TCVN3 or VNI when it is clearly legacy,
    otherwise returned unchanged.

    `hint` is the encoding the rest of the workbook is clearly in: then a cell that reads equally
    well both ways ("Ghi chó" is TCVN3 for "Ghi chú", but "chó" is also a word) is converted too,
    as long as the conversion does not make it read worse.
    """
    encoding = detect(text)
    if encoding == "unicode" and hint in ("tcvn3", "vni") and _candidates(text):
        before_after = _scores(text).get(hint)
        if before_after and before_after[1] <= before_after[0]:
            encoding = hint
    return decode(text, encoding)


def decode(text: str, encoding: Encoding) -> str:
    """Convert from a known encoding without guessing (a clerk who says "this file is VNI")."""
    if encoding == "tcvn3":
        return _tcvn3_decode(text)
    if encoding == "vni":
        return _vni_decode(text)
    return text


# --------------------------------------------------------------------------- the other way (tests, samples)

_VNI_CODE_FOR: dict[tuple[str, str], str] = {}
for _code, _tone in _VNI_TONES.items():
    _VNI_CODE_FOR[("", _tone)] = _code
for _code, _tone in _VNI_CIRCUMFLEX.items():
    _VNI_CODE_FOR[(_CIRCUMFLEX, _tone)] = _code
for _code, _tone in _VNI_BREVE.items():
    _VNI_CODE_FOR[(_BREVE, _tone)] = _code


def _vni_encode_char(ch: str) -> str:
    for code, letter in _VNI_SINGLE.items():
        if ch == letter:
            return code
        if ch == letter.upper():
            return code.upper()
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[0], parts[1:]
    if not marks or not base.isascii():
        return ch
    quality = next((m for m in marks if m in (_CIRCUMFLEX, _BREVE, _HORN)), "")
    tone = next((m for m in marks if m in _TONE_MARKS), "")
    if quality == _HORN:
        horned = {"o": "ô", "u": "ö"}[base.lower()]
        head = horned.upper() if base.isupper() else horned
        code = _VNI_CODE_FOR[("", tone)] if tone else ""
    else:
        head = base
        code = _VNI_CODE_FOR.get((quality, tone), "")
    return head + (code.upper() if base.isupper() else code)


def from_unicode(text: str, encoding: Encoding) -> str:
    """Write Unicode text in a legacy encoding, as an old office PC would have stored it.
    TCVN3 has no capital toned vowels: those become lower case, as with the .VnTime font."""
    text = _nfc(text)
    if encoding == "tcvn3":
        out = []
        for ch in text:
            if ch in _UNICODE_TO_TCVN3:
                out.append(_UNICODE_TO_TCVN3[ch])
            elif ch.lower() in _UNICODE_TO_TCVN3 and ch.lower() != ch:
                out.append(_UNICODE_TO_TCVN3[ch.lower()])
            else:
                out.append(ch)
        return "".join(out)
    if encoding == "vni":
        return "".join(_vni_encode_char(ch) if not ch.isascii() else ch for ch in text)
    return text
