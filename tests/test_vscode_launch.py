"""The VS Code launch rules VL001-VL008 (rules/vscode-launch.yaml), end to end: a
.vscode/launch.json or *.code-workspace written into a temporary folder, the real CLI run over
it with ``--select VL``, and the exact place and text of what it reports.

Covered: which configurations are judged (only ``"type": "go"``; a missing ``request`` or
``mode``; ``compounds``; the ``windows``/``linux``/``osx`` overrides), each rule's positives
and negatives with the spans they point at, what ``.vscode/settings.json`` contributes
(``go.delveConfig``), JSONC, workspace files, ``--stdin-filename``, suppressions, and the
real-world corpus. VL006 (unknown attributes) and VL007 (dlvFlags conflicts) report at each
offending key or dlvFlags item (the check-level `each`); their cases are covered by the rule
examples and the corpus.

Review of the corpus findings (../shared/corpus/launch: 91 launch.json files from public
repositories, linted as .vscode/launch.json; every file with a finding read by hand, and the
tasks.json of the same repositories where the corpus has it; counts in PINNED_LAUNCH):

- VL001 (launch-invalid-mode), 5, all true positives: each is `"request": "launch", "mode":
  "remote"` (christineoo/go-delve-docker-vscode-example, rafixcs/TCC-jobs-vacancy-BE,
  sethjback/golang-remote-debug, setlog/trivrost, wisoptim/golang-debug-docker), the old way to
  connect to `dlv --headless` that the extension accepts with a deprecation warning. setlog's own
  comment on `program` ("Why do we have to set this for remote debugging? Makes no sense.") is
  the confusion the attach form avoids. The corpus has no `attach` + `test`.
- VL002 (launch-remote-path-deprecated), 26, all true positives: 20 on `attach` + `remote`, 4 on
  `launch` + `remote` (the VL001 files: not a launch attribute), and 2 empty ones on plain
  launches (loft-sh/devspace, platform9/nodelet; tonussi/hermes has a third, on attach), which
  map nothing. Four are `"remotePath": "${workspaceFolder}"` (akiyamasho, hashicorp/terraform's
  launch-via-cli doc, jhmilan, microsoft/go-sqlcmd@6e0fcad): the suggested
  `{"from": "${workspaceFolder}", "to": "${workspaceFolder}"}` is the identity mapping the
  extension builds from it anyway, kept explicit. tokopedia/gripmock's names a file
  (`.../generator.go`), a mapping that cannot have matched a folder: right to report, though the
  message's suggestion inherits the mistake. The `remotePath` of Node configurations in the
  corpus are not reported (not Go).
- VL003 (launch-api-version-1), 1, true positive: tokopedia/gripmock, `"apiVersion": 1` on a
  remote attach. The corpus's `"apiVersion": 2` are not reported.
- VL004 (launch-remote-adapter-implicit), 31, true positives by the facts: every `attach` +
  `remote` configuration of the corpus but five (Amila-Rukshan/remote-debug-go-pod,
  hashicorp/terraform's launch-via-cli doc, iwashi623/docker-delve-air,
  niconatalie/mirrord-golang-vscode and ossan-dev/go-debug-vsc name `dlv-dap`) leaves the
  adapter to the extension's guess. cilium's four configurations map their sources with
  `substitutePath`, a dlv-dap attribute, and still do not name the adapter.
- VL005 (launch-remote-no-substitute-path), 8: 5 true positives, Docker set-ups by their names
  and repositories (0xivanov/go-docker-debug-config, 9bany/go-remote-bugging "Remote Docker
  App", dipeshdulal/docker-go-debugging, rochimfn/demo-remote-debug-golang, tonussi/hermes with
  its empty `remotePath`). 2 are likely false positives, where the program runs on the same
  machine and paths agree: niconatalie/mirrord-golang-vscode (mirrord runs the process locally)
  and samkam/go-debugging-example's "launch against server" on `localhost` (its sibling for the
  Docker image does map `/app`). 1 cannot be decided from the files: hashicorp/terraform, whose
  dlv runs in a container (its tasks.json `docker exec`s into `hashicorp/tfc-agent-debug`) but
  whose binary may be built on the host, with host paths. The rule cannot tell a `dlv --headless`
  on this machine from one elsewhere; its explanation says to suppress it on the `mode` line.
- VL006 (launch-unknown-attribute), 2, true positives: samkam/go-debugging-example's two
  `attach` + `remote` configurations carry `program`, a launch attribute (the legacy adapter
  even warns "does not work with 'program' attribute, please use 'cwd'", facts A.3).
- VL007 (launch-dlv-flags-conflict), 1, true positive: samkam/go-debugging-example passes
  `--init=scripts/debug_script.txt` in `dlvFlags`; dlv ignores `--init` when headless or as
  `dlv dap`, which is how the extension runs it (facts B.1, B.2).
- VL008 (launch-port-invalid), 1, true positive: samkam/go-debugging-example, `"port": "40000"`,
  a quoted number where the schema asks for a number.
- RL001: none; every corpus file parses as JSONC (comments, trailing commas, the Chinese comments
  of go-delve/delve's own launch.json).

Not reported, worth a rule of its own: loft-sh/devspace and platform9/nodelet set `port` and
`host` on a plain `launch` (old templates); with dlv-dap that makes the extension connect to an
external `dlv dap` server instead of starting Delve (facts A.3).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import covered, json_diagnostics, run_cli, shared_path, write

LAUNCH = ".vscode/launch.json"


def diagnostics(cwd: Path, *args: str, select: str = "VL") -> list[dict]:
    return json_diagnostics(cwd, *args, select=select)


def lint(tmp_path: Path, text: str, name: str = LAUNCH, select: str = "VL") -> list[dict]:
    write(tmp_path, name, text)
    return diagnostics(tmp_path, name, select=select)


def places(found: list[dict]) -> list[tuple[int, int, str]]:
    return [(d["line"], d["column"], d["rule"]) for d in found]


def text_at(text: str, diagnostic: dict) -> str:
    """The source text a diagnostic's span covers."""
    span = SimpleNamespace(
        line=diagnostic["line"],
        column=diagnostic["column"],
        end_line=diagnostic["end_line"],
        end_column=diagnostic["end_column"],
    )
    return covered(text, span)


def launch_json(*configurations: dict, **top: object) -> str:
    """A launch.json with one configuration per line: configuration i is on line 3 + i."""
    lines = ",\n".join("    " + json.dumps(c) for c in configurations)
    extra = "".join(f",\n  {json.dumps(k)}: {json.dumps(v)}" for k, v in top.items())
    return '{\n  "version": "0.2.0",\n  "configurations": [\n' + lines + "\n  ]" + extra + "\n}\n"


def go(request: str | None = "launch", **attributes: object) -> dict:
    config: dict = {"name": "cfg", "type": "go"}
    if request is not None:
        config["request"] = request
    config.update(attributes)
    return config


REMOTE = {"mode": "remote", "debugAdapter": "dlv-dap", "substitutePath": [{"from": "${workspaceFolder}", "to": "/app"}]}


def only(found: list[dict], rule: str) -> list[dict]:
    return [d for d in found if d["rule"] == rule]


# --- which configurations are judged ----------------------------------------------------------


def test_configurations_of_other_debuggers_are_ignored(tmp_path):
    bad_for_go = {
        "request": "attach",
        "mode": "test",
        "remotePath": "/app",
        "apiVersion": 1,
        "useApiV1": True,
        "port": "9229",
    }
    for kind in ("node", "python", "extensionHost", "cppdbg"):
        assert lint(tmp_path, launch_json({"name": "x", "type": kind, **bad_for_go})) == [], kind


def test_a_configuration_without_type_is_not_go(tmp_path):
    assert lint(tmp_path, launch_json({"name": "x", "request": "attach", "mode": "test", "port": 0})) == []


def test_without_request_the_mode_is_not_judged_but_the_rest_is(tmp_path):
    found = lint(tmp_path, launch_json(go(None, mode="test", port=0, apiVersion=1, remotePath="/app")))
    assert sorted(d["rule"] for d in found) == ["VL002", "VL003", "VL008"]


def test_an_unknown_request_is_not_judged_by_mode(tmp_path):
    assert only(lint(tmp_path, launch_json(go("Launch", mode="remote"))), "VL001") == []


def test_compounds_are_not_configurations(tmp_path):
    text = launch_json(
        go("launch", program="."),
        compounds=[{"name": "All", "configurations": ["cfg", {"name": "x", "type": "go", "mode": "test"}]}],
    )
    assert lint(tmp_path, text) == []


def test_platform_overrides_are_not_judged(tmp_path):
    # Only a configuration's own attributes are judged; `windows`/`linux`/`osx` hold overrides.
    override = {"mode": "test", "port": "x", "remotePath": "/app", "apiVersion": 1}
    text = launch_json(go("attach", **REMOTE, port=2345, windows=override, linux=override, osx=override))
    assert lint(tmp_path, text) == []


def test_a_launch_json_outside_vscode_is_not_linted(tmp_path):
    write(tmp_path, "launch.json", launch_json(go("attach", mode="test")))
    write(tmp_path, "sub/.vscode/launch.json", launch_json(go("attach", mode="test")))
    found = diagnostics(tmp_path, ".")
    assert [(d["path"], d["rule"]) for d in found] == [("sub/.vscode/launch.json", "VL001")]


def test_stdin_filename(tmp_path):
    result = run_cli(
        ["--format", "json", "--select", "VL", "--stdin-filename", LAUNCH],
        tmp_path,
        stdin=launch_json(go("launch", mode="remote")),
    )
    assert result.code == 1, result
    assert places(json.loads(result.out)["diagnostics"]) == [(4, 64, "VL001")]


def test_a_parse_error_is_reported_and_nothing_else(tmp_path):
    found = lint(
        tmp_path, '{"configurations": [{"type": "go", "mode": "test", "request": "attach"}\n', select="VL,RL001"
    )
    assert [d["rule"] for d in found] == ["RL001"]


# --- VL001 launch-invalid-mode ------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["auto", "debug", "test", "exec", "replay", "core"])
def test_launch_modes(tmp_path, mode):
    assert lint(tmp_path, launch_json(go("launch", mode=mode))) == []


@pytest.mark.parametrize("mode", ["local", "remote"])
def test_attach_modes(tmp_path, mode):
    assert only(lint(tmp_path, launch_json(go("attach", mode=mode, processId=0))), "VL001") == []


def test_mode_missing_is_the_default(tmp_path):
    assert lint(tmp_path, launch_json(go("launch", program="."), go("attach", processId=0))) == []


def test_attach_test_names_both_ways_to_debug_tests_remotely(tmp_path):
    text = launch_json(go("attach", mode="test", debugAdapter="dlv-dap", port=2345))
    (found,) = lint(tmp_path, text)
    assert found["rule"] == "VL001" and found["severity"] == "error"
    assert text_at(text, found) == '"test"'
    message = found["message"]
    assert "dlv test --headless --listen=" in message and '"mode": "remote"' in message
    assert "dlv dap --listen=" in message and '"request": "launch", "mode": "test", "port": 2345' in message


def test_launch_remote_is_deprecated_in_favour_of_attach(tmp_path):
    text = launch_json(go("launch", mode="remote", port=2345))
    (found,) = lint(tmp_path, text)
    assert text_at(text, found) == '"remote"'
    assert "deprecated" in found["message"] and '"request": "attach", "mode": "remote"' in found["message"]


@pytest.mark.parametrize(
    ("request_", "mode", "quoted"),
    [
        ("launch", "local", "mode `local` is not a launch mode"),
        ("launch", "Debug", "mode `Debug` is not a launch mode"),
        ("launch", 1, "mode `1` is not a launch mode"),
        ("launch", None, "mode `null` is not a launch mode"),
        ("launch", ["debug"], "is not a launch mode"),
        ("attach", "debug", "mode `debug` is not an attach mode"),
        ("attach", "Remote", "mode `Remote` is not an attach mode"),
        ("attach", True, "mode `true` is not an attach mode"),
        ("attach", "", '`"mode": ""` is not a mode'),
        ("launch", "", '`"mode": ""` is not a mode'),
    ],
)
def test_invalid_modes(tmp_path, request_, mode, quoted):
    text = launch_json(go(request_, mode=mode, debugAdapter="dlv-dap", substitutePath=REMOTE["substitutePath"]))
    (found,) = only(lint(tmp_path, text), "VL001")
    assert quoted in found["message"]
    assert text_at(text, found) == json.dumps(mode)


# --- VL002 launch-remote-path-deprecated -------------------------------------------------------


def test_remote_path_on_attach_points_at_the_key_and_writes_the_mapping(tmp_path):
    text = launch_json(go("attach", mode="remote", debugAdapter="dlv-dap", remotePath="/go/src/app"))
    (found,) = lint(tmp_path, text)
    assert found["rule"] == "VL002" and found["severity"] == "warning"
    assert text_at(text, found) == '"remotePath"'
    assert found["message"] == (
        '`"remotePath": "/go/src/app"` is deprecated and not supported by the dlv-dap adapter: write '
        '`"substitutePath": [{"from": "${workspaceFolder}", "to": "/go/src/app"}]` instead'
    )


def test_remote_path_on_launch_is_not_a_launch_attribute(tmp_path):
    (found,) = lint(tmp_path, launch_json(go("launch", program=".", remotePath="/src")))
    assert found["message"].startswith("`remotePath` is not a launch attribute")
    assert '"to": "/src"' in found["message"]


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_remote_path_maps_nothing(tmp_path, empty):
    (found,) = lint(tmp_path, launch_json(go("launch", program=".", remotePath=empty)))
    assert "maps nothing: delete it" in found["message"]


# --- VL003 launch-api-version-1 ------------------------------------------------------------------


def test_api_version_1_and_use_api_v1_are_both_reported_at_their_values(tmp_path):
    text = launch_json(go("attach", **REMOTE, apiVersion=1, useApiV1=True))
    found = lint(tmp_path, text)
    assert [(d["rule"], text_at(text, d)) for d in found] == [("VL003", "1"), ("VL003", "true")]
    assert all("v1.24.0" in d["message"] and d["severity"] == "error" for d in found)


@pytest.mark.parametrize("attributes", [{"apiVersion": 2}, {"useApiV1": False}, {"apiVersion": 2, "useApiV1": False}])
def test_api_version_2(tmp_path, attributes):
    assert lint(tmp_path, launch_json(go("launch", **attributes))) == []


# --- VL004 launch-remote-adapter-implicit, VL005 launch-remote-no-substitute-path ---------------


def test_remote_attach_without_adapter_or_mapping(tmp_path):
    text = launch_json(go("attach", mode="remote", port=2345, host="127.0.0.1"))
    found = lint(tmp_path, text)
    assert places(found) == [(4, 64, "VL004"), (4, 64, "VL005")]
    assert all(text_at(text, d) == '"remote"' for d in found)
    adapter, mapping = found
    assert '"debugAdapter": "dlv-dap"' in adapter["message"] and "legacy" in adapter["message"]
    assert '"substitutePath": [{"from": "${workspaceFolder}", "to": "/path/on/target"}]' in mapping["message"]


@pytest.mark.parametrize("adapter", ["dlv-dap", "legacy"])
def test_an_explicit_adapter(tmp_path, adapter):
    assert lint(tmp_path, launch_json(go("attach", **{**REMOTE, "debugAdapter": adapter}))) == []


def test_local_attach_and_launch_need_neither_adapter_nor_mapping(tmp_path):
    text = launch_json(go("attach", mode="local", processId=0), go("attach", processId=0), go("launch", port=2345))
    assert lint(tmp_path, text) == []


def test_an_empty_substitute_path_is_reported_at_the_empty_list(tmp_path):
    text = launch_json(go("attach", mode="remote", debugAdapter="dlv-dap", substitutePath=[]))
    (found,) = lint(tmp_path, text)
    assert found["rule"] == "VL005" and text_at(text, found) == "[]"


def test_remote_path_counts_as_a_mapping_for_vl005(tmp_path):
    found = lint(tmp_path, launch_json(go("attach", mode="remote", debugAdapter="dlv-dap", remotePath="/app")))
    assert [d["rule"] for d in found] == ["VL002"]
    found = lint(tmp_path, launch_json(go("attach", mode="remote", debugAdapter="dlv-dap", remotePath="")))
    assert sorted(d["rule"] for d in found) == ["VL002", "VL005"]


def test_settings_json_beside_launch_json_supplies_the_adapter_and_the_mapping(tmp_path):
    write(
        tmp_path,
        ".vscode/settings.json",
        '{\n  // team defaults\n  "go.delveConfig": {\n    "debugAdapter": "dlv-dap",\n'
        '    "substitutePath": [{"from": "${workspaceFolder}", "to": "/app"}],\n  },\n}\n',
    )
    assert lint(tmp_path, launch_json(go("attach", mode="remote", port=2345))) == []


@pytest.mark.parametrize(
    "settings",
    [
        '{"go.delveConfig": {"showGlobalVariables": true, "substitutePath": []}}',
        '{"go.toolsEnvVars": {"GOFLAGS": "-mod=mod"}}',
        '{"go.delveConfig": ',  # does not parse: nothing can be read from it
    ],
)
def test_settings_json_without_the_adapter_or_a_mapping(tmp_path, settings):
    write(tmp_path, ".vscode/settings.json", settings)
    found = lint(tmp_path, launch_json(go("attach", mode="remote", port=2345)))
    assert [d["rule"] for d in found] == ["VL004", "VL005"]


def test_an_empty_substitute_path_overrides_the_settings(tmp_path):
    write(tmp_path, ".vscode/settings.json", '{"go.delveConfig": {"substitutePath": [{"from": "/a", "to": "/b"}]}}')
    found = lint(tmp_path, launch_json(go("attach", mode="remote", debugAdapter="dlv-dap", substitutePath=[])))
    assert [d["rule"] for d in found] == ["VL005"]


# --- VL008 launch-port-invalid -------------------------------------------------------------------


@pytest.mark.parametrize("port", [1, 2345, 65535, 2345.0, "${input:dlvPort}", "${env:DLV_PORT}", "${config:go.port}"])
def test_valid_ports(tmp_path, port):
    assert lint(tmp_path, launch_json(go("launch", port=port))) == []


@pytest.mark.parametrize(
    ("port", "says"),
    [
        ("2345", '`"port": "2345"` is a string: write the number, `"port": 2345`'),
        (0, "is no port to connect to"),
        (-1, "is no port to connect to"),
        (65536, "is above 65535"),
        (2345.5, "is not a whole number"),
        ("localhost:2345", "is not a port number"),
        ("${input:host}:${input:port}", "is not a port number"),
        ("", "is not a port number"),
        (True, '`"port": true` is not a port number'),
        (None, '`"port": null` is not a port number'),
        ({"value": 2345}, "is an object or array"),
        ([2345], "is an object or array"),
    ],
)
def test_invalid_ports(tmp_path, port, says):
    text = launch_json(go("attach", **REMOTE, port=port))
    (found,) = lint(tmp_path, text)
    assert found["rule"] == "VL008" and found["severity"] == "error"
    assert says in found["message"]
    assert text_at(text, found) == json.dumps(port)


# --- files: JSONC, workspaces, suppressions ------------------------------------------------------

JSONC = """\
{
  // Debug the service in its container.
  "version": "0.2.0",
  "configurations": [
    {
      "name": "Container",
      "type": "go",
      "request": "attach",
      "mode": "remote", /* dlv --headless in the container */
      "remotePath": "/app",
      "port": "2345",
    },
  ],
}
"""


def test_jsonc_comments_and_trailing_commas(tmp_path):
    found = lint(tmp_path, JSONC)
    assert places(found) == [(9, 15, "VL004"), (10, 7, "VL002"), (11, 15, "VL008")]


def test_a_workspace_file(tmp_path):
    text = (
        "{\n"
        '  "folders": [{"path": "svc"}],\n'
        '  "settings": {"go.delveConfig": {"debugAdapter": "dlv-dap"}},\n'
        '  "launch": {\n'
        '    "version": "0.2.0",\n'
        '    "configurations": [\n'
        '      {"name": "a", "type": "go", "request": "attach", "mode": "test", "debugAdapter": "dlv-dap"},\n'
        '      {"name": "b", "type": "go", "request": "launch", "port": 70000},\n'
        "    ],\n"
        '    "compounds": [],\n'
        "  },\n"
        "}\n"
    )
    found = lint(tmp_path, text, name="team.code-workspace")
    assert places(found) == [(7, 64, "VL001"), (8, 64, "VL008")]
    assert [text_at(text, d) for d in found] == ['"test"', "70000"]


def test_suppression_on_the_line_and_above(tmp_path):
    text = """\
{
  "configurations": [
    {
      "name": "Local dlv --headless",
      "type": "go",
      "request": "attach",
      "debugAdapter": "dlv-dap",
      "mode": "remote", // remdev-lint: ignore[VL005]
      "port": 2345
    },
    {
      "name": "Same paths",
      "type": "go",
      "request": "attach",
      "debugAdapter": "dlv-dap",
      // remdev-lint: ignore[launch-remote-no-substitute-path]
      "mode": "remote",
      "port": 2345
    }
  ]
}
"""
    assert lint(tmp_path, text, select="VL,RL002") == []


def test_a_suppression_that_suppresses_nothing_is_reported(tmp_path):
    text = launch_json(go("launch", program="."))
    text = text.replace('"program": "."}', '"program": "."} // remdev-lint: ignore[VL008]')
    assert places(lint(tmp_path, text, select="VL,RL002")) == [(4, 75, "RL002")]


def test_a_file_wide_suppression(tmp_path):
    text = "// remdev-lint: ignore-file[VL004]\n" + launch_json(go("attach", mode="remote", **{"remotePath": "/app"}))
    assert [d["rule"] for d in lint(tmp_path, text)] == ["VL002"]


# --- the real-world corpus -------------------------------------------------------------------------

PINNED_LAUNCH = {"VL001": 5, "VL002": 26, "VL003": 1, "VL004": 31, "VL005": 8, "VL006": 2, "VL007": 1, "VL008": 1}


def test_launch_corpus_lints_without_crash_and_findings_are_pinned(tmp_path):
    root = shared_path("corpus", "launch")
    files = sorted(p for p in root.iterdir() if p.is_file())
    assert len(files) == 91
    counts: Counter[str] = Counter()
    for path in files:
        result = run_cli(
            ["--format", "json", "--select", "VL,RL001", "--stdin-filename", LAUNCH],
            tmp_path,
            stdin=path.read_bytes().decode("utf-8-sig"),
        )
        assert result.err == "" and result.code in (0, 1), (path.name, result)
        for diagnostic in json.loads(result.out)["diagnostics"]:
            counts[diagnostic["rule"]] += 1
    assert dict(counts) == PINNED_LAUNCH
