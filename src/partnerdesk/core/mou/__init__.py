"""The agreements: the MOU register, its rules and commands, reviews and the calendar,
the clause library, composition, draft documents and version comparison.

Read it top-down: ``rules`` (pure) and ``versions``; ``validation``; ``reviews`` and
``reminders``; ``register`` (reading) and ``commands`` (changing) and ``history``; then the
clause library (``template_sandbox``, the one rule for filling in user templates;
``clause_variables``, ``clauses``, ``seed_clauses``), ``composition`` and
``completeness``, ``compare``, and the documents (``document_templates``,
``document_context``, ``pdf``, ``documents``) and ``calendar``. Each module imports only
the ones before it.
"""
