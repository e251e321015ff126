"""``--fix``, ``--unsafe-fixes`` and ``--diff``: the fixes of the findings, applied and checked.

Each file is fixed on its own, from its text as a run lints it, in rounds, as ruff does: the
file is linted, the fixes of its findings that do not touch one another are made together, and
the new text is linted again. It is kept only when it still parses, every finding fixed is gone
(or one fewer of its kind), and no finding appears that was not there before (a fix that makes
a Delve server headless must not leave it listening on every interface: DL001's finding would be
new; a rule's later case, which the fixed one hid, would be too). Otherwise the fixes of
that round are tried one at a time, and one that fails is not tried again. Rounds go on until no
fix is left (a fix may make room for another). Only then is the file written, atomically, with
its byte-order mark and line endings as they were; ``--diff`` prints what would change instead.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

from .diagnostics import Diagnostic
from .edits import Edit, apply

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable

    from .engine import Linter

#: A file whose fixes keep making room for others stops after this many rounds.
MOST_ROUNDS = 100


class Fixed:
    """One file's outcome: its ``text`` before and ``after``, the findings fixed, and the fixes
    that were not made because they would break the file or bring a new finding."""

    __slots__ = ("shown", "path", "before", "after", "fixed", "refused", "bom", "read_only")

    def __init__(self, shown: str, path: Path, before: str, bom: bool) -> None:
        self.shown, self.path, self.before, self.after, self.bom = shown, path, before, before, bom
        self.fixed = 0
        self.refused: list[Diagnostic] = []
        #: No one may write the file (its mode has no w): it is left as it is, and said so.
        self.read_only = False


def applicable(d: Diagnostic, unsafe: bool) -> bool:
    """Whether ``--fix`` applies this finding's fix (with ``--unsafe-fixes``: ``unsafe``)."""
    return d.fix is not None and (unsafe or not d.fix.unsafe)


def fix_text(
    linter: Linter,
    path: Path,
    text: str,
    unsafe: bool,
    wanted: Callable[[list[Diagnostic], str], list[Diagnostic]] | None = None,
    codes: set[str] | None = None,
) -> tuple[str, int, list[Diagnostic]]:
    """``text`` (the file ``path``) with the fixes of its findings made, checked round by round
    against everything the file brings (its findings and those of the files that read it, by
    ``linter``'s rules); how many findings were fixed; the findings whose fix was refused.
    ``codes``: the rules whose findings are fixed (those the run reports; default: all);
    ``wanted`` keeps, of a round's findings, those to fix (not those a baseline holds)."""
    shown = linter.workspace.display(path)

    def lint(current: str, fixed: bool = True) -> list[Diagnostic] | None:
        """What the file brings, or None when a fixed text does not parse."""
        if fixed and not linter.parses(path, current):
            return None
        return linter.lint_in_place(path, current.encode("utf-8", "surrogatepass"))

    def fixable(found: list[Diagnostic]) -> list[Diagnostic]:
        mine = [d for d in found if d.path == shown and (codes is None or d.code in codes)]
        chosen_from = wanted(mine, text) if wanted is not None else mine
        return [d for d in chosen_from if applicable(d, unsafe) and _key(text, d) not in tried]

    before = lint(text, fixed=False) or []
    fixed, refused, tried = 0, list[Diagnostic](), set[tuple[object, ...]]()
    for _round in range(MOST_ROUNDS):
        candidates = fixable(before)
        if not candidates:
            break
        chosen = _compatible(candidates)
        new = apply(text, _merged(chosen))
        after = lint(new)
        if after is not None and _holds(before, after, chosen):
            text, before, fixed = new, after, fixed + len(chosen)
            continue
        # One at a time, each from this same text: those that hold alone are made together (and
        # checked again), those that do not are not tried again.
        good = []
        for d in chosen:
            assert d.fix is not None
            alone = lint(apply(text, d.fix.edits))
            if alone is not None and _holds(before, alone, [d]):
                good.append(d)
            else:
                tried.add(_key(text, d))
                refused.append(d)
        if not good:
            continue
        new = apply(text, _merged(good))
        after = lint(new)
        if after is None or not _holds(before, after, good):
            good = good[:1]  # together they do not hold: the first now, the others next round
            new = apply(text, _merged(good))
            after = lint(new)
        assert after is not None
        text, before, fixed = new, after, fixed + len(good)
    return text, fixed, refused


def _key(text: str, d: Diagnostic) -> tuple[object, ...]:
    """A fix, known across rounds by its finding and what it replaces with what."""
    assert d.fix is not None
    return (d.code, d.message, tuple((text[e.start : e.end], e.text) for e in d.fix.edits))


def _compatible(candidates: list[Diagnostic]) -> list[Diagnostic]:
    """The fixes that can be made together: none touches another (two edits at the same place,
    or next to each other, wait for the next round), save one that makes the very same edits."""
    chosen: list[Diagnostic] = []
    taken: list[Edit] = []
    made: set[tuple[Edit, ...]] = set()
    for d in sorted(candidates, key=lambda d: d.fix.edits[0] if d.fix and d.fix.edits else Edit(0, 0, "")):
        assert d.fix is not None
        if d.fix.edits in made:
            chosen.append(d)  # the same edits as a fix already chosen (SC011's one line)
            continue
        if any(a.start <= b.end and b.start <= a.end for a in d.fix.edits for b in taken):
            continue
        chosen.append(d)
        taken.extend(d.fix.edits)
        made.add(d.fix.edits)
    return chosen


def _merged(chosen: list[Diagnostic]) -> list[Edit]:
    return sorted({edit for d in chosen if d.fix is not None for edit in d.fix.edits})


def _holds(before: list[Diagnostic], after: list[Diagnostic], chosen: list[Diagnostic]) -> bool:
    """Whether the new text's findings are the old ones less those fixed: each fixed finding one
    fewer of its kind, and nothing new (a finding the fix brought)."""
    old = Counter((d.code, d.message) for d in before)
    new = Counter((d.code, d.message) for d in after)
    if new - old:
        return False
    gone = old - new
    wanted = Counter((d.code, d.message) for d in chosen)
    return all(gone[kind] >= count for kind, count in wanted.items())


def fix_files(
    linter: Linter,
    diagnostics: list[Diagnostic],
    unsafe: bool,
    wanted: Callable[[list[Diagnostic], str], list[Diagnostic]] | None = None,
    stdin: tuple[Path, bytes] | None = None,
    codes: set[str] | None = None,
) -> list[Fixed]:
    """The files of ``diagnostics`` that have a fix to make, each fixed in memory (nothing is
    written here) and checked with ``linter`` (see :func:`fix_text`). A file that cannot be read
    now, that lies outside the linted tree, or that is read-only is left alone; a file reached
    by two paths (a link) once. ``stdin``: standard input, read as the file it names."""
    from .reading import NotRead, decode, read_bytes

    paths = sorted({d.path for d in diagnostics if applicable(d, unsafe)})
    outcomes = []
    seen: set[str] = set()
    for shown in paths:
        path = Path(shown) if os.path.isabs(shown) else linter.workspace.cwd / shown
        real = os.path.realpath(path)
        if real in seen:
            continue
        seen.add(real)
        if stdin is None and _read_only(real):
            outcome = Fixed(shown, path, "", False)
            outcome.read_only = True
            outcomes.append(outcome)
            continue
        try:
            if stdin is not None:
                if shown != linter.workspace.display(stdin[0]):
                    continue  # a file read through standard input's: not what the editor sent
                path, raw = stdin
            else:
                raw = read_bytes(str(path), within=linter.workspace.allowed)
        except (NotRead, OSError):
            continue
        text, error = decode(raw)
        if error is not None:
            continue
        outcome = Fixed(shown, path, text, raw.startswith(b"\xef\xbb\xbf"))
        outcome.after, outcome.fixed, outcome.refused = fix_text(linter, path, text, unsafe, wanted, codes)
        outcomes.append(outcome)
    return outcomes


def _read_only(path: str) -> bool:
    """A file no one may write (mode without a w): a fix leaves it, as an editor would."""
    try:
        return not os.stat(path).st_mode & 0o222
    except OSError:
        return False


def write(outcome: Fixed) -> None:
    """The fixed file written in place, atomically, its byte-order mark kept."""
    from .cli import write_atomically

    data = outcome.after.encode("utf-8", "surrogatepass")
    write_atomically(os.path.realpath(outcome.path), (b"\xef\xbb\xbf" if outcome.bom else b"") + data)


def diff(shown: str, before: str, after: str) -> str:
    """A unified diff from ``before`` to ``after`` as ``git diff`` shows one: ``a/`` and ``b/``
    paths, three lines of context, a last line without a line break marked. (difflib's
    ``unified_diff`` would take a line that recurs, such as a compose file's ``volumes:``, for
    junk in a long file, and show it removed and added again.)"""
    from difflib import SequenceMatcher

    old, new = _LINES.findall(before), _LINES.findall(after)
    groups = list(SequenceMatcher(None, old, new, autojunk=False).get_grouped_opcodes(3)) if old != new else []
    out = [f"--- a/{shown}\n", f"+++ b/{shown}\n"] if groups else []
    for group in groups:
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + line for line in old[i1:i2]]
                continue
            out += ["-" + line for line in old[i1:i2]]
            out += ["+" + line for line in new[j1:j2]]
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in out)


#: A line with its break (``\r\n``, ``\r`` or ``\n``), or the last one without.
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _range(start: int, stop: int) -> str:
    """A hunk's range as unified diffs write it: ``START,LENGTH`` (1-based; 0 when empty)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"
