"""The Delve command-line rules DL001-DL005 (rules/delve.yaml), end to end: a .vscode/tasks.json
or *.code-workspace written into a temporary folder, the real CLI run over it with
``--select DL``, and the exact place and text of what it reports.

Covered: which command lines are Delve servers (``--headless`` with attach, core, debug, exec,
replay or test; ``dlv dap``; not ``connect``, ``trace``, a bare ``dlv`` or a program that merely
mentions dlv), every spelling of a flag the rules read (``--flag=value``, ``--flag value``,
``-l``, ``-l=``, ``--flag=true|false``, flags after positional arguments, ``--``), the string,
array, ``{"value": ...}`` and string-``args`` forms of a task, ``&&`` chains, the
``windows``/``linux``/``osx`` overrides, workspace files, suppressions, and the real-world
corpus. The primitive's own splitting is tested in test_commandline.py.

Review of the corpus findings (../shared/corpus/tasks: 6 tasks.json files from public
repositories, linted as .vscode/tasks.json; every file read by hand; counts in PINNED_TASKS):

- microsoft/go-sqlcmd, task "delve": `dlv debug --headless --listen=:23456 --api-version=2
  "${workspaceFolder}"`.
  - DL001, true positive: `:23456` has no host, so the debug server listens on every interface
    of the developer's machine; the repository's launch.json attaches to it with
    `"remotePath": "${workspaceFolder}"`, i.e. from the same machine, so loopback would do. The
    command string holds escaped quotes (`\\"${workspaceFolder}\\"`), so the finding points at
    the whole string (9:24), not at `:23456`: the primitive knows word columns only in strings
    without escapes.
  - DL005, true positive: no `--accept-multiclient`, so each debug session ends the server and
    the task has to be started again before the next one. `--api-version=2` is not reported.
- hieutdo/policyfs (`make dev-dlv`, `make dev-dlv-test`, ...), samkam/go-debugging-example
  (`make docker_debug`) and hashicorp/terraform (`scripts/terraform-rpcapi-debug-attach.sh`)
  start Delve through make or a script, whose command lines the rules cannot see: no findings,
  by design (false negatives if those scripts listen on all interfaces, as samkam's problem
  matcher "API server listening at" suggests). terraform's second task
  `docker exec ... pkill -f 'listen=:2346'` mentions a listen address but runs pkill, not dlv:
  correctly not reported.
- ashishmaurya/golang-vscode-sample-debug (`go build ... && cp .env* bin/`) and go-delve/delve
  (`go build ...`, `make build`) run no dlv: nothing reported.
- RL001: none; every file parses as JSONC (comments, trailing commas).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import covered, json_diagnostics, run_cli, shared_path, write

TASKS = ".vscode/tasks.json"


def diagnostics(cwd: Path, *args: str, select: str = "DL") -> list[dict]:
    return json_diagnostics(cwd, *args, select=select)


def lint(tmp_path: Path, text: str, name: str = TASKS, select: str = "DL") -> list[dict]:
    write(tmp_path, name, text)
    return diagnostics(tmp_path, name, select=select)


def text_at(text: str, diagnostic: dict) -> str:
    """The source text a diagnostic's span covers."""
    span = SimpleNamespace(
        line=diagnostic["line"],
        column=diagnostic["column"],
        end_line=diagnostic["end_line"],
        end_column=diagnostic["end_column"],
    )
    return covered(text, span)


def tasks_json(*tasks: dict) -> str:
    """A tasks.json with one task per line: task i (from 1) is on line 3 + i."""
    lines = ",\n".join("    " + json.dumps(t) for t in tasks)
    return '{\n  "version": "2.0.0",\n  "tasks": [\n' + lines + "\n  ]\n}\n"


def shell(command: object, **attributes: object) -> dict:
    return {"label": "t", "type": "shell", "command": command, **attributes}


def found_in(tmp_path: Path, command: str) -> list[tuple[str, str]]:
    """(rule, reported text) of a one-task tasks.json whose command is ``command``, by rule."""
    text = tasks_json(shell(command))
    return sorted((d["rule"], text_at(text, d)) for d in lint(tmp_path, text))


SAFE = "--listen=127.0.0.1:2345 --accept-multiclient"  # what a good headless server adds


# --- which command lines are Delve servers -------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "go run ./cmd/dlv-helper --headless --listen=:2345 --continue --api-version=1",
        "echo dlv debug --headless --listen=:2345 --api-version=1",
        "dlv-dap --listen=:2345 --headless",
        "grep -r 'dlv dap --listen=:2345 --headless' .",
        "make dlv ARGS='--headless --listen=:2345'",
        "# dlv debug --headless --listen=:2345\nmake debug",
        "dlv connect :2345 --headless --api-version=1",
        "dlv trace --headless --listen=:2345 --continue main.main",
        "dlv --headless --listen=:2345",  # no subcommand: dlv prints its help
        "dlv version",
    ],
)
def test_command_lines_that_start_no_delve_server(tmp_path, command):
    assert found_in(tmp_path, command) == []


@pytest.mark.parametrize(
    "subcommand", ["attach 4242", "core ./app ./core", "debug", "exec ./bin/app", "replay ./trace", "test ./pkg"]
)
def test_every_server_subcommand_is_judged(tmp_path, subcommand):
    assert [rule for rule, _ in found_in(tmp_path, f"dlv {subcommand} --headless --listen=:2345")] == ["DL001", "DL005"]


@pytest.mark.parametrize(
    "command",
    [
        "sudo dlv debug --headless --listen=:2345",
        "env GOFLAGS=-mod=mod /go/bin/dlv debug --headless --listen=:2345",
        "CGO_ENABLED=0 ~/go/bin/dlv debug --headless --listen=:2345",
        "cd app && go build -o bin/app . && exec ./tools/dlv exec ./bin/app --headless --listen=:2345",
        "go build ./... ; dlv debug --headless --listen=:2345 | tee dlv.log",
    ],
)
def test_wrappers_paths_and_chains(tmp_path, command):
    assert found_in(tmp_path, command) == [("DL001", ":2345"), ("DL005", "--headless")]


@pytest.mark.parametrize(
    "command",
    [
        "go tool dlv debug --headless --listen=:2345",  # Go 1.24's tool directive
        "go run github.com/go-delve/delve/cmd/dlv@v1.23.0 debug --headless --listen=:2345",
        "go run -mod=mod github.com/go-delve/delve/cmd/dlv debug --headless --listen=:2345",
        "docker exec -it -e GOFLAGS=-mod=mod -w /src api dlv debug --headless --listen=:2345",
        "kubectl exec -n dev api-0 -c app -- dlv debug --headless --listen=:2345",
        "bash -lc 'dlv debug --headless --listen=:2345'",
        "sudo -E sh -e -c 'cd /src && exec dlv debug --headless --listen=:2345'",
    ],
)
def test_launchers_that_start_delve(tmp_path, command):
    assert found_in(tmp_path, command) == [("DL001", ":2345"), ("DL005", "--headless")]


@pytest.mark.parametrize(
    "command",
    [
        "go run ./cmd/dlvproxy debug --headless --listen=:2345",  # another program
        "kubectl exec api-0 dlv debug --headless --listen=:2345",  # no `--`: kubectl runs nothing
        "sh -c",
        "go tool pprof -http=:2345 cpu.out",
    ],
)
def test_launchers_of_other_programs_are_not_delve(tmp_path, command):
    assert found_in(tmp_path, command) == []


def test_a_shell_script_in_a_dockerfile_keeps_its_columns(tmp_path):
    text = "FROM golang:1.22\nCMD sh -c 'dlv debug --headless --continue --listen=127.0.0.1:2345 ./cmd/api'\n"
    found = lint(tmp_path, text, name="Dockerfile")
    assert [(d["rule"], d["line"], text_at(text, d)) for d in found] == [("DL002", 2, "--continue")]


def test_several_invocations_in_one_task_are_judged_each(tmp_path):
    command = "dlv dap -l :2345 & dlv debug --headless --listen=127.0.0.1:2346 --accept-multiclient --continue"
    assert found_in(tmp_path, command) == [("DL001", ":2345")]


def test_the_task_forms(tmp_path):
    text = tasks_json(
        shell("dlv", args=["dap", "--listen=:1"]),
        shell({"value": "dlv", "quoting": "escape"}, args=["dap", "-l", ":2"]),
        shell("dlv", args="dap --listen :3"),
        {"label": "p", "type": "process", "command": "/go/bin/dlv", "args": ["dap", "-l=:4"]},
        shell({"value": "dlv dap --listen=:5"}),
    )
    found = lint(tmp_path, text)
    assert [(d["line"], d["rule"], text_at(text, d)) for d in found] == [
        (4, "DL001", ":1"),
        (5, "DL001", ":2"),
        (6, "DL001", ":3"),
        (7, "DL001", ":4"),
        (8, "DL001", ":5"),
    ]


def test_platform_overrides_are_read(tmp_path):
    text = tasks_json(
        shell(
            "dlv dap --listen=127.0.0.1:2345", linux={"command": "dlv dap --listen=:2345"}, osx={"args": ["-l", ":1"]}
        ),
        {"label": "w", "type": "shell", "windows": {"command": "dlv", "args": ["dap", "--listen=0.0.0.0:1"]}},
    )
    found = lint(tmp_path, text)
    # An override with only `args` replaces the task's args, which the rules cannot join to the
    # task's command: not read.
    assert [(d["line"], text_at(text, d)) for d in found] == [(4, ":2345"), (5, "0.0.0.0:1")]


def test_depends_on_is_not_followed(tmp_path):
    text = tasks_json(
        {"label": "debug", "dependsOn": ["server"], "type": "shell", "command": "echo ready"},
        {"label": "server", "type": "shell", "command": "./scripts/dlv-server.sh --listen=:2345"},
    )
    assert lint(tmp_path, text) == []


# --- DL001 dlv-listen-all-interfaces -------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--listen=", ":2345"),
        ("--listen ", ":2345"),
        ("-l ", ":2345"),
        ("-l=", ":2345"),
        ("--listen=", ":${input:dlvPort}"),
        ("--listen=", "0.0.0.0:2345"),
        ("--listen=", "[::]:2345"),
        ("--listen=", "192.168.1.20:2345"),
        ("--listen=", "10.0.0.5:40000"),
        ("--listen=", "devbox.local:2345"),
        ("--listen=", "host.docker.internal:2345"),
        ("--listen=", "[fe80::1]:2345"),
        ("--listen=", "[0:0:0:0:0:0:0:0]:2345"),
    ],
)
@pytest.mark.parametrize("server", ["dlv debug --headless --accept-multiclient {listen}", "dlv dap {listen}"])
def test_non_loopback_listen_addresses(tmp_path, flag, value, server):
    text = tasks_json(shell(server.format(listen=flag + value)))
    (found,) = lint(tmp_path, text)
    assert found["rule"] == "DL001" and found["severity"] == "error"
    assert text_at(text, found) == value
    message = found["message"]
    assert message.startswith(f"`{value}`") and "forward the port over SSH" in message
    if value.startswith(":"):
        assert "has no host" in message and f"write `127.0.0.1{value}`" in message
    elif value.startswith(("0.0.0.0:", "[::]:")):
        assert "every network interface" in message and "listen on `127.0.0.1` with the same port" in message
    else:
        assert "is not a loopback address" in message and "`--only-same-user` guards loopback" in message


@pytest.mark.parametrize(
    "value",
    [
        "127.0.0.1:2345",
        "127.0.0.2:2345",
        "127.255.1.1:1",
        "localhost:2345",
        "LocalHost:2345",
        "[::1]:2345",
        "[::ffff:127.0.0.1]:2345",
        "unix:/tmp/dlv.sock",
        "unix:/run/user/1000/dlv-${input:name}.sock",
        "${input:dlvHost}:2345",
        "${env:DLV_HOST}:2345",
        "$DLV_ADDR",
        "$HOST:2345",
        "%DLV_HOST%:2345",
        "`hostname`:2345",
        "2345",  # no port separator: dlv fails to listen, nothing to judge
    ],
)
def test_loopback_sockets_and_variables_are_not_reported(tmp_path, value):
    assert found_in(tmp_path, f"dlv debug --headless --listen={value} --accept-multiclient") == []
    assert found_in(tmp_path, f"dlv dap -l {value}") == []


@pytest.mark.parametrize(
    "command",
    [
        "dlv debug --listen=:2345",  # a terminal session: Delve talks to its client over a pipe
        "dlv debug --headless=false --listen=:2345",
        "dlv debug --headless=no --listen=:2345",  # not a boolean: dlv stops on it
        "dlv exec ./app -- --headless --listen=:2345",  # the program's own flags
        "dlv connect :2345",
        "dlv dap --client-addr=:2345",  # dials out to the client
    ],
)
def test_listen_without_a_server(tmp_path, command):
    assert [rule for rule, _ in found_in(tmp_path, command)] == []


@pytest.mark.parametrize(
    "command",
    [
        "dlv exec ./bin/app --headless --listen=:2345 --accept-multiclient",
        "dlv --listen :2345 --headless=true --accept-multiclient debug ./cmd/app",
        "dlv debug --headless=1 -l=:2345 --accept-multiclient -- -port=8080",
        "dlv debug --headless --listen=127.0.0.1:1 --listen=:2345 --accept-multiclient",  # the last one counts
    ],
)
def test_flags_anywhere_before_the_double_dash(tmp_path, command):
    assert found_in(tmp_path, command) == [("DL001", ":2345")]


def test_a_command_string_with_escapes_is_reported_at_the_whole_string(tmp_path):
    text = '{\n  "tasks": [\n    {"label": "d", "command": "dlv dap --listen=:2345 \\"${workspaceFolder}\\""}\n  ]\n}\n'
    (found,) = lint(tmp_path, text)
    assert text_at(text, found) == '"dlv dap --listen=:2345 \\"${workspaceFolder}\\""'
    assert found["message"].startswith("`:2345` has no host")


# --- DL002 dlv-continue-without-multiclient ------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        ("--continue", "needs both `--headless` and `--accept-multiclient`, and neither is given"),
        ("--headless --continue", "without `--accept-multiclient`"),
        ("--headless --accept-multiclient=false --continue", "without `--accept-multiclient`"),
        ("--accept-multiclient --continue=true", "without `--headless`"),
        ("--headless=false --accept-multiclient --continue", "without `--headless`"),
        ("--headless=false --accept-multiclient=false --continue=1", "neither is given"),
    ],
)
def test_continue_names_what_is_missing(tmp_path, flags, says):
    text = tasks_json(shell(f"dlv exec ./app --listen=127.0.0.1:2345 {flags}"))
    found = [d for d in lint(tmp_path, text) if d["rule"] == "DL002"]
    (continue_,) = found
    assert continue_["severity"] == "error" and says in continue_["message"]
    assert text_at(text, continue_).startswith("--continue")


def test_continue_with_both_or_off_or_for_the_program(tmp_path):
    assert found_in(tmp_path, f"dlv debug --headless {SAFE} --continue") == []
    assert found_in(tmp_path, "dlv debug --continue=false") == []
    assert found_in(tmp_path, "dlv exec ./app -- --continue") == []


def test_continue_without_headless_is_not_also_a_single_client_server(tmp_path):
    # DL002 already says `--accept-multiclient` is missing; DL005 stays quiet.
    assert found_in(tmp_path, "dlv debug --headless --listen=127.0.0.1:2345 --continue") == [("DL002", "--continue")]


# --- DL003 dlv-api-version-1 --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("--api-version=1", "1"),
        ("--api-version 1", "1"),
        ("--api-version=01", "01"),
        ("--api-version=0x1", "0x1"),
        ("--api-version=+1", "+1"),
        ("--api-version='1'", "--api-version='1'"),  # a quoted word: its whole text
    ],
)
def test_api_version_1(tmp_path, written, value):
    text = tasks_json(shell(f"dlv debug --headless {SAFE} {written}"))
    (found,) = lint(tmp_path, text)
    assert found["rule"] == "DL003" and found["severity"] == "error"
    assert text_at(text, found) == value
    assert "removed in v1.24.0" in found["message"] and "Remove the flag" in found["message"]


@pytest.mark.parametrize(
    "command",
    [
        f"dlv debug --headless {SAFE} --api-version=2",
        f"dlv debug --headless {SAFE} --api-version=10",
        f"dlv debug --headless {SAFE} --api-version=11",
        "dlv dap --api-version=1",  # ignored by dlv dap
        "dlv connect 127.0.0.1:2345 --api-version=1",  # the client speaks v2 whatever the flag
        f"dlv debug --headless {SAFE} -- --api-version=1",
    ],
)
def test_api_version_not_reported(tmp_path, command):
    assert found_in(tmp_path, command) == []


def test_api_version_1_is_reported_without_headless_too(tmp_path):
    # A terminal session also builds a JSON-RPC server with that version (over a pipe).
    assert found_in(tmp_path, "dlv debug --api-version 1") == [("DL003", "1")]


# --- DL004 dlv-dap-ignored-flag -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "says"),
    [
        ("--headless", "always headless"),
        ("--headless=false", "always headless"),  # dlv warns whenever the flag is given
        ("--accept-multiclient", "serves one debug session"),
        ("--continue", '`"stopOnEntry": true`'),
        ("--init=dlv.init", "ignores `--init` (`dlv.init`)"),
        ("--build-flags=-race", '`"buildFlags": "-race"`'),
        ("--wd ./cmd", '`"cwd": "./cmd"`'),
        ("--backend=rr", '`"backend": "rr"`'),
    ],
)
def test_dap_ignored_flags(tmp_path, flag, says):
    text = tasks_json(shell(f"dlv dap --listen=127.0.0.1:2345 {flag}"))
    (found,) = lint(tmp_path, text)
    assert found["rule"] == "DL004" and found["severity"] == "warning"
    assert text_at(text, found) == flag.split(" ")[0]
    assert says in found["message"]


def test_dap_reports_each_ignored_flag(tmp_path):
    text = tasks_json(
        shell("dlv", args=["dap", "--headless", "--accept-multiclient", "--continue", "-l", "127.0.0.1:1"])
    )
    found = lint(tmp_path, text)
    assert [(d["rule"], text_at(text, d)) for d in found] == [
        ("DL004", "--headless"),
        ("DL004", "--accept-multiclient"),
        ("DL004", "--continue"),
    ]


@pytest.mark.parametrize(
    "flags",
    [
        "--accept-multiclient=false --continue=false",
        "--backend=default --build-flags= --wd= --init=",
        "--log --log-output=dap --log-dest=3 --only-same-user=false --check-go-version=false --disable-aslr",
        "-- --headless --continue",
    ],
)
def test_dap_flags_it_reads_or_that_are_off(tmp_path, flags):
    assert found_in(tmp_path, f"dlv dap --listen=127.0.0.1:2345 {flags}") == []


# --- DL005 dlv-headless-single-client -------------------------------------------------------------


def test_headless_without_multiclient_points_at_the_flag(tmp_path):
    text = tasks_json(shell("dlv test ./pkg --headless=true --listen=127.0.0.1:2345 -- -test.run TestX"))
    (found,) = lint(tmp_path, text)
    assert found["rule"] == "DL005" and found["severity"] == "warning"
    assert text_at(text, found) == "--headless=true"
    assert found["message"].startswith("`dlv test --headless` without `--accept-multiclient` stops")


@pytest.mark.parametrize(
    "command",
    [
        f"dlv debug --headless {SAFE}",
        "dlv debug --headless --listen=127.0.0.1:2345 --accept-multiclient=true",
        "dlv dap --listen=127.0.0.1:2345",
        "dlv debug",
        "dlv connect 127.0.0.1:2345",
    ],
)
def test_single_client_not_reported(tmp_path, command):
    assert found_in(tmp_path, command) == []


def test_multiclient_false_counts_as_absent(tmp_path):
    command = "dlv attach 4242 --headless --listen=127.0.0.1:2345 --accept-multiclient=false"
    assert found_in(tmp_path, command) == [("DL005", "--headless")]


# --- files: JSONC, workspaces, suppressions -------------------------------------------------------

JSONC = """\
{
  // Remote debugging: start the server, then attach.
  "version": "2.0.0",
  "tasks": [
    {
      "label": "dlv server",
      "type": "shell",
      "command": "dlv debug --headless --listen=:2345 --api-version=1", /* old copy-paste */
      "isBackground": true,
    },
  ],
}
"""


def test_jsonc_comments_and_trailing_commas(tmp_path):
    found = lint(tmp_path, JSONC)
    assert [(d["line"], d["column"], d["rule"], text_at(JSONC, d)) for d in found] == [
        (8, 29, "DL005", "--headless"),
        (8, 49, "DL001", ":2345"),
        (8, 69, "DL003", "1"),
    ]


def test_a_workspace_file(tmp_path):
    text = (
        "{\n"
        '  "folders": [{"path": "svc"}],\n'
        '  "tasks": {\n'
        '    "version": "2.0.0",\n'
        '    "tasks": [\n'
        '      {"label": "a", "type": "shell", "command": "dlv dap -l 0.0.0.0:2345 --continue"},\n'
        '      {"label": "b", "type": "shell", "command": "dlv", "args": ["exec", "./app", "--headless"]},\n'
        "    ],\n"
        "  },\n"
        '  "launch": {"configurations": [{"name": "x", "type": "go", "request": "attach", "mode": "remote"}]},\n'
        "}\n"
    )
    found = lint(tmp_path, text, name="team.code-workspace")
    assert [(d["line"], d["rule"], text_at(text, d)) for d in found] == [
        (6, "DL001", "0.0.0.0:2345"),
        (6, "DL004", "--continue"),
        (7, "DL005", "--headless"),
    ]


def test_each_file_reads_its_own_place(tmp_path):
    # A tasks.json keeps its tasks in a list; `tasks.tasks` there is not VS Code's, nor is a
    # workspace file's root list.
    inner = {"tasks": [shell("dlv dap --listen=:2345")]}
    assert lint(tmp_path, json.dumps({"tasks": inner})) == []
    assert lint(tmp_path, json.dumps(inner), name="a.code-workspace") == []
    assert lint(tmp_path, json.dumps({"tasks": inner}), name="a.code-workspace") != []


def test_a_tasks_json_outside_vscode_is_not_linted(tmp_path):
    bad = tasks_json(shell("dlv dap --listen=:2345"))
    write(tmp_path, "tasks.json", bad)
    write(tmp_path, "sub/.vscode/tasks.json", bad)
    found = diagnostics(tmp_path, ".")
    assert [(d["path"], d["rule"]) for d in found] == [("sub/.vscode/tasks.json", "DL001")]


def test_stdin_filename(tmp_path):
    result = run_cli(
        ["--format", "json", "--select", "DL", "--stdin-filename", TASKS],
        tmp_path,
        stdin=tasks_json(shell("dlv dap --listen=:2345")),
    )
    assert result.code == 1, result
    assert [(d["line"], d["column"], d["rule"]) for d in json.loads(result.out)["diagnostics"]] == [(4, 66, "DL001")]


def test_a_parse_error_is_reported_and_nothing_else(tmp_path):
    found = lint(tmp_path, '{"tasks": [{"command": "dlv dap --listen=:2345"}\n', select="DL,RL001")
    assert [d["rule"] for d in found] == ["RL001"]


def test_suppression_on_the_line_and_above(tmp_path):
    text = """\
{
  "tasks": [
    // The container publishes 2345 on the host's loopback only (-p 127.0.0.1:2345:2345).
    // remdev-lint: ignore[dlv-listen-all-interfaces]
    {"label": "in container", "command": "dlv dap --listen=:2345"},
    {"label": "one session", "command": "dlv debug --headless --listen=127.0.0.1:2345"} // remdev-lint: ignore[DL005]
  ]
}
"""
    assert lint(tmp_path, text, select="DL,RL002") == []


def test_a_suppression_that_suppresses_nothing_is_reported(tmp_path):
    text = tasks_json(shell(f"dlv debug --headless {SAFE}")).replace(
        'accept-multiclient"}', 'accept-multiclient"} // remdev-lint: ignore[DL001]'
    )
    found = lint(tmp_path, text, select="DL,RL002")
    assert [d["rule"] for d in found] == ["RL002"]


# --- the real-world corpus ------------------------------------------------------------------------

PINNED_TASKS = {"DL001": 1, "DL005": 1}


def test_tasks_corpus_lints_without_crash_and_findings_are_pinned(tmp_path):
    root = shared_path("corpus", "tasks")
    files = sorted(p for p in root.iterdir() if p.is_file())
    assert len(files) == 6
    counts: Counter[str] = Counter()
    places: list[tuple[str, int, int, str]] = []
    for path in files:
        result = run_cli(
            ["--format", "json", "--select", "DL,RL001", "--stdin-filename", TASKS],
            tmp_path,
            stdin=path.read_bytes().decode("utf-8-sig"),
        )
        assert result.err == "" and result.code in (0, 1), (path.name, result)
        for diagnostic in json.loads(result.out)["diagnostics"]:
            counts[diagnostic["rule"]] += 1
            places.append((path.name.split("__")[0], diagnostic["line"], diagnostic["column"], diagnostic["rule"]))
    assert dict(counts) == PINNED_TASKS
    assert places == [("microsoft", 9, 24, "DL001"), ("microsoft", 9, 24, "DL005")]


# --- DL006 dlv-port-mismatch (launch.json -> tasks.json) --------------------------------------


def port_mismatch(tmp_path: Path, configuration: dict, tasks: list[dict] | None) -> list[tuple[int, int, str]]:
    (tmp_path / ".vscode").mkdir(exist_ok=True)
    launch = {"version": "0.2.0", "configurations": [configuration]}
    (tmp_path / ".vscode" / "launch.json").write_text(json.dumps(launch, indent=2), encoding="utf-8")
    if tasks is not None:
        (tmp_path / ".vscode" / "tasks.json").write_text(json.dumps({"tasks": tasks}), encoding="utf-8")
    return [(d["line"], d["column"], d["message"]) for d in diagnostics(tmp_path, select="DL006")]


ATTACH = {"name": "Attach", "type": "go", "request": "attach", "mode": "remote", "preLaunchTask": "serve"}


def serve(command: str) -> dict:
    return {"label": "serve", "type": "shell", "command": command}


def test_dl006_reports_at_the_port_that_differs_from_the_servers(tmp_path):
    [(line, column, message)] = port_mismatch(
        tmp_path,
        {**ATTACH, "port": 2345},
        [serve("dlv debug --headless --listen=127.0.0.1:40000 --accept-multiclient")],
    )
    assert (line, column) == (10, 15)  # the value of "port"
    assert "`127.0.0.1:40000`" in message and "port 2345" in message


@pytest.mark.parametrize(
    ("configuration", "command"),
    [
        ({**ATTACH, "port": 40000}, "dlv debug --headless --listen=:40000 --accept-multiclient"),  # same port
        (ATTACH, "dlv dap --listen 127.0.0.1:2345"),  # no port: 2345, as the task serves
        ({**ATTACH, "port": 2345}, "dlv debug --listen=:40000"),  # not headless: no server
        ({**ATTACH, "port": 2345, "type": "node"}, "dlv dap -l :40000"),  # not a Go configuration
        ({**ATTACH, "port": 2345, "preLaunchTask": "other"}, "dlv dap -l :40000"),  # another task
        ({**ATTACH, "port": "${input:port}"}, "dlv dap -l :40000"),  # a port the linter cannot know
        ({**ATTACH, "port": 2345}, "dlv dap -l unix:/tmp/dlv.sock"),  # a socket has no port
    ],
)
def test_dl006_negatives(tmp_path, configuration, command):
    assert port_mismatch(tmp_path, configuration, [serve(command)]) == []


def test_dl006_without_tasks_json_reports_nothing(tmp_path):
    assert port_mismatch(tmp_path, {**ATTACH, "port": 2345}, None) == []


def test_dl006_default_port_and_random_port(tmp_path):
    [(line, column, message)] = port_mismatch(tmp_path, ATTACH, [serve("dlv dap -l :2346")])
    assert (line, column) == (9, 24)  # preLaunchTask's value, as the configuration has no port
    assert "connects to 2345" in message
    [(_, _, message)] = port_mismatch(tmp_path, {**ATTACH, "port": 2345}, [serve("dlv dap")])
    assert "random port" in message


def test_explain_shows_the_other_files_an_example_needs(tmp_path):
    result = run_cli(["--explain", "DL006"], tmp_path)
    assert result.code == 0
    assert "with `.vscode/tasks.json`:" in result.out
    assert "--listen=127.0.0.1:40000" in result.out


def test_a_dockerfile_is_read_by_the_rules_that_hold_in_a_container(tmp_path):
    # Inside a container Delve must listen on every interface for a published port to reach
    # it: DL001 does not judge Dockerfiles. The flag-combination rules do, at the exact word.
    text = (
        "FROM golang:1.22 AS debug\n"
        "RUN go install github.com/go-delve/delve/cmd/dlv@latest\n"
        'ENTRYPOINT ["/go/bin/dlv", "--listen=:40000", "--headless=true", "exec", "/app"]\n'
        "CMD dlv debug --headless --api-version=2 \\\n"
        "    --continue --listen=0.0.0.0:2345 ./cmd/api\n"
    )
    found = lint(tmp_path, text, name="build/Dockerfile.debug")
    assert sorted((d["rule"], d["line"], text_at(text, d)) for d in found) == [
        ("DL002", 5, "--continue"),
        ("DL005", 3, "--headless=true"),
    ]
    assert not [d for d in found if d["rule"] == "DL001"]


def test_a_dockerfile_buildkit_cannot_read_is_one_syntax_error(tmp_path):
    found = lint(tmp_path, "FROM golang\nRUN <<EOT\nnever closed\n", name="Dockerfile", select="DL,RL001")
    assert [(d["rule"], d["line"]) for d in found] == [("RL001", 2)]  # the heredoc never closed


def test_shell_scripts_and_makefiles_are_read_by_the_flag_rules(tmp_path):
    write(
        tmp_path,
        "scripts/debug.sh",
        "#!/bin/sh\nif true; then\n  exec dlv exec --headless --continue --listen=:2345 ./app\nfi\n",
    )
    write(tmp_path, "Makefile", "debug:\n\t@dlv debug --headless \\\n\t  --api-version=1 --listen=:2345 ./cmd\n")
    found = sorted((d["path"], d["rule"], d["line"], d["column"]) for d in diagnostics(tmp_path))
    # DL001 does not judge them: a script or recipe may run on a host or in a container.
    assert found == [
        ("Makefile", "DL003", 3, 18),
        ("Makefile", "DL005", 2, 13),
        ("scripts/debug.sh", "DL002", 3, 28),
    ]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "Dockerfile",
            "FROM golang\n# remdev-lint: ignore[DL002] CI only\nCMD dlv debug --headless --continue ./cmd\n",
        ),
        ("Dockerfile", "FROM golang\nCMD dlv debug --headless --continue ./cmd # remdev-lint: ignore[DL002]\n"),
        ("debug.sh", "#!/bin/sh\nexec dlv debug --headless --continue ./cmd  # remdev-lint: ignore[DL002]\n"),
        ("Makefile", "debug:\n\t# remdev-lint: ignore[DL002]\n\tdlv debug --headless --continue ./cmd\n"),
    ],
)
def test_suppression_comments_in_dockerfiles_scripts_and_makefiles(tmp_path, name, text):
    assert lint(tmp_path, text, name=name, select="DL,RL002") == []
    unsuppressed = text.replace("ignore[DL002]", "ignore[DL003]")
    assert sorted(d["rule"] for d in lint(tmp_path, unsuppressed, name=name, select="DL,RL002")) == ["DL002", "RL002"]


# --- compose files ---------------------------------------------------------------------------------


def test_a_compose_file_that_is_also_a_devcontainers_reports_a_finding_once(tmp_path):
    """The dev service is read through the devcontainer.json and the compose file is read on its
    own: the same finding, at the same place, once."""
    write(tmp_path, ".devcontainer/devcontainer.json", '{"dockerComposeFile": "compose.yml", "service": "dev"}')
    write(tmp_path, ".devcontainer/compose.yml", "services:\n  dev:\n    command: dlv debug --headless --continue\n")

    found = [(d["rule"], d["path"], d["line"], d["column"]) for d in diagnostics(tmp_path)]

    assert found == [("DL002", ".devcontainer/compose.yml", 3, 35)]


def test_a_compose_file_on_its_own_reports_every_service(tmp_path):
    write(
        tmp_path,
        "docker-compose.debug.yml",
        "services:\n"
        "  api:\n    entrypoint: dlv exec /app --headless --api-version=1 --accept-multiclient\n"
        "  dap:\n    command: [dlv, dap, --listen=127.0.0.1:4000, --continue]\n",
    )

    found = [(d["rule"], d["line"], d["column"]) for d in diagnostics(tmp_path)]

    assert found == [("DL003", 3, 56), ("DL004", 5, 50)]


@pytest.mark.parametrize(
    ("ports", "reported"),
    [
        ('["40000:40000"]', "127.0.0.1:40000:40000"),
        ('["40000"]', "127.0.0.1::40000"),  # Docker picks the host port, on the loopback too
        ('["0.0.0.0:50000:40000/tcp"]', "127.0.0.1:50000:40000/tcp"),
        ('["[::]:40000:40000"]', "127.0.0.1:40000:40000"),
        ('["39990-40010:39990-40010"]', "127.0.0.1:39990-40010:39990-40010"),
        ('["192.168.1.20:40000:40000"]', "127.0.0.1:40000:40000"),
        ('[{target: 40000, published: "40000"}]', "host_ip: 127.0.0.1"),
        ("[{target: 40000, host_ip: 0.0.0.0, protocol: tcp}]", "host_ip: 127.0.0.1"),
    ],
)
def test_a_published_delve_port_says_how_to_publish_it_on_loopback(tmp_path, ports, reported):
    text = f"services:\n  api:\n    command: dlv exec /app --headless --listen=:40000 --accept-multiclient\n    ports: {ports}\n"

    [finding] = lint(tmp_path, text, "compose.yaml")

    assert (finding["rule"], finding["line"], finding["column"]) == ("DL001", 4, 13)
    assert f"only, `{reported}` (from another machine, forward" in finding["message"]
    assert "(`--listen=:40000`)" in finding["message"]


@pytest.mark.parametrize(
    "service",
    [
        # Published on loopback, another port or protocol, a variable, or not published.
        'command: dlv exec /app --headless --listen=:40000\n    ports: ["127.0.0.1:40000:40000"]',
        'command: dlv exec /app --headless --listen=:40000\n    ports: ["[::1]:40000:40000"]',
        'command: dlv exec /app --headless --listen=:40000\n    ports: ["40001:40001", "40000:40000/udp"]',
        'command: dlv exec /app --headless --listen=:40000\n    ports: ["${DLV_PORT:-40000}:40000"]',
        'command: dlv exec /app --headless --listen=:40000\n    expose: ["40000"]',
        # Delve on the container's loopback (unreachable through the port), or not a server.
        'command: dlv exec /app --headless --listen=127.0.0.1:40000\n    ports: ["40000:40000"]',
        'command: dlv exec /app --listen=:40000\n    ports: ["40000:40000"]',
        'command: dlv connect :40000\n    ports: ["40000:40000"]',
        # On the host's network a port is not published: the listen address is judged instead.
        'network_mode: host\n    command: dlv exec /app --headless --listen=127.0.0.1:40000\n    ports: ["40000:40000"]',
    ],
)
def test_a_delve_port_that_is_not_published_on_every_interface(tmp_path, service):
    text = f"services:\n  api:\n    {service}\n"

    assert [d for d in lint(tmp_path, text, "compose.yaml") if d["rule"] == "DL001"] == []
