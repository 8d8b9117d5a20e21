"""The deck builder: editable PowerPoint decks from the brand template (python-pptx).

Decks: a master pitch deck and one deck per industry (public), one competitive training
deck per competitor (internal). Internal builds add a *presenter edition* of each public
deck: the same slides, with the likely objections and their short answers in the notes.

This module decides which decks to make and which come from the cache; the slides are drawn by
:mod:`.writer` (python-pptx), imported only when a deck is made.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from pathlib import Path

from ...content.schema import Audience
from ...language import fonts
from ...markup.sanitize import clean_svg
from ...views.documents import Download, readable_in, write_manifest
from ..cache import ArtifactCache, Trace, bytes_digest, code_fingerprint, digest, files_digest
from ..registry import Builder, Views, Writes, may_fork, register
from .specs import DeckSpec


def deck_specs(views: Views) -> list[DeckSpec]:
    public, internal = views.get(Audience.public), views.get(Audience.internal)
    base = public or views.get(views.maximum)
    out: list[DeckSpec] = []
    for lang in base.languages:
        if public is not None:
            out.append(DeckSpec("pitch", None, lang, Audience.public))
            out += [DeckSpec("industry", i, lang, Audience.public) for i in sorted(public.industries)]
            if internal is not None:
                out.append(DeckSpec("pitch", None, lang, Audience.internal, presenter=True))
                out += [DeckSpec("industry", i, lang, Audience.internal, presenter=True) for i in sorted(public.industries)]
        if internal is not None:
            out += [DeckSpec("competitive", c, lang, Audience.internal) for c in sorted(internal.competitors)]
    # never a mixed-language deck: the slides of pitch and industry decks come from the public view
    return [spec for spec in out if readable_in(public if spec.kind != "competitive" and public else
                                                views.get(spec.audience), spec.kind, spec.entity_id, spec.lang)]


@register
class DeckBuilder(Builder):
    name = "deck"
    description = "PowerPoint decks: pitch, industry and competitive training"
    order = 20
    manifest_kinds = frozenset({"deck"})

    def build(self, views: Views, out: Path) -> None:
        downloads_dir = out / "downloads"
        downloads_dir.mkdir(parents=True, exist_ok=True)
        for old in downloads_dir.glob("*.pptx"):
            old.unlink()
        pictures = BrandPictures(views)  # drawn only when a deck is made
        specs = deck_specs(views)
        self.context.report(f"deck: {len(specs)} decks")
        cache = ArtifactCache(self.context.root, "deck", self.context)
        base = deck_inputs(self.context.root, pictures)
        made: dict[DeckSpec, tuple[bytes, dict]] = {}
        missing: list[DeckSpec] = []
        inputs: dict[DeckSpec, dict[str, str]] = {}
        for spec in specs:  # a public deck before its presenter edition (deck_specs)
            inputs[spec] = dict(base, artifact=digest(dataclasses.astuple(spec)))
            if spec.presenter:  # made from the public deck: looked up with it, when it is at hand
                public = made.get(public_edition(spec))
                if public is None:
                    missing.append(spec)
                    self.context.explained(f"downloads/{spec.filename}", "--force" if self.context.force else
                                           f"its public deck {public_edition(spec).filename} is made again")
                    continue
                inputs[spec]["public"] = public_digest(*public)
            hit = cache.lookup(f"downloads/{spec.filename}", inputs[spec], views)
            if usable(hit, spec):
                made[spec] = hit.files["deck"], hit.meta
            else:
                missing.append(spec)
        root, context = self.context.root, self.context

        def finish(drawn: list[tuple]) -> None:
            for spec, (data, meta, deps, broken) in zip(missing, drawn, strict=True):
                trace = Trace(views, spec.lang)
                trace.deps, trace.broken = deps, broken
                if spec.presenter:
                    inputs[spec]["public"] = public_digest(*made[public_edition(spec)])
                cache.store(f"downloads/{spec.filename}", inputs[spec], trace, {"deck": data}, meta)
                made[spec] = data, meta
            records = []
            for spec in specs:
                data, meta = made[spec]
                for warning in meta["warnings"]:
                    if warning not in context.warnings:
                        context.warnings.append(warning)
                target = downloads_dir / spec.filename
                target.write_bytes(data)
                records.append(Download(
                    file=spec.filename, kind="deck", id=spec.stem, lang=spec.lang, audience=spec.audience.value,
                    title=meta["title"], pages=meta["count"], bytes=len(data),
                ))
            write_manifest(out, records, replace_kinds={"deck"})

        if not missing:
            finish([])
            return
        publics = {spec: made[public_edition(spec)] for spec in missing if spec.presenter and public_edition(spec) in made}
        # the decks are drawn in the background while the next builders run (decks side by side there)
        self.context.in_background(lambda: make_decks(root, views, pictures, missing, publics), finish,
                                   writes=Writes(frozenset({"deck"}), tuple(spec.filename for spec in specs)))


def public_edition(spec: DeckSpec) -> DeckSpec:
    """The public deck a presenter edition is made from."""
    return dataclasses.replace(spec, audience=Audience.public, presenter=False)


def usable(hit, spec: DeckSpec) -> bool:  # noqa: ANN001 - a cache hit or None
    """A kept deck that can be used: a public deck's entry must hold what its presenter edition is made from."""
    return hit is not None and (spec.presenter or "events" in hit.meta)


def public_digest(data: bytes, meta: dict) -> str:
    """What a presenter edition takes of its public deck: its bytes, title and drawing's events."""
    return digest([bytes_digest(data), meta["title"], meta.get("events")])


def make_decks(root: Path, views: Views, pictures: BrandPictures, specs: list[DeckSpec],
               publics: dict[DeckSpec, tuple[bytes, dict]] | None = None) -> list[tuple]:
    """Make the decks of ``specs``: per deck its bytes, its notes (slide count, title, warnings, and what a
    presenter edition adds to its slides) and what its trace recorded. A presenter edition is made from its
    public deck: drawn beside it, or given in ``publics`` (from the cache). Several decks are made side by
    side, one process per core (forked: the loaded project is shared), when the process may fork safely
    (one thread: not under ``serve``)."""
    import multiprocessing

    if not specs:
        return []
    publics = publics or {}
    # a group: a public deck and its presenter edition, drawn in one process; or a presenter edition alone
    groups: list[tuple[list[DeckSpec], tuple[bytes, dict] | None]] = []
    for spec in specs:
        if not spec.presenter:
            groups.append(([spec], None))
        elif public_edition(spec) in specs:
            next(group for group in groups if group[0][0] == public_edition(spec))[0].append(spec)
        else:
            groups.append(([spec], publics[spec]))
    if any(not group[0][0].presenter for group in groups):
        pictures.logo, pictures.cover  # noqa: B018 - drawn once here, not once per process
    from . import writer  # noqa: F401 - python-pptx loaded once here, not once per process
    workers = min(len(groups), os.cpu_count() or 1)
    if workers < 2 or not may_fork():
        results = [_make_group(root, views, pictures, *group) for group in groups]
    else:
        from concurrent.futures import ProcessPoolExecutor

        global _SHARED  # noqa: PLW0603 - what the forked processes find without pickling the project
        _SHARED = (root, views, pictures)
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
                results = list(pool.map(_make_shared_group, *zip(*groups, strict=True)))
        finally:
            _SHARED = None
    found = {spec: result for group, made in zip(groups, results, strict=True) for spec, result in zip(group[0], made, strict=True)}
    return [found[spec] for spec in specs]


_SHARED: tuple | None = None


def _make_shared_group(specs: list[DeckSpec], public: tuple[bytes, dict] | None) -> list[tuple]:
    assert _SHARED is not None
    return _make_group(*_SHARED, specs, public)


def _make_group(root: Path, views: Views, pictures: BrandPictures, specs: list[DeckSpec],
                public: tuple[bytes, dict] | None) -> list[tuple]:
    """The decks of a group (make_decks), in its order: a presenter edition after its public deck."""
    out: list[tuple] = []
    for spec in specs:
        if spec.presenter:
            out.append(make_presenter(views, spec, public if public is not None else out[0][:2]))
        else:
            out.append(_make_deck(root, views, pictures, spec))
    return out


def _make_deck(root: Path, views: Views, pictures: BrandPictures, spec: DeckSpec) -> tuple:
    # the deck sees its views through the trace: what it shows, in its language, is recorded
    trace = Trace(views, spec.lang)
    slides_view = trace.view(Audience.public if spec.kind != "competitive" else Audience.internal)
    notes_view = trace.view(spec.audience)
    warnings: list[str] = []
    from .writer import Deck

    writer = Deck(root, spec, slides_view, notes_view, pictures.logo, warnings=warnings, cover=pictures.cover)
    data, count, title = writer.build()
    return data, {"count": count, "title": title, "warnings": warnings, "events": writer.events}, trace.deps, trace.broken


def make_presenter(views: Views, spec: DeckSpec, public: tuple[bytes, dict]) -> tuple:
    """A presenter edition from its public deck's bytes and notes (writer.presenter_edition), as _make_deck gives
    a deck; what it reads of the views besides (the notes' objections, labels, fonts) is traced."""
    from .writer import presenter_edition

    data, meta = public
    trace = Trace(views, spec.lang)
    data, count, title = presenter_edition(spec, trace.view(Audience.public), trace.view(spec.audience), data,
                                           meta["title"], meta["events"])
    return data, {"count": count, "title": title, "warnings": list(meta["warnings"])}, trace.deps, trace.broken


class BrandPictures:
    """The brand's logo and cover image as PNG for decks, drawn the first time a deck asks for them (a
    build whose decks all come from the cache draws neither)."""

    def __init__(self, views: Views):
        self.views = views

    @functools.cached_property
    def logo(self) -> bytes | None:
        return _logo_png(self.views)

    @functools.cached_property
    def cover(self) -> bytes | None:
        return cover_png(self.views)

    def source(self, field: str) -> str:
        """A digest of the picture file the brand names in ``field`` (what its PNG is drawn from)."""
        project = self.views.get(self.views.maximum)
        name = getattr(project.company.brand, field)
        if not name:
            return "none"
        try:
            return bytes_digest(name.encode("utf-8") + b"\0" + (project.root / "content" / name).read_bytes())
        except OSError:
            return "unreadable"


def deck_inputs(root: Path, pictures: BrandPictures) -> dict[str, str]:
    """What every deck is made from besides what it reads of the views: enablekit's code, the project's
    deck templates, the brand pictures' files."""
    return {"code": code_fingerprint(), "templates": files_digest(root, [root / "templates" / "deck"]),
            "logo": pictures.source("logo"), "cover": pictures.source("cover_image")}


def cover_png(views: Views) -> bytes | None:
    """brand.cover_image as PNG (an SVG drawn 1500 px high), for title slides."""
    return _brand_png(views, "cover_image", 1500)


def _logo_png(views: Views) -> bytes | None:
    return _brand_png(views, "logo", 200)


def _brand_png(views: Views, field: str, height: int) -> bytes | None:
    """A brand picture (logo, cover image) as PNG: an SVG sanitised (cairosvg would otherwise fetch its
    external references) and drawn with CJK fonts named; JPG or WebP converted, so every presentation
    program opens it; a PNG as it is."""
    project = views.get(views.maximum)
    name = getattr(project.company.brand, field)
    if not name:
        return None
    path = (project.root / "content" / name).resolve()
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return _drawn_svg(project.root, path.read_bytes(), height, project.languages)
    if suffix == ".png":
        return path.read_bytes()
    import io

    from PIL import Image

    with Image.open(path) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, "PNG")
        return out.getvalue()


def _drawn_svg(root: Path, svg: bytes, height: int, languages: list[str]) -> bytes:
    """An SVG brand picture drawn as PNG ``height`` px high; kept in the project's cache by what the drawing
    depends on (the file's bytes, the languages whose fonts it names, the fonts installed, the code), so a
    build that makes a deck does not draw the logo and the cover again (a quarter of a second)."""
    key = digest([code_fingerprint(), bytes_digest(svg), height, languages, sorted(fonts.installed_families())])
    kept = root / ".enablekit-cache" / "brand" / f"{key}.png"
    try:
        return kept.read_bytes()
    except OSError:
        pass
    import cairosvg

    png = cairosvg.svg2png(bytestring=with_cjk_fonts(clean_svg(svg), languages), output_height=height, unsafe=False)
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        tmp = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
        tmp.write_bytes(png)
        os.replace(tmp, kept)
    except OSError:  # a cache that cannot be written: drawn again next time
        pass
    return png


def with_cjk_fonts(svg: bytes, languages: list[str]) -> bytes:
    """The logo with a CJK font named on every text that holds CJK characters. cairosvg draws a
    text in the *first* family it names only, and a logo's "sans-serif" has no CJK glyphs, so
    Chinese or Japanese lettering came out as empty boxes on every slide (the PDFs were fine)."""
    import xml.etree.ElementTree as ET

    cjk = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3000-\u30ff]")
    lang = fonts.cjk_language(languages[0], languages) if languages else None
    family = fonts.cjk_family(lang) if lang else fonts.cjk_family("zh")
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return svg
    changed = False
    for el in root.iter():
        if el.tag.rpartition("}")[2] in ("text", "tspan") and cjk.search("".join(el.itertext())):
            el.set("font-family", family or "Noto Sans CJK SC")
            style = el.get("style")
            if style and "font-family" in style:
                el.set("style", re.sub(r"font-family\s*:[^;]*;?", "", style))
            changed = True
    if not changed:
        return svg
    ET.register_namespace("", "http://www.w3.org/2000/svg")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
