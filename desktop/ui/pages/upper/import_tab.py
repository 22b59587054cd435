"""Nhận tệp: the wards' .thidua files, verified first (a dry run lists what each would do), then imported."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.connection import Ledger
from desktop.core.exchange import upper
from desktop.core.ledger.records import Changes
from desktop.ui import file_dialogs
from desktop.ui.list_page import AppContext
from desktop.ui.pages.exchange_page import _table

ACTION_TEXT = {"new": "Nhận mới", "supersede": "Thay bản cũ", "same": "Đã có", "older": "Từ chối", "refused": "Từ chối"}


class ImportTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.planned: list[upper.Item] = []
        v = QVBoxLayout(self)
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

    def choose_files(self) -> None:
        paths = file_dialogs.open_files(self, "handoff", "Chọn tệp dữ liệu của phường/xã", "Tệp Sổ Thi đua (*.thidua)")
        if paths:
            self.plan(paths)

    def choose_folder(self) -> None:
        folder = file_dialogs.pick_folder(self, "handoff", "Chọn thư mục có các tệp .thidua")
        if folder:
            self.plan(sorted(folder.glob("*.thidua")))

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
