"""Issue 23: answer entries in languages beyond the site's (company.yaml ``answer_languages``)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from generator.content.loader import load_project
from generator.outputs.mcp.tools import Knowledge, ToolError
from generator.views.audience import view

from .conftest import TODAY
from .test_answers import _cli

EXTRA = Path(__file__).parent / "fixtures" / "answers-extra"


@pytest.fixture
def extra(tmp_path) -> Path:
    shutil.copytree(EXTRA, tmp_path / "p")
    return tmp_path / "p"


def _errors(root: Path) -> list[str]:
    _, diags = load_project(root, today=TODAY)
    return [str(d) for d in diags.errors]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_answer_language_is_accepted_in_answer_entries_only(extra):
    _, diags = load_project(extra, today=TODAY)
    assert [str(d) for d in diags] == []  # fr and ja texts in answers; no warning for a missing ja
    _edit(
        extra / "content/objections/price.yaml",
        "  short: Priced per active technician",
        "  short: {en: Priced per active technician, fr: Facturé par technicien actif}",
    )
    assert _errors(extra) == ["content/objections/price.yaml:4:45: unknown language 'fr' (languages: en)"]


def test_a_language_in_neither_list_is_refused_in_an_answer_entry(extra):
    _edit(
        extra / "content/answers/library.yaml",
        "  question: {en: Where is the data hosted?, fr:",
        "  question: {en: Where is the data hosted?, de: Wo liegen die Daten?, fr:",
    )
    assert _errors(extra) == [
        "content/answers/library.yaml:20:45: unknown language 'de' (languages: en; answer languages: fr, ja)"
    ]


def test_answer_languages_are_validated_like_languages(extra):
    _edit(extra / "content/company.yaml", "answer_languages: [fr, ja]", "answer_languages: [ja, jp, en, ja]")
    _, diags = load_project(extra, today=TODAY)
    assert [str(d) for d in diags if "company.yaml" in str(d)] == [
        "content/company.yaml:4:24: answer_languages: unknown language code 'jp'; did you mean 'ja'?"
        " (use BCP 47 codes such as ja, de, zh-TW, pt-BR)",
        "content/company.yaml:4:28: warning: answer_languages: 'en' is also in languages, which covers it;"
        " remove it here",
        "content/company.yaml:4:32: answer language 'ja' is listed twice",
    ]


def test_an_unknown_answer_language_code_suggests_the_closest(extra):
    _edit(extra / "content/company.yaml", "answer_languages: [fr, ja]", "answer_languages: [fe, ja]")
    errors = _errors(extra)
    assert errors[0] == (
        "content/company.yaml:4:20: answer_languages: unknown language code 'fe'; did you mean"
        " 'mfe'? (use BCP 47 codes such as ja, de, zh-TW, pt-BR)"
    )


def _xlsx(path: Path, questions: list[str]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["N°", "Exigence", "Réponse"])
    for n, question in enumerate(questions, 1):
        ws.append([str(n), question, None])
    wb.save(path)


def test_a_question_in_an_answer_language_gets_that_answer_cell_by_cell(extra, tmp_path):
    source = tmp_path / "appel.xlsx"
    _xlsx(
        source,
        [
            "Les données sont-elles chiffrées en transit et au repos ?",
            "Existe-t-il une application mobile pour les techniciens ?",
            "データは通信時と保存時に暗号化されていますか？",
            "Gibt es eine mobile App für Techniker?",
        ],
    )
    code, text = _cli(["answer", str(source), "--project", str(extra)])
    assert code == 0, text
    assert "Questions traitées\u202f: 4 sur 4" in text  # the file is French: so is the summary
    ws = openpyxl.load_workbook(tmp_path / "appel.answered.xlsx").active
    assert [ws.cell(r, 3).value for r in range(2, 6)] == [
        "Oui. Les échanges sont chiffrés en TLS 1.2 ou supérieur ; les bases et les sauvegardes en AES-256.",
        "Oui. Des applications iOS et Android qui fonctionnent hors ligne et se synchronisent au retour du réseau.",
        "はい。通信は TLS 1.2 以上で、データベースとバックアップは AES-256 で暗号化されています。",
        # no German text: the file's language, as for any language the entry lacks
        "Oui. Des applications iOS et Android qui fonctionnent hors ligne et se synchronisent au retour du réseau.",
    ]


def test_a_german_question_without_german_text_falls_back_as_before(extra, tmp_path):
    source = tmp_path / "fragen.csv"
    source.write_text("Frage;Antwort\nGibt es eine mobile App für Techniker?;\n", encoding="utf-8")
    code, text = _cli(["answer", str(source), "--project", str(extra)])
    assert code == 0, text
    rows = list(
        csv.reader(io.StringIO((tmp_path / "fragen.answered.csv").read_text(encoding="utf-8-sig")), delimiter=";")
    )
    assert rows[1] == [
        "Gibt es eine mobile App für Techniker?",
        "Yes. iOS and Android apps that work offline and sync when back online.",
    ]


def test_language_option_takes_answer_languages_only_of_the_list(extra, tmp_path):
    source = tmp_path / "q.csv"
    source.write_text("Question,Answer\nIs there a mobile app for technicians?,\n", encoding="utf-8")
    code, text = _cli(["answer", str(source), "--project", str(extra), "--language", "fr"])
    assert code == 0, text
    rows = list(csv.reader(io.StringIO((tmp_path / "q.answered.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][1].startswith("Oui. Des applications iOS")
    code, text = _cli(["answer", str(source), "--project", str(extra), "--language", "de"])
    assert code == 1 and text.strip() == (
        "error: --language de: not a language of the project (en; answer languages: fr, ja)"
    )


def test_site_pages_never_fall_back_to_an_answer_language(extra):
    _edit(
        extra / "content/answers/library.yaml",
        "- id: mobile\n  question:",
        "- id: mobile\n  variants: [{fr: Vos techniciens ont-ils une appli ?}]\n  question:",
    )
    project, diags = load_project(extra, today=TODAY)
    assert [str(d) for d in diags] == []  # a variant only in an answer language is an optional extra
    mobile = project.answers["mobile"]
    assert project.t(mobile.variants[0], "en") == ""
    assert project.t(mobile.answer, "en").startswith("Yes. iOS")
    assert project.t(mobile.answer, "fr").startswith("Oui. Des applications")


def test_the_mcp_answer_tool_answers_in_an_answer_language(extra):
    project, _ = load_project(extra, today=TODAY)
    tools = Knowledge(view(project, "public"))
    out = tools.answer({"question": "Existe-t-il une application mobile pour les techniciens ?"})
    assert (out["found"], out["language"], out["answer"][:22]) == (True, "fr", "Oui. Des applications ")
    out = tools.answer({"question": "Is there a mobile app for technicians?", "language": "ja"})
    assert (out["language"], out["answer"][:9]) == ("en", "Yes. iOS ")  # the entry has no Japanese
    with pytest.raises(ToolError, match=r"^unknown language 'de' \(languages: en; answer languages: fr, ja\)$"):
        tools.answer({"question": "Gibt es eine App?", "language": "de"})
    with pytest.raises(ToolError, match=r"^unknown language 'fr' \(languages: en\)$"):
        tools.search({"query": "app", "language": "fr"})


def test_an_answer_language_the_word_lists_do_not_know_is_told_by_the_model(extra, tmp_path):
    """Swedish: the function-word lists would read 'en' as Dutch; py3langid tells it among the project's."""
    _edit(extra / "content/company.yaml", "answer_languages: [fr, ja]", "answer_languages: [fr, ja, sv]")
    _edit(
        extra / "content/answers/library.yaml",
        "  question: {en: Is there a mobile app for technicians?,",
        "  question: {sv: Finns det en mobilapp för teknikerna som fungerar utan uppkoppling?,"
        " en: Is there a mobile app for technicians?,",
    )
    _edit(
        extra / "content/answers/library.yaml",
        '    en: "Yes. iOS and Android apps that work offline and sync when back online."',
        '    en: "Yes. iOS and Android apps that work offline and sync when back online."\n'
        '    sv: "Ja. Appar för iOS och Android som fungerar offline och synkar när nätet är tillbaka."',
    )
    source = tmp_path / "fragor.csv"
    source.write_text(
        "Question;Answer\nFinns det en mobilapp för teknikerna som fungerar utan uppkoppling?;\n"
        "Is there a mobile app for technicians?;\n",
        encoding="utf-8",
    )
    code, text = _cli(["answer", str(source), "--project", str(extra)])
    assert code == 0, text
    rows = list(
        csv.reader(io.StringIO((tmp_path / "fragor.answered.csv").read_text(encoding="utf-8-sig")), delimiter=";")
    )
    assert [row[1][:24] for row in rows[1:]] == ["Ja. Appar för iOS och An", "Yes. iOS and Android app"]
