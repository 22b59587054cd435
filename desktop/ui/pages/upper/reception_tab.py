"""Tình hình gửi số liệu: which ward has sent which period's file."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableWidgetItem, QVBoxLayout, QWidget

from db.connection import Ledger
from desktop.core.exchange import upper
from desktop.core.ledger import periods
from desktop.ui.list_page import AppContext
from desktop.ui.pages.exchange_page import _table

STATE_TEXT = {"received": "Đã nhận", "waiting": "Chưa đến hạn", "late": "Chưa gửi — quá hạn"}
STATE_COLOR = {"received": "#e8f5e9", "waiting": "#ffffff", "late": "#ffebee"}


class ReceptionTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        self.matrix = _table([])
        v.addWidget(self.matrix)

    def watched_tables(self) -> set[str]:
        return {"wards", "packages"}

    def refresh(self) -> None:
        codes = [p.code for p in periods.choices()[:6]]

        def job(led: Ledger) -> dict[str, Any]:
            return {"matrix": upper.matrix(led, codes), "codes": codes}

        self.ctx.worker.submit(job, success=self._show)

    def _show(self, state: dict[str, Any]) -> None:
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
