"""Deck building speed on the synthetic corpus.

    python benchmarks/deck.py            # scales 1 and 4

Prints, per scale, the number of decks and seconds per deck (internal build: public decks,
their presenter editions and competitive training decks, every language).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402


def main() -> None:
    from generator import build

    parser = argparse.ArgumentParser(description="enablekit deck benchmark")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="enablekit-deck-bench-") as tmp:
        print(f"{'scale':>5} {'decks':>6} {'seconds':>8} {'s/deck':>7}")
        for scale in args.scales:
            project = Path(tmp) / f"corpus-{scale}"
            generate(project, scale)
            started = time.perf_counter()
            out = build(project, out=Path(tmp) / f"out-{scale}", only=["deck"]).out
            seconds = time.perf_counter() - started
            decks = len(list((out / "downloads").glob("*.pptx")))
            print(f"{scale:>5} {decks:>6} {seconds:>8.1f} {seconds / decks:>7.3f}")


if __name__ == "__main__":
    main()
