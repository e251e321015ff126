"""The engine: which rules run, on which files, and what they find.

The pipeline reads like the data flow: settings and rules in (:func:`select_rules`,
:func:`configure_rules`); the files found (:class:`~remdev_lint.workspace.Workspace`); each file
read once (:class:`~remdev_lint.model.LintedFile`) and parsed once per format its rules need; each
check run on it (:meth:`~remdev_lint.rules.Check.run`), reaching other files through
:class:`~remdev_lint.linked.LinkedFiles`; suppressions applied
(:class:`~remdev_lint.suppress.Suppressor`); diagnostics out. Many files are linted in forked
workers (:mod:`remdev_lint.parallel`).
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from .config import ConfigError, Settings, shown
from .diagnostics import Diagnostic, unique
from .globs import compile_glob
from .linked import LinkedFiles, Problem
from .model import QUERY_PATTERNS, Document, LintedFile, Node, ParseError, Span
from .parallel import PARALLEL_MIN_FILES, WorkerError, can_fork, fork_map, usable_cpus
from .reading import NotRead, TooLarge, decode, inside, read_bytes
from .rules import ActiveRule, Reach, Rule, RuleFileError, option_value_error
from .suppress import Suppressor
from .workspace import UsageError, Workspace, project_top

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from .edits import Fix, Request
    from .formats.go_packages import Project

__all__ = [
    "PARALLEL_MIN_FILES",
    "Linter",
    "UsageError",
    "WorkerError",
    "configure_rules",
    "select_rules",
    "unknown_tokens",
    "usable_cpus",
]


# --- which rules run --------------------------------------------------------------------------


def unknown_tokens(rules: list[Rule], tokens: list[str]) -> list[str]:
    """The codes, prefixes or names among ``tokens`` that name no rule."""
    return [token for token in tokens if not any(rule.matches(token) for rule in rules)]


def select_rules(rules: list[Rule], select: list[str] | None, ignore: list[str]) -> list[Rule]:
    """Rules enabled by ``select`` (all when None) less those of ``ignore``; codes, code prefixes
    and names are accepted as ruff accepts them. An opt-in rule is enabled only by its own code
    or name (not by ``ALL``, a prefix or the default). A token that names no rule is a usage
    error."""
    for token in unknown_tokens(rules, (select or []) + ignore):
        raise UsageError(f"unknown rule code, prefix or name: {token}")

    def chosen(rule: Rule) -> bool:
        if rule.opt_in:
            return select is not None and any(token in (rule.code, rule.name) for token in select)
        return select is None or any(rule.matches(token) for token in select)

    return [r for r in rules if chosen(r) and not any(r.matches(t) for t in ignore)]


def configure_rules(rules: list[Rule], settings: Settings, all_rules: list[Rule]) -> list[ActiveRule]:
    """Apply ``rules.<code or name>`` tables; unknown rules, keys and bad values are errors."""
    by_key = {key: rule for rule in all_rules for key in (rule.code, rule.name)}
    overrides: dict[str, dict[str, Any]] = {}
    prefix = "tool.remdev-lint.rules" if settings.path and settings.path.name == "pyproject.toml" else "rules"
    for key, table in settings.rules.items():
        rule = by_key.get(key)
        if rule is None:
            raise ConfigError(f"{settings.path}: {prefix}.{key}: no rule has this code or name")
        for option, value in table.items():
            where = f"{settings.path}: {prefix}.{key}.{option}"
            if option == "severity":
                if value not in ("error", "warning", "info"):
                    raise ConfigError(f"{where}: expected error, warning or info, got {shown(value)}")
            elif option not in rule.option_specs:
                known = ", ".join(["severity", *rule.option_specs]) or "severity"
                raise ConfigError(f"{where}: {rule.code} has no option {option!r} (it has: {known})")
            else:
                error = option_value_error(rule.option_specs[option], value)
                if error:
                    raise ConfigError(f"{where}: {error}")
        overrides.setdefault(rule.code, {}).update(table)
    active = []
    for rule in rules:
        table = dict(overrides.get(rule.code, {}))
        severity = table.pop("severity", rule.severity)
        active.append(ActiveRule(rule, severity, {**rule.default_options, **table}))
    return active


# --- linting ----------------------------------------------------------------------------------


class Linter:
    def __init__(self, settings: Settings, active: list[ActiveRule], all_rules: list[Rule], cwd: Path) -> None:
        self.settings = settings
        self.root = settings.root
        self.workspace = Workspace(settings.root, cwd, settings.exclude)
        self.checkers = [a for a in active if a.rule.engine is None]
        for each in self.checkers:
            for pattern in each.rule.query_patterns:
                QUERY_PATTERNS.setdefault(pattern, None)
        engine_rules = {a.rule.engine: a for a in active if a.rule.engine}
        self.parse_error = engine_rules.get("parse-error")
        self.duplicate_key = engine_rules.get("duplicate-key")
        self.not_read = engine_rules.get("file-not-read")
        per_file_ignores = [(compile_glob(g), codes) for g, codes in settings.per_file_ignores]
        all_tokens = {key for rule in all_rules for key in (rule.code, rule.name)}
        unused = engine_rules.get("unused-suppression")
        self.suppressor = Suppressor(self.workspace, per_file_ignores, active, all_tokens, unused, self.parse_error)
        self.extend_files = [(fmt, [compile_glob(g) for g in globs]) for fmt, globs in settings.extend_files.items()]
        self.linked = LinkedFiles(self.workspace)
        #: Each file checked in this run (as shown) and how many times: a file linted only
        #: because another is read through it is counted and taken back. See `files_checked`.
        self.checked: dict[str, int] = {}
        #: The files among them that were not read (RL004), as shown, with the reason.
        self.unread: dict[str, str] = {}
        #: The rules that read other files through the files they apply to (``in-files``): a
        #: file none of them applies to is judged through the files that read it, when it is
        #: named on its own (see `_lint_through_linking`).
        self.linking = [a for a in self.checkers if a.rule.linked_formats]
        #: The rules of formats that read other files into the linted one (OpenSSH's Include).
        self.including = [a for a in self.checkers if any(fmt in _INCLUDING for _g, _r, fmt in a.rule.patterns)]
        #: Files linted because a named file is read through them: path -> their findings.
        self._readers: dict[str, list[Diagnostic]] = {}
        self._markers: dict[tuple[str, str], bool] = {}  # (folder, file name) -> whether it is there
        #: The message placeholders that named nothing (filled with `?`), for `test-rules`.
        self.unresolved: list[str] = []
        #: When a dict, every case of every check is tried on every subject, and each message
        #: placeholder recorded as resolved or not: (rule code, check, case, field) -> bool.
        #: Used to refuse a rule file whose placeholder resolves for no node its examples give.
        self.probe: dict[tuple[str, int, int, str], bool] | None = None
        #: Files that each linted file read into itself (OpenSSH Include), in this run.
        self.includes: dict[str, set[str]] = {}
        #: the Go files of each project (by its top folder) and who imports whom, read when needed
        self._go_projects: dict[str, Project] = {}

    # -- files ---------------------------------------------------------------------------------

    @property
    def files_checked(self) -> int:
        """How many files this run checked (the text summary's count)."""
        return sum(self.checked.values())

    def checked_files(self) -> list[str]:
        """The files this run checked, as shown in its findings, sorted (a report's clean files)."""
        return sorted(shown for shown, count in self.checked.items() if count > 0)

    def _count(self, path: Path | str, step: int = 1) -> None:
        shown = path if isinstance(path, str) else self.workspace.display(path)
        self.checked[shown] = self.checked.get(shown, 0) + step

    def collect(self, paths: Iterable[Path]) -> list[Path]:
        """The files to lint (see :meth:`Workspace.collect`)."""
        return self.workspace.collect(paths)

    def walk_diagnostics(self) -> list[Diagnostic]:
        """RL004 for each folder a walk could not read: nothing in it was checked."""
        if self.not_read is None:
            return []
        found = []
        for folder, reason in self.workspace.unread_folders:
            if not self.suppressor.ignored(self.workspace.relative(folder), self.not_read):
                message = f"not checked: this folder cannot be opened ({reason}), so none of its files were read"
                found.append(self.not_read.diagnostic(self.workspace.display(folder), Span(1, 1, 1, 1), message))
        return found

    def lint_files(self, files: list[Path], jobs: int = 0) -> list[Diagnostic]:
        """Lint ``files``; with more than one job and enough files, in that many processes.

        ``jobs`` 0 means one per CPU. Processes are forked, so each starts with this linter (its
        rules compiled, its configuration read) and nothing is pickled but paths and findings.

        A file that another linted file reads into itself (an OpenSSH drop-in that the main
        config includes) is judged as the including file reads it: its findings from being
        linted on its own are dropped, except parse errors.
        """
        jobs = jobs or usable_cpus()
        if jobs < 2 or len(files) < PARALLEL_MIN_FILES or not can_fork():
            per_file = [(path, self.lint_file(path)) for path in files]
            includes = self.includes
        else:
            if QUERY_PATTERNS and any(str(path).endswith(".go") for path in files):
                from .formats.go import prepare

                prepare()  # the workers inherit the grammar and the compiled queries
            global _WORKER
            _WORKER = self
            # Many small interleaved chunks: file sizes vary, and a slow chunk should not wait alone.
            count = min(len(files), jobs * 8)
            chunks = [files[i::count] for i in range(count)]
            try:
                results = fork_map(_lint_chunk, chunks, jobs)
            finally:
                _WORKER = None
            for _, checked, unread, _ in results:
                for shown, count in checked.items():
                    self._count(shown, count)
                self.unread.update(unread)
            per_file = [pair for found, _, _, _ in results for pair in found]
            includes = self.includes
            for _, _, _, edges in results:
                for includer, included in edges.items():
                    includes.setdefault(includer, set()).update(included)
        linted = {self.workspace.absolute(path) for path, _ in per_file}
        read_by_another = judged_through_another(linted, includes)
        parse_error = self.parse_error.rule.code if self.parse_error is not None else None
        kept = self.walk_diagnostics()
        for path, found in per_file:
            dropped = self.workspace.absolute(path) in read_by_another
            kept += [d for d in found if not dropped or d.code == parse_error]
        return kept

    def rules_for(self, relpath: str) -> list[tuple[ActiveRule, str]]:
        """The rules that apply to the file at ``relpath``, each with the format it reads it as."""
        if self.workspace.is_excluded(relpath):
            return []
        chosen = []
        for active in self.checkers:
            try:
                fmt = active.rule.format_for(relpath, active.options)
            except RuleFileError:  # applies, with no format to read it as: unless the file is skipped
                if active.rule.marked_by and self._marked(relpath, active.rule.marked_by, active):
                    continue
                raise
            if fmt is None and self.extend_files and not active.rule.skips(relpath, active.options):
                fmt = self._extended_format(active.rule, relpath)
            if fmt is None:
                continue
            if active.rule.marked_by and self._marked(relpath, active.rule.marked_by, active):
                continue
            chosen.append((active, fmt))
        return chosen

    def _marked(self, relpath: str, names: tuple[str, ...], active: ActiveRule) -> bool:
        """Whether a folder of ``relpath`` (its own, or one above it within the root) holds a file
        named in ``names`` (``ignore-files: {marked-by: ...}``), unless the rule's
        ``unless-option`` is on. One look per folder and name, kept for the run."""
        unless = active.rule.ignore_unless
        if unless and active.options.get(unless):
            return False
        folder = posixpath.dirname(relpath)
        while True:
            for name in names:
                key = (folder, name)
                found = self._markers.get(key)
                if found is None:
                    found = self._markers[key] = os.path.isfile(os.path.join(self.root, folder, name))
                if found:
                    return True
            if not folder or folder.startswith(".."):
                return False
            folder = posixpath.dirname(folder)

    def _extended_format(self, rule: Rule, relpath: str) -> str | None:
        """The format of ``relpath`` when ``extend-files`` adds it to a format ``rule`` reads."""
        formats = {fmt for _glob, _regex, fmt in rule.patterns}
        for fmt, regexes in self.extend_files:
            if fmt in formats and any(regex.fullmatch(relpath) for regex in regexes):
                return fmt
        return None

    def lint_file(self, path: Path) -> list[Diagnostic]:
        relpath = self.workspace.relative(path)
        applicable = self.rules_for(relpath)
        named = self.workspace.is_named(path)
        if not applicable:
            found = self._lint_through_linking(path, relpath) if self.linking and named else []
        else:
            found = self._read_and_lint(path, relpath, applicable)
        return self._judged_by_readers(path, [fmt for _a, fmt in applicable], found) if named else found

    def _read_and_lint(self, path: Path, relpath: str, applicable: list[tuple[ActiveRule, str]]) -> list[Diagnostic]:
        try:
            raw = read_bytes(str(path), within=self.workspace.allowed)
        except TooLarge as exc:
            if relpath.endswith(".go") and _generated_go(str(path)):
                return []  # generated Go is not linted: no need to read it, nor to say so
            return self._refused(path, relpath, str(exc))
        except NotRead as exc:
            return self._refused(path, relpath, str(exc))
        except OSError as exc:
            return self._parse_failure(path, relpath, f"cannot read file: {exc.strerror}", 1, 1)
        return self._lint(path, relpath, raw, applicable)

    def lint_stdin(self, name: Path, raw: bytes, over_limit: bool = False) -> list[Diagnostic]:
        """Standard input as the file ``name`` (an editor's buffer); ``over_limit``: it held more
        than the size limit for that kind of file, and is not checked."""
        self.workspace.allow((name if name.is_absolute() else self.workspace.cwd / name).parent)
        relpath = self.workspace.relative(name)
        applicable = self.rules_for(relpath)
        if over_limit and applicable:
            from .reading import describe_limit

            return self._refused(name, relpath, f"(standard input) is over the {describe_limit(str(name))}")
        if not applicable:
            if self.linking:
                return self._lint_through_linking(name, relpath, raw)
            return []
        return self._lint(name, relpath, raw, applicable)

    def lint_in_place(self, path: Path, raw: bytes) -> list[Diagnostic]:
        """What the file ``path`` brings, were its bytes ``raw``: its findings, and those of the
        files that read it, each reading ``raw`` in its place (a fix is checked against them
        all: a fix in tasks.json must not bring a DL006 in the launch.json beside it). The files
        that read it: the OpenSSH configurations that include it (its own findings then dropped,
        save a parse error, as :meth:`lint_files` drops them), the files a rule reads it beside
        (launch.json for tasks.json), the devcontainer.json files that name it (a compose file).
        Every other file is read afresh, from disk."""
        from .linked import LinkedFiles
        from .reading import overlaid

        absolute = Path(self.workspace.absolute(path))
        relpath = self.workspace.relative(path)
        formats = [fmt for _active, fmt in self.rules_for(relpath)]
        self.linked = LinkedFiles(self.workspace)  # it may have read this file before
        with overlaid({str(absolute): raw}):
            own = self.lint_stdin(path, raw)
            others: list[Diagnostic] = []
            includers = 0
            if self.including and (not formats or any(fmt in _INCLUDING for fmt in formats)):
                folders = self.workspace.folders_up_to_root(absolute.parent)
                for includer in self._files_of(self.including, folders):
                    if includer == absolute:
                        continue
                    found = self.lint_file(includer)
                    if str(absolute) in self.includes.get(self.workspace.absolute(includer), ()):
                        includers += 1
                        others += found
            readers = [a for a in self.checkers if absolute.name in a.rule.reads_beside]
            for reader in self._files_of(readers, [absolute.parent], within=True) if readers else []:
                if reader != absolute:
                    others += self.lint_file(reader)
            linked = {fmt for active in self.linking for fmt in active.rule.linked_formats}
            for reader in self._linking_files(absolute) if linked and (not formats or linked & set(formats)) else []:
                if reader != absolute:
                    others += self.lint_file(reader)
        if includers:
            parse_error = self._parse_code()
            own = [d for d in own if d.code == parse_error]
        return unique(own + others)

    def may_read(self, reader: Path, changed: Path) -> bool:
        """Whether linting ``reader`` may read ``changed``, as :meth:`lint_in_place` looks for
        the files that read a file: a rule of ``reader`` reads ``changed`` beside it (launch.json's
        tasks.json), reads files of ``changed``'s format through an ``in-files`` select (a
        devcontainer.json's compose file), or ``reader`` is an OpenSSH file that may include it."""
        applied = self.rules_for(self.workspace.relative(reader))
        formats = {fmt for _active, fmt in self.rules_for(self.workspace.relative(changed))}
        if reader.parent == changed.parent and any(changed.name in a.rule.reads_beside for a, _fmt in applied):
            return True
        linked = {fmt for active, _fmt in applied for fmt in active.rule.linked_formats}
        if linked and (not formats or linked & formats):
            return True
        including = {fmt for _active, fmt in applied} & set(_INCLUDING)
        return bool(including) and (not formats or bool(formats & set(_INCLUDING)))

    def _refused(self, path: Path, relpath: str, reason: str) -> list[Diagnostic]:
        """RL004 for a file the rules apply to that was not read (too large, not a regular file,
        out of the project): it was not checked, and the run must not say it passed."""
        self._count(path)
        self.unread[self.workspace.display(path)] = f"not read: this file {reason}"
        if self.not_read is None or self.suppressor.ignored(relpath, self.not_read):
            return []
        message = f"not checked: this file {reason}"
        return [self.not_read.diagnostic(self.workspace.display(path), Span(1, 1, 1, 1), message)]

    def _parse_failure(self, path: Path, relpath: str, message: str, line: int, column: int) -> list[Diagnostic]:
        if self.parse_error is None or self.suppressor.ignored(relpath, self.parse_error):
            return []
        span = Span(line, column, line, column + 1)
        return [self.parse_error.diagnostic(self.workspace.display(path), span, message)]

    # -- a file read through the files that name it ---------------------------------------------

    def _lint_through_linking(self, path: Path, relpath: str, raw: bytes | None = None) -> list[Diagnostic]:
        """A file no rule applies to, named on its own (a compose file staged without its
        devcontainer.json): the findings in it of the files that read it through an ``in-files``
        select. Those are looked for where their rules' globs put them, in the file's folder and
        each folder above it up to the project root; ``raw`` (standard input) stands for the file's
        text on disk."""
        from .rules import infer_format

        if infer_format(relpath) not in ("yaml", "json", "jsonc", "toml"):
            return []
        absolute = Path(self.workspace.absolute(path))
        if raw is not None:
            text, error = decode(raw)
            problem = None if error is None else Problem(str(absolute), "parse", *error)
            formats = sorted({fmt for active in self.linking for fmt in active.rule.linked_formats})
            self.linked.replace(str(absolute), None if error else text, problem, formats[0] if formats else None)
        shown = self.workspace.display(absolute)
        found: list[Diagnostic] = []
        linking_files = self._linking_files(absolute)
        for linking in linking_files:
            if self.workspace.is_named(linking):
                continue  # linted anyway, as itself
            found += [d for d in self.lint_file(linking) if d.path == shown]
            self._count(linking, -1)
        if linking_files:
            self._count(shown)
        return found

    def _linking_files(self, absolute: Path) -> list[Path]:
        """Files of the linking rules in ``absolute``'s folder or above it (up to the root)."""
        return self._files_of(self.linking, self.workspace.folders_up_to_root(absolute.parent))

    def _files_of(self, rules: list[ActiveRule], folders: list[Path], *, within: bool = False) -> list[Path]:
        """The files in ``folders`` (or, ``within``, directly in them) that ``rules`` apply
        to, found by their globs."""
        patterns = []
        for active in rules:
            for glob, _regex, _fmt in active.rule.patterns:
                patterns.append(glob.rsplit("/", 1)[-1] if within else glob[3:] if glob.startswith("**/") else glob)
        found: dict[str, Path] = {}
        for folder in folders:
            for pattern in dict.fromkeys(patterns):
                for candidate in sorted(folder.glob(pattern)):
                    if candidate.is_file() and self.rules_for(self.workspace.relative(candidate)):
                        found.setdefault(os.path.normpath(candidate), candidate)
        return list(found.values())

    def _judged_by_readers(self, path: Path, formats: list[str], own: list[Diagnostic]) -> list[Diagnostic]:
        """A file named on its own (staged alone) that other files read, judged through them as
        a whole run judges it: an OpenSSH fragment through the configuration that includes it
        (its findings there replace its own, except parse errors), and a file a rule reads
        beside the file it applies to (``tasks.json`` for ``launch.json``'s DL006) with that
        rule's findings in those files. Files named too are linted anyway."""
        absolute = Path(self.workspace.absolute(path))
        shown = self.workspace.display(absolute)
        through: list[Diagnostic] = []
        includers = 0
        # A fragment is a file no rule reads as itself (`.ssh/config.d/work.conf`), or one read
        # as an OpenSSH file (a drop-in); a Go file or a go.mod is no one's fragment.
        if self.including and (not formats or any(fmt in _INCLUDING for fmt in formats)):
            folders = self.workspace.folders_up_to_root(absolute.parent)
            for includer in self._files_of(self.including, folders):
                if self.workspace.is_named(includer) or includer == absolute:
                    continue
                found = self._lint_reader(includer)
                if os.path.normpath(absolute) in self.includes.get(self.workspace.absolute(includer), ()):
                    includers += 1
                    through += [d for d in found if d.path == shown]
        if includers:
            parse_error = self._parse_code()
            own = [d for d in own if d.code == parse_error] + through
            if not formats:
                self._count(shown)
        readers = [a for a in self.checkers if absolute.name in a.rule.reads_beside]
        for reader in self._files_of(readers, [absolute.parent], within=True) if readers else []:
            if self.workspace.is_named(reader) or reader == absolute:
                continue
            codes = {a.rule.code for a in readers}
            where = self.workspace.display(reader)
            own += [d for d in self._lint_reader(reader) if d.code in codes and d.path == where]
        return own

    def _lint_reader(self, path: Path) -> list[Diagnostic]:
        """The findings of a file linted only because a named file is read through it (once per
        run; it does not count as checked)."""
        key = self.workspace.absolute(path)
        if key not in self._readers:
            self._readers[key] = self.lint_file(path)
            self._count(path, -1)
        return self._readers[key]

    # -- one file ------------------------------------------------------------------------------

    def _lint(self, path: Path, relpath: str, raw: bytes, applicable: list[tuple[ActiveRule, str]]) -> list[Diagnostic]:
        self._count(path)
        text, error = decode(raw)
        if error is not None:
            return self._parse_failure(path, relpath, *error)
        absolute = path if path.is_absolute() else self.workspace.cwd / path
        file = LintedFile(path, str(absolute), relpath, self.workspace.display(path), text)
        documents: dict[str, Document | None] = {}
        found: list[Diagnostic] = []
        problems: list[Problem] = []  # of the other files the checks read
        reach = self._reach(file, problems)
        holds: dict[tuple[bytes, ...], bool] = {}  # rules' needles (most share them) -> found in the file
        for active, fmt in applicable:
            needles = active.rule.needles
            if needles is not None:
                if needles not in holds:
                    holds[needles] = any(needle in raw for needle in needles)
                if not holds[needles]:
                    continue  # imports none of the packages its queries are about: not even parsed
            if fmt not in documents:
                documents[fmt] = self._parse(fmt, file, found)
            document = documents[fmt]
            if document is None or document.generated:
                continue
            results = self._run_rule(active, document, file, reach, fmt)
            if results and fmt == "go" and self._in_test_package(active, file.absolute):
                continue
            found.extend(results)
        found.extend(self._problem_diagnostics(problems))
        if documents and all(doc is not None and doc.generated for doc in documents.values()):
            return []  # generated files are not linted (and their suppressions are not judged)
        if not documents and not found:
            return []  # no rule read the file
        comments = [c for doc in documents.values() if doc is not None for c in doc.comments]
        return self.suppressor.apply(found, comments, file, self.linked)

    def _reach(self, file: LintedFile, problems: list[Problem]) -> Reach:
        """What the checks reach beyond ``file``: the other files they read, whose problems are
        added to ``problems``."""

        def other(path: str, fmt: str | None) -> Node | None:
            root, problem = self.linked.other(path, fmt)
            if problem is not None:
                problems.append(problem)
            return root

        def linked(names: list[str], fmt: str) -> Node | None:
            root, found = self.linked.combined(file.folder, names, fmt)
            problems.extend(found)
            return root

        return Reach(other, linked, self.unresolved, self.probe)

    def _run_rule(
        self, active: ActiveRule, document: Document, file: LintedFile, reach: Reach, fmt: str
    ) -> list[Diagnostic]:
        found = []
        for check in active.rule.checks:
            if not check.applies_to(file.relpath):
                continue  # this check is about other files of the rule
            for origin, span, message, request in check.run(file, document.root, active.options, reach):
                where = file.shown if origin is None else self.workspace.display(origin)
                diagnostic = active.diagnostic(where, span, message)
                if request is not None:
                    diagnostic = diagnostic._replace(fix=self._fix(request, file, fmt, origin))
                found.append(diagnostic)
        return found

    def _fix(self, request: Request, file: LintedFile, fmt: str, origin: str | None) -> Fix | None:
        """The edits of a finding's fix, in the file it is in (one read through ``file``:
        ``origin``), or None when they cannot be written there."""
        from .edits import plan, syntax_for

        syntax = syntax_for(fmt, origin)
        if syntax is None:
            return None
        if origin is None:
            return plan(request, file.text, syntax)
        from .reading import NotRead, decode, read_bytes

        try:
            text, error = decode(read_bytes(origin, within=self.workspace.allowed))
        except (NotRead, OSError):
            return None
        return None if error is not None else plan(request, text, syntax)

    def _in_test_package(self, active: ActiveRule, path: str) -> bool:
        """Whether the Go file at ``path`` belongs to a package that only the files the rule skips
        use (``ignore-files: {test-packages: ...}``): asked only of a file with findings, as it
        reads the headers of every Go file of the project, once per process."""
        rule = active.rule
        if not rule.skips_test_packages(active.options):
            return False
        from .formats.go_packages import Project  # noqa: F811 (at run time, imported only here)

        def is_test_file(file: str) -> bool:
            return rule.skips(self.workspace.relative(file), active.options)

        folder = os.path.dirname(path)
        tops = [top for top in self.workspace.allowed if inside(folder, top)]
        top = max(tops, key=len) if tops else str(project_top(Path(folder)))
        if top not in self._go_projects:
            self._go_projects[top] = Project(top)
        return self._go_projects[top].is_test_package(folder, is_test_file)

    def parses(self, path: Path, text: str) -> bool:
        """Whether ``text``, as the file ``path``, parses in every format its rules read it as
        (whatever rules are selected: a fix must not break a file that another run reads)."""
        from .formats import parse

        relpath = self.workspace.relative(path)
        absolute = str(self.workspace.absolute(path))
        for fmt in {fmt for _active, fmt in self.rules_for(relpath)}:
            try:
                parse(fmt, text, absolute, self.workspace.top_for(absolute))
            except (ParseError, RecursionError):
                return False
        return True

    def _parse(self, fmt: str, file: LintedFile, found: list[Diagnostic]) -> Document | None:
        """``file`` read as ``fmt``; its syntax errors (RL001), repeated keys (RL003) and the
        files it names but could not read (RL004) are added to ``found``."""
        from .formats import parse

        try:
            document = parse(fmt, file.text, file.absolute, self.workspace.top_for(file.absolute))
        except ParseError as exc:
            self._syntax_error(exc, file, found)
            return None
        except RecursionError:
            if self.parse_error is not None:
                found.append(self.parse_error.diagnostic(file.shown, Span(1, 1, 1, 1), "nested too deeply to parse"))
            return None
        for recovered in document.errors:  # the file is linted too, away from the broken part
            self._syntax_error(recovered, file, found)
        includer = os.path.normpath(file.absolute)
        for path, text, comments in document.included:
            self.linked.include(path, text, comments)
            self.includes.setdefault(includer, set()).add(os.path.normpath(path))
        if self.duplicate_key is not None:
            found.extend(self._duplicates(document, file.shown))
        if self.not_read is not None:
            found.extend(self._unread(document, file.shown))
        return document

    def _syntax_error(self, exc: ParseError, file: LintedFile, found: list[Diagnostic]) -> None:
        """RL001 for a file's syntax error, unless the file already has one."""
        if self.parse_error is not None and not any(d.code == self.parse_error.rule.code for d in found):
            span = Span(exc.line, exc.column, exc.line, exc.column + 1)
            found.append(self.parse_error.diagnostic(file.shown, span, exc.message))

    def _duplicates(self, document: Document, shown: str) -> list[Diagnostic]:
        """RL003 at each key that a later one in the same mapping silently overrides."""
        assert self.duplicate_key is not None
        said = "is set again on line {}, and only that value counts: remove one of them"
        return [
            self.duplicate_key.diagnostic(shown, earlier, f"`{key}` " + said.format(later.line))
            for key, earlier, later in document.duplicates
        ]

    def _unread(self, document: Document, shown: str) -> list[Diagnostic]:
        """RL004 where the file names another that its format did not read (an OpenSSH Include of
        a FIFO, or through a link out of the project), in the file that names it."""
        assert self.not_read is not None
        found = []
        for path, reason, span, origin in document.unread:
            where = shown if origin is None else self.workspace.display(origin)
            found.append(self.not_read.diagnostic(where, span, f"not checked: `{path}`, named here, {reason}"))
        return found

    def _problem_diagnostics(self, problems: list[Problem]) -> list[Diagnostic]:
        """Other files read through the linted one that could not be used: RL001 where one does
        not parse, RL004 where one was not read."""
        found = []
        for path, kind, message, line, column in problems:
            active = self.not_read if kind == "not-read" else self.parse_error
            if active is None or self.suppressor.ignored(self.workspace.relative(path), active):
                continue
            if kind == "not-read":
                message, line, column = f"not checked: this file {message}", 1, 1
            found.append(active.diagnostic(self.workspace.display(path), Span(line, column, line, column + 1), message))
        return found

    # -- the document model, for rule authors ------------------------------------------------

    def dump(self, path: Path) -> dict[str, Any]:
        """The document model the rules see in ``path``, for ``--dump-document``: per format the
        rules read it as, the tree (every node with its place), and what each check selects
        that is not plain nodes of that tree (command-line invocations, a Go query's captures,
        a devcontainer's compose services merged, Features): what a rule author writes selectors
        and conditions against."""
        from .rules import SelectorUnion
        from .selectors import Selector

        display = self.workspace.display
        relpath = self.workspace.relative(path)
        applicable = self.rules_for(relpath)
        if not applicable:
            raise UsageError(f"no rule reads {display(path)} (for the configured rules): nothing to show")
        try:
            raw = read_bytes(str(path), within=self.workspace.allowed)
        except (NotRead, TooLarge) as exc:
            raise UsageError(f"{display(path)}: not read: this file {exc}") from None
        except OSError as exc:
            raise UsageError(f"{display(path)}: cannot read: {exc.strerror}") from None
        text, error = decode(raw)
        if error is not None:
            raise UsageError(f"{display(path)}:{error[1]}:{error[2]}: {error[0]}")
        absolute = path if path.is_absolute() else self.workspace.cwd / path
        file = LintedFile(path, str(absolute), relpath, display(path), text)
        reach = self._reach(file, [])
        formats: dict[str, Any] = {}
        documents: dict[str, Document | None] = {}
        for active, fmt in applicable:
            if fmt not in formats:
                found: list[Diagnostic] = []
                document = documents[fmt] = self._parse(fmt, file, found)
                formats[fmt] = {
                    "document": None if document is None else self._node_json(document.root),
                    "errors": [f"{d.line}:{d.column}: {d.message}" for d in found if d.code == self._parse_code()],
                    "selects": {},
                }
            document = documents[fmt]
            if document is None:
                continue
            for number, check in enumerate(active.rule.checks, 1):
                if isinstance(check.select, (Selector, SelectorUnion)):
                    continue  # plain nodes of the document above
                if not check.applies_to(relpath):
                    continue
                selected = check.select.select(document.root, reach.linked)
                formats[fmt]["selects"][f"{active.rule.code} check {number}"] = [self._node_json(n) for n in selected]
        return {"file": display(path), "formats": formats}

    def _parse_code(self) -> str | None:
        return self.parse_error.rule.code if self.parse_error is not None else None

    def _node_json(self, node: Node, depth: int = 0) -> Any:
        """A node as JSON: its place (``at``: ``LINE:COLUMN-END_LINE:END_COLUMN``; ``file`` when
        it comes from another file) and its value, mapping or sequence."""
        if depth > 200:
            return {"value": "..."}
        line, column, end_line, end_column = node.span
        out: dict[str, Any] = {"at": f"{line}:{column}-{end_line}:{end_column}"}
        if node.origin is not None:
            out["file"] = self.workspace.display(node.origin)
        value = node.value
        if isinstance(value, dict):
            out["mapping"] = {str(k): self._node_json(v, depth + 1) for k, v in value.items()}
        elif isinstance(value, list):
            out["sequence"] = [self._node_json(v, depth + 1) for v in value]
        elif value is None or isinstance(value, (str, int, float, bool)):
            out["value"] = value
        else:
            out["value"] = str(value)
        return out


#: Formats whose files read others into themselves (OpenSSH's Include).
_INCLUDING = ("ssh_config", "sshd_config")


#: The linter of a forked worker (see :meth:`Linter.lint_files`).
_WORKER: Linter | None = None


def _lint_chunk(
    chunk: list[Path],
) -> tuple[list[tuple[Path, list[Diagnostic]]], dict[str, int], dict[str, str], dict[str, set[str]]]:
    """Runs in a forked worker: the parent's linter is already here as ``_WORKER``."""
    linter = _WORKER
    assert linter is not None
    linter.checked, linter.unread, linter.includes = {}, {}, {}
    found = [(path, linter.lint_file(path)) for path in chunk]
    return found, linter.checked, linter.unread, linter.includes


def judged_through_another(linted: set[str], includes: dict[str, set[str]]) -> set[str]:
    """The linted files that another linted file reads into itself (an OpenSSH drop-in its main
    config includes): they are judged as that file reads them, so their own findings are dropped.

    Files that no other linted file includes are judged on their own, and so is one file of each
    ring of files that include each other (the first by path): a file that includes itself, or
    two that include each other, are never all dropped, which would pass them silently."""
    includers: dict[str, set[str]] = {}
    for includer, included in includes.items():
        if includer in linted:
            for path in included:
                if path != includer:
                    includers.setdefault(path, set()).add(includer)
    ordered = sorted(linted)
    dropped: set[str] = set()
    for start in [p for p in ordered if p not in includers] + [p for p in ordered if p in includers]:
        if start in dropped:
            continue
        stack = [start]
        seen = {start}
        while stack:
            for path in includes.get(stack.pop(), ()):
                if path not in seen:
                    seen.add(path)
                    stack.append(path)
        dropped |= (seen - {start}) & linted
    return dropped


def _generated_go(path: str) -> bool:
    """Whether the Go file at ``path`` has a ``// Code generated ... DO NOT EDIT.`` line before
    its package clause, within its first 64 KiB: the rule of go/ast.IsGenerated, which the Go
    format applies to the files it parses."""
    from .formats.go import _GENERATED
    from .reading import read_head

    for line in read_head(path, 64 * 1024).decode("utf-8", "replace").replace("\r", "").split("\n"):
        if line.startswith("package ") or line == "package":
            return False
        if _GENERATED.match(line):
            return True
    return False
