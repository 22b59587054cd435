"""The figures of a period (DESIGN §5.3): totals by kind and by tổ dân phố (`figures`), the dashboard series
(`dashboard`), the year's targets (`targets`) and the comparison of tổ dân phố (`comparison`).

May import `db`, the shared tools and `ledger`; never `report`, `awards`, `exchange`, `intake` or `demo`.
"""
