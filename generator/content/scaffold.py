"""``enablekit new``: a small but complete project that builds at once, in the languages asked for.

The scaffold is written in Chinese and English. For another list of languages every text keeps
the translations it has in those languages; a language it has no text for is left out, so
``check`` lists each text to translate ("no 'ja' translation (falls back to 'en')"). When none of
the languages has a text, the English one stands in under the default language.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import yaml

from ..language.i18n import language_problem
from .diagnostics import EnablekitError
from .yamlsafe import load_yaml, split_front_matter

SCAFFOLD = Path(__file__).parent / "starter"  # the new project's files, as written
WRITTEN_IN = ("zh", "en")  # the scaffold's own languages, default first


def scaffold(directory: str | Path, languages: list[str] | None = None) -> list[Path]:
    languages = list(languages or WRITTEN_IN)
    for lang in languages:
        problem = language_problem(lang)
        if problem:
            raise EnablekitError(f"--languages: {problem}")
    if len(set(languages)) != len(languages):
        raise EnablekitError("--languages: a language is listed twice")
    target = Path(directory)
    if target.exists() and any(target.iterdir()):
        raise EnablekitError(f"{target} exists and is not empty; choose a new folder")
    written = []
    as_written = languages == list(WRITTEN_IN)
    for source in sorted(SCAFFOLD.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        rel = source.relative_to(SCAFFOLD)
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if as_written or source.suffix not in (".yaml", ".md"):
            shutil.copyfile(source, dest)
        else:
            text = _translate_file(source, languages)
            if text is None:
                continue
            dest.write_text(text, encoding="utf-8")
        written.append(dest)
    (target / ".gitignore").write_text("/site/\n.enablekit-cache/\n", encoding="utf-8")
    written.append(target / ".gitignore")
    return written


def _translate_file(source: Path, languages: list[str]) -> str | None:
    text = source.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(keepends=True)[:3] if line.startswith("#"))
    if source.suffix == ".yaml":
        data = load_yaml(text).data  # YAML 1.2, as the loader reads it: `us: yes` stays the text "yes"
        if source.name == "company.yaml" and isinstance(data, dict):
            data["languages"] = languages
        return header + _dump(_texts(data, languages))
    # whitepapers: <id>.md holds the default language's body, <id>.<lang>.md a translation
    stem, _, lang = source.stem.partition(".")
    bodies = {"zh": (SCAFFOLD / source.relative_to(SCAFFOLD)).with_name(f"{stem}.md"),
              "en": source.with_name(f"{stem}.en.md")}
    if lang:  # a translation: kept only when its language is asked for and is not the main file's
        return None if lang not in languages or _body_language(languages) == lang else text
    front, _, _ = split_front_matter(text)
    data = _texts(front.data if front is not None else {}, languages)
    main = _body_language(languages)
    data["language"] = main if main in languages else languages[0]  # English standing in, see above
    _, body, _ = split_front_matter(bodies[main].read_text(encoding="utf-8"))
    return "---\n" + _dump(data) + "---\n" + body


def _body_language(languages: list[str]) -> str:
    """Which of the scaffold's languages the main whitepaper file is written in."""
    return next((lang for lang in languages if lang in WRITTEN_IN), "en")


def _texts(node: Any, languages: list[str]) -> Any:
    """Keep the translations in ``languages``; English under the default language if none."""
    if isinstance(node, dict):
        if node and set(node) <= set(WRITTEN_IN) and all(isinstance(v, str) for v in node.values()):
            kept = {lang: node[lang] for lang in languages if lang in node}
            return kept or {languages[0]: node.get("en") or next(iter(node.values()))}
        return {k: _texts(v, languages) for k, v in node.items()}
    if isinstance(node, list):
        return [_texts(item, languages) for item in node]
    return node


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=None)


class _Dumper(yaml.SafeDumper):
    """Dates as dates, everything else as PyYAML writes it."""


_Dumper.add_representer(dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", v.isoformat()))
