"""``llms.txt`` for the site (llmstxt.org): per language, ``llms.txt`` (what the site holds, a link per
item to its Markdown twin) and ``llms-full.txt`` (every item's Markdown), and beside every page of an
item its clean Markdown twin (``…/index.md``), all from the build's audience view, as the MCP server
reads it. Runs after the site builder, which replaces the folder's pages.

What it writes is kept in the artifact cache with what it was made from: the project's files (every
item's text, and the ``path:line`` each twin names), the date, the audience, enablekit's code and which
of the site's pages are there to have a twin; a build where none of that changed writes the kept files."""

from __future__ import annotations

from pathlib import Path

from ..answers import knowledge
from ..content.docs import docs_dir, read_docs
from ..content.files import write_text_atomic
from ..content.model import Project
from ..content.schema import Audience
from ..content.yamlsafe import YamlError, check_text, load_yaml, split_front_matter
from .cache import ArtifactCache, code_fingerprint, digest, files_digest
from .registry import Builder, Views, register

# kinds shown on one page for all their items (with an anchor each): the page's folder
SHARED_PAGES = {"capability": "capabilities", "answer": "answers"}
KIND_TITLES = {"objection": "Objections", "competitor": "Battlecards", "capability": "Capabilities",
               "case": "Customer cases", "persona": "Buyer roles", "industry": "Industries",
               "playbook": "Playbooks", "whitepaper": "Whitepapers", "answer": "Questionnaire answers",
               "training": "Training"}


def site_url(root: Path) -> str | None:
    """mkdocs.yml's ``site_url`` (an http(s) address), or None."""
    try:
        data = load_yaml(check_text((root / "mkdocs.yml").read_bytes())).data
    except (OSError, YamlError):
        return None
    value = data.get("site_url") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


def _page(folder: Path) -> Path | None:
    """The Markdown twin's path for the page built in ``folder`` (directory URLs) or as ``folder``.html."""
    if (folder / "index.html").is_file():
        return folder / "index.md"
    if folder.with_suffix(".html").is_file():
        return folder.with_suffix(".md")
    return None


def _write(path: Path, data: bytes) -> None:
    """A new file, or an existing one replaced (never written into: the site's files are links to its cache)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "xb") as handle:
            handle.write(data)
    except FileExistsError:
        write_text_atomic(path, data.decode("utf-8"))


def _summary(view: Project, item: knowledge.Item, lang: str) -> str:
    found = knowledge.sections(view, item, lang)
    text = " ".join(found[0].text.split()) if found else ""
    title = " ".join(knowledge.title(view, item, lang).split())
    text = text.removeprefix(title).strip()
    return text[:160] + ("…" if len(text) > 160 else "")


def _link_text(text: str) -> str:
    return " ".join(text.replace("[", "(").replace("]", ")").split())


@register
class LlmsBuilder(Builder):
    name = "llms"
    description = "llms.txt, llms-full.txt and a Markdown twin of every page, per language"
    order = 110  # after the site: the twins sit beside its pages

    def build(self, views: Views, out: Path) -> None:
        view = views.get(self.context.audience)
        assert view is not None
        root = self.context.root
        folder = docs_dir(root)
        pages = read_docs(folder, root)
        items = knowledge.items(view)
        made_from = [root / "content", root / "playbooks", root / "deals", root / "templates", root / "mkdocs.yml", folder]
        inputs = {"code": code_fingerprint(), "files": files_digest(root, made_from), "today": view.today.isoformat(),
                  "audience": view.audience.value, "pages": digest(self._twins(view, items, pages, out))}
        cache = ArtifactCache(root, "llms", self.context)
        hit = cache.lookup(self.name, inputs, views)
        ahead, self._ahead = self._ahead, None
        if hit is not None:
            files = hit.files
        elif ahead is not None and ahead[0] == self._found(view, items, pages, out):
            files = ahead[1]  # made ahead for the pages the site has
        else:
            files = self._make(view, items, pages, out)
        if hit is None:
            cache.store(self.name, inputs, None, files, {})
        for name, data in files.items():
            _write(out / name, data)

    _ahead: tuple[list, dict[str, bytes]] | None = None  # see prepare

    def prepare(self, views: Views, like: Path) -> None:
        """Make the files ahead, while the site is made, for its pages as they are in ``like`` (the output
        built last time); :meth:`build` takes them when the site it finds has the same pages."""
        view = views.get(self.context.audience)
        assert view is not None
        pages, items = read_docs(docs_dir(self.context.root), self.context.root), knowledge.items(view)
        found = self._found(view, items, pages, like)
        self._ahead = found, self._make(view, items, pages, like)

    def _found(self, view: Project, items: list, pages: dict, out: Path) -> list[str | None]:
        """For every page that may have a twin (``_make`` looks at no other), where its twin goes, relative to
        ``out`` (None: the site in ``out`` has no such page), in every language."""
        found = []
        for lang in view.languages:
            base = out if lang == view.default_language else out / lang
            folders = [base / shared for shared in (*SHARED_PAGES.values(), "trust")]
            folders += [base / knowledge.KINDS[item.kind] / item.id for item in items]
            folders += [base / path.removesuffix(".md") for path in pages]
            found += [twin.relative_to(out).as_posix() if (twin := _page(f)) is not None else None for f in folders]
        return found

    def _twins(self, view: Project, items: list, pages: dict, out: Path) -> list[str]:
        """Where the twins go: the pages of the site (as built in ``out``) that have one, in every language."""
        return sorted(twin for twin in self._found(view, items, pages, out) if twin is not None)

    def _make(self, view: Project, items: list, pages: dict, out: Path) -> dict[str, bytes]:
        """Every file this builder writes, by its path relative to ``out`` (the site's pages are there)."""
        made: dict[str, str] = {}
        url = site_url(self.context.root)
        for lang in view.languages:
            base = out if lang == view.default_language else out / lang
            links: dict[str, list[str]] = {}
            full = []
            for kind in knowledge.KINDS:
                group = [i for i in items if i.kind == kind]
                shared = SHARED_PAGES.get(kind)
                if kind == "answer" and view.audience is not Audience.internal:
                    # the answer library is the sales team's page; others have the trust center's answers
                    group = [i for i in group if i.entity.category in ("security", "privacy")]
                    shared = "trust"
                if not group:
                    continue
                twin = _page(base / shared) if shared else None
                if shared and twin is not None:
                    body = [f"# {KIND_TITLES[kind]}", ""] + [knowledge.markdown(view, i, lang, url, level=2)
                                                           for i in group]
                    made[twin.relative_to(out).as_posix()] = "\n".join(body)
                for item in group:
                    doc = knowledge.markdown(view, item, lang, url)
                    full.append(doc)
                    if shared:
                        target = twin
                    else:
                        target = _page(base / knowledge.KINDS[item.kind] / item.id)
                        if target is not None:
                            made[target.relative_to(out).as_posix()] = doc
                    if target is None:
                        continue
                    rel = target.relative_to(base).as_posix()
                    summary = _summary(view, item, lang)
                    links.setdefault(KIND_TITLES[kind], []).append(
                        f"- [{_link_text(knowledge.title(view, item, lang))}]({rel})" + (f": {summary}" if summary else ""))
            links.update(self._docs(pages, view, lang, base, made, out))
            name = " ".join(view.t(view.company.name, lang).split())
            product = view.company.product
            about = " ".join(view.t(product.slogan or product.elevator_pitch, lang).split())
            head = [f"# {name}", ""] + ([f"> {about}", ""] if about else [])
            head += [f"Sales-enablement content of {name} for the {view.audience.value} audience, in {lang}"
                     f" (also in: {', '.join(x for x in view.languages if x != lang) or 'no other language'})."
                     " Each link is the Markdown twin of a page, with its source, review date and freshness in its"
                     " front matter; cite the page. Beta and roadmap capabilities are labelled: never present them"
                     " as available.", ""]
            body = [line for title, lines in links.items() for line in [f"## {title}", "", *lines, ""]]
            prefix = base.relative_to(out).as_posix() + "/" if base != out else ""
            made[f"{prefix}llms.txt"] = "\n".join(head + body).rstrip() + "\n"
            made[f"{prefix}llms-full.txt"] = "\n".join(head) + "\n" + "\n".join(full)
        return {name: text.encode("utf-8") for name, text in made.items()}

    def _docs(self, pages: dict, view: Project, lang: str, base: Path, made: dict[str, str],
              out: Path) -> dict[str, list[str]]:
        """Twins of the hand-written pages of docs/ this audience may read (in ``lang``, else the default)."""
        folder = docs_dir(self.context.root)
        lines = []
        for path, page in sorted(pages.items()):
            stem, _, suffix = path.removesuffix(".md").rpartition(".")
            if stem and suffix in view.languages:
                continue  # a translation: handled with its page
            stem = path.removesuffix(".md")
            if not view.audience.can_see(page.audience):
                continue
            source = folder / f"{stem}.{lang}.md"
            if not source.is_file():
                source = folder / path
            target = _page(base / stem) if stem != "index" else None
            if target is None:
                continue
            try:
                _, text, _ = split_front_matter(source.read_text(encoding="utf-8"))
            except (OSError, ValueError, YamlError):
                continue
            made[target.relative_to(out).as_posix()] = text.lstrip()
            title = next((line.lstrip("#").strip() for line in text.splitlines() if line.startswith("# ")), stem)
            lines.append(f"- [{_link_text(title)}]({target.relative_to(base).as_posix()})")
        return {"Pages": lines} if lines else {}
