"""The JSON Schema editors use (`enablekit schema`): every valid file passes, typical mistakes fail, the
schema and the loader agree on the shorthands, and `enablekit schema --vscode` sets up VS Code.

Files are read as VS Code's YAML extension reads them: YAML 1.2 (its default, and how enablekit reads
YAML), so ``us: yes`` is the text "yes" and an unquoted ``2026-11-01`` is a string, which the schema
checks with ``format: date``. enablekit's own reader (``generator.content.yamlsafe``) follows YAML 1.2 too but
makes dates of such strings, so they are turned back into ISO strings here. An editor switched to
YAML 1.1 reads ``yes``/``no``/``on``/``off`` as true/false; the schema does not accept booleans for
them, because enablekit would not either (``test_yaml_1_1_differs_only_in_yes_and_no`` pins that down).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator

from generator.cli import main
from generator.content.authoring import SCHEMA_FILE, json_schema
from generator.content.loader import load_project
from generator.content.reader import LAYOUT
from generator.content.yamlsafe import FRONT_MATTER, Resolver, load_yaml, split_front_matter

from .conftest import FIXTURES, ROOT, TODAY

SCHEMA = json_schema()
PROJECTS = {
    "example": ROOT,
    "scaffold": ROOT / "generator/content/starter",
    "valid": FIXTURES / "valid",
    "ja-en": FIXTURES / "ja-en",
    "de-en": FIXTURES / "de-en",
}
CONTENT_DIRS = ("content", "playbooks", "deals")


# --------------------------------------------------------------------------- helpers


def validator(ref: str, draft: type = Draft202012Validator, document: dict | None = None) -> Any:
    """A validator for one ``#/$defs/...`` entry of ``document`` (the schema), formats (dates) asserted."""
    defs = (document or SCHEMA)["$defs"]
    root = {"$schema": draft.META_SCHEMA["$schema"], "$defs": defs, "allOf": [{"$ref": ref}]}
    return draft(root, format_checker=draft.FORMAT_CHECKER)


class Yaml12(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML as an editor reads it: the YAML 1.2 core schema (enablekit's own, ``yamlsafe.Resolver``),
    without timestamps: in YAML 1.2 an unquoted ``2026-11-01`` is a string."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
        for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    }


def editor_view(value: Any) -> Any:
    """PyYAML's YAML 1.1 data as an editor would show it: dates as ISO strings."""
    if isinstance(value, dict):
        return {key: editor_view(item) for key, item in value.items()}
    if isinstance(value, list):
        return [editor_view(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def read(path: Path, text: str | None = None) -> Any:
    """A YAML file, or a whitepaper's front matter, read in YAML 1.2 as the editor sees it."""
    text = path.read_text(encoding="utf-8") if text is None else text
    if path.suffix == ".md":
        match = FRONT_MATTER.match(text)
        text = match.group(1) or "" if match else ""
    data = yaml.load(text, Loader=Yaml12)  # noqa: S506 - a safe loader
    return {} if data is None and path.suffix == ".md" else data


def ref_for(rel: str) -> str:
    """The ``$defs`` entry for a project-relative path, by the globs of ``x-enablekit-files``."""
    matches = [ref for pattern, ref in SCHEMA["x-enablekit-files"].items() if Path(rel).match(pattern)
               and len(Path(rel).parts) == len(Path(pattern).parts)]
    assert len(matches) == 1, (rel, matches)
    return matches[0]


def schema_errors(rel: str, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(ref_for(rel)).iter_errors(data)]


def content_files(root: Path) -> list[Path]:
    """Every file the schema describes in a project: all YAML content, whitepapers without translations."""
    files = []
    for pattern in SCHEMA["x-enablekit-files"]:
        files += [p for p in root.glob(pattern) if not (p.suffix == ".md" and "." in p.stem)]
    return sorted(files)


ALL_FILES = [
    pytest.param(root, path.relative_to(root).as_posix(), id=f"{name}:{path.relative_to(root).as_posix()}")
    for name, root in PROJECTS.items()
    for path in content_files(root)
]


# --------------------------------------------------------------------------- the schema itself


def test_schema_is_valid_draft_2020_12_and_draft_7():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft7Validator.check_schema({**SCHEMA, "$schema": "http://json-schema.org/draft-07/schema#"})


def test_refs_carry_no_constraints_beside_them():
    """Draft 7 (what editors' YAML support implements) ignores keywords next to ``$ref``; only
    annotations may sit there, so both drafts read the schema the same way."""
    annotations = {"$ref", "title", "description", "default", "examples", "$comment"}

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                assert set(node) <= annotations, where
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(SCHEMA, "#")


def test_every_file_kind_has_a_definition_and_a_glob():
    files = SCHEMA["x-enablekit-files"]
    expected = {"content/company.yaml", "content/whitepapers/*.md", *(pattern for pattern, _ in LAYOUT.values())}
    assert set(files) == expected
    for pattern, ref in files.items():
        name = ref.removeprefix("#/$defs/")
        assert name.startswith("file:") and name in SCHEMA["$defs"], pattern
        assert SCHEMA["$defs"][name].get("description"), f"{name} has no description for editors"
    assert files["content/personas/*.yaml"] == "#/$defs/file:personas"  # what the README shows
    assert files["content/whitepapers/*.md"] == "#/$defs/file:whitepaper-front-matter"


def test_unknown_fields_are_errors_everywhere():
    """``extra="forbid"`` on every model becomes ``additionalProperties: false``: typos are caught."""
    for name, definition in SCHEMA["$defs"].items():
        for option in [definition, *definition.get("anyOf", [])]:
            if option.get("type") == "object" and "properties" in option:
                assert option.get("additionalProperties") is False, name


def test_every_content_file_is_covered_by_exactly_one_glob():
    for name, root in PROJECTS.items():
        yaml_files = {p for d in CONTENT_DIRS for p in (root / d).rglob("*.yaml")}
        covered = [p for p in content_files(root) if p.suffix == ".yaml"]
        assert len(covered) == len(set(covered)), name
        assert yaml_files == set(covered), (name, yaml_files ^ set(covered))


# --------------------------------------------------------------------------- every valid file passes


@pytest.mark.parametrize(("root", "rel"), ALL_FILES)
def test_valid_files_pass(root: Path, rel: str):
    data = read(root / rel)
    assert schema_errors(rel, data) == []
    draft7 = validator(ref_for(rel), Draft7Validator)
    assert [e.message for e in draft7.iter_errors(data)] == []


def test_example_scaffold_and_fixtures_are_all_read():
    counts = {name: len(content_files(root)) for name, root in PROJECTS.items()}
    assert all(count >= 8 for count in counts.values()), counts
    assert (ROOT / "generator/content/starter/content/personas/cfo.yaml") in content_files(PROJECTS["scaffold"])


def test_yaml_1_1_differs_only_in_yes_and_no():
    """Read with PyYAML's YAML 1.1 loader (an editor set to ``yaml.yamlVersion: 1.1``), the only
    values the schema rejects are the booleans YAML 1.1 makes of yes/no/on/off: text to enablekit."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    differences = 0
    for name, root in PROJECTS.items():
        for path in content_files(root):
            if path.suffix != ".yaml":
                continue
            rel = path.relative_to(root).as_posix()
            yaml12 = read(path)
            yaml11 = editor_view(yaml.load(path.read_text(encoding="utf-8"), Loader=loader))  # noqa: S506 - a safe loader
            for error in validator(ref_for(rel)).iter_errors(yaml11):
                where = list(error.absolute_path)
                bools = _booleans_at(yaml11, where)
                assert bools, f"{name}:{rel}:{where}: {error.message}"
                differences += 1
                for step_path, value in bools:
                    text = yaml12
                    for step in step_path:
                        text = text[step]
                    assert isinstance(value, bool) and str(text).lower() in {"yes", "no", "on", "off", "y", "n"}, (
                        f"{name}:{rel}:{step_path}")
    assert differences  # e.g. `us: yes` in tests/fixtures/valid: the reason for the decision above


def _booleans_at(data: Any, path: list) -> list[tuple[list, bool]]:
    """The booleans at or under ``path`` in ``data``, with their paths."""
    for step in path:
        data = data[step]
    found: list[tuple[list, bool]] = []

    def walk(value: Any, at: list) -> None:
        if isinstance(value, bool):
            found.append((at, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, [*at, key])
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, [*at, i])

    walk(data, list(path))
    return found


# --------------------------------------------------------------------------- the schema and the loader agree

# Files written into a copy of tests/fixtures/valid (languages zh, en; personas cfo and store-manager;
# capabilities rostering and forecast; competitor rival; tier ka). Each must pass the schema and load
# without an error in that file.
SHORTHANDS = {
    "persona without id, list items as text, translations, {text, audience} and a number": (
        "content/personas/buyer.yaml",
        """\
name: {zh: 采购, en: Buyer}
role_in_decision: procures
cares_about:
  - 总价
  - {zh: 成本, en: Cost}
  - {text: {zh: 内部折扣, en: Internal discount}, audience: internal}
  - 42
fears: [{zh: 超预算, en: Over budget}]
owner: a@test.example
reviewed: 2026-11-01
""",
    ),
    "a quote as plain text": ("content/cases/quoted.yaml", "customer: 某连锁\nquote: 非常好用\n"),
    "a quote as translations": ("content/cases/quoted.yaml", "customer: X\nquote: {zh: 好用, en: Works well}\n"),
    "a quote with its author": ("content/cases/quoted.yaml", "customer: X\nquote: {text: {zh: 好用, en: Good}, by: 王总}\n"),
    "one objection, no id": (
        "content/objections/single.yaml",
        "objection: {zh: 太贵, en: Too expensive}\nshort: {zh: 算总账, en: Do the sum}\ncategory: price\nroles: [cfo]\n",
    ),
    "a list of objections": (
        "content/objections/list.yaml",
        "- {id: o1, objection: {zh: 太贵, en: Too dear}, short: {zh: 算账, en: Sum}}\n"
        "- {id: o2, objection: {zh: 太慢, en: Too slow}, short: {zh: 四周, en: Four weeks}, category: timing}\n",
    ),
    "numbers where text is expected": (
        "content/industries/logistics.yaml",
        "name: {zh: 物流, en: Logistics}\nkpis: [{name: {zh: 工时, en: Hours}, value: 120}, {name: Share, value: 0.35}]\n"
        "pains: [{title: 2026}]\nby_tier: {ka: 12}\n",
    ),
    "unquoted dates and yes/no in a comparison": (
        "content/competitors/other.yaml",
        "name: Other\nreviewed: 2026-11-01\ncomparison: {rostering: {us: yes, them: no, note: 2}}\n"
        "sources: [{url: 'https://other.example', seen: 2026-10-01}]\n",
    ),
    "whitepaper front matter without id, an unquoted date": (
        "content/whitepapers/notes.md",
        "---\ntitle: {zh: 笔记, en: Notes}\ndate: 2026-10-01\nauthors: [A. Author]\naudience: internal\n---\n\nBody.\n",
    ),
    "capabilities.yaml as a list": (
        "content/capabilities.yaml",
        "- {id: payroll, name: {zh: 算薪, en: Payroll}, status: beta, available_from: '2027-01'}\n",
    ),
    "a playbook without id": (
        "playbooks/short.yaml",
        "name: {zh: 简版, en: Short}\nstages:\n  - id: first\n    name: {zh: 初访, en: First visit}\n"
        "    checklist: [带名片, {zh: 准备案例, en: Bring a case}]\n",
    ),
    "a deal without id": (
        "deals/small-deal.yaml",
        "customer: {name: 小客户, industry: retail, tier: ka, size: 120}\n"
        "stakeholders: [{name: 王总, persona: cfo}]\nproposal: {language: zh, valid_until: 2026-12-31}\n",
    ),
}

# Each must fail the schema, and loading it must report exactly one error in that file: (file, text,
# (line, column) of the problem, the loader's message, the schema's message for the same problem there).
MISTAKES = {
    "unknown field": (
        "content/personas/buyer.yaml", "name: Buyer\nrole_in_decision: decides\nnmae: Buyer\n", (3, 1),
        "unknown field 'nmae'; did you mean 'name'?", "Additional properties are not allowed ('nmae' was unexpected)"),
    "status: done": (
        "content/capabilities.yaml", "- {id: payroll, name: Payroll, status: done}\n", (1, 40),
        "status: 'done' is not one of: ga, beta, roadmap", "'done' is not one of ['ga', 'beta', 'roadmap']"),
    "role_in_decision: boss": (
        "content/personas/buyer.yaml", "name: Buyer\nrole_in_decision: boss\n", (2, 19),
        "role_in_decision: 'boss' is not one of: decides, influences, uses, relays, procures",
        "'boss' is not one of ['decides', 'influences', 'uses', 'relays', 'procures']"),
    "a list where a mapping is required": (
        "content/personas/buyer.yaml", "- name: Buyer\n  role_in_decision: decides\n", (1, 1),
        "expected a mapping of fields, got a list",
        "[{'name': 'Buyer', 'role_in_decision': 'decides'}] is not of type 'object'"),
    "a list for the customer of a deal": (
        "deals/small-deal.yaml", "customer: [a, b]\n", (1, 11),
        "customer: expected a mapping, got a list", "['a', 'b'] is not of type 'object'"),
    "audience: everyone": (
        "content/personas/buyer.yaml", "name: Buyer\nrole_in_decision: decides\naudience: everyone\n", (3, 11),
        "audience: 'everyone' is not one of: internal, partner, public",
        "'everyone' is not one of ['internal', 'partner', 'public']"),
    "an id with capitals": (
        "content/personas/buyer.yaml", "id: Buyer\nname: Buyer\nrole_in_decision: decides\n", (1, 5),
        "id: invalid id 'Buyer': use lowercase letters, digits, '-' and '_'",
        "'Buyer' does not match '^[a-z0-9][a-z0-9_-]*$'"),
    "an objection in a list without id": (
        "content/objections/list.yaml", "- {objection: Too dear, short: Sum}\n", (1, 3),
        "missing required field 'id' (a file with several entries needs one per entry)", "'id' is a required property"),
    "us: maybe": (
        "content/competitors/other.yaml", "name: Other\ncomparison: {rostering: {us: maybe, them: no}}\n", (2, 30),
        "us: 'maybe' is not one of: yes, partial, no, roadmap", "'maybe' is not one of ['yes', 'partial', 'no', 'roadmap']"),
    "a quote with only its author": (
        "content/cases/quoted.yaml", "customer: X\nquote: {by: 王总}\n", (2, 8),
        "missing required field 'text'", "'text' is a required property"),
    "a list item with an unknown field": (
        "content/personas/buyer.yaml", "name: Buyer\nrole_in_decision: decides\nfears: [{text: Cost, by: CFO}]\n", (3, 22),
        "unknown field 'by'", "Additional properties are not allowed ('by' was unexpected)"),
    "true as a name": (
        "content/personas/buyer.yaml", "name: true\nrole_in_decision: decides\n", (1, 7),
        "name: expected text, got true/false", "True is not of type 'string'"),
    "a language key that is no language code": (
        "content/personas/buyer.yaml", "name: {zh: 采购, english: Buyer}\nrole_in_decision: decides\n", (1, 16),
        "unknown language 'english' (languages: zh, en)", "'english' does not match '^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$'"),
    "a date that does not exist": (
        "content/personas/buyer.yaml", "name: B\nrole_in_decision: decides\nreviewed: 2026-02-30\n", (3, 11),
        "invalid date '2026-02-30': day is out of range for month", "'2026-02-30' is not a 'date'"),
    "a date in words": (
        "content/personas/buyer.yaml", "name: B\nrole_in_decision: decides\nreviewed: last week\n", (3, 11),
        "reviewed: invalid date 'last week': use YYYY-MM-DD", "'last week' is not a 'date'"),
    "review_every: 0": (
        "content/personas/buyer.yaml", "name: B\nrole_in_decision: decides\nreview_every: 0\n", (3, 15),
        "review_every: must be greater than 0", "0 is less than or equal to the minimum of 0"),
    "review_every beyond 100 years": (
        "content/personas/buyer.yaml", "name: B\nrole_in_decision: decides\nreview_every: 50000\n", (3, 15),
        "review_every: must be at most 36500 days (100 years)", "50000 is greater than the maximum of 36500"),
    "body in whitepaper front matter": (
        "content/whitepapers/notes.md", "---\ntitle: Notes\nbody: text\n---\n\nBody.\n", (3, 1),
        "unknown field 'body': the body is the Markdown after the front matter",
        "Additional properties are not allowed ('body' was unexpected)"),
    "a public deal": (
        "deals/small-deal.yaml", "customer: {name: X}\naudience: public\n", (2, 11),
        "audience: a deal is always internal ('public' would publish stakeholder names and notes); remove the line"
        " — the proposal is the customer's document", "'internal' was expected"),
    "a quiz answer that is no number": (
        "playbooks/training/quiz.yaml",
        "name: Quiz\nmodules: [{id: m, name: M, quiz: [{q: Q, choices: [a, b], answer: first}]}]\n", (2, 67),
        "answer: expected a whole number, got 'first'", "'first' is not of type 'integer'"),
}


def _load_with(tmp_path: Path, rel: str, text: str) -> tuple[list[str], list[str]]:
    """(schema errors, loader errors in that file) for ``text`` written at ``rel`` in a fixture copy."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project)
    (project / rel).parent.mkdir(parents=True, exist_ok=True)
    (project / rel).write_text(text, encoding="utf-8")
    _, diags = load_project(project, today=TODAY)
    return schema_errors(rel, read(project / rel, text)), [str(d) for d in diags.errors if d.location.path == rel]


@pytest.mark.parametrize("case", SHORTHANDS)
def test_shorthands_the_loader_accepts_pass_the_schema(tmp_path, case):
    rel, text = SHORTHANDS[case]
    schema_problems, loader_problems = _load_with(tmp_path, rel, text)
    assert loader_problems == []
    assert schema_problems == []


def schema_problems_at(rel: str, text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) of every schema error for ``text`` at ``rel``, the errors inside each
    ``anyOf``/``oneOf`` included. The place is the value the error is about, found with enablekit's
    own positions; for a key that is not allowed (an unexpected field, a language code that is no
    language code) the place of that key."""
    doc = split_front_matter(text)[0] if rel.endswith(".md") else load_yaml(text)

    def every(errors) -> Iterator[Any]:  # noqa: ANN001
        for error in errors:
            yield error
            yield from every(error.context or [])

    found = []
    for error in every(validator(ref_for(rel)).iter_errors(read(Path(rel), text))):
        path = tuple(error.absolute_path)
        unexpected = re.fullmatch(r"Additional properties are not allowed \('([^']*)' was unexpected\)", error.message)
        if unexpected:
            place = doc.mark(path + (unexpected.group(1),), key=True)
        elif "propertyNames" in error.absolute_schema_path:
            place = doc.mark(path + (error.instance,), key=True)
        else:
            place = doc.mark(path)
        found.append((*place, error.message))
    return found


@pytest.mark.parametrize("case", MISTAKES)
def test_mistakes_fail_the_schema_and_the_loader_at_the_same_place(tmp_path, case):
    rel, text, (line, col), loader_message, schema_message = MISTAKES[case]
    _, loader_problems = _load_with(tmp_path, rel, text)
    assert loader_problems == [f"{rel}:{line}:{col}: {loader_message}"]
    assert (line, col, schema_message) in schema_problems_at(rel, text), schema_problems_at(rel, text)


def test_text_keys_are_language_codes():
    name = validator("#/$defs/file:personas")
    for key in ("zh", "en", "ja", "de", "zh-TW", "pt-BR", "zh-Hant-TW", "yue"):
        assert name.is_valid({"name": {key: "x"}, "role_in_decision": "uses"}), key
    for key in ("ZH", "chinese", "text", "zh_CN", "*", ""):
        assert not name.is_valid({"name": {key: "x"}, "role_in_decision": "uses"}), key
    assert not name.is_valid({"name": {}, "role_in_decision": "uses"})
    assert not name.is_valid({"name": {"zh": None}, "role_in_decision": "uses"})


def test_company_may_list_answer_languages():
    company = validator("#/$defs/file:company")
    base = read(FIXTURES / "valid/content/company.yaml")
    assert company.is_valid({**base, "answer_languages": ["fr", "de", "ja"]})
    assert not company.is_valid({**base, "answer_languages": "fr"})  # a list, like languages
    assert not company.is_valid({**base, "answer_languages": [3]})
    schema_text = json.dumps(json_schema()["$defs"]["Company"]["properties"]["answer_languages"])
    assert "content/answers/*" in schema_text and "stay in `languages`" in schema_text


def test_objection_files_hold_one_or_a_list():
    objections = validator("#/$defs/file:objections")
    one = {"objection": "Too dear", "short": "Sum"}
    assert objections.is_valid(one)  # the file name is the id
    assert objections.is_valid([{**one, "id": "a"}, {**one, "id": "b"}])
    assert not objections.is_valid([one])  # in a list, each needs its id
    assert not objections.is_valid("Too dear")


def test_company_may_hold_capabilities():
    company = validator("#/$defs/file:company")
    base = read(FIXTURES / "valid/content/company.yaml")
    assert company.is_valid({**base, "capabilities": [{"id": "x", "name": "X", "status": "ga"}]})
    assert not company.is_valid({**base, "capabilities": [{"name": "X", "status": "ga"}]})  # id needed
    assert not company.is_valid({**base, "capabilities": [{"id": "x", "name": "X", "status": "done"}]})


# --------------------------------------------------------------------------- the command


# Each content file glob and its definition: what `enablekit schema` prints and the README shows.
FILE_DEFS = {
    "content/company.yaml": "#/$defs/file:company",
    "content/capabilities.yaml": "#/$defs/file:capabilities",
    "content/personas/*.yaml": "#/$defs/file:personas",
    "content/industries/*.yaml": "#/$defs/file:industries",
    "content/competitors/*.yaml": "#/$defs/file:competitors",
    "content/objections/*.yaml": "#/$defs/file:objections",
    "content/cases/*.yaml": "#/$defs/file:cases",
    "playbooks/*.yaml": "#/$defs/file:playbooks",
    "playbooks/training/*.yaml": "#/$defs/file:training",
    "deals/*.yaml": "#/$defs/file:deals",
    "content/answers/*.yaml": "#/$defs/file:answers",
    "content/calendar.yaml": "#/$defs/file:calendar",
    "content/whitepapers/*.md": "#/$defs/file:whitepaper-front-matter",
}
# VS Code's yaml.schemas entries: every YAML glob, none for Markdown (the extension skips front matter)
VSCODE = {f".enablekit.schema.json{ref}": glob for glob, ref in FILE_DEFS.items() if glob.endswith(".yaml")}


def test_schema_prints_the_schema(capsys):
    """The printed document is the schema: every file of the valid fixture passes it, a mistake fails
    it with the schema's message, and its text is indented JSON with Chinese examples as written."""
    main(["schema"])
    printed = capsys.readouterr().out
    assert printed.startswith('{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n'
                              '  "title": "enablekit content",\n')
    assert printed.endswith("\n}\n")
    assert '"description": "Translations: language code → text, e.g. {zh: 价格, en: Price}"' in printed
    document = json.loads(printed)
    assert document["x-enablekit-files"] == FILE_DEFS
    files = content_files(FIXTURES / "valid")
    assert len(files) >= 8
    for path in files:
        rel = path.relative_to(FIXTURES / "valid").as_posix()
        ref = next(ref for pattern, ref in FILE_DEFS.items() if Path(rel).match(pattern)
                   and len(Path(rel).parts) == len(Path(pattern).parts))
        assert [e.message for e in validator(ref, document=document).iter_errors(read(path))] == [], rel
    persona = validator("#/$defs/file:personas", document=document)
    assert [e.message for e in persona.iter_errors({"name": "Buyer", "role_in_decision": "boss"})] == [
        "'boss' is not one of ['decides', 'influences', 'uses', 'relays', 'procures']"]


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project)
    return project


def test_vscode_writes_the_schema_and_the_settings(tmp_path, capsys):
    project = _project(tmp_path)
    main(["schema", "--vscode", str(project)])
    printed = capsys.readouterr().err
    assert f"wrote {project / SCHEMA_FILE}" in printed and "created" in printed
    main(["schema"])
    assert (project / SCHEMA_FILE).read_text(encoding="utf-8") == capsys.readouterr().out  # what `schema` prints
    settings = json.loads((project / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings == {"yaml.schemas": VSCODE}
    schemas = settings["yaml.schemas"]
    assert schemas[".enablekit.schema.json#/$defs/file:personas"] == "content/personas/*.yaml"
    assert schemas[".enablekit.schema.json#/$defs/file:training"] == "playbooks/training/*.yaml"
    globs = {pattern for pattern in SCHEMA["x-enablekit-files"] if pattern.endswith(".yaml")}
    assert set(schemas.values()) == globs  # every YAML glob, and no Markdown (the extension skips it)
    for ref in schemas:  # each reference resolves in the file written
        assert ref.removeprefix(SCHEMA_FILE + "#/$defs/") in SCHEMA["$defs"]


def test_vscode_files_get_ordinary_permissions(tmp_path, capsys):
    project = _project(tmp_path)
    umask = os.umask(0o022)
    try:
        main(["schema", "--vscode", str(project)])
    finally:
        os.umask(umask)
    assert stat.S_IMODE((project / SCHEMA_FILE).stat().st_mode) == 0o644  # not mkstemp's 0600
    assert stat.S_IMODE((project / ".vscode/settings.json").stat().st_mode) == 0o644
    (project / SCHEMA_FILE).chmod(0o664)  # a file that exists keeps its own
    main(["schema", "--vscode", str(project)])
    assert stat.S_IMODE((project / SCHEMA_FILE).stat().st_mode) == 0o664


def test_vscode_merges_with_existing_settings(tmp_path, capsys):
    project = _project(tmp_path)
    (project / ".vscode").mkdir()
    before = {
        "editor.tabSize": 4,
        "files.exclude": {"site": True},
        "yaml.schemas": {
            "https://json.schemastore.org/github-workflow.json": ".github/workflows/*",
            "./.enablekit.schema.json#/$defs/file:gone": "gone/*.yaml",  # a stale entry of ours
        },
    }
    (project / ".vscode/settings.json").write_text(json.dumps(before, indent=4), encoding="utf-8")
    main(["schema", "--vscode", str(project)])
    assert "updated" in capsys.readouterr().err
    text = (project / ".vscode/settings.json").read_text(encoding="utf-8")
    after = json.loads(text)
    assert after["editor.tabSize"] == 4 and after["files.exclude"] == {"site": True}
    assert after["yaml.schemas"] == {
        "https://json.schemastore.org/github-workflow.json": ".github/workflows/*",
        **VSCODE,
    }
    assert '\n    "editor.tabSize"' in text  # the file's own indentation is kept
    main(["schema", "--vscode", str(project)])
    assert "unchanged" in capsys.readouterr().err
    assert (project / ".vscode/settings.json").read_text(encoding="utf-8") == text


def test_vscode_never_rewrites_settings_it_cannot_keep(tmp_path, capsys):
    project = _project(tmp_path)
    (project / ".vscode").mkdir()
    jsonc = '{\n  // my settings\n  "editor.tabSize": 2,\n}\n'
    (project / ".vscode/settings.json").write_text(jsonc, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["schema", "--vscode", str(project)])
    assert exit_info.value.code == 1
    message = capsys.readouterr().err
    assert "not plain JSON" in message and ".enablekit.schema.json#/$defs/file:personas" in message
    assert (project / ".vscode/settings.json").read_text(encoding="utf-8") == jsonc
    assert not (project / SCHEMA_FILE).exists()


def test_vscode_wants_a_project(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["schema", "--vscode", str(tmp_path)])
    assert exit_info.value.code == 1
    assert "not an enablekit project" in capsys.readouterr().err
    assert not (tmp_path / ".vscode").exists()


def test_project_without_vscode_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["schema", str(_project(tmp_path))])
    assert exit_info.value.code == 2
    assert "only used with --vscode" in capsys.readouterr().err


def test_the_guide_says_per_field_what_is_translated():
    from generator.content.authoring import authoring_page

    rows = {line.split("|")[1].strip() + " " + line.split("|")[2].strip()
            for line in authoring_page("en").splitlines() if line.startswith("| `")}
    assert "`name` text" in rows  # a text: one string, or {fr: …, zh: …}
    assert "`unit` string, not translated" in rows  # one for every language, and the guide says why
    assert "`titles` list of strings, not translated" in rows
    assert "`industry` id of an industry" in rows and "`roles` list of ids of personas" in rows
    assert "`up_to` whole number" in rows  # an optional number is no longer "value"
