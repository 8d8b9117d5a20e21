"""`enablekit new --languages X,Y [--currency C]`: the starter project written in the languages asked for,
priced in the currency of the first language's country, valid at once."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from generator.cli import cli, main
from generator.content.scaffold import default_currency


def new(tmp_path: Path, *args: str) -> tuple[Path, object]:
    target = tmp_path / "project"
    result = CliRunner().invoke(cli, ["new", str(target), *args])
    return target, result


def check(target: Path) -> object:
    return CliRunner().invoke(cli, ["check", str(target), "--strict", "--today", "2026-11-22"])


def plan(target: Path) -> dict:
    company = yaml.safe_load((target / "content/company.yaml").read_text(encoding="utf-8"))
    return company["product"]["pricing"]["plans"][0]


def test_a_french_project_is_written_in_french_and_priced_in_euros(tmp_path):
    target, result = new(tmp_path, "--languages", "fr,en")
    assert result.exit_code == 0, result.output
    assert "no fr version" not in result.output
    assert check(target).exit_code == 0
    objection = (target / "content/objections/price.yaml").read_text(encoding="utf-8")
    assert "    fr: Une tarification par tête, c'est trop cher.\n    en: Per-head pricing is too expensive.\n" in objection
    assert "zh:" not in objection and "  roles: [cfo]\n" in objection
    assert plan(target)["unit_price"] == {"amount": 4, "currency": "EUR", "per": "seat-month"}
    whitepaper = (target / "content/whitepapers/frontline-guide.md").read_text(encoding="utf-8")
    assert "\nlanguage:" not in whitepaper and "## Pourquoi la planification est difficile" in whitepaper
    assert sorted(p.name for p in (target / "content/whitepapers").iterdir()) == [
        "frontline-guide.en.md", "frontline-guide.md"]


def test_korean_alone_in_won_and_a_region_takes_its_language(tmp_path):
    target, result = new(tmp_path / "ko", "--languages", "ko")
    assert result.exit_code == 0 and check(target).exit_code == 0
    assert plan(target)["unit_price"]["currency"] == "KRW" and plan(target)["unit_price"]["amount"] == 5500
    target, result = new(tmp_path / "br", "--languages", "pt-BR,en")
    assert result.exit_code == 0 and check(target).exit_code == 0
    assert plan(target)["unit_price"]["currency"] == "BRL"
    assert "pt-BR: Padrão" in (target / "content/company.yaml").read_text(encoding="utf-8")


def test_the_currency_asked_for_and_a_wrong_code(tmp_path, capsys):
    target, result = new(tmp_path / "chf", "--languages", "de,en", "--currency", "chf")
    assert result.exit_code == 0
    assert plan(target)["unit_price"] == {"amount": 4, "currency": "CHF", "per": "seat-month"}
    target = tmp_path / "bad"
    capsys.readouterr()
    try:
        main(["new", str(target), "--languages", "de,en", "--currency", "EUO"])
    except SystemExit as exc:
        assert exc.code == 1
    assert capsys.readouterr().err.strip() == (
        "error: --currency: 'EUO' is not an ISO 4217 currency code (such as EUR, USD, JPY); did you mean 'EUR'?")
    assert not target.exists()


def test_a_language_the_starter_lacks_is_listed_to_translate(tmp_path):
    target, result = new(tmp_path, "--languages", "sv,en")
    assert result.exit_code == 0
    checked = check(target)
    assert "warning: no 'sv' translation (falls back to 'en')" in checked.output or "lack 'sv'" in checked.output
    assert plan(target)["unit_price"]["currency"] == "SEK"


def test_default_currencies_follow_the_language_country():
    assert [default_currency(lang) for lang in ("zh", "en", "zh-TW", "ja", "fr", "pt", "pt-PT", "es-MX")] == [
        "CNY", "USD", "TWD", "JPY", "EUR", "BRL", "EUR", "MXN"]
