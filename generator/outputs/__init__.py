"""Outputs: one module or package per output (site, pdf, deck, proposal, answers, the health PDF), each
a builder registered by name that receives views already filtered to its artifact's audience."""

from __future__ import annotations

from . import answers, llms, proposal  # noqa: F401  (each builder module registers itself on import)
from .deck import builder as deck_builder  # noqa: F401
from .pdf import builder as pdf_builder  # noqa: F401
from .registry import REGISTRY, BuildContext, Builder, Views, register
from .site import builder as site_builder  # noqa: F401

__all__ = ["BuildContext", "Builder", "Views", "builtin_builders", "register"]


def builtin_builders() -> dict[str, type[Builder]]:
    """Every registered builder, in the order they run (the site last: it links the downloads)."""
    return dict(sorted(REGISTRY.items(), key=lambda item: item[1].order))
