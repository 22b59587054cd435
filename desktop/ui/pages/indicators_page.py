"""Chỉ tiêu phong trào: the movement's other criteria of a period (issue 20) — each indicator's value, its unit, who
gave it (typed by the clerk, reported by a unit, or computed from the ledger) — and the clerk's own value, typed
over the others with a note, or taken away again.

The values are read on the worker (`figures.indicators.period_values`); what the clerk types is read as people
write it (`indicators.parse_typed`: "1,2 tỷ", "185.000.000", "95,5") and checked by `set_value`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout

from desktop.core.figures import indicators
from desktop.core.ledger.periods import Period
from desktop.ui.pages.figures_pages import PeriodPage
from desktop.ui.pages.report.widgets import new_table, table_item
from desktop.ui.record_dialog import Field, RecordDialog

HEADERS = ["Chỉ tiêu", "Kết quả", "Đơn vị tính", "Cách có số liệu", "Nguồn (đơn vị báo cáo)", "Ghi chú"]
HOW = {"typed": "Nhập tay", "unit_report": "Đơn vị báo cáo", "computed": "Tính từ sổ", "": "Chưa có"}


class IndicatorsPage(PeriodPage):
    title = "Chỉ tiêu phong trào"

    def build(self, layout: QVBoxLayout) -> None:
        self.rows: list[dict[str, Any]] = []
        explain = QLabel("Các chỉ tiêu của phong trào ngoài đóng góp của Nhân dân. Số nhập tay được dùng trước; "
                         "nếu không có, lấy tổng số các đơn vị báo cáo trong kỳ; tỷ lệ được tính từ các số đã có. "
                         "Năm cộng hai kỳ 6 tháng (tỷ lệ và kế hoạch vốn lấy số của kỳ sau, không cộng).")
        explain.setObjectName("hint")
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.table = new_table(HEADERS)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 125), (2, 85), (3, 115), (4, 200), (5, 190)):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda _i: self.edit_value())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        self.edit_button = QPushButton("Nhập số…")
        self.edit_button.setToolTip("Nhập tay số của chỉ tiêu đang chọn (thay cho số đơn vị báo cáo hoặc số tính)")
        self.clear_button = QPushButton("Bỏ số nhập tay")
        self.clear_button.setToolTip("Bỏ số đã nhập tay: dùng lại số đơn vị báo cáo hoặc số tính từ sổ")
        for b in (self.edit_button, self.clear_button):
            row.addWidget(b)
        layout.addLayout(row)
        self.edit_button.clicked.connect(self.edit_value)
        self.clear_button.clicked.connect(self.clear_value)
        self._selection_changed()

    def watched_tables(self) -> set[str]:
        return {"indicator_values", "unit_reports", "reporting_units", "proposals", "groups", "unit"}

    def refresh(self) -> None:
        p = self.period.currentData()
        self._stale = False
        self.ctx.worker.submit(indicators.period_values, p, success=lambda rows: self._values_loaded(p, rows))

    def _values_loaded(self, period: Period, rows: list[dict[str, Any]]) -> None:
        if period is not self.period.currentData():
            return  # another period was picked meanwhile
        selected = self._selected()
        self.rows = rows
        self.bounds.setText(f"{period.label[0].upper()}{period.label[1:]} ({period.bounds_text}).")
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = [r["name"], indicators.format_value(r["kind"], r["value"]), r["unit"], HOW[r["source_kind"]],
                     r["source"] if r["source_kind"] == "unit_report" else "", r["note"] or r["about"]]
            for j, text in enumerate(cells):
                item = table_item(text, right=j == 1, bold=j == 1 and r["typed_here"])
                item.setToolTip(f"{r['name']}\nMã: {r['code']}" + (f"\n{r['about']}" if r["about"] else ""))
                self.table.setItem(i, j, item)
            if selected and r["code"] == selected["code"]:
                self.table.selectRow(i)
        known = sum(1 for r in rows if r["value"] is not None)
        self.status.setText(f"{known}/{len(rows)} chỉ tiêu đã có số liệu trong kỳ. Chỗ “…” là chưa có: nhập tay, "
                            "hoặc chờ báo cáo của đơn vị phụ trách. Bấm đúp một dòng để nhập số.")
        self._selection_changed()

    def _selected(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) and self.table.selectedItems() else None

    def _selection_changed(self) -> None:
        r = self._selected()
        self.edit_button.setEnabled(r is not None)
        self.clear_button.setEnabled(bool(r and r["typed_here"]))

    def edit_value(self) -> None:
        r = self._selected()
        if r is None:
            return
        period = self.period.currentData()
        typed = r["typed_here"]
        values = {"value": indicators.format_value(r["kind"], r["value"], "") if typed else "",
                  "note": r["note"] if typed else ""}
        example = {"money": "Ví dụ: 185.000.000 hoặc 1,2 tỷ", "percent": "Ví dụ: 95,5", "count": "Ví dụ: 3"}
        now = indicators.format_value(r["kind"], r["value"], "chưa có")
        fields = [
            Field("value", f"Kết quả ({r['unit']})", required=True, placeholder=example[r["kind"]],
                  hint=f"Hiện nay: {now} ({HOW[r['source_kind']].lower()}). Số nhập tay được dùng thay số khác."),
            Field("note", "Ghi chú (văn bản, nguồn số liệu)", kind="multiline"),
        ]

        def save(vals: dict[str, Any], ok: Any, failed: Any) -> None:
            def job(led: Any) -> Any:
                number = indicators.parse_typed(r["code"], str(vals.get("value") or ""))
                return indicators.set_value(led, period.code, r["code"], number, str(vals.get("note") or ""))

            self.ctx.worker.submit(job, success=ok, failure=failed)

        RecordDialog(self, f"{r['name']} — {period.label}", fields, values, save).exec()

    def clear_value(self) -> None:
        r = self._selected()
        if r is None or not r["typed_here"]:
            return
        period = self.period.currentData()
        self.ctx.worker.submit(indicators.clear_value, period.code, r["code"])
