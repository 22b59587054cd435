"""Vietnamese number and date formatting/parsing.

Vietnamese writes "." for thousands and "," for decimals (1.234.567,5) and
dates day-first (14/06/2026).  Parsers are lenient about what a clerk types
and raise ``ValueError`` with a Vietnamese message the UI can show as is.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, localcontext

__all__ = [
    "date_words",
    "format_date",
    "format_decimal",
    "format_int",
    "format_vnd",
    "format_vnd_unit",
    "parse_date",
    "parse_int_vnd",
    "parse_number",
]


# --------------------------------------------------------------------------- numbers


def _group(digits: str) -> str:
    """Insert "." every three digits from the right: "1234567" -> "1.234.567"."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def _as_int(n: int | float) -> int:
    # SQLite or arithmetic may hand us 1500000.0; accept it only if whole so a
    # fractional amount is never silently truncated.
    if isinstance(n, bool):
        raise TypeError(f"Cần một số nguyên, nhận được {n!r}")
    if isinstance(n, int):
        return n
    if isinstance(n, float | Decimal) and math.isfinite(n) and n == int(n):
        return int(n)
    raise TypeError(f"Cần một số nguyên, nhận được {n!r}")


def format_int(n: int) -> str:
    """Format an integer Vietnamese style: 1234567 -> "1.234.567"."""
    value = _as_int(n)
    sign = "-" if value < 0 else ""
    return sign + _group(str(abs(value)))


def format_vnd(n: int) -> str:
    """Format an amount of money (whole đồng) without unit: "1.234.567"."""
    return format_int(n)


def format_vnd_unit(n: int) -> str:
    """Format an amount of money with its unit: "1.234.567 đ"."""
    return f"{format_int(n)} đ"


def format_decimal(x: float, places: int = 1, *, trim: bool = False) -> str:
    """Format a number with ``places`` decimals: 1234.5 -> "1.234,5".

    Rounds half away from zero.  With ``trim=True`` trailing zeros and a
    dangling comma are dropped (12.0 -> "12", 12.50 -> "12,5").
    """
    if places < 0:
        raise ValueError("places phải >= 0")
    if type(x) is float and math.isfinite(x):
        # Fast path (a report formats thousands of areas): a float whose shortest repr has no more
        # decimals than asked needs no rounding, so the Decimal route below would give the same text.
        text = repr(x)
        int_part, _, frac_part = text.lstrip("-").partition(".")
        if "e" not in text and len(frac_part) <= places:
            frac_part = frac_part.ljust(places, "0")
            if trim:
                frac_part = frac_part.rstrip("0")
            result = ("-" if x < 0 else "") + _group(int_part)
            return f"{result},{frac_part}" if frac_part else result
    if isinstance(x, Decimal):
        value = x
    elif isinstance(x, int):
        value = Decimal(x)
    else:
        # repr() gives the shortest decimal that round-trips, so 0.15 rounds
        # to 0.2 as a person expects rather than following the binary value
        # 0.1499999....
        value = Decimal(repr(float(x)))
    if not value.is_finite():
        raise ValueError(f"Không định dạng được số {x!r}")
    # Enough precision for any float (up to ~1e308) plus the decimals.
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + places + 5)
        rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):f}"
    int_part, _, frac_part = text.partition(".")
    if trim:
        frac_part = frac_part.rstrip("0")
    # Avoid "-0,0" when a tiny negative number rounds to zero.
    sign = "-" if rounded < 0 else ""
    result = sign + _group(int_part)
    return f"{result},{frac_part}" if frac_part else result


# Units a clerk may type after a number.  Matched on lower-cased NFKC text,
# which has already turned "m²" into "m2".
_UNIT_RE = re.compile(r"\s*(?:đồng|dong|vnđ|vnd|đ|d|₫|m2)$")
_NUMBER_CHARS_RE = re.compile(r"[0-9][0-9., ]*|[.,][0-9][0-9., ]*")
# One comma before exactly three digits: 1,5 to a Vietnamese reader, 1500 to an English one (1000× apart).
_AMBIGUOUS_COMMA_RE = re.compile(r"[1-9][0-9]{0,2},[0-9]{3}")


def _number_error(text: object) -> ValueError:
    return ValueError(f'Không đọc được số "{text}"')


def _thousands_ok(int_part: str, sep: str) -> bool:
    """True if ``int_part`` is digit groups "1.234.567" with ``sep`` between."""
    groups = int_part.split(sep)
    first, rest = groups[0], groups[1:]
    return (
        1 <= len(first) <= 3
        and first.isdigit()
        and not (first.startswith("0") and rest)
        and all(len(g) == 3 and g.isdigit() for g in rest)
    )


def _split_body(body: str) -> tuple[str, str] | None:
    """Split the digits-and-separators part into (integer digits, fraction digits).

    Returns None when the separators do not follow any rule (ambiguous or
    malformed input).
    """
    if body[0] in ".,":
        body = "0" + body  # ",5" / ".5" -> 0,5
    has_space, has_dot, has_comma = " " in body, "." in body, "," in body

    if has_space:
        # Spaces are thousands separators ("1 500 000"); a "," or a "." may
        # then only be the decimal separator, and not both.
        if has_dot and has_comma:
            return None
        dec = "," if has_comma else "." if has_dot else ""
        int_part, frac = body.split(dec, 1) if dec else (body, "")
        if dec and (dec in frac or not frac.isdigit()):
            return None
        if dec == "." and len(frac) > 2:
            return None  # "1 500.000" has no sensible reading
        if not _thousands_ok(int_part, " "):
            return None
        return int_part.replace(" ", ""), frac

    if has_dot and has_comma:
        # Both present: the last one is the decimal separator, the other one
        # groups thousands ("1.234,5" and the English "1,234.5").
        dec = "," if body.rfind(",") > body.rfind(".") else "."
        thou = "." if dec == "," else ","
        int_part, _, frac = body.rpartition(dec)
        if dec in int_part or not frac.isdigit() or not _thousands_ok(int_part, thou):
            return None
        return int_part.replace(thou, ""), frac

    if has_comma:
        if body.count(",") == 1:
            # A single comma is the decimal comma (Vietnamese convention);
            # "1,500" never gets here (refused as ambiguous in _parse_decimal).
            int_part, _, frac = body.partition(",")
            return (int_part, frac) if int_part.isdigit() and frac.isdigit() else None
        # Several commas can only be English thousands ("1,500,000").
        return (body.replace(",", ""), "") if _thousands_ok(body, ",") else None

    if has_dot:
        if body.count(".") > 1 or _thousands_ok(body, "."):
            # "1.500" and "1.500.000" are thousands-separated.
            return (body.replace(".", ""), "") if _thousands_ok(body, ".") else None
        int_part, _, frac = body.partition(".")
        if not (int_part.isdigit() and frac.isdigit()):
            return None
        # A single dot followed by 1-2 digits is an English decimal point
        # ("12.5"); "0.xxx" cannot be thousands either.  "1234.567" is
        # ambiguous and rejected.
        if len(frac) <= 2 or int_part.strip("0") == "":
            return int_part, frac
        return None

    return (body, "") if body.isdigit() else None


def _parse_decimal(text: str | int | float | Decimal) -> Decimal:
    """Parse like :func:`parse_number` but return an exact ``Decimal``."""
    if isinstance(text, bool):
        raise _number_error(text)
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float | Decimal):
        if not math.isfinite(text):
            raise _number_error(text)
        return Decimal(repr(text)) if isinstance(text, float) else text
    if not isinstance(text, str):
        raise _number_error(text)

    # NFKC: full-width digits -> ASCII, "m²" -> "m2", no-break spaces -> " ".
    s = unicodedata.normalize("NFKC", text).lower()
    s = re.sub(r"\s+", " ", s).strip()
    s = _UNIT_RE.sub("", s).strip()
    negative = False
    if s[:1] in ("-", "\u2212"):  # ASCII hyphen-minus or the Unicode minus sign
        negative = True
        s = s[1:].lstrip()
    if not s or not _NUMBER_CHARS_RE.fullmatch(s):
        raise _number_error(text)
    if _AMBIGUOUS_COMMA_RE.fullmatch(s):
        head, _, tail = s.partition(",")
        raise ValueError(f'Không đọc được số "{text}": chưa rõ là {head},{tail.rstrip("0") or "0"} hay {head}.{tail}. '
                         "Ghi dấu phẩy cho phần lẻ (1,5) và dấu chấm cho hàng nghìn (1.500).")
    parts = _split_body(s.rstrip())
    if parts is None:
        raise _number_error(text)
    int_part, frac = parts
    value = Decimal(f"{int_part}.{frac}" if frac else int_part)
    return -value if negative and value else value


def parse_number(text: str | int | float) -> float:
    """Parse a number typed the Vietnamese (or English) way.

    Accepts "1.500.000", "1500000", "12,5", "1.234,5", "1 500 000",
    "1.500.000 đ", "1.500.000 đồng", "1.500.000 VNĐ", "12,5 m2", "12,5m²",
    a leading "-".  Rules for ambiguous separators:

    * only dots, every group after the first exactly 3 digits: thousands
      ("1.500" -> 1500);
    * a single dot followed by 1-2 digits: English decimal point ("12.5");
    * a single comma is the decimal comma ("12,5"), the Vietnamese
      convention, except before exactly three digits ("1,500"): 1,5 to a
      Vietnamese reader and 1500 to an English one, so it is refused by name;
      several commas with 3-digit groups are English thousands ("1,500,000");
    * both "." and ",": the last one is the decimal separator.

    Anything else raises ``ValueError`` with a Vietnamese message.
    """
    value = float(_parse_decimal(text))
    if not math.isfinite(value):
        raise _number_error(text)
    return value + 0.0  # turn -0.0 into 0.0


def parse_int_vnd(text: str | int | float) -> int:
    """Parse an amount of money; it must be a whole number of đồng."""
    value = _parse_decimal(text)
    if value != value.to_integral_value():
        raise ValueError(f'Số tiền phải là số nguyên đồng: "{text}"')
    return int(value)


# --------------------------------------------------------------------------- dates

_DATE_HINT = "(nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2026)"
# Day first, same separator twice: 14/06/2026, 4-6-26, 4.6.2026.
_DMY_RE = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})")
# Year first (ISO and its slash/dot variants), optionally followed by a time.
_YMD_RE = re.compile(r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
# The form produced by date_words(): "ngày 14 tháng 6 năm 2026".
_WORDS_RE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def _date_error(text: object) -> ValueError:
    return ValueError(f'Ngày không hợp lệ: "{text}" {_DATE_HINT}')


def parse_date(text: str | datetime.date | datetime.datetime) -> datetime.date:
    """Parse a date, day first: "14/06/2026", "4/6/26", "4.6.2026", "2026-06-14".

    Two-digit years 00-69 mean 20xx and 70-99 mean 19xx.  Raises
    ``ValueError`` with a Vietnamese message for anything invalid.
    """
    if isinstance(text, datetime.datetime):
        return text.date()
    if isinstance(text, datetime.date):
        return text
    if not isinstance(text, str):
        raise _date_error(text)
    s = unicodedata.normalize("NFC", text).strip()
    if m := _YMD_RE.fullmatch(s):
        year, month, day = int(m[1]), int(m[3]), int(m[4])
    elif m := _DMY_RE.fullmatch(s):
        day, month, year = int(m[1]), int(m[3]), int(m[4])
        if len(m[4]) == 2:
            year += 2000 if year < 70 else 1900
    elif m := _WORDS_RE.fullmatch(s.lower()):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        raise _date_error(text)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise _date_error(text) from None


def format_date(d: datetime.date | str | None) -> str:
    """Format a date (or ISO string) as "dd/mm/yyyy"; None or "" gives ""."""
    if d is None or (isinstance(d, str) and not d.strip()):
        return ""
    day = parse_date(d)
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def date_words(d: datetime.date) -> str:
    """Write a date in words for documents: "ngày 14 tháng 6 năm 2026".

    Follows Nghị định 30/2020/NĐ-CP: a leading zero for days below 10 and for
    months 1 and 2 ("ngày 05 tháng 02 năm 2026", "ngày 09 tháng 3 năm 2026").
    """
    day = parse_date(d)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
