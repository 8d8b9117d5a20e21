"""What the browser tests share: headless Chromium as the guide prescribes, a quiet local HTTP server
for a built site, and pages that record every request, so a test can assert that a page asked no
other host for anything."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


# Elements that stick out past the right edge of the window, outside any box that scrolls or clips them.
OVERFLOW = """() => Array.from(document.querySelectorAll('body *')).filter(el => {
  const r = el.getBoundingClientRect();
  if (!r.width || r.right <= innerWidth + 1) return false;
  for (let p = el.parentElement; p; p = p.parentElement) {  // inside a box that scrolls or clips: fine
    const s = getComputedStyle(p);
    if (/(auto|scroll|hidden)/.test(s.overflowX) && p.getBoundingClientRect().right <= innerWidth + 1) return false;
  }
  return getComputedStyle(el).visibility !== 'hidden';
}).map(el => el.tagName + '.' + el.className)"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: ANN002 - keep test output clean
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A static server for ``directory`` on a free port, and its URL; call ``shutdown()`` when done."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def open_page(browser, width: int = 1280, height: int = 900):  # noqa: ANN001, ANN201
    """A new context and page of that viewport; ``page.requests`` lists every URL it asked for."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    return context, page


def assert_local_only(page) -> None:  # noqa: ANN001
    hosts = {urlparse(u).hostname for u in page.requests if not u.startswith(("data:", "blob:"))}
    assert hosts <= {"127.0.0.1"}, f"requests to other hosts: {hosts}"


def browser_only(test):  # noqa: ANN001, ANN201
    """Mark a test as a browser test; it fails where Chromium is not installed."""
    import pytest

    return pytest.mark.needs(CHROMIUM)(pytest.mark.browser(test))
