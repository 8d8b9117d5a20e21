"""enablekit: sales-enablement content from a git repo.

The public API is small: :func:`load_project` reads and validates a project,
:func:`build` turns it into outputs. The CLI, the MkDocs plugin and the tests use
exactly these.
"""

from .content.diagnostics import ContentError, Diagnostic, Diagnostics, EnablekitError
from .content.loader import load_or_fail, load_project

__all__ = ["build", "load_project", "load_or_fail", "ContentError", "EnablekitError", "Diagnostic", "Diagnostics"]


def __getattr__(name: str):  # noqa: ANN202 - PEP 562
    """``build`` is imported on first use: it loads every builder (WeasyPrint, python-pptx, MkDocs),
    which a command that only checks content (``enablekit check``, 0.3 s) does not need."""
    if name == "build":
        from .pipeline import build

        return build
    raise AttributeError(f"module 'generator' has no attribute {name!r}")
