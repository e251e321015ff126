"""The YAML parser: values, exact positions, anchors and merges, documents, comments and errors."""

from __future__ import annotations

import math

import pytest

from conftest import assert_every_edit_parses_or_raises, covered, shared_path
from remdev_lint.formats.yaml import parse
from remdev_lint.model import Comment, ParseError, Span

# -- values and positions ---------------------------------------------------------------------


def test_nested_keys_and_values_have_exact_spans() -> None:
    text = "services:\n  app:\n    image: golang:1.22\n    ports:\n      - '8080:80'\n"
    root = parse(text).root
    services = root.value["services"]
    assert services.key_span == Span(1, 1, 1, 9)
    assert services.span == Span(2, 3, 5, 18)
    image = services.value["app"].value["image"]
    assert image.key_span == Span(3, 5, 3, 10)
    assert image.span == Span(3, 12, 3, 23)
    assert image.value == "golang:1.22"
    port = services.value["app"].value["ports"].value[0]
    assert port.span == Span(5, 9, 5, 18)
    assert covered(text, port.span) == "'8080:80'"
    assert root.span == Span(1, 1, 5, 18)


def test_block_collection_ends_at_its_last_value_not_at_following_comments() -> None:
    text = "a:\n  b: 1\n  c: [2]\n\n# about d\nd: 3\n"
    root = parse(text).root
    assert root.value["a"].span == Span(2, 3, 3, 9)


def test_columns_count_code_points_before_a_value() -> None:
    text = "ключ: значение\n😀: x\nk: {é: 1}\n"
    root = parse(text).root
    assert root.value["ключ"].span == Span(1, 7, 1, 15)
    assert root.value["😀"].key_span == Span(2, 1, 2, 2)
    assert root.value["😀"].span == Span(2, 4, 2, 5)
    assert root.value["k"].value["é"].span == Span(3, 8, 3, 9)


def test_crlf_line_endings() -> None:
    text = "a: 1\r\nb:\r\n  c: two\r\n"
    root = parse(text).root
    assert root.value["b"].value["c"].span == Span(3, 6, 3, 9)
    assert root.value["b"].value["c"].key_span == Span(3, 3, 3, 4)
    assert root.value["b"].value["c"].value == "two"


def test_scalar_types_follow_the_yaml_1_2_core_schema() -> None:
    text = (
        "int: 42\nneg: -7\nhex: 0x1F\noct: 0o17\nunder: 1_000\nfloat: 1.5\nexp: 1e3\n"
        "inf: -.inf\nnan: .nan\nbool: true\nBool: False\nnothing: ~\nempty:\nyes: yes\non: on\n"
        "date: 2001-12-14\nstamp: 2001-12-14t21:59:43.10-05:00\nquoted: '42'\nstr: !!str 7\n"
        "float_tag: !!float 1\nbinary: !!binary aGk=\ncustom: !Ref name\n"
    )
    values = parse(text).root.plain()
    assert math.isnan(values.pop("nan"))
    assert values == {
        "int": 42,
        "neg": -7,
        "hex": 31,
        "oct": 15,
        "under": 1000,
        "float": 1.5,
        "exp": 1000.0,
        "inf": -math.inf,
        "bool": True,
        "Bool": False,
        "nothing": None,
        "empty": None,
        "yes": "yes",
        "on": "on",
        "date": "2001-12-14",
        "stamp": "2001-12-14t21:59:43.10-05:00",
        "quoted": "42",
        "str": "7",
        "float_tag": 1.0,
        "binary": "aGk=",
        "custom": "name",
    }
    assert type(values["float_tag"]) is float


def test_yaml_1_1_directive_switches_to_1_1_types() -> None:
    assert parse("%YAML 1.1\n---\na: yes\nb: 012\n").root.plain() == {"a": True, "b": 10}


def test_non_string_keys_are_converted_with_str() -> None:
    root = parse("1: a\ntrue: b\n~: c\n? [x, y]\n: d\n").root
    assert list(root.value) == ["1", "True", "None", "['x', 'y']"]
    assert root.value["1"].key_span == Span(1, 1, 1, 2)


def test_empty_value_is_a_point_after_its_indicator() -> None:
    text = "a:\n# comment\nb:\n  -\n  - x\nc:\n"
    root = parse(text).root
    assert root.value["a"].span == Span(1, 3, 1, 3)
    assert root.value["b"].value[0].span == Span(4, 4, 4, 4)
    assert root.value["c"].span == Span(6, 3, 6, 3)


# -- block scalars and '#' inside scalars -----------------------------------------------------


def test_block_scalars_values_and_spans() -> None:
    text = "run: |\n  go build ./...\n  go test ./...\n\nfolded: >-\n  one\n  two\nkeep: |+\n  x\n\nend: 1\n"
    root = parse(text).root
    assert root.value["run"].value == "go build ./...\ngo test ./...\n"
    assert root.value["run"].span == Span(1, 6, 3, 16)
    assert root.value["folded"].value == "one two"
    assert root.value["folded"].span == Span(5, 9, 7, 6)
    assert root.value["keep"].value == "x\n\n"
    assert root.value["keep"].span == Span(8, 7, 9, 4)


def test_multi_line_plain_and_quoted_scalars_span_all_their_lines() -> None:
    text = 'a: first\n  second\nb: "one\n  two"\n'
    root = parse(text).root
    assert root.value["a"].value == "first second"
    assert root.value["a"].span == Span(1, 4, 2, 9)
    assert root.value["b"].span == Span(3, 4, 4, 7)


def test_hash_inside_scalars_is_not_a_comment() -> None:
    text = "a: 'q # r'  # c1\nb: \"x #y\"\nc: a#b\nd: |  # header\n  line # not a comment\n# c2\ne: [x#1, y] # c3\n"
    document = parse(text)
    assert document.root.plain() == {
        "a": "q # r",
        "b": "x #y",
        "c": "a#b",
        "d": "line # not a comment\n",
        "e": ["x#1", "y"],
    }
    assert document.comments == [
        Comment(Span(1, 13, 1, 17), " c1"),
        Comment(Span(4, 7, 4, 15), " header"),
        Comment(Span(6, 1, 6, 5), " c2"),
        Comment(Span(7, 13, 7, 17), " c3"),
    ]


def test_comments_around_documents_and_directives() -> None:
    text = "# head\n%YAML 1.2 # version\n--- # start\na: 1 #tight\n... # end\n"
    comments = parse(text).comments
    texts = [comment.text for comment in comments]
    assert texts == [" head", " version", " start", "tight", " end"]
    assert comments[3].span == Span(4, 6, 4, 12)


# -- anchors, aliases and merge keys ----------------------------------------------------------


def test_alias_spans_its_token_and_its_contents_keep_their_definition() -> None:
    text = "base: &img\n  image: golang\ncopy: *img\n"
    root = parse(text).root
    copy = root.value["copy"]
    assert copy.plain() == {"image": "golang"}
    assert copy.span == Span(3, 7, 3, 11)
    assert copy.key_span == Span(3, 1, 3, 5)
    assert copy.value["image"].span == Span(2, 10, 2, 16)
    assert root.value["base"].span == Span(1, 7, 2, 16)


def test_alias_of_a_scalar_and_alias_as_key() -> None:
    root = parse("k: &name port\n*name : 80\nv: *name\n").root
    assert root.plain() == {"k": "port", "port": 80, "v": "port"}
    assert root.value["port"].key_span == Span(2, 1, 2, 6)


def test_merge_key_with_one_mapping_explicit_keys_win() -> None:
    text = "x-common: &common\n  restart: always\n  image: base\nservices:\n  app:\n    <<: *common\n    image: app\n"
    app = parse(text).root.value["services"].value["app"]
    assert app.plain() == {"restart": "always", "image": "app"}
    assert app.value["restart"].key_span == Span(2, 3, 2, 10)
    assert app.value["restart"].span == Span(2, 12, 2, 18)
    assert app.value["image"].span == Span(7, 12, 7, 15)


def test_explicit_key_wins_even_before_the_merge() -> None:
    app = parse("a: &a {x: 1}\nc:\n  x: 0\n  <<: *a\n").root.value["c"]
    assert app.plain() == {"x": 0}


def test_merge_list_earlier_mapping_wins() -> None:
    text = "a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]\n  y: 3\n"
    c = parse(text).root.value["c"]
    assert c.plain() == {"x": 1, "z": 2, "y": 3}
    assert c.value["x"].span == Span(1, 11, 1, 12)
    assert c.value["z"].span == Span(2, 17, 2, 18)


def test_merge_of_an_inline_mapping() -> None:
    assert parse("c:\n  <<: {k: 1}\n  j: 2\n").root.plain() == {"c": {"k": 1, "j": 2}}


# -- documents --------------------------------------------------------------------------------


def test_empty_and_comment_only_streams_are_a_null_root() -> None:
    for text in ("", "\n\n", "# nothing here\n"):
        document = parse(text)
        assert document.root.value is None
        assert document.root.span == Span(1, 1, 1, 1)
    assert parse("# nothing here\n").comments == [Comment(Span(1, 1, 1, 15), " nothing here")]


def test_single_document_with_marker_is_the_root() -> None:
    root = parse("---\na: 1\n...\n").root
    assert root.plain() == {"a": 1}
    assert root.span == Span(2, 1, 2, 5)


def test_several_documents_make_a_root_sequence() -> None:
    text = "a: 1\n---\nb: 2\n--- 3\n"
    root = parse(text).root
    assert root.is_sequence
    assert root.plain() == [{"a": 1}, {"b": 2}, 3]
    spans = [item.span for item in root.value]
    assert spans == [Span(1, 1, 1, 5), Span(3, 1, 3, 5), Span(4, 5, 4, 6)]
    assert root.span == Span(1, 1, 4, 6)


def test_byte_order_mark_is_not_counted() -> None:
    document = parse("\ufeffa: 1 # c\n")
    assert document.root.value["a"].span == Span(1, 4, 1, 5)
    assert document.comments == [Comment(Span(1, 6, 1, 9), " c")]


# -- errors -----------------------------------------------------------------------------------

ERRORS = [
    ("a: 1\na: 2\n", 2, 1, 'found duplicate key "a" (first defined at line 1, column 1)'),
    ("a: b: c\n", 1, 5, "mapping values are not allowed here"),
    (
        "a: [1, 2\n",
        2,
        1,
        "expected ',' or ']', but got '<stream end>' (while parsing a flow sequence at line 1, column 4)",
    ),
    (
        "a: 'x\n",
        2,
        1,
        "found unexpected end of stream (while scanning a quoted scalar at line 1, column 4)",
    ),
    ("- a\nb: 1\n", 2, 1, "expected <block end>, but found '?'"),
    ("a: *nope\n", 1, 4, "found undefined alias 'nope'"),
    ("a: &r [*r]\n", 1, 8, "recursive alias *r: a node cannot contain itself"),
    ("a: !!int x\n", 1, 4, "cannot read 'x' as int"),
    ("x: &a {k: 1}\ny:\n  <<: [*a, 1]\n", 3, 12, "expected a mapping for merging, but found"),
    ("x: &a {k: 1}\ny:\n  <<: 1\n", 3, 7, "expected a mapping or list of mappings for merging"),
    ("x: &a {k: 1}\ny:\n  <<: *a\n  <<: *a\n", 4, 3, 'found duplicate merge key "<<"'),
    ("a: \x07\n", 1, 4, "unacceptable character U+0007"),
    ("key: value\n\tother: 1\n", 2, 1, "found character '\\t' that cannot start any token"),
]


@pytest.mark.parametrize(("text", "line", "column", "message"), ERRORS)
def test_malformed_input_raises_at_the_fault(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text)
    error = caught.value
    assert message in error.message
    assert (error.line, error.column) == (line, column)


# -- the real-world corpus --------------------------------------------------------------------


def test_corpus_compose_files_parse_with_comments_at_hash_marks() -> None:
    files = sorted(
        path for path in shared_path("corpus", "devcontainer").rglob("*") if path.suffix in (".yml", ".yaml")
    )
    assert len(files) >= 20
    comments = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        document = parse(text)
        assert document.root.is_mapping, path
        for comment in document.comments:
            assert covered(text, comment.span) == "#" + comment.text, (path, comment)
        lines = text.splitlines()
        for member in document.root.value.values():
            key = member.key_span
            assert lines[key.line - 1][key.column - 1 : key.end_column - 1].strip("'\""), path
        comments += len(document.comments)
    print(f"YAML corpus: {len(files)} files parse, {comments} comments")
    assert comments >= 100


def test_corpus_values_are_what_ruamel_loads() -> None:
    from ruamel.yaml import YAML

    loader = YAML(typ="safe", pure=True)

    def with_string_keys(value):
        if isinstance(value, dict):
            return {str(key): with_string_keys(item) for key, item in value.items()}
        if isinstance(value, list):
            return [with_string_keys(item) for item in value]
        return value

    for path in sorted(shared_path("corpus", "devcontainer").rglob("*.y*ml")):
        text = path.read_text(encoding="utf-8")
        assert parse(text).root.plain() == with_string_keys(loader.load(text)), path


def test_every_truncation_or_deletion_parses_or_raises_parse_error() -> None:
    text = "a: &a {k: 'v # x', n: [1, 2]}\nb:\n  <<: *a\n  s: |\n    t\n# c\nc: \"q\"\n"
    assert_every_edit_parses_or_raises(parse, text)
