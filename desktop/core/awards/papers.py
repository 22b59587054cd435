"""The award dossier (DESIGN §6; reference/domain.md §1.5, §2.7): Tờ trình with the Danh sách đề nghị khen thưởng,
Biên bản họp Hội đồng Thi đua - Khen thưởng with the votes, Quyết định of the Chủ tịch with its list, Báo cáo tóm
tắt thành tích per nominee, the Giấy khen certificates, and the list as xlsx.

Tờ trình, Biên bản and Quyết định are numbered in the year's register through `register.issue` (frozen PDF with
its SHA-256). They are issued without a period in the register's sense (`period=None`): two Quyết định of the same
period are two decisions, not a version and its replacement; the period goes in `content.award_period`.

Who writes what (the ward's practice after 01/7/2025):
- the ward's own awards: the office in charge (setting "drafting_name", e.g. Phòng Văn hóa - Xã hội) proposes to
  the Chủ tịch with a Tờ trình "…/TTr-VHXH"; the council votes (Biên bản "…/BB-HĐTĐKT"); the Chủ tịch decides
  (Quyết định "…/QĐ-UBND", signed CHỦ TỊCH or KT. CHỦ TỊCH / PHÓ CHỦ TỊCH, not TM.);
- awards of the level above: after the council's vote the UBND phường proposes upward with a Tờ trình
  "…/TTr-UBND" to the Chủ tịch UBND tỉnh (via Sở Nội vụ), signed TM. ỦY BAN NHÂN DÂN.
"""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.awards import catalogue, council, decisions, proposals
from desktop.core.awards.wording import (
    COUNCIL,
    article,
    bases_paras,
    by_kind,
    chairman_signature,
    count_phrase,
    danh_sach,
    day_of,
    decider_note,
    dmy,
    end_list,
    head_of,
    kind_phrase,
    legal_bases,
    m2,
    movement_name,
    sub_issuer,
    unit_kind_word,
    unit_short,
    vnd_words,
)
from desktop.core.errors import UserError
from desktop.core.ledger import demo_mark, setup
from desktop.core.ledger.periods import Period
from desktop.core.pdf import heading
from desktop.core.pdf.model import AdminDocument, Appendix, Para, Signature
from desktop.core.text.vnformat import date_words, format_date, format_decimal, format_int

# --------------------------------------------------------------------------- which proposals go where


def _rejected_by(r: dict[str, Any], rule: dict[str, Any], doc_date: str | None) -> bool:
    """Voted on and not passed by a meeting held on or before `doc_date` (any meeting when no date is given)."""
    if r["status"] != "da_xet" or council.passed(r, rule):
        return False
    return not doc_date or (r["meeting_date"] or "") <= str(doc_date)


def ttr_rows(ledger: Ledger, period: Period, level: str, doc_date: str | None = None) -> list[dict[str, Any]]:
    """The ward's Tờ trình lists its own-level proposals not refused or returned, and not those the council
    rejected at a meeting before the Tờ trình's date; the upward one lists those the council passed (waiting to be
    sent, or sent)."""
    rows = proposals.list_proposals(ledger, period.code, level=level)
    rule = catalogue.get_settings(ledger)
    if level == "ward":
        return [r for r in rows if r["status"] not in ("khong_duoc_khen", "tra_lai")
                and not _rejected_by(r, rule, doc_date)]
    return [r for r in rows if (r["status"] == "da_xet" and council.passed(r, rule)) or r["status"] == "trinh_cap_tren"]


def qd_rows(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    """The ward's proposals the council passed that wait for the Chủ tịch's decision."""
    rule = catalogue.get_settings(ledger)
    return [r for r in proposals.list_proposals(ledger, period.code, status="da_xet", level="ward")
            if council.passed(r, rule)]


def _latest_meeting(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    dated = [r for r in rows if r["meeting_id"]]
    if not dated:
        return None
    r = max(dated, key=lambda r: (r["meeting_date"] or "", r["meeting_id"]))
    return {"id": r["meeting_id"], "date": r["meeting_date"], "document_id": r["meeting_document_id"]}


def _symbol_of(ledger: Ledger, document_id: int | None) -> str | None:
    if not document_id:
        return None
    row = ledger.conn.execute("SELECT symbol, doc_date FROM documents WHERE id = ?", [document_id]).fetchone()
    return f"{row[0]} ngày {format_date(row[1])}" if row else None


def issued(ledger: Ledger, period_code: str) -> list[dict[str, Any]]:
    """The award documents issued for a period, oldest first (without the PDF bytes); a Quyết định carries its
    decision group (`award_group`, None for one issued before decisions were grouped: a khen thưởng one)."""
    cur = ledger.conn.execute(
        "SELECT id, kind, symbol, doc_date, title, signer_name, issued_by, sha256, "
        "json_extract(content, '$.award_role') AS role, json_extract(content, '$.meeting_id') AS meeting_id, "
        "json_extract(content, '$.award_group') AS award_group, "
        "json_extract(content, '$.proposal_ids') AS proposal_ids "
        "FROM documents WHERE json_extract(content, '$.award_period') = ? AND deleted_at IS NULL "
        "ORDER BY doc_date, id", [period_code])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


def issued_ward_ttr(ledger: Ledger, period_code: str) -> dict[str, Any] | None:
    found = [d for d in issued(ledger, period_code) if d["role"] == "ttr_ward"]
    return found[-1] if found else None


# --------------------------------------------------------------------------- Tờ trình


def numbered(symbol: str | None, kind: str, abbr: str) -> str:
    return f"Số: {symbol}" if symbol else f"Số:       /{kind}-{abbr}"


def _draft_ref(symbol: str | None, kind: str, abbr: str) -> str:
    """The number in a "Kèm theo …" line; a draft keeps a blank (no-break spaces survive the layout)."""
    return symbol or "\u00a0" * 8 + f"/{kind}-{abbr}"


def build_ttr(ledger: Ledger, period: Period, level: str, *, symbol: str | None = None,
              doc_date: str | None = None) -> AdminDocument:
    date = day_of(doc_date)
    rows = ttr_rows(ledger, period, level, date.isoformat())
    if not rows:
        if level == "ward":
            raise UserError(f"Kỳ {period.label} chưa có đề nghị khen thưởng nào thuộc thẩm quyền của phường.")
        raise UserError(f"Kỳ {period.label} chưa có đề nghị nào được Hội đồng Thi đua - Khen thưởng thông qua để "
                        "trình cấp trên.")
    unit = setup.get_unit(ledger)
    settings = catalogue.get_settings(ledger)
    movement = movement_name(ledger)
    short = unit_short(unit)
    ward_word = unit_kind_word(unit)
    if level == "ward":
        office = settings["drafting_name"]
        abbr = unit.get("drafting_abbr") or "VHXH"
        issuer = sub_issuer(unit, office)
        decider = f"Chủ tịch Ủy ban nhân dân {short}"
        recipients = [decider]
        who = office
        closing = f"{office} kính trình Chủ tịch Ủy ban nhân dân {ward_word} xem xét, quyết định./."
        signature = Signature([(settings["drafting_head_title"] or "Trưởng phòng").upper()],
                              settings["drafting_head_name"] or "")
        cc = ["Như trên", f"Hội đồng Thi đua - Khen thưởng {ward_word}", f"Lưu: VT, {abbr}"]
        subject = f"Về việc đề nghị khen thưởng trong Phong trào thi đua “{movement}” {period.label}"
    else:
        abbr = unit.get("issuer_abbr") or "UBND"
        issuer = heading.issuer_lines(unit)
        receiving = unit.get("receiving_name") or "Ủy ban nhân dân tỉnh"
        decider = f"Chủ tịch {receiving}"
        recipients = [decider] + ([unit["receiving_office"]] if unit.get("receiving_office") else [])
        who = f"Ủy ban nhân dân {short}"
        closing = f"Ủy ban nhân dân {short} kính trình {decider} xem xét, quyết định./."
        signature = heading.signature(unit)
        cc = ["Như trên", f"Thường trực Đảng ủy {ward_word}", f"Lưu: VT, {unit.get('drafting_abbr') or 'VHXH'}"]
        subject = f"Về việc đề nghị khen thưởng cấp trên trong Phong trào thi đua “{movement}” {period.label}"

    bases = legal_bases(settings, date)
    meeting = _latest_meeting(rows)
    if level == "upper" and meeting:
        ref = _symbol_of(ledger, meeting["document_id"])
        bases.append(f"Căn cứ Biên bản họp {COUNCIL} {ward_word} "
                     + (f"số {ref}" if ref else f"ngày {dmy(meeting['date'])}"))
    bases.append(f"Căn cứ kết quả thực hiện Phong trào thi đua “{movement}” {period.label} trên địa bàn {ward_word}")
    body: list[Any] = bases_paras(bases, runs_on=True)
    body.append(Para(f"{who} kính đề nghị {decider} xem xét, khen thưởng cho {count_phrase(rows)} đã có thành "
                     f"tích xuất sắc trong Phong trào thi đua “{movement}” {period.label}, cụ thể:"))
    items = []
    for first, members in by_kind(rows, by_name=True):
        phrase = kind_phrase(first)
        note = decider_note(first) if level == "upper" else ""
        items.append(f"- {phrase[:1].upper()}{phrase[1:]}{note}: {count_phrase(members)}")
    body += [Para(item) for item in end_list(items)]  # the last item ends with "." (ND 30, Phụ lục I)
    land = [r for r in rows if r["land_m2"]]
    if land:
        body.append(Para(f"Trong đó, {len(land)} trường hợp đã tự nguyện hiến tổng cộng "
                         f"{m2(sum(r['land_m2'] for r in land))} m² đất để xây dựng kết cấu hạ tầng; tổng giá trị "
                         f"đóng góp quy đổi của các trường hợp được đề nghị là "
                         f"{format_int(sum(r['value_vnd'] for r in rows))} đồng."))
    body.append(Para("(Có danh sách và báo cáo tóm tắt thành tích kèm theo)", italic=True))
    body.append(Para(closing))

    ref = (f"(Kèm theo Tờ trình số {_draft_ref(symbol, 'TTr', abbr)} {date_words(date)} "
           f"của {who})")
    return AdminDocument(
        issuer=issuer, number=numbered(symbol, "TTr", abbr), place_date=heading.place_date(unit, date),
        kind_title="TỜ TRÌNH", subject=subject, recipients=recipients, blocks=body, cc=cc, signature=signature,
        appendices=[Appendix("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", ref, [danh_sach(ledger, rows)], landscape=True)],
        draft=symbol is None, title_meta=f"Tờ trình đề nghị khen thưởng {period.label}",
        author_meta=unit.get("name") or "",
        watermark=demo_mark.mark_for(ledger),
    )


# --------------------------------------------------------------------------- Biên bản


# --------------------------------------------------------------------------- Quyết định


def qd_groups(ledger: Ledger, period: Period) -> list[tuple[str, list[dict[str, Any]]]]:
    """What waits for a decision, by decision group (decisions.split): one Quyết định per group."""
    return decisions.split(qd_rows(ledger, period))


def group_rows(ledger: Ledger, period: Period, group: str | None,
               rows: list[dict[str, Any]] | None = None) -> tuple[str, list[dict[str, Any]]]:
    """The group and the rows of one decision. Without `group`, the rows must all be of one group: a decision
    never mixes a Giấy khen with a cultural title (each is its own decision), so several groups are refused."""
    rows = qd_rows(ledger, period) if rows is None else rows
    found = decisions.split(rows)
    if group is not None:
        rows = next((members for key, members in found if key == group), [])
    elif len(found) > 1:
        names = "; ".join(f"{decisions.label(key)} ({len(members)})" for key, members in found)
        raise UserError(f"Kỳ {period.label} có đề nghị chờ quyết định thuộc nhiều loại quyết định: {names}. Mỗi "
                        "loại là một quyết định riêng: hãy ban hành từng quyết định (thẻ Văn bản, mục Quyết định).")
    else:
        group = found[0][0] if found else decisions.KHEN_THUONG
    if not rows:
        what = f" ({decisions.label(group)})" if group and found else ""
        raise UserError(f"Kỳ {period.label} chưa có đề nghị nào{what} thuộc thẩm quyền của phường đã được Hội đồng "
                        "Thi đua - Khen thưởng thông qua và đang chờ quyết định.")
    return group, rows


def _minutes_bases(ledger: Ledger, rows: list[dict[str, Any]], ward_word: str) -> list[str]:
    """"Căn cứ Biên bản họp … số 01/BB-HĐTĐKT ngày 15/06/2026": each meeting that voted on the rows, oldest first,
    by number and date (by its date only while its Biên bản is not issued)."""
    meetings: dict[int, dict[str, Any]] = {}
    for r in rows:
        if r["meeting_id"]:
            meetings[r["meeting_id"]] = {"date": r["meeting_date"], "document_id": r["meeting_document_id"]}
    out = []
    for _mid, m in sorted(meetings.items(), key=lambda kv: (kv[1]["date"] or "", kv[0])):
        ref = _symbol_of(ledger, m["document_id"])
        out.append(f"Căn cứ Biên bản họp {COUNCIL} {ward_word} " + (f"số {ref}" if ref else f"ngày {dmy(m['date'])}"))
    return out


def _prize_article(kinds: list[tuple[dict[str, Any], list[dict[str, Any]]]], base: int, short: str,
                   year: int) -> str | None:
    """Điều 2: the prize of each form and subject (hệ số × mức lương cơ sở), then the total in figures and words;
    None when no kind of the decision carries a prize (e.g. "Gia đình văn hóa" with no multiplier)."""
    prize_lines, total = [], 0
    for first, members in kinds:
        prize = catalogue.prize_vnd(first["multiplier"], base)
        if not prize:
            continue
        total += prize * len(members)
        subjects = sorted({m["subject"] for m in members}, key=list(catalogue.SUBJECTS).index)
        who = ", ".join(catalogue.subject_noun(s) for s in subjects)
        form = "" if len({k["kind_name"] for k, _m in kinds}) == 1 else f" ({first['kind_name']})"
        prize_lines.append(f"mỗi {who}{form} {format_int(prize)} đồng "
                           f"(hệ số {format_decimal(first['multiplier'], 2, trim=True)})")
    if not prize_lines:
        return None
    return (f"Tiền thưởng kèm theo (hệ số nhân với mức lương cơ sở {format_int(base)} đồng): "
            f"{'; '.join(prize_lines)}. Tổng số tiền thưởng: {format_int(total)} đồng (Bằng chữ: "
            f"{vnd_words(total)}), chi từ Quỹ thi đua, khen thưởng của {short} năm {year}.")


def build_qd(ledger: Ledger, period: Period, *, symbol: str | None = None, doc_date: str | None = None,
             rows: list[dict[str, Any]] | None = None, group: str | None = None,
             signature: Signature | None = None) -> AdminDocument:
    """The Quyết định of one decision group (decisions.py); `signature`: the one frozen at issue, else today's."""
    group, rows = group_rows(ledger, period, group, rows)
    unit = setup.get_unit(ledger)
    settings = catalogue.get_settings(ledger)
    date = day_of(doc_date)
    short = unit_short(unit)
    ward_word = unit_kind_word(unit)
    abbr = unit.get("issuer_abbr") or "UBND"
    words = decisions.wording(group, rows, period, movement_name(ledger), by_kind(rows, by_name=True))

    bases = legal_bases(settings, date)
    if decisions.title_of(group) and not any("86/2023" in line for line in bases):
        bases.append(decisions.ND_86_2023)
    bases += _minutes_bases(ledger, rows, ward_word)
    ttr = issued_ward_ttr(ledger, period.code)
    if ttr and ttr["doc_date"] > date.isoformat():
        ttr = None
    proposer = f"Theo đề nghị của {head_of(settings)}"
    if ttr:
        proposer += f" tại Tờ trình số {ttr['symbol']} ngày {format_date(ttr['doc_date'])}"
    body: list[Any] = bases_paras(bases, proposer=proposer)
    body.append(Para("QUYẾT ĐỊNH:", indent=False, align="center", bold=True))
    body.append(article(1, words["article"]))
    prize = _prize_article(by_kind(rows), int(settings["base_salary_vnd"]), short, date.year)
    last = 2
    if prize:
        body.append(article(2, prize))
        last = 3
    body.append(article(last, "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Hội đồng nhân dân "
                              f"và Ủy ban nhân dân {ward_word}, {head_of(settings)}, các cơ quan, "
                              f"đơn vị có liên quan và {words['holders']} có tên tại Điều 1 chịu "
                              "trách nhiệm thi hành Quyết định này./."))
    ref = (f"(Kèm theo Quyết định số {_draft_ref(symbol, 'QĐ', abbr)} {date_words(date)} "
           f"của Chủ tịch Ủy ban nhân dân {short})")
    # A title is granted for the standards it meets, not for what was given: its list shows no contributions.
    table = danh_sach(ledger, rows, prizes=prize is not None, achievements=False,
                      contributions=group == decisions.KHEN_THUONG)
    return AdminDocument(
        issuer=heading.issuer_lines(unit), number=numbered(symbol, "QĐ", abbr),
        place_date=heading.place_date(unit, date), kind_title="QUYẾT ĐỊNH", subject=words["subject"],
        authority_line=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {(unit.get('name') or '').upper()}", blocks=body,
        cc=[f"Như Điều {last}", f"Thường trực Đảng ủy {ward_word}", f"Ủy ban MTTQ Việt Nam {ward_word}",
            f"Lưu: VT, {unit.get('drafting_abbr') or 'VHXH'}"],
        signature=signature or chairman_signature(unit),
        appendices=[Appendix(words["list_title"], ref, [table], landscape=True)],
        draft=symbol is None, title_meta=words["meta"], author_meta=unit.get("name") or "",
        watermark=demo_mark.mark_for(ledger),
    )
