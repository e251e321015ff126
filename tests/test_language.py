"""The rule language is described once, in remdev_lint/language.py: these tests hold that list,
the rule-file schema, the compilers and the README's generated reference to the same names, so
that a primitive added in one place and forgotten in another fails here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from remdev_lint import conditions, language
from remdev_lint.conditions import ConditionError, compile_condition
from remdev_lint.docs import with_language

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "remdev_lint" / "schema" / "rule-file.schema.json").read_text(encoding="utf-8"))


def names(primitives) -> set[str]:
    return {name for primitive in primitives for name in primitive.names}


def test_the_schemas_condition_keys_are_the_registrys():
    keys = set(SCHEMA["$defs"]["condition"]["properties"])

    assert keys == names(language.SUBJECTS + language.TESTS + language.MODIFIERS + language.COMBINATORS)


def test_the_compilers_subjects_modifiers_and_combinators_are_the_registrys():
    assert set(conditions._SUBJECTS) == names(language.SUBJECTS)
    assert set(conditions._MODIFIERS) == names(language.MODIFIERS)
    assert set(conditions._COMBINATORS) == names(language.COMBINATORS)


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


@pytest.mark.parametrize("name", sorted(names(language.TESTS)))
def test_every_test_of_the_registry_compiles(name):
    assert callable(compile_condition({"path": "x", name: SAMPLES[name]}))


def test_a_test_the_registry_does_not_know_is_refused_by_the_compiler():
    with pytest.raises(ConditionError):
        compile_condition({"path": "x", "presnet": True})


def test_the_schemas_operands_are_the_registrys():
    branches = SCHEMA["$defs"]["operand"].get("oneOf") or SCHEMA["$defs"]["operand"]["anyOf"]
    keys = {"literal" if "required" not in branch else branch["required"][0] for branch in branches}

    assert keys == names(language.OPERANDS)


def test_the_schemas_select_forms_are_the_registrys():
    forms = set()
    for branch in SCHEMA["$defs"]["select"]["oneOf"]:
        ref = branch.get("$ref", "")
        forms.add({"#/$defs/selector": "selector", "#/$defs/code-query": "query"}.get(ref, ref.rsplit("/", 1)[-1]))
        if branch.get("type") == "array":
            forms.discard("")
            forms.add("list")

    assert forms == names(language.SELECT_FORMS)


def test_the_readme_language_reference_is_generated_from_the_registry():
    readme = (REPO / "README.md").read_text(encoding="utf-8")

    assert with_language(readme) == readme, "README language reference is stale: run python -m remdev_lint.docs"
