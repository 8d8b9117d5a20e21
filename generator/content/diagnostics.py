"""Problems found in a content project, each tied to a place in a file.

Loading and validation never stop at the first problem: they add every one to a
:class:`Diagnostics` list, and the caller decides what to do with the whole list.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a project file; ``path`` is relative to the project root, line and column from 1."""

    path: str
    line: int = 0
    col: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", one_line(self.path))

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return self.path


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    message: str
    severity: Severity = Severity.ERROR
    code: str = "invalid"

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", one_line(self.message))

    def __str__(self) -> str:
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        return f"{self.location}: {prefix}{self.message}"

    def sort_key(self) -> tuple:
        return (self.location.path, self.location.line, self.location.col, self.message)


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str, code: str = "invalid") -> None:
        self.items.append(Diagnostic(location, message, Severity.ERROR, code))

    def warning(self, location: Location, message: str, code: str = "warning") -> None:
        self.items.append(Diagnostic(location, message, Severity.WARNING, code))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=Diagnostic.sort_key)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.items)


class EnablekitError(Exception):
    """A problem caused by the user's input or environment, not a bug: shown without a traceback."""


class ContentError(EnablekitError):
    """The project has errors; ``diagnostics`` holds all of them."""

    def __init__(self, diagnostics: Diagnostics):
        self.diagnostics = diagnostics
        count = len(diagnostics.errors)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in the content")


_BREAKS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters written as escapes (``\\n``), so
    that every problem prints as exactly one line whatever the file held."""
    return _BREAKS.sub(lambda m: repr(m.group())[1:-1], text)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix when a close candidate exists, else an empty string."""
    match = closest(word, candidates)
    return f"; did you mean '{match}'?" if match is not None else ""


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` most likely stands for: the same but for case and accents, else one that
    begins with the other up to a '-' (``santeval`` → ``santeval-cliniques``, ``guide-2026`` →
    ``guide``), else the most similar one; None when none is close."""
    options = {str(c).lower(): str(c) for c in candidates}
    key = str(word).lower()
    folded = {_fold(o): o for o in options}
    if _fold(key) in folded and folded[_fold(key)] != key:
        return options[folded[_fold(key)]]
    prefixed = [o for o in options if _starts(o, key) or _starts(key, o)]
    if prefixed:
        return options[max(prefixed, key=lambda o: (difflib.SequenceMatcher(None, key, o).ratio(), o))]
    matches = difflib.get_close_matches(key, list(options), n=1, cutoff=0.6)
    return options[matches[0]] if matches else None


def _starts(longer: str, shorter: str) -> bool:
    """Whether ``longer`` is ``shorter`` and more, from a '-' or '_' on."""
    return len(longer) > len(shorter) >= 3 and longer.startswith(shorter) and longer[len(shorter)] in "-_"


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
