"""The register's dialogs: the list of communes imported from Excel (preview, then one transaction), a ward's details
edited, and its key registered by file with the fingerprint read back (shown large, 8 groups of 4)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.exchange import keys, ward_register
from desktop.core.ledger import periods
from desktop.core.ledger.records import Changes
from desktop.ui import file_dialogs
from desktop.ui.list_page import AppContext
from desktop.ui.messages import show_error
from desktop.ui.pages.exchange_page import _table

RED = "#b71c1c"


def period_combo(ctx: AppContext, chosen: str | None = None) -> QComboBox:
    """The half-years a ward may start reporting from (oldest 2025-H1); `chosen` preselected."""
    combo = QComboBox()
    start = ctx.unit.get("period_start") or "01-01"
    for p in periods.choices(period_start=start):
        if len(p.code) == 7:  # half-years only: a ward joins at the start of one
            combo.addItem(p.label[0].upper() + p.label[1:], p.code)
    codes = [combo.itemData(i) for i in range(combo.count())]
    want = chosen or periods.current_half()
    combo.setCurrentIndex(codes.index(want) if want in codes else 0)
    return combo


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox()
    dialog.ok = buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)  # type: ignore[attr-defined]
    buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ListImportDialog(QDialog):
    """Nhập danh sách phường/xã: the file read and planned on the worker; the table says what each row would do;
    "Nhập" writes all of it in one transaction (updates of registered wards only when ticked)."""

    def __init__(self, parent: QWidget, ctx: AppContext, path: Path):
        super().__init__(parent)
        self.ctx, self.path, self.rows = ctx, path, []
        self.setWindowTitle("Nhập danh sách phường, xã từ Excel")
        v = QVBoxLayout(self)
        self.info = QLabel(f"Đang đọc {html.escape(path.name)}…")
        self.info.setWordWrap(True)
        v.addWidget(self.info)
        form = QFormLayout()
        self.joined = period_combo(ctx, "2025-H2")
        self.joined.currentIndexChanged.connect(self.replan)
        form.addRow("Đơn vị mới báo cáo từ kỳ:", self.joined)
        v.addLayout(form)
        self.table = _table(["Trang, dòng", "Mã", "Tên đơn vị", "Loại", "Sẽ làm"])
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        for col, width in ((0, 130), (1, 70), (2, 240), (3, 80)):
            self.table.setColumnWidth(col, width)
        v.addWidget(self.table, 1)
        self.update_box = QCheckBox("Đồng ý cập nhật tên, loại, người liên hệ của các đơn vị đã có theo tệp")
        self.update_box.setVisible(False)
        v.addWidget(self.update_box)
        v.addWidget(_buttons(self, "Nhập"))
        self.ok.setEnabled(False)  # type: ignore[attr-defined]
        self.resize(900, 560)
        self.replan()

    def replan(self) -> None:
        from desktop.core.intake import ward_list

        path, joined = self.path, self.joined.currentData()

        def job(led: Ledger) -> tuple[list, ward_register.ListPlan]:
            rows = [(r.sheet, r.row, r.cells) for r in ward_list.read(path).rows]
            return rows, ward_register.plan(led, rows, source=path.name, joined_period=joined)

        def failed(exc: BaseException) -> None:
            self.info.setText(f"<span style='color:{RED}'>✘ {html.escape(str(exc))}</span>")

        self.ctx.worker.submit(job, success=self._planned, failure=failed)

    def _planned(self, result: tuple[list, ward_register.ListPlan]) -> None:
        self.rows, plan = result
        self.plan = plan
        lines = [(p.sheet, p.row, p.text if p.column == ward_register.LABELS["code"] else "", "", "",
                  f"✘ {p.column}: {p.message}", RED) for p in plan.problems]
        lines += [(w["where"]["sheet"], w["where"]["row"], w["code"], w["name"], ward_register.kind_label(w["kind"]),
                   "Thêm mới (chưa có khóa)", "#1b5e20") for w in plan.new]
        lines += [(u["where"]["sheet"], u["where"]["row"], u["code"], u["after"].get("name", u["name"]), "",
                   "Cập nhật: " + "; ".join(f"{ward_register.LABELS[k]} {u['before'].get(k) or '—'} → {val}"
                                            for k, val in u["after"].items()), "#e65100") for u in plan.updates]
        self.table.setRowCount(len(lines))
        for i, (sheet, row, *cells, colour) in enumerate(lines):
            for j, text in enumerate((f"{sheet}, dòng {row}", *cells)):
                item = QTableWidgetItem(str(text))
                if j == 4:
                    item.setForeground(QColor(colour))
                    item.setToolTip(str(text))
                self.table.setItem(i, j, item)
        self.table.resizeRowsToContents()
        summary = (f"Tệp {html.escape(self.path.name)}: <b>{len(plan.new)}</b> đơn vị mới, <b>{len(plan.updates)}"
                   f"</b> cần cập nhật, {len(plan.same)} đã có không đổi.")
        if plan.problems:
            summary += (f"<br><span style='color:{RED}'><b>{len(plan.problems)} lỗi</b>: sửa các ô được nêu trong "
                        "tệp Excel rồi nhập lại (chưa ghi gì).</span>")
        summary += "".join(f"<br>{html.escape(n)}" for n in plan.notes[:5])
        self.info.setText(summary)
        self.update_box.setVisible(bool(plan.updates))
        self.ok.setEnabled(not plan.problems and bool(plan.new or plan.updates))  # type: ignore[attr-defined]

    def accept(self) -> None:
        rows, joined, update = self.rows, self.joined.currentData(), self.update_box.isChecked()
        name = self.path.name

        def job(led: Ledger) -> Changes:
            ward_register.apply(led, rows, source=name, joined_period=joined, update_existing=update)
            return Changes().add("wards")

        self.ctx.worker.submit(job, failure=lambda exc: show_error(self, exc))
        super().accept()


class EditWardDialog(QDialog):
    """Sửa thông tin đơn vị: name, kind, contact, the first period it reports (code and key are not edited here)."""

    def __init__(self, parent: QWidget, ctx: AppContext, ward: dict[str, Any]):
        super().__init__(parent)
        self.setWindowTitle(f"Sửa thông tin {ward['name']} ({ward['code']})")
        form = QFormLayout(self)
        self.name = QLineEdit(ward["name"])
        self.kind = QComboBox()
        self.kind.addItem("(chưa ghi)", None)
        for code, text in ward_register.KINDS.items():
            self.kind.addItem(text, code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(ward.get("kind"))))
        self.contact_name = QLineEdit(ward.get("contact_name") or "")
        self.contact_phone = QLineEdit(ward.get("contact_phone") or "")
        self.joined = period_combo(ctx, ward.get("joined_period"))
        for label, widget in (("Tên đơn vị:", self.name), ("Loại:", self.kind), ("Người liên hệ:", self.contact_name),
                              ("Điện thoại:", self.contact_phone), ("Báo cáo từ kỳ:", self.joined)):
            form.addRow(label, widget)
        form.addRow(_buttons(self, "Lưu"))
        self.resize(520, 260)

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "kind": self.kind.currentData(), "contact_name": self.contact_name.text(),
                "contact_phone": self.contact_phone.text(), "joined_period": self.joined.currentData()}


def fingerprint_html(fingerprint: str) -> str:
    """The 32 hex digits large, as 2 lines of 4 groups: easy to read aloud group by group."""
    groups = fingerprint.split()
    lines = [" ".join(groups[i:i + 4]) for i in range(0, len(groups), 4)]
    return ("<div style='font-family:monospace; font-size:20pt; font-weight:bold; letter-spacing:2px'>"
            + "<br>".join(html.escape(x) for x in lines) + "</div>")


class KeyDialog(QDialog):
    """Đăng ký khóa: the ward's public-key file, read and checked at once; its fingerprint shown large for the clerk
    to compare with what the ward's officer reads over the phone; a replacement needs a reason."""

    def __init__(self, parent: QWidget, ward: dict[str, Any]):
        super().__init__(parent)
        self.ward, self.doc = ward, None
        self.setWindowTitle(f"Đăng ký khóa của {ward['name']} ({ward['code']})")
        v = QVBoxLayout(self)
        row = QHBoxLayout()
        self.key_path = QLineEdit()
        self.key_path.editingFinished.connect(self.read_key)
        choose = QPushButton("Chọn tệp…")
        choose.clicked.connect(self._choose)
        row.addWidget(QLabel("Tệp khóa công khai:"))
        row.addWidget(self.key_path, 1)
        row.addWidget(choose)
        v.addLayout(row)
        self.info = QLabel("Chọn tệp khóa công khai phường/xã gửi lên: dấu vân tay sẽ hiện ở đây, chữ lớn.")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.info, 1)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Lý do thay khóa (chỉ khi đơn vị đã có khóa), ví dụ số công văn của phường")
        self.reason.setVisible(bool(ward.get("fingerprint")))
        v.addWidget(self.reason)
        v.addWidget(_buttons(self, "Đăng ký khóa"))
        self.resize(640, 360)

    def _choose(self) -> None:
        path = file_dialogs.open_file(self, "handoff", "Tệp khóa công khai của phường/xã", "Tệp khóa (*.json)")
        if path:
            self.key_path.setText(str(path))
            self.read_key()

    def read_key(self) -> dict[str, Any] | None:
        text = self.key_path.text().strip()
        if not text:
            return None
        try:
            self.doc = keys.read_public_key(text, code=self.ward["code"])
        except UserError as exc:
            self.doc = None
            self.info.setText(f"<span style='color:{RED}'>✘ {html.escape(str(exc))}</span>")
            return None
        self.info.setText(
            f"Tệp khóa của <b>{html.escape(self.doc['unit']['name'])}</b> (mã {html.escape(self.ward['code'])}), chữ "
            f"ký của khóa hợp lệ. Dấu vân tay:{fingerprint_html(self.doc['fingerprint'])}Gọi điện cho cán bộ phường/"
            "xã, nhờ đọc dấu vân tay trên máy của họ (Trao đổi dữ liệu) và so từng nhóm 4 ký tự; chỉ bấm “Đăng ký "
            "khóa” khi khớp.")
        return self.doc

    def accept(self) -> None:
        if self.read_key() is None:
            if not self.key_path.text().strip():
                self.info.setText(f"<span style='color:{RED}'>✘ Chưa chọn tệp khóa công khai.</span>")
            return
        super().accept()
