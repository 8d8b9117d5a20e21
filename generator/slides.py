"""PowerPoint building blocks on top of python-pptx: the brand template, fitting text into
boxes, East Asian fonts, and byte-stable files.

A custom template is any .pptx whose slide layouts carry these names and placeholders
(the names are PowerPoint's defaults, so a corporate template usually has them):

==================  =====================================================
layout              placeholders (idx)
==================  =====================================================
Title Slide         0 title, 1 subtitle
Title and Content   0 title, 1 body
Two Content         0 title, 1 left body, 2 right body
Title Only          0 title
==================  =====================================================

A template is material from outside the content: before use, every external relationship in it
(hyperlinks, linked pictures or OLE objects pointing to ``http://`` or ``file://``) is removed,
with a build warning naming the template, so no deck links out or makes PowerPoint fetch anything.
"""

from __future__ import annotations

import io
import math
import re
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

from . import fonts as fontdata
from .diagnostics import EnablekitError

TEMPLATE_WARN_BYTES = 20 * 1024 * 1024  # a bigger template makes every deck at least as big
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

REQUIRED_LAYOUTS: dict[str, tuple[int, ...]] = {
    "Title Slide": (0, 1),
    "Title and Content": (0, 1),
    "Two Content": (0, 1, 2),
    "Title Only": (0,),
}
WIDE = (Inches(13.333), Inches(7.5))
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
                  warnings: list[str] | None = None, fonts: RunFonts | None = None) -> tuple[Presentation, str]:
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
    prs = Presentation(io.BytesIO(builtin_template(brand, logo_png, fonts)))
    return prs, "built-in template"


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


def builtin_template(brand, logo_png: bytes | None, fonts: RunFonts | None = None) -> bytes:  # noqa: ANN001
    """python-pptx's default template, widened to 16:9 and dressed in the brand; its theme fonts
    are ``fonts`` (default: the brand's first family in every slot)."""
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
        _picture(master, logo_png, WIDE[0] - Inches(0.3), WIDE[1] - Inches(0.6), Inches(0.36))
    title_layout = next(layout for layout in prs.slide_layouts if layout.name == "Title Slide")
    _rect(title_layout.shapes, 0, 0, Inches(0.45), WIDE[1], brand.primary, behind=True)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


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


def _picture(master, png: bytes, right: int, top: int, height: int) -> None:  # noqa: ANN001
    from pptx.oxml.shapes.picture import CT_Picture

    image_part, rid = master.part.get_or_add_image_part(io.BytesIO(png))
    px_w, px_h = image_part.image.size
    width = int(height * px_w / px_h)
    tree = master.shapes._spTree
    tree.append(CT_Picture.new_pic(_next_id(tree), "Logo", "logo", rid, right - width, top, width, height))


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
    rank = _RPR_ORDER.index(etree.QName(el).localname)
    for i, child in enumerate(rpr):
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name in _RPR_ORDER and _RPR_ORDER.index(name) > rank:
            rpr.insert(i, el)
            return
    rpr.append(el)


def text_width_em(text: str) -> float:
    """Estimated width in ems: CJK characters are one em, Latin letters about half."""
    width = 0.0
    for ch in text:
        if _CJK.match(ch):
            width += 1.0
        elif ch == " ":
            width += 0.28
        elif ch.isupper() or ch in "mwMW%@":
            width += 0.68
        else:
            width += 0.54
    return width


@dataclass
class Para:
    text: str
    level: int = 0
    bold: bool = False


def needed_height(paras: list[Para], width_pt: float, size: float, spacing: float = 0.35) -> float:
    total = 0.0
    for p in paras:
        usable = max(width_pt - 18 * (p.level + 1), width_pt * 0.3)
        lines = max(1, math.ceil(text_width_em(p.text) * size * 1.04 / usable))
        total += lines * size * 1.2 + size * spacing
    return total


def best_size(paras: list[Para], width: int, height: int, sizes: tuple[int, ...]) -> int | None:
    """The largest font size (pt) at which the paragraphs fit the box, or None."""
    width_pt, height_pt = Emu(width).pt, Emu(height).pt * 0.94
    for size in sizes:
        if needed_height(paras, width_pt, size) <= height_pt:
            return size
    return None


def paginate(paras: list[Para], width: int, height: int, size: int) -> list[list[Para]]:
    """Split paragraphs into pages that each fit at ``size``; a paragraph too long for a page
    on its own is cut at sentence (or character) boundaries."""
    width_pt, height_pt = Emu(width).pt, Emu(height).pt * 0.94
    pages: list[list[Para]] = [[]]
    for para in paras:
        for piece in _split_to_fit(para, width_pt, height_pt, size):
            if pages[-1] and needed_height(pages[-1] + [piece], width_pt, size) > height_pt:
                pages.append([])
            pages[-1].append(piece)
    return [p for p in pages if p]


def _split_to_fit(para: Para, width_pt: float, height_pt: float, size: int) -> list[Para]:
    if needed_height([para], width_pt, size) <= height_pt:
        return [para]
    pieces = [s for s in re.split(r"(?<=[。！？；.!?;])\s*", para.text) if s]
    if len(pieces) <= 1:  # no sentence to cut at: cut by length
        per = max(20, int(len(para.text) * height_pt / needed_height([para], width_pt, size) * 0.9))
        pieces = [para.text[i:i + per] for i in range(0, len(para.text), per)]
    out: list[Para] = []
    current = ""
    for piece in pieces:
        candidate = (current + " " + piece).strip() if current and not _CJK.search(piece[:1]) else current + piece
        if current and needed_height([Para(candidate, para.level)], width_pt, size) > height_pt:
            out.append(Para(current, para.level, para.bold))
            current = piece
        else:
            current = candidate
    if current:
        out.extend(_split_to_fit(Para(current, para.level, para.bold), width_pt, height_pt, size)
                   if len(pieces) > 1 and needed_height([Para(current, para.level)], width_pt, size) > height_pt
                   else [Para(current, para.level, para.bold)])
    return out


def fill(frame, paras: list[Para], size: int, font: RunFonts | str, colour: str | None = None) -> None:  # noqa: ANN001
    """Write paragraphs into a text frame at a fixed size (the caller has checked they fit)."""
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for i, para in enumerate(paras):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.level = para.level
        run = p.add_run()
        run.text = " ".join(para.text.split())  # a line break inside a run would start an empty bullet
        run.font.size = Pt(size - 2 * para.level)
        run.font.bold = para.bold
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
        set_fonts(run, font)


# ---------------------------------------------------------------------------- stable files


def stable_bytes(prs: Presentation, stamp: tuple[int, int, int]) -> bytes:
    """The .pptx with every zip entry dated from the content, so equal input gives equal bytes.
    Chart workbooks (embedded .xlsx, written with the clock's time) are made stable too."""
    raw = io.BytesIO()
    prs.save(raw)
    return _stable_zip(raw.getvalue(), stamp)


_W3C_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _stable_zip(data: bytes, stamp: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    iso = f"{stamp[0]:04d}-{stamp[1]:02d}-{stamp[2]:02d}T00:00:00Z".encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.endswith(".xlsx"):
                body = _stable_zip(body, stamp)
            elif info.filename.endswith("core.xml"):
                body = _W3C_DATE.sub(rb"\g<1>" + iso + rb"\g<2>", body)
            clone = zipfile.ZipInfo(info.filename, date_time=(*stamp, 0, 0, 0))
            clone.compress_type = zipfile.ZIP_DEFLATED
            clone.external_attr = 0o600 << 16
            dst.writestr(clone, body)
    return out.getvalue()


