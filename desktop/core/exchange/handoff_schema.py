"""The shape of a handoff file's manifest.json and data.json, as data, and the typed check that reads a parsed
file against it before anything else trusts a value (issue 19, "Trusted too far").

Why typed parsing and not a JSON Schema library: the rules here are the ward's own form rules (vocab.py codes, the
bounds of contributions/works/groups/contributors.validate) with Vietnamese messages that name the record and the
field; a validator library would add a dependency to the Windows bundle and still need every message rewritten.
The check walks the SCHEMA, never the data, so its depth is the schema's (a manifest nested 1,000 deep is refused
at the first level where a value, not an object, is expected).

Version 1 files (no proposals), version 2 (with `proposals`) and version 3 (FORMAT_VERSION, with `indicators` too)
share every other table.
Columns a file may lack (an older program wrote fewer) are optional; the ones the upper level counts are required.
A column this program does not know is allowed only with a plain value (text, number, true/false, null).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.core.awards.catalogue import FORMS, SUBJECTS
from desktop.core.figures.figures import LABELS, TOTAL_KEYS
from desktop.core.figures.indicator_catalogue import KINDS
from desktop.core.ledger import vocab

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST = dt.date(1945, 1, 1)  # Form.date's earliest (desktop/core/ledger/fields.py)
MONEY_MAX = 10**14  # every *_vnd amount: contributions/works.validate `maximum=10**14`
QUANTITY_MAX = 10**13  # contributions.validate: quantity `maximum=10**13`
MAX_ROWS = 2_000_000  # rows of one table: far above a ward's records of a period (~20,000 on the largest)
MAX_TEXT = 20_000  # an unknown column's text, and an achievement (a page of text)


class SchemaError(ValueError):
    """A value that is not what the file format says: `where` names the record and field (Vietnamese)."""

    def __init__(self, where: str, why: str):
        self.where, self.why = where, why
        super().__init__(f"{where}: {why}" if where else why)


@dataclass(frozen=True)
class F:
    """One value of the format. kind: str | int | num | bool | date | datetime | uuid | hex64 | obj | list | map."""

    kind: str
    label: str = ""
    required: bool = True  # the key must be there (in an obj)
    null: bool = False
    max_len: int = 500
    blank: bool = True  # str: may be empty or spaces (a name may not: the forms say "không được để trống")
    minimum: float | None = 0
    maximum: float | None = None
    positive: bool = False
    choices: Mapping[str, str] | tuple[Any, ...] | None = None
    fields: Mapping[str, F] = field(default_factory=dict)  # obj: its keys
    extra: bool = False  # obj: keys not in `fields` allowed (plain values only)
    item: F | None = None  # list items, map values
    max_items: int = MAX_ROWS


def _opt(kind: str, label: str, **kw: Any) -> F:
    """An optional, nullable column."""
    return F(kind, label, required=False, null=True, **kw)


TEXT = F("str", max_len=MAX_TEXT)
COUNT = F("int", maximum=MAX_ROWS)
NUM_FIELD = F("num", maximum=QUANTITY_MAX * 10)
# The manifest's figures are only typed here: the records they come from are checked (handoff_checks), and a
# figure that is not what those records give is refused by the upper level's recount (upper_check.matches).
_TOTAL_FIELDS = {k: F("num", LABELS.get(k, k), minimum=None) for k in TOTAL_KEYS}

UNIT = F("obj", "đơn vị", fields={
    "name": F("str", "tên đơn vị", max_len=200, blank=False),
    "code": F("str", "mã đơn vị", max_len=20, blank=False),
    "kind": _opt("str", "loại đơn vị", choices=vocab.UNIT_KINDS), "province": _opt("str", "tỉnh", max_len=200)})
PERIOD = F("obj", "kỳ báo cáo", fields={
    "code": F("str", "mã kỳ", max_len=20), "label": F("str", "tên kỳ", max_len=100),
    "start": F("date", "ngày đầu kỳ"), "end": F("date", "ngày cuối kỳ")})
FIGURES = F("obj", "số liệu tổng hợp", required=False, null=True, extra=False, fields={
    "unit": F("obj", "đơn vị", required=False, extra=True, fields={}),
    "period": PERIOD,
    "totals": F("obj", "tổng số", fields=_TOTAL_FIELDS),
    "by_group": F("list", "theo tổ dân phố", max_items=100_000, item=F("obj", "tổ dân phố", fields={
        "group": F("str", "tổ dân phố", max_len=200), **_TOTAL_FIELDS})),
    "awards": F("map", "khen thưởng", required=False, max_items=20, item=COUNT),
    # The period's indicators as the ward's summary lists them (issue 20); the records checked are data.json's.
    "indicators": F("list", "chỉ tiêu", required=False, null=True, max_items=500,
                    item=F("obj", "chỉ tiêu", extra=True, fields={})),
})

# FORMAT_VERSION 3 is current; 1 and 2 must still read. `sequence`/`seq`: the export number per ward and period
# (issue 19 fault 8, written by another change: accepted here so both land in either order).
MANIFEST = F("obj", "manifest.json", fields={
    "format": F("str", "định dạng", max_len=50),
    "format_version": F("int", "phiên bản định dạng", choices=(1, 2, 3)),
    "unit": UNIT,
    "period": PERIOD,
    "created_at": F("datetime", "thời điểm lập tệp"),
    "program_version": _opt("str", "phiên bản chương trình", max_len=50),
    "members": F("map", "danh sách thành phần", max_items=5000, item=F("hex64", "mã SHA-256")),
    "counts": F("map", "số bản ghi", max_items=20, item=COUNT),
    "figures": FIGURES,
    "personal_data": F("bool", "có dữ liệu cá nhân", required=False),
    "report": _opt("obj", "báo cáo kèm theo", fields={
        "symbol": _opt("str", "số ký hiệu", max_len=100), "date": _opt("date", "ngày báo cáo"),
        "sha256": _opt("hex64", "mã SHA-256 của báo cáo")}),
    "signature": F("str", "chữ ký số", required=False, max_len=200),
    "key_fingerprint": F("str", "dấu vân tay khóa", required=False, max_len=100),
    "sequence": _opt("int", "số thứ tự lần xuất", maximum=10**9),
    "seq": _opt("int", "số thứ tự lần xuất", maximum=10**9),
})

# The tables of data.json. Bounds and codes are those of the ward's own forms (the module named on each table).
_MONEY = {"maximum": MONEY_MAX}
TABLES: dict[str, Mapping[str, F]] = {
    # groups.validate
    "groups": {
        "uuid": F("uuid", "mã"), "name": F("str", "Tên tổ dân phố", max_len=120, blank=False),
        "households": _opt("int", "Số hộ", maximum=100_000), "population": _opt("int", "Số nhân khẩu", maximum=500_000),
        "active": _opt("int", "Đang hoạt động", choices=(0, 1)),
    },
    # works.validate
    "works": {
        "uuid": F("uuid", "mã"), "name": F("str", "Tên công trình", max_len=300, blank=False),
        "kind": F("str", "Loại công trình", choices=vocab.WORK_KINDS),
        "status": F("str", "Trạng thái", choices=vocab.WORK_STATUSES),
        "length_m": F("num", "Chiều dài (m)", null=True, maximum=200_000),
        "width_before_m": _opt("num", "Chiều rộng trước (m)", maximum=200),
        "width_after_m": _opt("num", "Chiều rộng sau (m)", maximum=200),
        "budget_state_vnd": _opt("int", "Vốn ngân sách (đồng)", **_MONEY),
        "budget_social_vnd": _opt("int", "Vốn xã hội hóa (đồng)", **_MONEY),
        "budget_people_vnd": _opt("int", "Nhân dân đóng góp (đồng)", **_MONEY),
        "start_date": _opt("date", "Ngày khởi công"), "completed_date": F("date", "Ngày hoàn thành", null=True),
    },
    "work_groups": {"work_uuid": F("uuid", "mã công trình"), "group_uuid": F("uuid", "mã tổ dân phố")},
    # contributors.validate (phone, cccd: only in a file made with personal data)
    "contributors": {
        "uuid": F("uuid", "mã"), "name": F("str", "Họ và tên", max_len=200, blank=False),
        "kind": F("str", "Đối tượng", choices=vocab.CONTRIBUTOR_KINDS),
        "group_uuid": F("uuid", "mã tổ dân phố", null=True), "address": _opt("str", "Địa chỉ", max_len=300),
        "birth_year": _opt("int", "Năm sinh", minimum=1900, maximum=2030),
        "phone": _opt("str", "Điện thoại", max_len=20), "cccd": _opt("str", "Số CCCD", max_len=12),
    },
    # contributions.validate
    "contributions": {
        "uuid": F("uuid", "mã"), "contributor_uuid": F("uuid", "mã người đóng góp"),
        "group_uuid": F("uuid", "mã tổ dân phố"), "work_uuid": F("uuid", "mã công trình", null=True),
        "date": F("date", "Ngày"), "kind": F("str", "Hình thức", choices=vocab.CONTRIBUTION_KINDS),
        "quantity": F("num", "Số lượng", positive=True, maximum=QUANTITY_MAX),
        "unit": F("str", "Đơn vị tính", null=True, max_len=30),
        "value_vnd": F("int", "Giá trị quy đổi (đồng)", **_MONEY),
        "status": F("str", "Trạng thái", choices=vocab.CONTRIBUTION_STATUSES),
        "land_map_sheet": _opt("str", "Tờ bản đồ", max_len=20), "land_parcel": _opt("str", "Thửa đất", max_len=20),
        "land_type": _opt("str", "Loại đất", choices=vocab.LAND_TYPES),
        "land_handover": _opt("str", "Tình trạng bàn giao", choices=vocab.LAND_HANDOVER),
        "evidence_no": _opt("str", "Số biên bản", max_len=500), "evidence_date": _opt("date", "Ngày biên bản"),
    },
}
_BY_KIND = F("obj", "theo hình thức", extra=True, fields={
    "count": COUNT, "quantity": F("num", "số lượng", maximum=QUANTITY_MAX * 10),
    "unit": _opt("str", "đơn vị tính", max_len=30), "value_vnd": F("int", "giá trị (đồng)", maximum=MONEY_MAX * 10)})
_VOTES = {"maximum": 10_000}
# Version 2: the proposals sent upward (upward._record); statuses are those that travel (upward.py).
PROPOSAL = {
    "uuid": F("uuid", "mã"), "period_code": _opt("str", "kỳ", max_len=20),
    "nominee_name": F("str", "họ tên người được đề nghị", max_len=300, blank=False),
    "subject": F("str", "đối tượng", choices=SUBJECTS),
    "kind_name": F("str", "hình thức khen thưởng", max_len=300, blank=False),
    "form": _opt("str", "loại", choices=FORMS), "decided_by": _opt("str", "cấp quyết định", max_len=300),
    "group_name": _opt("str", "tổ dân phố", max_len=200), "address": _opt("str", "địa chỉ", max_len=300),
    "achievement": _opt("str", "thành tích", max_len=MAX_TEXT),
    "value_vnd": _opt("int", "giá trị (đồng)", maximum=MONEY_MAX * 10),
    "land_m2": _opt("num", "diện tích đất (m²)", maximum=QUANTITY_MAX * 10),
    "status": F("str", "trạng thái", choices=("da_xet", "trinh_cap_tren", "duoc_khen", "khong_duoc_khen", "tra_lai")),
    "status_label": _opt("str", "tên trạng thái", max_len=100),
    "votes_for": _opt("int", "số phiếu đồng ý", **_VOTES), "votes_written": _opt("int", "bỏ phiếu kín", **_VOTES),
    "members_total": _opt("int", "số thành viên Hội đồng", **_VOTES),
    "members_present": _opt("int", "số thành viên có mặt", **_VOTES),
    "meeting_date": _opt("date", "ngày họp Hội đồng"), "submission_no": _opt("str", "số Tờ trình", max_len=100),
    "submission_date": _opt("date", "ngày Tờ trình"), "outcome_reason": _opt("str", "lý do", max_len=MAX_TEXT),
    "decision_no": _opt("str", "số quyết định", max_len=100), "decision_date": _opt("date", "ngày quyết định"),
    "figures": _opt("obj", "số liệu", extra=True, fields={
        "value_vnd": _opt("int", "giá trị (đồng)", maximum=MONEY_MAX * 10),
        "land_m2": _opt("num", "diện tích đất (m²)", maximum=QUANTITY_MAX * 10),
        "contributions": _opt("int", "số khoản đóng góp", maximum=MAX_ROWS),
        "by_kind": _opt("map", "theo hình thức", max_items=len(vocab.CONTRIBUTION_KINDS), item=_BY_KIND),
        "snapshot": _opt("obj", "số liệu lúc viết thành tích", extra=True, fields={
            "at": _opt("date", "ngày"), "drafted": _opt("str", "bản nháp", max_len=MAX_TEXT),
            **{k: _opt("num", k, maximum=MONEY_MAX * 10) for k in ("value_vnd", "land_m2", "labour_days",
                                                                   "contributions")}})}),
    "files": F("list", "tệp hồ sơ", max_items=10, item=F("str", "tên tệp", max_len=200)),
}
# Version 3: the period's indicators (handoff_extras.indicator_rows); the catalogue's rules in handoff_extras.
INDICATOR = {
    "code": F("str", "Mã chỉ tiêu", max_len=60, blank=False), "name": _opt("str", "Tên chỉ tiêu", max_len=300),
    "unit": _opt("str", "Đơn vị tính", max_len=30), "kind": _opt("str", "Loại", choices=KINDS),
    "value": F("num", "Giá trị", maximum=MONEY_MAX),
    "source_kind": _opt("str", "Nguồn số liệu", choices=("typed", "unit_report", "computed")),
    "source": _opt("str", "Đơn vị báo cáo", max_len=2000),  # handoff_extras.SOURCE_MAX
}
TABLE_LABELS = {"groups": "tổ dân phố", "works": "công trình", "work_groups": "công trình – tổ dân phố",
                "contributors": "người đóng góp", "contributions": "khoản đóng góp",
                "proposals": "đề nghị khen thưởng", "indicators": "chỉ tiêu"}


def tables(version: int) -> dict[str, Mapping[str, F]]:
    """The tables data.json holds in a file of this format version."""
    out = {**TABLES, "proposals": PROPOSAL} if version >= 2 else dict(TABLES)
    return {**out, "indicators": INDICATOR} if version >= 3 else out


# --------------------------------------------------------------------------- the check


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, bool | int) or (isinstance(value, float) and math.isfinite(value)) or \
        (isinstance(value, str) and len(value) <= MAX_TEXT)


def _number(spec: F, value: Any, where: str) -> None:
    if spec.kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        raise SchemaError(where, f"phải là số nguyên, không phải {_show(value)}.")
    if spec.kind == "num" and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise SchemaError(where, f"phải là số, không phải {_show(value)}.")
    if isinstance(value, float) and not math.isfinite(value):
        raise SchemaError(where, "không phải một số hữu hạn.")
    if spec.positive and value <= 0:
        raise SchemaError(where, "phải lớn hơn 0.")
    if spec.minimum is not None and value < spec.minimum:
        raise SchemaError(where, "không được âm." if spec.minimum == 0 else f"phải từ {spec.minimum} trở lên.")
    if spec.maximum is not None and value > spec.maximum:
        raise SchemaError(where, f"lớn quá mức cho phép ({spec.maximum:,.0f}).".replace(",", "."))


def _date(value: Any, where: str, with_time: bool) -> None:
    if not isinstance(value, str) or (not with_time and not DATE_RE.match(value)) or len(value) > 40:
        raise SchemaError(where, f"ngày không hợp lệ {_show(value)} (dạng năm-tháng-ngày, ví dụ 2026-03-15).")
    try:
        day = dt.datetime.fromisoformat(value).date() if with_time else dt.date.fromisoformat(value)
    except ValueError:
        raise SchemaError(where, f"ngày không hợp lệ {_show(value)}.") from None
    # Form.date's range; not for the time a file was made: a PC clock set to 2099 is the ward's mistake to be
    # told about, not a reason to refuse its records (the upper level orders files by their sequence number).
    if not with_time and not EARLIEST <= day <= dt.date.today() + dt.timedelta(days=366 * 5):
        raise SchemaError(where, f"ngày {day:%d/%m/%Y} nằm ngoài khoảng hợp lý.")


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict | list):
        return "một " + ("đối tượng" if isinstance(value, dict) else "danh sách")
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def check(spec: F, value: Any, where: str) -> None:
    """Raise SchemaError when `value` is not what `spec` says."""
    if value is None:
        if not spec.null:
            raise SchemaError(where, "không được để trống.")
        return
    kind = spec.kind
    if kind in ("int", "num"):
        _number(spec, value, where)
    elif kind == "bool":
        if not isinstance(value, bool):
            raise SchemaError(where, f"phải là true hoặc false, không phải {_show(value)}.")
    elif kind in ("date", "datetime"):
        _date(value, where, kind == "datetime")
    elif kind in ("str", "uuid", "hex64"):
        if not isinstance(value, str):
            raise SchemaError(where, f"phải là chữ, không phải {_show(value)}.")
        pattern = {"uuid": UUID_RE, "hex64": HEX64_RE}.get(kind)
        if pattern is not None and not pattern.match(value):
            raise SchemaError(where, f"mã không hợp lệ {_show(value)}.")
        if len(value) > spec.max_len:
            raise SchemaError(where, f"dài quá {spec.max_len} ký tự.")
        if not spec.blank and not value.strip():
            raise SchemaError(where, "không được để trống.")
    elif kind == "obj":
        check_object(spec.fields, value, where, extra=spec.extra)
    elif kind in ("list", "map"):
        _collection(spec, value, where)
    if spec.choices is not None and value not in spec.choices:
        shown = ", ".join(f"{k} – {v}" if isinstance(spec.choices, Mapping) else str(k) for k, v in
                          (spec.choices.items() if isinstance(spec.choices, Mapping) else
                           ((c, c) for c in spec.choices)))
        raise SchemaError(where, f"giá trị {_show(value)} không có trong danh mục ({shown}).")


def _collection(spec: F, value: Any, where: str) -> None:
    wanted = list if spec.kind == "list" else dict
    if not isinstance(value, wanted):
        raise SchemaError(where, "phải là " + ("một danh sách." if wanted is list else "một đối tượng."))
    if len(value) > spec.max_items:
        raise SchemaError(where, f"nhiều quá {spec.max_items} mục.")
    assert spec.item is not None
    pairs = enumerate(value, 1) if isinstance(value, list) else value.items()
    for key, item in pairs:
        if isinstance(key, str) and len(key) > 200:
            raise SchemaError(where, "có tên mục dài bất thường.")
        check(spec.item, item, f"{where}, mục {key}")


def check_object(fields: Mapping[str, F], value: Any, where: str, *, extra: bool = False) -> None:
    """An object with exactly these keys (a missing optional one is fine; an unknown one only when `extra`
    and with a plain value). Each value first meets its quick test (`_quick`); only a value that fails it is
    checked again slowly, for the message: 30,000 records check in a fraction of their parsing time."""
    if not isinstance(value, dict):
        raise SchemaError(where, f"phải là một đối tượng, không phải {_show(value)}.")
    known = 0
    for key, spec, quick in _plan(fields):
        if key in value:
            known += 1
            item = value[key]
            if not quick(item):
                check(spec, item, f"{where}, trường “{key}”" + (f" ({spec.label})" if spec.label else ""))
        elif spec.required:
            raise SchemaError(where, f"thiếu trường “{key}”" + (f" ({spec.label})." if spec.label else "."))
    if known == len(value):
        return
    for key in value.keys() - fields.keys():
        if not extra or not isinstance(key, str) or len(key) > 100 or not _plain(value[key]):
            raise SchemaError(where, f"có trường lạ “{str(key)[:60]}”.")


@functools.lru_cache(maxsize=8192)
def _real_date(text: str) -> bool:
    """A yyyy-mm-dd that is a day of the calendar and inside Form.date's range (a file holds few distinct days)."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return False
    return EARLIEST <= day <= dt.date.today() + dt.timedelta(days=366 * 5)


_PLANS: dict[int, tuple[Mapping[str, F], list[tuple[str, F, Callable[[Any], bool]]]]] = {}


def _plan(fields: Mapping[str, F]) -> list[tuple[str, F, Callable[[Any], bool]]]:
    """Each field with its quick test: True for a value that is certainly right (the usual case); False sends it
    to `check` for the message. Made once per schema object (they are module constants)."""
    kept = _PLANS.get(id(fields))
    if kept is None or kept[0] is not fields:
        kept = _PLANS[id(fields)] = (fields, [(k, spec, _make_quick(spec)) for k, spec in fields.items()])
    return kept[1]


def _make_quick(spec: F) -> Callable[[Any], bool]:
    null, choices = spec.null, spec.choices
    if spec.kind in ("str", "uuid", "date") and choices is None:
        pattern, most = {"uuid": UUID_RE, "date": DATE_RE}.get(spec.kind), spec.max_len
        dated, filled = spec.kind == "date", not spec.blank
        return lambda v: (v is None and null) or (type(v) is str and len(v) <= most and (
            pattern is None or pattern.match(v) is not None) and (not dated or _real_date(v))
            and (not filled or v.strip() != ""))
    if spec.kind == "str":
        return lambda v: (v is None and null) or (type(v) is str and v in choices)  # type: ignore[operator]
    if spec.kind in ("int", "num") and choices is None:
        low = -math.inf if spec.minimum is None else spec.minimum
        high = math.inf if spec.maximum is None else spec.maximum
        types = (int,) if spec.kind == "int" else (int, float)
        strict = spec.positive
        return lambda v: (v is None and null) or (type(v) in types and low <= v <= high and -math.inf < v < math.inf
                                                  and (not strict or v > 0))
    return lambda v: False  # everything else: checked in full
