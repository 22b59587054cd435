"""The settings of reading a workbook: how many m² a sào is in this ward, and the ceilings above which a row's
figure is refused as implausible (a land gift of 10⁹ m², a money gift of 10¹⁵ đồng) instead of counted.

Kept in the `settings` table (key → JSON), like the award settings (awards/catalogue.py); shown and changed on
the Cài đặt page and with `thidua intake settings`.
"""

from __future__ import annotations

from typing import Any

from db.connection import Ledger
from desktop.core.ledger import settings_store
from desktop.core.ledger.fields import Form
from desktop.core.ledger.records import Changes
from desktop.core.text.vnformat import format_decimal, format_int

WHERE = "Cài đặt → Nhập từ Excel (hoặc lệnh thidua intake settings)"

DEFAULTS: dict[str, Any] = {
    # No default on purpose: a sào is 360 m² in Bắc Bộ, about 497–500 m² in Trung Bộ and is used for 1.000 m²
    # in Nam Bộ (Wikipedia tiếng Việt, "Hệ đo lường cổ Việt Nam" and "Mẫu (đơn vị đo)"; UN Statistical Office,
    # World Weights and Measures, Statistical Papers M no. 21 Rev.1, 1966). Bắc Kỳ's thước was fixed at 0,40 m
    # from 01/01/1898 (sắc lệnh of 02/6/1897), so 1 mẫu = 3.600 m², 1 sào = 360 m²; Trung Kỳ kept 0,47 m,
    # (0,47/0,40)² × 360 ≈ 497 m². A guess would be wrong somewhere by a factor up to 2,8.
    "intake_sao_m2": None,
    # A household's gift of land to widen a road or an alley is tens to a few hundred m²; 100.000 m² (10 ha) is
    # more than any residential plot, so a row above it is a unit typed wrong (ha for m², a sào unconverted).
    "intake_max_land_m2": 100_000,
    # A money gift to a ward's own works is from thousands to a few hundred million đồng; 10 tỷ đồng per row is
    # above any such gift yet far below 10¹⁵, so a figure above it is a digit or a word typed wrong.
    "intake_max_money_vnd": 10_000_000_000,
    # One person gives at most 365 days a year; a collective's row (a tổ, a company) adds up its people: 1.000
    # ngày công covers a tổ of 100 households giving ten days each.
    "intake_max_labour_days": 1_000,
    # Below 1.000 đồng (the smallest note in everyday use) a gift is "500" meant as 500 nghìn.
    "intake_min_money_vnd": 1_000,
}

LABELS: dict[str, str] = {
    "intake_sao_m2": "Một sào bằng (m²)",
    "intake_max_land_m2": "Hiến đất tối đa một dòng (m²)",
    "intake_max_money_vnd": "Đóng góp tiền tối đa một dòng (đồng)",
    "intake_max_labour_days": "Ngày công tối đa một dòng",
    "intake_min_money_vnd": "Đóng góp tiền tối thiểu một dòng (đồng)",
}

REASONS: dict[str, str] = {
    "intake_sao_m2": "Sào khác nhau theo vùng: Bắc Bộ 360 m², Trung Bộ khoảng 497–500 m², Nam Bộ thường tính "
                     "1.000 m² (Hệ đo lường cổ Việt Nam). Chưa ghi thì ô ghi “sào”, “mẫu” bị từ chối; hãy ghi "
                     "theo cách tính của cán bộ địa chính phường. 1 mẫu = 10 sào.",
    "intake_max_land_m2": "Đất hiến mở đường, mở hẻm của một hộ thường vài chục đến vài trăm m²; 100.000 m² "
                          "(10 ha) lớn hơn mọi thửa đất ở, nên vượt mức này gần như chắc là ghi nhầm đơn vị.",
    "intake_max_money_vnd": "Một khoản tiền đóng góp cho công trình của phường thường từ vài chục nghìn đến vài "
                            "trăm triệu đồng; vượt 10 tỷ đồng gần như chắc là ghi thừa số hoặc nhầm chữ.",
    "intake_max_labour_days": "Một người góp nhiều nhất 365 ngày công một năm; dòng của một tập thể cộng số "
                              "người: 1.000 ngày công đủ cho một tổ 100 hộ, mỗi hộ 10 ngày.",
    "intake_min_money_vnd": "Dưới 1.000 đồng gần như chắc là ghi thiếu chữ “nghìn” (500 thay cho 500 nghìn).",
}


def get_limits(ledger: Ledger) -> dict[str, Any]:
    """Every intake setting, stored value or default."""
    return settings_store.read(ledger, DEFAULTS)


def shown_value(key: str, value: Any) -> str:
    if value is None:
        return "chưa ghi"
    if key == "intake_sao_m2":
        return f"{format_decimal(float(value), 2, trim=True)} m²"
    unit = {"intake_max_land_m2": " m²", "intake_max_labour_days": " ngày công"}.get(key, " đồng")
    return f"{format_int(int(value))}{unit}"


def describe(limits: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, value as shown, why) for each setting, for the Settings page and the command line."""
    return [(LABELS[k], shown_value(k, limits.get(k)), REASONS[k]) for k in DEFAULTS]


def save_limits(ledger: Ledger, values: dict[str, Any]) -> Changes:
    """Validate and store the settings given (a blank sào: not set), with one audit row."""
    form = Form(values)
    # A sào is somewhere between 360 and 1.296 m² (the Nam Bộ "công tầm lớn"); allow a margin either side.
    form.number("intake_sao_m2", LABELS["intake_sao_m2"], positive=True, minimum=100, maximum=2_000)
    form.integer("intake_max_land_m2", LABELS["intake_max_land_m2"], required=True, positive=True,
                 maximum=10**7)
    form.integer("intake_max_money_vnd", LABELS["intake_max_money_vnd"], required=True, positive=True,
                 maximum=10**13)
    form.integer("intake_max_labour_days", LABELS["intake_max_labour_days"], required=True, positive=True,
                 maximum=10**6)
    form.integer("intake_min_money_vnd", LABELS["intake_min_money_vnd"], required=True, minimum=0,
                 maximum=10**6)
    clean = {k: v for k, v in form.done().items() if k in DEFAULTS}
    if clean.get("intake_sao_m2") is not None and float(clean["intake_sao_m2"]).is_integer():
        clean["intake_sao_m2"] = int(clean["intake_sao_m2"])
    return settings_store.write(ledger, clean, DEFAULTS, "Sửa thiết lập nhập Excel (sào, mức tối đa)")
