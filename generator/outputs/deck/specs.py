"""What a deck is (its kind, entity, language, audience) and the traced queries of what its notes list:
shared by the builder, which decides which decks to make, and the writer, which draws them."""

from __future__ import annotations

from dataclasses import dataclass

from ...content import schema
from ...content.model import Project
from ...content.schema import Audience
from ..cache import query


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

    @property
    def sendable(self) -> bool:
        """A deck meant to be sent to customers: no speaker notes, no coaching (the presenter copy has them)."""
        return self.kind in SENDABLE_KINDS and not self.presenter


SENDABLE_KINDS = ("pitch", "industry", "proposal")


@query
def likely_objections(view: Project, category: str | None = None, industry: str | None = None,
                      competitor: str | None = None) -> list[schema.Objection]:
    """The (at most four) objections a slide's notes list: of that category, industry or competitor."""
    found = []
    for o in sorted(view.objections.values(), key=lambda o: o.id):
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


@query
def competitor_objections(view: Project, competitor: str) -> list[schema.Objection]:
    """Every objection about one competitor, by id (a competitive deck's objections section)."""
    return sorted((o for o in view.objections.values() if o.competitor == competitor), key=lambda o: o.id)
