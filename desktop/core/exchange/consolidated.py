"""The upper level's consolidated report (Báo cáo tổng hợp) as a document like any other: its text and tables, who
receives it, and issuing it in the upper ledger's register (numbered, signed, frozen with its SHA-256).

The layout follows Nghị định 30/2020 Phụ lục I (reference/domain.md §1): the body is portrait, and the table by
ward — one row per ward, up to 130 or more, with values in the hundreds of billions — stands in a Phụ lục printed
landscape (§1.1: landscape only for tables), its columns measured so that no number is ever broken inside a cell.
Every kind of contribution (`vocab.CONTRIBUTION_KINDS`) has its own column, so each row's parts add up to its total.

The period is not locked at the upper level: a lock (`period_locks`) freezes the contributions typed in a ledger,
and the upper ledger has none — its figures are the wards' signed files, which nobody can edit here. A ward that
corrects its data sends a newer file, which must still be received; the issued report then no longer matches
(`status(...)["changes"]`) and a superseding report is issued with a new number, the old one kept in the history
(register.py: an issued document never changes; a new version supersedes it).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.exchange import handoff_extras as extras
from desktop.core.exchange import upper, upper_narrative
from desktop.core.figures import figures
from desktop.core.figures.indicators import format_value as indicator_value
from desktop.core.ledger import demo_mark, periods, setup
from desktop.core.ledger.vocab import CONTRIBUTION_KINDS
from desktop.core.report import register
from desktop.core.report.narrative import next_term
from desktop.core.text.vnformat import date_words, format_date, format_int

KIND = "BC"  # ND 30 Phụ lục III: Báo cáo; numbered in the same yearly register as the upper body's other reports

# The value (đồng) of each kind of contribution, in the order of `CONTRIBUTION_KINDS`: their sum is total_value_vnd.
VALUE_KEYS: dict[str, str] = {"land": "land_value_vnd", "money": "money_vnd", "materials": "materials_value_vnd",
                              "labour": "labour_value_vnd", "assets": "assets_value_vnd", "other": "other_value_vnd"}
assert set(VALUE_KEYS) == set(CONTRIBUTION_KINDS), "every kind of contribution needs its column"
VALUE_HEADS = {"land": "Hiến đất", "money": "Tiền mặt", "materials": "Vật tư", "labour": "Ngày công",
               "assets": "Tài sản", "other": "Khác"}
KIND_LABELS = {"land": "Hiến đất", "money": "Tiền mặt", "materials": "Vật tư", "labour": "Ngày công lao động",
               "assets": "Tài sản, vật kiến trúc, cây cối", "other": "Hình thức khác"}
COUNT_KEYS = ("contributors", "households_land", "land_m2", "labour_days", "works_completed",
              "road_length_completed_m")
COUNT_HEADS = ("Số người, hộ, tập thể đóng góp", "Số hộ hiến đất", "Diện tích đất hiến (m²)", "Số ngày công",
               "Công trình hoàn thành", "Chiều dài đường, hẻm hoàn thành (m)")

# Nơi nhận / Kính gửi (domain.md §3.2): from 01/7/2025 the ward reports to the province, whose Sở Nội vụ (Phòng Thi
# đua, khen thưởng) is the standing body of the Hội đồng Thi đua - Khen thưởng tỉnh; above the province is the
# central level, "Ban Thi đua - Khen thưởng Trung ương - Bộ Nội vụ".
CENTRAL_BODY = "Ban Thi đua - Khen thưởng Trung ương - Bộ Nội vụ"
WARDS_CC = "UBND các xã, phường, đặc khu"


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def _own_place(unit: dict[str, Any]) -> str:
    """"quảng ngãi" for "Tỉnh Quảng Ngãi": a body whose name holds it belongs to the upper unit itself."""
    name = _words(unit.get("name") or "")
    return re.sub(r"^(tỉnh|thành phố|huyện|quận|thị xã)\s+", "", name)


def recipients(unit: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(Kính gửi, Nơi nhận) of the consolidated report, from the upper unit's settings (Cài đặt: Cơ quan cấp trên
    nhận báo cáo, Cơ quan tham mưu cấp trên, chữ viết tắt đơn vị soạn thảo).

    A setting that names a body above the upper unit is addressed in Kính gửi (ND 30 ô 9a: a report sent upward);
    one that names the unit's own province (the default "Ủy ban nhân dân tỉnh X", "Sở Nội vụ tỉnh X" of a province's
    ledger) is the unit itself or its own department, which receives a copy in Nơi nhận. When no body above is set,
    the report goes to the central level (domain.md §3.2). Nơi nhận starts with "Như trên" (ND 30: when Kính gửi is
    used) and ends with "Lưu: VT, <đơn vị soạn thảo>" (ND 30 ô 9b)."""
    own = _own_place(unit)
    above, copies = [], []
    itself = ("ủy ban nhân dân", "sở nội vụ", f"ủy ban nhân dân {_words(unit.get('name') or '')}")
    for key in ("receiving_name", "receiving_office"):
        text = (unit.get(key) or "").strip()
        if not text or _words(text) in itself:  # not set, a default with no place, or the issuing body itself
            continue
        (copies if own and own in _words(text) else above).append(text)
    if not above:
        above = [CENTRAL_BODY]
    province = (unit.get("province") or "").strip()
    if not any("sở nội vụ" in _words(c) for c in copies) and (province or own):
        place = province if re.match(r"(?i)(tỉnh|thành phố)\b", province) else (
            f"tỉnh {province}" if province else unit.get("name") or "")
        copies.append(f"Sở Nội vụ {place[:1].lower()}{place[1:]}")
    cc = ["Như trên", *copies, WARDS_CC,
          f"Lưu: VT, {unit.get('drafting_abbr') or 'VHXH'}"]
    return above, cc


def _unit_short(unit: dict[str, Any]) -> str:
    name = unit.get("name") or ""
    return name[:1].lower() + name[1:]


def subject(period: dict[str, Any]) -> str:
    return (f"Tổng hợp kết quả {period['label']} thực hiện Phong trào thi đua “{setup.DEFAULT_MOVEMENT}” "
            "của các đơn vị cấp xã")


# --------------------------------------------------------------------------- the tables


def _fit(columns: list[tuple[str, str]], rows: list[list[str]], total: list[str], usable: float,
         name_col: int) -> tuple[float, list[float]]:
    """(font size, column widths in points) so that every number and every header word fits on one line of its
    cell, measured with the fonts that print them; the name column takes what is left (names wrap on spaces)."""
    from desktop.core.pdf.grid import CELL_PAD_X
    from desktop.core.pdf.typeset import FONT, FONT_BOLD, register_fonts, text_width

    register_fonts()
    for size in (11, 10.5, 10, 9.5, 9, 8.5, 8):
        def need(j: int, size: float = size) -> float:
            words = [w for w in columns[j][0].split() if w]
            widest = max([text_width(w, FONT_BOLD, size) for w in words] +
                         [text_width(r[j], FONT, size) for r in rows] + [text_width(total[j], FONT_BOLD, size)])
            return widest + 2 * CELL_PAD_X + 2  # 2 pt to spare: rounding never pushes a digit to a new line

        widths = [need(j) for j in range(len(columns))]
        name_min = max(widths[name_col], 30 * size / 4)  # a name column of 7–8 words' width at least
        rest = usable - sum(w for j, w in enumerate(widths) if j != name_col)
        if rest >= name_min or size == 8:
            # The names as wide as the longest one (at most ~6 cm), the room left shared by the other columns.
            longest = max([text_width(r[name_col], FONT, size) for r in rows] + [0]) + 2 * CELL_PAD_X + 2
            widths[name_col] = max(name_min, min(longest, 170.0, rest))
            # The room left to the other columns by the length of their header (not to the STT and name columns):
            # a long header ("Công trình có kết luận tiết kiệm …") then wraps on 2–3 lines, not on 10.
            heads = {j: text_width(columns[j][0], FONT_BOLD, size) for j in range(len(columns))
                     if j not in (0, name_col)}
            spare, weight = max(usable - sum(widths), 0), sum(heads.values()) or 1
            return size, [w + spare * heads[j] / weight if j in heads else w for j, w in enumerate(widths)]
    raise AssertionError("unreachable")


def _ward_tables(data: dict[str, Any]) -> list[Any]:
    from desktop.core.pdf import nd30
    from desktop.core.pdf.grid import TABLE_INSET
    from desktop.core.pdf.model import Column, Table

    usable = nd30.LANDSCAPE[0] - nd30.MARGIN_LEFT - nd30.MARGIN_RIGHT - 2 * TABLE_INSET
    units, t = data["by_unit"], data["totals"]
    out = []
    specs = (
        ([(VALUE_HEADS[k], "right") for k in CONTRIBUTION_KINDS] + [("Tổng giá trị", "right")],
         [*VALUE_KEYS.values(), "total_value_vnd"],
         "Bảng 1. Giá trị Nhân dân đóng góp theo đơn vị cấp xã và hình thức đóng góp",
         "Đơn vị tính: đồng. Mỗi dòng: Tổng giá trị = Hiến đất + Tiền mặt + Vật tư + Ngày công + Tài sản + Khác."),
        ([(h, "right") for h in COUNT_HEADS], list(COUNT_KEYS),
         "Bảng 2. Số người đóng góp, khối lượng và công trình theo đơn vị cấp xã",
         "Các đơn vị cấp xã không trùng địa bàn nên số người, hộ đóng góp cộng được giữa các đơn vị."),
    )
    tables = [(heads, [[figures.format_value(k, u["totals"][k]) for k in keys] for u in units],
               [figures.format_value(k, t[k]) for k in keys], caption, note) for heads, keys, caption, note in specs]
    if any(data["funding"].values()):
        f = extras.FUNDING_KEYS
        tables.append(([(extras.FUNDING_LABELS[k], "right") for k in f] + [("Tổng nguồn vốn", "right")],
                       [[*(format_int(u["funding"][k]) for k in f), format_int(sum(u["funding"].values()))]
                        for u in units], [*(format_int(data["funding"][k]) for k in f),
                                          format_int(sum(data["funding"].values()))],
                       "Bảng 3. Nguồn vốn các công trình trong kỳ theo đơn vị cấp xã",
                       "Đơn vị tính: đồng. Các công trình có Nhân dân đóng góp hoặc hoàn thành trong kỳ."))
    tables += _indicator_tables(data, len(tables) + 1)
    for heads, cells, total, caption, note in tables:
        columns = [("STT", "center"), ("Đơn vị cấp xã", "left"), *heads]
        rows = [[str(i), u["unit"]["name"], *row] for i, (u, row) in enumerate(zip(units, cells, strict=True), 1)]
        total = ["", "Tổng cộng", *total]
        size, widths = _fit(columns, rows, total, usable, name_col=1)
        out.append(Table(columns=[Column(h, w, a) for (h, a), w in zip(columns, widths, strict=True)], rows=rows,
                         total=total, caption=caption, note=note, font_size=size))
    return out


INDICATOR_COLUMNS = 6  # indicators per table by ward: with STT and the name, as wide as Bảng 1


def _indicator_tables(data: dict[str, Any], first: int) -> list[tuple[Any, ...]]:
    """The indicators the wards reported, each ward's own value ("–": not reported), 6 to a table; the total row
    is the consolidated value (a typed percent: its average, marked "BQ")."""
    rows = data["indicators"]
    out = []
    for n, start in enumerate(range(0, len(rows), INDICATOR_COLUMNS)):
        part = rows[start:start + INDICATOR_COLUMNS]
        heads = [(f"{r['name']} ({r['unit']})", "right") for r in part]
        cells = [[indicator_value(r["kind"], u["indicators"][r["code"]]) if r["code"] in u["indicators"] else "–"
                  for r in part] for u in data["by_unit"]]
        total = [f"BQ {indicator_value('percent', r['average'])}" if r["method"] == "range" else
                 indicator_value(r["kind"], r["value"]) for r in part]
        out.append((heads, cells, total, f"Bảng {first + n}. Các chỉ tiêu khác của Phong trào theo đơn vị cấp xã"
                    + (" (tiếp theo)" if n else ""),
                    "“–”: đơn vị không báo cáo chỉ tiêu này. Dòng Tổng cộng: tiền và số lượng là tổng; tỷ lệ có công "
                    "thức được tính lại từ số liệu cộng; “BQ”: bình quân tỷ lệ các đơn vị tự báo cáo."))
    return out


def _kind_table(t: dict[str, Any]) -> Any:
    from desktop.core.pdf.model import Column, Table

    amounts = {"land": f"{figures.format_value('land_m2', t['land_m2'])} m²",
               "labour": f"{figures.format_value('labour_days', t['labour_days'])} ngày công"}
    rows = [[str(i), KIND_LABELS[k], amounts.get(k, ""),
             figures.format_value(VALUE_KEYS[k], t[VALUE_KEYS[k]])] for i, k in enumerate(CONTRIBUTION_KINDS, 1)]
    return Table(
        columns=[Column("STT", 1.2, "center"), Column("Hình thức đóng góp", 6), Column("Số lượng", 4, "right"),
                 Column("Giá trị quy đổi (đồng)", 5, "right")],
        rows=rows, total=["", "Tổng cộng", "", figures.format_value("total_value_vnd", t["total_value_vnd"])],
        caption="Giá trị Nhân dân đóng góp theo hình thức (toàn bộ các đơn vị đã gửi số liệu)", font_size=12)


# --------------------------------------------------------------------------- the document


def indicator_cell(row: dict[str, Any]) -> str:
    if row["method"] == "range":
        return (f"{indicator_value('percent', row['min'])} – {indicator_value('percent', row['max'])} "
                f"(bình quân {indicator_value('percent', row['average'])})")
    return indicator_value(row["kind"], row["value"])


METHODS = {"sum": "Cộng các đơn vị", "ratio": "Tính lại từ số liệu cộng",
            "range": "Không cộng: thấp nhất – cao nhất"}


def _indicators_table(rows: list[dict[str, Any]]) -> Any:
    from desktop.core.pdf.model import Column, Table

    return Table(
        columns=[Column("STT", 1.4, "center"), Column("Chỉ tiêu", 6.2), Column("Đơn vị tính", 2.2, "center"),
                 Column("Kết quả tổng hợp", 4.2, "right"), Column("Số đơn vị báo cáo", 2.2, "right"),
                 Column("Cách tổng hợp", 3.6)],
        rows=[[str(i), r["name"], r["unit"], indicator_cell(r), str(r["wards"]), METHODS[r["method"]]]
              for i, r in enumerate(rows, 1)],
        caption="Các chỉ tiêu khác của Phong trào (tổng hợp báo cáo của các đơn vị cấp xã)", font_size=11,
        note="Tỷ lệ (%) không cộng giữa các đơn vị: tỷ lệ có công thức được tính lại từ tử số và mẫu số đã cộng; tỷ "
             "lệ các đơn vị tự báo cáo được ghi thấp nhất – cao nhất và bình quân của các đơn vị đã báo cáo.")


def _funding_table(f: dict[str, int]) -> Any:
    from desktop.core.pdf.model import Column, Table

    rows = [[str(i), extras.FUNDING_LABELS[k], format_int(f[k])] for i, k in enumerate(extras.FUNDING_KEYS, 1)]
    return Table(columns=[Column("STT", 1.2, "center"), Column("Nguồn vốn", 8), Column("Số tiền (đồng)", 5, "right")],
                 rows=rows, total=["", "Tổng cộng", format_int(sum(f.values()))], font_size=12,
                 caption="Nguồn vốn các công trình trong kỳ (theo tệp dữ liệu của các đơn vị cấp xã)",
                 note="Nhân dân đóng góp: theo dự toán của công trình; số Nhân dân đã đóng góp thực tế tại bảng trên.")


def _body(unit: dict[str, Any], data: dict[str, Any], section: dict[str, str], registered: int,
          period: Any) -> list[Any]:
    from desktop.core.pdf.model import Heading, Para

    p, t = data["period"], data["totals"]
    short = _unit_short(unit)
    body: list[Any] = [
        Para(f"{upper_narrative.body_name(unit)} tổng hợp kết quả thực hiện Phong trào thi đua "
             f"“{setup.DEFAULT_MOVEMENT}” "
             f"{p['label']} (từ ngày {format_date(p['start'])} đến ngày {format_date(p['end'])}) theo tệp dữ liệu "
             f"đã ký số của {len(data['by_unit'])}/{registered} đơn vị cấp xã đã đăng ký, như sau:"),
        Heading("I. CÔNG TÁC CHỈ ĐẠO, HƯỚNG DẪN, TRIỂN KHAI", level=1), *_paras(section["lanh_dao"]),
        Heading("II. KẾT QUẢ THỰC HIỆN", level=1),
        Heading("1. Kết quả phát triển kết cấu hạ tầng và vận động Nhân dân", level=2), *_paras(section["ket_qua"]),
        _kind_table(t)]
    if any(data["funding"].values()):
        body.append(_funding_table(data["funding"]))
    body += [Para("Kết quả của từng đơn vị cấp xã tại Phụ lục kèm theo."),
             Heading("2. Kết quả các chỉ tiêu khác của Phong trào", level=2), *_paras(section["chi_tieu"])]
    if data["indicators"]:
        body.append(_indicators_table(data["indicators"]))
    body += [Heading("3. Thực hành tiết kiệm, chống lãng phí", level=2), *_paras(section["tiet_kiem"]),
             Heading("4. Công tác khen thưởng", level=2), *_paras(section["khen_thuong"]),
             Heading("III. ĐÁNH GIÁ CHUNG", level=1), *_paras(section["danh_gia"]),
             Heading(f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {next_term(period).upper()}", level=1),
             *_paras(section["phuong_huong"]),
             Heading("V. ĐỀ XUẤT, KIẾN NGHỊ", level=1), *_paras(section["de_xuat"]),
             Para(f"Trên đây là báo cáo tổng hợp kết quả {p['label']} thực hiện Phong trào thi đua của các đơn vị "
                  f"cấp xã trên địa bàn {short}./.")]
    return body


def _paras(text: str) -> list[Any]:
    """A section's text: one paragraph per line; "1. Ưu điểm" alone on its line is a sub-heading (level 3)."""
    from desktop.core.pdf.model import Heading, Para

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [Heading(line, level=3) if re.fullmatch(r"\d+\.\s+[^.;:]{1,80}", line) else Para(line) for line in lines]


def sections(ledger: Ledger, period_code: str, data: dict[str, Any] | None = None) -> dict[str, str]:
    """The report's section texts now: the clerk's where they wrote one, else drafted from the figures."""
    period = _period(ledger, period_code)
    ctx = upper_narrative.context(ledger, period, data)
    return {k: text for k, (text, _) in upper_narrative.texts(ledger, period, ctx).items()}


def _period(ledger: Ledger, period_code: str) -> Any:
    return periods.parse(period_code, setup.get_unit(ledger).get("period_start") or "01-01")


def document(ledger: Ledger, period_code: str, date: dt.date | None = None, *, symbol: str | None = None,
             data: dict[str, Any] | None = None, texts: dict[str, str] | None = None) -> Any:
    """The consolidated report. Without `symbol` it is a draft: "Số:       /BC-UBND" and a DỰ THẢO mark. `texts`:
    the sections as frozen at issue (default: the draft's now); `date`: default the draft's report date, else today."""
    from desktop.core.pdf import heading
    from desktop.core.pdf.model import AdminDocument, Appendix

    unit = setup.get_unit(ledger)
    data = data or upper.consolidate(ledger, period_code)
    period = _period(ledger, period_code)
    if date is None:
        saved = upper_narrative.load_draft(ledger, period)["report_date"]
        date = dt.date.fromisoformat(saved) if saved else dt.date.today()
    abbr = unit.get("issuer_abbr") or "UBND"
    texts = texts or sections(ledger, period_code, data)
    kinh_gui, cc = recipients(unit)
    ref = symbol or f"       /{KIND}-{abbr}"
    return AdminDocument(
        issuer=heading.issuer_lines(unit), number=f"Số: {symbol}" if symbol else f"Số:       /{KIND}-{abbr}",
        place_date=heading.place_date(unit, date), kind_title="BÁO CÁO", subject=subject(data["period"]),
        recipients=kinh_gui, blocks=_body(unit, data, texts, len(upper.wards(ledger)), period), cc=cc,
        signature=heading.signature(unit),
        appendices=[Appendix(title="Kết quả thực hiện Phong trào theo đơn vị cấp xã",
                             subtitle=f"(Kèm theo Báo cáo số {ref} {date_words(date)} của "
                                      f"{upper_narrative.body_name(unit)})",
                             blocks=_ward_tables(data), landscape=True)],
        draft=symbol is None, title_meta=subject(data["period"]), author_meta=unit.get("name") or "",
        watermark=demo_mark.mark_for(ledger),
    )


def render(ledger: Ledger, period_code: str, date: dt.date | None = None) -> bytes:
    from desktop.core.pdf import nd30

    return nd30.render(document(ledger, period_code, date))


# --------------------------------------------------------------------------- issue, status


def _sources(ledger: Ledger, period_code: str) -> list[dict[str, Any]]:
    """The ward files the report is made from: which file of which ward (frozen with the report)."""
    return [{"code": r["code"], "name": r["name"], "created": r["created"], "report": r["report"],
             "file_sha256": r["file_sha256"]} for r in upper.received(ledger, period_code)]


def changes(issued: dict[str, Any], now: list[dict[str, Any]]) -> list[str]:
    """What the wards sent since the report was issued, one line per ward."""
    before = {s["code"]: s for s in issued.get("content", {}).get("sources", [])}
    out = []
    for s in now:
        old = before.pop(s["code"], None)
        if old is None:
            out.append(f"{s['name']}: gửi số liệu sau khi ban hành (tệp lập lúc {s['created']}).")
        elif old.get("file_sha256") != s["file_sha256"]:
            out.append(f"{s['name']}: gửi bản mới thay bản đã tổng hợp (tệp lập lúc {s['created']}).")
    out += [f"{s['name']}: không còn trong số liệu đã nhận." for s in before.values()]
    return out


def status(ledger: Ledger, period_code: str) -> dict[str, Any]:
    """The issued consolidated report of a period (or None), its history, and what the wards sent since."""
    period = upper.consolidate(ledger, period_code)["period"]
    doc = register.current(ledger, KIND, period["code"])
    return {"issued": doc, "history": register.for_period(ledger, KIND, period["code"]),
            "changes": changes(doc, _sources(ledger, period["code"])) if doc else []}


def issue(ledger: Ledger, period_code: str, *, number: int | None = None, date: str | None = None) -> int:
    """Issue the consolidated report: the next number of the year's register (or the one given), signed by the upper
    unit's signer, figures, sources and PDF frozen (SHA-256). A report already issued for the period is superseded
    (kept in the history) — only once a ward has sent something new, as nothing else can change its figures."""
    unit = setup.get_unit(ledger)
    if not unit.get("signer_name"):
        raise UserError("Chưa có tên người ký: vào Cài đặt, bấm “Sửa thông tin đơn vị…”, điền “Họ tên người ký” "
                        "trước khi ban hành báo cáo tổng hợp.")
    data = upper.consolidate(ledger, period_code)
    p = data["period"]
    if not data["by_unit"]:
        raise UserError(f"Chưa có đơn vị cấp xã nào gửi số liệu {p['label']}: chưa có gì để ban hành.")
    doc_date = date or upper_narrative.load_draft(ledger, _period(ledger, p["code"]))["report_date"] or \
        dt.date.today().isoformat()
    sources = _sources(ledger, p["code"])
    previous = register.current(ledger, KIND, p["code"])
    if previous and not changes(previous, sources):
        raise UserError(f"Báo cáo tổng hợp số {previous['symbol']} ngày {format_date(previous['doc_date'])} đã ban "
                        "hành theo đúng các tệp đang có. Chỉ ban hành bản thay thế khi có tệp mới của phường, xã.")
    kinh_gui, cc = recipients(unit)
    texts = sections(ledger, p["code"], data)  # frozen with the report: a later edit of the draft changes neither
    content = {"consolidated": True, "recipients": kinh_gui, "cc": cc, "sources": sources, "sections": texts,
               "missing": [w["code"] for w in upper.wards(ledger) if w["code"] not in {s["code"] for s in sources}]}
    from desktop.core.pdf import nd30

    day = dt.date.fromisoformat(doc_date)
    return register.issue(
        ledger, kind=KIND, doc_date=doc_date, number=number, issuer_abbr=unit.get("issuer_abbr") or "UBND",
        title=subject(p), period=p, figures=data, content=content, signer_name=unit["signer_name"],
        render=lambda sym: nd30.render(document(ledger, p["code"], day, symbol=sym, data=data, texts=texts)),
        lock_period=False)
