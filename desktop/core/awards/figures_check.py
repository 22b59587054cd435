"""Figures that follow the contributions: the achievement text of a proposal against the figures of its linked
contributions today (reference/domain.md §2.7, "Thành tích đạt được" with its figures).

The printed figures (the tables, the totals) are always computed from the linked contributions when the document is
made. The achievement text is words: `proposals.figures_snapshot` records the figures it was written against (on
add, on an edit of the text, on "Soạn lại theo số liệu mới"). When the figures have changed since:
- a text that is exactly the program's draft, on a proposal still in draft, follows: the draft is made again from
  today's figures (nobody's words are lost);
- any other text (edited by hand, or voted on by the council) is never rewritten silently: the document carries a
  visible note, prints as DỰ THẢO, and a print for signature is refused until the clerk updates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db.connection import Ledger
from desktop.core.awards import proposals
from desktop.core.awards.achievement import change_note, draft_achievement, live_figures, snapshot_json
from desktop.core.errors import UserError
from desktop.core.ledger import records
from desktop.core.ledger.records import Changes


@dataclass
class FiguresState:
    changed: bool  # the figures differ from those the text was written against
    follows: bool  # the text is the untouched draft of a draft proposal: printed redrafted from today's figures
    note: str  # the visible note when the text does not follow ("" otherwise)
    text: str  # the achievement as printed

    @property
    def stale(self) -> bool:
        return bool(self.note)


def live_of(row: dict[str, Any]) -> dict[str, Any]:
    """The live figures of a proposal row (`proposals.rows_where` computes them from the linked contributions)."""
    return {"value_vnd": row["value_vnd"], "land_m2": row["land_m2"], "labour_days": row.get("labour_days", 0.0),
            "contributions": row["links"]}


def state(ledger: Ledger, row: dict[str, Any]) -> FiguresState:
    text = row["achievement"] or ""
    snap = row.get("figures_snapshot")
    if not row.get("figures_changed") or not snap:
        return FiguresState(False, False, "", text)
    untouched = bool(snap.get("drafted")) and text == snap["drafted"]
    if untouched and row["status"] == "du_thao":
        ids = row.get("contribution_ids")
        fresh = draft_achievement(ledger, ids if ids is not None else proposals.contribution_ids(ledger, row["id"]))
        if fresh:
            return FiguresState(True, True, "", fresh)
    return FiguresState(True, False, change_note(snap, live_of(row)), text)


def refuse_for_signature(row: dict[str, Any], figures: FiguresState, what: str) -> None:
    """A paper to be signed must not carry words that contradict its own figures."""
    if figures.stale:
        raise UserError(f"{what} của “{row['nominee_name']}”: số liệu đóng góp đã thay đổi sau khi soạn nội dung "
                        "thành tích, nên chưa in bản để ký. Ở thẻ Đề nghị, chọn đề nghị này, bấm “Soạn lại theo số "
                        "liệu mới” (hoặc Sửa… nội dung cho đúng), rồi in lại.")


def refresh(ledger: Ledger, proposal_id: int, *, redraft: bool = True) -> Changes:
    """"Soạn lại theo số liệu mới": the achievement drafted again from the linked contributions (`redraft`), or the
    clerk's text kept and confirmed against today's figures; either way the snapshot is taken again. Only while the
    proposal is a draft: after the council voted, its text stays what was voted on."""
    with ledger.transaction():
        row = proposals.get(ledger, proposal_id)
        if row["status"] != "du_thao":
            raise UserError(f"Đề nghị “{row['nominee_name']}” không còn là dự thảo: nội dung thành tích giữ như khi "
                            "Hội đồng xét. Muốn cập nhật, hãy Trả lại (ghi lý do) rồi Đưa về dự thảo.")
        links = row["contribution_ids"]
        drafted = draft_achievement(ledger, links)
        if redraft and not drafted:
            raise UserError(f"Đề nghị “{row['nominee_name']}” không gắn khoản đóng góp nào còn trong sổ: không soạn "
                            "lại được. Bấm Sửa… để viết nội dung thành tích và giá trị đóng góp.")
        text = drafted if redraft else (row["achievement"] or "")
        figures = live_figures(ledger, links, (row["value_vnd"], row["land_m2"]))
        records.update(ledger, "proposals", proposal_id,
                       {"achievement": text or None, "figures_snapshot": snapshot_json(figures, text, drafted)},
                       row["nominee_name"])
    return Changes().add("proposals", proposal_id)
