"""The money: funding sources, the ledger, program costs, the mix of a year,
projections, the sustainability workbook and ledger import.

Read top-down: what is kept (``sources``, ``ledger``, ``costs``), what it adds up to
(``totals``, ``diversification``), the years ahead (``assumptions``, the pure
``projection`` engine, ``scenarios`` which runs it on the database), the files
(``workbook`` with ``workbook_analysis`` and ``workbook_records``; ``ledger_import`` with
``ledger_import_rows`` and ``ledger_import_sources``), and the grants: what they oblige
the program to (``obligation_rules``, pure; ``obligations``; ``obligation_queries``),
their match (``grant_terms``), the ``pipeline`` of prospective money, and
``grants_demo``.
"""
