"""The Biên bản of a meeting of the Hội đồng Thi đua - Khen thưởng (reference/domain.md §2.7): who attended, who
chaired, the votes per nominee and the result; a meeting without its quorum has none."""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.awards import catalogue, council, members, proposals
from desktop.core.awards.papers import issued_ward_ttr, numbered
from desktop.core.awards.wording import (
    COUNCIL,
    COUNCIL_ABBR,
    count_phrase,
    day_of,
    movement_name,
    sub_issuer,
    unit_kind_word,
)
from desktop.core.errors import UserError
from desktop.core.ledger import demo_mark, setup
from desktop.core.pdf import heading
from desktop.core.pdf.model import AdminDocument, Column, Heading, Para, Signature, Table
from desktop.core.text.vnformat import date_words, format_date, format_decimal


def build_bb(ledger: Ledger, meeting_id: int, *, symbol: str | None = None) -> AdminDocument:
    unit = setup.get_unit(ledger)
    meeting = council.get_meeting(ledger, meeting_id)
    rows = council.meeting_proposals(ledger, meeting_id)
    settings = catalogue.get_settings(ledger)
    pct = int(settings["vote_pass_percent"])
    why = council.quorum_refusal(meeting["members_total"] or 0, meeting["members_present"] or 0, settings)
    if why:  # a meeting recorded before the quorum rule: it could not vote, so there is no Biên bản
        why = why.replace("; chưa ghi gì vào sổ.", ".")
        raise UserError(f"Cuộc họp ngày {format_date(meeting['date'])}: {why} Không lập Biên bản cho cuộc họp này.")
    ward_word = unit_kind_word(unit)
    movement = movement_name(ledger)
    period = proposals.parse_period(ledger, meeting["period_code"])
    date = day_of(meeting["date"])

    attended = members.meeting_members(ledger, meeting_id)
    body: list[Any] = [
        Para(f"Thời gian bắt đầu: {meeting['start_time'] or '… giờ …'}, {date_words(date)}."),
        Para(f"Địa điểm: {meeting['place'] or '…'}."),
        *_attendance(meeting, attended, ward_word),
        Para(f"Chủ trì (chủ tọa): {_who(meeting['chair'], attended)}."),
        Para(f"Thư ký (người ghi biên bản): {_who(meeting['secretary'], attended)}."),
        Heading("Nội dung cuộc họp", level=2),
    ]
    ward_ttr = issued_ward_ttr(ledger, meeting["period_code"])
    if ward_ttr and ward_ttr["doc_date"] > meeting["date"]:
        ward_ttr = None  # a Tờ trình dated after the meeting is not what the council considered
    basis = f" theo Tờ trình số {ward_ttr['symbol']} ngày {format_date(ward_ttr['doc_date'])}" if ward_ttr else ""
    by_letter = sum(1 for m in attended if m["presence"] == "written")
    base = catalogue.vote_base_count({**meeting, "members_written": by_letter}, settings)
    on = catalogue.VOTE_BASES.get(settings["vote_base"], catalogue.VOTE_BASES["members_total"])
    if settings["vote_base"] == "members_present" and by_letter:
        on = "số thành viên dự họp và thành viên gửi phiếu bằng văn bản"
    on += f" ({base} thành viên)"
    body.append(Para(f"Hội đồng đã xem xét hồ sơ đề nghị khen thưởng {len(rows)} trường hợp ({count_phrase(rows)}) "
                     f"có thành tích trong Phong trào thi đua “{movement}” {period.label}{basis}. Sau khi thảo "
                     f"luận, Hội đồng biểu quyết từng trường hợp; một trường hợp được thông qua khi có trên {pct}% "
                     f"{on} đồng ý. Kết quả như sau:"))
    body.append(_results(rows, settings, base, with_written=any(r.get("votes_written") for r in rows)))
    passed = [r for r in rows if council.passed(r, settings)]
    ward_pass = [r for r in passed if r["level"] == "ward"]
    upper_pass = [r for r in passed if r["level"] == "upper"]
    conclusion = meeting["conclusion"]
    if not conclusion:
        parts = []
        if ward_pass:
            parts.append(f"đề nghị Chủ tịch Ủy ban nhân dân {ward_word} khen thưởng {len(ward_pass)} trường hợp "
                         f"({count_phrase(ward_pass)})")
        if upper_pass:
            parts.append(f"đề nghị cấp trên khen thưởng {len(upper_pass)} trường hợp ({count_phrase(upper_pass)})")
        conclusion = ("Hội đồng thống nhất " + "; ".join(parts) + " có tên trong danh sách được thông qua."
                      if parts else "Không có trường hợp nào được Hội đồng thông qua.")
    body.append(Para(f"Kết luận: {conclusion}"))
    body.append(Para(f"Cuộc họp kết thúc vào {meeting['end_time'] or '… giờ …'} cùng ngày; biên bản đã được đọc lại "
                     "và thông qua trước các thành viên dự họp./."))
    return AdminDocument(
        issuer=sub_issuer(unit, COUNCIL), number=numbered(symbol, "BB", COUNCIL_ABBR),
        place_date=heading.place_date(unit, date), kind_title="BIÊN BẢN",
        subject=f"Họp {COUNCIL} {ward_word} xét đề nghị khen thưởng {period.label}",
        blocks=body, signature=Signature(["CHỦ TỌA"], meeting["chair"] or ""),
        left_signature=Signature(["THƯ KÝ"], meeting["secretary"] or ""), draft=symbol is None,
        title_meta=f"Biên bản họp {COUNCIL}", author_meta=unit.get("name") or "", watermark=demo_mark.mark_for(ledger),
    )


def _attendance(meeting: dict[str, Any], attended: list[dict[str, Any]], ward_word: str) -> list[Para]:
    """"Thành phần tham dự": the members present by name, position and role, then the absent ones (and those who
    voted in writing), as frozen when the meeting was recorded; an older meeting prints its typed list."""
    total, present = meeting["members_total"], meeting["members_present"]
    if not attended:
        lines = [line.strip().lstrip("-").strip().rstrip(";.") for line in (meeting["attendees"] or "").splitlines()
                 if line.strip()]
        head = f"Thành phần tham dự: {present}/{total} thành viên {COUNCIL} {ward_word}" + (", gồm:" if lines else ".")
        return [Para(head)] + [Para(f"- {m}{'.' if i == len(lines) - 1 else ';'}") for i, m in enumerate(lines)]
    here = [m for m in attended if m["presence"] == "present"]
    away = [m for m in attended if m["presence"] != "present"]
    out = [Para(f"Thành phần tham dự: {len(here)}/{len(attended)} thành viên {COUNCIL} {ward_word}, gồm:")]
    out += [Para(f"- {members.label(m)}{'.' if i == len(here) - 1 else ';'}") for i, m in enumerate(here)]
    if away:
        out.append(Para(f"Vắng mặt: {len(away)}/{len(attended)} thành viên:"))
        for i, m in enumerate(away):
            note = " (vắng mặt, có phiếu bầu bằng văn bản)" if m["presence"] == "written" else ""
            out.append(Para(f"- {members.label(m)}{note}{'.' if i == len(away) - 1 else ';'}"))
    return out


def _who(name: str | None, attended: list[dict[str, Any]]) -> str:
    """The chair or secretary with his position and role when he is a member, else the name as typed."""
    member = next((m for m in attended if members.same_name(m["name"], name)), None)
    return members.label(member) if member else (name or "…")


def _results(rows: list[dict[str, Any]], settings: dict[str, Any], base: int, *, with_written: bool) -> Table:
    """Per nominee: the votes for (of which written, when any) on the rule's base, the percentage, the result."""
    table_rows = []
    for i, r in enumerate(rows, start=1):
        ok = council.passed(r, settings)
        percent = format_decimal(100 * (r["votes_for"] or 0) / base, 1, trim=True) if base else ""
        cells = [str(i), r["nominee_name"], catalogue.SUBJECTS.get(r["subject"], ""), r["kind_name"],
                 f"{r['votes_for'] or 0}/{base}"]
        if with_written:
            cells.append(str(r.get("votes_written") or 0))
        table_rows.append([*cells, percent, "Thông qua" if ok else "Không thông qua"])
    columns = [Column("STT", 1.35, "center"), Column("Họ và tên, tên tập thể", 4.2), Column("Đối tượng", 2.4),
               Column("Hình thức đề nghị", 5.3 - (1.7 if with_written else 0)),
               Column("Phiếu đồng ý", 1.8, "center")]
    if with_written:
        columns.append(Column("Bằng văn bản", 1.7, "center"))
    columns += [Column("Tỷ lệ (%)", 1.6, "right"), Column("Kết quả", 2.4, "center")]
    return Table(columns=columns, rows=table_rows, font_size=11)
