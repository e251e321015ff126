"""`remdev-lint server`, driven by a real LSP client (pytest-lsp's, over the server's stdio):
diagnostics in each position encoding, related files from memory, code actions, hover,
configuration reloads, a broken rule file and a crash that do not stop the server."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient, make_test_lsp_client

from conftest import write

TASKS = """{
  // 😀 the debug server — 调试
  "version": "2.0.0",
  "tasks": [
    {"label": "dlv", "type": "shell", "command": "dlv debug --headless --listen=127.0.0.1:2345 ./cmd"}
  ]
}
"""
LAUNCH = """{
  "configurations": [
    {"name": "Attach", "type": "go", "request": "attach", "mode": "remote", "debugAdapter": "dlv-dap",
     "preLaunchTask": "dlv", "host": "127.0.0.1", "port": 2345,
     "substitutePath": [{"from": "${workspaceFolder}", "to": "/app"}]}
  ]
}
"""


def uri(path: Path) -> str:
    found = from_fs_path(str(path))
    assert found is not None
    return found


class Session:
    """A client talking to a server started for one test (its folder as the workspace)."""

    def __init__(self, client: LanguageClient, root: Path, result: types.InitializeResult) -> None:
        self.client, self.root, self.result = client, root, result
        self.versions: dict[str, int] = {}
        self.registrations: list[types.Registration] = []

    def open(self, relpath: str, text: str | None = None, language: str = "jsonc") -> str:
        path = self.root / relpath
        if text is None:
            text = path.read_text(encoding="utf-8")
        doc = uri(path)
        self.versions[doc] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(doc, language, 1, text))
        )
        return doc

    def change(self, doc: str, text: str) -> None:
        self.versions[doc] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=doc, version=self.versions[doc]),
                [types.TextDocumentContentChangeWholeDocument(text)],
            )
        )

    async def code_actions(
        self, doc: str, found: list[types.Diagnostic], only: list[str] | None = None
    ) -> list[types.CodeAction]:
        """The code actions for ``found`` in the document (or of the kinds ``only`` names)."""
        everywhere = types.Range(types.Position(0, 0), types.Position(0, 0))
        actions = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(doc), everywhere, types.CodeActionContext(diagnostics=found, only=only)
            )
        )
        assert actions is not None
        return [action for action in actions if isinstance(action, types.CodeAction)]

    async def diagnostics(self, doc: str, until: Callable[[list[types.Diagnostic]], bool]) -> list[types.Diagnostic]:
        """The document's diagnostics once ``until`` holds for them (10 s at most)."""
        for _ in range(500):
            found = list(self.client.diagnostics.get(doc, []))
            if doc in self.client.diagnostics and until(found):
                return found
            await asyncio.sleep(0.02)
        raise AssertionError(f"no diagnostics of {doc} as wanted; last: {self.client.diagnostics.get(doc)}")


def run(
    test: Callable[[Session], Awaitable[None]],
    root: Path,
    encodings: list[str] | None = None,
    args: tuple[str, ...] = (),
    workspace_edit: bool = False,
    debounce: int = 0,
    **env: str,
) -> None:
    """``test`` with a session over a server started in ``root`` (with ``args``, as an editor's
    client starts it: ``--stdio`` last)."""

    async def main() -> None:
        client = make_test_lsp_client()
        registrations: list[types.Registration] = []

        @client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            registrations.extend(params.registrations)

        command = ("-m", "remdev_lint", "server", *args, "--stdio")
        await client.start_io(sys.executable, *command, env={**os.environ, **env}, cwd=str(root))
        capabilities = types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
            text_document=types.TextDocumentClientCapabilities(
                code_action=types.CodeActionClientCapabilities(
                    code_action_literal_support=types.ClientCodeActionLiteralOptions(
                        types.ClientCodeActionKindOptions(value_set=["quickfix", "source.fixAll"])
                    )
                ),
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(),
            ),
            workspace=types.WorkspaceClientCapabilities(
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True),
                workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=workspace_edit),
            ),
        )
        result = await client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities,
                root_uri=uri(root),
                workspace_folders=[types.WorkspaceFolder(uri(root), root.name)],
                initialization_options={"debounce": debounce},
            )
        )
        session = Session(client, root, result)
        session.registrations = registrations
        try:
            await test(session)
        finally:
            await client.shutdown_session()
            await client.stop()

    asyncio.run(main())


def codes(found: list[types.Diagnostic]) -> list[Any]:
    return sorted(str(d.code) for d in found)


# --- diagnostics and positions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encodings", "chosen", "column"),
    [
        # `--listen=`'s value starts after 😀 (2 UTF-16 units, 4 UTF-8 bytes) and 调试 (3 bytes each).
        (None, "utf-16", 88),
        (["utf-8"], "utf-8", 94),
        (["utf-32", "utf-16"], "utf-32", 87),
    ],
)
def test_diagnostics_on_open_in_the_position_encoding_the_client_asks_for(tmp_path, encodings, chosen, column):
    text = '{"tasks": [{"label": "😀调试", "type": "shell", "command": "dlv debug --headless --listen=:2345 ./x"}]}\n'
    write(tmp_path, ".vscode/tasks.json", text)

    async def test(session: Session) -> None:
        doc = session.open(".vscode/tasks.json")
        found = await session.diagnostics(doc, lambda d: len(d) == 2)
        assert session.result.capabilities.position_encoding == chosen
        listen = next(d for d in found if d.code == "DL001")
        assert (listen.range.start.line, listen.range.start.character) == (0, column)
        assert listen.range.end.character - listen.range.start.character == len(":2345")  # ASCII in any units
        assert listen.severity == types.DiagnosticSeverity.Error and listen.source == "remdev-lint"
        assert listen.code_description is not None
        assert listen.code_description.href.endswith("/docs/rules/DL001.md")
        assert codes(found) == ["DL001", "DL005"]

    run(test, tmp_path, encodings)


def test_a_change_is_judged_from_memory_and_a_closed_document_is_cleared(tmp_path):
    write(tmp_path, ".vscode/tasks.json", TASKS)

    async def test(session: Session) -> None:
        doc = session.open(".vscode/tasks.json")
        assert codes(await session.diagnostics(doc, lambda d: bool(d))) == ["DL005"]
        session.change(doc, TASKS.replace("--headless", "--headless --accept-multiclient"))
        await session.diagnostics(doc, lambda d: d == [])
        session.change(doc, TASKS.replace("127.0.0.1:2345", ":2345"))
        assert codes(await session.diagnostics(doc, lambda d: len(d) == 2)) == ["DL001", "DL005"]
        session.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(doc)))
        await session.diagnostics(doc, lambda d: d == [])

    run(test, tmp_path)


def test_editing_tasks_json_re_judges_the_open_launch_json(tmp_path):
    write(tmp_path, ".vscode/tasks.json", TASKS)
    write(tmp_path, ".vscode/launch.json", LAUNCH)

    async def test(session: Session) -> None:
        launch = session.open(".vscode/launch.json")
        tasks = session.open(".vscode/tasks.json")
        await session.diagnostics(launch, lambda d: d == [])
        # The unsaved tasks.json now serves another port: launch.json's configuration is wrong.
        session.change(tasks, TASKS.replace("2345", "40000"))
        found = await session.diagnostics(launch, lambda d: bool(d))
        assert codes(found) == ["DL006"] and "127.0.0.1:40000" in found[0].message

    run(test, tmp_path)


def test_an_ssh_fragment_is_judged_through_the_configuration_that_includes_it(tmp_path):
    write(tmp_path, ".ssh/config", "Include config.d/*\n\nHost *\n  ServerAliveInterval 30\n")
    write(tmp_path, ".ssh/config.d/work.conf", "Host work\n  HostName work.example.com\n")

    async def test(session: Session) -> None:
        doc = session.open(".ssh/config.d/work.conf", language="ssh_config")
        await session.diagnostics(doc, lambda d: d == [])
        session.change(doc, "Host work\n  StrictHostKeyChecking no\n")
        found = await session.diagnostics(doc, lambda d: bool(d))
        assert codes(found) == ["SC009"] and (found[0].range.start.line, found[0].range.start.character) == (1, 24)

    run(test, tmp_path)


# --- code actions and hover -----------------------------------------------------------------------


def test_code_actions_offer_each_fix_the_suppressions_and_fix_all(tmp_path):
    text = TASKS.replace("127.0.0.1:2345", ":2345")
    write(tmp_path, ".vscode/tasks.json", text)

    async def test(session: Session) -> None:
        doc = session.open(".vscode/tasks.json")
        found = await session.diagnostics(doc, lambda d: len(d) == 2)
        by_title = {a.title: a for a in await session.code_actions(doc, found)}
        safe = by_title["Add `--accept-multiclient` (DL005)"]
        unsafe = by_title["Write `127.0.0.1:2345` (DL001, unsafe)"]
        assert safe.is_preferred and not unsafe.is_preferred and safe.kind == "quickfix"
        assert safe.edit is not None and safe.edit.changes is not None
        [edit] = safe.edit.changes[doc]
        assert edit.new_text == " --accept-multiclient" and edit.range.start == edit.range.end
        line = text.splitlines()[4]
        assert edit.range.start == types.Position(4, line.index("--headless") + len("--headless"))
        assert "Suppress DL005 on this line" in by_title and "Suppress DL001 in this file" in by_title
        [on_line] = by_title["Suppress DL005 on this line"].edit.changes[doc]  # type: ignore[union-attr]
        assert on_line.new_text == " // remdev-lint: ignore[DL005]"

        [action] = await session.code_actions(doc, [], only=["source.fixAll.remdev-lint"])
        assert action.kind == "source.fixAll.remdev-lint"
        [whole] = action.edit.changes[doc]  # type: ignore[union-attr]
        lines = text.splitlines(keepends=True)
        start, end = whole.range.start, whole.range.end
        assert start.line == end.line == 4
        line = lines[4][: start.character] + whole.new_text + lines[4][end.character :]
        # The safe fix only: DL001's address stays.
        assert line == lines[4].replace("--headless", "--headless --accept-multiclient")

    run(test, tmp_path)


def test_hover_on_a_finding_shows_its_rule_and_what_to_do_instead(tmp_path):
    write(tmp_path, ".vscode/tasks.json", TASKS)

    async def test(session: Session) -> None:
        doc = session.open(".vscode/tasks.json")
        [finding] = await session.diagnostics(doc, lambda d: bool(d))
        hover = await session.client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(doc), finding.range.start)
        )
        nothing = await session.client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(doc), types.Position(0, 0))
        )
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        assert hover.contents.value.startswith("**DL005 dlv-headless-single-client** (warning): ")
        assert "**What to do instead**" in hover.contents.value and "--accept-multiclient" in hover.contents.value
        assert nothing is None

    run(test, tmp_path)


# --- configuration, broken rules, crashes ---------------------------------------------------------


def test_a_changed_configuration_is_read_at_the_next_lint(tmp_path):
    write(tmp_path, ".vscode/tasks.json", TASKS)

    async def test(session: Session) -> None:
        doc = session.open(".vscode/tasks.json")
        await session.diagnostics(doc, lambda d: bool(d))
        write(session.root, ".remdev-lint.toml", 'ignore = ["DL005"]\n')
        session.change(doc, TASKS + "\n")
        await session.diagnostics(doc, lambda d: d == [])

    run(test, tmp_path)


def test_a_broken_rule_file_is_shown_and_the_server_goes_on(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')
    write(tmp_path, "policy/team.yaml", "rules: [{code: TM001}\n")
    write(tmp_path, ".vscode/tasks.json", TASKS)

    async def test(session: Session) -> None:
        doc = session.open(".vscode/tasks.json")
        await session.diagnostics(doc, lambda d: d == [])
        assert any(
            "policy/team.yaml" in m.message and m.type == types.MessageType.Error for m in session.client.messages
        )
        write(session.root, ".remdev-lint.toml", "")  # the folder no longer named: the next lint loads
        session.change(doc, TASKS + "\n")
        assert codes(await session.diagnostics(doc, lambda d: bool(d))) == ["DL005"]

    run(test, tmp_path)


def test_a_crash_on_one_file_is_its_one_diagnostic_and_the_others_are_linted(tmp_path):
    write(tmp_path, ".vscode/tasks.json", TASKS)
    write(tmp_path, ".vscode/settings.json", '{"go.useLanguageServer": true} // CRASH-HERE\n')

    async def test(session: Session) -> None:
        settings = session.open(".vscode/settings.json")
        tasks = session.open(".vscode/tasks.json")
        [crash] = await session.diagnostics(settings, lambda d: bool(d))
        assert crash.message.startswith("remdev-lint crashed while linting this file (RuntimeError")
        assert codes(await session.diagnostics(tasks, lambda d: bool(d))) == ["DL005"]
        assert any("Traceback" in m.message for m in session.client.log_messages)
        session.change(settings, '{"go.useLanguageServer": true, "remote.autoForwardPorts": false}\n')
        await session.diagnostics(settings, lambda d: d == [])

    run(test, tmp_path, REMDEV_LINT_SERVER_CRASH_ON="CRASH-HERE")


def test_the_configuration_given_to_the_server_judges_every_document(tmp_path):
    write(tmp_path, "editor.toml", 'ignore = ["DL005"]\n')
    write(tmp_path, ".vscode/tasks.json", TASKS.replace("127.0.0.1:2345", ":2345"))

    async def test(session: Session) -> None:
        doc = session.open(".vscode/tasks.json")
        assert codes(await session.diagnostics(doc, lambda d: bool(d))) == ["DL001"]

    run(test, tmp_path, args=("--config", "editor.toml"))


def test_suppressing_in_this_file_silences_the_rule_and_keeps_the_package_documentation_apart(tmp_path):
    text = '// Package main fetches.\npackage main\n\nimport "net/http"\n\nfunc main() { http.Get("http://example.com") }\n'
    write(tmp_path, "go.mod", "module example.com/app\n\ngo 1.22\n")
    write(tmp_path, "main.go", text)

    async def test(session: Session) -> None:
        doc = session.open("main.go", language="go")
        found = await session.diagnostics(doc, lambda d: bool(d))
        actions = await session.code_actions(doc, found)
        [whole] = [a for a in actions if a.title == "Suppress GH002 in this file"]
        [edit] = whole.edit.changes[doc]  # type: ignore[union-attr]
        assert edit.range.start == edit.range.end == types.Position(0, 0)
        assert edit.new_text == "// remdev-lint: ignore-file[GH002]\n\n"
        session.change(doc, edit.new_text + text)
        await session.diagnostics(doc, lambda d: d == [])

    run(test, tmp_path)


def test_a_configuration_changed_on_disk_re_judges_the_open_documents_at_once(tmp_path):
    write(tmp_path, ".vscode/tasks.json", TASKS)

    async def test(session: Session) -> None:
        doc = session.open(".vscode/tasks.json")
        await session.diagnostics(doc, lambda d: bool(d))
        [registration] = session.registrations  # the server asked to be told of configuration files
        assert registration.method == "workspace/didChangeWatchedFiles"
        options = registration.register_options  # as the client received it: JSON
        patterns = [w["globPattern"] for w in options["watchers"]]  # type: ignore[index]
        assert "**/.remdev-lint.toml" in patterns and "**/pyproject.toml" in patterns
        config = write(session.root, ".remdev-lint.toml", 'ignore = ["DL005"]\n')
        session.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams([types.FileEvent(uri(config), types.FileChangeType.Created)])
        )
        await session.diagnostics(doc, lambda d: d == [])  # no edit of the document needed

    run(test, tmp_path)


# --- found by review -------------------------------------------------------------------------------


def test_a_code_action_asked_before_the_pause_is_computed_on_the_text_now_with_its_version(tmp_path):
    write(tmp_path, ".vscode/tasks.json", TASKS)

    async def test(session: Session) -> None:
        doc = session.open(".vscode/tasks.json")
        await session.diagnostics(doc, lambda d: bool(d))
        text = "// note\n" + TASKS  # typed, and asked at once (the lint waits for a pause: 150 ms)
        session.change(doc, text)
        [action] = await session.code_actions(doc, [], only=["source.fixAll"])
        assert action.edit is not None
        [change] = action.edit.document_changes  # type: ignore[misc]
        assert change.text_document.version == 2  # type: ignore[union-attr]
        [edit] = change.edits  # type: ignore[union-attr]
        lines = text.splitlines(keepends=True)
        line = lines[edit.range.start.line]
        fixed = line[: edit.range.start.character] + edit.new_text + line[edit.range.end.character :]
        assert fixed == lines[5].replace("--headless", "--headless --accept-multiclient")

    run(test, tmp_path, workspace_edit=True, debounce=150)


@pytest.mark.parametrize("folder", ["my proj", "a#b", "中文"])
def test_a_path_the_uri_encodes_gets_diagnostics_hover_and_actions(tmp_path, folder):
    root = tmp_path / folder
    write(root, ".vscode/tasks.json", TASKS)

    async def test(session: Session) -> None:
        doc = session.open(".vscode/tasks.json")
        assert "%" in doc
        [finding] = await session.diagnostics(doc, lambda d: bool(d))
        hover = await session.client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(doc), finding.range.start)
        )
        assert hover is not None and finding.code == "DL005"

    run(test, root)


def test_a_file_of_no_workspace_is_judged_as_a_run_judges_it(tmp_path):
    home = tmp_path / "home"
    write(home, ".ssh/config", "Host vm\n  StrictHostKeyChecking no\n")
    (tmp_path / "project").mkdir()

    async def test(session: Session) -> None:
        doc = uri(home / ".ssh/config")
        session.versions[doc] = 1
        session.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(doc, "ssh_config", 1, "Host vm\n  StrictHostKeyChecking no\n")
            )
        )
        assert "SC009" in codes(await session.diagnostics(doc, lambda d: bool(d)))

    run(test, tmp_path / "project", HOME=str(home))


def test_an_unknown_rule_code_in_the_configuration_is_shown_not_a_crash(tmp_path):
    write(tmp_path, ".remdev-lint.toml", 'select = ["NOPE"]\n')
    write(tmp_path, ".vscode/tasks.json", TASKS)

    async def test(session: Session) -> None:
        doc = session.open(".vscode/tasks.json")
        await session.diagnostics(doc, lambda d: d == [])
        assert any("NOPE" in m.message and m.type == types.MessageType.Error for m in session.client.messages)

    run(test, tmp_path)


def test_a_line_separator_in_a_comment_does_not_shift_the_document(tmp_path):
    text = TASKS.replace("the debug server", "the debug\u2028server")
    write(tmp_path, ".vscode/tasks.json", text)

    async def test(session: Session) -> None:
        doc = session.open(".vscode/tasks.json")
        await session.diagnostics(doc, lambda d: codes(d) == ["DL005"])
        session.change(doc, text.replace("--headless", "--headless --accept-multiclient"))
        await session.diagnostics(doc, lambda d: d == [])

    run(test, tmp_path)
