"""The content search behind `enablekit ask` and the MCP server's `search` (generator/answers/retrieval.py),
with a stand-in for the model so that what words and meaning each contribute can be told apart; the real
model's quality is measured by benchmarks/retrieval.py."""

from __future__ import annotations

import numpy as np

from generator.answers.retrieval import KnowledgeIndex
from generator.content.loader import load_or_fail
from generator.views.audience import view

from .conftest import FIXTURES, TODAY


class SameMeaning:
    """A model for which every text means the same: the ranking by meaning says nothing."""

    def cached(self, texts, cache, *, query=False):  # noqa: ANN001, ANN201, ARG002
        return np.ones((len(texts), 4), dtype=np.float32) / 2

    def queries(self, texts):  # noqa: ANN001, ANN201
        return np.ones((len(texts), 4), dtype=np.float32) / 2


class Favours:
    """A model that finds only the passages containing ``marker`` close to every question."""

    def __init__(self, marker: str):
        self.marker = marker

    def cached(self, texts, cache, *, query=False):  # noqa: ANN001, ANN201, ARG002
        return np.array([[1.0, 0.0] if self.marker in t else [0.0, 1.0] for t in texts], dtype=np.float32)

    def queries(self, texts):  # noqa: ANN001, ANN201
        return np.array([[1.0, 0.0]] * len(texts), dtype=np.float32)


def _internal():
    return view(load_or_fail(FIXTURES / "valid", today=TODAY)[0], "internal")


def test_a_word_of_the_question_finds_the_item_the_model_blurs():
    idx = KnowledgeIndex(_internal(), SameMeaning())
    hits = idx.search("Rollout takes too long", limit=3)
    assert hits[0].item.key == "objection:too-slow-rollout"
    assert len({h.item.key for h in hits}) == 3  # items, not passages: one item takes one place


def test_meaning_and_words_agreeing_beat_either_alone():
    # the model favours the temps objection, the words name the rollout one: both are in the first three,
    # above every item that neither signal ranks first
    idx = KnowledgeIndex(_internal(), Favours("临时工"))
    keys = [h.item.key for h in idx.search("Rollout takes too long", limit=3)]
    assert set(keys[:2]) == {"objection:too-slow-rollout", "objection:temp-workers-cost"}
    # first by meaning and by words: the best score there is
    [top] = KnowledgeIndex(_internal(), Favours("上线太慢")).search("Rollout takes too long", limit=1)
    assert (top.item.key, top.score) == ("objection:too-slow-rollout", 1.0)


def test_a_part_of_an_item_is_embedded_with_its_title_not_its_heading():
    internal = _internal()
    idx = KnowledgeIndex(internal, SameMeaning())
    texts = [t for n, s, t in idx.passages if idx.items[n].key == "objection:temp-workers-cost" and s == 1]
    assert texts == [
        "旺季临时工太多按人头收费不划算\n用客户的数据算账。",
        "Seasonal temps make per-head pricing too costly\nDo the sums with the customer's data.",
    ]


def test_a_long_part_is_embedded_in_pieces_cut_between_lines_and_shown_whole():
    from generator.answers.retrieval import pieces

    lines = [f"- point {n}: " + "x" * 90 for n in range(12)]  # 12 lines of 101 characters
    cut = pieces("\n".join(lines), size=500)
    assert [len(p.splitlines()) for p in cut] == [4, 4, 4]  # 4 lines fit in 500 characters, a 5th does not
    assert "\n".join(cut) == "\n".join(lines)  # nothing lost, nothing cut inside a line
    assert pieces("short", size=500) == ["short"]
    assert pieces("y" * 700, size=500) == ["y" * 700]  # one line longer than a piece stays whole

    internal = _internal()
    entity = internal.objections["too-slow-rollout"]
    entity.answer = "\n".join(lines)  # a long full answer: its last point is what the question asks
    idx = KnowledgeIndex(internal, Favours("point 11"))
    found = [(s, t) for n, s, t in idx.passages if idx.items[n].key == "objection:too-slow-rollout" and s == 1]
    # three pieces in each language, each with the item's title
    assert [t.splitlines()[0] for _, t in found] == ["上线太慢"] * 3 + ["Rollout takes too long"] * 3
    [top] = idx.search("Rollout", limit=1)
    assert (top.item.key, top.section) == ("objection:too-slow-rollout", 1)  # the whole answer is the hit
