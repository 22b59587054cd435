"""db.text.fold (issue 22): decided per character once (a look-up table) instead of twice per character, and still
exactly the key the ledger's search and sort columns were written with."""

from __future__ import annotations

import random
import unicodedata

from db.text import fold


def _fold_as_before(text: str) -> str:
    """fold as it was written before the table: the key stored in every ledger's search and sort_key columns."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    kept = "".join({"đ": "d", "ð": "d"}.get(ch, ch) for ch in decomposed
                   if not unicodedata.category(ch).startswith("M")
                   and not (unicodedata.category(ch) in ("Cc", "Cf") and not ch.isspace()))
    return " ".join(kept.split())


def test_fold_gives_the_keys_it_gave_before() -> None:
    rnd = random.Random(22)
    vietnamese = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    alphabet = vietnamese + vietnamese.upper() + " \t\n\u200b\u00ad\ufeff\u0301\u0323Ðð0123456789.,-'\"" + "ﬁ½²"
    samples = ["  Nguyễn  Văn ĐỨC ", "Trần Thị Ánh\u200b", "Nguyê\u0303n", "", "   "]
    samples += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(3000)]
    # …and every character of the Basic Multilingual Plane, alone and between letters
    samples += [chr(c) for c in range(0, 0x10000) if not 0xD800 <= c <= 0xDFFF]
    samples += [f"a{chr(c)}b" for c in range(0, 0x3000, 7)]
    assert [fold(s) for s in samples] == [_fold_as_before(s) for s in samples]
    assert fold("  Nguyễn  Văn ĐỨC ") == "nguyen van duc"
