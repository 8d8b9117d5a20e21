"""Render: the Jinja2 environments every builder shares (autoescaped, sandboxed, the project's
``templates/`` first) and the built-in templates of the site and the PDFs."""
