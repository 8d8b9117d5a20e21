"""Loading a project: its files read into one model (:mod:`reader`), then checked as a whole
(:mod:`validate`). Every problem is collected on the way; nothing is reported until both ran."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .diagnostics import ContentError, Diagnostics
from .model import Project
from .reader import read_project
from .validate import validate_project


def load_project(root: str | Path, *, today: dt.date | None = None) -> tuple[Project | None, Diagnostics]:
    """Load and validate a project. Returns the project (``None`` when it cannot be built at all)
    and every problem found. Never raises for bad content."""
    project, diags = read_project(root, today=today)
    validate_project(project, diags)  # even when company.yaml failed: every other file is checked in the same run
    return (None if "company" in project.broken else project), diags


def load_or_fail(root: str | Path, *, today: dt.date | None = None, strict: bool = False) -> tuple[Project, Diagnostics]:
    """Load a project, raising :class:`ContentError` with every problem when it has errors."""
    project, diags = load_project(root, today=today)
    if project is None or diags.errors or (strict and diags.warnings):
        raise ContentError(diags)
    return project, diags
