"""Plan and apply: problems named by sheet, row and column; only-valid import; nothing written on
refusal or error; duplicates; re-import adds nothing; ambiguous contributors; backup first; the
bulk path stores exactly what the services would."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from db import backup
from db.connection import Ledger, open_ledger
from desktop.core.errors import UserError
from desktop.core.intake import applying, importplan, planning
from desktop.core.ledger import contributions, contributors, records
from tests.core.intake.helpers import GROUP_HEADERS, WORK_HEADERS, build_workbook, contribution_row, table_counts

GOOD = {"stt": 1, "date": "02/03/2026", "group": "Tổ 1", "name": "Phạm Văn Hải", "kind": "Tiền", "quantity": 100_000}
LATER = (dt.date.today() + dt.timedelta(days=400)).strftime("%d/%m/%Y")

PROBLEMS = [
    ({"date": "31/02/2026"}, "Ngày",
     "\"31/02/2026\" không phải ngày hợp lệ (ghi theo dạng ngày/tháng/năm, ví dụ 14/06/2026)."),
    ({"date": "hôm qua"}, "Ngày", "\"hôm qua\" không phải ngày hợp lệ"),
    ({"date": None}, "Ngày", "không được để trống."),
    ({"date": "15/06/1999"}, "Ngày", "ngày 15/06/1999 nằm ngoài khoảng cho phép (từ 01/01/2000"),
    ({"date": LATER}, "Ngày", f"ngày {LATER} nằm ngoài khoảng cho phép"),
    ({"group": None}, "Tổ dân phố", "không được để trống."),
    ({"group": "Tổ 15"}, "Tổ dân phố", "\"Tổ 15\" không có trong sổ và không có ở trang \"Tổ dân phố\" của tệp."),
    ({"name": None}, "Họ và tên", "không được để trống."),
    ({"contributor_kind": "hàng xóm"}, "Đối tượng", "\"hàng xóm\" không hợp lệ (chọn một trong: Hộ gia đình, Cá nhân"),
    ({"work": "Cầu treo"}, "Công trình", "\"Cầu treo\" không có trong sổ và không có ở trang \"Công trình\" của tệp."),
    ({"kind": None}, "Hình thức", "không được để trống."),
    ({"kind": "gạo"}, "Hình thức", "\"gạo\" không hợp lệ (chọn một trong: Hiến đất, Tiền, Vật tư, Ngày công"),
    ({"quantity": "-5"}, "Số lượng", "\"-5\" phải lớn hơn 0."),
    ({"quantity": 0}, "Số lượng", "\"0\" phải lớn hơn 0."),
    ({"quantity": "nhiều"}, "Số lượng", "\"nhiều\" không phải số"),
    ({"quantity": None}, "Số lượng", "cần ghi Số lượng hoặc Giá trị quy đổi (đồng)."),
    ({"quantity": "1500,5"}, "Số lượng", "số tiền \"1500,5\" phải là số nguyên đồng."),
    ({"value_vnd": "-1"}, "Giá trị quy đổi (đồng)", "\"-1\" phải lớn hơn 0."),
    ({"value_vnd": 200_000}, "Giá trị quy đổi (đồng)", "số tiền ở cột Số lượng (100.000) khác Giá trị quy đổi"),
    ({"kind": "Vật tư", "quantity": 3, "unit": "bao"}, "Giá trị quy đổi (đồng)",
     "để trống nhưng chưa có đơn giá cho \"Vật tư\" (bao) áp dụng tại ngày 02/03/2026"),
    ({"kind": "Hiến đất", "quantity": 3, "unit": "sào"}, "Đơn vị tính",
     "\"Hiến đất\" tính bằng m², không phải \"sào\""),
    ({"kind": "Ngày công", "quantity": None, "value_vnd": 500_000}, "Số lượng",
     "cần ghi Số lượng cho \"Ngày công\" (ngày công)."),
]


@pytest.mark.parametrize(("change", "column", "message"), PROBLEMS, ids=[p[2][:40] for p in PROBLEMS])
def test_each_problem_names_sheet_row_and_column(ledger: Ledger, ward: dict[str, int],
                                                 contributions_book: Callable[..., Path],
                                                 change: dict, column: str, message: str) -> None:
    path = contributions_book([contribution_row(**GOOD), contribution_row(**{**GOOD, "stt": 2, **change})])
    plan = planning.plan(ledger, path)
    lines = [str(p) for p in plan.problems]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Đóng góp, dòng 3, cột \"{column}\": {message}"), lines[0]
    assert plan.counts()["Đóng góp"].problems == 1 and len(plan.ok_rows) == 1


def test_groups_and_works_sheets_problems(ledger: Ledger, ward: dict[str, int], tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "gw.xlsx", {
        "Tổ dân phố": [GROUP_HEADERS, ["Tổ dân phố 7", "Lê Văn Hai", "nhiều", 400], [None, "Không tên"]],
        "Công trình": [WORK_HEADERS, ["Đường mới", "đường", "Tổ 7", 100, 5, 3, None, None, None, None],
                       ["Cống mới", "tàu bay", "Tổ 3", None, None, None, None, "đã xong", "01/02/2026", "01/01/2026"]],
        "Đóng góp": [["STT", "Ngày", "Tổ dân phố", "Họ và tên", "Hình thức", "Số lượng"],
                     [1, "02/03/2026", "Tổ 7", "Trần Văn Sáu", "Tiền", 50_000]],
    })
    plan = planning.plan(ledger, path)
    assert [str(p) for p in plan.problems] == [
        "Tổ dân phố, dòng 2, cột \"Số hộ\": \"nhiều\" không phải số (ghi ví dụ 1.500.000 hoặc 12,5).",
        "Tổ dân phố, dòng 3, cột \"Tên tổ dân phố\": không được để trống.",
        "Công trình, dòng 2, cột \"Tổ dân phố\": \"Tổ 7\" khai ở trang \"Tổ dân phố\" dòng 2 nhưng dòng đó có lỗi; "
        "hãy sửa dòng đó trước.",
        "Công trình, dòng 2, cột \"Chiều rộng sau (m)\": nhỏ hơn chiều rộng trước — kiểm tra lại.",
        "Công trình, dòng 3, cột \"Loại\": \"tàu bay\" không hợp lệ (chọn một trong: Tuyến đường, Hẻm, ngõ, kiệt, "
        "Thoát nước, Chiếu sáng, Nhà văn hóa, Công trình khác).",
        "Công trình, dòng 3, cột \"Ngày hoàn thành\": trước ngày khởi công.",
        "Đóng góp, dòng 2, cột \"Tổ dân phố\": \"Tổ 7\" khai ở trang \"Tổ dân phố\" dòng 2 nhưng dòng đó có lỗi; "
        "hãy sửa dòng đó trước.",
    ]


def test_work_rules_of_the_service_reported_per_column(ledger: Ledger, ward: dict[str, int], tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "w.xlsx", {"Công trình": [
        WORK_HEADERS, ["Đường hẹp lại", "đường", "Tổ 1", 100, 5, 3, None, "Đang thi công", None, None]]})
    plan = planning.plan(ledger, path)
    assert [str(p) for p in plan.problems] == [
        "Công trình, dòng 2, cột \"Chiều rộng sau (m)\": nhỏ hơn chiều rộng trước — kiểm tra lại."]


def test_only_valid_rows_are_imported(ledger: Ledger, ward: dict[str, int],
                                      contributions_book: Callable[..., Path]) -> None:
    path = contributions_book([
        contribution_row(**GOOD),
        contribution_row(**{**GOOD, "stt": 2, "date": "31/02/2026"}),
        contribution_row(**{**GOOD, "stt": 3, "name": "Võ Thị Lan", "kind": "Hiến đất", "quantity": "25,5"}),
    ])
    plan = planning.plan(ledger, path)
    result = applying.apply(ledger, plan, only_valid=True)
    assert (result.contributions_added, result.contributors_added, result.skipped["problem"]) == (2, 2, 1)
    assert result.value_added_vnd == 100_000 + 25_500_000  # land at the sample rate 1.000.000 đ/m² (no land type)
    rows = ledger.conn.execute("SELECT kind, quantity FROM contributions ORDER BY id").fetchall()
    assert rows == [("money", 100_000.0), ("land", 25.5)]
    assert "Đã nhập: 0 tổ dân phố, 0 công trình, 2 người đóng góp mới, 2 khoản đóng góp" in result.summary_text()


def test_refused_when_invalid_and_not_only_valid_nothing_written(ledger: Ledger, ward: dict[str, int],
                                                                 contributions_book: Callable[..., Path]) -> None:
    path = contributions_book([contribution_row(**GOOD), contribution_row(**{**GOOD, "stt": 2, "kind": "gạo"})])
    plan = planning.plan(ledger, path)
    before = table_counts(ledger)
    with pytest.raises(UserError, match="có 1 lỗi ở 1 dòng; chưa nhập gì"):
        applying.apply(ledger, plan, only_valid=False)
    assert table_counts(ledger) == before
    assert backup.list_backups(ledger.path) == []


@pytest.mark.parametrize("where", ["while queuing rows", "after the rows are inserted"])
def test_error_during_apply_rolls_everything_back(ledger: Ledger, ward: dict[str, int], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    path = build_workbook(tmp_path / "all.xlsx", {
        "Tổ dân phố": [GROUP_HEADERS, ["Tổ dân phố 7", "Lê Văn Hai", 120, 400]],
        "Công trình": [WORK_HEADERS, ["Đường tổ 7", "đường", "Tổ 7", 100, 3, 5, None, None, None, None]],
        "Đóng góp": [["Ngày", "Tổ dân phố", "Họ và tên", "Hình thức", "Số lượng"],
                     *[["02/03/2026", "Tổ 7", f"Người {i}", "Tiền", 1000 * (i + 1)] for i in range(5)]],
    })
    plan = planning.plan(ledger, path)
    plan.set_default_status("received")  # no Trạng thái column: the clerk's choice
    before = table_counts(ledger)
    calls = {"n": 0}
    real_create, real_flush = applying._BulkWriter.create, applying._BulkWriter.flush

    def failing_create(self: applying._BulkWriter, table: str, values: dict, title: str) -> int:
        calls["n"] += 1
        if calls["n"] == 6:
            raise OSError("ổ đĩa lỗi giữa chừng")
        return real_create(self, table, values, title)

    def failing_flush(self: applying._BulkWriter) -> None:
        real_flush(self)
        assert ledger.conn.execute("SELECT count(*) FROM contributions").fetchone() == (5,)  # really written…
        raise OSError("mất điện")

    if where == "while queuing rows":
        monkeypatch.setattr(applying._BulkWriter, "create", failing_create)
    else:
        monkeypatch.setattr(applying._BulkWriter, "flush", failing_flush)
    with pytest.raises(OSError):
        applying.apply(ledger, plan, only_valid=False)
    assert table_counts(ledger) == before  # … and gone: the group, the work, the people, the rows, their audit


def test_duplicates_in_ledger_and_within_the_file(ledger: Ledger, ward: dict[str, int],
                                                  contributions_book: Callable[..., Path]) -> None:
    existing = contributions.add(ledger, {"contributor_id": ward["tam"], "date": "01/03/2026", "kind": "money",
                                          "quantity": 300_000})
    path = contributions_book([
        contribution_row(stt=1, date="01/03/2026", group="Tổ 3", name="le van tam", kind="Tiền", quantity="300.000"),
        contribution_row(**GOOD),
        contribution_row(**{**GOOD, "stt": 3}),
        contribution_row(**{**GOOD, "stt": 4, "quantity": 200_000}),
    ])
    plan = planning.plan(ledger, path)
    dups = {d.row: d for d in plan.duplicates}
    assert set(dups) == {2, 4}
    assert dups[2].existing_id == existing and "đã có trong sổ" in str(dups[2])
    assert dups[4].first_row == 3 and str(dups[4]).startswith("Đóng góp, dòng 4: giống dòng 3 của trang \"Đóng góp\"")
    result = applying.apply(ledger, plan, only_valid=False)
    assert (result.contributions_added, result.skipped["duplicate"]) == (2, 2)


def test_reimport_adds_nothing(ledger: Ledger, ward: dict[str, int], tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "full.xlsx", {
        "Tổ dân phố": [GROUP_HEADERS, ["Tổ dân phố 7", "Lê Văn Hai", 120, 400]],
        "Công trình": [WORK_HEADERS, ["Đường tổ 7", "đường", "Tổ 7", 100, 3, 5, None, None, None, None]],
        "Đóng góp": [["STT", "Ngày", "Tổ dân phố", "Họ và tên", "Địa chỉ", "Công trình", "Hình thức", "Số lượng"],
                     [1, "02/03/2026", "Tổ 7", "Trần Văn Sáu", "Số 1", "Đường tổ 7", "Hiến đất", 12],
                     [2, "02/03/2026", "Tổ 7", "Trần Văn Sáu", "Số 9", "Đường tổ 7", "Hiến đất", 12],
                     [3, "03/03/2026", "Tổ 7", "Trần Văn Sáu", None, "Đường tổ 7", "Ngày công", 2],
                     [4, "03/03/2026", "Tổ 3", "Lê Văn Tám", None, None, "Tiền", 10_000]],
    })
    plan = planning.plan(ledger, path)
    # Two men called Trần Văn Sáu (different addresses) are two people; the row without an address
    # is a problem, not a guess.
    assert [str(p) for p in plan.problems] == [
        "Đóng góp, dòng 4, cột \"Địa chỉ\": trong tệp có nhiều người tên \"Trần Văn Sáu\" ở Tổ dân phố 7 với địa "
        "chỉ khác nhau; hãy ghi Địa chỉ cho dòng này để biết là người nào."]
    plan.set_default_status("received")
    first = applying.apply(ledger, plan, only_valid=True)
    assert (first.groups_added, first.works_added, first.contributors_added, first.contributions_added) == \
        (1, 1, 2, 3)
    after_first = table_counts(ledger)
    again = planning.plan(ledger, path)
    assert again.nothing_to_add()
    assert {d.row for d in again.duplicates} == {2, 3, 5}
    assert [a.row for a in again.unresolved] == [4]  # now both men are in the ledger: the clerk chooses
    second = applying.apply(ledger, again, only_valid=True)
    assert (second.groups_added, second.works_added, second.contributors_added, second.contributions_added) == \
        (0, 0, 0, 0)
    assert table_counts(ledger) == after_first


def test_ambiguous_contributor_reported_and_resolvable(ledger: Ledger, ward: dict[str, int],
                                                       contributions_book: Callable[..., Path]) -> None:
    twin = contributors.add(ledger, {"name": "Lê Văn Tám", "kind": "ho", "group_id": ward["g3"],
                                     "address": "Số 80 Hai Bà Trưng"})
    path = contributions_book([
        contribution_row(stt=1, date="05/03/2026", group="Tổ 3", name="Lê Văn Tám", kind="Tiền", quantity=50_000),
        contribution_row(stt=2, date="05/03/2026", group="Tổ 3", name="Lê Văn Tám", address="số 80 hai bà trưng",
                         kind="Tiền", quantity=70_000),
        contribution_row(stt=3, date="06/03/2026", group="Tổ 3", name="Lê Văn Tám", address="Số 2 Nguyễn Huệ",
                         kind="Tiền", quantity=90_000),
    ])
    plan = planning.plan(ledger, path)
    amb = {a.row: a for a in plan.ambiguous}
    assert set(amb) == {2, 4}  # row 3 is decided by its address
    assert {c.id for c in amb[2].candidates} == {ward["tam"], twin}
    assert {c.address for c in amb[2].candidates} == {"Số 5 Lê Lợi", "Số 80 Hai Bà Trưng"}
    assert "cần chọn đúng người" in plan.summary_text()
    with pytest.raises(UserError):
        plan.resolve(("Đóng góp", 2), 12345)

    plan.resolve(("Đóng góp", 2), twin)
    plan.resolve(("Đóng góp", 4), importplan.NEW_CONTRIBUTOR)
    result = applying.apply(ledger, plan, only_valid=False)
    assert (result.contributions_added, result.contributors_added) == (3, 1)
    rows = ledger.conn.execute("SELECT c.quantity, p.id, p.address FROM contributions c JOIN contributors p "
                               "ON p.id = c.contributor_id ORDER BY c.quantity").fetchall()
    assert rows[0][:2] == (50_000, twin) and rows[1][:2] == (70_000, twin)
    assert rows[2][0] == 90_000 and rows[2][1] not in (twin, ward["tam"]) and rows[2][2] == "Số 2 Nguyễn Huệ"
    # Imported again: the decided rows are recognised as already in the ledger, nothing is asked again.
    again = planning.plan(ledger, path)
    assert again.unresolved == [] and again.nothing_to_add()


def test_unresolved_ambiguous_rows_are_skipped(ledger: Ledger, ward: dict[str, int],
                                               contributions_book: Callable[..., Path]) -> None:
    contributors.add(ledger, {"name": "Lê Văn Tám", "kind": "ho", "group_id": ward["g3"], "address": "Số 80"})
    path = contributions_book([contribution_row(stt=1, date="05/03/2026", group="Tổ 3", name="Lê Văn Tám",
                                                kind="Tiền", quantity=50_000), contribution_row(**GOOD)])
    result = applying.apply(ledger, planning.plan(ledger, path), only_valid=False)
    assert (result.contributions_added, result.skipped["ambiguous"]) == (1, 1)


def test_backup_taken_before_writing(ledger: Ledger, ward: dict[str, int],
                                     contributions_book: Callable[..., Path]) -> None:
    path = contributions_book([contribution_row(**GOOD)])
    result = applying.apply(ledger, planning.plan(ledger, path), only_valid=False)
    assert result.backup is not None and result.backup.exists()
    assert [b.path for b in backup.list_backups(ledger.path)] == [result.backup]
    copy = open_ledger(result.backup, read_only=True)
    try:
        assert copy.conn.execute("SELECT count(*) FROM contributions").fetchone() == (0,)  # taken before the import
    finally:
        copy.close()
    assert ledger.conn.execute("SELECT count(*) FROM contributions").fetchone() == (1,)


def test_plan_made_before_a_change_is_refused(ledger: Ledger, ward: dict[str, int],
                                              contributions_book: Callable[..., Path]) -> None:
    plan = planning.plan(ledger, contributions_book([contribution_row(**GOOD)]))
    contributors.add(ledger, {"name": "Ai đó", "kind": "ho", "group_id": ward["g1"]})
    before = table_counts(ledger)
    with pytest.raises(UserError, match="Sổ đã thay đổi"):
        applying.apply(ledger, plan, only_valid=False)
    assert table_counts(ledger) == before


def test_bulk_rows_equal_the_service_validator(ledger: Ledger, ward: dict[str, int],
                                               contributions_book: Callable[..., Path]) -> None:
    """The bulk path must store exactly what contributions.validate would, and write the same audit row."""
    rows = [
        contribution_row(stt=1, date="02/03/2026", group="Tổ 3", name="Lê Văn Tám", kind="Hiến đất", quantity="45,5",
                         land_map_sheet=12, land_parcel="245", evidence_no="05/BB", note="  mở   hẻm "),
        contribution_row(stt=2, date="02/03/2026", group="Tổ 3", name="Lê Văn Tám", kind="Tiền", quantity="1.500.000"),
        contribution_row(stt=3, date="02/03/2026", group="Tổ 3", name="Lê Văn Tám", kind="Ngày công", quantity=3,
                         work="Đường bê tông hẻm 12"),
        contribution_row(stt=4, date="02/03/2026", group="Tổ 3", name="Lê Văn Tám", kind="Vật tư", quantity=2,
                         unit="m³"),
        contribution_row(stt=5, date="02/03/2026", group="Tổ 3", name="Lê Văn Tám", kind="Vật tư", quantity=10,
                         unit="bao", value_vnd="950.000"),
        contribution_row(stt=6, date="02/03/2026", group="Tổ 3", name="Lê Văn Tám", kind="Khác", value_vnd=300_000),
        contribution_row(stt=7, date="02/03/2026", group="Tổ 3", name="Lê Văn Tám", kind="Tài sản", quantity=2,
                         value_vnd=800_000, land_parcel="9"),
    ]
    plan = planning.plan(ledger, contributions_book(rows))
    assert plan.problems == [] and len(plan.ok_rows) == len(rows)
    for c in plan.ok_rows:
        work_id = ward["work"] if c.work else None
        expected = contributions.validate(ledger, applying.bulk_values_for_check(c, ward["tam"], ward["g3"], work_id))
        stored = {"contributor_id": ward["tam"], "group_id": ward["g3"], "work_id": work_id, **c.values}
        assert stored == expected, c.row

    applying.apply(ledger, plan, only_valid=False)
    # Audit rows: the same summary and "after" as contributions.add writes for the same input.
    bulk = ledger.conn.execute("SELECT record_id, summary, after, user FROM audit WHERE table_name = 'contributions' "
                               "ORDER BY id").fetchall()
    for record_id, summary, after, user in bulk:
        row = records.get(ledger, "contributions", record_id)
        values = {k: row[k] for k in contributions.INPUT_FIELDS}
        values["value_vnd"] = row["value_vnd"] if row["value_entered"] else None
        service_id = contributions.add(ledger, values)
        s_summary, s_after, s_user = ledger.conn.execute(
            "SELECT summary, after, user FROM audit WHERE table_name = 'contributions' AND record_id = ?",
            [service_id]).fetchone()
        assert (summary, user) == (s_summary, s_user)
        assert json.loads(after) == json.loads(s_after)
        service_row = records.get(ledger, "contributions", service_id)
        skip = {"id", "uuid", "created_at", "updated_at"}
        assert {k: v for k, v in row.items() if k not in skip} == \
            {k: v for k, v in service_row.items() if k not in skip}


def test_new_contributor_audit_and_keys_equal_the_service(ledger: Ledger, ward: dict[str, int],
                                                          contributions_book: Callable[..., Path]) -> None:
    path = contributions_book([contribution_row(stt=1, date="02/03/2026", group="Tổ 2", name="  Đặng   Thị Ngọc ",
                                                contributor_kind="Cá nhân", address="Số 3 Lý Thường Kiệt",
                                                kind="Tiền", quantity=10_000)])
    applying.apply(ledger, planning.plan(ledger, path), only_valid=False)
    row = ledger.conn.execute("SELECT * FROM contributors WHERE name = 'Đặng Thị Ngọc'").fetchone()
    cols = [d[0] for d in ledger.conn.execute("SELECT * FROM contributors LIMIT 0").description]
    bulk = dict(zip(cols, row, strict=True))
    service_id = contributors.add(ledger, {"name": "Đặng Thị Ngọc", "kind": "ca_nhan", "group_id": ward["g2"],
                                           "address": "Số 3 Lý Thường Kiệt"})
    service = records.get(ledger, "contributors", service_id)
    skip = {"id", "uuid", "created_at", "updated_at"}
    assert {k: v for k, v in bulk.items() if k not in skip} == {k: v for k, v in service.items() if k not in skip}
    audits = ledger.conn.execute("SELECT summary, after FROM audit WHERE table_name = 'contributors' AND record_id IN "
                                 "(?, ?) ORDER BY id", [bulk["id"], service_id]).fetchall()
    assert audits[0] == audits[1]


def test_summary_text_counts(ledger: Ledger, ward: dict[str, int], contributions_book: Callable[..., Path]) -> None:
    path = contributions_book([
        contribution_row(**GOOD), contribution_row(**{**GOOD, "stt": 2}),
        contribution_row(**{**GOOD, "stt": 3, "kind": "gạo"}),
    ])
    text = planning.plan(ledger, path).summary_text()
    assert "Đọc 3 dòng: 1 hợp lệ, 1 có lỗi, 1 có thể trùng." in text
    assert "Sẽ thêm: 0 tổ dân phố, 0 công trình, 1 người đóng góp mới, 1 khoản đóng góp (tổng giá trị 100.000 đồng)." \
        in text
    assert "Đóng góp, dòng 4, cột \"Hình thức\"" in text


def test_rows_in_a_locked_period_are_problems(ledger: Ledger, ward: dict[str, int],
                                              contributions_book: Callable[..., Path],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Contributions dated inside a period whose report was issued are refused, as contributions.add does."""
    lock = {"id": 1, "start": "2026-01-01", "end": "2026-06-30", "document_id": 1, "symbol": "05/BC-UBND",
            "doc_date": "2026-07-05"}
    monkeypatch.setattr("desktop.core.ledger.locks.active_locks", lambda led: [lock])
    path = contributions_book([contribution_row(**GOOD), contribution_row(**{**GOOD, "stt": 2, "date": "02/07/2026"})])
    plan = planning.plan(ledger, path)
    assert [str(p) for p in plan.problems] == [
        "Đóng góp, dòng 2, cột \"Ngày\": ngày 02/03/2026 thuộc kỳ đã ban hành báo cáo số 05/BC-UBND "
        "(01/01/2026–30/06/2026); số liệu kỳ này đã khóa. Muốn bổ sung, hãy mở khóa kỳ ở trang Báo cáo (ghi rõ lý do)."]
    assert [c.row for c in plan.ok_rows] == [3]
