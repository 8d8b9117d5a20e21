"""Matching questions to the answer library.

Matching is ranked retrieval, offline: every phrasing of every answer (its question and variants,
in each language) is a document; questions and documents are cut into words (jieba for Chinese),
BM25 (bm25s) ranks the candidates, and a confidence in [0, 1] combines how much of the question's
rare words the phrasing covers with a fuzzy ratio (rapidfuzz). Below a threshold nothing is used.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..content import schema

THRESHOLD = 0.45  # below this confidence a question is left unanswered and reported
CANDIDATES = 12  # phrasings BM25 hands to the confidence scoring
MARGIN = 0.04  # the best answer must beat the best other one by this much (benchmarks/answers.py)

_STOP_EN = frozenset(
    "a an and are as at be by can could do does for from has have how i if in is it its may of on or our"
    " please provide should that the their there this to us we what when where which who will with would"
    " you your describe explain whether any all".split()
)
_STOP_ZH = frozenset(
    "的 了 是 否 吗 呢 在 和 与 及 或 对 把 被 请 贵 贵司 贵方 你们 您 我们 是否 能否 可否 如何 怎么 怎样 什么 哪些"
    " 有 有没有 进行 提供 说明 描述 一下 支持 方面 情况 相关 可以 能够 是不是".split()
)
_STOP_CHARS = frozenset("的了是否吗呢在和与及或对把被请贵司您们我你能可以有没什么如何怎么哪些一下方面情况相关")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w", re.UNICODE)


# --------------------------------------------------------------------------- text


def detect_language(texts: list[str], languages: list[str]) -> str:
    """The language most ``texts`` are in: Chinese when CJK characters dominate, else the first
    non-Chinese project language (English when there is one)."""
    cjk = sum(1 for t in texts if len(_CJK.findall(t)) >= max(2, len(t.strip()) // 5))
    zh = next((lang for lang in languages if lang.split("-")[0] == "zh"), None)
    if zh and cjk * 2 >= max(1, len(texts)):
        return zh
    other = [lang for lang in languages if lang.split("-")[0] != "zh"]
    return "en" if "en" in other else (other[0] if other else languages[0])


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
    """Words of a question: jieba's search-mode cut (which also splits latin words), stop words and
    punctuation dropped, latin words cut to their first six letters (encrypt/encrypted/encryption)."""
    out = []
    for word in _jieba().cut_for_search(normalise(text)):
        word = word.strip()
        if not word or not _WORD.search(word) or word in _STOP_EN or word in _STOP_ZH:
            continue
        if word.isascii() and word.isalpha() and len(word) > 6:
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
    answer: schema.Answer
    confidence: float
    phrasing: str
    runner_up: schema.Answer | None = None  # the best other answer, and its confidence
    runner_up_confidence: float = 0.0

    @property
    def ambiguous(self) -> bool:
        """Two different answers fit about equally well: neither is written."""
        return self.runner_up is not None and self.confidence - self.runner_up_confidence < MARGIN


class AnswerIndex:
    """Every phrasing of the given answers, ready to rank questions against."""

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
        return top
