"""Safe YAML reading that remembers where every value came from.

PyYAML's SafeLoader builds plain data but forgets positions; here the node
graph is walked by hand so each key and value keeps its line and column. The
resolver follows YAML 1.2's core schema, so ``us: yes`` stays the string "yes"
and ``9:30`` is not read as the number 570. Hostile input is refused before it
costs anything: files that are too large, binary, nested too deep, or whose
aliases would expand into too many nodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # the C parser is several times faster; positions are the same
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_BYTES = 4 * 1024 * 1024
MAX_NODES = 250_000
MAX_DEPTH = 64

Path = tuple[Any, ...]


class Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema scalars, plus dates (``reviewed: 2026-10-01``)."""


Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp",
    re.compile(
        r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
        r"(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?)$"
    ),
    list("0123456789"),
)


_STR = "tag:yaml.org,2002:str"
STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


class _Loader(_Parser, yaml.constructor.SafeConstructor, Resolver):
    def __init__(self, stream):
        _Parser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        Resolver.__init__(self)


@dataclass
class YamlProblem:
    line: int
    col: int
    message: str


@dataclass
class Document:
    """Plain data from one YAML document and the position of each part of it."""

    data: Any
    value_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)

    def mark(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for ``path``: its key, its value, or else its parent's."""
        path = tuple(path)
        while True:
            if key and path in self.key_marks:
                return self.key_marks[path]
            if path in self.value_marks:
                return self.value_marks[path]
            if path in self.key_marks:
                return self.key_marks[path]
            if not path:
                return (1, 1)
            path = path[:-1]


class YamlError(Exception):
    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def check_text(raw: bytes) -> str:
    """Decode a file's bytes, refusing what is not plausible UTF-8 text."""
    if len(raw) > MAX_BYTES:
        raise YamlError(1, 1, f"file is too large ({len(raw):,} bytes; the limit is {MAX_BYTES:,})")
    if b"\x00" in raw:
        raise YamlError(1, 1, "file is binary (contains NUL bytes), not UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(line, col, "file is not valid UTF-8 text") from None
    return text


def _expanded_size(node: Node, memo: dict[int, int], depth: int = 0) -> int:
    """How many nodes ``node`` becomes once every alias is copied out (a billion-laughs guard)."""
    if depth > MAX_DEPTH:
        raise YamlError(
            node.start_mark.line + 1, node.start_mark.column + 1, f"nesting is deeper than {MAX_DEPTH} levels"
        )
    key = id(node)
    if key in memo:
        if memo[key] < 0:  # still being counted: an alias inside the value it names
            raise YamlError(
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "an alias is used inside the value it names (the value would contain itself)",
            )
        return memo[key]
    memo[key] = -1
    if isinstance(node, MappingNode):
        total = 1 + sum(_expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1) for k, v in node.value)
    elif isinstance(node, SequenceNode):
        total = 1 + sum(_expanded_size(v, memo, depth + 1) for v in node.value)
    else:
        total = 1
    memo[key] = total
    if total > MAX_NODES:
        raise YamlError(
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            f"document expands to more than {MAX_NODES:,} values (are aliases nested to blow it up?)",
        )
    return total


def load_yaml(text: str, *, line_offset: int = 0) -> Document:
    """Parse one YAML document. Raises :class:`YamlError` for syntax errors and hostile input."""
    try:
        loader = _Loader(text)
    except UnicodeEncodeError as exc:  # a lone surrogate: never from a decoded file, but from a caller
        line, col = _line_col(text, exc.start)
        raise YamlError(line + line_offset, col, "text is not valid Unicode") from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = (mark.line + 1 if mark else 1) + line_offset
            col = mark.column + 1 if mark else 1
            message = exc.problem or exc.context or "invalid YAML"
            if exc.context and exc.problem:
                message = f"{exc.context}, {exc.problem}"
            plain = _in_plain_words(exc, text, line_offset)
            if plain is not None:
                line, col, message = plain[0] + line_offset, plain[1], plain[2]
                raise YamlError(line, col, message) from None
            raise YamlError(line, col, f"YAML syntax error: {message}") from None
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a control character
            found = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
            line, col = _line_col(text, found if found >= 0 else exc.position)  # the C reader's count is off
            line += line_offset
            what = f"character U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
            raise YamlError(line, col, f"{what} is not allowed in YAML ({exc.reason})") from None
        except yaml.YAMLError as exc:
            message = " ".join(str(exc).split())
            raise YamlError(1 + line_offset, 1, f"YAML syntax error: {message}") from None
        except RecursionError:
            raise YamlError(1 + line_offset, 1, f"nesting is deeper than {MAX_DEPTH} levels") from None
        doc = Document(data=None)
        if node is None:
            return doc
        try:
            _expanded_size(node, {})
        except YamlError as exc:
            exc.line += line_offset
            raise
        doc.data = _Builder(loader, doc, line_offset).build(node, ())
        return doc
    finally:
        loader.dispose()


def _in_plain_words(exc: yaml.MarkedYAMLError, text: str, offset: int) -> tuple[int, int, str] | None:
    """The parser's complaint as a content author would put it, at the place to fix; None when
    there is no better wording than the parser's own."""
    problem, context = exc.problem or "", exc.context or ""
    lines = text.splitlines()
    at = exc.problem_mark
    start = exc.context_mark

    def quoted(number: int) -> str:  # line ``number`` (from 1), shortened
        body = lines[number - 1].strip() if 0 < number <= len(lines) else ""
        return body if len(body) <= 40 else body[:39] + "…"

    if at is None:
        return None
    line, col = at.line + 1, at.column + 1
    current = lines[at.line] if at.line < len(lines) else ""
    tab = current.find("\t")
    if "tab" in problem or (tab >= 0 and tab <= at.column and "cannot start any token" in problem):
        return line, (tab + 1 if tab >= 0 else col), "YAML does not allow tabs for indentation; use spaces"
    if "mapping values are not allowed" in problem:
        above = next((n for n in range(at.line, 0, -1) if lines[n - 1].strip()
                      and not lines[n - 1].lstrip().startswith("#")), None)
        indent = len(current) - len(current.lstrip(" "))
        if above is not None and n_indent(lines[above - 1]) < indent and current.strip() \
                and ": " not in current.strip()[: max(col - indent - 1, 0)]:
            return line, indent + 1, (f"this line is indented deeper than line {above + offset} ('{quoted(above)}'), so it"
                                      " cannot start a new key there; keys of one mapping start in the same column")
        return line, col, "': ' inside a value starts a new key; put the whole value in quotes"
    if "did not find expected key" in problem and start is not None:
        return line, col, (f"this line is indented differently from the block that starts on line {start.line + 1 + offset}"
                           f" ('{quoted(start.line + 1)}'); entries of one mapping or list start in the same column")
    if "did not find expected '-' indicator" in problem and start is not None:
        return line, col, (f"the list that starts on line {start.line + 1 + offset} ('{quoted(start.line + 1)}') continues"
                           " with a line that is not an item '- …'; indent it like the items above or end the list")
    if "could not find expected ':'" in problem:
        return line - 1 if col == 1 and line > 1 else line, 1, (
            f"line {(line - 1 if col == 1 and line > 1 else line) + offset} is neither 'key: value' nor a list item '- …';"
            " if it continues the text above, indent it further or put the whole text in quotes")
    if "end of stream" in problem and "quoted scalar" in context and start is not None:
        return start.line + 1, start.column + 1, "this quote is never closed"
    if "flow sequence" in context and start is not None:
        return start.line + 1, start.column + 1, "this list '[' is not closed with ']' (or an item is missing a comma)"
    if "flow mapping" in context and start is not None:
        return start.line + 1, start.column + 1, "this mapping '{' is not closed with '}' (or an entry is missing a comma)"
    return None


def n_indent(line: str) -> int:
    """Spaces before the text of ``line``."""
    return len(line) - len(line.lstrip(" "))


def _line_col(text: str, pos: int) -> tuple[int, int]:
    """Line and column (from 1) of character ``pos`` of ``text``."""
    pos = min(max(pos, 0), len(text))
    return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


class _Builder:
    def __init__(self, loader: _Loader, doc: Document, line_offset: int):
        self.loader, self.doc, self.offset = loader, doc, line_offset

    def pos(self, node: Node) -> tuple[int, int]:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def problem(self, node: Node, message: str) -> None:
        line, col = self.pos(node)
        self.doc.problems.append(YamlProblem(line, col, message))

    def build(self, node: Node, path: Path) -> Any:
        self.doc.value_marks[path] = self.pos(node)
        if node.tag not in STANDARD_TAGS:
            self.problem(node, f"cannot read this value: unsupported tag '{node.tag}'")
            return None
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            self.loader.flatten_mapping(node)  # resolves `<<` merge keys
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self.problem(key_node, "a key must be a plain name, not a list or mapping")
                    continue
                key = self.scalar(key_node, path)
                key = str(key) if key is not None else ""
                if key in result:
                    self.problem(key_node, f"duplicate key '{key}'")
                    continue
                self.doc.key_marks[path + (key,)] = self.pos(key_node)
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: ScalarNode, path: Path) -> Any:
        if node.tag == _STR:
            return node.value  # the common case, without the constructor's dispatch
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self.problem(node, f"cannot read this value: {exc.problem}")
            return None
        except (ValueError, OverflowError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp":
                self.problem(node, f"invalid date '{node.value}': {exc}")
            else:
                self.problem(node, f"invalid value '{node.value}': {exc}")
            return None
        except (KeyError, AttributeError, TypeError, IndexError):  # e.g. `!!bool maybe`, `!!timestamp soon`
            what = _TAG_WORDS.get(node.tag, f"value for '{node.tag}'")
            self.problem(node, f"invalid {what} '{node.value}'")
            return None
        return value


_TAG_WORDS = {
    "tag:yaml.org,2002:bool": "true/false value",
    "tag:yaml.org,2002:timestamp": "date",
    "tag:yaml.org,2002:int": "whole number",
    "tag:yaml.org,2002:float": "number",
}


FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


FRONT_MATTER_START = re.compile(r"\A---[ \t]*\r?\n")


def split_front_matter(text: str) -> tuple[Document | None, str, int]:
    """Split a Markdown file into its YAML front matter (if any), its body and the body's first line.

    Raises :class:`YamlError` when the front matter is not valid YAML, or when a first line ``---``
    opens front matter that no later ``---`` line closes."""
    match = FRONT_MATTER.match(text)
    if not match:
        if FRONT_MATTER_START.match(text):
            raise YamlError(1, 1, "front matter is not closed: add a line '---' after its fields")
        return None, text, 1
    doc = load_yaml(match.group(1) or "", line_offset=1)
    body_line = text[: match.end()].count("\n") + 1
    return doc, text[match.end():], body_line
