"""Shared by the report-form tests: a ward with its reporting units, and filling a form as a unit would."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl

from db.connection import Ledger
from desktop.core.round import units

PERIOD = "2026-H1"


def make_units(ledger: Ledger) -> dict[str, int]:
    """A công chức Tài chính – Kế toán, the Mặt trận and an đoàn thể: name → id."""
    out = {}
    for values in ({"kind": "cong_chuc", "field": "tai_chinh_ke_toan", "name": "Công chức Tài chính – Kế toán"},
                   {"kind": "mat_tran", "name": "Ủy ban MTTQ Việt Nam phường"},
                   {"kind": "doan_the", "name": "Hội Cựu chiến binh phường"}):
        out[values["kind"]] = units.add(ledger, values)
    return out


def fill_xlsx(path: Path, out: Path, values: dict[str, object], texts: dict[str, str]) -> Path:
    """Type into the form as a unit does in Excel: a value by indicator code (column D), a text by section."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Số liệu"]
    for row in ws.iter_rows(min_row=5):
        if row[0].value in values:
            row[3].value = values[row[0].value]
    ws = wb["Nội dung"]
    for row in ws.iter_rows(min_row=5):
        if row[0].value in texts:
            row[2].value = texts[row[0].value]
    wb.save(out)
    return out


def docx_section(doc: docx.document.Document, section: str) -> int:
    """The index (in doc.paragraphs) of the placeholder paragraph of a section."""
    pars = doc.paragraphs
    mark = next(i for i, p in enumerate(pars) if p.text.startswith(f"[[muc:{section}]]"))
    return mark + 2


def fill_docx(path: Path, out: Path, values: dict[str, str], texts: dict[str, list[str]]) -> Path:
    """Type into the Word form: a value in the table's Số liệu cell by code, each section's text as paragraphs
    (the first over the placeholder, the others as new paragraphs after it, as pressing Enter does)."""
    doc = docx.Document(str(path))
    for row in doc.tables[0].rows[1:]:
        code = row.cells[0].text.strip()
        if code in values:
            row.cells[3].text = values[code]
    for section, paragraphs in texts.items():
        par = doc.paragraphs[docx_section(doc, section)]
        par.text = paragraphs[0]
        anchor = par
        for text in paragraphs[1:]:
            new = anchor.insert_paragraph_before(text)  # then move it after the anchor
            anchor._p.addnext(new._p)
            anchor = new
    doc.save(str(out))
    return out
