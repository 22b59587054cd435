"""The drafted achievement of a nominee: what they gave in the period, in words, filled into a new proposal for
the clerk to edit (reference/domain.md §2.7).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from db.connection import Ledger
from desktop.core.text.vnformat import format_decimal, format_int
from desktop.core.text.vntext import fold

# --------------------------------------------------------------------------- the achievement text

# Work names that start with what was done ("Mở rộng, bê tông hóa hẻm 127 …") read "để mở rộng …".
_WORK_VERBS = ("mo rong", "nang cap", "xay dung", "lam ", "be tong", "cai tao", "lap dat", "sua chua", "nao vet",
               "do be tong", "tham nhua", "chinh trang", "trong ", "kien co", "keo dien", "lat ")
_LAND_WORDS = {"ODT": "đất ở", "ONT": "đất ở", "CLN": "đất trồng cây lâu năm", "BHK": "đất trồng cây hằng năm",
               "LUC": "đất trồng lúa", "NTS": "đất nuôi trồng thủy sản", "SKC": "đất cơ sở sản xuất, kinh doanh"}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _purpose(work: str | None) -> str:
    if not work:
        return "để xây dựng kết cấu hạ tầng"
    if fold(work).startswith(_WORK_VERBS):
        return f"để {_lower_first(work)}"
    return f"để xây dựng công trình {work}"


def _m2(value: float) -> str:
    return format_decimal(float(value), 1, trim=True)


def draft_achievement(ledger: Ledger, ids: list[int]) -> str:
    """The achievement drafted from contributions, for the clerk to edit:
    "Hiến 120,5 m² đất ở để mở rộng Hẻm 162 Lê Trung Đình (Tổ dân phố 5), trị giá 361.500.000 đồng; tự tháo dỡ
    tường rào …". Land is summed per work and land type; the other kinds per kind."""
    if not ids:
        return ""
    marks = ",".join("?" * len(ids))
    cur = ledger.conn.execute(
        f"SELECT c.kind, c.quantity, c.unit, c.value_vnd, c.land_type, c.land_structures, c.description, w.name, "
        f"g.name FROM contributions c LEFT JOIN works w ON w.id = c.work_id LEFT JOIN groups g ON g.id = c.group_id "
        f"WHERE c.id IN ({marks}) AND c.deleted_at IS NULL ORDER BY c.date, c.id", ids)
    land: dict[tuple[str, str, str], list[float]] = {}
    structures: list[str] = []
    others: dict[str, list[Any]] = {}
    total = 0
    for kind, qty, unit, value, land_type, built, desc, work, group in cur:
        total += value or 0
        if kind == "land":
            key = (_LAND_WORDS.get(land_type or "", "đất"), work or "", group or "")
            acc = land.setdefault(key, [0.0, 0])
            acc[0] += qty or 0
            acc[1] += value or 0
            if built and built.strip():
                structures.append(_lower_first(built.strip().rstrip(".;")))
        else:
            acc = others.setdefault(kind, [0.0, 0, unit, work, []])
            acc[0] += qty or 0
            acc[1] += value or 0
            if desc and desc.strip() and desc.strip() not in acc[4]:
                acc[4].append(desc.strip())
    parts = []
    for (word, work, group), (m2, value) in land.items():
        where = f" ({group})" if group else ""
        parts.append(f"hiến {_m2(m2)} m² {word} {_purpose(work or None)}{where}, trị giá {format_int(value)} đồng")
    if structures:
        parts.append("tự tháo dỡ " + ", ".join(structures))
    for kind in ("money", "materials", "labour", "assets", "other"):
        if kind not in others:
            continue
        qty, value, unit, work, descs = others[kind]
        what = f" ({'; '.join(descs)})" if descs else ""
        if kind == "money":
            parts.append(f"ủng hộ {format_int(value)} đồng tiền mặt {_purpose(work)}")
        elif kind == "labour":
            parts.append(f"tham gia {_m2(qty)} ngày công lao động, trị giá {format_int(value)} đồng")
        elif kind == "materials":
            parts.append(f"ủng hộ {_m2(qty)} {unit or ''} vật tư{what}, trị giá {format_int(value)} đồng".replace("  ",
                                                                                                              " "))
        elif kind == "assets":
            parts.append(f"ủng hộ tài sản{what}, trị giá {format_int(value)} đồng")
        else:
            parts.append(f"đóng góp khác{what}, trị giá {format_int(value)} đồng")
    if not parts:
        return ""
    text = "; ".join(parts)
    text = text[:1].upper() + text[1:] + "."
    if len(parts) > 1 and (len(land) + len(others)) > 1:
        text += f" Tổng giá trị đóng góp: {format_int(total)} đồng."
    return text


# --------------------------------------------------------------------------- the figures behind the text

# The figures compared between the snapshot and the live sums (the same names as the proposal row's).
COMPARED = ("value_vnd", "land_m2", "labour_days", "contributions")


def live_figures(ledger: Ledger, ids: list[int], entered: tuple[int, float] = (0, 0.0)) -> dict[str, Any]:
    """The figures of the linked contributions (deleted ones do not count), or the entered value and m² of a
    proposal that links none."""
    if not ids:
        return {"value_vnd": int(entered[0] or 0), "land_m2": round(float(entered[1] or 0), 1), "labour_days": 0.0,
                "contributions": 0}
    marks = ",".join("?" * len(ids))
    value, m2, days, n = ledger.conn.execute(
        f"SELECT coalesce(sum(value_vnd), 0), coalesce(sum(CASE WHEN kind = 'land' THEN quantity END), 0), "
        f"coalesce(sum(CASE WHEN kind = 'labour' THEN quantity END), 0), count(*) FROM contributions "
        f"WHERE id IN ({marks}) AND deleted_at IS NULL", ids).fetchone()
    return {"value_vnd": int(value), "land_m2": round(float(m2), 1), "labour_days": round(float(days), 1),
            "contributions": int(n)}


def snapshot_json(figures: dict[str, Any], text: str | None, drafted: str | None) -> str:
    """proposals.figures_snapshot: the figures when the achievement text was written or confirmed, the day, and
    the drafted text when the achievement is exactly the draft (so a later draft may replace it: nobody's words
    are lost)."""
    data = {k: figures[k] for k in COMPARED}
    data["at"] = dt.date.today().isoformat()
    data["drafted"] = text if text and drafted and text == drafted else None
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def parse_snapshot(raw: str | None) -> dict[str, Any] | None:
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def figures_differ(snapshot: dict[str, Any] | None, live: dict[str, Any]) -> bool:
    """True when the figures changed since the text was written (no snapshot: an older proposal, nothing known)."""
    if not snapshot:
        return False
    return any(abs(float(snapshot.get(k) or 0) - float(live.get(k) or 0)) > 1e-6 for k in COMPARED)


def change_note(snapshot: dict[str, Any], live: dict[str, Any]) -> str:
    """ "Ghi chú: số liệu đóng góp đã thay đổi từ 632.000.000 đồng (ngày 03/12/2026) thành 633.000.000 đồng; …" """
    at = snapshot.get("at") or ""
    when = f" (ngày {at[8:10]}/{at[5:7]}/{at[:4]})" if len(at) >= 10 else ""
    parts = []
    if int(snapshot.get("value_vnd") or 0) != int(live["value_vnd"]):
        parts.append(f"giá trị từ {format_int(snapshot.get('value_vnd') or 0)} đồng{when} thành "
                     f"{format_int(live['value_vnd'])} đồng")
        when = ""
    for key, label, unit in (("land_m2", "diện tích đất hiến", "m²"), ("labour_days", "ngày công", "ngày công")):
        if abs(float(snapshot.get(key) or 0) - float(live[key])) > 1e-6:
            parts.append(f"{label} từ {_m2(snapshot.get(key) or 0)} {unit}{when} thành {_m2(live[key])} {unit}")
            when = ""
    if not parts:
        parts.append(f"số khoản đóng góp gắn với đề nghị từ {snapshot.get('contributions') or 0}{when} thành "
                     f"{live['contributions']}")
    return ("Ghi chú: số liệu đóng góp đã thay đổi, " + "; ".join(parts)
            + "; nội dung thành tích đã được soạn theo số cũ, cần đối chiếu và sửa lại.")
