"""Build speed, size and peak memory of the site, against a bare MkDocs + Material build of the same pages.

    python benchmarks/run.py                    # scales 1 and 4 (about 1,300 and 5,200 pages), 3 runs each
    python benchmarks/run.py --scales 1 --runs 1
    python benchmarks/run.py --scales 8 --runs 1  # peak memory at about 10,700 pages (target < 1 GB)

Per scale: pages, seconds (median of ``--runs`` and spread), seconds per page, output bytes per page and
the peak memory of the whole process tree (the build forks one process per language; proportional set
size, so pages a fork shares with its parent count once); then the
bytes-per-page ratio between the largest and the smallest scale (target: at most 1.2) and, per scale,
enablekit's speed as a fraction of the bare build (target at scale 4: at least 0.9).

Both sides are measured alike:

- **enablekit**: ``python -m generator.cli build CORPUS --only site --force`` in a fresh interpreter
  (start-up, loading and checking the content, generating the pages, MkDocs, Pagefind; ``--force``:
  nothing from the cache of an earlier run);
- **bare**: the very pages enablekit generated for the site (its Markdown, its navigation, the files its
  pages link such as ``library.json``), written to a plain MkDocs project per language with the same
  theme, features, Markdown extensions and language, built with ``python -m mkdocs build`` (Material's
  own search plugin, the tags plugin), one fresh interpreter per language, the languages at the same
  time: the process model of enablekit's site build.

Runs alternate (enablekit, bare, enablekit, bare…) so that a change in the machine's load weighs on both.
The bare side leaves out what only enablekit does: loading and validating YAML, the audience view,
generating the Markdown, the sanitiser and the content guard, brand assets, Pagefind instead of
Material's search index.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from corpus import generate  # noqa: E402


def _html_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


def _bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and "assets" not in p.parts)


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(parent, []).append(int(entry))
    return tree


def _rss(pid: int) -> int:
    """The process's proportional resident memory (Pss: a page shared by n processes counts 1/n in each,
    so forked workers sharing their parent's pages are not counted twice), else its resident set."""
    for name, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(name, encoding="ascii", errors="replace") as handle:
                for line in handle:
                    if line.startswith(field):
                        return int(line.split()[1]) * 1024
        except OSError:
            continue
    return 0


def _tree_rss(pids: list[int]) -> int:
    """Memory of ``pids`` and all their descendants, summed (``_rss``)."""
    tree, total, seen, todo = _children(), 0, set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss(pid)
        todo.extend(tree.get(pid, []))
    return total


def run_processes(commands: list[list[str]], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Run ``commands`` at the same time; wall seconds until all ended, and the peak of their summed
    resident memory (sampled every 50 ms, children included)."""
    started = time.perf_counter()
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env) for cmd in commands]
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss([p.pid for p in procs]))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    errors = [p.communicate()[1] for p in procs]
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    for proc, err in zip(procs, errors, strict=True):
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(proc.args)} failed:\n{err.decode(errors='replace')[-3000:]}")
    return seconds, peak


def enablekit_build(project: Path, out: Path) -> tuple[float, int]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return run_processes([[sys.executable, "-m", "generator.cli", "build", str(project), "--out", str(out),
                           "--only", "site", "--force", "--today", "2026-12-01"]], env)


def bare_projects(project: Path, work: Path) -> list[Path]:
    """One plain MkDocs project per language holding the pages enablekit generates for its site."""
    from generator import load_or_fail
    from generator.outputs.site.builder import DEFAULT_MKDOCS
    from generator.outputs.site.pages import generate as generate_pages
    from generator.outputs.site.plugin import MARKDOWN_EXTENSIONS
    from generator.views.audience import view

    loaded, _ = load_or_fail(project)
    internal = view(loaded, "internal")
    configs = []
    for lang in loaded.languages:
        folder = work / f"bare-{lang}"
        shutil.rmtree(folder, ignore_errors=True)
        generated = generate_pages(internal, lang)
        for uri, text in {**generated.pages, **generated.files}.items():
            path = folder / "docs" / uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        config = {
            "site_name": "Bare",
            "site_dir": str(folder / "site"),
            "theme": dict(DEFAULT_MKDOCS["theme"], language=lang),
            "nav": generated.nav,
            "plugins": ["search", "tags"],
            "markdown_extensions": [{name: options} for name, options in MARKDOWN_EXTENSIONS.items()],
            "validation": {"nav": {"omitted_files": "ignore", "not_found": "ignore"},
                           "links": {"not_found": "ignore", "unrecognized_links": "ignore"}},
        }
        (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        configs.append(folder / "mkdocs.yml")
    return configs


def bare_build(configs: list[Path]) -> tuple[float, int, int]:
    seconds, peak = run_processes([[sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(c)] for c in configs])
    return seconds, peak, sum(_html_pages(c.parent / "site") for c in configs)


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} s ({min(values):.1f}-{max(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description="enablekit site benchmark")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--runs", type=int, default=3, help="builds per scale and side (median and spread)")
    args = parser.parse_args()
    sizes = {}
    with tempfile.TemporaryDirectory(prefix="enablekit-bench-") as tmp:
        work = Path(tmp)
        for scale in args.scales:
            project = work / f"corpus-{scale}"
            generate(project, scale)
            configs = bare_projects(project, work)
            ours, bare, peaks, bare_peaks = [], [], [], []
            for _ in range(args.runs):
                seconds, peak = enablekit_build(project, work / f"site-{scale}")
                ours.append(seconds)
                peaks.append(peak)
                seconds, peak, bare_pages = bare_build(configs)
                bare.append(seconds)
                bare_peaks.append(peak)
            site = work / f"site-{scale}"
            pages, size = _html_pages(site), _bytes(site)
            sizes[scale] = size / pages
            mine, theirs = statistics.median(ours), statistics.median(bare)
            print(f"scale {scale}: {pages} pages; load average {os.getloadavg()[0]:.1f} at the end")
            print(f"  enablekit  {_spread(ours)}, {mine / pages * 1000:.1f} ms/page, {size / pages:,.0f} bytes/page,"
                  f" peak memory {max(peaks) / 2**20:,.0f} MB")
            print(f"  bare       {_spread(bare)} for {bare_pages} pages, peak memory {max(bare_peaks) / 2**20:,.0f} MB")
            print(f"  enablekit / bare speed (pages per second): {(pages / mine) / (bare_pages / theirs):.2f}"
                  f" (target at scale 4: >= 0.9)")
            shutil.rmtree(project)
            shutil.rmtree(site, ignore_errors=True)
            for config in configs:
                shutil.rmtree(config.parent)
        if len(sizes) > 1:
            small, large = min(sizes), max(sizes)
            print(f"bytes per page, scale {large} / scale {small}: {sizes[large] / sizes[small]:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
