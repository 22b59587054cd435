"""Services: validation with Vietnamese messages per field, values from rates, soft delete and
undo, and the audit row written in the same transaction as every change."""

from __future__ import annotations

import json

import pytest

from db.connection import Ledger
from desktop.core.errors import UserError, ValidationError
from desktop.core.ledger import contributions, contributors, groups, rates, records, works


def _audit(ledger: Ledger) -> list[tuple]:
    return ledger.conn.execute("SELECT action, table_name, record_id, summary, user FROM audit ORDER BY id").fetchall()


@pytest.fixture
def base(ledger: Ledger) -> dict[str, int]:
    g = groups.add(ledger, {"name": "Tổ dân phố 3", "leader": "Lê Văn Tám", "households": "320"})
    p = contributors.add(ledger, {"name": "Nguyễn Văn An", "kind": "Hộ gia đình", "group_id": g,
                                  "address": "Số 15 hẻm 12 Trần Hưng Đạo"})
    return {"group": g, "person": p}


def test_group_added_with_audit_by_the_user(ledger: Ledger) -> None:
    gid = groups.add(ledger, {"name": "  Tổ dân phố   1 ", "households": "1.250"})
    row = records.get(ledger, "groups", gid)
    assert row["name"] == "Tổ dân phố 1" and row["households"] == 1250
    assert row["uuid"] and len(row["uuid"]) == 36
    last = _audit(ledger)[-1]
    assert last[:3] == ("create", "groups", gid) and last[4] == "Trần Thị Thu Hà"
    assert "Tổ dân phố 1" in last[3]


def test_group_validation_lists_every_problem(ledger: Ledger) -> None:
    groups.add(ledger, {"name": "Tổ dân phố 1"})
    with pytest.raises(ValidationError) as err:
        groups.add(ledger, {"name": "to dan pho 1", "households": "abc", "population": "-5"})
    assert set(err.value.errors) == {"name", "households", "population"}
    assert "đã có" in err.value.errors["name"]
    assert "không đọc được số" in err.value.errors["households"]
    assert "không được âm" in err.value.errors["population"]


def test_group_found_by_number_as_clerks_write_it(ledger: Ledger) -> None:
    g3 = groups.add(ledger, {"name": "Tổ dân phố 3"})
    groups.add(ledger, {"name": "Tổ dân phố 13"})
    for text in ("Tổ 3", "TDP số 3", "to dan pho 3", "3", "Tổ dân phố số 03"):
        assert groups.find_by_name(ledger, text) == g3, text


def test_land_value_from_rate_in_force(ledger: Ledger, base: dict[str, int]) -> None:
    rates.add(ledger, {"kind": "land", "unit": "m²", "land_type": "ODT", "price_vnd": "12.000.000",
                       "effective_date": "01/01/2026", "legal_basis": "QĐ 48/2025/QĐ-UBND"})
    old = contributions.add(ledger, {"contributor_id": base["person"], "date": "20/12/2025", "kind": "Hiến đất",
                                     "quantity": "10", "land_type": "ODT"})
    new = contributions.add(ledger, {"contributor_id": base["person"], "date": "02/01/2026", "kind": "hien dat",
                                     "quantity": "120,5", "land_type": "ODT"})
    # The sample rate (5.000.000 from 2020) applies before 2026; the new one from 01/01/2026.
    assert records.get(ledger, "contributions", old)["value_vnd"] == 50_000_000
    row = records.get(ledger, "contributions", new)
    assert row["value_vnd"] == 1_446_000_000 and row["value_entered"] == 0 and row["unit"] == "m²"
    assert row["group_id"] == base["group"]  # taken from the contributor


def test_entered_value_wins_and_edit_recomputes_computed_value(ledger: Ledger, base: dict[str, int]) -> None:
    cid = contributions.add(ledger, {"contributor_id": base["person"], "date": "01/03/2026", "kind": "labour",
                                     "quantity": "3"})
    assert records.get(ledger, "contributions", cid)["value_vnd"] == 750_000
    contributions.edit(ledger, cid, {"quantity": "4"})
    assert records.get(ledger, "contributions", cid)["value_vnd"] == 1_000_000
    contributions.edit(ledger, cid, {"value_vnd": "1.200.000"})
    row = records.get(ledger, "contributions", cid)
    assert (row["value_vnd"], row["value_entered"]) == (1_200_000, 1)
    contributions.edit(ledger, cid, {"quantity": "5"})  # an entered value is kept
    assert records.get(ledger, "contributions", cid)["value_vnd"] == 1_200_000
    before_after = ledger.conn.execute(
        "SELECT before, after FROM audit WHERE table_name = 'contributions' AND action = 'update' ORDER BY id"
    ).fetchall()
    assert json.loads(before_after[0][0]) == {"quantity": 3.0, "value_vnd": 750000}
    assert json.loads(before_after[0][1]) == {"quantity": 4.0, "value_vnd": 1000000}


def test_money_is_its_own_value_and_must_be_whole_dong(ledger: Ledger, base: dict[str, int]) -> None:
    cid = contributions.add(ledger, {"contributor_id": base["person"], "date": "01/03/2026", "kind": "Tiền",
                                     "quantity": "1.500.000 đ"})
    assert records.get(ledger, "contributions", cid)["value_vnd"] == 1_500_000
    with pytest.raises(ValidationError) as err:
        contributions.add(ledger, {"contributor_id": base["person"], "date": "01/03/2026", "kind": "money",
                                   "quantity": "1500,5"})
    assert "nguyên đồng" in err.value.errors["quantity"]


def test_money_typed_in_words_is_read_as_meant(ledger: Ledger, base: dict[str, int]) -> None:
    for typed, dong in (("2 triệu", 2_000_000), ("500k", 500_000), ("500,000 VND", 500_000), ("1 tỷ 200 triệu",
                                                                                            1_200_000_000)):
        cid = contributions.add(ledger, {"contributor_id": base["person"], "date": "01/03/2026", "kind": "Tiền",
                                         "quantity": typed})
        row = records.get(ledger, "contributions", cid)
        assert (row["quantity"], row["value_vnd"]) == (dong, dong), typed
    with pytest.raises(ValidationError) as err:
        contributions.add(ledger, {"contributor_id": base["person"], "date": "01/03/2026", "kind": "money",
                                   "quantity": "2 củ"})
    assert "2 củ" in err.value.errors["quantity"]


def test_missing_rate_is_explained(ledger: Ledger, base: dict[str, int]) -> None:
    with pytest.raises(ValidationError) as err:
        contributions.add(ledger, {"contributor_id": base["person"], "date": "01/03/2026", "kind": "assets",
                                   "quantity": "2"})
    assert "chưa có đơn giá" in err.value.errors["value_vnd"] and "Cài đặt" in err.value.errors["value_vnd"]


def test_contribution_validation_names_each_field(ledger: Ledger) -> None:
    with pytest.raises(ValidationError) as err:
        contributions.add(ledger, {"contributor_id": 999, "date": "31/02/2026", "kind": "vàng", "quantity": "0"})
    assert set(err.value.errors) >= {"contributor_id", "date", "kind", "quantity"}
    assert ledger.conn.execute("SELECT count(*) FROM contributions").fetchone()[0] == 0


def test_soft_delete_and_undo_are_audited(ledger: Ledger, base: dict[str, int]) -> None:
    cid = contributions.add(ledger, {"contributor_id": base["person"], "date": "01/03/2026", "kind": "money",
                                     "quantity": "500000"})
    contributions.delete(ledger, cid)
    assert records.get(ledger, "contributions", cid)["deleted_at"]
    contributions.restore(ledger, cid)
    assert records.get(ledger, "contributions", cid)["deleted_at"] is None
    assert [a[0] for a in _audit(ledger)[-2:]] == ["delete", "restore"]


def test_cannot_delete_what_still_has_contributions(ledger: Ledger, base: dict[str, int]) -> None:
    contributions.add(ledger, {"contributor_id": base["person"], "date": "01/03/2026", "kind": "money",
                               "quantity": "500000"})
    with pytest.raises(UserError, match="còn 1 khoản đóng góp"):
        contributors.delete(ledger, base["person"])
    with pytest.raises(UserError, match="còn 1 khoản đóng góp"):
        groups.delete(ledger, base["group"])


def test_merge_keeps_history(ledger: Ledger, base: dict[str, int]) -> None:
    other = groups.add(ledger, {"name": "Tổ dân phố 4"})
    groups.merge(ledger, base["group"], other, "2025-07-01")
    row = records.get(ledger, "groups", base["group"])
    assert (row["active"], row["merged_into_id"]) == (0, other)
    events = ledger.conn.execute("SELECT kind, detail FROM group_events WHERE group_id = ?", [base["group"]]).fetchall()
    assert ("merge", "Sáp nhập vào Tổ dân phố 4") in events
    with pytest.raises(UserError):
        groups.merge(ledger, other, other, "2025-07-01")


def test_rename_recorded(ledger: Ledger, base: dict[str, int]) -> None:
    groups.edit(ledger, base["group"], {"name": "Tổ dân phố Bà Triệu 3"})
    kinds = [r[0] for r in ledger.conn.execute("SELECT kind FROM group_events WHERE group_id = ?", [base["group"]])]
    assert kinds == ["create", "rename"]


def test_audit_rolls_back_with_the_change(ledger: Ledger, base: dict[str, int]) -> None:
    n_audit = len(_audit(ledger))
    with pytest.raises(RuntimeError), ledger.transaction():
        groups.add(ledger, {"name": "Tổ dân phố 9"})
        raise RuntimeError("mất điện")
    assert len(_audit(ledger)) == n_audit
    assert groups.find_by_name(ledger, "Tổ dân phố 9") is None


def test_work_checks(ledger: Ledger, base: dict[str, int]) -> None:
    with pytest.raises(ValidationError) as err:
        works.add(ledger, {"name": "Hẻm 5", "kind": "hem", "status": "Hoàn thành", "completed_date": "",
                           "start_date": "01/05/2026", "width_before_m": "3", "width_after_m": "2"})
    assert set(err.value.errors) == {"completed_date", "width_after_m"}
    wid = works.add(ledger, {"name": "Hẻm 5", "kind": "hem", "status": "hoan thanh", "completed_date": "1/6/2026",
                             "length_m": "120,5", "group_ids": [base["group"]]})
    assert works.group_ids(ledger, wid) == [base["group"]]
    assert records.get(ledger, "works", wid)["completed_date"] == "2026-06-01"


def test_cccd_and_phone_checked(ledger: Ledger, base: dict[str, int]) -> None:
    with pytest.raises(ValidationError) as err:
        contributors.add(ledger, {"name": "Trần B", "kind": "ca_nhan", "group_id": base["group"], "cccd": "12345",
                                  "phone": "gọi sau"})
    assert set(err.value.errors) == {"cccd", "phone"}


def test_history_reads_in_vietnamese(ledger: Ledger, base: dict[str, int]) -> None:
    from desktop.core.ledger import lists
    from desktop.core.ledger.audit import describe

    groups.edit(ledger, base["group"], {"households": "350"})
    before, after = ledger.conn.execute("SELECT before, after FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert (describe(before), describe(after)) == ("Số hộ: 320", "Số hộ: 350")
    created = ledger.conn.execute("SELECT before FROM audit WHERE action = 'create' LIMIT 1").fetchone()[0]
    assert created is None  # a new record has no "before"
    ids = lists.run(ledger, lists.AUDIT, lists.Query()).ids
    cells = lists.fetch(ledger, lists.AUDIT, ids[:1])[ids[0]]
    assert cells[4:] == ("Số hộ: 320", "Số hộ: 350") and cells[2] == "Sửa"


def test_history_shows_labels_not_codes(ledger: Ledger) -> None:
    from desktop.core.ledger.audit import describe

    assert describe('{"kind": "ho", "status": "pledged", "land_handover": "pledged"}') == (
        "Loại: Hộ gia đình; Trạng thái: Đăng ký; Bàn giao: Đã cam kết")


def test_kt_signing_refuses_the_title_chu_tich_and_writes_nothing(ledger: Ledger) -> None:
    """ND 30/2020 Phụ lục I: under "KT. CHỦ TỊCH" signs a Phó Chủ tịch; "KT." with the title "Chủ tịch" is refused
    (in the GUI's form as on the command line), and nothing is written."""
    from desktop.core.ledger import setup

    setup.update_unit(ledger, {"sign_mode": "TM", "signer_title": "Chủ tịch"})
    audits = len(_audit(ledger))
    with pytest.raises(ValidationError) as refused:
        setup.update_unit(ledger, {"sign_mode": "KT"})  # the title already stored is "Chủ tịch"
    assert "signer_title" in refused.value.errors and "Phó Chủ tịch" in refused.value.errors["signer_title"]
    with pytest.raises(ValidationError):
        setup.update_unit(ledger, {"sign_mode": "KT", "signer_title": "  chủ tịch "})
    assert setup.get_unit(ledger)["sign_mode"] == "TM" and len(_audit(ledger)) == audits
    setup.update_unit(ledger, {"sign_mode": "KT", "signer_title": "Phó Chủ tịch"})
    assert setup.get_unit(ledger)["sign_mode"] == "KT"
