"""Awards (DESIGN §2.3, §6; reference/domain.md §2): the catalogue and settings (`catalogue`), proposals
(`proposals`, their drafted achievement text in `achievement`), suggestions and the prior-award check
(`screening`), the workflow and council meetings (`council`), the page's state (`overview`) and the dossier
documents (`wording`, `papers`, `summary`, `dossier`).

May import `db`, the shared tools, `ledger`, `figures` and `report` (the register); never `exchange`,
`intake` or `demo`.
"""
