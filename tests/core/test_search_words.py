"""The search box: the words typed, in that order, begin consecutive words of ONE field; rows whose
name matches come before those matching only another field; the list says which field matched."""

from __future__ import annotations

import random

import pytest

from db.connection import Ledger
from desktop.core.ledger import contributions, contributors, groups, lists, search_words, works
from desktop.core.ledger.lists import Query
from desktop.core.text.vntext import fold


def _people(ledger: Ledger, rows: list[tuple[str, str]]) -> dict[str, int]:
    g = groups.add(ledger, {"name": "Tổ dân phố 1"})
    return {name: contributors.add(ledger, {"name": name, "kind": "ho", "group_id": g, "address": address})
            for name, address in rows}


def _names(ledger: Ledger, spec: lists.ListSpec, text: str) -> list[str]:
    ids = lists.run(ledger, spec, Query(search=text)).ids
    cells = lists.fetch(ledger, spec, ids)
    return [cells[i][0] for i in ids]


PEOPLE = [
    ("Nguyễn Văn An", "Số 5 Lê Lợi"),
    ("Nguyễn Vân Anh", ""),
    ("Văn Nguyễn", "Số 9 Trần Phú"),  # the words, but not in that order
    ("Bùi Văn Long", "hẻm 66 Nguyễn Trãi"),  # "nguyen" and "van" are in name and address apart
    ("Nguyễn Thị Văn", "Số 1 Hùng Vương"),  # in order, but not consecutive
    ("Trần Thị An", "Số 12 đường Nguyễn Văn Linh"),  # the address matches, the name does not
]


def test_nguyen_van_finds_nguyen_van_not_van_long_at_nguyen_trai(ledger: Ledger) -> None:
    _people(ledger, PEOPLE)
    found = _names(ledger, lists.CONTRIBUTORS, "nguyen van")
    assert "Bùi Văn Long" not in found and "Văn Nguyễn" not in found and "Nguyễn Thị Văn" not in found
    assert found == ["Nguyễn Văn An", "Nguyễn Vân Anh", "Trần Thị An"]  # the address match last


def test_words_are_prefixes_of_consecutive_words_in_order(ledger: Ledger) -> None:
    _people(ledger, PEOPLE)
    assert _names(ledger, lists.CONTRIBUTORS, "van a") == ["Nguyễn Văn An", "Nguyễn Vân Anh"]
    assert _names(ledger, lists.CONTRIBUTORS, "ng v")[:2] == ["Nguyễn Văn An", "Nguyễn Vân Anh"]
    assert _names(ledger, lists.CONTRIBUTORS, "van ng") == ["Văn Nguyễn"]
    assert _names(ledger, lists.CONTRIBUTORS, "Nguyễn Văn")[:2] == ["Nguyễn Văn An", "Nguyễn Vân Anh"]  # accents
    assert _names(ledger, lists.CONTRIBUTORS, "guyen") == []  # a word's beginning, not its middle
    assert _names(ledger, lists.CONTRIBUTORS, "long hem") == []  # not across name and address
    assert _names(ledger, lists.CONTRIBUTORS, "hem 66 ng") == ["Bùi Văn Long"]
    assert _names(ledger, lists.CONTRIBUTORS, "66") == ["Bùi Văn Long"]


def test_name_matches_come_before_address_matches_then_the_usual_order(ledger: Ledger) -> None:
    # Listed by given name, "Trần Thị An" comes before "Nguyễn Văn Bảo": searching "nguyen" it comes
    # after him, because only her address says Nguyễn.
    ids = _people(ledger, [("Trần Thị An", "hẻm 66 Nguyễn Trãi"), ("Nguyễn Văn Bảo", ""),
                           ("Lê Thị Cúc", "Số 3 Nguyễn Huệ"), ("Nguyễn Thị Dung", "")])
    assert _names(ledger, lists.CONTRIBUTORS, "") == ["Trần Thị An", "Nguyễn Văn Bảo", "Lê Thị Cúc",
                                                      "Nguyễn Thị Dung"]
    result = lists.run(ledger, lists.CONTRIBUTORS, Query(search="nguyen"))
    assert result.ids == [ids["Nguyễn Văn Bảo"], ids["Nguyễn Thị Dung"], ids["Trần Thị An"], ids["Lê Thị Cúc"]]
    assert result.matched == {"name": 2, "address": 2}
    assert lists.first_page(ledger, lists.CONTRIBUTORS, Query(search="nguyen"), 3) == result.ids[:3]
    assert search_words.describe(lists.CONTRIBUTORS.search, result.matched) == "2 khớp họ tên, 2 khớp địa chỉ"
    fields = lists.matched_fields(ledger, lists.CONTRIBUTORS, "nguyen", result.ids)
    assert [lists.CONTRIBUTORS.search[fields[i]].key for i in result.ids] == ["name", "name", "address", "address"]


def test_contributions_rank_person_then_address_then_work_then_number(ledger: Ledger) -> None:
    ids = _people(ledger, [("Nguyễn Văn Bảo", ""), ("Trần Thị An", "hẻm 66 Nguyễn Văn Cừ"), ("Lê Văn Tám", "")])
    work = works.add(ledger, {"name": "Đường Nguyễn Văn Cừ nối dài", "kind": "duong", "status": "chuan_bi"})
    dated = {}
    for day, who, extra in [(1, "Nguyễn Văn Bảo", {}), (2, "Trần Thị An", {}), (3, "Lê Văn Tám", {"work_id": work}),
                            (4, "Lê Văn Tám", {})]:
        dated[day] = contributions.add(ledger, {"contributor_id": ids[who], "date": f"0{day}/02/2026",
                                                "kind": "money", "quantity": "100.000", **extra})
    result = lists.run(ledger, lists.CONTRIBUTIONS, Query(search="nguyen van"))
    assert result.ids == [dated[1], dated[2], dated[3]]  # newest first within each, person before address
    assert result.matched == {"contributor": 1, "address": 1, "work": 1}
    assert lists.first_page(ledger, lists.CONTRIBUTIONS, Query(search="nguyen van"), 2) == result.ids[:2]
    cells = lists.fetch(ledger, lists.CONTRIBUTIONS, result.ids)
    assert cells[dated[2]][1] == "Trần Thị An"


@pytest.mark.parametrize("spec, field", [(lists.GROUPS, "leader"), (lists.WORKS, "name"),
                                         (lists.AUDIT, "summary"), (lists.RATES, "name")],
                         ids=lambda v: getattr(v, "table", v))
def test_every_list_matches_consecutive_words(ledger: Ledger, spec: lists.ListSpec, field: str) -> None:
    groups.add(ledger, {"name": "Tổ dân phố Bà Triệu", "leader": "Nguyễn Văn Hùng", "deputy": "Văn Thị Nguyệt"})
    works.add(ledger, {"name": "Mở rộng hẻm 77 đường Nguyễn Văn Hùng", "kind": "duong", "status": "chuan_bi"})
    ledger.db["rates"].insert({"kind": "land", "name": "Đất Nguyễn Văn Hùng", "price_vnd": 1, "unit": "m2",
                               "effective_date": "2026-01-01", "uuid": "r1"})
    ids = lists.run(ledger, spec, Query(search="nguyen van h")).ids
    assert ids
    ranks = lists.matched_fields(ledger, spec, "nguyen van h", ids)
    assert spec.search[ranks[ids[0]]].key == field
    assert lists.run(ledger, spec, Query(search="van nguyen")).ids == []


# --- the SQL against the rule written in Python --------------------------------------------------

TRICKY_NAMES = ["Nguyễn Văn An", "Nguyễn\u200bVăn Bình", "Lê Thị\u00ad Hoa", "Ngô  Văn   Tư", "Phạm Văn Ân",
                "Công ty TNHH Văn An", "Hộ ông Nguyễn Văn Nam (đại diện)", "Đỗ Thị N.", "Nguyen Van An", "Vân",
                "An \u200b Nguyễn", "Trần Văn\u0301 Lâm"]
ADDRESSES = ["", "Số 5 hẻm 66 Nguyễn Trãi", "5 Nguyễn Văn Linh", "Tổ 3, khu phố Văn Lâm", "Nguyễn", "an nam"]


def _reference(name: str, address: str, q: str) -> int | None:
    """The rule itself: 0 the name matches, 1 only the address, None neither."""
    qw = fold(q).split()

    def hit(text: str) -> bool:
        w = fold(text).split()
        return any(all(w[i + k].startswith(qw[k]) for k in range(len(qw))) for i in range(len(w) - len(qw) + 1))

    return 0 if hit(name) else 1 if hit(address) else None


def test_sql_follows_the_rule_on_awkward_names(ledger: Ledger) -> None:
    rng = random.Random(18)
    rows = [(n, a) for n in TRICKY_NAMES for a in ADDRESSES]
    g = groups.add(ledger, {"name": "Tổ 1"})
    ids = {contributors.add(ledger, {"name": n, "kind": "doanh_nghiep" if "ty" in n else "ho", "group_id": g,
                                     "address": a}): (n, a) for n, a in rows}
    stored = {rid: (r["name"], r["address"] or "") for rid, r in
              ((r["id"], r) for r in ledger.db["contributors"].rows)}
    vocabulary = sorted({w for n, a in rows for w in fold(f"{n} {a}").split()})
    queries = ["nguyen van", "van", "an", "ng v", "n", "v a", "van lam", "lam", "5", "nguyen", "tu", "hoa", "ty v"]
    for _ in range(60):
        k = rng.randint(1, 3)
        start = rng.randrange(len(vocabulary))
        queries.append(" ".join(w[:rng.randint(1, len(w))] for w in vocabulary[start:start + k]))
    for q in queries:
        result = lists.run(ledger, lists.CONTRIBUTORS, Query(search=q))
        ranks = lists.matched_fields(ledger, lists.CONTRIBUTORS, q, list(ids))
        want = {rid: _reference(*stored[rid], q) for rid in ids}
        assert set(result.ids) == {rid for rid, r in want.items() if r is not None}, q
        assert {rid: ranks.get(rid) for rid in ids} == want, q
        got = [want[rid] for rid in result.ids]
        assert got == sorted(got), q  # names first
        assert lists.first_page(ledger, lists.CONTRIBUTORS, Query(search=q), 7) == result.ids[:7], q


def test_head_part_does_not_join_name_and_address() -> None:
    assert search_words.head_part("bui van long hem 66", "Bùi Văn Long", "long hem") is None
    assert search_words.head_part("bui van long hem 66", "Bùi Văn Long", "van long") == 0
    assert search_words.head_part("long an long an", "Long An", "an long") is None
    assert search_words.head_part("long an long an", "Long An", "long an") == 0
    assert search_words.head_part("an \u200b nguyen x", "An \u200b Nguyễn", "x") == 1
    assert search_words.matches("nguyen van an", "ng v a") and not search_words.matches("nguyen van an", "v n")


def test_plain_names_fold_one_to_one_and_others_are_counted_by_folding() -> None:
    plain = "".join(chr(c) for r in ((0x20, 0x7f), (0xc0, 0x250), (0x1e00, 0x1f00)) for c in range(*r))
    assert all(len(fold(f"a{ch}a")) == 3 for ch in plain)  # what the SQL's length(name) relies on
    rng = random.Random(7)
    alphabet = "Nguyễn Văn Ân đ \u200b\u00ad\u0301\ufeff ㄱ한 x."
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        assert search_words._word_count(text) == len(fold(text).split()), repr(text)
