"""The gallery (examples/): companies unlike the built-in example, one per business model, language
and density, each checked strictly, built in full and preflighted: not one defect a designer would
reject in any PDF or deck."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from click.testing import CliRunner

from generator import build, load_project
from generator.cli import cli

from .conftest import ROOT

GALLERY = sorted(p for p in (ROOT / "examples").iterdir() if (p / "content" / "company.yaml").is_file())
WRITTEN = dt.date(2026, 12, 6)  # the day the gallery was last reviewed: nothing is stale on it
# what the gallery stands for (README "Pricing", "Gallery"): a business model, languages, a density
EXPECTED = {
    "conseil-lumen": (["fr", "en"], "project"),
    "hanul-sense": (["ko", "en"], "device-month"),
    "rota-frete": (["pt-BR", "es"], "transaction"),
    "faro-ciber": (["es", "en"], "endpoint-month"),
}


def test_the_gallery_spans_business_models_and_languages():
    assert [p.name for p in GALLERY] == sorted(EXPECTED)
    for project in GALLERY:
        loaded, diags = load_project(project, today=WRITTEN)
        languages, per = EXPECTED[project.name]
        assert loaded.languages == languages
        assert per in {plan.unit_price.per for plan in loaded.plans.values() if plan.unit_price}


@pytest.mark.parametrize("project", GALLERY, ids=[p.name for p in GALLERY])
def test_a_gallery_company_is_valid_builds_and_passes_preflight(project, tmp_path):
    copy = tmp_path / project.name
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", ".enablekit-cache"))
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(copy), "--strict", "--today", WRITTEN.isoformat()])
    assert checked.exit_code == 0, checked.output
    result = build(copy, today=WRITTEN)
    downloads = json.loads((result.out / "downloads" / "manifest.json").read_text(encoding="utf-8"))
    kinds = {d["kind"] for d in downloads}
    loaded, _ = load_project(copy, today=WRITTEN)
    required = {"booklet", "brochure", "battlecard", "whitepaper", "deck", "proposal"}
    assert required | ({"workbook"} if loaded.training else set()) <= kinds  # a workbook needs a training path
    preflight = runner.invoke(cli, ["preflight", str(copy), "--format", "json"])
    assert preflight.exit_code == 0, preflight.output
    assert json.loads(preflight.stdout) == []
    if project.name == "faro-ciber":  # two values cite the same case: its proof is shown under the first only
        from pptx import Presentation

        prs = Presentation(str(result.out / "downloads" / "pitch.es.pptx"))
        proofs = [sh.text_frame.paragraphs[-1].text for slide in prs.slides for sh in slide.shapes
                  if sh.name == "Card text" and sh.text_frame.paragraphs[-1].text.startswith("Prueba")]
        assert len(proofs) == 3 and proofs[2] == "Prueba: Grupo Levante Salud — Alertas diarias que revisa sistemas 1.200 → 6"


def test_a_proof_names_a_case_apart_from_a_figure_that_is_not_its_own():
    # rota-frete's first value: a platform-wide average and a case; the average is not the case's figure
    project, _ = load_project(ROOT / "examples" / "rota-frete", today=WRITTEN)
    first, second = project.company.product.value[0], project.company.product.value[1]
    assert project.proof_line(first.proof, "pt-BR") == (
        "Tempo médio entre publicar a carga e ter o caminhão confirmado — 42 minutos (média da plataforma, "
        "1º semestre de 2026) · Casos de sucesso: Cerealista Planalto")
    # a sentence that names the case's customer already: the customer is not repeated
    assert project.proof_line(second.proof, "pt-BR") == (
        "CT-e rejeitados ou corrigidos — de 6,2% para 0,4% das cargas na Doce Lar Alimentos")


def test_a_proof_that_is_only_a_case_gives_what_the_case_measured():
    project, _ = load_project(ROOT / "examples" / "faro-ciber", today=WRITTEN)
    third = project.company.product.value[2]
    assert project.proof_line(third.proof, "es") == "Grupo Levante Salud — Alertas diarias que revisa sistemas 1.200 → 6"
