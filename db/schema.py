"""The schema versions this program knows, without importing the migration machinery.

Opening a ledger that is up to date must not pay for importing sqlite-utils (≈130 ms on the
GUI thread at start-up), so the version gate reads these names; tests/db checks they match
db/migrations.py exactly.
"""

MIGRATION_SET = "thidua"
MIGRATION_NAMES: tuple[str, ...] = (
    "m0001_initial", "m0002_reports", "m0003_exchange", "m0004_awards", "m0005_list_indexes",
    "m0006_council_upward", "m0007_one_current_package", "m0008_round_and_upper")
