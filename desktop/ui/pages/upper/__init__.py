"""Tổng hợp các phường, xã in the GUI — the upper level's page, one module per tab: the wards' register
(`wards_tab`), receiving their files (`import_tab`), the reception board (`reception_tab`), the consolidation
(`sum_tab` until desktop.ui.pages.upper_sum exists) and the award proposals (desktop.ui.pages.upper_proposals);
`page` puts the tabs together.

May import desktop.core.*, db and the shared widgets of desktop.ui; never desktop.cli or desktop.app. Modules here
import each other, never this package's `__init__`.
"""

from desktop.ui.pages.upper.page import UpperPage

__all__ = ["UpperPage"]
