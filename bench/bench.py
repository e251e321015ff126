"""How fast remdev-lint is, measured the way people run it: a fresh process per run.

    python bench/bench.py [--runs N] [--files N] [--tree-runs N] [--module] [--json]
    python bench/bench.py --go [--go-files N] [--go-runs N] [--semgrep PATH]   # the Go section only
    python bench/bench.py --go-tree PATH[,PATH] [--go-runs N] [--semgrep PATH]  # real Go trees only
    python bench/bench.py --phases [--runs N]     # where a single-file run's time goes

Measures, with the remdev-lint installed in the environment of the Python running this script:

1. start-up: the median wall time of ``remdev-lint FILE`` on one small, realistic file of each
   kind (go.mod, launch.json, a devcontainer.json and the compose file it names, an ssh config, a
   Dockerfile, a Makefile; a new process each run, ``--runs`` runs after 3 warm-up runs, with a
   warm cache of validated rule files), beside the median of ``python -c pass`` with the same
   interpreter, and each difference (target: 80 ms); plus one run with an empty rule cache (the
   first run after an install or upgrade);
2. throughput: one ``remdev-lint <tree>`` run over a generated tree of ``--files`` go.mod files
   (and two go.work files), median of ``--tree-runs``, in a plain folder and in a git work tree:
   wall time, files per second, findings, and the peak resident memory of that one process;
3. the machine;
4. Go source: ``remdev-lint --select GH --format json .`` over a generated tree of ``--go-files``
   Go files (bench/gen_go.py, which also writes the findings the tree must produce), median of
   ``--go-runs``, beside Semgrep running the equivalent rules (bench/semgrep-http.yaml) when a
   ``semgrep`` is found: wall time, files per second, CPU time, peak memory, and every finding
   each tool missed or added, against the other and against the generator's expected set;
5. a real Go tree (``--go-tree PATH``, repeatable or a comma-separated list): ``remdev-lint --select
   GH --format json --jobs 1 .`` in it, median of ``--go-runs``, beside the parser's floor (a fresh
   Python that imports the parser through remdev_lint.formats.go, walks the tree as remdev-lint
   does, reads every Go file the GH rules look at and parses those that contain ``net/http``; the
   target is the run within 2.5x of it, on one core), remdev-lint with its default jobs, and
   Semgrep with bench/semgrep-http.yaml (``--jobs=1`` and its default), median of
   ``--semgrep-runs``. Given alone, only this section runs; with ``--go``, the Go section too.

What runs is the ``remdev-lint`` console script beside ``sys.executable``: that is what users,
CI and pre-commit hooks run (its wrapper imports ``re`` and calls ``remdev_lint.cli:main``).
``--module`` runs ``python -m remdev_lint`` instead (runpy adds a few imports of its own).

Only the standard library; nothing is written outside a temporary folder (the rule cache too
lives there, so the user's ``~/.cache/remdev-lint`` is neither read nor warmed; Semgrep runs with
HOME there, so its ``~/.semgrep`` settings and log are not the user's either).
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# A remote-attach configuration as the docs recommend it (no finding), with JSONC comments.
# A Compose dev container: the devcontainer.json (JSONC) and the compose file it names (YAML, so
# this run imports ruamel.yaml); nothing to report.
SMALL_DEVCONTAINER_JSON = """\
{
  "name": "app",
  "dockerComposeFile": "docker-compose.yml",
  "service": "dev",
  "workspaceFolder": "/workspace"
}
"""
SMALL_COMPOSE_YML = """\
services:
  dev:
    image: mcr.microsoft.com/devcontainers/go:1.22
    cpus: 4
    mem_limit: 8g
    volumes: ["..:/workspace:cached", "go-mod:/go/pkg/mod"]
volumes:
  go-mod: {}
"""

SMALL_LAUNCH_JSON = """\
{
  // Attach to `dlv debug --headless --listen=127.0.0.1:2345 --accept-multiclient` on the target.
  "version": "0.2.0",
  "configurations": [
    {
      "name": "Attach to remote Delve",
      "type": "go",
      "request": "attach",
      "mode": "remote",
      "debugAdapter": "dlv-dap",
      "host": "127.0.0.1",
      "port": 2345,
      "substitutePath": [{"from": "${workspaceFolder}", "to": "/src/app"}],
    },
  ],
}
"""

SMALL_GO_MOD = """\
module example.com/payments

go 1.22.4

toolchain go1.22.6

require (
	github.com/google/uuid v1.6.0
	github.com/jackc/pgx/v5 v5.6.0
	go.uber.org/zap v1.27.0
	golang.org/x/sync v0.7.0
	google.golang.org/grpc v1.64.0
	example.com/shared v0.3.1
)

require (
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20231201235250-de7065d80cb9 // indirect
	go.uber.org/multierr v1.11.0 // indirect
	golang.org/x/crypto v0.24.0 // indirect
	golang.org/x/net v0.26.0 // indirect
	golang.org/x/text v0.16.0 // indirect
	google.golang.org/protobuf v1.34.2 // indirect
)

// Work on the shared library from the checkout next to this one.
replace example.com/shared => ../shared
"""

SHARED_GO_MOD = "module example.com/shared\n\ngo 1.22\n"


# --- running one child ------------------------------------------------------------------------


def linter_command(use_module: bool) -> tuple[list[str], str]:
    """The command that runs remdev-lint, and how it was chosen."""
    folder = Path(sys.executable).parent
    for name in ("remdev-lint", "remdev-lint.exe"):
        script = folder / name
        if script.is_file() and not use_module:
            return [str(script)], f"console script {script}"
    return [sys.executable, "-m", "remdev_lint"], f"{sys.executable} -m remdev_lint"


def run_child(cmd: list[str], cwd: Path, env: dict[str, str], capture: bool = False) -> tuple[float, int, int, bytes]:
    """Run ``cmd`` once: (wall seconds, exit code, peak RSS in KiB, stdout if captured).

    The peak RSS is that one process's: os.wait4 returns the rusage of exactly the child it
    reaps (where there is no wait4, a fresh helper process reports RUSAGE_CHILDREN)."""
    run = measure(cmd, cwd, env, capture)
    return run["wall"], run["code"], run["rss_kib"], run["stdout"]


def measure(cmd: list[str], cwd: Path, env: dict[str, str], capture: bool = False) -> dict:
    """Run ``cmd`` once: wall seconds, exit code, peak RSS (KiB), CPU seconds, stdout if captured.

    os.wait4 gives the rusage of the child it reaps, with that of the child's own children it
    reaped (worker processes): CPU time is their sum (above the wall time when several cores
    work), and the peak RSS is the largest single process of them, not the sum of those that
    ran at once."""
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    if not hasattr(os, "wait4"):  # pragma: no cover - not POSIX
        start = time.perf_counter()
        result = subprocess.run(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.PIPE, check=False)
        wall = time.perf_counter() - start
        return {"wall": wall, "code": result.returncode, "rss_kib": 0, "cpu": 0.0, "stdout": result.stdout or b""}
    with tempfile.TemporaryFile() as stdout:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=stdout if capture else out, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        data = stdout.read() if capture else b""
    rss = usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, KiB on Linux
    return {
        "wall": elapsed,
        "code": process.returncode,
        "rss_kib": rss,
        "cpu": usage.ru_utime + usage.ru_stime,
        "stdout": data,
    }


#: Where the children keep their bytecode: set by main() to a folder in the temporary folder.
PYCACHE: Path | None = None


def child_env(cache: Path) -> dict[str, str]:
    """The environment of every measured child (``python -c pass`` too): the rule cache in
    ``cache``, no colours, and bytecode cached as after ``pip install`` (which compiles it).

    With PYTHONDONTWRITEBYTECODE set (as in some sandboxes and CI images) an editable install
    whose .pyc files are stale recompiles those modules on every run; that is a cost of the
    environment, not of remdev-lint, so the children write bytecode, into PYTHONPYCACHEPREFIX
    in the temporary folder (warmed by the warm-up runs), never beside the sources."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("FORCE_COLOR", "PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE")
    }
    env["REMDEV_LINT_CACHE_DIR"] = str(cache)
    env["NO_COLOR"] = "1"
    if PYCACHE is not None:
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "min_ms": round(ordered[0] * 1000, 2),
        "p90_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))] * 1000, 2),
        "runs": len(ordered),
    }


# --- 1. start-up ------------------------------------------------------------------------------


def monorepo(work: Path) -> tuple[Path, Path]:
    """``app/`` and the ``shared/`` library its go.mod replaces, in one git repository (a replace
    target outside the repository is not read: RL004), so a run parses both go.mod files."""
    app, shared = work / "app", work / "shared"
    app.mkdir(exist_ok=True)
    shared.mkdir(exist_ok=True)
    if not (work / ".git").exists():
        subprocess.run(["git", "init", "-q", str(work)], check=True)
    return app, shared


SMALL_SSH_CONFIG = """\
Host devbox
  HostName devbox.internal.example
  User dev
  ForwardAgent no

Host *
  ControlMaster auto
  ControlPath ~/.ssh/cm-%C
  ControlPersist 10m
  ServerAliveInterval 15
"""

SMALL_DOCKERFILE = """\
FROM golang:1.22 AS build
RUN go install github.com/go-delve/delve/cmd/dlv@v1.24.0
WORKDIR /src
COPY . .
RUN go build -gcflags="all=-N -l" -o /app ./cmd/app

FROM debian:bookworm-slim
COPY --from=build /go/bin/dlv /app /
EXPOSE 40000
ENTRYPOINT ["/dlv", "--listen=:40000", "--headless", "--accept-multiclient", "--continue", "exec", "/app"]
"""

SMALL_MAKEFILE = """\
.PHONY: build debug

build:
\tgo build -o bin/app ./cmd/app

debug: build
\tdlv exec bin/app --headless --listen=127.0.0.1:2345 \\
\t\t--accept-multiclient --continue
"""

#: The single-file runs timed, in the order printed: (key, label, file in the app folder).
#: The keys of the first three are those of earlier results (lint, launch, devcontainer).
STARTUP_FILES = (
    ("lint", "go.mod", "go.mod"),
    ("launch", ".vscode/launch.json", ".vscode/launch.json"),
    ("devcontainer", "devcontainer + compose", ".devcontainer/devcontainer.json"),
    ("ssh", ".ssh/config", ".ssh/config"),
    ("dockerfile", "Dockerfile", "Dockerfile"),
    ("makefile", "Makefile", "Makefile"),
)


def bench_startup(cmd: list[str], work: Path, runs: int, warmup: int) -> dict:
    app, shared = monorepo(work)
    texts = {
        "go.mod": SMALL_GO_MOD,
        ".vscode/launch.json": SMALL_LAUNCH_JSON,
        ".devcontainer/devcontainer.json": SMALL_DEVCONTAINER_JSON,
        ".devcontainer/docker-compose.yml": SMALL_COMPOSE_YML,
        ".ssh/config": SMALL_SSH_CONFIG,
        "Dockerfile": SMALL_DOCKERFILE,
        "Makefile": SMALL_MAKEFILE,
    }
    for name, text in texts.items():
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        (app / name).write_text(text, encoding="utf-8")
    (shared / "go.mod").write_text(SHARED_GO_MOD, encoding="utf-8")

    # Bytecode for everything a run with an empty rule cache imports (jsonschema, ruamel.yaml),
    # as pip would have compiled it; this rule cache is thrown away.
    for _ in range(2):
        run_child(cmd + ["--no-cache", "go.mod"], app, child_env(work / "cache-bytecode"))
    # First run after an install: an empty rule cache, so the rule files are validated.
    empty = child_env(work / "cache-empty")
    cold_time, code, cold_rss, out = run_child(cmd + ["go.mod"], app, empty, capture=True)
    if code != 0:
        raise SystemExit(f"bench: remdev-lint go.mod exited {code}, expected 0:\n{out.decode()}")
    no_cache_time = run_child(cmd + ["--no-cache", "go.mod"], app, empty)[0]

    env = child_env(work / "cache")  # warmed by the warm-up runs
    python = [sys.executable, "-c", "pass"]
    for _ in range(warmup):
        run_child(python, app, env)
        for _key, _label, name in STARTUP_FILES:
            run_child(cmd + [name], app, env)
    times: dict[str, list[float]] = {key: [] for key, _, _ in STARTUP_FILES}
    python_times, rss = [], []
    for _ in range(runs):  # interleaved, so that drift affects all alike
        for key, _label, name in STARTUP_FILES:
            elapsed, code, peak, _ = run_child(cmd + [name], app, env)
            if code != 0:
                raise SystemExit(f"bench: remdev-lint {name} exited {code}, expected 0 (the file has no finding)")
            times[key].append(elapsed)
            if key == "lint":
                rss.append(peak)
        python_times.append(run_child(python, app, env)[0])
    bare = summary(python_times)
    result: dict = {"python": bare, "target_ms": 80}
    for key, _label, _name in STARTUP_FILES:
        result[key] = summary(times[key])
        prefix = "" if key == "lint" else f"{key}_"
        result[f"{prefix}difference_ms"] = round(result[key]["median_ms"] - bare["median_ms"], 2)
    result.update(
        peak_rss_kib=max(rss),
        empty_cache_ms=round(cold_time * 1000, 2),
        empty_cache_peak_rss_kib=cold_rss,
        no_cache_ms=round(no_cache_time * 1000, 2),
        output=out.decode("utf-8", "replace").strip(),
    )
    return result


# --- 2. throughput ----------------------------------------------------------------------------

OLD_GO = ["1.13", "1.16", "1.17", "1.18", "1.19", "1.20", "1.20.14"]
NEW_GO = ["1.21", "1.21.0", "1.21.6", "1.22", "1.22.4", "1.22rc1", "1.23.0"]
DEPS = [
    "github.com/google/uuid v1.6.0",
    "github.com/stretchr/testify v1.9.0",
    "go.uber.org/zap v1.27.0",
    "golang.org/x/sync v0.7.0",
    "golang.org/x/net v0.26.0 // indirect",
    "google.golang.org/grpc v1.64.0",
    "github.com/spf13/cobra v1.8.1",
    "gopkg.in/yaml.v3 v3.0.1 // indirect",
]


def make_tree(root: Path, count: int, seed: int = 20240601) -> dict:
    """``count`` go.mod files in groups of 40 (some nested a level deeper), every fifth one a
    library that others replace; two go.work files. Deterministic for a given seed."""
    rng = random.Random(seed)
    folders = []
    for i in range(count):
        group = f"group{i // 40:03d}"
        folder = f"{group}/svc{i:04d}" if i % 7 else f"{group}/nested/deeper/svc{i:04d}"
        folders.append(folder)
    libraries = [i for i in range(count) if i % 5 == 0]
    kinds: dict[str, int] = {}

    def module(i: int) -> str:
        return f"example.com/corp/{'lib' if i % 5 == 0 else 'svc'}{i:04d}"

    for i, folder in enumerate(folders):
        lines = [f"// Module {i}: generated for the benchmark.", f"module {module(i)}", ""]
        roll = rng.random()
        if roll < 0.03:
            kind = "no-go"
        else:
            kind = "old-go" if roll < 0.2 else "new-go"
            lines += [f"go {rng.choice(OLD_GO if kind == 'old-go' else NEW_GO)}", ""]
            if kind == "new-go" and rng.random() < 0.3:
                lines += ["toolchain go1.22.6", ""]
        deps = rng.sample(DEPS, rng.randint(0, 6))
        if len(deps) == 1:
            lines += [f"require {deps[0]}", ""]
        elif deps:
            lines += ["require (", *(f"\t{d}" for d in deps), ")", ""]
        target = rng.choice([j for j in libraries if j != i] or libraries)
        rel = os.path.relpath(folders[target], folder).replace(os.sep, "/")
        roll = rng.random()
        if roll < 0.35:
            kinds["replace-existing"] = kinds.get("replace-existing", 0) + 1
            lines += [f"replace {module(target)} => {rel}"]
        elif roll < 0.45:
            kinds["replace-missing"] = kinds.get("replace-missing", 0) + 1
            lines += [f"replace example.com/gone{i} => ../../missing/gone{i}"]
        elif roll < 0.52:
            kinds["replace-absolute"] = kinds.get("replace-absolute", 0) + 1
            lines += [
                rng.choice(
                    [
                        f"replace {module(target)} => /home/dev/src/lib{target}",
                        f"replace {module(target)} => C:\\src\\lib{target}",
                    ]
                )
            ]
        elif roll < 0.70:
            kinds["replace-block"] = kinds.get("replace-block", 0) + 1
            lines += [
                "replace (",
                "\t// Local copies while the fix is upstreamed.",
                f"\t{module(target)} => {rel} // same repository",
                f"\tgithub.com/spf13/cobra v1.8.1 => github.com/corp/cobra v1.8.1-fix.{i}",
                ")",
            ]
        elif roll < 0.72:
            kinds["parse-error"] = kinds.get("parse-error", 0) + 1
            lines += ["replace example.com/x =>"]  # Go: usage: replace module/path [v1.2.3] => ...
        else:
            kinds["no-replace"] = kinds.get("no-replace", 0) + 1
        kinds[kind] = kinds.get(kind, 0) + 1
        path = root / folder / "go.mod"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    uses = "\n".join(f"\t./{folders[i]}" for i in range(0, min(count, 60), 3))
    (root / "go.work").write_text(
        f"go 1.22\n\nuse (\n{uses}\n\t./missing/module\n\t/opt/src/tools\n)\n", encoding="utf-8"
    )
    (root / "group000").mkdir(exist_ok=True)
    (root / "group000" / "go.work").write_text("go 1.19\n\nuse ./svc0001\n", encoding="utf-8")
    (root / "README.md").write_text("A generated tree for remdev-lint's benchmark.\n", encoding="utf-8")
    return {"go_mod": count, "go_work": 2, "kinds": dict(sorted(kinds.items()))}


def bench_tree(cmd: list[str], work: Path, files: int, runs: int, git: bool) -> dict:
    tree = work / ("tree-git" if git else "tree-plain")
    tree.mkdir()
    made = make_tree(tree, files)
    env = child_env(work / "cache")
    env["GIT_CEILING_DIRECTORIES"] = str(work)  # a plain folder even if TMPDIR is inside a repository
    if git:
        subprocess.run(["git", "init", "-q"], cwd=tree, check=True, env=env)
    # One untimed run: the findings (and the page cache warmed for the timed runs).
    _t, code, _r, out = run_child(cmd + ["--format", "json", "."], tree, env, capture=True)
    if code != 1:
        raise SystemExit(f"bench: remdev-lint on the tree exited {code}, expected 1")
    by_rule: dict[str, int] = {}
    for diagnostic in json.loads(out)["diagnostics"]:
        by_rule[diagnostic["rule"]] = by_rule.get(diagnostic["rule"], 0) + 1
    times, rss = [], []
    for _ in range(runs):
        elapsed, code, peak, _ = run_child(cmd + ["."], tree, env)
        assert code == 1
        times.append(elapsed)
        rss.append(peak)
    stats = summary(times)
    linted = made["go_mod"] + made["go_work"]
    return {
        "mode": "git work tree (untracked files)" if git else "plain folder",
        "files": linted,
        "kinds": made["kinds"],
        "wall": stats,
        "files_per_second": round(linted / (stats["median_ms"] / 1000)),
        "findings": sum(by_rule.values()),
        "findings_by_rule": dict(sorted(by_rule.items())),
        "peak_rss_kib": max(rss),
    }


# --- 4. Go source, beside Semgrep ---------------------------------------------------------------

HERE = Path(__file__).resolve().parent
SEMGREP_RULES = HERE / "semgrep-http.yaml"
GO_SEED = 20240611


def generator():
    """bench/gen_go.py, imported from beside this script (which runs as a script, not a module)."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import gen_go

    return gen_go


def find_semgrep(option: str | None) -> str | None:
    """The semgrep to compare with: ``--semgrep PATH`` (an error if it is not there), else the
    one on PATH, else None."""
    if option:
        found = shutil.which(option)
        if found is None:
            raise SystemExit(f"bench: --semgrep {option}: no such executable")
        return found
    return shutil.which("semgrep")


def semgrep_command(semgrep: str, jobs: int | None) -> list[str]:
    """Semgrep on the tree with bench/semgrep-http.yaml, looking at the files the GH rules look at.

    Test files and ``testdata`` are excluded (the rules' ``ignore-files``; the Semgrep rules say
    it too), ``vendor`` (remdev-lint's walk never enters it; Semgrep's default ignore list has
    it), and generated files by name: remdev-lint recognises them by their ``// Code generated
    ... DO NOT EDIT.`` header, which Semgrep cannot match, and every generated file of the tree
    has one of these names. ``--jobs``: as many as remdev-lint may use (Semgrep's default is 85%
    of the CPUs, rounded down: one job on two CPUs); None leaves Semgrep's default."""
    excludes = ["*_test.go", "testdata", "vendor", *generator().GENERATED_GLOBS]
    return [
        semgrep,
        "--config",
        str(SEMGREP_RULES),
        "--json",
        "--metrics=off",
        "--disable-version-check",
        "--oss-only",
        *([f"--jobs={jobs}"] if jobs is not None else []),
        *(f"--exclude={glob}" for glob in excludes),
        ".",
    ]


def lint_findings(out: bytes) -> dict[tuple, list[int]]:
    """remdev-lint's JSON report as {(rule, path, line): [columns]}."""
    found: dict[tuple, list[int]] = {}
    for d in json.loads(out)["diagnostics"]:
        key = (d["rule"], os.path.normpath(d["path"]).replace(os.sep, "/"), d["line"])
        found.setdefault(key, []).append(d["column"])
    return found


def semgrep_findings(out: bytes) -> tuple[dict[tuple, list[int]], dict]:
    """Semgrep's JSON report as {(rule, path, line): [columns]}, and what else it said."""
    report = json.loads(out)
    found: dict[tuple, list[int]] = {}
    for r in report["results"]:
        rule = r["check_id"].rsplit(".", 1)[-1]  # a local config's rule ids get its path as prefix
        key = (rule, os.path.normpath(r["path"]).replace(os.sep, "/"), r["start"]["line"])
        found.setdefault(key, []).append(r["start"]["col"])
    errors = [f"{e.get('type', '?')}: {str(e.get('message', ''))[:200]}" for e in report.get("errors", [])]
    return found, {"errors": errors, "scanned": len(report.get("paths", {}).get("scanned", []))}


def semgrep_setup(semgrep: str, env: dict[str, str], work: Path) -> tuple[dict[str, str], str]:
    """The environment Semgrep runs in (HOME in the temporary folder: Semgrep writes
    ``~/.semgrep``; no metrics, no version check) and its version."""
    semgrep_env = dict(env)
    semgrep_env.update(HOME=str(work / "semgrep-home"), SEMGREP_SEND_METRICS="off", SEMGREP_ENABLE_VERSION_CHECK="0")
    (work / "semgrep-home").mkdir(exist_ok=True)
    version = subprocess.run([semgrep, "--version"], capture_output=True, text=True, env=semgrep_env, check=False)
    return semgrep_env, version.stdout.strip()


def run_tools(tools: list[dict], cwd: Path, where: str) -> None:
    """Run each tool once untimed (its findings, and warm caches for the timed runs), then its
    ``runs`` timed runs, interleaved with the other tools' so that drift affects all alike. Fills
    each tool's ``found``, ``measured`` and ``consistent`` (the same findings every run)."""
    for tool in tools:
        run = measure(tool["cmd"], cwd, tool["env"], capture=True)
        if run["code"] not in tool["codes"]:
            raise SystemExit(f"bench: {tool['name']} on {where} exited {run['code']}:\n{run['stdout'][:2000]!r}")
        try:
            tool["found"] = tool["parse"](run["stdout"])
        except ValueError:
            raise SystemExit(f"bench: {tool['name']} on {where} exited {run['code']} without a report") from None
        if tool.get("semgrep"):
            tool["semgrep_report"] = semgrep_findings(run["stdout"])[1]
        tool["measured"], tool["consistent"] = [], True
    for index in range(max(tool["runs"] for tool in tools)):
        for tool in tools:
            if index >= tool["runs"]:
                continue
            run = measure(tool["cmd"], cwd, tool["env"], capture=True)
            if run["code"] not in tool["codes"]:
                raise SystemExit(f"bench: {tool['name']} on {where} exited {run['code']}")
            try:
                found = tool["parse"](run["stdout"])
            except ValueError:  # exit code 1 with no report: a crash (a traceback on stderr)
                raise SystemExit(f"bench: {tool['name']} on {where} exited {run['code']} without a report") from None
            if found != tool["found"]:
                tool["consistent"] = False
            tool["measured"].append(run)


def bench_go(cmd: list[str], work: Path, files: int, runs: int, semgrep: str | None, semgrep_runs: int) -> dict:
    gen = generator()
    tree = work / "go-tree"
    manifest = gen.generate(tree, files, GO_SEED)
    env = child_env(work / "cache")
    env["GIT_CEILING_DIRECTORIES"] = str(work)
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    help_text = subprocess.run(cmd + ["--help"], capture_output=True, text=True, env=env, check=False).stdout
    lint = cmd + ["--select", "GH", "--format", "json", "."]
    tools = [{"name": "remdev-lint", "cmd": lint, "env": env, "runs": runs, "codes": (0, 1), "parse": lint_findings}]
    if "--jobs" in help_text:  # the engine can be told to use one process: show what the others add
        tools.append(
            {
                "name": "remdev-lint --jobs 1",
                "cmd": cmd + ["--jobs", "1"] + lint[len(cmd) :],
                "env": env,
                "runs": runs,
                "codes": (0, 1),
                "parse": lint_findings,
            }
        )
    semgrep_version = None
    if semgrep is not None:
        semgrep_env, semgrep_version = semgrep_setup(semgrep, env, work)
        tools.append(
            {
                "name": f"semgrep {semgrep_version}",
                "cmd": semgrep_command(semgrep, jobs),
                "env": semgrep_env,
                "runs": semgrep_runs,
                "codes": (0,),
                "parse": lambda out: semgrep_findings(out)[0],
                "semgrep": True,
            }
        )
    run_tools(tools, tree, "the Go tree")
    return {
        "tree": {
            "files": files,
            "unwalked": manifest["unwalked_go_files"],
            "seed": GO_SEED,
            "kinds": manifest["kinds"],
            "summary": gen.summarize(manifest),
        },
        "jobs": jobs,
        "semgrep": semgrep,
        "semgrep_command": " ".join(semgrep_command("semgrep", jobs)) if semgrep else None,
        "tools": [_tool_result(tool, files) for tool in tools],
        "comparison": compare_go(manifest, tools),
    }


def _tool_result(tool: dict, files: int) -> dict:
    stats = summary([run["wall"] for run in tool["measured"]])
    cpu = statistics.median(run["cpu"] for run in tool["measured"])
    result = {
        "name": tool["name"],
        "command": tool["cmd"],
        "wall": stats,
        "files_per_second": round(files / (stats["median_ms"] / 1000)),
        "cpu_s": round(cpu, 2),
        "cpu_per_wall": round(cpu / (stats["median_ms"] / 1000), 2),
        "peak_rss_kib": max(run["rss_kib"] for run in tool["measured"]),
    }
    if not tool.get("floor"):  # the floor's output is counts, not findings
        result["findings"] = sum(len(columns) for columns in tool["found"].values())
        result["finding_lines"] = len(tool["found"])
    result["same_findings_every_run"] = tool["consistent"]
    if "semgrep_report" in tool:
        result.update(tool["semgrep_report"])
    return result


def compare_go(manifest: dict, tools: list[dict]) -> dict:
    """Each tool against the expected set, and against each other, as sets of (rule, path,
    line); every difference with its reason. remdev-lint's columns are checked too."""
    expected: dict[tuple, list[str]] = {}
    columns: dict[tuple, set[int]] = {}
    for item in manifest["expected"]:
        key = (item["rule"], item["path"], item["line"])
        expected.setdefault(key, []).append(item["case"])
        columns.setdefault(key, set()).add(item["column"])
    decoys: dict[tuple, list[str]] = {}
    for item in manifest["lookalikes"]:
        decoys.setdefault((item["rule"], item["path"], item["line"]), []).append(f"look-alike {item['case']}")
    for item in manifest["skipped"]:
        decoys.setdefault((item["rule"], item["path"], item["line"]), []).append(
            f"violation in a skipped file: {item['skipped']}"
        )
    result: dict = {"expected": len(manifest["expected"]), "expected_lines": len(expected), "tools": {}}
    for tool in tools:
        found = tool["found"]
        missed = sorted(set(expected) - set(found))
        extra = sorted(set(found) - set(expected))
        entry = {"found": len(set(expected) & set(found)), "missed": len(missed), "extra": len(extra)}
        if not tool.get("semgrep"):
            entry["wrong_columns"] = [
                f"{rule} {path}:{line} columns {sorted(found[key])}, expected {sorted(columns[key])}"
                for key in sorted(set(found) & set(expected))
                for rule, path, line in [key]
                if set(found[key]) != columns[key]
            ]
        result["tools"][tool["name"]] = entry
    names = [tool["name"] for tool in tools]
    differences = []
    for key in sorted(set(expected).union(*(tool["found"] for tool in tools))):
        has = {tool["name"]: key in tool["found"] for tool in tools}
        if key in expected and all(has.values()) or key not in expected and not any(has.values()):
            continue
        rule, path, line = key
        if key in expected:
            why = (
                f"in expected ({', '.join(expected[key])}) but missed by {' and '.join(n for n in names if not has[n])}"
            )
        else:
            hint = "; ".join(decoys.get(key, [])) or "nothing was placed there"
            why = f"extra in {' and '.join(n for n in names if has[n])} (not expected: {hint})"
        differences.append(f"{rule} {path}:{line}  {why}")
    result["differences"] = differences
    lint, others = tools[0], [tool for tool in tools[1:] if tool.get("semgrep")]
    for other in others:
        result["same_as_" + other["name"].split()[0]] = set(lint["found"]) == set(other["found"])
    return result


def print_go(result: dict) -> None:
    tree, tools, comparison = result["tree"], result["tools"], result["comparison"]
    lint = tools[0]
    print(
        f"4. Go source: `remdev-lint --select GH --format json .` over {tree['files']} generated Go files "
        f"(bench/gen_go.py, seed {tree['seed']}), a fresh process per run, medians"
    )
    print(f"   tree: {tree['summary']}")
    print(f"   kinds: {', '.join(f'{k} {v}' for k, v in tree['kinds'].items())}")
    print(
        f"   compared as sets of (rule, path, line): {comparison['expected_lines']} expected "
        f"({comparison['expected']} findings; a line may hold two)"
    )
    print(
        f"   {'':32} {'runs':>4} {'median':>8} {'min':>8} {'files/s':>8} {'CPU':>7} {'CPU/wall':>8} "
        f"{'peak RSS':>9} {'findings':>8}  vs expected"
    )
    for tool in tools:
        entry = comparison["tools"][tool["name"]]
        verdict = f"{entry['found']}/{comparison['expected_lines']} found, {entry['extra']} extra"
        if "wrong_columns" in entry:
            wrong = len(entry["wrong_columns"])
            verdict += f"; columns: {wrong} differ" if wrong else "; columns: all match"
        if not tool["same_findings_every_run"]:
            verdict += "; FINDINGS DIFFER BETWEEN RUNS"
        print(
            f"   {tool['name'][:32]:32} {tool['wall']['runs']:4d} {tool['wall']['median_ms'] / 1000:7.2f}s "
            f"{tool['wall']['min_ms'] / 1000:7.2f}s {tool['files_per_second']:8d} {tool['cpu_s']:6.1f}s "
            f"{tool['cpu_per_wall']:7.2f}x {tool['peak_rss_kib'] / 1024:6.1f}MiB {tool['findings']:8d}  {verdict}"
        )
    print(
        f"   files/s: {tree['files']} files / median wall time; CPU: user+system of the process and the "
        f"workers it reaped; peak RSS: its largest single process (os.wait4); usable CPUs: {result['jobs']}"
    )
    semgrep = next((tool for tool in tools if tool["name"].startswith("semgrep")), None)
    if semgrep is None:
        print("   semgrep: not found (install it, see bench/README.md, or pass --semgrep PATH): no comparison")
    else:
        print(f"   semgrep: {result['semgrep']}, scanned {semgrep['scanned']} files, {len(semgrep['errors'])} errors")
        for error in semgrep["errors"]:
            print(f"     {error}")
        print(f"   semgrep command: {result['semgrep_command']}")
        speed = semgrep["wall"]["median_ms"] / lint["wall"]["median_ms"]
        missed = comparison["tools"][lint["name"]]["missed"]
        met = "met" if speed >= 10 and not missed else "NOT met"
        print(f"   remdev-lint is {speed:.1f}x as fast as semgrep; target >= 10x with no missed finding: {met}")
        print(
            "   same findings as semgrep, as sets of (rule, path, line): "
            + ("yes" if comparison.get("same_as_semgrep") else "no")
        )
    for tool in tools:
        for wrong in comparison["tools"][tool["name"]].get("wrong_columns", []):
            print(f"   {tool['name']}: {wrong}")
    if comparison["differences"]:
        print(f"   differences ({len(comparison['differences'])}), as (rule, path, line):")
        for line in comparison["differences"]:
            print(f"     {line}")
    else:
        print("   differences: none")


# --- 5. real Go trees: the GH run beside the parser's floor ---------------------------------------

#: Folders remdev-lint's walk never enters (remdev_lint.discovery.DEFAULT_EXCLUDE); ``testdata``
#: is also in the GH rules' ``ignore-files``, as are ``*_test.go`` files.
WALK_SKIPS = (".git", ".hg", ".svn", "node_modules", "vendor", "testdata", "__pycache__", ".venv")
#: The speed floor target: the GH run on one core within this many times the parser's floor.
FLOOR_TARGET = 2.5
#: An import of net/http itself (plain, aliased, blank or dot; interpreted or raw string), at the
#: start of a line as gofmt writes it: counted, not used to choose what is parsed.
_NET_HTTP_IMPORT = re.compile(
    rb'(?m)^[ \t]*(?:import[ \t]+)?(?:[\w.]+[ \t]+)?(?:"net/http"|`net/http`)[ \t]*(?://.*)?\r?$'
)
_GENERATED_GO = re.compile(rb"^// Code generated .* DO NOT EDIT\.\r?$")


def go_source_files(root: str) -> list[str]:
    """The Go files remdev-lint reads for the GH rules below ``root``: every ``*.go`` that is not a
    ``*_test.go`` and not in a folder its walk skips (vendor, testdata, .git, node_modules...),
    sorted. (remdev-lint also honours ``.gitignore``, by ``git ls-files`` in a work tree; a tree
    that ignores some of its own Go files would give it fewer.)"""
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [name for name in dirs if name not in WALK_SKIPS]
        found += [os.path.join(folder, n) for n in names if n.endswith(".go") and not n.endswith("_test.go")]
    return sorted(found)


#: The floor: what any Python tool that parses Go with this grammar must do to lint a tree for the
#: GH rules. A fresh process imports the parser through remdev_lint.formats.go, walks the tree as
#: remdev-lint's walk does, reads every Go file the rules look at and parses (tree-sitter, nothing
#: more: no query, no check, no report) those whose bytes contain "net/http", as remdev-lint
#: parses only the files whose bytes name an import the rules need.
FLOOR_SCRIPT = r"""
import json, os, sys, time
start = time.perf_counter()
from remdev_lint.formats import go
go._language()
parser = go._PARSER
imported = time.perf_counter()
WALK_SKIPS = {skips!r}
{walk}
files = go_source_files(sys.argv[1])
walked = time.perf_counter()
read_bytes = parsed = parsed_bytes = 0
parse_s = 0.0
for path in files:
    with open(path, "rb") as handle:
        data = handle.read()
    read_bytes += len(data)
    if b"net/http" in data:
        t = time.perf_counter()
        parser.parse(data)
        parse_s += time.perf_counter() - t
        parsed += 1
        parsed_bytes += len(data)
end = time.perf_counter()
print(json.dumps({{
    "counts": {{"files": len(files), "read_bytes": read_bytes, "parsed": parsed, "parsed_bytes": parsed_bytes}},
    "ms": {{
        "import the parser": (imported - start) * 1000,
        "walk": (walked - imported) * 1000,
        "read": (end - walked - parse_s) * 1000,
        "parse": parse_s * 1000,
    }},
}}))
"""


def floor_script() -> str:
    return FLOOR_SCRIPT.format(skips=WALK_SKIPS, walk=inspect.getsource(go_source_files))


def go_tree_stats(root: Path) -> dict:
    """What the tree holds, as the GH rules see it (read here, untimed)."""
    files = go_source_files(str(root))
    stats = {"files": len(files), "bytes": 0, "net_http_bytes": 0, "parsed": 0, "imports_net_http": 0, "generated": 0}
    for path in files:
        with open(path, "rb") as handle:
            data = handle.read()
        stats["bytes"] += len(data)
        if b"net/http" in data:
            stats["parsed"] += 1
            stats["net_http_bytes"] += len(data)
            stats["imports_net_http"] += _NET_HTTP_IMPORT.search(data) is not None
        for line in data[: 64 * 1024].split(b"\n"):
            if line.startswith(b"package ") or line.rstrip(b"\r") == b"package":
                break
            if _GENERATED_GO.match(line):
                stats["generated"] += 1
                break
    return stats


def _git_commit(root: Path) -> str | None:
    result = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--show-toplevel", "HEAD"], capture_output=True, text=True, check=False
    )
    lines = result.stdout.split()
    if result.returncode != 0 or len(lines) != 2 or os.path.realpath(lines[0]) != os.path.realpath(root):
        return None  # not the top of a git work tree
    return lines[1]


def bench_go_tree(
    cmd: list[str], work: Path, root: Path, runs: int, semgrep: str | None, semgrep_runs: int, index: int
) -> dict:
    """The GH rules over a real tree: ``remdev-lint --select GH --format json --jobs 1 .`` (and
    with its default jobs) beside the floor (:data:`FLOOR_SCRIPT`) and Semgrep (``--jobs=1`` and its
    default), a fresh process per run, medians, timed runs interleaved."""
    root = root.resolve()
    env = child_env(work / "cache")
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    stats = go_tree_stats(root)
    script = work / f"floor{index}.py"
    script.write_text(floor_script(), encoding="utf-8")
    help_text = subprocess.run(cmd + ["--help"], capture_output=True, text=True, env=env, check=False).stdout
    has_jobs = "--jobs" in help_text
    lint = ["--select", "GH", "--format", "json"]
    one_core = lint + (["--jobs", "1"] if has_jobs else []) + ["."]
    tools = [
        {
            "name": "remdev-lint --jobs 1" if has_jobs else "remdev-lint",
            "cmd": cmd + one_core,
            "env": env,
            "runs": runs,
            "codes": (0, 1),
            "parse": lint_findings,
        },
        {
            "name": "floor: import, walk, read, parse",
            "cmd": [sys.executable, str(script), "."],
            "env": env,
            "runs": runs,
            "codes": (0,),
            "parse": lambda out: json.loads(out)["counts"],
            "floor": True,
        },
    ]
    if has_jobs:
        tools.append(dict(tools[0], name=f"remdev-lint (default jobs: {jobs} CPUs)", cmd=cmd + lint + ["."]))
    version = None
    if semgrep is not None:
        semgrep_env, version = semgrep_setup(semgrep, env, work)
        for jobs_option, name in ((1, "semgrep --jobs=1"), (None, "semgrep (default jobs)")):
            tools.append(
                {
                    "name": name,
                    "cmd": semgrep_command(semgrep, jobs_option),
                    "env": semgrep_env,
                    "runs": semgrep_runs,
                    "codes": (0,),
                    "parse": lambda out: semgrep_findings(out)[0],
                    "semgrep": True,
                }
            )
    run_tools(tools, root, str(root))
    results = {tool["name"]: _tool_result(tool, stats["files"]) for tool in tools}
    floor = next(tool for tool in tools if tool.get("floor"))
    floor_result = results[floor["name"]]
    floor_result["counts"] = floor["found"]
    floor_result["phases_ms"] = {
        name: round(statistics.median(json.loads(run["stdout"])["ms"][name] for run in floor["measured"]), 1)
        for name in json.loads(floor["measured"][0]["stdout"])["ms"]
    }
    ratio = results[tools[0]["name"]]["wall"]["median_ms"] / floor_result["wall"]["median_ms"]
    out = {
        "path": str(root),
        "commit": _git_commit(root),
        "stats": stats,
        "semgrep": semgrep,
        "semgrep_version": version,
        "lint_command": " ".join(["remdev-lint", *one_core]),
        "semgrep_command": " ".join(semgrep_command("semgrep", 1)) if semgrep else None,
        "tools": list(results.values()),
        "floor_ratio": round(ratio, 2),
        "floor_target": FLOOR_TARGET,
        "floor_met": ratio <= FLOOR_TARGET,
    }
    if (floor["found"]["files"], floor["found"]["parsed"]) != (stats["files"], stats["parsed"]):
        out["floor_warning"] = (
            f"the floor read {floor['found']['files']} files and parsed {floor['found']['parsed']}; "
            f"the tree holds {stats['files']}, {stats['parsed']} with net/http (changed during the run?)"
        )
    linters = [tool for tool in tools if not tool.get("semgrep") and not tool.get("floor")]
    semgreps = [tool for tool in tools if tool.get("semgrep")]
    if semgreps:
        out["semgrep_speed"] = [  # --jobs 1 beside --jobs=1, the default jobs beside the default
            {
                "remdev_lint": lint_tool["name"],
                "semgrep": semgrep_tool["name"],
                "times_as_fast": round(
                    results[semgrep_tool["name"]]["wall"]["median_ms"]
                    / results[lint_tool["name"]]["wall"]["median_ms"],
                    1,
                ),
            }
            for lint_tool, semgrep_tool in zip(linters, semgreps, strict=False)
        ]
        lint_found, semgrep_found = set(tools[0]["found"]), set(semgreps[0]["found"])
        out["only_remdev_lint"] = [f"{r} {p}:{n}" for r, p, n in sorted(lint_found - semgrep_found)]
        out["only_semgrep"] = [f"{r} {p}:{n}" for r, p, n in sorted(semgrep_found - lint_found)]
    return out


def print_go_tree(result: dict) -> None:
    stats = result["stats"]
    commit = f" (git commit {result['commit']})" if result["commit"] else ""
    print(f"5. Go source, a real tree: {result['path']}{commit}, GH rules, a fresh process per run, medians")
    print(
        f"   {stats['files']} non-test .go files ({stats['bytes'] / 2**20:.1f} MiB; not in vendor/, testdata/ and the "
        f"other folders the walk skips), {stats['imports_net_http']} importing net/http, {stats['parsed']} "
        f"containing `net/http` (the ones parsed, {stats['net_http_bytes'] / 2**20:.2f} MiB), "
        f"{stats['generated']} generated"
    )
    print(
        f"   {'':36} {'runs':>4} {'median':>8} {'min':>8} {'files/s':>8} {'CPU':>7} {'CPU/wall':>8} "
        f"{'peak RSS':>9} {'findings':>8}"
    )
    for tool in result["tools"]:
        findings = tool.get("findings", "")
        if not tool["same_findings_every_run"]:
            findings = f"{findings} (DIFFER BETWEEN RUNS)"
        print(
            f"   {tool['name'][:36]:36} {tool['wall']['runs']:4d} {tool['wall']['median_ms'] / 1000:7.2f}s "
            f"{tool['wall']['min_ms'] / 1000:7.2f}s {tool['files_per_second']:8d} {tool['cpu_s']:6.2f}s "
            f"{tool['cpu_per_wall']:7.2f}x {tool['peak_rss_kib'] / 1024:6.1f}MiB {findings:>8}"
        )
    floor = next(tool for tool in result["tools"] if "phases_ms" in tool)
    print(
        "   floor: a fresh `python` that imports remdev_lint.formats.go, calls _language() and, with its _PARSER, "
        "parses every file above that contains `net/http`; inside it (medians): "
        + ", ".join(f"{name} {ms:.0f} ms" for name, ms in floor["phases_ms"].items())
    )
    if "floor_warning" in result:
        print(f"   WARNING: {result['floor_warning']}")
    one_core = result["tools"][0]
    print(f"   commands, run in the tree: {result['lint_command']}; {result['semgrep_command'] or 'no semgrep'}")
    verdict = "met" if result["floor_met"] else "NOT met"
    print(
        f"   {one_core['name']} / floor: {result['floor_ratio']:.2f}x; target <= {result['floor_target']}x "
        f"on one core: {verdict}"
    )
    if result["semgrep"] is None:
        print("   semgrep: not found (install it, see bench/README.md, or pass --semgrep PATH): no comparison")
        return
    semgrep = next(tool for tool in result["tools"] if tool["name"].startswith("semgrep"))
    print(
        f"   semgrep {result['semgrep_version']}: scanned {semgrep['scanned']} files (generated ones excluded by name "
        f"only), {len(semgrep['errors'])} errors"
    )
    for error in semgrep["errors"]:
        print(f"     {error}")
    for pair in result["semgrep_speed"]:
        print(f"   {pair['remdev_lint']} is {pair['times_as_fast']:.1f}x as fast as {pair['semgrep']}")
    if not result["only_remdev_lint"] and not result["only_semgrep"]:
        print("   findings, as sets of (rule, path, line): the same in remdev-lint and semgrep")
    for key, who in (("only_remdev_lint", "remdev-lint"), ("only_semgrep", "semgrep")):
        for line in result[key]:
            print(f"     only in {who}: {line}")


# --- 3. the machine ---------------------------------------------------------------------------


def machine(cmd: list[str]) -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    version = subprocess.run(cmd + ["--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "nproc": usable,
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "platform": platform.platform(),
        "remdev_lint": version,
    }


# --- where a single-file run's time goes --------------------------------------------------------

#: Runs in a fresh process: the steps of ``remdev-lint go.mod`` one by one, each import and phase
#: timed (a later import only pays for what an earlier one did not import). Uses remdev-lint's
#: internals, so it follows cli._run; if those change, update it.
PHASES_SCRIPT = r"""
import time
T = [time.perf_counter()]
names = []
def mark(name):
    T.append(time.perf_counter()); names.append(name)
import re; mark("import re (the console script's wrapper does)")
import argparse; mark("import argparse")
import pathlib; mark("import pathlib (urllib.parse, ipaddress)")
from remdev_lint import cli; mark("import remdev_lint.cli")
args = cli.build_parser().parse_args(["go.mod"]); mark("build_parser + parse_args (shutil, gettext, locale)")
import typing; mark("import typing (diagnostics/model NamedTuple, Protocol)")
import hashlib; mark("import hashlib (rule-cache key; loads OpenSSL)")
import json as _json; mark("import json (rule-cache format)")
from remdev_lint.config import load_settings
from remdev_lint.engine import Linter, configure_rules, select_rules
from remdev_lint.rules import load_rules
mark("import engine, config, rules, diagnostics, model, globs")
from pathlib import Path
settings = load_settings(None, Path.cwd()); mark("load_settings (look for a config file)")
rules = load_rules(settings.rule_dirs); mark("load_rules (rule cache hit)")
active = configure_rules(select_rules(rules, None, []), settings, rules)
linter = Linter(settings, active, rules, Path.cwd()); files = linter.collect([Path("go.mod")]); mark("select, configure, collect")
import remdev_lint.formats.gomod; mark("import formats.gomod (module-level regexes)")
import remdev_lint.conditions, remdev_lint.selectors, remdev_lint.values, remdev_lint.suppress; mark("import conditions, selectors, values, suppress")
found = linter.lint_file(files[0]); mark("lint_file (parse go.mod + ../shared/go.mod, compile checks, run)")
from remdev_lint.reporters import render
render("text", found, [a.rule for a in active], files_checked=1, color=False); mark("render")
import json
print(json.dumps(list(zip(names, [(b - a) * 1000 for a, b in zip(T, T[1:])]))))
"""


def phases(cmd: list[str], work: Path, runs: int, warmup: int) -> dict:
    app, shared = monorepo(work)
    for folder, text in ((app, SMALL_GO_MOD), (shared, SHARED_GO_MOD)):
        (folder / "go.mod").write_text(text, encoding="utf-8")
    env = child_env(work / "cache")
    script = work / "phases.py"
    script.write_text(PHASES_SCRIPT, encoding="utf-8")
    run_child(cmd + ["go.mod"], app, env)  # fills the rule cache
    samples: dict[str, list[float]] = {}
    whole, bare = [], []
    for index in range(warmup + runs):
        out = subprocess.run(
            [sys.executable, str(script)], cwd=app, env=env, capture_output=True, text=True, check=False
        )
        if out.returncode != 0:
            raise SystemExit(f"bench: the phases script failed (remdev-lint's internals changed?):\n{out.stderr}")
        elapsed = run_child(cmd + ["go.mod"], app, env)[0]
        python = run_child([sys.executable, "-c", "pass"], app, env)[0]
        if index < warmup:
            continue
        whole.append(elapsed)
        bare.append(python)
        for name, ms in json.loads(out.stdout):
            samples.setdefault(name, []).append(ms)
    return {
        "runs": runs,
        "run_ms": round(statistics.median(whole) * 1000, 2),
        "python_ms": round(statistics.median(bare) * 1000, 2),
        "phases_ms": {name: round(statistics.median(values), 2) for name, values in samples.items()},
    }


def print_phases(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, indent=2))
        return
    print(f"Where `remdev-lint go.mod` spends its time (medians of {result['runs']} fresh processes, rule cache warm)")
    print(f"   {'python -c pass (interpreter start-up and exit)':66} {result['python_ms']:6.1f} ms")
    for name, ms in result["phases_ms"].items():
        print(f"   {name:66} {ms:6.1f} ms")
    inside = sum(result["phases_ms"].values())
    print(f"   {'sum of the phases':66} {inside:6.1f} ms")
    print(f"   {'whole run (console script), for comparison':66} {result['run_ms']:6.1f} ms")


# --- output -----------------------------------------------------------------------------------


def print_report(result: dict) -> None:
    m = result["machine"]
    print(f"remdev-lint benchmark: {m['remdev_lint']}, run as the {result['command']}")
    print(f"machine: {m['cpu']}, nproc {m['nproc']}, {m['python']}, {m['platform']}")
    print(f"bytecode: {result['bytecode']}")
    print()
    if "startup" in result:
        print_startup_and_trees(result)
        print()
        print(f"3. Machine: nproc {m['nproc']} (os.cpu_count {m['cpu_count']}), CPU {m['cpu']}, {m['python']}")
    if "go" in result:
        if "startup" in result:
            print()
        print_go(result["go"])
    for index, tree in enumerate(result.get("go_trees", [])):
        if index or "startup" in result or "go" in result:
            print()
        print_go_tree(tree)


def print_startup_and_trees(result: dict) -> None:
    s = result["startup"]
    print(
        f"1. Start-up: one small file of each kind, a fresh process per run, {s['lint']['runs']} runs after "
        f"{result['warmup']} warm-up runs, rule cache warm"
    )
    print(f"   {'':34} {'median':>9} {'min':>9} {'p90':>9}")
    for label, key in [(f"remdev-lint {label}", key) for key, label, _ in STARTUP_FILES] + [
        ("python -c pass", "python")
    ]:
        row = s[key]
        print(f"   {label:34} {row['median_ms']:7.1f}ms {row['min_ms']:7.1f}ms {row['p90_ms']:7.1f}ms")
    for key, label, _ in STARTUP_FILES:
        difference = s["difference_ms" if key == "lint" else f"{key}_difference_ms"]
        verdict = "within" if difference <= s["target_ms"] else "OVER"
        print(f"   {'difference, ' + label:34} {difference:7.1f}ms   target <= {s['target_ms']} ms: {verdict}")
    print(f"   {'first run, empty rule cache':34} {s['empty_cache_ms']:7.1f}ms   (one run; validates the rule files)")
    print(f"   {'--no-cache (validates every run)':34} {s['no_cache_ms']:7.1f}ms   (one run)")
    print(
        f"   peak RSS: {s['peak_rss_kib'] / 1024:.1f} MiB warm, {s['empty_cache_peak_rss_kib'] / 1024:.1f} MiB with an empty cache"
    )
    print(f"   output: {s['output']}")
    print()
    trees = result["trees"]
    t0 = trees[0]
    print(
        f"2. Throughput: `remdev-lint .` over {t0['files']} files ({t0['files'] - 2} go.mod + 2 go.work), "
        f"median of {t0['wall']['runs']} runs, one fresh process each"
    )
    print(f"   tree: {', '.join(f'{k} {v}' for k, v in t0['kinds'].items())}")
    print(f"   {'':34} {'median':>9} {'min':>9} {'files/s':>9} {'findings':>9} {'peak RSS':>10}")
    for tree in trees:
        print(
            f"   {tree['mode']:34} {tree['wall']['median_ms'] / 1000:8.2f}s {tree['wall']['min_ms'] / 1000:8.2f}s "
            f"{tree['files_per_second']:9.0f} {tree['findings']:9d} {tree['peak_rss_kib'] / 1024:7.1f}MiB"
        )
    print(f"   findings by rule: {', '.join(f'{k} {v}' for k, v in t0['findings_by_rule'].items())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed start-up runs (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed warm-up runs first (default 3)")
    parser.add_argument("--files", type=int, default=2000, help="go.mod files in the generated tree (default 2000)")
    parser.add_argument("--tree-runs", type=int, default=5, help="timed runs over the tree (default 5)")
    parser.add_argument("--module", action="store_true", help="run `python -m remdev_lint`, not the console script")
    parser.add_argument(
        "--phases",
        action="store_true",
        help="instead: where a single-file run's time goes (imports and phases, fresh process each, --runs runs)",
    )
    go = parser.add_argument_group("Go source (GH rules), beside Semgrep")
    go.add_argument("--go", action="store_true", help="run only the Go section (and describe the machine)")
    go.add_argument("--go-files", type=int, default=2000, help="Go files in the generated tree (default 2000)")
    go.add_argument("--go-runs", type=int, default=5, help="timed remdev-lint runs over the Go tree (default 5)")
    go.add_argument("--semgrep-runs", type=int, default=3, help="timed Semgrep runs over the Go tree (default 3)")
    go.add_argument("--semgrep", metavar="PATH", help="the semgrep to compare with (default: the one on PATH)")
    go.add_argument("--no-semgrep", action="store_true", help="no Semgrep comparison, even when one is found")
    go.add_argument(
        "--go-tree",
        action="append",
        default=[],
        metavar="PATH",
        help="a real Go tree to run the GH rules over, beside the parser's floor and Semgrep (repeatable, or "
        "a comma-separated list; --go-runs and --semgrep-runs runs; alone, only this section runs)",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.files < 5 or args.tree_runs < 1 or args.warmup < 0:
        parser.error("--runs and --tree-runs must be >= 1, --files >= 5, --warmup >= 0")
    if args.go_files < 10 or args.go_runs < 1 or args.semgrep_runs < 1:
        parser.error("--go-files must be >= 10, --go-runs and --semgrep-runs >= 1")
    go_trees = [Path(path) for value in args.go_tree for path in value.split(",") if path]
    for tree in go_trees:
        if not tree.is_dir():
            parser.error(f"--go-tree {tree}: not a folder")
    semgrep = None if args.no_semgrep else find_semgrep(args.semgrep)

    global PYCACHE
    cmd, how = linter_command(args.module)
    work = Path(tempfile.mkdtemp(prefix="remdev-lint-bench-"))
    PYCACHE = work / "pycache"
    try:
        if args.phases:
            print_phases(phases(cmd, work, args.runs, args.warmup), args.json)
            return 0
        result = {
            "command": how,
            "bytecode": "written to PYTHONPYCACHEPREFIX in the temporary folder (PYTHONDONTWRITEBYTECODE removed)",
            "warmup": args.warmup,
            "machine": machine(cmd),
        }
        if not args.go and not go_trees:
            result["startup"] = bench_startup(cmd, work, args.runs, args.warmup)
            result["trees"] = [
                bench_tree(cmd, work, args.files, args.tree_runs, git=False),
                bench_tree(cmd, work, args.files, args.tree_runs, git=True),
            ]
        if args.go or not go_trees:
            result["go"] = bench_go(cmd, work, args.go_files, args.go_runs, semgrep, args.semgrep_runs)
        if go_trees:
            result["go_trees"] = [
                bench_go_tree(cmd, work, tree, args.go_runs, semgrep, args.semgrep_runs, index)
                for index, tree in enumerate(go_trees)
            ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
