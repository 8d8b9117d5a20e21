"""Ids made from titles: lowercase ASCII words joined by '-', as the content model wants them.

Latin text loses its accents (``Réponse trop chère`` → ``reponse-trop-chere``); Chinese is written
in pinyin without tones, word by word (``价格太贵`` → ``jiage-tai-gui``, jieba finds the words);
Korean in the Revised Romanization, syllable by syllable; Japanese kana in Hepburn. Japanese kanji
have no reading without a dictionary (pykakasi, the one that would give it, is GPL): they are
written by their Chinese reading, so a Japanese title is better given an id or a translated
title in a Latin-script column, which is used first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..language.scripts import HAN, HANGUL, KANA

MAX_WORDS = 6
MAX_CHARS = 48
_HAN = re.compile(f"[{HAN}]+")
_TRAILING = {"a", "an", "the", "of", "on", "in", "to", "for", "and", "or", "with", "at", "by", "from", "is", "are",
             "de", "des", "du", "la", "le", "les", "et", "en", "un", "une", "der", "die", "das", "und", "von", "zu"}
_LATIN_EXTRA = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "ı": "i"}

# Hepburn for the kana (the small ya/yu/yo and the doubling tsu are handled in _kana)
_KANA = dict(zip(
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽぁぃぅぇぉゔ",
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo ya yu "
    "yo ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po a i u e o vu"
    .split(), strict=True))
_SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}

# Revised Romanization of Korean: initial, medial and final jamo of a Hangul syllable
_KO_INITIAL = "g kk n d tt r m b pp s ss - j jj ch k t p h".split()
_KO_MEDIAL = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
_KO_FINAL = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
             "ng", "t", "t", "k", "t", "p", "t"]


def slug(text: str, *, max_words: int = MAX_WORDS) -> str:
    """An id made from ``text``: at most ``max_words`` words, at most 48 characters, never empty
    unless ``text`` holds nothing that can be written in letters or digits."""
    words: list[str] = []
    for part in re.split(r"(\s+)", _romanise(text)):
        words += [w for w in re.split(r"[^a-z0-9]+", _ascii(part).lower()) if w]
    words = words[:max_words]
    while len(words) > 2 and words[-1] in _TRAILING:  # "too-slow-on" → "too-slow"
        words.pop()
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > MAX_CHARS:
            break
        out = candidate
    return out or (words[0][:MAX_CHARS] if words else "")


def unique(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… when it is taken."""
    taken = set(taken)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _ascii(text: str) -> str:
    text = "".join(_LATIN_EXTRA.get(c, c) for c in text.lower())
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _romanise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if re.search(f"[{KANA}]", text):
        text = _kana(text)
    if re.search(f"[{HANGUL}]", text):
        text = "".join(_hangul(c) for c in text)
    if _HAN.search(text):
        text = _HAN.sub(lambda m: f" {_pinyin(m.group())} ", text)
    return text


def _pinyin(run: str) -> str:
    """Pinyin of a run of Han characters, syllables of one word together, words apart."""
    import jieba
    from pypinyin import Style, lazy_pinyin

    jieba.setLogLevel(60)
    return " ".join("".join(lazy_pinyin(word, style=Style.NORMAL, errors="ignore")) for word in jieba.cut(run))


def _hangul(char: str) -> str:
    code = ord(char) - 0xAC00
    if not 0 <= code < 11172:
        return char
    initial, rest = divmod(code, 588)
    medial, final = divmod(rest, 28)
    head = _KO_INITIAL[initial].replace("-", "")
    return head + _KO_MEDIAL[medial] + _KO_FINAL[final]


def _kana(text: str) -> str:
    out: list[str] = []
    double = False
    for char in text:
        if "\u30a1" <= char <= "\u30f6":  # katakana → hiragana
            char = chr(ord(char) - 0x60)
        if char in ("っ",):
            double = True
            continue
        if char == "ー" and out:  # a long vowel: the vowel again
            out.append(out[-1][-1:])
            continue
        if char in _SMALL_Y and out and out[-1].endswith("i"):
            stem = out.pop()[:-1]
            stem = stem if stem.endswith(("sh", "ch", "j")) else stem + "y"
            out.append(stem + _SMALL_Y[char])
            continue
        roman = _KANA.get(char)
        if roman is None:
            out.append(char)
            double = False
            continue
        if double and roman[0] not in "aeiou":
            roman = ("t" if roman.startswith("ch") else roman[0]) + roman
        double = False
        out.append(roman)
    return "".join(out)
