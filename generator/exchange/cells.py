"""One field's value as a spreadsheet cell shows it, and a cell's text as the field's value: the
same rules for an export and for the import of any sheet, so an unchanged cell reads back as the
value it was made from."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from .columns import choice, norm
from .fields import Spec
from .sheets import as_text

BULLET = "• "
_SPLIT = re.compile(r"\s*[,，、;；\n]\s*")
_BULLETS = re.compile(r"^\s*(?:[-*•·▪●◦]\s+|\d{1,2}[.)、．]\s*|[（(]\d{1,2}[)）]\s*)")
_DATES = (
    (re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$"), "ymd"),
    (re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$"), "?"),
)


class CellError(ValueError):
    """A cell that cannot be read as its field's value (the message says why, for FILE:ROW: …)."""


def render(spec: Spec, value: Any) -> str:
    """A value (for texts: the lines of one language) as the text of a cell."""
    if value is None:
        return ""
    if spec.shape == "texts":
        return "\n".join(BULLET + (line or "") for line in value) if value else ""
    if isinstance(value, list):
        return ("\n" if spec.shape == "plains" else ", ").join(str(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def lines(text: str) -> list[str]:
    """A cell of a list of texts, one item a line ('• ', '- ', '1.' bullets dropped). Lines after a
    bullet without one continue its item."""
    text = text.strip("\n")
    if not text.strip():
        return []
    raw = text.split("\n")
    if any(line.startswith(BULLET.strip()) for line in raw):
        out: list[str] = []
        for line in raw:
            if line.startswith(BULLET.strip()):
                out.append(line[len(BULLET.strip()):].strip())
            elif out:
                out[-1] += "\n" + line
            else:
                out.append(line.strip())
        return out
    return [_BULLETS.sub("", line).strip() for line in raw if line.strip()]


def words(text: str) -> list[str]:
    if "\n" in text.strip():
        return [w.strip() for w in text.split("\n") if w.strip()]
    return [w for w in _SPLIT.split(text.strip()) if w]


def parse(spec: Spec, raw: Any, resolve: Callable[[str, str], str], day_first: bool | None = None) -> Any:
    """A cell as the field's value; raises CellError. ``resolve(kind, word)`` turns a name into an id."""
    if spec.shape == "date":
        return parse_date(raw, day_first)
    text = as_text(raw)
    if spec.shape == "text":
        return text
    if spec.shape == "texts":
        return lines(text)
    if spec.shape == "plain":
        return text
    if spec.shape == "plains":
        return words(text)
    if spec.shape == "choice":
        found = choice(text, spec)
        if found is None:
            raise CellError(f"{spec.name} '{text}' is not one of {', '.join(spec.choices)}")
        return found
    if spec.shape == "ref":
        return resolve(spec.refs or "*", text)
    if spec.shape == "refs":
        return [resolve(spec.refs or "*", word) for word in words(text)]
    if spec.shape == "results":
        out = []
        for line in lines(text):
            parts = re.split(r"\s*[:：]\s*", line, maxsplit=1)
            if len(parts) != 2 or not all(parts):
                raise CellError(f"result '{line}' is not 'metric: value' (e.g. 'Overtime: -38%')")
            out.append((parts[0], parts[1]))
        return out
    raise CellError(f"{spec.name}: cannot be read")  # pragma: no cover


def parse_date(raw: Any, day_first: bool | None = None) -> str:
    """YYYY-MM-DD from a date cell, an Excel serial number or a written date (2026/11/14,
    2026年11月14日, 14.11.2026, 11/14/2026 with the day's place known)."""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if 20000 <= raw <= 80000:  # an Excel serial day number (1954–2119) in a cell without a date format
            return (dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))).isoformat()
        raise CellError(f"'{as_text(raw)}' is not a date (write YYYY-MM-DD)")
    text = norm(raw)
    for pattern, order in _DATES:
        match = pattern.match(text)
        if not match:
            continue
        a, b, c = (int(g) for g in match.groups())
        if order == "ymd":
            y, m, d = a, b, c
        else:
            y = c
            if a > 12 or (day_first and b <= 12) or "." in text:
                d, m = a, b
            elif b > 12 or day_first is False:
                m, d = a, b
            else:
                raise CellError(f"'{as_text(raw)}' could be {a} {_month(b)} or {b} {_month(a)}; write it as YYYY-MM-DD")
        try:
            return dt.date(y, m, d).isoformat()
        except ValueError:
            break
    raise CellError(f"'{as_text(raw)}' is not a date (write YYYY-MM-DD)")


def _month(n: int) -> str:
    return dt.date(2000, n, 1).strftime("%B") if 1 <= n <= 12 else str(n)


def same(a: Any, b: Any) -> bool:
    """Whether two values are the same for a person reading them (spaces at the ends and line
    endings aside)."""
    if isinstance(a, list) or isinstance(b, list):
        a, b = a or [], b or []
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return _clean(a) == _clean(b)


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value).replace("\r\n", "\n").strip()
