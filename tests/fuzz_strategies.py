"""Fuzzing remdev-lint: Hypothesis strategies and the properties they are checked against.

Shared by ``tests/test_fuzz.py`` (a bounded run in every ``pytest``) and ``bench/fuzz.py`` (long
runs). The properties:

* **Parsers** (:func:`check_parse`): ``formats.parse(fmt, text, path, root)`` returns a
  :class:`~remdev_lint.model.Document` or raises :class:`~remdev_lint.model.ParseError` at a
  position inside the text (line and column from 1, at most one past the end of its line); no
  other exception, no hang.
* **The command line** (:func:`check_cli`): ``remdev_lint.cli.main`` on a small project written
  to a temporary folder returns 0, 1 or 2; no exception escapes it, nothing on standard error
  looks like a traceback, a usage error says something on standard error, and a ``json`` or
  ``sarif`` report parses as JSON with every position from 1.

Inputs come in three kinds for every parser: arbitrary text (:func:`any_text`: surrogates, NUL,
``\\r``, byte order marks, control characters, huge numbers), text built from the format's grammar
(:data:`GRAMMARS`: near-valid by construction, often exactly valid), and mutations of small valid
seeds (:func:`mutated`: the seeds below, and the examples of the built-in rule files).

Known bugs that others are fixing are not reported again (:data:`KNOWN_ISSUES`, matched by
exception type and the functions it came from, sometimes by the input); each has an ``xfail``
regression case in ``tests/test_fuzz.py``. One known slowness is kept out of the inputs instead
(YAML flow collections nested thousands deep: see :func:`deep_texts`).

Every example runs under :func:`time_limit` (``$REMDEV_LINT_FUZZ_HANG_SECONDS``, 5 s by default):
a hang fails the property instead of hanging the suite.

The profile comes from ``$REMDEV_LINT_FUZZ``: ``ci`` (the default: about a hundred examples per
property, no example database) or ``long`` (20,000 per property, with an example database in the
system's temporary folder). Nothing is ever written into the repository: Hypothesis's own folder
is moved to the temporary folder too (``$HYPOTHESIS_STORAGE_DIRECTORY`` still wins).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import signal
import sys
import tempfile
import threading
import traceback
from collections import Counter, defaultdict
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase

REPO = Path(__file__).resolve().parents[1]
#: Where Hypothesis keeps its files (and, in the ``long`` profile, its examples): never the repo.
FUZZ_HOME = Path(tempfile.gettempdir()) / "remdev-lint-fuzz"
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(FUZZ_HOME / "hypothesis")

#: The parser formats, as ``remdev_lint.formats.PARSERS`` names them.
FORMATS = ("gomod", "gowork", "json", "jsonc", "yaml", "compose", "toml", "go", "ssh_config", "sshd_config")

# --------------------------------------------------------------------------------------------
# Profiles

PROFILE = os.environ.get("REMDEV_LINT_FUZZ", "ci")
_HEALTH = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]
settings.register_profile(
    "ci",
    deadline=None,
    database=None,
    max_examples=100,
    print_blob=True,
    suppress_health_check=_HEALTH,
)
settings.register_profile(
    "long",
    deadline=None,
    database=DirectoryBasedExampleDatabase(str(FUZZ_HOME / "examples")),
    max_examples=20_000,
    print_blob=True,
    suppress_health_check=_HEALTH,
)
if PROFILE not in ("ci", "long"):
    raise ValueError(f"REMDEV_LINT_FUZZ={PROFILE!r}: expected ci or long")

#: Seconds one example may take before it counts as a hang.
HANG_SECONDS = float(os.environ.get("REMDEV_LINT_FUZZ_HANG_SECONDS", "5"))


def fuzz_settings(max_examples: int) -> settings:
    """The profile's settings; in the ``ci`` profile, ``max_examples`` examples."""
    profile = settings.get_profile(PROFILE)
    if PROFILE == "ci":
        return settings(profile, max_examples=max_examples)
    return profile


# --------------------------------------------------------------------------------------------
# Hangs, known issues, statistics


class Hang(Exception):
    """An example ran longer than :data:`HANG_SECONDS` (raised from a SIGALRM handler)."""


@contextlib.contextmanager
def time_limit(seconds: float = HANG_SECONDS):
    """Raise :class:`Hang` in the block when it runs longer than ``seconds`` (main thread, Unix;
    elsewhere no limit). Python code and regular expressions are interrupted; C code that never
    returns to the interpreter (tree-sitter) is not."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    active = [True]

    def on_alarm(signum, frame):
        if active[0]:
            raise Hang(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # The timer repeats: an exception raised where Python swallows it (a garbage collector
    # callback) does not end the block, so it is raised again a moment later.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        active[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class KnownIssue:
    """A bug that others are fixing, recognised by the exception it raises: its type, a file of
    remdev_lint and functions one of which is in the traceback (when given), text its message
    contains (when given), and a predicate on the input (when given)."""

    def __init__(self, name, kind, filename=None, functions=(), message=None, when=None) -> None:
        self.name, self.kind, self.filename, self.functions = name, kind, filename, set(functions)
        self.message, self.when = message, when

    def matches(self, exc: BaseException, fmt: str | None, text: str | None) -> bool:
        if not isinstance(exc, self.kind):
            return False
        if self.message is not None and self.message not in str(exc):
            return False
        if self.when is not None and not self.when(fmt, text):
            return False
        if self.filename is None:
            return True
        suffix = os.sep + os.path.join("remdev_lint", *self.filename.split("/"))
        frames = traceback.extract_tb(exc.__traceback__)
        return any(f.filename.endswith(suffix) and (not self.functions or f.name in self.functions) for f in frames)


#: Each has a regression case in tests/test_fuzz.py, xfail until fixed: remove the entry then.
#: (bench/fuzz.py appends the failures it finds, to search on past them.) The ones fixed since the
#: harness found them are gone from here; their regression cases stay.
KNOWN_ISSUES = [
    # A `%YAML` directive with another version than 1.1 or 1.2 (`%YAML 1.0`, `%YAML 1.3`), or with
    # a number of 4,301 digits, trips an assertion, a KeyError or int()'s ValueError in
    # ruamel.yaml, which formats/yaml.py lets out.
    KnownIssue(
        "yaml-version-directive",
        (AssertionError, KeyError, ValueError),
        "formats/yaml.py",
        when=lambda fmt, text: text is None or "%YAML" in text,
    ),
]


def known_issue(exc: BaseException, fmt: str | None = None, text: str | None = None) -> str | None:
    """The name of the known issue ``exc`` is, if it is one."""
    return next((issue.name for issue in KNOWN_ISSUES if issue.matches(exc, fmt, text)), None)


#: target -> outcome -> count, for bench/fuzz.py's report.
STATS: defaultdict[str, Counter] = defaultdict(Counter)


# --------------------------------------------------------------------------------------------
# The parser property


def _lines(fmt: str, text: str) -> list[str]:
    """The lines of ``text`` as ``fmt``'s parser counts them (a leading BOM is not counted)."""
    body = text[1:] if text.startswith("\ufeff") else text
    if fmt in ("gomod", "gowork", "toml", "go"):
        return body.split("\n")
    return re.split(r"\r\n|\r|\n", body)


def check_position(fmt: str, text: str, line: object, column: object, what: str, lines=None) -> None:
    """``line:column`` is a position of ``text``: from 1, and at most one past its line's end
    (``lines``: ``_lines(fmt, text)``, when the caller has them)."""
    assert type(line) is int and type(column) is int, f"{what}: position {line!r}:{column!r} is not two ints"
    assert line >= 1 and column >= 1, f"{what}: position {line}:{column} is not from 1"
    lines = _lines(fmt, text) if lines is None else lines
    assert line <= len(lines), f"{what}: line {line} is past the last line ({len(lines)})"
    assert column <= len(lines[line - 1]) + 1, (
        f"{what}: column {column} is past the end of line {line} ({len(lines[line - 1])} characters)"
    )


def check_parse(fmt: str, text: str, target: str | None = None) -> str:
    """The parser contract on one input; returns ``parsed``, ``rejected`` or ``known:<issue>``."""
    from remdev_lint.formats import parse
    from remdev_lint.model import Document, ParseError

    stats = STATS[target or fmt]
    path, root = None, None
    if fmt in ("ssh_config", "sshd_config"):
        root = str(ssh_folder())
        path = os.path.join(root, fmt)
    try:
        with time_limit():
            document = parse(fmt, text, path, root)
    except ParseError as exc:
        assert isinstance(exc.message, str) and exc.message, "ParseError without a message"
        try:
            check_position(fmt, text, exc.line, exc.column, f"ParseError {exc.message!r}")
        except AssertionError as failure:
            return _known(failure, fmt, text, stats)
        stats["rejected"] += 1
        return "rejected"
    except Exception as exc:
        return _known(exc, fmt, text, stats)
    assert isinstance(document, Document), f"parse returned {type(document).__name__}, not a Document"
    try:
        check_document(fmt, text, document)
    except AssertionError as failure:
        return _known(failure, fmt, text, stats)
    stats["parsed"] += 1
    return "parsed"


def _short(value) -> str:
    if isinstance(value, (dict, list)):
        return f"({type(value).__name__} of {len(value)})"
    return repr(value)[:40]


def check_document(fmt: str, text: str, document) -> None:
    """Every span of the document (nodes, keys, comments) is a range of ``text``: both ends are
    positions of it, the end not before the start. Nodes read from other files (OpenSSH's
    ``Include``: a node with an ``origin``, and what is under it) are left out, and so is the root
    (a Go file's is tree-sitter's)."""
    from remdev_lint.model import Node

    spans = [("comment", None, comment.span) for comment in document.comments]
    stack = [(document.root, False)]
    seen = set()
    while stack:
        node, elsewhere = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        elsewhere = elsewhere or node.origin is not None  # what is under a node of another file is too
        if not elsewhere and node is not document.root:
            spans.append(("node", node, node.span))
            if node.key_span is not None:
                spans.append(("key of node", node, node.key_span))
        value = node.value
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        stack.extend((child, elsewhere) for child in children if isinstance(child, Node))
    lines = _lines(fmt, text)
    for kind, node, span in spans:
        what = kind if node is None else f"{kind} {_short(node.value)}"
        check_position(fmt, text, span.line, span.column, f"{what} starts", lines)
        check_position(fmt, text, span.end_line, span.end_column, f"{what} ends", lines)
        assert (span.end_line, span.end_column) >= (span.line, span.column), (
            f"{what}: span {span} ends before it starts"
        )


def _known(exc: Exception, fmt: str | None, text: str | None, stats: Counter) -> str:
    """``known:<issue>`` for a known issue (counted); any other exception is raised again."""
    issue = known_issue(exc, fmt, text)
    if issue is None:
        raise exc
    stats[f"known:{issue}"] += 1
    return f"known:{issue}"


_SSH_FOLDER: Path | None = None


def ssh_folder() -> Path:
    """A folder (in the temporary folder, made once) that OpenSSH files are parsed in: it holds
    files for ``Include`` to find, one of which includes itself."""
    global _SSH_FOLDER
    if _SSH_FOLDER is None:
        folder = Path(tempfile.mkdtemp(prefix="remdev-lint-fuzz-ssh-"))
        files = {
            "ssh_config.d/10-dev.conf": "Host dev\n  HostName dev.example.com\n  ControlMaster auto\n",
            "sshd_config.d/10-dev.conf": "MaxSessions 4\nMatch User dev\n  AllowTcpForwarding no\n",
            "loop.conf": "Include loop.conf\nServerAliveInterval 30\n",
            "conf.d/a.conf": "Host *.prod\n  User deploy\n",
        }
        for relpath, content in files.items():
            (folder / relpath).parent.mkdir(parents=True, exist_ok=True)
            (folder / relpath).write_text(content, encoding="utf-8")
        _SSH_FOLDER = folder
    return _SSH_FOLDER


# --------------------------------------------------------------------------------------------
# Arbitrary text

#: Characters that break parsers: controls, line and paragraph separators, BOMs, surrogates.
WEIRD = (
    "\x00",
    "\x01",
    "\x08",
    "\t",
    "\x0b",
    "\x0c",
    "\r",
    "\n",
    "\r\n",
    "\x1b",
    "\x7f",
    "\x85",
    "\xa0",
    "\u2028",
    "\u2029",
    "\u200b",
    "\ufeff",
    "\ufffd",
    "\ufffe",
    "\ud800",
    "\udfff",
    "\U0010ffff",
    "\U0001f600",
    "é",
    "e\u0301",
    "İ",
    "ß",
)
PUNCTUATION = tuple("{}[]()<>\"'`#:;,.=+-*/\\!?&|%$@~^_ ")


def huge_numbers() -> st.SearchStrategy[str]:
    """Numbers that overflow: long digit strings (past int()'s 4,300-digit limit), exponents."""
    return st.one_of(
        st.integers(1, 6000).map(lambda n: "9" * n),
        st.integers(300, 400).map(lambda n: "1" + "0" * n),
        st.sampled_from(
            [
                "1e400",
                "-1e400",
                "1e-400",
                "0x" + "f" * 40,
                "9223372036854775808",
                "-9223372036854775809",
                "18446744073709551616",
                "1_000",
                "0b" + "1" * 80,
                "0o" + "7" * 40,
                "1.7976931348623157e309",
                "NaN",
                "Infinity",
                "-0",
                "0.0000000000000000000000000001",
            ]
        ),
    )


def _pieces(tokens: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A format's token (most often), a weird character, punctuation, or (rarely) a huge number."""
    return st.integers(0, 9).flatmap(
        lambda n: (
            huge_numbers()
            if n == 0
            else st.sampled_from(WEIRD)
            if n < 3
            else st.sampled_from(PUNCTUATION)
            if n < 5 or not tokens
            else st.sampled_from(tokens)
        )
    )


def any_text(tokens: tuple[str, ...] = ()) -> st.SearchStrategy[str]:
    """Arbitrary text: any code point (surrogates included), weird characters and punctuation, and
    a soup of ``tokens`` (a format's words) mixed with those."""
    soup = _pieces(tokens)
    return st.one_of(
        st.text(st.characters(exclude_categories=())),
        joined(st.sampled_from(WEIRD + PUNCTUATION), max_size=30),
        st.lists(soup, max_size=40).map("".join),
    )


# --------------------------------------------------------------------------------------------
# Mutations


@st.composite
def mutated(draw, seeds: st.SearchStrategy[str], tokens: tuple[str, ...] = ()) -> str:
    """A seed with up to 6 edits: deletions, insertions (a token, a weird character, a huge
    number), duplications, truncation, line-ending changes."""
    text = draw(seeds)
    inserts = _pieces(tokens)
    for _ in range(draw(st.integers(0, 6))):
        size = len(text)
        op = draw(st.sampled_from(["delete", "insert", "insert", "duplicate", "replace", "truncate", "newlines"]))
        start = draw(st.integers(0, size))
        end = draw(st.integers(start, min(size, start + 40)))
        if op == "delete":
            text = text[:start] + text[end:]
        elif op == "insert":
            text = text[:start] + draw(inserts) + text[start:]
        elif op == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        elif op == "replace":
            text = text[:start] + draw(inserts) + text[end:]
        elif op == "truncate":
            text = text[:start]
        else:
            text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r", "\n\n", " \n", "\t\n"])))
    return text


# --------------------------------------------------------------------------------------------
# Small helpers for grammars


def joined(parts: st.SearchStrategy[str], separator: str = "", min_size: int = 0, max_size: int = 12):
    return st.lists(parts, min_size=min_size, max_size=max_size).map(separator.join)


def words(*choices: str) -> st.SearchStrategy[str]:
    return st.sampled_from(choices)


BLANK = words("", " ", "  ", "\t", " \t")
NEWLINE = st.sampled_from(["\n"] * 6 + ["\r\n", "\n\n", "\r"])
SMALL_TEXT = st.text(
    st.one_of(st.sampled_from("abcxyz0129-_./ "), st.sampled_from([c for c in WEIRD if len(c) == 1]), st.characters()),
    max_size=8,
)


def concat(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


# --------------------------------------------------------------------------------------------
# go.mod and go.work

MOD_PATHS = (
    "example.com/app",
    "example.com/lib",
    "example.com/lib/v2",
    "example.com/lib/v0",
    "example.com/lib/v1",
    "example.com/lib/v2.1",
    "gopkg.in/yaml.v3",
    "gopkg.in/yaml.v0",
    "gopkg.in/yaml.v1-unstable",
    "gopkg.in/x",
    "golang.org/x/mod",
    "a",
    "./lib",
    "../lib",
    ".",
    "..",
    "/home/me/lib",
    "~/lib",
    "C:\\src\\lib",
    "C:foo",
    "\\\\server\\share",
    ".\\lib",
    "..\\lib",
    "example.com/lib@v1.0.0",
    '"example.com/quoted"',
    '"./with space"',
    '"\\x41\\u00e9\\101"',
    '"\\ud800"',
    '"\\U0010ffff"',
    '"\\777"',
    '"\\q"',
    "`raw`",
    "'single'",
    "example.com/Ünicode",
)
MOD_VERSIONS = (
    "v1.2.3",
    "v0.0.0-20200101000000-abcdef123456",
    "v1.2.4-0.20200101000000-abcdef123456",
    "v2.0.0-20200101000000-abcdef123456",
    "v2.0.0+incompatible",
    "v2.0.0",
    "v1",
    "v1.2",
    "v1.2.3-pre.01",
    "v1.2.3-rc.1+build.5",
    "v01.2.3",
    "latest",
    "master",
    "1.2.3",
    '"v1.2.3"',
    '"v1.2.3',
    "v" + "9" * 30 + ".0.0",
)
GO_VERSIONS = ("1.21", "1.21.0", "1.22rc1", "1", "1.2.3.4", "01.2", "1.21.0-rc1", "go1.21", "1.999999999999999999999")
MOD_COMMENTS = (
    "// indirect",
    "// indirect; used by tests",
    "// Deprecated: use example.com/new",
    "//",
    "// remdev-lint: ignore[GM001]",
    "// remdev-lint: ignore[GM001, local-replace-missing]",
    "// remdev-lint: ignore-file[GM003]",
    "// remdev-lint: ignore[XX999]",
    "/* block */",
    "// \u2028 separator",
)
MOD_TOKENS = (
    "module",
    "go",
    "toolchain",
    "godebug",
    "require",
    "exclude",
    "replace",
    "retract",
    "tool",
    "ignore",
    "use",
    "(",
    ")",
    "=>",
    "[",
    "]",
    ",",
    "{",
    "}",
    '"',
    "`",
    "\\",
    "/*",
    "//",
    "\n",
    " ",
    *MOD_PATHS,
    *MOD_VERSIONS,
    *GO_VERSIONS,
)


def _mod_word(choices) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(choices), st.sampled_from(choices).map(lambda w: w + "x"), SMALL_TEXT)


@st.composite
def _mod_directive(draw, gomod: bool) -> tuple[str, str]:
    """(verb, arguments) of one directive."""
    path, version = _mod_word(MOD_PATHS), _mod_word(MOD_VERSIONS)
    verbs = ["go", "toolchain", "godebug", "replace"] + (
        ["module", "require", "require", "exclude", "retract", "tool", "ignore"] if gomod else ["use", "use"]
    )
    verb = draw(st.sampled_from(verbs + ["unknown"]))
    sp = draw(BLANK) or " "
    if verb == "module":
        args = draw(path)
    elif verb == "go":
        args = draw(st.one_of(st.sampled_from(GO_VERSIONS), SMALL_TEXT))
    elif verb == "toolchain":
        args = draw(words("go1.21.0", "default", "go1", "local", "go1.22rc1", "1.21"))
    elif verb == "godebug":
        args = draw(words("default=go1.21", "panicnil=1", "x", "a=b=c", '"a=b"', "k=v,w"))
    elif verb in ("require", "exclude"):
        args = draw(path) + sp + draw(version)
    elif verb == "replace":
        old = draw(path) + draw(st.one_of(st.just(""), version.map(lambda v: " " + v)))
        new = draw(path) + draw(st.one_of(st.just(""), version.map(lambda v: " " + v)))
        args = old + sp + draw(words("=>", "=> ", "->", "")) + sp + new
    elif verb == "retract":
        args = draw(st.one_of(version, st.tuples(version, version).map(lambda p: f"[{p[0]}, {p[1]}]")))
        args = draw(st.one_of(st.just(args), st.sampled_from(["[v1.0.0,", "[", "[v1 v2]", "(v1.0.0)"])))
    else:
        args = draw(path)
    return verb, args


@st.composite
def gomod_texts(draw, gomod: bool = True) -> str:
    """go.mod (or go.work) text: directives, blocks, comments, stray tokens."""
    lines = []
    for _ in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(["line", "line", "line", "block", "comment", "blank", "stray"]))
        indent = draw(BLANK)
        comment = draw(st.one_of(st.just(""), st.sampled_from(MOD_COMMENTS).map(lambda c: " " + c)))
        if kind == "line":
            verb, args = draw(_mod_directive(gomod))
            lines.append(f"{indent}{verb} {args}{comment}")
        elif kind == "block":
            verb, _ = draw(_mod_directive(gomod))
            body = []
            for _ in range(draw(st.integers(0, 4))):
                inner_verb, args = draw(_mod_directive(gomod))
                inner_comment = draw(st.one_of(st.just(""), st.sampled_from(MOD_COMMENTS).map(lambda c: " " + c)))
                body.append(
                    draw(BLANK) + (args if inner_verb == verb or draw(st.booleans()) else inner_verb) + inner_comment
                )
            opener = draw(words("(", "( ", "()", "(x", "{"))
            closer = draw(words(")", " )", "", ") x", "))"))
            lines.append(f"{verb} {opener}" + "".join("\n" + line for line in body) + "\n" + closer)
        elif kind == "comment":
            lines.append(indent + draw(st.sampled_from(MOD_COMMENTS)))
        elif kind == "blank":
            lines.append(indent)
        else:
            lines.append(draw(joined(st.sampled_from(MOD_TOKENS), " ", max_size=6)))
    return draw(words("", "\ufeff")) + "\n".join(lines) + draw(words("", "\n", "\n\n", "\r\n"))


VALID_MOD_PATHS = ("example.com/app", "example.com/lib", "example.com/lib/v2", "gopkg.in/yaml.v3", "golang.org/x/mod")
REPLACE_TARGETS = (
    "../lib",
    "./lib",
    "lib",
    "/home/me/lib",
    "~/lib",
    "C:\\src\\lib",
    "../missing",
    ".",
    "example.com/fork v1.0.1",
)


@st.composite
def valid_gomod_texts(draw, gomod: bool = True) -> str:
    """go.mod (or go.work) files that parse, with the values the GM rules judge: go versions,
    replace targets (relative, absolute, home-relative, Windows), use paths, suppressions."""
    lines = [f"module {draw(st.sampled_from(VALID_MOD_PATHS))}"] if gomod else []
    if draw(st.integers(0, 5)):
        lines.append(f"go {draw(words('1.21', '1.22.0', '1.18', '1.9', '1.21rc1', '1.100', '1.' + '9' * 25))}")
    for _ in range(draw(st.integers(0, 4))):
        target = draw(st.sampled_from(REPLACE_TARGETS))
        suppression = draw(words("", "", " // remdev-lint: ignore[GM001]", " // remdev-lint: ignore[GM002, GM001]"))
        if gomod and draw(st.booleans()):
            lines.append(
                f"require {draw(st.sampled_from(VALID_MOD_PATHS[1:]))} {draw(words('v1.2.3', 'v2.0.0', 'v3.0.1'))}"
            )
        elif gomod or draw(st.booleans()):
            lines.append(f"replace {draw(st.sampled_from(VALID_MOD_PATHS[1:]))} => {target}{suppression}")
        else:
            path = target.split(" ")[0]
            lines.append(f"use {path}{suppression}")
    if draw(st.integers(0, 4)) == 0:
        lines.insert(0, "// remdev-lint: ignore-file[GM003]")
    return "\n\n".join(lines) + "\n"


GOMOD_SEEDS = (
    """module example.com/app // Deprecated: use example.com/app2

go 1.22

toolchain go1.22.1

godebug default=go1.21

require (
	example.com/lib v1.2.3
	golang.org/x/mod v0.17.0 // indirect
	gopkg.in/yaml.v3 v3.0.1
)

replace example.com/lib => ../lib

replace example.com/other v1.0.0 => example.com/fork v1.0.1

exclude example.com/bad v0.1.0

// broken release
retract [v1.0.0, v1.0.5]

retract v0.9.0 // oops

tool example.com/cmd/gen

ignore ./node_modules
""",
    'module "example.com/quoted"\n\ngo 1.21\n\nrequire example.com/lib/v2 v2.0.0\n',
    "// comment only\n",
    "",
)
GOWORK_SEEDS = (
    "go 1.22\n\ntoolchain go1.22.1\n\nuse (\n\t./app\n\t../lib // the library\n)\n\nuse ./tools\n\nreplace example.com/lib v1.0.0 => ./lib\n",
    "go 1.21\nuse .\n",
    "godebug (\n\tpanicnil=1\n)\n",
)

# --------------------------------------------------------------------------------------------
# JSON and JSONC

JSON_STRINGS = (
    '""',
    '"a"',
    '"\\u00e9\\n\\t\\"\\\\\\/\\b\\f\\r"',
    '"\\ud83d\\ude00"',
    '"\\ud800"',
    '"\\udc00\\ud800"',
    '"\\ud800\\u0041"',
    '"\\u12"',
    '"\\uZZZZ"',
    '"\\x41"',
    '"\\\n"',
    '"a\nb"',
    '"\x00"',
    '"\x1f"',
    '"unterminated',
    "'single'",
    '"${workspaceFolder}/cmd"',
    '"' + "\U0001f600" * 3 + '"',
)
JSON_NUMBERS = ("0", "-0", "1", "-1", "1.5", "1e10", "1E+2", "2.5e-3", "01", "1.", ".5", "+1", "-", "1e", "0x10", "1_0")
JSON_KEYWORDS = ("true", "false", "null", "tru", "nul", "True", "None", "NaN", "Infinity", "undefined")
JSON_TRIVIA = (
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "// c\n",
    "//",
    "/* c */",
    "/*\n*/",
    "/* ** /",
    "/*",
    "\xa0",
    "\ufeff",
)
JSON_TOKENS = ("{", "}", "[", "]", ":", ",", '"', *JSON_STRINGS, *JSON_NUMBERS, *JSON_KEYWORDS, *JSON_TRIVIA)


def _json_trivia(comments: bool) -> st.SearchStrategy[str]:
    choices = JSON_TRIVIA if comments else (" ", "\n", "\r\n", "\t")
    return joined(st.sampled_from(choices), max_size=2)


def json_scalars() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(JSON_STRINGS),
        st.text(max_size=10).map(lambda s: json.dumps(s, ensure_ascii=False)),
        st.text(max_size=10).map(json.dumps),
        st.sampled_from(JSON_NUMBERS),
        st.integers().map(str),
        st.floats(allow_nan=False).map(lambda f: json.dumps(f)),
        huge_numbers(),
        st.sampled_from(JSON_KEYWORDS),
    )


def json_texts(comments: bool = True) -> st.SearchStrategy[str]:
    """JSON values with whitespace, and (``comments``) comments and trailing commas, anywhere."""
    trivia = _json_trivia(comments)
    keys = st.one_of(st.sampled_from(JSON_STRINGS), st.sampled_from(['"a"', '"a"', '"b"', '"type"', '"port"', "a"]))

    def collections(children):
        item = concat(trivia, children, trivia)
        member = concat(trivia, keys, trivia, words(":", ":", "", "="), trivia, children, trivia)
        trailing = words("", "", ",", ",,") if comments else words("", "", ",")
        array = concat(words("["), joined(item, ","), trailing, words("]", "]", "", "}"))
        obj = concat(words("{"), joined(member, ","), trailing, words("}", "}", "", "]"))
        return st.one_of(array, obj)

    value = st.recursive(json_scalars(), collections, max_leaves=20)
    return concat(words("", "\ufeff"), trivia, value, trivia, words("", "", "x", "}", ","))


JSONC_SEEDS = (
    """// VS Code debug configurations
{
  "version": "0.2.0",
  "configurations": [
    {
      "name": "Attach", /* remote */
      "type": "go",
      "request": "attach",
      "mode": "remote",
      "port": 2345,
      "host": "127.0.0.1",
      "substitutePath": [{"from": "${workspaceFolder}", "to": "/src"},],
    },
  ],
}
""",
    '{"a": [1, 2.5e3, -0, true, false, null, "s\\u00e9\\n"], "b": {"c": {}}, "a": 2}',
    "// only a comment\n",
    "[]",
)
JSON_SEEDS = (
    '{"a": [1, 2.5e3, -0, true, false, null, "s\\u00e9\\n\\ud83d\\ude00"], "b": {"c": {}}, "a": 2}',
    '[{"x": "y"}, [], {}, 0]',
    '"just a string"',
    "1e5",
)

# --------------------------------------------------------------------------------------------
# YAML and Compose

YAML_SCALARS = (
    "plain",
    "two words",
    "a#b",
    "a # comment",
    "0x1F",
    "0o17",
    "017",
    "1_000",
    ".inf",
    "-.Inf",
    ".nan",
    "1e3",
    "12:30:00",
    "190:20:30",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14",
    "yes",
    "No",
    "on",
    "True",
    "null",
    "~",
    "",
    "'single ''quoted'''",
    '"double \\x41 \\u263A \\U0001F600 \\N \\_ \\L \\P \\e \\0 \\t"',
    '"\\ud800"',
    '"\\udc00"',
    '"unterminated',
    "'unterminated",
    '"line\n  folded"',
    "!!str 1",
    "!!int x",
    "!!int 0x10",
    "!!float 1",
    "!!bool yes",
    "!!null ''",
    "!!binary aGVsbG8=",
    "!!timestamp 2001-12-14",
    "!Ref name",
    "!<tag:yaml.org,2002:str> x",
    "!!python/object:os.system x",
    "!e!tag x",
    "*a",
    "*b",
    "*undefined",
    "&a value",
    "[1, 2, [3]]",
    "{a: 1, b: [x, y]}",
    "{a: 1, a: 2}",
    "[a, b",
    "{a: *a}",
    "@reserved",
    "`reserved",
    "- not a seq",
    "%",
    "|",
    ">",
)
YAML_KEYS = (
    "a",
    "b",
    "key",
    "services",
    "image",
    "<<",
    "? complex",
    '"quoted key"',
    "'single'",
    "1",
    "true",
    "null",
    "[a, b]",
    "{a: 1}",
    "&k anchored",
    "*a",
    "!!str tagged",
    "",
    "a b",
)
YAML_TOKENS = (
    "---",
    "...",
    "%YAML 1.1",
    "%YAML 1.2",
    "%YAML 2.0",
    "%TAG ! tag:example.com,2000:",
    "%TAG !e! tag:e.com,2000:",
    ":",
    "- ",
    "? ",
    "#",
    "|",
    "|-",
    ">+",
    "|2",
    ">9",
    "&a",
    "*a",
    "<<: *a",
    "<<: [*a, *b]",
    "\t",
    *YAML_SCALARS,
    *YAML_KEYS,
)


@st.composite
def _yaml_block(draw, indent: int, depth: int) -> str:
    """A block mapping or sequence at ``indent`` (text starting at that indent, no final newline)."""
    pad = " " * indent
    lines = []
    mapping = draw(st.booleans())
    for _ in range(draw(st.integers(1, 4))):
        prefix = (draw(st.sampled_from(YAML_KEYS)) + ":") if mapping else "-"
        prefix = draw(st.one_of(st.just(prefix), st.sampled_from(["<<:", "- ", "? a", "key:", "-\t"])))
        properties = draw(words("", "", "", "&a ", "&b ", "!!map ", "!!seq ", "!Tag ", "&a !!str "))
        kind = draw(
            st.sampled_from(["scalar", "scalar", "block", "literal", "alias", "empty"] if depth < 3 else ["scalar"])
        )
        if kind == "scalar":
            lines.append(f"{pad}{prefix} {properties}{draw(st.sampled_from(YAML_SCALARS))}")
        elif kind == "alias":
            lines.append(f"{pad}{prefix} {draw(words('*a', '*b', '[*a, *b]', '*a, *b', '*c'))}")
        elif kind == "empty":
            lines.append(f"{pad}{prefix}")
        elif kind == "literal":
            header = draw(words("|", "|-", "|+", ">", ">-", "|2", "> # comment", "|0"))
            body = draw(st.lists(st.sampled_from(["text", "  more", "", "#not comment", "\ttab", "x: y"]), max_size=3))
            lines.append(f"{pad}{prefix} {properties}{header}" + "".join(f"\n{pad}  {b}" for b in body))
        else:
            step = draw(st.sampled_from([2, 2, 4, 0, 1, 3]))
            child = draw(_yaml_block(indent + step, depth + 1))
            lines.append(f"{pad}{prefix} {properties}".rstrip() + "\n" + child)
        if draw(st.integers(0, 5)) == 0:
            lines.append(pad + draw(words("# comment", "", "  # indented comment", "\t")))
    return "\n".join(lines)


@st.composite
def yaml_texts(draw) -> str:
    """YAML streams: directives, documents, block collections, flow collections, anchors,
    aliases, tags, merge keys, block scalars, comments."""
    documents = []
    for _ in range(draw(st.integers(1, 3))):
        head = draw(joined(words("%YAML 1.1", "%YAML 1.2", "%TAG ! tag:example.com,2000:", "# c"), "\n", max_size=2))
        start = draw(words("", "---", "--- ", "--- # doc", "--- !!map", "--- &a"))
        body = draw(
            st.one_of(
                _yaml_block(0, 0),
                st.sampled_from(YAML_SCALARS),
                joined(st.sampled_from(YAML_TOKENS), draw(words(" ", "\n", "\n  ")), max_size=10),
            )
        )
        end = draw(words("", "", "...", "... # end"))
        documents.append("\n".join(part for part in (head, start, body, end) if part))
    return draw(words("", "\ufeff")) + "\n".join(documents) + draw(words("", "\n", "\r\n", "\n\n"))


COMPOSE_SERVICE_KEYS = {
    "image": ("golang:1.22", "mcr.microsoft.com/devcontainers/go:1", "${IMAGE}"),
    "cpus": ("2", "0", "0.5", "-1", "two", "1e3", "${CPUS}", 2, 0, 1.5),
    "cpu_count": (2, 0, "x"),
    "mem_limit": ("4g", "4gb", "0", "1x", "512m", "-1", "4G", "${MEM}", 4294967296, "1.5g", "9" * 40),
    "memswap_limit": ("8g", "-1", "x"),
    "shm_size": ("1g", "z"),
    "privileged": (True, False, "true", "yes"),
    "tmpfs": ("/tmp", ["/tmp", "/run:size=64m"], "/tmp:size=0", "/tmp:mode=1777"),
    "volumes": (
        ["go-mod:/go/pkg/mod", ".:/workspace:cached"],
        ["/var/run/docker.sock:/var/run/docker.sock"],
        [{"type": "tmpfs", "target": "/tmp"}, {"type": "tmpfs", "target": "/x", "tmpfs": {"size": 0}}],
        [{"type": "bind", "source": ".", "target": "/workspace", "consistency": "cached"}],
        [{"type": "volume", "source": "go-mod"}],
        ["weird:::"],
    ),
    "command": (
        "dlv debug --headless --listen=:2345 --api-version=2 --accept-multiclient ./cmd",
        ["dlv", "exec", "--headless", "--listen", "0.0.0.0:2345", "--continue", "./app"],
        "sleep infinity",
        "dlv dap --listen=127.0.0.1:2345 --headless",
        "dlv --listen=[::]:2345 --headless debug '",
    ),
    "entrypoint": (["/bin/sh", "-c", "dlv debug --headless --api-version=1"],),
    "deploy": (
        {"resources": {"limits": {"cpus": "2", "memory": "4g"}}},
        {"resources": {"limits": {"cpus": "0", "memory": "0"}, "reservations": {"memory": "1g"}}},
        {"resources": {"limits": None}},
        {"resources": "x"},
    ),
    "environment": (["GOFLAGS=-mod=mod", "GOPROXY=direct"], {"GOPATH": "/go", "GOSUMDB": "off"}, ["X"]),
    "ports": (["2345:2345", "127.0.0.1:2345:2345"], [2345], ["x"]),
    "healthcheck": ({"test": ["CMD", "true"]},),
    "security_opt": (["seccomp:unconfined"],),
    "cap_add": (["SYS_PTRACE"],),
}


def yaml_dump(draw, value, indent: int = 0) -> str:
    """``value`` as YAML, in block or flow style, plain or quoted, chosen by ``draw``."""
    pad = " " * indent
    if isinstance(value, dict) and value and draw(st.integers(0, 4)):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:\n{yaml_dump(draw, item, indent + 2)}")
            else:
                lines.append(f"{pad}{key}: {yaml_dump(draw, item, 0).strip()}")
        return "\n".join(lines)
    if isinstance(value, list) and value and draw(st.integers(0, 4)):
        lines = []
        for item in value:
            text = yaml_dump(draw, item, indent + 2)
            lines.append(f"{pad}- {text.lstrip()}")
        return "\n".join(lines)
    if isinstance(value, str) and draw(st.booleans()):
        return pad + value if re.fullmatch(r"[\w./:${}@ -]*[\w./}]", value or "-") else pad + json.dumps(value)
    return pad + json.dumps(value)


@st.composite
def compose_values(draw) -> dict:
    services = {}
    for name in draw(st.lists(words("dev", "app", "db", "go"), min_size=1, max_size=3, unique=True)):
        keys = draw(st.lists(st.sampled_from(sorted(COMPOSE_SERVICE_KEYS)), max_size=6, unique=True))
        services[name] = {key: draw(st.sampled_from(COMPOSE_SERVICE_KEYS[key])) for key in keys}
    document = {"services": services}
    if draw(st.booleans()):
        document["volumes"] = {"go-mod": None, "other": {"driver": "local"}}
    if draw(st.integers(0, 3)) == 0:
        document["x-extra"] = draw(words("1", "x"))
    return document


@st.composite
def compose_texts(draw) -> str:
    """Compose files: services with the settings the devcontainer rules read, sometimes with an
    anchor and a merge key."""
    text = yaml_dump(draw, draw(compose_values()))
    if draw(st.integers(0, 3)) == 0:
        text = "x-base: &base\n  cpus: '2'\n  mem_limit: 4g\n" + text.replace("services:\n", "services:\n", 1)
        text = re.sub(r"^(  \w+:)$", r"\1\n    <<: *base", text, count=1, flags=re.M)
    return text + "\n"


YAML_SEEDS = (
    """%YAML 1.2
---
x-base: &base
  image: golang:1.22
  cpus: "2"
  labels: !!map {a: 1}
services:
  dev:
    <<: *base
    mem_limit: 4g
    command: |
      dlv debug --headless
      --listen=:2345
    volumes:
      - go-mod:/go/pkg/mod
      - {type: tmpfs, target: /tmp}
  other: &other
    privileged: yes
volumes:
  go-mod: {}
...
--- !!seq
- *other
- ? complex key
  : value
- 0x1F
- .inf
- !!binary aGVsbG8=
""",
    "a: 1\nb: [1, 2]\n",
    "# only a comment\n",
    "",
)
COMPOSE_SEEDS = (
    """services:
  dev:
    image: mcr.microsoft.com/devcontainers/go:1
    cpus: 2
    mem_limit: 4g
    tmpfs:
      - /tmp:size=64m
    volumes:
      - go-mod:/go/pkg/mod
      - ..:/workspaces:cached
    command: dlv debug --headless --listen=127.0.0.1:2345 --accept-multiclient ./cmd
    deploy:
      resources:
        limits: {cpus: "2", memory: 4g}
volumes:
  go-mod:
""",
)

# --------------------------------------------------------------------------------------------
# TOML

TOML_KEYS = (
    "a",
    "b",
    "key",
    "bare-key_1",
    "1234",
    '"quoted key"',
    '"a.b"',
    '"\\u00e9"',
    '"\\"q\\""',
    '""',
    "''",
    "'literal key'",
    "a.b",
    "a . b",
    'a."b".c',
    "site.'x'",
    "tool.remdev-lint",
    "3.14",
    "ü",
    "a b",
)
TOML_VALUES = (
    '"basic \\t \\n \\u00e9 \\U0001F600 \\\\ \\""',
    '"\\x41"',
    '"\\e"',
    '"\\ud800"',
    '"\\q"',
    "'literal \\ no escapes'",
    '"""\nmulti\nline \\\n   continued """',
    '"""a""""',
    '"""a"""""',
    '""""""',
    "'''\nmulti 'literal'\n'''",
    "''''a'''''",
    '"unterminated',
    "42",
    "+17",
    "-0",
    "0xDEAD_beef",
    "0o755",
    "0b1101",
    "1_000",
    "01",
    "1__0",
    "3.1415",
    "-1e+10",
    "6.626e-34",
    "inf",
    "+inf",
    "-nan",
    "1.",
    ".5",
    "true",
    "false",
    "True",
    "1979-05-27T07:32:00Z",
    "1979-05-27 07:32:00.999999-07:00",
    "1979-05-27T07:32:00z",
    "1979-05-27t07:32:00",
    "1979-05-27",
    "07:32:00",
    "07:32:00.5",
    "07:32",
    "1979-05-27T07:32",
    "0000-01-01",
    "1979-13-45",
    "1979-05-27T07:32:00+24:00",
    "[]",
    "[1, 2, 3]",
    "[1, 'a', [true], {x = 1}]",
    "[\n  1, # one\n  2,\n]",
    "[ , ]",
    "{}",
    "{ a = 1, b.c = 'x' }",
    "{ a = 1, }",
    "{ a = 1\n}",
    "{ a = { b = { c = [] } } }",
)
TOML_TOKENS = ("[", "]", "[[", "]]", "=", ".", ",", "#", "{", "}", '"', "'", '"""', "'''", *TOML_KEYS, *TOML_VALUES)


@st.composite
def toml_texts(draw) -> str:
    """TOML documents: tables, arrays of tables, dotted and quoted keys, every kind of value,
    comments, odd whitespace."""
    lines = []
    for _ in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(["pair", "pair", "pair", "table", "array", "comment", "blank", "stray"]))
        sp = draw(BLANK)
        key = draw(st.sampled_from(TOML_KEYS))
        comment = draw(words("", "", " # comment", "#", " # \x7f"))
        if kind == "pair":
            value = draw(st.one_of(st.sampled_from(TOML_VALUES), huge_numbers(), st.floats().map(repr)))
            lines.append(f"{sp}{key}{sp}={draw(BLANK)}{value}{comment}")
        elif kind == "table":
            lines.append(f"{sp}[{sp}{key}{sp}]{comment}")
        elif kind == "array":
            lines.append(f"{sp}[[{sp}{key}{sp}]]{comment}")
        elif kind == "comment":
            lines.append(f"{sp}# {draw(SMALL_TEXT)}")
        elif kind == "blank":
            lines.append(sp)
        else:
            lines.append(draw(joined(st.sampled_from(TOML_TOKENS), draw(BLANK), max_size=6)))
    newline = draw(words("\n", "\n", "\r\n", "\r"))
    return draw(words("", "\ufeff")) + newline.join(lines) + draw(words("", "\n", "\r\n"))


_TOML_CHARS = st.characters(exclude_categories=("Cs", "Cc"))


def _toml_escaped(text: str) -> str:
    """``text`` as a TOML basic string, every character past ASCII escaped (``\\uXXXX`` or
    ``\\UXXXXXXXX``)."""
    body = "".join(
        c if " " <= c < "\x7f" and c not in '"\\' else f"\\u{ord(c):04X}" if ord(c) < 0x10000 else f"\\U{ord(c):08X}"
        for c in text
    )
    return f'"{body}"'


def _toml_key(number: int) -> st.SearchStrategy[str]:
    """A key naming ``k<number>`` (unique in its table), bare, quoted or literal, or a quoted key
    with more (escapes, any character) after the name."""
    name = f"k{number}"
    return st.one_of(
        st.just(name),
        st.just(f'"{name}"'),
        st.just(f"'{name}'"),
        st.just(f'"{name}\\u00e9\\"\\t"'),
        st.just(f'"{name}\\U0001F600"'),
        st.text(_TOML_CHARS, max_size=4).map(lambda t, n=name: _toml_escaped(n + t)),
    )


_TOML_ODD_STRINGS = (
    '"""\nfirst\n  second \\\n    continued"""',
    '"""a "quoted" ""word"" """',
    '"""a\\""""',
    '"""\\\r\n  x"""',
    '""""a"""',
    "'''\nraw 'one' ''two'' \\n'''",
    "''''a'''",
    "'''a'''''",
    "''",
    '""',
    '""""""',
)
_TOML_DATES = (
    "1979-05-27T07:32:00Z",
    "1979-05-27T00:32:00-07:00",
    "1979-05-27 07:32:00.999999+05:30",
    "1979-05-27t07:32:00z",
    "1979-05-27T07:32:00",
    "1979-05-27",
    "07:32:00",
    "00:32:00.999999",
    "1979-05-27T07:32:00.5",
)


def _toml_scalar() -> st.SearchStrategy[str]:
    text = st.text(_TOML_CHARS, max_size=8)
    return st.one_of(
        text.map(_toml_escaped),
        text.map(lambda t: json.dumps(t, ensure_ascii=False)),
        text.filter(lambda t: "'" not in t).map(lambda t: f"'{t}'"),
        text.map(lambda t: '"""' + t.replace("\\", "\\\\").replace('"', '\\"') + '"""'),
        st.sampled_from(_TOML_ODD_STRINGS),
        st.integers().map(str),
        words("+1", "-0", "1_000", "0xDEAD_BEEF", "0o755", "0b1101", "+0", "9_223_372_036_854_775_807"),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        words("inf", "+inf", "-inf", "nan", "+nan", "-nan", "1e10", "1E-5", "6.02_2e2_3", "-0.0", "3.14"),
        words("true", "false"),
        st.sampled_from(_TOML_DATES),
    )


@st.composite
def _toml_any_value(draw, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["scalar", "scalar", "scalar", "array", "inline"] if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return draw(_toml_scalar())
    if kind == "array":
        items = [draw(_toml_any_value(depth + 1)) for _ in range(draw(st.integers(0, 4)))]
        gaps = [draw(words("", " ", "\n  ", " # c\n  ", "\t", "\r\n")) for _ in range(len(items) + 1)]
        trailing = draw(words("", ",")) if items else ""
        return "[" + ",".join(gap + item for gap, item in zip(gaps, items, strict=False)) + trailing + gaps[-1] + "]"
    members = []
    for index in range(draw(st.integers(0, 3))):
        key = draw(_toml_key(index))
        if draw(st.integers(0, 3)) == 0:
            key = f"{key}{draw(words('.', ' . '))}{draw(_toml_key(0))}"
        equals = draw(words("=", " = ", "\t=\t"))
        members.append(f"{key}{equals}{draw(_toml_any_value(depth + 1))}")
    space = draw(words("", " "))
    return "{" + space + ", ".join(members) + space + "}"


@st.composite
def valid_toml_texts(draw) -> str:
    """TOML documents that parse (keys are unique by construction): every string, number and
    date form, nested arrays and inline tables, dotted and quoted keys, tables and arrays of
    tables, comments everywhere, CRLF."""
    lines = []
    blank = words("", " ", "\t", "  ")
    for table in range(draw(st.integers(0, 4))):
        if table:
            headers = (
                f"[t{table}]",
                f"[ t{table} ]",
                f"[t{table}.sub]",
                f"[\"t{table}\" . 'sub']",
                "[[aot]]",
                "[[ aot ]]",
            )
            lines.append(draw(st.sampled_from(headers)) + draw(words("", " # header", "#")))
        for index in range(draw(st.integers(0, 4))):
            key = draw(_toml_key(index))
            if draw(st.integers(0, 3)) == 0:
                dot = draw(words(".", " . ", "\t."))
                key = f"d{index}{dot}{key}"
            comment = draw(words("", " # comment", "#"))
            lines.append(f"{draw(blank)}{key}{draw(blank)}={draw(blank)}{draw(_toml_any_value())}{comment}")
        if draw(st.integers(0, 3)) == 0:
            lines.append(draw(words("", "# a comment", "  ", "\t# indented")))
    newline = draw(words("\n", "\n", "\r\n"))
    return draw(words("", "\ufeff")) + newline.join(lines) + draw(words("", "\n"))


TOML_SEEDS = (
    """# a project
[project]
name = "demo"
version = "1.0"
authors = [ { name = "A", email = "a@example.com" }, ]

[tool.remdev-lint]
select = ["GM", "RL"]
ignore = ['GM003']
fail-on = "error"

[tool.remdev-lint.per-file-ignores]
"examples/**" = ["GM001"]

[tool.remdev-lint.rules.GM003]
min-go-version = "1.22"

[[servers]]
ip = "10.0.0.1"
dates = [1979-05-27T07:32:00Z, 1979-05-27, 07:32:00]

[[servers]]
a.b."c" = 0x1F
s = \"\"\"
multi \\
  line\"\"\"
l = '''raw'''
f = -inf
""",
    'a = 1\n"b" = {c = [1, 2, {d = 3}]}\n',
    "",
)

# --------------------------------------------------------------------------------------------
# Go source

GO_EXPRESSIONS = (
    "0",
    "1",
    "-1",
    "5 * time.Second",
    "time.Second * 30",
    "30 * time.Minute",
    "time.Duration(5) * time.Second",
    "time.Hour * 24 * 365",
    "1e9",
    "1.5e9",
    "0x7fffffffffffffff",
    "1<<62",
    "1 << 70",
    "0b1010",
    "0o17",
    "017",
    "1_000_000",
    "10i",
    "'a'",
    '"5s"',
    "`raw`",
    "timeout",
    "Timeout",
    "d",
    "-timeout",
    "(timeout)",
    "timeout + time.Second",
    "timeout / 0",
    "0 * time.Second",
    "-5 * time.Second",
    "nil",
    "x.y.z",
    "f()",
    "math.MaxInt64",
    "time.Duration(1e18) * 1000",
    "1 / 0.0",
)
GO_STATEMENTS = (
    "c := &http.Client{Timeout: {e}}",
    "c := http.Client{}",
    "var c = &http.Client{Transport: t}",
    "c := &nethttp.Client{Timeout: {e}}",
    "c := new(http.Client)",
    "c := &http.Client{}\n\tc.Timeout = {e}",
    "resp, err := http.Get(url)",
    'http.Post(url, "text/plain", nil)',
    "http.DefaultClient.Do(req)",
    "http.Head(u)",
    "http.PostForm(u, nil)",
    'srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: {e}}',
    "srv := http.Server{Handler: h}",
    "srv := &http.Server{ReadTimeout: {e}, WriteTimeout: {e}}",
    'http.ListenAndServe(":8080", nil)',
    'http.ListenAndServeTLS(":443", "c", "k", nil)',
    "http.Serve(l, nil)",
    "_ = {e}",
    "const local = {e}",
    "go func() { http.Get(u) }()",
    "defer resp.Body.Close()",
    "for i := range 10 { _ = i }",
    "if x := {e}; x > 0 { return }",
    "switch { case true: }",
    "select {}",
    "goto end\nend:",
    "var s = []string{\"a\", `b`, '\\x41'}",
    'x := "\\xff\\u00e9\\U0001F600\\377\\ud800"',
    "// remdev-lint: ignore[GH001]",
    "/* block */",
)
GO_TOP = (
    "const timeout = {e}",
    "const (\n\tA = iota\n\tB\n\tTimeout = {e}\n)",
    "var d = {e}",
    "var client = &http.Client{Timeout: {e}}",
    "type T struct{ c http.Client }",
    "type Client = http.Client",
    "func helper() *http.Client { return &http.Client{} }",
    "func (t *T) M() {}",
    "func G[T any](x T) T { return x }",
    "var _ = http.Get",
    "//go:generate echo hi",
)
GO_TOKENS = (
    "package",
    "import",
    "func",
    "var",
    "const",
    "type",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ";",
    ",",
    ":=",
    "=",
    '"',
    "`",
    "'",
    "/*",
    "*/",
    "//",
    "http",
    ".",
    "Client",
    "Timeout",
    ":",
    "time.Second",
    "&",
    "\n",
    *GO_EXPRESSIONS,
)


@st.composite
def go_texts(draw) -> str:
    """Go source: a package clause, imports (renamed, dot, blank), constants, and functions whose
    bodies make http.Clients and Servers with constant expressions, plus stray tokens."""
    expression = st.one_of(
        st.sampled_from(GO_EXPRESSIONS),
        huge_numbers(),
        st.tuples(
            st.sampled_from(GO_EXPRESSIONS), words("+", "*", "-", "/", "<<", "%"), st.sampled_from(GO_EXPRESSIONS)
        ).map(" ".join),
    )

    def fill(template: str) -> str:
        return re.sub(r"\{e\}", lambda _: draw(expression), template)

    parts = [
        draw(words("", "// Code generated by gen. DO NOT EDIT.\n\n", "//go:build linux\n\n", "/* c */ ", "\ufeff"))
    ]
    parts.append(draw(words("package main", "package p", "package", "package main;", "package _", "")))
    imports = draw(
        st.lists(
            words(
                '"net/http"',
                'h "net/http"',
                'nethttp "net/http"',
                '. "net/http"',
                '_ "net/http"',
                '"time"',
                '"fmt"',
                '"net/http/httptest"',
                '"\\x6eet/http"',
                '"net/http',
            ),
            max_size=4,
        )
    )
    if imports:
        if draw(st.booleans()):
            parts.append("import (\n" + "".join(f"\t{i}\n" for i in imports) + ")")
        else:
            parts.extend(f"import {i}" for i in imports)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["top", "func", "stray"]))
        if kind == "top":
            parts.append(fill(draw(st.sampled_from(GO_TOP))))
        elif kind == "func":
            body = [fill(draw(st.sampled_from(GO_STATEMENTS))) for _ in range(draw(st.integers(0, 4)))]
            parts.append(
                "func "
                + draw(words("main()", "f(url string)", "init()", "(s *S) Do()", "g[T any]()"))
                + " {\n"
                + "".join(f"\t{s}\n" for s in body)
                + draw(words("}", "}", "", "}}"))
            )
        else:
            parts.append(draw(joined(st.sampled_from(GO_TOKENS), draw(BLANK), max_size=8)))
    return draw(words("\n", "\n\n", "\r\n", ";\n")).join(parts) + draw(words("\n", "", "\r\n"))


@st.composite
def valid_go_texts(draw) -> str:
    """Go files that parse, with the http clients, servers and constants the GH rules judge, and
    constant expressions from plain to overflowing."""
    expression = st.one_of(
        st.sampled_from(GO_EXPRESSIONS[:17] + ("timeout", "(timeout)", "timeout + time.Second", "-5 * time.Second")),
        st.integers(0, 400).map(lambda n: "9" * n + "1"),
        st.integers(0, 5).map(lambda n: "(" * n + "3 * time.Second" + ")" * n),
    )
    alias = draw(words("http", "http", "nethttp", "h"))
    header = f"package {draw(words('main', 'client'))}\n\nimport (\n"
    header += f'\t{"" if alias == "http" else alias + " "}"net/http"\n\t"time"\n)\n\n'
    top = [f"const timeout = {draw(expression)}", "var _ = time.Second"]
    body = []
    for _ in range(draw(st.integers(1, 5))):
        template = draw(
            words(
                "c{n} := &http.Client{{Timeout: {e}}}",
                "c{n} := http.Client{{}}",
                "c{n} := &http.Client{{Transport: nil}}",
                "resp{n}, _ := http.Get(url)",
                "_ = resp{n}",
                "http.DefaultClient.Do(nil)",
                "srv{n} := &http.Server{{ReadHeaderTimeout: {e}}}",
                "srv{n} := http.Server{{Addr: url}}",
                'http.ListenAndServe(":8080", nil)',
                "_ = c{n} // remdev-lint: ignore[GH001]",
            )
        )
        body.append(template.format(n=len(body), e=draw(expression)).replace("http.", alias + "."))
    function = "func run(url string) {\n" + "".join(f"\t{line}\n" for line in body) + "}\n"
    return header + "\n".join(top) + "\n\n" + function


GO_SEEDS = (
    """// Package client talks to the API.
package client

import (
	"net/http"
	"time"
)

const timeout = 5 * time.Second

const (
	A = iota
	slow = timeout * 100
)

var shared = &http.Client{Timeout: slow}

func get(url string) (*http.Response, error) {
	c := &http.Client{Timeout: timeout}
	if url == "" {
		return http.Get(url) // remdev-lint: ignore[GH002]
	}
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: 2 * time.Second}
	_ = srv
	go http.ListenAndServe(":8081", nil)
	return c.Get(url)
}
""",
    "package main\n\nfunc main() {}\n",
)

# --------------------------------------------------------------------------------------------
# OpenSSH

SSH_CLIENT_OPTIONS = {
    "HostName": ("dev.example.com", "%h.example.com", "10.0.0.1", ""),
    "User": ("dev", "%u", "root"),
    "Port": ("22", "2222", "0", "65536", "x", "99999999999999999999"),
    "ControlMaster": ("auto", "autoask", "yes", "no", "ask", "true", "maybe", "AUTO"),
    "ControlPath": (
        "~/.ssh/cm-%C",
        "~/.ssh/cm-%r@%h:%p",
        "/tmp/cm-%C",
        "/var/tmp/x",
        "none",
        "%d/" + "x" * 120,
        "%",
        "%Z",
        "~/.ssh/%L-%l-%n-%i-%k-%j",
    ),
    "ControlPersist": ("10m", "yes", "no", "0", "1h30m", "x", "99999999999999999999w"),
    "ServerAliveInterval": ("15", "0", "60", "600", "none", "1m", "x", "-1", "99999999999999999999999"),
    "ServerAliveCountMax": ("3", "0", "00", "x"),
    "StrictHostKeyChecking": ("yes", "no", "accept-new", "off", "ask"),
    "UserKnownHostsFile": ("/dev/null", "~/.ssh/known_hosts", "none", "/dev/null ~/.ssh/kh"),
    "IdentityFile": ("~/.ssh/id_ed25519", "%d/.ssh/id"),
    "LocalForward": ("2345 localhost:2345", "x", "[::1]:80 h:80"),
    "RemoteForward": ("8080 localhost:80",),
    "DynamicForward": ("1080",),
    "SendEnv": ("LANG LC_*", "-LC_*"),
    "SetEnv": ("A=b",),
    "ForwardAgent": ("yes", "no"),
    "IgnoreUnknown": ("UseKeychain", "*", "Foo,Bar"),
    "UseKeychain": ("yes",),
    "ProxyJump": ("bastion", "none"),
    "ConnectTimeout": ("10", "none"),
    "Compression": ("yes", "maybe"),
    "CanonicalizeHostname": ("yes",),
    "Tag": ("dev",),
    "Bogus": ("value",),
}
SSH_SERVER_OPTIONS = {
    "MaxSessions": ("10", "1", "0", "x", "-1", "99999999999999999999"),
    "MaxStartups": (
        "10",
        "10:30:100",
        "1:100:1",
        "0:30:100",
        "10:0:100",
        "10:101:100",
        "100:30:10",
        "x:y:z",
        "10:30",
        "::",
        "10:30:100:5",
    ),
    "AllowTcpForwarding": ("yes", "no", "local", "remote", "all", "maybe"),
    "DisableForwarding": ("yes", "no"),
    "ClientAliveInterval": ("0", "60", "300", "301", "1h", "x", "99999999999999999999999"),
    "ClientAliveCountMax": ("3", "0"),
    "PasswordAuthentication": ("yes", "no"),
    "KbdInteractiveAuthentication": ("yes", "no"),
    "PermitRootLogin": ("yes", "no", "prohibit-password", "without-password", "forced-commands-only"),
    "Port": ("22", "x"),
    "ListenAddress": ("0.0.0.0", "[::]:22"),
    "Subsystem": ("sftp internal-sftp",),
    "AcceptEnv": ("LANG LC_*",),
    "HostKey": ("/etc/ssh/ssh_host_ed25519_key",),
    "UsePAM": ("yes",),
    "Bogus": ("value",),
}
SSH_PATTERNS = (
    "*",
    "dev",
    "dev.example.com",
    "*.prod",
    "!*.prod",
    "10.0.0.*",
    "a?c",
    "dev,prod",
    "dev prod",
    "!dev",
    "**",
    "x*",
    "*x",
    "?",
    '"quoted host"',
    "'single'",
    "[",
    "",
)
SSH_MATCH = (
    "all",
    "host dev",
    "host *.prod,!db.prod",
    "originalhost dev",
    "user dev",
    "localuser me",
    'exec "test -f /x"',
    "canonical",
    "final",
    "all host x",
    "host",
    "tagged dev",
    "localnetwork 10.0.0.0/8",
    "!host dev",
    "User dev",
    "Group admins",
    "Address 10.0.0.0/8",
    "LocalPort 2222",
    "Host *",
    "RDomain x",
    "Bogus x",
)
SSH_INCLUDES = (
    "ssh_config.d/*.conf",
    "sshd_config.d/*.conf",
    "loop.conf",
    "conf.d/a.conf",
    "*",
    "~/.ssh/config.d/*",
    "/etc/ssh/ssh_config.d/*.conf",
    "../outside",
    "missing",
    '"ssh_config.d/10-dev.conf"',
    "",
)


@st.composite
def ssh_texts(draw, server: bool = False) -> str:
    """ssh_config (or sshd_config) text: options (any case, ``=`` or blanks, quotes, comments),
    Host and Match blocks, Include lines."""
    options = SSH_SERVER_OPTIONS if server else SSH_CLIENT_OPTIONS
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["option"] * 5 + ["host", "match", "include", "comment", "blank", "stray"]))
        indent = draw(words("", "", "  ", "\t", "    "))
        keyword = draw(st.sampled_from(sorted(options)))
        keyword = draw(st.sampled_from([keyword, keyword, keyword.lower(), keyword.upper()]))
        separator = draw(words(" ", " ", "=", " = ", "\t", "  ", "="))
        comment = draw(words("", "", " # note", "#x", ' "#"'))
        if kind == "option":
            value = draw(st.one_of(st.sampled_from(options[_canonical_key(options, keyword)]), SMALL_TEXT))
            value = draw(st.sampled_from([value, value, f'"{value}"', f"'{value}'", f'"{value}', value + "\\"]))
            lines.append(f"{indent}{keyword}{separator}{value}{comment}")
        elif kind == "host" and not server:
            patterns = draw(st.lists(st.sampled_from(SSH_PATTERNS), min_size=0, max_size=3))
            lines.append(f"{indent}{draw(words('Host', 'host', 'HOST'))}{separator}{' '.join(patterns)}{comment}")
        elif kind in ("match", "host"):
            lines.append(f"{indent}Match{separator}{draw(st.sampled_from(SSH_MATCH))}{comment}")
        elif kind == "include":
            paths = draw(st.lists(st.sampled_from(SSH_INCLUDES), min_size=0, max_size=2))
            lines.append(f"{indent}Include{separator}{' '.join(paths)}")
        elif kind == "comment":
            lines.append(f"{indent}# {draw(SMALL_TEXT)}")
        elif kind == "blank":
            lines.append(indent)
        else:
            lines.append(
                draw(
                    joined(
                        st.one_of(
                            st.sampled_from(sorted(options)),
                            st.sampled_from(SSH_PATTERNS),
                            st.sampled_from(PUNCTUATION),
                        ),
                        " ",
                        max_size=5,
                    )
                )
            )
    newline = draw(words("\n", "\n", "\r\n", "\r"))
    return draw(words("", "\ufeff")) + newline.join(lines) + draw(words("", "\n"))


def _canonical_key(options: dict, keyword: str) -> str:
    return next((key for key in options if key.lower() == keyword.lower()), "Bogus")


SSH_CONFIG_SEEDS = (
    """# client configuration
Include ssh_config.d/*.conf
IgnoreUnknown UseKeychain

Host dev dev-*
    HostName dev.example.com
    User dev
    ControlMaster auto
    ControlPath ~/.ssh/cm-%C
    ControlPersist 10m
    ServerAliveInterval 15

Host *.prod !db.prod
    StrictHostKeyChecking accept-new
    LocalForward 2345 localhost:2345

Match host bastion exec "true"
    ForwardAgent yes

Host *
    ServerAliveCountMax 3
    UseKeychain yes
""",
    'Host=dev\n\tUser="a b"\n',
)
SSHD_CONFIG_SEEDS = (
    """# server configuration
Include sshd_config.d/*.conf
Port 22
MaxSessions 20
MaxStartups 10:30:100
AllowTcpForwarding yes
ClientAliveInterval 60
PasswordAuthentication no
PermitRootLogin prohibit-password

Match User dev
    AllowTcpForwarding no
    MaxSessions 2

Match Address 10.0.0.0/8,!10.0.0.1
    PasswordAuthentication yes
""",
    "MaxStartups=1:50:2\n",
)

# --------------------------------------------------------------------------------------------
# Deep nesting: what recursive parsers and evaluators must survive

#: format -> (text before, opener, innermost value, closer, text after)
DEEP = {
    "gomod": ("", "(", "", ")", ""),
    "gowork": ("use ", "(", "./a", ")", ""),
    "json": ("", "[", "1", "]", ""),
    "jsonc": ("", '{"a": ', "1", "}", ""),
    "yaml": ("", "[", "x", "]", ""),
    "compose": ("", "{a: ", "x", "}", ""),
    "toml": ("a = ", "[", "1", "]", ""),
    "go": ('package p\nimport "net/http"\nvar c = &http.Client{Timeout: ', "(", "1", ")", "}\n"),
    "ssh_config": ("", "Host a\n", "", "", ""),
    "sshd_config": ("", "Match all\n", "", "", ""),
}


@st.composite
def deep_texts(draw, fmt: str) -> str:
    """An opener repeated up to 3,000 times, closed or not (``[[[1]]]`` and the like), or an
    indented block structure as deep (YAML)."""
    before, opener, body, closer, after = DEEP[fmt]
    depth = draw(st.integers(1, 3000))
    if fmt in ("yaml", "compose"):
        if draw(st.booleans()):
            # Block collections are indented, so the text grows quadratically: kept below 400.
            depth = min(depth, 400)
            if draw(st.booleans()):
                return "".join(" " * i + "a:\n" for i in range(depth))
            return "".join(" " * (2 * i) + "-\n" for i in range(depth)) + " " * (2 * depth) + "x\n"
    closed = draw(st.sampled_from([depth, depth, 0, depth - 1]))
    return before + opener * depth + body + closer * closed + after


# --------------------------------------------------------------------------------------------
# Per format: tokens, grammar, seeds

GRAMMARS = {
    "gomod": st.one_of(gomod_texts(True), valid_gomod_texts(True)),
    "gowork": st.one_of(gomod_texts(False), valid_gomod_texts(False)),
    "json": json_texts(False),
    "jsonc": json_texts(True),
    "yaml": yaml_texts(),
    "compose": st.one_of(compose_texts(), yaml_texts()),
    "toml": st.one_of(toml_texts(), valid_toml_texts()),
    "go": go_texts(),
    "ssh_config": ssh_texts(False),
    "sshd_config": ssh_texts(True),
}
TOKENS = {
    "gomod": MOD_TOKENS,
    "gowork": MOD_TOKENS,
    "json": JSON_TOKENS,
    "jsonc": JSON_TOKENS,
    "yaml": YAML_TOKENS,
    "compose": YAML_TOKENS,
    "toml": TOML_TOKENS,
    "go": GO_TOKENS,
    "ssh_config": (*SSH_CLIENT_OPTIONS, *SSH_PATTERNS, *SSH_MATCH, "Host", "Match", "Include", "=", '"', "#"),
    "sshd_config": (*SSH_SERVER_OPTIONS, *SSH_MATCH, "Match", "Include", "=", '"', "#"),
}
OWN_SEEDS = {
    "gomod": GOMOD_SEEDS,
    "gowork": GOWORK_SEEDS,
    "json": JSON_SEEDS,
    "jsonc": JSONC_SEEDS,
    "yaml": YAML_SEEDS,
    "compose": COMPOSE_SEEDS + YAML_SEEDS,
    "toml": TOML_SEEDS,
    "go": GO_SEEDS,
    "ssh_config": SSH_CONFIG_SEEDS,
    "sshd_config": SSHD_CONFIG_SEEDS,
}


def format_of(relpath: str) -> str | None:
    """The parser format of a file by its name, as the built-in rules read it."""
    name = relpath.rsplit("/", 1)[-1]
    if name == "go.mod":
        return "gomod"
    if name == "go.work":
        return "gowork"
    if name.endswith(".go"):
        return "go"
    if name.endswith((".json", ".code-workspace")):
        return "jsonc"
    if name.endswith((".yml", ".yaml")):
        return "compose"
    if name.endswith(".toml"):
        return "toml"
    if name == "sshd_config" or "sshd_config.d/" in relpath:
        return "sshd_config"
    if name == "ssh_config" or relpath.endswith(("ssh/config", ".ssh/config")) or "ssh_config.d/" in relpath:
        return "ssh_config"
    return None


_RULE_EXAMPLES: list[tuple[str, str, dict[str, str]]] | None = None


def rule_examples() -> list[tuple[str, str, dict[str, str]]]:
    """``(file, text, tree)`` of every example in the built-in rule files (loaded once)."""
    global _RULE_EXAMPLES
    if _RULE_EXAMPLES is None:
        from remdev_lint.rules import load_rules

        found = []
        for rule in load_rules([]):
            for kind in ("bad", "good"):
                for example in rule.examples[kind]:
                    found.append((example["file"], example["text"], dict(example.get("tree", {}))))
        _RULE_EXAMPLES = found
    return _RULE_EXAMPLES


def seed_texts(fmt: str) -> list[str]:
    """This format's seeds: the ones above, and every rule example (and example tree file) of it."""
    texts = list(OWN_SEEDS[fmt])
    for file, text, tree in rule_examples():
        for relpath, content in [(file, text), *tree.items()]:
            found = format_of(relpath)
            if found == fmt or (fmt == "yaml" and found == "compose") or (fmt == "json" and found == "jsonc"):
                texts.append(content)
    return texts


def seeds(fmt: str) -> st.SearchStrategy[str]:
    # deferred: the rule files are read at the first draw, not when this module is imported
    return st.deferred(lambda: st.sampled_from(seed_texts(fmt)))


def structured(fmt: str) -> st.SearchStrategy[str]:
    """Near-valid input: the grammar (mostly), deep nesting (sometimes), and seeds, each possibly
    mutated."""
    base = st.one_of(GRAMMARS[fmt], GRAMMARS[fmt], deep_texts(fmt))
    return st.one_of(base, mutated(base, TOKENS[fmt]))


def mutations(fmt: str) -> st.SearchStrategy[str]:
    return mutated(seeds(fmt), TOKENS[fmt])


def arbitrary(fmt: str) -> st.SearchStrategy[str]:
    return any_text(TOKENS[fmt])


# --------------------------------------------------------------------------------------------
# The command line: projects and arguments

RULE_TOKENS = (
    "GM",
    "GM001",
    "GM003",
    "DL",
    "DL001",
    "DL006",
    "DC",
    "DC008",
    "GH",
    "GH003",
    "VL",
    "VS",
    "SC",
    "SC010",
    "SD",
    "RL",
    "RL001",
    "RL002",
    "RL003",
    "G",
    "ALL",
    "local-replace-absolute",
    "parse-error",
    "unused-suppression",
    "",
)
#: Codes and names for ``ignore``: single rules, so that they seldom cancel all of ``select``.
IGNORE_TOKENS = ("GM001", "GM003", "DL001", "DC008", "GH003", "SC010", "RL001", "RL002", "RL003", "parse-error")
BAD_RULE_TOKENS = ("XX999", "gm001", " GM ", "GM0010", "-")
LAUNCH_KEYS = {
    "name": ("Attach", "Launch", ""),
    "type": ("go", "go", "node", 1),
    "request": ("launch", "attach", "Launch", "x", None),
    "mode": ("auto", "debug", "test", "exec", "remote", "local", "core", "replay", "Debug", 1),
    "program": ("${workspaceFolder}", "${fileDirname}/main.go"),
    "port": (2345, "2345", "${port}", 0, -1, 65536, 1e20, 2.5, True, None, [1], {"a": 1}, " 2345 ", "x"),
    "host": ("127.0.0.1", "0.0.0.0", "localhost", "::"),
    "remotePath": ("/src", "", " "),
    "substitutePath": ([{"from": "${workspaceFolder}", "to": "/src"}], [], "x", [{"from": 1}]),
    "apiVersion": (1, 2, "1"),
    "dlvFlags": (["--api-version=1"], ["--headless", "--listen=:2345"], ["--check-go-version=false"], "x"),
    "debugAdapter": ("dlv-dap", "legacy", "x"),
    "preLaunchTask": ("dlv", "start dlv", "missing", 1),
    "cwd": ("${workspaceFolder}",),
    "env": ({"GOFLAGS": "-mod=mod"},),
    "showLog": (True,),
    "trace": ("verbose",),
    "unknownAttribute": ("x",),
    "useApiV1": (True, False),
}
DLV_COMMANDS = (
    "dlv debug --headless --listen=:2345 --api-version=2 --accept-multiclient ./cmd",
    "dlv debug --headless --listen=127.0.0.1:2345 --accept-multiclient --continue",
    "dlv exec ./app --headless --listen 0.0.0.0:2345 --continue",
    "dlv dap --listen=127.0.0.1:2345 --headless --api-version=2",
    "dlv --listen=[::]:2345 --headless=true test ./...",
    "dlv attach 1234 --headless --listen=:9999 --api-version 1",
    "cd x && dlv debug --headless --listen=:${env:PORT}",
    "dlv debug --listen=:abc --headless",
    "dlv debug --listen=:99999999999999999999 --headless",
    "dlv 'unterminated",
    "go build ./...",
    "",
)


@st.composite
def launch_values(draw) -> dict:
    configurations = []
    for _ in range(draw(st.integers(0, 3))):
        keys = draw(st.lists(st.sampled_from(sorted(LAUNCH_KEYS)), max_size=7, unique=True))
        configurations.append({key: draw(st.sampled_from(LAUNCH_KEYS[key])) for key in keys})
    return {"version": "0.2.0", "configurations": configurations}


@st.composite
def tasks_values(draw) -> dict:
    tasks = []
    for _ in range(draw(st.integers(0, 3))):
        command = draw(st.sampled_from(DLV_COMMANDS))
        task = {"label": draw(words("dlv", "start dlv", "build")), "type": draw(words("shell", "process"))}
        if draw(st.booleans()):
            task["command"] = command
        else:
            first, *rest = command.split(" ") or [""]
            task["command"], task["args"] = first, rest
        if draw(st.booleans()):
            task["isBackground"] = True
        if draw(st.integers(0, 3)) == 0:
            task["options"] = {"env": {"GOFLAGS": "-insecure"}}
        tasks.append(task)
    return {"version": "2.0.0", "tasks": tasks}


SETTINGS_VALUES = {
    "remote.autoForwardPorts": (True, False, "x"),
    "remote.autoForwardPortsSource": ("process", "output"),
    "go.toolsEnvVars": (
        {"GOPROXY": "direct"},
        {"GOPROXY": "https://proxy.golang.org,direct"},
        {"GOFLAGS": "-insecure", "GOINSECURE": "*"},
        {"GONOSUMDB": "*", "GOSUMDB": "off", "GONOSUMCHECK": "1"},
        {"GOPRIVATE": "example.com"},
        "x",
    ),
    "go.alternateTools": ({"go": "/usr/bin/go"},),
    "gopls": ({"verboseOutput": True, "trace.server": "verbose"}, {"ui.semanticTokens": True}, "x"),
    "go.languageServerFlags": (["-rpc.trace", "-logfile=/tmp/gopls.log"], ["serve"]),
    "go.delveConfig": ({"debugAdapter": "legacy", "substitutePath": []}, {"apiVersion": 1}),
    "terminal.integrated.env.linux": ({"GOPROXY": "off"},),
}


@st.composite
def settings_values(draw) -> dict:
    keys = draw(st.lists(st.sampled_from(sorted(SETTINGS_VALUES)), max_size=5, unique=True))
    return {key: draw(st.sampled_from(SETTINGS_VALUES[key])) for key in keys}


DEVCONTAINER_VALUES = {
    "name": ("Go",),
    "image": ("mcr.microsoft.com/devcontainers/go:1", "golang"),
    "dockerComposeFile": (
        "docker-compose.yml",
        ["docker-compose.yml", "docker-compose.override.yml"],
        "missing.yml",
        "../docker-compose.yml",
        [],
        1,
        ["docker-compose.yml", "docker-compose.yml"],
    ),
    "service": ("dev", "missing", 1),
    "workspaceFolder": ("/workspaces/app", "", None),
    "runArgs": (
        ["--cpus=2", "--memory=4g"],
        ["--cpus", "0", "--memory", "1x"],
        ["--privileged", "--tmpfs", "/tmp"],
        ["--mount", "type=bind,source=/a,target=/go/pkg/mod"],
        ["--memory-swap=-1", "--shm-size=1z", "--cpus=1e400"],
        ["-m", "4g", "--cpus"],
        "x",
    ),
    "hostRequirements": ({"cpus": 4, "memory": "8gb"}, {"cpus": 0, "memory": "x"}),
    "mounts": (
        ["source=go-mod,target=/go/pkg/mod,type=volume"],
        [{"type": "tmpfs", "target": "/tmp"}],
        ["type=bind,source=${localWorkspaceFolder},target=/w,consistency=cached"],
        ["type=tmpfs,target=/x,tmpfs-size=0", "bogus", "type=weird"],
        [{"source": "x"}],
    ),
    "privileged": (True, False, "true"),
    "customizations": (
        {"vscode": {"settings": {"remote.autoForwardPorts": True, "go.toolsEnvVars": {"GOPROXY": "direct"}}}},
    ),
    "settings": ({"gopls": {"verboseOutput": True}},),
    "postStartCommand": tuple(DLV_COMMANDS[:4])
    + (["dlv", "debug", "--headless", "--listen=:2345"], {"dlv": "dlv dap --listen=:2345"}),
    "postCreateCommand": ("go mod download",),
    "forwardPorts": ([2345], ["2345"]),
    "containerEnv": ({"GOFLAGS": "-mod=mod"},),
    "features": ({"ghcr.io/devcontainers/features/go:1": {}},),
}


@st.composite
def devcontainer_values(draw) -> dict:
    keys = draw(st.lists(st.sampled_from(sorted(DEVCONTAINER_VALUES)), max_size=8, unique=True))
    return {key: draw(st.sampled_from(DEVCONTAINER_VALUES[key])) for key in keys}


@st.composite
def jsonc_dump(draw, value) -> str:
    """``value`` as JSON text: some indent, sometimes comments and trailing commas (JSONC), and
    rarely ASCII escapes."""
    text = json.dumps(value, indent=draw(st.sampled_from([None, 2, 4, "\t"])), ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        text = "// generated\n" + text.replace("\n", " /* c */\n", 1)
    if draw(st.booleans()):
        text = re.sub(r"([\]}\"0-9el])(\s*)([\]}])", r"\1,\2\3", text, count=draw(st.integers(0, 3)))
    return text


def _file(fmt_strategy: st.SearchStrategy[str], fmt: str) -> st.SearchStrategy[str]:
    """A file's text: mostly the meaningful generator, sometimes a seed, sometimes mutated."""
    return st.one_of(
        fmt_strategy, fmt_strategy, fmt_strategy, seeds(fmt), mutated(st.one_of(fmt_strategy, seeds(fmt)), TOKENS[fmt])
    )


def _config_scalar() -> st.SearchStrategy:
    """Any configuration value, mostly of the wrong type for where it goes."""
    return st.one_of(
        st.sampled_from(["3s", "x", "", "1.21", "error"]),
        st.integers(-5, 10**20),
        st.booleans(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.lists(st.just("x"), max_size=1),
    )


_DURATIONS = ("3s", "1m", "0s", "1h2m3s", "1.5h", "500ms", "9999999999999h", "0", "-1s", "1d", "x")
#: Options of the built-in rules (by code or name) and values of their types, some out of range.
RULE_OPTIONS = {
    "severity": ("error", "warning", "info", "fatal"),
    "min-go-version": ("1.21", "1.22", "1.20.1", "1.21rc1", "2", "x", "1." + "9" * 30),
    "max-timeout": _DURATIONS,
    "max-server-alive-interval": _DURATIONS,
    "max-client-alive-interval": _DURATIONS,
    "include-tests": (True, False),
    "max-socket-path": (104, 0, -1, 10**20),
    "home-length": (20, 0, 10**6),
    "user-length": (8, 0),
    "min-max-sessions": (10, 0, -1, 10**20),
    "min-max-startups": (10, 0, 10**20),
}
RULES_WITH_OPTIONS = {
    "GM003": ("severity", "min-go-version"),
    "go-version-too-old": ("min-go-version",),
    "GH003": ("max-timeout", "include-tests", "severity"),
    "GH001": ("include-tests",),
    "SC005": ("max-socket-path", "home-length", "user-length"),
    "SC006": ("max-server-alive-interval",),
    "SD001": ("min-max-sessions",),
    "SD003": ("min-max-startups",),
    "SD005": ("max-client-alive-interval",),
    "RL002": ("severity",),
}


@st.composite
def config_tables(draw) -> dict:
    """A ``[tool.remdev-lint]`` table: mostly known keys with plausible values, now and then an
    unknown key, rule or option, or a value of the wrong type."""
    table: dict = {}
    codes = {
        key: st.lists(st.sampled_from(tokens), max_size=3)
        for key, tokens in (("select", RULE_TOKENS), ("ignore", IGNORE_TOKENS))
    }
    keys = ("select", "ignore", "exclude", "per-file-ignores", "extend-files", "fail-on", "rules", "rule-dirs")
    for key in draw(st.lists(st.sampled_from(keys), max_size=4, unique=True)):
        if key in ("select", "ignore"):
            table[key] = draw(st.one_of(codes[key], codes[key].map(",".join)))
        elif key == "exclude":
            table[key] = draw(st.lists(words("vendor/**", "*.go", "**", "[", "docs", "a/**/b", "!x", ""), max_size=2))
        elif key == "per-file-ignores":
            table[key] = draw(
                st.dictionaries(words("**/*.go", "go.mod", "[", "*", ".vscode/**"), codes["ignore"], max_size=2)
            )
        elif key == "extend-files":
            formats = words("ssh_config", "sshd_config", "compose", "yaml", "toml", "jsonc", "gomod", "go")
            globs = st.lists(words("deploy/*.conf", "*.yml", "**", "[", "*.toml", "ssh_config.d/*"), max_size=2)
            table[key] = draw(st.dictionaries(formats, globs, max_size=2))
        elif key == "fail-on":
            table[key] = draw(words("error", "warning", "info"))
        elif key == "rule-dirs":
            table[key] = draw(st.lists(st.just("policy"), max_size=1))
        else:
            table[key] = {
                code: {
                    option: draw(st.sampled_from(RULE_OPTIONS[option]))
                    for option in draw(st.lists(st.sampled_from(RULES_WITH_OPTIONS[code]), max_size=2, unique=True))
                }
                for code in draw(st.lists(st.sampled_from(sorted(RULES_WITH_OPTIONS)), max_size=3, unique=True))
            }
    if draw(st.integers(0, 9)) == 0:  # something wrong
        wrong = draw(st.sampled_from(["bogus", "select", "fail-on", "rules", "exclude"]))
        table[wrong] = draw(st.one_of(_config_scalar(), st.just({"XX999": {}}), st.just({"GM001": {"bogus": 1}})))
    return table


def toml_dump(table: dict, prefix: str) -> str:
    """A table as TOML: scalars and lists first, then sub-tables (keys quoted as JSON strings,
    which TOML reads as basic strings)."""
    lines, tables = [f"[{prefix}]"] if prefix else [], []
    for key, value in table.items():
        if isinstance(value, dict):
            tables.append(toml_dump(value, f"{prefix}.{json.dumps(key)}" if prefix else json.dumps(key)))
        else:
            lines.append(f"{json.dumps(key)} = {_toml_value(value)}")
    return "\n".join(lines + tables) + "\n"


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


@functools.cache
def project_files() -> dict[str, st.SearchStrategy[str]]:
    """Files a project may hold: path -> the strategy of its text (made once)."""
    return {
        "go.mod": _file(st.one_of(valid_gomod_texts(), valid_gomod_texts(), GRAMMARS["gomod"]), "gomod"),
        "go.work": _file(st.one_of(valid_gomod_texts(False), valid_gomod_texts(False), GRAMMARS["gowork"]), "gowork"),
        "lib/go.mod": _file(valid_gomod_texts(), "gomod"),
        ".vscode/launch.json": _file(launch_values().flatmap(jsonc_dump), "jsonc"),
        ".vscode/tasks.json": _file(tasks_values().flatmap(jsonc_dump), "jsonc"),
        ".vscode/settings.json": _file(settings_values().flatmap(jsonc_dump), "jsonc"),
        "app.code-workspace": _file(
            st.tuples(launch_values(), settings_values())
            .map(lambda p: {"launch": p[0], "settings": p[1]})
            .flatmap(jsonc_dump),
            "jsonc",
        ),
        ".devcontainer/devcontainer.json": _file(devcontainer_values().flatmap(jsonc_dump), "jsonc"),
        ".devcontainer/docker-compose.yml": _file(compose_texts(), "compose"),
        ".devcontainer/docker-compose.override.yml": _file(compose_texts(), "compose"),
        "cmd/main.go": _file(st.one_of(valid_go_texts(), valid_go_texts(), GRAMMARS["go"]), "go"),
        "cmd/main_test.go": _file(st.one_of(valid_go_texts(), GRAMMARS["go"]), "go"),
        "ssh_config": _file(GRAMMARS["ssh_config"], "ssh_config"),
        "ssh_config.d/10-dev.conf": _file(GRAMMARS["ssh_config"], "ssh_config"),
        "sshd_config": _file(GRAMMARS["sshd_config"], "sshd_config"),
        "sshd_config.d/10-dev.conf": _file(GRAMMARS["sshd_config"], "sshd_config"),
        "pyproject.toml": st.one_of(
            config_tables().map(lambda t: '[project]\nname = "x"\n\n' + toml_dump(t, "tool.remdev-lint")),
            config_tables().map(lambda t: '[project]\nname = "x"\n\n' + toml_dump(t, "tool.remdev-lint")),
            toml_texts(),
        ),
        ".remdev-lint.toml": st.one_of(
            config_tables().map(lambda t: toml_dump(t, "")),
            config_tables().map(lambda t: toml_dump(t, "")),
            config_tables().map(lambda t: toml_dump(t, "")),
            mutated(config_tables().map(lambda t: toml_dump(t, "")), TOML_TOKENS),
        ),
        "policy/README.md": st.just("no rules here\n"),
    }


class Project:
    """A project to write to a folder, and how to run the CLI on it."""

    def __init__(self, files: dict[str, bytes], argv: list[str], stdin: bytes) -> None:
        self.files, self.argv, self.stdin = files, argv, stdin

    def __repr__(self) -> str:
        return f"Project(files={self.files!r}, argv={self.argv!r}, stdin={self.stdin!r})"


def _encode(draw, text: str) -> bytes:
    """The file's bytes: UTF-8 mostly (a lone surrogate in ``text`` becomes ``?``); now and then
    with a BOM, an invalid byte, or a surrogate encoded as UTF-8 would encode it."""
    how = draw(st.sampled_from(["utf-8"] * 27 + ["bom", "invalid", "surrogate"]))
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "replace")
    if how in ("invalid", "surrogate"):
        data = text.encode("utf-8", "surrogatepass")
        at = draw(st.integers(0, len(data)))
        bad = (
            [b"\xff", b"\xc3", b"\x00", b"\xe2\x82"]
            if how == "invalid"
            else ["\ud800".encode("utf-8", "surrogatepass")]
        )
        return data[:at] + draw(st.sampled_from(bad)) + data[at:]
    return text.encode("utf-8", "replace")


@st.composite
def projects(draw) -> Project:
    """A project of a few files and a command line with valid-looking arguments; one time in
    fifteen, with one mistake (a missing path, an unknown rule code, an unwritable output...)."""
    mistake = draw(st.sampled_from([None] * 14 + ["mistake"])) and draw(
        words("select", "ignore", "config", "output", "stdin-path", "path")
    )
    available = project_files()
    names = draw(st.lists(st.sampled_from(sorted(available)), min_size=0, max_size=6, unique=True))
    if draw(st.integers(0, 4)) == 0:  # a rule example's whole tree
        file, text, tree = draw(st.sampled_from(rule_examples()))
        files = {relpath: content.encode("utf-8") for relpath, content in {**tree, file: text}.items()}
    else:
        files = {}
    for name in names:
        files[name] = _encode(draw, draw(available[name]))
    tokens = {"select": RULE_TOKENS, "ignore": IGNORE_TOKENS}
    argv = ["--jobs", "1"]
    if draw(st.integers(0, 5)):
        argv += ["--format", draw(st.sampled_from(["json", "json", "sarif", "text", "github"]))]
    for option in ("select", "ignore"):
        codes = draw(st.lists(st.sampled_from(tokens[option]), min_size=1, max_size=3))
        if mistake == option:
            argv += [f"--{option}", ",".join([*codes, draw(st.sampled_from(BAD_RULE_TOKENS))])]
        elif draw(st.integers(0, 2)) == 0:
            argv += [f"--{option}", ",".join(codes)]
    if draw(st.integers(0, 2)) == 0:
        argv += ["--fail-on", draw(words("error", "warning", "info"))]
    configs = sorted(name for name in files if name.endswith(".toml"))
    if mistake == "config":
        argv += ["--config", draw(words("missing.toml", "go.mod", "cmd"))]
    elif configs and draw(st.integers(0, 4)) == 0:
        argv += ["--config", draw(st.sampled_from(configs))]
    if mistake == "output":
        argv += ["--output", draw(words("missing/report.out", "cmd", "."))]
    elif draw(st.integers(0, 8)) == 0:
        argv += ["--output", "report.out"]
    if draw(st.integers(0, 30)) == 0:
        argv += draw(
            st.sampled_from(
                [["--list-rules"], ["--explain", "GM001"], ["--explain", "XX999"], ["--explain", "dlv-port-mismatch"]]
            )
        )
    stdin = b""
    if draw(st.integers(0, 3)) == 0:
        others = words("sub/go.mod", "x/.vscode/launch.json", "notes.txt", "../go.mod", "/abs/go.mod", "ssh/config")
        name = draw(st.one_of(st.sampled_from(sorted(available)), others))
        argv += ["--stdin-filename", name]
        fmt = format_of(name) or "gomod"
        stdin = _encode(draw, draw(st.one_of(available[name] if name in available else GRAMMARS[fmt], seeds(fmt))))
        argv += ["go.mod"] if mistake == "stdin-path" else draw(st.sampled_from([[], ["-"]]))
    else:
        folders = {str(Path(name).parent) for name in files}
        argv += draw(st.lists(st.sampled_from(sorted({*files, *folders, "."})), max_size=3))
        if mistake == "path":
            argv += [draw(words("missing.go", "missing/", "../outside"))]
    return Project(files, argv, stdin)


# --------------------------------------------------------------------------------------------
# The command-line property


def run_main(argv: list[str], cwd: Path, stdin: bytes) -> tuple[int, bytes, str]:
    """``main(argv)`` in this process in ``cwd``, with ``stdin``: (exit code, stdout, stderr).
    An exception that escapes ``main`` (other than SystemExit) propagates."""
    from remdev_lint.cli import main

    out_bytes = io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8")
    err = io.StringIO()
    old = sys.stdout, sys.stderr, sys.stdin
    old_cwd = os.getcwd()
    sys.stdout, sys.stderr = out, err
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        os.chdir(cwd)
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: usage errors, --version
            code = 0 if exc.code is None else exc.code
    finally:
        os.chdir(old_cwd)
        sys.stdout, sys.stderr, sys.stdin = old
    out.flush()
    return code, out_bytes.getvalue(), err.getvalue()


def _check_report(fmt: str, report: bytes) -> None:
    text = report.decode("utf-8")
    if fmt == "json":
        data = json.loads(text)
        assert isinstance(data.get("diagnostics"), list), data
        for diagnostic in data["diagnostics"]:
            for key in ("line", "column", "end_line", "end_column"):
                value = diagnostic[key]
                assert type(value) is int and value >= 1, f"{key} {value!r} in {diagnostic}"
            assert (diagnostic["end_line"], diagnostic["end_column"]) >= (diagnostic["line"], diagnostic["column"]), (
                diagnostic
            )
    elif fmt == "sarif":
        data = json.loads(text)
        for run in data["runs"]:
            for result in run["results"]:
                for location in result.get("locations", []):
                    region = location["physicalLocation"].get("region", {})
                    for key in ("startLine", "startColumn", "endLine", "endColumn"):
                        assert region.get(key, 1) >= 1, f"{key} in {result}"
    elif fmt == "github":
        for number in re.findall(r"\b(?:line|col|endLine|endColumn)=(-?\d+)", text):
            assert int(number) >= 1, text
    else:
        for match in re.finditer(r"^[^\n]*?:(-?\d+):(-?\d+): [A-Z]{2}\d{3} ", text, re.M):
            assert int(match.group(1)) >= 1 and int(match.group(2)) >= 1, match.group(0)


def check_cli(project: Project, target: str = "cli") -> str:
    """The command-line contract on one project; returns ``exit:<code>`` or ``known:<issue>``."""
    stats = STATS[target]
    with tempfile.TemporaryDirectory(prefix="remdev-lint-fuzz-") as temporary:
        root = Path(temporary) / "project"
        (root / "policy").mkdir(parents=True)  # for `rule-dirs = ["policy"]`: a folder with no rules
        for relpath, data in project.files.items():
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        try:
            with time_limit():
                code, out, err = run_main(project.argv, root, project.stdin)
        except Exception as exc:
            return _known(exc, None, None, stats)
        report = out
        if "--output" in project.argv and code in (0, 1):
            output = root / project.argv[project.argv.index("--output") + 1]
            assert output.is_file(), f"exit code {code} but no report in {output}"
            report = output.read_bytes()
    assert code in (0, 1, 2), f"exit code {code!r}; stderr: {err}"
    assert "Traceback (most recent call last)" not in err, err
    assert "Traceback (most recent call last)" not in out.decode("utf-8", "replace"), out
    if code == 2:
        assert err.strip(), "exit code 2 without a message on standard error"
    fmt = project.argv[project.argv.index("--format") + 1] if "--format" in project.argv else "text"
    plain = not any(arg in project.argv for arg in ("--list-rules", "--explain", "--version"))
    if code in (0, 1) and plain:
        _check_report(fmt, report)
    stats[f"exit:{code}"] += 1
    return f"exit:{code}"
