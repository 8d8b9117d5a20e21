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
    tags: list[str] = Field(default_factory=list, description="Free tags.")

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


class Assurance(Section):
    kind: Literal["security", "stability", "service", "compliance"]
    title: Text
    body: Text | None = Field(None, description="Markdown.")


class Plan(Section):
    refs: ClassVar[dict[str, Any]] = {"includes": "capabilities"}
    id: Id
    name: Text
    price: Text
    description: Text | None = None
    includes: list[str] = Field(default_factory=list, description="Capability ids.")


class Pricing(Section):
    audience: Audience | None = Field(Audience.internal, description="Pricing is internal unless set.")
    currency: str | None = None
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
    tiers: list[Tier] = Field(default_factory=list)
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


class Company(Entity):
    kind: ClassVar[str] = "company"
    id: Id = "company"
    name: Text
    languages: list[str] = Field(default_factory=lambda: ["zh"], min_length=1,
                                 description="Language codes; the first is the default.")
    brand: Brand = Field(default_factory=Brand)
    about: Text | None = Field(None, description="Company background, founding team (Markdown).")
    contact: Contact = Field(default_factory=Contact)
    product: Product
    capabilities: list[Capability] = Field(
        default_factory=list, description="Capabilities may also sit here instead of capabilities.yaml."
    )
    pdf: PdfSettings = Field(default_factory=PdfSettings, description="Print settings of the PDF documents.")

    @property
    def default_language(self) -> str:
        return self.languages[0]


# --------------------------------------------------------------------------- personas, industries


class Persona(Entity):
    kind: ClassVar[str] = "personas"
    refs: ClassVar[dict[str, Any]] = {"send_them": "*"}
    name: Text
    titles: list[str] = Field(default_factory=list, description="Job titles this role goes by.")
    role_in_decision: Literal["decides", "influences", "uses", "relays", "procures"]
    cares_about: TextList = Field(default_factory=list)
    fears: TextList = Field(default_factory=list)
    messaging: Text | None = Field(None, description="How to talk to this role (Markdown).")
    send_them: list[str] = Field(default_factory=list, description="Ids of content that works for this role.")


class Pain(Section):
    title: Text
    body: Text | None = None


class Kpi(Section):
    name: Text
    value: Text
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


class Result(Section):
    metric: Text
    value: Text


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
    authors: list[str] = Field(default_factory=list)
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


class Stage(Section):
    refs: ClassVar[dict[str, Any]] = {"use": "*"}
    id: Id
    name: Text
    goal: Text | None = None
    exit_criteria: TextList = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    checklist: TextList = Field(default_factory=list)
    use: list[str] = Field(default_factory=list, description="Ids of objections, cases, competitors, whitepapers… to use.")


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


class ProposalSettings(Section):
    refs: ClassVar[dict[str, Any]] = {"pricing_plan": "plans"}
    language: str | None = None
    valid_until: dt.date | None = None
    pricing_plan: str | None = None


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

    @property
    def label(self) -> Text:
        return self.customer.name


# --------------------------------------------------------------------------- registry

ENTITY_KINDS: dict[str, type[Entity]] = {
    cls.kind: cls
    for cls in (Capability, Persona, Industry, Competitor, Objection, Case, Whitepaper, Playbook, TrainingPath, Deal)
}
