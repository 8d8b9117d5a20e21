"""Site search with Pagefind: a chunked index written after the MkDocs build, one per language.

The browser fetches only the index chunks a query needs (a few KB), so the time to the first
results does not grow with the site, and Han and Hangul are indexed character by character, so a
word inside a longer word (安全 in 不安全, 보호 in 개인정보보호법) and names like 北辰HR are found.
Each language's pages are indexed into ``<language root>/pagefind/``; the index of a build holds
exactly the pages of that build, so a public site's index holds public pages only. The results
appear in Material's own search box and result list (``templates/site/pagefind/partials/search.html``
and ``assets/enablekit-search.js``).

``search: material`` in the enablekit plugin's options keeps Material's built-in search instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from html import escape, unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

ENGINES = ("pagefind", "material")
BUNDLE = "pagefind"
STOP_POLL_SECONDS = 0.05  # how often a running Pagefind is asked whether to stop (index_site's ``stop``)
STOP_EVERY_PAGES = 50  # and the copy of the pages it reads
HAN_LANGUAGES = ("zh", "ja")  # Pagefind segments these; Han characters split one by one (距離 in 歩行距離)

# What a result is not about: navigation, permalinks, review dates, tag lists, download links, forms
EXCLUDE = (
    ".headerlink", ".ek-meta", ".md-tags", ".ek-tags", ".ek-downloads", ".ek-download", "form", "nav",
    ".md-source-file", ".ek-filter", "[data-ek-skip-search]",
    "[hidden]",  # what a reader does not see (a filter's "nothing matches" message) is no result's excerpt
)
# The browser needs the search library, its wasm and the index; not Pagefind's own UI kits
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchError(Exception):
    """Pagefind could not index the site (its binary missing or failing)."""


class IndexStopped(Exception):  # noqa: N818 - what happened, not an error
    """``stop`` said so before the index was made (serve: a newer save); the index in use is untouched."""


def index_site(site_dir: str | os.PathLike, lang: str, skip: tuple[str, ...] = (), lists: tuple[str, ...] = (),
               cache: Path | None = None, reuse: bool = True, prepared: PreparedCopy | None = None,
               stop: Callable[[], bool] | None = None) -> int:
    """Index the HTML pages of one language's site (``skip``: top-level folders of other languages)
    into ``site_dir/pagefind/``; returns the number of pages indexed. The pages of ``lists`` (folders
    whose index page lists other pages: the objection library, tags…) are found by their title only,
    so a query finds the page about it rather than a list that names it (the list's further pages,
``<folder>/p/N/``, too); every title weighs most. Pagefind's own command line is
    run (its Python API sends the pages one by one and is twenty times slower).

    Han and Hangul are indexed character by character, in a copy Pagefind reads (the published
    pages are untouched; see split_words), and the browser searches the query's characters the same
    way, phrase matches first: a word inside a longer word is found (安全 in 不安全, 병원 in 한빛병원),
    with or without a space between Latin letters and CJK (OEE看板, OEE 看板), and the index does
    not depend on a segmenter's dictionary agreeing with the browser's.

    ``cache``: a folder where the index is kept with a hash of every page it was made from; when the
    pages are the same as last time, the kept index is used instead of running Pagefind again
    (``reuse`` False: Pagefind runs, and its index is kept). ``prepared``: the copies of the pages
    made as they were written (:class:`PreparedCopy`, in the language's build process), not made again.
    ``stop`` (serve: a newer save waits) is asked every few pages and while Pagefind runs: when it says
    so, :class:`IndexStopped` is raised and the index in use stays as it was."""
    from pagefind.service import get_executable

    root = Path(site_dir).resolve()
    binary = get_executable()
    if binary is None:
        raise SearchError("Pagefind is not installed; install enablekit's dependencies (pagefind[extended]), "
                          "or set 'search: material' under the enablekit plugin")
    # made beside the index in use and put in its place whole: a page open meanwhile (serve) keeps searching
    bundle = root / being_made()[0]
    shutil.rmtree(bundle, ignore_errors=True)
    han = lang.split("-")[0] in HAN_LANGUAGES
    pages = _pages(root, skip)
    if prepared is not None and (cache is None or prepared.copy != _work_folder_of(cache) / "site"):
        prepared = None  # a copy made for another folder: made again here
    key = _pages_key(root, pages, lang, lists, prepared.made if prepared else None) if cache is not None else ""
    if cache is not None and reuse and (count := _kept_index(cache, key, bundle)) is not None:
        _put_in_place(bundle, root / BUNDLE)
        return count
    with _work_folder(cache) as work:
        copy = Path(work, "site")

        def copied(name: str) -> bytes:
            return _copy_of(name, (root / name).read_text(encoding="utf-8"), lists, han)

        names = [page.relative_to(root).as_posix() for page in pages]
        if prepared is not None:
            _sync_copy(copy, names, copied, before=prepared.before, made=prepared.made, stop=stop)
        else:
            _sync_copy(copy, names, copied, stop=stop)
        # what the page marks as written in another language (the authoring guide's English field
        # reference on a French site) would make English excerpts: left out
        other = f'[lang]:not([lang|="{lang.split("-")[0]}"])'
        config = {"site": str(copy), "output_path": str(bundle), "force_language": lang.split("-")[0],
                  "root_selector": "article.md-content__inner", "exclude_selectors": [*EXCLUDE, other], "quiet": True}
        Path(work, "pagefind.json").write_text(json.dumps(config), encoding="utf-8")  # read from its working folder
        returncode, output = _run(binary, work, stop)
    if returncode is None:
        shutil.rmtree(bundle, ignore_errors=True)
        raise IndexStopped("stopped")
    if returncode != 0:
        shutil.rmtree(bundle, ignore_errors=True)
        problem = output.strip().splitlines()
        raise SearchError(f"Pagefind failed: {problem[-1] if problem else returncode}")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    count = sum(language.get("page_count", 0) for language in entry.get("languages", {}).values())
    if cache is not None:
        _keep_index(cache, key, bundle, count)
    _put_in_place(bundle, root / BUNDLE)
    return count


def _run(binary: str | os.PathLike, work: str | os.PathLike, stop: Callable[[], bool] | None) -> tuple[int | None, str]:
    """Run Pagefind in ``work``: its exit status and what it printed (None: ``stop`` said so; it was ended)."""
    if stop is None:
        run = subprocess.run([str(binary)], cwd=work, capture_output=True, text=True, check=False)
        return run.returncode, run.stderr or run.stdout
    with tempfile.TemporaryFile() as out:  # a file, not a pipe: nothing to read while waiting
        process = subprocess.Popen([str(binary)], cwd=work, stdout=out, stderr=subprocess.STDOUT)
        while True:
            if stop():
                process.kill()
                process.wait()
                return None, ""
            try:
                returncode = process.wait(timeout=STOP_POLL_SECONDS)
            except subprocess.TimeoutExpired:
                continue
            out.seek(0)
            return returncode, out.read().decode("utf-8", "replace")


def being_made() -> tuple[str, str]:
    """The names, beside the index in use, of the one this process is making and of the one it replaces
    while it is put in place (see ``_put_in_place``)."""
    return f".{BUNDLE}-{os.getpid()}.new", f".{BUNDLE}-{os.getpid()}.old"


def _put_in_place(made: Path, bundle: Path) -> None:
    """The index ``made`` where ``bundle`` is, the one there before deleted."""
    old = made.with_name(made.name.replace(".new", ".old"))
    shutil.rmtree(old, ignore_errors=True)
    if bundle.exists():
        os.rename(bundle, old)
    os.rename(made, bundle)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _work_folder(cache: Path | None) -> Iterator[Path]:
    """Where Pagefind reads its copy of the pages: with a ``cache``, a folder kept there from one build to
    the next (only the pages that changed are written again: creating and deleting a folder per page
    costs more than indexing on a busy disk); else a temporary folder."""
    if cache is None:
        with tempfile.TemporaryDirectory() as work:
            yield Path(work)
        return
    work = _work_folder_of(cache)
    work.mkdir(parents=True, exist_ok=True)
    yield work


def _work_folder_of(cache: Path) -> Path:
    return Path(cache, "work")


_COPIED = "copied.json"  # the pages a kept copy holds (written when it is complete, or stopped)


def _copy_of(name: str, html: str, lists: tuple[str, ...], han: bool) -> bytes:
    """What Pagefind reads of the page ``name`` (its path in the language's site): its article, or the
    title only of a list page; the title weighing most; Han and Hangul split (split_words)."""
    parts = name.split("/")
    if f"{parts[0]}/*" in lists or parts[0] in lists and (parts[1:] == ["index.html"] or parts[1] == "p"):
        html = title_only(html)
    else:
        html = article_only(html)
    html = _H1.sub(r'<h1 data-pagefind-weight="10"\1', html, count=1)
    return split_words(html, han).encode("utf-8")


def _take_listed(copy: Path) -> dict[str, str | None]:
    """The pages the kept copy holds, each with the digest of the page it was made from (None: not
    known), its list removed while it changes; a copy without a list (never made, or a build stopped
    while writing it) is removed, to be made anew."""
    listed = copy.parent / _COPIED
    try:
        data = json.loads(listed.read_text(encoding="utf-8"))
        before = {str(k): v if isinstance(v, str) else None for k, v in data.items()} if isinstance(data, dict) \
            else dict.fromkeys(map(str, data))
    except (OSError, ValueError, TypeError, AttributeError):
        shutil.rmtree(copy, ignore_errors=True)
        before = {}
    listed.unlink(missing_ok=True)
    return before


def _page_digest(html: str) -> str:
    """What Pagefind's copy of a page is made from: its HTML, and enablekit's code, which makes the copy."""
    import hashlib

    from ..cache import code_fingerprint

    return hashlib.sha256(f"{code_fingerprint()}\0{html}".encode()).hexdigest()[:24]


def _write_if_changed(target: Path, data: bytes) -> None:
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return
    except OSError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


class PreparedCopy:
    """Pagefind's copy of a language's pages, made page by page as its build writes them (the page's
    HTML is at hand then, and the language's process makes it, beside the other languages'), for
    :func:`index_site` to run Pagefind on once the build has ended. Picklable: it goes back to the
    process that indexes."""

    def __init__(self, cache: Path, lang: str, lists: tuple[str, ...], force: bool = False) -> None:
        self.copy = _work_folder_of(cache) / "site"
        self.lists, self.han = lists, lang.split("-")[0] in HAN_LANGUAGES
        self.before = _take_listed(self.copy)
        self.trusted = {} if force else self.before  # --force: every page copied again (a copy that did not
        # change is still not written again)
        self.made: dict[str, str] = {}  # the pages copied, with the digest of each one's HTML

    def add(self, name: str, html: str) -> None:
        """The page ``name`` (its path in the language's site) as written: ``html``. The copy of a page
        whose HTML is the one the kept copy was made from is kept as it is (after one edit, most pages)."""
        digest = _page_digest(html)
        if self.trusted.get(name) != digest:
            _write_if_changed(self.copy / name, _copy_of(name, html, self.lists, self.han))
        self.made[name] = digest


def _sync_copy(copy: Path, names: list[str], make: Callable[[str], bytes], before: dict[str, str | None] | None = None,
               made: dict[str, str] | None = None, stop: Callable[[], bool] | None = None) -> None:
    """Make the folder ``copy`` hold exactly the pages ``names`` (paths), each as ``make(name)`` gives
    it, writing only those that differ; one page at a time, never all of them in memory. A copy whose
    list of pages is missing (never made, or a build stopped while writing it) is made anew. With
    ``before`` (the list, taken already: PreparedCopy), the pages ``made`` are in the copy already (the list
    keeps the digest of their HTML).
    ``stop``: asked every few pages; when it says so, the list names the pages there and
    :class:`IndexStopped` is raised (the next copy compares every page again)."""
    listed = copy.parent / _COPIED
    made = made or {}
    if before is None:
        before = _take_listed(copy)

    def write_list(pages: set[str] | list[str]) -> None:
        listed.write_text(json.dumps({name: made.get(name) for name in sorted(pages)}), encoding="utf-8")

    for gone in sorted(set(before) - set(names), reverse=True):
        target = copy / gone
        target.unlink(missing_ok=True)
        folder = target.parent
        while folder != copy and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    there = set(before) & set(names)
    for n, name in enumerate(names):
        if stop is not None and n % STOP_EVERY_PAGES == 0 and stop():
            write_list(there)
            raise IndexStopped("stopped")
        there.add(name)
        if name not in made:
            _write_if_changed(copy / name, make(name))
    write_list(names)


def _pages_key(root: Path, pages: list[Path], lang: str, lists: tuple[str, ...],
               made: dict[str, str] | None = None) -> str:
    """A hash of what an index is made from: the pages (names and the digests of their HTML), the
    language, the list pages, enablekit's code and Pagefind's version. ``made``: the digests of the pages
    known already (PreparedCopy: taken as they were written), not read again."""
    import hashlib

    from ..cache import code_fingerprint

    made = made or {}
    h = hashlib.sha256(f"{code_fingerprint()}|{lang}|{sorted(lists)}".encode())
    for page in pages:
        name = page.relative_to(root).as_posix()
        digest = made.get(name) or _page_digest(page.read_text(encoding="utf-8"))
        h.update(f"{name}\0{digest}\0".encode())
    return h.hexdigest()[:32]


def _kept_index(cache: Path, key: str, bundle: Path) -> int | None:
    """Put the index kept for ``key`` at ``bundle`` (hard links); its page count, or None when none is
    kept (or its files were changed since: see cache.FolderCache)."""
    from ..cache import _stats, link_tree

    try:
        entry = json.loads((cache / "entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if entry.get("key") != key or _stats(cache / "index") != entry.get("stats") or not entry.get("stats"):
        return None
    link_tree(cache / "index", bundle)
    return int(entry["count"])


def _keep_index(cache: Path, key: str, bundle: Path, count: int) -> None:
    from ..cache import _stats, _write_atomic, link_tree

    try:
        (cache / "entry.json").unlink(missing_ok=True)
        shutil.rmtree(cache / "index", ignore_errors=True)
        cache.mkdir(parents=True, exist_ok=True)
        link_tree(bundle, cache / "index")
        entry = {"key": key, "count": count, "stats": _stats(cache / "index")}
        _write_atomic(cache / "entry.json", json.dumps(entry).encode("utf-8"))
    except OSError:
        pass  # a project one may not write to: indexed again next time


def _pages(root: Path, skip: tuple[str, ...]) -> list[Path]:
    pages = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if here == root:
            dirnames[:] = [d for d in dirnames if d not in skip and d != BUNDLE]
        pages += [here / name for name in filenames if name.endswith(".html") and name != "404.html"]
    return sorted(pages)


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = "\u3040-\u30ff\u31f0-\u31ff" + _HAN + "\uac00-\ud7a3"  # kana, Han, Hangul syllables
_HAN_PAIR = re.compile(f"(?<=[{_HAN}])(?=[{_HAN}])")
_CJK_EDGE = re.compile(f"(?<=[{_CJK}])(?=\\S)|(?<=\\S)(?=[{_CJK}])")
_HAS_CJK = re.compile(f"[{_CJK}]")
_HANGUL = re.compile("[\uac00-\ud7a3]+")
_H1 = re.compile(r"<h1([ >])")
_LANG = re.compile(r"<html[^>]*>")
_TITLE = re.compile(r"<h1[ >].*?</h1>", re.S)
_MARKUP = re.compile(r"(<[^>]*>)")
_ESCAPED = re.compile("[&<>]")
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
# Pagefind runs the text of these together with their neighbours' (it separates p, li, td, div, h1-h6
# and a few more): what is written in them is not one word with the next cell or term
_UNSEPARATED = re.compile(r"(?=</?(?:th|dt|dd|tr|caption|figcaption|summary|details|blockquote|pre|dl|ol|table"
                          r"|thead|tbody|tfoot|figure|aside|header|footer|address|fieldset|legend)[\s/>])")
# Elements inside a line of text: a word may go on across them (<strong>개인정보보호법</strong>을)
_INLINE = frozenset("a abbr acronym b bdi bdo big cite code data del dfn em font i img ins kbd mark q s samp "
                    "small span strike strong sub sup time tt u var wbr".split())
JOIN = "|"  # ends a piece of a word Pagefind is given as a word of its own: "개| 인| 정| 보" is read 개인정보


def split_words(html: str, han: bool) -> str:
    """``html`` as Pagefind is given it (a copy; ids and links in it are not used, results link to
    pages): a space before the block elements Pagefind would run into their neighbours, and every
    CJK character a word of its own.

    ``han`` (Chinese, Japanese: Pagefind segments these itself and keeps the text's own spacing when
    words are split by zero-width spaces) puts a zero-width space between two Han characters. Every
    other language (Korean first: Pagefind does not segment it, and splits words at whitespace only)
    gets ``JOIN`` and a space between two CJK characters and between a CJK character and any other
    character it touches (OEE看板, 병원은): the index holds each character as a word, and the browser
    drops the ``JOIN`` and the space after it to show the text as written (see joined()). An ASCII
    mark, because Pagefind indexes a word with an ASCII punctuation mark as that word alone, where
    any other mark would add a second index entry for each piece of a word. Hangul is given
    decomposed (NFD jamo, shown composed again by joined()): Pagefind 1.5 keeps a composed syllable
    as a "diacritic variant" of its jamo, and its index chunking does not count variants, so a
    Korean index was one file every query fetched whole (335 KB at scale 1 of the benchmark; in
    jamo, chunks of 20 KB and 50 KB for a query).
    Boundaries across inline tags count (<strong>보호</strong>법 is split 호|법 too)."""
    html = _UNSEPARATED.sub(" ", html)
    if not _HAS_CJK.search(html):
        return html
    split, edge = ("\u200b", _HAN_PAIR) if han else (JOIN + " ", _CJK_EDGE)
    out: list[str] = []
    last, end = -1, ""  # the text run the next text goes on from (only inline tags between), its last character
    for i, part in enumerate(_MARKUP.split(html)):
        if i % 2:  # a tag
            name = _TAG_NAME.match(part)
            if not name or name.group(1).lower() not in _INLINE:
                last = -1
            out.append(part)
            continue
        if not part:
            continue
        plain = not _ESCAPED.search(part)  # most runs: unescaping and escaping again would give them back
        text = part if plain else unescape(part)
        if last >= 0 and edge.match(end + text[0], 1):
            out[last] += split
        if _HAS_CJK.search(text):
            text = edge.sub(split, text)
            if not han:
                text = _HANGUL.sub(_jamo, text)
        out.append(text if plain else escape(text, quote=False))  # (what is inserted needs no escaping)
        last, end = len(out) - 1, text[-1]
    return "".join(out)


def _jamo(syllables: re.Match) -> str:
    return unicodedata.normalize("NFD", syllables.group())


_MARKS = "((?:</?mark>)*)"  # Pagefind's highlights in an excerpt
_JOINED = (re.compile(f"([{_CJK}])\\|{_MARKS} "), re.compile(f"([^\\s{_CJK}])\\|{_MARKS} (?=(?:</?mark>)*[{_CJK}])"),
           re.compile(f"([{_CJK}])\\|{_MARKS}$"))


def joined(text: str) -> str:
    """Text of the index (content, title, excerpt) as written: Hangul composed, without the ``JOIN``
    marks and the spaces after them that split_words added, nor zero-width spaces
    (enablekit-search.js does the same)."""
    text = unicodedata.normalize("NFC", text)
    for pattern in _JOINED:
        text = pattern.sub(r"\1\2", text)
    return text.replace("\u200b", "")


def article_only(html: str) -> str:
    """The page's language and article, all Pagefind reads of it (navigation is a fifth of the work)."""
    head, start = _LANG.search(html), html.find('<article class="md-content__inner')
    end = html.rfind("</article>")
    if start < 0 or end < start:
        return html
    return f"{head.group(0) if head else '<html>'}<body>{html[start:end]}</article></body></html>"


def title_only(html: str) -> str:
    """The page reduced to its first heading, as Pagefind reads it."""
    head, title = _LANG.search(html), _TITLE.search(html)
    return (f"{head.group(0) if head else '<html>'}<body><article class=\"md-content__inner\">"
            f"{title.group(0) if title else ''}</article></body></html>")


class NoIndex:
    """Stands in for Material's search index when Pagefind searches: Material collects nothing."""

    def add_entry_from_context(self, page) -> None:  # noqa: ANN001
        pass

    def generate_search_index(self, prev) -> str:  # noqa: ANN001
        return '{"config":{},"docs":[]}'


def indexed_pages(bundle: str | os.PathLike) -> list[dict]:
    """What a Pagefind bundle holds, page by page (url, meta, content): for checks and tests."""
    import gzip

    pages = []
    for fragment in sorted(Path(bundle, "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        page = json.loads(data[len(b"pagefind_dcd"):].decode("utf-8"))
        page["content"] = joined(page["content"])
        page["meta"] = {key: joined(value) if isinstance(value, str) else value for key, value in page["meta"].items()}
        pages.append(page)
    return pages


# ------------------------------------------------------------------ Material's own search
SEARCH_SEPARATOR = r'[\s\u200b\u3000\-_,:;!?=\[\]()"`/、。，．？！；：]+|\.(?!\d)|&[lg]t;'


def configure_material_search(config: MkDocsConfig, lang: str, material: bool = True) -> None:
    """Search that fits the language. Chinese is segmented at build time (jieba) and split on the
    zero-width spaces it inserts; every other language gets Material's own settings for it (lunr's
    stemmer for de, fr, es…, TinySegmenter in the browser for ja) and no jieba, which would cut
    Japanese kanji compounds with a Chinese dictionary. Set for every build, because MkDocs keeps
    one plugin instance per process while the languages are built one after another."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or not hasattr(search.config, "separator"):
        return
    try:
        import material.plugins.search.plugin as material_search
    except ImportError:  # pragma: no cover - another search plugin: leave it alone
        return
    global _JIEBA
    if _JIEBA is _UNSET:
        _JIEBA = material_search.jieba
    chinese = lang.split("-")[0] == "zh" and material  # Pagefind segments Chinese itself
    material_search.jieba = _JIEBA if chinese else None
    user = getattr(search, "_enablekit_user_config", None)
    if user is None:  # what mkdocs.yml said, before this plugin filled anything in
        user = search._enablekit_user_config = (list(search.config.lang or []), search.config.separator)
    if chinese:
        search.config.lang = user[0] or ["en"]  # lunr's own Chinese support needs jieba in the browser
        search.config.separator = user[1] or SEARCH_SEPARATOR
    else:  # empty: Material fills in its defaults for the theme language
        search.config.lang = user[0] or None
        search.config.separator = user[1]


_UNSET = object()
_JIEBA = _UNSET


class _MemoJieba:
    """jieba for the search index of a preview: a text segmented once stays segmented, so a
    rebuild segments only what changed (Chinese segmentation is a quarter of a Chinese build)."""

    LIMIT = 200_000

    def __init__(self, jieba: Any) -> None:  # noqa: ANN401
        self._jieba = jieba
        self._cuts: dict[tuple, tuple[str, ...]] = {}

    def cut(self, sentence: Any, *args: Any, **kwargs: Any) -> tuple[str, ...]:  # noqa: ANN401
        key = (sentence, args, tuple(sorted(kwargs.items())))
        words = self._cuts.get(key)
        if words is None:
            if len(self._cuts) >= self.LIMIT:
                self._cuts.clear()
            words = self._cuts[key] = tuple(self._jieba.cut(sentence, *args, **kwargs))
        return words

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401
        return getattr(self._jieba, name)


def memoise_segmentation() -> None:
    """Give the search plugin a memoising jieba for the rest of this process (see _MemoJieba)."""
    try:
        import material.plugins.search.plugin as material_search
    except ImportError:  # pragma: no cover
        return
    global _JIEBA
    if _JIEBA is _UNSET:  # the jieba configure_material_search hands to the search plugin
        _JIEBA = material_search.jieba
    if _JIEBA is not None and not isinstance(_JIEBA, _MemoJieba):
        _JIEBA = _MemoJieba(_JIEBA)
        if material_search.jieba is not None:
            material_search.jieba = _JIEBA
