"""The site builder: runs MkDocs (with the enablekit plugin) on an already filtered view."""

from __future__ import annotations

import calendar
import contextlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml

from ...content.diagnostics import EnablekitError
from ...content.schema import Audience
from ...content.yamlsafe import YamlError, check_text, load_yaml
from ...views.documents import read_manifest
from ..cache import FolderCache, code_fingerprint, digest, files_digest, git_head, sync_tree
from ..registry import BuildContext, Builder, Views, register
from .search import BUNDLE, being_made

DEFAULT_MKDOCS = {
    "theme": {
        "name": "material",
        "features": [
            "navigation.instant",
            "navigation.tabs",
            "navigation.sections",
            "navigation.indexes",
            "navigation.top",
            "search.suggest",
            "search.highlight",
            "content.code.copy",
        ],
    },
    "plugins": ["search", "tags", "enablekit"],
}


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())


@register
class SiteBuilder(Builder):
    name = "site"
    description = "searchable website (MkDocs + Material), every project language"
    order = 100
    beside_downloads = True  # the pages show the downloads' titles and page counts, known before most are made

    def build(self, views: Views, out: Path) -> None:
        project = views.get(self.context.audience)
        assert project is not None
        root = self.context.root
        cache = FolderCache(self.context.root, _site_cache(self.context.audience.value),
                            "site (every page and the search index)", self.context)
        with _scratch(self.context) as scratch_path, _scratch(self.context, in_cache=True) as made, \
                contextlib.closing(cache):  # the last site's removal, if started, has ended
            stage = made / "site"
            config_file = root / "mkdocs.yml"
            overrides: dict = {"site_dir": str(stage)}
            if not config_file.is_file():
                config_file = scratch_path / "mkdocs.yml"
                config = dict(DEFAULT_MKDOCS, site_name=project.t(project.company.name, project.default_language))
                config["plugins"] = ["search", "tags", {"enablekit": {"project": str(root)}}]
                config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
            docs = _docs_dir(config_file)
            if docs is None or not docs.is_dir():
                empty = scratch_path / "docs"
                empty.mkdir()
                overrides["docs_dir"] = str(empty)
            languages = project.languages
            audience = self.context.audience
            downloads = linked_downloads(out, audience) if self.context.downloads is None else \
                [d for d in self.context.downloads if audience.can_see(Audience(d.audience))]
            inputs = site_inputs(root, project, config_file, docs, downloads)
            hit = cache.lookup(inputs)
            if hit is not None:  # nothing the site is made from changed (mkdocs.yml neither): the pages built last time
                tree, meta = hit
                sync_tree(tree, out, skip={"downloads"})
                self.context.warnings.extend(f"site: {m}" for m in meta.get("warnings", []))
                return
            before = None if self.context.force else cache.previous()
            # a broken mkdocs.yml fails here, in one line (MkDocs' own check skipped when the last site passed it)
            checked = _check_config(config_file, overrides, root, before[1].get("config") if before else None)
            jobs = [(lang, made / f"lang-{lang}") for lang in languages]
            self.context.report(f"site: {', '.join(languages)}")
            if before is None:  # nothing of the last site is reused: it is removed while this one is made
                cache.set_aside()
            kept = _kept_languages(before, languages, language_inputs(root, project, config_file, docs))
            results = _run_parallel(
                [(str(config_file), overrides, lang, str(site_dir), project, audience.value, downloads,
                  self.context.force, kept.get(lang)) for lang, site_dir in jobs]
            )
            for lang, (error, _warnings, _stats, _key) in zip(languages, results, strict=True):
                if error:
                    raise EnablekitError(f"site ({lang}): {_one_line(error)}")
            indexes = {lang: stats.pop("index", []) for lang, (_e, _w, stats, _k) in zip(languages, results, strict=True)}
            messages: list[str] = []
            keys: dict[str, dict] = {}  # per language: what it was made from, what it warned
            for lang, (_error, warnings, stats, key) in zip(languages, results, strict=True):
                messages.extend(warnings)
                keys[lang] = {"key": key, "warnings": warnings}
                if stats and "markdown" in stats:  # which generated pages' Markdown was made again, and why
                    self.context.explained(f"site Markdown ({lang})", stats["markdown"]["explain"])
                if stats and stats.get("whole"):  # nothing it is made from changed: the last one, kept whole
                    self.context.explained(f"site ({lang})", None)
                    self.context.explained(f"site pages ({lang})", None)
                    continue
                if stats:
                    self.context.explained(f"site ({lang})", "its pages or what they are made from changed")
                    made = stats["pages"]
                    named = f": {', '.join(made[:8])}{', …' if len(made) > 8 else ''}" if made else ""
                    self.context.explained(  # every page reused: the language is reused (its index too)
                        f"site pages ({lang})",
                        f"{stats['laid_out']} laid out again ({stats['converted']} of them converted from Markdown"
                        f" again), {stats['reused']} reused{named}" if made else None)
            # a language kept whole is not copied through the stage: its files are moved from the site kept
            # before into the one kept now
            whole = [lang for lang, (_e, _w, stats, _k) in zip(languages, results, strict=True) if stats.get("whole")]
            taken = _kept_entries(before[0], languages, whole) if before is not None and whole else set()
            stage.mkdir()
            bundles: set[str] = set()  # the search indexes still to make, relative to the site
            making: set[str] = set()  # and the folders Pagefind's runs write meanwhile
            for lang, site_dir in jobs:
                if lang in whole:
                    continue
                target = _in_site(stage, lang, languages)
                if target != stage:
                    target.mkdir()
                for child in site_dir.iterdir():
                    shutil.move(str(child), target / child.name)
                for job in indexes[lang]:  # indexed where its pages are now
                    job["site_dir"] = str(target)
                    bundles.add(Path(target, BUNDLE).relative_to(stage).as_posix())
                    making |= {Path(target, name).relative_to(stage).as_posix() for name in being_made()}
            self.context.warnings.extend(f"site: {m}" for m in messages)
            for name in sorted(taken):  # into the site kept now, from the one kept before
                _move_or_link(before[0] / name, stage / name)
            # Pagefind runs outside the interpreter: meanwhile the pages are linked into the output, and its
            # indexes once they are made (the tree moves into the cache by a rename: the links stay its files)
            with _indexing(indexes):
                sync_tree(stage, out, skip={"downloads", *bundles, *making})
            tree = cache.adopt(inputs, stage, {"downloads"}, {"warnings": messages, "languages": keys,
                                                               "config": checked})
            for bundle in sorted(bundles):
                sync_tree(tree / bundle, out / bundle)


def _kept_entries(tree: Path, languages: list[str], whole: list[str]) -> set[str]:
    """The top-level entries of the kept site ``tree`` that the languages ``whole`` (kept whole) are made of:
    the first language's are every entry but the other languages' folders and the downloads."""
    names = set()
    for lang in whole:
        if lang == languages[0]:
            names |= {e.name for e in os.scandir(tree) if e.name not in {"downloads", *languages[1:]}}
        else:
            names.add(lang)
    return names


def _move_or_link(source: Path, target: Path) -> None:
    """``source`` at ``target``: moved (one rename), else hard-linked."""
    from ..cache import link_tree

    try:
        os.rename(source, target)
    except OSError:
        link_tree(source, target)


@contextlib.contextmanager
def _scratch(context: BuildContext, in_cache: bool = False) -> Iterator[Path]:
    """A scratch folder for the site, removed after it (or after the site is handed back: ``context.leftovers``);
    with ``in_cache``, in the project's cache, where the site made in it is kept by a rename
    (FolderCache.adopt), when the cache may be written."""
    folder = None
    if in_cache:
        place = context.root / ".enablekit-cache" / "scratch"
        with contextlib.suppress(OSError):
            place.mkdir(parents=True, exist_ok=True)
            _remove_abandoned(place)
            folder = Path(tempfile.mkdtemp(prefix=f"enablekit-site-{os.getpid()}-", dir=place))
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="enablekit-site-"))
    try:
        yield folder
    finally:
        context.remove_later(folder)


def _remove_abandoned(place: Path) -> None:
    """Remove the scratch folders in ``place`` of builds whose process has ended (stopped before they
    removed theirs); a folder of a build still running (another command on the same project) stays."""
    for entry in os.scandir(place):
        parts = entry.name.split("-")
        if len(parts) < 4 or not parts[2].isdigit() or int(parts[2]) == os.getpid():
            continue
        try:
            os.kill(int(parts[2]), 0)
        except ProcessLookupError:
            shutil.rmtree(entry.path, ignore_errors=True)
        except (PermissionError, OverflowError):
            continue


def linked_downloads(out: Path, audience: Audience) -> list:
    """The downloads in ``out`` the site links: those of its manifest there for its readers (``views.documents.Download``)."""
    return [d for d in read_manifest(out) if audience.can_see(Audience(d.audience)) and (out / "downloads" / d.file).is_file()]


@contextlib.contextmanager
def _indexing(jobs: dict[str, list[dict]]) -> Iterator[None]:
    """Pagefind's index of each language's pages (search.index_site), made once the languages' builds
    have ended and their processes have given back what MkDocs held of every page; the languages at the
    same time (each Pagefind process holds its language's index: about 130 MB for 2,700 pages), in threads
    that mostly wait for it, while the body runs. A language's failure is raised after the body."""
    from concurrent.futures import ThreadPoolExecutor

    from .search import SearchError, index_site

    def index(lang: str) -> str | None:
        for job in jobs[lang]:
            try:
                index_site(**job)
            except SearchError as exc:
                return f"site ({lang}): enablekit: {_one_line(str(exc))}"
        return None

    with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:  # Pagefind runs outside the interpreter
        made = [pool.submit(index, lang) for lang in jobs]
        yield
        errors = [job.result() for job in made]
    for error in errors:
        if error is not None:
            raise EnablekitError(error)


def site_inputs(root: Path, project, config_file: Path, docs: Path | None, downloads: list) -> dict[str, str]:  # noqa: ANN001
    """Everything the site is made from, as digests: enablekit's code and the libraries (MkDocs, the
    theme, Pagefind), the project's files the pages come from (content, playbooks, deals, templates,
    docs, mkdocs.yml and the theme folder and hooks it names, the pictures the content embeds), the
    git commit the pages on recent changes start from, the date, the audience and what the pages show of the
    downloads they link (not their size in bytes: the site can then be made before the files are)."""
    from .pagestore import downloads_shown

    paths = [root / "content", root / "playbooks", root / "deals", root / "templates", config_file,
             *(sorted(project.assets))]
    if docs is not None:
        paths.append(docs)
    paths += _named_paths(config_file)
    return {**_made_with(root, project, paths), "downloads": digest(downloads_shown([downloads]))}


def _made_with(root: Path, project, paths: list[Path]) -> dict[str, str]:  # noqa: ANN001
    """What every site key holds: enablekit's code, the files ``paths`` name, the git commit the recent
    changes start from (internal sites only), the date and the audience."""
    return {
        "code": code_fingerprint(),
        "files": files_digest(root, paths),
        "git": git_head(root) if project.audience is Audience.internal else "-",
        "today": project.today.isoformat(),
        "audience": project.audience.value,
    }


def language_inputs(root: Path, project, config_file: Path, docs: Path | None) -> dict[str, str]:  # noqa: ANN001
    """What one language's site is made from besides its generated pages (which the worker makes and adds):
    the project's files but the YAML the content is read from (templates, docs, mkdocs.yml and what it
    names, the pictures, the Markdown of content/, playbooks/ and deals/: a page could include any of
    them), enablekit's code, the company (name, brand, languages), the git commit, the date and the
    audience. What the YAML says reaches the pages only through the view, and the downloads they
    link only through the pages: the generated pages and the company say it."""
    paths = [root / "templates", config_file, *(sorted(project.assets)), *_named_paths(config_file)]
    if docs is not None:
        paths.append(docs)
    for folder in (root / "content", root / "playbooks", root / "deals"):
        if folder.is_dir():
            paths += sorted(f for f in folder.rglob("*") if f.is_file() and f.suffix not in (".yaml", ".yml"))
    return {**_made_with(root, project, paths), "company": digest(project.company),
            "languages": digest(project.languages)}


def _site_cache(audience: str) -> str:
    """The cached folder (FolderCache) of the site built for ``audience``."""
    return f"site/{audience}"


def _in_site(tree: Path, lang: str, languages: list[str]) -> Path:
    """Where a language's pages are in a whole site: the first language's at its top, each other's in its folder."""
    return tree if lang == languages[0] else tree / lang


def kept_language_site(root: Path, audience: str, lang: str, languages: list[str]) -> Path:
    """Where the pages in ``lang`` of the last site built for ``audience`` are kept (whether or not that site
    is still valid: a reader checks each page it takes)."""
    return _in_site(FolderCache.kept(root, _site_cache(audience)), lang, languages)


def _kept_languages(before: tuple[Path, dict] | None, languages: list[str], inputs: dict[str, str]) -> dict:
    """Per language, where its site of the last build is kept and what it was made from (its key
    needs this build's generated pages: the worker finishes it), for the languages it had."""
    if before is None:  # nothing to keep; each language's key is still worked out, for the next build
        return {lang: (None, None, [], inputs) for lang in languages}
    tree, meta = before
    found = {}
    for lang, made in (meta.get("languages") or {}).items():
        if lang in languages and isinstance(made, dict) and made.get("key"):
            found[lang] = (str(_in_site(tree, lang, languages)), made["key"], made.get("warnings", []), inputs)
    return found | {lang: (None, None, [], inputs) for lang in languages if lang not in found}


def _language_key(inputs: dict[str, str], lang: str, generated) -> str | None:  # noqa: ANN001 - pages.SitePages
    from ..cache import Uncacheable

    try:
        return digest([inputs, lang, generated.pages, generated.files, generated.tags, generated.tag_names,
                       generated.nav])
    except Uncacheable:
        return None


def _named_paths(config_file: Path) -> list[Path]:
    """The theme's ``custom_dir`` and the ``hooks`` mkdocs.yml names (files the site is made from too)."""
    try:
        data = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, OSError, ValueError):
        return []
    if not isinstance(data, dict):
        return []
    out = []
    theme = data.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        out.append(config_file.parent / theme["custom_dir"])
    hooks = data.get("hooks")
    out += [config_file.parent / h for h in hooks if isinstance(h, str)] if isinstance(hooks, list) else []
    return out


def _check_config(config_file: Path, overrides: dict, root: Path, passed: str | None = None) -> str:
    """Load mkdocs.yml once in this process, so that a broken one is reported in one line that names
    it (with the line of the setting at fault), never as a traceback or MkDocs' log lines. Returns the
    digest of what was checked (the file, the files it names, the settings enablekit adds and enablekit's
    code with the libraries' versions); when it is ``passed``, the digest of settings the last site was
    built with, MkDocs' load is left to the languages' builds (it costs a fifth of a second while the
    downloads are made; a plugin uninstalled since still fails there, in one line)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        name = config_file.relative_to(root).as_posix()
    except ValueError:
        name = config_file.name
    try:
        doc = load_yaml(check_text(config_file.read_bytes()))  # syntax errors, with their position
    except YamlError as exc:
        raise EnablekitError(f"site: {name}:{exc.line}:{exc.col}: {exc.message}") from None
    except OSError as exc:
        raise EnablekitError(f"site: {name}: cannot read file: {exc.strerror or exc}") from None
    if not isinstance(doc.data, dict):
        kind = "an empty file" if doc.data is None else f"'{_one_line(str(doc.data))}'"
        raise EnablekitError(f"site: {name}:1:1: expected settings (a mapping such as 'site_name: ...'), got {kind}")

    _supply_defaults(doc.data, overrides)
    checked = digest([code_fingerprint(), files_digest(root, [config_file, *_named_paths(config_file)]),
                      {k: v for k, v in overrides.items() if k not in ("site_dir", "docs_dir")}, "docs_dir" in overrides])
    if checked == passed:
        return checked

    def where(setting: str) -> str:
        line, col = doc.key_marks.get((setting,), (0, 0))
        return f"{name}:{line}:{col}" if line else name

    collect = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collect)  # MkDocs logs each problem; shown below as one line instead
    try:
        load_config(config_file=str(config_file), **overrides)
    except (MkDocsException, yaml.YAMLError, ImportError, ValueError, TypeError) as exc:
        if not isinstance(exc, (MkDocsException, yaml.YAMLError)) and _raised_by_enablekit(exc):
            raise  # a bug in enablekit's plugin: keep its traceback
        found = [_CONFIG_VALUE.match(m) for m in collect.errors or collect.messages]
        problems = [f"{where(m.group(1))}: {m.group(1)}: {_plain_types(m.group(2))}" for m in found if m]
        if not problems:
            problems = [f"{name}: {_one_line(str(exc)) or type(exc).__name__}"]
        raise EnablekitError("site: " + "; ".join(problems)) from None
    finally:
        mkdocs_log.removeHandler(collect)
    return checked


def _supply_defaults(settings: dict, overrides: dict) -> None:
    """A minimal mkdocs.yml (just ``site_name``) builds: enablekit adds the Material theme and the
    search, tags and enablekit plugins the user's settings leave out, keeping everything they say."""
    if "theme" not in settings:
        overrides["theme"] = DEFAULT_MKDOCS["theme"]
    plugins = settings.get("plugins")
    listed = list(plugins) if isinstance(plugins, list) else list(plugins or {}) if isinstance(plugins, dict) else []
    names = {next(iter(p)) if isinstance(p, dict) else str(p) for p in listed}
    missing = [p for p in ("search", "tags", "enablekit") if p not in names and f"material/{p}" not in names]
    if missing and isinstance(plugins, (list, type(None))):
        overrides["plugins"] = listed + missing
    elif missing and isinstance(plugins, dict):
        overrides["plugins"] = {**plugins, **{p: {} for p in missing}}


_CONFIG_VALUE = re.compile(r"Config value '([^']*)': (.*)", re.S)
_TYPE_NAMES = {"int": "a number", "float": "a number", "str": "text", "bool": "true or false", "list": "a list",
               "dict": "a mapping", "NoneType": "nothing", "datetime.date": "a date"}


def _plain_types(message: str) -> str:
    """``Invalid type <class 'int'>`` → ``Invalid type a number``; one line."""
    message = re.sub(r"(?:\ban? )?<class '([\w.]+)'>", lambda m: _TYPE_NAMES.get(m.group(1), m.group(1)), message)
    return _one_line(message)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _build_language(config_file: str, overrides: dict, lang: str, site_dir: str, project, audience: str,  # noqa: ANN001
                    downloads: list, force: bool = False, kept: tuple | None = None):
    """One language's MkDocs build; runs in a worker process. Returns (error, warnings, page counts:
    pages reused whole, laid out again, converted from Markdown again; the language's key).

    ``kept``: where this language's site of the last build is kept, the key it was made from, its
    warnings, and this build's inputs of every language. The language's pages are generated first;
    when they and those inputs give the same key, the kept site is used in place of a build (``whole`` in the counts: the builder takes its files from there)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collect)
    # the sitemap's dates are the build's date (--today), never the clock's: the same input, the same bytes
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(project.today.timetuple()))
    plugin = None
    try:
        config = load_config(config_file=config_file, **dict(overrides, site_dir=site_dir))
        plugin = config.plugins.get("enablekit")
        if plugin is None:
            return f"{Path(config_file).name}: the 'enablekit' plugin is not listed under 'plugins:'", [], {}, None
        plugin.view, plugin.language, plugin.other_languages = project, lang, False
        plugin.downloads, plugin.force = downloads, force
        plugin.config.audience = audience
        if kept is not None and kept[0] is not None and not force:
            plugin.previous = kept[0]  # its pages that did not change are linked from there
        key = None
        if kept is not None:
            from .pages import generate

            tree, before, warnings, inputs = kept
            plugin.generated = generated = generate(project, lang, directory_urls=config.use_directory_urls,
                                                    downloads=downloads, force=force)
            markdown = {"explain": generated.explain}
            key = _language_key(inputs, lang, generated)
            if tree is not None and key is not None and key == before and not force:  # SiteBuilder takes it from there
                return None, list(warnings), {"whole": True, "pages": [], "markdown": markdown}, key
        plugin.index_later = []
        mkdocs_build(config)
        stats = dict(plugin.page_stats, index=plugin.index_later)
        stats["markdown"] = markdown if kept is not None else {"explain": plugin.markdown_explain}
    except (MkDocsException, EnablekitError, OSError) as exc:
        return _one_line(str(exc)) or type(exc).__name__, collect.messages, {}, None
    except Exception as exc:
        if _raised_by_enablekit(exc):
            raise  # a bug in enablekit: keep its traceback
        # MkDocs, the theme or a Markdown extension choked on a value it accepted in mkdocs.yml
        return (f"{Path(config_file).name}: MkDocs could not use a setting ({type(exc).__name__}: "
                f"{_one_line(str(exc))}); check the values under 'theme', 'plugins' and 'markdown_extensions'",
                collect.messages, {}, None)
    finally:
        mkdocs_log.removeHandler(collect)
        if plugin is not None:  # MkDocs hands this instance to a later build in this process (serve, a plain
            # `mkdocs build`): what this build set must not be taken for that build's project or pages
            plugin.view, plugin.language, plugin.other_languages, plugin.downloads = None, None, True, []
            plugin.generated, plugin.force, plugin.index_later, plugin.prepared = None, False, None, None
            plugin.previous = None
        if epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    return None, collect.messages, stats, key


def _raised_by_enablekit(exc: BaseException) -> bool:
    """Whether the innermost frame of the exception's traceback is enablekit's own code."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return True
    package = Path(__file__).resolve().parent.parent
    return Path(tb.tb_frame.f_code.co_filename).resolve().is_relative_to(package)


_JOBS: list[tuple] = []  # the jobs of _run_parallel, which its forked workers inherit


def _run_job(index: int) -> tuple:
    return _build_language(*_JOBS[index])


def _run_parallel(jobs: list[tuple]) -> list[tuple]:
    """Build the languages side by side, one process each, forked, so the loaded project is shared: a
    worker is sent only the number of its job (sent whole, the project would be pickled and a copy
    of it unpickled in every worker), and the objects made before the fork are frozen, so that the
    workers' garbage collections do not write to, and so copy, the memory they share (left frozen when
    the build froze the loaded project already: the build gives them back to the collector)."""
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if len(jobs) == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [_build_language(*job) for job in jobs]
    # no jieba dictionary loaded here for the workers to share: Pagefind segments Chinese itself, and
    # only Material's search of a Chinese site (search: material) needs it, in that language's worker
    workers = min(len(jobs), os.cpu_count() or 1)
    _JOBS[:] = jobs
    frozen = gc.get_freeze_count() > 0  # by pipeline._build, for the whole build
    gc.freeze()  # not collected first (a tenth of a second on the critical path): its garbage is, once unfrozen
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run_job, range(len(jobs))))
    finally:
        if not frozen:
            gc.unfreeze()
        _JOBS.clear()


def _docs_dir(config_file: Path) -> Path | None:
    try:
        data = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, OSError, ValueError):  # e.g. !!python/name tags; MkDocs itself reads the file properly
        return config_file.parent / "docs"
    if not isinstance(data, dict):
        return None
    return config_file.parent / str(data.get("docs_dir", "docs"))
