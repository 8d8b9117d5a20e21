"""Which printable documents a project has, who may read each, and in which languages.

The PDF builder renders them and the site links them; both take the list from here.
A document is rendered from the view of *its own* audience, so a public brochure made
during an internal build still contains only public content. A document is made in a
language only when everything it shows reads in that language: a customer never gets an
English whitepaper with a Chinese body (``check`` names the texts to translate).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..content.diagnostics import Location
from ..content.model import SINGULAR, Project
from ..content.schema import Audience, Entity
from ..content.text import Text
from ..content.validate import walk
from .audience import view

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


def shown(view: Project, kind: str, ident: str | None) -> tuple[list[Entity], list[Entity]]:
    """What a document or deck of ``kind`` shows: entities shown whole, and entities shown by name."""
    if kind in ("booklet", "pitch"):
        return [view.company, *view.cases.values()], [*view.industries.values(), *view.capabilities.values()]
    if kind in ("brochure", "industry"):
        industry = view.industries[ident]
        cases = [view.cases[c] for c in industry.cases if c in view.cases]
        return [industry, *cases], [view.company, *(view.capabilities[c] for c in industry.capabilities
                                                    if c in view.capabilities)]
    if kind in ("battlecard", "competitive"):
        competitor = view.competitors[ident]
        return [competitor], [view.capabilities[c] for c in competitor.comparison if c in view.capabilities]
    if kind == "whitepaper":
        return [view.whitepapers[ident]], []
    if kind == "workbook":
        return [view.training[ident]], []
    return [], []


def untranslated(view: Project, kind: str, ident: str | None, lang: str) -> list[tuple[Entity, tuple]]:
    """The texts a ``lang`` document of ``kind`` would show in another language, with where they are."""
    whole, named = shown(view, kind, ident)
    found = [(entity, path) for entity in whole for node, path in walk(entity)
             if isinstance(node, Text) and not node.reads_in(lang)]
    found += [(entity, (entity.title_field,)) for entity in named if not entity.label.reads_in(lang)]
    return found


def readable_in(view: Project, kind: str, ident: str | None, lang: str) -> bool:
    return not untranslated(view, kind, ident, lang)


# documents that show the same content, named together in what `check` says
_FAMILIES = (("booklet", "pitch"), ("brochure", "industry"), ("battlecard", "competitive"), ("whitepaper",),
             ("workbook",))
_TABLES = {"brochure": "industries", "battlecard": "competitors", "whitepaper": "whitepapers", "workbook": "training"}


def unmade(project: Project) -> list[tuple[Location, str]]:
    """For ``check``: each document not made in a language because texts it shows lack that language,
    at the first such text, with the texts to translate."""
    views = {audience: view(project, audience) for audience in Audience}
    out = []
    for family in _FAMILIES:
        kind = family[0]
        idents = sorted(views[Audience.internal].kind(_TABLES[kind])) if kind in _TABLES else [None]
        for ident in idents:
            audience = Audience.public if kind in ("booklet", "brochure") else Audience.internal
            if ident is not None and kind in ("whitepaper", "workbook"):
                audience = views[Audience.internal].kind(_TABLES[kind])[ident].effective_audience
            for lang in project.languages:
                missing = untranslated(views[audience], kind, ident, lang)
                if not missing:
                    continue
                entity, path = missing[0]
                fields = []
                for other, where in missing:
                    name = f"{SINGULAR.get(other.kind, other.kind)} '{other.id}' " + ".".join(str(part) for part in where)
                    if name not in fields:
                        fields.append(name)
                what = " and ".join(f"{k} {ident}".strip() if ident else k for k in family)
                listed = ", ".join(fields[:5]) + (f" and {len(fields) - 5} more" if len(fields) > 5 else "")
                out.append((project.where(entity, path),
                            f"no '{lang}' {what}: {len(fields)} text{'s' * (len(fields) != 1)} it shows"
                            f" lack{'s' * (len(fields) == 1)} '{lang}' ({listed}); translate {'it' if len(fields) == 1 else 'them'} to make it"))
    return out


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
    # never a mixed-language document: a language the content lacks is left out
    return [spec for spec in out if readable_in(views.get(spec.audience), spec.kind, spec.entity_id, spec.lang)]


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


def merged_manifest(current: list[Download], downloads: list[Download], *, replace_kinds: set[str]) -> list[Download]:
    """The manifest ``current`` with the entries of ``replace_kinds`` replaced by ``downloads``, in its order."""
    kept = [d for d in current if d.kind not in replace_kinds]
    return sorted(kept + downloads, key=lambda d: (d.kind, d.id or "", d.lang, d.file))


def write_manifest(site_dir: Path, downloads: list[Download], *, replace_kinds: set[str]) -> None:
    """Record ``downloads``, keeping the entries of other builders (kinds not in ``replace_kinds``)."""
    items = merged_manifest(read_manifest(site_dir), downloads, replace_kinds=replace_kinds)
    path = site_dir / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(d) for d in items], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
