"""The live preview's work after a reload (generator/outputs/site/live.py), without a browser: a search index
that a newer save stopped is made again after that save's rebuild, once per language folder."""

from __future__ import annotations

from pathlib import Path

from generator.outputs.site.live import Session
from generator.outputs.site.search import IndexStopped


def _index(runs: list[str], name: str, key: str, stops: int = 0):  # noqa: ANN202
    """A language's search index job as the plugin defers it: ``stops`` times stopped by a newer save."""

    def index() -> None:
        runs.append(name)
        if runs.count(name) <= stops:
            raise IndexStopped("stopped")

    index.key = key
    return index


def _rebuild(session: Session, *jobs) -> None:  # noqa: ANN002
    """A rebuild whose build defers ``jobs`` (each the search index of a language it built), then the work
    after the reload, to its end."""
    session.rebuild(lambda: [session.defer(job) for job in jobs])
    if session._indexing is not None:
        session._indexing.join()


def test_a_search_index_a_newer_save_stopped_is_made_after_its_rebuild(tmp_path: Path) -> None:
    session = Session(str(tmp_path / "mkdocs.yml"), tmp_path)
    runs: list[str] = []
    english = _index(runs, "en", "/site/en", stops=1)
    _rebuild(session, english, _index(runs, "zh", "/site/zh"))
    assert runs == ["en", "zh"]  # English stopped, Chinese made
    _rebuild(session)  # the next save changed nothing: English's index is made now, Chinese's not again
    assert runs == ["en", "zh", "en"]
    _rebuild(session)
    assert runs == ["en", "zh", "en"]


def test_a_stopped_index_gives_way_to_the_same_language_s_newer_one(tmp_path: Path) -> None:
    session = Session(str(tmp_path / "mkdocs.yml"), tmp_path)
    runs: list[str] = []
    _rebuild(session, _index(runs, "old", "/site/en", stops=1))
    _rebuild(session, _index(runs, "new", "/site/en"))  # the next save built English again: its index only
    assert runs == ["old", "new"]
    _rebuild(session)
    assert runs == ["old", "new"]


def test_a_page_built_after_the_reload_of_a_save_with_errors_shows_them(tmp_path: Path) -> None:
    """The pages a save with content errors leaves for after the reload are built from the last content that
    loaded; each is written with the banner, as the pages in view were (never a page without it)."""
    from types import SimpleNamespace

    from generator.outputs.site import live
    from generator.outputs.site.plugin import EnablekitPlugin

    config_file = tmp_path / "mkdocs.yml"
    session = live.start_session(config_file, tmp_path)
    try:
        session.problems = ["content/personas/cfo.yaml:3:1: expected a mapping of fields, got a list"]
        plugin = EnablekitPlugin()
        plugin._config_file, plugin.in_place = str(config_file), True
        page = SimpleNamespace(file=SimpleNamespace(abs_dest_path=str(tmp_path / "site" / "cfo" / "index.html")))
        assert plugin.on_post_page("<html><body><p>CFO</p></body></html>", page=page, config=None) == ""
        written = (tmp_path / "site" / "cfo" / "index.html").read_text(encoding="utf-8")
        assert written == f"<html><body>{live.banner(session.problems)}<p>CFO</p></body></html>"
        session.problems = []  # a save fixed them: written as built
        assert plugin.on_post_page("<html><body><p>CFO</p></body></html>", page=page, config=None) == ""
        assert (tmp_path / "site" / "cfo" / "index.html").read_text(
            encoding="utf-8"
        ) == "<html><body><p>CFO</p></body></html>"
    finally:
        live.end_session(session)


def test_no_garbage_collection_from_a_save_until_its_page_is_reloaded(tmp_path: Path) -> None:
    """A full collection over what serve holds costs a large part of a second at scale 4: none runs between a
    save and the reload, nor until the reloaded page has been asked for; then the work after the reload
    (here none but the collector's) goes on."""
    import gc
    import time

    from generator.outputs.site import live

    assert gc.isenabled()
    session = Session(str(tmp_path / "mkdocs.yml"), tmp_path)
    during: list[bool] = []
    session._polls["en"] = 1  # a tab waits for the reload
    session.rebuild(lambda: during.append(gc.isenabled()))
    try:
        assert during == [False]
        time.sleep(0.3)
        assert not gc.isenabled() and session._indexing.is_alive()  # the page is not reloaded yet
        app = session.wsgi(lambda environ, start_response: [b"<html></html>"])
        asked = time.monotonic()
        assert app({"PATH_INFO": "/en/personas/cfo/"}, lambda status, headers: None) == [b"<html></html>"]
        session._indexing.join(timeout=live.RELOAD_SECONDS)
        assert not session._indexing.is_alive() and gc.isenabled()
        assert time.monotonic() - asked >= live.QUIET_SECONDS  # after a quiet moment, for the page's own files
    finally:
        session._polls.clear()
        session.finish_clearing()
        session._resume_collector()
    assert gc.isenabled()

    # no tab waiting: the collector runs again at once after the rebuild
    started = time.monotonic()
    session.rebuild(lambda: during.append(gc.isenabled()))
    session._indexing.join()
    assert during == [False, False] and gc.isenabled() and time.monotonic() - started < live.RELOAD_SECONDS


def test_the_kernel_s_watch_reports_saves_and_never_a_file_read(tmp_path: Path) -> None:
    """Serve's watch (inotify on a local disk): a file written, created, deleted, or replaced by a rename (an
    editor's save) is reported; reading files (every rebuild reads the whole project) is not, nor a file beside
    a watched file (an editor's swap file next to mkdocs.yml)."""
    import threading
    import time

    import watchdog.events

    from generator.outputs.site.live import kernel_watch

    content = tmp_path / "content"
    (content / "personas").mkdir(parents=True)
    persona = content / "personas" / "cfo.yaml"
    persona.write_text("name: CFO\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    watch = kernel_watch([tmp_path])
    assert watch is not None, "tmp_path is on a local disk"
    seen: list[str] = []
    lock = threading.Lock()

    def handler() -> watchdog.events.FileSystemEventHandler:
        h = watchdog.events.FileSystemEventHandler()

        def record(event) -> None:  # noqa: ANN001
            if not event.is_directory:
                with lock:
                    seen.append(Path(getattr(event, "dest_path", "") or event.src_path).name)

        h.on_any_event = record
        return h

    watch.schedule(handler(), str(content), recursive=True)
    watch.schedule(handler(), str(config))
    watch.start()

    def after(action) -> list[str]:  # noqa: ANN001
        with lock:
            seen.clear()
        action()
        time.sleep(0.3)
        with lock:
            return sorted(set(seen))

    try:
        assert after(lambda: [p.read_bytes() for p in (persona, config)]) == []
        assert after(lambda: persona.write_text("name: Head of finance\n", encoding="utf-8")) == ["cfo.yaml"]
        assert after(lambda: (content / "personas" / "ceo.yaml").write_text("name: CEO\n", encoding="utf-8")) == [
            "ceo.yaml"]
        assert after(lambda: (content / "personas" / "ceo.yaml").unlink()) == ["ceo.yaml"]
        assert after(lambda: (tmp_path / ".mkdocs.yml.swp").write_text("x", encoding="utf-8")) == []

        def replace_config(text: str) -> None:  # write a new file, rename it over the old one
            (tmp_path / "mkdocs.yml.new").write_text(text, encoding="utf-8")
            (tmp_path / "mkdocs.yml.new").replace(config)

        assert after(lambda: replace_config("site_name: y\n")) == ["mkdocs.yml"]
        assert after(lambda: replace_config("site_name: z\n")) == ["mkdocs.yml"]  # the new file is watched too
        (content / "cases").mkdir()  # a folder made while serving
        assert after(lambda: (content / "cases" / "a.yaml").write_text("title: A\n", encoding="utf-8")) == ["a.yaml"]
    finally:
        watch.stop()
        watch.join(timeout=5)


def test_a_page_just_loaded_is_in_view_before_its_tab_waits_for_the_next_reload(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """A tab that has just reloaded asks for the next reload only once its page is loaded: a save meanwhile still
    makes that page first (else it would wait for every other page of its language)."""
    from generator.outputs.site import live

    session = Session(str(tmp_path / "mkdocs.yml"), tmp_path)
    session.languages = ["zh", "en"]
    app = session.wsgi(lambda environ, start_response: [b"<html></html>"])
    clock = [1000.0]
    monkeypatch.setattr(live.time, "monotonic", lambda: clock[0])
    app({"PATH_INFO": "/en/personas/cfo/"}, lambda status, headers: None)
    app({"PATH_INFO": "/en/assets/enablekit.css"}, lambda status, headers: None)  # not a page
    assert session.in_view("en") == {"personas/cfo/"} and session.in_view("zh") == set()
    clock[0] += live.LOADED_SECONDS + 0.1
    assert session.in_view("en") == set()
