"""Other files that a linted file's rules read: a devcontainer's compose files, a ``replace``
target's ``go.mod``, the files an OpenSSH ``Include`` reads.

Each is read once per process. What could not be used comes back as a value, a
:class:`Problem`, beside the document: the engine reports it in that file (RL001 where it does
not parse, RL004 where it was not read).
"""

from __future__ import annotations

import os
from collections import namedtuple
from pathlib import Path

from .model import Document, Node, ParseError, Span
from .reading import NotRead, read_bytes

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from .model import Comment
    from .workspace import Workspace


#: Why another file could not be used: ``kind`` is ``"parse"`` (it does not parse: ``message``
#: at ``line``:``column``) or ``"not-read"`` (``message`` says why: too large, out of the project).
Problem = namedtuple("Problem", "path kind message line column")


class LinkedFiles:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        #: path -> (document or None, why not); combined by :meth:`combined`, and the files that
        #: formats read into the linted one (:meth:`include`): their suppression comments count.
        self._read: dict[str, tuple[Document | None, Problem | None]] = {}
        #: (path, format) -> root or None, for :meth:`other`.
        self._others: dict[tuple[str, str | None], Node | None] = {}

    def combined(self, folder: str, names: list[str], fmt: str) -> tuple[Node | None, list[Problem]]:
        """The files ``names`` (relative to ``folder``) read with ``fmt`` and combined as that
        format's tool combines them, or None when one of them is missing or cannot be parsed;
        and the problems of the files that could not be used (each time they are asked for)."""
        from .formats import merge

        files = []
        problems = []
        for name in names:
            path = os.path.normpath(os.path.join(folder, name.replace("\\", "/")))
            if path not in self._read:
                self._read[path] = self._parse_file(path, fmt)
            document, problem = self._read[path]
            if problem is not None:
                problems.append(problem)
            if document is None:
                return None, problems
            files.append((path, document.root))
        return merge(fmt, files), problems

    def other(self, path: str, fmt: str | None) -> tuple[Node | None, Problem | None]:
        """The root of another file a condition reads (``in-file``), or None when it cannot be
        read; the first time, and only then, why it was not read (a parse error there is that
        file's own RL001, when it is linted)."""
        from .rules import infer_format

        key = (path, fmt)
        if key in self._others:
            return self._others[key], None
        fmt_used = fmt or infer_format(Path(path).name)
        document, problem = self._parse_file(path, fmt_used) if fmt_used is not None else (None, None)
        self._others[key] = document.root if document is not None else None
        return self._others[key], problem if problem is not None and problem.kind == "not-read" else None

    def include(self, path: str, text: str, comments: list[Comment]) -> None:
        """A file a format read into the linted one (OpenSSH's Include): findings in it are
        silenced by its own suppression comments."""
        empty = Node(None, Span(1, 1, 1, 1))
        self._read.setdefault(os.path.normpath(path), (Document(empty, comments, text), None))

    def replace(self, path: str, text: str | None, problem: Problem | None, fmt: str | None) -> None:
        """Stand ``text`` (standard input) for the file at ``path`` on disk."""
        from .formats import parse

        document = None
        if text is not None and problem is None and fmt is not None:
            try:
                document = parse(fmt, text)
            except ParseError as exc:
                problem = Problem(path, "parse", exc.message, exc.line, exc.column)
        self._read[path] = (document, problem)

    def documents(self) -> list[tuple[str, Document | None]]:
        """The files read so far (through :meth:`combined` and :meth:`include`), by path."""
        return [(path, document) for path, (document, _) in self._read.items()]

    def _parse_file(self, path: str, fmt: str) -> tuple[Document | None, Problem | None]:
        """The document of ``path`` read with ``fmt``, or None and why not. A missing file is no
        problem here: the rules report it (DC008, GM002)."""
        from .formats import parse
        from .reading import decode

        try:
            raw = read_bytes(path, within=self.workspace.allowed)
        except NotRead as exc:
            return None, Problem(path, "not-read", str(exc), 1, 1)
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            return None, Problem(path, "parse", f"cannot read file: {exc.strerror}", 1, 1)
        text, error = decode(raw)
        if error is not None:
            return None, Problem(path, "parse", *error)
        try:
            return parse(fmt, text, path, self.workspace.top_for(path)), None
        except ParseError as exc:
            return None, Problem(path, "parse", exc.message, exc.line, exc.column)
        except RecursionError:
            return None, Problem(path, "parse", "nested too deeply to parse", 1, 1)
