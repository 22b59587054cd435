"""The certificates of the ward's decisions (Giấy khen; Giấy công nhận of a cultural title) and the year's golden book
("Số sổ vàng") that numbers them.

A certificate belongs to a decision, so it prints what the decision was signed with, frozen at issue: the decider's
line, the place and date, the signer's title lines (CHỦ TỊCH, or KT. CHỦ TỊCH / PHÓ CHỦ TỊCH) and name, read from the
issued Quyết định (`documents.content["signature"]`, written by `dossier.issue_qd`), never from today's unit settings.
A decision the clerk recorded by hand (made outside the program: a number and a date, no issued document) has no
stored signer: its certificate uses today's settings, the only ones known. A proposal without any decision prints no
certificate.

Số sổ vàng: when a Quyết định is issued, each of its proposals without a number gets the next number of the year's
book ("015/2026"), in the order of the decision's list, in the same transaction; a number the clerk typed is kept
(it counts in the sequence when it reads "n/yyyy", or a bare "n" decided that year). A certificate without a
number leaves the line out: an issued certificate never shows "……".
"""

from __future__ import annotations

import json
import re
from typing import Any

from db.connection import Ledger
from desktop.core.awards import catalogue, decisions, proposals
from desktop.core.awards.wording import chairman_signature, day_of, movement_name
from desktop.core.errors import UserError
from desktop.core.ledger import audit, demo_mark, setup
from desktop.core.ledger.periods import Period
from desktop.core.ledger.records import Changes
from desktop.core.pdf import heading
from desktop.core.pdf.model import Signature
from desktop.core.text.vnformat import format_date

_BOOK = re.compile(r"^\s*0*(\d+)\s*(?:/\s*(\d{4}))?\s*$")


# --------------------------------------------------------------------------- the golden book


def _book_year(book_no: str, decision_date: str | None) -> tuple[int, int] | None:
    """(number, year) of a book number: "015/2026" → (15, 2026); "27" decided in 2026 → (27, 2026)."""
    m = _BOOK.match(book_no or "")
    if not m:
        return None
    year = int(m.group(2)) if m.group(2) else (int(decision_date[:4]) if decision_date else None)
    return (int(m.group(1)), year) if year else None


def next_book_number(ledger: Ledger, year: int) -> int:
    """The next number of the year's golden book: one above the highest used in that year."""
    top = 0
    for book_no, date in ledger.conn.execute(
            "SELECT book_no, decision_date FROM proposals WHERE deleted_at IS NULL AND coalesce(book_no, '') != ''"):
        parsed = _book_year(book_no, date)
        if parsed and parsed[1] == year:
            top = max(top, parsed[0])
    return top + 1


def list_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows in the order the decision's Danh sách prints them (I. Tập thể, II. Cá nhân, III. Hộ gia đình)."""
    return [r for _title, subjects in catalogue.LIST_GROUPS for r in rows if r["subject"] in subjects]


def assign_book_numbers(ledger: Ledger, rows: list[dict[str, Any]], year: int) -> Changes:
    """Give each row without a book number the next one of the year, in list order; call inside the decision's
    write transaction (each number gets its audit row)."""
    changes = Changes()
    with ledger.transaction() as db:
        n = next_book_number(ledger, year)
        for r in list_order(rows):
            if (r.get("book_no") or "").strip():
                continue  # the clerk's own number stays
            book_no = f"{n:03d}/{year}"
            n += 1
            db["proposals"].update(r["id"], {"book_no": book_no, "updated_at": audit.now_iso()})
            audit.record(ledger, "update", "proposals", f"Vào sổ vàng số {book_no}: {r['nominee_name']}",
                         record_id=r["id"], record_uuid=r["uuid"], before={"book_no": r.get("book_no")},
                         after={"book_no": book_no})
            changes.add("proposals", r["id"])
    return changes


# --------------------------------------------------------------------------- what the decision froze


def frozen_signing(unit: dict[str, Any], doc_date: str) -> dict[str, Any]:
    """What a decision stores at issue for its certificates: decider's line, place and date, signer."""
    sig = chairman_signature(unit)
    return {"decider": f"CHỦ TỊCH ỦY BAN NHÂN DÂN {(unit.get('name') or '').upper()}",
            "place_date": heading.place_date(unit, day_of(doc_date)),
            "signature": {"authority": list(sig.authority), "name": sig.name}}


def _signing_of(ledger: Ledger, row: dict[str, Any], unit: dict[str, Any]) -> dict[str, Any]:
    """The signing of the row's decision: frozen in the issued Quyết định; today's settings for a decision recorded
    by hand; the name frozen in `documents.signer_name` for one issued before the signature was stored."""
    today = frozen_signing(unit, row["decision_date"])
    if not row["decision_doc_id"]:
        return today
    doc = ledger.conn.execute("SELECT content, signer_name FROM documents WHERE id = ?",
                              [row["decision_doc_id"]]).fetchone()
    if doc is None:
        return today
    content = json.loads(doc[0] or "{}")
    if content.get("signature"):
        return {**today, **{k: content[k] for k in ("decider", "place_date", "signature") if k in content}}
    return {**today, "signature": {**today["signature"], "name": doc[1] or ""}}


# --------------------------------------------------------------------------- certificates


def printable(row: dict[str, Any]) -> bool:
    """A decided ward proposal whose award the program prints (Giấy khen, Giấy công nhận)."""
    return (row["level"] == "ward" and row["status"] in ("quyet_dinh", "duoc_khen") and bool(row["decision_no"])
            and decisions.certificate_title(row) is not None)


def certificate_rows(ledger: Ledger, period: Period) -> list[dict[str, Any]]:
    """The period's decided Giấy khen and Giấy công nhận: what can be printed on a certificate."""
    return [r for r in proposals.list_proposals(ledger, period.code, level="ward") if printable(r)]


def _item(ledger: Ledger, r: dict[str, Any], unit: dict[str, Any], movement: str) -> Any:
    from desktop.core.pdf import certificate

    period = proposals.parse_period(ledger, r["period_code"])
    nominee = f"Hộ gia đình {r['nominee_name']}" if r["subject"] == "ho" else r["nominee_name"]
    parts = (unit.get("name"),) if r["subject"] == "to_dan_pho" else (r["address"], r["group_name"], unit.get("name"))
    title = decisions.certificate_title(r) or "GIẤY KHEN"
    cultural = decisions.title_of(decisions.group_of(r))
    if cultural:
        achievement = f"Đạt danh hiệu “{cultural}” năm {decisions.award_year(period)}."
    else:
        deed = "tự nguyện hiến đất, đóng góp xây dựng kết cấu hạ tầng" if r["land_m2"] else "có thành tích xuất sắc"
        achievement = f"Đã {deed} trong Phong trào thi đua “{movement}” {period.label}."
    signing = _signing_of(ledger, r, unit)
    sig = Signature(list(signing["signature"]["authority"]), signing["signature"]["name"])
    book = (r["book_no"] or "").strip()
    return certificate.Certificate(
        decider=signing["decider"], nominee=nominee, address=", ".join(x for x in parts if x),
        achievement=achievement, decision=f"Quyết định số {r['decision_no']} ngày {format_date(r['decision_date'])}",
        book_no=f"Số sổ vàng: {book}" if book else "",  # no number: the line is left out, never "……"
        place_date=signing["place_date"], signer_title=sig.authority, signer_name=sig.name, title=title)


def certificates(ledger: Ledger, proposal_ids: list[int]) -> bytes:
    """One landscape page per decided proposal, with the signing frozen in its decision."""
    from desktop.core.pdf import certificate

    if not proposal_ids:
        raise UserError("Chưa có Giấy khen, Giấy công nhận nào đã có quyết định để in.")
    unit = setup.get_unit(ledger)
    movement = movement_name(ledger)
    items = []
    for pid in proposal_ids:
        r = proposals.get(ledger, pid)
        if not r["decision_no"]:
            raise UserError(f"Đề nghị “{r['nominee_name']}” chưa có quyết định khen thưởng: chưa in Giấy khen được.")
        if decisions.certificate_title(r) is None:
            raise UserError(f"Đề nghị “{r['nominee_name']}” ({r['kind_name']}): chương trình không in giấy chứng "
                            "nhận cho danh hiệu này; chỉ in Giấy khen và Giấy công nhận danh hiệu văn hóa.")
        items.append(_item(ledger, r, unit, movement))
    layout = certificate.Layout.from_settings(catalogue.get_settings(ledger)["certificate"])
    return certificate.render(items, layout, watermark=demo_mark.mark_for(ledger))
