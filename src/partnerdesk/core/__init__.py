"""Domain and storage. Nothing below this package imports Qt (a test enforces it)."""
