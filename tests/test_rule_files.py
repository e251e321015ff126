"""Rule files: the schema that guards them, the errors a rule author reads, the cache."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest

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
