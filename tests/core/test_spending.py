"""Công khai thu – chi (issue 20): a work's balance against the ledger (cash received, in-kind apart, per tổ dân
phố), the spending rows' checks, the settlement import with its row errors, the public notice's figures and no
personal numbers in it, and the summary for the report."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import Workbook

from db.connection import Ledger
from desktop.core.errors import UserError, ValidationError
from desktop.core.intake import spending_import
from desktop.core.ledger import contributions, periods, work_spending
from desktop.core.pdf import nd30
from desktop.core.report import spending, spending_notice
from desktop.core.text.vnformat import format_int

TODAY = dt.date.today()


def _text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    pages = [unicodedata.normalize("NFC", pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    return " ".join(" ".join(p.split()) for p in pages)


def _kept_works(ledger: Ledger) -> list[int]:
    return [r[0] for r in ledger.conn.execute(
        "SELECT DISTINCT work_id FROM work_spending WHERE deleted_at IS NULL ORDER BY work_id")]


def _cash_in_ledger(ledger: Ledger, work_id: int) -> int:
    """The cash of a work counted straight from the contributions table, not through the module under test."""
    return ledger.conn.execute(
        "SELECT coalesce(sum(value_vnd), 0) FROM contributions WHERE work_id = ? AND kind = 'money' "
        "AND status = 'received' AND deleted_at IS NULL", [work_id]).fetchone()[0]


def test_demo_balances_agree_with_the_ledger(demo_ledger: Ledger) -> None:
    works = _kept_works(demo_ledger)
    assert len(works) == 2
    balances = [spending.work_balance(demo_ledger, w) for w in works]
    for wid, b in zip(works, balances, strict=True):
        assert b["received_vnd"] == _cash_in_ledger(demo_ledger, wid) > 0
        spent = demo_ledger.conn.execute("SELECT sum(amount_vnd) FROM work_spending WHERE work_id = ? "
                                         "AND deleted_at IS NULL", [wid]).fetchone()[0]
        assert b["spent_vnd"] == spent
        assert b["balance_vnd"] == b["received_vnd"] - b["spent_vnd"]
        assert sum(g["received_vnd"] for g in b["groups"]) == b["received_vnd"]  # the per-tổ split adds up
        assert sum(b["in_kind"].values()) == b["in_kind_vnd"]
    # One completed work spent to the last đồng, one under construction with a small surplus.
    statuses = {demo_ledger.conn.execute("SELECT status FROM works WHERE id = ?", [w]).fetchone()[0]: b
                for w, b in zip(works, balances, strict=True)}
    assert statuses["hoan_thanh"]["balance_vnd"] == 0
    surplus = statuses["dang_thi_cong"]
    assert 0 < surplus["balance_vnd"] < surplus["received_vnd"] * 0.05


def test_in_kind_is_apart_from_the_cash(demo_ledger: Ledger) -> None:
    wid = _kept_works(demo_ledger)[0]
    before = spending.work_balance(demo_ledger, wid)
    cid, gid = demo_ledger.conn.execute(
        "SELECT contributor_id, group_id FROM contributions WHERE work_id = ? LIMIT 1", [wid]).fetchone()
    contributions.add(demo_ledger, {"contributor_id": cid, "group_id": gid, "work_id": wid, "date": TODAY.isoformat(),
                                    "kind": "materials", "quantity": 10, "unit": "bao", "value_vnd": 900_000})
    after = spending.work_balance(demo_ledger, wid)
    assert after["received_vnd"] == before["received_vnd"]
    assert after["in_kind_vnd"] == before["in_kind_vnd"] + 900_000
    assert after["in_kind"]["materials"] == before["in_kind"].get("materials", 0) + 900_000


def test_a_row_is_checked_and_a_duplicate_refused(demo_ledger: Ledger) -> None:
    wid = _kept_works(demo_ledger)[0]
    with pytest.raises(ValidationError) as err:
        work_spending.add(demo_ledger, {"work_id": wid, "item": " ", "amount_vnd": "0",
                                        "spent_on": (TODAY + dt.timedelta(days=3)).isoformat()})
    assert set(err.value.errors) == {"item", "amount_vnd", "spent_on"}
    assert "còn ở phía trước" in err.value.errors["spent_on"]
    with pytest.raises(ValidationError) as err:
        work_spending.add(demo_ledger, {"work_id": wid, "item": "Cát", "amount_vnd": "12,5",
                                        "spent_on": "31/02/2026"})
    assert set(err.value.errors) == {"amount_vnd", "spent_on"}
    values = {"work_id": wid, "item": "Mua cát vàng", "amount_vnd": "2,5 triệu", "spent_on": TODAY.isoformat(),
              "document": "HĐ 99"}
    rid = work_spending.add(demo_ledger, values)
    assert demo_ledger.conn.execute("SELECT amount_vnd FROM work_spending WHERE id = ?", [rid]).fetchone()[0] \
        == 2_500_000
    with pytest.raises(ValidationError, match="đã có trong sổ"):
        work_spending.add(demo_ledger, {**values, "item": "MUA CAT VANG"})
    work_spending.edit(demo_ledger, rid, {"amount_vnd": "3.000.000"})
    work_spending.delete(demo_ledger, rid)
    assert rid not in [r["id"] for r in work_spending.rows(demo_ledger, wid)]
    work_spending.restore(demo_ledger, rid)
    assert rid in [r["id"] for r in work_spending.rows(demo_ledger, wid)]
    actions = [a for (a,) in demo_ledger.conn.execute(
        "SELECT action FROM audit WHERE table_name = 'work_spending' AND record_id = ? ORDER BY id", [rid])]
    assert actions == ["create", "update", "delete", "restore"]


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Quyết toán"
    ws.append(["BẢNG QUYẾT TOÁN"])
    ws.append(["STT", "Nội dung chi", "Ngày", "Chứng từ", "Thành tiền"])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    for r in rows:
        ws.append(r)
    ws.append(["", "Tổng cộng", "", "", 1])
    ws.append(["", "Người lập biểu", "01/01/2000", "", "x"])  # under the totals: a signature, not read
    wb.save(path)
    return path


def test_settlement_import_names_each_bad_row(demo_ledger: Ledger, tmp_path: Path) -> None:
    wid = _kept_works(demo_ledger)[1]
    existing = work_spending.rows(demo_ledger, wid)[0]
    future = (TODAY + dt.timedelta(days=40)).strftime("%d/%m/%Y")
    path = _workbook(tmp_path / "qt.xlsx", [
        [1, "Đá 1x2", dt.date(2026, 1, 5), "HĐ 31", 12_500_000],
        [2, "Nhân công", "06/01/2026", "BB 32", "3 triệu"],
        [3, "", "07/01/2026", "BB 33", "1.000.000"],
        [4, "Máy đầm", "31/02/2026", "HĐ 34", "abc"],
        [5, "Xe chở đất", future, "HĐ 35", 900_000],
        [6, "Đá 1x2", dt.date(2026, 1, 5), "HĐ 31", 12_500_000],
        [7, existing["item"], existing["spent_on"], existing["document"], existing["amount_vnd"]],
    ])
    before = spending.work_balance(demo_ledger, wid)["spent_vnd"]
    plan = spending_import.plan(demo_ledger, wid, path)
    assert [r.row for r in plan.rows] == [4, 5] and plan.total_vnd == 15_500_000
    where = {(p.row, p.column): p for p in plan.problems}
    assert set(where) == {(6, "Nội dung chi"), (7, "Số tiền"), (7, "Ngày"), (8, "Ngày"), (9, "Nội dung chi"),
                          (10, "Nội dung chi")}
    assert where[(7, "Số tiền")].text == "abc" and "Trang \"Quyết toán\", dòng 7, cột \"Số tiền\"" in \
        str(where[(7, "Số tiền")])
    assert "trùng với dòng 4" in where[(9, "Nội dung chi")].message
    assert "đã có trong sổ" in where[(10, "Nội dung chi")].message
    with pytest.raises(UserError, match="còn 6 lỗi"):
        spending_import.apply(demo_ledger, plan)
    assert spending.work_balance(demo_ledger, wid)["spent_vnd"] == before  # refused: nothing written
    spending_import.apply(demo_ledger, plan, only_valid=True)
    assert spending.work_balance(demo_ledger, wid)["spent_vnd"] == before + 15_500_000
    again = spending_import.plan(demo_ledger, wid, path)  # imported twice: its rows are now duplicates
    assert not again.rows


def test_a_file_without_the_columns_is_refused(demo_ledger: Ledger, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["Họ và tên", "Số tiền"])
    wb.save(tmp_path / "khac.xlsx")
    with pytest.raises(UserError, match="Nội dung chi"):
        spending_import.plan(demo_ledger, _kept_works(demo_ledger)[0], tmp_path / "khac.xlsx")


@pytest.fixture
def personal_numbers(demo_ledger: Ledger) -> list[str]:
    """Every contributor given a phone and a CCCD, as a real register has."""
    numbers = []
    with demo_ledger.transaction():
        for i, (cid,) in enumerate(demo_ledger.conn.execute("SELECT id FROM contributors").fetchall()):
            phone, cccd = f"0905{i:06d}", f"0510{i:08d}"
            numbers += [phone, cccd]
            demo_ledger.conn.execute("UPDATE contributors SET phone = ?, cccd = ? WHERE id = ?", [phone, cccd, cid])
    return numbers


def test_notice_figures_and_no_personal_numbers(demo_ledger: Ledger, personal_numbers: list[str]) -> None:
    wid = _kept_works(demo_ledger)[1]
    b = spending.work_balance(demo_ledger, wid, TODAY.isoformat())
    text = _text(spending_notice.render(demo_ledger, wid, date=TODAY))
    assert "THÔNG BÁO" in text and "Công khai thu, chi các khoản đóng góp của Nhân dân" in text
    for amount in (b["received_vnd"], b["spent_vnd"], b["balance_vnd"]):
        assert format_int(amount) in text
    for r in b["spending"]:
        assert format_int(r["amount_vnd"]) in text
    for g in b["groups"]:
        assert g["group"] in text and format_int(g["received_vnd"]) in text
    for giver in spending.givers(demo_ledger, wid):
        assert giver["name"] in text
    assert sum(g["amount_vnd"] for g in spending.givers(demo_ledger, wid)) == b["received_vnd"]
    shares = 0
    for g in b["groups"]:
        part = _text(spending_notice.render(demo_ledger, wid, g["group_id"], date=TODAY))
        assert f"{g['group']} đã đóng góp {format_int(g['received_vnd'])} đồng" in part
        assert format_int(b["spent_vnd"]) in part  # the work's spending, in every tổ's notice
        shares += g["received_vnd"]
        text += part
    assert shares == b["received_vnd"]
    digits = set(re.findall(r"\d{9,12}", text.replace(".", "")))
    assert not digits & set(personal_numbers)
    assert not any(n in text for n in personal_numbers)


def test_an_overspent_work_says_so(demo_ledger: Ledger) -> None:
    wid = _kept_works(demo_ledger)[1]
    b = spending.work_balance(demo_ledger, wid)
    work_spending.add(demo_ledger, {"work_id": wid, "item": "Làm thêm rãnh thoát nước", "spent_on": TODAY.isoformat(),
                                    "amount_vnd": b["balance_vnd"] + 2_000_000})
    after = spending.work_balance(demo_ledger, wid)
    assert after["balance_vnd"] == -2_000_000 and after["overspent"]
    assert spending.balance_words(after) == "chi vượt số thu 2.000.000 đồng"
    doc = spending_notice.document(demo_ledger, wid, date=TODAY)
    assert "chi vượt số thu 2.000.000 đồng" in _text(nd30.render(doc))


def test_summary_and_sentence_for_the_report(demo_ledger: Ledger) -> None:
    found = False
    for code in ("2025-H1", "2025-H2", "2026-H1", "2026-H2"):
        period = periods.parse(code)
        if period.start > TODAY.isoformat():
            continue
        rows = spending.spending_summary(demo_ledger, period)
        for r in rows:
            b = spending.work_balance(demo_ledger, r["work_id"], period.end)
            assert (r["received_vnd"], r["spent_vnd"], r["balance_vnd"]) == \
                (b["received_vnd"], b["spent_vnd"], b["balance_vnd"])
        sentence = spending.spending_sentence(demo_ledger, period)
        if rows:
            found = True
            assert format_int(sum(r["received_vnd"] for r in rows)) in sentence
            assert format_int(sum(r["spent_vnd"] for r in rows)) in sentence
        else:
            assert sentence == ""
    assert found
    assert spending.spending_sentence(demo_ledger, periods.parse("2024")) == ""


def test_export_xlsx(demo_ledger: Ledger, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wid = _kept_works(demo_ledger)[0]
    path = spending.export_xlsx(demo_ledger, wid, tmp_path / "thu-chi.xlsx")
    ws = load_workbook(path).active
    amounts = [row[4] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert amounts[-1] == spending.work_balance(demo_ledger, wid)["spent_vnd"] == sum(amounts[:-1])


def test_the_report_tells_the_thu_chi_in_its_results_section(demo_ledger: Ledger) -> None:
    # Issue 20: the công khai thu – chi is "summarised in the report" — the drafted II.1 carries the sentence,
    # whose figures are the ledger's (the summary above is checked against the balances).
    from desktop.core.report import narrative

    told = 0
    for code in ("2026-H1", "2026"):
        period = periods.parse(code)
        sentence = spending.spending_sentence(demo_ledger, period)
        text, edited = narrative.texts(demo_ledger, period)["ket_qua"]
        assert not edited
        if sentence:
            told += 1
            assert sentence in text
        else:
            assert "công khai thu, chi" not in text
    assert told
