"""The deck writer: one deck's slides, drawn with python-pptx from the brand template. Imported only when
a deck is actually made (a build whose decks all come from the cache never loads python-pptx)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_TICK_LABEL_POSITION
from pptx.util import Emu, Inches, Pt

from ...content import schema
from ...content.model import Project
from ...content.schema import Audience
from ...language import fonts
from ...language.i18n import format_date, format_money, format_month, format_number
from ...views.documents import cover_alt
from ..cache import traced_query
from .design import BODY, INK, Area, SlideKinds, _paragraphs, _sentences, draw_mark, rgb, text, tint
from .slides import (
    INSET_X,
    Metrics,
    Para,
    RunFonts,
    alt_text,
    apply_fonts,
    fill,
    open_template,
    run_fonts,
    set_fonts,
    stable_bytes,
)
from .specs import DeckSpec, competitor_objections, likely_objections

_WORSE = "#B3261E"  # a bar whose change is no improvement
# a company's legal form after its name ('… SARL', '… GmbH', '… Ltda.'), or before it ('株式会社…')
_LEGAL_FORM = re.compile(r"(?:[\s,]+(?:SAS|SASU|SARL|SA|S\.A\.S?\.?|S\.?L\.?U?|S\.?p\.?A\.?|GmbH|AG|KG|B\.?V\.?|N\.?V\.?"
                         r"|Ltd\.?|Limited|Inc\.?|LLC|PLC|Ltda\.?|S/A|Co\.,? Ltd\.?|K\.K\.)\s*$|^(?:株式会社|有限会社|㈜|\(주\)|주식회사)\s*)")
_BARS_PER_CHART = 6  # more bars than this continue on the next slide (each bar's two-line name must fit beside it)
_UNRATED = "#6B7280"  # a bar whose content does not say which way is better; captions


class Deck(SlideKinds):
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
        self.prs, self.template = open_template(root, spec.kind, company.brand, logo, warnings, fonts=self.font,
                                                logo_alt=view.t(company.name, spec.lang))
        self.cover = cover  # brand.cover_image as PNG: the built-in title slide's right panel
        self.cover_alt = cover_alt(view, spec.lang)
        self.layouts = {layout.name: layout for layout in self.prs.slide_layouts}
        self.fit = Metrics(self.font)  # text measured with the deck's real fonts
        self._area: Area | None = None
        self.internal = spec.audience is Audience.internal
        # what the presenter edition of a public deck adds to its slides (classification marks, notes), as
        # drawn: (kind, slide part, ...); ``events`` once the deck is built (presenter_edition)
        self._events: list[tuple] = []
        self.events: list[list] = []

    def t(self, text) -> str:  # noqa: ANN001
        return self.p.t(text, self.lang)

    def paren(self, text: str) -> str:
        """`` (text)`` or ``（text）``: the language's parentheses."""
        return self.L["in_parentheses"].format(text=text)

    def noted(self, base: str, note: str) -> str:
        """``base`` with ``note`` in parentheses after it; a name that ends in parentheses of its own takes the
        note inside them ("Redes industriales (OT; disponible mar 2027)"), never two pairs side by side."""
        end = base.rstrip()
        if end.endswith((")", "）")):
            return end[:-1] + ("；" if end[-1] == "）" else "; ") + note + end[-1]
        return base + self.paren(note)

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
        self._even_titles()
        props = self.prs.core_properties
        props.title, props.author = title, self.t(self.p.company.name)
        props.language = fonts.language_tag(self.lang)
        props.last_modified_by, props.revision = "enablekit", 1
        day = self.p.company.reviewed or dt.date(2000, 1, 1)  # a date from the content, never the clock
        props.created = props.modified = dt.datetime(day.year, day.month, day.day)
        index = {slide.part: n for n, slide in enumerate(self.prs.slides)}  # a slide dropped after: left out
        self.events = [[kind, index[part], *rest] for kind, part, *rest in self._events if part in index]
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
        # a case with results has its figure on the results slide: a card citing it would say it twice.
        # A proof is under one card only (the same line under two proves neither), and reads as the
        # card's evidence, never as a source note ("Proof: …")
        on_results = {c.id for c in p.cases.values() if c.results}
        proofs, seen = [], set()
        for v in product.value:
            kept = [x for x in v.proof if schema.proof_case_id(x) not in on_results]
            line = p.proof_line(kept, self.lang, f"{t(v.title)} {self.md(v.body)}") if kept else ""
            proofs.append(line if line not in seen else "")
            seen.add(line)
        self.cards(L["value"], [(t(v.title), self.md(v.body), proof) for v, proof in zip(product.value, proofs, strict=True)],
                   [f"{t(v.title)}{self.L['colon']}{self.md(v.body)}" for v in product.value],
                   objections={"category": "price"})
        self.capabilities(list(p.capabilities))  # in the order the company lists them: the headline first
        if product.how_it_works:
            self.process(L["how_it_works"], [(t(s.title), t(s.body)) for s in product.how_it_works],
                         [f"{t(s.title)}{self.L['colon']}{t(s.body)}" for s in product.how_it_works])
        industries = sorted(p.industries.values(), key=lambda i: i.id)
        snapshot_notes = [f"{t(i.name)}{self.L['colon']}{t(i.summary)}" for i in industries]
        if industries and all(i.kpis for i in industries):  # each industry's headline number
            self.metrics(L["industry_snapshots"], [(t(i.kpis[0].value), t(i.name), t(i.kpis[0].name)) for i in industries],
                         snapshot_notes)
        elif industries and len(pains) < len(industries):  # (the problem slide told each industry's pain already)
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
        """Who said it, in the language's order and punctuation ('配車課長' of '北辰物流' in Japanese:
        '北辰物流 配車課長'); the customer once, never twice."""
        by = self.t(case.quote.by) if case.quote and case.quote.by else ""
        customer = self.t(case.customer)
        # the customer named already: in full, without its legal form ('Comptoir Alpin' for 'Comptoir Alpin SARL'),
        # or by the short name its full name starts with ('…, Laiterie des Monts' for 'Laiterie des Monts et du Forez')
        last = re.split(r"[,，、]\s*", by)[-1].strip()
        named = customer in by or _LEGAL_FORM.sub("", customer) in by or (len(last) >= 8 and customer.startswith(last))
        return self.L["quote_by"].format(by=by, customer=customer) if by and not named else (by or customer)

    def _industry(self, industry: schema.Industry) -> str:
        p, L, t = self.p, self.L, self.t
        title = f"{t(industry.name)} · {L['industry_deck']}"
        self.title_slide(t(industry.name), t(industry.summary), [L["opening"], t(industry.summary)])
        solution = _paragraphs(t(industry.solution))
        cases = [p.cases[c] for c in industry.cases if c in p.cases]
        # a KPI one of this deck's cases measured is that case's result (on its slide), not a promise
        own = [k for k in industry.kpis if not (k.source and t(k.source).strip() in {c.id for c in cases})]
        kpis = [(t(k.value), t(k.name)) for k in own]
        kpi_notes = [f"{t(k.name)} {t(k.value)}" + (self.paren(self.p.source_name(k.source, self.lang)) if k.source else "")
                     for k in own]
        if len(industry.pains) <= 1 and solution and len(kpis) <= 3:
            # little to say: the pain, the answer and the numbers on one slide
            pain = industry.pains[0] if industry.pains else None
            self.case(L["solution"], f"{t(pain.title)}{L['colon']}{self.md(pain.body)}" if pain else t(industry.summary),
                      solution, kpis, kpi_notes + solution)
            self.capabilities(industry.capabilities)
        else:
            self.cards(L["pains"], [(t(pain.title), self.md(pain.body)) for pain in industry.pains],
                       [f"{t(x.title)}{self.L['colon']}{self.md(x.body)}" for x in industry.pains],
                       objections={"industry": industry.id})
            self.bullets(L["solution"], [Para(x) for x in solution], solution)
            self.capabilities(industry.capabilities)
            if kpis:  # each figure with where it was measured: one customer's result is no promise to all
                # measured at customers (every figure with its source): their results, not "results to expect"
                heading = L["case_results"] if all(k.source for k in own) else L["kpis"]
                self.metrics(heading, [(value, name, *([self.p.source_name(k.source, self.lang)] if k.source else []))
                                       for (value, name), k in zip(kpis, own, strict=True)], kpi_notes)
        self.case_slides(cases)  # each case on a slide of its own (no chart of the same numbers before them)
        if industry.by_tier:
            rows = [[t(p.tiers[k].name), self.md(v)] for k, v in industry.by_tier.items() if k in p.tiers]
            self.table(L["by_tier"], [L["tier"], L["solution"]], rows, [], widths=(2.6, 9.8))
        self.closing()
        return title

    def case_slides(self, cases: list[schema.Case]) -> None:
        """Each case on a slide of its own: its story and numbers (its summary beside the numbers when it
        tells no story), then its quote."""
        t = self.t
        for case in cases:
            notes = [t(case.summary)] + [f"{t(r.metric)}{self.L['colon']}{t(r.value)}" for r in case.results]
            challenge, solution = _paragraphs(t(case.challenge)), _paragraphs(t(case.solution))
            if challenge or solution or case.results:  # a summary is no 'challenge': without a story, the numbers
                self.case(t(case.customer), challenge, solution, [(t(r.value), t(r.metric)) for r in case.results], notes,
                          summary=t(case.summary))
            elif t(case.summary):
                self.statement(t(case.customer), t(case.summary), notes)
            if case.quote and t(case.quote.text):
                self.quote(t(case.quote.text), self._said_by(case), [t(case.label)])

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
        self._proposal_cover(L["proposal_for"].format(customer=customer), [  # a fact a line: none wraps mid-phrase
            Para(t(product.name), bold=True),
            *(Para(x) for x in facts if x),
            Para(f"{L['proposal_prepared_by']}{colon}{author + ' · ' if author else ''}{t(company.name)}"),
        ], [L["opening"], L["summary_lead"].format(product=t(product.name), customer=customer)])
        # executive summary: what we cover, what it costs, when it starts, as figures (the sentences are the PDF's)
        tiles: list[tuple[str, ...]] = []
        # (how many requirements are met, and how, is the requirements table's: coloured, row by row)
        parts: list[tuple[str, ...]] = []
        if pr.plan:
            term = f"{L['contract_term']}{colon}{inv.term}" if inv and inv.term else ""
            if inv and inv.usage_estimate is not None:  # what it will cost in all first, then its two parts
                grand = format_money(inv.total + inv.usage_estimate, inv.currency, self.lang)
                tiles.append((grand, L["estimated_grand_total"], *([term] if term else [])))
                parts = [(inv.rows[-1].amount, L["fixed_fees"]), ("+\u00a0" + inv.usage_estimate_text, L["usage_estimated"])]
            elif inv:
                usage = f"+ {L['usage_fees']}" if inv.usage else ""
                tiles.append((inv.rows[-1].amount, L["total_investment"], *(x for x in (term, usage) if x)))
            else:
                tiles.append((pr.price_text or L["price_on_request"], L["total_investment"]))
        if pr.start and tiles:  # under the total with its term: a date is no big number (the validity is on the cover)
            tiles[0] = (*tiles[0], f"{L['project_start']}{colon}{self._day(pr.start)}")
        elif pr.start:
            tiles.append((self._day(pr.start), L["project_start"]))
        tiles += parts  # what it all costs, then its fixed and its usage parts
        summary_notes = [L["summary_lead"].format(product=t(product.name), customer=customer)]
        if pr.answers:
            summary_notes.append(L["summary_coverage"].format(met=len(pr.ga), total=len(pr.answers)))
        if len(tiles) > 1:
            self.metrics(L["executive_summary"], tiles, summary_notes, fresh=True, whole_first=bool(parts))
        elif tiles:  # one figure: with what it buys, never a bare price
            value, label, *more = tiles[0]
            self.hero(L["executive_summary"], (value, f"{label} · {t(product.name)}", *more), summary_notes)
        commit = [Para(name) for name in dict.fromkeys(t(a.capability.name) for a in pr.ga)]  # two needs, one line
        commit_notes = [f"{t(a.capability.name)}{colon}{t(a.need)}" for a in pr.ga]
        if pr.pains and commit and len(pr.pains) <= 4 and len(commit) <= 4:
            # a few challenges and what answers them: side by side on one slide
            self.columns(f"{L['your_challenges']} · {L['we_commit_to']}", L["your_challenges"],
                         [Para(t(x)) for x in pr.pains], L["we_commit_to"], commit,
                         [t(x) for x in pr.pains] + commit_notes, tones=("them", "us"))
        elif pr.pains:  # (the commitments are the requirements table's rows: a bare list of names commits to nothing)
            self.bullets(L["your_challenges"], [Para(t(x)) for x in pr.pains], [t(x) for x in pr.pains])
        if pr.industry and not pr.answers:  # the requirements table answers their own needs: no industry's generic copy
            self.bullets(L["our_solution"].format(industry=t(pr.industry.name)),
                         [Para(x) for x in _paragraphs(t(pr.industry.solution))] or [Para(t(pr.industry.summary))],
                         [t(pr.industry.summary)])
        # every requirement in one table, the planned ones with their dates (no slide of its own for one card)
        rows = [[t(a.need), self.dated(a.capability) if a.status == "beta" else t(a.capability.name), L[a.status]]
                for a in pr.available]  # a beta with the date it is expected generally available, like a roadmap row
        rows += [[t(a.need), self.dated(a.capability), L["roadmap"]] for a in pr.roadmap]
        rows += [[t(a.need), L["not_in_scope"], L["not_covered"]] for a in pr.not_covered]  # what happens to it, not "—"
        verdict = {"ga": "yes", "beta": "partial", "roadmap": "roadmap"}  # the colours of the comparison
        statuses = [[None, None, verdict.get(a.status)] for a in pr.available] + \
            [[None, None, "roadmap"]] * len(pr.roadmap) + [[None, None, "no"]] * len(pr.not_covered)
        self.table(L["requirements"], [L["requirement"], L["how_we_meet_it"], L["status"]], rows,
                   [L["do_not_promise"]], widths=(5.5, 4.5, 2.4), status_cols=frozenset({2}), statuses=statuses)
        # (each role's concerns are our notes on a kind of buyer: the meeting-prep sheet carries them, not this deck)
        if len(pr.cases) <= 2:  # one or two customers like this one: their stories, not a chart of two bars
            self.case_slides(pr.cases)
        else:
            self.results_chart(pr.cases)
        if pr.plan:
            self._investment(pr)
            if pr.payment_terms:
                terms = _paragraphs(t(pr.payment_terms))
                if len(terms) == 1:  # one paragraph of terms reads as a list: a sentence a line
                    terms = _sentences(terms[0]) or terms
                self.bullets(L["payment_terms"], [Para(x) for x in terms], terms)
        if pr.timeline:
            self.table(L["timeline"], [L["date"], L["milestone"]],
                       [[self._day(step.date), t(step.name)] for step in pr.timeline], [], widths=(3.2, 9.2))
        # the people to call: who prepared it first, then the company (a signable proposal lists no
        # pre-sales next steps; its timeline says what happens next)
        contact = company.contact
        people = []  # each a card: the name, then one line per way to reach them
        if by:
            people.append((t(by.name), [x for x in (t(by.title), by.email, by.phone) if x]))
        people.append((t(company.name), [x for x in (contact.email, contact.phone, contact.website, t(contact.address)) if x]))
        self.cards(L["your_contacts"], people, [L["closing_note"]])
        return title

    def _day(self, value) -> str:  # noqa: ANN001 - a date
        """A date in the deck's language, one unit a line never splits ('12 de mar. de 2027')."""
        return format_date(value, self.lang, "long").replace(" ", "\u00a0")

    def _proposal_cover(self, title: str, paras: list[Para], notes: list[str]) -> None:
        """The proposal's title slide: its headline and several lines of facts under it."""
        lines = [x for x in paras if x.text.strip()]
        self.title_slide(title, lines[0].text if lines else "", notes, [x.text for x in lines[1:]])

    def _investment(self, pr) -> None:  # noqa: ANN001 - presales.Proposal
        """The investment as a native table: item, unit price, quantity, term, amount; subtotal,
        discount and total under it. Without a computed price: the plan and 'price on request'."""
        L, t = self.L, self.t
        inv = pr.investment
        includes = L["list_separator"].join(self.noted(t(c.name), L[c.status]) if c.status != "ga" else t(c.name)
                                            for c in pr.plan_capabilities)
        if inv:
            header = [L["inv_item"], L["inv_unit_price"], L["inv_quantity"], L["inv_term"], L["inv_amount"]]
            rows = [[r.item, r.unit_price, r.quantity, r.term, r.amount] for r in inv.rows]
            kinds = [r.kind for r in inv.rows]
            widths, right = (4.6, 2.9, 1.4, 1.5, 2.4), {2, 4}
            foot = [f"{t(pr.plan.name)} · {L['includes']}{L['colon']}{includes}"]
            if inv.usage_estimate_text:  # estimated from the deal's expected use: on a slide of their own next
                foot.append(f"{L['usage_estimated']}{L['colon']}{inv.usage_estimate_text}")
            elif inv.usage:  # metered prices: billed on use, under the total
                foot += [f"{L['usage_fees']}{L['colon']}{u.item}{L['colon']}{u.rate}" for u in inv.usage]
                foot.append(L["usage_fees_note"])
        else:
            header = [L["plan"], L["includes"], L["price"]]
            rows, kinds = [[t(pr.plan.name), includes, pr.price_text or L["price_on_request"]]], ["total"]
            widths, right = (2.6, 7.0, 2.8), {2}
            note = L["price_listed_note"] if pr.price_text else L["price_on_request_note"]
            foot = [note.format(plan=t(pr.plan.name))]
        if pr.valid_until:
            foot.append(f"{L['valid_until']} {self._day(pr.valid_until)}")
        a = self.area
        total_width = a.width
        col_widths = [int(total_width * w / sum(widths)) for w in widths]
        top, available = a.top, a.height - Inches(1.0)
        base = col_widths
        for size in (22, 20, 18):
            col_widths = self._fit_columns(base, header, rows, size)
            heights = [self._row_height(row, col_widths, size, bold=(i == 0)) for i, row in enumerate([header] + rows)]
            if sum(heights) <= available:
                break
        else:  # more fees than one slide holds: the paginated plain table, amounts on the right, the total in bold
            self.table(L["your_investment"], header, rows, foot, widths=widths, right=frozenset(right),
                       strong=frozenset(i for i, kind in enumerate(kinds) if kind == "total"))
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
                     "#FFFFFF" if kind == "header" else INK,
                     width=col_widths[col] - 2 * Inches(0.08) + 2 * INSET_X,  # the cell's margins, as measured
                     align="r" if col in right else None)
                if kind == "header":
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = rgb(self.brand.primary)
                if inv and kind in ("subtotal", "discount", "total") and col == 0:  # a label across the columns
                    cell.merge(table.cell(r, len(header) - 2))
                if kind == "total":  # the brand colour, lightened: the line a CFO looks for
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = rgb(tint(self.brand.primary, 12))
        foot_top = top + sum(heights) + Inches(0.3)  # (a viewer may draw the rows a little taller than measured)
        foot_h = a.bottom - foot_top
        included = []  # what the plan includes: under the table when it fits there, else a slide of its own after it
        if inv and pr.plan_capabilities and not self.fit.fits([Para(x) for x in foot], total_width, foot_h, BODY):
            foot = foot[1:]
            included = [Para(self.noted(t(c.name), L[c.status]) if c.status != "ga" else t(c.name))
                        for c in pr.plan_capabilities]
        foot_paras = [Para(x) for x in foot]
        if not self.fit.fits(foot_paras, total_width, foot_h, BODY):  # the notes on one line each is too tall: one line
            foot_paras = [Para(" · ".join(foot))]
        foot_size = self.fit.best_size(foot_paras, total_width, foot_h, (20, 18)) or BODY
        text(slide, a.left, foot_top, total_width, foot_h, self.fit.paginate(foot_paras, total_width, foot_h, foot_size)[0],
             foot_size, self.font, "#4B5563", name="Table foot")
        self._notes(slide, [f"{r[0]}{L['colon']}{r[-1]}" for r in rows] + foot, {"category": "price"})
        if included:
            self.bullets(L["plan_includes"].format(plan=t(pr.plan.name)), included, [includes])
        if inv and inv.usage_estimate_text:  # the metered fees, the use expected and what it comes to
            rows = [[u.item, u.rate, u.expected, u.estimate] for u in inv.usage]
            rows.append([L["usage_estimated"], "", "", inv.usage_estimate_text])
            self.table(L["usage_fees"], [L["inv_item"], L["usage_rate"], L["usage_expected"], L["usage_estimate"]],
                       rows, [L["usage_estimate_note"]], widths=(4.4, 2.8, 2.6, 2.6), right=frozenset({2, 3}),
                       strong=frozenset({len(rows) - 1}))

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
            # the verdicts colour-coded as in the PDF battlecard, every column kept (the notes too)
            names = [t(self.notes_p.capabilities[k].name) if k in self.notes_p.capabilities else k for k, _ in items]
            noted = any(v.note for _, v in items)
            rows = [[name, L[v.us.value], L[v.them.value]] + ([t(v.note) if v.note else "—"] if noted else [])
                    for name, (_, v) in zip(names, items, strict=True)]
            statuses = [[None, v.us.value, v.them.value] + ([None] if noted else []) for _, v in items]
            self.table(L["comparison"], [L["capability"], L["us"], L["them"]] + ([L["note"]] if noted else []), rows,
                       [f"{name}{L['colon']}{t(v.note)}" for name, (_, v) in zip(names, items, strict=True) if v.note],
                       widths=(4.2, 2.0, 2.0, 4.6) if noted else (6.2, 3.1, 3.1), status_cols=frozenset({1, 2}),
                       statuses=statuses)
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
        objections = traced_query(self.notes_p, competitor_objections, c.id)
        if objections:
            self.section(L["section_objections"], t(c.name))
            self.bullets(L["objections"],
                         [x for o in objections for x in (Para(t(o.objection), bold=True), Para(t(o.short), level=1))],
                         [f"{t(o.objection)} → {self.md(o.answer)}" for o in objections])
        return title

    # ------------------------------------------------------------------ shared slides
    def when(self, capability: schema.Capability) -> str:
        """When a capability not yet generally available is expected to be: 'generally available Mar 2027'
        for a beta (it exists already), 'expected Jun 2027' for the roadmap, in the deck's words."""
        key = "ga_on" if capability.status == "beta" else "expected_on"
        return self.L[key].format(date=self.month(capability.available_from)) if capability.available_from else ""

    def dated(self, capability: schema.Capability) -> str:
        """A capability's name with when it is expected, when the content says ('Forecast (expected June 2027)')."""
        name = self.t(capability.name)
        return self.noted(name, self.when(capability)) if capability.available_from else name

    def capabilities(self, ids: list[str]) -> None:
        """What is available now beside what is not yet: the second column headed by what it holds (beta or
        roadmap), each entry with its date; holding both, it is headed 'Coming next' with a sub-heading
        for each (never a heading that repeats the column's own title)."""
        L, t = self.L, self.t
        caps = [self.p.capabilities[i] for i in ids if i in self.p.capabilities]
        ga = [Para(t(c.name)) for c in caps if c.status == "ga"]
        groups = [(status, heading, [c for c in caps if c.status == status])
                  for status, heading in (("beta", "in_beta"), ("roadmap", "roadmap_heading"))]
        groups = [group for group in groups if group[2]]
        later = []
        for _, heading, chosen in groups:
            if len(groups) > 1:
                later.append(Para(L[heading], bold=True))
            later += [Para(self.dated(c), level=1 if len(groups) > 1 else 0) for c in chosen]
        notes = [L["do_not_promise"]] + [f"{t(c.name)} [{L[c.status]}]: {t(c.summary)}" for c in caps]
        if not later:  # all available now: one list, no empty "beta · roadmap" column
            self.bullets(f"{L['capabilities']} · {L['available_now']}", ga, notes, objections={"category": "integration"})
            return
        self.columns(L["capabilities"], L["available_now"], ga, L["coming_next"] if len(groups) > 1 else L[groups[0][0]],
                     later, notes, objections={"category": "integration"}, tones=("us", "later"))

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
        changes = [c for *_, c in points]
        alike = len(points) <= 4 and max(changes, default=0) - min(changes, default=0) < 10
        # a few bars pointing both ways that are all improvements (a time down, a share up) read as a
        # contradiction; where some did not improve, the colours and their key tell the two apart
        mixed = len(points) <= 4 and min(changes, default=0) < 0 < max(changes, default=0) and \
            all(_verdict(result, change) == "better" for _, result, change in points)
        if len(points) < 2 or alike or mixed:  # one bar, or bars of all but the same length, say less than the figures
            chosen = {id(case): result for case, result, _ in points}
            # one customer: the slide is titled with its name (never "results at customers" for one)
            title = t(cases[0].customer) if len(cases) == 1 else L["case_results"]
            named = len(cases) == 1  # the title names the customer: the figure's label does not repeat it
            self.metrics(title, [(t(r.value), t(r.metric)) + (() if named else (t(c.customer),)) for c in cases
                                 for r in [chosen.get(id(c), c.results[0])]], notes, objections={"category": "fit"})
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
        # the customer over its metric, on two lines: a label half as wide leaves the bars room
        labels = [(t(case.customer), t(result.metric)) for case, result, _ in points]
        data.categories = [f"{customer}\n{metric}" for customer, metric in labels]
        data.add_series(L["change_vs_before"], [change for _, _, change in points])
        width, height = self.prs.slide_width, self.prs.slide_height
        frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.8), Inches(1.5),
                                       width - Inches(1.6), height - Inches(2.7), data)
        alt_text(frame._element, self._chart_alt(L["change_vs_before"], points))
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
        # each bar's value written as the deck's language writes it ('−99,5 %' in Spanish), as the label's own
        # text: a number format would draw the viewer's system decimal separator ('−99.5 %' on an English machine)
        plot.data_labels.number_format = '0.0'
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
            label = point.data_label
            label.position = XL_LABEL_POSITION.OUTSIDE_END
            label.text_frame.text = self._change_text(points[i][2])
            run = label.text_frame.paragraphs[0].runs[0]
            run.font.size, run.font.bold = Pt(18), True
            set_fonts(run, self.font)
        chart.category_axis.reverse_order = True
        # the names beside the zero line, away from the bars' ends and their values: on the right when every bar
        # runs left (all changes down), else on the left
        every_down = all(c <= 0 for *_, c in points)
        chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.HIGH if every_down else XL_TICK_LABEL_POSITION.LOW
        chart.category_axis.has_major_gridlines = False
        _every_label(chart.category_axis._element)  # a viewer never skips a bar's name to save room
        value_axis = chart.value_axis
        value_axis.has_major_gridlines = False
        value_axis.visible = False
        low, high = min(0.0, *(c for *_, c in points)), max(0.0, *(c for *_, c in points))
        # space at the bars' ends for their values (about 5 characters at 18 pt), as a share of the plot's
        # width: the chart less the names' column (their longest line at 16 pt) and its margins
        names = max(self.fit.width(line, 16) for pair in labels for line in pair)
        plot_width = max(Emu(frame.width).pt - min(names, Emu(frame.width).pt * 0.65) - 40, 120.0)
        share = min(self.fit.width("−100 %", 18, bold=True) / plot_width, 0.3)
        sides = (low < 0) + (high > 0) or 1
        room = (high - low or 1) * share / (1 - share * sides)
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
        notes = notes + [L["change_explained"]] + [
            f"{t(case.customer)} · {t(result.metric)}{self.L['colon']}{t(result.value)} → {self._change_text(change)}"
            for case, result, change in points]
        self._notes(slide, notes, {"category": "fit"})

    def _change_text(self, change: float) -> str:
        """A relative change as the deck's language writes it: '+16 %', '−88%', '−99,5 %'; whole percents
        from 5 % up, except where rounding would say 'all gone' (a fall of 99.5 % is never −100 %)."""
        from decimal import ROUND_HALF_UP, Decimal

        size = Decimal(str(abs(change)))
        whole = size.quantize(Decimal("1"), ROUND_HALF_UP)
        shown = whole if size >= 5 and (whole != 100 or size == 100) else size.quantize(Decimal("0.1"), ROUND_HALF_UP)
        sign = "+" if change > 0 else "\u2212" if change < 0 else ""
        return self.L["percent_value"].format(value=sign + format_number(shown, self.lang))

    def _chart_alt(self, title: str, points: list[tuple[schema.Case, schema.Result, float]]) -> str:
        """A change chart in words: its title, then each bar's label and value, "Change vs. before, %:
        Huaxin · Understaffing −41%; …"."""
        L, t = self.L, self.t
        bars = [f"{t(case.customer)} · {t(result.metric)} {self._change_text(change)}" for case, result, change in points]
        return f"{title}{L['colon']}{L['alt_group_separator'].join(bars)}"

    def _notes(self, slide, lines: list[str], objections: dict | None) -> None:  # noqa: ANN001
        self._events.append(("notes", slide.part, list(lines), objections))
        if self.spec.sendable:  # a customer who gets the file reads its notes: the presenter copy has them
            return
        write_notes(slide, lines, objections if self.spec.presenter or self.spec.kind == "competitive" else None,
                    self.notes_p, self.lang, self.L, self.font, self.t)


def write_notes(slide, lines: list[str], objections: dict | None, notes_view: Project, lang: str, L: dict,  # noqa: ANN001, N803
                font: RunFonts, t: Callable) -> None:
    """A slide's speaker notes: its talk track (``lines``), then the objections a buyer is likely to raise
    there (``objections``: what to look them up by in ``notes_view``; None: none shown)."""
    # a line that is only a label ("Name: ") says nothing
    text = [line for line in lines if line and line.strip() and not re.fullmatch(r"[^:：]*[:：]\s*", line)]
    if not text:
        text = [slide.shapes.title.text_frame.text + " — " + L["closing_note"]]
    body = [f"{L['talk_track']}:"] + [f"• {line}" for line in text]
    if objections:
        found = traced_query(notes_view, likely_objections, objections.get("category"), objections.get("industry"),
                             objections.get("competitor"))
        if found:
            body += ["", f"{L['likely_objections']}:"]
            body += [f"• {t(o.objection)} → {t(o.short)}" for o in found]
    frame = slide.notes_slide.notes_text_frame
    frame.clear()
    for i, line in enumerate(body):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = p.add_run()
        run.text = line
        set_fonts(run, font)


def presenter_edition(spec: DeckSpec, view: Project, notes_view: Project, public: bytes, title: str,
                      events: list[list]) -> tuple[bytes, int, str]:
    """The presenter edition of a public deck (the customer's copy: no notes, no classification): its very
    slides, read back from its bytes, with what its drawing recorded (``events``: Deck.events) added: the
    classification mark where an internal deck has one, and the notes, with the likely objections and
    their short answers. Its bytes, slide count and title (the public deck's ``title`` and "presenter
    edition"). Reading a deck back costs a tenth of drawing it again: after an objection changed, only
    the notes of the presenter editions are made again."""
    import io

    from pptx import Presentation

    lang = spec.lang
    L = view.labels(lang)  # noqa: N806
    font = run_fonts(view.company.brand.families, lang, view.languages)
    prs = Presentation(io.BytesIO(public))
    slides = list(prs.slides)
    for kind, index, *rest in events:
        if kind == "mark":
            draw_mark(prs, slides[index], L["confidential"], font, bool(rest[0]))
        else:
            write_notes(slides[index], rest[0], rest[1], notes_view, lang, L, font, lambda x: view.t(x, lang))
    title += L["in_parentheses"].format(text=L["presenter_edition"])
    prs.core_properties.title = title
    day = view.company.reviewed or dt.date(2000, 1, 1)
    return stable_bytes(prs, (day.year, day.month, day.day)), len(slides), title



def _every_label(axis) -> None:  # noqa: ANN001 - a c:catAx element
    """Every category's name drawn (``c:tickLblSkip`` 1): left to itself, a viewer drops every other name of a
    crowded axis."""
    from pptx.oxml.ns import qn

    for old in axis.findall(qn("c:tickLblSkip")):
        axis.remove(old)
    skip = axis.makeelement(qn("c:tickLblSkip"), {"val": "1"})
    after = [qn(x) for x in ("c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")]
    following = next((child for child in axis if child.tag in after), None)
    if following is not None:
        following.addprevious(skip)
    else:
        axis.append(skip)


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
