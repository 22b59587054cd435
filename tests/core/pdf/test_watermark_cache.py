"""The demo's watermark is drawn once per page size and its operators reused on every later page (issue 22): the
PDF must be byte for byte the one drawn afresh on each page."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.connection import open_ledger
from desktop.core.demo import builder
from desktop.core.pdf import watermark
from desktop.core.report import narrative, report


class _Afresh(watermark.MarkedCanvas):
    """The mark drawn anew on every page, as before the cache."""

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._mark_ops.clear()
        super().showPage()


def test_a_demo_report_is_the_same_bytes_with_the_mark_drawn_once(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    led = open_ledger(tmp_path / "demo.sqlite")
    builder.build_demo(led, size="small", seed=3)
    period = narrative.parse_period(led, "2026-H1")
    drawn: list[tuple[float, float]] = []
    real_draw = watermark.draw

    def counting(canv: object, text: str, pagesize: tuple[float, float]) -> None:
        drawn.append(tuple(pagesize))
        real_draw(canv, text, pagesize)

    monkeypatch.setattr(watermark, "draw", counting)
    cached = report.render(led, period)
    sizes = set(drawn)
    assert len(sizes) == 2 and len(drawn) == 2  # portrait and landscape (the appendix): each drawn once
    monkeypatch.setattr(watermark, "MarkedCanvas", _Afresh)
    from desktop.core.pdf import nd30
    monkeypatch.setattr(nd30, "MarkedCanvas", _Afresh)
    drawn.clear()
    afresh = report.render(led, period)
    led.close()
    assert len(drawn) > 2  # every page drew its own mark
    assert afresh == cached
