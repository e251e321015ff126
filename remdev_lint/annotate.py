"""``--add-suppressions[=REASON]``: a ``remdev-lint: ignore[CODE] -- REASON`` comment at every
current finding, as ruff's ``--add-noqa`` does, for a team adopting the linter on a legacy
repository that would rather see each exception in place than in a baseline.

The comment goes where the file's format reads it and the suppression reaches the finding's line:
at the end of the line (go.mod, go.work, Go, JSONC, YAML, TOML, shell scripts, Makefiles), or on
its own line directly above, with the line's indentation (OpenSSH files and Dockerfiles, which
have no comments at the end of a line; a finding on their first line is about the whole file, and
gets ``ignore-file``). Each file is linted again from the new text before it is
written: when the file no longer parses the same, or a finding it was meant to silence remains (a
line inside a YAML block scalar or a Go raw string, a shell line continued with ``\\``), the file
is left as it was and listed. Files whose format has no comments (strict JSON) are listed too.
Files are written atomically.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .diagnostics import Diagnostic

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from .engine import Linter

#: The comment marker of each format that has comments, and whether a comment may end a line.
COMMENTS = {
    "gomod": ("//", True),
    "gowork": ("//", True),
    "go": ("//", True),
    "jsonc": ("//", True),
    "yaml": ("#", True),
    "compose": ("#", True),
    "toml": ("#", True),
    "shell": ("#", True),
    "makefile": ("#", True),
    "ssh_config": ("#", False),
    "sshd_config": ("#", False),
    "dockerfile": ("#", False),
}
#: Findings no comment in the file can silence: it does not parse, or it was not read.
UNSUPPRESSIBLE = ("RL001", "RL004")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


#: How a file whose comments could not be written is told apart from one left alone on purpose.
NOT_WRITTEN = "not written"


def add_suppressions(linter: Linter, diagnostics: list[Diagnostic], reason: str) -> tuple[int, int, list[str], int]:
    """Writes the comments: (suppressions added, files changed, ``path: why not`` for each file
    left alone, how many of those could not be written)."""
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.code not in UNSUPPRESSIBLE:
            by_path.setdefault(d.path, []).append(d)
    added, changed, refused, failed = 0, 0, [], 0
    for shown, found in sorted(by_path.items()):
        why = _annotate(linter, Path(shown), found, reason)
        if why is None:
            added += len({(d.line, d.code) for d in found})
            changed += 1
        else:
            refused.append(f"{shown}: {why}")
            failed += why.startswith(NOT_WRITTEN)
    return added, changed, refused, failed


def _annotate(linter: Linter, path: Path, found: list[Diagnostic], reason: str) -> str | None:
    from .cli import write_atomically
    from .reading import NotRead, read_bytes

    relpath = linter.workspace.relative(path)
    formats = [fmt for _active, fmt in linter.rules_for(relpath)]
    style = next((COMMENTS[fmt] for fmt in formats if fmt in COMMENTS), None)
    if style is None:
        return "its format has no comments: suppress these in the configuration (per-file-ignores)"
    try:
        raw = read_bytes(str(path), within=linter.workspace.allowed)
    except (NotRead, OSError) as exc:
        return f"not read ({exc})"
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    new = _with_comments(text, found, reason, *style)
    if new is None:
        return "a finding is on a line continued with `\\`, which a comment would end"
    if not _holds(linter, path, text, new):
        return "a comment there would not silence every finding (or would change how the file reads)"
    try:
        write_atomically(os.path.realpath(path), (b"\xef\xbb\xbf" if bom else b"") + new.encode("utf-8"))
    except OSError as exc:  # a folder the user cannot write (a container's mounted repository)
        return f"{NOT_WRITTEN} ({exc.strerror or exc})"
    return None


def _with_comments(text: str, found: list[Diagnostic], reason: str, marker: str, at_end: bool) -> str | None:
    """``text`` with the comments, or None when one cannot end its line: a line continued with
    ``\\`` (a shell command, a Makefile recipe) would end there, and lose what follows."""
    lines = _LINE.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    codes: dict[int, list[str]] = {}
    for d in sorted(found, key=lambda d: (d.line, d.code)):
        if d.code not in codes.setdefault(d.line, []):
            codes[d.line].append(d.code)
    for number in sorted(codes, reverse=True):
        if not 0 < number <= len(lines):
            continue
        line = lines[number - 1]
        body = line.rstrip("\r\n")
        ending = line[len(body) :] or "\n"
        # A finding on the first line of a file whose comments stand alone is about the whole file
        # (an OpenSSH file's "no block sets ControlMaster" is at 1:1): a comment above it would
        # reach the line below, so it names the file.
        kind = "ignore-file" if number == 1 and not at_end else "ignore"
        comment = f"{marker} remdev-lint: {kind}[{', '.join(codes[number])}]" + (f" -- {reason}" if reason else "")
        if at_end:
            if body.rstrip().endswith("\\"):
                return None
            lines[number - 1] = f"{body} {comment}{line[len(body) :]}"
        else:
            indent = body[: len(body) - len(body.lstrip())]
            lines.insert(number - 1, f"{indent}{comment}{ending}")
    return "".join(lines)


def _holds(linter: Linter, path: Path, old: str, new: str) -> bool:
    """Whether ``new``, linted as ``path``, reports nothing a comment can silence (every finding
    silenced, no suppression unused), and reads as ``old`` did (the findings in other files it
    reads aside)."""
    shown = linter.workspace.display(path)
    before = [d for d in linter.lint_stdin(path, old.encode("utf-8")) if d.path == shown]
    after = [d for d in linter.lint_stdin(path, new.encode("utf-8")) if d.path == shown]
    if any(d.code not in UNSUPPRESSIBLE for d in after):  # not silenced, or unused (RL002)
        return False
    # The comments must change nothing else: read without them, the new text gives the same
    # findings (lines below an inserted comment move; columns and messages do not). A comment
    # after a shell line's `\` would end the command there, and its flags would be lost.
    linter.suppressor.comments = False
    try:
        bare = [d for d in linter.lint_stdin(path, new.encode("utf-8")) if d.path == shown]
    finally:
        linter.suppressor.comments = True
    return sorted(_kind(d) for d in bare) == sorted(_kind(d) for d in before)


def _kind(d: Diagnostic) -> tuple[str, int, str]:
    return (d.code, d.column, d.message)
