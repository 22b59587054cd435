"""Qt's own words in Vietnamese: the buttons of message boxes and dialogs, the right-click menu of a
text box. Qt ships no Vietnamese translation, so without this a clerk reads "Yes / No / Cancel"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

# (context, source text) as Qt asks for them; "&" marks the Alt+letter shortcut.
_BUTTONS = {
    "OK": "Đồng ý", "&OK": "Đồng ý", "Save": "Lưu", "&Save": "&Lưu", "Save All": "Lưu tất cả", "Open": "Mở",
    "&Yes": "&Có", "Yes to &All": "Có với tất &cả", "&No": "&Không", "N&o to All": "K&hông với tất cả",
    "Abort": "Dừng", "Retry": "Thử lại", "Ignore": "Bỏ qua", "Close": "Đóng", "&Close": "Đó&ng",
    "Cancel": "Hủy", "&Cancel": "&Hủy", "Discard": "Bỏ", "Close without Saving": "Đóng, không lưu",
    "Help": "Trợ giúp", "Apply": "Áp dụng", "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định",
}
_EDITING = {
    "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép", "&Paste": "&Dán",
    "Delete": "Xóa", "Select All": "Chọn tất cả", "Copy &Link Location": "Sao chép địa chỉ liên &kết",
}
_MESSAGE_BOX = {"Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn chi tiết…"}
WORDS: dict[str, dict[str, str]] = {
    "QPlatformTheme": _BUTTONS, "QGnomeTheme": _BUTTONS, "QDialogButtonBox": _BUTTONS,
    "QLineEdit": _EDITING, "QWidgetTextControl": _EDITING, "QMessageBox": _MESSAGE_BOX,
}


class VietnameseQt(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None (a null string) tells Qt to keep its own text; "" would blank it.
        return WORDS.get(context, {}).get(source)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


def install(app: QCoreApplication) -> VietnameseQt:
    translator = VietnameseQt(app)  # parented: it lives as long as the application
    app.installTranslator(translator)
    return translator
