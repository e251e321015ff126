"""Glob patterns for file names, as rules, ``exclude`` and ``per-file-ignores`` write them.

Patterns are matched against a path relative to the project root, with ``/`` separators:

- a pattern without ``/`` matches a file or folder name at any depth (``go.mod``, ``*.yaml``);
- a pattern with ``/`` matches from the root (``services/*.yaml``; a leading ``/`` is allowed);
- ``*`` and ``?`` match within one path segment, ``[abc]`` / ``[!abc]`` one character of a set,
  and ``**`` any number of segments (``**/go.mod``, ``.devcontainer/**``);
- a pattern that names a folder also matches everything below it (``vendor``, ``build/``).

This is the gitignore flavour of globbing that ruff, pre-commit and most linters share.
"""

from __future__ import annotations

import re
from functools import cache

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

    __slots__ = ("suffix",)

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix

    def fullmatch(self, relpath: str) -> bool:
        return any(part.endswith(self.suffix) for part in relpath.split("/"))


class _Tail:
    """``**/.vscode/launch.json``: a path without wildcards, below any folder (or a folder)."""

    __slots__ = ("tail",)

    def __init__(self, tail: str) -> None:
        self.tail = tail

    def fullmatch(self, relpath: str) -> bool:
        return f"/{self.tail}/" in f"/{relpath}/"


class _Lazy:
    """Any other pattern: a regular expression, compiled when first used."""

    __slots__ = ("pattern", "regex")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.regex: re.Pattern[str] | None = None

    def fullmatch(self, relpath: str) -> bool:
        if self.regex is None:
            self.regex = glob_regex(self.pattern)
        return self.regex.fullmatch(relpath) is not None


@cache
def compile_glob(pattern: str) -> _Name | _Suffix | _Tail | _Lazy:
    """A matcher whose ``fullmatch(relpath)`` says whether a root-relative POSIX path matches
    ``pattern``. The common shapes (a name, ``*.ext``, ``**/a/b``) are matched with string
    operations; the rest with a regular expression compiled on first use (start-up matters)."""
    text = pattern.strip().rstrip("/")
    if "/" not in text and not _SPECIAL.search(text):
        return _Name(text)
    if text.startswith("*") and "/" not in text and not _SPECIAL.search(text[1:]):
        return _Suffix(text[1:])
    if text.startswith("**/") and not _SPECIAL.search(text[3:]):
        return _Tail(text[3:])
    return _Lazy(pattern)


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A regular expression that matches a root-relative POSIX path the way ``pattern`` does."""
    text = pattern.strip()
    if text.endswith("/"):
        text = text.rstrip("/")
    anchored = "/" in text
    text = text.lstrip("/")
    parts = text.split("/")
    out: list[str] = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:[^/]+/)*")
            continue
        out.append(_segment(part))
        if not last:
            out.append("/")
    body = "".join(out)
    prefix = "" if anchored else "(?:[^/]+/)*"
    # Matching a folder matches everything in it.
    return re.compile(f"{prefix}{body}(?:/.*)?", re.DOTALL)


def _segment(part: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(part):
        char = part[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = part.find("]", i + 2 if part[i + 1 : i + 2] in ("!", "]") else i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                inner = part[i + 1 : end]
                if inner.startswith("!"):
                    inner = "^" + inner[1:]
                out.append(f"[{inner.replace(chr(92), chr(92) * 2)}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def matches(pattern: str, relpath: str) -> bool:
    return bool(compile_glob(pattern).fullmatch(relpath))
