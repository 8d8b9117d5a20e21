"""Author Markdown as authors expect it: a list right under a line of text is a list, on the site and
in print; code blocks are left as written."""

from __future__ import annotations

import shutil

from generator import build
from generator.markup.markdown import lists_after_lines, markdown_html

from .conftest import FIXTURES, TODAY


def test_a_list_right_under_a_line_is_a_list():
    assert markdown_html("Includes:\n- rostering\n- payroll") == (
        "<p>Includes:</p>\n<ul>\n<li>rostering</li>\n<li>payroll</li>\n</ul>")
    assert markdown_html("Steps:\n1. scope\n2. build") == "<p>Steps:</p>\n<ol>\n<li>scope</li>\n<li>build</li>\n</ol>"


def test_code_nested_items_and_quotes_are_left_as_written():
    text = "```\nrun:\n- not a list\n```\n- item\n  - sub\n> quote\n- quoted"
    assert lists_after_lines(text) == text
    assert lists_after_lines("Text\n  continued\n- item") == "Text\n  continued\n\n- item"


def test_the_site_shows_the_list(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "valid", project)
    objections = project / "content/objections/price.yaml"
    objections.write_text(objections.read_text(encoding="utf-8").replace(
        "answer: {zh: 用客户的数据算账。, en: Do the sums with the customer's data.}",
        'answer: {zh: "三步：\\n- 算加班费\\n- 算差错", en: "Three steps:\\n- overtime\\n- errors"}'), encoding="utf-8")
    site = build(project, out=tmp_path / "site", only=["site"], today=TODAY).out
    page = (site / "en" / "objections" / "temp-workers-cost" / "index.html").read_text(encoding="utf-8")
    assert "<p>Three steps:</p>\n<ul>\n<li>overtime</li>\n<li>errors</li>\n</ul>" in page


def test_a_table_whose_header_cells_are_all_empty_has_no_header():
    html = markdown_html("| | |\n|---|---|\n| Customer | Lanshan |\n\n| Tier | |\n|---|---|\n| Gold | yes |")
    first, second = html.split("</table>")[:2]
    assert "<thead>" not in first and "<td>Customer</td>" in first
    assert "<th>Tier</th>" in second and "<th></th>" in second
