"""The public answer library as an Excel download, one workbook per language."""

from __future__ import annotations

from pathlib import Path

from ..answers.questionnaire import library_workbook
from ..content.schema import Audience
from ..views.documents import Download, write_manifest
from .registry import Builder, Views, register

KIND = "answers"


@register
class AnswersBuilder(Builder):
    name = "answers"
    description = "The public answer library as .xlsx (for RFPs and security questionnaires)"
    order = 35

    def build(self, views: Views, out: Path) -> None:
        downloads_dir = out / "downloads"
        downloads_dir.mkdir(parents=True, exist_ok=True)
        for old in downloads_dir.glob("answers.*.xlsx"):
            old.unlink()
        public = views.get(Audience.public)  # only public answers leave the team, whatever the build
        records = []
        if public is not None and public.answers:
            for lang in public.languages:
                data, count = library_workbook(public, lang)
                name = f"answers.{lang}.xlsx"
                (downloads_dir / name).write_bytes(data)
                title = public.labels(lang)["answer_library"]
                records.append(Download(file=name, kind=KIND, id="library", lang=lang, audience="public",
                                        title=title, pages=count, bytes=len(data)))
        write_manifest(out, records, replace_kinds={KIND})
