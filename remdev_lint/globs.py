"""Glob patterns for file names, as rules, ``exclude`` and ``per-file-ignores`` write them.

Patterns are matched against a path relative to the project root, with ``/`` separators:

- a pattern without ``/`` matches a file or folder name at any depth (``go.mod``, ``*.yaml``);
- a pattern with ``/`` matches from the root (``services/*.yaml``; a leading ``/`` is allowed);
- ``*`` and ``?`` match within one path segment, ``[abc]`` / ``[!abc]`` one character of a set,
  and ``**`` any number of segments (``**/go.mod``, ``.devcontainer/**``);
- a pattern that names a folder also matches everything below it (``vendor``, ``build/``).

This is the gitignore flavour of globbing that ruff, pre-commit and most linters share. Patterns
come from a repository's configuration, which may be hostile: the shapes that need a regular
expression are matched by RE2, in time linear in the path, never by a backtracking engine.
"""

from __future__ import annotations

import re
from functools import cache

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    #: What :func:`compile_glob` returns: each has ``fullmatch(relpath)``.
    Glob: TypeAlias = "_Name | _Suffix | _Tail | _Lazy"


_SPECIAL = re.compile(r"[*?\[]")


class _Name:
    """``go.mod``, ``vendor``: a name without wildcards, at any depth (or a folder of that name)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def fullmatch(self, relpath: str) -> bool:
        return self.name in relpath.split("/")


class _Suffix:
    """``*.go``: a name ending in a suffix without wildcards, at any depth."""

    __slots__ = ("suffix", "inner")

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix
        self.inner = suffix + "/"  # the suffix holds no `/`: a part ends in it where this stands

    def fullmatch(self, relpath: str) -> bool:
        return relpath.endswith(self.suffix) or self.inner in relpath


class _Tail:
    """``**/.vscode/launch.json``: a path without wildcards, below any folder (or a folder)."""

    __slots__ = ("tail",)

    def __init__(self, tail: str) -> None:
        self.tail = tail

    def fullmatch(self, relpath: str) -> bool:
        return f"/{self.tail}/" in f"/{relpath}/"


class GlobError(ValueError):
    """A pattern that cannot be matched (``[z-a]``); the message names the pattern."""


class _Lazy:
    """Any other pattern: a regular expression, translated (and so validated) at once, compiled
    when first used."""

    __slots__ = ("pattern", "text", "regex", "needles")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        #: With the expression, the pattern's literal runs (`/.devcontainer/`, `/devcontainer.json`):
        #: a path that lacks one cannot match, and is turned down without compiling, or importing, RE2.
        self.text, self.needles = _translate(pattern)
        self.regex: Any = None

    def fullmatch(self, relpath: str) -> bool:
        if not all(needle in relpath for needle in self.needles):
            return False
        if self.regex is None:
            self.regex = linear_regex(self.text)
        try:
            return self.regex.fullmatch(relpath) is not None
        except UnicodeEncodeError:  # a name that is not UTF-8
            from .regexes import matchable

            return self.regex.fullmatch(matchable(relpath)) is not None


@cache
def compile_glob(pattern: str) -> Glob:
    """A matcher whose ``fullmatch(relpath)`` says whether a root-relative POSIX path matches
    ``pattern``. The common shapes (a name, ``*.ext``, ``**/a/b``) are matched with string
    operations; the rest with a regular expression compiled on first use (start-up matters).
    Raises :class:`GlobError` for a pattern that cannot match as written (``[z-a]``)."""
    text = pattern.strip().rstrip("/")
    if "/" not in text and not _SPECIAL.search(text):
        return _Name(text)
    if text.startswith("*") and "/" not in text and not _SPECIAL.search(text[1:]):
        return _Suffix(text[1:])
    if text.startswith("**/") and not _SPECIAL.search(text[3:]):
        return _Tail(text[3:])
    return _Lazy(pattern)


def linear_regex(text: str) -> Any:
    """``text`` compiled by RE2 (:mod:`remdev_lint.regexes`): matched in time linear in the path."""
    from .regexes import RegexError, compile_linear

    try:
        return compile_linear(text)
    except RegexError as exc:
        raise GlobError(str(exc)) from None


def glob_regex(pattern: str) -> Any:
    """A compiled expression that matches a root-relative POSIX path the way ``pattern`` does."""
    return linear_regex(glob_regex_text(pattern))


def glob_regex_text(pattern: str) -> str:
    """The regular expression (RE2 and Python syntax alike) for ``pattern``."""
    return _translate(pattern)[0]


def _translate(pattern: str) -> tuple[str, list[str]]:
    """The regular expression for ``pattern``, and the runs of literal text every match holds."""
    text = pattern.strip()
    if text.endswith("/"):
        text = text.rstrip("/")
    anchored = "/" in text
    text = text.lstrip("/")
    parts = text.split("/")
    out: list[str] = []
    runs: list[str] = [""]  # literal text, a new run after each wildcard
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:[^/]+/)*")
            runs.append("")
            continue
        out.append(_segment(part, pattern, runs))
        if not last:
            out.append("/")
            runs[-1] += "/"
    body = "".join(out)
    prefix = "" if anchored else "(?:[^/]+/)*"
    # Matching a folder matches everything in it.
    return f"(?s){prefix}{body}(?:/.*)?", [run for run in runs if run]


def _segment(part: str, pattern: str, runs: list[str]) -> str:
    out: list[str] = []
    i = 0
    while i < len(part):
        char = part[i]
        if char == "*":
            out.append("[^/]*")
            runs.append("")
        elif char == "?":
            out.append("[^/]")
            runs.append("")
        elif char == "[":
            parsed = _char_class(part, i, pattern)
            if parsed is None:  # no closing bracket: a literal `[`
                out.append(re.escape(char))
                runs[-1] += char
            else:
                out.append(parsed[0])
                runs.append("")
                i = parsed[1]
        else:
            out.append(re.escape(char))
            runs[-1] += char
        i += 1
    return "".join(out)


def _char_class(part: str, start: int, pattern: str) -> tuple[str, int] | None:
    """``[abc]``, ``[a-z]``, ``[!abc]`` starting at ``start``: its expression and the index of
    its ``]``; None when it is not closed. A ``]`` first in the set is one of its characters;
    a negated set never matches ``/``. A backwards range is a :class:`GlobError`."""
    i = start + 1
    negated = i < len(part) and part[i] in "!^"
    if negated:
        i += 1
    items: list[str] = []
    first = True
    while i < len(part):
        char = part[i]
        if char == "]" and not first:
            body = "".join(items) + ("/" if negated else "")
            return (f"[^{body}]" if negated else f"[{body}]"), i
        first = False
        if i + 2 < len(part) and part[i + 1] == "-" and part[i + 2] != "]":
            low, high = char, part[i + 2]
            if low > high:
                raise GlobError(f"{pattern!r}: the range {low}-{high} in [...] is backwards (write {high}-{low})")
            items.append(f"{_class_char(low)}-{_class_char(high)}")
            i += 3
            continue
        items.append(_class_char(char))
        i += 1
    return None


def _class_char(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char


def matches(pattern: str, relpath: str) -> bool:
    return bool(compile_glob(pattern).fullmatch(relpath))
