"""Suppression comments, end to end: ``remdev-lint: ignore[...]`` on the offending line or alone on
the line above, ``remdev-lint: ignore-file[...]``, unused suppressions (RL002), and text that only
looks like a comment.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli, write

HEAD = "module example.com/app\n\ngo 1.22\n\n"  # lines 1-4; line 5 is the first one a case adds


def diagnostics(cwd: Path, *args: str) -> list[dict]:
    result = run_cli(["--format", "json", *args], cwd)
    assert result.err == "", result
    return json.loads(result.out)["diagnostics"]


def places(cwd: Path, *args: str) -> list[tuple[int, int, str]]:
    """(line, column, code) of what a run reports (every case lints one file)."""
    return [(d["line"], d["column"], d["rule"]) for d in diagnostics(cwd, *args)]


def lint_go_mod(tmp_path: Path, text: str, *args: str) -> list[tuple[int, int, str]]:
    write(tmp_path, "go.mod", text)
    return places(tmp_path, *args)


# --- ignore[...] on the line, or alone on the line above ------------------------------------------


@pytest.mark.parametrize("token", ["GM001", "local-replace-absolute", " GM001 "])
def test_end_of_line_suppression_covers_that_line_only(tmp_path, token):
    text = (
        HEAD
        + f"replace example.com/a => /home/me/a // remdev-lint: ignore[{token}]\nreplace example.com/b => /home/me/b\n"
    )

    assert lint_go_mod(tmp_path, text) == [(6, 26, "GM001")]


def test_suppression_alone_on_the_line_above_covers_the_next_line(tmp_path):
    text = (
        HEAD
        + "// remdev-lint: ignore[GM001]\nreplace example.com/a => /home/me/a\nreplace example.com/b => /home/me/b\n"
    )

    assert lint_go_mod(tmp_path, text) == [(7, 26, "GM001")]


def test_suppression_indented_alone_on_the_line_above(tmp_path):
    text = HEAD + "    // remdev-lint: ignore[GM001]\nreplace example.com/a => /home/me/a\n"

    assert lint_go_mod(tmp_path, text) == []


@pytest.mark.parametrize(
    "between",
    ["\n", "// the lib is checked out beside us\n"],
    ids=["blank-line", "another-comment"],
)
def test_suppression_two_lines_above_does_not_apply(tmp_path, between):
    text = HEAD + "// remdev-lint: ignore[GM001]\n" + between + "replace example.com/a => /home/me/a\n"

    # The stale directive is reported where it stands: line 5, at "remdev-lint".
    assert lint_go_mod(tmp_path, text) == [(5, 4, "RL002"), (7, 26, "GM001")]


def test_end_of_line_suppression_does_not_cover_the_next_line(tmp_path):
    text = "module example.com/app\n\ngo 1.22 // remdev-lint: ignore[GM001]\nreplace example.com/a => /home/me/a\n"

    assert lint_go_mod(tmp_path, text) == [(3, 12, "RL002"), (4, 26, "GM001")]


def test_suppressions_inside_a_replace_block(tmp_path):
    text = HEAD + (
        "replace (\n"
        "\t// remdev-lint: ignore[GM001]\n"
        "\texample.com/a => /home/me/a\n"
        "\texample.com/b => /home/me/b // remdev-lint: ignore[local-replace-absolute]\n"
        "\texample.com/c => /home/me/c\n"
        ")\n"
    )

    assert lint_go_mod(tmp_path, text) == [(9, 19, "GM001")]


def test_suppression_names_only_the_rules_it_lists(tmp_path):
    # GM003 reports the go line; a suppression of GM001 there does not hide it, and is unused.
    text = "module example.com/app\n\ngo 1.19 // remdev-lint: ignore[GM001]\n"

    assert lint_go_mod(tmp_path, text) == [(3, 4, "GM003"), (3, 12, "RL002")]


def test_several_codes_in_one_suppression(tmp_path):
    text = "module example.com/app\n\ngo 1.19 // remdev-lint: ignore[GM001, go-version-too-old]\n\nreplace example.com/a => /home/me/a // remdev-lint: ignore[GM003,GM001]\n"

    write(tmp_path, "go.mod", text)
    result = diagnostics(tmp_path)

    # Each listed rule that suppressed nothing on its line is reported once, naming it.
    assert [(d["line"], d["column"], d["rule"]) for d in result] == [(3, 12, "RL002"), (5, 40, "RL002")]
    assert "GM001" in result[0]["message"]
    assert "GM003" in result[1]["message"]


def test_suppression_in_go_work(tmp_path):
    write(tmp_path, "app/go.mod", "module example.com/app\n\ngo 1.22\n")
    text = "go 1.22\n\nuse (\n\t./app\n\t/opt/tools // remdev-lint: ignore[GM001]\n\t// remdev-lint: ignore[GM001]\n\t~/src/lib\n\t/opt/other\n)\n"
    write(tmp_path, "go.work", text)

    assert places(tmp_path) == [(8, 2, "GM001")]


# --- ignore-file[...] ---------------------------------------------------------------------------

FILE_WITH_THREE = (
    "module example.com/app\n\ngo 1.19\n\nreplace example.com/a => /home/me/a\nreplace example.com/b => /home/me/b\n"
)


@pytest.mark.parametrize(
    "place",
    ["top", "end-of-line", "bottom"],
)
@pytest.mark.parametrize("token", ["GM001", "local-replace-absolute"])
def test_ignore_file_anywhere_suppresses_the_rule_in_the_whole_file(tmp_path, place, token):
    directive = f"remdev-lint: ignore-file[{token}]"
    lines = FILE_WITH_THREE.splitlines()
    if place == "top":
        lines.insert(0, f"// {directive}")
    elif place == "end-of-line":
        lines[0] += f" // {directive}"
    else:
        lines.append(f"// {directive}")
    go_line = 4 if place == "top" else 3

    assert lint_go_mod(tmp_path, "\n".join(lines) + "\n") == [(go_line, 4, "GM003")]


def test_ignore_file_with_several_codes(tmp_path):
    text = "// remdev-lint: ignore-file[GM001, GM003]\n" + FILE_WITH_THREE

    assert lint_go_mod(tmp_path, text) == []


def test_ignore_file_applies_to_its_own_file_only(tmp_path):
    write(tmp_path, "a/go.mod", "// remdev-lint: ignore-file[GM001]\n" + FILE_WITH_THREE.replace("go 1.19", "go 1.22"))
    write(tmp_path, "b/go.mod", FILE_WITH_THREE.replace("go 1.19", "go 1.22"))

    assert [(d["path"], d["line"], d["rule"]) for d in diagnostics(tmp_path)] == [
        ("b/go.mod", 5, "GM001"),
        ("b/go.mod", 6, "GM001"),
    ]


# --- RL002: unused suppressions -----------------------------------------------------------------


def test_a_suppression_that_suppresses_nothing_is_rl002(tmp_path):
    write(tmp_path, "go.mod", "module example.com/app // remdev-lint: ignore[GM003]\n\ngo 1.22\n")

    result = run_cli(["--format", "json"], tmp_path)

    [diagnostic] = json.loads(result.out)["diagnostics"]
    assert (diagnostic["line"], diagnostic["column"], diagnostic["rule"]) == (1, 27, "RL002")
    assert (diagnostic["name"], diagnostic["severity"]) == ("unused-suppression", "warning")
    assert "GM003" in diagnostic["message"]
    assert result.code == 1  # a warning fails the run by default


def test_an_unused_ignore_file_is_rl002(tmp_path):
    text = "// remdev-lint: ignore-file[GM001]\nmodule example.com/app\n\ngo 1.22\n"

    assert lint_go_mod(tmp_path, text) == [(1, 4, "RL002")]


@pytest.mark.parametrize(
    "directive",
    ["ignore[GM999]", "ignore-file[GM999]", "ignore[no-such-rule]", "ignore[GM01]"],
)
def test_an_unknown_code_in_a_suppression_is_rl002(tmp_path, directive):
    token = directive.split("[")[1].rstrip("]")
    write(tmp_path, "go.mod", f"module example.com/app\n\ngo 1.22 // remdev-lint: {directive}\n")

    [diagnostic] = diagnostics(tmp_path)

    assert (diagnostic["line"], diagnostic["column"], diagnostic["rule"]) == (3, 12, "RL002")
    assert token in diagnostic["message"]


def test_an_unknown_code_beside_a_used_one(tmp_path):
    text = HEAD + "replace example.com/a => /home/me/a // remdev-lint: ignore[GM001, GM0001]\n"
    write(tmp_path, "go.mod", text)

    [diagnostic] = diagnostics(tmp_path)

    assert (diagnostic["line"], diagnostic["rule"]) == (5, "RL002")
    assert "GM0001" in diagnostic["message"]


@pytest.mark.parametrize(
    ("args", "config"),
    [
        (["--select", "GM001,RL002"], None),
        (["--ignore", "GM003"], None),
        (["--ignore", "go-version-too-old"], None),
        ([], 'ignore = ["GM003"]\n'),
        ([], 'select = ["GM001", "RL"]\n'),
    ],
    ids=["cli-select", "cli-ignore-code", "cli-ignore-name", "config-ignore", "config-select"],
)
def test_no_rl002_for_a_suppression_of_a_rule_the_run_does_not_check(tmp_path, args, config):
    # The suppression is needed when GM003 runs; a run without GM003 must not call it unused.
    text = "module example.com/app\n\ngo 1.19 // remdev-lint: ignore[GM003]\n\nreplace example.com/a => /home/me/a\n"
    if config:
        write(tmp_path, ".remdev-lint.toml", config)

    assert lint_go_mod(tmp_path, text, *args) == [(5, 26, "GM001")]


def test_a_stale_suppression_of_a_selected_rule_is_still_rl002(tmp_path):
    text = "module example.com/app\n\ngo 1.22 // remdev-lint: ignore[GM003]\n\nreplace example.com/a => /home/me/a\n"

    assert lint_go_mod(tmp_path, text, "--select", "GM003,RL002") == [(3, 12, "RL002")]


# --- text that only looks like a comment ---------------------------------------------------------


@pytest.mark.parametrize("kind", ["ignore", "ignore-file"])
def test_slashes_inside_a_quoted_go_mod_string_are_not_a_comment(tmp_path, kind):
    target = f'"/home/me/a // remdev-lint: {kind}[GM001]"'
    text = HEAD + f"replace example.com/a => {target}\nreplace example.com/b => /home/me/b\n"

    assert lint_go_mod(tmp_path, text) == [(5, 26, "GM001"), (6, 26, "GM001")]


# --- custom rules: YAML, TOML and JSONC comments ------------------------------------------------

RULES = """\
rules:
  - code: TX001
    name: debug-enabled
    severity: error
    summary: Debug mode is switched on.
    explanation: Debug output leaks secrets; keep it off in committed configuration.
    files: ["*.yaml", "*.toml", "*.jsonc"]
    check:
      select: "**.debug"
      report-if: {equals: true}
      message: "`debug` is {value}: switch it off"
    examples:
      bad:
        - {file: a.yaml, text: "debug: true\\n", expect: "1:8"}
      good:
        - {file: a.yaml, text: "debug: false\\n"}
  - code: TX002
    name: debug-flag
    severity: warning
    summary: A debug flag is committed.
    explanation: Debug flags belong in local overrides.
    files: ["*.yaml", "*.toml", "*.jsonc"]
    check:
      select: "**.debug"
      report-if: {type: boolean}
      message: "`debug` flag committed"
    examples:
      bad:
        - {file: a.yaml, text: "debug: false\\n", expect: "1:8"}
      good:
        - {file: a.yaml, text: "name: x\\n"}
"""

# Per format: a file where debug is true on lines 2, 5 and 7; line 2 is suppressed at its end,
# line 5 from the line above, line 7 is not suppressed, at the column given.
COMMENTED = {
    "yaml": (
        "app.yaml",
        "server:\n"
        "  debug: true  # remdev-lint: ignore[TX001, TX002]\n"
        "worker:\n"
        "  # remdev-lint: ignore[debug-enabled,debug-flag]\n"
        "  debug: true\n"
        "batch:\n"
        "  debug: true\n",
        (7, 10),
        "#",
    ),
    "toml": (
        "app.toml",
        "[server]\n"
        "debug = true  # remdev-lint: ignore[TX001, TX002]\n"
        "[worker]\n"
        "# remdev-lint: ignore[debug-enabled,debug-flag]\n"
        "debug = true\n"
        "[batch]\n"
        "debug = true\n",
        (7, 9),
        "#",
    ),
    "jsonc": (
        "app.jsonc",
        "{\n"
        '  "server": {"debug": true}, // remdev-lint: ignore[TX001, TX002]\n'
        '  "worker": {\n'
        "    // remdev-lint: ignore[debug-enabled,debug-flag]\n"
        '    "debug": true\n'
        "  },\n"
        '  "batch": {"debug": true}\n'
        "}\n",
        (7, 22),
        "//",
    ),
}


def _custom(tmp_path: Path) -> None:
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')
    write(tmp_path, "policy/team.yaml", RULES)


@pytest.mark.parametrize("fmt", list(COMMENTED))
def test_custom_rule_suppressions_on_the_line_and_above(tmp_path, fmt):
    _custom(tmp_path)
    relpath, text, (line, column), _marker = COMMENTED[fmt]
    write(tmp_path, relpath, text)

    assert places(tmp_path) == [(line, column, "TX001"), (line, column, "TX002")]


@pytest.mark.parametrize("fmt", list(COMMENTED))
def test_custom_rule_suppression_of_one_rule_leaves_the_other(tmp_path, fmt):
    _custom(tmp_path)
    relpath, text, (line, column), _marker = COMMENTED[fmt]
    write(tmp_path, relpath, text.replace("ignore[TX001, TX002]", "ignore[TX002]"))

    found = places(tmp_path)

    assert [(ln, code) for ln, _col, code in found] == [(2, "TX001"), (line, "TX001"), (line, "TX002")]


@pytest.mark.parametrize("fmt", list(COMMENTED))
def test_custom_rule_ignore_file(tmp_path, fmt):
    _custom(tmp_path)
    relpath, text, _place, marker = COMMENTED[fmt]
    if fmt == "jsonc":  # before the top-level value
        text = f"{marker} remdev-lint: ignore-file[TX001]\n" + text
    else:  # at the end
        text += f"{marker} remdev-lint: ignore-file[TX001]\n"
    write(tmp_path, relpath, text)

    assert [code for _line, _col, code in places(tmp_path)] == ["TX002"]


def test_yaml_unused_and_misplaced_suppressions_are_rl002(tmp_path):
    _custom(tmp_path)
    write(
        tmp_path,
        "app.yaml",
        "# remdev-lint: ignore[TX001]\n"
        "\n"
        "debug: true  # remdev-lint: ignore[TX002]\n"
        "name: app  # remdev-lint: ignore[TX009]\n",
    )

    found = diagnostics(tmp_path)

    assert [(d["line"], d["column"], d["rule"]) for d in found] == [
        (1, 3, "RL002"),
        (3, 8, "TX001"),
        (4, 14, "RL002"),
    ]
    assert "TX001" in found[0]["message"] and "TX009" in found[2]["message"]


def test_hash_inside_a_quoted_yaml_string_is_not_a_comment(tmp_path):
    _custom(tmp_path)
    write(
        tmp_path,
        "app.yaml",
        'name: "app # remdev-lint: ignore-file[TX001]"\ndebug: true\n',
    )

    assert places(tmp_path, "--select", "TX001,RL002") == [(2, 8, "TX001")]


def test_lines_are_counted_as_the_parser_counts_them(tmp_path):
    # A form feed inside a comment is not a line break for go.mod (nor for str.splitlines's
    # callers to assume): the suppression alone on line 3 still covers line 4.
    text = "module example.com/app // a\x0cb\ngo 1.22\n    // remdev-lint: ignore[GM001]\nreplace example.com/a => /home/me/a\n"
    assert lint_go_mod(tmp_path, text) == []
