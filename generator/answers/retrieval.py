"""Searching the knowledge of one audience view by meaning: what ``enablekit ask`` prints and the MCP
server's ``search`` returns.

Every passage of every item (``knowledge.py``), in every language of the project, is embedded with the
model the questionnaire filler matches questions with (``embedding.py``), so a paraphrase or a question
in another language finds the item; the passage shown is the same part of the item in the language
asked. An item's score is its best passage's similarity plus a share of its opening passage's (what
the item is about). Without the model, words decide (BM25, as ``matching.LexicalIndex``). Weights
tuned on the ``tune`` half of ``benchmarks/retrieval-eval.yaml`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.model import Project
from . import knowledge
from .knowledge import Item

OPENING_WEIGHT = 0.3  # score = best passage + this × the opening passage (benchmarks/retrieval.py, tune half)
# a small nudge for kinds with few passages (a capability has two, an objection ten): the best of many
# passages is likelier to be close by chance. Tuned on the tune half: top-3 0.905 → 0.947.
KIND_PRIOR: dict[str, float] = {"capability": 0.01, "case": 0.01, "whitepaper": 0.01}


@dataclass
class Hit:
    item: Item
    score: float
    section: int  # which passage of the item fits best
    lang: str  # the language the result is given in


class KnowledgeIndex:
    """The passages of a view's items, embedded once (cached under ``.enablekit-cache/knowledge``)."""

    def __init__(self, project: Project, embedder: Any = None, cache: Path | None = None):
        self.project = project
        self.items = knowledge.items(project)
        self.embedder = embedder
        self.passages: list[tuple[int, int, str]] = []  # (item, section, text)
        for n, item in enumerate(self.items):
            seen: set[str] = set()
            for lang in project.languages:
                title = project.t(item.entity.label, lang)
                for s, section in enumerate(knowledge.sections(project, item, lang)):
                    text = section.text if s == 0 else f"{title}: {section.heading}\n{section.text}"
                    if text not in seen:
                        seen.add(text)
                        self.passages.append((n, s, text))
        self.vectors = None
        self.lexical = None
        if embedder is not None:
            self.vectors = embedder.cached([t for _, _, t in self.passages], cache)
        else:
            self._lexical()

    def _lexical(self) -> None:
        import bm25s

        from .matching import tokens

        docs = [tokens(t) or ["∅"] for _, _, t in self.passages]
        self.lexical = bm25s.BM25()
        if docs:
            self.lexical.index(docs, show_progress=False)

    def language(self, query: str, language: str | None = None) -> str:
        from .lang import pick
        from .matching import detect_language

        if language:
            return pick(language, self.project.languages, [])
        return detect_language([query], self.project.languages)

    def search(self, query: str, *, kind: str | None = None, language: str | None = None,
               limit: int = 5) -> list[Hit]:
        """The best items for ``query``, best first; ``kind`` keeps one kind of item."""
        import numpy as np

        lang = self.language(query, language)
        if not self.passages or not query.strip():
            return []
        if self.vectors is not None:
            q = self.embedder.queries([query])[0]
            sims = self.vectors @ q
        else:
            from .matching import tokens

            words = tokens(query)
            sims = np.asarray(self.lexical.get_scores(words), dtype=np.float32) if words else np.zeros(
                len(self.passages), dtype=np.float32)
            top = float(sims.max()) if len(sims) else 0.0
            if top <= 0:
                return []
            sims = sims / top
        best: dict[int, tuple[float, int]] = {}
        opening: dict[int, float] = {}
        for (n, s, _), sim in zip(self.passages, sims.tolist(), strict=True):
            if kind and self.items[n].kind != kind:
                continue
            if n not in best or sim > best[n][0]:
                best[n] = (sim, s)
            if s == 0:
                opening[n] = max(opening.get(n, -1.0), sim)
        scored = []
        for n, (sim, s) in best.items():
            score = sim + OPENING_WEIGHT * opening.get(n, sim) + KIND_PRIOR.get(self.items[n].kind, 0.0)
            scored.append(Hit(self.items[n], round(score / (1 + OPENING_WEIGHT), 4), s, lang))
        scored.sort(key=lambda h: (-h.score, h.item.key))
        return scored[:limit]


def index(project: Project) -> KnowledgeIndex:
    """The index of ``project`` (a view): by meaning when the model loads, else by words."""
    from .embedding import embedder

    cache = project.root / ".enablekit-cache" / "knowledge"
    return KnowledgeIndex(project, embedder(), cache)
