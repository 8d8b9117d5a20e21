"""Jinja2 environments shared by the builders, and the filters that keep content as data.

Templates are looked up first in the project's ``templates/`` folder, then in the
built-in ones, so a company can override any single template.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

BUILTIN = Path(__file__).parent / "templates"

_FENCE = re.compile(r"(^[ \t]*(```|~~~).*?^[ \t]*\2[^\n]*$|`+[^`\n]*`+)", re.M | re.S)
_SCRIPT_LINK = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data|file):[^)]*\)", re.I)
_REMOTE_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?((?:https?:)?//[^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)", re.I)
_LOCAL_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?(?!https?:|//)([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)", re.I)


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


_FOOTNOTE_ITEM = re.compile(r'<li id="fn:([^"]+)">(.*?)</li>', re.S)
_FOOTNOTE_REF = re.compile(r'<sup id="fnref\d*:([^"]+)"><a class="footnote-ref" href="#fn:[^"]+">[^<]*</a></sup>')
_FOOTNOTE_BLOCK = re.compile(r'<div class="footnote">.*?</div>', re.S)
_BACKREF = re.compile(r'\s*<a class="footnote-backref"[^>]*>.*?</a>', re.S)


def markdown_html(text: str | None, *, heading_offset: int = 0, footnotes_at_page_bottom: bool = True) -> str:
    """Author Markdown as HTML for print: made safe by :func:`safe_markdown`, with tables,
    footnotes and heading ids. Footnotes become WeasyPrint page footnotes (``float: footnote``)."""
    import markdown

    if not text:
        return ""
    md = markdown.Markdown(
        extensions=["tables", "footnotes", "attr_list", "sane_lists", "toc"],
        extension_configs={"toc": {"slugify": _slugify}},
    )
    html_text = md.convert(safe_markdown(text))
    if heading_offset:
        html_text = re.sub(
            r"<(/?)h([1-6])\b",
            lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + heading_offset)}",
            html_text,
        )
    if footnotes_at_page_bottom and 'class="footnote"' in html_text:
        notes = {key: _BACKREF.sub("", body).strip() for key, body in _FOOTNOTE_ITEM.findall(html_text)}
        notes = {k: re.sub(r"^<p>(.*)</p>$", r"\1", v, flags=re.S) for k, v in notes.items()}
        html_text = _FOOTNOTE_BLOCK.sub("", html_text)
        html_text = _FOOTNOTE_REF.sub(lambda m: f'<span class="footnote">{notes.get(m.group(1), "")}</span>', html_text)
    return html_text


def _slugify(value: str, separator: str) -> str:
    from pymdownx.slugs import slugify

    return slugify(case="lower")(value, separator)


def css_string(text: str | None) -> Markup:
    """A quoted CSS string (for ``content:``) that no content can break out of."""
    text = " ".join(str(text or "").split())
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;·-_()（）/&@+'" or ord(ch) > 127 else f"\\{ord(ch):x} "
                      for ch in text)
    return Markup(f'"{escaped}"')


def environment(project_root: Path | None, *subdirs: str, autoescape: bool = False) -> jinja2.Environment:
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
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    if autoescape:  # HTML documents: `md` gives safe HTML, everything else is escaped by Jinja
        env.filters.update(md=lambda text, offset=0: Markup(markdown_html(text, heading_offset=offset)),
                           safe_url=safe_url, css_string=css_string)
    else:  # Markdown pages
        env.filters.update(md=safe_markdown, inline=inline, attr=attr, safe_url=safe_url)
    return env
