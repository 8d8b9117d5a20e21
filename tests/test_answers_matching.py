"""Matching questions to the answer library by meaning: what the model reads and how often
(benchmarks/answers.py measures what it fills)."""

from __future__ import annotations

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
