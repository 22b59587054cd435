"""The demo's reporting round (issue 20): the register of units with their contact people, the deadlines of 2026,
the first half's round half done (most công chức and the Mặt trận on time, the Hội Cựu chiến binh late, the rest
still missing) and the second half's complete (one unit sent a corrected file, which superseded its first).

Every write goes through the round's own services (units, deadlines, reports.save_report), each with its audit
row. Only what has happened by `today` is written: no report is received in the future. The figures agree with
the demo's typed indicators (demo/indicators.py, run after this), and each text is what the report draft shows
beside its section.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from db.connection import Ledger
from desktop.core.ledger import periods
from desktop.core.round import deadlines, reports, units
from desktop.core.text.vntext import fold

# Invented contact people of the ward's own units (the tổ dân phố's come from the register: its tổ trưởng).
CONTACTS: dict[str, tuple[str, str]] = {
    "dia_chinh_xay_dung": ("Nguyễn Văn Hòa", "0905 214 367"),
    "tai_chinh_ke_toan": ("Trần Thị Mỹ Linh", "0914 302 118"),
    "van_hoa_xa_hoi": ("Lê Thị Thu Trang", "0935 447 290"),
    "van_phong_thong_ke": ("Phạm Quốc Bảo", "0983 115 642"),
    "mat_tran": ("Võ Văn Lâm", "0912 660 375"),
    "Hội Cựu chiến binh phường": ("Huỳnh Văn Sáu", "0977 203 481"),
    "Hội Liên hiệp Phụ nữ phường": ("Đặng Thị Kim Oanh", "0938 571 926"),
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh phường": ("Bùi Minh Khang", "0966 814 053"),
    "Hội Nông dân phường": ("Ngô Văn Tư", "0945 338 702"),
}

# What each unit reports, per half: (H1, H2). The Tài chính – Kế toán figures are those of demo/indicators.py.
FIGURES: dict[str, dict[str, tuple[float, float]]] = {
    "dia_chinh_xay_dung": {"cong_trinh_khoi_cong": (3, 4)},
    "tai_chinh_ke_toan": {"dtc_ke_hoach_vnd": (12_500_000_000, 12_500_000_000),
                          "dtc_giai_ngan_vnd": (5_200_000_000, 7_050_000_000),
                          "tiet_kiem_chi_tx_vnd": (185_000_000, 240_000_000),
                          "xhh_hop_phap_vnd": (420_000_000, 610_000_000), "cong_trinh_tiet_kiem": (1, 2)},
    "van_hoa_xa_hoi": {"ha_tang_so_diem": (2, 3), "tin_bai_tuyen_truyen": (12, 15)},
    "van_phong_thong_ke": {"chuong_trinh_thtk": (1, 1), "sang_kien_cbcc": (1, 3)},
    "mat_tran": {"tin_bai_tuyen_truyen": (6, 8), "cuoc_van_dong": (4, 5), "cuoc_giam_sat": (2, 3),
                 "luot_tham_gia": (860, 1_240)},
    "doan_the": {"tin_bai_tuyen_truyen": (2, 3), "cuoc_van_dong": (2, 3), "luot_tham_gia": (180, 260),
                 "ngay_cong_hoi_vien": (140, 215)},
    "to_dan_pho": {"hop_dan_tdp": (2, 3)},
}

# The texts per section, by who writes them ({half}: "6 tháng đầu năm" / "6 tháng cuối năm").
TEXTS: dict[str, dict[str, str]] = {
    "dia_chinh_xay_dung": {
        "ket_qua": "Tham mưu khởi công các tuyến đường bê tông, mương thoát nước trong {half}; hướng dẫn các tổ "
                   "dân phố lập biên bản hiến đất, giải phóng mặt bằng đúng quy định.",
        "danh_gia": "Một số hộ còn chậm bàn giao mặt bằng; hồ sơ đất đai của vài thửa chưa đầy đủ.",
        "de_xuat": "Đề nghị cấp trên sớm phân bổ vốn đối ứng cho các công trình Nhân dân đã hiến đất.",
    },
    "tai_chinh_ke_toan": {
        "ket_qua": "Giải ngân vốn đầu tư công theo tiến độ; quản lý, sử dụng nguồn xã hội hóa đúng mục đích, "
                   "công khai thu – chi từng công trình.",
        "tiet_kiem": "Tiết kiệm chi thường xuyên {half} (hội nghị, xăng xe, văn phòng phẩm); rà soát quyết toán, "
                     "phát hiện và cắt giảm khối lượng phát sinh không hợp lý.",
        "danh_gia": "Tỷ lệ giải ngân còn thấp so với kế hoạch do vướng mặt bằng ở một công trình.",
    },
    "van_hoa_xa_hoi": {
        "lanh_dao": "Tuyên truyền phong trào trên loa truyền thanh, trang thông tin điện tử và các nhóm Zalo "
                    "của tổ dân phố.",
        "ket_qua": "Lắp đặt điểm phát wifi công cộng, camera an ninh tại nhà văn hóa; gắn phong trào với xây "
                   "dựng gia đình văn hóa, tổ dân phố văn hóa.",
    },
    "van_phong_thong_ke": {
        "lanh_dao": "Tham mưu UBND phường ban hành kế hoạch, chương trình thực hành tiết kiệm, chống lãng phí; "
                    "theo dõi, đôn đốc các đơn vị báo cáo đúng hạn.",
        "tiet_kiem": "Ứng dụng văn bản điện tử, họp trực tuyến; giảm in ấn giấy tờ {half}.",
    },
    "mat_tran": {
        "lanh_dao": "Phối hợp các đoàn thể tuyên truyền, vận động Nhân dân hiến đất, góp công, góp tiền làm "
                    "đường giao thông, mương thoát nước.",
        "tiet_kiem": "Tổ chức giám sát việc thi công, quản lý kinh phí đóng góp của Nhân dân; kiến nghị công "
                     "khai thu – chi tại nhà văn hóa.",
        "de_xuat": "Đề nghị khen thưởng kịp thời các hộ hiến đất, đóng góp tiêu biểu.",
    },
    "doan_the": {
        "lanh_dao": "Quán triệt kế hoạch phong trào đến hội viên, đoàn viên qua sinh hoạt định kỳ.",
        "ket_qua": "Hội viên, đoàn viên tham gia ngày công làm đường, phát quang, vệ sinh môi trường {half}.",
    },
    "to_dan_pho": {
        "ket_qua": "Họp dân bàn, thống nhất mức đóng góp và phương án thi công; các hộ hiến đất, góp ngày công "
                   "theo biên bản.",
        "de_xuat": "Đề nghị phường hỗ trợ xi măng cho đoạn đường còn lại của tổ.",
    },
}


def _key(unit: dict[str, Any]) -> str:
    return unit["field"] if unit["kind"] == "cong_chuc" else unit["kind"]


def _contacts(ledger: Ledger, rows: list[dict[str, Any]]) -> None:
    leaders = {gid: (leader, phone) for gid, leader, phone in ledger.conn.execute(
        "SELECT id, leader, phone FROM groups WHERE deleted_at IS NULL")}
    for u in rows:
        name, phone = leaders.get(u["group_id"]) or CONTACTS.get(u["field"] or u["kind"]) or \
            CONTACTS.get(u["name"], (None, None))
        if name:
            units.edit(ledger, u["id"], {"contact_name": name, "contact_phone": phone})


def _send(ledger: Ledger, unit: dict[str, Any], code: str, day: dt.date, source: str) -> None:
    half = 0 if code.endswith("H1") else 1
    key = _key(unit)
    figures = {c: v[half] for c, v in FIGURES.get(key, {}).items()}
    label = "6 tháng đầu năm" if half == 0 else "6 tháng cuối năm"
    texts = {s: t.format(half=label) for s, t in TEXTS.get(key, {}).items()}
    file_name = None
    if source != "screen":
        file_name = f"Bao-cao_{code}_{'-'.join(w for w in fold(unit['name']).split() if w.isalnum()).title()}.{source}"
    digest = hashlib.sha256(f"{file_name}|{day}".encode()).hexdigest() if file_name else None
    reports.save_report(ledger, unit_id=unit["id"], period_code=code, figures=figures, texts=texts, source=source,
                        received_on=day.isoformat(), file_name=file_name, file_sha256=digest)


def _first_half(ledger: Ledger, rows: list[dict[str, Any]], today: dt.date) -> int:
    """Half done: the công chức but the Văn phòng's, the Mặt trận, the Hội Phụ nữ and the first tổ dân phố on
    time, the Hội Cựu chiến binh three days late; the rest have not sent."""
    plan: dict[str, tuple[dt.date, str]] = {
        "dia_chinh_xay_dung": (dt.date(2026, 6, 5), "xlsx"), "tai_chinh_ke_toan": (dt.date(2026, 6, 8), "docx"),
        "van_hoa_xa_hoi": (dt.date(2026, 6, 9), "screen"), "mat_tran": (dt.date(2026, 6, 10), "xlsx"),
        "Hội Liên hiệp Phụ nữ phường": (dt.date(2026, 6, 7), "xlsx"),
        "Hội Cựu chiến binh phường": (dt.date(2026, 6, 13), "screen"),
    }
    tdp = [u for u in rows if u["kind"] == "to_dan_pho"]
    for i, u in enumerate(tdp[:max(1, len(tdp) // 2)]):
        plan[f"tdp:{u['id']}"] = (dt.date(2026, 6, 3 + i % 7), "xlsx")
    sent = 0
    for u in rows:
        day, source = plan.get(f"tdp:{u['id']}") or plan.get(u["field"] or u["kind"]) or plan.get(u["name"]) \
            or (None, "")
        if day and day <= today:
            _send(ledger, u, "2026-H1", day, source)
            sent += 1
    return sent


def _second_half(ledger: Ledger, rows: list[dict[str, Any]], today: dt.date) -> int:
    """Complete: every unit between 18/11 and 09/12 (none after `today`); the Hội Phụ nữ's corrected file of a
    few days later supersedes its first."""
    first, last = dt.date(2026, 11, 18), min(today, dt.date(2026, 12, 9))
    sent = 0
    for i, u in enumerate(rows):
        day = first + dt.timedelta(days=(last - first).days * i // max(1, len(rows)))
        _send(ledger, u, "2026-H2", day, ("xlsx", "docx", "screen")[i % 3])
        sent += 1
        if u["name"] == "Hội Liên hiệp Phụ nữ phường":
            _send(ledger, u, "2026-H2", min(today, day + dt.timedelta(days=3)), "xlsx")
            sent += 1
    return sent


def build_round(ledger: Ledger, today: dt.date) -> dict[str, int]:
    """The demo's round as of `today`; returns the number of unit_reports written."""
    if today < dt.date(2026, 1, 1):
        return {}
    with ledger.transaction():  # one commit for the whole round (each service's audit row still written)
        units.ensure_units(ledger)
        rows = units.list_units(ledger, active_only=True)
        _contacts(ledger, rows)
        deadlines.set_deadlines(ledger, "2026-H1", own="2026-06-10", upper="2026-06-15",
                                note="Công văn đôn đốc báo cáo 6 tháng của UBND phường (dữ liệu mẫu)")
        deadlines.set_deadlines(ledger, "2026-H2", own="2026-12-10", upper="2026-12-15",
                                note="Báo cáo năm gửi cấp trên trước ngày 15/12 (KH 26/KH-UBND tỉnh Đắk Lắk, mục 8)")
        sent = 0
        if today >= dt.date(2026, 6, 1):
            sent += _first_half(ledger, rows, today)
        if today >= dt.date.fromisoformat(periods.parse("2026-H2").start) + dt.timedelta(days=140):
            sent += _second_half(ledger, rows, today)
    return {"unit_reports": sent}
