"""A logo with Chinese or Japanese lettering is drawn with a CJK font in decks, not as empty boxes."""

from __future__ import annotations

import io

import cairosvg
from PIL import Image, ImageChops

from generator.outputs.deck.builder import with_cjk_fonts

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="220" height="60">'
        '<text x="5" y="42" font-family="{family}" font-size="36" fill="#0B5FFF">云帆科技</text></svg>')


def _render(svg: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(cairosvg.svg2png(bytestring=svg))).convert("RGBA")
    white = Image.new("RGBA", image.size, "white")
    white.alpha_composite(image)
    return white.convert("RGB")


def test_cjk_lettering_in_a_logo_is_not_tofu():
    logo = LOGO.format(family="Helvetica, sans-serif").encode()
    tofu = _render(logo)
    drawn = _render(with_cjk_fonts(logo, ["zh", "en"]))
    expected = _render(LOGO.format(family="Noto Sans CJK SC").encode())
    assert ImageChops.difference(drawn, expected).getbbox() is None  # the glyphs, exactly
    assert ImageChops.difference(tofu, expected).getbbox() is not None  # what it was: boxes


def test_a_japanese_project_draws_its_logo_with_the_japanese_font():
    svg = with_cjk_fonts(LOGO.format(family="sans-serif").replace("云帆科技", "シグナル").encode(), ["ja", "en"])
    assert b'font-family="Noto Sans CJK JP"' in svg


def test_latin_only_logos_are_left_alone():
    svg = LOGO.format(family="Arial").replace("云帆科技", "Yunfan").encode()
    assert with_cjk_fonts(svg, ["zh", "en"]) == svg
