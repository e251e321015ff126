"""``remdev-lint test-rules``: every example of a rule file run as a test.

A bad example must make its rule report exactly at the places ``expect`` names (``LINE:COLUMN``
in the example's file, ``PATH:LINE:COLUMN`` in another file of its ``tree``), and, when it gives
``message`` (one text for every finding, or a list that goes with ``expect`` item by item), with
those exact messages; a good example must make its rule report nothing. A finding whose message
has a placeholder that named nothing (printed as ``?``) fails its example too. Each example runs
through the real engine, in a temporary folder that holds its file and its ``tree``, with the
``options`` it gives.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

    from .diagnostics import Diagnostic
    from .rules import Rule


@dataclass
class Outcome:
    """One example's result: ``problems`` is empty when it holds."""

    rule: Rule
    kind: str  # "bad" or "good"
    index: int  # from 1, in the order of the rule file
    example: dict[str, Any]
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        name = self.example.get("name")
        return f"{self.rule.code} {self.kind}[{self.index}]" + (f" ({name})" if name else "")


def _example_linter(
    rule: Rule, example: dict[str, Any], active: list[Rule], rules: list[Rule], folder: Path
) -> tuple[Any, Path]:
    """The example's file and tree written into ``folder`` (empty), and a linter of the
    ``active`` rules with the options the example gives: (linter, the example's file)."""
    from .config import Settings
    from .engine import Linter, configure_rules

    for relpath, content in example.get("tree", {}).items():
        path = folder / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    target = folder / example["file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(example["text"], encoding="utf-8")
    settings = Settings(None, folder)
    if example.get("options"):
        settings.rules = {rule.code: dict(example["options"])}
    return Linter(settings, configure_rules(active, settings, rules), rules, folder), target


def lint_example(
    rule: Rule, example: dict[str, Any], rules: list[Rule], folder: Path
) -> tuple[list[Diagnostic], list[str]]:
    """The findings of ``rule`` on the example, written into ``folder`` (empty), and the message
    placeholders that named nothing."""
    linter, target = _example_linter(rule, example, rules, rules, folder)
    found = [d for d in linter.lint_file(target) if d.code == rule.code]
    return found, list(dict.fromkeys(linter.unresolved)) if found else []


def unresolvable_placeholders(rules_to_check: list[Rule], rules: list[Rule]) -> list[tuple[Rule, int, int, str]]:
    """The message placeholders that resolve for no node their check selects in the rule's
    examples (bad and good): ``(rule, check, case, field)``. Every case is tried on every node,
    whether it holds or not, after its condition ran (a condition may capture); a check that
    selects nothing in the examples is not judged."""
    probe: dict[tuple[str, int, int, str], bool] = {}
    for rule in rules_to_check:
        for kind in ("bad", "good"):
            for example in rule.examples.get(kind, []):
                with tempfile.TemporaryDirectory(prefix="remdev-lint-example-") as name:
                    linter, target = _example_linter(rule, example, [rule], rules, Path(name))
                    linter.probe = probe
                    linter.lint_file(target)
    by_code = {rule.code: rule for rule in rules_to_check}
    return [(by_code[code], check, case, name) for (code, check, case, name), ok in probe.items() if not ok]


def place(diagnostic: Diagnostic, example: dict[str, Any]) -> str:
    """LINE:COLUMN in the example's file; PATH:LINE:COLUMN in another file of its tree."""
    here = f"{diagnostic.line}:{diagnostic.column}"
    return here if diagnostic.path == example["file"] else f"{diagnostic.path}:{here}"


def _position(text: str) -> tuple[str, int, int]:
    *path, line, column = text.split(":")
    return (":".join(path), int(line), int(column))


def judge(kind: str, example: dict[str, Any], found: list[Diagnostic], unresolved: list[str]) -> list[str]:
    """What is wrong with the findings of one example (nothing: it holds)."""
    shown = [f"{place(d, example)} {d.message}" for d in sorted(found, key=lambda d: _position(place(d, example)))]
    if kind == "good":
        return [f"a good example, yet reported: {line}" for line in shown]
    problems = []
    expected = example["expect"]
    expected = [expected] if isinstance(expected, str) else list(expected)
    places = [place(d, example) for d in found]
    if sorted(places, key=_position) != sorted(expected, key=_position):
        problems.append(
            f"expected at {', '.join(sorted(expected, key=_position))}; reported "
            + ("nothing" if not shown else "at:\n    " + "\n    ".join(shown))
        )
    elif "message" in example:
        wanted = example["message"]
        pairs = (
            [(p, wanted) for p in expected] if isinstance(wanted, str) else list(zip(expected, wanted, strict=False))
        )
        messages: dict[str, list[str]] = {}
        for d in found:
            messages.setdefault(place(d, example), []).append(d.message)
        for where, text in pairs:
            got = messages.get(where, [])
            if text not in got:
                problems.append(f"at {where}, expected the message:\n    {text}\n  got:\n    " + "\n    ".join(got))
    for name in unresolved:
        problems.append(f"the message's placeholder `{{{name}}}` named nothing (printed as `?`)")
    return problems


def run(rules_to_test: list[Rule], rules: list[Rule]) -> list[Outcome]:
    """Every example of ``rules_to_test``, linted with ``rules`` (all loaded rules)."""
    outcomes = []
    for rule in rules_to_test:
        for kind in ("bad", "good"):
            for index, example in enumerate(rule.examples.get(kind, []), 1):
                with tempfile.TemporaryDirectory(prefix="remdev-lint-example-") as folder:
                    found, unresolved = lint_example(rule, example, rules, Path(folder))
                problems = judge(kind, example, found, unresolved)
                if "fixed" in example:
                    with tempfile.TemporaryDirectory(prefix="remdev-lint-example-") as folder:
                        problems += judge_fixed(example, fix_example(rule, example, rules, Path(folder)))
                outcomes.append(Outcome(rule, kind, index, example, problems))
    return outcomes


def fix_example(rule: Rule, example: dict[str, Any], rules: list[Rule], folder: Path) -> dict[str, str]:
    """The text of each file of the example (its file, its tree) once every fix of ``rule`` there
    is made, the unsafe ones too, each checked as ``--fix`` checks it (the engine's own rules,
    a file that no longer parses, stay on)."""
    from .fixes import fix_files

    engine = [r for r in rules if r.code.startswith("RL") and r is not rule]
    linter, target = _example_linter(rule, example, [rule, *engine], rules, folder)
    found = [d for d in linter.lint_file(target) if d.code == rule.code]
    texts = {relpath: (folder / relpath).read_text(encoding="utf-8") for relpath in example.get("tree", {})}
    texts[example["file"]] = example["text"]
    for outcome in fix_files(linter, found, unsafe=True):
        texts[outcome.shown] = outcome.after
    return texts


def judge_fixed(example: dict[str, Any], texts: dict[str, str]) -> list[str]:
    """What differs between the example's ``fixed`` text(s) and the files once fixed."""
    wanted = example["fixed"]
    wanted = {example["file"]: wanted} if isinstance(wanted, str) else dict(wanted)
    problems = []
    for relpath, text in wanted.items():
        got = texts.get(relpath)
        if got is None:
            problems.append(f"`fixed` names {relpath}, which is not a file of the example")
        elif got != text:
            import difflib

            shown = "".join(difflib.unified_diff(text.splitlines(True), got.splitlines(True), "fixed", "got"))
            problems.append(f"once fixed, {relpath} differs from `fixed`:\n" + shown)
    return problems


def report(outcomes: list[Outcome], seconds: float, shown: dict[str, str]) -> str:
    """pytest's shape: one line per rule file with a mark per example (``.`` holds, ``F`` does
    not), the failures in full, and a summary line. ``shown`` maps a rule's source to its name."""
    lines: list[str] = []
    by_file: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_file.setdefault(outcome.rule.source, []).append(outcome)
    for source, group in by_file.items():
        marks = "".join("F" if o.problems else "." for o in group)
        lines.append(f"{shown.get(source, source)} {marks}")
    failed = [o for o in outcomes if o.problems]
    if failed:
        lines += ["", "FAILURES"]
        for outcome in failed:
            lines.append(f"{shown.get(outcome.rule.source, outcome.rule.source)}: {outcome.label}")
            lines += [f"  {problem}" for problem in outcome.problems]
    passed = len(outcomes) - len(failed)
    summary = ", ".join(
        part for part in (f"{len(failed)} failed" if failed else "", f"{passed} passed" if passed else "") if part
    )
    rules = len({o.rule.code for o in outcomes})
    counted = f"{_count(len(outcomes), 'example')} of {_count(rules, 'rule')}"
    lines += ["", f"{summary or 'nothing to test'} ({counted}) in {seconds:.2f}s"]
    return "\n".join(lines) + "\n"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def main(argv: list[str]) -> int:
    """``remdev-lint test-rules [--builtin] [--config FILE] [DIR ...]``."""
    import os
    import sys

    from .cli import _fail, _Parser

    parser = _Parser(
        prog="remdev-lint test-rules",
        description="Run the examples of rule files as tests: bad ones must report at `expect` (and with "
        "`message`, when given), good ones must report nothing.",
    )
    parser.add_argument("dirs", nargs="*", metavar="DIR", help="rule folders (default: the configured rule-dirs)")
    parser.add_argument("--builtin", action="store_true", help="test the built-in rules too")
    parser.add_argument("--config", metavar="FILE", help="configuration file whose rule-dirs are tested")
    args = parser.parse_args(argv)

    from .config import ConfigError, load_settings
    from .rules import RuleFileError, load_rules

    cwd = Path.cwd()
    try:
        packs: list[str] = []
        if args.dirs:
            dirs = [Path(d) for d in args.dirs]
        else:
            settings = load_settings(Path(args.config) if args.config else None, cwd)
            dirs, packs = list(settings.rule_dirs), [name for name, _folder in settings.rule_packs]
        if not dirs and not args.builtin:
            said = "no rule folder to test: name one (DIR), configure rule-dirs, or give --builtin"
            if packs:  # a pack is tested where it is written, as any rule folder is
                said += f" (packs are tested where they are written: `remdev-lint test-rules FOLDER` in {packs[0]})"
            return _fail(said)
        rules = load_rules(dirs)
    except (ConfigError, RuleFileError) as exc:
        return _fail(str(exc))
    chosen = [r for r in rules if args.builtin or not r.builtin]
    started = time.perf_counter()
    outcomes = run(chosen, rules)
    shown = {}
    for rule in chosen:
        try:
            shown[rule.source] = os.path.relpath(rule.source, cwd)
        except ValueError:
            shown[rule.source] = rule.source
        if rule.builtin:
            shown[rule.source] = "builtin:" + Path(rule.source).name
    sys.stdout.write(report(outcomes, time.perf_counter() - started, shown))
    return 1 if any(o.problems for o in outcomes) else 0
