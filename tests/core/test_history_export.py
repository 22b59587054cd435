"""Issue 19, fault 11: exporting Lịch sử thay đổi wrote phone and CCCD numbers in the before/after text. They
are left out of the export unless the clerk asks (as the handoff does); the history still says the field changed."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from db.connection import Ledger
from desktop.core.ledger import audit, contributors, groups, history_export
from desktop.core.ledger.list_spec import Query

PHONES = ("0912345678", "0987654321", "0905111222")
CCCD = "051234567890"


def _people_with_personal_data(ledger: Ledger) -> None:
    gid = groups.add(ledger, {"name": "Tổ dân phố 1", "phone": PHONES[2]})
    pid = contributors.add(ledger, {"name": "Nguyễn Văn An", "kind": "ho", "group_id": gid, "phone": PHONES[0],
                                    "cccd": CCCD})
    contributors.edit(ledger, pid, {"phone": PHONES[1], "address": "Số 5 Lê Lợi"})


def _cells(path: Path) -> str:
    sheet = load_workbook(path, read_only=True).active
    return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)


def test_history_export_leaves_phone_and_cccd_out_by_default(ledger: Ledger, tmp_path: Path) -> None:
    _people_with_personal_data(ledger)
    n = history_export.export_xlsx(ledger, Query(), str(tmp_path / "ls.xlsx"), "Lịch sử thay đổi")
    text = _cells(tmp_path / "ls.xlsx")
    assert n >= 3
    for number in (*PHONES, CCCD):
        assert number not in text
    # The change itself is still there, and the rest of the row reads as before.
    assert f"Điện thoại: {audit.PERSONAL_HIDDEN}" in text and f"CCCD: {audit.PERSONAL_HIDDEN}" in text
    assert "Số 5 Lê Lợi" in text and "Nguyễn Văn An" in text


def test_history_export_has_them_when_the_clerk_asks(ledger: Ledger, tmp_path: Path) -> None:
    _people_with_personal_data(ledger)
    history_export.export_xlsx(ledger, Query(), str(tmp_path / "ls.xlsx"), "Lịch sử thay đổi", personal=True)
    text = _cells(tmp_path / "ls.xlsx")
    for number in (*PHONES, CCCD):
        assert number in text
    assert audit.PERSONAL_HIDDEN not in text


def test_an_empty_phone_still_reads_empty() -> None:
    assert audit.describe('{"phone": null, "name": "A"}', personal=False) == "Điện thoại: (trống); Tên: A"
    assert audit.describe('{"cccd": "051234567890"}') == "CCCD: 051234567890"  # the screen keeps them
