"""PowerPoint building blocks on top of python-pptx: the brand template, fitting text into
boxes, East Asian fonts, and byte-stable files.

A custom template is any .pptx whose slide layouts carry these names and placeholders
(the names are PowerPoint's defaults, so a corporate template usually has them):

==================  =====================================================
layout              placeholders (idx)
==================  =====================================================
Title Slide         0 title, 1 subtitle
Title and Content   0 title, 1 body
Title Only          0 title
==================  =====================================================

A template is material from outside the content: before use, every external relationship in it
(hyperlinks, linked pictures or OLE objects pointing to ``http://`` or ``file://``) is removed,
with a build warning naming the template, so no deck links out or makes PowerPoint fetch anything.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ...content.diagnostics import EnablekitError
from ...language import fonts as fontdata
from ...language.breaks import _SHORT_HYPHENATED, glue

TEMPLATE_WARN_BYTES = 20 * 1024 * 1024  # a bigger template makes every deck at least as big
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

REQUIRED_LAYOUTS: dict[str, tuple[int, ...]] = {
    "Title Slide": (0, 1),
    "Title and Content": (0, 1),
    "Title Only": (0,),
}
WIDE = (Inches(13.333), Inches(7.5))
PANEL_LEFT = Inches(9.1)  # the built-in title slide's brand panel (and cover picture) starts here
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


class TemplateError(EnablekitError):
    pass


@dataclass(frozen=True)
class RunFonts:
    """The typefaces and language of the text runs of one deck.

    ``latin`` fills the Latin slot (the brand's font), ``east_asian`` the East Asian one (the
    regional Noto CJK family of the deck's language, so Japanese shows Japanese shapes),
    ``complex`` the complex-script one (Arabic, Hebrew, Thai…). ``lang`` tags every run with the
    deck's language (ja-JP, de-DE); ``alt_lang`` is the alternate language PowerPoint records for
    a run mixing scripts; ``ea_charset`` the Windows character set of the East Asian family, which
    makes PowerPoint substitute a missing family by one of the same script."""

    latin: str
    east_asian: str | None = None
    complex: str | None = None
    lang: str | None = None
    alt_lang: str | None = None
    alt_lang_cjk_only: bool = True  # alt_lang only on runs holding CJK characters
    ea_charset: str | None = None
    theme_scripts: tuple[tuple[str, str], ...] = ()  # (OOXML script code, typeface) for the theme

    @classmethod
    def of(cls, font: RunFonts | str) -> RunFonts:
        """A plain family name names all three slots and no language (the old behaviour)."""
        return font if isinstance(font, RunFonts) else cls(font, font, font)

    def __str__(self) -> str:
        return self.latin


def run_fonts(brand_families: list[str], lang: str, languages: list[str] | tuple[str, ...] = ()) -> RunFonts:
    """The fonts of a deck in ``lang`` for a brand and the project's languages (generator.fonts)."""
    latin = fontdata.brand_families(brand_families, lang, languages)[0]
    east_asian = fontdata.east_asian_family(lang, languages, brand_families)
    complex_family = fontdata.SCRIPT_FAMILIES.get(fontdata.script(lang), latin)
    cjk = fontdata.is_cjk(lang)
    other = fontdata.cjk_language(lang, languages)
    if cjk:
        alt, cjk_only = "en-US", False  # Latin words in Japanese/Chinese/Korean text, as PowerPoint records
    else:
        alt, cjk_only = (fontdata.language_tag(other) if other else None), True
    return RunFonts(
        latin=latin, east_asian=east_asian, complex=complex_family, lang=fontdata.language_tag(lang),
        alt_lang=alt, alt_lang_cjk_only=cjk_only,
        ea_charset=fontdata.EA_CHARSETS.get(fontdata.family_script(east_asian) or ""),
        theme_scripts=tuple(fontdata.theme_script_fonts().items()),
    )


def check_template(prs: Presentation, name: str) -> dict[str, object]:
    """The layouts a deck needs, by name; a clear error for the first one missing."""
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for layout_name, indexes in REQUIRED_LAYOUTS.items():
        layout = layouts.get(layout_name)
        if layout is None:
            raise TemplateError(
                f"{name}: no slide layout named '{layout_name}' (the template has: {', '.join(layouts)});"
                " see the deck section of the README for the layouts a template must provide"
            )
        have = {ph.placeholder_format.idx for ph in layout.placeholders}
        for idx in indexes:
            if idx not in have:
                raise TemplateError(
                    f"{name}: layout '{layout_name}' has no placeholder {idx}"
                    f" (it has {', '.join(str(i) for i in sorted(have)) or 'none'})"
                )
    return layouts


def open_template(root: Path, kind: str, brand, logo_png: bytes | None,  # noqa: ANN001
                  warnings: list[str] | None = None, fonts: RunFonts | None = None,
                  logo_alt: str = "") -> tuple[Presentation, str]:
    """The project's templates/deck/<kind>.pptx, else its first templates/deck/*.pptx, else a template
    made from the brand colours, font and logo (its theme fonts those of ``fonts``: the deck's
    language). Sample slides in a template are removed, and so is every external relationship
    (reported in ``warnings``, once per template and message)."""
    folder = root / "templates" / "deck"
    candidates = [folder / f"{kind}.pptx"] + (sorted(folder.glob("*.pptx")) if folder.is_dir() else [])
    for path in candidates:
        if path.is_file():
            name = path.relative_to(root).as_posix()
            notes: list[str] = []
            data = path.read_bytes()
            if len(data) > TEMPLATE_WARN_BYTES:
                notes.append(f"deck: {name}: the template is {len(data) / 1024 / 1024:.0f} MB (over"
                             f" {TEMPLATE_WARN_BYTES // 1024 // 1024} MB); every deck made from it is at least as large")
            try:
                data, removed = strip_external_relationships(data)
                prs = Presentation(io.BytesIO(data))
            except Exception as exc:  # noqa: BLE001 - python-pptx and zipfile raise many kinds for a bad file
                raise TemplateError(f"{name}: not a PowerPoint file ({exc})") from None
            if removed:
                shown = ", ".join(removed[:3]) + (f" and {len(removed) - 3} more" if len(removed) > 3 else "")
                notes.append(f"deck: {name}: removed {len(removed)} external link(s) from the template"
                             f" ({shown}); decks never link to or load anything outside themselves")
            for note in notes:
                if warnings is not None and note not in warnings:
                    warnings.append(note)
            check_template(prs, name)
            _remove_slides(prs)
            return prs, name
    prs = Presentation(io.BytesIO(builtin_template(brand, logo_png, fonts, logo_alt)))
    return prs, "built-in template"


_BUILT: dict[tuple, bytes] = {}  # the built-in templates made in this process (and the processes it forks)


def builtin_template(brand, logo_png: bytes | None, fonts: RunFonts | None = None,  # noqa: ANN001
                     logo_alt: str = "") -> bytes:
    """:func:`make_builtin_template`, made once per brand, logo, fonts and logo text in a process: every deck
    of a language starts from the same one (a process that draws decks in forked ones makes it first)."""
    key = (repr(brand), logo_png, repr(fonts), logo_alt)
    found = _BUILT.get(key)
    if found is None:
        if len(_BUILT) >= 8:  # a long-lived process (serve) whose brand keeps changing keeps only a few
            _BUILT.clear()
        found = _BUILT[key] = make_builtin_template(brand, logo_png, fonts, logo_alt)
    return found


def strip_external_relationships(data: bytes) -> tuple[bytes, list[str]]:
    """The package without any relationship whose TargetMode is External, and the targets removed.

    References to a removed relationship are cleaned up in the part that held it: a hyperlink
    element (``a:hlinkClick``…) goes, any other ``r:…`` attribute naming it (a linked picture's
    ``r:link``, an OLE object's ``r:id``) is dropped, so PowerPoint opens the file without repair."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        infos = src.infolist()
        parts = {info.filename: src.read(info.filename) for info in infos}
    removed: list[str] = []
    for name in [n for n in parts if n.endswith(".rels")]:
        try:
            tree = etree.fromstring(parts[name])
        except etree.XMLSyntaxError:
            continue  # python-pptx refuses the file with a clear error later
        gone = set()
        for rel in list(tree):
            if str(rel.get("TargetMode", "")).lower() == "external":
                gone.add(rel.get("Id"))
                removed.append(str(rel.get("Target", "")))
                tree.remove(rel)
        if not gone:
            continue
        parts[name] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
        folder, _, rels_file = name.rpartition("_rels/")
        source = folder + rels_file[: -len(".rels")]
        if source in parts and source.endswith(".xml"):
            parts[source] = _drop_references(parts[source], gone)
    if not removed:
        return data, []
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in infos:
            dst.writestr(info, parts[info.filename])
    return out.getvalue(), removed


def _drop_references(xml: bytes, ids: set[str]) -> bytes:
    try:
        tree = etree.fromstring(xml)
    except etree.XMLSyntaxError:
        return xml
    for el in list(tree.iter()):
        if not isinstance(el.tag, str):
            continue
        names = [a for a in el.attrib if a.startswith(f"{{{_REL_NS}}}") and el.get(a) in ids]
        if not names:
            continue
        if etree.QName(el).localname.startswith("hlink") and el.getparent() is not None:
            el.getparent().remove(el)
        else:
            for attr in names:
                del el.attrib[attr]
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def _remove_slides(prs: Presentation) -> None:
    ids = prs.slides._sldIdLst
    for sld_id in list(ids):
        prs.part.drop_rel(sld_id.rId)
        ids.remove(sld_id)


def make_builtin_template(brand, logo_png: bytes | None, fonts: RunFonts | None = None,  # noqa: ANN001
                          logo_alt: str = "") -> bytes:
    """python-pptx's default template, widened to 16:9 and dressed in the brand; its theme fonts
    are ``fonts`` (default: the brand's first family in every slot); ``logo_alt``: the logo's
    alternative text."""
    prs = Presentation()
    old_width = prs.slide_width
    prs.slide_width, prs.slide_height = WIDE
    scale = WIDE[0] / old_width
    master = prs.slide_master
    for shape in list(master.placeholders) + [ph for layout in prs.slide_layouts for ph in layout.placeholders]:
        if shape._element.spPr.xfrm is None:
            continue  # inherits its position from the master, which is scaled already
        left, top, width, height = shape.left, shape.top, shape.width, shape.height
        shape.left, shape.top, shape.width, shape.height = int(left * scale), top, int(width * scale), height
    _brand_theme(master, brand, fonts or RunFonts.of(brand.families[0]))
    _title_style(master, brand)
    # every slide: a brand bar at the bottom and the logo in its corner
    _rect(master.shapes, 0, WIDE[1] - Inches(0.12), WIDE[0], Inches(0.12), brand.primary)
    _rect(master.shapes, 0, WIDE[1] - Inches(0.12), Inches(2.2), Inches(0.12), brand.accent)
    if logo_png:
        _picture(master, logo_png, WIDE[0] - Inches(0.3), WIDE[1] - Inches(0.6), Inches(0.36), alt=logo_alt)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for name in ("Title and Content", "Title Only"):  # a one-line title band, the rest for the content
        _place(layouts[name], 0, 0.667, 0.35, 12.0, 0.95, "b")
    _place(layouts["Title and Content"], 1, 0.667, 1.5, 12.0, 5.3, "t")
    _title_layout(layouts["Title Slide"], brand, logo_png, logo_alt)
    _section_layout(layouts["Section Header"], brand)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _place(layout, idx: int, left: float, top: float, width: float, height: float, anchor: str) -> None:  # noqa: ANN001
    from pptx.enum.text import MSO_ANCHOR

    ph = next(p for p in layout.placeholders if p.placeholder_format.idx == idx)
    ph.left, ph.top, ph.width, ph.height = Inches(left), Inches(top), Inches(width), Inches(height)
    ph.text_frame.vertical_anchor = {"b": MSO_ANCHOR.BOTTOM, "t": MSO_ANCHOR.TOP}[anchor]


def _title_layout(layout, brand, logo_png: bytes | None, logo_alt: str = "") -> None:  # noqa: ANN001
    """The built-in title slide: title and subtitle on the left, over each other and left-aligned;
    the logo above them; a panel in the brand colour on the right with an accent edge."""
    layout._element.set("showMasterSp", "0")
    width, height = WIDE
    panel = PANEL_LEFT
    _rect(layout.shapes, panel, 0, width - panel, height, brand.primary, behind=True)
    _rect(layout.shapes, panel, 0, Inches(0.14), height, brand.accent, behind=True)
    _rect(layout.shapes, 0, height - Inches(0.12), panel, Inches(0.12), brand.primary, behind=True)
    _place(layout, 0, 0.8, 1.6, 7.9, 2.7, "b")
    _place(layout, 1, 0.8, 4.5, 7.9, 2.4, "t")
    if logo_png:
        _picture(layout, logo_png, Inches(0.8), Inches(0.6), Inches(0.55), from_left=True, alt=logo_alt)


def _section_layout(layout, brand) -> None:  # noqa: ANN001
    """The built-in section divider: the brand colour edge to edge, the title large and left-aligned
    over an accent bar, a line of context under it."""
    layout._element.set("showMasterSp", "0")
    for el in layout._element.iter(qn("a:defRPr")):  # the default's all capitals garble mixed-script titles
        el.attrib.pop("cap", None)
    layout.background.fill.solid()
    layout.background.fill.fore_color.rgb = RGBColor.from_string(brand.primary.lstrip("#").upper())
    _rect(layout.shapes, Inches(0.8), Inches(2.35), Inches(1.4), Inches(0.1), brand.accent, behind=True)
    _place(layout, 0, 0.8, 2.55, 11.7, 1.9, "t")
    _place(layout, 1, 0.8, 4.5, 11.7, 1.4, "t")


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def alt_text(element, text: str) -> None:  # noqa: ANN001 - a p:pic or p:graphicFrame
    """``text`` as the alternative text of a picture or chart (``descr`` of its ``p:cNvPr``): what
    PowerPoint shows under Alt Text and screen readers read. Set as an attribute, so the XML
    library escapes it; characters XML cannot hold are dropped."""
    element.xpath("./*[1]/p:cNvPr")[0].set("descr", _NOT_XML.sub("", text))


def _next_id(tree) -> int:  # noqa: ANN001
    ids = [int(x) for x in tree.xpath("//p:cNvPr/@id")]
    return max(ids, default=1) + 1


def _rect(shapes, x: int, y: int, cx: int, cy: int, colour: str, behind: bool = False) -> None:  # noqa: ANN001
    """A filled rectangle on a master or layout (python-pptx adds shapes to slides only)."""
    from pptx.oxml.shapes.autoshape import CT_Shape
    from pptx.shapes.autoshape import Shape

    tree = shapes._spTree
    sp = CT_Shape.new_autoshape_sp(_next_id(tree), "Brand shape", "rect", x, y, cx, cy)
    if behind:
        tree.insert(2, sp)  # after nvGrpSpPr and grpSpPr: below every placeholder
    else:
        tree.append(sp)
    _solid(Shape(sp, shapes), colour)


def _picture(master, png: bytes, right: int, top: int, height: int, from_left: bool = False,  # noqa: ANN001
             alt: str = "") -> None:
    """The logo on a master or layout, its right edge at ``right`` (or its left edge, ``from_left``);
    ``alt``: its alternative text (the company's name)."""
    from pptx.oxml.shapes.picture import CT_Picture

    image_part, rid = master.part.get_or_add_image_part(io.BytesIO(png))
    px_w, px_h = image_part.image.size
    width = int(height * px_w / px_h)
    tree = master.shapes._spTree
    left = right if from_left else right - width
    pic = CT_Picture.new_pic(_next_id(tree), "Logo", "", rid, left, top, width, height)
    alt_text(pic, alt or "logo")
    tree.append(pic)


def _title_style(master, brand) -> None:  # noqa: ANN001
    """Slide titles left-aligned in the brand colour; body text in a soft black."""
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
          "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
    styles = master._element.find("p:txStyles", ns)
    for style, colour, align in (("p:titleStyle", brand.primary, "l"), ("p:bodyStyle", "#1F2937", None)):
        lvl = styles.find(f"{style}/a:lvl1pPr", ns)
        if lvl is None:
            continue
        if align:
            lvl.set("algn", align)
        rpr = lvl.find("a:defRPr", ns)
        for old in rpr.findall("a:solidFill", ns):
            rpr.remove(old)
        fill_el = etree.Element(qn("a:solidFill"))
        etree.SubElement(fill_el, qn("a:srgbClr"), val=colour.lstrip("#").upper())
        rpr.insert(0, fill_el)


def _solid(shape, colour: str) -> None:  # noqa: ANN001
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
    shape.line.fill.background()
    shape.shadow.inherit = False


def _brand_theme(master, brand, fonts: RunFonts) -> None:  # noqa: ANN001
    part = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for slot, colour in (("accent1", brand.primary), ("accent2", brand.accent), ("dk2", brand.primary)):
        for el in root.iterfind(f".//a:clrScheme/a:{slot}", ns):
            for child in list(el):
                el.remove(child)
            etree.SubElement(el, qn("a:srgbClr"), val=colour.lstrip("#").upper())
    for font in root.iterfind(".//a:fontScheme/*", ns):  # majorFont and minorFont
        for slot, typeface in (("latin", fonts.latin), ("ea", fonts.east_asian or fonts.latin)):
            el = font.find(f"a:{slot}", ns)
            if el is not None:
                el.set("typeface", typeface)
        # per-script fonts: what PowerPoint uses for Japanese, Korean, Chinese where the theme names
        # no other (Windows' system fonts rather than the MS PGothic / SimSun of the old Office theme)
        for script_code, typeface in fonts.theme_scripts:
            el = font.find(f"a:font[@script='{script_code}']", ns)
            if el is None:
                el = etree.SubElement(font, qn("a:font"), script=script_code)
            el.set("typeface", typeface)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------------------- text


def set_fonts(run, font: RunFonts | str) -> None:  # noqa: ANN001
    """Name the fonts in the Latin, East Asian and complex-script slots, so Chinese, Japanese and
    Korean render in PowerPoint, Keynote and LibreOffice in their own shapes instead of falling back
    to a system font, and tag the run with the deck's language."""
    apply_fonts(run._r.get_or_add_rPr(), font, run.text or "")


def apply_fonts(rpr, font: RunFonts | str, text: str = "") -> None:  # noqa: ANN001 - a:rPr or a:defRPr
    """:func:`set_fonts` on a run's (or a chart's default) character properties."""
    fonts = RunFonts.of(font)
    for slot, typeface in (("a:latin", fonts.latin), ("a:ea", fonts.east_asian or fonts.latin),
                           ("a:cs", fonts.complex or fonts.latin)):
        el = rpr.find(qn(slot))
        if el is None:
            el = etree.Element(qn(slot))
            _insert_font(rpr, el)
        el.attrib.clear()
        el.set("typeface", typeface)
        if slot == "a:ea" and fonts.ea_charset:
            el.set("charset", fonts.ea_charset)
    if fonts.lang:
        rpr.set("lang", fonts.lang)
    if fonts.alt_lang and fonts.alt_lang != fonts.lang and (not fonts.alt_lang_cjk_only or _CJK.search(text)):
        rpr.set("altLang", fonts.alt_lang)


# a:rPr children in schema order: the font slots come after the line, fill, effect and highlight
# elements and before sym, hlinkClick, hlinkMouseOver, rtl and extLst
_RPR_ORDER = ("ln", "noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill", "effectLst", "effectDag",
              "highlight", "uLnTx", "uLn", "uFillTx", "uFill", "latin", "ea", "cs", "sym", "hlinkClick",
              "hlinkMouseOver", "rtl", "extLst")


def _insert_font(rpr, el) -> None:  # noqa: ANN001
    _insert_in_order(rpr, el, _RPR_ORDER)


def _insert_in_order(parent, el, order: tuple[str, ...]) -> None:  # noqa: ANN001
    """Put ``el`` among ``parent``'s children where the schema's ``order`` of element names wants it."""
    rank = order.index(etree.QName(el).localname)
    for i, child in enumerate(parent):
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name in order and order.index(name) > rank:
            parent.insert(i, el)
            return
    parent.append(el)


LINE = 1.2  # line pitch in ems: every paragraph is written with this exact spacing, so all clients agree
SPACE = 0.35  # space before a paragraph after the first, in ems
INSET_X, INSET_Y = Inches(0.1), Inches(0.05)  # text frame insets, written explicitly
_HANGUL = re.compile(r"[\uac00-\ud7af]")
LINE_BREAK = "\u2028"  # a line break inside a paragraph (fill writes it as <a:br/>)
# a word: what a line never breaks inside, Korean words and no-break-space units ('R$ 260.750,00') too
_WORDS = re.compile(r"(?:[^\s\u2028\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[\u00a0\u202f\u2007])+")
_CLOSING = "、。，．：；！？）」』】〉》”’%％.,:;!?)]"


def _is_lone(line: str) -> bool:
    """A line too short to end a CJK paragraph: two letters or digits or fewer ('です。', '整改。',
    '→ 0', '-85%）'), or punctuation alone."""
    return bool(line.strip()) and sum(unicodedata.category(ch)[0] in "LN" for ch in line) <= 2


# Chinese and Japanese break between characters; Korean, like Latin scripts, between words (as
# PowerPoint and LibreOffice break it)
_TOKEN = re.compile(
    r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f][、。，．：；！？）」』】〉》”’%％]*"  # a CJK char + its closing marks
    r"|[^\S\u00a0]+|(?:[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|\u00a0)+"  # a no-break space joins
)


_IDEOGRAPH = r"[\u2e80-\u2fff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
# LibreOffice spaces Hangul from Latin punctuation too (Korean writes ASCII commas and full stops)
_LATIN = r"[A-Za-z0-9\u00c0-\u024f]"
# a space between them (a no-break one too: '60 %\u00a0감소', 'ISO\u00a027001') does not take its place
_AUTOSPACE = re.compile(rf"(?<={_IDEOGRAPH})[ \u00a0\u202f]?(?={_LATIN})|(?<={_LATIN})[ \u00a0\u202f]?(?={_IDEOGRAPH})"
                        rf"|(?<=[\uac00-\ud7af])[ \u00a0\u202f]?(?=[.,:;!?%)])"
                        rf"|(?<=[.,:;!?%)])[ \u00a0\u202f]?(?=[\uac00-\ud7af])")


@dataclass
class Para:
    text: str
    level: int = 0
    bold: bool = False

    def __post_init__(self) -> None:
        self.text = glue(self.text)  # "12 meses", "ISO 27001", "ene 2027" never split by a line end
        if "-" in self.text:  # 'CT-e', 'e-mail': a break at the hyphen would leave one or two letters alone
            self.text = _SHORT_HYPHENATED.sub(lambda m: m.group(0).replace("-", "\u2011"), self.text)


def squash(text: str) -> str:
    """Runs of spacing as one space, no-break spaces kept (they hold "12 meses" on one line)."""
    return _SPACING.sub(" ", text).strip()


_SPACING = re.compile(r"[^\S\u00a0]+")


@functools.lru_cache(maxsize=64)
def _font_file(family: str, bold: bool) -> tuple[str, int] | None:
    """The file (and index in a collection) fontconfig draws ``family`` with; None without fc-match."""
    exe = shutil.which("fc-match")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "-f", "%{file}|%{index}", f"{family}:weight={200 if bold else 80}"],
                             capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, index = out.partition("|")
    return (path, int(index or 0)) if path and Path(path).is_file() else None


_SCRIPT_RUNS = re.compile(
    r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+"
    r"|[^\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+"
)


@functools.lru_cache(maxsize=200_000)
def _run_width(latin: str, east_asian: str, chunk: str, bold: bool) -> float:
    """The width of a run of one script at 100 pt: CJK in the East Asian family, the rest in the
    Latin one (or the East Asian one where the Latin family has no file)."""
    family = east_asian if _CJK.match(chunk) else latin
    face = _pil_font(family, bold) or (_pil_font(east_asian, bold) if family != east_asian else None)
    if face is None:
        return _estimate(chunk) * 100 * (1.05 if bold else 1)
    return face.getlength(chunk)


@functools.lru_cache(maxsize=200_000)
def _text_width(latin: str, east_asian: str, text: str, bold: bool) -> float:
    """The width of ``text`` at 100 pt (a deck measures the same words again and again, line after line)."""
    total = sum(_run_width(latin, east_asian, chunk, bold) for chunk in _SCRIPT_RUNS.findall(text))
    # LibreOffice (and PowerPoint's "autospace") puts a quarter em between Han or kana and a
    # Latin letter or digit, spaces or not
    return total + len(_AUTOSPACE.findall(text)) * 25


@functools.lru_cache(maxsize=64)
def _pil_font(family: str, bold: bool):  # noqa: ANN202 - PIL.ImageFont.FreeTypeFont | None
    found = _font_file(family, bold)
    if found is None:
        return None
    from PIL import ImageFont

    try:
        return ImageFont.truetype(found[0], 100, index=found[1], layout_engine=ImageFont.Layout.BASIC)
    except OSError:
        return None


class Metrics:
    """Text measured with the deck's real fonts (Pillow on the files fontconfig picks, the way
    LibreOffice and PowerPoint draw them): the Latin family for Latin text, the East Asian one for
    CJK characters. Without the font files it falls back to an em estimate that errs on the wide side."""

    def __init__(self, font: RunFonts | str) -> None:
        fonts = RunFonts.of(font)
        self.latin, self.east_asian = fonts.latin, fonts.east_asian or fonts.latin
        self._wraps: dict[tuple[str, float, float, bool], list[str]] = {}

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The advance width of ``text`` at ``size`` pt, in points."""
        return _text_width(self.latin, self.east_asian, text, bold) * size / 100

    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        """``text`` broken into lines no wider than ``width`` pt: at spaces, between CJK characters
        (closing punctuation stays with the character before it), inside a word only when the word
        alone is too wide."""
        key = (text, width, size, bold)
        if key not in self._wraps:
            self._wraps[key] = self._wrap(text, width, size, bold)
        return self._wraps[key]

    def _wrap(self, text: str, width: float, size: float, bold: bool) -> list[str]:
        """Greedy line breaking on token widths (advance widths add up; kerning is ignored), with
        the autospace between a CJK token and a Latin one counted where they meet; a LINE_BREAK
        in the text always ends a line."""
        if LINE_BREAK in text:
            return [line for part in text.split(LINE_BREAK) for line in self._wrap(part, width, size, bold)]
        lines: list[str] = []
        line, line_w, last = "", 0.0, ""  # last: the line's last character that is not a space
        limit = width * 100 / size  # in units of a 100-point font
        for token in _TOKEN.findall(squash(text)):
            if token.isspace():
                if line:
                    line += token
                    line_w += _run_width(self.latin, self.east_asian, " ", bold)
                continue
            token_w = self.width(token, 100, bold)
            gap = 25 if last and _AUTOSPACE.search(last + token[0]) else 0
            if not line or line_w + gap + token_w <= limit:  # line_w counts the space before the token
                line, line_w = line + token, line_w + gap + token_w
            else:
                lines.append(line.rstrip())
                line, line_w = token, token_w
            if line_w > limit:  # one word wider than the line
                *full, line = self._cut(line, width, size, bold)
                lines += full
                line_w = self.width(line, 100, bold)
            last = token[-1]
        if line.strip() or not lines:
            lines.append(line.rstrip())
        return lines

    def _cut(self, word: str, width: float, size: float, bold: bool) -> list[str]:
        out, current = [], ""
        for ch in word:
            if current and self.width(current + ch, size, bold) > width:
                out.append(current)
                current = ch
            else:
                current += ch
        return out + [current]

    def height(self, paras: list[Para], width: float, size: float, bullets: bool = False) -> float:
        """The height in points of the paragraphs written by :func:`fill` into a frame ``width`` pt
        wide (the frame's own width: insets and bullet indents are taken off here)."""
        total = 0.0
        for i, para in enumerate(paras):
            para_size = level_size(size, para.level)
            usable = max(width - 2 * INSET_X.pt - indent(para.level, size, bullets), para_size * 2)
            total += len(self.wrap(para.text, usable, para_size, para.bold)) * para_size * LINE
            if i:
                total += para_size * SPACE
        return total + 2 * INSET_Y.pt

    def fits(self, paras: list[Para], width: int, height: int, size: float, bullets: bool = False) -> bool:
        """True when the paragraphs fit the box at ``size`` without breaking a word, an e-mail address
        or a URL (a reader never sees 'sales@example.-/com')."""
        return self.height(paras, Emu(width).pt, size, bullets) <= Emu(height).pt and \
            self.words_fit(paras, Emu(width).pt, size, bullets)

    def words_fit(self, paras: list[Para], width: float, size: float, bullets: bool = False) -> bool:
        """True when every word (a run of non-CJK characters) of the paragraphs fits on a line."""
        for para in paras:
            para_size = level_size(size, para.level)
            usable = max(width - 2 * INSET_X.pt - indent(para.level, size, bullets), para_size * 2)
            if any(self.width(word, para_size, para.bold) > usable for word in _WORDS.findall(para.text)):
                return False
        return True

    def lone_end(self, para: Para, width: float, size: float, bullets: bool = False) -> bool:
        """True when a CJK paragraph's last line would hold a lone character (with its punctuation)
        or only punctuation: 'です。' alone under a full line."""
        para_size = level_size(size, para.level)
        usable = max(width - 2 * INSET_X.pt - indent(para.level, size, bullets), para_size * 2)
        lines = self.wrap(para.text, usable, para_size, para.bold)
        return len(lines) > 1 and _is_lone(lines[-1])

    def balanced(self, para: Para, width: float, size: float, bullets: bool = False) -> Para:
        """``para`` with a line break before its last few characters when its last line would be a
        lone character: the line above gives up enough to keep two or more together."""
        if LINE_BREAK in para.text or not self.lone_end(para, width, size, bullets):
            return para
        para_size = level_size(size, para.level)
        usable = max(width - 2 * INSET_X.pt - indent(para.level, size, bullets), para_size * 2)
        text = squash(para.text)
        start = text.rindex(self.wrap(text, usable, para_size, para.bold)[-1])  # where the last line begins
        if _HANGUL.search(text):  # Korean breaks between words only: the word before goes down too
            cut = text.rfind(" ", 0, max(0, start - 1))
            if cut > 0:
                candidate = Para(text[:cut] + LINE_BREAK + text[cut + 1:], para.level, para.bold)
                if not any(_is_lone(line) for line in self.wrap(candidate.text, usable, para_size, para.bold)[1:]):
                    return candidate
            return para
        for take in range(1, 8):
            cut = start - take
            if cut <= 0:
                break
            head, tail = text[:cut].rstrip(), text[cut:].lstrip()
            if not head or (not _CJK.match(tail[0]) and not _CJK.search(head[-1])) or _is_lone(tail) \
                    or tail[0] in _CLOSING:
                continue  # never inside a Latin word, never a line opening on a comma; three letters or more
            candidate = Para(head + LINE_BREAK + tail, para.level, para.bold)
            lines = self.wrap(candidate.text, usable, para_size, para.bold)
            if not any(_is_lone(line) for line in lines[1:]):
                return candidate
        return para

    def best_size(self, paras: list[Para], width: int, height: int, sizes: tuple[float, ...],
                  bullets: bool = False) -> float | None:
        """The largest of ``sizes`` (pt) at which the paragraphs fit the box, or None."""
        return next((size for size in sizes if self.fits(paras, width, height, size, bullets)), None)

    def paginate(self, paras: list[Para], width: int, height: int, size: float,
                 bullets: bool = False, count: int | None = None) -> list[list[Para]]:
        """The paragraphs on as few pages as fit at ``size``, balanced: a heading (a level-0
        paragraph) stays with the indented paragraphs under it, the pages are filled evenly rather
        than the last with what is left over, and no continuation page holds a single paragraph
        where another split avoids it. A paragraph too long for a page on its own is cut at
        sentence (or, failing that, line) boundaries. ``count`` asks for at least that many pages
        (two columns continued side by side); there are fewer only when there are fewer items."""
        width_pt, height_pt = Emu(width).pt, Emu(height).pt
        groups: list[list[Para]] = []
        for para in paras:
            for piece in self._split_to_fit(para, width_pt, height_pt, size, bullets):
                if groups and piece.level > 0 and groups[-1][0].level < piece.level:
                    groups[-1].append(piece)
                else:
                    groups.append([piece])
        # a group taller than a page is broken into single paragraphs
        flat: list[list[Para]] = []
        for group in groups:
            if len(group) > 1 and self.height(group, width_pt, size, bullets) > height_pt:
                flat += [[p] for p in group]
            else:
                flat.append(group)
        return _balance(flat, lambda chunk: self.height([p for g in chunk for p in g], width_pt, size, bullets), height_pt,
                        count)

    def _split_to_fit(self, para: Para, width_pt: float, height_pt: float, size: float, bullets: bool) -> list[Para]:
        if self.height([para], width_pt, size, bullets) <= height_pt:
            return [para]
        para_size = level_size(size, para.level)
        usable = max(width_pt - 2 * INSET_X.pt - indent(para.level, size, bullets), para_size * 2)
        per_page = max(1, int((height_pt - 2 * INSET_Y.pt) // (para_size * LINE)))
        sentences = [s for s in re.split(r"(?<=[。！？；.!?;])\s*", para.text) if s]
        pieces: list[str] = []
        current = ""
        for sentence in sentences:
            joiner = "" if not current or _CJK.search(sentence[:1]) else " "
            candidate = current + joiner + sentence
            if current and len(self.wrap(candidate, usable, para_size, para.bold)) > per_page:
                pieces.append(current)
                current = sentence
            else:
                current = candidate
        if current:
            pieces.append(current)
        out: list[Para] = []
        for piece in pieces:
            lines = self.wrap(piece, usable, para_size, para.bold)
            if len(lines) <= per_page:
                out.append(Para(piece, para.level, para.bold))
                continue
            joiner = "" if _CJK.search(piece) else " "
            for start in range(0, len(lines), per_page):
                out.append(Para(joiner.join(lines[start:start + per_page]), para.level, para.bold))
        return out


def _estimate(text: str) -> float:
    """Width in ems when no font file can be measured: CJK one em, Latin letters about 0.6."""
    return sum(1.0 if _CJK.match(ch) else 0.3 if ch == " " else 0.72 if ch.isupper() or ch in "mwMW%@" else 0.6
               for ch in text)


def _balance(groups: list[list[Para]], height, capacity: float, count: int | None = None) -> list[list[Para]]:  # noqa: ANN001
    """Contiguous pages of ``groups`` (each page's height by ``height``, at most ``capacity``): the
    fewest pages, then no continuation page of a single paragraph where avoidable, then the
    smallest tallest page."""
    if not groups:
        return []
    n = len(groups)
    fits = {}

    def ok(i: int, j: int) -> bool:
        if (i, j) not in fits:
            fits[(i, j)] = height(groups[i:j]) <= capacity or j - i == 1
        return fits[(i, j)]

    # fewest pages: greedy is optimal for contiguous packing
    pages, i = 0, 0
    while i < n:
        j = i + 1
        while j < n and ok(i, j + 1):
            j += 1
        pages, i = pages + 1, j
    if count:
        pages = min(max(pages, count), n)
    best: dict[tuple[int, int], tuple[int, float, list[int]] | None] = {}

    def solve(i: int, k: int) -> tuple[int, float, list[int]] | None:
        """Best split of groups[i:] into k pages: (single-paragraph continuation pages, tallest, cuts)."""
        if (i, k) in best:
            return best[(i, k)]
        result = None
        if k == 1:
            if ok(i, n):
                lonely = int(i > 0 and sum(len(g) for g in groups[i:n]) == 1)
                result = (lonely, height(groups[i:n]), [n])
        else:
            for j in range(i + 1, n - k + 2):
                if not ok(i, j):
                    break
                rest = solve(j, k - 1)
                if rest is None:
                    continue
                lonely = int(i > 0 and sum(len(g) for g in groups[i:j]) == 1) + rest[0]
                candidate = (lonely, max(height(groups[i:j]), rest[1]), [j] + rest[2])
                if result is None or candidate[:2] < result[:2]:
                    result = candidate
        best[(i, k)] = result
        return result

    plan = solve(0, pages) if n <= 60 else None
    cuts = plan[2] if plan else None
    if cuts is None:  # very long lists: greedy pages
        cuts, i = [], 0
        while i < n:
            j = i + 1
            while j < n and ok(i, j + 1):
                j += 1
            cuts.append(j)
            i = j
    out, start = [], 0
    for cut in cuts:
        out.append([p for g in groups[start:cut] for p in g])
        start = cut
    return out


def level_size(size: float, level: int) -> float:
    """An indented paragraph is set 2 pt smaller per level, never under 18 pt (or ``size``, if smaller)."""
    return max(min(size, 18), size - 2 * level)


def indent(level: int, size: float, bullets: bool) -> float:
    """The left margin (pt) of a paragraph at ``level``: room for its bullet, and one step per level."""
    if not bullets:
        return level * size * 1.2
    return size * 1.1 + level * size * 1.3


def fill(frame, paras: list[Para], size: float, font: RunFonts | str, colour: str | None = None,  # noqa: ANN001
         bullets: bool = False, align: str | None = None, width: int | None = None) -> None:
    """Write paragraphs into a text frame at a fixed size (the caller has measured that they fit):
    exact line pitch, paragraph spacing, insets and indents, so the measure holds in every client."""
    width = width or getattr(frame._parent, "width", None)  # a shape's or a placeholder's; a cell's is given
    if width and any(_CJK.search(para.text) for para in paras):  # no lone character at a paragraph's end
        metrics = Metrics(font)
        paras = [metrics.balanced(para, Emu(width).pt, size, bullets) for para in paras]
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = INSET_X
    frame.margin_top = frame.margin_bottom = INSET_Y
    for i, para in enumerate(paras):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para_size = level_size(size, para.level)
        p.level = para.level
        p.line_spacing = Pt(para_size * LINE)
        p.space_before = Pt(para_size * SPACE if i else 0)
        p.space_after = Pt(0)
        _bullet(p, para, size, bullets)
        if align:
            p._pPr.set("algn", align)
        for k, piece in enumerate(para.text.split(LINE_BREAK)):
            if k:
                p.add_line_break()  # <a:br/>: a new line, not a new bullet
            run = p.add_run()
            run.text = squash(piece)  # a line break inside a run would start an empty bullet
            run.font.size = Pt(para_size)
            run.font.bold = para.bold
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
            set_fonts(run, font)


def _bullet(p, para: Para, size: float, bullets: bool) -> None:  # noqa: ANN001
    ppr = p._p.get_or_add_pPr()
    margin = indent(para.level, size, bullets)
    ppr.set("marL", str(int(Pt(margin))))
    for old in ppr.findall(qn("a:buNone")) + ppr.findall(qn("a:buChar")) + ppr.findall(qn("a:buAutoNum")):
        ppr.remove(old)
    if bullets:
        ppr.set("indent", str(-int(Pt(size * 1.1 if para.level == 0 else size * 1.0))))
        bu = etree.SubElement(ppr, qn("a:buChar"), char="•" if para.level == 0 else "–")
        _order_bullet(ppr, bu)
    else:
        ppr.set("indent", "0")
        _order_bullet(ppr, etree.SubElement(ppr, qn("a:buNone")))


# a:pPr children in schema order
_PPR_ORDER = ("lnSpc", "spcBef", "spcAft", "buClrTx", "buClr", "buSzTx", "buSzPct", "buSzPts", "buFontTx", "buFont",
              "buNone", "buAutoNum", "buChar", "buBlip", "tabLst", "defRPr", "extLst")


def _order_bullet(ppr, el) -> None:  # noqa: ANN001
    ppr.remove(el)
    _insert_in_order(ppr, el, _PPR_ORDER)


# ---------------------------------------------------------------------------- stable files


def stable_bytes(prs: Presentation, stamp: tuple[int, int, int]) -> bytes:
    """The .pptx with every zip entry dated from the content, so equal input gives equal bytes.
    Chart workbooks (embedded .xlsx, written with the clock's time) are made stable too."""
    raw = io.BytesIO()
    prs.save(raw)
    return stable_zip(raw.getvalue(), stamp)


_W3C_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def stable_zip(data: bytes, stamp: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    iso = f"{stamp[0]:04d}-{stamp[1]:02d}-{stamp[2]:02d}T00:00:00Z".encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.endswith(".xlsx"):
                body = stable_zip(body, stamp)
            elif info.filename.endswith("core.xml"):
                body = _W3C_DATE.sub(rb"\g<1>" + iso + rb"\g<2>", body)
            clone = zipfile.ZipInfo(info.filename, date_time=(*stamp, 0, 0, 0))
            clone.compress_type = zipfile.ZIP_DEFLATED
            clone.external_attr = 0o600 << 16
            dst.writestr(clone, body)
    return out.getvalue()


