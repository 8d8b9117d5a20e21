"""Training paths made concrete: quizzes (authored and generated from the objection library)
and role-play briefs. Deterministic: the same content always gives the same questions,
choices and order, so a trainer's answer key stays valid until the content changes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..content import schema
from ..content.model import Project
from ..content.validate import matching_objections


@dataclass
class QuizItem:
    question: str
    choices: list[str]
    answer: int
    explain: str = ""
    objection: schema.Objection | None = None  # for generated questions: where the answer comes from


@dataclass
class RoleplayCard:
    roleplay: schema.Roleplay
    persona: schema.Persona
    industry: schema.Industry | None
    competitor: schema.Competitor | None
    objections: list[schema.Objection]
    questions: list[schema.Question] = field(default_factory=list)


def _rank(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def quiz(project: Project, path: schema.TrainingPath, module: schema.Module, lang: str) -> list[QuizItem]:
    """The module's questions in ``lang``: authored ones as written, then generated ones."""
    t = lambda text: project.t(text, lang)  # noqa: E731
    L = project.labels(lang)
    items: list[QuizItem] = []
    for entry in module.quiz:
        if isinstance(entry, schema.QuizQuestion):
            items.append(QuizItem(t(entry.q), [t(c) for c in entry.choices], entry.answer, t(entry.explain)))
            continue
        rule = entry.from_objections
        pool = matching_objections(project, rule)
        chosen = sorted(pool, key=lambda o: _rank(path.id, module.id, o.id))[: rule.count]
        everything = sorted(project.objections.values(), key=lambda o: o.id)
        for objection in chosen:
            right = t(objection.short)
            others = [o for o in everything if o.id != objection.id and t(o.short) != right]
            # same category first: those make the distractors plausible
            others.sort(key=lambda o: (o.category != objection.category, _rank(objection.id, o.id)))
            distractors = []
            for o in others:
                text = t(o.short)
                if text not in distractors:
                    distractors.append(text)
                if len(distractors) == 3:
                    break
            choices = sorted([right] + distractors, key=lambda text: _rank(objection.id, text))
            role = next((r for r in rule.roles if r in objection.roles), None) or (objection.roles[0] if objection.roles else None)
            who = t(project.personas[role].name) if role and role in project.personas else L["the_buyer"]
            question = L["quiz_says"].format(who=who, objection=t(objection.objection))
            explain = t(objection.follow_up) and f"{L['follow_up']}: {t(objection.follow_up)}"
            items.append(QuizItem(question, choices, choices.index(right), explain or "", objection))
    return items


def roleplay_cards(project: Project, module: schema.Module) -> list[RoleplayCard]:
    cards = []
    for rp in module.roleplay:
        persona = project.personas[rp.persona]
        questions = [
            q for stage in project.stages.values() for q in stage.questions if persona.id in q.roles
        ][:4]
        cards.append(RoleplayCard(
            roleplay=rp, persona=persona,
            industry=project.industries.get(rp.industry) if rp.industry else None,
            competitor=project.competitors.get(rp.competitor) if rp.competitor else None,
            objections=[project.objections[o] for o in rp.objections if o in project.objections],
            questions=questions,
        ))
    return cards


def card_title(project: Project, card: RoleplayCard, lang: str) -> str:
    rp = card.roleplay
    if rp.title:
        return project.t(rp.title, lang)
    parts = [project.t(card.persona.name, lang)]
    if card.industry:
        parts.append(project.t(card.industry.name, lang))
    return " · ".join(parts)


