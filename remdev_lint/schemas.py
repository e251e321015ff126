"""JSON Schema fragments in rules (the ``schema:`` test): validated when a rule file is loaded,
evaluated without backtracking regular expressions.

A rule file may come from the repository being linted, so its schema fragments are checked as
untrusted input before a rule runs:

- the fragment must be a valid JSON Schema (``type: nonsense`` is an error, named where it is);
- every ``pattern`` must compile with RE2, and is evaluated with RE2 (linear time, see
  :mod:`remdev_lint.regexes`); ``patternProperties`` is not supported, because jsonschema
  evaluates it (and ``additionalProperties`` beside it) with Python's backtracking ``re``: select
  the keys with ``each: "*~"`` and test them with ``matches`` instead;
- every ``$ref`` must point inside the fragment (``#/$defs/port``), and resolve; nothing is ever
  fetched;
- a ``$ref`` (or ``allOf``, ``anyOf``, ``oneOf``, ``not``, ``if``/``then``/``else``) must not lead
  back to where it started without reading deeper into the value: ``{"$ref": "#"}`` would
  recurse forever. A recursive schema that descends (``items: {$ref: "#"}``) is fine.

jsonschema is imported only when a rule file is validated or a ``schema`` test runs.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

#: Keywords whose subschemas apply to the same value as the schema that holds them.
_SAME_VALUE_LISTS = ("allOf", "anyOf", "oneOf")
_SAME_VALUE_ONE = ("not", "if", "then", "else")
_SAME_VALUE_MAPS = ("dependentSchemas",)
_UNSUPPORTED = {
    "patternProperties": 'select the keys with `each: "*~"` and test them with `matches` instead',
    "$dynamicRef": "use `$ref`",
    "$recursiveRef": "use `$ref`",
}
_BASE = "urn:remdev-lint:rule-schema"


def schema_faults(schema: Any) -> Iterator[tuple[list[Any], str]]:
    """What is wrong with a rule's schema fragment, each with its path inside the fragment."""
    import jsonschema

    from .regexes import RegexError, compile_linear

    if not isinstance(schema, (dict, bool)):
        yield [], "a schema is a mapping (or true / false)"
        return
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    error = jsonschema.exceptions.best_match(cls(cls.META_SCHEMA).iter_errors(schema))
    if error is not None:
        yield list(error.absolute_path), f"not a valid JSON Schema: {error.message}"
        return
    for path, node in _subschemas(schema, []):
        for keyword, advice in _UNSUPPORTED.items():
            if keyword in node:
                yield path + [keyword], f"`{keyword}` is not supported in rule schemas: {advice}"
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            try:
                compile_linear(pattern)
            except RegexError as exc:
                yield path + ["pattern"], f"invalid pattern {pattern!r} (RE2 syntax: no lookaround): {exc}"
    yield from _reference_faults(schema)


def _subschemas(schema: Any, path: list[Any]) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    """Every mapping in the fragment that sits where a schema does, with its path."""
    stack = [(path, schema)]
    while stack:
        here, node = stack.pop()
        if not isinstance(node, dict):
            continue
        yield here, node
        for key, value in node.items():
            if key in ("enum", "const", "examples", "default", "required", "type"):
                continue  # values, not schemas
            if isinstance(value, dict):
                stack.append((here + [key], value))
            elif isinstance(value, list):
                stack.extend((here + [key, index], item) for index, item in enumerate(value))


def _reference_faults(schema: dict[str, Any] | bool) -> Iterator[tuple[list[Any], str]]:
    """``$ref``s that leave the fragment, do not resolve, or loop without descending."""
    from referencing import Registry, Resource
    from referencing.exceptions import Unresolvable
    from referencing.jsonschema import DRAFT202012

    resource = Resource.from_contents(schema, default_specification=DRAFT202012)
    resolver = Registry().with_resource(_BASE, resource).resolver(base_uri=_BASE)
    targets: dict[int, Any] = {}  # id of a mapping holding $ref -> the mapping it resolves to
    for path, node in _subschemas(schema, []):
        reference = node.get("$ref")
        if not isinstance(reference, str):
            continue
        if not reference.startswith("#"):
            yield path + ["$ref"], f"`$ref: {reference}` points outside the schema: only `#...` references are read"
            continue
        try:
            targets[id(node)] = resolver.lookup(reference).contents
        except Unresolvable:
            yield path + ["$ref"], f"`$ref: {reference}` points at nothing in the schema"
    loop = _same_value_loop(schema, targets)
    if loop is not None:
        yield loop, "this `$ref` leads back to itself without reading deeper into the value, and would never end"


def _same_value_loop(schema: dict[str, Any] | bool, targets: dict[int, Any]) -> list[Any] | None:
    """The path of a ``$ref`` on a cycle of schemas that all apply to the same value, if any."""
    nodes = {id(node): (path, node) for path, node in _subschemas(schema, [])}

    def edges(node: dict[str, Any]) -> list[Any]:
        out = [targets[id(node)]] if id(node) in targets else []
        for key in (*_SAME_VALUE_LISTS, *_SAME_VALUE_ONE, *_SAME_VALUE_MAPS):
            value = node.get(key)
            if isinstance(value, dict):
                items = list(value.values()) if key in _SAME_VALUE_MAPS else [value]
            else:
                items = value if isinstance(value, list) else []
            out += [item for item in items if isinstance(item, dict)]
        return out

    # Depth-first search for a back edge, without recursion (a fragment may be deep).
    state: dict[int, int] = {}  # 1: on the current path, 2: done
    for start in nodes:
        if start in state:
            continue
        stack = [(start, iter(edges(nodes[start][1])))]
        state[start] = 1
        while stack:
            current, pending = stack[-1]
            following = next(pending, None)
            if following is None:
                state[current] = 2
                stack.pop()
                continue
            key = id(following)
            if state.get(key) == 1:
                on_path = [frame for frame, _ in stack if frame in targets]
                return nodes[on_path[-1]][0] + ["$ref"] if on_path else nodes[current][0]
            if key not in state and key in nodes:
                state[key] = 1
                stack.append((key, iter(edges(nodes[key][1]))))
    return None


def fragment_validator(schema: Any) -> Any:
    """A validator for a (checked) fragment whose ``pattern`` runs on RE2."""
    import jsonschema

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return jsonschema.validators.extend(cls, {"pattern": _pattern})(schema)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    from .regexes import compile_linear, matchable

    if pattern not in _COMPILED:
        _COMPILED[pattern] = compile_linear(pattern)
    if validator.is_type(instance, "string") and _COMPILED[pattern].search(matchable(instance)) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_COMPILED: dict[str, Any] = {}
