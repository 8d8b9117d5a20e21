"""Well-formatted YAML for what an import adds: block mappings in the order of the content
model, one language a line, Markdown in literal blocks, short id lists in brackets, and quotes
only where a value would otherwise read as something else (``yes``, ``2026``, ``a: b``, ``#x``)."""

from __future__ import annotations

import json
import re
from typing import Any

# what reads as something other than a string in YAML 1.2 (enablekit) or 1.1 (other tools, editors)
_NOT_STR = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N"
    r"|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|0o[0-7]+|0x[0-9a-fA-F]+|0b[01]+|[0-9]+(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?|<<|=)$"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
WIDTH = 110


class Date(str):
    """A YYYY-MM-DD value written plain, so that it reads back as a date."""


def plain_ok(value: str, *, flow: bool = False) -> bool:
    if not value or value != value.strip() or "\n" in value or "\t" in value or _CONTROL.search(value):
        return False
    if value[0] in "-?:,[]{}#&*!|>'\"%@`" and not (value[0] in "-?:" and len(value) > 1 and value[1] not in " \t"):
        return False
    if ": " in value or " #" in value or value.endswith(":") or _NOT_STR.match(value):
        return False
    return not (flow and any(c in value for c in ",[]{}"))


def quoted(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def scalar(value: Any, indent: int, *, flow: bool = False, block_ok: bool = True) -> str:
    """``value`` as a YAML scalar for a key whose column is ``indent`` (continuation lines of a
    literal block go two columns deeper)."""
    if isinstance(value, Date) and _DATE.match(value):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    value = str(value)
    if "\n" in value:
        if not flow and block_ok and _literal_ok(value):
            chomp = "" if value.endswith("\n") else "-"
            pad = " " * (indent + 2)
            lines = value[:-1].split("\n") if value.endswith("\n") else value.split("\n")
            return f"|{chomp}\n" + "\n".join(pad + line if line else "" for line in lines)
        return quoted(value)
    return value if plain_ok(value, flow=flow) else quoted(value)


def _literal_ok(value: str) -> bool:
    lines = value.rstrip("\n").split("\n")
    return (not value.endswith("\n\n") and not value.startswith((" ", "\n")) and not _CONTROL.search(value)
            and all(line == line.rstrip(" \t") for line in lines) and "\t" not in value.split("\n")[0][:1])


def flow_list(items: list[Any]) -> str:
    return "[" + ", ".join(scalar(i, 0, flow=True) for i in items) + "]"


def field(key: str, value: Any, indent: int) -> list[str]:
    """The lines of ``key: value`` at column ``indent`` (no line breaks at the ends)."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return [f"{pad}{key}: {{}}"]
        lines = [f"{pad}{key}:"]
        for k, v in value.items():
            lines += field(k, v, indent + 2)
        return lines
    if isinstance(value, list):
        if not value:
            return [f"{pad}{key}: []"]
        if all(isinstance(i, str) and "\n" not in i for i in value):
            line = f"{pad}{key}: {flow_list(value)}"
            if len(line) <= WIDTH:
                return [line]
        lines = [f"{pad}{key}:"]
        for item in value:
            lines += list_item(item, indent + 2)
        return lines
    return [f"{pad}{key}: {scalar(value, indent)}"]


def list_item(item: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(item, dict) and item:
        inner = mapping(item, indent + 2)
        return [pad + "- " + inner[0].lstrip(" ")] + inner[1:]
    return [f"{pad}- {scalar(item, indent)}"]


def mapping(data: dict[str, Any], indent: int) -> list[str]:
    lines: list[str] = []
    for key, value in data.items():
        lines += field(key, value, indent)
    return lines


def document(items: list[dict[str, Any]], *, as_list: bool, header: str = "") -> str:
    """A new file: one mapping, or a list of mappings separated by blank lines."""
    out = [f"# {line}" if line else "#" for line in header.splitlines()]
    if not as_list:
        (item,) = items
        out += mapping(item, 0)
        return "\n".join(out) + "\n"
    for n, item in enumerate(items):
        if n:
            out.append("")
        out += list_item(item, 0)
    return "\n".join(out) + "\n"


def appended(text: str, items: list[dict[str, Any]]) -> str:
    """``text`` (a file holding a block list) with ``items`` added at its end."""
    body = "\n".join(list_item_block(item) for item in items)
    if not text.strip():
        return body + "\n"
    return text.rstrip("\n") + "\n\n" + body + "\n"


def list_item_block(item: dict[str, Any]) -> str:
    return "\n".join(list_item(item, 0))
