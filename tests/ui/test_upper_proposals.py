"""The upper level's "Đề nghị khen thưởng" tab (issue 17, "Sent upward, consolidated above"): a ward's proposals,
after its file is imported, are listed with their figures and Tờ trình, filtered by ward, form and outcome; the
received PDFs open in the viewer; "Ghi kết quả…" records the upper level's outcome (a refusal shows in the dialog,
nothing written); the consolidated list is saved as Excel and as PDF."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.exchange import handoff, proposals_above, upper
from desktop.core.report import narrative
from desktop.ui import file_dialogs, pdf_view
from desktop.ui.pages import upper_proposals
from desktop.ui.pages.upper import UpperPage
from tests.core.exchange_helpers import new_upper, register, sent_upward
from tests.ui.conftest import settle


def _upper_ledger(demo_path: Path, tmp_path: Path) -> tuple[Path, dict]:
    """A province ledger that has imported the demo ward's 2026 file (its upward proposals inside)."""
    ward = open_ledger(demo_path, user="Cán bộ")
    up_path = tmp_path / "tinh.sqlite"
    up = new_upper(up_path, user="Lê Thị Phương Thảo")
    try:
        unit = register(ward, up, tmp_path / "khoa.json")
        (tmp_path / "usb").mkdir()
        path = handoff.export(ward, narrative.parse_period(ward, "2026"), tmp_path / "usb")["path"]
        assert upper.import_files(up, [path])[0].action == "new"
        sent = sent_upward(ward)
    finally:
        ward.close()
        up.close()
    return up_path, {"unit": unit, "sent": sent}


def _pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    return re.sub(r"\s+", " ", " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))


def _pick(combo, data) -> None:  # noqa: ANN001 - a QComboBox
    combo.setCurrentIndex(combo.findData(data))


def test_the_upper_level_lists_filters_records_and_exports(qtbot: QtBot, demo_path: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.app import run

    up_path, ward = _upper_ledger(demo_path, tmp_path)
    assert ward["sent"]
    _app, win = run(str(up_path))
    assert win is not None
    qtbot.addWidget(win)
    try:
        page = win.page("exchange")
        assert isinstance(page, UpperPage)
        page.tabs.setCurrentIndex(page.proposals_tab)
        settle(qtbot, win)
        tab = page.tabs.widget(page.proposals_tab)
        assert isinstance(tab, upper_proposals.ProposalsTab)
        assert tab.period.currentData().code == "2026"
        names = {tab.table.item(i, 1).text() for i in range(tab.table.rowCount())}
        assert names == ward["sent"]
        assert tab.table.item(0, 0).text() == ward["unit"]["name"]
        assert tab.table.item(0, 4).text().startswith(tab.shown[0]["submission_no"])
        assert tab.table.item(0, 5).text() == "Đang xét"

        # the detail: the figures and the received PDFs, opened in the app's viewer
        tab.table.selectRow(0)
        settle(qtbot, win)
        first = tab.shown[0]
        assert "Tổng giá trị" in tab.detail.text() and first["submission_no"] in tab.detail.text()
        assert [f["what"] for f in tab.files][:2] == ["Báo cáo tóm tắt thành tích", "Báo cáo thành tích"]
        seen: dict[str, bytes] = {}
        monkeypatch.setattr(pdf_view.PdfPreview, "exec", lambda self: seen.setdefault(self.file_name, self.data))
        tab.file_list.setCurrentRow(1)
        tab.open_file()
        assert next(iter(seen.values())).startswith(b"%PDF")

        # "Ghi kết quả…": Trả lại without a reason is refused in the dialog, nothing written; then Được khen
        tab.ask_outcome()
        dialog = tab.dialog
        _pick(dialog.status, "tra_lai")
        dialog.ok.click()
        settle(qtbot, win)
        assert dialog.isVisible() and "lý do" in dialog.error.text()
        assert win.ctx.reader.conn.execute("SELECT count(*) FROM upper_outcomes").fetchone()[0] == 0
        _pick(dialog.status, "duoc_khen")
        dialog.number.setText("321/QĐ-UBND")
        dialog.date.setDate(QDate.currentDate())
        dialog.ok.click()
        settle(qtbot, win)
        assert not dialog.isVisible()
        assert proposals_above.get(win.ctx.reader, first["uuid"])["decision_no"] == "321/QĐ-UBND"
        granted = next(i for i in range(tab.table.rowCount()) if tab.shown[i]["uuid"] == first["uuid"])
        assert tab.table.item(granted, 5).text().startswith("Được khen (Quyết định số 321/QĐ-UBND")

        # the filters: by outcome, by ward, by form
        _pick(tab.outcome, "duoc_khen")
        assert [r["uuid"] for r in tab.shown] == [first["uuid"]] and tab.table.rowCount() == 1
        assert "đang hiện 1 theo bộ lọc" in tab.summary.text() or len(ward["sent"]) == 1
        _pick(tab.outcome, "dang_xet")
        assert first["uuid"] not in {r["uuid"] for r in tab.shown}
        _pick(tab.outcome, None)
        _pick(tab.ward, ward["unit"]["code"])
        _pick(tab.kind, first["kind_name"])
        assert tab.table.rowCount() == sum(r["kind_name"] == first["kind_name"] for r in tab.rows)

        # the exports, with the filters chosen
        _pick(tab.outcome, "duoc_khen")
        out = {"pdf": tmp_path / "ds.pdf", "xlsx": tmp_path / "ds.xlsx"}
        monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName",
                            lambda *a: (str(out["pdf" if a[2].endswith(".pdf") else "xlsx"]), ""))
        tab.export("pdf")
        tab.export("xlsx")
        settle(qtbot, win)
        text = _pdf_text(out["pdf"].read_bytes())
        assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG CỦA CÁC ĐƠN VỊ CẤP XÃ" in text
        assert f"đơn vị: {ward['unit']['name']}" in text and "kết quả: Được khen" in text
        assert first["nominee_name"] in text and "321/QĐ-UBND" in text and "Tổng cộng 1 trường hợp" in text
        ws = load_workbook(out["xlsx"]).active
        assert [ws.cell(row=i, column=3).value for i in range(4, ws.max_row + 1)] == [first["nominee_name"]]
        assert "321/QĐ-UBND" in ws.cell(row=4, column=11).value
        tab.preview()
        settle(qtbot, win)
        assert _pdf_text(seen["Danh-sach-de-nghi-khen-thuong-cac-xa-2026.pdf"]).count(first["nominee_name"]) == 1
    finally:
        win.ctx.worker.wait_idle()
        win.ctx.worker.close()
        win.ctx.reader.close()


def test_a_ward_without_proposals_in_the_period_says_so(qtbot: QtBot, demo_path: Path, tmp_path: Path) -> None:
    from desktop.app import run

    up_path, _ = _upper_ledger(demo_path, tmp_path)
    _app, win = run(str(up_path))
    assert win is not None
    qtbot.addWidget(win)
    try:
        page = win.page("exchange")
        page.tabs.setCurrentIndex(page.proposals_tab)
        settle(qtbot, win)
        tab = page.tabs.widget(page.proposals_tab)
        codes = [tab.period.itemData(i).code for i in range(tab.period.count())]
        tab.period.setCurrentIndex(codes.index(f"{dt.date.today().year - 1}"))
        settle(qtbot, win)
        assert tab.table.rowCount() == 0 and "Chưa có đề nghị khen thưởng nào" in tab.summary.text()
        assert not tab.outcome_button.isEnabled()
    finally:
        win.ctx.worker.wait_idle()
        win.ctx.worker.close()
        win.ctx.reader.close()
