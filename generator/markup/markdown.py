"""Author Markdown to HTML: raw HTML shown as text, the guard that records which project images a
text shows (and turns images from other hosts into links), and the renderer for print and slides,
whose output always passes the one allow-list sanitiser."""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from .sanitize import clean_html, is_local, is_web

_FENCE = re.compile(r"(^[ \t]*(```|~~~).*?^[ \t]*\2[^\n]*$|`+[^`\n]*`+)", re.M | re.S)


def safe_markdown(text: str | None) -> str:
    """Author Markdown, with raw HTML turned into text (``<script>`` stays visible, never runs).

    Code spans and blocks are kept as written. Everything else that could reach a reader's
    browser (links, images, ``attr_list`` attributes, entities) is judged after rendering, by
    :class:`ContentGuard` and :func:`~generator.markup.sanitize.clean_html`.
    """
    if not text:
        return ""
    text = lists_after_lines(text)
    out = []
    last = 0
    for match in _FENCE.finditer(text):
        out.append(text[last:match.start()].replace("<", "&lt;"))
        out.append(match.group(0))
        last = match.end()
    out.append(text[last:].replace("<", "&lt;"))
    return "".join(out)


_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+\S")
_FENCE_LINE = re.compile(r"^[ \t]*(```|~~~)")


def lists_after_lines(text: str) -> str:
    """``text`` with a blank line before a list that starts right under a line of text, as authors expect
    ("Includes:\n- rostering\n- payroll" is a list, not one paragraph with ' - ' in it). Code blocks,
    list items that follow list items and indented continuation lines are left as they are."""
    lines = text.split("\n")
    out: list[str] = []
    fenced = False
    for line in lines:
        if _FENCE_LINE.match(line):
            fenced = not fenced
        elif not fenced and _LIST_ITEM.match(line) and out:
            before = out[-1]
            if before.strip() and not _LIST_ITEM.match(before) and not _FENCE_LINE.match(before) \
                    and not before.startswith(("    ", "\t", "|", ">")):
                out.append("")
        out.append(line)
    return "\n".join(out)


def remote_images(text: str) -> list[str]:
    """Images from other hosts that ``text`` would show (they are never embedded)."""
    return list(markdown_images(text or "")[1])


def local_images(text: str) -> list[str]:
    """Paths of project images that ``text`` shows, as written."""
    return list(markdown_images(text or "")[0])


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


# --------------------------------------------------------------------------- the guard

class _Guard(Treeprocessor):
    """Runs after links, images and ``attr_list``: an image from another host becomes a plain
    link, and every local image path is recorded so only referenced files are published."""

    def __init__(self, md, images: list[str]):  # noqa: ANN001
        super().__init__(md)
        self.images = images

    def run(self, root: ET.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for table in root.iter("table"):
            _drop_empty_head(table)
        for img in list(root.iter("img")):
            src = img.get("src", "")
            if is_local(src):
                self.images.append(src)
                continue
            parent = parents.get(img)
            if parent is None:
                continue
            web = is_web(src)
            link = ET.Element("a" if web else "span")
            if web:
                link.set("href", src)
            link.text = img.get("alt") or src
            link.tail = img.tail
            index = list(parent).index(img)
            parent.remove(img)
            parent.insert(index, link)


def _drop_empty_head(table: ET.Element) -> None:
    """A table whose header cells are all empty (a Markdown table of facts, one name and one value a
    row, needs a header line: ``| | |``) without that header: else it shows as an empty strip."""
    head = table.find("thead")
    if head is None:
        return
    cells = [cell for row in head for cell in row]
    if cells and all(not "".join(cell.itertext()).strip() and not len(cell) for cell in cells):
        table.remove(head)


class ContentGuard(Extension):
    """Python-Markdown extension used by every renderer of author Markdown (site and print)."""

    def __init__(self, **kwargs):  # noqa: ANN003
        self.images: list[str] = []
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:  # noqa: ANN001, N802 - Python-Markdown's API
        md.treeprocessors.register(_Guard(md, self.images), "enablekit-guard", 1)

    def reset(self) -> None:
        self.images.clear()


def markdown_images(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(local image paths, images from other hosts) that ``text`` would show once rendered,
    reference-style images and ``attr_list`` overrides included."""
    local, remote, _ = _images(text)
    return local, remote


def images_without_alt(text: str) -> tuple[str, ...]:
    """Paths of the project images ``text`` shows with no alternative text (``![](path)``): screen
    readers, and the figures of a tagged PDF, have nothing to say for them."""
    return _images(text)[2]


@functools.lru_cache(maxsize=4096)
def _images(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(local image paths, images from other hosts, local image paths without alt text) of ``text``."""
    import markdown

    if "![" not in text and "src" not in text:
        return (), (), ()
    guard = ContentGuard()
    md = markdown.Markdown(extensions=["attr_list", "tables", "footnotes", guard])
    remote: list[str] = []
    unlabelled: list[str] = []

    class _Remote(Treeprocessor):
        def run(self, root: ET.Element) -> None:
            for img in root.iter("img"):
                if not is_local(img.get("src")):
                    remote.append(img.get("src", ""))
                elif not (img.get("alt") or "").strip():
                    unlabelled.append(img.get("src", ""))

    md.treeprocessors.register(_Remote(md), "enablekit-remote", 2)
    md.convert(safe_markdown(text))
    return tuple(guard.images), tuple(remote), tuple(unlabelled)
