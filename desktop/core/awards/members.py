"""The members of the Hội đồng Thi đua - Khen thưởng, kept per year (resources/rules/hoi-dong-thi-dua.md): the
council is re-established by decision of the Chủ tịch UBND (Luật Thi đua, khen thưởng 2022 Điều 89; Nghị định
152/2025/NĐ-CP leaves its working rules to its quy chế), so each year has its own list. A meeting takes its members
from the list of the year it is held in, and freezes who attended (council.record_meeting, table meeting_members).

Each write is one transaction with its audit row; a refusal writes nothing.
"""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.errors import NotFoundError, UserError
from desktop.core.ledger import audit, records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes
from desktop.core.text.vntext import normalize_name

# A member's role in the council, in print order (the Quyết định thành lập Hội đồng lists them so).
ROLES: dict[str, str] = {
    "chu_tich": "Chủ tịch Hội đồng",
    "pho_chu_tich": "Phó Chủ tịch Hội đồng",
    "thuong_truc": "Phó Chủ tịch thường trực Hội đồng",
    "uy_vien": "Ủy viên",
}
TABLE = "council_members"
MIN_YEAR, MAX_YEAR = 2000, 2100


def _year(year: Any) -> int:
    try:
        y = int(year)
    except (TypeError, ValueError):
        raise UserError(f"Năm “{year}” không hợp lệ (ví dụ: 2026).") from None
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise UserError(f"Năm {y} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.")
    return y


def list_members(ledger: Ledger, year: int) -> list[dict[str, Any]]:
    """The members of a year's council, in order (chủ tịch first), with `role_label`."""
    cur = ledger.conn.execute(
        f"SELECT * FROM {TABLE} WHERE year = ? AND deleted_at IS NULL ORDER BY sort_order, id", [_year(year)])
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur]
    return [{**r, "role_label": ROLES.get(r["role"], r["role"])} for r in rows]


def has_members(ledger: Ledger, year: int) -> bool:
    return bool(ledger.conn.execute(f"SELECT 1 FROM {TABLE} WHERE year = ? AND deleted_at IS NULL LIMIT 1",
                                    [_year(year)]).fetchone())


def get_member(ledger: Ledger, member_id: int) -> dict[str, Any]:
    row = records.get(ledger, TABLE, member_id)
    if row.get("deleted_at"):
        raise NotFoundError(f"Thành viên Hội đồng số {member_id} đã bị xóa.")
    return {**row, "role_label": ROLES.get(row["role"], row["role"])}


def years(ledger: Ledger) -> list[int]:
    """The years that have a member list, newest first."""
    return [r[0] for r in ledger.conn.execute(
        f"SELECT DISTINCT year FROM {TABLE} WHERE deleted_at IS NULL ORDER BY year DESC")]


def label(member: dict[str, Any]) -> str:
    """"Nguyễn Văn Bình — Chủ tịch UBND phường, Chủ tịch Hội đồng": how a member reads in lists and Biên bản."""
    parts = [p for p in (member.get("position"), ROLES.get(member.get("role") or "", member.get("role")))
             if p]
    return f"{member['name']} — {', '.join(parts)}" if parts else member["name"]


def _validate(values: dict[str, Any]) -> dict[str, Any]:
    form = Form(values)
    form.text("name", "Họ và tên thành viên", required=True, max_len=120)
    form.text("position", "Chức vụ", max_len=200)
    form.choice("role", "Vai trò trong Hội đồng", ROLES)
    form.integer("sort_order", "Thứ tự", maximum=10_000)
    form.text("note", "Ghi chú", max_len=500)
    return form.done()


def _check_chair(ledger: Ledger, year: int, role: str | None, member_id: int | None = None) -> None:
    """At most one Chủ tịch Hội đồng a year (the Chủ tịch UBND; Luật Thi đua, khen thưởng 2022 Điều 89)."""
    if role != "chu_tich":
        return
    row = ledger.conn.execute(f"SELECT name FROM {TABLE} WHERE year = ? AND role = 'chu_tich' AND deleted_at IS "
                              "NULL AND id IS NOT ?", [year, member_id]).fetchone()
    if row:
        raise UserError(f"Hội đồng năm {year} đã có Chủ tịch Hội đồng ({row[0]}). Mỗi năm chỉ có một Chủ tịch: "
                        "hãy sửa vai trò của người đó trước, hoặc chọn vai trò khác.")


def add_member(ledger: Ledger, year: int, values: dict[str, Any]) -> int:
    """Add a member to a year's list (at the end unless `sort_order` is given)."""
    y = _year(year)
    clean = _validate({"name": None, "role": "uy_vien", **values})
    with ledger.transaction():
        _check_chair(ledger, y, clean.get("role"))
        if clean.get("sort_order") is None:
            top = ledger.conn.execute(f"SELECT max(sort_order) FROM {TABLE} WHERE year = ? AND deleted_at IS NULL",
                                      [y]).fetchone()[0]
            clean["sort_order"] = int(top or 0) + 10
        return records.create(ledger, TABLE, {"year": y, **clean}, f"{label(clean)} (năm {y})")


def edit_member(ledger: Ledger, member_id: int, values: dict[str, Any]) -> Changes:
    """Edit a member. A meeting already recorded keeps the name, position and role it was held with."""
    clean = _validate({k: v for k, v in values.items() if k != "year"})
    with ledger.transaction():
        row = get_member(ledger, member_id)
        _check_chair(ledger, row["year"], clean.get("role"), member_id)
        records.update(ledger, TABLE, member_id, clean, f"{label({**row, **clean})} (năm {row['year']})")
    return Changes().add(TABLE, member_id)


def delete_member(ledger: Ledger, member_id: int) -> Changes:
    """Remove a member from the list (soft: the record stays, the meetings that had him keep their names)."""
    with ledger.transaction():
        row = get_member(ledger, member_id)
        records.soft_delete(ledger, TABLE, member_id, f"{label(row)} (năm {row['year']})")
    return Changes().add(TABLE, member_id)


def copy_year(ledger: Ledger, from_year: int, to_year: int) -> Changes:
    """Start a year's list from another year's (the council is often re-established with the same seats); the new
    year must have no list yet, so nothing is doubled."""
    src, dst = _year(from_year), _year(to_year)
    if src == dst:
        raise UserError(f"Năm chép từ và năm nhận đều là {dst}: hãy chọn hai năm khác nhau.")
    changes = Changes()
    with ledger.transaction():
        rows = list_members(ledger, src)
        if not rows:
            raise UserError(f"Năm {src} chưa có danh sách thành viên Hội đồng để chép.")
        if has_members(ledger, dst):
            raise UserError(f"Năm {dst} đã có danh sách thành viên Hội đồng; hãy sửa danh sách đó, hoặc xóa hết "
                            "thành viên năm đó trước khi chép lại.")
        for r in rows:
            values = {k: r[k] for k in ("name", "position", "role", "sort_order", "note")}
            changes.add(TABLE, records.create(ledger, TABLE, {"year": dst, **values}, f"{label(r)} (năm {dst})"))
        audit.record(ledger, "create", TABLE, f"Chép danh sách {len(rows)} thành viên Hội đồng năm {src} sang năm "
                                             f"{dst}")
    return changes


# --------------------------------------------------------------------------- a meeting's attendance

PRESENCE: dict[str, str] = {"present": "Có mặt", "absent": "Vắng mặt",
                            "written": "Vắng mặt, có phiếu bầu bằng văn bản"}


def attendance(roster: list[dict[str, Any]], marks: dict[int, str] | None, *, written_allowed: bool,
               year: int) -> list[dict[str, Any]]:
    """Each member of the year with how he attended (present | absent | written), frozen for meeting_members:
    every member must be marked, only members of that year, "written" only where the setting allows it."""
    if not marks:
        raise UserError(f"Năm {year} đã có danh sách {len(roster)} thành viên Hội đồng: hãy đánh dấu từng thành "
                        "viên có mặt hay vắng mặt (số có mặt và tổng số do chương trình đếm); chưa ghi gì vào sổ.")
    by_id = {r["id"]: r for r in roster}
    strangers = [str(k) for k in marks if k not in by_id]
    if strangers:
        raise UserError(f"Thành viên số {', '.join(strangers)} không có trong danh sách Hội đồng năm {year}; chưa "
                        "ghi gì vào sổ.")
    missing = [r["name"] for r in roster if r["id"] not in marks]
    if missing:
        raise UserError(f"Chưa đánh dấu có mặt hay vắng mặt: {', '.join(missing)}; chưa ghi gì vào sổ.")
    out = []
    for i, r in enumerate(roster):
        presence = str(marks[r["id"]] or "").strip()
        if presence not in PRESENCE:
            raise UserError(f"{r['name']}: “{presence}” không hợp lệ (có mặt, vắng mặt, hoặc vắng mặt có phiếu bằng "
                            "văn bản).")
        if presence == "written" and not written_allowed:
            raise UserError(f"{r['name']} được ghi “vắng mặt, có phiếu bằng văn bản”, nhưng thiết lập hiện không cho "
                            "tính phiếu bằng văn bản của thành viên vắng mặt. Nếu quy chế của Hội đồng cho phép, vào "
                            "Cài đặt → Danh mục khen thưởng…, thẻ “Tiền thưởng, văn bản”, đánh dấu “Tính phiếu bằng "
                            "văn bản”; nếu không, ghi người đó là vắng mặt. Chưa ghi gì vào sổ.")
        out.append({"member_id": r["id"], "name": r["name"], "position": r.get("position"), "role": r["role"],
                    "presence": presence, "sort_order": i})
    return out


def attendees_text(frozen: list[dict[str, Any]]) -> str:
    """The present members one a line, as the meeting's `attendees` text (what older readers print)."""
    return "\n".join(label(m) for m in frozen if m["presence"] == "present")


def meeting_members(ledger: Ledger, meeting_id: int) -> list[dict[str, Any]]:
    """Who attended a meeting, as frozen when it was recorded (empty for a meeting recorded with typed numbers)."""
    cur = ledger.conn.execute("SELECT * FROM meeting_members WHERE meeting_id = ? ORDER BY sort_order, id",
                              [meeting_id])
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur]
    return [{**r, "role_label": ROLES.get(r["role"] or "", r["role"] or "")} for r in rows]


def same_name(a: str | None, b: str | None) -> bool:
    """The same person's name, whatever the spacing or case (accents count: Hòa is not Hoa)."""
    return normalize_name(a or "").casefold() == normalize_name(b or "").casefold()
