"""OpenSSH configuration: ssh_config (the client) and sshd_config (the server), read and evaluated
as OpenSSH reads them (readconf.c, servconf.c; the facts file, sections E and F).

Reading. A line is a keyword (case-insensitive) and its arguments, separated by whitespace or one
``=``; double quotes group words (``\\"`` and ``\\\\`` inside them), a word that starts with ``#``
ends the line. Every keyword and argument keeps its position. ``Include`` is followed for files
inside the project only: a relative path is resolved against the including file's folder (as
when that folder is installed as ``~/.ssh`` or ``/etc/ssh``), globs in lexical order, an Include
inside a Host or Match block applies only where that block does. A path under ``~``, an absolute
path, or one outside the project is not read (the directive says so: ``not-followed``). Included
files are read safely (:func:`remdev_lint.reading.read_text`): a FIFO, a device, a folder, a file
that is too large or not UTF-8, or a symbolic link (to a file, or a folder on the way) whose real
path leaves the project is not read, and the Include line says which and why (``not-read``).

Nothing here raises on a bad line: OpenSSH's own complaints (an unterminated quote, a keyword
without arguments, ``Match all`` with other criteria, an Include nested too deep) are recorded as
``problems`` for the rules to report.

Limits. Whatever a repository holds, parsing finishes quickly: pattern matching takes time linear
in the name and the pattern (OpenSSH's backtracking matcher can take exponential time), the made-up
host names take time linear in the patterns, and the rest is linear in the size of the files read
and in the lines that apply to each evaluated host, up to the limits below. Past one, the file is a
:class:`~remdev_lint.model.ParseError` (one RL001 diagnostic, nothing else judged) at the line of
the linted file where it happened (for a limit reached in an included file, at the linted file's
Include that led there), with a message that names the limit:

* :data:`MAX_INCLUDED_FILES` files named by Includes (each time a file is included counts);
* :data:`MAX_INCLUDED_TEXT` of text read through Includes, all reads together;
* :data:`MAX_INCLUDE_LOOKUPS` names looked at to resolve Include paths and globs;
* :data:`MAX_EVALUATION_STEPS` evaluation steps (a line, a Host pattern or a Match line for one
  evaluated host or context), at the Host or Match line of the host being evaluated (at the
  file's start when the hosts are too many to start with).

The document (what rules select in):

``directives``
    every line, in the order OpenSSH reads them (included files in place): ``{keyword, name,
    args, value, block, catch-all, effective-for, shadowed-by, not-followed, not-read,
    ignored-unknown}``. ``keyword`` is the keyword as written, ``name`` lower-cased, ``value`` the
    arguments joined by one space (its span covers them), ``block`` the index of the block it is
    in, ``catch-all`` whether that block applies to every host (the global section, a ``Host``
    line with a ``*`` pattern, ``Match all``) rather than to some named ones.
    ``effective-for`` lists the evaluated hosts (contexts) for which this line gives the option its
    value; ``shadowed-by`` is the line that gave it instead, when the line's block applies to some
    evaluated host but the line gives none of them its value. ``ignored-unknown`` is true when an
    earlier ``IgnoreUnknown`` covers the keyword (ssh_config). On an ``Include`` line,
    ``not-followed`` is the argument (as written, at its position) that was not followed, or that
    named a file that was not read; ``not-read`` lists ``{path, reason}`` for each file or folder
    the line named but that was not read: ``path`` relative to the project (``/`` separators),
    ``reason`` a phrase that follows it (``is a named pipe (FIFO), not a regular file``), both at
    the argument's position.
``blocks``
    the global section (index 0) and every ``Host``/``Match`` line: ``{kind, line, patterns,
    criteria, hosts, unknown}``; ``line`` is the Host/Match keyword (the first line of the file
    for the global section), ``hosts`` the evaluated hosts it applies to, ``unknown`` true when a
    criterion cannot be known without running ssh (``exec``, ``user``, ``final``, ...).
``hosts`` (ssh_config) / ``contexts`` (sshd_config)
    what OpenSSH would use: for ssh_config, every literal alias of a ``Host`` line, one host made
    up for each wildcard pattern (``*.prod`` gives ``x.prod``) and one host that only catch-all
    patterns match (``*``, or ``?*``: patterns of ``*`` and ``?`` alone) when there is one; for
    sshd_config, the global section and each ``Match`` block on top of it.
    Each is ``{name, label, kind, at, options, set-by}``: ``label`` is how a message names it (the alias
    or the wildcard pattern in backquotes, "other hosts" for the catch-all host, "the global
    section" or the ``Match`` line in backquotes for a context); ``at`` is where a missing option is reported (the
    Host/Match line that made the host up, or the file's first line), ``options`` maps each
    lower-cased keyword to the node of the line that gives it its value (the first obtained value
    wins; cumulative options such as ``IdentityFile`` and ``LocalForward`` give a list), and
    ``set-by`` maps each to the directive (above) of the line that gives it (its first line for
    a cumulative option). A host with a ``ControlPath`` has ``control-path-for-host``: the path
    with the tokens the host decides expanded (``%h``, ``%n``, ``%k``, ``%p``, ``%j``, and ``%r``
    when it sets a User), the machine's own (``~``, ``%d``, ``%u``, ``%l``, ``%L``, ``%i``,
    ``%C``) and ``%%`` left as written, at the ControlPath's value.
``problems``
    ``{message, at}`` for lines OpenSSH refuses for reasons of syntax.
``drop-in``
    true for a file in a ``*.d`` folder named ``*.conf`` (``sshd_config.d/10-dev.conf``): the
    main file that includes it may set what it leaves unset.
``unknown-included``
    true when an ``Include`` names files that were not read: a path not followed (``~/...``,
    outside the project), a file refused, or a pattern that matches no file in the project
    (on the machine the config is for, it may name files that set anything).

Match criteria that cannot be known without running ssh (``exec``, ``user``, ``localuser``,
``localnetwork``, ``canonical``, ``final``, ``tagged``, ``command``, ``version``,
``sessiontype``) never apply, and the linter never runs a command.

``Document.included`` holds ``(path, text, comments)`` once for every file read through an
Include, in the order they were first read; a file that includes itself (ssh gives up after 16
nested reads) is listed too, once.
"""

from __future__ import annotations

import gc
import os
import re

from ..model import Comment, Document, LineTable, Node, ParseError, Span
from ..reading import MAX_CONFIG_BYTES, NotRead, inside, read_text
from ..regexes import match_at

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

__all__ = ["parse_ssh_config", "parse_sshd_config"]

#: Options that accumulate instead of taking the first value (readconf.c).
CLIENT_CUMULATIVE = frozenset(
    {
        "identityfile",
        "certificatefile",
        "localforward",
        "remoteforward",
        "dynamicforward",
        "sendenv",
        "setenv",
    }
)
#: sshd keywords that are other names of one option (servconf.c's keyword table): the first of
#: them obtained wins, and ``sshd -T`` prints the option by its own name.
SERVER_ALIASES = {
    "challengeresponseauthentication": "kbdinteractiveauthentication",
    "pubkeyacceptedkeytypes": "pubkeyacceptedalgorithms",
    "hostbasedacceptedkeytypes": "hostbasedacceptedalgorithms",
}
#: sshd options that accumulate (servconf.c): lists added to on every line.
SERVER_CUMULATIVE = frozenset(
    {
        "hostkey",
        "hostcertificate",
        "acceptenv",
        "setenv",
        "subsystem",
        "listenaddress",
        "port",
        "allowusers",
        "denyusers",
        "allowgroups",
        "denygroups",
        "include",
    }
)
_UNKNOWABLE = frozenset(
    {
        "exec",
        "user",
        "localuser",
        "localnetwork",
        "canonical",
        "final",
        "tagged",
        "command",
        "version",
        "sessiontype",
    }
)
_MAX_INCLUDE_DEPTH = 16
#: The most files that Includes may name for one linted file, nested Includes too, each time a
#: file is included counting once (read or not: a FIFO counts). OpenSSH caps the depth of
#: Includes at 16 but not how many files one glob brings in, so a dozen nested ``Include */*``
#: would read thousands of files. Real configurations include a few files, an ``ssh_config.d``
#: folder a few dozen.
MAX_INCLUDED_FILES = 1_000
#: The most text read through Includes for one linted file, all reads together (a file included
#: twice counts twice): the size limit the engine sets for one configuration file.
MAX_INCLUDED_TEXT = MAX_CONFIG_BYTES
#: The most names looked at to resolve the Include paths of one linted file, each distinct path
#: once: a path without wildcards costs one, a wildcard in a folder of N entries costs 10 + N.
#: Real configurations look at a few dozen; this bounds a file of 100,000 different globs.
MAX_INCLUDE_LOOKUPS = 100_000
#: The most evaluation steps for one file. A step is one evaluated host (context), one Host or
#: Match line or run of lines visited for it, one line applied to it, one wildcard pattern its
#: name is tested against (and one more per 4 KiB of name compared). 10,000 hosts with a dozen
#: lines of their own and a dozen under ``Host *`` (a very large real file) take about 300,000.
MAX_EVALUATION_STEPS = 2_000_000
#: Time options whose `none` is stored as "unset" (readconf.c parse_time): a later line still
#: sets them.
_NONE_IS_UNSET = frozenset({"connecttimeout", "serveraliveinterval", "forwardx11timeout"})
#: sshd options where the last line wins (servconf.c assigns them without checking).
SERVER_LAST_WINS = frozenset({"maxstartups"})
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


class _Word:
    __slots__ = ("text", "start", "end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end


class _Line:
    """One keyword line: its words with offsets into the file's text, ``base`` the offset where
    the line starts. ``via`` is, for a line of an included file, the linted file's Include line
    and argument that led to it."""

    __slots__ = ("keyword", "args", "problem", "origin", "base", "line_no", "via")

    def __init__(
        self,
        keyword: _Word,
        args: list[_Word],
        problem: str | None,
        origin: str | None,
        base: int,
        line_no: int,
        via: tuple[_Line, _Word] | None,
    ) -> None:
        self.keyword, self.args, self.problem = keyword, args, problem
        self.origin, self.base, self.line_no, self.via = origin, base, line_no, via

    def span(self, start: int, end: int) -> Span:
        """The span of the text from ``start`` to ``end`` (offsets in this line)."""
        return Span(self.line_no, start - self.base + 1, self.line_no, end - self.base + 1)


def _top_position(line: _Line, word: _Word) -> tuple[int, int]:
    """Where in the linted file to report something about ``word``: there, or for a line of an
    included file at the linted file's Include argument that led to it."""
    if line.via is not None:
        line, word = line.via
    return line.line_no, word.start - line.base + 1


_SPACES = re.compile(r"[ \t]*")
_KEYWORD = re.compile(r"[^ \t=]*")
#: A word with no backslash: plain characters and whole quoted parts (the common case, read at once).
_SIMPLE_WORD = re.compile(r"""(?:[^ \t\\"']+|"[^"\\]*"|'[^'\\]*')+""")
_QUOTED_PART = re.compile(r""""([^"]*)"|'([^']*)'""")
_QUOTE_OR_ESCAPE = re.compile(r"""["'\\]""")
_BARE_WORD = re.compile(r"[^ \t]+")
#: Characters with no special meaning, outside quotes and inside each kind of quote.
_PLAIN_RUN = {"": re.compile(r"""[^ \t\\"']+"""), '"': re.compile(r'[^"\\]+'), "'": re.compile(r"[^'\\]+")}


def _split(text: str, offset: int) -> tuple[list[_Word], str | None]:
    """The words of one line (OpenSSH's argv_split), the first one being the keyword: the keyword
    ends at whitespace or ``=``, which may separate it from its arguments. Time linear in the
    line."""
    i = match_at(_SPACES, text).end()
    end = match_at(_KEYWORD, text, i).end()
    words = [_Word(text[i:end], offset + i, offset + end)]
    n = len(text)
    i = match_at(_SPACES, text, end).end()
    if i < n and text[i] == "=":
        i += 1
    if not _QUOTE_OR_ESCAPE.search(text, i):
        for match in _BARE_WORD.finditer(text, i):
            if text[match.start()] == "#":
                break
            words.append(_Word(match.group(), offset + match.start(), offset + match.end()))
        return words, None
    while True:
        i = match_at(_SPACES, text, i).end()
        if i >= n or text[i] == "#":
            break
        simple = _SIMPLE_WORD.match(text, i)
        end = simple.end() if simple else i
        value: str | None
        if simple and (end == n or text[end] in " \t"):
            raw = simple.group()
            if '"' not in raw and "'" not in raw:
                value = raw
            elif raw[0] in "\"'" and raw[-1] == raw[0] and len(raw) > 1 and raw[0] not in raw[1:-1]:
                value = raw[1:-1]  # one quoted part
            else:
                value = _QUOTED_PART.sub(r"\1\2", raw)
        else:
            value, end = _escaped_word(text, i)
            if value is None:
                return words, "invalid quotes"
        words.append(_Word(value, offset + i, offset + end))
        i = end
    return words, None


def _escaped_word(text: str, i: int) -> tuple[str | None, int]:
    """The word that starts at ``i`` and where it ends, or None for an unterminated quote.

    misc.c argv_split: ' and " quote; \\ escapes a quote, a backslash, and (outside quotes) a
    space; any other backslash is kept as it is."""
    n = len(text)
    chars: list[str] = []
    quote = ""
    while i < n:
        run = _PLAIN_RUN[quote].match(text, i)
        if run:
            chars.append(run.group())
            i = run.end()
            if i >= n:
                break
        char = text[i]
        if char == "\\" and i + 1 < n and (text[i + 1] in "'\"\\" or (not quote and text[i + 1] == " ")):
            chars.append(text[i + 1])
            i += 2
            continue
        if not quote and char in " \t":
            break
        if not quote and char in "'\"":
            quote = char
        elif quote and char == quote:
            quote = ""
        else:
            chars.append(char)
        i += 1
    return (None if quote else "".join(chars)), i


def _read_lines(
    text: str, origin: str | None, comments: list[Comment] | None, via: tuple[_Line, _Word] | None
) -> list[_Line]:
    found = []
    for number, match in enumerate(_LINE.finditer(text), start=1):
        raw = match.group().rstrip("\r\n")
        if not raw and match.end() == len(text) and match.start() == len(text):
            break
        stripped = raw.lstrip(" \t")
        if not stripped:
            continue
        start = match.start() + len(raw) - len(stripped)
        if stripped.startswith("#"):
            if comments is not None:
                end = len(raw) + 1
                comments.append(Comment(Span(number, start - match.start() + 1, number, end), stripped[1:]))
            continue
        words, problem = _split(raw, match.start())
        if comments is not None:
            hash_at = _trailing_comment(raw)
            if hash_at is not None:
                comments.append(Comment(Span(number, hash_at + 1, number, len(raw) + 1), raw[hash_at + 1 :]))
        found.append(_Line(words[0], words[1:], problem, origin, match.start(), number, via))
    return found


#: What can start a trailing comment or change the quoting: a quote not after a backslash, a
#: ``#`` after whitespace or ``=``.
_COMMENT_OR_QUOTE = re.compile(r"""(?<!\\)["']|(?<=[ \t=])#""")


def _trailing_comment(raw: str) -> int | None:
    """Where a ``#`` comment after the arguments starts (outside quotes, at a word's start)."""
    if "#" not in raw:
        return None
    quote = ""
    for match in _COMMENT_OR_QUOTE.finditer(raw):
        char = match.group()
        if char == "#":
            if not quote:
                return match.start()
        elif not quote:
            quote = char
        elif char == quote:
            quote = ""
    return None


# --- patterns ---------------------------------------------------------------------------------


def _encode(name: str, fold: bool = False) -> bytes:
    """A name as ssh compares it: UTF-8 bytes, ASCII letters lower-cased when case does not matter
    (ssh's tolower() leaves other bytes alone)."""
    data = name.encode("utf-8", "surrogatepass")
    return data.lower() if fold else data


def _part(text: bytes) -> bytes | tuple[re.Pattern[bytes], int]:
    """A run of a pattern between two ``*``: its bytes, or with a ``?`` a regular expression of
    fixed width (literal bytes and ``.``, which cannot backtrack) and that width."""
    if b"?" not in text:
        return text
    return re.compile(b".".join(re.escape(piece) for piece in text.split(b"?")), re.DOTALL), len(text)


def _width(part: bytes | tuple[re.Pattern[bytes], int]) -> int:
    return len(part) if isinstance(part, bytes) else part[1]


def _at(part: bytes | tuple[re.Pattern[bytes], int], name: bytes, position: int) -> bool:
    """Whether ``part`` matches ``name`` at ``position``."""
    if isinstance(part, bytes):
        return name.startswith(part, position)
    return part[0].match(name, position) is not None


class _Glob:
    """One OpenSSH pattern (match.c match_pattern): ``*`` matches any run of bytes, ``?`` one
    byte, every other byte itself, and the whole name must match. ssh matches bytes, so ``?``
    matches one byte of a UTF-8 character, as ssh does.

    ssh's matcher backtracks (``a*a*a*a*b`` against a long name takes exponential time); this one
    anchors the first and last runs and finds each run between two ``*`` at its leftmost place,
    which gives the same answer in time linear in the name for runs without ``?`` (``bytes.find``)
    and at worst name x run for a ``?`` run: :meth:`cost` counts that."""

    __slots__ = ("fixed", "star", "head", "tail", "middle", "searched", "size", "weight")

    def __init__(self, pattern: bytes) -> None:
        parts = pattern.split(b"*")
        self.star = len(parts) > 1
        self.size = len(pattern)
        #: the bytes a name must have at least (exactly, without ``*``)
        self.fixed = len(pattern) - (len(parts) - 1)
        self.head = _part(parts[0])
        self.tail = _part(parts[-1])
        self.middle = [_part(part) for part in parts[1:-1] if part]
        #: the width of the runs with a ``?`` that are searched for
        self.searched = sum(len(part) for part in parts[1:-1] if b"?" in part)
        #: evaluation steps a test takes, apart from the name's length: one, one per four runs
        #: between two ``*`` (each a step of Python) and one per 4 KiB of pattern
        self.weight = 1 + len(self.middle) // 4 + self.size // 4096

    def matches(self, name: bytes) -> bool:
        n = len(name)
        if n < self.fixed:
            return False
        if not self.star:
            return n == self.fixed and _at(self.head, name, 0)
        end = n - _width(self.tail)
        if not _at(self.head, name, 0) or not _at(self.tail, name, end):
            return False
        position = _width(self.head)
        for part in self.middle:
            if isinstance(part, bytes):
                found = name.find(part, position, end)
                width = len(part)
            else:
                match = part[0].search(name, position, end)
                found = match.start() if match else -1
                width = part[1]
            if found < 0:
                return False
            position = found + width
        return True


def _cost(globs: list[_Glob]) -> tuple[int, int, int]:
    """What testing a name against each of ``globs`` costs: (how many, their weights, the bytes
    of their ``?`` runs that are searched for), for :func:`_steps`."""
    return len(globs), sum(glob.weight for glob in globs), sum(glob.searched for glob in globs)


def _steps(cost: tuple[int, int, int], name: int) -> int:
    """Evaluation steps for testing a name of ``name`` bytes at the ``cost`` of :func:`_cost`: the
    patterns' weights, and one step per 4 KiB of bytes compared (the name once per pattern, and
    once per byte of a searched ``?`` run)."""
    count, weight, searched = cost
    return weight + name * (count + searched) // 4096


class _PatternList:
    """Patterns tested together: a Host line's words, or OpenSSH's match_pattern_list (a comma
    list: ``Match host``, ``IgnoreUnknown``). A name matches when a pattern without ``!`` matches
    it and no ``!`` pattern does. In a comma list (``comma_list``), a pattern of 1,023 bytes or more
    makes the whole list match nothing, as in ssh (its 1,024-byte buffer). Literal patterns are
    looked up, only wildcard patterns are tested."""

    __slots__ = ("fold", "refuses", "literal", "negated_literal", "wild", "negated_wild", "every_cost", "negated_cost")

    def __init__(self, patterns: list[str], fold: bool = False, comma_list: bool = False) -> None:
        self.fold = fold
        self.refuses = False
        self.literal: set[bytes] = set()
        self.negated_literal: set[bytes] = set()
        self.wild: list[_Glob] = []
        self.negated_wild: list[_Glob] = []
        for pattern in patterns:
            negated = pattern.startswith("!")
            body = _encode(pattern[1:] if negated else pattern, fold)
            if comma_list and len(body) >= 1023:
                self.refuses = True
            if b"*" in body or b"?" in body:
                (self.negated_wild if negated else self.wild).append(_Glob(body))
            else:
                (self.negated_literal if negated else self.literal).add(body)
        self.every_cost = _cost(self.wild + self.negated_wild)
        self.negated_cost = _cost(self.negated_wild)

    def matches(self, name: bytes) -> bool:
        """``name`` as :func:`_encode` gives it (with this list's ``fold``)."""
        if self.refuses or name in self.negated_literal:
            return False
        if any(glob.matches(name) for glob in self.negated_wild):
            return False
        return name in self.literal or any(glob.matches(name) for glob in self.wild)

    def cost(self, name: bytes) -> int:
        """The evaluation steps :meth:`matches` takes for ``name``."""
        return 1 + _steps(self.every_cost, len(name))


def match_pattern_list(name: str, patterns: list[str], fold: bool = False) -> bool:
    """OpenSSH's match_pattern_list: a negated pattern that matches rejects; otherwise any
    positive match accepts; negations alone accept nothing; a pattern of 1,023 bytes or more
    rejects. ``fold``: case does not matter (as for ``Match host``; ``Host`` lines are
    case-sensitive)."""
    return _PatternList(patterns, fold, comma_list=True).matches(_encode(name, fold))


class _Budget:
    """What is left of :data:`MAX_EVALUATION_STEPS` for one file: :meth:`spend` raises a
    ParseError at ``at`` (a position in the linted file) with ``message`` when it runs out."""

    __slots__ = ("left", "at", "message")

    def __init__(self) -> None:
        self.left = MAX_EVALUATION_STEPS
        self.at = (1, 1)
        self.message = ""

    def spend(self, steps: int) -> None:
        self.left -= steps
        if self.left < 0:
            raise ParseError(self.message, *self.at)

    def check(self, steps: int) -> None:
        """Raise now if ``steps`` more (a lower bound of what is to come) would be too many."""
        if steps > self.left:
            raise ParseError(self.message, *self.at)

    def evaluating(self, line: _Line | None, message: str) -> None:
        """Further steps are spent on evaluating at ``line`` (None: the file's start)."""
        self.at = (1, 1) if line is None else _top_position(line, line.keyword)
        self.message = message


# --- reading a file with its includes ---------------------------------------------------------

_MAGIC = re.compile(r"[*?[]")


class _Reader:
    """Reads a file and, in place, the files its Includes name, within the limits (module
    docstring): each file's text is read once, each Include path resolved once."""

    def __init__(self, server: bool, root: str | None, path: str | None) -> None:
        self.server = server
        #: Relative Include paths are resolved under the folder of the first file (ssh: ~/.ssh or
        #: /etc/ssh), for an Include in an included file too.
        self.top_folder = os.path.dirname(path) if path else None
        project = root or self.top_folder
        #: Nothing outside this folder is read (without a project root: the first file's folder).
        self.root = os.path.normpath(project) if project else None
        self.real_root = os.path.realpath(self.root) if self.root else None
        self.lines: list[tuple[_Line, list[Any]]] = []  # (line, the conditions it is under)
        self.problems: list[tuple[str, _Line, _Word]] = []
        #: id(Include line) -> (the argument, its text) not followed
        self.not_followed: dict[int, tuple[_Word, str]] = {}
        #: id(Include line) -> (the argument, the path it named, why it was not read)
        self.not_read: dict[int, list[tuple[_Word, str, str]]] = {}
        self.aborted = False
        #: (path, text, comments) of every file read through an Include, once each.
        self.included: list[tuple[str, str, list[Comment]]] = []
        self.via: tuple[_Line, _Word] | None = None  # the linted file's Include being followed
        self.files = 0
        self.text_read = 0
        self.looked_up = 0
        self.texts: dict[str, tuple[str | None, str]] = {}  # path -> (text, or None and why not)
        self.listed: set[str] = set()  # the paths in `included`
        self.globs: dict[str, tuple[list[str], list[tuple[str, str]]]] = {}  # pattern -> (found, refused)
        #: Whether an Include named files that were not read: not followed, refused, or matching
        #: no file here (on the machine the config is for, they may exist and set anything)
        self.unknown_included = False
        self.listings: dict[str, list[tuple[str, bool]] | None] = {}  # folder -> entries (None: outside)

    def read(
        self, text: str, path: str | None, conditions: list[Any], depth: int, comments: list[Comment] | None
    ) -> None:
        current = list(conditions)
        for line in _read_lines(text, path if depth else None, comments, self.via if depth else None):
            if self.aborted:
                return
            name = line.keyword.text.lower()
            if line.problem:
                self.problems.append((line.problem, line, line.keyword))
            if name in ("host", "match"):
                current = [*conditions, line]
                self.lines.append((line, list(conditions)))
                continue
            self.lines.append((line, current))
            if name == "include":
                self._include(line, current, depth)

    def _include(self, line: _Line, conditions: list[Any], depth: int) -> None:
        if not line.args or self.aborted:
            return
        if depth + 1 > _MAX_INCLUDE_DEPTH:
            # ssh stops reading altogether ("Too many recursive configuration includes").
            self.problems.append(("Too many recursive configuration includes", line, line.keyword))
            self.aborted = True
            return
        for arg in line.args:
            if depth == 0:
                self.via = (line, arg)
            for found in self._targets(line, arg):
                text = self._text(found, line, arg)
                if text is None:
                    continue
                comments: list[Comment] | None = None  # the comments of a file are kept the first time it is read
                if found not in self.listed:
                    comments = []
                    self.included.append((found, text, comments))
                    self.listed.add(found)
                self.read(text, found, conditions, depth + 1, comments)
                if self.aborted:
                    return

    def _targets(self, line: _Line, arg: _Word) -> list[str]:
        """The files an Include argument names, in lexical order; an argument that is not followed,
        or a folder on the way that is not looked into, is recorded on the line."""
        target = arg.text
        folder = self.top_folder
        if target.startswith("~") or os.path.isabs(target) or folder is None or "%" in target or "$" in target:
            self.not_followed[id(line)] = (arg, target)
            self.unknown_included = True
            return []
        if "\0" in target:
            self._refuse(line, arg, target.replace("\0", "\\0"), "has a NUL character in its name")
            return []
        try:
            os.fsencode(target)
        except UnicodeError:  # a lone surrogate: no file has that name
            self._refuse(line, arg, ascii(target)[1:-1], "cannot be a file name")
            return []
        pattern = os.path.normpath(os.path.join(folder, target))
        if self.root is None or not inside(pattern, self.root):
            self.not_followed[id(line)] = (arg, target)
            self.unknown_included = True
            return []
        if pattern not in self.globs:
            refused: list[tuple[str, str]] = []
            found = sorted(self._glob(pattern, False, refused, line, arg))
            self.globs[pattern] = (found, refused)
        found, refused = self.globs[pattern]
        for shown, reason in refused:
            self._refuse(line, arg, shown, reason)
        if not found:
            self.unknown_included = True
        return found

    def _text(self, path: str, line: _Line, arg: _Word) -> str | None:
        """The text of an included file (read once), counted against the limits; None when it is
        not read (recorded on the line)."""
        self.files += 1
        if self.files > MAX_INCLUDED_FILES:
            raise self._limit(
                line,
                arg,
                f"more than {MAX_INCLUDED_FILES:,} files to read through Include (the limit for one file, counting"
                f" each time a file is included): {self._shown(path)} would be one too many",
            )
        if path not in self.texts:
            try:
                self.texts[path] = (read_text(path, limit=MAX_CONFIG_BYTES, within=self.root), "")
            except NotRead as exc:
                self.texts[path] = (None, str(exc))
            except (OSError, ValueError) as exc:
                why = getattr(exc, "strerror", None) or type(exc).__name__
                self.texts[path] = (None, f"cannot be read: {why}")
        text, reason = self.texts[path]
        if text is None:
            self._refuse(line, arg, self._shown(path), reason)
            return None
        self.text_read += len(text)
        if self.text_read > MAX_INCLUDED_TEXT:
            raise self._limit(
                line,
                arg,
                f"more than {MAX_INCLUDED_TEXT // (1024 * 1024)} MiB of text to read through Include (the limit for"
                f" one file, counting each time a file is included): reached at {self._shown(path)}",
            )
        return text

    def _refuse(self, line: _Line, arg: _Word, shown: str, reason: str) -> None:
        self.unknown_included = True
        self.not_followed[id(line)] = (arg, arg.text)
        self.not_read.setdefault(id(line), []).append((arg, shown, reason))

    def _shown(self, path: str) -> str:
        """``path`` as a message shows it: relative to the project, with ``/``."""
        return os.path.relpath(path, self.root).replace(os.sep, "/") if self.root else path

    def _limit(self, line: _Line, arg: _Word, message: str) -> ParseError:
        """The ParseError for a limit reached at an Include: at the linted file's Include that led
        there, naming the nested Include when there is one."""
        if line.origin is not None:
            message += f" (by the Include at line {line.line_no} of {self._shown(line.origin)})"
        return ParseError(message, *_top_position(line, arg))

    # Python's glob.glob (hidden names only for a part that starts with a dot, ``**`` as ``*``),
    # with each folder listed once, no folder listed whose real path leaves the project (a link to
    # / would list the whole disk), and every name looked at counted.

    def _look(self, count: int, line: _Line, arg: _Word) -> None:
        self.looked_up += count
        if self.looked_up > MAX_INCLUDE_LOOKUPS:
            raise self._limit(
                line,
                arg,
                f"more than {MAX_INCLUDE_LOOKUPS:,} names to look at for the Include paths of one file (the limit)",
            )

    def _glob(
        self, pattern: str, folders_only: bool, refused: list[tuple[str, str]], line: _Line, arg: _Word
    ) -> list[str]:
        folder, name = os.path.split(pattern)
        if not _MAGIC.search(pattern):
            self._look(1, line, arg)
            exists = os.path.lexists(pattern) if name else os.path.isdir(folder)
            return [pattern] if exists else []
        if folder != pattern and _MAGIC.search(folder):
            folders = self._glob(folder, True, refused, line, arg)
        else:
            folders = [folder]
        found = []
        for each in folders:
            if _MAGIC.search(name):
                names = self._matching(each, name, folders_only, refused, line, arg)
            else:
                self._look(1, line, arg)
                exists = os.path.lexists(os.path.join(each, name)) if name else os.path.isdir(each)
                names = [name] if exists else []
            found += [os.path.join(each, name) for name in names]
        return found

    def _matching(
        self, folder: str, pattern: str, folders_only: bool, refused: list[tuple[str, str]], line: _Line, arg: _Word
    ) -> list[str]:
        import fnmatch

        listing = self._listing(folder)
        if listing is None:
            refused.append((self._shown(folder), "leads out of the project through a symbolic link"))
            return []
        self._look(10 + len(listing), line, arg)
        hidden = pattern.startswith(".")
        names = [name for name, is_folder in listing if (hidden or name[0] != ".") and (is_folder or not folders_only)]
        return fnmatch.filter(names, pattern)

    def _listing(self, folder: str) -> list[tuple[str, bool]] | None:
        """The entries of ``folder`` (name, whether a folder), listed once; [] when it cannot be
        listed; None when its real path is outside the project."""
        if folder not in self.listings:
            listing: list[tuple[str, bool]] | None
            if self.real_root is None or not inside(os.path.realpath(folder), self.real_root):
                listing = None
            else:
                listing = []
                try:
                    with os.scandir(folder) as entries:
                        for entry in entries:
                            try:
                                is_folder = entry.is_dir()
                            except OSError:
                                is_folder = False
                            listing.append((entry.name, is_folder))
                except OSError:
                    pass
            self.listings[folder] = listing
        return self.listings[folder]


# --- evaluating ---------------------------------------------------------------------------------


class _Block:
    __slots__ = ("index", "line", "kind", "patterns", "criteria", "unknown", "problem", "pattern_list", "compiled")

    @property
    def catch_all(self) -> bool:
        """Whether the block applies to every host (context) it is not told to leave out: the
        global section, a ``Host`` line with a catch-all pattern (``*``, ``* !github.com``),
        ``Match all``."""
        if self.kind == "global":
            return True
        if self.kind == "host":
            return any(_is_catch_all(p) for p in self.patterns)
        return [(c, n) for c, n, _ in self.criteria] == [("all", False)]

    def __init__(self, index: int, line: _Line | None) -> None:
        self.index, self.line = index, line
        self.kind = "global" if line is None else line.keyword.text.lower()
        self.patterns: list[str] = []
        self.criteria: list[tuple[str, bool, list[str]]] = []  # (criterion, negated, patterns)
        self.unknown = False
        self.problem: str | None = None
        self.pattern_list: _PatternList | None = None  # see host_patterns()
        #: criterion position -> its patterns ready to test (Match host, Match originalhost)
        self.compiled: dict[int, _PatternList] = {}
        if line is None:
            return
        words = [w.text for w in line.args]
        if self.kind == "host":
            self.patterns = words
            return
        i = 0
        while i < len(words):
            word = words[i]
            negated = word.startswith("!")
            criterion = (word[1:] if negated else word).lower()
            if criterion in ("all", "canonical", "final", "invalid-user"):
                self.criteria.append((criterion, negated, []))
                i += 1
                continue
            if i + 1 >= len(words):
                self.problem = f"Match keyword {word!r} has no argument"
                break
            self.criteria.append((criterion, negated, words[i + 1].split(",")))
            i += 2
        names = [c for c, _, _ in self.criteria]
        if "all" in names and any(c not in ("all", "canonical", "final") for c in names):
            self.problem = "'all' cannot be combined with other Match attributes"

    def host_patterns(self) -> _PatternList:
        """A Host line's patterns, ready to test (made when first needed)."""
        if self.pattern_list is None:
            self.pattern_list = _PatternList(self.patterns)
        return self.pattern_list

    def applies(self, host: str, original: str, server: bool, budget: _Budget) -> bool | None:
        """Whether this Match block applies to a host typed as ``original`` whose HostName is so
        far ``host``: True, False, or None when it cannot be known without running ssh. (A Host
        block matches the name as typed: see :class:`_HostIndex`.)"""
        if self.problem:
            return False
        result: bool | None = True
        for position, (criterion, negated, patterns) in enumerate(self.criteria):
            if criterion == "all":
                value: bool | None = True
            elif server:
                value = None  # sshd's Match: user, group, address... known only per connection
            elif criterion in ("host", "originalhost"):
                if position not in self.compiled:
                    self.compiled[position] = _PatternList(patterns, fold=True, comma_list=True)
                name = _encode(host if criterion == "host" else original, fold=True)
                budget.spend(self.compiled[position].cost(name))
                value = self.compiled[position].matches(name)
            else:
                value = None
            if value is not None and negated:
                value = not value
            if value is False:
                return False
            if value is None:
                result = None
        return result


class _GlobIndex:
    """Wildcard patterns, each with a value, to find those that match a name without testing
    each one: a pattern that starts with literal bytes (``dev-*``) is looked up by the name's
    first bytes, one that ends with them (``*.prod``) by its last bytes, and only the others
    (``*a*``, ``?x*``) are tested one by one."""

    def __init__(self, items: list[tuple[_Glob, Any]]) -> None:
        self.heads: dict[bytes, list[tuple[_Glob, Any]]] = {}
        self.tails: dict[bytes, list[tuple[_Glob, Any]]] = {}
        self.others: list[tuple[_Glob, Any]] = []
        for glob, value in items:
            if glob.star and isinstance(glob.head, bytes) and glob.head:
                self.heads.setdefault(glob.head, []).append((glob, value))
            elif glob.star and isinstance(glob.tail, bytes) and glob.tail:
                self.tails.setdefault(glob.tail, []).append((glob, value))
            else:
                self.others.append((glob, value))
        self.head_lengths = sorted({len(head) for head in self.heads})
        self.tail_lengths = sorted({len(tail) for tail in self.tails})
        #: steps a look-up takes, apart from testing what it finds: one per table probed, one per
        #: 4 KiB of name cut to probe them
        self.probing = 1 + len(self.head_lengths) + len(self.tail_lengths)
        self.probing += (sum(self.head_lengths) + sum(self.tail_lengths)) // 4096
        self.others_cost = _cost([glob for glob, _ in self.others])

    def matching(self, name: bytes, budget: _Budget) -> list[Any]:
        """The values of the patterns that match ``name``, the steps taken paid from ``budget``."""
        n = len(name)
        budget.spend(self.probing + _steps(self.others_cost, n))
        found = [item for k in self.head_lengths if k <= n for item in self.heads.get(name[:k], ())]
        found += [item for k in self.tail_lengths if k <= n for item in self.tails.get(name[n - k :], ())]
        budget.spend(_steps(_cost([glob for glob, _ in found]), n))
        return [value for glob, value in found + self.others if glob.matches(name)]


class _HostIndex:
    """Which Host blocks a name typed on the command line matches (a pattern of the block matches
    it and no negated one does), without testing every block: literal patterns are looked up in a
    table, wildcard patterns through a :class:`_GlobIndex`."""

    def __init__(self, blocks: list[_Block]) -> None:
        self.literal: dict[bytes, list[_Block]] = {}
        wild: list[tuple[_Glob, _Block]] = []
        for block in blocks:
            if block.kind == "host":
                for body in block.host_patterns().literal:
                    self.literal.setdefault(body, []).append(block)
                wild += [(glob, block) for glob in block.host_patterns().wild]
        self.wild = _GlobIndex(wild)

    def matching(self, name: bytes, budget: _Budget) -> set[int]:
        """The indices of the Host blocks that ``name`` (as :func:`_encode` gives it) matches."""
        candidates = self.literal.get(name, []) + self.wild.matching(name, budget)
        found: set[int] = set()
        tested: set[int] = set()
        for block in candidates:
            if block.index in tested:
                continue
            tested.add(block.index)
            patterns = block.host_patterns()
            budget.spend(_steps(patterns.negated_cost, len(name)))
            if name in patterns.negated_literal or any(glob.matches(name) for glob in patterns.negated_wild):
                continue
            found.add(block.index)
        return found


# --- building the document ----------------------------------------------------------------------


class _Scope:
    """The blocks a line is under: its own, and those around the Includes that brought it in."""

    __slots__ = ("blocks",)

    def __init__(self, blocks: list[_Block]) -> None:
        self.blocks = blocks


class _Target:
    """An evaluated host (ssh_config) or context (sshd_config)."""

    __slots__ = ("name", "kind", "block", "label", "options")

    def __init__(self, name: str, kind: str, block: _Block | None, label: str) -> None:
        self.name, self.kind, self.block, self.label = name, kind, block, label
        self.options: dict[str, list[_Line]] = {}


def _client_steps(
    ordered: list[tuple[_Line, _Scope | None, _Block | None]], parents: dict[int, list[_Block]]
) -> list[tuple]:
    """Each line once: a Host/Match line as ``(block, indices of the blocks around it, None)``,
    other lines as ``(None, indices of the blocks they are under, [(line, lower-cased keyword),
    ...])``, consecutive lines under the same blocks forming one run."""
    steps: list[tuple] = []
    for line, scope, own in ordered:
        if own is not None:
            steps.append((own, tuple(b.index for b in parents.get(own.index, [])), None))
            continue
        assert scope is not None  # a line is a Host or Match line, or under a scope
        indices = tuple(b.index for b in scope.blocks if b.index)
        if steps and steps[-1][0] is None and steps[-1][1] == indices:
            steps[-1][2].append((line, line.keyword.text.lower()))
        else:
            steps.append((None, indices, [(line, line.keyword.text.lower())]))
    return steps


_CLIENT_LIMIT = (
    f"too much to evaluate as ssh does: more than {MAX_EVALUATION_STEPS:,} steps (the limit for one file; a step is"
    " one line, Host pattern or Match line for one host)"
)
_SERVER_LIMIT = (
    f"too much to evaluate as sshd does: more than {MAX_EVALUATION_STEPS:,} steps (the limit for one file; a step is"
    " one line for one Match context)"
)


def _evaluate_client(
    ordered: list[tuple[_Line, _Scope | None, _Block | None]],
    blocks: list[_Block],
    parents: dict[int, list[_Block]],
    reached: dict[int, list[str]],
    budget: _Budget,
) -> list[_Target]:
    """Per host, the lines in reading order: a Host or Match line decides there and then whether
    its block applies (with the HostName set so far, as ssh does), and the first value wins.

    A host visits only the steps that can apply to it: those under no Host block, and those of the
    Host blocks its name matches (found through :class:`_HostIndex`), so the work grows with the
    lines that apply to each host, not with hosts x blocks."""
    budget.evaluating(None, _CLIENT_LIMIT)
    steps = _client_steps(ordered, parents)
    always, keyed = _steps_by_host_block(steps, blocks)
    # The HostName matters only to a later `Match host`.
    wants_hostname = any(criterion == "host" for block in blocks for criterion, _, _ in block.criteria)
    # Each host takes at least a step of its own, a look-up and the steps under no Host block.
    names = _host_names(blocks, budget, 2 + len(always))
    index = _HostIndex(blocks)
    targets = []
    for host, kind, block, label in names:
        budget.evaluating(block.line if block is not None else None, _CLIENT_LIMIT)
        target = _Target(host, kind, block, label)
        mine = index.matching(_encode(host), budget)
        positions = always
        if mine:
            # Two sorted runs: sorted() merges them in linear time.
            positions = sorted(always + sorted(p for b in mine for p in keyed.get(b, ())))
        budget.spend(1 + len(positions))
        _walk(target, [steps[p] for p in positions], mine, reached, wants_hostname, budget)
        targets.append(target)
    return targets


def _steps_by_host_block(steps: list[tuple], blocks: list[_Block]) -> tuple[list[int], dict[int, list[int]]]:
    """The positions of the steps under no Host block, and of the others by the innermost Host
    block they are under (a host whose name that block does not match can skip them)."""
    always: list[int] = []
    keyed: dict[int, list[int]] = {}
    for position, (own, indices, _run) in enumerate(steps):
        chain = (*indices, own.index) if own is not None else indices
        key = next((index for index in reversed(chain) if blocks[index].kind == "host"), 0)
        if key:
            keyed.setdefault(key, []).append(position)
        else:
            always.append(position)
    return always, keyed


def _walk(
    target: _Target,
    steps: list[tuple],
    mine: set[int],
    reached: dict[int, list[str]],
    wants_hostname: bool,
    budget: _Budget,
) -> None:
    """One host through its steps in reading order: a Host line applies if the host's name matches
    it (``mine``: the Host blocks it matches), a Match line as its criteria say with the HostName
    set so far, each only where the blocks around it apply; the lines of a block that applies
    give their values."""
    host = target.name
    hostname = host
    decided: dict[int, bool | None] = {}
    for own, indices, run in steps:
        applies = all(decided.get(i) is True for i in indices)
        if own is not None:
            if not applies:
                decided[own.index] = False
            elif own.kind == "host":
                decided[own.index] = own.index in mine
            else:
                decided[own.index] = own.applies(hostname, host, False, budget)
            continue
        if not applies:
            continue
        budget.spend(len(run))
        for line, name in run:
            gave = _apply_client_line(line, name, host, target.options, reached)
            if gave and name == "hostname" and wants_hostname and line.args:
                hostname = _expanded_hostname(line.args[0].text, host, budget)


def _apply_client_line(
    line: _Line, name: str, host: str, options: dict[str, list[_Line]], reached: dict[int, list[str]]
) -> bool:
    """One line that applies to ``host``: its value is kept if it is the first. Whether it gave
    its option the value."""
    reached.setdefault(id(line), []).append(host)
    if name == "include":
        return False
    if name in CLIENT_CUMULATIVE:
        options.setdefault(name, []).append(line)
        return True
    if name in options:
        return False
    if name in _NONE_IS_UNSET and [a.text.lower() for a in line.args] == ["none"]:
        return False  # `none` is the unset value: a later line still sets it
    options[name] = [line]
    return True


def _expanded_hostname(value: str, host: str, budget: _Budget) -> str:
    """A HostName value with ``%h`` expanded to the name typed, its size paid for before it is
    made (``%h`` repeated in a long value would make a huge name)."""
    size = len(value) + value.count("%h") * (len(host) - 2)
    budget.spend(size // 64)
    return value.replace("%h", host)


def _evaluate_server(
    scoped: list[tuple[_Line, _Scope]], blocks: list[_Block], reached: dict[int, list[str]], budget: _Budget
) -> list[_Target]:
    """sshd: the global section, and each Match block on top of it. A connection's matching
    Match blocks (its own, and every `Match all`) override the global lines, the first of them
    winning; `MaxStartups` is the exception, where the last line wins."""
    targets = [_Target("global", "global", None, "the global section")]
    targets += [_Target(_context_name(b), "match", b, f"`{_context_name(b)}`") for b in blocks if b.kind == "match"]
    # Each line once: outside any Match block (shared by every context), under `Match all`
    # blocks only (every context's own), or under one other Match block (that context's own).
    shared: list[_Line] = []
    everywhere: list[int] = []
    own_of: dict[int, list[int]] = {}
    for position, (line, scope) in enumerate(scoped):
        matches = [b for b in scope.blocks if b.kind == "match"]
        if not matches:
            shared.append(line)
            continue
        specific = {b.index for b in matches if b.criteria != [("all", False, [])]}
        if not specific:
            everywhere.append(position)
        elif len(specific) == 1:
            own_of.setdefault(next(iter(specific)), []).append(position)
    shared_ids = {id(line) for line in shared}
    for target in targets:
        budget.evaluating(target.block.line if target.block is not None else None, _SERVER_LIMIT)
        positions = everywhere
        if target.block is not None and target.block.index in own_of:
            positions = sorted(everywhere + own_of[target.block.index])
        own = [scoped[position][0] for position in positions]
        budget.spend(1 + len(own) + len(shared))
        for line in own + shared:
            name = line.keyword.text.lower()
            name = SERVER_ALIASES.get(name, name)
            reached.setdefault(id(line), []).append(target.name)
            if name == "include":
                continue
            if name in SERVER_CUMULATIVE:
                target.options.setdefault(name, []).append(line)
            elif name in SERVER_LAST_WINS and id(line) in shared_ids:
                target.options[name] = [line]
            elif name not in target.options:
                target.options[name] = [line]
    return targets


#: Characters for the name of the host that only catch-all patterns match, when `any-other-host`
#: does not do.
_OTHER_HOST_CHARS = "zqxjkvwybgfpmucdlhrsnioate0123456789_"


def _host_tokens(text: str, name: str, options: dict[str, Node]) -> str:
    """``text`` (a ControlPath) with the tokens that the host decides expanded as ssh expands
    them: ``%h`` its HostName (else its name), ``%n`` its name, ``%k`` its HostKeyAlias (else its
    name), ``%p`` its Port (else 22), ``%j`` its ProxyJump (else nothing), ``%r`` its User when
    it sets one. The tokens of the machine ssh runs on (``~``, ``%d``, ``%u``, ``%l``, ``%L``,
    ``%i``, ``%C``, ``%r`` without a User) and ``%%`` are left as written."""

    def given(option: str, default: str) -> str:
        node = options.get(option)
        return str(node.value) if node is not None and isinstance(node.value, (str, int)) else default

    values = {
        "h": given("hostname", name),
        "n": name,
        "k": given("hostkeyalias", name),
        "p": given("port", "22"),
        "j": given("proxyjump", ""),
    }
    if "user" in options:
        values["r"] = given("user", "%r")
    out, i = [], 0
    while i < len(text):
        if text[i] == "%" and i + 1 < len(text):
            token = text[i + 1]
            out.append(values.get(token, text[i : i + 2]))  # `%%` and the machine's tokens stay
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _is_catch_all(pattern: str) -> bool:
    """A pattern of ``*`` and ``?`` alone, with a ``*``: it matches every name long enough."""
    return "*" in pattern and not pattern.strip("*?")


def _host_names(blocks: list[_Block], budget: _Budget, per_host: int) -> list[tuple[str, str, _Block | None, str]]:
    """The hosts to evaluate: every literal alias of a Host line, one host made up for each
    wildcard pattern (``*.prod`` gives ``x.prod``), and one host that only catch-all patterns
    (``*``, ``?*``) match, if there is a name that no other pattern matches. Time linear in the
    patterns; too many hosts to evaluate at ``per_host`` steps each are refused at once."""
    names: list[tuple[str, str, _Block | None, str]] = []
    seen: set[str] = set()
    wildcards: list[tuple[str, _Block]] = []
    avoid: list[str] = []  # the patterns the other host must not match
    for block in blocks:
        for pattern in block.patterns:
            if pattern.startswith("!"):
                avoid.append(pattern[1:])
            elif "*" in pattern or "?" in pattern:
                wildcards.append((pattern, block))
            elif pattern not in seen:
                seen.add(pattern)
                names.append((pattern, "alias", block, f"`{pattern}`"))
    catch_all = {p for p, _ in wildcards if _is_catch_all(p)}
    for pattern, block in wildcards:
        if pattern in catch_all:
            continue
        avoid.append(pattern)
        made = pattern.replace("*", "x").replace("?", "x")
        if made in seen:
            continue
        seen.add(made)
        names.append((made, "wildcard", block, f"`{pattern}`"))
    budget.check(len(names) * per_host)
    other = _other_host(seen, catch_all, avoid, budget)
    if other is not None:
        first_catch_all = next((b for p, b in wildcards if p in catch_all), None)
        names.append((other, "catch-all", first_catch_all, "other hosts"))
    return names


def _other_host(seen: set[str], catch_all: set[str], avoid: list[str], budget: _Budget) -> str | None:
    """A name that the catch-all patterns match and none of ``avoid`` (nor a host of ``seen``):
    ``any-other-host`` if it will do, else one character repeated (``zzzzzz``), longer than any
    pattern without ``*`` and than the ``?`` of the catch-all patterns. A pattern with a ``*``
    matches such a name only if all its other characters are that character, so a character
    that no such pattern is made of will do. None when every candidate character is taken (every
    name may then be matched by some pattern)."""
    need = max((p.count("?") for p in catch_all), default=0)
    wildcard = [pattern for pattern in avoid if "*" in pattern or "?" in pattern]
    literal = {pattern for pattern in avoid if "*" not in pattern and "?" not in pattern}
    name = "any-other-host"
    if len(name) >= need and name not in seen and name not in literal:
        globs = [_Glob(_encode(pattern)) for pattern in wildcard]
        budget.spend(_steps(_cost(globs), len(name)))
        if not any(glob.matches(name.encode()) for glob in globs):
            return name
    taken: set[str] = set()
    length = max(need, 1)
    for pattern in avoid:
        length = max(length, len(_encode(pattern)) - pattern.count("*") + 1)
        if "*" in pattern:
            letters = set(pattern) - {"*", "?"}
            if len(letters) == 1:
                taken |= letters
    for char in _OTHER_HOST_CHARS:
        name = char * length
        if char not in taken and name not in seen:
            return name
    return None


def _context_name(block: _Block) -> str:
    return "Match " + " ".join(w.text for w in block.line.args) if block.line is not None else "global"


def _node_of(word: _Word, line: _Line) -> Node:
    return Node(word.text, line.span(word.start, word.end), None, line.origin)


def _value_node(line: _Line, key_span: Span | None = None) -> Node:
    """The arguments of ``line`` joined by one space, with the keyword's span (``key_span``, when
    it is at hand) as its key span."""
    if not line.args:
        span = line.span(line.keyword.end, line.keyword.end)
        node = Node("", span, None, line.origin)
    else:
        node = Node(
            " ".join(a.text for a in line.args),
            line.span(line.args[0].start, line.args[-1].end),
            None,
            line.origin,
        )
    node.key_span = key_span or line.span(line.keyword.start, line.keyword.end)
    return node


class _ValueNodes:
    """One value node per line and use (an option of every host it applies to, the line another
    line is shadowed by): shared, so that the nodes grow with the lines, not lines x hosts."""

    def __init__(self) -> None:
        self.made: dict[tuple[int, str], Node] = {}

    def get(self, line: _Line, use: str) -> Node:
        key = (id(line), use)
        node = self.made.get(key)
        if node is None:
            node = self.made[key] = _value_node(line)
        return node


def _build(text: str, path: str | None, root: str | None, server: bool) -> Document:
    """The document, made with the cyclic garbage collector paused: nothing made here holds a
    cycle, and the collector's passes over the nodes of a large file (a million in 10 MB) took
    more time than making them."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_document(text, path, root, server)
    finally:
        if collecting:
            gc.enable()


def _build_document(text: str, path: str | None, root: str | None, server: bool) -> Document:
    body = text[1:] if text.startswith("\ufeff") else text
    comments: list[Comment] = []
    reader = _Reader(server, root, path)
    reader.read(body, path, [], 0, comments)
    budget = _Budget()
    builder = _Builder(reader, server)
    scoped, parents = builder.scope_lines()
    targets = builder.evaluate(scoped, parents, budget)
    hosts_of_block = _hosts_of_block(scoped, builder.reached)
    directive_nodes = [builder.directive_node(line) for line, _conditions in reader.lines]
    if not server:
        _mark_ignored_unknown(reader.lines, directive_nodes, budget)
    block_nodes = [builder.block_node(block, hosts_of_block.get(block.index, ())) for block in builder.blocks]
    target_nodes = [builder.target_node(target) for target in targets]
    problems = [_problem_node(message, line, word) for message, line, word in reader.problems]
    end = LineTable(body).span(0, len(body))
    members = {
        "directives": Node(directive_nodes, end),
        # A drop-in (`ssh_config.d/*.conf`, `sshd_config.d/*.conf`) is read by an Include of a
        # main file that is not this one: what it leaves unset, the main file may set.
        "drop-in": Node(_is_drop_in(path), Span(1, 1, 1, 1)),
        # An Include named files that were not read (outside the project, `~/...`, none there):
        # what they set is not known.
        "unknown-included": Node(reader.unknown_included, Span(1, 1, 1, 1)),
        "blocks": Node(block_nodes, end),
        ("contexts" if server else "hosts"): Node(target_nodes, end),
        "problems": Node(problems, end),
    }
    for key, member in members.items():
        member.key = key
    top = Node(members, Span(1, 1, end.end_line, end.end_column))
    return Document(top, comments, text, False, (), tuple(reader.included), tuple(builder.unread))


class _Builder:
    """The parts of the document, made from the lines read, their blocks and scopes, and what the
    evaluation found: the lookups they share."""

    def __init__(self, reader: _Reader, server: bool) -> None:
        self.reader = reader
        self.server = server
        self.cumulative = SERVER_CUMULATIVE if server else CLIENT_CUMULATIVE
        self.blocks, self.block_of_line = _blocks(reader)
        self.scope_of: dict[int, _Scope] = {}  # id(line) -> its scope (not for Host and Match lines)
        self.reached: dict[int, list[str]] = {}  # id(line) -> the hosts its block applies to
        self.effective: dict[int, list[str]] = {}  # id(line) -> the hosts it gives a value
        self.winners: dict[tuple[str, str], _Line] = {}  # (host, option) -> the line that gives it
        # The global section is reported at the file's first keyword (1:1 in an empty file).
        first = next((line for line, _ in reader.lines if line.origin is None), None)
        self.first_line = _node_of(first.keyword, first) if first is not None else Node("", Span(1, 1, 1, 1))
        self.values = _ValueNodes()
        self.where_of: dict[tuple[int, str | None], Node] = {}
        self.directive_of: dict[int, Node] = {}  # id(line) -> its directive node
        #: Include targets not read, at their arguments
        self.unread: list[tuple[str, str, Span, str | None]] = []

    def scope_lines(self) -> tuple[list[tuple[_Line, _Scope]], dict[int, list[_Block]]]:
        """Every line but the Host and Match lines, with its scope, and the blocks around each
        Host or Match line."""
        blocks, block_of_line = self.blocks, self.block_of_line
        parents: dict[int, list[_Block]] = {}
        # Each line is under its own block and the blocks of the Includes around it (one scope for
        # the lines under the same conditions).
        scoped: list[tuple[_Line, _Scope]] = []
        scopes: dict[int, _Scope] = {}
        for line, conditions in self.reader.lines:
            own = block_of_line.get(id(line))
            if own is not None:
                parents[own.index] = [block_of_line[id(c)] for c in conditions if id(c) in block_of_line]
                continue
            if id(conditions) not in scopes:
                chain = [block_of_line[id(c)] for c in conditions if id(c) in block_of_line]
                scopes[id(conditions)] = _Scope(chain or [blocks[0]])
            scoped.append((line, scopes[id(conditions)]))
        self.scope_of = {id(line): scope for line, scope in scoped}
        return scoped, parents

    def evaluate(
        self, scoped: list[tuple[_Line, _Scope]], parents: dict[int, list[_Block]], budget: _Budget
    ) -> list[_Target]:
        """The evaluated hosts (contexts); each line's hosts, and the line that gives each host
        each option."""
        if self.server:
            targets = _evaluate_server(scoped, self.blocks, self.reached, budget)
        else:
            block_of_line, scope_of = self.block_of_line, self.scope_of
            ordered = [(line, scope_of.get(id(line)), block_of_line.get(id(line))) for line, _ in self.reader.lines]
            targets = _evaluate_client(ordered, self.blocks, parents, self.reached, budget)
            del ordered
        effective, winners = self.effective, self.winners
        for target in targets:
            for option, given in target.options.items():
                for line in given:
                    effective.setdefault(id(line), []).append(target.name)
                winners[(target.name, option)] = given[0]
        return targets

    def directive_node(self, line: _Line) -> Node:
        """A line's directive: ``{keyword, name, args, value, block, catch-all, ...}``."""
        keyword = _node_of(line.keyword, line)
        value = _value_node(line, keyword.span)
        name = line.keyword.text.lower()
        if len(line.args) == 1:
            args = [Node(line.args[0].text, value.span, None, line.origin)]
        else:
            args = [_node_of(a, line) for a in line.args]
        members: dict[str, Node] = {
            "keyword": keyword,
            "name": Node(name, keyword.span, None, line.origin),
            "args": Node(args, value.span, None, line.origin),
            "value": value,
        }
        own = self.block_of_line.get(id(line))
        scope = self.scope_of.get(id(line))
        if own is not None:
            index = own.index
        else:
            assert scope is not None  # a line is a Host or Match line, or under a scope
            index = scope.blocks[-1].index
        members["block"] = Node(index, keyword.span, None, line.origin)
        members["catch-all"] = Node(self.blocks[index].catch_all, keyword.span, None, line.origin)
        if scope is not None:
            effective_for = self.effective.get(id(line), [])
            members["effective-for"] = Node(
                [Node(h, keyword.span, None, line.origin) for h in effective_for], keyword.span, None, line.origin
            )
            applies = self.reached.get(id(line), [])
            members["applies-to"] = Node(
                [Node(h, keyword.span, None, line.origin) for h in applies], keyword.span, None, line.origin
            )
            if applies and not effective_for and name not in self.cumulative and name != "include":
                winner = self.winners.get((applies[0], name))
                if winner is not None:
                    members["shadowed-by"] = self.values.get(winner, "shadowed-by")
                    members.update(_shadowed_where(winner, line, members["shadowed-by"], self.where_of, self.reader))
        if not line.problem and not any(arg.text for arg in line.args):
            members["no-value"] = Node(True, keyword.span, None, line.origin)
        reader = self.reader
        if id(line) in reader.not_followed:
            arg, include_target = reader.not_followed[id(line)]
            members["not-followed"] = Node(include_target, line.span(arg.start, arg.end), None, line.origin)
        if id(line) in reader.not_read:
            members["not-read"] = _not_read_node(line, reader.not_read[id(line)], value.span)
            self.unread += [
                (shown, reason, line.span(arg.start, arg.end), line.origin)
                for arg, shown, reason in reader.not_read[id(line)]
            ]
        end_offset = (line.args[-1] if line.args else line.keyword).end
        node = Node(members, line.span(line.keyword.start, end_offset), None, line.origin)
        for key, member in members.items():
            member.key = key
        self.directive_of[id(line)] = node
        return node

    def block_node(self, block: _Block, hosts: Iterable[str]) -> Node:
        """A block: ``{kind, line, patterns, criteria, hosts, unknown}``."""
        at = self.first_line if block.line is None else _node_of(block.line.keyword, block.line)
        unknown = any(c in _UNKNOWABLE or (self.server and c != "all") for c, _, _ in block.criteria)
        members = {
            "kind": Node(block.kind, at.span, None, at.origin),
            "line": at,
            "patterns": Node([Node(p, at.span, None, at.origin) for p in block.patterns], at.span, None, at.origin),
            "criteria": Node(
                [Node(("!" if neg else "") + c, at.span, None, at.origin) for c, neg, _ in block.criteria],
                at.span,
                None,
                at.origin,
            ),
            "hosts": Node(
                [Node(h, at.span, None, at.origin) for h in hosts],
                at.span,
                None,
                at.origin,
            ),
            "unknown": Node(unknown, at.span, None, at.origin),
        }
        for key, member in members.items():
            member.key = key
        return Node(members, at.span, None, at.origin)

    def target_node(self, target: _Target) -> Node:
        """An evaluated host (context): ``{name, label, kind, at, options, set-by}``."""
        target_block = target.block
        at = (
            self.first_line
            if target_block is None or target_block.line is None
            else _node_of(target_block.line.keyword, target_block.line)
        )
        values, directive_of = self.values, self.directive_of
        options: dict[str, Node] = {}
        set_by: dict[str, Node] = {}
        for option, given in target.options.items():
            if option in self.cumulative:
                nodes = [values.get(line, option) for line in given]
                options[option] = Node(nodes, nodes[0].span, nodes[0].key_span, nodes[0].origin)
            else:
                options[option] = values.get(given[0], option)
            if id(given[0]) in directive_of:
                set_by[option] = directive_of[id(given[0])]
        members = {
            "name": Node(target.name, at.span, None, at.origin),
            "label": Node(target.label, at.span, None, at.origin),
            "kind": Node(target.kind, at.span, None, at.origin),
            "at": at,
            "options": Node(options, at.span, None, at.origin),
            "set-by": Node(set_by, at.span, None, at.origin),
        }
        control_path = options.get("controlpath")
        if not self.server and control_path is not None and isinstance(control_path.value, str):
            expanded = _host_tokens(control_path.value, target.name, options)
            at_value = (control_path.span, control_path.key_span, control_path.origin)
            members["control-path-for-host"] = Node(expanded, *at_value)
        for key, member in members.items():
            member.key = key
        return Node(members, at.span, None, at.origin)


def _blocks(reader: _Reader) -> tuple[list[_Block], dict[int, _Block]]:
    """The global section, then one block per Host/Match line (in reading order), and the block of
    each Host or Match line (by its id); what OpenSSH refuses in a Match line goes to the
    reader's problems."""
    blocks = [_Block(0, None)]
    block_of_line: dict[int, _Block] = {}
    for line, _conditions in reader.lines:
        if line.keyword.text.lower() in ("host", "match"):
            block = _Block(len(blocks), line)
            blocks.append(block)
            block_of_line[id(line)] = block
    for block in blocks[1:]:
        if block.problem:
            assert block.line is not None  # every block but the global section has its Host or Match line
            reader.problems.append((block.problem, block.line, block.line.keyword))
    return blocks, block_of_line


def _hosts_of_block(scoped: list[tuple[_Line, _Scope]], reached: dict[int, list[str]]) -> dict[int, dict[str, None]]:
    """Block index -> the hosts its lines apply to, in order, once each."""
    hosts_of_block: dict[int, dict[str, None]] = {}
    for line, line_scope in scoped:
        names = reached.get(id(line))
        if names:
            for block in line_scope.blocks:
                hosts_of_block.setdefault(block.index, {}).update(dict.fromkeys(names))
    return hosts_of_block


def _problem_node(message: str, line: _Line, word: _Word) -> Node:
    """A problem: ``{message, at}``."""
    at = _node_of(word, line)
    members = {"message": Node(message, at.span, None, line.origin), "at": at}
    return Node(members, at.span, None, line.origin)


def _shadowed_where(
    winner: _Line, line: _Line, shadowed_by: Node, where_of: dict[tuple[int, str | None], Node], reader: _Reader
) -> dict[str, Node]:
    """``shadowed-line`` and ``shadowed-where`` (``line 3``, ``line 3 of conf.d/a.conf``) for a
    line shadowed by ``winner``, made once per winner and file."""
    key = (id(winner), line.origin)
    if key not in where_of:
        where = f"line {winner.line_no}"
        if winner.origin is not None and winner.origin != line.origin:
            where += f" of {reader._shown(winner.origin)}"
        where_of[key] = Node(where, shadowed_by.span, None, winner.origin)
    return {
        "shadowed-line": Node(winner.line_no, shadowed_by.span, None, winner.origin),
        "shadowed-where": where_of[key],
    }


def _not_read_node(line: _Line, refused: list[tuple[_Word, str, str]], span: Span) -> Node:
    """``not-read``: ``[{path, reason}]`` for the files and folders an Include line named but
    that were not read, each at its argument."""
    items = []
    for arg, shown, reason in refused:
        at = line.span(arg.start, arg.end)
        members = {"path": Node(shown, at, None, line.origin), "reason": Node(reason, at, None, line.origin)}
        for key, member in members.items():
            member.key = key
        items.append(Node(members, at, None, line.origin))
    return Node(items, span, None, line.origin)


def _is_drop_in(path: str | None) -> bool:
    if not path:
        return False
    folder = os.path.basename(os.path.dirname(path))
    return folder.endswith(".d") and path.endswith(".conf")


def _mark_ignored_unknown(lines: list[tuple[_Line, list[Any]]], nodes: list[Node], budget: _Budget) -> None:
    """``ignored-unknown`` on the lines (``nodes``: their directives) after the first
    ``IgnoreUnknown`` whose keyword it covers (each keyword tested once)."""
    patterns: _PatternList | None = None
    covered: dict[str, bool] = {}
    for (line, _conditions), node in zip(lines, nodes, strict=True):
        name = line.keyword.text.lower()
        if patterns is not None:
            if name not in covered:
                encoded = _encode(name, fold=True)
                budget.spend(patterns.cost(encoded))
                covered[name] = patterns.matches(encoded)
            if covered[name]:
                node.value["ignored-unknown"] = Node(True, node.value["keyword"].span, None, line.origin)
                node.value["ignored-unknown"].key = "ignored-unknown"
        if name == "ignoreunknown" and patterns is None:
            words = [p for arg in line.args for p in arg.text.split(",")]
            if words:
                patterns = _PatternList(words, fold=True, comma_list=True)
                budget.evaluating(line, _CLIENT_LIMIT)


def parse_ssh_config(text: str, path: str | None = None, root: str | None = None) -> Document:
    return _build(text, path, root, server=False)


def parse_sshd_config(text: str, path: str | None = None, root: str | None = None) -> Document:
    return _build(text, path, root, server=True)
