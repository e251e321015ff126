"""Which Go packages of a project only tests use: the import graph, read from files' headers.

A package (a folder of ``.go`` files) is *test code* when every file outside it that imports it
is test code (a file the rule already leaves out, such as ``*_test.go`` or one under ``test/``,
or a file of another package that is test code), and either some file does import it, or its own
non-test files import ``testing`` (a harness or a test program that nothing imports). Helpers
such as ``internal/testhelper`` or ``tstest/nettest``, which only other packages' tests import,
are test code by the first clause; a test program under ``cmd/`` that imports ``testing`` by the
second. A package that nothing imports and that does not import ``testing`` (a library's public
package, a command) is not.

Import paths come from the nearest ``go.mod`` (its ``module`` path and the folder below it).
Importers are looked for in every ``.go`` file of the project (the git work tree, or the folder
linted), outside ``vendor/``, ``testdata/`` and the other folders walks never enter.

Only a file's header is read: Go allows nothing but comments, the package clause and import
declarations before the first other declaration, so a small scanner of those tokens (as
``go/build`` reads imports without parsing the file) finds every import exactly, far faster
than parsing each file of the project with tree-sitter. A header the scanner does not follow
(a string that is no Go string, the file cut at 64 KiB) makes it look for the import path
anywhere in the file instead, which can only add importers: a package is never taken for test
code because of what the scanner missed.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

#: How much of each file the header scanner reads: first a little (most headers are shorter),
#: then up to HEAD_BYTES; a header longer than that makes the file be searched whole.
FIRST_BYTES = 4096
HEAD_BYTES = 64 * 1024
#: A project with more Go files than this is not indexed: no package is taken for test code.
MOST_FILES = 100_000

#: One token and the space and comments before it (none at the end of the text). Each part is
#: unambiguous (a comment ends at its first `*/` or at the end of its line), so nothing backtracks.
_TOKEN = re.compile(
    r"""(?:[ \t\r\n\ufeff]|//[^\n]*|/\*(?:[^*]|\*(?!/))*\*/)*
        (?: (?P<string>"(?:[^"\\\n]|\\.)*"|`[^`]*`)
          | (?P<word>[^\W\d]\w*)
          | (?P<punct>[();.])
          | (?P<other>.) )?""",
    re.S | re.X,
)


# A small parser over one token stream whose state runs through both of its loops.
def header_imports(text: str, whole: bool = True) -> list[str] | None:  # noqa: C901
    """The import paths a Go file's header declares, or None when the scanner cannot tell (a
    token it does not expect there, or ``text``, only the start of the file, ends in the header)."""
    tokens = ((match.lastgroup, match.group(match.lastgroup)) for match in _TOKEN.finditer(text) if match.lastgroup)
    end = ("end", "")
    token = next(tokens, end)
    if token != ("word", "package") or next(tokens, end)[0] != "word":
        return None
    paths: list[str] = []
    token = next(tokens, end)
    while True:
        while token == ("punct", ";"):
            token = next(tokens, end)
        if token == end:
            return paths if whole else None  # a file of imports alone (`import _ "embed"`), or cut short
        if token != ("word", "import"):
            # A declaration follows (func, type, var, const); anything else, such as a comment
            # that never ends, is no header the scanner understood.
            return paths if token[0] == "word" else None
        token = next(tokens, end)
        grouped = token == ("punct", "(")
        if grouped:
            token = next(tokens, end)
        while True:
            while grouped and token == ("punct", ";"):
                token = next(tokens, end)
            if grouped and token == ("punct", ")"):
                token = next(tokens, end)
                break
            if token[0] == "word" or token == ("punct", "."):  # a name: `import nethttp "net/http"`
                token = next(tokens, end)
            path = _unquote(token[1]) if token[0] == "string" else None
            if path is None:
                return None
            paths.append(path)
            token = next(tokens, end)
            if not grouped:
                break


def _unquote(literal: str) -> str | None:
    if literal.startswith("`"):
        return literal[1:-1].replace("\r", "")  # Go drops carriage returns from raw strings
    if "\\" not in literal:
        return literal[1:-1]
    from .gomod import _unquote as unquote  # strconv.Unquote

    try:
        return unquote(literal)
    except ValueError:
        return None


class Project:
    """The Go files of one project, their packages' import paths and who imports whom."""

    def __init__(self, top: str) -> None:
        from ..discovery import git_listing, walk

        self.top = top
        self.modules: dict[str, str] = {}  # folder of a go.mod -> its module path
        self.files: dict[str, list[str]] = {}  # folder -> its .go files
        self.imports: dict[str, list[str] | None] = {}  # .go file -> import paths (None: not known)
        self.importers: dict[str, list[str]] = {}  # import path -> files that import it
        self.unknown: list[str] = []  # files whose header the scanner did not follow
        self._test: dict[str, bool] = {}  # folder -> whether its package is test code
        self.complete = True
        count = 0
        listed = git_listing(Path(top), ("*.go", "go.mod"))
        if listed is not None:
            files = (os.path.join(top, relpath) for relpath in listed)
        else:
            named = lambda name: name.endswith(".go") or name == "go.mod"  # noqa: E731
            files = (str(path) for path in walk(Path(top), lambda relpath: False, named=named))
        for file in files:
            if file.endswith("go.mod"):
                if os.path.basename(file) == "go.mod":
                    module = _module_path(file)
                    if module:
                        self.modules[os.path.dirname(file)] = module
                continue
            count += 1
            if count > MOST_FILES:
                self.complete = False
                return
            self.files.setdefault(os.path.dirname(file), []).append(file)
            paths: list[str] | None = []
            for size in (FIRST_BYTES, HEAD_BYTES):
                head = _head(file, size)
                paths = header_imports(head.decode("utf-8", "replace"), whole=len(head) < size) if head else []
                if paths is not None or len(head) < size:
                    break
            self.imports[file] = paths
            if paths is None:
                self.unknown.append(file)
                continue
            for imported in paths:
                self.importers.setdefault(imported, []).append(file)

    def import_path(self, folder: str) -> str | None:
        """The import path of the package in ``folder``, from the nearest go.mod above it."""
        probe = folder
        while True:
            module = self.modules.get(probe)
            if module is not None:
                below = os.path.relpath(folder, probe)
                return module if below == "." else f"{module}/{below.replace(os.sep, '/')}"
            parent = os.path.dirname(probe)
            if parent == probe or not (probe + os.sep).startswith(self.top.rstrip(os.sep) + os.sep):
                return None
            probe = parent

    def importers_of(self, folder: str) -> list[str] | None:
        """The files outside ``folder`` that import its package; None when that cannot be told."""
        path = self.import_path(folder)
        if path is None:
            return None
        found = [file for file in self.importers.get(path, ()) if os.path.dirname(file) != folder]
        needles = (f'"{path}"'.encode(), f"`{path}`".encode())
        for file in self.unknown:
            if os.path.dirname(file) != folder and _mentions(file, needles):
                found.append(file)
        return found

    def is_test_package(self, folder: str, is_test_file: Callable[[str], bool]) -> bool:
        """Whether the package in ``folder`` is test code (see the module's description), where
        ``is_test_file`` says which files are test code by their names."""
        if not self.complete:
            return False
        known = self._test.get(folder)
        if known is not None:
            return known
        self._test[folder] = False  # an import cycle (only mentions can make one) is not test code
        verdict = self._judge(folder, is_test_file)
        self._test[folder] = verdict
        return verdict

    def _judge(self, folder: str, is_test_file: Callable[[str], bool]) -> bool:
        importers = self.importers_of(folder)
        if importers is None:
            return False
        for file in importers:
            if not is_test_file(file) and not self.is_test_package(os.path.dirname(file), is_test_file):
                return False
        if importers:
            return True
        return any(
            "testing" in (self.imports.get(file) or ()) for file in self.files.get(folder, ()) if not is_test_file(file)
        )


def _head(file: str, size: int) -> bytes:
    """The first bytes of a regular file (nothing for anything else: a device is never opened)."""
    from ..reading import read_head

    try:
        if not stat.S_ISREG(os.stat(file).st_mode):
            return b""
    except OSError:
        return b""
    return read_head(file, size)


def _mentions(file: str, needles: tuple[bytes, ...]) -> bool:
    from ..reading import MAX_GO_BYTES, NotRead, read_bytes

    try:
        data = read_bytes(file, limit=MAX_GO_BYTES)
    except (NotRead, OSError):
        return True  # not read: it may import anything
    return any(needle in data for needle in needles)


def _module_path(gomod: str) -> str | None:
    from ..model import ParseError
    from ..reading import NotRead, read_text
    from .gomod import parse_gomod

    try:
        root = parse_gomod(read_text(gomod)).root
        path: str = root.value["Module"].value["Path"].value
        return path
    except (NotRead, OSError, ParseError, KeyError, AttributeError, TypeError):
        return None
