"""The edit primitives on every node of real files: an edit is written, or refused (no fix), never
a traceback; what is written parses again, and holds the value asked for."""

from __future__ import annotations

import pytest

from conftest import shared_path
from remdev_lint.edits import Request, apply, plan, syntax_for
from remdev_lint.formats import parse
from remdev_lint.model import KeyNode, Node, ParseError

# Values a rule may ask to write: plain words, words a shell or YAML would need quoted, data.
VALUES = ["127.0.0.1:2345", "a b", 'say "hi"', "", "é🐛", False, 3, None, [1, "x"], {"k": "v"}]
OPS = [("delete", True), ("rename", "renamed"), ("insert", ["--accept-multiclient"]), ("insert", {"k": 1})]


def _nodes(root: Node, most: int = 80) -> list[Node]:
    """Every node below ``root`` (keys as KeyNodes), at most ``most`` of them."""
    found: list[Node] = []
    stack = [root]
    while stack and len(found) < most:
        node = stack.pop()
        found.append(node)
        if node.is_mapping:
            for key, child in node.value.items():
                child.key = key
                if child.key_span is not None:
                    found.append(KeyNode(child))
                stack.append(child)
        elif node.is_sequence:
            stack.extend(node.value)
    return found


def _check(fmt: str, text: str) -> int:
    """Every primitive on every node of ``text`` (a file of format ``fmt``): the number of edits
    written."""
    syntax = syntax_for(fmt)
    assert syntax is not None
    try:
        document = parse(fmt, text)
    except ParseError:
        return 0
    written = 0
    for node in _nodes(document.root):
        for op in [("replace", value) for value in VALUES] + OPS:
            fix = plan(Request(node, (op,), False), text, syntax)
            if fix is None:
                continue
            written += 1
            new = apply(text, fix.edits)
            if syntax in ("json", "yaml") and op[0] == "replace" and not isinstance(node, KeyNode):
                parse(fmt, new)  # a value written as JSON or YAML reads back: no ParseError
    return written


HOSTILE = [
    ("jsonc", '{"a": [1, 2,], /* c, ] */ "b": "x\\"y", // d\r\n "c": {}, "e": {"f": [{}]},}\n'),
    ("jsonc", '[\n  "only"\n]'),
    ("jsonc", '{"tasks": [{"command": "dlv \\u0064ebug --listen=:1", "args": ["-l", ":2"]}]}'),
    ("jsonc", "{}"),
    ("jsonc", "// nothing\n"),
    ("yaml", "a: 'it''s'\nb: \"x\"\nc: [1, 'two', {d: e}]\nf:\n  - g\n  - h # c\n"),
    ("yaml", "k: |\n  block\n  text\nl: >-\n  folded\n"),
    ("compose", "services:\n  a:\n    command: dlv --listen=:1\n    ports: ['1:1', 2]\n"),
    ("ssh_config", "Host a,b c\n\tUser x # y\nMatch host z\n  ProxyJump=j\n"),
    ("gomod", "module m\n\ngo 1.2\n\nrequire (\n\tx v1.0.0 // indirect\n)\n"),
    ("dockerfile", 'FROM x\nCMD ["dlv", "--listen=:1"]\nRUN dlv debug \\\n  --headless\n'),
]


@pytest.mark.parametrize(("fmt", "text"), HOSTILE)
def test_every_edit_on_every_node_is_written_or_refused(fmt, text):
    _check(fmt, text)


CORPUS_FORMATS = {
    "devcontainer": "jsonc",
    "launch": "jsonc",
    "settings": "jsonc",
    "tasks": "jsonc",
    "gomod": "gomod",
    "ssh_config": "ssh_config",
    "sshd_config": "sshd_config",
}


@pytest.mark.parametrize("folder", sorted(CORPUS_FORMATS))
def test_every_edit_on_corpus_files_is_written_or_refused(folder):
    written = 0
    files = sorted(p for p in shared_path("corpus", folder).rglob("*") if p.is_file())
    for path in files:
        written += _check(CORPUS_FORMATS[folder], path.read_text(encoding="utf-8", errors="replace"))
    assert written > 0
