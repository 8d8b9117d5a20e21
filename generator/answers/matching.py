"""Matching questions to the answer library.

By meaning first: every phrasing of every answer (its question and variants, in each language) and
every answer text is embedded with a multilingual model (``embedding.py``); a question's fit with an
answer is 0.6 × its best similarity to the answer's phrasings plus 0.4 × its similarity to the
answer's text, so a French question finds an entry written in Chinese and English. Whether the best
answer is *used* takes more than one threshold (``decide``): the fit must reach an absolute floor,
stand out from the rest of the library (how many standard deviations above the mean, plus the lead
over the runner-up), lead the runner-up by a minimum margin, and the question must name no technical
term (SOC, SCIM, BYOK, ISO 22301…) that the answer never mentions: a near miss in the same domain
stays empty. An answer that stands out, but not clearly, is read a second way: by the model's latent
terms (``embedding.Embedder.terms``: a sparse autoencoder over each token, pooled), which keep what
single words say where the dense vector averages them; it is written only when they rank the same
answer first and far enough ahead (the less it stands out by meaning, the further). Figures tuned on
the ``tune`` halves of ``benchmarks/answers-eval.yaml`` and ``answers-eval-2.yaml``.

The model reads a question without its reference number (``meaning``), and each distinct question
once: the model's CPU time (about 1 ms a token) is nearly all of a fill's time.

Without the model, matching falls back to words (``LexicalIndex``): jieba for Chinese, BM25 from
bm25s, and a confidence that combines how much of the question's rare words a phrasing covers with a
rapidfuzz ratio; below a threshold nothing is used.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content import schema

# semantic matching (benchmarks/answers.py, tune half)
FLOOR = 0.82  # the fit below which nothing is used, however much it stands out
STANDOUT = 3.3  # z-score of the best fit among all answers + LEAD_WEIGHT × its lead: below it, empty
LEAD_WEIGHT = 50
MIN_LEAD = 0.005  # two answers closer than this are ambiguous: neither is written
# the less an answer stands out by meaning, the more its latent terms must confirm it (the same answer first by
# them too, this many deviations above the library's mean): from STANDOUT to CLEAR_STANDOUT, TERMS_STANDOUT;
# from CONFIRMED_STANDOUT to STANDOUT, TERMS_CONFIRM; at CLEAR_STANDOUT and above the meaning alone decides
CLEAR_STANDOUT = 4.0
CONFIRMED_STANDOUT = 2.5
TERMS_STANDOUT = 3.0
TERMS_CONFIRM = 3.5
SAME_PHRASING = 0.95  # a question this close to one phrasing is that phrasing (any library size)
MIN_ANSWERS_FOR_STANDOUT = 8  # fewer answers give no usable spread: only same phrasings are used
REFERENCE_ANSWERS = 50  # the example library's size, on which STANDOUT was tuned
PHRASING_WEIGHT = 0.6  # fit = this × best phrasing similarity + the rest × answer-text similarity

# lexical fallback
THRESHOLD = 0.45  # below this confidence a question is left unanswered and reported
CANDIDATES = 12  # phrasings BM25 hands to the confidence scoring
MARGIN = 0.04  # the best answer must beat the best other one by this much

_STOP_EN = frozenset(
    "a an and are as at be by can could do does for from has have how i if in is it its may of on or our"
    " please provide should that the their there this to us we what when where which who will with would"
    " you your describe explain whether any all".split()
)
_STOP_FR = frozenset(
    "le la les des du de et est sont vous votre vos pouvez peut une un pour dans sur avec au aux que qui quel"
    " quelle quels quelles ce cette ces il elle nous nos l d qu est-ce".split()
)
_STOP_DE = frozenset(
    "der die das und ist sind sie ihr ihre ihren können kann wird werden mit für in auf ein eine einen den dem"
    " des zu von wie welche gibt es bei oder auch nicht uns unsere im zur zum".split()
)
_STOP_ZH = frozenset(
    "的 了 是 否 吗 呢 在 和 与 及 或 对 把 被 请 贵 贵司 贵方 你们 您 我们 是否 能否 可否 如何 怎么 怎样 什么 哪些"
    " 有 有没有 进行 提供 说明 描述 一下 支持 方面 情况 相关 可以 能够 是不是".split()
)
_STOP_CHARS = frozenset("的了是否吗呢在和与及或对把被请贵司您们我你能可以有没什么如何怎么哪些一下方面情况相关")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w", re.UNICODE)
_RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\W\u3400-\u9fff\uf900-\ufaff]+")


# --------------------------------------------------------------------------- text


def detect_language(texts: list[str], languages: list[str]) -> str:
    """The language most ``texts`` are in, as one of ``languages`` (the site's and the answer languages;
    English, else their first, when none is told)."""
    from .lang import language_among, pick

    found = Counter(lang for lang in (language_among(text, languages) for text in texts) if lang)
    if not found:
        return pick("en", languages, [])
    return pick(found.most_common(1)[0][0], languages, ["en"])


@functools.cache
def _jieba():  # noqa: ANN202 - jieba.Tokenizer
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().strip()


def tokens(text: str) -> list[str]:
    """Words of a question: jieba's search-mode cut for runs of Chinese, whole words elsewhere (so
    'verschlüsselt' stays one word), stop words and punctuation dropped, latin words cut to their first
    six letters (encrypt/encrypted/encryption)."""
    out = []
    for run in _RUNS.findall(normalise(text)):
        words = _jieba().cut_for_search(run) if _CJK.search(run) else [run]
        for word in words:
            word = word.strip()
            if not word or not _WORD.search(word) or word in _STOP_EN or word in _STOP_ZH or word in _STOP_FR \
                    or word in _STOP_DE:
                continue
            if word.isalpha() and not _CJK.search(word) and len(word) > 6:
                word = word[:6]
            elif word.isascii() and word.isalpha() and len(word) > 3 and word.endswith("s"):
                word = word[:-1]
            out.append(word)
    # single Chinese characters too: 等级保护 and 等保, 境内 and 出境 share them where words differ
    out.extend("#" + ch for ch in _CJK.findall(normalise(text)) if ch not in _STOP_CHARS)
    return out


# --------------------------------------------------------------------------- matching


@dataclass
class Match:
    """The best answer for a question, how well it fits, and whether it is used (``why`` says why not)."""

    answer: schema.Answer
    confidence: float
    phrasing: str
    runner_up: schema.Answer | None = None  # the best other answer, and its confidence
    runner_up_confidence: float = 0.0
    usable: bool = False
    why: str = ""  # "", "weak", "ambiguous", "term SCIM", "internal"

    @property
    def ambiguous(self) -> bool:
        """Two different answers fit about equally well: neither is written."""
        return self.why == "ambiguous"


# a question's reference ("Q17.", "CAIQ TVM-02:", "SIG Lite G.3:", "4.2.3") says nothing about its meaning
_REFERENCE = re.compile(r"^\s*(?:[A-Za-z]{0,6}\s?[A-Z]{2,5}[- ]?\d+[.\d]*|[A-Za-z]{1,4}\s?Lite\s[A-Z]\.\d+|Q\d+\.?"
                        r"|\d+(?:\.\d+)*\.?|Section\s[\d.]+)\s*[:.：]?\s+")
# what a question names that an answer must mention to be its answer: acronyms, protocols, standards
_TERM = re.compile(r"\b(?:ISO(?:/IEC)?\s?\d{4,5}|[A-Z][A-Za-z]*[A-Z0-9][A-Za-z0-9]*)\b")


def meaning(question: str) -> str:
    """A question as the model reads it: without its reference, its spaces and line breaks collapsed."""
    text = " ".join(question.split())
    return " ".join(_REFERENCE.sub("", text).split()) or text


def terms(question: str) -> set[str]:
    """The technical terms a question names: 'SOC', 'SCIM', 'ISO 22301', 'C5' (not its reference)."""
    return {t for t in _TERM.findall(_REFERENCE.sub("", question)) if len(t) >= 2 and not t.isdigit()}


def needs_terms(fit: float, lead: float, standout: float | None, unknown: set[str]) -> bool:
    """Whether the decision on an answer waits for its latent terms: it stands out, but not clearly."""
    return (lead >= MIN_LEAD and not unknown and standout is not None and fit >= FLOOR
            and CONFIRMED_STANDOUT <= standout < CLEAR_STANDOUT)


def decide(fit: float, lead: float, standout: float | None, same_phrasing: float, unknown: set[str],
           public: bool, terms: tuple[bool, float] | None = None) -> tuple[bool, str]:
    """Whether the best answer is written, and why not: the thresholds of the module docstring.
    ``terms``: whether the latent terms rank the same answer first, and how far it stands out by them."""
    if lead < MIN_LEAD:
        return False, "ambiguous"
    if unknown:
        return False, "term " + ", ".join(sorted(unknown))
    good = same_phrasing >= SAME_PHRASING or (standout is not None and fit >= FLOOR and standout >= STANDOUT)
    if same_phrasing < SAME_PHRASING and terms is not None and needs_terms(fit, lead, standout, unknown):
        first, by_terms = terms
        good = first and by_terms >= (TERMS_STANDOUT if standout >= STANDOUT else TERMS_CONFIRM)
    if not good:
        return False, "weak"
    if not public:
        return False, "internal"
    return True, ""


class SemanticIndex:
    """Every phrasing and answer text of the given answers, embedded; questions are ranked by meaning."""

    def __init__(self, answers: list[schema.Answer], embedder: Any, cache: Path | None = None):
        import numpy as np

        self.embedder = embedder
        self.answers = sorted(answers, key=lambda a: a.id)
        phrasings: list[tuple[int, str]] = []
        texts: list[tuple[int, str]] = []
        for n, answer in enumerate(self.answers):
            for text in [answer.question, *answer.variants]:
                phrasings += [(n, value) for value in dict.fromkeys(text.values.values()) if value.strip()]
            texts += [(n, value) for value in dict.fromkeys(answer.answer.values.values()) if value.strip()]
        self.phrasings = phrasings
        self.texts = texts
        self.cache = cache
        self.term_vectors: tuple[Any, Any] | None = None  # the library's latent terms, read when first needed
        self.term_owner: Any = None
        self.mentions = [" ".join([*(v for text in [a.question, *a.variants] for v in text.values.values()),
                                   *a.answer.values.values()]).lower() for a in self.answers]
        vectors = embedder.cached([t for _, t in phrasings] + [t for _, t in texts], cache)
        self.phrasing_vectors = vectors[:len(phrasings)]
        self.text_vectors = vectors[len(phrasings):]
        self.phrasing_owner = np.array([n for n, _ in phrasings], dtype=np.int64)
        self.text_owner = np.array([n for n, _ in texts], dtype=np.int64)
        self.same_vectors = embedder.cached([t for _, t in phrasings], cache, query=True)

    def _best_per_answer(self, sims: Any, owner: Any) -> Any:
        import numpy as np

        out = np.full((sims.shape[0], len(self.answers)), -1.0, dtype=np.float32)
        for col in range(sims.shape[1]):
            np.maximum(out[:, owner[col]], sims[:, col], out=out[:, owner[col]])
        return out

    def match_all(self, questions: list[str]) -> list[Match | None]:
        """The best answer of every question (one batch through the model)."""
        import numpy as np

        if not self.answers or not questions:
            return [None] * len(questions)
        # what the model reads: the question without its reference ("12.", "CAIQ TVM-02:"), which says
        # nothing about its meaning; a question asked again under another number is read once
        unique = list(dict.fromkeys(questions))
        q = self.embedder.queries([meaning(question) for question in unique])
        by_phrasing = q @ self.phrasing_vectors.T
        by_text = q @ self.text_vectors.T if len(self.text_vectors) else np.zeros((len(unique), 0))
        best_phrasing = self._best_per_answer(by_phrasing, self.phrasing_owner)
        best_text = self._best_per_answer(by_text, self.text_owner)
        best_text[best_text < 0] = best_phrasing[best_text < 0]
        fit = PHRASING_WEIGHT * best_phrasing + (1 - PHRASING_WEIGHT) * best_text
        # same phrasing: the query side of the model against the query side, as typed in the library
        same = self._same_phrasing(unique, q)
        found: dict[str, Match] = {}
        scored = []
        for i, question in enumerate(unique):
            row = fit[i]
            order = np.argsort(-row, kind="stable")
            top = int(order[0])
            lead = float(row[top] - row[order[1]]) if len(order) > 1 else 1.0
            standout = None
            if len(self.answers) >= MIN_ANSWERS_FOR_STANDOUT:
                spread = float(row.std()) or 1e-9
                # one answer among n can stand at most sqrt(n - 1) deviations above the mean: scaled to
                # the reference size, a small library's clear winner counts as much as a large one's
                scale = math.sqrt((REFERENCE_ANSWERS - 1) / (len(self.answers) - 1))
                standout = (float(row[top]) - float(row.mean())) / spread * scale + LEAD_WEIGHT * lead
            unknown = {t for t in terms(question) if t.lower() not in self.mentions[top]}
            if len(order) > 1 and same[i, top] >= SAME_PHRASING and same[i, order[1]] >= same[i, top] - 0.01:
                lead = 0.0  # two answers phrase this very question: which one is meant is not ours to guess
            scored.append((order, top, lead, standout, unknown))
        # the questions that stand out but not enough alone are read a second way, by their latent terms
        pending = [i for i, (_, top, lead, standout, unknown) in enumerate(scored)
                   if same[i, top] < SAME_PHRASING and needs_terms(float(fit[i, top]), lead, standout, unknown)]
        confirmed = self._terms([unique[i] for i in pending], [scored[i][1] for i in pending])
        for i, question in enumerate(unique):
            order, top, lead, standout, unknown = scored[i]
            row = fit[i]
            answer = self.answers[top]
            cols = np.nonzero(self.phrasing_owner == top)[0]
            phrasing = self.phrasings[int(cols[np.argmax(by_phrasing[i, cols])])][1] if len(cols) else ""
            usable, why = decide(float(row[top]), lead, standout, float(same[i, top]), unknown,
                                 answer.effective_audience is schema.Audience.public, confirmed.get(question))
            runner = self.answers[int(order[1])] if len(order) > 1 else None
            found[question] = Match(answer, round(float(row[top]), 3), phrasing, runner,
                                    round(float(row[order[1]]), 3) if runner else 0.0, usable, why)
        return [found[q] for q in questions]

    def _terms(self, questions: list[str], tops: list[int]) -> dict[str, tuple[bool, float]]:
        """For each question, whether its latent terms rank answer ``top`` first too, and how many standard
        deviations above the library's mean they put it (``decide``): the library's own terms are read
        once per project (cached with its vectors), and only when a question needs them."""
        import numpy as np

        if not questions or not getattr(self.embedder, "has_terms", False):
            return {}
        if self.term_vectors is None:
            texts = [t for _, t in self.phrasings] + [t for _, t in self.texts]
            self.term_vectors = self.embedder.cached_terms(texts, self.cache)
            self.term_owner = np.concatenate([self.phrasing_owner, self.text_owner])
        lib_idx, lib_val = self.term_vectors
        q_idx, q_val = self.embedder.terms([meaning(question) for question in questions])
        # each question's terms as a dense row, read at each library text's terms: their dot products
        dense = np.zeros(int(max(lib_idx.max(initial=0), q_idx.max(initial=0))) + 1, dtype=np.float32)
        sims = np.empty((len(questions), len(lib_idx)), dtype=np.float32)
        for n in range(len(questions)):
            dense[q_idx[n]] = q_val[n]
            sims[n] = (dense[lib_idx] * lib_val).sum(axis=1)
            dense[q_idx[n]] = 0.0
        best = self._best_per_answer(sims, self.term_owner)
        out = {}
        for n, (question, top) in enumerate(zip(questions, tops, strict=True)):
            row = best[n]
            out[question] = (int(np.argmax(row)) == top, (float(row[top]) - float(row.mean())) / (float(row.std()) or 1e-9))
        return out

    def _same_phrasing(self, questions: list[str], q: Any) -> Any:
        """How close each question is to each answer's nearest phrasing, query side against query side
        (1.0 for the very words of a phrasing)."""
        sims = q @ self.same_vectors.T
        return self._best_per_answer(sims, self.phrasing_owner)

    def match(self, question: str) -> Match | None:
        return self.match_all([question])[0]


class LexicalIndex:
    """Every phrasing of the given answers, ranked by words (BM25), for when no model can be loaded."""

    def __init__(self, answers: list[schema.Answer], languages: list[str]):
        import bm25s

        self.docs: list[tuple[schema.Answer, str, list[str]]] = []
        for answer in sorted(answers, key=lambda a: a.id):
            for text in [answer.question, *answer.variants]:
                for value in dict.fromkeys(text.values.values()):
                    words = tokens(value)
                    if words:
                        self.docs.append((answer, value, words))
        df = Counter(w for _, _, words in self.docs for w in set(words))
        n = max(1, len(self.docs))
        self.n = n
        self.idf = {w: math.log(1 + (n - c + 0.5) / (c + 0.5)) for w, c in df.items()}
        self.retriever = None
        if self.docs:
            self.retriever = bm25s.BM25()
            self.retriever.index([words for _, _, words in self.docs], show_progress=False)

    def _weight(self, word: str) -> float:
        return self.idf.get(word, math.log(1 + (self.n + 0.5) / 0.5))  # unseen words weigh most

    def match_all(self, questions: list[str]) -> list[Match | None]:
        return [self.match(q) for q in questions]

    def match(self, question: str) -> Match | None:
        """The best answer for ``question`` with its confidence, or None when nothing is close."""
        from rapidfuzz import fuzz

        words = tokens(question)
        if not words or self.retriever is None:
            return None
        scores = self.retriever.get_scores(words)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:CANDIDATES]
        query = set(words)
        q_weight = sum(self._weight(w) for w in query)
        joined = " ".join(words)
        best: dict[str, Match] = {}
        for i in order:
            if scores[i] <= 0:
                break
            answer, phrasing, doc_words = self.docs[i]
            doc = set(doc_words)
            covered_q = sum(self._weight(w) for w in query & doc) / q_weight
            covered_d = sum(self._weight(w) for w in query & doc) / max(1e-9, sum(self._weight(w) for w in doc))
            ratio = fuzz.token_set_ratio(joined, " ".join(doc_words)) / 100
            confidence = round(0.45 * covered_q + 0.25 * covered_d + 0.30 * ratio, 3)
            if answer.id not in best or confidence > best[answer.id].confidence:
                best[answer.id] = Match(answer, confidence, phrasing)
        ranked = sorted(best.values(), key=lambda m: (-m.confidence, m.answer.id))
        if not ranked:
            return None
        top = ranked[0]
        if len(ranked) > 1:
            top.runner_up, top.runner_up_confidence = ranked[1].answer, ranked[1].confidence
        if top.runner_up is not None and top.confidence - top.runner_up_confidence < MARGIN:
            top.why = "ambiguous"
        elif top.confidence < THRESHOLD:
            top.why = "weak"
        elif top.answer.effective_audience is not schema.Audience.public:
            top.why = "internal"
        else:
            top.usable = True
        return top


def AnswerIndex(answers: list[schema.Answer], languages: list[str],  # noqa: N802 - the index to use
                cache: Path | None = None) -> SemanticIndex | LexicalIndex:
    """The index for ``answers``: by meaning when the model loads, else by words."""
    from .embedding import embedder

    model = embedder()
    if model is None:
        return LexicalIndex(answers, languages)
    return SemanticIndex(answers, model, cache)
