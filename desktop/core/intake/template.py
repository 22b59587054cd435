"""The intake workbook a ward gives its tổ trưởng (DESIGN §5.4).

Sheets: "Hướng dẫn" (how to fill it in, in plain Vietnamese), "Tổ dân phố", "Công trình",
"Đóng góp", and a hidden "Danh mục" holding the drop-down lists. Each data sheet has a title,
a bold frozen header with the exact texts of §5.4, one example row (grey italic, first cell
"Ví dụ…", which the importer skips) and drop-down lists on the columns with fixed words.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from db.connection import Ledger
from desktop.core.errors import UserError
from desktop.core.files.xlsx_export import save_workbook
from desktop.core.intake.spec import (
    CONTRIBUTIONS,
    DATE_FORMAT,
    EXAMPLE_MARK,
    GROUPS,
    INSTRUCTIONS_TITLE,
    LISTS_TITLE,
    UNIT_CODE_LABEL,
    UNIT_NAME_LABEL,
    WORKS,
    SheetSpec,
)
from desktop.core.ledger import setup
from desktop.core.ledger.vocab import (
    CONTRIBUTION_KINDS,
    CONTRIBUTION_STATUSES,
    CONTRIBUTOR_KINDS,
    LAND_TYPES,
    WORK_KINDS,
    WORK_STATUSES,
)

HEADER_ROW = 3  # row 1: title, row 2: a one-line reminder, row 3: the header
EXAMPLE_ROW = 4
LAST_ROW = 5000  # drop-down lists and formats reach this far

BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
NOTE_FONT = Font(italic=True, color="C00000")
EXAMPLE_FONT = Font(italic=True, color="808080")
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
THIN = Side(style="thin", color="999999")
BOX = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)


def write_template(ledger: Ledger, path: str | Path, group_id: int | None = None) -> None:
    """Write the intake workbook to `path` (safely: temporary name, fsync, rename). With
    `group_id`, the Tổ dân phố list offers only that group (a workbook for one tổ trưởng)."""
    unit = setup.get_unit(ledger)
    label = unit.get("group_label") or "Tổ dân phố"
    if group_id is not None:
        row = ledger.conn.execute("SELECT name FROM groups WHERE id = ? AND deleted_at IS NULL", [group_id]).fetchone()
        if row is None:
            raise UserError(f"Không có tổ dân phố mã {group_id} trong sổ.")
        group_names = [row[0]]
    else:
        group_names = [r[0] for r in ledger.conn.execute(
            "SELECT name FROM groups WHERE deleted_at IS NULL AND active = 1 ORDER BY sort_key")]
    work_names = [r[0] for r in ledger.conn.execute(
        "SELECT name FROM works WHERE deleted_at IS NULL AND status != 'hoan_thanh' ORDER BY sort_key")]

    wb = Workbook()
    _instructions(wb.active, unit, label, group_names if group_id is not None else None)
    lists = _lists_sheet(wb, group_names, work_names)
    example_group = group_names[0] if group_names else f"{label} 1"

    ws = _data_sheet(wb, GROUPS, f"DANH SÁCH {label.upper()} MỚI (chỉ khai tổ chưa có trong danh sách của phường)")
    _example(ws, GROUPS, {"name": f"{EXAMPLE_MARK}: {label} 15", "leader": "Nguyễn Văn Bình", "households": 215,
                          "population": 830})

    ws = _data_sheet(wb, WORKS, "DANH SÁCH CÔNG TRÌNH")
    _example(ws, WORKS, {
        "name": f"{EXAMPLE_MARK}: Đường bê tông hẻm 12 Trần Hưng Đạo", "kind": WORK_KINDS["hem"],
        "group": example_group, "length_m": 180, "width_before_m": 2.5, "width_after_m": 4,
        "budget_state_vnd": 350_000_000, "status": WORK_STATUSES["dang_thi_cong"],
        "start_date": dt.date(2026, 3, 2), "completed_date": None,
    })
    _drop_down(ws, WORKS, "kind", lists["kind"], "Loại công trình")
    _drop_down(ws, WORKS, "status", lists["status"], "Trạng thái")
    _drop_down(ws, WORKS, "group", lists["group"] or f"{quote_sheetname(GROUPS.title)}!$A${EXAMPLE_ROW + 1}:$A$500",
               label, strict=False)

    ws = _data_sheet(wb, CONTRIBUTIONS, f"DANH SÁCH ĐÓNG GÓP CỦA NHÂN DÂN — {unit['name']}")
    _example(ws, CONTRIBUTIONS, {
        "stt": EXAMPLE_MARK, "date": dt.date(2026, 3, 15), "group": example_group, "name": "Trần Văn Hùng",
        "contributor_kind": CONTRIBUTOR_KINDS["ho"], "address": "Số 25 hẻm 12 Trần Hưng Đạo",
        "work": "Đường bê tông hẻm 12 Trần Hưng Đạo", "kind": CONTRIBUTION_KINDS["land"], "quantity": 45.5,
        "unit": "m²", "value_vnd": None, "status": CONTRIBUTION_STATUSES["received"], "land_map_sheet": "12",
        "land_parcel": "245", "land_type": LAND_TYPES["ODT"], "evidence_no": "05/BB-TDP",
        "note": "Giá trị để trống: chương trình tự tính theo đơn giá của loại đất",
    })
    ws.cell(EXAMPLE_ROW, 1).comment = Comment(
        "Dòng ví dụ: chương trình bỏ qua dòng này khi nhập. Có thể xóa hoặc ghi đè lên.", "Sổ Thi đua")
    _drop_down(ws, CONTRIBUTIONS, "group", lists["group"] or f"{quote_sheetname(GROUPS.title)}!$A$5:$A$500",
               label, strict=False)
    _drop_down(ws, CONTRIBUTIONS, "contributor_kind", lists["contributor_kind"], "Đối tượng")
    _drop_down(ws, CONTRIBUTIONS, "kind", lists["contribution_kind"], "Hình thức")
    _drop_down(ws, CONTRIBUTIONS, "status", lists["contribution_status"], "Trạng thái")
    _drop_down(ws, CONTRIBUTIONS, "land_type", lists["land_type"], "Loại đất")
    if lists["work"]:
        _drop_down(ws, CONTRIBUTIONS, "work", lists["work"], "Công trình", strict=False)
    # The hidden lists go last; the workbook opens on the Đóng góp sheet, where the work is.
    wb.move_sheet(LISTS_TITLE, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_TITLE))
    wb.active = wb.sheetnames.index(CONTRIBUTIONS.title)
    save_workbook(wb, path)


def _data_sheet(wb: Workbook, spec: SheetSpec, title: str) -> Worksheet:
    ws = wb.create_sheet(spec.title)
    columns = [c for c in spec.columns if c.in_template]
    ws.cell(1, 1, title).font = TITLE_FONT
    ws.cell(2, 1, "Dòng chữ nghiêng màu xám là ví dụ — chương trình không nhập dòng đó. Nhập số liệu từ dòng "
                  f"{EXAMPLE_ROW + 1}. Xem trang \"{INSTRUCTIONS_TITLE}\".").font = NOTE_FONT
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(HEADER_ROW, i, col.header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        if col.number_format:
            # Formats for the rows a tổ trưởng will fill, so typed dates and amounts show the Vietnamese way.
            for r in range(EXAMPLE_ROW, EXAMPLE_ROW + 500):
                ws.cell(r, i).number_format = col.number_format
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    _fit_to_page_width(ws, landscape=True)
    return ws


def _fit_to_page_width(ws: Worksheet, landscape: bool) -> None:
    """Printed on A4, all columns on one page wide (as many pages tall as needed)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _example(ws: Worksheet, spec: SheetSpec, values: dict[str, Any]) -> None:
    columns = [c for c in spec.columns if c.in_template]
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(EXAMPLE_ROW, i, values.get(col.field))
        cell.font = EXAMPLE_FONT
        if isinstance(values.get(col.field), dt.date):
            cell.number_format = DATE_FORMAT


def _column_letter(spec: SheetSpec, field: str) -> str:
    columns = [c.field for c in spec.columns if c.in_template]
    return get_column_letter(columns.index(field) + 1)


def _drop_down(ws: Worksheet, spec: SheetSpec, field: str, source: str, label: str, strict: bool = True) -> None:
    """A drop-down list on a column. `strict`: other words are refused (fixed vocabularies);
    otherwise Excel only warns (a new tổ dân phố or công trình may be typed)."""
    # OOXML stores the formula without its leading "=" (as Excel writes it).
    dv = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False)
    dv.error = (f"Hãy chọn {label} trong danh sách." if strict else
                f"{label} này chưa có trong danh sách. Nếu là {label.lower()} mới, hãy khai ở trang riêng của nó.")
    dv.errorTitle = label
    dv.errorStyle = "stop" if strict else "warning"
    dv.prompt = f"Chọn {label} trong danh sách"
    dv.promptTitle = label
    letter = _column_letter(spec, field)
    dv.add(f"{letter}{EXAMPLE_ROW}:{letter}{LAST_ROW}")
    ws.add_data_validation(dv)


def _lists_sheet(wb: Workbook, group_names: list[str], work_names: list[str]) -> dict[str, str]:
    """The hidden "Danh mục" sheet: one list per column; returns each list's range reference."""
    ws = wb.create_sheet(LISTS_TITLE)
    ws.sheet_state = "hidden"
    columns = {
        "group": group_names,
        "contributor_kind": list(CONTRIBUTOR_KINDS.values()),
        "contribution_kind": list(CONTRIBUTION_KINDS.values()),
        "status": list(WORK_STATUSES.values()),
        "kind": list(WORK_KINDS.values()),
        "work": work_names,
        "contribution_status": list(CONTRIBUTION_STATUSES.values()),
        "land_type": list(LAND_TYPES.values()),
    }
    refs: dict[str, str] = {}
    for i, (key, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(i)
        ws.cell(1, i, key).font = BOLD
        for r, value in enumerate(values, start=2):
            ws.cell(r, i, value).data_type = "s"
        refs[key] = f"{quote_sheetname(LISTS_TITLE)}!${letter}$2:${letter}${len(values) + 1}" if values else ""
    return refs


def _instructions(ws: Worksheet, unit: dict[str, Any], label: str, only_group: list[str] | None) -> None:
    ws.title = INSTRUCTIONS_TITLE
    width = 75  # fits A4 portrait at 100 %, even where Calibri is replaced by a wider font
    ws.column_dimensions["A"].width = width
    _fit_to_page_width(ws, landscape=False)
    kinds = ", ".join(CONTRIBUTION_KINDS.values())
    people = ", ".join(CONTRIBUTOR_KINDS.values())
    lines: list[tuple[str, Font | None]] = [
        (f"MẪU NHẬP SỐ LIỆU ĐÓNG GÓP CỦA NHÂN DÂN — {unit['name'].upper()}", TITLE_FONT),
        ("Dùng để tổ trưởng gửi số liệu cho phường; cán bộ phường nhập tệp này vào chương trình Sổ Thi đua.", None),
        (f"Tệp này của {unit['name']}" + (f" (mã đơn vị {unit['code']})" if unit.get("code") else "")
         + ": chỉ nhập được vào sổ của đơn vị này. Trang hướng dẫn được khóa để không sửa nhầm.", None),
        ("", None),
        ("Tệp có 3 trang cần điền:", BOLD),
        (f"1. Trang \"{GROUPS.title}\": chỉ khai {label.lower()} MỚI, chưa có trong danh sách của phường "
         f"(tên {label.lower()}, tổ trưởng, số hộ, số nhân khẩu). Tổ đã có thì không cần khai lại.", None),
        (f"2. Trang \"{WORKS.title}\": công trình được Nhân dân đóng góp (tên, loại, thuộc {label.lower()} nào, "
         "chiều dài, chiều rộng trước và sau khi làm, kinh phí ngân sách, trạng thái — "
         f"{', '.join(WORK_STATUSES.values())} —, ngày khởi công, ngày hoàn thành). Công trình đã có trong danh "
         "sách chọn thì không cần khai lại.", None),
        (f"3. Trang \"{CONTRIBUTIONS.title}\": mỗi dòng là một lần đóng góp của một hộ, một người hoặc một đơn vị.",
         None),
        ("", None),
        (f"Cách ghi trang \"{CONTRIBUTIONS.title}\":", BOLD),
        ("• Ngày: ngày đóng góp, ghi theo dạng ngày/tháng/năm, ví dụ 15/03/2026.", None),
        (f"• {label}: chọn trong danh sách (bấm vào ô, chọn mũi tên)."
         + (f" Tệp này dành cho {only_group[0]}." if only_group else ""), None),
        ("• Họ và tên: họ tên chủ hộ, người đóng góp, hoặc tên cơ quan, doanh nghiệp. Ghi đúng như trong sổ hộ khẩu, "
         "CÓ DẤU (Phạm Văn Đức, không ghi pham van duc), để chương trình nhận ra người đã đóng góp trước đây. "
         "Tên gõ không dấu sẽ phải hỏi lại trước khi nhập.", None),
        (f"• Đối tượng: một trong {people}. Để trống thì hiểu là Hộ gia đình.", None),
        ("• Địa chỉ: số nhà, hẻm, đường — giúp phân biệt hai người trùng tên trong cùng một tổ.", None),
        ("• Công trình: tên công trình được đóng góp (chọn trong danh sách, hoặc ghi tên đã khai ở trang "
         f"\"{WORKS.title}\"). Có thể để trống nếu đóng góp chung.", None),
        (f"• Hình thức: một trong {kinds}.", None),
        ("• Số lượng: hiến đất ghi số m² (ví dụ 45,5); ngày công ghi số ngày; tiền ghi số tiền (ví dụ 1.500.000); "
         "vật tư ghi số lượng và ghi Đơn vị tính (tấn, m³, bao…).", None),
        ("• Giá trị quy đổi (đồng): để trống thì chương trình tự tính theo đơn giá của phường; ghi vào nếu đã có "
         "giá trị theo biên bản. Đóng góp bằng tiền: giá trị chính là số tiền.", None),
        (f"• Trạng thái: {CONTRIBUTION_STATUSES['received']} (đã nộp tiền, đã bàn giao đất, đã làm ngày công) hoặc "
         f"{CONTRIBUTION_STATUSES['pledged']} (mới hứa, chưa nhận — không tính vào số liệu báo cáo). Chọn trong "
         "danh sách; đừng để trống.", None),
        ("• Tờ bản đồ, Thửa đất, Loại đất: chỉ ghi khi hiến đất. Loại đất chọn trong danh sách (Đất ở tại đô thị, "
         "Đất ở tại nông thôn…): giá trị quy đổi tính theo đơn giá của loại đất đó; để trống thì tính theo đơn giá "
         "chung (Đất khác), thường thấp hơn nhiều.", None),
        ("• Số biên bản: số biên bản nhận đóng góp (nếu có).", None),
        ("", None),
        ("Lưu ý chung:", BOLD),
        ("• Số ghi kiểu Việt Nam: dấu chấm ngăn hàng nghìn, dấu phẩy thập phân (1.500.000 và 12,5). "
         "Không ghi chữ \"đồng\" hay \"m²\" vào ô số (nếu lỡ ghi, chương trình vẫn hiểu).", None),
        (f"• Dòng chữ nghiêng màu xám bắt đầu bằng \"{EXAMPLE_MARK}\" là ví dụ — chương trình không nhập dòng đó; "
         "có thể xóa hoặc ghi đè lên.", None),
        ("• Có thể thêm dòng tiêu đề, dòng \"Tổng cộng\" ở cuối bảng và phần chữ ký bên dưới: chương trình bỏ qua "
         "dòng Tổng cộng và mọi dòng bên dưới nó.", None),
        ("• Không đổi tên các cột. Không đặt mật khẩu cho tệp. Lưu dưới dạng Excel .xlsx.", None),
        ("• Tệp gõ bằng phông cũ (.VnTime – TCVN3, VNI-Times) vẫn nhập được: chương trình tự chuyển sang Unicode.",
         None),
        ("• Nhập lại cùng một tệp không sinh số liệu trùng: các dòng đã có trong sổ được bỏ qua.", None),
    ]
    for r, (text, font) in enumerate(lines, start=1):
        cell = ws.cell(r, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font:
            cell.font = font
        # Neither Excel nor LibreOffice grows a wrapped row on opening a file: give it its height.
        size = 14 if font is TITLE_FONT else 11
        wrapped = max(1, -(-len(text) * size // (width * 10)))  # ≈ 1 character per width unit at 10 pt
        ws.row_dimensions[r].height = (size + 5) * wrapped + 2
    _unit_cells(ws, unit)


def _unit_cells(ws: Worksheet, unit: dict[str, Any]) -> None:
    """The unit's code and name where the import reads them (two hidden columns right of the text), and the
    sheet protected (no password) so that a casual edit cannot change them."""
    for r, (label, value) in enumerate(((UNIT_CODE_LABEL, unit.get("code") or ""), (UNIT_NAME_LABEL, unit["name"])),
                                       start=1):
        ws.cell(r, 3, label)
        ws.cell(r, 4, str(value)).data_type = "s"  # "21580" stays text (calamine would read a number as 21580.0)
    for letter in ("C", "D"):
        ws.column_dimensions[letter].hidden = True
    ws.protection.sheet = True
