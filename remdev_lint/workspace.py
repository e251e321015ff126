"""Where a run stands, and which files it lints.

The project root (what globs are relative to), the current folder (what diagnostics' paths are
relative to), the folders whose files may be read (the project's git work tree, and each folder
named on the command line outside it: a committed link to ``~/.ssh/id_ed25519`` is never read),
and the files a run lints: folders walked (see :mod:`remdev_lint.discovery`), files taken as named.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from .globs import compile_glob
from .reading import inside


class UsageError(Exception):
    """Bad command-line input: unknown rule code, missing path (exit code 2)."""


class Workspace:
    def __init__(self, root: Path, cwd: Path, exclude: list[str]) -> None:
        self.root = root
        self.cwd = cwd
        # As strings, for the per-file path work (pathlib costs several times as much).
        self._cwd = os.path.abspath(str(cwd))
        self._root = os.path.normpath(os.path.join(self._cwd, str(root)))
        self._root_prefix = self._root.rstrip(os.sep) + os.sep
        self.exclude = [compile_glob(g) for g in exclude]
        #: The folders whose files may be read: the project (the git work tree around the root,
        #: else the root), and each folder named on the command line outside it. A file whose
        #: real path leaves them is not read.
        self.allowed: tuple[str, ...] = (os.path.normpath(project_top(root)),)
        #: Files named on the command line (not found by walking a folder), as absolute paths.
        self.named: set[str] = set()
        #: Folders a walk could not read (their files were not checked), and why.
        self.unread_folders: list[tuple[Path, str]] = []

    def absolute(self, path: Path | str) -> str:
        """``path`` made absolute against the current folder, normalised (links not resolved)."""
        name = str(path)
        return os.path.normpath(name if os.path.isabs(name) else os.path.join(self._cwd, name))

    def relative(self, path: Path | str) -> str:
        """The path the globs see: relative to the project root, POSIX separators.

        A file outside the root is seen by its whole path without the leading ``/``, so that
        patterns without ``/`` (``go.mod``) still match its name, and anchored ones do not."""
        absolute = self.absolute(path)
        if absolute == self._root:
            return "."
        if absolute.startswith(self._root_prefix):
            return absolute[len(self._root_prefix) :].replace(os.sep, "/")
        return absolute.replace(os.sep, "/").lstrip("/")

    def display(self, path: Path | str) -> str:
        """The path a diagnostic shows: relative to the current folder (``../x/go.mod`` too);
        absolute for a file outside the project, which is never read but may be named
        (``/dev/zero``, not ``../../../dev/zero``)."""
        absolute = self.absolute(path)
        if not any(inside(absolute, folder) for folder in self.allowed):
            return absolute.replace(os.sep, "/")
        try:
            return os.path.relpath(absolute, self._cwd).replace(os.sep, "/")
        except ValueError:  # another drive (Windows)
            return absolute.replace(os.sep, "/")

    def is_excluded(self, relpath: str) -> bool:
        return any(regex.fullmatch(relpath) for regex in self.exclude)

    def is_named(self, path: Path) -> bool:
        return self.absolute(path) in self.named

    def top_for(self, path: str) -> str:
        """The folder a format may read other files from for ``path`` (OpenSSH's Include): the
        allowed folder that holds it."""
        lexical = os.path.normpath(path)
        return next((top for top in self.allowed if inside(lexical, top)), self.allowed[0])

    def collect(self, paths: Iterable[Path]) -> list[Path]:
        """The files to lint: folders walked, files taken as named. Missing paths are usage errors."""
        found: dict[str, Path] = {}
        for path in paths:
            absolute = path if path.is_absolute() else self.cwd / path
            try:
                is_folder = stat.S_ISDIR(os.stat(absolute).st_mode)
            except (FileNotFoundError, NotADirectoryError):
                if not os.path.lexists(absolute):
                    raise UsageError(f"{path}: no such file or folder") from None
                is_folder = False  # a link to nothing: the linter says so
            except ValueError:  # a NUL character
                raise UsageError(f"{path!r}: not a valid path") from None
            except OSError:  # a folder on the way cannot be read, a link loop: the linter says so
                is_folder = False
            self.allow(absolute if is_folder else absolute.parent)
            if is_folder:
                from .discovery import walk  # git and subprocess: only when walking a folder

                base = self.relative(absolute)
                base = "" if base == "." else base + "/"
                excluded = lambda rel, b=base: self.is_excluded(b + rel)  # noqa: E731
                for file in walk(absolute, excluded, self.root, self._unread_folder):
                    found.setdefault(os.path.normpath(file), file)
            else:  # a file, or what stands where one is named (a FIFO, a link): the linter says
                found.setdefault(os.path.normpath(absolute), absolute)
                self.named.add(os.path.normpath(absolute))
        return sorted(found.values())

    def allow(self, folder: Path) -> None:
        """Let files below ``folder`` (named on the command line) be read, when it is outside the
        project: its own git work tree, else the folder itself."""
        lexical = os.path.normpath(folder)
        if not any(inside(lexical, allowed) for allowed in self.allowed):
            self.allowed += (os.path.normpath(project_top(Path(lexical))),)

    def _unread_folder(self, folder: Path, reason: str) -> None:
        self.unread_folders.append((folder, reason))

    def folders_up_to_root(self, start: Path) -> list[Path]:
        """``start`` and each folder above it, up to the project root (``start`` alone when it is
        outside the root)."""
        folders = [start]
        while _inside(folders[-1], self.root) and folders[-1] != self.root:
            folders.append(folders[-1].parent)
        return folders


def project_top(folder: Path) -> Path:
    """The top of the git work tree that holds ``folder`` (a ``.git`` folder or file), else
    ``folder`` itself: the project whose files may be read."""
    candidate = Path(os.path.abspath(folder))
    for parent in (candidate, *candidate.parents):
        if os.path.lexists(os.path.join(parent, ".git")):
            return parent
    return candidate


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False
