"""The handoff file of a period (DESIGN §5.5): built by the ward, verified before anything trusts it.

`<unit code>_<period>.thidua` is a zip of manifest.json (format, unit, period, SHA-256 of every other
member, counts, the figures of §5.3, the Ed25519 signature), data.json (records with UUIDs; CCCD and
phone numbers only when the clerk asks, Nghị định 13/2023), report.pdf (the issued report, if any)
and data.xlsx (the same data for a person with only Excel).

Format version 2 adds the proposals sent upward: a "proposals" table in data.json and their dossier PDFs under
`proposals/` (upward.py: which ones, and the exact member names). Version 3 adds the period's indicators of the
movement (an "indicators" table, handoff_extras.py; the works carry their funding split since version 1). Files of
versions 1 and 2 still read (no proposals in 1, no indicators in 1 and 2).

The signature covers the manifest, and the manifest holds the hash of every member, so one
signature check plus one hash per member proves the whole file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from db.connection import Ledger
from desktop import __version__
from desktop.core.errors import UserError
from desktop.core.exchange import handoff_checks, handoff_collect, handoff_xlsx, keys, upward
from desktop.core.exchange.handoff_collect import PERSONAL, collect  # noqa: F401 — reached as handoff.collect
from desktop.core.exchange.handoff_schema import SchemaError
from desktop.core.files import safe_files
from desktop.core.ledger import setup, signing_key
from desktop.core.ledger.periods import Period
from desktop.core.report import narrative, register

FORMAT = "thidua-package"
# 2: the proposals sent upward (data.json "proposals", PDFs under proposals/); 3: the indicators (data.json
# "indicators"). A program that reads up to 2 refuses a version 3 file with "hãy cập nhật", not with "bảng lạ".
FORMAT_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
MEMBERS = ("manifest.json", "data.json", "report.pdf", "data.xlsx")  # and, from version 2, upward.MEMBER_RE
MAX_MEMBER_BYTES = 128 * 1024 * 1024  # data.json, data.xlsx, report.pdf: a very large ward's data.json is ~10 MB
MAX_MANIFEST_BYTES = 4 * 1024 * 1024  # read before the signature is checked: ~2 KB, 200 KB with 2,000 dossier PDFs
MAX_FILE_BYTES = 1024 * 1024 * 1024  # the file, and all its members unpacked
FAT32_LIMIT = 4 * 1024**3 - 1



SEQUENCE_KEY = "handoff_sequence:{period}"  # settings key: the ward's last export number of that period


def next_sequence(ledger: Ledger, period: Period) -> int:
    """The next export number of this period, kept in the ward's ledger and written into the signed manifest:
    the upper level orders a ward's files by it, not by the PC clock. Taken under the write lock, so two exports
    started together get different numbers. A counter like a row id: no audit row (the number is in the file),
    so an export does not make an open import preview stale."""
    key = SEQUENCE_KEY.format(period=period.code)
    with ledger.transaction():
        row = ledger.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        seq = (int(row[0]) if row and str(row[0]).isdigit() else 0) + 1
        ledger.conn.execute("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO "
                            "UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                            [key, str(seq), dt.datetime.now().astimezone().isoformat(timespec="seconds")])
    return seq


def file_name(unit_code: str, period: Period) -> str:
    return f"{unit_code}_{period.code}.thidua"


def canonical(obj: Any) -> bytes:
    """The exact bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def build(ledger: Ledger, period: Period, *, personal: bool = False,
          now: dt.datetime | None = None) -> tuple[bytes, dict[str, Any]]:
    """The handoff file's bytes and its manifest."""
    try:
        return _build(ledger, period, personal, now, one_connection=False)
    except handoff_collect.Changed:  # a write committed while the records were read (…): read them again, at once
        return _build(ledger, period, personal, now, one_connection=True)


def _build(ledger: Ledger, period: Period, personal: bool, now: dt.datetime | None, *, one_connection: bool
           ) -> tuple[bytes, dict[str, Any]]:
    unit = setup.get_unit(ledger)
    proposals, proposal_files = upward.collect(ledger, period)
    buf = io.BytesIO()
    # Level 1: the large ward's data.json (5.5 MB) deflates 2.3× faster than at level 6, to 1.0 MB instead of 0.84.
    zf = zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
    members: dict[str, bytes] = {}
    failed: list[BaseException] = []
    deflating: list[threading.Thread] = []

    def deflate() -> None:
        try:
            zf.writestr("data.json", members["data.json"])
        except BaseException as exc:  # raised below, on this thread
            failed.append(exc)

    def then(records: handoff_collect.Records) -> bytes:
        """data.json deflated on another thread (zlib lets go of the GIL) while the workbook is written here."""
        records.tables["proposals"] = proposals
        members["data.json"] = records.data_json()
        deflating.append(threading.Thread(target=deflate, daemon=True))
        deflating[0].start()
        return handoff_xlsx.of_rows(records.sheet, records.tables, period)

    try:
        records, members["data.xlsx"], summary = handoff_collect.gather(ledger, period, then, personal=personal,
                                                                         one_connection=one_connection)
        issued = register.current(ledger, narrative.KIND, period.code)
        if issued is not None:
            members["report.pdf"] = register.pdf_bytes(ledger, issued["id"])
        members.update(proposal_files)
        manifest: dict[str, Any] = {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "unit": {"name": unit["name"], "code": unit["code"], "kind": unit.get("kind"),
                     "province": unit.get("province")},
            "period": period.as_dict(),
            "sequence": next_sequence(ledger, period),
            "created_at": (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds"),
            "program_version": __version__,
            "members": {name: hashlib.sha256(blob).hexdigest() for name, blob in members.items()},
            "counts": records.counts(),
            "figures": summary,
            "personal_data": personal,
            "report": ({"symbol": issued["symbol"], "date": issued["doc_date"], "sha256": issued["sha256"]}
                       if issued else None),
        }
        manifest["signature"], manifest["key_fingerprint"] = keys.sign(ledger, canonical(_signed_part(manifest)))
    finally:
        for thread in deflating:
            thread.join()
    if failed:
        raise failed[0]
    with zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        for name, blob in members.items():
            if name != "data.json":  # a PDF or an xlsx is compressed already: stored as it is
                zf.writestr(name, blob, compress_type=zipfile.ZIP_STORED)
    return buf.getvalue(), manifest


def _signed_part(manifest: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in manifest.items() if k not in ("signature", "key_fingerprint")}


def export(ledger: Ledger, period: Period, folder: str | Path, *, personal: bool = False) -> dict[str, Any]:
    """Build, write safely (temporary name, fsync, rename), read back and verify with the ward's own key.
    Returns {"path", "manifest", "size", "warnings"}; raises UserError with nothing left under the name."""
    folder = Path(folder)
    unit = setup.get_unit(ledger)
    blob, manifest = build(ledger, period, personal=personal)
    warnings = []
    if manifest["report"] is None:
        warnings.append(f"Kỳ {period.label} chưa có báo cáo đã ban hành: tệp chỉ gồm số liệu, không kèm báo cáo.")
    if len(blob) > FAT32_LIMIT:
        warnings.append("Tệp lớn hơn 4 GiB: USB định dạng FAT32 không chứa được; hãy dùng USB định dạng exFAT/NTFS.")
    path = safe_files.write_file(folder / file_name(unit["code"], period), blob)
    key = signing_key.ensure_ward_key(ledger)
    try:
        read(path, trusted_keys={key["fingerprint"]: key["public_key"]}, parse_data=False)
    except UserError:
        path.unlink(missing_ok=True)
        raise
    return {"path": path, "manifest": manifest, "size": len(blob), "warnings": warnings}


# --------------------------------------------------------------------------- reading and verifying
# Order (issue 19, "Trusted too far"): the zip's directory (names, duplicates, declared sizes), then the manifest
# read with a small cap, parsed and checked against its schema, then the signature over it, and only then the
# other members, each streamed through its hash with a cap; data.json is parsed last and every record checked.
# A crafted file is refused with the file, the record and the field named; it never raises anything else.


@dataclass
class Package:
    path: Path
    manifest: dict[str, Any]
    data: dict[str, list[dict[str, Any]]]
    sha256: str  # of the whole file: the same file imported twice is recognised
    signed_by: str | None  # the fingerprint when the signature checked out against a trusted key
    files: dict[str, bytes] = field(default_factory=dict)  # the dossier PDFs under proposals/ (version 2)


def _refuse(path: Path, why: str) -> UserError:
    return UserError(f"Tệp {path.name} bị từ chối: {why}")


def _version(path: Path, manifest: dict[str, Any], names: set[str]) -> int:
    """The file's format version (1 or 2); a version 1 file holds no dossier PDFs."""
    version = manifest.get("format_version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise _refuse(path, f"định dạng phiên bản {_short(version)} chưa được hỗ trợ (chương trình này đọc phiên "
                            f"bản {', '.join(map(str, READABLE_VERSIONS))}). Hãy cập nhật Sổ Thi đua.")
    files = sorted(n for n in names if upward.is_member(n))
    if files and version < 2:
        raise _refuse(path, f"có thành phần lạ \"{files[0]}\" (tệp phiên bản {version} không kèm hồ sơ "
                            "đề nghị khen thưởng).")
    return int(version)


def _short(value: Any) -> str:
    text = value if isinstance(value, str | int) and not isinstance(value, bool) else type(value).__name__
    return str(text)[:20]


def _json(path: Path, blob: bytes, name: str) -> Any:
    try:
        # NaN and Infinity are read as floats so that the record check names the record and field holding them.
        return json.loads(blob.decode("utf-8"))
    except RecursionError as exc:  # nested thousands deep: no record of the format is
        raise _refuse(path, f"{name} lồng nhau quá sâu, không phải tệp do Sổ Thi đua tạo.") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise _refuse(path, f"{name} hỏng.") from exc


def _directory(path: Path, zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The members by name: no name twice, none outside the root or unknown, none declared too large."""
    infos = zf.infolist()
    dossier = sum(1 for i in infos if upward.is_member(i.filename))  # PDFs under proposals/ (version 2)
    if dossier > upward.MAX_FILES or len(infos) - dossier > len(MEMBERS):
        raise _refuse(path, f"có {len(infos)} thành phần, nhiều hơn mức cho phép ({len(MEMBERS)} và "
                            f"tối đa {upward.MAX_FILES} tệp hồ sơ).")
    out: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        pure = PurePosixPath(name.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts or ":" in name:
            raise _refuse(path, f"có thành phần nằm ngoài thư mục gốc (\"{name}\") — tệp có thể độc hại.")
        if name not in MEMBERS and not upward.is_member(name):
            raise _refuse(path, f"có thành phần lạ \"{name[:100]}\".")
        if name in out:  # which of the two would be read is the zip reader's choice: neither is trusted
            raise _refuse(path, f"có hai thành phần cùng tên \"{name}\" — tệp có thể bị sửa.")
        total += info.file_size
        if info.file_size > _limit(name) or total > MAX_FILE_BYTES:
            raise _refuse(path, f"thành phần \"{name}\" quá lớn.")
        out[name] = info
    if "manifest.json" not in out or "data.json" not in out:
        raise _refuse(path, "thiếu manifest.json hoặc data.json.")
    return out


def _limit(name: str) -> int:
    if name == "manifest.json":
        return MAX_MANIFEST_BYTES
    return upward.MAX_PDF_BYTES if upward.is_member(name) else MAX_MEMBER_BYTES


def _member(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, digest: str | None, keep: bool) -> bytes:
    """A member streamed through SHA-256 with its cap (never trusting the declared size); its bytes if `keep`."""
    limit, h, chunks, size = _limit(info.filename), hashlib.sha256(), [], 0
    with zf.open(info) as fh:
        while chunk := fh.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                raise _refuse(path, f"thành phần \"{info.filename}\" quá lớn (có thể là \"bom nén\").")
            h.update(chunk)
            if keep:
                chunks.append(chunk)
    if digest is not None and h.hexdigest() != digest:
        raise _refuse(path, f"thành phần \"{info.filename}\" đã bị thay đổi (mã SHA-256 không khớp).")
    return b"".join(chunks)


def _manifest(path: Path, zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]) -> tuple[dict[str, Any], int]:
    """The manifest, checked against its schema, and the file's format version."""
    manifest = _json(path, _member(path, zf, infos["manifest.json"], None, True), "manifest.json")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(path, "không phải tệp dữ liệu của Sổ Thi đua.")
    version = _version(path, manifest, set(infos))
    try:
        handoff_checks.manifest(manifest)
    except SchemaError as exc:
        raise _refuse(path, f"{exc}") from None
    if set(manifest["members"]) != set(infos) - {"manifest.json"}:
        raise _refuse(path, "danh sách thành phần trong manifest không khớp nội dung tệp.")
    return manifest, version


def _signature(path: Path, manifest: dict[str, Any], trusted_keys: dict[str, str] | None) -> str | None:
    if trusted_keys is None:
        return None
    fp, sig = manifest.get("key_fingerprint"), manifest.get("signature")
    if not fp or not sig:
        raise _refuse(path, "tệp không có chữ ký số.")
    if fp not in trusted_keys:
        raise _refuse(path, f"chữ ký của khóa {fp} chưa được đăng ký (đơn vị chưa đăng ký hoặc đã đổi khóa).")
    if not keys.verify(trusted_keys[fp], sig, canonical(_signed_part(manifest))):
        raise _refuse(path, "chữ ký số không hợp lệ — nội dung đã bị sửa sau khi ký.")
    return fp


def _file_sha256(fh: Any) -> str:
    fh.seek(0)
    h = hashlib.sha256()
    while chunk := fh.read(1024 * 1024):
        h.update(chunk)
    return h.hexdigest()


def read(path: str | Path, trusted_keys: dict[str, str] | None = None, *, parse_data: bool = True) -> Package:
    """Open a handoff file and check everything before returning any of it: size, zip structure, member names
    and sizes, the manifest's schema, format version, the signature when `trusted_keys` ({fingerprint: public key
    hex}) is given, hashes, and every record of data.json. Raises UserError naming the file and the reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size == 0:
            raise _refuse(path, "tệp rỗng (0 byte) — có thể chép chưa xong hoặc USB bị rút ra giữa chừng.")
        if size > MAX_FILE_BYTES:
            raise _refuse(path, "tệp lớn bất thường (trên 1 GiB).")
        fh = path.open("rb")
    except OSError as exc:
        raise UserError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from exc
    with fh:
        if not zipfile.is_zipfile(fh):
            raise _refuse(path, "không phải tệp dữ liệu của Sổ Thi đua, hoặc tệp bị cắt cụt/hỏng khi chép.")
        try:
            with zipfile.ZipFile(fh) as zf:
                infos = _directory(path, zf)
                manifest, version = _manifest(path, zf, infos)
                signed_by = _signature(path, manifest, trusted_keys)
                blobs = {name: _member(path, zf, info, manifest["members"][name],
                                       keep=name == "data.json" or upward.is_member(name))
                         for name, info in infos.items() if name != "manifest.json"}
            sha = _file_sha256(fh)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                ValueError) as exc:
            raise _refuse(path, "tệp nén bị hỏng hoặc bị cắt cụt.") from exc
        except RuntimeError as exc:  # an encrypted member
            raise _refuse(path, "tệp có mật khẩu, không phải tệp do Sổ Thi đua tạo.") from exc
    files = {n: b for n, b in blobs.items() if upward.is_member(n)}
    if not parse_data:
        # The writer's read-back: the hashes prove its own bytes (parsing 20,000 rows again proves nothing more).
        return Package(path, manifest, {}, sha, signed_by, files)
    data = _json(path, blobs.pop("data.json"), "data.json")
    try:
        handoff_checks.data(data, manifest, version)
    except SchemaError as exc:
        raise _refuse(path, f"{exc}") from None
    data.setdefault("proposals", [])  # a version 1 file sends none
    data.setdefault("indicators", [])  # nor does a file of version 1 or 2
    return Package(path, manifest, data, sha, signed_by, files)
