"""Rendering PDFs (WeasyPrint): a document's HTML from its template, a cache key of everything it
depends on, parallel rendering into a cache, and the fetcher that closes the renderer down.

Each document is a Jinja2 template (``templates/pdf/<kind>.html.j2`` and ``<kind>.css``,
overridable per project) rendered from the view of the document's own audience. PDFs
render in parallel, one process per core, and a content-hash cache skips documents whose
HTML, styles and images have not changed.

What a PDF may carry is closed down here, whatever the content or a project's own templates say:
the renderer reads only asset files (images, fonts, stylesheets) inside the project, nothing is
ever embedded as an attachment, links go only to web pages, e-mail addresses or inside the
document, and the project's folder is never written into a PDF (every file URL is relative to
:data:`PROJECT_URL`), so the same content gives the same bytes wherever it lives.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html as htmllib
import importlib.metadata
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlparse, urlsplit

import jinja2
from markupsafe import Markup

from ...content.diagnostics import EnablekitError
from ...content.model import Project
from ...language import fonts
from ...language.breaks import keep_together
from ...markup.sanitize import clean_svg
from ...render.jinja import environment
from ...views.documents import DocumentSpec, Download, cover_alt
from ..cache import query, traced_query
from .kinds import KINDS

PAGE_SIZES = {"A4": ("A4", "297mm"), "Letter": ("letter", "279.4mm")}
CACHE_VERSION = "7"  # 3: tagged PDF/UA-1; 4: stub last pages laid out again; 5: short hyphenated tokens kept whole; 6: contents only for long text; 7: badges and dates apart (bump when rendering decisions change)
_FILE_SRC = re.compile(r'(?:src|href)="(file://[^"]+)"')
# Documents see the project at this URL, never at its real path: no PDF (link, identifier, cache
# key) depends on the folder the project sits in. The fetcher maps it back to the project's root.
PROJECT_URL = "file:///.enablekit-project/"
# the only files the renderer reads: images, fonts and stylesheets
ASSET_SUFFIXES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".svg": "image/svg+xml", ".woff": "font/woff", ".woff2": "font/woff2",
    ".ttf": "font/ttf", ".otf": "font/otf", ".css": "text/css",
}
# tagged PDF (a structure tree: headings, paragraphs, lists, tables, figures with their alt text, in
# reading order), /Lang from <html lang>, the title shown instead of the file name, PDF/UA-1 in the
# XMP metadata; WeasyPrint paints backgrounds and borders (bands, panels, shapes) as artifacts
PDF_VARIANT = "pdf/ua-1"
LINK_SCHEMES = {"http", "https", "mailto", "tel"}  # where a link in a PDF may point (besides '#…')
# kinds meant for one sheet: a document that spills over is laid out again with ``compact`` added to
# the body's classes (tighter type, <kind>.css), and that layout is kept when it fits one page
ONE_PAGE_BODY = {"battlecard": ('<body class="battlecard">', '<body class="battlecard compact">')}
STUB = 0.25  # a last page whose content reaches less than this share of the page is a stub


# the names under which WeasyPrint's required libraries load on Linux (its ``text/ffi.py`` tries these
# after names meant for other systems)
_SONAMES = ("libgobject-2.0.so.0", "libpango-1.0.so.0", "libharfbuzz.so.0", "libfontconfig.so.1",
            "libpangoft2-1.0.so.0")


def import_weasyprint() -> None:
    """Import WeasyPrint without ctypes' library search.

    WeasyPrint tries several names per library (Windows', macOS', Linux's), and cffi hands each name that
    does not load to ``ctypes.util.find_library``, which on Linux runs ``ldconfig`` and then ``gcc``
    and ``ld`` (about twenty processes, 0.4 s of CPU). Where the Linux names load directly, the search
    cannot find anything they would not: it answers "not found" while WeasyPrint is imported.
    """
    import sys

    if "weasyprint.text.ffi" in sys.modules:
        return
    import ctypes
    import ctypes.util

    search = ctypes.util.find_library
    if sys.platform.startswith("linux"):
        try:
            for name in _SONAMES:
                ctypes.CDLL(name)
        except OSError:  # a system where only the search finds them: let it
            pass
        else:
            ctypes.util.find_library = lambda name: None
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = search


def harfbuzz_subsetting() -> bool:
    """True when WeasyPrint can subset fonts with HarfBuzz (fast) instead of fontTools (slow)."""
    try:
        import_weasyprint()
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

        return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))
    except Exception:  # noqa: BLE001 - any failure means the slow path
        return False


@dataclass
class Job:
    spec: DocumentSpec
    title: str
    html: str
    base_url: str
    key: str
    blocked: list[str] = field(default_factory=list)


def make_job(env: jinja2.Environment, view: Project, spec: DocumentSpec, **extra) -> Job:
    """The HTML of a document and the cache key of everything its PDF depends on. Neither holds
    the project's folder, so the key (also the PDF's /ID) is the same wherever the project is."""
    html, base_url, title = render_html(env, view, spec, **extra)
    digest = hashlib.sha256()
    for part in (CACHE_VERSION, _weasyprint_version(), f"variant={PDF_VARIANT}", html, base_url):
        digest.update(part.encode("utf-8"))
    for url in sorted(set(_FILE_SRC.findall(html))):
        path = _file_path(htmllib.unescape(url), base_url, view.root)
        if path is not None and path.is_file():
            digest.update(path.read_bytes())
    return Job(spec, title, html, base_url, digest.hexdigest()[:32])


RENDERED = "no PDF is cached for what it shows now (its content, styles or pictures changed, or it was never built)"


def render_jobs(jobs: list[Job], root: Path, downloads_dir: Path, context, workers: int | None = None,  # noqa: ANN001
                reasons: dict[str, str] | None = None,
                then: Callable[[list[Download]], None] | None = None, writes=None) -> list[Download] | None:  # noqa: ANN001
    """Render the jobs the cache lacks (in parallel), then copy every PDF into downloads/. ``reasons``: why a
    document (by file name) is rendered again when it is (``--explain``), if known better than "no PDF is cached".
    Returns the downloads; with ``then``, hands them to ``then`` instead, once rendered: in the background (see
    ``BuildContext.in_background``) when PDFs are to be rendered and the build allows it; ``writes``: what
    ``then`` records in the downloads' manifest (a ``registry.Writes``)."""
    cache = root / ".enablekit-cache" / "pdf"
    cache.mkdir(parents=True, exist_ok=True)
    force = getattr(context, "force", False)
    misses = [job for job in jobs if force or not (cache / f"{job.key}.pdf").is_file()]
    explained = getattr(context, "explained", None)
    if explained is not None:
        missed = {id(job) for job in misses}
        for job in jobs:
            explained(f"downloads/{job.spec.filename}", None if id(job) not in missed else "--force" if force else
                      (reasons or {}).get(job.spec.filename, RENDERED))
    context.report(f"pdf: {len(jobs)} documents, {len(misses)} to render")

    def finish(rendered: list[tuple[int, list[str], str | None]]) -> list[Download]:
        for job, (pages, blocked, error) in zip(misses, rendered, strict=True):
            if error:
                raise EnablekitError(f"pdf: {job.spec.filename}: {error}")
            for url in blocked:
                context.warnings.append(f"pdf: {job.spec.filename}: not embedded: {url}")
            (cache / f"{job.key}.json").write_text(json.dumps({"pages": pages}), encoding="utf-8")
        downloads = []
        for job in jobs:
            target = downloads_dir / job.spec.filename
            shutil.copyfile(cache / f"{job.key}.pdf", target)
            pages = json.loads((cache / f"{job.key}.json").read_text(encoding="utf-8"))["pages"]
            downloads.append(Download(
                file=job.spec.filename, kind=job.spec.kind, id=job.spec.entity_id, lang=job.spec.lang,
                audience=job.spec.audience.value, title=job.title, pages=pages, bytes=target.stat().st_size,
            ))
        return downloads

    if then is None:
        return finish(render_all(misses, root, workers))
    if not misses:
        then(finish([]))
    else:
        # plain arguments, so that the process that imported WeasyPrint while the content was loaded may take it
        context.in_background(functools.partial(render_args, _arguments(misses, root), workers),
                              lambda rendered: then(finish(rendered)), writes=writes, warm="pdf")
    return None


# ---------------------------------------------------------------------------- rendering HTML


def pdf_environment(root: Path) -> jinja2.Environment:
    """The PDF templates' environment: HTML filters, plus ``cap`` and ``case`` to look up ids."""
    env = environment(root, "pdf", html=True, compiled=root / ".enablekit-cache" / "jinja")

    @jinja2.pass_context
    def cap(context, ident):  # noqa: ANN001
        return context["p"].capabilities.get(ident) if ident else None

    @jinja2.pass_context
    def case(context, ident):  # noqa: ANN001
        return context["p"].cases.get(ident) if ident else None

    env.filters.update(cap=cap, case=case)
    return env


def render_html(env: jinja2.Environment, view: Project, spec: DocumentSpec, *, title: str | None = None,
                entity=None, **extra) -> tuple[str, str, str]:  # noqa: ANN001
    """The HTML of one document, the base URL its relative links resolve against, and its title. What
    is particular to the document's kind (its entity, title and context) comes from :data:`KINDS`;
    ``title``, ``entity`` and ``extra`` context given here take precedence."""
    kind = KINDS.get(spec.kind)
    if kind is None:
        raise EnablekitError(f"pdf: no document kind '{spec.kind}' (kinds: {', '.join(sorted(KINDS))})")
    lang = spec.lang
    L = view.labels(lang)
    company = view.company
    if entity is None:
        entity = kind.entity(view, spec)
    # relative image paths in the content resolve against the folder of the file that holds them
    base_dir = Path(traced_query(view, source_folder, entity.kind, entity.id)) if entity is not None else Path("content")
    title = title or kind.title(view, spec, entity)
    size, height = PAGE_SIZES[company.pdf.page_size]
    # validated family names (schema.Brand), each written as an escaped CSS string by the template:
    # the brand's, then the language's own (Japanese shapes for ja), then the other CJK ones
    font_families = fonts.pdf_families(company.brand.families, lang, view.languages)
    context = {
        "p": view, "lang": lang, "L": L, "t": lambda text: view.t(text, lang), "company": company,
        "brand": company.brand, "kind": spec.kind, "e": entity, "title": title,
        "description": view.t(getattr(entity, "summary", None) or company.product.slogan, lang),
        "created": _created(view, entity),
        "page": {"size": size, "height": height, "font_families": font_families, "page_of": _page_of(L["page_of"])},
        "logo": project_url(Path("content") / company.brand.logo) if company.brand.logo else None,
        # a CSS url() of a validated project path, percent-encoded, then written as an escaped CSS string
        "cover_image": Markup(f"url({css_quote(project_url(Path('content') / company.brand.cover_image))})")
        if company.brand.cover_image else None,
        # the same picture as an <img> (a tagged figure with alternative text; a CSS background is an artifact)
        "cover_src": project_url(Path("content") / company.brand.cover_image) if company.brand.cover_image else None,
        "cover_alt": cover_alt(view, lang),
        "audience_mark": L["confidential"] if spec.audience.value == "internal" else L["public_doc"]
        if spec.audience.value == "public" else L["partner_badge"],
        "audience_internal": spec.audience.value == "internal",
        "stale": bool(entity is not None and view.is_stale(entity)),
        "toc": [], "body": "",
        **kind.context(view, spec, entity),
        **extra,
    }
    # where the language must not break: inside Korean words, before a paragraph's last characters
    html = keep_together(env.get_template(f"{spec.kind}.html.j2").render(**context), lang)
    return html, project_url(base_dir) + "/", title


@query
def source_folder(view: Project, kind: str, ident: str) -> str:
    """The folder (relative to the project) of the file an entity is written in: a document's relative
    pictures resolve against it. A query, so that a PDF's trace records this, not every entity's source."""
    source = view.sources.get((kind, ident))
    return Path(source.path if source is not None else f"<{kind}>").parent.as_posix()


def project_url(relative: Path | str) -> str:
    """The URL under :data:`PROJECT_URL` of a path relative to the project's root."""
    path = os.path.normpath(Path(relative).as_posix()).replace(os.sep, "/")
    return PROJECT_URL + quote(path.lstrip("/") if path != "." else "", safe="/")


def _created(view: Project, entity) -> str:  # noqa: ANN001
    """A date from the content, never the clock, so the same input gives the same bytes."""
    dates = [d for d in (view.company.reviewed, getattr(entity, "reviewed", None), getattr(entity, "date", None)) if d]
    day = max(dates) if dates else dt.date(2000, 1, 1)
    return f"{day.isoformat()}T00:00:00Z"


def _page_of(pattern: str) -> Markup:
    """'Page {page} of {pages}' as a CSS content value with counters (every literal escaped)."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", pattern):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_quote(piece))
    return Markup(" ".join(parts))


def css_quote(text: str) -> str:
    """A CSS string literal holding ``text`` exactly (spaces kept): every character that could
    end the string, the declaration or the rule is written as a hex escape."""
    return '"' + "".join(ch if ch.isalnum() or ch in " .,·-_" else f"\\{ord(ch):x} " for ch in text) + '"'


@functools.cache
def _weasyprint_version() -> str:
    """WeasyPrint's version, from its package's metadata: importing WeasyPrint (a second or more) waits
    until a PDF is actually rendered."""
    try:
        return importlib.metadata.version("weasyprint")
    except importlib.metadata.PackageNotFoundError:
        import weasyprint

        return weasyprint.__version__


def _file_path(url: str, base_url: str, root: Path | None = None) -> Path | None:
    """The file a ``file:`` URL of a document names (URLs under :data:`PROJECT_URL` inside ``root``)."""
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    virtual = urlparse(PROJECT_URL).path
    if path.startswith(virtual):
        return (root / path[len(virtual):]) if root is not None else None
    return Path(path)


# ---------------------------------------------------------------------------- rendering PDFs


def render_all(jobs: list[Job], root: Path, workers: int | None = None) -> list[tuple[int, list[str], str | None]]:
    """Render every job to the cache; one process per core (forked: templates and fonts are shared)."""
    return render_args(_arguments(jobs, root), workers)


def _arguments(jobs: list[Job], root: Path) -> list[tuple[str, str, str, str, str]]:
    """What :func:`_render` needs of each job, as plain text (it pickles cheaply)."""
    cache = root / ".enablekit-cache" / "pdf"
    return [(job.html, job.base_url, str(cache / f"{job.key}.pdf"), job.key, str(root)) for job in jobs]


def warm_up() -> None:
    """Import what laying out a PDF needs (WeasyPrint, its fetcher): see ``registry.Warm``."""
    _project_fetcher()


def render_args(args: list[tuple[str, str, str, str, str]], workers: int | None = None,
                ) -> list[tuple[int, list[str], str | None]]:
    """:func:`render_all` of the jobs' plain arguments (:func:`_arguments`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(args) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_render(*a) for a in args]
    with ProcessPoolExecutor(max_workers=min(workers, len(args)), mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_render, *zip(*args, strict=True), chunksize=1))


def _render(html: str, base_url: str, target: str, key: str, root: str) -> tuple[int, list[str], str | None]:
    import logging

    import_weasyprint()
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = _project_fetcher()(Path(root))
    try:
        document = _layout(HTML, html, base_url, fetcher)
        for plain, compact in ONE_PAGE_BODY.values():
            if len(document.pages) == 2 and plain in html and _filled(document.pages[1]) < 0.35:
                tighter = _layout(HTML, html.replace(plain, compact, 1), base_url, fetcher)
                if len(tighter.pages) == 1:
                    document = tighter
        # a last page holding only a stub (the contact box, a few lines): laid out again a little
        # tighter (spacing, not type size), kept when it ends a page earlier
        pages = len(document.pages)
        if pages >= 2 and _filled(document.pages[-1]) < STUB and '<body class="' in html:
            # tighter spacing first; then, where the cover carries the contacts, without the closing box;
            # then a closing section (a workbook's answer key) on a page of its own
            for classes in ("tight ", "tight contact-on-cover ", "answer-key-apart "):
                tighter = _layout(HTML, html.replace('<body class="', f'<body class="{classes}', 1), base_url, fetcher)
                if len(tighter.pages) < pages or (len(tighter.pages) <= pages + 1 and _filled(tighter.pages[-1]) >= STUB
                                                  and _filled(tighter.pages[-2]) >= 0.5):
                    document = tighter
                    break
        _drop_outside_links(document)
        pdf = document.write_pdf(pdf_identifier=key.encode("ascii"), attachments=None, pdf_variant=PDF_VARIANT)
    except Exception as exc:  # noqa: BLE001 - reported with the document's name
        return 0, fetcher.blocked, f"{type(exc).__name__}: {exc}"
    tmp = Path(target + ".tmp")
    tmp.write_bytes(pdf)
    os.replace(tmp, target)
    return len(document.pages), fetcher.blocked, None


def _layout(html_class, html: str, base_url: str, fetcher):  # noqa: ANN001, ANN202
    source = html_class(string=html, base_url=base_url, url_fetcher=fetcher)
    _close_doors(source.etree_element)
    return source.render()


def _filled(page) -> float:  # noqa: ANN001 - weasyprint.document.Page
    """How far down its page area (0 to 1) the content of a laid-out page reaches."""
    from weasyprint.formatting_structure.boxes import MarginBox

    box = page._page_box
    top, height = box.content_box_y(), box.height
    bottom = top
    for root in box.children:
        if isinstance(root, MarginBox):
            continue
        for child in root.descendants():
            if isinstance(getattr(child, "height", None), (int, float)) and child.position_y < top + height:
                bottom = max(bottom, child.position_y + child.height)
    return (bottom - top) / height if height else 1.0


def _close_doors(tree) -> None:  # noqa: ANN001 - the element tree WeasyPrint parsed
    """No ``rel=attachment`` (WeasyPrint would embed the file it names) and no link to a file:
    ``<a>``/``<area>`` keep only web, e-mail, phone and in-document targets."""
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        rel = element.get("rel")
        if rel is not None:
            tokens = [t for t in rel.split() if t.lower() != "attachment"]
            if tokens:
                element.set("rel", " ".join(tokens))
            else:
                del element.attrib["rel"]
        if element.tag.rsplit("}", 1)[-1].lower() in ("a", "area"):  # HTML, or SVG's namespaced <a>
            for name in [n for n in element.attrib if n.rsplit("}", 1)[-1].lower() == "href"]:
                if not _link_allowed(element.get(name)):
                    del element.attrib[name]


def _link_allowed(href: str) -> bool:
    href = href.strip()
    if href.startswith("#"):
        return True
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return False
    return scheme in LINK_SCHEMES


def _drop_outside_links(document) -> None:  # noqa: ANN001 - weasyprint.document.Document
    """Second line behind :func:`_close_doors`: no attachment annotation and no link to a file
    reaches the PDF, and no attachment from the document's metadata is embedded."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links
                      if link[0] == "internal" or (link[0] == "external" and _link_allowed(str(link[1])))]


def __getattr__(name: str):  # noqa: ANN202 - ``render.ProjectFetcher``, made when first asked for
    if name == "ProjectFetcher":
        return _project_fetcher()
    raise AttributeError(name)


@functools.cache
def _project_fetcher():  # noqa: ANN202
    """:class:`ProjectFetcher`, defined on WeasyPrint's fetcher the first time a PDF is rendered (so a build
    whose PDFs all come from the cache never imports WeasyPrint)."""
    import_weasyprint()
    from weasyprint.urls import URLFetcher

    return _fetcher_class(URLFetcher)


def _fetcher_class(base):  # noqa: ANN001, ANN202
    class ProjectFetcher(base):
        """Lets WeasyPrint read asset files (images, fonts, stylesheets: :data:`ASSET_SUFFIXES`)
        inside the project, and ``data:`` URIs of those types, and nothing else: no network, no file
        outside the project, no content or code file (YAML, Markdown, templates, …) even inside it.
        What it refuses is recorded for a warning, with the project-relative path."""

        def __init__(self, root: Path):
            super().__init__(allowed_protocols=["file", "data"])
            self.root = root.resolve()
            self.blocked: list[str] = []

        def _refuse(self, url: str, why: str) -> ValueError:
            shown = url
            virtual = urlparse(PROJECT_URL).path
            if url.startswith(PROJECT_URL):
                shown = unquote(urlparse(url).path)[len(virtual):]
            self.blocked.append(f"{shown} ({why})")
            return ValueError(f"{why}: {shown}")

        def fetch(self, url, headers=None):  # noqa: ANN001, ANN201
            from weasyprint.urls import URLFetcherResponse

            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                mime = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
                if mime not in ASSET_SUFFIXES.values():
                    raise self._refuse(url[:40] + ("…" if len(url) > 40 else ""), "not an image, font or stylesheet")
                return super().fetch(url, headers)
            if scheme == "file":
                path = _file_path(url, "", self.root)
                if path is None:
                    raise self._refuse(url, "not a file URL")
                path = path.resolve()
                try:
                    path.relative_to(self.root)
                except ValueError:
                    raise self._refuse(url, "outside the project") from None
                mime = ASSET_SUFFIXES.get(path.suffix.lower())
                if mime is None:
                    raise self._refuse(url, "not an image, font or stylesheet")
                if not path.is_file():
                    raise self._refuse(url, "no such file")
                body = path.read_bytes()
                if path.suffix.lower() == ".svg":  # the drawing only: no script, no reference to fetch
                    body = clean_svg(body)
                return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})
            raise self._refuse(url, "network access is not allowed")

    return ProjectFetcher


