"""Issue 19, fault 10: the unit code in a public-key file was not protected, so a ward's key could be registered
under another ward's code (and the ward's genuine files were then refused). The file is now signed by its own key
over code, name, key and day; the upper level checks that signature and that the code is the ward's. The attacks
are the ones that found the fault: an edited code, a code emptied or removed, a genuine file under another code,
and malformed files (which crashed or were accepted)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from db.connection import Ledger, open_ledger
from desktop.core.errors import UserError
from desktop.core.exchange import keys, upper
from desktop.core.ledger import setup
from desktop.core.ledger.signing_key import fingerprint


def _ledger(tmp_path: Path, name: str, code: str, role: str = "ward") -> Ledger:
    led = open_ledger(tmp_path / f"{code}.sqlite")
    setup.initialize(led, {"name": name, "code": code, "kind": "phuong" if role == "ward" else "tinh", "role": role},
                     sample_rates=False)
    return led


@pytest.fixture
def ward_a(tmp_path: Path) -> Ledger:
    led = _ledger(tmp_path, "Phường An Phú", "A0101")
    yield led
    led.close()


@pytest.fixture
def up(tmp_path: Path) -> Ledger:
    led = _ledger(tmp_path, "Tỉnh Quảng Ngãi", "51", role="upper")
    yield led
    led.close()


@pytest.fixture
def key_doc(ward_a: Ledger, tmp_path: Path) -> dict[str, Any]:
    return json.loads(keys.export_public_key(ward_a, tmp_path / "khoa-a.json").read_text(encoding="utf-8"))


def _write(tmp_path: Path, doc: Any) -> Path:
    path = tmp_path / "khoa-thu.json"
    path.write_bytes(doc if isinstance(doc, bytes) else json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    return path


def _registered(up: Ledger) -> int:
    return up.conn.execute("SELECT count(*) FROM wards").fetchone()[0]


def test_the_genuine_file_registers_under_its_own_code(up: Ledger, key_doc: dict[str, Any], tmp_path: Path) -> None:
    upper.add_ward(up, code="A0101", name="Phường An Phú", key_file=tmp_path / "khoa-a.json")
    [row] = keys.registered(up, "A0101")
    assert row["fingerprint"] == key_doc["fingerprint"] == fingerprint(bytes.fromhex(key_doc["public_key"]))
    assert row["name"] == "Phường An Phú" and row["created_at"]


@pytest.mark.parametrize("name", ["Phường An Phú", "Phường Bình Minh"])
def test_a_key_file_whose_code_was_edited_is_refused(up: Ledger, key_doc: dict[str, Any], tmp_path: Path,
                                                      name: str) -> None:
    """The attack: A's key file, its code (and maybe its name) edited to B's, registered as B."""
    key_doc["unit"].update(code="B0202", name=name)
    with pytest.raises(UserError, match="chữ ký của khóa không khớp"):
        upper.add_ward(up, code="B0202", name="Phường Bình Minh", key_file=_write(tmp_path, key_doc))
    assert _registered(up) == 0


@pytest.mark.parametrize("how", ["emptied", "removed"])
def test_a_key_with_no_code_cannot_be_registered_under_another(up: Ledger, key_doc: dict[str, Any], tmp_path: Path,
                                                               how: str) -> None:
    if how == "emptied":
        key_doc["unit"]["code"] = ""
    else:
        del key_doc["unit"]["code"]
    with pytest.raises(UserError, match="mã đơn vị"):
        upper.add_ward(up, code="B0202", name="Phường Bình Minh", key_file=_write(tmp_path, key_doc))
    assert _registered(up) == 0


def test_a_genuine_key_registered_under_another_code_names_both(ward_a: Ledger, tmp_path: Path) -> None:
    path = keys.export_public_key(ward_a, tmp_path / "khoa-a.json")
    with pytest.raises(UserError) as info:
        keys.read_public_key(path, code="B0202")
    assert "A0101" in str(info.value) and "B0202" in str(info.value)


def test_an_unsigned_old_style_file_is_refused(up: Ledger, key_doc: dict[str, Any], tmp_path: Path) -> None:
    """A version 1 file (no self-signature): its code is not protected, so it is refused, with what to do."""
    del key_doc["self_signature"]
    key_doc["version"] = 1
    with pytest.raises(UserError, match="mẫu cũ.*xuất lại"):
        upper.add_ward(up, code="A0101", name="Phường An Phú", key_file=_write(tmp_path, key_doc))


def _edit(doc: dict[str, Any], **changes: Any) -> dict[str, Any]:
    doc = json.loads(json.dumps(doc))
    doc.update(changes)
    return doc


MALFORMED = {
    "not JSON": lambda d: b"\x00\xff day khong phai JSON",
    "JSON nested 30,000 deep": lambda d: b"[" * 30_000 + b"]" * 30_000,
    "unit is text": lambda d: _edit(d, unit="A0101"),
    "key is a list": lambda d: _edit(d, public_key=[1, 2, 3]),
    "key 31 bytes": lambda d: _edit(d, public_key=d["public_key"][:62]),
    "key not hex": lambda d: _edit(d, public_key="zz" * 32),
    "signature not base64": lambda d: _edit(d, self_signature="!!! không phải base64 !!!"),
    "signature 10 bytes": lambda d: _edit(d, self_signature=base64.b64encode(b"x" * 10).decode()),
    "signature a number": lambda d: _edit(d, self_signature=12345),
    "created_at edited": lambda d: _edit(d, created_at="2099-01-01T00:00:00+07:00"),
    "unknown version": lambda d: _edit(d, version=3),
}


@pytest.mark.parametrize("attack", sorted(MALFORMED))
def test_malformed_key_files_give_a_message_not_a_traceback(up: Ledger, key_doc: dict[str, Any], tmp_path: Path,
                                                            attack: str) -> None:
    path = _write(tmp_path, MALFORMED[attack](key_doc))
    with pytest.raises(UserError, match="khoa-thu.json"):
        upper.add_ward(up, code="A0101", name="Phường An Phú", key_file=path)
    assert _registered(up) == 0


def test_an_all_zero_key_is_refused(up: Ledger, key_doc: dict[str, Any], tmp_path: Path) -> None:
    """Even with the fingerprint it claims recomputed to match."""
    doc = _edit(key_doc, public_key="00" * 32, fingerprint=fingerprint(bytes(32)))
    with pytest.raises(UserError, match="toàn số 0"):
        upper.add_ward(up, code="A0101", name="Phường An Phú", key_file=_write(tmp_path, doc))
    assert _registered(up) == 0


SMALL_ORDER = ["01" + "00" * 31, "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
               "ee" + "ff" * 30 + "7f", "ee" + "ff" * 30 + "ff"]


@pytest.mark.parametrize("public_hex", SMALL_ORDER)
def test_a_small_order_key_with_a_forged_self_signature_is_refused(up: Ledger, key_doc: dict[str, Any],
                                                                   tmp_path: Path, public_hex: str) -> None:
    """Not a key: with it, the signature (R = identity, S = 0) verifies for many messages, so the file's own
    signature can be forged and so could every handoff file of the ward it would be registered to."""
    raw = bytes.fromhex(public_hex)
    forged = base64.b64encode(bytes([1]) + bytes(63)).decode()
    for created in (f"2026-12-0{i}T08:00:00+07:00" for i in range(1, 10)):  # a day for which the forgery verifies
        doc = _edit(key_doc, public_key=public_hex, fingerprint=fingerprint(raw), self_signature=forged,
                    created_at=created)
        with pytest.raises(UserError, match="không phải khóa thật"):
            upper.add_ward(up, code="A0101", name="Phường An Phú", key_file=_write(tmp_path, doc))
    assert _registered(up) == 0


def test_fingerprint_reads_back_by_phone() -> None:
    """Eight groups of four upper-case hex digits, from the SHA-256 of the raw key."""
    shown = fingerprint(bytes(range(32)))
    groups = shown.split(" ")
    assert len(groups) == 8 and all(len(g) == 4 and g == g.upper() for g in groups)
    int("".join(groups), 16)  # hex only
    assert shown != fingerprint(bytes(range(1, 33)))
