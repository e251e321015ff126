"""The document model every format parser produces.

A parsed file is a tree of :class:`Node` objects: mappings (``dict[str, Node]``), sequences
(``list[Node]``) and scalars (``str``, ``int``, ``float``, ``bool``, ``None``). Every node carries
the :class:`Span` of its value in the source text, and a mapping member also carries the span of
its key, so that a diagnostic can point at the key or at the value.

Positions are 1-based lines and 1-based columns counted in Unicode code points; ``end_column``
is exclusive (the column just after the last character), as SARIF's ``endColumn`` is.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import namedtuple

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Protocol

    #: Reads the other files a document names (``in-files``): their names and format -> the
    #: files combined, or None when one cannot be used.
    Loader = Callable[[list[str], str], "Node | None"]

    class Select(Protocol):
        """What a ``select`` compiles to (:func:`remdev_lint.rules.compile_select`): the nodes it
        names below ``root``. ``load`` reads the files an ``in-files`` select names; the other
        forms do not use it."""

        def select(self, root: Node, load: Loader | None = None) -> list[Node]: ...

    # What some formats' nodes can do beyond a plain Node (the Go format's syntax nodes); a
    # primitive asks for the method (``hasattr``) and judges plain nodes without it.

    class QueryRoot(Protocol):
        """A document root that code queries run on: each match of a tree-sitter pattern, as a
        node mapping its captures."""

        def query(self, pattern: str) -> list[Node]: ...

    class ConstantNode(Protocol):
        """A node that knows its value in a grammar itself (a Go expression: its constant
        value, None when it has none), rather than by reading its text."""

        def typed(self, grammar: str) -> int | float | None: ...

    class FlowNode(Protocol):
        """A node whose uses can be followed through its function and package (a Go value)."""

        def assigned_later(self, field: str) -> list[Node]: ...

        def request_deadlines(self, apis: Any) -> int: ...


class Span(namedtuple("Span", "line column end_line end_column")):
    """Where a value stands: ``line``, ``column``, ``end_line``, ``end_column`` (all ints)."""

    __slots__ = ()

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        return cls(line, column, line, column)


class Node:
    """One value of a parsed document, with its position."""

    __slots__ = ("value", "span", "key_span", "key", "origin")

    def __init__(self, value: Any, span: Span, key_span: Span | None = None, origin: str | None = None) -> None:
        self.value = value
        self.span = span
        self.key_span = key_span
        #: The member's key, once a selector has reached the node through its mapping.
        self.key: str | None = None
        #: The file the node was read from when that is not the linted file (a compose file a
        #: devcontainer.json names): a diagnostic at this node is reported in that file.
        self.origin = origin

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_sequence(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        return not isinstance(self.value, (dict, list))

    def part_span(self, start: int, end: int) -> Span:
        """The span of ``value[start:end]`` of a string node, when the source holds the string as
        it is on one line (plain, or between two quotes, with no escapes); else the whole span."""
        span, text = self.span, self.value
        width = span.end_column - span.column
        if not isinstance(text, str) or span.line != span.end_line or width not in (len(text), len(text) + 2):
            return span
        offset = span.column + (width - len(text)) // 2
        return Span(span.line, offset + start, span.line, offset + end)

    def plain(self) -> Any:
        """The value with every nested node replaced by its plain value (JSON-like data)."""
        value = self.value
        if isinstance(value, dict):
            return {key: child.plain() for key, child in value.items()}
        if isinstance(value, list):
            return [child.plain() for child in value]
        return value

    def __repr__(self) -> str:
        return f"Node({self.value!r}, {self.span})"


class KeyNode(Node):
    """A member's key as a node (the selector ``NAME~``): its text at the key's span. ``member``
    is the member's value, so that a fix at a key can rename, replace or delete the member."""

    __slots__ = ("member",)

    def __init__(self, member: Node) -> None:
        assert member.key_span is not None
        super().__init__(member.key, member.key_span, None, member.origin)
        self.member = member


class MappedString(Node):
    """A string node whose characters stand at known places of the file (a command line joined
    from continuation lines): ``positions[i]`` is the (line, column) of ``value[i]``."""

    __slots__ = ("positions",)

    def __init__(self, value: str, positions: list[tuple[int, int]], span: Span) -> None:
        super().__init__(value, span)
        self.positions = positions

    def part_span(self, start: int, end: int) -> Span:
        if not 0 <= start < end <= len(self.positions):
            return self.span
        line, column = self.positions[start]
        end_line, end_column = self.positions[end - 1]
        return Span(line, column, end_line, end_column + 1)


def hash_comments(text: str) -> list[Comment]:
    """The ``#`` comments of a shell-like text (a shell script, a Makefile, a Dockerfile): a ``#``
    that begins a line or follows white space, outside quotes on its line, to the end of it."""
    comments = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "#" not in line:
            continue
        quote = None
        for column, char in enumerate(line):
            if quote is not None:
                quote = None if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "#" and (column == 0 or line[column - 1] in " \t"):
                end = len(line.rstrip("\r"))
                comments.append(Comment(Span(number, column + 1, number, end + 1), line[column + 1 : end]))
                break
    return comments


def set_origin(node: Node, path: str) -> None:
    """Mark ``node`` and every node below it as read from the file ``path``."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:  # a YAML alias shares its anchor's nodes
            continue
        seen.add(id(current))
        current.origin = path
        value = current.value
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


class Comment(namedtuple("Comment", "span text")):
    """A comment in the source: its ``span`` (marker included) and its ``text`` after the marker."""

    __slots__ = ()


class Document(
    namedtuple(
        "Document", "root comments text generated duplicates included unread errors", defaults=(False, (), (), (), ())
    )
):
    """A parsed file: the ``root`` node, its ``comments``, the ``text`` it came from, whether the
    file says it is ``generated`` (rules do not lint generated files), and the keys it repeats in
    one mapping where its format lets the last one win silently: ``duplicates`` holds
    ``(key, earlier key span, later key span)`` triples in document order. ``included`` holds
    ``(path, text, comments)`` for the other files the format read into this one (OpenSSH's
    ``Include``), whose suppression comments apply to the findings in them; ``unread`` holds
    ``(path, reason, span, origin)`` for each file it named but did not read (a FIFO, a link out
    of the project), at the place that named it (``origin``: that place's file, None for this
    one). ``errors`` holds the :class:`ParseError` of a syntax error the format recovered from
    (Go: tree-sitter reads past it): the file is still linted, away from the broken part, and the
    error is reported as well."""

    __slots__ = ()


class LintedFile:
    """One file as a run lints it: the ``path`` it was given as, ``absolute`` (against the
    current folder) and its ``folder``, ``relpath`` (what globs see), ``shown`` (what diagnostics
    print), its ``text``; its ``lines`` (as the parsers count them: ``\\r\\n``, ``\\r`` or
    ``\\n``) are split when first asked for."""

    __slots__ = ("path", "absolute", "folder", "relpath", "shown", "text", "_lines")

    def __init__(self, path: Any, absolute: str, relpath: str, shown: str, text: str) -> None:
        self.path = path
        self.absolute = absolute
        self.folder = os.path.dirname(absolute)
        self.relpath = relpath
        self.shown = shown
        self.text = text
        self._lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = split_lines(self.text)
        return self._lines


def split_lines(text: str) -> list[str]:
    """``text``'s lines as the parsers count them (``\\r\\n``, ``\\r`` or ``\\n`` ends one)."""
    return _LINE_BREAK.split(text)


#: The code query patterns of the rules a run applies, in the order they were met (a dict as an
#: ordered set): a format that queries syntax trees (go) runs them together, in one pass per file.
QUERY_PATTERNS: dict[str, None] = {}


class ParseError(Exception):
    """A file that its format's grammar does not accept; positions as in :class:`Span`."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


_LINE_BREAK = re.compile(r"\r\n?|\n")


class LineTable:
    """Offsets in a text to 1-based lines and code-point columns (the parsers' positions).

    ``line_break`` says where lines end: ``\r\n``, ``\r`` or ``\n`` by default, as JSON, JSONC and
    YAML readers count them; TOML counts ``\n`` only.
    """

    __slots__ = ("starts",)

    def __init__(self, text: str, line_break: re.Pattern[str] = _LINE_BREAK) -> None:
        self.starts = [0]
        self.starts.extend(match.end() for match in line_break.finditer(text))

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)
