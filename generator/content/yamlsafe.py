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
    # parts a syntax error left unread (a top-level key, a list item, or () for the whole document),
    # each with the id it seems to declare (a list item's ``id:``), so that references to it are not
    # reported as unknown and its absence is not reported as a missing field
    unread: dict[Path, str | None] = field(default_factory=dict)

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


def load_yaml(text: str, *, line_offset: int = 0, recover: bool = False) -> Document:
    """Parse one YAML document. Raises :class:`YamlError` for syntax errors and hostile input.

    With ``recover``, a syntax error stops only the top-level part it is in (a key of a mapping, an
    item of a list): the document holds the other parts, the error is one of its ``problems`` and
    the part is in ``unread``. Hostile input and files that cannot be split are still refused."""
    if recover:
        try:
            return load_yaml(text, line_offset=line_offset)
        except YamlError as exc:
            doc = _recovered(text, exc, line_offset)
            if doc is None:
                raise
            return doc
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
        doc.data = _Builder(loader, doc, line_offset, text).build(node, ())
        return doc
    finally:
        loader.dispose()


_SYNTAX = ("YAML syntax error", "this ", "line ", "': ' inside", "the list that", "'：'", "put a space", "YAML does not")
_LIST_ITEM = re.compile(r"-(?:[ \t]|$)")
_KEY = re.compile(r"""^(['"]?)([^\s'":：#{}\[\],\-][^'":：#{}\[\]]*?)\1[ \t]*(?::(?:[ \t]|$)|：|:(?=\w))""")
_ITEM_ID = re.compile(r"""(?:^|[\s{,])id[ \t]*:[ \t]*['"]?([^\s'",}\]#]+)""", re.M)


def _recovered(text: str, error: YamlError, offset: int) -> Document | None:
    """The parts of a block mapping or list that parse on their own, when the whole does not: each
    top-level key (or list item) is parsed alone, at its own line. None when ``text`` cannot be split
    that way (flow style at the top, directives, several documents) or the error is not a syntax error."""
    if not error.message.startswith(_SYNTAX):
        return None
    lines = text.splitlines(keepends=True)
    body = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    if not body or lines[body[0]][:1] in (" ", "\t"):
        return None
    first = lines[body[0]]
    many = bool(_LIST_ITEM.match(first))
    if not many and not _KEY.match(first):
        return None
    if any(lines[i].startswith(("---", "...", "%")) for i in body):
        return None
    starts = [i for i in body if lines[i][:1] not in (" ", "\t") and
              (bool(_LIST_ITEM.match(lines[i])) if many else not _LIST_ITEM.match(lines[i]))]
    if starts[0] != body[0]:
        return None
    bad_line = error.line - offset - 1
    bad_start = max((i for i in starts if i <= bad_line), default=starts[0])  # the part the error is in
    doc = Document(data=[] if many else {}, problems=[YamlProblem(error.line, error.col, error.message)])
    doc.value_marks[()] = (body[0] + 1 + offset, 1)
    bounds = list(zip(starts, starts[1:] + [len(lines)], strict=True))
    for n, (start, end) in enumerate(bounds):
        chunk = "".join(lines[start:end])
        part: Path = (n,) if many else ()
        if not many:
            key = _KEY.match(lines[start])
            part = (key.group(2).strip(),) if key else (f"<line {start + 1 + offset}>",)
        where = (start + 1 + offset, 1)
        has_error = start == bad_start
        parsed = None
        if not has_error:
            try:
                parsed = load_yaml(chunk, line_offset=offset + start)
            except YamlError as exc:
                doc.problems.append(YamlProblem(exc.line, exc.col, exc.message))
        shape_ok = parsed is not None and (
            (isinstance(parsed.data, list) and len(parsed.data) == 1) if many else isinstance(parsed.data, dict))
        if parsed is not None and not shape_ok:
            doc.problems.append(YamlProblem(*where, f"line {where[0]} is neither 'key: value' nor a list item '- …';"
                                            " if it continues the text above, indent it further or put the whole"
                                            " text in quotes"))
        inner = _recovered_part(lines[start:end], start + offset, many) if parsed is None else None
        if inner is not None:  # the error stops only a part of this part: an item of its list, a key…
            indent, sub = inner
            doc.problems.extend(YamlProblem(q.line, q.col + indent, q.message) for q in sub.problems[1:])
            if many:
                doc.data.append(sub.data)
            else:
                doc.data[part[0]] = sub.data
                doc.key_marks[part] = where
            for marks, into in ((sub.value_marks, doc.value_marks), (sub.key_marks, doc.key_marks)):
                for path, (line, col) in marks.items():
                    into[part + path] = (line, col + indent)
            doc.unread.update({part + path: ident for path, ident in sub.unread.items()})
            continue
        if not shape_ok:
            found = _ITEM_ID.search(chunk) if many else None
            doc.unread[part] = found.group(1) if found else None
            if many:
                doc.data.append(None)
            doc.value_marks.setdefault(part, where)
            doc.key_marks.setdefault(part, where)
            continue
        doc.problems.extend(parsed.problems)
        if many:
            doc.data.append(parsed.data[0])
            for marks, into in ((parsed.value_marks, doc.value_marks), (parsed.key_marks, doc.key_marks)):
                for path, mark in marks.items():
                    if path:
                        into[(n,) + path[1:]] = mark
            continue
        for key, value in parsed.data.items():
            if key in doc.data:
                doc.problems.append(YamlProblem(*parsed.key_marks[(key,)], f"duplicate key '{key}'"))
                continue
            doc.data[key] = value
            for marks, into in ((parsed.value_marks, doc.value_marks), (parsed.key_marks, doc.key_marks)):
                for path, mark in marks.items():
                    if path and path[0] == key:
                        into[path] = mark
    return doc


_BLOCK_KEY = re.compile(r"""^(['"]?)[^\s'":#{}\[\],\-][^'":#{}\[\]]*?\1[ \t]*:[ \t]*(?:#.*)?$""")


def _recovered_part(lines: list[str], offset: int, many: bool) -> tuple[int, Document] | None:
    """What a top-level part with a syntax error still holds, when its value is a block of its own (a
    key's list or mapping on the lines below it; a list item's mapping): that block read the way
    :func:`_recovered` reads a document, and how far it was indented. The part's error is the first
    of its problems. None when the part is one line, a flow collection, or the error depends on
    what surrounds the part."""
    first = lines[0].rstrip("\r\n")
    if many:
        dash = re.match(r"-[ \t]+(?=\S)", first)
        if dash is None or "\t" in dash.group() or first[dash.end()] in "{[\"'":
            return None
        block = [" " * dash.end() + lines[0][dash.end():]] + lines[1:]
    else:
        if not _BLOCK_KEY.match(first):
            return None
        block, offset = lines[1:], offset + 1
    filled = [line for line in block if line.strip() and not line.lstrip().startswith("#")]
    if not filled:
        return None
    indent = min(len(line) - len(line.lstrip(" ")) for line in filled)
    if any(line[:indent].strip() or line[indent:indent + 1] == "\t" for line in filled):
        return None
    text = "".join(line[indent:] if line.strip() else line.lstrip(" \t") for line in block)
    try:
        load_yaml(text, line_offset=offset)
    except YamlError as exc:
        sub = _recovered(text, exc, offset)
        return (indent, sub) if sub is not None else None
    return None  # it reads well alone: its error comes from the lines around it


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
    early = _early_quote(current, at.column)
    if early is not None:
        quote = current[early]
        opening = current.rfind(quote, 0, early)
        word = re.match(r"[^\s'\",\]}:#]*", current[early + 1:]).group()
        if quote == "'":
            return line, early + 1, (f"this apostrophe ends the text early: inside '…' write it twice"
                                     f" ({current[opening:early]}''{word}…), or put the whole text in \"…\"")
        return line, early + 1, (f"this quote ends the text early: inside \"…\" write it as \\\""
                                 f" ({current[opening:early]}\\\"{word}…), or put the whole text in '…'")
    for number in (line, line - 1):
        said = lines[number - 1] if 0 < number <= len(lines) else ""
        wide = _WIDE_COLON.match(said)
        if wide:
            return number, wide.end(), (f"'：' is a full-width colon: write '{wide.group(1)}: ' with an ASCII colon"
                                        " and a space")
        tight = _NO_SPACE.match(said)
        if tight and (number == line or col == 1):
            return number, tight.end(), f"put a space after ':' ('{tight.group(1)}: …'): without it, the line is not a key"
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


_WIDE_COLON = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][\w-]*)[ \t]*：")
_NO_SPACE = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][\w-]*):(?=[^\s:/])")


def _early_quote(line: str, col: int) -> int | None:
    """Where a quote on ``line`` closed a quoted text that the author meant to go on (``'L'offre'``):
    the index of that quote when the parser stopped right after it, at a letter."""
    if not 0 < col < len(line) or line[col - 1] not in "'\"" or line[col] in " \t\r\n,]}:#":
        return None
    quote = line[col - 1]
    return col - 1 if line.count(quote, 0, col - 1) % 2 == 1 else None


def n_indent(line: str) -> int:
    """Spaces before the text of ``line``."""
    return len(line) - len(line.lstrip(" "))


def _line_col(text: str, pos: int) -> tuple[int, int]:
    """Line and column (from 1) of character ``pos`` of ``text``."""
    pos = min(max(pos, 0), len(text))
    return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


class _Builder:
    def __init__(self, loader: _Loader, doc: Document, line_offset: int, text: str):
        self.loader, self.doc, self.offset, self.text = loader, doc, line_offset, text

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
            for key_node, value_node in self.rejoined(node, path):
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

    def rejoined(self, node: MappingNode, path: Path) -> list[tuple[Node, Node]]:
        """The entries of a mapping, with a text that an unquoted comma split inside ``{…}`` joined
        again (``{fr: Rapide, simple, en: …}`` reads 'simple' as a key of its own): the author's text
        is kept, and one problem points at the comma, not a cascade of missing texts and duplicate keys."""
        if not node.flow_style:
            return node.value
        out: list[tuple[Node, Node]] = []
        split: dict[str, str] = {}
        comma = None
        for key_node, value_node in node.value:
            orphan = (isinstance(key_node, ScalarNode) and not key_node.style and isinstance(value_node, ScalarNode)
                      and value_node.tag == "tag:yaml.org,2002:null" and value_node.start_mark.index == key_node.end_mark.index)
            if orphan and out and isinstance(out[-1][1], ScalarNode) and not out[-1][1].style \
                    and out[-1][1].tag != "tag:yaml.org,2002:null" and isinstance(out[-1][0], ScalarNode):
                before_key, before = out[-1]
                start, end = before.start_mark, key_node.end_mark
                joined = ScalarNode(_STR, self.text[start.index:end.index], start, end, style="'")
                out[-1] = (before_key, joined)
                split[str(before_key.value)] = joined.value
                if comma is None:
                    comma = self.text.rfind(",", start.index, key_node.start_mark.index)
                continue
            out.append((key_node, value_node))
        if split and comma is not None:
            line, col = _line_col(self.text, comma)
            names = " and ".join(f"'{k}'" for k in split)
            fixed = ", ".join(f"{k}: {_quoted(v)}" for k, v in split.items())
            self.doc.problems.append(YamlProblem(
                line + self.offset, col, f"this comma splits the {names} text{'s' if len(split) > 1 else ''}:"
                f" inside {{…}} a comma starts a new entry; put the text in quotes: {fixed}"))
        return out

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


def _quoted(text: str) -> str:
    """``text`` as a quoted YAML scalar an author can paste."""
    return f'"{text}"' if '"' not in text and "\\" not in text else "'" + text.replace("'", "''") + "'"


_TAG_WORDS = {
    "tag:yaml.org,2002:bool": "true/false value",
    "tag:yaml.org,2002:timestamp": "date",
    "tag:yaml.org,2002:int": "whole number",
    "tag:yaml.org,2002:float": "number",
}


FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


FRONT_MATTER_START = re.compile(r"\A---[ \t]*\r?\n")


def split_front_matter(text: str, *, recover: bool = False) -> tuple[Document | None, str, int]:
    """Split a Markdown file into its YAML front matter (if any), its body and the body's first line.

    Raises :class:`YamlError` when the front matter is not valid YAML (with ``recover``, only when
    no part of it can be read; see :func:`load_yaml`), or when a first line ``---`` opens front
    matter that no later ``---`` line closes."""
    match = FRONT_MATTER.match(text)
    if not match:
        if FRONT_MATTER_START.match(text):
            raise YamlError(1, 1, "front matter is not closed: add a line '---' after its fields")
        return None, text, 1
    doc = load_yaml(match.group(1) or "", line_offset=1, recover=recover)
    body_line = text[: match.end()].count("\n") + 1
    return doc, text[match.end():], body_line
