"""The typed, validated project: every entity by kind and id, and where each came from."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..language.i18n import _suggest, format_money, labels, language_problem
from .diagnostics import Location
from .schema import (
    BUILTIN_UNITS,
    Answer,
    Audience,
    CalendarItem,
    Capability,
    Case,
    Company,
    Competitor,
    Deal,
    Entity,
    Industry,
    Objection,
    Persona,
    Plan,
    Playbook,
    Stage,
    Tier,
    TrainingPath,
    Whitepaper,
    split_per,
)
from .text import Text
from .yamlsafe import Document

# kinds whose ids a generic reference ("use", "send_them", "read") may name, in lookup order
CONTENT_KINDS = (
    "capabilities",
    "personas",
    "industries",
    "competitors",
    "objections",
    "cases",
    "whitepapers",
    "playbooks",
    "training",
)

SINGULAR = {
    "capabilities": "capability",
    "personas": "persona",
    "industries": "industry",
    "competitors": "competitor",
    "objections": "objection",
    "cases": "case",
    "whitepapers": "whitepaper",
    "playbooks": "playbook",
    "training": "training path",
    "deals": "deal",
    "answers": "answer",
    "calendar": "calendar item",
    "tiers": "tier",
    "plans": "pricing plan",
    "stages": "playbook stage",
    "company": "company",
}


# how a message or the guide names several of a kind, where the kind's key does not say it
PLURAL = {"stages": "playbook stages", "plans": "pricing plans", "training": "training paths"}


def a(noun: str) -> str:
    """``noun`` with its indefinite article: 'a case', 'an industry'."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


@dataclass
class Source:
    """Where an entity was read: the file (relative to the project), its parsed document, and the
    path of the entity inside that document (``(3,)`` for the fourth item of a list file)."""

    path: str
    doc: Document | None
    base: tuple[Any, ...] = ()

    def at(self, subpath: tuple[Any, ...] = (), *, key: bool = False) -> Location:
        if self.doc is None:
            return Location(self.path)
        line, col = self.doc.mark(self.base + tuple(subpath), key=key)
        return Location(self.path, line, col)


@dataclass
class Unloaded:
    """An entity that could not be loaded (an error in one of its fields, or a syntax error in its
    file): what its file still says is checked (:mod:`raw`), and references to it are not "unknown"."""

    kind: str
    id: str | None
    model: type[Entity]
    data: dict[str, Any]
    source: Source
    errors: set[tuple[Any, ...]] = field(default_factory=set)  # paths with an error of their own


@dataclass
class Project:
    root: Path
    company: Company
    today: dt.date
    capabilities: dict[str, Capability] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    industries: dict[str, Industry] = field(default_factory=dict)
    competitors: dict[str, Competitor] = field(default_factory=dict)
    objections: dict[str, Objection] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    whitepapers: dict[str, Whitepaper] = field(default_factory=dict)
    playbooks: dict[str, Playbook] = field(default_factory=dict)
    training: dict[str, TrainingPath] = field(default_factory=dict)
    deals: dict[str, Deal] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)  # not in CONTENT_KINDS: no generic reference names one
    calendar: dict[str, CalendarItem] = field(default_factory=dict)
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    audience: Audience = Audience.internal
    broken: dict[str, dict[str, str]] = field(default_factory=dict)  # kind → id → file, of what failed to load
    unloaded: list[Unloaded] = field(default_factory=list)
    languages_known: bool = True  # False when company.yaml could not say which languages the project has
    assets: set[Path] = field(default_factory=set)  # images the content embeds, all inside the project

    # ---------------------------------------------------------------- lookups
    @property
    def languages(self) -> list[str]:
        return self.company.languages

    @property
    def default_language(self) -> str:
        return self.company.languages[0]

    @property
    def text_languages(self) -> list[str] | None:
        """The languages a text may be written in: the company's, a wrongly written code read as the
        one it stands for (``cn`` as ``zh``, reported once where it is written, not at every text).
        None when they are not known."""
        out = []
        for lang in self.languages if self.languages_known else [None]:
            if lang is None:
                return None
            if language_problem(lang) is not None:
                lang = _suggest(lang)
                if lang is None:
                    return None
            out.append(lang)
        return out

    @property
    def answer_languages(self) -> list[str]:
        """The further languages the answer library's entries may be written in (``answer_languages``),
        each once, those that are not also site languages."""
        return [lang for lang in dict.fromkeys(self.company.answer_languages) if lang not in self.languages]

    @property
    def answer_text_languages(self) -> list[str] | None:
        """The languages an answer entry's question, variants and answer may be written in: the site's, then
        the answer languages (a wrongly written code read as the one it stands for, as in ``text_languages``).
        None when they are not known."""
        site = self.text_languages
        if site is None:
            return None
        out = list(site)
        for lang in self.answer_languages:
            lang = lang if language_problem(lang) is None else _suggest(lang)
            if lang is not None and lang not in out:
                out.append(lang)
        return out

    def kind(self, kind: str) -> dict[str, Any]:
        if kind == "tiers":
            return self.tiers
        if kind == "plans":
            return self.plans
        if kind == "stages":
            return self.stages
        return getattr(self, kind)

    @property
    def tiers(self) -> dict[str, Tier]:
        tiers = self.company.product.tiers
        return {t.id: t for t in tiers.items} if tiers else {}

    @property
    def units(self) -> dict[str, Text | None]:
        """Every unit a price may be per: the built-in ones (named by the catalogs, None here) and
        those the company declares under pricing.units (with their names)."""
        pricing = self.company.product.pricing
        declared = {u.id: u.name for u in pricing.units} if pricing else {}
        return {**{u: None for u in BUILTIN_UNITS}, **declared}

    def unit_name(self, unit: str, lang: str) -> str:
        """A unit as a price reads it in ``lang``: 'device', 'usine'…"""
        declared = self.units.get(unit)
        return self.t(declared, lang) if declared is not None else self.labels(lang).get(f"unit_{unit}", unit)

    def proof_line(self, proof: list[Text], lang: str, claim: str = "") -> str:
        """A value's proof as one line a customer reads: the metric sentences, then the customers of the
        cases it names that the sentences do not ('42 min on average · Customer cases: Cerealista Planalto'),
        each once. A case alone gives what it measured: the result whose metric shares most words with the
        ``claim`` it backs ('Audits and cyber insurance…' → the audit findings, not the alert count)."""
        from .schema import proof_case_id

        said, customers, results = [], [], {}
        for item in proof:
            case = self.cases.get(proof_case_id(item) or "")
            text = self.t(case.customer, lang) if case is not None else self.t(item, lang)
            target = customers if case is not None else said
            if text and text not in target:
                target.append(text)
                if case is not None and case.results:  # what the case measured, for a proof that is only a case
                    best = max(case.results, key=lambda r: _shared_words(self.t(r.metric, lang), claim))
                    results[text] = f"{self.t(best.metric, lang)} {self.t(best.value, lang)}"
        L = self.labels(lang)
        sep = L["list_separator"]
        if not said:  # a customer's name alone proves nothing: with the number its case measured
            return sep.join(f"{c} — {results[c]}" if c in results else c for c in customers)
        # a customer the sentences already name is not repeated; a case beside a figure that is not its own
        # (a platform average) is named as a case, never as that figure's source
        customers = [c for c in customers if not any(c in x for x in said)]
        if said and customers:
            return f"{sep.join(said)} · {L['cases']}{L['colon']}{sep.join(customers)}"
        return sep.join(said or customers)

    def source_name(self, source: Text | str | None, lang: str) -> str:
        """A KPI's source as readers name it: a case's customer when it names a case id (never the raw
        id), else the text as written."""
        case = self.cases.get(self.t(source, lang).strip()) if source is not None else None
        return self.t(case.customer, lang) if case is not None else self.t(source, lang)

    def price_per(self, per: str, price: str, lang: str) -> str:
        """'¥35.00 / user / month', '9,00 € / véhicule / mois', '게이트웨이당 ₩1,800,000' in ``lang``'s words."""
        L = self.labels(lang)
        unit, period = split_per(per)
        if unit is None:
            return L[f"per_{period}"].format(price=price)
        if unit == "seat" and period:  # the wording a per-user price always had
            return L[f"per_seat_{period}"].format(price=price)
        return L[f"per_unit_{period}" if period else "per_unit"].format(price=price, unit=self.unit_name(unit, lang))

    def plan_price(self, plan: Plan, lang: str) -> str:
        """A plan's price as readers see it: as written, else from its numbers (the first volume band's
        price for tiers: the price a small customer pays)."""
        if plan.price is not None:
            return self.t(plan.price, lang)
        price = plan.unit_price
        amount = price.amount if price.amount is not None else price.tiers[0].amount
        return self.price_per(price.per, format_money(Decimal(repr(amount)), price.currency, lang), lang)

    @property
    def plans(self) -> dict[str, Plan]:
        pricing = self.company.product.pricing
        return {p.id: p for p in pricing.plans} if pricing else {}

    @property
    def stages(self) -> dict[str, Stage]:
        out: dict[str, Stage] = {}
        for playbook in self.playbooks.values():
            for stage in playbook.stages:
                out.setdefault(stage.id, stage)
        return out

    def entities(self) -> Iterator[Entity]:
        yield self.company
        for kind in CONTENT_KINDS + ("deals", "answers", "calendar"):
            yield from self.kind(kind).values()

    def find(self, ref: str) -> Entity | None:
        """The entity a generic reference names: ``id`` or ``kind:id``."""
        if ":" in ref:
            kind, _, ident = ref.partition(":")
            return self.kind(kind).get(ident) if kind in CONTENT_KINDS else None
        for kind in CONTENT_KINDS:
            hit = self.kind(kind).get(ref)
            if hit is not None:
                return hit
        return None

    def source(self, entity: Entity) -> Source:
        return self.sources.get((entity.kind, entity.id)) or Source(f"<{entity.kind}>", None)

    def where(self, entity: Entity, subpath: tuple[Any, ...] = (), *, key: bool = False) -> Location:
        return self.source(entity).at(subpath, key=key)

    # ---------------------------------------------------------------- text
    def labels(self, lang: str):  # noqa: ANN201 - Mapping[str, str]
        """Interface words in ``lang``: built-in catalogs plus the project's templates/labels/."""
        return labels(lang, self.root)

    def t(self, text: Text | str | None, lang: str) -> str:
        if text is None:
            return ""
        if isinstance(text, str):
            return text
        extras = self.company.answer_languages
        if lang in text.values:  # (what the rest gives then; a page asks this tens of thousands of times)
            return text.values[lang]
        if extras and lang not in extras:
            # an answer entry's text in an answer language is for questionnaires only: a site, PDF or deck
            # page in ``lang`` falls back among the site's languages, never to it
            kept = {key: value for key, value in text.values.items() if key not in extras}
            return Text(kept).get(lang, self.default_language) if kept else ""
        return text.get(lang, self.default_language)

    def review_due(self, entity: Entity) -> dt.date | None:
        if entity.reviewed is None:
            return None
        every = entity.review_every or self.company.review_every or 90
        try:
            return entity.reviewed + dt.timedelta(days=every)
        except OverflowError:  # a date near the year 9999, or a huge interval: due "never"
            return dt.date.max

    def is_stale(self, entity: Entity) -> bool:
        due = self.review_due(entity)
        return due is not None and due < self.today


def _shared_words(text: str, claim: str) -> int:
    """How many words ``text`` and ``claim`` share, by their first five letters ('auditoría' and
    'Auditorías' alike), or by two-character pieces in Chinese, Japanese and Korean."""
    cjk = r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"

    def words(value: str) -> set[str]:
        value = value.casefold()
        latin = {w[:5] for w in re.findall(r"[^\W\d_]{4,}", re.sub(cjk, " ", value))}
        runs = "".join(re.findall(cjk, value))
        return latin | {runs[i:i + 2] for i in range(len(runs) - 1)}

    return len(words(text) & words(claim)) if claim else 0
