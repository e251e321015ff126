"""Suppression comments: ``remdev-lint: ignore[CODE, ...]`` and ``remdev-lint: ignore-file[...]``.

- ``ignore[...]`` in a comment at the end of a line suppresses the named rules on that line; in a
  comment alone on its line, on the line directly below.
- ``ignore-file[...]`` anywhere in the file suppresses the named rules in the whole file.
- Rules are named by code (``GM001``) or name (``local-replace-absolute``).

Rules may also honour other tools' suppressions (``honors:`` in the rule file; see
:func:`foreign`): gosec's ``#nosec`` and ``//gosec:disable``, golangci-lint's ``//nolint``, with the
same reach: a comment at the end of a line covers that line; a comment alone on its line covers
the line below it and the comments after it (a comment block above a statement).

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


_NOSEC = re.compile(r"^\s*(?:#nosec|gosec:disable)\b(?P<args>.*)$", re.M)
_GOSEC_RULE = re.compile(r"G[0-9]{3}")
_NOLINT = re.compile(r"^\s?nolint(?::(?P<linters>[\w-]+(?:\s*,\s*[\w-]+)*))?(?![\w:-])")


class Foreign:
    """Another tool's suppression comment: the ``tool`` (``gosec`` or ``nolint``), the ``names``
    it gives (gosec rule IDs, golangci-lint linters; empty: everything) and the ``line`` it covers."""

    __slots__ = ("tool", "names", "line")

    def __init__(self, tool: str, names: frozenset[str], line: int) -> None:
        self.tool, self.names, self.line = tool, names, line

    def silences(self, honored: dict[str, list[str]]) -> bool:
        """Whether it silences a rule that honours ``{tool: [names]}`` (a bare comment silences any
        rule that honours the tool; golangci-lint's ``all`` names every linter)."""
        wanted = honored.get(self.tool)
        if wanted is None:
            return False
        if not self.names or (self.tool == "nolint" and "all" in self.names):
            return True
        return not self.names.isdisjoint(wanted)


def foreign(comments: list[Comment], lines: list[str]) -> list[Foreign]:
    """gosec's and golangci-lint's suppression comments, as those tools read them.

    gosec (v2.30): a comment whose text starts with ``#nosec`` (or has a line that does), or
    ``//gosec:disable``; the rule IDs are the ``G`` and three digits written before ``--`` (what
    follows is the justification); none: every rule. golangci-lint: ``//nolint``, or
    ``//nolint:a,b`` naming linters (``all``: every one).
    """
    found: list[Foreign] = []
    for comment in comments:
        text = comment.text
        if "nosec" not in text and "gosec:disable" not in text and "nolint" not in text:
            continue
        marks = []
        nosec = _NOSEC.search(text)
        if nosec is not None:
            directive = nosec.group("args").split("--", 1)[0]
            marks.append(("gosec", frozenset(_GOSEC_RULE.findall(directive))))
        nolint = _NOLINT.match(text)
        if nolint is not None:
            linters = nolint.group("linters") or ""
            marks.append(("nolint", frozenset(name.strip() for name in linters.split(",") if name.strip())))
        if not marks:
            continue
        line = comment.span.line
        alone = line - 1 < len(lines) and not lines[line - 1][: comment.span.column - 1].strip()
        target = comment.span.end_line
        if alone:
            target += 1
            while target - 1 < len(lines) and lines[target - 1].lstrip().startswith("//"):
                target += 1  # the rest of a comment block: it covers the line after the block
        found.extend(Foreign(tool, names, target) for tool, names in marks)
    return found
