"""Schema migrations of the ledger.

Longer than 400 lines on purpose: the migrations are the schema's history, read top to bottom in one file.

Rules (DESIGN §3): one function per migration, applied in order by sqlite-utils' `Migrations`;
a migration that has been released is never edited again — add a new one instead. Every
released schema gets a frozen fixture file under tests/fixtures/ that the upgrade tests open.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from db.schema import MIGRATION_SET

migrations = Migrations(MIGRATION_SET)

# Columns shared by every record table: a stable UUID besides the row id, and timestamps.
_RECORD = {
    "uuid": str,
    "created_at": str,
    "updated_at": str,
    "deleted_at": str,  # soft delete: NULL while the record is live
}


def _create(db: Database, name: str, columns: dict, *, not_null: set[str] = frozenset(), **kwargs) -> None:
    db[name].create({"id": int, **columns, **_RECORD}, pk="id", not_null={"uuid", *not_null}, **kwargs)
    db[name].create_index(["uuid"], unique=True)


@migrations()
def m0001_initial(db: Database) -> None:
    # One migration is one step of the schema: its tables stay together, however long.
    # The ward (or the upper level) itself: exactly one row, id = 1.
    db["unit"].create(
        {
            "id": int,
            "uuid": str,
            "name": str,  # "Phường Nguyễn Nghiêm"
            "kind": str,  # phuong | xa | dac_khu
            "code": str,  # mã ĐVHC
            "province": str,  # "tỉnh Quảng Ngãi"
            "place_name": str,  # địa danh used in dates: "Nguyễn Nghiêm"
            "issuer_abbr": str,  # "UBND"
            "drafting_abbr": str,  # "VHXH"
            "signer_name": str,
            "signer_title": str,  # "Chủ tịch" | "Phó Chủ tịch"
            "sign_mode": str,  # TM (on behalf of the committee) | KT (deputy signs for the chairman)
            "chairman_name": str,
            "receiving_level": str,  # tinh (current) | huyen (legacy, before 01/7/2025)
            "receiving_name": str,  # "Ủy ban nhân dân tỉnh Quảng Ngãi"
            "receiving_office": str,  # "Sở Nội vụ tỉnh Quảng Ngãi"
            "role": str,  # ward | upper
            "group_label": str,  # "Tổ dân phố" (phường) | "Thôn" (xã)
            "user_name": str,  # who works on this ledger, for the audit trail
            "period_start": str,  # "MM-DD" on which the reporting year starts: "01-01", or "12-15" (ND 09/2019)
            "created_at": str,
        },
        pk="id",
    )

    _create(
        db,
        "groups",
        {
            "name": str,
            "sort_key": str,
            "search": str,
            "leader": str,  # tổ trưởng
            "deputy": str,  # tổ phó
            "party_secretary": str,  # bí thư chi bộ
            "front_head": str,  # trưởng ban công tác Mặt trận
            "phone": str,
            "households": int,
            "population": int,
            "active": int,
            "merged_into_id": int,
            "note": str,
        },
        foreign_keys=[("merged_into_id", "groups", "id")],
        defaults={"active": 1, "households": 0, "population": 0},
        not_null={"uuid", "name", "sort_key", "search"},
    )
    db["groups"].create_index(["sort_key"])

    # Renames and merges of groups, kept forever (a ward's TDP are reorganised often since 2025).
    db["group_events"].create(
        {
            "id": int,
            "group_id": int,
            "date": str,
            "kind": str,  # create | rename | merge | reactivate
            "detail": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("group_id", "groups", "id")],
    )
    db["group_events"].create_index(["group_id"])

    _create(
        db,
        "contributors",
        {
            "name": str,
            "sort_key": str,
            "search": str,
            "kind": str,  # ho | ca_nhan | tap_the | doanh_nghiep
            "group_id": int,
            "address": str,
            "birth_year": int,
            "phone": str,  # personal data (ND 13/2023): optional, never exported by default
            "cccd": str,
            "note": str,
        },
        foreign_keys=[("group_id", "groups", "id")],
        not_null={"uuid", "name", "sort_key", "search", "kind"},
    )
    db["contributors"].create_index(["group_id"])
    db["contributors"].create_index(["sort_key"])

    _create(
        db,
        "works",
        {
            "name": str,
            "sort_key": str,
            "search": str,
            "kind": str,  # duong | hem | thoat_nuoc | chieu_sang | nha_van_hoa | khac
            "length_m": float,
            "width_before_m": float,
            "width_after_m": float,
            "budget_state_vnd": int,  # ngân sách
            "budget_social_vnd": int,  # xã hội hóa
            "budget_people_vnd": int,  # Nhân dân (planned; received is summed from contributions)
            "status": str,  # chuan_bi | dang_thi_cong | hoan_thanh
            "start_date": str,
            "completed_date": str,
            "meeting_ref": str,  # the community meeting that approved the contributions (Luật THDCCS Điều 15)
            "meeting_date": str,
            "note": str,
        },
        defaults={"budget_state_vnd": 0, "budget_social_vnd": 0, "budget_people_vnd": 0},
        not_null={"uuid", "name", "sort_key", "search", "kind", "status"},
    )
    db["works"].create_index(["completed_date"])
    db["work_groups"].create(
        {"work_id": int, "group_id": int},
        pk=("work_id", "group_id"),
        foreign_keys=[("work_id", "works", "id"), ("group_id", "groups", "id")],
    )
    db["work_groups"].create_index(["group_id"])

    _create(
        db,
        "rates",
        {
            "kind": str,  # contribution kind this rate converts
            "unit": str,  # "m²", "ngày công", "tấn"…
            "land_type": str,  # for land: ODT/ONT/CLN… (NULL: any)
            "name": str,
            "price_vnd": int,  # đồng per unit
            "effective_date": str,
            "legal_basis": str,  # "QĐ 12/2025/QĐ-UBND ngày … của UBND tỉnh …"
            "note": str,
        },
        not_null={"uuid", "kind", "unit", "price_vnd", "effective_date"},
    )

    _create(
        db,
        "contributions",
        {
            "contributor_id": int,
            "group_id": int,
            "work_id": int,
            "date": str,
            "kind": str,  # land | money | materials | labour | assets | other
            "quantity": float,
            "unit": str,
            "value_vnd": int,  # giá trị quy đổi, integer đồng
            "value_entered": int,  # 1: typed by the clerk; 0: computed from the rate
            "rate_id": int,
            "status": str,  # pledged | received
            "description": str,
            "land_map_sheet": str,  # tờ bản đồ
            "land_parcel": str,  # thửa đất
            "land_type": str,  # loại đất
            "land_structures": str,  # vật kiến trúc, cây cối tự tháo dỡ
            "land_handover": str,  # pledged | handed_over | cadastral_updated
            "evidence_no": str,  # biên bản số
            "evidence_date": str,
            "note": str,
        },
        foreign_keys=[
            ("contributor_id", "contributors", "id"),
            ("group_id", "groups", "id"),
            ("work_id", "works", "id"),
            ("rate_id", "rates", "id"),
        ],
        defaults={"value_entered": 0, "status": "received"},
        not_null={"uuid", "contributor_id", "group_id", "date", "kind", "quantity", "value_vnd", "status"},
    )
    # The Đóng góp list (newest first, with its total) reads only this index: no sort and no
    # table lookups over 100,000 rows. Figures use it for their date range too.
    db["contributions"].create_index(["date", "id", "deleted_at", "value_vnd"])
    db["contributions"].create_index(["contributor_id"])
    db["contributions"].create_index(["group_id", "date"])
    db["contributions"].create_index(["work_id"])

    _create(
        db,
        "movements",
        {"name": str, "short_name": str, "legal_basis": str, "start_year": int, "end_year": int, "note": str},
        not_null={"uuid", "name"},
    )

    db["audit"].create(
        {
            "id": int,
            "at": str,
            "user": str,
            "action": str,  # create | update | delete | restore | setup | …
            "table_name": str,
            "record_id": int,
            "record_uuid": str,
            "summary": str,  # one Vietnamese sentence a clerk can read
            "before": str,  # JSON of the changed fields before
            "after": str,  # JSON after
        },
        pk="id",
    )
    db["audit"].create_index(["table_name", "record_id"])
    db["audit"].create_index(["at"])


@migrations()
def m0002_reports(db: Database) -> None:
    # One migration is one step of the schema: its tables stay together, however long.
    # Chỉ tiêu of the movement for a year, with the result typed or computed from a figure of §5.3.
    _create(
        db,
        "targets",
        {
            "movement_id": int,
            "year": int,
            "name": str,  # "Số hộ gia đình hiến đất"
            "unit_label": str,  # "hộ", "m²", "đồng", "%"
            "target_value": float,
            "source": str,  # a figures key (households_land, land_m2…) or NULL: the result is typed
            "result_value": float,  # the typed result when source is NULL
            "sort_order": int,
            "note": str,
        },
        foreign_keys=[("movement_id", "movements", "id")],
        defaults={"sort_order": 0},
        not_null={"uuid", "year", "name", "target_value"},
    )
    db["targets"].create_index(["year", "sort_order"])

    # The report being written for a period: only the sections the clerk has edited are kept;
    # the others are generated from the live figures each time.
    _create(
        db,
        "report_drafts",
        {
            "period_code": str,
            "sections": str,  # JSON {section key: text}
            "recipients": str,  # JSON list: Kính gửi
            "cc": str,  # JSON list: Nơi nhận
            "report_date": str,  # ISO date printed in the header
        },
        not_null={"uuid", "period_code"},
    )
    db["report_drafts"].create_index(["period_code"], unique=True)

    # Issued documents (BC, TTr, QĐ, BB…): number per year and kind, frozen content and PDF.
    _create(
        db,
        "documents",
        {
            "kind": str,  # BC | TTr | QĐ | BB
            "year": int,
            "number": int,
            "symbol": str,  # "05/BC-UBND"
            "doc_date": str,
            "period_code": str,
            "period_start": str,
            "period_end": str,
            "title": str,
            "version": int,  # 1, 2… for a report that supersedes an earlier one of the same period
            "supersedes_id": int,
            "status": str,  # issued | superseded
            "figures": str,  # JSON: the summary frozen at issue
            "content": str,  # JSON: narrative, targets, recipients… frozen at issue
            "signer_name": str,
            "pdf": bytes,
            "sha256": str,
            "issued_by": str,
        },
        foreign_keys=[("supersedes_id", "documents", "id")],
        defaults={"version": 1, "status": "issued"},
        not_null={"uuid", "kind", "year", "number", "symbol", "doc_date", "status", "sha256"},
    )
    # Numbers never repeat within a year's register.
    db["documents"].create_index(["year", "kind", "number"], unique=True)
    db["documents"].create_index(["period_code", "kind"])

    # Contributions dated inside an issued period are locked until the clerk unlocks with a reason.
    _create(
        db,
        "period_locks",
        {
            "start": str,
            "end": str,
            "document_id": int,
            "unlocked_at": str,
            "unlocked_by": str,
            "unlock_reason": str,
        },
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"uuid", "start", "end"},
    )


@migrations()
def m0003_exchange(db: Database) -> None:
    # The ward's own Ed25519 key for signing handoff files (DESIGN §5.5).
    _create(db, "signing_keys", {"private_key": str, "public_key": str, "fingerprint": str},
            not_null={"uuid", "private_key", "public_key", "fingerprint"})

    # Upper level: the wards it consolidates, each with the public key it registered once.
    _create(db, "wards", {"code": str, "name": str, "province": str, "public_key": str, "fingerprint": str,
                          "note": str},
            not_null={"uuid", "code", "name", "public_key", "fingerprint"})
    db["wards"].create_index(["code"])

    # Each imported handoff file; a newer file of the same ward and period supersedes (history kept).
    _create(
        db,
        "packages",
        {
            "ward_id": int,
            "period_code": str,
            "period_start": str,
            "period_end": str,
            "created_src": str,  # when the ward made the file (orders versions)
            "file_sha256": str,
            "file_name": str,
            "manifest": str,  # JSON as received
            "totals": str,  # JSON: §5.3 totals recomputed from the file's own records
            "by_group": str,  # JSON
            "report_symbol": str,
            "status": str,  # current | superseded
            "superseded_by_id": int,
            "imported_by": str,
        },
        foreign_keys=[("ward_id", "wards", "id"), ("superseded_by_id", "packages", "id")],
        not_null={"uuid", "ward_id", "period_code", "file_sha256", "status"},
    )
    db["packages"].create_index(["ward_id", "period_code", "status"])
    db["packages"].create_index(["period_code", "status"])

    # The records of each file, kept as received (by UUID), for lists and later re-counting.
    fk = [("package_id", "packages", "id")]
    db["recv_groups"].create({"package_id": int, "uuid": str, "name": str, "households": int, "population": int},
                             foreign_keys=fk)
    db["recv_works"].create({"package_id": int, "uuid": str, "name": str, "kind": str, "status": str,
                             "length_m": float, "completed_date": str}, foreign_keys=fk)
    db["recv_work_groups"].create({"package_id": int, "work_uuid": str, "group_uuid": str}, foreign_keys=fk)
    db["recv_contributors"].create({"package_id": int, "uuid": str, "name": str, "kind": str, "group_uuid": str,
                                    "address": str}, foreign_keys=fk)
    db["recv_contributions"].create({"package_id": int, "uuid": str, "contributor_uuid": str, "group_uuid": str,
                                     "work_uuid": str, "date": str, "kind": str, "quantity": float, "unit": str,
                                     "value_vnd": int, "status": str}, foreign_keys=fk)
    for table in ("recv_groups", "recv_works", "recv_work_groups", "recv_contributors", "recv_contributions"):
        db[table].create_index(["package_id"])


# The default catalogue of award forms and titles after 01/7/2025 (reference/domain.md §2.2–2.6). Each province's
# regulation differs, so these are only a starting point the clerk edits (Cài đặt → Danh mục khen thưởng). One row
# per subject group where the prize multiplier differs (a household gets 1.5 × an individual's amount).
_WARD_DECIDER = "Chủ tịch UBND phường"
_PROVINCE_DECIDER = "Chủ tịch UBND tỉnh"
_WARD_CERT = "Giấy khen của Chủ tịch Ủy ban nhân dân phường"
_PROVINCE_CERT = "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
_VERIFY = "Hệ số cần đối chiếu Điều 53–54 Nghị định 152/2025/NĐ-CP."
DEFAULT_AWARD_KINDS: tuple[dict, ...] = (
    {"name": _WARD_CERT, "form": "hinh_thuc", "subjects": ["ho"],
     "decided_by": _WARD_DECIDER, "level": "ward", "multiplier": 0.45,
     "note": "Hộ gia đình: 1,5 lần mức của cá nhân (0,3). " + _VERIFY},
    {"name": _WARD_CERT, "form": "hinh_thuc", "subjects": ["ca_nhan"],
     "decided_by": _WARD_DECIDER, "level": "ward", "multiplier": 0.3, "note": _VERIFY},
    {"name": _WARD_CERT, "form": "hinh_thuc", "subjects": ["tap_the", "to_dan_pho"],
     "decided_by": _WARD_DECIDER, "level": "ward", "multiplier": 0.6,
     "note": "Giấy khen các cấp cho tập thể: 0,6 lần (Điều 54 Nghị định 152/2025/NĐ-CP)."},
    {"name": "Lao động tiên tiến", "form": "danh_hieu", "subjects": ["ca_nhan"], "decided_by": _WARD_DECIDER,
     "level": "ward", "multiplier": 0.3, "note": "Điều 50 Nghị định 152/2025/NĐ-CP."},
    {"name": "Tập thể lao động tiên tiến", "form": "danh_hieu", "subjects": ["tap_the"], "decided_by": _WARD_DECIDER,
     "level": "ward", "multiplier": 0.8, "note": "Điều 50 Nghị định 152/2025/NĐ-CP."},
    {"name": "Chiến sĩ thi đua cơ sở", "form": "danh_hieu", "subjects": ["ca_nhan"], "decided_by": _WARD_DECIDER,
     "level": "ward", "multiplier": 1.0, "note": "Điều 50 Nghị định 152/2025/NĐ-CP."},
    {"name": "Gia đình văn hóa", "form": "danh_hieu", "subjects": ["ho"], "decided_by": _WARD_DECIDER,
     "level": "ward", "multiplier": 0.0,
     "note": "Tiêu chuẩn theo Nghị định 86/2023/NĐ-CP; tiền thưởng theo quy định của tỉnh (nhập hệ số nếu có)."},
    {"name": "Tổ dân phố văn hóa", "form": "danh_hieu", "subjects": ["to_dan_pho"], "decided_by": _WARD_DECIDER,
     "level": "ward", "multiplier": 1.5, "note": "Thôn, tổ dân phố văn hóa: 1,5 lần (Nghị định 152/2025/NĐ-CP)."},
    {"name": _PROVINCE_CERT, "form": "hinh_thuc", "subjects": ["ho"],
     "decided_by": _PROVINCE_DECIDER, "level": "upper", "multiplier": 1.5,
     "note": "Hộ gia đình: 1,5 lần mức của cá nhân. " + _VERIFY},
    {"name": _PROVINCE_CERT, "form": "hinh_thuc", "subjects": ["ca_nhan"],
     "decided_by": _PROVINCE_DECIDER, "level": "upper", "multiplier": 1.0, "note": _VERIFY},
    {"name": _PROVINCE_CERT, "form": "hinh_thuc", "subjects": ["tap_the", "to_dan_pho"],
     "decided_by": _PROVINCE_DECIDER, "level": "upper", "multiplier": 3.0,
     "note": "Bằng khen bộ, tỉnh cho tập thể: 3 lần (Điều 54 Nghị định 152/2025/NĐ-CP)."},
    {"name": "Bằng khen của Thủ tướng Chính phủ", "form": "hinh_thuc", "subjects": ["ho", "ca_nhan"],
     "decided_by": "Thủ tướng Chính phủ", "level": "upper", "multiplier": 2.5,
     "note": "Trình qua UBND tỉnh. " + _VERIFY},
    {"name": "Bằng khen của Thủ tướng Chính phủ", "form": "hinh_thuc", "subjects": ["tap_the", "to_dan_pho"],
     "decided_by": "Thủ tướng Chính phủ", "level": "upper", "multiplier": 7.0,
     "note": "Trình qua UBND tỉnh; tập thể 7 lần (Điều 54 Nghị định 152/2025/NĐ-CP)."},
    {"name": "Huân chương Lao động hạng Ba", "form": "hinh_thuc", "subjects": ["ca_nhan", "tap_the"],
     "decided_by": "Chủ tịch nước", "level": "upper", "multiplier": 4.5,
     "note": "Trình qua UBND tỉnh và Thủ tướng Chính phủ. " + _VERIFY},
)


@migrations()
def m0004_awards(db: Database) -> None:
    # One migration is one step of the schema: its tables stay together, however long.
    import json
    import uuid
    from datetime import datetime

    # Settings of the ward that are not part of its identity (the `unit` row): the base salary the prizes are
    # multiplied by, the certificate offsets, the căn cứ lines… A key/value table, so a new setting needs no
    # migration; each change is audited by the service that writes it.
    db["settings"].create({"key": str, "value": str, "updated_at": str}, pk="key")

    # Catalogue: award forms (hình thức) and titles (danh hiệu), who decides them, for whom, the prize multiplier
    # of the base salary and the thresholds that make the Gợi ý list (empty: no suggestion by that form).
    _create(
        db,
        "award_kinds",
        {
            "name": str,
            "form": str,  # danh_hieu | hinh_thuc
            "subjects": str,  # JSON list of ho | ca_nhan | tap_the | to_dan_pho
            "decided_by": str,  # "Chủ tịch UBND phường"
            "level": str,  # ward (the ward's own decision) | upper (proposed upward)
            "multiplier": float,  # prize = multiplier × base salary
            "threshold_vnd": int,
            "threshold_m2": float,
            "sort_order": int,
            "active": int,
            "note": str,
        },
        defaults={"active": 1, "sort_order": 0, "multiplier": 0.0},
        not_null={"uuid", "name", "form", "subjects", "decided_by", "level"},
    )

    # A meeting of the Hội đồng Thi đua - Khen thưởng that voted on proposals (its Biên bản once issued).
    _create(
        db,
        "council_meetings",
        {
            "period_code": str,
            "date": str,
            "start_time": str,  # "14 giờ 00"
            "end_time": str,
            "place": str,
            "chair": str,  # chủ tọa
            "secretary": str,  # thư ký
            "members_total": int,
            "members_present": int,
            "attendees": str,  # one member a line
            "conclusion": str,
            "document_id": int,  # the issued Biên bản
        },
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"uuid", "date", "members_total", "members_present"},
    )
    db["council_meetings"].create_index(["period_code"])

    # One proposal (đề nghị khen thưởng) of one nominee for one award, in a period of a movement.
    _create(
        db,
        "proposals",
        {
            "movement_id": int,
            "period_code": str,
            "period_start": str,  # bounds of the period, so the figures of a longer period count it
            "period_end": str,
            "award_kind_id": int,
            "subject": str,  # ho | ca_nhan | tap_the | to_dan_pho
            "contributor_id": int,
            "group_id": int,
            "nominee_name": str,
            "address": str,
            "achievement": str,  # drafted from the contributions, edited by the clerk
            "value_vnd": int,  # entered when no contribution is linked; else the linked sum
            "land_m2": float,
            "status": str,  # du_thao | da_xet | quyet_dinh | trinh_cap_tren | duoc_khen | khong_duoc_khen | tra_lai
            "meeting_id": int,
            "votes_for": int,
            "decision_no": str,  # the ward's Quyết định, or the upper level's
            "decision_date": str,
            "decision_doc_id": int,
            "submission_no": str,  # the Tờ trình sent upward
            "submission_date": str,
            "submission_doc_id": int,
            "book_no": str,  # số sổ vàng printed on the certificate
            "outcome_reason": str,
            "note": str,
        },
        foreign_keys=[
            ("movement_id", "movements", "id"),
            ("award_kind_id", "award_kinds", "id"),
            ("contributor_id", "contributors", "id"),
            ("group_id", "groups", "id"),
            ("meeting_id", "council_meetings", "id"),
            ("decision_doc_id", "documents", "id"),
            ("submission_doc_id", "documents", "id"),
        ],
        defaults={"status": "du_thao", "value_vnd": 0, "land_m2": 0.0},
        not_null={"uuid", "period_code", "award_kind_id", "subject", "nominee_name", "status"},
    )
    db["proposals"].create_index(["period_code", "status"])
    db["proposals"].create_index(["contributor_id"])
    db["proposals"].create_index(["period_start", "period_end"])

    db["proposal_contributions"].create(
        {"proposal_id": int, "contribution_id": int},
        pk=("proposal_id", "contribution_id"),
        foreign_keys=[("proposal_id", "proposals", "id"), ("contribution_id", "contributions", "id")],
    )
    db["proposal_contributions"].create_index(["contribution_id"])

    # Every status change: who, when, from, to, why, and what came with it (meeting, votes, number, date).
    db["proposal_events"].create(
        {
            "id": int,
            "proposal_id": int,
            "at": str,
            "user": str,
            "from_status": str,
            "to_status": str,
            "reason": str,
            "detail": str,  # JSON
        },
        pk="id",
        foreign_keys=[("proposal_id", "proposals", "id")],
    )
    db["proposal_events"].create_index(["proposal_id"])

    now = datetime.now().astimezone().isoformat(timespec="seconds")
    db["award_kinds"].insert_all(
        {**{k: v for k, v in kind.items() if k != "subjects"}, "subjects": json.dumps(kind["subjects"]),
         "sort_order": (i + 1) * 10, "active": 1, "uuid": str(uuid.uuid4()), "created_at": now, "updated_at": now}
        for i, kind in enumerate(DEFAULT_AWARD_KINDS)
    )
    # Mức lương cơ sở since 01/7/2024 (Nghị định 73/2024/NĐ-CP); a later change is expected.
    db["settings"].insert({"key": "base_salary_vnd", "value": "2340000", "updated_at": now})


@migrations()
def m0005_list_indexes(db: Database) -> None:
    # Every Đóng góp list query (search, the filters by tổ, hình thức, trạng thái, công trình,
    # người) scans this one index newest-first and stops at the first page: no table lookups
    # over 100,000 rows. It replaces the narrower list index of m0001.
    db["contributions"].create_index(
        ["date", "id", "deleted_at", "value_vnd", "contributor_id", "work_id", "group_id", "kind", "status"],
        index_name="idx_contributions_list")
    db.execute("DROP INDEX IF EXISTS idx_contributions_date_id_deleted_at_value_vnd")
    # Searching biên bản numbers reads this small index instead of every contribution row.
    db.execute("CREATE INDEX idx_contributions_evidence ON contributions(evidence_no) WHERE evidence_no IS NOT NULL")


@migrations()
def m0006_council_upward(db: Database) -> None:
    # One migration is one step of the schema: its tables stay together, however long.
    # The Hội đồng Thi đua - Khen thưởng of a year: its members (Luật Thi đua, khen thưởng 2022 Điều 89; the
    # council is re-established by decision, so the list is kept per year).
    _create(
        db,
        "council_members",
        {
            "year": int,
            "name": str,
            "position": str,  # chức vụ: "Phó Chủ tịch UBND phường"
            "role": str,  # chu_tich | pho_chu_tich | thuong_truc | uy_vien
            "sort_order": int,
            "note": str,
        },
        defaults={"sort_order": 0},
        not_null={"uuid", "year", "name", "role"},
    )
    db["council_members"].create_index(["year", "sort_order"])

    # Who attended a meeting, frozen as it was (name, position, role copied from the member list).
    # presence: present | absent | written (absent, sent a written vote where the setting allows it).
    db["meeting_members"].create(
        {"id": int, "meeting_id": int, "member_id": int, "name": str, "position": str, "role": str,
         "presence": str, "sort_order": int},
        pk="id",
        foreign_keys=[("meeting_id", "council_meetings", "id"), ("member_id", "council_members", "id")],
        not_null={"meeting_id", "name", "presence"},
    )
    db["meeting_members"].create_index(["meeting_id"])

    # Of a proposal's votes_for, how many were written votes of absent members; and the achievement
    # figures (JSON) as they were when the achievement text was written, so a later change is visible.
    db["proposals"].add_column("votes_written", int)
    db["proposals"].add_column("figures_snapshot", str)

    # Upper level: the proposals a ward sent upward in its handoff file, as received (by UUID), with their
    # achievement figures (JSON) and the names of the dossier PDFs in recv_files.
    fk = [("package_id", "packages", "id")]
    db["recv_proposals"].create(
        {"package_id": int, "uuid": str, "nominee_name": str, "subject": str, "kind_name": str, "decided_by": str,
         "group_name": str, "address": str, "achievement": str, "value_vnd": int, "land_m2": float,
         "figures": str, "status": str, "votes_for": int, "members_total": int, "meeting_date": str,
         "submission_no": str, "submission_date": str, "record": str},
        foreign_keys=fk)
    db["recv_proposals"].create_index(["package_id"])
    db["recv_files"].create(
        {"package_id": int, "proposal_uuid": str, "name": str, "sha256": str, "data": bytes}, foreign_keys=fk)
    db["recv_files"].create_index(["package_id"])

    # The upper level's own outcome for a ward's proposal, keyed by the proposal's UUID so that it outlives a
    # newer handoff file of the same period. status: dang_xet | duoc_khen | khong_duoc_khen | tra_lai.
    _create(
        db,
        "upper_outcomes",
        {"ward_id": int, "proposal_uuid": str, "status": str, "decision_no": str, "decision_date": str,
         "reason": str},
        foreign_keys=[("ward_id", "wards", "id")],
        not_null={"uuid", "proposal_uuid", "status"},
    )
    db["upper_outcomes"].create_index(["proposal_uuid"], unique=True)


@migrations()
def m0007_one_current_package(db: Database) -> None:
    import json
    from datetime import datetime

    # Upper level: the ward's own export number of a handoff file (per ward and period, in the signed
    # manifest) orders its versions, whatever the ward PC's clock said; NULL for a file made before it.
    db["packages"].add_column("sequence", int)
    db.execute("UPDATE packages SET sequence = json_extract(manifest, '$.sequence') "
               "WHERE json_valid(manifest) AND json_type(manifest, '$.sequence') = 'integer'")
    # Two imports that raced before the decision moved inside the write transaction may have left two current
    # packages of one ward and period. Keep the newest (higher number; without numbers, the later creation time;
    # then the later import), mark the others superseded by it, with an audit row each, then forbid it for good.
    doubled = db.execute(
        "SELECT ward_id, period_code FROM packages WHERE status = 'current' AND deleted_at IS NULL "
        "GROUP BY ward_id, period_code HAVING count(*) > 1").fetchall()
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    for ward_id, period_code in doubled:
        rows = db.execute(
            "SELECT id, uuid, sequence, coalesce(created_src, ''), file_name FROM packages WHERE ward_id = ? "
            "AND period_code = ? AND status = 'current' AND deleted_at IS NULL", [ward_id, period_code]).fetchall()
        rows.sort(key=lambda r: (r[2] is not None, r[2] or 0, r[3], r[0]))
        keep = rows[-1]
        for row in rows[:-1]:
            db.execute("UPDATE packages SET status = 'superseded', superseded_by_id = ?, updated_at = ? WHERE id = ?",
                       [keep[0], now, row[0]])
            db.execute(
                "INSERT INTO audit (at, user, action, table_name, record_id, record_uuid, summary, before, after) "
                "VALUES (?, 'nâng cấp sổ', 'update', 'packages', ?, ?, ?, ?, ?)",
                [now, row[0], row[1],
                 f"Sửa sổ khi nâng cấp: kỳ {period_code} có hai tệp cùng đang dùng; tệp {row[4]} (mã {row[0]}) "
                 f"được thay bằng tệp {keep[4]} (mã {keep[0]}), bản mới hơn",
                 json.dumps({"status": "current"}), json.dumps({"status": "superseded", "superseded_by_id": keep[0]})])
    db.execute("CREATE UNIQUE INDEX idx_packages_one_current ON packages(ward_id, period_code) "
               "WHERE status = 'current' AND deleted_at IS NULL")


@migrations()
def m0008_round_and_upper(db: Database) -> None:
    # One migration is one step of the schema: its tables stay together, however long.
    # The ward's reporting round (seed 000 §VI: "Định kỳ 6 tháng, hàng năm, cán bộ, công chức chuyên môn UBND
    # phường; Mặt trận, các Hội đoàn thể phường; các Tổ dân phố báo cáo ... về UBND phường"): who must report.
    # kind: to_dan_pho | cong_chuc | mat_tran | doan_the; field (công chức only): the indicators' field key of
    # resources/rules/chi-tieu-phong-trao.json; group_id for a tổ dân phố (its register row). History: audit.
    _create(
        db,
        "reporting_units",
        {"kind": str, "name": str, "field": str, "group_id": int, "contact_name": str, "contact_phone": str,
         "active": int, "sort_order": int, "note": str},
        foreign_keys=[("group_id", "groups", "id")],
        defaults={"active": 1, "sort_order": 0},
        not_null={"uuid", "kind", "name"},
    )
    # The deadlines of a period: the one this ledger sets for those who report to it (a ward for its units, the
    # upper level for its wards) and the one the level above set for this ledger, shown beside it.
    _create(db, "round_deadlines", {"period_code": str, "own_deadline": str, "upper_deadline": str, "note": str},
            not_null={"uuid", "period_code"})
    db.execute("CREATE UNIQUE INDEX idx_round_deadlines_period ON round_deadlines(period_code) "
               "WHERE deleted_at IS NULL")
    # What a unit reported for a period: figures (JSON {indicator code: number}) and text (JSON {report section
    # key: text}); source: xlsx | docx | screen. A later report of the same unit and period supersedes.
    _create(
        db,
        "unit_reports",
        {"unit_id": int, "period_code": str, "received_on": str, "source": str, "file_name": str,
         "file_sha256": str, "figures": str, "texts": str, "status": str, "superseded_by_id": int,
         "entered_by": str, "note": str},
        foreign_keys=[("unit_id", "reporting_units", "id"), ("superseded_by_id", "unit_reports", "id")],
        defaults={"status": "current"},
        not_null={"uuid", "unit_id", "period_code", "received_on", "source", "status"},
    )
    db.execute("CREATE UNIQUE INDEX idx_unit_reports_one_current ON unit_reports(unit_id, period_code) "
               "WHERE status = 'current' AND deleted_at IS NULL")
    db["unit_reports"].create_index(["period_code", "status"])
    # The movement's other criteria: one value per indicator and period (codes of chi-tieu-phong-trao.json).
    # source_kind: typed | unit_report | computed; source_unit_id: who reported it.
    _create(
        db,
        "indicator_values",
        {"period_code": str, "code": str, "value": float, "source_kind": str, "source_unit_id": int,
         "note": str},
        foreign_keys=[("source_unit_id", "reporting_units", "id")],
        not_null={"uuid", "period_code", "code", "source_kind"},
    )
    db.execute("CREATE UNIQUE INDEX idx_indicator_values_one ON indicator_values(period_code, code) "
               "WHERE deleted_at IS NULL")
    # Công khai thu – chi (Luật Thực hiện dân chủ ở cơ sở 2022, Điều 11): what was spent of the money
    # mobilised for a work — item, amount, date and the document (chứng từ) it is entered from.
    _create(
        db,
        "work_spending",
        {"work_id": int, "item": str, "amount_vnd": int, "spent_on": str, "document": str, "note": str},
        foreign_keys=[("work_id", "works", "id")],
        not_null={"uuid", "work_id", "item", "amount_vnd", "spent_on"},
    )
    db["work_spending"].create_index(["work_id"])

    # Upper level: a ward's register row beyond its key — kind (phuong | xa | dac_khu), contact, and the first
    # period it reports (the reception board starts there). A ward listed before its key arrives has
    # public_key = fingerprint = '' (the columns are NOT NULL since m0003).
    for column in ("kind", "contact_name", "contact_phone", "joined_period"):
        db["wards"].add_column(column, str)
    # Every key a ward has had: a lost key is replaced (the upper level registers the new public key, with a
    # reason); files signed by an older key stay readable and are named as signed by it.
    _create(
        db,
        "ward_keys",
        {"ward_id": int, "public_key": str, "fingerprint": str, "registered_at": str, "replaced_at": str,
         "reason": str},
        foreign_keys=[("ward_id", "wards", "id")],
        not_null={"uuid", "ward_id", "public_key", "fingerprint", "registered_at"},
    )
    db["ward_keys"].create_index(["ward_id"])
    import uuid

    for ward_id, public_key, fingerprint, created_at, updated_at in db.execute(
            "SELECT id, public_key, fingerprint, created_at, updated_at FROM wards "
            "WHERE public_key <> '' AND deleted_at IS NULL").fetchall():
        db["ward_keys"].insert({"uuid": str(uuid.uuid4()), "ward_id": ward_id, "public_key": public_key,
                                "fingerprint": fingerprint, "registered_at": created_at or "",
                                "created_at": created_at, "updated_at": updated_at})
    # The records of a handoff file beyond contributions: the funding split of each work, and the indicators.
    for column in ("budget_state_vnd", "budget_social_vnd", "budget_people_vnd"):
        db["recv_works"].add_column(column, int)
    db["recv_indicators"].create(
        {"package_id": int, "code": str, "name": str, "unit": str, "value": float, "source": str},
        foreign_keys=[("package_id", "packages", "id")])
    db["recv_indicators"].create_index(["package_id"])
