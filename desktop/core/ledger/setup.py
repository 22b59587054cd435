"""The ward (or upper level) itself: first-start setup and the settings page."""

from __future__ import annotations

import re
from typing import Any

from db.connection import Ledger
from desktop.core.errors import UserError, ValidationError
from desktop.core.ledger import audit, records
from desktop.core.ledger.fields import Form
from desktop.core.ledger.vocab import RECEIVING_LEVELS, SIGN_MODES, UNIT_KINDS
from desktop.core.text.vntext import fold

DEFAULT_MOVEMENT = (
    "Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, chống lãng phí"
)

# Example rates so the first entries get a value at once. They are marked as examples: the clerk
# must replace them with the province's land price table and the ward's own decisions.
SAMPLE_RATES = [
    {"kind": "land", "unit": "m²", "land_type": "ODT", "name": "Đất ở tại đô thị (mẫu)", "price_vnd": 5_000_000},
    {"kind": "land", "unit": "m²", "land_type": "ONT", "name": "Đất ở tại nông thôn (mẫu)", "price_vnd": 2_000_000},
    {"kind": "land", "unit": "m²", "land_type": None, "name": "Đất khác (mẫu)", "price_vnd": 1_000_000},
    {"kind": "labour", "unit": "ngày công", "land_type": None, "name": "Ngày công lao động phổ thông (mẫu)",
     "price_vnd": 250_000},
    {"kind": "materials", "unit": "tấn", "land_type": None, "name": "Xi măng (mẫu)", "price_vnd": 1_600_000},
    {"kind": "materials", "unit": "m³", "land_type": None, "name": "Cát, đá xây dựng (mẫu)", "price_vnd": 350_000},
]
SAMPLE_NOTE = "Đơn giá mẫu — cần thay bằng bảng giá của tỉnh và quyết định của địa phương."


def is_initialized(ledger: Ledger) -> bool:
    return ledger.conn.execute("SELECT count(*) FROM unit").fetchone()[0] > 0


def get_unit(ledger: Ledger) -> dict[str, Any]:
    row = ledger.conn.execute("SELECT * FROM unit WHERE id = 1").fetchone()
    if row is None:
        raise UserError("Sổ chưa được khởi tạo: hãy chạy \"thidua init\" hoặc mở chương trình để khai báo đơn vị.")
    cols = [d[0] for d in ledger.conn.execute("SELECT * FROM unit LIMIT 0").description]
    return dict(zip(cols, row, strict=True))


def validate_unit(values: dict[str, Any], creating: bool) -> dict[str, Any]:
    form = Form(values)
    req = creating
    form.text("name", "Tên đơn vị", required=req or "name" in values, max_len=120)
    form.choice("kind", "Loại đơn vị", UNIT_KINDS, required=req or "kind" in values)
    code = form.text("code", "Mã ĐVHC", required=req or "code" in values, max_len=10)
    if code and not re.fullmatch(r"[0-9A-Za-z]{2,10}", code):
        form.error("code", "Mã ĐVHC: chỉ gồm chữ số (ví dụ 21580).")
    for key, label in (("province", "Tỉnh/thành phố"), ("place_name", "Địa danh ghi ngày tháng"),
                       ("issuer_abbr", "Chữ viết tắt cơ quan ban hành"),
                       ("drafting_abbr", "Chữ viết tắt đơn vị soạn thảo"),
                       ("signer_name", "Người ký"), ("signer_title", "Chức vụ người ký"),
                       ("chairman_name", "Chủ tịch UBND"), ("receiving_name", "Cơ quan cấp trên nhận báo cáo"),
                       ("receiving_office", "Cơ quan tham mưu cấp trên"), ("user_name", "Tên người sử dụng"),
                       ("group_label", "Cách gọi tổ dân phố/thôn")):
        form.text(key, label, max_len=200)
    form.choice("sign_mode", "Quyền ký", SIGN_MODES, required=False)
    form.choice("receiving_level", "Cấp nhận báo cáo", RECEIVING_LEVELS, required=False)
    form.choice("role", "Vai trò", {"ward": "Phường/xã", "upper": "Cấp trên (tổng hợp)"}, required=False)
    start = form.text("period_start", "Ngày bắt đầu kỳ báo cáo", max_len=5)
    if start and not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", start):
        form.error("period_start", "Ngày bắt đầu kỳ báo cáo: dạng MM-DD, ví dụ 01-01 hoặc 12-15.")
    return {k: v for k, v in form.done().items() if v is not None or not creating}


def defaults_for(values: dict[str, Any]) -> dict[str, Any]:
    """Sensible defaults a clerk would otherwise type: the place name from the unit's name,
    the receiving bodies from the province (current two-level government, from 01/7/2025)."""
    kind = values.get("kind") or "phuong"
    name = values.get("name") or ""
    prefix = UNIT_KINDS.get(kind, "")
    place = name[len(prefix):].strip() if name.lower().startswith(prefix.lower()) else name
    province = (values.get("province") or "").strip()
    prov_full = province if re.match(r"(?i)(tỉnh|thành phố)\b", province) else (f"tỉnh {province}" if province else "")
    return {
        "kind": kind,
        "place_name": place,
        "issuer_abbr": "UBND",
        "drafting_abbr": "VHXH",
        "signer_title": "Chủ tịch",
        "sign_mode": "TM",
        "receiving_level": "tinh",
        "receiving_name": f"Ủy ban nhân dân {prov_full}".strip(),
        "receiving_office": f"Sở Nội vụ {prov_full}".strip(),
        "role": "ward",
        "group_label": "Thôn" if kind == "xa" else "Tổ dân phố",
        "period_start": "01-01",
    }


def check_signer(unit: dict[str, Any]) -> None:
    """KT. is a deputy signing for the head (Nghị định 30/2020/NĐ-CP, Phụ lục I, "KT."; domain.md §1.3): under
    "KT. CHỦ TỊCH" the signer's title cannot be "Chủ tịch" itself. (Empty: the document prints "Phó Chủ tịch".)"""
    if (unit.get("sign_mode") or "TM") == "KT" and fold(unit.get("signer_title") or "") == fold("Chủ tịch"):
        raise ValidationError({"signer_title": "Quyền ký KT. (ký thay Chủ tịch): chức vụ người ký là Phó Chủ tịch, "
                                               "không phải Chủ tịch. Chủ tịch ký thì chọn quyền ký TM."})


def initialize(ledger: Ledger, values: dict[str, Any], *, sample_rates: bool = True) -> None:
    """Create the unit row, the default movement and (for a ward) example rates, in one transaction."""
    if is_initialized(ledger):
        raise UserError(f"Sổ {ledger.path.name} đã được khởi tạo cho {get_unit(ledger)['name']}; không khởi tạo lại.")
    clean = validate_unit(values, creating=True)
    row = {**defaults_for(clean), **{k: v for k, v in clean.items() if v is not None}}
    check_signer(row)
    row.update({"id": 1, "uuid": records.new_uuid(), "created_at": audit.now_iso()})
    if row.get("user_name"):
        ledger.user = row["user_name"]
    with ledger.transaction() as db:
        db["unit"].insert(row)
        audit.record(ledger, "setup", "unit", f"Khởi tạo sổ cho {row['name']}", record_id=1,
                     record_uuid=row["uuid"], after=row)
        now = audit.now_iso()
        db["movements"].insert({"uuid": records.new_uuid(), "name": DEFAULT_MOVEMENT,
                                "short_name": "Phát triển kết cấu hạ tầng",
                                "legal_basis": "Quyết định số 1478/QĐ-TTg ngày 28/11/2022 của Thủ tướng Chính phủ",
                                "start_year": 2022, "end_year": 2030, "created_at": now, "updated_at": now})
        if row.get("role", "ward") == "ward":
            from desktop.core.ledger import signing_key  # cryptography loads only here and when a file is signed

            signing_key.ensure_ward_key(ledger)
        if sample_rates and row.get("role", "ward") == "ward":
            for rate in SAMPLE_RATES:
                db["rates"].insert({**rate, "uuid": records.new_uuid(), "effective_date": "2020-01-01",
                                    "legal_basis": None, "note": SAMPLE_NOTE, "created_at": now, "updated_at": now})


def update_unit(ledger: Ledger, values: dict[str, Any]) -> None:
    clean = validate_unit(values, creating=False)
    with ledger.transaction() as db:
        before = get_unit(ledger)
        changed = {k: v for k, v in clean.items() if before.get(k) != v}
        if not changed:
            return
        check_signer({**before, **changed})
        db["unit"].update(1, changed)
        audit.record(ledger, "update", "unit", "Sửa thông tin đơn vị", record_id=1, record_uuid=before["uuid"],
                     before=before, after={**before, **changed})
    if changed.get("user_name"):
        ledger.user = changed["user_name"]
