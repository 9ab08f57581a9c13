"""The funding dialogs: source, ledger entry and cost editors, the committee's
assumptions, and importing a ledger."""
