"""``remdev-lint server``: a language server over stdio, for VS Code, Neovim, Helix, Zed.

Built on pygls (the Python LSP stack, imported only by this command). Each open document is
linted from its in-memory text, as a run from the command line lints the file: with the nearest
configuration above it (``.remdev-lint.toml``, ``pyproject.toml``), its ``rule-dirs`` and
``per-file-ignores``, and through the files that read it (an OpenSSH drop-in through the
configuration that ``Include``\\s it). The other open documents are read from memory too: a
``launch.json`` is judged with the ``tasks.json`` being edited beside it, a devcontainer.json
with its compose file's unsaved text.

- Diagnostics on open, change (after a pause: ``debounce`` milliseconds, 150 by default, in
  ``initializationOptions``) and save, for every open document; a change re-judges every open
  document of the same project, so editing ``tasks.json`` updates ``launch.json``'s DL006.
- Positions in the encoding the client asks for (``general.positionEncodings``: UTF-8, UTF-16,
  UTF-32; UTF-16 by default), through pygls' position codec.
- Code actions: a finding's fix (``quickfix``; a safe one preferred, an unsafe one offered too,
  each checked as ``--fix`` checks it), ``suppress CODE on this line`` and ``... in this file``
  where the format has comments, and ``source.fixAll.remdev-lint`` (every safe fix, in rounds).
- Hover on a finding: its rule's summary and the "What to do instead" of its explanation.
- A change of a configuration or a rule file (seen by its modification time, at the next lint)
  reloads the project; one that does not load is shown (``window/showMessage``), and the server
  goes on. A crash while linting one document (a bug) is that document's one diagnostic and a
  log message; it never stops the server.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from pathlib import Path
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from . import __version__
from .diagnostics import Diagnostic, rule_page

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .edits import Edit
    from .engine import Linter
    from .rules import Rule

SOURCE = "remdev-lint"
FIX_ALL = types.CodeActionKind.SourceFixAll + ".remdev-lint"
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
_LINE_BREAK = re.compile(r"\r\n?|\n")
#: Set in the environment of a test: a document holding this text crashes its lint (how a bug
#: in a rule looks to the server).
CRASH_MARKER = "REMDEV_LINT_SERVER_CRASH_ON"


class Project:
    """One configuration's linting: its settings, rules, and what they were read from (to tell
    when a configuration or a rule file changed)."""

    def __init__(self, config: Path | None, cwd: Path) -> None:
        from .config import load_settings
        from .engine import configure_rules, select_rules
        from .rules import load_rules

        self.config, self.cwd = config, cwd
        self.settings = load_settings(config, cwd)
        self.rules = load_rules(self.settings.rule_folders)
        from .cli import _check_config_codes

        _check_config_codes(self.settings, self.rules)  # an unknown code is the configuration's error
        chosen = select_rules(self.rules, self.settings.select, self.settings.ignore)
        self.active = configure_rules(chosen, self.settings, self.rules)
        self.by_code: dict[str, Rule] = {rule.code: rule for rule in self.rules}
        self.stamp = stamp(config, self.settings.rule_folders)

    def linter(self) -> Linter:
        """A linter for one pass (it caches the other files it reads: a pass reads them afresh)."""
        from .engine import Linter

        return Linter(self.settings, self.active, self.rules, self.cwd)


def stamp(config: Path | None, rule_dirs: list[Path]) -> tuple[Any, ...]:
    """What a project was loaded from: the configuration's and each rule file's modification time."""
    files = [config] if config is not None else []
    for folder in rule_dirs:
        try:
            files += sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
        except OSError:
            files.append(folder)
    found: list[tuple[str, int | None]] = []
    for path in files:
        try:
            found.append((str(path), path.stat().st_mtime_ns))
        except OSError:
            found.append((str(path), None))
    return tuple(found)


class RemdevServer(LanguageServer):
    """The server's state: projects by configuration, the last findings of each document."""

    def __init__(self) -> None:
        # Whole texts, not changes: pygls applies a change by str.splitlines(), which also
        # splits at U+2028, a form feed or NEL, where LSP lines do not end.
        super().__init__(SOURCE, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.projects: dict[tuple[str | None, str], Project] = {}
        self.findings: dict[str, list[Diagnostic]] = {}  # uri -> what the last lint found in it
        self.texts: dict[str, str] = {}  # uri -> the text the last lint saw
        self.debounce = 0.15
        self.pending: Any = None
        self.pending_uri: str | None = None
        self.failures: set[str] = set()  # configuration errors already shown
        #: ``--config FILE``: the configuration of every document, not the nearest one's.
        self.config: Path | None = None

    # -- the project of a document

    def project_for(self, path: Path) -> Project | None:
        """The project that judges ``path``; None (and a message, once) when its configuration or
        rule files do not load."""
        from .config import ConfigError, find_config
        from .engine import UsageError
        from .rules import RuleFileError

        config = self.config or find_config(path.parent)
        cwd = config.parent if config is not None else self.root_for(path)
        key = (str(config) if config is not None else None, str(cwd))
        project = self.projects.get(key)
        if project is not None and project.stamp == stamp(project.config, project.settings.rule_folders):
            return project
        try:
            project = Project(config, cwd)
        except (ConfigError, RuleFileError, UsageError) as exc:
            message = f"remdev-lint: {exc}"
            if message not in self.failures:
                self.failures.add(message)
                self.window_show_message(types.ShowMessageParams(types.MessageType.Error, message))
            self.projects.pop(key, None)
            return None
        self.failures.clear()
        self.projects[key] = project
        return project

    def root_for(self, path: Path) -> Path:
        """The workspace folder holding ``path`` (the deepest); else the git work tree around it;
        else, for a file of no project (``~/.ssh/config``), the home folder or the file system's
        root above it, so that the rules' globs see ``.ssh/config`` as a run from there does."""
        from .workspace import project_top

        best: Path | None = None
        for folder in self.workspace.folders.values():
            root = Path(to_fs_path(folder.uri) or "")
            if root in path.parents and (best is None or len(root.parts) > len(best.parts)):
                best = root
        root_path = self.workspace.root_path
        if best is None and root_path and Path(root_path) in path.parents:
            best = Path(root_path)
        if best is not None:
            return best
        top = project_top(path.parent)
        if os.path.lexists(top / ".git"):
            return top
        home = Path.home()
        return home if home in path.parents else Path(path.anchor or "/")

    # -- linting

    def watch_configuration(self) -> None:
        """Ask the client to say when a configuration or a rule file changes on disk (it then
        re-judges the open documents at once, not at the next edit), where it can."""
        capabilities = self.client_capabilities.workspace
        watched = capabilities.did_change_watched_files if capabilities is not None else None
        if watched is None or not watched.dynamic_registration:
            return  # the next lint sees the change (by the files' modification times)
        watchers = [
            types.FileSystemWatcher(glob_pattern=pattern)
            for pattern in ("**/.remdev-lint.toml", "**/pyproject.toml", "**/*.yaml", "**/*.yml")
        ]
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
        registration = types.Registration(
            id="remdev-lint-configuration", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
        )
        self.client_register_capability(types.RegistrationParams(registrations=[registration]))

    def open_documents(self) -> dict[str, str]:
        """The open documents' texts, by the URI the client gave each (pygls keeps them by a
        decoded one, which is neither what the client asks about nor always a file's)."""
        return {doc.uri: doc.source for doc in self.workspace.text_documents.values()}

    def current(self, uri: str) -> tuple[Path, str, int | None] | None:
        """An open document's path, its text now, and its version; the document linted again
        first when its text changed since (a code action asked before the pause in typing
        ends must not be computed on the text before)."""
        document = self.workspace.text_documents.get(unquote(uri))
        path = to_fs_path(uri)
        if document is None or path is None:
            return None
        if self.texts.get(uri) != document.source:
            with self.in_memory():
                self.lint_document(uri, Path(path), document.source)
        return Path(path), document.source, document.version

    def in_memory(self, path: Path | None = None, text: str | None = None) -> Any:
        """A context in which the files read are the open documents' texts (and ``path``'s is
        ``text``), not the disk's."""
        from .reading import overlaid

        memory = {}
        for uri, source in self.open_documents().items():
            name = to_fs_path(uri)
            if name:
                memory[os.path.abspath(name)] = source.encode("utf-8", "surrogatepass")
        if path is not None and text is not None:
            memory[os.path.abspath(path)] = text.encode("utf-8", "surrogatepass")
        return overlaid(memory)

    def lint_all(self) -> None:
        """Every open document, each from its text, the others' texts read from memory too."""
        self.lint_changed(None)

    def lint_changed(self, changed: str | None) -> None:
        """The document ``changed`` (its URI) and the open documents that read it (a launch.json
        beside a tasks.json, a devcontainer.json with a compose file, an ssh configuration with
        a drop-in); every open document when ``changed`` is None."""
        documents = self.open_documents()
        changed_path = to_fs_path(changed) if changed is not None else None
        with self.in_memory():
            for uri, text in documents.items():
                path = to_fs_path(uri)
                if not path:
                    continue
                if changed is None or uri == changed or changed_path and self.reads(Path(path), Path(changed_path)):
                    self.lint_document(uri, Path(path), text)

    def reads(self, reader: Path, changed: Path) -> bool:
        """Whether the open document ``reader`` may read ``changed`` (its findings change with it),
        by its project's rules."""
        project = self.project_for(reader)
        return project is not None and project.linter().may_read(reader, changed)

    def lint_document(self, uri: str, path: Path, text: str) -> None:
        try:
            found = self.lint_text(path, text)
        except Exception as exc:  # a bug: one diagnostic and a log, the server goes on
            detail = "".join(traceback.format_exception(exc))
            self.window_log_message(
                types.LogMessageParams(types.MessageType.Error, f"remdev-lint crashed on {path}:\n{detail}")
            )
            crash = types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                message=f"remdev-lint crashed while linting this file ({type(exc).__name__}: {exc}); "
                "the server's log has the details: please report it",
                severity=types.DiagnosticSeverity.Error,
                source=SOURCE,
            )
            self.findings[uri], self.texts[uri] = [], text
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[crash]))
            return
        if found is None:
            self.findings.pop(uri, None)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
            return
        self.findings[uri], self.texts[uri] = found, text
        lines = _LINE_BREAK.split(text)
        project = self.project_for(path)
        rules = project.by_code if project is not None else {}
        published = [self.to_lsp(d, lines, rules.get(d.code)) for d in found]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=published))

    def lint_text(self, path: Path, text: str) -> list[Diagnostic] | None:
        """The findings in ``path`` were its text ``text`` (None: its project does not load)."""
        crash = os.environ.get(CRASH_MARKER)
        if crash and crash in text:
            raise RuntimeError(f"the test marker {crash!r} is in the file")
        linter = self.linter_for(path)
        if linter is None:
            return None
        shown = linter.workspace.display(path)
        return [d for d in linter.lint_file(path) if d.path == shown]

    def linter_for(self, path: Path) -> Linter | None:
        """A linter of ``path``'s project for one pass, the file taken as named (judged through
        the files that read it); None when the project does not load."""
        project = self.project_for(path)
        if project is None:
            return None
        linter = project.linter()
        linter.workspace.named.add(os.path.normpath(os.path.abspath(path)))
        linter.workspace.allow(path.parent)
        return linter

    def to_lsp(self, d: Diagnostic, lines: list[str], rule: Rule | None = None) -> types.Diagnostic:
        codec = self.workspace.position_codec
        start = types.Position(max(d.line - 1, 0), max(d.column - 1, 0))
        end = types.Position(max(d.end_line - 1, 0), max(d.end_column - 1, 0))
        rng = codec.range_to_client_units(lines, types.Range(start, end))
        page = rule_page(rule) if rule is not None else None
        return types.Diagnostic(
            range=rng,
            message=d.message,
            severity=_SEVERITY.get(d.severity, types.DiagnosticSeverity.Warning),
            code=d.code,
            code_description=types.CodeDescription(href=page) if page is not None else None,
            source=SOURCE,
            data={"name": d.name, "fix": None if d.fix is None else d.fix.title},
        )

    def schedule(self, uri: str) -> None:
        """Lint the changed document (and what reads it) once the typing pauses for
        ``debounce`` seconds; a change to another document first lints the one pending."""
        import asyncio

        if self.pending is not None:
            self.pending.cancel()
            pending_uri = self.pending_uri
            if pending_uri is not None and pending_uri != uri:
                self.lint_changed(pending_uri)
        self.pending_uri = uri
        if self.debounce <= 0:
            self.pending = None
            self.lint_changed(uri)
            return
        loop = asyncio.get_event_loop()
        self.pending = loop.call_later(self.debounce, self._run_pending, uri)

    def _run_pending(self, uri: str) -> None:
        self.pending = None
        self.lint_changed(uri)

    # -- code actions

    def finding_at(self, uri: str, diagnostic: types.Diagnostic) -> Diagnostic | None:
        """The finding an editor's diagnostic stands for (same rule, message and start line)."""
        for d in self.findings.get(uri, []):
            if (
                d.code == diagnostic.code
                and d.message == diagnostic.message
                and d.line - 1 == diagnostic.range.start.line
            ):
                return d
        return None

    def text_edit(self, text: str, edit: Edit) -> types.TextEdit:
        """A code-point edit of ``text`` as an LSP TextEdit in the client's units."""
        from .model import LineTable

        table = LineTable(text)
        lines = _LINE_BREAK.split(text)
        start_line, start_column = table.position(edit.start)
        end_line, end_column = table.position(edit.end)
        rng = types.Range(
            types.Position(start_line - 1, start_column - 1), types.Position(end_line - 1, end_column - 1)
        )
        return types.TextEdit(range=self.workspace.position_codec.range_to_client_units(lines, rng), new_text=edit.text)

    def fix_action(
        self, uri: str, path: Path, text: str, d: Diagnostic, lsp: types.Diagnostic
    ) -> types.CodeAction | None:
        """The finding's fix, when it still holds once made (checked as --fix checks it)."""
        from .edits import apply
        from .fixes import _holds

        assert d.fix is not None
        linter = self.linter_for(path)
        if linter is None:
            return None
        new = apply(text, d.fix.edits)
        with self.in_memory():  # what the file brings, and the files that read it bring, before and after
            before = linter.lint_in_place(path, text.encode("utf-8", "surrogatepass"))
            after = (
                linter.lint_in_place(path, new.encode("utf-8", "surrogatepass")) if linter.parses(path, new) else None
            )
        if after is None or not _holds(before, after, [d]):
            return None
        title = f"{d.fix.title} ({d.code}{', unsafe' if d.fix.unsafe else ''})"
        edits = [self.text_edit(text, edit) for edit in d.fix.edits]
        return types.CodeAction(
            title=title,
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[lsp],
            is_preferred=not d.fix.unsafe,
            edit=self.workspace_edit(uri, edits),
        )

    def workspace_edit(self, uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        """``edits`` of the document as the client can take them: with the document's version,
        which the client checks (a stale edit is refused, not misapplied), where it can."""
        capabilities = self.client_capabilities.workspace
        changes = capabilities.workspace_edit if capabilities is not None else None
        document = self.workspace.text_documents.get(unquote(uri))
        if changes is None or not changes.document_changes or document is None:
            return types.WorkspaceEdit(changes={uri: edits})
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=document.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=identifier, edits=edits)])

    def suppress_actions(
        self, uri: str, path: Path, text: str, d: Diagnostic, lsp: types.Diagnostic
    ) -> list[types.CodeAction]:
        """``suppress CODE on this line`` and ``... in this file``, where the format has comments."""
        from .annotate import COMMENTS, _with_comments
        from .edits import Edit as Made

        project = self.project_for(path)
        if project is None or d.code in ("RL001", "RL002", "RL004"):  # not silenced by a comment
            return []
        linter = project.linter()
        formats = [fmt for _a, fmt in linter.rules_for(linter.workspace.relative(path))]
        style = next((COMMENTS[fmt] for fmt in formats if fmt in COMMENTS), None)
        if style is None:
            return []
        marker, at_end = style
        actions = []
        on_line = _with_comments(text, [d], "", marker, at_end)
        if on_line is not None:
            actions.append(self._rewrite(uri, text, on_line, f"Suppress {d.code} on this line", lsp))
        head = _file_comment_line(text, formats)
        # In Go, a blank line after it: a comment right above `package` is the package's documentation.
        gap = _newline(text) if "go" in formats else ""
        line = f"{marker} remdev-lint: ignore-file[{d.code}]{_newline(text)}{gap}"
        actions.append(self._edit_action(uri, text, Made(head, head, line), f"Suppress {d.code} in this file", lsp))
        return actions

    def _rewrite(self, uri: str, old: str, new: str, title: str, lsp: types.Diagnostic) -> types.CodeAction:
        return self._edit_action(uri, old, _smallest_edit(old, new), title, lsp)

    def _edit_action(self, uri: str, old: str, edit: Edit, title: str, lsp: types.Diagnostic) -> types.CodeAction:
        return types.CodeAction(
            title=title,
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[lsp],
            edit=self.workspace_edit(uri, [self.text_edit(old, edit)]),
        )

    def fix_all(self, uri: str, path: Path, text: str) -> types.CodeAction | None:
        """Every safe fix of the document, made in rounds as --fix makes them."""
        from .fixes import fix_text

        linter = self.linter_for(path)
        if linter is None:
            return None
        with self.in_memory():
            new, fixed, _refused = fix_text(linter, path, text, unsafe=False)
        if not fixed or new == text:
            return None
        return types.CodeAction(
            title=f"remdev-lint: fix all ({fixed} {'fix' if fixed == 1 else 'fixes'})",
            kind=FIX_ALL,
            edit=self.workspace_edit(uri, [self.text_edit(text, _smallest_edit(text, new))]),
        )

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        """The fixes and suppressions of the findings the client names; fix-all when asked."""
        uri = params.text_document.uri
        now = self.current(uri)
        if now is None:
            return []
        path, text, _version = now
        wanted = params.context.only
        actions: list[types.CodeAction] = []
        if wanted is None or any(kind.startswith(types.CodeActionKind.QuickFix) for kind in wanted):
            for lsp in params.context.diagnostics:
                d = self.finding_at(uri, lsp) if lsp.source == SOURCE else None
                if d is None:
                    continue
                action = self.fix_action(uri, Path(path), text, d, lsp) if d.fix is not None else None
                actions += [action] if action is not None else []
                actions += self.suppress_actions(uri, Path(path), text, d, lsp)
        if wanted is not None and any(FIX_ALL.startswith(kind) for kind in wanted):
            action = self.fix_all(uri, Path(path), text)
            actions += [action] if action is not None else []
        return actions

    def hover_at(self, params: types.HoverParams) -> types.Hover | None:
        """The rule of each finding under the cursor: its summary and what to do instead."""
        uri = params.text_document.uri
        now = self.current(uri)
        if now is None:
            return None
        path, text, _version = now
        lines = _LINE_BREAK.split(text)
        here = (params.position.line, params.position.character)
        parts = []
        for d in self.findings.get(uri, []):
            rng = self.to_lsp(d, lines).range
            if not (rng.start.line, rng.start.character) <= here <= (rng.end.line, rng.end.character):
                continue
            project = self.project_for(Path(path))
            rule = project.by_code.get(d.code) if project is not None else None
            if rule is None:
                continue
            advice = _what_to_do(rule.explanation)
            part = f"**{rule.code} {rule.name}** ({d.severity}): {rule.summary}"
            parts.append(part + (f"\n\n**What to do instead**\n\n{advice}" if advice else ""))
        if not parts:
            return None
        markdown = types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts))
        return types.Hover(contents=markdown)


def _newline(text: str) -> str:
    match = _LINE_BREAK.search(text)
    return match.group() if match else "\n"


def _file_comment_line(text: str, formats: list[str]) -> int:
    """Where a file-wide suppression goes: the first line, after a shebang (``#!``) and a
    Dockerfile's parser directives (``# syntax=...``), which must come first."""
    offset = 0
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        line = match.group()
        if not line:
            break
        if line.startswith("#!") and offset == 0 or "dockerfile" in formats and re.match(r"#\s*\w+\s*=", line):
            offset = match.end()
            continue
        break
    return offset


def _smallest_edit(old: str, new: str) -> Edit:
    """One edit turning ``old`` into ``new``: what lies between their common head and tail."""
    head = 0
    most = min(len(old), len(new))
    while head < most and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < most - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    from .edits import Edit as Made

    return Made(head, len(old) - tail, new[head : len(new) - tail])


def _what_to_do(explanation: str) -> str:
    """The "What to do instead" section of a rule's explanation (Markdown)."""
    match = re.search(r"^## What to do instead\s*\n(.*?)(?=^## |\Z)", explanation, re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""


def build() -> RemdevServer:
    """The server with its features (a function, so that a test or a bench can build one)."""
    server = RemdevServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: RemdevServer, params: types.InitializeParams) -> None:
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        debounce = options.get("debounce")
        if isinstance(debounce, (int, float)) and not isinstance(debounce, bool) and debounce >= 0:
            ls.debounce = debounce / 1000

    @server.feature(types.INITIALIZED)
    def initialized(ls: RemdevServer, params: types.InitializedParams) -> None:
        ls.watch_configuration()

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: RemdevServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: RemdevServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.findings.pop(uri, None)
        ls.texts.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        ls.lint_changed(uri)  # those that read it read it from disk again

    # Opening or saving a document: it, and the open documents that read it.
    for event in (types.TEXT_DOCUMENT_DID_OPEN, types.TEXT_DOCUMENT_DID_SAVE):
        server.feature(event)(lambda ls, params: ls.lint_changed(params.text_document.uri))
    # A configuration or rule file changed on disk, a setting changed: every open document.
    for event in (types.WORKSPACE_DID_CHANGE_WATCHED_FILES, types.WORKSPACE_DID_CHANGE_CONFIGURATION):
        server.feature(event)(lambda ls, params: ls.lint_all())

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    def code_action(ls: RemdevServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: RemdevServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover_at(params)

    return server


def main(argv: list[str]) -> int:
    """``remdev-lint server [--stdio] [--config FILE]``: serve over standard input and output
    (clients add ``--stdio``); ``--config`` names the configuration of every document."""
    import argparse

    parser = argparse.ArgumentParser(prog="remdev-lint server", description="The language server, over stdio.")
    parser.add_argument("--stdio", action="store_true", help="serve over standard input and output (the default)")
    parser.add_argument("--config", metavar="FILE", help="the configuration of every document (default: the nearest)")
    args = parser.parse_args(argv)
    server = build()
    if args.config is not None:
        config = Path(args.config).resolve()
        if not config.is_file():
            sys.stderr.write(f"remdev-lint server: error: --config {args.config}: no such file\n")
            return 2
        server.config = config
    server.start_io()
    return 0
