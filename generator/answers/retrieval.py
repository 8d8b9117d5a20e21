"""Searching the knowledge of one audience view by meaning and by words: what ``enablekit ask`` prints
and the MCP server's ``search`` returns.

Every passage of every item (``knowledge.py``), in every language of the project, is embedded with the
model the questionnaire filler matches questions with (``embedding.py``), so a paraphrase or a question
in another language finds the item; the passage shown is the same part of the item in the language
asked. Each passage is embedded with its item's title, not its section heading ('Ask back' says nothing
of what the item is about). By meaning, an item's score is its best passage's similarity plus a share
of its opening passage's (what the item is about).

By words, the whole item is one document (all its passages, every language) ranked with BM25: names
(a competitor, a product term, 'SCIM', '北辰') that the model blurs are matched as written. The two
rankings of items are fused by reciprocal rank (RRF, k=60, equal weights: the usual setting, not fitted),
so an item first by either signal is near the top and one that both place well is above both. The item,
not the passage, is ranked: three passages of one item never take three places. Without the model,
words alone decide (BM25 per passage, as ``matching.LexicalIndex``). Benchmark:
``benchmarks/retrieval.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.model import Project
from . import knowledge
from .knowledge import Item

OPENING_WEIGHT = 0.3  # by meaning: best passage + this × the opening passage (benchmarks/retrieval.py, tune half)
# a small nudge for kinds with few passages (a capability has two, an objection ten): the best of many
# passages is likelier to be close by chance. Tuned on the tune half: top-3 0.905 → 0.947.
KIND_PRIOR: dict[str, float] = {"capability": 0.01, "case": 0.01, "whitepaper": 0.01}
PIECE = 500  # characters: a part longer than this is embedded in pieces (one point each, about)
RRF_K = 60  # reciprocal rank fusion: 1 / (k + rank) per ranking (Cormack et al. 2009)


@dataclass
class Hit:
    item: Item
    score: float  # with the model: 1.0 for the first item by meaning and by words; else BM25 relative to the best
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
                    for part in pieces(section.text):
                        text = part if s == 0 and part == section.text else f"{title}\n{part}"
                        if text not in seen:
                            seen.add(text)
                            self.passages.append((n, s, text))
        self.vectors = None
        self.lexical = None  # BM25 over passages (without the model)
        self.item_lexical = None  # BM25 over whole items (with it)
        if embedder is not None:
            self.vectors = embedder.cached([t for _, _, t in self.passages], cache)
            self._item_lexical()
        else:
            self._lexical()

    def _lexical(self) -> None:
        import bm25s

        from .matching import tokens

        docs = [tokens(t) or ["∅"] for _, _, t in self.passages]
        self.lexical = bm25s.BM25()
        if docs:
            self.lexical.index(docs, show_progress=False)

    def _item_lexical(self) -> None:
        import bm25s

        from .matching import tokens

        docs: list[list[str]] = [[] for _ in self.items]
        for n, _, text in self.passages:
            docs[n].extend(tokens(text))
        if docs:
            self.item_lexical = bm25s.BM25()
            self.item_lexical.index([d or ["∅"] for d in docs], show_progress=False)

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

        from .matching import tokens

        lang = self.language(query, language)
        if not self.passages or not query.strip():
            return []
        words = tokens(query)
        if self.vectors is not None:
            sims = self.vectors @ self.embedder.queries([query])[0]
        else:
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
        scores = {n: (sim + OPENING_WEIGHT * opening.get(n, sim) + KIND_PRIOR.get(self.items[n].kind, 0.0))
                  / (1 + OPENING_WEIGHT) for n, (sim, _) in best.items()}
        if self.vectors is not None:
            scores = self._fused(scores, words)
        scored = [Hit(self.items[n], round(score, 4), best[n][1], lang) for n, score in scores.items()]
        scored.sort(key=lambda h: (-h.score, h.item.key))
        return scored[:limit]

    def _fused(self, meaning: dict[int, float], words: list[str]) -> dict[int, float]:
        """Reciprocal rank fusion of the items' ranking by meaning and by words (BM25 over whole items;
        an item without a word of the query is not in that ranking), as a share of the best possible."""
        def ranks(scores: dict[int, float]) -> dict[int, int]:
            order = sorted(scores, key=lambda n: (-scores[n], self.items[n].key))
            return {n: r for r, n in enumerate(order, 1)}

        by_meaning = ranks(meaning)
        by_words: dict[int, int] = {}
        if words and self.item_lexical is not None:
            found = self.item_lexical.get_scores(words)
            by_words = ranks({n: float(found[n]) for n in meaning if found[n] > 0})
        most = 2 / (RRF_K + 1)
        return {n: (1 / (RRF_K + by_meaning[n]) + (1 / (RRF_K + by_words[n]) if n in by_words else 0.0)) / most
                for n in meaning}


def pieces(text: str, size: int = PIECE) -> list[str]:
    """``text`` in pieces of about ``size`` characters, cut between lines (a bullet, a paragraph): a long
    part's every point is embedded on its own, not averaged into one vector with all the others."""
    if len(text) <= size:
        return [text]
    out: list[str] = []
    buf = ""
    for line in text.split("\n"):
        if buf and len(buf) + len(line) > size:
            out.append(buf.strip())
            buf = ""
        buf += line + "\n"
    if buf.strip():
        out.append(buf.strip())
    return [p for p in out if p]


def index(project: Project) -> KnowledgeIndex:
    """The index of ``project`` (a view): by meaning (fused with words) when the model loads, else by words."""
    from .embedding import embedder

    cache = project.root / ".enablekit-cache" / "knowledge"
    return KnowledgeIndex(project, embedder(), cache)
