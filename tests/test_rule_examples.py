"""Every example in every rule file is a test: a bad one must produce its rule exactly at the
places it names (and with its `message`, when it gives one), a good one must not produce the rule
at all; no message may leave a placeholder unresolved; a bad one's `fixed` text is what the
rule's fixes (unsafe ones too) make of it, each checked as --fix checks it.

The examples run through :mod:`remdev_lint.ruletest`, the code behind ``remdev-lint test-rules``:
the real engine, in a temporary folder holding the example's file and the other files of its
``tree``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from remdev_lint.rules import load_rules
from remdev_lint.ruletest import fix_example, judge, judge_fixed, lint_example

REPO = Path(__file__).resolve().parents[1]
# The built-in rules, and the team policy that the example workspace ships as custom rules.
RULES = load_rules([REPO / "examples" / "policy"], use_cache=False)


def _cases():
    for rule in RULES:
        for kind in ("bad", "good"):
            for index, example in enumerate(rule.examples[kind]):
                yield pytest.param(rule, kind, example, id=f"{rule.code}-{kind}-{index + 1}")


@pytest.mark.parametrize(("rule", "kind", "example"), list(_cases()))
def test_rule_example(rule, kind, example, tmp_path):
    found, unresolved = lint_example(rule, example, RULES, tmp_path)

    assert judge(kind, example, found, unresolved) == []
    if "fixed" in example:
        fixed = tmp_path / "fixed"
        fixed.mkdir()
        assert judge_fixed(example, fix_example(rule, example, RULES, fixed)) == []


def test_every_rule_with_a_fix_shows_it_in_an_example():
    for rule in RULES:
        if rule.fixes:
            assert any("fixed" in example for example in rule.examples["bad"]), rule.code


def test_every_rule_has_bad_and_good_examples():
    for rule in RULES:
        assert rule.examples["bad"] and rule.examples["good"], rule.code


def test_every_message_placeholder_resolves_for_some_node_of_the_examples():
    """What the loader refuses in a team's rule file holds for the built-in ones too: each
    placeholder of each case resolves for some node its check selects in the examples."""
    from remdev_lint.ruletest import unresolvable_placeholders

    faults = unresolvable_placeholders(RULES, RULES)

    assert [(rule.code, check, case, name) for rule, check, case, name in faults] == []
