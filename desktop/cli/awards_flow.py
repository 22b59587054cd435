"""`thidua awards <action>`: the Gợi ý list, proposals (list, create, withdraw) and their status changes.

Every action calls the same services as the Khen thưởng page (desktop.core.awards.screening, proposals, council),
so every rule holds here too: a refusal is the service's Vietnamese message (exit 1), with the command that does
instead what the message names on the page (`hinted`). `--dry-run` runs the real service inside a transaction and
rolls it back, so what would be refused is refused and nothing is written.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from db.connection import Ledger
from desktop.cli.common import DRY_RUN_NOTE, PERIOD_HELP, Command, opened, parse_period, print_json
from desktop.core.awards import catalogue, council, proposals, screening
from desktop.core.errors import UserError
from desktop.core.text.vnformat import format_date, format_decimal, format_int
from desktop.core.text.vntext import fold

REJECTED_CODE = "khong_thong_qua"  # --status for what the council voted on and did not pass
STATUS_CHOICES = [*catalogue.STATUSES, REJECTED_CODE]
ACTION_CHOICES = [a for a in council.TRANSITIONS if a != "review"]  # a review comes with its meeting

# Where the page's refusals point the clerk, and the command that does it here: (words of the core's message,
# what to add). The core's words stay as they are; the command line adds its own way.
HINTS: tuple[tuple[str, str], ...] = (
    ("không xóa được", "Dòng lệnh: thidua awards decide --id {id} --action refuse|return --reason \"…\"."),
    ("chưa được Hội đồng Thi đua - Khen thưởng thông qua",
     "Dòng lệnh: thidua awards decide --id {id} --action refuse (hoặc return) --reason \"…\"."),
    ("không thể “", "Dòng lệnh, --action: " + "; ".join(f"{a} = “{council.TRANSITIONS[a].label}”"
                                                         for a in ACTION_CHOICES) + "."),
    ("Họ tên người ký tờ trình", "Dòng lệnh: thidua awards settings --drafting-head-name \"Họ tên\"."),
    ("nhiều loại quyết định", "Dòng lệnh: thidua awards issue qd --group khen_thuong|danh_hieu|\"van_hoa:Tên danh "
                              "hiệu\" (xem “thidua awards list --format json”, trường decision_group)."),
)
NO_SIGNER_CLI = ("Chưa có tên người ký: chạy thidua unit --signer-name \"Họ tên\" (cùng --signer-title, --sign-mode "
                 "TM|KT nếu cần); chưa cấp số.")


def hinted(exc: UserError, **values: Any) -> UserError:
    """The core's refusal with the command-line way to do what it says (the unit's signer: `thidua unit`)."""
    text = str(exc)
    if text == council.NO_SIGNER or text.startswith("Chưa có tên người ký: vào Cài đặt"):
        return UserError(NO_SIGNER_CLI)
    fill = {"id": "N", **values}
    extra = [hint.format(**fill) for words, hint in HINTS if words in text]
    return UserError("\n".join([text, *extra])) if extra else exc


class _DryRun(Exception):
    """Raised inside the transaction of a dry run, so that everything the services wrote is rolled back."""


@contextmanager
def writing(ledger: Ledger, dry_run: bool) -> Iterator[None]:
    """One transaction for the action; a dry run ends it with a rollback (the rules were checked all the same)."""
    try:
        with ledger.transaction():
            yield
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass


def add_parsers(actions: argparse._SubParsersAction) -> None:
    """Add this group's actions under `thidua awards`."""
    s = actions.add_parser("suggestions", help="danh sách Gợi ý: ai nên được đề nghị, hình thức nào, vì sao")
    s.add_argument("--period", required=True, help=PERIOD_HELP)
    s.add_argument("--land-only", action="store_true", help="chỉ những người có hiến đất")
    s.add_argument("--format", choices=["text", "json"], default="text")

    s = actions.add_parser("list", help="các đề nghị khen thưởng của kỳ: trạng thái, phiếu, số quyết định")
    s.add_argument("--period", required=True, help=PERIOD_HELP)
    s.add_argument("--status", choices=STATUS_CHOICES, default=None,
                   help="chỉ một trạng thái (khong_thong_qua: Hội đồng đã xét, không được thông qua)")
    s.add_argument("--format", choices=["text", "json"], default="text")

    s = actions.add_parser("propose", help="lập đề nghị khen thưởng (dự thảo): từ Gợi ý, cho người đóng góp, "
                                           "cho tổ dân phố, hoặc ghi tên")
    s.add_argument("--period", required=True, help=PERIOD_HELP)
    who = s.add_mutually_exclusive_group()  # or --contributor alone (checked in cmd_propose)
    who.add_argument("--from-suggestions", action="store_true",
                     help="lập theo danh sách Gợi ý (hình thức gợi ý); cùng --contributor để chỉ chọn một số người")
    who.add_argument("--group", type=int, metavar="ID", help="tổ dân phố được đề nghị (mã số trong sổ)")
    who.add_argument("--name", help="họ tên, tên tập thể (đề nghị không gắn người đóng góp; cần --subject)")
    s.add_argument("--contributor", type=int, action="append", metavar="ID",
                   help="người đóng góp (mã số trong sổ; xem “thidua awards suggestions”); lặp lại được cùng "
                        "--from-suggestions")
    s.add_argument("--subject", choices=list(catalogue.SUBJECTS), help="đối tượng, khi ghi --name")
    s.add_argument("--kind", help="hình thức khen thưởng: tên (hoặc đầu tên) trong danh mục, hoặc mã số, ví dụ "
                                  "\"Giấy khen\"")
    s.add_argument("--address", help="địa chỉ, khi ghi --name")
    s.add_argument("--achievement", help="tóm tắt thành tích (mặc định: soạn từ các khoản đóng góp của kỳ)")
    s.add_argument("--dry-run", action="store_true", help="kiểm tra, không ghi gì vào sổ")

    s = actions.add_parser("withdraw", help="rút (xóa) một đề nghị còn là dự thảo; --restore để lấy lại")
    s.add_argument("--id", type=int, required=True, action="append", metavar="N", help="số đề nghị; lặp lại được")
    s.add_argument("--restore", action="store_true", help="khôi phục đề nghị đã rút")

    s = actions.add_parser("decide", help="ghi quyết định, trình cấp trên, được khen, không được khen, trả lại, "
                                          "đưa về dự thảo (tất cả hoặc không đề nghị nào)")
    s.add_argument("--id", type=int, required=True, action="append", metavar="N", help="số đề nghị; lặp lại được")
    s.add_argument("--action", required=True, choices=ACTION_CHOICES,
                   help="; ".join(f"{a}: {council.TRANSITIONS[a].label}" for a in ACTION_CHOICES))
    s.add_argument("--number", help="số quyết định hoặc tờ trình, ví dụ \"12/QĐ-UBND\"")
    s.add_argument("--date", metavar="dd/mm/yyyy", help="ngày của quyết định hoặc tờ trình")
    s.add_argument("--reason", help="lý do (bắt buộc khi không được khen, trả lại)")
    s.add_argument("--dry-run", action="store_true", help="kiểm tra, không ghi gì vào sổ")


# --------------------------------------------------------------------------- reading


def _money(value: int) -> str:
    return f"{format_int(value)} đồng"


def _m2(value: float) -> str:
    return f"{format_decimal(value, 1, trim=True)} m²"


def _why(s: dict[str, Any]) -> str:
    """Why the nominee is suggested, in the page's words."""
    given = f"{s['contributions']} khoản đã nhận, {_money(s['value_vnd'])}"
    if s["land_m2"]:
        given += f", hiến {_m2(s['land_m2'])} đất"
    if s["by_threshold"]:
        return f"{given}; đạt ngưỡng của “{s['kind_name']}” trong danh mục"
    return f"{given}; danh mục chưa đặt ngưỡng nên gợi ý hình thức của phường"


def cmd_suggestions(args: argparse.Namespace) -> int:
    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        items = screening.suggestions(ledger, period, land_only=args.land_only)
    if args.format == "json":
        print_json([{k: v for k, v in s.items() if k != "group_sort"} | {"reason": _why(s)} for s in items])
        return 0
    if not items:
        print(f"Kỳ {period.label}: không có ai trong danh sách Gợi ý (ai có khoản đóng góp đã nhận trong kỳ và chưa "
              "được đề nghị thì có tên ở đây).")
        return 0
    print(f"Gợi ý khen thưởng {period.label} — {len(items)} trường hợp (mã người đóng góp, họ tên, hình thức):")
    for s in items:
        where = ", ".join(x for x in (catalogue.SUBJECTS.get(s["subject"]), s["group"]) if x)
        print(f"  {s['contributor_id']:>6}  {s['name']} ({where}) — {s['kind_label']}\n          {_why(s)}")
    print(f"Lập đề nghị: thidua awards propose --period {period.code} --from-suggestions [--contributor MÃ …]")
    return 0


def _row_json(r: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "nominee_name", "subject", "address", "group_id", "group_name", "contributor_id", "award_kind_id",
            "kind_name", "level", "form", "decided_by", "status", "status_label", "meeting_id", "meeting_date",
            "votes_for", "members_total", "members_present", "decision_no", "decision_date", "submission_no",
            "submission_date", "book_no", "outcome_reason", "value_vnd", "land_m2", "achievement")
    out = {k: r.get(k) for k in keys}
    out["subject_label"] = catalogue.SUBJECTS.get(r["subject"], r["subject"])
    out["passed"] = council.passed(r, settings)
    out["actions"] = council.allowed_actions(r, settings)
    out["decision_group"] = _decision_group(r)
    return out


def _decision_group(r: dict[str, Any]) -> str | None:
    """Which Quyết định a ward proposal goes in (`issue qd --group`), when the core sorts decisions by group."""
    try:
        from desktop.core.awards import decisions
    except ImportError:  # a core without decision groups: one Quyết định for all
        return None
    return decisions.group_of(r) if r["level"] == "ward" else None


def _wanted(r: dict[str, Any], status: str | None) -> bool:
    """The page's status filter: "Đã xét" leaves out what the council did not pass (its own choice)."""
    if status is None:
        return True
    if status == REJECTED_CODE:
        return r["status_label"] == catalogue.REJECTED
    return r["status"] == status and r["status_label"] != catalogue.REJECTED


def _votes(r: dict[str, Any]) -> str:
    return f"{r['votes_for']}/{r['members_total']} phiếu" if r["votes_for"] is not None else ""


def _number(r: dict[str, Any]) -> str:
    if r["decision_no"]:
        return f"QĐ {r['decision_no']} ngày {format_date(r['decision_date'])}"
    if r["submission_no"]:
        return f"TTr {r['submission_no']} ngày {format_date(r['submission_date'])}"
    return ""


def cmd_list(args: argparse.Namespace) -> int:
    with opened(args) as ledger:
        period = parse_period(ledger, args.period)
        settings = catalogue.get_settings(ledger)
        rows = [r for r in proposals.list_proposals(ledger, period.code) if _wanted(r, args.status)]
    if args.format == "json":
        print_json([_row_json(r, settings) for r in rows])
        return 0
    if not rows:
        print(f"Kỳ {period.label} không có đề nghị khen thưởng nào" + (" ở trạng thái này." if args.status else "."))
        return 0
    print(f"Đề nghị khen thưởng {period.label} — {len(rows)} đề nghị (số, họ tên, đối tượng, hình thức, trạng thái):")
    for r in rows:
        tail = " · ".join(x for x in (r["status_label"], _votes(r), _number(r), r["outcome_reason"] or "") if x)
        print(f"  {r['id']:>5}  {r['nominee_name']} ({catalogue.SUBJECTS.get(r['subject'], r['subject']).lower()}) — "
              f"{r['kind_name']} — {tail}")
    return 0


# --------------------------------------------------------------------------- proposing


def _kind_id(ledger: Ledger, text: str | None, subject: str | None) -> int:
    """`--kind`: a catalogue id, or a name (or its start, accents and case aside) among the forms for the subject."""
    if not (text or "").strip():
        raise UserError("Hãy ghi --kind: hình thức khen thưởng (tên trong danh mục, ví dụ \"Giấy khen\", hoặc mã số).")
    kinds = catalogue.list_kinds(ledger, active_only=True, subject=subject)
    if text.strip().isdigit():
        found = [k for k in catalogue.list_kinds(ledger, active_only=True) if k["id"] == int(text)]
    else:
        words = fold(text)
        found = [k for k in kinds if fold(k["name"]) == words] \
            or [k for k in kinds if fold(k["name"]).startswith(words)]
    listing = "; ".join(f"{k['id']}: {catalogue.kind_label(k)}" for k in (found if len(found) > 1 else kinds))
    if not found:
        who = f" cho {catalogue.subject_noun(subject)}" if subject else ""
        raise UserError(f"--kind “{text}”: không có hình thức khen thưởng này{who} trong danh mục (đang dùng). "
                        f"Có: {listing}.")
    if len(found) > 1:
        raise UserError(f"--kind “{text}”: có nhiều hình thức khớp — {listing}. Hãy ghi đủ tên hoặc mã số.")
    return int(found[0]["id"])


def _subject_of(ledger: Ledger, contributor_id: int) -> str | None:
    row = ledger.conn.execute("SELECT kind FROM contributors WHERE id = ? AND deleted_at IS NULL",
                              [contributor_id]).fetchone()
    if row is None:
        raise UserError(f"--contributor {contributor_id}: không có người đóng góp số {contributor_id} trong sổ.")
    return catalogue.SUBJECT_OF_CONTRIBUTOR.get(row[0])


def _from_suggestions(ledger: Ledger, args: argparse.Namespace) -> list[int]:
    period = parse_period(ledger, args.period)
    if args.kind or args.achievement or args.subject:
        raise UserError("--from-suggestions lập theo hình thức và thành tích gợi ý: bỏ --kind, --subject, "
                        "--achievement (hoặc lập từng người bằng --contributor MÃ --kind …).")
    offered = {s["contributor_id"]: s for s in screening.suggestions(ledger, period)}
    wanted = args.contributor or list(offered)
    missing = [c for c in wanted if c not in offered]
    if missing:
        raise UserError(f"Người đóng góp số {', '.join(map(str, missing))} không có trong danh sách Gợi ý kỳ "
                        f"{period.label} (đã có đề nghị trong kỳ, hoặc chưa có khoản đóng góp đã nhận). Xem: thidua "
                        f"awards suggestions --period {period.code}.")
    changes = screening.add_from_suggestions(ledger, period, [(c, offered[c]["kind_id"]) for c in wanted])
    return sorted(changes.ids.get("proposals", set()))


def _one(ledger: Ledger, args: argparse.Namespace) -> list[int]:
    values: dict[str, Any] = {"period_code": parse_period(ledger, args.period).code}
    if args.contributor and (args.group or args.name):
        raise UserError("--contributor không dùng cùng --group hay --name.")
    if args.contributor:
        if len(args.contributor) > 1:
            raise UserError("Ghi một --contributor cho mỗi đề nghị (nhiều người: dùng --from-suggestions).")
        subject = args.subject or _subject_of(ledger, args.contributor[0])
        values["contributor_id"] = args.contributor[0]
    elif args.group is not None:
        subject = "to_dan_pho"
        values["group_id"] = args.group
    else:
        if not args.subject:
            raise UserError("--name cần --subject: ca_nhan, ho, tap_the hoặc to_dan_pho.")
        subject = args.subject
        values["nominee_name"] = args.name
    values.update({"subject": subject, "award_kind_id": _kind_id(ledger, args.kind, subject)})
    for key in ("address", "achievement"):
        if getattr(args, key):
            values[key] = getattr(args, key)
    return [proposals.add(ledger, values)]


def cmd_propose(args: argparse.Namespace) -> int:
    make: Callable[[Ledger, argparse.Namespace], list[int]] = _from_suggestions if args.from_suggestions else _one
    if not args.from_suggestions and not (args.contributor or args.group is not None or args.name):
        raise UserError("Hãy ghi ai được đề nghị: --from-suggestions, --contributor MÃ, --group MÃ hoặc --name.")
    with opened(args) as ledger:
        shown: list[dict[str, Any]] = []
        with writing(ledger, args.dry_run):
            ids = make(ledger, args)
            shown = [proposals.get(ledger, pid) for pid in ids]
            warnings = screening.prior_map(ledger, shown)
    verb = "Sẽ lập" if args.dry_run else "Đã lập"
    print(f"{verb} {len(shown)} đề nghị khen thưởng (dự thảo):")
    for r in shown:
        print(f"  {r['id']:>5}  {r['nominee_name']} — {r['kind_name']} — {_money(r['value_vnd'])}")
        for w in warnings.get(r["id"], []):
            print(f"         ⚠ {w}")
    if args.dry_run:
        print(DRY_RUN_NOTE)
    return 0


# --------------------------------------------------------------------------- withdrawing, status changes


def cmd_withdraw(args: argparse.Namespace) -> int:
    with opened(args) as ledger:
        names = []
        with ledger.transaction():  # all or none
            for pid in args.id:
                try:
                    if args.restore:
                        proposals.restore(ledger, pid)
                        names.append(f"{pid} {proposals.get(ledger, pid)['nominee_name']}")
                    else:
                        name = proposals.get(ledger, pid)["nominee_name"]
                        proposals.delete(ledger, pid)
                        names.append(f"{pid} {name}")
                except UserError as exc:
                    raise hinted(exc, id=pid) from None
    if args.restore:
        print(f"Đã khôi phục {len(names)} đề nghị: {', '.join(names)}.")
    else:
        print(f"Đã rút {len(names)} đề nghị dự thảo: {', '.join(names)}. Lấy lại: thidua awards withdraw --id N "
              "--restore.")
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    t = council.TRANSITIONS[args.action]
    with opened(args) as ledger:
        with writing(ledger, args.dry_run):
            try:
                council.transition(ledger, args.id, args.action, reason=args.reason, number=args.number,
                                   date=_iso_date(args.date))
            except UserError as exc:
                raise hinted(exc, id=" --id ".join(map(str, args.id))) from None
            rows = [proposals.get(ledger, pid) for pid in args.id]
    verb = "Sẽ ghi" if args.dry_run else "Đã ghi"
    print(f"{verb} “{t.label}” cho {len(rows)} đề nghị:")
    for r in rows:
        print(f"  {r['id']:>5}  {r['nominee_name']} — {catalogue.STATUSES[t.target]}"
              + (f" — {_number(r)}" if _number(r) and not args.dry_run else ""))
    if args.dry_run:
        print(DRY_RUN_NOTE)
    return 0


def _iso_date(text: str | None) -> str | None:
    """`--date` as ISO (None when not given: the service says when a date is needed)."""
    if not text:
        return None
    from desktop.core.text.vnformat import parse_date

    try:
        return parse_date(text).isoformat()
    except ValueError as exc:
        raise UserError(f"--date: {exc}") from exc


ACTIONS: dict[str, Command] = {"suggestions": cmd_suggestions, "list": cmd_list, "propose": cmd_propose,
                               "withdraw": cmd_withdraw, "decide": cmd_decide}
