"""Suppression comments: ``remdev-lint: ignore[CODE, ...]`` and ``remdev-lint: ignore-file[...]``.

- ``ignore[...]`` in a comment at the end of a line suppresses the named rules on that line; in a
  comment alone on its line, on the line directly below.
- ``ignore-file[...]`` anywhere in the file suppresses the named rules in the whole file.
- Rules are named by code (``GM001``) or name (``local-replace-absolute``).

A directive is read from the comments that the format's parser found, so text that only looks
like a comment (inside a string) suppresses nothing.
"""

from __future__ import annotations

import re

from .model import Comment, Span

_DIRECTIVE = re.compile(r"remdev-lint:\s*(?P<kind>ignore-file|ignore)\[(?P<codes>[^\]]*)\]")


class Directive:
    """One rule named in one suppression comment; ``used`` once it suppressed something."""

    __slots__ = ("token", "span", "line", "whole_file", "used")

    def __init__(self, token: str, span: Span, line: int, whole_file: bool) -> None:
        self.token = token  # the code or name as written
        self.span = span  # where the directive stands (for RL002)
        self.line = line  # the line it suppresses (0 for the whole file)
        self.whole_file = whole_file
        self.used = False


def directives(comments: list[Comment], lines: list[str]) -> list[Directive]:
    found: list[Directive] = []
    for comment in comments:
        if "remdev-lint" not in comment.text:
            continue
        line = comment.span.line
        prefix_end = comment.span.column - 1
        alone = line - 1 < len(lines) and not lines[line - 1][:prefix_end].strip()
        # The comment text starts after its marker; find where in the line it begins.
        text_start = (
            comment.span.end_column - len(comment.text) if comment.span.end_line == line else comment.span.column
        )
        for match in _DIRECTIVE.finditer(comment.text):
            whole_file = match.group("kind") == "ignore-file"
            span = Span(line, text_start + match.start(), line, text_start + match.end())
            target = 0 if whole_file else (line + 1 if alone else line)
            for token in match.group("codes").split(","):
                if token.strip():
                    found.append(Directive(token.strip(), span, target, whole_file))
    return found
