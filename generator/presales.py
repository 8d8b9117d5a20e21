"""One deal, analysed for presales: what goes into the customer's proposal and what the team
needs before the meeting. Builders (PDF, deck, site) only lay out what this module decides.

The proposal side is built from the *public* view plus exactly what the deal releases to
this customer (its name, pains, needs and the one chosen price plan), so nothing internal,
and no other plan's price, can reach it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import schema
from .model import Project
from .text import Text


@dataclass
class Answer:
    """One customer requirement and how (or whether) the product meets it."""

    need: Text
    priority: str | None
    capability: schema.Capability | None
    status: str  # ga | beta | roadmap | none


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
        plan = schema.Plan(id=plan.id, name=plan.name, price=plan.price, includes=list(plan.includes))
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
        valid_until=deal.proposal.valid_until, reading=reading,
    )


def requirement_answers(view: Project, deal: schema.Deal) -> list[Answer]:
    """Each requirement with the capability that meets it, as far as ``view`` may tell."""
    answers = []
    for req in deal.requirements:
        cap = view.capabilities.get(req.capability) if req.capability else None
        answers.append(Answer(req.need, req.priority, cap, cap.status if cap else "none"))
    return answers


def relevant_cases(view: Project, deal: schema.Deal, limit: int = 3) -> list[schema.Case]:
    """Cases the view may show, same industry and tier first, then same industry, then same tier."""
    def rank(case: schema.Case) -> tuple:
        same_industry = case.industry == deal.customer.industry
        same_tier = case.tier == deal.customer.tier
        return (not (same_industry and same_tier), not same_industry, not same_tier, case.id)

    return sorted(view.cases.values(), key=rank)[:limit]


# ---------------------------------------------------------------------------- meeting prep


@dataclass
class AttendeePrep:
    stakeholder: schema.Stakeholder
    persona: schema.Persona
    objections: list[schema.Objection]
    questions: list[schema.Question]


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
    checklist = visit.checklist if visit is not None and visit.checklist else (stage.checklist if stage else [])
    answers = requirement_answers(internal, deal)
    return Prep(
        deal=deal,
        industry=internal.industries.get(deal.customer.industry) if deal.customer.industry else None,
        stage=stage, attendees=attendees,
        competitors=[internal.competitors[c] for c in deal.competitors if c in internal.competitors],
        checklist=list(checklist), answers=answers,
        gaps=[a for a in answers if a.status in ("none", "roadmap")],
        cases=relevant_cases(internal, deal),
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


