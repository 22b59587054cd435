"""An upper-level ledger with many wards that have sent their files, written as an import writes them (packages,
recv_works with the funding split, recv_indicators): for the consolidation's tests and screenshots at 100 wards."""

from __future__ import annotations

import json
import random

from db.connection import Ledger
from desktop.core.exchange import handoff_extras
from desktop.core.figures import figures, indicator_catalogue

PERIOD = "2026-H1"
PARTS = ("land_value_vnd", "money_vnd", "materials_value_vnd", "labour_value_vnd", "assets_value_vnd",
         "other_value_vnd")
# Real shapes of names after the 2025 reorganisation: long ones wrap, accents everywhere.
NAMES = ("Phường Trương Quang Trọng", "Xã Tịnh Khê", "Phường Cẩm Thành", "Xã Ba Tơ", "Đặc khu Lý Sơn",
         "Phường Nghĩa Lộ", "Xã Sơn Tịnh", "Xã Đông Trà Bồng", "Phường Đức Phổ", "Xã Nguyễn Nghiêm")


def many_wards(up: Ledger, n: int = 100, period: str = PERIOD, *, seed: int = 21, start: str = "2026-01-01",
               end: str = "2026-06-30") -> None:
    """n wards, each with a current package of `period`: totals in the hundreds of billions, three works with a
    funding split, and some indicators (not every ward reports every one)."""
    rng = random.Random(seed)
    catalogue = indicator_catalogue.load()
    with up.transaction() as db:
        for i in range(n):
            code = f"{30000 + i}"
            row = up.conn.execute("SELECT id FROM wards WHERE code = ?", [code]).fetchone()
            wid = row[0] if row else db["wards"].insert({
                "uuid": f"w{i}", "code": code, "name": f"{NAMES[i % len(NAMES)]} {i // 10 + 1}", "public_key": "k",
                "fingerprint": f"f{i}", "kind": "xa" if NAMES[i % len(NAMES)].startswith("Xã") else "phuong"}).last_pk
            t = figures.empty_totals()
            t.update(contributors=rng.randint(100, 99_999), households_land=rng.randint(0, 9_999),
                     land_m2=rng.randint(0, 9_999_999) / 10, labour_days=rng.randint(0, 999_999) / 10,
                     works_completed=rng.randint(0, 99), road_length_completed_m=rng.randint(0, 999_999) / 10)
            for key, top in zip(PARTS, (999_999_999_999, 99_999_999_999, 99_999_999_999, 99_999_999_999,
                                        9_999_999_999, 999_999_999), strict=True):
                t[key] = rng.randint(0, top)
            t["total_value_vnd"] = sum(t[k] for k in PARTS)
            pid = db["packages"].insert({
                "uuid": f"p{i}-{period}", "ward_id": wid, "period_code": period, "period_start": start,
                "period_end": end, "created_src": "2026-07-05T00:00:00", "file_sha256": f"{i:064d}",
                "file_name": f"{code}_{period}.thidua", "manifest": "{}", "totals": json.dumps(t),
                "by_group": "{}", "status": "current"}).last_pk
            for j in range(3):
                db["recv_works"].insert({"package_id": pid, "uuid": f"{i:08d}-0000-4000-8000-{j:012d}",
                                         "name": f"Đường tổ {j + 1}", "kind": "duong", "status": "hoan_thanh",
                                         **{k: rng.randint(0, 9_999_999_999) for k in handoff_extras.FUNDING_KEYS}})
            for ind in catalogue.indicators:
                if rng.random() < 0.25:
                    continue
                value = (round(rng.uniform(60, 100), 1) if ind.kind == "percent" else
                         rng.randint(10**8, 10**11) if ind.kind == "money" else rng.randint(0, 200))
                db["recv_indicators"].insert({"package_id": pid, "code": ind.code, "name": ind.name, "unit": ind.unit,
                                              "value": value, "source": "Nhập tay"})
