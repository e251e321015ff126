"""Go source against the Go toolchain: a file `gofmt -e` accepts gets no syntax error, and a file it
rejects gets one on the line gofmt names first.

The grammar (tree-sitter-golang) follows the Go version of its own version number; these cases
are minimal reproductions of the syntax each recent Go release added, a table of broken files, and
the packages of the Go installation's own source tree. Skipped, with the reason, where gofmt is
not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REQUIRE_ORACLES, oracle_unavailable
from remdev_lint.formats.go import parse
from remdev_lint.model import ParseError

GOFMT = shutil.which("gofmt")
needs_gofmt = pytest.mark.skipif(
    GOFMT is None and not REQUIRE_ORACLES, reason="needs gofmt (the Go toolchain), which is not installed"
)

#: Syntax of recent Go releases, each in a file of its own (written for these tests).
MODERN = {
    "go1.26 new(expr)": """package p

import "time"

type Config struct{ Retries *int }

func f(c Config) *time.Time {
	c.Retries = new(3)
	return new(time.Now())
}
""",
    "go1.24 generic type alias": """package p

type Set[T comparable] = map[T]struct{}

type List[T any] = []T
""",
    "go1.23 range over func": """package p

import "iter"

func Count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

func use() {
	for i := range Count(3) {
		_ = i
	}
	for range Count(2) {
	}
}
""",
    "go1.21 min max clear": """package p

func f(m map[string]int, s []int) int {
	clear(m)
	clear(s)
	return max(1, min(2, 3))
}
""",
    "go1.18 generics": """package p

type Number interface {
	~int | ~int64 | ~float64
}

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func Sum[T Number](xs ...T) (total T) {
	for _, x := range xs {
		total += x
	}
	return
}

func (p *Pair[K, V]) Swap() Pair[K, V] { return *p }

var _ = Sum[int](1, 2)
var _ = Pair[string, int]{Key: "a"}
""",
    "older forms": """package p

import (
	"fmt"
	"net/http"
)

type T struct {
	http.Client `json:"client"`
	ch          <-chan int
}

func f(t *T, xs []int, v any) {
outer:
	for i := 0; i < 3; i++ {
		select {
		case x := <-t.ch:
			_ = x
			break outer
		default:
			goto done
		}
	}
done:
	switch y := v.(type) {
	case fmt.Stringer, error:
		_ = y
	}
	_ = xs[1:2:3]
	_ = [...]string{2: "b", 0: "a"}
	_ = func() (r int) { defer func() { r++ }(); return 0 }
	_ = 'é' + 0x1p-2 + 1_000 + 0o17 + 3i
}
""",
}

#: Broken files: (name, text). What gofmt says first is the oracle for the line.
BROKEN = {
    "unclosed function": "package p\n\nfunc f() {\n",
    "missing brace at the end": "package p\n\nfunc f() {\n\tx := 1\n",
    "missing paren before newline": "package p\n\nfunc f() {\n\tg(1, 2\n}\n",
    "stray brace": "package p\n\n}\n",
    "two expressions": "package p\n\nfunc f() {\n\tx = 1 2\n}\n",
    "unterminated string": 'package p\n\nvar s = "é\n',
    "operand missing": "package p\n\nvar x = 1 +\n",
    "late import": 'package p\n\nvar x = 1\n\nimport "fmt"\n',
    "statement outside a function": "package p\n\nx := 1\n",
    "extra paren": 'package p\n\nfunc f() { g("é", "ü" ) ) }\n',
    "broken literal": "package p\n\nvar c = T{A: 1,, B: 2}\n",
}


def gofmt_errors(path: Path) -> list[tuple[int, int, str]]:
    """gofmt's errors for a file: (line, byte column, message), in its order."""
    run = subprocess.run([GOFMT or "gofmt", "-e", "-l", str(path)], capture_output=True, text=True, check=False)
    return [
        (int(m.group(1)), int(m.group(2)), m.group(3))
        for m in re.finditer(r"^.*?\.go:(\d+):(\d+): (.*)$", run.stderr, re.M)
    ]


def first_error(text: str) -> ParseError | None:
    try:
        errors = parse(text).errors
    except ParseError as error:
        return error
    return errors[0] if errors else None


@needs_gofmt
@pytest.mark.parametrize("name", sorted(MODERN))
def test_go_that_gofmt_accepts_has_no_syntax_error(name, tmp_path):
    path = tmp_path / "p.go"
    path.write_text(MODERN[name], encoding="utf-8")
    assert gofmt_errors(path) == []
    assert first_error(MODERN[name]) is None


@needs_gofmt
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_syntax_error_is_on_the_line_gofmt_names_first(name, tmp_path):
    path = tmp_path / "p.go"
    path.write_text(BROKEN[name], encoding="utf-8")
    expected = gofmt_errors(path)
    assert expected, "gofmt accepts the case"
    error = first_error(BROKEN[name])
    assert error is not None
    assert error.line == expected[0][0], (error, expected[0])


def goroot_packages() -> list[Path]:
    if GOFMT is None:
        return []
    go = shutil.which("go")
    if go is None:
        return []
    root = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True, check=False).stdout.strip()
    packages = (
        "net/http",
        "net",
        "os",
        "runtime",
        "reflect",
        "go/parser",
        "go/types",
        "iter",
        "slices",
        "encoding/json",
    )
    return [Path(root, "src", package) for package in packages if Path(root, "src", package).is_dir()]


@needs_gofmt
def test_the_go_installations_own_packages_have_no_syntax_error():
    packages = goroot_packages()
    if not packages:
        oracle_unavailable("needs the go command, to find GOROOT")
    files = [path for package in packages for path in sorted(package.glob("*.go"))]
    assert len(files) > 1000
    rejected = {
        m.group(1)
        for m in re.finditer(
            r"^(.*?\.go):\d+:\d+: ",
            subprocess.run([GOFMT or "gofmt", "-e", "-l", *map(str, files)], capture_output=True, text=True).stderr,
            re.M,
        )
    }
    wrong = [
        f"{path}: {error}"
        for path in files
        if str(path) not in rejected and (error := first_error(path.read_text(encoding="utf-8"))) is not None
    ]
    assert wrong == []
