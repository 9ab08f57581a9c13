"""What the areas and dialogs are built from: the form base, the record list and its table
model, date fields, field errors, the conflict dialog, charts and small shared pieces.

Nothing here knows an area: a widget that only one area uses lives with that area's view
or dialogs unless another part needs it too.
"""
