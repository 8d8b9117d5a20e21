"""Diagnostics as a person, a CI log or a program wants them: plain lines with the many warnings
of one kind summarised, JSON, or GitHub Actions annotations (shown on the pull request's diff)."""

from __future__ import annotations

import json
from collections import Counter

from .diagnostics import Diagnostic, Diagnostics, Severity

GROUP_AFTER = 10  # more warnings of one kind than this are summarised in a line unless asked for all

# warning code → how a summary line names what it counts
KINDS = {
    "owner": "items have no owner",
    "stale": "items are stale or were never reviewed",
    "translation": "texts have no translation in one of the languages",
    "image": "images are not files in the project",
    "labels": "interface words are missing or unknown",
    "layout": "files or folders are not read",
    "no-date": "beta or roadmap capabilities have no date",
    "untranslated-document": "documents are not made in a language their texts lack",
}


def grouped(diags: Diagnostics, *, show_all: bool = False) -> tuple[list[Diagnostic], list[str]]:
    """The problems to print one by one (every error; warnings of a kind while they are few) and a
    summary line for each kind of warning that was left out."""
    counts = Counter(d.code for d in diags.warnings)
    summarised = set() if show_all else {code for code, n in counts.items() if n > GROUP_AFTER}
    shown = [d for d in diags if d.severity is Severity.ERROR or d.code not in summarised]
    lines = [f"{counts[code]} {KINDS.get(code, f'warnings of kind {code!r}')} — `--show-all` lists them"
             for code in sorted(summarised, key=lambda c: -counts[c])]
    return shown, lines


def summary(diags: Diagnostics) -> str:
    errors, warnings = len(diags.errors), len(diags.warnings)
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


def fails(d: Diagnostic, strict: bool) -> bool:
    """Whether ``d`` fails the check: an error, or any warning under ``--strict``."""
    return d.severity is Severity.ERROR or strict


def as_json(diags: Diagnostics, *, strict: bool = False, quiet: bool = False) -> str:
    """Every problem with its place, severity and kind (with ``quiet``, those that fail the check;
    the counts are of all); ``ok`` is what the exit code says."""
    items = [{"path": d.location.path, "line": d.location.line or None, "col": d.location.col or None,
              "severity": d.severity.value, "code": d.code, "message": d.message}
             for d in diags if not quiet or fails(d, strict)]
    ok = not diags.errors and not (strict and diags.warnings)
    return json.dumps({"ok": ok, "errors": len(diags.errors), "warnings": len(diags.warnings),
                       "problems": items}, ensure_ascii=False, indent=1)


def as_github(diags: Diagnostics, *, strict: bool = False, quiet: bool = False) -> list[str]:
    """GitHub Actions workflow commands: one annotation per problem (an error for a warning under
    ``--strict``, since it fails the check; with ``quiet``, only those that fail it)."""
    lines = []
    for d in diags:
        if quiet and not fails(d, strict):
            continue
        level = "error" if d.severity is Severity.ERROR or strict else "warning"
        props = [f"file={github_property(d.location.path)}"]
        if d.location.line:
            props += [f"line={d.location.line}", f"col={d.location.col or 1}"]
        props.append(f"title={github_property('enablekit ' + d.code)}")
        lines.append(f"::{level} {','.join(props)}::{github_data(d.message)}")
    return lines


def github_data(text: str) -> str:
    """Text for the message part of a GitHub Actions annotation (`::warning …::TEXT`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """Text for a property of a GitHub Actions annotation (`file=…`, `title=…`)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
