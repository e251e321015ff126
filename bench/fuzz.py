"""Fuzz remdev-lint's parsers and command line for a long time.

    python bench/fuzz.py --minutes 10                 # every target, the time split between them
    python bench/fuzz.py --minutes 30 --target toml   # one target (or several: --target go --target cli)
    python bench/fuzz.py --list                       # the targets

The properties and strategies are the ones ``tests/test_fuzz.py`` runs for a bounded time in every
``pytest`` (``tests/fuzz_strategies.py``): each parser must return a document or raise a
ParseError inside the text, the command line must exit 0, 1 or 2 without a traceback and write
reports that parse. A target is one parser format, or ``cli``; each runs its properties (arbitrary
text, the format's grammar, mutated seeds) in turn, in batches, until its time is up.

For each target this prints the examples run, what they gave (parsed, rejected, exit codes, known
issues that others are fixing), and every failure with its minimal input, as Hypothesis shrank it.
A failure found is kept in an example database in the system's temporary folder
(``remdev-lint-fuzz/examples``) and replayed first by the next run, so a fix can be checked by
running the target again; once reported, a failure counts as a known issue for the rest of the run,
so that the search goes on past it. Turn each minimal input into a regression case in
tests/test_fuzz.py. (``REMDEV_LINT_FUZZ=long pytest tests/test_fuzz.py`` runs the same properties
with many more examples each, without a time limit.)

Standard library and Hypothesis only (and remdev-lint itself).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
os.environ.setdefault("REMDEV_LINT_FUZZ", "long")
# The rule cache of these runs, never the user's.
os.environ.setdefault("REMDEV_LINT_CACHE_DIR", str(Path(tempfile.gettempdir()) / "remdev-lint-fuzz" / "rule-cache"))

import fuzz_strategies as fuzz  # noqa: E402
import hypothesis  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis.database import DirectoryBasedExampleDatabase  # noqa: E402

#: How many examples one batch runs at most (a batch is one Hypothesis run).
BATCH = 2000


def properties(target: str) -> list[tuple[str, object]]:
    """(name, strategy -> check) of a target."""
    if target == "cli":
        return [("projects", (fuzz.projects(), lambda project: fuzz.check_cli(project, target)))]
    return [
        (kind, (strategy(target), lambda text: fuzz.check_parse(target, text, target)))
        for kind, strategy in (
            ("arbitrary", fuzz.arbitrary),
            ("grammar", fuzz.structured),
            ("mutated", fuzz.mutations),
        )
    ]


class TimeUp(BaseException):
    """The target's time is up: ends a Hypothesis run between examples."""


def run_property(key: str, strategy, check, deadline: float, seed: int, report) -> int:
    """Run ``check`` on examples of ``strategy`` in batches until ``deadline`` (a time.monotonic()
    value); return the number of examples run. A failure (shrunk by Hypothesis) goes to
    ``report``, and is then treated as a known issue, so that the search goes on past it. Failures
    are kept in the example database under ``key`` (replayed first by the next run)."""
    count = 0
    failing = False  # once an example failed, Hypothesis shrinks it whatever the time

    def prop(value):
        nonlocal count, failing
        if time.monotonic() > deadline and not failing:
            raise TimeUp
        count += 1
        try:
            check(value)
        except Exception:
            failing = True
            raise

    profile = settings.get_profile(fuzz.PROFILE)
    database = profile.database and DirectoryBasedExampleDatabase(str(fuzz.FUZZ_HOME / "examples" / key))
    batch = 0
    while time.monotonic() < deadline:
        run = hypothesis.seed(seed + batch)(
            settings(profile, max_examples=BATCH, database=database)(given(strategy)(prop))
        )
        batch += 1
        failing = False
        try:
            run()
        except TimeUp:
            break
        except Exception as exc:  # one failure, or a group of distinct ones
            for failure in getattr(exc, "exceptions", None) or [exc]:
                report(failure)
                fuzz.KNOWN_ISSUES.append(signature(failure, len(fuzz.KNOWN_ISSUES)))
    return count


def signature(failure: BaseException, number: int) -> fuzz.KnownIssue:
    """A known issue that matches ``failure`` and the same bug on other inputs: its exception type
    and innermost function in remdev_lint (or, for a property's own assertion, its message)."""
    frames = [f for f in traceback.extract_tb(failure.__traceback__) if f"{os.sep}remdev_lint{os.sep}" in f.filename]
    name = f"found-here-{number}"
    if not frames:
        return fuzz.KnownIssue(name, type(failure), message=str(failure).split(":")[0])
    innermost = frames[-1]
    relative = innermost.filename.rsplit(f"{os.sep}remdev_lint{os.sep}", 1)[1].replace(os.sep, "/")
    return fuzz.KnownIssue(name, type(failure), relative, {innermost.name})


def describe(exc: BaseException) -> str:
    """The failure as Hypothesis reports it: the minimal example, the exception, where."""
    lines = []
    failures = list(getattr(exc, "exceptions", None) or [exc])  # several distinct bugs: a group
    for failure in failures:
        notes = getattr(failure, "__notes__", [])
        lines += [note for note in notes if note.strip()]
        frames = traceback.extract_tb(failure.__traceback__)
        ours = [f for f in frames if f"{os.sep}remdev_lint{os.sep}" in f.filename]
        lines.append(f"{type(failure).__name__}: {failure}".rstrip())
        for label, found in (("in remdev_lint", ours), ("raised", frames)):
            if found:
                lines.append(f"  {label} at {found[-1].filename}:{found[-1].lineno} in {found[-1].name}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    targets = [*fuzz.FORMATS, "cli"]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="total time, split between targets (default 10)")
    parser.add_argument("--target", action="append", choices=targets, help="a target (repeatable; default: all)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    parser.add_argument("--memory-mb", type=int, default=4096, help="address-space limit, so a blow-up fails")
    parser.add_argument("--list", action="store_true", help="list the targets and exit")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(targets))
        return 0
    chosen = args.target or targets
    seed = args.seed if args.seed is not None else int(time.time())
    try:
        import resource

        limit = args.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    except (ImportError, ValueError, OSError):
        pass
    share = args.minutes * 60 / len(chosen)
    print(f"fuzzing {', '.join(chosen)} for {args.minutes:g} min ({share:.0f} s each), seed {seed}", flush=True)
    failures = []
    for target in chosen:
        props = properties(target)
        started = time.monotonic()
        total = 0
        for index, (name, (strategy, check)) in enumerate(props):

            def report(failure, where=f"{target}, {name}"):
                failures.append(failure)
                print(f"\n-- FAILURE ({where}):\n{describe(failure)}", flush=True)

            deadline = started + share * (index + 1) / len(props)
            total += run_property(f"{target}-{name}", strategy, check, deadline, seed, report)
        elapsed = time.monotonic() - started
        outcomes = ", ".join(f"{key} {value}" for key, value in sorted(fuzz.STATS[target].items()))
        print(f"\n== {target}: {total} examples in {elapsed:.0f} s ({outcomes})", flush=True)
    print(f"\n{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
