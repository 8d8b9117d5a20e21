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
        else:  # a model that loads: one entity per id and kind, each at its place in a file of the project,
            # and the dates the site shows computable for every entity
            for entity in project.entities():
                if entity.kind != "company":
                    assert project.kind(entity.kind)[entity.id] is entity, (entity.kind, entity.id)
                    place = project.where(entity)
                    assert (small / place.path).is_file() and place.line >= 1, (entity.kind, entity.id, place)
                assert project.is_stale(entity) in (True, False)
        lines = printed(diags)
        assert len(lines) == len(set(diags.items)) + 1
        assert re.fullmatch(r"\d+ errors?, \d+ warnings?", lines[-1]), lines[-1]
        for line in lines[:-1]:
            assert LINE_RE.match(line), line
    finally:
        path.write_bytes(original)


def refused(line: int, col: int, message: str) -> tuple:
    """The outcome of text that cannot be read: a YamlError at this place."""
    return ("refused", line, col, message)


def read(data, *problems: tuple[int, int, str]) -> tuple:  # noqa: ANN001
    """The outcome of text that is read: this data, and these problems kept in the document."""
    return ("read", data, list(problems))


NESTED_KEYS = "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 80))
CYCLE = "an alias is used inside the value it names (the value would contain itself)"
FLOW = "YAML syntax error: while parsing a flow node, did not find expected node content"
NOT_UNICODE = "text is not valid Unicode"
BIG = "9" * 5000
BIG_PROBLEM = (f"invalid value '{BIG}': Exceeds the limit (4300 digits) for integer string conversion: value has"
               " 5000 digits; use sys.set_int_max_str_digits() to increase the limit")
OFFSET = ("invalid date '2020-01-01 10:00:00 +99': offset must be a timedelta strictly between -timedelta(hours=24)"
          " and timedelta(hours=24), not datetime.timedelta(days=4, seconds=10800).")
KEY = "a key must be a plain name, not a list or mapping"
# (text, outcome as a whole file, outcome as the front matter of a Markdown file); in front matter every
# line is one further down (the opening '---'), unless the outcome says otherwise
HOSTILE = [
    ("&a [*a]", refused(1, 1, CYCLE), refused(2, 1, CYCLE)),
    ("a: &a\n  b: *a\n", refused(1, 4, CYCLE), refused(2, 4, CYCLE)),
    ("x: &a [&b [*b]]", refused(1, 8, CYCLE), refused(2, 8, CYCLE)),
    ("a: *nope", refused(1, 4, "YAML syntax error: found undefined alias"),
     refused(2, 4, "YAML syntax error: found undefined alias")),
    ("[" * 100, refused(2, 1, FLOW), refused(3, 1, FLOW)),
    ("{" * 2000, refused(2, 1, FLOW), refused(3, 1, FLOW)),
    ("- " * 200 + "x", refused(1, 131, "nesting is deeper than 64 levels"),
     refused(2, 131, "nesting is deeper than 64 levels")),
    (NESTED_KEYS, refused(65, 129, "nesting is deeper than 64 levels"),
     refused(66, 129, "nesting is deeper than 64 levels")),
    ("a: &a [1]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b]",
     read({"a": [1], "b": [[1]] * 4, "c": [[[1]] * 4] * 3}), read({"a": [1], "b": [[1]] * 4, "c": [[[1]] * 4] * 3})),
    ("a: !!bool maybe", read({"a": None}, (1, 4, "invalid true/false value 'maybe'")),
     read({"a": None}, (2, 4, "invalid true/false value 'maybe'"))),
    ("a: !!timestamp soon", read({"a": None}, (1, 4, "invalid date 'soon'")),
     read({"a": None}, (2, 4, "invalid date 'soon'"))),
    ("a: !!int x", read({"a": None}, (1, 4, "invalid value 'x': invalid literal for int() with base 10: 'x'")),
     read({"a": None}, (2, 4, "invalid value 'x': invalid literal for int() with base 10: 'x'"))),
    ("a: !!float x", read({"a": None}, (1, 4, "invalid value 'x': could not convert string to float: 'x'")),
     read({"a": None}, (2, 4, "invalid value 'x': could not convert string to float: 'x'"))),
    ("a: !!map x", read({"a": None}, (1, 4, "cannot read this value: expected a mapping node, but found scalar")),
     read({"a": None}, (2, 4, "cannot read this value: expected a mapping node, but found scalar"))),
    ("a: !!seq x", read({"a": None}, (1, 4, "cannot read this value: expected a sequence node, but found scalar")),
     read({"a": None}, (2, 4, "cannot read this value: expected a sequence node, but found scalar"))),
    ("a: !<tag:yaml.org,2002:bool> x", read({"a": None}, (1, 4, "invalid true/false value 'x'")),
     read({"a": None}, (2, 4, "invalid true/false value 'x'"))),
    # in front matter the document's own '---' closes the front matter: a directive with no document
    ("%TAG !e! tag:yaml.org,2002:\n---\na: !e!timestamp x", read({"a": None}, (3, 4, "invalid date 'x'")),
     refused(3, 1, "YAML syntax error: did not find expected <document start>")),
    ("a: !!set {a}", read({"a": None}, (1, 4, "cannot read this value: unsupported tag 'tag:yaml.org,2002:set'")),
     read({"a": None}, (2, 4, "cannot read this value: unsupported tag 'tag:yaml.org,2002:set'"))),
    ("a: !!python/name:os.system",
     read({"a": None}, (1, 4, "cannot read this value: unsupported tag 'tag:yaml.org,2002:python/name:os.system'")),
     read({"a": None}, (2, 4, "cannot read this value: unsupported tag 'tag:yaml.org,2002:python/name:os.system'"))),
    ("a: 2020-02-30", read({"a": None}, (1, 4, "invalid date '2020-02-30': day is out of range for month")),
     read({"a": None}, (2, 4, "invalid date '2020-02-30': day is out of range for month"))),
    ("a: 2020-01-01 10:00:00 +99", read({"a": None}, (1, 4, OFFSET)), read({"a": None}, (2, 4, OFFSET))),
    ("a: " + BIG, read({"a": None}, (1, 4, BIG_PROBLEM)), read({"a": None}, (2, 4, BIG_PROBLEM))),
    ("? [a]\n: b", read({}, (1, 3, KEY)), read({}, (2, 3, KEY))),
    ("? {a: 1}\n: b", read({}, (1, 3, KEY)), read({}, (2, 3, KEY))),
    ("a: \udcff", refused(1, 4, NOT_UNICODE), refused(2, 4, NOT_UNICODE)),
    ("a: 1\nb: \ud800", refused(2, 4, NOT_UNICODE), refused(3, 4, NOT_UNICODE)),
    ("a: 中文\x02", refused(1, 6, "character U+0002 is not allowed in YAML (control characters are not allowed)"),
     refused(2, 6, "character U+0002 is not allowed in YAML (control characters are not allowed)")),
    ("a: 1\na: 2", read({"a": 1}, (2, 1, "duplicate key 'a'")), read({"a": 1}, (3, 1, "duplicate key 'a'"))),
    # in front matter the second document's '---' closes the front matter: 'b: 2' is body text
    ("a: 1\n---\nb: 2",
     refused(2, 1, "YAML syntax error: expected a single document in the stream, but found another document"),
     read({"a": 1})),
    ('a: "\\x"', refused(1, 7, "YAML syntax error: while parsing a quoted scalar, did not find expected hexdecimal number"),
     refused(2, 7, "YAML syntax error: while parsing a quoted scalar, did not find expected hexdecimal number")),
    ("\ta: 1", refused(1, 1, "YAML does not allow tabs for indentation; use spaces"),
     refused(2, 1, "YAML does not allow tabs for indentation; use spaces")),
    ("a: '\x01'", refused(1, 5, "character U+0001 is not allowed in YAML (control characters are not allowed)"),
     refused(2, 5, "character U+0001 is not allowed in YAML (control characters are not allowed)")),
]
FRONT_BODY = {"a: 1\n---\nb: 2": ("b: 2\n---\nbody\n", 4)}  # (body, its first line) where not "body\n" after it


def outcome(attempt) -> tuple:  # noqa: ANN001
    try:
        doc = attempt()
    except YamlError as exc:
        return refused(exc.line, exc.col, exc.message)
    return read(doc.data, *((p.line, p.col, p.message) for p in doc.problems))


@pytest.mark.parametrize(("text", "as_file", "as_front_matter"), HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_yaml_is_a_problem_not_a_crash(text: str, as_file: tuple, as_front_matter: tuple) -> None:
    """Hostile YAML is either refused with a one-line message at its place, or read to plain data with
    each part it cannot take kept as a problem at its place (the value left out as None)."""
    assert outcome(lambda: load_yaml(text)) == as_file
    markdown = f"---\n{text}\n---\nbody\n"
    assert outcome(lambda: split_front_matter(markdown)[0]) == as_front_matter
    if as_front_matter[0] == "read":
        _, body, body_line = split_front_matter(markdown)
        assert (body, body_line) == FRONT_BODY.get(text, ("body\n", text.count("\n") + 4))
