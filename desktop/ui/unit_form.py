"""The form of the unit (phường/xã), shared by the Cài đặt page and the first-start dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout

from desktop.core.ledger import vocab as V
from desktop.core.pdf import heading
from desktop.ui.record_dialog import Field, RecordDialog

PLACE_HINT = ("Để trống thì in theo Nghị định 30/2020 (Phụ lục I): tên đặt theo tên người, sự kiện lịch sử hoặc "
              "bằng số ghi đầy đủ (“Phường Nguyễn Nghiêm”, “Phường 3”); tên khác bỏ chữ “Phường”, “Xã” "
              "(“Tịnh Khê”). Gõ vào đây nếu chương trình đoán sai.")


def unit_fields(first_start: bool = False) -> list[Field]:
    sign = "Người ký văn bản"
    upper = "Cấp trên nhận báo cáo"
    fields = [
        Field("name", "Tên phường/xã", required=True, placeholder="Ví dụ: Phường Nguyễn Nghiêm"),
        Field("kind", "Loại đơn vị", "choice", required=True, choices=list(V.UNIT_KINDS.items())),
        Field("code", "Mã đơn vị hành chính", required=True, placeholder="Ví dụ: 21580"),
        Field("province", "Tỉnh/thành phố", placeholder="Ví dụ: Quảng Ngãi"),
        Field("place_name", "Địa danh ghi ngày tháng", hint=PLACE_HINT),
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


def place_preview_text(name: str, typed: str) -> str:
    """"Phường Nguyễn Nghiêm, ngày … tháng … năm …": the date line as the documents will print it."""
    place = heading.place_name({"name": name, "place_name": typed})
    return f"{place}, ngày … tháng … năm …" if place else ""


def form_values(unit: dict[str, Any]) -> dict[str, Any]:
    """The unit as the form shows it: a place name the documents do not use (the bare name older versions stored
    for a unit named after a person) shows as empty, so the field and the preview agree."""
    shown = dict(unit)
    if heading.place_name(unit) != " ".join((unit.get("place_name") or "").split()):
        shown["place_name"] = ""
    return shown


def attach_place_preview(dialog: RecordDialog) -> QLabel:
    """A line under the place-name field showing the date line as it will print, following what the clerk types."""
    name_edit, place_edit = dialog.widgets["name"], dialog.widgets["place_name"]
    assert isinstance(name_edit, QLineEdit) and isinstance(place_edit, QLineEdit)
    preview = QLabel()
    preview.setObjectName("placePreview")
    preview.setStyleSheet("font-style: italic;")  # one line: a wrapping label here upsets the form's row heights
    cell = place_edit.parentWidget()
    layout = cell.layout() if cell is not None else None
    if isinstance(layout, QVBoxLayout):
        layout.insertWidget(1, preview)  # right under the field, above its hint

    def update() -> None:
        shown = place_preview_text(name_edit.text(), place_edit.text())
        preview.setText(f"Sẽ in: {shown}" if shown else "")
        place_edit.setPlaceholderText(heading.default_place({"name": name_edit.text()}))

    name_edit.textChanged.connect(update)
    place_edit.textChanged.connect(update)
    update()
    return preview
