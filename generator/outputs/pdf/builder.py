"""The PDF builder: print-grade brochures, the decision-maker booklet, battlecards, whitepapers and
training workbooks, each rendered from the view of its own audience."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ...content.model import Project
from ...views.documents import DocumentSpec, pdf_documents, write_manifest
from ..registry import Builder, Views, register
from .render import Job, harfbuzz_subsetting, make_job, pdf_environment, render_jobs

KINDS = {"booklet", "brochure", "battlecard", "whitepaper", "workbook"}  # what pdf_documents lists


@register
class PdfBuilder(Builder):
    name = "pdf"
    description = "PDF brochures, decision-maker booklet, battlecards and whitepapers"
    order = 10
    workers: int | None = None  # None: one process per core

    def build(self, views: Views, out: Path) -> None:
        root = self.context.root
        env = pdf_environment(root)
        specs = pdf_documents(views)
        jobs = [self._job(env, views.get(spec.audience), spec) for spec in specs]
        cached = root / ".enablekit-cache" / "pdf"
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
        downloads = render_jobs(jobs, root, downloads_dir, self.context, self.workers)
        write_manifest(out, downloads, replace_kinds=KINDS)

    def _job(self, env: jinja2.Environment, view: Project | None, spec: DocumentSpec) -> Job:
        assert view is not None
        return make_job(env, view, spec)
