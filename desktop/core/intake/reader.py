"""Read an intake workbook fast and safely.

The file comes from outside the office (a tổ trưởng's laptop, a USB stick, a Zalo download), so
nothing in it is trusted. Before any parser sees it, `check_file` looks at the bytes and at the
zip directory: an empty file, an old .xls, a password-protected workbook, a CSV or web page renamed
.xlsx, a zip bomb, an XML entity attack ("billion laughs") and a sheet with too many rows are all
refused with a Vietnamese message that says what to do — within seconds, and without loading the
workbook (reliability-perf §4.1: openpyxl has no size limit and was still parsing a 1.4 MiB bomb
after 90 s).

Only then is the workbook read, with python-calamine (Rust; about 20× faster than openpyxl in
read-only mode here). In each sheet the header row is looked for among the first rows (a title
block above it, a two-row header, merged cells, numbering rows such as "(1) (2) (3)" are all
common), headers are matched without regard to case, accents, spacing or units in brackets, and
each data row keeps its sheet name and 1-based Excel row number for messages.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from desktop.core.errors import UserError
from desktop.core.intake import legacy
from desktop.core.intake.spec import (
    EXAMPLE_MARK,
    HEADER_FIELDS,
    INSTRUCTIONS_TITLE,
    LISTS_TITLE,
    SHEET_NAMES,
    SPEC_BY_KIND,
    header_key,
)
from desktop.core.text.vnformat import format_int

# Limits. A real intake workbook of 100,000 rows is about 5 MB zipped and 60 MB of XML.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # uncompressed/compressed of one large member; real sheets are 5–30
RATIO_CHECKED_ABOVE = 5 * 1024 * 1024  # small members may compress very well without harm
MAX_MEMBERS = 5_000
MAX_DATA_ROWS = 100_000
HEADER_SCAN_ROWS = 20  # the header row is looked for among the first rows
_ROW_ALLOWANCE = HEADER_SCAN_ROWS + 10  # title, header and numbering rows on top of the data rows

OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_CHUNK = 1024 * 1024

CellValue = str | float | int | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None


class IntakeFileError(UserError):
    """The file cannot be read as an intake workbook; the message says why and what to do."""


@dataclass
class DataRow:
    row: int  # 1-based Excel row number
    values: dict[str, CellValue]  # field → value (text stripped, legacy encodings converted)


@dataclass
class SheetData:
    name: str  # as in the file
    kind: str  # groups | works | contributions
    header_row: int  # 1-based; the last row of a two-row header
    headers: dict[str, str]  # field → header text as written in the file
    rows: list[DataRow] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required fields without a column
    examples: int = 0
    empty: int = 0
    total_row: int | None = None
    after_total: int = 0  # non-empty rows below the totals row (a signature block), not read
    extra_headers: list[str] = field(default_factory=list)  # columns the importer does not use


@dataclass
class IntakeWorkbook:
    path: Path
    sheets: list[SheetData]
    notes: list[str] = field(default_factory=list)
    converted: Counter[str] = field(default_factory=Counter)  # legacy encoding → cells converted


# --------------------------------------------------------------------------- the guards


def _fail(path: Path, why: str) -> IntakeFileError:
    return IntakeFileError(f"Tệp {path.name}: {why}")


def check_file(path: str | Path) -> dict[str, int]:
    """Refuse anything that is not a sound, reasonably sized .xlsx. Returns the number of
    <row> elements of each sheet, by sheet name."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _fail(path, "không tìm thấy tệp.") from None
    except OSError as exc:
        raise _fail(path, f"không mở được ({exc.strerror or exc}).") from exc
    if path.is_dir():
        raise _fail(path, "đây là một thư mục, không phải tệp Excel.")
    if size == 0:
        raise _fail(path, "tệp rỗng (0 byte) — có thể chép chưa xong hoặc tải về bị lỗi. Hãy chép lại tệp.")
    if size > MAX_FILE_BYTES:
        raise _fail(path, f"tệp quá lớn ({format_int(size // (1024 * 1024))} MB). Mẫu nhập liệu thường chỉ vài MB; "
                          "hãy chia thành nhiều tệp nhỏ hơn.")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(OLE2_SIGNATURE):
        raise _fail(path, _ole2_reason(path, size))
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise _fail(path, _not_zip_reason(path))
    return _inspect_zip(path)


def _ole2_reason(path: Path, size: int) -> str:
    # An encrypted .xlsx is an OLE2 container with streams "EncryptionInfo" and "EncryptedPackage"
    # (MS-OFFCRYPTO); their names are in the directory, in UTF-16LE.
    with open(path, "rb") as fh:
        data = fh.read(min(size, 64 * 1024 * 1024))
    markers = ("EncryptionInfo", "EncryptedPackage")
    if any(m.encode("utf-16-le") in data or m.encode("ascii") in data for m in markers):
        return ("bảng tính được đặt mật khẩu (mã hóa), chương trình không đọc được. Hãy mở bằng Excel, "
                "gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu), "
                "lưu lại rồi nhập lại.")
    return ("định dạng Excel 97-2003 (.xls) cũ: hãy mở bằng Excel và Lưu thành .xlsx "
            "(Tệp → Lưu thành → Sổ làm việc Excel (*.xlsx)), rồi nhập tệp .xlsx đó.")


def _not_zip_reason(path: Path) -> str:
    with open(path, "rb") as fh:
        sample = fh.read(4096)
    stripped = sample.lstrip(b"\xef\xbb\xbf\xff\xfe\r\n\t ")
    if stripped[:5].lower() in (b"<html", b"<!doc", b"<?xml", b"<tabl", b"<head", b"<body") or stripped[:1] == b"<":
        return ("đây là trang web (HTML) hoặc XML được đặt tên .xlsx, không phải bảng tính Excel thật "
                "(thường gặp với tệp tải về từ phần mềm khác). Hãy mở bằng Excel và Lưu thành .xlsx.")
    if sample.startswith(b"%PDF"):
        return "đây là tệp PDF, không phải bảng tính Excel. Hãy dùng tệp .xlsx."
    if sample.startswith(b"{\\rtf"):
        return "đây là tệp văn bản Word (RTF), không phải bảng tính Excel. Hãy dùng tệp .xlsx."
    if _looks_like_text(sample):
        return ("đây là tệp văn bản/CSV được đổi tên thành .xlsx, không phải bảng tính Excel thật. "
                "Hãy mở tệp bằng Excel rồi Lưu thành .xlsx (Sổ làm việc Excel), hoặc dùng mẫu nhập liệu của "
                "chương trình.")
    return "không phải tệp Excel .xlsx (hoặc tệp đã bị hỏng). Hãy mở bằng Excel và Lưu thành .xlsx."


def _looks_like_text(sample: bytes) -> bool:
    for encoding in ("utf-8", "utf-16", "cp1258", "latin-1"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        return bool(text) and printable / len(text) > 0.95
    return False


def _inspect_zip(path: Path) -> dict[str, int]:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _fail(path, "tệp bị hỏng hoặc chép chưa hết (không đọc được cấu trúc .xlsx). "
                          "Hãy chép lại tệp từ máy gốc.") from None
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        if len(infos) > MAX_MEMBERS:
            raise _fail(path, f"cấu trúc bất thường ({format_int(len(infos))} thành phần bên trong); không đọc.")
        if "xl/workbook.xml" not in names:
            raise _fail(path, _zip_kind_reason(zf, names))
        if any(i.flag_bits & 0x1 for i in infos):
            raise _fail(path, "bảng tính được đặt mật khẩu (mã hóa), chương trình không đọc được. "
                              "Hãy gỡ mật khẩu trong Excel, lưu lại rồi nhập lại.")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNCOMPRESSED_BYTES:
            raise _fail(path, _bomb_message(declared))
        for info in infos:
            if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _fail(path, _bomb_message(info.file_size))
        # Every part is inflated once here (at most MAX_UNCOMPRESSED_BYTES in all): whatever name a
        # hostile file gives a part, the parser never meets one that was not checked. workbook.xml and
        # its rels go first: they name the sheets for the messages.
        first = [i for i in infos if i.filename in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")]
        total = 0
        for info in first:
            total += _scan_xml(zf, info, path, None, total)[1]
        sheet_names = _sheet_files(zf, path)
        rows: dict[str, int] = {}
        for info in infos:
            if info in first or info.is_dir():
                continue
            where = PurePosixPath(info.filename)
            is_sheet = info.filename in sheet_names or (
                where.parent == PurePosixPath("xl/worksheets") and where.suffix == ".xml")
            sheet = sheet_names.get(info.filename, PurePosixPath(info.filename).stem) if is_sheet else None
            count, size = _scan_xml(zf, info, path, sheet, total)
            total += size
            if sheet is not None:
                rows[sheet] = count
    return rows


def _zip_kind_reason(zf: zipfile.ZipFile, names: set[str]) -> str:
    if "mimetype" in names:
        try:
            mime = zf.read("mimetype")[:100]
        except (zipfile.BadZipFile, OSError, RuntimeError):
            mime = b""
        if b"opendocument.spreadsheet" in mime:
            return ("đây là bảng tính OpenDocument (.ods của LibreOffice/WPS). Hãy mở bằng chương trình đó và "
                    "Lưu thành định dạng Excel .xlsx, rồi nhập lại.")
    if "xl/workbook.bin" in names:
        return "định dạng Excel nhị phân (.xlsb): hãy mở bằng Excel và Lưu thành .xlsx."
    if "word/document.xml" in names:
        return "đây là tài liệu Word (.docx), không phải bảng tính Excel. Hãy dùng tệp .xlsx."
    return "tệp nén này không phải bảng tính Excel .xlsx. Hãy dùng mẫu nhập liệu của chương trình."


def _bomb_message(size: int) -> str:
    return (f"khi giải nén tệp sẽ phình ra tới {format_int(size // (1024 * 1024))} MB — quá lớn so với một bảng "
            "tính thật (có thể là tệp độc hại hoặc hỏng). Chương trình không mở tệp này.")


_DANGER = (b"<!DOCTYPE", b"<!ENTITY")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_ROW_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
# A <row> start, or a cell value (<v> or an inline string <is>): only rows holding a value count —
# Excel also writes rows whose cells merely have a border or a format, and the reader skips those.
_ROW_OR_VALUE_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|v|is)[\s>/]")
_OVERLAP = 64  # bytes kept between chunks so a marker cut in two is still seen


def _scan_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, sheet: str | None,
              total_before: int) -> tuple[int, int]:
    """Stream one part: refuse DTDs/entities and XML that is not UTF-8, count the rows of a sheet
    (stopping as soon as there are too many), and check the real inflated size — the sizes in the
    zip directory are only claims; zipfile stops at the declared size and checks the CRC."""
    rows = 0
    size = 0
    tail = b""
    limit = MAX_DATA_ROWS + _ROW_ALLOWANCE
    try:
        with zf.open(info) as fh:
            first = True
            while chunk := fh.read(_CHUNK):
                if first:
                    first = False
                    if info.filename.endswith(_XML_SUFFIXES) and (
                            chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]):
                        raise _fail(path, "có phần nội dung không ở dạng UTF-8 như Excel vẫn ghi; "
                                          "tệp không được tạo bởi Excel hoặc đã bị sửa. Không đọc.")
                size += len(chunk)
                if total_before + size > MAX_UNCOMPRESSED_BYTES:
                    raise _fail(path, _bomb_message(total_before + size))
                window = tail + chunk
                if any(marker in window for marker in _DANGER):
                    raise _fail(path, "có khai báo DOCTYPE/ENTITY trong nội dung XML — Excel không bao giờ ghi "
                                      "như vậy; đây là kiểu tấn công \"billion laughs\"/XXE. Chương trình không "
                                      "mở tệp này.")
                if sheet is not None:
                    # Every <row> element, quickly; a match wholly in the carried-over tail was
                    # counted with the previous chunk.
                    rows += sum(1 for m in _ROW_RE.finditer(window) if m.end() > len(tail))
                    if rows > limit and _rows_with_values(zf, info, limit) > limit:
                        raise _fail(path, _too_many_rows(sheet))
                    if rows > limit:
                        sheet = None  # many formatted but empty rows: fine, stop counting
                tail = window[-_OVERLAP:]
    except zipfile.BadZipFile as exc:
        raise _fail(path, f"tệp bị hỏng ({exc}). Hãy chép lại tệp từ máy gốc.") from exc
    except (OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise _fail(path, f"không giải nén được ({exc}). Tệp có thể bị hỏng.") from exc
    return rows, size


def _rows_with_values(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> int:
    """Rows holding at least one value (stopping just past `limit`): Excel also writes rows whose
    cells only carry a border or a format, which calamine — and so the import — skips."""
    rows = 0
    tail = b""
    in_new_row = False  # a <row> was opened and no value seen in it yet
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            window = tail + chunk
            for m in _ROW_OR_VALUE_RE.finditer(window):
                if m.end() <= len(tail):
                    continue
                if m.group(1) == b"row":
                    in_new_row = True
                elif in_new_row:
                    rows += 1
                    in_new_row = False
            if rows > limit:
                return rows
            tail = window[-_OVERLAP:]
    return rows


def _sheet_files(zf: zipfile.ZipFile, path: Path) -> dict[str, str]:
    """Worksheet part → sheet name, for messages. Parsed with defusedxml after a size check."""
    from defusedxml import ElementTree as SafeET

    try:
        for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            if zf.getinfo(part).file_size > 10 * 1024 * 1024:
                return {}
        wb = SafeET.fromstring(zf.read("xl/workbook.xml"))
        rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    except Exception as exc:  # defusedxml raises its own errors for DTDs and entities
        raise _fail(path, f"phần mô tả bảng tính bị hỏng hoặc không an toàn ({type(exc).__name__}). "
                          "Chương trình không mở tệp này.") from exc
    targets = {}
    for rel in rels:
        target = rel.get("Target") or ""
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id")] = str(PurePosixPath(target))
    out = {}
    for el in wb.iter():
        if el.tag.endswith("}sheet") or el.tag == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                out[targets[rid]] = el.get("name") or ""
    return out


# --------------------------------------------------------------------------- reading


MAX_CELLS_PER_SHEET = 5_000_000  # rows × columns of the used range; a real sheet has ~100,000 × 16
MAX_COLUMNS = 500


def read_workbook(path: str | Path) -> IntakeWorkbook:
    """Check the file, then read every sheet that looks like one of the intake sheets."""
    import python_calamine

    path = Path(path)
    check_file(path)
    notes: list[str] = []
    raw: list[tuple[str, list[list[CellValue]]]] = []
    try:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
            for meta in book.sheets_metadata:
                if header_key(meta.name) in (header_key(INSTRUCTIONS_TITLE), header_key(LISTS_TITLE)):
                    continue  # our template's own sheets hold no data
                if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                    continue
                if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                    notes.append(f"Bỏ qua trang ẩn \"{meta.name}\".")
                    continue
                sheet = book.get_sheet_by_name(meta.name)
                end = sheet.end or (0, 0)
                if end[0] + 1 > MAX_DATA_ROWS + _ROW_ALLOWANCE:
                    raise _fail(path, _too_many_rows(meta.name))
                if end[1] + 1 > MAX_COLUMNS or (end[0] + 1) * (end[1] + 1) > MAX_CELLS_PER_SHEET:
                    raise _fail(path, f"trang \"{meta.name}\" có dữ liệu tới cột thứ {format_int(end[1] + 1)} — "
                                      "bất thường cho mẫu nhập liệu. Hãy xóa các cột thừa bên phải rồi lưu lại.")
                raw.append((meta.name, sheet.to_python(skip_empty_area=False)))
    except python_calamine.PasswordError:
        raise _fail(path, "bảng tính được đặt mật khẩu; hãy gỡ mật khẩu trong Excel rồi nhập lại.") from None
    except python_calamine.CalamineError as exc:
        raise _fail(path, f"tệp bị hỏng, không đọc được ({exc}). Hãy mở bằng Excel, Lưu thành .xlsx rồi "
                          "thử lại.") from exc

    fix = _TextFixer(raw)
    sheets: list[SheetData] = []
    for name, rows in raw:
        sheet = _read_sheet(name, rows, fix)
        if sheet is None:
            if any(any(_present(v) for v in r) for r in rows[:HEADER_SCAN_ROWS]):
                notes.append(f"Bỏ qua trang \"{name}\": không thấy dòng tiêu đề cột của mẫu nhập liệu.")
            continue
        sheets.append(sheet)
    if not sheets:
        raise _fail(path, "không thấy trang nào có tiêu đề cột của mẫu nhập liệu (trang \"Tổ dân phố\", "
                          "\"Công trình\" hoặc \"Đóng góp\" với các cột như \"Họ và tên\", \"Hình thức\"…). "
                          "Hãy dùng mẫu do chương trình tạo (Tệp → Tạo mẫu nhập liệu Excel…).")
    for encoding, n in sorted(fix.counts.items()):
        label = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)"}[encoding]
        notes.append(f"Đã chuyển {format_int(n)} ô chữ từ bảng mã {label} sang Unicode.")
    return IntakeWorkbook(path=path, sheets=sheets, notes=notes, converted=fix.counts)


def _too_many_rows(sheet: str) -> str:
    return (f"trang \"{sheet}\" có hơn {format_int(MAX_DATA_ROWS)} dòng — quá lớn cho một lần nhập. "
            f"Hãy chia thành nhiều tệp, mỗi tệp tối đa {format_int(MAX_DATA_ROWS)} dòng.")


def _present(value: CellValue) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


class _TextFixer:
    """Strips text cells and converts legacy-encoded ones, with a cache (the same group, kind or
    name repeats on thousands of rows). Cells that read well both ways follow the workbook's
    clear majority (see legacy.to_unicode)."""

    def __init__(self, raw: list[tuple[str, list[list[CellValue]]]]):
        votes: Counter[str] = Counter()
        self._detected: dict[str, legacy.Encoding] = {}
        for _, rows in raw:
            for row in rows:
                for v in row:
                    if isinstance(v, str) and not v.isascii() and v.strip() not in self._detected:
                        enc = self._detected[v.strip()] = legacy.detect(v.strip())
                        if enc != "unicode":
                            votes[enc] += 1
                        elif any(ord(ch) > 0xFF for ch in v):
                            votes["unicode"] += 1
        self.hint: legacy.Encoding | None = None
        if votes:
            best, n = votes.most_common(1)[0]
            if best != "unicode" and n >= 3 and n > votes["unicode"]:
                self.hint = best  # type: ignore[assignment]
        self._cache: dict[str, tuple[str, str | None]] = {}
        self.counts: Counter[str] = Counter()

    def _convert(self, text: str) -> tuple[str, str | None]:
        hit = self._cache.get(text)
        if hit is None:
            stripped = text.strip()
            enc = "unicode" if stripped.isascii() else self._detected.get(stripped) or legacy.detect(stripped)
            if enc == "unicode" and self.hint and not stripped.isascii():
                out = legacy.to_unicode(stripped, self.hint)  # a cell that reads well both ways follows the book
                enc = self.hint if out != stripped else "unicode"
            else:
                out = legacy.decode(stripped, enc)
            hit = self._cache[text] = (out, None if enc == "unicode" else enc)
        return hit

    def __call__(self, text: str) -> str:
        return self._convert(text)[0]

    def value(self, text: str) -> str:
        """Like calling the fixer, and counts a converted data cell for the notes."""
        out, enc = self._convert(text)
        if enc:
            self.counts[enc] += 1
        return out


_TOTAL_WORDS = {"tong cong", "cong", "tong", "tong so", "tong cong so", "cong tong", "tong hop", "tong cong toan to"}
_NUMBERING_RE = re.compile(r"\(?\s*(\d{1,2}|[A-Za-z])\s*\)?")


def _cell_text(value: CellValue, fix: _TextFixer) -> str:
    return fix(value) if isinstance(value, str) else ""


def _match_header(kind: str, text: str) -> str | None:
    key = header_key(text)
    if not key:
        return None
    fields = HEADER_FIELDS[kind]
    hit = fields.get(key)
    if hit:
        return hit
    # "Số lượng đóng góp (m2)", "Họ và tên chủ hộ": a longer header that starts with a known one of
    # two words or more (one-word headers such as "Ngày" are too short to trust as a prefix).
    best = None
    for alias, fld in fields.items():
        if " " in alias and key.startswith(alias + " ") and (best is None or len(alias) > len(best[0])):
            best = (alias, fld)
    return best[1] if best else None


def _match_row(kind: str, row: list[CellValue], fix: _TextFixer) -> dict[int, tuple[str, str]]:
    """Column → (field, header text) for the cells of a row that are headers (first column wins)."""
    out: dict[int, tuple[str, str]] = {}
    taken: set[str] = set()
    for c, v in enumerate(row):
        text = _cell_text(v, fix)
        fld = _match_header(kind, text) if text else None
        if fld and fld not in taken:
            out[c] = (fld, text)
            taken.add(fld)
    return out


def _header_band(kind: str, rows: list[list[CellValue]], fix: _TextFixer
                 ) -> tuple[int, int, dict[str, int], dict[str, str]] | None:
    """The best header among the first rows: (row index, rows in the band, field → column,
    field → header text). A band is one row, or two rows when the upper one groups columns under
    a merged title ("Đóng góp" over "Hình thức | Số lượng | Giá trị"); there the lower, more
    specific header wins in its column."""
    best: tuple[int, int, int, dict[int, tuple[str, str]]] | None = None
    limit = min(len(rows), HEADER_SCAN_ROWS)
    matched = [_match_row(kind, rows[r], fix) for r in range(min(len(rows), limit + 1))]
    for r in range(limit):
        upper = matched[r]
        if best is None or len(upper) > best[0]:
            best = (len(upper), r, 1, upper)
        if upper and r + 1 < len(matched) and matched[r + 1]:
            combined = dict(upper)
            for c, (fld, text) in matched[r + 1].items():
                elsewhere = any(f == fld and col != c for col, (f, _) in combined.items())
                if not elsewhere:
                    combined[c] = (fld, text)
            if len(combined) - len(upper) >= 2 and len(combined) > best[0]:
                best = (len(combined), r, 2, combined)
    if best is None or best[0] == 0:
        return None
    _, r, height, by_column = best
    return r, height, {f: c for c, (f, _) in by_column.items()}, {f: t for _, (f, t) in by_column.items()}


def _read_sheet(name: str, rows: list[list[CellValue]], fix: _TextFixer) -> SheetData | None:
    by_name = SHEET_NAMES.get(header_key(name))
    chosen = None
    # The headers decide what a sheet holds (a sheet called "TDP" may well hold the contributions);
    # its name only breaks ties and lets a sheet with missing columns still be read and reported.
    for kind in ("contributions", "works", "groups"):
        band = _header_band(kind, rows, fix)
        if band is None:
            continue
        columns = band[2]
        key = SPEC_BY_KIND[kind].key in columns
        enough = (key or len(columns) >= 2) if kind == by_name else (key and len(columns) >= 3)
        score = (len(columns), kind == by_name)
        if enough and (chosen is None or score > chosen[0]):
            chosen = (score, kind, band)
    if chosen is None:
        return None
    _, kind, (first, height, columns, texts) = chosen
    spec = SPEC_BY_KIND[kind]
    header_row = first + height  # 1-based number of the band's last row
    sheet = SheetData(name=name, kind=kind, header_row=header_row, headers=texts)
    sheet.missing = [f for f in spec.required if f not in columns]
    if kind == "contributions" and "quantity" not in columns and "value_vnd" not in columns:
        sheet.missing.append("quantity")
    used = set(columns.values())
    for k in range(height):
        for c, v in enumerate(rows[first + k]):
            text = _cell_text(v, fix)
            if text and c not in used and text not in sheet.extra_headers:
                sheet.extra_headers.append(text)

    index = header_row  # 0-based index of the first row below the header band
    if index < len(rows) and _is_numbering(rows[index], fix):
        index += 1
    fields = list(columns.items())
    example_key = header_key(EXAMPLE_MARK)
    for i in range(index, len(rows)):
        raw_row = rows[i]
        # calamine gives "" for an empty cell; a cell of spaces counts as empty further down.
        present = [v for v in raw_row if v != "" and v is not None]
        if not present:
            sheet.empty += 1
            continue
        if _is_example(present[0], fix, example_key):
            sheet.examples += 1
            continue
        if any(_is_total(v, fix) for v in present[:3]):
            # The table ends at its totals row; below it come signatures and dates.
            sheet.total_row = i + 1
            sheet.after_total = sum(1 for r in rows[i + 1:] if any(_present(v) for v in r))
            break
        values: dict[str, CellValue] = {}
        width = len(raw_row)
        for fld, c in fields:
            v = raw_row[c] if c < width else None
            if v.__class__ is str:
                v = fix.value(v) or None
            values[fld] = v
        if all(v is None for f, v in values.items() if f != "stt"):
            sheet.empty += 1  # a pre-numbered row with nothing else in it
            continue
        sheet.rows.append(DataRow(row=i + 1, values=values))
    return sheet


def _is_example(value: CellValue, fix: _TextFixer, example_key: str) -> bool:
    if not isinstance(value, str):
        return False
    text = fix(value)
    # Cheap test first: most first cells are names or numbers, not "Ví dụ…".
    return text[:1] in "Vv" and header_key(text).startswith(example_key)


def _is_total(value: CellValue, fix: _TextFixer) -> bool:
    # "Tổng cộng", "Cộng" (also in TCVN3/VNI, which keep the first letter): test the letter first.
    return (isinstance(value, str) and len(value) <= 30 and value.lstrip()[:1] in "TtCc"
            and header_key(fix(value)) in _TOTAL_WORDS)


def _is_numbering(row: list[CellValue], fix: _TextFixer) -> bool:
    """A row of column numbers under the header: "(1) (2) (3)…", "1 2 3…" or "A B C…"."""
    present = [v for v in row if _present(v)]
    if len(present) < 3:
        return False
    for v in present:
        if isinstance(v, float | int) and not isinstance(v, bool):
            if not (float(v).is_integer() and 0 < v < 100):
                return False
        elif not (isinstance(v, str) and _NUMBERING_RE.fullmatch(fix(v))):
            return False
    return True
