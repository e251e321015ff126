"""TOML, parsed into the document model with exact positions.

The values come from :mod:`tomllib` (``tomli`` before Python 3.11; imported on the first call),
which is authoritative: whatever it rejects is a :class:`ParseError` at the position it reports.
tomllib gives no positions, so a small scanner then walks the (now known valid) text and
records, for each key path, the span of its key and of its value; the node tree is tomllib's
data with those spans.

What a user can rely on:

* Scalars are ``str``, ``int``, ``float`` (``inf``, ``nan`` included) and ``bool``; an offset
  or local date-time, a local date and a local time become their ``isoformat()`` string
  (``1979-05-27 07:32:00Z`` becomes ``"1979-05-27T07:32:00+00:00"``).
* A table defined by a header (``[a.b]``) spans that header and its ``key_span`` is the last
  key of the header. A table created implicitly (``a`` in ``[a.b]`` or in ``a.b.c = 1``) spans
  the first header or key that created it, unless a later header defines it; its ``key_span``
  is that key. An array of tables spans its first ``[[a]]`` header, each of its elements its
  own header. Values (strings of every kind, arrays across lines, inline tables) span their
  text; items of arrays and members of inline tables have their own spans.
* The root spans from the first statement to the end of the last one (a point at 1:1 for an
  empty document).
* Comments: every ``#`` comment outside strings, in document order.
* A byte order mark at the very start is accepted and is not counted in columns.
"""

from __future__ import annotations

import re
import sys

from remdev_lint.model import Comment, Document, LineTable, Node, ParseError, Span
from remdev_lint.regexes import match_at

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

__all__ = ["parse"]

_LINE_BREAK = re.compile(r"\n")
_BLANK = re.compile(r"[ \t]*")
_TRIVIA = re.compile(r"(?:[ \t\r\n]+|#[^\r\n]*)*")
_COMMENT = re.compile(r"#([^\r\n]*)")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC_STRING = re.compile(r'"(?:[^"\\\r\n]|\\.)*"')
_LITERAL_STRING = re.compile(r"'[^'\r\n]*'")
_ML_BASIC_STRING = re.compile(r'"""(?:[^"\\]|\\.|""?(?!"))*"{3,5}', re.S)
_ML_LITERAL_STRING = re.compile(r"'''(?:[^']|''?(?!'))*'{3,5}")
_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?"
    r"|\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
)
_BARE_VALUE = re.compile(r"[A-Za-z0-9_+.-]+")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2})|(.))", re.S)
_SIMPLE_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "e": "\x1b",
}
_ERROR_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")

_KeyPath = tuple  # a key path: table keys (str) and array indexes (int)


def parse(text: str) -> Document:
    """Parse a TOML document into a :class:`Document` (see the module documentation)."""
    # imported here: a run that reads no TOML file does not pay for it
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    body = text[1:] if text.startswith("\ufeff") else text
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        raise _decode_error(exc, body) from None
    except ValueError as exc:  # not a decode error: an integer beyond int()'s digit limit
        raise ParseError(f"cannot read the document: {exc}", 1, 1) from None
    except RecursionError:
        raise ParseError("nesting too deep", 1, 1) from None
    scanner = _Scanner(body)
    try:
        scanner.scan()
    except RecursionError:
        raise ParseError("nesting too deep", 1, 1) from None
    root = scanner.build(data, (), scanner.root_span())
    return Document(root, scanner.comments, text)


def _decode_error(exc: Exception, text: str) -> ParseError:
    message = getattr(exc, "msg", None)
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    full = str(exc)
    match = _ERROR_POSITION.search(full)
    if message is None:
        message = full[: match.start()] if match else full
    if line is None or column is None:
        if match is not None and match.group(1):
            line, column = int(match.group(1)), int(match.group(2))
        else:  # at the end of the document
            line = text.count("\n") + 1
            column = len(text) - (text.rfind("\n") + 1) + 1
    return ParseError(message, line, column)


class _Scanner:
    """Walks valid TOML text and records the span of every key and value, and every comment."""

    __slots__ = ("text", "lines", "spans", "aot_counts", "comments", "first", "last")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineTable(text, _LINE_BREAK)
        # key path -> (key span, value span)
        self.spans: dict[_KeyPath, tuple[Span | None, Span]] = {}
        self.aot_counts: dict[_KeyPath, int] = {}
        self.comments: list[Comment] = []
        self.first: int | None = None  # offset where the first statement starts
        self.last = 0  # offset where the last statement ends

    # -- positions -------------------------------------------------------------------------

    def span(self, start: int, end: int) -> Span:
        return self.lines.span(start, end)

    def root_span(self) -> Span:
        if self.first is None:
            return Span(1, 1, 1, 1)
        return self.span(self.first, self.last)

    # -- scanning --------------------------------------------------------------------------

    def trivia(self, pos: int) -> int:
        """Skip whitespace, line breaks and comments (recorded) from ``pos``."""
        text = self.text
        end = match_at(_TRIVIA, text, pos).end()
        hash_at = text.find("#", pos, end)
        while hash_at >= 0:
            match = match_at(_COMMENT, text, hash_at)
            self.comments.append(Comment(self.span(hash_at, match.end()), match.group(1)))
            hash_at = text.find("#", match.end(), end)
        return end

    def scan(self) -> None:
        text = self.text
        table: _KeyPath = ()
        pos = self.trivia(0)
        while pos < len(text):
            if self.first is None:
                self.first = pos
            if text.startswith("[[", pos):
                table, pos = self.header(pos, array=True)
            elif text.startswith("[", pos):
                table, pos = self.header(pos, array=False)
            else:
                pos = self.key_value(pos, table)
            self.last = pos
            pos = self.trivia(pos)

    def keys(self, pos: int) -> tuple[list[tuple[str, Span]], int]:
        """Parse a dotted key at ``pos``: its parts (name and span) and the offset after it."""
        text = self.text
        parts = []
        while True:
            char = text[pos]
            if char == '"':
                end = match_at(_BASIC_STRING, text, pos).end()
                name = _unescape(text[pos + 1 : end - 1])
            elif char == "'":
                end = match_at(_LITERAL_STRING, text, pos).end()
                name = text[pos + 1 : end - 1]
            else:
                end = match_at(_BARE_KEY, text, pos).end()
                name = text[pos:end]
            parts.append((name, self.span(pos, end)))
            pos = match_at(_BLANK, text, end).end()
            if not text.startswith(".", pos):
                return parts, pos
            pos = match_at(_BLANK, text, pos + 1).end()

    def header(self, start: int, array: bool) -> tuple[_KeyPath, int]:
        text = self.text
        width = 2 if array else 1
        parts, pos = self.keys(match_at(_BLANK, text, start + width).end())
        end = pos + width  # past "]" or "]]"
        header_span = self.span(start, end)
        path: _KeyPath = ()
        for name, key_span in parts[:-1]:
            path = self.descend(path, name)
            self.spans.setdefault(path, (key_span, header_span))
        name, key_span = parts[-1]
        path = path + (name,)
        if array:
            count = self.aot_counts.get(path, 0)
            self.aot_counts[path] = count + 1
            self.spans.setdefault(path, (key_span, header_span))
            path = path + (count,)
            self.spans[path] = (None, header_span)
        else:
            self.spans[path] = (key_span, header_span)
        return path, end

    def descend(self, path: _KeyPath, name: str) -> _KeyPath:
        """The path of table ``name`` under ``path`` (its last element for an array of tables)."""
        path = path + (name,)
        if path in self.aot_counts:
            return path + (self.aot_counts[path] - 1,)
        return path

    def key_value(self, pos: int, table: _KeyPath) -> int:
        text = self.text
        parts, pos = self.keys(pos)
        path = table
        for name, key_span in parts[:-1]:
            path = path + (name,)
            self.spans.setdefault(path, (key_span, key_span))
        name, key_span = parts[-1]
        path = path + (name,)
        pos = match_at(_BLANK, text, pos + 1).end()  # past "="
        end = self.value(pos, path)
        self.spans[path] = (key_span, self.span(pos, end))
        return end

    def value(self, pos: int, path: _KeyPath) -> int:
        """Record the spans inside the value at ``pos``; return the offset after it."""
        text = self.text
        char = text[pos]
        if char == '"':
            pattern = _ML_BASIC_STRING if text.startswith('"""', pos) else _BASIC_STRING
            return match_at(pattern, text, pos).end()
        if char == "'":
            pattern = _ML_LITERAL_STRING if text.startswith("'''", pos) else _LITERAL_STRING
            return match_at(pattern, text, pos).end()
        if char == "[":
            return self.array(pos, path)
        if char == "{":
            return self.inline_table(pos, path)
        match = _DATE_TIME.match(text, pos) or match_at(_BARE_VALUE, text, pos)
        return match.end()

    def array(self, start: int, path: _KeyPath) -> int:
        text = self.text
        pos = self.trivia(start + 1)
        index = 0
        while text[pos] != "]":
            end = self.value(pos, path + (index,))
            self.spans[path + (index,)] = (None, self.span(pos, end))
            index += 1
            pos = self.trivia(end)
            if text[pos] == ",":
                pos = self.trivia(pos + 1)
        return pos + 1

    def inline_table(self, start: int, path: _KeyPath) -> int:
        text = self.text
        pos = self.trivia(start + 1)
        while text[pos] != "}":
            pos = self.trivia(self.key_value(pos, path))
            if text[pos] == ",":
                pos = self.trivia(pos + 1)
        return pos + 1

    # -- the tree --------------------------------------------------------------------------

    def build(self, value: Any, path: _KeyPath, fallback: Span) -> Node:
        key_span, span = self.spans.get(path, (None, fallback))
        if isinstance(value, dict):
            members = {key: self.build(item, path + (key,), span) for key, item in value.items()}
            return Node(members, span, key_span)
        if isinstance(value, list):
            items = [self.build(item, path + (index,), span) for index, item in enumerate(value)]
            return Node(items, span, key_span)
        if not isinstance(value, (str, int, float)):  # a date, time or date-time
            value = value.isoformat()
        return Node(value, span, key_span)


def _unescape(body: str) -> str:
    """The value of a basic (double-quoted) string's body."""
    if "\\" not in body:
        return body
    return _ESCAPE.sub(_replace_escape, body)


def _replace_escape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2) or match.group(3)
    if code:
        return chr(int(code, 16))
    return _SIMPLE_ESCAPES.get(match.group(4), match.group(0))
