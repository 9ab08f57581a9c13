"""The exceptions a user can see. Each carries a message that says what and where.

Anything else that escapes a service is a bug, reported as such by the CLI and the GUI.
"""

from __future__ import annotations

from pathlib import Path


class PartnerDeskError(Exception):
    """Base for every error caused by input or circumstances, not by a bug."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DatabaseOpenError(PartnerDeskError):
    """The database cannot be opened: missing folder, not ours, locked, damaged.

    ``latest_backup`` names the newest backup when restoring it is the way out."""

    def __init__(self, message: str, latest_backup: Path | None = None) -> None:
        super().__init__(message)
        self.latest_backup = latest_backup


class NotAPartnerDeskDatabase(DatabaseOpenError):
    """The file exists but is not a PartnerDesk database (a text file, another app's SQLite)."""


class NewerSchemaError(DatabaseOpenError):
    """The database was written by a newer PartnerDesk; opening it could damage it."""


class ValidationError(PartnerDeskError):
    """A value a user entered is not acceptable. ``field`` names where, when known."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(PartnerDeskError):
    """A record asked for by id or code does not exist."""


class ConflictError(PartnerDeskError):
    """The record changed since it was read (someone else saved first), or a rule forbids it."""


class StaleRecordError(ConflictError):
    """Someone else saved this record after the user opened it; nothing was saved.

    Carries which record, so the UI can show what they changed and offer to reload or to
    overwrite knowingly."""

    def __init__(self, what: str, entity_type: str, entity_id: int | None) -> None:
        super().__init__(
            f"{what} was changed by someone else since you opened it; nothing was saved"
        )
        self.entity_type = entity_type
        self.entity_id = entity_id


class ImportFileError(PartnerDeskError):
    """A spreadsheet or CSV cannot be imported; the message names the file, row and column."""
