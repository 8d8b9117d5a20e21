"""What preflight finds: one defect at one page or slide of one built file, and the checks by id."""

from __future__ import annotations

from dataclasses import dataclass

# check id → what it looks for (README, `--format json` readers)
CHECKS = {
    "outside": "text outside its box or the page's margins; a shape past the slide's edge",
    "underfilled": "a page other than the last that is less than half full",
    "stub": "a last page that holds only a stub",
    "empty-body": "a slide whose body is nearly empty",
    "one-bullet": "a bulleted slide with a single item",
    "repeated-figure": "the same big figure on more than one slide of a deck",
    "raw-id": "a content id shown as text",
    "lone-char": "one or two CJK characters alone on a paragraph's last line",
    "notes": "speaker notes in a deck meant for customers",
    "internal-word": "an interface word of internal material in a file meant for customers",
    "mixed-language": "text in another language than the document's",
    "price-on-request": "'price on request' in a proposal whose plan states a price",
    "unreadable": "a built file that is missing or cannot be opened",
}


@dataclass(frozen=True)
class Defect:
    """``unit`` is "page" or "slide", ``number`` counts from 1 (0: the file as a whole)."""

    file: str
    unit: str
    number: int
    check: str
    message: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.unit} {self.number}" if self.number else self.file


def quoted(text: str, limit: int = 60) -> str:
    """``text`` on one line (its lines joined by " / "), cut at ``limit`` characters, in quotation
    marks: what a message cites."""
    flat = " / ".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    return f'"{flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"}"'
