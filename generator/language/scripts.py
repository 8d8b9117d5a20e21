"""Which writing systems a language is written in: a text in Hangul, kana or Han characters cannot
be the text of a French or English document, whatever field it sits in."""

from __future__ import annotations

import re

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
KANA = r"\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
HANGUL = r"\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_SCRIPTS = {"han": re.compile(f"[{HAN}]"), "kana": re.compile(f"[{KANA}]"), "hangul": re.compile(f"[{HANGUL}]")}
# the scripts besides Latin that each language's documents are written in
_WRITTEN_IN = {"zh": {"han"}, "ja": {"han", "kana"}, "ko": {"hangul", "han"}}


def scripts(text: str) -> set[str]:
    """The East Asian scripts ``text`` uses (han, kana, hangul); Latin and digits are everyone's."""
    return {name for name, pattern in _SCRIPTS.items() if pattern.search(text)}


def fits(text: str, lang: str) -> bool:
    """True when ``text`` could be in ``lang`` by its script alone: Latin fits every language (names,
    numbers, codes); Han, kana and Hangul fit only the languages written in them."""
    used = scripts(text)
    return not used or used <= _WRITTEN_IN.get(lang.split("-")[0].lower(), set())
