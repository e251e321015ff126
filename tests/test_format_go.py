"""The Go source format: tree-sitter-go's tree with exact positions, imports as the file names them,
queries with #qualified?, literal fields, constant durations, bindings and later assignments."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO, covered
from remdev_lint.formats.go import GoFile, SyntaxNode, constant_value, import_name, parse
from remdev_lint.model import Comment, ParseError, Span

COMPOSITE = "((composite_literal type: (_) @type value: (literal_value) @body) @literal (#qualified? @type {args}))"


def literals(text: str, path: str = "net/http", *names: str) -> list:
    args = " ".join(f'"{arg}"' for arg in (path, *names))
    return parse(text).root.query(COMPOSITE.format(args=args))


def only(matches: list) -> dict:
    assert len(matches) == 1, matches
    return matches[0].value


def expression(body: str, imports: str = '"time"', decls: str = "") -> SyntaxNode:
    """The value of field X in `T{X: body}`, in a file with those imports and declarations."""
    text = f"package p\n\nimport {imports}\n\n{decls}\n\nvar v = T{{X: {body}}}\n"
    match = only(parse(text).root.query("(composite_literal value: (literal_value) @body)"))
    return match["body"].value["X"]


# --- the document ------------------------------------------------------------------------------


def test_parse_returns_a_queryable_go_file_with_package_and_imports():
    text = """package server

import "fmt"

import (
	nethttp "net/http"
	. "time"
	_ "embed"
	"github.com/go-chi/chi/v5"
	"gopkg.in/yaml.v3"
	"example.com/internal/go-metrics"
)

import `os`
"""
    doc = parse(text)
    root = doc.root
    assert isinstance(root, GoFile)
    assert doc.text == text
    assert root.plain() == {
        "package": "server",
        "imports": [
            {"path": "fmt"},
            {"path": "net/http", "name": "nethttp"},
            {"path": "time", "name": "."},
            {"path": "embed", "name": "_"},
            {"path": "github.com/go-chi/chi/v5"},
            {"path": "gopkg.in/yaml.v3"},
            {"path": "example.com/internal/go-metrics"},
            {"path": "os"},
        ],
    }
    assert root.imports == {
        "fmt": "fmt",
        "nethttp": "net/http",
        "chi": "github.com/go-chi/chi/v5",
        "yaml": "gopkg.in/yaml.v3",
        "metrics": "example.com/internal/go-metrics",
        "os": "os",
    }
    assert root.dot_imports == {"time"}
    package = root.value["package"]
    assert covered(text, package.span) == "server"
    alias = root.value["imports"].value[1]
    assert covered(text, alias.span) == 'nethttp "net/http"'
    assert covered(text, alias.value["name"].span) == "nethttp"
    assert covered(text, alias.value["path"].span) == '"net/http"'


def test_a_file_without_imports_has_an_empty_import_list():
    root = parse("package p\n\nfunc F() {}\n").root
    assert root.value["imports"].value == []
    assert root.imports == {} and root.dot_imports == set()


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("net/http", "http"),
        ("fmt", "fmt"),
        ("github.com/jackc/pgx/v5", "pgx"),
        ("gopkg.in/yaml.v3", "yaml"),
        ("gopkg.in/check.v1", "check"),
        ("github.com/mattn/go-isatty", "isatty"),
        ("C", "C"),
    ],
)
def test_the_assumed_name_of_an_import_path(path, name):
    assert import_name(path) == name


def test_columns_count_code_points_not_bytes():
    text = 'package p\n\nimport "net/http"\n\nvar café, s = "日本語", &http.Client{Timeout: 1}\n'
    match = only(literals(text, "net/http", "Client"))
    literal = match["literal"]
    assert literal.span == Span(5, 23, 5, 46)
    assert covered(text, literal.span) == "http.Client{Timeout: 1}"
    field = match["body"].value["Timeout"]
    assert covered(text, field.key_span) == "Timeout"
    assert covered(text, field.span) == "1"


def test_a_byte_order_mark_is_skipped_and_not_counted():
    text = '\ufeffpackage p\n\nimport "net/http"\n\nvar c = http.Client{}\n'
    doc = parse(text)
    assert doc.root.value["package"].span == Span(1, 9, 1, 10)
    assert only(literals(text))["literal"].span == Span(5, 9, 5, 22)


def test_comments_line_and_block_with_spans_in_document_order():
    text = (
        "// Package p does things.\r\n"
        "package p\r\n"
        "\r\n"
        "/* block\r\n"
        "   comment */\r\n"
        'var s = "// not a comment" // trailing é\r\n'
        "func f() { /* inner */ } //nolint\r\n"
    )
    comments = parse(text).comments
    texts = [" Package p does things.", " block\r\n   comment ", " trailing é", " inner ", "nolint"]
    assert [c.text for c in comments] == texts
    assert all(isinstance(c, Comment) for c in comments)
    assert comments[0].span == Span(1, 1, 1, 26)  # the carriage return is not part of it
    assert comments[1].span == Span(4, 1, 5, 14)
    assert comments[2].span == Span(6, 28, 6, 41)
    assert comments[3].span == Span(7, 12, 7, 23)


def test_comments_are_read_only_where_a_suppression_could_stand():
    # They serve suppressions (ours, gosec's, golangci-lint's) and the generated mark, nothing else.
    assert parse("// Package p does things.\npackage p\n\nfunc f() {} // fine\n").comments == []
    assert len(parse("package p\n\nfunc f() {} // remdev-lint: ignore[GH001]\n").comments) == 1


# --- generated files ------------------------------------------------------------------------------


def generated(text: str) -> bool:
    doc = parse(text)
    if len(doc) == 4:  # Document.generated has landed
        assert doc[3] == doc.root.generated
    return doc.root.generated


@pytest.mark.parametrize(
    "text",
    [
        "// Code generated by protoc-gen-go. DO NOT EDIT.\n\npackage p\n",
        "// Copyright 2024 Example\n\n// Code generated by mockgen. DO NOT EDIT.\r\n\r\npackage p\r\n",
        "//go:build linux\n// Code generated by stringer -type=Kind; DO NOT EDIT.\npackage p\n",
    ],
)
def test_generated_files_are_detected_as_go_does(text):
    assert generated(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "package p\n\n// Code generated by protoc-gen-go. DO NOT EDIT.\n",  # after the package clause
        "// Code generated by protoc-gen-go. Do not edit.\npackage p\n",
        "// Code generated by protoc-gen-go; DO NOT EDIT\npackage p\n",  # no period
        "// code generated by hand. DO NOT EDIT.\npackage p\n",
        "// Code generated DO NOT EDIT.\npackage p\n",  # nothing between: Go needs the spaces
        "// This file: Code generated by x. DO NOT EDIT.\npackage p\n",  # not at line start
        "package p\n",
    ],
)
def test_files_that_are_not_generated(text):
    assert generated(text) is False


# --- syntax errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("package p\n\nfunc f() {\n", 3, 10, "syntax error: unclosed `{`"),
        ("package p\n\nfunc f() {\n\tx := 1\n", 4, 8, "syntax error: missing `}`"),
        ("package p\n\nfunc f() {\n\tif x {\n\t}\n", 5, 3, "syntax error: missing `}`"),
        ("package p\n\nfunc f() {\n\tg(1, 2\n}\n", 4, 8, "syntax error: missing `)`"),
        ("package p\n\n}\n", 3, 1, "syntax error: unexpected `}`"),
        ("package p\n\nfunc f() {\n\tx = 1 2\n}\n", 4, 6, "syntax error: unexpected `1`"),
        ('package p\n\nvar s = "é\n', 3, 9, "string literal not terminated"),
        ("package p\n\nvar x = 1 +\n", 3, 12, "syntax error: missing identifier"),
        (
            'package p\n\nvar x = 1\n\nimport "fmt"\n',
            5,
            1,
            "syntax error: imports must appear before other declarations",
        ),
        ("package p\n\nx := 1\n", 3, 1, "syntax error: non-declaration statement outside function body"),
    ],
)
def test_syntax_errors_are_reported_at_the_first_error(text, line, column, message):
    error = first_error(text)
    assert (error.line, error.column, error.message) == (line, column, message)


def first_error(text: str) -> ParseError:
    """The error a file is reported with: the one parse raises (nothing to lint), else the
    first one it recovered from (the rest of the file is linted)."""
    try:
        errors = parse(text).errors
    except ParseError as error:
        return error
    assert len(errors) == 1
    return errors[0]


def test_a_file_without_a_package_clause_is_not_linted():
    for text in ('import "fmt"\n\npackage p\n', "// just a comment\n", "x := 1\n"):
        with pytest.raises(ParseError, match="package statement must be first"):
            parse(text)


def test_error_column_counts_code_points():
    error = first_error('package p\n\nfunc f() { g("é", "ü" ) ) }\n')
    assert (error.line, error.column) == (3, 25)


def test_generics_cgo_and_build_tags_parse():
    text = """//go:build linux && cgo
// +build linux,cgo

package p

/*
#include <stdlib.h>
*/
import "C"

import "sync/atomic"

type Set[K comparable] map[K]struct{}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Free(p *C.char) { C.free(unsafe.Pointer(p)) } //nolint:gosec

var c = atomic.Pointer[Config]{}
"""
    doc = parse(text)
    assert doc.root.imports["C"] == "C"
    assert doc.comments[0].text == "go:build linux && cgo"
    assert doc.comments[2].text == "\n#include <stdlib.h>\n"
    assert doc.root.generated is False
    calls = doc.root.query('((call_expression function: (_) @f) @call (#qualified? @f "C" "free"))')
    assert [covered(text, m.span) for m in calls] == ["C.free(unsafe.Pointer(p))"]
    pointers = literals(text, "sync/atomic", "Pointer")
    assert [covered(text, m.span) for m in pointers] == ["atomic.Pointer[Config]{}"]


# --- queries --------------------------------------------------------------------------------------

CLIENTS = """package p

import {imports}

var a = http.Client{{Timeout: 1}}
var b = &resty.Client{{}}
var c = Client{{}}
"""


@pytest.mark.parametrize(
    ("imports", "expected"),
    [
        ('"net/http"', ["http.Client{Timeout: 1}"]),
        ('(\n\thttp "net/http"\n\t"github.com/go-resty/resty/v2"\n)', ["http.Client{Timeout: 1}"]),
        ('. "net/http"', ["Client{}"]),
        ('"example.com/internal/http"', []),  # another package named http
        ('(\n\tnethttp "net/http"\n\t"example.com/internal/http"\n)', []),  # http.X is not net/http here
        ('"github.com/go-resty/resty/v2"', []),
    ],
)
def test_qualified_matches_the_package_as_the_file_imports_it(imports, expected):
    text = CLIENTS.format(imports=imports)
    assert [covered(text, m.value["literal"].span) for m in literals(text, "net/http", "Client")] == expected


def test_qualified_with_an_alias():
    text = 'package p\n\nimport nethttp "net/http"\n\nvar a = nethttp.Server{}\nvar b = http.Server{}\n'
    assert [covered(text, m.span) for m in literals(text, "net/http", "Server")] == ["nethttp.Server{}"]


def test_qualified_on_calls_names_and_any_member():
    text = """package p

import "net/http"

func main() {
	http.ListenAndServe(":8080", nil)
	http.Get("http://x")
	srv.ListenAndServe()
	http.NewRequest("GET", "/", nil)
}
"""
    root = parse(text).root
    calls = root.query('((call_expression function: (_) @f) @c (#qualified? @f "net/http" "ListenAndServe" "Get"))')
    assert [covered(text, m.value["f"].span) for m in calls] == ["http.ListenAndServe", "http.Get"]
    every = root.query('((call_expression function: (_) @f) @c (#qualified? @f "net/http"))')
    assert [m.value["f"].value for m in every] == ["http.ListenAndServe", "http.Get", "http.NewRequest"]


def test_builtin_predicates_work():
    text = "package p\n\nvar a, b, c = 1, 2, 3\n\nfunc main() { a = b }\n"
    root = parse(text).root
    assert [m.value["i"].value for m in root.query('((identifier) @i (#eq? @i "b"))')] == ["b", "b"]
    assert [m.value["i"].value for m in root.query('((identifier) @i (#any-of? @i "a" "c"))')] == ["a", "c", "a"]
    assert [m.value["i"].value for m in root.query('((identifier) @i (#match? @i "^[ab]$"))')] == ["a", "b", "a", "b"]
    names = [m.value["i"].value for m in root.query('((identifier) @i (#not-eq? @i "a"))')]
    assert names == ["b", "c", "main", "b"]


def test_invalid_queries_are_errors():
    root = parse("package p\n").root
    with pytest.raises(ValueError, match="unknown query predicate #same"):
        root.query('((identifier) @i (#same? @i "x"))')
    with pytest.raises(ValueError):
        root.query("((identifer) @i)")


def test_matches_come_in_document_order_and_span_their_captures():
    text = """package p

import "net/http"

var outer = http.Server{Handler: h(http.Client{}), TLSConfig: nil}
var later = http.Client{}
"""
    matches = parse(text).root.query(
        '((composite_literal type: (_) @type) @lit (#qualified? @type "net/http" "Client" "Server"))'
    )
    assert [covered(text, m.span) for m in matches] == [
        "http.Server{Handler: h(http.Client{}), TLSConfig: nil}",
        "http.Client{}",
        "http.Client{}",
    ]
    assert [m.span.line for m in matches] == [5, 5, 6]
    pair = parse(text).root.query("(keyed_element key: (_) @key element: (_) @value)")
    assert covered(text, pair[0].span) == "Handler: h(http.Client{})"


def test_quantified_captures_are_sequences_and_absent_when_empty():
    text = 'package p\n\nfunc main() {\n\tf()\n\tg(1, "x")\n}\n'
    pattern = '(call_expression function: (identifier) @f arguments: (arguments ((_) @args ("," (_) @args)*)?))'
    matches = parse(text).root.query(pattern)
    assert [m.value["f"].value for m in matches] == ["f", "g"]
    assert "args" not in matches[0].value
    assert [arg.value for arg in matches[1].value["args"].value] == ["1", '"x"']


def test_a_literal_value_is_a_mapping_of_its_keyed_fields():
    text = """package p

import (
	"net/http"
	"time"
)

var s = http.Server{
	Addr:              ":8080",
	ReadHeaderTimeout: 5 * time.Second,
	TLSConfig:         &tls.Config{MinVersion: tls.VersionTLS12},
}
var xs = []http.Header{{"a": nil}, nil}
"""
    body = only(literals(text, "net/http", "Server"))["body"]
    fields = body.value
    assert list(fields) == ["Addr", "ReadHeaderTimeout", "TLSConfig"]
    assert fields["Addr"].value == '":8080"'
    assert covered(text, fields["ReadHeaderTimeout"].key_span) == "ReadHeaderTimeout"
    assert covered(text, fields["ReadHeaderTimeout"].span) == "5 * time.Second"
    assert fields["ReadHeaderTimeout"].typed("duration") == 5.0
    nested = parse(text).root.query("(composite_literal type: (qualified_identifier) @t value: (literal_value) @body)")
    assert [m.value["body"].plain() for m in nested] == [
        {
            "Addr": '":8080"',
            "ReadHeaderTimeout": "5 * time.Second",
            "TLSConfig": {"MinVersion": "tls.VersionTLS12"},  # a literal given as a field reads as one
        },
        {"MinVersion": "tls.VersionTLS12"},
    ]
    assert fields["TLSConfig"].value["MinVersion"].value == "tls.VersionTLS12"
    assert covered(text, fields["TLSConfig"].span) == "&tls.Config{MinVersion: tls.VersionTLS12}"
    # unkeyed elements and map keys that are not field names are left out
    slices = parse(text).root.query("(composite_literal type: (slice_type) value: (literal_value) @body)")
    assert only(slices)["body"].value == {}


# --- constant durations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "seconds"),
    [
        ("30 * time.Second", 30.0),
        ("time.Minute", 60.0),
        ("2 * time.Hour", 7200.0),
        ("500 * time.Millisecond", 0.5),
        ("250 * time.Microsecond", 0.00025),
        ("1500 * time.Nanosecond", 1.5e-6),
        ("1.5 * time.Second", 1.5),
        ("time.Minute + 30*time.Second", 90.0),
        ("time.Minute - time.Second", 59.0),
        ("-time.Second", -1.0),
        ("+(2 * (time.Second))", 2.0),
        ("time.Duration(3) * time.Second", 3.0),
        ("time.Duration(1_000_000_000)", 1.0),
        ("0x3B9ACA00", 1.0),  # an untyped constant is nanoseconds
        ("0", 0.0),
        ("10", 1e-8),
    ],
)
def test_constant_durations(body, seconds):
    assert expression(body).typed("duration") == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("body", "number"),
    [
        ("1_000", 1000),
        ("0x1F", 31),
        ("0o17", 15),
        ("017", 15),
        ("0b101", 5),
        ("1e3", 1000.0),
        ("0x1p-2", 0.25),
        ("(7)", 7),
    ],
)
def test_constant_numbers(body, number):
    value = expression(body).typed("number")
    assert value == number and type(value) is type(number)


def test_constants_declared_in_the_file():
    decls = """const (
	base    = 10 * time.Second
	timeout = base + 5*time.Second
	a, b    = 1, 2 * time.Minute
)"""
    assert expression("timeout", decls=decls).typed("duration") == 15.0
    assert expression("b", decls=decls).typed("duration") == 120.0
    assert expression("later", decls="const later = 7 * time.Second").typed("duration") == 7.0


def test_constants_in_the_enclosing_function():
    text = """package p

import "time"

const limit = time.Second

func f() {
	const limit = 3 * time.Second
	c := T{X: limit}
}

func g() {
	c := T{X: limit}
	if limit := 10; true {
		d := T{X: limit}
	}
}
"""
    bodies = [m.value["body"].value["X"] for m in parse(text).root.query("(literal_value) @body")]
    assert [b.typed("duration") for b in bodies] == [3.0, 1.0, None]


def test_aliased_and_dot_imported_time():
    assert expression("3 * stdtime.Second", imports='stdtime "time"').typed("duration") == 3.0
    assert expression("3 * time.Second", imports='stdtime "time"').typed("duration") is None
    assert expression("Duration(2) * Minute", imports='. "time"').typed("duration") == 120.0
    assert expression("3 * time.Second", imports='"example.com/time"').typed("duration") is None


@pytest.mark.parametrize(
    ("body", "decls"),
    [
        ("timeout()", ""),
        ("d", "var d = time.Second"),
        ("cfg.Timeout", ""),
        ("time.Second / 2", ""),
        ("time.ParseDuration", ""),
        ("loop", "const loop = other\nconst other = loop"),
        ("n", "const (\n\tm = iota\n\tn\n)"),
        ('"5s"', ""),
        ("1i", ""),
    ],
)
def test_unknown_values(body, decls):
    assert expression(body, decls=decls).typed("duration") is None
    assert expression(body, decls=decls).typed("number") is None


def test_a_variable_shadows_a_constant_and_a_local_duration_is_not_times():
    text = """package p

import . "time"

const t = Second

func Duration(n int) int { return n }

func f(t int) {
	c := T{X: t, Y: Duration(5), Z: Second}
}
"""
    fields = only(parse(text).root.query("(literal_value) @body"))["body"].value
    assert fields["X"].typed("duration") is None
    assert fields["Y"].typed("duration") is None
    assert fields["Z"].typed("duration") == 1.0


def test_other_grammars_are_not_typed():
    assert expression("time.Second").typed("version") is None


def test_constant_value_accepts_syntax_nodes_and_tree_nodes():
    node = expression("2 * time.Second")
    assert constant_value(node, node.file) == 2_000_000_000
    assert constant_value(node.syntax, node.file) == 2_000_000_000


# --- bindings and later assignments ---------------------------------------------------------------

BINDINGS = """package p

import "net/http"

var global = &http.Server{}
var (
	grouped http.Server
	one, two = 1, http.Server{}
)

func f() (*http.Server, error) {
	short := http.Server{}
	var assigned *http.Server
	assigned = (&http.Server{})
	first, second := 1, http.Server{}
	_ = http.Server{}
	x := []http.Server{http.Server{}}
	use(http.Server{})
	srv.inner = &http.Server{}
	return &http.Server{}, nil
}
"""


def test_binding_of_each_form():
    matches = literals(BINDINGS, "net/http", "Server")
    found = [(m.value["literal"].span.line, m.value["literal"].binding()) for m in matches]
    assert found == [
        (5, "global"),
        (8, "two"),
        (12, "short"),
        (14, "assigned"),
        (15, "second"),
        (16, None),  # blank
        (17, None),  # element of another literal
        (18, None),  # call argument
        (19, None),  # a field, not a variable
        (20, None),  # return value
    ]


def test_binding_of_a_var_spec_without_value():
    root = parse(BINDINGS).root
    specs = root.query('((var_spec type: (_) @type) @spec (#qualified? @type "net/http" "Server"))')
    assert [(m.value["spec"].binding(), m.span.line) for m in specs] == [("grouped", 7)]
    pointers = root.query('((var_spec type: (pointer_type (_) @type)) @spec (#qualified? @type "net/http" "Server"))')
    assert [(m.value["spec"].binding(), m.span.line) for m in pointers] == [("assigned", 13)]


LATER = """package p

import (
	"net/http"
	"time"
)

func before() {
	srv.ReadTimeout = time.Second
}

func serve() {
	srv.ReadHeaderTimeout = time.Minute
	srv := &http.Server{Addr: ":80"}
	other.ReadHeaderTimeout = time.Hour
	srv.ReadHeaderTimeout = 5 * time.Second
	srv.ReadHeaderTimeout += time.Second
	go func() {
		srv.WriteTimeout = 10 * time.Second
	}()
	srv.Addr, srv.IdleTimeout = ":81", time.Minute
}

func elsewhere() {
	srv.ReadHeaderTimeout = 2 * time.Second
}

func closure() {
	f := func() {
		c := &http.Client{}
		c.Timeout = time.Second
	}
	c.Timeout = time.Hour
}

var top = http.Client{}

func init() {
	top.Timeout = 3 * time.Second
}
"""


def test_assigned_later_in_the_same_function():
    server = only(literals(LATER, "net/http", "Server"))["literal"]
    assert [(v.value, v.span.line) for v in server.assigned_later("ReadHeaderTimeout")] == [("5 * time.Second", 16)]
    assert [v.typed("duration") for v in server.assigned_later("WriteTimeout")] == [10.0]  # in a closure inside
    assert [v.value for v in server.assigned_later("IdleTimeout")] == ["time.Minute"]
    assert server.assigned_later("ReadTimeout") == []  # only in another function, before


def test_assigned_later_inside_a_function_literal_and_at_file_level():
    clients = literals(LATER, "net/http", "Client")
    inner, top = (m.value["literal"] for m in clients)
    assert [v.value for v in inner.assigned_later("Timeout")] == ["time.Second"]  # not the one after the closure
    assert [v.typed("duration") for v in top.assigned_later("Timeout")] == [3.0]


def test_assigned_later_without_binding_is_empty():
    text = 'package p\n\nimport "net/http"\n\nfunc f() {\n\tuse(&http.Client{})\n\tc.Timeout = 1\n}\n'
    assert only(literals(text, "net/http", "Client"))["literal"].assigned_later("Timeout") == []


# --- cost -----------------------------------------------------------------------------------------


def test_importing_the_format_does_not_import_tree_sitter():
    code = "import sys, remdev_lint.formats.go; print(any(m.startswith('tree_sitter') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_name_prefilter_changes_no_match():
    # compile_query puts a #match? on the member name before every #qualified? (a speed-up:
    # tree-sitter tests it in C); the matches must be exactly those of #qualified? alone.
    from remdev_lint.formats import go as go_format

    source = (
        'package p\n\nimport (\n\th "net/http"\n\t. "net/http"\n)\n\n'
        "var a = h.\n\tGet\nvar b = h.Client[int]{}\nvar c = Get\nvar d = h.GetX\nvar e = x.Get\n"
    )
    file = go_format.parse(source).root
    pattern = '([(selector_expression) (identifier) (generic_type) (composite_literal)] @ref (#qualified? @ref "net/http" "Get" "Client"))'
    with_prefilter = [m.value["ref"].span for m in file.query(pattern)]
    raw = go_format._QUERIES.pop(pattern)
    try:
        import tree_sitter

        go_format._QUERIES[pattern] = tree_sitter.Query(go_format._language(), pattern)  # no prefilter
        file._results.clear()
        without = [m.value["ref"].span for m in file.query(pattern)]
    finally:
        go_format._QUERIES[pattern] = raw
    assert with_prefilter == without
    assert [span.line for span in with_prefilter] == [8, 10, 11]  # h.Get over two lines, h.Client[int], Get
