"""Bảng công khai: the text of the PDF (group, period, every contributor, the total of the figures) and no
personal numbers (CCCD, phone) anywhere in it."""

from __future__ import annotations

import re
import unicodedata

import pypdfium2 as pdfium
import pytest

from db.connection import Ledger
from desktop.core.figures import figures
from desktop.core.ledger import contributions, contributors, groups, periods, records
from desktop.core.report import notice

H1 = periods.parse("2026-H1")


def _text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    pages = [unicodedata.normalize("NFC", pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    return " ".join(" ".join(p.split()) for p in pages)


@pytest.fixture
def busy_group(demo_ledger: Ledger) -> tuple[int, str]:
    """The demo group with the most contributors in 2026-H1, every one of them with a phone and a CCCD."""
    gid, name = demo_ledger.conn.execute(
        "SELECT g.id, g.name FROM groups g JOIN contributions c ON c.group_id = g.id WHERE c.status = 'received' "
        "AND c.deleted_at IS NULL AND c.date BETWEEN ? AND ? GROUP BY g.id ORDER BY count(*) DESC LIMIT 1",
        [H1.start, H1.end]).fetchone()
    with demo_ledger.transaction():
        for i, (cid,) in enumerate(demo_ledger.conn.execute("SELECT id FROM contributors").fetchall()):
            demo_ledger.conn.execute("UPDATE contributors SET phone = ?, cccd = ? WHERE id = ?",
                                     [f"0905{i:06d}", f"0510{i:08d}", cid])
    return gid, name


def test_notice_text(demo_ledger: Ledger, busy_group: tuple[int, str]) -> None:
    gid, name = busy_group
    text = _text(notice.render(demo_ledger, H1, gid))
    for expected in ("BẢNG CÔNG KHAI", "Danh sách hộ gia đình, cá nhân đóng góp xây dựng kết cấu hạ tầng",
                     "6 tháng đầu năm 2026", name, "Luật Thực hiện dân chủ ở cơ sở năm 2022", "Điều 15",
                     "Niêm yết tại nhà văn hóa", "TỔ TRƯỞNG", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Hùng"):
        assert expected in text, expected
    leader = records.get(demo_ledger, "groups", gid)["leader"]
    assert leader in text
    # Every contributor of the group in the period, and no one from another group.
    names = [r[0] for r in demo_ledger.conn.execute(
        "SELECT DISTINCT p.name FROM contributions c JOIN contributors p ON p.id = c.contributor_id "
        "WHERE c.group_id = ? AND c.status = 'received' AND c.deleted_at IS NULL AND c.date BETWEEN ? AND ?",
        [gid, H1.start, H1.end])]
    assert len(names) > 5
    for person in names:
        assert person in text, person
    # The total is the group's figure of §5.3, formatted "1.234.567".
    row = next(r for r in figures.by_group(demo_ledger, H1) if r["group"] == name)
    total = figures.format_value("total_value_vnd", row["total_value_vnd"])
    assert re.search(r"\d{1,3}(\.\d{3})+", total)
    assert f"Tổng cộng {total}" in text
    assert sum(r["value_vnd"] for r in notice.contributions(demo_ledger, H1, gid)) == row["total_value_vnd"]


def test_no_phone_or_cccd_ever(demo_ledger: Ledger, busy_group: tuple[int, str]) -> None:
    gid, _name = busy_group
    text = _text(notice.render(demo_ledger, H1, gid))
    digits = re.sub(r"\D", "", text)
    for phone, cccd in demo_ledger.conn.execute(
            "SELECT DISTINCT p.phone, p.cccd FROM contributions c JOIN contributors p ON p.id = c.contributor_id "
            "WHERE c.group_id = ?", [gid]):
        assert phone not in text and cccd not in text
        assert phone not in digits and cccd not in digits  # not even split across a line
    assert not re.search(r"\b0\d{9}\b|\b\d{12}\b", text)
    # The query behind the rows does not even read those columns.
    assert "phone" not in notice._ROWS_SQL and "cccd" not in notice._ROWS_SQL


def test_only_received_rows_of_the_group_in_the_period(demo_ledger: Ledger, busy_group: tuple[int, str]) -> None:
    gid, _name = busy_group
    other = demo_ledger.conn.execute("SELECT min(id) FROM groups WHERE id != ?", [gid]).fetchone()[0]

    def person(name: str, group: int) -> int:
        return contributors.add(demo_ledger, {"name": name, "kind": "ho", "group_id": group})

    contributions.add(demo_ledger, {"contributor_id": person("Người Chỉ Hứa", gid), "date": "01/03/2026",
                                    "kind": "money", "quantity": "1.000.000", "status": "pledged"})
    gone = contributions.add(demo_ledger, {"contributor_id": person("Người Đã Xóa", gid), "date": "01/03/2026",
                                           "kind": "money", "quantity": "1.000.000"})
    contributions.delete(demo_ledger, gone)
    contributions.add(demo_ledger, {"contributor_id": person("Người Tháng Bảy", gid), "date": "01/07/2026",
                                    "kind": "money", "quantity": "1.000.000"})
    # Given in this group by someone registered in another group: listed here, where it was given.
    contributions.add(demo_ledger, {"contributor_id": person("Người Tổ Khác", other), "group_id": gid,
                                    "date": "01/03/2026", "kind": "money", "quantity": "1.000.000"})
    rows = notice.contributions(demo_ledger, H1, gid)
    listed = {r["name"] for r in rows}
    assert "Người Tổ Khác" in listed
    assert not listed & {"Người Chỉ Hứa", "Người Đã Xóa", "Người Tháng Bảy"}
    row = next(r for r in figures.by_group(demo_ledger, H1) if r["group"] == _name)
    assert sum(r["value_vnd"] for r in rows) == row["total_value_vnd"]


def test_a_group_with_nothing_to_show(ledger: Ledger) -> None:
    gid = groups.add(ledger, {"name": "Tổ dân phố 9", "leader": "Lê Thị Mai", "households": "50"})
    text = _text(notice.render(ledger, H1, gid))
    assert "Tổ dân phố 9 chưa có khoản đóng góp nào được ghi nhận" in text
    assert "Lê Thị Mai" in text


def test_file_name_is_plain() -> None:
    assert notice.file_name("Tổ dân phố 3", H1) == "Cong-khai_To-Dan-Pho-3_2026-H1.pdf"


def test_the_summary_says_who_gave_and_names_only_what_was_given(ledger: Ledger) -> None:
    """Issue 16, fault 7 on the notice: the count says what it counts (hộ gia đình, cá nhân…) and equals the list;
    a kind nobody gave is not printed as "0,0 m² đất" or "0,0 ngày công"."""
    gid = groups.add(ledger, {"name": "Tổ dân phố 4", "leader": "Lê Thị Mai", "households": "80"})
    for name, kind in (("Nguyễn Văn Một", "ho"), ("Trần Văn Hai", "ho"), ("Lê Thị Ba", "ca_nhan")):
        cid = contributors.add(ledger, {"name": name, "kind": kind, "group_id": gid})
        contributions.add(ledger, {"contributor_id": cid, "date": "01/03/2026", "kind": "money",
                                   "quantity": "500.000"})
    text = _text(notice.render(ledger, H1, gid))
    assert "Có 3 người (2 hộ gia đình, 1 cá nhân) đóng góp; tổng giá trị quy đổi 1.500.000 đồng" in text
    assert "tiền mặt 1.500.000 đồng" in text
    assert "m² đất" not in text and "ngày công" not in text
