"""Rule files: the schema that guards them, the errors a rule author reads, the cache."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest

from conftest import run_cli
from remdev_lint import rules as rules_module
from remdev_lint.docs import rule_table, with_table
from remdev_lint.rules import SCHEMA_PATH, RuleFileError, load_rule_file, load_rules

REPO = Path(__file__).resolve().parents[1]

GOOD_RULE = """\
rules:
  - code: TP001
    name: retry-bounded
    severity: error
    summary: Retries are bounded.
    explanation: Because.
    files: ["services/*.yaml"]
    check:
      select: "**.retry"
      report-if: {path: maxAttempts, present: false}
      message: no maxAttempts
    examples:
      bad:
        - {file: services/a.yaml, text: "retry: {}\\n", expect: "1:8"}
      good:
        - {file: services/a.yaml, text: "retry: {maxAttempts: 1}\\n"}
"""


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "policy.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> str:
    write(tmp_path / "policy", text)
    with pytest.raises(RuleFileError) as caught:
        load_rules([tmp_path / "policy"], use_cache=False)
    return str(caught.value)


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text()))


def test_a_good_custom_rule_loads():
    assert [r.code for r in load_rules([])] == [r.code for r in load_rules([])]  # stable order


def test_good_rule_text_loads(tmp_path):
    write(tmp_path / "policy", GOOD_RULE)
    loaded = load_rules([tmp_path / "policy"], use_cache=False)
    assert "TP001" in [r.code for r in loaded]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # A misspelt test or key: the error is at the key, names the rule, and the nearest key.
        (
            ("present: false}", "presnt: false}"),
            ":10:38: rule TP001 (retry-bounded): check.report-if: unknown key `presnt`: did you mean `present`?",
        ),
        (
            ('select: "**.retry"', 'selekt: "**.retry"'),
            ":9:7: rule TP001 (retry-bounded): check: unknown key `selekt`: did you mean `select`?",
        ),
        (("    check:", "    chek:"), "(rule): unknown key `chek`: did you mean `check`?"),
        (
            ("    severity: error", "    severity: error\n    colour: red"),
            "unknown key `colour` (the keys here: `check`, `code`,",
        ),
        (("code: TP001", "code: tp1"), "rule tp1 (retry-bounded): code: 'tp1' does not match"),
        (("severity: error", "severity: fatal"), "severity: 'fatal' is not one of"),
        (('select: "**.retry"', 'select: "a..b"'), ":9:15: rule TP001 (retry-bounded): invalid selector 'a..b'"),
        (
            ("{path: maxAttempts, present: false}", "{path: maxAttempts, matches: '(['}"),
            ":10:47: rule TP001 (retry-bounded): invalid regular expression",
        ),
        (
            ("present: false}", "number: {gt: {option: limit}}}"),
            ":10:51: rule TP001 (retry-bounded): option 'limit' is not declared by the rule",
        ),
        (
            ("message: no maxAttempts", "message: at most {options.limit}"),
            ":11:16: rule TP001 (retry-bounded): {options.limit} names an option the rule does not declare",
        ),
        # A placeholder that names nothing for any node the check selects in the examples.
        (
            ("message: no maxAttempts", "message: no maxAttempts in {retyr.name}"),
            ":11:34: rule TP001 (retry-bounded): the message placeholder `{retyr.name}` names nothing",
        ),
        (
            (
                '  - {file: services/a.yaml, text: "retry: {}\\n", expect: "1:8"}',
                '  - {file: services/a.yaml, text: "retry: {}\\n"}',
            ),
            "'expect' is a required property",
        ),
    ],
)
def test_broken_rules_are_named_precisely(tmp_path, change, expected):
    old, new = change
    assert old in GOOD_RULE
    message = load_error(tmp_path, GOOD_RULE.replace(old, new))
    assert str(tmp_path / "policy" / "policy.yaml") in message
    assert expected in message


def test_invalid_yaml_names_the_position(tmp_path):
    message = load_error(tmp_path, "rules:\n  - code: [\n")
    assert "policy.yaml:3:1: invalid YAML" in message


def test_engine_rules_are_reserved_for_builtins(tmp_path):
    text = GOOD_RULE.replace('    files: ["services/*.yaml"]\n', "").replace(
        """    check:
      select: "**.retry"
      report-if: {path: maxAttempts, present: false}
      message: no maxAttempts
""",
        "    engine: parse-error\n",
    )
    assert "'engine' is reserved" in load_error(tmp_path, text)


def test_custom_code_colliding_with_builtin_is_an_error(tmp_path):
    message = load_error(tmp_path, GOOD_RULE.replace("TP001", "GM001"))
    assert "GM001 is already used by the built-in rule" in message
    message = load_error(tmp_path, GOOD_RULE.replace("retry-bounded", "local-replace-absolute"))
    assert "local-replace-absolute is already used by the built-in rule" in message


def test_validated_rule_files_come_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("REMDEV_LINT_CACHE_DIR", str(tmp_path / "cache"))
    path = write(tmp_path / "policy", GOOD_RULE)
    first = load_rule_file(path, builtin=False)

    def no_validation(*args, **kwargs):
        raise AssertionError("validated again although the file did not change")

    monkeypatch.setattr(rules_module, "validate_rule_text", no_validation)
    assert load_rule_file(path, builtin=False) == first
    # A changed file is validated again: the cache is keyed by the file's bytes.
    path.write_text(GOOD_RULE.replace("Because.", "Because, really."), encoding="utf-8")
    with pytest.raises(AssertionError, match="validated again"):
        load_rule_file(path, builtin=False)


def test_unwritable_cache_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    monkeypatch.setenv("REMDEV_LINT_CACHE_DIR", str(blocker / "cache"))
    path = write(tmp_path / "policy", GOOD_RULE)
    assert load_rule_file(path, builtin=False)[0]["code"] == "TP001"


def test_readme_rule_table_matches_the_rule_files():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    builtin = [r for r in load_rules([]) if r.builtin]
    assert with_table(readme, builtin) == readme, "README rule table is stale: run python -m remdev_lint.docs"
    assert rule_table(builtin) in readme


# --- named fragments ---------------------------------------------------------------------------------

TEAM_DEV_SERVICE = """\
definitions:
  root-user: {any: [{path: user, equals: root}, {path: user, equals: "0"}]}
rules:
  - code: TD001
    name: dev-service-root
    severity: error
    summary: The dev service runs as root.
    explanation: Because.
    files: [{glob: "**/.devcontainer/devcontainer.json", format: jsonc}]
    check:
      - select: {use: dev-service}
        where: {use: is-dev-service}
        report-if: {use: root-user}
        at: user
        message: "the dev service `{~}` runs as `{value}`: set `user: vscode`"
      - select: {use: docker-run-args}
        report-if: {path: flags.user, equals: root}
        at: flags.user
        message: "`--user {value}`: run as `vscode`"
    examples:
      bad:
        - file: .devcontainer/devcontainer.json
          text: '{"dockerComposeFile": "c.yml", "service": "dev"}'
          tree: {.devcontainer/c.yml: "services:\\n  dev:\\n    user: root\\n  db:\\n    user: root\\n"}
          expect: ".devcontainer/c.yml:3:11"
          message: "the dev service `dev` runs as `root`: set `user: vscode`"
      good:
        - file: .devcontainer/devcontainer.json
          text: '{"dockerComposeFile": "c.yml", "service": "dev"}'
          tree: {.devcontainer/c.yml: "services:\\n  dev:\\n    user: vscode\\n"}
"""


def test_a_team_rule_uses_the_built_in_definitions_and_its_own(tmp_path):
    """`dev-service`, `is-dev-service` (devcontainer.yaml) and a definition of the file itself,
    written `{use: NAME}`; `use` beside other keys lays them over the fragment."""
    text = TEAM_DEV_SERVICE
    write(tmp_path / "policy", text)

    [rule] = [r for r in load_rules([tmp_path / "policy"], use_cache=False) if r.code == "TD001"]

    assert rule.checks[0].select.__class__.__name__ == "InFilesSelect"
    assert rule.checks[1].select.__class__.__name__ == "CommandLineSelect"
    assert run_cli(["test-rules", "policy"], tmp_path).code == 0


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            ("{use: is-dev-service}", "{use: is-dev-servce}"),
            "`use: is-dev-servce` names no definition: did you mean `is-dev-service`?",
        ),
        (("{use: root-user}", "{use: nothing-like-it}"), "names no definition (define it under `definitions`)"),
        (
            ("  root-user: {any:", "  dev-service: {any:"),
            "definitions: 'dev-service' is a built-in definition (devcontainer.yaml)",
        ),
        (
            (
                '  root-user: {any: [{path: user, equals: root}, {path: user, equals: "0"}]}',
                "  root-user: {use: loop}\n  loop: {use: root-user}",
            ),
            "definitions use each other in a loop: root-user -> loop -> root-user",
        ),
    ],
    ids=["misspelt-built-in", "unknown", "clash", "loop"],
)
def test_a_use_that_cannot_be_resolved_stops_the_load(tmp_path, change, says):
    text = TEAM_DEV_SERVICE
    old, new = change
    assert old in text

    message = load_error(tmp_path, text.replace(old, new))

    assert says in message and str(tmp_path / "policy" / "policy.yaml") in message


def test_use_beside_other_keys_lays_them_over_the_definition(tmp_path):
    """`command-line: {use: dlv-command-line, in: ...}`: the built-in Delve flags, read where
    the team's own file says."""
    text = """\
rules:
  - code: TD002
    name: dlv-in-justfile
    severity: error
    summary: A just recipe runs dlv without --accept-multiclient.
    explanation: Because.
    files: [{glob: "**/Justfile", format: makefile}]
    check:
      select: {command-line: {use: dlv-command-line, in: "recipes[*]", command: "$"}}
      report-if: {all: [{path: flags.headless, equals: true}, {path: flags.accept-multiclient, present: false}]}
      at: flags.headless~
      message: "add `--accept-multiclient`"
    examples:
      bad:
        - {file: Justfile, text: "debug:\\n\\tdlv debug -l :2345 --headless\\n", expect: "2:21"}
      good:
        - {file: Justfile, text: "debug:\\n\\tdlv debug --headless --accept-multiclient\\n"}
"""
    write(tmp_path / "policy", text)

    assert run_cli(["test-rules", "policy"], tmp_path).code == 0


def test_each_builtin_rule_has_its_page_and_the_pages_match_the_rule_files():
    from remdev_lint.docs import RULE_PAGES, rule_pages

    pages = rule_pages([r for r in load_rules([]) if r.builtin])
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in RULE_PAGES.glob("*.md")}

    assert on_disk == pages, "docs/rules is stale: run python -m remdev_lint.docs"
    assert "## Fix" in pages["DL001.md"] and pages["DL001.md"].startswith("# DL001 dlv-listen-all-interfaces\n")
