"""The demo ledger: sizes, determinism, consistency with the services, refusal of a non-empty ledger."""

from __future__ import annotations

import datetime as dt
import time
import unicodedata

import pytest

from db.connection import open_ledger
from desktop.core.demo.builder import build_demo
from desktop.core.demo.wards import LARGE, SMALL
from desktop.core.errors import UserError
from desktop.core.ledger import contributions, contributors, groups, integrity, works
from desktop.core.ledger.setup import get_unit, initialize
from desktop.core.text.vntext import fold

TODAY = dt.date(2026, 3, 15)


@pytest.fixture
def small(tmp_path):
    ledger = open_ledger(tmp_path / "x.sqlite")
    counts = build_demo(ledger, "small", seed=0, today=TODAY)
    yield ledger, counts
    ledger.close()


def _all(ledger, sql, args=()):
    return ledger.conn.execute(sql, args).fetchall()


def _one(ledger, sql, args=()):
    return ledger.conn.execute(sql, args).fetchone()[0]


def _count(ledger, where, args=()):
    """Contributions matching a WHERE clause."""
    return _one(ledger, f"SELECT count(*) FROM contributions c WHERE {where}", args)


IN_2025 = "c.date BETWEEN '2025-01-01' AND '2025-12-31'"
OTHER_GROUP = "c.group_id != (SELECT p.group_id FROM contributors p WHERE p.id = c.contributor_id)"


def _table(ledger, table):
    return _all(ledger, f"SELECT * FROM [{table}] ORDER BY 1")


def test_small_demo_counts_in_documented_ranges(small):
    ledger, counts = small
    for table in ("groups", "contributors", "works", "work_groups", "contributions", "group_events"):
        assert counts[table] == _one(ledger, f"SELECT count(*) FROM [{table}]"), table
    assert 4 <= counts["groups"] <= 9
    assert [r[0] for r in _all(ledger, "SELECT name FROM groups ORDER BY id")] == [
        f"Tổ dân phố {n}" for n in range(1, counts["groups"] + 1)
    ]
    for name, households, population, *leaders in _all(
        ledger, "SELECT name, households, population, leader, deputy, party_secretary, front_head FROM groups"
    ):
        assert 150 <= households <= 450, name
        assert 3.2 <= population / households <= 3.8 + 1e-9, name
        assert all(leaders), name
    per_half = _all(
        ledger,
        "SELECT substr(meeting_date, 1, 4) || (CASE WHEN substr(meeting_date, 6, 2) <= '06' "
        "THEN 'H1' ELSE 'H2' END), count(*) FROM works GROUP BY 1",
    )
    assert [h for h, _ in per_half] == ["2025H1", "2025H2", "2026H1"]
    assert all(1 <= n <= 5 for _, n in per_half)
    assert _one(ledger, "SELECT count(*) FROM work_groups wg LEFT JOIN works w ON w.id = wg.work_id "
                        "WHERE w.id IS NULL") == 0
    statuses = {r[0] for r in _all(ledger, "SELECT status FROM works")}
    assert statuses == {"chuan_bi", "dang_thi_cong", "hoan_thanh"}
    assert 300 <= _count(ledger, IN_2025) <= 600
    kinds = dict(_all(ledger, "SELECT kind, count(*) FROM contributors GROUP BY kind"))
    assert set(kinds) == {"ho", "ca_nhan", "tap_the", "doanh_nghiep"}
    assert kinds["ho"] > sum(kinds.values()) / 2
    assert set(r[0] for r in _all(ledger, "SELECT kind FROM contributions")) >= {"land", "money", "labour",
                                                                                 "materials"}


def test_small_demo_initializes_the_unit_and_adds_rates_with_legal_basis(small):
    ledger, counts = small
    unit = get_unit(ledger)
    assert (unit["name"], unit["kind"], unit["code"]) == (SMALL.unit["name"], "phuong", SMALL.unit["code"])
    assert "Mẫu" in unit["name"] and not unit["code"].isdigit()  # invented: never a real ward (issue 18)
    assert (unit["signer_name"], unit["signer_title"], unit["user_name"]) == (
        "Nguyễn Văn Hùng", "Chủ tịch", "Trần Thị Thu Hà")
    examples = _one(ledger, "SELECT count(*) FROM rates WHERE note LIKE 'Đơn giá mẫu%'")
    assert examples == 6  # the example rates of initialize are kept
    demo = _all(ledger, "SELECT legal_basis, note, effective_date FROM rates WHERE note LIKE 'Dữ liệu mẫu%'")
    assert len(demo) == counts["rates"] > 0
    assert all(basis and basis.startswith(("Quyết định số", "Công bố giá")) for basis, _, _ in demo)
    audit_rows = _all(ledger, "SELECT user, summary FROM audit WHERE action = 'demo'")
    assert len(audit_rows) == 1
    assert audit_rows[0][0] == "Trần Thị Thu Hà"
    assert audit_rows[0][1].startswith("Tạo dữ liệu mẫu")
    assert integrity.full_check(ledger) == []


def test_same_seed_gives_identical_data_and_another_seed_differs(tmp_path):
    tables = ("groups", "group_events", "contributors", "works", "work_groups", "contributions")
    snapshots = []
    for name, seed in (("a.sqlite", 7), ("b.sqlite", 7), ("c.sqlite", 8)):
        ledger = open_ledger(tmp_path / name)
        build_demo(ledger, "small", seed=seed, today=TODAY)
        snapshots.append({t: _table(ledger, t) for t in tables})
        snapshots[-1]["rates"] = _all(ledger, "SELECT * FROM rates WHERE note LIKE 'Dữ liệu mẫu%'")
        ledger.close()
    first, second, other = snapshots
    assert first["contributions"]  # not two empty lists
    for table in first:
        assert first[table] == second[table], table
    assert first["contributions"] != other["contributions"]


def test_no_contribution_after_today(tmp_path):
    for name, today in (("a.sqlite", None), ("b.sqlite", dt.date(2025, 2, 10)), ("c.sqlite", TODAY)):
        ledger = open_ledger(tmp_path / name)
        build_demo(ledger, "small", seed=3, today=today)
        limit = (today or dt.date.today()).isoformat()
        first, last, entered, deleted = ledger.conn.execute(
            "SELECT min(date), max(date), max(substr(created_at, 1, 10)), max(substr(deleted_at, 1, 10)) "
            "FROM contributions"
        ).fetchone()
        assert "2025-01-01" <= first <= last <= limit
        assert entered <= limit
        assert deleted is None or deleted <= limit
        assert _one(ledger, "SELECT count(*) FROM contributions WHERE evidence_date > ?", [limit]) == 0
        assert _one(ledger, "SELECT count(*) FROM works WHERE completed_date > ? OR meeting_date > ?",
                    [limit, limit]) == 0
        ledger.close()


def test_every_contribution_is_in_its_contributors_group_and_a_work_of_that_group(small):
    ledger, _ = small
    assert _count(ledger, OTHER_GROUP) == 0
    assert _count(ledger, "c.work_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM work_groups wg "
                          "WHERE wg.work_id = c.work_id AND wg.group_id = c.group_id)") == 0
    # Every contributor has a contribution, except collectives and businesses that gave nothing.
    assert _one(ledger, "SELECT count(*) FROM contributors p WHERE p.kind IN ('ho', 'ca_nhan') "
                        "AND NOT EXISTS (SELECT 1 FROM contributions c WHERE c.contributor_id = p.id)") == 0


def test_names_keep_their_vietnamese_diacritics_in_nfc(small):
    ledger, _ = small
    texts = [r[0] for r in _all(ledger, "SELECT name FROM contributors UNION ALL SELECT name FROM works "
                                        "UNION ALL SELECT address FROM contributors")]
    for column in ("name", "leader", "deputy", "party_secretary", "front_head"):
        texts += [r[0] for r in _all(ledger, f"SELECT {column} FROM groups")]
    texts += [r[0] for r in _all(ledger, "SELECT description FROM contributions")]
    assert texts
    for text in texts:
        assert text == text.strip() and "  " not in text, text
        assert unicodedata.is_normalized("NFC", text), text
        assert not any(ch in text for ch in "\ufffd?ÃÆÂ¢"), text  # no mojibake from a wrong encoding
    people = [r[0] for r in _all(ledger, "SELECT name FROM contributors WHERE kind IN ('ho', 'ca_nhan')")]
    accented = [n for n in people if fold(n) != n.lower()]
    assert len(accented) >= 0.9 * len(people)
    assert all(2 <= len(n.split()) <= 5 and n.split()[0][0].isupper() for n in people)
    assert any("Nguyễn" in n for n in people) and any("Thị" in n for n in people)
    assert all(name.startswith("Tổ dân phố ") for name, in _all(ledger, "SELECT name FROM groups"))


def test_pledged_and_deleted_rows_are_both_present(small):
    ledger, _ = small
    total = _one(ledger, "SELECT count(*) FROM contributions")
    pledged = _one(ledger, "SELECT count(*) FROM contributions WHERE status = 'pledged'")
    deleted = _one(ledger, "SELECT count(*) FROM contributions WHERE deleted_at IS NOT NULL")
    assert 0.05 * total <= pledged <= 0.3 * total
    assert 1 <= deleted <= 0.06 * total
    assert _one(ledger, "SELECT count(*) FROM contributions WHERE status NOT IN ('pledged', 'received')") == 0
    # A received contribution has its biên bản; a mere pledge has none yet.
    assert _count(ledger, "c.status = 'received' AND c.evidence_no IS NULL") == 0
    assert _count(ledger, "c.status = 'pledged' AND c.evidence_no IS NOT NULL") == 0


def test_values_and_derived_columns_are_what_the_services_compute(small):
    ledger, _ = small
    cols = [d[0] for d in ledger.conn.execute("SELECT * FROM contributions LIMIT 0").description]
    checked = 0
    for row in _all(ledger, "SELECT * FROM contributions WHERE deleted_at IS NULL"):
        r = dict(zip(cols, row, strict=True))
        values = {k: r[k] for k in contributions.INPUT_FIELDS}
        if not r["value_entered"]:
            values["value_vnd"] = None  # let the service compute it from the rate
        clean = contributions.validate(ledger, values)
        assert (clean["value_vnd"], clean["value_entered"], clean["rate_id"], clean["unit"]) == (
            r["value_vnd"], r["value_entered"], r["rate_id"], r["unit"]), r
        assert isinstance(r["value_vnd"], int)
        checked += 1
    assert checked > 100
    assert _count(ledger, "c.kind = 'money' AND c.value_vnd % 1000 != 0") == 0

    gcols = ("name", "leader", "deputy", "party_secretary", "front_head", "sort_key", "search")
    for *values, key, search in _all(ledger, f"SELECT {', '.join(gcols)} FROM groups"):
        derived = groups._derived(dict(zip(gcols[:5], values, strict=True)))
        assert (derived["sort_key"], derived["search"]) == (key, search)
    for name, kind, address, key, search in _all(
        ledger, "SELECT name, kind, address, sort_key, search FROM contributors"
    ):
        derived = contributors._derived({"name": name, "kind": kind, "address": address})
        assert (derived["sort_key"], derived["search"]) == (key, search)
    for name, key, search in _all(ledger, "SELECT name, sort_key, search FROM works"):
        derived = works._derived({"name": name})
        assert (derived["sort_key"], derived["search"]) == (key, search)


def test_refuses_a_ledger_that_already_has_data(tmp_path, small):
    ledger, _ = small
    before = _one(ledger, "SELECT count(*) FROM contributions")
    with pytest.raises(UserError, match="Sổ đã có dữ liệu; chỉ tạo dữ liệu mẫu trong sổ trống."):
        build_demo(ledger, "small", seed=1, today=TODAY)
    assert _one(ledger, "SELECT count(*) FROM contributions") == before

    other = open_ledger(tmp_path / "one_group.sqlite")
    initialize(other, {"name": "Xã Tịnh Sơn", "kind": "xa", "code": "21700", "province": "Quảng Ngãi"})
    groups.add(other, {"name": "Thôn 1"})
    with pytest.raises(UserError, match="Sổ đã có dữ liệu"):
        build_demo(other, "small", seed=0, today=TODAY)
    other.close()


def test_keeps_a_unit_declared_before_and_rejects_a_bad_size(tmp_path):
    ledger = open_ledger(tmp_path / "x.sqlite")
    with pytest.raises(UserError, match="Cỡ dữ liệu mẫu"):
        build_demo(ledger, "huge", today=TODAY)
    initialize(ledger, {"name": "Phường Trần Phú", "kind": "phuong", "code": "21520",
                        "province": "Quảng Ngãi"})
    counts = build_demo(ledger, "small", seed=0, today=TODAY)
    assert get_unit(ledger)["name"] == "Phường Trần Phú"
    assert counts["contributions"] > 0
    ledger.close()


@pytest.mark.slow
def test_large_demo(tmp_path):
    ledger = open_ledger(tmp_path / "x.sqlite")
    started = time.perf_counter()
    counts = build_demo(ledger, "large", seed=0, today=TODAY)
    elapsed = time.perf_counter() - started
    print(f"large demo: {counts} in {elapsed:.1f} s")
    assert elapsed < 30
    assert counts["groups"] == _one(ledger, "SELECT count(*) FROM groups") == 130
    assert get_unit(ledger)["name"] == LARGE.unit["name"]
    merged = _all(ledger, "SELECT id, merged_into_id FROM groups WHERE active = 0")
    assert len(merged) == 2 and all(into for _, into in merged)
    events = _all(ledger, "SELECT group_id, date FROM group_events WHERE kind = 'merge' ORDER BY group_id")
    assert [g for g, _ in events] == sorted(g for g, _ in merged)
    for gid, day in events:  # a merged group receives nothing after its merger
        assert _count(ledger, "c.group_id = ? AND c.date >= ?", [gid, day]) == 0
    assert all(300 <= h for h, in _all(ledger, "SELECT households FROM groups"))
    assert 15_000 <= _count(ledger, IN_2025) <= 25_000
    assert _one(ledger, "SELECT max(date) FROM contributions") <= TODAY.isoformat()
    assert _count(ledger, OTHER_GROUP) == 0
    per_half = [n for n, in _all(ledger, "SELECT count(*) FROM works GROUP BY substr(meeting_date, 1, 4), "
                                         "substr(meeting_date, 6, 2) <= '06'")]
    assert all(5 <= n <= 30 for n in per_half)
    assert integrity.full_check(ledger) == []
    ledger.close()


# --------------------------------------------------------------------------- the award year


def test_small_demo_holds_an_award_year_in_every_state(small):
    """A new user opening the demo sees the Khen thưởng page full: proposals in each state, for the year before
    TODAY (2026-03-15 is in the first half, so the award year is 2025)."""
    from desktop.core.awards import catalogue, proposals

    ledger, counts = small
    rows = proposals.list_proposals(ledger, "2025")
    assert counts["proposals"] == len(rows) >= 12
    settings = catalogue.get_settings(ledger)
    labels = {catalogue.status_label(r, settings) for r in rows}
    statuses = {r["status"] for r in rows}
    assert {"du_thao", "da_xet", "quyet_dinh", "trinh_cap_tren", "duoc_khen"} <= statuses
    assert catalogue.REJECTED in labels and "Đã xét" in labels  # one not passed, some passed waiting
    passed_waiting = [r for r in rows if r["status"] == "da_xet" and catalogue.vote_passes(r, settings)]
    assert passed_waiting
    upward = [r for r in rows if r["status"] == "trinh_cap_tren"]
    assert upward and all(r["level"] == "upper" and r["submission_no"] for r in upward)
    decided = [r for r in rows if r["status"] in ("quyet_dinh", "duoc_khen")]
    assert all(r["decision_no"] and r["book_no"] for r in decided)
    assert not proposals.list_proposals(ledger, "2026")  # nothing for the year just begun


def test_demo_meetings_have_their_quorum_and_lawful_votes(small):
    from desktop.core.awards import catalogue, council, proposals

    ledger, _ = small
    meetings = council.meetings(ledger, "2025")
    assert len(meetings) == 2
    settings = catalogue.get_settings(ledger)
    for m in meetings:
        assert m["members_total"] == 9 and 3 * m["members_present"] >= 2 * m["members_total"]
        assert m["chair"] == get_unit(ledger)["signer_name"] and m["secretary"] and m["document_id"]
        assert len(m["attendees"].splitlines()) == m["members_present"]
        for r in council.meeting_proposals(ledger, m["id"]):
            assert 0 <= r["votes_for"] <= m["members_present"]
            assert r["votes_for"] >= 5 or r["votes_for"] <= 4
    rejected = [r for r in proposals.list_proposals(ledger, "2025")
                if r["meeting_id"] and not catalogue.vote_passes(r, settings)]
    assert len(rejected) == 1 and rejected[0]["votes_for"] <= 4 and not rejected[0]["decision_no"]


def test_demo_register_holds_the_issued_papers_in_order(small):
    """Tờ trình → Biên bản → Quyết định (→ Tờ trình upward), numbered from 01, dated in that order, each signed; the
    rejected nominee is not in the Quyết định."""
    import json

    from desktop.core.awards import catalogue, papers, proposals

    ledger, counts = small
    docs = papers.issued(ledger, "2025")
    assert counts["documents"] == len(docs) == 6
    roles = [d["role"] for d in docs]
    assert roles == ["ttr_ward", "bb", "qd", "qd", "ttr_upper", "bb"]
    dates = [d["doc_date"] for d in docs]
    assert dates == sorted(dates) and len(set(dates)) == 6 and dates[-1] <= TODAY.isoformat()
    assert all(d["signer_name"] for d in docs)
    assert [d["symbol"] for d in docs][:4] == ["01/TTr-VHXH", "01/BB-HĐTĐKT", "01/QĐ-UBND", "02/QĐ-UBND"]
    # The Giấy khen and the "Gia đình văn hóa" title are separate decisions (ND 86/2023: its own procedure).
    assert [d["award_group"] for d in docs if d["role"] == "qd"] == ["khen_thuong", "van_hoa:Gia đình văn hóa"]
    cultural = [r for r in proposals.list_proposals(ledger, "2025") if r["kind_name"] == "Gia đình văn hóa"]
    assert cultural and all(r["subject"] == "ho" and r["decision_no"] == "02/QĐ-UBND" for r in cultural)
    qd = next(d for d in docs if d["role"] == "qd")
    content = json.loads(_one(ledger, "SELECT content FROM documents WHERE id = ?", [qd["id"]]))
    settings = catalogue.get_settings(ledger)
    in_qd = set(content["proposal_ids"])
    for r in proposals.list_proposals(ledger, "2025"):
        if r["meeting_id"] and not catalogue.vote_passes(r, settings):
            assert r["id"] not in in_qd
    for d in docs:  # each issued PDF is in the register with its bytes
        assert _one(ledger, "SELECT length(pdf) FROM documents WHERE id = ?", [d["id"]]) > 1000


def test_award_year_follows_today():
    from desktop.core.demo.awards import award_year
    from desktop.core.demo.builder import FIRST_DAY

    assert award_year(dt.date(2026, 12, 3), FIRST_DAY) == 2026
    assert award_year(dt.date(2026, 3, 15), FIRST_DAY) == 2025
    assert award_year(dt.date(2025, 5, 1), FIRST_DAY) == 2025
    assert award_year(dt.date(2025, 2, 10), FIRST_DAY) is None
