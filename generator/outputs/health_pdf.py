"""The one-page health report for the enablement manager (PDF, WeasyPrint): score, what to verify by
owner, gaps, the coverage heat maps and the trend, through the PDF builder's own renderer (same
fonts, same closed-down fetcher, same cache)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import SimpleNamespace

from markupsafe import Markup

from ..content.model import Project
from ..content.schema import Audience
from ..language.i18n import format_percent
from ..markup.sanitize import clean_svg
from ..team.health import Health, Matrix
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
    row_label = lambda r: t(project.personas[r].name)  # noqa: E731
    for matrix in report.matrices:
        table = tables[matrix.name]
        col_label = lambda c, table=table: t(table[c].name)  # noqa: E731
        general = L["health_general"] if any(matrix.general.values()) else None
        svg = heatmap(matrix, row_label, col_label, colour=project.company.brand.primary, general_label=general,
                      alt=heatmap_alt(matrix, row_label, col_label, general, L))
        maps.append((matrix, _inline(svg)))
    trend_svg = _inline(trend_chart(report.trend, report.min_score, colour=project.company.brand.primary,
                                    minimum_label=L["health_minimum"],
                                    alt=trend_alt(report.trend, report.min_score, L, lang))) if report.trend else None

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


def heatmap_alt(matrix: Matrix, row_label: Callable[[str], str], col_label: Callable[[str], str],
                general_label: str | None, L: Mapping[str, str]) -> str:  # noqa: N803
    """A heat map in words, row by row: "Coverage of objection answers · Buyer role × industry,
    objections per cell. CFO: Retail 3, Logistics 0; HR director: …"."""
    rows = []
    for row in matrix.rows:
        cells = [f"{col_label(col)} {matrix.counts.get((row, col), 0)}" for col in matrix.columns]
        if general_label:
            cells.append(f"{general_label} {matrix.general.get(row, 0)}")
        rows.append(f"{row_label(row)}{L['colon']}{L['list_separator'].join(cells)}")
    return L["alt_heatmap"].format(coverage=L["health_coverage"], axes=L[f"health_by_{matrix.name}"],
                                   rows=L["alt_group_separator"].join(rows))


def trend_alt(points: list[dict], minimum: float, L: Mapping[str, str], lang: str) -> str:  # noqa: N803
    """The trend in words: "Health score by date: 2026-11-01 93%, 2026-11-08 94%; minimum 80%."."""
    return L["alt_trend"].format(
        score=L["health_score"], minimum=L["health_minimum"], value=format_percent(minimum, lang),
        points=L["list_separator"].join(f"{p['date']} {format_percent(p['score'], lang)}" for p in points))
