"""One preflight: every PDF and deck of the last build opened and put through the checks that
apply to it (layout for all; wording, notes and internal words for those meant for customers)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pptx.exc import PythonPptxError

from . import deck as decks
from . import layout, pdf, wording
from .defects import CHECKS, Defect
from .files import Target, targets
from .wording import Unit, Vocabulary


@dataclass
class Result:
    defects: list[Defect] = field(default_factory=list)
    files: int = 0
    pages: int = 0
    slides: int = 0
    notes: list[str] = field(default_factory=list)  # what could not be checked, and why


def preflight(project: Path, site: Path | None = None) -> Result:
    """Check the build in ``site`` (default ``project/site``). Raises :class:`files.NoBuild` when
    there is none; a file that cannot be opened is a defect (``unreadable``), not an error."""
    from ..content.loader import load_project

    found = targets(site or project / "site", project)
    loaded, _ = load_project(project)
    result = Result(files=len(found))
    if loaded is None:
        result.notes.append(f"{project}: the content does not load (run `enablekit check`): ids, names and"
                            " plans are unknown, so raw-id and price-on-request are skipped and names count as text")
    words = Vocabulary.of(loaded)
    for target in found:
        result.defects += check(target, words, result)
    return result


def check(target: Target, words: Vocabulary, result: Result | None = None) -> list[Defect]:
    """The defects of one built file."""
    unit = "page" if target.medium == "pdf" else "slide"
    try:
        if target.medium == "pdf":
            document = pdf.read(target.path)
        else:
            document = decks.read(target.path)
    except (OSError, ValueError, KeyError, SyntaxError, zipfile.BadZipFile, pdf.pdfium.PdfiumError,
            PythonPptxError) as exc:  # what a truncated, foreign or corrupt file raises in either reader
        reason = "does not exist" if not target.path.exists() else f"cannot be opened ({exc})"
        return [Defect(target.shown, unit, 0, "unreadable", f"the manifest lists it, but it {reason}")]
    if target.medium == "pdf":
        contents = words.labels(target.lang).get("contents", "")
        findings = [*layout.pdf_outside(document), *layout.pdf_fill(document, contents),
                    *layout.pdf_lone_chars(document)]
        units: list[Unit] = [(p.number, [ln.text for ln in p.lines]) for p in document.pages]
        if result is not None:
            result.pages += len(document.pages)
    else:
        findings = [*layout.deck_outside(document), *layout.deck_bodies(document), *layout.deck_figures(document),
                    *layout.deck_lone_chars(document)]
        units = [(s.number, _slide_lines(s)) for s in document.slides]
        if result is not None:
            result.slides += len(document.slides)
    findings += wording.raw_ids(units, target.lang, words)
    if target.sendable:
        findings += wording.internal_words(units, target.lang, words)
        if target.medium == "deck":
            findings += _notes(document)
    findings += wording.mixed_language(units, target.lang, words)
    if target.download.kind == "proposal":
        findings += wording.price_on_request(units, target.lang, target.download.id, words)
    order = {name: i for i, name in enumerate(CHECKS)}
    findings.sort(key=lambda f: (f[0], order.get(f[1], 99)))
    return [Defect(target.shown, unit, number, check_id, message) for number, check_id, message in findings]


def _slide_lines(slide: decks.Slide) -> list[str]:
    lines = []
    for shape in slide.shapes:
        if shape.frame:
            lines += [p.text for p in shape.frame.paragraphs if p.text]
        for _, cells in shape.rows:
            lines += [p.text for _, cell in cells for p in cell.paragraphs if p.text]
    return lines


def _notes(deck: decks.Deck) -> list[tuple[int, str, str]]:
    """Speaker notes in a deck meant for customers: one finding for the deck, at its first slide with notes."""
    with_notes = [s.number for s in deck.slides if s.notes]
    if not with_notes:
        return []
    which = _ranges(with_notes)
    return [(with_notes[0], "notes", f"speaker notes on {len(with_notes)} of {len(deck.slides)} slides ({which}):"
             " a deck for customers should carry none")]


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 → "1–3, 5"."""
    out, start = [], numbers[0]
    for prev, cur in zip(numbers, numbers[1:] + [None], strict=True):
        if cur != prev + 1 if cur is not None else True:
            out.append(f"{start}–{prev}" if prev != start else str(start))
            start = cur
    return ", ".join(out)
