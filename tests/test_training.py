"""Onboarding: generated quizzes, the training pages, the answer key and the workbook."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from generator import build, load_project
from generator.views.training import quiz

from .conftest import FIXTURES, TODAY


@pytest.fixture(scope="module")
def example():
    from .conftest import ROOT

    project, _ = load_project(ROOT, today=TODAY)
    return project


def test_generated_questions_are_deterministic_and_fair(example):
    path = example.training["new-hire-30-days"]
    for module in path.modules:
        first, second = quiz(example, path, module, "zh"), quiz(example, path, module, "zh")
        assert [(q.question, q.choices, q.answer) for q in first] == [(q.question, q.choices, q.answer) for q in second]
        for q in first:
            assert len(set(q.choices)) == len(q.choices) >= 2
            assert 0 <= q.answer < len(q.choices)
            if q.objection is not None:  # generated: the answer is the objection's own talk track
                assert q.choices[q.answer] == example.t(q.objection.short, "zh")
                distractors = [c for i, c in enumerate(q.choices) if i != q.answer]
                assert len(distractors) == 3 and example.t(q.objection.short, "zh") not in distractors
                assert q.question.endswith("——哪个回答最合适？")
    generated = [q for m in path.modules for q in quiz(example, path, m, "en") if q.objection is not None]
    assert len(generated) == 5  # the two rules ask for 3 and 2
    assert generated[0].question.startswith("CFO / Head of Finance says: “")


def test_rules_choose_within_their_filter(example):
    """Each rule asks as many questions as its count, in the order of the rules, every one about an
    objection its filter lets through (an objection without roles applies to every role)."""
    path = example.training["new-hire-30-days"]
    ruled = [m for m in path.modules if any(hasattr(e, "from_objections") for e in m.quiz)]
    assert [m.id for m in ruled] == ["objection-handling"]
    [module] = ruled
    rules = [e.from_objections for e in module.quiz if hasattr(e, "from_objections")]
    assert [(r.roles, r.category, r.count) for r in rules] == [(["cfo"], None, 3), ([], "price", 2)]
    asked = [q.objection for q in quiz(example, path, module, "zh") if q.objection is not None]
    assert len(asked) == 5
    assert [not o.roles or "cfo" in o.roles for o in asked[:3]] == [True, True, True], [o.id for o in asked]
    assert [o.category for o in asked[3:]] == ["price", "price"], [o.id for o in asked]


@pytest.fixture(scope="module")
def training_sites(tmp_path_factory):
    base = tmp_path_factory.mktemp("training")
    project = base / "project"
    shutil.copytree(FIXTURES / "valid", project)
    internal = build(project, out=base / "internal", only=["pdf", "site"], today=TODAY).out
    path = project / "playbooks/training/onboarding.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "audience: public\n", encoding="utf-8")
    public = build(project, out=base / "public", audience="public", only=["pdf", "site"], today=TODAY).out
    return internal, public


def test_training_page_and_answer_key(training_sites):
    internal, public = training_sites
    page = (internal / "training/onboarding/index.html").read_text(encoding="utf-8")
    assert 'data-answer="1"' in page and "规划中的能力不能当作已上线来卖。" in page
    assert "财务负责人嫌贵" in page and "买方角色卡" in page and "先问清临时工人数" in page
    assert "测验全部达到 80 分" in page
    key = (internal / "training/onboarding-answers/index.html").read_text(encoding="utf-8")
    assert "B. 规划中，预计 2027-06" in key
    public_page = (public / "training/onboarding/index.html").read_text(encoding="utf-8")
    assert "data-answer" not in public_page and "data-explain" not in public_page
    assert "答案由培训师批改。" in public_page
    assert not (public / "training/onboarding-answers").exists()


def text(pdf) -> str:
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)


@pytest.mark.needs("pdftotext")
def test_workbook_pdf(training_sites):
    internal, public = training_sites
    inside = text(internal / "downloads/workbook-onboarding.zh.pdf")
    for expected in ["培训手册", "预测功能上线了吗？", "A.已上线", "买方角色卡", "销售角色卡", "旺季临时工太多按人头收费不划算",
                     "沿此线剪下", "评分标准", "先问清临时工人数", "认证要求", "答案"]:
        assert expected in inside, expected
    outside = text(public / "downloads/workbook-onboarding.zh.pdf")
    assert "预测功能上线了吗？" in outside and "答案" not in outside.split("认证要求")[-1]
