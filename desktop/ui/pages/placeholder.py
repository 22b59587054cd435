"""Pages whose features are still being built say so plainly, with what they will do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    def __init__(self, title: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        body = QLabel(text)
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        body.setObjectName("placeholder")
        layout.addWidget(body)
        layout.addStretch(1)


AWARDS_TEXT = (
    "<p><b>Chức năng đề xuất khen thưởng đang được xây dựng và sẽ có trong bản cập nhật tới.</b></p>"
    "<p>Khi hoàn thành, trang này sẽ giúp: gợi ý các hộ, cá nhân, tập thể đủ điều kiện từ số liệu đóng góp; "
    "lập danh sách đề nghị; ghi kết quả họp Hội đồng Thi đua – Khen thưởng; in Tờ trình, Biên bản, Quyết định "
    "và Giấy khen theo Nghị định 30/2020/NĐ-CP.</p>"
    "<p>Trong lúc chờ, số liệu đóng góp anh/chị nhập ở trang <i>Đóng góp</i> đã được lưu đầy đủ để dùng cho "
    "việc xét khen thưởng.</p>"
)

EXCHANGE_TEXT = (
    "<p><b>Chức năng trao đổi dữ liệu với cấp trên đang được xây dựng và sẽ có trong bản cập nhật tới.</b></p>"
    "<p>Khi hoàn thành, trang này sẽ: tạo tệp dữ liệu của kỳ báo cáo (có chữ ký số của phường/xã) và ghi an toàn "
    "ra USB; ở cấp trên, nhận và kiểm tra tệp của các phường/xã và lập báo cáo tổng hợp.</p>"
)
