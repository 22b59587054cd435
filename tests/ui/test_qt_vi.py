"""Qt's own buttons and menus speak Vietnamese once the app has started."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.ui import qt_vi


def test_message_box_and_dialog_buttons_are_vietnamese(qtbot: QtBot) -> None:
    app = QApplication.instance()
    translator = qt_vi.install(app)
    try:
        box = QMessageBox(QMessageBox.Icon.Question, "Sổ Thi đua", "Khôi phục?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        qtbot.addWidget(box)
        texts = {b.text().replace("&", "") for b in box.buttons()}
        assert texts == {"Có", "Không"}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(buttons)
        assert {b.text().replace("&", "") for b in buttons.buttons()} == {"Đồng ý", "Hủy"}
        edit = QLineEdit()
        qtbot.addWidget(edit)
        menu = edit.createStandardContextMenu()
        words = {a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()}
        assert {"Hoàn tác", "Sao chép", "Dán", "Chọn tất cả"} <= words
        # Anything we have no word for stays as Qt wrote it, never empty.
        assert QApplication.translate("QFileDialog", "Look in:") == "Look in:"
    finally:
        app.removeTranslator(translator)
