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
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from .. import fonts, schema
from ..deckdesign import (
    BODY,
    BODY_SIZES,
    GAP,
    GREY,
    INK,
    STATUS_COLOURS,
    TILE_VALUE_SIZES,
    TONES,
    Area,
    box,
    common_size,
    even_chunks,
    rgb,
    text,
    tint,
)
from ..documents import Download, write_manifest
from ..i18n import format_date, format_month
from ..model import Project
from ..render import markdown_html
from ..schema import Audience
from ..slides import PANEL_LEFT, Metrics, Para, apply_fonts, fill, open_template, run_fonts, set_fonts, stable_bytes
from . import Builder, Views, register

TITLE_SIZES = (34, 32, 30, 28, 26, 24, 22)
_WORSE = "#B3261E"  # a bar whose change is no improvement
_BARS_PER_CHART = 8  # more bars than this continue on the next slide
_UNRATED = "#6B7280"  # a bar whose content does not say which way is better; captions


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
        logo, cover = _logo_png(views), cover_png(views)
        records = []
        specs = deck_specs(views)
        self.context.report(f"deck: {len(specs)} decks")
        for spec in specs:
            slides_view = views.get(Audience.public if spec.kind != "competitive" else Audience.internal)
            notes_view = views.get(spec.audience)
            writer = Deck(self.context.root, spec, slides_view, notes_view, logo, warnings=self.context.warnings,
                          cover=cover)
            data, count, title = writer.build()
            target = downloads_dir / spec.filename
            target.write_bytes(data)
            records.append(Download(
                file=spec.filename, kind="deck", id=spec.stem, lang=spec.lang, audience=spec.audience.value,
                title=title, pages=count, bytes=len(data),
            ))
        write_manifest(out, records, replace_kinds={"deck"})


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
        import cairosvg

        from ..sanitize import clean_svg

        svg = with_cjk_fonts(clean_svg(path.read_bytes()), project.languages)
        return cairosvg.svg2png(bytestring=svg, output_height=height, unsafe=False)
    if suffix == ".png":
        return path.read_bytes()
    import io

    from PIL import Image

    with Image.open(path) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, "PNG")
        return out.getvalue()


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
                 proposal=None, warnings: list[str] | None = None, cover: bytes | None = None):  # noqa: ANN001
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
        self.cover = cover  # brand.cover_image as PNG: the built-in title slide's right panel
        self.layouts = {layout.name: layout for layout in self.prs.slide_layouts}
        self.fit = Metrics(self.font)  # text measured with the deck's real fonts
        self._area: Area | None = None
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
        self.cards(L["the_problem"], [(t(x.title), self.md(x.body)) for x in pains],
                   [f"{t(x.title)}{self.L['colon']}{self.md(x.body)}" for x in pains], objections={"category": "fit"})
        self.statement(L["what_we_do"], t(product.elevator_pitch), [t(product.slogan)])
        self.cards(L["value"], [(t(v.title), "; ".join(self._proof(x) for x in v.proof) or self.md(v.body))
                                for v in product.value],
                   [f"{t(v.title)}{self.L['colon']}{self.md(v.body)}" for v in product.value],
                   objections={"category": "price"})
        self.capabilities(sorted(p.capabilities))
        if product.how_it_works:
            self.process(L["how_it_works"], [(t(s.title), t(s.body)) for s in product.how_it_works],
                         [f"{t(s.title)}{self.L['colon']}{t(s.body)}" for s in product.how_it_works])
        industries = sorted(p.industries.values(), key=lambda i: i.id)
        snapshot_notes = [f"{t(i.name)}{self.L['colon']}{t(i.summary)}" for i in industries]
        if industries and all(i.kpis for i in industries):  # each industry's headline number
            self.metrics(L["industry_snapshots"], [(t(i.kpis[0].value), t(i.name), t(i.kpis[0].name)) for i in industries],
                         snapshot_notes)
        elif industries:
            self.cards(L["industry_snapshots"], [(t(i.name), t(i.summary)) for i in industries], snapshot_notes)
        cases = sorted(p.cases.values(), key=lambda c: c.id)
        self.results_chart(cases)
        quoted = next((c for c in cases if c.quote and t(c.quote.text)), None)
        if quoted:
            self.quote(t(quoted.quote.text), self._said_by(quoted), [t(quoted.label)])
        self.cards(L["why_us"], [(t(a.title), self.md(a.body)) for a in product.assurances],
                   [f"{t(a.title)}{self.L['colon']}{self.md(a.body)}" for a in product.assurances],
                   objections={"category": "security"})
        self.closing()
        return title

    def _said_by(self, case: schema.Case) -> str:
        by = self.t(case.quote.by) if case.quote and case.quote.by else ""
        customer = self.t(case.customer)
        return f"{by}, {customer}" if by and customer not in by else (by or customer)

    def _industry(self, industry: schema.Industry) -> str:
        p, L, t = self.p, self.L, self.t
        title = f"{t(industry.name)} · {L['industry_deck']}"
        self.title_slide(t(industry.name), t(industry.summary), [L["opening"], t(industry.summary)])
        self.cards(L["pains"], [(t(pain.title), self.md(pain.body)) for pain in industry.pains],
                   [f"{t(x.title)}{self.L['colon']}{self.md(x.body)}" for x in industry.pains],
                   objections={"industry": industry.id})
        solution = _paragraphs(t(industry.solution))
        self.bullets(L["solution"], [Para(x) for x in solution], solution)
        self.capabilities(industry.capabilities)
        if industry.kpis:
            self.metrics(L["kpis"], [(t(k.value), t(k.name)) for k in industry.kpis],
                         [f"{t(k.name)} {t(k.value)}" + (self.paren(t(k.source)) if k.source else "") for k in industry.kpis])
        cases = [p.cases[c] for c in industry.cases if c in p.cases]
        self.results_chart(cases)
        for case in cases:
            self.case(t(case.label), self.md(case.challenge) or t(case.summary), self.md(case.solution),
                      [(t(r.value), t(r.metric)) for r in case.results],
                      [t(case.summary)] + [f"{t(r.metric)}{self.L['colon']}{t(r.value)}" for r in case.results])
            if case.quote and t(case.quote.text):
                self.quote(t(case.quote.text), self._said_by(case), [t(case.label)])
        if industry.by_tier:
            rows = [[t(p.tiers[k].name), self.md(v)] for k, v in industry.by_tier.items() if k in p.tiers]
            self.table(L["by_tier"], [L["tier"], L["solution"]], rows, [], widths=(2.6, 9.8))
        self.closing()
        return title

    def _proposal(self, pr) -> str:  # noqa: ANN001 - presales.Proposal: customer-safe content only
        L, t = self.L, self.t
        colon = L["colon"]
        company, product = self.p.company, self.p.company.product
        customer = t(pr.customer)
        title = f"{L['proposal_title']} · {customer}"
        inv = pr.investment
        # cover: the customer's name is the headline; date, validity and who prepared it below
        facts = [f"{L['proposal_issued']}{colon}{self._day(pr.issued)}" if pr.issued else "",
                 f"{L['valid_until']} {self._day(pr.valid_until)}" if pr.valid_until else ""]
        by = pr.prepared_by
        author = " · ".join(x for x in (t(by.name), t(by.title)) if x) if by else ""
        self._proposal_cover(L["proposal_for"].format(customer=customer), [
            Para(t(product.name), bold=True),
            Para(" · ".join(x for x in facts if x)),
            Para(f"{L['proposal_prepared_by']}{colon}{author + ' · ' if author else ''}{t(company.name)}"),
        ], [L["opening"], L["summary_lead"].format(product=t(product.name), customer=customer)])
        # executive summary: what we cover, what it costs, when it starts
        summary = []
        if pr.answers:
            summary.append(Para(L["summary_coverage"].format(met=len(pr.ga), total=len(pr.answers)), bold=True))
            for key, items in (("summary_beta", pr.beta), ("summary_roadmap", pr.roadmap),
                               ("summary_gap", pr.not_covered)):
                if items:
                    summary.append(Para(L[key].format(n=len(items)), level=1))
        if pr.plan:
            summary.append(Para(f"{L['total_investment']}{colon}"
                                + (f"{inv.total_text}{self.paren(inv.term)}" if inv else L["price_on_request"])))
        if pr.start:
            summary.append(Para(f"{L['project_start']}{colon}{self._day(pr.start)}"))
        if pr.valid_until:
            summary.append(Para(f"{L['valid_until']} {self._day(pr.valid_until)}"))
        self.bullets(L["executive_summary"], summary,
                     [L["summary_lead"].format(product=t(product.name), customer=customer)])
        if pr.pains:
            self.bullets(L["your_challenges"], [Para(t(x)) for x in pr.pains], [t(x) for x in pr.pains])
        self.bullets(L["we_commit_to"], [Para(t(a.capability.name)) for a in pr.ga],
                     [f"{t(a.capability.name)}{colon}{t(a.need)}" for a in pr.ga])
        if pr.industry:
            self.bullets(L["our_solution"].format(industry=t(pr.industry.name)),
                         [Para(x) for x in _paragraphs(t(pr.industry.solution))] or [Para(t(pr.industry.summary))],
                         [t(pr.industry.summary)])
        rows = [[t(a.need), t(a.capability.name), L[a.status]] for a in pr.available]
        rows += [[t(a.need), "—", L["not_covered"]] for a in pr.not_covered]
        verdict = {"ga": "yes", "beta": "partial", "roadmap": "roadmap"}  # the colours of the comparison
        statuses = [[None, None, verdict.get(a.status)] for a in pr.available] + [[None, None, "no"]] * len(pr.not_covered)
        self.table(L["requirements"], [L["requirement"], L["how_we_meet_it"], L["status"]], rows,
                   [L["do_not_promise"]], widths=(5.5, 4.5, 2.4), status_cols=frozenset({2}), statuses=statuses)
        if pr.roadmap:
            self.bullets(L["roadmap_requirements"],
                         [Para(f"{t(a.need)} — {t(a.capability.name)}"
                               + self.paren(f"{L['expected']} {self.month(a.capability.available_from)}"))
                          for a in pr.roadmap], [L["do_not_promise"]])
        for persona in pr.roles:
            self.bullets(f"{L['for_each_role']}{colon}{t(persona.name)}", [Para(t(x.text)) for x in persona.cares_about],
                         [self.md(persona.messaging)] if persona.messaging else [])
        self.results_chart(pr.cases)
        if pr.plan:
            self._investment(pr)
            if pr.payment_terms:
                terms = _paragraphs(t(pr.payment_terms))
                self.bullets(L["payment_terms"], [Para(x) for x in terms], terms)
        if pr.timeline:
            self.table(L["timeline"], [L["date"], L["milestone"]],
                       [[self._day(step.date), t(step.name)] for step in pr.timeline], [], widths=(3.2, 9.2))
        # next steps beside the people to call: who prepared it first, then the company
        contact = company.contact
        lines = [x for x in ((author, by.email, by.phone) if by else ()) if x]
        lines += [x for x in (contact.email, contact.phone, contact.website, t(contact.address)) if x]
        self.closing_slide([t(x.text) for x in product.next_steps], lines, t(company.name), [L["closing_note"]],
                           panel_title=L["your_contacts"])
        return title

    def _day(self, value) -> str:  # noqa: ANN001 - a date
        return format_date(value, self.lang)

    def _proposal_cover(self, title: str, paras: list[Para], notes: list[str]) -> None:
        """The proposal's title slide: its headline and several lines of facts under it."""
        lines = [x for x in paras if x.text.strip()]
        self.title_slide(title, lines[0].text if lines else "", notes, [x.text for x in lines[1:]])

    def _investment(self, pr) -> None:  # noqa: ANN001 - presales.Proposal
        """The investment as a native table: item, unit price, quantity, term, amount; subtotal,
        discount and total under it. Without a computed price: the plan and 'price on request'."""

        L, t = self.L, self.t
        inv = pr.investment
        includes = L["list_separator"].join(t(c.name) + (self.paren(L[c.status]) if c.status != "ga" else "")
                                            for c in pr.plan_capabilities)
        if inv:
            header = [L["inv_item"], L["inv_unit_price"], L["inv_quantity"], L["inv_term"], L["inv_amount"]]
            rows = [[r.item, r.unit_price, r.quantity, r.term, r.amount] for r in inv.rows]
            kinds = [r.kind for r in inv.rows]
            widths, right = (4.6, 2.9, 1.4, 1.5, 2.4), {2, 4}
            foot = [f"{t(pr.plan.name)} · {L['includes']}{L['colon']}{includes}"]
        else:
            header = [L["plan"], L["includes"], L["price"]]
            rows, kinds = [[t(pr.plan.name), includes, L["price_on_request"]]], ["total"]
            widths, right = (2.6, 7.0, 2.8), {2}
            foot = [L["price_on_request_note"].format(plan=t(pr.plan.name))]
        if pr.valid_until:
            foot.append(f"{L['valid_until']} {self._day(pr.valid_until)}")
        a = self.area
        total_width = a.width
        col_widths = [int(total_width * w / sum(widths)) for w in widths]
        top, available = a.top, a.height - Inches(1.0)
        for size in (22, 20, 18):
            heights = [self._row_height(row, col_widths, size, bold=(i == 0)) for i, row in enumerate([header] + rows)]
            if sum(heights) <= available:
                break
        else:  # more fees than one slide holds: the paginated plain table
            self.table(L["your_investment"], header, rows, foot, widths=widths)
            return
        slide = self._slide("Title Only", L["your_investment"])
        shape = slide.shapes.add_table(len(rows) + 1, len(header), a.left, top, total_width, sum(heights))
        table = shape.table
        for i, width in enumerate(col_widths):
            table.columns[i].width = width
        for r, (values, height) in enumerate(zip([header] + rows, heights, strict=True)):
            table.rows[r].height = height
            kind = kinds[r - 1] if r else "header"
            for col, value in enumerate(values):
                cell = table.cell(r, col)
                cell.margin_top = cell.margin_bottom = Inches(0.04)
                cell.margin_left = cell.margin_right = Inches(0.08)
                fill(cell.text_frame, [Para(value, bold=kind in ("header", "total"))], size, self.font,
                     "#FFFFFF" if kind == "header" else INK)
                if kind == "header":
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = rgb(self.brand.primary)
                if col in right:
                    cell.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
                if inv and kind in ("subtotal", "discount", "total") and col == 0:  # a label across the columns
                    cell.merge(table.cell(r, len(header) - 2))
                if kind == "total":  # the brand colour, lightened: the line a CFO looks for
                    primary = [int(self.brand.primary[i:i + 2], 16) for i in (1, 3, 5)]
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = RGBColor(*(255 - (255 - c) * 12 // 100 for c in primary))
        foot_paras = [Para(x) for x in foot]
        foot_top = top + sum(heights) + Inches(0.15)
        foot_h = a.bottom - foot_top
        foot_size = self.fit.best_size(foot_paras, total_width, foot_h, (20, 18)) or BODY
        text(slide, a.left, foot_top, total_width, foot_h, self.fit.paginate(foot_paras, total_width, foot_h, foot_size)[0],
             foot_size, self.font, "#4B5563", name="Table foot")
        self._notes(slide, [f"{r[0]}{L['colon']}{r[-1]}" for r in rows] + foot, {"category": "price"})

    def _competitive(self, c: schema.Competitor) -> str:
        L, t = self.L, self.t
        title = f"{L['competitive_deck']} · {t(c.name)}"
        subtitle = L["confidential"]
        if self.p.is_stale(c):  # a rep must see that this battlecard may be out of date, with dates and owner
            subtitle += "\n" + L["stale_title"] + self.L["colon"] + L["stale_body"].format(
                reviewed=format_date(c.reviewed, self.lang), due=format_date(self.p.review_due(c), self.lang),
                owner=c.owner or "—")
        self.title_slide(f"{L['competitive_deck']}{self.L['colon']}{t(c.name)}", subtitle, [t(c.summary)])
        self.section(L["section_know_them"], t(c.name))
        summary = _paragraphs(t(c.summary))
        self.bullets(L["who_they_are"], [Para(x) for x in summary], [self.md(c.pricing)] if c.pricing else summary)
        self.columns(L["strengths_vs_weaknesses"], L["strengths"], [Para(t(x.text)) for x in c.strengths],
                     L["weaknesses"], [Para(t(x.text)) for x in c.weaknesses], [], tones=("bad", "good"))
        if c.comparison:
            items = list(c.comparison.items())
            # the verdicts colour-coded as in the PDF battlecard; each row's note goes to the speaker notes
            names = [t(self.notes_p.capabilities[k].name) if k in self.notes_p.capabilities else k for k, _ in items]
            rows = [[name, L[v.us.value], L[v.them.value]] for name, (_, v) in zip(names, items, strict=True)]
            statuses = [[None, v.us.value, v.them.value] for _, v in items]
            self.table(L["comparison"], [L["capability"], L["us"], L["them"]], rows,
                       [f"{name}{L['colon']}{t(v.note)}" for name, (_, v) in zip(names, items, strict=True) if v.note],
                       widths=(6.2, 3.1, 3.1), status_cols=frozenset({1, 2}), statuses=statuses)
        self.section(L["section_win"], t(c.name))
        self.bullets(L["why_we_win"], [x for w in c.why_we_win for x in (Para(t(w.title), bold=True), Para(self.md(w.body), level=1))],
                     [f"{t(w.title)}{self.L['colon']}{self.md(w.body)}" for w in c.why_we_win], objections={"competitor": c.id})
        self.columns(L["where_we_lose"] + " · " + L["landmines"], L["where_we_lose"],
                     [Para(t(x.text)) for x in c.where_we_lose], L["landmines"], [Para(t(x.text)) for x in c.landmines],
                     [], tones=("them", "us"))
        if c.quick_dismisses:
            self.table(L["quick_dismisses"], [L["they_say"], L["we_say"]],
                       [[t(q.claim), t(q.response)] for q in c.quick_dismisses],
                       [f"{t(q.claim)} → {t(q.response)}" for q in c.quick_dismisses], widths=(5.0, 7.4))
        objections = sorted((o for o in self.notes_p.objections.values() if o.competitor == c.id), key=lambda o: o.id)
        if objections:
            self.section(L["section_objections"], t(c.name))
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
        self.columns(L["capabilities"], L["available_now"], ga, f"{L['beta']} · {L['roadmap']}", later, notes,
                     objections={"category": "integration"}, tones=("us", "later"))

    def closing(self) -> None:
        company = self.p.company
        contact = company.contact
        lines = [x for x in (contact.email, contact.phone, contact.website) if x]
        self.closing_slide([self.t(x.text) for x in company.product.next_steps], lines, self.t(company.name),
                           [self.L["closing_note"]], objections={"category": "timing"})

    def results_chart(self, cases: list[schema.Case]) -> None:
        """The cases' headline results: a native (editable) bar chart of the relative change each case
        states in numbers (``before``/``after``), one bar per case. A chart needs two bars; with fewer,
        each case's headline result is a big-number tile with its display value as written."""
        L, t = self.L, self.t
        cases = [c for c in cases if c.results]
        if not cases:
            return
        points = [(case, result, change) for case in cases for result, change in _headline(case)]
        notes = [f"{t(c.label)}: " + "; ".join(f"{t(r.metric)} {t(r.value)}" for r in c.results) for c in cases]
        if len(points) < 2:
            chosen = {id(case): result for case, result, _ in points}
            self.metrics(L["case_results"], [(t(r.value), t(r.metric), t(c.customer)) for c in cases
                                             for r in [chosen.get(id(c), c.results[0])]], notes,
                         objections={"category": "fit"})
            return
        pages = -(-len(points) // _BARS_PER_CHART)
        cuts = [len(points) * n // pages for n in range(pages + 1)]  # even pages: never a chart of one bar
        for n in range(pages):
            title = L["case_results"] if n == 0 else L["case_results"] + self.paren(L["continued"])
            self._change_chart(title, points[cuts[n]:cuts[n + 1]], notes)

    def _change_chart(self, title: str, points: list[tuple[schema.Case, schema.Result, float]],
                      notes: list[str]) -> None:
        """One bar chart slide: each point's relative change, coloured by whether it improved."""
        L, t = self.L, self.t
        slide = self._slide("Title Only", title)
        data = CategoryChartData(number_format="0.0")
        data.categories = [f"{t(case.customer)} · {t(result.metric)}" for case, result, _ in points]
        data.add_series(L["change_vs_before"], [change for _, _, change in points])
        width, height = self.prs.slide_width, self.prs.slide_height
        frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.8), Inches(1.5),
                                       width - Inches(1.6), height - Inches(2.7), data)
        chart = frame.chart
        chart.has_legend = False
        chart.has_title = True
        chart.chart_title.text_frame.text = L["change_vs_before"]
        title_run = chart.chart_title.text_frame.paragraphs[0].runs[0]
        title_run.font.size, title_run.font.bold = Pt(16), False
        set_fonts(title_run, self.font)
        chart.font.size = Pt(16)
        apply_fonts(chart.font._rPr, self.font)
        plot = chart.plots[0]
        plot.gap_width = 60
        plot.has_data_labels = True
        before, after = L["percent_value"].split("{value}", 1)
        affix = [f'"{x}"' if x else "" for x in (before, after)]
        plot.data_labels.number_format = ";".join(f'{affix[0]}{sign}0.0{affix[1]}' for sign in ('"+"', '"−"', ""))
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
        plot.data_labels.font.size, plot.data_labels.font.bold = Pt(18), True
        series = plot.series[0]
        series.invert_if_negative = False
        colours = {"better": self.brand.primary, "not_better": _WORSE, "unrated": _UNRATED}
        verdicts = [_verdict(result, change) for _, result, change in points]
        for i, verdict in enumerate(verdicts):
            point = series.points[i]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor.from_string(colours[verdict].lstrip("#").upper())
        chart.category_axis.reverse_order = True
        chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # left of the bars, whatever their sign
        chart.category_axis.has_major_gridlines = False
        value_axis = chart.value_axis
        value_axis.has_major_gridlines = False
        value_axis.visible = False
        low, high = min(0.0, *(c for *_, c in points)), max(0.0, *(c for *_, c in points))
        room = (high - low or 1) * 0.22  # space for the data labels at the ends of the bars
        value_axis.minimum_scale = low - room if low < 0 else 0
        value_axis.maximum_scale = high + room if high > 0 or low == 0 else 0
        # what the bars are, in words: the formula and, where the bars differ, what each colour means
        key = [Para(L["change_explained"])]
        key_box = slide.shapes.add_textbox(Inches(0.8), height - Inches(1.1), width - Inches(1.6), Inches(0.5))
        key_box.name = "Small print: chart key"
        fill(key_box.text_frame, key, 14, self.font, _UNRATED)
        if set(verdicts) != {"better"}:
            p = key_box.text_frame.paragraphs[0]
            for verdict in ("better", "not_better", "unrated"):
                if verdict in verdicts:
                    for text, colour in (("   ■ ", colours[verdict]), (L[f"change_{verdict}"], _UNRATED)):
                        run = p.add_run()
                        run.text = text
                        run.font.size = Pt(14)
                        run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
                        set_fonts(run, self.font)
        sign = L["percent_value"]
        notes = notes + [L["change_explained"]] + [
            f"{t(case.customer)} · {t(result.metric)}{self.L['colon']}{t(result.value)} → "
            + sign.format(value=("+" if change > 0 else "−" if change < 0 else "") + f"{abs(change):.1f}")
            for case, result, change in points]
        self._notes(slide, notes, {"category": "fit"})

    # ------------------------------------------------------------------ slide kinds (generator.deckdesign)
    @property
    def area(self) -> Area:
        """Where a kind draws its own shapes: under the title placeholder of 'Title Only', above the
        slide's foot (the built-in template's brand bar and logo)."""
        if self._area is None:
            probe = self.prs.slides.add_slide(self.layouts["Title Only"])
            title = probe.shapes.title
            left, top = title.left, title.top + title.height + Inches(0.15)
            self._drop(probe)
            width = self.prs.slide_width - 2 * left
            self._area = Area(left, top, width, self.prs.slide_height - Inches(0.65) - top)
        return self._area

    @property
    def builtin(self) -> bool:
        return self.template == "built-in template"

    def metrics(self, title: str, items: list[tuple[str, ...]], notes: list[str],
                objections: dict | None = None) -> None:
        """Big-number tiles, at most three to a slide, all of one size: the value, then its label and
        any further lines (the customer) in smaller type."""
        a = self.area
        chunks = even_chunks(items, 4 if len(items) == 4 else 3)
        per = max(len(c) for c in chunks)
        width = (a.width - (per - 1) * GAP) // per
        inner = width - Inches(0.3)
        labels = [[Para(label, bold=True)] + [Para(x) for x in more] for _, label, *more in items]
        value_size = common_size(self.fit, [([Para(v, bold=True)], inner, Inches(1.25)) for v, *_ in items],
                                 TILE_VALUE_SIZES) or TILE_VALUE_SIZES[-1]
        label_size, label_h = BODY, Inches(1.2)
        for height in (Inches(1.2), Inches(1.8), Inches(2.6)):
            found = common_size(self.fit, [(paras, inner, height) for paras in labels], (22, 20, 18))
            if found:
                label_size, label_h = found, height
                break
        tile_h = Inches(1.5) + label_h + Inches(0.3)
        for n, chunk in enumerate(chunks):
            slide = self._slide("Title Only", title if n == 0 else title + self.paren(self.L["continued"]))
            total = len(chunk) * width + (len(chunk) - 1) * GAP
            left0 = a.left + (a.width - total) // 2
            top = a.top + max(0, (a.height - tile_h) // 2 - Inches(0.2))
            for i, (value, label, *more) in enumerate(chunk):
                left = left0 + i * (width + GAP)
                box(slide, left, top, width, tile_h, tint(self.brand.primary, 8), name="Tile")
                box(slide, left, top, Inches(0.09), tile_h, self.brand.primary, name="Tile edge")
                text(slide, left + Inches(0.15), top + Inches(0.2), inner, Inches(1.25), [Para(value, bold=True)],
                     value_size, self.font, self.brand.primary, anchor=MSO_ANCHOR.BOTTOM, name="Tile value")
                paras = [Para(label, bold=True)] + [Para(x) for x in more]
                shape = text(slide, left + Inches(0.15), top + Inches(1.5), inner, label_h, paras, label_size,
                             self.font, INK, name="Tile label")
                for p in shape.text_frame.paragraphs[1:]:
                    for run in p.runs:
                        run.font.color.rgb = rgb(GREY)
            self._notes(slide, notes if n == 0 else [], objections)

    def title_slide(self, title: str, subtitle: str, notes: list[str], facts: list[str] = ()) -> None:
        """The first slide: title and subtitle left-aligned, one above the other; ``facts`` (dates,
        who prepared it) as further lines under the subtitle."""
        slide = self.prs.slides.add_slide(self.layouts["Title Slide"])
        self._title(slide, title, (44, 40, 36, 32, 28, 24), align="l")
        body = slide.placeholders[1]
        paras = [Para(x) for x in subtitle.split("\n") if x.strip()] + [Para(x, bold=True) for x in facts if x]
        size = self.fit.best_size(paras, body.width, body.height, (24, 22, 20, 18)) if paras else BODY
        if size is None:
            size = BODY
            paras = self.fit.paginate(paras, body.width, body.height, size)[0]
        fill(body.text_frame, paras, size, self.font, "#4B5563", align="l")
        if self.cover and self.builtin:
            self._cover_picture(slide)
        self._mark(slide)
        self._notes(slide, notes, None)

    def _cover_picture(self, slide) -> None:  # noqa: ANN001
        """The cover picture filling the built-in title slide's panel (right of its accent edge), cropped
        to the panel's shape rather than stretched."""
        import io

        left = PANEL_LEFT + Inches(0.14)
        width, height = self.prs.slide_width - left, self.prs.slide_height
        picture = slide.shapes.add_picture(io.BytesIO(self.cover), left, 0, width, height)
        picture.name = "Cover picture"
        px_w, px_h = picture.image.size
        want, have = width / height, px_w / px_h
        if have > want:  # too wide: crop the sides
            cut = (1 - want / have) / 2
            picture.crop_left = picture.crop_right = cut
        elif have < want:  # too tall: crop top and bottom
            cut = (1 - have / want) / 2
            picture.crop_top = picture.crop_bottom = cut

    def section(self, title: str, subtitle: str = "") -> None:
        """A section divider: the Section Header layout (in the built-in template a brand-colour slide),
        else Title Only with a band in the brand colour."""
        layout = self.layouts.get("Section Header")
        has_body = layout is not None and any(ph.placeholder_format.idx == 1 for ph in layout.placeholders)
        if layout is None or not any(ph.placeholder_format.idx == 0 for ph in layout.placeholders):
            slide = self._slide("Title Only", title)
            a = self.area
            box(slide, a.left, a.top + a.height // 3, a.width, Inches(0.12), self.brand.primary, name="Band")
            if subtitle:
                text(slide, a.left, a.top + a.height // 3 + Inches(0.4), a.width, Inches(1.4), [Para(subtitle)], 24,
                     self.font, GREY)
        else:
            slide = self.prs.slides.add_slide(layout)
            colour = "#FFFFFF" if self.builtin else None
            self._title(slide, title, (44, 40, 36, 32, 28), align="l", colour=colour)
            if has_body:
                body = slide.placeholders[1]
                paras = [Para(subtitle)] if subtitle else []
                size = self.fit.best_size(paras, body.width, body.height, (24, 22, 20, 18)) or BODY
                fill(body.text_frame, paras, size, self.font, tint(self.brand.primary, 25) if self.builtin else None,
                     align="l")
            self._mark(slide)
        self._notes(slide, [subtitle or title], None)

    def statement(self, title: str, paragraph: str, notes: list[str]) -> None:
        """One paragraph set large, without a bullet (an elevator pitch, a positioning statement)."""
        if not paragraph.strip():
            return
        layout = self.layouts["Title and Content"]
        probe = self.prs.slides.add_slide(layout)
        body = probe.placeholders[1]
        width, height = body.width, body.height
        self._drop(probe)
        paras = [Para(paragraph)]
        size = self.fit.best_size(paras, width, height, (32, 30, 28, 26, 24, 22, 20))
        if size is None:  # long: the ordinary paginated list
            self.bullets(title, [Para(x) for x in _sentences(paragraph)], notes)
            return
        slide = self.prs.slides.add_slide(layout)
        self._title(slide, title, TITLE_SIZES)
        fill(slide.placeholders[1].text_frame, paras, size, self.font, INK)
        self._mark(slide)
        self._notes(slide, notes, None)

    def bullets(self, title: str, paras: list[Para], notes: list[str], objections: dict | None = None) -> None:
        """A bulleted list on 'Title and Content', as large as fits (at least 18 pt). A longer list
        continues on balanced slides (a heading stays with what is under it, no slide of one
        bullet); continuation slides carry only the notes of their own items when the notes go item
        by item, else a pointer to the first slide's notes, never the same notes again."""
        paras = [p for p in paras if p.text.strip()]
        if not paras:
            return
        layout = self.layouts["Title and Content"]
        probe = self.prs.slides.add_slide(layout)
        body = probe.placeholders[1]
        width, height = body.width, body.height
        self._drop(probe)
        size = self.fit.best_size(paras, width, height, BODY_SIZES, bullets=True)
        pages = [paras] if size else self.fit.paginate(paras, width, height, BODY, bullets=True)
        if not size:
            size = min(self.fit.best_size(page, width, height, BODY_SIZES, bullets=True) or BODY for page in pages)
        per_item = _per_item_notes(paras, notes)
        for n, page in enumerate(pages):
            slide = self.prs.slides.add_slide(layout)
            self._title(slide, title if n == 0 else title + self.paren(self.L["continued"]), TITLE_SIZES)
            fill(slide.placeholders[1].text_frame, page, size, self.font, bullets=True)
            self._mark(slide)
            if len(pages) == 1:
                self._notes(slide, notes, objections)
            elif per_item is not None:
                self._notes(slide, [per_item[id(p)] for p in page if id(p) in per_item], objections if n == 0 else None)
            else:
                self._notes(slide, notes if n == 0 else [self._continued(n, len(pages))], objections if n == 0 else None)

    def cards(self, title: str, items: list[tuple[str, str]], notes: list[str], objections: dict | None = None) -> None:
        """Two to four tinted cards side by side (four as a 2 × 2 grid): a heading in the brand colour
        and a short body. A body too long for its card is shortened to its first sentence, then left
        to the notes; more than four items continue on balanced slides."""
        items = [(h, b) for h, b in items if h.strip()]
        if not items:
            return
        if len(items) == 1:
            self.bullets(title, [Para(items[0][0], bold=True), Para(items[0][1], level=1)], notes, objections)
            return
        a = self.area
        chunks = even_chunks(items, 4)
        for n, chunk in enumerate(chunks):
            cols = 2 if len(chunk) == 4 else len(chunk)
            rows = 2 if len(chunk) == 4 else 1
            width = (a.width - (cols - 1) * GAP) // cols
            height = (a.height - (rows - 1) * GAP) // rows
            inner_w, inner_h = width - Inches(0.4), height - Inches(0.3)
            chosen = None
            for size in (24, 22, 20, 18):  # per card the fullest body that fits, one size for all
                blocks = []
                for h, b in chunk:
                    for body in (b, (_sentences(b) or [""])[0], ""):
                        block = [Para(h, bold=True)] + ([Para(body)] if body else [])
                        if self.fit.fits(block, inner_w, inner_h, size):
                            blocks.append(block)
                            break
                    else:
                        break
                full = sum(len(block) for block in blocks)
                if len(blocks) == len(chunk) and (full == 2 * len(chunk) or size == 18):
                    chosen = (blocks, size)
                    break
            if chosen is None:
                self.bullets(title, [Para(h, bold=True) for h, _ in chunk], notes, objections)
                continue
            blocks, size = chosen
            slide = self._slide("Title Only", title if n == 0 else title + self.paren(self.L["continued"]))
            for i, block in enumerate(blocks):
                left = a.left + (i % cols) * (width + GAP)
                top = a.top + (i // cols) * (height + GAP)
                box(slide, left, top, width, height, tint(self.brand.primary, 7), name="Card")
                box(slide, left, top, width, Inches(0.08), self.brand.primary, name="Card edge")
                shape = text(slide, left + Inches(0.2), top + Inches(0.2), inner_w, inner_h, block, size, self.font,
                             INK, name="Card text")
                for run in shape.text_frame.paragraphs[0].runs:
                    run.font.color.rgb = rgb(self.brand.primary)
            self._notes(slide, notes if n == 0 else [self._continued(n, len(chunks))], objections if n == 0 else None)

    def process(self, title: str, steps: list[tuple[str, str]], notes: list[str]) -> None:
        """The steps of a process on one slide: numbered chevrons with each step's title and text
        under it when the texts are short, else numbered rows (a badge, the title, the text) down
        the slide; a process too long for one slide continues on balanced slides."""
        a = self.area
        if not steps:
            return
        gap = Inches(0.12)
        if len(steps) <= 5:
            width = (a.width - (len(steps) - 1) * gap) // len(steps)
            size = common_size(self.fit, [([Para(t, bold=True), Para(b)], width, a.height - Inches(1.05))
                                          for t, b in steps], (22, 20, 18))
            if size:
                slide = self._slide("Title Only", title)
                for i, (step_title, body) in enumerate(steps):
                    left = a.left + i * (width + gap)
                    arrow = box(slide, left, a.top, width, Inches(0.8), self.brand.primary if i % 2 == 0 else
                                tint(self.brand.primary, 75), shape=MSO_SHAPE.PENTAGON if i == 0 else MSO_SHAPE.CHEVRON,
                                name="Step")
                    fill(arrow.text_frame, [Para(f"{i + 1:02d}", bold=True)], 26, self.font, "#FFFFFF", align="ctr")
                    arrow.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
                    shape = text(slide, left, a.top + Inches(1.0), width, a.height - Inches(1.05),
                                 [Para(step_title, bold=True), Para(body)], size, self.font, INK, name="Step text")
                    for run in shape.text_frame.paragraphs[0].runs:
                        run.font.color.rgb = rgb(self.brand.primary)
                self._notes(slide, notes, None)
                return
        # rows: a number badge, the step's title, and its text beside it
        badge = Inches(0.62)
        title_left = a.left + badge + Inches(0.25)
        title_w = int(a.width * 0.24)
        body_left = title_left + title_w + Inches(0.15)
        body_w = a.right - body_left
        for size in (22, 20, 18):
            heights = [max(badge + Inches(0.08), int(Pt(max(self.fit.height([Para(t, bold=True)], Emu(title_w).pt, size),
                                                           self.fit.height([Para(b)], Emu(body_w).pt, size)))))
                       + Inches(0.1) for t, b in steps]
            if sum(heights) <= a.height:  # the largest size at which every step fits on one slide
                break
        count, used = 1, 0
        for h in heights:
            if used + h > a.height and used:
                count, used = count + 1, 0
            used += h
        for n, (start, stop) in enumerate(_balanced_rows(heights, count, a.height)):
            slide = self._slide("Title Only", title if n == 0 else title + self.paren(self.L["continued"]))
            spare = min(Inches(0.4), max(0, (a.height - sum(heights[start:stop])) // max(1, stop - start)))
            y = a.top
            for i in range(start, stop):
                step_title, body = steps[i]
                number = box(slide, a.left, y, badge, badge, self.brand.primary, shape=MSO_SHAPE.OVAL, name="Step")
                fill(number.text_frame, [Para(str(i + 1), bold=True)], 22, self.font, "#FFFFFF", align="ctr")
                number.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
                number.text_frame.margin_left = number.text_frame.margin_right = 0
                if i + 1 < stop:  # the line joining one step to the next
                    box(slide, a.left + badge // 2 - Inches(0.015), y + badge + Inches(0.06), Inches(0.03),
                        heights[i] + spare - badge - Inches(0.12), tint(self.brand.primary, 40), name="Step line")
                text(slide, title_left, y, title_w, heights[i], [Para(step_title, bold=True)], size, self.font,
                     self.brand.primary, name="Step title")
                text(slide, body_left, y, body_w, heights[i], [Para(body)], size, self.font, INK, name="Step text")
                y += heights[i] + spare
            self._notes(slide, notes[start:stop] if len(notes) == len(steps) else
                        (notes if n == 0 else [self._continued(n, count)]), None)

    def columns(self, title: str, left_title: str, left: list[Para], right_title: str, right: list[Para],
                notes: list[str], objections: dict | None = None, tones: tuple[str, str] = ("us", "them")) -> None:
        """Two columns under coloured headers (strengths in green and weaknesses in red, us in the
        brand colour and them in grey), each on a light tint of its colour. Lists too long for one
        slide continue column by column on balanced slides."""
        if not left and not right:
            return
        a = self.area
        width = (a.width - GAP) // 2
        head_h = Inches(0.65)
        body_h = a.height - head_h
        colours = [TONES.get(tone) or self.brand.primary for tone in tones]
        size = common_size(self.fit, [(side, width, body_h) for side in (left, right) if side], BODY_SIZES,
                           bullets=True)
        if size:
            pages = [(left, right)]
        else:
            size = BODY
            lp = self.fit.paginate(left, width, body_h, size, bullets=True) if left else []
            rp = self.fit.paginate(right, width, body_h, size, bullets=True) if right else []
            count = max(len(lp), len(rp))
            lp = self.fit.paginate(left, width, body_h, size, bullets=True, count=count) if left else []
            rp = self.fit.paginate(right, width, body_h, size, bullets=True, count=count) if right else []
            if len(lp) != len(rp) or any(len(page) < 2 for page in lp[1:] + rp[1:]):
                # the two lists do not continue side by side: each gets slides of its own
                self.bullets(left_title, left, notes, objections)
                self.bullets(right_title, right, [], None)
                return
            pages = list(zip(lp, rp, strict=True))
        for n, (lpage, rpage) in enumerate(pages):
            slide = self._slide("Title Only", title if n == 0 else title + self.paren(self.L["continued"]))
            for i, (head, paras) in enumerate(((left_title, lpage), (right_title, rpage))):
                left_x = a.left + i * (width + GAP)
                colour = colours[i]
                box(slide, left_x, a.top, width, head_h, colour, name="Column head")
                text(slide, left_x, a.top, width, head_h, [Para(head, bold=True)], 22 if self.fit.fits(
                    [Para(head, bold=True)], width, head_h, 22) else BODY, self.font, "#FFFFFF", anchor=MSO_ANCHOR.MIDDLE,
                    name="Column title")
                box(slide, left_x, a.top + head_h, width, body_h, tint(colour, 7), name="Column")
                if paras:
                    text(slide, left_x, a.top + head_h + Inches(0.05), width, body_h - Inches(0.05), paras, size,
                         self.font, INK, bullets=True, name="Column text")
            self._notes(slide, notes if n == 0 else [self._continued(n, len(pages))], objections if n == 0 else None)

    def two_columns(self, title: str, left_title: str, left: list[Para], right_title: str, right: list[Para],
                    notes: list[str], objections: dict | None = None) -> None:
        self.columns(title, left_title, left, right_title, right, notes, objections)

    def table(self, title: str, header: list[str], rows: list[list[str]], notes: list[str],
              widths: tuple[float, ...], status_cols: frozenset[int] = frozenset(),
              statuses: list[list[str | None]] | None = None) -> None:
        """A native table filling the slide's width at 18 pt or more, header in the brand colour;
        rows are measured and never split, and continue on balanced slides. ``status_cols`` are
        coloured by ``statuses`` (yes / partial / no / roadmap) as in the PDF battlecard."""
        if not rows:
            return
        a = self.area
        col_widths = [int(a.width * w / sum(widths)) for w in widths]
        margin = Inches(0.08)

        def row_height(row: list[str], size: float, bold: bool = False) -> int:
            return self._row_height(row, col_widths, size, bold)

        size = BODY
        for candidate in (22, 20, 18):
            if sum(row_height(r, candidate) for r in rows) + row_height(header, candidate, True) <= a.height:
                size = candidate
                break
        head_h = row_height(header, size, True)
        heights = [row_height(r, size) for r in rows]
        # balanced pages of whole rows
        count, used = 1, head_h
        for h in heights:
            if used + h > a.height and used > head_h:
                count, used = count + 1, head_h
            used += h
        pages = _balanced_rows(heights, count, a.height - head_h)
        for n, (start, stop) in enumerate(pages):
            slide = self._slide("Title Only", title if n == 0 else title + self.paren(self.L["continued"]))
            page = rows[start:stop]
            shape = slide.shapes.add_table(len(page) + 1, len(header), a.left, a.top, a.width,
                                           head_h + sum(heights[start:stop]))
            tbl = shape.table
            for i, w in enumerate(col_widths):
                tbl.columns[i].width = w
            tbl.rows[0].height = head_h
            for r, values in enumerate([header] + page):
                if r:
                    tbl.rows[r].height = heights[start + r - 1]
                for col, value in enumerate(values):
                    cell = tbl.cell(r, col)
                    cell.margin_left = cell.margin_right = margin
                    cell.margin_top = cell.margin_bottom = Inches(0.04)
                    status = statuses[start + r - 1][col] if r and statuses and col in status_cols else None
                    colour = "#FFFFFF" if r == 0 else STATUS_COLOURS.get(status or "", INK)
                    fill(cell.text_frame, [Para(value, bold=(r == 0 or status is not None))], size, self.font, colour)
                    cell.fill.solid()
                    if r == 0:
                        cell.fill.fore_color.rgb = rgb(self.brand.primary)
                    elif status:
                        cell.fill.fore_color.rgb = rgb(tint(STATUS_COLOURS.get(status, GREY), 12))
                    else:
                        cell.fill.fore_color.rgb = rgb("#FFFFFF" if r % 2 else tint(self.brand.primary, 5))
            self._notes(slide, notes if n == 0 else [self._continued(n, len(pages))], None)

    def quote(self, quote_text: str, by: str, notes: list[str]) -> None:
        """What a customer said, large, with a quotation mark in the accent colour and who said it."""
        if not quote_text.strip():
            return
        a = self.area
        slide = self._slide("Title Only", self.L["quote"])
        text(slide, a.left, a.top - Inches(0.1), Inches(1.6), Inches(2.0), [Para("“", bold=True)], 96, self.font,
             self.brand.accent, name="Quote mark")
        width, height = a.width - Inches(1.7), a.height - Inches(1.3)
        paras = [Para(quote_text)]
        size = self.fit.best_size(paras, width, height, (34, 32, 30, 28, 26, 24, 22, 20, 18)) or BODY
        if not self.fit.fits(paras, width, height, size):
            paras = self.fit.paginate(paras, width, height, size)[:1]
        text(slide, a.left + Inches(1.6), a.top + Inches(0.2), width, height, paras, size, self.font, INK,
             anchor=MSO_ANCHOR.MIDDLE, name="Quote")
        if by:
            text(slide, a.left + Inches(1.6), a.bottom - Inches(0.9), width, Inches(0.8), [Para("— " + by)], 20,
                 self.font, GREY, name="Quote by")
        self._notes(slide, notes, None)

    def case(self, title: str, challenge: str, solution: str, results: list[tuple[str, str]], notes: list[str]) -> None:
        """A case on one slide: challenge → solution → the result numbers, three columns; a case whose
        text does not fit at 18 pt gets its story on two columns and its numbers as tiles."""
        a = self.area
        width = (a.width - 2 * GAP) // 3
        head_h = Inches(0.6)
        body_h = a.height - head_h - Inches(0.1)
        story = [[Para(x) for x in _sentences_or_text(challenge)], [Para(x) for x in _sentences_or_text(solution)]]
        story_size = common_size(self.fit, [(paras, width, body_h) for paras in story if paras], (20, 18))
        each = body_h // max(1, len(results)) - Inches(0.1) if results else body_h
        value_size = common_size(self.fit, [([Para(v, bold=True)], width - Inches(0.3), min(Inches(0.75), each))
                                            for v, _ in results], (36, 32, 28, 24, 22, 20)) if results else 20
        label_fits = all(self.fit.fits([Para(m)], width - Inches(0.3), max(each - Inches(0.75), 0), BODY)
                         for _, m in results)
        if not story_size or not value_size or not label_fits or len(results) > 4:
            self.columns(title, self.L["challenge"], story[0], self.L["solution"], story[1], notes, tones=("them", "us"))
            if results:
                self.metrics(f"{title} · {self.L['results']}", [(v, m) for v, m in results], [])
            return
        slide = self._slide("Title Only", title)
        heads = (self.L["challenge"], self.L["solution"], self.L["results"])
        colours = (GREY, self.brand.primary, self.brand.accent)
        for i, head in enumerate(heads):
            left = a.left + i * (width + GAP)
            box(slide, left, a.top, width, head_h, colours[i], name="Column head")
            text(slide, left, a.top, width, head_h, [Para(head, bold=True)], 20, self.font, "#FFFFFF",
                 anchor=MSO_ANCHOR.MIDDLE, name="Column title")
            top = a.top + head_h + Inches(0.1)
            if i < 2:
                if story[i]:
                    text(slide, left, top, width, body_h, story[i], story_size, self.font, INK, name="Case text")
                continue
            for k, (value, metric) in enumerate(results):
                y = top + k * (each + Inches(0.1))
                box(slide, left, y, width, each, tint(self.brand.accent, 10), name="Result")
                text(slide, left + Inches(0.15), y, width - Inches(0.3), Inches(0.75), [Para(value, bold=True)],
                     value_size, self.font, self.brand.primary, anchor=MSO_ANCHOR.BOTTOM, name="Result value")
                text(slide, left + Inches(0.15), y + Inches(0.75), width - Inches(0.3), each - Inches(0.75),
                     [Para(metric)], BODY, self.font, INK, name="Result label")
        self._notes(slide, notes, None)

    def closing_slide(self, steps: list[str], contact_lines: list[str], company: str, notes: list[str],
                      objections: dict | None = None, panel_title: str | None = None) -> None:
        """Next steps, numbered, beside a contact panel in the brand colour."""
        a = self.area
        panel_w = int(a.width * 0.36)
        list_w = a.width - panel_w - GAP
        paras = [Para(f"{i}. {s}") for i, s in enumerate(steps, 1)]
        size = self.fit.best_size(paras, list_w, a.height, BODY_SIZES) if paras else BODY
        contact = [Para(company, bold=True)] + [Para(x) for x in contact_lines]
        contact_size = self.fit.best_size([Para(panel_title or self.L["contact"], bold=True)] + contact,
                                          panel_w - Inches(0.5), a.height - Inches(0.6), (22, 20, 18))
        if size is None or contact_size is None:
            self.bullets(self.L["next_steps"], paras + [Para(f"{self.L['contact']}{self.L['colon']}"
                                                             + " · ".join(contact_lines), bold=True)], notes, objections)
            return
        slide = self._slide("Title Only", self.L["next_steps"])
        if paras:
            text(slide, a.left, a.top, list_w, a.height, paras, size, self.font, INK, name="Next steps")
        left = a.right - panel_w
        box(slide, left, a.top, panel_w, a.height, self.brand.primary, name="Contact panel")
        box(slide, left, a.top, panel_w, Inches(0.1), self.brand.accent, name="Contact edge")
        text(slide, left + Inches(0.25), a.top + Inches(0.35), panel_w - Inches(0.5), a.height - Inches(0.6),
             [Para(panel_title or self.L["contact"], bold=True)] + contact, contact_size, self.font, "#FFFFFF",
             name="Contact")
        self._notes(slide, notes, objections)

    # ------------------------------------------------------------------ plumbing
    def _slide(self, layout_name: str, title: str):  # noqa: ANN202
        slide = self.prs.slides.add_slide(self.layouts[layout_name])
        self._title(slide, title, TITLE_SIZES)
        self._mark(slide)
        return slide

    def _title(self, slide, text: str, sizes: tuple[int, ...], align: str | None = None,  # noqa: ANN001
               colour: str | None = None) -> None:
        title = slide.shapes.title
        paras = [Para(text, bold=True)]
        size = self.fit.best_size(paras, title.width, title.height, sizes)
        if size is None:
            size = sizes[-1]
            while text and not self.fit.fits([Para(text + "…", bold=True)], title.width, title.height, size):
                text = text[: int(len(text) * 0.9)]
            paras = [Para(text + "…", bold=True)]
        fill(title.text_frame, paras, size, self.font, colour, align=align)

    def _continued(self, n: int, count: int) -> str:
        """The notes of continuation slide ``n`` (0-based) of ``count``: which part it is, and where the talk track is."""
        return self.L["notes_continued"].format(part=n + 1, parts=count)

    def _row_height(self, row: list[str], widths: list[int], size: float, bold: bool = False) -> int:
        """A table row's height at ``size``: its tallest cell, measured (cell margins 0.08 in at the
        sides, 0.04 in above and below, which the measure's frame insets cover)."""
        text_h = max(self.fit.height([Para(v, bold=bold)], Emu(w - Inches(0.16)).pt + 14.4, size) - 7.2
                     for v, w in zip(row, widths, strict=True))  # - 7.2: the measure's frame insets
        return int(Pt(text_h + 2)) + 2 * Inches(0.04)

    def _mark(self, slide) -> None:  # noqa: ANN001
        if not self.internal:
            return
        mark = slide.shapes.add_textbox(self.prs.slide_width - Inches(5.3), Inches(0.08), Inches(5.1), Inches(0.4))
        mark.name = "Small print: classification"
        on_colour = self.builtin and slide.slide_layout.name in ("Title Slide", "Section Header")
        fill(mark.text_frame, [Para(self.L["confidential"], bold=True)], 12, self.font,
             "#FFFFFF" if on_colour else "#B3261E", align="r")

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


def relative_change(before: float | None, after: float | None) -> float | None:
    """The change from ``before`` to ``after`` in percent of ``before``, to one decimal: what the
    result charts plot. None when the content gives no numbers, or ``before`` is 0 (no ratio)."""
    if before is None or after is None or before == 0:
        return None
    return round((after - before) / abs(before) * 100, 1) + 0.0  # + 0.0: never a "-0.0"


def _headline(case: schema.Case) -> list[tuple[schema.Result, float]]:
    """The result a case's bar shows: its first result with numbers (authors order results by weight)."""
    for result in case.results:
        change = relative_change(result.before, result.after)
        if change is not None:
            return [(result, change)]
    return []


def _verdict(result: schema.Result | schema.Kpi, change: float) -> str:
    """better | not_better | unrated: whether the change went the way the content says is better
    (no change is no improvement); unrated when the content does not say which way is better."""
    if result.better is None:
        return "unrated"
    if change != 0 and (change < 0) == (result.better == "lower"):
        return "better"
    return "not_better"


def _sentences(text: str) -> list[str]:
    """``text`` cut into sentences (Chinese and Japanese full stops too), each kept whole."""
    return [x.strip() for x in re.split(r"(?<=[。！？.!?])\s+|(?<=[。！？])", text or "") if x.strip()]


def _sentences_or_text(text: str) -> list[str]:
    """A Markdown field's paragraphs, as the slide shows them."""
    return _paragraphs(text) if text else []


def _per_item_notes(paras: list[Para], notes: list[str]) -> dict[int, str] | None:
    """Each top-level item's own notes line, when the notes go item by item (one line per heading)."""
    heads = [p for p in paras if p.level == 0]
    if len(heads) != len(notes) or len(heads) < 2:
        return None
    return {id(p): line for p, line in zip(heads, notes, strict=True)}


def _balanced_rows(heights: list[int], count: int, capacity: int) -> list[tuple[int, int]]:
    """(start, stop) of ``count`` pages of consecutive rows, none over ``capacity`` where possible,
    the tallest page as short as it can be (a row taller than a page gets a page of its own)."""
    n = len(heights)
    if count <= 1 or n <= 1:
        return [(0, n)]
    prefix = [0]
    for h in heights:
        prefix.append(prefix[-1] + h)
    memo: dict[tuple[int, int], tuple[int, list[int]]] = {}

    def solve(i: int, k: int) -> tuple[int, list[int]]:
        if (i, k) in memo:
            return memo[(i, k)]
        if k == 1:
            result = (prefix[n] - prefix[i], [n])
        else:
            result = (1 << 62, [n])
            for j in range(i + 1, n - k + 2):
                page = prefix[j] - prefix[i]
                if page > capacity and j - i > 1:
                    break
                rest = solve(j, k - 1)
                candidate = (max(page, rest[0]), [j] + rest[1])
                if candidate[0] < result[0]:
                    result = candidate
        memo[(i, k)] = result
        return result

    cuts = solve(0, min(count, n))[1]
    return list(zip([0] + cuts[:-1], cuts, strict=True))


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


