"""How fast `remdev-lint server` re-judges a document that changes.

    python bench/lsp.py [--changes N]

Two numbers per kind of file (a 200-line .vscode/launch.json, a 200-line Go file), each the
median of ``--changes`` (50) changes of one character after 5 warm-up changes:

- **in the server**: the time the server spends on one re-lint of the document (its project
  loaded, its rules compiled: what a change costs once the server runs), measured in this process
  on the server's own code (``RemdevServer.lint_text``);
- **end to end**: from the client sending ``textDocument/didChange`` to its receiving the
  ``textDocument/publishDiagnostics`` that follows, over stdio with a real server process (the
  debounce set to 0 through ``initializationOptions``, so that the pause an editor waits for is
  not counted), with pytest-lsp's client (pygls).

Target (issue 15): in the server, a median of at most 10 ms. Needs the test extras (pytest-lsp).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import make_test_lsp_client


def launch_json(lines: int) -> str:
    """A launch.json of about ``lines`` lines: Go configurations, one of them remote."""
    configurations = []
    n = 0
    while len(configurations) * 10 < lines - 4:
        n += 1
        configurations.append(
            "    {\n"
            f'      "name": "Run {n}",\n'
            '      "type": "go",\n'
            '      "request": "launch",\n'
            '      "mode": "auto",\n'
            f'      "program": "${{workspaceFolder}}/cmd/app{n}",\n'
            '      "env": {"APP_ENV": "dev"},\n'
            '      "args": ["--verbose"],\n'
            '      "buildFlags": "-tags=dev"\n'
            "    }"
        )
    return '{\n  "version": "0.2.0",\n  "configurations": [\n' + ",\n".join(configurations) + "\n  ]\n}\n"


def go_file(lines: int) -> str:
    """A Go file of about ``lines`` lines with HTTP clients and servers (some without timeouts)."""
    parts = ['package server\n\nimport (\n\t"context"\n\t"net/http"\n\t"time"\n)\n']
    n = 0
    while sum(part.count("\n") for part in parts) < lines:
        n += 1
        parts.append(
            f"\nfunc fetch{n}(ctx context.Context, url string) (*http.Response, error) {{\n"
            "\tctx, cancel := context.WithTimeout(ctx, 5*time.Second)\n"
            "\tdefer cancel()\n"
            "\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)\n"
            "\tif err != nil {\n\t\treturn nil, err\n\t}\n"
            "\treturn http.DefaultClient.Do(req)\n}\n"
            f"\nfunc serve{n}() error {{\n"
            f'\tsrv := &http.Server{{Addr: ":80{n % 10}0", ReadHeaderTimeout: 5 * time.Second}}\n'
            "\treturn srv.ListenAndServe()\n}\n"
        )
    return "".join(parts)


KINDS = {".vscode/launch.json": (launch_json, "jsonc"), "server.go": (go_file, "go")}


def in_server(folder: Path, relpath: str, text: str, changes: int) -> list[float]:
    from remdev_lint.server import RemdevServer

    server = RemdevServer()
    path = folder / relpath
    times = []
    for index in range(changes + 5):
        changed = text + ("\n" if index % 2 else "")
        start = time.perf_counter()
        server.lint_text(path, changed)
        if index >= 5:
            times.append(time.perf_counter() - start)
    return times


async def end_to_end(folder: Path, relpath: str, text: str, language: str, changes: int) -> list[float]:
    client = make_test_lsp_client()
    await client.start_io(sys.executable, "-m", "remdev_lint", "server", "--stdio", cwd=str(folder))
    root = from_fs_path(str(folder))
    await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=root,
            workspace_folders=[types.WorkspaceFolder(root or "", folder.name)],
            initialization_options={"debounce": 0},
        )
    )
    uri = from_fs_path(str(folder / relpath)) or ""
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    times = []
    for index in range(changes + 5):
        changed = text + ("\n" if index % 2 else "")
        start = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=index + 2),
                [types.TextDocumentContentChangeWholeDocument(changed)],
            )
        )
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if index >= 5:
            times.append(time.perf_counter() - start)
    await client.shutdown_session()
    await client.stop()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=50, help="measured changes per file (50)")
    args = parser.parse_args(argv)
    print(f"remdev-lint server: re-lint of a changed document, median of {args.changes} changes")
    print(f"{'file':<24}{'lines':>7}{'in the server':>16}{'end to end':>14}")
    for relpath, (make, language) in KINDS.items():
        text = make(200)
        with tempfile.TemporaryDirectory(prefix="remdev-lint-lsp-") as name:
            folder = Path(name)
            (folder / relpath).parent.mkdir(parents=True, exist_ok=True)
            (folder / relpath).write_text(text, encoding="utf-8")
            (folder / ".remdev-lint.toml").write_text("", encoding="utf-8")  # the project's root
            inside = statistics.median(in_server(folder, relpath, text, args.changes))
            outside = statistics.median(asyncio.run(end_to_end(folder, relpath, text, language, args.changes)))
        print(f"{relpath:<24}{text.count(chr(10)):>7}{inside * 1000:>14.1f}ms{outside * 1000:>12.1f}ms")
    print("target: in the server, a median of at most 10 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
