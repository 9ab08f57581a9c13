"""PartnerDesk: MOUs, clauses, funding and stakeholders for crisis-response partnerships."""

# The one place the version is set: pyproject.toml reads it from here (setuptools' dynamic
# version), so the installed metadata, --version and Help > About always agree. A constant,
# because asking importlib.metadata at run time costs ~90 ms of imports (`--version`).
__version__ = "0.1.0"
APP_NAME = "PartnerDesk"

# The newest database migration this build writes (core.platform.db uses it; a test checks
# it equals Alembic's head). Here, so that --version names it without the database layer.
SCHEMA_HEAD = "0008_ledger_date_covering_index"


def version() -> str:
    """The version being run."""
    return __version__


def version_line() -> str:
    """``PartnerDesk 0.1.0 (database schema 0008_…)``: --version, Help > About, the log."""
    return f"{APP_NAME} {__version__} (database schema {SCHEMA_HEAD})"
