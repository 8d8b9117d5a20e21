"""The PDF builder: print-grade brochures, the decision-maker booklet, battlecards, whitepapers and
training workbooks, each rendered from the view of its own audience.

A PDF is cached by a key of everything it shows (its HTML, styles and pictures). To know that key
without making the HTML of every document in every build, each document's key is kept with what its
HTML read of the views (a trace, as decks keep theirs) and the pictures it names: when none of that
changed, the key is the one made last time and the HTML is not made again."""

from __future__ import annotations

import dataclasses
import html as htmllib
from pathlib import Path

from ...language import fonts
from ...views.documents import pdf_documents, write_manifest
from ..cache import ArtifactCache, Trace, bytes_digest, code_fingerprint, digest, files_digest
from ..registry import Builder, Views, Writes, register
from .render import _FILE_SRC, RENDERED, Job, _file_path, harfbuzz_subsetting, make_job, pdf_environment, render_jobs

KINDS = {"booklet", "brochure", "battlecard", "whitepaper", "workbook"}  # what pdf_documents lists


class _Reasons:
    """The context a key cache reports to: its reasons are kept for the documents rendered again, not
    printed (a document whose HTML is made again may still find its PDF in the cache)."""

    def __init__(self, force: bool):
        self.force = force
        self.reasons: dict[str, str | None] = {}

    def explained(self, artifact: str, reason: str | None) -> None:
        self.reasons[artifact] = reason


@register
class PdfBuilder(Builder):
    name = "pdf"
    description = "PDF brochures, decision-maker booklet, battlecards and whitepapers"
    order = 10
    manifest_kinds = frozenset(KINDS)
    workers: int | None = None  # None: one process per core

    def build(self, views: Views, out: Path) -> None:
        root = self.context.root
        cached = root / ".enablekit-cache" / "pdf"
        quiet = _Reasons(self.context.force)
        keys = ArtifactCache(root, "pdf-keys", quiet)
        base = {"code": code_fingerprint(), "templates": files_digest(root, [root / "templates" / "pdf"])}
        pictures: dict[str, str] = {}  # the digest of each picture named, read once per build
        env = None
        jobs: list[Job] = []
        reasons: dict[str, str] = {}
        made: list[tuple[str, dict[str, str], Trace, Job]] = []
        for spec in pdf_documents(views):
            view = views.get(spec.audience)
            assert view is not None
            name = f"downloads/{spec.filename}"
            # the font families its HTML names depend on the fonts installed, which no trace sees
            inputs = dict(base, artifact=digest(dataclasses.astuple(spec)),
                          fonts=digest(fonts.pdf_families(view.company.brand.families, spec.lang, view.languages)))
            hit = keys.lookup(name, inputs, views)
            why = quiet.reasons.get(name)
            if hit is not None:
                key = hit.meta["key"]
                if hit.meta["pictures"] != {p: _picture(root, p, pictures) for p in hit.meta["pictures"]}:
                    why = "a picture it shows changed"
                elif not ((cached / f"{key}.pdf").is_file() and (cached / f"{key}.json").is_file()):
                    why = "its cached copy is missing"
                else:
                    jobs.append(Job(spec, hit.meta["title"], "", "", key))
                    continue
            env = env or pdf_environment(root)
            trace = Trace(views)
            job = make_job(env, trace.view(spec.audience), spec)
            jobs.append(job)
            reasons[spec.filename] = f"{why}; {RENDERED}" if why else RENDERED
            made.append((name, inputs, trace, job))
        if (self.context.force or any(not (cached / f"{job.key}.pdf").is_file() for job in jobs)) \
                and not harfbuzz_subsetting():  # only when a PDF is rendered (the check loads WeasyPrint)
            self.context.warnings.append(
                "pdf: HarfBuzz font subsetting is not available (install Debian's libharfbuzz-subset0);"
                " PDFs with Chinese text will take 10 s or more each instead of under a second"
            )
        downloads_dir = out / "downloads"
        downloads_dir.mkdir(parents=True, exist_ok=True)
        for old in downloads_dir.glob("*.pdf"):
            if old.name.split("-")[0].split(".")[0] in KINDS:
                old.unlink()

        def then(downloads: list) -> None:
            for name, inputs, trace, job in made:  # only once its PDF is in the cache
                named = sorted({p.relative_to(root).as_posix() if p.is_relative_to(root) else str(p)
                                for url in set(_FILE_SRC.findall(job.html))
                                if (p := _file_path(htmllib.unescape(url), job.base_url, root)) is not None})
                keys.store(name, inputs, trace, {}, {"key": job.key, "title": job.title,
                                                     "pictures": {p: _picture(root, p, pictures) for p in named}})
            write_manifest(out, downloads, replace_kinds=KINDS)

        # rendered in the background while the next builders run
        render_jobs(jobs, root, downloads_dir, self.context, self.workers, reasons=reasons, then=then,
                    writes=Writes(frozenset(KINDS), tuple(job.spec.filename for job in jobs)))


def _picture(root: Path, relative: str, seen: dict[str, str]) -> str:
    """A digest of the bytes of a file a document names (relative to the project), "none" when absent."""
    if relative not in seen:
        path = root / relative
        try:
            seen[relative] = bytes_digest(path.read_bytes()) if path.is_file() else "none"
        except OSError:
            seen[relative] = "unreadable"
    return seen[relative]
