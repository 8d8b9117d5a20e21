"""Which column holds which field in which language: guessed from the headers (in any catalog
language, merged header cells and a row of language names under them included), confirmed or
overridden with ``--map COL=field``; the language of a text column without one in its header is
the one its cells are written in (by script, then py3langid among the project's languages)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..content.diagnostics import EnablekitError, did_you_mean
from ..language.detect import identifier
from ..language.i18n import CATALOGS, labels
from ..language.scripts import scripts
from .fields import CHOICE_LABELS, CHOICE_WORDS, Spec
from .sheets import Table, as_text

HEADER_ROWS = 10
SKIP = ("-", "skip", "ignore")
_BRACKETS = re.compile(r"^(.*?)[\s_.\-–:/]*[\(\[（【〔]\s*([^)\]）】〕]+?)\s*[)\]）】〕]\s*$")
_SUFFIX = re.compile(r"^(.*?)(?:\s*[-–_./:|]\s*|\s+)([^\s\-–_./:|]+)$")


@dataclass
class Column:
    index: int  # 0-based
    header: str
    spec: Spec | None = None
    lang: str | None = None
    how: str = "header"  # header | --map | detected | default


@dataclass
class Layout:
    header_row: int  # the row number of the (last) header row; data starts below
    columns: list[Column]
    notes: list[str] = field(default_factory=list)

    def mapped(self) -> list[Column]:
        return [c for c in self.columns if c.spec is not None]


def norm(text: Any) -> str:
    text = unicodedata.normalize("NFKC", as_text(text)).casefold()
    text = re.sub(r"[*＊:：?？!！。]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=1)
def _catalogs() -> list[Mapping[str, str]]:
    return [labels(path.stem) for path in sorted(CATALOGS.glob("*.yaml"))]


def catalog_words(keys: Iterable[str]) -> set[str]:
    """Every catalog's word for each of ``keys``, normalised."""
    out = set()
    for catalog in _catalogs():
        for key in keys:
            value = catalog.get(key)
            if isinstance(value, str) and "{" not in value:
                out.add(norm(value))
    return out


@functools.lru_cache(maxsize=64)
def _words(spec: Spec) -> frozenset[str]:
    return frozenset(catalog_words(spec.labels) | {norm(w) for w in spec.words} | {norm(spec.name),
                                                                                 norm(spec.name.replace("_", " "))})


@functools.lru_cache(maxsize=16)
def language_names(languages: tuple[str, ...]) -> dict[str, str]:
    """Normalised names of each language (its code, its name in every catalog language and in
    itself, common Chinese short names) → the project's code."""
    from babel import Locale, UnknownLocaleError

    out: dict[str, str] = {}
    extra = {"zh": ("中文", "汉语", "简体中文", "简体", "中", "cn", "chs", "chinese"),
             "zh-TW": ("繁體中文", "繁体中文", "繁體", "繁体", "tw", "cht"), "en": ("英文", "英语", "英", "eng", "english"),
             "ja": ("日文", "日语", "jp", "jpn"), "ko": ("韩文", "韩语", "kr", "kor"), "fr": ("法文", "法语", "fra", "fre"),
             "de": ("德文", "德语", "ger", "deu"), "es": ("西班牙文", "esp"), "pt": ("葡萄牙文", "por")}
    catalogs = [p.stem for p in CATALOGS.glob("*.yaml")]
    for code in languages:
        base = code.split("-")[0]
        names = {code, code.replace("-", "_"), *extra.get(code, ()), *(extra.get(base, ()) if base != code else ())}
        if base != code and not any(other == base for other in languages):
            names.add(base)
        for where in [*catalogs, code]:
            try:
                loc = Locale.parse(where.replace("-", "_"))
                target = Locale.parse(code.replace("-", "_"))
            except (UnknownLocaleError, ValueError):
                continue
            name = target.get_display_name(loc)
            if name:
                names.add(name)
            if loc.languages.get(base) and (base == code or base not in languages):
                names.add(loc.languages[base])
        for name in names:
            out.setdefault(norm(name), code)
    return out


def split_language(header: str, languages: tuple[str, ...]) -> tuple[str, str | None]:
    """('objection', 'fr') for "Objection (FR)", "objection.fr", "异议（法文）"; (header, None) otherwise."""
    names = language_names(languages)
    text = norm(header)
    for pattern in (_BRACKETS, _SUFFIX):
        match = pattern.match(text)
        if match and match.group(1).strip() and norm(match.group(2)) in names:
            return match.group(1).strip(), names[norm(match.group(2))]
    for name, code in sorted(names.items(), key=lambda kv: -len(kv[0])):  # "中文异议", "异议中文"
        if len(name) >= 2 and not name.isascii() and text != name:
            if text.startswith(name):
                return text[len(name):].strip(), code
            if text.endswith(name):
                return text[:-len(name)].strip(), code
    return text, None


def _match(base: str, specs: tuple[Spec, ...]) -> tuple[int, Spec] | None:
    """The spec a header names: 3 for an exact word, 1 for a word inside a longer header."""
    for spec in specs:
        if base in _words(spec):
            return 3, spec
    best: tuple[int, Spec] | None = None
    for spec in specs:
        for word in _words(spec):
            if len(word) < 2 or (word.isascii() and len(word) < 4):
                continue
            hit = re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", base) if word.isascii() else word in base
            if hit and (best is None or len(word) > best[0]):
                best = (len(word), spec)
    return (1, best[1]) if best else None


def find_layout(table: Table, specs: tuple[Spec, ...], languages: list[str],
                maps: Mapping[str, str] | None = None) -> Layout:
    """The header row and what each column holds. Raises EnablekitError when no column of a
    required field is found."""
    langs = tuple(languages)
    maps = dict(maps or {})
    merged = _merged_values(table)
    best: tuple[int, int] | None = None
    for row, values in table.rows[:HEADER_ROWS]:
        filled = _filled(row, values, merged)
        score = sum(3 if (m := _match(split_language(v, langs)[0], specs)) and m[0] == 3 else (1 if m else 0)
                    for v in filled if as_text(v))
        score += sum(3 for v in filled if as_text(v) in maps or norm(v) in {norm(k) for k in maps})
        if score and (best is None or score > best[0]):
            best = (score, row)
    if best is None:
        if not maps:
            raise EnablekitError(f"{table.path}: no header row found (looked for headers such as"
                                 f" {', '.join(repr(s.name) for s in specs if s.required)} in the first {HEADER_ROWS}"
                                 " rows); name the columns with --map COL=field")
        header_row = table.rows[0][0]
    else:
        header_row = best[1]
    values = dict(table.rows)
    header = _filled(header_row, values[header_row], merged)
    below = values.get(header_row + 1)
    names = language_names(langs)
    if below and any(norm(v) in names for v in below if as_text(v)) and \
            all(not as_text(v) or norm(v) in names for v in below):
        sub = _filled(header_row + 1, below, merged)
        header = [f"{as_text(top)} ({as_text(s)})" if as_text(s) else as_text(top)
                  for top, s in zip(header + [None] * (len(sub) - len(header)), sub + [None] * (len(header) - len(sub)),
                                    strict=True)]
        header_row += 1
    columns = [Column(i, as_text(h)) for i, h in enumerate(header)]
    by_name = {s.name: s for s in specs}
    used: dict[tuple[str, str | None], Column] = {}
    for key, target in maps.items():
        column = _column_for(key, columns, table)
        if target.strip().lower() in SKIP:
            column.spec, column.how = None, "--map"
            column.header = column.header or key
            continue
        name, _, lang = target.strip().partition(".")
        if name not in by_name:
            raise EnablekitError(f"--map {key}={target}: no field '{name}' here{did_you_mean(name, by_name)}"
                                 f" (fields: {', '.join(by_name)})")
        if lang and lang not in langs:
            raise EnablekitError(f"--map {key}={target}: '{lang}' is not a language of the project"
                                 f" ({', '.join(langs)}){did_you_mean(lang, langs)}")
        column.spec, column.lang, column.how = by_name[name], lang or None, "--map"
        used[(name, column.lang)] = column
    for column in columns:
        if column.how == "--map" or not column.header:
            continue
        base, lang = split_language(column.header, langs)
        found = _match(base, specs)
        if found is None:
            continue
        spec = found[1]
        if not spec.localised:
            lang = None
        if (spec.name, lang) in used:
            continue
        column.spec, column.lang = spec, lang
        used[(spec.name, lang)] = column
    layout = Layout(header_row, columns)
    _languages_of_unmarked(table, layout, langs)
    missing = [s.name for s in specs if s.required and not any(c.spec is s for c in columns)]
    if missing:
        seen = ", ".join(f"'{c.header}'" for c in columns if c.header) or "none"
        raise EnablekitError(f"{table.path}:{header_row}: no column for {', '.join(missing)} (headers: {seen});"
                             f" name it with --map COL={missing[0]}")
    return layout


def _column_for(key: str, columns: list[Column], table: Table) -> Column:
    for column in columns:
        if norm(column.header) == norm(key):
            return column
    if re.fullmatch(r"[A-Za-z]{1,3}", key.strip()):
        from openpyxl.utils import column_index_from_string

        index = column_index_from_string(key.strip().upper()) - 1
        while len(columns) <= index:
            columns.append(Column(len(columns), ""))
        return columns[index]
    raise EnablekitError(f"--map {key}=…: no column '{key}' in {table.path}"
                         f"{did_you_mean(key, [c.header for c in columns if c.header])}")


def _merged_values(table: Table) -> dict[tuple[int, int], Any]:
    """Cells covered by a merged range (other than its first) → the range's value."""
    values = dict(table.rows)
    out = {}
    for r1, c1, r2, c2 in table.merged:
        first = values.get(r1, [])
        value = first[c1 - 1] if c1 - 1 < len(first) else None
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    out[(r, c)] = value
    return out


def _filled(row: int, values: list[Any], merged: Mapping[tuple[int, int], Any]) -> list[Any]:
    """A header row's values, a merged cell's value in every column it spans."""
    width = max([len(values)] + [c for (r, c) in merged if r == row])
    out = []
    for c in range(width):
        value = values[c] if c < len(values) else None
        out.append(merged.get((row, c + 1)) if value is None else value)
    return out


def _languages_of_unmarked(table: Table, layout: Layout, langs: tuple[str, ...]) -> None:
    """A text column without a language in its header gets the language its cells are written in."""
    taken = {(c.spec.name, c.lang) for c in layout.columns if c.spec and c.lang}
    for column in layout.columns:
        if column.spec is None or not column.spec.localised or column.lang:
            continue
        cells = [as_text(v[column.index]) for r, v in table.rows if r > layout.header_row and column.index < len(v)]
        sample = "\n".join(c for c in cells if c)[:4000]
        lang = detect(sample, langs) if sample else None
        column.how = "detected" if lang else "default"
        lang = lang or langs[0]
        if (column.spec.name, lang) in taken:  # "Objection (EN)" and "Objection": the other language
            rest = [code for code in langs if (column.spec.name, code) not in taken]
            lang = rest[0] if rest else lang
        column.lang = lang
        taken.add((column.spec.name, lang))


def detect(text: str, langs: tuple[str, ...]) -> str | None:
    """The project language ``text`` is written in: by script for Chinese, Japanese and Korean, then
    py3langid among the project's other languages; None when it cannot tell."""
    used = scripts(text)
    by_base = {code.split("-")[0]: code for code in reversed(langs)}
    if "hangul" in used and "ko" in by_base:
        return by_base["ko"]
    if "kana" in used and "ja" in by_base:
        return by_base["ja"]
    if "han" in used and "zh" in by_base:
        return by_base["zh"]
    latin = [code for code in langs if code.split("-")[0] not in ("zh", "ja", "ko")]
    if len(latin) == 1:
        return latin[0]
    if not latin or sum(ch.isalpha() for ch in text) < 12:
        return None
    ranked = _identifier(tuple(sorted({c.split("-")[0] for c in latin}))).rank(text)
    return by_base.get(ranked[0][0]) if ranked else None


def _identifier(bases: tuple[str, ...]):  # noqa: ANN202 - py3langid.langid.LanguageIdentifier
    return identifier(bases)


def choice(value: str, spec: Spec) -> str | None:
    """The enumeration value a cell means ('价格' → price, '✓' → yes), or None."""
    text = norm(value)
    if text in spec.choices:
        return text
    for option in spec.choices:
        words = catalog_words(CHOICE_LABELS.get(option, ())) | {norm(w) for w in CHOICE_WORDS.get(option, ())}
        if option in ("yes", "no", "partial"):
            words |= catalog_words((f"answers_{option}",))
        if text in words:
            return option
    return None


def describe(layout: Layout) -> str:
    """One line: which column went to which field ('Objection (FR)' → objection.fr …)."""
    parts = []
    for c in layout.mapped():
        target = f"{c.spec.name}.{c.lang}" if c.lang else c.spec.name
        how = {"detected": " (language read from the cells)", "default": " (default language)"}.get(c.how, "")
        parts.append(f"'{c.header or c.index + 1}' → {target}{how}")
    ignored = [f"'{c.header}'" for c in layout.columns if c.spec is None and c.header]
    return "; ".join(parts) + (f"; ignored: {', '.join(ignored)}" if ignored else "")
