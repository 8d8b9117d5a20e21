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


def test_the_less_an_answer_stands_out_the_more_its_latent_terms_must_confirm_it():
    from generator.answers.matching import decide

    def written(standout: float, terms: tuple[bool, float] | None, same: float = 0.80) -> tuple[bool, str]:
        return decide(0.86, 0.01, standout, same, set(), True, terms)

    assert written(4.2, None) == written(4.2, (False, 0.0)) == (True, "")  # clear by meaning: terms not asked
    assert written(3.6, (True, 3.0)) == (True, "")
    assert written(3.6, (True, 2.9)) == (False, "weak")
    assert written(3.6, (False, 4.0)) == (False, "weak")  # another answer is first by its terms
    assert written(3.6, None) == (True, "")  # a model without the terms head: the meaning alone, as before
    assert written(2.8, (True, 3.5)) == (True, "")
    assert written(2.8, (True, 3.4)) == (False, "weak")
    assert written(2.8, None) == (False, "weak")
    assert written(2.4, (True, 9.0)) == (False, "weak")  # below CONFIRMED_STANDOUT nothing confirms it
    assert written(2.8, (False, 0.0), same=0.96) == (True, "")  # the very words of a phrasing


def test_only_answers_that_stand_out_but_not_clearly_are_read_again_by_their_latent_terms(example_index,
                                                                                           monkeypatch):
    read: list[list[str]] = []
    terms = Embedder.terms
    monkeypatch.setattr(Embedder, "terms", lambda self, texts: read.append(list(texts)) or terms(self, texts))
    questions = [
        "12. What uptime do you commit to in the contract?",  # clear by meaning
        "13. Introduce your company: year founded, headcount, number of customers and stores equipped.",
        "14. Do you keep a record of who changed an employee's salary and when?",
        "15. Do you support fingerprint or face recognition login on the mobile app?",
        "16. Who won the 1998 World Cup?",  # stands out from nothing
    ]
    matches = example_index.match_all(questions)
    *own, asked = read  # the library's own texts first (unless an earlier test read them: cached)
    assert asked == [meaning(q) for q in questions[1:4]]
    assert all(len(texts) == len(example_index.phrasings) + len(example_index.texts) for texts in own)
    assert [(m.answer.id, m.usable, m.why) for m in matches] == [
        ("availability-sla", True, ""),
        ("company-profile", True, ""),  # its terms put the same answer first, far ahead: written
        ("data-migration", False, "weak"),  # by meaning a migration answer; by its terms, not that one
        ("attendance-devices", False, "weak"),  # fingerprint clocking-in devices are not a login method
        (matches[4].answer.id, False, "ambiguous"),
    ]


def test_the_librarys_latent_terms_are_read_once_and_kept_with_its_vectors(tmp_path, monkeypatch):
    model = Embedder()
    calls: list[int] = []
    terms = Embedder.terms
    monkeypatch.setattr(Embedder, "terms", lambda self, texts: calls.append(len(texts)) or terms(self, texts))
    texts = ["Is data encrypted at rest?", "数据是否加密存储？"]
    idx, val = model.cached_terms(texts, tmp_path)
    again = model.cached_terms(texts, tmp_path)
    assert calls == [2]
    assert np.array_equal(idx, again[0]) and np.array_equal(val, again[1])
    assert idx.shape == val.shape == (2, 256)
    assert np.allclose(np.linalg.norm(val, axis=1), 1.0)
    (stored,) = tmp_path.glob("*.npz")
    stored.write_bytes(b"not numpy")  # a damaged cache file is read again from the model, never trusted
    model.cached_terms(texts, tmp_path)
    assert calls == [2, 2]
