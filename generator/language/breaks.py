"""Where a line may break, per language, for renderers that cannot be told in CSS (WeasyPrint has no
``word-break: keep-all``): Korean breaks between words, not inside them; a Chinese or Japanese
paragraph never ends on a line of one or two characters ('です。' alone under a full line)."""

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


def keep_together(markup: str, lang: str) -> str:
    """``markup`` (HTML) with word joiners where ``lang`` must not break: inside Korean words; between the last
    three characters of each Chinese or Japanese paragraph. Tags, styles and scripts are untouched."""
    base = lang.split("-")[0].lower()
    if base not in ("zh", "ja", "ko"):
        return markup
    parts = _TAG.split(markup)
    skip = False
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            name = part[1:].split(None, 1)[0].lower().rstrip(">") if len(part) > 1 else ""
            if name in ("style", "script", "title"):
                skip = True
            elif name in ("/style", "/script", "/title"):
                skip = False
            continue
        if skip or not part:
            continue
        if base == "ko":
            part = _HANGUL_WORD.sub(lambda m: WORD_JOINER.join(m.group(0)), part)
        if i + 1 < len(parts) and _BLOCK_END.match(parts[i + 1]) and _HAS_CJK.search(part):
            part = html.escape(_join_tail(html.unescape(part)), quote=False)
        parts[i] = part
    return "".join(parts)


def _join_tail(text: str) -> str:
    """``text`` with no break possible among its last three letters or digits (and what sits between
    and after them): a CJK paragraph's last line is never one or two characters."""
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
        if k and tail[k - 1] != " ":
            out.append(WORD_JOINER)
        out.append(ch)
    return text[:start] + "".join(out) + text[end:]
