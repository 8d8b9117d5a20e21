"""PDFs: print-grade documents rendered by WeasyPrint from Jinja2 templates, each document kind with
its own small context provider, behind a fetcher that reads only the project's asset files."""
