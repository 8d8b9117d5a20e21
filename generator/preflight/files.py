"""The files of the last build (``downloads/manifest.json``, written by the builders) and which of
them are meant for customers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..content.diagnostics import EnablekitError
from ..views.documents import MANIFEST, Download, read_manifest

MEDIA = {".pdf": "pdf", ".pptx": "deck"}


class NoBuild(EnablekitError):
    """There is nothing to check: no manifest, or one that lists no PDF and no deck."""


@dataclass(frozen=True)
class Target:
    """One built PDF or deck: where it is, how findings name it, and what the manifest says of it."""

    path: Path
    shown: str
    download: Download

    @property
    def medium(self) -> str:
        return MEDIA[self.path.suffix.lower()]

    @property
    def lang(self) -> str:
        return self.download.lang

    @property
    def sendable(self) -> bool:
        return sendable(self.download)


def sendable(d: Download) -> bool:
    """Meant for customers: public brochures, the booklet, public whitepapers, the proposal PDF and
    deck, and the public pitch and industry decks (not their presenter editions). Everything else
    (battlecards, meeting prep, competitive decks, workbooks, internal or partner papers) is for the
    team and is checked for layout only."""
    public = d.audience == "public"
    if d.kind == "booklet":
        return True
    if d.kind == "proposal":  # the PDF and the deck; the -presenter deck is the team's (internal)
        return public
    if d.kind in ("brochure", "whitepaper"):
        return public
    if d.kind == "deck":
        stem = d.id or ""
        return public and (stem == "pitch" or stem.startswith("industry-")) and not stem.endswith("-presenter")
    return False


def targets(site: Path, project: Path) -> list[Target]:
    """Every PDF and deck the manifest of ``site`` lists, in its order; :class:`NoBuild` when there are none."""
    manifest = site / MANIFEST
    shown_manifest = os.path.normpath(manifest)
    if not manifest.is_file():
        raise NoBuild(f"no build to check: {shown_manifest} does not exist (run `enablekit build` first)")
    found = [d for d in read_manifest(site) if Path(d.file).suffix.lower() in MEDIA]
    if not found:
        raise NoBuild(f"no build to check: {shown_manifest} lists no PDF or deck (run `enablekit build` first)")
    downloads = manifest.parent
    return [Target(downloads / d.file, _shown(downloads / d.file, project), d) for d in found]


def _shown(path: Path, project: Path) -> str:
    """``path`` as findings print it: relative to the project when it is inside it (site/downloads/…)."""
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return os.path.relpath(path) if not path.is_absolute() else path.as_posix()
