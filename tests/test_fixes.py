"""--fix, --unsafe-fixes and --diff: each rule's fix applied to a real-world-shaped file (comments,
trailing commas, CRLF, unicode), compared byte for byte, re-parsed and re-linted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import oracle_unavailable, run_cli, shared_path, write

# --- each rule's fix, on the files people write ---------------------------------------------------

# (rule, file, text before, text after `--fix --unsafe-fixes --select RULE`)
FIXES = [
    pytest.param(
        "DL001",
        ".vscode/tasks.json",
        "{\r\n"
        "  // Débogueur distant 🐛\r\n"
        '  "version": "2.0.0",\r\n'
        '  "tasks": [\r\n'
        '    {"label": "dlv ✓", "type": "shell", "command": "dlv debug --headless --listen=:2345 --accept-multiclient ./cmd/app"},\r\n'
        '    {"label": "dap", "type": "shell", "command": "dlv", "args": ["dap", "-l", "0.0.0.0:40000"]},\r\n'
        "  ],\r\n"
        "}\r\n",
        "{\r\n"
        "  // Débogueur distant 🐛\r\n"
        '  "version": "2.0.0",\r\n'
        '  "tasks": [\r\n'
        '    {"label": "dlv ✓", "type": "shell", "command": "dlv debug --headless --listen=127.0.0.1:2345 --accept-multiclient ./cmd/app"},\r\n'
        '    {"label": "dap", "type": "shell", "command": "dlv", "args": ["dap", "-l", "127.0.0.1:40000"]},\r\n'
        "  ],\r\n"
        "}\r\n",
        id="DL001-tasks-crlf-unicode",
    ),
    pytest.param(
        "DL001",
        "docker-compose.debug.yml",
        "services:\n"
        "  api:  # the API under the debugger\n"
        '    command: ["dlv", "exec", "/app", "--headless", "--listen=:40000", "--accept-multiclient"]\n'
        "    ports:\n"
        "      - '40000:40000'   # Delve\n"
        '      - "8080:8080"\n',
        "services:\n"
        "  api:  # the API under the debugger\n"
        '    command: ["dlv", "exec", "/app", "--headless", "--listen=:40000", "--accept-multiclient"]\n'
        "    ports:\n"
        "      - '127.0.0.1:40000:40000'   # Delve\n"
        '      - "8080:8080"\n',
        id="DL001-compose-port-single-quoted",
    ),
    pytest.param(
        "DL002",
        "Dockerfile",
        "FROM golang:1.22\n"
        'ENTRYPOINT ["dlv", "exec", "--headless", "--continue", "--listen=:40000", "/app"]\n'
        "CMD dlv debug --headless \\\n"
        "    --continue --listen=127.0.0.1:2345 ./cmd/api\n",
        "FROM golang:1.22\n"
        'ENTRYPOINT ["dlv", "exec", "--headless", "--continue", "--accept-multiclient", "--listen=:40000", "/app"]\n'
        "CMD dlv debug --headless \\\n"
        "    --continue --accept-multiclient --listen=127.0.0.1:2345 ./cmd/api\n",
        id="DL002-dockerfile-exec-and-shell-forms",
    ),
    pytest.param(
        "DL002",
        ".vscode/tasks.json",
        '{"tasks": [{"label": "t", "command": "dlv test ./pkg --continue"}]}\n',
        '{"tasks": [{"label": "t", "command": "dlv test ./pkg --continue --headless --accept-multiclient"}]}\n',
        id="DL002-neither-flag",
    ),
    pytest.param(
        "DL003",
        ".vscode/tasks.json",
        "{\n"
        '  "tasks": [\n'
        "    {\n"
        '      "label": "dlv",\n'
        '      "command": "dlv",\n'
        '      "args": [\n'
        '        "exec",\n'
        '        "./bin/app",\n'
        '        "--headless",\n'
        '        "--api-version",\n'
        '        "1"\n'
        "      ]\n"
        "    },\n"
        '    {"label": "inline", "command": "dlv debug --headless --api-version=1 --accept-multiclient"}\n'
        "  ]\n"
        "}\n",
        "{\n"
        '  "tasks": [\n'
        "    {\n"
        '      "label": "dlv",\n'
        '      "command": "dlv",\n'
        '      "args": [\n'
        '        "exec",\n'
        '        "./bin/app",\n'
        '        "--headless"\n'
        "      ]\n"
        "    },\n"
        '    {"label": "inline", "command": "dlv debug --headless --accept-multiclient"}\n'
        "  ]\n"
        "}\n",
        id="DL003-flag-and-its-value-word",
    ),
    pytest.param(
        "DL004",
        "Makefile",
        "debug:\n\tdlv dap --headless --listen=127.0.0.1:2345 --continue  # for VS Code\n",
        "debug:\n\tdlv dap --listen=127.0.0.1:2345  # for VS Code\n",
        id="DL004-makefile",
    ),
    pytest.param(
        "DL005",
        "compose.yaml",
        "services:\n  app:\n    command:\n      - dlv\n      - debug\n      - --headless\n      - --listen=:40000\n",
        "services:\n"
        "  app:\n"
        "    command:\n"
        "      - dlv\n"
        "      - debug\n"
        "      - --headless\n"
        "      - --accept-multiclient\n"
        "      - --listen=:40000\n",
        id="DL005-compose-block-list",
    ),
    pytest.param(
        "VL002",
        ".vscode/launch.json",
        "{\n"
        "  // Attach to the container\n"
        '  "configurations": [\n'
        "    {\n"
        '      "name": "Attach",\n'
        '      "type": "go",\n'
        '      "request": "attach",\n'
        '      "mode": "remote",\n'
        '      "remotePath": "/go/src/app", // where the sources are\n'
        '      "port": 2345,\n'
        "    },\n"
        "  ],\n"
        "}\n",
        "{\n"
        "  // Attach to the container\n"
        '  "configurations": [\n'
        "    {\n"
        '      "name": "Attach",\n'
        '      "type": "go",\n'
        '      "request": "attach",\n'
        '      "mode": "remote",\n'
        '      "substitutePath": [{"from": "${workspaceFolder}", "to": "/go/src/app"}], // where the sources are\n'
        '      "port": 2345,\n'
        "    },\n"
        "  ],\n"
        "}\n",
        id="VL002-rename-and-map",
    ),
    pytest.param(
        "VL003",
        ".vscode/launch.json",
        "{\n"
        '  "configurations": [\n'
        "    {\n"
        '      "name": "Attach",\n'
        '      "type": "go",\n'
        '      "request": "attach",\n'
        '      "useApiV1": false,\n'
        '      "apiVersion": 1\n'
        "    },\n"
        '    {"name": "Two", "type": "go", "request": "attach", "apiVersion": 1, "port": 2345}\n'
        "  ]\n"
        "}\n",
        "{\n"
        '  "configurations": [\n'
        "    {\n"
        '      "name": "Attach",\n'
        '      "type": "go",\n'
        '      "request": "attach",\n'
        '      "useApiV1": false\n'
        "    },\n"
        '    {"name": "Two", "type": "go", "request": "attach", "port": 2345}\n'
        "  ]\n"
        "}\n",
        id="VL003-last-member-and-middle-member",
    ),
    pytest.param(
        "VL006",
        ".vscode/launch.json",
        '{"configurations": [{"name": "Run", "type": "go", "request": "launch", "programm": "."}]}\n',
        '{"configurations": [{"name": "Run", "type": "go", "request": "launch", "program": "."}]}\n',
        id="VL006-did-you-mean",
    ),
    pytest.param(
        "VS001",
        ".vscode/settings.json",
        '{\n  "editor.formatOnSave": true,\n  "[go]": {"editor.defaultFormatter": "golang.go"}, // Go\n}\n',
        "{\n"
        '  "editor.formatOnSave": true,\n'
        '  "[go]": {"editor.defaultFormatter": "golang.go"}, // Go\n'
        '  "remote.autoForwardPorts": false,\n'
        "}\n",
        id="VS001-insert-after-trailing-comma-and-comment",
    ),
    pytest.param(
        "VS001",
        ".vscode/settings.json",
        '{\n  "go.useLanguageServer": true,\n  "remote.autoForwardPorts": "true"\n}\n',
        '{\n  "go.useLanguageServer": true,\n  "remote.autoForwardPorts": false\n}\n',
        id="VS001-string-to-false",
    ),
    pytest.param(
        "VS003",
        ".vscode/settings.json",
        '{"go.toolsEnvVars": {"GOPROXY": "http://goproxy.corp:8080,direct", "GOINSECURE": "goproxy.corp"}}\n',
        '{"go.toolsEnvVars": {"GOPROXY": "https://goproxy.corp:8080,direct"}}\n',
        id="VS003-https-and-goinsecure",
    ),
    pytest.param(
        "VS004",
        ".vscode/settings.json",
        '{\n  "go.toolsEnvVars": {\n    "GOSUMDB": "off",\n    "GOPRIVATE": "github.com/acme"\n  }\n}\n',
        '{\n  "go.toolsEnvVars": {\n    "GOPRIVATE": "github.com/acme"\n  }\n}\n',
        id="VS004-gosumdb-off",
    ),
    pytest.param(
        "GM003",
        "go.mod",
        "module example.com/app // the app\n\ngo 1.16 // old\n\nrequire example.com/lib v1.0.0\n",
        "module example.com/app // the app\n\ngo 1.21 // old\n\nrequire example.com/lib v1.0.0\n",
        id="GM003-raise",
    ),
    pytest.param(
        "SC007",
        ".ssh/config",
        "Host *\r\n\tServerAliveInterval 30\r\n\tServerAliveCountMax 0\r\n",
        "Host *\r\n\tServerAliveInterval 30\r\n\tServerAliveCountMax 3\r\n",
        id="SC007-tabs-crlf",
    ),
    pytest.param(
        "SC009",
        ".ssh/config",
        "Host vm-*\n  StrictHostKeyChecking=no\n  User dev\n",
        "Host vm-*\n  StrictHostKeyChecking=accept-new\n  User dev\n",
        id="SC009-equals-sign",
    ),
    pytest.param(
        "SC011",
        ".ssh/config",
        "# hosts\nHost web1,web2, db  # the fleet\n  User deploy\n",
        "# hosts\nHost web1 web2 db  # the fleet\n  User deploy\n",
        id="SC011-commas",
    ),
    pytest.param(
        "SD002",
        "etc/ssh/sshd_config",
        "Port 22\nMaxStartups 10:30\n",
        "Port 22\nMaxStartups 10:30:100\n",
        id="SD002-defaults",
    ),
    pytest.param(
        "DC003",
        ".devcontainer/devcontainer.json",
        '{\n  "image": "golang:1.22",\n  "hostRequirements": {"memory": "8GB", "storage": "32 G"}\n}\n',
        '{\n  "image": "golang:1.22",\n  "hostRequirements": {"memory": "8gb", "storage": "32gb"}\n}\n',
        id="DC003-units",
    ),
]


@pytest.mark.parametrize(("code", "relpath", "before", "after"), FIXES)
def test_each_fix_writes_exactly_the_change(tmp_path, code, relpath, before, after):
    path = write(tmp_path, relpath, "")
    path.write_bytes(before.encode("utf-8"))

    result = run_cli(["--fix", "--unsafe-fixes", "--select", code, relpath], tmp_path)

    assert path.read_bytes() == after.encode("utf-8"), result
    assert result.code in (0, 1) and result.err.startswith("Fixed "), result
    # What is left is linted afresh: the file still parses, and this rule has no finding left.
    again = run_cli(["--format", "json", relpath], tmp_path)
    left = json.loads(again.out)["diagnostics"]
    assert not [d for d in left if d["rule"] in (code, "RL001")], left


def test_fix_applies_only_the_safe_fixes_and_reports_what_is_left(tmp_path):
    text = '{\n  "tasks": [\n    {"label": "dlv", "command": "dlv debug --headless --listen=:2345 ./cmd/app"}\n  ]\n}\n'
    path = write(tmp_path, ".vscode/tasks.json", text)

    result = run_cli(["--fix", "."], tmp_path)

    # DL005's fix (--accept-multiclient) is safe; DL001's (127.0.0.1) is not.
    assert path.read_text() == text.replace("--headless ", "--headless --accept-multiclient ")
    assert result.err == "Fixed 1 problem in 1 file.\n"
    assert result.code == 1
    lines = result.out.splitlines()
    assert [line.split()[1] for line in lines[:-1]] == ["DL001"], result
    assert lines[-1].endswith("1 fixable with --fix --unsafe-fixes."), result


def test_diff_writes_nothing_and_exits_1_when_there_is_a_fix(tmp_path):
    text = '{"go.useLanguageServer": true, "remote.autoForwardPorts": true}\n'
    path = write(tmp_path, ".vscode/settings.json", text)
    before = path.stat()

    result = run_cli(["--diff", "--unsafe-fixes", "."], tmp_path)
    safe_only = run_cli(["--diff", "."], tmp_path)

    assert path.read_text() == text and path.stat().st_mtime_ns == before.st_mtime_ns
    assert result.code == 1
    assert result.out == (
        "--- a/.vscode/settings.json\n"
        "+++ b/.vscode/settings.json\n"
        "@@ -1 +1 @@\n"
        '-{"go.useLanguageServer": true, "remote.autoForwardPorts": true}\n'
        '+{"go.useLanguageServer": true, "remote.autoForwardPorts": false}\n'
    )
    assert result.err == "Would fix 1 problem in 1 file.\n"
    # VS001's fix is unsafe: without --unsafe-fixes there is nothing to do, and it says so.
    assert (safe_only.code, safe_only.out) == (0, "")
    assert safe_only.err == "Would fix 0 problems in 0 files (1 more fix with --unsafe-fixes).\n"


def test_fix_keeps_a_byte_order_mark_and_a_last_line_without_a_break(tmp_path):
    path = tmp_path / "go.mod"
    path.write_bytes(b"\xef\xbb\xbfmodule example.com/app\n\ngo 1.19")

    result = run_cli(["--fix", "--unsafe-fixes", "go.mod"], tmp_path)

    assert path.read_bytes() == b"\xef\xbb\xbfmodule example.com/app\n\ngo 1.21", result


def test_missing_go_directive_is_added_as_go_mod_edit_adds_it(tmp_path):
    text = "module example.com/app\n\nrequire example.com/lib v1.0.0\n"
    write(tmp_path, "ours/go.mod", text)
    write(tmp_path, "theirs/go.mod", text)
    go = shutil.which("go")
    if go is None:
        oracle_unavailable("the Go toolchain (go) is not installed")

    run_cli(["--fix", "--unsafe-fixes", "ours/go.mod"], tmp_path)
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    subprocess.run([go, "mod", "edit", "-go=1.21"], cwd=tmp_path / "theirs", check=True, env=env)

    assert (tmp_path / "ours/go.mod").read_text() == (tmp_path / "theirs/go.mod").read_text()


def _go_line_rule(fix: str) -> str:
    """A team's rule: the go line must say 1.23, with ``fix``."""
    return f"""\
rules:
  - code: TM001
    name: team-go-version
    severity: error
    summary: The go line must say 1.23.
    explanation: "## What it does\\nx\\n\\n## Why is this bad?\\nx\\n\\n## What to do instead\\nx\\n"
    files: [{{glob: go.mod, format: gomod}}]
    check:
      select: $
      report-if: {{path: Go, not-equals: "1.23"}}
      at: Go
      message: write `go 1.23`
      fix: {fix}
    examples:
      bad: [{{file: go.mod, text: "module m\\n\\ngo 1.22\\n", expect: "3:4"}}]
      good: [{{file: go.mod, text: "module m\\n\\ngo 1.23\\n"}}]
"""


def test_a_team_rule_can_have_a_fix(tmp_path):
    write(tmp_path, "policy/team.yaml", _go_line_rule('{replace: "1.23"}'))
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\nselect = ["TM001"]\n')
    path = write(tmp_path, "go.mod", "module example.com/app\n\ngo 1.22 // was\n")

    result = run_cli(["--fix", "."], tmp_path)

    assert path.read_text() == "module example.com/app\n\ngo 1.23 // was\n", result
    assert result.code == 0 and result.err == "Fixed 1 problem in 1 file.\n"


def test_a_fix_that_would_break_the_file_is_not_made(tmp_path):
    # A team's fix that writes what go.mod does not accept: the file stays as it was, and the
    # finding is reported.
    write(tmp_path, "policy/team.yaml", _go_line_rule("{replace: '\"1.23'}"))
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\nselect = ["TM001"]\n')
    path = write(tmp_path, "go.mod", "module example.com/app\n\ngo 1.22\n")

    result = run_cli(["--fix", "."], tmp_path)

    assert path.read_text() == "module example.com/app\n\ngo 1.22\n"
    assert result.code == 1 and "TM001" in result.out, result
    assert result.err == "Fixed 0 problems in 0 files.\n"


def test_fix_of_standard_input_prints_the_fixed_text(tmp_path):
    text = '{"tasks": [{"label": "a", "command": "dlv debug --headless ./cmd"}]}\n'

    result = run_cli(["--fix", "--stdin-filename", ".vscode/tasks.json"], tmp_path, stdin=text)

    assert result.out == text.replace("--headless", "--headless --accept-multiclient")
    assert not (tmp_path / ".vscode").exists()


def test_fix_leaves_the_findings_a_baseline_holds(tmp_path):
    old = '{"tasks": [\n  {"label": "a", "command": "dlv debug --headless ./cmd"}\n]}\n'
    path = write(tmp_path, ".vscode/tasks.json", old)
    run_cli(["--write-baseline", "baseline.json", "."], tmp_path)
    new = old.replace("[\n", '[\n  {"label": "b", "command": "dlv exec --headless ./app"},\n')
    path.write_text(new)

    result = run_cli(["--fix", "--baseline", "baseline.json", "."], tmp_path)

    assert path.read_text() == new.replace("exec --headless", "exec --headless --accept-multiclient"), result
    assert result.code == 0


def test_a_rule_without_a_fix_says_so(tmp_path):
    text = 'package main\n\nimport "net/http"\n\nfunc main() { http.Get("http://example.com") }\n'
    path = write(tmp_path, "main.go", text)

    explained = run_cli(["--explain", "GH002"], tmp_path)
    result = run_cli(["--fix", "."], tmp_path)

    assert "## Fix\n\nNone: what to write depends on the code around each finding" in explained.out
    assert path.read_text() == text and "GH002" in result.out


def test_explain_shows_each_fix_and_its_safety(tmp_path):
    explained = run_cli(["--explain", "DL005"], tmp_path).out
    unsafe = run_cli(["--explain", "SC009"], tmp_path).out

    assert "- Add `--accept-multiclient` (safe)" in explained
    assert "- Write `accept-new` (unsafe: a host whose key changed is then refused" in unsafe


def test_fix_and_add_suppressions_do_not_go_together(tmp_path):
    result = run_cli(["--fix", "--add-suppressions", "."], tmp_path)

    assert result.code == 2 and "--fix and --diff change files one way" in result.err


# --- the corpus: every fix made, nothing broken ---------------------------------------------------


def test_corpus_fixed_with_unsafe_fixes_still_parses_and_gains_no_finding(tmp_path):
    corpus = shared_path("corpus")
    copy = tmp_path / "corpus"
    shutil.copytree(corpus, copy, symlinks=True)
    for path in copy.rglob("*"):  # a clone's files are writable; the shared folder's may not be
        path.chmod(path.stat().st_mode | 0o200)
    before = {(d["path"], d["rule"], d["message"]) for d in _diagnostics(copy)}

    result = run_cli(["--fix", "--unsafe-fixes", "--exit-zero", "."], copy)

    after = _diagnostics(copy)
    assert result.code == 0, result
    assert result.err.startswith("Fixed ") and not result.err.startswith("Fixed 0 "), result
    assert not [d for d in after if d["rule"] == "RL001" and (d["path"], d["rule"], d["message"]) not in before]
    new = [d for d in after if (d["path"], d["rule"], d["message"]) not in before]
    assert new == [], new


def _diagnostics(cwd: Path) -> list[dict]:
    result = run_cli(["--format", "json", "--exit-zero", "."], cwd)
    assert result.code == 0, result
    return json.loads(result.out)["diagnostics"]


@pytest.mark.parametrize("named", [".", ".ssh/config.d/work.conf"])
def test_a_fix_in_an_included_file_is_checked_through_the_file_that_includes_it(tmp_path, named):
    # The drop-in's findings come from the configuration that Includes it: its fix is made, and
    # checked, there (the whole tree, or the drop-in staged alone).
    write(tmp_path, ".ssh/config", "Include config.d/*\n\nHost *\n  ServerAliveInterval 30\n")
    fragment = write(tmp_path, ".ssh/config.d/work.conf", "Host vm-*\n  ServerAliveCountMax 0 # oops\n")

    result = run_cli(["--fix", "--select", "SC007", named], tmp_path)

    assert fragment.read_text() == "Host vm-*\n  ServerAliveCountMax 3 # oops\n", result
    assert (result.code, result.err) == (0, "Fixed 1 problem in 1 file.\n")


def test_a_file_outside_the_project_is_not_written(tmp_path):
    outside = write(
        tmp_path, "outside/tasks.json", '{"tasks": [{"label": "a", "command": "dlv debug --headless ."}]}\n'
    )
    project = tmp_path / "project"
    (project / ".vscode").mkdir(parents=True)
    (project / ".vscode" / "tasks.json").symlink_to(outside)
    write(project, "go.mod", "module example.com/app\n\ngo 1.22\n")

    result = run_cli(["--fix", "."], project)

    assert outside.read_text() == '{"tasks": [{"label": "a", "command": "dlv debug --headless ."}]}\n'
    assert "RL004" in result.out, result


def test_the_diff_applies_with_git_apply_to_what_fix_writes(tmp_path):
    # A long compose file whose lines recur (`volumes:`): the diff names only the lines that change.
    services = "".join(
        f"  s{n}:\n    command: dlv dap --listen=:{4000 + n}\n    ports:\n      - {4000 + n}:{4000 + n}\n"
        "    volumes:\n      - ./config:/config\n"
        for n in range(60)
    )
    text = "services:\n" + services
    fixed, applied = (
        write(tmp_path, "fixed/docker-compose.yml", text),
        write(tmp_path, "applied/docker-compose.yml", text),
    )
    git = shutil.which("git")
    if git is None:
        oracle_unavailable("git is not installed")

    diff = run_cli(["--diff", "--unsafe-fixes", "docker-compose.yml"], tmp_path / "applied").out
    run_cli(["--fix", "--unsafe-fixes", "docker-compose.yml"], tmp_path / "fixed")
    subprocess.run([git, "apply", "-"], input=diff, text=True, cwd=tmp_path / "applied", check=True)

    assert applied.read_text() == fixed.read_text() != text
    assert diff.count("\n-") == diff.count("\n+") - 1 == 60  # one line each, and the +++ header


# --- what a fix must not do (found by review) -----------------------------------------------------

# (file, text, options, the text once fixed: the same text when no fix may be made there)
EDGES = [
    pytest.param(
        ".vscode/tasks.json",
        '{"tasks": [{"label": "dlv", "type": "shell", "command": "sh -c \\"cd /src && dlv debug --headless'
        ' --accept-multiclient --api-version 1 ./x\\""}]}\n',
        [],
        None,  # a word of a string with escapes: no fix (the whole command was deleted)
        id="escaped-command-string",
    ),
    pytest.param(
        ".vscode/tasks.json",
        '{"tasks": [{"label": "d", "command": "dlv", "args": ["debug", "--listen=\\u003a2345", "--headless"]}]}\n',
        ["--unsafe-fixes"],
        # The item holds `--listen=` too: rewriting it whole would lose the flag (DL005's fix is made).
        '{"tasks": [{"label": "d", "command": "dlv", "args": ["debug", "--listen=\\u003a2345", "--headless",'
        ' "--accept-multiclient"]}]}\n',
        id="escaped-array-item",
    ),
    pytest.param(
        "Dockerfile",
        "FROM golang:1.22\nRUN dlv exec /app --headless --accept-multiclient \\\n    --api-version 1\nRUN go build ./...\n",
        [],
        "FROM golang:1.22\nRUN dlv exec /app --headless --accept-multiclient\nRUN go build ./...\n",
        id="dockerfile-last-continued-line",
    ),
    pytest.param(
        "Dockerfile",
        'FROM golang:1.22\nCMD ["dlv", "exec", "/app", "--headless", "--accept-multiclient", "--api-version", "1"]\n',
        [],
        'FROM golang:1.22\nCMD ["dlv", "exec", "/app", "--headless", "--accept-multiclient"]\n',
        id="exec-form-last-two-items",
    ),
    pytest.param(
        "compose.yaml",
        "services:\n  a:\n    command:\n      - dlv\n      - exec\n      - /app\n      - --headless\n"
        "      - --accept-multiclient\n      - --api-version=1   # old API\n",
        [],
        "services:\n  a:\n    command:\n      - dlv\n      - exec\n      - /app\n      - --headless\n"
        "      - --accept-multiclient\n",
        id="block-item-with-comment",
    ),
    pytest.param(
        "compose.yaml",
        "services:\n  a:\n    command: [dlv, debug,\n      --headless, --listen=127.0.0.1:2345]\n",
        [],
        "services:\n  a:\n    command: [dlv, debug,\n      --headless, --accept-multiclient, --listen=127.0.0.1:2345]\n",
        id="flow-sequence-over-lines",
    ),
    pytest.param(
        ".vscode/tasks.json",
        '{"tasks": [{"label": "d", "command": "dlv", "args": ["debug", {"value": "--headless", "quoting": "strong"},'
        ' "--api-version", {"value": "1", "quoting": "escape"}, "./x"]}]}\n',
        [],
        '{"tasks": [{"label": "d", "command": "dlv", "args": ["debug", {"value": "--headless", "quoting": "strong"},'
        ' "--accept-multiclient", "./x"]}]}\n',
        id="args-in-vs-codes-quoted-form",
    ),
    pytest.param(
        ".vscode/launch.json",
        '{"configurations": [{"name": "R", "type": "go", "request": "launch", "program": ".", "programm": "x"}]}\n',
        ["--unsafe-fixes", "--select", "VL"],
        None,  # `program` is there already: a second one would override it
        id="rename-onto-an-existing-key",
    ),
    pytest.param(
        ".vscode/tasks.json",
        '{"tasks": [{"label": "d", "type": "shell", "command": "dlv debug --continue --listen=:2345 ./x"}]}\n',
        ["--unsafe-fixes", "--select", "DL002"],
        None,  # --headless would make it listen on every interface: DL001, though not selected
        id="a-rule-left-out-still-checks",
    ),
    pytest.param(
        ".ssh/config",
        'Host "q 1",q2\n  User x\n',
        [],
        None,  # a quoted pattern with a space: spaces for commas would change the patterns
        id="ssh-host-with-quotes",
    ),
    pytest.param(
        "go.work",
        "use ./a\n",
        ["--unsafe-fixes"],
        "go 1.21\n\nuse ./a\n",
        id="go-work-without-go-line",
    ),
    pytest.param(
        "compose.yaml",
        'services:\n  a:\n    command: dlv dap --listen=:40000\n    ports:\n      - 40000\n      - &p "40001:40000"\n',
        ["--unsafe-fixes"],
        "services:\n  a:\n    command: dlv dap --listen=:40000\n    ports:\n      - 127.0.0.1::40000\n"
        '      - &p "40001:40000"\n',  # Docker's pick of host port kept; an anchored entry left
        id="compose-ports",
    ),
]


@pytest.mark.parametrize(("relpath", "text", "options", "fixed"), EDGES)
def test_a_fix_is_right_or_not_made(tmp_path, relpath, text, options, fixed):
    path = write(tmp_path, relpath, text)

    result = run_cli(["--fix", *options, relpath], tmp_path)

    assert path.read_text() == (text if fixed is None else fixed), result
    assert "Traceback" not in result.err


def test_a_fix_that_brings_a_finding_to_the_file_reading_it_is_not_made(tmp_path):
    # --headless for DL002 would make the task serve on :2345, so the launch.json beside it,
    # attaching to 127.0.0.1:2345, would be wrong about nothing; but a task on 40000 would be.
    tasks = write(
        tmp_path,
        ".vscode/tasks.json",
        '{"tasks": [{"label": "dlv", "command": "dlv debug --continue --listen=127.0.0.1:40000 ./x"}]}\n',
    )
    write(
        tmp_path,
        ".vscode/launch.json",
        '{"configurations": [{"name": "A", "type": "go", "request": "attach", "mode": "remote", "debugAdapter": "dlv-dap",'
        ' "preLaunchTask": "dlv", "host": "127.0.0.1", "port": 2345, "substitutePath": []}]}\n',
    )
    before = tasks.read_text()

    result = run_cli(["--fix", "--unsafe-fixes", "--select", "DL002", ".vscode/tasks.json"], tmp_path)

    # --accept-multiclient alone would not do (DL002 asks for both): nothing is made.
    assert tasks.read_text() == before, result


def test_a_refused_fix_does_not_slow_the_others_to_one_a_round(tmp_path):
    good = [
        f'{{"label": "t{n}", "command": "dlv debug --headless --accept-multiclient --api-version 1 ./x"}}'
        for n in range(120)
    ]
    bad = '{"label": "bad", "command": "dlv debug --continue --listen=:2345 ./x"}'
    path = write(tmp_path, ".vscode/tasks.json", '{"tasks": [\n  ' + ",\n  ".join([*good, bad]) + "\n]}\n")

    result = run_cli(["--fix", "--unsafe-fixes", ".vscode/tasks.json"], tmp_path)

    assert path.read_text().count("--api-version") == 0, result
    assert result.err.startswith("Fixed 120 problems"), result


def test_fix_of_standard_input_keeps_its_bytes_and_says_what_is_left(tmp_path):
    import io
    import sys as _sys

    from remdev_lint.cli import main

    def fix(data: bytes) -> tuple[int, bytes]:
        old = _sys.stdin, _sys.stdout
        _sys.stdin = io.TextIOWrapper(io.BytesIO(data))
        _sys.stdout = io.TextIOWrapper(io.BytesIO())
        cwd = os.getcwd()
        os.chdir(tmp_path)
        try:
            code = main(["--fix", "--stdin-filename", "Dockerfile"])
            _sys.stdout.flush()
            return code, _sys.stdout.buffer.getvalue()  # type: ignore[attr-defined]
        finally:
            os.chdir(cwd)
            _sys.stdin, _sys.stdout = old

    bom = fix(b"\xef\xbb\xbfFROM golang\n")
    not_utf8 = fix(b"FROM golang\xff\n")
    left = fix(b'FROM golang\nCMD ["dlv", "debug", "--continue", "--headless", "--listen=:1"]\n')

    assert bom == (0, b"\xef\xbb\xbfFROM golang\n")
    assert not_utf8[1] == b"FROM golang\xff\n" and not_utf8[0] == 1  # RL001: not UTF-8
    assert left == (
        0,
        b'FROM golang\nCMD ["dlv", "debug", "--continue", "--accept-multiclient", "--headless", "--listen=:1"]\n',
    )


def test_diff_with_exit_zero_exits_0(tmp_path):
    write(tmp_path, ".vscode/tasks.json", '{"tasks": [{"label": "a", "command": "dlv debug --headless ."}]}\n')

    assert run_cli(["--diff", "--exit-zero", "."], tmp_path).code == 0
