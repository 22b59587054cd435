"""Khen thưởng in the GUI, one module per job of the page: the proposals table (`proposals_tab`), the proposal
form (`proposal_form`), the outcome buttons and their dialogs (`outcomes`), the suggestions (`suggestions_tab`), the
council's meeting and votes (`council_tab`), the dossier documents (`documents_tab`), and the award catalogue of
Cài đặt (`catalogue`); `page` puts the tabs together.

May import desktop.core.*, db and the shared widgets of desktop.ui (record_dialog, messages, pdf_view, list_page,
figures_pages); never desktop.cli or desktop.app. Modules here import each other, never this package's
`__init__`.
"""

from desktop.ui.pages.awards.council_tab import MeetingDialog
from desktop.ui.pages.awards.documents_tab import IssueDialog
from desktop.ui.pages.awards.outcomes import ACTION_BUTTONS, NumberDialog, ReasonDialog
from desktop.ui.pages.awards.page import AwardsPage

__all__ = ["ACTION_BUTTONS", "AwardsPage", "IssueDialog", "MeetingDialog", "NumberDialog", "ReasonDialog"]
