"""The upper level's demo (`thidua demo --upper`): Sở Nội vụ of the invented tỉnh Mẫu with 100 communes registered
— phường, xã and đặc khu, with contacts and keys — and their handoff files for 2025-H2 and 2026-H1 imported: most
sent on time, some late, some missing, a few sent twice (the first version superseded), ten communes reporting
only from 2026-H1, two listed whose key has not come yet.

Invented like the ward's demo (desktop/core/demo/wards.py): codes 99001–99100 have the 5 digits of a mã ĐVHC
(so the list import and its checks work on the demo) but lie beyond the communes' codes of the national list
(Quyết định 124/2004/QĐ-TTg and its updates number the communes province by province, the last ones near 32xxx),
the names are drawn from common place words, and the ledger carries the demo mark (ledger.demo_mark: SỔ
MẪU in the title and on every page printed). The files are real: one small demo ward ledger, re-coded and re-keyed
for each commune (as the upper level's benchmark does), exported, signed and imported through upper.import_files.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from db.connection import Ledger, open_ledger
from desktop.core.demo import builder
from desktop.core.demo.wards import GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE, weighted
from desktop.core.errors import UserError
from desktop.core.exchange import handoff, keys, reception, upper, ward_register
from desktop.core.ledger import audit, demo_mark, key_store, setup
from desktop.core.report import narrative

UNIT = {"name": "Sở Nội vụ tỉnh Mẫu", "code": "DEMO00", "kind": "tinh", "role": "upper", "province": "Mẫu",
        "signer_name": "Nguyễn Thị Lan Anh", "signer_title": "Giám đốc", "user_name": "Lê Thị Phương Thảo"}
PERIODS = ("2025-H2", "2026-H1")
DEADLINES = {"2025-H2": "2026-01-15", "2026-H1": "2026-07-15"}  # the upper level's own choice for the demo
COUNT = 100
NO_KEY = (57, 88)  # two communes listed without a key yet
_PLACES = ("An", "Bình", "Hòa", "Phú", "Thạnh", "Tân", "Long", "Mỹ", "Phước", "Thuận", "Đông", "Tây", "Nam",
           "Bắc", "Trung", "Sơn", "Hải", "Hưng", "Lộc", "Thọ", "Vĩnh", "Quang", "Minh", "Nghĩa", "Đức", "Tịnh",
           "Hành", "Ba", "Trà", "Kỳ")
_SECOND = ("Phú", "Hòa", "Thành", "Lợi", "Khê", "Sơn", "Thuận", "Hiệp", "Tân", "Lộc", "Mỹ", "An", "Bình",
           "Long", "Hưng", "Xuân", "Châu", "Tây", "Đông", "Trung")
_SURNAMES = {"Nguyễn": 30, "Trần": 10, "Lê": 10, "Phạm": 7, "Huỳnh": 8, "Võ": 8, "Phan": 5, "Hồ": 4, "Đặng": 3}


def _communes(rng: random.Random) -> list[dict[str, Any]]:
    """100 invented communes: 3 đặc khu, about a quarter phường, the rest xã; distinct names."""
    names: set[str] = set()
    out = []
    for i in range(COUNT):
        kind = "dac_khu" if i >= COUNT - 3 else "phuong" if i % 4 == 0 else "xa"
        while True:
            base = f"{rng.choice(_PLACES)} {rng.choice(_SECOND)}"
            if base not in names and base.split()[0] != base.split()[1]:
                names.add(base)
                break
        female = rng.random() < 0.6
        contact = (f"{weighted(rng, _SURNAMES)} {weighted(rng, MIDDLE_FEMALE if female else MIDDLE_MALE)} "
                   f"{rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)}")
        out.append({"code": f"{99001 + i}", "name": f"{ward_register.KINDS[kind]} {base}", "kind": kind,
                    "contact_name": contact, "contact_phone": f"0{rng.choice((905, 935, 914, 983, 255))} "
                                                              f"{rng.randint(100, 999)} {rng.randint(100, 999)}",
                    "joined_period": "2026-H1" if 40 <= i < 50 else "2025-H2"})
    return out


def _fate(rng: random.Random, i: int, code: str) -> str:
    """What a commune did for a period: on_time | late | missing | twice (sent again, the first superseded)."""
    roll = rng.random()
    if code == "2026-H1" and i % 9 == 4:
        return "missing"
    return "missing" if roll < 0.05 else "late" if roll < 0.17 else "twice" if roll < 0.22 else "on_time"


def _arrival(rng: random.Random, code: str, fate: str) -> str:
    """The day the first file arrived: before the deadline, or a few days after it for a late one."""
    due = dt.date.fromisoformat(DEADLINES[code])
    day = due + dt.timedelta(days=rng.randint(1, 12)) if fate == "late" else due - dt.timedelta(days=rng.randint(0, 20))
    return f"{day.isoformat()}T{rng.randint(7, 16):02d}:{rng.randint(0, 59):02d}:00+07:00"


_VARIED = "demo-cap-tren"  # the deleted_at mark of the source ward's rows left out of one commune's files


def _rekey(ward: Ledger, commune: dict[str, Any], rng: random.Random) -> None:
    setup.update_unit(ward, {"code": commune["code"], "name": commune["name"]})
    with ward.transaction():  # a new signing key for the next commune: the demo ledger is only a source of files
        ward.conn.execute("UPDATE signing_keys SET deleted_at = ? WHERE deleted_at IS NULL", [time.time()])
        # Each commune sends a different share (55–100 %) of the source ward's contributions, so that the
        # consolidation, its chart and its ranking show communes that differ, as real ones do.
        ward.conn.execute("UPDATE contributions SET deleted_at = NULL WHERE deleted_at = ?", [_VARIED])
        ward.conn.execute("UPDATE contributions SET deleted_at = ? WHERE deleted_at IS NULL AND (id * 7919 + ?) % 100 "
                          "< ?", [_VARIED, rng.randint(0, 99), rng.randint(0, 45)])


def build_upper_demo(ledger: Ledger, seed: int = 0, today: dt.date | None = None) -> dict[str, int]:
    """Fill an empty ledger with the upper level's demo; returns counts (wards, files imported, superseded)."""
    if setup.is_initialized(ledger):
        raise UserError("Sổ đã được khai báo; chỉ tạo dữ liệu mẫu cấp trên trong sổ trống.")
    rng = random.Random(seed)
    setup.initialize(ledger, dict(UNIT), sample_rates=False)
    ledger.user = UNIT["user_name"]
    today = today or dt.date.today()
    communes = _communes(rng)
    counts = {"wards": 0, "packages": 0, "superseded": 0}
    # The source ward's ~100 throw-away keys stay in the temporary folder, not in the clerk's key folder.
    with tempfile.TemporaryDirectory(prefix="sothidua-demo-cap-tren-") as folder, \
            key_store.keys_kept_in(Path(folder) / key_store.KEY_FOLDER):
        tmp = Path(folder)
        ward = open_ledger(tmp / "phuong.sqlite")
        try:
            builder.build_demo(ward, size="small", seed=seed, today=today)
            periods = {c: narrative.parse_period(ward, c) for c in PERIODS if c <= _half(today)}
            for i, commune in enumerate(communes):
                if i in NO_KEY:  # listed from the province's list, its key not brought yet: nothing received
                    ward_register.apply(ledger, [("Danh sách", i + 2, commune)], source="danh-sach-xa-phuong.xlsx",
                                        joined_period=commune["joined_period"])
                    counts["wards"] += 1
                    continue
                _rekey(ward, commune, rng)
                key = keys.export_public_key(ward, tmp / f"khoa-{commune['code']}.json")
                ward_id = upper.add_ward(ledger, code=commune["code"], name=commune["name"], key_file=key)
                ward_register.edit_ward(ledger, ward_id, {k: commune[k] for k in (*ward_register.EDITABLE,
                                                                                    "joined_period")})
                counts["wards"] += 1
                for code, period in periods.items():
                    if code < commune["joined_period"]:
                        continue
                    fate = _fate(rng, i, code)
                    if fate == "missing":
                        continue
                    counts["packages"] += _send(ledger, ward, period, tmp / f"{commune['code']}-{code}", fate,
                                                _arrival(rng, code, fate))
                    counts["superseded"] += fate == "twice"
        finally:
            ward.close()
    with ledger.transaction():
        for code, due in DEADLINES.items():
            reception.set_deadline(ledger, code, due)
        demo_mark.mark_demo(ledger, {"kind": "upper", "seed": seed, "built": today.isoformat(), "wards": COUNT})
        audit.record(ledger, "create", "settings", f"Tạo sổ mẫu cấp trên: {COUNT} đơn vị cấp xã giả định, tệp các "
                     f"kỳ {', '.join(PERIODS)}")
    return counts


def _half(day: dt.date) -> str:
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def _send(ledger: Ledger, ward: Ledger, period: Any, folder: Path, fate: str, arrived: str) -> int:
    """Export the commune's file (twice when `fate` is twice), import it, and date its arrival for the board."""
    folder.mkdir()
    sent = 0
    for n in range(2 if fate == "twice" else 1):
        target = folder / f"ban-{n + 1}"
        target.mkdir()
        path = handoff.export(ward, period, target)["path"]
        items = upper.import_files(ledger, [path])
        sent += sum(1 for it in items if it.action in ("new", "supersede"))
        day = arrived if n == 0 else (dt.datetime.fromisoformat(arrived) + dt.timedelta(days=3)).isoformat()
        with ledger.transaction():  # the demo's arrival days: the board measures them against the deadline
            ledger.conn.execute("UPDATE packages SET created_at = ? WHERE id = ?", [day, items[0].package_id])
    return sent

