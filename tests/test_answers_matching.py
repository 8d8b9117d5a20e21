"""Matching questions to the answer library by meaning: what the model reads and how often
(benchmarks/answers.py measures what it fills)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from generator.answers.embedding import Embedder
from generator.answers.matching import AnswerIndex, SemanticIndex, meaning
from generator.content.loader import load_project
from generator.content.schema import Audience
from generator.views.audience import view

from .conftest import ROOT, TODAY
from .test_answers import library  # noqa: F401 - the small library fixture


def test_the_model_reads_a_question_without_its_reference_number():
    assert meaning("12. Is data encrypted at rest?") == "Is data encrypted at rest?"
    assert meaning("CAIQ TVM-02: Do you patch critical vulnerabilities?") == "Do you patch critical vulnerabilities?"
    assert meaning("Q17.  Are backups\n  encrypted?") == "Are backups encrypted?"
    assert meaning("4.3 数据备份与恢复：请说明备份频率。") == "数据备份与恢复：请说明备份频率。"
    assert meaning("4.2.3") == "4.2.3"  # nothing but a reference: kept, not emptied


def test_a_question_asked_under_several_numbers_goes_through_the_model_once(library, monkeypatch):  # noqa: F811
    project, _ = load_project(library, today=TODAY)
    model = Embedder()
    index = SemanticIndex(list(view(project, Audience.public).answers.values()), model)
    read: list[tuple[list[str], bool]] = []
    embed = Embedder._embed
    monkeypatch.setattr(
        Embedder, "_embed", lambda self, texts, query: read.append((texts, query)) or embed(self, texts, query)
    )
    questions = [
        "1. Is data encrypted at rest?",
        "2. Is data encrypted at rest?",
        "Is data encrypted at rest?",
        "3. Can rotas be generated automatically?",
    ]
    matches = index.match_all(questions)
    assert read == [(["Is data encrypted at rest?", "Can rotas be generated automatically?"], True)]
    assert [(m.answer.id, m.usable) for m in matches] == [("encryption", True)] * 3 + [("roster-auto", True)]
    # the same questions again (a questionnaire filled a second time): the model is not asked again
    assert [m.answer.id for m in index.match_all(questions[::-1])] == ["roster-auto"] + ["encryption"] * 3
    assert len(read) == 1


@pytest.fixture(scope="module")
def example_index(tmp_path_factory):
    project, _ = load_project(ROOT, today=TODAY)
    return AnswerIndex(list(project.answers.values()), project.languages, cache=tmp_path_factory.mktemp("vectors"))


def test_an_unrelated_question_is_left_empty(example_index):
    match = example_index.match("Who won the 1998 World Cup?")
    assert (match.usable, match.why) == (False, "ambiguous")


def test_questions_spread_over_the_cores_get_the_vectors_of_one_engine_call(monkeypatch):
    from generator.answers import embedding

    model = Embedder()
    assert model._workers == embedding.cores()
    monkeypatch.setattr(model, "_workers", 2)
    texts = [f"Is data from site {n} encrypted at rest?" for n in range(embedding.LOT * 2 + 3)] + ["数据是否加密存储？"]
    spread = model._embed(texts, True)
    together = np.asarray(model._model.encode(texts, True), dtype=np.float32)
    assert spread.shape == (len(texts), 384)
    assert np.array_equal(spread, together)  # the same vectors, in the same order, from three lots


def test_loading_the_model_leaves_the_process_environment_as_it_was(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    Embedder()
    assert "OMP_NUM_THREADS" not in os.environ
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    Embedder()
    assert os.environ["OMP_NUM_THREADS"] == "3"


def test_a_text_longer_than_the_model_reads_is_cut_to_its_first_window():
    model = Embedder()
    short = "请说明系统的数据备份与恢复机制，包括备份频率和保存期限。"
    assert model.window(short, True) == short
    long = short * 60  # 1,680 characters, 1,086 tokens: three windows of the engine
    assert model._model.token_count(long, True) == 1086
    cut = model.window(long, True)
    assert long.startswith(cut)
    assert model._model.token_count(cut, True) == 512  # the model's window, to the token
    assert model._model.token_count(long[: len(cut) + 1], True) > 512
    assert np.array_equal(model._embed([long], True), model._embed([cut], True))
