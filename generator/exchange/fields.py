"""The columns of each kind that a spreadsheet can hold, and the words their headers go by.

A column is recognised by its header in any language that has a catalog
(``generator/language/labels/*.yaml``: the words the site itself uses for the field, such as
异议, Einwand or 反論 for ``objection``) or by one of the extra words listed here. Text fields
take a language after the name: "Objection (FR)", "异议（英文）", "answer.en", "Réponse - EN".
"""

from __future__ import annotations

from dataclasses import dataclass

# shapes: text (one text per language), texts (a list of texts, one a line), ref (an id), refs (ids
# separated by commas), choice (one of `choices`), date, plain (one string), plains (strings, one a
# line or separated by commas), results (a case's "metric: value" lines)


@dataclass(frozen=True)
class Spec:
    name: str
    shape: str
    labels: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    refs: str | None = None
    choices: tuple[str, ...] = ()
    required: bool = False
    path: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, ...]:
        return self.path or (self.name,)

    @property
    def localised(self) -> bool:
        return self.shape in ("text", "texts", "results")


AUDIENCES = ("internal", "partner", "public")
SUPPORT = ("yes", "partial", "no", "roadmap")

ID = Spec("id", "plain", ("answers_answer_id",), ("id", "ids", "key", "slug", "编号", "标识", "ID号", "識別子", "아이디",
                                                    "identifiant", "kennung", "identificador"))
AUDIENCE = Spec("audience", "choice", (), ("audience", "visibility", "受众", "可见范围", "公开范围", "可见性", "audience cible",
                                            "public cible", "zielgruppe", "sichtbarkeit", "公開範囲", "공개 범위"), choices=AUDIENCES)
OWNER = Spec("owner", "plain", ("owner",), ("author", "owned by", "responsible", "负责人", "作者", "维护人", "责任人", "auteur",
                                             "propriétaire", "autor", "担当"))
REVIEWED = Spec("reviewed", "date", ("reviewed", "answers_reviewed"), ("last reviewed", "review date", "verified", "verified on",
                                                                         "审核日期", "核实日期", "最后审核", "最近审核", "复核日期",
                                                                         "date de revue", "geprüft am"))
TAGS = Spec("tags", "plains", ("tags",), ("tag", "keywords", "标签", "关键词", "mots-clés", "étiquettes", "schlagwörter"))
COMMON = (AUDIENCE, OWNER, REVIEWED, TAGS)

OBJECTIONS = (
    ID,
    Spec("objection", "text", ("objection",), ("objections", "customer objection", "concern", "what the customer says",
                                              "customer says", "异议内容", "客户异议", "客户疑虑", "客户说", "客户原话", "疑虑",
                                              "objection client", "kundeneinwand"), required=True),
    Spec("short", "text", ("short", "talk_track"), ("short answer", "one-liner", "one liner", "talk track", "话术", "简短回答",
                                                    "短答", "一句话回答", "简答", "réponse courte", "argumentaire"),
         required=True),
    Spec("answer", "text", ("answer", "key_answer", "answers_answer"), ("response", "full response", "long answer", "回答",
                                                                         "应答", "详细回答", "详细应答", "完整回答", "réponse",
                                                                         "antwort", "respuesta", "resposta", "回答内容")),
    Spec("follow_up", "text", ("follow_up",), ("follow-up", "follow up", "follow-up question", "question back", "追问",
                                               "反问问题", "question de relance", "relance")),
    Spec("avoid", "texts", ("avoid",), ("don't say", "do not say", "avoid saying", "禁忌", "不要说", "避免说", "à éviter",
                                        "ne pas dire")),
    Spec("category", "choice", ("category",), ("type", "类型", "分类", "类别", "catégorie", "kategorie"),
         choices=("price", "security", "integration", "switching", "fit", "timing", "other")),
    Spec("roles", "refs", ("roles", "personas"), ("role", "persona", "personas", "buyer role", "buyer roles", "角色",
                                                  "买方角色", "客户角色", "rôle", "rôles", "rolle"), refs="personas"),
    Spec("industries", "refs", ("industries", "industry"), ("行业", "所属行业", "industrie", "secteur", "secteurs", "branche"),
         refs="industries"),
    Spec("stages", "refs", ("stages", "stage"), ("sales stage", "sales stages", "销售阶段", "阶段", "étape", "étapes", "phase"),
         refs="stages"),
    Spec("competitor", "ref", ("competitor",), ("竞品", "竞争对手", "对手", "concurrent", "wettbewerber"), refs="competitors"),
    Spec("proof", "refs", ("proof",), ("cases", "case", "evidence", "案例", "证明", "客户案例", "preuve", "preuves", "nachweis"),
         refs="cases"),
    *COMMON,
)

ANSWERS = (
    ID,
    Spec("question", "text", ("answers_question",), ("question", "questions", "问题", "问询", "题目", "requirement", "需求",
                                                     "question client"), required=True),
    Spec("answer", "text", ("answers_answer", "key_answer", "answer"), ("response", "reply", "回答", "应答", "答复", "回复",
                                                                         "réponse", "antwort"), required=True),
    Spec("variants", "texts", ("answers_variants",), ("variants", "other phrasings", "also asked", "其他问法", "同义问法",
                                                      "相似问题", "variantes", "formulations")),
    Spec("compliance", "choice", ("answers_compliance",), ("compliant", "comply", "yes/no", "y/n", "supported", "是否满足",
                                                           "是否符合", "是否支持", "符合性", "满足情况", "conformité"),
         choices=("yes", "partial", "no")),
    Spec("category", "choice", ("category",), ("type", "类型", "分类", "类别", "catégorie", "kategorie"),
         choices=("security", "privacy", "integration", "deployment", "support", "commercial", "other")),
    Spec("capabilities", "refs", ("answers_capabilities", "capabilities", "capabilities_used"),
         ("capability", "features", "feature", "功能", "产品能力", "依赖功能", "fonctionnalités"), refs="capabilities"),
    *COMMON,
)

CASES = (
    ID,
    Spec("title", "text", (), ("title", "case title", "headline", "标题", "案例标题", "案例名称", "titre", "titel", "título")),
    Spec("customer", "text", ("customer",), ("customer name", "company", "account", "客户名称", "公司", "企业", "客户名",
                                             "nom du client", "entreprise"), required=True),
    Spec("industry", "ref", ("industry",), ("行业", "所属行业", "secteur", "branche"), refs="industries"),
    Spec("tier", "ref", ("tier",), ("segment", "客户分层", "客户层级", "分层"), refs="tiers"),
    Spec("size", "text", ("size", "customer_size"), ("company size", "employees", "规模", "员工数", "企业规模", "taille")),
    Spec("summary", "text", ("summary",), ("摘要", "概述", "简介", "résumé")),
    Spec("challenge", "text", ("challenge",), ("problem", "pain", "挑战", "痛点", "问题与挑战", "défi", "enjeux")),
    Spec("solution", "text", ("solution",), ("方案", "解决方案", "lösung")),
    Spec("results", "results", ("results",), ("outcomes", "成果", "效果", "结果", "résultats", "ergebnisse")),
    Spec("quote", "text", ("quote",), ("testimonial", "客户证言", "引言", "客户评价", "citation", "témoignage", "zitat"),
         path=("quote", "text")),
    Spec("quote_by", "text", (), ("quote by", "quoted", "who said it", "speaker", "证言人", "引言出处", "说话人", "auteur de la citation"),
         path=("quote", "by")),
    Spec("capabilities", "refs", ("capabilities_used", "capabilities"), ("capability", "features", "功能", "使用功能", "产品能力"),
         refs="capabilities"),
    Spec("competitor", "ref", ("replaced", "competitor"), ("竞品", "竞争对手", "替换的产品", "concurrent"), refs="competitors"),
    *COMMON,
)

PERSONAS = (
    ID,
    Spec("name", "text", (), ("name", "persona", "role name", "buyer role", "角色", "角色名称", "名称", "nom", "rôle", "rolle"),
         required=True),
    Spec("titles", "plains", ("titles",), ("job titles", "job title", "title", "titles", "职位", "职务", "头衔", "常见职位",
                                           "fonctions", "intitulés de poste", "positionen")),
    Spec("role_in_decision", "choice", ("role_in_decision",), ("decision role", "buying role", "决策角色", "决策作用",
                                                               "rôle dans la décision"),
         choices=("decides", "influences", "uses", "relays", "procures"), required=True),
    Spec("cares_about", "texts", ("cares_about",), ("priorities", "关注点", "关心", "关注", "priorités", "préoccupations")),
    Spec("fears", "texts", ("fears",), ("worries", "顾虑", "担心", "担忧", "craintes", "peurs", "sorgen")),
    Spec("messaging", "text", ("messaging",), ("沟通要点", "沟通方式", "how to talk", "message", "messages clés")),
    Spec("send_them", "refs", ("send_them",), ("推荐内容", "content to send", "à envoyer"), refs="*"),
    *COMMON,
)

COMPARISON = (
    Spec("competitor", "ref", ("competitor",), ("竞品", "竞争对手", "vs", "concurrent", "wettbewerber"),
         refs="competitors", required=True),
    Spec("capability", "ref", ("capability",), ("feature", "功能", "功能点", "能力", "fonctionnalité", "funktion"),
         refs="capabilities", required=True),
    Spec("us", "choice", ("us",), ("我们", "我方", "nous", "wir"), choices=SUPPORT, required=True),
    Spec("them", "choice", ("them",), ("对手", "对方", "竞品情况", "eux", "sie"), choices=SUPPORT, required=True),
    Spec("note", "text", ("note",), ("notes", "comment", "comments", "备注", "说明", "remarque", "bemerkung")),
)

KINDS: dict[str, tuple[Spec, ...]] = {
    "objections": OBJECTIONS,
    "answers": ANSWERS,
    "cases": CASES,
    "personas": PERSONAS,
    "comparison": COMPARISON,
}
ALIASES = {"objection": "objections", "answer": "answers", "case": "cases", "persona": "personas",
           "competitors": "comparison", "comparisons": "comparison", "deal": "deals"}
# the field an id is made from, and the folder and file new items go to
TITLE = {"objections": "objection", "answers": "question", "cases": "title", "personas": "name"}

# words of enumeration values besides the catalogs' (keys: `choice value`, values: words)
CHOICE_LABELS = {
    "price": ("price_cat",), "security": ("security_cat", "answers_category_security"),
    "integration": ("integration_cat", "answers_category_integration"), "switching": ("switching_cat",),
    "fit": ("fit_cat",), "timing": ("timing_cat",), "other": ("other_cat", "answers_category_other"),
    "privacy": ("answers_category_privacy",), "deployment": ("answers_category_deployment",),
    "support": ("answers_category_support",), "commercial": ("answers_category_commercial",),
    "decides": ("decides",), "influences": ("influences",), "uses": ("uses",), "relays": ("relays",),
    "procures": ("procures",), "internal": ("internal_badge", "internal_doc"), "partner": ("partner_badge",),
    "public": ("public_doc",),
}
CHOICE_WORDS = {
    "yes": ("yes", "y", "true", "✓", "✔", "√", "●", "是", "支持", "满足", "有", "oui", "ja", "sí", "si", "sim", "はい", "예",
            "compliant", "fully compliant", "supported", "full"),
    "partial": ("partial", "partially", "partly", "◐", "△", "部分", "部分支持", "部分满足", "partiel", "partielle",
                "teilweise", "parcial", "parziale", "一部", "부분"),
    "no": ("no", "n", "false", "✗", "✘", "×", "x", "○", "否", "不支持", "不满足", "无", "没有", "non", "nein", "não", "いいえ",
           "아니요", "not supported", "non-compliant"),
    "roadmap": ("roadmap", "planned", "规划中", "规划", "计划中", "路线图", "prévu", "feuille de route", "geplant"),
    "internal": ("internal", "内部", "仅内部", "interne", "intern"),
    "partner": ("partner", "partners", "合作伙伴", "渠道", "partenaire", "partenaires"),
    "public": ("public", "公开", "对外", "öffentlich", "público", "pubblico"),
    "price": ("pricing", "cost", "价格", "费用", "prix"), "timing": ("time", "时机", "时间"),
    "switching": ("migration", "切换", "迁移"), "fit": ("适配", "匹配", "adéquation"),
    "commercial": ("commercial", "商务", "commercial terms"), "other": ("others", "其他", "autre", "autres"),
}
