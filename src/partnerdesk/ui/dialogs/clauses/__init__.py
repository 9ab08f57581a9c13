"""The clause library's dialogs: writing a clause, and reading its versions."""
