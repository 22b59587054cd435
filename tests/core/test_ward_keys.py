"""Issue 19, fault 9 at the upper level: `ward_keys.register_key` registers the first key of a ward listed without
one, and replaces a ward's key only with a reason (the old key stays known, with the day it was replaced)."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.connection import Ledger, open_ledger
from desktop.core.errors import UserError
from desktop.core.exchange import keys, upper, ward_keys
from desktop.core.ledger import records, setup
from tests.core.exchange_helpers import new_upper


def _ward(path: Path, code: str = "A0101", name: str = "Phường An Phú") -> Ledger:
    led = open_ledger(path)
    setup.initialize(led, {"name": name, "code": code, "kind": "phuong"}, sample_rates=False)
    return led


@pytest.fixture
def up(tmp_path: Path) -> Ledger:
    led = new_upper(tmp_path / "tinh.sqlite")
    yield led
    led.close()


def _listed(up: Ledger, code: str = "A0101", name: str = "Phường An Phú") -> int:
    """A ward listed before its key arrived (as the ward list from an xlsx makes it): public_key = ''."""
    return records.create(up, "wards", {"code": code, "name": name, "public_key": "", "fingerprint": ""}, name)


def _key_file(tmp_path: Path, file_name: str, code: str = "A0101") -> Path:
    led = _ward(tmp_path / f"{file_name}.sqlite", code)
    try:
        return keys.export_public_key(led, tmp_path / f"{file_name}.json")
    finally:
        led.close()


def _audit(up: Ledger) -> list[str]:
    return [r[0] for r in up.conn.execute("SELECT summary FROM audit WHERE table_name = 'wards' ORDER BY id")]


def test_the_first_key_of_a_listed_ward_is_registered(up: Ledger, tmp_path: Path) -> None:
    ward_id = _listed(up)
    assert upper.trusted_keys(up) == {}  # a ward without a key is no key ('' must not be trusted)
    path = _key_file(tmp_path, "khoa")
    fp = keys.read_public_key(path)["fingerprint"]
    out = ward_keys.register_key(up, "A0101", path, fingerprint=fp.lower().replace(" ", "-"))
    assert out["action"] == "first" and out["fingerprint"] == fp and out["old_fingerprint"] is None
    [w] = keys.registered(up, "A0101")
    assert w["fingerprint"] == fp and w["id"] == ward_id
    [k] = ward_keys.history(up, ward_id)
    assert k["fingerprint"] == fp and k["replaced_at"] is None
    assert upper.trusted_keys(up) == {fp: w["public_key"]}
    assert any("Đăng ký khóa" in s and fp in s for s in _audit(up))
    assert ward_keys.register_key(up, "A0101", path)["action"] == "same"


def test_a_wrong_fingerprint_or_another_wards_file_registers_nothing(up: Ledger, tmp_path: Path) -> None:
    _listed(up)
    _listed(up, "B0202", "Phường Bình Minh")
    path = _key_file(tmp_path, "khoa")
    with pytest.raises(UserError, match="Dấu vân tay không khớp"):
        ward_keys.register_key(up, "A0101", path, fingerprint="0000 1111")
    with pytest.raises(UserError, match="A0101.*B0202"):
        ward_keys.register_key(up, "B0202", path)
    with pytest.raises(UserError, match="Chưa có đơn vị mã C0303"):
        ward_keys.register_key(up, "C0303", _key_file(tmp_path, "khoa-c", "C0303"))
    assert all(w["public_key"] == "" for w in keys.registered(up))


def test_a_replacement_needs_a_reason_and_keeps_the_old_key_known(up: Ledger, tmp_path: Path) -> None:
    old_path = _key_file(tmp_path, "khoa-cu")
    ward_id = upper.add_ward(up, code="A0101", name="Phường An Phú", key_file=old_path)  # no history row
    old_fp = keys.read_public_key(old_path)["fingerprint"]
    new_path = _key_file(tmp_path, "khoa-moi")
    with pytest.raises(UserError, match="phải ghi lý do"):
        ward_keys.register_key(up, "A0101", new_path)
    assert keys.registered(up, "A0101")[0]["fingerprint"] == old_fp
    out = ward_keys.register_key(up, "A0101", new_path, reason="  Máy hỏng,   mất khóa — công văn 12/UBND ")
    assert out["action"] == "replaced" and out["old_fingerprint"] == old_fp
    new_fp = out["fingerprint"]
    old, new = ward_keys.history(up, ward_id)
    assert (old["fingerprint"], new["fingerprint"]) == (old_fp, new_fp)
    assert old["replaced_at"] and new["replaced_at"] is None
    assert old["reason"] == "Máy hỏng, mất khóa — công văn 12/UBND"
    assert set(ward_keys.old_keys(up)) == {old_fp}
    assert any(old_fp in s and new_fp in s and "công văn 12" in s for s in _audit(up))
    # The old key cannot come back, nor can a ward's key be registered for another ward.
    with pytest.raises(UserError, match="khóa cũ"):
        ward_keys.register_key(up, "A0101", old_path, reason="nhầm")
    _listed(up, "B0202", "Phường Bình Minh")
    with pytest.raises(UserError):
        ward_keys.register_key(up, "B0202", new_path)
