"""The MkDocs plugin: adds the generated pages to a normal MkDocs + Material build.

``plugins: [search, tags, enablekit]`` in mkdocs.yml is all a project needs; plain
``mkdocs build`` and ``mkdocs serve`` then work, and ``enablekit build`` drives the
same plugin with a project it has already loaded and filtered.

One MkDocs build makes one language. The default language is built at the site
root; after it, the plugin builds every other language into ``<site>/<lang>/`` with
the same page paths, so the language switch can link page to page.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import _AbsoluteLinksValidationValue

from ...content.diagnostics import ContentError, EnablekitError
from ...content.docs import published_assets, read_docs, scan
from ...content.loader import load_or_fail
from ...content.model import Project
from ...markup.markdown import ContentGuard
from ...markup.sanitize import clean_html, clean_svg, is_asset_type
from ...render.jinja import BUILTIN
from ...views import audience as audiences
from .live import end_session, page_address, session_for, start_session, with_banner
from .pagecache import PageCache, lay_out_with
from .pages import KIND_PAGES, generate, language_links
from .search import ENGINES, NoIndex, PreparedCopy, SearchError, configure_material_search, index_site

log = logging.getLogger("mkdocs.plugins.enablekit")

# Chinese is segmented by jieba at build time and joined with U+200B; the separator must split on it

# Folders whose index page lists other pages: search finds them by title only
LIST_PAGES = tuple(kind for kind, _ in KIND_PAGES) + ("tags", "tags/*")

# What the generated pages use; each one costs time on every page, so no more than that.
MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "admonition": {},
    "attr_list": {},
    "footnotes": {},
    "md_in_html": {},
    "tables": {"use_align_attribute": True},  # no style attributes: the sanitiser drops them
    "toc": {"permalink": True},  # slugify set in on_config: Chinese headings keep readable anchors
    "pymdownx.tasklist": {"custom_checkbox": True},
}


class EnablekitConfig(base.Config):
    project = c.Optional(c.Type(str))
    """Folder of the content project (default: the folder of mkdocs.yml)."""
    audience = c.Choice(("internal", "partner", "public"), default="internal")
    """Who the site is for; content marked for a narrower audience is left out."""
    today = c.Optional(c.Type(str))
    """Date used for freshness (YYYY-MM-DD); default: the day of the build."""
    search = c.Choice(ENGINES, default="pagefind")
    """Search engine: Pagefind (chunked index, fetched per query) or Material's built-in search."""


class EnablekitPlugin(BasePlugin[EnablekitConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.view: Project | None = None  # set by enablekit build: an already filtered project
        self.language: str | None = None  # set for the nested builds of other languages
        self.other_languages = True  # build the other languages after the default one (plain `mkdocs build`)
        self.downloads: list = []  # set by enablekit build: the PDFs and decks next to the site
        self.generated = None  # set by enablekit build: this language's pages, made already
        self.force = False  # set by enablekit build --force: no page is reused from the page cache
        self.page_cache: PageCache | None = None  # this build's (one language's) kept pages
        self.page_stats: dict[str, int] = {}  # of the last build: pages reused whole, laid out, converted
        self.markdown_explain: str | None = None  # of the last build: the generated pages made again, and why
        self.index_later: list | None = None  # set by enablekit build: what to index, after the build
        self.prepared: PreparedCopy | None = None  # meanwhile, Pagefind's copy of the pages, made as they are written
        self.previous: str | None = None  # set by enablekit build: this language's site of the last build
        self.pages: dict[str, str] = {}
        self.files: dict[str, str] = {}
        self._config_file: str | None = None
        self._key: str | None = None  # under serve: what this build's language is made from (builder.language_key)
        # under serve, after a save: build into the site folder as it is (no emptying; each page file replaced
        # whole), and, when ``partial`` is a set, lay out only the pages at those addresses (the ones in view)
        self.in_place = False
        self.partial: set[str] | None = None
        self.page_files: set[str] = set()  # the page files of this build's language (written by a whole build)
        self._keyed: tuple | None = None  # the pages last keyed, of which view and language, and their key

    # ------------------------------------------------------------------ events
    def on_startup(self, *, command: str, dirty: bool) -> None:
        _quiet_jieba()
        self._command = command  # `gh-deploy` publishes the site: see _deploy_audience

    def _deploy_audience(self, config: MkDocsConfig) -> None:
        """``mkdocs gh-deploy`` puts the site on the public web, so it builds for ``audience: public``
        unless mkdocs.yml names the enablekit plugin's audience, and refuses an explicit ``internal``."""
        if getattr(self, "_command", None) != "gh-deploy":
            return
        audience = None
        try:  # MkDocs' own reading of the file (INHERIT, !ENV); the validated value is self.config's
            from mkdocs.utils.yaml import yaml_load

            with open(config.config_file_path, "rb") as file:
                plugins = yaml_load(file).get("plugins") or []
            entries = plugins.items() if isinstance(plugins, dict) else (
                next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None) for p in plugins)
            audience = next((options.get("audience") for name, options in entries
                             if name == "enablekit" and isinstance(options, dict)), None)
        except Exception:  # noqa: BLE001 - unreadable here means not set: public, the safe side
            audience = None
        if audience is None:
            self.config.audience = "public"
        elif self.config.audience == "internal":
            raise PluginError(
                "gh-deploy publishes to the public web; the enablekit plugin's audience is 'internal' in "
                f"{Path(config.config_file_path).name}. Set 'audience: public' (or 'partner') under the enablekit "
                "plugin, or remove the setting to deploy the public site; `enablekit build` makes internal sites.")

    @event_priority(100)  # before the search plugin reads the theme language for its defaults
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._deploy_audience(config)
        _quiet_jieba()
        self._config_file = config.config_file_path
        view = self.view if self.view is not None else self._load(config)
        self.view = view
        lang = self.language or view.default_language
        L = view.labels(lang)
        config.theme["language"] = lang
        config.site_name = f"{view.t(view.company.name, lang)} · {L['sales_enablement']}"
        config.theme["font"] = False  # web fonts would be fetched from Google: the site must work offline
        _list_installed_theme_once(config.theme, view.root / ".enablekit-cache" / "theme")
        pagefind = self.config.search == "pagefind"
        config.extra["enablekit_search"] = self.config.search
        config.extra["enablekit_made_with"] = L["made_with"]  # the footer credit, which Material writes in English
        _translate_palette_toggles(config, L)
        overrides = [str(BUILTIN / "site" / "pagefind")] * pagefind + [str(BUILTIN / "site" / "overrides")]
        for position, folder in enumerate(overrides, start=1 if config.theme.custom_dir else 0):
            if folder not in config.theme.dirs:
                config.theme.dirs.insert(position, folder)
        if len(view.languages) > 1:
            # truthy but not iterable: Material shows the switcher (our partial) without its
            # sitemap-based redirect, which needs a server and an absolute site_url
            config.extra["alternate"] = True
            config.extra["enablekit_languages"] = language_links(view, lang)
        if view.company.brand.logo:
            config.theme["logo"] = "assets/brand/" + Path(view.company.brand.logo).name
            config.theme["favicon"] = config.theme["logo"]
        for css in ("assets/enablekit.css", "assets/brand.css"):
            if css not in config.extra_css:
                config.extra_css.append(css)
        for script in ("assets/enablekit.js",) + ("assets/enablekit-search.js",) * pagefind:
            if not any(str(s) == script for s in config.extra_javascript):
                config.extra_javascript.append(c.ExtraScriptValue(script))
        for name, options in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs[name] = dict(options)
        if not any(isinstance(ext, ContentGuard) for ext in config.markdown_extensions):
            config.markdown_extensions.append(ContentGuard())
        config.mdx_configs.setdefault("tables", {})["use_align_attribute"] = True
        toc = config.mdx_configs.setdefault("toc", {})
        if "slugify" not in toc:
            from pymdownx.slugs import slugify

            toc["slugify"] = slugify(case="lower")
        # generated pages link relatively (pages.PageContext.md); hand-written docs/ pages may use /x.md
        config.validation.links.absolute_links = _AbsoluteLinksValidationValue.RELATIVE_TO_DOCS
        config.validation.nav.absolute_links = _AbsoluteLinksValidationValue.RELATIVE_TO_DOCS
        config.validation.nav.omitted_files = logging.DEBUG  # entity pages beyond the nav are reached by index pages
        configure_material_search(config, lang, material=not pagefind)
        generated = self.generated  # made before the build by enablekit build (to tell whether it is needed)
        self.generated = None
        if generated is None:
            generated = generate(view, lang, directory_urls=config.use_directory_urls, downloads=self.downloads,
                                 force=self.force)
        self.markdown_explain = generated.explain
        self.pages = generated.pages
        self.files = generated.files
        self._key = self._language_key(config, view, lang, generated) if self._serve_session() is not None else None
        config.extra["enablekit_tags"] = {tag: _url(uri, config.use_directory_urls) for tag, uri in generated.tags.items()}
        config.extra["enablekit_tags_label"] = L["tags"]
        config.extra["enablekit_tag_names"] = generated.tag_names
        # a copy: the sections are merged below, and the same pages may serve another build (serve, in place)
        config.nav = copy.deepcopy(generated.nav) + (config.nav or self._hand_written_nav(config, view, lang))
        more = L["more_pages"]  # one "More" section: the generated tag index and guide, then docs/ pages
        sections = [i for i, item in enumerate(config.nav) if isinstance(item, dict) and list(item) == [more]]
        for i in reversed(sections[1:]):
            config.nav[sections[0]][more] += config.nav.pop(i)[more]
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        view = self.view
        if view is not None:
            lang = self.language or view.default_language
            folder = view.root / ".enablekit-cache" / "pages" / self.config.audience / lang
            # enablekit build keeps the pages it writes (.enablekit-cache/site): a layout is kept as its digest,
            # and the page read from the site kept last time (``previous``; serve reads it there too: a page
            # whose file there is not the one of the digest is laid out)
            from .builder import kept_language_site

            pages = self.previous or str(kept_language_site(view.root, self.config.audience, lang, view.languages))
            self.page_cache = PageCache(folder, force=self.force, pages=pages, kept=self.index_later is not None)
            if self.index_later is not None and self.config.search == "pagefind":
                self.prepared = PreparedCopy(self._pagefind_cache(view, lang), lang, LIST_PAGES, force=self.force)
        session = self._serve_session()
        if session is not None and not self.in_place:  # any language's folder: what MkDocs would delete next,
            session.clear_later(config.site_dir)  # deleted meanwhile
        if self.config.search == "pagefind":  # Pagefind indexes the written pages: Material collects nothing
            search = config.plugins.get("material/search") or config.plugins.get("search")
            if search is not None and hasattr(search, "search_index"):
                search.search_index = NoIndex()

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201
        """A build of the pages in view (serve, before the reload) reads, of the other pages, only those of
        the navigation (their titles are in every page's menu and the links to the previous and next
        page): a generated page outside it, not in view, is neither read nor laid out now (unless it holds
        a listing of the tags plugin, which every page's tags link to)."""
        if self.partial is None:
            return nav
        in_nav = {page.file.src_uri for page in nav.pages}
        for file in files.documentation_pages():
            markdown = self.pages.get(file.src_uri)
            if (
                markdown is not None
                and file.src_uri not in in_nav
                and not self._in_view_url(file.url)
                and TAG_LISTING not in markdown
            ):
                file.is_modified = _unmodified  # type: ignore[method-assign]
        return nav

    @event_priority(110)  # before the tags plugin renders its listings with this environment
    def on_env(self, env, *, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201
        if self.partial is not None:  # the pages not in view were read (for the navigation), not laid out now
            for file in files.documentation_pages():
                if file.page is not None and not self._in_view(file.page):
                    file.is_modified = _unmodified  # type: ignore[method-assign]
        # Theme templates print titles, tags, nav entries and front-matter values: with autoescape
        # they are text wherever they appear; page bodies arrive as Markup from on_page_content.
        env.autoescape = True
        # each build makes a new environment (each language, each serve rebuild, each `enablekit build` process):
        # the theme is compiled once, and kept in the project's cache for the next process
        env.bytecode_cache = compiled_theme(self.view.root / ".enablekit-cache" / "theme" if self.view else None)
        if self.page_cache is not None:
            lay_out_with(env, self.page_cache)  # a page whose layout is kept is not laid out again
        return env

    @event_priority(100)  # first: a page's conversion is reused or made by MkDocs itself
    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201
        self._give_way()
        if not self._in_view(page):  # read (the navigation needs its title) but not converted now

            def not_now(config: MkDocsConfig, files: Files) -> None:
                page.content = ""

            page.render = not_now
            return page
        cache = self.page_cache
        if cache is not None:
            render = page.render
            page.render = lambda config, files: cache.convert(page, config, files, render)
        return page

    @event_priority(-100)
    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201
        _mark_toc(page.toc)
        return _label_checkboxes(html)

    @event_priority(-100)  # last before the page is written: what other plugins added is sanitised too
    def on_page_context(self, context, *, page, config: MkDocsConfig, nav):  # noqa: ANN001, ANN201
        if not self._in_view(page):
            page._enablekit_html = ""  # not laid out now (an empty page is not written)
            return context
        self._give_way()
        cache = self.page_cache
        key = cache.layout_key(context, page, config, nav) if cache is not None else None
        kept = cache.laid_out(key, page.file.dest_uri) if key is not None else None
        if kept is not None:  # the same page in the same site as last time: its finished HTML as it was
            page._enablekit_html = kept
            # read from the last site's file (which on_post_page links) when that is where it came from
            page._enablekit_read_back = kept if cache.read_back else None
            return context
        page.content = Markup(clean_html(page.content or ""))
        page._enablekit_layout = key
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:  # noqa: ANN001
        if self.index_later is not None:  # enablekit build: nothing reads a page's HTML once it is written
            page.content = None
            if self.prepared is not None and output.strip():  # Pagefind's copy, of the page as MkDocs writes it
                self.prepared.add(page.file.dest_uri, output.encode("utf-8", errors="xmlcharrefreplace").decode())
            read_back, page._enablekit_read_back = getattr(page, "_enablekit_read_back", None), None
            if self.previous is not None and output.strip() and _link_unchanged(self.previous, page.file, output,
                                                                                 read_back):
                return ""  # linked: MkDocs writes nothing
        if self.in_place and output.strip():  # the server may be reading the old file: replace it whole
            session = self._serve_session()
            if session is not None and session.problems:  # built after the reload of a save with errors: shown
                output = with_banner(output, session.problems)
            _replace_file(page.file.abs_dest_path, output.encode("utf-8", errors="xmlcharrefreplace"))
            return ""  # written: MkDocs writes nothing
        return output

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        view = self.view
        assert view is not None
        lang = self.language or view.default_language
        for uri, markdown in self.pages.items():
            existing = files.get_file_from_path(uri)
            if existing is not None:
                files.remove(existing)  # a generated page wins over a hand-written page of the same name
            files.append(File.generated(config, uri, content=markdown))
        for uri, text in self.files.items():
            files.append(File.generated(config, uri, content=text))
        self._hand_written(files, config, view, lang)
        for asset in ("enablekit.css", "enablekit.js", "enablekit-search.js"):
            files.append(
                File.generated(config, f"assets/{asset}", abs_src_path=str(BUILTIN / "site" / "assets" / asset))
            )
        content = (view.root / "content").resolve()
        for asset in sorted(view.assets):  # only images that content visible to this audience shows
            # pages sit where their source files sit relative to content/, so relative image links hold
            try:
                uri = asset.relative_to(content).as_posix()
            except ValueError:
                continue
            if is_asset_type(uri) and files.get_file_from_path(uri) is None and asset.is_file():
                files.append(File.generated(config, uri, content=_asset_bytes(asset)))
        brand = view.company.brand
        files.append(File.generated(config, "assets/brand.css", content=_brand_css(brand.primary, brand.accent, view.labels(lang))))
        if brand.logo:
            logo = (view.root / "content" / brand.logo).resolve()
            files.append(File.generated(config, "assets/brand/" + logo.name, content=_asset_bytes(logo)))
        for file in files:
            if file.src_uri.startswith(("objections/", "cases/", "tags/")) and file.generated_by:
                if file.inclusion is InclusionLevel.INCLUDED:
                    file.inclusion = InclusionLevel.NOT_IN_NAV
        self.page_files = {f.abs_dest_path for f in files.documentation_pages()}
        if self.in_place:
            _only_what_changed(files)
        return files

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        view = self.view
        if self.config.search == "pagefind" and view is not None:
            material_index = Path(config.site_dir) / "search" / "search_index.json"
            material_index.unlink(missing_ok=True)
            if material_index.parent.is_dir() and not any(material_index.parent.iterdir()):
                material_index.parent.rmdir()
            lang = self.language or view.default_language
            others = tuple(other for other in view.languages if other != lang) if lang == view.default_language else ()
            kept = self._pagefind_cache(view, lang)
            site_dir, reuse = config.site_dir, not self.force

            session = self._serve_session()

            def index(stop: Callable[[], bool] | None = None) -> None:
                index_site(site_dir, lang, skip=others, lists=LIST_PAGES, cache=kept, reuse=reuse, stop=stop)

            def index_after_reload() -> None:  # stopped by a newer save (IndexStopped), and made again after it
                index(session.superseded)

            index_after_reload.key = os.path.realpath(site_dir)  # type: ignore[attr-defined] - its language's folder
            if self.partial is not None:
                pass  # the pages in view only: the whole language follows, and its index
            elif self.index_later is not None:  # enablekit build indexes once this build's process has ended
                self.index_later.append({"site_dir": site_dir, "lang": lang, "skip": others, "lists": LIST_PAGES,
                                         "cache": kept, "reuse": reuse, "prepared": self.prepared})
                self.prepared = None
            elif session is None or not session.defer(index_after_reload):  # under serve: after the reload
                try:
                    index()
                except SearchError as exc:
                    raise PluginError(f"enablekit: {exc}") from None
        else:
            _clean_search_index(Path(config.site_dir) / "search" / "search_index.json")
        cache = self.page_cache
        if cache is not None:
            if self.partial is None:  # a partial build leaves out the layouts of the pages not in view
                cache.finish()
            else:
                cache.close()
            self.page_stats = {"reused": cache.reused, "laid_out": cache.layouts, "converted": cache.converted,
                               "pages": sorted(cache.made)}
            self.page_cache = None
        session = self._serve_session()
        if session is not None and view is not None and self.partial is None:
            lang = self.language or view.default_language
            if self.in_place:  # pages gone since the last whole build of the language: gone from the folder too
                for path in session.written.get(lang, set()) - self.page_files:
                    with contextlib.suppress(OSError):
                        os.unlink(path)
            session.written[lang] = set(self.page_files)
        if view is None or self.language not in (None, view.default_language) or self.in_place:
            return  # a nested build of another language, or one in place: the build that started it goes on
        session = self._serve_session()
        built: list[str] = []
        try:
            if session is not None:
                session.keys[view.default_language] = self._key
            if self.other_languages and self.language is None:
                # under serve, only the languages a browser shows; the others when they are opened
                built = view.languages[1:] if session is None else session.languages_to_build(view)
                self._build_languages(self._config_file, config.site_dir, config.docs_dir, view, built)
            if session is not None:
                session.site_built(self, view, config, built)
        finally:
            self._forget_loaded_view()

    def _pagefind_cache(self, view: Project, lang: str) -> Path:
        """Where the language's Pagefind index and its copy of the pages are kept (search.index_site)."""
        return view.root / ".enablekit-cache" / "pagefind" / self.config.audience / lang

    def on_build_error(self, *, error: Exception) -> None:
        self.prepared = None
        if self.page_cache is not None:
            self.page_cache.close()  # what it converted and laid out holds, whatever failed after
        self.page_cache = None
        if self.language is None:
            self._forget_loaded_view()

    def on_serve(self, server, *, config: MkDocsConfig, builder):  # noqa: ANN001
        session = self._serve_session() or start_session(config.config_file_path, self._root(config))
        session.attach(server, config, self)  # watches content/, playbooks/, deals/, templates/ too
        return server

    def on_shutdown(self) -> None:
        session = self._serve_session()
        if session is not None:
            end_session(session)

    def rebuild_changed(self, config: MkDocsConfig) -> bool:
        """Under serve, after a save (each language's pages come from the page store: only those whose
        inputs the save changed are rendered again). Before the reload, only what browser tabs show: of
        each language a tab shows, its pages are made and keyed, and when they changed (their key is not
        the one its pages in the site folder were made from) the pages in view are laid out, in place.
        After the reload (``Session.later``), the rest: every other language is keyed too, a language
        that changed is built in place (the default one, or one a browser shows; another is built when
        next opened) and one that did not is kept; meanwhile a request for a page not made yet waits for
        it. A language a browser shows that was never built is built whole before the reload. False
        (nothing built): the whole build is needed (after a failed build, or with problems shown)."""
        session = self._serve_session(config.config_file_path)
        if session is None or session.failed or session.problems or session.view is None or not session.keys:
            return False  # pages with a banner, or none that built: build them all again
        self._config_file = config.config_file_path
        view = self._load(config)  # content errors: printed, and the last content that loaded
        self.view, self.language = view, None
        default = view.default_language
        if session.keys.get(default) is None:
            return False
        try:
            wanted = session.languages_to_build(view)
            known = [default] + [lang for lang in view.languages[1:]
                                 if lang in session.built and session.keys.get(lang) is not None]
            whole = [lang for lang in view.languages[1:] if lang in wanted and lang not in known]
            shown = {lang: session.in_view(lang) for lang in known}
            made: dict[str, Any] = {}
            unsure: set[str] = set()  # languages keyed before the reload with pages given as kept, unchecked

            def give_way() -> None:  # after the reload: a newer save makes these pages again
                if session.superseded():
                    raise Superseded(SUPERSEDED)

            def changed(lang: str, viewed: set[str] | None = None) -> bool:
                """Whether ``lang``'s pages changed (its pages kept in ``made`` when they did). ``viewed``: the
                addresses in view (before the reload); the pages reading the whole project that are not in view
                are left for later. Without it (after the reload) a newer save stops it."""
                urls = config.use_directory_urls
                pages = generate(view, lang, directory_urls=urls, downloads=self.downloads,
                                 later=None if viewed is None else (lambda uri: page_address(_url(uri, urls)) not in viewed),
                                 give_way=give_way if viewed is None else None)
                if pages.deferred:
                    unsure.add(lang)
                else:
                    unsure.discard(lang)
                if self._language_key(config, view, lang, pages) == session.keys.get(lang):
                    return False
                made[lang] = pages
                return True

            first = {lang: shown[lang] for lang in known if shown[lang] and changed(lang, shown[lang])}
            later = [lang for lang in known if not shown[lang] or (lang not in first and lang in unsure)]
            place = (self._config_file, config.site_dir, config.docs_dir, view)
            self._build_languages(*place, list(first), made, partial=first, serve_url=config.site_url)
            for lang in first:  # its folder holds pages of two saves until the rest is built: no key of its own
                session.keys[lang] = "superseded"  # (a newer save before that, back to the old text, is a change)
            self._build_languages(*place, whole)
            session.site_built(self, view, config, [lang for lang in view.languages[1:] if lang in known or lang in whole])
            session.first = {lang: len(pages) for lang, pages in first.items()}
            session.kept = [lang for lang in known if shown[lang] and lang not in first and lang not in unsure]
            if first or later:
                session.following = True
                # a language left for later whose pages in view were found unchanged: those are up to date
                session.unsettled({**{lang: shown[lang] for lang in first}, **{lang: shown[lang] for lang in later}})

                def rest() -> None:
                    started, build, kept = time.monotonic(), list(first), list(session.kept)
                    try:
                        for lang in first:  # built again whole: with the pages left for later made too
                            if lang in unsure:
                                if session.superseded():
                                    raise Superseded(SUPERSEDED)
                                made[lang] = generate(view, lang, directory_urls=config.use_directory_urls,
                                                      downloads=self.downloads, give_way=give_way)
                        for lang in later:
                            if session.superseded():
                                raise Superseded(SUPERSEDED)
                            if not changed(lang):
                                kept.append(lang)
                            elif lang == default or lang in wanted or shown[lang]:
                                build.append(lang)
                            else:  # no tab shows it: built when it is next opened
                                session.built.discard(lang)
                                session.keys.pop(lang, None)
                        build.sort(key=view.languages.index)
                        kept.sort(key=view.languages.index)
                        self._build_languages(*place, build, made, partial={}, serve_url=config.site_url)
                    except Superseded:  # a newer save: its rebuild makes these languages again
                        for lang in build:
                            session.keys[lang] = "superseded"  # never a language's key: made again, in place
                        return
                    except BaseException as exc:
                        if isinstance(exc, Exception):
                            session.failed_later(exc)
                        session.settle()
                        raise
                    session.settle()  # the pages are there (their search index follows)
                    made_again = ", ".join(build) or "nothing else changed"
                    where = f" ({made_again}{'; ' * bool(kept)}{', '.join(kept)}{' kept' * bool(kept)})"
                    log.info(time.strftime("[%H:%M:%S] ") + f"the rest built in {time.monotonic() - started:.1f} s"
                             f"{where if len(view.languages) > 1 else ''}")

                session.later(rest, "site")
        finally:
            self._forget_loaded_view()
        return True

    # ------------------------------------------------------------------ helpers
    def _give_way(self) -> None:
        """In the build of a language's other pages after a reload: stop when a newer save waits (its
        rebuild makes them again)."""
        if self.in_place and self.partial is None:
            session = self._serve_session()
            if session is not None and session.superseded():
                raise Superseded(SUPERSEDED)

    def _in_view(self, page) -> bool:  # noqa: ANN001
        """Whether this build makes ``page``: every page, but in a build of the pages in view."""
        return self._in_view_url(page.url)

    def _in_view_url(self, url: str) -> bool:
        return self.partial is None or page_address(url) in self.partial

    def _language_key(self, config: MkDocsConfig, view: Project, lang: str, generated) -> str | None:  # noqa: ANN001
        """What ``lang``'s pages are made from: its generated pages and the project's other files
        (as enablekit build keys a kept language). The same pages of the same view keyed again (serve: keyed
        to tell whether they changed, then built) give the key they gave (digesting every page: 0.1 s at scale 4)."""
        from .builder import _docs_dir, _language_key, language_inputs

        config_file = Path(config.config_file_path)
        last = self._keyed
        if last is not None and last[0] is generated and last[1] is view and last[2:4] == (lang, str(config_file)):
            return last[4]
        key = _language_key(language_inputs(view.root, view, config_file, _docs_dir(config_file)), lang, generated)
        self._keyed = (generated, view, lang, str(config_file), key)
        return key

    def _hand_written_nav(self, config: MkDocsConfig, view: Project, lang: str) -> list:
        """The docs/ pages this audience may read, under one "More" section (when mkdocs.yml has no nav)."""
        pages = read_docs(Path(config.docs_dir), view.root)
        excluded = config.exclude_docs  # mkdocs.yml's exclude_docs: not pages of the site
        shown = []
        for rel, page in sorted(pages.items()):
            if excluded is not None and excluded.match_file(rel):
                continue
            stem = rel[:-3]
            if "." in stem and stem.rpartition(".")[2] in view.languages:
                continue  # a translation stands in for its page
            if view.audience.can_see(page.audience) and rel not in self.pages:
                shown.append(rel)
        return [{view.labels(lang)["more_pages"]: shown}] if shown else []

    def _hand_written(self, files: Files, config: MkDocsConfig, view: Project, lang: str) -> None:
        """Pages of docs/: drop those the audience may not see and every file that is neither a
        page nor an image a published page shows; <name>.<lang>.md is the translation of <name>.md."""
        audience = view.audience
        pages = read_docs(Path(config.docs_dir), view.root)
        keep_assets = published_assets(pages, audience)
        docs = os.path.abspath(config.docs_dir)
        readable = {str(p) for p in scan(Path(docs), view.root)[0]}
        for file in list(files):
            if file.generated_by or not file.abs_src_path or \
                    os.path.commonpath([docs, os.path.abspath(file.abs_src_path)]) != docs:
                continue  # the theme's own files
            if os.path.abspath(file.abs_src_path) not in readable:  # links out of the project, pipes…
                files.remove(file)
                continue
            if not file.src_uri.endswith(".md"):
                if file.src_uri not in keep_assets:
                    files.remove(file)
                elif file.src_uri.lower().endswith(".svg"):
                    files.remove(file)
                    files.append(File.generated(config, file.src_uri, content=_asset_bytes(Path(file.abs_src_path))))
                continue
            stem = file.src_uri[:-3]
            suffix = stem.rpartition(".")[2]
            is_translation = "." in stem and suffix in view.languages
            base_uri = stem.rpartition(".")[0] + ".md" if is_translation else file.src_uri
            visible = all(audience.can_see(pages[u].audience) for u in {file.src_uri, base_uri} if u in pages)
            if not visible:
                files.remove(file)
                continue
            if is_translation:
                files.remove(file)
                if suffix == lang:
                    base_file = files.get_file_from_path(base_uri)
                    if base_file is not None:
                        files.remove(base_file)
                    files.append(File.generated(config, base_uri, abs_src_path=file.abs_src_path))

    def _root(self, config: MkDocsConfig) -> Path:
        base_dir = Path(config.config_file_path or ".").parent
        return (base_dir / (self.config.project or ".")).resolve()

    def _load(self, config: MkDocsConfig) -> Project:
        """The project as this build's audience sees it, read from disk. Under serve, content with
        errors gives the last content that loaded (the errors are printed and shown on every page)."""
        session = self._serve_session(config.config_file_path)
        today = dt.date.fromisoformat(self.config.today) if self.config.today else None
        try:
            project, diags = load_or_fail(self._root(config), today=today)
        except EnablekitError as exc:
            if isinstance(exc, ContentError):
                problems = [str(d) for d in exc.diagnostics.errors] or [str(d) for d in exc.diagnostics]
                message = f"enablekit: {exc}\n" + "\n".join(str(d) for d in exc.diagnostics)
            else:
                problems, message = [str(exc)], f"enablekit: {exc}"
            last_good = session.fall_back(self.config.audience, problems) if session is not None else None
            if last_good is None:
                raise PluginError(message) from None
            self._loaded_view = last_good
            return last_good
        view = audiences.view(project, self.config.audience, memo=session.views if session is not None else None)
        warnings = diags.warnings if session is None else session.loaded(view, self.config.audience, diags.warnings)
        for warning in warnings:
            log.info(str(warning))
        self._loaded_view = view  # read for this build only: the next build reads the project again
        return view

    _loaded_view: Project | None = None  # the view _load read (not one set by enablekit build)

    def _forget_loaded_view(self) -> None:
        """MkDocs keeps this plugin instance for every build of the process (each rebuild of
        `mkdocs serve`): a view read from disk must not outlive its build, or later builds would
        show the content as it was then."""
        if self.view is not None and self.view is self._loaded_view:
            self.view = None

    def _serve_session(self, config_file: str | None = None):  # noqa: ANN202
        return session_for(config_file or self._config_file)

    def _build_languages(self, config_file: str | None, site_dir: str, docs_dir: str, view: Project,
                               languages: list[str], generated: dict | None = None, *,
                               partial: dict[str, set[str]] | None = None, serve_url: str | None = None) -> None:
        """Build each of ``languages`` into ``<site_dir>/<lang>/`` (the default language: ``site_dir``): one
        nested MkDocs build each, with this build's view, audience and downloads (and the language's pages
        in ``generated``, when they are made already). With ``partial`` (serve, after a save) each is built
        in place: into its folder as it is, each page file replaced whole, and only the pages at the
        addresses ``partial`` gives for it when it names the language (the whole language otherwise)."""
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config

        saved = self.view, self.language, self.pages, self.config.audience, self.config.search
        default = view.default_language
        try:
            for lang in languages:
                folder = site_dir if lang == default else os.path.join(site_dir, lang)
                other = load_config(config_file=config_file, site_dir=folder, docs_dir=docs_dir)
                if lang == default and serve_url:
                    other.site_url = serve_url  # as serve's own build of it
                # MkDocs caches plugin instances per process, so this may be this very object
                plugin = other.plugins["enablekit"]
                plugin.view, plugin.language, plugin.downloads = view, lang, self.downloads
                plugin.generated = (generated or {}).get(lang)
                plugin.config.audience, plugin.config.search = saved[3], saved[4]
                plugin.in_place, plugin.partial = partial is not None, (partial or {}).get(lang)
                try:
                    with _quiet_skipped_pages():
                        mkdocs_build(other, serve_url=serve_url if lang == default else None,
                                     dirty=partial is not None)
                finally:
                    plugin.in_place, plugin.partial = False, None
                session = self._serve_session(config_file)
                if session is not None and lang not in (partial or {}):
                    session.keys[lang] = plugin._key
        finally:
            self.view, self.language, self.pages = saved[:3]
            self.config.audience, self.config.search = saved[3], saved[4]


def _link_unchanged(previous: str, file: File, output: str, read_back: str | None = None) -> bool:
    """When the last build's site (``previous``) has this very page, byte for byte: a hard link to it in
    place of the page MkDocs would write. After an edit most pages are the ones of the last build; a link
    writes no data, and the output, which links the last site's files, then finds the same file there.
    ``read_back``: the text that file was read as, while this build ran (the page cache's layout), if any."""
    before = os.path.join(previous, file.dest_uri)
    try:
        if output != read_back:  # else it is the file's text: not read again
            data = output.encode("utf-8", errors="xmlcharrefreplace")
            if os.stat(before).st_size != len(data):
                return False
            with open(before, "rb") as kept:
                if kept.read() != data:
                    return False
        os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
        os.link(before, file.abs_dest_path)
    except OSError:  # not there, another file system, a link that cannot be made: MkDocs writes it
        return False
    return True


class _ThemeLoader(jinja2.FileSystemLoader):
    """The theme's loader, listing the files of the theme folders that come with installed packages
    once per process and without their hidden folders (Material's icons: :func:`_listed`); a project's own theme folder is listed anew
    each time (MkDocs lists them all on every build, to copy the theme's static files)."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            found.update(_listed(folder) if _installed(folder) else jinja2.FileSystemLoader(folder).list_templates())
        return sorted(found)


@functools.cache
def _listed(folder: str) -> tuple[str, ...]:
    """The files of an installed theme folder as Jinja names them, without hidden folders and files: MkDocs
    drops those from the theme's files anyway (its patterns ``.*`` and ``*/.*``), and Material's ``.icons``
    (some fourteen thousand of its files, which MkDocs would match against a dozen patterns each) is read by
    its icon extension, not through this list."""
    names: list[str] = []
    for folder_path, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        where = Path(folder_path).relative_to(folder).as_posix()
        names += [name if where == "." else f"{where}/{name}" for name in files if not name.startswith(".")]
    return tuple(sorted(names))


@functools.cache
def _installed(folder: str) -> bool:
    import sysconfig

    packages = {Path(sysconfig.get_paths()[name]).resolve() for name in ("purelib", "platlib")}
    where = Path(folder).resolve()
    return any(where.is_relative_to(p) for p in packages)


def _list_installed_theme_once(theme, compiled: Path | None = None) -> None:  # noqa: ANN001 - mkdocs.theme.Theme
    """Give the environments ``theme`` makes a :class:`_ThemeLoader` (same folders, same order) and the
    theme's compiled templates (:func:`compiled_theme`, kept in ``compiled``): the page's environment and
    the ones plugins make, such as Material's search, which compiles its language templates to read the
    theme's translations (a twentieth of a second in each language's process)."""
    plain = theme.get_env
    if getattr(plain, "_enablekit", False):
        return

    def get_env() -> jinja2.Environment:
        env = plain()
        if type(env.loader) is jinja2.FileSystemLoader:
            env.loader = _ThemeLoader(env.loader.searchpath, env.loader.encoding, env.loader.followlinks)
        env.bytecode_cache = compiled_theme(compiled)
        return env

    get_env._enablekit = True  # type: ignore[attr-defined]
    theme.get_env = get_env


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per process (MkDocs makes a new Jinja environment for
    every build: every rebuild of `mkdocs serve`, every language) and, with a ``folder``, kept there
    for the next process (each `enablekit build` is one: compiling Material's templates costs about
    0.2 s). A template is compiled again when its source changes (Jinja checks a hash of it, and its
    own format and Python's version); the environment's kind and the settings that change the
    compiled code are part of the key, with Jinja's version. A folder it cannot read or write only
    means compiling again."""

    def __init__(self, folder: Path | None = None) -> None:
        self._code: dict[str, bytes] = {}
        self.folder = folder

    def get_bucket(self, environment, name, filename, source):  # noqa: ANN001, ANN201
        settings = (type(environment).__qualname__, jinja2.__version__, environment.autoescape,
                    environment.trim_blocks, environment.lstrip_blocks, environment.keep_trailing_newline,
                    environment.block_start_string, environment.variable_start_string,
                    environment.comment_start_string, tuple(sorted(environment.extensions)))
        key = f"{self.get_cache_key(name, filename)}:{settings!r}"
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def _file(self, bucket: jinja2.bccache.Bucket) -> Path | None:
        import hashlib

        return self.folder / hashlib.sha256(bucket.key.encode("utf-8")).hexdigest()[:40] if self.folder else None

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None and (path := self._file(bucket)) is not None:
            try:
                code = path.read_bytes()
            except OSError:
                return
            bucket.bytecode_from_string(code)  # a stale or foreign one leaves the bucket empty: compiled again
            if bucket.code is not None:
                self._code[bucket.key] = code
        elif code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code[bucket.key] = bucket.bytecode_to_string()
        path = self._file(bucket)
        if path is None:
            return
        try:  # written whole, then renamed: the language built beside may read it meanwhile
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(code)
            os.replace(tmp, path)
        except OSError:
            pass


_COMPILED: dict[Path | None, _CompiledTemplates] = {}


def compiled_theme(folder: Path | None) -> _CompiledTemplates:
    """The theme's compiled templates kept in ``folder`` (and in this process's memory; None: memory only)."""
    if folder not in _COMPILED:
        _COMPILED[folder] = _CompiledTemplates(folder)
    return _COMPILED[folder]


def _mark_toc(items) -> None:  # noqa: ANN001
    """Table-of-contents titles are already HTML text (entities escaped by Markdown): sanitise them
    once and mark them, so the autoescaping theme neither escapes them twice nor runs them."""
    for item in items or ():
        item.title = Markup(_clean_title(str(item.title)))
        _mark_toc(item.children)


@functools.lru_cache(maxsize=4096)
def _clean_title(title: str) -> str:
    """clean_html of a heading's text: the same section titles recur on thousands of pages."""
    return clean_html(title)


_TASK = re.compile(r'(<label class="task-list-control"><input )([^>]*>)(<span class="task-list-indicator"></span></label>)(.*?)</li>',
                   re.S)


def _label_checkboxes(html: str) -> str:
    """A checklist item's checkbox is named by the item's text (screen readers, axe's 'label' rule)."""
    def named(m: re.Match) -> str:
        text = " ".join(re.sub(r"<[^>]+>", " ", m.group(4)).split())
        return f'{m.group(1)}aria-label="{text}" {m.group(2)}{m.group(3)}{m.group(4)}</li>'
    return _TASK.sub(named, html) if "task-list-control" in html else html


def _replace_file(path: str, data: bytes) -> None:
    """Write ``path`` whole at once: a reader sees the old file or the new one, never a part."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


TAG_LISTING = "<!-- material/tags"  # where the tags plugin lists the pages of a tag


def _unmodified() -> bool:
    return False


def _only_what_changed(files: Files) -> None:
    """For a build in place (MkDocs' dirty build): every page is read and converted (the navigation
    needs every title), and a file the build makes that is already there with the same bytes is not
    written again (the theme's own files MkDocs already skips when they are older than the copy)."""
    for file in files:
        if file.is_documentation_page():
            file.is_modified = lambda: True  # type: ignore[method-assign]
            continue
        content = getattr(file, "_content", None)
        if content is None:
            continue
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            with open(file.abs_dest_path, "rb") as handle:
                same = handle.read() == data
        except OSError:
            same = False
        if same:
            file.is_modified = lambda: False  # type: ignore[method-assign]


SUPERSEDED = "made moot by a newer save"


class Superseded(Exception):  # noqa: N818 - what happened, not an error
    """The rest of a language's pages was being built after a reload when a newer save came."""


def _not_news(record: logging.LogRecord) -> bool:
    """False for what MkDocs logs of a build in place that is no news under serve: each page it did not
    write (not in view, or written whole already), that the build is a dirty one, and a build stopped for
    a newer save."""
    message = record.getMessage()
    return not (message.startswith(("Page skipped:", "A 'dirty' build is being performed")) or SUPERSEDED in message)


@contextlib.contextmanager
def _quiet_skipped_pages() -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in ("mkdocs.commands.build", "mkdocs")]
    for logger in loggers:
        logger.addFilter(_not_news)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(_not_news)


def _clean_search_index(path: Path) -> None:
    """The search index holds HTML fragments that the browser shows as HTML: sanitise them too."""
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    for doc in data.get("docs", []):
        for key in ("title", "text"):
            if isinstance(doc.get(key), str):
                doc[key] = clean_html(doc[key])
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _url(uri: str, directory_urls: bool) -> str:
    """The URL (from the site root) of the page made from the source file ``uri``."""
    stem = uri[:-3]
    if not directory_urls:
        return stem + ".html"
    return "" if stem == "index" else stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def _asset_bytes(path: Path) -> bytes:
    """An image file as it may be published: SVGs without scripts, handlers or external references."""
    data = path.read_bytes()
    return clean_svg(data) if path.suffix.lower() == ".svg" else data


# the names of Material's light/dark toggle as `enablekit new` and Material's documentation write them in
# mkdocs.yml: one English name for every language, which each language's build says in its own words
_PALETTE_NAMES = {"dark mode": "palette_dark", "switch to dark mode": "palette_dark",
                  "light mode": "palette_light", "switch to light mode": "palette_light"}


def _translate_palette_toggles(config: MkDocsConfig, L) -> None:  # noqa: ANN001, N803 - the language's labels
    """Material shows a palette toggle's ``name`` as its tooltip and accessible name; a name the project
    wrote itself (anything but the English defaults) is kept as written."""
    palettes = config.theme.get("palette")
    for palette in palettes if isinstance(palettes, list) else [palettes] if isinstance(palettes, dict) else []:
        toggle = palette.get("toggle") if isinstance(palette, dict) else None
        if not isinstance(toggle, dict) or not isinstance(toggle.get("name"), str):
            continue
        key = _PALETTE_NAMES.get(toggle["name"].strip().lower())
        if key is None and toggle["name"] in _translated_names():
            key = _translated_names()[toggle["name"]]  # a name set by the previous language's build
        if key is not None:
            toggle["name"] = L[key]


@functools.cache
def _translated_names() -> dict[str, str]:
    from ...language.i18n import CATALOGS, labels

    return {labels(f.stem)[key]: key for f in CATALOGS.glob("*.yaml") for key in set(_PALETTE_NAMES.values())}


def _brand_css(primary: str, accent: str, L) -> str:  # noqa: ANN001, N803 - the language's labels
    return (
        ":root, [data-md-color-scheme] {\n"
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-primary-fg-color--light: {primary}cc;\n"
        f"  --md-primary-fg-color--dark: {primary};\n"
        f"  --md-accent-fg-color: {accent};\n"
        f"  --ek-accent: {accent};\n"
        f"  --ek-label-us: {json.dumps(L['us'] + ': ', ensure_ascii=False)};\n"
        f"  --ek-label-them: {json.dumps(L['them'] + ': ', ensure_ascii=False)};\n"
        "}\n"
    )


def _quiet_jieba() -> None:
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except ImportError:  # pragma: no cover - search then has no Chinese segmentation
        pass


