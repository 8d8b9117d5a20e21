"""``llms.txt`` for the site (llmstxt.org): per language, ``llms.txt`` (what the site holds, a link per
item to its Markdown twin) and ``llms-full.txt`` (every item's Markdown), and beside every page of an
item its clean Markdown twin (``…/index.md``), all from the build's audience view, as the MCP server
reads it. Runs after the site builder, which replaces the folder's pages."""

from __future__ import annotations

from pathlib import Path

from ..answers import knowledge
from ..content.docs import docs_dir, read_docs
from ..content.files import write_text_atomic
from ..content.model import Project
from ..content.schema import Audience
from ..content.yamlsafe import YamlError, check_text, load_yaml, split_front_matter
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
        url = site_url(self.context.root)
        items = knowledge.items(view)
        pages = read_docs(docs_dir(self.context.root), self.context.root)
        for lang in view.languages:
            base = out if lang == view.default_language else out / lang
            base.mkdir(parents=True, exist_ok=True)
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
                    write_text_atomic(twin, "\n".join(body))
                for item in group:
                    doc = knowledge.markdown(view, item, lang, url)
                    full.append(doc)
                    if shared:
                        target = twin
                    else:
                        target = _page(base / knowledge.KINDS[item.kind] / item.id)
                        if target is not None:
                            write_text_atomic(target, doc)
                    if target is None:
                        continue
                    rel = target.relative_to(base).as_posix()
                    summary = _summary(view, item, lang)
                    links.setdefault(KIND_TITLES[kind], []).append(
                        f"- [{_link_text(knowledge.title(view, item, lang))}]({rel})" + (f": {summary}" if summary else ""))
            links.update(self._docs(pages, view, lang, base))
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
            write_text_atomic(base / "llms.txt", "\n".join(head + body).rstrip() + "\n")
            write_text_atomic(base / "llms-full.txt", "\n".join(head) + "\n" + "\n".join(full))

    def _docs(self, pages: dict, view: Project, lang: str, base: Path) -> dict[str, list[str]]:
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
            write_text_atomic(target, text.lstrip())
            title = next((line.lstrip("#").strip() for line in text.splitlines() if line.startswith("# ")), stem)
            lines.append(f"- [{_link_text(title)}]({target.relative_to(base).as_posix()})")
        return {"Pages": lines} if lines else {}
