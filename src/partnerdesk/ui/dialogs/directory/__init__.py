"""The stakeholder directory's dialogs: contact, organization and group editors, and
importing and exporting the directory."""
