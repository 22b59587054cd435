"""The Nội dung báo cáo tab: the trích yếu, the report's sections, each generated from the period's figures until the
clerk edits it, and its heading and closing (date, Kính gửi, Nơi nhận); saved as the clerk types."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.report import movement, narrative
from desktop.ui.pages.report.widgets import ReportPart


class NarrativeTab(ReportPart):
    """The save timer (`_save_timer`) is made by ReportPage.build."""

    def _subject_row(self) -> QHBoxLayout:
        """The trích yếu: empty shows the default for the period (as placeholder) and prints it."""
        row = QHBoxLayout()
        label = QLabel("Trích yếu:")
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.subject_edit = QPlainTextEdit()  # two lines: a trích yếu is about 150 characters
        self.subject_edit.setTabChangesFocus(True)
        self.subject_edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # 2 lines show it all
        margins = 2 * (self.subject_edit.document().documentMargin() + self.subject_edit.frameWidth())
        self.subject_edit.setFixedHeight(int(2 * self.subject_edit.fontMetrics().lineSpacing() + margins + 4))
        self.subject_edit.setToolTip("Dòng in đậm dưới chữ BÁO CÁO, cũng là tên văn bản trong sổ đăng ký. Để trống: "
                                     "dùng trích yếu mặc định theo kỳ báo cáo (chữ mờ).")
        self.subject_edit.textChanged.connect(lambda: self._typed("subject"))
        label.setBuddy(self.subject_edit)
        self.subject_default_button = QPushButton("Dùng trích yếu mặc định")
        self.subject_default_button.setToolTip("Bỏ trích yếu đã sửa, dùng lại trích yếu tự động theo kỳ báo cáo")
        self.subject_default_button.clicked.connect(self._default_subject)
        row.addWidget(label)
        row.addWidget(self.subject_edit, 1)
        row.addWidget(self.subject_default_button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _text_tab(self) -> QWidget:
        w = QWidget()
        split = QSplitter()
        self.section_list = QListWidget()
        for key, title in narrative.SECTIONS.items():
            self.section_list.addItem(title)
            self.section_list.item(self.section_list.count() - 1).setData(Qt.ItemDataRole.UserRole, key)
        self.section_list.addItem("Kính gửi, nơi nhận, ngày báo cáo")
        self.section_list.setWordWrap(True)
        self.section_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.section_list.setMinimumWidth(230)
        self.section_list.setMaximumWidth(340)
        self.section_list.currentRowChanged.connect(self._show_section)
        split.addWidget(self.section_list)

        right = QWidget()
        v = QVBoxLayout(right)
        v.setContentsMargins(8, 0, 0, 0)
        head = QHBoxLayout()
        self.section_state = QLabel()
        self.section_state.setObjectName("hint")
        self.regenerate_button = QPushButton("Viết lại theo số liệu")
        self.regenerate_button.setToolTip("Bỏ phần đã sửa, dùng lại đoạn văn tự động tạo từ số liệu của kỳ")
        self.regenerate_button.clicked.connect(self._regenerate)
        head.addWidget(self.section_state, 1)
        head.addWidget(self.regenerate_button)
        v.addLayout(head)
        self.editor = QPlainTextEdit()
        self.editor.textChanged.connect(lambda: self._typed("section"))
        self.texts_split = texts_split = QSplitter(Qt.Orientation.Vertical)
        texts_split.addWidget(self.editor)
        texts_split.addWidget(self._units_box())
        texts_split.setChildrenCollapsible(False)
        self.editor.setMinimumHeight(60)
        texts_split.setStretchFactor(0, 3)
        texts_split.setStretchFactor(1, 1)
        v.addWidget(texts_split, 1)

        self.meta = QWidget()
        form = QFormLayout(self.meta)
        self.report_date = QDateEdit()
        self.report_date.setCalendarPopup(True)
        self.report_date.setDisplayFormat("dd/MM/yyyy")
        self.report_date.dateChanged.connect(lambda _d: self._typed("report_date"))
        self.recipients = QPlainTextEdit()
        self.recipients.setFixedHeight(60)  # with the Nơi nhận, fits a 1280×720 screen
        self.recipients.textChanged.connect(lambda: self._typed("recipients"))
        self.cc = QPlainTextEdit()
        self.cc.setFixedHeight(96)
        self.cc.textChanged.connect(lambda: self._typed("cc"))
        form.addRow("Ngày báo cáo:", self.report_date)
        form.addRow("Kính gửi (mỗi dòng một nơi):", self.recipients)
        form.addRow("Nơi nhận (mỗi dòng một nơi):", self.cc)
        self.meta.hide()  # shown for "Kính gửi, nơi nhận…" only, in place of the section's text (fits 1280×720)
        v.addWidget(self.meta)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("hint")
        v.addWidget(self.saved_label)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(w)
        layout.addLayout(self._subject_row())
        layout.addWidget(split)
        return w

    def _units_box(self) -> QWidget:
        """What the reporting units wrote for the section shown (their current reports of the period), for the
        clerk to take into the section (added at its end), edit or leave."""
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 4, 0, 0)
        head = QHBoxLayout()
        self.units_label = QLabel()
        self.units_label.setObjectName("hint")
        self.units_label.setWordWrap(True)
        self.take_unit_text_button = QPushButton("Đưa vào mục")
        self.take_unit_text_button.clicked.connect(self._take_unit_text)
        head.addWidget(self.units_label, 1)
        head.addWidget(self.take_unit_text_button)
        v.addLayout(head)
        self.unit_texts = QListWidget()
        self.unit_texts.setWordWrap(True)
        self.unit_texts.setMinimumHeight(36)  # the page still fits 1280×720 (tests/ui/test_screen_fit.py)
        self.unit_texts.itemDoubleClicked.connect(lambda _i: self._take_unit_text())
        self.unit_texts.currentRowChanged.connect(lambda _r: self._unit_selection())
        v.addWidget(self.unit_texts, 1)
        self._unit_reports: list[dict[str, Any]] = []
        return box

    def watched_tables(self) -> set[str]:
        # The units' reports feed section II.3 and the panel; the indicators feed II.3 and the report's tables.
        return super().watched_tables() | {"unit_reports", "reporting_units", "indicator_values"}  # type: ignore[misc]

    def _load_unit_reports(self) -> None:
        period = self.period.currentData()

        def loaded(rows: list[dict[str, Any]]) -> None:
            if period is self.period.currentData():
                self._unit_reports = rows
                self._fill_unit_texts(self._section_key())

        self.ctx.worker.submit(movement.reports_for, period, success=loaded)

    def _fill_unit_texts(self, key: str | None) -> None:
        said = movement.section_texts(self._unit_reports, key) if key else []
        self.unit_texts.clear()
        for t in said:
            half = f" ({t['period_code']})" if t["period_code"] != self.period.currentData().code else ""
            item = QListWidgetItem(f"{t['unit']}{half}: {t['text']}")
            item.setData(Qt.ItemDataRole.UserRole, t["text"])
            item.setToolTip(t["text"])
            self.unit_texts.addItem(item)
        sent = len({r["unit"] for r in self._unit_reports})
        if key is None:
            self.units_label.setText("")
        elif said:
            self.units_label.setText(f"Các đơn vị viết cho mục này ({len(said)}): chọn một đoạn, bấm “Đưa vào mục”.")
        else:
            self.units_label.setText(f"Chưa có đơn vị nào viết cho mục này ({sent} đơn vị đã gửi báo cáo kỳ này).")
        self.unit_texts.parentWidget().setVisible(key is not None)
        self._unit_selection()

    def _unit_selection(self) -> None:
        item = self.unit_texts.currentItem()
        taken = item is not None and item.data(Qt.ItemDataRole.UserRole) in self.editor.toPlainText()
        self.take_unit_text_button.setEnabled(item is not None and not taken)
        self.take_unit_text_button.setToolTip("Đoạn này đã có trong mục." if taken else
                                              "Thêm đoạn văn của đơn vị đang chọn vào cuối mục này (sửa lại sau)")

    def _take_unit_text(self) -> None:
        item = self.unit_texts.currentItem()
        if item is None or self._section_key() is None:
            return
        self.editor.appendPlainText(item.data(Qt.ItemDataRole.UserRole))  # textChanged saves it as the clerk's
        self._unit_selection()

    def _fill_texts(self, state: dict[str, Any]) -> None:
        self._load_unit_reports()
        if self.section_list.currentRow() < 0:
            self.section_list.setCurrentRow(1)  # "Kết quả": the section a clerk reads first
        else:
            self._show_section(self.section_list.currentRow())
        draft = state["draft"]
        self.subject_edit.setPlaceholderText(state["subject_default"])
        if "subject" not in self._dirty:
            self._set_plain(self.subject_edit, draft["subject"] or "")
        if "report_date" not in self._dirty:
            d = dt.date.fromisoformat(draft["report_date"]) if draft["report_date"] else dt.date.today()
            self.report_date.setDate(QDate(d.year, d.month, d.day))
        if "recipients" not in self._dirty:
            self._set_plain(self.recipients, "\n".join(draft["recipients"] if draft["recipients"] is not None
                                                       else state["recipients"]))
        if "cc" not in self._dirty:
            self._set_plain(self.cc, "\n".join(draft["cc"] if draft["cc"] is not None else state["cc"]))
        missing = narrative.unfilled(state["texts"])
        self.hint.setText(("Còn chỗ “…” chưa điền ở mục: " + "; ".join(missing) + ".") if missing else
                          "Nội dung đã đủ. Xem trước rồi ban hành khi lãnh đạo đồng ý.")

    @staticmethod
    def _set_plain(editor: QPlainTextEdit, text: str) -> None:
        if editor.toPlainText() != text:
            editor.setPlainText(text)

    def _section_key(self, row: int | None = None) -> str | None:
        item = self.section_list.item(self.section_list.currentRow() if row is None else row)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show_section(self, row: int) -> None:
        key = self._section_key(row)
        self._fill_unit_texts(key)
        self.editor.setVisible(key is not None)
        self.texts_split.setVisible(key is not None)  # the units' texts belong to a section, not to Kính gửi
        self.regenerate_button.setVisible(key is not None)
        self.meta.setVisible(key is None)
        if key is None or self.state is None:
            self.section_state.setText("Thông tin đầu và cuối văn bản.")
            return
        text, edited = self.state["texts"][key]
        if "section" not in self._dirty:
            was = self._loading
            self._loading = True
            self._set_plain(self.editor, text)
            self._loading = was
        self.section_state.setText(
            "Đoạn văn do cán bộ soạn (đã lưu)." if edited else
            "Đoạn văn tự động tạo từ số liệu của kỳ — sửa trực tiếp ở đây; phần đã sửa được lưu lại.")
        self.regenerate_button.setEnabled(edited)
        self._unit_selection()  # a unit's text already in the section is not taken twice

    def _typed(self, what: str) -> None:
        if self._loading:
            return
        self._dirty.add(what)
        self._pending_key = self._section_key() if what == "section" else getattr(self, "_pending_key", None)
        self.saved_label.setText("Đang lưu…")
        self._save_timer.start()

    def save_draft(self) -> None:
        if not self._dirty:
            return
        period = self.period.currentData()
        kwargs: dict[str, Any] = {}
        if "section" in self._dirty and self._pending_key:
            kwargs["sections"] = {self._pending_key: self.editor.toPlainText()}
        if "recipients" in self._dirty:
            kwargs["recipients"] = self.recipients.toPlainText().splitlines()
        if "cc" in self._dirty:
            kwargs["cc"] = self.cc.toPlainText().splitlines()
        if "report_date" in self._dirty:
            kwargs["report_date"] = self.report_date.date().toString("yyyy-MM-dd")
        if "subject" in self._dirty:
            kwargs["subject"] = self.subject_edit.toPlainText()  # "" goes back to the default
        self._dirty.clear()
        self.ctx.worker.submit(lambda led: narrative.save_draft(led, period, **kwargs),
                               success=lambda _c: self.saved_label.setText("Đã lưu dự thảo."))

    def _regenerate(self) -> None:
        key = self._section_key()
        if key is None:
            return
        self._dirty.discard("section")
        self._save_timer.stop()
        period = self.period.currentData()
        self.ctx.worker.submit(lambda led: narrative.save_draft(led, period, sections={key: None}))

    def _default_subject(self) -> None:
        self._dirty.discard("subject")
        was = self._loading
        self._loading = True
        self.subject_edit.clear()
        self._loading = was
        period = self.period.currentData()
        self.ctx.worker.submit(lambda led: narrative.save_draft(led, period, subject=""),
                               success=lambda _c: self.saved_label.setText("Đã dùng lại trích yếu mặc định."))

    def _flush(self) -> None:
        """Save what was typed before anything reads the draft (preview, issue, another period)."""
        if self._save_timer.isActive():
            self._save_timer.stop()
            self.save_draft()
