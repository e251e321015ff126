"""``remdev-lint test-rules``: a team's rule folder tested as its rule files' examples say, with
the exit code and summary a CI job relies on."""

from __future__ import annotations

import pytest

from conftest import run_cli, write

HEADER = """\
rules:
"""

RULE = """\
  - code: {code}
    name: {name}
    severity: error
    summary: The dev container runs as {user}.
    explanation: |
      ## What it does
      Reports `remoteUser` {user}.

      ## Why is this bad?
      Because.

      ## What to do instead
      Use `vscode`.
    files: [{{glob: "**/.devcontainer/devcontainer.json", format: jsonc}}]
    check:
      select: remoteUser
      report-if: {{equals: {user}}}
      message: "{message}"
    examples:
      bad:
        - file: .devcontainer/devcontainer.json
          text: '{{"image": "golang", "remoteUser": "{user}"}}'
          expect: "{expect}"
          message: "`remoteUser` is {user}: use `vscode`"
      good:
        - file: .devcontainer/devcontainer.json
          text: '{{"image": "golang", "remoteUser": "vscode"}}'
"""


def team_rules(tmp_path, *, expect="1:35", message="`remoteUser` is {value}: use `vscode`", third_message=None):
    """Three rules in two files under policy/, and a configuration naming the folder."""
    rule = RULE.format
    write(
        tmp_path,
        "policy/users.yaml",
        HEADER
        + rule(code="TM001", name="remote-user-root", user="root", expect=expect, message=message)
        + rule(code="TM002", name="remote-user-admin", user="admin", expect="1:35", message=message),
    )
    write(
        tmp_path,
        "policy/more/ops.yaml",
        HEADER
        + rule(code="TM003", name="remote-user-ops", user="ops", expect="1:35", message=third_message or message),
    )
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy", "policy/more"]\n')


def test_a_teams_rules_whose_examples_hold_pass(tmp_path):
    team_rules(tmp_path)

    result = run_cli(["test-rules"], tmp_path)

    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines() == [
        "policy/users.yaml ....",
        "policy/more/ops.yaml ..",
        "",
        result.out.splitlines()[-1],
    ]
    assert result.out.splitlines()[-1].startswith("6 passed (6 examples of 3 rules) in ")


def test_a_wrong_expect_and_a_wrong_message_fail(tmp_path):
    team_rules(tmp_path, expect="1:5", third_message="`remoteUser` is {value}, not `vscode`")

    result = run_cli(["test-rules"], tmp_path)

    assert result.code == 1
    out = result.out
    assert "policy/users.yaml F..." in out and "policy/more/ops.yaml F." in out
    assert (
        "policy/users.yaml: TM001 bad[1]\n  expected at 1:5; reported at:\n    1:35 `remoteUser` is root: use `vscode`"
        in out
    )
    assert "policy/more/ops.yaml: TM003 bad[1]" in out
    assert (
        "expected the message:\n    `remoteUser` is ops: use `vscode`\n  got:\n    `remoteUser` is ops, not `vscode`"
        in out
    )
    assert out.splitlines()[-1].startswith("2 failed, 4 passed (6 examples of 3 rules)")


def test_a_placeholder_that_names_nothing_stops_the_load_at_the_placeholder(tmp_path):
    team_rules(tmp_path, third_message="`remoteUser` is {value} ({remoteUsr}): use `vscode`")

    for args in (["test-rules"], ["."]):
        result = run_cli(args, tmp_path)

        assert result.code == 2 and result.out == ""
        assert (
            "policy/more/ops.yaml:19:42: rule TM003 (remote-user-ops): the message placeholder `{remoteUsr}`"
            in result.err
        )


def test_folders_named_on_the_command_line_replace_the_configured_ones(tmp_path):
    team_rules(tmp_path)

    result = run_cli(["test-rules", "policy/more"], tmp_path)

    assert result.code == 0
    assert result.out.splitlines()[0] == "policy/more/ops.yaml .."


def test_builtin_adds_the_built_in_rules(tmp_path):
    team_rules(tmp_path)

    result = run_cli(["test-rules", "--builtin"], tmp_path)

    assert result.code == 0, result.out
    assert "builtin:delve.yaml ." in result.out and "policy/users.yaml ...." in result.out


@pytest.mark.parametrize(
    ("files", "says"),
    [
        ({}, "no rule folder to test"),
        ({".remdev-lint.toml": 'rule-dirs = ["nowhere"]\n'}, "'nowhere' is not a folder"),
        ({"policy/x.yaml": "rules: 3\n"}, "policy/x.yaml"),
    ],
    ids=["nothing-to-test", "missing-folder", "broken-rule-file"],
)
def test_nothing_to_test_or_a_broken_rule_file_is_a_usage_error(tmp_path, files, says):
    for path, text in files.items():
        write(tmp_path, path, text)
    args = ["test-rules", "policy"] if "policy/x.yaml" in files else ["test-rules"]

    result = run_cli(args, tmp_path)

    assert result.code == 2 and result.out == ""
    assert says in result.err and "Traceback" not in result.err


def test_a_message_in_a_good_example_is_refused(tmp_path):
    team_rules(tmp_path)
    text = (tmp_path / "policy/more/ops.yaml").read_text()
    write(
        tmp_path,
        "policy/more/ops.yaml",
        text.replace('"vscode"}\'\n', '"vscode"}\'\n          message: "no"\n'),
    )

    result = run_cli(["test-rules"], tmp_path)

    assert result.code == 2 and "ops.yaml" in result.err


def test_a_fixed_example_is_checked_against_the_fix(tmp_path):
    # The rule's fix writes `vscode`; one example's `fixed` says so, the other's is wrong.
    fixed = RULE.replace('      message: "{message}"\n', '      message: "{message}"\n      fix: {{replace: vscode}}\n')
    fixed = fixed.replace(
        '          expect: "{expect}"\n',
        '          expect: "{expect}"\n          fixed: \'{{"image": "golang", "remoteUser": "{fixed}"}}\'\n',
    )
    common = {"expect": "1:35", "message": "`remoteUser` is {value}: use `vscode`"}
    write(
        tmp_path,
        "policy/users.yaml",
        HEADER
        + fixed.format(code="TM001", name="remote-user-root", user="root", fixed="vscode", **common)
        + fixed.format(code="TM002", name="remote-user-admin", user="admin", fixed="vs-code", **common),
    )
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')

    result = run_cli(["test-rules"], tmp_path)

    assert result.code == 1, result
    assert "policy/users.yaml ..F." in result.out
    assert "TM002 bad[1]\n  once fixed, .devcontainer/devcontainer.json differs from `fixed`:" in result.out
    assert '-{"image": "golang", "remoteUser": "vs-code"}' in result.out
    assert '+{"image": "golang", "remoteUser": "vscode"}' in result.out
