"""The Gợi ý tab: who gave in the period and has no proposal yet, by value (only those reaching an award's
threshold when the catalogue sets one); the clerk ticks them and drafts their proposals in one go."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.awards import catalogue, screening
from desktop.core.errors import UserError
from desktop.core.ledger.records import Changes
from desktop.core.text.vnformat import format_int
from desktop.ui.messages import show_error
from desktop.ui.pages.awards.widgets import AwardsPart, m2_text, new_table, table_item


class SuggestionsTab(AwardsPart):
    def _suggestions_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        bar = QHBoxLayout()
        self.suggest_kind = QComboBox()
        self.suggest_kind.addItem("Mọi hình thức khen thưởng", None)
        self.suggest_kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.suggest_kind.setMinimumContentsLength(30)
        self.suggest_kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.land_only = QCheckBox("Chỉ người hiến đất")
        self.land_only.toggled.connect(lambda _b: self.refresh())
        self.select_all = QPushButton("Chọn tất cả")
        self.select_all.clicked.connect(lambda: self._check_all(True))
        self.add_suggested = QPushButton("Lập đề nghị cho các dòng đã chọn")
        self.add_suggested.setObjectName("primary")
        self.add_suggested.clicked.connect(self.add_from_suggestions)
        for x in (self.suggest_kind, self.land_only):
            bar.addWidget(x)
        bar.addStretch(1)
        bar.addWidget(self.select_all)
        bar.addWidget(self.add_suggested)
        v.addLayout(bar)
        self.suggest_hint = QLabel()
        self.suggest_hint.setWordWrap(True)
        self.suggest_hint.setObjectName("hint")
        v.addWidget(self.suggest_hint)
        self.suggest_table = new_table(["Chọn", "Họ và tên, tên tập thể", "Đối tượng", "Tổ dân phố", "Địa chỉ",
                                     "Đất (m²)", "Giá trị (đồng)", "Khoản", "Hình thức gợi ý"])
        header = self.suggest_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.suggest_table, 1)
        return w

    def _fill_kinds(self, kinds: list[dict[str, Any]]) -> None:
        current = self.suggest_kind.currentData()
        self.suggest_kind.blockSignals(True)
        self.suggest_kind.clear()
        self.suggest_kind.addItem("Mọi hình thức khen thưởng", None)
        for k in kinds:
            if k["active"]:
                self.suggest_kind.addItem(catalogue.kind_label(k), k["id"])
        self.suggest_kind.setCurrentIndex(max(0, self.suggest_kind.findData(current)))
        self.suggest_kind.blockSignals(False)

    def _fill_suggestions(self) -> None:
        assert self.state is not None
        rows = self.state["suggestions"]
        self.suggestions = rows
        if self.state["thresholds_set"]:
            self.suggest_hint.setText(
                f"{len(rows)} người, hộ, tập thể đạt ngưỡng khen thưởng đặt trong danh mục và chưa có đề nghị trong "
                "kỳ, xếp theo giá trị đóng góp. Đánh dấu rồi bấm “Lập đề nghị…”.")
        else:
            self.suggest_hint.setText(
                f"Chưa đặt ngưỡng nào trong danh mục (Cài đặt → Danh mục khen thưởng): đang hiện tất cả {len(rows)} "
                "người, hộ, tập thể có đóng góp trong kỳ và chưa có đề nghị, xếp theo giá trị đóng góp.")
        self.suggest_table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Unchecked)
            check.setData(Qt.ItemDataRole.UserRole, i)
            self.suggest_table.setItem(i, 0, check)
            cells = [r["name"], catalogue.SUBJECTS.get(r["subject"], ""), r["group"] or "", r["address"] or "",
                     m2_text(r["land_m2"]), format_int(r["value_vnd"]), str(r["contributions"]), r["kind_name"]]
            for j, text in enumerate(cells, start=1):
                item = table_item(text, right=j in (5, 6, 7))
                if j == 8:
                    item.setToolTip(r["kind_label"] + ("" if r["by_threshold"] else " — chưa đặt ngưỡng"))
                self.suggest_table.setItem(i, j, item)
        self.add_suggested.setEnabled(bool(rows))
        self.select_all.setEnabled(bool(rows))

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.suggest_table.rowCount()):
            self.suggest_table.item(i, 0).setCheckState(state)

    def add_from_suggestions(self) -> None:
        period = self.period.currentData()
        items = [(r["contributor_id"], r["kind_id"]) for i, r in enumerate(self.suggestions)
                 if self.suggest_table.item(i, 0).checkState() == Qt.CheckState.Checked]
        if not items:
            show_error(self, UserError("Hãy đánh dấu ở cột “Chọn” những người cần lập đề nghị."))
            return

        def done(_c: Changes) -> None:
            self.hint.setText(f"Đã lập {len(items)} đề nghị dự thảo từ danh sách gợi ý; xem và sửa thành tích ở thẻ "
                              "Đề nghị.")
            self.tabs.setCurrentIndex(0)

        self.ctx.worker.submit(screening.add_from_suggestions, period, items, success=done)
