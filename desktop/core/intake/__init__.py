"""The intake workbook of DESIGN §5.4: what tổ trưởng fill in, and its import.

- template.py — `write_template(ledger, path, group_id=None)`: the workbook with instructions and drop-downs.
- reader.py — safe, fast reading: file guards (zip bombs, XML entities, .xls, encrypted, CSV…),
  header detection, example/empty/totals rows; python-calamine.
- legacy.py — TCVN3 and VNI text converted to Unicode.
- importer.py — `plan(ledger, path)` (checks everything, writes nothing) and
  `apply(ledger, plan, only_valid=...)` (backup, then one transaction).
- spec.py — the sheets, headers and words shared by all of them.
"""
