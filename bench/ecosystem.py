"""Ecosystem check: run remdev-lint's rules on real public repositories.

    python bench/ecosystem.py                          # every repository; compare with the summary
    python bench/ecosystem.py --set config             # the configuration rules, on their own set
    python bench/ecosystem.py --repos caddy,resty      # a subset
    python bench/ecosystem.py --write bench/ecosystem-summary.json
    python bench/ecosystem.py --command "remdev-lint --jobs 1"
    python bench/ecosystem.py --python /path/to/venv/bin/python   # runs PYTHON -m remdev_lint
    python bench/ecosystem.py --set config --fixes /tmp/fixes  # and what --fix would change
    python bench/ecosystem.py --reports                # and check the CI reports of each run

Two sets: ``go`` (the default) runs the Go source rules on Go code bases, listed in
``bench/ecosystem-repos.toml`` and summarised in ``bench/ecosystem-summary.json``; ``config`` runs
every other rule (dev containers, Delve command lines, OpenSSH configurations, VS Code files,
go.mod) on repositories that hold such files, listed in ``bench/ecosystem-config-repos.toml`` and
summarised in ``bench/ecosystem-config-summary.json``.

The repositories and the commit each is pinned to are in the set's list. For each
one, the pinned snapshot is checked out into a cache folder (``--cache``, default
``/tmp/remdev-lint-ecosystem/<name>-<commit[:12]>``, reused when present) from a local bare git
repository holding that commit (a mirror: ``--mirrors ROOT`` is searched for
``<owner>+<name>/repo``, ``<owner>+<name>``, ``<owner>+<name>.git`` and ``<name>``; ``--mirror
NAME=DIR`` names one). Nothing is downloaded. The checkout is a git work tree (``git clone
--shared``), as a user's clone is, so the linter's walk asks git which files there are.

The linter runs in that folder as ``COMMAND --select SELECT --format json .`` (its ``--jobs``
default; SELECT is ``GH,RL001`` for the Go set, ``DC,DL,GM,SC,SD,VL,VS,VS002,RL`` for the other, VS002 being opt-in); the script prints a table of findings per rule per repository, with the repository's
Go version (root go.mod), its non-test ``.go`` files (outside ``vendor/`` and ``testdata/``), how
many of those are generated (not linted) and the run's wall time. With ``--write FILE`` it writes
the summary there (one finding per line: rule, path, line, column and the first 80 characters of
the message; repositories not run this time keep their entry). Without it, it compares the run
with the summary (``--summary``, default the set's) and prints, per
repository and rule, the findings that are new and the ones that are gone, as path:line:column.

With ``--fixes DIR``, each repository is also run with ``--diff --unsafe-fixes`` (nothing is
written), and what ``--fix --unsafe-fixes`` would change is saved as ``DIR/<name>.diff``, for a
reviewer to read hunk by hunk; the table after the findings' says, per rule, how many findings
have a fix (the JSON report's ``fix``) and how many of them the run would fix (a fix is made only
when the file still parses and nothing new is found in it).

With ``--reports``, each repository is also run with ``--format junit``, ``checkstyle``,
``sarif`` and ``gitlab``, and each report is checked as its consumer would: the JUnit report
against the Jenkins xUnit plugin's schema (one failure per testcase, one per finding), the SARIF
report against SARIF 2.1.0's schema (one result per finding; how many quote their region), each
GitLab entry against GitLab's Code Quality schema (fingerprints unique), the Checkstyle report as
XML with one error per finding at its place; the schemas are the tests' (``tests/data``), read
with jsonschema and xmlschema (the test extras).

Exit status: 0; 1 with ``--check`` when the findings differ from the summary, or with
``--reports`` when a report is not as its reader expects it; 2 when a repository
could not be checked out or the linter failed on it (the other repositories are still run).

Standard library only (``--reports`` also needs the test extras).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
DEFAULT_CACHE = Path(os.environ.get("REMDEV_LINT_ECOSYSTEM_CACHE", "/tmp/remdev-lint-ecosystem"))
DEFAULT_MIRRORS = Path(os.environ.get("REMDEV_LINT_ECOSYSTEM_MIRRORS", "/work/.mirror"))


@dataclass(frozen=True)
class CheckSet:
    """One ecosystem check: its repositories, its summary, the rules it runs and the columns
    of its table (in order; a rule outside them gets a column too)."""

    repos: Path
    summary: Path
    select: str
    rules: tuple[str, ...]


SETS = {
    # The Go source rules on Go code bases.
    "go": CheckSet(
        BENCH / "ecosystem-repos.toml",
        BENCH / "ecosystem-summary.json",
        "GH,RL001",
        ("GH001", "GH002", "GH003", "GH004", "GH005", "RL001"),
    ),
    # Every other rule (configuration files, go.mod) on repositories that hold dev containers,
    # Delve command lines and OpenSSH configurations.
    "config": CheckSet(
        BENCH / "ecosystem-config-repos.toml",
        BENCH / "ecosystem-config-summary.json",
        "DC,DL,GM,SC,SD,VL,VS,VS002,RL",
        ("DC004", "DC009", "DL001", "DL002", "DL005", "GM003", "SC001", "SC006", "SD006", "RL001"),
    ),
}
MESSAGE_CHARS = 80
SUMMARY_VERSION = 1
#: Folders the linter's walk never enters (remdev_lint.discovery.DEFAULT_EXCLUDE).
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "vendor", "testdata", "__pycache__", ".venv"})
#: go/ast.IsGenerated: this line before the package clause, in the first 64 KiB.
GENERATED = re.compile(r"^// Code generated .* DO NOT EDIT\.$")
#: Written into the clone's .git folder once the checkout is complete (never walked).
MARKER = "remdev-lint-ecosystem.json"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
GITHUB = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")


class Failure(Exception):
    """A repository that could not be checked out or linted; the message says why."""


@dataclass(frozen=True)
class Repo:
    name: str
    github: str
    commit: str
    shape: str


@dataclass(frozen=True, order=True)
class Finding:
    rule: str
    path: str
    line: int
    column: int
    message: str

    @property
    def place(self) -> tuple[str, str, int, int]:
        """What identifies a finding across runs: the message may be reworded."""
        return (self.rule, self.path, self.line, self.column)

    def row(self) -> list[str | int]:
        return [self.rule, self.path, self.line, self.column, self.message]


@dataclass
class Result:
    repo: Repo
    findings: list[Finding] = field(default_factory=list)
    go_files: int = 0
    generated: int = 0
    go_version: str = "?"
    absent: int = 0
    seconds: float = 0.0
    error: str | None = None
    #: With --fixes: per rule, the findings that have a fix; what --diff --unsafe-fixes would fix.
    fixable: Counter[str] = field(default_factory=Counter)
    would_fix: int = 0
    #: With --reports: what is wrong with the CI reports; how many SARIF results quote a snippet.
    report_problems: list[str] = field(default_factory=list)
    snippets: int = 0


# --- the repository list --------------------------------------------------------------------------


def load_repos(path: Path) -> list[Repo]:
    """The ``[[repo]]`` tables of the list, checked."""
    text = path.read_text(encoding="utf-8")
    tables = _toml_repos(text)
    repos: list[Repo] = []
    seen: set[str] = set()
    for index, table in enumerate(tables, 1):
        values = {key: table.get(key) for key in ("name", "github", "commit", "shape")}
        if not all(isinstance(value, str) and value for value in values.values()):
            raise SystemExit(f"{path}: repo #{index} needs the strings name, github, commit and shape")
        repo = Repo(**{key: str(value) for key, value in values.items()})
        if not NAME.match(repo.name) or repo.name in seen:
            raise SystemExit(f"{path}: repo #{index}: name {repo.name!r} is not a unique plain name")
        if not GITHUB.match(repo.github):
            raise SystemExit(f"{path}: {repo.name}: github must be owner/name, not {repo.github!r}")
        if not COMMIT.match(repo.commit):
            raise SystemExit(f"{path}: {repo.name}: commit must be 40 lowercase hex digits")
        seen.add(repo.name)
        repos.append(repo)
    return repos


def _toml_repos(text: str) -> list[dict[str, Any]]:
    if sys.version_info >= (3, 11):
        import tomllib

        tables = tomllib.loads(text).get("repo", [])
        return [table for table in tables if isinstance(table, dict)]
    return _simple_toml_repos(text)


def _simple_toml_repos(text: str) -> list[dict[str, Any]]:
    """Python 3.10 has no tomllib: the list's subset of TOML (``[[repo]]`` tables of basic
    strings, comments) is read here."""
    tables: list[dict[str, Any]] = []
    pair = re.compile(r'^([A-Za-z0-9_-]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$')
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line == "[[repo]]":
            tables.append({})
            continue
        match = pair.match(line)
        if match is None or not tables:
            raise SystemExit(f"line {number}: not understood without tomllib: {raw!r}")
        tables[-1][match.group(1)] = json.loads(f'"{match.group(2)}"')
    return tables


# --- materialising a snapshot ---------------------------------------------------------------------


def git_env() -> dict[str, str]:
    """The environment without the variables that point git at another repository."""
    return {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}


def git(*args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    argv = ["git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", *args]
    proc = subprocess.run(
        argv, cwd=cwd, env=git_env(), stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )
    if check and proc.returncode != 0:
        detail = proc.stderr.strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
        raise Failure(f"git {' '.join(args[:2])}: {detail[0]}")
    return proc


def find_mirror(repo: Repo, roots: Sequence[Path], named: dict[str, Path]) -> Path:
    """The bare repository (or work tree) that holds the pinned commit."""
    owner, name = repo.github.split("/")
    if repo.name in named:
        candidates = [named[repo.name]]
    else:
        stems = (f"{owner}+{name}/repo", f"{owner}+{name}", f"{owner}+{name}.git", repo.name, name)
        candidates = [root / stem for root in roots for stem in stems]
    tried: list[str] = []
    for candidate in candidates:
        if not candidate.is_dir():
            continue
        tried.append(str(candidate))
        found = git("--git-dir", str(_git_dir(candidate)), "cat-file", "-e", f"{repo.commit}^{{commit}}", check=False)
        if found.returncode == 0:
            return candidate
    where = ", ".join(tried) if tried else f"no mirror under {', '.join(map(str, roots))}"
    raise Failure(f"commit {repo.commit[:12]} of {repo.github} not found ({where}); fetch it, or name it with --mirror")


def _git_dir(path: Path) -> Path:
    return path / ".git" if (path / ".git").exists() else path


def materialise(repo: Repo, cache: Path, roots: Sequence[Path], named: dict[str, Path]) -> tuple[Path, int]:
    """The checkout of the pinned commit, made if missing; and how many tracked files the
    snapshot lacks (a mirror may leave out its largest blobs)."""
    dest = cache / f"{repo.name}-{repo.commit[:12]}"
    marker = dest / ".git" / MARKER
    if marker.is_file():
        try:
            recorded = json.loads(marker.read_text(encoding="utf-8"))
            if recorded.get("commit") == repo.commit:
                return dest, int(recorded.get("absent", 0))
        except (ValueError, OSError):
            pass
    mirror = find_mirror(repo, roots, named)
    partial = dest.with_name(dest.name + ".partial")
    for stale in (dest, partial):
        if stale.exists():
            shutil.rmtree(stale)
    cache.mkdir(parents=True, exist_ok=True)
    git("clone", "--quiet", "--shared", "--no-checkout", str(_git_dir(mirror)), str(partial))
    git("-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", repo.commit, cwd=partial)
    head = git("rev-parse", "HEAD", cwd=partial).stdout.strip()
    if head != repo.commit:
        raise Failure(f"checked out {head}, not {repo.commit}")
    absent = len([name for name in git("ls-files", "-z", "--deleted", cwd=partial).stdout.split("\0") if name])
    (partial / ".git" / MARKER).write_text(json.dumps({"commit": repo.commit, "absent": absent}), encoding="utf-8")
    partial.rename(dest)
    return dest, absent


def count_go_files(root: Path) -> tuple[int, int]:
    """Non-test .go files outside the folders the walk skips, and how many of them are generated."""
    total = generated = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if name not in SKIPPED_DIRS]
        for name in files:
            if not name.endswith(".go") or name.endswith("_test.go"):
                continue
            path = os.path.join(folder, name)
            if not os.path.isfile(path):
                continue
            total += 1
            generated += _is_generated(path)
    return total, generated


def _is_generated(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return False
    for line in head.decode("utf-8", "replace").replace("\r", "").split("\n"):
        if line.startswith("package ") or line == "package":
            return False
        if GENERATED.match(line):
            return True
    return False


def go_version(root: Path) -> str:
    try:
        text = (root / "go.mod").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "-"
    match = re.search(r"^go\s+(\S+)", text, re.MULTILINE)
    return match.group(1) if match else "-"


# --- running the linter ---------------------------------------------------------------------------


def default_command() -> list[str]:
    """The ``remdev-lint`` console script beside this Python, else ``python -m remdev_lint``."""
    script = Path(sys.executable).with_name("remdev-lint")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "remdev_lint"]


def lint(command: Sequence[str], folder: Path, timeout: float, select: str) -> list[Finding]:
    argv = [*command, "--select", select, "--format", "json", "."]
    try:
        proc = subprocess.run(
            argv, cwd=folder, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise Failure(f"the linter ran longer than {timeout:g} s") from exc
    except OSError as exc:
        raise Failure(f"cannot run {shlex.join(command)}: {exc}") from exc
    if proc.returncode not in (0, 1):
        tail = " | ".join(proc.stderr.strip().splitlines()[-3:])
        raise Failure(f"the linter exited with {proc.returncode}: {tail}")
    try:
        report = json.loads(proc.stdout)
        diagnostics = report["diagnostics"]
        return sorted(
            Finding(str(d["rule"]), str(d["path"]), int(d["line"]), int(d["column"]), str(d["message"])[:MESSAGE_CHARS])
            for d in diagnostics
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise Failure(f"the linter's JSON report is not of the expected shape: {exc!r}") from exc


def check_repo(
    repo: Repo,
    command: Sequence[str],
    cache: Path,
    roots: Sequence[Path],
    named: dict[str, Path],
    timeout: float,
    select: str,
    fixes: Path | None = None,
    reports: bool = False,
) -> Result:
    result = Result(repo)
    try:
        folder, result.absent = materialise(repo, cache, roots, named)
        result.go_files, result.generated = count_go_files(folder)
        result.go_version = go_version(folder)
        start = time.perf_counter()
        result.findings = lint(command, folder, timeout, select)
        result.seconds = time.perf_counter() - start
        if fixes is not None:
            result.fixable, result.would_fix = diff_fixes(command, folder, timeout, select, fixes / f"{repo.name}.diff")
        if reports:
            result.report_problems, result.snippets = check_reports(command, folder, timeout, select, result.findings)
    except Failure as exc:
        result.error = str(exc)
    return result


def diff_fixes(
    command: Sequence[str], folder: Path, timeout: float, select: str, out: Path
) -> tuple[Counter[str], int]:
    """Per rule, the findings that have a fix; how many ``--diff --unsafe-fixes`` would fix (its
    diff written to ``out``)."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, "--select", select, *args, "."],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    fixable = Counter(d["rule"] for d in json.loads(run("--format", "json").stdout)["diagnostics"] if d.get("fix"))
    proc = run("--diff", "--unsafe-fixes")
    if proc.returncode not in (0, 1):
        raise Failure(f"--diff exited with {proc.returncode}: {proc.stderr.strip()[-300:]}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(proc.stdout, encoding="utf-8")
    said = re.search(r"Would fix (\d+) problem", proc.stderr)
    return fixable, int(said.group(1)) if said else 0


# --- the CI reports ------------------------------------------------------------------------------

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def check_reports(
    command: Sequence[str], folder: Path, timeout: float, select: str, findings: list[Finding]
) -> tuple[list[str], int]:
    """What is wrong with the run's JUnit, Checkstyle, SARIF and GitLab reports, checked as
    their readers check them and against the JSON report's ``findings``; how many SARIF
    results quote their region."""
    import xml.etree.ElementTree as ET

    import jsonschema
    import xmlschema

    def report(fmt: str) -> str:
        argv = [*command, "--select", select, "--format", fmt, "--exit-zero", "."]
        proc = subprocess.run(
            argv, cwd=folder, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout
        )
        if proc.returncode != 0:
            raise Failure(f"--format {fmt} exited with {proc.returncode}: {proc.stderr.strip()[-300:]}")
        return proc.stdout

    places = sorted(f.place for f in findings)
    problems = []
    junit = report("junit")
    try:
        xmlschema.XMLSchema(str(DATA / "jenkins-xunit-junit-10.xsd")).validate(junit)
    except xmlschema.XMLSchemaException as exc:
        problems.append(f"junit: not valid: {str(exc)[:200]}")
    cases = list(ET.fromstring(junit).iter("testcase"))
    if any(len(case.findall("failure")) > 1 for case in cases):
        problems.append("junit: a testcase with more than one failure")
    if sum(len(case.findall("failure")) for case in cases) != len(findings):
        problems.append("junit: not one failure per finding")
    checkstyle = ET.fromstring(report("checkstyle"))
    read = sorted(
        (error.get("source"), file.get("name"), int(error.get("line", 0)), int(error.get("column", 0)))
        for file in checkstyle.iter("file")
        for error in file.iter("error")
    )
    if read != places:
        problems.append("checkstyle: not one error per finding at its place")
    sarif = json.loads(report("sarif"))
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    for error in list(jsonschema.Draft7Validator(schema).iter_errors(sarif))[:3]:
        problems.append(f"sarif: {error.message[:200]}")
    results = sarif["runs"][0]["results"]
    if len(results) != len(findings):
        problems.append("sarif: not one result per finding")
    snippets = sum("snippet" in r["locations"][0]["physicalLocation"]["region"] for r in results)
    issues = json.loads(report("gitlab"))
    entry_schema = json.loads((DATA / "gitlab-codeclimate.schema.json").read_text(encoding="utf-8"))
    for issue in issues:
        for error in list(jsonschema.Draft7Validator(entry_schema).iter_errors(issue))[:1]:
            problems.append(f"gitlab: {error.message[:200]}")
    if len(issues) != len(findings) or len({issue["fingerprint"] for issue in issues}) != len(issues):
        problems.append("gitlab: not one entry per finding, each with its own fingerprint")
    return problems, snippets


# --- the summary ----------------------------------------------------------------------------------


def read_summary(path: Path) -> dict[str, dict[str, Any]]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        repos = data["repos"]
        if not isinstance(repos, dict):
            raise TypeError("repos is not an object")
        return repos
    except (ValueError, KeyError, TypeError) as exc:
        raise SystemExit(f"{path}: not a summary of this script ({exc})") from exc


def summary_findings(entry: dict[str, Any]) -> list[Finding]:
    return [Finding(str(r), str(p), int(li), int(c), str(m)) for r, p, li, c, m in entry.get("findings", [])]


def write_summary(
    path: Path, results: Sequence[Result], previous: dict[str, dict[str, Any]], order: list[str], select: str
) -> None:
    """The summary, one finding per line, repositories in the list's order. Entries of
    repositories not run this time are kept (when still in the list)."""
    entries: dict[str, dict[str, Any]] = {name: previous[name] for name in order if name in previous}
    for result in results:
        if result.error is None:
            entries[result.repo.name] = {
                "commit": result.repo.commit,
                "go_files": result.go_files,
                "findings": [finding.row() for finding in result.findings],
            }
    lines = ["{", f'  "version": {SUMMARY_VERSION},', f'  "select": "{select}",', '  "repos": {']
    names = [name for name in order if name in entries]
    for index, name in enumerate(names):
        entry = entries[name]
        rows = [json.dumps(row, ensure_ascii=False) for row in entry.get("findings", [])]
        lines.append(f"    {json.dumps(name)}: {{")
        lines.append(f'      "commit": {json.dumps(entry.get("commit"))},')
        lines.append(f'      "go_files": {json.dumps(entry.get("go_files"))},')
        if rows:
            lines.append('      "findings": [')
            lines.extend(f"        {row}," for row in rows[:-1])
            lines.append(f"        {rows[-1]}")
            lines.append("      ]")
        else:
            lines.append('      "findings": []')
        lines.append("    }" + ("," if index < len(names) - 1 else ""))
    lines += ["  }", "}"]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def compare(results: Sequence[Result], previous: dict[str, dict[str, Any]], most: int) -> int:
    """Prints what changed against the summary; the number of findings new, gone or reworded."""
    changes = 0
    print("\nChanges against the summary")
    for result in results:
        if result.error is not None:
            continue
        name = result.repo.name
        if name not in previous:
            print(f"  {name}: not in the summary ({_count(len(result.findings), 'finding')}, all new)")
            changes += len(result.findings)
            continue
        entry = previous[name]
        if entry.get("commit") != result.repo.commit:
            print(
                f"  {name}: the summary is of commit {str(entry.get('commit'))[:12]}, this run of {result.repo.commit[:12]}"
            )
        old = {finding.place: finding for finding in summary_findings(entry)}
        new = {finding.place: finding for finding in result.findings}
        added = sorted(new[place] for place in new.keys() - old.keys())
        gone = sorted(old[place] for place in old.keys() - new.keys())
        reworded = sorted(new[place] for place in new.keys() & old.keys() if new[place].message != old[place].message)
        changes += len(added) + len(gone) + len(reworded)
        if not (added or gone or reworded):
            continue
        print(f"  {name}: {len(added)} new, {len(gone)} gone, {len(reworded)} reworded")
        for rule in sorted({f.rule for f in (*added, *gone, *reworded)}):
            for sign, findings in (("+", added), ("-", gone), ("~", reworded)):
                of_rule = [f for f in findings if f.rule == rule]
                for finding in of_rule[:most]:
                    print(f"    {sign} {rule} {finding.path}:{finding.line}:{finding.column} {finding.message}")
                if len(of_rule) > most:
                    print(f"    {sign} {rule} ... and {len(of_rule) - most} more")
    if changes == 0:
        print("  none")
    return changes


# --- output ---------------------------------------------------------------------------------------


def print_table(results: Sequence[Result], columns: Sequence[str]) -> None:
    counts = {result.repo.name: Counter(f.rule for f in result.findings) for result in results}
    rules = list(columns) + sorted({rule for c in counts.values() for rule in c} - set(columns))
    header = ["repository", "go", "files", "gen", *rules, "total", "seconds"]
    rows: list[list[str]] = []
    totals: Counter[str] = Counter()
    for result in results:
        c = counts[result.repo.name]
        if result.error is None:
            cells = [str(c[rule]) for rule in rules] + [str(len(result.findings)), f"{result.seconds:.1f}"]
            totals.update(c)
            totals["files"] += result.go_files
            totals["gen"] += result.generated
        else:
            cells = ["-"] * len(rules) + ["-", "failed"]
        rows.append([result.repo.name, result.go_version, str(result.go_files), str(result.generated), *cells])
    seconds = sum(result.seconds for result in results)
    total_findings = sum(totals[rule] for rule in rules)
    rows.append(
        ["total", "", str(totals["files"]), str(totals["gen"]), *(str(totals[r]) for r in rules)]
        + [str(total_findings), f"{seconds:.1f}"]
    )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Iterable[str]) -> str:
        return "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(cells)
        ).rstrip()

    print(line(header))
    print(line("-" * width for width in widths))
    for row in rows[:-1]:
        print(line(row))
    print(line("-" * width for width in widths))
    print(line(rows[-1]))
    print(
        "go: the root go.mod's go line; files: non-test .go files outside vendor/ and testdata/; "
        "gen: of those, generated (not linted); seconds: the linter's wall time"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Run remdev-lint's GH rules on pinned public Go repositories and compare with the summary.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--repos", help="only these repositories (names from the list, comma-separated)")
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--command",
        help="how to invoke the linter, split as a shell would (default: the remdev-lint script beside this "
        "Python, else PYTHON -m remdev_lint); e.g. 'remdev-lint --jobs 1'",
    )
    how.add_argument("--python", help="run PYTHON -m remdev_lint")
    parser.add_argument("--write", type=Path, metavar="FILE", help="write the summary to FILE instead of comparing")
    parser.add_argument(
        "--set", choices=sorted(SETS), default="go", help="which check: the Go rules (go) or the others (config)"
    )
    parser.add_argument("--summary", type=Path, help="the summary to compare with (default: the set's)")
    parser.add_argument("--fixes", type=Path, metavar="DIR", help="also save what --fix --unsafe-fixes would change")
    parser.add_argument("--check", action="store_true", help="exit 1 when the findings differ from the summary")
    parser.add_argument(
        "--reports", action="store_true", help="also check the JUnit, Checkstyle, SARIF, GitLab reports"
    )
    parser.add_argument("--list", action="store_true", help="also print every finding of the run")
    parser.add_argument("--repo-list", type=Path, help="the repositories, TOML (default: the set's)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the checkouts are kept")
    parser.add_argument(
        "--mirrors", type=Path, action="append", help=f"a folder of mirrors, may repeat (default {DEFAULT_MIRRORS})"
    )
    parser.add_argument(
        "--mirror", action="append", default=[], metavar="NAME=DIR", help="the git repository of one repository"
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one linter run may take (1800)")
    parser.add_argument("--most", type=int, default=100, help="changes printed per repository, rule and kind (100)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    chosen = SETS[args.set]
    repos = load_repos(args.repo_list or chosen.repos)
    order = [repo.name for repo in repos]
    if args.repos:
        wanted = [name.strip() for name in args.repos.split(",") if name.strip()]
        unknown = sorted(set(wanted) - set(order))
        if unknown:
            raise SystemExit(f"unknown repositories: {', '.join(unknown)} (known: {', '.join(order)})")
        repos = [repo for repo in repos if repo.name in wanted]
    named: dict[str, Path] = {}
    for item in args.mirror:
        name, sep, folder = item.partition("=")
        if not sep or name not in order:
            raise SystemExit(f"--mirror {item!r}: NAME=DIR with a name from the list")
        named[name] = Path(folder)
    roots: list[Path] = args.mirrors or [DEFAULT_MIRRORS]
    if args.command:
        command = shlex.split(args.command)
    elif args.python:
        command = [args.python, "-m", "remdev_lint"]
    else:
        command = default_command()
    version = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
    print(f"linter: {shlex.join(command)} ({(version.stdout or version.stderr).strip() or 'no version'})")
    print(f"cache: {args.cache}")

    results: list[Result] = []
    started = time.perf_counter()
    for repo in repos:
        print(f"{repo.name} ({repo.github} {repo.commit[:12]}) ...", end=" ", flush=True)
        result = check_repo(
            repo, command, args.cache, roots, named, args.timeout, chosen.select, args.fixes, args.reports
        )
        results.append(result)
        if result.error is None:
            absent = f", {_count(result.absent, 'file')} absent from the snapshot" if result.absent else ""
            print(f"{_count(len(result.findings), 'finding')} in {result.seconds:.1f} s{absent}")
        else:
            print(f"FAILED: {result.error}")
    elapsed = time.perf_counter() - started
    print()
    print_table(results, chosen.rules)
    print(f"whole run: {elapsed:.1f} s (checkouts, counting and linting)")

    if args.fixes is not None:
        fixable = sum((r.fixable for r in results), Counter())
        print(f"\nfixes (diffs in {args.fixes}):")
        print("  ".join(f"{rule} {count}" for rule, count in sorted(fixable.items())) or "no finding has a fix")
        total = sum(fixable.values())
        print(
            f"{_count(total, 'finding')} with a fix; --fix --unsafe-fixes would fix {sum(r.would_fix for r in results)}"
        )

    if args.reports:
        checked = [r for r in results if r.error is None]
        found = sum(len(r.findings) for r in checked)
        wrong = [f"{r.repo.name}: {problem}" for r in checked for problem in r.report_problems]
        print(f"\nreports (junit, checkstyle, sarif, gitlab) of {len(checked)} repositories, {found} findings:")
        print("\n".join(f"  {line}" for line in wrong) or "  every report as its reader expects it")
        print(f"  SARIF results quoting their region: {sum(r.snippets for r in checked)} of {found}")

    if args.list:
        print()
        for result in results:
            for f in result.findings:
                print(f"{result.repo.name}: {f.path}:{f.line}:{f.column}: {f.rule} {f.message}")

    failed = [result for result in results if result.error is not None]
    changes = 0
    if args.write:
        previous = read_summary(args.write)
        write_summary(args.write, results, previous, order, chosen.select)
        print(f"\nwrote {args.write}")
    else:
        changes = compare(results, read_summary(args.summary or chosen.summary), args.most)
    if failed:
        print(f"\n{len(failed)} repositories failed: {', '.join(r.repo.name for r in failed)}", file=sys.stderr)
        return 2
    reports_wrong = any(r.report_problems for r in results)
    return 1 if (args.check and changes) or reports_wrong else 0


if __name__ == "__main__":
    sys.exit(main())
