"""The award dossier (DESIGN §6; reference/domain.md §1.5, §2.7): Tờ trình with the Danh sách đề nghị khen thưởng,
Biên bản họp Hội đồng Thi đua - Khen thưởng with the votes, Quyết định of the Chủ tịch with its list, Báo cáo tóm
tắt thành tích per nominee, the Giấy khen certificates, and the list as xlsx.

Tờ trình, Biên bản and Quyết định are numbered in the year's register through `documents.issue` (frozen PDF with
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

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.connection import Ledger
from desktop.core import audit, awards, documents, report, safe_files, setup
from desktop.core.errors import UserError
from desktop.core.pdf.model import AdminDocument, Appendix, Column, Heading, Para, Signature, Table
from desktop.core.periods import Period
from desktop.core.records import Changes
from desktop.core.vnformat import date_words, format_date, format_decimal, format_int
from desktop.core.vntext import fold
from desktop.core.vocab import CONTRIBUTION_KINDS

COUNCIL = "Hội đồng Thi đua - Khen thưởng"
COUNCIL_ABBR = "HĐTĐKT"
ROLES = {"ttr_ward": "Tờ trình đề nghị khen thưởng (cấp phường)", "ttr_upper": "Tờ trình đề nghị cấp trên khen thưởng",
         "bb": "Biên bản họp Hội đồng Thi đua - Khen thưởng", "qd": "Quyết định khen thưởng"}


# --------------------------------------------------------------------------- small helpers


def _unit_short(unit: dict[str, Any]) -> str:
    """"phường Nguyễn Nghiêm"."""
    name = unit.get("name") or ""
    return name[:1].lower() + name[1:]


def _unit_word(unit: dict[str, Any]) -> str:
    return (unit.get("name") or "phường").split(" ")[0].lower()


def _movement(ledger: Ledger) -> str:
    row = ledger.conn.execute("SELECT name FROM movements WHERE deleted_at IS NULL ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else setup.DEFAULT_MOVEMENT


def _dmy(iso: str | None) -> str:
    return format_date(iso) if iso else "…"


def _day(iso: str | None) -> dt.date:
    return dt.date.fromisoformat(iso) if iso else dt.date.today()


def _m2(value: float) -> str:
    return format_decimal(float(value or 0), 1)


def _count_phrase(rows: list[dict[str, Any]]) -> str:
    """"2 tập thể, 25 hộ gia đình" in the Danh sách's order."""
    parts = []
    for _title, subjects in awards.LIST_GROUPS:
        for s in subjects:
            n = sum(1 for r in rows if r["subject"] == s)
            if n:
                parts.append(awards.subject_noun(s, n))
    return ", ".join(parts)


def _by_kind(rows: list[dict[str, Any]], *, by_name: bool = False) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Rows grouped by catalogue row (each has its own prize), or `by_name` (one "Giấy khen …" line for the
    household, individual and collective rows of the catalogue), in catalogue order."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: r["award_kind_id"]):
        groups.setdefault((r["kind_name"], r["form"]) if by_name else r["award_kind_id"], []).append(r)
    return [(members[0], members) for members in groups.values()]


def _decider_note(first: dict[str, Any]) -> str:
    """" (Chủ tịch nước quyết định)" when the form's name does not already say who decides it."""
    decider = fold(first["decided_by"] or "").replace("ubnd", "uy ban nhan dan")
    return "" if not decider or decider in fold(first["kind_name"]) else f" ({first['decided_by']} quyết định)"


def _head_of(settings: dict[str, Any]) -> str:
    """"Trưởng phòng Văn hóa - Xã hội" (not "Trưởng phòng Phòng …")."""
    title = settings["drafting_head_title"] or "Trưởng phòng"
    name = settings["drafting_name"] or ""
    if title.lower().endswith("phòng") and name.lower().startswith("phòng "):
        name = name[len("phòng "):]
    return f"{title} {name}".strip()


def _fit(text: str) -> str:
    """An issuer line, upper case, broken where a clerk would break it when wider than the header's left column
    (after " - ", else where the two lines are most even): "HỘI ĐỒNG THI ĐUA -\nKHEN THƯỞNG"."""
    from reportlab.pdfbase import pdfmetrics

    from desktop.core.pdf import nd30

    nd30.register_fonts()
    room = (nd30.PORTRAIT[0] - nd30.MARGIN_LEFT - nd30.MARGIN_RIGHT) * nd30.HEADER_LEFT_SHARE - 4

    def width(t: str) -> float:
        return pdfmetrics.stringWidth(t, nd30.FONT_BOLD, 13)

    text = " ".join(text.upper().split())
    if width(text) <= room:
        return text
    if " - " in text:
        head, tail = text.split(" - ", 1)
        if width(head + " -") <= room and width(tail) <= room:
            return f"{head} -\n{tail}"
    words = text.split()
    cut = min(range(1, len(words)), key=lambda k: max(width(" ".join(words[:k])), width(" ".join(words[k:]))))
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def _sub_issuer(unit: dict[str, Any], body: str) -> list[str]:
    """The header of a body under the UBND: "UBND PHƯỜNG …" (the governing body) over the body's own name."""
    return [_fit(f"UBND {unit.get('name') or ''}"), _fit(body)]


def _kind_phrase(first: dict[str, Any]) -> str:
    """"tặng Giấy khen của Chủ tịch UBND phường" or "công nhận danh hiệu “Lao động tiên tiến”"."""
    if first["form"] == "danh_hieu":
        return f"công nhận danh hiệu “{first['kind_name']}”"
    return f"tặng {first['kind_name']}"


def chairman_signature(unit: dict[str, Any]) -> Signature:
    """A Quyết định of the Chủ tịch (personal authority): CHỦ TỊCH, or KT. CHỦ TỊCH / PHÓ CHỦ TỊCH — never TM."""
    name = unit.get("signer_name") or ""
    if (unit.get("sign_mode") or "TM") == "KT":
        return Signature(["KT. CHỦ TỊCH", (unit.get("signer_title") or "Phó Chủ tịch").upper()], name)
    return Signature(["CHỦ TỊCH"], name)


def legal_bases(settings: dict[str, Any], on: dt.date) -> list[str]:
    """The căn cứ lines: the clerk's own (settings), or the texts in force on the date (ND 152/2025 from 01/7/2025,
    ND 98/2023 before)."""
    if settings.get("legal_bases"):
        return list(settings["legal_bases"])
    if on >= dt.date(2025, 7, 1):
        return [
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân "
            "quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật "
            "Thi đua, khen thưởng",
        ]
    return [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một "
        "số điều của Luật Thi đua, khen thưởng",
    ]


def _bases_paras(lines: list[str]) -> list[Para]:
    """Căn cứ lines in italics, each ending with ";" and the last with "." (ND 30, ô 6)."""
    clean = [line.strip().rstrip(";.").strip() for line in lines if line.strip()]
    return [Para(line + ("." if i == len(clean) - 1 else ";"), italic=True) for i, line in enumerate(clean)]


_UNITS = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]
_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _three(n: int, full: bool) -> str:
    """Read a group of three digits; `full` (not the leading group) reads "không trăm" and "linh"."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    words = []
    if h or full:
        words += [_DIGITS[h], "trăm"]
    if t == 0:
        if u and (h or full):
            words.append("linh")
    elif t == 1:
        words.append("mười")
    else:
        words += [_DIGITS[t], "mươi"]
    if u:
        if u == 1 and t >= 2:
            words.append("mốt")
        elif u == 5 and t >= 1:
            words.append("lăm")
        else:
            words.append(_DIGITS[u])
    return " ".join(words)


def vnd_words(amount: int) -> str:
    """An amount in words, as a Quyết định writes it:
    28431000 → "Hai mươi tám triệu bốn trăm ba mươi mốt nghìn đồng"."""
    if amount == 0:
        return "Không đồng"
    groups = []
    n = abs(int(amount))
    while n:
        groups.append(n % 1000)
        n //= 1000
    words = []
    for i in range(len(groups) - 1, -1, -1):
        if groups[i] == 0:
            continue
        words.append(_three(groups[i], full=i < len(groups) - 1))
        if _UNITS[i]:
            words.append(_UNITS[i])
    text = " ".join(words) + " đồng"
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- the Danh sách


def _name_column(rows: list[dict[str, Any]]) -> str:
    subjects = {r["subject"] for r in rows}
    if subjects == {"ho"}:
        return "Họ và tên chủ hộ"
    if subjects <= {"tap_the", "to_dan_pho"}:
        return "Tên tập thể"
    return "Họ và tên chủ hộ, cá nhân; tên tập thể"


def danh_sach(ledger: Ledger, rows: list[dict[str, Any]], *, prizes: bool = False,
              achievements: bool = True) -> Table:
    """The list grouped I. Tập thể / II. Cá nhân / III. Hộ gia đình (numbered again in each group), with m², value,
    works and tổ dân phố for land households, and a totals row. `prizes`: the Quyết định's list with tiền thưởng."""
    unit = setup.get_unit(ledger)
    base = awards.base_salary(ledger)
    works = awards.works_of(ledger, [r["id"] for r in rows])
    cols = [Column("STT", 1.3, "center"), Column(_name_column(rows), 4.2), Column("Địa chỉ", 3.6),
            Column(unit.get("group_label") or "Tổ dân phố", 2.9)]
    if achievements:
        cols.append(Column("Tóm tắt thành tích", 6.2))
    cols += [Column("Công trình", 3.8), Column("Đất hiến (m²)", 2, "right"),
             Column("Giá trị đóng góp (đồng)", 3, "right"), Column("Hình thức khen thưởng", 3.6)]
    if prizes:
        cols.append(Column("Tiền thưởng (đồng)", 2.6, "right"))
    out: list[list[str]] = []
    numeral = 0
    total_prize = 0
    for title, subjects in awards.LIST_GROUPS:
        members = [r for r in rows if r["subject"] in subjects]
        if not members:
            continue
        numeral += 1
        out.append([_roman(numeral), f"{title.upper()} ({len(members):02d})"] + [""] * (len(cols) - 2))
        for i, r in enumerate(members, start=1):
            prize = awards.prize_vnd(r["multiplier"], base)
            total_prize += prize
            line = [str(i), r["nominee_name"], r["address"] or "", r["group_name"] or ""]
            if achievements:
                line.append(r["achievement"] or "")
            line += ["; ".join(works.get(r["id"], [])), _m2(r["land_m2"]) if r["land_m2"] else "",
                     format_int(r["value_vnd"]) if r["value_vnd"] else "", r["kind_name"]]
            if prizes:
                line.append(format_int(prize) if prize else "")
            out.append(line)
    # The count goes in the widest column (the achievement, or the address), so the totals row stays one line.
    count = _count_phrase(rows)
    total = ["", "Tổng cộng", "" if achievements else count, ""] + ([count] if achievements else [])
    total += ["", _m2(sum(r["land_m2"] for r in rows)), format_int(sum(r["value_vnd"] for r in rows)), ""]
    if prizes:
        total.append(format_int(total_prize))
    return Table(columns=cols, rows=out, total=total, font_size=10 if achievements else 10.5)


def _roman(n: int) -> str:
    return {1: "I", 2: "II", 3: "III", 4: "IV"}.get(n, str(n))


# --------------------------------------------------------------------------- which proposals go where


def ttr_rows(ledger: Ledger, period: Period, level: str) -> list[dict[str, Any]]:
    """The ward's Tờ trình lists its own-level proposals not refused or returned; the upward one lists those the
    council passed (waiting to be sent, or sent)."""
    rows = awards.list_proposals(ledger, period.code, level=level)
    if level == "ward":
        return [r for r in rows if r["status"] not in ("khong_duoc_khen", "tra_lai")]
    pct = int(awards.get_settings(ledger)["vote_pass_percent"])
    return [r for r in rows if (r["status"] == "da_xet" and awards.passed(r, pct)) or r["status"] == "trinh_cap_tren"]


def qd_rows(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    """The ward's proposals the council passed that wait for the Chủ tịch's decision."""
    pct = int(awards.get_settings(ledger)["vote_pass_percent"])
    return [r for r in awards.list_proposals(ledger, period.code, status="da_xet", level="ward")
            if awards.passed(r, pct)]


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
    """The award documents issued for a period, oldest first (without the PDF bytes)."""
    cur = ledger.conn.execute(
        "SELECT id, kind, symbol, doc_date, title, signer_name, issued_by, sha256, "
        "json_extract(content, '$.award_role') AS role, json_extract(content, '$.meeting_id') AS meeting_id "
        "FROM documents WHERE json_extract(content, '$.award_period') = ? AND deleted_at IS NULL "
        "ORDER BY doc_date, id", [period_code])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur]


def _issued_ward_ttr(ledger: Ledger, period_code: str) -> dict[str, Any] | None:
    found = [d for d in issued(ledger, period_code) if d["role"] == "ttr_ward"]
    return found[-1] if found else None


# --------------------------------------------------------------------------- Tờ trình


def _numbered(symbol: str | None, kind: str, abbr: str) -> str:
    return f"Số: {symbol}" if symbol else f"Số:       /{kind}-{abbr}"


def _draft_ref(symbol: str | None, kind: str, abbr: str) -> str:
    """The number in a "Kèm theo …" line; a draft keeps a blank (no-break spaces survive the layout)."""
    return symbol or "\u00a0" * 8 + f"/{kind}-{abbr}"


def build_ttr(ledger: Ledger, period: Period, level: str, *, symbol: str | None = None,
              doc_date: str | None = None) -> AdminDocument:
    rows = ttr_rows(ledger, period, level)
    if not rows:
        if level == "ward":
            raise UserError(f"Kỳ {period.label} chưa có đề nghị khen thưởng nào thuộc thẩm quyền của phường.")
        raise UserError(f"Kỳ {period.label} chưa có đề nghị nào được Hội đồng Thi đua - Khen thưởng thông qua để "
                        "trình cấp trên.")
    unit = setup.get_unit(ledger)
    settings = awards.get_settings(ledger)
    date = _day(doc_date)
    movement = _movement(ledger)
    short = _unit_short(unit)
    ward_word = _unit_word(unit)
    if level == "ward":
        office = settings["drafting_name"]
        abbr = unit.get("drafting_abbr") or "VHXH"
        issuer = _sub_issuer(unit, office)
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
        issuer = report.issuer_lines(unit)
        receiving = unit.get("receiving_name") or "Ủy ban nhân dân tỉnh"
        decider = f"Chủ tịch {receiving}"
        recipients = [decider] + ([unit["receiving_office"]] if unit.get("receiving_office") else [])
        who = f"Ủy ban nhân dân {short}"
        closing = f"Ủy ban nhân dân {short} kính trình {decider} xem xét, quyết định./."
        signature = report.signature(unit)
        cc = ["Như trên", f"Thường trực Đảng ủy {ward_word}", f"Lưu: VT, {unit.get('drafting_abbr') or 'VHXH'}"]
        subject = f"Về việc đề nghị khen thưởng cấp trên trong Phong trào thi đua “{movement}” {period.label}"

    bases = legal_bases(settings, date)
    meeting = _latest_meeting(rows)
    if level == "upper" and meeting:
        ref = _symbol_of(ledger, meeting["document_id"])
        bases.append(f"Căn cứ Biên bản họp {COUNCIL} {ward_word} "
                     + (f"số {ref}" if ref else f"ngày {_dmy(meeting['date'])}"))
    bases.append(f"Căn cứ kết quả thực hiện Phong trào thi đua “{movement}” {period.label} trên địa bàn {ward_word}")
    body: list[Any] = _bases_paras(bases)
    body.append(Para(f"{who} kính đề nghị {decider} xem xét, khen thưởng cho {_count_phrase(rows)} đã có thành "
                     f"tích xuất sắc trong Phong trào thi đua “{movement}” {period.label}, cụ thể:"))
    for first, members in _by_kind(rows, by_name=True):
        phrase = _kind_phrase(first)
        note = _decider_note(first) if level == "upper" else ""
        body.append(Para(f"- {phrase[:1].upper()}{phrase[1:]}{note}: {_count_phrase(members)};"))
    land = [r for r in rows if r["land_m2"]]
    if land:
        body.append(Para(f"Trong đó, {len(land)} trường hợp đã tự nguyện hiến tổng cộng "
                         f"{_m2(sum(r['land_m2'] for r in land))} m² đất để xây dựng kết cấu hạ tầng; tổng giá trị "
                         f"đóng góp quy đổi của các trường hợp được đề nghị là "
                         f"{format_int(sum(r['value_vnd'] for r in rows))} đồng."))
    body.append(Para("(Có danh sách và báo cáo tóm tắt thành tích kèm theo)", italic=True))
    body.append(Para(closing))

    ref = (f"(Kèm theo Tờ trình số {_draft_ref(symbol, 'TTr', abbr)} ngày {date:%d/%m/%Y} "
           f"của {who})")
    return AdminDocument(
        issuer=issuer, number=_numbered(symbol, "TTr", abbr), place_date=report.place_date(unit, date),
        kind_title="TỜ TRÌNH", subject=subject, recipients=recipients, blocks=body, cc=cc, signature=signature,
        appendices=[Appendix("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", ref, [danh_sach(ledger, rows)], landscape=True)],
        draft=symbol is None, title_meta=f"Tờ trình đề nghị khen thưởng {period.label}",
        author_meta=unit.get("name") or "",
    )


# --------------------------------------------------------------------------- Biên bản


def build_bb(ledger: Ledger, meeting_id: int, *, symbol: str | None = None) -> AdminDocument:
    unit = setup.get_unit(ledger)
    meeting = awards.get_meeting(ledger, meeting_id)
    rows = awards.meeting_proposals(ledger, meeting_id)
    settings = awards.get_settings(ledger)
    pct = int(settings["vote_pass_percent"])
    ward_word = _unit_word(unit)
    movement = _movement(ledger)
    period = awards.parse_period(ledger, meeting["period_code"])
    date = _day(meeting["date"])
    total, present = meeting["members_total"], meeting["members_present"]

    body: list[Any] = [
        Para(f"Thời gian bắt đầu: {meeting['start_time'] or '… giờ …'}, {date_words(date)}."),
        Para(f"Địa điểm: {meeting['place'] or '…'}."),
        Para(f"Thành phần tham dự: {present}/{total} thành viên {COUNCIL} {ward_word}"
             + (", gồm:" if meeting["attendees"] else ".")),
    ]
    members = [line.strip().lstrip("-").strip().rstrip(";.") for line in (meeting["attendees"] or "").splitlines()
               if line.strip()]
    body += [Para(f"- {m}{'.' if i == len(members) - 1 else ';'}") for i, m in enumerate(members)]
    body += [
        Para(f"Chủ trì (chủ tọa): {meeting['chair']}."),
        Para(f"Thư ký (người ghi biên bản): {meeting['secretary']}."),
        Heading("Nội dung cuộc họp", level=2),
    ]
    ward_ttr = _issued_ward_ttr(ledger, meeting["period_code"])
    if ward_ttr and ward_ttr["doc_date"] > meeting["date"]:
        ward_ttr = None  # a Tờ trình dated after the meeting is not what the council considered
    basis = f" theo Tờ trình số {ward_ttr['symbol']} ngày {format_date(ward_ttr['doc_date'])}" if ward_ttr else ""
    body.append(Para(f"Hội đồng đã xem xét hồ sơ đề nghị khen thưởng {len(rows)} trường hợp ({_count_phrase(rows)}) "
                     f"có thành tích trong Phong trào thi đua “{movement}” {period.label}{basis}. Sau khi thảo "
                     f"luận, Hội đồng biểu quyết từng trường hợp; một trường hợp được thông qua khi có trên {pct}% "
                     f"tổng số thành viên Hội đồng đồng ý. Kết quả như sau:"))
    table_rows = []
    for i, r in enumerate(rows, start=1):
        ok = awards.passed(r, pct)
        percent = format_decimal(100 * (r["votes_for"] or 0) / total, 1, trim=True) if total else ""
        table_rows.append([str(i), r["nominee_name"], awards.SUBJECTS.get(r["subject"], ""), r["kind_name"],
                           f"{r['votes_for'] or 0}/{total}", percent, "Thông qua" if ok else "Không thông qua"])
    body.append(Table(
        columns=[Column("STT", 1.35, "center"), Column("Họ và tên, tên tập thể", 4.2), Column("Đối tượng", 2.4),
                 Column("Hình thức đề nghị", 5.3), Column("Phiếu đồng ý", 1.8, "center"),
                 Column("Tỷ lệ (%)", 1.6, "right"), Column("Kết quả", 2.4, "center")],
        rows=table_rows, font_size=11))
    passed = [r for r in rows if awards.passed(r, pct)]
    ward_pass = [r for r in passed if r["level"] == "ward"]
    upper_pass = [r for r in passed if r["level"] == "upper"]
    conclusion = meeting["conclusion"]
    if not conclusion:
        parts = []
        if ward_pass:
            parts.append(f"đề nghị Chủ tịch Ủy ban nhân dân {ward_word} khen thưởng {len(ward_pass)} trường hợp "
                         f"({_count_phrase(ward_pass)})")
        if upper_pass:
            parts.append(f"đề nghị cấp trên khen thưởng {len(upper_pass)} trường hợp ({_count_phrase(upper_pass)})")
        conclusion = ("Hội đồng thống nhất " + "; ".join(parts) + " có tên trong danh sách được thông qua."
                      if parts else "Không có trường hợp nào được Hội đồng thông qua.")
    body.append(Para(f"Kết luận: {conclusion}"))
    body.append(Para(f"Cuộc họp kết thúc vào {meeting['end_time'] or '… giờ …'} cùng ngày; biên bản đã được đọc lại "
                     "và thông qua trước các thành viên dự họp./."))
    return AdminDocument(
        issuer=_sub_issuer(unit, COUNCIL), number=_numbered(symbol, "BB", COUNCIL_ABBR),
        place_date=report.place_date(unit, date), kind_title="BIÊN BẢN",
        subject=f"Họp {COUNCIL} {ward_word} xét đề nghị khen thưởng {period.label}",
        blocks=body, signature=Signature(["CHỦ TỌA"], meeting["chair"] or ""),
        left_signature=Signature(["THƯ KÝ"], meeting["secretary"] or ""), draft=symbol is None,
        title_meta=f"Biên bản họp {COUNCIL}", author_meta=unit.get("name") or "",
    )


# --------------------------------------------------------------------------- Quyết định


def build_qd(ledger: Ledger, period: Period, *, symbol: str | None = None, doc_date: str | None = None,
             rows: list[dict[str, Any]] | None = None) -> AdminDocument:
    rows = qd_rows(ledger, period) if rows is None else rows
    if not rows:
        raise UserError(f"Kỳ {period.label} chưa có đề nghị nào thuộc thẩm quyền của phường đã được Hội đồng Thi "
                        "đua - Khen thưởng thông qua và đang chờ quyết định.")
    unit = setup.get_unit(ledger)
    settings = awards.get_settings(ledger)
    base = int(settings["base_salary_vnd"])
    date = _day(doc_date)
    movement = _movement(ledger)
    short = _unit_short(unit)
    ward_word = _unit_word(unit)
    abbr = unit.get("issuer_abbr") or "UBND"
    kinds = _by_kind(rows)
    all_certificates = all(first["form"] == "hinh_thuc" for first, _m in kinds)
    what = "tặng Giấy khen" if all_certificates and all(f["kind_name"].startswith("Giấy khen") for f, _m in kinds) \
        else "khen thưởng"

    bases = legal_bases(settings, date)
    meeting = _latest_meeting(rows)
    if meeting:
        ref = _symbol_of(ledger, meeting["document_id"])
        bases.append(f"Căn cứ Biên bản họp {COUNCIL} {ward_word} "
                     + (f"số {ref}" if ref else f"ngày {_dmy(meeting['date'])}"))
    ttr = _issued_ward_ttr(ledger, period.code)
    if ttr and ttr["doc_date"] > date.isoformat():
        ttr = None
    proposer = f"Theo đề nghị của {_head_of(settings)}"
    if ttr:
        proposer += f" tại Tờ trình số {ttr['symbol']} ngày {format_date(ttr['doc_date'])}"
    body: list[Any] = _bases_paras(bases)
    body.append(Para(proposer + ".", italic=True))
    body.append(Para("QUYẾT ĐỊNH:", indent=False, align="center", bold=True))

    lines = [f"{_kind_phrase(first)} cho {_count_phrase(members)}" for first, members in _by_kind(rows, by_name=True)]
    body.append(Para(f"Điều 1. {'; '.join(lines)[:1].upper()}{'; '.join(lines)[1:]} (có danh sách kèm theo), đã "
                     f"có thành tích xuất sắc trong Phong trào thi đua “{movement}” {period.label}."))
    # Điều 2: the prize of each form and subject (hệ số × mức lương cơ sở), then the total in figures and words.
    prize_lines, total = [], 0
    for first, members in kinds:
        prize = awards.prize_vnd(first["multiplier"], base)
        if not prize:
            continue
        total += prize * len(members)
        subjects = sorted({m["subject"] for m in members}, key=list(awards.SUBJECTS).index)
        who = ", ".join(awards.subject_noun(s) for s in subjects)
        form = "" if len({k["kind_name"] for k, _m in kinds}) == 1 else f" ({first['kind_name']})"
        prize_lines.append(f"mỗi {who}{form} {format_int(prize)} đồng "
                           f"(hệ số {format_decimal(first['multiplier'], 2, trim=True)})")
    article = 2
    if prize_lines:
        body.append(Para(f"Điều 2. Tiền thưởng kèm theo (hệ số nhân với mức lương cơ sở {format_int(base)} đồng): "
                         f"{'; '.join(prize_lines)}. Tổng số tiền thưởng: {format_int(total)} đồng (Bằng chữ: "
                         f"{vnd_words(total)}), chi từ Quỹ thi đua, khen thưởng của {short} năm {date.year}."))
        article = 3
    body.append(Para(f"Điều {article}. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Hội đồng nhân dân "
                     f"và Ủy ban nhân dân {ward_word}, {_head_of(settings)}, các cơ quan, "
                     f"đơn vị có liên quan và các tập thể, cá nhân, hộ gia đình có tên tại Điều 1 chịu trách nhiệm "
                     "thi hành Quyết định này./."))
    groups = [t.lower() for t, subjects in awards.LIST_GROUPS if any(r["subject"] in subjects for r in rows)]
    title = "DANH SÁCH " + ", ".join(groups).upper() + (" ĐƯỢC TẶNG GIẤY KHEN" if what == "tặng Giấy khen"
                                                          else " ĐƯỢC KHEN THƯỞNG")
    ref = (f"(Kèm theo Quyết định số {_draft_ref(symbol, 'QĐ', abbr)} ngày {date:%d/%m/%Y} "
           f"của Chủ tịch Ủy ban nhân dân {short})")
    return AdminDocument(
        issuer=report.issuer_lines(unit), number=_numbered(symbol, "QĐ", abbr),
        place_date=report.place_date(unit, date), kind_title="QUYẾT ĐỊNH",
        subject=f"Về việc {what} cho các tập thể, cá nhân, hộ gia đình có thành tích xuất sắc trong Phong trào thi "
                f"đua “{movement}” {period.label}",
        authority_line=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {(unit.get('name') or '').upper()}", blocks=body,
        cc=[f"Như Điều {article}", f"Thường trực Đảng ủy {ward_word}", f"Ủy ban MTTQ Việt Nam {ward_word}",
            f"Lưu: VT, {unit.get('drafting_abbr') or 'VHXH'}"],
        signature=chairman_signature(unit),
        appendices=[Appendix(title, ref, [danh_sach(ledger, rows, prizes=True, achievements=False)], landscape=True)],
        draft=symbol is None, title_meta=f"Quyết định khen thưởng {period.label}", author_meta=unit.get("name") or "",
    )


# --------------------------------------------------------------------------- Báo cáo tóm tắt thành tích


def _prior_decisions(ledger: Ledger, row: dict[str, Any]) -> list[list[str]]:
    """Earlier awards of the same nominee (decided ones), for section III."""
    if row["contributor_id"]:
        where, args = " AND p.contributor_id = ?", [row["contributor_id"]]
    elif row["subject"] == "to_dan_pho" and row["group_id"]:
        where, args = " AND p.subject = 'to_dan_pho' AND p.group_id = ?", [row["group_id"]]
    else:
        return []
    out = []
    for r in awards._rows(ledger, where + " AND p.id != ? AND p.status IN ('quyet_dinh', 'duoc_khen') "
                                          "AND p.decision_no IS NOT NULL ORDER BY p.decision_date", [*args, row["id"]]):
        out.append([(r["decision_date"] or "")[:4], r["kind_name"],
                    f"Quyết định số {r['decision_no']} ngày {format_date(r['decision_date'])} của {r['decided_by']}"])
    return out


def build_summary(ledger: Ledger, proposal_id: int, *, doc_date: str | None = None) -> AdminDocument:
    """Báo cáo tóm tắt thành tích of one nominee (the simplified procedure's dossier, Luật Điều 85)."""
    unit = setup.get_unit(ledger)
    row = awards.get(ledger, proposal_id)
    date = _day(doc_date)
    subject = row["subject"]
    leader = ""
    body: list[Any] = []
    if subject in ("tap_the", "to_dan_pho"):
        body.append(Heading("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", level=1))
        body.append(Para(f"- Tên tập thể: {row['nominee_name']}."))
        if subject == "to_dan_pho" and row["group_id"]:
            g = ledger.conn.execute("SELECT leader, households, population FROM groups WHERE id = ?",
                                    [row["group_id"]]).fetchone()
            if g:
                leader = g[0] or ""
                body.append(Para(f"- Tổ trưởng: {g[0] or '…'}; số hộ: {format_int(g[1] or 0)}; "
                                 f"số nhân khẩu: {format_int(g[2] or 0)}."))
        body.append(Para(f"- Địa chỉ: {row['address'] or _unit_short(unit)}."))
    else:
        body.append(Heading("I. SƠ LƯỢC LÝ LỊCH", level=1))
        body.append(Para(f"- {'Họ và tên chủ hộ' if subject == 'ho' else 'Họ và tên'}: {row['nominee_name']}."))
        if row["contributor_id"]:
            born = ledger.conn.execute("SELECT birth_year FROM contributors WHERE id = ?",
                                       [row["contributor_id"]]).fetchone()
            if born and born[0]:
                body.append(Para(f"- Năm sinh: {born[0]}."))
        body.append(Para(f"- Địa chỉ: {row['address'] or '…'}"
                         + (f", {row['group_name']}" if row["group_name"] else "") + f", {_unit_short(unit)}."))
    body.append(Heading("II. THÀNH TÍCH ĐẠT ĐƯỢC", level=1))
    body.append(Para(row["achievement"] or "…"))
    if row["contribution_ids"]:
        body.append(_contributions_table(ledger, row["contribution_ids"]))
    body.append(Heading("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", level=1))
    prior = _prior_decisions(ledger, row)
    if prior:
        body.append(Table(columns=[Column("Năm", 1.4, "center"), Column("Hình thức khen thưởng", 5),
                                   Column("Số, ngày quyết định; cơ quan ban hành", 7)], rows=prior, font_size=11))
    else:
        body.append(Para("Chưa được khen thưởng trong Phong trào."))
    reporter, name = {"ho": ("CHỦ HỘ", row["nominee_name"]), "ca_nhan": ("NGƯỜI BÁO CÁO", row["nominee_name"]),
                      "to_dan_pho": ("TỔ TRƯỞNG", leader)}.get(subject, ("THỦ TRƯỞNG ĐƠN VỊ", ""))
    issuer = _sub_issuer(unit, row["group_name"]) if row["group_name"] else report.issuer_lines(unit)
    return AdminDocument(
        issuer=issuer, number="", place_date=report.place_date(unit, date), kind_title="BÁO CÁO TÓM TẮT THÀNH TÍCH",
        subject=f"Đề nghị {_kind_phrase(row)}",
        blocks=body, signature=Signature([reporter], name),
        # One authority line on each side, so the two names print level.
        left_signature=Signature([f"XÁC NHẬN CỦA UBND {_unit_word(unit).upper()}"], unit.get("signer_name") or ""),
        draft=False, title_meta=f"Báo cáo tóm tắt thành tích — {row['nominee_name']}",
        author_meta=unit.get("name") or "",
    )


def _contributions_table(ledger: Ledger, ids: list[int]) -> Table:
    marks = ",".join("?" * len(ids))
    cur = ledger.conn.execute(
        f"SELECT c.date, c.kind, c.quantity, c.unit, c.value_vnd, w.name FROM contributions c "
        f"LEFT JOIN works w ON w.id = c.work_id WHERE c.id IN ({marks}) AND c.deleted_at IS NULL "
        f"ORDER BY c.date, c.id", ids)
    rows, total = [], 0
    for i, (date, kind, qty, unit, value, work) in enumerate(cur, start=1):
        total += value or 0
        amount = f"{format_decimal(qty, 1, trim=True)} {unit or ''}".strip() if kind != "money" else ""
        rows.append([str(i), format_date(date), CONTRIBUTION_KINDS.get(kind, kind), work or "", amount,
                     format_int(value or 0)])
    return Table(columns=[Column("STT", 1.1, "center"), Column("Ngày", 2.2, "center"), Column("Hình thức", 2.2),
                          Column("Công trình", 6), Column("Số lượng", 2.4, "right"),
                          Column("Giá trị quy đổi (đồng)", 3.2, "right")],
                 rows=rows, total=["", "", "Tổng cộng", "", "", format_int(total)], font_size=11,
                 caption="Các khoản đóng góp")


# --------------------------------------------------------------------------- rendering


def render(doc: AdminDocument) -> bytes:
    from desktop.core.pdf import nd30  # reportlab loads only when a PDF is made

    return nd30.render(doc)


def merge_pdfs(parts: list[bytes]) -> bytes:
    """Several PDFs as one file (each keeps its own page numbers), for printing many summaries at once."""
    import pypdfium2 as pdfium

    if len(parts) == 1:
        return parts[0]
    out = pdfium.PdfDocument.new()
    for data in parts:
        out.import_pages(pdfium.PdfDocument(data))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def summary_rows(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    """Proposals whose dossier is still open or granted (not refused, not returned)."""
    return [r for r in awards.list_proposals(ledger, period.code) if r["status"] not in ("khong_duoc_khen", "tra_lai")]


def render_summaries(ledger: Ledger, proposal_ids: list[int], *, doc_date: str | None = None) -> bytes:
    if not proposal_ids:
        raise UserError("Chưa có đề nghị nào để lập báo cáo tóm tắt thành tích.")
    return merge_pdfs([render(build_summary(ledger, pid, doc_date=doc_date)) for pid in proposal_ids])


# --------------------------------------------------------------------------- certificates


def certificate_rows(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    """The ward's Giấy khen decided in the period: what can be printed on a certificate."""
    return [r for r in awards.list_proposals(ledger, period.code, level="ward")
            if r["status"] in ("quyet_dinh", "duoc_khen") and r["kind_name"].startswith("Giấy khen")
            and r["decision_no"]]


def certificates(ledger: Ledger, proposal_ids: list[int]) -> bytes:
    from desktop.core.pdf import certificate

    if not proposal_ids:
        raise UserError("Chưa có Giấy khen nào đã có quyết định để in.")
    unit = setup.get_unit(ledger)
    settings = awards.get_settings(ledger)
    movement = _movement(ledger)
    sig = chairman_signature(unit)
    items = []
    for pid in proposal_ids:
        r = awards.get(ledger, pid)
        if not r["decision_no"]:
            raise UserError(f"Đề nghị “{r['nominee_name']}” chưa có quyết định khen thưởng: chưa in Giấy khen được.")
        period = awards.parse_period(ledger, r["period_code"])
        nominee = f"Hộ gia đình {r['nominee_name']}" if r["subject"] == "ho" else r["nominee_name"]
        parts = (unit.get("name"),) if r["subject"] == "to_dan_pho" else (r["address"], r["group_name"],
                                                                            unit.get("name"))
        where = ", ".join(x for x in parts if x)
        deed = "tự nguyện hiến đất, đóng góp xây dựng kết cấu hạ tầng" if r["land_m2"] else "có thành tích xuất sắc"
        items.append(certificate.Certificate(
            decider=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {(unit.get('name') or '').upper()}", nominee=nominee, address=where,
            achievement=f"Đã {deed} trong Phong trào thi đua “{movement}” {period.label}.",
            decision=f"Quyết định số {r['decision_no']} ngày {format_date(r['decision_date'])}",
            book_no=f"Số sổ vàng: {r['book_no'] or '……'}",
            place_date=report.place_date(unit, _day(r["decision_date"])), signer_title=sig.authority,
            signer_name=sig.name))
    return certificate.render(items, certificate.Layout.from_settings(settings["certificate"]))


# --------------------------------------------------------------------------- issuing


@dataclass
class Issued:
    document_id: int
    symbol: str
    changes: Changes


def _issue(ledger: Ledger, *, kind: str, abbr: str, doc_date: str, number: int | None, title: str, role: str,
           period_code: str, rows: list[dict[str, Any]], signer: str, render_fn: Callable[[str], bytes],
           extra: dict[str, Any] | None = None) -> int:
    figures = {"proposals": len(rows), "value_vnd": sum(r["value_vnd"] for r in rows),
               "land_m2": round(sum(r["land_m2"] for r in rows), 1)}
    content = {"award_period": period_code, "award_role": role, "proposal_ids": [r["id"] for r in rows],
               **(extra or {})}
    return documents.issue(ledger, kind=kind, doc_date=doc_date, number=number, issuer_abbr=abbr, title=title,
                           period=None, figures=figures, content=content, signer_name=signer, render=render_fn)


def issue_ttr(ledger: Ledger, period: Period, level: str, *, doc_date: str, number: int | None = None) -> Issued:
    """Issue the Tờ trình; the upward one marks its proposals Đã trình cấp trên with its number and date."""
    rows = ttr_rows(ledger, period, level)
    unit = setup.get_unit(ledger)
    settings = awards.get_settings(ledger)
    if level == "upper" and not unit.get("signer_name"):
        raise UserError("Chưa có tên người ký: vào Cài đặt, bấm “Sửa thông tin đơn vị…”, điền “Họ tên người ký”.")
    abbr = (unit.get("drafting_abbr") or "VHXH") if level == "ward" else (unit.get("issuer_abbr") or "UBND")
    signer = (settings["drafting_head_name"] or "") if level == "ward" else (unit.get("signer_name") or "")
    if level == "upper":
        rows = [r for r in rows if r["status"] == "da_xet"]
        if not rows:
            raise UserError(f"Kỳ {period.label} không còn đề nghị nào đã được Hội đồng thông qua và chưa trình.")
    changes = Changes()
    with ledger.transaction():
        build_ttr(ledger, period, level, doc_date=doc_date)  # refuses an empty list before a number is taken
        doc_id = _issue(ledger, kind="TTr", abbr=abbr, doc_date=doc_date, number=number,
                        title=f"Tờ trình đề nghị khen thưởng {period.label}", role=f"ttr_{level}",
                        period_code=period.code, rows=rows, signer=signer,
                        render_fn=lambda sym: render(build_ttr(ledger, period, level, symbol=sym, doc_date=doc_date)))
        symbol = documents.get(ledger, doc_id)["symbol"]
        if level == "upper":
            changes.merge(awards.transition(ledger, [r["id"] for r in rows], "submit", number=symbol, date=doc_date,
                                            document_id=doc_id))
    return Issued(doc_id, symbol, changes.add("documents", doc_id))


def issue_bb(ledger: Ledger, meeting_id: int, *, number: int | None = None, doc_date: str | None = None) -> Issued:
    """Issue the Biên bản of a meeting (dated the meeting's day unless told otherwise)."""
    meeting = awards.get_meeting(ledger, meeting_id)
    if meeting["document_id"]:
        raise UserError(f"Cuộc họp ngày {format_date(meeting['date'])} đã có Biên bản số "
                        f"{documents.get(ledger, meeting['document_id'])['symbol']}.")
    rows = awards.meeting_proposals(ledger, meeting_id)
    doc_date = doc_date or meeting["date"]
    with ledger.transaction() as db:
        doc_id = _issue(ledger, kind="BB", abbr=COUNCIL_ABBR, doc_date=doc_date, number=number,
                        title=f"Biên bản họp {COUNCIL} ngày {format_date(meeting['date'])}", role="bb",
                        period_code=meeting["period_code"], rows=rows, signer=meeting["chair"] or "",
                        render_fn=lambda sym: render(build_bb(ledger, meeting_id, symbol=sym)),
                        extra={"meeting_id": meeting_id})
        db["council_meetings"].update(meeting_id, {"document_id": doc_id})
        symbol = documents.get(ledger, doc_id)["symbol"]
        audit.record(ledger, "update", "council_meetings",
                     f"Gắn Biên bản số {symbol} với cuộc họp {COUNCIL} ngày {format_date(meeting['date'])}",
                     record_id=meeting_id, record_uuid=meeting["uuid"], before={"document_id": None},
                     after={"document_id": doc_id})
    return Issued(doc_id, symbol, Changes().add("documents", doc_id).add("council_meetings", meeting_id))


def issue_qd(ledger: Ledger, period: Period, *, doc_date: str, number: int | None = None) -> Issued:
    """Issue the Quyết định; its proposals become Đã có quyết định with its number and date."""
    unit = setup.get_unit(ledger)
    if not unit.get("signer_name"):
        raise UserError("Chưa có tên người ký: vào Cài đặt, bấm “Sửa thông tin đơn vị…”, điền “Họ tên người ký”.")
    rows = qd_rows(ledger, period)
    changes = Changes()
    with ledger.transaction():
        build_qd(ledger, period, doc_date=doc_date, rows=rows)  # refuses an empty list before a number is taken
        doc_id = _issue(ledger, kind="QĐ", abbr=unit.get("issuer_abbr") or "UBND", doc_date=doc_date, number=number,
                        title=f"Quyết định khen thưởng {period.label}", role="qd", period_code=period.code, rows=rows,
                        signer=unit.get("signer_name") or "",
                        render_fn=lambda sym: render(build_qd(ledger, period, symbol=sym, doc_date=doc_date,
                                                              rows=rows)))
        symbol = documents.get(ledger, doc_id)["symbol"]
        changes.merge(awards.transition(ledger, [r["id"] for r in rows], "decide", number=symbol, date=doc_date,
                                        document_id=doc_id))
    return Issued(doc_id, symbol, changes.add("documents", doc_id))


# --------------------------------------------------------------------------- the xlsx list and the whole dossier


XLSX_HEADERS = ["Nhóm", "STT", "Họ và tên, tên tập thể", "Đối tượng", "Địa chỉ", "Tổ dân phố", "Công trình",
                "Diện tích đất hiến (m²)", "Giá trị đóng góp (đồng)", "Hình thức khen thưởng", "Cấp quyết định",
                "Tóm tắt thành tích", "Trạng thái", "Phiếu đồng ý", "Số quyết định / tờ trình", "Ngày",
                "Tiền thưởng (đồng)"]
XLSX_KINDS = ["text", "int", "text", "text", "text", "text", "text", "decimal", "vnd", "text", "text", "text", "text",
              "text", "text", "date", "vnd"]


def export_xlsx(ledger: Ledger, period: Period, path: str | Path) -> Path:
    """The period's Danh sách đề nghị khen thưởng as a workbook (every proposal, with its state)."""
    from desktop.core import xlsx_export

    rows = awards.list_proposals(ledger, period.code)
    base = awards.base_salary(ledger)
    works = awards.works_of(ledger, [r["id"] for r in rows])
    out = []
    numeral = 0
    for title, subjects in awards.LIST_GROUPS:
        members = [r for r in rows if r["subject"] in subjects]
        if members:
            numeral += 1
        for i, r in enumerate(members, start=1):
            votes = f"{r['votes_for']}/{r['members_total']}" if r["votes_for"] is not None else ""
            out.append([f"{_roman(numeral)}. {title}", i, r["nominee_name"], awards.SUBJECTS.get(r["subject"]),
                        r["address"], r["group_name"], "; ".join(works.get(r["id"], [])), r["land_m2"] or None,
                        r["value_vnd"], r["kind_name"], r["decided_by"], r["achievement"],
                        awards.STATUSES.get(r["status"]), votes, r["decision_no"] or r["submission_no"],
                        r["decision_date"] or r["submission_date"], awards.prize_vnd(r["multiplier"], base)])
    total = ["Tổng cộng", len(rows), _count_phrase(rows), None, None, None, None,
             round(sum(r["land_m2"] for r in rows), 1), sum(r["value_vnd"] for r in rows), None, None, None, None,
             None, None, None, sum(awards.prize_vnd(r["multiplier"], base) for r in rows)]
    return xlsx_export.export_table(path, f"Đề nghị khen thưởng {period.code}", XLSX_HEADERS, out, XLSX_KINDS, total)


def _safe(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z._-]+", "-", text).strip("-")


def write_dossier(ledger: Ledger, period: Period, out_dir: str | Path, *, issue: bool = False,
                  doc_date: str | None = None) -> list[tuple[Path | None, str]]:
    """Write the period's dossier into a folder: the xlsx list, the Tờ trình (ward, upper), the Biên bản of each
    meeting, the Quyết định, the summaries and the certificates. An issued document is written as issued (its
    frozen PDF); with `issue`, what is ready is issued first (the register gives the numbers), else drafts.
    Returns (file, what it is); a document that cannot be made yet gives (None, why)."""
    out = Path(out_dir).expanduser()
    if not out.is_dir():
        raise UserError(f"Không có thư mục {out}. Hãy tạo thư mục hoặc chọn thư mục khác.")
    doc_date = doc_date or dt.date.today().isoformat()
    code = period.code
    done: list[tuple[Path | None, str]] = []

    def write(name: str, data: bytes, what: str) -> None:
        done.append((safe_files.write_file(out / name, data), what))

    def write_issued(doc: dict[str, Any], stem: str) -> None:
        number = doc["symbol"].split("/")[0]
        write(f"{stem}-{_safe(code)}-so-{number}.pdf", documents.pdf_bytes(ledger, doc["id"]),
              f"{ROLES.get(doc['role'], doc['kind'])} số {doc['symbol']} (đã ban hành)")

    def skipped(what: str, why: Exception) -> None:
        done.append((None, f"{what}: {why}"))

    done.append((export_xlsx(ledger, period, out / f"Danh-sach-de-nghi-khen-thuong-{_safe(code)}.xlsx"),
                 "Danh sách đề nghị khen thưởng (Excel)"))

    # Tờ trình of the ward's own awards.
    existing = _issued_ward_ttr(ledger, code)
    try:
        if existing is None and issue:
            issue_ttr(ledger, period, "ward", doc_date=doc_date)
            existing = _issued_ward_ttr(ledger, code)
        if existing:
            write_issued(existing, "To-trinh-cap-phuong")
        else:
            write(f"To-trinh-cap-phuong-{_safe(code)}-du-thao.pdf", render(build_ttr(ledger, period, "ward",
                                                                                     doc_date=doc_date)),
                  f"{ROLES['ttr_ward']} (dự thảo)")
    except UserError as exc:
        skipped(ROLES["ttr_ward"], exc)

    # Biên bản of each meeting of the period.
    for meeting in reversed(awards.meetings(ledger, code)):
        stem = f"Bien-ban-hop-HDTDKT-{meeting['date']}"
        if not meeting["document_id"] and issue:
            issue_bb(ledger, meeting["id"])
            meeting = awards.get_meeting(ledger, meeting["id"])
        if meeting["document_id"]:
            doc = next(d for d in issued(ledger, code) if d["id"] == meeting["document_id"])
            write_issued(doc, stem)
        else:
            write(f"{stem}-du-thao.pdf", render(build_bb(ledger, meeting["id"])), f"{ROLES['bb']} (dự thảo)")
    if not awards.meetings(ledger, code):
        skipped(ROLES["bb"], UserError("kỳ này chưa ghi cuộc họp Hội đồng nào."))

    # Quyết định: what waits for a decision (issued, or a draft), and the decisions already issued.
    try:
        if issue:
            issue_qd(ledger, period, doc_date=doc_date)
        else:
            write(f"Quyet-dinh-khen-thuong-{_safe(code)}-du-thao.pdf", render(build_qd(ledger, period,
                                                                                    doc_date=doc_date)),
                  f"{ROLES['qd']} (dự thảo)")
    except UserError as exc:
        if not any(d["role"] == "qd" for d in issued(ledger, code)):
            skipped(ROLES["qd"], exc)
    for doc in issued(ledger, code):
        if doc["role"] == "qd":
            write_issued(doc, "Quyet-dinh-khen-thuong")

    # Tờ trình upward.
    try:
        if issue:
            issue_ttr(ledger, period, "upper", doc_date=doc_date)
        else:
            write(f"To-trinh-cap-tren-{_safe(code)}-du-thao.pdf", render(build_ttr(ledger, period, "upper",
                                                                                   doc_date=doc_date)),
                  f"{ROLES['ttr_upper']} (dự thảo)")
    except UserError as exc:
        if not any(d["role"] == "ttr_upper" for d in issued(ledger, code)):
            skipped(ROLES["ttr_upper"], exc)
    for doc in issued(ledger, code):
        if doc["role"] == "ttr_upper":
            write_issued(doc, "To-trinh-cap-tren")

    rows = summary_rows(ledger, period)
    if rows:
        write(f"Bao-cao-tom-tat-thanh-tich-{_safe(code)}.pdf",
              render_summaries(ledger, [r["id"] for r in rows], doc_date=doc_date),
              f"Báo cáo tóm tắt thành tích ({len(rows)} trường hợp)")
    certs = certificate_rows(ledger, period)
    if certs:
        write(f"Giay-khen-{_safe(code)}.pdf", certificates(ledger, [r["id"] for r in certs]),
              f"Giấy khen ({len(certs)} tờ)")
    return done
