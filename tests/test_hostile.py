"""Whatever a repository holds, a run finishes quickly, prints nothing that is not the project's,
runs nothing, and never says "All checks passed" for a file it could not judge.

Each test is a small reproduction of something a hostile (or just unlucky) repository can hold:
special files where configuration files are expected, links out of the tree, files too large to
read, YAML alias bombs, patterns that make backtracking regular expressions take hours, terminal
escapes in values, input that used to end in a traceback, and configurations that used to pass
silently. Runs that could hang are made in a child process with a time limit, so that a
regression fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli, write
from remdev_lint import reading

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False

#: A child run that takes longer than this has hung (each of these runs takes well under a second).
LIMIT = 30


def child(args: list[str], cwd: Path, stdin: bytes | None = b"", **kwargs) -> subprocess.CompletedProcess:
    """remdev-lint in a child process, as pre-commit and CI start it, with a time limit."""
    return subprocess.run(
        [sys.executable, "-m", "remdev_lint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=LIMIT,
        check=False,
        **kwargs,
    )


def diagnostics(result: subprocess.CompletedProcess) -> list[tuple[str, int, int, str, str]]:
    assert result.returncode in (0, 1), result.stderr.decode()
    document = json.loads(result.stdout)
    return [(d["path"], d["line"], d["column"], d["rule"], d["message"]) for d in document["diagnostics"]]


def git_repository(folder: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True)
    return folder


GOOD_GO_MOD = "module example.com/app\n\ngo 1.24\n"


# --- special files where a file is expected ----------------------------------------------------


@pytest.mark.parametrize("named", [True, False], ids=["named", "walked"])
def test_a_fifo_named_go_mod_is_reported_not_read(tmp_path, named):
    os.mkfifo(tmp_path / "go.mod")  # nobody will ever write to it: reading it would block forever

    result = child(["--format", "json", *(["go.mod"] if named else [])], tmp_path)

    assert diagnostics(result) == [
        ("go.mod", 1, 1, "RL004", "not checked: this file is a named pipe (FIFO), not a regular file")
    ]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/stdin", "/dev/null"])
def test_a_link_to_a_device_is_not_read(tmp_path, device):
    git_repository(tmp_path)
    (tmp_path / "go.mod").symlink_to(device)

    result = child(["--format", "json"], tmp_path)

    [(path, line, column, code, message)] = diagnostics(result)
    assert (path, line, column, code) == ("go.mod", 1, 1, "RL004")
    assert message == "not checked: this file leads out of the project through a symbolic link"


def test_endless_standard_input_is_cut_at_the_limit(tmp_path):
    with open("/dev/zero", "rb") as zeros:
        result = subprocess.run(
            [sys.executable, "-m", "remdev_lint", "--format", "json", "--stdin-filename", "go.mod"],
            cwd=tmp_path,
            stdin=zeros,
            capture_output=True,
            timeout=LIMIT,
        )

    assert diagnostics(result) == [
        (
            "go.mod",
            1,
            1,
            "RL004",
            "not checked: this file (standard input) is over the 1 MiB limit for configuration files",
        )
    ]


@pytest.mark.parametrize(
    ("reference", "shown", "reason"),
    [
        ("fifo.yml", ".devcontainer/fifo.yml", "is a named pipe (FIFO), not a regular file"),
        ("/dev/zero", "/dev/zero", "is outside the project"),
    ],
)
def test_a_compose_file_that_is_a_fifo_or_a_device_is_reported_where_it_is(tmp_path, reference, shown, reason):
    write(tmp_path, ".devcontainer/devcontainer.json", json.dumps({"dockerComposeFile": reference, "service": "dev"}))
    os.mkfifo(tmp_path / ".devcontainer" / "fifo.yml")

    result = child(["--format", "json", "--select", "RL,DC001"], tmp_path)  # DC001 reads the compose files

    assert diagnostics(result) == [(shown, 1, 1, "RL004", f"not checked: this file {reason}")]


def test_a_replace_targets_go_mod_that_is_a_fifo_does_not_block(tmp_path):
    write(tmp_path, "app/go.mod", "module example.com/app\n\ngo 1.24\n\nreplace example.com/lib => ../lib\n")
    (tmp_path / "lib").mkdir()
    os.mkfifo(tmp_path / "lib" / "go.mod")

    result = child(["--format", "json", "app/go.mod"], tmp_path)

    # GM002 asks only whether the go.mod is there (the go command does not check what it
    # declares): the FIFO is never opened.
    assert diagnostics(result) == []


def test_a_tasks_json_that_is_a_fifo_does_not_block_dl006(tmp_path):
    launch = '{"configurations": [{"type": "go", "request": "attach", "mode": "remote", "port": 2345, "preLaunchTask": "dlv"}]}'
    write(tmp_path, ".vscode/launch.json", launch)
    os.mkfifo(tmp_path / ".vscode" / "tasks.json")

    result = child(["--format", "json", ".vscode/launch.json"], tmp_path)

    assert (".vscode/tasks.json", 1, 1, "RL004") in [d[:4] for d in diagnostics(result)]


def test_a_dangling_link_is_reported_not_passed(tmp_path):
    git_repository(tmp_path)
    (tmp_path / "go.mod").symlink_to(tmp_path / "gone" / "go.mod")

    result = child(["--format", "json"], tmp_path)

    assert [d[3] for d in diagnostics(result)] == ["RL004"]


def test_a_fifo_named_pyproject_toml_or_gitignore_does_not_block(tmp_path):
    os.mkfifo(tmp_path / "pyproject.toml")
    os.mkfifo(tmp_path / ".gitignore")
    write(tmp_path, "go.mod", GOOD_GO_MOD)

    result = child(["--format", "json"], tmp_path)

    assert diagnostics(result) == []


# --- sizes ------------------------------------------------------------------------------------


def test_a_configuration_file_over_the_limit_is_an_info_diagnostic_not_a_pass(tmp_path):
    write(tmp_path, "go.mod", GOOD_GO_MOD + "// " + "x" * (reading.MAX_CONFIG_BYTES * 3 // 2 - 3 - len(GOOD_GO_MOD)))

    result = run_cli([], tmp_path)

    assert result.code == 0  # info does not fail the run ...
    assert result.out == (
        "go.mod:1:1: RL004 [info] not checked: this file is 1.5 MiB, over the 1 MiB limit for configuration files\n"
        "Found 1 problem (1 info) in 1 file.\n"  # ... but the run never says all checks passed
    )
    assert run_cli(["--fail-on", "info"], tmp_path).code == 1


def test_the_limits_are_the_documented_ones():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"| {reading.MAX_CONFIG_BYTES // (1024 * 1024)} MiB |" in readme
    assert f"| {reading.MAX_GO_BYTES // (1024 * 1024)} MiB |" in readme


# --- YAML aliases ---------------------------------------------------------------------------------

LAUGHS = (
    "services:\n  dev:\n    image: golang\n"
    'x-a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(f"x-{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9))
)


def test_a_billion_laughs_compose_file_is_a_parse_error_not_gigabytes(tmp_path):
    write(tmp_path, ".devcontainer/devcontainer.json", '{"dockerComposeFile": "compose.yml", "service": "dev"}')
    write(tmp_path, ".devcontainer/compose.yml", LAUGHS)

    started = time.monotonic()
    result = child(["--format", "json", "--select", "RL001,DC001"], tmp_path)  # DC001 reads the compose file

    assert time.monotonic() - started < 10
    [(path, line, column, code, message)] = diagnostics(result)
    assert (path, line, column, code) == (".devcontainer/compose.yml", 5, 10, "RL001")
    assert message.startswith("document contains excessive aliasing: its aliases expand it to 4,")


def test_a_billion_laughs_rule_file_is_refused(tmp_path):
    write(tmp_path, "policy/rules.yaml", "rules: []\n" + LAUGHS)
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')

    result = child(["--no-cache"], tmp_path)

    assert result.returncode == 2
    assert b"excessive aliasing" in result.stderr
    assert b"Traceback" not in result.stderr


def test_ordinary_compose_anchors_are_fine(tmp_path):
    base = "x-base: &base\n  image: golang:1.24\n  cpus: 2\n  mem_limit: 4g\nservices:\n"
    write(tmp_path, ".devcontainer/compose.yml", base + "".join(f"  s{i}:\n    <<: *base\n" for i in range(200)))
    write(tmp_path, ".devcontainer/devcontainer.json", '{"dockerComposeFile": "compose.yml", "service": "s7"}')

    assert [d[3] for d in diagnostics(child(["--format", "json", "--select", "RL,DC001,DC002"], tmp_path))] == []


# --- processes ------------------------------------------------------------------------------------


def test_jobs_is_capped_at_the_cpus_and_says_so(tmp_path):
    for index in range(250):
        write(tmp_path, f"m{index}/go.mod", GOOD_GO_MOD)

    result = child(["--jobs", "100000"], tmp_path)

    assert result.returncode == 0
    cpus = len(os.sched_getaffinity(0))
    assert result.stderr.decode() == (
        f"remdev-lint: --jobs 100000 is more than the {cpus} CPUs this process may use: using {cpus}\n"
    )
    assert result.stdout.decode() == "All checks passed (250 files checked).\n"


def _parallel_run(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    """A parallel run over 3,000 go.mod files, once its two workers are running."""
    for index in range(3000):
        write(tmp_path, f"m{index}/go.mod", GOOD_GO_MOD + "replace a => ../nowhere\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "remdev_lint", "--jobs", "2", "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # the whole group gets SIGINT, as from a terminal
    )
    # Interrupt once the workers run (a Ctrl-C while Python itself starts is Python's business).
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    if not children.exists():
        process.kill()
        pytest.skip("no /proc/PID/task/PID/children on this system to see the workers start")
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline and len(children.read_text().split()) < 2:
        time.sleep(0.01)
    return process, children


def test_ctrl_c_on_a_parallel_run_exits_quietly(tmp_path):
    process, _children = _parallel_run(tmp_path)
    assert process.poll() is None, "the run ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=LIMIT)

    assert process.returncode in (130, -signal.SIGINT)
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
    assert out == b""


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2, 0.5])
def test_ctrl_c_at_any_moment_of_a_parallel_run_leaves_no_worker_behind(tmp_path, delay):
    """Whenever Ctrl-C lands (as the workers start, while they work, as they finish), the run
    ends at once, quietly, and every worker is gone: none is left holding the output pipes (a
    run that hung on them was seen under load with multiprocessing.Pool)."""
    process, children = _parallel_run(tmp_path)
    workers = children.read_text().split()
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=LIMIT)

    assert process.returncode in (0, 1, 130), err
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists() and _not_a_zombie(pid)]


def _not_a_zombie(pid: str) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def test_a_worker_killed_mid_run_is_an_error_not_a_hang(tmp_path):
    process, children = _parallel_run(tmp_path)
    os.kill(int(children.read_text().split()[0]), signal.SIGKILL)
    out, err = process.communicate(timeout=LIMIT)

    assert process.returncode == 2 and out == b""
    assert err.decode().startswith(
        "remdev-lint: error: a worker process ended without its results (killed by signal 9)"
    )


# --- regular expressions and globs from the repository ------------------------------------------

CATASTROPHIC = "a*a*a*a*a*a*a*a*a*a*a*a*a*b"


def rule_file(condition: str, files: str = '["*.json"]') -> str:
    return f"""\
rules:
  - code: TP001
    name: team-pattern
    severity: error
    summary: A value the team forbids.
    explanation: Because.
    files: {files}
    check:
      select: "value"
      report-if: {condition}
      message: "forbidden: {{value}}"
    examples:
      bad: [{{file: a.json, text: '{{"value": "ab"}}', expect: "1:11"}}]
      good: [{{file: a.json, text: '{{"value": "c"}}'}}]
"""


def test_a_backtracking_pattern_in_a_rule_runs_in_linear_time(tmp_path):
    write(tmp_path, "policy/team.yaml", rule_file("{matches: '^(a|aa)*(a*)*b'}"))
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\nselect = ["TP001"]\n')
    write(tmp_path, "a.json", json.dumps({"value": "a" * 100_000 + "c"}))

    result = child(["--format", "json", "a.json"], tmp_path)

    assert diagnostics(result) == []


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [("^(?!x)", "invalid perl operator: (?!"), ("(a)\\1", "invalid escape sequence: \\1")],
)
def test_a_pattern_re2_cannot_run_is_refused_when_the_rule_file_is_loaded(tmp_path, pattern, reason):
    write(tmp_path, "policy/team.yaml", rule_file(f"{{matches: '{pattern}'}}"))
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')

    result = run_cli(["--no-cache"], tmp_path)

    assert result.code == 2
    assert "rule TP001 (team-pattern): invalid regular expression" in result.err
    assert "RE2 syntax: no backreferences or lookaround" in result.err
    assert reason in result.err


def test_a_backtracking_gitignore_pattern_does_not_stall_a_plain_walk(tmp_path):
    write(tmp_path, ".gitignore", f"{CATASTROPHIC}\n**/{CATASTROPHIC}/**\n")
    write(tmp_path, "a" * 200 + "c/go.mod", GOOD_GO_MOD)

    result = child(["--format", "json"], tmp_path)

    assert diagnostics(result) == []
    assert result.returncode == 0


def test_a_backtracking_exclude_glob_does_not_stall(tmp_path):
    write(tmp_path, ".remdev-lint.toml", f'exclude = ["x/{CATASTROPHIC}", "**/{CATASTROPHIC}/**"]\n')
    write(tmp_path, "x/" + "a" * 200 + "c/go.mod", "module x\n")

    result = child(["--format", "json"], tmp_path)

    assert [d[3] for d in diagnostics(result)] == ["GM003"]


@pytest.mark.parametrize("key", ["exclude", "per-file-ignores", "extend-files"])
def test_a_backwards_range_in_a_glob_is_a_configuration_error(tmp_path, key):
    setting = {
        "exclude": 'exclude = ["x/[z-a].mod"]',
        "per-file-ignores": '[per-file-ignores]\n"x/[z-a]" = ["GM001"]',
        "extend-files": '[extend-files]\nssh_config = ["x/[z-a]"]',
    }[key]
    write(tmp_path, ".remdev-lint.toml", setting + "\n")

    result = run_cli([], tmp_path)

    assert result.code == 2
    assert "the range z-a in [...] is backwards (write a-z)" in result.err
    assert key in result.err


def test_a_backwards_range_in_a_rule_files_glob_is_a_rule_file_error(tmp_path):
    write(tmp_path, "policy/team.yaml", rule_file("{matches: 'b'}", files='["[z-a].json"]'))
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')

    result = run_cli(["--no-cache"], tmp_path)

    assert result.code == 2
    assert "rule TP001 (team-pattern)" in result.err and "backwards" in result.err


@pytest.mark.parametrize(
    ("schema", "fault"),
    [
        ("{type: nonsense}", "not a valid JSON Schema"),
        ('{$ref: "#/$defs/nowhere"}', "points at nothing in the schema"),
        ('{$ref: "#"}', "leads back to itself without reading deeper into the value"),
        ('{$ref: "https://example.com/schema.json"}', "points outside the schema"),
        ("{type: string, pattern: '(?<=a)b'}", "invalid pattern"),
        ("{patternProperties: {a: {}}}", "`patternProperties` is not supported in rule schemas"),
    ],
)
def test_a_schema_fragment_that_cannot_run_safely_is_refused(tmp_path, schema, fault):
    write(tmp_path, "policy/team.yaml", rule_file(f"{{schema: {schema}}}"))
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')

    result = run_cli(["--no-cache"], tmp_path)

    assert result.code == 2, result
    assert "rule TP001 (team-pattern)" in result.err and fault in result.err


def test_a_recursive_schema_that_descends_is_fine(tmp_path):
    schema = "{type: object, properties: {value: {type: string}, more: {$ref: '#'}}, required: [value]}"
    write(tmp_path, "policy/team.yaml", rule_file(f"{{not: {{path: $, schema: {schema}}}}}").replace('"value"', "$"))
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\nselect = ["TP001"]\n')
    write(tmp_path, "a.json", '{"value": "x", "more": {"value": "y", "more": {"value": 3}}}')

    result = run_cli(["--no-cache", "--format", "json", "a.json"], tmp_path)

    assert result.code == 1, result
    assert '"rule": "TP001"' in result.out


# --- what is not the project's --------------------------------------------------------------------


def test_a_link_to_a_secret_outside_the_project_is_never_printed(tmp_path):
    secret = tmp_path / "home" / ".ssh" / "id_ed25519"
    write(secret.parent, secret.name, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n")
    project = git_repository(tmp_path / "project")
    (project / "ssh_config").symlink_to(secret)
    (project / ".ssh").mkdir()
    (project / ".ssh" / "config").symlink_to(secret)

    for args in (["--format", "json"], ["ssh_config"], ["--format", "sarif", ".ssh/config"]):
        result = child(args, project)
        assert b"OPENSSH" not in result.stdout + result.stderr and b"b3Bl" not in result.stdout + result.stderr
    assert [d[3] for d in diagnostics(child(["--format", "json"], project))] == ["RL004", "RL004"]


def test_a_replace_target_outside_the_project_is_not_read(tmp_path):
    write(tmp_path, "elsewhere/lib/go.mod", "module secret.example.com/private-name\n")
    project = git_repository(tmp_path / "project")
    write(project, "go.mod", GOOD_GO_MOD + "\nreplace example.com/lib => ../elsewhere/lib\n")

    result = child(["--format", "json"], project)

    # Whether the folder and its go.mod are there is all GM002 asks; nothing is read.
    assert b"private-name" not in result.stdout
    assert diagnostics(result) == []


def test_a_replace_target_elsewhere_in_the_repository_is_checked(tmp_path):
    """The project is the git work tree, so a sibling module is checked from a subfolder's run."""
    project = git_repository(tmp_path / "project")
    write(project, "lib/lib.go", "package lib\n")
    write(project, "app/go.mod", GOOD_GO_MOD + "\nreplace example.com/lib => ../lib\n")

    result = child(["--format", "json", "."], project / "app")

    [(path, _line, _column, code, message)] = diagnostics(result)
    assert (path, code) == ("go.mod", "GM002")
    assert "has no go.mod" in message


def test_git_runs_no_program_the_repository_configures(tmp_path):
    project = git_repository(tmp_path / "project")
    marker = tmp_path / "fsmonitor-ran"
    hook = tmp_path / "hook.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    subprocess.run(["git", "config", "core.fsmonitor", str(hook)], cwd=project, check=True)
    write(project, "go.mod", GOOD_GO_MOD)
    subprocess.run(["git", "add", "go.mod"], cwd=project, check=True, capture_output=True)
    marker.unlink(missing_ok=True)
    # The test can fail: git itself runs the hook for ls-files ...
    subprocess.run(["git", "ls-files", "--cached"], cwd=project, check=False, capture_output=True)
    assert marker.exists()
    marker.unlink()

    result = child(["--format", "json"], project)

    assert diagnostics(result) == []
    assert not marker.exists()  # ... remdev-lint's git does not


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_terminal_escapes_and_newlines_in_values_are_escaped(tmp_path, fmt):
    forged = "\x1b[2J\x1b[H\ngo.mod:1:1: GM001 forged\u202e"
    write(tmp_path, ".vscode/settings.json", json.dumps({"remote.autoForwardPorts": forged}))

    out = run_cli(["--format", fmt, "--select", "VS001"], tmp_path).out

    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[2J\\x1b[H" in out and "\\u202e" in out
    if fmt == "text":
        assert "\\x0ago.mod:1:1: GM001 forged" in out
        assert not any(line.startswith("go.mod:") for line in out.splitlines())
    else:
        assert "%0Ago.mod:1:1: GM001 forged" in out  # GitHub's own escaping of a line break


def test_a_path_with_control_characters_is_escaped(tmp_path):
    folder = "x\x1b[31m"
    write(tmp_path, f"{folder}/go.mod", "module x\n")

    out = run_cli([], tmp_path).out

    assert out.splitlines()[0].startswith("x\\x1b[31m/go.mod:1:1: GM003 ")


# --- input that used to end in a traceback --------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_a_lone_surrogate_in_a_value_is_printed_escaped(tmp_path, fmt):
    write(tmp_path, ".vscode/settings.json", '{"remote.autoForwardPorts": "\\ud800"}')

    result = child(["--format", fmt, "--select", "VS001"], tmp_path)

    assert result.returncode == 1, result.stderr
    assert b"\\ud800" in result.stdout
    assert result.stderr == b""
    if fmt in ("json", "sarif"):
        json.loads(result.stdout)


def test_a_lone_surrogate_with_output_writes_the_report_and_no_temporary_file(tmp_path):
    write(tmp_path, ".vscode/settings.json", '{"remote.autoForwardPorts": "\\ud800"}')

    result = run_cli(["--format", "json", "--output", "report.json", "--select", "VS001"], tmp_path)

    assert result.code == 1 and result.err == ""
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["diagnostics"][0]["rule"] == "VS001"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".vscode", "report.json"]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_a_folder_name_that_is_not_utf8(tmp_path, fmt):
    folder = os.fsencode(tmp_path) + b"/caf\xe9"
    os.makedirs(folder)
    with open(folder + b"/go.mod", "w", encoding="utf-8") as handle:
        handle.write("module x\n")
    write(tmp_path, ".gitignore", "*.tmp\n")

    result = child(["--format", fmt], tmp_path)

    assert result.returncode == 1, result.stderr
    assert result.stderr == b""
    if fmt == "sarif":
        uri = json.loads(result.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        assert uri["artifactLocation"]["uri"] == "caf%E9/go.mod"
    elif fmt == "json":
        assert json.loads(result.stdout)["diagnostics"][0]["path"] == "caf\udce9/go.mod"
    else:
        assert b"caf\\udce9/go.mod" in result.stdout


@pytest.mark.parametrize("name", ["", " ", ".", "/", "sub/"])
def test_output_that_names_no_file_is_a_usage_error(tmp_path, name):
    (tmp_path / "sub").mkdir()
    write(tmp_path, "go.mod", GOOD_GO_MOD)

    result = run_cli(["--output", name], tmp_path)

    assert result.code == 2
    assert result.err.startswith("remdev-lint: error: --output")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["go.mod", "sub"]


def test_nul_in_a_compose_path_is_a_missing_file_not_a_crash(tmp_path):
    write(tmp_path, ".devcontainer/devcontainer.json", '{"dockerComposeFile": "a\\u0000b.yml", "service": "dev"}')

    result = child(["--format", "json"], tmp_path)

    assert result.returncode in (0, 1) and b"Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"[tool]\nremdev-lint = 3\n", "tool.remdev-lint: expected a table, got 3"),
        (b'[tool.remdev-lint]\nselect = ["GM"]\n# caf\xe9\n', "is not UTF-8 text (byte 40)"),
        (b"[tool.remdev-lint]\nfail-on = " + b"9" * 5000 + b"\n", "invalid TOML: Exceeds the limit"),
    ],
)
def test_a_broken_pyproject_is_a_configuration_error(tmp_path, content, problem):
    (tmp_path / "pyproject.toml").write_bytes(content)
    write(tmp_path, "go.mod", GOOD_GO_MOD)

    result = run_cli(["--config", "pyproject.toml"], tmp_path)

    assert result.code == 2
    assert problem in result.err, result.err


@pytest.mark.parametrize("entry", [b"[]", b"{}", b'[{"code": 1}]', b"", b"not json"])
def test_a_damaged_cache_entry_is_validated_again_not_trusted(tmp_path, monkeypatch, entry):
    cache = tmp_path / "cache"
    monkeypatch.setenv("REMDEV_LINT_CACHE_DIR", str(cache))
    write(tmp_path, "go.mod", GOOD_GO_MOD.replace("go 1.24\n", ""))
    assert run_cli(["--format", "json"], tmp_path).code == 1  # fills the cache
    entries = list((cache / "rules").glob("*.json"))
    assert entries
    for path in entries:
        path.write_bytes(entry)

    result = run_cli(["--format", "json"], tmp_path)

    assert [d["rule"] for d in json.loads(result.out)["diagnostics"]] == ["GM003"]


def test_stdout_that_cannot_be_written_is_an_error_not_a_traceback(tmp_path):
    write(tmp_path, "go.mod", GOOD_GO_MOD)
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "remdev_lint"], cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, timeout=LIMIT
        )

    assert result.returncode == 2
    assert result.stderr.decode().startswith("remdev-lint: error: cannot write the report to standard output")
    assert b"Traceback" not in result.stderr


def test_a_closed_stdout_is_an_error_not_a_traceback(tmp_path):
    write(tmp_path, "go.mod", GOOD_GO_MOD)

    result = subprocess.run(
        ["sh", "-c", f'exec "{sys.executable}" -m remdev_lint >&-'], cwd=tmp_path, capture_output=True, timeout=LIMIT
    )

    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert b"standard output is closed" in result.stderr


def test_a_closed_stdin_with_stdin_filename_is_a_usage_error(tmp_path):
    result = subprocess.run(
        ["sh", "-c", f'exec "{sys.executable}" -m remdev_lint --stdin-filename go.mod <&-'],
        cwd=tmp_path,
        capture_output=True,
        timeout=LIMIT,
    )

    assert result.returncode == 2
    assert result.stderr == b"remdev-lint: error: --stdin-filename reads standard input, which is closed\n"


def test_a_broken_pipe_exits_quietly(tmp_path):
    for index in range(400):
        write(tmp_path, f"m{index}/go.mod", "module x\n")  # 400 findings, far more than one read

    result = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m remdev_lint --jobs 1 | head -1'],
        cwd=tmp_path,
        capture_output=True,
        timeout=LIMIT,
    )

    assert result.stdout.count(b"\n") == 1
    assert result.stderr == b""


@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_stdin_filename_is_a_usage_error(tmp_path, name):
    result = run_cli(["--stdin-filename", name], tmp_path, stdin=GOOD_GO_MOD)

    assert result.code == 2
    assert result.err == f"remdev-lint: error: --stdin-filename needs a file name, got {name!r}\n"


# --- silent passes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("ssh_config", "Host *\n    StrictHostKeyChecking no\nMatch host x\n    Include ssh_config\n", "SC009"),
        ("sshd_config", "PasswordAuthentication yes\nMatch User x\n    Include sshd_config\n", "SD006"),
    ],
)
def test_a_file_that_includes_itself_keeps_its_findings(tmp_path, name, text, code):
    write(tmp_path, name, text)

    result = child(["--format", "json", name], tmp_path)

    assert code in [d[3] for d in diagnostics(result)]
    assert result.returncode == 1


def test_two_files_that_include_each_other_are_judged_once_not_dropped(tmp_path):
    """Each is read into the other; judging both only through the other would drop them both."""
    write(tmp_path, "a.ssh_config", "Include b.ssh_config\nHost *\n    StrictHostKeyChecking no\n")
    write(tmp_path, "b.ssh_config", "Include a.ssh_config\nHost b\n    UserKnownHostsFile /dev/null\n")

    result = child(["--format", "json", "--select", "SC008", "a.ssh_config", "b.ssh_config"], tmp_path)

    [(path, line, column, code, message)] = diagnostics(result)
    assert (path, line, code) == ("a.ssh_config", 1, "SC008")
    assert message == "Too many recursive configuration includes: ssh refuses the file"


def test_output_keeps_the_files_permissions_and_writes_through_a_link(tmp_path):
    write(tmp_path, "go.mod", GOOD_GO_MOD)
    report = write(tmp_path, "reports/report.json", "old")
    report.chmod(0o600)
    (tmp_path / "latest.json").symlink_to(report)

    assert run_cli(["--format", "json", "--output", "latest.json"], tmp_path).code == 0

    assert (tmp_path / "latest.json").is_symlink()
    assert json.loads(report.read_text(encoding="utf-8")) == {"version": 1, "diagnostics": []}
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert sorted(p.name for p in report.parent.iterdir()) == ["report.json"]


def test_output_to_a_pipe_or_device_writes_to_it_and_never_replaces_it(tmp_path):
    # A rename onto /dev/null (as root) would put a regular file in its place: a FIFO stands for it.
    import threading

    write(tmp_path, "go.mod", GOOD_GO_MOD)
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()

    assert run_cli(["--format", "json", "--output", str(fifo)], tmp_path).code == 0
    reader.join(timeout=10)

    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0]) == {"version": 1, "diagnostics": []}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["go.mod", "report.pipe"]


def test_a_new_report_file_gets_the_usual_permissions(tmp_path):
    write(tmp_path, "go.mod", GOOD_GO_MOD)
    umask = os.umask(0o022)
    try:
        assert run_cli(["--output", "report.txt"], tmp_path).code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "report.txt").stat().st_mode) == 0o644


# --- what the linter's user cannot read -----------------------------------------------------------


def without_privileges(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run so that file permissions apply: as root (CI), without the capabilities that let root
    read anything (setpriv drops them from the bounding set, so the child cannot regain them);
    as another user, as that user."""
    if not ROOT:
        return child(args, cwd)
    import shutil

    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv (util-linux): cannot make permissions apply")
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", sys.executable, "-m", "remdev_lint"]
    return subprocess.run(prefix + args, cwd=cwd, capture_output=True, timeout=LIMIT, check=False)


def test_an_unreadable_folder_is_reported_not_passed(tmp_path):
    write(tmp_path, "ok/go.mod", GOOD_GO_MOD)
    write(tmp_path, "locked/go.mod", "module x\n")
    (tmp_path / "locked").chmod(0o000)

    for repository in (False, True):
        if repository:
            git_repository(tmp_path)
        result = without_privileges(["--format", "json"], tmp_path)

        assert [d[:4] for d in diagnostics(result)] == [("locked", 1, 1, "RL004")], repository
        assert diagnostics(result)[0][4] == (
            "not checked: this folder cannot be opened (Permission denied), so none of its files were read"
        )


def test_an_unreadable_compose_file_is_reported_not_passed(tmp_path):
    write(tmp_path, ".devcontainer/devcontainer.json", '{"dockerComposeFile": "compose.yml", "service": "dev"}')
    write(tmp_path, ".devcontainer/compose.yml", "services:\n  dev:\n    privileged: true\n")
    (tmp_path / ".devcontainer" / "compose.yml").chmod(0o000)

    result = without_privileges(["--format", "json", "--select", "RL001,DC004"], tmp_path)

    assert diagnostics(result) == [(".devcontainer/compose.yml", 1, 1, "RL001", "cannot read file: Permission denied")]


def test_a_named_file_in_an_unreadable_folder(tmp_path):
    write(tmp_path, "locked/go.mod", "module x\n")
    (tmp_path / "locked").chmod(0o000)

    result = without_privileges(["--format", "json", "locked/go.mod"], tmp_path)

    assert diagnostics(result) == [("locked/go.mod", 1, 1, "RL001", "cannot read file: Permission denied")]
    assert result.stderr == b""


# --- globs: the shortcut before RE2 is exact --------------------------------------------------------


@settings(max_examples=400, deadline=None, database=None)
@given(
    pattern=st.text(alphabet="ab/*?[]!-.", min_size=1, max_size=12),
    # A path as the engine gives one: relative to the root, `/` between non-empty names.
    path=st.lists(st.text(alphabet="ab]-.", min_size=1, max_size=4), min_size=1, max_size=4).map("/".join),
)
def test_a_globs_literal_runs_never_turn_down_a_path_its_expression_matches(pattern, path):
    """Paths are checked for the pattern's literal runs before any expression is compiled (so a
    run on one file does not import RE2); that check must agree with the expression."""
    from remdev_lint.globs import GlobError, compile_glob, glob_regex

    try:
        matcher = compile_glob(pattern)
        expected = glob_regex(pattern).fullmatch(path) is not None
    except GlobError:
        return
    assert matcher.fullmatch(path) == expected


def test_a_message_quotes_at_most_200_characters_of_a_value(tmp_path):
    write(tmp_path, ".vscode/settings.json", json.dumps({"go.toolsEnvVars": {"GOPROXY": "http://" + "x" * 100_000}}))

    [line, _summary] = run_cli(["--select", "VS003"], tmp_path).out.splitlines()

    quoted = line.split("`")[1]
    assert len(quoted) == len("GOPROXY=") + 200 and quoted.endswith("x…")


def test_a_rule_file_that_is_a_fifo_is_refused_not_waited_for(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')
    (tmp_path / "policy").mkdir()
    os.mkfifo(tmp_path / "policy" / "team.yaml")
    write(tmp_path, "go.mod", GOOD_GO_MOD)

    result = child([], tmp_path)

    assert result.returncode in (0, 2)  # skipped as not a file, or refused with a message
    assert b"Traceback" not in result.stderr


def test_an_include_that_names_a_fifo_is_reported_at_the_include(tmp_path):
    write(tmp_path, "ssh_config", "Include conf.d/*.conf\nHost *\n    StrictHostKeyChecking no\n")
    (tmp_path / "conf.d").mkdir()
    os.mkfifo(tmp_path / "conf.d" / "pipe.conf")

    result = child(["--format", "json", "--select", "RL004,SC009", "ssh_config"], tmp_path)

    assert diagnostics(result) == [
        (
            "ssh_config",
            1,
            9,
            "RL004",
            "not checked: `conf.d/pipe.conf`, named here, is a named pipe (FIFO), not a regular file",
        ),
        ("ssh_config", 3, 27, "SC009", diagnostics(result)[1][4]),
    ]


def test_a_generated_go_file_over_the_limit_is_skipped_quietly_a_hand_written_one_is_reported(tmp_path):
    body = '\nimport "net/http"\n\nvar table = []byte{' + "1," * (reading.MAX_GO_BYTES // 2) + "}\n"
    write(tmp_path, "gen.go", "// Code generated by tablegen. DO NOT EDIT.\n\npackage p\n" + body)
    write(tmp_path, "big.go", "package p\n" + body)

    result = child(["--format", "json", "gen.go", "big.go"], tmp_path)

    [(path, line, column, code, message)] = diagnostics(result)
    assert (path, code) == ("big.go", "RL004")
    assert message.endswith(f"over the {reading.MAX_GO_BYTES // (1024 * 1024)} MiB limit for Go source")


def test_the_any_depth_selector_walks_a_value_nested_deeper_than_python_recurses():
    """A Go literal may nest thousands deep (the Go format allows 4,096 levels)."""
    from remdev_lint.model import Node, Span
    from remdev_lint.selectors import selector

    span = Span(1, 1, 1, 2)
    node = Node({"x": Node(1, span)}, span)
    for _ in range(5000):
        node = Node({"a": node}, span)

    found = selector("**.x").select(node)

    assert [n.value for n in found] == [1]


def test_a_long_shell_script_is_judged(tmp_path):
    # Thousands of commands, one of which starts Delve wrongly: found, at its line.
    write(tmp_path, "scripts/big.sh", "exec server --flag ./app && echo hi\n" * 3_000 + "dlv exec --continue ./x\n")
    result = run_cli(["--select", "DL", "--format", "json", "scripts/big.sh"], tmp_path)
    assert result.code == 1, result
    assert '"line": 3001' in result.out
