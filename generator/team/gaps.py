"""Gaps: questions reps asked an assistant that the content could not answer, recorded by the MCP
server's ``report_gap`` in ``gaps/<date>.yaml`` and listed by ``enablekit health`` beside its coverage.

What reps actually asked and did not find is the enablement team's to-do list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from ..content.files import write_text_atomic

GAPS = "gaps"


def record_gap(root: Path, question: str, context: str | None, today: dt.date) -> str:
    """Append a question nobody could answer to ``gaps/<today>.yaml``; returns the file (relative)."""
    folder = root / GAPS
    folder.mkdir(exist_ok=True)
    path = folder / f"{today.isoformat()}.yaml"
    entry = {"question": " ".join(question.split())[:2000],
             "asked": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()}
    if context:
        entry["context"] = " ".join(context.split())[:2000]
    before = path.read_text(encoding="utf-8") if path.is_file() else ""
    if before and not before.endswith("\n"):
        before += "\n"
    write_text_atomic(path, before + yaml.safe_dump([entry], allow_unicode=True, sort_keys=False))
    return f"{GAPS}/{path.name}"


def read_gaps(root: Path) -> list[dict[str, Any]]:
    """Every recorded gap, oldest file first: what reps asked and did not find."""
    out = []
    folder = root / GAPS
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except (OSError, yaml.YAMLError):
            continue
        for entry in data if isinstance(data, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("question"), str):
                out.append({"file": f"{GAPS}/{path.name}", "question": entry["question"],
                            "context": entry.get("context") if isinstance(entry.get("context"), str) else None,
                            "asked": str(entry.get("asked", ""))})
    return out
