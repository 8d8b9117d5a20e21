"""`enablekit import deals FILE`: opportunities exported from a CRM as ``deals/<id>.yaml``.

Which column is which comes from a column map: one YAML file per CRM in ``crm/`` beside this
module (Salesforce, HubSpot, Dynamics 365, 纷享销客, 销售易) or in the project's
``templates/crm/`` (added or overriding one of the same name). The map whose headers the file has
is used, or the one ``--crm`` names. A map lists, per field, the headers the CRM uses for it, how
its written dates read, and its sales stages with the playbook stage each one is (``skip`` leaves
the opportunity out, e.g. lost deals).

An opportunity may span several rows (one per contact); contacts become stakeholders with the
persona whose job titles match theirs. What does not fit the project (an industry, a title no
persona has, a stage no playbook has) is named in a comment at the top of the file and in the
summary, never guessed. An opportunity already imported (same CRM record id, or same deal id) is
merged like any other import: only what the file lacks is added, differences are reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.diagnostics import EnablekitError, did_you_mean, one_line
from ..content.model import Project
from ..content.yamlsafe import YamlError, load_yaml
from . import emit
from .cells import CellError, parse_date
from .columns import norm
from .edit import EditError, FileEdit
from .ids import slug, unique
from .importer import Outcome, _load, _plain, at_path
from .sheets import Table, as_text, read_table

BUILT_IN = Path(__file__).parent / "crm"
FIELDS = ("id", "name", "account", "stage", "amount", "currency", "close_date", "industry", "owner", "contact",
          "contact_title", "contacts", "next_step", "summary")
_CURRENCY = {"¥": "CNY", "￥": "CNY", "rmb": "CNY", "元": "CNY", "cny": "CNY", "$": "USD", "us$": "USD", "€": "EUR",
             "£": "GBP", "₩": "KRW", "r$": "BRL", "chf": "CHF", "hk$": "HKD"}


@dataclass
class CrmMap:
    key: str
    name: str
    detect: list[str]
    columns: dict[str, list[str]]
    date_order: str = "year-first"
    stages: dict[str, str] = field(default_factory=dict)
    path: str = ""


def maps(project: Project) -> dict[str, CrmMap]:
    """Every column map: the built-in ones, then the project's templates/crm/*.yaml."""
    out = {}
    files = sorted(BUILT_IN.glob("*.yaml")) + sorted((project.root / "templates" / "crm").glob("*.yaml"))
    for path in files:
        try:
            data = load_yaml(path.read_text(encoding="utf-8")).data
        except (OSError, UnicodeDecodeError, YamlError) as exc:
            raise EnablekitError(f"{path}: cannot read the column map ({getattr(exc, 'message', exc)})") from None
        if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
            raise EnablekitError(f"{path}: a column map has `name`, `detect` and `columns: {{field: [headers]}}`")
        unknown = [k for k in data["columns"] if k not in FIELDS]
        if unknown:
            raise EnablekitError(f"{path}: unknown field '{unknown[0]}'{did_you_mean(unknown[0], FIELDS)}"
                                 f" (fields: {', '.join(FIELDS)})")
        out[path.stem] = CrmMap(
            key=path.stem, name=str(data.get("name") or path.stem), detect=[str(d) for d in data.get("detect") or []],
            columns={k: [str(h) for h in (v or [])] for k, v in data["columns"].items()},
            date_order=str(data.get("date_order") or "year-first"),
            stages={norm(k): str(v) for k, v in (data.get("stages") or {}).items()}, path=str(path))
    return out


@dataclass
class Opportunity:
    row: int
    values: dict[str, Any]
    contacts: list[tuple[str, str]] = field(default_factory=list)  # (name, title)


def _layout(table: Table, crm: CrmMap, extra: dict[str, str]) -> tuple[int, dict[str, int]]:
    """The header row and the column of each field."""
    best: tuple[int, int, dict[str, int]] | None = None
    for number, values in table.rows[:10]:
        headers = {norm(v): i for i, v in reversed(list(enumerate(values))) if as_text(v)}
        found: dict[str, int] = {}
        for name, names in crm.columns.items():
            for header in names:
                if norm(header) in headers:
                    found[name] = headers[norm(header)]
                    break
        for column, name in extra.items():
            index = headers.get(norm(column))
            if index is None and re.fullmatch(r"[A-Za-z]{1,3}", column):
                from openpyxl.utils import column_index_from_string

                index = column_index_from_string(column.upper()) - 1
            if index is not None:
                found[name] = index
        if best is None or len(found) > len(best[2]):
            best = (number, len(found), found)
    if best is None or not ({"name", "account"} & set(best[2])):
        raise EnablekitError(f"{table.path}: no opportunity name or account column found for {crm.name} (map"
                             f" {crm.path}); name them with --map COL=name --map COL=account")
    return best[0], best[2]


def detect(table: Table, all_maps: dict[str, CrmMap]) -> CrmMap:
    scores = []
    for crm in all_maps.values():
        for _, values in table.rows[:10]:
            headers = {norm(v) for v in values if as_text(v)}
            hits = sum(norm(d) in headers for d in crm.detect)
            columns = sum(any(norm(h) in headers for h in names) for names in crm.columns.values())
            scores.append((hits, columns, crm.key))
    hits, columns, key = max(scores, default=(0, 0, ""))
    if not hits and columns < 3:
        raise EnablekitError(f"{table.path}: not an opportunity export of a CRM enablekit knows"
                             f" ({', '.join(m.name for m in all_maps.values())}); name it with --crm, or add a column map"
                             " in templates/crm/<name>.yaml")
    return all_maps[key]


def import_deals(project: Project, path: Path, *, crm_name: str | None = None, maps_given: dict[str, str] | None = None,
                 sheet: str | None = None, overwrite: bool = False, today: dt.date | None = None) -> Outcome:
    table = read_table(Path(path), sheet=sheet)
    all_maps = maps(project)
    if crm_name:
        key = crm_name.lower()
        if key not in all_maps:
            names = {m.name.lower(): k for k, m in all_maps.items()}
            key = names.get(key, key)
        if key not in all_maps:
            raise EnablekitError(f"--crm {crm_name}: no such column map{did_you_mean(crm_name, all_maps)}"
                                 f" (maps: {', '.join(all_maps)})")
        crm = all_maps[key]
    else:
        crm = detect(table, all_maps)
    extra = {}
    for column, target in (maps_given or {}).items():
        if target not in FIELDS:
            raise EnablekitError(f"--map {column}={target}: no deal field '{target}'{did_you_mean(target, FIELDS)}"
                                 f" (fields: {', '.join(FIELDS)})")
        extra[column] = target
    header_row, columns = _layout(table, crm, extra)
    out = Outcome("deals", Path(path))
    headers = dict(table.rows).get(header_row, [])
    out.columns = f"{crm.name} ({Path(crm.path).name}): " + "; ".join(
        f"'{as_text(headers[i]) if i < len(headers) else i + 1}' → {name}"
        for name, i in sorted(columns.items(), key=lambda kv: kv[1]))
    return DealImport(project, crm, overwrite, today or project.today).run(table, header_row, columns, out)


class DealImport:
    def __init__(self, project: Project, crm: CrmMap, overwrite: bool, today: dt.date):
        self.project, self.crm, self.overwrite, self.today = project, crm, overwrite, today

    def run(self, table: Table, header_row: int, columns: dict[str, int], out: Outcome) -> Outcome:
        opportunities: dict[str, Opportunity] = {}
        for number, values in table.rows:
            if number <= header_row:
                continue
            cell = {name: values[i] if i < len(values) else None for name, i in columns.items()}
            name, account = as_text(cell.get("name")), as_text(cell.get("account"))
            if not name and not account:
                continue
            key = as_text(cell.get("id")) or f"{name}\x00{account}"
            opportunity = opportunities.get(key)
            if opportunity is None:
                opportunity = opportunities[key] = Opportunity(number, cell)
            contact = as_text(cell.get("contact"))
            if contact:
                opportunity.contacts.append((contact, as_text(cell.get("contact_title"))))
            for entry in _contacts(as_text(cell.get("contacts"))):
                opportunity.contacts.append(entry)
        taken = set(self.project.deals)
        for opportunity in opportunities.values():
            where = table.where(opportunity.row)
            try:
                self._one(where, opportunity, taken, out)
            except (CellError, EditError) as exc:
                out.refused.append(f"{where}: {exc}")
        return out

    # ------------------------------------------------------------------ one opportunity
    def _one(self, where: str, opp: Opportunity, taken: set[str], out: Outcome) -> None:
        values = opp.values
        name, account = as_text(values.get("name")), as_text(values.get("account"))
        crm_id = as_text(values.get("id"))
        stage_text = as_text(values.get("stage"))
        stage, stage_note = self._stage(stage_text)
        if stage == "skip":
            out.notes.append(f"{where}: '{one_line(name or account)}' is {stage_text}: left out")
            return
        notes: list[str] = []
        if stage_note:
            notes.append(stage_note)
        data: dict[str, Any] = {}
        customer: dict[str, Any] = {"name": account or name}
        industry_text = as_text(values.get("industry"))
        if industry_text:
            industry = self._industry(industry_text)
            if industry:
                customer["industry"] = industry
            else:
                notes.append(f"industry '{industry_text}' is no industry of the project; set customer.industry by hand")
        data["customer"] = customer
        if stage:
            data["stage"] = stage
        amount, currency = self._amount(values.get("amount"), as_text(values.get("currency")))
        if amount is not None:
            data["amount"] = amount
            if currency:
                data["currency"] = currency
        if as_text(values.get("close_date")):
            order = {"month-first": False, "day-first": True}.get(self.crm.date_order)
            data["close_date"] = emit.Date(parse_date(values.get("close_date"), order))
        if as_text(values.get("owner")):
            data["owner"] = as_text(values.get("owner"))
        if crm_id:
            data["crm"] = {"system": self.crm.key, "id": crm_id}
        if as_text(values.get("summary")):
            data["summary"] = as_text(values.get("summary"))
        stakeholders, unmatched = self._stakeholders(opp.contacts)
        if stakeholders:
            data["stakeholders"] = stakeholders
        for contact, title in unmatched:
            notes.append(f"contact {contact}{f' ({title})' if title else ''} matches no persona's titles: add the title"
                         " to a persona (content/personas/) or add them by hand")
        if as_text(values.get("next_step")):
            data["next_steps"] = [as_text(values.get("next_step"))]
        existing = self._existing(crm_id, name or account)
        if existing is not None:
            self._merge(where, existing, data, out)
            for note in notes:
                out.notes.append(f"{where}: {note}")
            return
        ident = unique(slug(name or account) or "deal", taken)
        taken.add(ident)
        data = {"id": ident, **data}
        problem = _validate(data)
        if problem:
            out.refused.append(f"{where}: {problem}")
            return
        rel = f"deals/{ident}.yaml"
        header = (f"Imported from {self.crm.name}" + (f" (record {crm_id})" if crm_id else "")
                  + f" by `enablekit import deals` on {self.today.isoformat()}.")
        header = "\n".join([header, *notes])
        text = emit.document([data], as_list=False, header=header)
        if _plain(data) != _load(rel, text):
            raise EnablekitError(f"{rel}: would not read back as written; nothing was written")
        out.files[rel] = (None, text)
        out.added.append((ident, rel))
        for note in notes:
            out.notes.append(f"{where}: {note}")

    def _stage(self, text: str) -> tuple[str | None, str | None]:
        if not text:
            return None, None
        stages = self.project.stages
        mapped = self.crm.stages.get(norm(text))
        if mapped == "skip":
            return "skip", None
        if mapped and mapped in stages:
            return mapped, None
        for ident, stage in stages.items():
            if norm(text) == norm(ident) or any(norm(text) == norm(v) for v in stage.name.values.values()):
                return ident, None
        return None, f"stage '{text}' is no stage of the project's playbooks; add it to the map's stages"

    def _industry(self, text: str) -> str | None:
        options: dict[str, str] = {}
        for ident, industry in self.project.industries.items():
            options[norm(ident)] = ident
            for value in industry.name.values.values():
                options[norm(value)] = ident
        if norm(text) in options:
            return options[norm(text)]
        wanted = norm(text)
        found = [(len(k), v) for k, v in options.items() if len(k) >= 2 and
                 (re.search(rf"(?<![a-z]){re.escape(k)}(?![a-z])", wanted) if k.isascii()
                  else k in wanted or (len(wanted) >= 2 and wanted in k))]
        return max(found)[1] if found else None

    def _amount(self, raw: Any, currency: str) -> tuple[int | float | None, str | None]:
        code = currency.strip().upper() or None
        if raw is None or as_text(raw) == "":
            return None, code
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            number = float(raw)
        else:
            text = as_text(raw).replace("\u00a0", " ").strip()
            lowered = text.lower()
            for symbol, iso in sorted(_CURRENCY.items(), key=lambda kv: -len(kv[0])):
                if symbol in lowered:
                    code = code or iso
                    break
            found = re.search(r"[A-Z]{3}", text)
            if found and not code:
                code = found.group()
            multiplier = 10_000 if "万" in text else 100_000_000 if "亿" in text else 1
            digits = re.sub(r"[^\d.,\-]", "", text)
            if not re.search(r"\d", digits):
                raise CellError(f"amount '{text}' is not a number")
            if "," in digits and "." in digits:
                digits = digits.replace(",", "") if digits.rfind(".") > digits.rfind(",") else \
                    digits.replace(".", "").replace(",", ".")
            elif "," in digits:
                digits = digits.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+", digits) else digits.replace(",", ".")
            elif re.fullmatch(r"-?\d{1,3}(\.\d{3}){2,}", digits):
                digits = digits.replace(".", "")
            try:
                number = float(digits) * multiplier
            except ValueError:
                raise CellError(f"amount '{text}' is not a number") from None
        if number < 0:
            raise CellError(f"amount {number:g} is negative")
        return (int(number) if number.is_integer() else round(number, 2)), code

    def _stakeholders(self, contacts: list[tuple[str, str]]) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
        out, unmatched, seen = [], [], set()
        for name, title in contacts:
            if name in seen:
                continue
            seen.add(name)
            persona = self._persona(title)
            if persona is None:
                unmatched.append((name, title))
                continue
            entry: dict[str, Any] = {"name": name}
            if title:
                entry["title"] = title
            entry["persona"] = persona
            out.append(entry)
        return out, unmatched

    def _persona(self, title: str) -> str | None:
        if not title:
            return None
        wanted = norm(title)
        initials = "".join(w[0] for w in re.findall(r"[a-z]+", wanted) if w not in ("of", "and", "the"))
        best: tuple[int, str] | None = None
        for ident, persona in self.project.personas.items():
            names = [*persona.titles, *persona.name.values.values()]
            for candidate in names:
                words = norm(candidate)
                if not words:
                    continue
                if words == wanted or (len(initials) >= 3 and words == initials):  # Chief Financial Officer: CFO
                    return ident
                inside = re.search(rf"(?<![a-z]){re.escape(words)}(?![a-z])", wanted) if words.isascii() \
                    else words in wanted
                if inside and (best is None or len(words) > best[0]):
                    best = (len(words), ident)
        return best[1] if best else None

    def _existing(self, crm_id: str, name: str) -> Any:
        for deal in self.project.deals.values():
            record = getattr(deal, "crm", None)
            if crm_id and record is not None and record.system == self.crm.key and record.id == crm_id:
                return deal
        ident = slug(name)
        return self.project.deals.get(ident) if ident else None

    # ------------------------------------------------------------------ merging
    def _merge(self, where: str, deal: Any, data: dict[str, Any], out: Outcome) -> None:
        source = self.project.source(deal)
        raw = at_path(source.doc.data, source.base) if source.doc else {}
        rel = source.path
        text = (out.files.get(rel) or (None, (self.project.root / rel).read_bytes().decode("utf-8")))[1]
        edit = FileEdit(text, rel)
        node = edit.item(source.base)
        changed, conflicts = [], []
        flat_new, flat_old = _flat(data), _flat(raw)
        for key, value in flat_new.items():
            old = flat_old.get(key)
            if old is not None and _same(old, value):
                continue
            if old is None or self.overwrite:
                edit.set_value(node, key, value)
                changed.append(".".join(key))
            else:
                conflicts.append(".".join(key))
        for extra in ("summary", "next_steps"):
            if extra in data and not raw.get(extra):
                edit.set_value(node, (extra,), data[extra])
                changed.append(extra)
        names = {str(s.get("name")) if isinstance(s, dict) else "" for s in raw.get("stakeholders") or []}
        for person in data.get("stakeholders", []):
            if person["name"] not in names and not isinstance(raw.get("stakeholders"), list):
                edit.set_value(node, ("stakeholders",), data["stakeholders"])
                changed.append("stakeholders")
                break
            if person["name"] not in names:
                edit.append(node, ("stakeholders",), person)
                changed.append(f"stakeholders: {person['name']}")
        if conflicts:
            hint = "" if self.overwrite else " (--overwrite takes the CRM's)"
            out.conflicts.append(f"{where}: deal '{deal.id}': {', '.join(conflicts)} differ from {rel}; kept the"
                                 f" file's{hint}")
        if not changed:
            if not conflicts:
                out.unchanged += 1
            return
        new = edit.result()
        _load(rel, new)
        out.files[rel] = ((self.project.root / rel).read_bytes().decode("utf-8"), new)
        out.updated.append((deal.id, rel, changed))


def _flat(data: Any, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """The fields a CRM sets, by path; stakeholders, next steps and the summary are only ever added."""
    out: dict[tuple[str, ...], Any] = {}
    for key, value in (data or {}).items():
        if not prefix and key in ("id", "stakeholders", "next_steps", "summary"):
            continue
        path = prefix + (key,)
        if isinstance(value, dict):
            out.update(_flat(value, path))
        else:
            out[path] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return float(old) == float(new)
    return str(old).strip() == str(new).strip()


def _contacts(text: str) -> list[tuple[str, str]]:
    """'王总 (总经理); Zhou Min (CFO)' → [(王总, 总经理), (Zhou Min, CFO)]; an e-mail in brackets is
    no title."""
    out = []
    for part in re.split(r"\s*[;；\n]\s*", text):
        if not part.strip():
            continue
        match = re.match(r"^(.*?)\s*[(（]([^)）]*)[)）]\s*$", part) or re.match(r"^(.*?)\s+[-–|/]\s+(.*)$", part)
        name, title = (match.group(1).strip(), match.group(2).strip()) if match else (part.strip(), "")
        if "@" in title or title.isdigit():
            title = ""
        if name:
            out.append((name, title))
    return out


def _validate(data: dict[str, Any]) -> str | None:
    from .importer import validate

    return validate("deals", data)
