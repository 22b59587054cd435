"""Amounts of money as people write them, read exactly into whole đồng, or refused by name.

Read: "1.500.000", "1 500 000", "1,500,000", "500,000 VND", "1.500.000 đ", "1.500.000,00", "500k", "500K",
"2tr", "2 Tr", "3 tỷ", "3 tỉ", "500 nghìn", "500 ngàn", "5 trăm nghìn", "5 chục nghìn", "1 tỷ 200 triệu",
"1,5 triệu", "1.5tr", "2tr5" (2.500.000), "1tr250" (1.250.000), "2 triệu rưỡi", with or without spaces, with
"đ", "đồng", "VND", "VNĐ", "₫" at the end, accents optional ("trieu", "nghin", "ty").

Decided (and said in the guide, "Cách ghi số tiền"):
* A đồng has no decimals, so a single "," followed by exactly three digits and nothing else ("500,000",
  "1,500") is the English thousands comma: 500.000 and 1.500 đồng. The Vietnamese reading ("five hundred
  comma zero zero zero") would be the same number written with three useless zeros, which nobody does.
* Before a word ("1,500 triệu") that comma is ambiguous (1,5 triệu or 1.500 triệu): refused, with both readings.
  A "." followed by three digits is the Vietnamese thousands dot everywhere ("1.500 triệu" = 1,5 tỷ), as the
  press writes it; a "." followed by one or two digits is a decimal point ("1.5 triệu").
* A bare number after the last word is the next digit(s): "2tr5" = 2.500.000, "2k5" = 2.500, "1tr250" =
  1.250.000. Two digits ("2tr50") are refused: 2.500.000 or 2.050.000?
* "1e6" (scientific notation) is refused: nobody writes money that way by hand; a cell that shows it is a
  number cell and arrives as a number.
* Fractions of a đồng are refused ("12,5", "1,2345678 nghìn").
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from desktop.core.text.vnformat import _split_body, format_decimal, format_int
from desktop.core.text.vntext import fold

__all__ = ["SCALE_WORDS", "parse_money", "is_scale_word"]

# Folded word → how many đồng one of it is. "tr" and "k" are the abbreviations people type.
SCALE_WORDS: dict[str, int] = {
    "chuc": 10, "tram": 100, "nghin": 1_000, "ngan": 1_000, "k": 1_000,
    "trieu": 1_000_000, "tr": 1_000_000, "ty": 1_000_000_000, "ti": 1_000_000_000,
}
_HALF = "ruoi"  # "rưỡi"/"rưởi": and a half of the word before ("2 triệu rưỡi" = 2.500.000)
_CURRENCY_RE = re.compile(r"(?:dong|vnd|d|₫)\s*$")
_LETTERS_RE = re.compile(r"[a-z]*$")
_TOKEN_RE = re.compile(r"\d[\d.,\s]*\d|\d|[a-z]+|\S")
_ASCII_PLAIN_RE = re.compile(r"\d[\d.,]*")
_PLAIN_RE = re.compile(r"[-+]?\s*\d[\d.,\s]*")
_SCIENTIFIC_RE = re.compile(r"[-+]?\d+(?:[.,]\d+)?e[-+]?\d+")
_HINT = "ghi ví dụ 1.500.000, 500 nghìn, 2 triệu hoặc 1 tỷ 200 triệu"


def is_scale_word(word: str) -> bool:
    """Is this (folded, lower-case) word one of nghìn/k, trăm, triệu/tr, tỷ…?"""
    return word in SCALE_WORDS or word == _HALF


def _bad(text: str, why: str) -> ValueError:
    return ValueError(f"\"{text}\" {why}")


def _dong(value: Decimal, text: str) -> int:
    if value != value.to_integral_value():
        return _fraction(value, text)
    return int(value)


def _fraction(value: Decimal, text: str) -> int:
    read = format_decimal(float(value), 4, trim=True)
    raise ValueError(f"số tiền \"{text}\" phải là số nguyên đồng. Đọc được {read} đồng; hãy {_HINT}.")


def _number(body: str, text: str, *, before_word: bool) -> Decimal:
    """One number of the amount: "1.500.000", "1,5", "500,000" (see the module docstring for the commas)."""
    body = body.strip()
    if body.count(",") == 1 and "." not in body and " " not in body:
        head, _, tail = body.partition(",")
        if len(tail) == 3 and head.isdigit() and tail.isdigit() and 1 <= len(head) <= 3 and head[0] != "0":
            if before_word:
                raise _bad(text, f"chưa rõ: {head},{tail} là {head},{tail.rstrip('0') or '0'} hay "
                                 f"{head}.{tail}? Ghi dấu phẩy cho phần lẻ (1,5 triệu) hoặc dấu chấm cho hàng "
                                 "nghìn (1.500 triệu).")
            return Decimal(head + tail)  # "500,000": the English thousands comma
    parts = _split_body(body) if body else None
    if parts is None:
        raise _bad(text, f"không đọc được thành số tiền ({_HINT}).")
    whole, frac = parts
    return Decimal(f"{whole}.{frac}" if frac else whole)


def parse_money(value: str | int | float | Decimal) -> int:
    """An amount of money in whole đồng, read as the person meant it; ValueError with a Vietnamese message
    that quotes what was typed otherwise (see the module docstring)."""
    if isinstance(value, bool):
        raise _bad(str(value), f"không phải số tiền ({_HINT}).")
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if not math.isfinite(value):
            raise _bad(str(value), f"không phải số tiền ({_HINT}).")
        exact = Decimal(repr(value)) if isinstance(value, float) else value
        return _dong(exact, format_decimal(float(value), 4, trim=True))
    return _parse_text(str(value))


@lru_cache(maxsize=65536)
def _parse_text(text: str) -> int:
    """parse_money of a text; cached, as a workbook repeats the same few amounts ("500.000") many times."""
    if _ASCII_PLAIN_RE.fullmatch(text):  # the fast path: "1.500.000", "500000", "1,500,000"
        return _dong(_number(text, text, before_word=False), text)
    s = " ".join(fold(unicodedata.normalize("NFKC", text)).split())  # folded: "2 Triệu" → "2 trieu"
    s = _strip_currency(s)
    if s[:1] in "-\u2212" and s:
        return -_parse_text(text.replace("\u2212", "-").replace("-", "", 1))
    if not s:
        raise _bad(text, f"không có số tiền ({_HINT}).")
    if _PLAIN_RE.fullmatch(s):  # the fast path: digits and separators only
        return _dong(_number(s.lstrip("+"), text, before_word=False), text)
    if _SCIENTIFIC_RE.fullmatch(s):
        raise _bad(text, "là số viết dạng lũy thừa; hãy ghi số đầy đủ (ví dụ 1.000.000 hoặc 1 triệu).")
    return _words(_TOKEN_RE.findall(s), text)


def _strip_currency(s: str) -> str:
    """ "500.000 đ" → "500.000", "500kđ" → "500k"; not the "d" of "usd" (refused as a word of its own)."""
    m = _CURRENCY_RE.search(s)
    if not m:
        return s
    head = s[:m.start()]
    letters = _LETTERS_RE.search(head)
    word = letters.group(0) if letters else ""
    return head.rstrip() if not word or word in SCALE_WORDS else s


def _words(tokens: list[str], text: str) -> int:
    """ "1 tỷ 200 triệu", "5 trăm nghìn", "2tr5", "2 triệu rưỡi": groups of a number and its words, biggest
    first, each smaller than the word before it."""
    total = Decimal(0)
    last_scale: int | None = None  # the word(s) of the previous group, multiplied
    last_whole = True
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if not tok[0].isdigit():
            if tok == _HALF and last_scale and last_whole and i == n - 1:
                return _dong(total + Decimal(last_scale) / 2, text)
            raise _unknown(tok, text)
        j = i + 1
        scales: list[int] = []
        while j < n and tokens[j] in SCALE_WORDS:
            scales.append(SCALE_WORDS[tokens[j]])
            j += 1
        if not scales:
            if last_scale is None or j < n:
                raise _unknown(tokens[j] if j < n else tok, text)
            return _dong(total + _trailing(tok, last_scale, last_whole, total, text), text)
        if any(b <= a for a, b in zip(scales, scales[1:], strict=False)):
            raise _bad(text, f"có chữ số tiền sai thứ tự ({_HINT}).")
        scale = math.prod(scales)
        number = _number(tok, text, before_word=True)
        part = number * scale
        if last_scale is not None and (scale >= last_scale or part >= last_scale):
            raise _bad(text, f"có phần sau lớn hơn phần trước ({_HINT}).")
        if last_scale is not None and last_scale >= 1_000_000 and scale < 1_000:
            # "1 triệu 2 trăm": said aloud it means 1.200.000, written out 1.000.200.
            raise _bad(text, "chưa rõ: \"trăm\" sau triệu/tỷ là trăm đồng hay trăm nghìn? Ghi đủ, ví dụ "
                             "1 triệu 200 nghìn hoặc 1.000.200.")
        total += part
        last_scale, last_whole = scale, number == number.to_integral_value()
        i = j
    return _dong(total, text)


def _trailing(digits: str, scale: int, whole: bool, total: Decimal, text: str) -> Decimal:
    """The digits after the last word: the next digit ("2tr5" = 2 triệu 5 trăm nghìn) or the next three
    ("1tr250" = 1 triệu 250 nghìn)."""
    if not (digits.isdigit() and whole and scale >= 100 and (len(digits) == 1 or (len(digits) == 3 and
                                                                                  scale >= 1_000))):
        if digits.isdigit() and len(digits) == 2 and whole and scale >= 1_000:
            a, b = int(total) + int(digits) * scale // 100, int(total) + int(digits) * scale // 1_000
            raise _bad(text, f"chưa rõ: {digits} sau chữ cuối là {format_int(a)} hay {format_int(b)} đồng? "
                             "Ghi đủ, ví dụ 2 triệu 500 nghìn hoặc 2.050.000.")
        raise _bad(text, f"không đọc được phần số cuối \"{digits}\" ({_HINT}).")
    return Decimal(int(digits) * scale) / (10 ** len(digits))


def _unknown(token: str, text: str) -> ValueError:
    # The word as it was typed ("củ", not the folded "cu").
    token = next((w for w in re.findall(r"[^\W\d_]+", text) if fold(w) == token), token)
    if is_scale_word(fold(token)):
        return _bad(text, f"thiếu số trước chữ \"{token}\" ({_HINT}).")
    if token.isalpha() and not any(ch.isdigit() for ch in text):
        return _bad(text, f"không phải số tiền ({_HINT}).")
    if token.isalpha():
        return _bad(text, f"có chữ \"{token}\" không phải đơn vị tiền (số tiền ghi bằng số, có thể kèm nghìn/k, "
                          "trăm, triệu/tr, tỷ và đ, đồng, VND).")
    return _bad(text, f"không đọc được thành số tiền ({_HINT}).")
