"""Shell scripts and Makefiles: the command lines they run, each character at its place.

A shell script (``*.sh``) is one command line, ``{"script": ...}``: the shell splitting of
:mod:`remdev_lint.commandline` (quotes, continuations, comments, ``&&``/``;``/newlines) cuts it
into simple commands. A Makefile is ``{"recipes": [...]}``: each recipe line (a line that begins
with a tab), joined with its continuation lines as make hands it to the shell (the tab that
begins a continuation line dropped), without its ``@``, ``-`` and ``+`` prefixes, and with make's
``$$`` read as ``$``. Make variables (``$(PORT)``) are not expanded: a word that holds one is
taken as written, and rules do not judge it. Neither format can fail to parse.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..model import Document, MappedString, Node, Span, hash_comments


def _whole(text: str) -> Span:
    lines = text.split("\n")
    return Span(1, 1, len(lines), len(lines[-1]) + 1)


class _FileText(Node):
    """A string node that is a whole file's text: offsets map to lines and columns through the
    offsets where lines start (a position per character would cost a 1 MiB script 70 MB)."""

    __slots__ = ("starts",)

    def __init__(self, text: str, span: Span) -> None:
        super().__init__(text, span)
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def part_span(self, start: int, end: int) -> Span:
        if not 0 <= start < end <= len(self.value):
            return self.span
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, end - 1) - 1
        return Span(first + 1, start - self.starts[first] + 1, last + 1, end - self.starts[last] + 1)


def parse_shell(text: str) -> Document:
    span = _whole(text)
    script = _FileText(text, span)
    script.key = "script"
    return Document(Node({"script": script}, span), hash_comments(text), text)


def parse_makefile(text: str) -> Document:
    lines = text.split("\n")
    recipes = []
    number = 0
    while number < len(lines):
        line = lines[number].rstrip("\r")
        if not line.startswith("\t") or not line.strip():
            number += 1
            continue
        chars: list[str] = []
        positions: list[tuple[int, int]] = []
        first = number
        body, offset = line[1:], 2  # after the recipe's tab
        while True:
            stripped = body.lstrip(" \t@-+") if number == first else body
            skipped = len(body) - len(stripped)
            for index, char in enumerate(stripped):
                chars.append(char)
                positions.append((number + 1, offset + skipped + index))
            if not stripped.endswith("\\") or number + 1 >= len(lines):
                break
            chars.append("\n")  # the shell joins `\` and the line break
            positions.append((number + 1, offset + skipped + len(stripped)))
            number += 1
            body = lines[number].rstrip("\r")
            offset = 1
            if body.startswith("\t"):
                body, offset = body[1:], 2
        number += 1
        text_, kept = _unescape_dollars(chars, positions)
        span = Span(first + 1, 1, number, len(lines[number - 1].rstrip("\r")) + 1)
        recipes.append(MappedString(text_, kept, span))
    span = _whole(text)
    return Document(Node({"recipes": Node(recipes, span)}, span), hash_comments(text), text)


def _unescape_dollars(chars: list[str], positions: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Make's ``$$`` is one ``$`` for the shell."""
    out: list[str] = []
    kept: list[tuple[int, int]] = []
    index = 0
    while index < len(chars):
        out.append(chars[index])
        kept.append(positions[index])
        index += 2 if chars[index] == "$" and index + 1 < len(chars) and chars[index + 1] == "$" else 1
    return "".join(out), kept
