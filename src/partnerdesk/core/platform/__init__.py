"""What every domain stands on: the database and its migrations runner, the clock, the
audit trail, backups, settings, files, spreadsheets, money, dates, errors. Imports no
domain package."""
