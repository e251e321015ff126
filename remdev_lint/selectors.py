"""Selectors: paths with wildcards into a parsed document.

Grammar (a small, strict subset of JSONPath)::

    selector := '$' | step+ ['~']          steps may start with '.' or '[' after the first
    step     := name | '*' | '**' | '[' INDEX ']' | '[*]' | '[' QUOTED ']'

- ``name`` selects a mapping member (``Replace``, ``max-attempts``); keys with other characters
  (dots, spaces, brackets) are written quoted: ``["go.toolsEnvVars"]``.
- ``*`` selects every member of a mapping; ``[*]`` every item of a sequence; ``[2]`` one item.
- ``**`` selects the node and all of its descendants, at any depth: ``**.retry``.
- ``$`` alone is the node the selector starts from (the document root for a check's ``select``).
- A trailing ``~`` selects the key of the member instead of its value, so a diagnostic can point
  at the key (``remotePath~``); ``~`` alone is the key of the node the selector starts from.

Selecting is total: a path that does not exist selects nothing; it never raises.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from .model import KeyNode, Node

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from .model import Loader

_TOKEN = re.compile(
    r"""
      (?P<dot>\.)
    | (?P<deep>\*\*)
    | (?P<star>\*)
    | \[(?P<index>-?\d+)\]
    | \[(?P<items>\*)\]
    | \[(?P<quoted>"(?:[^"\\]|\\.)*"|'[^']*')\]
    | (?P<name>[^.\[\]*~"'\s]+)
    | (?P<key>~)
    """,
    re.VERBOSE,
)

# Step kinds.
MEMBER, ALL_MEMBERS, ITEM, ALL_ITEMS, DESCENDANTS = range(5)


class SelectorError(ValueError):
    pass


_COMPILED: dict[str, Selector] = {}


def selector(text: str) -> Selector:
    """The compiled selector for ``text``, compiled once per process (templates name the same
    few selectors for every node they fill)."""
    found = _COMPILED.get(text)
    if found is None:
        found = _COMPILED[text] = Selector(text)
    return found


class Selector:
    """A compiled selector. ``select(node)`` returns the selected nodes (``load`` is unused: a
    selector stays in its document)."""

    __slots__ = ("text", "steps", "key")

    def __init__(self, text: str) -> None:
        self.text = text
        self.steps, self.key = _compile(text)

    def select(self, node: Node, load: Loader | None = None) -> list[Node]:
        nodes = [node]
        members: list[Node] = []
        for kind, arg in self.steps:
            members = []
            for current in nodes:
                members.extend(_step(current, kind, arg))
            nodes = members
        if self.key:
            return [KeyNode(n) for n in nodes if n.key_span is not None and n.key is not None]
        return nodes

    def __repr__(self) -> str:
        return f"Selector({self.text!r})"


def _step(node: Node, kind: int, arg: object) -> Iterator[Node]:
    value = node.value
    if kind == MEMBER:
        if isinstance(value, dict) and isinstance(arg, str) and arg in value:
            yield _keyed(value[arg], arg)
    elif kind == ALL_MEMBERS:
        if isinstance(value, dict):
            for key, child in value.items():
                yield _keyed(child, key)
    elif kind == ITEM:
        if isinstance(value, list) and isinstance(arg, int):
            try:
                yield value[arg]
            except IndexError:
                pass
    elif kind == ALL_ITEMS:
        if isinstance(value, list):
            yield from value
    else:  # DESCENDANTS
        yield from _descendants(node)


def _keyed(child: Node, key: str) -> Node:
    """The member itself (its class and identity kept), knowing its key for ``~``."""
    child.key = key
    return child


def _descendants(node: Node) -> Iterator[Node]:
    """``node`` and every node below it, in document order (depth first), without recursion: a
    value nested thousands deep (a Go literal, a JSON file) must not exhaust Python's stack."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        value = current.value
        if isinstance(value, dict):
            stack.extend(_keyed(child, key) for key, child in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend(reversed(value))


def _compile(text: str) -> tuple[list[tuple[int, object]], bool]:
    """The steps of a selector, and whether it ends with ``~`` (the key, not the value)."""
    body = _body(text)
    if body in ("", "~"):  # the node itself; `~`: its key (a member selected by the check)
        return [], body == "~"
    steps: list[tuple[int, object]] = []
    key = False
    pos = 0
    expect_step = True  # a name may follow only at the start or after '.'
    while pos < len(body):
        match = _TOKEN.match(body, pos)
        if match is None:
            raise SelectorError(f"invalid selector {text!r} at column {pos + 1}")
        pos = match.end()
        if key:
            raise SelectorError(f"invalid selector {text!r}: '~' must come last")
        group = match.lastgroup
        if group == "dot":
            if expect_step and steps:
                raise SelectorError(f"invalid selector {text!r}: empty step")
            if pos == len(body):
                raise SelectorError(f"invalid selector {text!r}: ends with '.'")
            expect_step = True
        elif group == "key":
            if not steps or steps[-1][0] not in (MEMBER, ALL_MEMBERS):
                raise SelectorError(f"invalid selector {text!r}: '~' must follow a member")
            key = True
        else:
            if group in ("name", "star", "deep") and not expect_step:
                raise SelectorError(f"invalid selector {text!r}: missing '.' before {match.group()!r}")
            expect_step = False
            steps.append(_step_of(match))
    return steps, key


def _body(text: str) -> str:
    """A selector's text without the root (``$``) it may start with: what its steps are read
    from (``~`` alone: the key of the node itself)."""
    if not isinstance(text, str) or not text.strip():
        raise SelectorError("empty selector")
    body = text.strip()
    if body in ("~", "$~"):
        return "~"
    if body.startswith("$"):
        body = body[1:]
        if body and body[0] not in ".[":
            raise SelectorError(f"invalid selector {text!r}: expected '.' or '[' after '$'")
    return body


#: The steps whose token says all there is to say.
_WHOLE_STEPS = {"star": ALL_MEMBERS, "deep": DESCENDANTS, "items": ALL_ITEMS}


def _step_of(match: re.Match[str]) -> tuple[int, object]:
    """The step a token of a selector stands for (a name, an index, a quoted name, a wildcard)."""
    group = match.lastgroup
    if group == "name":
        return MEMBER, match.group("name")
    if group == "index":
        return ITEM, int(match.group("index"))
    if group == "quoted":
        quoted = match.group("quoted")
        return MEMBER, json.loads(quoted) if quoted[0] == '"' else quoted[1:-1]
    assert group is not None
    return _WHOLE_STEPS[group], None
