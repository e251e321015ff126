"""Go files built to hurt the linter: whatever a repository holds, a run finishes, with the right
findings or none, and never with a traceback.

Each case is a small reproduction: constants nested or chained thousands deep, constants too large
for Go, syntax nested deeper than the linter goes, many clients, long lines. Each test runs under a
time limit, so that a hang or a quadratic blow-up fails it instead of stalling the run; the inputs
are small enough to finish in well under a second each once fixed. How fast large files are is
measured, not tested here.
"""

from __future__ import annotations

import signal

import pytest

from conftest import json_diagnostics, run_cli, write
from remdev_lint import values

HEAD = 'package api\n\nimport (\n\t"net/http"\n\t"time"\n)\n\n'  # lines 1-7; line 8 is a case's first


@pytest.fixture(autouse=True)
def _time_limit():
    """Every test here fails after 20 seconds instead of running on."""
    if not hasattr(signal, "SIGALRM"):
        pytest.skip("needs SIGALRM to bound the time a case may take")

    def expired(signum, frame):
        raise TimeoutError("the case took more than 20 seconds")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def lint(tmp_path, text: str, select: str = "GH") -> list[tuple[int, int, str]]:
    """(line, column, rule) of what a run over one Go file reports (no error output, exit 0 or 1)."""
    write(tmp_path, "client.go", text)
    return [(d["line"], d["column"], d["rule"]) for d in json_diagnostics(tmp_path, select=select)]


def client_with(timeout: str, decls: str = "") -> str:
    """A file whose line 8 (or the line after ``decls``) is `var c = &http.Client{Timeout: <timeout>}`."""
    return HEAD + decls + f"var c = &http.Client{{Timeout: {timeout}}}\n"


def timeout_column(text: str) -> tuple[int, int]:
    """Line and column of the Timeout value of the last client literal in ``text``."""
    lines = text.split("\n")
    line = max(i for i, row in enumerate(lines) if "Timeout: " in row)
    return line + 1, lines[line].index("Timeout: ") + len("Timeout: ") + 1


# --- constants nested or chained deep --------------------------------------------------------------


def test_a_chain_of_two_thousand_constants_is_evaluated(tmp_path):
    chain = "const c0 = time.Second\n" + "".join(f"const c{i} = c{i - 1} + time.Second\n" for i in range(1, 2000))
    text = client_with("c1999", chain)
    assert lint(tmp_path, text) == [(*timeout_column(text), "GH003")]  # 2000 s: longer than 3 s


def test_a_timeout_nested_in_three_thousand_parentheses_is_evaluated(tmp_path):
    text = client_with("(" * 3000 + "0" + ")" * 3000)
    assert lint(tmp_path, text) == [(*timeout_column(text), "GH001")]  # Timeout 0: no timeout at all


def test_a_timeout_summed_from_three_thousand_terms_is_evaluated(tmp_path):
    text = client_with("(" + " + ".join(["1"] * 3000) + ") * time.Second")
    assert lint(tmp_path, text) == [(*timeout_column(text), "GH003")]  # 3000 s


@pytest.mark.parametrize(
    "decls",
    [
        # each doubles the number of terms: 2^300 of them, evaluated once each constant
        "const c0 = time.Nanosecond\n" + "".join(f"const c{i} = c{i - 1} + c{i - 1}\n" for i in range(1, 301)),
        # each squares the value: 2^(2^300) nanoseconds, over 512 bits after 9 steps
        "const c0 = 2 * time.Nanosecond\n" + "".join(f"const c{i} = c{i - 1} * c{i - 1}\n" for i in range(1, 301)),
    ],
    ids=["doubling", "squaring"],
)
def test_constants_that_grow_exponentially_are_unknown_at_once(tmp_path, decls):
    assert lint(tmp_path, client_with("c300", decls)) == []  # Go rejects them: never judged


def test_constants_defined_in_a_cycle_are_unknown(tmp_path):
    decls = "".join(f"const c{i} = c{(i + 1) % 1000} + time.Second\n" for i in range(1000))
    assert lint(tmp_path, client_with("c0", decls)) == []


# --- constants Go would reject or that this linter does not evaluate -----------------------------


@pytest.mark.parametrize(
    "timeout",
    [
        "1" + "0" * 300 + " * time.Second",  # 300 digits: over 512 bits
        "0x" + "f" * 200 + " * time.Nanosecond",
        "10000000000 * time.Second",  # 1e19 ns: overflows time.Duration (int64)
        "time.Hour * 10000000 - time.Hour * 9999999",  # overflows at the first step, as Go says
        "1e400 * time.Second",  # too large for a float
        "1e-400 * 1e400 * time.Second",  # a float too small is not 0: Go's constants are exact
        "0x1p100000000 * time.Second",
        "time.Duration(1e300)",
        "1i * time.Second",
        "'a' * time.Second",
        "1 << 100000000",
        "1 << 1000000000",
        "time.Second << 1000000000",
        "time.Second / 0",
        "time.Second % 0",
    ],
)
def test_constants_out_of_range_or_unknown_are_never_judged(tmp_path, timeout):
    assert lint(tmp_path, client_with(timeout)) == []


def test_a_constant_just_inside_the_range_of_a_duration_is_judged(tmp_path):
    text = client_with("9223372036 * time.Second")  # 9.2e18 ns: the largest whole seconds in int64
    assert lint(tmp_path, text) == [(*timeout_column(text), "GH003")]


# --- nesting and size ------------------------------------------------------------------------------


def test_a_file_nested_deeper_than_the_linter_goes_is_reported_at_once(tmp_path):
    # 70,000 selectors in a chain: tree-sitter's own queries go wrong past 65,535 levels
    text = HEAD + "var v = b" + ".x" * 70_000 + "\n\nfunc f() { _, _ = http.Get(u) }\n"
    found = lint(tmp_path, text, select="GH,RL001")
    assert [rule for _, _, rule in found] == ["RL001"]


def test_a_literal_nested_a_thousand_levels_deep_is_reported(tmp_path):
    nested = "{Jar: " * 1000 + "{}" + "}" * 1000
    text = HEAD + f"var cs = []*http.Client{{{nested}}}\n"
    assert lint(tmp_path, text) == [(8, 25, "GH001")]  # the element has no Timeout


def test_thousands_of_clients_at_package_level(tmp_path):
    text = HEAD + "".join(f"var c{i} = http.Client{{}}\n" for i in range(6000))
    assert lint(tmp_path, text) == [(8 + i, len(f"var c{i} = ") + 1, "GH001") for i in range(6000)]


def test_thousands_of_clients_given_a_timeout_later_in_one_function(tmp_path):
    body = "".join(f"\tc{i} := &http.Client{{}}\n\tc{i}.Timeout = time.Second\n" for i in range(4000))
    unset = '\td := &http.Client{}\n\td.Timeout = 0\n\t_, _ = d.Get("u")\n'
    text = HEAD + "func f() {\n" + body + unset + "}\n"
    assert lint(tmp_path, text) == [(9 + 2 * 4000, 8, "GH001")]  # only d: its later Timeout is 0


def test_columns_far_along_a_long_line_count_code_points(tmp_path):
    head = 'package api; import ("net/http"; "time"); var é, 日本 = 1, 2; '
    clients = "".join(f"var c{i} = &http.Client{{Timeout: time.Hour}}; " for i in range(3000))
    text = head + clients + "\n"
    found = lint(tmp_path, text)
    expected = [(1, text.index(f"var c{i} = ") + len(f"var c{i} = &http.Client{{Timeout: ") + 1) for i in range(3000)]
    assert [(line, column) for line, column, _ in found] == expected


def test_a_long_build_line_many_imports_and_long_names(tmp_path):
    build = "//go:build " + " || ".join(f"tag{i}" for i in range(20_000)) + "\n\n"
    imports = "".join(f'\t"example.com/p{i}"\n' for i in range(5_000))
    name = "x" * 20_000
    text = build + f'package api\n\nimport (\n{imports}\t{name} "net/http"\n)\n\nvar c = {name}.Client{{}}\n'
    line = text.count("\n", 0, text.index("var c ="))
    assert lint(tmp_path, text) == [(line + 1, 9, "GH001")]


def test_a_syntax_error_deep_inside_parentheses_is_a_syntax_error(tmp_path):
    write(tmp_path, "client.go", HEAD + "var v = " + "(" * 3000 + "1 +" + ")" * 3000 + "\n")
    found = json_diagnostics(tmp_path, select="GH,RL001")
    assert [d["rule"] for d in found] == ["RL001"]
    assert "syntax error" in found[0]["message"]


# --- value grammars: numbers of any length ----------------------------------------------------------


def test_value_grammars_read_numbers_of_any_length():
    digits = "9" * 5000
    assert values.go_version_key("1." + digits) > values.go_version_key("1.22")
    assert values.go_version_key("1.2" + digits) > values.go_version_key("1.3")  # longer is larger
    assert values.port(digits) > 65535
    assert values.port("²") is None  # a digit, but not one a port is written with
    assert values.port("0080") == 80 and values.openssh_seconds("0") == 0
    assert values.openssh_seconds(digits + "s") > 86400
    assert values.byte_size(digits) is None  # too large for Docker
    assert values.number(10**400) == float("inf") and values.number(-(10**400)) == float("-inf")
    assert values.duration_seconds(10**400) == float("inf")


def test_a_go_mod_with_a_five_thousand_digit_go_version(tmp_path):
    write(tmp_path, "go.mod", "module example.com/m\n\ngo 1." + "9" * 5000 + "\n")
    result = run_cli(["--format", "json", "--select", "GM003", "go.mod"], tmp_path)
    assert result.err == "" and result.code == 0, result  # newer than any minimum: nothing to say


def test_members_written_with_comments_around_the_dot_are_found(tmp_path):
    text = HEAD + "var a = http /* a.b */ . /* c */ Get\nvar b = http.\n\t// why\n\tHead\nvar c = b.x.Get\n"
    assert lint(tmp_path, text) == [(8, 9, "GH002"), (9, 9, "GH002")]


def test_thousands_of_clients_stored_in_one_field_are_judged_once(tmp_path):
    # Each client's requests are the field's: judged once for the file, not once per client
    # (quadratic before: 2,000 of each took over five minutes).
    sets = "".join(f"func (s *S) set{i}() {{ s.client = &http.Client{{}} }}\n" for i in range(1000))
    gets = "".join(
        f"func (s *S) get{i}(ctx context.Context) {{ ctx, cancel := context.WithTimeout(ctx, time.Second); "
        f'defer cancel(); req, _ := http.NewRequestWithContext(ctx, "GET", "u", nil); _, _ = s.client.Do(req) }}\n'
        for i in range(1000)
    )
    head = 'package api\n\nimport (\n\t"context"\n\t"net/http"\n\t"time"\n)\n\ntype S struct{ client *http.Client }\n\n'
    assert lint(tmp_path, head + sets + gets + 'func (s *S) leak() { _, _ = s.client.Get("u") }\n') == [
        (11 + i, 33 + len(str(i)), "GH001") for i in range(1000)
    ]


def test_what_stands_among_a_projects_go_files_never_stalls_the_import_graph(tmp_path):
    import os

    # A finding makes the linter read the header of every Go file of the project (who imports
    # the package?): a FIFO named like one, a go.mod that is one, a link to /dev/zero are passed by.
    write(tmp_path, "go.mod", "module example.com/app\n\ngo 1.22\n")
    # It imports testing: test code, unless another package imports it (long.go, past 64 KiB).
    write(tmp_path, "srv/srv.go", 'package srv\n\nimport (\n\t"net/http"\n\t"testing"\n)\n\nvar s = &http.Server{}\n')
    os.mkfifo(tmp_path / "pipe.go")
    (tmp_path / "nested").mkdir()
    os.mkfifo(tmp_path / "nested" / "go.mod")
    os.symlink("/dev/zero", tmp_path / "zero.go")
    write(tmp_path, "long.go", "package app\n\n" + "// x\n" * 40_000 + 'import _ "example.com/app/srv"\n')

    result = run_cli(["--format", "json", "--select", "GH004", "srv/srv.go"], tmp_path)
    assert result.code == 1, result
    assert '"srv/srv.go"' in result.out
    (tmp_path / "long.go").unlink()
    assert run_cli(["--select", "GH004", "srv/srv.go"], tmp_path).code == 0
