"""Lists: accent-insensitive search, filters, Vietnamese order, totals of the visible rows."""

from __future__ import annotations

import pytest

from db.connection import Ledger
from desktop.core.ledger import contributions, contributors, groups, lists, search_words
from desktop.core.ledger.lists import Query


def _names(ledger: Ledger, spec: lists.ListSpec, q: Query, col: int = 0) -> list[str]:
    ids = lists.run(ledger, spec, q).ids
    cells = lists.fetch(ledger, spec, ids)
    return [cells[i][col] for i in ids]


def test_search_ignores_accents_and_case(ledger: Ledger) -> None:
    g = groups.add(ledger, {"name": "Tổ dân phố 1"})
    for name in ("Nguyễn Văn An", "Đặng Thị Đào", "Trần Văn Dũng"):
        contributors.add(ledger, {"name": name, "kind": "ho", "group_id": g})
    assert _names(ledger, lists.CONTRIBUTORS, Query(search="nguyen van")) == ["Nguyễn Văn An"]
    assert set(_names(ledger, lists.CONTRIBUTORS, Query(search="d"))) == {"Đặng Thị Đào", "Trần Văn Dũng"}
    assert _names(ledger, lists.CONTRIBUTORS, Query(search="ĐÀO")) == ["Đặng Thị Đào"]
    assert _names(ledger, lists.CONTRIBUTORS, Query(search="van dung")) == ["Trần Văn Dũng"]
    assert _names(ledger, lists.CONTRIBUTORS, Query(search="không có ai")) == []


def test_people_sorted_by_given_name_in_vietnamese_order(ledger: Ledger) -> None:
    g = groups.add(ledger, {"name": "Tổ dân phố 1"})
    for name in ("Trần Văn Đức", "Nguyễn Thị Dung", "Lê Văn An", "Phạm Thị Ánh", "Hồ Văn Ân"):
        contributors.add(ledger, {"name": name, "kind": "ho", "group_id": g})
    assert _names(ledger, lists.CONTRIBUTORS, Query()) == [
        "Lê Văn An", "Phạm Thị Ánh", "Hồ Văn Ân", "Nguyễn Thị Dung", "Trần Văn Đức"]
    desc = _names(ledger, lists.CONTRIBUTORS, Query(sort="name", descending=True))
    assert desc[0] == "Trần Văn Đức"


def test_groups_sorted_naturally(ledger: Ledger) -> None:
    for n in (10, 2, 1, 21, 3):
        groups.add(ledger, {"name": f"Tổ dân phố {n}"})
    assert _names(ledger, lists.GROUPS, Query()) == [f"Tổ dân phố {n}" for n in (1, 2, 3, 10, 21)]


def test_contribution_filters_and_totals(ledger: Ledger) -> None:
    g1 = groups.add(ledger, {"name": "Tổ dân phố 1"})
    g2 = groups.add(ledger, {"name": "Tổ dân phố 2"})
    a = contributors.add(ledger, {"name": "Nguyễn Văn An", "kind": "ho", "group_id": g1})
    b = contributors.add(ledger, {"name": "Lê Thị Bé", "kind": "ho", "group_id": g2})
    contributions.add(ledger, {"contributor_id": a, "date": "01/02/2026", "kind": "money", "quantity": "1.000.000"})
    contributions.add(ledger, {"contributor_id": a, "date": "01/08/2026", "kind": "money", "quantity": "2.000.000"})
    gone = contributions.add(ledger, {"contributor_id": b, "date": "01/02/2026", "kind": "money",
                                      "quantity": "4.000.000"})
    contributions.add(ledger, {"contributor_id": b, "date": "02/02/2026", "kind": "labour", "quantity": "2"})
    contributions.delete(ledger, gone)
    everything = lists.run(ledger, lists.CONTRIBUTIONS, Query())
    assert len(everything.ids) == 3 and everything.totals["value_vnd"] == 3_500_000
    h1 = lists.run(ledger, lists.CONTRIBUTIONS, Query(filters={"period": ("2026-01-01", "2026-06-30")}))
    assert len(h1.ids) == 2 and h1.totals["value_vnd"] == 1_500_000
    g2_money = lists.run(ledger, lists.CONTRIBUTIONS, Query(filters={"group_id": g2, "kind": "money"}))
    assert g2_money.ids == []
    deleted = lists.run(ledger, lists.CONTRIBUTIONS, Query(show_deleted=True))
    assert deleted.ids == [gone]
    cells = lists.fetch(ledger, lists.CONTRIBUTIONS, everything.ids)
    assert cells[everything.ids[0]][0] == "01/08/2026"  # newest first, dd/mm/yyyy
    assert "1.000.000" in [c[6] for c in cells.values()]


def test_audit_list_search(ledger: Ledger) -> None:
    groups.add(ledger, {"name": "Tổ dân phố Bà Triệu"})
    hits = lists.run(ledger, lists.AUDIT, Query(search="ba trieu"))
    assert len(hits.ids) == 1


@pytest.mark.parametrize("q", [
    Query(), Query(search="nguyen"), Query(search="nguyen van"), Query(search="bb"),
    Query(filters={"kind": "land"}), Query(sort="value_vnd", descending=True), Query(sort="contributor"),
    Query(search="to 1", filters={"status": "received"}),
], ids=repr)
def test_first_page_is_the_head_of_the_full_list(demo_ledger: Ledger, q: Query) -> None:
    full = lists.run(demo_ledger, lists.CONTRIBUTIONS, q).ids
    assert lists.first_page(demo_ledger, lists.CONTRIBUTIONS, q, 50) == full[:50]


def test_evidence_numbers_are_searched_by_words_with_a_digit(ledger: Ledger) -> None:
    g = groups.add(ledger, {"name": "Tổ dân phố 1"})
    a = contributors.add(ledger, {"name": "Nguyễn Văn An", "kind": "ho", "group_id": g})
    kept = contributions.add(ledger, {"contributor_id": a, "date": "01/02/2026", "kind": "money",
                                      "quantity": "1.000.000", "evidence_no": "BB-017/2026"})
    contributions.add(ledger, {"contributor_id": a, "date": "02/02/2026", "kind": "money", "quantity": "5.000"})
    assert lists.run(ledger, lists.CONTRIBUTIONS, Query(search="bb-017")).ids == [kept]
    assert lists.run(ledger, lists.CONTRIBUTIONS, Query(search="017/2026 an")).ids == [kept]
    assert len(lists.run(ledger, lists.CONTRIBUTIONS, Query(search="nguyen")).ids) == 2


def test_contribution_search_walks_the_list_index_without_sorting(demo_ledger: Ledger) -> None:
    """A search's first page stops after PAGE matches found newest-first: no sort of every match."""
    search_words.install(demo_ledger.conn)
    for q in (Query(search="nguyen van"), Query(search="bb-01 nguyen"), Query(filters={"group_id": 1})):
        where, args = lists._where(lists.CONTRIBUTIONS, q)
        plan = " | ".join(r[3] for r in demo_ledger.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT c.id FROM contributions c WHERE {where} "
            f"ORDER BY {lists._order(lists.CONTRIBUTIONS, q)} LIMIT 200", args))
        assert "TEMP B-TREE" not in plan, plan
        assert "idx_contributions_list" in plan or "idx_contributions_group_id_date" in plan, plan


def test_an_outdated_list_query_is_abandoned_midway(demo_ledger: Ledger) -> None:
    calls = {"n": 0}

    def outdated() -> bool:  # replaced by a newer keystroke once the query has started
        calls["n"] += 1
        return calls["n"] > 1

    job = lists.unless_outdated(lists.run, outdated, steps=100)
    slow = Query(sort="contributor")  # a sort through a subquery: many VM steps
    assert job(demo_ledger, lists.CONTRIBUTIONS, slow) is None
    assert calls["n"] > 1  # the progress handler asked while the statement ran
    current = lists.unless_outdated(lists.run, lambda: False)(demo_ledger, lists.CONTRIBUTIONS, slow)
    assert current.ids == lists.run(demo_ledger, lists.CONTRIBUTIONS, slow).ids
    # the handler is removed afterwards: later statements on the connection are not interrupted
    assert demo_ledger.conn.execute("SELECT count(*) FROM contributions").fetchone()[0] > 0
