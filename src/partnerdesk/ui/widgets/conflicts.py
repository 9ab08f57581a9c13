"""When a save is refused because someone else changed the record since it was opened:
show what they changed, and let the user reload (losing their edit knowingly), overwrite
(knowingly), or go back to the form."""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

from partnerdesk import APP_NAME
from partnerdesk.core.platform.audit import changes_since, describe_event
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.schema import ChangeKind

Resolution = Literal["reload", "overwrite", "cancel"]


def what_changed(
    database: Database, entity_type: str, entity_id: int, seen_version: int | None
) -> str:
    """What others saved to the record since the user opened its version ``seen_version``,
    one line per change; ``entity_type`` is the kind a StaleRecordError names."""
    if seen_version is None:
        return "The record was changed or deleted by someone else."
    with database.session() as session:
        events = changes_since(session, ChangeKind(entity_type), entity_id, seen_version)
    if not events:
        return "The record was changed or deleted by someone else."
    return "\n".join(describe_event(event) for event in events)


def ask_about_conflict(
    parent: QWidget | None,
    database: Database,
    entity_type: str,
    entity_id: int,
    seen_version: int | None,
) -> Resolution:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        APP_NAME,
        "Someone else saved this record after you opened it. Your changes were not saved.",
        parent=parent,
    )
    box.setInformativeText("What they changed:")
    box.setDetailedText(what_changed(database, entity_type, entity_id, seen_version))
    reload_button = box.addButton("Reload theirs", QMessageBox.ButtonRole.DestructiveRole)
    overwrite = box.addButton("Save mine over theirs", QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton("Back to my edit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.exec()
    clicked = box.clickedButton()
    if clicked is reload_button:
        return "reload"
    if clicked is overwrite:
        return "overwrite"
    return "cancel"
