"""Configuration, end to end: where it is found, what every key does, how bad values are reported,
and custom rules from ``rule-dirs`` (one per file format, collisions, broken rule files).

Every case builds its repository and configuration in ``tmp_path`` and runs the CLI there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli, write

OLD_GO = "module example.com/app\n\ngo 1.19\n"  # GM003 (warning) at 3:4
ABSOLUTE_REPLACE = "module example.com/app\n\ngo 1.22\n\nreplace example.com/lib => /home/me/lib\n"  # GM001 at 5:28
BOTH = "module example.com/app\n\ngo 1.19\n\nreplace example.com/lib => /home/me/lib\n"  # GM003 3:4, GM001 5:28


def places(result) -> list[tuple[str, int, int, str]]:
    assert result.err == "", result
    return [(d["path"], d["line"], d["column"], d["rule"]) for d in json.loads(result.out)["diagnostics"]]


def lint(cwd: Path, *args: str) -> list[tuple[str, int, int, str]]:
    return places(run_cli(["--format", "json", *args], cwd))


def codes(cwd: Path, *args: str) -> list[str]:
    return [code for *_, code in lint(cwd, *args)]


def assert_config_error(result, *fragments: str) -> None:
    assert result.code == 2, result
    assert result.out == ""
    assert result.err.startswith("remdev-lint: error:"), result.err
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in result.err, (fragment, result.err)


# --- where the configuration is found -----------------------------------------------------------


def test_pyproject_table_is_read(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.remdev-lint]\nselect = ["GM001"]\n')
    write(tmp_path, "go.mod", BOTH)

    assert codes(tmp_path) == ["GM001"]


def test_remdev_lint_toml_takes_the_keys_at_the_top(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'ignore = ["GM001"]\n')
    write(tmp_path, "go.mod", BOTH)

    assert codes(tmp_path) == ["GM003"]


def test_no_configuration_means_every_rule(tmp_path):
    write(tmp_path, "go.mod", BOTH)

    assert codes(tmp_path) == ["GM003", "GM001"]


def test_the_configuration_above_the_current_folder_is_found(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'ignore = ["GM003"]\n')
    write(tmp_path, "services/api/go.mod", BOTH)

    assert lint(tmp_path / "services" / "api") == [("go.mod", 5, 28, "GM001")]
    assert lint(tmp_path / "services") == [("api/go.mod", 5, 28, "GM001")]


def test_the_nearest_configuration_wins(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'ignore = ["GM003"]\n')
    write(tmp_path, "services/pyproject.toml", '[tool.remdev-lint]\nignore = ["GM001"]\n')
    write(tmp_path, "services/api/go.mod", BOTH)

    assert codes(tmp_path / "services" / "api") == ["GM003"]
    assert codes(tmp_path / "services") == ["GM003"]
    assert codes(tmp_path) == ["GM003"]  # from the top too: each file is judged with its nearest one


def test_in_a_monorepo_each_file_is_judged_with_its_nearest_configuration(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'ignore = ["GM003"]\n')
    write(tmp_path, "svc/.remdev-lint.toml", 'ignore = ["GM001"]\nexclude = ["old/**"]\n')
    write(tmp_path, "go.mod", BOTH)
    write(tmp_path, "svc/go.mod", BOTH)
    write(tmp_path, "svc/old/go.mod", BOTH)  # excluded by svc's own configuration, relative to svc/
    write(tmp_path, "tools/go.mod", BOTH)  # no configuration of its own: the top's

    walked = lint(tmp_path)
    named = lint(tmp_path, "svc/go.mod", "go.mod", "svc/old/go.mod")

    assert walked == [("go.mod", 5, 28, "GM001"), ("svc/go.mod", 3, 4, "GM003"), ("tools/go.mod", 5, 28, "GM001")]
    assert named == [("go.mod", 5, 28, "GM001"), ("svc/go.mod", 3, 4, "GM003")]


def test_each_configuration_decides_whether_its_findings_fail_the_run(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'select = ["GM003"]\n')
    write(tmp_path, "svc/.remdev-lint.toml", 'select = ["GM003"]\nfail-on = "error"\n')
    write(tmp_path, "svc/go.mod", BOTH)  # GM003 is a warning: not a failure for svc

    assert run_cli(["svc/go.mod"], tmp_path).code == 0
    write(tmp_path, "go.mod", BOTH)
    assert run_cli(["svc/go.mod", "go.mod"], tmp_path).code == 1


def test_standard_input_is_judged_with_the_configuration_nearest_its_name(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'ignore = ["GM003"]\n')
    write(tmp_path, "svc/.remdev-lint.toml", 'ignore = ["GM001"]\n')

    result = run_cli(["--format", "json", "--stdin-filename", "svc/go.mod"], tmp_path, stdin=BOTH)

    assert places(result) == [("svc/go.mod", 3, 4, "GM003")]


def test_a_pyproject_table_header_in_a_remdev_lint_toml_says_to_drop_it(tmp_path):
    write(tmp_path, ".remdev-lint.toml", '[tool.remdev-lint]\nignore = ["GM003"]\n')
    write(tmp_path, "go.mod", BOTH)

    assert_config_error(run_cli([], tmp_path), ".remdev-lint.toml: tool: ", "drop the [tool.remdev-lint] header")


@pytest.mark.parametrize(
    "pyproject",
    [
        '[project]\nname = "svc"\n',
        "[tool.black]\nline-length = 100\n",
        '[tool.other]\nnote = "we also run remdev-lint"\n',  # mentions us, has no table for us
        '[tool.remdev-linter]\nselect = ["GM001"]\n',
    ],
    ids=["project-only", "other-tool", "mentions-the-name", "similar-name"],
)
def test_a_pyproject_without_the_table_is_passed_over(tmp_path, pyproject):
    write(tmp_path, ".remdev-lint.toml", 'ignore = ["GM003"]\n')
    write(tmp_path, "svc/pyproject.toml", pyproject)
    write(tmp_path, "svc/go.mod", BOTH)

    assert codes(tmp_path / "svc") == ["GM001"]


def test_in_one_folder_remdev_lint_toml_wins_over_pyproject(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'ignore = ["GM003"]\n')
    write(tmp_path, "pyproject.toml", '[tool.remdev-lint]\nignore = ["GM001"]\n')
    write(tmp_path, "go.mod", BOTH)

    assert codes(tmp_path) == ["GM001"]


def test_config_option_overrides_the_discovered_file(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'ignore = ["GM003"]\n')
    write(tmp_path, "ci/strict.toml", 'select = ["GM003"]\n')
    write(tmp_path, "ci/pyproject.toml", '[tool.remdev-lint]\nignore = ["GM"]\n')
    write(tmp_path, "go.mod", BOTH)

    assert codes(tmp_path, "--config", "ci/strict.toml") == ["GM003"]
    assert codes(tmp_path, "--config", "ci/pyproject.toml") == []
    assert codes(tmp_path / "ci", "--config", "strict.toml", "..") == ["GM003"]


def test_config_option_naming_a_missing_file_is_an_error(tmp_path):
    write(tmp_path, "go.mod", BOTH)

    assert_config_error(run_cli(["--config", "nowhere.toml"], tmp_path), "nowhere.toml")


def test_config_option_naming_a_pyproject_without_the_table_is_an_error(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')
    write(tmp_path, "go.mod", BOTH)

    assert_config_error(run_cli(["--config", "pyproject.toml"], tmp_path), "pyproject.toml", "tool.remdev-lint")


# --- what the keys do -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ('select = ["GM003"]', ["GM003"]),
        ('select = ["local-replace-absolute"]', ["GM001"]),
        ('select = ["GM"]\nignore = ["GM003"]', ["GM001"]),
        ('ignore = ["go-version-too-old"]', ["GM001"]),
    ],
)
@pytest.mark.parametrize("kind", ["remdev-lint.toml", "pyproject.toml"])
def test_select_and_ignore_keys(tmp_path, kind, settings, expected):
    if kind == "pyproject.toml":
        write(tmp_path, "pyproject.toml", "[tool.remdev-lint]\n" + settings + "\n")
    else:
        write(tmp_path, ".remdev-lint.toml", settings + "\n")
    write(tmp_path, "go.mod", BOTH)

    assert codes(tmp_path) == expected


@pytest.mark.parametrize("settings", ["select = []", 'select = ["GM001"]\nignore = ["GM001"]', 'ignore = ["ALL"]'])
def test_a_configuration_that_leaves_no_rule_is_an_error(tmp_path, settings):
    write(tmp_path, ".remdev-lint.toml", settings + "\n")
    write(tmp_path, "go.mod", BOTH)

    result = run_cli([], tmp_path)

    assert result.code == 2
    assert "the configuration's select and ignore leave no rule to check" in result.err


def test_exclude_skips_matching_files_when_walking(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'exclude = ["generated", "legacy/*/go.mod", "/top-only"]\n')
    write(tmp_path, "generated/go.mod", ABSOLUTE_REPLACE)
    write(tmp_path, "svc/generated/go.mod", ABSOLUTE_REPLACE)  # a name without '/' matches at any depth
    write(tmp_path, "legacy/a/go.mod", ABSOLUTE_REPLACE)
    write(tmp_path, "legacy/a/b/go.mod", OLD_GO)  # '*' does not cross folders
    write(tmp_path, "top-only/go.mod", ABSOLUTE_REPLACE)
    write(tmp_path, "svc/top-only/go.mod", OLD_GO)  # anchored with '/': only at the top
    write(tmp_path, "svc/go.mod", OLD_GO)

    assert lint(tmp_path) == [
        ("legacy/a/b/go.mod", 3, 4, "GM003"),
        ("svc/go.mod", 3, 4, "GM003"),
        ("svc/top-only/go.mod", 3, 4, "GM003"),
    ]


def test_exclude_is_relative_to_the_configuration_file(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'exclude = ["services/gen"]\n')
    write(tmp_path, "services/gen/go.mod", ABSOLUTE_REPLACE)
    write(tmp_path, "services/api/go.mod", OLD_GO)

    assert lint(tmp_path / "services") == [("api/go.mod", 3, 4, "GM003")]


def test_per_file_ignores_maps_globs_to_codes_and_names(tmp_path):
    write(
        tmp_path,
        ".remdev-lint.toml",
        '[per-file-ignores]\n"legacy/**" = ["GM001"]\n"go.work" = ["go-version-too-old"]\n',
    )
    write(tmp_path, "legacy/old/go.mod", BOTH)
    write(tmp_path, "go.mod", BOTH)
    write(tmp_path, "go.work", "go 1.19\n")

    assert lint(tmp_path) == [
        ("go.mod", 3, 4, "GM003"),
        ("go.mod", 5, 28, "GM001"),
        ("legacy/old/go.mod", 3, 4, "GM003"),
    ]


def test_fail_on_key_and_the_command_line_option(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'fail-on = "error"\n')
    write(tmp_path, "go.mod", OLD_GO)

    assert run_cli([], tmp_path).code == 0
    assert run_cli(["--fail-on", "warning"], tmp_path).code == 1


@pytest.mark.parametrize(
    "table",
    ["[tool.remdev-lint.rules.GM003]", "[tool.remdev-lint.rules.go-version-too-old]"],
    ids=["by-code", "by-name"],
)
def test_rule_option_set_in_a_rules_table(tmp_path, table):
    write(tmp_path, "pyproject.toml", f'{table}\nmin-go-version = "1.22"\n')
    write(tmp_path, "go.mod", "module example.com/app\n\ngo 1.21.6\n")
    write(tmp_path, "ok/go.mod", "module example.com/ok\n\ngo 1.22rc1\n")  # 1.22rc1 is newer than 1.22

    result = run_cli(["--format", "json"], tmp_path)

    [diagnostic] = json.loads(result.out)["diagnostics"]
    assert (diagnostic["path"], diagnostic["line"], diagnostic["column"], diagnostic["rule"]) == (
        "go.mod",
        3,
        4,
        "GM003",
    )
    assert "1.22" in diagnostic["message"] and "`go 1.21.6`" in diagnostic["message"]


def test_rule_severity_set_in_a_rules_table(tmp_path):
    write(tmp_path, ".remdev-lint.toml", '[rules.local-replace-absolute]\nseverity = "warning"\n')
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)

    result = run_cli(["--format", "json"], tmp_path)

    assert [(d["rule"], d["severity"]) for d in json.loads(result.out)["diagnostics"]] == [("GM001", "warning")]
    assert result.code == 1
    assert run_cli(["--fail-on", "error"], tmp_path).code == 0


# --- bad configuration --------------------------------------------------------------------------

BAD_SETTINGS = [
    ("unknown-key", "colour = true\n", "colour"),
    ("fail-on-value", 'fail-on = "fatal"\n', "fail-on"),
    ("select-type", "select = 3\n", "select"),
    ("exclude-items", "exclude = [1, 2]\n", "exclude"),
    ("per-file-ignores-type", 'per-file-ignores = ["go.mod"]\n', "per-file-ignores"),
    ("per-file-ignores-codes", '[per-file-ignores]\n"go.mod" = 3\n', "per-file-ignores"),
    ("rule-dirs-missing", 'rule-dirs = ["no-such-folder"]\n', "rule-dirs"),
    ("rules-unknown-code", '[rules.GM999]\nseverity = "error"\n', "GM999"),
    ("rules-unknown-name", '[rules.no-such-rule]\nmin-go-version = "1.22"\n', "no-such-rule"),
    ("rules-unknown-option", "[rules.GM003]\nmaximum = 3\n", "maximum"),
    ("rules-option-of-another-rule", '[rules.GM001]\nmin-go-version = "1.22"\n', "min-go-version"),
    ("rules-option-type", "[rules.GM003]\nmin-go-version = 1.22\n", "min-go-version"),
    ("rules-option-value", '[rules.GM003]\nmin-go-version = "soon"\n', "min-go-version"),
    ("rules-severity", '[rules.GM003]\nseverity = "fatal"\n', "severity"),
    ("rules-not-a-table", "rules = 3\n", "rules"),
    ("select-unknown-code", 'select = ["GM999"]\n', "select"),
    ("ignore-unknown-code", 'ignore = ["GM999"]\n', "ignore"),
    ("per-file-ignores-unknown-code", '[per-file-ignores]\n"go.mod" = ["GM999"]\n', "per-file-ignores"),
]


@pytest.mark.parametrize(
    ("settings", "key"), [case[1:] for case in BAD_SETTINGS], ids=[case[0] for case in BAD_SETTINGS]
)
@pytest.mark.parametrize("kind", ["remdev-lint.toml", "pyproject.toml"])
def test_bad_configuration_exits_2_naming_the_file_and_key(tmp_path, kind, settings, key):
    if kind == "pyproject.toml":
        text = settings.replace("[rules.", "[tool.remdev-lint.rules.").replace(
            "[per-file-ignores]", "[tool.remdev-lint.per-file-ignores]"
        )
        if not text.startswith("[tool."):
            text = "[tool.remdev-lint]\n" + text
        write(tmp_path, "pyproject.toml", text)
        name = "pyproject.toml"
    else:
        write(tmp_path, ".remdev-lint.toml", settings)
        name = ".remdev-lint.toml"
    write(tmp_path, "go.mod", BOTH)

    assert_config_error(run_cli([], tmp_path), name, key)


@pytest.mark.parametrize(
    ("name", "text"),
    [(".remdev-lint.toml", "select = [\n"), ("pyproject.toml", '[tool.remdev-lint]\nselect = "GM001\n')],
)
def test_invalid_toml_exits_2(tmp_path, name, text):
    write(tmp_path, name, text)
    write(tmp_path, "go.mod", BOTH)

    result = run_cli([], tmp_path)

    assert_config_error(result, name)
    assert "TOML" in result.err


# --- custom rules (rule-dirs) -------------------------------------------------------------------


DEBUG_CHECK = (
    '      select: "**.debug"\n'
    "      report-if: {equals: true}\n"
    '      message: "`debug` is {value}: switch it off in committed configuration"\n'
)


def custom_rule(
    code="TX001", name="debug-enabled", files='["*.yaml"]', check=DEBUG_CHECK, options="", severity="error"
) -> str:
    """A small, valid rule file: by default it reports `debug: true` anywhere in the files it targets."""
    return (
        "# A team's own rule.\n"
        "rules:\n"
        f"  - code: {code}\n"
        f"    name: {name}\n"
        f"    severity: {severity}\n"
        "    summary: Debug mode is switched on.\n"
        "    explanation: |\n"
        "      ## What it does\n"
        "      Reports `debug: true` in committed configuration.\n"
        f"    files: {files}\n"
        f"{options}"
        "    check:\n"
        f"{check}"
        "    examples:\n"
        "      bad:\n"
        '        - {file: a.yaml, text: "debug: true\\n", expect: "1:8"}\n'
        "      good:\n"
        '        - {file: a.yaml, text: "debug: false\\n"}\n'
    )


FORMATS = [
    ("yaml", '["deploy/*.yaml"]', "deploy/app.yaml", "name: app\nserver:\n  port: 80\n  debug: true\n", (4, 10)),
    (
        "json",
        '["*.json"]',
        "config/app.json",
        '{\n  "name": "app",\n  "server": {\n    "debug": true\n  }\n}\n',
        (4, 14),
    ),
    (
        "jsonc",
        '[{glob: ".vscode/*.json", format: jsonc}]',
        ".vscode/settings.json",
        '{\n  // shared settings\n  "server": {\n    "port": 80, /* inline */ "debug": true,\n  },\n}\n',
        (4, 39),
    ),
    ("toml", '["*.toml"]', "app.toml", 'title = "app"\n\n[server]\nport = 80\ndebug   =   true\n', (5, 13)),
]


@pytest.mark.parametrize(
    ("files", "relpath", "text", "position"), [f[1:] for f in FORMATS], ids=[f[0] for f in FORMATS]
)
def test_custom_rule_reports_in_each_format_at_the_value(tmp_path, files, relpath, text, position):
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')
    write(tmp_path, "policy/team.yaml", custom_rule(files=files))
    write(tmp_path, relpath, text)
    write(tmp_path, "other/app.txt", "debug: true\n")  # no rule targets it

    result = run_cli(["--format", "json", "--select", "TX,RL"], tmp_path)

    [diagnostic] = json.loads(result.out)["diagnostics"]
    assert (diagnostic["path"], diagnostic["line"], diagnostic["column"]) == (relpath, *position)
    assert (diagnostic["rule"], diagnostic["name"], diagnostic["severity"]) == ("TX001", "debug-enabled", "error")
    assert diagnostic["message"] == "`debug` is true: switch it off in committed configuration"
    assert result.code == 1


@pytest.mark.parametrize(
    ("files", "relpath", "text", "position"),
    [
        ('["*.json"]', "app.json", '{\n  "debug": true,,\n}\n', (2, 17)),
        ('["*.yaml"]', "app.yaml", "a: 1\nb: [1, 2\n", (3, 1)),
        ('["*.toml"]', "app.toml", "a = 1\nb = = 2\n", (2, 5)),
    ],
    ids=["json", "yaml", "toml"],
)
def test_a_file_a_custom_rule_reads_that_does_not_parse_gets_rl001(tmp_path, files, relpath, text, position):
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')
    write(tmp_path, "policy/team.yaml", custom_rule(files=files))
    write(tmp_path, relpath, text)
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)

    assert lint(tmp_path) == [(relpath, *position, "RL001"), ("go.mod", 5, 28, "GM001")]


def test_rule_dirs_are_relative_to_the_configuration_file(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.remdev-lint]\nrule-dirs = ["tools/policy"]\n')
    write(tmp_path, "tools/policy/team.yaml", custom_rule(files='["services/*.yaml"]'))
    write(tmp_path, "services/payments.yaml", "debug: true\n")

    from_top = run_cli(["--format", "json"], tmp_path)
    from_below = run_cli(["--format", "json"], tmp_path / "services")

    assert places(from_top) == [("services/payments.yaml", 1, 8, "TX001")]
    # Rule globs are matched from the configuration's folder, not the current one.
    assert places(from_below) == [("payments.yaml", 1, 8, "TX001")]


def test_custom_rules_are_listed_explained_and_selectable(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')
    write(tmp_path, "policy/team.yaml", custom_rule())
    write(tmp_path, "app.yaml", "debug: true\n")
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)

    listed = run_cli(["--list-rules"], tmp_path)
    explained = run_cli(["--explain", "debug-enabled"], tmp_path)

    assert [line.split()[:3] for line in listed.out.splitlines() if line.startswith("TX001")] == [
        ["TX001", "debug-enabled", "error"]
    ]
    assert "Reports `debug: true` in committed configuration." in explained.out
    assert codes(tmp_path, "--select", "TX") == ["TX001"]
    assert codes(tmp_path, "--ignore", "debug-enabled") == ["GM001"]


def test_custom_rule_options_are_configured_and_checked(tmp_path):
    options = (
        "    options:\n"
        "      max-port:\n"
        "        type: integer\n"
        "        default: 1024\n"
        "        description: The highest port a service may listen on.\n"
    )
    check = (
        '      select: "**.port"\n'
        "      report-if: {number: {gt: {option: max-port}}}\n"
        '      message: "port {value} is above {options.max-port}"\n'
    )
    write(tmp_path, "policy/team.yaml", custom_rule(code="TX002", name="port-too-high", options=options, check=check))
    write(tmp_path, "app.yaml", "port: 2000\n")

    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')
    default = run_cli(["--format", "json"], tmp_path)
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n[rules.TX002]\nmax-port = 4096\n')
    raised = run_cli(["--format", "json"], tmp_path)
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n[rules.port-too-high]\nmax-port = "4096"\n')
    wrong_type = run_cli(["--format", "json"], tmp_path)

    [diagnostic] = json.loads(default.out)["diagnostics"]
    assert (diagnostic["line"], diagnostic["column"], diagnostic["message"]) == (1, 7, "port 2000 is above 1024")
    assert json.loads(raised.out)["diagnostics"] == []
    assert_config_error(wrong_type, ".remdev-lint.toml", "max-port")


@pytest.mark.parametrize(
    ("code", "name", "clash"),
    [
        ("GM001", "my-own-rule", "GM001"),
        ("TX001", "go-version-too-old", "go-version-too-old"),
        ("RL002", "x-rule", "RL002"),
    ],
    ids=["code", "name", "engine-code"],
)
def test_a_custom_rule_that_collides_with_a_built_in_one_is_an_error(tmp_path, code, name, clash):
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')
    write(tmp_path, "policy/team.yaml", custom_rule(code=code, name=name))
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)

    result = run_cli([], tmp_path)

    assert_config_error(result, "team.yaml", clash)


def _broken(replace: str, by: str) -> str:
    text = custom_rule()
    assert replace in text
    return text.replace(replace, by, 1)


def _line_of(text: str, fragment: str) -> int:
    [number] = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    return number


BROKEN_RULES = [
    # (id, rule file text, fragment on the faulty line, words that say what is wrong, names the rule)
    (
        "bad-yaml",
        _broken("summary: Debug mode is switched on.", "summary: Debug: on: now"),
        "Debug: on: now",
        "YAML",
        False,
    ),
    (
        "unknown-test",
        _broken("report-if: {equals: true}", "report-if: {equals: true, is-on: true}"),
        "is-on",
        "is-on",
        True,
    ),
    ("bad-severity", _broken("severity: error", "severity: fatal"), "severity: fatal", "fatal", True),
    ("bad-regex", _broken("report-if: {equals: true}", 'report-if: {matches: "([a-z"}'), "([a-z", "([a-z", True),
    (
        "undeclared-option",
        _broken("report-if: {equals: true}", "report-if: {equals: {option: debug-allowed}}"),
        "debug-allowed",
        "debug-allowed",
        True,
    ),
    (
        "bad-selector",
        _broken('select: "**.debug"', 'select: "**..debug"'),
        "**..debug",
        "**..debug",
        True,
    ),
]


@pytest.mark.parametrize(
    ("text", "fault", "words", "names_rule"),
    [case[1:] for case in BROKEN_RULES],
    ids=[case[0] for case in BROKEN_RULES],
)
def test_a_broken_custom_rule_file_exits_2_naming_file_line_rule_and_fault(tmp_path, text, fault, words, names_rule):
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')
    rule_file = write(tmp_path, "policy/team.yaml", text)
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)

    result = run_cli([], tmp_path)

    assert_config_error(result, f"{rule_file}:{_line_of(text, fault)}:", words)
    if names_rule:
        assert "TX001" in result.err and "debug-enabled" in result.err


def test_a_broken_custom_rule_file_stops_even_list_rules(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')
    write(tmp_path, "policy/team.yaml", _broken("severity: error", "severity: fatal"))

    assert_config_error(run_cli(["--list-rules"], tmp_path), "team.yaml")


def test_extend_files_gives_more_files_to_every_rule_of_a_format(tmp_path):
    """A team keeps its SSH client config in deploy/ssh/*.conf: every ssh_config rule reads it,
    and no rule of another format does."""
    write(tmp_path, ".remdev-lint.toml", '[extend-files]\nssh_config = ["deploy/ssh/*.conf"]\n')
    write(tmp_path, "deploy/ssh/bastion.conf", "Host bastion\n  StrictHostKeyChecking no\n")
    write(tmp_path, "deploy/ssh/notes.txt", "Host bastion\n  StrictHostKeyChecking no\n")

    result = run_cli(["--format", "json", "--select", "SC009,GM"], tmp_path)

    found = json.loads(result.out)["diagnostics"]
    assert [(d["rule"], d["path"], d["line"], d["column"]) for d in found] == [
        ("SC009", "deploy/ssh/bastion.conf", 2, 25)
    ]


def test_extend_files_without_the_key_does_not_read_the_file(tmp_path):
    write(tmp_path, "deploy/ssh/bastion.conf", "Host bastion\n  StrictHostKeyChecking no\n")

    result = run_cli(["--format", "json", "--select", "SC009"], tmp_path)

    assert json.loads(result.out)["diagnostics"] == []


@pytest.mark.parametrize(
    ("table", "fault"),
    [
        ('[extend-files]\nssh = ["x"]\n', "extend-files.ssh: unknown format"),
        ("[extend-files]\nssh_config = [1]\n", "extend-files.ssh_config: expected a list of strings"),
        ('extend-files = ["x"]\n', "extend-files: expected a table of format = [globs]"),
    ],
)
def test_extend_files_is_validated(tmp_path, table, fault):
    write(tmp_path, ".remdev-lint.toml", table)

    result = run_cli([], tmp_path)

    assert result.code == 2 and fault in result.err, result
