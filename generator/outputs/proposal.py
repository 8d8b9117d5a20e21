"""The presales builder: for every deal, the customer's proposal (PDF and deck, public content
only) and the team's meeting-prep sheet (internal PDF; the site shows it as a page too)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..content import schema
from ..content.model import Project
from ..content.schema import Audience
from ..content.text import Text
from ..content.validate import walk
from ..views import presales
from ..views.documents import DocumentSpec, Download, write_manifest
from .cache import ArtifactCache, Trace, Uncacheable, digest
from .deck.builder import BrandPictures, DeckSpec, deck_inputs, make_presenter, public_digest, usable
from .pdf.render import make_job, pdf_environment, render_jobs
from .registry import Builder, Views, Writes, register

KINDS = {"proposal", "meeting-prep"}


@register
class ProposalBuilder(Builder):
    name = "proposal"
    description = "per deal: proposal PDF and deck for the customer, meeting-prep sheet for the team"
    order = 30
    manifest_kinds = frozenset(KINDS)
    deals: set[str] | None = None  # only these deal ids (enablekit proposal); None: every deal

    def build(self, views: Views, out: Path) -> None:
        internal, public = views.get(Audience.internal), views.get(Audience.public)
        downloads_dir = out / "downloads"
        downloads_dir.mkdir(parents=True, exist_ok=True)
        for old in downloads_dir.iterdir():
            if old.name.startswith(("proposal-", "meeting-prep-")):
                old.unlink()
        if internal is None or public is None:  # deals are internal: a public build has none
            write_manifest(out, [], replace_kinds=KINDS)
            return
        root = self.context.root
        env = pdf_environment(root)
        jobs, decks = [], []
        pictures = BrandPictures(views)  # drawn only when a deck is made
        for deal in sorted(internal.deals.values(), key=lambda d: d.id):
            if self.deals is not None and deal.id not in self.deals:
                continue
            content = presales.proposal(public, internal, deal)
            for problem in content.problems:
                self.context.warnings.append(f"proposal {deal.id}: {problem}")
            customer = public.t(content.customer, content.lang)
            title = f"{public.labels(content.lang)['proposal_title']} · {customer}"
            spec = DocumentSpec("proposal", deal.id, content.lang, Audience.public)
            jobs.append(make_job(env, public, spec, title=title, pr=content))
            for deck_spec, notes_view in ((DeckSpec("proposal", deal.id, content.lang, Audience.public), public),
                                          (DeckSpec("proposal", deal.id, content.lang, Audience.internal,
                                                    presenter=True), internal)):
                decks.append((deck_spec, notes_view, content))
            prep = presales.meeting_prep(internal, deal)
            for lang in prep_languages(internal, deal):
                jobs.append(make_job(env, internal, DocumentSpec("meeting-prep", deal.id, lang, Audience.internal),
                                     prep=prep))
        pdfs: list[Download] = []
        # the PDFs are rendered in the background while the decks are made here
        render_jobs(jobs, root, downloads_dir, self.context, then=pdfs.extend, writes=Writes())  # recorded below
        downloads: list[Download] = []
        cache, base = ArtifactCache(root, "proposal", self.context), deck_inputs(root, pictures)
        public_deck: tuple[bytes, dict] | None = None  # the deal's public deck, its presenter edition's source
        for spec, notes_view, content in decks:  # a deal's public deck, then its presenter edition
            try:
                inputs = dict(base, artifact=digest(dataclasses.astuple(spec)), proposal=digest(content))
                if spec.presenter and public_deck is not None:
                    inputs["public"] = public_digest(*public_deck)
            except Uncacheable as exc:  # a value the cache cannot follow: made every time
                inputs = None
                self.context.explained(f"downloads/{spec.filename}", f"it is not cached ({exc})")
            hit = cache.lookup(f"downloads/{spec.filename}", inputs, views) if inputs is not None else None
            if usable(hit, spec):
                data, meta = hit.files["deck"], hit.meta
            else:
                trace = Trace(views, spec.lang)  # the deck reads its views in its language
                if spec.presenter and public_deck is not None:  # the public deck's slides, with notes
                    data, meta, trace.deps, trace.broken = make_presenter(views, spec, public_deck)
                else:
                    from .deck.writer import Deck  # python-pptx, loaded only when a deck is made

                    warnings: list[str] = []
                    deck = Deck(root, spec, trace.view(public.audience), trace.view(notes_view.audience),
                                pictures.logo, proposal=content, cover=pictures.cover, warnings=warnings)
                    data, count, title = deck.build()
                    meta = {"count": count, "title": title, "warnings": warnings, "events": deck.events}
                if inputs is not None:
                    cache.store(f"downloads/{spec.filename}", inputs, trace, {"deck": data}, meta)
            count, title, warnings = meta["count"], meta["title"], meta["warnings"]
            public_deck = None if spec.presenter else (data, meta)
            for warning in warnings:
                if warning not in self.context.warnings:
                    self.context.warnings.append(warning)
            (downloads_dir / spec.filename).write_bytes(data)
            ident = f"{spec.entity_id}-presenter" if spec.presenter else spec.entity_id  # the site tags it
            downloads.append(Download(file=spec.filename, kind="proposal", id=ident, lang=spec.lang,
                                      audience=spec.audience.value, title=title, pages=count, bytes=len(data)))
        # the manifest is written once the PDFs are rendered (before any builder reads it)
        self.context.later(lambda: write_manifest(out, pdfs + downloads, replace_kinds=KINDS),
                           writes=Writes(frozenset(KINDS), tuple(job.spec.filename for job in jobs)
                                         + tuple(spec.filename for spec, _, _ in decks)))


def prep_languages(view: Project, deal: schema.Deal) -> list[str]:
    """The languages a deal's meeting-prep sheet is made in: those all of the deal's texts read in (a
    deal written in one language gets its sheet in that one), the default language at least."""
    texts = [node for node, _ in walk(deal) if isinstance(node, Text)]
    readable = [lang for lang in view.languages if all(text.reads_in(lang) for text in texts)]
    return readable or [view.default_language]
