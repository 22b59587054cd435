"""The catalogue of the movement's indicators beyond residents' contributions, and who reports them.

Read from resources/rules/chi-tieu-phong-trao.json, where each entry cites its source (the ward's plan, seed 000
§VI; QĐ 1478/QĐ-TTg 2022; the ward's yearly targets, seed 002). Provinces differ, so the file is the setting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from desktop.paths import resource_path

CATALOGUE_FILE = ("rules", "chi-tieu-phong-trao.json")
KINDS = ("money", "percent", "count")


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str  # "đồng", "%", "công trình"…
    kind: str  # money | percent | count
    reported_by: tuple[str, ...]  # a công chức's field key, or a unit kind (mat_tran, doan_the, to_dan_pho)
    computed: str = ""  # "a / b": a percent computed from two other indicators of the period
    note: str = ""


@dataclass(frozen=True)
class Catalogue:
    unit_kinds: dict[str, str]  # kind → label
    fields: dict[str, str]  # công chức's field → label
    default_units: tuple[dict[str, Any], ...]
    indicators: tuple[Indicator, ...]
    text_sections: dict[str, str]  # report section key (narrative.SECTIONS) → label in a unit's form

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    def for_unit(self, kind: str, field: str | None = None) -> list[Indicator]:
        """The indicators a unit of this kind (and field, for a công chức) reports, in catalogue order."""
        key = field if kind == "cong_chuc" else kind
        return [i for i in self.indicators if key in i.reported_by]


def parse(data: dict[str, Any]) -> Catalogue:
    indicators = []
    for item in data["indicators"]:
        if item["kind"] not in KINDS:
            raise ValueError(f"chỉ tiêu {item['code']}: loại “{item['kind']}” không có")
        indicators.append(Indicator(
            code=item["code"], name=item["name"], unit=item["unit"], kind=item["kind"],
            reported_by=tuple(item.get("reported_by", ())), computed=item.get("computed", ""),
            note=item.get("note", "")))
    return Catalogue(unit_kinds=dict(data["unit_kinds"]), fields=dict(data["fields"]),
                     default_units=tuple(data["default_units"]), indicators=tuple(indicators),
                     text_sections=dict(data["text_sections"]))


@lru_cache(maxsize=1)
def load() -> Catalogue:
    return parse(json.loads(resource_path(*CATALOGUE_FILE).read_text(encoding="utf-8")))
