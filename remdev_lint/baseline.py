"""A baseline: the findings a repository had when it adopted the linter, so that a run reports
only new ones (``--write-baseline FILE``, ``--baseline FILE``).

A finding is known by a fingerprint that survives lines moving above it and edits elsewhere in
its file, as Semgrep's and GitLab's do: a hash of its rule, its file, the text of the node it
reports and of the line(s) around it (blanks folded), and its occurrence among the findings with
those same four (the second identical ``"port": ":2345"`` of a file is another finding than the
first). An edit to the reported text or its line makes it a new finding. Each baseline entry
matches at most one finding.

The file is JSON, sorted by path, line and rule, one entry per finding with the rule, the path
(relative to the baseline's folder, so a run from a subfolder finds the same entries), the line
and the message for a reviewer, and the fingerprint, which alone decides a match.
"""

from __future__ import annotations

import hashlib
import json
import os
import re

from .diagnostics import Diagnostic

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

VERSION = 1
_LINES = re.compile(r"\r\n|\r|\n")
_BLANKS = re.compile(r"\s+")


class BaselineError(Exception):
    """A baseline file that cannot be read or used; the message names it."""


def fingerprints(
    diagnostics: list[Diagnostic], cwd: str, folder: str, texts: dict[str, str] | None = None
) -> list[str]:
    """The fingerprint of each diagnostic (in the same order), its path taken relative to
    ``folder`` (the baseline's). ``texts``: the text of a file that is not on disk as linted
    (standard input), by the path the diagnostics show."""
    lines_of: dict[str, list[str]] = {}
    keys = []
    for d in diagnostics:
        if d.path not in lines_of:
            text = (texts or {}).get(d.path)
            lines_of[d.path] = _LINES.split(text if text is not None else _read(os.path.join(cwd, d.path)))
        lines = lines_of[d.path]
        keys.append((d.code, _relative(d.path, cwd, folder), _context(lines, d), _reported(lines, d)))
    seen: dict[tuple[str, ...], int] = {}
    order = sorted(range(len(diagnostics)), key=lambda i: (diagnostics[i].line, diagnostics[i].column))
    found = [""] * len(diagnostics)
    for index in order:
        occurrence = seen.get(keys[index], 0)
        seen[keys[index]] = occurrence + 1
        key = "\0".join([*keys[index], str(occurrence)]).encode("utf-8", "surrogatepass")
        found[index] = hashlib.sha256(key).hexdigest()[:32]
    return found


def _read(path: str) -> str:
    from .reading import NotRead, read_bytes

    try:
        return read_bytes(path).decode("utf-8-sig", "replace")
    except (NotRead, OSError, ValueError):
        return ""  # not read (the finding says so): known by its rule, path and occurrence


def _relative(path: str, cwd: str, folder: str) -> str:
    """A diagnostic's path (relative to ``cwd``, or absolute) relative to ``folder``, POSIX."""
    return os.path.relpath(os.path.normpath(os.path.join(cwd, path)), folder).replace(os.sep, "/")


def _context(lines: list[str], d: Diagnostic) -> str:
    """The lines the finding spans, blanks folded (a re-indented line is the same line)."""
    if not 0 < d.line <= len(lines):
        return ""
    last = min(max(d.end_line, d.line), len(lines))
    return _BLANKS.sub(" ", " ".join(lines[d.line - 1 : last])).strip()


def _reported(lines: list[str], d: Diagnostic) -> str:
    """The text of the reported node."""
    if not 0 < d.line <= len(lines):
        return ""
    if d.end_line == d.line:
        line: str = lines[d.line - 1]
        return line[d.column - 1 : max(d.end_column - 1, d.column - 1)]
    inner = lines[d.line - 1 : min(d.end_line, len(lines))]
    if len(inner) > 1 and d.end_line <= len(lines):
        inner[-1] = inner[-1][: d.end_column - 1]
    inner[0] = inner[0][d.column - 1 :]
    return _BLANKS.sub(" ", "\n".join(inner)).strip()


class Baseline:
    """A baseline file's entries: which findings of a run it already holds."""

    def __init__(self, entries: list[dict[str, Any]], folder: str) -> None:
        self.entries = entries
        self.folder = folder

    @classmethod
    def read(cls, name: str) -> Baseline:
        try:
            with open(name, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            raise BaselineError(f"{name}: no such baseline file (write one with --write-baseline)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{name}: cannot read the baseline: {getattr(exc, 'strerror', None) or exc}") from None
        except json.JSONDecodeError as exc:
            raise BaselineError(f"{name}:{exc.lineno}:{exc.colno}: not a baseline (invalid JSON: {exc.msg})") from None
        entries = data.get("findings") if isinstance(data, dict) else None
        if (
            not isinstance(data, dict)
            or data.get("version") != VERSION
            or not isinstance(entries, list)
            or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries)
        ):
            raise BaselineError(
                f"{name}: not a remdev-lint baseline of version {VERSION} "
                '(expected {"version": 1, "findings": [{"fingerprint": ...}, ...]})'
            )
        return cls(entries, os.path.dirname(os.path.abspath(name)))

    def new(self, diagnostics: list[Diagnostic], prints: list[str]) -> tuple[list[Diagnostic], int, int]:
        """The diagnostics the baseline does not hold; how many it held; how many of its entries
        matched nothing."""
        left: dict[str, int] = {}
        for entry in self.entries:
            left[entry["fingerprint"]] = left.get(entry["fingerprint"], 0) + 1
        new = []
        for diagnostic, fingerprint in zip(diagnostics, prints, strict=True):
            if left.get(fingerprint):
                left[fingerprint] -= 1
            else:
                new.append(diagnostic)
        return new, len(diagnostics) - len(new), sum(left.values())


def write(name: str, diagnostics: list[Diagnostic], prints: list[str], cwd: str) -> None:
    """The baseline of ``diagnostics`` written to ``name`` (atomically)."""
    from .cli import write_atomically

    folder = os.path.dirname(os.path.abspath(name))
    entries = []
    for d, fingerprint in zip(diagnostics, prints, strict=True):
        path = _relative(d.path, cwd, folder)
        entries.append({"path": path, "line": d.line, "code": d.code, "message": d.message, "fingerprint": fingerprint})
    entries.sort(key=lambda e: (e["path"], e["line"], e["code"], e["fingerprint"]))
    data = {"version": VERSION, "tool": "remdev-lint", "findings": entries}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomically(name, text.encode("utf-8", "backslashreplace"))
