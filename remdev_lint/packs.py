"""Rule packs: folders of rule files shipped in Python distributions, so that a company
publishes its policy as a wheel and each repository names it in ``rule-packs``.

A distribution declares its pack as an entry point in the group ``remdev_lint.rules``; the
entry point's name is the pack's name and its value names the package whose folder holds the
rule files::

    [project.entry-points."remdev_lint.rules"]
    acme-remdev-policy = "acme_remdev_policy"

The package is found, never imported (nor are its parents): its folder is read as a
``rule-dirs`` folder is, so a pack is data, as rule files are, and installing one runs no code
at lint time. Its folder is looked for among its distribution's own files first, so a folder of
the same name in the current directory does not stand in for it. Imported
only when a configuration names a pack (``importlib.metadata`` costs start-up).
"""

from __future__ import annotations

from pathlib import Path

TYPE_CHECKING = False  # typing is not imported at run time
if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

GROUP = "remdev_lint.rules"


class PackError(Exception):
    """A rule pack that cannot be used; the message says why and what to do."""


def _normalized(name: str) -> str:
    """A name as package indexes compare them (PEP 503): case, and runs of ``-_.``, ignored."""
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def installed() -> dict[str, list[EntryPoint]]:
    """The installed packs: normalized name -> its entry points, one per distribution that
    provides it."""
    from importlib.metadata import entry_points

    packs: dict[str, list[EntryPoint]] = {}
    for entry in entry_points(group=GROUP):
        provided = packs.setdefault(_normalized(entry.name), [])
        if all(_provider(other) != _provider(entry) for other in provided):
            provided.append(entry)
    return packs


def _provider(entry: EntryPoint) -> str:
    return entry.dist.name if entry.dist is not None else "?"


def folders(name: str) -> list[Path]:
    """The folders of the installed pack ``name`` that hold its rule files; raises
    :class:`PackError` when there is none or it cannot be read as a folder of rule files."""
    packs = installed()
    provided = packs.get(_normalized(name))
    if not provided:
        import difflib

        known = sorted(packs)
        close = difflib.get_close_matches(_normalized(name), known, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        listed = f" (installed: {', '.join(known)})" if known else " (none is installed)"
        raise PackError(
            f"no installed rule pack is named `{name}`{listed}{hint}: install the distribution that provides it "
            "where remdev-lint runs (with pre-commit: the hook's `additional_dependencies`)"
        )
    if len(provided) > 1:
        raise PackError(
            f"rule pack `{name}` is provided by {len(provided)} installed distributions "
            f"({', '.join(_provider(entry) for entry in provided)}): uninstall all but one"
        )
    entry = provided[0]
    where = f"rule pack `{name}` (from {_provider(entry)}) names `{entry.value}`"
    if entry.attr or not all(part.isidentifier() for part in entry.module.split(".")):
        raise PackError(f"{where}: its entry point must name a package (`acme_policy`), not an object")
    from .rules import rule_files

    try:
        found = _package_folders(entry)
        holding = [folder for folder in found if rule_files(folder)]
    except Exception as exc:  # noqa: BLE001 (a finder of another distribution, failing its own way; a folder not read)
        raise PackError(f"{where}, which cannot be looked up: {exc}") from None
    if not found:
        raise PackError(f"{where}, which is not an installed package folder (a folder with its rule files)")
    if not holding:
        raise PackError(f"{where}, whose folder {found[0]} holds no rule files (*.yaml, *.yml)")
    return holding


def _package_folders(entry: EntryPoint) -> list[Path]:
    """The folders of the package ``entry`` names: in its distribution's own files when they
    are there (a module of the same name earlier on sys.path does not shadow it), else as the
    import system would find it (an editable install), without importing it or its parents."""
    parts = entry.module.split(".")
    if entry.dist is not None:
        installed_here = Path(str(entry.dist.locate_file("/".join(parts))))
        if installed_here.is_dir():
            return [installed_here]
    import sys

    locations: list[str] | None = None  # None: the top level, sys.path
    for depth in range(1, len(parts) + 1):
        spec = None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(".".join(parts[:depth]), locations) if find is not None else None
            if spec is not None:
                break
        if spec is None or spec.submodule_search_locations is None:
            return []  # not found, or a module and not a package
        locations = list(spec.submodule_search_locations)
    return [Path(location) for location in locations or [] if Path(location).is_dir()]
