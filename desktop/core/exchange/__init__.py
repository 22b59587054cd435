"""The handoff to the level above (DESIGN §5.5): the .thidua file (`handoff`), signatures and public keys
(`keys`), and the upper level's import and consolidation of many wards (`upper`).

May import `db`, the shared tools, `ledger`, `figures` and `report`; never `awards`, `intake` or `demo`.
"""
