"""The form of the unit (phường/xã), shared by the Cài đặt page and the first-start dialog."""

from __future__ import annotations

from desktop.core.ledger import vocab as V
from desktop.ui.record_dialog import Field


def unit_fields(first_start: bool = False) -> list[Field]:
    sign = "Người ký văn bản"
    upper = "Cấp trên nhận báo cáo"
    fields = [
        Field("name", "Tên phường/xã", required=True, placeholder="Ví dụ: Phường Nguyễn Nghiêm"),
        Field("kind", "Loại đơn vị", "choice", required=True, choices=list(V.UNIT_KINDS.items())),
        Field("code", "Mã đơn vị hành chính", required=True, placeholder="Ví dụ: 21580"),
        Field("province", "Tỉnh/thành phố", placeholder="Ví dụ: Quảng Ngãi"),
        Field("place_name", "Địa danh ghi ngày tháng",
              hint="Dòng \"…, ngày … tháng … năm …\"; để trống thì lấy theo tên phường/xã."),
        Field("signer_name", "Họ tên người ký", section=sign),
        Field("sign_mode", "Quyền ký", "choice", section=sign, choices=list(V.SIGN_MODES.items())),
        Field("signer_title", "Chức vụ người ký", section=sign, placeholder="Chủ tịch / Phó Chủ tịch"),
        Field("receiving_level", "Cấp nhận báo cáo", "choice", section=upper, choices=list(V.RECEIVING_LEVELS.items()),
              hint="Từ 01/7/2025 chính quyền địa phương hai cấp: phường/xã báo cáo thẳng UBND tỉnh (qua Sở Nội vụ)."),
        Field("receiving_name", "Kính gửi", section=upper, placeholder="Ủy ban nhân dân tỉnh …"),
        Field("receiving_office", "Cơ quan tham mưu", section=upper, placeholder="Sở Nội vụ tỉnh …"),
        Field("user_name", "Tên người sử dụng", required=first_start,
              hint="Ghi vào lịch sử thay đổi: ai đã thêm, sửa, xóa."),
    ]
    if not first_start:
        fields.insert(5, Field("group_label", "Gọi đơn vị dân cư là", "choice",
                               choices=[("Tổ dân phố", "Tổ dân phố"), ("Thôn", "Thôn"), ("Khu phố", "Khu phố")]))
        fields.insert(6, Field("period_start", "Năm báo cáo bắt đầu từ", "choice",
                               choices=[("01-01", "01/01 (năm dương lịch)"), ("12-15", "15/12 năm trước")]))
    return fields
