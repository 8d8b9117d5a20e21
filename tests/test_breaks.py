"""Line breaks WeasyPrint cannot be told in CSS: Korean words, the ends of CJK paragraphs, and short
hyphenated tokens, marked in the HTML before it is laid out."""

from __future__ import annotations

from generator.language.breaks import keep_together

NB = '<span style="white-space: nowrap">'


def test_short_hyphenated_tokens_stay_whole_in_every_language_and_dates_are_untouched():
    out = keep_together("<p>Emissão de CT-e e MDF-e para e-commerce em 2026-12-06, check-in tardio.</p>", "pt-BR")
    assert out == (f"<p>Emissão de {NB}CT-e</span> e {NB}MDF-e</span> para {NB}e-commerce</span> em 2026-12-06,"
                   f" {NB}check-in</span> tardio.</p>")  # 'check-' above 'in' would be as bad


def test_markup_attributes_and_drawings_are_left_alone():
    out = keep_together('<a href="/x-y">CT-e</a><svg><text>CT-e</text></svg><style>.a-b{}</style>', "en")
    assert out == f'<a href="/x-y">{NB}CT-e</span></a><svg><text>CT-e</text></svg><style>.a-b{{}}</style>'


def test_a_korean_paragraph_breaks_between_words_and_keeps_its_last_two_together():
    out = keep_together("<p>센서는 설치 후 바로 데이터를 보냅니다. 현장 작업자는 교육 없이도 사용할 수 있습니다.</p>", "ko")
    words = out[3:-4].split(" ")
    assert words[0] == "센\u2060서\u2060는"  # no break inside a word
    assert words[-1] == "수\u00a0있\u2060습\u2060니\u2060다\u2060."  # never '있습니다.' alone on the last line
    long_cell = keep_together("<td>설치 후 바로 데이터를 보내고, 교육 없이도 현장에서 사용할 수 있는 센서</td>", "ko")
    assert long_cell.endswith("있\u2060는\u00a0센\u2060서</td>")  # the last two words, the last three letters


def test_a_short_hyphenated_token_at_the_end_of_a_cjk_paragraph_is_markup_not_text():
    """The end of a CJK paragraph is escaped again after its last letters are joined: a no-wrap span put
    in before that showed as text in the PDF ('베타(<span style=...>2027-03</span> 예정)')."""
    out = keep_together("<td>우리는 베타(2027-03 예정)이며, 사이트 라이선스 고객만 참여합니다.</td>", "ko")
    assert f"베\u2060타({NB}2027-03</span> 예\u2060정)" in out and "&lt;" not in out
    assert keep_together("<p>ISO 20816-3:2022 기준</p>", "ko") == f"<p>ISO\u00a0{NB}20816-3</span>:2022\u00a0기\u2060준</p>"
    assert keep_together("<p>支持 CT-e 电子运单</p>", "zh") == f"<p>支持 {NB}CT-e</span> 电子\u2060运\u2060单</p>"


def test_a_chinese_paragraph_never_ends_on_one_or_two_characters():
    assert keep_together("<p>我们按门店计费，一次做对。</p>", "zh") == "<p>我们按门店计费，一次\u2060做\u2060对\u2060。</p>"


def test_units_a_line_never_splits():
    from generator.language.breaks import glue

    nb = "\u00a0"
    assert glue("Detección en 15 minutos (12 meses)") == f"Detección en 15{nb}minutos (12{nb}meses)"
    assert glue("unos 52.000 € al año, un 40 % menos") == f"unos 52.000{nb}€ al año, un 40{nb}%{nb}menos"
    assert glue("ISO 27001 desde 2019 y SOC 2") == f"ISO{nb}27001 desde 2019 y SOC{nb}2"
    # a name's number stays with the name, not with the word after it; a date may break before its year
    assert glue("Microsoft 365 desde un solo sitio") == f"Microsoft{nb}365 desde un solo sitio"
    assert glue("Válida hasta 31 ene 2027") == f"Válida hasta 31{nb}ene 2027"
    assert glue("24×7 para analistas") == "24×7 para analistas"
    assert glue("按客流 12 个月") == "按客流 12 个月"  # Chinese breaks between characters anyway


def test_a_year_is_no_name_number():
    from generator.language.breaks import glue

    assert glue("Forecast (expected Jun 2027)") == "Forecast (expected Jun 2027)"
