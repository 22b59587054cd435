"""First start: declare the ward, or open a demo ledger to look around first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from desktop.ui import screen_fit
from desktop.ui.record_dialog import RecordDialog
from desktop.ui.unit_form import unit_fields


class SetupDialog(RecordDialog):
    """Returns with `choice` = "new" (result_value holds the unit) or "demo"."""

    def __init__(self, parent: QWidget | None,
                 save: Callable[[dict[str, Any], Callable[[Any], None], Callable[[BaseException], None]], None],
                 *, first_start: bool = True):
        title = "Sổ Thi đua — khai báo đơn vị lần đầu" if first_start else "Sổ Thi đua — tạo sổ mới"
        super().__init__(parent, title, unit_fields(first_start=True),
                         {"kind": "phuong", "sign_mode": "TM", "receiving_level": "tinh"}, save)
        self.choice = "new"
        intro = QLabel(
            "<b>Chào mừng đến với Sổ Thi đua.</b><br>Khai báo phường/xã của anh/chị (có thể sửa lại sau trong "
            "Cài đặt), hoặc mở <i>sổ dữ liệu mẫu</i> để xem thử chương trình trước (đơn vị và số liệu giả định; mọi "
            "văn bản in từ sổ mẫu mang dấu SỔ MẪU)." if first_start else
            "<b>Sổ mới, trống.</b><br>Khai báo phường/xã của anh/chị (có thể sửa lại sau trong Cài đặt)."
        )
        intro.setWordWrap(True)
        self.layout().insertWidget(0, intro)
        self.save_button.setText("Tạo sổ")
        if first_start:
            demo = self.buttons.addButton("Mở sổ dữ liệu mẫu", QDialogButtonBox.ButtonRole.ActionRole)
            demo.clicked.connect(self._demo)
        screen_fit.install()  # the first start comes before the main window, which installs it otherwise
        screen_fit.fit_size(self, max(600, self.width()), 720)

    def _demo(self) -> None:
        self.choice = "demo"
        self.accept()
