import pytest

from generator.yamlsafe import MAX_BYTES, YamlError, check_text, load_yaml, split_front_matter


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
    assert (info.value.line, info.value.col) == (2, 2)
    assert info.value.message.startswith("YAML syntax error: while parsing a flow sequence")


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
