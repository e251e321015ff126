"""Finding the files to lint below a folder, honouring ``.gitignore`` and ``exclude``.

Inside a git work tree, git itself says which files there are (``git ls-files``: tracked files
and untracked ones that no ignore file excludes), so nested ``.gitignore`` files,
``.git/info/exclude`` and the global excludes file all count exactly as git counts them. Outside
one, the folder is walked and the ``.gitignore`` files found on the way are applied (pathspec's
gitignore matching). Either way the folders in :data:`DEFAULT_EXCLUDE` are skipped.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

#: Skipped wherever they are: version control, dependencies, Go's fixture folders.
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", "vendor", "testdata", "__pycache__", ".venv")


def walk(folder: Path, excluded: Callable[[str], bool], root: Path | None = None) -> Iterator[Path]:
    """Every file below ``folder`` that is not ignored; ``excluded`` sees each relative path
    (POSIX, relative to ``folder``) of folders and files and can prune them. Outside git, the
    ``.gitignore`` files from ``root`` (the project root) down to ``folder`` apply too."""
    listed = _git_files(folder)
    if listed is not None:
        for relpath in listed:
            parts = relpath.split("/")
            if any(part in DEFAULT_EXCLUDE for part in parts[:-1]):
                continue
            if excluded(relpath):
                continue
            path = folder / relpath
            if path.is_file():  # deleted but still tracked, or a submodule
                yield path
        return
    yield from _walk_plain(folder, excluded, root)


def _git_files(folder: Path) -> list[str] | None:
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name", "."],
            cwd=folder,
            capture_output=True,
            check=False,
        )
    except OSError:  # no git on this machine
        return None
    if result.returncode != 0:  # not a work tree
        return None
    prefix = (
        subprocess.run(["git", "rev-parse", "--show-prefix"], cwd=folder, capture_output=True, check=False)
        .stdout.decode("utf-8", "surrogateescape")
        .strip()
    )
    names = sorted(set(result.stdout.decode("utf-8", "surrogateescape").split("\0")) - {""})
    return [name[len(prefix) :] if prefix and name.startswith(prefix) else name for name in names]


def _walk_plain(folder: Path, excluded: Callable[[str], bool], root: Path | None) -> Iterator[Path]:
    import pathspec

    def load(directory: str) -> pathspec.PathSpec | None:
        ignore_file = os.path.join(directory, ".gitignore")
        if not os.path.isfile(ignore_file):
            return None
        with open(ignore_file, encoding="utf-8", errors="replace") as handle:
            return pathspec.GitIgnoreSpec.from_lines(handle)

    top = os.path.abspath(folder)
    # (folder with a .gitignore, its patterns), outermost first. The ignore files between the
    # project root and the walked folder apply too, as they would in a git work tree.
    stack: list[tuple[str, pathspec.PathSpec]] = []
    if root is not None:
        ancestor = os.path.abspath(root)
        relative = os.path.relpath(top, ancestor)
        if relative != "." and not relative.startswith(".."):
            for part in [""] + relative.split(os.sep)[:-1]:
                ancestor = os.path.join(ancestor, part) if part else ancestor
                spec = load(ancestor)
                if spec is not None:
                    stack.append((ancestor, spec))
    outer = len(stack)
    for current, dirs, files in os.walk(top):
        rel = os.path.relpath(current, top).replace(os.sep, "/")
        rel = "" if rel == "." else rel
        while len(stack) > outer and not (current + os.sep).startswith(stack[-1][0] + os.sep):
            stack.pop()
        spec = load(current)
        if spec is not None:
            stack.append((current, spec))

        def ignored(name: str, is_dir: bool, rel: str = rel, current: str = current) -> bool:
            relpath = f"{rel}/{name}" if rel else name
            if excluded(relpath):
                return True
            # As git does: the deepest .gitignore that has a say wins, and within one file the
            # last matching pattern (so `!name` in a nested file re-includes).
            full = os.path.join(current, name)
            verdict = False
            for base, patterns in stack:
                inner = os.path.relpath(full, base).replace(os.sep, "/") + ("/" if is_dir else "")
                include = patterns.check_file(inner).include
                if include is not None:
                    verdict = include
            return verdict

        dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDE and not ignored(d, True))
        for name in sorted(files):
            if not ignored(name, False):
                yield Path(current) / name
