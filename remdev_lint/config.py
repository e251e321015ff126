"""Configuration: ``[tool.remdev-lint]`` in ``pyproject.toml``, or ``.remdev-lint.toml``.

The nearest file from the current folder upwards is used (in one folder, ``.remdev-lint.toml``
wins over ``pyproject.toml``; a ``pyproject.toml`` without a ``[tool.remdev-lint]`` table is passed
over); ``--config`` names one explicitly. The folder of that file is the project root: globs in
rules, ``exclude`` and ``per-file-ignores`` are matched against paths relative to it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .diagnostics import SEVERITIES

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable

    #: How a configuration key's value fails: ``fail(problem, where below the key)``.
    Fail = Callable[..., "ConfigError"]
    from typing import Any

CONFIG_NAMES = (".remdev-lint.toml", "pyproject.toml")
KEYS = (
    "select",
    "ignore",
    "exclude",
    "per-file-ignores",
    "extend-files",
    "fail-on",
    "rule-dirs",
    "rule-packs",
    "rules",
)


class ConfigError(Exception):
    """A configuration the linter cannot follow; the message names the file and key."""


class Settings:
    """Configuration after validation; the defaults when there is no configuration file."""

    def __init__(self, path: Path | None, root: Path) -> None:
        self.path = path
        self.root = root
        self.select: list[str] | None = None
        self.ignore: list[str] = []
        self.exclude: list[str] = []
        self.per_file_ignores: list[tuple[str, list[str]]] = []
        #: ``extend-files``: format -> more globs whose files every rule of that format reads.
        self.extend_files: dict[str, list[str]] = {}
        self.fail_on = "warning"
        self.rule_dirs: list[Path] = []
        #: ``rule-packs``: each installed pack's name and its folder of rule files.
        self.rule_packs: list[tuple[str, Path]] = []
        #: ``rules.<code or name>`` tables, checked against the rules once they are loaded.
        self.rules: dict[str, dict[str, Any]] = {}

    @property
    def rule_folders(self) -> list[Path]:
        """The folders of the team's rules: ``rule-dirs``, then the ``rule-packs``' folders; a
        folder named twice (a pack also named by its folder, as an editable install invites) once."""
        found: dict[str, Path] = {}
        for folder in [*self.rule_dirs, *(folder for _name, folder in self.rule_packs)]:
            found.setdefault(os.path.realpath(folder), folder)
        return list(found.values())


def find_config(start: Path) -> Path | None:
    """The nearest configuration file in ``start`` or a folder above it (a folder that cannot
    be looked into has none)."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            try:
                found = candidate.is_file()
            except OSError:  # a folder without search permission
                found = False
            if found and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    from .reading import NotRead, read_text

    try:
        text = read_text(str(path))
    except (OSError, NotRead):
        return False
    if "remdev-lint" not in text:  # cheap: no TOML parse for projects that do not use us
        return False
    try:
        data = _load_toml(path)
    except ConfigError:
        return True  # broken, but meant for us: let load_settings report it
    return isinstance(data.get("tool"), dict) and "remdev-lint" in data["tool"]


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    from .reading import NotRead, read_text

    try:
        data: dict[str, Any] = tomllib.loads(read_text(str(path)))
        return data
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except NotRead as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except ValueError as exc:  # an integer of more digits than Python converts (int_max_str_digits)
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_settings(config: Path | None, cwd: Path) -> Settings:
    """Read and validate the configuration (``config``, else the nearest one from ``cwd``)."""
    path = config if config is not None else find_config(cwd)
    if path is None:
        return Settings(None, cwd)
    if config is not None and not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    path = path.resolve()
    data = _load_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("remdev-lint") if isinstance(tool, dict) else None
        prefix = "tool.remdev-lint."
        if table is None:
            raise ConfigError(f"{path}: no [tool.remdev-lint] table")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: tool.remdev-lint: expected a table, got {shown(table)}")
    else:
        table, prefix = data, ""
    settings = Settings(path, path.parent)
    _apply(settings, table, prefix, path)
    return settings


def _apply(settings: Settings, table: dict[str, Any], prefix: str, path: Path) -> None:
    for key, value in table.items():

        def fail(problem: str, where: str = "", key: str = key) -> ConfigError:
            return ConfigError(f"{path}: {prefix}{key}{where}: {problem}")

        if key == "tool" and isinstance(value, dict) and "remdev-lint" in value and not prefix:
            raise fail(
                "[tool.remdev-lint] is pyproject.toml's table: in this file the keys stand at the top level, "
                "so drop the [tool.remdev-lint] header"
            )
        if key not in KEYS:
            raise fail(f"unknown key (known keys: {', '.join(KEYS)})")
        _APPLY[key](settings, key, value, fail, path)


def _apply_list(settings: Settings, key: str, value: Any, fail: Fail, path: Path) -> None:
    """``select``, ``ignore``, ``exclude``: lists of strings (or one comma-separated string)."""
    setattr(settings, key, _string_list(value, fail))
    if key == "exclude":
        _check_globs(settings.exclude, fail)


def _apply_fail_on(settings: Settings, key: str, value: Any, fail: Fail, path: Path) -> None:
    if value not in SEVERITIES:
        raise fail(f"expected one of {', '.join(SEVERITIES)}, got {shown(value)}")
    settings.fail_on = value


def _apply_rule_dirs(settings: Settings, key: str, value: Any, fail: Fail, path: Path) -> None:
    folders = _string_list(value, fail)
    settings.rule_dirs = [(path.parent / folder).resolve() for folder in folders]
    for folder, resolved in zip(folders, settings.rule_dirs, strict=True):
        if not resolved.is_dir():
            raise fail(f"{folder!r} is not a folder (relative to {path.parent})")


def _apply_rule_packs(settings: Settings, key: str, value: Any, fail: Fail, path: Path) -> None:
    names = _string_list(value, fail)
    if not names:
        return
    from .packs import PackError, folders

    packs = []
    for name in names:
        try:
            packs += [(name, folder) for folder in folders(name)]
        except PackError as exc:
            raise fail(str(exc)) from None
    settings.rule_packs = packs


def _apply_per_file_ignores(settings: Settings, key: str, value: Any, fail: Fail, path: Path) -> None:
    if not isinstance(value, dict):
        raise fail("expected a table of glob = [codes]")
    settings.per_file_ignores = [
        (glob, _string_list(codes, lambda p, g=glob: fail(p, f'."{g}"'))) for glob, codes in value.items()
    ]
    _check_globs([glob for glob, _ in settings.per_file_ignores], fail)


def _apply_extend_files(settings: Settings, key: str, value: Any, fail: Fail, path: Path) -> None:
    from .formats import PARSERS

    if not isinstance(value, dict):
        raise fail('expected a table of format = [globs], such as ssh_config = ["deploy/ssh/*.conf"]')
    for fmt, globs in value.items():
        if fmt not in PARSERS:
            raise fail(f"unknown format (known formats: {', '.join(sorted(PARSERS))})", f".{fmt}")
        settings.extend_files[fmt] = _string_list(globs, lambda p, f=fmt: fail(p, f".{f}"))
        _check_globs(settings.extend_files[fmt], lambda p, f=fmt: fail(p, f".{f}"))


def _apply_rules(settings: Settings, key: str, value: Any, fail: Fail, path: Path) -> None:
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise fail("expected tables such as [tool.remdev-lint.rules.GM003]")
    settings.rules = value


_APPLY: dict[str, Callable[[Settings, str, Any, Fail, Path], None]] = {
    "select": _apply_list,
    "ignore": _apply_list,
    "exclude": _apply_list,
    "fail-on": _apply_fail_on,
    "rule-dirs": _apply_rule_dirs,
    "rule-packs": _apply_rule_packs,
    "per-file-ignores": _apply_per_file_ignores,
    "extend-files": _apply_extend_files,
    "rules": _apply_rules,
}


def _string_list(value: Any, fail: Any) -> list[str]:
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise fail(f"expected a list of strings, got {shown(value)}")
    return value


def _check_globs(globs: list[str], fail: Any) -> None:
    from .globs import GlobError, compile_glob

    for glob in globs:
        try:
            compile_glob(glob)
        except GlobError as exc:
            raise fail(str(exc)) from None


def shown(value: Any, most: int = 60) -> str:
    """A configuration value as the message quotes it: short, whatever its size."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**most:
        return "an integer too large to show"
    text = repr(value)
    return text if len(text) <= most else text[: most - 3] + "..."
