"""Fonts per language: which family sets a language's text, which language tag a deck run
carries, and whether this machine has a font for every language of a project.

A language needs a *script* (ISO 15924: ``Hans``, ``Hant``, ``Jpan``, ``Kore``, ``Latn``,
``Cyrl``…), read from Babel's CLDR data (likely subtags: ``ja`` → ``ja_Jpan_JP``). Chinese,
Japanese and Korean share most characters but not their shapes, so each gets its own regional
Noto Sans CJK family (SC, TC, HK, JP, KR): the family decides whether 直 or 骨 is drawn the
Chinese or the Japanese way. Every other language is set in a Latin family (Noto Sans when
installed, else DejaVu Sans), with the CJK families behind it for mixed text.

Which fonts are installed is asked of fontconfig (``fc-list``), once per process and
fontconfig setup. Without ``fc-list`` nothing can be told, and nothing is reported.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .i18n import language_problem

# ---------------------------------------------------------------------------- families

CJK_SCRIPTS = ("Hans", "Hant", "Jpan", "Kore")
CJK_FAMILIES = {
    "Hans": "Noto Sans CJK SC",
    "Hant": "Noto Sans CJK TC",
    "Jpan": "Noto Sans CJK JP",
    "Kore": "Noto Sans CJK KR",
}
HK_FAMILY = "Noto Sans CJK HK"  # Hong Kong shapes, where installed (fonts-noto-cjk has it)
# the regional suffix of a Noto CJK family for each script
_REGION_SUFFIX = {"Hans": "SC", "Hant": "TC", "Jpan": "JP", "Kore": "KR"}
_NOTO_CJK = re.compile(r"^(Noto (?:Sans|Serif)(?: Mono)? CJK) (SC|TC|HK|JP|KR)$")
LATIN_FAMILIES = ("Noto Sans", "DejaVu Sans")  # the first one installed; the last one whatever is
# scripts the CJK and Latin families do not cover, with the Noto family that does
SCRIPT_FAMILIES = {
    "Arab": "Noto Sans Arabic", "Hebr": "Noto Sans Hebrew", "Thai": "Noto Sans Thai",
    "Deva": "Noto Sans Devanagari", "Beng": "Noto Sans Bengali", "Taml": "Noto Sans Tamil",
    "Telu": "Noto Sans Telugu", "Knda": "Noto Sans Kannada", "Mlym": "Noto Sans Malayalam",
    "Gujr": "Noto Sans Gujarati", "Guru": "Noto Sans Gurmukhi", "Orya": "Noto Sans Oriya",
    "Sinh": "Noto Sans Sinhala", "Khmr": "Noto Sans Khmer", "Laoo": "Noto Sans Lao",
    "Mymr": "Noto Sans Myanmar", "Geor": "Noto Sans Georgian", "Armn": "Noto Sans Armenian",
    "Ethi": "Noto Sans Ethiopic",
}
# fonts a deck's viewer is likely to have when it lacks the Noto family (Windows first, then macOS)
PLATFORM_FALLBACKS = {
    "Jpan": ("Yu Gothic", "Meiryo", "Hiragino Sans"),
    "Hans": ("Microsoft YaHei", "PingFang SC"),
    "Hant": ("Microsoft JhengHei", "PingFang TC"),
    "Kore": ("Malgun Gothic", "Apple SD Gothic Neo"),
    "Latn": ("Arial", "Helvetica"),
}
# the per-script entries of a PowerPoint theme font (``a:font script="Jpan"``): OOXML's script code
# (Korean is "Hang") → ours
THEME_SCRIPTS = {"Jpan": "Jpan", "Hang": "Kore", "Hans": "Hans", "Hant": "Hant"}
# Windows character sets of the East Asian scripts: PowerPoint substitutes a missing font by one of
# the same character set, so a Japanese run never falls back to a Chinese font (OOXML a:ea@charset)
EA_CHARSETS = {"Jpan": "-128", "Kore": "-127", "Hans": "-122", "Hant": "-120"}

# ---------------------------------------------------------------------------- scripts

# a language whose fontconfig orthography is unknown is judged by one language of its script
_SCRIPT_PROBE = {
    "Latn": "en", "Cyrl": "ru", "Grek": "el", "Arab": "ar", "Hebr": "he", "Thai": "th", "Deva": "hi",
    "Beng": "bn", "Taml": "ta", "Telu": "te", "Knda": "kn", "Mlym": "ml", "Gujr": "gu", "Guru": "pa",
    "Orya": "or", "Sinh": "si", "Khmr": "km", "Laoo": "lo", "Mymr": "my", "Geor": "ka", "Armn": "hy",
    "Ethi": "am", "Tibt": "bo", "Hans": "zh-cn", "Hant": "zh-tw", "Jpan": "ja", "Kore": "ko",
}
SCRIPT_NAMES = {
    "Hans": "Han (Simplified)", "Hant": "Han (Traditional)", "Jpan": "Japanese", "Kore": "Korean",
    "Latn": "Latin", "Cyrl": "Cyrillic", "Grek": "Greek", "Arab": "Arabic", "Hebr": "Hebrew",
    "Thai": "Thai", "Deva": "Devanagari",
}


@dataclass(frozen=True)
class Language:
    """A BCP 47 code read with CLDR: base language, script and territory (explicit or likely)."""

    code: str
    language: str
    script: str  # ISO 15924, never empty ("Latn" when nothing is known)
    territory: str | None  # explicit or likely; None when CLDR knows none
    explicit_script: bool
    explicit_territory: bool


@functools.lru_cache(maxsize=256)
def parse(lang: str) -> Language:
    """``lang`` with its script and territory filled in from CLDR's likely subtags."""
    from babel import Locale
    from babel.core import get_global

    parts = [p for p in str(lang).replace("_", "-").split("-") if p]
    base = parts[0].lower() if parts else "und"
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    territory = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha() or len(p) == 3 and p.isdigit()),
                     None)
    explicit_script, explicit_territory = script is not None, territory is not None
    try:
        locale = Locale.parse(lang, sep="-")
        base = locale.language
        script = script or locale.script  # Babel fills zh-TW → Hant
        territory = territory or locale.territory
    except Exception:  # noqa: BLE001 - unknown to CLDR: keep what the code says
        pass
    likely = get_global("likely_subtags")
    for key in ([f"{base}_{script}"] if script else []) + ([f"{base}_{territory}"] if territory else []) + [base]:
        found = likely.get(key)
        if found:
            pieces = found.split("_")
            script = script or next((p for p in pieces[1:] if len(p) == 4), None)
            if not territory:
                territory = next((p for p in pieces[1:] if len(p) in (2, 3) and p != script), None)
            break
    return Language(str(lang), base, script or "Latn", territory, explicit_script, explicit_territory)


def script(lang: str) -> str:
    """The script (ISO 15924) ``lang`` is written in: ja → Jpan, zh-TW → Hant, ru → Cyrl."""
    return parse(lang).script


def is_cjk(lang: str) -> bool:
    return script(lang) in CJK_SCRIPTS


def script_name(lang: str) -> str:
    code = script(lang)
    return SCRIPT_NAMES.get(code, code)


def language_name(lang: str) -> str:
    """The English name of ``lang`` (for messages read by whoever runs the build)."""
    from babel import Locale

    try:
        return Locale.parse(lang, sep="-").get_display_name("en") or lang
    except Exception:  # noqa: BLE001
        return lang


# ---------------------------------------------------------------------------- families per language


def cjk_family(lang: str) -> str | None:
    """The Noto Sans CJK family drawing ``lang``'s shapes: zh/zh-Hans/zh-CN/zh-SG → SC,
    zh-TW/zh-Hant/zh-MO → TC, zh-HK → HK when installed (else TC), ja → JP, ko → KR;
    None for a language not written in Han or Hangul."""
    info = parse(lang)
    if info.script not in CJK_SCRIPTS:
        return None
    if info.script == "Hant" and info.territory == "HK" and HK_FAMILY in installed_families():
        return HK_FAMILY
    return CJK_FAMILIES[info.script]


def latin_family() -> str:
    """Noto Sans when installed, else DejaVu Sans."""
    have = installed_families()
    return next((f for f in LATIN_FAMILIES if f in have), LATIN_FAMILIES[-1])


def family(lang: str) -> str:
    """The family that sets ``lang``: its CJK family, its script's Noto family when installed, or
    the Latin one (fontconfig then finds any installed font that has the script)."""
    special = SCRIPT_FAMILIES.get(script(lang))
    return cjk_family(lang) or (special if special in installed_families() else None) or latin_family()


def cjk_language(lang: str, languages: Sequence[str] = ()) -> str | None:
    """The CJK language whose shapes Han characters take in a ``lang`` document: ``lang`` itself,
    else the project's first CJK language (the text a missing translation falls back to)."""
    return next((code for code in (lang, *languages) if is_cjk(code)), None)


def east_asian_family(lang: str, languages: Sequence[str] = (), brand: Sequence[str] = ()) -> str:
    """The East Asian (``a:ea``) family of a deck in ``lang``: the language's CJK family, else that
    of the project's CJK language, else a Noto CJK family the brand names, else Simplified Chinese."""
    source = cjk_language(lang, languages)
    if source:
        return cjk_family(source) or CJK_FAMILIES["Hans"]
    return next((name for name in brand if _NOTO_CJK.match(name)), CJK_FAMILIES["Hans"])


def brand_families(brand: Sequence[str], lang: str, languages: Sequence[str] = ()) -> list[str]:
    """The brand's families for a ``lang`` document: a regional Noto CJK family the brand names
    ("Noto Sans CJK SC", the default) takes the region of the document's CJK language, so a
    Japanese document draws Japanese shapes; every other family stays as it is."""
    source = cjk_language(lang, languages)
    if source is None:
        return list(dict.fromkeys(brand))
    target = cjk_family(source) or CJK_FAMILIES["Hans"]
    suffix = target.rsplit(" ", 1)[1]
    out = []
    for name in brand:
        match = _NOTO_CJK.match(name)
        if match:
            candidate = f"{match.group(1)} {suffix}"
            if suffix == "HK" and candidate not in installed_families():
                candidate = f"{match.group(1)} TC"
            name = candidate
        out.append(name)
    return list(dict.fromkeys(out))


def pdf_families(brand: Sequence[str], lang: str, languages: Sequence[str] = ()) -> list[str]:
    """The CSS font-family list of a document in ``lang``: the brand's families, then the family of
    the language, then the other CJK families (so mixed text renders), then the Latin family."""
    out = brand_families(brand, lang, languages)
    out.append(family(lang))
    for code in (lang, *languages):
        if is_cjk(code):
            out.append(cjk_family(code) or CJK_FAMILIES[script(code)])
    out += [CJK_FAMILIES[s] for s in CJK_SCRIPTS]
    out.append(latin_family())
    return list(dict.fromkeys(out))


def platform_fallbacks(lang: str) -> tuple[str, ...]:
    """System fonts of Windows and macOS for ``lang``'s script (what PowerPoint or Keynote can
    use on a machine without the Noto family)."""
    return PLATFORM_FALLBACKS.get(script(lang), PLATFORM_FALLBACKS["Latn"])


def family_script(name: str) -> str | None:
    """The script a regional Noto CJK family draws: "Noto Sans CJK JP" → Jpan, … HK → Hant."""
    match = _NOTO_CJK.match(name)
    if not match:
        return None
    return {"SC": "Hans", "TC": "Hant", "HK": "Hant", "JP": "Jpan", "KR": "Kore"}[match.group(2)]


def theme_script_fonts() -> dict[str, str]:
    """Per-script fonts of a deck's theme (OOXML script code → typeface): the first platform font
    of each CJK script, which PowerPoint uses for that script where the theme names no other."""
    return {code: PLATFORM_FALLBACKS[ours][0] for code, ours in THEME_SCRIPTS.items()}


# ---------------------------------------------------------------------------- language tags


def language_tag(lang: str) -> str:
    """The full BCP 47 tag with region of a deck run or document in ``lang``: ja → ja-JP, de → de-DE,
    en → en-US, zh → zh-CN, zh-Hant → zh-TW, ko → ko-KR, pt-BR stays. Chinese is tagged by region only
    (zh-CN, zh-TW, zh-HK), as Office knows it; an unknown code is returned as it is."""
    info = parse(lang)
    if info.territory is None:
        return lang
    if info.language == "zh":
        return f"zh-{info.territory}"
    script_part = f"-{info.script}" if info.explicit_script else ""
    return f"{info.language}{script_part}-{info.territory}"


# ---------------------------------------------------------------------------- what is installed


def _fc_env_key() -> tuple[str | None, ...]:
    """What decides fc-list's answer besides the installed fonts: where it is, and its setup."""
    return tuple(os.environ.get(name) for name in ("PATH", "FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT",
                                                     "XDG_DATA_HOME", "HOME"))


def _fc_list(*args: str) -> list[str] | None:
    """Lines ``fc-list`` prints, or None when it cannot be run."""
    return _fc_list_cached(args, _fc_env_key())


@functools.lru_cache(maxsize=256)
def _fc_list_cached(args: tuple[str, ...], env_key: tuple) -> list[str] | None:  # noqa: ARG001 - cache key
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, *args], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def installed_families() -> frozenset[str]:
    """Every font family fontconfig knows (each name of a family with several); empty without fc-list."""
    lines = _fc_list(":", "family") or []
    return frozenset(name.strip().replace("\\-", "-") for line in lines for name in line.split(",") if name.strip())


def fontconfig_language(lang: str) -> str:
    """The language as fontconfig names its orthographies: zh-cn, zh-tw, zh-hk, zh-mo, zh-sg, ja, de…"""
    info = parse(lang)
    if info.language == "zh" or info.script in ("Hans", "Hant") and info.language not in ("ja", "ko"):
        if info.territory in ("HK", "MO", "SG"):
            return f"zh-{info.territory.lower()}"
        return "zh-tw" if info.script == "Hant" else "zh-cn"
    if info.explicit_script:
        default = parse(info.language).script
        if default != info.script:  # sr-Latn: judge by the script, not by fontconfig's Cyrillic "sr"
            return _SCRIPT_PROBE.get(info.script, info.language)
    return info.language


def covered(lang: str) -> bool | None:
    """Whether an installed font covers ``lang`` (fontconfig's orthography of it); None when
    fontconfig cannot be asked. A language fontconfig has no orthography for is judged by its script."""
    tag = fontconfig_language(lang)
    found = _fc_list(f":lang={tag}", "family")
    if found is None:
        return None
    if found:
        return True
    probe = _SCRIPT_PROBE.get(script(lang))
    if probe is None or probe == tag:
        return probe is None  # no way to tell for a script without a probe: assume covered
    again = _fc_list(f":lang={probe}", "family")
    return None if again is None else bool(again)


def install_hint(lang: str) -> str:
    if is_cjk(lang):
        return "install the Noto CJK fonts (Debian/Ubuntu: apt-get install fonts-noto-cjk)"
    return "install the Noto fonts (Debian/Ubuntu: apt-get install fonts-noto-core)"


def font_problems(languages: Iterable[str]) -> list[tuple[int, str]]:
    """(index, message) for each language no installed font covers; nothing when fc-list is missing."""
    problems = []
    for i, lang in enumerate(languages):
        if not isinstance(lang, str) or not lang:
            continue
        if covered(lang) is False:
            problems.append((i, f"no installed font covers {language_name(lang)} ({lang}): PDFs and decks would"
                                f" show empty boxes; {install_hint(lang)}"))
    return problems


def brand_font_problem(families: Sequence[str], lang: str) -> str | None:
    """Why the brand's fonts cannot set this machine's PDFs (none of them is installed), or None; nothing
    is told without fc-list."""
    installed = installed_families()
    if not installed or any(name in installed for name in families):
        return None
    names = ", ".join(f"'{name}'" for name in families)
    instead = next(name for name in pdf_families([], lang) if name in installed or name == latin_family())
    return (f"brand.font: {names} {'is' if len(families) == 1 else 'are'} not installed on this machine: its PDFs"
            f" are set in '{instead}' instead; install the brand font, or name an installed family after it"
            f" (\"{families[0]}, {instead}\")")


def check_fonts(project, diags) -> None:  # noqa: ANN001 - model.Project, diagnostics.Diagnostics
    """Report each language of company.yaml that no installed font covers, as an error at its entry, and
    a brand font of which no family is installed, as a warning."""
    company = project.company
    valid = [lang if not language_problem(lang) else "" for lang in company.languages]  # others: reported already
    for i, message in font_problems(valid):
        diags.error(project.where(company, ("languages", i)), message, code="font")
    problem = brand_font_problem(company.brand.families, project.default_language)
    if problem:
        diags.warning(project.where(company, ("brand", "font")), problem, code="font")
