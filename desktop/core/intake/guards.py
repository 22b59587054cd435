"""The file guards: an intake workbook is refused before any parser sees it.

The file comes from outside the office (a tổ trưởng's laptop, a USB stick, a Zalo download), so
nothing in it is trusted. Before any parser sees it, `check_file` looks at the bytes and at the
zip directory: an empty file, an old .xls, a password-protected workbook, a CSV or web page renamed
.xlsx, a zip bomb, an XML entity attack ("billion laughs") and a sheet with too many rows are all
refused with a Vietnamese message that says what to do — within seconds, and without loading the
workbook (reliability-perf §4.1: openpyxl has no size limit and was still parsing a 1.4 MiB bomb
after 90 s). reader.py reads the workbook only after this.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from desktop.core.errors import UserError
from desktop.core.text.vnformat import format_int

# Limits. A real intake workbook of 100,000 rows is about 5 MB zipped and 60 MB of XML.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # uncompressed/compressed of one large member; real sheets are 5–30
RATIO_CHECKED_ABOVE = 5 * 1024 * 1024  # small members may compress very well without harm
MAX_MEMBERS = 5_000
MAX_DATA_ROWS = 100_000
HEADER_SCAN_ROWS = 20  # the reader looks for the header row among the first rows
ROW_ALLOWANCE = HEADER_SCAN_ROWS + 10  # title, header and numbering rows on top of the data rows

OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_CHUNK = 1024 * 1024


class IntakeFileError(UserError):
    """The file cannot be read as an intake workbook; the message says why and what to do."""


def fail(path: Path, why: str) -> IntakeFileError:
    return IntakeFileError(f"Tệp {path.name}: {why}")


def check_file(path: str | Path) -> dict[str, int]:
    """Refuse anything that is not a sound, reasonably sized .xlsx. Returns the number of
    <row> elements of each sheet, by sheet name."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise fail(path, "không tìm thấy tệp.") from None
    except OSError as exc:
        raise fail(path, f"không mở được ({exc.strerror or exc}).") from exc
    if path.is_dir():
        raise fail(path, "đây là một thư mục, không phải tệp Excel.")
    if size == 0:
        raise fail(path, "tệp rỗng (0 byte) — có thể chép chưa xong hoặc tải về bị lỗi. Hãy chép lại tệp.")
    if size > MAX_FILE_BYTES:
        raise fail(path, f"tệp quá lớn ({format_int(size // (1024 * 1024))} MB). Mẫu nhập liệu thường chỉ vài MB; "
                          "hãy chia thành nhiều tệp nhỏ hơn.")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(OLE2_SIGNATURE):
        raise fail(path, _ole2_reason(path, size))
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise fail(path, _not_zip_reason(path))
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
        raise fail(path, "tệp bị hỏng hoặc chép chưa hết (không đọc được cấu trúc .xlsx). "
                          "Hãy chép lại tệp từ máy gốc.") from None
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        if len(infos) > MAX_MEMBERS:
            raise fail(path, f"cấu trúc bất thường ({format_int(len(infos))} thành phần bên trong); không đọc.")
        if "xl/workbook.xml" not in names:
            raise fail(path, _zip_kind_reason(zf, names))
        if any(i.flag_bits & 0x1 for i in infos):
            raise fail(path, "bảng tính được đặt mật khẩu (mã hóa), chương trình không đọc được. "
                              "Hãy gỡ mật khẩu trong Excel, lưu lại rồi nhập lại.")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNCOMPRESSED_BYTES:
            raise fail(path, _bomb_message(declared))
        for info in infos:
            if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise fail(path, _bomb_message(info.file_size))
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
    limit = MAX_DATA_ROWS + ROW_ALLOWANCE
    try:
        with zf.open(info) as fh:
            first = True
            while chunk := fh.read(_CHUNK):
                if first:
                    first = False
                    if info.filename.endswith(_XML_SUFFIXES) and (
                            chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]):
                        raise fail(path, "có phần nội dung không ở dạng UTF-8 như Excel vẫn ghi; "
                                          "tệp không được tạo bởi Excel hoặc đã bị sửa. Không đọc.")
                size += len(chunk)
                if total_before + size > MAX_UNCOMPRESSED_BYTES:
                    raise fail(path, _bomb_message(total_before + size))
                window = tail + chunk
                if any(marker in window for marker in _DANGER):
                    raise fail(path, "có khai báo DOCTYPE/ENTITY trong nội dung XML — Excel không bao giờ ghi "
                                      "như vậy; đây là kiểu tấn công \"billion laughs\"/XXE. Chương trình không "
                                      "mở tệp này.")
                if sheet is not None:
                    # Every <row> element, quickly; a match wholly in the carried-over tail was
                    # counted with the previous chunk.
                    rows += _rows_started(window, len(tail))
                    if rows > limit and _rows_with_values(zf, info, limit) > limit:
                        raise fail(path, too_many_rows(sheet))
                    if rows > limit:
                        sheet = None  # many formatted but empty rows: fine, stop counting
                tail = window[-_OVERLAP:]
    except zipfile.BadZipFile as exc:
        raise fail(path, f"tệp bị hỏng ({exc}). Hãy chép lại tệp từ máy gốc.") from exc
    except (OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise fail(path, f"không giải nén được ({exc}). Tệp có thể bị hỏng.") from exc
    return rows, size


def _rows_started(window: bytes, carried: int) -> int:
    """The <row> starts in `window` not wholly inside its first `carried` bytes (counted with the chunk before):
    all of them counted in C, less the leading ones that end there (the matches come in order, so their ends
    only grow). The same count as testing each match's end, without a Python step per row."""
    found = len(_ROW_RE.findall(window))
    for m in _ROW_RE.finditer(window):
        if m.end() > carried:
            break
        found -= 1
    return found


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
        raise fail(path, f"phần mô tả bảng tính bị hỏng hoặc không an toàn ({type(exc).__name__}). "
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


def too_many_rows(sheet: str) -> str:
    return (f"trang \"{sheet}\" có hơn {format_int(MAX_DATA_ROWS)} dòng — quá lớn cho một lần nhập. "
            f"Hãy chia thành nhiều tệp, mỗi tệp tối đa {format_int(MAX_DATA_ROWS)} dòng.")
