"""Demo data: a realistic, deterministic ward ledger for trying the program and for tests.

Longer than 400 lines on purpose: one builder class whose steps draw from one random stream in a fixed order
(the demo of a seed depends on it); the wards and word lists it draws from are `demo.wards`.

`build_demo` fills an EMPTY ledger with groups (tổ dân phố), works, contributors and
contributions sized after domain research §4.3, §4.4 and §5.4: a small ward (6 TDP, a few hundred
contributions a year) or a large merged ward (130 TDP, about 20,000 contributions a year).
Everything comes from one `random.Random(seed)`, so the same seed and `today` give the same rows.

For speed the rows are inserted in bulk inside one transaction with a single audit row, instead of
going through the per-record services (one transaction and one audit row each); the derived
columns (sort_key, search) come from the services' own helpers, and computed values from
`rates.rate_for`, so the data is exactly what the services would have written.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from db.connection import Ledger
from desktop.core.demo.awards import build_awards
from desktop.core.demo.indicators import build_indicators
from desktop.core.demo.round import build_round
from desktop.core.demo.spending import build_spending
from desktop.core.demo.wards import (
    BUSINESS_BRANDS,
    BUSINESS_FORMS,
    BUSINESS_TRADES,
    COLLECTIVES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    LABOUR_TEXTS,
    LARGE,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    SECOND_MIDDLE_FEMALE,
    SMALL,
    STRUCTURES,
    WARDS,
    Ward,
    dec_text,
    money_text,
    stamp_time,
    weighted,
)
from desktop.core.errors import UserError
from desktop.core.ledger import audit, contributors, demo_mark, groups, rates, works
from desktop.core.ledger.setup import get_unit, initialize, is_initialized

FIRST_DAY = dt.date(2025, 1, 1)
DEMO_NOTE = "Dữ liệu mẫu (demo) — số hiệu văn bản là giả định, không dùng cho hồ sơ thật."


@dataclass
class _Group:
    id: int
    no: int
    households: int
    lanes: list[tuple[str, int]]  # (street, lane number)
    merged_on: dt.date | None = None
    collectives: list[int] = field(default_factory=list)  # contributor ids
    businesses: list[int] = field(default_factory=list)
    slots: dict[int, int] = field(default_factory=dict)  # household slot -> contributor id


@dataclass
class _Work:
    id: int
    kind: str
    groups: list[_Group]
    start: dt.date  # first day contributions are collected (the community meeting)
    end: dt.date  # last day
    lane: tuple[_Group, int] | None  # the lane a hẻm work widens: (group, lane index)
    status: str
    weight: float = 1.0


class _Builder:
    def __init__(self, ledger: Ledger, ward: Ward, rng: random.Random, today: dt.date):
        self.ledger = ledger
        self.ward = ward
        self.rng = rng
        self.today = today
        self.group_rows: list[dict[str, Any]] = []
        self.event_rows: list[dict[str, Any]] = []
        self.contributor_rows: list[dict[str, Any]] = []
        self.work_rows: list[dict[str, Any]] = []
        self.work_group_rows: list[dict[str, Any]] = []
        self.rate_rows: list[dict[str, Any]] = []
        self.contributions: list[dict[str, Any]] = []
        self.groups: list[_Group] = []
        self.first_use: dict[int, str] = {}  # contributor id -> earliest created_at of its contributions
        self._rate_cache: dict[tuple, dict[str, Any] | None] = {}
        tables = ("groups", "contributors", "works", "rates", "contributions")
        self._next = {t: self._max_id(t) + 1 for t in tables}
        self._work_names: set[str] = set()

    # -- ids, uuids, people --------------------------------------------------------------------

    def _max_id(self, table: str) -> int:
        return self.ledger.conn.execute(f"SELECT coalesce(max(id), 0) FROM [{table}]").fetchone()[0]

    def new_id(self, table: str) -> int:
        n = self._next[table]
        self._next[table] = n + 1
        return n

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def person(self, male: bool | None = None) -> tuple[str, bool]:
        rng = self.rng
        if male is None:
            male = rng.random() < 0.5
        surname = weighted(rng, self.ward.surnames)
        if male:
            middle = weighted(rng, MIDDLE_MALE)
            given = rng.choice(GIVEN_MALE)
        else:
            middle = weighted(rng, MIDDLE_FEMALE)
            given = rng.choice(GIVEN_FEMALE)
            if middle == "Thị" and rng.random() < 0.2:
                middle = f"Thị {rng.choice(SECOND_MIDDLE_FEMALE)}"
        if middle.endswith(given):
            given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE[:10])
        return f"{surname} {middle} {given}", male

    def phone(self) -> str:
        rng = self.rng
        return f"{rng.choice(self.ward.phone_prefixes)} {rng.randint(0, 999):03d} {rng.randint(0, 999):03d}"

    def cccd(self, male: bool, birth_year: int) -> str:
        century = 0 if birth_year < 2000 else 2
        return f"{self.ward.cccd_province}{century + (0 if male else 1)}{birth_year % 100:02d}" \
               f"{self.rng.randint(0, 999_999):06d}"

    # -- rates ---------------------------------------------------------------------------------

    def build_rates(self) -> None:
        for spec in self.ward.rates:
            decided = dt.date.fromisoformat(spec["decided"])
            if decided > self.today:
                continue  # not decided yet on the demo's "today"
            stamp = stamp_time(max(decided, FIRST_DAY + dt.timedelta(days=1)), self.rng)
            row = {k: v for k, v in spec.items() if k != "decided"}
            row.update({"id": self.new_id("rates"), "uuid": self.uuid(), "note": DEMO_NOTE,
                        "created_at": stamp, "updated_at": stamp, "deleted_at": None})
            self.rate_rows.append(row)

    def rate(self, kind: str, unit: str, land_type: str | None, day: str) -> dict[str, Any] | None:
        key = (kind, unit, land_type, day)
        if key not in self._rate_cache:
            self._rate_cache[key] = rates.rate_for(self.ledger, kind, unit, land_type, day)
        return self._rate_cache[key]

    # -- groups --------------------------------------------------------------------------------

    def build_groups(self) -> None:
        rng, ward = self.rng, self.ward
        created = stamp_time(FIRST_DAY + dt.timedelta(days=1), rng)
        used_lanes: set[tuple[str, int]] = set()
        for no in range(1, ward.groups + 1):
            gid = self.new_id("groups")
            households = rng.randint(*ward.households)
            population = round(households * rng.uniform(3.2, 3.8))
            leader, _ = self.person(male=rng.random() < 0.75)
            deputy, _ = self.person()
            secretary = leader if rng.random() < 0.25 else self.person(male=rng.random() < 0.7)[0]
            front, _ = self.person()
            streets = rng.sample(ward.streets, 2)
            lanes: list[tuple[str, int]] = []
            n_lanes = rng.randint(3, 6)
            while len(lanes) < n_lanes:
                lane = (rng.choice(streets), rng.randint(2, 120) * 2 + rng.randint(0, 1))
                if lane not in used_lanes:
                    used_lanes.add(lane)
                    lanes.append(lane)
            values = {
                "name": f"Tổ dân phố {no}", "leader": leader, "deputy": deputy, "party_secretary": secretary,
                "front_head": front, "phone": self.phone(), "households": households,
                "population": population, "active": 1, "merged_into_id": None, "note": None,
            }
            row = groups._derived(values)
            row.update({"id": gid, "uuid": self.uuid(), "created_at": created, "updated_at": created,
                        "deleted_at": None})
            self.group_rows.append(row)
            self.event_rows.append({"group_id": gid, "date": FIRST_DAY.isoformat(), "kind": "create",
                                    "detail": values["name"], "created_at": created})
            self.groups.append(_Group(id=gid, no=no, households=households, lanes=lanes))

        # A merged ward reorganises its TDP: a small one is merged into the neighbour before it, whose
        # figures grow; the old group keeps its figures and contributions (groups.merge does the same).
        span = (self.today - FIRST_DAY).days
        taken: set[int] = set()
        for k in range(self.ward.merged_groups):
            pool = [g for g in self.groups[1:] if g.no not in taken and g.no - 1 not in taken]
            old = min(rng.sample(pool, min(8, len(pool))), key=lambda g: g.households)
            into = self.groups[old.no - 2]  # the neighbour numbered just before it
            taken |= {old.no, into.no}
            offset = dt.timedelta(days=max(1, round(span * (0.55 + 0.15 * k))))
            old.merged_on = min(self.today, FIRST_DAY + offset)
            row = self.group_rows[self.groups.index(old)]
            when = stamp_time(min(old.merged_on, self.today), rng)
            into_row = self.group_rows[self.groups.index(into)]
            row.update({"active": 0, "merged_into_id": into.id, "updated_at": when,
                        "note": f"Sáp nhập vào {into_row['name']} từ ngày {old.merged_on:%d/%m/%Y}."})
            into_row.update({"households": into_row["households"] + row["households"],
                             "population": into_row["population"] + row["population"], "updated_at": when})
            self.event_rows.append({"group_id": old.id, "date": old.merged_on.isoformat(), "kind": "merge",
                                    "detail": f"Sáp nhập vào {into_row['name']}", "created_at": when})

        # Collectives (chi hội, chi đoàn) and businesses belong to a group like everybody else.
        for g in self.groups:
            for org in rng.sample(COLLECTIVES, rng.randint(1, 3)):
                g.collectives.append(self._org(g, f"{org} tổ dân phố {g.no}", "tap_the",
                                               f"Nhà văn hóa tổ dân phố {g.no}"))
        names: set[str] = set()
        parts = (BUSINESS_FORMS, BUSINESS_TRADES, BUSINESS_BRANDS)
        while len(names) < self.ward.businesses:
            name = " ".join(rng.choice(words) for words in parts)
            if name in names:
                continue
            names.add(name)
            g = rng.choice(self.groups)
            street = g.lanes[0][0]
            g.businesses.append(self._org(g, name, "doanh_nghiep", f"Số {rng.randint(1, 480)} đường {street}",
                                          phone=self.phone()))

    def _org(self, g: _Group, name: str, kind: str, address: str, phone: str | None = None) -> int:
        cid = self.new_id("contributors")
        values = {"name": name, "kind": kind, "group_id": g.id, "address": address, "birth_year": None,
                  "phone": phone, "cccd": None, "note": None}
        row = contributors._derived(values)
        row.update({"id": cid, "uuid": self.uuid(), "deleted_at": None})
        self.contributor_rows.append(row)
        return cid

    def household(self, g: _Group, slot: int) -> int:
        """The contributor living in household slot `slot` of group `g` (created on first use).
        Slot i lives on lane i mod len(lanes), so a hẻm's land donors really live on that hẻm."""
        cid = g.slots.get(slot)
        if cid is not None:
            return cid
        rng = self.rng
        cid = self.new_id("contributors")
        kind = "ho" if rng.random() < 0.86 else "ca_nhan"
        name, male = self.person(male=rng.random() < (0.72 if kind == "ho" else 0.5))
        birth_year = rng.randint(1938, 1995) if kind == "ho" else rng.randint(1950, 2005)
        street, lane = g.lanes[slot % len(g.lanes)]
        house = slot // len(g.lanes) + 1
        if rng.random() < 0.12:
            address = f"Số {rng.randint(1, 480)} đường {street}"
        else:
            address = f"Số {house} {self.ward.lane_word} {lane} {street}"
        values = {
            "name": name, "kind": kind, "group_id": g.id, "address": address, "birth_year": birth_year,
            "phone": self.phone() if rng.random() < 0.35 else None,
            "cccd": self.cccd(male, birth_year) if rng.random() < 0.3 else None, "note": None,
        }
        row = contributors._derived(values)
        row.update({"id": cid, "uuid": self.uuid(), "deleted_at": None})
        self.contributor_rows.append(row)
        g.slots[slot] = cid
        return cid

    # -- works ---------------------------------------------------------------------------------

    def _halves(self) -> list[tuple[dt.date, dt.date]]:
        out = []
        year = FIRST_DAY.year
        while True:
            for start, end in ((dt.date(year, 1, 1), dt.date(year, 6, 30)),
                               (dt.date(year, 7, 1), dt.date(year, 12, 31))):
                if start > self.today:
                    return out
                out.append((start, end))
            year += 1

    def _unique(self, name: str) -> str:
        if name in self._work_names:
            for stage in range(2, 9):
                candidate = f"{name} (giai đoạn {stage})"
                if candidate not in self._work_names:
                    name = candidate
                    break
        self._work_names.add(name)
        return name

    def build_works(self) -> list[tuple[tuple[dt.date, dt.date], list[_Work]]]:
        rng, today = self.rng, self.today
        plan = []
        halves = self._halves()
        for h_index, (hs, he) in enumerate(halves):
            last_half = h_index == len(halves) - 1
            avail_end = min(he, today)
            elapsed = (avail_end - hs).days
            count = rng.randint(*self.ward.works_per_half)
            half_works: list[_Work] = []
            for w_index in range(count):
                meeting = hs + dt.timedelta(days=rng.randint(0, min(elapsed, 60)))
                cutoff = meeting + dt.timedelta(days=45)
                live = [g for g in self.groups if g.merged_on is None or g.merged_on > cutoff]
                # The latest half always shows a work in preparation and one under construction.
                force = None
                if last_half and count >= 2:
                    force = {count - 1: "chuan_bi", count - 2: "dang_thi_cong"}.get(w_index)
                half_works.append(self._work(he, meeting, live, force))
            plan.append(((hs, he), half_works))
        return plan

    def _work(self, he: dt.date, meeting: dt.date, live: list[_Group], force: str | None) -> _Work:
        # The steps draw from the random stream in this order (name, budget, dates): the demo of a seed depends on it.
        rng, today = self.rng, self.today
        kind = weighted(rng, {"hem": 45, "duong": 30, "thoat_nuoc": 12, "chieu_sang": 8, "nha_van_hoa": 5})
        g = rng.choice(live)
        name, length, linked, lane, lane_ref = self._work_name(kind, g, live)
        width_before, width_after, state, social, people = self._work_budget(kind, length)
        status, start_value, completed_value, end = self._work_dates(kind, meeting, he, force)
        wid = self.new_id("works")
        meeting_no = rng.randint(1, 6)
        values = {
            "name": name, "kind": kind, "length_m": float(length) if length else None,
            "width_before_m": width_before, "width_after_m": width_after,
            "budget_state_vnd": int(state), "budget_social_vnd": int(social),
            "budget_people_vnd": int(people),
            "status": status,
            "start_date": start_value.isoformat() if start_value else None,
            "completed_date": completed_value.isoformat() if completed_value else None,
            "meeting_ref": f"Biên bản họp số {meeting_no:02d}/BB-TDP{g.no}",
            "meeting_date": meeting.isoformat(),
            "note": None,
        }
        row = works._derived(values)
        created = stamp_time(min(today, meeting + dt.timedelta(days=rng.randint(1, 3))), rng)
        row.update({"id": wid, "uuid": self.uuid(), "created_at": created, "updated_at": created,
                    "deleted_at": None})
        self.work_rows.append(row)
        for lg in linked:
            self.work_group_rows.append({"work_id": wid, "group_id": lg.id})
        weight = {"duong": 1.3, "hem": 1.0, "thoat_nuoc": 0.6, "chieu_sang": 0.4, "nha_van_hoa": 0.7}[kind]
        weight *= sum(x.households for x in linked) / 400
        return _Work(id=wid, kind=kind, groups=linked, start=meeting, end=max(meeting, end), lane=lane_ref,
                     status=status, weight=weight)

    def _work_name(self, kind: str, g: _Group, live: list[_Group]
                   ) -> tuple[str, int | None, list[_Group], str, tuple[_Group, int] | None]:
        rng = self.rng
        linked = [g]
        lane_ref: tuple[_Group, int] | None = None
        street, lane = g.lanes[0]
        lane_text = ""
        if kind in ("hem", "thoat_nuoc", "chieu_sang"):
            idx = rng.randrange(len(g.lanes))
            street, lane = g.lanes[idx]
            lane_ref = (g, idx)
            lane_text = f"{self.ward.lane_word} {lane} đường {street}"
        neighbour = next((x for x in live if x.no == g.no + 1), None)
        if kind == "hem":
            verb = rng.choice(("Mở rộng", "Mở rộng, bê tông hóa", "Nâng cấp, mở rộng"))
            name = f"{verb} {lane_text}"
            length = rng.randint(100, 300)
        elif kind == "duong":
            if neighbour is not None and rng.random() < 0.45:
                linked.append(neighbour)
                name = f"Bê tông hóa đường liên tổ {g.no}–{neighbour.no}"
            else:
                name = rng.choice((f"Nâng cấp, mở rộng đường {street} đoạn qua tổ dân phố {g.no}",
                                   f"Mở rộng đường nội tổ dân phố {g.no}",
                                   f"Bê tông hóa đường nội tổ dân phố {g.no}"))
            length = rng.randint(250, 2_200)
        elif kind == "thoat_nuoc":
            name = rng.choice((f"Rãnh thoát nước tổ dân phố {g.no}", f"Cải tạo rãnh thoát nước {lane_text}"))
            length = rng.randint(80, 800)
        elif kind == "chieu_sang":
            name = rng.choice((f"Lắp đặt điện chiếu sáng {lane_text}", f"Điện chiếu sáng tổ dân phố {g.no}"))
            length = rng.randint(100, 1_000)
        else:
            name = rng.choice((f"Sửa chữa, nâng cấp nhà văn hóa tổ dân phố {g.no}",
                               f"Xây dựng nhà văn hóa tổ dân phố {g.no}"))
            length = None
        return self._unique(name), length, linked, lane, lane_ref


    def _work_budget(self, kind: str, length: int | None) -> tuple[float | None, float | None, int, int, int]:
        rng = self.rng
        width_before = width_after = None
        if kind in ("hem", "duong"):
            width_before = round(rng.uniform(1.5, 3.0), 1)
            width_after = round(max(width_before + 1.0, rng.uniform(3.0, 6.0)), 1)
            width_after = min(width_after, 6.0)
            cost = length * width_after * rng.randint(550_000, 900_000)
        elif kind == "thoat_nuoc":
            cost = length * rng.randint(1_500_000, 3_000_000)
        elif kind == "chieu_sang":
            cost = length * rng.randint(150_000, 280_000)
        else:
            cost = rng.randint(300, 1_500) * 1_000_000
        cost = round(cost, -6)
        state = round(cost * rng.uniform(0.4, 0.7), -6)
        social = round(cost * rng.uniform(0.0, 0.15), -6)
        people = max(0, cost - state - social)
        return width_before, width_after, state, social, people

    def _work_dates(self, kind: str, meeting: dt.date, he: dt.date, force: str | None
                    ) -> tuple[str, dt.date | None, dt.date | None, dt.date]:
        rng, today = self.rng, self.today
        start_date = meeting + dt.timedelta(days=rng.randint(10, 40))
        duration = {"hem": (30, 90), "duong": (60, 150), "thoat_nuoc": (30, 75), "chieu_sang": (15, 45),
                    "nha_van_hoa": (60, 150)}[kind]
        completed = start_date + dt.timedelta(days=rng.randint(*duration))
        if force == "chuan_bi" or start_date > today:
            status, start_value, completed_value = "chuan_bi", None, None
        elif force == "dang_thi_cong" or completed > min(he, today):
            status, start_value, completed_value = "dang_thi_cong", start_date, None
        else:
            status, start_value, completed_value = "hoan_thanh", start_date, completed
        if completed_value is not None:
            end = min(today, completed_value + dt.timedelta(days=20))
        elif status == "dang_thi_cong" and he < today:
            end = min(today, he + dt.timedelta(days=60))
        else:
            end = today
        return status, start_value, completed_value, end

    # -- contributions -------------------------------------------------------------------------

    def build_contributions(self, plan: list[tuple[tuple[dt.date, dt.date], list[_Work]]]) -> None:
        rng, today = self.rng, self.today
        for (hs, he), half_works in plan:
            avail_end = min(he, today)
            fraction = ((avail_end - hs).days + 1) / ((he - hs).days + 1)
            target = round(rng.randint(*self.ward.contributions_per_half) * fraction)
            total_weight = sum(w.weight for w in half_works)
            general = round(target * 0.03)
            for w in half_works:
                self._for_work(w, max(3, round((target - general) * w.weight / total_weight)))
            busy = {g.id for w in half_works for g in w.groups}
            idle = [g for g in self.groups if g.id not in busy]
            for _ in range(general if idle else 0):
                g = rng.choice(idle)
                day = hs + dt.timedelta(days=rng.randint(0, (avail_end - hs).days))
                if g.merged_on is not None and day >= g.merged_on:
                    continue
                cid = self.household(g, rng.randrange(g.households))
                amount = rng.choice((200_000, 300_000, 500_000, 500_000, 1_000_000))
                self._add(cid, g, None, day, "money", float(amount), "đồng", amount, 0, None,
                          "Đóng góp quỹ duy tu, sửa chữa đường ngõ của tổ dân phố", status="received")

    def _pick_day(self, w: _Work, g: _Group, early: bool = False) -> dt.date | None:
        end = w.end
        if g.merged_on is not None:
            end = min(end, g.merged_on - dt.timedelta(days=1))
        if end < w.start:
            return None
        span = (end - w.start).days
        u = self.rng.random()
        return w.start + dt.timedelta(days=round(span * (u * u if early else u)))

    def _status(self, w: _Work, day: dt.date) -> str:
        # Not yet received: most of what is promised for a work still in preparation, part of what is
        # promised for one under construction or in the last weeks, a few promises never kept.
        recent = (self.today - day).days < 45
        p = {"chuan_bi": 0.6, "dang_thi_cong": 0.25, "hoan_thanh": 0.08}[w.status] + (0.2 if recent else 0.0)
        return "pledged" if self.rng.random() < p else "received"

    def _for_work(self, w: _Work, n: int) -> None:
        rng = self.rng
        n_land = 0
        donors_range = {"hem": (5, 40), "duong": (8, 60), "thoat_nuoc": (2, 15)}.get(w.kind)
        if donors_range and (w.kind != "thoat_nuoc" or rng.random() < 0.3):
            n_land = max(2, min(rng.randint(*donors_range), round(n * 0.25)))
        donors: set[tuple[int, int]] = set()
        for _ in range(n_land):
            g = rng.choice(w.groups)
            day = self._pick_day(w, g, early=True)
            if day is None:
                continue
            slot = rng.randrange(g.households)
            if w.lane is not None and w.lane[0] is g and rng.random() < 0.85:
                lanes = len(g.lanes)
                slot = w.lane[1] + lanes * rng.randrange(max(1, g.households // lanes))
            if (g.id, slot) in donors:
                continue
            donors.add((g.id, slot))
            self._land(w, g, self.household(g, slot), day, slot)

        kinds = {"money": 62, "labour": 30, "materials": 5, "assets": 2, "other": 1}
        if w.kind == "chieu_sang":
            kinds = {"money": 70, "labour": 14, "materials": 2, "assets": 12, "other": 2}
        elif w.kind == "nha_van_hoa":
            kinds = {"money": 66, "labour": 20, "materials": 6, "assets": 7, "other": 1}
        for _ in range(max(0, n - n_land)):
            g = rng.choice(w.groups)
            day = self._pick_day(w, g)
            if day is None:
                continue
            kind = weighted(rng, kinds)
            r = rng.random()
            if r < 0.03 and g.collectives:
                self._collective(w, g, rng.choice(g.collectives), day, kind)
            elif r < 0.055 and g.businesses:
                self._business(w, g, rng.choice(g.businesses), day, kind)
            else:
                self._household_gift(w, g, self.household(g, rng.randrange(g.households)), day, kind)

    def _land(self, w: _Work, g: _Group, cid: int, day: dt.date, slot: int) -> None:
        rng = self.rng
        # The strip given up along the frontage: narrow for a hẻm, wider for a road; a few big gardens.
        if w.kind == "duong":
            m2 = rng.uniform(5, 25) * rng.uniform(0.5, 2.5)
            if rng.random() < 0.05:
                m2 = rng.uniform(60, 200)
        else:
            m2 = rng.uniform(4, 12) * (rng.uniform(0.4, 1.5) if w.kind == "hem" else rng.uniform(0.3, 0.8))
            if rng.random() < 0.05:
                m2 *= 2  # a corner lot gives along two sides
        m2 = max(1.0, round(m2, 1))
        land_type = weighted(rng, {"ODT": 82, "CLN": 12, "ONT": 6 if self.ward is LARGE else 0})
        status = self._status(w, day)
        structures = None
        if rng.random() < 0.35:
            structures = rng.choice(STRUCTURES).format(
                a=dec_text(rng.randint(10, 300) / 10), b=rng.randint(5, 30), c=rng.randint(4, 20),
                n=rng.randint(1, 4))
        if status == "pledged":
            handover = "pledged"
        elif w.status == "hoan_thanh":
            handover = weighted(rng, {"handed_over": 55, "cadastral_updated": 45})
        else:
            handover = weighted(rng, {"handed_over": 75, "pledged": 25})
        what = {"hem": f"mở rộng {self.ward.lane_word}", "duong": "mở rộng đường",
                "thoat_nuoc": "làm rãnh thoát nước"}.get(w.kind, "xây dựng công trình")
        description = f"Hiến đất {what}" + (", tự tháo dỡ vật kiến trúc" if structures else "")
        sheet = str(10 + g.no % 40 + slot % len(g.lanes))
        parcel = str(100 + slot * 3 + g.no % 7)
        has_cadastre = rng.random() < 0.8
        if rng.random() < 0.2:
            # Valued by the position of the parcel (a council's decision), typed in by the clerk.
            price = rng.randint(50, 250) * 100_000
            value, entered, rate_id = int(round(m2 * price)), 1, None
        else:
            rate = self.rate("land", "m²", land_type, day.isoformat())
            if rate is None:  # pragma: no cover - the demo rates cover every land type used
                return
            value, entered, rate_id = int(round(m2 * rate["price_vnd"])), 0, rate["id"]
        self._add(cid, g, w, day, "land", m2, "m²", value, entered, rate_id, description, status=status,
                  land={"land_map_sheet": sheet if has_cadastre else None,
                        "land_parcel": parcel if has_cadastre else None, "land_type": land_type,
                        "land_structures": structures, "land_handover": handover})

    def _rated(self, w: _Work, g: _Group, cid: int, day: dt.date, kind: str, qty: float, unit: str,
               description: str) -> None:
        rate = self.rate(kind, unit, None, day.isoformat())
        if rate is None:  # pragma: no cover
            return
        value = int(round(qty * rate["price_vnd"]))
        self._add(cid, g, w, day, kind, qty, unit, value, 0, rate["id"], description,
                  status=self._status(w, day))

    def _entered(self, w: _Work, g: _Group, cid: int, day: dt.date, kind: str) -> None:
        rng = self.rng
        if kind == "assets":
            if w.kind == "chieu_sang" or rng.random() < 0.4:
                qty, unit, each, text = rng.randint(1, 4), "bộ", rng.randint(12, 30) * 100_000, \
                    "Ủng hộ đèn chiếu sáng năng lượng mặt trời"
            elif w.kind == "nha_van_hoa":
                qty, unit, each, text = rng.randint(5, 20), "bộ", rng.randint(8, 15) * 100_000, \
                    "Ủng hộ bàn ghế cho nhà văn hóa"
            else:
                qty, unit, each, text = rng.randint(2, 10), "cái", rng.randint(3, 12) * 100_000, \
                    "Ủng hộ biển báo, gương cầu lồi đầu hẻm"
        else:
            if rng.random() < 0.5:
                qty, unit, each, text = rng.randint(1, 3), "ca máy", rng.randint(20, 35) * 100_000, \
                    "Hỗ trợ ca máy xúc, lu mặt đường"
            else:
                qty, unit, each, text = rng.randint(15, 60), "ngày", rng.randint(50, 150) * 1_000, \
                    "Cho mượn mặt bằng tập kết vật liệu"
        self._add(cid, g, w, day, kind, float(qty), unit, qty * each, 1, None, text,
                  status=self._status(w, day))

    def _money(self, w: _Work, g: _Group, cid: int, day: dt.date, amount: int, description: str) -> None:
        self._add(cid, g, w, day, "money", float(amount), "đồng", amount, 0, None, description,
                  status=self._status(w, day))

    def _household_gift(self, w: _Work, g: _Group, cid: int, day: dt.date, kind: str) -> None:
        rng = self.rng
        if kind == "money":
            r = rng.random()
            if r < 0.3:
                people = rng.randint(2, 6)
                self._money(w, g, cid, day, 420_000 * people,
                            f"Đóng góp theo mức 420.000 đ/nhân khẩu × {people} nhân khẩu")
            elif r < 0.8:
                amount = rng.choice((500_000, 500_000, 1_000_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000,
                                     5_000_000))
                self._money(w, g, cid, day, amount, "Đóng góp tiền mặt theo mức Nhân dân bàn và quyết định")
            else:
                amount = rng.randint(40, 500) * 10_000
                self._money(w, g, cid, day, amount, "Ủng hộ tiền mặt")
        elif kind == "labour":
            days = float(rng.choice((2, 2, 2, 3, 3, 1, 4)))
            text = rng.choice(LABOUR_TEXTS)
            self._rated(w, g, cid, day, "labour", days, "ngày công", text)
        elif kind == "materials":
            if rng.random() < 0.6:
                self._rated(w, g, cid, day, "materials", rng.choice((0.5, 1.0, 1.0, 1.5, 2.0)), "tấn",
                            "Ủng hộ xi măng")
            else:
                self._rated(w, g, cid, day, "materials", float(rng.randint(2, 10)), "m³",
                            "Ủng hộ cát xây dựng")
        else:
            self._entered(w, g, cid, day, kind)

    def _collective(self, w: _Work, g: _Group, cid: int, day: dt.date, kind: str) -> None:
        rng = self.rng
        if kind == "labour" or rng.random() < 0.4:
            days = float(rng.randint(10, 40))
            self._rated(w, g, cid, day, "labour", days, "ngày công",
                        "Ra quân tham gia ngày công làm đường, vệ sinh môi trường")
        else:
            self._money(w, g, cid, day, rng.randint(20, 100) * 100_000, "Vận động hội viên đóng góp")

    def _business(self, w: _Work, g: _Group, cid: int, day: dt.date, kind: str) -> None:
        rng = self.rng
        if kind == "materials" or rng.random() < 0.3:
            self._rated(w, g, cid, day, "materials", float(rng.randint(2, 10)), "tấn", "Tài trợ xi măng")
        elif kind in ("assets", "other"):
            self._entered(w, g, cid, day, kind)
        else:
            self._money(w, g, cid, day, rng.randint(5, 50) * 1_000_000, "Tài trợ kinh phí xây dựng")

    def _add(self, cid: int, g: _Group, w: _Work | None, day: dt.date, kind: str, qty: float,
             unit: str | None, value: int, entered: int, rate_id: int | None, description: str, *,
             status: str, land: dict[str, Any] | None = None) -> None:
        rng = self.rng
        entry_day = min(self.today, day + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 5))))
        created = stamp_time(entry_day, rng)
        deleted = None
        if rng.random() < 0.02:
            deleted = stamp_time(min(self.today, entry_day + dt.timedelta(days=rng.randint(0, 10))), rng)
            deleted = max(deleted, created)
        row = {
            "uuid": self.uuid(), "created_at": created, "updated_at": deleted or created,
            "deleted_at": deleted, "contributor_id": cid, "group_id": g.id, "work_id": w.id if w else None,
            "date": day.isoformat(), "kind": kind, "quantity": float(qty), "unit": unit,
            "value_vnd": int(value), "value_entered": entered,
            "rate_id": rate_id, "status": status, "description": description,
            "land_map_sheet": None, "land_parcel": None, "land_type": None, "land_structures": None,
            "land_handover": None, "evidence_no": None, "evidence_date": None,
            "note": "Nhập trùng, đã xóa" if deleted else None,
            "_group_no": g.no,
        }
        if land:
            row.update(land)
        self.contributions.append(row)
        first = self.first_use.get(cid)
        if first is None or created < first:
            self.first_use[cid] = created

    def finish_contributions(self) -> None:
        """Entry order follows the calendar. Each received contribution gets the number of its
        biên bản, numbered per group and year: one per land donation (biên bản hiến đất), one per
        weekly collection of a work otherwise (biên bản tiếp nhận, dated its last day)."""
        self.contributions.sort(key=lambda r: (r["date"], r["created_at"], r["uuid"]))
        counters: dict[tuple[int, str], int] = {}
        batches: dict[tuple, list[dict[str, Any]]] = {}
        for row in self.contributions:
            row["id"] = self.new_id("contributions")
            no = row.pop("_group_no")
            if row["status"] != "received":
                continue
            day = dt.date.fromisoformat(row["date"])
            key = (row["group_id"], row["work_id"], day.isocalendar()[:2])
            if row["kind"] == "land" or key not in batches:
                year_key = (row["group_id"], row["date"][:4])
                counters[year_key] = counters.get(year_key, 0) + 1
                row["evidence_no"] = f"{counters[year_key]:02d}/BB-TDP{no}"
                if row["kind"] == "land":
                    row["evidence_date"] = row["date"]
                    continue
                batches[key] = []
            else:
                row["evidence_no"] = batches[key][0]["evidence_no"]
            batches[key].append(row)
        for rows in batches.values():
            last = max(r["date"] for r in rows)
            for r in rows:
                r["evidence_date"] = last
        for row in self.contributor_rows:
            stamp = self.first_use.get(row["id"]) or self.group_rows[0]["created_at"]
            row["created_at"] = row["updated_at"] = stamp


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def _has_data(ledger: Ledger) -> bool:
    return any(
        ledger.conn.execute(f"SELECT 1 FROM [{t}] LIMIT 1").fetchone()
        for t in ("groups", "contributors", "works", "contributions")
    )


def build_demo(
    ledger: Ledger, size: str = "small", seed: int = 0, today: dt.date | None = None
) -> dict[str, int]:
    """Fill an empty ledger with demo data (see the module docstring); returns the number of rows
    added per table. Raises UserError for a ledger that already holds data."""
    ward = WARDS.get(size)
    if ward is None:
        raise UserError(f"Cỡ dữ liệu mẫu \"{size}\" không hợp lệ: chọn \"small\" (phường nhỏ), \"medium\" "
                        "hoặc \"large\" (phường lớn sau sáp nhập).")
    today = today or dt.date.today()
    if today < FIRST_DAY:
        raise UserError("Dữ liệu mẫu bắt đầu từ ngày 01/01/2025: ngày hiện tại phải từ ngày đó trở đi.")
    if _has_data(ledger):
        raise UserError("Sổ đã có dữ liệu; chỉ tạo dữ liệu mẫu trong sổ trống.")
    if not is_initialized(ledger):
        initialize(ledger, dict(ward.unit))
    if not ledger.user:
        ledger.user = get_unit(ledger).get("user_name") or ""

    rng = random.Random(seed)
    b = _Builder(ledger, ward, rng, today)
    with ledger.transaction() as db:
        b.build_rates()
        db["rates"].insert_all(b.rate_rows, batch_size=1000)
        b.build_groups()
        plan = b.build_works()
        b.build_contributions(plan)
        b.finish_contributions()
        merged = [(r["id"], r["merged_into_id"]) for r in b.group_rows if r["merged_into_id"]]
        for r in b.group_rows:
            r["merged_into_id"] = None  # set below, once every group exists
        db["groups"].insert_all(b.group_rows, batch_size=1000)
        for gid, into in merged:
            db["groups"].update(gid, {"merged_into_id": into})
        db["group_events"].insert_all(b.event_rows, batch_size=1000)
        db["contributors"].insert_all(b.contributor_rows, batch_size=1000)
        db["works"].insert_all(b.work_rows, batch_size=1000)
        db["work_groups"].insert_all(b.work_group_rows, batch_size=1000)
        db["contributions"].insert_all(b.contributions, batch_size=1000)
        counts = {
            "rates": len(b.rate_rows), "groups": len(b.group_rows), "group_events": len(b.event_rows),
            "contributors": len(b.contributor_rows), "works": len(b.work_rows),
            "work_groups": len(b.work_group_rows), "contributions": len(b.contributions),
        }
        # Marked as the demo in the same transaction: the title bar, the status bar, the SỔ MẪU watermark on every
        # printed page and the warning before issuing all read this mark (`ledger.demo_mark`).
        demo_mark.mark_demo(ledger, {"size": size, "seed": seed, "today": today.isoformat()})
        label = "phường nhỏ" if ward is SMALL else "phường lớn sau sáp nhập"
        audit.record(
            ledger, "demo", "ledger",
            f"Tạo dữ liệu mẫu ({label}, đến ngày {today:%d/%m/%Y}): {money_text(counts['groups'])} tổ dân phố, "
            f"{money_text(counts['contributors'])} người đóng góp, {money_text(counts['works'])} công trình, "
            f"{money_text(counts['contributions'])} khoản đóng góp; sổ được đánh dấu là SỔ MẪU",
            after={"size": size, "seed": seed, "today": today.isoformat(), **counts},
        )
    # The award year goes through the award services (each write its own transaction and audit row).
    counts.update(build_awards(ledger, rng, today, FIRST_DAY, b.person, size))
    counts.update(build_round(ledger, today))  # the reporting round of 2026 (issue 20)
    counts.update(build_indicators(ledger, today))  # the movement's typed indicators (issue 20)
    counts.update(build_spending(ledger, today))  # the thu – chi of two works (issue 20)
    return counts
