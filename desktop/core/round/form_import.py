"""Import returned report forms (xlsx or docx) into the ledger: a preview first (nothing written), then the files
the clerk takes, through the one write path of the units' reports (reports.save_report).

Like the intake workbook (intake/planning + applying): every file is read and checked, and its problems shown by
sheet, row and column; a file with row errors is imported only when the clerk says so, with its valid rows. A
file made for another ward, another period or another unit is refused with both named; the same file (its
SHA-256) imported twice is said to be already received, with when and for whom. Each file is its own transaction:
one refused file does not hold back the others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.ledger import setup
from desktop.core.round import forms_docx, forms_xlsx, reports
from desktop.core.round.form_parts import ParsedReport, Problem, unit_row
from desktop.core.text.vnformat import format_date

FILE_FILTER = ("xlsx", "docx", "docm", "xlsm")


@dataclass
class FilePreview:
    """What importing one file would do. status: ok | errors (valid rows can be taken) | refused | already."""
    path: Path
    status: str
    report: ParsedReport | None = None
    message: str = ""  # why refused / already received; for ok and errors, what would be taken
    unit_name: str = ""
    supersedes: bool = False  # the unit already has a current report for the period

    @property
    def problems(self) -> list[Problem]:
        return self.report.problems if self.report else []

    @property
    def importable(self) -> bool:
        return self.status in ("ok", "errors") and self.report is not None and not self.report.empty


@dataclass
class ImportResult:
    saved: list[tuple[Path, int]] = field(default_factory=list)  # file, unit_reports id
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # file, why not imported

    def summary_text(self) -> str:
        lines = [f"Đã nhận {len(self.saved)} báo cáo."]
        lines += [f"Không nhập {p.name}: {why}" for p, why in self.skipped]
        return "\n".join(lines)


def read_file(path: str | Path) -> ParsedReport:
    """A returned form read by its kind: .docx (and .docm, refused as having macros) by forms_docx, else xlsx."""
    path = Path(path)
    reader = forms_docx.read_form if path.suffix.lower() in (".docx", ".docm") else forms_xlsx.read_form
    return reader(path)


def preview(ledger: Ledger, paths: list[Path], period_code: str, expect_unit: int | None = None) -> list[FilePreview]:
    """Read and check each file against the ledger; nothing is written."""
    out: list[FilePreview] = []
    seen: dict[str, Path] = {}
    units_in_batch: dict[int, Path] = {}
    period = reports.period_of(ledger, period_code)
    for path in paths:
        path = Path(path)
        try:
            report = read_file(path)
        except UserError as exc:
            out.append(FilePreview(path, "refused", message=str(exc)))
            continue
        item = _check(ledger, report, period.code, period.label, expect_unit)
        if item.status in ("ok", "errors"):
            if report.sha256 in seen:
                item.status, item.message = "already", f"cùng một tệp với {seen[report.sha256].name} đã chọn ở trên."
            elif report.unit_id in units_in_batch:
                item.message += (f" Cùng đơn vị với {units_in_batch[report.unit_id].name} ở trên: tệp nhập sau "
                                 "thay tệp nhập trước.")
            seen.setdefault(report.sha256, path)
            units_in_batch.setdefault(report.unit_id or 0, path)
        out.append(item)
    return out


def _check(ledger: Ledger, report: ParsedReport, period_code: str, period_label: str,
           expect_unit: int | None) -> FilePreview:
    ident = report.identity
    assert ident is not None
    path = report.path
    ward = setup.get_unit(ledger)
    code = str(ward.get("code") or "")
    if ident.ward_code != code:
        return FilePreview(path, "refused", report, f"Tệp {path.name} là mẫu của {ident.ward_name or 'đơn vị khác'} "
                           f"(mã {ident.ward_code or 'không có'}), không phải của {ward['name']} (mã {code}) đang "
                           "mở. Không nhập.")
    unit = unit_row(ledger, ident.unit_id)
    if unit is None or (ident.unit_uuid and unit["uuid"] != ident.unit_uuid):
        who = ident.unit_name or f"số {ident.unit_id}"
        return FilePreview(path, "refused", report, f"Tệp {path.name} làm cho đơn vị “{who}” không có trong "
                           "danh sách đơn vị báo cáo của sổ này (đã xóa, hoặc mẫu làm từ sổ khác). Không nhập; "
                           "hãy gửi đơn vị mẫu mới.")
    if expect_unit is not None and unit["id"] != expect_unit:
        wanted = unit_row(ledger, expect_unit)
        return FilePreview(path, "refused", report, f"Tệp {path.name} là báo cáo của {unit['name']}, không phải của "
                           f"{wanted['name'] if wanted else f'đơn vị số {expect_unit}'} đang chọn. Không nhập.",
                           unit["name"])
    if ident.period_code != period_code:
        return FilePreview(path, "refused", report, f"Tệp {path.name} là báo cáo kỳ {ident.period_code}, không phải "
                           f"kỳ {period_code} ({period_label}) đang nhận. Không nhập; chọn đúng kỳ rồi nhập lại.",
                           unit["name"])
    same = ledger.conn.execute("SELECT received_on FROM unit_reports WHERE file_sha256 = ? AND unit_id = ? AND "
                               "period_code = ? AND deleted_at IS NULL", [report.sha256, unit["id"], period_code]
                               ).fetchone()
    if same:
        return FilePreview(path, "already", report, f"Tệp {path.name} đã nhận ngày {format_date(same[0])} "
                           f"(báo cáo của {unit['name']}, kỳ {period_code}). Không nhập lại.", unit["name"])
    if report.empty:
        return FilePreview(path, "refused", report, f"Tệp {path.name}: không còn số liệu hay nội dung nào hợp lệ.",
                           unit["name"])
    current = ledger.conn.execute("SELECT received_on FROM unit_reports WHERE unit_id = ? AND period_code = ? AND "
                                  "status = 'current' AND deleted_at IS NULL", [unit["id"], period_code]).fetchone()
    message = f"{len(report.figures)} số liệu, {len(report.texts)} mục nội dung."
    if current:
        message += f" Thay báo cáo đã nhận ngày {format_date(current[0])}."
    return FilePreview(path, "errors" if report.problems else "ok", report, message, unit["name"], bool(current))


def import_files(ledger: Ledger, previews: list[FilePreview], *, only_valid: bool = False,
                 received_on: str | None = None, entered_by: str | None = None) -> ImportResult:
    """Save each importable previewed file as its unit's report. A file with row errors is saved (its valid rows)
    only with `only_valid`. Each file is one transaction: the same file saved meanwhile (another window) is found
    again under the write lock and skipped."""
    day = received_on or dt.date.today().isoformat()
    result = ImportResult()
    for item in previews:
        if not item.importable:
            if item.status != "ok":
                result.skipped.append((item.path, item.message or "không có gì để nhập."))
            continue
        if item.status == "errors" and not only_valid:
            result.skipped.append((item.path, f"còn {len(item.problems)} ô lỗi (chọn “Chỉ nhập các dòng hợp lệ” "
                                              "để nhận phần đúng)."))
            continue
        report = item.report
        assert report is not None and report.identity is not None
        try:
            report_id = _save(ledger, item, report, day, entered_by)
        except UserError as exc:  # a locked period, a unit made inactive meanwhile…: said, the others go on
            result.skipped.append((item.path, str(exc)))
            continue
        if report_id is None:
            result.skipped.append((item.path, "đã nhận trong lúc xem trước (cửa sổ khác)."))
        else:
            result.saved.append((item.path, report_id))
    return result


def _save(ledger: Ledger, item: FilePreview, report: ParsedReport, day: str, entered_by: str | None) -> int | None:
    assert report.identity is not None
    with ledger.transaction():
        again = ledger.conn.execute("SELECT received_on FROM unit_reports WHERE file_sha256 = ? AND unit_id = ? "
                                    "AND period_code = ? AND deleted_at IS NULL",
                                    [report.sha256, report.unit_id, report.period_code]).fetchone()
        if again:
            return None
        return reports.save_report(
            ledger, unit_id=report.identity.unit_id, period_code=report.identity.period_code,
            figures=dict(report.figures), texts=dict(report.texts), source=report.source, received_on=day,
            file_name=item.path.name, file_sha256=report.sha256, entered_by=entered_by)


def preview_lines(item: FilePreview) -> list[str]:
    """One file's preview as text (the CLI, the error list): status line, then each problem and note."""
    mark = {"ok": "✔", "errors": "⚠", "refused": "✘", "already": "="}[item.status]
    head = f"{mark} {item.path.name}" + (f" — {item.unit_name}" if item.unit_name else "")
    if item.status in ("refused", "already"):
        lines = [f"{mark} {item.message}"]  # the message names the file
    else:
        lines = [f"{head}: {item.message}" if item.message else head]
    lines += [f"    {p.text()}" + (f" [đã ghi: “{p.typed}”]" if p.typed and p.typed not in p.message else "")
              for p in item.problems]
    if item.report:
        lines += [f"    Ghi chú: {note}" for note in item.report.notes]
    return lines
