"""enablekit: sales-enablement content from a git repo.

The public API is small: :func:`load_project` reads and validates a project,
:func:`build` turns it into outputs. The CLI, the MkDocs plugin and the tests use
exactly these.
"""

from .content.diagnostics import ContentError, Diagnostic, Diagnostics, EnablekitError
from .content.loader import load_or_fail, load_project
from .pipeline import build

__all__ = ["build", "load_project", "load_or_fail", "ContentError", "EnablekitError", "Diagnostic", "Diagnostics"]
