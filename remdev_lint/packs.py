"""Rule packs: folders of rule files shipped in Python distributions, so that a company
publishes its policy as a wheel and each repository names it in ``rule-packs``.

A distribution declares its pack as an entry point in the group ``remdev_lint.rules``; the
entry point's name is the pack's name and its value names the package whose folder holds the
rule files::

    [project.entry-points."remdev_lint.rules"]
    acme-remdev-policy = "acme_remdev_policy"

The package is found, never imported: its folder is read as a ``rule-dirs`` folder is, so a
pack is data, as rule files are, and installing one cannot run code at lint time. Imported
only when a configuration names a pack (``importlib.metadata`` costs start-up).
"""

from __future__ import annotations

from pathlib import Path

GROUP = "remdev_lint.rules"


class PackError(Exception):
    """A rule pack that cannot be used; the message says why and what to do."""


def _normalized(name: str) -> str:
    """A name as package indexes compare them (PEP 503): case, and runs of ``-_.``, ignored."""
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def installed() -> dict[str, list[tuple[str, str]]]:
    """The installed packs: normalized name -> (the distribution that provides it, the package
    it names), one per distribution that provides it."""
    from importlib.metadata import entry_points

    packs: dict[str, list[tuple[str, str]]] = {}
    for entry in entry_points(group=GROUP):
        distribution = entry.dist.name if entry.dist is not None else "?"
        provided = packs.setdefault(_normalized(entry.name), [])
        if (distribution, entry.value) not in provided:
            provided.append((distribution, entry.value))
    return packs


def folder(name: str) -> Path:
    """The folder of the installed pack ``name``; raises :class:`PackError` when there is none
    or it cannot be read as a folder of rule files."""
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
            f"({', '.join(dist for dist, _ in provided)}): uninstall all but one"
        )
    distribution, value = provided[0]
    return _package_folder(name, distribution, value)


def _package_folder(name: str, distribution: str, value: str) -> Path:
    from importlib.util import find_spec

    where = f"rule pack `{name}` (from {distribution}) names `{value}`"
    if ":" in value or not all(part.isidentifier() for part in value.split(".")):
        raise PackError(f"{where}: its entry point must name a package (`acme_policy`), not an object")
    try:
        spec = find_spec(value)  # finds the package; runs no code of it (a parent package's, if dotted)
    except (ImportError, ValueError) as exc:
        raise PackError(f"{where}, which cannot be found: {exc}") from None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise PackError(f"{where}, which is not an installed package (a folder with its rule files)")
    found = Path(locations[0])
    if not found.is_dir():
        raise PackError(f"{where}, which is not a folder on disk (a zipped install?): install it unzipped")
    return found
