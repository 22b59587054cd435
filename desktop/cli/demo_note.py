"""The command line's word that a ledger is the demo (issue 18), on stderr so that stdout (a JSON answer, a list)
stays what it was.

Issuing from the demo is warned about, not refused: the demo is there to try every step, the number is taken in the
demo's own register, and every page it prints carries the SỔ MẪU watermark, so nothing it makes can pass for a real
ward's document. A refusal without an option would only teach clerks to add the option without reading.
"""

from __future__ import annotations

import sys

from db.connection import Ledger
from desktop.core.ledger import demo_mark

WROTE = "Lưu ý: đây là sổ mẫu — đơn vị và số liệu là giả định; tệp vừa ghi mang dấu SỔ MẪU trên mọi trang."
ISSUED = ("Lưu ý: đây là sổ mẫu (dữ liệu mẫu để dùng thử chương trình): đơn vị, người, số liệu là giả định. Văn bản "
          "vừa ban hành mang dấu SỔ MẪU trên mọi trang và không dùng được cho hồ sơ thật; số văn bản chỉ lấy trong sổ "
          "mẫu này. Sổ của đơn vị mình: thidua --db TỆP-SỔ-MỚI.sqlite init --unit-name … --unit-code ….")


def warn(ledger: Ledger, *, issued: bool) -> None:
    """After a document was issued (`issued`) or written from `ledger`: say so when it is the demo."""
    if demo_mark.is_demo(ledger):
        print(ISSUED if issued else WROTE, file=sys.stderr)
