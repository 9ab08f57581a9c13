"""Alembic environment and revisions; applied automatically by ``core.db.open_database``."""
