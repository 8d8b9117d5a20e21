"""The site builder: runs MkDocs (with the enablekit plugin) on an already filtered view."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

import yaml

from ..diagnostics import EnablekitError
from ..documents import read_manifest
from ..schema import Audience
from . import Builder, Views, register

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

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@register
class SiteBuilder(Builder):
    name = "site"
    description = "searchable website (MkDocs + Material), every project language"
    order = 100

    def build(self, views: Views, out: Path) -> None:
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        project = views.get(self.context.audience)
        assert project is not None
        root = self.context.root
        with tempfile.TemporaryDirectory(prefix="enablekit-site-") as scratch:
            scratch_path = Path(scratch)
            stage = scratch_path / "site"
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
            try:  # a broken mkdocs.yml fails here, in this process, with MkDocs' own message
                if load_config(config_file=str(config_file), **overrides).plugins.get("enablekit") is None:
                    raise EnablekitError(f"{config_file.name}: the 'enablekit' plugin is not listed under 'plugins:'")
            except MkDocsException as exc:
                raise EnablekitError(f"site: {exc}") from None
            languages = project.languages
            audience = self.context.audience
            downloads = [d for d in read_manifest(out) if audience.can_see(Audience(d.audience))
                         and (out / "downloads" / d.file).is_file()]
            jobs = [(lang, scratch_path / f"lang-{lang}") for lang in languages]
            self.context.report(f"site: {', '.join(languages)}")
            results = _run_parallel(
                [(str(config_file), overrides, lang, str(site_dir), project, audience.value, downloads)
                 for lang, site_dir in jobs]
            )
            messages: list[str] = []
            for lang, (error, warnings) in zip(languages, results, strict=True):
                if error:
                    raise EnablekitError(f"site ({lang}): {error}")
                messages.extend(warnings)
            stage.mkdir()
            for lang, site_dir in jobs:
                target = stage if lang == languages[0] else stage / lang
                if target != stage:
                    target.mkdir()
                for child in site_dir.iterdir():
                    shutil.move(str(child), target / child.name)
            self.context.warnings.extend(f"site: {m}" for m in messages)
            for child in list(out.iterdir()):
                if child.name == "downloads":
                    continue
                shutil.rmtree(child) if child.is_dir() else child.unlink()
            for child in stage.iterdir():
                if child.name != "downloads":
                    shutil.move(str(child), out / child.name)


def _build_language(config_file: str, overrides: dict, lang: str, site_dir: str, project, audience: str,  # noqa: ANN001
                    downloads: list):
    """One language's MkDocs build; runs in a worker process. Returns (error, warnings)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collect)
    try:
        config = load_config(config_file=config_file, **dict(overrides, site_dir=site_dir))
        plugin = config.plugins.get("enablekit")
        if plugin is None:
            return f"{Path(config_file).name}: the 'enablekit' plugin is not listed under 'plugins:'", []
        plugin.view, plugin.language, plugin.other_languages = project, lang, False
        plugin.downloads = downloads
        plugin.config.audience = audience
        mkdocs_build(config)
    except (MkDocsException, EnablekitError, OSError) as exc:
        return str(exc) or type(exc).__name__, collect.messages
    finally:
        mkdocs_log.removeHandler(collect)
    return None, collect.messages


def _run_parallel(jobs: list[tuple]) -> list[tuple]:
    """Build the languages side by side, one process each (forked, so the loaded project is shared)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if len(jobs) == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [_build_language(*job) for job in jobs]
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()  # load the dictionary once, before forking
    except ImportError:  # pragma: no cover
        pass
    workers = min(len(jobs), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_build_language, *zip(*jobs, strict=True)))


def _docs_dir(config_file: Path) -> Path | None:
    try:
        data = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, OSError):  # e.g. !!python/name tags; MkDocs itself reads the file properly
        return config_file.parent / "docs"
    if not isinstance(data, dict):
        return None
    return config_file.parent / str(data.get("docs_dir", "docs"))
