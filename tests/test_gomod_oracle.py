"""The go.mod / go.work parser checked against the real Go toolchain.

For every go.mod and go.work in the shared corpus, for the hand-written files below and for 200
seeded random edits of them, the test runs ``go mod edit -json`` (``go work edit -json``) and:

* Go accepts the file: our ``root.plain()``, normalised as Go prints it (:func:`as_go_prints`:
  Go 1.19's fields, null for absent lists, canonical versions, duplicates dropped), must equal
  Go's JSON.
* Go rejects the file and we accept it: every error Go reports must be syntax newer than the
  installed Go (Debian's Go 1.19: ``toolchain``, ``godebug``, ``tool``, ``ignore``, versions like
  ``1.21.0``/``1.22rc1``, ``.``/``..`` replacement directories) or a deliberate difference (a
  UTF-8 BOM, backslash replacement directories), found in our document on the line Go names. Go
  is then run on the file with those lines blanked, and the rest must match its JSON.
* Both reject the file: our error must be on the line of Go's first error, or of a later one when
  Go only reported newer syntax before it. If our error lies inside or after such syntax, Go is run
  on the file without it and must agree with us there.
* Any other disagreement fails. Without ``go`` on PATH these tests skip.

The corpus is ``<repo>/../shared/corpus/gomod`` (beside the clone); when that is missing,
``$REMDEV_LINT_CORPUS`` (the corpus folder or its ``gomod`` subfolder) or
``$REMDEV_LINT_SHARED/corpus/gomod``.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import json_diagnostics, oracle_unavailable, shared_dir, shared_path, write
from remdev_lint.formats.gomod import is_directory_path, parse_gomod, parse_gowork
from remdev_lint.model import Document, Node, ParseError

CORPUS = shared_dir() / "corpus" / "gomod"
CORPUS_FILES = sorted(p for p in CORPUS.glob("*") if p.name.endswith(("go.mod", "go.work"))) if CORPUS.is_dir() else []
# In a plain clone the corpus tests get one case that skips with the reason (not pytest's "empty parameter set").
CORPUS_CASES = CORPUS_FILES or [
    pytest.param(CORPUS, marks=pytest.mark.skip(reason=f"needs the shared corpus ({CORPUS})"))
]

# Hand-written files: (id, file name, text). Go accepts these, possibly only with a newer Go.
ACCEPTED = [
    ("minimal", "go.mod", "module example.com/m\n"),
    ("empty", "go.mod", ""),
    ("comments-only", "go.mod", "// just a comment\n\n// another\n"),
    ("no-trailing-newline", "go.mod", "module example.com/m\n\ngo 1.19"),
    (
        "crlf",
        "go.mod",
        "module example.com/m\r\n\r\ngo 1.19\r\n\r\nrequire (\r\n\texample.com/a v1.2.3 // indirect\r\n"
        "\texample.com/b v1.0.0\r\n)\r\n// trailing\r\n",
    ),
    (
        "quoted",
        "go.mod",
        'module "example.com/q"\n\nrequire "example.com/a" "v1.2.3"\n'
        'require "example.com/\\u00e9\\x61\\141" v1.0.0\nexclude "example.com/a" "v1.0.0"\n',
    ),
    ("empty-module-path", "go.mod", 'module "" // empty\n'),
    ("invalid-utf8-escape", "go.mod", 'module "example.com/\\xff\\303"\n'),
    (
        "non-ascii",
        "go.mod",
        "// ünïcödé ☃ comment\nmodule example.com/héllo/世界 // ✓\n\nrequire example.com/ä v1.0.0 // indirect\n",
    ),
    ("module-block", "go.mod", "module (\n\texample.com/m\n)\n"),
    (
        "require-forms",
        "go.mod",
        "module m\n\nrequire example.com/one v1\nrequire example.com/two v1.2\n"
        "require (\n\texample.com/three v3.0.0+incompatible\n\texample.com/four v0.0.0-20200101000000-abcdefabcdef\n"
        "\tgopkg.in/yaml.v2 v2.4.0\n\texample.com/five/v2 v2.0.0-rc.1\n\texample.com/six v1.2.3+meta\n"
        "\tgopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405\n)\nrequire ()\nrequire (\n)\n",
    ),
    (
        "indirect-variants",
        "go.mod",
        "module m\n\nrequire (\n\texample.com/a v1.0.0 // indirect\n"
        "\texample.com/b v1.0.0 //indirect\n\texample.com/c v1.0.0 // indirect; reason\n"
        "\texample.com/d v1.0.0 // indirect;\n\texample.com/e v1.0.0 // indirectly\n"
        "\texample.com/f v1.0.0 // not indirect\n)\nrequire ( // indirect\n\texample.com/g v1.0.0\n)\n"
        "require example.com/h v1.0.0 // indirect\n",
    ),
    (
        "exclude",
        "go.mod",
        "module m\nexclude example.com/a v1.0.0 // indirect\n"
        "exclude (\n\texample.com/b v1.1.0\n\texample.com/c v2.0.0+incompatible\n)\n",
    ),
    (
        "replace-forms",
        "go.mod",
        "module m\n\nreplace example.com/a => ./a\nreplace example.com/b v1.0.0 => ../b\n"
        "replace example.com/c => example.com/c2 v1.1.0\nreplace example.com/d v1 => example.com/d2/v3 v3.0.0\n"
        "replace example.com/e => /abs/e\nreplace example.com/f => C:foo\n"
        'replace (\n\texample.com/g => ./g // why\n\t"example.com/h" "v1.0.0" => "./h h"\n)\n',
    ),
    (
        "retract",
        "go.mod",
        "module example.com/m\n\n// Published by mistake.\nretract v1.0.0\n"
        "retract [v1.1.0, v1.2.0] // broken range\n"
        "retract (\n\t// first\n\tv0.1.0\n\n\t// second\n\t// continued\n\t[v0.2.0, v0.3.0]\n\tv0.4.0\n)\n"
        '// block rationale\nretract (\n\tv0.5.0\n)\nretract "v0.6.0"\nretract [ v0.7.0 , v0.7.0 ]\nretract master\n',
    ),
    ("deprecated-before", "go.mod", "// Deprecated: use example.com/new instead.\nmodule example.com/old\n"),
    ("deprecated-suffix", "go.mod", "module example.com/old // Deprecated: gone\n"),
    (
        "deprecated-paragraph",
        "go.mod",
        "// Some text.\n//\n// Deprecated: use x\n// or y.\n//\n// Unrelated.\nmodule m\n",
    ),
    ("deprecated-not-first", "go.mod", "// Text. Deprecated: not a paragraph start\nmodule m\n"),
    ("deprecated-detached", "go.mod", "// Deprecated: detached by a blank line\n\nmodule m\n"),
    ("deprecated-block", "go.mod", "// Deprecated: whole block\nmodule (\n\tm\n)\n"),
    ("deprecated-empty", "go.mod", "// Deprecated:\nmodule m\n"),
    (
        "comments-everywhere",
        "go.mod",
        "// head\nmodule m // m\n// before go\ngo 1.19 // go\n\n"
        "require ( // after paren\n"
        "\t// inside\n\n\texample.com/a v1.0.0 // a\n\t// before close\n) // after close\n// tail no newline",
    ),
    ("whitespace", "go.mod", "  module \t example.com/m  \t\n\n\t go   1.19\r\nrequire\texample.com/a\tv1.0.0\t\n"),
    (
        "duplicates",
        "go.mod",
        "module m\nrequire example.com/a v1.0.0\nrequire example.com/a v1.0.0\n"
        "exclude example.com/a v1\nexclude example.com/b v1.0.0\nexclude example.com/a v1.0.0\n"
        "replace example.com/a => ./x\nreplace example.com/c => ./c\nreplace example.com/a => ./y\n"
        "replace example.com/a v1.0.0 => ./z\n",
    ),
    ("paren-empty-block-comment", "go.mod", "module m\nrequire () // nothing\nexclude (\n)\n"),
    (
        "work-basic",
        "go.work",
        'go 1.19\n\nuse ./a\nuse (\n\t./b // b\n\t"./c c"\n\texample.com/not/a/dir\n)\n'
        "replace example.com/x => ./x\nreplace (\n\texample.com/y v1.0.0 => example.com/z v1.2.0\n)\n",
    ),
    ("work-empty", "go.work", ""),
    ("work-crlf", "go.work", "go 1.18\r\nuse .\r\n"),
    # Syntax newer than Go 1.19: accepted by current Go, rejected by the installed one.
    ("newer-toolchain", "go.mod", "module m\n\ngo 1.21.0\n\ntoolchain go1.21.3\n"),
    ("newer-go-rc", "go.mod", "module m\ngo 1.22rc1\n"),
    ("newer-godebug", "go.mod", "module m\ngodebug default=go1.21\ngodebug (\n\tpanicnil=1\n\tasynctimerchan=0\n)\n"),
    ("newer-tool", "go.mod", "module m\ntool example.com/cmd/a\ntool (\n\texample.com/cmd/b\n)\n"),
    ("newer-ignore", "go.mod", "module m\nignore ./node_modules\nignore (\n\tthird_party\n)\n"),
    ("newer-replace-dot", "go.mod", "module m\nreplace example.com/a => .\nreplace example.com/b => ..\n"),
    ("newer-work", "go.work", "go 1.22.1\ntoolchain default\ngodebug http2client=0\nuse ./a\n"),
    # Deliberate differences: Go rejects these, remdev-lint parses them (see gomod.py).
    ("bom", "go.mod", "\ufeffmodule example.com/m\n"),
    (
        "backslash-dirs",
        "go.mod",
        "module m\nreplace example.com/a => .\\a\nreplace example.com/b => C:\\b\nreplace example.com/c => ..\\c\n",
    ),
]

# Hand-written files Go rejects; our parser must reject them on the same line.
REJECTED = [
    ("unknown-directive", "go.mod", "module m\n\nfoo bar\n"),
    ("repeated-module", "go.mod", "module m\nmodule n\n"),
    ("repeated-go", "go.mod", "module m\ngo 1.18\ngo 1.19\n"),
    ("bad-go-version", "go.mod", "module m\ngo 1.x\n"),
    ("go-no-args", "go.mod", "module m\ngo\n"),
    ("go-two-args", "go.mod", "module m\ngo 1.18 1.19\n"),
    ("go-quoted", "go.mod", 'module m\ngo "1.19"\n'),
    ("module-no-args", "go.mod", "module\n"),
    ("module-two-args", "go.mod", "module a b\n"),
    ("module-block-two", "go.mod", "module (\n\ta\n\tb\n)\n"),
    ("require-one-arg", "go.mod", "module m\nrequire example.com/a\n"),
    ("require-three-args", "go.mod", "module m\nrequire (\n\texample.com/a v1.0.0 extra\n)\n"),
    ("require-master", "go.mod", "module m\nrequire example.com/a master\n"),
    ("require-four-parts", "go.mod", "module m\nrequire example.com/a v1.2.3.4\n"),
    ("require-leading-zero", "go.mod", "module m\nrequire example.com/a v01.0.0\n"),
    ("require-major-mismatch", "go.mod", "module m\nrequire example.com/a/v2 v1.0.0\n"),
    ("require-v2-without-suffix", "go.mod", "module m\nrequire example.com/a v2.0.0\n"),
    ("require-v1-suffix", "go.mod", "module m\nrequire example.com/a/v1 v1.0.0\n"),
    ("require-gopkgin-mismatch", "go.mod", "module m\nrequire gopkg.in/yaml.v2 v3.0.0\n"),
    ("exclude-bad", "go.mod", "module m\nexclude (\n\texample.com/a v1.0.0\n\texample.com/b latest\n)\n"),
    ("bad-escape", "go.mod", 'module "example.com/\\q"\n'),
    ("single-quote-escape", "go.mod", 'module "example.com/\\\'"\n'),
    ("backtick", "go.mod", "module m\nrequire `example.com/r` v1.0.0\n"),
    ("unquoted-quote", "go.mod", 'module exa"mple\n'),
    ("single-quoted", "go.mod", "module m\nrequire 'example.com/a' v1.0.0\n"),
    ("unterminated-newline", "go.mod", 'module m\nrequire "example.com/a v1.0.0\n'),
    ("unterminated-eof", "go.mod", 'module m\nrequire "example.com/a'),
    ("escaped-newline-string", "go.mod", 'module m\nrequire "example.com/a\\\n" v1.0.0\n'),
    ("block-comment", "go.mod", "module m\n/* comment */\n"),
    ("inline-block-comment", "go.mod", "module m /* c */\n"),
    ("go-block", "go.mod", "module m\ngo (\n\t1.19\n)\n"),
    ("module-header-two-tokens", "go.mod", "module m (\n)\n"),
    ("unknown-block", "go.mod", "module m\nfoo (\n\tbar\n)\n"),
    ("unterminated-block", "go.mod", "module m\nrequire (\n\texample.com/a v1.0.0\n"),
    ("stray-paren", "go.mod", "module m\n)\n"),
    ("token-after-paren", "go.mod", "module m\nrequire (\n\texample.com/a v1.0.0\n) x\n"),
    ("replace-no-arrow", "go.mod", "module m\nreplace example.com/a ./a\n"),
    ("replace-module-no-version", "go.mod", "module m\nreplace example.com/a => example.com/b\n"),
    ("replace-at-version", "go.mod", "module m\nreplace example.com/a => example.com/b@v1.0.0\n"),
    ("replace-dir-with-version", "go.mod", "module m\nreplace example.com/a => ./x v1.0.0\n"),
    ("replace-too-many", "go.mod", "module m\nreplace (\n\texample.com/a v1.0.0 => example.com/b v1.0.0 x\n)\n"),
    ("replace-bad-old-version", "go.mod", "module m\nreplace example.com/a v1.x => ./a\n"),
    ("retract-nothing", "go.mod", "module m\nretract\n"),
    ("retract-missing-comma", "go.mod", "module m\nretract [v1.0.0 v1.1.0]\n"),
    ("retract-unclosed", "go.mod", "module m\nretract [v1.0.0,\n"),
    ("retract-extra", "go.mod", "module m\nretract v1.0.0 extra\n"),
    ("retract-paren-midline", "go.mod", "module m\nretract ( v1.0.0\n"),
    ("control-character", "go.mod", "module m\n\x01\n"),
    ("nbsp", "go.mod", "module m\ngo\u00a01.19\n"),
    ("error-after-newer", "go.mod", "module m\ntoolchain go1.21.0\ngodebug x=1\nrequire example.com/a v1.0.0 x\n"),
    ("lexer-error-wins", "go.mod", "module m\nrequire example.com/a\n\n\n/* late */\n"),
    ("work-unknown", "go.work", "go 1.19\nrequire example.com/a v1.0.0\n"),
    ("work-use-no-args", "go.work", "go 1.19\nuse\n"),
    ("work-use-two", "go.work", "use (\n\t./a ./b\n)\n"),
    ("work-repeated-go", "go.work", "go 1.18\ngo 1.19\n"),
    ("work-require-block", "go.work", "require (\n)\n"),
    ("work-bad-replace", "go.work", "replace example.com/a => example.com/b\n"),
]

# Go 1.19 errors about syntax added later, and the kind of construct each names.
_NEWER = [
    (re.compile(r"unknown directive: (toolchain|godebug|tool|ignore)$"), "directive"),
    (re.compile(r"unknown block type: (godebug|tool|ignore)$"), "directive"),
    (re.compile(r"invalid go version '([^']*)': must match format 1\.23$"), "go"),
    (
        re.compile(
            r"replacement module without version must be directory path \(rooted or starting with \./ or \.\./\)$"
        ),
        "dot",
    ),
]
# Go errors for the deliberate differences listed in the docstring of remdev_lint.formats.gomod.
_DELIBERATE = [
    (re.compile(r"replacement directory appears to be Windows path \(on a non-windows system\)$"), "backslash"),
    (re.compile(r"unexpected input character '\\ufeff'$"), "bom"),
]
_ERROR_LINE = re.compile(r"^\S*go\.(?:mod|work):(\d+)(?::\d+)?: (.*)$")
_DIRECTIVE_KEYS = {"toolchain": "Toolchain", "godebug": "Godebug", "tool": "Tool", "ignore": "Ignore"}
# The fields `go mod edit -json` / `go work edit -json` print in Go 1.19 (newer Go prints more).
_GO119_MOD_FIELDS = ("Module", "Go", "Require", "Exclude", "Replace", "Retract")
_GO119_WORK_FIELDS = ("Go", "Use", "Replace")


@pytest.fixture(scope="module")
def go_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if shutil.which("go") is None:
        # Debian: `apt-get install golang-go` (Go 1.19), the toolchain these tests were written against.
        oracle_unavailable("go toolchain not installed: no `go` executable on PATH")
    home = tmp_path_factory.mktemp("gohome")
    env = dict(os.environ)
    env.update(
        GOFLAGS="-mod=mod",
        GOTOOLCHAIN="local",
        GOPROXY="off",
        GOENV="off",
        HOME=str(home),
        GOPATH=str(home / "gopath"),
        GOCACHE=str(home / "gocache"),
    )
    return env


GoResult = tuple[dict | None, list[tuple[int, str]]]  # Go's JSON (None if rejected), its (line, message) errors


def run_go(env: dict[str, str], folder: Path, name: str, text: str) -> GoResult:
    """Write ``text`` as ``folder/name`` and run ``go mod edit -json`` (``go work edit``) on it from
    the parent folder, so that no go.mod is in the working directory."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text.encode("utf-8"))
    tool = "work" if name == "go.work" else "mod"
    proc = subprocess.run(
        ["go", tool, "edit", "-json", f"{folder.name}/{name}"],
        cwd=folder.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if proc.returncode == 0:
        return json.loads(proc.stdout), []
    errors = [(int(m.group(1)), m.group(2)) for m in map(_ERROR_LINE.match, proc.stderr.splitlines()) if m]
    assert errors, f"go failed without a parse error: {proc.stderr}"
    return None, errors


def go_canonical(version: str) -> str:
    """``module.CanonicalVersion`` of a version our parser accepted: ``v1`` -> ``v1.0.0``, build
    metadata dropped except ``+incompatible``. Go prints require/exclude/replace versions so."""
    base, _, build = version.partition("+")
    core, dash, pre = base.partition("-")
    parts = core.split(".")
    canonical = ".".join(parts + ["0"] * (3 - len(parts))) + dash + pre
    return canonical + "+incompatible" if build == "incompatible" else canonical


def as_go_prints(plain: dict, work: bool) -> dict:
    """Our plain root as Go 1.19 prints it: its fields only, absent lists as null, absent ``Go``
    omitted, a missing module as ``{"Path": ""}``, canonical versions (retract versions as written)."""
    out: dict = {}
    for key in _GO119_WORK_FIELDS if work else _GO119_MOD_FIELDS:
        if key in plain:
            out[key] = plain[key]
        elif key == "Module":
            out[key] = {"Path": ""}
        elif key != "Go":
            out[key] = None
    for key in ("Require", "Exclude"):
        for item in out.get(key) or []:
            item["Version"] = go_canonical(item["Version"])
    for item in out.get("Replace") or []:
        for side in ("Old", "New"):
            if "Version" in item[side]:
                item[side]["Version"] = go_canonical(item[side]["Version"])
    # `go mod edit` runs SortBlocks before printing, which drops repeated excludes (the first one
    # stays) and replacements of the same module version (the last one stays).
    if out.get("Exclude"):
        seen: list = []
        out["Exclude"] = [x for x in out["Exclude"] if x not in seen and not seen.append(x)]
    if out.get("Replace"):
        olds = [item["Old"] for item in out["Replace"]]
        out["Replace"] = [item for i, item in enumerate(out["Replace"]) if item["Old"] not in olds[i + 1 :]]
    return out


def go119_fields(go_json: dict, work: bool) -> dict:
    """Go's JSON restricted to the fields Go 1.19 prints (in case a newer Go is installed)."""
    return {key: value for key, value in go_json.items() if key in (_GO119_WORK_FIELDS if work else _GO119_MOD_FIELDS)}


def newer_reason(message: str) -> tuple[str, str | None] | None:
    """(kind, detail) if Go's ``message`` is about newer syntax or a deliberate difference."""
    for pattern, kind in _NEWER + _DELIBERATE:
        m = pattern.match(message)
        if m:
            return kind, (m.group(1) if m.groups() else None)
    return None


def check_newer_error(doc: Document, text: str, line: int, message: str) -> None:
    """Assert that Go's error names a newer construct / deliberate difference our parser read there."""
    reason = newer_reason(message)
    assert reason is not None, f"go rejects line {line} ({message!r}) but our parser accepts the file"
    kind, detail = reason
    root = doc.root.value
    if kind == "directive":
        assert detail is not None
        assert text.lstrip("\ufeff").split("\n")[line - 1].strip().startswith(detail), (line, message)
        assert _DIRECTIVE_KEYS[detail] in root, (line, message)
    elif kind == "go":
        assert root["Go"].value == detail and root["Go"].span.line == line, (line, message)
    elif kind in ("dot", "backslash"):
        targets = [item.value["New"].plain()["Path"] for item in root["Replace"].value if item.span.line == line]
        assert targets, (line, message)
        for target in targets:
            assert is_directory_path(target)
            assert target in (".", "..") or "\\" in target if kind == "dot" else "\\" in target, target
    else:  # bom
        assert line == 1 and text.startswith("\ufeff")


def downgrade(text: str, go_errors: list[tuple[int, str]]) -> tuple[str, set[int]]:
    """Blank the lines Go 1.19 rejects as newer syntax (whole blocks for block errors) and drop a BOM,
    so that Go prints the rest of the file; return the new text and the blanked line numbers."""
    lines = text.lstrip("\ufeff").split("\n")
    blanked: set[int] = set()
    for number, message in go_errors:
        if newer_reason(message) == ("bom", None):
            continue
        last = number
        if message.startswith("unknown block type"):
            while last < len(lines) and not lines[last - 1].strip().startswith(")"):
                last += 1
        for index in range(number, last + 1):
            lines[index - 1] = ""
            blanked.add(index)
    return "\n".join(lines), blanked


def without_lines(doc: Document, blanked: set[int]) -> dict:
    """Our plain root without the directives on ``blanked`` lines."""
    plain = doc.root.plain()
    for key, node in doc.root.value.items():
        if isinstance(node.value, list):
            kept = [item.plain() for item in node.value if item.span.line not in blanked]
            if kept:
                plain[key] = kept
            else:
                del plain[key]
        elif node.span.line in blanked:
            del plain[key]
    return plain


def compare_with_go(env: dict[str, str], folder: Path, name: str, text: str, go: GoResult) -> None:
    work = name == "go.work"
    go_json, go_errors = go
    try:
        doc = (parse_gowork if work else parse_gomod)(text)
    except ParseError as exc:
        assert go_errors, f"go accepts the file; we raise {exc}"
        # Our line must be that of Go's first error, or of a later one when every error before it
        # is about syntax newer than the installed Go (which we accept).
        newer = []
        for line, message in go_errors:
            if line == exc.line:
                return
            if newer_reason(message) is None:
                break
            newer.append((line, message))
        assert newer, f"we raise {exc}; go reports {go_errors}"
        # Go first reports syntax it is too old for. Our error may lie inside such a construct (a
        # block Go cannot read), or follow from it (a repeated `go` line after one Go rejected), or
        # come after a BOM that stopped Go's lexer. Without those constructs, both must agree.
        older_text, blanked = downgrade(text, newer)
        if exc.line not in blanked:
            compare_with_go(env, folder, name, older_text, run_go(env, folder, name, older_text))
        return
    if go_json is not None:
        assert as_go_prints(doc.root.plain(), work) == go119_fields(go_json, work)
        return
    for line, message in go_errors:
        check_newer_error(doc, text, line, message)
    # Go rejected only newer syntax: compare everything else with what Go prints without it.
    older_text, blanked = downgrade(text, go_errors)
    go_json, go_errors = run_go(env, folder, name, older_text)
    assert go_json is not None, f"go still rejects the file without its newer syntax: {go_errors}"
    assert as_go_prints(without_lines(doc, blanked), work) == go119_fields(go_json, work)


def scalar_members(node: Node) -> Iterator[tuple[str | None, Node]]:
    members = node.value.items() if isinstance(node.value, dict) else ((None, child) for child in node.value)
    for key, child in members:
        if child.is_scalar:
            yield key, child
        else:
            yield from scalar_members(child)


@pytest.mark.parametrize("path", CORPUS_CASES, ids=lambda p: p.name)
def test_corpus_file_matches_go(path: Path, go_env: dict[str, str], tmp_path: Path) -> None:
    name = "go.work" if path.name.endswith("go.work") else "go.mod"
    text = path.read_text(encoding="utf-8")
    compare_with_go(go_env, tmp_path / "c", name, text, run_go(go_env, tmp_path / "c", name, text))


@pytest.mark.parametrize(("name", "text"), [c[1:] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED])
def test_accepted_file_matches_go(name: str, text: str, go_env: dict[str, str], tmp_path: Path) -> None:
    (parse_gowork if name == "go.work" else parse_gomod)(text)  # raises if we reject it
    compare_with_go(go_env, tmp_path / "c", name, text, run_go(go_env, tmp_path / "c", name, text))


@pytest.mark.parametrize(("name", "text"), [c[1:] for c in REJECTED], ids=[c[0] for c in REJECTED])
def test_rejected_file_matches_go(name: str, text: str, go_env: dict[str, str], tmp_path: Path) -> None:
    go = run_go(go_env, tmp_path / "c", name, text)
    assert go[0] is None, "go accepts a file listed as rejected"
    with pytest.raises(ParseError):
        (parse_gowork if name == "go.work" else parse_gomod)(text)
    compare_with_go(go_env, tmp_path / "c", name, text, go)


MUTATION_PIECES = [
    *" \t\n\r()[]{},\"`'/\\*=@.:#",
    "//",
    "/*",
    "=>",
    " // indirect",
    "// Deprecated: x\n",
    "\n)",
    "(\n",
    "v1.2.3",
    "v1",
    "v2.0.0",
    '"\\',
    "é",
    "\u00a0",
    "\ufeff",
    "retract ",
    "replace ",
    "require ",
    "exclude ",
    "go ",
    "module ",
    "toolchain ",
    "godebug ",
    "use ",
    "../",
]


def mutant(seed: int) -> tuple[str, str]:
    """A deterministic random edit (insertions, deletions, repeated lines) of a seed file."""
    rng = random.Random(seed)
    seeds = [(c[1], c[2]) for c in ACCEPTED]
    seeds += [
        ("go.work" if p.name.endswith("go.work") else "go.mod", p.read_text(encoding="utf-8")[:2000])
        for p in CORPUS_FILES
    ]
    name, text = rng.choice(seeds)
    for _ in range(rng.randint(1, 3)):
        pos = rng.randint(0, len(text))
        roll = rng.random()
        if roll < 0.5:
            text = text[:pos] + rng.choice(MUTATION_PIECES) + text[pos:]
        elif roll < 0.8:
            text = text[:pos] + text[pos + rng.randint(1, 6) :]
        else:
            lines = text.split("\n")
            lines.insert(rng.randrange(len(lines)), rng.choice(lines))
            text = "\n".join(lines)
    return name, text


@pytest.mark.parametrize("seed", range(200))
def test_mutated_file_matches_go(seed: int, go_env: dict[str, str], tmp_path: Path) -> None:
    name, text = mutant(seed)
    compare_with_go(go_env, tmp_path / "c", name, text, run_go(go_env, tmp_path / "c", name, text))


def test_mutated_files_parse_or_raise_parse_error() -> None:
    for seed in range(1000):
        name, text = mutant(seed)
        try:
            (parse_gowork if name == "go.work" else parse_gomod)(text)
        except ParseError as exc:
            assert exc.line >= 1 and exc.column >= 1, (seed, exc)


def test_corpus_is_present() -> None:
    shared_path("corpus", "gomod")  # skips in a plain clone (and the corpus tests have no cases)
    names = [p.name for p in CORPUS_FILES]
    assert any(n.endswith("go.mod") for n in names), f"no go.mod files in {CORPUS}"
    assert any(n.endswith("go.work") for n in names), f"no go.work files in {CORPUS}"


@pytest.mark.parametrize("path", CORPUS_CASES, ids=lambda p: p.name)
def test_corpus_file_parses_without_crashing(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        doc = (parse_gowork if path.name.endswith("go.work") else parse_gomod)(text)
    except ParseError as exc:
        assert exc.line >= 1 and exc.column >= 1 and exc.message
        return
    assert doc.text == text
    # Every token value spans exactly its token in the source.
    lines = text.lstrip("\ufeff").split("\n")
    for key, node in scalar_members(doc.root):
        if key in ("Path", "Version", "Low", "High", "DiskPath", "Go", "Toolchain"):
            span = node.span
            token = lines[span.line - 1][span.column - 1 : span.end_column - 1]
            assert (json.loads(token) if token.startswith('"') else token) == node.value, (path.name, span)


# --- GM002 against go build ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lib", "builds"),
    [
        ({"go.mod": "module example.com/lib\n\ngo 1.22\n", "lib.go": "package lib\n\nconst X = 1\n"}, True),
        # Another module path: the go command does not check it for a directory replacement.
        ({"go.mod": "module example.com/other\n\ngo 1.22\n", "lib.go": "package lib\n\nconst X = 1\n"}, True),
        ({"lib.go": "package lib\n\nconst X = 1\n"}, False),  # no go.mod
        ({}, False),  # no folder
    ],
    ids=["same-path", "other-path", "no-go-mod", "missing"],
)
def test_gm002_reports_what_go_build_refuses(go_env: dict[str, str], tmp_path: Path, lib: dict, builds: bool) -> None:

    write(
        tmp_path,
        "app/go.mod",
        "module example.com/app\n\ngo 1.22\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n",
    )
    write(tmp_path, "app/main.go", 'package main\n\nimport "example.com/lib"\n\nfunc main() { println(lib.X) }\n')
    for name, text in lib.items():
        write(tmp_path, f"lib/{name}", text)

    built = subprocess.run(["go", "build", "./..."], cwd=tmp_path / "app", env=go_env, capture_output=True, text=True)

    assert (built.returncode == 0) is builds, built.stderr
    assert [d["rule"] for d in json_diagnostics(tmp_path, select="GM002")] == ([] if builds else ["GM002"])


def test_gm003_asks_for_go_mod_tidy_where_raising_the_go_line_needs_it(go_env: dict[str, str], tmp_path: Path) -> None:
    """From go 1.16 to 1.21 a module must list its indirect requirements: GM003 says to run `go
    mod tidy`, and without it the go command refuses to build."""
    write(tmp_path, "lib2/go.mod", "module example.com/lib2\n\ngo 1.16\n")
    write(tmp_path, "lib2/lib2.go", "package lib2\n\nconst Y = 2\n")
    write(
        tmp_path,
        "lib/go.mod",
        "module example.com/lib\n\ngo 1.16\n\nrequire example.com/lib2 v0.0.0\n\nreplace example.com/lib2 => ../lib2\n",
    )
    write(tmp_path, "lib/lib.go", 'package lib\n\nimport "example.com/lib2"\n\nconst X = lib2.Y\n')
    app = (
        "module example.com/app\n\ngo {go}\n\nrequire example.com/lib v0.0.0\n\n"
        "replace (\n\texample.com/lib => ../lib\n\texample.com/lib2 => ../lib2\n)\n"
    )
    write(tmp_path, "app/go.mod", app.format(go="1.16"))
    write(tmp_path, "app/main.go", 'package main\n\nimport "example.com/lib"\n\nfunc main() { println(lib.X) }\n')
    env = {**go_env, "GOFLAGS": "-mod=readonly"}

    def build() -> subprocess.CompletedProcess:
        return subprocess.run(["go", "build", "./..."], cwd=tmp_path / "app", env=env, capture_output=True, text=True)

    assert build().returncode == 0
    [finding] = [d for d in json_diagnostics(tmp_path / "app", "go.mod", select="GM003")]
    assert "then run `go mod tidy`" in finding["message"]

    write(tmp_path, "app/go.mod", app.format(go="1.21"))
    refused = build()
    assert refused.returncode != 0 and "go mod tidy" in refused.stderr
    subprocess.run(["go", "mod", "tidy"], cwd=tmp_path / "app", env=go_env, check=True, capture_output=True)
    assert build().returncode == 0
