"""What the two report forms (forms_xlsx, forms_docx) share: who and which period a form is for (its identity,
written into the file and read back), the parsed report, the problems found cell by cell, and the unit's
indicators and text sections from the catalogue.

A form goes out of the ward's office to a tổ dân phố, a công chức, the Mặt trận or an đoàn thể (seed 000 §VI:
"báo cáo định kỳ 6 tháng, hàng năm ... về UBND phường (qua công chức Văn phòng – Thống kê)") and comes back
filled in; nothing in it is trusted until read here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.figures import indicator_catalogue
from desktop.core.figures.indicator_catalogue import Indicator
from desktop.core.ledger import periods, setup
from desktop.core.round.reports import TEXT_MAX
from desktop.core.text.vntext import fold

FORM_MARK = "so-thi-dua/bao-cao-don-vi/1"  # the kind and version of the form, written into every form
FIGURES_SHEET = "Số liệu"
TEXTS_SHEET = "Nội dung"
GUIDE_SHEET = "Hướng dẫn"
MAX_TEXT = TEXT_MAX  # characters of one section, as the units' reports keep them
PLACEHOLDER = "(Ghi nội dung tại đây)"


class FormFileError(UserError):
    """The file cannot be read as a report form; the message names the file, what is wrong and what to do."""


def fail(path: Path, why: str) -> FormFileError:
    return FormFileError(f"Tệp {path.name}: {why}")


@dataclass(frozen=True)
class FormIdentity:
    """Whom the form was made for, as written into it: the ward (its unit code and name), the reporting unit
    (its row id and uuid in the ward's ledger, name and kind) and the period."""
    ward_code: str
    ward_name: str
    unit_id: int
    unit_uuid: str
    unit_name: str
    unit_kind: str
    period_code: str
    field: str = ""  # a công chức's field (the indicators of the form)

    def as_pairs(self) -> list[tuple[str, str]]:
        return [(label, str(getattr(self, key))) for key, label in IDENTITY_LABELS.items()]


# The identity's labels, as written in the form (the xlsx's hidden cells, the docx's mark and properties).
IDENTITY_LABELS = {
    "ward_code": "Mã đơn vị", "ward_name": "Tên đơn vị", "unit_id": "Mã đơn vị báo cáo",
    "unit_uuid": "Mã nhận dạng đơn vị báo cáo", "unit_name": "Đơn vị báo cáo", "unit_kind": "Loại đơn vị báo cáo",
    "field": "Lĩnh vực", "period_code": "Kỳ báo cáo",
}
FORM_LABEL = "Mẫu"


def identity_from(pairs: dict[str, str]) -> FormIdentity | None:
    """The identity from label → value read back (labels compared by `key`); None when the form's mark or the
    unit's id is missing or not a number (a hand-made file, or a mark edited)."""
    by_key = {key(label): name for name, label in IDENTITY_LABELS.items()}
    values = {by_key[key(k)]: str(v).strip() for k, v in pairs.items() if key(k) in by_key}
    if str(pairs.get(FORM_LABEL, "")).strip() != FORM_MARK or not values.get("period_code"):
        return None
    unit_id = values.get("unit_id", "")
    if unit_id.endswith(".0"):
        unit_id = unit_id[:-2]
    if not unit_id.isdigit():
        return None
    return FormIdentity(ward_code=values.get("ward_code", ""), ward_name=values.get("ward_name", ""),
                        unit_id=int(unit_id), unit_uuid=values.get("unit_uuid", ""),
                        unit_name=values.get("unit_name", ""), unit_kind=values.get("unit_kind", ""),
                        period_code=values["period_code"], field=values.get("field", ""))


@dataclass
class Problem:
    """One cell (or paragraph) that cannot be taken: where, what was typed, why."""
    sheet: str  # "Số liệu", "Nội dung" (xlsx sheet; for a docx: the part of the document)
    row: int | None  # the Excel row; for a docx the table row or paragraph number
    column: str  # the column's header ("Số liệu", "Mã chỉ tiêu"…) or "" for a whole row
    typed: str  # exactly what was written
    message: str
    row_word: str = "dòng"  # "đoạn" for a paragraph of a docx
    part_word: str = "trang"  # "phần" for a docx

    def text(self) -> str:
        where = ", ".join(x for x in (f"{self.part_word} “{self.sheet}”" if self.sheet else "",
                                      f"{self.row_word} {self.row}" if self.row else "",
                                      f"cột “{self.column}”" if self.column else "") if x)
        return f"{where}: {self.message}" if where else self.message


@dataclass
class ParsedReport:
    """A returned form as read: for whom (identity), the figures {indicator code: number}, the texts {section key:
    text}, and every problem. Nothing is written anywhere until form_import saves it."""
    path: Path
    source: str  # xlsx | docx
    sha256: str
    identity: FormIdentity | None
    figures: dict[str, float | int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    figure_notes: dict[str, str] = field(default_factory=dict)  # the Ghi chú column, by indicator code

    @property
    def unit_id(self) -> int | None:
        return self.identity.unit_id if self.identity else None

    @property
    def period_code(self) -> str | None:
        return self.identity.period_code if self.identity else None

    @property
    def empty(self) -> bool:
        return not self.figures and not self.texts


@dataclass(frozen=True)
class FormContent:
    """What a form asks of its unit: the identity, the period's label, the indicators and the text sections."""
    identity: FormIdentity
    period_label: str
    indicators: tuple[Indicator, ...]
    sections: dict[str, str]  # section key → label
    deadline: str = ""  # the ward's deadline for the period (ISO), if set


def key(text: object) -> str:
    """The comparable form of a label or header: case, accents, spaces and punctuation dropped."""
    s = fold(unicodedata.normalize("NFKC", str(text)))
    return " ".join(re.split(r"[^0-9a-z]+", s)).strip()


def unit_row(ledger: Ledger, unit_id: int) -> dict[str, Any] | None:
    row = ledger.conn.execute("SELECT id, uuid, kind, name, field, active FROM reporting_units "
                              "WHERE id = ? AND deleted_at IS NULL", [unit_id]).fetchone()
    return dict(zip(("id", "uuid", "kind", "name", "field", "active"), row, strict=True)) if row else None


def form_content(ledger: Ledger, unit_id: int, period_code: str) -> FormContent:
    """The form of a unit for a period; a UserError when the unit or the period is not there."""
    unit = unit_row(ledger, unit_id)
    if unit is None:
        raise UserError(f"Không có đơn vị báo cáo mã {unit_id} trong sổ (xem trang Đợt báo cáo → Đơn vị báo cáo).")
    ward = setup.get_unit(ledger)
    period = periods.parse(period_code, ward.get("period_start") or "01-01")
    catalogue = indicator_catalogue.load()
    indicators = tuple(i for i in catalogue.for_unit(unit["kind"], unit["field"]) if not i.computed)
    identity = FormIdentity(ward_code=str(ward.get("code") or ""), ward_name=ward["name"], unit_id=unit["id"],
                            unit_uuid=unit["uuid"], unit_name=unit["name"], unit_kind=unit["kind"],
                            period_code=period.code, field=unit["field"] or "")
    row = ledger.conn.execute("SELECT own_deadline FROM round_deadlines WHERE period_code = ? AND deleted_at IS NULL",
                              [period.code]).fetchone()
    return FormContent(identity=identity, period_label=period.label, indicators=indicators,
                       sections=dict(catalogue.text_sections), deadline=(row[0] or "") if row else "")


def kind_label(kind: str, field_key: str = "") -> str:
    catalogue = indicator_catalogue.load()
    label = catalogue.unit_kinds.get(kind, kind)
    return f"{label} — {catalogue.fields[field_key]}" if field_key in catalogue.fields else label


def unit_indicators(identity: FormIdentity) -> dict[str, Indicator]:
    """The indicators the unit of a form reports (code → indicator), as the catalogue says today."""
    catalogue = indicator_catalogue.load()
    return {i.code: i for i in catalogue.for_unit(identity.unit_kind, identity.field or None) if not i.computed}


def file_name(identity: FormIdentity, suffix: str) -> str:
    """ "Bao-cao_2026-H1_Hoi-Cuu-chien-binh-phuong.xlsx": the unit and the period, without accents (a name that
    survives Zalo, e-mail and any USB stick)."""
    plain = "".join(ch for ch in unicodedata.normalize("NFD", identity.unit_name.replace("đ", "d").replace("Đ", "D"))
                    if not unicodedata.combining(ch))
    name = re.sub(r"[^0-9A-Za-z]+", "-", plain).strip("-")[:60].strip("-") or "don-vi"
    return f"Bao-cao_{identity.period_code}_{name}.{suffix}"


def take_text(report: ParsedReport, at: Problem, section: str | None, shown: str, text: str) -> None:
    """One section's text into the report, or the problem that keeps it out; `at` says where (its sheet, row and
    column; its typed text and message are filled here)."""
    def problem(column: str, typed: str, message: str) -> None:
        report.problems.append(replace(at, column=column or at.column, typed=typed, message=message))

    if section is None:
        problem("", shown, f"mục “{shown}” không có trong mẫu (thêm vào, hoặc dấu mục bị sửa); nội dung không được "
                           "nhận.")
    elif section in report.texts:
        problem("", shown, "mục ghi hai lần; chỉ nhận lần đầu — hãy gộp nội dung vào một chỗ.")
    elif len(text) > MAX_TEXT:
        problem("Nội dung", text[:60] + "…", f"nội dung dài {len(text)} ký tự, quá {MAX_TEXT}; hãy rút gọn.")
    else:
        report.texts[section] = text
