"""The JSON and JSONC parser: values, exact positions, comments, duplicates and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import assert_every_edit_parses_or_raises, covered, shared_path
from remdev_lint.formats.jsonc import (
    MAX_DEPTH,
    parse_json,
    parse_jsonc,
    parse_jsonc_with_duplicates,
)
from remdev_lint.model import Comment, ParseError, Span

# -- values and positions ---------------------------------------------------------------------


def test_nested_keys_and_values_have_exact_spans() -> None:
    text = '{\n  "go.toolsEnvVars": {\n    "GOFLAGS": "-mod=mod"\n  },\n  "n": [1, true]\n}\n'
    root = parse_jsonc(text).root
    env = root.value["go.toolsEnvVars"]
    assert env.key_span == Span(2, 3, 2, 20)
    assert env.span == Span(2, 22, 4, 4)
    flags = env.value["GOFLAGS"]
    assert flags.key_span == Span(3, 5, 3, 14)
    assert flags.span == Span(3, 16, 3, 26)
    assert covered(text, flags.span) == '"-mod=mod"'
    items = root.value["n"].value
    assert [covered(text, item.span) for item in items] == ["1", "true"]
    assert items[0].key_span is None
    assert root.span == Span(1, 1, 6, 2)


def test_root_span_covers_the_value_only() -> None:
    text = "// settings\n\n  [1, 2]  /* end */\n"
    root = parse_jsonc(text).root
    assert root.span == Span(3, 3, 3, 9)


def test_columns_count_code_points_before_a_value() -> None:
    # "é" is two UTF-8 bytes and "😀" two UTF-16 code units: each is one column.
    text = '{"é😀": "ü", "k": 10}'
    root = parse_jsonc(text).root
    assert root.value["é😀"].key_span == Span(1, 2, 1, 6)
    assert root.value["é😀"].span == Span(1, 8, 1, 11)
    assert root.value["k"].span == Span(1, 18, 1, 20)


def test_crlf_and_lone_cr_end_lines() -> None:
    text = '{\r\n  "a": 1,\r\n  "b": "x"\r}'
    root = parse_jsonc(text).root
    assert root.value["a"].span == Span(2, 8, 2, 9)
    assert root.value["b"].key_span == Span(3, 3, 3, 6)
    assert root.span == Span(1, 1, 4, 2)


def test_scalar_types_follow_the_json_grammar() -> None:
    text = '[0, -12, 3.5, -0.0, 1e3, 2E-2, 7e+1, true, false, null, "s", {}, []]'
    values = parse_jsonc(text).root.plain()
    assert values == [0, -12, 3.5, -0.0, 1000.0, 0.02, 70.0, True, False, None, "s", {}, []]
    assert [type(value) for value in values[:7]] == [int, int, float, float, float, float, float]


def test_string_escapes_and_surrogate_pairs_are_decoded() -> None:
    text = r'["\" \\ \/ \b \f \n \r \t", "\u00e9\u20AC", "\ud83d\ude00", "\ud800x"]'
    values = parse_jsonc(text).root.plain()
    assert values == ['" \\ / \b \f \n \r \t', "é€", "😀", "\ud800x"]
    assert values == json.loads(text)


def test_string_span_includes_quotes_and_raw_escapes() -> None:
    text = '{"k\\u0041": "a\\"b"}'
    root = parse_jsonc(text).root
    assert list(root.value) == ["kA"]
    assert covered(text, root.value["kA"].key_span) == '"k\\u0041"'
    assert covered(text, root.value["kA"].span) == '"a\\"b"'


def test_strict_and_jsonc_values_match_json_loads() -> None:
    text = '{"a": [1, 2.5, {"b": null}], "c": "\\u00fc", "d": -7e-3, "e": false}'
    assert parse_json(text).root.plain() == json.loads(text)
    assert parse_jsonc(text).root.plain() == json.loads(text)


# -- JSONC: comments and trailing commas ------------------------------------------------------


def test_comments_are_listed_with_spans_and_text() -> None:
    text = '// head\n{\n  "a": 1, // after a\n  /* block\n     two lines */ "b": 2\n}'
    document = parse_jsonc(text)
    assert document.comments == [
        Comment(Span(1, 1, 1, 8), " head"),
        Comment(Span(3, 11, 3, 21), " after a"),
        Comment(Span(4, 3, 5, 18), " block\n     two lines "),
    ]
    assert document.root.plain() == {"a": 1, "b": 2}
    assert document.root.value["b"].key_span == Span(5, 19, 5, 22)


def test_comment_markers_inside_strings_are_text() -> None:
    text = '{"url": "http://example.com/*x*/", "glob": "**/*.go" // real\n}'
    document = parse_jsonc(text)
    assert document.root.plain() == {"url": "http://example.com/*x*/", "glob": "**/*.go"}
    assert document.comments == [Comment(Span(1, 54, 1, 61), " real")]


def test_comment_at_end_of_file_without_newline() -> None:
    document = parse_jsonc("[1] // done")
    assert document.comments == [Comment(Span(1, 5, 1, 12), " done")]


def test_trailing_commas_are_accepted_in_jsonc() -> None:
    text = '{\n  "a": [1, 2,],\n  "b": {"c": 3,},\n}'
    root = parse_jsonc(text).root
    assert root.plain() == {"a": [1, 2], "b": {"c": 3}}
    assert root.value["a"].span == Span(2, 8, 2, 15)


@pytest.mark.parametrize(
    ("text", "line", "column", "bracket"),
    [("[1, 2,]", 1, 6, "]"), ('{"a": 1,\n}', 1, 8, "}")],
)
def test_trailing_commas_are_errors_in_strict_json(text: str, line: int, column: int, bracket: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_json(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    expected = f"trailing comma before '{bracket}' is not allowed in strict JSON"
    assert caught.value.message == expected


def test_comments_are_errors_in_strict_json() -> None:
    with pytest.raises(ParseError) as caught:
        parse_json('{"a": 1 /* no */}')
    assert (caught.value.line, caught.value.column) == (1, 9)
    assert "comments are not allowed" in caught.value.message


def test_empty_or_comment_only_jsonc_is_a_null_root() -> None:
    for text in ("", "  \n", "// only a comment\n/* and a block */"):
        document = parse_jsonc(text)
        assert document.root.value is None
        assert document.root.span == Span(1, 1, 1, 1)
    assert len(parse_jsonc("// only a comment\n/* and a block */").comments) == 2


def test_empty_strict_json_is_an_error() -> None:
    with pytest.raises(ParseError) as caught:
        parse_json("")
    assert (caught.value.line, caught.value.column, caught.value.message) == (
        1,
        1,
        "empty document: expected a JSON value",
    )


def test_byte_order_mark_is_skipped_and_not_counted() -> None:
    text = '\ufeff{"a": 1}'
    document = parse_json(text)
    assert document.root.value["a"].span == Span(1, 7, 1, 8)
    assert document.text == text


# -- duplicates -------------------------------------------------------------------------------


def test_duplicate_keys_last_wins_and_earlier_ones_are_reported() -> None:
    text = '{\n  "a": 1,\n  "b": {"x": 1, "x": 2},\n  "a": 2,\n  "a": 3\n}'
    document, duplicates = parse_jsonc_with_duplicates(text)
    assert document.root.plain() == {"a": 3, "b": {"x": 2}}
    assert document.root.value["a"].key_span == Span(5, 3, 5, 6)
    assert duplicates == [
        ("a", Span(2, 3, 2, 6)),
        ("x", Span(3, 9, 3, 12)),
        ("a", Span(4, 3, 4, 6)),
    ]
    assert parse_jsonc(text).root.plain() == document.root.plain()


def test_no_duplicates_reported_for_same_key_in_different_objects() -> None:
    _, duplicates = parse_jsonc_with_duplicates('[{"a": 1}, {"a": 2}]')
    assert duplicates == []


# -- errors -----------------------------------------------------------------------------------

ERRORS = [
    ('{"a": "abc', 1, 7, "unterminated string: expected '\"'"),
    ('{"a": "ab\n"}', 1, 7, "unterminated string: a string cannot span lines"),
    ('["a\tb"]', 1, 4, "control character U+0009 in string: write it as an escape"),
    (r'["\x"]', 1, 3, "invalid escape sequence '\\x' in string"),
    (r'["\u12G4"]', 1, 3, "invalid \\u escape: expected 4 hexadecimal digits"),
    ("/* open", 1, 1, "unterminated block comment: expected '*/'"),
    ('{"a" 1}', 1, 6, "expected ':' after object key, found '1'"),
    ('{\n  "a": 1\n  "b": 2\n}', 3, 3, "expected ',' or '}' after object member"),
    ("[1 2]", 1, 4, "expected ',' or ']' after array element"),
    (
        '{"a": 1',
        1,
        8,
        "unexpected end of input: expected ',' or '}' after object member (opened at line 1, column 1)",
    ),
    ("[1,", 1, 4, "unexpected end of input: expected a value or ']' (opened at line 1, column 1)"),
    ('{"a":', 1, 6, "unexpected end of input: expected a value"),
    ("{'a': 1}", 1, 2, 'expected a property name in double quotes, found "\'"'),
    ("{a: 1}", 1, 2, "expected a property name in double quotes, found 'a'"),
    ('{"a": }', 1, 7, "expected a value, found '}'"),
    ("[,]", 1, 2, "expected a value, found ','"),
    ("[01]", 1, 2, "invalid number '01'"),
    ("[1.]", 1, 2, "invalid number '1.'"),
    ("[-]", 1, 2, "invalid number '-'"),
    ("[+1]", 1, 2, "invalid number '+1'"),
    ("[1e]", 1, 2, "invalid number '1e'"),
    ("[NaN]", 1, 2, "invalid value 'NaN'"),
    ("[True]", 1, 2, "invalid value 'True'"),
    ("['x']", 1, 2, "(strings need double quotes)"),
    ('{"a": 1}\n{"b": 2}', 2, 1, "unexpected '{' after the root value: expected end of input"),
    ("1 2", 1, 3, "unexpected '2' after the root value"),
]


@pytest.mark.parametrize("parse", [parse_jsonc, parse_json], ids=["jsonc", "json"])
@pytest.mark.parametrize(("text", "line", "column", "message"), ERRORS)
def test_malformed_input_raises_at_the_fault(parse, text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text)
    error = caught.value
    assert (error.line, error.column) == (line, column)
    assert message in error.message
    assert str(error) == f"{line}:{column}: {error.message}"


def test_deep_nesting_is_a_parse_error_not_a_crash() -> None:
    depth = MAX_DEPTH + 1
    with pytest.raises(ParseError) as caught:
        parse_jsonc("[" * depth + "]" * depth)
    assert caught.value.message.startswith("nesting too deep")
    assert (caught.value.line, caught.value.column) == (1, depth)
    assert parse_jsonc("[" * MAX_DEPTH + "]" * MAX_DEPTH).root.is_sequence


# -- the real-world corpus --------------------------------------------------------------------

# Files in the corpus that are malformed as VS Code reads them, with where the fault is.
MALFORMED = {
    # A stray line of JSON before the opening brace.
    "devcontainer/microsoft__vscode__.devcontainer__devcontainer.json": (1, 65),
    # A missing comma after "window.newWindowProfile".
    "settings/812lcl__dotfiles__Library__Application Support__Code__User__settings.json": (165, 3),
}


def corpus_files() -> list[Path]:
    folders = ("launch", "settings", "tasks", "devcontainer")
    return sorted(path for folder in folders for path in shared_path("corpus", folder).rglob("*.json"))


def test_corpus_parses_as_jsonc_or_fails_at_the_known_faults() -> None:
    files = corpus_files()
    failures = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            document = parse_jsonc(text)
        except ParseError as error:
            failures[path.relative_to(shared_path("corpus")).as_posix()] = (error.line, error.column)
            continue
        for comment in document.comments:
            assert covered(text, comment.span)[:2] in ("//", "/*"), (path, comment)
    parsed = len(files) - len(failures)
    print(f"JSONC corpus: {parsed} of {len(files)} files parse, {len(failures)} raise ParseError")
    assert len(files) >= 200
    assert failures == MALFORMED


def test_corpus_values_match_json_loads_where_the_file_is_strict_json() -> None:
    strict = 0
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        try:
            expected = json.loads(text)
        except ValueError:
            continue
        strict += 1
        assert parse_json(text).root.plain() == expected, path
        assert parse_jsonc(text).root.plain() == expected, path
    assert strict >= 50


def test_every_truncation_or_deletion_parses_or_raises_parse_error() -> None:
    text = '{\n  // c\n  "a": [1, -2.5e3, "x\\u00e9\\n"], /* b */\n  "b": {"c": true, "d": null,},\n}\n'
    assert_every_edit_parses_or_raises(parse_jsonc, text)
