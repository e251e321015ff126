"""Finding the files to lint below a folder, honouring ``.gitignore`` and ``exclude``.

Inside a git work tree, git itself says which files there are (``git ls-files``: tracked files
and untracked ones that no ignore file excludes), so nested ``.gitignore`` files,
``.git/info/exclude`` and the global excludes file all count exactly as git counts them. Outside
one, the folder is walked and the ``.gitignore`` files found on the way are applied (pathspec's
gitignore matching). Either way the folders in :data:`DEFAULT_EXCLUDE` are skipped.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

from .regexes import matchable

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from pathspec import PathSpec

#: Skipped wherever they are: version control, dependencies, Go's fixture folders.
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "node_modules", "vendor", "testdata", "__pycache__", ".venv")


def git_listing(top: Path, only: tuple[str, ...]) -> list[str] | None:
    """The files with these names (glob patterns) in the git work tree whose top is ``top``,
    relative to it, outside the folders walks never enter; None when it is no work tree. Nothing
    is checked on disk: a listed file may be gone, or be no regular file."""
    listed = _git_files(top, at_top=True, only=only)
    if listed is None:
        return None
    return [relpath for relpath in listed if not any(part in DEFAULT_EXCLUDE for part in relpath.split("/")[:-1])]


def walk(
    folder: Path,
    excluded: Callable[[str], bool],
    root: Path | None = None,
    unreadable: Callable[[Path, str], None] | None = None,
    named: Callable[[str], bool] | None = None,
) -> Iterator[Path]:
    """Every file below ``folder`` that is not ignored; ``excluded`` sees each relative path
    (POSIX, relative to ``folder``) of folders and files and can prune them. Outside git, the
    ``.gitignore`` files from ``root`` (the project root) down to ``folder`` apply too. A folder
    that cannot be read is passed to ``unreadable`` with the reason. With ``named``, only the
    files whose names it accepts, decided before anything else (a cheap first cut).

    What stands where a file is listed but is not a folder (a symbolic link to a device or to
    nothing, a FIFO) is yielded too: the engine reads only regular files and says why not."""
    listed = _git_files(folder, unreadable)
    if listed is not None:
        for relpath in listed:
            if named is not None and not named(relpath.rpartition("/")[2]):
                continue
            parts = relpath.split("/")
            if any(part in DEFAULT_EXCLUDE for part in parts[:-1]):
                continue
            if excluded(relpath):
                continue
            path = folder / relpath
            # Deleted but still tracked (nothing there), or a submodule (a folder): not a file.
            if os.path.lexists(path) and not os.path.isdir(path):
                yield path
        return
    yield from _walk_plain(folder, excluded, root, unreadable, named)


#: git must run nothing that the linted repository configures: ``core.fsmonitor`` in its
#: .git/config names a program that ``git ls-files`` would run. Command-line ``-c`` settings win
#: over every configuration file.
_GIT = ("git", "-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false", "--no-pager")
#: Variables that point git elsewhere or at other programs are not passed on.
_GIT_UNSAFE_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_EXTERNAL_DIFF", "GIT_PAGER", "GIT_ASKPASS")


def _git_environment() -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in _GIT_UNSAFE_ENV}
    environment.update(GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    return environment


_UNREADABLE = re.compile(rb"could not open directory '(.*)': (.*)")


def _git_files(
    folder: Path,
    unreadable: Callable[[Path, str], None] | None = None,
    at_top: bool = False,
    only: tuple[str, ...] = (),
) -> list[str] | None:
    """The files git lists below ``folder`` (tracked, and untracked but not ignored), relative to
    it; None outside a work tree. ``at_top``: ``folder`` is known to be the top of the work tree
    (git need not be asked where it is); ``only``: the files with these names (glob patterns)."""
    environment = _git_environment()
    pathspecs = [f"*{name}" for name in only] or ["."]  # git's default pathspecs: `*` matches across `/`
    try:
        result = subprocess.run(
            [*_GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name", "--", *pathspecs],
            cwd=folder,
            capture_output=True,
            check=False,
            env=environment,
            stdin=subprocess.DEVNULL,
        )
    except OSError:  # no git on this machine
        return None
    if result.returncode != 0:  # not a work tree
        return None
    prefix = (
        ""
        if at_top
        else subprocess.run(
            [*_GIT, "rev-parse", "--show-prefix"],
            cwd=folder,
            capture_output=True,
            check=False,
            env=environment,
            stdin=subprocess.DEVNULL,
        )
        .stdout.decode("utf-8", "surrogateescape")
        .strip()
    )
    if unreadable is not None:
        # git skips a folder it cannot open, with a warning on stderr, and still succeeds.
        for match in _UNREADABLE.finditer(result.stderr):
            name = match.group(1).decode("utf-8", "surrogateescape").rstrip("/")
            top = folder / "/".join([".."] * prefix.count("/")) if prefix else folder
            unreadable(Path(os.path.normpath(top / name)), match.group(2).decode("utf-8", "replace").strip())
    names = sorted(set(result.stdout.decode("utf-8", "surrogateescape").split("\0")) - {""})
    return [name[len(prefix) :] if prefix and name.startswith(prefix) else name for name in names]


def _walk_plain(
    folder: Path,
    excluded: Callable[[str], bool],
    root: Path | None,
    unreadable: Callable[[Path, str], None] | None,
    named: Callable[[str], bool] | None = None,
) -> Iterator[Path]:
    def failed(error: OSError) -> None:
        if unreadable is not None and error.filename is not None:
            unreadable(Path(error.filename), error.strerror or str(error))

    top = os.path.abspath(folder)
    # (folder with a .gitignore, its patterns), outermost first.
    stack = _outer_ignores(top, root)
    outer = len(stack)
    for current, dirs, files in os.walk(top, onerror=failed):
        rel = os.path.relpath(current, top).replace(os.sep, "/")
        rel = "" if rel == "." else rel
        while len(stack) > outer and not (current + os.sep).startswith(stack[-1][0] + os.sep):
            stack.pop()
        spec = _gitignore(current)
        if spec is not None:
            stack.append((current, spec))

        def ignored(name: str, is_dir: bool, rel: str = rel, current: str = current) -> bool:
            relpath = f"{rel}/{name}" if rel else name
            return excluded(relpath) or _git_ignores(stack, os.path.join(current, name), is_dir)

        dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDE and not ignored(d, True))
        for name in sorted(files):
            if (named is None or named(name)) and not ignored(name, False):
                yield Path(current) / name


def _gitignore(directory: str) -> PathSpec | None:
    """The patterns of ``directory``'s ``.gitignore``, if it has one that can be read."""
    import pathspec

    from .reading import NotRead, read_bytes

    ignore_file = os.path.join(directory, ".gitignore")
    if not os.path.isfile(ignore_file):
        return None
    try:  # a regular file of sane size only: a FIFO named .gitignore must not block the walk
        text = read_bytes(ignore_file).decode("utf-8", "replace")
    except (NotRead, OSError):
        return None
    # RE2 matches in linear time: a hostile pattern (`a*a*a*a*a*a*b`) cannot stall the walk.
    return pathspec.GitIgnoreSpec.from_lines(text.splitlines(), backend="re2")


def _outer_ignores(top: str, root: Path | None) -> list[tuple[str, PathSpec]]:
    """The ignore files between the project root and the walked folder, outermost first: they
    apply too, as they would in a git work tree."""
    found: list[tuple[str, PathSpec]] = []
    if root is None:
        return found
    ancestor = os.path.abspath(root)
    relative = os.path.relpath(top, ancestor)
    if relative == "." or relative.startswith(".."):
        return found
    for part in [""] + relative.split(os.sep)[:-1]:
        ancestor = os.path.join(ancestor, part) if part else ancestor
        spec = _gitignore(ancestor)
        if spec is not None:
            found.append((ancestor, spec))
    return found


def _git_ignores(stack: list[tuple[str, PathSpec]], full: str, is_dir: bool) -> bool:
    """Whether the ignore files of ``stack`` ignore the file or folder at ``full``, as git
    decides: the deepest .gitignore that has a say wins, and within one file the last matching
    pattern (so `!name` in a nested file re-includes)."""
    verdict = False
    for base, patterns in stack:
        inner = matchable(os.path.relpath(full, base).replace(os.sep, "/") + ("/" if is_dir else ""))
        include = patterns.check_file(inner).include
        if include is not None:
            verdict = include
    return verdict
