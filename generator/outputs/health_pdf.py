"""The one-page health report for the enablement manager (PDF, WeasyPrint): score, what to verify by
owner, gaps, the coverage heat maps and the trend, through the PDF builder's own renderer (same
fonts, same closed-down fetcher, same cache)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from markupsafe import Markup

from ..content.model import Project
from ..content.schema import Audience
from ..language.i18n import format_percent
from ..markup.sanitize import clean_svg
from ..team.health import Health
from ..team.plot import heatmap, trend_chart
from ..views.documents import DocumentSpec
from .pdf.render import make_job, pdf_environment, render_jobs


def _inline(svg: str) -> Markup:
    """A generated SVG, sanitised like every published SVG, as an element of the page."""
    text = clean_svg(svg.encode("utf-8")).decode("utf-8")
    return Markup(text[text.find("<svg"):])


def write(project: Project, report: Health, lang: str, out: Path) -> Path:
    """``out/health.<lang>.pdf``; returns its path."""
    L = project.labels(lang)
    t = lambda text: project.t(text, lang)  # noqa: E731
    tables = {"industries": project.industries, "stages": project.stages, "competitors": project.competitors}
    maps = []
    for matrix in report.matrices:
        table = tables[matrix.name]
        svg = heatmap(matrix, lambda r: t(project.personas[r].name), lambda c, table=table: t(table[c].name),
                      colour=project.company.brand.primary,
                      general_label=L["health_general"] if any(matrix.general.values()) else None)
        maps.append((matrix, _inline(svg)))
    trend_svg = _inline(trend_chart(report.trend, report.min_score, colour=project.company.brand.primary,
                                    minimum_label=L["health_minimum"])) if report.trend else None

    def label(item) -> str:  # noqa: ANN001
        if item.kind == "company":
            return t(project.company.name)
        return f"{t(item.label)} ({L.get(item.kind, item.kind)})"

    def names(kind: str, ids: list[str]) -> str:
        table = project.kind(kind)
        return L["list_separator"].join(t(table[i].label) for i in ids if i in table) or L["health_no_gaps"]

    orphans = L["list_separator"].join(
        t(project.kind(k)[i].label) for k, ids in report.orphans.items() for i in ids) or L["health_no_gaps"]
    spec = DocumentSpec("health", None, lang, Audience.internal)
    job = make_job(pdf_environment(project.root), project, spec,
                   h=report, maps=maps, trend_svg=trend_svg, label=label, names=names, orphans=orphans,
                   pct=lambda v: "—" if v is None else format_percent(v, lang))
    out.mkdir(parents=True, exist_ok=True)
    context = SimpleNamespace(report=lambda message: None, warnings=[])
    (download,) = render_jobs([job], project.root, out, context, workers=1)
    return out / download.file
