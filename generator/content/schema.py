"""The content model: one pydantic class per content kind, one documented field per YAML key.

These declarations are the single source for validation, the JSON Schema that
editors use (``enablekit schema``) and the authoring guide the site publishes.
Field descriptions are written for content authors.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

from .text import Text, text_json_schema

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=120),
    Field(description="lowercase letters, digits, '-' and '_'"),
]


class Audience(str, Enum):
    """Who may see a piece of content. Each level sees itself and every wider level."""

    internal = "internal"
    partner = "partner"
    public = "public"

    @property
    def rank(self) -> int:
        return {"public": 0, "partner": 1, "internal": 2}[self.value]

    def can_see(self, other: Audience) -> bool:
        """True when readers of ``self`` may see content marked ``other``."""
        return other.rank <= self.rank


class Model(BaseModel):
    """Base of every content model: unknown keys are errors, never silently ignored."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, validate_default=False)

    # field name → kind (or tuple of kinds) its id(s) must name; checked after all files are loaded
    refs: ClassVar[dict[str, Any]] = {}
    # field name → kind whose ids the keys of this mapping must be
    ref_keys: ClassVar[dict[str, str]] = {}
    # fields only internal builds may show, whatever the audience of the rest
    internal_fields: ClassVar[frozenset[str]] = frozenset()


class Section(Model):
    """A nested part that may carry its own, narrower audience."""

    audience: Audience | None = Field(
        None, description="Narrow this part's audience (never wider than its parent's)."
    )


def _text_or_mapping_json_schema(core_schema: Any, handler: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    """JSON Schema of a part that may be written as just its text (the ``before`` validator wraps
    it): the text, or the full mapping. A mapping with one of ``keys`` is the full form."""
    full = dict(handler.resolve_ref_schema(handler(core_schema)))
    short = text_json_schema()
    short["not"] = {"type": "object", "anyOf": [{"required": [key]} for key in keys]}
    out = {name: full.pop(name) for name in ("title", "description") if name in full}
    return {**out, "anyOf": [short, full]}


class TextItem(Section):
    """A list item: a text, or ``{text: ..., audience: internal}`` to narrow one item."""

    text: Text

    @model_validator(mode="before")
    @classmethod
    def _wrap(cls, value: Any) -> Any:
        if isinstance(value, dict) and "text" in value:
            return value
        return {"text": value}

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        return _text_or_mapping_json_schema(core_schema, handler, ("text",))


TextList = list[TextItem]


class Entity(Model):
    """Fields every content entity has."""

    kind: ClassVar[str] = ""
    title_field: ClassVar[str] = "name"
    default_audience: ClassVar[Audience] = Audience.public

    id: Id = Field(description="Unique within its kind; defaults to the file name when a file holds one entity.")
    audience: Audience | None = Field(
        None, description="internal (sales team), partner (resellers too) or public (may reach customers)."
    )
    owner: str | None = Field(
        None, description="Who answers for this content (name or e-mail); company.yaml's owner is the default."
    )
    reviewed: dt.date | None = Field(None, description="Date of the last verification, YYYY-MM-DD.")
    review_every: int | None = Field(
        None, gt=0, description="Days until it must be verified again (default from company.yaml)."
    )
    tags: list[str] = Field(default_factory=list, description="Free tags; one tag is one page in every language.")

    @property
    def effective_audience(self) -> Audience:
        return self.audience or self.default_audience

    @property
    def label(self) -> Text:
        """What a reader sees as this entity's name."""
        value = getattr(self, self.title_field, None)
        return value if isinstance(value, Text) else Text(self.id)


# --------------------------------------------------------------------------- company


class Brand(Section):
    primary: str = Field("#0B5FFF", pattern=r"^#[0-9A-Fa-f]{6}$", description="Main colour, #RRGGBB.")
    accent: str = Field("#FF7A00", pattern=r"^#[0-9A-Fa-f]{6}$", description="Accent colour, #RRGGBB.")
    logo: str | None = Field(None, description="Path of the logo (SVG or PNG) inside the project.")
    cover_image: str | None = Field(
        None,
        description="Path of a picture (JPG, PNG, WebP or SVG) inside the project, relative to content/: shown on"
        " the covers of brochures, booklets, whitepapers and workbooks and on the decks' title slide.",
    )
    cover_alt: Text | None = Field(
        None,
        description="What cover_image shows, in a few words per language (\"Store staff planning the week's"
        " shifts on a tablet\"): its alternative text in tagged PDFs and decks, read out by screen readers."
        " Default: the product's name.",
    )
    font: str = Field(
        "Noto Sans CJK SC",
        description="Font family used by site, PDF and deck: one name or a list separated by commas"
        " (\"Noto Sans CJK SC, Arial\"); the deck uses the first.",
    )

    # a family name: letters (any script), digits, spaces, '-' and '_', optionally in matching quotes
    _FAMILY: ClassVar[re.Pattern[str]] = re.compile(r"""\s*(?:"([\w\- ]+)"|'([\w\- ]+)'|([\w\- ]+))\s*""")
    _FONT_MAX: ClassVar[int] = 200

    @field_validator("font")
    @classmethod
    def _font_family_list(cls, value: str) -> str:
        """The value reaches CSS (PDFs) and XML (decks): only a plain list of family names passes."""
        names = [cls._FAMILY.fullmatch(part) for part in value.split(",")]
        if len(value) > cls._FONT_MAX or not all(m and any(ch.isalnum() for ch in m.group(0)) for m in names):
            shown = value if len(value) <= 60 else value[:60] + "…"
            raise ValueError(
                f"{shown!r} is not a font-family list (write names separated by commas,"
                f' e.g. "Noto Sans CJK SC, Arial"; letters, digits, spaces, \'-\' and \'_\' only,'
                f" at most {cls._FONT_MAX} characters)"
            )
        return value

    @property
    def families(self) -> list[str]:
        """The family names of ``font``, unquoted, in order, without duplicates."""
        names = []
        for part in self.font.split(","):
            match = self._FAMILY.fullmatch(part)
            if match:
                names.append(" ".join(next(g for g in match.groups() if g is not None).split()))
        return list(dict.fromkeys(n for n in names if n)) or ["Noto Sans CJK SC"]


class Contact(Section):
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    address: Text | None = None


class ValueItem(Section):
    refs: ClassVar[dict[str, Any]] = {}
    kind: Literal["efficiency", "effectiveness"] = Field(
        description="efficiency (lower cost) or effectiveness (more revenue)."
    )
    title: Text
    body: Text | None = Field(None, description="Markdown.")
    proof: list[Text] = Field(
        default_factory=list, description="Case ids (linked) or metric sentences that back the claim."
    )


def proof_case_id(proof: Text) -> str | None:
    """The case id a value's proof names, or None when the proof is a metric sentence.
    A case reference is a plain id with a hyphen (``xianfeng-supermarket``)."""
    value = proof.values.get("*") if proof.is_plain else None
    if value and "-" in value and re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value):
        return value
    return None


class Tier(Section):
    id: Id
    name: Text
    description: Text | None = None


class Tiers(Section):
    """How *we* segment customers (KA / mid-tier / long tail): internal unless an author publishes
    them. Written as ``{audience: public, items: [...]}``, or as the plain list of tiers (internal)."""

    audience: Audience | None = Field(
        Audience.internal, description="Tiers are how the sales team segments customers: internal unless set."
    )
    items: list[Tier] = Field(default_factory=list, description="[{id: ka, name: ..., description: ...}]")

    @model_validator(mode="before")
    @classmethod
    def _plain_list(cls, value: Any) -> Any:
        return {"items": value} if isinstance(value, list) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        full = dict(handler.resolve_ref_schema(handler(core_schema)))
        short = {"type": "array", "items": full["properties"]["items"]["items"]}
        out = {name: full.pop(name) for name in ("title", "description") if name in full}
        return {**out, "anyOf": [short, full]}


class Assurance(Section):
    kind: Literal["security", "stability", "service", "compliance"]
    title: Text
    body: Text | None = Field(None, description="Markdown.")


def _number(value: float) -> str:
    """A number as its author wrote it: 80000, not 80000.0 or 8e+04."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _not_negative(value: float | None) -> float | None:
    """An amount of money or a percentage: never below zero (a discount is written as a discount)."""
    if value is not None and value < 0:
        raise ValueError(f"must not be negative, got {_number(value)}")
    return value


# how a quoted amount is written in a content file: a plain number, no currency sign, no separators
Amount = Annotated[float, Field(allow_inf_nan=False, json_schema_extra={"minimum": 0})]


# units every catalog names (labels `unit_<id>`); a project declares others under pricing.units
BUILTIN_UNITS = ("seat", "user", "device", "site", "plant", "line", "vehicle", "transaction", "project", "day",
                 "hour", "month", "year")
PERIODS = ("month", "year")
Per = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=120)]


def split_per(per: str) -> tuple[str | None, str | None]:
    """What a price is per: ``device-month`` → (device, month), ``month`` → (None, month) (a flat
    fee each month), ``project`` → (project, None) (once per unit)."""
    if per in PERIODS:
        return None, per
    unit, _, period = per.rpartition("-")
    if unit and period in PERIODS:
        return unit, period
    return per, None


class Unit(Section):
    """A unit this company prices by that the built-in ones lack: its name per language."""

    id: Id = Field(description="What `per:` names, e.g. plant (then plant-month, plant-year work too).")
    name: Text = Field(description="The unit as a price reads it, per language: {zh: 工厂, en: plant, fr: usine}.")


class PriceBand(Section):
    """One volume band: its amount applies to the units that fall in the band."""

    up_to: int | None = Field(None, gt=0, description="The last unit of this band (the last band has none).")
    amount: Amount = Field(description="Price of one unit in this band, as a plain number.")

    @field_validator("amount")
    @classmethod
    def _amount_not_negative(cls, value: float) -> float:
        return _not_negative(value)


def _check_per(value: str) -> str:
    unit, period = split_per(value)
    if unit in PERIODS:
        raise ValueError(f"'{value}': a period cannot be priced per period; write {unit} or a unit such as"
                         f" device-{period}")
    return value


class UnitPrice(Section):
    """The numbers behind a plan's price, from which a proposal computes its investment table."""

    # codes people write for a currency that are not its ISO 4217 code
    _CURRENCY_MISTAKES: ClassVar[dict[str, str]] = {"RMB": "CNY", "¥": "CNY", "€": "EUR", "$": "USD", "£": "GBP"}

    amount: Amount | None = Field(
        None, description="Price of one unit as a plain number, e.g. 35 (no currency sign); or give tiers.")
    currency: str = Field(description="ISO 4217 currency code: CNY, EUR, USD, JPY…")
    per: Per = Field(
        "seat-month",
        description="What the amount pays for: a unit (seat, user, device, site, plant, line, vehicle,"
        " transaction, project, day, hour, or one declared under pricing.units), per month (device-month),"
        " per year (plant-year) or once (project, day); or month / year alone for a flat fee. A proposal"
        " multiplies it by the deal's quantity and, for a price per month or year, by term_months.",
    )
    tiers: list[PriceBand] = Field(
        default_factory=list,
        description="Volume bands instead of one amount: [{up_to: 100, amount: 12}, {up_to: 500, amount: 9},"
        " {amount: 7}]; each band's amount applies to the units in that band.",
    )

    @field_validator("amount")
    @classmethod
    def _amount_not_negative(cls, value: float | None) -> float | None:
        return _not_negative(value)

    @field_validator("per")
    @classmethod
    def _per(cls, value: str) -> str:
        return _check_per(value)

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, value: str) -> str:
        from babel.numbers import is_currency

        if re.fullmatch(r"[A-Z]{3}", value) and is_currency(value):
            return value
        hint = cls._CURRENCY_MISTAKES.get(value.strip().upper()) or (
            value.strip().upper() if is_currency(value.strip().upper()) else None)
        suggestion = f"; did you mean '{hint}'?" if hint else ""
        raise ValueError(f"'{value}' is not an ISO 4217 currency code{suggestion} (e.g. CNY, EUR, USD)")

    @field_validator("tiers")
    @classmethod
    def _bands_in_order(cls, value: list[PriceBand]) -> list[PriceBand]:
        if not value:
            return value
        limits = [band.up_to for band in value]
        if limits[-1] is not None:
            raise ValueError(f"the last band must have no up_to (the units above {limits[-1]} need a price too)")
        if None in limits[:-1]:
            raise ValueError("only the last band may have no up_to")
        if any(b <= a for a, b in zip(limits[:-2], limits[1:-1], strict=True)):
            raise ValueError(f"up_to must grow from band to band, got {', '.join(str(x) for x in limits[:-1])}")
        return value

    @model_validator(mode="after")
    def _amount_or_tiers(self) -> UnitPrice:
        if (self.amount is None) == (not self.tiers):
            raise ValueError("write exactly one of amount or tiers, e.g. {amount: 35, currency: CNY, per: seat-month}")
        if self.tiers and split_per(self.per)[0] is None:
            raise ValueError(f"volume tiers count units: per '{self.per}' has none (write e.g. device-{self.per})")
        return self


class UsageLine(Section):
    """A metered price, billed on actual use: an amount per unit, or a percentage of a value."""

    item: Text = Field(description="What is metered, as the customer reads it: {en: API calls over 1M}.")
    amount: Amount | None = Field(None, description="Price of one unit of use, e.g. 0.002.")
    per: Per | None = Field(None, description="The unit of use (built-in, or declared under pricing.units).")
    percent: float | None = Field(
        None, allow_inf_nan=False, json_schema_extra={"minimum": 0, "maximum": 100},
        description="A share of a value instead of an amount (3.5 for 3.5 % of the freight value; say of what in item).",
    )
    of: Per | None = Field(
        None, description="With percent: the value it is a share of, as a unit (built-in or declared under"
        " pricing.units, e.g. freight-value), so a deal's expected_use can estimate the fee.")

    @field_validator("amount")
    @classmethod
    def _amount_not_negative(cls, value: float | None) -> float | None:
        return _not_negative(value)

    @field_validator("percent")
    @classmethod
    def _percent_range(cls, value: float | None) -> float | None:
        if value is not None and value > 100:
            raise ValueError(f"must be at most 100, got {_number(value)}")
        return _not_negative(value)

    @model_validator(mode="after")
    def _amount_or_percent(self) -> UsageLine:
        if (self.amount is None) == (self.percent is None):
            raise ValueError("write exactly one of amount (with per) or percent, e.g. {amount: 0.002, per: call}")
        if self.amount is not None and not self.per:
            raise ValueError("an amount of use needs per: the unit it is charged for, e.g. per: transaction")
        if self.of is not None and self.percent is None:
            raise ValueError("of names the value a percent is taken of: write it with percent, not amount")
        if self.percent is not None and self.per is not None:
            raise ValueError("a percent is a share of a value, not a price per unit: write of: (the value),"
                             " not per:, e.g. {percent: 3.5, of: freight-value}")
        return self

    @property
    def unit(self) -> str | None:
        """The unit a deal's expected_use counts for this line: its per, or for a percent the value it is of."""
        return self.per or self.of


class PlanOneOff(Section):
    """A one-off price of a plan (hardware, set-up). A proposal on the plan includes it, counted by
    the deal: per the plan's own unit, its quantity; per another unit, ``quantities`` of the deal;
    without per, once. An ``optional`` line only when the deal's ``quantities`` name its unit."""

    item: Text = Field(description="What it is, as the customer reads it: {en: Telematics box}.")
    amount: Amount = Field(description="Price as a plain number, per unit when per is given.")
    per: Per | None = Field(
        None, description="A unit: the deal's quantity of it multiplies the amount (per: device → one per device).")
    optional: bool = Field(
        False, description="An option: in a proposal only when the deal's quantities give its unit a number.")

    @model_validator(mode="after")
    def _optional_needs_unit(self) -> PlanOneOff:
        if self.optional and not self.per:
            raise ValueError("an optional line needs per: the unit a deal counts it in (quantities: {unit: N})")
        return self

    @field_validator("amount")
    @classmethod
    def _amount_not_negative(cls, value: float) -> float:
        return _not_negative(value)


class Plan(Section):
    refs: ClassVar[dict[str, Any]] = {"includes": "capabilities"}
    id: Id
    name: Text
    price: Text | None = Field(
        None, description="The price as people read it (\"¥35/人/月起\", \"¥360,000/年\"): shown as written"
        " wherever no numbers are given, proposals included.")
    unit_price: UnitPrice | None = Field(
        None, description="Optional numbers of the price, {amount: 35, currency: CNY, per: seat-month}: with them"
        " a proposal shows a computed investment table (unit price × quantity × term, one-off fees, discount)."
    )
    usage: list[UsageLine] = Field(
        default_factory=list, description="Metered prices billed on actual use, listed under the investment table.")
    one_off: list[PlanOneOff] = Field(
        default_factory=list, description="One-off prices (hardware, set-up) every proposal on this plan includes.")
    description: Text | None = None
    includes: list[str] = Field(default_factory=list, description="Capability ids.")

    @model_validator(mode="after")
    def _some_price(self) -> Plan:
        if self.price is None and self.unit_price is None:
            raise ValueError("a plan needs a price to show: price (as people read it) or unit_price (the numbers)")
        return self


class Pricing(Section):
    audience: Audience | None = Field(Audience.internal, description="Pricing is internal unless set.")
    currency: str | None = Field(None, description="Currency of the plans' usage and one-off lines without unit_price.")
    units: list[Unit] = Field(
        default_factory=list, description="Units this company prices by beyond the built-in ones:"
        " [{id: plant, name: {zh: 工厂, en: plant}}].")
    plans: list[Plan] = Field(default_factory=list)


class Step(Section):
    title: Text
    body: Text | None = None


class Product(Section):
    name: Text
    slogan: Text | None = Field(None, description="One sentence that says what the product is.")
    elevator_pitch: Text | None = Field(None, description="The 30-second answer to 'what do you do?'.")
    value: list[ValueItem] = Field(default_factory=list)
    target_customers: Text | None = Field(None, description="Ideal customer profile (Markdown).")
    tiers: Tiers | None = Field(None, description="How we segment customers: internal unless published.")
    assurances: list[Assurance] = Field(
        default_factory=list, description="Security, stability, service and compliance commitments."
    )
    how_it_works: list[Step] = Field(default_factory=list, description="The product's flow, in a few steps.")
    next_steps: TextList = Field(default_factory=list, description="What we propose after a first meeting.")
    pricing: Pricing | None = None


class PdfSettings(Model):
    page_size: Literal["A4", "Letter"] = Field("A4", description="Paper size of every PDF: A4 or Letter.")


class Capability(Entity):
    kind: ClassVar[str] = "capabilities"
    name: Text
    summary: Text | None = None
    description: Text | None = Field(None, description="Markdown.")
    status: Literal["ga", "beta", "roadmap"] = Field(
        description="ga | beta | roadmap — roadmap is never presented as available."
    )
    available_from: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}(-\d{2})?$", description="For beta/roadmap: expected date, YYYY-MM."
    )

    @field_validator("available_from")
    @classmethod
    def _real_month(cls, value: str | None) -> str | None:
        """The month (and day) must exist: no '2027-13' or '2027-02-30'."""
        if value is None:
            return None
        year, month, *day = (int(part) for part in value.split("-"))
        try:
            dt.date(year, month, day[0] if day else 1)
        except ValueError:
            if day and 1 <= month <= 12 and year >= 1:
                raise ValueError(f"invalid date '{value}': there is no such day; use YYYY-MM-DD") from None
            raise ValueError(f"invalid month '{value}': use YYYY-MM") from None
        return value


class HealthSettings(Model):
    min_score: float = Field(
        0.8, ge=0, le=1, description="`enablekit health --strict` fails when the overall health score (share of"
        " items verified within their interval, 0 to 1) is below this."
    )


class Company(Entity):
    kind: ClassVar[str] = "company"
    id: Id = "company"
    name: Text
    languages: list[str] = Field(default_factory=lambda: ["en"], min_length=1,
                                 description="Language codes; the first is the default. Without it, the languages"
                                 " the company's name is written in, else English.")
    answer_languages: list[str] = Field(
        default_factory=list, description="Further language codes in which the answer library's entries"
        " (question, variants, answer of content/answers/*) may also be written, e.g. [fr, de, ja]: a question in"
        " one of them is answered in it when the entry has it. The site, PDFs and decks stay in `languages`.")
    brand: Brand = Field(default_factory=Brand)
    about: Text | None = Field(None, description="Company background, founding team (Markdown).")
    contact: Contact = Field(default_factory=Contact)
    product: Product
    capabilities: list[Capability] = Field(
        default_factory=list, description="Capabilities may also sit here instead of capabilities.yaml."
    )
    pdf: PdfSettings = Field(default_factory=PdfSettings, description="Print settings of the PDF documents.")
    health: HealthSettings = Field(default_factory=HealthSettings,
                                   description="Thresholds of `enablekit health --strict`: {min_score: 0.8}.")

    @property
    def default_language(self) -> str:
        return self.languages[0]


# --------------------------------------------------------------------------- personas, industries


    @model_validator(mode="before")
    @classmethod
    def _languages_from_the_name(cls, data: Any) -> Any:
        """No ``languages``: those the name is written in ({fr: …, en: …} → fr, en), never a language the
        company does not write in."""
        if isinstance(data, dict) and "languages" not in data and isinstance(data.get("name"), dict):
            found = [key for key in data["name"] if isinstance(key, str)]
            if found:
                return {**data, "languages": found}
        return data

class Persona(Entity):
    kind: ClassVar[str] = "personas"
    refs: ClassVar[dict[str, Any]] = {"send_them": "*"}
    name: Text
    titles: list[str] = Field(
        default_factory=list, description="Job titles this role goes by, as people write them: list them in every"
        " language you meet them in, e.g. [DRH, Directrice des ressources humaines, 人力资源总监].")
    role_in_decision: Literal["decides", "influences", "uses", "relays", "procures"]
    cares_about: TextList = Field(default_factory=list)
    fears: TextList = Field(default_factory=list)
    messaging: Text | None = Field(None, description="How to talk to this role (Markdown).")
    send_them: list[str] = Field(default_factory=list, description="Ids of content that works for this role.")


class Pain(Section):
    title: Text
    body: Text | None = None


class Measured(Section):
    """A display ``value`` and, optionally, the numbers behind it as data: charts and tiles use only
    these numbers, never digits read out of the display text."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": ["before", "after"]}, {"not": {"anyOf": [{"required": ["before"]}, {"required": ["after"]}]}},
    ]})

    before: float | None = Field(
        None, allow_inf_nan=False,
        description="The number before, e.g. 18 for 18% → 10.6%. Charts plot only what gives before and"
                    " after, as the change in percent of before: (after − before) ÷ before.",
    )
    after: float | None = Field(None, allow_inf_nan=False, description="The number after, e.g. 10.6 for 18% → 10.6%.")
    unit: str | None = Field(
        None, description='What before and after count, both in the same unit: "%", "min", "days", "¥"… One unit'
        " for every language: it labels the numbers for charts, and readers see value, which is translated.")
    better: Literal["lower", "higher"] | None = Field(
        None, description="Which way is an improvement, lower (less understaffing) or higher (more coverage):"
                          " it colours the chart's bar.",
    )

    @model_validator(mode="after")
    def _before_and_after(self) -> Measured:
        if (self.before is None) != (self.after is None):
            given, missing = ("before", "after") if self.after is None else ("after", "before")
            raise ValueError(f"'{given}' without '{missing}': give both numbers, or neither")
        return self


class Kpi(Measured):
    """An expected result: the display ``value``, and optionally the numbers behind it (from the source case)."""

    name: Text
    value: Text = Field(description='Display text, shown as written (e.g. "-41%" or "5 days → 1.5 days"); never parsed.')
    source: Text | None = None


class Industry(Entity):
    kind: ClassVar[str] = "industries"
    refs: ClassVar[dict[str, Any]] = {"capabilities": "capabilities", "cases": "cases"}
    ref_keys: ClassVar[dict[str, str]] = {"by_tier": "tiers"}
    name: Text
    summary: Text | None = None
    pains: list[Pain] = Field(default_factory=list)
    solution: Text | None = Field(None, description="Narrative (Markdown).")
    capabilities: list[str] = Field(default_factory=list)
    cases: list[str] = Field(default_factory=list)
    kpis: list[Kpi] = Field(default_factory=list)
    by_tier: dict[str, Text] = Field(default_factory=dict, description="Per-tier package, keyed by tier id.")


# --------------------------------------------------------------------------- competitors


class Point(Section):
    title: Text
    body: Text | None = None


class QuickDismiss(Section):
    claim: Text
    response: Text


class Support(str, Enum):
    yes = "yes"
    partial = "partial"
    no = "no"
    roadmap = "roadmap"


class Comparison(Section):
    us: Support
    them: Support
    note: Text | None = None


class Source(Section):
    url: str
    title: Text | None = None
    seen: dt.date | None = None


class Competitor(Entity):
    kind: ClassVar[str] = "competitors"
    default_audience: ClassVar[Audience] = Audience.internal
    ref_keys: ClassVar[dict[str, str]] = {"comparison": "capabilities"}
    name: Text
    website: str | None = None
    summary: Text | None = None
    strengths: TextList = Field(default_factory=list, description="Be honest: where they are good.")
    weaknesses: TextList = Field(default_factory=list)
    why_we_win: list[Point] = Field(default_factory=list)
    where_we_lose: TextList = Field(default_factory=list)
    landmines: TextList = Field(default_factory=list, description="Questions to ask the buyer that expose their weakness.")
    quick_dismisses: list[QuickDismiss] = Field(default_factory=list)
    comparison: dict[str, Comparison] = Field(
        default_factory=dict, description="Per capability id: yes | partial | no | roadmap for us and them."
    )
    pricing: Text | None = None
    sources: list[Source] = Field(default_factory=list)


# --------------------------------------------------------------------------- objections


class Objection(Entity):
    kind: ClassVar[str] = "objections"
    title_field: ClassVar[str] = "objection"
    default_audience: ClassVar[Audience] = Audience.internal
    refs: ClassVar[dict[str, Any]] = {
        "roles": "personas",
        "industries": "industries",
        "stages": "stages",
        "competitor": "competitors",
        "proof": "cases",
    }
    objection: Text = Field(description="What the buyer says, in their words.")
    roles: list[str] = Field(default_factory=list, description="Persona ids; omitted = all roles.")
    industries: list[str] = Field(default_factory=list, description="Industry ids; omitted = all industries.")
    stages: list[str] = Field(default_factory=list, description="Playbook stage ids.")
    competitor: str | None = None
    category: Literal["price", "security", "integration", "switching", "fit", "timing", "other"] = "other"
    short: Text = Field(description="One-line talk track.")
    answer: Text | None = Field(None, description="Full answer (Markdown).")
    proof: list[str] = Field(default_factory=list, description="Case ids.")
    follow_up: Text | None = Field(None, description="Question to ask back.")
    avoid: TextList = Field(default_factory=list, description="What not to say.")


# --------------------------------------------------------------------------- cases, whitepapers


class Result(Measured):
    """A result the customer measured: the display ``value``, and optionally the numbers behind it for charts."""

    metric: Text
    value: Text = Field(description='Display text, shown as written (e.g. "-41% (18% → 10.6%)"); never parsed for charts.')


class Quote(Section):
    """What the customer said: ``{text: …, by: …}``, or just the text."""

    text: Text
    by: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, dict) and ("text" in value or "by" in value):
            return value
        return {"text": value}

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        return _text_or_mapping_json_schema(core_schema, handler, ("text", "by"))


class Case(Entity):
    kind: ClassVar[str] = "cases"
    title_field: ClassVar[str] = "title"
    default_audience: ClassVar[Audience] = Audience.internal
    refs: ClassVar[dict[str, Any]] = {
        "industry": "industries",
        "tier": "tiers",
        "capabilities": "capabilities",
        "competitor": "competitors",
    }
    title: Text | None = None
    customer: Text
    industry: str | None = None
    tier: str | None = None
    size: Text | None = None
    summary: Text | None = None
    challenge: Text | None = None
    solution: Text | None = None
    results: list[Result] = Field(default_factory=list)
    quote: Quote | None = None
    capabilities: list[str] = Field(default_factory=list)
    competitor: str | None = Field(None, description="Competitor this customer replaced or chose us over.")
    internal_note: Text | None = Field(
        None, description="Why the case is not public and how sales may cite it; only internal builds show it."
    )
    internal_fields: ClassVar[frozenset[str]] = frozenset({"internal_note"})

    @property
    def label(self) -> Text:
        return self.title or self.customer


class Whitepaper(Entity):
    kind: ClassVar[str] = "whitepapers"
    title_field: ClassVar[str] = "title"
    refs: ClassVar[dict[str, Any]] = {"industries": "industries"}
    title: Text
    subtitle: Text | None = None
    authors: list[Text] = Field(
        default_factory=list, description="Who wrote it: names as written, or per language ({zh: 磐石研究院, en:"
        " Panshi Institute}); a name in Chinese, Japanese or Korean script needs a translation for other languages.")
    date: dt.date | None = None
    summary: Text | None = None
    industries: list[str] = Field(default_factory=list)
    language: str | None = Field(None, description="Language of the body in <id>.md (default: the company's).")
    body: Text = Field(default_factory=lambda: Text(""), description="Set from the Markdown body and <id>.<lang>.md files.")


# --------------------------------------------------------------------------- playbooks, training


class Question(Section):
    refs: ClassVar[dict[str, Any]] = {"roles": "personas"}
    ask: Text
    roles: list[str] = Field(default_factory=list)
    why: Text | None = None


class Signal(Section):
    """A warning sign in a stage (customer success: fewer logins, a mass export) and what to do."""

    signal: Text = Field(description="What you notice.")
    severity: Literal["low", "medium", "high"] = Field("medium", description="low | medium | high")
    action: Text = Field(description="What to do about it, and who does it.")


class Stage(Section):
    refs: ClassVar[dict[str, Any]] = {"use": "*"}
    id: Id
    name: Text
    goal: Text | None = None
    exit_criteria: TextList = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    checklist: TextList = Field(default_factory=list)
    use: list[str] = Field(default_factory=list, description="Ids of objections, cases, competitors, whitepapers… to use.")
    signals: list[Signal] = Field(
        default_factory=list, description="Warning signs in this stage, each with its severity and the action to take."
    )


class Playbook(Entity):
    kind: ClassVar[str] = "playbooks"
    default_audience: ClassVar[Audience] = Audience.internal
    name: Text
    summary: Text | None = None
    stages: list[Stage] = Field(default_factory=list)


class QuizQuestion(Section):
    q: Text
    choices: list[Text] = Field(min_length=2)
    answer: int = Field(description="Index of the right choice, from 0.")
    explain: Text | None = None


class ObjectionRule(Section):
    refs: ClassVar[dict[str, Any]] = {
        "roles": "personas", "industries": "industries", "stages": "stages", "competitor": "competitors"
    }
    roles: list[str] = Field(default_factory=list)
    industries: list[str] = Field(default_factory=list)
    stages: list[str] = Field(default_factory=list)
    category: str | None = None
    competitor: str | None = None
    count: int = Field(5, gt=0)


class GeneratedQuiz(Section):
    from_objections: ObjectionRule


def _quiz_entry_kind(value: Any) -> str:
    if isinstance(value, GeneratedQuiz) or (isinstance(value, dict) and "from_objections" in value):
        return "rule"
    return "question"


QUIZ_TAGS: dict[type, str] = {QuizQuestion: "question", GeneratedQuiz: "rule"}
QuizEntry = Annotated[
    Annotated[QuizQuestion, Tag("question")] | Annotated[GeneratedQuiz, Tag("rule")],
    Discriminator(_quiz_entry_kind),
]


class Roleplay(Section):
    refs: ClassVar[dict[str, Any]] = {
        "persona": "personas", "industry": "industries", "competitor": "competitors", "objections": "objections"
    }
    id: Id | None = None
    title: Text | None = None
    persona: str
    industry: str | None = None
    competitor: str | None = None
    objections: list[str] = Field(default_factory=list)
    brief: Text | None = None
    rubric: TextList = Field(default_factory=list)


class Module(Section):
    refs: ClassVar[dict[str, Any]] = {"read": "*"}
    id: Id
    name: Text
    goal: Text | None = None
    read: list[str] = Field(default_factory=list, description="Ids of pages to study.")
    quiz: list[QuizEntry] = Field(default_factory=list)
    roleplay: list[Roleplay] = Field(default_factory=list)


class TrainingPath(Entity):
    kind: ClassVar[str] = "training"
    default_audience: ClassVar[Audience] = Audience.internal
    name: Text
    summary: Text | None = None
    modules: list[Module] = Field(default_factory=list)
    certification: TextList = Field(default_factory=list)


# --------------------------------------------------------------------------- deals


class Customer(Section):
    refs: ClassVar[dict[str, Any]] = {"industry": "industries", "tier": "tiers"}
    name: Text
    industry: str | None = None
    tier: str | None = None
    size: Text | None = None
    region: Text | None = None


class Stakeholder(Section):
    refs: ClassVar[dict[str, Any]] = {"persona": "personas"}
    name: Text
    title: Text | None = None
    persona: str
    attitude: Literal["champion", "supporter", "neutral", "skeptic", "blocker"] | None = None
    notes: Text | None = None


class Requirement(Section):
    refs: ClassVar[dict[str, Any]] = {"capability": "capabilities"}
    need: Text
    capability: str | None = None
    priority: Literal["must", "should", "nice"] | None = None


class OneOff(Section):
    """A one-off fee of a proposal: implementation, migration, training…"""

    item: Text = Field(description="What the fee is for, as the customer reads it.")
    amount: Amount = Field(description="The fee as a plain number, in the plan's currency.")

    @field_validator("amount")
    @classmethod
    def _amount_not_negative(cls, value: float) -> float:
        return _not_negative(value)


class Discount(Section):
    """A discount on the proposal's subtotal: ``{percent: 8}`` or ``{amount: 50000}``, not both."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["percent"]}, {"required": ["amount"]}]})

    percent: float | None = Field(
        None, allow_inf_nan=False, json_schema_extra={"minimum": 0, "maximum": 100},
        description="Percentage off the subtotal (subscription and one-off fees), e.g. 8.",
    )
    amount: Amount | None = Field(None, description="A fixed amount off the subtotal, in the plan's currency.")

    @field_validator("percent")
    @classmethod
    def _percent_range(cls, value: float | None) -> float | None:
        if value is not None and value > 100:
            raise ValueError(f"must be at most 100, got {_number(value)}")
        return _not_negative(value)

    @field_validator("amount")
    @classmethod
    def _amount_not_negative(cls, value: float | None) -> float | None:
        return _not_negative(value)

    @model_validator(mode="after")
    def _one_of(self) -> Discount:
        if (self.percent is None) == (self.amount is None):
            raise ValueError("write exactly one of percent or amount, e.g. {percent: 8} or {amount: 50000}")
        return self


class Milestone(Section):
    name: Text = Field(description="What is done by then, as the customer reads it.")
    date: dt.date = Field(description="YYYY-MM-DD; not before the proposal's start.")


class PreparedBy(Section):
    """Who prepared the proposal and answers the customer's questions about it."""

    name: Text
    title: Text | None = None
    email: str | None = None
    phone: str | None = None


class ProposalSettings(Section):
    refs: ClassVar[dict[str, Any]] = {"pricing_plan": "plans"}
    language: str | None = Field(None, description="Language of the proposal PDF and deck (default: the company's).")
    issued: dt.date | None = Field(
        None, description="Date on the proposal's cover, YYYY-MM-DD (default: the deal's reviewed date)."
    )
    valid_until: dt.date | None = Field(None, description="Last day the offer stands, YYYY-MM-DD.")
    pricing_plan: str | None = Field(
        None, description="Id of the plan quoted; the proposal shows no other plan's price."
    )
    quantity: int | None = Field(
        None, gt=0, description="How many of the plan's unit the customer buys: seats, devices, plants, days…"
    )
    quantities: dict[Per, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict, description="How many of each other unit the plan's one-off prices count:"
        " {gateway: 5} (0 leaves a line out).")
    term_months: int | None = Field(
        None, gt=0, description="Length of the contract in months, e.g. 12: needed for a price per month or year.")
    expected_use: dict[Per, Annotated[float, Field(ge=0, allow_inf_nan=False)]] = Field(
        default_factory=dict, description="The use the customer expects over the whole term, per unit of the plan's"
        " usage lines: {transaction: 44000, freight-value: 192000000} (a count for per, an amount of money for"
        " of). The proposal estimates the usage fees from it, marked as an estimate.")
    one_off: list[OneOff] = Field(
        default_factory=list, description="One-off fees: [{item: 实施与培训, amount: 80000}], in the plan's currency."
    )
    discount: Discount | None = Field(None, description="{percent: 8} or {amount: 50000}, off the subtotal.")
    payment_terms: Text | None = Field(None, description="When and how the customer pays (Markdown).")
    start: dt.date | None = Field(None, description="Planned project start, YYYY-MM-DD.")
    milestones: list[Milestone] = Field(
        default_factory=list, description="The implementation timeline: [{name: 试点门店上线, date: 2027-02-28}]."
    )
    prepared_by: PreparedBy | None = Field(
        None, description="{name, title, email, phone} of who prepared it; shown on the cover and under contacts."
    )

    @field_validator("valid_until")
    @classmethod
    def _valid_after_issue(cls, value: dt.date | None, info: Any) -> dt.date | None:
        return _not_before(value, info.data.get("issued"), "the issue date")

    @field_validator("milestones")
    @classmethod
    def _milestones_after_start(cls, value: list[Milestone], info: Any) -> list[Milestone]:
        start = info.data.get("start")
        early = [m for m in value if start is not None and m.date < start]
        if early:
            dates = ", ".join(m.date.isoformat() for m in early)
            raise ValueError(f"{dates} {'is' if len(early) == 1 else 'are'} before the start {start.isoformat()}")
        return value


class CrmRecord(Model):
    """Where a deal was imported from."""

    system: str = Field(description="The column map it came through: salesforce, hubspot, dynamics, fxiaoke, xiaoshouyi…")
    id: str = Field(description="The opportunity's record id in that CRM.")


class Deal(Entity):
    kind: ClassVar[str] = "deals"
    default_audience: ClassVar[Audience] = Audience.internal
    refs: ClassVar[dict[str, Any]] = {"stage": "stages", "competitors": "competitors"}
    customer: Customer
    stage: str | None = None
    summary: Text | None = None
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    competitors: list[str] = Field(default_factory=list)
    requirements: list[Requirement] = Field(default_factory=list)
    pains: TextList = Field(default_factory=list)
    proposal: ProposalSettings = Field(default_factory=ProposalSettings)
    next_steps: TextList = Field(default_factory=list)
    amount: Amount | None = Field(None, description="Expected value of the deal as a plain number, e.g. 1280000.")
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$", description="ISO 4217 code of the amount: CNY, EUR, USD…")
    close_date: dt.date | None = Field(None, description="When the deal is expected to close, YYYY-MM-DD.")
    crm: CrmRecord | None = Field(
        None, description="The CRM opportunity it came from, {system: salesforce, id: 006…}: `enablekit import deals`"
        " merges a new export of it into this file.")

    @property
    def label(self) -> Text:
        return self.customer.name


# --------------------------------------------------------------------------- answers


class Answer(Entity):
    """One answer of the library that fills RFPs, tenders and security questionnaires."""

    kind: ClassVar[str] = "answers"
    title_field: ClassVar[str] = "question"
    refs: ClassVar[dict[str, Any]] = {"capabilities": "capabilities"}
    question: Text = Field(description="The question as customers usually ask it, per language.")
    variants: list[Text] = Field(
        default_factory=list, description="Other phrasings seen in questionnaires (each per language)."
    )
    answer: Text = Field(description="The answer, as it may be sent (Markdown, per language).")
    compliance: Literal["yes", "partial", "no"] | None = Field(
        None, description="yes | partial | no. Derived from the capabilities' status when omitted: roadmap is"
        " never yes, beta is partial unless stated here.",
    )
    capabilities: list[str] = Field(
        default_factory=list, description="Capability ids the answer relies on; their status sets the compliance."
    )
    category: Literal["security", "privacy", "integration", "deployment", "support", "commercial", "other"] = Field(
        "other", description="security | privacy | integration | deployment | support | commercial | other."
    )

# --------------------------------------------------------------------------- content calendar


class CalendarItem(Entity):
    kind: ClassVar[str] = "calendar"
    title_field: ClassVar[str] = "title"
    default_audience: ClassVar[Audience] = Audience.internal
    refs: ClassVar[dict[str, Any]] = {"produces": "*"}
    title: Text
    item_kind: Literal["whitepaper", "webinar", "event", "case", "campaign", "release", "other"] = Field(
        "other", alias="kind", description="whitepaper | webinar | event | case | campaign | release | other"
    )
    date: dt.date = Field(description="When it happens or is published, YYYY-MM-DD.")
    end: dt.date | None = Field(None, description="Last day, for items that last several days.")
    status: Literal["idea", "planned", "in-progress", "done", "cancelled"] = Field(
        "planned", description="idea | planned | in-progress | done | cancelled"
    )
    channels: list[str] = Field(default_factory=list, description="Where it goes out: wechat, website, email…")
    produces: list[str] = Field(
        default_factory=list, description="Ids of what this item creates (whitepapers, cases…), once they exist."
    )
    summary: Text | None = Field(
        None, description="After an event: leads, what worked, what to change (Markdown)."
    )

    model_config = ConfigDict(populate_by_name=True)

    @field_validator("end")
    @classmethod
    def _end_after_date(cls, value: dt.date | None, info: Any) -> dt.date | None:
        return _not_before(value, info.data.get("date"), "the date")


def _not_before(value: dt.date | None, start: dt.date | None, what: str) -> dt.date | None:
    """``value``, unless it comes before ``start`` (a validity or end date before its beginning)."""
    if value is not None and start is not None and value < start:
        raise ValueError(f"{value.isoformat()} is before {what} {start.isoformat()}")
    return value


# --------------------------------------------------------------------------- registry

ENTITY_KINDS: dict[str, type[Entity]] = {
    cls.kind: cls
    for cls in (Capability, Persona, Industry, Competitor, Objection, Case, Whitepaper, Playbook, TrainingPath, Deal,
                Answer, CalendarItem)
}
