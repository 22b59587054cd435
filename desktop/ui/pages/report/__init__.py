"""Báo cáo in the GUI, one module per job of the page: the narrative editor (`narrative_tab`), the targets
(`targets_tab`), preview, print, issue and unlock with the issued documents (`issuing`) and their dialogs
(`dialogs`); `page` puts the tabs together.

May import desktop.core.*, db and the shared widgets of desktop.ui (record_dialog, pdf_view, list_page,
figures_pages); never desktop.cli or desktop.app. Modules here import each other, never this package's
`__init__`.
"""

from desktop.ui.pages.report.dialogs import ChangesDialog, IssueDialog, UnlockDialog
from desktop.ui.pages.report.page import ReportPage, page_state

__all__ = ["ChangesDialog", "IssueDialog", "ReportPage", "UnlockDialog", "page_state"]
