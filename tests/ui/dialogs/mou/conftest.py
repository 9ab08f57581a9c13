"""The drafting commands of the MOUs area, with the area shown and its list loaded."""

from __future__ import annotations

import pytest

from partnerdesk.ui.dialogs.mou.drafting import MouDocumentActions
from partnerdesk.ui.main_window import MainWindow


@pytest.fixture
def actions(window: MainWindow) -> MouDocumentActions:
    window.show_area(1)
    window.mous.list.ensure_loaded()
    controller = window.mous.document_actions
    assert isinstance(controller, MouDocumentActions)
    return controller
