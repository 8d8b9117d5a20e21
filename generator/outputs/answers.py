"""The public answer library as an Excel download, one workbook per language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..content.schema import Audience
from ..views.documents import Download, write_manifest
from .cache import ArtifactCache, Trace, code_fingerprint
from .registry import Builder, Views, register

KIND = "answers"


@register
class AnswersBuilder(Builder):
    name = "answers"
    description = "The public answer library as .xlsx (for RFPs and security questionnaires)"
    order = 35
    manifest_kinds = frozenset({KIND})

    def build(self, views: Views, out: Path) -> None:
        downloads_dir = out / "downloads"
        downloads_dir.mkdir(parents=True, exist_ok=True)
        for old in downloads_dir.glob("answers.*.xlsx"):
            old.unlink()
        public = views.get(Audience.public)  # only public answers leave the team, whatever the build
        records = []
        if public is not None and public.answers:
            cache = ArtifactCache(self.context.root, KIND, self.context)
            day = public.company.reviewed or dt.date(2000, 1, 1)  # a date from the content, never the clock
            for lang in public.languages:
                name = f"answers.{lang}.xlsx"
                inputs = {"code": code_fingerprint(), "artifact": name}
                hit = cache.lookup(f"downloads/{name}", inputs, views)
                if hit is not None:
                    data, count, title = hit.files["xlsx"], hit.meta["count"], hit.meta["title"]
                else:
                    from ..answers.questionnaire import library_workbook  # openpyxl: only when a workbook is made
                    from .deck.slides import stable_zip  # python-pptx's module: only when a workbook is made

                    trace = Trace(views)
                    traced = trace.view(Audience.public)
                    data, count = library_workbook(traced, lang)
                    data = stable_zip(data, (day.year, day.month, day.day))
                    title = traced.labels(lang)["answer_library"]
                    cache.store(f"downloads/{name}", inputs, trace, {"xlsx": data}, {"count": count, "title": title})
                (downloads_dir / name).write_bytes(data)
                records.append(Download(file=name, kind=KIND, id="library", lang=lang, audience="public",
                                        title=title, pages=count, bytes=len(data)))
        write_manifest(out, records, replace_kinds={KIND})
