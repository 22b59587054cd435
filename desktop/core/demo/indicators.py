"""The demo's typed indicators (issue 20): what the Văn phòng – Thống kê clerk types from the ward's own papers for
2026-H1 and 2026-H2: the year's plan of public investment (from the ward's own decision), and — where no unit's
report of the round's demo (demo/round.py, run before this) gives it — the savings in chi thường xuyên and the
other figures section II.3 of the report is drafted from. The units' reports carry the reported ones; these are
typed through `figures.indicators.set_value`, each with its audit row.

Only halves that have begun by `today` get values (the demo never reports the future).
"""

from __future__ import annotations

import datetime as dt

from db.connection import Ledger
from desktop.core.figures import indicators
from desktop.core.ledger import periods

# (period, code, value, note): example figures of a small ward, to replace — the clerk's own papers.
TYPED: tuple[tuple[str, str, float, str], ...] = (
    ("2026-H1", "dtc_ke_hoach_vnd", 12_500_000_000, "Quyết định giao kế hoạch vốn đầu tư công năm 2026"),
    ("2026-H2", "dtc_ke_hoach_vnd", 12_500_000_000, "Quyết định giao kế hoạch vốn đầu tư công năm 2026"),
    # The year's cultural titles: the demo decides only three "Gia đình văn hóa" households (demo/awards.py), so
    # the share computed from the ledger would read 0,2%; the clerk types the year's share from the bình xét.
    ("2026", "gia_dinh_van_hoa_pct", 95.2, "Kết quả bình xét Gia đình văn hóa năm 2026"),
    ("2026", "tdp_van_hoa_pct", 100, "Kết quả bình xét Tổ dân phố văn hóa năm 2026"),
)
# Section II.3 of the report is drafted from these (report.movement.tiet_kiem): where no unit's report of the demo
# gives one, the clerk types it too, so the demo's report has no "…" there. (period, code) → (value, note).
FILL_IN: dict[tuple[str, str], tuple[int, str]] = {
    ("2026-H1", "tiet_kiem_chi_tx_vnd"): (185_000_000, "Báo cáo tình hình thực hiện dự toán 6 tháng"),
    ("2026-H2", "tiet_kiem_chi_tx_vnd"): (240_000_000, "Báo cáo tình hình thực hiện dự toán năm"),
    ("2026-H1", "chuong_trinh_thtk"): (1, "Chương trình thực hành tiết kiệm, chống lãng phí năm 2026"),
    ("2026-H1", "dtc_giai_ngan_vnd"): (5_200_000_000, "Báo cáo giải ngân đến 30/6"),
    ("2026-H1", "xhh_hop_phap_vnd"): (420_000_000, "Sổ theo dõi nguồn xã hội hóa"),
    ("2026-H1", "cong_trinh_tiet_kiem"): (1, "Kết luận kiểm tra quyết toán"),
    ("2026-H1", "cuoc_giam_sat"): (2, "Báo cáo của Ủy ban MTTQ phường"),
    ("2026-H2", "chuong_trinh_thtk"): (1, "Kế hoạch kiểm tra thực hành tiết kiệm cuối năm"),
    ("2026-H2", "dtc_giai_ngan_vnd"): (7_050_000_000, "Báo cáo giải ngân đến 31/12"),
    ("2026-H2", "xhh_hop_phap_vnd"): (610_000_000, "Sổ theo dõi nguồn xã hội hóa"),
    ("2026-H2", "cong_trinh_tiet_kiem"): (2, "Kết luận kiểm tra quyết toán"),
    ("2026-H2", "cuoc_giam_sat"): (3, "Báo cáo của Ủy ban MTTQ phường"),
}


def build_indicators(ledger: Ledger, today: dt.date) -> dict[str, int]:
    """Type the demo's indicators of the halves begun by `today` (after the round's demo reports, so only what no
    unit reported is filled in). Returns no count: each typed value has its own audit row. (No target is added: the
    demo's Chỉ tiêu tab starts empty, for the clerk to try "Thêm các chỉ tiêu thường dùng".)"""
    begun = [p for p in ("2026-H1", "2026-H2") if dt.date.fromisoformat(periods.parse(p).start) <= today]
    if "2026-H2" in begun:  # the year's cultural titles are decided from July on (demo/awards.award_year)
        begun.append("2026")
    for code, ind, value, note in TYPED:
        if code in begun:
            indicators.set_value(ledger, code, ind, value, note)
    for code in begun:
        known = {r["code"] for r in indicators.period_values(ledger, code) if r["value"] is not None}
        for (p, ind), (value, note) in FILL_IN.items():
            if p == code and ind not in known:
                indicators.set_value(ledger, code, ind, value, note)
    return {}
