"""Reading files a repository holds, which may be hostile: only regular files, inside the
project, up to a size limit.

A linter runs on pull requests from strangers and in pre-commit on every commit. Whatever a
repository holds, a run must finish, print nothing that is not the project's, and never hang:

- **Only regular files are read.** A FIFO, a device (``/dev/zero``, ``/dev/stdin``), a socket or
  a folder where a file is expected is not even opened: ``stat`` decides first, and the file is
  then opened with ``O_NONBLOCK`` (should a FIFO have taken its place, opening it does not wait
  for a writer) and checked again with ``fstat`` before a byte is read.
- **Symbolic links stay inside the project.** A path whose real path (all links resolved) leaves
  the folder it must stay in is not read: a committed ``ssh_config -> ~/.ssh/id_ed25519`` would
  otherwise be printed line by line in diagnostics.
- **Sizes are capped** (:data:`MAX_CONFIG_BYTES`, :data:`MAX_GO_BYTES`): a larger file is not
  read, and the caller reports it.

Every refusal is a :class:`NotRead` whose message says why, in words a user can act on, and
never quotes the file's content.
"""

from __future__ import annotations

import os
import stat

#: The largest configuration file (go.mod, JSON, YAML, TOML, OpenSSH) that is read: 1 MiB. Real
#: ones are a few KiB (the largest of the 359 corpus files is a 28 KiB go.mod), and the slowest
#: formats take about 8 s and 300 MB per MiB (YAML's pure-Python parser, OpenSSH's evaluation
#: per host): a larger limit would let one file stall a pre-commit run for minutes.
MAX_CONFIG_BYTES = 1024 * 1024
#: The largest Go source file that is read: 4 MiB. Hand-written Go files are rarely over 200 KiB
#: (generated ones, which are larger, are not linted: see the engine). Most shapes cost about
#: 1 s per MiB, but tree-sitter's queries are quadratic in the length of one list (a literal of
#: millions of items): about 13 s and 600 MB at 4 MiB, 150 s and 2.2 GB at 16 MiB.
MAX_GO_BYTES = 4 * 1024 * 1024


class NotRead(Exception):
    """A file that was not read, and why (``str(exc)``: a phrase that follows the path)."""


class TooLarge(NotRead):
    """A regular file over the size limit."""


def limit_for(path: str) -> int:
    return MAX_GO_BYTES if path.endswith(".go") else MAX_CONFIG_BYTES


def describe_limit(path: str) -> str:
    """``4 MiB limit for Go source``: the limit for ``path``, as a message names it."""
    return _limit_words(limit_for(path))


def _limit_words(limit: int) -> str:
    kind = "Go source" if limit == MAX_GO_BYTES else "configuration files" if limit == MAX_CONFIG_BYTES else "it"
    return f"{_size(limit)} limit for {kind}"


def inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or below it (both absolute and normalised)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


_REAL_FOLDERS: dict[str, str] = {}  # absolute folder -> its real path (a run reads many files per folder)


def _real_folder(folder: str) -> str:
    absolute = os.path.abspath(folder)
    real = _REAL_FOLDERS.get(absolute)
    if real is None:
        if len(_REAL_FOLDERS) > 4096:
            _REAL_FOLDERS.clear()
        real = _REAL_FOLDERS[absolute] = os.path.realpath(absolute)
    return real


def real_path(path: str) -> str:
    """``os.path.realpath(path)``, with the real path of each folder worked out once: a file that
    is not itself a symbolic link is its folder's real path and its name."""
    absolute = os.path.abspath(path)
    if os.path.islink(absolute):
        return os.path.realpath(absolute)
    folder, name = os.path.split(absolute)
    return os.path.join(_real_folder(folder), name) if name else _real_folder(absolute)


#: Files read from memory instead of disk, by absolute path: a fix's new text, while it is
#: checked through the files that read the fixed one (:func:`overlaid`).
_OVERLAY: dict[str, bytes] = {}


class overlaid:  # noqa: N801 (a context manager, used as a function is)
    """While in the ``with`` block, :func:`read_bytes` gives ``texts`` (absolute path -> bytes)
    for those files, as if they were on disk (an OpenSSH drop-in, once fixed, read by the
    configuration that includes it)."""

    def __init__(self, texts: dict[str, bytes]) -> None:
        self.texts = {os.path.normpath(path): data for path, data in texts.items()}

    def __enter__(self) -> None:
        _OVERLAY.update(self.texts)

    def __exit__(self, *exc: object) -> None:
        for path in self.texts:
            _OVERLAY.pop(path, None)


def read_bytes(path: str, *, limit: int | None = None, within: str | tuple[str, ...] | None = None) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them (default: by the
    file's kind, :func:`limit_for`); with ``within`` (a folder, or several), only if its real
    path is inside one of them. Raises :class:`NotRead`, or ``OSError`` when the file cannot be
    opened at all (missing, no permission: ``exc.strerror`` says which)."""
    if limit is None:
        limit = limit_for(path)
    if "\0" in path:
        raise NotRead("has a NUL character in its name")
    if within is not None:
        _check_within(path, (within,) if isinstance(within, str) else within)
    if _OVERLAY:
        data = _OVERLAY.get(os.path.normpath(os.path.abspath(path)))
        if data is not None:
            if len(data) > limit:
                raise TooLarge(f"is {_size(len(data))}, over the {_limit_words(limit)}")
            return data
    try:
        # Decided before opening: opening some devices has effects of its own (a tape rewinds).
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            raise NotRead("is a symbolic link to nothing (its target is missing)") from None
        raise
    if not stat.S_ISREG(mode):
        raise NotRead(f"is {_kind(mode)}, not a regular file")
    # O_NONBLOCK: should a FIFO take the file's place after the check, opening it does not wait.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotRead(f"is {_kind(status.st_mode)}, not a regular file")
        if status.st_size > limit:
            raise TooLarge(f"is {_size(status.st_size)}, over the {_limit_words(limit)}")
        return _read_at_most(descriptor, limit)
    finally:
        os.close(descriptor)


def _check_within(path: str, folders: tuple[str, ...]) -> None:
    """Raises :class:`NotRead` unless the real path of ``path`` is inside one of ``folders``."""
    real = real_path(path)
    if not any(inside(real, _real_folder(folder)) for folder in folders):
        lexical = os.path.abspath(path)
        if any(inside(lexical, os.path.abspath(folder)) for folder in folders):
            raise NotRead("leads out of the project through a symbolic link")
        raise NotRead("is outside the project")


def _read_at_most(descriptor: int, limit: int) -> bytes:
    """The bytes of an open file; :class:`TooLarge` past ``limit`` (a file that grows while it
    is read is still capped)."""
    chunks = []
    remaining = limit + 1
    while remaining > 0:
        chunk = os.read(descriptor, min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    data = b"".join(chunks)
    if len(data) > limit:
        raise TooLarge(f"is over the {_limit_words(limit)}")
    return data


def read_head(path: str, size: int) -> bytes:
    """The first ``size`` bytes of the regular file at ``path`` (one that :func:`read_bytes`
    found too large), or nothing if it is no longer one."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return b""
    try:
        return os.read(descriptor, size) if stat.S_ISREG(os.fstat(descriptor).st_mode) else b""
    finally:
        os.close(descriptor)


def read_text(path: str, *, limit: int | None = None, within: str | tuple[str, ...] | None = None) -> str:
    """:func:`read_bytes` decoded as UTF-8 (a byte order mark dropped); text that is not UTF-8
    is :class:`NotRead` naming the first bad byte's offset, not the byte's neighbours."""
    data = read_bytes(path, limit=limit, within=within)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotRead(f"is not UTF-8 text (byte {exc.start})") from None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size(count: int) -> str:
    """``1 MiB``, ``1.5 MiB``, ``37.3 KiB``; in bytes when one decimal would hide the difference
    from a round number (``1,048,577 bytes``, not ``1 MiB`` over a 1 MiB limit)."""
    for unit, name in ((1024 * 1024, "MiB"), (1024, "KiB")):
        if count >= unit:
            if count % unit == 0:
                return f"{count // unit} {name}"
            shown = f"{count / unit:.1f}"
            return f"{count:,} bytes" if shown.endswith(".0") else f"{shown} {name}"
    return f"{count} bytes"


def decode(raw: bytes) -> tuple[str, tuple[str, int, int] | None]:
    """UTF-8 text (a BOM is dropped); or where the first byte that is not UTF-8 stands."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig", "replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return "", (f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x})", line, column)
