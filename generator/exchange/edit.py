"""Changing values of a YAML file in place: only the characters of the values that change, so
comments, key order, quoting, blank lines and every other byte stay as the author wrote them.

ruamel.yaml composes the file into nodes that know where they start and end; each change
replaces one node's characters (a scalar, a list) or inserts lines after a mapping's last value.
A new translation of a text written as one plain string turns it into ``{default: …, lang: …}``
lines. Every change of one file is computed from one reading of it and applied from the end, so
positions stay valid; the importer reads the result back before anything is written.
"""

from __future__ import annotations

from typing import Any

from ..content.diagnostics import EnablekitError
from . import emit

META_KEYS = ("owner", "reviewed", "review_every", "tags")


class EditError(EnablekitError):
    """A change that cannot be made safely in place (the caller reports it; nothing is written)."""


class FileEdit:
    def __init__(self, text: str, where: str):
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        self.text, self.where = text, where
        self.ops: list[tuple[int, int, int, str]] = []  # start, seq, end, replacement
        try:
            self.root = YAML(typ="rt").compose(text)
        except YAMLError as exc:
            raise EditError(f"{where}: cannot be read as YAML ({str(exc).splitlines()[0]})") from None

    # ------------------------------------------------------------------ finding nodes
    def item(self, base: tuple[Any, ...]) -> Any:
        node = self.root
        for part in base:
            if isinstance(part, int):
                node = node.value[part]
            else:
                node = _child(node, part)[1]
        if not _is_mapping(node):
            raise EditError(f"{self.where}: the item is not a mapping; edit it by hand")
        return node

    def find(self, item: Any, path: tuple[str, ...]) -> tuple[Any, Any, Any] | None:
        """(parent mapping, key node, value node) of ``path`` inside ``item``, or None."""
        parent, key, value = None, None, item
        for part in path:
            if not _is_mapping(value):
                return None
            hit = _child(value, part)
            if hit is None:
                return None
            parent, (key, value) = value, hit
        return parent, key, value

    # ------------------------------------------------------------------ changes
    def set_value(self, item: Any, path: tuple[str, ...], value: Any) -> None:
        """Set a scalar or list field (present or not)."""
        found = self.find(item, path)
        if found is None:
            self.add(item, path, value)
            return
        parent, key, node = found
        if isinstance(value, list):
            self._replace_list(node, value)
        else:
            self._replace_scalar(node, value, key.start_mark.column, flow=parent.flow_style)

    def set_text(self, item: Any, path: tuple[str, ...], lang: str, value: str, default: str) -> None:
        """Set one language of a text field (present or not)."""
        found = self.find(item, path)
        if found is None:
            self.add(item, path, {lang: value})
            return
        parent, key, node = found
        self.set_text_node(parent, key, node, lang, value, default)

    def set_text_node(self, parent: Any, key: Any, node: Any, lang: str, value: str, default: str) -> None:
        col = key.start_mark.column if key is not None else node.start_mark.column
        if _is_scalar(node):
            if lang == default:
                self._replace_scalar(node, value, col, flow=bool(parent is not None and parent.flow_style))
                return
            old = node.value
            if (parent is not None and parent.flow_style) or key is None:
                text = "{" + f"{default}: {emit.scalar(old, 0, flow=True)}, {lang}: {emit.scalar(value, 0, flow=True)}" + "}"
                self._op(node.start_mark.index, self._end(node), text)
                return
            lines = emit.field(default, old, col + 2) + emit.field(lang, value, col + 2)
            self._op(key.end_mark.index, self._end(node), ":\n" + "\n".join(lines))
            return
        if not _is_mapping(node):
            raise EditError(f"{self.where}:{node.start_mark.line + 1}: '{_name(key)}' is not a text; edit it by hand")
        hit = _child(node, lang)
        if hit is not None:
            self._replace_scalar(hit[1], value, hit[0].start_mark.column, flow=node.flow_style)
        elif node.flow_style:
            close = node.end_mark.index - 1
            self._op(close, close, f"{', ' if node.value else ''}{lang}: {emit.scalar(value, 0, flow=True)}")
        else:
            first = node.value[0][0].start_mark.column
            at = self._line_end(self._end(node))
            self._op(at, at, "\n" + "\n".join(emit.field(lang, value, first)))

    def list_item(self, item: Any, path: tuple[str, ...], index: int) -> Any:
        found = self.find(item, path)
        if found is None or not hasattr(found[2], "value") or not isinstance(found[2].value, list) or _is_mapping(found[2]):
            raise EditError(f"{self.where}: '{'.'.join(path)}' is not a list; edit it by hand")
        return found[2].value[index]

    def add(self, item: Any, path: tuple[str, ...], value: Any) -> None:
        """Add a field that is not there: after the item's content fields (before owner, reviewed
        and tags) or at its end."""
        node, depth = item, 0
        while depth < len(path) - 1:
            hit = _child(node, path[depth]) if _is_mapping(node) else None
            if hit is None or not _is_mapping(hit[1]):
                break
            node, depth = hit[1], depth + 1
        if hit_is_not_mapping(node):
            raise EditError(f"{self.where}: cannot add '{'.'.join(path)}'; edit it by hand")
        for part in reversed(path[depth + 1:]):
            value = {part: value}
        key = path[depth]
        if node.flow_style or not node.value:
            raise EditError(f"{self.where}:{node.start_mark.line + 1}: cannot add '{key}' to a mapping written on one"
                            " line; edit it by hand")
        col = node.value[0][0].start_mark.column
        lines = emit.field(key, value, col)
        if key not in META_KEYS and node is item:
            meta = [k for k, _ in node.value if getattr(k, "value", None) in META_KEYS]
            if meta and all(_line_start(self.text, k.start_mark.index) == k.start_mark.index - col for k in meta[:1]):
                at = meta[0].start_mark.index - col
                self._op(at, at, "\n".join(lines) + "\n")
                return
        at = self._line_end(self._end(node))
        self._op(at, at, "\n" + "\n".join(lines))

    def append(self, item: Any, path: tuple[str, ...], value: Any) -> None:
        """Add one item at the end of a block list."""
        found = self.find(item, path)
        if found is None:
            self.add(item, path, [value])
            return
        node = found[2]
        if _is_scalar(node) or _is_mapping(node) or node.flow_style or not node.value:
            raise EditError(f"{self.where}:{node.start_mark.line + 1}: '{'.'.join(path)}' is not a block list;"
                            " edit it by hand")
        col = node.value[0].start_mark.column - 2
        at = self._line_end(self._end(node))
        self._op(at, at, "\n" + "\n".join(emit.list_item(value, col)))

    def result(self) -> str:
        text = self.text
        last = None
        for start, _, end, replacement in sorted(self.ops, key=lambda op: (op[0], op[1]), reverse=True):
            if last is not None and end > last:
                raise EditError(f"{self.where}: two changes overlap; edit it by hand")
            text = text[:start] + replacement + text[end:]
            last = start
        return text

    # ------------------------------------------------------------------ helpers
    def _op(self, start: int, end: int, replacement: str) -> None:
        self.ops.append((start, len(self.ops), end, replacement))

    def _replace_scalar(self, node: Any, value: Any, col: int, *, flow: bool) -> None:
        if not _is_scalar(node):
            raise EditError(f"{self.where}:{node.start_mark.line + 1}: a list or mapping where one value was expected;"
                            " edit it by hand")
        end = self._end(node)
        rest = self.text[end:self._line_end(end)]
        style = node.style
        text_value = value if isinstance(value, str) else str(value)
        if style == "'" and "\n" not in text_value and not isinstance(value, emit.Date):
            new = "'" + text_value.replace("'", "''") + "'"
        elif style == '"' and not isinstance(value, emit.Date) and "\n" not in text_value:
            new = emit.quoted(text_value)
        else:
            if style in ("|", ">") and isinstance(value, str) and "\n" in value and node.value.endswith("\n") \
                    and not value.endswith("\n"):
                value += "\n"  # keep `|` a `|`: the line break a spreadsheet cell drops
            new = emit.scalar(value, col, flow=flow, block_ok=not rest.strip())
        self._op(node.start_mark.index, end, new)

    def _replace_list(self, node: Any, items: list[Any]) -> None:
        if _is_scalar(node) or _is_mapping(node):
            raise EditError(f"{self.where}:{node.start_mark.line + 1}: not a list; edit it by hand")
        if node.flow_style or not node.value:
            self._op(node.start_mark.index, self._end(node), emit.flow_list(items))
            return
        col = node.value[0].start_mark.column - 2
        start = node.value[0].start_mark.index - 2
        lines = [line for item in items for line in emit.list_item(item, col)]
        self._op(start, self._end(node), "\n".join(lines)[col:])

    def _end(self, node: Any) -> int:
        """Where a node's own characters end (block scalars and block collections without the
        line breaks after them)."""
        if _is_scalar(node):
            if node.style in ("|", ">"):
                return node.start_mark.index + len(self.text[node.start_mark.index:node.end_mark.index].rstrip(" \r\n"))
            return node.end_mark.index
        if getattr(node, "flow_style", False) or not node.value:
            return node.end_mark.index
        last = node.value[-1]
        return self._end(last[1] if isinstance(last, tuple) else last)

    def _line_end(self, pos: int) -> int:
        at = self.text.find("\n", pos)
        if at == -1:
            return len(self.text)
        return at - 1 if at > 0 and self.text[at - 1] == "\r" else at


def hit_is_not_mapping(node: Any) -> bool:
    return not _is_mapping(node)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _is_mapping(node: Any) -> bool:
    return type(node).__name__ == "MappingNode"


def _is_scalar(node: Any) -> bool:
    return type(node).__name__ == "ScalarNode"


def _child(node: Any, key: Any) -> tuple[Any, Any] | None:
    for k, v in node.value:
        if getattr(k, "value", None) == key:
            return k, v
    return None


def _name(key: Any) -> str:
    return getattr(key, "value", "?")
