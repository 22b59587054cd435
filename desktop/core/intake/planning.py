"""Plan an import: read, check, match — writes nothing.

`plan(ledger, path)` reads the workbook (reader.py), parses every value the way clerks type it
(values.py), checks every row (checks.py), matches tổ dân phố, công trình and người đóng góp against
the ledger (matching.py), and finds possible duplicates. The clerk (or the command line) sees the
whole result, an ImportPlan (importplan.py) — problems named by sheet, row and column — before
anything is written. Rows whose contributor is ambiguous (two "Nguyễn Văn An" in Tổ 3) carry a
`choice` the caller may fill with `plan.resolve(...)`; applying.apply then writes the plan.
"""

from __future__ import annotations

from pathlib import Path

from db.connection import Ledger
from desktop.core.intake import gcpause, reader
from desktop.core.intake.checks import RowChecks
from desktop.core.intake.importplan import ImportPlan, Problem, finalize, ledger_stamp
from desktop.core.intake.matching import Matcher
from desktop.core.intake.planrows import locked_message
from desktop.core.intake.spec import CONTRIBUTIONS, GROUPS, WORKS
from desktop.core.ledger import setup
from desktop.core.text.vnformat import format_int


def plan(ledger: Ledger, path: str | Path) -> ImportPlan:
    """Read and check the workbook against the ledger. Writes nothing.
    Raises guards.IntakeFileError (a UserError) when the file itself cannot be read."""
    with gcpause.paused():  # the plan's many rows are no garbage (gcpause.py)
        return _plan(ledger, path)


def _plan(ledger: Ledger, path: str | Path) -> ImportPlan:
    book = reader.read_workbook(path)
    unit = setup.get_unit(ledger)
    out = ImportPlan(path=book.path, ledger_path=ledger.path, stamp=ledger_stamp(ledger), notes=list(book.notes),
                     unit=(str(unit.get("code") or ""), unit["name"]),
                     book_unit=(book.unit_code, book.unit_name or "") if book.unit_code else None)
    out.status_column = all("status" in s.headers for s in book.sheets if s.kind == "contributions")
    match = Matcher(ledger, out, {sheet.name: sheet for sheet in book.sheets})
    _check_sheets(book, out, RowChecks(ledger, out, match))
    _note_known(out)
    match.match_contributors()
    match.load_existing_keys()
    finalize(out)
    _refuse_locked(out, {sheet.name: sheet for sheet in book.sheets})
    match.check_names()
    finalize(out)
    in_book = {sheet.name: i for i, sheet in enumerate(book.sheets)}
    # Workbook order, then row; the sort is stable, so a row's problems keep their column order.
    out.problems.sort(key=lambda p: (in_book.get(p.sheet, 0), p.row or 0))
    return out


def _check_sheets(book: reader.IntakeWorkbook, out: ImportPlan, check: RowChecks) -> None:
    """Every row of every sheet, groups first, then works, then contributions (each may name the ones
    before); a sheet without its required columns is one problem for all its rows."""
    by_kind: dict[str, list[reader.SheetData]] = {"groups": [], "works": [], "contributions": []}
    for sheet in book.sheets:
        by_kind[sheet.kind].append(sheet)
        out.sheet_kinds[sheet.name] = sheet.kind
        out.sheet_rows[sheet.name] = len(sheet.rows)
        out.sheet_examples[sheet.name] = sheet.examples
        if sheet.total_row and sheet.after_total:
            out.notes.append(f"Trang \"{sheet.name}\": bảng kết thúc ở dòng Tổng cộng (dòng "
                             f"{sheet.total_row}); {format_int(sheet.after_total)} dòng bên dưới không "
                             "được đọc.")
    order = (("groups", GROUPS, check.group_row), ("works", WORKS, check.work_row),
             ("contributions", CONTRIBUTIONS, check.contribution_row))
    for kind, spec, handle in order:
        for sheet in by_kind[kind]:
            if sheet.missing:
                missing = ", ".join(f"\"{spec.header(f)}\"" for f in sheet.missing)
                if "quantity" in sheet.missing:
                    missing = missing.replace(f"\"{spec.header('quantity')}\"",
                                              "\"Số lượng\" hoặc \"Giá trị quy đổi (đồng)\"")
                out.problems.append(Problem(sheet.name, sheet.header_row, None,
                                            f"thiếu cột {missing} ở dòng tiêu đề; không đọc được các dòng "
                                            "của trang này."))
                out.problem_rows.update((sheet.name, r.row) for r in sheet.rows)
                continue
            for data in sheet.rows:
                handle(spec, sheet, data)


def _refuse_locked(out: ImportPlan, sheets: dict[str, reader.SheetData]) -> None:
    """Rows dated in an issued report's locked period: those already in the ledger stay "đã có trong sổ"
    (a re-import), the others are problems and leave the plan."""
    kept = []
    for c in out.contributions:
        if c.lock is None or c.status == "duplicate":
            kept.append(c)
            continue
        column = sheets[c.sheet].headers.get("date") or CONTRIBUTIONS.header("date")
        out.problems.append(Problem(c.sheet, c.row, column, locked_message(c.values["date"], c.lock)))
        out.problem_rows.add((c.sheet, c.row))
    out.contributions = kept


def _note_known(out: ImportPlan) -> None:
    """A note for the tổ dân phố and công trình of the file that the ledger already has."""
    for items, noun in ((out.groups, "tổ dân phố"), (out.works, "công trình")):
        known = [x for x in items if x.status == "exists"]
        if known:
            names = ", ".join(x.values["name"] for x in known[:5]) + ("…" if len(known) > 5 else "")
            out.notes.append(f"{format_int(len(known))} {noun} trong tệp đã có trong sổ ({names}): không "
                             "thêm lại, và thông tin trên tệp không ghi đè sổ.")
