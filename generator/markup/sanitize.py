"""The one allow-list sanitiser for rendered HTML (and for SVG files), and the tests of a URL.

Every piece of author Markdown ends as HTML somewhere: site pages (MkDocs), the search
index, PDFs (WeasyPrint) and the text of deck slides. All of it passes :func:`clean_html`
(nh3, the maintained successor of bleach) after rendering, so entity tricks,
reference-style links and ``attr_list`` attributes are judged on what the browser would
really get, not on the Markdown source. The allow-list holds the tags and attributes the
built-in templates need and nothing that runs code, styles a page or loads from another host.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import nh3

_GLOBAL = {"class", "id", "title", "lang", "dir", "role", "hidden", "aria-label", "aria-hidden",
           "aria-describedby", "aria-labelledby", "aria-live", "aria-expanded", "aria-controls",
           "aria-current", "tabindex"}
# data attributes the built-in site scripts read (filters, quizzes, progress)
_DATA = {"data-template", "data-total", "data-stages", "data-score-template", "data-roles", "data-path",
         "data-module", "data-industries", "data-incorrect", "data-explain", "data-correct",
         "data-competitor", "data-category", "data-answer", "data-ek-filter", "data-ek-progress",
         "data-ek-done", "data-ek-quiz", "data-ek-choice", "data-ek-module", "data-ek-rows", "data-ek-size"}

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del",
    "ins", "mark", "small", "sub", "sup", "code", "pre", "kbd", "samp", "var", "q", "cite", "abbr",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th",
    "td", "caption", "colgroup", "col", "a", "img", "figure", "figcaption", "div", "span", "details",
    "summary", "article", "section", "nav", "time", "form", "fieldset", "legend", "label", "input",
    "select", "option", "button", "output", "svg", "path",
}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _GLOBAL | _DATA,
    "a": {"href", "hreflang", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "col": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "form": {"autocomplete"},
    "label": {"for"},
    "input": {"type", "name", "value", "placeholder", "checked", "disabled", "autocomplete"},
    "select": {"name", "multiple"},
    "option": {"value", "selected"},
    "button": {"type", "disabled"},
    "output": {"for"},
    "svg": {"viewBox", "xmlns", "width", "height", "focusable", "fill"},
    "path": {"d", "fill", "fill-rule", "clip-rule"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
ASSET_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"}

_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")


def is_local(url: str | None) -> bool:
    """A relative path or fragment: no scheme, not protocol-relative, no backslash tricks."""
    if not url:
        return False
    value = unquote(url).strip()
    return not (_SCHEME.match(value) or value.startswith(("//", "\\", "/\\")) or "\\" in value)


def is_web(url: str | None) -> bool:
    """An absolute http(s) URL: a link to a web page (an image there is never loaded)."""
    match = _SCHEME.match(url or "")
    return bool(match) and match.group(1).lower() in ("http", "https")


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name == "src" and not is_local(value):
        return None  # nothing is ever loaded from another host, nor from a data: or file: URL
    if name == "href" and tag == "a" and value.strip().lower().startswith("//"):
        return None
    return value


def clean_html(html: str) -> str:
    """Author-derived HTML reduced to the allow-list: no script, no event handler, no style, links
    only to http(s), mailto, tel and relative paths, images only from the same site."""
    if not html:
        return ""
    return _cleaner().clean(html)


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """The allow-list, made into ammonia's cleaner once (given to each call, it is converted every time:
    a third of the sanitiser's time on a page)."""
    return nh3.Cleaner(
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_attribute_filter,
        clean_content_tags={"script", "style"},
        strip_comments=True,
        link_rel=None,
    )


def clean_text(text: str) -> str:
    """Plain text with no markup at all (titles of search entries and the like)."""
    return nh3.clean_text(text)


_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK = "{http://www.w3.org/1999/xlink}href"
_CSS_URL = re.compile(r"url\(\s*(?![\'\"]?#)[^)]*\)", re.I)
_CSS_OUT = re.compile(r"@import[^;]*;?|[a-z][a-z0-9+.\-]*://[^\s;{}]*\)?;?", re.I)


def clean_svg(data: bytes) -> bytes:
    """An SVG image without scripts, event handlers, ``foreignObject`` or references to other
    files and hosts: svg-hush (the filter Cloudflare runs on user SVGs) first, then only
    in-document references (``#id``) are kept, in attributes and in CSS alike. A file that is
    not a readable SVG becomes an empty image rather than passing through."""
    import py_svg_hush

    empty = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    try:
        root = ET.fromstring(py_svg_hush.filter_svg(data))
    except Exception:  # noqa: BLE001 - any parse failure: publish nothing of it
        return empty
    for el in root.iter():
        for name in ("href", _XLINK):
            if name in el.attrib and not el.attrib[name].strip().startswith("#"):
                del el.attrib[name]
        if "style" in el.attrib:
            el.attrib["style"] = _CSS_OUT.sub("", _CSS_URL.sub("none", el.attrib["style"]))
        if el.tag == f"{{{_SVG_NS}}}style" and el.text:
            el.text = _CSS_OUT.sub("", _CSS_URL.sub("none", el.text))
    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def asset_path(url: str) -> str:
    """The file part of a local URL (no query, no fragment, percent-decoded)."""
    return unquote(urlsplit(url).path)


def is_asset_type(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in ASSET_TYPES
