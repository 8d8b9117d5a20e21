"""brand.cover_image: a picture on the covers of the long PDFs and on the decks' title slide, read back
from the files; a path that leaves the project or is no picture is a check error at its position; a
file name full of CSS and HTML syntax stays a file name."""

from __future__ import annotations

import json
import subprocess

import pytest
from PIL import Image
from pptx import Presentation

from generator import build

from .conftest import TODAY
from .test_validation import problems, write

NAME = "assets/cover (it's \"ours\"); x{}.png"  # quotes, parentheses, braces and a semicolon


@pytest.fixture
def pictured(project):
    Image.new("RGB", (1200, 800), (200, 40, 40)).save(project / "content" / NAME)
    company = project / "content/company.yaml"
    text = company.read_text(encoding="utf-8")
    company.write_text(text.replace("logo: assets/logo.svg}", f"logo: assets/logo.svg, cover_image: {json.dumps(NAME)}}}"),
                       encoding="utf-8")
    return project


@pytest.mark.needs("pdftoppm")
def test_the_picture_is_on_the_covers_and_the_title_slide(pictured, tmp_path):
    assert problems(pictured) == []
    out = build(pictured, out=tmp_path / "out", audience="public", only=["pdf", "deck"], today=TODAY).out / "downloads"
    brochure = out / "brochure-retail.en.pdf"
    # look at the page: the picture is cropped to the frame (object-fit), not shown whole
    subprocess.run(["pdftoppm", "-r", "20", "-png", "-f", "1", "-l", "1", "-singlefile", str(brochure),
                    str(tmp_path / "cover")], check=True)
    page = Image.open(tmp_path / "cover.png").convert("RGB")
    red = [(x, y) for x in range(page.width) for y in range(page.height)
           if all(abs(a - b) < 16 for a, b in zip(page.getpixel((x, y)), (200, 40, 40), strict=True))]
    assert len(red) > 0.03 * page.width * page.height  # a picture, not a speck
    assert min(x for x, _ in red) > page.width / 2  # in the band's right part
    slide = Presentation(str(out / "pitch.en.pptx")).slides[0]
    [picture] = [sh for sh in slide.shapes if sh.name == "Cover picture"]
    assert picture.left + picture.width == Presentation(str(out / "pitch.en.pptx")).slide_width
    # cropped to the panel's shape, not stretched: the visible part has the panel's aspect ratio
    visible = 1200 * (1 - picture.crop_left - picture.crop_right) / (800 * (1 - picture.crop_top - picture.crop_bottom))
    assert visible == pytest.approx(picture.width / picture.height, rel=0.01)


def test_without_a_cover_image_nothing_is_added(project, tmp_path):
    out = build(project, out=tmp_path / "out", audience="public", only=["deck"], today=TODAY).out / "downloads"
    slide = Presentation(str(out / "pitch.en.pptx")).slides[0]
    assert not [sh for sh in slide.shapes if sh.name == "Cover picture"]


def test_a_cover_image_must_be_a_picture_inside_the_project(project):
    text = (project / "content/company.yaml").read_text(encoding="utf-8")
    for value, message in [
        ("../../etc/passwd", "cover_image: '../../etc/passwd' leaves the project; only files inside it are read"),
        ("company.yaml", "cover_image: 'company.yaml' is not an image file; use a JPG, PNG, WebP or SVG"),
    ]:
        write(project, "content/company.yaml",
              text.replace("logo: assets/logo.svg}", f"logo: assets/logo.svg, cover_image: {value!r}}}"))
        assert problems(project) == [f"content/company.yaml:6:84: {message}"]  # at the value of cover_image
