"""The MOU dialogs: the editor (one module per tab or job), reviews, composing clauses,
generating drafts, comparing versions, exporting the calendar."""
