"""The TOML parser: tomllib's values with exact positions of keys, values and headers."""

from __future__ import annotations

import math

import pytest

from conftest import assert_every_edit_parses_or_raises, covered
from remdev_lint.formats import toml as toml_format
from remdev_lint.formats.toml import parse
from remdev_lint.model import Comment, Node, ParseError, Span

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


EVERY_VALUE = '''\
basic = "tab\\there \\"q\\" \\u00e9"
literal = 'C:\\path'
multi_basic = """
one \\
  two "" three"""
multi_literal = \'\'\'
raw \\n ''quoted''\'\'\'
int = +99
neg = -17
under = 1_000
hex = 0xDEAD_beef
oct = 0o755
bin = 0b1101
float = 3.1415
exp = -2E-2
pinf = +inf
nan = nan
yes = true
no = false
odt = 1979-05-27T07:32:00Z
odt_space = 1979-05-27 00:32:00.5-07:00
ldt = 1979-05-27T07:32:00
ld = 1979-05-27
lt = 07:32:00.25
array = [ 1, 2, ]
nested = [ [1, 2], ["a", 'b'], [{ x = 1 }] ]
multiline = [
  "a",  # first
  "b",
]
inline = { name = "x", point = { x = 1, y = 2 }, "dotted.key" = 3, a.b = 4 }
'''


def walk(node: Node, path: tuple = ()):
    yield path, node
    if node.is_mapping:
        for key, child in node.value.items():
            yield from walk(child, (*path, key))
    elif node.is_sequence:
        for index, child in enumerate(node.value):
            yield from walk(child, (*path, index))


def test_every_value_kind_has_tomllib_value_and_type() -> None:
    values = parse(EVERY_VALUE).root.plain()
    assert math.isnan(values.pop("nan"))
    assert values == {
        "basic": 'tab\there "q" é',
        "literal": "C:\\path",
        "multi_basic": 'one two "" three',
        "multi_literal": "raw \\n ''quoted''",
        "int": 99,
        "neg": -17,
        "under": 1000,
        "hex": 0xDEADBEEF,
        "oct": 0o755,
        "bin": 0b1101,
        "float": 3.1415,
        "exp": -0.02,
        "pinf": math.inf,
        "yes": True,
        "no": False,
        "odt": "1979-05-27T07:32:00+00:00",
        "odt_space": "1979-05-27T00:32:00.500000-07:00",
        "ldt": "1979-05-27T07:32:00",
        "ld": "1979-05-27",
        "lt": "07:32:00.250000",
        "array": [1, 2],
        "nested": [[1, 2], ["a", "b"], [{"x": 1}]],
        "multiline": ["a", "b"],
        "inline": {"name": "x", "point": {"x": 1, "y": 2}, "dotted.key": 3, "a": {"b": 4}},
    }


def test_every_value_span_is_text_that_tomllib_reads_as_that_value() -> None:
    root = parse(EVERY_VALUE).root
    checked = 0
    for path, node in walk(root):
        if not path or node.span == node.key_span:
            continue  # the root, and tables a dotted key creates (they span that key)
        source = covered(EVERY_VALUE, node.span)
        value = tomllib.loads(f"v = {source}")["v"]
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        plain = node.plain()
        assert value == plain or (value != value and plain != plain), (path, source)
        checked += 1
    assert checked == 44


def test_every_key_span_is_its_key_text() -> None:
    root = parse(EVERY_VALUE).root
    assert covered(EVERY_VALUE, root.value["multi_basic"].key_span) == "multi_basic"
    inline = root.value["inline"]
    assert covered(EVERY_VALUE, inline.value["dotted.key"].key_span) == '"dotted.key"'
    assert covered(EVERY_VALUE, inline.value["a"].key_span) == "a"
    assert covered(EVERY_VALUE, inline.value["a"].value["b"].key_span) == "b"
    assert covered(EVERY_VALUE, inline.value["point"].value["y"].span) == "2"


def test_multi_line_values_span_their_lines() -> None:
    root = parse(EVERY_VALUE).root
    assert root.value["multi_basic"].span == Span(3, 15, 5, 18)
    assert root.value["multiline"].span == Span(27, 13, 30, 2)
    assert root.value["multiline"].value[1].span == Span(29, 3, 29, 6)


def test_positions_with_unicode_before_the_value_and_crlf() -> None:
    text = 'name = "é😀"  # ok\r\n[tool."ü"]\r\nkey = 1\r\n'
    document = parse(text)
    root = document.root
    assert root.value["name"].span == Span(1, 8, 1, 12)
    assert document.comments == [Comment(Span(1, 14, 1, 18), " ok")]
    tool = root.value["tool"]
    assert tool.value["ü"].key_span == Span(2, 7, 2, 10)
    assert tool.value["ü"].value["key"].span == Span(3, 7, 3, 8)


# -- tables and their headers -----------------------------------------------------------------

TABLES = """\
title = "x"

[server]
host = "a"

[server.limits]
cpu = 2

[a.b.c]
d = 1

[a]
e = 2

[[products]]
name = "hammer"

[products.size]
w = 1

[[products.parts]]
id = 1

[[products]]
name = "nail"

[[products.parts]]
id = 2

[[ products.parts ]]
id = 3
"""


def test_table_header_spans_and_key_spans() -> None:
    root = parse(TABLES).root
    server = root.value["server"]
    assert server.span == Span(3, 1, 3, 9)
    assert server.key_span == Span(3, 2, 3, 8)
    limits = server.value["limits"]
    assert covered(TABLES, limits.span) == "[server.limits]"
    assert covered(TABLES, limits.key_span) == "limits"
    assert limits.value["cpu"].span == Span(7, 7, 7, 8)


def test_implicit_tables_span_the_header_that_created_them_until_defined() -> None:
    root = parse(TABLES).root
    a = root.value["a"]
    b = a.value["b"]
    assert covered(TABLES, b.span) == "[a.b.c]"
    assert b.key_span == Span(9, 4, 9, 5)
    # [a] defines the table later: its own header wins over the implicit creation.
    assert a.span == Span(12, 1, 12, 4)
    assert a.key_span == Span(12, 2, 12, 3)
    assert a.plain() == {"b": {"c": {"d": 1}}, "e": 2}


def test_arrays_of_tables_each_element_spans_its_header() -> None:
    root = parse(TABLES).root
    products = root.value["products"]
    assert products.plain() == [
        {"name": "hammer", "size": {"w": 1}, "parts": [{"id": 1}]},
        {"name": "nail", "parts": [{"id": 2}, {"id": 3}]},
    ]
    assert products.span == Span(15, 1, 15, 13)
    assert products.key_span == Span(15, 3, 15, 11)
    first, second = products.value
    assert first.span == Span(15, 1, 15, 13)
    assert first.key_span is None
    assert second.span == Span(24, 1, 24, 13)
    assert first.value["name"].span == Span(16, 8, 16, 16)
    assert covered(TABLES, first.value["size"].span) == "[products.size]"
    assert covered(TABLES, first.value["parts"].value[0].span) == "[[products.parts]]"
    assert second.value["parts"].value[0].span.line == 27
    assert covered(TABLES, second.value["parts"].value[1].span) == "[[ products.parts ]]"
    assert second.value["parts"].value[1].value["id"].span == Span(31, 6, 31, 7)


def test_dotted_and_quoted_keys_create_tables_at_their_first_key() -> None:
    text = 'tool.ruff.line-length = 100\ntool.ruff.select = ["E"]\n"site"."google.com" = true\n'
    root = parse(text).root
    tool = root.value["tool"]
    assert tool.key_span == Span(1, 1, 1, 5)
    assert tool.span == Span(1, 1, 1, 5)
    assert tool.value["ruff"].key_span == Span(1, 6, 1, 10)
    assert tool.value["ruff"].value["select"].key_span == Span(2, 11, 2, 17)
    site = root.value["site"]
    assert covered(text, site.value["google.com"].key_span) == '"google.com"'
    assert site.value["google.com"].span == Span(3, 23, 3, 27)


def test_root_span_and_empty_document() -> None:
    assert parse("# only\n\n").root.span == Span(1, 1, 1, 1)
    assert parse("").root.plain() == {}
    assert parse("\n# c\na = 1\n[t]\n# end\n").root.span == Span(3, 1, 4, 4)


# -- comments ---------------------------------------------------------------------------------


def test_comments_outside_strings_are_listed() -> None:
    text = (
        "# head\n"
        'a = "not # a comment"  # after\n'
        "b = '''\n# inside a string\n'''\n"
        "c = [ # in array\n  1, # one\n]\n"
        "[t] # header\n"
        'd = { e = "#" } #x\n'
    )
    document = parse(text)
    assert document.root.value["b"].value == "# inside a string\n"
    assert document.comments == [
        Comment(Span(1, 1, 1, 7), " head"),
        Comment(Span(2, 24, 2, 31), " after"),
        Comment(Span(6, 7, 6, 17), " in array"),
        Comment(Span(7, 6, 7, 11), " one"),
        Comment(Span(9, 5, 9, 13), " header"),
        Comment(Span(10, 17, 10, 19), "x"),
    ]


def test_byte_order_mark_is_accepted_and_not_counted() -> None:
    document = parse('\ufeffa = "b"\n')
    assert document.root.value["a"].span == Span(1, 5, 1, 8)


# -- errors -----------------------------------------------------------------------------------

ERRORS = [
    ('a = "open', 1, 10, "Unterminated string"),
    ('a = "open\nb = 1\n', 1, 10, "Illegal character '\\n'"),
    ("a = 1\nb = \n", 2, 5, "Invalid value"),
    ("a = 1 b = 2\n", 1, 7, "Expected newline or end of document after a statement"),
    ("[t]\nx = 1\n[t]\n", 3, 3, "Cannot declare ('t',) twice"),
    ("a = 1\na = 2\n", 2, 6, "Cannot overwrite a value"),
    ("d = 1979-02-30\n", 1, 5, "Invalid date or datetime"),
    ("[a\nb = 1\n", 1, 3, "Expected ']' at the end of a table declaration"),
    ("a = [1, 2\n", 2, 1, "Unclosed array"),
    ('s = "bad \\q"\n', 1, 12, "Unescaped '\\' in a string"),
    ("= 1\n", 1, 1, "Invalid statement"),
]


@pytest.mark.parametrize(("text", "line", "column", "message"), ERRORS)
def test_malformed_input_raises_at_tomllib_position(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text)
    error = caught.value
    assert error.message == message
    assert (error.line, error.column) == (line, column)


def test_error_at_end_of_document_points_after_the_last_character() -> None:
    with pytest.raises(ParseError) as caught:
        parse("a = 1\nb = [\n  1,")
    assert caught.value.message == "Invalid value"
    assert (caught.value.line, caught.value.column) == (3, 5)


def test_error_position_attributes_are_used_when_present() -> None:
    # Python 3.14's TOMLDecodeError carries msg, lineno and colno besides the message text.
    class NewStyleError(Exception):
        msg = "Invalid value"
        lineno = 4
        colno = 2

    error = toml_format._decode_error(NewStyleError("Invalid value (at line 4, column 2)"), "")
    assert (error.message, error.line, error.column) == ("Invalid value", 4, 2)


def test_every_truncation_or_deletion_parses_or_raises_parse_error() -> None:
    text = 'a = "x" # c\n[t.u]\nb = [1, {c = 2}]\n[[v]]\nd = """e"""\n'
    assert_every_edit_parses_or_raises(parse, text)
