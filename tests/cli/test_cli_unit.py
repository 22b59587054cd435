"""`thidua unit` and the unit options of `thidua init` (issue 16, fault 3): the signer, the place name and the
receiving bodies are set from options or a JSON/TOML file through setup.update_unit (one audit row); a bad value
is refused in Vietnamese, naming the option, and nothing is written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_cli import run


def _unit(db: Path) -> tuple[dict, int]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        audit = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
        return dict(conn.execute("SELECT * FROM unit").fetchone()), audit
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "so.sqlite"
    code, _, err = run(capsys, "--db", str(path), "init", "--unit-name", "Phường Nguyễn Nghiêm", "--unit-code", "21580",
                       "--province", "Quảng Ngãi")
    assert code == 0, err
    return path


def test_unit_sets_the_signer_and_shows_what_will_print(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, audit_before = _unit(db)
    code, out, _ = run(capsys, "--db", str(db), "unit", "--signer-name", "Nguyễn Văn Hùng", "--place-name",
                       "Phường Nguyễn Nghiêm", "--receiving-office", "Sở Nội vụ tỉnh Quảng Ngãi")
    assert code == 0
    assert "Đã lưu: Địa danh ghi ngày tháng, Người ký." in out
    assert "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / Nguyễn Văn Hùng" in out
    assert "Phường Nguyễn Nghiêm, ngày" in out
    unit, audit_after = _unit(db)
    assert unit["signer_name"] == "Nguyễn Văn Hùng" and unit["place_name"] == "Phường Nguyễn Nghiêm"
    assert audit_after == audit_before + 1  # one change, one audit row
    code, out, _ = run(capsys, "--db", str(db), "unit", "--signer-name", "Nguyễn Văn Hùng")
    assert code == 0 and "Không có gì thay đổi." in out and _unit(db)[1] == audit_after


def test_unit_from_a_file_and_json_round_trip(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "u.toml").write_text('signer_name = "Lê Thị Mai"\nsigner_title = "Phó Chủ tịch"\nsign_mode = "KT"\n',
                                     encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(db), "unit", "--from", str(tmp_path / "u.toml"), "--format", "json")
    assert code == 0
    shown = json.loads(out)
    assert (shown["signer_name"], shown["signer_title"], shown["sign_mode"]) == ("Lê Thị Mai", "Phó Chủ tịch", "KT")
    (tmp_path / "u.json").write_text(json.dumps(shown, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(db), "unit", "--from", str(tmp_path / "u.json"))
    assert code == 0 and "Không có gì thay đổi." in out


def test_init_takes_the_same_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "so.sqlite"
    code, _, err = run(capsys, "--db", str(path), "init", "--unit-name", "Xã Tịnh Khê", "--unit-code", "21001",
                       "--kind", "xa", "--province", "Quảng Ngãi", "--signer-name", "Phạm Văn An",
                       "--place-name", "Tịnh Khê")
    assert code == 0, err
    unit, _ = _unit(path)
    assert (unit["signer_name"], unit["place_name"], unit["group_label"]) == ("Phạm Văn An", "Tịnh Khê", "Thôn")


def test_init_refuses_bad_values_before_making_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "so.sqlite"
    code, _, err = run(capsys, "--db", str(path), "init", "--unit-name", "Phường A", "--unit-code", "21580",
                       "--sign-mode", "thay mặt")
    assert code == 1 and "--sign-mode" in err and "Gõ một trong: TM, KT" in err
    assert not path.exists()


def test_bad_unit_inputs_are_refused_and_change_nothing(db: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keys.json").write_text('{"signer": "X", "signer_name": "Y"}', encoding="utf-8")
    (tmp_path / "nested.json").write_text('{"signer_name": ["X"]}', encoding="utf-8")
    (tmp_path / "broken.toml").write_text('signer_name = \n', encoding="utf-8")
    cases = [
        (["--sign-mode", "XX"], ["--sign-mode", "Quyền ký: \"XX\" không hợp lệ", "Gõ một trong: TM, KT"]),
        (["--sign-mode", "KT"], ["chức vụ người ký là Phó Chủ tịch", "--signer-title"]),
        (["--sign-mode", "KT", "--signer-name", "Y", "--period-start", "13-40"],
         ["chức vụ người ký là Phó Chủ tịch"]),
        (["--period-start", "13-40", "--kind", "huyen", "--signer-name", "Y"],
         ["--period-start", "--kind", "chưa ghi gì vào sổ"]),
        (["--unit-name", ""], ["--unit-name", "Tên đơn vị: không được để trống"]),
        (["--from", str(tmp_path / "keys.json")], ["không có trường 'signer'", "signer_name (Người ký)"]),
        (["--from", str(tmp_path / "nested.json")], ["signer_name phải là chữ"]),
        (["--from", str(tmp_path / "broken.toml")], ["không đúng định dạng TOML", "dòng 1"]),
        (["--from", str(tmp_path / "none.json")], ["Không tìm thấy tệp"]),
    ]
    before = _unit(db)
    for options, words in cases:
        code, out, err = run(capsys, "--db", str(db), "unit", *options)
        assert code == 1 and out == "", options
        for w in words:
            assert w in err, (options, w, err)
        assert _unit(db) == before, options
