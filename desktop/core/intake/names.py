"""Names typed without their accents ("pham van duc" for Phạm Văn Đức).

Such a name must not go into the register (and onto the public notice) as typed: the import asks
the clerk first (importplan.NameCheck). A name is taken as typed without accents when it has two
words or more, every letter is plain ASCII, and at least one word is not a syllable Vietnamese
writes without any mark. "Mai Lan Anh", "Kim Minh Long" are written correctly without marks and are
not flagged; "Nguyen", "Van", "Thi", "Duc" always carry marks in a name (Nguyễn, Văn, Thị, Đức), so a
name with one of them is. Foreign or company names in plain letters ("ABC Co") are flagged too: the
clerk confirms them as typed.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Syllables that are correct names with no mark at all (given names, and the few surnames written so).
# Left out on purpose: "thi", "van", "ha", "le", "hoang" — in a name they are nearly always Thị, Văn, Hà,
# Lê, Hoàng, so their plain form is the sign of a name typed without accents.
PLAIN_SYLLABLES = frozenset({
    # surnames
    "cao", "chu", "chung", "cung", "giang", "kha", "kim", "la", "lai", "lam", "ma", "mai", "ninh", "phan", "phi",
    "quan", "ung",
    # middle and given names
    "an", "anh", "ca", "chi", "chinh", "dung", "duy", "gia", "giao", "hoa", "hoan", "huy", "khai", "khang", "khanh",
    "khoa", "lan", "linh", "loan", "long", "minh", "na", "nam", "nga", "nghi", "nhan", "nhi", "oanh", "phong",
    "quang", "sang", "sinh", "thanh", "thoa", "thu", "trang", "trinh", "trung", "uy", "vinh", "vy", "y",
})

_WORD_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=16384)  # the same names repeat on many rows
def typed_without_accents(name: str) -> bool:
    """True for "pham van duc", "NGUYEN THI LAN"; False for "Phạm Văn Đức", "Mai Lan Anh", "Nguyễn"."""
    if not name.isascii():
        return False
    words = [w.lower() for w in _WORD_RE.findall(name)]
    return len(words) >= 2 and any(w not in PLAIN_SYLLABLES for w in words)
