"""Plain text written safely into Markdown, HTML attributes, links and CSS strings."""

from __future__ import annotations

import html
import re

from markupsafe import Markup


def inline(text: str | None) -> str:
    """One line of plain text inside Markdown (titles, table cells): no HTML, no line breaks,
    no table-breaking pipes, no accidental emphasis."""
    if not text:
        return ""
    text = " ".join(str(text).split())
    text = html.escape(text, quote=False)
    return re.sub(r"([\\`*_\[\]|#])", r"\\\1", text)


def attr(text: str | None) -> str:
    """A value for an HTML attribute."""
    return html.escape(" ".join(str(text or "").split()), quote=True)


def safe_url(url: str | None) -> str:
    """A link target that can only go to a web page or an e-mail address."""
    url = (url or "").strip()
    if not re.match(r"^(https?://|mailto:)", url, re.I):
        return "#"
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def css_string(text: str | None) -> Markup:
    """A quoted CSS string (for ``content:``) that no content can break out of."""
    text = " ".join(str(text or "").split())
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;·-_()（）/&@+'" or ord(ch) > 127 else f"\\{ord(ch):x} "
                      for ch in text)
    return Markup(f'"{escaped}"')
