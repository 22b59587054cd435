"""Issue 19, fault 10 at the command line: `ward add` shows the fingerprint to read back by phone (and with
--fingerprint registers only when it matches), refuses an edited or malformed key file with a Vietnamese message
(exit 1, no traceback); `ward list` and `ward key CODE` show what is registered."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.test_cli import run

FINGERPRINT = re.compile(r"\b[0-9A-F]{4}( [0-9A-F]{4}){7}\b")


@pytest.fixture
def ledgers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str, Path]:
    ward, up, key = str(tmp_path / "phuong.sqlite"), str(tmp_path / "tinh.sqlite"), tmp_path / "khoa.json"
    assert run(capsys, "--db", ward, "init", "--unit-name", "Phường An Phú", "--unit-code", "A0101")[0] == 0
    assert run(capsys, "--db", up, "init", "--unit-name", "Tỉnh Quảng Ngãi", "--unit-code", "51", "--upper")[0] == 0
    code, out, _ = run(capsys, "--db", ward, "key", "export", "--out", str(key))
    assert code == 0
    return ward, up, key


def test_ward_add_shows_the_fingerprint_and_list_and_key_show_the_registration(
        ledgers: tuple[str, str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _ward, up, key = ledgers
    expected = json.loads(key.read_text(encoding="utf-8"))["fingerprint"]
    code, out, _ = run(capsys, "--db", up, "ward", "add", "--code", "A0101", "--name", "Phường An Phú",
                       "--key", str(key))
    assert code == 0 and FINGERPRINT.search(out).group(0) == expected and "đọc dấu vân tay" in out
    code, out, _ = run(capsys, "--db", up, "ward", "list")
    [line] = [x for x in out.splitlines() if x.startswith("A0101")]
    assert code == 0 and "Phường An Phú" in line and expected in line and re.search(r"\d\d/\d\d/\d{4}", line)
    code, out, _ = run(capsys, "--db", up, "ward", "key", "A0101")
    assert code == 0 and expected in out and "Ngày đăng ký" in out and "Phường An Phú" in out
    code, _, err = run(capsys, "--db", up, "ward", "key", "Z9")
    assert code == 1 and "Chưa đăng ký đơn vị mã Z9" in err


def test_ward_add_with_the_fingerprint_read_back(ledgers: tuple[str, str, Path],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _ward, up, key = ledgers
    real = json.loads(key.read_text(encoding="utf-8"))["fingerprint"]
    wrong = ("0000" if not real.startswith("0000") else "1111") + real[4:]
    code, _, err = run(capsys, "--db", up, "ward", "add", "--code", "A0101", "--name", "Phường An Phú",
                       "--key", str(key), "--fingerprint", wrong)
    assert code == 1 and "Dấu vân tay không khớp" in err and real in err
    code, out, _ = run(capsys, "--db", up, "ward", "list")
    assert "A0101" not in out
    code, out, _ = run(capsys, "--db", up, "ward", "add", "--code", "A0101", "--name", "Phường An Phú",
                       "--key", str(key), "--fingerprint", real.lower().replace(" ", "-"))
    assert code == 0


@pytest.mark.parametrize("attack", ["code edited", "all-zero key", "not JSON"])
def test_ward_add_refuses_bad_key_files_without_a_traceback(ledgers: tuple[str, str, Path], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str], attack: str) -> None:
    _ward, up, key = ledgers
    doc = json.loads(key.read_text(encoding="utf-8"))
    bad = tmp_path / "khoa-sua.json"
    if attack == "code edited":
        doc["unit"]["code"] = "B0202"
        bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    elif attack == "all-zero key":
        from desktop.core.ledger.signing_key import fingerprint

        doc.update(public_key="00" * 32, fingerprint=fingerprint(bytes(32)))
        bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    else:
        bad.write_bytes(b"\x00\xff")
    as_code = "B0202" if attack == "code edited" else "A0101"  # the others under the file's own code
    code, _, err = run(capsys, "--db", up, "ward", "add", "--code", as_code, "--name", "Phường Bình Minh",
                       "--key", str(bad))
    assert code == 1 and "khoa-sua.json" in err and "Traceback" not in err
    assert attack != "all-zero key" or "toàn số 0" in err
    assert as_code not in run(capsys, "--db", up, "ward", "list")[1]
