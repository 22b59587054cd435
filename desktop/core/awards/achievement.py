"""The drafted achievement of a nominee: what they gave in the period, in words, filled into a new proposal for
the clerk to edit (reference/domain.md §2.7).
"""

from __future__ import annotations

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


# --------------------------------------------------------------------------- Báo cáo tóm tắt thành tích
