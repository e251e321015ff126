"""File formats, each behind one interface: ``parse(text) -> Document`` or ``ParseError``.

Parsers are imported only when a file of their format is linted, so a run over go.mod files
never imports ruamel.yaml.
"""

from __future__ import annotations

from importlib import import_module

from ..model import Document, Node, set_origin

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable

#: format name -> (module, function)
PARSERS = {
    "gomod": ("gomod", "parse_gomod"),
    "gowork": ("gomod", "parse_gowork"),
    "json": ("jsonc", "parse_json"),
    "jsonc": ("jsonc", "parse_jsonc"),
    "yaml": ("yaml", "parse"),
    "compose": ("compose", "parse"),
    "toml": ("toml", "parse"),
    "go": ("go", "parse"),
    "ssh_config": ("ssh", "parse_ssh_config"),
    "sshd_config": ("ssh", "parse_sshd_config"),
    "dockerfile": ("dockerfile", "parse"),
    "shell": ("scripts", "parse_shell"),
    "makefile": ("scripts", "parse_makefile"),
}

#: Formats whose parser reads other files (``Include``): given the file's path and the project root.
NEEDS_PATH = frozenset({"ssh_config", "sshd_config", "go"})


#: format name -> (module, function) combining several files' roots into one document
MERGERS = {"compose": ("compose", "merge")}


def parse(fmt: str, text: str, path: str | None = None, root: str | None = None) -> Document:
    module, function = PARSERS[fmt]
    parser: Callable[..., Document] = getattr(import_module(f"{__name__}.{module}"), function)
    return parser(text, path, root) if fmt in NEEDS_PATH else parser(text)


def merge(fmt: str, files: list[tuple[str, Node]]) -> Node:
    """Several files of one format as one document, as the tool that reads them combines them.

    A format without a merge gives one file's root as it is, and several as a sequence of roots;
    every node knows its file (``Node.origin``)."""
    if fmt in MERGERS:
        module, function = MERGERS[fmt]
        merger: Callable[[list[tuple[str, Node]]], Node] = getattr(import_module(f"{__name__}.{module}"), function)
        return merger(files)
    for path, root in files:
        set_origin(root, path)
    if len(files) == 1:
        return files[0][1]
    return Node([root for _, root in files], files[0][1].span, None, files[0][0])
