"""The Chỉ tiêu tab: the year's targets, their results computed from the ledger or typed in, and the form that adds
or edits one."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.figures import targets
from desktop.core.ledger.periods import Period
from desktop.core.ledger.records import Changes
from desktop.core.text.vnformat import format_decimal, format_int
from desktop.ui.pages.report.widgets import ReportPart, new_table, table_item
from desktop.ui.record_dialog import Field, RecordDialog


class TargetsTab(ReportPart):
    def _targets_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.targets_label = QLabel()
        v.addWidget(self.targets_label)
        self.targets_table = new_table(["Chỉ tiêu", "Đơn vị", "Kế hoạch", "Kết quả", "Tỷ lệ (%)", "Kết quả lấy từ"])
        self.targets_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.targets_table.setColumnWidth(5, 260)
        self.targets_table.doubleClicked.connect(lambda _i: self.edit_target())
        v.addWidget(self.targets_table, 1)
        row = QHBoxLayout()
        self.add_target_button = QPushButton("Thêm chỉ tiêu…")
        self.edit_target_button = QPushButton("Sửa…")
        self.delete_target_button = QPushButton("Xóa")
        self.examples_button = QPushButton("Thêm các chỉ tiêu thường dùng")
        for b in (self.add_target_button, self.edit_target_button, self.delete_target_button, self.examples_button):
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        self.add_target_button.clicked.connect(lambda: self.edit_target(new=True))
        self.edit_target_button.clicked.connect(lambda: self.edit_target())
        self.delete_target_button.clicked.connect(self.delete_target)
        self.examples_button.clicked.connect(self.add_example_targets)
        return w

    def _fill_targets(self, rows: list[dict[str, Any]], period: Period) -> None:
        year = period.end[:4]
        self.targets_label.setText(f"Chỉ tiêu thi đua năm {year}. Kết quả “tính từ sổ” là số liệu "
                                   f"trong kỳ ({period.bounds_text}), đúng như in trong báo cáo.")
        self.targets_table.setRowCount(len(rows))
        self._target_ids = [r["id"] for r in rows]
        for i, t in enumerate(rows):
            result = "" if t["result"] is None else _num(t["result"])
            percent = "" if t["percent"] is None else format_decimal(t["percent"], 1, trim=True)
            cells = [t["name"], t["unit_label"] or "", _num(t["target_value"]), result, percent,
                     targets.SOURCE_LABELS.get(t["source"] or "", "")]
            for j, text in enumerate(cells):
                self.targets_table.setItem(i, j, table_item(text, right=j in (2, 3, 4)))
        self.examples_button.setVisible(not rows)
        self.edit_target_button.setEnabled(bool(rows))
        self.delete_target_button.setEnabled(bool(rows))

    def _target_id(self) -> int | None:
        row = self.targets_table.currentRow()
        ids = getattr(self, "_target_ids", [])
        return ids[row] if 0 <= row < len(ids) else None

    def target_fields(self) -> list[Field]:
        sources = [("", "Nhập tay (gõ kết quả bên dưới)")]
        sources += [(k, v) for k, v in targets.SOURCE_LABELS.items() if k]
        return [
            Field("name", "Tên chỉ tiêu", required=True),
            Field("unit_label", "Đơn vị tính", placeholder="hộ, m², m, đồng, %"),
            Field("target_value", "Kế hoạch (chỉ tiêu)", kind="number", required=True),
            Field("source", "Kết quả lấy từ", kind="choice", choices=sources),
            Field("result_value", "Kết quả (khi nhập tay)", kind="number",
                  hint="Để trống nếu kết quả tính từ sổ."),
            Field("note", "Ghi chú", kind="multiline"),
        ]

    def edit_target(self, new: bool = False) -> None:
        target_id = None if new else self._target_id()
        if not new and target_id is None:
            return
        year = int(self.period.currentData().end[:4])
        values: dict[str, Any] = {"year": year}
        if target_id is not None:
            row = self.ctx.reader.conn.execute(
                "SELECT name, unit_label, target_value, source, result_value, note FROM targets WHERE id = ?",
                [target_id]).fetchone()
            values = dict(zip(("name", "unit_label", "target_value", "source", "result_value", "note"), row,
                              strict=True))

        def save(vals: dict[str, Any], ok: Any, failed: Any) -> None:
            vals = {**vals, "source": vals.get("source") or None}
            if target_id is None:
                job = lambda led, v: Changes().add("targets", targets.add(led, {**v, "year": year}))  # noqa: E731
                self.ctx.worker.submit(job, vals, success=ok, failure=failed)
            else:
                self.ctx.worker.submit(targets.edit, target_id, vals, success=ok, failure=failed)

        title = "Thêm chỉ tiêu" if target_id is None else "Sửa chỉ tiêu"
        RecordDialog(self, f"{title} năm {year}", self.target_fields(), values, save).exec()

    def delete_target(self) -> None:
        target_id = self._target_id()
        if target_id is not None:
            self.ctx.worker.submit(targets.delete, target_id)

    def add_example_targets(self) -> None:
        year = int(self.period.currentData().end[:4])
        self.ctx.worker.submit(lambda led: (targets.add_examples(led, year), Changes().add("targets"))[1])


def _num(value: float) -> str:
    return format_int(int(value)) if float(value) == int(value) else format_decimal(float(value), 1)
