"""The intake workbook of DESIGN §5.4: its sheets, column headers and the words allowed in them.

One description shared by the template (which writes these headers), the reader (which finds
them again however a clerk has retyped them) and the importer (which reads the values).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from desktop.core.ledger.vocab import (
    CONTRIBUTION_KINDS,
    CONTRIBUTION_STATUSES,
    CONTRIBUTOR_KINDS,
    LAND_TYPES,
    WORK_KINDS,
    WORK_STATUSES,
)
from desktop.core.text.vntext import fold


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # exactly as DESIGN §5.4 writes it (the template uses it)
    aliases: tuple[str, ...] = ()  # other ways clerks write it
    width: int = 14  # template column width, in characters
    number_format: str | None = None
    in_template: bool = True  # False: accepted when present, not written by the template


@dataclass(frozen=True)
class SheetSpec:
    kind: str  # groups | works | contributions
    title: str  # the sheet name in the template
    columns: tuple[Column, ...]
    required: tuple[str, ...]  # fields whose column must be present
    key: str  # the field a data row cannot lack (its "name")

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    def header(self, field: str) -> str:
        return self.column(field).header


INT_FORMAT = "#,##0"  # shows 1.500.000 in a Vietnamese Excel (the separators follow the PC's settings)
DECIMAL_FORMAT = "#,##0.0"
DATE_FORMAT = "dd/mm/yyyy"

_GROUP_ALIASES = ("Tổ", "TDP", "Tổ dân phố/thôn", "Thôn/tổ dân phố", "Thôn", "Khu phố", "Tên tổ dân phố",
                  "Thuộc tổ dân phố", "Tổ dân phố, thôn")

GROUPS = SheetSpec(
    kind="groups",
    title="Tổ dân phố",
    columns=(
        Column("name", "Tên tổ dân phố", ("Tổ dân phố", "Tên tổ", "Tên TDP", "TDP", "Tổ", "Tên thôn", "Thôn",
                                          "Tên thôn/tổ dân phố", "Tên tổ dân phố/thôn", "Khu phố", "Tên"), 26),
        Column("leader", "Tổ trưởng", ("Họ tên tổ trưởng", "Họ và tên tổ trưởng", "Trưởng thôn", "Tổ trưởng TDP"),
               26),
        Column("households", "Số hộ", ("Hộ", "Tổng số hộ", "Số hộ gia đình"), 12, INT_FORMAT),
        Column("population", "Số nhân khẩu", ("Nhân khẩu", "Số khẩu", "Số dân", "Tổng số nhân khẩu"), 14, INT_FORMAT),
    ),
    required=("name",),
    key="name",
)

WORKS = SheetSpec(
    kind="works",
    title="Công trình",
    columns=(
        Column("name", "Tên công trình", ("Công trình", "Tên công trình, dự án", "Tên dự án", "Tên"), 34),
        Column("kind", "Loại", ("Loại công trình", "Loại hình", "Loại hình công trình"), 18),
        Column("group", "Tổ dân phố", _GROUP_ALIASES + ("Địa bàn",), 22),
        Column("length_m", "Chiều dài (m)", ("Chiều dài", "Dài", "Chiều dài tuyến"), 12, DECIMAL_FORMAT),
        Column("width_before_m", "Chiều rộng trước (m)", ("Chiều rộng trước", "Rộng trước", "Chiều rộng cũ",
                                                          "Chiều rộng hiện trạng"), 12, DECIMAL_FORMAT),
        Column("width_after_m", "Chiều rộng sau (m)", ("Chiều rộng sau", "Rộng sau", "Chiều rộng mới",
                                                      "Chiều rộng sau mở rộng"), 12, DECIMAL_FORMAT),
        Column("budget_state_vnd", "Kinh phí ngân sách (đồng)", ("Kinh phí ngân sách", "Ngân sách", "Vốn ngân sách",
                                                                 "Ngân sách nhà nước", "Kinh phí nhà nước"),
               18, INT_FORMAT),
        Column("status", "Trạng thái", ("Tình trạng", "Tiến độ"), 16),
        Column("start_date", "Ngày khởi công", ("Khởi công", "Ngày bắt đầu"), 14, DATE_FORMAT),
        Column("completed_date", "Ngày hoàn thành", ("Hoàn thành", "Ngày hoàn thành, đưa vào sử dụng",
                                                     "Ngày kết thúc"), 14, DATE_FORMAT),
    ),
    required=("name",),
    key="name",
)

CONTRIBUTIONS = SheetSpec(
    kind="contributions",
    title="Đóng góp",
    columns=(
        Column("stt", "STT", ("Số TT", "Số thứ tự", "TT"), 7),
        Column("date", "Ngày", ("Ngày đóng góp", "Ngày tháng", "Ngày nhận", "Ngày hiến", "Ngày tháng năm",
                                "Thời gian"), 12, DATE_FORMAT),
        Column("group", "Tổ dân phố", _GROUP_ALIASES, 18),
        Column("name", "Họ và tên", ("Họ tên", "Tên", "Họ và tên người đóng góp", "Họ tên người đóng góp",
                                     "Người đóng góp", "Tên người đóng góp", "Chủ hộ", "Họ tên chủ hộ",
                                     "Họ và tên chủ hộ", "Tên hộ", "Tên tổ chức, cá nhân", "Tổ chức, cá nhân"), 26),
        Column("contributor_kind", "Đối tượng", ("Loại đối tượng", "Đối tượng đóng góp"), 14),
        Column("address", "Địa chỉ", ("Nơi ở", "Địa chỉ thường trú", "Số nhà", "Địa chỉ liên hệ"), 24),
        Column("work", "Công trình", ("Tên công trình", "Đóng góp cho công trình", "Công trình được đóng góp"), 26),
        Column("kind", "Hình thức", ("Hình thức đóng góp", "Loại đóng góp", "Nội dung đóng góp"), 12),
        Column("quantity", "Số lượng", ("Khối lượng", "Diện tích", "Số ngày công", "Ngày công", "Số lượng đóng góp"),
               12),
        Column("unit", "Đơn vị tính", ("ĐVT", "Đơn vị", "Đơn vị đo"), 11),
        Column("value_vnd", "Giá trị quy đổi (đồng)", ("Giá trị quy đổi", "Giá trị", "Thành tiền", "Số tiền",
                                                       "Quy đổi thành tiền", "Giá trị quy đổi thành tiền"),
               18, INT_FORMAT),
        # Đăng ký (a pledge, not counted in the figures) or Đã nhận: without it a pledge would count as received.
        Column("status", "Trạng thái", ("Tình trạng", "Trạng thái đóng góp", "Đăng ký/Đã nhận", "Đã nhận/Đăng ký",
                                        "Đăng ký hay đã nhận", "Tình trạng đóng góp"), 12),
        Column("land_map_sheet", "Tờ bản đồ", ("Tờ BĐ", "Số tờ", "Tờ bản đồ số"), 10),
        Column("land_parcel", "Thửa đất", ("Thửa", "Số thửa", "Thửa số", "Thửa đất số"), 10),
        # The land's rate depends on it (ODT 5.000.000 đ/m², "Đất khác" 1.000.000 đ/m² in the sample rates).
        Column("land_type", "Loại đất", ("Mục đích sử dụng đất", "Loại đất hiến", "Mục đích sử dụng"), 20),
        Column("evidence_no", "Số biên bản", ("Biên bản", "Biên bản số", "Số BB", "Số biên bản, giấy tờ"), 14),
        Column("note", "Ghi chú", ("Ghi chú khác",), 24),
    ),
    required=("date", "group", "name", "kind"),  # and Số lượng or Giá trị (checked by the reader)
    key="name",
)

SHEETS: tuple[SheetSpec, ...] = (GROUPS, WORKS, CONTRIBUTIONS)
SPEC_BY_KIND = {s.kind: s for s in SHEETS}

# Sheets of our own template that hold no data.
INSTRUCTIONS_TITLE = "Hướng dẫn"
LISTS_TITLE = "Danh mục"

# The unit a template was made for, in cells of its (protected) Hướng dẫn sheet: each label with its value
# in the cell to its right. The import refuses a workbook of another unit (reader.py, planning.py).
UNIT_CODE_LABEL = "Mã đơn vị"
UNIT_NAME_LABEL = "Tên đơn vị"

EXAMPLE_MARK = "Ví dụ"  # a row whose first cell starts with this is the template's example: never imported


_PAREN_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NON_WORD_RE = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=16384)  # the same kinds, groups and headers repeat on thousands of rows
def header_key(text: object) -> str:
    """The comparable form of a header: units in brackets, case, accents and punctuation dropped.
    "Giá trị quy đổi (đồng)" → "gia tri quy doi"; " HỌ  TÊN* " → "ho ten"."""
    s = _PAREN_RE.sub(" ", unicodedata.normalize("NFKC", str(text)))  # NFKC: "m²" → "m2"
    return " ".join(_NON_WORD_RE.split(fold(s))).strip()


def _aliases(spec: SheetSpec) -> dict[str, str]:
    out: dict[str, str] = {}
    for col in spec.columns:
        for text in (col.header, *col.aliases):
            out.setdefault(header_key(text), col.field)
    return out


HEADER_FIELDS: dict[str, dict[str, str]] = {s.kind: _aliases(s) for s in SHEETS}

# Sheet names clerks give the three sheets (compared with header_key).
SHEET_NAMES: dict[str, str] = {
    **{k: "groups" for k in ("to dan pho", "tdp", "thon", "to dan pho thon", "danh sach to dan pho", "to")},
    **{k: "works" for k in ("cong trinh", "danh sach cong trinh", "cong trinh du an")},
    **{k: "contributions" for k in ("dong gop", "danh sach dong gop", "dong gop cua nhan dan", "ho dong gop",
                                    "nhan dan dong gop")},
}


# --------------------------------------------------------------------------- allowed words


def _vocab(labels: dict[str, str], extra: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """folded word → code: the code itself, its label, and the other ways clerks write it."""
    out: dict[str, str] = {}
    for code, label in labels.items():
        for word in (code, label, *extra.get(code, ())):
            key = header_key(word)
            if key:  # "₫" has no letters: never let an empty key match a blank cell
                out[key] = code
    return out


CONTRIBUTION_KIND_WORDS = _vocab(CONTRIBUTION_KINDS, {
    "land": ("đất", "hiến đất làm đường", "hiến đất mở đường", "đóng góp đất", "hiến"),
    "money": ("tiền mặt", "đóng góp tiền", "ủng hộ tiền", "kinh phí", "tiền đồng"),
    "materials": ("vật liệu", "vật liệu xây dựng", "vật tư, vật liệu", "nguyên vật liệu"),
    "labour": ("công", "công lao động", "lao động", "ngày công lao động", "góp công"),
    "assets": ("hiện vật", "tài sản, hiện vật", "vật kiến trúc", "tài sản trên đất"),
    "other": ("khác (ghi rõ)", "hình thức khác"),
})

CONTRIBUTOR_KIND_WORDS = _vocab(CONTRIBUTOR_KINDS, {
    "ho": ("hộ", "hộ dân", "hgđ", "hộ gia đình, cá nhân", "gia đình"),
    "ca_nhan": ("người", "công dân"),
    "tap_the": ("tổ chức", "cơ quan", "đoàn thể", "đơn vị", "trường học"),
    "doanh_nghiep": ("công ty", "dn", "doanh nghiệp, công ty", "cơ sở kinh doanh", "hợp tác xã"),
})

WORK_KIND_WORDS = _vocab(WORK_KINDS, {
    "duong": ("đường", "đường giao thông", "giao thông", "đường bê tông", "tuyến đường giao thông"),
    "hem": ("hẻm", "ngõ", "kiệt", "ngõ xóm", "đường hẻm", "hẻm, ngõ", "ngõ, kiệt"),
    "thoat_nuoc": ("mương", "cống", "mương thoát nước", "cống thoát nước", "thoát nước, vệ sinh"),
    "chieu_sang": ("điện chiếu sáng", "đèn đường", "điện", "thắp sáng", "đường điện"),
    "nha_van_hoa": ("nhà sinh hoạt cộng đồng", "nhà văn hóa tổ dân phố", "hội trường", "nhà văn hoá"),
    "khac": ("khác",),
})

WORK_STATUS_WORDS = _vocab(WORK_STATUSES, {
    "chuan_bi": ("chưa thi công", "chưa khởi công", "chuẩn bị đầu tư", "dự kiến"),
    "dang_thi_cong": ("thi công", "đang làm", "đang triển khai", "đang xây dựng", "đang thực hiện"),
    "hoan_thanh": ("đã hoàn thành", "xong", "đã xong", "hoàn thành, đưa vào sử dụng", "đã bàn giao"),
})

LAND_TYPE_WORDS = _vocab(LAND_TYPES, {
    "ODT": ("đất ở đô thị", "đất ở"), "ONT": ("đất ở nông thôn",),
    "CLN": ("đất cây lâu năm",), "BHK": ("đất cây hằng năm", "đất cây hàng năm"),
    "LUC": ("đất lúa", "đất trồng lúa"), "NTS": ("đất nuôi trồng thủy sản",),
    "SKC": ("đất sản xuất kinh doanh",), "KHAC": ("khác",),
})

CONTRIBUTION_STATUS_WORDS = _vocab(CONTRIBUTION_STATUSES, {
    "pledged": ("đăng kí", "đk", "đăng ký đóng góp", "đã đăng ký", "cam kết", "đã cam kết", "hứa", "chưa nhận",
                "chưa nộp", "chưa góp", "chưa đóng", "chưa bàn giao"),
    "received": ("nhận", "đã nộp", "đã đóng", "đã góp", "đã đóng góp", "đã thu", "đã bàn giao", "đã hiến",
                 "đã nhận đủ", "đã giao", "rồi"),
})

# The unit each of these kinds is counted in (contributions.validate fixes it); what clerks type for it.
FIXED_UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "land": ("m2", "m²", "m 2", "met vuong", "mét vuông", "m vuông"),
    "money": ("đồng", "đ", "vnđ", "vnd", "đồng việt nam", "₫"),
    "labour": ("ngày công", "ngày", "công", "ngày công lao động"),
}


def lookup(words: dict[str, str], text: object) -> str | None:
    """The code for a word as typed ("hien dat", "TIỀN", "ho gia dinh"), or None."""
    return words.get(header_key(text))
