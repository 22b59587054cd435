"""Hostile and wrong files end in a clear Vietnamese message, quickly, before any parser sees them
(reliability-perf §4): zip bombs, XML entities, encrypted workbooks, old .xls, CSV or HTML renamed
.xlsx, empty and truncated files, and sheets with too many rows."""

from __future__ import annotations

import struct
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from openpyxl import Workbook

from db.connection import Ledger
from desktop.core.intake import guards, planning, reader
from desktop.core.intake.guards import IntakeFileError
from tests.core.intake.helpers import CONTRIBUTION_HEADERS, build_workbook, table_counts

BUDGET_S = 5.0

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>')


@contextmanager
def refused(*words: str) -> Iterator[None]:
    """The block raises IntakeFileError mentioning every word, within the time budget."""
    start = time.perf_counter()
    with pytest.raises(IntakeFileError) as err:
        yield
    elapsed = time.perf_counter() - start
    assert elapsed < BUDGET_S, f"took {elapsed:.1f} s"
    message = str(err.value)
    for word in words:
        assert word in message, message


def _valid_xlsx(path: Path) -> Path:
    return build_workbook(path, {"Đóng góp": [CONTRIBUTION_HEADERS,
                                              [1, "02/03/2026", "Tổ 1", "Phạm Văn Hải", None, None, None, "Tiền", 10]]})


SHARED_STRINGS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
                  '<si><t>Họ và tên</t></si></sst>').encode()


def _handmade_xlsx(path: Path, shared_strings: bytes = SHARED_STRINGS) -> Path:
    """A minimal valid workbook whose one cell comes from xl/sharedStrings.xml (openpyxl writes
    inline strings, Excel writes shared strings — the attack goes where Excel puts the text)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            b'<Override PartName="/xl/sharedStrings.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            b'</Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>').encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="Đóng góp" sheetId="1" r:id="rId1"/></sheets></workbook>').encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>').encode(),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{main}"><sheetData>'
            '<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>').encode(),
        "xl/sharedStrings.xml": shared_strings,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def test_handmade_workbook_is_valid_without_the_attack(tmp_path: Path) -> None:
    # The control for the two tests below: the same file with ordinary shared strings reads fine.
    import python_calamine

    path = _handmade_xlsx(tmp_path / "ok.xlsx")
    guards.check_file(path)
    with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
        assert book.get_sheet_by_name("Đóng góp").to_python() == [["Họ và tên"]]


def _replace_member(src: Path, dest: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == name else zin.read(info.filename))
    return dest


def test_zip_bomb_refused_from_the_zip_directory(tmp_path: Path) -> None:
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            block = b"<row>" + b" " * (1024 * 1024 - 5)
            for _ in range(60):  # 60 MiB that deflate to about 60 KiB
                fh.write(block)
    assert path.stat().st_size < 1024 * 1024
    with refused("phình ra", "MB", "không mở tệp này"):
        reader.read_workbook(path)


def test_zip_with_lying_sizes_refused_as_damaged(tmp_path: Path) -> None:
    """A part that inflates to more than the zip directory claims is never fed to the parser."""
    src = _valid_xlsx(tmp_path / "ok.xlsx")
    data = bytearray(src.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    pos = data.find(b"PK\x01\x02")
    while pos != -1:  # central directory entries: claim the sheet is 10 bytes long
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46:pos + 46 + name_len]) == name:
            struct.pack_into("<I", data, pos + 24, 10)
        pos = data.find(b"PK\x01\x02", pos + 4)
    path = tmp_path / "lying.xlsx"
    path.write_bytes(bytes(data))
    with refused("hỏng"):
        reader.read_workbook(path)


def test_inflated_size_counted_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _valid_xlsx(tmp_path / "ok.xlsx")
    real = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    # Declared sizes pass (checked against a higher limit), the bytes really inflated do not.
    monkeypatch.setattr(guards, "MAX_UNCOMPRESSED_BYTES", real - 1)
    with refused("phình ra"):
        reader.read_workbook(path)


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&lol9;</t></si></sst>"""

XXE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/>&xxe;</workbook>"""


def test_billion_laughs_in_shared_strings_refused(tmp_path: Path) -> None:
    path = _handmade_xlsx(tmp_path / "laughs.xlsx", BILLION_LAUGHS)
    with refused("DOCTYPE/ENTITY", "billion laughs"):
        reader.read_workbook(path)


def test_external_entity_in_workbook_xml_refused(tmp_path: Path) -> None:
    path = _replace_member(_valid_xlsx(tmp_path / "ok.xlsx"), tmp_path / "xxe.xlsx", "xl/workbook.xml", XXE)
    with refused("DOCTYPE/ENTITY"):
        reader.read_workbook(path)


def test_utf16_xml_part_refused(tmp_path: Path) -> None:
    """A DTD hidden in UTF-16 would slip past a byte scan; Excel always writes UTF-8, so refuse."""
    payload = BILLION_LAUGHS.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    path = _handmade_xlsx(tmp_path / "u16.xlsx", payload)
    with refused("UTF-8"):
        reader.read_workbook(path)


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = tmp_path / "mat-khau.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1016 + "EncryptionInfo".encode("utf-16-le")
                     + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 2048)
    with refused("mật khẩu"):
        reader.read_workbook(path)


def test_old_xls(tmp_path: Path) -> None:
    path = tmp_path / "cu.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1016 + "Workbook".encode("utf-16-le") + b"\x01" * 4096)
    with refused("định dạng Excel 97-2003 (.xls) cũ: hãy mở bằng Excel và Lưu thành .xlsx"):
        reader.read_workbook(path)


def test_csv_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "dong-gop.xlsx"
    path.write_text("STT,Ngày,Họ và tên,Hình thức,Số lượng\n1,02/03/2026,Nguyễn Văn An,Tiền,100000\n", encoding="utf-8")
    with refused("CSV", "Lưu thành .xlsx"):
        reader.read_workbook(path)


def test_html_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "xuat-tu-web.xlsx"
    path.write_text("<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>", encoding="utf-8")
    with refused("HTML"):
        reader.read_workbook(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "rong.xlsx"
    path.write_bytes(b"")
    with refused("rỗng"):
        reader.read_workbook(path)


def test_truncated_file(tmp_path: Path) -> None:
    data = _valid_xlsx(tmp_path / "ok.xlsx").read_bytes()
    path = tmp_path / "do-dang.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with refused("hỏng hoặc chép chưa hết"):
        reader.read_workbook(path)


def test_ods_and_docx_named(tmp_path: Path) -> None:
    ods = tmp_path / "bang.xlsx"
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    with refused("OpenDocument"):
        reader.read_workbook(ods)
    docx = tmp_path / "van-ban.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with refused("Word"):
        reader.read_workbook(docx)


def test_missing_file(tmp_path: Path) -> None:
    with refused("không tìm thấy"):
        reader.read_workbook(tmp_path / "khong-co.xlsx")


def _many_rows(path: Path, n: int) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Đóng góp")
    ws.append(["Ngày", "Họ và tên"])
    for i in range(n):
        ws.append([i, "A"])
    wb.save(path)
    return path


def test_row_limit_refused_before_reading(ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same guard as below at a small scale, so it runs in every test session."""
    monkeypatch.setattr(guards, "MAX_DATA_ROWS", 1_000)
    path = _many_rows(tmp_path / "nhieu.xlsx", 2_000)
    with refused("Đóng góp", "hơn 1.000 dòng"):
        planning.plan(ledger, path)
    ok = _many_rows(tmp_path / "vua.xlsx", 900)
    guards.check_file(ok)  # under the limit: accepted


@pytest.mark.slow  # building the 200,000-row file with openpyxl takes 10–20 s; the refusal itself < 1 s
def test_200000_rows_refused_quickly_and_nothing_written(ledger: Ledger, tmp_path: Path) -> None:
    path = _many_rows(tmp_path / "qua-lon.xlsx", 200_000)
    before = table_counts(ledger)
    with refused("Đóng góp", "hơn 100.000 dòng", "chia thành nhiều tệp"):
        planning.plan(ledger, path)
    assert table_counts(ledger) == before


def test_formatted_empty_rows_do_not_count(ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Borders drawn down to row 3,000 make Excel write 3,000 <row> elements without values: not data."""
    from openpyxl.styles import Border, Side

    monkeypatch.setattr(guards, "MAX_DATA_ROWS", 1_000)
    wb = Workbook()
    ws = wb.active
    ws.title = "Đóng góp"
    ws.append(CONTRIBUTION_HEADERS)
    ws.append([1, "02/03/2026", "Tổ 1", "Phạm Văn Hải", None, None, None, "Tiền", 10])
    thin = Side(style="thin")
    for r in range(3, 3_001):
        for c in range(1, 16):
            ws.cell(r, c).border = Border(top=thin, bottom=thin)
    path = tmp_path / "ke-bang.xlsx"
    wb.save(path)
    [sheet] = reader.read_workbook(path).sheets
    assert [r.row for r in sheet.rows] == [2]
