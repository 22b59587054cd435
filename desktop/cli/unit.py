"""`thidua unit`: show or change the unit's details — name, code, province, the place name of the date line, the
signer (name, title, TM./KT.), the receiving bodies — from options or a JSON/TOML file. `thidua init` takes the
same options (`add_unit_options`), so a ledger can be made ready to issue in one command.

Every change goes through `setup.update_unit` (one transaction with its audit row); a bad value is refused with
the field's Vietnamese message and nothing is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from desktop.cli.common import Command, opened, print_json, read_data, user_path
from desktop.core.errors import UserError, ValidationError
from desktop.core.ledger import setup
from desktop.core.ledger.vocab import RECEIVING_LEVELS, SIGN_MODES, UNIT_KINDS
from desktop.core.text.vntext import fold

# (column of `unit`, option, label, help) in the order of Cài đặt → Thông tin đơn vị. The labels are those of
# setup.validate_unit, so a refusal and the listing use the same words.
FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("name", "--unit-name", "Tên đơn vị", 'ví dụ "Phường Nguyễn Nghiêm"'),
    ("code", "--unit-code", "Mã ĐVHC", "mã đơn vị hành chính, ví dụ 21580"),
    ("kind", "--kind", "Loại đơn vị", ", ".join(UNIT_KINDS)),
    ("province", "--province", "Tỉnh/thành phố", 'ví dụ "Quảng Ngãi"'),
    ("place_name", "--place-name", "Địa danh ghi ngày tháng",
     'địa danh ở dòng ngày tháng, ví dụ "Phường Nguyễn Nghiêm" (Nghị định 30/2020, Phụ lục I)'),
    ("issuer_abbr", "--issuer-abbr", "Chữ viết tắt cơ quan ban hành", 'trong số, ký hiệu văn bản, ví dụ "UBND"'),
    ("drafting_abbr", "--drafting-abbr", "Chữ viết tắt đơn vị soạn thảo", 'trong dòng "Lưu: VT, …", ví dụ "VHXH"'),
    ("signer_name", "--signer-name", "Người ký", "họ tên người ký văn bản"),
    ("signer_title", "--signer-title", "Chức vụ người ký", '"Chủ tịch" (TM.) hoặc "Phó Chủ tịch" (KT.)'),
    ("sign_mode", "--sign-mode", "Quyền ký", "TM (Chủ tịch ký thay mặt UBND) hoặc KT (Phó Chủ tịch ký thay)"),
    ("chairman_name", "--chairman-name", "Chủ tịch UBND", "họ tên Chủ tịch Ủy ban nhân dân"),
    ("receiving_level", "--receiving-level", "Cấp nhận báo cáo", "tinh (từ 01/7/2025) hoặc huyen"),
    ("receiving_name", "--receiving-name", "Cơ quan cấp trên nhận báo cáo",
     'dòng "Kính gửi" mặc định, ví dụ "Ủy ban nhân dân tỉnh Quảng Ngãi"'),
    ("receiving_office", "--receiving-office", "Cơ quan tham mưu cấp trên", 'ví dụ "Sở Nội vụ tỉnh Quảng Ngãi"'),
    ("group_label", "--group-label", "Cách gọi tổ dân phố/thôn", '"Tổ dân phố" hoặc "Thôn"'),
    ("user_name", "--user", "Tên người sử dụng", "ghi vào lịch sử thay đổi"),
    ("period_start", "--period-start", "Ngày bắt đầu kỳ báo cáo", "dạng MM-DD, ví dụ 01-01 hoặc 12-15"),
)
LABELS = {column: label for column, _, label, _ in FIELDS}
CHOICES = {"kind": UNIT_KINDS, "sign_mode": SIGN_MODES, "receiving_level": RECEIVING_LEVELS}


def add_unit_options(s: argparse.ArgumentParser, *, skip: tuple[str, ...] = ()) -> None:
    """One option per field of the unit (`--signer-name`, `--sign-mode` …); an empty value ("") clears a field."""
    for column, option, _label, text in FIELDS:
        if column not in skip:
            s.add_argument(option, dest=f"unit_{column}", default=None, metavar="…", help=text)


def unit_values(args: argparse.Namespace) -> dict[str, Any]:
    """The fields given on the command line (None: not given)."""
    return {c: getattr(args, f"unit_{c}") for c, *_ in FIELDS if getattr(args, f"unit_{c}", None) is not None}


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("unit", help="xem hoặc sửa thông tin đơn vị: tên, địa danh, người ký (TM./KT.), cơ quan nhận "
                                    "báo cáo …")
    s.add_argument("--from", dest="source", metavar="FILE.json|FILE.toml", default=None,
                   help="đọc các trường từ tệp (khóa như trong \"thidua unit --format json\"); tùy chọn trên dòng "
                        "lệnh được ưu tiên")
    add_unit_options(s)
    s.add_argument("--format", choices=["text", "json"], default="text", help="cách in thông tin đơn vị")


def file_values(path: str) -> dict[str, Any]:
    """The fields of a JSON/TOML file; an unknown key is refused with the list of valid ones."""
    data = read_data(user_path(path))
    unknown = [k for k in data if k not in LABELS]
    if unknown:
        valid = "; ".join(f"{c} ({label})" for c, label in LABELS.items())
        raise UserError(f"Tệp {path}: không có trường {', '.join(repr(k) for k in unknown)}. Các trường hợp lệ: "
                        f"{valid}.")
    wrong = [k for k, v in data.items() if v is not None and (isinstance(v, bool) or not isinstance(v, str | int))]
    if wrong:
        raise UserError(f"Tệp {path}: trường {', '.join(wrong)} phải là chữ (trong dấu \"…\").")
    return {k: "" if v is None else str(v) for k, v in data.items()}


def validated(values: dict[str, Any], *, creating: bool, before: dict[str, Any] | None = None) -> dict[str, Any]:
    """`setup.validate_unit` plus the signer check, every problem at once, one a line, each with the option that
    sets the field (and the codes a choice takes). `before`: the unit as it is (None when creating)."""
    options = {column: option for column, option, _, _ in FIELDS}
    lines, clean = [], {}
    try:
        clean = setup.validate_unit(values, creating=creating)
    except ValidationError as exc:
        for column, message in exc.errors.items():
            hint = f" Gõ một trong: {', '.join(CHOICES[column])}." if column in CHOICES else ""
            lines.append(f"{options.get(column, column)}: {message}{hint}")
    after = {**(before or setup.defaults_for(clean)), **values, **clean}  # a sign mode refused above stays raw
    if problem := signer_problem(after.get("sign_mode"), after.get("signer_title")):
        lines.append(problem)
    if lines:
        raise UserError("Thông tin đơn vị chưa hợp lệ (chưa ghi gì vào sổ):\n" + "\n".join(f"  - {x}" for x in lines))
    return clean


def signer_problem(mode: Any, title: Any) -> str:
    """KT. is a deputy signing for the head (Nghị định 30/2020, Phụ lục I; domain.md §1 "TM./KT."): the title
    under "KT. CHỦ TỊCH" cannot be "Chủ tịch" itself. Empty when the pair is right."""
    deputy = fold(str(mode or "")) in (fold("KT"), fold(SIGN_MODES["KT"]))
    if deputy and fold(str(title or "")) in ("", fold("Chủ tịch")):
        return ("--sign-mode KT (ký thay Chủ tịch) thì chức vụ người ký là Phó Chủ tịch: thêm --signer-title "
                "\"Phó Chủ tịch\".")
    return ""


def describe(unit: dict[str, Any]) -> list[str]:
    """The unit as the clerk reads it, with the date line and the signature block as they will print."""
    from desktop.core.pdf import heading

    lines = []
    for column, _option, label, _ in FIELDS:
        value = unit.get(column)
        shown = CHOICES[column].get(value, value) if column in CHOICES and value else value
        lines.append(f"  {label:<32} {shown if shown else '(chưa có)'}")
    sig = heading.signature(unit)
    lines.append(f"  {'Dòng ngày tháng in ra':<32} {heading.place_date(unit, dt.date.today())}")
    lines.append(f"  {'Khối chữ ký in ra':<32} {' / '.join([*sig.authority, sig.name or '(chưa có tên người ký)'])}")
    return lines


def cmd_unit(args: argparse.Namespace) -> int:
    values = file_values(args.source) if args.source else {}
    values.update(unit_values(args))
    with opened(args) as ledger:
        before = setup.get_unit(ledger)
        if values:
            validated(values, creating=False, before=before)  # every problem at once, nothing written
            setup.update_unit(ledger, values)
        unit = setup.get_unit(ledger)
    changed = [LABELS[c] for c in LABELS if before.get(c) != unit.get(c)]
    if args.format == "json":
        print_json({c: unit.get(c) for c in LABELS})
    else:
        print(f"Thông tin đơn vị — {unit.get('name')}:")
        print("\n".join(describe(unit)))
    if values:
        note = f"Đã lưu: {', '.join(changed)}." if changed else "Không có gì thay đổi."
        print(note, file=sys.stderr if args.format == "json" else sys.stdout)
    return 0


COMMANDS: dict[str, Command] = {"unit": cmd_unit}
