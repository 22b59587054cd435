"""Danh mục khen thưởng (opened from Cài đặt): the award forms and titles with their prize multipliers and
suggestion thresholds, the base salary and the documents' settings, and the certificate's print offsets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.awards.catalogue import VOTE_BASES
from desktop.core.errors import ValidationError
from desktop.core.ledger.records import Changes
from desktop.core.text.vnformat import format_decimal, format_int
from desktop.ui import screen_fit
from desktop.ui.list_page import AppContext
from desktop.ui.messages import show_error
from desktop.ui.record_dialog import Field, RecordDialog


def _catalogue_state(ledger: Any) -> dict[str, Any]:
    from desktop.core.awards import catalogue, wording

    settings = catalogue.get_settings(ledger)
    return {"kinds": catalogue.list_kinds(ledger), "settings": settings,
            "default_bases": wording.legal_bases({}, dt.date.today())}


def kind_fields() -> list[Field]:
    from desktop.core.awards import catalogue

    return [
        Field("name", "Tên hình thức, danh hiệu", required=True,
              placeholder="Ví dụ: Giấy khen của Chủ tịch Ủy ban nhân dân phường"),
        Field("form", "Loại", "choice", required=True, choices=list(catalogue.FORMS.items())),
        Field("subjects", "Dành cho", "checklist", choices=list(catalogue.SUBJECTS.items())),
        Field("decided_by", "Cấp quyết định", required=True, placeholder="Ví dụ: Chủ tịch UBND phường"),
        Field("level", "Thẩm quyền", "choice", required=True, choices=list(catalogue.LEVELS.items()),
              hint="“Phường quyết định”: Chủ tịch UBND phường ra quyết định; “Trình cấp trên”: phường lập tờ trình."),
        Field("multiplier", "Hệ số tiền thưởng", "number", hint="Tiền thưởng = hệ số × mức lương cơ sở."),
        Field("threshold_vnd", "Ngưỡng gợi ý: giá trị đóng góp từ (đồng)", "money",
              hint="Để trống nếu tỉnh không quy định mức. Có ngưỡng thì thẻ Gợi ý chỉ hiện người đạt ngưỡng."),
        Field("threshold_m2", "Ngưỡng gợi ý: diện tích đất hiến từ (m²)", "number"),
        Field("sort_order", "Thứ tự", "int"),
        Field("active", "Đang dùng", "choice", required=True, choices=[(1, "Có"), (0, "Không")]),
        Field("note", "Ghi chú, căn cứ", "multiline"),
    ]


class CatalogueDialog(QDialog):
    """The award catalogue, the base salary and document settings, and the certificate offsets."""

    KIND_HEADERS = ["Tên", "Loại", "Dành cho", "Cấp quyết định", "Thẩm quyền", "Hệ số", "Tiền thưởng (đ)",
                    "Ngưỡng (đ)", "Ngưỡng (m²)", "Dùng"]

    def __init__(self, parent: QWidget, ctx: AppContext):
        super().__init__(parent)
        self.ctx = ctx
        self.state: dict[str, Any] | None = None
        self.setWindowTitle("Danh mục khen thưởng")
        v = QVBoxLayout(self)
        intro = QLabel("Mặc định theo Luật Thi đua, khen thưởng 2022 và Nghị định 152/2025/NĐ-CP (từ 01/7/2025). "
                       "Mỗi tỉnh có quy định riêng: sửa lại cho đúng quy định của tỉnh.")
        intro.setWordWrap(True)
        v.addWidget(intro)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._kinds_tab(), "Hình thức, danh hiệu")
        self.tabs.addTab(self._general_tab(), "Tiền thưởng, văn bản")
        self.tabs.addTab(self._certificate_tab(), "Giấy khen")
        v.addWidget(self.tabs, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        v.addWidget(close)
        screen_fit.fit_size(self, 1200, 640)
        self.refresh()

    # --- tabs ---------------------------------------------------------------------------------
    def _kinds_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.kinds_table = QTableWidget(0, len(self.KIND_HEADERS))
        self.kinds_table.setHorizontalHeaderLabels(self.KIND_HEADERS)
        self.kinds_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.kinds_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.kinds_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.kinds_table.verticalHeader().setVisible(False)
        self.kinds_table.setAlternatingRowColors(True)
        header = self.kinds_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # about fifteen rows
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.kinds_table.doubleClicked.connect(lambda _i: self.edit_kind())
        v.addWidget(self.kinds_table, 1)
        row = QHBoxLayout()
        for text, slot in (("Thêm…", lambda: self.edit_kind(new=True)), ("Sửa…", self.edit_kind)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        return w

    def _general_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        form = QFormLayout()
        self.base_salary = QLineEdit()
        self.base_salary.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.base_salary.setMaximumWidth(200)
        self.vote_percent = QSpinBox()
        self.vote_percent.setRange(0, 99)
        self.vote_percent.setSuffix(" %")
        self.vote_percent.setMaximumWidth(100)
        self.vote_base = QComboBox()  # the base of the percentage (resources/rules/hoi-dong-thi-dua.md)
        for code, text in VOTE_BASES.items():
            self.vote_base.addItem(text, code)
        self.quorum_fraction = QLineEdit()
        self.quorum_fraction.setMaximumWidth(100)
        self.quorum_fraction.setPlaceholderText("2/3")
        # Off by default: the law leaves it to the council's quy chế (resources/rules/hoi-dong-thi-dua.md, rule 4).
        self.written_votes = QCheckBox("Tính phiếu bằng văn bản của thành viên vắng mặt (khi quy chế Hội đồng cho "
                                       "phép)")
        self.written_votes.setToolTip(
            "Luật Thi đua, khen thưởng 2022 (Điều 89) và Nghị định 152/2025/NĐ-CP để việc này cho quy chế của Hội "
            "đồng; quy chế Hội đồng tỉnh Bắc Ninh (QĐ 86/2025/QĐ-UBND, Điều 8) cho thành viên vắng mặt biểu quyết "
            "bằng văn bản. Phiếu bằng văn bản được cộng vào số phiếu đồng ý, ghi riêng trong Biên bản, nhưng không "
            "tính vào số thành viên dự họp tối thiểu.")
        self.drafting_name = QLineEdit()
        self.drafting_head_title = QLineEdit()
        self.drafting_head_name = QLineEdit()
        self.legal_bases = QPlainTextEdit()
        self.province_regulation = QPlainTextEdit()
        self.province_regulation.setFixedHeight(56)
        self.province_regulation.setPlaceholderText(
            "Ví dụ: Quyết định số …/2025/QĐ-UBND ngày … tháng … năm 2025 của Ủy ban nhân dân tỉnh … ban hành Quy "
            "định công tác thi đua, khen thưởng trên địa bàn tỉnh")
        form.addRow("Mức lương cơ sở (đồng/tháng):", self.base_salary)
        form.addRow("Được thông qua khi số phiếu đồng ý trên:", self.vote_percent)
        form.addRow("Tỷ lệ phiếu tính trên:", self.vote_base)
        form.addRow("Số thành viên tối thiểu dự họp (phân số):", self.quorum_fraction)
        form.addRow("Phiếu bằng văn bản:", self.written_votes)
        form.addRow("Đơn vị trình khen thưởng cấp phường:", self.drafting_name)
        form.addRow("Chức vụ người ký tờ trình:", self.drafting_head_title)
        form.addRow("Họ tên người ký tờ trình:", self.drafting_head_name)
        form.addRow("Căn cứ (mỗi dòng một văn bản):", self.legal_bases)
        form.addRow("Quy định thi đua, khen thưởng của tỉnh:", self.province_regulation)
        v.addLayout(form)
        hint = QLabel("Quy chế thường gặp: cuộc họp hợp lệ khi có ít nhất 2/3 thành viên dự họp; đề nghị được thông "
                      "qua khi có trên 50% tổng số thành viên Hội đồng đồng ý — sửa theo quy chế của tỉnh. Căn cứ để "
                      "nguyên thì chương trình dùng các "
                      "văn bản còn hiệu lực theo ngày ký: Luật Thi đua, khen thưởng ngày 15/6/2022, Nghị định "
                      "152/2025/NĐ-CP ngày 14/6/2025 và Nghị định 129/2025/NĐ-CP (thẩm quyền cấp xã) từ 01/7/2025 — "
                      "hãy đối chiếu ngày ký Nghị định 129/2025/NĐ-CP với Công báo. Quy định thi đua, khen thưởng của "
                      "tỉnh (ban hành lại sau 01/7/2025) được thêm làm căn cứ cuối; để trống thì không in.")
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        v.addWidget(hint)
        row = QHBoxLayout()
        self.general_message = QLabel()
        self.general_message.setWordWrap(True)
        row.addWidget(self.general_message, 1)
        save = QPushButton("Lưu")
        save.clicked.connect(self.save_general)
        row.addWidget(save)
        v.addLayout(row)
        return w

    def _certificate_tab(self) -> QWidget:
        from desktop.core.pdf.certificate import FIELD_LABELS

        w = QWidget()
        v = QVBoxLayout(w)
        self.preprinted = QCheckBox("In trên phôi Giấy khen in sẵn (chỉ in tên, địa chỉ, thành tích, số quyết định, "
                                    "ngày tháng, người ký)")
        v.addWidget(self.preprinted)
        shift = QHBoxLayout()
        self.cert_dx, self.cert_dy = self._mm_spin(), self._mm_spin()
        shift.addWidget(QLabel("Dịch cả trang — sang phải:"))
        shift.addWidget(self.cert_dx)
        shift.addWidget(QLabel("xuống dưới:"))
        shift.addWidget(self.cert_dy)
        shift.addStretch(1)
        v.addLayout(shift)
        v.addWidget(QLabel("Dịch từng dòng (mm; số âm: sang trái, lên trên):"))
        self.offsets = QTableWidget(len(FIELD_LABELS), 3)
        self.offsets.setHorizontalHeaderLabels(["Dòng", "Sang phải (mm)", "Xuống dưới (mm)"])
        self.offsets.verticalHeader().setVisible(False)
        self.offset_spins: dict[str, tuple[QDoubleSpinBox, QDoubleSpinBox]] = {}
        for i, (key, label) in enumerate(FIELD_LABELS.items()):
            self.offsets.setItem(i, 0, QTableWidgetItem(label))
            pair = (self._mm_spin(), self._mm_spin())
            self.offsets.setCellWidget(i, 1, pair[0])
            self.offsets.setCellWidget(i, 2, pair[1])
            self.offset_spins[key] = pair
        header = self.offsets.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.offsets.setColumnWidth(1, 150)
        self.offsets.setColumnWidth(2, 150)
        v.addWidget(self.offsets, 1)
        row = QHBoxLayout()
        self.cert_message = QLabel()
        row.addWidget(self.cert_message, 1)
        trial = QPushButton("In thử…")
        trial.setToolTip("Xem, in một Giấy khen mẫu với các số đo đang nhập, để so với phôi")
        trial.clicked.connect(self.trial_certificate)
        save = QPushButton("Lưu")
        save.clicked.connect(self.save_certificate)
        row.addWidget(trial)
        row.addWidget(save)
        v.addLayout(row)
        return w

    @staticmethod
    def _mm_spin() -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))  # "2,5", not "2.5"
        spin.setRange(-50, 50)
        spin.setSingleStep(0.5)
        spin.setDecimals(1)
        return spin

    # --- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.ctx.worker.submit(_catalogue_state, success=self._loaded)

    def _loaded(self, state: dict[str, Any]) -> None:
        from desktop.core.awards import catalogue
        from desktop.core.pdf.certificate import Layout

        self.state = state
        settings = state["settings"]
        base = int(settings["base_salary_vnd"])
        kinds = state["kinds"]
        self.kinds_table.setRowCount(len(kinds))
        for i, k in enumerate(kinds):
            cells = [k["name"], "Danh hiệu" if k["form"] == "danh_hieu" else "Hình thức",
                     ", ".join(catalogue.SUBJECTS.get(s, s) for s in k["subjects"]), k["decided_by"],
                     "Phường" if k["level"] == "ward" else "Cấp trên",
                     format_decimal(k["multiplier"] or 0, 2, trim=True),
                     format_int(catalogue.prize_vnd(k["multiplier"], base)),
                     format_int(k["threshold_vnd"]) if k["threshold_vnd"] is not None else "",
                     format_decimal(k["threshold_m2"], 1, trim=True) if k["threshold_m2"] is not None else "",
                     "Có" if k["active"] else "Không"]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j in (5, 6, 7, 8):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if j == 0:
                    item.setData(Qt.ItemDataRole.UserRole, k["id"])
                    item.setToolTip(k["name"] + (f"\n{k['note']}" if k["note"] else ""))
                self.kinds_table.setItem(i, j, item)
        self.base_salary.setText(format_int(base))
        self.vote_percent.setValue(int(settings["vote_pass_percent"]))
        self.vote_base.setCurrentIndex(max(0, self.vote_base.findData(settings["vote_base"])))
        self.quorum_fraction.setText(str(settings["quorum_fraction"] or "2/3"))
        self.written_votes.setChecked(bool(settings.get("written_votes_allowed")))
        self.drafting_name.setText(settings["drafting_name"] or "")
        self.drafting_head_title.setText(settings["drafting_head_title"] or "")
        self.drafting_head_name.setText(settings["drafting_head_name"] or "")
        self.legal_bases.setPlainText("\n".join(settings["legal_bases"] or state["default_bases"]))
        self.province_regulation.setPlainText(settings.get("province_regulation") or "")
        layout = Layout.from_settings(settings["certificate"])
        self.preprinted.setChecked(layout.preprinted)
        self.cert_dx.setValue(layout.dx)
        self.cert_dy.setValue(layout.dy)
        for key, (sx, sy) in self.offset_spins.items():
            dx, dy = layout.fields.get(key, (0.0, 0.0))
            sx.setValue(dx)
            sy.setValue(dy)

    # --- actions ------------------------------------------------------------------------------
    def _kind_id(self) -> int | None:
        row = self.kinds_table.currentRow()
        item = self.kinds_table.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def edit_kind(self, new: bool = False) -> None:
        from desktop.core.awards import catalogue

        kind_id = None if new else self._kind_id()
        if not new and kind_id is None:
            return
        values: dict[str, Any] = {"form": "hinh_thuc", "level": "ward", "active": 1, "subjects": ["ho"],
                                  "decided_by": "Chủ tịch UBND phường", "multiplier": 0}
        if kind_id is not None:
            values = next(k for k in (self.state or {}).get("kinds", []) if k["id"] == kind_id)

        def save(vals: dict, ok: Callable, failed: Callable) -> None:
            if kind_id is None:
                job = lambda led, v: Changes().add("award_kinds", catalogue.add_kind(led, v))  # noqa: E731
                self.ctx.worker.submit(job, vals, success=ok, failure=failed)
            else:
                self.ctx.worker.submit(catalogue.edit_kind, kind_id, vals, success=ok, failure=failed)

        dialog = RecordDialog(self, "Thêm hình thức khen thưởng" if new else "Sửa hình thức khen thưởng",
                              kind_fields(), values, save)
        self.kind_dialog = dialog
        if dialog.exec():
            self.refresh()

    def general_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "base_salary_vnd": self.base_salary.text(), "vote_pass_percent": self.vote_percent.value(),
            "vote_base": self.vote_base.currentData(), "quorum_fraction": self.quorum_fraction.text() or "2/3",
            "written_votes_allowed": self.written_votes.isChecked(),
            "drafting_name": self.drafting_name.text(), "drafting_head_title": self.drafting_head_title.text(),
            "drafting_head_name": self.drafting_head_name.text(),
            "province_regulation": self.province_regulation.toPlainText(),
        }
        typed = [line.strip() for line in self.legal_bases.toPlainText().splitlines() if line.strip()]
        defaults = (self.state or {}).get("default_bases", [])
        # Left as shown (the defaults of today): keep following the law by date rather than freezing today's list.
        values["legal_bases"] = None if typed == defaults else typed
        return values

    def save_general(self) -> None:
        from desktop.core.awards import catalogue

        self.ctx.worker.submit(catalogue.save_settings, self.general_values(),
                               success=lambda _c: (self.general_message.setText("Đã lưu."), self.refresh()),
                               failure=self._general_failed)

    def _general_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.general_message.setText("Chưa lưu được — " + " ".join(exc.errors.values()))
            self.general_message.setStyleSheet("color: #b00020;")
        else:
            show_error(self, exc)

    def certificate_layout(self) -> Any:
        from desktop.core.pdf.certificate import Layout

        return Layout(self.preprinted.isChecked(), self.cert_dx.value(), self.cert_dy.value(),
                      {k: (sx.value(), sy.value()) for k, (sx, sy) in self.offset_spins.items()})

    def save_certificate(self) -> None:
        from desktop.core.awards import catalogue

        self.ctx.worker.submit(catalogue.save_settings, {"certificate": self.certificate_layout().to_settings()},
                               success=lambda _c: self.cert_message.setText("Đã lưu."))

    def trial_certificate(self) -> None:
        from desktop.core.ledger import demo_mark
        from desktop.core.pdf import certificate, heading
        from desktop.ui import pdf_view

        unit = self.ctx.unit
        sample = certificate.Certificate(
            decider=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {(unit.get('name') or '').upper()}",
            nominee="Hộ gia đình Nguyễn Văn Mẫu", address=f"Số 1 hẻm 1, Tổ dân phố 1, {unit.get('name') or ''}",
            achievement="Đã tự nguyện hiến đất, đóng góp xây dựng kết cấu hạ tầng trong Phong trào thi đua "
                        "“Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, chống lãng phí”.",
            decision="Quyết định số 01/QĐ-UBND ngày 01/01/2026", book_no="Số sổ vàng: 01",
            place_date=heading.place_date(unit, dt.date.today()), signer_title=["CHỦ TỊCH"],
            signer_name=unit.get("signer_name") or "Họ và tên")
        data = certificate.render([sample], self.certificate_layout(), watermark=demo_mark.mark_for(self.ctx.reader))
        self.last_pdf = data
        pdf_view.PdfPreview(self, "In thử Giấy khen", data, "Giay-khen-in-thu.pdf").exec()
