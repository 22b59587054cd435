"""The handoff file of a period (DESIGN §5.5): built by the ward, verified before anything trusts it.

`<unit code>_<period>.thidua` is a zip of manifest.json (format, unit, period, SHA-256 of every other
member, counts, the figures of §5.3, the Ed25519 signature), data.json (records with UUIDs; CCCD and
phone numbers only when the clerk asks, Nghị định 13/2023), report.pdf (the issued report, if any)
and data.xlsx (the same data for a person with only Excel).

Format version 2 adds the proposals sent upward: a "proposals" table in data.json and their dossier PDFs under
`proposals/` (upward.py: which ones, and the exact member names). Version 1 files still read (no proposals).

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
from operator import itemgetter
from pathlib import Path, PurePosixPath
from typing import Any

from db.connection import Ledger
from desktop import __version__
from desktop.core.errors import UserError
from desktop.core.exchange import keys, upward
from desktop.core.figures import figures
from desktop.core.files import safe_files
from desktop.core.ledger import setup, signing_key
from desktop.core.ledger.periods import Period
from desktop.core.report import narrative, register

FORMAT = "thidua-package"
FORMAT_VERSION = 2  # 2: the proposals sent upward (data.json "proposals", PDFs under proposals/)
READABLE_VERSIONS = (1, 2)
MEMBERS = ("manifest.json", "data.json", "report.pdf", "data.xlsx")  # and, from version 2, upward.MEMBER_RE
MAX_MEMBER_BYTES = 512 * 1024 * 1024  # a very large ward's data.json is ~10 MB
MAX_FILE_BYTES = 1024 * 1024 * 1024
FAT32_LIMIT = 4 * 1024**3 - 1

# What goes into data.json, per table (personal columns are added only on request).
_COLUMNS = {
    "groups": ("uuid", "name", "households", "population", "active"),
    "works": ("uuid", "name", "kind", "status", "length_m", "width_before_m", "width_after_m", "budget_state_vnd",
              "budget_social_vnd", "budget_people_vnd", "start_date", "completed_date"),
    "contributors": ("uuid", "name", "kind", "group_uuid", "address", "birth_year"),
    "contributions": ("uuid", "contributor_uuid", "group_uuid", "work_uuid", "date", "kind", "quantity", "unit",
                      "value_vnd", "status", "land_map_sheet", "land_parcel", "land_type", "land_handover",
                      "evidence_no", "evidence_date"),
}
PERSONAL = ("phone", "cccd")


def file_name(unit_code: str, period: Period) -> str:
    return f"{unit_code}_{period.code}.thidua"


def canonical(obj: Any) -> bytes:
    """The exact bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _rows(ledger: Ledger, sql: str, args: list[Any]) -> list[dict[str, Any]]:
    """Rows as dicts with their keys in sorted order, so that data.json is canonical without json's
    sort_keys (sorting 10,000 dicts again cost a fifth of writing them)."""
    cur = ledger.conn.execute(sql, args)
    cols = [d[0] for d in cur.description]
    order = sorted(range(len(cols)), key=cols.__getitem__)
    keys_sorted = [cols[i] for i in order]
    pick = itemgetter(*order) if len(order) > 1 else (lambda r: (r[0],))
    return [dict(zip(keys_sorted, pick(r), strict=True)) for r in cur]


def _data_json(data: dict[str, list[dict[str, Any]]]) -> bytes:
    """canonical(data), given that collect() made every dict with its keys sorted."""
    ordered = {table: data[table] for table in sorted(data)}
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def collect(ledger: Ledger, period: Period, *, personal: bool = False) -> dict[str, list[dict[str, Any]]]:
    """The period's records: its contributions (not deleted) and the groups, works and people they name."""
    a = [period.start, period.end]
    contribs = _rows(ledger, f"""
        SELECT {", ".join("c." + c for c in _COLUMNS["contributions"] if not c.endswith("_uuid"))},
          p.uuid AS contributor_uuid, g.uuid AS group_uuid, w.uuid AS work_uuid
        FROM contributions c JOIN contributors p ON p.id = c.contributor_id JOIN groups g ON g.id = c.group_id
          LEFT JOIN works w ON w.id = c.work_id
        WHERE c.deleted_at IS NULL AND c.date BETWEEN ? AND ? ORDER BY c.date, c.id""", a)
    people_cols = [c for c in _COLUMNS["contributors"] if c != "group_uuid"] + (list(PERSONAL) if personal else [])
    people = _rows(ledger, f"""
        SELECT {", ".join("p." + c for c in people_cols)}, g.uuid AS group_uuid FROM contributors p
        LEFT JOIN groups g ON g.id = p.group_id
        WHERE p.id IN (SELECT contributor_id FROM contributions WHERE deleted_at IS NULL AND date BETWEEN ? AND ?)
        ORDER BY p.id""", a)
    works = _rows(ledger, f"""
        SELECT {", ".join(_COLUMNS["works"])} FROM works WHERE deleted_at IS NULL AND (
          id IN (SELECT work_id FROM contributions WHERE deleted_at IS NULL AND date BETWEEN ? AND ?)
          OR (status = 'hoan_thanh' AND completed_date BETWEEN ? AND ?)) ORDER BY id""", a + a)
    work_groups = _rows(ledger, """
        SELECT w.uuid AS work_uuid, g.uuid AS group_uuid FROM work_groups wg JOIN works w ON w.id = wg.work_id
        JOIN groups g ON g.id = wg.group_id WHERE w.uuid IN (SELECT value FROM json_each(?)) ORDER BY w.id, g.id""",
                        [json.dumps([w["uuid"] for w in works])])
    groups = _rows(ledger, f"SELECT {', '.join(_COLUMNS['groups'])} FROM groups WHERE deleted_at IS NULL ORDER BY id",
                   [])
    return {"groups": groups, "works": works, "work_groups": work_groups, "contributors": people,
            "contributions": contribs}


def _xlsx(data: dict[str, list[dict[str, Any]]], unit: dict[str, Any], period: Period) -> bytes:
    """The same records for a person with only Excel: one sheet per table, names and Vietnamese words instead
    of UUIDs and codes, real dates and numbers."""
    from desktop.core.files import xlsx_plain
    from desktop.core.ledger.vocab import CONTRIBUTION_KINDS, CONTRIBUTION_STATUSES, WORK_KINDS, WORK_STATUSES

    groups = {g["uuid"]: g["name"] for g in data["groups"]}
    works = {w["uuid"]: w["name"] for w in data["works"]}
    people = {p["uuid"]: p["name"] for p in data["contributors"]}

    def day(iso: str | None) -> dt.date | None:
        return dt.date.fromisoformat(iso) if iso else None

    contributions = (
        [day(c["date"]), groups.get(c["group_uuid"]), people.get(c["contributor_uuid"]), works.get(c["work_uuid"]),
         CONTRIBUTION_KINDS.get(c["kind"], c["kind"]), float(c["quantity"]), c["unit"], int(c["value_vnd"]),
         CONTRIBUTION_STATUSES.get(c["status"], c["status"])]
        for c in data["contributions"])
    return xlsx_plain.workbook([
        (f"Đóng góp {period.code}", ["Ngày", "Tổ dân phố", "Người đóng góp", "Công trình", "Hình thức", "Số lượng",
                                     "Đơn vị tính", "Giá trị quy đổi (đồng)", "Trạng thái"], contributions),
        ("Tổ dân phố", ["Tên", "Số hộ", "Nhân khẩu"],
         ([g["name"], g["households"], g["population"]] for g in data["groups"])),
        ("Công trình", ["Tên", "Loại", "Trạng thái", "Chiều dài (m)", "Ngày hoàn thành"],
         ([w["name"], WORK_KINDS.get(w["kind"], w["kind"]), WORK_STATUSES.get(w["status"], w["status"]),
           w["length_m"], day(w["completed_date"])] for w in data["works"])),
    ])


def build(ledger: Ledger, period: Period, *, personal: bool = False,
          now: dt.datetime | None = None) -> tuple[bytes, dict[str, Any]]:
    """The handoff file's bytes and its manifest."""
    unit = setup.get_unit(ledger)
    data = collect(ledger, period, personal=personal)
    data["proposals"], proposal_files = upward.collect(ledger, period)
    members: dict[str, bytes] = {"data.json": _data_json(data)}
    buf = io.BytesIO()
    zf = zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    # data.json is deflated on another thread (zlib lets go of the GIL) while this one builds the
    # workbook and the figures: a fifth of the export's time on the large ward.
    failed: list[BaseException] = []

    def deflate() -> None:
        try:
            zf.writestr("data.json", members["data.json"])
        except BaseException as exc:  # raised below, on this thread
            failed.append(exc)

    deflating = threading.Thread(target=deflate, daemon=True)
    deflating.start()
    try:
        issued = register.current(ledger, narrative.KIND, period.code)
        if issued is not None:
            members["report.pdf"] = register.pdf_bytes(ledger, issued["id"])
        members["data.xlsx"] = _xlsx(data, unit, period)
        members.update(proposal_files)
        manifest: dict[str, Any] = {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "unit": {"name": unit["name"], "code": unit["code"], "kind": unit.get("kind"),
                     "province": unit.get("province")},
            "period": period.as_dict(),
            "created_at": (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds"),
            "program_version": __version__,
            "members": {name: hashlib.sha256(blob).hexdigest() for name, blob in members.items()},
            "counts": {table: len(rows) for table, rows in data.items()},
            "figures": figures.summary(ledger, period),
            "personal_data": personal,
            "report": ({"symbol": issued["symbol"], "date": issued["doc_date"], "sha256": issued["sha256"]}
                       if issued else None),
        }
        manifest["signature"], manifest["key_fingerprint"] = keys.sign(ledger, canonical(_signed_part(manifest)))
    finally:
        deflating.join()
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


def _version(path: Path, manifest: dict[str, Any], members: dict[str, bytes]) -> tuple[int, dict[str, bytes]]:
    """The file's format version (1 or 2) and its dossier PDFs; a version 1 file holds none."""
    version = manifest.get("format_version")
    if version not in READABLE_VERSIONS:
        raise _refuse(path, f"định dạng phiên bản {version!r} chưa được hỗ trợ (chương trình này đọc phiên bản "
                            f"{', '.join(map(str, READABLE_VERSIONS))}). Hãy cập nhật Sổ Thi đua.")
    files = {n: b for n, b in members.items() if upward.is_member(n)}
    if files and version < 2:
        raise _refuse(path, f"có thành phần lạ \"{next(iter(files))}\" (tệp phiên bản {version} không kèm hồ sơ "
                            "đề nghị khen thưởng).")
    return int(version), files


def read(path: str | Path, trusted_keys: dict[str, str] | None = None, *, parse_data: bool = True) -> Package:
    """Open a handoff file and check everything before returning any of it: size, zip structure, member names
    and sizes, format version, hashes, and — when `trusted_keys` ({fingerprint: public key hex}) is given —
    the signature. Raises UserError naming the file and the reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size == 0:
            raise _refuse(path, "tệp rỗng (0 byte) — có thể chép chưa xong hoặc USB bị rút ra giữa chừng.")
        if size > MAX_FILE_BYTES:
            raise _refuse(path, "tệp lớn bất thường (trên 1 GiB).")
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from exc
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise _refuse(path, "không phải tệp dữ liệu của Sổ Thi đua, hoặc tệp bị cắt cụt/hỏng khi chép.")
    members: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            infos = zf.infolist()
            dossier = sum(1 for i in infos if upward.is_member(i.filename))  # PDFs under proposals/ (version 2)
            if dossier > upward.MAX_FILES or len(infos) - dossier > len(MEMBERS):
                raise _refuse(path, f"có {len(infos)} thành phần, nhiều hơn mức cho phép ({len(MEMBERS)} và "
                                    f"tối đa {upward.MAX_FILES} tệp hồ sơ).")
            for info in infos:
                name = info.filename
                pure = PurePosixPath(name.replace("\\", "/"))
                if pure.is_absolute() or ".." in pure.parts or ":" in name:
                    raise _refuse(path, f"có thành phần nằm ngoài thư mục gốc (\"{name}\") — tệp có thể độc hại.")
                if name not in MEMBERS and not upward.is_member(name):
                    raise _refuse(path, f"có thành phần lạ \"{name}\".")
                limit = upward.MAX_PDF_BYTES if upward.is_member(name) else MAX_MEMBER_BYTES
                if info.file_size > limit:
                    raise _refuse(path, f"thành phần \"{name}\" quá lớn.")
                with zf.open(info) as fh:  # never trust the declared size: read at most the limit
                    blob = fh.read(limit + 1)
                if len(blob) > limit:
                    raise _refuse(path, f"thành phần \"{name}\" quá lớn (có thể là \"bom nén\").")
                members[name] = blob
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise _refuse(path, "tệp nén bị hỏng hoặc bị cắt cụt.") from exc
    except RuntimeError as exc:  # an encrypted member
        raise _refuse(path, "tệp có mật khẩu, không phải tệp do Sổ Thi đua tạo.") from exc
    if "manifest.json" not in members or "data.json" not in members:
        raise _refuse(path, "thiếu manifest.json hoặc data.json.")
    try:
        manifest = json.loads(members["manifest.json"].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _refuse(path, "manifest.json hỏng.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(path, "không phải tệp dữ liệu của Sổ Thi đua.")
    version, files = _version(path, manifest, members)
    listed = manifest.get("members")
    if not isinstance(listed, dict) or set(listed) != set(members) - {"manifest.json"}:
        raise _refuse(path, "danh sách thành phần trong manifest không khớp nội dung tệp.")
    for name, digest in listed.items():
        if hashlib.sha256(members[name]).hexdigest() != digest:
            raise _refuse(path, f"thành phần \"{name}\" đã bị thay đổi (mã SHA-256 không khớp).")
    signed_by = None
    if trusted_keys is not None:
        fp, sig = manifest.get("key_fingerprint"), manifest.get("signature")
        if not fp or not sig:
            raise _refuse(path, "tệp không có chữ ký số.")
        if fp not in trusted_keys:
            raise _refuse(path, f"chữ ký của khóa {fp} chưa được đăng ký (đơn vị chưa đăng ký hoặc đã đổi khóa).")
        if not keys.verify(trusted_keys[fp], sig, canonical(_signed_part(manifest))):
            raise _refuse(path, "chữ ký số không hợp lệ — nội dung đã bị sửa sau khi ký.")
        signed_by = fp
    if not parse_data:
        # The writer's read-back: the hashes prove its own bytes (parsing 20,000 rows again proves nothing more).
        return Package(path, manifest, {}, hashlib.sha256(raw).hexdigest(), signed_by, files)
    try:
        data = json.loads(members["data.json"].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _refuse(path, "data.json hỏng.") from exc
    if not isinstance(data, dict) or any(not isinstance(data.get(t), list)
                                         for t in (*_COLUMNS, *(("proposals",) if version >= 2 else ()))):
        raise _refuse(path, "data.json thiếu bảng dữ liệu.")
    data.setdefault("proposals", [])  # a version 1 file sends none
    return Package(path, manifest, data, hashlib.sha256(raw).hexdigest(), signed_by, files)
