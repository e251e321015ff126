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


@cache
def compile_glob(pattern: str) -> re.Pattern[str]:
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
    return compile_glob(pattern).fullmatch(relpath) is not None
