"""``enablekit new``: a small but complete project that builds at once."""

from __future__ import annotations

import shutil
from pathlib import Path

from .diagnostics import EnablekitError
from .render import BUILTIN

SCAFFOLD = BUILTIN / "scaffold"


def scaffold(directory: str | Path) -> list[Path]:
    target = Path(directory)
    if target.exists() and any(target.iterdir()):
        raise EnablekitError(f"{target} exists and is not empty; choose a new folder")
    written = []
    for source in sorted(SCAFFOLD.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        dest = target / source.relative_to(SCAFFOLD)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
        written.append(dest)
    (target / ".gitignore").write_text("/site/\n.enablekit-cache/\n", encoding="utf-8")
    written.append(target / ".gitignore")
    return written
