"""Dialogs about the whole program rather than one area: the deleted records (undo), the
program's name and fiscal year, the user guide and the keyboard shortcuts."""
