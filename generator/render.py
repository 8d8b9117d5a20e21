"""Jinja2 environments shared by the builders, and the filters that keep content as data.

Templates are looked up first in the project's ``templates/`` folder, then in the
built-in ones, so a company can override any single template.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2

BUILTIN = Path(__file__).parent / "templates"

_FENCE = re.compile(r"(^[ \t]*(```|~~~).*?^[ \t]*\2[^\n]*$|`+[^`\n]*`+)", re.M | re.S)
_SCRIPT_LINK = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data|file):[^)]*\)", re.I)
_REMOTE_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?((?:https?:)?//[^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)", re.I)
_LOCAL_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?(?![a-z][a-z0-9+.-]*:|//)([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)", re.I)


def safe_markdown(text: str | None) -> str:
    """Author Markdown with every way out of 'content is data' closed.

    Raw HTML is shown as text (``<script>`` stays visible, never runs), links with
    script or file schemes go nowhere, and images from other hosts become plain links,
    so a built page never loads anything from the network. Code spans and blocks are
    kept as written.
    """
    if not text:
        return ""
    out = []
    last = 0
    for match in _FENCE.finditer(text):
        out.append(_neutralise(text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_neutralise(text[last:]))
    return "".join(out)


def _neutralise(part: str) -> str:
    part = part.replace("<", "&lt;")
    part = _SCRIPT_LINK.sub("](#)", part)
    part = _REMOTE_IMAGE.sub(lambda m: f"[{m.group(1) or m.group(2)}]({m.group(2)})", part)
    return part


def remote_images(text: str) -> list[str]:
    return [m.group(2) for m in _REMOTE_IMAGE.finditer(text or "")]


def local_images(text: str) -> list[str]:
    return [m.group(2) for m in _LOCAL_IMAGE.finditer(text or "")]


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


def environment(project_root: Path | None, *subdirs: str) -> jinja2.Environment:
    """A Jinja2 environment that reads ``templates/<subdir>`` of the project, then the built-ins."""
    search: list[str] = []
    for sub in subdirs:
        if project_root is not None:
            own = project_root / "templates" / sub
            if own.is_dir():
                search.append(str(own))
        search.append(str(BUILTIN / sub))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=safe_markdown, inline=inline, attr=attr, safe_url=safe_url)
    return env
