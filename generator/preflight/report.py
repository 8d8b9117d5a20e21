"""Preflight findings as people, programs and GitHub want them: ``file:page N: message`` lines, a
JSON list of {file, page|slide, check, message}, or ``::error`` annotations; and the summary line."""

from __future__ import annotations

import json
from collections import Counter

from ..content.report import github_data, github_property
from .defects import Defect
from .run import Result


def text_lines(defects: list[Defect]) -> list[str]:
    return [f"{d.where}: {d.message}" for d in defects]


def as_json(defects: list[Defect]) -> str:
    items = []
    for d in defects:
        item: dict[str, object] = {"file": d.file}
        if d.number:
            item[d.unit] = d.number
        item.update(check=d.check, message=d.message)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=1)


def as_github(defects: list[Defect]) -> list[str]:
    """One error annotation per defect, on the file (GitHub has no page or slide: the message says it)."""
    return [f"::error file={github_property(d.file)},title={github_property('preflight ' + d.check)}::"
            f"{github_data(f'{d.unit} {d.number}: ' if d.number else '')}{github_data(d.message)}" for d in defects]


def summary(result: Result) -> str:
    """"3 files, 41 pages and slides checked: 2 defects (outside 1, stub 1)"."""
    units = result.pages + result.slides
    n = len(result.defects)
    head = (f"{result.files} file{'s' if result.files != 1 else ''}, {units} page{'s' if units != 1 else ''}"
            f" and slides checked")
    if not n:
        return f"{head}: no defects"
    counts = Counter(d.check for d in result.defects)
    detail = ", ".join(f"{check} {count}" for check, count in counts.most_common())
    return f"{head}: {n} defect{'s' if n != 1 else ''} ({detail})"
