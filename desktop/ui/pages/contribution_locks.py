"""Contributions of an issued (locked) period in the GUI: the banner of their read-only dialog, and the refusal to
delete them, both naming the report that locked them and how to unlock."""

from __future__ import annotations

from typing import Any

from desktop.core.errors import UserError
from desktop.ui.list_page import ListPage
from desktop.ui.messages import show_error
from desktop.ui.table_model import lock_text

HOW_TO_UNLOCK = ("Muốn sửa: vào trang Báo cáo, chọn kỳ này, bấm “Mở khóa kỳ…” và ghi lý do (lý do được ghi vào "
                 "Lịch sử thay đổi); sửa xong thì ban hành báo cáo thay thế.")


def locked_message(lock: dict[str, Any]) -> str:
    """The banner of a contribution in a locked period: which report locked it, and how to unlock."""
    return (f"{lock_text(lock)} Khoản đóng góp này chỉ xem được, không sửa hay xóa được, để số liệu trong sổ "
            f"luôn khớp với báo cáo đã gửi.\n{HOW_TO_UNLOCK}")


def refuse_locked_rows(page: ListPage) -> bool:
    """When a selected row carries the padlock, say so (which report, how to unlock) and return True: nothing is
    sent to the database, so nothing is deleted and no refusal is logged."""
    rows = sorted({i.row() for i in page.table.selectionModel().selectedRows()})
    locked = [lock for r in rows if (lock := page.model.lock_of(r))]
    if not locked:
        return False
    many = f"{len(locked)} trong {len(rows)} dòng đã chọn" if len(rows) > 1 else "Dòng đã chọn"
    show_error(page, UserError(f"{many} thuộc kỳ đã khóa, không xóa được. {lock_text(locked[0])}\n{HOW_TO_UNLOCK}"))
    return True
