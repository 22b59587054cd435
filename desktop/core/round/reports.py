"""What each reporting unit sent for a period: its figures (catalogue indicators) and its text per report section.

One path writes a report, `save_report`, whatever brought it (the xlsx or docx form, or typed from paper): a later
report of the same unit and period supersedes the current one. The choice is made inside BEGIN IMMEDIATE and the
partial unique index idx_unit_reports_one_current (m0008) keeps one current report per unit and period even when
two imports run at once.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError, ValidationError
from desktop.core.figures import indicator_catalogue, indicators
from desktop.core.figures.indicator_catalogue import Indicator
from desktop.core.ledger import audit, periods, records, setup
from desktop.core.text.vnformat import format_date

TABLE = "unit_reports"
SOURCES = {"xlsx": "Tệp Excel", "docx": "Tệp Word", "screen": "Nhập từ bản giấy"}
TEXT_MAX = 20_000  # a section's text: a few pages at most (a unit's report is short)
REPORT_COLUMNS = ("id", "unit_id", "period_code", "received_on", "source", "file_name", "file_sha256", "figures",
                  "texts", "status", "superseded_by_id", "entered_by", "note", "created_at")


def period_of(ledger: Ledger, code: str) -> periods.Period:
    return periods.parse(code, setup.get_unit(ledger).get("period_start") or "01-01")


def indicators_of(unit: dict[str, Any]) -> list[Indicator]:
    """The catalogue indicators this unit reports (by its kind; a công chức by its field)."""
    return indicator_catalogue.load().for_unit(unit["kind"], unit.get("field"))


def _unit(ledger: Ledger, unit_id: int) -> dict[str, Any]:
    row = ledger.conn.execute("SELECT id, kind, field, name, active FROM reporting_units "
                              "WHERE id = ? AND deleted_at IS NULL", [unit_id]).fetchone()
    if row is None:
        raise UserError(f"Không có đơn vị báo cáo số {unit_id} (xem Báo cáo của đơn vị → Đơn vị báo cáo).")
    return dict(zip(("id", "kind", "field", "name", "active"), row, strict=True))


def check_content(unit: dict[str, Any], figures: dict[str, float], texts: dict[str, str]) -> tuple[dict, dict]:
    """Clean figures and texts for this unit, or ValidationError naming each code or section that is wrong."""
    cat = indicator_catalogue.load()
    allowed = {i.code: i for i in indicators_of(unit)}
    errors: dict[str, str] = {}
    clean_figures: dict[str, float] = {}
    for code, value in figures.items():
        ind = allowed.get(code)
        if ind is None:
            known = cat.indicator(code)
            errors[code] = (f"Chỉ tiêu “{known.name}” không thuộc phần báo cáo của {unit['name']}." if known else
                            f"Mã chỉ tiêu “{code}” không có trong danh mục chỉ tiêu phong trào.")
            continue
        if value is None:
            continue
        try:  # the same checks as a value the clerk types on the Chỉ tiêu screen
            number = indicators.validate(ind, value)
        except ValidationError as exc:
            errors[code] = exc.errors["value"]
            continue
        clean_figures[code] = number if ind.kind == "percent" else int(number)
    clean_texts: dict[str, str] = {}
    for key, text in texts.items():
        if key not in cat.text_sections:
            errors[f"text:{key}"] = f"Mục “{key}” không có trong mẫu báo cáo (các mục: " \
                                    f"{', '.join(cat.text_sections.values())})."
        elif text is not None and str(text).strip():
            body = str(text).strip()
            if len(body) > TEXT_MAX:
                errors[f"text:{key}"] = f"{cat.text_sections[key]}: dài quá {TEXT_MAX} ký tự."
            clean_texts[key] = body
    if errors:
        raise ValidationError(errors)
    return clean_figures, clean_texts


def today() -> dt.date:
    """The computer's date (a test of a later day replaces it)."""
    return dt.date.today()


def _received(received_on: str) -> str:
    try:
        day = dt.date.fromisoformat(str(received_on)[:10])
    except ValueError:
        raise ValidationError({"received_on": f"Ngày nhận: \"{received_on}\" không phải là ngày (YYYY-MM-DD)."}
                              ) from None
    if day > today():
        raise ValidationError({"received_on": f"Ngày nhận {format_date(day)} chưa tới."})
    return day.isoformat()


def save_report(ledger: Ledger, *, unit_id: int, period_code: str, figures: dict[str, float],
                texts: dict[str, str], source: str, received_on: str, file_name: str | None = None,
                file_sha256: str | None = None, entered_by: str | None = None) -> int:
    """Store a unit's report for a period and return its id; the unit's earlier current report of the same
    period, if any, becomes superseded (pointing at this one). Refused (nothing written) with a ValidationError
    naming the indicator or section that is not the unit's, a value that cannot be, or an unknown source."""
    if source not in SOURCES:
        raise ValidationError({"source": f"Nguồn báo cáo “{source}” không hợp lệ ({', '.join(SOURCES)})."})
    day = _received(received_on)
    with ledger.transaction() as db:  # decide what is current under the write lock, not before it
        period = period_of(ledger, period_code)
        unit = _unit(ledger, unit_id)
        clean_figures, clean_texts = check_content(unit, figures, texts)
        old = ledger.conn.execute(
            "SELECT id, uuid, received_on FROM unit_reports WHERE unit_id = ? AND period_code = ? "
            "AND status = 'current' AND deleted_at IS NULL", [unit_id, period.code]).fetchone()
        now = audit.now_iso()
        if old:  # first out of the way of the one-current index, then pointed at its successor below
            db[TABLE].update(old[0], {"status": "superseded", "updated_at": now})
        values = {"unit_id": unit_id, "period_code": period.code, "received_on": day, "source": source,
                  "file_name": file_name, "file_sha256": file_sha256,
                  "figures": json.dumps(clean_figures, ensure_ascii=False),
                  "texts": json.dumps(clean_texts, ensure_ascii=False), "status": "current",
                  "entered_by": entered_by or ledger.user or None}
        title = f"{unit['name']}, {period.label} (nhận {format_date(day)})"
        report_id = records.create(ledger, TABLE, values, title)
        if old:
            db[TABLE].update(old[0], {"superseded_by_id": report_id})
            audit.record(ledger, "update", TABLE,
                         f"Thay báo cáo của {unit['name']}, {period.label} (nhận {format_date(old[2])}) "
                         f"bằng báo cáo nhận {format_date(day)}",
                         record_id=old[0], record_uuid=old[1], before={"status": "current"},
                         after={"status": "superseded", "superseded_by_id": report_id})
    return report_id


def _row(row: tuple) -> dict[str, Any]:
    item = dict(zip(REPORT_COLUMNS, row, strict=True))
    item["figures"] = json.loads(item["figures"] or "{}")
    item["texts"] = json.loads(item["texts"] or "{}")
    return item


def current_reports(ledger: Ledger, period_code: str) -> list[dict[str, Any]]:
    """The current report of each unit for the period (superseded ones left out), in the register's order; each
    with figures and texts as dicts and the unit's name, kind and field beside them."""
    period = period_of(ledger, period_code)
    cols = ", ".join("r." + c for c in REPORT_COLUMNS)
    rows = ledger.conn.execute(
        f"SELECT {cols}, u.name, u.kind, u.field FROM unit_reports r JOIN reporting_units u ON u.id = r.unit_id "
        "WHERE r.period_code = ? AND r.status = 'current' AND r.deleted_at IS NULL "
        "ORDER BY u.sort_order, u.id", [period.code]).fetchall()
    out = []
    for row in rows:
        item = _row(row[:len(REPORT_COLUMNS)])
        item["unit_name"], item["unit_kind"], item["unit_field"] = row[len(REPORT_COLUMNS):]
        out.append(item)
    return out


def report_history(ledger: Ledger, unit_id: int, period_code: str) -> list[dict[str, Any]]:
    """Every report of the unit for the period, newest first (the current one and those it replaced)."""
    period = period_of(ledger, period_code)
    rows = ledger.conn.execute(
        f"SELECT {', '.join(REPORT_COLUMNS)} FROM unit_reports WHERE unit_id = ? AND period_code = ? "
        "AND deleted_at IS NULL ORDER BY id DESC", [unit_id, period.code]).fetchall()
    return [_row(r) for r in rows]


def get_report(ledger: Ledger, report_id: int) -> dict[str, Any]:
    row = ledger.conn.execute(f"SELECT {', '.join(REPORT_COLUMNS)} FROM unit_reports WHERE id = ? "
                              "AND deleted_at IS NULL", [report_id]).fetchone()
    if row is None:
        raise UserError(f"Không tìm thấy báo cáo số {report_id}.")
    return _row(row)
