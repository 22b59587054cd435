"""Handoff ward → upper level: the round trip, and every bad file refused before anything is read in."""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import zipfile
from pathlib import Path

import pytest

from db.connection import Ledger, open_ledger
from desktop.core.errors import UserError
from desktop.core.exchange import handoff, handoff_collect, keys, upper, upward
from desktop.core.figures import figures
from desktop.core.files import safe_files
from desktop.core.ledger import contributions, setup
from desktop.core.report import narrative, register, report
from tests.core.exchange_helpers import new_upper
from tests.core.exchange_helpers import register as register_ward

PERIOD = "2026-H1"


@pytest.fixture
def ward(demo_ledger: Ledger) -> Ledger:
    return demo_ledger


@pytest.fixture
def upper_ledger(tmp_path: Path) -> Ledger:
    led = new_upper(tmp_path / "tinh.sqlite")
    yield led
    led.close()


def _register(ward: Ledger, up: Ledger, tmp_path: Path) -> None:
    register_ward(ward, up, tmp_path / "khoa.json")


def _export(ward: Ledger, folder: Path, **kw) -> Path:
    folder.mkdir(exist_ok=True)
    return handoff.export(ward, narrative.parse_period(ward, PERIOD), folder, **kw)["path"]


def test_round_trip_equals_the_wards_own_summary(ward: Ledger, upper_ledger: Ledger, tmp_path: Path) -> None:
    _register(ward, upper_ledger, tmp_path)
    path = _export(ward, tmp_path / "usb")
    unit = setup.get_unit(ward)  # the demo's invented unit
    assert path.name == f"{unit['code']}_2026-H1.thidua"
    [item] = upper.import_files(upper_ledger, [path])
    assert item.action == "new", item.message
    result = upper.consolidate(upper_ledger, PERIOD)
    own = figures.summary(ward, PERIOD)
    assert result["totals"] == own["totals"]
    assert [{k: u[k] for k in ("unit", "totals")} for u in result["by_unit"]] == [
        {"unit": {"name": unit["name"], "code": unit["code"]}, "totals": own["totals"]}]
    assert upper_ledger.conn.execute("SELECT count(*) FROM recv_contributions").fetchone()[0] == \
        ward.conn.execute("SELECT count(*) FROM contributions WHERE deleted_at IS NULL AND date BETWEEN "
                          "'2026-01-01' AND '2026-06-30'").fetchone()[0]


def test_dry_run_writes_nothing_and_reimport_changes_nothing(ward: Ledger, upper_ledger: Ledger,
                                                             tmp_path: Path) -> None:
    _register(ward, upper_ledger, tmp_path)
    path = _export(ward, tmp_path / "usb")
    [dry] = upper.import_files(upper_ledger, [path], dry_run=True)
    assert dry.action == "new" and upper_ledger.conn.execute("SELECT count(*) FROM packages").fetchone()[0] == 0
    upper.import_files(upper_ledger, [path])
    audit_rows = upper_ledger.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    [again] = upper.import_files(upper_ledger, [path])
    assert again.action == "same"
    assert upper_ledger.conn.execute("SELECT count(*) FROM packages").fetchone()[0] == 1
    assert upper_ledger.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_rows


def test_newer_file_supersedes_and_older_is_refused(ward: Ledger, upper_ledger: Ledger, tmp_path: Path) -> None:
    _register(ward, upper_ledger, tmp_path)
    period = narrative.parse_period(ward, PERIOD)
    old_blob, _ = handoff.build(ward, period, now=dt.datetime(2026, 7, 1, 8, 0, tzinfo=dt.UTC))
    cid = ward.conn.execute("SELECT id FROM contributions WHERE kind = 'money' AND status = 'received' AND "
                            "deleted_at IS NULL AND date BETWEEN '2026-01-01' AND '2026-06-30' LIMIT 1").fetchone()[0]
    contributions.edit(ward, cid, {"quantity": 99_000_000})
    new_blob, _ = handoff.build(ward, period, now=dt.datetime(2026, 7, 5, 8, 0, tzinfo=dt.UTC))
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    old = safe_files.write_file(tmp_path / "old" / "a.thidua", old_blob)
    new = safe_files.write_file(tmp_path / "new" / "a.thidua", new_blob)

    assert upper.import_files(upper_ledger, [old])[0].action == "new"
    assert upper.import_files(upper_ledger, [new])[0].action == "supersede"
    [refused] = upper.import_files(upper_ledger, [old])
    assert refused.action == "older" and "cũ hơn" in refused.message
    states = upper_ledger.conn.execute("SELECT status FROM packages ORDER BY id").fetchall()
    assert [s[0] for s in states] == ["superseded", "current"]
    assert upper.consolidate(upper_ledger, PERIOD)["totals"] == figures.totals(ward, period)


def test_issued_report_travels_in_the_file(ward: Ledger, tmp_path: Path) -> None:
    period = narrative.parse_period(ward, PERIOD)
    doc_id = report.issue(ward, period)
    path = _export(ward, tmp_path / "usb")
    pkg = handoff.read(path)
    with zipfile.ZipFile(path) as zf:
        assert zf.read("report.pdf") == register.pdf_bytes(ward, doc_id)
        assert set(zf.namelist()) == {"manifest.json", "data.json", "report.pdf", "data.xlsx"}
    assert pkg.manifest["report"]["symbol"] == "01/BC-UBND"


def test_personal_data_only_when_asked(ward: Ledger, tmp_path: Path) -> None:
    with ward.transaction():
        ward.conn.execute("UPDATE contributors SET phone = '0912345678', cccd = '051234567890'")
    plain = handoff.read(_export(ward, tmp_path / "a"))
    assert all("phone" not in p and "cccd" not in p for p in plain.data["contributors"])
    assert b"0912345678" not in (tmp_path / "a" / f"{setup.get_unit(ward)['code']}_2026-H1.thidua").read_bytes()
    full = handoff.read(_export(ward, tmp_path / "b", personal=True))
    assert full.data["contributors"][0]["phone"] == "0912345678" and full.manifest["personal_data"] is True


# --------------------------------------------------------------------------- bad files, each built here


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, blob in members.items():
            zf.writestr(name, blob)
    path.write_bytes(buf.getvalue())
    return path


def _resign(ward: Ledger, manifest: dict) -> dict:
    manifest = {k: v for k, v in manifest.items() if k not in ("signature", "key_fingerprint")}
    manifest["signature"], manifest["key_fingerprint"] = keys.sign(ward, handoff.canonical(manifest))
    return manifest


@pytest.fixture
def good(ward: Ledger, upper_ledger: Ledger, tmp_path: Path) -> Path:
    _register(ward, upper_ledger, tmp_path)
    return _export(ward, tmp_path / "usb")


def _refused(up: Ledger, path: Path, words: str) -> None:
    [item] = upper.import_files(up, [path])
    assert item.action == "refused" and path.name in item.message and words in item.message, item.message
    assert up.conn.execute("SELECT count(*) FROM packages").fetchone()[0] == 0
    assert up.conn.execute("SELECT count(*) FROM recv_contributions").fetchone()[0] == 0


def test_truncated_and_damaged_files(good: Path, upper_ledger: Ledger, tmp_path: Path) -> None:
    blob = good.read_bytes()
    _refused(upper_ledger, _write(tmp_path / "cut.thidua", blob[: len(blob) // 2]), "cắt cụt")
    damaged = bytearray(blob)
    for i in range(200, 260):
        damaged[i] ^= 0xFF
    _refused(upper_ledger, _write(tmp_path / "hong.thidua", bytes(damaged)), "")
    _refused(upper_ledger, _write(tmp_path / "rong.thidua", b""), "tệp rỗng")
    _refused(upper_ledger, _write(tmp_path / "csv.thidua", b"a,b,c\n1,2,3\n"), "không phải tệp dữ liệu")


def _write(path: Path, blob: bytes) -> Path:
    path.write_bytes(blob)
    return path


def test_tampered_member_and_tampered_manifest(good: Path, ward: Ledger, upper_ledger: Ledger,
                                               tmp_path: Path) -> None:
    members = _members(good)
    data = json.loads(members["data.json"])
    data["contributions"][0]["value_vnd"] += 1_000_000
    changed = handoff.canonical(data)
    _refused(upper_ledger, _zip(tmp_path / "sua-du-lieu.thidua", {**members, "data.json": changed}), "SHA-256")
    # Also fixing the hash in the manifest breaks the signature.
    manifest = json.loads(members["manifest.json"])
    manifest["members"]["data.json"] = __import__("hashlib").sha256(changed).hexdigest()
    _refused(upper_ledger, _zip(tmp_path / "sua-ca-manifest.thidua",
                                {**members, "manifest.json": json.dumps(manifest).encode(), "data.json": changed}),
             "chữ ký số không hợp lệ")


def test_consistent_but_wrong_figures_are_refused(good: Path, ward: Ledger, upper_ledger: Ledger,
                                                  tmp_path: Path) -> None:
    """Even signed by the ward itself, a file whose summary does not match its own records is refused."""
    members = _members(good)
    manifest = json.loads(members["manifest.json"])
    manifest["figures"]["totals"]["money_vnd"] += 5
    manifest = _resign(ward, manifest)
    _refused(upper_ledger, _zip(tmp_path / "so-lieu-sai.thidua",
                                {**members, "manifest.json": json.dumps(manifest).encode()}), "không khớp")


def test_unsigned_and_unknown_key(good: Path, ward: Ledger, upper_ledger: Ledger, tmp_path: Path) -> None:
    members = _members(good)
    manifest = json.loads(members["manifest.json"])
    unsigned = {k: v for k, v in manifest.items() if k not in ("signature", "key_fingerprint")}
    _refused(upper_ledger, _zip(tmp_path / "khong-ky.thidua",
                                {**members, "manifest.json": json.dumps(unsigned).encode()}), "không có chữ ký")
    other = open_ledger(tmp_path / "khac.sqlite")
    setup.initialize(other, {"name": "Phường Khác", "code": "21581", "kind": "phuong"})
    stranger = _export(other, tmp_path / "usb2")
    other.close()
    _refused(upper_ledger, stranger, "chưa được đăng ký")


def test_unknown_format_version(good: Path, ward: Ledger, upper_ledger: Ledger, tmp_path: Path) -> None:
    members = _members(good)
    # Format version 3 (the indicators) is the current one: a version above it is unknown.
    manifest = _resign(ward, {**json.loads(members["manifest.json"]), "format_version": handoff.FORMAT_VERSION + 1})
    _refused(upper_ledger, _zip(tmp_path / "v4.thidua", {**members, "manifest.json": json.dumps(manifest).encode()}),
             f"phiên bản {handoff.FORMAT_VERSION + 1}")


@pytest.mark.parametrize("name", ["../../etc/passwd", "/abs/data.json", "C:/x.json"])
def test_members_outside_the_archive_root(good: Path, upper_ledger: Ledger, tmp_path: Path, name: str) -> None:
    members = {**_members(good), name: b"x"}
    members.pop("data.xlsx")
    _refused(upper_ledger, _zip(tmp_path / "doc-hai.thidua", members), "ngoài thư mục gốc")


def test_too_many_and_oversize_members(good: Path, upper_ledger: Ledger, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    members = _members(good)
    _refused(upper_ledger, _zip(tmp_path / "nhieu.thidua", {**members, "a.txt": b"1"}), "thành phần")
    bomb = {**members, "data.json": b" " * 3_000_000}
    monkeypatch.setattr(handoff, "MAX_MEMBER_BYTES", 1_000_000)
    _refused(upper_ledger, _zip(tmp_path / "bom.thidua", bomb), "quá lớn")


def test_a_failed_write_leaves_no_file_under_the_final_name(ward: Ledger, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for step in ("write", "fsync", "rename", "verify"):
        def fail(name: str, step: str = step) -> None:
            if name == step:
                raise OSError(errno.EIO, "I/O error")

        monkeypatch.setattr(safe_files, "fault_hook", fail)
        with pytest.raises(UserError, match="USB"):
            _export(ward, tmp_path / "usb")
        assert list((tmp_path / "usb").iterdir()) == [], step


def test_bytes_changed_on_the_stick_after_writing_are_caught_by_the_read_back(
        ward: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = safe_files.write_file

    def flaky_stick(path: Path, blob: bytes) -> Path:  # the stick hands back other bytes than it was given
        written = real(path, blob)
        raw = bytearray(written.read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        written.write_bytes(bytes(raw))
        return written

    monkeypatch.setattr(handoff.safe_files, "write_file", flaky_stick)
    with pytest.raises(UserError, match="bị từ chối"):
        _export(ward, tmp_path / "usb")
    assert list((tmp_path / "usb").iterdir()) == []


def test_public_key_file_checks(ward: Ledger, upper_ledger: Ledger, tmp_path: Path) -> None:
    path = keys.export_public_key(ward, tmp_path / "k.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["public_key"] = "00" * 32
    (tmp_path / "k2.json").write_text(json.dumps(doc), encoding="utf-8")
    unit = setup.get_unit(ward)
    with pytest.raises(UserError, match="dấu vân tay không khớp"):
        upper.add_ward(upper_ledger, code=unit["code"], name=unit["name"], key_file=tmp_path / "k2.json")
    with pytest.raises(UserError, match=f"mã {unit['code']}"):
        upper.add_ward(upper_ledger, code="99999", name="Phường Khác", key_file=path)


def test_matrix_shows_received_waiting_and_late(good: Path, upper_ledger: Ledger) -> None:
    upper.import_files(upper_ledger, [good])
    [row] = upper.matrix(upper_ledger, ["2026-H1", "2026-H2", "2025-H2"], today=dt.date(2026, 12, 20))
    assert row["cells"]["2026-H1"]["state"] == "received"
    assert row["cells"]["2026-H2"]["state"] == "waiting"
    assert row["cells"]["2025-H2"]["state"] == "late"


def test_data_json_is_the_canonical_form_of_the_records(ward: Ledger, tmp_path: Path) -> None:
    """Written without re-sorting, data.json must still be exactly the canonical JSON (sorted keys, no
    spaces): the same records always give the same bytes and the same hash in the manifest."""
    period = narrative.parse_period(ward, PERIOD)
    data = handoff.collect(ward, period, personal=True)
    records, _made, _figures = handoff_collect.gather(ward, period, lambda r: None, personal=True)
    assert records.data_json() == handoff.canonical(data)  # SQLite's text of the records (handoff_collect)
    with zipfile.ZipFile(_export(ward, tmp_path / "a")) as zf:
        # Format version 2: data.json also holds the period's proposals sent upward (upward.collect).
        expected = {**handoff.collect(ward, period), "proposals": upward.collect(ward, period)[0]}
        assert zf.read("data.json") == handoff.canonical(expected)
