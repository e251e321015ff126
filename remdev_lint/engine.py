"""The engine: which rules run, on which files, and what they find.

The pipeline reads like the data flow: settings and rules in, files found, each file parsed once
per format its rules need, checks run, suppressions applied, diagnostics out.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from .config import ConfigError, Settings, shown
from .diagnostics import Diagnostic
from .globs import compile_glob
from .model import QUERY_PATTERNS, Document, Node, ParseError, Span
from .reading import NotRead, TooLarge, inside, read_bytes
from .rules import Rule, RuleFileError, option_value_error

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

    from .formats.go_packages import Project


_LINES = re.compile(r"\r\n|\r|\n")


class UsageError(Exception):
    """Bad command-line input: unknown rule code, missing path (exit code 2)."""


# --- which rules run --------------------------------------------------------------------------


def _matches(rule: Rule, token: str) -> bool:
    return token == "ALL" or token == rule.name or rule.code.startswith(token)


def unknown_tokens(rules: list[Rule], tokens: list[str]) -> list[str]:
    """The codes, prefixes or names among ``tokens`` that name no rule."""
    return [token for token in tokens if not any(_matches(rule, token) for rule in rules)]


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
        return select is None or any(_matches(rule, token) for token in select)

    return [r for r in rules if chosen(r) and not any(_matches(r, t) for t in ignore)]


class ActiveRule:
    """A rule as this run applies it: severity and options after configuration."""

    __slots__ = ("rule", "severity", "options")

    def __init__(self, rule: Rule, severity: str, options: dict[str, Any]) -> None:
        self.rule = rule
        self.severity = severity
        self.options = options


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
        self.cwd = cwd
        self.root = settings.root
        # As strings, for the per-file path work (pathlib costs several times as much).
        self._cwd = os.path.abspath(str(cwd))
        self._root = os.path.normpath(os.path.join(self._cwd, str(settings.root)))
        self._root_prefix = self._root.rstrip(os.sep) + os.sep
        self.checkers = [a for a in active if a.rule.engine is None]
        for each in self.checkers:
            for pattern in each.rule.query_patterns:
                QUERY_PATTERNS.setdefault(pattern, None)
        engine_rules = {a.rule.engine: a for a in active if a.rule.engine}
        self.parse_error = engine_rules.get("parse-error")
        self.unused_suppression = engine_rules.get("unused-suppression")
        self.duplicate_key = engine_rules.get("duplicate-key")
        self.not_read = engine_rules.get("file-not-read")
        self.active_by_token = {key: a for a in active for key in (a.rule.code, a.rule.name)}
        self.all_tokens = {key for rule in all_rules for key in (rule.code, rule.name)}
        self.exclude = [compile_glob(g) for g in settings.exclude]
        self.per_file_ignores = [(compile_glob(g), codes) for g, codes in settings.per_file_ignores]
        self.extend_files = [(fmt, [compile_glob(g) for g in globs]) for fmt, globs in settings.extend_files.items()]
        self.files_checked = 0
        self._other_files: dict[tuple[str, str | None], Node | None] = {}
        #: Files read through another file (a devcontainer's compose files): path -> (format, document
        #: or None, why it could not be read); and the diagnostics their parse errors give.
        self._linked: dict[str, tuple[Document | None, tuple[str, int, int] | None]] = {}
        self._linked_errors: list[Diagnostic] = []
        #: Files named on the command line (not found by walking a folder), and the rules that
        #: read other files through the files they apply to (see `_lint_through_linking`).
        self.named: set[str] = set()
        self._markers: dict[tuple[str, str], bool] = {}  # (folder, file name) -> whether it is there
        #: The message placeholders that named nothing (filled with `?`), for `test-rules`.
        self.unresolved: list[str] = []
        #: When a dict, every case of every check is tried on every subject, and each message
        #: placeholder recorded as resolved or not: (rule code, check, case, field) -> bool.
        #: Used to refuse a rule file whose placeholder resolves for no node its examples give.
        self.probe: dict[tuple[str, int, int, str], bool] | None = None
        #: Files that each linted file read into itself (OpenSSH Include), in this run.
        self.includes: dict[str, set[str]] = {}
        self.linking = [a for a in self.checkers if a.rule.linked_formats]
        #: The folders whose files may be read: the project (the git work tree
        #: around the root, else the root), and each folder named on the command line outside it.
        #: A file whose real path leaves them (a committed symbolic link to ~/.ssh/id_ed25519)
        #: is not read.
        self.allowed: tuple[str, ...] = (os.path.normpath(project_top(self.root)),)
        #: Folders a walk could not read (their files were not checked).
        self.unread_folders: list[tuple[Path, str]] = []
        #: the Go files of each project (by its top folder) and who imports whom, read when needed
        self._go_projects: dict[str, Project] = {}

    # -- files ---------------------------------------------------------------------------------

    def relative(self, path: Path) -> str:
        """The path the globs see: relative to the project root, POSIX separators.

        A file outside the root is seen by its whole path without the leading ``/``, so that
        patterns without ``/`` (``go.mod``) still match its name, and anchored ones do not."""
        name = str(path)
        absolute = os.path.normpath(name if os.path.isabs(name) else os.path.join(self._cwd, name))
        root = self._root
        if absolute == root:
            return "."
        if absolute.startswith(self._root_prefix):
            return absolute[len(self._root_prefix) :].replace(os.sep, "/")
        return absolute.replace(os.sep, "/").lstrip("/")

    def display(self, path: Path) -> str:
        """The path a diagnostic shows: relative to the current folder (``../x/go.mod`` too);
        absolute for a file outside the project, which is never read but may be named
        (``/dev/zero``, not ``../../../dev/zero``)."""
        name = str(path)
        absolute = os.path.normpath(name if os.path.isabs(name) else os.path.join(self._cwd, name))
        if not any(inside(absolute, folder) for folder in self.allowed):
            return absolute.replace(os.sep, "/")
        try:
            return os.path.relpath(absolute, self._cwd).replace(os.sep, "/")
        except ValueError:  # another drive (Windows)
            return absolute.replace(os.sep, "/")

    def is_excluded(self, relpath: str) -> bool:
        return any(regex.fullmatch(relpath) for regex in self.exclude)

    def collect(self, paths: Iterable[Path]) -> list[Path]:
        """The files to lint: folders walked, files taken as named. Missing paths are usage errors."""
        found: dict[str, Path] = {}
        for path in paths:
            absolute = path if path.is_absolute() else self.cwd / path
            try:
                is_folder = stat.S_ISDIR(os.stat(absolute).st_mode)
            except (FileNotFoundError, NotADirectoryError):
                if not os.path.lexists(absolute):
                    raise UsageError(f"{path}: no such file or folder") from None
                is_folder = False  # a link to nothing: lint_file says so
            except ValueError:  # a NUL character
                raise UsageError(f"{path!r}: not a valid path") from None
            except OSError:  # a folder on the way cannot be read, a link loop: lint_file says so
                is_folder = False
            self.allow(absolute if is_folder else absolute.parent)
            if is_folder:
                from .discovery import walk  # git and subprocess: only when walking a folder

                base = self.relative(absolute)
                base = "" if base == "." else base + "/"
                excluded = lambda rel, b=base: self.is_excluded(b + rel)  # noqa: E731
                for file in walk(absolute, excluded, self.root, self._unread_folder):
                    found.setdefault(os.path.normpath(file), file)
            else:  # a file, or what stands where one is named (a FIFO, a link): lint_file says
                found.setdefault(os.path.normpath(absolute), absolute)
                self.named.add(os.path.normpath(absolute))
        return sorted(found.values())

    def allow(self, folder: Path) -> None:
        """Let files below ``folder`` (named on the command line) be read, when it is outside the
        project: its own git work tree, else the folder itself."""
        lexical = os.path.normpath(folder)
        if not any(inside(lexical, allowed) for allowed in self.allowed):
            self.allowed += (os.path.normpath(project_top(Path(lexical))),)

    def _unread_folder(self, folder: Path, reason: str) -> None:
        self.unread_folders.append((folder, reason))

    def walk_diagnostics(self) -> list[Diagnostic]:
        """RL004 for each folder a walk could not read: nothing in it was checked."""
        if self.not_read is None:
            return []
        found = []
        for folder, reason in self.unread_folders:
            if not self._ignored_for(self.relative(folder), self.not_read):
                message = f"not checked: this folder cannot be opened ({reason}), so none of its files were read"
                found.append(self._diagnostic(self.not_read, self.display(folder), Span(1, 1, 1, 1), message))
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
        if jobs < 2 or len(files) < PARALLEL_MIN_FILES or not _can_fork():
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
                results = _fork_map(_lint_chunk, chunks, jobs)
            finally:
                _WORKER = None
            self.files_checked += sum(checked for _, checked, _ in results)
            per_file = [pair for found, _, _ in results for pair in found]
            includes = {}
            for _, _, edges in results:
                for includer, included in edges.items():
                    includes.setdefault(includer, set()).update(included)
        linted = {os.path.normpath(path if path.is_absolute() else self.cwd / path) for path, _ in per_file}
        read_by_another = judged_through_another(linted, includes)
        parse_error = self.parse_error.rule.code if self.parse_error is not None else None
        kept = self.walk_diagnostics()
        for path, found in per_file:
            dropped = os.path.normpath(path if path.is_absolute() else self.cwd / path) in read_by_another
            kept += [d for d in found if not dropped or d.code == parse_error]
        return kept

    def rules_for(self, relpath: str) -> list[tuple[ActiveRule, str]]:
        if self.is_excluded(relpath):
            return []
        chosen = []
        for active in self.checkers:
            fmt = active.rule.format_for(relpath, active.options)
            if fmt is False and self.extend_files and not active.rule.skips(relpath, active.options):
                fmt = self._extended_format(active.rule, relpath)
            if fmt is False:
                continue
            if active.rule.marked_by and self._marked(relpath, active.rule.marked_by, active):
                continue
            if fmt is None:
                raise RuleFileError(
                    f"{active.rule.source}: rule {active.rule.code} ({active.rule.name}) applies to "
                    f"{relpath}, whose format cannot be told from its name: give the rule a format"
                )
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

    def _extended_format(self, rule: Rule, relpath: str) -> str | bool:
        """The format of ``relpath`` when ``extend-files`` adds it to a format ``rule`` reads."""
        formats = {fmt for _glob, _regex, fmt in rule.patterns}
        for fmt, regexes in self.extend_files:
            if fmt in formats and any(regex.fullmatch(relpath) for regex in regexes):
                return fmt
        return False

    def lint_file(self, path: Path) -> list[Diagnostic]:
        relpath = self.relative(path)
        applicable = self.rules_for(relpath)
        if not applicable:
            if self.linking and os.path.normpath(path if path.is_absolute() else self.cwd / path) in self.named:
                return self._lint_through_linking(path, relpath)
            return []
        try:
            raw = read_bytes(str(path), within=self.allowed)
        except TooLarge as exc:
            if relpath.endswith(".go") and _generated_go(str(path)):
                return []  # generated Go is not linted: no need to read it, nor to say so
            return self._refused(path, relpath, str(exc))
        except NotRead as exc:
            return self._refused(path, relpath, str(exc))
        except OSError as exc:
            return self._parse_failure(path, relpath, f"cannot read file: {exc.strerror}", 1, 1)
        return self._lint(path, relpath, raw, applicable)

    def dump(self, path: Path) -> dict[str, Any]:
        """The document model the rules see in ``path``, for ``--dump-document``: per format the
        rules read it as, the tree (every node with its place), and what each check selects
        that is not plain nodes of that tree (command-line invocations, a Go query's captures,
        a devcontainer's compose services merged, Features): what a rule author writes selectors
        and conditions against."""
        from .rules import SelectorUnion
        from .selectors import Selector

        relpath = self.relative(path)
        applicable = self.rules_for(relpath)
        if not applicable:
            raise UsageError(f"no rule reads {self.display(path)} (for the configured rules): nothing to show")
        try:
            raw = read_bytes(str(path), within=self.allowed)
        except (NotRead, TooLarge) as exc:
            raise UsageError(f"{self.display(path)}: not read: this file {exc}") from None
        except OSError as exc:
            raise UsageError(f"{self.display(path)}: cannot read: {exc.strerror}") from None
        text, error = _decode(raw)
        if error is not None:
            raise UsageError(f"{self.display(path)}:{error[1]}:{error[2]}: {error[0]}")
        absolute = path if path.is_absolute() else self.cwd / path
        directory = str(absolute.parent)
        formats: dict[str, Any] = {}
        for active, fmt in applicable:
            if fmt not in formats:
                found: list[Diagnostic] = []
                document = self._parse(fmt, text, str(absolute), found)
                formats[fmt] = {
                    "document": None if document is None else self._node_json(document.root),
                    "errors": [f"{d.line}:{d.column}: {d.message}" for d in found],
                    "selects": {},
                    "_document": document,
                }
            entry = formats[fmt]
            document = entry["_document"]
            if document is None:
                continue
            for number, check in enumerate(active.rule.checks, 1):
                if isinstance(check.select, (Selector, SelectorUnion)):
                    continue  # plain nodes of the document above
                if check.files is not None and not any(glob.fullmatch(relpath) for glob in check.files):
                    continue
                load = lambda names, fmt: self._load_linked(directory, names, fmt)  # noqa: E731
                linked = getattr(check.select, "linked", False)
                selected = check.select.select(document.root, load) if linked else check.select.select(document.root)
                entry["selects"][f"{active.rule.code} check {number}"] = [self._node_json(n) for n in selected]
        for entry in formats.values():
            del entry["_document"]
        return {"file": self.display(path), "formats": formats}

    def _node_json(self, node: Node, depth: int = 0) -> Any:
        """A node as JSON: its place (``at``: ``LINE:COLUMN-END_LINE:END_COLUMN``; ``file`` when
        it comes from another file) and its value, mapping or sequence."""
        if depth > 200:
            return {"value": "..."}
        line, column, end_line, end_column = node.span
        out: dict[str, Any] = {"at": f"{line}:{column}-{end_line}:{end_column}"}
        if node.origin is not None:
            out["file"] = self.display(Path(node.origin))
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

    def _refused(self, path: Path, relpath: str, reason: str) -> list[Diagnostic]:
        """RL004 for a file the rules apply to that was not read (too large, not a regular file,
        out of the project): it was not checked, and the run must not say it passed."""
        self.files_checked += 1
        if self.not_read is None or self._ignored_for(relpath, self.not_read):
            return []
        message = f"not checked: this file {reason}"
        return [self._diagnostic(self.not_read, self.display(path), Span(1, 1, 1, 1), message)]

    def lint_stdin(self, name: Path, raw: bytes, over_limit: bool = False) -> list[Diagnostic]:
        """Standard input as the file ``name`` (an editor's buffer); ``over_limit``: it held more
        than the size limit for that kind of file, and is not checked."""
        self.allow((name if name.is_absolute() else self.cwd / name).parent)
        relpath = self.relative(name)
        applicable = self.rules_for(relpath)
        if over_limit and applicable:
            from .reading import describe_limit

            return self._refused(name, relpath, f"(standard input) is over the {describe_limit(str(name))}")
        if not applicable:
            if self.linking:
                return self._lint_through_linking(name, relpath, raw)
            return []
        return self._lint(name, relpath, raw, applicable)

    def _lint_through_linking(self, path: Path, relpath: str, raw: bytes | None = None) -> list[Diagnostic]:
        """A file no rule applies to, named on its own (a compose file staged without its
        devcontainer.json): the findings in it of the files that read it through an ``in-files``
        select. Those are looked for where their rules' globs put them, in the file's folder and
        each folder above it up to the project root; ``raw`` (standard input) stands for the file's
        text on disk."""
        from .rules import infer_format

        if infer_format(relpath) not in ("yaml", "json", "jsonc", "toml"):
            return []
        absolute = Path(os.path.normpath(path if path.is_absolute() else self.cwd / path))
        if raw is not None:
            text, error = _decode(raw)
            try:
                document = None if error else self._parse_linked_text(str(absolute), text)
            except ParseError as exc:
                document, error = None, (exc.message, exc.line, exc.column)
            self._linked[str(absolute)] = (document, error)
        shown = self.display(absolute)
        found: list[Diagnostic] = []
        linking_files = self._linking_files(absolute)
        for linking in linking_files:
            if os.path.normpath(linking) in self.named:
                continue  # linted anyway, as itself
            found += [d for d in self.lint_file(linking) if d.path == shown]
            self.files_checked -= 1
        if linking_files:
            self.files_checked += 1
        return found

    def _parse_linked_text(self, path: str, text: str) -> Document | None:
        from .formats import parse

        formats = {fmt for active in self.linking for fmt in active.rule.linked_formats}
        fmt = next(iter(sorted(formats)), None)
        return None if fmt is None else parse(fmt, text)

    def _linking_files(self, absolute: Path) -> list[Path]:
        """Files of the linking rules in ``absolute``'s folder or above it (up to the root)."""
        patterns = []
        for active in self.linking:
            for glob, _regex, _fmt in active.rule.patterns:
                patterns.append(glob[3:] if glob.startswith("**/") else glob)
        folders = [absolute.parent]
        while _inside(folders[-1], self.root) and folders[-1] != self.root:
            folders.append(folders[-1].parent)
        found: dict[str, Path] = {}
        for folder in folders:
            for pattern in patterns:
                for candidate in sorted(folder.glob(pattern)):
                    if candidate.is_file() and self.rules_for(self.relative(candidate)):
                        found.setdefault(os.path.normpath(candidate), candidate)
        return list(found.values())

    # -- one file ------------------------------------------------------------------------------

    def _lint(self, path: Path, relpath: str, raw: bytes, applicable: list[tuple[ActiveRule, str]]) -> list[Diagnostic]:
        self.files_checked += 1
        text, error = _decode(raw)
        if error is not None:
            return self._parse_failure(path, relpath, *error)
        shown = self.display(path)
        absolute = path if path.is_absolute() else self.cwd / path
        directory = str(absolute.parent)
        lines: list[str] = []  # as the parsers count lines (\r\n, \r or \n), split once a rule runs
        documents: dict[str, Document | None] = {}
        found: list[Diagnostic] = []
        holds: dict[tuple[bytes, ...], bool] = {}  # rules' needles (most share them) -> found in the file
        for active, fmt in applicable:
            needles = active.rule.needles
            if needles is not None:
                if needles not in holds:
                    holds[needles] = any(needle in raw for needle in needles)
                if not holds[needles]:
                    continue  # imports none of the packages its queries are about: not even parsed
            if fmt not in documents:
                documents[fmt] = self._parse(fmt, text, str(absolute), found)
                self._register_included(documents[fmt], os.path.normpath(absolute))
                if documents[fmt] is not None and self.duplicate_key is not None:
                    found.extend(self._duplicates(documents[fmt], shown))
                if documents[fmt] is not None and self.not_read is not None:
                    found.extend(self._unread(documents[fmt], shown))
            document = documents[fmt]
            if document is not None and not document.generated:
                if not lines:
                    lines[:] = _LINES.split(text)
                results = self._run_rule(active, document, shown, directory, lines, relpath)
                if results and fmt == "go" and self._in_test_package(active, str(absolute)):
                    continue
                found.extend(results)
        if self._linked_errors:
            found.extend(self._linked_errors)
            self._linked_errors = []
        if documents and all(doc is not None and doc.generated for doc in documents.values()):
            return []  # generated files are not linted (and their suppressions are not judged)
        if not documents and not found:
            return []  # no rule read the file
        comments = [c for doc in documents.values() if doc is not None for c in doc.comments]
        return self._suppress(found, comments, lines or _LINES.split(text), shown, relpath)

    def _in_test_package(self, active: ActiveRule, path: str) -> bool:
        """Whether the Go file at ``path`` belongs to a package that only the files the rule skips
        use (``ignore-files: {test-packages: ...}``): asked only of a file with findings, as it
        reads the headers of every Go file of the project, once per process."""
        rule = active.rule
        if not rule.skips_test_packages(active.options):
            return False
        from .formats.go_packages import Project  # noqa: F811 (at run time, imported only here)

        def is_test_file(file: str) -> bool:
            return rule.skips(self.relative(Path(file)), active.options)

        folder = os.path.dirname(path)
        tops = [top for top in self.allowed if inside(folder, top)]
        top = max(tops, key=len) if tops else str(project_top(Path(folder)))
        if top not in self._go_projects:
            self._go_projects[top] = Project(top)
        return self._go_projects[top].is_test_package(folder, is_test_file)

    def _register_included(self, document: Document | None, includer: str) -> None:
        """Files the format read into ``document`` (OpenSSH's Include): findings in them are
        silenced by their own suppression comments, as for a devcontainer's compose files."""
        for path, text, comments in document.included if document is not None else ():
            empty = Node(None, Span(1, 1, 1, 1))
            self._linked.setdefault(os.path.normpath(path), (Document(empty, comments, text), None))
            self.includes.setdefault(includer, set()).add(os.path.normpath(path))

    def _parse(self, fmt: str, text: str, path: str, found: list[Diagnostic]) -> Document | None:
        from .formats import parse

        shown = self.display(Path(path))
        try:
            document = parse(fmt, text, path, self._top_for(path))
        except ParseError as exc:
            self._syntax_error(exc, shown, text, found)
            return None
        except RecursionError:
            if self.parse_error is not None:
                found.append(self._diagnostic(self.parse_error, shown, Span(1, 1, 1, 1), "nested too deeply to parse"))
            return None
        for exc in document.errors:  # recovered from: the file is linted too
            self._syntax_error(exc, shown, text, found)
        return document

    def _syntax_error(self, exc: ParseError, shown: str, text: str, found: list[Diagnostic]) -> None:
        """RL001 for a file's syntax error, unless the file already has one."""
        if self.parse_error is not None and not any(d.code == self.parse_error.rule.code for d in found):
            found.append(self._diagnostic(self.parse_error, shown, _point(exc.line, exc.column, text), exc.message))

    def _duplicates(self, document: Document, shown: str) -> list[Diagnostic]:
        """RL003 at each key that a later one in the same mapping silently overrides."""
        return [
            self._diagnostic(
                self.duplicate_key,
                shown,
                earlier,
                f"`{key}` is set again on line {later.line}, and only that value counts: remove one of them",
            )
            for key, earlier, later in document.duplicates
        ]

    def _unread(self, document: Document, shown: str) -> list[Diagnostic]:
        """RL004 where the file names another that its format did not read (an OpenSSH Include of
        a FIFO, or through a link out of the project), in the file that names it."""
        found = []
        for path, reason, span, origin in document.unread:
            where = shown if origin is None else self.display(Path(origin))
            message = f"not checked: `{path}`, named here, {reason}"
            found.append(self._diagnostic(self.not_read, where, span, message))
        return found

    def _parse_failure(self, path: Path, relpath: str, message: str, line: int, column: int) -> list[Diagnostic]:
        if self.parse_error is None or self._ignored_for(relpath, self.parse_error):
            return []
        return [self._diagnostic(self.parse_error, self.display(path), Span(line, column, line, column + 1), message)]

    def _run_rule(
        self, active: ActiveRule, document: Document, shown: str, directory: str, lines: list[str], relpath: str
    ) -> list[Diagnostic]:
        from .conditions import Context, expand

        found = []
        root = document.root
        combined: dict[tuple, list] = {}
        for check_index, check in enumerate(active.rule.checks):
            if check.files is not None and not any(glob.fullmatch(relpath) for glob in check.files):
                continue  # this check is about other files of the rule
            load = lambda names, fmt: self._load_linked(directory, names, fmt)  # noqa: E731
            if getattr(check.select, "linked", False):
                selected = check.select.select(root, load)
            else:
                selected = check.select.select(root)
            for node in selected:
                ctx = Context(node, active.options, directory, self._load_other)
                ctx.root, ctx.linked = root, load
                if check.where is not None and not check.where(ctx):
                    continue
                subjects = [(node, ctx)]
                if check.each is not None:
                    subjects = []
                    for item in check.each.select(node):
                        inner = ctx.inner(item)
                        inner.captures.update(ctx.captures)
                        inner.outer = node
                        subjects.append((item, inner))
                for subject, sub in subjects:
                    if self.probe is not None:
                        self._probe(active, check_index, check, subject, sub)
                    for index, (condition, at, message) in enumerate(check.cases):
                        if not condition(sub):
                            continue
                        target = next((hit[0] for sel in at if (hit := sel.select(subject))), subject)
                        span = _root_start(root.span, lines) if target is root else target.span
                        where = shown if target.origin is None else self.display(Path(target.origin))
                        if check.combine is not None:
                            named = [n.value for n in check.combine.select(subject) if n.is_scalar]
                            group = combined.setdefault((where, span, index), [sub, target, message, []])
                            group[3] += [str(name) for name in named if str(name) not in group[3]]
                            break
                        extra = {"schema_error": sub.schema_error}
                        if "value" in message:  # the reported value, made only for a message that quotes it
                            extra["value"] = _plain(target)
                        text = expand(message, sub, extra, "?", QUOTED_MOST, self.unresolved)
                        found.append(self._diagnostic(active, where, span, text))
                        break
            # Findings of a `combine` check at one place: one diagnostic naming every subject.
            for (where, span, _index), (sub, target, message, names) in combined.items():
                extra = {"value": _plain(target), "schema_error": sub.schema_error, "combined": _listing(names)}
                text = expand(message, sub, extra, "?", QUOTED_MOST, self.unresolved)
                found.append(self._diagnostic(active, where, span, text))
            combined.clear()
        return found

    def _probe(self, active: ActiveRule, check_index: int, check: Any, subject: Node, ctx: Any) -> None:
        """Records, for every case of the check, which message placeholders resolve on this
        subject (after its condition ran: it may capture)."""
        from .conditions import _MISSING, lookup, template_fields

        assert self.probe is not None
        for case_index, (condition, at, message) in enumerate(check.cases):
            condition(ctx)
            target = next((hit[0] for sel in at if (hit := sel.select(subject))), subject)
            extra = {"value": _plain(target), "schema_error": ctx.schema_error, "combined": ""}
            for name in template_fields(message):
                key = (active.rule.code, check_index, case_index, name)
                if not self.probe.get(key):
                    self.probe[key] = lookup(name, ctx, extra) is not _MISSING

    def _load_other(self, path: str, fmt: str | None) -> Node | None:
        """The root of another file a condition reads (cached), or None if it cannot be read."""
        from .rules import infer_format

        key = (path, fmt)
        if key not in self._other_files:
            fmt_used = fmt or infer_format(Path(path).name)
            document, error = self._read_linked(path, fmt_used) if fmt_used is not None else (None, None)
            if isinstance(error, str):
                self._report_linked(path, error)  # not read (a parse error is that file's own RL001)
            self._other_files[key] = document.root if document is not None else None
        return self._other_files[key]

    def _load_linked(self, directory: str, names: list[str], fmt: str) -> Node | None:
        """The files ``names`` (relative to ``directory``) read with ``fmt`` and combined, or None
        when one of them is missing or cannot be parsed (the parse error is reported in that
        file, as RL001)."""
        from .formats import merge

        files = []
        for name in names:
            path = os.path.normpath(os.path.join(directory, name.replace("\\", "/")))
            if path not in self._linked:
                self._linked[path] = self._read_linked(path, fmt)
            document, error = self._linked[path]
            if error is not None:
                self._report_linked(path, error)
            if document is None:
                return None
            files.append((path, document.root))
        return merge(fmt, files)

    def _report_linked(self, path: str, error: tuple[str, int, int] | str) -> None:
        """A file read through the linted one that could not be used: RL001 where it does not
        parse (``(message, line, column)``), RL004 where it was not read (a reason)."""
        active = self.not_read if isinstance(error, str) else self.parse_error
        if active is None or self._ignored_for(self.relative(Path(path)), active):
            return
        if isinstance(error, str):
            message, line, column = f"not checked: this file {error}", 1, 1
        else:
            message, line, column = error
        span = Span(line, column, line, column + 1)
        self._linked_errors.append(self._diagnostic(active, self.display(Path(path)), span, message))

    def _read_linked(self, path: str, fmt: str) -> tuple[Document | None, tuple[str, int, int] | str | None]:
        """Another file a rule reads (a compose file, a replace target's go.mod): its document,
        or None and why not: a parse error ``(message, line, column)``, or the reason it was not
        read (a string). A missing file is no error here: the rules report it (DC008, GM002)."""
        from .formats import parse

        try:
            raw = read_bytes(path, within=self.allowed)
        except NotRead as exc:
            return None, str(exc)
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            return None, (f"cannot read file: {exc.strerror}", 1, 1)
        text, error = _decode(raw)
        if error is not None:
            return None, error
        try:
            return parse(fmt, text, path, self._top_for(path)), None
        except ParseError as exc:
            return None, (exc.message, exc.line, exc.column)
        except RecursionError:
            return None, ("nested too deeply to parse", 1, 1)

    def _top_for(self, path: str) -> str:
        """The folder a format may read other files from for ``path`` (OpenSSH's Include): the
        allowed folder that holds it."""
        lexical = os.path.normpath(path)
        return next((top for top in self.allowed if inside(lexical, top)), self.allowed[0])

    def _diagnostic(self, active: ActiveRule, shown: str, span: Span, message: str) -> Diagnostic:
        rule = active.rule
        return Diagnostic(
            shown,
            span.line,
            span.column,
            span.end_line,
            span.end_column,
            rule.code,
            rule.name,
            active.severity,
            message,
        )

    # -- suppression ---------------------------------------------------------------------------

    def _ignored_for(self, relpath: str, active: ActiveRule) -> bool:
        return any(
            regex.fullmatch(relpath) and any(_matches(active.rule, token) for token in codes)
            for regex, codes in self.per_file_ignores
        )

    def _suppress(
        self, found: list[Diagnostic], comments: list, lines: list[str], shown: str, relpath: str
    ) -> list[Diagnostic]:
        from .suppress import directives, foreign

        marks = directives(comments, lines) if comments else []
        found = sorted(set(found), key=_order)
        elsewhere = [d for d in found if d.path != shown]
        others = None
        if comments and any(self.active_by_token[d.code].rule.honors for d in found):
            others = foreign(comments, lines)
        kept = [
            d
            for d in found
            if d.path == shown and not self._silenced(d, marks, relpath) and not self._honored(d, others)
        ]
        if elsewhere:
            kept += self._suppress_linked(elsewhere)
        unused = self.unused_suppression
        parse_failed = self.parse_error is not None and any(
            d.code == self.parse_error.rule.code and d.path == shown for d in found
        )
        if unused is None or parse_failed:
            return sorted(kept, key=_order)
        own = (unused.rule.code, unused.rule.name)
        for mark in marks:
            if mark.used or mark.token in own:
                continue
            if mark.token not in self.all_tokens:
                message = f"`{mark.token}` is not a rule code or name: correct it or remove it"
            elif mark.token in self.active_by_token:
                message = f"this suppression of {mark.token} matches no diagnostic: remove it"
            else:
                continue  # a rule this run does not check: the suppression may still be needed
            diagnostic = self._diagnostic(unused, shown, mark.span, message)
            if not self._silenced(diagnostic, marks, relpath):
                kept.append(diagnostic)
        return sorted(kept, key=_order)

    def _suppress_linked(self, found: list[Diagnostic]) -> list[Diagnostic]:
        """Diagnostics in files read through the linted one, less those that the files' own
        suppression comments and the per-file ignores silence. Unused suppressions there are not
        reported: only the rules that read the file through this one ran on it."""
        from .suppress import directives

        by_shown = {self.display(Path(path)): (path, doc) for path, (doc, _) in self._linked.items()}
        kept = []
        for diagnostic in found:
            path, document = by_shown.get(diagnostic.path, (None, None))
            marks = []
            if document is not None and document.comments:
                marks = directives(document.comments, _LINES.split(document.text))
            relpath = self.relative(Path(path)) if path else diagnostic.path
            if not self._silenced(diagnostic, marks, relpath):
                kept.append(diagnostic)
        return kept

    def _honored(self, diagnostic: Diagnostic, others: list | None) -> bool:
        """Whether another tool's suppression comment that the rule honours covers the line."""
        if not others:
            return False
        active = self.active_by_token[diagnostic.code]
        rule = active.rule
        if rule.honors_option is not None and not active.options.get(rule.honors_option):
            return False
        return any(other.line == diagnostic.line and other.silences(rule.honors) for other in others)

    def _silenced(self, diagnostic: Diagnostic, marks: list, relpath: str) -> bool:
        if self._ignored_for(relpath, self.active_by_token[diagnostic.code]):
            return True
        hit = False
        for mark in marks:
            if (mark.whole_file or mark.line == diagnostic.line) and mark.token in (diagnostic.code, diagnostic.name):
                mark.used = True
                hit = True
        return hit


#: The most characters of a value a message quotes.
QUOTED_MOST = 200

#: Below this many files one process is faster than starting more.
PARALLEL_MIN_FILES = 200
_WORKER: Linter | None = None


def _can_fork() -> bool:
    import sys

    return sys.platform != "win32" and hasattr(os, "fork")


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class WorkerError(Exception):
    """A worker process that ended without its results (killed, crashed): a bug, said plainly."""


def _fork_map(function: Any, chunks: list[Any], jobs: int) -> list[Any]:
    """``[function(chunk) for chunk in chunks]``, in ``jobs`` forked processes (worker ``k``
    takes chunks ``k``, ``k + jobs``, ...: they are interleaved slices of the files already),
    each sending its results back pickled through a pipe.

    Ctrl-C is the parent's alone: it is held back while the workers are forked, so that each
    starts with it blocked and ignores it before taking it again, and the parent takes it only
    once every worker is known; whatever ends the parent's wait (Ctrl-C, a broken worker) kills
    and reaps every worker. (multiprocessing.Pool could not promise that: a Ctrl-C while it
    forked left workers orphaned, holding the output pipes, and its terminate() can wait for
    ever on a lock an idle worker holds.)"""
    import pickle
    import signal

    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    workers: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    try:
        for index in range(jobs):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                _worker(function, chunks[index::jobs], write_end, [r for _, r in workers] + [read_end], held)
            os.close(write_end)
            workers.append((pid, read_end))
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl-C held back arrives here
        results: list[Any] = [None] * len(chunks)
        for index, (pid, read_end) in enumerate(workers):
            workers[index] = (pid, -1)  # the stream closes it, whatever happens
            with os.fdopen(read_end, "rb", closefd=True) as stream:
                data = stream.read()
            _, status = os.waitpid(pid, 0)
            workers[index] = (0, -1)
            try:
                kind, payload = pickle.loads(data)
            except Exception:
                raise WorkerError(f"a worker process ended without its results ({_status(status)})") from None
            if kind == "error":
                raise payload
            results[index::jobs] = payload
        return results
    except BaseException:
        for pid, read_end in workers:
            if read_end >= 0:
                os.close(read_end)
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass
        raise
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _worker(function: Any, chunks: list[Any], write_end: int, inherited: list[int], held: Any) -> None:
    """A forked worker: Ctrl-C ignored (the parent stops it), its chunks done, the results (or
    the exception) written to its pipe, and out without running the parent's exit handlers."""
    import pickle
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        for fd in inherited:  # the read ends of the pipes of the parent and earlier workers
            os.close(fd)
        try:
            data = pickle.dumps(("ok", [function(chunk) for chunk in chunks]))
        except BaseException as exc:  # a bug: the parent raises it
            try:
                data = pickle.dumps(("error", exc))
            except Exception:
                data = pickle.dumps(("error", WorkerError(f"{type(exc).__name__}: {exc}")))
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
    finally:
        os._exit(0)


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _lint_chunk(chunk: list[Path]) -> tuple[list[tuple[Path, list[Diagnostic]]], int, dict[str, set[str]]]:
    """Runs in a forked worker: the parent's linter is already here as ``_WORKER``."""
    linter = _WORKER
    assert linter is not None
    linter.files_checked = 0
    linter.includes = {}
    found = [(path, linter.lint_file(path)) for path in chunk]
    return found, linter.files_checked, linter.includes


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


def project_top(folder: Path) -> Path:
    """The top of the git work tree that holds ``folder`` (a ``.git`` folder or file), else
    ``folder`` itself: the project whose files may be read."""
    candidate = Path(os.path.abspath(folder))
    for parent in (candidate, *candidate.parents):
        if os.path.lexists(os.path.join(parent, ".git")):
            return parent
    return candidate


def _order(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.column, d.code, d.message)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _listing(names: list[str], most: int = 5) -> str:
    """``a``, ``a and b``, ``a, b and c``; past ``most``, ``a, b, c, d, e and 3 more``."""
    quoted = list(names)
    if len(quoted) > most:
        return ", ".join(quoted[:most]) + f" and {len(quoted) - most} more"
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1] if quoted else ""


def _plain(node: Node) -> Any:
    return node.value if node.is_scalar else node.plain()


def _root_start(span: Span, lines: list[str]) -> Span:
    """Where a finding about a whole document points: the line its root value starts on, from
    the root's first character to the end of that line (not the whole file)."""
    line = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
    return Span(span.line, span.column, span.line, max(span.column + 1, len(line) + 1))


def _point(line: int, column: int, text: str) -> Span:
    return Span(line, column, line, column + 1)


def _decode(raw: bytes) -> tuple[str, tuple[str, int, int] | None]:
    """UTF-8 text (a BOM is dropped); or where the first byte that is not UTF-8 stands."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig", "replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return "", (f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x})", line, column)
