"""The four registers: tổ dân phố, người đóng góp, công trình, đóng góp (and the rates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.ledger import contributions, contributors, groups, lists, locks, rates, records, works
from desktop.core.ledger import vocab as V
from desktop.core.ledger.records import Changes
from desktop.core.text.vnformat import format_int, parse_date
from desktop.ui.list_page import ListPage, period_choices
from desktop.ui.messages import show_error
from desktop.ui.pages.contribution_locks import locked_message, refuse_locked_rows
from desktop.ui.pages.reader_choices import ReaderChoices
from desktop.ui.record_dialog import Field, Picker, RecordDialog
from desktop.ui.record_fields import example_placeholder


def _items(d: dict[str, str]) -> list[tuple[Any, str]]:
    return list(d.items())


class GroupsPage(ListPage):
    title = "Tổ dân phố"
    spec = lists.GROUPS
    noun = "tổ dân phố"

    def __init__(self, ctx: Any, parent: Any = None):
        label = ctx.unit.get("group_label") or "Tổ dân phố"
        self.title = "Thôn" if label == "Thôn" else "Tổ dân phố"
        self.noun = label.lower()
        super().__init__(ctx, parent)

    def filter_choices(self) -> list:
        return [("active", "Tình trạng", [(1, "Đang hoạt động"), (0, "Đã sáp nhập")])]

    def extra_actions(self) -> list:
        return [("merge", "Sáp nhập…", self.merge_selected), ("template", "Mẫu Excel…", self.template)]

    def template(self) -> None:
        """The intake workbook for the selected group (its tổ trưởng fills it), or the whole ward."""
        from desktop.ui.import_dialog import save_template

        ids = self.selected_ids()
        name = None
        if len(ids) == 1:
            row = self.ctx.reader.conn.execute("SELECT name FROM groups WHERE id = ?", [ids[0]]).fetchone()
            name = row[0] if row else None
        save_template(self, self.ctx, name)

    def service(self) -> Any:
        return groups

    def fields(self, record_id: int | None) -> list[Field]:
        return [
            Field("name", "Tên tổ dân phố", required=True, placeholder="Ví dụ: Tổ dân phố 3"),
            Field("leader", "Tổ trưởng"),
            Field("deputy", "Tổ phó"),
            Field("party_secretary", "Bí thư chi bộ"),
            Field("front_head", "Trưởng ban công tác Mặt trận"),
            Field("phone", "Điện thoại liên hệ"),
            Field("households", "Số hộ", "int", placeholder="Ví dụ: 120"),
            Field("population", "Số nhân khẩu", "int", placeholder="Ví dụ: 450"),
            Field("note", "Ghi chú", "multiline"),
        ]

    def merge_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            show_error(self, UserError("Hãy chọn một tổ dân phố cần sáp nhập."))
            return
        gid = ids[0]
        choices = [(i, n) for i, n in ReaderChoices(self.ctx.reader).groups() if i != gid]
        fields = [
            Field("into_id", "Sáp nhập vào", "choice", required=True, choices=choices),
            Field("date", "Ngày sáp nhập", "date", required=True),
        ]

        def save(vals: dict, ok: Callable, failed: Callable) -> None:
            try:
                date = parse_date(vals["date"]).isoformat()
            except ValueError as exc:
                failed(UserError(f"Ngày sáp nhập: {exc}"))
                return
            self.ctx.worker.submit(groups.merge, gid, vals["into_id"], date, success=ok, failure=failed)

        RecordDialog(self, "Sáp nhập tổ dân phố", fields, {"date": dt.date.today().isoformat()}, save).exec()


class ContributorsPage(ListPage):
    title = "Người đóng góp"
    spec = lists.CONTRIBUTORS
    noun = "người đóng góp"
    depends = {"contributions", "groups"}

    def filter_choices(self) -> list:
        return [("group_id", "Tổ dân phố", ReaderChoices(self.ctx.reader).groups()),
                ("kind", "Đối tượng", _items(V.CONTRIBUTOR_KINDS))]

    def extra_actions(self) -> list:
        return [("show", "Xem các khoản đóng góp", self.show_contributions)]

    def service(self) -> Any:
        return contributors

    def fields(self, record_id: int | None) -> list[Field]:
        personal = "Thông tin cá nhân (Nghị định 13/2023/NĐ-CP: chỉ nhập khi cần; không in, không gửi cấp trên)"
        return [
            Field("name", "Họ và tên", required=True, placeholder="Ví dụ: Nguyễn Văn An"),
            Field("kind", "Đối tượng", "choice", required=True, choices=_items(V.CONTRIBUTOR_KINDS)),
            Field("group_id", "Tổ dân phố", "choice", required=True, choices=ReaderChoices(self.ctx.reader).groups),
            Field("address", "Địa chỉ", placeholder="Số nhà, hẻm, đường"),
            Field("birth_year", "Năm sinh", "int", placeholder="Ví dụ: 1965"),
            Field("phone", "Điện thoại", section=personal),
            Field("cccd", "Số CCCD", section=personal, placeholder="12 chữ số"),
            Field("note", "Ghi chú", "multiline"),
        ]

    def new_values(self) -> dict[str, Any]:
        return {"kind": "ho", "group_id": self.filter_widgets["group_id"].currentData()}

    def show_contributions(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1 and self.ctx.navigate:
            self.ctx.navigate("contributions", {"contributor_id": ids[0]})


class WorksPage(ListPage):
    title = "Công trình"
    spec = lists.WORKS
    noun = "công trình"
    depends = {"contributions", "groups"}

    def filter_choices(self) -> list:
        return [("status", "Trạng thái", _items(V.WORK_STATUSES)),
                ("group_id", "Tổ dân phố", ReaderChoices(self.ctx.reader).groups()),
                ("period", "Hoàn thành trong kỳ", period_choices(self.ctx.unit))]

    def service(self) -> Any:
        return works

    def fields(self, record_id: int | None) -> list[Field]:
        money = "Nguồn vốn (đồng)"
        meeting = "Nhân dân bàn và quyết định (Luật THDCCS 2022, Điều 15)"
        return [
            Field("name", "Tên công trình", required=True, placeholder="Ví dụ: Mở rộng hẻm 12 đường Trần Hưng Đạo"),
            Field("kind", "Loại", "choice", required=True, choices=_items(V.WORK_KINDS)),
            Field("status", "Trạng thái", "choice", required=True, choices=_items(V.WORK_STATUSES)),
            Field("group_ids", "Thuộc tổ dân phố", "checklist", choices=ReaderChoices(self.ctx.reader).groups),
            Field("length_m", "Chiều dài (m)", "number"),
            Field("width_before_m", "Chiều rộng trước (m)", "number"),
            Field("width_after_m", "Chiều rộng sau (m)", "number"),
            Field("start_date", "Ngày khởi công", "date"),
            Field("completed_date", "Ngày hoàn thành", "date"),
            Field("budget_state_vnd", "Ngân sách nhà nước", "money", section=money),
            Field("budget_social_vnd", "Xã hội hóa", "money", section=money),
            Field("budget_people_vnd", "Nhân dân đóng góp (dự kiến)", "money", section=money,
                  hint="Số Nhân dân thực góp được cộng từ sổ đóng góp."),
            Field("meeting_ref", "Biên bản họp cộng đồng dân cư", section=meeting, placeholder="Ví dụ: 02/BB-TDP3"),
            Field("meeting_date", "Ngày họp", "date", section=meeting),
            Field("note", "Ghi chú", "multiline"),
        ]

    def new_values(self) -> dict[str, Any]:
        return {"kind": "hem", "status": "chuan_bi"}

    def load_values(self, ledger: Ledger, record_id: int) -> dict[str, Any]:
        return {**records.get(ledger, "works", record_id), "group_ids": works.group_ids(ledger, record_id)}


class ContributionsPage(ListPage):
    title = "Đóng góp"
    spec = lists.CONTRIBUTIONS
    noun = "khoản đóng góp"
    depends = {"contributors", "groups", "works", "rates", "period_locks"}  # issuing or unlocking moves the padlocks

    def filter_choices(self) -> list:
        return [("group_id", "Tổ dân phố", ReaderChoices(self.ctx.reader).groups()),
                ("kind", "Hình thức", _items(V.CONTRIBUTION_KINDS)),
                ("status", "Trạng thái", _items(V.CONTRIBUTION_STATUSES)),
                ("period", "Kỳ", period_choices(self.ctx.unit))]

    def extra_actions(self) -> list:
        return [("import", "Nhập Excel…", self.import_excel)]

    def import_excel(self) -> None:
        from desktop.ui.import_dialog import run_import

        run_import(self, self.ctx)

    def service(self) -> Any:
        return contributions

    def fields(self, record_id: int | None) -> list[Field]:
        c = ReaderChoices(self.ctx.reader)
        land = "Đất hiến (chỉ với hình thức Hiến đất)"
        return [
            Field("contributor_id", "Người đóng góp", "picker", required=True, search=c.contributors),
            Field("group_id", "Tổ dân phố", "choice", choices=c.groups,
                  hint="Để trống: lấy tổ dân phố của người đóng góp."),
            Field("work_id", "Công trình", "choice", choices=c.works),
            Field("date", "Ngày", "date", required=True),
            Field("kind", "Hình thức", "choice", required=True, choices=_items(V.CONTRIBUTION_KINDS)),
            Field("quantity", "Số lượng", "number", required=True),  # its example follows the Hình thức
            Field("unit", "Đơn vị tính", placeholder="tấn, m³, bao…"),
            Field("value_vnd", "Giá trị quy đổi (đồng)", "money",
                  placeholder="Để trống: tính theo đơn giá"),
            Field("status", "Trạng thái", "choice", required=True, choices=_items(V.CONTRIBUTION_STATUSES)),
            Field("land_map_sheet", "Tờ bản đồ số", section=land),
            Field("land_parcel", "Thửa đất số", section=land),
            Field("land_type", "Loại đất", "choice", section=land,
                  choices=[(k, f"{k} — {v}") for k, v in V.LAND_TYPES.items()]),
            Field("land_structures", "Vật kiến trúc, cây cối tự tháo dỡ", section=land),
            Field("land_handover", "Tình trạng bàn giao", "choice", section=land, choices=_items(V.LAND_HANDOVER)),
            Field("evidence_no", "Biên bản số", placeholder="Ví dụ: 05/BB-TDP3"),
            Field("evidence_date", "Ngày biên bản", "date"),
            Field("description", "Nội dung", "multiline"),
        ]

    def new_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {"date": dt.date.today().isoformat(), "kind": "land", "status": "received"}
        cid = self.query.filters.get("contributor_id")
        if cid:  # adding while looking at one person's contributions: that person
            row = self.ctx.reader.conn.execute(
                "SELECT p.name || ' — ' || g.name FROM contributors p JOIN groups g ON g.id = p.group_id "
                "WHERE p.id = ?", [cid]).fetchone()
            if row:
                values.update({"contributor_id": cid, "contributor_id__label": row[0]})
        return values

    def describe_hidden_filter(self, key: str, value: Any) -> str:
        if key == "contributor_id":
            row = self.ctx.reader.conn.execute("SELECT name FROM contributors WHERE id = ?", [value]).fetchone()
            return f"người đóng góp {row[0] if row else value}"
        if key == "work_id":
            row = self.ctx.reader.conn.execute("SELECT name FROM works WHERE id = ?", [value]).fetchone()
            return f"công trình {row[0] if row else value}"
        return super().describe_hidden_filter(key, value)

    def load_values(self, ledger: Ledger, record_id: int) -> dict[str, Any]:
        row = records.get(ledger, "contributions", record_id)
        name = ledger.conn.execute(
            "SELECT p.name || ' — ' || g.name FROM contributors p JOIN groups g ON g.id = p.group_id WHERE p.id = ?",
            [row["contributor_id"]]).fetchone()
        if not row["value_entered"]:
            row["value_vnd"] = None  # computed: left empty so it follows the rate
        # Dated inside an issued period: the dialog opens read-only, saying which report locked it.
        return {**row, "contributor_id__label": name[0] if name else "",
                "__lock": locks.lock_covering(ledger, row["date"])}

    def _open_dialog(self, record_id: int | None, values: dict[str, Any] | None) -> RecordDialog:
        dialog = super()._open_dialog(record_id, values)
        lock = (values or {}).get("__lock")
        if record_id is not None and lock:
            dialog.set_read_only(locked_message(lock))
        return dialog

    def delete_selected(self) -> None:
        if not refuse_locked_rows(self):  # said at once, not a refusal from the database logged as an error
            super().delete_selected()

    def prepare_dialog(self, dialog: RecordDialog) -> None:
        kind = dialog.widgets["kind"]
        unit = dialog.widgets["unit"]
        value = dialog.widgets["value_vnd"]
        quantity = dialog.widgets["quantity"]
        assert isinstance(kind, QComboBox) and isinstance(unit, QLineEdit) and isinstance(value, QLineEdit)
        assert isinstance(quantity, QLineEdit)
        preview = QLabel()
        preview.setStyleSheet("color: #1b5e20;")
        dialog.error_labels["value_vnd"].parentWidget().layout().addWidget(preview)

        def kind_changed() -> None:
            k = kind.currentData()
            fixed = k in ("land", "money", "labour")
            if fixed:
                unit.setText(V.DEFAULT_UNITS[k])
            unit.setEnabled(not fixed and not dialog.read_only)
            quantity.setPlaceholderText(example_placeholder("number", unit=V.DEFAULT_UNITS.get(k or "") or None))
            box = dialog.sections.get("Đất hiến (chỉ với hình thức Hiến đất)")
            if box is not None:
                box.setVisible(k == "land")
            update_preview()

        def update_preview() -> None:
            if value.text().strip():
                preview.setText("Giá trị do cán bộ nhập.")
                return
            vals = dialog.values()

            def show(v: dict[str, Any]) -> None:
                preview.setText(f"= {format_int(v['value_vnd'])} đồng (tính theo đơn giá)" if v.get("value_vnd")
                                is not None else "")

            def hide(_e: BaseException) -> None:
                preview.setText("")

            self.ctx.worker.submit(_preview_value, vals, success=show, failure=hide)

        kind.currentIndexChanged.connect(kind_changed)
        for key in ("quantity", "date", "value_vnd"):
            w = dialog.widgets[key]
            assert isinstance(w, QLineEdit)
            w.editingFinished.connect(update_preview)
        land_type = dialog.widgets["land_type"]
        assert isinstance(land_type, QComboBox)
        land_type.currentIndexChanged.connect(update_preview)
        kind_changed()

        # A person not yet in the ledger is declared from here and picked at once, without leaving the entry.
        picker = dialog.widgets["contributor_id"]
        holder = picker.parentWidget()  # the field with its error line, a row of the form
        form = holder.parentWidget().layout()
        if isinstance(picker, Picker) and isinstance(form, QFormLayout):
            row, _role = form.getWidgetPosition(holder)
            new_person = QPushButton("Thêm người mới…")
            new_person.setToolTip("Người chưa có trong sổ: khai báo rồi chọn luôn cho khoản đóng góp này")
            new_person.clicked.connect(lambda: self.new_contributor(dialog, picker))
            line = QWidget()
            line_layout = QHBoxLayout(line)
            line_layout.setContentsMargins(0, 0, 0, 0)
            line_layout.addWidget(new_person)
            line_layout.addStretch(1)
            form.insertRow(row + 1, "", line)

    def new_contributor(self, parent: RecordDialog, picker: Picker) -> None:
        """The Người đóng góp form over the contribution being entered; the new person is then chosen in it."""
        typed = picker.text().strip() if picker.value is None else ""
        group = parent.widgets["group_id"]
        values = {"kind": "ho", "name": typed,
                  "group_id": group.currentData() if isinstance(group, QComboBox) else None}

        def save(vals: dict[str, Any], ok: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
            job = lambda ledger, v: Changes().add("contributors", contributors.add(ledger, v))  # noqa: E731
            self.ctx.worker.submit(job, vals, success=ok, failure=failed)

        fields = ContributorsPage.fields(self, None)  # type: ignore[arg-type]  # needs only self.ctx
        dialog = RecordDialog(parent, "Thêm người đóng góp", fields, values, save)
        if not dialog.exec() or not isinstance(dialog.result_value, Changes):
            return
        (pid,) = dialog.result_value.ids["contributors"]
        # The answer arrived after the worker committed: the reader already sees the new person.
        row = self.ctx.reader.conn.execute(
            "SELECT p.name || ' — ' || g.name FROM contributors p JOIN groups g ON g.id = p.group_id WHERE p.id = ?",
            [pid]).fetchone()
        picker.set_value(pid, row[0] if row else "")
        if picker.on_change:
            picker.on_change(pid)


def _preview_value(ledger: Ledger, values: dict[str, Any]) -> dict[str, Any]:
    """What value the contribution would get, without saving it (for the live hint)."""
    from desktop.core.text.vnformat import parse_number

    kind = values.get("kind")
    unit = V.DEFAULT_UNITS.get(kind or "") if kind in ("land", "money", "labour") else values.get("unit")
    value, _rate = contributions.computed_value(
        ledger, kind, parse_number(values["quantity"]), unit, values.get("land_type"),
        parse_date(values["date"]).isoformat())
    return {"value_vnd": value}


class RatesPage(ListPage):
    title = "Đơn giá quy đổi"
    spec = lists.RATES
    noun = "đơn giá"

    def service(self) -> Any:
        return rates

    def filter_choices(self) -> list:
        return []

    def fields(self, record_id: int | None) -> list[Field]:
        kinds = [(k, v) for k, v in V.CONTRIBUTION_KINDS.items() if k != "money"]
        return [
            Field("kind", "Hình thức", "choice", required=True, choices=kinds),
            Field("name", "Tên đơn giá", placeholder="Ví dụ: Đất ở tại đô thị — đường loại 3"),
            Field("land_type", "Loại đất (với đất)", "choice",
                  choices=[(k, f"{k} — {v}") for k, v in V.LAND_TYPES.items()]),
            Field("unit", "Đơn vị tính", required=True, placeholder="m², ngày công, tấn, m³"),
            Field("price_vnd", "Đơn giá (đồng)", "money", required=True),
            Field("effective_date", "Áp dụng từ ngày", "date", required=True),
            Field("legal_basis", "Căn cứ pháp lý",
                  placeholder="Ví dụ: Quyết định số …/2025/QĐ-UBND ngày … của UBND tỉnh …"),
            Field("note", "Ghi chú", "multiline"),
        ]

    def new_values(self) -> dict[str, Any]:
        return {"kind": "land", "unit": "m²", "effective_date": dt.date.today().isoformat()}
