"""The deck builder: editable PowerPoint decks from the brand template (python-pptx).

Decks: a master pitch deck and one deck per industry (public), one competitive training
deck per competitor (internal). Internal builds add a *presenter edition* of each public
deck: the same slides, with the likely objections and their short answers in the notes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.util import Inches, Pt

from .. import fonts, schema
from ..documents import Download, write_manifest
from ..i18n import format_date, format_month
from ..model import Project
from ..render import markdown_html
from ..schema import Audience
from ..slides import Para, apply_fonts, best_size, fill, open_template, paginate, run_fonts, set_fonts, stable_bytes
from . import Builder, Views, register

TITLE_SIZES = (34, 30, 26, 22, 20, 18)
BODY_SIZES = (24, 22, 20)  # below 20 pt a slide is a document: continue on the next slide instead
_PERCENT = re.compile(r"([-+]?\d+(?:\.\d+)?)\s*%")


@dataclass(frozen=True)
class DeckSpec:
    kind: str  # pitch | industry | competitive
    entity_id: str | None
    lang: str
    audience: Audience
    presenter: bool = False

    @property
    def stem(self) -> str:
        stem = f"{self.kind}-{self.entity_id}" if self.entity_id else self.kind
        return stem + ("-presenter" if self.presenter else "")

    @property
    def filename(self) -> str:
        return f"{self.stem}.{self.lang}.pptx"


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
    return out


@register
class DeckBuilder(Builder):
    name = "deck"
    description = "PowerPoint decks: pitch, industry and competitive training"
    order = 20

    def build(self, views: Views, out: Path) -> None:
        downloads_dir = out / "downloads"
        downloads_dir.mkdir(parents=True, exist_ok=True)
        for old in downloads_dir.glob("*.pptx"):
            old.unlink()
        logo = _logo_png(views)
        records = []
        specs = deck_specs(views)
        self.context.report(f"deck: {len(specs)} decks")
        for spec in specs:
            slides_view = views.get(Audience.public if spec.kind != "competitive" else Audience.internal)
            notes_view = views.get(spec.audience)
            writer = Deck(self.context.root, spec, slides_view, notes_view, logo, warnings=self.context.warnings)
            data, count, title = writer.build()
            target = downloads_dir / spec.filename
            target.write_bytes(data)
            records.append(Download(
                file=spec.filename, kind="deck", id=spec.stem, lang=spec.lang, audience=spec.audience.value,
                title=title, pages=count, bytes=len(data),
            ))
        write_manifest(out, records, replace_kinds={"deck"})


def _logo_png(views: Views) -> bytes | None:
    project = views.get(views.maximum)
    logo = project.company.brand.logo
    if not logo:
        return None
    path = (project.root / "content" / logo).resolve()
    if path.suffix.lower() == ".svg":
        import cairosvg

        from ..sanitize import clean_svg

        # only the sanitised drawing: cairosvg would otherwise fetch the SVG's external references
        svg = with_cjk_fonts(clean_svg(path.read_bytes()), project.languages)
        return cairosvg.svg2png(bytestring=svg, output_height=200, unsafe=False)
    return path.read_bytes()


def with_cjk_fonts(svg: bytes, languages: list[str]) -> bytes:
    """The logo with a CJK font named on every text that holds CJK characters. cairosvg draws a
    text in the *first* family it names only, and a logo's "sans-serif" has no CJK glyphs, so
    Chinese or Japanese lettering came out as empty boxes on every slide (the PDFs were fine)."""
    import re
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


class Deck:
    """One deck being written: slide helpers that keep every text inside its box."""

    def __init__(self, root: Path, spec: DeckSpec, view: Project, notes_view: Project, logo: bytes | None,
                 proposal=None, warnings: list[str] | None = None):  # noqa: ANN001 - presales.Proposal
        self.spec, self.p, self.notes_p = spec, view, notes_view
        self.proposal = proposal
        self.lang = spec.lang
        self.L = view.labels(spec.lang)
        company = view.company
        # a run names one typeface per slot: the brand's in the Latin one, the language's CJK family
        # in the East Asian one; every run is tagged with the deck's language (ja-JP, de-DE)
        self.font = run_fonts(company.brand.families, spec.lang, view.languages)
        self.brand = company.brand
        self.prs, self.template = open_template(root, spec.kind, company.brand, logo, warnings, fonts=self.font)
        self.layouts = {layout.name: layout for layout in self.prs.slide_layouts}
        self.internal = spec.audience is Audience.internal

    def t(self, text) -> str:  # noqa: ANN001
        return self.p.t(text, self.lang)

    def paren(self, text: str) -> str:
        """`` (text)`` or ``（text）``: the language's parentheses."""
        return self.L["in_parentheses"].format(text=text)

    def month(self, value: str | None) -> str:
        return format_month(value, self.lang)

    def md(self, text) -> str:  # noqa: ANN001
        """A Markdown field as one line of plain text (what a reader of the rendered page reads)."""
        return " ".join(_paragraphs(self.t(text)))

    # ------------------------------------------------------------------ the decks
    def build(self) -> tuple[bytes, int, str]:
        spec = self.spec
        if spec.kind == "pitch":
            title = self._pitch()
        elif spec.kind == "industry":
            title = self._industry(self.p.industries[spec.entity_id])
        elif spec.kind == "proposal":
            title = self._proposal(self.proposal)
        else:
            title = self._competitive(self.notes_p.competitors[spec.entity_id])
        if spec.presenter:
            title += self.paren(self.L["presenter_edition"])
        props = self.prs.core_properties
        props.title, props.author = title, self.t(self.p.company.name)
        props.language = fonts.language_tag(self.lang)
        props.last_modified_by, props.revision = "enablekit", 1
        day = self.p.company.reviewed or dt.date(2000, 1, 1)  # a date from the content, never the clock
        props.created = props.modified = dt.datetime(day.year, day.month, day.day)
        return stable_bytes(self.prs, (day.year, day.month, day.day)), len(self.prs.slides), title

    def _pitch(self) -> str:
        p, L, t = self.p, self.L, self.t
        product = p.company.product
        title = f"{t(product.name)} · {L['pitch_deck']}"
        self.title_slide(t(product.name), t(product.slogan), [L["opening"], t(product.elevator_pitch) or t(product.slogan)])
        pains = [ind.pains[0] for ind in sorted(p.industries.values(), key=lambda i: i.id) if ind.pains]
        self.bullets(L["the_problem"], [Para(t(x.title), bold=True) for x in pains],
                     [f"{t(x.title)}{self.L['colon']}{self.md(x.body)}" for x in pains], objections={"category": "fit"})
        self.bullets(L["what_we_do"], [Para(t(product.elevator_pitch))], [t(product.slogan)])
        value_paras = []
        for v in product.value:
            value_paras.append(Para(t(v.title), bold=True))
            proofs = [self._proof(x) for x in v.proof]
            if proofs:
                value_paras.append(Para("; ".join(proofs), level=1))
        self.bullets(L["value"], value_paras, [f"{t(v.title)}{self.L['colon']}{self.md(v.body)}" for v in product.value],
                     objections={"category": "price"})
        self.capabilities(sorted(p.capabilities))
        if product.how_it_works:
            self.bullets(L["how_it_works"],
                         [Para(f"{i}. {t(s.title)} — {t(s.body)}") for i, s in enumerate(product.how_it_works, 1)],
                         [f"{t(s.title)}{self.L['colon']}{t(s.body)}" for s in product.how_it_works])
        industries = sorted(p.industries.values(), key=lambda i: i.id)
        if industries:
            rows = [[t(i.name), t(i.summary), t(i.kpis[0].name) + " " + t(i.kpis[0].value) if i.kpis else ""]
                    for i in industries]
            self.table(L["industry_snapshots"], [L["industry"], L["summary"], L["kpis"]], rows,
                       [f"{t(i.name)}{self.L['colon']}{(' '.join(_paragraphs(t(i.solution))) or t(i.summary))[:400]}" for i in industries],
                       widths=(2.2, 6.6, 3.6))
        self.results_chart(sorted(p.cases.values(), key=lambda c: c.id))
        why = [Para(t(a.title), bold=True) for a in product.assurances]
        self.bullets(L["why_us"], why, [f"{t(a.title)}{self.L['colon']}{self.md(a.body)}" for a in product.assurances],
                     objections={"category": "security"})
        self.closing()
        return title

    def _industry(self, industry: schema.Industry) -> str:
        p, L, t = self.p, self.L, self.t
        title = f"{t(industry.name)} · {L['industry_deck']}"
        self.title_slide(t(industry.name), t(industry.summary), [L["opening"], t(industry.summary)])
        self.bullets(L["pains"], [x for pain in industry.pains for x in
                                  (Para(t(pain.title), bold=True), Para(self.md(pain.body), level=1))],
                     [f"{t(x.title)}{self.L['colon']}{self.md(x.body)}" for x in industry.pains], objections={"industry": industry.id})
        self.bullets(L["solution"], [Para(x) for x in _paragraphs(t(industry.solution))], [self.md(industry.solution)])
        self.capabilities(industry.capabilities)
        if industry.kpis:
            self.metrics(L["kpis"], [(t(k.value), t(k.name)) for k in industry.kpis],
                         [f"{t(k.name)} {t(k.value)}" + (self.paren(t(k.source)) if k.source else "") for k in industry.kpis])
        cases = [p.cases[c] for c in industry.cases if c in p.cases]
        self.results_chart(cases)
        for case in cases:
            paras = [Para(t(case.summary))] if case.summary else []
            paras += [Para(f"{t(r.metric)}{self.L['colon']}{t(r.value)}", level=1) for r in case.results]
            self.bullets(t(case.label), paras, [t(case.challenge), t(case.solution)])
        if industry.by_tier:
            rows = [[t(p.tiers[k].name), self.md(v)] for k, v in industry.by_tier.items() if k in p.tiers]
            self.table(L["by_tier"], [L["tier"], L["solution"]], rows, [], widths=(2.6, 9.8))
        self.closing()
        return title

    def _proposal(self, pr) -> str:  # noqa: ANN001 - presales.Proposal: customer-safe content only
        L, t = self.L, self.t
        customer = t(pr.customer)
        title = f"{L['proposal_title']} · {customer}"
        subtitle = t(self.p.company.product.slogan)
        if pr.valid_until:
            subtitle += f" · {L['valid_until']} {format_date(pr.valid_until, self.lang)}"
        self.title_slide(L["prepared_for_customer"].format(customer=customer), subtitle,
                         [L["opening"], t(self.p.company.product.elevator_pitch)])
        if pr.pains:
            self.bullets(L["your_challenges"], [Para(t(x)) for x in pr.pains], [t(x) for x in pr.pains])
        if pr.industry:
            self.bullets(L["our_solution"].format(industry=t(pr.industry.name)),
                         [Para(x) for x in _paragraphs(t(pr.industry.solution))] or [Para(t(pr.industry.summary))],
                         [t(pr.industry.summary)])
        rows = [[t(a.need), t(a.capability.name), L[a.status]] for a in pr.available]
        rows += [[t(a.need), "—", L["not_covered"]] for a in pr.not_covered]
        self.table(L["requirements"], [L["requirement"], L["how_we_meet_it"], L["status"]], rows,
                   [L["do_not_promise"]], widths=(5.5, 4.5, 2.4))
        if pr.roadmap:
            self.bullets(L["roadmap_requirements"],
                         [Para(f"{t(a.need)} — {t(a.capability.name)}"
                               + self.paren(f"{L['expected']} {self.month(a.capability.available_from)}"))
                          for a in pr.roadmap], [L["do_not_promise"]])
        for persona in pr.roles:
            self.bullets(f"{L['for_each_role']}{self.L['colon']}{t(persona.name)}", [Para(t(x.text)) for x in persona.cares_about],
                         [self.md(persona.messaging)] if persona.messaging else [])
        self.results_chart(pr.cases)
        if pr.plan:
            paras = [Para(f"{t(pr.plan.name)}{self.L['colon']}{t(pr.plan.price)}", bold=True)]
            paras += [Para(t(c.name) + (self.paren(L[c.status]) if c.status != "ga" else ""), level=1)
                      for c in pr.plan_capabilities]
            if pr.valid_until:
                paras.append(Para(f"{L['valid_until']} {format_date(pr.valid_until, self.lang)}"))
            self.bullets(L["your_investment"], paras, [])
        self.closing()
        return title

    def _competitive(self, c: schema.Competitor) -> str:
        L, t = self.L, self.t
        title = f"{L['competitive_deck']} · {t(c.name)}"
        self.title_slide(f"{L['competitive_deck']}{self.L['colon']}{t(c.name)}", L["confidential"], [t(c.summary)])
        self.bullets(L["who_they_are"], [Para(x) for x in _paragraphs(t(c.summary))], [self.md(c.pricing)])
        self.two_columns(L["strengths_vs_weaknesses"], L["strengths"], [Para(t(x.text)) for x in c.strengths],
                         L["weaknesses"], [Para(t(x.text)) for x in c.weaknesses], [])
        self.bullets(L["why_we_win"], [x for w in c.why_we_win for x in (Para(t(w.title), bold=True), Para(self.md(w.body), level=1))],
                     [f"{t(w.title)}{self.L['colon']}{self.md(w.body)}" for w in c.why_we_win], objections={"competitor": c.id})
        self.bullets(L["where_we_lose"], [Para(t(x.text)) for x in c.where_we_lose], [])
        self.bullets(L["landmines"], [Para(t(x.text)) for x in c.landmines], [])
        self.bullets(L["quick_dismisses"],
                     [x for q in c.quick_dismisses for x in (Para(f"{L['they_say']}{self.L['colon']}{t(q.claim)}", bold=True),
                                                             Para(f"{L['we_say']}{self.L['colon']}{t(q.response)}", level=1))], [])
        if c.comparison:
            rows = [[t(self.notes_p.capabilities[k].name) if k in self.notes_p.capabilities else k,
                     L[v.us.value], L[v.them.value], t(v.note)] for k, v in c.comparison.items()]
            self.table(L["comparison"], [L["capability"], L["us"], L["them"], L["note"]], rows, [],
                       widths=(2.6, 1.3, 1.3, 7.2))
        objections = sorted((o for o in self.notes_p.objections.values() if o.competitor == c.id), key=lambda o: o.id)
        if objections:
            self.bullets(L["objections"],
                         [x for o in objections for x in (Para(t(o.objection), bold=True), Para(t(o.short), level=1))],
                         [f"{t(o.objection)} → {self.md(o.answer)}" for o in objections])
        return title

    # ------------------------------------------------------------------ shared slides
    def _proof(self, proof) -> str:  # noqa: ANN001
        ident = schema.proof_case_id(proof)
        case = self.p.cases.get(ident) if ident else None
        return self.t(case.label) if case else self.t(proof)

    def capabilities(self, ids: list[str]) -> None:
        L, t = self.L, self.t
        caps = [self.p.capabilities[i] for i in ids if i in self.p.capabilities]
        ga = [Para(t(c.name)) for c in caps if c.status == "ga"]
        later = []
        for status, heading in (("beta", "in_beta"), ("roadmap", "roadmap_heading")):
            chosen = [c for c in caps if c.status == status]
            if chosen:
                later.append(Para(L[heading], bold=True))
                later += [Para(t(c.name) + self.paren(f"{L['expected']} {self.month(c.available_from)}") if c.available_from else t(c.name),
                               level=1) for c in chosen]
        notes = [L["do_not_promise"]] + [f"{t(c.name)} [{L[c.status]}]: {t(c.summary)}" for c in caps]
        self.two_columns(L["capabilities"], L["available_now"], ga, f"{L['beta']} · {L['roadmap']}", later, notes,
                         objections={"category": "integration"})

    def closing(self) -> None:
        L, t = self.L, self.t
        company = self.p.company
        paras = [Para(t(x.text)) for x in company.product.next_steps]
        contact = company.contact
        line = " · ".join(x for x in (contact.email, contact.phone, contact.website) if x)
        if line:
            paras.append(Para(f"{L['contact']}{self.L['colon']}{line}", bold=True))
        self.bullets(L["next_steps"], paras, [L["closing_note"]], objections={"category": "timing"})

    def results_chart(self, cases: list[schema.Case]) -> None:
        """A native (editable) bar chart of the percentage results the cases report."""
        L, t = self.L, self.t
        points = []
        for case in cases:
            for r in case.results:
                match = _PERCENT.search(t(r.value))
                if match:
                    points.append((f"{t(case.customer)} · {t(r.metric)}", abs(float(match.group(1)))))
                    break
        if not points:
            return
        slide = self._slide("Title Only", L["case_results"])
        data = CategoryChartData()
        data.categories = [name for name, _ in points]
        data.add_series(L["improvement"], [value for _, value in points])
        width, height = self.prs.slide_width, self.prs.slide_height
        frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.8), Inches(1.6),
                                       width - Inches(1.6), height - Inches(2.5), data)
        chart = frame.chart
        chart.has_legend = False
        chart.font.size = Pt(12)
        apply_fonts(chart.font._rPr, self.font)
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = '0"%"'
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
        series = plot.series[0]
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(self.brand.primary.lstrip("#").upper())
        chart.category_axis.reverse_order = True
        chart.value_axis.has_major_gridlines = False
        chart.value_axis.visible = False
        self._notes(slide, [f"{t(c.label)}: " + "; ".join(f"{t(r.metric)} {t(r.value)}" for r in c.results)
                            for c in cases], {"category": "fit"})

    def metrics(self, title: str, items: list[tuple[str, str]], notes: list[str]) -> None:
        for start in range(0, len(items), 3):
            slide = self._slide("Title Only", title if start == 0 else title + self.paren(self.L["continued"]))
            chunk = items[start:start + 3]
            width = (self.prs.slide_width - Inches(1.6)) // len(chunk)
            for i, (value, label) in enumerate(chunk):
                left = Inches(0.8) + i * width
                box = slide.shapes.add_textbox(left, Inches(2.4), width - Inches(0.3), Inches(3.2))
                value_size = best_size([Para(value)], box.width, Inches(1.3), (54, 44, 36, 28, 22, 18)) or 18
                label_size = best_size([Para(label)], box.width, Inches(1.6), (20, 18, 16, 14, 12)) or 12
                frame = box.text_frame
                fill(frame, [Para(value, bold=True)], value_size, self.font, self.brand.primary)
                p = frame.add_paragraph()
                run = p.add_run()
                run.text = label
                run.font.size = Pt(label_size)
                set_fonts(run, self.font)
            self._notes(slide, notes, None)

    def title_slide(self, title: str, subtitle: str, notes: list[str]) -> None:
        layout = self.layouts["Title Slide"]
        slide = self.prs.slides.add_slide(layout)
        self._title(slide, title, (40, 36, 32, 28, 24, 20))
        body = slide.placeholders[1]
        paras = [Para(subtitle)] if subtitle else []
        size = best_size(paras, body.width, body.height, (24, 20, 18, 16, 14)) or 14
        fill(body.text_frame, paginate(paras, body.width, body.height, size)[0] if paras else [], size, self.font)
        self._mark(slide)
        self._notes(slide, notes, None)

    def bullets(self, title: str, paras: list[Para], notes: list[str], objections: dict | None = None) -> None:
        paras = [p for p in paras if p.text.strip()]
        if not paras:
            return
        layout = self.layouts["Title and Content"]
        probe = self.prs.slides.add_slide(layout)
        body = probe.placeholders[1]
        width, height = body.width, body.height
        self._drop(probe)
        size = best_size(paras, width, height, BODY_SIZES)
        pages = [paras] if size else paginate(paras, width, height, BODY_SIZES[-1])
        for n, page in enumerate(pages):
            slide = self.prs.slides.add_slide(layout)
            self._title(slide, title if n == 0 else title + self.paren(self.L["continued"]), TITLE_SIZES)
            page_size = best_size(page, width, height, BODY_SIZES) or BODY_SIZES[-1]
            fill(slide.placeholders[1].text_frame, page, page_size, self.font)
            self._mark(slide)
            self._notes(slide, notes, objections)

    def two_columns(self, title: str, left_title: str, left: list[Para], right_title: str, right: list[Para],
                    notes: list[str], objections: dict | None = None) -> None:
        left = ([Para(left_title, bold=True)] + left) if left else []
        right = ([Para(right_title, bold=True)] + right) if right else []
        layout = self.layouts["Two Content"]
        probe = self.prs.slides.add_slide(layout)
        box = probe.placeholders[1]
        width, height = box.width, box.height
        self._drop(probe)
        size = min(best_size(left, width, height, BODY_SIZES) or 0, best_size(right, width, height, BODY_SIZES) or 0)
        if not size:  # too much for two columns: one list per slide, paginated
            self.bullets(title, left + right, notes, objections)
            return
        slide = self.prs.slides.add_slide(layout)
        self._title(slide, title, TITLE_SIZES)
        fill(slide.placeholders[1].text_frame, left, size, self.font)
        fill(slide.placeholders[2].text_frame, right, size, self.font)
        self._mark(slide)
        self._notes(slide, notes, objections)

    def table(self, title: str, header: list[str], rows: list[list[str]], notes: list[str],
              widths: tuple[float, ...]) -> None:
        if not rows:
            return
        total_width = self.prs.slide_width - Inches(1.2)
        scale = total_width / Inches(sum(widths))
        col_widths = [int(Inches(w) * scale) for w in widths]
        available = self.prs.slide_height - Inches(2.3)
        size = 13
        pages: list[list[list[str]]] = [[]]
        used = self._row_height(header, col_widths, size)
        for row in rows:
            h = self._row_height(row, col_widths, size)
            if pages[-1] and used + h > available:
                pages.append([])
                used = self._row_height(header, col_widths, size)
            pages[-1].append(row)
            used += h
        for n, page in enumerate(pages):
            slide = self._slide("Title Only", title if n == 0 else title + self.paren(self.L["continued"]))
            shape = slide.shapes.add_table(len(page) + 1, len(header), Inches(0.6), Inches(1.5), total_width,
                                           Inches(0.4) * (len(page) + 1))
            tbl = shape.table
            for i, w in enumerate(col_widths):
                tbl.columns[i].width = w
            for r, values in enumerate([header] + page):
                for col, value in enumerate(values):
                    cell = tbl.cell(r, col)
                    fill(cell.text_frame, [Para(value, bold=(r == 0))], size, self.font)
                    cell.margin_top = cell.margin_bottom = Inches(0.04)
            self._notes(slide, notes, None)

    def _row_height(self, row: list[str], widths: list[int], size: int) -> int:
        from ..slides import needed_height

        heights = [needed_height([Para(v)], Inches(0).pt + w / 12700 - 14, size, spacing=0.2) for v, w in zip(row, widths, strict=True)]
        return int(Pt(max(heights) + 10))

    # ------------------------------------------------------------------ plumbing
    def _slide(self, layout_name: str, title: str):  # noqa: ANN202
        slide = self.prs.slides.add_slide(self.layouts[layout_name])
        self._title(slide, title, TITLE_SIZES)
        self._mark(slide)
        return slide

    def _title(self, slide, text: str, sizes: tuple[int, ...]) -> None:  # noqa: ANN001
        title = slide.shapes.title
        paras = [Para(text)]
        size = best_size(paras, title.width, title.height, sizes)
        if size is None:
            size = sizes[-1]
            while text and not best_size([Para(text + "…")], title.width, title.height, (size,)):
                text = text[: int(len(text) * 0.9)]
            paras = [Para(text + "…")]
        fill(title.text_frame, paras, size, self.font)

    def _mark(self, slide) -> None:  # noqa: ANN001
        if not self.internal:
            return
        box = slide.shapes.add_textbox(self.prs.slide_width - Inches(4.3), Inches(0.12), Inches(4.1), Inches(0.4))
        fill(box.text_frame, [Para(self.L["confidential"], bold=True)], 12, self.font, "#B3261E")
        box.text_frame.paragraphs[0].alignment = 3  # right

    def _notes(self, slide, lines: list[str], objections: dict | None) -> None:  # noqa: ANN001
        # a line that is only a label ("Name: ") says nothing
        text = [line for line in lines if line and line.strip() and not re.fullmatch(r"[^:：]*[:：]\s*", line)]
        if not text:
            text = [slide.shapes.title.text_frame.text + " — " + self.L["closing_note"]]
        body = [f"{self.L['talk_track']}:"] + [f"• {line}" for line in text]
        if objections and self.spec.presenter or (objections and self.spec.kind == "competitive"):
            found = self._objections(**objections)
            if found:
                body += ["", f"{self.L['likely_objections']}:"]
                body += [f"• {self.t(o.objection)} → {self.t(o.short)}" for o in found]
        frame = slide.notes_slide.notes_text_frame
        frame.clear()
        for i, line in enumerate(body):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = p.add_run()
            run.text = line
            set_fonts(run, self.font)

    def _objections(self, category: str | None = None, industry: str | None = None,
                    competitor: str | None = None) -> list[schema.Objection]:
        found = []
        for o in sorted(self.notes_p.objections.values(), key=lambda o: o.id):
            if category and o.category != category:
                continue
            if industry and o.industries and industry not in o.industries:
                continue
            if industry and not o.industries:
                continue
            if competitor and o.competitor != competitor:
                continue
            found.append(o)
        return found[:4]

    def _drop(self, slide) -> None:  # noqa: ANN001
        """Remove a slide added only to measure its layout's placeholders."""
        ids = self.prs.slides._sldIdLst
        for sld_id in list(ids):
            if self.prs.part.related_part(sld_id.rId) is slide.part:
                self.prs.part.drop_rel(sld_id.rId)
                ids.remove(sld_id)
                return


def _paragraphs(text: str | None) -> list[str]:
    """Markdown prose as plain paragraphs for slides: rendered by the project's one Markdown
    renderer, then read back as text, so emphasis and list markers disappear while every
    character the author wrote as text (``<``, ``>``, ``&``, quotes, ``#``, ``*`` in code) stays
    exactly as written. python-pptx escapes it for XML."""
    if not text or not text.strip():
        return []
    reader = _TextReader()
    reader.feed(markdown_html(text))
    reader.close()
    return reader.paragraphs()


class _TextReader(HTMLParser):
    """The text content of rendered Markdown, one paragraph per block element (p, li, h1…)."""

    BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "div", "dt",
                        "dd", "ul", "ol", "table", "figcaption", "hr", "section", "article", "details", "summary"})
    SPACES = frozenset({"br", "td", "th"})
    VOID = frozenset({"br", "hr", "img", "input", "col", "wbr", "area", "source", "meta", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._done: list[str] = []
        self._current: list[str] = []
        self._skip = 0  # inside a footnote, script or style: not slide text

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self._done.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self._skip or tag in ("script", "style") or "footnote" in classes or "footnote-ref" in classes:
            if tag not in self.VOID:
                self._skip += 1
            return
        if tag in self.BLOCKS:
            self._flush()
        elif tag in self.SPACES:
            self._current.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skip and tag in self.BLOCKS:
            self._flush()
        elif not self._skip and tag in self.SPACES:
            self._current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag not in self.VOID:
                self._skip -= 1
            return
        if tag in self.BLOCKS:
            self._flush()
        elif tag in self.SPACES:
            self._current.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current.append(data)

    def paragraphs(self) -> list[str]:
        self._flush()
        return self._done


