"""Every dialog, by area: mou/, clauses/, funding/, directory/. A view opens them; the
forms among them are ``widgets.form.FormDialog`` subclasses."""
