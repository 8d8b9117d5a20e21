"""Build speed and size of the site at two scales, against a bare MkDocs + Material build.

    python benchmarks/run.py            # scales 1 and 4 (about 1,300 and 5,200 pages)
    python benchmarks/run.py --scales 1 # quicker

Prints, per scale: pages, build seconds per page, output bytes per page; then the
bytes-per-page ratio between the largest and the smallest scale (target: at most 1.2),
and, at the largest scale, enablekit's pages per second as a fraction of a bare
MkDocs + Material build of as many plain pages kept out of the navigation (target:
at least 0.7). The plain pages are as long as the median generated page, so the ratio
measures what enablekit adds (loading, validation, generation, navigation), not how much
text there is. The site builds its languages in parallel, one process each; the bare
build is plain `mkdocs build` in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from corpus import generate, plain_pages  # noqa: E402


def _html_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


def _bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and "assets" not in p.parts)


def bench_enablekit(work: Path, scale: int) -> tuple[int, float, int]:
    from generator import build

    project = work / f"corpus-{scale}"
    generate(project, scale)
    started = time.perf_counter()
    result = build(project, out=work / f"site-{scale}", only=["site"])
    seconds = time.perf_counter() - started
    return _html_pages(result.out), seconds, _bytes(result.out)


def median_markdown_chars(project: Path) -> int:
    """Median length of the Markdown enablekit generates per page (both languages)."""
    from generator import load_or_fail
    from generator.outputs.site.pages import generate as generate_pages
    from generator.views.audience import view

    loaded, _ = load_or_fail(project)
    internal = view(loaded, "internal")
    lengths = sorted(len(md) for lang in loaded.languages for md in generate_pages(internal, lang).pages.values())
    return lengths[len(lengths) // 2]


def bench_bare(work: Path, pages: int, chars: int) -> tuple[int, float]:
    project = work / "plain"
    plain_pages(project, pages, chars)
    started = time.perf_counter()
    # a separate interpreter, like `mkdocs build`, so neither run warms the other's caches
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")],
                   check=True, capture_output=True)
    seconds = time.perf_counter() - started
    return _html_pages(project / "site"), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description="enablekit site benchmark")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    rows = {}
    with tempfile.TemporaryDirectory(prefix="enablekit-bench-") as tmp:
        work = Path(tmp)
        print(f"{'scale':>5} {'pages':>6} {'seconds':>8} {'s/page':>8} {'bytes/page':>11}")
        for scale in args.scales:
            pages, seconds, size = bench_enablekit(work, scale)
            rows[scale] = (pages, seconds, size)
            print(f"{scale:>5} {pages:>6} {seconds:>8.1f} {seconds / pages:>8.4f} {size / pages:>11,.0f}")
        small, large = min(rows), max(rows)
        if small != large:
            ratio = (rows[large][2] / rows[large][0]) / (rows[small][2] / rows[small][0])
            print(f"bytes per page, scale {large} / scale {small}: {ratio:.2f} (target <= 1.2)")
        pages, seconds, _ = rows[large]
        chars = median_markdown_chars(work / f"corpus-{large}")
        bare_pages, bare_seconds = bench_bare(work, pages, chars)
        ours, bare = pages / seconds, bare_pages / bare_seconds
        print(f"bare MkDocs + Material, {bare_pages} plain pages of {chars} characters (the median generated page):"
              f" {bare_seconds:.1f} s, {bare:.0f} pages/s")
        print(f"enablekit at scale {large}: {ours:.0f} pages/s = {ours / bare:.2f} x bare (target >= 0.7)")


if __name__ == "__main__":
    main()
