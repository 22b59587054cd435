"""The words of the domain: stored codes and the Vietnamese labels a clerk sees (DESIGN §5.4)."""

from __future__ import annotations

CONTRIBUTOR_KINDS: dict[str, str] = {
    "ho": "Hộ gia đình",
    "ca_nhan": "Cá nhân",
    "tap_the": "Tập thể",
    "doanh_nghiep": "Doanh nghiệp",
}

CONTRIBUTION_KINDS: dict[str, str] = {
    "land": "Hiến đất",
    "money": "Tiền",
    "materials": "Vật tư",
    "labour": "Ngày công",
    "assets": "Tài sản",
    "other": "Khác",
}

# The unit each kind is counted in by default (the clerk may type another for materials/assets).
DEFAULT_UNITS: dict[str, str] = {
    "land": "m²",
    "money": "đồng",
    "materials": "tấn",
    "labour": "ngày công",
    "assets": "cái",
    "other": "",
}

CONTRIBUTION_STATUSES: dict[str, str] = {
    "pledged": "Đăng ký",  # promised, not yet received: not counted in the figures
    "received": "Đã nhận",
}

LAND_HANDOVER: dict[str, str] = {
    "pledged": "Đã cam kết",
    "handed_over": "Đã bàn giao mặt bằng",
    "cadastral_updated": "Đã chỉnh lý biến động",
}

LAND_TYPES: dict[str, str] = {
    "ODT": "Đất ở tại đô thị",
    "ONT": "Đất ở tại nông thôn",
    "CLN": "Đất trồng cây lâu năm",
    "BHK": "Đất trồng cây hằng năm khác",
    "LUC": "Đất chuyên trồng lúa",
    "NTS": "Đất nuôi trồng thủy sản",
    "SKC": "Đất cơ sở sản xuất, kinh doanh",
    "KHAC": "Đất khác",
}

WORK_KINDS: dict[str, str] = {
    "duong": "Tuyến đường",
    "hem": "Hẻm, ngõ, kiệt",
    "thoat_nuoc": "Thoát nước",
    "chieu_sang": "Chiếu sáng",
    "nha_van_hoa": "Nhà văn hóa",
    "khac": "Công trình khác",
}

WORK_STATUSES: dict[str, str] = {
    "chuan_bi": "Chuẩn bị",
    "dang_thi_cong": "Đang thi công",
    "hoan_thanh": "Hoàn thành",
}

# tinh / thanh_pho: an upper-level ledger that consolidates the wards (DESIGN §5.5).
UNIT_KINDS: dict[str, str] = {"phuong": "Phường", "xa": "Xã", "dac_khu": "Đặc khu", "tinh": "Tỉnh",
                              "thanh_pho": "Thành phố"}

RECEIVING_LEVELS: dict[str, str] = {
    "tinh": "UBND tỉnh/thành phố (từ 01/7/2025)",
    "huyen": "UBND huyện/quận/thị xã (trước 01/7/2025)",
}

SIGN_MODES: dict[str, str] = {
    "TM": "TM. Ủy ban nhân dân — Chủ tịch ký",
    "KT": "KT. Chủ tịch — Phó Chủ tịch ký",
}


def label(vocab: dict[str, str], code: str | None) -> str:
    if code is None:
        return ""
    return vocab.get(code, code)

# An award proposal's steps (desktop.core.awards drives them).
PROPOSAL_STATUSES: dict[str, str] = {
    "du_thao": "Dự thảo",
    "da_xet": "Đã xét",
    "quyet_dinh": "Đã có quyết định",
    "trinh_cap_tren": "Đã trình cấp trên",
    "duoc_khen": "Được khen",
    "khong_duoc_khen": "Không được khen",
    "tra_lai": "Trả lại",
}
