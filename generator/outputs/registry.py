"""The builder registry: one builder per output, each given audience views of the project, never
the project itself.

A builder declares a ``name`` (what ``--only`` names) and writes under the output
folder it is given. The registry refuses nameless and duplicate builders.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..content.model import Project
from ..content.schema import Audience
from ..views.audience import view


class Views:
    """Audience views of one project, each made once. An audience wider than the build's
    maximum is refused: ``get`` returns None, so an internal document is simply not made
    in a public build."""

    def __init__(self, project: Project, maximum: Audience):
        self._project, self.maximum = project, maximum
        self._cache: dict[Audience, Project] = {}
        self.memo: dict = {}  # the artifact cache's digests of what was read of these views, once per build

    def get(self, audience: Audience | str) -> Project | None:
        audience = Audience(audience)
        if not self.maximum.can_see(audience):
            return None
        if audience not in self._cache:
            self._cache[audience] = view(self._project, audience)
        return self._cache[audience]

    @property
    def root(self) -> Path:
        return self._project.root


@dataclass
class BuildContext:
    root: Path
    audience: Audience
    today: dt.date
    report: Callable[[str], None] = lambda message: None
    warnings: list[str] = field(default_factory=list)
    force: bool = False  # build every artifact again, whatever the caches hold
    explain: list[tuple[str, str | None]] = field(default_factory=list)  # (artifact, why rebuilt; None: reused)

    def explained(self, artifact: str, reason: str | None) -> None:
        """Note that ``artifact`` was reused (``reason`` None) or made again, and why (``--explain``)."""
        self.explain.append((artifact, reason))


class Builder(ABC):
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    order: ClassVar[int] = 50  # lower runs first; the site runs last so it can link the downloads

    def __init__(self, context: BuildContext):
        self.context = context

    @abstractmethod
    def build(self, views: Views, out: Path) -> None:
        """Write this builder's output into ``out`` (the whole output folder being assembled)."""


REGISTRY: dict[str, type[Builder]] = {}


def register(cls: type[Builder]) -> type[Builder]:
    if not cls.name:
        raise ValueError(f"builder {cls.__name__} has no name")
    if cls.name in REGISTRY and REGISTRY[cls.name] is not cls:
        raise ValueError(f"a builder named '{cls.name}' is already registered")
    REGISTRY[cls.name] = cls
    return cls
