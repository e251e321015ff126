"""Unit tests for the go.mod / go.work parser: document shape, exact positions, comments, errors."""

from __future__ import annotations

import json

import pytest

from remdev_lint.formats.gomod import is_directory_path, parse_gomod, parse_gowork
from remdev_lint.model import Comment, ParseError, Span


def at(node) -> tuple[int, int, int, int]:  # noqa: ANN001 - a Node
    return tuple(node.span)


FULL = """\
// Deprecated: use example.com/new
module example.com/m

go 1.22.1

toolchain go1.22.4

godebug default=go1.21

require example.com/a v1.2.3

require (
\texample.com/b v0.1.0 // indirect
\t"example.com/c" "v1"
)

exclude example.com/a v1.2.2

replace example.com/a v1.2.3 => ../a

replace (
\texample.com/b => example.com/b2 v0.2.0
)

// Broken release.
retract [v0.9.0, v0.9.5]

tool example.com/cmd/x

ignore ./vendor-ish
"""


def test_gomod_shape_matches_go_mod_edit_json() -> None:
    doc = parse_gomod(FULL)
    assert doc.root.plain() == {
        "Module": {"Path": "example.com/m", "Deprecated": "use example.com/new"},
        "Go": "1.22.1",
        "Toolchain": "go1.22.4",
        "Godebug": [{"Key": "default", "Value": "go1.21"}],
        "Require": [
            {"Path": "example.com/a", "Version": "v1.2.3"},
            {"Path": "example.com/b", "Version": "v0.1.0", "Indirect": True},
            {"Path": "example.com/c", "Version": "v1"},
        ],
        "Exclude": [{"Path": "example.com/a", "Version": "v1.2.2"}],
        "Replace": [
            {"Old": {"Path": "example.com/a", "Version": "v1.2.3"}, "New": {"Path": "../a"}},
            {"Old": {"Path": "example.com/b"}, "New": {"Path": "example.com/b2", "Version": "v0.2.0"}},
        ],
        "Retract": [{"Low": "v0.9.0", "High": "v0.9.5", "Rationale": "Broken release."}],
        "Tool": [{"Path": "example.com/cmd/x"}],
        "Ignore": [{"Path": "./vendor-ish"}],
    }
    assert list(doc.root.value) == [
        "Module",
        "Go",
        "Toolchain",
        "Godebug",
        "Require",
        "Exclude",
        "Replace",
        "Retract",
        "Tool",
        "Ignore",
    ]
    assert doc.text == FULL


def test_gomod_positions_single_line_forms() -> None:
    root = parse_gomod(FULL).root
    assert at(root) == (1, 1, 31, 1)  # the whole file, up to the end after the last newline
    module = root.value["Module"]
    assert at(module) == (2, 1, 2, 21)
    assert module.key_span == Span(2, 1, 2, 7)
    assert at(module.value["Path"]) == (2, 8, 2, 21)
    assert module.value["Path"].key_span == Span(2, 1, 2, 7)
    assert at(module.value["Deprecated"]) == (1, 1, 1, 35)
    assert at(root.value["Go"]) == (4, 4, 4, 10)
    assert root.value["Go"].key_span == Span(4, 1, 4, 3)
    assert at(root.value["Toolchain"]) == (6, 11, 6, 19)
    assert root.value["Toolchain"].key_span == Span(6, 1, 6, 10)
    godebug = root.value["Godebug"].value[0]
    assert at(godebug) == (8, 1, 8, 23)
    assert at(godebug.value["Key"]) == (8, 9, 8, 16)
    assert at(godebug.value["Value"]) == (8, 17, 8, 23)
    require = root.value["Require"].value[0]
    assert at(require) == (10, 1, 10, 29)
    assert at(require.value["Path"]) == (10, 9, 10, 22)
    assert at(require.value["Version"]) == (10, 23, 10, 29)
    assert require.value["Path"].key_span == Span(10, 1, 10, 8)
    exclude = root.value["Exclude"].value[0]
    assert at(exclude.value["Version"]) == (17, 23, 17, 29)
    replace = root.value["Replace"].value[0]
    assert at(replace) == (19, 1, 19, 37)
    assert at(replace.value["Old"]) == (19, 9, 19, 29)
    assert at(replace.value["Old"].value["Version"]) == (19, 23, 19, 29)
    assert at(replace.value["New"]) == (19, 33, 19, 37)
    retract = root.value["Retract"].value[0]
    assert at(retract) == (26, 1, 26, 25)
    assert at(retract.value["Low"]) == (26, 10, 26, 16)
    assert at(retract.value["High"]) == (26, 18, 26, 24)
    assert at(retract.value["Rationale"]) == (25, 1, 25, 19)
    assert at(root.value["Tool"].value[0].value["Path"]) == (28, 6, 28, 23)
    assert at(root.value["Ignore"].value[0].value["Path"]) == (30, 8, 30, 20)


def test_gomod_positions_block_forms() -> None:
    root = parse_gomod(FULL).root
    requires = root.value["Require"]
    # The list runs from the first require directive to the ")" of the last one.
    assert at(requires) == (10, 1, 15, 2)
    assert requires.key_span == Span(10, 1, 10, 8)
    b, c = requires.value[1], requires.value[2]
    assert at(b) == (13, 2, 13, 22)  # the line's tokens, without the comment
    assert at(b.value["Path"]) == (13, 2, 13, 15)
    assert b.value["Path"].key_span == Span(13, 2, 13, 22)  # inside a block: the line
    assert at(b.value["Indirect"]) == (13, 23, 13, 34)  # the "// indirect" comment
    assert b.value["Indirect"].value is True
    # Quoted tokens: the value is unquoted, the span includes the quotes.
    assert at(c.value["Path"]) == (14, 2, 14, 17)
    assert at(c.value["Version"]) == (14, 18, 14, 22)
    replace = root.value["Replace"].value[1]
    assert at(replace) == (22, 2, 22, 40)
    assert at(replace.value["Old"]) == (22, 2, 22, 15)
    assert at(replace.value["New"]) == (22, 19, 22, 40)
    assert at(replace.value["New"].value["Version"]) == (22, 34, 22, 40)
    assert at(root.value["Replace"]) == (19, 1, 23, 2)


def source_at(text: str, span: Span) -> str:
    """The source text a single-line span covers (columns in code points, BOM not counted)."""
    assert span.line == span.end_line
    return text.lstrip("\ufeff").split("\n")[span.line - 1][span.column - 1 : span.end_column - 1]


def token_nodes(node):  # noqa: ANN001, ANN201 - Node -> iterator of (key, Node)
    """Every scalar member that stands for one token (not comments, not split godebug tokens)."""
    if isinstance(node.value, list):
        for item in node.value:
            yield from token_nodes(item)
    elif isinstance(node.value, dict):
        for key, child in node.value.items():
            if key in ("Deprecated", "Rationale", "Indirect", "Key", "Value"):
                continue
            if child.is_scalar:
                yield key, child
            else:
                yield from token_nodes(child)


@pytest.mark.parametrize(
    "text",
    [
        FULL,
        'module "example.com/\\u00e9"\r\nrequire (\r\n\t"example.com/a" "v1.0.0"\r\n)\r\n',
        "\ufeffmodule example.com/世界\nreplace example.com/ä v1.0.0 => ./ö\n",
    ],
)
def test_token_spans_cover_exactly_their_source_token(text: str) -> None:
    root = parse_gomod(text).root
    checked = 0
    for key, node in token_nodes(root):
        source = source_at(text, node.span)
        assert (json.loads(source) if source.startswith('"') else source) == node.value, (key, source)
        checked += 1
    assert checked >= len(root.value)


def test_versions_are_kept_as_written() -> None:
    root = parse_gomod("module m\nrequire example.com/a v1\nrequire example.com/b v1.2.3+meta\n").root
    assert [r["Version"] for r in root.plain()["Require"]] == ["v1", "v1.2.3+meta"]


def test_keys_are_present_only_for_directives_in_the_file() -> None:
    assert parse_gomod("module m\nrequire ()\nexclude (\n)\n").root.plain() == {"Module": {"Path": "m"}}
    assert parse_gomod("").root.plain() == {}
    assert parse_gowork("").root.plain() == {}


def test_empty_file() -> None:
    doc = parse_gomod("")
    assert at(doc.root) == (1, 1, 1, 1)
    assert doc.comments == []


def test_file_without_trailing_newline() -> None:
    doc = parse_gomod("module m\ngo 1.21 // last")
    assert at(doc.root.value["Go"]) == (2, 4, 2, 8)
    assert at(doc.root) == (1, 1, 2, 16)
    assert doc.comments == [Comment(Span(2, 9, 2, 16), " last")]


def test_crlf_line_endings() -> None:
    text = "module m\r\n\r\nrequire (\r\n\texample.com/a v1.0.0 // indirect\r\n)\r\n// end\r\n"
    doc = parse_gomod(text)
    a = doc.root.value["Require"].value[0]
    assert at(a.value["Version"]) == (4, 16, 4, 22)
    assert a.value["Indirect"].value is True
    assert at(a.value["Indirect"]) == (4, 23, 4, 34)  # no "\r" in the comment
    assert doc.comments == [Comment(Span(4, 23, 4, 34), " indirect"), Comment(Span(6, 1, 6, 7), " end")]


def test_utf8_bom_is_skipped_and_not_counted_in_columns() -> None:
    text = "\ufeffmodule example.com/m // c\n"
    doc = parse_gomod(text)
    assert at(doc.root.value["Module"].value["Path"]) == (1, 8, 1, 21)
    assert doc.comments == [Comment(Span(1, 22, 1, 26), " c")]
    assert doc.text == text


def test_columns_count_code_points() -> None:
    text = "// ☃ snow ✓\nmodule example.com/héllo/世界 // ✓ déjà\nrequire example.com/ä v1.0.0\n"
    doc = parse_gomod(text)
    path = doc.root.value["Module"].value["Path"]
    assert path.value == "example.com/héllo/世界"
    assert at(path) == (2, 8, 2, 28)
    assert doc.comments[1] == Comment(Span(2, 29, 2, 38), " ✓ déjà")
    assert at(doc.root.value["Require"].value[0].value["Version"]) == (3, 23, 3, 29)


def test_quoted_strings_are_unquoted_with_go_escapes() -> None:
    text = 'module "example.com/\\u00e9\\x61\\141\\"q\\\\"\nrequire "example.com/a" "v1.0.0"\n'
    root = parse_gomod(text).root
    path = root.value["Module"].value["Path"]
    assert path.value == 'example.com/éaa"q\\'
    assert at(path) == (1, 8, 1, 41)


def test_quoted_string_with_space_in_replacement_directory() -> None:
    root = parse_gomod('module m\nreplace example.com/a => "./my dir"\n').root
    new = root.value["Replace"].value[0].value["New"]
    assert new.plain() == {"Path": "./my dir"}
    assert at(new) == (2, 26, 2, 36)


def test_comments_list_holds_every_comment_in_order() -> None:
    text = "// head\nmodule m // m\nrequire ( // open\n\t// inside\n\texample.com/a v1.0.0 //a\n) // close\n//\n"
    doc = parse_gomod(text)
    assert doc.comments == [
        Comment(Span(1, 1, 1, 8), " head"),
        Comment(Span(2, 10, 2, 14), " m"),
        Comment(Span(3, 11, 3, 18), " open"),
        Comment(Span(4, 2, 4, 11), " inside"),
        Comment(Span(5, 23, 5, 26), "a"),
        Comment(Span(6, 3, 6, 11), " close"),
        Comment(Span(7, 1, 7, 3), ""),
    ]


def test_module_block_form_is_accepted() -> None:
    root = parse_gomod("// Deprecated: whole block\nmodule (\n\texample.com/m\n)\n").root
    assert root.plain() == {"Module": {"Path": "example.com/m", "Deprecated": "whole block"}}
    assert at(root.value["Module"]) == (3, 2, 3, 15)
    assert root.value["Module"].key_span == Span(2, 1, 2, 7)


@pytest.mark.parametrize(
    ("text", "deprecated"),
    [
        ("// Deprecated: gone\nmodule m\n", "gone"),
        ("module m // Deprecated: suffix\n", "suffix"),
        ("// Intro.\n//\n// Deprecated: use x\n// or y.\n//\n// Other.\nmodule m\n", "use x\nor y."),
        ("// Text. Deprecated: not at a paragraph start\nmodule m\n", None),
        ("// Deprecated: detached\n\nmodule m\n", None),
        ("// Deprecated:\nmodule m\n", None),
        ("// deprecated: lower case\nmodule m\n", None),
    ],
)
def test_deprecated_follows_modfile_paragraph_rule(text: str, deprecated: str | None) -> None:
    module = parse_gomod(text).root.plain()["Module"]
    assert module.get("Deprecated") == deprecated


def test_deprecated_span_covers_the_paragraph_comments() -> None:
    text = "// Intro.\n//\n// Deprecated: use x\n// or y.\n//\n// Other.\nmodule m\n"
    node = parse_gomod(text).root.value["Module"].value["Deprecated"]
    assert at(node) == (3, 1, 4, 9)


@pytest.mark.parametrize(
    ("comment", "indirect"),
    [
        ("// indirect", True),
        ("//indirect", True),
        ("//   indirect  ", True),
        ("// indirect; needed by x", True),
        ("// indirect;", False),
        ("// indirectly", False),
        ("// not indirect", False),
        ("", False),
    ],
)
def test_indirect_comment(comment: str, indirect: bool) -> None:
    require = parse_gomod(f"module m\nrequire example.com/a v1.0.0 {comment}\n").root.plain()["Require"][0]
    assert require.get("Indirect", False) is indirect


def test_indirect_comment_only_marks_require() -> None:
    plain = parse_gomod("module m\nexclude example.com/a v1.0.0 // indirect\n").root.plain()
    assert plain["Exclude"] == [{"Path": "example.com/a", "Version": "v1.0.0"}]


def test_indirect_comment_on_block_paren_does_not_mark_lines() -> None:
    plain = parse_gomod("module m\nrequire ( // indirect\n\texample.com/a v1.0.0\n)\n").root.plain()
    assert plain["Require"] == [{"Path": "example.com/a", "Version": "v1.0.0"}]


def test_retract_forms_and_rationale() -> None:
    text = (
        "module m\n"
        "retract v1.0.0 // on the line\n"
        "// block comment\n"
        "retract (\n"
        "\tv1.1.0\n"
        "\t// own\n"
        "\t[v1.2.0, v1.3.0]\n"
        ")\n"
        'retract "v1.4.0"\n'
    )
    root = parse_gomod(text).root
    assert root.plain()["Retract"] == [
        {"Low": "v1.0.0", "High": "v1.0.0", "Rationale": "on the line"},
        {"Low": "v1.1.0", "High": "v1.1.0", "Rationale": "block comment"},
        {"Low": "v1.2.0", "High": "v1.3.0", "Rationale": "own"},
        {"Low": "v1.4.0", "High": "v1.4.0"},
    ]
    single, _, interval, quoted = root.value["Retract"].value
    assert at(single.value["Low"]) == at(single.value["High"]) == (2, 9, 2, 15)
    assert at(single.value["Rationale"]) == (2, 16, 2, 30)
    assert at(interval) == (7, 2, 7, 18)
    assert at(interval.value["High"]) == (7, 11, 7, 17)
    assert at(quoted.value["Low"]) == (9, 9, 9, 17)


def test_retract_keeps_non_semver_versions_like_go_mod_edit() -> None:
    assert parse_gomod("module m\nretract master\n").root.plain()["Retract"] == [{"Low": "master", "High": "master"}]


def test_godebug_block() -> None:
    root = parse_gomod("module m\ngodebug (\n\tpanicnil=1\n\tempty=\n)\n").root
    assert root.plain()["Godebug"] == [{"Key": "panicnil", "Value": "1"}, {"Key": "empty", "Value": ""}]
    empty = root.value["Godebug"].value[1]
    assert at(empty.value["Value"]) == (4, 8, 4, 8)


@pytest.mark.parametrize(
    "replace",
    [
        "example.com/a => ./a",
        "example.com/a v1.0.0 => ../a",
        "example.com/a => /abs/a",
        "example.com/a => .",
        "example.com/a => ..",
        "example.com/a => .\\win",
        "example.com/a => C:\\win",
        "example.com/a => C:rel",
        "example.com/a => example.com/b v1.0.0",
        "example.com/a v1 => example.com/b/v3 v3.0.0",
    ],
)
def test_replace_forms_accepted(replace: str) -> None:
    items = parse_gomod(f"module m\nreplace {replace}\n").root.plain()["Replace"]
    assert len(items) == 1 and items[0]["Old"]["Path"] == "example.com/a"


def test_newer_directives_are_parsed() -> None:
    text = "module m\ngo 1.22rc1\ntoolchain default\ntool (\n\texample.com/t\n)\nignore (\n\tx\n)\n"
    assert parse_gomod(text).root.plain() == {
        "Module": {"Path": "m"},
        "Go": "1.22rc1",
        "Toolchain": "default",
        "Tool": [{"Path": "example.com/t"}],
        "Ignore": [{"Path": "x"}],
    }


@pytest.mark.parametrize(
    ("version", "valid"),
    [
        ("1.21", True),
        ("1.21.0", True),
        ("1.21rc1", True),
        ("1.23.0", True),
        ("1.0", True),
        ("1", False),
        ("1.x", False),
        ("01.2", False),
        ("1.02", False),
        ("v1.21", False),
        ("1.21.0-rc1", False),
    ],
)
def test_go_version_format(version: str, valid: bool) -> None:
    if valid:
        assert parse_gomod(f"module m\ngo {version}\n").root.plain()["Go"] == version
    else:
        with pytest.raises(ParseError, match="invalid go version"):
            parse_gomod(f"module m\ngo {version}\n")


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("default", True),
        ("go1", True),
        ("go1.21.0", True),
        ("go1.21rc1", True),
        ("go1.22.1-custom", True),
        ("local", False),
        ("go2", False),
        ("go1x", False),
        ("1.21", False),
    ],
)
def test_toolchain_name_format(name: str, valid: bool) -> None:
    if valid:
        assert parse_gomod(f"module m\ntoolchain {name}\n").root.plain()["Toolchain"] == name
    else:
        with pytest.raises(ParseError, match="invalid toolchain version"):
            parse_gomod(f"module m\ntoolchain {name}\n")


@pytest.mark.parametrize(
    "version",
    [
        "v1.2.3",
        "v1",
        "v1.2",
        "v0.0.0-20200101000000-abcdefabcdef",
        "v1.2.3-rc.1",
        "v1.2.3+meta",
        "v2.0.0+incompatible",
        "v1.2.3-0.20200101000000-abcdefabcdef",
    ],
)
def test_valid_require_versions(version: str) -> None:
    assert parse_gomod(f"module m\nrequire example.com/a {version}\n").root.plain()["Require"][0]["Version"] == version


def test_gowork_shape_and_positions() -> None:
    text = (
        "go 1.22.0\n"
        "toolchain go1.22.1\n"
        "godebug x=1\n"
        "use ./a\n"
        "use (\n"
        "\t./b // b\n"
        '\t"./c c"\n'
        ")\n"
        "replace example.com/x => ./x\n"
    )
    root = parse_gowork(text).root
    assert root.plain() == {
        "Go": "1.22.0",
        "Toolchain": "go1.22.1",
        "Godebug": [{"Key": "x", "Value": "1"}],
        "Use": [{"DiskPath": "./a"}, {"DiskPath": "./b"}, {"DiskPath": "./c c"}],
        "Replace": [{"Old": {"Path": "example.com/x"}, "New": {"Path": "./x"}}],
    }
    uses = root.value["Use"]
    assert at(uses) == (4, 1, 8, 2)
    assert at(uses.value[0].value["DiskPath"]) == (4, 5, 4, 8)
    assert at(uses.value[2].value["DiskPath"]) == (7, 2, 7, 9)
    assert uses.value[1].value["DiskPath"].key_span == Span(6, 2, 6, 5)


def test_gowork_use_accepts_any_path() -> None:
    assert parse_gowork("use example.com/mod\n").root.plain() == {"Use": [{"DiskPath": "example.com/mod"}]}


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ("module m\n\nfoo bar\n", "unknown directive: foo", 3, 1),
        ("module m\nmodule n\n", "repeated module statement", 2, 1),
        ("module m\ngo 1.18\n  go 1.19\n", "repeated go statement", 3, 3),
        ("module m\ntoolchain go1.21.0\ntoolchain go1.22.0\n", "repeated toolchain statement", 3, 1),
        ("module m\ngo 1.x\n", "invalid go version '1.x': must match format 1.23", 2, 4),
        ("module m\ngo\n", "go directive expects exactly one argument", 2, 1),
        ("module m\ngo 1.18 1.19\n", "go directive expects exactly one argument", 2, 9),
        (
            "module m\ntoolchain local\n",
            "invalid toolchain version 'local': must match format go1.23.0 or default",
            2,
            11,
        ),
        ("module\n", "usage: module module/path", 1, 1),
        ("module a b\n", "usage: module module/path", 1, 10),
        ("module m\nrequire example.com/a\n", "usage: require module/path v1.2.3", 2, 1),
        ("module m\nrequire (\n\texample.com/a v1.0.0 extra\n)\n", "usage: require module/path v1.2.3", 3, 23),
        ("module m\nexclude example.com/a\n", "usage: exclude module/path v1.2.3", 2, 1),
        (
            "module m\nrequire example.com/a master\n",
            'require example.com/a: version "master" invalid: must be of the form v1.2.3',
            2,
            23,
        ),
        (
            "module m\nrequire example.com/a v1.2.3.4\n",
            'require example.com/a: version "v1.2.3.4" invalid: must be of the form v1.2.3',
            2,
            23,
        ),
        (
            "module m\nrequire example.com/a v1.0.0-01\n",
            'require example.com/a: version "v1.0.0-01" invalid: must be of the form v1.2.3',
            2,
            23,
        ),
        (
            "module m\nrequire example.com/a/v2 v1.0.0\n",
            'require example.com/a/v2: version "v1.0.0" invalid: should be v2, not v1',
            2,
            26,
        ),
        (
            "module m\nrequire example.com/a v2.0.0\n",
            'require example.com/a: version "v2.0.0" invalid: should be v0 or v1, not v2',
            2,
            23,
        ),
        (
            "module m\nrequire example.com/a/v2 v1.0.0-20200101000000-abcdefabcdef\n",
            'require example.com/a/v2: pseudo-version "v1.0.0-20200101000000-abcdefabcdef" invalid: '
            "should be v2, not v1",
            2,
            26,
        ),
        ("module m\nrequire example.com/a/v1 v1.0.0\n", "require example.com/a/v1: invalid module path", 2, 9),
        (
            "module m\nrequire gopkg.in/yaml.v2 v3.0.0\n",
            'require gopkg.in/yaml.v2: version "v3.0.0" invalid: should be v2, not v3',
            2,
            26,
        ),
        ('module "example.com/\\q"\n', "invalid quoted string: invalid syntax", 1, 8),
        ('module "example.com/\\\'"\n', "invalid quoted string: invalid syntax", 1, 8),
        ('module "\\ud800"\n', "invalid quoted string: invalid syntax", 1, 8),
        ('module "\\400"\n', "invalid quoted string: invalid syntax", 1, 8),
        (
            "module m\nrequire `example.com/r` v1.0.0\n",
            "invalid quoted string: unquoted string cannot contain quote",
            2,
            9,
        ),
        ("module exa'mple\n", "invalid quoted string: unquoted string cannot contain quote", 1, 8),
        (
            'module m\nrequire example.com/a "v1\\q"\n',
            'require example.com/a: version "\\"v1\\\\q\\"" invalid: invalid syntax',
            2,
            23,
        ),
        ('module m\nrequire "example.com/a v1.0.0\n', "unterminated quoted string", 2, 9),
        ('module m\nrequire "example.com/a', "unterminated quoted string", 2, 9),
        ("module m\nrequire `example.com/a\n", "unterminated quoted string", 2, 9),
        ('module m\nrequire "a\\\nb v1.0.0\n', "unterminated quoted string", 3, 9),
        ('module m\nrequire "a\\\n" v1.0.0\n', "invalid quoted string: invalid syntax", 2, 9),
        ("module m\n/* comment */\n", "mod files must use // comments (not /* */ comments)", 2, 1),
        ("module m/* c */\n", "mod files must use // comments (not /* */ comments)", 1, 9),
        ("module m\ngo (\n\t1.19\n)\n", "unknown block type: go", 2, 1),
        ("module m\n  toolchain (\n)\n", "unknown block type: toolchain", 2, 3),
        ("module m (\n)\n", "unknown block type: module m", 1, 1),
        ("module m\nfoo (\n\tbar\n)\n", "unknown block type: foo", 2, 1),
        ("module m\nrequire (\n\texample.com/a v1.0.0\n", "syntax error (unterminated block started at 2:1)", 4, 1),
        ("module m\nrequire (\n\texample.com/a v1.0.0", "syntax error (unterminated block started at 2:1)", 3, 22),
        ("module m\n)\n", "unexpected ')'", 2, 1),
        (
            "module m\nrequire (\n\texample.com/a v1.0.0\n) x\n",
            "syntax error (expected newline after closing paren)",
            4,
            3,
        ),
        (
            "module m\nreplace example.com/a ./a\n",
            "usage: replace module/path [v1.2.3] => other/module v1.4"
            " or replace module/path [v1.2.3] => ../local/directory",
            2,
            1,
        ),
        ("module m\nreplace example.com/a v1.0.0 -> ./a\n", "usage: replace", 2, 30),
        ("module m\nreplace example.com/a => example.com/b v1.0.0 x\n", "usage: replace", 2, 47),
        (
            "module m\nreplace example.com/a => example.com/b\n",
            "replacement module without version must be directory path (rooted or starting with . or ..)",
            2,
            26,
        ),
        (
            "module m\nreplace example.com/a => example.com/b@v1.0.0\n",
            "replacement module must match format 'path version', not 'path@version'",
            2,
            26,
        ),
        (
            "module m\nreplace example.com/a => ./x v1.0.0\n",
            'replacement module directory path "./x" cannot have version',
            2,
            30,
        ),
        (
            "module m\nreplace example.com/a v1.x => ./a\n",
            'replace example.com/a: version "v1.x" invalid: must be of the form v1.2.3',
            2,
            23,
        ),
        (
            "module m\nreplace example.com/a => example.com/b vX\n",
            'replace example.com/b: version "vX" invalid: must be of the form v1.2.3',
            2,
            40,
        ),
        ("module m\nretract\n", "expected '[' or version", 2, 1),
        ("module m\nretract ( v1.0.0\n", "expected '[' or version", 2, 9),
        ("module m\nretract [\n", "expected version after '['", 2, 9),
        ("module m\nretract [v1.0.0 v1.1.0]\n", "expected ',' after version", 2, 17),
        ("module m\nretract [v1.0.0,\n", "expected version after ','", 2, 16),
        ("module m\nretract [v1.0.0, v1.1.0\n", "expected ']' after version", 2, 18),
        ("module m\nretract v1.0.0 extra\n", 'unexpected token after version: "extra"', 2, 16),
        ("module m\ngodebug foo\n", "usage: godebug key=value", 2, 9),
        ('module m\ngodebug "a=b"\n', "usage: godebug key=value", 2, 9),
        ("module m\ngodebug a=b c=d\n", "usage: godebug key=value", 2, 13),
        ("module m\ntool\n", "tool directive expects exactly one argument", 2, 1),
        ("module m\nignore a b\n", "ignore directive expects exactly one argument", 2, 10),
        ("module m\n\x01\n", "unexpected input character '\\x01'", 2, 1),
        ("module m\ngo\u00a01.19\n", "unexpected input character '\\u00a0'", 2, 3),
        ("module m\ngo 1.19\f\n", "unexpected input character '\\f'", 2, 8),
        ("module m\nrequire example.com/a\n\n/* late */\n", "mod files must use // comments", 4, 1),
        ("module m\ntoolchain go1.21.0\nrequire example.com/a v1.0.0 x\n", "usage: require", 3, 30),
        ("module m\nuse ./a\n", "unknown directive: use", 2, 1),
    ],
)
def test_gomod_errors(text: str, message: str, line: int, column: int) -> None:
    with pytest.raises(ParseError) as info:
        parse_gomod(text)
    assert info.value.message.startswith(message)
    assert (info.value.line, info.value.column) == (line, column)


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ("go 1.19\nrequire example.com/a v1.0.0\n", "unknown directive: require", 2, 1),
        ("module m\n", "unknown directive: module", 1, 1),
        ("go 1.19\nuse\n", "usage: use local/dir", 2, 1),
        ("use (\n\t./a ./b\n)\n", "usage: use local/dir", 2, 6),
        ("go 1.18\ngo 1.19\n", "repeated go statement", 2, 1),
        ("require (\n)\n", "unknown block type: require", 1, 1),
        ("replace example.com/a => example.com/b\n", "replacement module without version", 1, 26),
        ("go 1.19\nuse (\n", "syntax error (unterminated block started at 2:1)", 3, 1),
    ],
)
def test_gowork_errors(text: str, message: str, line: int, column: int) -> None:
    with pytest.raises(ParseError) as info:
        parse_gowork(text)
    assert info.value.message.startswith(message)
    assert (info.value.line, info.value.column) == (line, column)


def test_error_string_includes_position() -> None:
    with pytest.raises(ParseError) as info:
        parse_gomod("module m\nfoo\n")
    assert str(info.value) == "2:1: unknown directive: foo"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".", True),
        ("..", True),
        ("./x", True),
        ("../x", True),
        (".\\x", True),
        ("..\\x", True),
        ("/abs", True),
        ("\\abs", True),
        ("C:foo", True),
        ("c:\\foo", True),
        ("", False),
        ("x", False),
        ("example.com/x", False),
        (".x", False),
        ("...", False),
        ("..x", False),
        ("1:foo", False),
        ("é:foo", False),
        ("C", False),
    ],
)
def test_is_directory_path(path: str, expected: bool) -> None:
    assert is_directory_path(path) is expected


def test_home_relative_replacement_is_rejected_with_the_reason() -> None:
    # Go rejects `~/x` (not a directory path); the message adds why, since the shell's `~` is
    # what the author expected.
    with pytest.raises(ParseError) as caught:
        parse_gomod("module x\n\nreplace example.com/a => ~/src/a\n")
    assert (caught.value.line, caught.value.column) == (3, 26)
    assert caught.value.message.startswith("replacement module without version must be directory path")
    assert "Go does not expand `~`" in caught.value.message


@pytest.mark.parametrize(
    ("text", "generated"),
    [
        ("module _ // Fake go.mod auto-created by 'bingo' for go -moddfile and modules support.\n", True),
        ("// Code generated by tool. DO NOT EDIT.\n\nmodule example.com/x\n", True),
        ("module _ // Auto generated by https://github.com/bwplotka/bingo. DO NOT EDIT\n\ngo 1.14\n", True),
        (
            "module example.com/x\n\n// DO NOT EDIT the replace below by hand\nreplace a => ./a\n",
            False,
        ),  # not the header
        ("// the module of the example server\nmodule example.com/x\n", False),
    ],
)
def test_a_go_mod_whose_header_says_a_tool_writes_it_is_generated(text, generated):
    assert parse_gomod(text).generated is generated
