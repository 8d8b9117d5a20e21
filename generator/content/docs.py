"""Hand-written pages in ``docs/``: which audience each one is for, and which files they show.

A page may say ``audience: internal`` (or ``partner``) in its front matter; the default is
``public``. ``check`` validates the value, the site leaves the page out of narrower builds,
and only image files that a published page shows leave the project.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..markup.markdown import markdown_images
from ..markup.sanitize import asset_path, is_asset_type
from .diagnostics import Diagnostics, Location, did_you_mean
from .files import inside, read_bytes
from .schema import Audience
from .yamlsafe import YamlError, check_text, split_front_matter


@dataclass
class DocPage:
    path: str  # relative to the docs folder, posix
    audience: Audience
    images: list[str] = field(default_factory=list)  # local image files it shows, relative to the docs folder


def docs_dir(root: Path) -> Path:
    """The hand-written pages' folder: ``docs_dir`` of mkdocs.yml, else ``docs/``."""
    import yaml

    try:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        config = None
    folder = config.get("docs_dir") if isinstance(config, dict) else None
    return root / (folder if isinstance(folder, str) and folder else "docs")


def read_docs(docs_dir: Path, root: Path, diags: Diagnostics | None = None) -> dict[str, DocPage]:
    """Every ``*.md`` page under ``docs_dir``; problems go to ``diags`` (when given) with the
    page's path relative to ``root``."""
    pages: dict[str, DocPage] = {}
    if not docs_dir.is_dir():
        return pages
    files, refused = scan(docs_dir, root)
    for file, message in refused:
        if diags is not None:
            diags.error(Location(_shown(file, root)), message, code="link")
    for file in files:
        if file.suffix != ".md":
            continue
        rel = file.relative_to(docs_dir).as_posix()
        try:
            where = file.relative_to(root).as_posix()
        except ValueError:
            where = file.as_posix()
        page = DocPage(rel, Audience.public)
        pages[rel] = page
        try:
            text = check_text(read_bytes(file))
            front, body, _ = split_front_matter(text)
        except YamlError as exc:
            if diags is not None:
                diags.error(Location(where, exc.line, exc.col), exc.message, code="yaml")
            page.audience = Audience.internal  # unreadable: never published
            continue
        except OSError as exc:
            if diags is not None:
                diags.error(Location(where), f"cannot read file: {exc.strerror}", code="unreadable")
            page.audience = Audience.internal
            continue
        data = front.data if front is not None and isinstance(front.data, dict) else {}
        value = data.get("audience")
        if value is not None:
            try:
                page.audience = Audience(value)
            except ValueError:
                page.audience = Audience.internal  # a page that asked for something odd stays inside
                if diags is not None:
                    line, col = front.mark(("audience",)) if front is not None else (1, 1)
                    options = [a.value for a in Audience]
                    diags.error(
                        Location(where, line, col),
                        f"audience: '{value}' is not one of: {', '.join(options)}{did_you_mean(str(value), options)}",
                        code="audience",
                    )
        base = Path(rel).parent
        for src in markdown_images(body)[0]:
            target = (base / asset_path(src)).as_posix()
            page.images.append(_normalise(target))
    return pages


def scan(docs_dir: Path, root: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The regular files under ``docs_dir`` that may be read, and the refused ones with the reason:
    links that leave the project, lead nowhere or loop, pipes and devices (never opened)."""
    ok: list[Path] = []
    refused: list[tuple[Path, str]] = []
    real_root = Path(os.path.realpath(root))
    for folder, dirs, names in os.walk(docs_dir, followlinks=True):
        for name in sorted(dirs):
            path = Path(folder) / name
            if not inside(Path(os.path.realpath(path)), real_root):
                refused.append((path, "link points outside the project; not read"))
                dirs.remove(name)
        for name in sorted(names):
            path = Path(folder) / name
            try:
                st = os.stat(path)
            except OSError as exc:
                loop = exc.errno == errno.ELOOP
                refused.append((path, "link leads back to itself in a loop; not read" if loop
                                else "link points to a file that does not exist; not read"))
                continue
            if not inside(Path(os.path.realpath(path)), real_root):
                refused.append((path, "link points outside the project; not read"))
            elif not stat.S_ISREG(st.st_mode):
                refused.append((path, "not a regular file; not read"))
            else:
                ok.append(path)
    return sorted(ok), refused


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            else:
                return "../"  # leaves the docs folder: never published
            continue
        parts.append(part)
    return "/".join(parts)


def published_assets(pages: dict[str, DocPage], audience: Audience) -> set[str]:
    """Image files (relative to the docs folder) that pages visible to ``audience`` show."""
    out: set[str] = set()
    for page in pages.values():
        if audience.can_see(page.audience):
            out.update(p for p in page.images if not p.startswith("../") and is_asset_type(p))
    return out
