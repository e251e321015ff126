"""Shared test helpers: where ../shared is, an isolated rule cache, running the CLI."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The workplace's shared/ folder: $REMDEV_LINT_SHARED, else beside the checkout (../shared)."""
    explicit = os.environ.get("REMDEV_LINT_SHARED")
    return Path(explicit) if explicit else REPO.parent / "shared"


#: Files the unit tests need that live in the repository (tests/data/README.md says where from).
DATA = Path(__file__).resolve().parent / "data"


def shared_path(*parts: str) -> Path:
    """A file or folder of the workplace's shared/ folder (the real-world corpus).

    A plain clone has no shared/ beside it (nor does a ``$REMDEV_LINT_SHARED`` that names no
    folder): the test is skipped, with the reason. When the shared folder is there but a part of
    it is missing, the test fails: the corpus is incomplete. (``.ci/run`` checks that the folder
    is there before the tests, so that CI can never pass by skipping the corpus.)"""
    path = shared_dir().joinpath(*parts)
    if path.exists():
        return path
    if shared_dir().is_dir():
        pytest.fail(f"{path} is missing from the shared folder {shared_dir()}")
    pytest.skip(f"needs the shared corpus ({path}), which is not there; set REMDEV_LINT_SHARED to its folder")


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's cache of validated rule files."""
    os.environ["REMDEV_LINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("rule-cache"))


def covered(text: str, span) -> str:
    """The text a span covers (lines split at \\r\\n, \\r or \\n, as the parsers split them)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    middle = lines[span.line : span.end_line - 1]
    first = lines[span.line - 1][span.column - 1 :]
    last = lines[span.end_line - 1][: span.end_column - 1]
    return "\n".join([first, *middle, last])


def write(root: Path, relpath: str, text: str) -> Path:
    """Write ``text`` to ``root/relpath``, making its folders."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def json_diagnostics(cwd: Path, *args: str, select: str | None = None) -> list[dict]:
    """The diagnostics of a run (``--format json``, only ``select`` when given): no error output,
    and an exit code of 0 or 1."""
    import json

    result = run_cli(["--format", "json", *(["--select", select] if select else []), *args], cwd)
    assert result.err == "", result
    assert result.code in (0, 1), result
    return json.loads(result.out)["diagnostics"]


def assert_every_edit_parses_or_raises(parse, text: str) -> None:
    """Every truncation and every one-character deletion of ``text`` parses or raises
    ParseError with a position: never another exception."""
    from remdev_lint.model import ParseError

    outcomes = {"parsed": 0, "rejected": 0}
    for index in range(len(text)):
        for variant in (text[:index], text[:index] + text[index + 1 :]):
            try:
                parse(variant)
            except ParseError as error:
                assert error.line >= 1 and error.column >= 1
                outcomes["rejected"] += 1
            else:
                outcomes["parsed"] += 1
    assert outcomes["parsed"] > 0 and outcomes["rejected"] > 0


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"Result(code={self.code}, out={self.out!r}, err={self.err!r})"


def run_cli(args: list[str], cwd: Path, stdin: str | bytes = "") -> Result:
    """Run remdev-lint's main() in this process, as a shell in ``cwd`` would."""
    from remdev_lint.cli import main

    old_cwd = os.getcwd()
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    old = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr = out, err
    raw = stdin if isinstance(stdin, bytes) else stdin.encode("utf-8")
    sys.stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    try:
        os.chdir(cwd)
        try:
            code = main(args)
        except SystemExit as exc:  # argparse's --version and usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(old_cwd)
        sys.stdout, sys.stderr, sys.stdin = old
    out.flush()
    return Result(code, out.buffer.getvalue().decode("utf-8"), err.getvalue())


#: CI sets it (.ci/run): an oracle that cannot run there fails its tests instead of skipping them.
REQUIRE_ORACLES = bool(os.environ.get("REMDEV_LINT_REQUIRE_ORACLES"))


def oracle_unavailable(reason: str) -> NoReturn:
    """Skips a test whose oracle (a real tool) is not here, with the reason; fails it when
    ``REMDEV_LINT_REQUIRE_ORACLES`` is set, so that CI cannot pass by skipping."""
    if REQUIRE_ORACLES:
        pytest.fail(f"{reason} (REMDEV_LINT_REQUIRE_ORACLES is set)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def ssh() -> str:
    """OpenSSH's client, the oracle of the ssh_config tests (written against OpenSSH 9.2;
    Debian: `apt-get install openssh-client`)."""
    import shutil

    path = shutil.which("ssh")
    if path is None:
        oracle_unavailable("OpenSSH client not installed: no `ssh` executable on PATH")
    return path


def run_ssh_g(ssh: str, home: Path, config: Path, host: str):
    """``ssh -G`` on ``config`` for ``host``: no terminal, no environment but HOME, PATH, LC_ALL."""
    import subprocess

    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}
    return subprocess.run(
        [ssh, "-G", "-F", str(config), "--", host],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )


def debug_rule(files: str = '[{glob: "**/*.json", format: json}]', more: str = "") -> str:
    """A team's rule file with one rule, TL001 (`"debug": true` in the files ``files`` names),
    and ``more`` keys (each line indented as a rule key), for tests of how rules are applied."""
    return f"""\
rules:
  - code: TL001
    name: no-debug
    severity: error
    summary: debug is on
    explanation: "## What it does\\nx\\n\\n## Why is this bad?\\nx\\n\\n## What to do instead\\nx\\n"
    files: {files}
{more}    check: {{select: debug, report-if: {{equals: true}}, message: debug is on}}
    examples:
      bad: [{{file: a.json, text: '{{"debug": true}}', expect: "1:11"}}]
      good: [{{file: a.json, text: '{{"debug": false}}'}}]
"""


@pytest.fixture(scope="session")
def checkstyle_reader(tmp_path_factory) -> Callable[[list[Path]], list[dict]]:
    """Jenkins' Warnings plugin reading Checkstyle reports (analysis-model's CheckStyleParser,
    through tests/oracles/ReadCheckstyle.java): a function from report files to what it read in
    each (``issues``, ``errors``). Needs Java 17 and Maven (Debian: `apt-get install
    default-jdk-headless maven`), which fetches analysis-model from Maven Central once."""
    import json
    import shutil
    import subprocess

    java, mvn = shutil.which("java"), shutil.which("mvn")
    if java is None or mvn is None:
        oracle_unavailable("Java and Maven are needed to read Checkstyle reports as Jenkins does")
    oracles = Path(__file__).parent / "oracles"
    classpath = tmp_path_factory.mktemp("checkstyle") / "classpath.txt"
    built = subprocess.run(
        [
            mvn,
            "-q",
            "-B",
            "-f",
            str(oracles / "pom.xml"),
            "dependency:build-classpath",
            f"-Dmdep.outputFile={classpath}",
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if built.returncode != 0 or not classpath.exists():
        oracle_unavailable(f"Maven could not fetch analysis-model: {(built.stdout + built.stderr)[-500:]}")

    def read(reports: list[Path]) -> list[dict]:
        out = classpath.with_name(f"read-{len(list(classpath.parent.iterdir()))}.json")
        subprocess.run(
            [
                java,
                "-cp",
                classpath.read_text().strip(),
                str(oracles / "ReadCheckstyle.java"),
                str(out),
                *map(str, reports),
            ],
            capture_output=True,
            timeout=300,
            check=True,
        )
        return json.loads(out.read_text(encoding="utf-8"))

    return read
