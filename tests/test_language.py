"""The rule language is described once, in remdev_lint/language.py: each primitive's syntax,
meaning, schema, compile function and checks. These tests hold the generated parts (the rule-file
schema's definitions, the README's reference) to the registry, and show that each primitive
compiles and that a broken selector is found wherever the language takes one."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from remdev_lint import language
from remdev_lint.conditions import ConditionError, compile_condition
from remdev_lint.docs import schema_text, with_language
from remdev_lint.model import Node, Span
from remdev_lint.rules import SCHEMA_PATH, RuleFileError, compile_select, load_rule_file

REPO = Path(__file__).resolve().parents[1]


def test_the_rule_file_schemas_definitions_are_generated_from_the_registry():
    text = SCHEMA_PATH.read_text(encoding="utf-8")

    assert schema_text(text) == text, "the rule-file schema is stale: run python -m remdev_lint.docs"


def test_the_readme_language_reference_is_generated_from_the_registry():
    readme = (REPO / "README.md").read_text(encoding="utf-8")

    assert with_language(readme) == readme, "README language reference is stale: run python -m remdev_lint.docs"


def test_every_condition_key_has_one_meaning():
    kinds = [language.SUBJECTS, language.TESTS, language.MODIFIERS, language.COMBINATORS]
    names = [name for primitives in kinds for primitive in primitives for name in primitive.names]

    assert len(names) == len(set(names)) == len(language.CONDITION_BY_NAME)


#: A valid argument for each test, to compile it with.
SAMPLES = {
    "present": True,
    "equals": 1,
    "not-equals": 1,
    "one-of": [1],
    "matches": "x",
    "type": "string",
    "number": {"gt": 1},
    "version": {"gt": "1.21"},
    "duration": {"gt": "1s"},
    "port": {"eq": 22},
    "bytes": {"gt": "1g"},
    "openssh-time": {"gt": "1m"},
    "length": {"gt": 1},
    "absolute-path": True,
    "home-relative-path": True,
    "exists": True,
    "schema": {"type": "string"},
    "assigned-later": {"field": "Timeout", "value": {"present": True}},
    "deadline": {
        "from": "here",
        "apis": {
            "sends": ["Do"],
            "other-sends": ["Get"],
            "requests": {"net/http": ["NewRequestWithContext"]},
            "rebinds": ["WithContext"],
            "deadlines": {"context": ["WithTimeout"]},
            "inherits": {"context": ["WithCancel"]},
            "drops": {"context": ["WithoutCancel"]},
            "carried": ["Context"],
        },
    },
}


@pytest.mark.parametrize("name", sorted(language.TEST_BY_NAME))
def test_every_test_of_the_registry_compiles(name):
    assert callable(compile_condition({"path": "x", name: SAMPLES[name]}))


def test_a_test_the_registry_does_not_know_is_refused_by_the_compiler():
    with pytest.raises(ConditionError):
        compile_condition({"path": "x", "presnet": True})


def judge(condition: dict, value: object, options: dict | None = None) -> bool:
    from remdev_lint.conditions import Context

    node = Node({"x": Node(value, Span(1, 1, 1, 2))}, Span(1, 1, 1, 2))
    return compile_condition(condition)(Context(node, options or {}, ".", lambda path, fmt: None))


@pytest.mark.parametrize(
    ("condition", "value", "options", "holds"),
    [
        ({"path": "x", "equals": "a"}, "a", {}, True),
        ({"path": "x", "equals": {"option": "want"}}, "a", {"want": "a"}, True),
        ({"path": "x", "equals": {"path": "x"}}, "a", {}, True),
        ({"path": "x", "equals": {"root": "x"}}, "b", {}, True),
        ({"path": "x", "equals": {"checked": "y", "default": "a"}}, "a", {}, True),
        ({"path": "x", "equals": {"checked": "y"}}, "a", {}, False),  # not there, no default
        ({"option": "want", "equals": "a"}, "b", {"want": "a"}, True),
        ({"not": {"path": "x", "equals": "a"}}, "a", {}, False),
        ({"any": [{"path": "x", "equals": "a"}, {"path": "x", "equals": "b"}]}, "b", {}, True),
        ({"all": [{"path": "x", "equals": "a"}, {"path": "x", "equals": "b"}]}, "b", {}, False),
    ],
)
def test_each_operand_subject_and_combinator_compiles_to_what_it_means(condition, value, options, holds):
    assert judge(condition, value, options) is holds


@pytest.mark.parametrize(
    "spec",
    [
        "x",
        ["x", "y"],
        {"query": "(identifier) @x", "imports": ["net/http"]},
        {"command-line": {"in": "x", "command": "$"}},
        {"key-values": "x"},
        {"in-files": "x", "format": "compose"},
        {"split": "x", "separator": ":"},
        {"features": "x"},
    ],
)
def test_every_select_form_compiles_through_the_registry(spec):
    form = language.SELECT_BY_NAME[language.select_form(spec)]
    compiled = compile_select(spec)

    assert isinstance(compiled, form.compile) if isinstance(form.compile, type) else compiled is not None
    assert compiled.select(Node({}, Span(1, 1, 1, 2))) == []


RULE = """\
rules:
  - code: TP001
    name: probe
    severity: error
    summary: A probe.
    explanation: Because.
    files: ["*.yaml"]
    check:
      {check}
    message: m
    examples:
      bad: [{file: a.yaml, text: "x: 1\\n", expect: "1:4"}]
      good: [{file: a.yaml, text: "y: 1\\n"}]
"""


def probe_error(tmp_path: Path, check: str, needle: str) -> tuple[str, tuple[int, int]]:
    """The error of loading RULE with ``check``, and where ``needle`` stands in the file."""
    text = RULE.replace("{check}", check)
    (tmp_path / "policy.yaml").write_text(text, encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), 1) if needle in row)
    column = text.splitlines()[line - 1].index(needle) + 1
    with pytest.raises(RuleFileError) as caught:
        load_rule_file(tmp_path / "policy.yaml", builtin=False, use_cache=False)
    return str(caught.value), (line, column)


#: Every place the language takes a selector, with a broken one there (`"a..b"`).
PLACES = [
    'select: "a..b"\n      report-if: {present: true}',
    'select: ["x", "a..b"]\n      report-if: {present: true}',
    'select: {command-line: {in: "a..b", command: x}}\n      report-if: {present: true}',
    'select: {command-line: {in: [x, "a..b"], command: x}}\n      report-if: {present: true}',
    'select: {command-line: {in: x, args: "a..b"}}\n      report-if: {present: true}',
    'select: {key-values: "a..b"}\n      report-if: {present: true}',
    'select: {split: ["a..b"]}\n      report-if: {present: true}',
    'select: {features: "a..b"}\n      report-if: {present: true}',
    'select: {in-files: "a..b", format: compose}\n      report-if: {present: true}',
    'select: {in-files: x, format: compose, select: "a..b"}\n      report-if: {present: true}',
    'select: x\n      each: "a..b"\n      report-if: {present: true}',
    'select: x\n      combine: "a..b"\n      report-if: {present: true}',
    'select: x\n      at: "a..b"\n      report-if: {present: true}',
    'select: x\n      cases: [{report-if: {present: true}, at: [x, "a..b"]}]',
    'select: x\n      where: {path: "a..b", present: true}\n      report-if: {present: true}',
    'select: x\n      report-if: {checked: "a..b", present: true}',
    'select: x\n      report-if: {root: "a..b", present: true}',
    'select: x\n      report-if: {in-file: {file: f.yaml, select: "a..b"}, present: true}',
    'select: x\n      report-if: {in-file: {file: f.yaml, where: {path: "a..b", present: true}}, present: true}',
    'select: x\n      report-if: {in-files: {files: "a..b", format: compose}, present: true}',
    'select: x\n      report-if: {in-files: {files: x, format: compose, select: {split: "a..b"}}, present: true}',
    'select: x\n      report-if: {equals: {path: "a..b"}}',
    'select: x\n      report-if: {not-equals: {checked: "a..b", default: 1}}',
    'select: x\n      report-if: {one-of: [1, {root: "a..b"}]}',
    'select: x\n      report-if: {number: {gt: 1, lt: {path: "a..b"}}}',
    'select: x\n      report-if: {assigned-later: {field: X, value: {path: "a..b", present: true}}}',
    'select: x\n      report-if: {all: [{present: true}, {path: "a..b", present: true}]}',
    'select: x\n      report-if: {any: [{path: "a..b", present: true}]}',
    'select: x\n      report-if: {not: {not: {path: "a..b", present: true}}}',
]


@pytest.mark.parametrize("check", PLACES)
def test_a_broken_selector_is_found_wherever_the_language_takes_one(tmp_path, check):
    error, (line, column) = probe_error(tmp_path, check, '"a..b"')

    assert f"policy.yaml:{line}:{column}: rule TP001 (probe): " in error
    assert "invalid selector 'a..b'" in error


@pytest.mark.parametrize(
    ("check", "says"),
    [
        ('report-if: {matches: "(["}', "invalid regular expression"),
        ('report-if: {path: x, equals: {option: "nope"}}', "option 'nope' is not declared"),
        (
            'report-if: {file: "{options.nope}", exists: true}',
            "{options.nope} names an option the rule does not declare",
        ),
        ('report-if: {schema: {type: "nonsense"}}', "nonsense"),
        ('report-if: {in-file: {file: "{options.nope}"}, present: true}', "{options.nope} names an option"),
    ],
)
def test_what_the_schema_cannot_say_is_checked_by_the_primitive(tmp_path, check, says):
    text = RULE.replace("{check}", "select: x\n      " + check)
    (tmp_path / "policy.yaml").write_text(textwrap.dedent(text), encoding="utf-8")

    with pytest.raises(RuleFileError) as caught:
        load_rule_file(tmp_path / "policy.yaml", builtin=False, use_cache=False)

    assert says in str(caught.value)


def test_a_templates_braces_read_left_to_right_as_str_format_reads_them():
    from remdev_lint.conditions import Context, expand, template_fields

    ctx = Context(Node("v", Span(1, 1, 1, 2)), {"lim": 3}, ".", lambda path, fmt: None)

    assert template_fields("x {{{options.lim}}} {{not}} {value}") == ["options.lim", "value"]
    assert expand("x {{{options.lim}}} {{not}} {value}", ctx) == "x {3} {not} v"


def test_a_substitute_token_naming_an_undeclared_option_is_found_at_its_place(tmp_path):
    check = "select: x\n      report-if: {substitute: {tokens: {'%h': {option: nope}}}, length: {gt: 1}}"
    error, (line, column) = probe_error(tmp_path, check, "{option: nope}")

    assert f"policy.yaml:{line}:{column}: rule TP001 (probe): option 'nope' is not declared" in error
