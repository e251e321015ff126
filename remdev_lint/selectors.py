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

from .model import Node

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
            return [
                Node(n.key, n.key_span, None, n.origin) for n in nodes if n.key_span is not None and n.key is not None
            ]
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
    if not isinstance(text, str) or not text.strip():
        raise SelectorError("empty selector")
    body = text.strip()
    if body == "$":
        return [], False
    if body in ("~", "$~"):  # the key of the node itself (a member selected by the check)
        return [], True
    if body.startswith("$"):
        body = body[1:]
        if body and body[0] not in ".[":
            raise SelectorError(f"invalid selector {text!r}: expected '.' or '[' after '$'")
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
            expect_step = True
            if pos == len(body):
                raise SelectorError(f"invalid selector {text!r}: ends with '.'")
            continue
        if group in ("name", "star", "deep") and not expect_step:
            raise SelectorError(f"invalid selector {text!r}: missing '.' before {match.group()!r}")
        expect_step = False
        if group == "name":
            steps.append((MEMBER, match.group("name")))
        elif group == "star":
            steps.append((ALL_MEMBERS, None))
        elif group == "deep":
            steps.append((DESCENDANTS, None))
        elif group == "index":
            steps.append((ITEM, int(match.group("index"))))
        elif group == "items":
            steps.append((ALL_ITEMS, None))
        elif group == "quoted":
            quoted = match.group("quoted")
            name = json.loads(quoted) if quoted[0] == '"' else quoted[1:-1]
            steps.append((MEMBER, name))
        else:  # key
            if not steps or steps[-1][0] not in (MEMBER, ALL_MEMBERS):
                raise SelectorError(f"invalid selector {text!r}: '~' must follow a member")
            key = True
    return steps, key
