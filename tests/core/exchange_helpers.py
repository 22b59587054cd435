"""A province's ledger and a ward registered in it, as the exchange tests need them (one place instead of one copy
per test file)."""

from __future__ import annotations

from pathlib import Path

from db.connection import Ledger, open_ledger
from desktop.core.exchange import keys, upper
from desktop.core.ledger import setup

PROVINCE = {"name": "Tỉnh Quảng Ngãi", "code": "51", "kind": "tinh", "role": "upper", "province": "Quảng Ngãi"}

# The nominees a ward sends upward: forms the upper level grants, submitted upward.
SENT_UPWARD_SQL = ("SELECT p.nominee_name FROM proposals p JOIN award_kinds k ON k.id = p.award_kind_id "
                   "WHERE k.level = 'upper' AND p.status = 'trinh_cap_tren' AND p.deleted_at IS NULL")


def new_upper(path: Path, user: str = "Lê Văn Tỉnh") -> Ledger:
    """An empty upper-level ledger of the province (open: the caller closes it)."""
    led = open_ledger(path, user=user)
    setup.initialize(led, dict(PROVINCE), sample_rates=False)
    return led


def register(ward: Ledger, up: Ledger, key_path: Path) -> dict:
    """Register `ward` at `up` with its own public-key file; returns the ward's unit."""
    unit = setup.get_unit(ward)
    upper.add_ward(up, code=unit["code"], name=unit["name"], key_file=keys.export_public_key(ward, key_path))
    return unit


def sent_upward(ward: Ledger) -> set[str]:
    return {r[0] for r in ward.conn.execute(SENT_UPWARD_SQL)}
