"""Which language a text is written in, for the one check that needs it: a plain string (one text for
every language) in a project with several languages, written in a language that is not the default one,
is most likely a translation put in the wrong place ("summary: Nous aidons…" on an fr/en project whose
default is English shows French on the English pages).

py3langid (a maintained, offline fork of langid.py; numpy only) does the identification. Short texts say
too little to tell (names, codes, "Oui"), so only texts of a few words are judged, and only a confident
answer counts.
"""

from __future__ import annotations

import functools
import re

from .scripts import fits

MIN_LETTERS = 30  # letters (Latin) a text needs before its language is judged
MIN_CJK = 12  # characters, for Chinese, Japanese and Korean
CONFIDENCE = 0.97
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_NOISE = re.compile(r"https?://\S+|\S+@\S+|`[^`]*`|\{[^}]*\}|[#*_>|\[\]()]")


@functools.lru_cache(maxsize=32)
def identifier(codes: tuple[str, ...] = ()):  # noqa: ANN201 - py3langid.langid.LanguageIdentifier
    """py3langid's identifier with probabilities, choosing among ``codes`` (those its model knows; English
    when it knows none of them), or among all 97 languages it knows when ``codes`` is empty."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    found = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if codes:
        found.set_languages(sorted({c for c in codes if c in found.labels}) or ["en"])
    return found


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()


def written_in(text: str, languages: list[str]) -> str | None:
    """The one of ``languages`` that ``text`` is confidently written in, or None when the text is too short to
    tell, the answer is unsure, or two of the languages cannot be told apart (zh and zh-TW)."""
    bases = sorted({_base(lang) for lang in languages})
    if len(bases) < 2:
        return None
    clean = _NOISE.sub(" ", text)
    if len(_CJK.findall(clean)) < MIN_CJK and len(_LETTER.findall(clean)) < MIN_LETTERS:
        return None
    candidates = [b for b in bases if fits(clean, b)]  # Hangul is never French: the script decides first
    if len(candidates) == 1:
        found = candidates[0]
    elif not candidates:
        return None
    else:
        # the likeliest of every language the model knows must be one of the project's (Spanish must not
        # pass for French on a French and English project because French is the closer of the two), and
        # among the project's languages the answer must be clear
        found, _ = identifier().classify(clean)
        if found not in candidates:
            return None
        _, probability = identifier(tuple(candidates)).classify(clean)
        if probability < CONFIDENCE:
            return None
    matches = [lang for lang in languages if _base(lang) == found]
    return matches[0] if len(matches) == 1 else None
