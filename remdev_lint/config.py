"""Configuration: ``[tool.remdev-lint]`` in ``pyproject.toml``, or ``.remdev-lint.toml``.

The nearest file from the current folder upwards is used (in one folder, ``.remdev-lint.toml``
wins over ``pyproject.toml``; a ``pyproject.toml`` without a ``[tool.remdev-lint]`` table is passed
over); ``--config`` names one explicitly. The folder of that file is the project root: globs in
rules, ``exclude`` and ``per-file-ignores`` are matched against paths relative to it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .diagnostics import SEVERITIES

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

CONFIG_NAMES = (".remdev-lint.toml", "pyproject.toml")
KEYS = ("select", "ignore", "exclude", "per-file-ignores", "extend-files", "fail-on", "rule-dirs", "rules")


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
        #: ``rules.<code or name>`` tables, checked against the rules once they are loaded.
        self.rules: dict[str, dict[str, Any]] = {}


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
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
    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{path}: {prefix}{key}: {problem}")

    for key, value in table.items():
        if key not in KEYS:
            raise fail(key, f"unknown key (known keys: {', '.join(KEYS)})")
        if key in ("select", "ignore", "exclude"):
            setattr(settings, key, _string_list(value, lambda p, k=key: fail(k, p)))
            if key == "exclude":
                _check_globs(settings.exclude, lambda p: fail("exclude", p))
        elif key == "fail-on":
            if value not in SEVERITIES:
                raise fail(key, f"expected one of {', '.join(SEVERITIES)}, got {shown(value)}")
            settings.fail_on = value
        elif key == "rule-dirs":
            folders = _string_list(value, lambda p: fail("rule-dirs", p))
            settings.rule_dirs = [(path.parent / folder).resolve() for folder in folders]
            for folder, resolved in zip(folders, settings.rule_dirs, strict=True):
                if not resolved.is_dir():
                    raise fail("rule-dirs", f"{folder!r} is not a folder (relative to {path.parent})")
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise fail(key, "expected a table of glob = [codes]")
            settings.per_file_ignores = [
                (glob, _string_list(codes, lambda p, g=glob, k=key: fail(f'{k}."{g}"', p)))
                for glob, codes in value.items()
            ]
            _check_globs([glob for glob, _ in settings.per_file_ignores], lambda p: fail("per-file-ignores", p))
        elif key == "extend-files":
            from .formats import PARSERS

            if not isinstance(value, dict):
                raise fail(key, 'expected a table of format = [globs], such as ssh_config = ["deploy/ssh/*.conf"]')
            for fmt, globs in value.items():
                if fmt not in PARSERS:
                    raise fail(f"{key}.{fmt}", f"unknown format (known formats: {', '.join(sorted(PARSERS))})")
                settings.extend_files[fmt] = _string_list(globs, lambda p, f=fmt, k=key: fail(f"{k}.{f}", p))
                _check_globs(settings.extend_files[fmt], lambda p, f=fmt, k=key: fail(f"{k}.{f}", p))
        else:  # rules
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise fail(key, "expected tables such as [tool.remdev-lint.rules.GM003]")
            settings.rules = value


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
