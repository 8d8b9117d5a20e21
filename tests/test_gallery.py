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
    check_no_markup_as_text(result.out / "downloads")
    check_the_site_fits(result.out, loaded.languages)
    if project.name == "faro-ciber":
        check_faro_pitch(result.out / "downloads" / "pitch.es.pptx")
    if project.name == "hanul-sense":
        check_korean_lines(result.out)
        check_hanul_prep(result.out / "downloads" / "meeting-prep-hangyeol-autotech-2027.ko.pdf")
    if project.name == "rota-frete":  # each cover figure says where it was measured, unless its label does
        import subprocess

        cover = " ".join(subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(result.out / "downloads" / "booklet.pt-BR.pdf"),
                                         "-"], capture_output=True, text=True, check=True).stdout.split())
        assert "Cerealista Planalto" in cover and "Doce Lar Alimentos" in cover, cover
        assert "Serra Clara Bebidas" not in cover  # its label names Serra Clara already


def check_the_site_fits(site, languages):
    """In every language, every tab is inside the tab bar at the narrowest desktop that shows one (long
    French, Spanish, Portuguese names go under "More"), and no page scrolls sideways on a phone (a long
    language name in the language menu did)."""
    from playwright.sync_api import sync_playwright

    from .browsing import ARGS, CHROMIUM, serve

    httpd, url = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            desktop, phone = browser.new_page(viewport={"width": 1220, "height": 800}), \
                browser.new_page(viewport={"width": 390, "height": 844})
            for k, lang in enumerate(languages):
                root = f"{url}/" if k == 0 else f"{url}/{lang}/"
                desktop.goto(root)
                tabs = desktop.evaluate("""() => { const bar = document.querySelector('.md-tabs__list').getBoundingClientRect();
                    return Array.from(document.querySelectorAll('.md-tabs__item'))
                        .map(li => [li.innerText.trim(), li.getBoundingClientRect().right <= bar.right + 1]); }""")
                assert len(tabs) >= 6 and all(inside for _, inside in tabs), (lang, tabs)
                for page in ("", "collateral/"):
                    phone.goto(root + page)
                    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, (lang, page)
            browser.close()
    finally:
        httpd.shutdown()


def check_no_markup_as_text(downloads):
    """No PDF prints a tag or an entity as text (a no-wrap span escaped with the text around it did)."""
    import re
    import subprocess

    for pdf in sorted(downloads.glob("*.pdf")):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        shown = re.findall(r"</?[a-z][a-z0-9]*(?:\s[^>\n]*)?>|&(?:[a-z]+|#\d+);", text)
        assert not shown, (pdf.name, shown[:3])


def check_hanul_prep(pdf):
    """An attendee whose title is their role's name shows it once ('오정훈 · 공장장', not '… 공장장 [공장장]');
    an objection two attendees may raise is answered under the first and only named under the next (↑)."""
    import subprocess

    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "오정훈 · 공장장 우호적" in text and "김태석 · 설비보전팀장 내부 챔피언" in text, text[:600]
    assert "이수민 · 구매팀 과장 회의적" in text  # a title that holds the role (구매팀) says it once
    assert text.count("올해 설비 예산은 이미 다 잡혔습니다.") == 2 and "올해 설비 예산은 이미 다 잡혔습니다. ↑" in text
    assert text.count("→ 무상 PoC는 지금 하고") == 1


def check_korean_lines(site):
    """Korean lines break between words, as Korean is set (예지|보전 split is wrong), never inside one, on a
    phone too; nothing runs off its screen. The English pages break as English does."""
    from playwright.sync_api import sync_playwright

    from .browsing import ARGS, CHROMIUM, OVERFLOW
    from .conftest import require

    require(CHROMIUM)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for path, korean in (("index.html", True), ("en/index.html", False)):
            page.goto((site / path).as_uri())
            styles = page.evaluate("""() => ['.md-typeset', '.md-typeset table td', '.md-nav']
                .map(s => document.querySelector(s)).map(e => e && getComputedStyle(e).wordBreak)""")
            if korean:
                assert styles == ["keep-all"] * 3, (path, styles)
            else:
                assert styles[0] == "normal" and "keep-all" not in styles, (path, styles)
            assert page.evaluate(OVERFLOW) == [], path
        browser.close()


def check_faro_pitch(deck):
    """Faro's four benefits on one slide, every word of them (16 pt in a 2 × 2 grid rather than first
    sentences); a proof is the card's evidence, with no "Prueba:" label; the two cases its values cite
    have their figures on the results slide, so no card repeats them."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation(str(deck))
    titles = [slide.shapes.title.text_frame.text for slide in prs.slides]
    assert titles.count("Beneficios para el cliente") == 1 and "Beneficios para el cliente (continuación)" not in titles
    value = prs.slides[titles.index("Beneficios para el cliente")]
    def plain(text: str) -> str:  # as read: the no-break spaces and hyphens that keep a figure whole as spaces
        return text.replace("\xa0", " ").replace("\u2011", "-")

    cards = [[plain(p.text) for p in sh.text_frame.paragraphs] for sh in value.shapes if sh.name == "Card text"]
    assert [c[0] for c in cards] == ["Ataques frenados en minutos", "Un SOC 24×7 sin contratar seis analistas",
                                     "Menos ruido para sistemas", "Auditorías y ciberseguro sin sustos"]
    assert cards[0][1].endswith("El ransomware no llega a cifrar la red.")  # the whole body, not its first sentence
    assert cards[0][2] == ("Mediana de 14 minutos desde la alerta crítica hasta el equipo aislado (todos los clientes,"
                           " enero–octubre de 2026)")
    assert cards[1][2].startswith("Un cliente de 500 equipos paga unos 52.000")
    assert [len(c) for c in cards] == [3, 3, 2, 2]  # Levante's and Urquiola's figures are on the results slide
    results = prs.slides[titles.index("Resultados en clientes")]
    assert [plain(sh.text_frame.text) for sh in results.shapes if sh.name == "Tile value"] == ["1.200 → 6", "96 h → 0 h"]
    assert not any("Prueba" in sh.text_frame.text for slide in prs.slides for sh in slide.shapes if sh.has_text_frame)
    # next steps: numbered badges beside each step, the steps and the contact panel centred on one line
    closing = prs.slides[titles.index("Próximos pasos")]
    shapes = {sh.name: sh for sh in closing.shapes}
    assert [sh.text_frame.text for sh in closing.shapes if sh.name == "Step number"] == ["1", "2", "3"]
    steps = [sh for sh in closing.shapes if sh.name == "Next step"]
    assert [plain(sh.text_frame.text) for sh in steps] == ["Evaluación de exposición gratuita (una hora por videollamada)",
                                                    "Piloto de 30 días en 50 equipos", "Propuesta con precio cerrado por equipo"]
    panel = shapes["Contact panel"]
    steps_middle = (steps[0].top + steps[-1].top + steps[-1].height) / 2
    assert abs(steps_middle - (panel.top + panel.height / 2)) < Inches(0.05)
    assert abs(steps_middle - (closing.shapes.title.top + prs.slide_height) / 2) < Inches(1)  # mid-slide, not at the top
    # the testimonial: who said it right under the quote, not at the foot of the slide
    quote = prs.slides[titles.index("Testimonio")]
    said, by = (next(sh for sh in quote.shapes if sh.name == name) for name in ("Quote", "Quote by"))
    assert 0 < by.top - (said.top + said.height) < Inches(0.5)
    assert plain(by.text_frame.text) == "— Elena Cuesta, directora de sistemas, Grupo Levante Salud"


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


def test_a_proof_that_is_only_a_case_gives_what_the_case_measured_for_the_claim():
    """A case cited alone gives the result that backs the claim: for 'Audits and cyber insurance', the
    audit findings, not the case's first result (the alert count, another card's claim)."""
    project, _ = load_project(ROOT / "examples" / "faro-ciber", today=WRITTEN)
    noise, audits = project.company.product.value[2], project.company.product.value[3]
    assert project.proof_line(noise.proof, "es") == (
        "Grupo Levante Salud — Alertas diarias que revisa el equipo de sistemas 1.200 → 6")
    claim = f"{project.t(audits.title, 'es')} {project.t(audits.body, 'es')}"
    assert project.proof_line(audits.proof, "es", claim) == (
        "Grupo Levante Salud — Hallazgos abiertos en la auditoría anual 23 → 5")
    assert project.proof_line(audits.proof, "es") == (  # without a claim: the case's first result
        "Grupo Levante Salud — Alertas diarias que revisa el equipo de sistemas 1.200 → 6")
