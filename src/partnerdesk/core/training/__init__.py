"""Joint training and responder readiness: who responds to calls, what each role must
complete, the sessions they attend, and who is current, due or overdue.

Read top-down: the rules, pure (``rules``); what is kept (``roles``, ``responders``,
``courses``, ``seed`` for the standard catalogue, ``sessions`` with attendance); what it
adds up to (``readiness``: the matrix, the status of everyone and the dashboard's figures;
``rates``: completion rates by agency and role over time); the files (``attendance_import``,
``roster`` the workbook, ``report`` the printable matrix, ``sign_in`` the sheets of a
session); and ``calendar`` (sessions and due dates in the calendar export) and ``demo``.
"""
