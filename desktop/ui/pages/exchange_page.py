"""Trao đổi dữ liệu: the ward writes its period's file to a USB stick; the upper level registers its
wards, imports their files (verified first, with a dry run), sees who is late, and consolidates.

Longer than 400 lines on purpose: both ends of the handoff (ExchangePage; UpperPage with WardDialog and
IssueDialog for its consolidated report) share the period and folder helpers, and the tests and the bundle check
find both pages in this module.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.exchange import consolidated, handoff, keys, upper
from desktop.core.figures import figures
from desktop.core.ledger import periods, setup, signing_key
from desktop.core.ledger.records import Changes
from desktop.core.report import narrative, register
from desktop.core.text.vnformat import format_date
from desktop.ui import file_dialogs
from desktop.ui.issue_dialog import IssueDialogBase
from desktop.ui.list_page import AppContext
from desktop.ui.messages import show_error
from desktop.ui.pages.upper_proposals import ProposalsTab
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
        row = QHBoxLayout()
        key_button = QPushButton("Xuất khóa công khai…")
        key_button.clicked.connect(self.export_key)
        row.addWidget(key_button)
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
            return {"issued": register.current(led, narrative.KIND, p.code), "key": signing_key.ensure_ward_key(led),
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


class WardDialog(QDialog):
    """Register a ward: its code, name and public-key file. The file is read as soon as it is chosen: the unit it
    names and its fingerprint are shown for the clerk to read back by phone; a bad file or another ward's is
    refused here, before anything is written (the registration itself checks again)."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setWindowTitle("Đăng ký đơn vị cấp xã")
        form = QFormLayout(self)
        self.code = QLineEdit()
        self.name = QLineEdit()
        self.key_path = QLineEdit()
        self.key_path.editingFinished.connect(self._read_key)
        choose = QPushButton("Chọn tệp…")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.key_path, 1)
        row.addWidget(choose)
        form.addRow("Mã ĐVHC:", self.code)
        form.addRow("Tên đơn vị:", self.name)
        form.addRow("Tệp khóa công khai:", row)
        self.key_info = QLabel("Chọn tệp khóa công khai phường/xã gửi lên: dấu vân tay của khóa sẽ hiện ở đây.")
        self.key_info.setWordWrap(True)
        self.key_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.key_info)
        buttons = QDialogButtonBox()
        buttons.addButton("Đăng ký", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(600, 260)

    def _choose(self) -> None:
        path = file_dialogs.open_file(self, "handoff", "Tệp khóa công khai của phường/xã", "Tệp khóa (*.json)")
        if path:
            self.key_path.setText(str(path))
            self._read_key()

    def _read_key(self) -> dict[str, Any] | None:
        """The chosen file, checked (self-signature included); its unit fills empty fields. None when refused."""
        if not self.key_path.text().strip():
            return None
        try:
            doc = keys.read_public_key(self.key_path.text().strip())
        except UserError as exc:
            self.key_info.setText(f"<span style='color:#b71c1c'>✘ {html.escape(str(exc))}</span>")
            return None
        unit = doc["unit"]
        if not self.code.text().strip():
            self.code.setText(unit["code"])
        if not self.name.text().strip():
            self.name.setText(unit["name"])
        self.key_info.setText(
            f"Tệp khóa của <b>{html.escape(unit['name'])}</b> (mã {html.escape(unit['code'])}), chữ ký của khóa hợp "
            f"lệ.<br>Dấu vân tay: <b style='font-family:monospace; font-size:12pt'>{html.escape(doc['fingerprint'])}"
            "</b><br>Gọi điện cho cán bộ phường/xã, nhờ đọc dấu vân tay trên máy của họ (Trao đổi dữ liệu) và so từng "
            "nhóm 4 ký tự; chỉ bấm “Đăng ký” khi khớp.")
        return doc

    def accept(self) -> None:
        """Stay open on a bad file or a code that is not the file's, with the reason in the dialog."""
        if self._read_key() is None:
            if not self.key_path.text().strip():
                self.key_info.setText("<span style='color:#b71c1c'>✘ Chưa chọn tệp khóa công khai.</span>")
            return
        try:
            keys.read_public_key(self.key_path.text().strip(), code=self.code.text())
        except UserError as exc:
            self.key_info.setText(f"<span style='color:#b71c1c'>✘ {html.escape(str(exc))}</span>")
            return
        super().accept()


class IssueDialog(IssueDialogBase):
    """Issue the consolidated report: the date, the number (proposed: the next of the year's register), the signer.
    Refused while the upper unit has no signer (Cài đặt → Sửa thông tin đơn vị…)."""

    def __init__(self, parent: QWidget, state: dict[str, Any], reader: Ledger):
        super().__init__(parent, title="Ban hành báo cáo tổng hợp",
                         subject=consolidated.subject(state["sum"]["period"]), kind=consolidated.KIND,
                         unit=state["unit"], reader=reader, date=QDate.currentDate(), missing_signer="(chưa có)")
        unit = state["unit"]
        data, status = state["sum"], state["status"]
        notes = [f"Tổng hợp theo tệp của {len(data['by_unit'])}/{len(state['wards'])} đơn vị cấp xã đã đăng ký. "
                 "Số liệu, danh sách tệp đã tổng hợp và tệp PDF được lưu cố định kèm mã SHA-256.",
                 "Số tự động là số tiếp theo trong năm; nếu sổ đăng ký văn bản đã dùng số này, hãy gõ số đúng theo "
                 "sổ. Số không được trùng trong năm."]
        if status["issued"]:
            notes.append(f"Bản này sẽ <b>thay thế</b> Báo cáo số {html.escape(status['issued']['symbol'])} "
                         "(bản cũ vẫn được lưu).")
        if not unit.get("signer_name"):
            notes.append("<b>⚠ Chưa có tên người ký</b>: vào Cài đặt, bấm “Sửa thông tin đơn vị…”, điền “Họ tên "
                         "người ký” rồi ban hành.")
        self.add_notes(notes)
        self.add_buttons()


STATE_TEXT = {"received": "Đã nhận", "waiting": "Chưa đến hạn", "late": "Chưa gửi — quá hạn"}
STATE_COLOR = {"received": "#e8f5e9", "waiting": "#ffffff", "late": "#ffebee"}
ACTION_TEXT = {"new": "Nhận mới", "supersede": "Thay bản cũ", "same": "Đã có", "older": "Từ chối", "refused": "Từ chối"}


class UpperPage(RefreshOnChange, QWidget):
    """The upper level's side: wards, import, who sent what, consolidation."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self.planned: list[upper.Item] = []
        v = QVBoxLayout(self)
        v.addWidget(_title("Tổng hợp các phường, xã"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._wards_tab(), "Đơn vị cấp xã")
        self.import_tab = self.tabs.addTab(self._import_tab(), "Nhận tệp")
        self.tabs.addTab(self._matrix_tab(), "Tình hình gửi số liệu")
        self.tabs.addTab(self._sum_tab(), "Tổng hợp")
        self.proposals_tab = self.tabs.addTab(ProposalsTab(ctx), "Đề nghị khen thưởng")
        v.addWidget(self.tabs, 1)
        ctx.worker.changed.connect(self.on_changes)

    # --- tabs
    def _wards_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.wards = _table(["Mã", "Tên đơn vị", "Dấu vân tay khóa"])
        self.wards.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.wards.setColumnWidth(2, 380)
        v.addWidget(self.wards, 1)
        row = QHBoxLayout()
        add = QPushButton("Đăng ký đơn vị…")
        add.clicked.connect(self.add_ward)
        row.addWidget(add)
        row.addStretch(1)
        v.addLayout(row)
        return w

    def _import_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        hint = QLabel("Chọn các tệp .thidua (hoặc cả thư mục trên USB). Mỗi tệp được kiểm tra chữ ký số và tính toàn "
                      "vẹn trước; bảng dưới cho biết sẽ thay đổi gì. Chỉ khi bấm “Nhập các tệp hợp lệ” dữ liệu mới "
                      "được ghi.")
        hint.setWordWrap(True)
        v.addWidget(hint)
        row = QHBoxLayout()
        files = QPushButton("Chọn tệp…")
        files.clicked.connect(self.choose_files)
        folder = QPushButton("Chọn thư mục…")
        folder.clicked.connect(self.choose_folder)
        self.import_button = QPushButton("Nhập các tệp hợp lệ")
        self.import_button.setObjectName("primary")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        # A file the rule calls older (the ward restored a backup, or was told to send an earlier version): taken
        # only when asked, with a reason kept in Lịch sử thay đổi.
        self.older_button = QPushButton("Nhận dù cũ hơn…")
        self.older_button.setEnabled(False)
        self.older_button.clicked.connect(self.import_older)
        for b in (files, folder):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.older_button)
        row.addWidget(self.import_button)
        v.addLayout(row)
        self.plan_table = _table(["Tệp", "Đơn vị", "Kỳ", "Kết quả", "Chi tiết"])
        self.plan_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 220), (1, 230), (2, 80), (3, 110)):
            self.plan_table.setColumnWidth(col, width)
        self.plan_table.setWordWrap(True)
        v.addWidget(self.plan_table, 1)
        return w

    def _matrix_tab(self) -> QWidget:
        self.matrix = _table([])
        return self.matrix

    def _sum_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        row = QHBoxLayout()
        row.addWidget(QLabel("Kỳ báo cáo:"))
        self.period = _period_combo(self.ctx)
        self.period.currentIndexChanged.connect(self.refresh)
        row.addWidget(self.period)
        row.addStretch(1)
        self.preview_button = QPushButton("Xem, in báo cáo tổng hợp")
        self.preview_button.clicked.connect(self.preview)
        # At the upper level the consolidated report is a document like any other: numbered, signed, frozen.
        self.issue_button = QPushButton("Ban hành…")
        self.issue_button.setObjectName("primary")
        self.issue_button.clicked.connect(self.issue)
        xlsx = QPushButton("Lưu Excel…")
        xlsx.clicked.connect(self.save_xlsx)
        row.addWidget(self.preview_button)
        row.addWidget(self.issue_button)
        row.addWidget(xlsx)
        v.addLayout(row)
        self.issue_state = QLabel()
        self.issue_state.setWordWrap(True)
        self.issue_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.issue_state)
        # Every kind of contribution has its column, so each row adds up to its total (as in the report).
        self.sum_keys = ("contributors", *consolidated.VALUE_KEYS.values(), "total_value_vnd")
        heads = ["Người, hộ, tập thể", *(f"{h} (đ)" for h in consolidated.VALUE_HEADS.values()), "Tổng giá trị (đ)"]
        self.sum_table = _table(["Mã", "Đơn vị", *heads])
        header = self.sum_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in range(2, 2 + len(heads)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        v.addWidget(self.sum_table, 1)
        return w

    # --- data
    def watched_tables(self) -> set[str]:
        return {"wards", "packages", "documents", "unit"}

    def refresh(self) -> None:
        self._stale = False
        code = self.period.currentData().code
        codes = [p.code for p in periods.choices()[:6]]

        def job(led: Ledger) -> dict[str, Any]:
            return {"wards": upper.wards(led), "matrix": upper.matrix(led, codes),
                    "sum": upper.consolidate(led, code), "codes": codes,
                    "status": consolidated.status(led, code), "unit": setup.get_unit(led)}

        self.ctx.worker.submit(job, success=self._show)

    def _show(self, state: dict[str, Any]) -> None:
        self.state = state
        ws = state["wards"]
        self.wards.setRowCount(len(ws))
        for i, w in enumerate(ws):
            for j, text in enumerate((w["code"], w["name"], w["fingerprint"])):
                self.wards.setItem(i, j, QTableWidgetItem(text))
        codes, rows = state["codes"], state["matrix"]
        self.matrix.setColumnCount(1 + len(codes))
        self.matrix.setHorizontalHeaderLabels(["Đơn vị", *codes])
        self.matrix.setRowCount(len(rows))
        self.matrix.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i, r in enumerate(rows):
            self.matrix.setItem(i, 0, QTableWidgetItem(f"{r['ward']['name']} ({r['ward']['code']})"))
            for j, c in enumerate(codes, start=1):
                cell = r["cells"][c]
                text = STATE_TEXT[cell["state"]]
                if cell["state"] == "received" and cell.get("report"):
                    text += f" · BC {cell['report']}"
                item = QTableWidgetItem(text)
                item.setBackground(QColor(STATE_COLOR[cell["state"]]))
                self.matrix.setItem(i, j, item)
        data = state["sum"]
        units = data["by_unit"]
        self.sum_table.setRowCount(len(units) + 1)
        for i, u in enumerate([*units, {"unit": {"code": "", "name": "Tổng cộng"}, "totals": data["totals"]}]):
            self.sum_table.setItem(i, 0, QTableWidgetItem(u["unit"]["code"]))
            self.sum_table.setItem(i, 1, QTableWidgetItem(u["unit"]["name"]))
            for j, k in enumerate(self.sum_keys, start=2):
                item = QTableWidgetItem(figures.format_value(k, u["totals"][k]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.sum_table.setItem(i, j, item)
        self._show_issue(state)

    def _show_issue(self, state: dict[str, Any]) -> None:
        doc, changes = state["status"]["issued"], state["status"]["changes"]
        sent = bool(state["sum"]["by_unit"])
        if doc is None:
            text = ("<b>Dự thảo</b> — báo cáo tổng hợp của kỳ này chưa ban hành. Xem trước, rồi bấm <b>Ban hành…</b> "
                    "để lấy số." if sent else "Chưa có đơn vị cấp xã nào gửi số liệu của kỳ này.")
            self.issue_button.setText("Ban hành…")
        else:
            text = (f"<b>Đã ban hành Báo cáo số {html.escape(doc['symbol'])}</b> ngày {format_date(doc['doc_date'])}"
                    f"{' (bản thay thế lần ' + str(doc['version']) + ')' if doc['version'] > 1 else ''}. ")
            if changes:
                text += ("<br><b>⚠ Đã nhận tệp mới sau khi ban hành:</b> " + html.escape(" ".join(changes))
                         + " Hãy ban hành bản thay thế.")
            else:
                text += "Khớp với các tệp đã nhận."
            self.issue_button.setText("Ban hành bản thay thế…")
        if not state["unit"].get("signer_name"):
            text += "<br>⚠ Chưa có tên người ký: vào Cài đặt, bấm “Sửa thông tin đơn vị…” để điền trước khi ban hành."
        self.issue_state.setText(text)
        self.issue_button.setEnabled(sent and (doc is None or bool(changes)))
        use_issued = doc is not None and not changes
        self.preview_button.setText("Xem, in bản đã ban hành" if use_issued else "Xem, in dự thảo báo cáo tổng hợp")

    # --- actions
    def add_ward(self) -> None:
        dialog = WardDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        code, name, key = dialog.code.text(), dialog.name.text(), dialog.key_path.text()

        def job(led: Ledger) -> Changes:
            return Changes().add("wards", upper.add_ward(led, code=code, name=name, key_file=key))

        self.ctx.worker.submit(job)

    def choose_files(self) -> None:
        paths = file_dialogs.open_files(self, "handoff", "Chọn tệp dữ liệu của phường/xã", "Tệp Sổ Thi đua (*.thidua)")
        if paths:
            self.plan(paths)

    def choose_folder(self) -> None:
        folder = file_dialogs.pick_folder(self, "handoff", "Chọn thư mục có các tệp .thidua")
        if folder:
            self.plan(sorted(folder.glob("*.thidua")))

    def open_package(self, path: Path) -> None:
        """A .thidua file opened from outside (double-click in Windows): its import preview, nothing written."""
        self.tabs.setCurrentIndex(self.import_tab)
        self.plan([path])

    def plan(self, paths: list[Path]) -> None:
        self.paths = paths
        self.ctx.worker.submit(lambda led: upper.import_files(led, paths, dry_run=True), success=self._planned)

    def _planned(self, items: list[upper.Item], done: bool = False) -> None:
        self.planned = items
        self.plan_table.setRowCount(len(items))
        for i, it in enumerate(items):
            action = ACTION_TEXT[it.action] if not done or it.action not in ("new", "supersede") else "Đã nhập"
            for j, text in enumerate((it.path.name, it.ward, it.period_code, action, it.message)):
                item = QTableWidgetItem(text)
                if j == 3:
                    item.setBackground(QColor("#ffebee" if it.action in ("older", "refused") else "#e8f5e9"))
                self.plan_table.setItem(i, j, item)
        self.plan_table.resizeRowsToContents()
        self.import_button.setEnabled(not done and any(it.action in ("new", "supersede") for it in items))
        self.older_button.setEnabled(not done and any(it.action == "older" for it in items))

    def import_older(self) -> None:
        names = ", ".join(it.path.name for it in self.planned if it.action == "older")
        reason, ok = QInputDialog.getText(
            self, "Nhận tệp cũ hơn bản đã nhận",
            f"Nhận {names} thay cho bản đã nhận (bản mới hơn).\nLý do (ghi vào Lịch sử thay đổi), ví dụ số công văn "
            "của phường:")
        if ok and reason.strip():
            self._import(("older",), reason)

    def do_import(self) -> None:
        self._import(("new", "supersede"), "")

    def _import(self, wanted: tuple[str, ...], older_reason: str) -> None:
        paths = [it.path for it in self.planned if it.action in wanted]

        def job(led: Ledger) -> tuple[list[upper.Item], Changes]:
            return (upper.import_files(led, paths, accept_older=bool(older_reason), reason=older_reason),
                    Changes().add("packages"))

        def done(result: tuple[list[upper.Item], Changes]) -> None:
            self._planned(result[0], done=True)
            self.ctx.worker.changed.emit(result[1])

        self.ctx.worker.submit(job, success=done)

    def preview(self) -> None:
        """The issued PDF while it matches the files received, otherwise the draft rendered now."""
        from desktop.ui import pdf_view

        code = self.period.currentData().code
        status = (getattr(self, "state", None) or {}).get("status") or {}
        doc = status.get("issued")
        if doc is not None and not status.get("changes"):
            job, name = (lambda led: register.pdf_bytes(led, doc["id"])), \
                f"Tong-hop-{code}-{doc['symbol'].split('/')[0]}.pdf"
        else:
            job, name = (lambda led: consolidated.render(led, code)), f"Tong-hop-{code}-du-thao.pdf"
        self.ctx.worker.submit(job, success=lambda data: pdf_view.PdfPreview(self, "Báo cáo tổng hợp", data,
                                                                            name).exec())

    def issue(self) -> None:
        state = getattr(self, "state", None)
        if state is None:
            return
        dialog = IssueDialog(self, state, self.ctx.reader)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        code = self.period.currentData().code
        number, date = dialog.number.value(), dialog.date.date().toString("yyyy-MM-dd")

        def job(led: Ledger) -> Changes:
            return Changes().add("documents", consolidated.issue(led, code, number=number, date=date))

        def failed(exc: BaseException) -> None:
            self._show_issue(state)
            show_error(self, exc)

        self.issue_state.setText("Đang ban hành…")
        self.ctx.worker.submit(job, failure=failed)

    def save_xlsx(self) -> None:
        code = self.period.currentData().code
        path = file_dialogs.save_file(self, "export", "Lưu bảng tổng hợp", f"Tong-hop-{code}.xlsx", "Excel (*.xlsx)")
        if path:
            self.ctx.worker.submit(upper.export_xlsx, code, path)
