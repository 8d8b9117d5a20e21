"""Where a line may break, per language, for renderers that cannot be told in CSS (WeasyPrint has no
``word-break: keep-all``): Korean breaks between words, not inside them, and a Korean paragraph does not
end on one short word; a Chinese or Japanese paragraph never ends on a line of one or two characters
('です。' alone under a full line); in every language a short hyphenated token ('CT-e', 'e-commerce')
stays whole."""

from __future__ import annotations

import html
import re

WORD_JOINER = "\u2060"  # no break here; zero width, ignored by search and copy
NO_BREAK_SPACE = "\u00a0"
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_HANGUL_WORD = re.compile(r"[\uac00-\ud7af]{2,}")
_HAS_CJK = re.compile(f"[{_CJK}]")
_BLOCK_END = re.compile(r"</(p|li|td|th|h[1-6]|div|dd|dt|figcaption|blockquote|caption|span|a|strong|em|b)\s*>|<br\b", re.I)
_TAG = re.compile(r"(<[^>]+>)")
# a hyphenated token with a side of one or two letters: breaking at its hyphen leaves 'e' or 'CT-' alone
_SHORT_HYPHENATED = re.compile(r"(?<![\w\-])(?:\w{1,2}-\w+|\w+-\w{1,2})(?![\w\-])")
NOWRAP_OPEN, NOWRAP_CLOSE = '<span style="white-space: nowrap">', "</span>"
# a count and the word that says what it counts ("12 meses", "5 일", "4 pages"), an amount and its unit
# ("52.000 €", "5 %"), a name and its number ("ISO 27001", "SOC 2", "Microsoft 365"): one unit a line never
# splits. A number that belongs to a name is not tied to the word after it ("365 desde" breaks as usual).
_WORD_LETTER = r"A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\uac00-\ud7af"  # scripts that break at spaces
_NUMBER = re.compile(rf"(?<![\w.,×/\-\u00a0])(\d[\d.,]*)(\s?%?) (?=([{_WORD_LETTER}]{{1,10}}|[%€$£¥₩])(?![\w-]))")
_NAME_NUMBER = re.compile(r"(?<![\w-])([A-Z][A-Za-z]{1,11}) (?!(?:19|20)\d\d\b)(?=\d[\d.]*(?![\d,]))")  # not a year
# a currency sign and its amount ("R$ 260.750,00", "US$ 12", "€ 5"): a code before a number is a name's number
_CURRENCY = re.compile(r"(?<![\w$])((?:[A-Z]{1,3})?[$€£¥₩]) (?=[\d\u2212])")
# a time of day written with its hour sign ("7 h 30", "18h30"): one unit
_CLOCK = re.compile(r"(?<![\w.,])(\d{1,2}) ?h ?(\d{2})\b")
# a hyphen written as a minus sign ("(-6,8 %)"): a line may break after a hyphen, never after a minus
_MINUS = re.compile(r"(?<![\w\-.,/])-(?=\d)")


def glue(text: str) -> str:
    """``text`` with a no-break space inside the units a reader takes in at once: a count and what it counts,
    an amount and its unit or currency sign, a name and its number; a hyphen used as a minus sign becomes one (U+2212)."""
    if not isinstance(text, str) or not any(ch.isdigit() for ch in text):
        return text
    if "-" in text:
        text = _MINUS.sub("\u2212", text)
    if " " not in text:
        return text
    text = _CLOCK.sub(lambda m: m.group(0).replace(" ", NO_BREAK_SPACE), text)
    text = _NAME_NUMBER.sub(lambda m: m.group(1) + NO_BREAK_SPACE, text)
    text = _CURRENCY.sub(lambda m: m.group(1) + NO_BREAK_SPACE, text)

    def count(m: re.Match) -> str:
        before = text[:m.start()].rstrip(" ")
        if before.endswith(NO_BREAK_SPACE) or re.search(r"(?:19|20)\d\d$", m.group(1)) and len(m.group(1)) == 4:
            return m.group(0)  # a name's number (Microsoft 365) or a year: the word after may go to the next line
        return m.group(1) + m.group(2).replace(" ", NO_BREAK_SPACE) + NO_BREAK_SPACE

    return _NUMBER.sub(count, text)


def keep_together(markup: str, lang: str) -> str:
    """``markup`` (HTML) with word joiners where ``lang`` must not break: inside Korean words; between the last
    three characters of each Chinese or Japanese paragraph; the last two words of a Korean paragraph; short
    hyphenated tokens in any language (in a no-wrap span: the hyphen stays the character searched and
    copied). Tags, styles and scripts are untouched."""
    base = lang.split("-")[0].lower()
    parts = _TAG.split(markup)
    skip = False
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            name = part[1:].split(None, 1)[0].lower().rstrip(">") if len(part) > 1 else ""
            if name in ("style", "script", "title", "svg"):  # no markup added inside a drawing's text
                skip = True
            elif name in ("/style", "/script", "/title", "/svg"):
                skip = False
            continue
        if skip or not part:
            continue
        part = glue(part)
        if base in ("zh", "ja", "ko"):
            if base == "ko":
                part = _HANGUL_WORD.sub(lambda m: WORD_JOINER.join(m.group(0)), part)
            if i + 1 < len(parts) and _BLOCK_END.match(parts[i + 1]) and _HAS_CJK.search(part):
                part = html.escape(_join_tail(html.unescape(part), korean=base == "ko"), quote=False)
        if "-" in part:  # last: the text escaped again above would show the span's tags as text
            part = _SHORT_HYPHENATED.sub(lambda m: f"{NOWRAP_OPEN}{m.group(0)}{NOWRAP_CLOSE}", part)
        parts[i] = part
    return "".join(parts)


def _join_tail(text: str, korean: bool = False) -> str:
    """``text`` with no break possible among its last three letters or digits (and what sits between
    and after them): a CJK paragraph's last line is never one or two characters. A Korean paragraph
    (a sentence or more) keeps its last two words together: its last line is never one short word."""
    if korean and len(text.strip()) > 40:
        words = text.rstrip().rsplit(" ", 1)
        if len(words) == 2 and len(words[1]) <= 8:
            text = words[0] + NO_BREAK_SPACE + words[1] + text[len(text.rstrip()):]
    end = len(text.rstrip())
    start, letters = end, 0
    while start > 0 and letters < 3:
        start -= 1
        letters += text[start].isalnum()
    if letters < 3:
        return text
    tail, out = text[start:end], []
    for k, ch in enumerate(tail):
        if ch == " ":
            out.append(NO_BREAK_SPACE)
            continue
        if k and tail[k - 1] not in (" ", NO_BREAK_SPACE, WORD_JOINER) and ch not in (WORD_JOINER, NO_BREAK_SPACE):
            out.append(WORD_JOINER)
        out.append(ch)
    return text[:start] + "".join(out) + text[end:]
