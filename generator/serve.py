"""``enablekit serve``: build a project's site into a temporary folder, serve it with live reload and
rebuild on every save. The live-reload session itself (:mod:`generator.outputs.site.live`) also
serves plain ``mkdocs serve`` through the plugin."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .content.diagnostics import EnablekitError
from .outputs.site.builder import _check_config
from .outputs.site.live import end_session, kernel_watch, one_line, start_session

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class _Terminal(logging.Handler):
    """MkDocs' and enablekit's log lines for a person at the terminal: the address, one line per
    rebuild, problems as ``path:line:col: message``; none of MkDocs' chatter."""

    CHATTER = ("Detected file changes", "Reloading browsers", "Browser connected", "Building documentation",
               "Cleaning site directory", "Documentation built in", "Shutting down")

    def __init__(self, console: Any) -> None:  # noqa: ANN401 - a rich Console
        super().__init__(logging.INFO)
        self.console = console

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.name.startswith("mkdocs.plugins.enablekit"):
            return True
        if record.levelno >= logging.ERROR and record.name in ("mkdocs.commands.build", "mkdocs.config",
                                                               "mkdocs.config.base", "mkdocs.plugins"):
            return False  # the build's failure, reported by the session as plain lines
        if record.name == "mkdocs.livereload" and '" code ' in message:  # one line per request
            return not message.rstrip().endswith(("code 200", "code 206", "code 302", "code 304")) \
                and "favicon" not in message
        if record.levelno >= logging.WARNING:
            return True
        return record.name == "mkdocs.livereload" and not any(c in message for c in self.CHATTER)

    def emit(self, record: logging.LogRecord) -> None:
        from rich.markup import escape as rich_escape

        try:
            message = record.getMessage()
            if ": warning: " in message:  # content warnings (path:line:col: warning: ...)
                style = "yellow"
            elif record.levelno >= logging.ERROR:
                style = "red"
            elif record.levelno >= logging.WARNING:
                style = "yellow"
            else:
                style = "green" if " in " in message and "built" in message else ""
            self.console.print(f"[{style}]{rich_escape(message)}[/]" if style else rich_escape(message))
        except Exception:  # noqa: BLE001
            self.handleError(record)


def serve(project: Path, *, dev_addr: str, console: Any) -> None:  # noqa: ANN401, C901
    """``enablekit serve``: build PROJECT's site into a temporary folder, serve it with live reload
    and rebuild on every save; runs until interrupted (Ctrl+C, SIGTERM)."""
    import shutil
    import signal
    import tempfile

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # enablekit pins MkDocs 1.x
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.livereload import LiveReloadServer, _serve_url

    root = project.resolve()
    config_file = root / "mkdocs.yml"
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise EnablekitError(f"--dev-addr: expected HOST:PORT such as 127.0.0.1:8000, got '{dev_addr}'")
    mkdocs_log = logging.getLogger("mkdocs")
    terminal = _Terminal(console)
    saved_level, saved_propagate = mkdocs_log.level, mkdocs_log.propagate
    mkdocs_log.addHandler(terminal)
    mkdocs_log.setLevel(logging.INFO)
    mkdocs_log.propagate = False
    site_dir = tempfile.mkdtemp(prefix="enablekit-serve-")
    session = start_session(config_file, root)
    session.site_dir = site_dir
    config = None
    previous_sigterm = None
    if threading.current_thread() is threading.main_thread():
        def stop(signum: int, frame: Any) -> None:  # noqa: ANN401, ARG001
            raise KeyboardInterrupt

        previous_sigterm = signal.signal(signal.SIGTERM, stop)
    try:
        overrides = {"site_dir": site_dir, "dev_addr": dev_addr}
        try:
            _check_config(config_file, overrides, root)
        except EnablekitError as exc:
            raise EnablekitError(str(exc).removeprefix("site: ")) from None

        def get_config() -> MkDocsConfig:
            loaded = load_config(config_file=str(config_file), **overrides)
            loaded.site_url = serve_url
            return loaded

        try:
            config = load_config(config_file=str(config_file), **overrides)
        except ConfigurationError as exc:
            raise EnablekitError(f"mkdocs.yml: {one_line(str(exc))}") from None
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        config.site_url = serve_url = _serve_url(host, port, mount_path)
        first = config

        def builder(config: MkDocsConfig | None = None) -> None:
            if config is None:
                config = get_config()
                plugin = config.plugins.get("enablekit")
                if plugin is not None and plugin.rebuild_changed(config):
                    return  # only the languages whose pages changed were built
            build(config, serve_url=serve_url)

        server = LiveReloadServer(builder=session.wrap(builder), host=host, port=port, root=site_dir,
                                  mount_path=mount_path, polling_interval=0.1)
        watch = kernel_watch([root, config_file.parent])  # before anything is watched: the kernel reports changes
        if watch is not None:
            server.observer = watch

        def error_page(code: int) -> bytes | None:
            page = Path(site_dir) / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_page
        session.rebuild(lambda: builder(first), initial=True)
        server = config.plugins.on_serve(server, config=config, builder=builder)  # enablekit's attaches the session
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except OSError as exc:
            raise EnablekitError(f"cannot serve on {dev_addr}: {exc.strerror or exc}; "
                                 "choose another address with --dev-addr HOST:PORT") from None
        except KeyboardInterrupt:
            console.print("stopped")
        finally:
            server.shutdown()
    finally:
        if previous_sigterm is not None:
            signal.signal(signal.SIGTERM, previous_sigterm)
        try:
            if config is not None:
                config.plugins.on_shutdown()
        finally:
            end_session(session)
            mkdocs_log.removeHandler(terminal)
            mkdocs_log.setLevel(saved_level)
            mkdocs_log.propagate = saved_propagate
            shutil.rmtree(site_dir, ignore_errors=True)
