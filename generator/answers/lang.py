"""Which language a customer's question, header or drop-down option is written in, among the
languages the catalogs know (zh, zh-TW, en, fr, de, es, it, pt, nl, ja, ko): by script first (kana is
Japanese, hangul Korean, Han alone Chinese), then by the small words every sentence of a latin-script
language uses. Short texts that say nothing either way give None."""

from __future__ import annotations

import re
from collections import Counter

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[a-zà-öø-ÿœß]+(?:['’][a-zà-öø-ÿ]+)?")

# the same characters in traditional and in simplified writing (common ones that differ)
_PAIRS = list(zip("這個們來說對時與為會國學體麼後開關發電點實現應當據資產務辦價類請檢證網頁將設計劃單區級",
                  "这个们来说对时与为会国学体么后开关发电点实现应当据资产务办价类请检证网页将设计划单区级", strict=True))
_TRADITIONAL = {t for t, s in _PAIRS if t != s}
_SIMPLIFIED = {s for t, s in _PAIRS if t != s}

_FUNCTION_WORDS = {
    "en": "the and of to is are do does you your can will with for in on be have has what which how any our"
          " please this that it or by an as from at we there been if not all who when where whether would should"
          " could its their us",
    "fr": "le la les des du de et est sont vous votre vos pouvez peut une un pour dans sur avec au aux que qui"
          " quel quelle quels ce cette ces il elle nous nos l d qu s n est-il",
    "de": "der die das und ist sind sie ihr ihre ihren können kann wird werden mit für in auf ein eine einen"
          " den dem des zu von wie welche gibt es bei oder auch nicht uns unsere im zur zum",
    "es": "el la los las de del y es son usted su sus puede pueden una un para en con que qué cómo se por al"
          " nuestro nuestra nuestros",
    "it": "il lo la gli le di del della e è sono voi vostro vostra potete può una un per in con che come si"
          " nel nella dei delle al",
    "pt": "o a os as de do da dos das e é são você vocês seu sua pode podem uma um para em com que como se"
          " no na nos nossa nosso ao",
    "nl": "de het een en is zijn u uw kunt kan wordt worden met voor in op van dat die wat hoe welke er ook"
          " niet ons onze bij",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
# letters that only some latin-script languages write
_LETTERS = {"de": "äöüß", "fr": "çœàèùâêîôûëï", "es": "ñ¿¡", "pt": "ãõ", "it": "", "nl": "", "en": ""}


def language_of(text: str) -> str | None:
    """The catalog language ``text`` is written in (base code, or zh-TW), or None when it is too short
    or too mixed to tell."""
    if not isinstance(text, str) or not text.strip():
        return None
    if len(_KANA.findall(text)) >= 2:
        return "ja"
    if len(_HANGUL.findall(text)) >= 2:
        return "ko"
    han = _HAN.findall(text)
    latin = _LATIN_WORD.findall(text.lower())
    if han and len(han) * 2 >= len(latin):
        trad = sum(ch in _TRADITIONAL for ch in han)
        simp = sum(ch in _SIMPLIFIED for ch in han)
        return "zh-TW" if trad > simp else "zh"
    if not latin:
        return None
    scores: Counter[str] = Counter()
    for word in latin:
        for lang, words in _WORDS.items():
            if word in words:
                scores[lang] += 1
            elif "'" in word or "’" in word:
                head = re.split(r"['’]", word)[0]
                if head in ("l", "d", "qu", "s", "n", "j", "c") and lang == "fr":
                    scores[lang] += 1
    lowered = text.lower()
    for lang, letters in _LETTERS.items():
        scores[lang] += 2 * sum(lowered.count(ch) for ch in letters)
    if not scores:
        return "en" if len(latin) >= 3 else None
    (best, first), *rest = scores.most_common(2) + [("", 0)]
    second = rest[0][1]
    if first == second:
        tied = [lang for lang, score in scores.items() if score == first]
        return "en" if "en" in tied else None  # 'is', 'in', 'de': English is the likelier of the two
    return best


KNOWN = ("zh", "zh-TW", "en", "fr", "de", "es", "it", "pt", "nl", "ja", "ko")  # what language_of can tell


def language_among(text: str, languages: list[str]) -> str | None:
    """The language ``text`` is written in, for choosing among ``languages`` (a project's site and answer
    languages): ``language_of``; when that tells none of them and one of them is a language it cannot
    tell (Swedish, Polish…, which it may read as Dutch or nothing), py3langid's confident verdict among
    ``languages`` for a text long enough. Else what ``language_of`` said."""
    found = language_of(text)
    if found is not None and any(base(found) == base(lang) for lang in languages):
        return found
    known = {base(k) for k in KNOWN}
    if all(base(lang) in known for lang in languages):
        return found
    from ..language.detect import written_in

    return written_in(text, languages) or found


def base(lang: str) -> str:
    """'zh' for 'zh-TW', 'pt' for 'pt-BR': the part the catalogs and texts share."""
    return lang.split("-")[0]


def pick(wanted: str | None, available: list[str], fallbacks: list[str]) -> str:
    """The first of ``wanted``, then ``fallbacks``, that ``available`` has (by exact code, then by base
    code); else the first available language."""
    for lang in [wanted, *fallbacks]:
        if not lang:
            continue
        if lang in available:
            return lang
        same = [a for a in available if base(a) == base(lang)]
        if same:
            return same[0]
    return available[0]
