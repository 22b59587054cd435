"""Which handoff file is newer (issue 19, fault 8): the ward's export number, not the PC clock.

The attack: a ward PC whose clock was years ahead (2099) made a file; every genuine later file of that period was then
refused as "cũ hơn tệp đã nhận", with no way out; creation times with different UTC offsets compared as text.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from db.connection import Ledger, open_ledger
from desktop.core.errors import UserError
from desktop.core.exchange import handoff, keys, upper
from desktop.core.figures import figures
from desktop.core.files import safe_files
from desktop.core.ledger import contributions, setup
from desktop.core.report import narrative
from tests.cli.test_cli import run
from tests.core.test_handoff import _members, _resign, _zip

PERIOD = "2026-H1"


@pytest.fixture
def up(demo_ledger: Ledger, tmp_path: Path) -> Ledger:
    led = open_ledger(tmp_path / "tinh.sqlite", user="Lê Văn Tỉnh")
    setup.initialize(led, {"name": "Tỉnh Quảng Ngãi", "code": "51", "kind": "tinh", "role": "upper"},
                     sample_rates=False)
    unit = setup.get_unit(demo_ledger)
    upper.add_ward(led, code=unit["code"], name=unit["name"],
                   key_file=keys.export_public_key(demo_ledger, tmp_path / "khoa.json"))
    yield led
    led.close()


def _file(ward: Ledger, folder: Path, when: dt.datetime) -> Path:
    blob, _ = handoff.build(ward, narrative.parse_period(ward, PERIOD), now=when)
    folder.mkdir(exist_ok=True)
    return safe_files.write_file(folder / f"{setup.get_unit(ward)['code']}_{PERIOD}.thidua", blob)


def _change_an_amount(ward: Ledger) -> None:
    cid = ward.conn.execute("SELECT id FROM contributions WHERE kind = 'money' AND status = 'received' AND "
                            "deleted_at IS NULL AND date BETWEEN '2026-01-01' AND '2026-06-30' LIMIT 1").fetchone()[0]
    contributions.edit(ward, cid, {"quantity": 99_000_000})


def test_each_export_of_a_period_gets_the_next_number(demo_ledger: Ledger) -> None:
    h1 = narrative.parse_period(demo_ledger, PERIOD)
    h2 = narrative.parse_period(demo_ledger, "2026-H2")
    numbers = [handoff.build(demo_ledger, p)[1]["sequence"] for p in (h1, h1, h2, h1)]
    assert numbers == [1, 2, 1, 3]


def test_a_file_from_a_clock_years_ahead_does_not_block_the_next_file(demo_ledger: Ledger, up: Ledger,
                                                                      tmp_path: Path) -> None:
    # 2099 itself is now refused as an unreasonable date by the manifest checks; a clock four years ahead is not.
    wrong_clock = _file(demo_ledger, tmp_path / "a", dt.datetime(2030, 12, 1, 8, 0, tzinfo=dt.UTC))
    _change_an_amount(demo_ledger)
    genuine = _file(demo_ledger, tmp_path / "b", dt.datetime(2026, 7, 5, 8, 0, tzinfo=dt.UTC))
    assert upper.import_files(up, [wrong_clock])[0].action == "new"
    [item] = upper.import_files(up, [genuine])
    assert item.action == "supersede", item.message  # refused as "cũ hơn" by the creation-time rule
    assert upper.consolidate(up, PERIOD)["totals"] == figures.totals(demo_ledger,
                                                                     narrative.parse_period(demo_ledger, PERIOD))
    [again] = upper.import_files(up, [wrong_clock])
    assert again.action == "older" and "lần lập thứ 1, bản đã nhận lần lập thứ 2" in again.message


def test_files_without_a_number_compare_their_times_as_instants(demo_ledger: Ledger, up: Ledger,
                                                                tmp_path: Path) -> None:
    """A file made before the numbers existed keeps the old rule, read correctly across time zones."""
    base = _members(_file(demo_ledger, tmp_path / "a", dt.datetime(2026, 7, 5, 8, 0, tzinfo=dt.UTC)))
    manifest = {k: v for k, v in json.loads(base["manifest.json"]).items() if k != "sequence"}

    def old_format(name: str, created: str) -> Path:
        members = {**base, "manifest.json": json.dumps(_resign(demo_ledger, {**manifest, "created_at": created}))}
        return _zip(tmp_path / name, members)

    earlier = old_format("hanoi.thidua", "2026-07-05T08:00:00+07:00")  # 01:00 UTC
    later = old_format("utc.thidua", "2026-07-05T03:00:00+00:00")  # 03:00 UTC, though "03" < "08" as text
    assert upper.import_files(up, [earlier])[0].action == "new"
    [item] = upper.import_files(up, [later])
    assert item.action == "supersede", item.message
    [back] = upper.import_files(up, [earlier])
    assert back.action == "older" and "lập lúc 2026-07-05T08:00:00+07:00" in back.message


def test_the_upper_level_can_take_a_refused_file_with_a_reason(demo_ledger: Ledger, up: Ledger, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    first = _file(demo_ledger, tmp_path / "a", dt.datetime(2026, 7, 1, 8, 0, tzinfo=dt.UTC))
    _change_an_amount(demo_ledger)
    second = _file(demo_ledger, tmp_path / "b", dt.datetime(2026, 7, 5, 8, 0, tzinfo=dt.UTC))
    up.close()
    db = str(tmp_path / "tinh.sqlite")
    assert run(capsys, "--db", db, "package", "import", str(second))[0] == 0
    code, _, err = run(capsys, "--db", db, "package", "import", str(first))
    assert code == 1 and "[TỪ CHỐI]" in err and "cũ hơn" in err and "--nhan-du-cu-hon" in err
    code, _, err = run(capsys, "--db", db, "package", "import", str(first), "--nhan-du-cu-hon")
    assert code == 1 and "phải ghi lý do" in err
    reason = "Phường đề nghị dùng lại bản ngày 01/7 theo Công văn số 12/UBND"
    code, out, _ = run(capsys, "--db", db, "package", "import", str(first), "--nhan-du-cu-hon", "--ly-do", reason)
    assert code == 0 and "[THAY BẢN CŨ]" in out and reason in out
    led = open_ledger(db)
    try:
        summary, after = led.conn.execute("SELECT summary, after FROM audit WHERE table_name = 'packages' "
                                          "ORDER BY id DESC LIMIT 1").fetchone()
        assert reason in summary and "nhận dù cũ hơn" in summary and json.loads(after)["reason"] == reason
        current = led.conn.execute("SELECT file_sha256, sequence FROM packages WHERE status = 'current'").fetchall()
        assert current == [(handoff.read(first).sha256, 1)]
    finally:
        led.close()


def test_a_reason_is_required_before_anything_is_read(up: Ledger, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="phải ghi lý do"):
        upper.import_files(up, [tmp_path / "none.thidua"], accept_older=True, reason="  ")
