"""Crafted handoff files (issue 19, faults 6 and 7, "Trusted too far"): each attack rewrites a genuine ward export
and RE-SIGNS it with the ward's own key, so the signature is valid and only the upper level's own checks stand
between the file and the consolidation. Each file is refused naming the record and field, nothing is stored, and
the good file after it in the same batch is imported."""

from __future__ import annotations

import hashlib
import io
import json
import math
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from db.connection import Ledger, open_ledger
from desktop.core.exchange import handoff, keys, upper
from desktop.core.report import narrative
from tests.cli.test_cli import run
from tests.core.exchange_helpers import new_upper, register

PERIOD = "2026-H1"


@pytest.fixture
def up(tmp_path: Path) -> Ledger:
    led = new_upper(tmp_path / "tinh.sqlite")
    yield led
    led.close()


def _export(ward: Ledger, up: Ledger, folder: Path, period: str = PERIOD) -> Path:
    folder.mkdir(exist_ok=True)
    if not upper.wards(up):
        register(ward, up, folder / "khoa.json")
    return handoff.export(ward, narrative.parse_period(ward, period), folder)["path"]


@pytest.fixture
def good(demo_ledger: Ledger, up: Ledger, tmp_path: Path) -> Path:
    return _export(demo_ledger, up, tmp_path / "usb")


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(path: Path, members: list[tuple[str, bytes]] | dict[str, bytes]) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, blob in (members.items() if isinstance(members, dict) else members):
            zf.writestr(name, blob)
    path.write_bytes(buf.getvalue())
    return path


def _resign(ward: Ledger, manifest: dict[str, Any]) -> dict[str, Any]:
    manifest = {k: v for k, v in manifest.items() if k not in ("signature", "key_fingerprint")}
    manifest["signature"], manifest["key_fingerprint"] = keys.sign(ward, handoff.canonical(manifest))
    return manifest


def _craft(ward: Ledger, good: Path, out: Path, data: Callable[[dict[str, Any]], None] | None = None,
           manifest: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """The genuine file with its data and/or manifest rewritten, hashes, counts and figures made to agree (so that
    only a record check can tell), and signed again with the ward's own key."""
    members = _members(good)
    man = json.loads(members["manifest.json"])
    if data is not None:
        rows = json.loads(members["data.json"])
        data(rows)
        members["data.json"] = json.dumps(rows, ensure_ascii=False).encode()
        man["members"]["data.json"] = hashlib.sha256(members["data.json"]).hexdigest()
        man["counts"] = {t: len(r) for t, r in rows.items()}
        try:  # the figures the file's own records give: today's consistency check is satisfied
            own = upper.recompute(rows, man["period"])
            if not all(math.isfinite(v) for v in own["totals"].values()):
                raise ValueError("inf")  # an infinite total would be refused as a figure before the record
            man["figures"]["totals"] = own["totals"]
            man["figures"]["by_group"] = [{"group": g, **row} for g, row in own["by_group"].items()]
        except (ArithmeticError, TypeError, ValueError, KeyError):
            pass  # a record that breaks the sums: the figures stay as they were
    if manifest is not None:
        manifest(man)
    members["manifest.json"] = json.dumps(_resign(ward, man), ensure_ascii=False).encode()
    return _zip(out, members)


def _stored(up: Ledger) -> tuple[int, int]:
    return (up.conn.execute("SELECT count(*) FROM packages").fetchone()[0],
            up.conn.execute("SELECT count(*) FROM recv_contributions").fetchone()[0])


def _batch(up: Ledger, bad: Path, good: Path, *words: str) -> None:
    """bad then good in one import: bad refused naming what is wrong, nothing of it stored, good imported."""
    refused, taken = upper.import_files(up, [bad, good])
    assert refused.action == "refused" and bad.name in refused.message, refused.message
    for w in words:
        assert w in refused.message, refused.message
    assert taken.action == "new", taken.message
    assert _stored(up)[0] == 1
    assert up.conn.execute("SELECT file_name FROM packages").fetchone()[0] == good.name


def _first(rows: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(c for c in rows["contributions"] if c["kind"] == kind)


# --------------------------------------------------------------------------- fault 6: crafted structure


def _raw_manifest(good: Path, out: Path, edit: Callable[[str], str]) -> Path:
    members = _members(good)
    members["manifest.json"] = edit(members["manifest.json"].decode()).encode()
    return _zip(out, members)


@pytest.mark.parametrize("attack,words", [
    ("deep", ("lồng nhau quá sâu",)),
    ("deep-signed", ("report",)),
    ("fingerprint-list", ("key_fingerprint", "phải là chữ")),
    ("fingerprint-object", ("key_fingerprint", "phải là chữ")),
    ("signature-number", ("signature", "phải là chữ")),
    ("period-number", ("period", "phải là một đối tượng")),
])
def test_crafted_manifest_is_refused_and_the_batch_goes_on(attack: str, words: tuple[str, ...], demo_ledger: Ledger,
                                                           up: Ledger, good: Path, tmp_path: Path) -> None:
    bad = tmp_path / f"{attack}.thidua"
    deep = "[" * 100_000 + "]" * 100_000
    if attack == "deep":  # not even valid to sign: the parser gives up
        _raw_manifest(good, bad, lambda t: t.replace('"personal_data"', f'"x": {deep}, "personal_data"'))
    elif attack == "deep-signed":  # 1,000 deep where an object is expected, signed
        _craft(demo_ledger, good, bad, manifest=lambda m: m.update(report=json.loads("[" * 900 + "]" * 900)))
    elif attack.startswith("fingerprint"):
        value = ["64E6", "AE9F"] if attack.endswith("list") else {"fp": "64E6"}
        _raw_manifest(good, bad, lambda t: t.replace('"key_fingerprint": "', f'"key_fingerprint": {json.dumps(value)}, '
                                                                               '"_was": "'))
    elif attack == "signature-number":
        _raw_manifest(good, bad, lambda t: t.replace('"signature": "', '"signature": 12345, "_was": "'))
    else:
        _craft(demo_ledger, good, bad, manifest=lambda m: m.update(period=2026))
    _batch(up, bad, good, *words)


def test_package_verify_never_crashes(demo_ledger: Ledger, up: Ledger, good: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    bad = _raw_manifest(good, tmp_path / "ky-so.thidua",
                        lambda t: t.replace('"signature": "', '"signature": 12345, "_was": "'))
    deep = _raw_manifest(good, tmp_path / "sau.thidua", lambda t: t.replace(
        '"personal_data"', f'"x": {"[" * 5000 + "]" * 5000}, "personal_data"'))
    for path in (bad, deep):
        code, out, err = run(capsys, "--db", str(tmp_path / "tinh.sqlite"), "package", "verify", str(path))
        assert code == 1 and f"Tệp {path.name} bị từ chối" in err and "Traceback" not in err, err


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_duplicate_member_names_are_refused(demo_ledger: Ledger, up: Ledger, good: Path, tmp_path: Path) -> None:
    """Two data.json: the reader would check the second while another zip tool shows the first."""
    members = _members(good)
    forged = json.loads(members["data.json"])
    _first(forged, "money")["value_vnd"] *= 100
    listing = [("data.json", json.dumps(forged).encode())] + list(members.items())
    _batch(up, _zip(tmp_path / "hai-ban.thidua", listing), good, "hai thành phần cùng tên", "data.json")


def test_an_oversized_manifest_is_refused_from_its_size(demo_ledger: Ledger, up: Ledger, good: Path,
                                                        tmp_path: Path) -> None:
    """A 5 MiB manifest (padding is valid JSON and the signature covers only its values): refused unread."""
    bad = _raw_manifest(good, tmp_path / "manifest-lon.thidua", lambda t: t.replace("{", "{" + " " * 5 * 2**20, 1))
    _batch(up, bad, good, "manifest.json", "quá lớn")


def test_the_signature_is_checked_before_the_large_members_are_read(demo_ledger: Ledger, up: Ledger, good: Path,
                                                                    tmp_path: Path) -> None:
    """A forged file (bad signature) with a 100 MB data.xlsx: refused for the signature with little memory used;
    before, every member was unpacked into memory first."""
    members = _members(good)
    members["data.xlsx"] = b"\0" * 100_000_000
    man = json.loads(members["manifest.json"])
    man["members"]["data.xlsx"] = hashlib.sha256(members["data.xlsx"]).hexdigest()  # hash right, signature wrong
    members["manifest.json"] = json.dumps(man).encode()
    bad = _zip(tmp_path / "gia-mao.thidua", members)
    del members
    tracemalloc.start()
    began = time.perf_counter()
    [item] = upper.import_files(up, [bad])
    took = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert item.action == "refused" and "chữ ký số không hợp lệ" in item.message, item.message
    assert peak < 20_000_000 and took < 1.0, (peak, took)  # before: 215 MB (the whole member, then its copy)


# --------------------------------------------------------------------------- fault 7: signed but not sane


def _set(kind: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda rows: _first(rows, kind).__setitem__(key, value)


def _repeat(rows: dict[str, Any]) -> None:
    rows["contributions"] += [_first(rows, "money")] * 999


def _negative_land(rows: dict[str, Any]) -> None:
    land = _first(rows, "land")
    land["quantity"], land["value_vnd"] = -5000.0, -5000 * 8_000_000


def _negative_money(rows: dict[str, Any]) -> None:
    money = _first(rows, "money")
    money["quantity"], money["value_vnd"] = -50_000_000.0, -50_000_000


@pytest.mark.parametrize("attack,mutate,words", [
    ("dat-am", _negative_land, ("quantity", "phải lớn hơn 0")),
    ("tien-am", _negative_money, ("quantity", "phải lớn hơn 0")),
    ("gia-tri-am", _set("money", "value_vnd", -1), ("value_vnd", "không được âm")),
    ("lap-1000", _repeat, ("trùng mã",)),
    ("9e18", _set("money", "value_vnd", 9 * 10**18), ("value_vnd", "lớn quá mức")),
    ("1e20", _set("money", "value_vnd", 10**20), ("value_vnd", "lớn quá mức")),
    ("inf", _set("money", "value_vnd", float("inf")), ("value_vnd",)),
    ("inf-so-luong", _set("land", "quantity", float("inf")), ("quantity", "hữu hạn")),
    ("true", _set("land", "quantity", True), ("quantity", "phải là số")),
    ("chu", _set("money", "value_vnd", "5000000"), ("value_vnd", "phải là số nguyên")),
    ("hinh-thuc-la", _set("money", "kind", "vang"), ("kind", "không có trong danh mục")),
    ("trang-thai-la", _set("money", "status", "da_thu"), ("status", "không có trong danh mục")),
    ("ngay-13-45", _set("money", "date", "2026-13-45"), ("date", "ngày không hợp lệ")),
    ("ngoai-ky", _set("money", "date", "2025-12-31"), ("date", "nằm ngoài kỳ")),
    ("don-vi-dat", _set("land", "unit", "ha"), ("unit",)),
    ("nguoi-la", _set("money", "contributor_uuid", "00000000-0000-4000-8000-000000000000"),
     ("contributor_uuid", "không có trong tệp")),
    ("cong-trinh-la", lambda r: r["works"][0].__setitem__("kind", "cau_vuot"), ("công trình thứ 1", "kind")),
    ("to-am-ho", lambda r: r["groups"][0].__setitem__("households", -3), ("tổ dân phố thứ 1", "households")),
])
def test_a_signed_but_insane_record_is_refused_naming_it(attack: str, mutate: Callable[[dict[str, Any]], None],
                                                         words: tuple[str, ...], demo_ledger: Ledger, up: Ledger,
                                                         good: Path, tmp_path: Path) -> None:
    bad = _craft(demo_ledger, good, tmp_path / f"{attack}.thidua", data=mutate)
    _batch(up, bad, good, "data.json", *words)


def test_manifest_figures_that_are_not_numbers(demo_ledger: Ledger, up: Ledger, good: Path, tmp_path: Path) -> None:
    bad = _craft(demo_ledger, good, tmp_path / "tong-inf.thidua",
                 manifest=lambda m: m["figures"]["totals"].__setitem__("land_m2", float("inf")))
    _batch(up, bad, good, "land_m2", "hữu hạn")


def test_upward_proposals_figures_are_checked(demo_ledger: Ledger, up: Ledger, tmp_path: Path) -> None:
    """Version 2: a proposal's figures and its council's votes, re-signed."""
    year = _export(demo_ledger, up, tmp_path / "nam", "2026")
    half = _export(demo_ledger, up, tmp_path / "usb")
    attacks = {
        "de-nghi-dat-am": (lambda r: r["proposals"][0].__setitem__("land_m2", -5000.0), "land_m2"),
        "de-nghi-phieu": (lambda r: r["proposals"][0].__setitem__("votes_for", 99), "votes_for"),
        "de-nghi-theo-loai": (lambda r: r["proposals"][0]["figures"].__setitem__("value_vnd", "1 tỷ"), "value_vnd"),
        "de-nghi-trang-thai": (lambda r: r["proposals"][0].__setitem__("status", "du_thao"), "status"),
    }
    for name, (mutate, field) in attacks.items():
        bad = _craft(demo_ledger, year, tmp_path / f"{name}.thidua", data=mutate)
        [item] = upper.import_files(up, [bad])
        assert item.action == "refused" and "đề nghị khen thưởng thứ 1" in item.message and field in item.message, \
            item.message
        assert _stored(up) == (0, 0)
    assert [i.action for i in upper.import_files(up, [year, half])] == ["new", "new"]


def test_a_version_1_file_still_imports(demo_ledger: Ledger, up: Ledger, good: Path, tmp_path: Path) -> None:
    def v1(rows: dict[str, Any]) -> None:
        del rows["proposals"]
        rows.pop("indicators", None)  # a version 1 file had neither (indicators: version 3)

    old = _craft(demo_ledger, good, tmp_path / "v1.thidua", data=v1,
                 manifest=lambda m: (m.update(format_version=1), m["counts"].pop("proposals", None),
                                     m.pop("sequence", None)))
    [item] = upper.import_files(up, [old])
    assert item.action == "new", item.message


def test_command_line_batch_bad_then_good(demo_ledger: Ledger, up: Ledger, good: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """`package import bad.thidua good.thidua`: the bad one refused on stderr, the good one imported, exit 1."""
    bad = _craft(demo_ledger, good, tmp_path / "bad.thidua", data=_negative_land)
    db = tmp_path / "tinh.sqlite"
    code, out, err = run(capsys, "--db", str(db), "package", "import", str(bad), str(good))
    assert code == 1 and "[TỪ CHỐI] Tệp bad.thidua bị từ chối" in err and "quantity" in err, err
    assert "[NHẬN MỚI]" in out and good.name in out, out
    again = open_ledger(db)
    try:
        assert again.conn.execute("SELECT file_name FROM packages").fetchall() == [(good.name,)]
    finally:
        again.close()


HOSTILE: list[Any] = [None, True, False, -1, 0, -5000.5, 9 * 10**18, 10**20, 1e308, float("inf"), float("-inf"),
                      float("nan"), "", "x" * 5000, "2026-13-45", "0000-00-00", "1; DROP TABLE packages", [], [1, [2]],
                      {}, {"a": {"b": 1}}, "00000000-0000-4000-8000-000000000000"]


def test_random_hostile_values_never_crash_nor_reach_the_ledger(demo_ledger: Ledger, up: Ledger, good: Path,
                                                                tmp_path: Path) -> None:
    """300 re-signed files, each with one value of one record (or of the manifest) replaced by a hostile one:
    every file is imported whole or refused with the file named; the import never raises."""
    import random

    rng = random.Random(19)
    base = json.loads(_members(good)["data.json"])
    tables = [t for t in base if base[t]]
    outcomes: dict[str, int] = {}
    for n in range(300):
        value = rng.choice(HOSTILE)
        if n % 5 == 0:
            top = rng.choice(["unit", "period", "created_at", "counts", "figures", "personal_data", "report",
                              "program_version", "format_version", "members"])
            path = _craft(demo_ledger, good, tmp_path / f"m{n}.thidua",
                          manifest=lambda m, k=top, v=value: m.__setitem__(k, v))
        else:
            table = rng.choice(tables)
            i = rng.randrange(len(base[table]))
            key = rng.choice(sorted(base[table][i]))
            path = _craft(demo_ledger, good, tmp_path / f"d{n}.thidua",
                          data=lambda r, t=table, i=i, k=key, v=value: r[t][i].__setitem__(k, v))
        [item] = upper.import_files(up, [path], dry_run=True)
        assert item.action in ("refused", "new"), item.message
        assert item.action == "new" or path.name in item.message, item.message
        outcomes[item.action] = outcomes.get(item.action, 0) + 1
        path.unlink()
    assert _stored(up) == (0, 0) and outcomes.get("refused", 0) > 250, outcomes
