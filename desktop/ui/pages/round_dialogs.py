"""The dialogs of Báo cáo của đơn vị: a reporting unit (add, edit), a report typed from paper, and the text that
shows one unit's report (its figures and its text per section, with the reports it replaced).

The dialogs only collect what the clerk typed; desktop.core.round checks it, and each problem is shown in red
under its field (the record dialog's keys are the core's: an indicator's code, "text:<section>", "received_on").
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.core.errors import ValidationError
from desktop.core.figures import indicator_catalogue, indicators
from desktop.core.ledger.records import Changes
from desktop.core.round import reports, units
from desktop.core.text.vnformat import format_date, parse_date
from desktop.ui.list_page import AppContext
from desktop.ui.record_dialog import Field, RecordDialog

_FIELD_KINDS = {"money": "money", "percent": "number", "count": "int"}


def unit_dialog(parent: QWidget, ctx: AppContext, unit: dict[str, Any] | None,
                groups: list[tuple[int, str]]) -> RecordDialog:
    """Add (unit None) or edit a reporting unit; saved through units.add / units.edit on the worker."""
    cat = indicator_catalogue.load()
    fields = [
        Field("kind", "Loại đơn vị", kind="choice", required=True, choices=list(cat.unit_kinds.items())),
        Field("name", "Tên đơn vị", required=True, placeholder="Ví dụ: Hội Người cao tuổi phường"),
        Field("field", "Lĩnh vực (công chức chuyên môn)", kind="choice", choices=list(cat.fields.items()),
              hint="Chỉ công chức chuyên môn có lĩnh vực: các chỉ tiêu của lĩnh vực là phần báo cáo của người đó."),
        Field("group_id", "Tổ dân phố", kind="choice", choices=groups,
              hint="Chỉ đơn vị loại tổ dân phố, thôn: chọn tổ trong danh sách Tổ dân phố."),
        Field("contact_name", "Người liên hệ", section="Liên hệ"),
        Field("contact_phone", "Điện thoại", section="Liên hệ"),
        Field("sort_order", "Thứ tự trong danh sách", kind="int", section="Khác"),
        Field("note", "Ghi chú", kind="multiline", section="Khác"),
    ]
    values = {k: unit.get(k) for k in ("kind", "name", "field", "group_id", "contact_name", "contact_phone",
                                       "sort_order", "note")} if unit else {"kind": "doan_the"}

    def save(vals: dict[str, Any], ok: Any, failed: Any) -> None:
        def job(led: Any) -> Changes:
            if unit is None:
                return Changes().add(units.TABLE, units.add(led, vals))
            return units.edit(led, unit["id"], vals)

        ctx.worker.submit(job, success=ok, failure=failed)

    title = f"Sửa đơn vị báo cáo: {unit['name']}" if unit else "Thêm đơn vị báo cáo"
    return RecordDialog(parent, title, fields, values, save)


def _parse_figures(unit: dict[str, Any], vals: dict[str, Any]) -> dict[str, float]:
    """The indicator fields as typed ("1,2 tỷ", "95,5", "3"), read as the Chỉ tiêu screen reads them; every field
    that cannot be read is named at once."""
    out: dict[str, float] = {}
    errors: dict[str, str] = {}
    for ind in reports.indicators_of(unit):
        text = str(vals.get(ind.code) or "").strip()
        if not text:
            continue
        try:
            out[ind.code] = indicators.parse_typed(ind.code, text)
        except ValidationError as exc:
            errors[ind.code] = exc.errors["value"]
    if errors:
        raise ValidationError(errors)
    return out


def entry_dialog(parent: QWidget, ctx: AppContext, unit: dict[str, Any], period_code: str, period_label: str,
                 current: dict[str, Any] | None) -> RecordDialog:
    """Type a unit's report from paper: its catalogue indicators as number fields and one box per text section.
    Saved through reports.save_report (source "screen"); an earlier report of the period is superseded."""
    cat = indicator_catalogue.load()
    fields = [Field("received_on", "Ngày nhận bản giấy", kind="date", required=True)]
    for ind in reports.indicators_of(unit):
        fields.append(Field(ind.code, f"{ind.name} ({ind.unit})", kind=_FIELD_KINDS[ind.kind],
                            section="Số liệu", hint=ind.note))
    for key, label in cat.text_sections.items():
        fields.append(Field(f"text:{key}", label, kind="multiline", section="Nội dung theo từng mục báo cáo"))
    values: dict[str, Any] = {"received_on": dt.date.today().isoformat()}
    if current:  # start from what the unit sent before: typing a correction is changing a few fields
        values.update({code: value for code, value in current["figures"].items()})
        values.update({f"text:{k}": v for k, v in current["texts"].items()})

    def save(vals: dict[str, Any], ok: Any, failed: Any) -> None:
        def job(led: Any) -> Changes:
            try:
                received = parse_date(str(vals.get("received_on") or "")).isoformat()
            except ValueError:
                raise ValidationError({"received_on": "Ngày nhận: nhập theo dạng ngày/tháng/năm, ví dụ "
                                                      "10/06/2026."}) from None
            texts = {k.removeprefix("text:"): v for k, v in vals.items() if k.startswith("text:")}
            rid = reports.save_report(led, unit_id=unit["id"], period_code=period_code,
                                      figures=_parse_figures(unit, vals), texts=texts, source="screen",
                                      received_on=received, entered_by=led.user or None)
            return Changes().add(reports.TABLE, rid)

        ctx.worker.submit(job, success=ok, failure=failed)

    dialog = RecordDialog(parent, f"Gõ báo cáo: {unit['name']} — {period_label}", fields, values, save)
    # The long indicator names must not squeeze the numbers to "Ví dụ…": a wider dialog (fits 1280×720).
    dialog.resize(max(dialog.width(), 880), dialog.height())
    if current:
        dialog.note.setText("Báo cáo mới sẽ thay báo cáo đã nhận ngày "
                            f"{format_date(current['received_on'])} (báo cáo cũ vẫn được giữ). Enter: lưu · Esc: hủy.")
    return dialog


def report_html(unit: dict[str, Any], history: list[dict[str, Any]]) -> str:
    """One unit's report of a period as rich text: figures, then the text of each section; the reports it
    replaced are listed with their dates."""
    if not history:
        return (f"<p><b>{escape(unit['name'])}</b> chưa gửi báo cáo kỳ này.</p><p style='color:#555'>Khi nhận "
                "được, nhập tệp (Nhập báo cáo từ tệp…) hoặc gõ từ bản giấy (Gõ báo cáo…).</p>")
    cat = indicator_catalogue.load()
    current = history[0]
    source = reports.SOURCES.get(current["source"], current["source"])
    parts = [f"<h3>{escape(unit['name'])}</h3>",
             f"<p>Nhận ngày {format_date(current['received_on'])} — {escape(source)}"
             + (f": {escape(current['file_name'])}" if current["file_name"] else "")
             + (f" — người nhập: {escape(current['entered_by'])}" if current.get("entered_by") else "") + "</p>"]
    rows = []
    for ind in reports.indicators_of(unit):
        value = current["figures"].get(ind.code)
        shown = indicators.format_value(ind.kind, value, "—")
        rows.append(f"<tr><td>{escape(ind.name)}</td><td align='right'><b>{escape(shown)}</b></td>"
                    f"<td>{escape(ind.unit)}</td></tr>")
    if rows:
        parts.append("<h4>Số liệu</h4><table cellspacing='0' cellpadding='3' border='1' width='100%'>"
                     "<tr><th align='left'>Chỉ tiêu</th><th>Kết quả</th><th>Đơn vị tính</th></tr>"
                     + "".join(rows) + "</table>")
    parts.append("<h4>Nội dung</h4>")
    for key, label in cat.text_sections.items():
        text = current["texts"].get(key)
        body = escape(text).replace("\n", "<br>") if text else "<span style='color:#888'>(không viết)</span>"
        parts.append(f"<p><b>{escape(label)}</b><br>{body}</p>")
    if len(history) > 1:
        older = ", ".join(f"ngày {format_date(r['received_on'])} ({reports.SOURCES.get(r['source'], '')})"
                          for r in history[1:])
        parts.append(f"<p style='color:#555'>Báo cáo này thay {len(history) - 1} báo cáo nhận trước: {older}.</p>")
    return "".join(parts)
