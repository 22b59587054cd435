"""Trao đổi dữ liệu: the ward writes its period's file to a USB stick (the upper level's side, which registers the
wards, imports their files and consolidates, is the package desktop.ui.pages.upper).

The period and table helpers here are shared with the upper level's tabs.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.exchange import handoff, keys
from desktop.core.figures import figures
from desktop.core.ledger import periods, signing_key
from desktop.core.report import narrative, register
from desktop.core.text.vnformat import format_date
from desktop.ui import file_dialogs, key_dialogs
from desktop.ui.list_page import AppContext
from desktop.ui.messages import show_error
from desktop.ui.stale import RefreshOnChange

PERSONAL_WARNING = ("Số CCCD và điện thoại là dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân). "
                    "Chỉ kèm theo khi cấp trên yêu cầu bằng văn bản; giữ USB cẩn thận và xóa tệp sau khi gửi.")


def _period_combo(ctx: AppContext) -> QComboBox:
    combo = QComboBox()
    start = ctx.unit.get("period_start") or "01-01"
    current = periods.parse(periods.current_half(), start)
    for p in periods.choices(period_start=start):
        combo.addItem(p.label[0].upper() + p.label[1:], p)
    codes = [combo.itemData(i).code for i in range(combo.count())]
    combo.setCurrentIndex(codes.index(current.code) if current.code in codes else 0)
    return combo


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    t.setAlternatingRowColors(True)
    return t


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


class ExchangePage(RefreshOnChange, QWidget):
    """The ward's side."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        v = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(_title("Trao đổi dữ liệu"))
        top.addStretch(1)
        top.addWidget(QLabel("Kỳ báo cáo:"))
        self.period = _period_combo(ctx)
        self.period.currentIndexChanged.connect(self.refresh)
        top.addWidget(self.period)
        v.addLayout(top)

        # Shown only when the clerk opened a .thidua file (double-click in Windows): what it is, whether it checks out.
        self.package_box = QGroupBox("Tệp dữ liệu vừa mở")
        self.package_info = QLabel()
        self.package_info.setWordWrap(True)
        self.package_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self.package_box).addWidget(self.package_info)
        self.package_box.setVisible(False)
        v.addWidget(self.package_box)

        box = QGroupBox("Gửi số liệu lên cấp trên (USB)")
        b = QVBoxLayout(box)
        self.state = QLabel()
        self.state.setWordWrap(True)
        b.addWidget(self.state)
        self.personal = QCheckBox("Kèm số CCCD và điện thoại của người đóng góp")
        b.addWidget(self.personal)
        warning = QLabel(PERSONAL_WARNING)
        warning.setWordWrap(True)
        warning.setObjectName("hint")
        b.addWidget(warning)
        row = QHBoxLayout()
        self.export_button = QPushButton("Lập tệp và ghi ra USB…")
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(self.export)
        row.addWidget(self.export_button)
        row.addStretch(1)
        b.addLayout(row)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        b.addWidget(self.result)
        v.addWidget(box)

        key_box = QGroupBox("Khóa ký số của đơn vị")
        k = QVBoxLayout(key_box)
        self.fingerprint = QLabel()
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        k.addWidget(self.fingerprint)
        hint = QLabel("Cấp trên đăng ký khóa công khai này một lần; mỗi tệp gửi lên được ký bằng khóa của đơn vị "
                      "để cấp trên biết tệp đúng của phường/xã và không bị sửa trên đường đi. Khi đăng ký, hai bên "
                      "đọc so dấu vân tay qua điện thoại.")
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        k.addWidget(hint)
        self.key_state = QLabel()  # the key file on this PC: usable, or what happened and what to do
        self.key_state.setWordWrap(True)
        self.key_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        k.addWidget(self.key_state)
        row = QHBoxLayout()
        key_button = QPushButton("Xuất khóa công khai…")
        key_button.clicked.connect(self.export_key)
        row.addWidget(key_button)
        self.backup_key_button = QPushButton("Sao lưu khóa ký…")
        self.backup_key_button.clicked.connect(lambda: key_dialogs.backup_key(self, self.ctx, self._key_done))
        row.addWidget(self.backup_key_button)
        self.restore_key_button = QPushButton("Khôi phục khóa ký…")
        self.restore_key_button.clicked.connect(lambda: key_dialogs.restore_key(self, self.ctx, self._key_done))
        row.addWidget(self.restore_key_button)
        new_key_button = QPushButton("Tạo khóa mới…")
        new_key_button.clicked.connect(lambda: key_dialogs.new_key(self, self.ctx, self._key_done))
        row.addWidget(new_key_button)
        row.addStretch(1)
        k.addLayout(row)
        v.addWidget(key_box)
        v.addStretch(1)
        ctx.worker.changed.connect(self.on_changes)

    def watched_tables(self) -> set[str]:
        return {"documents", "contributions", "signing_keys"}

    def refresh(self) -> None:
        self._stale = False
        p = self.period.currentData()

        def job(led: Ledger) -> dict[str, Any]:
            return {"issued": register.current(led, narrative.KIND, p.code), "key": signing_key.status(led),
                    "totals": figures.totals(led, p)}

        self.ctx.worker.submit(job, success=lambda s: self._show(p, s))

    def _show(self, period: periods.Period, state: dict[str, Any]) -> None:
        if period is not self.period.currentData():
            return
        doc, t = state["issued"], state["totals"]
        people = figures.format_value("contributors", t["contributors"])
        value = figures.format_value("total_value_vnd", t["total_value_vnd"])
        what = f"Kỳ {period.label} ({period.bounds_text}): {people} người/hộ đóng góp, tổng giá trị {value} đồng. "
        if doc:
            what += f"Tệp sẽ kèm <b>Báo cáo số {doc['symbol']}</b> ngày {format_date(doc['doc_date'])}."
        else:
            what += "<b>Kỳ này chưa ban hành báo cáo</b>: tệp chỉ gồm số liệu (ban hành ở trang Báo cáo để kèm theo)."
        self.state.setText(what)
        self.fingerprint.setText(f"Dấu vân tay: <b>{state['key']['fingerprint']}</b>")
        key = state["key"]
        if key["state"] == "ok":
            self.key_state.setText(f"✔ Khóa ký riêng lưu trên máy này ({html.escape(str(key['path']))}), không nằm "
                                   "trong sổ và các bản sao lưu sổ. Nên <b>sao lưu khóa ký</b> (có mật khẩu) một lần.")
        else:
            self.key_state.setText("⚠ " + html.escape(key["message"]).replace("\n", "<br>"))
        self.backup_key_button.setEnabled(key["state"] == "ok")

    def _key_done(self, text: str) -> None:
        self.result.setText(text)
        self.refresh()

    def export(self) -> None:
        folder = file_dialogs.pick_folder(self, "handoff", "Chọn ổ USB hoặc thư mục nhận tệp")
        name = handoff.file_name(self.ctx.unit.get("code") or "", self.period.currentData())
        if folder and file_dialogs.confirm_overwrite_in(self, folder, [name]):
            self.export_to(folder)

    def export_to(self, folder: Path) -> None:
        p = self.period.currentData()
        personal = self.personal.isChecked()
        self.result.setText("Đang lập tệp, ghi và kiểm tra lại…")
        self.export_button.setEnabled(False)

        def done(result: dict[str, Any]) -> None:
            self.export_button.setEnabled(True)
            notes = "".join(f"<br>⚠ {w}" for w in result["warnings"])
            self.result.setText(f"✔ Đã ghi và kiểm tra lại <b>{result['path']}</b> ({result['size']:,} byte)."
                                .replace(",", ".") + " <b>Có thể rút USB.</b>" + notes)

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            self.result.setText("✘ Chưa ghi được tệp.")
            show_error(self, exc)

        self.ctx.worker.submit(lambda led: handoff.export(led, p, folder, personal=personal), success=done,
                               failure=failed)

    def open_package(self, path: Path) -> None:
        """A ward ledger does not import handoff files: say what the file is and verify it (integrity always,
        the signature when it is this ward's own file)."""
        self.package_box.setVisible(True)
        self.package_info.setText(f"Đang kiểm tra tệp {path.name}…")

        def job(led: Ledger) -> tuple[handoff.Package, bool]:
            pkg = handoff.read(path)  # structure, format, SHA-256 of every member
            own = signing_key.ensure_ward_key(led)
            if pkg.manifest.get("key_fingerprint") != own["fingerprint"]:
                return pkg, False
            signed = handoff.read(path, trusted_keys={own["fingerprint"]: own["public_key"]})
            return signed, True

        def refused(exc: BaseException) -> None:
            self.package_info.setText(f"✘ {html.escape(str(exc))}")

        self.ctx.worker.submit(job, success=lambda r: self._show_package(path, *r), failure=refused)

    def _show_package(self, path: Path, pkg: handoff.Package, own: bool) -> None:
        m = pkg.manifest  # from a file that may not be signed by a known key: every value is shown as text

        def field(obj: Any, key: str) -> str:
            return html.escape(str(obj.get(key) or "")) if isinstance(obj, dict) else ""

        unit, period, doc = m.get("unit"), m.get("period"), m.get("report")
        lines = [
            f"Tệp <b>{html.escape(path.name)}</b> là tệp dữ liệu gửi cấp trên của <b>{field(unit, 'name')}</b> "
            f"({field(unit, 'code')}), {field(period, 'label')}, lập lúc {field(m, 'created_at')}.",
            "Sổ này là sổ của phường/xã nên không nhận tệp; cấp trên nhận tệp ở trang “Tổng hợp phường, xã”.",
            "✔ Nguyên vẹn: mã SHA-256 của từng thành phần khớp.",
            (f"✔ Chữ ký số hợp lệ: tệp do chính đơn vị này lập (khóa {pkg.signed_by})." if own else
             f"⚠ Chữ ký số chưa kiểm tra được: tệp được ký bằng khóa {field(m, 'key_fingerprint') or '(không có)'}, "
             "không phải khóa của đơn vị này."),
            f"Báo cáo kèm theo: {field(doc, 'symbol') or 'không có'}; {len(pkg.data['contributions'])} khoản đóng góp.",
        ]
        self.package_info.setText("<br>".join(lines))

    def export_key(self) -> None:
        name = f"khoa-cong-khai-{self.ctx.unit.get('code') or 'don-vi'}.json"
        path = file_dialogs.save_file(self, "handoff", "Lưu khóa công khai", name, "Tệp khóa (*.json)")
        if path:
            self.ctx.worker.submit(keys.export_public_key, path,
                                   success=lambda p: self.result.setText(f"Đã ghi khóa công khai: {p}"))
