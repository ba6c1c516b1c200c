"""The charter adhesion, a kind of application (app label `forms_workflows`)."""
