"""The Go source rules GH001-GH005 (rules/go-http.yaml), end to end: Go files written into a
temporary folder, the real CLI run over them with ``--select GH``, and the exact (line, column,
rule) of what it reports. Covered: the ways a file imports net/http and the packages that only
look like it, each rule's positives and negatives, constant durations, later assignments,
options from the configuration, skipped files (tests, testdata, generated), syntax errors,
suppressions, messages, and code-point columns.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import json_diagnostics, run_cli, write

HEAD = 'package api\n\nimport (\n\t"net/http"\n\t"time"\n)\n\n'  # lines 1-7; line 8 is a case's first


def source(*lines: str) -> str:
    """HEAD and then these lines: the first is line 8."""
    return HEAD + "\n".join(lines) + "\n"


def diagnostics(cwd: Path, *args: str, select: str = "GH") -> list[dict]:
    return json_diagnostics(cwd, *args, select=select)


def places(cwd: Path, *args: str, select: str = "GH") -> list[tuple[int, int, str]]:
    """(line, column, rule) of what a run reports (the case lints one file)."""
    return [(d["line"], d["column"], d["rule"]) for d in diagnostics(cwd, *args, select=select)]


def lint(tmp_path: Path, text: str, *args: str, name: str = "client.go", select: str = "GH") -> list[tuple]:
    write(tmp_path, name, text)
    return places(tmp_path, *args, select=select)


def messages(tmp_path: Path, text: str, name: str = "client.go") -> dict[tuple[int, int, str], str]:
    write(tmp_path, name, text)
    return {(d["line"], d["column"], d["rule"]): d["message"] for d in diagnostics(tmp_path)}


# --- how a file imports net/http -----------------------------------------------------------------

IMPORT_FORMS = {
    "plain": ('import "net/http"\n', "http."),
    "raw-string": ("import `net/http`\n", "http."),
    "alias": ('import nethttp "net/http"\n', "nethttp."),
    "dot": ('import . "net/http"\n', ""),
    "grouped": ('import (\n\t"fmt"\n\t"net/http"\n)\n', "http."),
    "grouped-alias": ('import (\n\tnethttp "net/http"\n\t"os"\n)\n', "nethttp."),
    "grouped-one-line": ('import ("os"; "net/http")\n', "http."),
    "two-declarations": ('import "os"\nimport web "net/http"\n', "web."),
}


@pytest.mark.parametrize("form", list(IMPORT_FORMS))
def test_every_import_form_of_net_http_is_recognised(tmp_path, form):
    imports, q = IMPORT_FORMS[form]
    text = (
        f"package api\n\n{imports}\n"
        f"var c = &{q}Client{{}}\n"
        f'var r, _ = {q}Get("http://example.com")\n'
        f'func main() {{ _ = {q}ListenAndServe(":8080", nil) }}\n'
        f"var s = {q}Server{{}}\n"
    )
    first = text[: text.index("var c")].count("\n") + 1
    width = len(q)

    assert lint(tmp_path, text) == [
        (first, 10, "GH001"),
        (first + 1, 12, "GH002"),
        (first + 2, 19, "GH005"),
        (first + 3, 9, "GH004"),
    ]
    # A second finding on the line starts after the first qualified name, however long it is.
    write(tmp_path, "client.go", f"package api\n\n{imports}\nvar a, b = &{q}Client{{}}, {q}DefaultClient\n")
    line = f"package api\n\n{imports}\n".count("\n") + 1
    assert places(tmp_path) == [(line, 13, "GH001"), (line, 13 + width + len("Client{}, "), "GH002")]


OTHER_PACKAGES = {
    "internal-http": 'http "example.com/internal/http"',
    "unaliased-internal-http": '"example.com/internal/http"',
    "go-prefixed-http": '"example.com/go-http"',
    "versioned-http": '"example.com/http/v2"',
}


@pytest.mark.parametrize("imported", list(OTHER_PACKAGES))
def test_another_package_named_http_is_never_reported(tmp_path, imported):
    # net/http is imported too (blank), so the file is parsed and its names resolved.
    text = (
        f'package api\n\nimport (\n\t{OTHER_PACKAGES[imported]}\n\t_ "net/http"\n)\n\n'
        "var c = &http.Client{}\n"
        "var s = &http.Server{}\n"
        "var d = http.DefaultClient\n"
        'var r, _ = http.Get("http://example.com")\n'
        "func init() {\n"
        "\tc2 := new(http.Client)\n"
        "\tvar s2 http.Server\n"
        '\t_ = http.ListenAndServe(":8080", nil)\n'
        "\t_, _ = c2, s2\n"
        "}\n"
    )

    assert lint(tmp_path, text) == []


def test_net_http_aliased_beside_a_local_package_named_http(tmp_path):
    text = (
        "package api\n\n"
        "import (\n"
        '\thttp "example.com/internal/http"\n'
        '\tnethttp "net/http"\n'
        ")\n\n"
        "var a = &http.Client{}\n"  # 8: the local package
        "var b = &nethttp.Client{}\n"  # 9
        'var r, _ = http.Get("x")\n'  # 10
        'var q, _ = nethttp.Get("x")\n'  # 11
    )

    assert lint(tmp_path, text) == [(9, 10, "GH001"), (11, 12, "GH002")]


def test_clients_and_servers_of_other_libraries_are_not_reported(tmp_path):
    text = (
        "package api\n\n"
        "import (\n"
        '\t"net/http"\n'
        '\t"time"\n\n'
        '\t"github.com/go-resty/resty/v2"\n'
        '\t"github.com/valyala/fasthttp"\n'
        '\t"google.golang.org/grpc"\n'
        ")\n\n"
        "var a = &resty.Client{}\n"
        "var b = resty.New()\n"
        "var c = &fasthttp.Client{}\n"
        "var d = fasthttp.Server{}\n"
        "var e = grpc.Server{}\n"
        "var f = new(grpc.Server)\n"
        "var g grpc.Server\n"
        "var h fasthttp.Client\n"
        "var ok = &http.Client{Timeout: time.Second}\n"
        "func main() {\n"
        '\t_ = fasthttp.ListenAndServe(":8080", nil)\n'
        '\t_, _, _ = fasthttp.Get(nil, "http://example.com")\n'
        "\t_ = e.Serve(nil)\n"
        "}\n"
    )

    assert lint(tmp_path, text) == []


@pytest.mark.parametrize(
    "mention",
    [
        '// This client talks to "net/http" servers.\n',
        '/* import "net/http" */\n',
        'const doc = "import \\"net/http\\""\n',
        'const doc = `import "net/http"`\n',
    ],
    ids=["line-comment", "block-comment", "string", "raw-string"],
)
def test_net_http_only_in_a_comment_or_string_is_not_an_import(tmp_path, mention):
    text = (
        "package api\n\n"
        'import "example.com/internal/http"\n\n'
        + mention
        + "var c = &http.Client{}\n"
        + 'var r, _ = http.Get("x")\n'
        + "var s = http.Server{}\n"
    )

    assert lint(tmp_path, text) == []


def test_a_subpackage_of_net_http_is_not_net_http(tmp_path):
    text = (
        "package api\n\n"
        'import "net/http/httptest"\n\n'
        "var srv = httptest.NewServer(nil)\n"
        "var c = srv.Client()\n"
        'var r = httptest.NewRequest("GET", "/", nil)\n'
    )

    assert lint(tmp_path, text) == []


# --- GH001: a client without a positive Timeout --------------------------------------------------


def test_gh001_pointer_value_and_zero_or_negative_timeouts(tmp_path):
    text = source(
        "var a = &http.Client{}",  # 8
        "var b = http.Client{Transport: http.DefaultTransport}",  # 9
        "var c = &http.Client{Timeout: 2 * time.Second}",  # 10: fine
        "var d = &http.Client{Timeout: 0}",  # 11
        "var e = &http.Client{Timeout: -1}",  # 12
        "var f = &http.Client{Timeout: -2 * time.Second}",  # 13
        "var g = &http.Client{Timeout: 0 * time.Second}",  # 14
        "var h = &http.Client{Timeout: time.Duration(0)}",  # 15
        "var i = &http.Client{Timeout: 1}",  # 16: one nanosecond is positive
        "var j = http.Client{\n\tTransport: http.DefaultTransport,\n\tTimeout:   0,\n}",  # 17-20
        "var k = &http.Client{Timeout: /* off */ 0}",  # 21: at the value, after the comment
    )

    assert lint(tmp_path, text) == [
        (8, 10, "GH001"),
        (9, 9, "GH001"),
        (11, 31, "GH001"),
        (12, 31, "GH001"),
        (13, 31, "GH001"),
        (14, 31, "GH001"),
        (15, 31, "GH001"),
        (19, 13, "GH001"),
        (21, 41, "GH001"),
    ]


def test_gh001_nested_literals(tmp_path):
    text = source(
        "type Service struct{ client *http.Client }",  # 8
        "",
        "var svc = Service{client: &http.Client{}}",  # 10
        "var all = []*http.Client{&http.Client{}, &http.Client{Timeout: time.Second}}",  # 11
        'var byName = map[string]http.Client{"a": http.Client{}}',  # 12
        'var deep = map[string][]Service{"x": {{client: &http.Client{Timeout: 0}}}}',  # 13
        "",
        "func newClient() *http.Client {",  # 15
        "\treturn &http.Client{}",  # 16
        "}",
        "",
        "func pair() (*http.Client, error) { return &http.Client{}, nil }",  # 19
        "",
        "func use(c *http.Client) {}",  # 21
        "",
        "func main() { use(&http.Client{}) }",  # 23
        "",
        "var viaFunc = func() *http.Client { return &http.Client{Timeout: time.Second} }()",  # 25: fine
    )

    assert lint(tmp_path, text) == [
        (10, 28, "GH001"),
        (11, 27, "GH001"),
        (12, 42, "GH001"),
        (13, 70, "GH001"),
        (16, 10, "GH001"),
        (19, 45, "GH001"),
        (23, 20, "GH001"),
    ]


def test_gh001_constant_durations_are_evaluated(tmp_path):
    text = source(
        "const short = 2 * time.Second",  # 8
        "const zero = 0 * time.Second",  # 9
        "const (",  # 10
        "\tbase     = 500 * time.Millisecond",  # 11
        "\tdoubled  = base * 2",  # 12
        "\tnegative = -base",  # 13
        ")",  # 14
        "var a = &http.Client{Timeout: short}",  # 15: fine
        "var b = &http.Client{Timeout: time.Duration(2) * time.Second}",  # 16: fine
        "var c = &http.Client{Timeout: zero}",  # 17
        "var d = &http.Client{Timeout: (short - 2*time.Second)}",  # 18
        "var e = &http.Client{Timeout: doubled}",  # 19: fine
        "var f = &http.Client{Timeout: negative}",  # 20
        "var g = &http.Client{Timeout: 1_500 * time.Millisecond}",  # 21: fine
        "var h = &http.Client{Timeout: 0x0 * time.Second}",  # 22
        "const typed time.Duration = 0",  # 23
        "var i = &http.Client{Timeout: typed}",  # 24
        "var j = &http.Client{Timeout: declaredLater}",  # 25: package constants are in scope everywhere
        "const declaredLater = -time.Second",  # 26
    )

    assert lint(tmp_path, text) == [
        (17, 31, "GH001"),
        (18, 31, "GH001"),
        (20, 31, "GH001"),
        (22, 31, "GH001"),
        (24, 31, "GH001"),
        (25, 31, "GH001"),
    ]


def test_gh001_a_constant_longer_than_max_timeout_is_gh003_not_gh001(tmp_path):
    text = source(
        "const t = 5 * time.Second",  # 8
        "var a = &http.Client{Timeout: t}",  # 9
        "var b = &http.Client{Timeout: time.Duration(5) * time.Second}",  # 10
    )

    assert lint(tmp_path, text) == [(9, 31, "GH003"), (10, 31, "GH003")]


@pytest.mark.parametrize(
    ("imports", "unit"),
    [('stdtime "time"', "stdtime.Second"), ('. "time"', "Second")],
    ids=["aliased", "dot-imported"],
)
def test_gh001_time_imported_under_another_name(tmp_path, imports, unit):
    text = (
        "package api\n\n"
        f'import (\n\t"net/http"\n\t{imports}\n)\n\n'  # lines 1-7
        f"var a = &http.Client{{Timeout: 2 * {unit}}}\n"  # 8: fine
        f"var b = &http.Client{{Timeout: 0 * {unit}}}\n"  # 9
        f"var c = &http.Client{{Timeout: -{unit}}}\n"  # 10
    )

    assert lint(tmp_path, text) == [(9, 31, "GH001"), (10, 31, "GH001")]


def test_gh001_a_timeout_computed_at_run_time_counts_as_set(tmp_path):
    text = source(
        "type Config struct{ Timeout time.Duration }",  # 8
        "",
        "var zero time.Duration",  # 10: a variable, not a constant: never judged
        "",
        "func clients(cfg Config, d time.Duration) []*http.Client {",
        "\treturn []*http.Client{",
        "\t\t&http.Client{Timeout: d},",
        "\t\t&http.Client{Timeout: cfg.Timeout},",
        "\t\t&http.Client{Timeout: zero},",
        "\t\t&http.Client{Timeout: time.Duration(cfg.Timeout.Seconds()) * time.Second},",
        "\t}",
        "}",
    )

    assert lint(tmp_path, text) == []


def test_gh001_new_and_var(tmp_path):
    text = source(
        "var a = new(http.Client)",  # 8
        "var b http.Client",  # 9
        "var c *http.Client",  # 10: a nil pointer makes no client
        "var d http.Client = http.Client{Timeout: time.Second}",  # 11: fine
        "var e http.Client = http.Client{}",  # 12: reported at the literal
        "var (",  # 13
        "\tf http.Client",  # 14
        "\tg *http.Client",  # 15
        "\th = new(http.Client)",  # 16
        ")",
        "",
        "func local() {",  # 19
        "\tvar i http.Client",  # 20
        "\tj := new(http.Client)",  # 21
        "\tvar k []http.Client",  # 22: a nil slice: no client
        "\t_, _, _ = i, j, k",
        "}",
    )

    assert lint(tmp_path, text) == [
        (8, 13, "GH001"),
        (9, 7, "GH001"),
        (12, 21, "GH001"),
        (14, 4, "GH001"),
        (16, 10, "GH001"),
        (20, 8, "GH001"),
        (21, 11, "GH001"),
    ]


def test_gh001_var_with_several_names_reports_each_name(tmp_path):
    write(tmp_path, "client.go", source("var a, b http.Client"))  # 8

    found = diagnostics(tmp_path)

    # One finding per client, both at the type; each message names its variable.
    assert [(d["line"], d["column"], d["rule"], d["message"].split("`")[1]) for d in found] == [
        (8, 10, "GH001", "var a http.Client"),
        (8, 10, "GH001", "var b http.Client"),
    ]


def test_gh001_var_with_several_names_tells_their_later_assignments_apart(tmp_path):
    text = source(
        "func f() {",  # 8
        "\tvar a, b http.Client",  # 9: only b gets a Timeout
        "\tb.Timeout = time.Second",
        "\t_, _ = a, b",
        "}",
        "",
        "func g() {",  # 14
        "\tvar a, b http.Client",  # 15: only a gets a Timeout
        "\ta.Timeout = time.Second",
        "\t_, _ = a, b",
        "}",
    )
    write(tmp_path, "client.go", text)

    found = diagnostics(tmp_path)

    assert [(d["line"], d["column"], d["rule"], d["message"].split("`")[1]) for d in found] == [
        (9, 11, "GH001", "var a http.Client"),
        (15, 11, "GH001", "var b http.Client"),
    ]


def test_gh001_timeout_assigned_later(tmp_path):
    text = source(
        "func sameFunction() *http.Client {",  # 8
        "\tc := &http.Client{}",  # 9: fine
        "\tc.Timeout = 3 * time.Second",
        "\treturn c",
        "}",
        "",
        "func otherFunction() *http.Client {",  # 14
        "\tc := &http.Client{}",  # 15: set in another function only
        "\treturn c",
        "}",
        "",
        "func setTimeout(c *http.Client) {",  # 19
        "\tc.Timeout = 3 * time.Second",
        "}",
        "",
        "func before() *http.Client {",  # 23
        "\tvar c *http.Client",
        "\tc.Timeout = 3 * time.Second",
        "\tc = &http.Client{}",  # 26: the assignment came before the literal
        "\treturn c",
        "}",
        "",
        "func zeroLater() *http.Client {",  # 30
        "\tc := new(http.Client)",  # 31: zero is no timeout
        "\tc.Timeout = 0",
        "\treturn c",
        "}",
        "",
        "func varLater() http.Client {",  # 36
        "\tvar c http.Client",  # 37: fine
        "\tc.Timeout = 2 * time.Second",
        "\treturn c",
        "}",
        "",
        "func computedLater(d time.Duration) *http.Client {",  # 42
        "\tc := &http.Client{}",  # 43: fine, a value computed at run time
        "\tc.Timeout = d",
        "\treturn c",
        "}",
        "",
        "func zeroThenSet() *http.Client {",  # 48
        "\tc := &http.Client{Timeout: 0}",  # 49: fine, set afterwards
        "\tc.Timeout = 2 * time.Second",
        "\treturn c",
        "}",
        "",
        "func inAClosure() *http.Client {",  # 54
        "\tc := &http.Client{}",  # 55: fine, nested function literals count
        "\tfunc() { c.Timeout = time.Second }()",
        "\treturn c",
        "}",
        "",
        "func otherVariable() *http.Client {",  # 60
        "\tc, d := &http.Client{}, &http.Client{}",  # 61: d's Timeout is set, not c's
        "\td.Timeout = time.Second",
        "\treturn c",
        "}",
        "",
        "func otherField() *http.Client {",  # 66
        "\tc := &http.Client{}",  # 67: a Transport is no Timeout
        "\tc.Transport = http.DefaultTransport",
        "\treturn c",
        "}",
        "",
        "func severalAtOnce() *http.Client {",  # 72
        "\tc := &http.Client{}",  # 73: fine
        "\tc.Transport, c.Timeout = nil, 2*time.Second",
        "\treturn c",
        "}",
    )

    assert lint(tmp_path, text) == [
        (15, 8, "GH001"),
        (26, 7, "GH001"),
        (31, 11, "GH001"),
        (61, 11, "GH001"),
        (67, 8, "GH001"),
    ]


def test_gh001_package_level_client_set_in_init(tmp_path):
    # No function holds the literal: a later assignment anywhere in the file counts.
    text = source(
        "var shared = &http.Client{}",  # 8: fine
        "var other = &http.Client{}",  # 9
        "",
        "func init() {",
        "\tshared.Timeout = 2 * time.Second",
        "\tother.Transport = nil",
        "}",
        "",
        "func get(u string) { _, _ = shared.Get(u); _, _ = other.Get(u) }",
    )

    assert lint(tmp_path, text) == [(9, 14, "GH001")]


def test_gh001_generics(tmp_path):
    text = source(
        "func newClient[T any](opts T) *http.Client {",  # 8
        "\treturn &http.Client{}",  # 9
        "}",
        "",
        "type Pool[T any] struct {",  # 12
        "\tclients []*http.Client",
        "\textra   T",
        "}",
        "",
        "func (p *Pool[T]) Add() {",  # 17
        "\tp.clients = append(p.clients, &http.Client{})",  # 18
        "}",
        "",
        "func (p *Pool[T]) Good() *http.Client {",  # 21
        "\tc := &http.Client{}",  # 22: fine
        "\tc.Timeout = time.Second",
        "\treturn c",
        "}",
        "",
        "func Map[K comparable, V any](m map[K]V) map[K]*http.Client {",  # 27
        "\treturn map[K]*http.Client{}",  # 28: a map, not a client
        "}",
        "",
        "var p = Pool[*http.Client]{extra: &http.Client{}}",  # 31
    )

    assert lint(tmp_path, text) == [(9, 10, "GH001"), (18, 33, "GH001"), (31, 36, "GH001")]


def test_gh001_cgo_file(tmp_path):
    text = (
        "package main\n\n"
        "/*\n"
        "#include <stdlib.h>\n"
        "*/\n"
        'import "C"\n\n'
        "import (\n"
        '\t"net/http"\n'
        '\t"unsafe"\n'
        ")\n\n"
        "var client = &http.Client{}\n"  # 13
        "\n"
        "func free(p unsafe.Pointer) { C.free(p) }\n"
    )

    assert lint(tmp_path, text, name="cgo.go") == [(13, 15, "GH001")]


@pytest.mark.parametrize(
    "constraint",
    ["//go:build linux\n", "//go:build linux && amd64\n// +build linux,amd64\n"],
    ids=["go-build", "with-plus-build"],
)
def test_gh001_build_tagged_file(tmp_path, constraint):
    text = constraint + '\npackage api\n\nimport "net/http"\n\nvar client = &http.Client{}\n'
    line = text.count("\n")

    assert lint(tmp_path, text, name="client_linux.go") == [(line, 15, "GH001")]


@pytest.mark.parametrize(
    "header",
    [
        "// Code generated by x. DO NOT EDIT.\n\n",
        "// Copyright 2024 The Authors.\n\n// Code generated by protoc-gen-go. DO NOT EDIT.\n// versions: x\n\n",
        "/*\nCode generated by hand? no.\n*/\n// Code generated by stringer; DO NOT EDIT.\n",
    ],
    ids=["first-line", "after-another-comment", "after-a-block-comment"],
)
def test_a_generated_file_is_skipped(tmp_path, header):
    text = header + (
        "package api\n\n"
        'import "net/http"\n\n'
        "var client = &http.Client{}\n"
        'var r, _ = http.Get("x") // remdev-lint: ignore[GH001]\n'
    )

    assert lint(tmp_path, text, name="client.pb.go", select="GH,RL") == []


@pytest.mark.parametrize(
    "text",
    [
        'package api\n\n// Code generated by x. DO NOT EDIT.\n\nimport "net/http"\n\nvar client = &http.Client{}\n',
        '// Code generated by x. DO NOT EDIT\n\npackage api\n\nimport "net/http"\n\nvar client = &http.Client{}\n',
        '// Note: Code generated by x. DO NOT EDIT.\n\npackage api\n\nimport "net/http"\n\nvar client = &http.Client{}\n',
    ],
    ids=["after-the-package-clause", "without-the-final-period", "not-at-the-line-start"],
)
def test_a_file_that_only_looks_generated_is_linted(tmp_path, text):
    assert lint(tmp_path, text) == [(7, 15, "GH001")]


def test_test_files_are_skipped_by_default(tmp_path):
    text = 'package api\n\nimport "net/http"\n\nvar c = &http.Client{}\nvar r, _ = http.Get("x")\n'
    write(tmp_path, "client_test.go", text)
    write(tmp_path, "testdata/client.go", text)

    assert places(tmp_path) == []
    assert places(tmp_path, "client_test.go", "testdata/client.go") == []


def test_include_tests_lints_test_files_for_that_rule_only(tmp_path):
    text = 'package api\n\nimport "net/http"\n\nvar c = &http.Client{}\nvar r, _ = http.Get("x")\n'
    write(tmp_path, "client_test.go", text)
    write(tmp_path, ".remdev-lint.toml", "[rules.GH001]\ninclude-tests = true\n")

    assert places(tmp_path) == [(5, 10, "GH001")]


def test_include_tests_and_testdata(tmp_path):
    text = 'package api\n\nimport "net/http"\n\nvar c = &http.Client{}\n'
    write(tmp_path, "testdata/client.go", text)
    write(tmp_path, ".remdev-lint.toml", "[rules.GH001]\ninclude-tests = true\n")

    # A folder walk never enters testdata/, as go itself does not; a file named there is linted.
    assert places(tmp_path) == []
    assert [(d["path"], d["line"], d["column"], d["rule"]) for d in diagnostics(tmp_path, "testdata/client.go")] == [
        ("testdata/client.go", 5, 10, "GH001")
    ]


SERVER = 'package {name}\n\nimport (\n{imports}\t"net/http"\n)\n\nvar S = &http.Server{{Addr: ":80"}}\n'


def server(name: str, *imports: str) -> str:
    """A Go file of package ``name`` whose line 8 makes a server without timeouts (GH004)."""
    return SERVER.format(name=name, imports="".join(f'\t"{path}"\n' for path in imports))


def reported_paths(cwd: Path, *args: str) -> list[str]:
    return sorted({d["path"] for d in diagnostics(cwd, *args)})


@pytest.mark.parametrize("mode", ["git", "plain"])
def test_a_package_only_tests_import_is_test_code(tmp_path, mode):
    if mode == "git":  # the project's Go files are what git lists, untracked ones too
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, capture_output=True)
    write(tmp_path, "go.mod", "module example.com/app\n\ngo 1.22\n")
    # Files git ignores, and vendor/, are not the project's: their imports do not count.
    write(tmp_path, ".gitignore", "/scratch/\n")
    write(tmp_path, "scratch/try.go", 'package main\n\nimport _ "example.com/app/internal/fakeapi"\n')
    write(tmp_path, "vendor/x/x.go", 'package x\n\nimport _ "example.com/app/internal/fakeapi"\n')
    write(tmp_path, "internal/fakeapi/fake.go", server("fakeapi"))  # imported only by tests
    write(tmp_path, "api/api_test.go", 'package api\n\nimport _ "example.com/app/internal/fakeapi"\n')
    write(tmp_path, "e2e/harness/run.go", 'package harness\n\nimport _ "example.com/app/internal/stub"\n')
    write(tmp_path, "internal/stub/stub.go", server("stub"))  # only a test folder's code imports it
    write(tmp_path, "internal/real/real.go", server("real"))  # a test and the command import it
    write(tmp_path, "internal/real/real_test.go", 'package real\n\nimport "testing"\n')
    write(tmp_path, "cmd/app/main.go", 'package main\n\nimport _ "example.com/app/internal/real"\n')
    write(tmp_path, "api/real_test.go", 'package api\n\nimport _ "example.com/app/internal/real"\n')
    write(tmp_path, "lib/lib.go", server("lib"))  # a library's package that nothing here imports

    assert reported_paths(tmp_path) == ["internal/real/real.go", "lib/lib.go"]
    # Named on the command line (as pre-commit names staged files), judged the same way.
    assert reported_paths(tmp_path, "internal/fakeapi/fake.go", "lib/lib.go") == ["lib/lib.go"]


def test_a_package_that_imports_testing_and_that_nothing_else_imports_is_test_code(tmp_path):
    write(tmp_path, "go.mod", "module example.com/app\n\ngo 1.22\n")
    write(tmp_path, "harness/harness.go", server("harness", "testing"))  # its own tests only
    write(tmp_path, "harness/harness_test.go", 'package harness_test\n\nimport _ "example.com/app/harness"\n')
    write(tmp_path, "cmd/loadtest/main.go", server("main", "testing"))  # a test program
    write(tmp_path, "store/store.go", server("store", "testing"))  # the server imports it
    write(tmp_path, "cmd/server/main.go", 'package main\n\nimport _ "example.com/app/store"\n')

    assert reported_paths(tmp_path) == ["store/store.go"]


def test_test_packages_follow_import_chains_and_names(tmp_path):
    write(tmp_path, "go.mod", "module example.com/app\n\ngo 1.22\n")
    # helper <- fixtures <- tests only: both are test code; `. "path"` and aliases are imports too.
    write(tmp_path, "pkg/helper/helper.go", server("helper"))
    write(
        tmp_path,
        "pkg/fixtures/fixtures.go",
        'package fixtures\n\nimport h "example.com/app/pkg/helper"\n\nvar _ = h.S\n',
    )
    write(tmp_path, "pkg/x_test.go", '// c\npackage pkg; import (\n\t. "example.com/app/pkg/fixtures" // x\n)\n')
    # Mentioned in a string of non-test code, but not imported: still test code.
    write(tmp_path, "pkg/other/doc.go", 'package other\n\nvar path = "example.com/app/pkg/helper"\n')
    assert reported_paths(tmp_path) == []

    # A nested module: its own import path; a file of the outer module importing it counts.
    write(tmp_path, "tools/go.mod", "module example.com/tools\n\ngo 1.22\n")
    write(tmp_path, "tools/srv/srv.go", server("srv"))
    write(tmp_path, "tools/srv_test.go", 'package tools\n\nimport "example.com/tools/srv"\n')
    assert reported_paths(tmp_path) == []
    write(tmp_path, "cmd/app/main.go", 'package main\n\nimport "example.com/tools/srv"\n')
    assert reported_paths(tmp_path) == ["tools/srv/srv.go"]


def test_test_packages_can_be_turned_off_and_include_tests_lints_them(tmp_path):
    write(tmp_path, "go.mod", "module example.com/app\n\ngo 1.22\n")
    write(tmp_path, "internal/fakeapi/fake.go", server("fakeapi"))
    write(tmp_path, "api/api_test.go", 'package api\n\nimport _ "example.com/app/internal/fakeapi"\n')
    assert reported_paths(tmp_path) == []

    write(tmp_path, ".remdev-lint.toml", "[rules.GH004]\ntest-packages = false\n")
    assert reported_paths(tmp_path) == ["internal/fakeapi/fake.go"]
    write(tmp_path, ".remdev-lint.toml", "[rules.GH004]\ninclude-tests = true\n")
    assert reported_paths(tmp_path) == ["internal/fakeapi/fake.go"]


def test_without_a_go_mod_no_package_is_taken_for_test_code(tmp_path):
    write(tmp_path, "fakeapi/fake.go", server("fakeapi", "testing"))
    write(tmp_path, "api/api_test.go", 'package api\n\nimport _ "fakeapi"\n')
    assert reported_paths(tmp_path) == ["fakeapi/fake.go"]


@pytest.mark.parametrize(
    "importer",
    [
        'package main\n\nimport _ "example.com/app/internal/fakeapi"\n',  # no declaration after
        'package main\n\nimport x "example.com/app/internal/\\x66akeapi"\n\nvar _ = x.S\n',  # strconv.Unquote
        '/* never closed\npackage main\n\nimport _ "example.com/app/internal/fakeapi"\n',
    ],
    ids=["header-only", "escaped-path", "broken-comment"],
)
def test_an_import_is_seen_however_the_header_is_written(tmp_path, importer):
    write(tmp_path, "go.mod", "module example.com/app\n\ngo 1.22\n")
    write(tmp_path, "internal/fakeapi/fake.go", server("fakeapi"))
    write(tmp_path, "api/api_test.go", 'package api\n\nimport _ "example.com/app/internal/fakeapi"\n')
    write(tmp_path, "cmd/app/main.go", importer)
    assert reported_paths(tmp_path, "internal/fakeapi/fake.go") == ["internal/fakeapi/fake.go"]


@pytest.mark.parametrize(
    ("broken", "column", "message"),
    [
        ("func f() { x := 1; y := 2 3 }", 27, "unexpected `3`"),
        ('var x = "open', 9, "string literal not terminated"),
    ],
    ids=["extra-token", "unterminated-string"],
)
def test_a_syntax_error_is_rl001_and_the_rest_of_the_file_is_linted(tmp_path, broken, column, message):
    text = source("var before = &http.Client{}", "", broken, "", "var after = &http.Client{}")  # broken: 10

    write(tmp_path, "client.go", text)
    found = diagnostics(tmp_path, select="GH,RL")

    assert [(d["line"], d["column"], d["rule"]) for d in found] == [
        (8, 15, "GH001"),
        (10, column, "RL001"),
        (12, 14, "GH001"),
    ]
    assert message in found[1]["message"]
    assert places(tmp_path) == [(8, 15, "GH001"), (12, 14, "GH001")]  # RL001 not selected


def test_what_a_syntax_error_breaks_is_not_judged(tmp_path):
    # The literal holds the error: whether it sets a Timeout is a guess, so it is not reported.
    text = source("var broken = &http.Client{Transport: nil,, Timeout: 1}", "", "var fine = &http.Client{}")
    write(tmp_path, "client.go", text)

    assert [(d["line"], d["rule"]) for d in diagnostics(tmp_path, select="GH,RL")] == [(8, "RL001"), (10, "GH001")]


def test_a_syntax_error_can_be_suppressed_like_any_finding(tmp_path):
    text = source(
        "var x = 1 2 // remdev-lint: ignore[RL001] generated by a tool we do not own", "", "var c = &http.Client{}"
    )
    write(tmp_path, "client.go", text)

    assert [(d["line"], d["rule"]) for d in diagnostics(tmp_path, select="GH,RL")] == [(10, "GH001")]


# --- GH002: requests through http.DefaultClient ---------------------------------------------------


def test_gh002_package_functions_method_values_and_default_client(tmp_path):
    text = source(
        "func fetch(url string) {",  # 8
        "\t_, _ = http.Get(url)",  # 9
        "\t_, _ = http.Head(url)",  # 10
        '\t_, _ = http.Post(url, "text/plain", nil)',  # 11
        "\t_, _ = http.PostForm(url, nil)",  # 12
        "\tget := http.Get",  # 13
        "\t_, _ = get(url)",
        "}",
        "",
        "func send(req *http.Request) (*http.Response, error) {",  # 17
        "\treturn http.DefaultClient.Do(req)",  # 18
        "}",
        "",
        "func pass(req *http.Request) { _, _ = do(http.DefaultClient, req) }",  # 21
        "",
        "func do(c *http.Client, req *http.Request) (*http.Response, error) { return c.Do(req) }",  # 23
        "",
        "var post = http.Post",  # 25
        "var client = http.DefaultClient",  # 26
    )

    assert lint(tmp_path, text) == [
        (9, 9, "GH002"),
        (10, 9, "GH002"),
        (11, 9, "GH002"),
        (12, 9, "GH002"),
        (13, 9, "GH002"),
        (18, 9, "GH002"),
        (21, 42, "GH002"),
        (25, 12, "GH002"),
        (26, 14, "GH002"),
    ]


def test_gh002_negatives(tmp_path):
    text = (
        "package api\n\n"
        "import (\n"
        '\t"context"\n'
        '\t"net/http"\n'
        '\t"time"\n\n'
        '\t"example.com/otherpkg"\n'
        ")\n\n"
        "var client = &http.Client{Timeout: time.Second}\n\n"
        "func Get(url string) {}\n\n"
        "func fetch(ctx context.Context, url string) {\n"
        "\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)\n"
        "\tresp, _ := client.Do(req)\n"
        "\t_, _ = client.Get(url)\n"
        "\t_, _ = client.Head(url)\n"
        '\t_, _ = client.Post(url, "text/plain", nil)\n'
        "\t_, _ = client.PostForm(url, nil)\n"
        "\tGet(url)\n"
        "\t_, _ = otherpkg.Get(url)\n"
        "\t_ = otherpkg.DefaultClient\n"
        '\t_ = resp.Header.Get("X-Id")\n'
        "\t_ = http.MethodGet // not http.Get(url)\n"
        '\t_ = "http.Get(url)"\n'
        "}\n"
    )

    assert lint(tmp_path, text) == []


@pytest.mark.parametrize(
    ("imports", "q"),
    [('nethttp "net/http"', "nethttp."), ('. "net/http"', "")],
    ids=["aliased", "dot-imported"],
)
def test_gh002_aliased_and_dot_imported(tmp_path, imports, q):
    text = (
        f"package api\n\nimport {imports}\n\n"
        "func fetch(url string) {\n"  # 5
        f"\t_, _ = {q}Get(url)\n"  # 6
        f"\t_, _ = {q}DefaultClient.Get(url)\n"  # 7
        "}\n"
    )

    assert lint(tmp_path, text) == [(6, 9, "GH002"), (7, 9, "GH002")]


# --- GH003: a constant Timeout longer than max-timeout ---------------------------------------------


def test_gh003_constant_timeouts_above_the_default_three_seconds(tmp_path):
    text = source(
        "const slow = 2 * time.Minute",  # 8
        "var a = &http.Client{Timeout: 30 * time.Second}",  # 9
        "var b = &http.Client{Timeout: 3 * time.Second}",  # 10: exactly 3s is allowed
        "var c = &http.Client{Timeout: 3001 * time.Millisecond}",  # 11
        "var d = &http.Client{Timeout: 3000 * time.Millisecond}",  # 12
        "var e = &http.Client{Timeout: time.Duration(5000) * time.Millisecond}",  # 13
        "var f = &http.Client{Timeout: 3.5 * time.Second}",  # 14
        "var g = http.Client{Timeout: time.Minute}",  # 15
        "var h = &http.Client{Timeout: slow + 500*time.Millisecond}",  # 16
        "var i = &http.Client{Timeout: 3*time.Second + time.Nanosecond}",  # 17
        "var j = &http.Client{Timeout: 2*time.Second + 999*time.Millisecond}",  # 18
    )

    assert lint(tmp_path, text) == [
        (9, 31, "GH003"),
        (11, 31, "GH003"),
        (13, 31, "GH003"),
        (14, 31, "GH003"),
        (15, 30, "GH003"),
        (16, 31, "GH003"),
        (17, 31, "GH003"),
    ]


def test_gh003_values_computed_at_run_time_are_never_judged(tmp_path):
    text = source(
        "type Config struct{ Timeout time.Duration }",  # 8
        "",
        "var long = 30 * time.Second",  # 10: a variable
        "",
        "func timeout() time.Duration { return time.Hour }",
        "",
        "func clients(cfg Config, d time.Duration) []*http.Client {",
        "\treturn []*http.Client{",
        "\t\t&http.Client{Timeout: timeout()},",
        "\t\t&http.Client{Timeout: long},",
        "\t\t&http.Client{Timeout: cfg.Timeout},",
        "\t\t&http.Client{Timeout: d},",
        "\t\t&http.Client{Timeout: d * 10},",
        "\t\t&http.Client{Timeout: time.Hour / time.Duration(cfg.Timeout)},",
        "\t}",
        "}",
    )

    assert lint(tmp_path, text) == []


def test_gh003_local_names_shadow_package_constants(tmp_path):
    text = source(
        "const limit = time.Hour",  # 8
        "var quick = 2 * time.Second",  # 9
        "",
        "func a() *http.Client {",  # 11
        "\tlimit := 2 * time.Second",  # a variable now: not judged
        "\treturn &http.Client{Timeout: limit}",
        "}",
        "",
        "func b() *http.Client {",  # 16
        "\tconst quick = time.Hour",
        "\treturn &http.Client{Timeout: quick}",  # 18: the local constant
        "}",
    )

    assert lint(tmp_path, text) == [(18, 31, "GH003")]


@pytest.mark.parametrize(
    ("relpath", "config"),
    [
        (".remdev-lint.toml", '[rules.GH003]\nmax-timeout = "1m"\n'),
        (".remdev-lint.toml", '[rules.http-client-timeout-too-long]\nmax-timeout = "1m"\n'),
        ("pyproject.toml", '[tool.remdev-lint.rules.GH003]\nmax-timeout = "1m"\n'),
    ],
    ids=["by-code", "by-name", "pyproject"],
)
def test_gh003_max_timeout_from_the_configuration(tmp_path, relpath, config):
    write(tmp_path, relpath, config)
    text = source(
        "var a = &http.Client{Timeout: 30 * time.Second}",  # 8: fine now
        "var b = &http.Client{Timeout: time.Minute}",  # 9: exactly the maximum
        "var c = &http.Client{Timeout: 61 * time.Second}",  # 10
        "var d = &http.Client{Timeout: 2 * time.Hour}",  # 11
    )

    found = messages(tmp_path, text)

    assert list(found) == [(10, 31, "GH003"), (11, 31, "GH003")]
    assert "1m" in found[(10, 31, "GH003")]


def test_gh003_max_timeout_with_minutes_and_seconds(tmp_path):
    write(tmp_path, ".remdev-lint.toml", '[rules.GH003]\nmax-timeout = "1m30s"\n')
    text = source(
        "var a = &http.Client{Timeout: 90 * time.Second}",  # 8: fine
        "var b = &http.Client{Timeout: 91 * time.Second}",  # 9
    )

    assert lint(tmp_path, text) == [(9, 31, "GH003")]


@pytest.mark.parametrize("value", ['"soon"', '"3"', '""', '"1 minute"', "true"])
def test_gh003_an_invalid_max_timeout_is_a_configuration_error(tmp_path, value):
    write(tmp_path, ".remdev-lint.toml", f"[rules.GH003]\nmax-timeout = {value}\n")
    write(tmp_path, "client.go", source("var a = &http.Client{Timeout: 30 * time.Second}"))

    result = run_cli(["--format", "json", "--select", "GH"], tmp_path)

    assert result.code == 2, result
    assert "max-timeout" in result.err
    assert result.out == ""


# --- GH004: a server without a read timeout ---------------------------------------------------------


def test_gh004_server_literals(tmp_path):
    text = source(
        'var a = &http.Server{Addr: ":8080"}',  # 8
        "var b = &http.Server{WriteTimeout: 10 * time.Second}",  # 9
        "var c = &http.Server{ReadHeaderTimeout: 0}",  # 10
        "var d = &http.Server{ReadTimeout: 5 * time.Second}",  # 11: fine, as gosec G112
        "var e = http.Server{ReadHeaderTimeout: 5 * time.Second}",  # 12: fine
        "var f = &http.Server{ReadHeaderTimeout: 0, ReadTimeout: -1}",  # 13
        "var g = &http.Server{ReadHeaderTimeout: 0, ReadTimeout: time.Second}",  # 14: fine
        "var h = http.Server{IdleTimeout: time.Minute, WriteTimeout: time.Minute}",  # 15
        "var i = []http.Server{{}, http.Server{ReadTimeout: time.Second}}",  # 16: the {} (type left out)
        "",
        "func configured(d time.Duration) *http.Server { return &http.Server{ReadHeaderTimeout: d} }",  # 18
        "func computed() *http.Server { return &http.Server{ReadTimeout: timeout()} }",  # 19
        "func timeout() time.Duration { return time.Second }",
        "func returned() *http.Server { return &http.Server{} }",  # 21
    )

    assert lint(tmp_path, text) == [
        (8, 10, "GH004"),
        (9, 10, "GH004"),
        (10, 10, "GH004"),
        (13, 10, "GH004"),
        (15, 9, "GH004"),
        (16, 23, "GH004"),
        (21, 40, "GH004"),
    ]


def test_gh004_new_and_var_with_and_without_later_assignments(tmp_path):
    text = source(
        "func a() *http.Server {",  # 8
        "\ts := new(http.Server)",  # 9
        "\treturn s",
        "}",
        "func b() *http.Server {",  # 12
        "\ts := new(http.Server)",  # fine
        "\ts.ReadHeaderTimeout = 5 * time.Second",
        "\treturn s",
        "}",
        "func c() {",  # 17
        "\tvar s http.Server",  # 18
        "\t_ = s.ListenAndServe()",
        "}",
        "func d() {",  # 21
        "\tvar s http.Server",  # fine
        "\ts.ReadTimeout = 5 * time.Second",
        "\t_ = s.ListenAndServe()",
        "}",
        "func e() {",  # 26
        "\tvar s http.Server",  # 27: zero is no timeout
        "\ts.ReadHeaderTimeout = 0",
        "\t_ = s.ListenAndServe()",
        "}",
        "func f() {",  # 31
        '\ts := &http.Server{Addr: ":8080"}',  # fine
        "\ts.ReadHeaderTimeout = 5 * time.Second",
        "\t_ = s.ListenAndServe()",
        "}",
        "func g() {",  # 36
        "\tvar s *http.Server",  # fine: no server made
        "\t_ = s",
        "}",
        "func h() {",  # 40
        "\tvar s http.Server",  # 41: WriteTimeout is not a read timeout
        "\ts.WriteTimeout = 5 * time.Second",
        "\t_ = s.ListenAndServe()",
        "}",
        "func i(d time.Duration) {",  # 45
        "\ts := new(http.Server)",  # fine: computed at run time counts as set
        "\ts.ReadHeaderTimeout = d",
        "\t_ = s.ListenAndServe()",
        "}",
        "var j = new(http.Server)",  # 50
        "var k http.Server",  # 51
    )

    assert lint(tmp_path, text) == [
        (9, 11, "GH004"),
        (18, 8, "GH004"),
        (27, 8, "GH004"),
        (41, 8, "GH004"),
        (50, 13, "GH004"),
        (51, 7, "GH004"),
    ]


def test_gh004_var_with_several_names_tells_their_later_assignments_apart(tmp_path):
    text = source(
        "func main() {",  # 8
        "\tvar a, b http.Server",  # 9: only a gets a read timeout
        "\ta.ReadHeaderTimeout = 5 * time.Second",
        "\t_, _ = a.ListenAndServe(), b.ListenAndServe()",
        "}",
    )

    assert lint(tmp_path, text) == [(9, 11, "GH004")]


# --- GH005: package functions that serve without timeouts -------------------------------------------


@pytest.mark.parametrize(
    ("imports", "q"),
    [('"net/http"', "http."), ('nethttp "net/http"', "nethttp."), ('. "net/http"', "")],
    ids=["plain", "aliased", "dot-imported"],
)
def test_gh005_serve_functions(tmp_path, imports, q):
    text = (
        "package main\n\n"
        f'import (\n\t"net"\n\t{imports}\n\t"time"\n)\n\n'  # lines 1-8
        "func main() {\n"  # 9
        '\tl, _ := net.Listen("tcp", "127.0.0.1:0")\n'  # 10
        f'\t_ = {q}ListenAndServe(":8080", nil)\n'  # 11
        f'\t_ = {q}ListenAndServeTLS(":8443", "cert.pem", "key.pem", nil)\n'  # 12
        f"\t_ = {q}Serve(l, nil)\n"  # 13
        f'\t_ = {q}ServeTLS(l, nil, "cert.pem", "key.pem")\n'  # 14
        f'\tsrv := &{q}Server{{Addr: ":8080", ReadHeaderTimeout: 5 * time.Second}}\n'  # 15
        "\t_ = srv.ListenAndServe()\n"
        '\t_ = srv.ListenAndServeTLS("cert.pem", "key.pem")\n'
        "\t_ = srv.Serve(l)\n"
        '\t_ = srv.ServeTLS(l, "cert.pem", "key.pem")\n'
        f'\t{q}HandleFunc("/", nil)\n'
        "}\n"
    )

    assert lint(tmp_path, text) == [(11, 6, "GH005"), (12, 6, "GH005"), (13, 6, "GH005"), (14, 6, "GH005")]


def test_gh005_inside_another_call(tmp_path):
    text = 'package main\n\nimport (\n\t"log"\n\t"net/http"\n)\n\nfunc main() { log.Fatal(http.ListenAndServe(":8080", nil)) }\n'

    assert lint(tmp_path, text) == [(8, 25, "GH005")]


# --- suppressions -----------------------------------------------------------------------------------


def test_suppression_at_the_end_of_the_line_and_alone_on_the_line_above(tmp_path):
    text = source(
        "var a = &http.Client{} // remdev-lint: ignore[GH001]",  # 8
        "// remdev-lint: ignore[GH001]",  # 9
        "var b = &http.Client{}",  # 10
        "var c = &http.Client{}",  # 11
        "\t// remdev-lint: ignore[http-client-no-timeout]",  # 12
        "var d = &http.Client{}",  # 13
        'func f() { _, _ = http.Get("x") } // remdev-lint: ignore[GH002]',  # 14
    )

    assert lint(tmp_path, text, select="GH,RL") == [(11, 10, "GH001")]


def test_an_unused_suppression_is_rl002(tmp_path):
    text = source(
        "var d = &http.Client{Timeout: time.Second} // remdev-lint: ignore[GH001]",  # 8
        "var e = &http.Client{} // remdev-lint: ignore[GH003]",  # 9: the wrong rule
    )

    write(tmp_path, "client.go", text)
    found = diagnostics(tmp_path, select="GH,RL")

    assert [(d["line"], d["column"], d["rule"]) for d in found] == [
        (8, 47, "RL002"),
        (9, 10, "GH001"),
        (9, 27, "RL002"),
    ]
    assert "GH001" in found[0]["message"] and "GH003" in found[2]["message"]


def test_a_suppression_inside_a_go_string_is_not_a_comment(tmp_path):
    text = source(
        'var c, s = &http.Client{}, "// remdev-lint: ignore[GH001]"',  # 8
        "var raw = `",  # 9
        "// remdev-lint: ignore[GH001]",  # 10: inside the raw string
        "`",
        "var d = &http.Client{}",  # 12
    )

    assert lint(tmp_path, text, select="GH,RL") == [(8, 13, "GH001"), (12, 10, "GH001")]


def test_suppression_in_a_block_comment(tmp_path):
    text = source("var a = &http.Client{} /* remdev-lint: ignore[GH001] */")

    assert lint(tmp_path, text, select="GH,RL") == []


# --- messages ---------------------------------------------------------------------------------------


def test_messages_name_what_to_write_instead(tmp_path):
    text = source(
        "var a = &http.Client{}",  # 8
        "var b = &http.Client{Timeout: 0}",  # 9
        "var c = new(http.Client)",  # 10
        "var d http.Client",  # 11
        'var r, _ = http.Get("x")',  # 12
        "var e = http.DefaultClient",  # 13
        "var f = &http.Client{Timeout: 30 * time.Second}",  # 14
        "var g = &http.Server{}",  # 15
        'func main() { _ = http.ListenAndServe(":8080", nil) }',  # 16
    )

    found = messages(tmp_path, text)

    assert list(found) == [
        (8, 10, "GH001"),
        (9, 31, "GH001"),
        (10, 13, "GH001"),
        (11, 7, "GH001"),
        (12, 12, "GH002"),
        (13, 9, "GH002"),
        (14, 31, "GH003"),
        (15, 10, "GH004"),
        (16, 19, "GH005"),
    ]
    literal, zero, new, var, get, default, long, server, serve = found.values()
    assert literal.startswith("`http.Client` without a Timeout")
    assert "`&http.Client{Timeout: 3 * time.Second}`" in literal
    assert "http.NewRequestWithContext" in literal
    assert zero.startswith("`Timeout: 0` means no timeout at all")
    assert "`Timeout: 3 * time.Second`" in zero
    assert new.startswith("`new(http.Client)`")
    assert "write `&http.Client{Timeout: 3 * time.Second}` instead" in new
    assert var.startswith("`var d http.Client`")
    assert "set `d.Timeout`" in var and "`d := &http.Client{Timeout: 3 * time.Second}`" in var
    assert get.startswith("`http.Get` sends the request through http.DefaultClient")
    assert "`http.NewRequestWithContext`" in get
    assert default.startswith("`http.DefaultClient` has no timeout")
    assert "`&http.Client{Timeout: 3 * time.Second}`" in default
    assert long.startswith("`Timeout: 30 * time.Second` is longer than the 3s")
    assert "max-timeout" in long
    assert "`ReadHeaderTimeout: 5 * time.Second`" in server
    assert serve.startswith("`http.ListenAndServe` runs a server with no timeouts")
    assert "`&http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}`" in serve


def test_messages_quote_the_code_as_written(tmp_path):
    text = (
        'package api\n\nimport nethttp "net/http"\n\n'
        "var a = &nethttp.Client{}\n"  # 5
        "var b = nethttp.Client{Timeout: -1}\n"  # 6
        'var r, _ = nethttp.Post("x", "", nil)\n'  # 7
    )

    found = messages(tmp_path, text)

    assert list(found) == [(5, 10, "GH001"), (6, 33, "GH001"), (7, 12, "GH002")]
    assert found[(5, 10, "GH001")].startswith("`nethttp.Client` without a Timeout")
    assert found[(6, 33, "GH001")].startswith("`Timeout: -1` means no timeout")
    assert found[(7, 12, "GH002")].startswith("`nethttp.Post` sends the request")


# --- positions --------------------------------------------------------------------------------------


def test_columns_count_code_points(tmp_path):
    text = source(
        'var s, c = "héllo wörld 🙂", &http.Client{}',  # 8
        'var names, get = []string{"日本語"}, http.Get',  # 9
        'var d = &http.Client{Transport: tr("ü"), Timeout: 0}',  # 10
        'var e = &http.Client{Transport: tr("€𝄞"), Timeout: 4 * time.Second}',  # 11
        "func tr(string) http.RoundTripper { return nil }",
    )
    write(tmp_path, "client.go", text)

    found = diagnostics(tmp_path)

    assert [(d["line"], d["column"], d["end_line"], d["end_column"], d["rule"]) for d in found] == [
        (8, 30, 8, 41, "GH001"),
        (9, 35, 9, 43, "GH002"),
        (10, 51, 10, 52, "GH001"),
        (11, 52, 11, 67, "GH003"),
    ]


def test_crlf_line_endings(tmp_path):
    text = source(
        "var a = &http.Client{} // remdev-lint: ignore[GH001]",  # 8
        "// remdev-lint: ignore[GH001]",  # 9
        "var b = &http.Client{}",  # 10
        "var c = &http.Client{Timeout: 0}",  # 11
    ).replace("\n", "\r\n")
    (tmp_path / "client.go").write_bytes(text.encode("utf-8"))

    assert places(tmp_path, select="GH,RL") == [(11, 31, "GH001")]


def test_a_byte_order_mark_is_not_counted(tmp_path):
    text = '\ufeffpackage api; import "net/http"; var c = &http.Client{}\n'
    (tmp_path / "client.go").write_bytes(text.encode("utf-8"))

    assert places(tmp_path) == [(1, 42, "GH001")]


# --- --explain ----------------------------------------------------------------------------------------


def test_explain_gh003_shows_max_timeout_and_its_default(tmp_path):
    result = run_cli(["--explain", "GH003"], tmp_path)

    assert result.code == 0, result
    assert result.out.startswith("# GH003 http-client-timeout-too-long")
    [option] = [line for line in result.out.splitlines() if line.lstrip("- ").startswith("`max-timeout`")]
    assert "default" in option and '"3s"' in option
    assert "`include-tests`" in result.out


@pytest.mark.parametrize("code", ["GH001", "GH002", "GH003", "GH004", "GH005"])
def test_explain_every_go_rule(tmp_path, code):
    result = run_cli(["--explain", code], tmp_path)

    assert result.code == 0, result
    assert "## What to do instead" in result.out
    assert "include-tests" in result.out


def test_go_1_26_syntax_is_read_and_the_file_linted(tmp_path):
    # new(expr) (Go 1.26) used to be a syntax error, which hid the server below.
    text = source(
        "func serve(l net.Listener) error {",
        "\tstarted := new(time.Now())",
        "\tvar s http.Server",
        "\ts.Handler = nil",
        "\t_ = started",
        "\treturn s.Serve(l)",
        "}",
    )
    write(tmp_path, "server.go", text)

    assert places(tmp_path, select="GH,RL") == [(10, 8, "GH004")]


# --- test code outside _test.go, and other tools' suppressions -----------------------------------


@pytest.mark.parametrize(
    "folder", ["test", "tests", "e2e", "testutil", "testutils", "testing", "internal/e2e/fixtures"]
)
def test_test_folders_are_not_linted_unless_include_tests(tmp_path, folder):
    write(tmp_path, f"{folder}/helpers.go", source("var c = &http.Client{}"))
    write(tmp_path, "contest/client.go", source("var c = &http.Client{}"))  # a name that only contains "test"

    assert [d["path"] for d in diagnostics(tmp_path)] == ["contest/client.go"]
    write(tmp_path, ".remdev-lint.toml", "[rules.GH001]\ninclude-tests = true\n")
    assert sorted(d["path"] for d in diagnostics(tmp_path)) == sorted(["contest/client.go", f"{folder}/helpers.go"])


def test_the_test_folders_are_an_option(tmp_path):
    write(tmp_path, "fixtures/client.go", source("var c = &http.Client{}"))
    write(tmp_path, "test/client.go", source("var c = &http.Client{}"))
    write(tmp_path, ".remdev-lint.toml", '[rules.GH001]\ntest-files = ["*_test.go", "fixtures"]\n')

    assert [d["path"] for d in diagnostics(tmp_path)] == ["test/client.go"]


def test_a_test_files_option_that_is_not_globs_is_a_configuration_error(tmp_path):
    write(tmp_path, "client.go", source("var c = &http.Client{}"))
    write(tmp_path, ".remdev-lint.toml", '[rules.GH001]\ntest-files = ["[z-a]"]\n')

    result = run_cli(["--select", "GH"], tmp_path)
    assert result.code == 2
    assert "test-files" in result.err and "[z-a]" in result.err, result.err


@pytest.mark.parametrize(
    ("comment", "silenced"),
    [
        ("log.Fatal(http.ListenAndServe(addr, nil)) // #nosec G114", True),
        ("log.Fatal(http.ListenAndServe(addr, nil)) //#nosec G114 -- admin port, localhost only", True),
        ("log.Fatal(http.ListenAndServe(addr, nil)) // #nosec", True),
        ("log.Fatal(http.ListenAndServe(addr, nil)) // #nosec G112,G114", True),
        ("log.Fatal(http.ListenAndServe(addr, nil)) //nolint:gosec", True),
        ("log.Fatal(http.ListenAndServe(addr, nil)) //nolint:errcheck,gosec // reason", True),
        ("log.Fatal(http.ListenAndServe(addr, nil)) //nolint", True),
        ("log.Fatal(http.ListenAndServe(addr, nil)) //nolint:all", True),
        ("log.Fatal(http.ListenAndServe(addr, nil)) // #nosec G107", False),  # another gosec rule
        ("log.Fatal(http.ListenAndServe(addr, nil)) // #nosec -- G114 is only named in the reason", True),
        ("log.Fatal(http.ListenAndServe(addr, nil)) //nolint:errcheck", False),
        ("log.Fatal(http.ListenAndServe(addr, nil)) // this is not #nosec", False),  # gosec: not at the start
        ("log.Fatal(http.ListenAndServe(addr, nil)) //nolintx", False),
    ],
)
def test_gosec_and_nolint_comments_on_the_line(tmp_path, comment, silenced):
    write(tmp_path, "main.go", source("func serve(addr string) {", "\t" + comment, "}"))

    assert places(tmp_path) == ([] if silenced else [(9, 12, "GH005")])


def test_a_suppression_alone_above_covers_the_statement_below_its_comment_block(tmp_path):
    text = source(
        "func serve(addr string) {",
        "\t// #nosec G114 -- the admin port,",
        "\t// reachable from localhost only",
        "\tlog.Fatal(http.ListenAndServe(addr, nil))",
        "\tlog.Fatal(http.ListenAndServe(addr, nil))",  # not covered: one statement only
        "}",
    )
    write(tmp_path, "main.go", text)

    assert places(tmp_path) == [(12, 12, "GH005")]


def test_gosec_rule_ids_map_to_their_rules(tmp_path):
    text = source(
        "var s = &http.Server{} // #nosec G112",
        "var t = &http.Server{} // #nosec G114",  # G114 is GH005's
        "var c = &http.Client{} // #nosec",  # gosec has no client rule: a bare #nosec is about another
        "var r, _ = http.Get(url) // #nosec G107",  # G107 is about SSRF, not timeouts
    )
    write(tmp_path, "main.go", text)

    assert places(tmp_path) == [(9, 10, "GH004"), (10, 10, "GH001"), (11, 12, "GH002")]


def test_honor_nosec_is_an_option(tmp_path):
    text = source(
        "var c = &http.Client{} // #nosec",
        "var r, _ = http.Get(url) // #nosec G107",
        "var s = &http.Server{} //nolint:gosec",
    )
    write(tmp_path, "main.go", text)
    assert places(tmp_path) == [(8, 10, "GH001"), (9, 12, "GH002")]

    config = (
        "[rules.GH001]\nhonor-nosec = true\n[rules.GH002]\nhonor-nosec = true\n[rules.GH004]\nhonor-nosec = false\n"
    )
    write(tmp_path, ".remdev-lint.toml", config)
    assert places(tmp_path) == [(10, 10, "GH004")]


def test_nosec_inside_a_string_silences_nothing(tmp_path):
    write(tmp_path, "main.go", source('var s, note = &http.Server{}, "// #nosec"'))
    assert places(tmp_path) == [(8, 16, "GH004")]


# --- deadlines on the requests: a client is bounded when each request through it carries one ------

CTX_HEAD = 'package api\n\nimport (\n\t"context"\n\t"net/http"\n\t"time"\n)\n\n'  # line 9 is a case's first


def ctx_source(*lines: str) -> str:
    return CTX_HEAD + "\n".join(lines) + "\n"


def test_a_client_whose_requests_carry_a_deadline_made_here_is_not_reported(tmp_path):
    text = ctx_source(
        "func fetch(url string) (*http.Response, error) {",
        "\tclient := &http.Client{}",
        "\tctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)",
        "\tdefer cancel()",
        "\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)",
        "\tif err != nil {",
        "\t\treturn nil, err",
        "\t}",
        "\treturn client.Do(req)",
        "}",
    )
    assert lint(tmp_path, text) == []


@pytest.mark.parametrize(
    "making",
    [
        "\treq = req.WithContext(ctx)",  # a request given the context later
        "\treq = req.Clone(ctx)",
    ],
)
def test_a_request_given_a_deadline_later_is_bounded(tmp_path, making):
    text = ctx_source(
        "func fetch(url string) {",
        "\tc := new(http.Client)",
        "\tctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Second))",
        "\tdefer cancel()",
        "\treq, _ := http.NewRequest(http.MethodGet, url, nil)",
        making,
        "\t_, _ = c.Do(req)",
        "}",
    )
    assert lint(tmp_path, text) == []


def test_a_context_derived_from_one_with_a_deadline_keeps_it(tmp_path):
    text = ctx_source(
        "func fetch(url string) {",
        "\tvar c http.Client",
        "\tbase, stop := context.WithTimeout(context.Background(), time.Second)",
        "\tdefer stop()",
        "\tctx, cancel := context.WithCancel(base)",
        "\tdefer cancel()",
        "\tgo func() {",
        "\t\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)",
        "\t\t_, _ = c.Do(req)",
        "\t}()",
        "}",
    )
    assert lint(tmp_path, text) == []


def test_one_request_without_a_deadline_is_enough_to_report(tmp_path):
    text = ctx_source(
        "func fetch(url string) {",
        "\tclient := &http.Client{}",
        "\tctx, cancel := context.WithTimeout(context.Background(), time.Second)",
        "\tdefer cancel()",
        "\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)",
        "\t_, _ = client.Do(req)",
        "\t_, _ = client.Get(url)",  # no context at all
        "\tbare, _ := http.NewRequest(http.MethodGet, url, nil)",
        "\t_, _ = client.Do(bare)",
        "}",
    )
    found = messages(tmp_path, text)
    assert list(found) == [(10, 13, "GH001")]
    assert "never gives up on a request" in found[(10, 13, "GH001")]


def test_a_context_from_the_caller_is_said_so(tmp_path):
    text = ctx_source(
        "func fetch(ctx context.Context, url string) {",
        "\tclient := &http.Client{}",
        "\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)",
        "\t_, _ = client.Do(req)",
        "}",
        "",
        "func handle(w http.ResponseWriter, r *http.Request) {",
        '\treq, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, "http://backend", nil)',
        "\t_, _ = http.DefaultClient.Do(req)",
        "}",
    )
    found = messages(tmp_path, text)
    assert list(found) == [(10, 13, "GH001"), (17, 9, "GH002")]
    assert "unless every caller sets a deadline" in found[(10, 13, "GH001")]
    assert "unless every caller sets a deadline" in found[(17, 9, "GH002")]


def test_a_client_in_a_field_is_judged_by_the_packages_methods(tmp_path):
    write(
        tmp_path,
        "svc/new.go",
        ctx_source(
            "type Service struct{ client *http.Client; url string }",
            "",
            "func New(url string) *Service {",
            "\treturn &Service{client: &http.Client{}, url: url}",
            "}",
        ),
    )
    write(
        tmp_path,
        "svc/fetch.go",
        ctx_source(
            "func (s *Service) fetch() error {",
            "\tctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)",
            "\tdefer cancel()",
            "\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)",
            "\tif err != nil {",
            "\t\treturn err",
            "\t}",
            "\tresp, err := s.client.Do(req)",
            "\tif err == nil {",
            "\t\tresp.Body.Close()",
            "\t}",
            "\treturn err",
            "}",
        ),
    )
    assert places(tmp_path) == []

    # Another method of the package sends without a deadline: now it can hang.
    write(tmp_path, "svc/ping.go", ctx_source("func (s *Service) ping() { _, _ = s.client.Get(s.url) }"))
    assert [(d["path"], d["line"], d["rule"]) for d in diagnostics(tmp_path)] == [("svc/new.go", 12, "GH001")]


@pytest.mark.parametrize(
    "escaping",
    [
        "func New() *Service { return &Service{Client: &http.Client{}} }",  # an exported field
        "func New() *http.Client { return &http.Client{} }",  # returned
        "func New() { use(&http.Client{}) }",  # passed to a function
    ],
)
def test_a_client_that_escapes_is_reported(tmp_path, escaping):
    text = ctx_source(
        "type Service struct{ Client *http.Client }",
        "",
        escaping,
        "",
        "func (s *Service) fetch(c *http.Client) {",
        "\tctx, cancel := context.WithTimeout(context.Background(), time.Second)",
        "\tdefer cancel()",
        '\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, "u", nil)',
        "\t_, _ = s.Client.Do(req)",
        "\t_, _ = c.Do(req)",
        "}",
    )
    assert [rule for _, _, rule in lint(tmp_path, text)] == ["GH001"]


def test_default_client_with_a_deadline_is_not_reported_but_http_get_is(tmp_path):
    text = ctx_source(
        "func fetch(url string) {",
        "\tctx, cancel := context.WithTimeout(context.Background(), time.Second)",
        "\tdefer cancel()",
        "\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)",
        "\t_, _ = http.DefaultClient.Do(req)",
        "\t_, _ = http.Get(url)",
        "\tc := http.DefaultClient",  # stored: its uses are followed
        "\t_, _ = c.Do(req)",
        "}",
    )
    assert lint(tmp_path, text) == [(14, 9, "GH002")]


def test_require_client_timeout_reports_bounded_clients_with_the_policy_message(tmp_path):
    text = ctx_source(
        "func fetch(url string) {",
        "\tclient := &http.Client{}",
        "\tctx, cancel := context.WithTimeout(context.Background(), time.Second)",
        "\tdefer cancel()",
        "\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)",
        "\t_, _ = client.Do(req)",
        "\t_, _ = http.DefaultClient.Do(req)",
        "}",
    )
    write(
        tmp_path,
        ".remdev-lint.toml",
        "[rules.GH001]\nrequire-client-timeout = true\n[rules.GH002]\nrequire-client-timeout = true\n",
    )
    found = messages(tmp_path, text)
    assert list(found) == [(10, 13, "GH001"), (15, 9, "GH002")]
    assert all("require-client-timeout" in message for message in found.values())


def test_timeout_zero_is_reported_with_how_to_say_why(tmp_path):
    found = messages(tmp_path, source("var c = &http.Client{Timeout: 0}"))
    assert "remdev-lint: ignore[GH001]" in found[(8, 31, "GH001")]


def test_a_deadline_made_by_the_caller_in_the_package_is_followed(tmp_path):
    text = ctx_source(
        "func lookup(host string) {",
        "\tctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)",
        "\tdefer cancel()",
        "\tfetch(ctx, host)",
        "}",
        "",
        "func fetch(ctx context.Context, host string) {",
        "\tc := &http.Client{}",
        "\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, host, nil)",
        "\t_, _ = c.Do(req)",
        "}",
    )
    assert lint(tmp_path, text) == []

    # A second caller passes a context without a deadline: the request can hang.
    write(tmp_path, "other.go", ctx_source('func refresh() { fetch(context.Background(), "h") }'))
    found = messages(tmp_path, text)
    assert list(found) == [(16, 8, "GH001")]
    assert "never gives up on a request" in found[(16, 8, "GH001")]


def test_an_exported_function_leaves_the_deadline_to_callers_it_cannot_see(tmp_path):
    text = ctx_source(
        "func Fetch(ctx context.Context, host string) {",
        "\tc := &http.Client{}",
        "\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, host, nil)",
        "\t_, _ = c.Do(req)",
        "}",
        "",
        "func lookup() {",
        "\tctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)",
        "\tdefer cancel()",
        '\tFetch(ctx, "h")',
        "}",
    )
    found = messages(tmp_path, text)
    assert list(found) == [(10, 8, "GH001")]
    assert "unless every caller sets a deadline" in found[(10, 8, "GH001")]


def test_a_variable_named_like_the_field_it_is_stored_in_is_followed(tmp_path):
    text = ctx_source(
        "type reader struct{ httpClient *http.Client }",
        "",
        "func newReader() *reader {",
        "\thttpClient := &http.Client{}",
        "\treturn &reader{httpClient: httpClient}",
        "}",
        "",
        "func (r *reader) read() {",
        "\tctx, cancel := context.WithTimeout(context.Background(), time.Second)",
        "\tdefer cancel()",
        '\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, "u", nil)',
        "\t_, _ = r.httpClient.Do(req)",
        "}",
    )
    assert lint(tmp_path, text) == []


def test_a_client_that_is_only_configured_is_not_reported(tmp_path):
    text = source(
        "var unused = &http.Client{}",  # configured, never used to send: nothing can hang
        "",
        "func init() { unused.Transport = http.DefaultTransport }",
    )
    assert lint(tmp_path, text) == []


def test_a_request_made_by_a_helper_of_the_package_is_followed(tmp_path):
    text = ctx_source(
        "type checker struct{ client *http.Client; url string }",
        "",
        "func newChecker(u string) *checker { return &checker{client: &http.Client{}, url: u} }",
        "",
        "func (c *checker) newRequest(ctx context.Context) (*http.Request, error) {",
        "\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url, nil)",
        "\tif err != nil {",
        "\t\treturn nil, err",  # no request: nothing to judge
        "\t}",
        "\treturn req, nil",
        "}",
        "",
        "func (c *checker) check() {",
        "\tctx, cancel := context.WithTimeout(context.Background(), time.Second)",
        "\tdefer cancel()",
        "\treq, err := c.newRequest(ctx)",
        "\tif err != nil {",
        "\t\treturn",
        "\t}",
        "\t_, _ = c.client.Do(req)",
        "}",
    )
    assert lint(tmp_path, text) == []

    # The same helper given a context without a deadline elsewhere: that request can hang.
    write(
        tmp_path,
        "probe.go",
        ctx_source("func (c *checker) probe() { r, _ := c.newRequest(context.TODO()); c.client.Do(r) }"),
    )
    assert [(d["path"], d["rule"]) for d in diagnostics(tmp_path)] == [("client.go", "GH001")]


@pytest.mark.parametrize(
    ("wrapping", "reported"),
    [
        ("\tctx = trace.WithSpan(ctx, span)", False),  # a context derived from ctx keeps its deadline
        ("\tctx = context.WithoutCancel(ctx)", True),  # drops it
    ],
)
def test_a_context_derived_by_another_package_keeps_the_deadline(tmp_path, wrapping, reported):
    text = ctx_source(
        "func fetch(url string, span any) {",
        "\tc := &http.Client{}",
        "\tctx, cancel := context.WithTimeout(context.Background(), time.Second)",
        "\tdefer cancel()",
        wrapping,
        "\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)",
        "\t_, _ = c.Do(req)",
        "}",
    )
    assert bool(lint(tmp_path, text)) == reported


def test_a_variable_assigned_in_a_closure_is_followed_in_the_function_that_declares_it(tmp_path):
    text = source(
        "func client() *http.Client {",
        "\tvar c *http.Client",
        "\tonce.Do(func() {",
        "\t\tc = &http.Client{}",
        "\t})",
        "\treturn c",  # escapes
        "}",
    )
    assert lint(tmp_path, text) == [(11, 8, "GH001")]


def test_a_copy_of_the_default_client_given_a_timeout_is_not_reported(tmp_path):
    text = source(
        "func fetch(u string) {",
        "\tc := *http.DefaultClient",
        "\tc.Timeout = 10 * time.Second",
        "\t_, _ = c.Get(u)",
        "\td := *http.DefaultClient",  # a copy with no Timeout: as unbounded as the original
        "\t_, _ = d.Get(u)",
        "}",
    )
    assert lint(tmp_path, text) == [(12, 8, "GH002")]


def test_setting_a_field_of_the_default_client_sends_nothing(tmp_path):
    text = source(
        "func init() { http.DefaultClient.Timeout = 3 * time.Second }",  # not a request: not GH002's
        "",
        "func send(u string) { _, _ = http.DefaultClient.Get(u) }",
    )
    assert lint(tmp_path, text) == [(10, 30, "GH002")]


def test_a_client_whose_transport_is_made_elsewhere_is_reported_with_what_would_bound_it(tmp_path):
    text = ctx_source(
        "var plain = &http.Client{Transport: http.DefaultTransport}",  # line 9: the default has no bound
        "var made = &http.Client{Transport: newTransport()}",  # line 10: it may give up, or not
        "var bounded = &http.Client{Transport: &http.Transport{ResponseHeaderTimeout: 5 * time.Second}}",
        "var computed = &http.Client{Transport: &http.Transport{ResponseHeaderTimeout: headerTimeout()}}",
        "var zero = &http.Client{Transport: &http.Transport{ResponseHeaderTimeout: 0}}",  # line 13
        "",
        "func later() {",
        "\tvar v http.Client",  # line 16
        "\tv.Transport = newTransport()",
        '\tv.Get("u")',
        "}",
        "",
        "func Fetch(ctx context.Context, u string) {",
        "\tc := &http.Client{Transport: newTransport()}",  # line 22: and its callers' contexts
        "\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)",
        "\t_, _ = c.Do(req)",
        "}",
        "",
        "func newTransport() http.RoundTripper { return nil }",
        "func headerTimeout() time.Duration  { return time.Second }",
    )
    found = {line: message for (line, _, _), message in messages(tmp_path, text).items()}
    assert sorted(found) == [9, 10, 13, 16, 22]
    assert "never gives up on a request" in found[9]
    for line in (10, 13, 16):
        assert "a request never gives up unless its Transport does (a `ResponseHeaderTimeout`" in found[line]
    assert "unless every caller sets a deadline or its Transport gives up" in found[22]

    # The strict policy reports the bounded ones too.
    write(tmp_path, ".remdev-lint.toml", "[rules.GH001]\nrequire-client-timeout = true\n")
    assert [line for line, _, _ in places(tmp_path)] == [9, 10, 11, 12, 13, 16, 22]


def test_a_client_used_where_it_is_made_or_returned_by_a_helper_is_followed(tmp_path):
    deadline = [
        "\tctx, cancel := context.WithTimeout(context.Background(), time.Second)",
        "\tdefer cancel()",
        "\treq, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)",
    ]
    text = ctx_source(
        "func inline(u string) {",
        *deadline,
        "\t_, _ = (&http.Client{}).Do(req)",  # used where it is made: its request has a deadline
        "}",
        "",
        "type notifier struct{ own *http.Client }",
        "",
        "func (n *notifier) client() *http.Client {",
        "\tif n.own != nil {",
        "\t\treturn n.own",
        "\t}",
        "\treturn &http.Client{}",  # each call of client() stands for it
        "}",
        "",
        "func (n *notifier) send(u string) {",
        *deadline,
        "\t_, _ = n.client().Do(req)",
        "}",
    )
    assert lint(tmp_path, text) == []

    # Another call of the helper sends a request without a deadline: that client can hang.
    write(tmp_path, "more.go", ctx_source("func (n *notifier) ping(u string) { n.client().Get(u) }"))
    assert [(d["path"], d["line"]) for d in diagnostics(tmp_path)] == [("client.go", 22)]

    # The helper used as a value too: where that value is called cannot be followed.
    write(tmp_path, "more.go", ctx_source("func (n *notifier) getter() func() *http.Client { return n.client }"))
    assert [(d["path"], d["line"]) for d in diagnostics(tmp_path)] == [("client.go", 22)]

    # Returned by an exported function, it escapes: reported.
    (tmp_path / "more.go").unlink()
    write(tmp_path, "client.go", text.replace("client()", "Client()"))
    assert [(d["path"], d["line"]) for d in diagnostics(tmp_path)] == [("client.go", 22)]
