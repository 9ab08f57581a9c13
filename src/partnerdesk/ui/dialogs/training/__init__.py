"""Dialogs of the Training area: responders, sessions and attendance, the catalogue
(courses, requirements, roles), importing attendance, and the files a session needs."""
