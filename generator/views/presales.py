"""One deal, analysed for presales: what goes into the customer's proposal and what the team
needs before the meeting. Builders (PDF, deck, site) only lay out what this module decides.

The proposal side is built from the *public* view plus exactly what the deal releases to
this customer (its name, pains, needs and the one chosen price plan), so nothing internal,
and no other plan's price, can reach it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..content import schema
from ..content.diagnostics import EnablekitError
from ..content.model import Project
from ..content.text import Text
from ..language.i18n import format_money, format_number, format_share


@dataclass
class Answer:
    """One customer requirement and how (or whether) the product meets it."""

    need: Text
    priority: str | None
    capability: schema.Capability | None
    status: str  # ga | beta | roadmap | none


@dataclass
class InvestmentRow:
    """One line of the investment table, every cell already written in the proposal's language."""

    kind: str  # subscription | one_off | subtotal | discount | total
    item: str
    amount: str
    value: Decimal
    unit_price: str = ""
    quantity: str = ""
    term: str = ""


@dataclass
class Investment:
    """The computed price of a proposal: unit price × quantity × term, plus one-off fees, minus the
    discount. Amounts are exact decimals, rounded to the currency's minor unit."""

    currency: str
    subscription: Decimal
    one_off: Decimal
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    rows: list[InvestmentRow]
    term: str  # "12 months", in the proposal's language ("" when nothing is paid per month or year)
    total_text: str  # the total, and "+ usage-based fees" (with their estimate when the deal expects a use)
    usage: list[UsageRow] = field(default_factory=list)  # metered prices, billed on actual use
    usage_estimate: Decimal | None = None  # the estimated usage fees over the term, when every line has a use
    usage_estimate_text: str = ""


@dataclass
class UsageRow:
    """A metered price of the plan, written in the proposal's language: what, and at what rate."""

    item: str
    rate: str
    expected: str = ""  # the use the deal expects over the term ("44.000", or an amount: "R$ 192.000.000,00")
    estimate: str = ""  # the fee that use comes to, an estimate
    value: Decimal | None = None


@dataclass
class Milestone:
    name: Text | str
    date: dt.date


@dataclass
class Proposal:
    """Everything a proposal may show, and nothing else."""

    deal_id: str
    lang: str
    customer: Text
    industry: schema.Industry | None
    tier: schema.Tier | None
    pains: list[Text]
    answers: list[Answer]
    roles: list[schema.Persona]
    cases: list[schema.Case]
    plan: schema.Plan | None
    plan_capabilities: list[schema.Capability]
    valid_until: dt.date | None
    reading: dict[str, list[schema.Entity]] = field(default_factory=dict)  # persona id → public content
    issued: dt.date | None = None
    prepared_by: schema.PreparedBy | None = None
    investment: Investment | None = None  # None: the plan's price is "on request"
    payment_terms: Text | None = None
    start: dt.date | None = None
    timeline: list[Milestone] = field(default_factory=list)  # the start first, then milestones by date
    problems: list[str] = field(default_factory=list)  # why the investment shows the plan's price as written
    price_text: str | None = None  # the plan's price as written, when there are no numbers to compute

    @property
    def ga(self) -> list[Answer]:
        """Requirements met by generally available capabilities: what we commit to."""
        return [a for a in self.answers if a.status == "ga"]

    @property
    def beta(self) -> list[Answer]:
        return [a for a in self.answers if a.status == "beta"]

    @property
    def proof(self) -> list[tuple[schema.Case, schema.Result]]:
        """One headline result of each relevant case (at most three): what we have done elsewhere."""
        return [(case, case.results[0]) for case in self.cases if case.results][:3]

    @property
    def available(self) -> list[Answer]:
        return [a for a in self.answers if a.status in ("ga", "beta")]

    @property
    def roadmap(self) -> list[Answer]:
        return [a for a in self.answers if a.status == "roadmap"]

    @property
    def not_covered(self) -> list[Answer]:
        return [a for a in self.answers if a.status == "none"]


def proposal(public: Project, internal: Project, deal: schema.Deal) -> Proposal:
    """The customer-facing content of a deal's proposal."""
    lang = deal.proposal.language or public.default_language
    answers = requirement_answers(public, deal)
    roles: list[schema.Persona] = []
    for person in deal.stakeholders:
        persona = public.personas.get(person.persona)
        if persona is not None and persona not in roles:
            roles.append(persona)
    plan = internal.plans.get(deal.proposal.pricing_plan) if deal.proposal.pricing_plan else None
    if plan is not None:  # only what the customer is quoted: the plan's name, price and contents
        plan = schema.Plan(id=plan.id, name=plan.name, price=plan.price, unit_price=plan.unit_price,
                           usage=list(plan.usage), one_off=list(plan.one_off), includes=list(plan.includes))
    settings = deal.proposal
    problems: list[str] = []
    investment = compute_investment(public, internal, deal, plan, lang, problems) if plan is not None else None
    timeline = [Milestone(m.name, m.date) for m in sorted(settings.milestones, key=lambda m: m.date)]
    if settings.start is not None:
        timeline.insert(0, Milestone(public.labels(lang)["project_start"], settings.start))
    reading = {
        p.id: [e for e in (public.find(ref) for ref in p.send_them) if e is not None and e.kind != "capabilities"]
        for p in roles
    }
    return Proposal(
        deal_id=deal.id, lang=lang, customer=deal.customer.name,
        industry=public.industries.get(deal.customer.industry) if deal.customer.industry else None,
        tier=public.tiers.get(deal.customer.tier) if deal.customer.tier else None,
        pains=[p.text for p in deal.pains], answers=answers, roles=roles,
        cases=relevant_cases(public, deal), plan=plan,
        plan_capabilities=[public.capabilities[c] for c in (plan.includes if plan else []) if c in public.capabilities],
        valid_until=settings.valid_until, reading=reading,
        issued=settings.issued or deal.reviewed or public.company.reviewed,
        prepared_by=settings.prepared_by, investment=investment, payment_terms=settings.payment_terms,
        start=settings.start, timeline=timeline, problems=problems,
        price_text=public.t(plan.price, lang) if plan is not None and investment is None and plan.price else None,
    )


def _cent(currency: str) -> Decimal:
    """The currency's smallest unit as an exponent for quantize: 0.01 for CNY and EUR, 1 for JPY."""
    from babel.numbers import get_currency_precision

    return Decimal(1).scaleb(-get_currency_precision(currency))


def _bands(price: schema.UnitPrice, quantity: int) -> list[tuple[int, int | None, int, float]]:
    """(first, up_to, count, amount) of each volume band ``quantity`` reaches: the band as the price list
    defines it (``up_to`` None for the open last band), and how many units fall in it; one band without
    tiers."""
    if not price.tiers:
        return [(1, quantity, quantity, price.amount)]
    out, first = [], 1
    for band in price.tiers:
        last = min(band.up_to, quantity) if band.up_to is not None else quantity
        if last >= first:
            out.append((first, band.up_to, last - first + 1, band.amount))
        first = (band.up_to or quantity) + 1
        if first > quantity:
            break
    return out


def compute_investment(public: Project, internal: Project, deal: schema.Deal, plan: schema.Plan, lang: str,
                       problems: list[str]) -> Investment | None:
    """The investment table of a deal's proposal: the plan's price × quantity (by volume band) ×
    term, the plan's one-off prices and the deal's own, the discount; the plan's usage prices listed
    under it. None (and why, in ``problems``) when the plan's price has no numbers."""
    settings, price = deal.proposal, plan.unit_price
    if price is None:  # the proposal shows the plan's price as written
        return None
    unit, period = schema.split_per(price.per)
    quantity = (settings.quantity or settings.quantities.get(unit)) if unit else 1
    if (unit and quantity is None) or (period and settings.term_months is None):
        return None  # `check` reports the missing number as an error; nothing half-computed is shown
    L = public.labels(lang)
    currency = price.currency
    cent = _cent(currency)

    def exact(value: float) -> Decimal:
        return Decimal(repr(value))

    months = settings.term_months
    periods = Decimal(1) if period is None else Decimal(months) / (12 if period == "year" else 1)
    term = (L["months_one" if months == 1 else "months_other"].format(n=months)) if period and months else ""
    name = public.t(plan.name, lang)
    item = L["inv_subscription" if period else "inv_plan"].format(plan=name)
    if period and L["inv_subscription"].replace("{plan}", "").strip() in name:
        item = L["inv_plan"].format(plan=name)  # "Predictive maintenance subscription", not "… subscription subscription"
    rows: list[InvestmentRow] = []
    recurring = Decimal(0)
    bands = _bands(price, quantity)
    for first, last, count, amount in bands:
        value = (exact(amount) * count * periods).quantize(cent, ROUND_HALF_UP)
        recurring += value
        # the band of the price list ('251–1,000', '1,001+'), never one cut at this customer's count
        label = item if not price.tiers else L["inv_band"].format(
            item=item, first=format_number(first, lang), last=format_number(last, lang)) if last is not None else \
            L["inv_band_from"].format(item=item, first=format_number(first, lang))
        rows.append(InvestmentRow(
            "subscription", label, format_money(value, currency, lang), value,
            unit_price=internal.price_per(price.per, format_money(exact(amount), currency, lang), lang),
            quantity=format_number(count, lang) if unit else "", term=term,
        ))
    one_off = Decimal(0)
    for line in plan.one_off:
        count = (quantity if line.per == unit else settings.quantities.get(line.per)) if line.per else 1
        if not count:  # an option the deal does not take, or a unit it counts as none
            continue
        value = (exact(line.amount) * count).quantize(cent, ROUND_HALF_UP)
        one_off += value
        rows.append(InvestmentRow(
            "one_off", public.t(line.item, lang), format_money(value, currency, lang), value,
            # a lump sum (no unit) is one of it at its amount: no row with empty price and quantity cells
            unit_price=internal.price_per(line.per, format_money(exact(line.amount), currency, lang), lang) if line.per
            else format_money(exact(line.amount), currency, lang),
            quantity=format_number(count, lang), term=L["inv_one_off"],
        ))
    for fee in settings.one_off:
        amount = exact(fee.amount).quantize(cent, ROUND_HALF_UP)
        one_off += amount
        rows.append(InvestmentRow("one_off", public.t(fee.item, lang), format_money(amount, currency, lang), amount,
                                  unit_price=format_money(amount, currency, lang), quantity=format_number(1, lang),
                                  term=L["inv_one_off"]))
    subtotal = recurring + one_off
    discount = Decimal(0)
    if settings.discount is not None:
        if settings.discount.percent is not None:
            percent = exact(settings.discount.percent)
            discount = (subtotal * percent / 100).quantize(cent, ROUND_HALF_UP)
            label = L["inv_discount_percent"].format(percent=format_share(percent, lang))
        else:
            discount = exact(settings.discount.amount).quantize(cent, ROUND_HALF_UP)
            label = L["inv_discount"]
        if discount > subtotal:
            where = internal.where(deal, ("proposal", "discount"))
            raise EnablekitError(f"{where}: the discount ({format_money(discount, currency, 'en')}) is more than the"
                                 f" subtotal ({format_money(subtotal, currency, 'en')}) of the proposal")
    total = subtotal - discount
    if discount or one_off or len(bands) > 1:
        rows.append(InvestmentRow("subtotal", L["inv_subtotal"], format_money(subtotal, currency, lang), subtotal))
    if discount:
        rows.append(InvestmentRow("discount", label, format_money(-discount, currency, lang), -discount))
    total_text = format_money(total, currency, lang)
    usage = [_usage_row(public, internal, line, settings.expected_use, currency, lang) for line in plan.usage]
    rows.append(InvestmentRow("total", L["inv_total"], total_text, total))
    estimate, estimate_text = None, ""
    if usage and all(row.value is not None for row in usage):  # every metered fee estimated: say how much
        estimate = sum((row.value for row in usage), Decimal(0))
        estimate_text = format_money(estimate, currency, lang)
        total_text = L["total_with_estimate"].format(total=total_text, usage=estimate_text)
    elif usage:
        total_text = L["total_plus_usage"].format(total=total_text)
    return Investment(currency, recurring, one_off, subtotal, discount, total, rows, term, total_text, usage,
                      estimate, estimate_text)


def _usage_row(public: Project, internal: Project, line: schema.UsageLine, expected: dict[str, float], currency: str,
               lang: str) -> UsageRow:
    """A metered price in the proposal's language; with the deal's expected use of its unit, that use and the
    fee it comes to (a share of a value: the percent of the expected amount; a price per unit: × the count)."""
    exact = lambda value: Decimal(repr(value))  # noqa: E731 - the float as written, not its binary expansion
    cent = _cent(currency)
    if line.percent is not None:
        rate = format_share(exact(line.percent), lang)
    else:
        rate = internal.price_per(line.per, format_money(exact(line.amount), currency, lang), lang)
    row = UsageRow(public.t(line.item, lang), rate)
    use = expected.get(line.unit) if line.unit else None
    if use is None:
        return row
    if line.percent is not None:  # a share of an amount of money
        row.value = (exact(use) * exact(line.percent) / 100).quantize(cent, ROUND_HALF_UP)
        row.expected = format_money(exact(use), currency, lang)
    else:
        row.value = (exact(use) * exact(line.amount)).quantize(cent, ROUND_HALF_UP)
        row.expected = format_number(exact(use), lang)  # beside the rate that names the unit
    row.estimate = format_money(row.value, currency, lang)
    return row


def requirement_answers(view: Project, deal: schema.Deal) -> list[Answer]:
    """Each requirement with the capability that meets it, as far as ``view`` may tell."""
    answers = []
    for req in deal.requirements:
        cap = view.capabilities.get(req.capability) if req.capability else None
        answers.append(Answer(req.need, req.priority, cap, cap.status if cap else "none"))
    return answers


def relevant_cases(view: Project, deal: schema.Deal, limit: int = 3) -> list[schema.Case]:
    """Cases the view may show that are like this customer: the same industry (same tier first); without
    an industry, the same tier. A customer is not shown another industry's case as 'similar'."""
    def rank(case: schema.Case) -> tuple:
        return (case.tier != deal.customer.tier, case.id)

    if deal.customer.industry:
        alike = [c for c in view.cases.values() if c.industry == deal.customer.industry]
    else:
        alike = [c for c in view.cases.values() if deal.customer.tier and c.tier == deal.customer.tier]
    return sorted(alike, key=rank)[:limit]


# ---------------------------------------------------------------------------- meeting prep


@dataclass
class AttendeePrep:
    stakeholder: schema.Stakeholder
    persona: schema.Persona
    objections: list[schema.Objection]
    questions: list[schema.Question]

    @staticmethod
    def names_another_role(title: str, role: str) -> bool:
        """False when an attendee's ``title`` says their ``role`` already (the persona's name, shown beside
        it): the same words, one inside the other ('구매팀 과장', '구매팀'), or another form of them
        ('Directrice administrative et financière', 'Directeur administratif et financier')."""
        import difflib

        mine, theirs = " ".join(str(title).casefold().split()), " ".join(str(role).casefold().split())
        if not mine or not theirs:
            return bool(theirs)
        if mine in theirs or theirs in mine:
            return False
        return difflib.SequenceMatcher(None, mine, theirs).ratio() < 0.75


@dataclass
class Prep:
    deal: schema.Deal
    industry: schema.Industry | None
    stage: schema.Stage | None
    attendees: list[AttendeePrep]
    competitors: list[schema.Competitor]
    checklist: list[schema.TextItem]
    answers: list[Answer]
    gaps: list[Answer]
    cases: list[schema.Case]
    checklist_stage: schema.Stage | None = None  # the stage the checklist is from: the 'visit' stage, else the deal's


def meeting_prep(internal: Project, deal: schema.Deal, per_person: int = 5) -> Prep:
    """What the team needs before meeting this customer (internal)."""
    stage = internal.stages.get(deal.stage) if deal.stage else None
    attendees = []
    for person in deal.stakeholders:
        persona = internal.personas[person.persona]
        questions = [q for q in (stage.questions if stage else []) if not q.roles or persona.id in q.roles]
        attendees.append(AttendeePrep(person, persona, expected_objections(internal, deal, persona.id)[:per_person],
                                      questions))
    visit = internal.stages.get("visit")
    source = visit if visit is not None and visit.checklist else stage
    checklist = source.checklist if source is not None else []
    answers = requirement_answers(internal, deal)
    return Prep(
        deal=deal,
        industry=internal.industries.get(deal.customer.industry) if deal.customer.industry else None,
        stage=stage, attendees=attendees,
        competitors=[internal.competitors[c] for c in deal.competitors if c in internal.competitors],
        checklist=list(checklist), answers=answers,
        # a beta answers a need with no SLA and not yet generally available: a gap not to promise over
        gaps=[a for a in answers if a.status in ("none", "roadmap", "beta")],
        cases=relevant_cases(internal, deal), checklist_stage=source if checklist else None,
    )


def expected_objections(view: Project, deal: schema.Deal, persona: str) -> list[schema.Objection]:
    """Objections this person may raise in this deal, most specific first.

    An objection fits when its roles include the person's (or name none), its industries the
    deal's (or none), and its competitor, if any, is in play. Naming the role, the industry, a
    competitor in play or the deal's stage each makes it more specific."""
    found = []
    for o in view.objections.values():
        if o.roles and persona not in o.roles:
            continue
        if o.industries and deal.customer.industry not in o.industries:
            continue
        if o.competitor and o.competitor not in deal.competitors:
            continue
        score = (2 if o.roles else 0) + (1 if o.industries else 0) + (2 if o.competitor else 0) \
            + (1 if deal.stage and deal.stage in o.stages else 0)
        found.append((-score, o.id, o))
    return [o for _, _, o in sorted(found, key=lambda item: item[:2])]


