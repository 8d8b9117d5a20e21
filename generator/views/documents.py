"""Which printable documents a project has, and who may read each.

The PDF builder renders them and the site links them; both take the list from here.
A document is rendered from the view of *its own* audience, so a public brochure made
during an internal build still contains only public content.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..content.schema import Audience

MANIFEST = "downloads/manifest.json"


@dataclass(frozen=True)
class DocumentSpec:
    kind: str  # brochure | booklet | battlecard | whitepaper
    entity_id: str | None
    lang: str
    audience: Audience

    @property
    def stem(self) -> str:
        return f"{self.kind}-{self.entity_id}" if self.entity_id else self.kind

    @property
    def filename(self) -> str:
        return f"{self.stem}.{self.lang}.pdf"


def cover_alt(view, lang: str) -> str:  # noqa: ANN001 - content.model.Project
    """The alternative text of brand.cover_image on PDF covers and title slides, in ``lang``:
    brand.cover_alt, else the product's name."""
    company = view.company
    return view.t(company.brand.cover_alt, lang) or view.t(company.product.name, lang)


def pdf_documents(views) -> list[DocumentSpec]:  # noqa: ANN001 - builders.Views
    """Every PDF the build's audience may have, in a stable order."""
    out: list[DocumentSpec] = []
    public = views.get(Audience.public)
    internal = views.get(Audience.internal)
    base = public or views.get(views.maximum)
    languages = base.languages
    for lang in languages:
        if public is not None:
            out.append(DocumentSpec("booklet", None, lang, Audience.public))
            out += [DocumentSpec("brochure", i, lang, Audience.public) for i in sorted(public.industries)]
        if internal is not None:
            out += [DocumentSpec("battlecard", c, lang, Audience.internal) for c in sorted(internal.competitors)]
        for audience in (Audience.public, Audience.partner, Audience.internal):
            view = views.get(audience)
            if view is None:
                continue
            for paper in sorted(view.whitepapers.values(), key=lambda w: w.id):
                if paper.effective_audience is audience:
                    out.append(DocumentSpec("whitepaper", paper.id, lang, audience))
            for path in sorted(view.training.values(), key=lambda p: p.id):
                if path.effective_audience is audience:
                    out.append(DocumentSpec("workbook", path.id, lang, audience))
    return out


@dataclass
class Download:
    """One file under downloads/, as the manifest records it."""

    file: str
    kind: str
    id: str | None
    lang: str
    audience: str
    title: str
    pages: int
    bytes: int


def read_manifest(site_dir: Path) -> list[Download]:
    path = site_dir / MANIFEST
    if not path.is_file():
        return []
    try:
        return [Download(**item) for item in json.loads(path.read_text(encoding="utf-8"))]
    except (ValueError, TypeError):
        return []


def write_manifest(site_dir: Path, downloads: list[Download], *, replace_kinds: set[str]) -> None:
    """Record ``downloads``, keeping the entries of other builders (kinds not in ``replace_kinds``)."""
    kept = [d for d in read_manifest(site_dir) if d.kind not in replace_kinds]
    items = sorted(kept + downloads, key=lambda d: (d.kind, d.id or "", d.lang, d.file))
    path = site_dir / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(d) for d in items], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
