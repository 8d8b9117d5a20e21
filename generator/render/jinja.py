"""Jinja2 environments shared by the builders, and the filters that keep content as data.

Templates are looked up first in the project's ``templates/`` folder, then in the
built-in ones, so a company can override any single template.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..content.diagnostics import EnablekitError
from ..language.i18n import format_date, format_month
from ..markup.escape import attr, css_string, inline, safe_url
from ..markup.markdown import markdown_html, safe_markdown


class TemplateError(EnablekitError):
    """A project's template override (or a built-in one) could not be rendered."""

BUILTIN = Path(__file__).parent / "templates"


@jinja2.pass_context
def _date(context, value, style: str = "medium") -> str:  # noqa: ANN001
    """``{{ e.reviewed | date }}``: the date as the page's language writes it (Babel)."""
    return format_date(value, context.get("lang") or "en", style)


@jinja2.pass_context
def _month(context, value) -> str:  # noqa: ANN001
    """``{{ cap.available_from | month }}``: a YYYY-MM date as a month in the page's language."""
    return format_month(value, context.get("lang") or "en")


_SAFE_ATTRIBUTES: dict[tuple[type, str], bool] = {}  # _Environment.is_safe_attribute's answers


class _Environment(SandboxedEnvironment):
    """Reports a broken template (syntax, an undefined name, an error raised inside a project's
    override) as ``templates/…:LINE: message``, never as a traceback."""

    def __init__(self, project_root: Path | None, **options):  # noqa: ANN003
        super().__init__(**options)
        self.project_root = project_root

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:  # noqa: ANN401
        """The sandbox's own answer, which depends only on the object's type and the name, worked out once
        per pair (a page reads some hundred attributes; the sandbox's checks were a tenth of making it)."""
        key = (type(obj), attr)
        safe = _SAFE_ATTRIBUTES.get(key)
        if safe is None:
            safe = _SAFE_ATTRIBUTES[key] = super().is_safe_attribute(obj, attr, value)
        return safe

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
        for base, prefix in ((self.project_root, ""), (BUILTIN.parents[2], "")):
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


class _CompiledOnDisk(jinja2.FileSystemBytecodeCache):
    """Templates compiled once and kept in ``.enablekit-cache/jinja`` (keyed by the template's path and
    checked against a hash of its source), so a build whose documents all come from the cache does
    not compile every template again. A folder it cannot write to only means compiling again."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined, naming a stand-in as what it stands for: a builder that records what a template
    reads hands it a traced view whose class says ``stands_for = Project``; the author reads "'...Project
    object' has no attribute 'nope'", not the name of enablekit's recorder."""

    @property
    def _undefined_message(self) -> str:
        stands_for = getattr(type(self._undefined_obj), "stands_for", None)
        if stands_for is None or self._undefined_hint or not isinstance(self._undefined_name, str):
            return super()._undefined_message
        return f"'{stands_for.__module__}.{stands_for.__name__} object' has no attribute {self._undefined_name!r}"


def _figure(text: str | None) -> str:
    """A measured result as an attribute value (``attr``) whose units never break across lines: a count
    and what it counts, an amount and its currency ('14\u00a0semaines → 6\u00a0semaines', not '… → 6 /
    semaines'), as PDFs and decks glue them."""
    from ..language.breaks import glue

    return html.escape(glue(" ".join(str(text or "").split())), quote=True)


def environment(project_root: Path | None, *subdirs: str, html: bool = False,
                compiled: Path | None = None) -> jinja2.Environment:
    """A Jinja2 environment that reads ``templates/<subdir>`` of the project, then the built-ins.

    Autoescape is always on, for the built-in templates and a project's overrides alike:
    a value from content is text unless a filter made it into vetted Markup. ``compiled``: a folder
    where compiled templates are kept between runs.
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
        undefined=_Undefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_CompiledOnDisk(compiled) if compiled is not None else None,
    )
    env.filters.update(date=_date, month=_month)
    if html:  # HTML documents: `md` gives sanitised HTML
        env.filters.update(md=lambda text, offset=0: Markup(markdown_html(text, heading_offset=offset)),
                           safe_url=safe_url, css_string=css_string)
    else:  # Markdown pages: every filter that writes Markdown says it is already escaped
        env.filters.update(md=lambda text: Markup(safe_markdown(text)), inline=lambda text: Markup(inline(text)),
                           attr=lambda text: Markup(attr(text)), safe_url=lambda url: Markup(safe_url(url)),
                           figure=lambda text: Markup(_figure(text)))
    return env
