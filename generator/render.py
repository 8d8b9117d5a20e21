"""Jinja2 environments shared by the builders, and the filters that keep content as data.

Templates are looked up first in the project's ``templates/`` folder, then in the
built-in ones, so a company can override any single template.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .diagnostics import EnablekitError
from .sanitize import ContentGuard, clean_html, markdown_images


class TemplateError(EnablekitError):
    """A project's template override (or a built-in one) could not be rendered."""

BUILTIN = Path(__file__).parent / "templates"

_FENCE = re.compile(r"(^[ \t]*(```|~~~).*?^[ \t]*\2[^\n]*$|`+[^`\n]*`+)", re.M | re.S)


def safe_markdown(text: str | None) -> str:
    """Author Markdown, with raw HTML turned into text (``<script>`` stays visible, never runs).

    Code spans and blocks are kept as written. Everything else that could reach a reader's
    browser (links, images, ``attr_list`` attributes, entities) is judged after rendering, by
    :class:`~generator.sanitize.ContentGuard` and :func:`~generator.sanitize.clean_html`.
    """
    if not text:
        return ""
    out = []
    last = 0
    for match in _FENCE.finditer(text):
        out.append(text[last:match.start()].replace("<", "&lt;"))
        out.append(match.group(0))
        last = match.end()
    out.append(text[last:].replace("<", "&lt;"))
    return "".join(out)


def remote_images(text: str) -> list[str]:
    """Images from other hosts that ``text`` would show (they are never embedded)."""
    return list(markdown_images(text or "")[1])


def local_images(text: str) -> list[str]:
    """Paths of project images that ``text`` shows, as written."""
    return list(markdown_images(text or "")[0])


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
    """Author Markdown as HTML for print and slides: raw HTML shown as text, rendered with tables,
    footnotes and heading ids, then passed through the one allow-list sanitiser. Footnotes
    become WeasyPrint page footnotes (``float: footnote``)."""
    import markdown

    if not text:
        return ""
    md = markdown.Markdown(
        extensions=["tables", "footnotes", "attr_list", "sane_lists", "toc", ContentGuard()],
        extension_configs={"toc": {"slugify": _slugify}, "tables": {"use_align_attribute": True}},
    )
    html_text = clean_html(md.convert(safe_markdown(text)))
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


@jinja2.pass_context
def _date(context, value, style: str = "medium") -> str:  # noqa: ANN001
    """``{{ e.reviewed | date }}``: the date as the page's language writes it (Babel)."""
    from .language.i18n import format_date

    return format_date(value, context.get("lang") or "en", style)


@jinja2.pass_context
def _month(context, value) -> str:  # noqa: ANN001
    """``{{ cap.available_from | month }}``: a YYYY-MM date as a month in the page's language."""
    from .language.i18n import format_month

    return format_month(value, context.get("lang") or "en")


class _Environment(SandboxedEnvironment):
    """Reports a broken template (syntax, an undefined name, an error raised inside a project's
    override) as ``templates/…:LINE: message``, never as a traceback."""

    def __init__(self, project_root: Path | None, **options):  # noqa: ANN003
        super().__init__(**options)
        self.project_root = project_root

    def handle_exception(self, source: str | None = None):  # noqa: ANN201
        try:
            super().handle_exception(source)
        except jinja2.TemplateSyntaxError as exc:
            where = self._where(exc.filename)
            raise TemplateError(f"{where}:{exc.lineno}: {exc.message}") from None
        except Exception as exc:
            place = _template_frame(exc.__traceback__)
            if place is None:
                raise
            where, line = self._where(place[0]), place[1]
            ours = not where.startswith("templates/")
            if ours and not isinstance(exc, jinja2.UndefinedError):
                raise  # a bug in a built-in template is ours to fix: keep the traceback
            message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else f"{type(exc).__name__}: {exc}"
            raise TemplateError(f"{where}:{line}: {message}") from None

    def _where(self, filename: str | None) -> str:
        if not filename:
            return "<template>"
        path = Path(filename)
        for base, prefix in ((self.project_root, ""), (BUILTIN.parent.parent, "")):
            if base is None:
                continue
            try:
                return prefix + path.resolve().relative_to(base.resolve()).as_posix()
            except ValueError:
                continue
        return path.as_posix()


def _template_frame(tb) -> tuple[str, int] | None:  # noqa: ANN001
    """The innermost traceback frame that is a line of a template file."""
    found = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".j2", ".html", ".css")):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def environment(project_root: Path | None, *subdirs: str, html: bool = False) -> jinja2.Environment:
    """A Jinja2 environment that reads ``templates/<subdir>`` of the project, then the built-ins.

    Autoescape is always on, for the built-in templates and a project's overrides alike:
    a value from content is text unless a filter made it into vetted Markup.
    """
    search: list[str] = []
    for sub in subdirs:
        if project_root is not None:
            own = project_root / "templates" / sub
            if own.is_dir():
                search.append(str(own))
        search.append(str(BUILTIN / sub))
    env = _Environment(
        project_root,
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(date=_date, month=_month)
    if html:  # HTML documents: `md` gives sanitised HTML
        env.filters.update(md=lambda text, offset=0: Markup(markdown_html(text, heading_offset=offset)),
                           safe_url=safe_url, css_string=css_string)
    else:  # Markdown pages: every filter that writes Markdown says it is already escaped
        env.filters.update(md=lambda text: Markup(safe_markdown(text)), inline=lambda text: Markup(inline(text)),
                           attr=lambda text: Markup(attr(text)), safe_url=lambda url: Markup(safe_url(url)))
    return env
