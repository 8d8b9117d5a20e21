"""The PDF builder: print-grade brochures, booklets, battlecards and whitepapers (WeasyPrint).

Each document is a Jinja2 template (``templates/pdf/<kind>.html.j2`` and ``<kind>.css``,
overridable per project) rendered from the view of the document's own audience. PDFs
render in parallel, one process per core, and a content-hash cache skips documents whose
HTML, styles and images have not changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import mimetypes
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import jinja2

from ..diagnostics import EnablekitError
from ..documents import DocumentSpec, Download, document_title, pdf_documents, write_manifest
from ..i18n import labels
from ..model import Project
from ..render import environment, markdown_html
from . import Builder, Views, register

PAGE_SIZES = {"A4": ("A4", "297mm"), "Letter": ("letter", "279.4mm")}
KINDS = {"booklet", "brochure", "battlecard", "whitepaper", "workbook"}
CACHE_VERSION = "1"
_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>', re.S)
_FILE_SRC = re.compile(r'(?:src|href)="(file://[^"]+)"')


def harfbuzz_subsetting() -> bool:
    """True when WeasyPrint can subset fonts with HarfBuzz (fast) instead of fontTools (slow)."""
    try:
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


@register
class PdfBuilder(Builder):
    name = "pdf"
    description = "PDF brochures, decision-maker booklet, battlecards and whitepapers"
    order = 10
    workers: int | None = None  # None: one process per core

    def build(self, views: Views, out: Path) -> None:
        root = self.context.root
        if not harfbuzz_subsetting():
            self.context.warnings.append(
                "pdf: HarfBuzz font subsetting is not available (install Debian's libharfbuzz-subset0);"
                " PDFs with Chinese text will take 10 s or more each instead of under a second"
            )
        env = _environment(root)
        specs = pdf_documents(views)
        jobs = [self._job(env, views.get(spec.audience), spec) for spec in specs]
        downloads_dir = out / "downloads"
        downloads_dir.mkdir(parents=True, exist_ok=True)
        for old in downloads_dir.glob("*.pdf"):
            if old.name.split("-")[0].split(".")[0] in KINDS:
                old.unlink()
        downloads = render_jobs(jobs, root, downloads_dir, self.context, self.workers)
        write_manifest(out, downloads, replace_kinds=KINDS)

    def _job(self, env: jinja2.Environment, view: Project | None, spec: DocumentSpec) -> Job:
        assert view is not None
        return make_job(env, view, spec)


def make_job(env: jinja2.Environment, view: Project, spec: DocumentSpec, **extra) -> Job:
    """The HTML of a document and the cache key of everything its PDF depends on."""
    html, base_url, title = render_html(env, view, spec, **extra)
    digest = hashlib.sha256()
    for part in (CACHE_VERSION, _weasyprint_version(), html, base_url):
        digest.update(part.encode("utf-8"))
    for url in sorted(set(_FILE_SRC.findall(html))):
        path = _file_path(url, base_url)
        if path is not None and path.is_file():
            digest.update(path.read_bytes())
    return Job(spec, title, html, base_url, digest.hexdigest()[:32])


def render_jobs(jobs: list[Job], root: Path, downloads_dir: Path, context, workers: int | None = None) -> list[Download]:  # noqa: ANN001
    """Render the jobs the cache lacks (in parallel), then copy every PDF into downloads/."""
    cache = root / ".enablekit-cache" / "pdf"
    cache.mkdir(parents=True, exist_ok=True)
    misses = [job for job in jobs if not (cache / f"{job.key}.pdf").is_file()]
    context.report(f"pdf: {len(jobs)} documents, {len(misses)} to render")
    for job, (pages, blocked, error) in zip(misses, render_all(misses, root, workers), strict=True):
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


# ---------------------------------------------------------------------------- rendering HTML


def _environment(root: Path) -> jinja2.Environment:
    env = environment(root, "pdf", html=True)

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
    """The HTML of one document, the base URL its relative links resolve against, and its title."""
    lang = spec.lang
    L = labels(lang)
    company = view.company
    root = view.root
    if spec.kind == "brochure":
        entity = view.industries[spec.entity_id]
    elif spec.kind == "battlecard":
        entity = view.competitors[spec.entity_id]
    elif spec.kind == "whitepaper":
        entity = view.whitepapers[spec.entity_id]
    elif spec.kind == "workbook":
        from .. import training

        entity = view.training[spec.entity_id]
        extra.setdefault("quiz", lambda module: training.quiz(view, entity, module, lang))
        extra.setdefault("cards", lambda module: training.roleplay_cards(view, module))
        extra.setdefault("card_title", lambda card: training.card_title(view, card, lang))
    # relative image paths in the content resolve against the folder of the file that holds them
    base_dir = (root / view.source(entity).path).parent if entity is not None else root / "content"
    title = title or document_title(view, spec)
    size, height = PAGE_SIZES[company.pdf.page_size]
    fonts = ", ".join(f'"{f}"' for f in dict.fromkeys([company.brand.font, "Noto Sans CJK SC"])) + ", sans-serif"
    context = {
        "p": view, "lang": lang, "L": L, "t": lambda text: view.t(text, lang), "company": company,
        "brand": company.brand, "kind": spec.kind, "e": entity, "title": title,
        "description": view.t(getattr(entity, "summary", None) or company.product.slogan, lang),
        "created": _created(view, entity),
        "page": {"size": size, "height": height, "fonts": fonts, "page_of": _page_of(L["page_of"])},
        "logo": (base_dir_uri(root / "content" / company.brand.logo) if company.brand.logo else None),
        "audience_mark": L["confidential"] if spec.audience.value == "internal" else L["public_doc"]
        if spec.audience.value == "public" else L["partner_badge"],
        "audience_internal": spec.audience.value == "internal",
        "stale": bool(entity is not None and view.is_stale(entity)),
        "toc": [], "body": "",
        **extra,
    }
    if spec.kind == "whitepaper":
        body = markdown_html(view.t(entity.body, lang))
        context["body"] = body
        context["toc"] = [
            {"level": int(level), "id": ident, "title": re.sub(r"<[^>]+>", "", text).strip()}
            for level, ident, text in _HEADING.findall(body)
        ]
    html = env.get_template(f"{spec.kind}.html.j2").render(**context)
    return html, base_dir_uri(base_dir) + "/", title


def base_dir_uri(path: Path) -> str:
    return path.resolve().as_uri()


def _created(view: Project, entity) -> str:  # noqa: ANN001
    """A date from the content, never the clock, so the same input gives the same bytes."""
    dates = [d for d in (view.company.reviewed, getattr(entity, "reviewed", None), getattr(entity, "date", None)) if d]
    day = max(dates) if dates else dt.date(2000, 1, 1)
    return f"{day.isoformat()}T00:00:00Z"


def _page_of(pattern: str) -> str:
    """'Page {page} of {pages}' as a CSS content value with counters."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", pattern):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(json.dumps(piece, ensure_ascii=False))
    return " ".join(parts)


def _weasyprint_version() -> str:
    import weasyprint

    return weasyprint.__version__


def _file_path(url: str, base_url: str) -> Path | None:
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


# ---------------------------------------------------------------------------- rendering PDFs


def render_all(jobs: list[Job], root: Path, workers: int | None = None) -> list[tuple[int, list[str], str | None]]:
    """Render every job to the cache; one process per core (forked: templates and fonts are shared)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    cache = root / ".enablekit-cache" / "pdf"
    args = [(job.html, job.base_url, str(cache / f"{job.key}.pdf"), job.key, str(root)) for job in jobs]
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_render(*a) for a in args]
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_render, *zip(*args, strict=True), chunksize=1))


def _render(html: str, base_url: str, target: str, key: str, root: str) -> tuple[int, list[str], str | None]:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = ProjectFetcher(Path(root))
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
        pdf = document.write_pdf(pdf_identifier=key.encode("ascii"))
    except Exception as exc:  # noqa: BLE001 - reported with the document's name
        return 0, fetcher.blocked, f"{type(exc).__name__}: {exc}"
    tmp = Path(target + ".tmp")
    tmp.write_bytes(pdf)
    os.replace(tmp, target)
    return len(document.pages), fetcher.blocked, None


def _fetcher_base():  # noqa: ANN202
    from weasyprint.urls import URLFetcher

    return URLFetcher


class ProjectFetcher(_fetcher_base()):
    """Lets WeasyPrint read files inside the project and ``data:`` URIs, and nothing else:
    no network, no file outside the project. What it refuses is recorded for a warning."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols=["file", "data"])
        self.root = root.resolve()
        self.blocked: list[str] = []

    def fetch(self, url, headers=None):  # noqa: ANN001, ANN201
        from weasyprint.urls import URLFetcherResponse

        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlparse(url).path)).resolve()
            try:
                path.relative_to(self.root)
            except ValueError:
                self.blocked.append(f"{url} (outside the project)")
                raise ValueError(f"outside the project: {url}") from None
            if not path.is_file():
                self.blocked.append(f"{url} (no such file)")
                raise ValueError(f"no such file: {url}")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})
        self.blocked.append(f"{url} (network access is not allowed)")
        raise ValueError(f"network access is not allowed: {url}")
