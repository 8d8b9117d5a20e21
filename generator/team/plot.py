"""Pictures of content health: coverage heat maps (SVG written directly) and the score's trend (matplotlib, Agg).

Text stays text in the SVG: small files, selectable words, the reader's fonts. Labels are content
(persona and industry names); they are escaped as XML text (by ``escape`` here, by matplotlib in the
trend chart) and the pages show the SVG as an image, so nothing in it can run. An empty cell is drawn hatched and
carries the id ``empty-<row>-<column>`` so that tests and stylesheets can find it.
"""

from __future__ import annotations

import io
import math
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


CELL_W, CELL_H = 44.0, 26.0  # a heat map's cell, in points (the figure is drawn at 1 unit = 1 pt)
FONT, NUMBER_FONT = 9.0, 8.0
LABEL_ANGLE = 35  # column labels, rotated like the x labels of a chart
_FONTS = "'Noto Sans CJK JP', 'Noto Sans CJK SC', 'DejaVu Sans', sans-serif"


def _text_width(text: str, size: float) -> float:
    """About how wide ``text`` is at ``size`` points: a CJK or full-width character is one em, another
    0.6 em (enough to size the margins: the labels are drawn by the reader's fonts)."""
    import unicodedata

    return size * sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)


def _mix(colour: str, share: float) -> str:
    """``colour`` (#RRGGBB, as the brand's colours are checked to be) over white at ``share`` (0: white,
    1: the colour)."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 + (c - 255) * share):02X}" for c in rgb)


def heatmap(matrix: Matrix, row_label: Callable[[str], str], col_label: Callable[[str], str], *,
            colour: str = "#0B5FFF", general_label: str | None = None, alt: str | None = None) -> str:
    """The matrix as an SVG heat map: one row per persona, one column per industry (stage,
    competitor), the count in each cell; a last column for objections that name no column.
    ``alt``: its alternative text (the SVG's title).

    Written as SVG directly, not drawn by matplotlib: a map of 80 × 80 cells took matplotlib some
    7 s (a patch and a text object per cell, laid out twice for the tight bounding box); this is
    the same picture in milliseconds. Labels are escaped XML text."""
    rows, cols = matrix.rows, matrix.columns + ([None] if general_label else [])
    row_names = [row_label(r) for r in rows]
    col_names = [general_label if c is None else col_label(c) for c in cols]
    peak = max([*matrix.counts.values(), *matrix.general.values(), 1])
    angle = math.radians(LABEL_ANGLE)
    left = 8 + max([_text_width(name, FONT) for name in row_names] + [0]) + 8
    longest = max([_text_width(name, FONT) for name in col_names] + [0])
    top = 6.0
    grid_w, grid_h = CELL_W * len(cols), CELL_H * len(rows)
    bottom = 8 + longest * math.sin(angle) + FONT * math.cos(angle) + 6
    # a rotated label reaches left of its column by its length's cosine: the picture starts where it ends
    reach = max([_text_width(name, FONT) * math.cos(angle) - CELL_W * (n + 0.5) for n, name in enumerate(col_names)]
                + [0])
    left = max(left, reach + 8)
    width, height = left + grid_w + 8, top + grid_h + bottom
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}pt" height="{height:.0f}pt"'
           f' viewBox="0 0 {width:.1f} {height:.1f}" font-family="{_FONTS}">',
           '<defs><pattern id="ek-hatch" width="5" height="5" patternUnits="userSpaceOnUse"'
           ' patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="5" stroke="#D93025"'
           ' stroke-width="0.9"/></pattern></defs>']
    for y, (row, name) in enumerate(zip(rows, row_names, strict=True)):
        cy = top + CELL_H * (y + 0.5)
        out.append(f'<text x="{left - 8:.1f}" y="{cy:.1f}" font-size="{FONT}" text-anchor="end"'
                   f' dominant-baseline="central" fill="#1F2328">{escape(name)}</text>')
        for x, col in enumerate(cols):
            n = matrix.general.get(row, 0) if col is None else matrix.counts.get((row, col), 0)
            x0, y0 = left + CELL_W * x, top + CELL_H * y
            if n == 0 and col is not None:
                out.append(f'<g id="{escape(f"empty-{row}-{col}", {chr(34): "&quot;"})}">'
                           f'<rect x="{x0 + 0.3:.1f}" y="{y0 + 0.3:.1f}" width="{CELL_W - 0.6:.1f}"'
                           f' height="{CELL_H - 0.6:.1f}" fill="#FDECEA" stroke="#D93025" stroke-width="0.6"/>'
                           f'<rect x="{x0 + 0.3:.1f}" y="{y0 + 0.3:.1f}" width="{CELL_W - 0.6:.1f}"'
                           f' height="{CELL_H - 0.6:.1f}" fill="url(#ek-hatch)"/></g>')
                continue
            share = 0.15 + 0.85 * n / peak
            ink = "#FFFFFF" if n / peak > 0.55 else "#1F2328"
            out.append(f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{CELL_W:.1f}" height="{CELL_H:.1f}"'
                       f' fill="{_mix(colour, share)}" stroke="#FFFFFF" stroke-width="1.2"/>'
                       f'<text x="{x0 + CELL_W / 2:.1f}" y="{y0 + CELL_H / 2:.1f}" font-size="{NUMBER_FONT}"'
                       f' text-anchor="middle" dominant-baseline="central" fill="{ink}">{n}</text>')
    for x, name in enumerate(col_names):
        cx, ty = left + CELL_W * (x + 0.5), top + grid_h + 8
        out.append(f'<text transform="translate({cx:.1f} {ty:.1f}) rotate(-{LABEL_ANGLE})" font-size="{FONT}"'
                   f' text-anchor="end" dominant-baseline="hanging" fill="#1F2328">{escape(name)}</text>')
    out.append("</svg>")
    return with_title("\n".join(out), alt)


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
