"""Fixtures for the intake tests: a ward with a few groups, a work and a known contributor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from db.connection import Ledger
from desktop.core.ledger import contributors, groups, works
from tests.core.intake.helpers import CONTRIBUTION_HEADERS, Sheets, build_workbook


@pytest.fixture
def ward(ledger: Ledger) -> dict[str, int]:
    """The test ward: Tổ dân phố 1–3, a work, and a known contributor in Tổ 3."""
    g1 = groups.add(ledger, {"name": "Tổ dân phố 1"})
    g2 = groups.add(ledger, {"name": "Tổ dân phố 2"})
    g3 = groups.add(ledger, {"name": "Tổ dân phố 3"})
    w = works.add(ledger, {"name": "Đường bê tông hẻm 12", "kind": "hem", "status": "dang_thi_cong",
                           "group_ids": [g3]})
    an = contributors.add(ledger, {"name": "Lê Văn Tám", "kind": "ho", "group_id": g3, "address": "Số 5 Lê Lợi"})
    return {"g1": g1, "g2": g2, "g3": g3, "work": w, "tam": an}


@pytest.fixture
def contributions_book(tmp_path: Path) -> Callable[..., Path]:
    """Build a workbook with one Đóng góp sheet (the §5.4 header, then `rows`)."""

    def make(rows: list[list[Any]], name: str = "dong-gop.xlsx", extra: Sheets | None = None) -> Path:
        return build_workbook(tmp_path / name, {**(extra or {}), "Đóng góp": [CONTRIBUTION_HEADERS, *rows]})

    return make
