"""A search that matches nothing is answered without walking the Đóng góp list (issue 22), and the probe
that decides it never drops a row: every list and first page equals the one computed without it."""

from __future__ import annotations

import dataclasses

from db.connection import Ledger
from desktop.core.ledger import lists
from desktop.core.ledger.lists import Query


def _texts(led: Ledger) -> list[str]:
    name, address = led.conn.execute(
        "SELECT p.name, p.address FROM contributions c JOIN contributors p ON p.id = c.contributor_id "
        "WHERE p.address <> '' LIMIT 1").fetchone()
    work = led.conn.execute("SELECT name FROM works LIMIT 1").fetchone()[0]
    evidence = led.conn.execute("SELECT evidence_no FROM contributions WHERE evidence_no <> '' LIMIT 1").fetchone()[0]
    digits = "".join(ch for ch in evidence if ch.isdigit())[-3:]
    return ["n", "ng", "nguyen van", name, name.split()[-1], address, address.split()[-1], work, work.split()[0],
            evidence, digits, f"{digits} {name.split()[-1]}", f"{digits} zzz", "zzz", "qxw nguyen", "9999999"]


def test_the_probe_changes_no_list(demo_ledger: Ledger) -> None:
    spec = lists.CONTRIBUTIONS
    plain = dataclasses.replace(spec, search_probe=None)
    for text in _texts(demo_ledger):
        for deleted in (False, True):
            q = Query(search=text, show_deleted=deleted)
            assert lists.run(demo_ledger, spec, q) == lists.run(demo_ledger, plain, q), text
            assert lists.first_page(demo_ledger, spec, q, 200) == lists.first_page(demo_ledger, plain, q, 200), text
    assert lists.run(demo_ledger, spec, Query(search=_texts(demo_ledger)[3])).ids  # the names do match


def test_a_text_found_nowhere_does_not_walk_the_list(demo_ledger: Ledger) -> None:
    statements: list[str] = []
    demo_ledger.conn.set_trace_callback(statements.append)
    try:
        assert lists.first_page(demo_ledger, lists.CONTRIBUTIONS, Query(search="zzz"), 200) == []
        result = lists.run(demo_ledger, lists.CONTRIBUTIONS, Query(search="zzz qxw"))
    finally:
        demo_ledger.conn.set_trace_callback(None)
    assert result.ids == [] and result.totals == {"value_vnd": 0} and result.matched == {}
    assert statements and not [s for s in statements if "FROM contributions c" in s], statements
