"""The searchable website: Markdown pages generated from the model, built by MkDocs + Material."""
