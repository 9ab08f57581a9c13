"""The PySide6 desktop app. Calls core services; holds no business rules."""
