"""The program's work, without Qt: one package for each part of the mission, in this order (a package may
import only those before it): the shared tools `text`, `files`, `pdf`; then `ledger`, `figures`, `report`,
`awards`, `exchange`, `intake`, and last `demo`. `errors` is shared by all. See README, "For developers".
"""
