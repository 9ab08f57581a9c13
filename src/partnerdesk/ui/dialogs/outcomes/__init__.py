"""Dialogs of the Outcomes area: indicators, evaluations, unit costs, launch and settings,
importing values, reports, and the indicators an MOU commits to."""
