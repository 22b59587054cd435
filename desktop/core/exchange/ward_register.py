"""The upper level's register of its wards beyond their keys: the list of communes imported from the clerk's
workbook (read by desktop.core.intake.ward_list), a ward's details edited, and the period it first reports.

- The code is the commune's mã đơn vị hành chính, 5 digits (Quyết định 124/2004/QĐ-TTg, Bảng danh mục và mã số
  các đơn vị hành chính Việt Nam: "Mã số cấp cho một đơn vị hành chính là số định danh duy nhất, không thay đổi";
  a commune formed by merging keeps the code of the one whose People's Committee seat it keeps). The communes of
  the 2025 reorganisation (Nghị quyết 76/2025/UBTVQH15 of 14/4/2025 on arranging administrative units in 2025;
  one Nghị quyết of the Ủy ban Thường vụ Quốc hội per province on 16/6/2025, e.g. 1656/NQ-UBTVQH15 for Hà Nội;
  3.321 commune-level units: 2.636 xã, 672 phường, 13 đặc khu after Nghị quyết 125, 126/NQ-CP of 9/5/2025) keep
  5-digit codes; a province has about 100–170 of them.
- kind: phuong | xa | dac_khu (the three kinds of commune-level unit of the 2025 arrangement: xã, phường, đặc khu).
- A ward listed from the file has no key yet (public_key = fingerprint = ''): its key is registered later by file
  (ward_keys.register_key), the fingerprint read back over the phone.

`plan` writes nothing and names every bad row by sheet, row and column; `apply` plans again inside one write
transaction (what another window registered meanwhile counts) and writes all of it or nothing, each ward with its
audit row and one row for the whole list. A ward already registered is never added twice: its name, kind or contact
is updated only when the clerk confirms (update_existing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.ledger import audit, periods, records, setup
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes
from desktop.core.text.vntext import fold, normalize_name

KINDS = {"phuong": "Phường", "xa": "Xã", "dac_khu": "Đặc khu"}
CODE_LEN = 5
CODE_RULE = (f"mã đơn vị hành chính cấp xã gồm đúng {CODE_LEN} chữ số (Bảng danh mục và mã số các đơn vị hành "
             "chính Việt Nam, Quyết định 124/2004/QĐ-TTg), ví dụ 00004 hoặc 21256")
LABELS = {"code": "Mã ĐVHC", "name": "Tên đơn vị", "kind": "Loại", "contact_name": "Người liên hệ",
          "contact_phone": "Điện thoại", "joined_period": "Kỳ báo cáo đầu tiên"}
EDITABLE = ("name", "kind", "contact_name", "contact_phone")
_COLS = ("id", "code", "name", "kind", "contact_name", "contact_phone", "joined_period", "fingerprint")
DEMO_CODE = r"DEMO\d{2}"  # the demo wards' invented codes (demo/wards.py): listed like a real one, to try it out
_MAX_SHOWN = 12  # problems named in a refusal; the preview lists them all


@dataclass
class Problem:
    sheet: str
    row: int  # 1-based Excel row
    column: str  # the header as the clerk reads it
    text: str  # what the cell holds
    message: str

    def __str__(self) -> str:
        typed = f" (ô ghi \"{self.text}\")" if self.text else ""
        return f"Trang \"{self.sheet}\", dòng {self.row}, cột \"{self.column}\"{typed}: {self.message}"


@dataclass
class ListPlan:
    source: str  # the file's name, for the history
    joined_period: str
    new: list[dict[str, Any]] = field(default_factory=list)  # clean values, with "where" (sheet, row)
    updates: list[dict[str, Any]] = field(default_factory=list)  # {"id", "code", "where", "before", "after"}
    same: list[str] = field(default_factory=list)  # codes registered with the same details
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "joined_period": self.joined_period, "new": self.new,
                "updates": self.updates, "same": self.same, "problems": [str(p) for p in self.problems],
                "notes": self.notes}


def kind_label(kind: str | None) -> str:
    return KINDS.get(kind or "", "")


def parse_code(value: Any) -> tuple[str | None, str | None]:
    """(the 5-digit code, None) or (None, why). A number cell lost its leading zeros in Excel: 4 → "00004"."""
    if isinstance(value, bool) or value is None:
        return None, "chưa ghi mã." if value is None else f"không phải mã: {CODE_RULE}."
    if isinstance(value, int | float):
        if float(value).is_integer() and 0 < value < 10 ** CODE_LEN:
            return f"{int(value):0{CODE_LEN}d}", None
        return None, f"không phải mã: {CODE_RULE}."
    text = re.sub(r"\s", "", str(value))
    if re.fullmatch(rf"\d{{{CODE_LEN}}}", text) or re.fullmatch(DEMO_CODE, text):
        return text, None
    return None, f"không đúng dạng: {CODE_RULE}."


def guess_kind(name: str) -> str | None:
    """The kind a name starts with: "Phường An Phú" → phuong, "Xã …" → xa, "Đặc khu …" → dac_khu."""
    folded = fold(name)
    for kind in ("dac_khu", "phuong", "xa"):
        if folded.startswith(fold(KINDS[kind]) + " "):
            return kind
    return None


def _clean_row(cells: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """A row's clean values and its problems (field → message)."""
    code, why = parse_code(cells.get("code"))
    form = Form({k: cells.get(k) for k in EDITABLE if k in cells})
    form.text("name", LABELS["name"], required=True, max_len=120)
    if cells.get("kind") is not None:
        form.choice("kind", LABELS["kind"], KINDS)
    form.text("contact_name", LABELS["contact_name"], max_len=120)
    form.text("contact_phone", LABELS["contact_phone"], max_len=40)
    errors = dict(form.errors)
    if why:
        errors["code"] = why
    clean = {"code": code, **form.clean}
    if not clean.get("kind") and clean.get("name") and "kind" not in errors:
        clean["kind"] = guess_kind(clean["name"])
    return clean, errors


def registered(ledger: Ledger) -> dict[str, dict[str, Any]]:
    """code → the register's row, for every ward not deleted."""
    cur = ledger.conn.execute(f"SELECT {', '.join(_COLS)} FROM wards WHERE deleted_at IS NULL")
    return {r[1]: dict(zip(_COLS, r, strict=True)) for r in cur}


def check_period(ledger: Ledger, code: str | None) -> str:
    """A period code the ward may start from (the current half-year when None)."""
    start = setup.get_unit(ledger).get("period_start") or "01-01"
    return periods.parse(code or periods.current_half(), start).code


def plan(ledger: Ledger, rows: Iterable[tuple[str, int, dict[str, Any]]], *, source: str = "",
         joined_period: str | None = None) -> ListPlan:
    """What importing the list would do: rows are (sheet, Excel row, field → cell value). Writes nothing."""
    out = ListPlan(source, check_period(ledger, joined_period))
    known = registered(ledger)
    seen: dict[str, tuple[str, int]] = {}
    for sheet, row, cells in rows:
        clean, errors = _clean_row(cells)
        for fld, message in errors.items():
            out.problems.append(Problem(sheet, row, LABELS[fld], _shown(cells.get(fld)), message))
        code = clean["code"]
        if errors or code is None:
            continue
        if code in seen:
            first = seen[code]
            out.problems.append(Problem(sheet, row, LABELS["code"], code, f"mã {code} đã có ở trang \"{first[0]}\", "
                                        f"dòng {first[1]}: mỗi đơn vị chỉ ghi một lần."))
            continue
        seen[code] = (sheet, row)
        where = {"sheet": sheet, "row": row}
        if isinstance(cells.get("code"), int | float) and len(str(int(cells["code"]))) < CODE_LEN:
            out.notes.append(f"Trang \"{sheet}\", dòng {row}: ô mã là số {int(cells['code'])} (Excel bỏ số 0 ở đầu), "
                             f"đọc thành mã {code}.")
        ward = known.get(code)
        if ward is None:
            out.new.append({**clean, "where": where})
            continue
        changed = {k: clean.get(k) for k in EDITABLE if k in clean and clean.get(k) and clean[k] != ward.get(k)}
        if changed:
            out.updates.append({"id": ward["id"], "code": code, "name": ward["name"], "where": where,
                                "before": {k: ward.get(k) for k in changed}, "after": changed})
        else:
            out.same.append(code)
    return out


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def refusal(p: ListPlan) -> str:
    listed = "; ".join(str(x).rstrip(".") for x in p.problems[:_MAX_SHOWN])
    more = f" (và {len(p.problems) - _MAX_SHOWN} lỗi khác)" if len(p.problems) > _MAX_SHOWN else ""
    return (f"Danh sách {p.source or ''} có {len(p.problems)} lỗi, chưa ghi đơn vị nào: {listed}{more}. Sửa các ô "
            "này trong tệp Excel rồi nhập lại.")


def apply(ledger: Ledger, rows: list[tuple[str, int, dict[str, Any]]], *, source: str = "",
          joined_period: str | None = None, update_existing: bool = False) -> ListPlan:
    """Import the list in one transaction (planned again under the write lock); returns what was done."""
    with ledger.transaction():
        p = plan(ledger, rows, source=source, joined_period=joined_period)
        if p.problems:
            raise UserError(refusal(p))
        if p.updates and not update_existing:
            codes = ", ".join(u["code"] for u in p.updates[:_MAX_SHOWN])
            raise UserError(f"{len(p.updates)} đơn vị đã có trong sổ nhưng tên, loại hoặc người liên hệ khác với tệp "
                            f"({codes}). Chưa ghi gì: xem lại bản xem trước, rồi đồng ý cập nhật (dòng lệnh: thêm "
                            "--dong-y-cap-nhat).")
        if not p.new and not p.updates:
            return p
        province = setup.get_unit(ledger).get("province") or ""
        for w in p.new:
            values = {k: w.get(k) for k in ("code", *EDITABLE)}
            records.create(ledger, "wards", {**values, "province": province, "public_key": "", "fingerprint": "",
                                             "joined_period": p.joined_period},
                           f"{w['name']} ({w['code']}), chưa có khóa — từ danh sách {source}".rstrip(" —"))
        for u in p.updates:
            records.update(ledger, "wards", u["id"], u["after"], f"{u['after'].get('name') or u['code']} "
                                                                  f"({u['code']}) theo danh sách {source}")
        audit.record(ledger, "import", "wards",
                     f"Nhập danh sách phường/xã từ tệp {source}: thêm {len(p.new)}, cập nhật {len(p.updates)}, "
                     f"giữ nguyên {len(p.same)}; kỳ báo cáo đầu tiên của đơn vị mới: {p.joined_period}",
                     after={"source": source, "new": [w["code"] for w in p.new],
                            "updated": [u["code"] for u in p.updates]})
    return p


def edit_ward(ledger: Ledger, ward_id: int, values: dict[str, Any]) -> Changes:
    """Change a ward's name, kind, contact or first period (its code and key are not edited here)."""
    with ledger.transaction():
        before = records.get(ledger, "wards", ward_id)
        if before.get("deleted_at"):
            raise UserError(f"{before['name']} ({before['code']}) đã bị xóa khỏi danh sách.")
        form = Form({k: v for k, v in values.items() if k in (*EDITABLE, "joined_period")})
        form.text("name", LABELS["name"], required=True, max_len=120)
        form.choice("kind", LABELS["kind"], KINDS, required=False)
        form.text("contact_name", LABELS["contact_name"], max_len=120)
        form.text("contact_phone", LABELS["contact_phone"], max_len=40)
        if values.get("joined_period"):
            try:
                form.set("joined_period", check_period(ledger, str(values["joined_period"])))
            except UserError as exc:
                form.error("joined_period", f"{LABELS['joined_period']}: {exc}")
        clean = form.done()
        name = clean.get("name") or before["name"]
        records.update(ledger, "wards", ward_id, clean, f"{normalize_name(name)} ({before['code']})")
    return Changes().add("wards", ward_id)
