import pytest

from generator.content.yamlsafe import MAX_BYTES, YamlError, check_text, load_yaml, split_front_matter


def test_values_follow_yaml_1_2_core_schema():
    doc = load_yaml("us: yes\nthem: no\ntime: 9:30\non: off\nflag: true\nn: 12\nd: 2026-10-01\n")
    assert doc.data["us"] == "yes" and doc.data["them"] == "no"
    assert doc.data["time"] == "9:30"
    assert doc.data["on"] == "off"
    assert doc.data["flag"] is True and doc.data["n"] == 12
    assert str(doc.data["d"]) == "2026-10-01"


def test_positions_of_keys_and_values():
    doc = load_yaml("a:\n  - x\n  - {b: 1}\n")
    assert doc.key_marks[("a",)] == (1, 1)
    assert doc.value_marks[("a", 1, "b")] == (3, 9)
    assert doc.mark(("a", 1, "missing")) == (3, 5)


def test_duplicate_keys_and_bad_dates_are_problems_not_crashes():
    doc = load_yaml("a: 1\nd: 2026-13-40\na: 2\n")
    assert [(p.line, p.col, p.message) for p in doc.problems] == [
        (2, 4, "invalid date '2026-13-40': month must be in 1..12"),
        (3, 1, "duplicate key 'a'"),
    ]
    assert doc.data == {"a": 1, "d": None}


def test_syntax_error_has_line_and_column():
    with pytest.raises(YamlError) as info:
        load_yaml("a: [1, 2\nb: 3\n")
    assert (info.value.line, info.value.col) == (1, 4)  # where the list opens, not where YAML gave up
    assert info.value.message == "this list '[' is not closed with ']' (or an item is missing a comma)"


@pytest.mark.parametrize(("text", "where", "message"), [
    ("name: CFO\n\ttitles: [a]\n", (2, 1), "YAML does not allow tabs for indentation; use spaces"),
    ("name: x\n  titles: [a]\n", (2, 3), "this line is indented deeper than line 1 ('name: x'), so it cannot start"
                                          " a new key there; keys of one mapping start in the same column"),
    ("brand:\n  primary: '#000000'\n accent: '#111111'\n", (3, 2),
     "this line is indented differently from the block that starts on line 1 ('brand:'); entries of one mapping"
     " or list start in the same column"),
    ("name: x\njust some text\nrole: y\n", (2, 1), "line 2 is neither 'key: value' nor a list item '- …'; if it"
                                                    " continues the text above, indent it further or put the whole"
                                                    " text in quotes"),
    ("summary: Note: this breaks\n", (1, 14), "': ' inside a value starts a new key; put the whole value in quotes"),
    ("name: \"abc\nrole: y\n", (1, 7), "this quote is never closed"),
    ("- id: a\n  name: x\nid: b\n", (3, 1), "the list that starts on line 1 ('- id: a') continues with a line that"
                                           " is not an item '- …'; indent it like the items above or end the list"),
])
def test_newcomer_mistakes_in_plain_words(text, where, message):
    with pytest.raises(YamlError) as info:
        load_yaml(text)
    assert ((info.value.line, info.value.col), info.value.message) == (where, message)


def test_alias_bomb_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(YamlError) as info:
        load_yaml("\n".join(lines))
    assert "expands to more than 250,000 values" in info.value.message


def test_python_tags_are_refused():
    doc = load_yaml("a: !!python/object/apply:os.system ['true']\nb: !custom x\n")
    assert [(p.line, p.message) for p in doc.problems] == [
        (1, "cannot read this value: unsupported tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
        (2, "cannot read this value: unsupported tag '!custom'"),
    ]


def test_binary_and_huge_files_are_refused():
    with pytest.raises(YamlError, match="binary"):
        check_text(b"a: 1\x00\x01")
    with pytest.raises(YamlError, match="not valid UTF-8"):
        check_text(b"a: \xff\xfe\n")
    with pytest.raises(YamlError, match="too large"):
        check_text(b"#" * (MAX_BYTES + 1))


def test_deep_nesting_is_refused():
    with pytest.raises(YamlError, match="deeper than 64 levels"):
        load_yaml("a: " + "[" * 200 + "]" * 200)


def test_front_matter_errors_count_the_opening_line():
    with pytest.raises(YamlError) as info:
        split_front_matter("---\ntitle: x\nbad: : [\n---\nbody\n")
    assert (info.value.line, info.value.col) == (3, 6)


def test_front_matter_split():
    doc, body, body_line = split_front_matter("---\ntitle: x\n---\n# Body\n")
    assert doc.data == {"title": "x"} and doc.key_marks[("title",)] == (2, 1)
    assert body == "# Body\n" and body_line == 4


@pytest.mark.parametrize(("text", "where", "message"), [
    ("summary: 'L'offre de base'\n", (1, 12), "this apostrophe ends the text early: inside '…' write it twice"
                                              " ('L''offre…), or put the whole text in \"…\""),
    ("summary: {fr: 'C'est inclus', en: x}\n", (1, 17), "this apostrophe ends the text early: inside '…' write it"
                                                        " twice ('C''est…), or put the whole text in \"…\""),
    ('said: "Il a dit "oui" hier"\n', (1, 17), "this quote ends the text early: inside \"…\" write it as \\\""
                                              " (\"Il a dit \\\"oui…), or put the whole text in '…'"),
    ("name: x\nrole_in_decision：decides\n", (2, 17), "'：' is a full-width colon: write 'role_in_decision: ' with"
                                                      " an ASCII colon and a space"),
    ("name: x\nrole:decides\n", (2, 5), "put a space after ':' ('role: …'): without it, the line is not a key"),
])
def test_the_character_that_caused_it(text, where, message):
    with pytest.raises(YamlError) as info:
        load_yaml(text)
    assert ((info.value.line, info.value.col), info.value.message) == (where, message)


def test_a_syntax_error_stops_only_its_top_level_part():
    doc = load_yaml("name: x\nsummary: [oops\nowner: a\nbad: 'it's'\nreviewed: 2026-01-01\n", recover=True)
    assert doc.data == {"name": "x", "owner": "a", "reviewed": doc.data["reviewed"]}
    assert [(p.line, p.col) for p in doc.problems] == [(2, 10), (4, 9)]  # both errors, each at its place
    assert doc.unread == {("summary",): None, ("bad",): None}
    assert doc.mark(("reviewed",)) == (5, 11)


def test_a_syntax_error_stops_only_its_list_item():
    doc = load_yaml("- id: a\n  name: x\n- {id: b, name: 'L'a'}\n- {id: c, name: y}\n", recover=True)
    assert doc.data == [{"id": "a", "name": "x"}, None, {"id": "c", "name": "y"}]
    assert doc.unread == {(1,): "b"}  # the id it declares: references to it are not "unknown"
    assert doc.mark((2, "name")) == (4, 17)


def test_a_syntax_error_stops_only_its_part_at_any_depth():
    text = ("name: x\nstages:\n  - id: a\n    use: [c1]\n  - id: b\n    name: 'L'étape'\n    use: [c2]\n"
            "  - id: c\nowner: me\n")
    doc = load_yaml(text, recover=True)
    assert doc.data == {"name": "x", "stages": [{"id": "a", "use": ["c1"]}, {"id": "b", "use": ["c2"]}, {"id": "c"}],
                        "owner": "me"}
    assert doc.unread == {("stages", 1, "name"): None}
    assert [(p.line, p.col) for p in doc.problems] == [(6, 13)]  # reported once, at the apostrophe
    assert doc.mark(("stages", 1, "use", 0)) == (7, 11) and doc.mark(("owner",)) == (9, 8)


def test_what_cannot_be_split_is_refused_as_before():
    with pytest.raises(YamlError, match="not closed"):
        load_yaml("{a: [1, 2}\n", recover=True)


def test_a_comma_that_splits_a_text_is_one_problem_and_the_text_is_kept():
    doc = load_yaml("t: {fr: Rapide, simple, en: Fast, simple}\n")
    assert doc.data == {"t": {"fr": "Rapide, simple", "en": "Fast, simple"}}
    assert [(p.line, p.col) for p in doc.problems] == [(1, 15)]
