"""Every example in every rule file is a test: a bad one must produce its rule exactly at the
places it names, a good one must not produce the rule at all.

The examples run through the real engine, in a temporary folder holding the example's file and
the other files of its ``tree``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from remdev_lint.config import Settings
from remdev_lint.engine import Linter, configure_rules
from remdev_lint.rules import load_rules

REPO = Path(__file__).resolve().parents[1]
# The built-in rules, and the team policy that the example workspace ships as custom rules.
RULES = load_rules([REPO / "examples" / "policy"], use_cache=False)


def _cases():
    for rule in RULES:
        for kind in ("bad", "good"):
            for index, example in enumerate(rule.examples[kind]):
                yield pytest.param(rule, kind, example, id=f"{rule.code}-{kind}-{index + 1}")


def lint_example(rule, example, folder: Path) -> list:
    target = folder / example["file"]
    for relpath, content in example.get("tree", {}).items():
        path = folder / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(example["text"], encoding="utf-8")
    settings = Settings(None, folder)
    if example.get("options"):
        settings.rules = {rule.code: dict(example["options"])}
    linter = Linter(settings, configure_rules(RULES, settings, RULES), RULES, folder)
    return [d for d in linter.lint_file(target) if d.code == rule.code]


def place(diagnostic, example) -> str:
    """LINE:COLUMN in the example's file; PATH:LINE:COLUMN in another file of its tree."""
    here = f"{diagnostic.line}:{diagnostic.column}"
    return here if diagnostic.path == example["file"] else f"{diagnostic.path}:{here}"


def _position(text: str) -> tuple:
    *path, line, column = text.split(":")
    return (":".join(path), int(line), int(column))


@pytest.mark.parametrize(("rule", "kind", "example"), list(_cases()))
def test_rule_example(rule, kind, example, tmp_path):
    found = lint_example(rule, example, tmp_path)
    places = [place(d, example) for d in found]
    if kind == "bad":
        expected = example["expect"]
        expected = sorted([expected] if isinstance(expected, str) else expected, key=_position)
        assert sorted(places, key=_position) == expected, [d.message for d in found]
    else:
        assert found == [], f"good example reported: {[f'{d.line}:{d.column} {d.message}' for d in found]}"


def test_every_rule_has_bad_and_good_examples():
    for rule in RULES:
        assert rule.examples["bad"] and rule.examples["good"], rule.code
