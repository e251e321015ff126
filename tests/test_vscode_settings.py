"""The VS Code settings rules VS001-VS005 (rules/vscode-settings.yaml), end to end: settings files
written into a temporary folder, the real CLI run with ``--select VS``, and the exact place and
text of what it reports. Covered: both file kinds (``.vscode/settings.json`` and the ``settings``
of a ``*.code-workspace``) and what must not be mistaken for either, values of the wrong type,
GOPROXY lists as the go command reads them, GOPRIVATE/GONOSUMDB patterns, gopls's environment in
both spellings, comments inside values, suppressions, and the real-world corpus.

Review of the corpus findings (../shared/corpus/settings, 36 files, each linted as
``.vscode/settings.json``; read by hand):

- RL001, 1, true positive: 812lcl/dotfiles (a User settings.json) misses a comma after
  ``"window.newWindowProfile": "812lcl"`` on line 164; reported at 165:3, the next member. VS
  Code's own reader recovers from that and flags the error; the file is not valid JSONC. No other
  rule reads a file that does not parse.
- VS001, 35 (every file that parses), all true positives of the rule as written: not one corpus
  file sets ``remote.autoForwardPorts``. The findings that matter most are the remote-development
  samples (microsoft/vscode-remote-try-go, yasu-s/vscode-remote-go, acsdev's dev-container sample,
  coder/coder, loft-sh/devpod): they are opened in remote windows, where every port a debug
  session opens is forwarded. In a repository that is never opened remotely the setting does
  nothing, so there the warning is noise rather than wrong; such a team ignores VS001. Two files
  are User settings, not workspace settings (74th/dotfiles ``vscode/settings.json``, and the
  broken 812lcl one): linted as ``.vscode/settings.json`` here only because this test names them
  so. golang/vscode-go starts with a comment line, so its finding stands at 1:1 on that comment
  (see ``test_root_finding_after_a_leading_comment``).
- VS002, 27, true positives: every file with a ``go.*``, ``gopls`` or ``[go]`` setting and no
  ``go.toolsEnvVars`` (none in the corpus has one). E.g. jesseduffield/lazygit tunes gopls's
  analyses and go.alternateTools but leaves GOPROXY to each machine; peterldowns's Nix example
  gets Go from Nix, yet modules still come from whatever GOPROXY the shell has. The 8 files
  that parse and have no finding do not configure Go (cli/cli's Swift settings, devcontainers/cli's
  TypeScript ones, a cSpell word list, colours): not reporting them is the point of the rule's
  "configures Go" condition, not a miss.
- VS005, 1, true positive in a fixture: golang/vscode-go's
  ``extension/test/gopls/testdata/src/workspace/.vscode/settings.json`` has
  ``"go.languageServerFlags": ["-rpc.trace", "serve"]``; ``-rpc.trace`` is reported (2:29),
  ``serve`` (a subcommand) is not. It is test data that traces on purpose; remdev-lint's folder
  walk skips ``testdata/`` folders, so in that repository it would only be seen when named.
- VS003, VS004: none. No corpus file sets GOPROXY, GOINSECURE, GOFLAGS, GOSUMDB, GOPRIVATE or
  GONOSUMDB (checked with grep), so the corpus says nothing about them: the tests below do.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import covered, json_diagnostics, run_cli, shared_path, write
from remdev_lint.model import Span

SETTINGS = ".vscode/settings.json"


def diagnostics(cwd: Path, *args: str, select: str = "VS,VS002") -> list[dict]:
    return json_diagnostics(cwd, *args, select=select)


@pytest.fixture(autouse=True)
def go_module(tmp_path: Path) -> None:
    """The settings are a Go module's: VS001 leaves a folder without Go to its owners."""
    write(tmp_path, "go.mod", "module example.com/app\n\ngo 1.22\n")


def lint(tmp_path: Path, text: str, name: str = SETTINGS, select: str = "VS,VS002") -> list[tuple[int, int, str]]:
    """(line, column, rule) of what a run over one file reports."""
    write(tmp_path, name, text)
    return [(d["line"], d["column"], d["rule"]) for d in diagnostics(tmp_path, select=select)]


def found(tmp_path: Path, text: str, name: str = SETTINGS, select: str = "VS,VS002") -> list[tuple[str, str, str]]:
    """(rule, the text the diagnostic covers, message) of what a run over one file reports."""
    write(tmp_path, name, text)
    result = []
    for d in diagnostics(tmp_path, select=select):
        span = Span(d["line"], d["column"], d["end_line"], d["end_column"])
        result.append((d["rule"], covered(text, span), d["message"]))
    return result


def env(variables: dict[str, str], where: str = "go.toolsEnvVars") -> str:
    """A settings.json that turns forwarding off, pins GOPROXY, and sets ``variables`` in
    ``where`` (``go.toolsEnvVars``, ``build.env`` or ``build`` for gopls's two spellings)."""
    body = json.dumps(variables)
    pinned = '{"GOPROXY": "https://proxy.golang.org,direct"}'
    if where == "go.toolsEnvVars":
        body = json.dumps({"GOPROXY": "https://proxy.golang.org,direct", **variables})
        return f'{{\n  "remote.autoForwardPorts": false,\n  "go.toolsEnvVars": {body}\n}}\n'
    gopls = f'{{"build.env": {body}}}' if where == "build.env" else f'{{"build": {{"env": {body}}}}}'
    return f'{{\n  "remote.autoForwardPorts": false,\n  "go.toolsEnvVars": {pinned},\n  "gopls": {gopls}\n}}\n'


# --- VS001 auto-forward-ports ------------------------------------------------------------------


def test_missing_setting_is_reported_at_the_start_of_the_settings_object(tmp_path):
    assert lint(tmp_path, '{\n  "editor.tabSize": 2\n}\n') == [(1, 1, "VS001")]


def test_false_is_the_only_good_value(tmp_path):
    assert lint(tmp_path, '{"remote.autoForwardPorts": false}\n') == []


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("true", "forwards every port"),
        ('"false"', "is a string, not the boolean `false`"),
        ('"off"', "is a string"),
        ('""', "not a boolean"),  # empty: falsy in VS Code, but still not `false`
        ("0", "not a boolean"),
        ("null", "not a boolean"),
        ("[false]", "not a boolean"),
    ],
)
def test_anything_but_false_is_reported_at_the_value(tmp_path, value, says):
    [(rule, text, message)] = found(tmp_path, f'{{\n  "remote.autoForwardPorts": {value}\n}}\n')
    assert rule == "VS001"
    assert text == value
    assert says in message
    assert '"remote.autoForwardPorts": false' in message


def test_string_false_message_quotes_the_string(tmp_path):
    [(_, _, message)] = found(tmp_path, '{"remote.autoForwardPorts": "false"}')
    assert message.startswith('`"remote.autoForwardPorts": "false"` is a string')
    assert "without quotes" in message


def test_comments_around_and_inside_the_value(tmp_path):
    text = '{\n  // port forwarding\n  "remote.autoForwardPorts": /* was false */ true, // on purpose?\n}\n'
    assert lint(tmp_path, text) == [(3, 46, "VS001")]
    assert lint(tmp_path, '{"remote.autoForwardPorts": /* off */ false,}') == []


def test_the_last_of_repeated_keys_counts(tmp_path):
    text = '{\n  "remote.autoForwardPorts": false,\n  "remote.autoForwardPorts": true\n}\n'
    assert lint(tmp_path, text, select="VS,VS002,RL") == [(2, 3, "RL003"), (3, 30, "VS001")]


def test_empty_settings_file_does_not_turn_forwarding_off(tmp_path):
    assert lint(tmp_path, "") == [(1, 1, "VS001")]
    assert lint(tmp_path, "// nothing yet\n") == [(1, 1, "VS001")]


def test_settings_json_in_any_folder_but_only_in_dot_vscode(tmp_path):
    write(tmp_path, "services/api/go.mod", "module example.com/api\n")
    write(tmp_path, "services/api/.vscode/settings.json", "{}\n")
    write(tmp_path, "settings.json", "{}\n")  # not a workspace's settings
    write(tmp_path, "vscode/settings.json", "{}\n")
    write(tmp_path, ".vscode/launch.json", '{"version": "0.2.0", "configurations": []}\n')
    assert [(d["path"], d["rule"]) for d in diagnostics(tmp_path)] == [("services/api/.vscode/settings.json", "VS001")]


def test_a_folder_without_go_is_judged_only_for_what_it_sets(tmp_path):
    """A frontend's settings (no Go setting, no go.mod or go.work beside .vscode/) are not
    asked for the setting; they are judged when they set it, or once the folder is Go's."""
    write(tmp_path, "web/.vscode/settings.json", '{"typescript.tsdk": "node_modules/typescript/lib"}\n')
    write(tmp_path, "ext/.vscode/settings.json", '{"remote.autoForwardPorts": true}\n')
    assert [(d["path"], d["rule"]) for d in diagnostics(tmp_path)] == [("ext/.vscode/settings.json", "VS001")]

    write(tmp_path, "web/go.work", "go 1.22\n")
    assert ("web/.vscode/settings.json", "VS001") in [(d["path"], d["rule"]) for d in diagnostics(tmp_path)]


def test_a_stray_settings_key_in_settings_json_is_not_a_workspace(tmp_path):
    # Only the root is a settings.json's settings object; its "settings" member is just a key.
    text = '{\n  "remote.autoForwardPorts": false,\n  "settings": {"go.toolsEnvVars": {"GOSUMDB": "off"}}\n}\n'
    assert lint(tmp_path, text) == []
    text = '{\n  "settings": {"remote.autoForwardPorts": false}\n}\n'
    assert lint(tmp_path, text) == [(1, 1, "VS001")]


WORKSPACE = "project.code-workspace"


def test_workspace_settings_are_judged_at_the_settings_object(tmp_path):
    text = '{\n  "folders": [{"path": "."}],\n  "settings": {\n    "editor.tabSize": 2,\n  },\n}\n'
    assert found(tmp_path, text, WORKSPACE)[0][:2] == ("VS001", '{\n    "editor.tabSize": 2,\n  }')
    assert lint(tmp_path, text, WORKSPACE) == [(3, 15, "VS001")]


def test_workspace_root_is_not_a_settings_object(tmp_path):
    # No settings member: nothing to judge. A setting at the root is not a setting (VS Code
    # reads only `settings`), so it neither counts nor is judged.
    assert lint(tmp_path, '{"folders": [{"path": "."}]}\n', WORKSPACE) == []
    text = (
        '{\n  "folders": [],\n  "remote.autoForwardPorts": false,\n  "settings": {"remote.autoForwardPorts": true}\n}\n'
    )
    assert lint(tmp_path, text, WORKSPACE) == [(4, 43, "VS001")]
    text = '{"folders": [], "remote.autoForwardPorts": true, "settings": {"remote.autoForwardPorts": false}}\n'
    assert lint(tmp_path, text, WORKSPACE) == []


def test_workspace_files_anywhere_even_in_dot_vscode(tmp_path):
    text = '{"folders": [{"path": ".."}], "settings": {}}\n'
    write(tmp_path, "dev/team.code-workspace", text)
    # A workspace file kept in .vscode/ is still a workspace file: its `settings` are judged,
    # and its root is not taken for a settings.json.
    write(tmp_path, ".vscode/team.code-workspace", text)
    assert [(d["path"], d["line"], d["column"]) for d in diagnostics(tmp_path)] == [
        (".vscode/team.code-workspace", 1, 43),
        ("dev/team.code-workspace", 1, 43),
    ]


def test_suppression_at_the_value_and_on_the_line_above(tmp_path):
    text = '{\n  "remote.autoForwardPorts": true, // remdev-lint: ignore[VS001] we need the preview\n}\n'
    assert lint(tmp_path, text, select="VS,VS002,RL") == []
    text = '{\n  // remdev-lint: ignore[auto-forward-ports]\n  "remote.autoForwardPorts": true\n}\n'
    assert lint(tmp_path, text, select="VS,VS002,RL") == []


def test_suppressing_a_missing_setting(tmp_path):
    assert lint(tmp_path, '{ // remdev-lint: ignore[VS001]\n  "editor.tabSize": 2\n}\n', select="VS,VS002,RL") == []
    text = '// remdev-lint: ignore-file[VS001]\n{\n  "editor.tabSize": 2\n}\n'
    assert lint(tmp_path, text, select="VS,VS002,RL") == []
    text = '{\n  "folders": [],\n  "settings": { // remdev-lint: ignore[VS001]\n  }\n}\n'
    assert lint(tmp_path, text, WORKSPACE, select="VS,VS002,RL") == []


def test_root_finding_after_a_leading_comment(tmp_path):
    assert lint(tmp_path, "// Team settings\n{\n}\n") == [(2, 1, "VS001")]
    assert lint(tmp_path, "// Team settings\n{ // remdev-lint: ignore[VS001]\n}\n", select="VS,VS002,RL") == []


# --- VS002 goproxy-not-pinned ------------------------------------------------------------------


def test_settings_that_do_not_configure_go_are_not_asked_for_goproxy(tmp_path):
    assert lint(tmp_path, '{"remote.autoForwardPorts": false, "python.analysis.typeCheckingMode": "strict"}') == []
    # Keys that only contain "go" do not configure Go.
    assert lint(tmp_path, '{"remote.autoForwardPorts": false, "cSpell.words": ["gopls"], "golang": 1}') == []


@pytest.mark.parametrize(
    "setting",
    [
        '"go.lintTool": "golangci-lint"',
        '"gopls": {"ui.semanticTokens": true}',
        '"[go]": {"editor.tabSize": 4}',
        '"[go.mod]": {"editor.formatOnSave": true}',
    ],
)
def test_any_go_setting_asks_for_tools_env_vars(tmp_path, setting):
    [(rule, _, message)] = found(tmp_path, f'{{"remote.autoForwardPorts": false, {setting}}}')
    assert rule == "VS002"
    assert message.startswith("no `go.toolsEnvVars`")
    assert '`"go.toolsEnvVars": {"GOPROXY": "https://proxy.golang.org,direct"}`' in message


def test_tools_env_vars_without_goproxy_is_reported_at_its_key(tmp_path):
    text = '{\n  "remote.autoForwardPorts": false,\n  "go.toolsEnvVars": {"GOFLAGS": "-mod=mod"}\n}\n'
    [(rule, text, message)] = found(tmp_path, text)
    assert (rule, text) == ("VS002", '"go.toolsEnvVars"')
    assert '"GOPROXY": "https://proxy.golang.org,direct"' in message


def test_goproxy_only_in_gopls_build_env_does_not_pin_the_tools(tmp_path):
    text = '{"remote.autoForwardPorts": false, "go.toolsEnvVars": {}, "gopls": {"build.env": {"GOPROXY": "direct"}}}'
    assert [rule for rule, _, _ in found(tmp_path, text)] == ["VS002"]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('""', "is empty"),
        ('"   "', "is empty"),
        ('"${env:GOPROXY}"', "copies the host's environment"),
        ("null", "not a string"),
        ("false", "not a string"),
    ],
)
def test_goproxy_values_that_pin_nothing(tmp_path, value, says):
    text = f'{{"remote.autoForwardPorts": false, "go.toolsEnvVars": {{"GOPROXY": {value}}}}}'
    [(rule, covered_text, message)] = found(tmp_path, text)
    assert (rule, covered_text) == ("VS002", value)
    assert says in message


@pytest.mark.parametrize(
    "value", ["off", "direct", "https://goproxy.corp.example.com", "https://proxy.golang.org,direct", "${env:CORP}x"]
)
def test_any_explicit_goproxy_pins_it(tmp_path, value):
    text = f'{{"remote.autoForwardPorts": false, "go.toolsEnvVars": {{"GOPROXY": "{value}"}}}}'
    assert lint(tmp_path, text) == []


def test_tools_env_vars_of_the_wrong_type(tmp_path):
    text = '{"remote.autoForwardPorts": false, "go.toolsEnvVars": "GOPROXY=direct"}'
    [(rule, covered_text, message)] = found(tmp_path, text)
    assert (rule, covered_text) == ("VS002", '"GOPROXY=direct"')
    assert "not an object" in message


def test_workspace_tools_env_vars(tmp_path):
    text = (
        '{\n  "folders": [{"path": "."}],\n'
        '  "go.toolsEnvVars": {"GOPROXY": "direct"},\n'  # at the root: not a setting
        '  "settings": {"remote.autoForwardPorts": false, "go.toolsEnvVars": {}}\n}\n'
    )
    assert found(tmp_path, text, WORKSPACE)[0][:2] == ("VS002", '"go.toolsEnvVars"')
    assert lint(tmp_path, text, WORKSPACE) == [(4, 50, "VS002")]


# --- VS003 go-insecure-fetch -------------------------------------------------------------------


@pytest.mark.parametrize(
    "goproxy",
    [
        "http://goproxy.lan",
        "HTTP://goproxy.lan",  # Go lowercases the scheme
        "https://proxy.golang.org,http://goproxy.lan",
        "https://proxy.golang.org|http://goproxy.lan,direct",
        " http://goproxy.lan , direct",  # spaces around entries are trimmed
        ",,http://goproxy.lan",  # empty entries are skipped
        "offline.example.com,http://goproxy.lan",  # not the keyword off
        "https://a.example.com|http://b.example.com|https://c.example.com",
    ],
)
def test_cleartext_proxy_entries(tmp_path, goproxy):
    [(rule, text, message)] = found(tmp_path, env({"GOPROXY": goproxy}))
    assert (rule, text) == ("VS003", json.dumps(goproxy))
    assert message.startswith(f"`GOPROXY={goproxy}` fetches modules through a proxy over cleartext `http://`")
    assert "use `https://`" in message


@pytest.mark.parametrize(
    "goproxy",
    [
        "https://proxy.golang.org,direct",
        "goproxy.corp.example.com",  # no scheme: https
        "file:///srv/goproxy,off",
        "off",
        "direct",
        "direct,http://goproxy.lan",  # the go command stops reading at direct
        "off|http://goproxy.lan",  # ... and at off
        " direct , http://goproxy.lan",
        "https://gw.example.com/http://goproxy.lan",  # http:// inside a path, not a scheme
        "https://httpproxy.example.com",
    ],
)
def test_proxy_lists_without_a_used_cleartext_entry(tmp_path, goproxy):
    assert lint(tmp_path, env({"GOPROXY": goproxy})) == []


@pytest.mark.parametrize(
    ("value", "reported"), [("git.corp.example.com", True), ("*", True), ("", False), (" ", False), (",", False)]
)
def test_goinsecure(tmp_path, value, reported):
    result = found(tmp_path, env({"GOINSECURE": value}))
    if not reported:
        assert result == []
        return
    [(rule, text, message)] = result
    assert (rule, text) == ("VS003", json.dumps(value))
    assert message.startswith(f"`GOINSECURE={value}` lets the go command fetch these modules over plain HTTP")


@pytest.mark.parametrize(
    ("goflags", "reported"),
    [
        ("-insecure", True),
        ("--insecure", True),
        ("-mod=mod -insecure", True),
        ("-insecure=true -mod=mod", True),
        ("  -insecure  ", True),
        ("-insecure=false", False),
        ("-mod=mod", False),
        ("-insecureskipverify", False),
        ("-tags=insecure", False),
    ],
)
def test_goflags_insecure(tmp_path, goflags, reported):
    result = found(tmp_path, env({"GOFLAGS": goflags}))
    assert [(rule, text) for rule, text, _ in result] == ([("VS003", json.dumps(goflags))] if reported else [])
    if reported:
        assert "a flag Go removed" in result[0][2]


@pytest.mark.parametrize("where", ["build.env", "build"])
def test_gopls_build_env_in_both_spellings(tmp_path, where):
    text = env({"GOPROXY": "http://goproxy.lan", "GOINSECURE": "git.lan", "GOFLAGS": "-insecure"}, where)
    assert sorted(text for _, text, _ in found(tmp_path, text)) == ['"-insecure"', '"git.lan"', '"http://goproxy.lan"']


def test_tools_env_vars_and_gopls_each_reported(tmp_path):
    text = (
        '{\n  "remote.autoForwardPorts": false,\n'
        '  "go.toolsEnvVars": {"GOPROXY": "http://a.lan"},\n'
        '  "gopls": {"build.env": {"GOPROXY": "http://b.lan"}, "build": {"env": {"GOPROXY": "http://c.lan"}}}\n}\n'
    )
    assert lint(tmp_path, text) == [(3, 34, "VS003"), (4, 38, "VS003"), (4, 84, "VS003")]


def test_a_comment_between_key_and_value(tmp_path):
    text = '{\n  "remote.autoForwardPorts": false,\n  "go.toolsEnvVars": {\n    "GOPROXY": /* lab */ "http://p.lan",\n  },\n}\n'
    assert lint(tmp_path, text) == [(4, 26, "VS003")]


def test_workspace_env_and_misplaced_root_env(tmp_path):
    text = (
        '{\n  "folders": [{"path": "."}],\n'
        '  "go.toolsEnvVars": {"GOPROXY": "http://ignored.lan"},\n'
        '  "settings": {\n    "remote.autoForwardPorts": false,\n'
        '    "go.toolsEnvVars": {"GOPROXY": "http://p.lan", "GOINSECURE": "p.lan"},\n'
        '    "gopls": {"build": {"env": {"GOFLAGS": "-insecure"}}}\n  }\n}\n'
    )
    assert lint(tmp_path, text, WORKSPACE) == [(6, 36, "VS003"), (6, 66, "VS003"), (7, 44, "VS003")]


def test_suppressing_a_known_private_host(tmp_path):
    text = (
        '{\n  "remote.autoForwardPorts": false,\n  "go.toolsEnvVars": {\n'
        '    "GOPROXY": "https://proxy.golang.org,direct",\n'
        "    // remdev-lint: ignore[VS003] git.lab.lan has no certificate yet (INFRA-12)\n"
        '    "GOINSECURE": "git.lab.lan",\n  },\n}\n'
    )
    assert lint(tmp_path, text, select="VS,VS002,RL") == []


# --- VS004 checksum-db-disabled ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("variables", "reported"),
    [
        ({"GOSUMDB": "off"}, ["GOSUMDB"]),
        ({"GOSUMDB": "OFF"}, []),  # only "off" is off; another name is a database name
        ({"GOSUMDB": " off"}, []),
        ({"GOSUMDB": ""}, []),  # empty: the default, sum.golang.org
        ({"GOSUMDB": "sum.golang.google.cn"}, []),
        ({"GOPRIVATE": "*"}, ["GOPRIVATE"]),
        ({"GOPRIVATE": "github.com/acme,*"}, ["GOPRIVATE"]),
        ({"GOPRIVATE": "*,github.com/acme"}, ["GOPRIVATE"]),
        ({"GOPRIVATE": "*/"}, ["GOPRIVATE"]),  # Go trims a trailing slash
        ({"GOPRIVATE": "**"}, ["GOPRIVATE"]),
        ({"GOPRIVATE": "*.corp.example.com"}, []),  # one domain's modules, not all
        ({"GOPRIVATE": "*.corp.example.com,github.com/acme/*"}, []),
        ({"GOPRIVATE": "github.com/acme, *"}, []),  # Go does not trim spaces: " *" matches nothing
        ({"GOPRIVATE": "*", "GONOSUMDB": "github.com/acme"}, []),  # GONOSUMDB decides
        ({"GOPRIVATE": "*", "GONOSUMDB": ""}, ["GOPRIVATE"]),  # empty: GOPRIVATE decides
        ({"GONOSUMDB": "*"}, ["GONOSUMDB"]),
        ({"GONOSUMDB": "example.com,*"}, ["GONOSUMDB"]),
        ({"GONOSUMDB": "*.corp.example.com"}, []),
        ({"GOSUMDB": "off", "GONOSUMDB": "*", "GOPRIVATE": "*"}, ["GOSUMDB", "GONOSUMDB"]),
    ],
)
def test_checksum_database_switched_off(tmp_path, variables, reported):
    result = found(tmp_path, env(variables))
    assert all(rule == "VS004" for rule, _, _ in result)
    assert sorted(text for _, text, _ in result) == sorted(json.dumps(variables[name]) for name in reported)
    messages = [message for _, _, message in result]
    for name in reported:  # each message quotes its own variable and value
        assert sum(m.startswith(f"`{name}={variables[name]}`") for m in messages) == 1, messages


def test_checksum_messages_say_what_to_write(tmp_path):
    messages = [m for _, _, m in found(tmp_path, env({"GOSUMDB": "off", "GOPRIVATE": "*"}))]
    assert any("turns off checksum verification for every module" in m for m in messages)
    assert any("which makes every module private" in m for m in messages)
    assert all('"GOPRIVATE": "*.corp.example.com,github.com/your-org"' in m for m in messages)


@pytest.mark.parametrize("where", ["build.env", "build"])
def test_checksum_in_gopls_build_env(tmp_path, where):
    assert [text for _, text, _ in found(tmp_path, env({"GOSUMDB": "off"}, where))] == ['"off"']


def test_checksum_in_workspace_settings(tmp_path):
    text = '{\n  "folders": [],\n  "settings": {"go.toolsEnvVars": {"GOPRIVATE": "*"}}\n}\n'
    assert lint(tmp_path, text, WORKSPACE, select="VS004") == [(3, 49, "VS004")]


# --- VS005 gopls-trace-committed ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "reported"),
    [
        (["-rpc.trace"], ["-rpc.trace"]),
        (["--rpc.trace"], ["--rpc.trace"]),
        (["-rpc.trace=true"], ["-rpc.trace=true"]),
        (["-rpc.trace=false"], []),
        (["-logfile", "/tmp/gopls.log"], ["-logfile"]),  # the path is the flag's argument
        (["-logfile=auto"], ["-logfile=auto"]),
        (["--logfile=/var/log/gopls.log"], ["--logfile=/var/log/gopls.log"]),
        (["-remote=auto", "-rpc.trace", "-logfile=x"], ["-rpc.trace", "-logfile=x"]),
        (["serve"], []),
        (["-remote=:37374"], []),
        (["-rpc.tracer"], []),
        (["-logfiles"], []),
        ([], []),
    ],
)
def test_language_server_flags(tmp_path, flags, reported):
    text = '{"remote.autoForwardPorts": false, "go.languageServerFlags": ' + json.dumps(flags) + "}"
    result = [(rule, covered_text) for rule, covered_text, _ in found(tmp_path, text, select="VS005")]
    assert result == [("VS005", json.dumps(flag)) for flag in reported]


def test_language_server_flag_messages(tmp_path):
    text = '{"go.languageServerFlags": ["-rpc.trace", "-logfile=/tmp/g.log"]}'
    [trace, logfile] = [m for _, _, m in found(tmp_path, text, select="VS005")]
    assert trace.startswith("`-rpc.trace` in `go.languageServerFlags` makes gopls log every request")
    assert logfile.startswith("`-logfile=/tmp/g.log` in `go.languageServerFlags` writes gopls's log to a file")
    assert all("User settings" in m for m in (trace, logfile))


def test_language_server_flags_in_workspace_with_comments(tmp_path):
    text = (
        "{\n"
        '  "folders": [{"path": "."}],\n'
        '  "settings": {\n'
        '    "go.languageServerFlags": [\n'
        '      // "-rpc.trace",  (commented out: not a flag)\n'
        '      "-logfile", /* for issue 42 */ "/tmp/gopls.log",\n'
        "    ],\n"
        "  },\n"
        "}\n"
    )
    assert lint(tmp_path, text, WORKSPACE, select="VS005") == [(6, 7, "VS005")]


# --- the real-world corpus ---------------------------------------------------------------------


def test_settings_corpus_lints_without_crash_and_findings_are_pinned(tmp_path):
    root = shared_path("corpus", "settings")
    files = sorted(p for p in root.iterdir() if p.is_file())
    counts: Counter[str] = Counter()
    for path in files:
        text = path.read_bytes().decode("utf-8")
        result = run_cli(
            ["--format", "json", "--select", "VS,VS002,RL", "--stdin-filename", SETTINGS, "-"], tmp_path, text
        )
        assert result.err == "" and result.code in (0, 1), (path.name, result)
        counts.update(d["rule"] for d in json.loads(result.out)["diagnostics"])
    assert len(files) == 36
    assert dict(counts) == PINNED_SETTINGS


PINNED_SETTINGS = {"RL001": 1, "VS001": 35, "VS002": 27, "VS005": 1}
