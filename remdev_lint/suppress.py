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

from .diagnostics import unique
from .model import Comment, Span, split_lines

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .globs import Glob
    from .linked import LinkedFiles
    from .model import LintedFile
    from .rules import ActiveRule
    from .workspace import Workspace

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


class Suppressor:
    """What a run's findings become once suppressions apply: the configuration's
    ``per-file-ignores``, the files' own ``remdev-lint: ignore`` comments, other tools' comments
    that a rule honours; and RL002 (``unused``) for each suppression comment that silenced
    nothing."""

    def __init__(
        self,
        workspace: Workspace,
        per_file_ignores: list[tuple[Glob, list[str]]],
        active: list[ActiveRule],
        all_tokens: set[str],
        unused: ActiveRule | None,
        parse_error: ActiveRule | None,
    ) -> None:
        self.workspace = workspace
        self.per_file_ignores = per_file_ignores
        self.active_by_token = {key: a for a in active for key in (a.rule.code, a.rule.name)}
        self.all_tokens = all_tokens
        self.unused = unused
        self.parse_error_code = parse_error.rule.code if parse_error is not None else None
        #: False: the files' own comments silence nothing (``--add-suppressions`` checks that
        #: its comments change nothing else); the per-file ignores still apply.
        self.comments = True

    def ignored(self, relpath: str, active: ActiveRule) -> bool:
        """Whether ``per-file-ignores`` silences the rule in the file at ``relpath``."""
        return any(
            regex.fullmatch(relpath) and any(active.rule.matches(token) for token in codes)
            for regex, codes in self.per_file_ignores
        )

    def apply(
        self, found: list[Diagnostic], comments: list[Comment], file: LintedFile, linked: LinkedFiles
    ) -> list[Diagnostic]:
        """The findings of one linted file that nothing silences, sorted, with RL002 for its
        suppressions that silenced nothing. Findings in the files read through it (``linked``)
        are judged by those files' own comments."""
        shown = file.shown
        if not self.comments:
            comments = []
        marks = directives(comments, file.lines) if comments else []
        found = sorted(unique(found), key=_order)
        elsewhere = [d for d in found if d.path != shown]
        others = None
        if comments and any(self.active_by_token[d.code].rule.honors for d in found):
            others = foreign(comments, file.lines)
        kept = [
            d
            for d in found
            if d.path == shown and not self._silenced(d, marks, file.relpath) and not self._honored(d, others)
        ]
        if elsewhere:
            kept += self._apply_linked(elsewhere, linked)
        unused = self.unused
        parse_failed = any(d.code == self.parse_error_code and d.path == shown for d in found)
        if unused is None or parse_failed:
            return sorted(kept, key=_order)
        own = (unused.rule.code, unused.rule.name)
        for mark in marks:
            if mark.used or mark.token in own:
                continue
            if mark.token not in self.all_tokens:
                message = f"`{mark.token}` is not a rule code or name: correct it or remove it"
            elif mark.token in self.active_by_token:
                message = f"this suppression of {mark.token} matches no diagnostic: remove it"
            else:
                continue  # a rule this run does not check: the suppression may still be needed
            diagnostic = unused.diagnostic(shown, mark.span, message)
            if not self._silenced(diagnostic, marks, file.relpath):
                kept.append(diagnostic)
        return sorted(kept, key=_order)

    def _apply_linked(self, found: list[Diagnostic], linked: LinkedFiles) -> list[Diagnostic]:
        """Findings in files read through the linted one, less those that the files' own
        suppression comments and the per-file ignores silence. Unused suppressions there are not
        reported: only the rules that read the file through this one ran on it."""
        display = self.workspace.display
        by_shown = {display(path): (path, document) for path, document in linked.documents()}
        kept = []
        for diagnostic in found:
            path, document = by_shown.get(diagnostic.path, (None, None))
            marks = []
            if document is not None and document.comments:
                marks = directives(document.comments, split_lines(document.text))
            relpath = self.workspace.relative(path) if path else diagnostic.path
            if not self._silenced(diagnostic, marks, relpath):
                kept.append(diagnostic)
        return kept

    def _honored(self, diagnostic: Diagnostic, others: list[Foreign] | None) -> bool:
        """Whether another tool's suppression comment that the rule honours covers the line."""
        if not others:
            return False
        active = self.active_by_token[diagnostic.code]
        rule = active.rule
        if rule.honors_option is not None and not active.options.get(rule.honors_option):
            return False
        return any(other.line == diagnostic.line and other.silences(rule.honors) for other in others)

    def _silenced(self, diagnostic: Diagnostic, marks: list[Directive], relpath: str) -> bool:
        if self.ignored(relpath, self.active_by_token[diagnostic.code]):
            return True
        hit = False
        for mark in marks:
            if (mark.whole_file or mark.line == diagnostic.line) and mark.token in (diagnostic.code, diagnostic.name):
                mark.used = True
                hit = True
        return hit


def _order(d: Diagnostic) -> tuple[str, int, int, str, str]:
    return (d.path, d.line, d.column, d.code, d.message)
