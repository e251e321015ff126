"""Reporters: text and summary wording, JSON shape, SARIF validity, GitHub command escaping."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote

import jsonschema
import pytest

from conftest import DATA, shared_path
from remdev_lint import __version__
from remdev_lint.diagnostics import Diagnostic
from remdev_lint.edits import Edit, Fix
from remdev_lint.reporters import FORMATS, render, statistics

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _schema_path() -> Path:
    return DATA / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads(_schema_path().read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def diag(
    path="go.mod",
    line=3,
    column=1,
    end_line=None,
    end_column=None,
    code="RD101",
    name="go-directive-missing",
    severity="error",
    message="`go` directive is missing",
    fix=None,
):
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        end_line=line if end_line is None else end_line,
        end_column=column + 5 if end_column is None else end_column,
        code=code,
        name=name,
        severity=severity,
        message=message,
        fix=fix,
    )


def rule(code, name, severity, summary="A summary.", explanation="First paragraph.\n\nMore.", builtin=True):
    return SimpleNamespace(
        code=code, name=name, severity=severity, summary=summary, explanation=explanation, builtin=builtin
    )


RULES = [
    rule(
        "RD101",
        "go-directive-missing",
        "error",
        "go.mod needs a go directive.",
        "The `go` directive pins the language version\nused by the toolchain.\n\n## Example\n\n```\ngo 1.22\n```",
    ),
    rule("RD201", "launch-mode-auto", "warning"),
    rule("RD301", "ssh-forward-agent", "info"),
]


# --- text ---------------------------------------------------------------------------------------


def test_text_prints_one_line_per_diagnostic_then_summary():
    diagnostics = [
        diag("go.mod", 3, 1, code="RD101", severity="error", message="`go` directive is missing"),
        diag(".vscode/launch.json", 7, 15, code="RD201", severity="warning", message='mode "auto"'),
    ]
    out = render("text", diagnostics, RULES, files_checked=4)
    assert out == (
        "go.mod:3:1: RD101 [error] `go` directive is missing\n"
        '.vscode/launch.json:7:15: RD201 [warning] mode "auto"\n'
        "Found 2 problems (1 error, 1 warning) in 2 files.\n"
    )


def test_quiet_text_is_the_findings_alone_and_nothing_when_there_are_none():
    found = [diag("go.mod", 3, 1, code="RD101", severity="error", message="m")]

    assert render("text", found, RULES, files_checked=4, quiet=True) == "go.mod:3:1: RD101 [error] m\n"
    assert render("text", [], RULES, files_checked=4, quiet=True) == ""


def test_statistics_count_each_rule_most_frequent_first():
    found = [diag(code="RD201", name="b"), diag(code="RD101", name="a"), diag(code="RD201", name="b")]
    found += [diag(code="RD301", name="c")] * 10

    assert statistics(found) == "10  RD301      c\n 2  RD201      b\n 1  RD101      a\n"


def test_statistics_mark_the_rules_that_fix_fixes():
    safe, unsafe = Fix((Edit(0, 1, "x"),), False, "Write `x`"), Fix((Edit(0, 1, "y"),), True, "Write `y`")
    found = [diag(code="RD101", name="a", fix=safe), diag(code="RD201", name="b", fix=unsafe)]
    found += [diag(code="RD301", name="c")]

    assert statistics(found) == "1  RD101  [*] a\n1  RD201      b\n1  RD301      c\n"
    assert statistics(found, unsafe_fixes=True) == "1  RD101  [*] a\n1  RD201  [*] b\n1  RD301      c\n"


@pytest.mark.parametrize(
    ("safety", "summary"),
    [
        ([False, False], "Found 3 problems (3 errors) in 1 file. 2 fixable with --fix."),
        (
            [False, True],
            "Found 3 problems (3 errors) in 1 file. 1 fixable with --fix (1 more with --fix --unsafe-fixes).",
        ),
        ([True], "Found 3 problems (3 errors) in 1 file. 1 fixable with --fix --unsafe-fixes."),
    ],
)
def test_text_summary_counts_the_findings_fix_fixes(safety, summary):
    found = [diag(line=n, fix=Fix((Edit(0, 1, "x"),), unsafe, "Write `x`")) for n, unsafe in enumerate(safety, 1)]
    found += [diag(line=9)] * (3 - len(found))

    assert render("text", found, RULES, files_checked=1).splitlines()[-1] == summary


@pytest.mark.parametrize(
    ("severities", "paths", "summary"),
    [
        (["error"], ["a"], "Found 1 problem (1 error) in 1 file."),
        (["warning", "warning"], ["a", "a"], "Found 2 problems (2 warnings) in 1 file."),
        (["info"], ["a"], "Found 1 problem (1 info) in 1 file."),
        (["info", "info"], ["a", "b"], "Found 2 problems (2 info) in 2 files."),
        (
            ["error", "error", "warning", "info", "info"],
            ["a", "a", "b", "c", "c"],
            "Found 5 problems (2 errors, 1 warning, 2 info) in 3 files.",
        ),
        (["error", "info"], ["a", "b"], "Found 2 problems (1 error, 1 info) in 2 files."),
    ],
)
def test_text_summary_counts_only_nonzero_severities_with_plurals(severities, paths, summary):
    diagnostics = [diag(path=p, severity=s) for s, p in zip(severities, paths, strict=True)]
    out = render("text", diagnostics, RULES, files_checked=10)
    assert out.splitlines()[-1] == summary
    assert len(out.splitlines()) == len(diagnostics) + 1


@pytest.mark.parametrize(
    ("files_checked", "summary"),
    [
        (0, "All checks passed (0 files checked).\n"),
        (1, "All checks passed (1 file checked).\n"),
        (12, "All checks passed (12 files checked).\n"),
    ],
)
def test_text_with_no_problems_says_all_checks_passed(files_checked, summary):
    assert render("text", [], RULES, files_checked=files_checked) == summary


def test_text_without_color_has_no_escape_codes():
    diagnostics = [diag(severity=s) for s in ("error", "warning", "info")]
    out = render("text", diagnostics, RULES, files_checked=1, color=False)
    assert "\x1b" not in out


def test_text_with_color_styles_path_position_and_code_by_severity():
    diagnostics = [
        diag("go.mod", 3, 1, code="RD101", severity="error", message="m1"),
        diag("go.mod", 4, 2, code="RD201", severity="warning", message="m2"),
        diag("go.mod", 5, 3, code="RD301", severity="info", message="m3"),
    ]
    lines = render("text", diagnostics, RULES, files_checked=1, color=True).splitlines()
    assert lines[0] == "\x1b[1mgo.mod\x1b[0m\x1b[2m:3:1:\x1b[0m \x1b[31mRD101 [error]\x1b[0m m1"
    assert "\x1b[33mRD201 [warning]\x1b[0m" in lines[1]
    assert "\x1b[36mRD301 [info]\x1b[0m" in lines[2]
    # Stripping the colour gives back exactly the plain output.
    plain = render("text", diagnostics, RULES, files_checked=1)
    assert [ANSI.sub("", line) for line in lines] == plain.splitlines()


# --- json ---------------------------------------------------------------------------------------


def test_json_has_version_and_diagnostics_in_documented_key_order():
    d = diag("dir with space/go.mod", 2, 4, 3, 1, "RD101", "go-directive-missing", "error", "bad ✓")
    out = render("json", [d], RULES, files_checked=1)
    assert out.endswith("}\n")
    assert out.startswith('{\n  "version": 1,')  # indent=2
    document = json.loads(out)
    assert list(document) == ["version", "diagnostics"]
    assert document["version"] == 1
    [entry] = document["diagnostics"]
    assert list(entry) == [
        "rule",
        "name",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "fix",
    ]
    assert entry == {
        "rule": "RD101",
        "name": "go-directive-missing",
        "severity": "error",
        "path": "dir with space/go.mod",
        "line": 2,
        "column": 4,
        "end_line": 3,
        "end_column": 1,
        "message": "bad ✓",
        "fix": None,
    }


def test_json_with_no_problems_is_an_empty_list_and_no_summary():
    out = render("json", [], RULES, files_checked=3)
    assert json.loads(out) == {"version": 1, "diagnostics": []}


def test_json_keeps_diagnostic_order():
    diagnostics = [diag("a", 1), diag("a", 9), diag("b", 2)]
    document = json.loads(render("json", diagnostics, RULES, files_checked=2))
    assert [(e["path"], e["line"]) for e in document["diagnostics"]] == [
        ("a", 1),
        ("a", 9),
        ("b", 2),
    ]


# --- sarif --------------------------------------------------------------------------------------


def _sarif(diagnostics, rules=RULES):
    out = render("sarif", diagnostics, rules, files_checked=1)
    assert out.endswith("\n")
    return json.loads(out)


def test_sarif_with_results_validates_and_describes_tool_and_rules(sarif_validator):
    document = _sarif([diag(code="RD101"), diag("x.json", code="RD201", severity="warning")])
    sarif_validator.validate(document)
    assert document["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert document["version"] == "2.1.0"
    [run] = document["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "remdev-lint"
    assert driver["version"] == __version__
    assert driver["informationUri"] == "https://github.com/remdev-lint/remdev-lint"
    assert [r["id"] for r in driver["rules"]] == ["RD101", "RD201", "RD301"]
    first = driver["rules"][0]
    assert first["name"] == "go-directive-missing"
    assert first["shortDescription"] == {"text": "go.mod needs a go directive."}
    assert first["fullDescription"] == {"text": "The `go` directive pins the language version used by the toolchain."}
    assert first["help"]["markdown"] == RULES[0].explanation
    assert first["help"]["text"] == RULES[0].explanation


def test_sarif_with_no_results_validates_and_still_lists_rules(sarif_validator):
    document = _sarif([])
    sarif_validator.validate(document)
    [run] = document["runs"]
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == 3


def test_sarif_maps_levels_for_rules_and_results(sarif_validator):
    diagnostics = [
        diag(code="RD101", severity="error"),
        diag(code="RD201", severity="warning"),
        diag(code="RD301", severity="info"),
        # The configured severity of a finding wins over the rule's default.
        diag(code="RD301", severity="error"),
    ]
    document = _sarif(diagnostics)
    sarif_validator.validate(document)
    [run] = document["runs"]
    levels = [r["defaultConfiguration"]["level"] for r in run["tool"]["driver"]["rules"]]
    assert levels == ["error", "warning", "note"]
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note", "error"]


def test_sarif_rule_index_points_at_the_rule_and_is_omitted_for_unknown_codes(sarif_validator):
    diagnostics = [
        diag(code="RD301", severity="info"),
        diag(code="RD101"),
        diag(code="RD000", name="parse-error", message="cannot parse"),
    ]
    document = _sarif(diagnostics)
    sarif_validator.validate(document)
    [run] = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["RD301", "RD101", "RD000"]
    for result in results[:2]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert "ruleIndex" not in results[2]


def test_sarif_result_location_message_and_region(sarif_validator):
    d = diag("cmd/app/.vscode/launch.json", 7, 15, 7, 21, "RD201", severity="warning", message="m")
    document = _sarif([d])
    sarif_validator.validate(document)
    [result] = document["runs"][0]["results"]
    assert result["message"] == {"text": "m"}
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "cmd/app/.vscode/launch.json",
        "uriBaseId": "%SRCROOT%",
    }
    assert location["region"] == {"startLine": 7, "startColumn": 15, "endLine": 7, "endColumn": 21}


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("my project/go.mod", "my%20project/go.mod"),
        ("issue#12/go.mod", "issue%2312/go.mod"),
        ("100%/go.mod", "100%25/go.mod"),
        ("projets/été/go.mod", "projets/%C3%A9t%C3%A9/go.mod"),
        ("a:b/go.mod", "a%3Ab/go.mod"),
    ],
)
def test_sarif_percent_encodes_paths_as_relative_uri_references(sarif_validator, path, uri):
    document = _sarif([diag(path)])
    sarif_validator.validate(document)
    artifact = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": uri, "uriBaseId": "%SRCROOT%"}
    assert unquote(artifact["uri"]) == path


@pytest.mark.parametrize(
    ("line", "column", "end_line", "end_column", "region"),
    [
        # End before start on the same line: clamp to an empty region at the start.
        (4, 9, 4, 2, {"startLine": 4, "startColumn": 9, "endLine": 4, "endColumn": 9}),
        # End line before start line.
        (5, 3, 2, 8, {"startLine": 5, "startColumn": 3, "endLine": 5, "endColumn": 8}),
        # A zero end column (e.g. "end of previous line") becomes 1 on a later line.
        (1, 1, 2, 0, {"startLine": 1, "startColumn": 1, "endLine": 2, "endColumn": 1}),
    ],
)
def test_sarif_region_end_is_never_before_start(sarif_validator, line, column, end_line, end_column, region):
    document = _sarif([diag(line=line, column=column, end_line=end_line, end_column=end_column)])
    sarif_validator.validate(document)
    physical = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert physical["region"] == region


def test_sarif_rule_with_empty_texts_still_validates(sarif_validator):
    bare = rule("RD900", "bare", "warning", summary="", explanation="")
    document = _sarif([diag(code="RD900", severity="warning")], rules=[bare])
    sarif_validator.validate(document)
    [entry] = document["runs"][0]["tool"]["driver"]["rules"]
    assert entry["shortDescription"]["text"]
    assert entry["fullDescription"]["text"]


# --- github -------------------------------------------------------------------------------------


def test_github_prints_one_workflow_command_per_diagnostic():
    diagnostics = [
        diag("go.mod", 3, 1, 3, 6, "RD101", severity="error", message="missing"),
        diag("a.json", 2, 4, 5, 1, "RD201", severity="warning", message="auto"),
        diag("ssh_config", 9, 1, 9, 14, "RD301", severity="info", message="agent"),
    ]
    out = render("github", diagnostics, RULES, files_checked=3)
    assert out == (
        "::error file=go.mod,line=3,col=1,endLine=3,endColumn=6,title=RD101::"
        "go.mod:3:1: RD101 missing\n"
        "::warning file=a.json,line=2,col=4,endLine=5,endColumn=1,title=RD201::"
        "a.json:2:4: RD201 auto\n"
        "::notice file=ssh_config,line=9,col=1,endLine=9,endColumn=14,title=RD301::"
        "ssh_config:9:1: RD301 agent\n"
    )


def test_github_with_no_problems_prints_nothing():
    assert render("github", [], RULES, files_checked=5) == ""


def test_github_escapes_properties_and_message_like_actions_toolkit():
    d = diag(
        "odd,dir/a:b%20c.json",
        1,
        2,
        1,
        3,
        "RD101",
        message="50% of\r\nlines: a, b",
    )
    [line] = render("github", [d], RULES, files_checked=1).splitlines()
    command, message = line.split("::")[1:]
    assert command == ("error file=odd%2Cdir/a%3Ab%2520c.json,line=1,col=2,endLine=1,endColumn=3,title=RD101")
    # Data escaping: % CR LF only; ":" and "," stay readable in the message.
    assert message == "odd,dir/a:b%2520c.json:1:2: RD101 50%25 of%0D%0Alines: a, b"


def test_github_output_is_one_line_per_diagnostic_even_with_newlines():
    d = diag("x\ny.json", message="first\nsecond\rthird")
    out = render("github", [d], RULES, files_checked=1)
    assert out.count("\n") == 1
    assert "\r" not in out


# --- common -------------------------------------------------------------------------------------


def test_unknown_format_is_rejected_with_the_choices():
    with pytest.raises(ValueError, match="text, json, sarif, github"):
        render("xml", [], RULES, files_checked=0)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_summary_outside_text_and_output_ends_with_newline(fmt):
    out = render(fmt, [diag()], RULES, files_checked=1, fingerprints=["0" * 32])
    assert out.endswith("\n")
    assert ("Found 1 problem" in out) == (fmt == "text")


def test_importing_reporters_does_not_import_json():
    import subprocess
    import sys

    code = "import sys; import remdev_lint.reporters; print('json' in sys.modules, 'urllib.parse' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.stdout.split() == ["False", "False"]


def test_the_sarif_schema_in_tests_is_the_official_one() -> None:
    """tests/data holds a copy so that a plain clone can validate SARIF; it must not drift from
    the official schema in the workplace's shared/ folder."""
    official = shared_path("schemas", "sarif-schema-2.1.0.json")
    assert _schema_path().read_bytes() == official.read_bytes()


def test_sarif_rules_have_their_page_and_a_description_without_headings(sarif_validator):
    explained = "## What it does\nReports a thing\nacross lines.\n\n## Why is this bad?\nBecause."
    builtin, team = rule("RD101", "a", "error", explanation=explained), rule("TM001", "b", "error", builtin=False)
    document = json.loads(render("sarif", [], [builtin, team], files_checked=0))

    sarif_validator.validate(document)
    first, second = document["runs"][0]["tool"]["driver"]["rules"]
    assert first["helpUri"] == "https://github.com/remdev-lint/remdev-lint/blob/main/docs/rules/RD101.md"
    assert first["fullDescription"] == {"text": "Reports a thing across lines."}
    assert "helpUri" not in second  # a team's rule has no page
