"""The ward's signing key at the command line (issue 19, fault 9): `thidua key backup|restore|new|status` (the
parsers are added to `thidua key` by desktop.cli.exchange, which keeps `key export`), and at the upper level
`thidua ward key CODE FILE` (register the first key of a listed ward, or a replacement with --ly-do)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from db.connection import Ledger
from desktop.cli.common import opened, user_path
from desktop.core.errors import UserError
from desktop.core.text.vnformat import format_date

NO_KEY = "(chưa có khóa)"


def add_key_parsers(ksub: argparse._SubParsersAction) -> None:
    """The sub-commands of `thidua key` besides `export`."""
    b = ksub.add_parser("backup", help="sao lưu khóa ký riêng ra tệp, bảo vệ bằng mật khẩu (để chuyển máy)")
    b.add_argument("file", metavar="FILE")
    b.add_argument("--passphrase-file", metavar="TỆP", help="đọc mật khẩu từ dòng đầu của tệp (chạy tự động)")
    r = ksub.add_parser("restore", help="khôi phục khóa ký từ tệp sao lưu khóa (cần mật khẩu)")
    r.add_argument("file", metavar="FILE")
    r.add_argument("--passphrase-file", metavar="TỆP", help="đọc mật khẩu từ dòng đầu của tệp")
    r.add_argument("--thay-khoa-hien-tai", dest="replace_current", action="store_true",
                   help="dùng khóa trong tệp thay cho khóa hiện tại của sổ (khi sổ được lập lại; cần --ly-do)")
    r.add_argument("--ly-do", "--reason", dest="reason", default="", metavar="LÝ_DO")
    n = ksub.add_parser("new", help="tạo khóa ký mới khi mất khóa (ghi lý do), xuất tệp khóa công khai gửi cấp trên")
    n.add_argument("--ly-do", "--reason", dest="reason", required=True, metavar="LÝ_DO")
    n.add_argument("--out", required=True, metavar="FILE", help="tệp khóa công khai mới để gửi cấp trên")
    ksub.add_parser("status", help="khóa ký của sổ: dấu vân tay, nơi lưu tệp khóa, có dùng được trên máy này không")


def _passphrase(args: argparse.Namespace, *, twice: bool) -> str:
    if args.passphrase_file:
        try:
            lines = Path(user_path(args.passphrase_file)).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"Không đọc được tệp mật khẩu {args.passphrase_file}.") from exc
        return lines[0] if lines else ""
    first = getpass.getpass("Mật khẩu bảo vệ khóa: ")
    if twice and getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise UserError("Hai lần nhập mật khẩu không giống nhau. Chưa ghi tệp nào.")
    return first


def cmd_key(args: argparse.Namespace) -> int:
    from desktop.core.ledger import key_backup, signing_key

    with opened(args) as ledger:
        if args.key_command == "backup":
            passphrase = key_backup.check_passphrase(_passphrase(args, twice=True))
            path = key_backup.write_backup(ledger, user_path(args.file), passphrase)
            print(f"Đã sao lưu khóa ký ra {path} (dấu vân tay {signing_key.ensure_ward_key(ledger)['fingerprint']}).")
            print("Cất tệp này và mật khẩu ở hai nơi khác nhau. Mất cả hai thì phải tạo khóa mới và đăng ký lại với "
                  "cấp trên.")
        elif args.key_command == "restore":
            if args.replace_current and not args.reason.strip():
                raise UserError("--thay-khoa-hien-tai cần --ly-do \"…\" (ghi vào lịch sử). Chưa ghi gì.")
            out = key_backup.restore(ledger, user_path(args.file), _passphrase(args, twice=False),
                                     replace_reason=args.reason if args.replace_current else None)
            print(f"Đã khôi phục khóa ký (dấu vân tay {out['fingerprint']}) vào {out['path']}.")
            if out["action"] == "replaced":
                print(f"Khóa này thay khóa {out['old_fingerprint']} của sổ: nếu cấp trên chưa đăng ký khóa "
                      f"{out['fingerprint']}, hãy xuất tệp khóa công khai (thidua key export) và gửi lên.")
        elif args.key_command == "new":
            _new_key(ledger, args)
        else:
            _status(ledger)
    return 0


def _new_key(ledger: Ledger, args: argparse.Namespace) -> None:
    from desktop.core.exchange import keys
    from desktop.core.ledger import signing_key

    out_path = Path(user_path(args.out))
    if not out_path.parent.is_dir():
        raise UserError(f"Không có thư mục {out_path.parent}: chọn nơi ghi tệp khóa công khai khác. Chưa tạo khóa.")
    new = signing_key.replace_key(ledger, args.reason)
    path = keys.export_public_key(ledger, out_path)
    print(f"Đã tạo khóa ký mới — dấu vân tay {new['fingerprint']} (khóa cũ: {new['old_fingerprint'] or '—'}).")
    print(f"Tệp khóa công khai mới: {path}. Gửi tệp này cho cấp trên kèm lý do (công văn); cấp trên đăng ký bằng "
          "“thidua ward key MÃ TỆP --ly-do …”, rồi gọi điện đọc dấu vân tay ở trên để đối chiếu. Tệp lập bằng khóa "
          "cũ sẽ bị cấp trên ghi là “ký bằng khóa cũ”. Nên sao lưu ngay khóa mới: thidua key backup TỆP.")


def _status(ledger: Ledger) -> None:
    from desktop.core.ledger import signing_key

    st = signing_key.status(ledger)
    print(f"Dấu vân tay khóa ký: {st['fingerprint']}\nNgày tạo khóa: {format_date((st['created_at'] or '')[:10])}\n"
          f"Tệp khóa trên máy này: {st['path']}")
    if st["state"] != "ok":
        print(st["message"], file=sys.stderr)
        raise SystemExit(1)
    print("Khóa dùng được (khóa riêng không nằm trong sổ và các bản sao lưu sổ).")


def add_ward_key_arguments(wk: argparse.ArgumentParser) -> None:
    """`ward key CODE [FILE]`: without FILE it shows the registered key; with FILE it registers one."""
    wk.add_argument("file", metavar="FILE", nargs="?", help="tệp khóa công khai để đăng ký (khóa đầu tiên hoặc "
                                                            "khóa thay thế)")
    wk.add_argument("--ly-do", "--reason", dest="reason", default=None, metavar="LÝ_DO",
                    help="lý do thay khóa (bắt buộc khi đơn vị đã có khóa)")
    wk.add_argument("--fingerprint", metavar="\"3F2A 9C01 …\"",
                    help="dấu vân tay cán bộ phường/xã đọc qua điện thoại: chỉ đăng ký khi khớp với tệp")


def cmd_ward_key(args: argparse.Namespace) -> int:
    """Register the key of FILE for ward CODE (`ward key CODE FILE`)."""
    from desktop.core.exchange import ward_keys

    with opened(args) as ledger:
        out = ward_keys.register_key(ledger, args.code, user_path(args.file), reason=args.reason,
                                     fingerprint=args.fingerprint)
    who = f"{out['name']} ({out['code']})"
    if out["action"] == "same":
        print(f"{who} đã đăng ký đúng khóa này (dấu vân tay {out['fingerprint']}) — không có gì thay đổi.")
        return 0
    if out["action"] == "replaced":
        print(f"Đã thay khóa của {who}: khóa cũ {out['old_fingerprint']} → khóa mới {out['fingerprint']}; lý do: "
              f"{out['reason']}. Tệp ký bằng khóa cũ từ nay được ghi là “ký bằng khóa cũ” và chỉ nhận khi có "
              "--nhan-du-cu-hon --ly-do.")
    else:
        print(f"Đã đăng ký khóa của {who}: dấu vân tay {out['fingerprint']}.")
    if args.fingerprint is None:
        print("Gọi điện cho cán bộ phường/xã, nhờ đọc dấu vân tay trên máy của họ và so từng nhóm 4 ký tự với dòng "
              "trên. Nếu khác, đừng nhập tệp dữ liệu nào của đơn vị.")
    return 0


def key_history_lines(ledger: Ledger, ward_id: int) -> list[str]:
    """The replaced keys of a ward, for `ward key CODE`."""
    from desktop.core.exchange import ward_keys

    return [f"Khóa cũ: {k['fingerprint']} — thay ngày {format_date(k['replaced_at'][:10])}, lý do: {k['reason'] or '—'}"
            for k in ward_keys.history(ledger, ward_id) if k["replaced_at"]]
