"""Issue 21 at the command line: `ward import-list` (preview, refusal naming the row, confirmation to update),
`ward list --format json`, `reception PERIOD --format json`, `reception-deadline`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.cli.test_cli import run


def _list(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã ĐVHC", "Tên đơn vị", "Người liên hệ", "Điện thoại"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_import_list_then_list_reception_and_deadline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    up = str(tmp_path / "tinh.sqlite")
    assert run(capsys, "--db", up, "init", "--unit-name", "Tỉnh Quảng Ngãi", "--unit-code", "51", "--upper")[0] == 0
    bad = _list(tmp_path / "sai.xlsx", [["2125", "Phường A"]])
    code, _, err = run(capsys, "--db", up, "ward", "import-list", str(bad))
    assert code == 1 and "dòng 2, cột \"Mã ĐVHC\"" in err
    good = _list(tmp_path / "ds.xlsx", [["21256", "Phường Cẩm Thành", "Lê Văn A", "0905 111 222"],
                                       ["21257", "Xã Tịnh Khê", None, None]])
    code, out, _ = run(capsys, "--db", up, "ward", "import-list", str(good), "--tu-ky", "2025-H2", "--chay-thu")
    assert code == 0 and "THÊM" in out and "Chạy thử" in out
    assert json.loads(run(capsys, "--db", up, "ward", "list", "--format", "json")[1]) == []
    assert run(capsys, "--db", up, "ward", "import-list", str(good), "--tu-ky", "2025-H2")[0] == 0
    wards = json.loads(run(capsys, "--db", up, "ward", "list", "--format", "json")[1])
    assert [(w["code"], w["kind"], w["joined_period"], w["has_key"]) for w in wards] == [
        ("21256", "phuong", "2025-H2", False), ("21257", "xa", "2025-H2", False)]
    changed = _list(tmp_path / "moi.xlsx", [["21256", "Phường Cẩm Thành", "Trần Thị B", "0905 111 222"]])
    code, _, err = run(capsys, "--db", up, "ward", "import-list", str(changed))
    assert code == 1 and "--dong-y-cap-nhat" in err
    assert run(capsys, "--db", up, "ward", "import-list", str(changed), "--dong-y-cap-nhat")[0] == 0
    assert json.loads(run(capsys, "--db", up, "ward", "list", "--format", "json")[1])[0]["contact_name"] == "Trần Thị B"
    assert run(capsys, "--db", up, "reception-deadline", "2025-H2", "15/01/2026")[0] == 0
    code, out, _ = run(capsys, "--db", up, "reception", "2025-H2", "--format", "json")
    board = json.loads(out)
    assert code == 0 and board["deadline"] == "2026-01-15" and board["counts"]["overdue"] == 2
    assert [r["code"] for r in board["wards"]] == ["21256", "21257"]
    assert json.loads(run(capsys, "--db", up, "reception", "2025-H1", "--format", "json")[1])["wards"] == []
    code, out, _ = run(capsys, "--db", up, "reception", "2025-H2", "--out", str(tmp_path / "bang.pdf"))
    assert code == 0 and (tmp_path / "bang.pdf").read_bytes().startswith(b"%PDF")


def test_demo_upper_builds_a_marked_upper_ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from db.connection import open_ledger
    from desktop.core.demo import upper as upper_demo
    from desktop.core.ledger import demo_mark, setup

    monkeypatch.setattr(upper_demo, "COUNT", 12)  # the real demo has 100: the same code, a shorter run
    users = tmp_path / "khoa-cua-nguoi-dung"
    monkeypatch.setenv("THIDUA_KEY_DIR", str(users))
    up = str(tmp_path / "mau.sqlite")
    code, out, _ = run(capsys, "--db", up, "demo", "--upper")
    assert code == 0 and "12 đơn vị cấp xã" in out
    led = open_ledger(up)
    try:
        assert demo_mark.is_demo(led) and setup.get_unit(led)["role"] == "upper"
    finally:
        led.close()
    wards = json.loads(run(capsys, "--db", up, "ward", "list", "--format", "json")[1])
    assert len(wards) == 12 and all(w["has_key"] and w["contact_name"] for w in wards)
    assert {w["kind"] for w in wards} == {"phuong", "xa", "dac_khu"}
    board = json.loads(run(capsys, "--db", up, "reception", "2025-H2", "--format", "json")[1])
    assert board["deadline"] == "2026-01-15" and board["sent"] >= 6
    # The source ward's throw-away signing keys stayed in the demo's temporary folder (issue 19 fault 9).
    assert not users.exists() or not any(users.iterdir())
