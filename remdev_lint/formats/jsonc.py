"""JSON and JSON with comments (JSONC), parsed into the document model with exact positions.

:func:`parse_jsonc` reads a file as VS Code reads ``settings.json``, ``launch.json``,
``tasks.json`` and ``devcontainer.json`` (microsoft/node-jsonc-parser with
``allowTrailingComma``): ``//`` line comments and ``/* */`` block comments anywhere whitespace
may appear, and a trailing comma before ``]`` or ``}``. :func:`parse_json` is strict RFC 8259
JSON: a comment or a trailing comma is an error.

Choices a user can rely on:

* Whitespace is space, tab, line feed and carriage return (as in JSON and node-jsonc-parser);
  a line ends at ``\\n``, ``\\r\\n`` or a lone ``\\r``.
* A byte order mark at the very start is ignored and is not counted in columns (editors do not
  show it).
* An empty JSONC file, or one that holds only comments, parses to a root ``Node(None)`` with a
  point span at 1:1 (VS Code accepts an empty settings file). In strict JSON it is an error.
* A duplicate key: the last occurrence wins, as in VS Code and :func:`json.loads`; the member
  keeps the place of the first occurrence in the mapping's order.
  :func:`parse_jsonc_with_duplicates` also returns each overridden occurrence.
* Strings: every JSON escape, ``\\uXXXX`` surrogate pairs joined into one code point (a lone
  surrogate is kept, as :func:`json.loads` keeps it); a raw control character (U+0000 to
  U+001F) is an error. Numbers follow the JSON grammar: ``int`` without fraction and exponent,
  ``float`` otherwise.
* Nesting deeper than :data:`MAX_DEPTH` arrays and objects is reported as a parse error
  instead of exhausting the Python stack.
"""

from __future__ import annotations

import re

from remdev_lint.model import Comment, Document, LineTable, Node, ParseError, Span
from remdev_lint.regexes import match_at

__all__ = ["MAX_DEPTH", "parse_json", "parse_jsonc", "parse_jsonc_with_duplicates"]

#: The deepest nesting of arrays and objects accepted.
MAX_DEPTH = 256

_WHITESPACE = re.compile(r"[ \t\r\n]*")
_LINE_BREAK = re.compile(r"\r\n?|\n")
_LINE_END = re.compile(r"[\r\n]")
# A string without escapes and control characters: the common case, matched in one step.
_SIMPLE_STRING = re.compile(r'"([^"\\\x00-\x1f]*)"')
_STRING_RUN = re.compile(r'[^"\\\x00-\x1f]*')
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
# Everything that could belong to a number token, so that "01", "1." or "-x" is reported whole.
_NUMBER_TOKEN = re.compile(r"[-+.0-9A-Za-z_]+")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_WORD = re.compile(r'[^ \t\r\n{}\[\]":,/]+')

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_KEYWORDS = {"true": True, "false": False, "null": None}


def parse_jsonc(text: str) -> Document:
    """Parse JSON with comments and trailing commas, as VS Code reads its settings files."""
    return _Parser(text, True).parse()


def parse_json(text: str) -> Document:
    """Parse strict JSON: comments, trailing commas and an empty document are errors."""
    return _Parser(text, False).parse()


def parse_jsonc_with_duplicates(text: str) -> tuple[Document, list[tuple[str, Span]]]:
    """Parse JSONC and also return every overridden duplicate key.

    Each entry is the key and the ``key_span`` of an earlier occurrence that a later one with
    the same key in the same object replaced; entries are in document order. The returned
    document is the one :func:`parse_jsonc` returns (last occurrence wins).
    """
    parser = _Parser(text, True)
    document = parser.parse()
    parser.duplicates.sort(key=lambda entry: entry[1])
    return document, parser.duplicates


def _describe(text: str, pos: int) -> str:
    """How an error message names the character at ``pos``."""
    if pos >= len(text):
        return "end of input"
    char = text[pos]
    if char in "\r\n":
        return "end of line"
    if char == '"':
        return "a string"
    return repr(char)


class _Parser:
    """One parse: the text, its line table, and the comments and duplicates found so far."""

    __slots__ = (
        "source",
        "text",
        "length",
        "offset",
        "lines",
        "position",
        "span",
        "comments",
        "duplicates",
        "repeats",
        "jsonc",
    )

    def __init__(self, text: str, jsonc: bool) -> None:
        # A leading byte order mark is not content and is not counted in columns: parse the
        # text after it, so that every offset below maps to the columns an editor shows.
        self.source = text
        self.offset = 1 if text.startswith("\ufeff") else 0
        self.text = text[self.offset :] if self.offset else text
        self.length = len(self.text)
        self.jsonc = jsonc
        self.comments: list[Comment] = []
        self.duplicates: list[tuple[str, Span]] = []
        self.repeats: list[tuple[str, Span, Span]] = []
        self.lines = LineTable(self.text, _LINE_BREAK)
        self.position = self.lines.position  # offset -> 1-based line and column
        self.span = self.lines.span

    def line_span(self, start: int, end: int) -> Span:
        """The span of a token that cannot contain a line break."""
        line, column = self.position(start)
        return Span(line, column, line, column + end - start)

    def error(self, message: str, pos: int) -> ParseError:
        line, column = self.position(pos)
        return ParseError(message, line, column)

    # -- trivia ----------------------------------------------------------------------------

    def skip(self, pos: int) -> int:
        """Skip whitespace and comments from ``pos``; record the comments; return the new offset."""
        pos = match_at(_WHITESPACE, self.text, pos).end()
        if self.text.startswith("/", pos):
            return self.skip_comments(pos)
        return pos

    def skip_comments(self, pos: int) -> int:
        text = self.text
        while text.startswith("/", pos):
            second = text[pos + 1 : pos + 2]
            if second == "/":
                match = _LINE_END.search(text, pos + 2)
                end = match.start() if match else self.length
                body = text[pos + 2 : end]
            elif second == "*":
                close = text.find("*/", pos + 2)
                if close < 0:
                    raise self.error("unterminated block comment: expected '*/'", pos)
                end = close + 2
                body = text[pos + 2 : close]
            else:
                return pos  # a lone '/': the caller reports it where a value or token is due
            if not self.jsonc:
                raise self.error("comments are not allowed in strict JSON", pos)
            self.comments.append(Comment(self.span(pos, end), body))
            pos = match_at(_WHITESPACE, text, end).end()
        return pos

    # -- values ----------------------------------------------------------------------------

    def parse(self) -> Document:
        text = self.text
        try:
            pos = self.skip(0)
            if pos >= self.length:
                if self.jsonc:
                    return Document(Node(None, Span(1, 1, 1, 1)), self.comments, self.source)
                raise self.error("empty document: expected a JSON value", pos)
            root, pos = self.value(pos, 0)
            pos = self.skip(pos)
        except RecursionError:
            raise ParseError(f"nesting too deep (more than {MAX_DEPTH} levels)", 1, 1) from None
        if pos < self.length:
            raise self.error(
                f"unexpected {_describe(text, pos)} after the root value: expected end of input",
                pos,
            )
        repeats = tuple(sorted(self.repeats, key=lambda entry: entry[1]))
        return Document(root, self.comments, self.source, False, repeats)

    def value(self, pos: int, depth: int) -> tuple[Node, int]:
        """Parse the value at ``pos`` (no trivia before it); return it and the offset after it."""
        text = self.text
        char = text[pos] if pos < self.length else ""
        if char == '"':
            string, end = self.string(pos)
            return Node(string, self.line_span(pos, end)), end
        if char == "{":
            return self.object(pos, depth + 1)
        if char == "[":
            return self.array(pos, depth + 1)
        if char and char in "-+.0123456789":
            token = match_at(_NUMBER_TOKEN, text, pos).group()
            match = _NUMBER.fullmatch(token)
            if match is None:
                raise self.error(f"invalid number {token!r}", pos)
            end = pos + len(token)
            try:
                number = float(token) if match.lastindex else int(token)
            except ValueError:  # more digits than int() converts (sys.set_int_max_str_digits)
                raise self.error(f"number with {len(token)} digits is too long", pos) from None
            return Node(number, self.line_span(pos, end)), end
        match = _WORD.match(text, pos)
        if match is not None:
            word = match.group()
            if word in _KEYWORDS:
                return Node(_KEYWORDS[word], self.line_span(pos, match.end())), match.end()
            hint = " (strings need double quotes)" if word[0] == "'" else ""
            raise self.error(
                f"invalid value {word!r}: expected a string, number, object, array, true, false or null{hint}",
                pos,
            )
        if not char:
            raise self.error("unexpected end of input: expected a value", pos)
        raise self.error(f"expected a value, found {_describe(text, pos)}", pos)

    def string(self, pos: int) -> tuple[str, int]:
        """Parse the string whose opening quote is at ``pos``; return it and the offset after it."""
        text = self.text
        match = _SIMPLE_STRING.match(text, pos)
        if match is not None:
            return match.group(1), match.end()
        parts = []
        cursor = pos + 1
        while True:
            run_end = match_at(_STRING_RUN, text, cursor).end()
            parts.append(text[cursor:run_end])
            cursor = run_end
            if cursor >= self.length:
                raise self.error("unterminated string: expected '\"'", pos)
            char = text[cursor]
            if char == '"':
                return "".join(parts), cursor + 1
            if char == "\\":
                escape = text[cursor + 1 : cursor + 2]
                if escape in _ESCAPES:
                    parts.append(_ESCAPES[escape])
                    cursor += 2
                elif escape == "u":
                    code, cursor = self.unicode_escape(cursor)
                    parts.append(code)
                elif not escape:
                    raise self.error("unterminated string: expected '\"'", pos)
                elif escape in "\r\n":
                    raise self.error("invalid escape: a backslash cannot end a line in a string", cursor)
                else:
                    raise self.error(
                        f"invalid escape sequence '\\{escape}' in string "
                        '(valid: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)',
                        cursor,
                    )
            elif char in "\r\n":
                raise self.error("unterminated string: a string cannot span lines", pos)
            else:
                raise self.error(
                    f"control character U+{ord(char):04X} in string: write it as an escape",
                    cursor,
                )

    def unicode_escape(self, cursor: int) -> tuple[str, int]:
        """Decode the ``\\uXXXX`` escape at ``cursor`` (and its low surrogate, if one follows)."""
        text = self.text
        digits = text[cursor + 2 : cursor + 6]
        if _HEX4.fullmatch(digits) is None:
            raise self.error("invalid \\u escape: expected 4 hexadecimal digits", cursor)
        code = int(digits, 16)
        cursor += 6
        if 0xD800 <= code < 0xDC00 and text.startswith("\\u", cursor):
            low_digits = text[cursor + 2 : cursor + 6]
            if _HEX4.fullmatch(low_digits) is not None:
                low = int(low_digits, 16)
                if 0xDC00 <= low < 0xE000:
                    return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), cursor + 6
        return chr(code), cursor

    def object(self, start: int, depth: int) -> tuple[Node, int]:
        if depth > MAX_DEPTH:
            raise self.error(f"nesting too deep (more than {MAX_DEPTH} levels)", start)
        text = self.text
        members: dict[str, Node] = {}
        pos = self.skip(start + 1)
        if text.startswith("}", pos):
            return Node(members, self.span(start, pos + 1)), pos + 1
        while True:
            match = _SIMPLE_STRING.match(text, pos)
            if match is not None:
                key, key_end = match.group(1), match.end()
            elif text.startswith('"', pos):
                key, key_end = self.string(pos)
            else:
                raise self.error(self.member_expected(start, pos), pos)
            key_span = self.line_span(pos, key_end)
            pos = self.skip(key_end)
            if not text.startswith(":", pos):
                found = _describe(text, pos)
                raise self.error(f"expected ':' after object key, found {found}", pos)
            pos = self.skip(pos + 1)
            child, pos = self.value(pos, depth)
            child.key_span = key_span
            previous = members.get(key)
            if previous is not None:
                previous_span = previous.key_span
                assert previous_span is not None  # every member gets its key_span when it is read
                self.duplicates.append((key, previous_span))
                self.repeats.append((key, previous_span, key_span))
            members[key] = child
            pos = self.skip(pos)
            char = text[pos : pos + 1]
            if char == ",":
                comma = pos
                pos = self.skip(pos + 1)
                if text.startswith("}", pos):
                    if not self.jsonc:
                        raise self.error("trailing comma before '}' is not allowed in strict JSON", comma)
                    return Node(members, self.span(start, pos + 1)), pos + 1
            elif char == "}":
                return Node(members, self.span(start, pos + 1)), pos + 1
            else:
                message = self.unclosed("expected ',' or '}' after object member", start, pos)
                raise self.error(message, pos)

    def member_expected(self, start: int, pos: int) -> str:
        if pos >= self.length:
            return self.unclosed("expected a property name in double quotes or '}'", start, pos)
        return f"expected a property name in double quotes, found {_describe(self.text, pos)}"

    def unclosed(self, message: str, start: int, pos: int) -> str:
        """``message``, naming where the open object or array starts when the input has ended."""
        if pos < self.length:
            return message
        line, column = self.position(start)
        return f"unexpected end of input: {message} (opened at line {line}, column {column})"

    def array(self, start: int, depth: int) -> tuple[Node, int]:
        if depth > MAX_DEPTH:
            raise self.error(f"nesting too deep (more than {MAX_DEPTH} levels)", start)
        text = self.text
        items: list[Node] = []
        pos = self.skip(start + 1)
        if text.startswith("]", pos):
            return Node(items, self.span(start, pos + 1)), pos + 1
        while True:
            if pos >= self.length:
                raise self.error(self.unclosed("expected a value or ']'", start, pos), pos)
            child, pos = self.value(pos, depth)
            items.append(child)
            pos = self.skip(pos)
            char = text[pos : pos + 1]
            if char == ",":
                comma = pos
                pos = self.skip(pos + 1)
                if text.startswith("]", pos):
                    if not self.jsonc:
                        raise self.error("trailing comma before ']' is not allowed in strict JSON", comma)
                    return Node(items, self.span(start, pos + 1)), pos + 1
            elif char == "]":
                return Node(items, self.span(start, pos + 1)), pos + 1
            else:
                message = self.unclosed("expected ',' or ']' after array element", start, pos)
                raise self.error(message, pos)
