"""Record a re-verification: set ``reviewed`` (and ``owner``) of items in place, ready to commit.

ruamel.yaml's round-trip loader reads each file with the position of every key and value; the
edit then replaces only the characters of the one scalar that changes (or adds one line when the
item had no such field), so comments, key order, quoting, indentation and every other byte of the
file stay as the author wrote them. The result is read back to make sure it says what was meant.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import EnablekitError, did_you_mean
from .files import write_text_atomic
from .model import CONTENT_KINDS, SINGULAR, Project

# kinds whose items carry review dates (deals are live records, not reviewed content); answers go to
# customers, so they are verified like the rest
VERIFIABLE = CONTENT_KINDS + ("answers", "company")
BARE = CONTENT_KINDS + ("answers",)  # where a bare id is looked for
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(\r?\n|\Z)", re.S)
_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*(?<!\s)$")


@dataclass
class Verified:
    """One item re-verified: where it lives and what changed."""

    kind: str
    id: str
    path: str  # relative to the project
    changes: list[tuple[str, str | None, str]]  # field, old value (None: added), new value


def resolve(project: Project, ref: str) -> tuple[str, str]:
    """(kind, id) of an item named ``id`` or ``kind:id``; refuses unknown or ambiguous names."""
    if ref == "company":
        return "company", "company"
    if ":" in ref:
        kind, _, ident = ref.partition(":")
        if kind not in VERIFIABLE:
            raise EnablekitError(f"unknown kind '{kind}' in '{ref}'{did_you_mean(kind, VERIFIABLE)}")
        if ident not in project.kind(kind):
            _refuse_broken(project, (kind,), ident)
            raise EnablekitError(f"unknown {SINGULAR[kind]} '{ident}'{did_you_mean(ident, project.kind(kind))}")
        return kind, ident
    hits = [kind for kind in BARE if ref in project.kind(kind)]
    if len(hits) > 1:
        raise EnablekitError(f"'{ref}' names more than one item ({', '.join(SINGULAR[k] for k in hits)}):"
                             f" write one of {', '.join(f'{k}:{ref}' for k in hits)}")
    if not hits:
        _refuse_broken(project, BARE, ref)
        everything = [i for kind in BARE for i in project.kind(kind)]
        if ref in project.deals:
            raise EnablekitError(f"'{ref}' is a deal: deals are live records and have no review date")
        raise EnablekitError(f"'{ref}' does not name any content{did_you_mean(ref, everything)}")
    return hits[0], ref


def _refuse_broken(project: Project, kinds: tuple[str, ...], ident: str) -> None:
    """Refuse an item that exists but whose file has an error: it cannot be read back after the edit."""
    for kind in kinds:
        path = project.broken.get(kind, {}).get(ident)
        if path is not None:
            raise EnablekitError(f"'{ident}' is defined in {path}, which has an error: fix it first"
                                 " (`enablekit check` says where)")


def verify(project: Project, refs: list[str], *, by: str | None = None,
           date: dt.date | None = None) -> list[Verified]:
    """Set ``reviewed: date`` (default: the project's today) and, with ``by``, ``owner: by`` on every
    item named; all names are checked before any file is written."""
    date = date or project.today
    targets = [resolve(project, ref) for ref in refs]  # raises before anything is touched
    by_file: dict[str, list[tuple[str, str, tuple]]] = {}
    for kind, ident in dict.fromkeys(targets):
        entity = project.kind(kind)[ident] if kind != "company" else project.company
        source = project.source(entity)
        by_file.setdefault(source.path, []).append((kind, ident, source.base))
    done: list[Verified] = []
    for rel, items in by_file.items():
        path = project.root / rel
        original = path.read_bytes().decode("utf-8")
        text = original
        for kind, ident, base in items:
            fields = [("reviewed", date.isoformat())] + ([("owner", by)] if by else [])
            changes = []
            for name, value in fields:
                text, old = set_field(text, base, name, value, markdown=rel.endswith(".md"), where=rel)
                if old != value:
                    changes.append((name, old, value))
            done.append(Verified(kind, ident, rel, changes))
        if text != original:
            _write(path, text)
    return done


def set_field(text: str, base: tuple, name: str, value: str, *, markdown: bool = False,
              where: str = "") -> tuple[str, str | None]:
    """``text`` with field ``name`` of the mapping at ``base`` set to ``value`` (a date or a name),
    and the old value as text (None when the field was added). In a Markdown file, the front matter."""
    if markdown:
        match = _FRONT.match(text)
        if not match:
            raise EnablekitError(f"{where}: no front matter to record the review in")
        start, end = match.start(1), match.end(1)
        inner, old = set_field(text[start:end], base, name, value, where=where)
        return text[:start] + inner + text[end:], old
    mapping = _mapping_at(text, base, where)
    lines = text.splitlines(keepends=True)
    if name in mapping:
        line, col = mapping.lc.value(name)
        old_line = lines[line]
        token = _scalar_token(old_line[col:], flow=mapping.fa.flow_style())
        if token is None:
            raise EnablekitError(f"{where}:{line + 1}:{col + 1}: '{name}' is not a one-line value; edit it by hand")
        old = _unquote(token)
        lines[line] = old_line[:col] + _quoted_like(token, value) + old_line[col + len(token):]
        result, old_value = "".join(lines), old
    else:
        result, old_value = _insert(lines, mapping, name, value, where), None
    check = _mapping_at(result, base, where)
    if str(check.get(name)) != value:  # never write a file that does not say what was meant
        raise EnablekitError(f"{where}: could not record {name}: {value} safely; edit it by hand")
    return result, old_value


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    return yaml


def _mapping_at(text: str, base: tuple, where: str) -> Any:
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    try:
        node = _yaml().load(text)
    except YAMLError as exc:
        raise EnablekitError(f"{where}: cannot be read as YAML ({str(exc).splitlines()[0]})") from None
    for part in base:
        node = node[part]
    if not isinstance(node, CommentedMap):
        raise EnablekitError(f"{where}: the item is not a mapping; edit it by hand")
    return node


def _scalar_token(rest: str, *, flow: bool = False) -> str | None:
    """The scalar at the start of ``rest`` (a value on one line), as written, quotes included; in
    a flow mapping (``{id: x, reviewed: …}``) it ends at the next comma or brace."""
    rest = rest.rstrip("\r\n")
    if rest[:1] in ("'", '"'):
        quote = rest[0]
        i = 1
        while i < len(rest):
            if quote == '"' and rest[i] == "\\":
                i += 2
                continue
            if rest[i] == quote:
                if quote == "'" and rest[i + 1:i + 2] == "'":
                    i += 2
                    continue
                return rest[:i + 1]
            i += 1
        return None
    if rest[:1] in ("|", ">", "", "[", "{", "&", "*", "!"):
        return None
    end = re.search(r"\s#|[,}\]]" if flow else r"\s#", rest)
    return (rest[:end.start()] if end else rest).rstrip()


def _unquote(token: str) -> str:
    if token.startswith('"'):
        return json.loads(token)
    if token.startswith("'"):
        return token[1:-1].replace("''", "'")
    return token


def _quoted_like(token: str, value: str) -> str:
    """``value`` written the way ``token`` was: in the same quotes, or plain when that is safe."""
    if token.startswith("'"):
        return "'" + value.replace("'", "''") + "'"
    if token.startswith('"') or not _PLAIN_SAFE.match(value) or ": " in value or any(c in value for c in ",[]{}"):
        return json.dumps(value, ensure_ascii=False)
    return value


def _insert(lines: list[str], mapping: Any, name: str, value: str, where: str) -> str:
    """Add ``name: value`` as a new line of the mapping: after ``owner``, ``id`` or ``name`` when one
    holds a one-line value, else before the mapping's first key when that starts its line."""
    keys = list(mapping)
    if not keys:
        raise EnablekitError(f"{where}: the item is empty; edit it by hand")
    first_line, key_col = mapping.lc.key(keys[0])
    if mapping.fa.flow_style():  # {id: x, name: y} → {id: x, reviewed: …, name: y}
        for anchor in ("reviewed", "owner", "id", "name", keys[-1]):
            if anchor in mapping and anchor != name:
                line, col = mapping.lc.value(anchor)
                token = _scalar_token(lines[line][col:], flow=True)
                if token:
                    end = col + len(token)
                    lines[line] = lines[line][:end] + f", {name}: {_quoted_like('', value)}" + lines[line][end:]
                    return "".join(lines)
        raise EnablekitError(f"{where}: cannot find where to add '{name}'; add '{name}: {value}' by hand")
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    new = " " * key_col + f"{name}: " + _quoted_like("", value) + newline
    for anchor in ("reviewed", "owner", "id", "name"):
        if anchor in mapping and anchor != name:
            line, col = mapping.lc.value(anchor)
            if _scalar_token(lines[line][col:]) and (line + 1 >= len(lines) or _starts_key(lines[line + 1], key_col)):
                if not lines[line].endswith("\n"):
                    lines[line] += newline
                lines.insert(line + 1, new)
                return "".join(lines)
    if lines[first_line][:key_col].strip() == "":
        lines.insert(first_line, new)
        return "".join(lines)
    raise EnablekitError(f"{where}: cannot find where to add '{name}'; add '{name}: {value}' by hand")


def _starts_key(line: str, col: int) -> bool:
    """Whether ``line`` begins a new key at ``col`` or less (or is blank, a comment, the end)."""
    stripped = line.lstrip(" ")
    return not stripped.strip() or len(line) - len(stripped) <= col


def _write(path: Path, text: str) -> None:
    """Replace the file in one step: a crash leaves the old file or the new one, never half."""
    write_text_atomic(path, text)
