"""``enablekit new``: a small but complete project that builds at once, in the languages asked for.

The starter project under ``starter/`` is written in the eleven languages enablekit ships interface
words for (:data:`WRITTEN_IN`). A new project keeps the translations of the languages asked for (a
regional code takes its base language's text: ``pt-BR`` the ``pt`` one); a language the starter has
no text for is left out, so ``check`` lists each text to translate ("no 'sv' translation (falls back
to 'en')"). When none of the languages has a text, the English one stands in under the default
language. Prices are in the currency of the default language's main country (Babel's CLDR data:
``fr`` → EUR, ``pt`` → BRL, ``ko`` → KRW) or the one asked for, at a sample amount of about the same
value in every currency.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..language.i18n import language_problem
from .diagnostics import EnablekitError
from .yamlsafe import load_yaml, split_front_matter

SCAFFOLD = Path(__file__).parent / "starter"  # the new project's files, as written
WRITTEN_IN = ("zh", "en", "zh-TW", "ja", "ko", "de", "fr", "es", "pt", "it", "nl")  # the starter's languages
DEFAULT_LANGUAGES = ("zh", "en")
BODY_LANGUAGE = "zh"  # the language of the whitepaper's main file; <id>.<lang>.md hold the others

# The starter's price (per seat and month) in a few currencies: round amounts of about the same value
# (USD 4), a sample for the author to replace, not a conversion anyone should quote.
SAMPLE_PRICE = {
    "USD": 4, "EUR": 4, "GBP": 3, "CHF": 4, "CAD": 5, "AUD": 6, "CNY": 30, "TWD": 120, "HKD": 30, "JPY": 600,
    "KRW": 5500, "SGD": 5, "INR": 330, "BRL": 22, "MXN": 75, "SEK": 40, "NOK": 40, "DKK": 28, "PLN": 16,
}


def scaffold(directory: str | Path, languages: list[str] | None = None, currency: str | None = None) -> list[Path]:
    languages = list(languages or DEFAULT_LANGUAGES)
    for lang in languages:
        problem = language_problem(lang)
        if problem:
            raise EnablekitError(f"--languages: {problem}")
    if len(set(languages)) != len(languages):
        raise EnablekitError("--languages: a language is listed twice")
    currency = _currency(currency, languages[0])
    target = Path(directory)
    if target.exists() and any(target.iterdir()):
        raise EnablekitError(f"{target} exists and is not empty; choose a new folder")
    written = []
    bodies = _bodies(languages)
    for source in sorted(SCAFFOLD.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        rel = source.relative_to(SCAFFOLD)
        if source.suffix == ".md" and rel.parts[:2] == ("content", "whitepapers"):
            for name, text in _whitepaper(source, languages, bodies):
                dest = target / rel.parent / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(text, encoding="utf-8")
                written.append(dest)
            continue
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".yaml":
            dest.write_text(_yaml_file(source, languages, currency), encoding="utf-8")
        else:
            shutil.copyfile(source, dest)
        written.append(dest)
    (target / ".gitignore").write_text("/site/\n.enablekit-cache/\n", encoding="utf-8")
    written.append(target / ".gitignore")
    return written


def untranslated(languages: list[str]) -> list[str]:
    """The languages asked for that the starter has no text in."""
    return [lang for lang in languages if _source_language(lang) is None]


def default_currency(lang: str) -> str:
    """The currency of ``lang``'s main country (CLDR likely subtags): fr → EUR, pt-BR → BRL, en → USD."""
    from babel.core import get_global
    from babel.numbers import get_territory_currencies

    parts = lang.replace("_", "-").split("-")
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if region is None:
        likely = get_global("likely_subtags").get(parts[0].lower(), "")
        region = likely.split("_")[-1] if likely else "US"
    found = get_territory_currencies(region, dt.date.today())
    return found[0] if found else "USD"


def _currency(asked: str | None, lang: str) -> str:
    if asked is None:
        return default_currency(lang)
    from babel.numbers import list_currencies

    code = asked.strip().upper()
    if code not in list_currencies():
        import difflib

        close = difflib.get_close_matches(code, SAMPLE_PRICE, n=1) or \
            difflib.get_close_matches(code, sorted(list_currencies()), n=1)  # the common ones first
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise EnablekitError(f"--currency: '{asked}' is not an ISO 4217 currency code (such as EUR, USD, JPY){hint}")
    return code


def _source_language(lang: str) -> str | None:
    """Which of the starter's languages gives ``lang`` its text: itself, else its base language."""
    if lang in WRITTEN_IN:
        return lang
    base = lang.split("-")[0]
    if lang.startswith("zh-") and lang.split("-")[1] in ("HK", "MO", "Hant"):
        return "zh-TW"
    return base if base in WRITTEN_IN else None


def _yaml_file(source: Path, languages: list[str], currency: str) -> str:
    text = source.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(keepends=True)[:3] if line.startswith("#"))
    data = load_yaml(text).data  # YAML 1.2, as the loader reads it: `us: yes` stays the text "yes"
    if source.name == "company.yaml" and isinstance(data, dict):
        data["languages"] = languages
        _set_currency(data, currency)
    return header + _dump(_texts(data, languages))


def _set_currency(company: dict, currency: str) -> None:
    for plan in (company.get("product") or {}).get("pricing", {}).get("plans", []):
        price = plan.get("unit_price") if isinstance(plan, dict) else None
        if isinstance(price, dict) and price.get("currency") != currency:
            amount = SAMPLE_PRICE.get(currency, SAMPLE_PRICE["USD"])
            scale = Decimal(str(price["amount"])) / SAMPLE_PRICE[price["currency"]]
            value = Decimal(amount) * scale
            price["amount"] = int(value) if value == value.to_integral_value() else float(value)
            price["currency"] = currency


def _bodies(languages: list[str]) -> dict[str, str]:
    """Each language asked for that has a whitepaper body → the starter language it comes from."""
    return {lang: src for lang in languages if (src := _source_language(lang)) is not None}


def _whitepaper(source: Path, languages: list[str], bodies: dict[str, str]) -> list[tuple[str, str]]:
    """The whitepaper's files for ``languages``: ``<id>.md`` in the first language that has a body (English
    standing in when none has), ``<id>.<lang>.md`` for every other language that has one."""
    stem, _, lang = source.stem.partition(".")
    if lang:
        return []  # translations are written with the main file
    main_lang = next(iter(bodies), None)
    front, _, _ = split_front_matter(source.read_text(encoding="utf-8"))
    data = _texts(front.data if front is not None else {}, languages)
    if (main_lang or languages[0]) != languages[0]:
        data["language"] = main_lang  # said only when it is not the project's default language
    out = [(f"{stem}.md", "---\n" + _dump(data) + "---\n" + _body(source, stem, bodies.get(main_lang, "en")))]
    for lang, src in bodies.items():
        if lang != main_lang:
            out.append((f"{stem}.{lang}.md", _body(source, stem, src)))
    return out


def _body(source: Path, stem: str, lang: str) -> str:
    if lang == BODY_LANGUAGE:
        _, body, _ = split_front_matter(source.read_text(encoding="utf-8"))
        return body
    return source.with_name(f"{stem}.{lang}.md").read_text(encoding="utf-8")


def _texts(node: Any, languages: list[str]) -> Any:
    """Keep the translations in ``languages``; English under the default language if none."""
    if isinstance(node, dict):
        if node and set(node) <= set(WRITTEN_IN) and all(isinstance(v, str) for v in node.values()):
            kept = {lang: node[src] for lang in languages if (src := _source_language(lang)) in node}
            return kept or {languages[0]: node.get("en") or next(iter(node.values()))}
        return {k: _texts(v, languages) for k, v in node.items()}
    if isinstance(node, list):
        return [_texts(item, languages) for item in node]
    return node


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096,
                     default_flow_style=False)


class _Dumper(yaml.SafeDumper):
    """As an author writes it: mappings (translations too) one entry per line, short lists of ids or
    numbers on one line (``roles: [cfo]``), dates as dates."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:  # noqa: ARG002
        super().increase_indent(flow, False)  # list items indented under their key, as the examples write them

    def represent_list(self, data: list) -> yaml.Node:  # type: ignore[override]
        flow = bool(data) and all(isinstance(x, (str, int, float)) and len(str(x)) < 30 for x in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _Dumper.represent_list)


_Dumper.add_representer(dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", v.isoformat()))
