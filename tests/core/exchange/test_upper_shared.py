"""upper_check.columns gives equal texts as one object (less to pickle and unpickle) but never merges values of
other types; check_file makes the package row's JSON texts that upper._store writes."""

from __future__ import annotations

import json

from desktop.core.exchange import upper_check
from desktop.core.exchange.upper_check import Checked


def test_equal_texts_are_one_object_and_numbers_keep_their_type() -> None:
    g = "".join(["grp-", "0001"])  # made at run time: two equal strings, two objects
    h = "".join(["grp-", "0001"])
    assert g == h and g is not h
    data = {"contributions": [
        {"uuid": "a", "group_uuid": g, "quantity": 1, "value_vnd": True},
        {"uuid": "b", "group_uuid": h, "quantity": 1.0, "value_vnd": 1},
    ]}
    rows = upper_check.columns(data)["recv_contributions"]
    cols = upper_check.RECV["recv_contributions"]
    group, qty, value = (cols.index(c) for c in ("group_uuid", "quantity", "value_vnd"))
    assert rows[0][group] is rows[1][group]
    assert type(rows[0][qty]) is int and type(rows[1][qty]) is float
    assert rows[0][value] is True and type(rows[1][value]) is int


def test_package_texts_are_the_json_of_the_checked_objects() -> None:
    from desktop.core.exchange import upper

    made = {"manifest": "M", "totals": "T", "by_group": "B"}
    assert upper._texts(Checked(texts=made)) is made

    class Pkg:
        manifest = {"tên": "Phường 1", "n": 2}

    own = {"totals": {"people": 3}, "by_group": {"Tổ 1": {"people": 3}}}
    got = upper._texts(Checked(pkg=Pkg(), own=own))  # type: ignore[arg-type]
    assert got == {"manifest": json.dumps(Pkg.manifest, ensure_ascii=False),
                   "totals": json.dumps(own["totals"], ensure_ascii=False),
                   "by_group": json.dumps(own["by_group"], ensure_ascii=False)}
