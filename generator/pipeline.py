"""Build orchestration: load and validate everything, then run builders into a temporary
folder, and only when all of them succeeded swap it in place of the previous output."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .builders import BuildContext, Views, load_builtin_builders
from .diagnostics import Diagnostics, EnablekitError
from .loader import load_or_fail
from .schema import Audience


@dataclass
class BuildResult:
    out: Path
    builders: list[str]
    diagnostics: Diagnostics
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def builder_names() -> list[str]:
    return list(load_builtin_builders())


def build(
    root: str | Path,
    *,
    out: str | Path | None = None,
    audience: Audience | str = Audience.internal,
    only: Sequence[str] | None = None,
    today: dt.date | None = None,
    strict: bool = False,
    report: Callable[[str], None] = lambda message: None,
) -> BuildResult:
    """Validate the project and build the selected outputs into ``out`` (default ``<root>/site``).

    Raises :class:`~generator.diagnostics.ContentError` (with every problem) before anything
    is written when the content has errors, and leaves the previous output untouched when a
    builder fails.
    """
    root = Path(root).resolve()
    registry = load_builtin_builders()
    names = [n for n in registry if n in only] + [n for n in only if n not in registry] if only else list(registry)
    unknown = [n for n in names if n not in registry]
    if unknown:
        from .diagnostics import did_you_mean

        raise EnablekitError(
            f"unknown output '{unknown[0]}'{did_you_mean(unknown[0], registry)} (outputs: {', '.join(registry)})"
        )
    audience = Audience(audience)
    project, diags = load_or_fail(root, today=today, strict=strict)
    target = Path(out).resolve() if out else root / "site"
    _check_target(root, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    context = BuildContext(root=root, audience=audience, today=project.today, report=report)
    views = Views(project, audience)
    result = BuildResult(out=target, builders=names, diagnostics=diags)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    stage.chmod(0o755)
    try:
        if only and target.is_dir() and _previous_audience(target) == audience.value:
            # a partial build keeps the other outputs of the previous one, if it was for the same readers
            shutil.copytree(target, stage, dirs_exist_ok=True, symlinks=True)
        for name in names:
            started = time.perf_counter()
            registry[name](context).build(views, stage)
            result.seconds[name] = time.perf_counter() - started
        (stage / STAMP).write_text(json.dumps({"audience": audience.value}) + "\n", encoding="utf-8")
        _swap(stage, target)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    result.warnings = context.warnings
    return result


STAMP = ".enablekit-build.json"


def _previous_audience(target: Path) -> str | None:
    try:
        return json.loads((target / STAMP).read_text(encoding="utf-8")).get("audience")
    except (OSError, ValueError, AttributeError):
        return None


def _check_target(root: Path, target: Path) -> None:
    protected = [root, root / "content", root / "playbooks", root / "deals", root / "templates", root / "docs"]
    if target in protected or any(p in target.parents for p in protected[1:]) or target in root.parents:
        raise EnablekitError(f"refusing to write the output into {target}: it would replace project files")


def _swap(stage: Path, target: Path) -> None:
    """Put ``stage`` where ``target`` is, keeping the old output until the new one is in place."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        os.replace(target, old)
    os.replace(stage, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds content/company.yaml."""
    for folder in [start, *start.parents]:
        if (folder / "content" / "company.yaml").is_file():
            return folder
    raise EnablekitError(f"{start}: not inside an enablekit project (no content/company.yaml above it)")


def build_proposal(
    deal_file: str | Path,
    *,
    out: str | Path | None = None,
    today: dt.date | None = None,
    report: Callable[[str], None] = lambda message: None,
) -> list[Path]:
    """Proposal PDF and deck and the meeting-prep sheet for one deal file. The whole project is
    validated first; files go to ``out`` (default ``<project>/site/proposals/<deal id>``)."""
    from .builders.proposal import ProposalBuilder

    deal_path = Path(deal_file).resolve()
    root = find_project_root(deal_path.parent)
    project, _ = load_or_fail(root, today=today)
    rel = deal_path.relative_to(root).as_posix()
    deal = next((d for d in project.deals.values() if project.source(d).path == rel), None)
    if deal is None:
        raise EnablekitError(f"{rel}: not a deal file; deals live in {root.name}/deals/*.yaml")
    target = Path(out).resolve() if out else root / "site" / "proposals" / deal.id
    _check_target(root, target)
    context = BuildContext(root=root, audience=Audience.internal, today=project.today, report=report)
    builder = ProposalBuilder(context)
    builder.deals = {deal.id}
    with tempfile.TemporaryDirectory(prefix="enablekit-proposal-") as scratch:
        builder.build(Views(project, Audience.internal), Path(scratch))
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for made in sorted((Path(scratch) / "downloads").iterdir()):
            if made.name == "manifest.json":
                continue
            shutil.copyfile(made, target / made.name)
            written.append(target / made.name)
    return written
