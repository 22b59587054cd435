"""Issue 19, fault 10 in the window: Đăng ký đơn vị cấp xã reads the key file when it is chosen, shows the unit
and the fingerprint to read back by phone, and stays open with the reason on an edited file or another code."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db.connection import open_ledger
from desktop.core.exchange import keys
from desktop.core.ledger import setup
from desktop.ui.pages.upper.wards_tab import WardDialog


def _key_file(tmp_path: Path) -> tuple[Path, dict]:
    led = open_ledger(tmp_path / "phuong.sqlite")
    try:
        setup.initialize(led, {"name": "Phường An Phú", "code": "A0101", "kind": "phuong", "role": "ward"},
                         sample_rates=False)
        path = keys.export_public_key(led, tmp_path / "khoa.json")
    finally:
        led.close()
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_ward_dialog_shows_the_fingerprint_and_refuses_a_bad_file(qtbot: QtBot, tmp_path: Path) -> None:
    path, doc = _key_file(tmp_path)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = WardDialog(parent)
    dialog.key_path.setText(str(path))
    dialog._read_key()
    assert doc["fingerprint"] in dialog.key_info.text() and "Phường An Phú" in dialog.key_info.text()
    assert dialog.code.text() == "A0101" and dialog.name.text() == "Phường An Phú"
    dialog.resize(620, 300)
    dialog.grab().save(str(tmp_path / "ward-dialog.png"))

    dialog.code.setText("B0202")  # the genuine file offered for another ward
    dialog.accept()
    assert dialog.result() != WardDialog.DialogCode.Accepted
    assert "A0101" in dialog.key_info.text() and "B0202" in dialog.key_info.text()

    doc["unit"]["code"] = "B0202"  # the attack: the code edited in the file
    edited = tmp_path / "khoa-sua.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    dialog.key_path.setText(str(edited))
    dialog.accept()
    assert dialog.result() != WardDialog.DialogCode.Accepted and "✘" in dialog.key_info.text()
    assert "chữ ký của khóa không khớp" in dialog.key_info.text()

    dialog.key_path.setText(str(path))
    dialog.code.setText("A0101")
    dialog.accept()
    assert dialog.result() == WardDialog.DialogCode.Accepted
