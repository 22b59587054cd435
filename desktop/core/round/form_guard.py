"""A returned form is refused before any parser sees it: not an .xlsx/.docx at all, an old .doc/.xls, a password,
a file with macros (.docm/.xlsm), a zip bomb or an oversized member, an XML entity attack.

The same dangers as the intake workbook (intake/guards.py, reliability-perf §4.1: openpyxl and python-docx have
no size limit; lxml must never meet a DTD — the defusedxml rule), for the two kinds of file a unit sends back.
Forms are small (a few dozen rows and pages of text), so the limits are tighter than the intake's.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from desktop.core.round.form_parts import fail
from desktop.core.text.vnformat import format_int

MAX_FILE_BYTES = 20 * 1024 * 1024  # a form with a few photos pasted in
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_RATIO = 100  # inflated / compressed of a large member; real XML is 5–30
RATIO_CHECKED_ABOVE = 2 * 1024 * 1024
MAX_MEMBERS = 2_000
MAIN_PART = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
WHAT = {"xlsx": "bảng tính Excel (.xlsx)", "docx": "văn bản Word (.docx)"}
_DANGER = (b"<!DOCTYPE", b"<!ENTITY")
_CHUNK = 256 * 1024


def check_package(path: Path, kind: str) -> None:
    """Refuse anything that is not a sound, reasonably sized file of `kind` (xlsx | docx) — FormFileError."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise fail(path, "không tìm thấy tệp.") from None
    except OSError as exc:
        raise fail(path, f"không mở được ({exc.strerror or exc}).") from exc
    if path.is_dir():
        raise fail(path, "đây là một thư mục, không phải tệp.")
    if size == 0:
        raise fail(path, "tệp rỗng (0 byte) — chép chưa xong hoặc tải về bị lỗi. Hãy chép lại.")
    if size > MAX_FILE_BYTES:
        raise fail(path, f"tệp quá lớn ({format_int(size // (1024 * 1024))} MB) cho một báo cáo; hãy bỏ bớt ảnh "
                         "dán vào rồi lưu lại.")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        old = ".doc" if kind == "docx" else ".xls"
        raise fail(path, f"định dạng Office cũ ({old}) hoặc tệp được đặt mật khẩu. Hãy mở tệp, gỡ mật khẩu nếu có, "
                         f"rồi Lưu thành {WHAT[kind]} và nhập lại.")
    if not head.startswith(b"PK\x03\x04"):
        raise fail(path, f"không phải {WHAT[kind]} (có thể là tệp khác được đổi tên, hoặc đã hỏng). Hãy mở bằng "
                         f"Word/Excel và Lưu thành {WHAT[kind]}.")
    _inspect(path, kind)


def _inspect(path: Path, kind: str) -> None:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise fail(path, "tệp bị hỏng hoặc chép chưa hết. Hãy chép lại tệp từ máy gốc.") from None
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        if len(infos) > MAX_MEMBERS:
            raise fail(path, f"cấu trúc bất thường ({format_int(len(infos))} thành phần bên trong); không đọc.")
        if MAIN_PART[kind] not in names:
            other = next((k for k, part in MAIN_PART.items() if part in names), None)
            raise fail(path, f"đây là {WHAT[other]}, không phải {WHAT[kind]}." if other else
                       f"tệp nén này không phải {WHAT[kind]}.")
        if any(i.flag_bits & 0x1 for i in infos):
            raise fail(path, "tệp được đặt mật khẩu; hãy gỡ mật khẩu, lưu lại rồi nhập lại.")
        if any(n.lower().endswith("vbaproject.bin") for n in names) or _macro_type(zf):
            what = ".docm" if kind == "docx" else ".xlsm"
            raise fail(path, f"tệp có macro ({what}) — chương trình không mở tệp có macro. Hãy mở bằng Word/Excel "
                             f"và Lưu thành {WHAT[kind]} (không macro) rồi nhập lại.")
        if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
            raise fail(path, _bomb(sum(i.file_size for i in infos)))
        total = 0
        for info in infos:
            if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise fail(path, _bomb(info.file_size))
            total = _scan(zf, info, path, total)


def _macro_type(zf: zipfile.ZipFile) -> bool:
    try:
        info = zf.getinfo("[Content_Types].xml")
    except KeyError:
        return False
    if info.file_size > 1024 * 1024:
        return True  # a real one is a few kB; do not read a giant one
    return b"macroenabled" in zf.read(info).lower()


def _scan(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, total: int) -> int:
    """Inflate one member through a counter (the sizes in the zip directory are only claims) and refuse XML with
    a DTD or entities, or not in UTF-8 (where such a marker would hide). Returns the running total."""
    tail = b""
    is_xml = info.filename.endswith((".xml", ".rels", ".vml"))
    try:
        with zf.open(info) as fh:
            first = True
            while chunk := fh.read(_CHUNK):
                total += len(chunk)
                if total > MAX_UNCOMPRESSED_BYTES:
                    raise fail(path, _bomb(total))
                if is_xml and first and (chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]):
                    raise fail(path, "có phần nội dung không ở dạng UTF-8 như Word/Excel vẫn ghi; tệp đã bị sửa "
                                     "bằng công cụ khác. Không đọc.")
                first = False
                window = tail + chunk
                if is_xml and any(m in window for m in _DANGER):
                    raise fail(path, "có khai báo DOCTYPE/ENTITY trong nội dung XML — Word và Excel không bao giờ "
                                     "ghi như vậy (kiểu tấn công “billion laughs”/XXE). Chương trình không mở tệp.")
                tail = window[-16:]
    except zipfile.BadZipFile as exc:
        raise fail(path, f"tệp bị hỏng ({exc}). Hãy chép lại tệp từ máy gốc.") from exc
    except (OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise fail(path, f"không giải nén được ({exc}). Tệp có thể bị hỏng.") from exc
    return total


def _bomb(size: int) -> str:
    return (f"khi giải nén tệp sẽ phình ra tới {format_int(size // (1024 * 1024))} MB — quá lớn cho một báo cáo "
            "(có thể là tệp độc hại hoặc hỏng). Chương trình không mở tệp này.")
