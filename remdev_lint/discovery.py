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


def walk(folder: Path, excluded: Callable[[str], bool]) -> Iterator[Path]:
    """Every file below ``folder`` that is not ignored; ``excluded`` sees each relative path
    (POSIX, relative to ``folder``) of folders and files and can prune them."""
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
    yield from _walk_plain(folder, excluded)


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
    prefix = subprocess.run(
        ["git", "rev-parse", "--show-prefix"], cwd=folder, capture_output=True, check=False
    ).stdout.decode("utf-8", "surrogateescape").strip()
    names = sorted(set(result.stdout.decode("utf-8", "surrogateescape").split("\0")) - {""})
    return [name[len(prefix) :] if prefix and name.startswith(prefix) else name for name in names]


def _walk_plain(folder: Path, excluded: Callable[[str], bool]) -> Iterator[Path]:
    import pathspec

    stack: list[tuple[str, pathspec.PathSpec]] = []  # (relative folder, its .gitignore)
    for current, dirs, files in os.walk(folder):
        rel = os.path.relpath(current, folder).replace(os.sep, "/")
        rel = "" if rel == "." else rel
        while stack and not (rel + "/").startswith(stack[-1][0]):
            stack.pop()
        ignore_file = os.path.join(current, ".gitignore")
        if os.path.isfile(ignore_file):
            with open(ignore_file, encoding="utf-8", errors="replace") as handle:
                stack.append((rel + "/" if rel else "", pathspec.GitIgnoreSpec.from_lines(handle)))

        def ignored(name: str, is_dir: bool) -> bool:
            relpath = f"{rel}/{name}" if rel else name
            if excluded(relpath):
                return True
            for base, spec in stack:
                inner = relpath[len(base) :] + ("/" if is_dir else "")
                if spec.match_file(inner):
                    return True
            return False

        dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDE and not ignored(d, True))
        for name in sorted(files):
            if not ignored(name, False):
                yield Path(current) / name
