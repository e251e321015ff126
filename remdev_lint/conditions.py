"""Conditions: how the rule language's conditions are compiled and evaluated.

A condition is a YAML mapping. It names a *subject* (what is looked at; default: the node the
check selected) and one or more *tests* (what must be true of it), with *modifiers* beside
them; ``all``, ``any`` and ``not`` combine conditions. Each primitive is one entry of the
registry in :mod:`remdev_lint.language` (its syntax, meaning, schema and the compile function
here); the README's language reference is generated from it.

Tests on a subject that selects nothing do not hold, except ``present: false`` (so
``not-equals`` needs the value to be there; ``not: {equals: ...}`` does not).

Conditions are compiled once into closures; evaluating one does no parsing of the rule.
"""

from __future__ import annotations

import operator
import os
import re
from collections.abc import Callable

from . import values
from .model import Node
from .selectors import selector as compile_selector

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

#: A compiled condition: takes the evaluation context, answers whether it holds.
Predicate = Callable[["Context"], bool]
#: A compiled subject: the nodes (or values) a condition looks at, or None when other files it
#: reads cannot be (then no test holds).
Subject = Callable[["Context"], "list[Any] | None"]
#: A compiled operand: the value it stands for in a context (``MISSING`` when it is not there).
Operand = Callable[["Context"], "Any"]
#: A compiled test: (subject nodes, context) -> holds for at least one of them.
Test = Callable[["list[Any]", "Context"], bool]

if TYPE_CHECKING:
    from types import ModuleType

    from .model import ConstantNode, FlowNode


class Context:
    """What a condition is evaluated against: one selected node of one linted file."""

    __slots__ = ("node", "options", "directory", "captures", "load", "schema_error", "outer", "root", "linked")

    def __init__(
        self,
        node: Node,
        options: dict[str, Any],
        directory: str,
        load: Callable[[str, str | None], Node | None],
    ) -> None:
        self.node = node
        self.options = options
        self.directory = directory  # folder of the linted file (file-system subjects start here)
        self.captures: dict[str, Any] = {}
        self.load = load  # (path, format) -> root node of another file, or None
        self.schema_error = ""
        #: With a check's ``each``: the node the check selected, whose members message fields
        #: may name too (``{holder.label}`` beside the flag being judged).
        self.outer: Node | None = None
        #: The linted document's root (``root`` subjects and operands).
        self.root: Node | None = None
        #: (paths, format) -> the files combined, or None when one cannot be read (``in-files``).
        self.linked: Callable[[list[str], str], Node | None] | None = None

    def inner(self, node: Node) -> Context:
        """A context for a node judged on behalf of this one (``each``, a filter): same options,
        folder, loaders and root, no captures of its own yet."""
        other = Context(node, self.options, self.directory, self.load)
        other.root, other.linked = self.root, self.linked
        return other


class ConditionError(ValueError):
    """A condition that the schema let through but that cannot be compiled (bad regex, ...)."""


_COMPARISONS = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "eq": operator.eq,
    "ne": operator.ne,
}
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "mapping": lambda v: isinstance(v, dict),
    "sequence": lambda v: isinstance(v, list),
}
_SCALAR_GRAMMARS: dict[str, Callable[[Any], Any]] = {
    "port": values.port,
    "number": values.number,
    "version": values.go_version_key,
    "duration": values.duration_seconds,
    "bytes": values.byte_size,
    "openssh-time": values.openssh_seconds,
    "length": lambda value: len(value) if isinstance(value, str) else None,
}
#: A template read left to right as str.format reads it: ``{{`` and ``}}`` are braces, ``{NAME}``
#: a field (so ``{{{x}}}`` is a brace, the field ``x``, a brace).
_TEMPLATE_PART = re.compile(r"\{\{|\}\}|\{([^{}]+)\}")


_LANGUAGE: ModuleType | None = None


def _language() -> ModuleType:
    """The registry of primitives (imported when the first condition compiles: it refers to
    the compile functions of this module)."""
    global _LANGUAGE
    if _LANGUAGE is None:
        from . import language

        _LANGUAGE = language
    return _LANGUAGE


def compile_condition(spec: dict[str, Any]) -> Predicate:
    """Compile one condition mapping (already validated by the rule-file schema)."""
    language = _language()
    for name, arg in spec.items():
        combinator = language.COMBINATOR_BY_NAME.get(name)
        if combinator is not None:  # the schema lets it stand only alone
            compiled: Predicate = combinator.compile(name, arg)
            return compiled
    subject, tests = _subject_and_tests(spec, language)
    capture = spec.get("capture")
    presence = spec.get("present")
    substitute = language.MODIFIER_BY_NAME["substitute"].compile(spec["substitute"]) if "substitute" in spec else None

    def holds(ctx: Context) -> bool:
        found = subject(ctx)
        if found is None:
            return False  # other files that cannot be read: no test holds, `present: false` neither
        if substitute is not None:
            found = [substitute(_value_of(item), ctx) for item in found]
        if capture is not None and found:
            ctx.captures[capture] = _value_of(found[0])
        if presence is not None and bool(found) != presence:
            return False
        if not found:
            return presence is False and len(tests) == 1  # only `present: false` was asked
        return all(test(found, ctx) for test in tests)

    return holds


def _subject_and_tests(spec: dict[str, Any], language: ModuleType) -> tuple[Subject, list[Test]]:
    """A condition's subject (the node judged, when it names none) and its tests, compiled."""
    subject: Subject = _the_node
    tests: list[Test] = []
    for name, arg in spec.items():
        if name in language.SUBJECT_BY_NAME:
            subject = language.SUBJECT_BY_NAME[name].compile(arg)
        elif name in language.TEST_BY_NAME:
            tests.append(language.TEST_BY_NAME[name].compile(name, arg, spec))
        elif name not in language.MODIFIER_BY_NAME:
            raise ConditionError(f"unknown test {name!r}")
    return subject, tests


# --- combinators ------------------------------------------------------------------------------


def compile_combinator(name: str, arg: Any) -> Predicate:
    """``all``, ``any`` (a list of conditions) or ``not`` (one)."""
    if name == "not":
        inner = compile_condition(arg)
        return lambda ctx: not inner(ctx)
    parts = [compile_condition(part) for part in arg]
    if name == "all":
        return lambda ctx: all(part(ctx) for part in parts)
    return lambda ctx: any(part(ctx) for part in parts)


# --- subjects ---------------------------------------------------------------------------------


class _File:
    """A file-system subject: a path, resolved against the linted file's folder."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path


def _the_node(ctx: Context) -> list[Any]:
    """The subject of a condition that names none: the node being judged."""
    return [ctx.node]


def subject_path(arg: str) -> Subject:
    selector = compile_selector(arg)
    return lambda ctx: selector.select(ctx.node)


def subject_checked(arg: str) -> Subject:
    # Below the node the check selected, seen from inside `each` or an `in-file` filter; for
    # a check that selects in other files (`in-files`), below the linted document's root.
    checked = compile_selector(arg)
    return lambda ctx: checked.select(ctx.outer if ctx.outer is not None else ctx.node)


def subject_root(arg: str) -> Subject:
    below_root = compile_selector(arg)
    return lambda ctx: below_root.select(ctx.root if ctx.root is not None else ctx.node)


def subject_file(template: str) -> Subject:
    def file_subject(ctx: Context) -> list[Any]:
        path = _file_path(template, ctx)
        return [] if path is None else [_File(path)]

    return file_subject


def subject_captured(name: str) -> Subject:
    return lambda ctx: [ctx.captures[name]] if name in ctx.captures else []


def subject_option(option: str) -> Subject:
    return lambda ctx: [ctx.options[option]] if option in ctx.options else []


def subject_in_file(other: dict[str, Any]) -> Subject:
    from .rules import compile_select

    template, fmt = other["file"], other.get("format")
    inner = compile_select(other.get("select", "$"))
    keep = compile_condition(other["where"]) if "where" in other else None

    def other_file(ctx: Context) -> list[Any]:
        path = _file_path(template, ctx)
        root = None if path is None else ctx.load(path, fmt)
        return [] if root is None else _kept(inner.select(root), keep, ctx)

    return other_file


def subject_in_files(spec: dict[str, Any]) -> Subject:
    from .rules import InFilesSelect

    files = InFilesSelect({"in-files": spec["files"], "format": spec["format"], "select": spec.get("select", "$")})
    keep = compile_condition(spec["where"]) if "where" in spec else None

    def linked_files(ctx: Context) -> list[Any] | None:
        combined = files.combined(ctx.root if ctx.root is not None else ctx.node, ctx.linked)
        if combined is None:
            return None  # a file is missing or unreadable: nothing can be said of them
        return _kept(files.inner.select(combined), keep, ctx)

    return linked_files


def _kept(found: list[Any], keep: Predicate | None, ctx: Context) -> list[Any]:
    """The nodes of another file that ``keep`` holds for, judged with the selected node as the
    checked one (``{checked: ...}``); what the filter captures, the message can quote."""
    if keep is None:
        return found
    kept = []
    for candidate in found:
        inner = ctx.inner(candidate)
        inner.captures = ctx.captures
        inner.outer = ctx.outer if ctx.outer is not None else ctx.node
        if keep(inner):
            kept.append(candidate)
    return kept


def modifier_substitute(spec: dict[str, Any]) -> Callable[[Any, Context], Any]:
    """Tokens of a string value replaced before the tests (ssh's ``%h``, ``~``): each token maps to
    an operand, whose value is the text put in (a number N: N characters of filler; a value
    that is missing: the token is left as it is); ``append`` adds that many characters."""
    tokens = {token: _compile_operand(operand) for token, operand in spec.get("tokens", {}).items()}
    append = spec.get("append", 0)
    ordered = sorted(tokens, key=len, reverse=True)

    def text(value: Any) -> str | None:
        if value is MISSING or value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return "x" * value
        return str(value)

    def substitute(value: Any, ctx: Context) -> Any:
        if not isinstance(value, str):
            return value
        out, i = [], 0
        while i < len(value):
            token = next((t for t in ordered if value.startswith(t, i)), None)
            filled = text(tokens[token](ctx)) if token is not None else None
            if token is None or filled is None:
                out.append(value[i])
                i += 1
            else:
                out.append(filled)
                i += len(token)
        return "".join(out) + "x" * append

    return substitute


def _file_path(template: str, ctx: Context) -> str | None:
    text = expand(template, ctx)
    if text is None:
        return None
    # A path written for another OS (`..\lib`) names the same folder on this one.
    text = text.replace("\\", "/")
    return os.path.normpath(os.path.join(ctx.directory, text))


def expand(
    template: str,
    ctx: Context,
    extra: dict[str, Any] | None = None,
    missing: str | None = None,
    most: int | None = None,
    unresolved: list[str] | None = None,
) -> str | None:
    """Fill ``{field}`` places: ``value``, ``options.NAME``, captured names, or a selector below
    the selected node; ``{{`` and ``}}`` stand for literal braces. A field that names nothing is
    filled with ``missing`` (and its name added to ``unresolved`` when given); when ``missing``
    is None, the template cannot be filled: None. With ``most``, a longer field is cut to that
    many characters, the last one ``…`` (a message quotes a value; it does not reprint a 10 MB
    line)."""
    unfilled = False

    def field(match: re.Match[str]) -> str:
        nonlocal unfilled
        if match.group(1) is None:
            return match.group()[0]  # {{ or }}: a brace
        value = lookup(match.group(1).strip(), ctx, extra)
        if value is MISSING:
            unfilled = True
            if unresolved is not None:
                unresolved.append(match.group(1).strip())
            return missing or ""
        text = _text(value)
        return text if most is None or len(text) <= most else text[: most - 1] + "…"

    result = _TEMPLATE_PART.sub(field, template)
    return None if unfilled and missing is None else result


MISSING = object()


def template_fields(template: str) -> list[str]:
    """The names of a message template's ``{field}`` places (``{{`` and ``}}`` are braces)."""
    return [match.group(1).strip() for match in _TEMPLATE_PART.finditer(template) if match.group(1) is not None]


def lookup(name: str, ctx: Context, extra: dict[str, Any] | None = None) -> Any:
    if extra and name in extra:
        return extra[name]
    if name in ctx.captures:
        return ctx.captures[name]
    if name == "value":
        return _value_of(ctx.node)
    if name.startswith("options."):
        return ctx.options.get(name[len("options.") :], MISSING)
    try:
        selector = compile_selector(name)
    except ValueError:
        return MISSING
    for node in (ctx.node, ctx.outer):
        found = selector.select(node) if node is not None else []
        if found:
            return _value_of(found[0])
    return MISSING


def _text(value: Any) -> str:
    """A value as a message quotes it: scalars as written, mappings and lists as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _value_of(item: Any) -> Any:
    if isinstance(item, _File):
        return item.path
    if isinstance(item, Node):
        return item.plain() if not item.is_scalar else item.value
    return item


# --- operands ---------------------------------------------------------------------------------


def _compile_operand(arg: Any) -> Operand:
    """A literal, or a mapping named by its key (``checked`` may come with ``default``)."""
    if not isinstance(arg, dict):
        return operand_literal(arg)
    name = "checked" if "checked" in arg else next(iter(arg))
    compiled: Operand = _language().OPERAND_BY_NAME[name].compile(arg)
    return compiled


def operand_literal(arg: Any) -> Operand:
    return lambda ctx: arg


def operand_option(arg: dict[str, Any]) -> Operand:
    name = arg["option"]
    return lambda ctx: ctx.options.get(name)


def operand_path(arg: dict[str, Any]) -> Operand:
    selector = compile_selector(arg["path"])

    def from_path(ctx: Context) -> Any:
        found = selector.select(ctx.node)
        return _value_of(found[0]) if found else MISSING

    return from_path


def operand_checked(arg: dict[str, Any]) -> Operand:
    # A value below the node the check selected, seen from inside an `each` or an
    # `in-file` filter (which judge other nodes); `default` when it is not there.
    selector = compile_selector(arg["checked"])
    default = arg.get("default", MISSING)

    def from_checked(ctx: Context) -> Any:
        checked = ctx.outer if ctx.outer is not None else ctx.node
        found = selector.select(checked)
        return _value_of(found[0]) if found else default

    return from_checked


def operand_root(arg: dict[str, Any]) -> Operand:
    below_root = compile_selector(arg["root"])

    def from_root(ctx: Context) -> Any:
        found = below_root.select(ctx.root if ctx.root is not None else ctx.node)
        return _value_of(found[0]) if found else MISSING

    return from_root


# --- tests ------------------------------------------------------------------------------------
# Each compiles from the test's name, its argument and the whole condition (for the modifiers
# beside it).


def _any_value(check: Callable[[Any, Context], bool]) -> Test:
    return lambda found, ctx: any(check(_value_of(item), ctx) for item in found)


def compile_present(name: str, arg: bool, condition: dict[str, Any]) -> Test:
    return lambda found, ctx: bool(found) == arg


def compile_equals(name: str, arg: Any, condition: dict[str, Any]) -> Test:
    """``equals`` and ``not-equals``."""
    same = _same_ignoring_case if condition.get("ignore-case") else _same
    operand = _compile_operand(arg)
    if name == "equals":
        return _any_value(lambda v, ctx: same(v, operand(ctx)))
    return _any_value(lambda v, ctx: not same(v, operand(ctx)))


def compile_one_of(name: str, arg: list[Any], condition: dict[str, Any]) -> Test:
    same = _same_ignoring_case if condition.get("ignore-case") else _same
    operands = [_compile_operand(item) for item in arg]
    suggest = condition.get("suggest")
    if all(isinstance(item, str) for item in arg):  # a list of words: one set lookup
        fold = bool(condition.get("ignore-case"))
        words = {item.lower() for item in arg} if fold else set(arg)

        def in_words(value: Any, ctx: Context) -> bool:
            if isinstance(value, str) and (value.lower() if fold else value) in words:
                return True
            if suggest is not None:
                ctx.captures[suggest] = _nearest(value, list(arg))
            return False

        return _any_value(in_words)
    if suggest is None:
        return _any_value(lambda v, ctx: any(same(v, op(ctx)) for op in operands))

    def one_of_or_suggest(value: Any, ctx: Context) -> bool:
        choices = [op(ctx) for op in operands]
        if any(same(value, choice) for choice in choices):
            return True
        ctx.captures[suggest] = _nearest(value, choices)
        return False

    return _any_value(one_of_or_suggest)


def compile_matches(name: str, arg: str, condition: dict[str, Any]) -> Test:
    # Compiled on first use: a run compiles only the patterns its files reach (compiling
    # every pattern of every applicable rule would cost a single-file run tens of ms). Rule
    # validation compiles each pattern once, so a bad one never gets this far.
    search = _lazy_search(arg)
    if "(?P<" not in arg:
        return _any_value(lambda v, ctx: isinstance(v, str) and search(v) is not None)

    def matches(value: Any, ctx: Context) -> bool:
        match = search(value) if isinstance(value, str) else None
        if match is None:
            return False
        # Named groups are captured, as `capture:` does: a message or fix quotes the part.
        ctx.captures.update((name, text) for name, text in match.groupdict().items() if text is not None)
        return True

    return _any_value(matches)


def compile_type(name: str, arg: str | list[str], condition: dict[str, Any]) -> Test:
    kinds = [arg] if isinstance(arg, str) else list(arg)
    checks = [_TYPES[kind] for kind in kinds]
    return _any_value(lambda v, ctx: any(check(v) for check in checks))


def compile_path_kind(name: str, arg: bool, condition: dict[str, Any]) -> Test:
    """``absolute-path`` and ``home-relative-path``."""
    kind = values.is_absolute_path if name == "absolute-path" else values.is_home_relative_path
    return _any_value(lambda v, ctx: kind(v) == arg)


def compile_exists(name: str, arg: bool | str, condition: dict[str, Any]) -> Test:
    return lambda found, ctx: any(_exists(item, arg) for item in found)


def _lazy_search(pattern_text: str) -> Callable[[str], Any]:
    """``search`` of ``pattern_text`` compiled by RE2 on first use: linear in the text, so that
    no value in a linted file can make a rule's pattern backtrack for hours."""
    compiled: list[Any] = []

    def search(text: str) -> Any:
        if not compiled:
            from .regexes import RegexError, compile_linear

            try:
                compiled.append(compile_linear(pattern_text))
            except RegexError as exc:
                raise ConditionError(f"invalid regular expression {pattern_text!r}: {exc}") from None
        try:
            return compiled[0].search(text)
        except UnicodeEncodeError:  # a lone surrogate ("\\ud800" in a JSON string)
            from .regexes import matchable

            return compiled[0].search(matchable(text))

    return search


def _nearest(value: Any, choices: list[Any]) -> str:
    """The choice closest to ``value`` in spelling (case aside), or "" when none is close."""
    import difflib

    words = [str(choice) for choice in choices if isinstance(choice, str)]
    by_lower = {word.lower(): word for word in words}
    text = str(value).lower()
    if len(text) > 2 * max(map(len, by_lower), default=0) + 8:
        return ""  # far longer than every choice: not a misspelling (and difflib is quadratic)
    close = difflib.get_close_matches(text, list(by_lower), n=1, cutoff=0.6)
    return by_lower[close[0]] if close else ""


def _same_ignoring_case(value: Any, expected: Any) -> bool:
    if isinstance(value, str) and isinstance(expected, str):
        return value.lower() == expected.lower()
    return _same(value, expected)


def _same(value: Any, expected: Any) -> bool:
    if expected is MISSING:
        return False
    # YAML and JSON tell 1 from true; so does a rule.
    return (
        type(value) is type(expected)
        and value == expected
        or (_TYPES["number"](value) and _TYPES["number"](expected) and value == expected)
    )


def compile_comparison(grammar: str, spec: dict[str, Any], condition: dict[str, Any]) -> Test:
    """``number``, ``version``, ``duration``, ``port``, ``bytes``, ``openssh-time``, ``length``."""
    parse = _SCALAR_GRAMMARS[grammar]
    # A length is compared with a number; every other grammar reads its operands as it reads values.
    parse_operand = values.number if grammar == "length" else parse
    comparisons = [(_COMPARISONS[op], _compile_operand(arg)) for op, arg in spec.items()]

    def check(item: Any, ctx: Context) -> bool:
        # A node that knows its own grammar (a Go expression: its constant value) says so.
        if hasattr(item, "typed"):
            constant: ConstantNode = item
            left = constant.typed(grammar)
        else:
            left = parse(_value_of(item))
        if left is None:
            return False  # not of this grammar, or not a constant: never judged
        for compare, operand in comparisons:
            right = parse_operand(operand(ctx))
            if right is None or not compare(left, right):
                return False
        return True

    return lambda found, ctx: any(check(item, ctx) for item in found)


def compile_assigned_later(name: str, spec: dict[str, Any], condition: dict[str, Any]) -> Test:
    field = spec["field"]
    value = compile_condition(spec["value"]) if "value" in spec else None

    def check(item: Any, ctx: Context) -> bool:
        if not hasattr(item, "assigned_later"):
            return False
        flow: FlowNode = item
        for assigned in flow.assigned_later(field):
            if value is None:
                return True
            inner = ctx.inner(assigned)
            if value(inner):
                return True
        return False

    return lambda found, ctx: any(check(item, ctx) for item in found)


def compile_deadline(name: str, spec: dict[str, Any], condition: dict[str, Any]) -> Test:
    from .formats.go_flow import LEVELS, Apis

    apis, most = Apis(spec["apis"]), LEVELS[spec["from"]]

    def check(item: Any, ctx: Context) -> bool:
        if not hasattr(item, "request_deadlines"):
            return False
        flow: FlowNode = item
        return flow.request_deadlines(apis) <= most

    return lambda found, ctx: any(check(item, ctx) for item in found)


def _exists(item: Any, kind: Any) -> bool:
    if not isinstance(item, _File):
        return False
    path = item.path
    if kind is True:
        return os.path.exists(path)
    if kind is False:
        return not os.path.exists(path)
    if kind == "file":
        return os.path.isfile(path)
    return os.path.isdir(path)


def compile_schema(name: str, schema: dict[str, Any], condition: dict[str, Any]) -> Test:
    validator = None

    def check(value: Any, ctx: Context) -> bool:
        nonlocal validator
        if validator is None:  # jsonschema is heavy to import: only when a schema test runs
            from .schemas import fragment_validator

            validator = fragment_validator(schema)
        try:
            error = next(iter(validator.iter_errors(value)), None)
        except RecursionError:  # a value nested deeper than Python recurses: not judged
            return False
        if error is None:
            return True
        where = "".join(f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        ctx.schema_error = f"{where.lstrip('.')}: {error.message}" if where else error.message
        return False

    return _any_value(check)
