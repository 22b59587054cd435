"""The demo wards (small, medium, large) with their rates, and the names, streets and texts the demo draws from."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from typing import Any

# ---------------------------------------------------------------------------------------------
# The demo wards. Their units are invented ("Phường Mẫu", tỉnh "Mẫu", code "DEMO01"): no real ward has such a
# name or code (a commune's real mã ĐVHC is 5 digits: Danh mục mã số đơn vị hành chính, Quyết định 124/2004/QĐ-TTg
# and its later lists), so a demo cannot be taken for a ward's own ledger, nor its handoff file for a real ward's.
# The provincial decisions its rates cite are invented the same way; the rest (streets, names, sizes) is realistic.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ward:
    unit: dict[str, Any]
    groups: int
    households: tuple[int, int]  # per group
    works_per_half: tuple[int, int]
    contributions_per_half: tuple[int, int]
    lane_word: str  # "hẻm" in the South and Centre, "ngõ" in the North
    streets: tuple[str, ...]
    surnames: dict[str, int]  # weights differ between the Centre and the North
    cccd_province: str  # first three digits of a CCCD number (province of birth registration)
    phone_prefixes: tuple[str, ...]
    businesses: int
    merged_groups: int
    rates: tuple[dict[str, Any], ...]


def _rate(kind: str, unit: str, land_type: str | None, price: int, effective: str, decided: str, name: str,
          basis: str) -> dict[str, Any]:
    """A demo rate; `decided` is the date of its decision (a rate is only added once decided)."""
    return {"kind": kind, "unit": unit, "land_type": land_type, "price_vnd": price,
            "effective_date": effective, "decided": decided, "name": name, "legal_basis": basis}


_QNG_LAND_2025 = ("Quyết định số 48/2024/QĐ-UBND ngày 20/12/2024 của UBND tỉnh Mẫu "
                  "về Bảng giá đất áp dụng từ ngày 01/01/2025")
_QNG_LAND_2026 = ("Quyết định số 72/2025/QĐ-UBND ngày 26/12/2025 của UBND tỉnh Mẫu "
                  "ban hành Bảng giá đất lần đầu áp dụng từ ngày 01/01/2026")
_QNG_MATERIALS = ("Công bố giá vật liệu xây dựng số 01/CBGVL-SXD ngày 15/01/2025 "
                  "của Sở Xây dựng tỉnh Mẫu")
_NDH_LAND_2025 = ("Quyết định số 37/2024/QĐ-UBND ngày 20/12/2024 của UBND tỉnh Mẫu Bắc (cũ) "
                  "về Bảng giá đất áp dụng từ ngày 01/01/2025")
_NBH_LAND_2026 = ("Quyết định số 65/2025/QĐ-UBND ngày 26/12/2025 của UBND tỉnh Mẫu "
                  "ban hành Bảng giá đất lần đầu áp dụng từ ngày 01/01/2026")
_NDH_MATERIALS = ("Công bố giá vật liệu xây dựng số 01/CBGVL-SXD ngày 14/01/2025 "
                  "của Sở Xây dựng tỉnh Mẫu Bắc (cũ)")

SMALL = Ward(
    unit={
        "name": "Phường Mẫu", "kind": "phuong", "code": "DEMO01", "province": "Mẫu",
        "signer_name": "Nguyễn Văn Hùng", "signer_title": "Chủ tịch", "chairman_name": "Nguyễn Văn Hùng",
        "sign_mode": "TM", "user_name": "Trần Thị Thu Hà",
    },
    groups=6,
    households=(150, 450),
    works_per_half=(2, 5),
    contributions_per_half=(170, 270),
    lane_word="hẻm",
    streets=("Trần Hưng Đạo", "Quang Trung", "Phan Đình Phùng", "Lê Trung Đình", "Nguyễn Nghiêm",
             "Hùng Vương", "Lê Lợi", "Nguyễn Trãi", "Bà Triệu", "Chu Văn An", "Trương Định",
             "Nguyễn Công Phương", "Lê Thánh Tôn", "Ngô Quyền", "Phan Bội Châu"),
    surnames={"Nguyễn": 30, "Trần": 10, "Lê": 10, "Phạm": 7, "Huỳnh": 8, "Võ": 8, "Phan": 5, "Hồ": 4,
              "Đặng": 3, "Ngô": 3, "Bùi": 2, "Đỗ": 2, "Dương": 2, "Hoàng": 2, "Trương": 2, "Vũ": 1, "Lý": 1},
    cccd_province="051",
    phone_prefixes=("0905", "0935", "0914", "0983", "0976", "0868", "0345", "0384", "0772", "0799", "0355"),
    businesses=5,
    merged_groups=0,
    rates=(
        _rate("land", "m²", "ODT", 6_500_000, "2025-01-01", "2024-12-20",
              "Đất ở tại đô thị — vị trí hẻm, phường Mẫu", _QNG_LAND_2025),
        _rate("land", "m²", "CLN", 650_000, "2025-01-01", "2024-12-20", "Đất trồng cây lâu năm trong phường",
              _QNG_LAND_2025),
        _rate("land", "m²", "ODT", 7_800_000, "2026-01-01", "2025-12-26",
              "Đất ở tại đô thị — vị trí hẻm, phường Mẫu", _QNG_LAND_2026),
        _rate("land", "m²", "CLN", 780_000, "2026-01-01", "2025-12-26", "Đất trồng cây lâu năm trong phường",
              _QNG_LAND_2026),
        _rate("labour", "ngày công", None, 250_000, "2025-01-01", "2025-01-10",
              "Ngày công lao động phổ thông",
              "Quyết định số 35/QĐ-UBND ngày 10/01/2025 của UBND phường Mẫu "
              "về mức quy đổi ngày công đóng góp xây dựng hạ tầng"),
        _rate("materials", "tấn", None, 1_650_000, "2025-01-01", "2025-01-15", "Xi măng PCB40",
              _QNG_MATERIALS),
        _rate("materials", "m³", None, 380_000, "2025-01-01", "2025-01-15", "Cát xây dựng", _QNG_MATERIALS),
    ),
)

LARGE = Ward(
    unit={
        "name": "Phường Mẫu Lớn", "kind": "phuong", "code": "DEMO03", "province": "Mẫu",
        "signer_name": "Trần Quốc Khánh", "signer_title": "Chủ tịch", "chairman_name": "Trần Quốc Khánh",
        "sign_mode": "TM", "user_name": "Phạm Thị Minh Ngọc",
    },
    groups=130,
    households=(300, 700),
    works_per_half=(18, 30),
    contributions_per_half=(9_300, 10_700),
    lane_word="ngõ",
    streets=("Trần Hưng Đạo", "Hàn Thuyên", "Hoàng Văn Thụ", "Trần Nhân Tông", "Điện Biên", "Giải Phóng",
             "Văn Cao", "Trường Chinh", "Lê Hồng Phong", "Nguyễn Du", "Hai Bà Trưng", "Quang Trung",
             "Trần Thái Tông", "Đông A", "Phù Nghĩa", "Lương Thế Vinh", "Mạc Thị Bưởi", "Trần Đăng Ninh",
             "Vị Xuyên", "Máy Tơ", "Nguyễn Văn Trỗi", "Trần Phú", "Hùng Vương", "Kênh", "Phan Đình Phùng",
             "Ngô Quyền", "Bến Thóc", "Hưng Yên", "Đặng Xuân Bảng", "Song Hào", "Lê Hồng Sơn", "Thái Bình"),
    surnames={"Nguyễn": 35, "Trần": 12, "Lê": 7, "Phạm": 8, "Hoàng": 5, "Vũ": 7, "Đỗ": 5, "Bùi": 4, "Đặng": 3,
              "Ngô": 3, "Phan": 2, "Dương": 2, "Đinh": 2, "Lý": 1, "Hồ": 1, "Võ": 1, "Lương": 1},
    cccd_province="036",
    phone_prefixes=("0912", "0915", "0904", "0989", "0974", "0963", "0868", "0338", "0359", "0388", "0836"),
    businesses=90,
    merged_groups=2,
    rates=(
        _rate("land", "m²", "ODT", 4_500_000, "2025-01-01", "2024-12-20", "Đất ở tại đô thị — vị trí ngõ",
              _NDH_LAND_2025),
        _rate("land", "m²", "ONT", 2_000_000, "2025-01-01", "2024-12-20",
              "Đất ở tại nông thôn (các xã cũ nhập vào phường)", _NDH_LAND_2025),
        _rate("land", "m²", "CLN", 700_000, "2025-01-01", "2024-12-20", "Đất trồng cây lâu năm",
              _NDH_LAND_2025),
        _rate("land", "m²", "ODT", 5_500_000, "2026-01-01", "2025-12-26", "Đất ở tại đô thị — vị trí ngõ",
              _NBH_LAND_2026),
        _rate("land", "m²", "ONT", 2_400_000, "2026-01-01", "2025-12-26",
              "Đất ở tại nông thôn (các xã cũ nhập vào phường)", _NBH_LAND_2026),
        _rate("land", "m²", "CLN", 850_000, "2026-01-01", "2025-12-26", "Đất trồng cây lâu năm",
              _NBH_LAND_2026),
        _rate("labour", "ngày công", None, 250_000, "2025-01-01", "2025-01-06",
              "Ngày công lao động phổ thông",
              "Quyết định số 1520/QĐ-UBND ngày 06/01/2025 của UBND thành phố Mẫu Bắc (cũ) "
              "về mức quy đổi ngày công đóng góp xây dựng hạ tầng"),
        _rate("materials", "tấn", None, 1_700_000, "2025-01-01", "2025-01-14", "Xi măng PCB40",
              _NDH_MATERIALS),
        _rate("materials", "m³", None, 420_000, "2025-01-01", "2025-01-14", "Cát vàng xây dựng",
              _NDH_MATERIALS),
    ),
)

# A ward of middling size (40 groups, about 3,000 contributions a year): the upper level's benchmark
# consolidates a hundred of these.
MEDIUM = replace(
    LARGE,
    unit={**LARGE.unit, "name": "Phường Mẫu Vừa", "code": "DEMO02"},
    groups=40, households=(250, 500), works_per_half=(8, 12), contributions_per_half=(1_400, 1_600),
    businesses=30, merged_groups=1,
)

WARDS = {"small": SMALL, "medium": MEDIUM, "large": LARGE}

# ---------------------------------------------------------------------------------------------
# Vietnamese names
# ---------------------------------------------------------------------------------------------

MIDDLE_MALE = {"Văn": 40, "Hữu": 6, "Đức": 8, "Minh": 8, "Quốc": 5, "Thanh": 5, "Công": 5, "Xuân": 4,
                "Đình": 5, "Ngọc": 3, "Anh": 3, "Trọng": 3, "Duy": 2, "Tiến": 2}
MIDDLE_FEMALE = {"Thị": 55, "Ngọc": 6, "Thanh": 5, "Thu": 6, "Minh": 3, "Kim": 5, "Hồng": 5, "Mỹ": 4,
                  "Thúy": 3, "Phương": 3, "Bích": 3}
SECOND_MIDDLE_FEMALE = ("Thu", "Thanh", "Kim", "Ngọc", "Minh", "Hồng", "Bích", "Mỹ")
GIVEN_MALE = ("An", "Bình", "Cường", "Dũng", "Đông", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quang", "Sơn",
               "Tâm", "Tuấn", "Hải", "Hiếu", "Huy", "Lâm", "Lộc", "Mạnh", "Nghĩa", "Phong", "Tài", "Thắng",
               "Thành", "Toàn", "Trung", "Việt", "Vinh", "Hòa", "Kiên", "Đạt", "Hoàng", "Khoa", "Tùng",
               "Thịnh", "Tú", "Quý", "Bảo", "Đức")
GIVEN_FEMALE = ("Hà", "Hạnh", "Hương", "Lan", "Mai", "Nga", "Thảo", "Trang", "Uyên", "Vân", "Yến", "Anh",
                 "Dung", "Hằng", "Hoa", "Huyền", "Liên", "Linh", "Loan", "Ngân", "Nhung", "Oanh", "Phượng",
                 "Quyên", "Tuyết", "Xuân", "Thủy", "Hiền", "Lệ", "Nhàn", "Thoa", "Tâm", "Khánh", "Uyên")

COLLECTIVES = ("Chi hội Cựu chiến binh", "Chi hội Phụ nữ", "Chi đoàn Thanh niên", "Chi hội Người cao tuổi",
                "Ban công tác Mặt trận", "Chi hội Nông dân")
BUSINESS_FORMS = ("Công ty TNHH", "Công ty TNHH", "Công ty cổ phần", "Doanh nghiệp tư nhân")
BUSINESS_TRADES = ("Xây dựng", "Thương mại và Dịch vụ", "Vật liệu xây dựng", "Vận tải",
                    "Đầu tư và Phát triển", "Cơ khí", "Điện nước", "Xây dựng và Thương mại",
                    "Kỹ thuật hạ tầng", "In và Quảng cáo")
BUSINESS_BRANDS = ("Minh Phát", "Hòa Bình", "Thành Đạt", "Phú Thịnh", "An Khang", "Hưng Thịnh", "Tân Phát",
                    "Đức Huy", "Quang Vinh", "Việt Tiến", "Thiên Phúc", "Sơn Hà", "Hoàng Long", "Nam Việt",
                    "Bảo Minh", "Trường Sơn", "Phúc Lộc", "Đại Thành", "Hải Đăng", "Kim Ngân", "Thái Sơn",
                    "Gia Huy", "Hợp Nhất", "Thuận Phát", "Vạn Xuân")

LABOUR_TEXTS = ("Tham gia ngày công dọn dẹp, giải phóng mặt bằng", "Tham gia ngày công đổ bê tông",
                 "Tham gia ngày công đào rãnh, lắp đặt cống", "Ngày công tháo dỡ, di dời tường rào")
STRUCTURES = ("Tường rào {a} m, cổng sắt", "Tường rào gạch {a} m", "Hàng rào lưới B40 {b} m",
               "Cổng sắt, mái tôn che {c} m²", "Bậc tam cấp, bồn hoa", "{n} cây xoài, 1 cây dừa",
               "Tường rào {a} m, {n} cây cau", "Mái che tôn {c} m², bể nước", "Trụ cổng, tường rào {a} m")

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def dec_text(x: float) -> str:
    """12.5 -> "12,5" (Vietnamese decimal comma)."""
    return f"{x:g}".replace(".", ",")


def money_text(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def stamp_time(day: dt.date, rng: random.Random) -> str:
    """A plausible office-hours timestamp on `day`, in Vietnam time."""
    h, m, s = rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59)
    return f"{day.isoformat()}T{h:02d}:{m:02d}:{s:02d}+07:00"


# The ward's Hội đồng Thi đua – Khen thưởng (9 members): the seat (position in the ward) and the role in the
# council. The Chủ tịch UBND phường chairs it; the unit's signer takes the first seat, the clerk is the secretary.
COUNCIL_SEATS: tuple[tuple[str, str], ...] = (
    ("Chủ tịch Ủy ban nhân dân phường", "Chủ tịch Hội đồng"),
    ("Phó Chủ tịch Ủy ban nhân dân phường", "Phó Chủ tịch Hội đồng"),
    ("Trưởng phòng Văn hóa - Xã hội", "Phó Chủ tịch thường trực Hội đồng"),
    ("Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam phường", "Ủy viên"),
    ("Trưởng phòng Kinh tế, Hạ tầng và Đô thị", "Ủy viên"),
    ("Chủ tịch Hội Liên hiệp Phụ nữ phường", "Ủy viên"),
    ("Bí thư Đoàn Thanh niên phường", "Ủy viên"),
    ("Chủ tịch Hội Cựu chiến binh phường", "Ủy viên"),
    ("Công chức Văn hóa - Xã hội", "Ủy viên, thư ký Hội đồng"),
)
