"""File formats, each behind one interface: ``parse(text) -> Document`` or ``ParseError``.

Parsers are imported only when a file of their format is linted, so a run over go.mod files
never imports ruamel.yaml.
"""

from __future__ import annotations

from importlib import import_module

from ..model import Document

#: format name -> (module, function)
PARSERS = {
    "gomod": ("gomod", "parse_gomod"),
    "gowork": ("gomod", "parse_gowork"),
    "json": ("jsonc", "parse_json"),
    "jsonc": ("jsonc", "parse_jsonc"),
    "yaml": ("yaml", "parse"),
    "toml": ("toml", "parse"),
    "go": ("go", "parse"),
}


def parse(fmt: str, text: str) -> Document:
    module, function = PARSERS[fmt]
    return getattr(import_module(f"{__name__}.{module}"), function)(text)
