"""The audit trail: one row per change, written inside the change's own transaction."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from db.connection import Ledger
from desktop.core.ledger import vocab


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict, dict]:
    """Keep only the fields that changed, so the history reads as 'what changed'."""
    before = before or {}
    after = after or {}
    skip = {"updated_at", "created_at", "search", "sort_key"}
    keys = [k for k in {**before, **after} if k not in skip]
    changed = [k for k in keys if before.get(k) != after.get(k)]
    b = {k: before.get(k) for k in changed} if before else {}
    a = {k: after.get(k) for k in changed if after.get(k) is not None or before}
    return b, a


# What a clerk calls each stored field, for the history page.
FIELD_LABELS: dict[str, str] = {
    "name": "Tên", "leader": "Tổ trưởng", "deputy": "Tổ phó", "party_secretary": "Bí thư chi bộ",
    "front_head": "Trưởng ban CTMT", "phone": "Điện thoại", "households": "Số hộ", "population": "Nhân khẩu",
    "active": "Đang hoạt động", "merged_into_id": "Sáp nhập vào (mã)", "note": "Ghi chú", "kind": "Loại",
    "group_id": "Tổ dân phố (mã)", "address": "Địa chỉ", "birth_year": "Năm sinh", "cccd": "CCCD",
    "length_m": "Chiều dài (m)", "width_before_m": "Rộng trước (m)", "width_after_m": "Rộng sau (m)",
    "budget_state_vnd": "Ngân sách", "budget_social_vnd": "Xã hội hóa", "budget_people_vnd": "Nhân dân (dự kiến)",
    "status": "Trạng thái", "start_date": "Ngày khởi công", "completed_date": "Ngày hoàn thành",
    "meeting_ref": "Biên bản họp", "meeting_date": "Ngày họp", "unit": "Đơn vị tính", "land_type": "Loại đất",
    "price_vnd": "Đơn giá", "effective_date": "Áp dụng từ", "legal_basis": "Căn cứ",
    "contributor_id": "Người đóng góp (mã)", "work_id": "Công trình (mã)", "date": "Ngày", "quantity": "Số lượng",
    "value_vnd": "Giá trị quy đổi", "value_entered": "Giá trị do cán bộ nhập", "rate_id": "Đơn giá (mã)",
    "description": "Nội dung", "land_map_sheet": "Tờ bản đồ", "land_parcel": "Thửa đất",
    "land_structures": "Vật kiến trúc tháo dỡ", "land_handover": "Bàn giao", "evidence_no": "Biên bản số",
    "evidence_date": "Ngày biên bản", "deleted_at": "Đã xóa lúc", "code": "Mã ĐVHC", "province": "Tỉnh",
    "place_name": "Địa danh", "signer_name": "Người ký", "signer_title": "Chức vụ người ký",
    "sign_mode": "Quyền ký", "receiving_level": "Cấp nhận báo cáo", "receiving_name": "Kính gửi",
    "receiving_office": "Cơ quan tham mưu", "user_name": "Người sử dụng", "group_label": "Cách gọi tổ",
    "period_start": "Năm báo cáo bắt đầu", "role": "Vai trò", "issuer_abbr": "Viết tắt cơ quan",
    "drafting_abbr": "Viết tắt đơn vị soạn thảo", "size": "Cỡ", "seed": "Hạt giống",
    "symbol": "Số, ký hiệu", "doc_date": "Ngày văn bản", "number": "Số", "year": "Năm", "version": "Lần ban hành",
    "title": "Trích yếu", "period_code": "Kỳ báo cáo", "period_end": "Đến ngày",
    "issued_by": "Người ban hành", "supersedes_id": "Thay thế văn bản (mã)", "sha256": "Mã kiểm tra SHA-256",
    "unlocked_at": "Mở khóa lúc", "unlocked_by": "Người mở khóa", "unlock_reason": "Lý do mở khóa",
    "target_value": "Chỉ tiêu", "result_value": "Kết quả", "unit_label": "Đơn vị tính", "source": "Kết quả lấy từ",
    "sort_order": "Thứ tự", "movement_id": "Phong trào (mã)", "sections": "Nội dung báo cáo",
    "recipients": "Kính gửi", "cc": "Nơi nhận", "report_date": "Ngày báo cáo",
    "award_kind_id": "Hình thức khen thưởng (mã)", "subject": "Đối tượng",
    "nominee_name": "Người, tập thể được đề nghị", "achievement": "Tóm tắt thành tích",
    "land_m2": "Diện tích đất (m²)", "meeting_id": "Cuộc họp (mã)", "votes_for": "Số phiếu đồng ý",
    "decision_no": "Số quyết định", "decision_date": "Ngày quyết định", "submission_no": "Số tờ trình",
    "submission_date": "Ngày tờ trình", "outcome_reason": "Lý do", "book_no": "Số sổ vàng", "form": "Loại",
    "subjects": "Đối tượng được khen", "decided_by": "Cấp quyết định", "level": "Thẩm quyền",
    "multiplier": "Hệ số tiền thưởng", "threshold_vnd": "Ngưỡng giá trị (đồng)",
    "threshold_m2": "Ngưỡng diện tích (m²)", "members_total": "Số thành viên Hội đồng",
    "members_present": "Số thành viên có mặt", "chair": "Chủ tọa", "secretary": "Thư ký", "place": "Địa điểm",
    "conclusion": "Kết luận", "base_salary_vnd": "Mức lương cơ sở",

    # Documents, locks, keys, meetings and proposals (their history shows in Lịch sử thay đổi too).
    "chairman_name": "Chủ tịch", "document_id": "Văn bản (mã)", "start": "Từ ngày", "end": "Đến ngày",
    "fingerprint": "Dấu vân tay khóa", "public_key": "Khóa công khai", "start_time": "Bắt đầu",
    "end_time": "Kết thúc", "attendees": "Thành phần tham dự", "decision_doc_id": "Quyết định (mã)",
    "submission_doc_id": "Tờ trình (mã)", "proposal_id": "Đề nghị (mã)", "contribution_id": "Khoản đóng góp (mã)",
    "from_status": "Từ bước", "to_status": "Sang bước", "reason": "Lý do", "detail": "Chi tiết",
    "short_name": "Tên ngắn", "start_year": "Từ năm", "end_year": "Đến năm", "key": "Mục", "value": "Giá trị",
    "file_name": "Tên tệp", "report_symbol": "Số, ký hiệu báo cáo",

    # The reporting round, indicators, thu – chi, the upper level's register (m0008).
    "contact_name": "Người liên hệ", "contact_phone": "Điện thoại liên hệ", "field": "Lĩnh vực",
    "own_deadline": "Hạn nộp (của đơn vị mình)", "upper_deadline": "Hạn nộp của cấp trên",
    "received_on": "Ngày nhận", "figures": "Số liệu", "texts": "Nội dung", "superseded_by_id": "Thay bằng (mã)",
    "entered_by": "Người nhập", "file_sha256": "Mã kiểm tra tệp", "unit_id": "Đơn vị báo cáo (mã)",
    "source_kind": "Nguồn số liệu", "source_unit_id": "Đơn vị báo (mã)", "item": "Nội dung chi",
    "amount_vnd": "Số tiền (đồng)", "spent_on": "Ngày chi", "document": "Chứng từ", "joined_period": "Báo cáo từ kỳ",
    "registered_at": "Đăng ký lúc", "replaced_at": "Thay lúc", "ward_id": "Đơn vị cấp dưới (mã)",
}


# Stored codes shown with their Vietnamese labels ("kind: ho" reads "Loại: Hộ gia đình").
_VALUE_LABELS: dict[str, dict] = {
    "kind": {**vocab.UNIT_KINDS, **vocab.CONTRIBUTOR_KINDS, **vocab.CONTRIBUTION_KINDS, **vocab.WORK_KINDS},
    "status": {**vocab.CONTRIBUTION_STATUSES, **vocab.WORK_STATUSES, **vocab.PROPOSAL_STATUSES},
    "land_handover": vocab.LAND_HANDOVER,
    "receiving_level": vocab.RECEIVING_LEVELS,
    "role": {"ward": "Phường/xã", "upper": "Cấp trên"},
    "active": {1: "Có", 0: "Không"},
    "value_entered": {1: "Có", 0: "Không"},
}


# Personal data (Nghị định 13/2023/NĐ-CP): the same fields the handoff leaves out (exchange.handoff.PERSONAL).
# The history on screen shows them (the clerk has the ledger); an export shows them only when the clerk asks.
PERSONAL_FIELDS = frozenset({"phone", "cccd", "contact_phone"})
PERSONAL_HIDDEN = "(không xuất — dữ liệu cá nhân)"


def describe(fields_json: str | None, *, personal: bool = True) -> str:
    """'Số lượng: 4; Giá trị quy đổi: 1000000' from the stored JSON, with the clerk's words. With
    personal=False a phone or CCCD number reads PERSONAL_HIDDEN: the change is still there, not the number."""
    if not fields_json:
        return ""
    try:
        data = json.loads(fields_json)
    except ValueError:
        return fields_json if personal else PERSONAL_HIDDEN
    if not isinstance(data, dict):
        return str(data) if personal else PERSONAL_HIDDEN  # not a row the app wrote: nothing to tell apart
    parts = []
    for key, value in data.items():
        if key in ("id", "uuid"):
            continue
        if value is None:
            shown = "(trống)"
        elif not personal and key in PERSONAL_FIELDS:
            shown = PERSONAL_HIDDEN
        else:
            shown = str(_VALUE_LABELS.get(key, {}).get(value, value))
        parts.append(f"{FIELD_LABELS.get(key, key)}: {shown}")
    return "; ".join(parts)


def record(
    ledger: Ledger,
    action: str,
    table: str,
    summary: str,
    *,
    record_id: int | None = None,
    record_uuid: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Write one audit row. Must be called inside `ledger.transaction()`."""
    assert ledger.conn.in_transaction, "audit rows are written in the change's own transaction"
    b, a = _diff(before, after)
    ledger.db["audit"].insert(
        {
            "at": now_iso(),
            "user": ledger.user or "",
            "action": action,
            "table_name": table,
            "record_id": record_id,
            "record_uuid": record_uuid,
            "summary": summary,
            "before": json.dumps(b, ensure_ascii=False) if b else None,
            "after": json.dumps(a, ensure_ascii=False) if a else None,
        }
    )
