"""The stakeholder directory: organizations, contacts, stakeholder groups, and their
import and export (.xlsx, .csv, vCard)."""
