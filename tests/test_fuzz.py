"""Property-based fuzzing of the loader: real content files from the example, mangled line by line
and character by character, must always give plain one-line problems (exit 0 or 1), never an
exception."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import _print_diagnostics
from generator.content.loader import load_project
from generator.content.scaffold import scaffold
from generator.content.yamlsafe import YamlError, load_yaml, split_front_matter

from .conftest import ROOT, TODAY

# (file of the example repository, where it goes in the small project)
SOURCES = [
    ("content/company.yaml", "content/company.yaml"),
    ("content/personas/cfo.yaml", "content/personas/cfo.yaml"),
    ("content/personas/store-manager.yaml", "content/personas/store-manager.yaml"),
    ("content/objections/price.yaml", "content/objections/price.yaml"),
    ("content/objections/integration.yaml", "content/objections/integration.yaml"),
    ("content/capabilities.yaml", "content/capabilities.yaml"),
    ("content/competitors/kuaixin.yaml", "content/competitors/kuaixin.yaml"),
    ("content/whitepapers/scheduling-compliance-guide.md", "content/whitepapers/frontline-guide.md"),
]
TEXTS = {target: (ROOT / source).read_text(encoding="utf-8") for source, target in SOURCES}

TOKENS = [
    "\t", ":", ": ", " :", "'", '"', "[", "]", "{", "}", ",", "&a ", "*a", "*b", "<<: *a", "&a [1, *a]",
    "!!python/object:os.system ", "!!python/object/apply:os.system [ls]", "!!binary ", "!!timestamp ",
    "!!bool ", "!!int ", "!!float ", "!!map ", "!!seq ", "!!str ", "!custom ", "%YAML 1.1\n", "--- ", "---\n",
    "...\n", "- ", "? ", "#", "|", ">-", "@", "`", "\\", "\n", "\r", "\r\n", "\x85", "\u2028", "\ufeff",
    "\x00", "\x07", "中文", "😀", "\udcff", "9999-12-31", "2027-13", "0001-01-01", "99999999999999999999",
    "1e999", ".nan", "-.inf", "0x1F", "0o17", "null", "~", "true", "yes", "id: x", "id:", "id: [", "audience: ",
    "review_every: 99999999999", "reviewed: 9999-12-31", "name: {zh: x, en: y}", "{zh: ", "  ", "    - ",
]

LINE_RE = re.compile(r"^[^:]+:\d+:\d+: |^[^:]+: ")


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str]:
    """A target file and its mangled text."""
    target = draw(st.sampled_from(sorted(TEXTS)))
    lines = TEXTS[target].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "replace", "value", "truncate", "indent"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op in ("insert", "replace"):
            token = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)))
            col = draw(st.integers(0, len(lines[i])))
            end = col + (draw(st.integers(0, 5)) if op == "replace" else 0)
            lines[i] = lines[i][:col] + token + lines[i][end:]
        elif op == "value":  # a new value for the line's key: `key: <token>`
            key, sep, _ = lines[i].partition(": ")
            token = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)))
            lines[i] = f"{key}{sep or ': '}{token}\n"
        elif op == "indent":
            lines[i] = draw(st.sampled_from([" ", "  ", "\t", ""])) + lines[i].lstrip()
        else:
            text = "".join(lines)
            lines = [text[: draw(st.integers(0, len(text)))]]
    return target, "".join(lines)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "project"
    scaffold(root)
    for target, text in TEXTS.items():
        (root / target).write_text(text, encoding="utf-8")
    return root


def printed(diags) -> list[str]:  # noqa: ANN001
    """The lines `enablekit check` prints for these problems."""
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        _print_diagnostics(diags)
    return stderr.getvalue().splitlines()


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(change=mutations())
def test_mangled_content_never_crashes(small: Path, change: tuple[str, str]) -> None:
    target, text = change
    path = small / target
    original = path.read_bytes()
    try:
        path.write_bytes(text.encode("utf-8", "surrogateescape"))  # lone surrogates become invalid UTF-8
        project, diags = load_project(small, today=TODAY)
        for d in diags:
            assert LINE_RE.match(str(d)), str(d)
            assert "\n" not in str(d) and "\r" not in str(d), str(d)
        if project is None:
            assert diags.errors, "a project that cannot be built must say why"
        else:  # the dates the site shows must be computable for every entity
            for entity in project.entities():
                project.is_stale(entity)
        lines = printed(diags)
        assert len(lines) == len(set(diags.items)) + 1
        assert re.fullmatch(r"\d+ errors?, \d+ warnings?", lines[-1]), lines[-1]
        for line in lines[:-1]:
            assert LINE_RE.match(line), line
    finally:
        path.write_bytes(original)


HOSTILE = [
    "&a [*a]", "a: &a\n  b: *a\n", "x: &a [&b [*b]]", "a: *nope", "[" * 100, "{" * 2000, "- " * 200 + "x",
    "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 80)), "a: &a [1]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b]",
    "a: !!bool maybe", "a: !!timestamp soon", "a: !!int x", "a: !!float x", "a: !!map x", "a: !!seq x",
    "a: !<tag:yaml.org,2002:bool> x", "%TAG !e! tag:yaml.org,2002:\n---\na: !e!timestamp x", "a: !!set {a}",
    "a: !!python/name:os.system", "a: 2020-02-30", "a: 2020-01-01 10:00:00 +99", "a: " + "9" * 5000,
    "? [a]\n: b", "? {a: 1}\n: b", "a: \udcff", "a: 1\nb: \ud800", "a: 中文\x02", "a: 1\na: 2", "a: 1\n---\nb: 2", "a: \"\\x\"", "\ta: 1", "a: '\x01'",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_yaml_is_a_problem_not_a_crash(text: str) -> None:
    for attempt in (lambda: load_yaml(text), lambda: split_front_matter(f"---\n{text}\n---\nbody\n")):
        try:
            attempt()
        except YamlError as exc:
            assert exc.line >= 1 and exc.col >= 1 and "\n" not in exc.message
