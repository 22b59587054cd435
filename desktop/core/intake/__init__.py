"""The intake workbook of DESIGN §5.4: what tổ trưởng fill in, and its import.

- spec.py — the sheets, headers and words shared by all of them.
- template.py — `write_template(ledger, path, group_id=None)`: the workbook with instructions and drop-downs.
- guards.py — the file guards, before any parser: zip bombs, XML entities, .xls, encrypted, CSV, too many rows.
- reader.py — fast reading with python-calamine: header detection, example/empty/totals rows, data rows.
- legacy.py — TCVN3 and VNI text converted to Unicode.
- values.py — cell values as clerks type them: dates, numbers with units, text.
- importplan.py — `ImportPlan`, what a plan found (rows, problems, choices, `resolve`), and the duplicate rule.
- matching.py — `Matcher`: tổ dân phố, công trình, đơn giá and người đóng góp named in the file, found in the ledger.
- checks.py — `RowChecks`: each row of the three sheets checked into a planned row or problems.
- planning.py — `plan(ledger, path)`: reads, checks and matches everything; writes nothing.
- applying.py — `apply(ledger, plan, only_valid=...)`: a backup, then one transaction (the bulk writer).

May import db, the shared tools (desktop.core.text, files, pdf), desktop.core.errors and
desktop.core.ledger; no other feature package.
"""
