"""Adding, editing and deleting a proposal: the form's fields (the award forms follow the subject), and the
prior-award check before a new one is saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox

from db.connection import Ledger
from desktop.core.awards import catalogue, proposals, screening
from desktop.core.errors import ValidationError
from desktop.core.ledger.records import Changes
from desktop.core.text.vnformat import format_date, format_decimal, format_int
from desktop.core.text.vntext import fold
from desktop.ui.messages import confirm
from desktop.ui.pages.awards.widgets import AwardsPart
from desktop.ui.record_dialog import Field, RecordDialog


class ProposalForm(AwardsPart):
    """Uses ProposalsTab's selection (`selected_ids`, `_selected_rows`)."""

    def _kind_choices(self, subject: str | None = None) -> list[tuple[Any, str]]:
        kinds = (self.state or {}).get("kinds", [])
        return [(k["id"], catalogue.kind_label(k)) for k in kinds
                if k["active"] and (subject is None or subject in k["subjects"])]

    def _group_choices(self) -> list[tuple[Any, str]]:
        return [(r[0], r[1]) for r in self.ctx.reader.conn.execute(
            "SELECT id, name FROM groups WHERE deleted_at IS NULL AND active = 1 ORDER BY sort_key")]

    def _search_contributors(self, text: str) -> list[tuple[Any, str]]:
        words = fold(text).split()
        where = " AND ".join(["p.search LIKE ?"] * len(words)) or "1"
        return [(r[0], f"{r[1]} — {r[2]}") for r in self.ctx.reader.conn.execute(
            f"SELECT p.id, p.name, g.name FROM contributors p JOIN groups g ON g.id = p.group_id "
            f"WHERE p.deleted_at IS NULL AND {where} ORDER BY p.sort_key LIMIT 50", [f"%{w}%" for w in words])]

    def proposal_fields(self, row: dict[str, Any] | None) -> list[Field]:
        if row is not None and row["status"] != "du_thao":
            return [Field("book_no", "Số sổ vàng", hint="In trên Giấy khen."), Field("note", "Ghi chú", "multiline")]
        fields = [
            Field("subject", "Đối tượng", "choice", required=True, choices=list(catalogue.SUBJECTS.items())),
            Field("contributor_id", "Người đóng góp", "picker", search=self._search_contributors,
                  hint="Hộ, cá nhân, tập thể có trong sổ; bỏ trống với tổ dân phố."),
            Field("group_id", "Tổ dân phố", "choice", choices=self._group_choices,
                  hint="Để trống: lấy tổ dân phố của người đóng góp."),
            Field("award_kind_id", "Hình thức khen thưởng", "choice", required=True,
                  choices=self._kind_choices(row["subject"] if row else None)),
            Field("nominee_name", "Họ tên, tên tập thể", hint="Để trống: lấy theo người đóng góp hoặc tổ dân phố."),
            Field("address", "Địa chỉ"),
            Field("achievement", "Tóm tắt thành tích", "multiline", hint=self._achievement_hint(row)),
        ]
        if row is not None and row["contributor_id"]:
            fields.append(Field("contribution_ids", "Các khoản đóng góp gắn với đề nghị", "checklist",
                                choices=self._contribution_choices(row["contributor_id"])))
        fields += [
            Field("value_vnd", "Giá trị đóng góp (đồng)", "money",
                  hint="Chỉ nhập khi không gắn khoản đóng góp nào (tính tự động từ các khoản đã gắn)."),
            Field("land_m2", "Diện tích đất hiến (m²)", "number"),
            Field("book_no", "Số sổ vàng"),
            Field("note", "Ghi chú", "multiline"),
        ]
        return fields

    @staticmethod
    def _achievement_hint(row: dict[str, Any] | None) -> str:
        if row is not None and row.get("figures_changed"):
            from desktop.ui.pages.awards.proposals_tab import figures_text

            # The clerk sees the change where they write; saving a changed text records the new figures.
            return "⚠ " + figures_text(row) + " Khi lưu nội dung đã sửa, số liệu mới được ghi nhận."
        return "Để trống: chương trình soạn từ các khoản đóng góp đã nhận trong kỳ; sửa lại cho đúng."

    def _contribution_choices(self, contributor_id: int) -> list[tuple[Any, str]]:
        from desktop.core.ledger.vocab import CONTRIBUTION_KINDS

        out = []
        for cid, date, kind, qty, unit, value, status in self.ctx.reader.conn.execute(
                "SELECT id, date, kind, quantity, unit, value_vnd, status FROM contributions WHERE contributor_id = ? "
                "AND deleted_at IS NULL ORDER BY date DESC, id DESC LIMIT 200", [contributor_id]):
            pledged = " (mới đăng ký)" if status == "pledged" else ""
            out.append((cid, f"{format_date(date)} — {CONTRIBUTION_KINDS.get(kind, kind)} "
                             f"{format_decimal(qty, 1, trim=True)} {unit or ''} — {format_int(value)} đồng{pledged}"))
        return out

    def _wire_subject(self, dialog: RecordDialog) -> None:
        """The award forms offered follow the subject chosen (a household sees the household forms)."""
        subject, kind = dialog.widgets.get("subject"), dialog.widgets.get("award_kind_id")
        if not isinstance(subject, QComboBox) or not isinstance(kind, QComboBox):
            return

        def changed() -> None:
            current = kind.currentData()
            kind.clear()
            for value, text in self._kind_choices(subject.currentData()):
                kind.addItem(text, value)
            kind.setCurrentIndex(max(0, kind.findData(current)))

        subject.currentIndexChanged.connect(changed)
        changed()

    def add_proposal(self) -> None:
        period = self.period.currentData()

        def save(vals: dict[str, Any], ok: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
            vals = {**vals, "period_code": period.code}
            self.ctx.worker.submit(_prior_of_new, vals, success=lambda warnings: self._confirm_prior(
                warnings, lambda: self.ctx.worker.submit(_add_job, vals, success=ok, failure=failed), failed),
                failure=failed)

        dialog = RecordDialog(self, "Thêm đề nghị khen thưởng", self.proposal_fields(None), {"subject": "ho"}, save)
        self._wire_subject(dialog)
        self.last_dialog = dialog
        dialog.exec()

    def _confirm_prior(self, warnings: list[str], go: Callable[[], None],
                       failed: Callable[[BaseException], None]) -> None:
        """The prior-award check: the clerk sees the earlier proposals and decisions and chooses."""
        if not warnings or confirm(self, "Đã có đề nghị trước", "\n\n".join(warnings)
                                   + "\n\nVẫn lập đề nghị này?", yes="Vẫn lập", no="Xem lại"):
            go()
        else:
            failed(ValidationError({"contributor_id": "Đã có đề nghị trước: " + " ".join(warnings)}))

    def edit_proposal(self) -> None:
        chosen = self._selected_rows()
        if len(chosen) != 1:
            return
        pid = chosen[0]["id"]
        self.ctx.worker.submit(proposals.get, pid, success=self._open_edit)

    def _open_edit(self, row: dict[str, Any]) -> None:
        pid = row["id"]
        values = {**row, "contributor_id__label": row["nominee_name"] if row["contributor_id"] else ""}
        if row["links"]:
            values["value_vnd"] = None  # follows the linked contributions

        def save(vals: dict[str, Any], ok: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
            self.ctx.worker.submit(proposals.edit, pid, vals, success=ok, failure=failed)

        title = "Sửa đề nghị khen thưởng" if row["status"] == "du_thao" else \
            f"Đề nghị đã {catalogue.STATUSES[row['status']].lower()}: chỉ sửa số sổ vàng, ghi chú"
        dialog = RecordDialog(self, title, self.proposal_fields(row), values, save)
        self._wire_subject(dialog)
        self.last_dialog = dialog
        dialog.exec()

    def delete_proposals(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return

        def job(led: Ledger) -> Changes:
            changes = Changes()
            with led.transaction():
                for pid in ids:
                    changes.merge(proposals.delete(led, pid))
            return changes

        self.ctx.worker.submit(job, success=lambda _c: self.hint.setText(f"Đã xóa {len(ids)} đề nghị dự thảo."))


def _prior_of_new(ledger: Ledger, values: dict[str, Any]) -> list[str]:
    """The prior-award check for a proposal not yet saved (with the contributions it would link)."""
    period = proposals.parse_period(ledger, values["period_code"])
    cid = values.get("contributor_id")
    links = proposals.period_contributions(ledger, cid, period) if cid else []
    return screening.prior_awards(ledger, period_code=period.code, movement_id=proposals.default_movement(ledger),
                               contributor_id=cid, group_id=values.get("group_id"), subject=values.get("subject"),
                               nominee_name=values.get("nominee_name") or "", contribution_ids=links)


def _add_job(ledger: Ledger, values: dict[str, Any]) -> Changes:
    return Changes().add("proposals", proposals.add(ledger, values))
