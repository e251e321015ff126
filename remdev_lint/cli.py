"""The command line: ``remdev-lint [options] [PATH ...]``, and ``remdev-lint test-rules [DIR ...]``
(:mod:`remdev_lint.ruletest`).

Exit codes: 0 when nothing at or above ``--fail-on`` was found, 1 when something was, 2 for usage,
configuration and rule-file errors (a message on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NoReturn

    from .config import Settings
    from .diagnostics import Diagnostic
    from .engine import Linter
    from .rules import Rule

# The reporters' formats (reporters.FORMATS; a test holds them equal): not imported, for start-up.
FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "checkstyle")


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _jobs(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a number of processes, got {text!r}")
    return int(text)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # exit 2 with one line, as argparse does, but ours
        self.print_usage(sys.stderr)
        raise SystemExit(_fail(message))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="remdev-lint",
        description="Lint a Go repository's remote-development configuration: go.mod/go.work and more.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to lint (default: .)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument(
        "--select",
        type=_codes,
        metavar="CODES",
        help="only these rules: codes, code prefixes or names, comma-separated",
    )
    parser.add_argument("--ignore", type=_codes, metavar="CODES", help="not these rules (wins over --select)")
    parser.add_argument(
        "--config", metavar="FILE", help="configuration file (default: the nearest .remdev-lint.toml or pyproject.toml)"
    )
    parser.add_argument(
        "--fail-on", choices=("error", "warning", "info"), help="lowest severity that fails the run (default: warning)"
    )
    parser.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when something was found (2 still means an error)"
    )
    parser.add_argument(
        "--statistics", action="store_true", help="print one line per rule found (count, code, name), not the findings"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print the findings only: no summary line")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (default auto: on a terminal, unless NO_COLOR is set)",
    )
    parser.add_argument("--stdin-filename", metavar="NAME", help="lint standard input as if it were the file NAME")
    parser.add_argument("--list-rules", action="store_true", help="list the rules: code, name, severity, summary")
    parser.add_argument(
        "--completion",
        choices=("bash", "zsh", "fish"),
        metavar="SHELL",
        help="print a completion script for SHELL (bash, zsh or fish)",
    )
    parser.add_argument("--explain", metavar="RULE", help="explain a rule (code or name): why, options, examples")
    parser.add_argument(
        "--dump-document",
        metavar="FILE",
        help="print, as JSON, the document the rules see in FILE (for writing rules)",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only the findings FILE does not hold (a baseline written by --write-baseline)",
    )
    parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="write every current finding to FILE as the baseline, report nothing, exit 0",
    )
    parser.add_argument(
        "--add-suppressions",
        nargs="?",
        const="",
        metavar="REASON",
        help="write a `remdev-lint: ignore[CODE] -- REASON` comment at every current finding, report nothing, exit 0",
    )
    parser.add_argument("--fix", action="store_true", help="apply the safe fixes in place, then report what is left")
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, apply the unsafe fixes too (they may change what a file means)",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print what --fix would change as a unified diff, write nothing (exit 1 when there is a fix)",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes for large runs (default: one per CPU; 1: no others)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="validate rule files without the cache of validated rule files"
    )
    parser.add_argument("--version", action="version", version=f"remdev-lint {__version__}")
    return parser


def _fail(message: str) -> int:
    sys.stderr.write(f"remdev-lint: error: {message}\n")
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["test-rules"]:  # `remdev-lint test-rules ...`: the rule examples as tests
        from .ruletest import main as test_rules

        try:
            return test_rules(arguments[1:])
        except KeyboardInterrupt:
            return 130
    if arguments[:1] == ["server"]:  # `remdev-lint server`: the language server, over stdio
        from .server import main as serve

        return serve(arguments[1:])
    # `--add-suppressions[=REASON]`: without `=`, the next word is a PATH, not the reason.
    arguments = ["--add-suppressions=" if a == "--add-suppressions" else a for a in arguments]
    args = build_parser().parse_args(arguments)
    try:
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other command-line tools do; later
        # writes (Python flushes stdout at exit) go nowhere instead of printing a traceback.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, AttributeError, ValueError):
            pass
        return 1


def _run(args: argparse.Namespace) -> int:
    from .config import ConfigError, load_settings
    from .engine import Linter, UsageError, WorkerError, configure_rules
    from .rules import RuleFileError, load_rules

    try:
        cwd = Path.cwd()
    except OSError as exc:  # the current folder was removed, or cannot be read
        return _fail(f"cannot use the current folder: {exc.strerror}")
    try:
        _check_arguments(args)
        settings = load_settings(Path(args.config) if args.config else None, cwd)
        all_rules = load_rules(settings.rule_folders, use_cache=not args.no_cache)
        if args.list_rules:
            return _write(args, _list_rules(all_rules))
        if args.completion:
            from .completion import script

            names = sorted({key for rule in all_rules for key in (rule.code, rule.name)})
            return _write(args, script(args.completion, build_parser(), names))
        if args.explain:
            from .explain import explain

            rule = next((r for r in all_rules if args.explain in (r.code, r.name)), None)
            if rule is None:
                raise UsageError(f"unknown rule code or name: {args.explain}")
            return _write(args, explain(rule))
        if args.dump_document:
            import json

            linter = Linter(settings, configure_rules(all_rules, settings, all_rules), all_rules, cwd)
            dumped = linter.dump(Path(args.dump_document))
            return _write(args, json.dumps(dumped, indent=1, ensure_ascii=False) + "\n")
        runs, texts = _lint_runs(args, settings, all_rules, cwd)
        if args.fix or args.diff:
            done = _fix(args, runs, str(cwd))
            if done is not None:
                return done
            runs, texts = _lint_runs(args, settings, all_rules, cwd)  # what is left, read afresh
    except (ConfigError, RuleFileError, UsageError, WorkerError) as exc:
        return _fail(str(exc))

    return _report(args, runs, str(cwd), texts)


def _lint_runs(
    args: argparse.Namespace, settings: Settings, all_rules: list[Rule], cwd: Path
) -> tuple[list[_Run], dict[str, str]]:
    """The runs of this command, linted: one per configuration (or standard input's one); the
    text of what was not read from disk (standard input), by the path it is shown as."""
    from .engine import UsageError

    default = _Run(args, settings, all_rules, cwd)
    if args.stdin_filename is not None:
        if args.paths not in ([], ["-"]):
            raise UsageError("--stdin-filename reads standard input: give no PATH (or '-')")
        if sys.stdin is None:
            raise UsageError("--stdin-filename reads standard input, which is closed")
        from .reading import limit_for

        name = Path(args.stdin_filename)
        run = default if args.config else _Configs(args, default).run_for(cwd / name)
        limit = limit_for(args.stdin_filename)
        raw = sys.stdin.buffer.read(limit + 1)  # /dev/zero as standard input must not fill memory
        run.diagnostics = run.linter.lint_stdin(name, raw[:limit], over_limit=len(raw) > limit)
        texts = {run.linter.workspace.display(name): raw[:limit].decode("utf-8-sig", "replace")}
        run.stdin = (name, raw[:limit])
        runs = [run]
    else:
        files = default.linter.collect([Path(p) for p in args.paths or ["."]])
        if args.config:
            default.files, runs = files, [default]
        else:
            runs = _Configs(args, default).split(files)
        for run in runs:
            run.diagnostics = run.linter.lint_files(run.files, _jobs_used(args.jobs, len(run.files)))
        texts = {}
    return runs, texts


def _fix(args: argparse.Namespace, runs: list[_Run], cwd: str) -> int | None:
    """``--fix`` (the files written; None: report what is left) or ``--diff`` (the diff
    printed: the exit code). Standard input's fixed text is printed, its findings are not."""
    from .fixes import diff, fix_files, write

    wanted = _baseline_filter(args.baseline, cwd) if args.baseline is not None else None
    outcomes = []
    for run in runs:
        # Checked by the configuration's rules, whatever --select says (a fix must not bring a
        # finding of a rule this run leaves out); only the findings of this run's rules fixed.
        verifier = run.verifier()
        codes = {active.rule.code for active in run.active}
        outcomes += fix_files(verifier, run.diagnostics, args.unsafe_fixes, wanted, stdin=run.stdin, codes=codes)
    changed = [o for o in outcomes if o.after != o.before]
    fixed = sum(o.fixed for o in changed)
    if args.diff:
        status = _write(args, "".join(diff(o.shown, o.before, o.after) for o in changed))
        if not args.quiet:
            said = f"Would fix {_count(fixed, 'problem')} in {_count(len(changed), 'file')}"
            sys.stderr.write(said + _hidden(runs, args) + ".\n")
        return status or (1 if changed and not args.exit_zero else 0)
    if runs[0].stdin is not None:
        return _fixed_stdin(args, runs[0], outcomes[0] if outcomes else None)
    for outcome in changed:
        try:
            write(outcome)
        except OSError as exc:
            return _fail(f"{outcome.shown}: cannot write the fixed file: {exc.strerror}")
    if not args.quiet:
        sys.stderr.write(f"Fixed {_count(fixed, 'problem')} in {_count(len(changed), 'file')}.\n")
    read_only = [o.shown for o in outcomes if o.read_only]
    if read_only:
        sys.stderr.write(f"Not fixed, as they are read-only: {', '.join(read_only)}.\n")
    return None


def _fixed_stdin(args: argparse.Namespace, run: _Run, outcome: Any) -> int:
    """Standard input, fixed, for the editor that sent it: its bytes as they came when nothing
    was fixed (a byte-order mark, bytes that are not UTF-8), else the fixed text with the mark
    it had; the exit code says whether what is left fails the run."""
    from .diagnostics import at_least

    assert run.stdin is not None
    name, raw = run.stdin
    if outcome is None or outcome.after == outcome.before:
        data = raw
    else:
        data = (b"\xef\xbb\xbf" if outcome.bom else b"") + outcome.after.encode("utf-8", "surrogatepass")
    try:
        sys.stdout.buffer.write(data) if args.output is None else write_atomically(args.output, data)
        sys.stdout.flush()
    except OSError as exc:
        return _fail(f"cannot write the fixed text: {exc.strerror}")
    left = run.linter.lint_stdin(name, data)
    failed = any(at_least(d.severity, run.fail_on) for d in left)
    return 1 if failed and not args.exit_zero else 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _hidden(runs: list[_Run], args: argparse.Namespace) -> str:
    """What the unsafe fixes left out would add, to say beside a count of fixes."""
    if args.unsafe_fixes:
        return ""
    unsafe = sum(1 for run in runs for d in run.diagnostics if d.fix is not None and d.fix.unsafe)
    return f" ({_count(unsafe, 'more fix')} with --unsafe-fixes)".replace("fixs", "fixes") if unsafe else ""


def _baseline_filter(name: str, cwd: str) -> Callable[[list[Diagnostic], str], list[Diagnostic]]:
    """Of a file's findings (and its text), those the baseline ``name`` does not hold."""
    from .baseline import Baseline, BaselineError, fingerprints

    try:
        baseline = Baseline.read(name)
    except BaselineError as exc:
        from .engine import UsageError

        raise UsageError(str(exc)) from None

    def wanted(found: list[Diagnostic], text: str) -> list[Diagnostic]:
        if not found:
            return found
        prints = fingerprints(found, cwd, baseline.folder, {found[0].path: text})
        return baseline.new(found, prints)[0]

    return wanted


class _Run:
    """The files judged with one configuration: its settings, rules and linter."""

    def __init__(self, args: argparse.Namespace, settings: Settings, all_rules: list[Rule], cwd: Path) -> None:
        from .engine import Linter, UsageError, configure_rules, select_rules

        _check_config_codes(settings, all_rules)
        select = args.select if args.select is not None else settings.select
        ignore = settings.ignore + (args.ignore or [])
        chosen = select_rules(all_rules, select, ignore)
        if not chosen:
            where = "--select" if args.select is not None else f"{settings.path}: the configuration's select"
            raise UsageError(f"{where} and ignore leave no rule to check: name codes, prefixes or names, or ALL")
        self.active = configure_rules(chosen, settings, all_rules)
        self.fail_on: str = args.fail_on or settings.fail_on
        self.linter = Linter(settings, self.active, all_rules, cwd)
        self.settings, self.all_rules, self.cwd = settings, all_rules, cwd
        self.files: list[Path] = []
        self.diagnostics: list[Diagnostic] = []
        #: Standard input, linted as the file it names: (name, bytes).
        self.stdin: tuple[Path, bytes] | None = None

    def verifier(self) -> Linter:
        """A linter of the configuration's rules (its select and ignore, not the command line's),
        that checks this run's fixes."""
        from .engine import Linter, configure_rules, select_rules

        chosen = select_rules(self.all_rules, self.settings.select, self.settings.ignore)
        active = configure_rules(chosen, self.settings, self.all_rules)
        linter = Linter(self.settings, active, self.all_rules, self.cwd)
        linter.workspace.named = self.linter.workspace.named
        for allowed in self.linter.workspace.allowed:
            linter.workspace.allow(Path(allowed))
        return linter


class _Configs:
    """Configuration per file, as ruff finds it: each file is judged with the nearest
    configuration above it (``.remdev-lint.toml``, or a ``pyproject.toml`` with a
    ``[tool.remdev-lint]`` table); a file with none above it, with the one the current folder
    has (or the defaults)."""

    def __init__(self, args: argparse.Namespace, default: _Run) -> None:
        self.args = args
        self.default = default
        self.runs: dict[Path, _Run] = {}
        if default.linter.settings.path is not None:
            self.runs[default.linter.settings.path] = default
        self._nearest: dict[Path, Path | None] = {}

    def run_for(self, path: Path) -> _Run:
        from .config import find_config, load_settings
        from .rules import load_rules

        folder = Path(os.path.abspath(path)).parent
        if folder not in self._nearest:
            found = find_config(folder)
            self._nearest[folder] = found.resolve() if found is not None else None
        config = self._nearest[folder]
        if config is None:
            return self.default
        if config not in self.runs:
            settings = load_settings(config, self.default.linter.workspace.cwd)
            rules = load_rules(settings.rule_folders, use_cache=not self.args.no_cache)
            run = _Run(self.args, settings, rules, self.default.linter.workspace.cwd)
            # What the command line named is named for every configuration's files.
            shared = self.default.linter.workspace
            run.linter.workspace.named = shared.named
            for allowed in shared.allowed:
                run.linter.workspace.allow(Path(allowed))
            self.runs[config] = run
        return self.runs[config]

    def split(self, files: list[Path]) -> list[_Run]:
        """The runs that judge ``files``, each with its files."""
        for file in files:
            self.run_for(file).files.append(file)
        runs = {id(run): run for run in [self.default, *self.runs.values()]}
        return [run for run in runs.values() if run.files or run is self.default]


def _report(args: argparse.Namespace, runs: list[_Run], cwd: str, texts: dict[str, str]) -> int:
    """The runs' findings written as asked (or into a baseline); the exit code (each finding
    judged by the ``fail-on`` of the configuration that found it)."""
    from .diagnostics import at_least, unique
    from .reporters import render

    fail_on = {d: run.fail_on for run in runs for d in run.diagnostics}
    # A file read through several others (a compose file two devcontainers name) is judged once.
    found = unique([d for run in runs for d in run.diagnostics])
    diagnostics = sorted(found, key=lambda d: (d.path, d.line, d.column, d.code, d.message))
    if args.write_baseline is not None:
        return _write_baseline(args.write_baseline, diagnostics, cwd, texts)
    if args.add_suppressions is not None:
        return _add_suppressions(args.add_suppressions, runs)
    notes: list[str] = []
    if args.baseline is not None:
        from .baseline import BaselineError

        try:
            diagnostics, notes = _without_baseline(args.baseline, diagnostics, cwd, texts)
        except BaselineError as exc:
            return _fail(str(exc))
    rules = list({a.rule.code: a.rule for run in runs for a in run.active}.values())
    files_checked = sum(run.linter.files_checked for run in runs)
    if args.statistics:
        from .reporters import statistics

        report = statistics(diagnostics, args.unsafe_fixes)
    else:
        color = args.format == "text" and _color_wanted(args.color, args.output is None)
        prints: list[str] = []
        if args.format == "gitlab":
            from .baseline import fingerprints

            prints = fingerprints(diagnostics, cwd, cwd, texts)
        sources = _sources(diagnostics, cwd, runs) if args.format == "sarif" else {}
        report = render(
            args.format,
            diagnostics,
            rules,
            files_checked=files_checked,
            color=color,
            quiet=args.quiet,
            unsafe_fixes=args.unsafe_fixes,
            fingerprints=prints,
            checked=sorted({path for run in runs for path in run.linter.checked_files()}),
            unread={path: why for run in runs for path, why in run.linter.unread.items()},
            sources=sources,
        )
    if notes and args.format == "text" and not args.quiet:
        report += "".join(note + "\n" for note in notes)
    elif notes and not args.quiet:
        sys.stderr.write("".join(f"remdev-lint: {note}\n" for note in notes))
    status = _write(args, report)
    if status:
        return status
    failed = any(at_least(d.severity, fail_on[d]) for d in diagnostics)
    return 1 if failed and not args.exit_zero else 0


def _sources(diagnostics: list[Diagnostic], cwd: str, runs: list[_Run]) -> dict[str, str | None]:
    """The text of each file with a finding (SARIF's snippets), by the path the findings show
    (standard input's as it was read); None for a file that is not text (not UTF-8, a NUL
    byte) or cannot be read now."""
    from .reading import NotRead, decode, read_bytes

    stdin = {run.linter.workspace.display(run.stdin[0]): run.stdin[1] for run in runs if run.stdin is not None}
    sources: dict[str, str | None] = {}
    for path in dict.fromkeys(d.path for d in diagnostics):
        try:
            raw = stdin[path] if path in stdin else read_bytes(os.path.join(cwd, path))
        except (NotRead, OSError, ValueError):
            sources[path] = None
            continue
        text, error = decode(raw)
        sources[path] = None if error is not None or "\0" in text else text
    return sources


def _add_suppressions(reason: str, runs: list[_Run]) -> int:
    """``--add-suppressions``: the comments written; what was left alone, and why."""
    from .annotate import add_suppressions

    added, changed, refused, failed = 0, 0, list[str](), 0
    for run in runs:
        found = sorted(set(run.diagnostics), key=lambda d: (d.path, d.line, d.column, d.code))
        counts = add_suppressions(run.linter, found, reason)
        added, changed, refused = added + counts[0], changed + counts[1], refused + counts[2]
        failed += counts[3]
    said = f"Added {added} {'suppression' if added == 1 else 'suppressions'} to {changed} "
    said += f"{'file' if changed == 1 else 'files'}.\n"
    if refused:
        from .reporters import printable

        said += "Left alone (their findings stay):\n" + "".join(f"  {printable(line)}\n" for line in refused)
    sys.stdout.write(said)
    # A file that could not be written is an error (exit 2, as --fix's), not a choice.
    return 2 if failed else 0


def _without_baseline(
    name: str, diagnostics: list[Diagnostic], cwd: str, texts: dict[str, str]
) -> tuple[list[Diagnostic], list[str]]:
    """``--baseline``: the findings the baseline does not hold, and what to say of the rest."""
    from .baseline import Baseline, fingerprints

    baseline = Baseline.read(name)
    prints = fingerprints(diagnostics, cwd, baseline.folder, texts)
    new, held, stale = baseline.new(diagnostics, prints)
    notes = [f"{held} {'finding' if held == 1 else 'findings'} in the baseline ({name}), not shown."]
    if stale:
        notes.append(
            f"{stale} of its entries {'matches' if stale == 1 else 'match'} nothing now (fixed, or the code "
            "changed): rewrite it with --write-baseline to drop them."
        )
    return new, notes


def _write_baseline(name: str, diagnostics: list[Diagnostic], cwd: str, texts: dict[str, str]) -> int:
    """``--write-baseline``: every current finding written to ``name``; what an earlier baseline
    there held that matches nothing now is dropped, and counted."""
    from .baseline import Baseline, BaselineError, fingerprints, write

    folder = os.path.dirname(os.path.abspath(name))
    prints = fingerprints(diagnostics, cwd, folder, texts)
    dropped = 0
    if os.path.exists(name):
        try:
            dropped = Baseline.read(name).new(diagnostics, prints)[2]
        except BaselineError:
            pass  # not a baseline we can read: replaced as a whole
    try:
        write(name, diagnostics, prints, cwd)
    except OSError as exc:
        return _fail(f"{name}: cannot write the baseline: {exc.strerror}")
    count = len(diagnostics)
    said = f"Wrote {count} {'finding' if count == 1 else 'findings'} to the baseline {name}"
    said += (
        f"; dropped {dropped} {'entry' if dropped == 1 else 'entries'} that matched nothing.\n" if dropped else ".\n"
    )
    sys.stdout.write(said)
    return 0


def _check_arguments(args: argparse.Namespace) -> None:
    """What argparse cannot say: names that cannot be used as given."""
    from .engine import UsageError

    named = (
        ("--stdin-filename", args.stdin_filename),
        ("--output", args.output),
        ("--config", args.config),
        ("--baseline", args.baseline),
        ("--write-baseline", args.write_baseline),
    )
    for option, value in named:
        if value is None:
            continue
        if not value.strip() or "\0" in value:
            raise UsageError(f"{option} needs a file name, got {value!r}")
    if (args.fix or args.diff) and (args.add_suppressions is not None or args.write_baseline is not None):
        raise UsageError("--fix and --diff change files one way, --add-suppressions and --write-baseline another")
    if args.add_suppressions is not None and args.stdin_filename is not None:
        raise UsageError("--add-suppressions writes files: it cannot take standard input")
    if args.add_suppressions is not None and ("\n" in args.add_suppressions or "]" in args.add_suppressions):
        raise UsageError("--add-suppressions: the reason must be one line, without `]`")
    if args.statistics and args.format != "text":
        raise UsageError("--statistics prints a table of text: leave out --format")
    if args.output is not None and (args.output.endswith(("/", os.sep)) or os.path.isdir(args.output)):
        raise UsageError(f"--output {args.output}: is a folder; name the report file")


def _jobs_used(jobs: int, files: int) -> int:
    """``--jobs``, capped at the CPUs this process may use: more processes than CPUs only cost
    memory and start-up (and --jobs 100000 would fork until the machine gives out)."""
    from .engine import PARALLEL_MIN_FILES, usable_cpus

    cpus = usable_cpus()
    if jobs > cpus:
        if files >= PARALLEL_MIN_FILES:
            sys.stderr.write(f"remdev-lint: --jobs {jobs} is more than the {cpus} CPUs this process may use: ")
            sys.stderr.write(f"using {cpus}\n")
        return cpus
    return jobs


def _check_config_codes(settings: Settings, rules: list[Rule]) -> None:
    """Codes in the configuration that name no rule are configuration errors, named by key."""
    from .config import ConfigError
    from .engine import unknown_tokens

    prefix = "tool.remdev-lint." if settings.path and settings.path.name == "pyproject.toml" else ""
    places = [("select", settings.select or []), ("ignore", settings.ignore)]
    places += [(f'per-file-ignores."{glob}"', codes) for glob, codes in settings.per_file_ignores]
    for key, tokens in places:
        for token in unknown_tokens(rules, tokens):
            raise ConfigError(f"{settings.path}: {prefix}{key}: unknown rule code, prefix or name: {token}")


def _color_wanted(choice: str, to_stdout: bool) -> bool:
    """``--color``: always, never, or (auto) on a terminal unless ``NO_COLOR`` is set
    (``FORCE_COLOR`` turns it on); never into ``--output``'s file under auto."""
    if choice != "auto":
        return choice == "always"
    if not to_stdout:
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout is not None and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _write(args: argparse.Namespace, text: str) -> int:
    # Anything that is not UTF-8 (a lone surrogate from a JSON "\\ud800", a file name that is
    # not UTF-8) is written as a backslash escape, which JSON reads back as the same string.
    data = text.encode("utf-8", "backslashreplace")
    if args.output is None:
        if sys.stdout is None:
            return _fail("cannot write the report: standard output is closed")
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            return _fail(f"cannot write the report to standard output: {exc.strerror}")
        return 0
    try:
        write_atomically(args.output, data)
    except OSError as exc:
        return _fail(f"{args.output}: cannot write report: {exc.strerror}")
    return 0


def write_atomically(name: str, data: bytes) -> None:
    """Write ``data`` to the file ``name`` so that a reader sees the old content or the new,
    never a part: a temporary file beside it, then a rename. A symbolic link is written through
    (the file it points to is replaced, the link stays), and an existing file keeps its
    permissions; a new one gets the usual ones (0666 less the umask). What is not a regular file
    (``/dev/null``, ``/dev/stdout``, a FIFO) is written to as it is, never replaced."""
    import stat
    import tempfile

    target = os.path.realpath(name)
    try:
        status = os.stat(target)
    except FileNotFoundError:
        status = None
    if status is not None and not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
        with open(target, "wb") as handle:  # a device or a pipe: a rename would put a file in its place
            handle.write(data)
        return
    try:
        if status is None:
            raise FileNotFoundError(target)
        mode = stat.S_IMODE(status.st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    folder, base = os.path.split(target)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{base}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _list_rules(rules: list) -> str:
    width = max(len(rule.name) for rule in rules)
    lines = [
        f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {'(opt-in) ' if r.opt_in else ''}{r.summary}"
        for r in sorted(rules, key=lambda r: r.code)
    ]
    return "\n".join(lines) + "\n"
