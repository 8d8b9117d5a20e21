"""The command line: a thin layer that parses options, calls the core API and prints with rich.

Each command imports the part of the package it runs when it runs: ``enablekit check`` starts in
0.3 s instead of the 1.0 s it takes to load the questionnaire, serve and health-PDF code as well."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from .content.diagnostics import ContentError, Diagnostic, Diagnostics, EnablekitError, Severity

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def _today(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)") from None


def _print_diagnostics(diags: Diagnostics, *, strict: bool = False) -> None:
    for d in diags:
        _print_one(d, strict)
    _print_summary(diags, strict)


def _print_summary(diags: Diagnostics, strict: bool) -> None:
    from .content.report import summary

    errors, warnings = len(diags.errors), len(diags.warnings)
    style = "bold red" if errors or (strict and warnings) else ("yellow" if warnings else "green")
    err.print(f"[{style}]{summary(diags)}[/]")


def _print_one(d: Diagnostic, strict: bool) -> None:
    if d.severity is Severity.ERROR:
        err.print(f"[bold]{escape(str(d.location))}:[/] [red]{escape(d.message)}[/]")
    else:
        colour = "red" if strict else "yellow"
        err.print(f"[bold]{escape(str(d.location))}:[/] [{colour}]warning: {escape(d.message)}[/]")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="enablekit")
def cli() -> None:
    """Sales enablement from a git repo: a searchable site, PDFs and decks from YAML and Markdown."""


@cli.command()
@click.argument("project", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings (stale content, missing owners or translations) as errors.")
@click.option("--today", metavar="YYYY-MM-DD", help="Judge freshness as of this date (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text for people, json for programs, github for annotations in GitHub Actions.")
@click.option("-q", "--quiet", is_flag=True, help="Errors and the summary only, in every format (with --strict,"
              " warnings are errors).")
@click.option("-v", "--verbose", "--show-all", "show_all", is_flag=True,
              help="List every warning (by default many warnings of one kind are summarised).")
def check(project: Path, strict: bool, today: str | None, fmt: str, quiet: bool, show_all: bool) -> None:
    """Load and validate PROJECT; print every problem as path:line:col: message."""
    from .content import report
    from .content.loader import load_project

    loaded, diags = load_project(project, today=_today(today))
    if loaded is not None and not diags.errors:  # what the texts missing a language cost: a document not made
        from .views.documents import unmade

        for location, message in unmade(loaded):
            diags.warning(location, message, code="untranslated-document")
    failed = loaded is None or bool(diags.errors) or (strict and bool(diags.warnings))
    if fmt == "json":
        sys.stdout.write(report.as_json(diags, strict=strict, quiet=quiet) + "\n")
    elif fmt == "github":
        for line in report.as_github(diags, strict=strict, quiet=quiet):
            sys.stdout.write(line + "\n")
        err.print(report.summary(diags), highlight=False)
    else:
        shown, summaries = report.grouped(diags, show_all=show_all)
        if quiet:
            shown = [d for d in shown if report.fails(d, strict)]
            summaries = []
        for d in shown:
            _print_one(d, strict)
        for line in summaries:
            err.print(f"[yellow]{escape(line)}[/]")
        _print_summary(diags, strict)
    if failed:
        sys.exit(1)


class _Progress:
    """What the build is doing, on one line of the terminal, redrawn when it changes. Unlike rich's status
    it runs no thread of its own (a spinner's), so the build may fork: decks are drawn side by side, PDFs
    laid out while decks are drawn (a process with threads is never forked)."""

    def __init__(self, message: str):
        from rich.live import Live

        self._live = Live(self._line(message), console=err, auto_refresh=False, transient=True)

    @staticmethod
    def _line(message: str):  # noqa: ANN205 - a rich renderable
        from rich.spinner import Spinner

        return Spinner("dots", message)

    def update(self, message: str) -> None:
        self._live.update(self._line(message), refresh=True)

    def __enter__(self) -> _Progress:
        self._live.start(refresh=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self._live.stop()


def _progress(message: str) -> _Progress:
    return _Progress(message)


@cli.command()
@click.argument("project", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: PROJECT/site).")
@click.option(
    "--audience",
    type=click.Choice(["internal", "partner", "public"]),
    default="internal",
    show_default=True,
    help="Who the output is for; narrower content is left out everywhere.",
)
@click.option("--only", metavar="LIST", help="Comma-separated outputs to build (e.g. site,pdf,deck).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--today", metavar="YYYY-MM-DD", help="Judge freshness as of this date (default: today).")
@click.option("--force", is_flag=True, help="Build every artifact again, ignoring .enablekit-cache.")
@click.option("--explain", is_flag=True, help="Print one line per artifact: reused, or why it was built again.")
def build(project: Path, out: Path | None, audience: str, only: str | None, strict: bool, today: str | None,
          force: bool, explain: bool) -> None:
    """Validate PROJECT, then build its outputs. A failed build leaves the previous output untouched.
    What did not change since the last build is reused from PROJECT/.enablekit-cache (--force: nothing is)."""
    from .pipeline import build as run_build

    names = [n.strip() for n in only.split(",") if n.strip()] if only else None
    with _progress("building…") as status:
        result = run_build(
            project,
            out=out,
            audience=audience,
            only=names,
            today=_today(today),
            strict=strict,
            force=force,
            report=lambda message: status.update(escape(message)),
        )
    if explain:
        for artifact, reason in result.explain:
            click.echo(f"reused   {artifact}" if reason is None else f"rebuilt  {artifact}: {reason}")
    for d in result.diagnostics.warnings:
        _print_one(d, False)
    for warning in result.warnings:
        err.print(f"[yellow]warning: {escape(warning)}[/]")
    timings = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in result.seconds.items())
    err.print(f"[green]built[/] {escape(str(result.out))} ({audience}; {timings})")


@cli.command()
@click.argument("deal", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: PROJECT/site/proposals/<deal id>).")
@click.option("--today", metavar="YYYY-MM-DD", help="Judge freshness as of this date (default: today).")
def proposal(deal: Path, out: Path | None, today: str | None) -> None:
    """Proposal PDF and deck for the customer, and the team's meeting-prep sheet, from one deal file."""
    from .pipeline import build_proposal

    with err.status("building proposal…") as status:
        written = build_proposal(deal, out=out, today=_today(today), report=lambda m: status.update(escape(m)))
    for path in written:
        out_line = f"[green]wrote[/] {escape(str(path))}"
        err.print(out_line)


@cli.command()
@click.argument("project", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(project: Path, dev_addr: str) -> None:
    """Live preview of PROJECT's site: every save of content, docs, templates or mkdocs.yml rebuilds
    it and reloads the page; content errors are printed and shown on the page, the server goes on."""
    from .serve import serve as run_serve

    config = Path(project) / "mkdocs.yml"
    if not config.is_file():
        raise EnablekitError(f"{config}: no such file; `enablekit new DIR` makes a project with one")
    run_serve(Path(project), dev_addr=dev_addr, console=err)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--languages", metavar="LIST", default="zh,en", show_default=True,
              help="Comma-separated language codes, the default first (e.g. ja,en or de,en).")
@click.option("--currency", metavar="CODE", help="Currency of the sample prices, e.g. EUR (default: that of the"
              " first language's main country: fr → EUR, pt-BR → BRL, en → USD).")
def new(directory: Path, languages: str, currency: str | None) -> None:
    """Scaffold a small but complete content project in DIRECTORY."""
    from .content.scaffold import scaffold, untranslated

    codes = [code.strip() for code in languages.split(",") if code.strip()]
    written = scaffold(directory, codes, currency)
    missing = untranslated(codes)
    if missing:
        err.print(f"the sample text has no {', '.join(missing)} version: `enablekit check {escape(str(directory))}`"
                  f" lists each text to translate")
    err.print(f"[green]created[/] {escape(str(directory))} ({len(written)} files)")
    err.print(f"next: [bold]enablekit build {escape(str(directory))}[/] then open {escape(str(directory))}/site/index.html")


@cli.command()
@click.argument("questionnaire", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the filled file (default: NAME.answered.EXT beside it).")
@click.option("--language", metavar="LANG", help="Language of the answers (default: the questionnaire's).")
@click.option("--sheet", metavar="NAME", help="Only this sheet of a workbook (default: every sheet with questions).")
@click.option("--question-col", metavar="COL", help="Question column: a letter (B) or its header text.")
@click.option("--answer-col", metavar="COL", help="Answer column: a letter (D) or its header text (default: found"
              " by its header, or added).")
@click.option("--review", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a review copy here: the filled file plus confidence, answer id, review date and"
                   " notes columns, and the report (a sheet, a section, or NAME.report.md beside a .csv).")
@click.option("--project", "project_dir", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The project whose answer library is used.")
@click.option("--today", metavar="YYYY-MM-DD", help="Judge freshness as of this date (default: today).")
def answer(questionnaire: Path, out: Path | None, language: str | None, sheet: str | None, question_col: str | None,
           answer_col: str | None, review: Path | None, project_dir: Path, today: str | None) -> None:
    """Fill a questionnaire (.xlsx, .docx tables, .csv) from the answer library into the customer's own
    columns and words: public answers only, each in its question's language; what it cannot answer is
    left empty and reported."""
    from rich.table import Table

    from .answers.questionnaire import fill, report_rows, summary
    from .content.loader import load_or_fail

    project, _ = load_or_fail(project_dir, today=_today(today))
    with err.status("answering…"):
        report = fill(project, questionnaire, out=out, language=language, sheet=sheet, question_col=question_col,
                      answer_col=answer_col, review=review)
    L = project.labels(report.language)
    for name, header, rows in report_rows(report, L):
        if not rows:
            continue
        table = Table(title=f"{name} ({len(rows)})", title_justify="left", show_lines=False)
        for column in header:
            table.add_column(escape(column), overflow="fold")
        for row in rows:
            table.add_row(*(escape(cell) for cell in row))
        err.print(table)
    if report.kept:
        err.print(f"{len(report.kept)} already answered in the file: left as they were")
    style = "green" if not report.unanswered else "yellow"
    err.print(f"[{style}]{escape(summary(report, L))}[/]")
    for warning in report.warnings:
        err.print(f"[yellow]warning: {escape(warning)}[/]")
    for path in [report.out, *report.extra_files]:
        err.print(f"[green]wrote[/] {escape(str(path))}")


@cli.command("import")
@click.argument("kind", metavar="KIND")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--map", "maps", metavar="COL=field", multiple=True,
              help="Column (header text or letter) → field, with a language for texts: 'Réponse=answer.fr', C=short;"
                   " COL=- ignores a column. Repeatable.")
@click.option("--sheet", metavar="NAME", help="The sheet of a workbook (default: the first visible one).")
@click.option("--dry-run", is_flag=True, help="Show the diff of what would change; write nothing.")
@click.option("--overwrite", is_flag=True, help="Where a cell and the YAML disagree and both changed, take the cell.")
@click.option("--crm", "crm", metavar="NAME", help="deals: the CRM's column map (salesforce, hubspot, dynamics, fxiaoke,"
              " xiaoshouyi, or one in templates/crm/); default: recognised from the headers.")
@click.option("--project", "project_dir", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The content project.")
def import_(kind: str, file: Path, maps: tuple[str, ...], sheet: str | None, dry_run: bool, overwrite: bool,
            crm: str | None, project_dir: Path) -> None:
    """Import KIND (objections, answers, cases, comparison, personas or deals) from a spreadsheet
    (.xlsx, .csv): new rows become YAML files or list items, rows of existing items change only
    the cells that differ (in place), and every row that cannot be used is printed as FILE:ROW."""
    from .content.loader import load_or_fail
    from .exchange.importer import import_file, parse_maps, write

    project, _ = load_or_fail(project_dir)
    given = parse_maps(maps)
    if kind in ("deals", "deal"):
        from .exchange.crm import import_deals

        outcome = import_deals(project, file, crm_name=crm, maps_given=given, sheet=sheet, overwrite=overwrite)
    else:
        if crm:
            raise click.UsageError("--crm is for `enablekit import deals`")
        outcome = import_file(project, kind, file, maps=given, sheet=sheet, overwrite=overwrite)
    err.print(f"columns: {escape(outcome.columns)}")
    for line in outcome.refused:
        err.print(f"[red]{escape(line)}[/]")
    for line in outcome.conflicts:
        err.print(f"[yellow]{escape(line)}[/]")
    for line in outcome.notes:
        err.print(escape(line))
    if dry_run:
        sys.stdout.write(outcome.diff())
    else:
        write(project, outcome)
    parts = [f"{len(outcome.added)} added", f"{len(outcome.updated)} updated", f"{outcome.unchanged} unchanged"]
    if outcome.conflicts:
        parts.append(f"{len(outcome.conflicts)} with conflicts kept")
    if outcome.refused:
        parts.append(f"{len(outcome.refused)} row{'s' if len(outcome.refused) != 1 else ''} left out")
    files = f"; {'would change' if dry_run else 'wrote'} {len(outcome.files)} file{'s' if len(outcome.files) != 1 else ''}"
    style = "red" if outcome.refused else "yellow" if outcome.conflicts else "green"
    err.print(f"[{style}]{escape(outcome.kind)}: {', '.join(parts)}{files}{' (dry run)' if dry_run else ''}[/]")
    if not dry_run:
        for rel in sorted(outcome.files):
            err.print(f"[green]wrote[/] {escape(rel)}")
    if outcome.refused:
        sys.exit(1)


@cli.command("export")
@click.argument("kind", metavar="KIND")
@click.option("--languages", metavar="LIST", help="Comma-separated languages, side by side (default: the project's).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="The workbook to write (default: KIND.xlsx).")
@click.option("--project", "project_dir", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The content project.")
def export_(kind: str, languages: str | None, out: Path | None, project_dir: Path) -> None:
    """Export KIND (objections, answers, cases, comparison, personas) as an .xlsx for review and
    translation: one row per item, ids locked, drop-down lists for the fixed values; `enablekit
    import KIND FILE` of the edited file applies exactly the cells that changed."""
    from .content.loader import load_or_fail
    from .exchange.export import export
    from .exchange.importer import kind_name

    project, _ = load_or_fail(project_dir)
    kind = kind_name(kind)
    if kind == "deals":
        raise EnablekitError("deals are not exported: they come from the CRM (`enablekit import deals FILE`)")
    codes = [c.strip() for c in languages.split(",") if c.strip()] if languages else None
    target = out or Path(f"{kind}.xlsx")
    count = export(project, kind, target, codes)
    err.print(f"[green]wrote[/] {escape(str(target))} ({count} {escape(kind)})")


@cli.command()
@click.argument("project", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--vscode", is_flag=True,
              help="Write PROJECT/.enablekit.schema.json and associate it with every content file in"
                   " PROJECT/.vscode/settings.json (other settings are kept). PROJECT defaults to '.'.")
def schema(project: Path | None, vscode: bool) -> None:
    """Print the JSON Schema of every content file kind (for editors' YAML support), or set it up
    for VS Code's YAML extension with --vscode."""
    from .content.authoring import install_vscode_schema, json_schema_text, vscode_associations

    if not vscode:
        if project is not None:
            raise click.UsageError("PROJECT is only used with --vscode (without it the schema goes to stdout)")
        sys.stdout.write(json_schema_text())
        return
    for what, path in install_vscode_schema(project or Path(".")):
        err.print(f"[green]{what}[/] {escape(str(path))}")
    patterns = [p for globs in vscode_associations().values() for p in ([globs] if isinstance(globs, str) else globs)]
    err.print(f"yaml.schemas: the schema checks {', '.join(escape(p) for p in patterns)}")
    err.print("next: open the project folder in VS Code with the YAML extension (redhat.vscode-yaml);"
              " run this again after upgrading enablekit")


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@click.option("--project", "project", default=".", type=click.Path(file_okay=False, path_type=Path),
              show_default=True, help="The content project.")
@click.option("--by", metavar="NAME", help="Who verified it: also sets 'owner'.")
@click.option("--date", "date", metavar="YYYY-MM-DD", help="Date of the verification (default: today).")
def verify(ids: tuple[str, ...], project: Path, by: str | None, date: str | None) -> None:
    """Record that IDS (id or kind:id) were re-verified: sets 'reviewed' (and 'owner' with --by) in
    place, keeping every comment, the order and the quoting of the files."""
    from .content.loader import load_project
    from .content.verify import verify as run_verify

    loaded, diags = load_project(project)
    if loaded is None:
        raise ContentError(diags)
    day = _today(date)
    if day is not None and day > loaded.today + dt.timedelta(days=1):
        raise click.BadParameter(f"{day} is in the future (today is {loaded.today})", param_hint="--date")
    for item in run_verify(loaded, list(ids), by=by, date=day):
        what = ", ".join(f"{name}: {old or '—'} → {new}" for name, old, new in item.changes) or "unchanged"
        err.print(f"[green]verified[/] {escape(item.kind)}:{escape(item.id)} ({escape(item.path)}: {escape(what)})")


@cli.command()
@click.argument("project", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text for people, json for programs, github for annotations in GitHub Actions.")
@click.option("--audience", type=click.Choice(["internal", "partner", "public"]), default="internal",
              show_default=True, help="Judge only the content this audience sees.")
@click.option("--strict", is_flag=True, help="Exit 1 when the score is below company.yaml's health: {min_score: …}.")
@click.option("--today", metavar="YYYY-MM-DD", help="Judge freshness as of this date (default: today).")
@click.option("--no-trend", is_flag=True, help="Skip the score's trend over the git history (faster).")
@click.option("--pdf", "pdf_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the one-page report health.<lang>.pdf into this folder.")
@click.option("--lang", metavar="CODE", help="Language of the PDF (default: the company's first).")
def health(project: Path, fmt: str, audience: str, strict: bool, today: str | None, no_trend: bool,
           pdf_dir: Path | None, lang: str | None) -> None:
    """Content health of PROJECT: what is stale or never verified (by owner), which personas,
    industries and stages lack objection answers, orphans, missing translations, the trend."""
    import json

    from .content.loader import load_or_fail
    from .team import health as core
    from .views.audience import view

    loaded, _ = load_or_fail(project, today=_today(today))
    seen = view(loaded, audience)
    report = core.compute(seen)
    if not no_trend:
        report.trend, report.trend_note = core.trend(seen)
    if fmt == "json":
        sys.stdout.write(json.dumps(core.as_dict(report, seen), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "github":
        for line in core.github_lines(report):
            sys.stdout.write(line + "\n")
    else:
        for line in core.text_lines(report, seen):
            out.print(escape(line))
    if pdf_dir is not None:
        from .outputs.health_pdf import write

        if lang and lang not in seen.languages:
            from .content.diagnostics import did_you_mean

            raise EnablekitError(f"unknown language '{lang}'{did_you_mean(lang, seen.languages)}")
        err.print(f"[green]wrote[/] {escape(str(write(seen, report, lang or seen.default_language, pdf_dir)))}")
    if strict and not report.passed:
        err.print(f"[bold red]health score {report.overall:.0%} is below the minimum {report.min_score:.0%}[/]")
        sys.exit(1)


@cli.command()
@click.argument("project", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--since", metavar="REF|DATE", help="A git revision (tag, HEAD~5, sha) or a date YYYY-MM-DD"
              " (the last commit before it); default: 30 days ago.")
@click.option("--audience", type=click.Choice(["internal", "partner", "public"]), default="internal",
              show_default=True, help="Only what this audience may see.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="text for people, json for programs, markdown for a release note.")
@click.option("--lang", metavar="CODE", help="Language of names and diffs (default: the company's first).")
@click.option("--site-url", metavar="URL", help="The built site's address, for full links in the markdown note"
              " (default: mkdocs.yml's site_url).")
@click.option("--today", metavar="YYYY-MM-DD", help="Judge as of this date (default: today).")
def changes(project: Path, since: str | None, audience: str, fmt: str, lang: str | None, site_url: str | None,
            today: str | None) -> None:
    """What changed for reps since a revision: new and removed objections, changed talk tracks,
    battlecard updates, capability status changes, new cases and whitepapers, by team."""
    import json

    from .content.loader import load_or_fail
    from .team import changes as core
    from .views.audience import view

    loaded, _ = load_or_fail(project, today=_today(today))
    if lang and lang not in loaded.languages:
        from .content.diagnostics import did_you_mean

        raise EnablekitError(f"unknown language '{lang}'{did_you_mean(lang, loaded.languages)}")
    lang = lang or loaded.default_language
    found, commit = core.since_revision(loaded, since, audience, lang)
    seen = view(loaded, audience)
    label = since or (loaded.today - dt.timedelta(days=30)).isoformat()
    if fmt == "json":
        data = core.as_dict(found, seen, lang, since=label, sha=commit.sha, date=commit.date)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "markdown":
        sys.stdout.write(core.markdown(found, seen, lang, sha=commit.sha, date=commit.date,
                                       site_url=_site_url(project, site_url)))
    else:
        for line in core.text_lines(found, seen, lang, since=label, sha=commit.sha, date=commit.date):
            out.print(escape(line))


@cli.command()
@click.argument("project", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The build to check (default: PROJECT/site; what `enablekit build --out` wrote).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text for people, json for programs, github for annotations in GitHub Actions.")
@click.option("-q", "--quiet", is_flag=True, help="The defects only: no summary line or notes.")
def preflight(project: Path, site_dir: Path | None, fmt: str, quiet: bool) -> None:
    """Open every PDF and deck of PROJECT's last build and report what a designer would reject,
    per file and page or slide, before anything is sent. Exit 1 on any defect, 2 when there is no build."""
    from .preflight import report
    from .preflight.files import NoBuild
    from .preflight.run import preflight as run_preflight

    try:
        with err.status("checking the build…"):
            result = run_preflight(project, site_dir)
    except NoBuild as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        sys.exit(2)
    if fmt == "json":
        sys.stdout.write(report.as_json(result.defects) + "\n")
    elif fmt == "github":
        for line in report.as_github(result.defects):
            sys.stdout.write(line + "\n")
    else:
        for line in report.text_lines(result.defects):
            out.print(escape(line))
    if not quiet:
        for note in result.notes:
            err.print(f"[yellow]warning: {escape(note)}[/]")
        err.print(f"[{'bold red' if result.defects else 'green'}]{escape(report.summary(result))}[/]")
    if result.defects:
        sys.exit(1)


def _site_url(project: Path, given: str | None) -> str | None:
    """The built site's address: --site-url, else mkdocs.yml's site_url (None when neither says)."""
    from .outputs.llms import site_url

    return given or site_url(project)


@cli.command()
@click.argument("project", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--audience", type=click.Choice(["internal", "partner", "public"]), default="internal",
              show_default=True, help="What the server may hold: give partners a partner server, customers a public one.")
@click.option("--site-url", metavar="URL", help="The built site's address, for each result's url (default: mkdocs.yml's"
              " site_url).")
@click.option("--today", metavar="YYYY-MM-DD", help="Judge freshness as of this date (default: today).")
def mcp(project: Path, audience: str, site_url: str | None, today: str | None) -> None:
    """Serve PROJECT's content to AI assistants over MCP (stdio), from the same audience view as the site:
    search, get, battlecard, objections, capability, answer, changes (internal: prepare, report_gap)."""
    from .content.loader import load_or_fail
    from .outputs.mcp.server import require_mcp, serve_stdio
    from .views.audience import view

    require_mcp()
    loaded, _ = load_or_fail(project, today=_today(today))
    serve_stdio(view(loaded, audience), site_url=_site_url(project, site_url))


@cli.command()
@click.argument("question")
@click.option("--project", "project_dir", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The project to search.")
@click.option("--audience", type=click.Choice(["internal", "partner", "public"]), default="internal",
              show_default=True, help="Only what this audience may see.")
@click.option("--kind", metavar="KIND", help="Only this kind: objection, competitor, capability, case, persona,"
              " industry, playbook, whitepaper, answer, training.")
@click.option("--language", metavar="LANG", help="Language of the passages (default: the question's).")
@click.option("-n", "--limit", default=3, show_default=True, type=click.IntRange(1, 20), help="How many passages.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--site-url", metavar="URL", help="The built site's address (default: mkdocs.yml's site_url).")
@click.option("--today", metavar="YYYY-MM-DD", help="Judge freshness as of this date (default: today).")
def ask(question: str, project_dir: Path, audience: str, kind: str | None, language: str | None, limit: int,
        fmt: str, site_url: str | None, today: str | None) -> None:
    """Search the content as the MCP server does and print the best passages, each with where it is from."""
    import json

    from .content.loader import load_or_fail
    from .outputs.mcp.tools import Knowledge, ToolError
    from .views.audience import view

    loaded, _ = load_or_fail(project_dir, today=_today(today))
    knowledge = Knowledge(view(loaded, audience), site_url=_site_url(project_dir, site_url))
    args = {"query": question, "limit": limit, **({"kind": kind} if kind else {}),
            **({"language": language} if language else {})}
    try:
        with err.status("searching…"):
            result = knowledge.call("search", args)
    except ToolError as exc:
        raise EnablekitError(str(exc)) from None
    if fmt == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    if not result["hits"]:
        err.print("[yellow]nothing found[/]")
        sys.exit(1)
    words = knowledge.view.labels(result["language"])  # the flags in the language of the results
    for n, hit in enumerate(result["hits"], 1):
        flags = [words[hit["status"]]] if hit.get("status") not in (None, "ga") else []
        flags += [words["health_stale"]] if hit["stale"] else []
        out.print(f"[bold]{n}. {escape(' '.join(hit['title'].split()))}[/] ({hit['kind']}:{escape(hit['id'])}"
                  f"{'; ' + ', '.join(flags) if flags else ''})")
        for line in hit["text"].splitlines():
            out.print(f"   > {escape(line)}" if line.strip() else "   >")
        out.print(f"   — {escape(hit['url'] or hit['source'])}" + (f" ({escape(hit['source'])})" if hit["url"] else ""))
        out.print("")


@cli.command("labels")
@click.argument("lang", metavar="LANG")
@click.option("--missing", is_flag=True, help="Only the words that fall back to English in LANG.")
@click.option("--project", "project_dir", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Count the project's own templates/labels too.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (e.g. templates/labels/sv.yaml) instead of printing; never overwrites one.")
def labels_(lang: str, missing: bool, project_dir: Path, out: Path | None) -> None:
    """The interface words of LANG as YAML for a translator: every key with its English text above it,
    ready for templates/labels/LANG.yaml (with --missing, only the words still in English)."""
    from .content.files import write_text_atomic
    from .language.i18n import catalog_yaml, language_problem

    problem = language_problem(lang)
    if problem:
        raise EnablekitError(problem)
    root = project_dir if (project_dir / "templates" / "labels").is_dir() else None
    text = catalog_yaml(lang, root.resolve() if root else None, missing_only=missing)
    if out is None:
        sys.stdout.write(text)
        return
    if out.exists():
        raise EnablekitError(f"{out} exists: it keeps its translations; print the words still missing with"
                             f" `enablekit labels {lang} --missing` and add them to it")
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out, text)
    err.print(f"[green]wrote[/] {escape(str(out))} ({text.count(chr(10) + chr(10))} words): translate each value")


def main(args: list[str] | None = None) -> None:
    """The ``enablekit`` command. Problems with the content, the options or the disk are printed as
    plain lines (exit 1); only a bug in enablekit itself shows a traceback."""
    try:
        cli.main(args=args, standalone_mode=False)
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics)
        sys.exit(1)
    except EnablekitError as exc:
        message = " ".join(part.strip() for part in str(exc).splitlines() if part.strip())
        err.print(f"[red]error:[/] {escape(message)}")
        sys.exit(1)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        from .pipeline import write_error_reason

        reason = write_error_reason(exc)
        if reason is None:
            raise  # not the disk's or the permissions' fault: a bug, keep the traceback
        where = f"{exc.filename}: " if exc.filename else ""
        err.print(f"[red]error:[/] {escape(where + reason)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
