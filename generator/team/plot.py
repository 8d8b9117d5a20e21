"""Pictures of content health: coverage heat maps and the score's trend, as SVG (matplotlib, Agg).

Text stays text in the SVG (``svg.fonttype: none``): small files, selectable words, the reader's
fonts. Labels are content (persona and industry names); matplotlib escapes them as XML text and
the pages show the SVG as an image, so nothing in it can run. An empty cell is drawn hatched and
carries the id ``empty-<row>-<column>`` so that tests and stylesheets can find it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from .health import Matrix

_RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "enablekit",  # stable ids: the same content draws the same file
    # matplotlib reads the first face of fonts-noto-cjk's collection, named "JP"; it has every
    # Chinese glyph, and DejaVu (bundled with matplotlib) is there when Noto is not
    "font.family": ["Noto Sans CJK JP", "DejaVu Sans"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _pyplot():  # noqa: ANN202
    import logging

    import matplotlib

    matplotlib.use("Agg", force=False)
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # a missing font is not news
    from matplotlib import pyplot

    return pyplot


def _svg(figure, alt: str | None = None) -> str:  # noqa: ANN001
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return with_title(buffer.getvalue(), alt)


def with_title(svg: str, alt: str | None) -> str:
    """``svg`` with ``alt`` (escaped) as its first child ``<title>``: the alternative text that
    screen readers read and that a tagged PDF gives the figure."""
    if not alt:
        return svg
    start = svg.find("<svg")
    end = svg.find(">", start) + 1 if start >= 0 else 0
    if end <= 0:
        return svg
    return f"{svg[:end]}\n <title>{escape(alt)}</title>{svg[end:]}"


def heatmap(matrix: Matrix, row_label: Callable[[str], str], col_label: Callable[[str], str], *,
            colour: str = "#0B5FFF", general_label: str | None = None, alt: str | None = None) -> str:
    """The matrix as an SVG heat map: one row per persona, one column per industry (stage,
    competitor), the count in each cell; a last column for objections that name no column.
    ``alt``: its alternative text (the SVG's title)."""
    from matplotlib import colors, patches

    plt = _pyplot()

    rows, cols = matrix.rows, matrix.columns + ([None] if general_label else [])
    with plt.rc_context(_RC):
        width = 1.6 + 0.62 * len(cols)
        fig, ax = plt.subplots(figsize=(max(width, 3.5), 0.9 + 0.36 * len(rows)))
        peak = max([*matrix.counts.values(), *matrix.general.values(), 1])
        cmap = colors.LinearSegmentedColormap.from_list("ek", ["#FFFFFF", colour])
        for y, row in enumerate(rows):
            for x, col in enumerate(cols):
                n = matrix.general.get(row, 0) if col is None else matrix.counts.get((row, col), 0)
                if n == 0 and col is not None:
                    cell = patches.Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor="#FDECEA", edgecolor="#D93025",
                                             hatch="///", linewidth=0.6)
                    cell.set_gid(f"empty-{row}-{col}")
                    ax.add_patch(cell)
                    continue
                shade = cmap(0.15 + 0.85 * n / peak)
                ax.add_patch(patches.Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=shade, edgecolor="white",
                                               linewidth=1.2))
                ink = "white" if n / peak > 0.55 else "#1F2328"
                ax.text(x, y, str(n), ha="center", va="center", color=ink, fontsize=8)
        ax.set_xlim(-0.5, len(cols) - 0.5)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xticks(range(len(cols)),
                      [general_label if c is None else col_label(c) for c in cols], rotation=35, ha="right")
        ax.set_yticks(range(len(rows)), [row_label(r) for r in rows])
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        svg = _svg(fig, alt)
        plt.close(fig)
    return svg


def trend_chart(points: list[dict], minimum: float, *, colour: str = "#0B5FFF", minimum_label: str = "",
                alt: str | None = None) -> str:
    """The overall score per commit (or week) as a line, with the --strict minimum as a dashed line;
    ``alt``: its alternative text (the SVG's title)."""
    plt = _pyplot()

    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(6.4, 2.2))
        xs = list(range(len(points)))
        ys = [p["score"] * 100 for p in points]
        ax.plot(xs, ys, color=colour, marker="o", markersize=3, linewidth=1.6)
        ax.axhline(minimum * 100, color="#D93025", linestyle="--", linewidth=0.8)
        if minimum_label:
            ax.text(0, minimum * 100, " " + minimum_label, color="#D93025", va="bottom", fontsize=7)
        ax.set_ylim(max(0, min(ys + [minimum * 100]) - 10), 101)
        step = max(1, len(points) // 8)
        ax.set_xticks(xs[::step], [p["date"][5:] for p in points][::step])
        ax.set_ylabel("%")
        ax.grid(axis="y", color="#E5E7EB", linewidth=0.6)
        svg = _svg(fig, alt)
        plt.close(fig)
    return svg
