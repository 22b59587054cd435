"""Which Quyết định a proposal goes in, and the words that differ from one kind of decision to another.

The ward's passed proposals are decided in separate decisions (issue 17), one per group:
- "khen_thuong": the hình thức khen thưởng of the Chủ tịch (the Giấy khen): "Quyết định về việc tặng Giấy khen …";
- "danh_hieu": the danh hiệu thi đua the ward grants ("Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Tập thể lao
  động tiên tiến"): "Quyết định về việc tặng danh hiệu … năm …" (Luật Thi đua, khen thưởng 2022 Điều 80 writes
  "quyết định tặng danh hiệu"; the Chủ tịch UBND cấp xã holds them from 01/7/2025, reference/domain.md §2.3);
- "van_hoa:<title>": each cultural title ("Gia đình văn hóa", "Tổ dân phố văn hóa") its own decision, with its own
  procedure under Nghị định số 86/2023/NĐ-CP ngày 07/12/2023 (khung tiêu chuẩn và trình tự, thủ tục, hồ sơ xét
  tặng danh hiệu "Gia đình văn hóa", "Thôn, tổ dân phố văn hóa", "Xã, phường, thị trấn tiêu biểu"; in force
  30/01/2024 — domain.md §2.1): "Quyết định về việc công nhận danh hiệu “Gia đình văn hóa” năm …", whose Điều 1
  reads "Công nhận … hộ gia đình đạt danh hiệu “Gia đình văn hóa” năm …" (as a commune's decision reads, e.g. UBND
  xã Quảng Thái 2020 under the former ND 122/2018), with a Giấy công nhận, not a Giấy khen.

The group comes from the catalogue row alone, no schema change: a hình thức (form "hinh_thuc") is "khen_thuong"; a
danh hiệu (form "danh_hieu") whose name says "văn hóa" (folded, so "văn hoá" too) is a cultural title, grouped by its
name; any other danh hiệu is "danh_hieu". A clerk who adds "Thôn văn hóa" to the catalogue gets its own decision.
How often a title is granted (Gia đình văn hóa yearly; Thôn, tổ dân phố văn hóa as ND 86/2023 and the province set
it) is the clerk's planning, not checked here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.core.awards import catalogue
from desktop.core.awards.wording import count_phrase, kind_phrase
from desktop.core.ledger.periods import Period
from desktop.core.text.vntext import fold

KHEN_THUONG = "khen_thuong"
DANH_HIEU = "danh_hieu"
VAN_HOA = "van_hoa:"  # + the title's name

# Nghị định 86/2023/NĐ-CP, signed 07/12/2023 (the date as the communes' decisions cite it, e.g. xã Bắc Sơn, Móng Cái,
# 2024; title as in domain.md §2.1 and the Government's announcement). A căn cứ of every cultural-title decision.
ND_86_2023 = ("Căn cứ Nghị định số 86/2023/NĐ-CP ngày 07 tháng 12 năm 2023 của Chính phủ quy định về khung tiêu "
              "chuẩn và trình tự, thủ tục, hồ sơ xét tặng danh hiệu “Gia đình văn hóa”, “Thôn, tổ dân phố văn "
              "hóa”, “Xã, phường, thị trấn tiêu biểu”")


def group_of(row: dict[str, Any]) -> str:
    """The decision group of a proposal (or of a catalogue row with "kind_name"/"name" and "form")."""
    name = row.get("kind_name") or row.get("name") or ""
    if row.get("form") != "danh_hieu":
        return KHEN_THUONG
    if "van hoa" in fold(name):
        return VAN_HOA + name
    return DANH_HIEU


def title_of(group: str) -> str | None:
    """The cultural title of a group ("Gia đình văn hóa"), None for the others."""
    return group[len(VAN_HOA):] if group.startswith(VAN_HOA) else None


def label(group: str) -> str:
    """How the group reads on a button and in a list: "QĐ khen thưởng (Giấy khen)"."""
    title = title_of(group)
    if title:
        return f"QĐ công nhận {title}"
    return "QĐ tặng danh hiệu thi đua" if group == DANH_HIEU else "QĐ khen thưởng (Giấy khen)"


def decision_name(group: str) -> str:
    """"Quyết định khen thưởng", "Quyết định tặng danh hiệu thi đua", "Quyết định công nhận “Gia đình văn hóa”"."""
    title = title_of(group)
    if title:
        return f"Quyết định công nhận “{title}”"
    return "Quyết định tặng danh hiệu thi đua" if group == DANH_HIEU else "Quyết định khen thưởng"


def file_stem(group: str | None) -> str:
    """"Quyet-dinh-khen-thuong", "Quyet-dinh-tang-danh-hieu", "Quyet-dinh-cong-nhan-gia-dinh-van-hoa"."""
    title = title_of(group or "")
    if title:
        return "Quyet-dinh-cong-nhan-" + "-".join(fold(title).split())
    return "Quyet-dinh-tang-danh-hieu" if group == DANH_HIEU else "Quyet-dinh-khen-thuong"


def split(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The rows by decision group, keeping their order inside a group: khen thưởng, then danh hiệu thi đua, then the
    cultural titles in catalogue order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(group_of(r), []).append(r)

    def rank(item: tuple[str, list[dict[str, Any]]]) -> tuple[int, int]:
        key, members = item
        return ({KHEN_THUONG: 0, DANH_HIEU: 1}.get(key, 2), min(m["award_kind_id"] for m in members))

    return sorted(groups.items(), key=rank)


def award_year(period: Period) -> int:
    """The year a title is granted for: the year the period ends in ("năm 2026" for 2026-H1 and 2026)."""
    return dt.date.fromisoformat(period.end).year


def certificate_title(row: dict[str, Any]) -> str | None:
    """What the program prints for a decided proposal: "GIẤY KHEN" (a Giấy khen), "GIẤY CÔNG NHẬN" (a cultural
    title, ND 86/2023), or None (the other danh hiệu: the program prints no certificate for them)."""
    group = group_of(row)
    if title_of(group):
        return "GIẤY CÔNG NHẬN"
    if group == KHEN_THUONG and row["kind_name"].startswith("Giấy khen"):
        return "GIẤY KHEN"
    return None


def quoted(names: list[str]) -> str:
    """"“Lao động tiên tiến”, “Chiến sĩ thi đua cơ sở”"."""
    return ", ".join(f"“{n}”" for n in names)


def holders_of(rows: list[dict[str, Any]]) -> list[str]:
    """"tập thể", "cá nhân", "hộ gia đình": the kinds of subject the rows hold, in the list's order."""
    return [t.lower() for t, subjects in catalogue.LIST_GROUPS if any(r["subject"] in subjects for r in rows)]


def wording(group: str, rows: list[dict[str, Any]], period: Period, movement: str,
            kinds: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> dict[str, str]:
    """The words of one decision that depend on its group: trích yếu, Điều 1, the list's title, the title metadata.
    `kinds`: the rows by catalogue name (wording.by_kind(rows, by_name=True))."""
    groups = holders_of(rows)
    holders = "các " + ", ".join(groups)
    year = award_year(period)
    title = title_of(group)
    if title:
        # A title is for one kind of subject ("hộ gia đình", "tổ dân phố"): the list and Điều 3 name it, not "tập thể".
        groups = [catalogue.subject_noun(s) for s in catalogue.SUBJECTS if any(r["subject"] == s for r in rows)]
        holders = "các " + ", ".join(groups)
        noun = count_phrase(rows)
        return {"subject": f"Về việc công nhận danh hiệu “{title}” năm {year}",
                "article": f"Công nhận {noun} đạt danh hiệu “{title}” năm {year} (có danh sách kèm theo).",
                "list_title": f"DANH SÁCH {', '.join(groups).upper()} ĐẠT DANH HIỆU “{title.upper()}” NĂM {year}",
                "meta": f"Quyết định công nhận danh hiệu “{title}” năm {year}", "holders": holders}
    if group == DANH_HIEU:
        names = quoted([first["kind_name"] for first, _m in kinds])
        lines = [f"tặng danh hiệu “{first['kind_name']}” năm {year} cho {count_phrase(members)}"
                 for first, members in kinds]
        text = "; ".join(lines)
        return {"subject": f"Về việc tặng danh hiệu {names} năm {year}",
                "article": f"{text[:1].upper()}{text[1:]} (có danh sách kèm theo).",
                "list_title": f"DANH SÁCH {', '.join(groups).upper()} ĐƯỢC TẶNG DANH HIỆU THI ĐUA NĂM {year}",
                "meta": f"Quyết định tặng danh hiệu thi đua năm {year}", "holders": holders}
    lines = [f"{kind_phrase(first)} cho {count_phrase(members)}" for first, members in kinds]
    text = "; ".join(lines)
    certificates_only = all(first["kind_name"].startswith("Giấy khen") for first, _m in kinds)
    what = "tặng Giấy khen" if certificates_only else "khen thưởng"
    return {"subject": f"Về việc {what} cho {holders} có thành tích xuất sắc trong Phong trào thi đua “{movement}” "
                       f"{period.label}",
            "article": f"{text[:1].upper()}{text[1:]} (có danh sách kèm theo), đã có thành tích xuất sắc trong "
                       f"Phong trào thi đua “{movement}” {period.label}.",
            "list_title": "DANH SÁCH " + ", ".join(groups).upper()
                          + (" ĐƯỢC TẶNG GIẤY KHEN" if certificates_only else " ĐƯỢC KHEN THƯỞNG"),
            "meta": f"Quyết định khen thưởng {period.label}", "holders": holders}
