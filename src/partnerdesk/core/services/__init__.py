"""One module per job; plain functions taking a Session, raising domain errors."""
