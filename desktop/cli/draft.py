"""The report's draft from the command line: the narrative sections, the trích yếu, Kính gửi, Nơi nhận and the
report date, read from a JSON/TOML file (`--draft`) or options (`--set-section KEY=FILE.txt`, `--subject`,
`--recipient`, `--cc`, `--date`), all
checked before anything is written and then saved by `narrative.save_draft` (one transaction, its audit row); the
draft written back out for editing (`--export-draft`); and the "…" gaps still left, each named by its section and
the words around it.

Draft file (JSON or TOML), every key optional:
    {"period": "2026-H1", "report_date": "30/06/2026", "subject": "Sơ kết 6 tháng đầu năm 2026 thực hiện …",
     "recipients": ["Ủy ban nhân dân tỉnh Quảng Ngãi", "Sở Nội vụ tỉnh Quảng Ngãi"],
     "cc": ["Như trên", "Lưu: VT, VHXH"],
     "sections": {"danh_gia": ["1. Ưu điểm", "…"], "de_xuat": "Đề nghị …", "khen_thuong": null}}
A section is a text or a list of lines; null gives it back to the text generated from the figures. A text equal to
the generated one stays generated (its numbers keep following the ledger); so does a trích yếu equal to the default
for the period (null gives the default back).
"""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from db.connection import Ledger
from desktop.cli.common import read_data, read_text, user_path
from desktop.core.errors import UserError
from desktop.core.ledger import setup
from desktop.core.ledger.periods import Period
from desktop.core.report import narrative
from desktop.core.text.vnformat import format_date, parse_date

FILE_KEYS = {"period": "kỳ báo cáo", "report_date": "ngày báo cáo", "subject": "trích yếu", "recipients": "Kính gửi",
             "cc": "Nơi nhận", "sections": "các mục của báo cáo",
             "headings": "tên các mục (chỉ để đọc, không ghi vào sổ)"}
GAP = narrative.PLACEHOLDER
CONTEXT = 36  # characters of text shown either side of a gap


def add_draft_options(s: argparse.ArgumentParser) -> None:
    s.add_argument("--draft", metavar="FILE.json|FILE.toml", default=None,
                   help="nội dung báo cáo từ tệp: sections, recipients (Kính gửi), cc (Nơi nhận), report_date")
    s.add_argument("--set-section", action="append", default=[], metavar="MỤC=FILE.txt",
                   help="thay nội dung một mục bằng tệp văn bản UTF-8 (mỗi dòng một đoạn; \"-\" là đầu vào chuẩn); "
                        "các mục: " + ", ".join(narrative.SECTIONS))
    s.add_argument("--reset-section", action="append", default=[], metavar="MỤC",
                   help="trả một mục về nội dung tự động theo số liệu")
    s.add_argument("--subject", default=None, metavar="TRÍCH YẾU",
                   help="trích yếu của báo cáo (\"\" trả về trích yếu mặc định của kỳ)")
    s.add_argument("--recipient", action="append", default=None, metavar="CƠ QUAN",
                   help="một dòng \"Kính gửi\" (lặp lại cho nhiều cơ quan; thay cả danh sách)")
    s.add_argument("--cc", action="append", default=None, metavar="NƠI NHẬN",
                   help="một dòng \"Nơi nhận\" (lặp lại; thay cả danh sách; dòng cuối \"Lưu: VT, …\")")
    s.add_argument("--date", default=None, metavar="dd/mm/yyyy",
                   help="ngày của báo cáo (mặc định: ngày ban hành, tức hôm nay khi --issue)")
    s.add_argument("--export-draft", metavar="FILE.json", default=None,
                   help="ghi nội dung báo cáo hiện tại ra tệp JSON để sửa rồi nạp lại bằng --draft")


def _valid_sections() -> str:
    return "; ".join(f"{k} ({heading})" for k, heading in narrative.SECTIONS.items())


def _lines(value: Any, where: str, errors: list[str]) -> str | None:
    """A section's text from a file value: a text or a list of lines."""
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        value = "\n".join(value)
    if not isinstance(value, str):
        errors.append(f"{where}: cần một đoạn chữ hoặc danh sách các dòng chữ.")
        return None
    if not value.strip():
        errors.append(f"{where}: đang để trống; muốn dùng lại nội dung tự động thì ghi null "
                      "(hoặc --reset-section).")
        return None
    return value


def _items(value: Any, label: str, where: str, errors: list[str]) -> list[str] | None:
    """Kính gửi / Nơi nhận: a list of lines, none empty; the list may not be empty (Nghị định 30/2020, Phụ lục I:
    a report sent upward has Kính gửi; Nơi nhận ends with "Lưu: VT, …" — domain.md §1, ô 9a–9b)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        errors.append(f"{where}: \"{label}\" cần danh sách các dòng chữ.")
        return None
    items = [x.strip().strip(";.").strip() for x in value]
    items = [x.removeprefix("-").strip() for x in items]
    if not any(items):
        errors.append(f"{where}: \"{label}\" không được để trống.")
        return None
    return [x for x in items if x]


def _from_file(path: str, period: Period, errors: list[str]) -> dict[str, Any]:
    data = read_data(user_path(path))
    where = f"Tệp {path}"
    unknown = [k for k in data if k not in FILE_KEYS]
    if unknown:
        valid = "; ".join(f"{k} ({what})" for k, what in FILE_KEYS.items())
        errors.append(f"{where}: không có khóa {', '.join(repr(k) for k in unknown)}. Các khóa hợp lệ: {valid}.")
    if "period" in data and str(data["period"]) != period.code:
        errors.append(f"{where} là nội dung báo cáo kỳ {data['period']}, không phải kỳ {period.code}.")
    out: dict[str, Any] = {}
    sections = data.get("sections") or {}
    if not isinstance(sections, dict):
        errors.append(f"{where}: \"sections\" cần dạng {{\"mục\": nội dung}}.")
        sections = {}
    out["sections"] = {}
    for key, value in sections.items():
        if key not in narrative.SECTIONS:
            errors.append(f"{where}: không có mục \"{key}\". Các mục: {_valid_sections()}.")
        elif value is None:
            out["sections"][key] = None
        else:
            out["sections"][key] = _lines(value, f"{where}, mục {key}", errors)
    for key, label in (("recipients", "Kính gửi"), ("cc", "Nơi nhận")):
        if data.get(key) is not None:
            out[key] = _items(data[key], label, where, errors)
    if "subject" in data:
        out["subject"] = _subject("" if data["subject"] is None else data["subject"], f"{where}, subject", errors)
    if data.get("report_date") is not None:
        out["report_date"] = _date(str(data["report_date"]), f"{where}, report_date", errors)
    return out


def _subject(value: Any, where: str, errors: list[str]) -> str | None:
    """The trích yếu: one line of text ("" = the default for the period), at most narrative.SUBJECT_MAX long."""
    if not isinstance(value, str):
        errors.append(f"{where}: trích yếu cần một dòng chữ.")
        return None
    text = " ".join(value.split())
    if len(text) > narrative.SUBJECT_MAX:
        errors.append(f"{where}: trích yếu dài quá {narrative.SUBJECT_MAX} ký tự; hãy viết gọn lại.")
        return None
    return text


def _date(text: str, where: str, errors: list[str]) -> str | None:
    try:
        return parse_date(text).isoformat()
    except ValueError as exc:
        errors.append(f"{where}: {exc}")
        return None


def changes(args: argparse.Namespace, ledger: Ledger, period: Period) -> dict[str, Any]:
    """What `--draft` and the options ask to change, as `save_draft`'s arguments; every problem is collected and
    refused at once before anything is written. Options win over the file."""
    errors: list[str] = []
    wanted = _from_file(args.draft, period, errors) if args.draft else {"sections": {}}
    for item in args.set_section:
        key, sep, path = item.partition("=")
        key = key.strip()
        if not sep or not path:
            errors.append(f"--set-section {item}: cần dạng MỤC=TỆP, ví dụ danh_gia=danh-gia.txt.")
        elif key not in narrative.SECTIONS:
            errors.append(f"--set-section: không có mục \"{key}\". Các mục: {_valid_sections()}.")
        else:
            try:
                wanted["sections"][key] = _lines(read_text(user_path(path)), f"--set-section {key}={path}", errors)
            except UserError as exc:
                errors.append(f"--set-section {key}: {exc}")
    for key in args.reset_section:
        if key not in narrative.SECTIONS:
            errors.append(f"--reset-section: không có mục \"{key}\". Các mục: {_valid_sections()}.")
        wanted["sections"][key] = None
    for key, given, label, option in (("recipients", args.recipient, "Kính gửi", "--recipient"),
                                      ("cc", args.cc, "Nơi nhận", "--cc")):
        if given is not None:
            wanted[key] = _items(given, label, option, errors)
    if args.subject is not None:
        wanted["subject"] = _subject(args.subject, "--subject", errors)
    if args.date:
        wanted["report_date"] = _date(args.date, "--date", errors)
    if errors:
        raise UserError("Nội dung báo cáo chưa dùng được (chưa ghi gì vào sổ):\n" +
                        "\n".join(f"  - {e}" for e in errors))
    return _only_real(ledger, period, wanted)


def _norm(text: str) -> str:
    return "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())


def _only_real(ledger: Ledger, period: Period, wanted: dict[str, Any]) -> dict[str, Any]:
    """Leave out what would change nothing, and let a section equal to its generated text stay generated."""
    draft = narrative.load_draft(ledger, period)
    ctx = narrative.context(ledger, period)
    sections: dict[str, str | None] = {}
    for key, text in wanted.get("sections", {}).items():
        edited = key in draft["sections"]
        if text is not None and _norm(text) == _norm(narrative.GENERATORS[key](ctx)):
            text = None
        if text is None and not edited:
            continue
        if text is not None and edited and _norm(text) == _norm(draft["sections"][key]):
            continue
        sections[key] = text
    out: dict[str, Any] = {"sections": sections} if sections else {}
    unit = ctx.unit
    now = effective(draft, unit)
    for key in ("recipients", "cc"):
        if key in wanted and (draft[key] is not None or wanted[key] != now[key]) and wanted[key] != draft[key]:
            out[key] = wanted[key]
    if "subject" in wanted:
        own = wanted["subject"] if wanted["subject"] != narrative.subject(period, ctx.movement_end_year) else ""
        if own != (draft["subject"] or ""):
            out["subject"] = own
    if wanted.get("report_date") and wanted["report_date"] != draft["report_date"]:
        out["report_date"] = wanted["report_date"]
    return out


def effective(draft: dict[str, Any], unit: dict[str, Any]) -> dict[str, list[str]]:
    """Kính gửi and Nơi nhận as the report prints them (the draft's, else the defaults) — as report.build does."""
    return {"recipients": draft["recipients"] if draft["recipients"] is not None else
            narrative.default_recipients(unit),
            "cc": draft["cc"] if draft["cc"] is not None else narrative.default_cc(unit)}


def describe_changes(saved: dict[str, Any]) -> str:
    parts = [narrative.SECTIONS[k] + (" (về nội dung tự động)" if v is None else "")
             for k, v in saved.get("sections", {}).items()]
    if "subject" in saved:
        parts.append("trích yếu" + ("" if saved["subject"] else " (về trích yếu mặc định)"))
    parts += [label for key, label in (("recipients", "Kính gửi"), ("cc", "Nơi nhận")) if key in saved]
    if "report_date" in saved:
        parts.append(f"ngày báo cáo {format_date(saved['report_date'])}")
    return "; ".join(parts)


def exported(ledger: Ledger, period: Period) -> str:
    """The draft as a JSON file the clerk edits and loads back with --draft (every section, generated or not)."""
    draft = narrative.load_draft(ledger, period)
    unit = setup.get_unit(ledger)
    data = {
        "period": period.code,
        "report_date": format_date(draft["report_date"]) if draft["report_date"] else None,
        "subject": narrative.title(ledger, period, draft),
        **effective(draft, unit),
        "headings": dict(narrative.SECTIONS),
        "sections": {k: text.splitlines() for k, (text, _) in narrative.texts(ledger, period).items()},
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- gaps


def _fragment(line: str, start: int, end: int) -> str:
    """The words around line[start:end]: about CONTEXT characters either side, widened to whole words (and to
    the line's end when little is left)."""
    a, b = start - CONTEXT, end + CONTEXT
    a = 0 if a <= CONTEXT // 3 else line.rfind(" ", 0, a) + 1
    b = len(line) if b >= len(line) - CONTEXT // 3 or line.find(" ", b) < 0 else line.find(" ", b)
    return line[a:b].strip()


def _line_gaps(lines: list[str], i: int) -> list[str]:
    line = lines[i].strip()
    if line == GAP:  # a line of its own, under a sub-heading ("2. Tồn tại, hạn chế …")
        before = next((x.strip() for x in reversed(lines[:i]) if x.strip()), "")
        return [f"dòng “{GAP}” sau “{before}”" if before else f"dòng “{GAP}” ở đầu mục"]
    spots = [m.start() for m in re.finditer(re.escape(GAP), line)]
    clusters: list[list[int]] = [[spots[0]]]
    for s in spots[1:]:
        if s - clusters[-1][-1] <= 2 * CONTEXT:
            clusters[-1].append(s)
        else:
            clusters.append([s])
    return [f"“{_fragment(line, c[0], c[-1] + len(GAP))}”" for c in clusters]


def gaps(ledger: Ledger, period: Period) -> list[str]:
    """Every "…" the printed report would still hold: the trích yếu, "<section> [key]: “words … around”", then Kính
    gửi and Nơi nhận. The sections are `narrative.texts`, so the list matches `narrative.unfilled` (what the GUI
    shows)."""
    draft = narrative.load_draft(ledger, period)
    subject = narrative.title(ledger, period, draft)
    out = [f"Trích yếu: “{subject}”"] if GAP in subject else []
    for key, (text, _) in narrative.texts(ledger, period).items():
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if GAP in line:
                out += [f"{narrative.SECTIONS[key]} [{key}]: {g}" for g in _line_gaps(lines, i)]
    printed = effective(draft, setup.get_unit(ledger))
    for key, label in (("recipients", "Kính gửi"), ("cc", "Nơi nhận")):
        out += [f"{label}: “{item}”" for item in printed[key] if GAP in item]
    return out
