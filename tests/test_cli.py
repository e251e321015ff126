"""The command line, end to end: which files are linted, the report formats, rule selection,
exit codes, standard input, rule documentation and parse errors.

Every case builds its repository in ``tmp_path`` and runs ``main()`` through ``run_cli`` as a
shell in that folder would.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest

from conftest import DATA, debug_rule, run_cli, write
from remdev_lint import __version__
from remdev_lint.rules import load_rules

# go 1.19 is older than GM003's default minimum (1.21): a warning at 3:4.
OLD_GO = "module example.com/app\n\ngo 1.19\n"
# An absolute replace target: GM001 (error) at 5:28, the value ending before column 40.
ABSOLUTE_REPLACE = "module example.com/app\n\ngo 1.22\n\nreplace example.com/lib => /home/me/lib\n"
CLEAN = "module example.com/app\n\ngo 1.22\n"

DIAGNOSTIC_LINE = re.compile(
    r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<column>\d+): (?P<code>[A-Z]+\d{3}) "
    r"\[(?P<severity>error|warning|info)\] (?P<message>.+)$"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No colour settings from the caller's shell; git sees only the repositories a test makes."""
    for name in ("FORCE_COLOR", "NO_COLOR", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)
    empty = tmp_path.parent / f"{tmp_path.name}-gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=a@b", "-c", "user.name=n", *args], cwd=root, check=True, capture_output=True
    )


def json_diagnostics(result) -> list[dict]:
    assert result.err == "", result
    document = json.loads(result.out)
    return document["diagnostics"]


def places(result) -> list[tuple[str, int, int, str]]:
    """(path, line, column, code) of every diagnostic of a ``--format json`` run."""
    return [(d["path"], d["line"], d["column"], d["rule"]) for d in json_diagnostics(result)]


def text_diagnostics(result) -> list[re.Match]:
    """The diagnostic lines of a text report (everything but the summary)."""
    lines = result.out.splitlines()
    assert lines, result
    assert DIAGNOSTIC_LINE.match(lines[-1]) is None, f"the last line should be the summary: {lines[-1]!r}"
    matches = [DIAGNOSTIC_LINE.match(line) for line in lines[:-1]]
    assert all(matches), f"not a diagnostic line in {lines[:-1]!r}"
    return matches


def assert_usage_error(result, *fragments: str) -> None:
    assert result.code == 2, result
    assert result.err.startswith("remdev-lint: error:"), result.err
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in result.err, (fragment, result.err)


# --- which files are linted ---------------------------------------------------------------------


def test_no_path_lints_the_current_folder_recursively(tmp_path):
    write(tmp_path, "go.mod", OLD_GO)
    write(tmp_path, "services/api/go.mod", ABSOLUTE_REPLACE)
    write(tmp_path, "services/api/README.md", "not linted\n")

    result = run_cli([], tmp_path)

    assert result.code == 1, result
    found = [(m["path"], int(m["line"]), int(m["column"]), m["code"]) for m in text_diagnostics(result)]
    assert found == [("go.mod", 3, 4, "GM003"), ("services/api/go.mod", 5, 28, "GM001")]
    assert run_cli(["."], tmp_path).out == result.out


def test_gitignore_is_honoured_in_a_git_repository(tmp_path):
    git(tmp_path, "init", "-q")
    write(tmp_path, ".gitignore", "scratch/\n")
    write(tmp_path, "app/.gitignore", "go.work\n")
    write(tmp_path, "app/go.mod", ABSOLUTE_REPLACE)
    write(tmp_path, "app/go.work", "go 1.22\n\nuse /home/me/app\n")  # ignored by app/.gitignore
    write(tmp_path, "scratch/go.mod", ABSOLUTE_REPLACE)  # ignored by the root .gitignore
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "init")
    write(tmp_path, "lib/go.mod", OLD_GO)  # untracked, not ignored: linted

    result = run_cli(["--format", "json"], tmp_path)

    assert places(result) == [("app/go.mod", 5, 28, "GM001"), ("lib/go.mod", 3, 4, "GM003")]


def test_gitignore_is_honoured_outside_a_git_repository(tmp_path):
    write(tmp_path, ".gitignore", "scratch/\n*.local/\n")
    write(tmp_path, "app/.gitignore", "go.work\n")
    write(tmp_path, "app/go.mod", ABSOLUTE_REPLACE)
    write(tmp_path, "app/go.work", "go 1.22\n\nuse /home/me/app\n")
    write(tmp_path, "scratch/go.mod", ABSOLUTE_REPLACE)
    write(tmp_path, "deep/me.local/go.mod", ABSOLUTE_REPLACE)
    write(tmp_path, "lib/go.mod", OLD_GO)

    result = run_cli(["--format", "json"], tmp_path)

    assert places(result) == [("app/go.mod", 5, 28, "GM001"), ("lib/go.mod", 3, 4, "GM003")]


@pytest.mark.parametrize("in_git", [False, True], ids=["plain-folder", "git-repository"])
def test_default_excluded_folders_are_skipped(tmp_path, in_git):
    for folder in ("vendor", "testdata", "node_modules", "app/vendor/example.com/lib", "app/internal/testdata"):
        write(tmp_path, f"{folder}/go.mod", ABSOLUTE_REPLACE)
    write(tmp_path, "app/go.mod", OLD_GO)
    if in_git:
        git(tmp_path, "init", "-q")
        git(tmp_path, "add", "-A")  # tracked, and still skipped
        git(tmp_path, "commit", "-q", "-m", "init")
    write(tmp_path, ".git/go.mod", ABSOLUTE_REPLACE)

    result = run_cli(["--format", "json"], tmp_path)

    assert places(result) == [("app/go.mod", 3, 4, "GM003")]


def test_a_named_file_is_linted_alone(tmp_path):
    write(tmp_path, "go.mod", OLD_GO)
    write(tmp_path, "svc/go.mod", ABSOLUTE_REPLACE)

    result = run_cli(["--format", "json", "svc/go.mod"], tmp_path)

    assert result.code == 1
    assert places(result) == [("svc/go.mod", 5, 28, "GM001")]


def test_a_file_and_the_folder_holding_it_are_linted_once(tmp_path):
    write(tmp_path, "svc/go.mod", ABSOLUTE_REPLACE)

    result = run_cli(["--format", "json", "svc/go.mod", "svc", "./svc/go.mod"], tmp_path)

    assert places(result) == [("svc/go.mod", 5, 28, "GM001")]


def test_named_files_that_no_rule_reads_are_skipped_silently(tmp_path):
    write(tmp_path, "README.md", "replace example.com/lib => /home/me/lib\n")
    write(tmp_path, "notes.txt", "go 1.19\n")
    write(tmp_path, "go.mod", CLEAN)

    only_unread = run_cli(["README.md", "notes.txt"], tmp_path)
    with_go_mod = run_cli(["README.md", "go.mod", "notes.txt"], tmp_path)
    as_json = run_cli(["--format", "json", "README.md", "notes.txt"], tmp_path)

    assert only_unread.code == 0 and only_unread.err == ""
    assert text_diagnostics(only_unread) == []
    assert "README" not in only_unread.out and "notes" not in only_unread.out
    assert re.search(r"\b0 files\b", only_unread.out), only_unread.out
    assert with_go_mod.code == 0
    assert re.search(r"\b1 file\b", with_go_mod.out), with_go_mod.out  # go.mod only: the others are not counted
    assert as_json.code == 0 and json_diagnostics(as_json) == []


@pytest.mark.parametrize("paths", [["missing"], ["go.mod", "missing/go.mod"]])
def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path, paths):
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)

    result = run_cli(paths, tmp_path)

    assert_usage_error(result, paths[-1])
    assert result.out == ""


# --- text -------------------------------------------------------------------------------------


def test_text_prints_path_line_column_code_message_then_a_summary(tmp_path):
    write(tmp_path, "app/go.mod", ABSOLUTE_REPLACE.replace("go 1.22", "go 1.19"))

    result = run_cli([], tmp_path)

    lines = result.out.splitlines()
    assert result.code == 1
    assert len(lines) == 3, lines
    assert len(text_diagnostics(result)) == 2  # two diagnostic lines, then the summary
    assert lines[0].startswith("app/go.mod:3:4: GM003 ")
    assert "`go 1.19`" in lines[0] and "1.21" in lines[0]  # the value, and what is expected instead
    assert lines[1].startswith("app/go.mod:5:28: GM001 ")
    assert "`/home/me/lib`" in lines[1]
    assert re.search(r"\b2\b", lines[2]), lines[2]  # the summary counts the problems


def test_text_has_no_colour_when_not_a_terminal(tmp_path):
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)

    result = run_cli([], tmp_path)

    assert "\x1b" not in result.out


def test_force_color_turns_colour_on(tmp_path, monkeypatch):
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)
    monkeypatch.setenv("FORCE_COLOR", "1")

    result = run_cli([], tmp_path)

    assert ANSI.search(result.out), result.out
    assert ANSI.sub("", result.out).splitlines()[0].startswith("go.mod:5:28: GM001 ")


def test_no_color_wins_over_force_color(tmp_path, monkeypatch):
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")

    result = run_cli([], tmp_path)

    assert "\x1b" not in result.out
    assert result.out.startswith("go.mod:5:28: GM001 ")


def test_each_line_shows_the_severity_in_words_for_logs_without_colour(tmp_path):
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE.replace("go 1.22", "go 1.19"))

    lines = run_cli([], tmp_path).out.splitlines()

    assert lines[0].startswith("go.mod:3:4: GM003 [warning] `go 1.19`")
    assert lines[1].startswith("go.mod:5:28: GM001 [error] replace target")


@pytest.mark.parametrize(
    ("choice", "environment", "coloured"),
    [("always", "NO_COLOR", True), ("never", "FORCE_COLOR", False), ("auto", "FORCE_COLOR", True)],
)
def test_color_option_wins_over_the_environment(tmp_path, monkeypatch, choice, environment, coloured):
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv(environment, "1")

    result = run_cli(["--color", choice], tmp_path)

    assert bool(ANSI.search(result.out)) is coloured


def test_quiet_prints_the_findings_only(tmp_path):
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)
    write(tmp_path, "ok/go.mod", "module x\n\ngo 1.22\n")

    found = run_cli(["--quiet", "."], tmp_path)
    clean = run_cli(["-q", "ok"], tmp_path)

    assert found.code == 1 and found.out.splitlines() == [found.out.splitlines()[0]]
    assert found.out.startswith("go.mod:5:28: GM001 [error] ")
    assert (clean.code, clean.out) == (0, "")


def test_exit_zero_reports_but_passes_and_errors_still_exit_2(tmp_path):
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)

    found = run_cli(["--exit-zero"], tmp_path)
    broken = run_cli(["--exit-zero", "--select", "XX999"], tmp_path)

    assert found.code == 0 and "GM001 [error]" in found.out
    assert broken.code == 2


def test_statistics_count_the_findings_by_rule(tmp_path):
    write(tmp_path, "a/go.mod", ABSOLUTE_REPLACE)
    write(tmp_path, "b/go.mod", ABSOLUTE_REPLACE.replace("go 1.22", "go 1.19"))

    result = run_cli(["--statistics"], tmp_path)
    unsafe = run_cli(["--statistics", "--unsafe-fixes"], tmp_path)
    other = run_cli(["--statistics", "--format", "json"], tmp_path)

    # `[*]`: --fix fixes some of them (GM003's raise of the go line is unsafe).
    assert (result.code, result.out) == (1, "2  GM001      local-replace-absolute\n1  GM003      go-version-too-old\n")
    assert unsafe.out == "2  GM001      local-replace-absolute\n1  GM003  [*] go-version-too-old\n"
    assert other.code == 2 and "--statistics prints a table of text" in other.err


# --- json -------------------------------------------------------------------------------------


def test_json_report_shape(tmp_path):
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)

    result = run_cli(["--format", "json"], tmp_path)

    document = json.loads(result.out)
    assert result.code == 1
    assert document == {
        "version": 1,
        "diagnostics": [
            {
                "rule": "GM001",
                "name": "local-replace-absolute",
                "severity": "error",
                "path": "go.mod",
                "line": 5,
                "column": 28,
                "end_line": 5,
                "end_column": 40,
                "message": document["diagnostics"][0]["message"],
                "fix": None,
            }
        ],
    }
    assert "`/home/me/lib`" in document["diagnostics"][0]["message"]


def test_json_report_says_which_fix_a_finding_has(tmp_path):
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE.replace("go 1.22", "go 1.19"))

    result = run_cli(["--format", "json", "--select", "GM003"], tmp_path)

    fix = json.loads(result.out)["diagnostics"][0]["fix"]
    assert fix == {"safety": "unsafe", "title": "Write `1.21`"}


def test_json_clean_run_has_an_empty_list(tmp_path):
    write(tmp_path, "go.mod", CLEAN)

    result = run_cli(["--format", "json"], tmp_path)

    assert result.code == 0
    assert json.loads(result.out) == {"version": 1, "diagnostics": []}


def test_json_lines_and_columns_start_at_one(tmp_path):
    # No go directive: GM003 points at the module line, its first character.
    write(tmp_path, "go.mod", "module example.com/app\n")

    result = run_cli(["--format", "json"], tmp_path)

    [diagnostic] = json_diagnostics(result)
    assert (diagnostic["rule"], diagnostic["line"], diagnostic["column"]) == ("GM003", 1, 1)


def test_json_paths_are_relative_to_the_current_folder(tmp_path):
    write(tmp_path, "x/go.mod", ABSOLUTE_REPLACE)
    (tmp_path / "y").mkdir()

    from_parent = run_cli(["--format", "json", "x"], tmp_path)
    from_sibling_file = run_cli(["--format", "json", "../x/go.mod"], tmp_path / "y")
    from_sibling_folder = run_cli(["--format", "json", "../x"], tmp_path / "y")
    absolute = run_cli(["--format", "json", str(tmp_path / "x" / "go.mod")], tmp_path)
    from_inside = run_cli(["--format", "json"], tmp_path / "x")

    assert places(from_parent) == [("x/go.mod", 5, 28, "GM001")]
    assert places(from_sibling_file) == [("../x/go.mod", 5, 28, "GM001")]
    assert places(from_sibling_folder) == [("../x/go.mod", 5, 28, "GM001")]
    assert places(absolute) == [("x/go.mod", 5, 28, "GM001")]
    assert places(from_inside) == [("go.mod", 5, 28, "GM001")]


def test_an_absolute_path_outside_the_current_folder_is_linted(tmp_path):
    write(tmp_path, "x/go.mod", ABSOLUTE_REPLACE)
    (tmp_path / "y").mkdir()

    as_file = run_cli(["--format", "json", str(tmp_path / "x" / "go.mod")], tmp_path / "y")
    as_folder = run_cli(["--format", "json", str(tmp_path / "x")], tmp_path / "y")

    assert places(as_file) == [("../x/go.mod", 5, 28, "GM001")]
    assert places(as_folder) == [("../x/go.mod", 5, 28, "GM001")]


def test_a_quoted_replace_target_is_reported_at_its_opening_quote(tmp_path):
    write(tmp_path, "go.mod", 'module example.com/app\n\ngo 1.22\n\nreplace example.com/lib => "/home/me/lib"\n')

    result = run_cli(["--format", "json"], tmp_path)

    [diagnostic] = json_diagnostics(result)
    assert diagnostic["rule"] == "GM001"
    assert (diagnostic["line"], diagnostic["column"], diagnostic["end_line"], diagnostic["end_column"]) == (
        5,
        28,
        5,
        42,
    )


# --- sarif ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


BUILTIN = {rule.code: rule for rule in load_rules([], use_cache=False)}


@pytest.mark.parametrize(
    ("args", "enabled"),
    [
        ([], sorted(code for code, rule in BUILTIN.items() if not rule.opt_in)),
        (["--select", "ALL,VS002"], sorted(BUILTIN)),
        (["--select", "GM"], ["GM001", "GM002", "GM003"]),
        (["--ignore", "RL,GM002,GH,VL,VS,DL,DC,SC,SD"], ["GM001", "GM003"]),
    ],
    ids=["all", "all-and-opt-in", "select-GM", "ignore-RL-GM002"],
)
def test_sarif_is_valid_and_lists_every_enabled_rule(tmp_path, sarif_validator, args, enabled):
    write(tmp_path, "app/go.mod", ABSOLUTE_REPLACE.replace("go 1.22", "go 1.19"))

    result = run_cli(["--format", "sarif", *args], tmp_path)

    document = json.loads(result.out)
    errors = sorted(sarif_validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    [run] = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert sorted(rule["id"] for rule in rules) == enabled
    for rule in rules:
        builtin = BUILTIN[rule["id"]]
        assert rule["name"] == builtin.name
        assert rule["shortDescription"]["text"] == builtin.summary
        assert rule["fullDescription"]["text"].strip()
        assert rule["help"]["text"].strip()
    found = sorted(
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in run["results"]
    )
    assert found == sorted(
        place for place in [("GM001", "app/go.mod", 5, 28), ("GM003", "app/go.mod", 3, 4)] if place[0] in enabled
    )


def test_sarif_of_a_clean_run_still_lists_the_rules(tmp_path, sarif_validator):
    write(tmp_path, "go.mod", CLEAN)

    result = run_cli(["--format", "sarif"], tmp_path)

    document = json.loads(result.out)
    assert result.code == 0
    assert not list(sarif_validator.iter_errors(document))
    assert document["runs"][0]["results"] == []
    assert sorted(r["id"] for r in document["runs"][0]["tool"]["driver"]["rules"]) == sorted(
        code for code, rule in BUILTIN.items() if not rule.opt_in
    )


def settings_rule(root: Path) -> None:
    """A team's rule, TL001, reporting the `settings` mapping of any JSON file: a region over lines."""
    rule = debug_rule().replace(
        "select: debug, report-if: {equals: true}", "select: settings, report-if: {type: [mapping]}"
    )
    write(root, "rules/team.yaml", rule)
    write(root, ".remdev-lint.toml", 'rule-dirs = ["rules"]\n')


def test_sarif_quotes_each_findings_region_where_the_file_is_text(tmp_path, sarif_validator):
    # CRLF, and characters outside the BMP before the finding: columns count code points.
    write(tmp_path, "app/go.mod", "// 🚀 ünïcode\r\n" + ABSOLUTE_REPLACE.replace("\n", "\r\n"))
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "go.mod").write_bytes(b"module x\n\xff\n")  # not UTF-8: a parse error, not text
    settings_rule(tmp_path)
    write(tmp_path, "cfg.json", '{"settings": {\n  "debug": true\n}}\n')

    document = json.loads(run_cli(["--format", "sarif", "--select", "GM001,RL001,TL001"], tmp_path).out)

    assert not list(sarif_validator.iter_errors(document))
    regions = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r["locations"][0][
            "physicalLocation"
        ]["region"]
        for r in document["runs"][0]["results"]
    }
    assert regions[("GM001", "app/go.mod")]["snippet"] == {"text": "/home/me/lib"}
    assert "snippet" not in regions[("RL001", "bad/go.mod")]
    assert regions[("TL001", "cfg.json")]["snippet"] == {"text": '{\n  "debug": true\n}'}  # over lines


GO_GET = (
    'package client\n\nimport "net/http"\n\nfunc Ping(url string) error {\n\t_, err := http.Get(url)\n\treturn err\n}\n'
)


@pytest.mark.parametrize(
    ("name", "text", "snippet"),
    [
        # CRLF: a region over lines is quoted with the file's own line breaks.
        ("cfg.json", '{"settings": {\r\n  "debug": true\r\n}}\r\n', '{\r\n  "debug": true\r\n}'),
        ("client.go", GO_GET, "http.Get"),
        # A lone CR: Go does not break the line there, JSON does; which the finding's columns
        # count by is not known here, so nothing is quoted rather than the wrong text.
        ("client.go", "// a\rb\n" + GO_GET, None),
    ],
    ids=["crlf-over-lines", "go", "lone-cr"],
)
def test_sarif_snippets_keep_the_files_line_breaks(tmp_path, name, text, snippet):
    settings_rule(tmp_path)
    (tmp_path / name).write_bytes(text.encode())

    document = json.loads(run_cli(["--format", "sarif", "--select", "TL001,GH002"], tmp_path).out)

    [result] = document["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"].get("snippet") == (snippet and {"text": snippet})


def test_sarif_quotes_standard_input(tmp_path):
    document = json.loads(
        run_cli(["--format", "sarif", "--stdin-filename", "go.mod"], tmp_path, stdin=ABSOLUTE_REPLACE).out
    )

    [result] = [r for r in document["runs"][0]["results"] if r["ruleId"] == "GM001"]
    assert result["locations"][0]["physicalLocation"]["region"]["snippet"] == {"text": "/home/me/lib"}


def _apply_sarif_fix(text: str, fix: dict) -> str:
    """A SARIF fix applied as a SARIF viewer applies it: regions by line and code-point column."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    [change] = fix["artifactChanges"]
    edits = []
    for replacement in change["replacements"]:
        region = replacement["deletedRegion"]
        start = starts[region["startLine"] - 1] + region["startColumn"] - 1
        end = starts[region["endLine"] - 1] + region["endColumn"] - 1
        edits.append((start, end, replacement["insertedContent"]["text"]))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_sarif_fixes_make_what_fix_makes(tmp_path, sarif_validator, newline):
    # An emoji before the fix on its line: columns count code points.
    original = "module example.com/app // 🚀\n\ngo 1.19 // 🚀 old\n".replace("\n", newline)
    write(tmp_path, "go.mod", original)

    document = json.loads(run_cli(["--format", "sarif", "--select", "GM003"], tmp_path).out)
    fixed = run_cli(["--fix", "--unsafe-fixes", "--select", "GM003"], tmp_path)

    assert not list(sarif_validator.iter_errors(document))
    [result] = document["runs"][0]["results"]
    [fix] = result["fixes"]
    assert fix["description"]["text"] and fix["properties"] == {"safety": "unsafe"}
    assert fixed.code == 0 and _apply_sarif_fix(original, fix) == (tmp_path / "go.mod").read_bytes().decode()
    assert (tmp_path / "go.mod").read_bytes().decode() != original


def test_sarif_does_not_quote_standard_input_that_is_not_utf8(tmp_path):
    document = json.loads(
        run_cli(["--format", "sarif", "--stdin-filename", "go.mod"], tmp_path, b"module x\n\xff\n").out
    )

    [result] = document["runs"][0]["results"]
    assert result["ruleId"] == "RL001" and "snippet" not in result["locations"][0]["physicalLocation"]["region"]


# --- github -----------------------------------------------------------------------------------


def test_github_prints_workflow_commands(tmp_path):
    write(tmp_path, "app/go.mod", ABSOLUTE_REPLACE.replace("go 1.22", "go 1.19"))

    result = run_cli(["--format", "github"], tmp_path)

    lines = result.out.splitlines()
    assert result.code == 1
    assert len(lines) == 2, lines
    assert lines[0].startswith("::warning file=app/go.mod,line=3,col=4,")
    assert lines[1].startswith("::error file=app/go.mod,line=5,col=28,")
    assert "GM001" in lines[1].split("::", 2)[2]
    assert "`/home/me/lib`" in lines[1]


# --- --output ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_output_writes_the_report_to_a_file_and_nothing_to_stdout(tmp_path, fmt):
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)
    (tmp_path / "reports").mkdir()

    to_stdout = run_cli(["--format", fmt], tmp_path)
    to_file = run_cli(["--format", fmt, "--output", "reports/lint.out"], tmp_path)

    assert to_file.out == "" and to_file.err == ""
    assert to_file.code == to_stdout.code == 1
    assert (tmp_path / "reports" / "lint.out").read_text(encoding="utf-8") == to_stdout.out


# --- --select and --ignore ----------------------------------------------------------------------

# GM003 on line 3, GM001 on line 5, GM002 on line 6; a stale suppression of GM001 on line 1 is
# RL002 whenever GM001 runs.
MIXED = (
    "module example.com/app // remdev-lint: ignore[GM001]\n"
    "\n"
    "go 1.19\n"
    "\n"
    "replace example.com/lib => /home/me/lib\n"
    "replace example.com/other => ../missing\n"
)


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        ([], ["RL002", "GM003", "GM001", "GM002"]),
        (["--select", "GM001"], ["GM001"]),
        (["--select", "GM"], ["GM003", "GM001", "GM002"]),
        (["--select", "local-replace-missing"], ["GM002"]),
        (["--select", "GM001, go-version-too-old"], ["GM003", "GM001"]),
        (["--select", "GM,RL", "--ignore", "GM003"], ["RL002", "GM001", "GM002"]),
        (["--select", "GM", "--ignore", "local-replace-absolute"], ["GM003", "GM002"]),
        (["--ignore", "GM00"], []),
        (["--ignore", "RL002,GM002"], ["GM003", "GM001"]),
    ],
)
def test_select_and_ignore_take_codes_prefixes_and_names(tmp_path, args, codes):
    write(tmp_path, "go.mod", MIXED)

    result = run_cli(["--format", "json", *args], tmp_path)

    assert [code for (_path, _line, _column, code) in places(result)] == codes
    assert result.code == (1 if codes else 0)


@pytest.mark.parametrize("args", [["--select", ""], ["--select", " , "], ["--select", "GM001", "--ignore", "GM001"]])
def test_a_run_that_would_check_no_rule_is_a_usage_error(tmp_path, args):
    """Checking nothing and saying "All checks passed" would pass every file silently."""
    write(tmp_path, "go.mod", MIXED)

    result = run_cli(args, tmp_path)

    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        "remdev-lint: error: --select and ignore leave no rule to check: name codes, prefixes or names, or ALL\n"
    )


@pytest.mark.parametrize(
    ("args", "token"),
    [
        (["--select", "GM999"], "GM999"),
        (["--ignore", "XY"], "XY"),
        (["--select", "GM001,no-such-rule"], "no-such-rule"),
    ],
)
def test_an_unknown_rule_in_select_or_ignore_is_a_usage_error(tmp_path, args, token):
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)

    result = run_cli(args, tmp_path)

    assert_usage_error(result, token)
    assert result.out == ""


# --- --fail-on and exit codes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "args", "code"),
    [
        (CLEAN, [], 0),
        (OLD_GO, [], 1),
        (OLD_GO, ["--fail-on", "warning"], 1),
        (OLD_GO, ["--fail-on", "error"], 0),
        (OLD_GO, ["--fail-on", "info"], 1),
        (ABSOLUTE_REPLACE, ["--fail-on", "error"], 1),
    ],
    ids=[
        "clean",
        "warning",
        "warning-fail-on-warning",
        "warning-fail-on-error",
        "warning-fail-on-info",
        "error-fail-on-error",
    ],
)
def test_fail_on_decides_the_exit_code(tmp_path, text, args, code):
    write(tmp_path, "go.mod", text)

    result = run_cli(args, tmp_path)

    assert result.code == code, result
    assert len(text_diagnostics(result)) == (0 if text == CLEAN else 1)


def test_info_findings_do_not_fail_by_default(tmp_path):
    write(tmp_path, ".remdev-lint.toml", '[rules.GM003]\nseverity = "info"\n')
    write(tmp_path, "go.mod", OLD_GO)

    default = run_cli(["--format", "json"], tmp_path)
    strict = run_cli(["--format", "json", "--fail-on", "info"], tmp_path)

    assert default.code == 0
    assert [(d["rule"], d["severity"]) for d in json_diagnostics(default)] == [("GM003", "info")]
    assert strict.code == 1


@pytest.mark.parametrize(
    "args",
    [["--format", "xml"], ["--fail-on", "fatal"], ["--no-such-option"]],
    ids=["format", "fail-on", "option"],
)
def test_bad_command_line_options_exit_2(tmp_path, args):
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE)

    result = run_cli(args, tmp_path)

    assert result.code == 2, result
    assert result.out == ""
    assert any(line.startswith("remdev-lint: error:") for line in result.err.splitlines()), result.err
    assert "Traceback" not in result.err


# --- --stdin-filename -------------------------------------------------------------------------


def test_stdin_is_linted_as_the_named_file(tmp_path):
    write(tmp_path, "app/go.mod", CLEAN)  # what is on disk does not matter

    result = run_cli(["--format", "json", "--stdin-filename", "app/go.mod"], tmp_path, stdin=ABSOLUTE_REPLACE)
    unsaved = run_cli(["--format", "json", "--stdin-filename", "new/go.mod"], tmp_path, stdin=OLD_GO)

    assert result.code == 1
    assert places(result) == [("app/go.mod", 5, 28, "GM001")]
    assert places(unsaved) == [("new/go.mod", 3, 4, "GM003")]


def test_stdin_of_a_clean_file_passes(tmp_path):
    write(tmp_path, "app/go.mod", ABSOLUTE_REPLACE)  # on disk: bad; in the editor: fixed

    result = run_cli(["--format", "json", "--stdin-filename", "app/go.mod"], tmp_path, stdin=CLEAN)

    assert result.code == 0
    assert json_diagnostics(result) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("app/go.mod", []),
        ("go.mod", [("go.mod", 5, 28, "GM002")]),
        ("app/cmd/go.mod", [("app/cmd/go.mod", 5, 28, "GM002")]),
    ],
)
def test_stdin_relative_replace_targets_resolve_from_the_named_files_folder(tmp_path, name, expected):
    write(tmp_path, "lib/go.mod", "module example.com/lib\n\ngo 1.22\n")
    (tmp_path / "app").mkdir()
    text = "module example.com/app\n\ngo 1.22\n\nreplace example.com/lib => ../lib\n"

    result = run_cli(["--format", "json", "--stdin-filename", name], tmp_path, stdin=text)

    assert places(result) == expected


def test_stdin_name_in_another_folder_than_the_current_one(tmp_path):
    write(tmp_path, "lib/go.mod", "module example.com/lib\n")
    (tmp_path / "app").mkdir()
    text = "module example.com/app\n\ngo 1.22\n\nreplace example.com/lib => ../lib\n"

    ok = run_cli(["--format", "json", "--stdin-filename", "../app/go.mod"], tmp_path / "lib", stdin=text)
    broken = run_cli(["--format", "json", "--stdin-filename", "../go.mod"], tmp_path / "lib", stdin=text)

    assert places(ok) == []
    assert places(broken) == [("../go.mod", 5, 28, "GM002")]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_stdin_named_as_a_file_no_rule_reads_gives_nothing(tmp_path, fmt):
    result = run_cli(["--format", fmt, "--stdin-filename", "docs/README.md"], tmp_path, stdin=ABSOLUTE_REPLACE)

    assert result.code == 0, result
    assert result.err == ""
    if fmt == "json":
        assert json_diagnostics(result) == []
    else:
        assert text_diagnostics(result) == []
        assert "README" not in result.out


def test_stdin_parse_error_is_reported_at_its_position(tmp_path):
    result = run_cli(
        ["--format", "json", "--stdin-filename", "go.mod"], tmp_path, stdin="module example.com/a\n\ngo 1.22\ngo 1.23\n"
    )

    assert result.code == 1
    assert places(result) == [("go.mod", 4, 1, "RL001")]


# --- --list-rules, --explain, --version -------------------------------------------------------


def test_list_rules_prints_code_name_severity_and_summary(tmp_path):
    result = run_cli(["--list-rules"], tmp_path)

    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert len(lines) == len(BUILTIN)
    for code, rule in BUILTIN.items():
        [line] = [line for line in lines if line.split()[0] == code]
        assert line.split()[1:3] == [rule.name, rule.severity], line
        assert line.endswith(rule.summary), line


@pytest.mark.parametrize("token", ["GM003", "go-version-too-old"])
def test_explain_prints_the_explanation_options_and_examples(tmp_path, token):
    rule = BUILTIN["GM003"]

    result = run_cli(["--explain", token], tmp_path)

    assert result.code == 0 and result.err == ""
    assert "GM003" in result.out and "go-version-too-old" in result.out
    assert rule.explanation.strip().splitlines()[1] in result.out  # the explanation itself
    # The option, with its default, on one line.
    assert any("min-go-version" in line and "default" in line and "1.21" in line for line in result.out.splitlines())
    assert "go 1.19" in result.out  # the bad example
    assert "go 1.21.0" in result.out  # a good example


def test_explain_by_code_and_by_name_agree(tmp_path):
    assert (
        run_cli(["--explain", "GM001"], tmp_path).out == run_cli(["--explain", "local-replace-absolute"], tmp_path).out
    )


def test_explain_an_unknown_rule_is_a_usage_error(tmp_path):
    result = run_cli(["--explain", "GM999"], tmp_path)

    assert_usage_error(result, "GM999")
    assert result.out == ""


def test_version(tmp_path):
    result = run_cli(["--version"], tmp_path)

    assert result.code == 0
    assert result.out.strip() == f"remdev-lint {__version__}"


# --- parse errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("module example.com/a\n\ngo 1.22\ngo 1.23\n", 4, 1, "repeated go statement"),
        ("module example.com/a\n\ngo 1.22\nfrobnicate x\n", 4, 1, "unknown directive: frobnicate"),
        ("module example.com/a\n\nreplace example.com/lib => ~/src/lib\n", 3, 28, "directory path"),
        ("module example.com/a\n/* block */\n", 2, 1, "// comments"),
    ],
    ids=["repeated-go", "unknown-directive", "home-replace", "block-comment"],
)
def test_a_file_that_does_not_parse_gets_rl001_and_the_run_goes_on(tmp_path, text, line, column, words):
    write(tmp_path, "a/go.mod", text)
    write(tmp_path, "b/go.mod", ABSOLUTE_REPLACE)

    result = run_cli(["--format", "json"], tmp_path)

    assert result.code == 1
    found = json_diagnostics(result)
    assert [(d["path"], d["line"], d["column"], d["rule"]) for d in found] == [
        ("a/go.mod", line, column, "RL001"),
        ("b/go.mod", 5, 28, "GM001"),
    ]
    assert words in found[0]["message"]
    assert found[0]["severity"] == "error" and found[0]["name"] == "parse-error"


def test_a_file_that_is_not_utf8_gets_rl001_at_the_bad_byte(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "go.mod").write_bytes(b"module example.com/a\n\ngo 1.22\n// caf\xe9\n")
    write(tmp_path, "b/go.mod", ABSOLUTE_REPLACE)

    result = run_cli(["--format", "json"], tmp_path)

    assert result.code == 1
    assert places(result) == [("a/go.mod", 4, 7, "RL001"), ("b/go.mod", 5, 28, "GM001")]


def test_a_parse_error_hides_the_other_rules_findings_in_that_file(tmp_path):
    write(tmp_path, "go.mod", "module example.com/a\n\ngo 1.19\n\nreplace example.com/lib => /abs/lib\nfrobnicate\n")

    result = run_cli(["--format", "json"], tmp_path)

    assert places(result) == [("go.mod", 6, 1, "RL001")]


def test_an_opt_in_rule_runs_only_when_named(tmp_path):
    """VS002 is opt-in: the default, `ALL` and the prefix `VS` leave it out; its code or its name
    brings it in, beside the others."""
    write(tmp_path, ".vscode/settings.json", '{"remote.autoForwardPorts": false, "go.lintTool": "staticcheck"}\n')

    def rules(*select: str) -> list[str]:
        args = ["--select", ",".join(select)] if select else []
        return sorted({d["rule"] for d in json_diagnostics(run_cli(["--format", "json", *args], tmp_path))})

    assert rules() == rules("ALL") == rules("VS") == []
    assert rules("VS002") == rules("goproxy-not-pinned") == rules("ALL", "VS002") == ["VS002"]
    assert "(opt-in)" in run_cli(["--list-rules"], tmp_path).out.split("VS002", 1)[1].splitlines()[0]
    assert 'select = ["ALL", "VS002"]' in run_cli(["--explain", "VS002"], tmp_path).out


# --- --dump-document ------------------------------------------------------------------------------


def test_dump_document_shows_the_tree_and_what_checks_select(tmp_path):
    """The compose format's synthesized ports and the command-line invocations a DL check
    selects, each node with its place: what a rule author writes selectors against."""
    write(
        tmp_path,
        "compose.yaml",
        'services:\n  api:\n    command: dlv exec /app --headless --listen=:40000\n    ports: ["40000:40000"]\n',
    )

    result = run_cli(["--dump-document", "compose.yaml"], tmp_path)

    assert (result.code, result.err) == (0, "")
    dumped = json.loads(result.out)
    compose = dumped["formats"]["compose"]
    api = compose["document"]["mapping"]["services"]["mapping"]["api"]["mapping"]
    [port] = api["published-ports"]["sequence"]
    assert port["at"] == "4:13-4:26"
    assert port["mapping"]["target"]["value"] == 40000 and port["mapping"]["host_ip"]["value"] == ""
    [invocation] = next(v for k, v in compose["selects"].items() if k.startswith("DL002 "))
    assert invocation["mapping"]["flags"]["mapping"]["listen"] == {"at": "3:48-3:54", "value": ":40000"}


def test_dump_document_of_go_shows_the_captures_of_the_queries(tmp_path):
    write(tmp_path, "main.go", 'package main\n\nimport "net/http"\n\nvar c = &http.Client{Timeout: 0}\n')

    dumped = json.loads(run_cli(["--dump-document", "main.go"], tmp_path).out)

    matches = dumped["formats"]["go"]["selects"]["GH001 check 1"]
    assert [m["mapping"]["fields"]["mapping"]["Timeout"]["value"] for m in matches] == ["0"]


@pytest.mark.parametrize(
    ("name", "text", "says"), [("notes.txt", "x\n", "no rule reads notes.txt"), ("go.mod", "\xff", "")]
)
def test_dump_document_of_a_file_no_rule_reads_is_a_usage_error(tmp_path, name, text, says):
    (tmp_path / name).write_bytes(text.encode("latin-1"))

    result = run_cli(["--dump-document", name], tmp_path)

    assert result.code == 2 and result.out == "" and says in result.err and "Traceback" not in result.err


# --- gitlab -------------------------------------------------------------------------------------


def test_gitlab_report_validates_and_keeps_the_baselines_fingerprints_when_lines_move(tmp_path):
    import jsonschema

    schema = json.loads((Path(__file__).parent / "data" / "gitlab-codeclimate.schema.json").read_text())
    write(tmp_path, "go.mod", ABSOLUTE_REPLACE.replace("go 1.22", "go 1.19"))

    first = run_cli(["--format", "gitlab"], tmp_path)
    run_cli(["--write-baseline", "baseline.json"], tmp_path)
    write(tmp_path, "go.mod", "// moved down\n\n" + ABSOLUTE_REPLACE.replace("go 1.22", "go 1.19"))
    moved = run_cli(["--format", "gitlab"], tmp_path)

    issues = json.loads(first.out)
    assert first.code == 1 and [i["check_name"] for i in issues] == ["GM003", "GM001"]
    for issue in issues:
        jsonschema.validate(issue, schema)  # what GitLab's parser checks
    assert [(i["severity"], i["location"]["path"]) for i in issues] == [("major", "go.mod"), ("critical", "go.mod")]
    assert issues[1]["location"]["lines"] == {"begin": 5, "end": 5}
    baseline = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    assert sorted(i["fingerprint"] for i in issues) == sorted(entry["fingerprint"] for entry in baseline)
    again = json.loads(moved.out)
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in issues]
    assert [i["location"]["lines"]["begin"] for i in again] == [i["location"]["lines"]["begin"] + 2 for i in issues]


def test_gitlab_report_of_a_clean_run_is_an_empty_list(tmp_path):
    write(tmp_path, "go.mod", CLEAN)

    result = run_cli(["--format", "gitlab"], tmp_path)

    assert (result.code, result.out) == (0, "[]\n")
