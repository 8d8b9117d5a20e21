"""Interface words of the generated pages and documents, per language, as data.

Content is translated by its authors; these are the fixed words around it ("Strengths",
"Why we win", "Page 2 of 5"…). Each language has one YAML catalog in ``labels/``
(the approach of Quarto's language files: a translator edits one flat file, no code), and a
project may override or add any word in ``templates/labels/<lang>.yaml``. A regional code
(``zh-TW``, ``pt-BR``) takes its base language's catalog first, then its own; every key a
language lacks falls back to English. Language codes are BCP 47, checked against Babel's CLDR
locale data, which also names the languages and formats dates.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

import yaml

CATALOGS = Path(__file__).parent / "labels"
FALLBACK = "en"

# codes people type for a language that are not its code (country codes, old habits)
COMMON_MISTAKES = {
    "jp": "ja", "cn": "zh", "kr": "ko", "gr": "el", "cz": "cs", "dk": "da", "se": "sv", "ua": "uk",
    "vn": "vi", "br": "pt-BR", "tw": "zh-TW", "hk": "zh-HK", "ee": "et", "il": "he", "iw": "he",
    "in": "id", "ji": "yi", "sp": "es", "ge": "ka", "al": "sq", "rs": "sr", "si": "sl", "my": "ms",
    "en-uk": "en-GB", "zh-cn": "zh-CN", "zh-tw": "zh-TW", "zh-hk": "zh-HK", "pt-br": "pt-BR",
    "zh-hans": "zh-Hans", "zh-hant": "zh-Hant",
}


def language_problem(code: str) -> str | None:
    """Why ``code`` is not a usable BCP 47 language code, with a suggestion; None when it is."""
    suggestion = _suggest(code)
    if suggestion == code:
        return None
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    return f"unknown language code '{code}'{hint} (use BCP 47 codes such as ja, de, zh-TW, pt-BR)"


@functools.lru_cache(maxsize=512)
def _suggest(code: str) -> str | None:
    """The canonical form of ``code`` if it names a language Babel knows, else the likeliest fix."""
    from babel import Locale, UnknownLocaleError

    if not isinstance(code, str) or not code or "_" in code or code.strip() != code:
        return COMMON_MISTAKES.get(str(code).strip().lower().replace("_", "-")) if isinstance(code, str) else None
    lowered = code.lower()
    if lowered in COMMON_MISTAKES and COMMON_MISTAKES[lowered] != code:
        return COMMON_MISTAKES[lowered]
    parts = code.split("-")
    canonical = [parts[0].lower()] + [p.title() if len(p) == 4 else p.upper() if len(p) == 2 else p
                                      for p in parts[1:]]
    try:
        Locale.parse("_".join(canonical))
    except (UnknownLocaleError, ValueError, TypeError):
        known = sorted({lid.split("_")[0] for lid in _locale_ids()})
        close = difflib.get_close_matches(parts[0].lower(), known, n=1, cutoff=0.6)
        return close[0] if close else None
    return "-".join(canonical)


@functools.cache
def _locale_ids() -> list[str]:
    from babel.localedata import locale_identifiers

    return list(locale_identifiers())


def chain(lang: str) -> list[str]:
    """Catalogs that make up ``lang``, most general first: ``zh-TW`` → en, zh, zh-TW."""
    parts = lang.split("-")
    out = [FALLBACK]
    for i in range(1, len(parts) + 1):
        code = "-".join(parts[:i])
        if code not in out:
            out.append(code)
    return out


@functools.cache
def _read(path: Path) -> Mapping[str, str]:
    """One catalog file: a flat mapping of key → text. Unreadable files count as empty here;
    ``check`` reports them with their position (see :func:`catalog_problems`). An empty value is a
    word not translated yet (as `enablekit labels --missing` writes it) and English stands in, except
    for the few keys whose English text is itself blank (``sentence_separator``: nothing between
    sentences in Chinese or Japanese)."""
    raw = _raw(path)
    blank = _blank_keys() if path != CATALOGS / f"{FALLBACK}.yaml" else set(raw)
    return {k: v for k, v in raw.items() if v.strip() or k in blank}


@functools.cache
def _blank_keys() -> frozenset[str]:
    """Keys whose English text is only spacing: an empty translation of them is a real one."""
    return frozenset(k for k, v in _raw(CATALOGS / f"{FALLBACK}.yaml").items() if not v.strip())


@functools.cache
def _raw(path: Path) -> Mapping[str, str]:
    try:
        # every key and value is text: `yes:` and `no:` are labels here, not booleans
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}


def _files(lang: str, root: Path | None) -> list[Path]:
    files = []
    for code in chain(lang):
        files.append(CATALOGS / f"{code}.yaml")
        if root is not None:
            files.append(root / "templates" / "labels" / f"{code}.yaml")
    return [f for f in files if f.is_file()]


@functools.lru_cache(maxsize=256)
def labels(lang: str, root: Path | None = None) -> Mapping[str, str]:
    """Every interface word in ``lang``: the built-in catalogs of its chain, then the project's."""
    out: dict[str, str] = {}
    for file in _files(lang, root):
        out.update(_read(file))
    return MappingProxyType(out)


def missing_keys(lang: str, root: Path | None = None) -> list[str]:
    """Keys that fall back to English in ``lang`` (none for English itself)."""
    if lang.split("-")[0] == FALLBACK:
        return []
    own: set[str] = set()
    for file in _files(lang, root):
        if file != CATALOGS / f"{FALLBACK}.yaml" and file.stem != FALLBACK:
            own.update(_read(file))
    return [k for k in _read(CATALOGS / f"{FALLBACK}.yaml") if k not in own]


def builtin_catalog(lang: str) -> bool:
    """True when enablekit ships interface words for ``lang`` (its own code or its base language's)."""
    return any((CATALOGS / f"{code}.yaml").is_file() for code in chain(lang) if code != FALLBACK) or \
        lang.split("-")[0] == FALLBACK


def catalog_yaml(lang: str, root: Path | None = None, missing_only: bool = False) -> str:
    """``lang``'s interface words as a YAML file a translator fills in for ``templates/labels/<lang>.yaml``:
    every key (or only those that fall back to English), each with its English text as a comment above it
    and the word in ``lang`` as its value (the English text where there is none yet). Key order and
    sections follow the English catalog."""
    import json

    english = _read(CATALOGS / f"{FALLBACK}.yaml")
    current = labels(lang, root)
    missing = set(missing_keys(lang, root))
    keys = [k for k in english if k in missing] if missing_only else list(english)
    name = language_name(lang)
    lines = [f"# Interface words in {name} ({lang}) for enablekit, from `enablekit labels {lang}"
             f"{' --missing' if missing_only else ''}`.",
             f"# Save as templates/labels/{lang}.yaml in the project and write each empty value in {name}; keep the",
             "# keys and the {placeholders}. Until then English stands in, and `enablekit check` counts what is left."]
    if missing_only and not keys:
        lines.append(f"# Every word has a {name} translation: nothing to add.")
    for key in keys:
        lines.append("")
        if lang.split("-")[0] != FALLBACK:
            comment = english[key].rstrip("\n").replace("\n", "\n#     ")  # a text of several lines, each commented
            lines.append(f"# en: {comment}" + ("  (not translated yet)" if key in missing else ""))
        # a word whose English is blank (the space between sentences) is written as English has it: a blank
        # value counts as a translation of it, so an empty placeholder would hide it from the count
        value = "" if key in missing and key not in _blank_keys() else current.get(key, english[key])
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def language_name(code: str) -> str:
    """The language's own name for itself: 日本語, Deutsch, 中文 (繁體, 台灣)…"""
    return _language_name(code)


@functools.lru_cache(maxsize=128)
def _language_name(code: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return code
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:] if locale.language not in ("zh", "ja", "ko") else name


def format_date(value: dt.date | str | None, lang: str, style: str = "medium") -> str:
    """A date as readers of ``lang`` write it (2026年11月1日, 1. Nov. 2026, Nov 1, 2026)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if type(value) is not dt.date:  # a datetime, or a date of a subclass: as Babel writes it
        return _babel_date(value, lang, style)
    return _date_of(value, lang, style)


@functools.lru_cache(maxsize=4096)
def _date_of(value: dt.date, lang: str, style: str) -> str:
    """Babel's date, remembered: pages show the same review dates thousands of times, and Babel takes a
    twentieth of a millisecond for each."""
    return _babel_date(value, lang, style)


def _babel_date(value: dt.date, lang: str, style: str) -> str:
    from babel.dates import format_date as babel_date

    try:
        return babel_date(value, format=style, locale=lang.replace("-", "_"))
    except Exception:  # noqa: BLE001 - an unknown locale still gets a readable date
        return value.isoformat()


def format_percent(value: float, lang: str) -> str:
    """A share (0.98) as a percentage in ``lang`` (98%, 98 %)."""
    from babel.numbers import format_percent as babel_percent

    try:
        return babel_percent(value, locale=lang.replace("-", "_"))
    except Exception:  # noqa: BLE001 - an unknown locale still gets a readable number
        return f"{round(value * 100)}%"


def format_money(value: Decimal | float, currency: str, lang: str) -> str:
    """An amount as readers of ``lang`` write it in ``currency`` (¥1,344,000.00, 1.344.000,00 €)."""
    from babel.numbers import format_currency

    try:
        # every digit the amount has, at least the currency's: a rate of €0.002 stays €0.002
        text = format_currency(value, currency, locale=lang.replace("-", "_"), decimal_quantization=False)
    except Exception:  # noqa: BLE001 - an unknown locale still gets a readable amount
        text = f"{currency} {value:,.2f}"
    # a discount is minus an amount: the minus sign, not the hyphen most locales' data give (-3.684,80 €)
    return text.replace("-", "\u2212", 1) if value < 0 else text


def format_number(value: int | float | Decimal, lang: str) -> str:
    """A count or quantity in ``lang`` (3,200; 3.200; 3 200)."""
    from babel.numbers import format_decimal

    try:
        return format_decimal(value, locale=lang.replace("-", "_"))
    except Exception:  # noqa: BLE001
        return f"{value:,}"


def format_share(percent: Decimal | float, lang: str) -> str:
    """A percentage written as a number of percent (8, 3.5) in ``lang``: 8%, 3,5 %, 3.5%."""
    from babel.numbers import format_percent as babel_percent

    try:
        return babel_percent(Decimal(str(percent)) / 100, locale=lang.replace("-", "_"), decimal_quantization=False)
    except Exception:  # noqa: BLE001
        return f"{percent:g}%"


def format_month(value: str | None, lang: str) -> str:
    """A ``YYYY-MM`` (or ``YYYY-MM-DD``) date as a month in ``lang``, in full as a customer reads it
    (2027年3月, März 2027, marzo de 2027; never 'mar 2027', which reads as Tuesday in Spanish)."""
    if not value:
        return ""
    try:
        year, month, *_ = (int(p) for p in value.split("-"))
        date = dt.date(year, month, 1)
    except ValueError:
        return value
    from babel.dates import format_skeleton

    try:
        return format_skeleton("yMMMM", date, locale=lang.replace("-", "_"))
    except Exception:  # noqa: BLE001
        return value


class _Names(dict):
    """``LANGUAGE_NAMES[code]`` / ``.get(code, …)``: every code has a name (Babel's, or the code)."""

    def get(self, key, default=None):  # noqa: ANN001, ANN201, ARG002
        return language_name(key)

    def __missing__(self, key: str) -> str:
        return language_name(key)


LANGUAGE_NAMES = _Names()
