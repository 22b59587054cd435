"""The shared wording of the award documents: units and council names, legal bases (căn cứ), amounts in words,
the signature of the Chủ tịch and the grouped Danh sách đề nghị khen thưởng (reference/domain.md §1.5, §2.7).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from db.connection import Ledger
from desktop.core.awards import catalogue, proposals
from desktop.core.ledger import setup
from desktop.core.pdf.model import Column, Para, Signature, Table
from desktop.core.text.vnformat import format_date, format_decimal, format_int
from desktop.core.text.vntext import fold

COUNCIL = "Hội đồng Thi đua - Khen thưởng"
COUNCIL_ABBR = "HĐTĐKT"
ROLES = {"ttr_ward": "Tờ trình đề nghị khen thưởng (cấp phường)", "ttr_upper": "Tờ trình đề nghị cấp trên khen thưởng",
         "bb": "Biên bản họp Hội đồng Thi đua - Khen thưởng", "qd": "Quyết định khen thưởng"}


# --------------------------------------------------------------------------- small helpers


def unit_short(unit: dict[str, Any]) -> str:
    """"phường Nguyễn Nghiêm"."""
    name = unit.get("name") or ""
    return name[:1].lower() + name[1:]


def unit_kind_word(unit: dict[str, Any]) -> str:
    return (unit.get("name") or "phường").split(" ")[0].lower()


def movement_name(ledger: Ledger) -> str:
    row = ledger.conn.execute("SELECT name FROM movements WHERE deleted_at IS NULL ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else setup.DEFAULT_MOVEMENT


def dmy(iso: str | None) -> str:
    return format_date(iso) if iso else "…"


def day_of(iso: str | None) -> dt.date:
    return dt.date.fromisoformat(iso) if iso else dt.date.today()


def m2(value: float) -> str:
    return format_decimal(float(value or 0), 1)


def count_phrase(rows: list[dict[str, Any]]) -> str:
    """"2 tập thể, 25 hộ gia đình" in the Danh sách's order."""
    parts = []
    for _title, subjects in catalogue.LIST_GROUPS:
        for s in subjects:
            n = sum(1 for r in rows if r["subject"] == s)
            if n:
                parts.append(catalogue.subject_noun(s, n))
    return ", ".join(parts)


def by_kind(rows: list[dict[str, Any]], *, by_name: bool = False) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Rows grouped by catalogue row (each has its own prize), or `by_name` (one "Giấy khen …" line for the
    household, individual and collective rows of the catalogue), in catalogue order."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: r["award_kind_id"]):
        groups.setdefault((r["kind_name"], r["form"]) if by_name else r["award_kind_id"], []).append(r)
    return [(members[0], members) for members in groups.values()]


def decider_note(first: dict[str, Any]) -> str:
    """" (Chủ tịch nước quyết định)" when the form's name does not already say who decides it."""
    decider = fold(first["decided_by"] or "").replace("ubnd", "uy ban nhan dan")
    return "" if not decider or decider in fold(first["kind_name"]) else f" ({first['decided_by']} quyết định)"


def head_of(settings: dict[str, Any]) -> str:
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

    from desktop.core.pdf import nd30, typeset

    typeset.register_fonts()
    room = (nd30.PORTRAIT[0] - nd30.MARGIN_LEFT - nd30.MARGIN_RIGHT) * nd30.HEADER_LEFT_SHARE - 4

    def width(t: str) -> float:
        return pdfmetrics.stringWidth(t, typeset.FONT_BOLD, 13)

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


def sub_issuer(unit: dict[str, Any], body: str) -> list[str]:
    """The header of a body under the UBND: "UBND PHƯỜNG …" (the governing body) over the body's own name."""
    return [_fit(f"UBND {unit.get('name') or ''}"), _fit(body)]


def kind_phrase(first: dict[str, Any]) -> str:
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


# The texts in force from 01/7/2025 (reference/domain.md §2.1), dated as a căn cứ writes them:
# - Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16/6/2025 (§3.1) [C-2];
# - Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022, in force 01/01/2024 [C-2];
# - Nghị định số 152/2025/NĐ-CP ngày 14/6/2025, title as quoted in §2.1 (in force 01/7/2025, replaces ND 98/2023)
#   [C-2]; it gives the commune level no powers (§2.3) —
# - the commune level's powers come from Nghị định số 129/2025/NĐ-CP, "phân định thẩm quyền chính quyền 2 cấp,
#   lĩnh vực Bộ Nội vụ (incl. TĐKT)", in force 01/7/2025 (§2.1, §2.3) [C-2]. Its signing date (11/6/2025) and exact
#   title are recalled, not confirmed in domain.md: check them against the Công báo (the clerk can edit the list).
BASES_FROM_2025_07 = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
    "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân quyền "
    "trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật Thi đua, "
    "khen thưởng",
    "Căn cứ Nghị định số 129/2025/NĐ-CP ngày 11 tháng 6 năm 2025 của Chính phủ quy định phân định thẩm quyền của "
    "chính quyền địa phương 02 cấp trong lĩnh vực quản lý nhà nước của Bộ Nội vụ",
)
# Before 01/7/2025 (historic records): Luật Tổ chức chính quyền địa phương 2015 and Nghị định 98/2023/NĐ-CP.
BASES_BEFORE_2025_07 = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một "
    "số điều của Luật Thi đua, khen thưởng",
)


def legal_bases(settings: dict[str, Any], on: dt.date) -> list[str]:
    """The căn cứ lines: the clerk's own (settings), or the texts in force on the date (ND 152/2025 and ND 129/2025
    from 01/7/2025, ND 98/2023 before); then the province's regulation on thi đua, khen thưởng when it is set and
    not already in the list."""
    if settings.get("legal_bases"):
        lines = list(settings["legal_bases"])
    else:
        lines = list(BASES_FROM_2025_07 if on >= dt.date(2025, 7, 1) else BASES_BEFORE_2025_07)
    regulation = (settings.get("province_regulation") or "").strip().rstrip(";.")
    if regulation:
        line = regulation if fold(regulation).startswith("can cu ") else f"Căn cứ {regulation}"
        if not any(fold(line) in fold(existing) for existing in lines):
            lines.append(line)
    return lines


def bases_paras(lines: list[str], *, proposer: str | None = None, runs_on: bool = False) -> list[Para]:
    """Căn cứ lines in italics, each ending with ";" (ND 30, ô 6); the block's last line ends with ".": the
    `proposer` line ("Theo đề nghị của …") of a Quyết định, else the last căn cứ — unless the block `runs_on` into
    the body's sentence (a Tờ trình: "…; Phòng Văn hóa - Xã hội kính đề nghị …"), where every căn cứ ends with ";"."""
    clean = [line.strip().rstrip(";.").strip() for line in lines if line.strip()]
    out = [Para(line + ";", italic=True) for line in clean]
    if proposer:
        out.append(Para(proposer.strip().rstrip(";.") + ".", italic=True))
    elif out and not runs_on:
        out[-1] = Para(clean[-1] + ".", italic=True)
    return out


def article(number: int, text: str) -> Para:
    """"Điều 1. …" of a Quyết định: the words "Điều 1." upright bold, the rest regular (ND 30, Phụ lục I, §1.2
    "Điều 1. Title" bold), as the paragraph's bold lead run."""
    return Para(text, lead=f"Điều {number}.")


def end_list(items: list[str]) -> list[str]:
    """The items of a list, each ending with ";" and the last with "." (ND 30, Phụ lục I)."""
    clean = [item.rstrip().rstrip(";.") for item in items]
    return [item + ("." if i == len(clean) - 1 else ";") for i, item in enumerate(clean)]


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
              achievements: bool = True, contributions: bool = True) -> Table:
    """The list grouped I. Tập thể / II. Cá nhân / III. Hộ gia đình (numbered again in each group), with m², value,
    works and tổ dân phố for land households, and a totals row. `prizes`: the Quyết định's list with tiền thưởng;
    not `contributions`: without the works, m² and value columns (a cultural title's list)."""
    unit = setup.get_unit(ledger)
    base = catalogue.base_salary(ledger)
    works = proposals.works_of(ledger, [r["id"] for r in rows])
    cols = [Column("STT", 1.3, "center"), Column(_name_column(rows), 4.2), Column("Địa chỉ", 3.6),
            Column(unit.get("group_label") or "Tổ dân phố", 2.9)]
    if achievements:
        cols.append(Column("Tóm tắt thành tích", 6.2))
    if contributions:
        cols += [Column("Công trình", 3.8), Column("Đất hiến (m²)", 2, "right"),
                 Column("Giá trị đóng góp (đồng)", 3, "right")]
    titles_only = bool(rows) and all(r["form"] == "danh_hieu" for r in rows)
    cols.append(Column("Danh hiệu" if titles_only else "Hình thức khen thưởng", 3.6))
    if prizes:
        cols.append(Column("Tiền thưởng (đồng)", 2.6, "right"))
    out: list[list[str]] = []
    numeral = 0
    total_prize = 0
    for title, subjects in catalogue.LIST_GROUPS:
        members = [r for r in rows if r["subject"] in subjects]
        if not members:
            continue
        numeral += 1
        out.append([roman(numeral), f"{title.upper()} ({len(members):02d})"] + [""] * (len(cols) - 2))
        for i, r in enumerate(members, start=1):
            prize = catalogue.prize_vnd(r["multiplier"], base)
            total_prize += prize
            line = [str(i), r["nominee_name"], r["address"] or "", r["group_name"] or ""]
            if achievements:
                line.append(r["achievement"] or "")
            if contributions:
                line += ["; ".join(works.get(r["id"], [])), m2(r["land_m2"]) if r["land_m2"] else "",
                         format_int(r["value_vnd"]) if r["value_vnd"] else ""]
            line.append(r["kind_name"])
            if prizes:
                line.append(format_int(prize) if prize else "")
            out.append(line)
    # The count goes in the widest column (the achievement, or the address), so the totals row stays one line.
    count = count_phrase(rows)
    total = ["", "Tổng cộng", "" if achievements else count, ""] + ([count] if achievements else [])
    if contributions:
        total += ["", m2(sum(r["land_m2"] for r in rows)), format_int(sum(r["value_vnd"] for r in rows))]
    total.append("")
    if prizes:
        total.append(format_int(total_prize))
    return Table(columns=cols, rows=out, total=total, font_size=10 if achievements else 10.5)


def roman(n: int) -> str:
    return {1: "I", 2: "II", 3: "III", 4: "IV"}.get(n, str(n))
