"""OpenSSH configuration: ssh_config (the client) and sshd_config (the server), read and evaluated
as OpenSSH reads them (readconf.c, servconf.c; the facts file, sections E and F).

Reading. A line is a keyword (case-insensitive) and its arguments, separated by whitespace or one
``=``; double quotes group words (``\\"`` and ``\\\\`` inside them), a word that starts with ``#``
ends the line. Every keyword and argument keeps its position. ``Include`` is followed for files
inside the project only: a relative path is resolved against the including file's folder (as
when that folder is installed as ``~/.ssh`` or ``/etc/ssh``), globs in lexical order, an Include
inside a Host or Match block applies only where that block does. A path under ``~``, an absolute
path, or one outside the project is not read (the directive says so: ``not-followed``).

Nothing here raises on a bad line: OpenSSH's own complaints (an unterminated quote, a keyword
without arguments, ``Match all`` with other criteria, an Include nested too deep) are recorded as
``problems`` for the rules to report.

The document (what rules select in):

``directives``
    every line, in the order OpenSSH reads them (included files in place): ``{keyword, name,
    args, value, block, effective-for, shadowed-by, not-followed, ignored-unknown}``. ``keyword`` is
    the keyword as written, ``name`` lower-cased, ``value`` the arguments joined by one space (its
    span covers them), ``block`` the index of the block it is in. ``effective-for`` lists the
    evaluated hosts (contexts) for which this line gives the option its value; ``shadowed-by`` is
    the line that gave it instead, when the line's block applies to some evaluated host but the
    line gives none of them its value. ``ignored-unknown`` is true when an earlier
    ``IgnoreUnknown`` covers the keyword (ssh_config).
``blocks``
    the global section (index 0) and every ``Host``/``Match`` line: ``{kind, line, patterns,
    criteria, hosts, unknown}``; ``line`` is the Host/Match keyword (the first line of the file
    for the global section), ``hosts`` the evaluated hosts it applies to, ``unknown`` true when a
    criterion cannot be known without running ssh (``exec``, ``user``, ``final``, ...).
``hosts`` (ssh_config) / ``contexts`` (sshd_config)
    what OpenSSH would use: for ssh_config, every literal alias of a ``Host`` line, one host made
    up for each wildcard pattern (``*.prod`` gives ``x.prod``) and one host that only catch-all
    patterns match; for sshd_config, the global section and each ``Match`` block on top of it.
    Each is ``{name, label, kind, at, options}``: ``label`` is how a message names it (the alias
    or the wildcard pattern in backquotes, "other hosts" for the catch-all host, "the global
    section" or the ``Match`` line in backquotes for a context); ``at`` is where a missing option is reported (the
    Host/Match line that made the host up, or the file's first line), ``options`` maps each
    lower-cased keyword to the node of the line that gives it its value (the first obtained value
    wins; cumulative options such as ``IdentityFile`` and ``LocalForward`` give a list).
``problems``
    ``{message, at}`` for lines OpenSSH refuses for reasons of syntax.
``drop-in``
    true for a file in a ``*.d`` folder named ``*.conf`` (``sshd_config.d/10-dev.conf``): the
    main file that includes it may set what it leaves unset.

Match criteria that cannot be known without running ssh (``exec``, ``user``, ``localuser``,
``localnetwork``, ``canonical``, ``final``, ``tagged``, ``command``, ``version``,
``sessiontype``) never apply, and the linter never runs a command.
"""

from __future__ import annotations

import os
import re

from ..model import Comment, Document, LineTable, Node, Span

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
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
    """One keyword line: its words with offsets into the file's text."""

    __slots__ = ("keyword", "args", "problem", "origin", "table", "line_no")

    def __init__(self, keyword: _Word, args: list[_Word], problem: str | None, origin: str | None, table, line_no):
        self.keyword, self.args, self.problem = keyword, args, problem
        self.origin, self.table, self.line_no = origin, table, line_no


def _split(text: str, offset: int) -> tuple[list[_Word], str | None]:
    """The words of one line (OpenSSH's argv_split), the first one being the keyword: the keyword
    ends at whitespace or ``=``, which may separate it from its arguments."""
    words: list[_Word] = []
    i, n = 0, len(text)
    while i < n and text[i] in " \t":
        i += 1
    start = i
    while i < n and text[i] not in " \t=":
        i += 1
    words.append(_Word(text[start:i], offset + start, offset + i))
    while i < n and text[i] in " \t":
        i += 1
    if i < n and text[i] == "=":
        i += 1
    while i < n:
        if text[i] in " \t":
            i += 1
            continue
        if text[i] == "#":
            break
        # misc.c argv_split: ' and " quote; \ escapes a quote, a backslash, and (outside
        # quotes) a space; any other backslash is kept as it is.
        start, chars, quote = i, [], ""
        while i < n:
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
        if quote:
            return words, "invalid quotes"
        words.append(_Word("".join(chars), offset + start, offset + i))
    return words, None


def _read_lines(text: str, origin: str | None, comments: list[Comment] | None) -> list[_Line]:
    table = LineTable(text)
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
                end = match.start() + len(raw)
                comments.append(Comment(table.span(start, end), stripped[1:]))
            continue
        words, problem = _split(raw, match.start())
        hash_at = _trailing_comment(raw)
        if comments is not None and hash_at is not None:
            end = match.start() + len(raw)
            comments.append(Comment(table.span(match.start() + hash_at, end), raw[hash_at + 1 :]))
        found.append(_Line(words[0], words[1:], problem, origin, table, number))
    return found


def _trailing_comment(raw: str) -> int | None:
    """Where a ``#`` comment after the arguments starts (outside quotes, at a word's start)."""
    quote = ""
    for i, char in enumerate(raw):
        if char in "'\"" and (not quote or char == quote) and (i == 0 or raw[i - 1] != "\\"):
            quote = "" if quote else char
        elif char == "#" and not quote and i > 0 and raw[i - 1] in " \t=":
            return i
    return None


# --- patterns ---------------------------------------------------------------------------------


_GLOBS: dict[str, re.Pattern[str]] = {}


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """An OpenSSH pattern (``*``, ``?``) as a regular expression, compiled once per pattern."""
    found = _GLOBS.get(pattern)
    if found is None:
        body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
        found = _GLOBS[pattern] = re.compile(body, re.DOTALL)
    return found


def match_pattern_list(name: str, patterns: list[str], fold: bool = False) -> bool:
    """OpenSSH's match_pattern_list: a negated pattern that matches rejects; otherwise any
    positive match accepts; negations alone accept nothing. ``fold``: case does not matter (as
    for ``Match host``; ``Host`` lines are case-sensitive)."""
    found = False
    if fold:
        name = name.lower()
    for pattern in patterns:
        negated = pattern.startswith("!")
        body = pattern[1:] if negated else pattern
        if _glob_regex(body.lower() if fold else body).fullmatch(name):
            if negated:
                return False
            found = True
    return found


# --- reading a file with its includes ---------------------------------------------------------


class _Reader:
    def __init__(self, server: bool, root: str | None) -> None:
        self.server = server
        self.root = os.path.normpath(root) if root else None
        self.lines: list[tuple[_Line, list[Any]]] = []  # (line, the conditions it is under)
        self.problems: list[tuple[str, _Line, _Word]] = []
        self.not_followed: dict[int, str] = {}
        self.aborted = False
        self.top_folder: str | None = None
        #: (path, text, comments) of every file read through an Include.
        self.included: list[tuple[str, str, list[Comment]]] = []

    def read(self, text: str, path: str | None, conditions: list[Any], depth: int, comments) -> None:
        current = list(conditions)
        for line in _read_lines(text, path if depth else None, comments):
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
                self._include(line, path, current, depth)

    def _include(self, line: _Line, path: str | None, conditions: list[Any], depth: int) -> None:
        if not line.args or self.aborted:
            return
        if depth + 1 > _MAX_INCLUDE_DEPTH:
            # ssh stops reading altogether ("Too many recursive configuration includes").
            self.problems.append(("Too many recursive configuration includes", line, line.keyword))
            self.aborted = True
            return
        # A relative path is resolved under the folder of the first file (ssh: ~/.ssh or
        # /etc/ssh), for an Include in an included file too.
        if depth == 0:
            self.top_folder = os.path.dirname(path) if path else None
        folder = self.top_folder
        for arg in line.args:
            target = arg.text
            if target.startswith("~") or os.path.isabs(target) or folder is None or "%" in target or "$" in target:
                self.not_followed[id(line)] = target
                continue
            pattern = os.path.normpath(os.path.join(folder, target))
            if self.root is not None and not (pattern == self.root or pattern.startswith(self.root + os.sep)):
                self.not_followed[id(line)] = target
                continue
            import glob

            for found in sorted(glob.glob(pattern)):
                if not os.path.isfile(found):
                    continue
                try:
                    with open(found, encoding="utf-8-sig") as handle:
                        included = handle.read()
                except (OSError, UnicodeDecodeError):
                    continue
                comments: list[Comment] = []
                self.included.append((found, included, comments))
                self.read(included, found, conditions, depth + 1, comments)


# --- evaluating ---------------------------------------------------------------------------------


class _Block:
    __slots__ = ("index", "line", "kind", "patterns", "criteria", "unknown", "problem")

    def __init__(self, index: int, line: _Line | None) -> None:
        self.index, self.line = index, line
        self.kind = "global" if line is None else line.keyword.text.lower()
        self.patterns: list[str] = []
        self.criteria: list[tuple[str, bool, list[str]]] = []  # (criterion, negated, patterns)
        self.unknown = False
        self.problem: str | None = None
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

    def applies(self, host: str, original: str, server: bool) -> bool | None:
        """True, False, or None when it cannot be known without running ssh."""
        if self.kind == "global":
            return True
        if self.kind == "host":
            # `Host` matches the name as typed; `Match host` the HostName set so far.
            return match_pattern_list(original, self.patterns)
        if self.problem:
            return False
        result: bool | None = True
        for criterion, negated, patterns in self.criteria:
            if criterion == "all":
                value: bool | None = True
            elif server:
                value = None  # sshd's Match: user, group, address... known only per connection
            elif criterion == "host":
                value = match_pattern_list(host, patterns, fold=True)
            elif criterion == "originalhost":
                value = match_pattern_list(original, patterns, fold=True)
            else:
                value = None
            if value is not None and negated:
                value = not value
            if value is False:
                return False
            if value is None:
                result = None
        return result


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


def _evaluate_client(ordered, blocks: list[_Block], parents, reached: dict[int, list[str]]):
    """Per host, the lines in reading order: a Host or Match line decides there and then whether
    its block applies (with the HostName set so far, as ssh does), and the first value wins."""
    # Each line once: its lower-cased keyword, the blocks it is under (by index) or, for a
    # Host/Match line, its block and the blocks around it.
    # Consecutive lines under the same blocks form one run, skipped at once when a block does
    # not apply (most Host blocks apply to few hosts).
    steps: list[tuple] = []
    for line, scope, own in ordered:
        if own is not None:
            steps.append((own, tuple(b.index for b in parents.get(own.index, [])), None))
            continue
        indices = tuple(b.index for b in scope.blocks if b.index)
        if steps and steps[-1][0] is None and steps[-1][1] == indices:
            steps[-1][2].append((line, line.keyword.text.lower()))
        else:
            steps.append((None, indices, [(line, line.keyword.text.lower())]))
    targets = []
    for host, kind, block, label in _host_names(blocks):
        target = _Target(host, kind, block, label)
        options = target.options
        hostname = host
        decided: dict[int, bool | None] = {}
        for own, indices, run in steps:
            if own is not None:
                applies = all(decided.get(index) is True for index in indices)
                decided[own.index] = own.applies(hostname, host, False) if applies else False
                continue
            if indices and not all(decided.get(index) is True for index in indices):
                continue
            for line, name in run:
                hostname = _apply_client_line(line, name, host, hostname, options, reached)
        targets.append(target)
    return targets


def _apply_client_line(line: _Line, name: str, host: str, hostname: str, options, reached) -> str:
    """One line that applies to ``host``: its value is kept if it is the first; the HostName
    (for later `Match host` lines) is returned."""
    reached.setdefault(id(line), []).append(host)
    if name == "include":
        return hostname
    if name in CLIENT_CUMULATIVE:
        options.setdefault(name, []).append(line)
    elif name not in options:
        if name in _NONE_IS_UNSET and [a.text.lower() for a in line.args] == ["none"]:
            return hostname  # `none` is the unset value: a later line still sets it
        options[name] = [line]
        if name == "hostname" and line.args:
            return line.args[0].text.replace("%h", host)
    return hostname


def _evaluate_server(scoped: list[tuple[_Line, _Scope]], blocks: list[_Block], reached: dict[int, list[str]]):
    """sshd: the global section, and each Match block on top of it. A connection's matching
    Match blocks (its own, and every `Match all`) override the global lines, the first of them
    winning; `MaxStartups` is the exception, where the last line wins."""
    targets = [_Target("global", "global", None, "the global section")]
    targets += [_Target(_context_name(b), "match", b, f"`{_context_name(b)}`") for b in blocks if b.kind == "match"]
    for target in targets:
        own, shared = [], []
        for line, scope in scoped:
            matches = [b for b in scope.blocks if b.kind == "match"]
            if not matches:
                shared.append(line)
            elif all(b is target.block or b.criteria == [("all", False, [])] for b in matches):
                own.append(line)
        for line in own + shared:
            name = line.keyword.text.lower()
            reached.setdefault(id(line), []).append(target.name)
            if name == "include":
                continue
            if name in SERVER_CUMULATIVE:
                target.options.setdefault(name, []).append(line)
            elif name in SERVER_LAST_WINS and line in shared:
                target.options[name] = [line]
            elif name not in target.options:
                target.options[name] = [line]
    return targets


def _host_names(blocks: list[_Block]) -> list[tuple[str, str, _Block | None, str]]:
    """The hosts to evaluate: every literal alias of a Host line, one host made up for each
    wildcard pattern (``*.prod`` gives ``x.prod``), and one host that only catch-all patterns
    (``*``) match."""
    names: list[tuple[str, str, _Block | None, str]] = []
    seen: set[str] = set()
    wildcards: list[tuple[str, _Block]] = []
    for block in blocks:
        for pattern in block.patterns:
            if pattern.startswith("!"):
                continue
            if "*" in pattern or "?" in pattern:
                wildcards.append((pattern, block))
            elif pattern not in seen:
                seen.add(pattern)
                names.append((pattern, "alias", block, f"`{pattern}`"))
    catch_all = {p for p, _ in wildcards if set(p) <= {"*"}}
    for pattern, block in wildcards:
        made = pattern.replace("*", "x").replace("?", "x")
        if pattern in catch_all or made in seen:
            continue
        seen.add(made)
        names.append((made, "wildcard", block, f"`{pattern}`"))
    other = "any-other-host"
    specific = [_glob_regex(p) for p, _ in wildcards if p not in catch_all]
    while other in seen or any(regex.fullmatch(other) for regex in specific):
        other = "z" + other
    names.append((other, "catch-all", next((b for p, b in wildcards if p in catch_all), None), "other hosts"))
    return names


def _context_name(block: _Block) -> str:
    return "Match " + " ".join(w.text for w in block.line.args) if block.line is not None else "global"


def _node_of(word: _Word, line: _Line) -> Node:
    return Node(word.text, line.table.span(word.start, word.end), None, line.origin)


def _value_node(line: _Line) -> Node:
    if not line.args:
        span = line.table.span(line.keyword.end, line.keyword.end)
        node = Node("", span, None, line.origin)
    else:
        node = Node(
            " ".join(a.text for a in line.args),
            line.table.span(line.args[0].start, line.args[-1].end),
            None,
            line.origin,
        )
    node.key_span = line.table.span(line.keyword.start, line.keyword.end)
    return node


def _build(text: str, path: str | None, root: str | None, server: bool) -> Document:
    body = text[1:] if text.startswith("\ufeff") else text
    comments: list[Comment] = []
    reader = _Reader(server, root)
    reader.read(body, path, [], 0, comments)

    # Blocks: the global section, then one per Host/Match line (in reading order).
    blocks = [_Block(0, None)]
    block_of_line: dict[int, _Block] = {}
    parents: dict[int, list[_Block]] = {}
    for line, _conditions in reader.lines:
        if line.keyword.text.lower() in ("host", "match"):
            block = _Block(len(blocks), line)
            blocks.append(block)
            block_of_line[id(line)] = block
    # Each line is under its own block and the blocks of the Includes around it.
    scoped: list[tuple[_Line, _Scope]] = []
    for line, conditions in reader.lines:
        chain = [block_of_line[id(c)] for c in conditions if id(c) in block_of_line]
        own = block_of_line.get(id(line))
        if own is not None:
            parents[own.index] = chain
        else:
            scoped.append((line, _Scope(chain or [blocks[0]])))
    for block in blocks[1:]:
        if block.problem:
            reader.problems.append((block.problem, block.line, block.line.keyword))

    reached: dict[int, list[str]] = {}
    if server:
        targets = _evaluate_server(scoped, blocks, reached)
    else:
        scope_of_line = {id(line): scope for line, scope in scoped}
        ordered = [(line, scope_of_line.get(id(line)), block_of_line.get(id(line))) for line, _ in reader.lines]
        targets = _evaluate_client(ordered, blocks, parents, reached)
    cumulative = SERVER_CUMULATIVE if server else CLIENT_CUMULATIVE
    effective: dict[int, list[str]] = {}
    winners: dict[tuple[str, str], _Line] = {}
    for target in targets:
        for option, given in target.options.items():
            for line in given:
                effective.setdefault(id(line), []).append(target.name)
            winners[(target.name, option)] = given[0]
    hosts_of_block: dict[int, list[str]] = {}
    for line, scope in scoped:
        for name in reached.get(id(line), []):
            for block in scope.blocks:
                names = hosts_of_block.setdefault(block.index, [])
                if name not in names:
                    names.append(name)

    # The global section is reported at the file's first keyword (1:1 in an empty file).
    first = next((line for line, _ in reader.lines if line.origin is None), None)
    first_line = _node_of(first.keyword, first) if first is not None else Node("", Span(1, 1, 1, 1))
    scope_of = {id(line): scope for line, scope in scoped}
    directive_nodes = []
    by_line: dict[int, Node] = {}
    for line, _conditions in reader.lines:
        keyword = _node_of(line.keyword, line)
        value = _value_node(line)
        name = line.keyword.text.lower()
        members: dict[str, Node] = {
            "keyword": keyword,
            "name": Node(name, keyword.span, None, line.origin),
            "args": Node([_node_of(a, line) for a in line.args], value.span, None, line.origin),
            "value": value,
        }
        own = block_of_line.get(id(line))
        scope = scope_of.get(id(line))
        index = own.index if own is not None else scope.blocks[-1].index
        members["block"] = Node(index, keyword.span, None, line.origin)
        if scope is not None:
            given = effective.get(id(line), [])
            members["effective-for"] = Node([Node(h, keyword.span) for h in given], keyword.span, None, line.origin)
            applies = reached.get(id(line), [])
            members["applies-to"] = Node([Node(h, keyword.span) for h in applies], keyword.span, None, line.origin)
            if applies and not given and name not in cumulative and name != "include":
                winner = winners.get((applies[0], name))
                if winner is not None:
                    members["shadowed-by"] = _value_node(winner)
                    members["shadowed-line"] = Node(winner.line_no, members["shadowed-by"].span, None, winner.origin)
                    where = f"line {winner.line_no}"
                    if winner.origin is not None and winner.origin != line.origin:
                        shown = os.path.relpath(winner.origin, root) if root else winner.origin
                        where += f" of {shown.replace(os.sep, '/')}"
                    members["shadowed-where"] = Node(where, members["shadowed-by"].span, None, winner.origin)
        if not line.problem and not any(arg.text for arg in line.args):
            members["no-value"] = Node(True, keyword.span, None, line.origin)
        if id(line) in reader.not_followed:
            members["not-followed"] = Node(reader.not_followed[id(line)], value.span, None, line.origin)
        end = (line.args[-1] if line.args else line.keyword).end
        node = Node(members, line.table.span(line.keyword.start, end), None, line.origin)
        for key, member in members.items():
            member.key = key
        directive_nodes.append(node)
        by_line[id(line)] = node
    if not server:
        _mark_ignored_unknown(reader.lines, by_line)

    block_nodes = []
    for block in blocks:
        at = first_line if block.line is None else _node_of(block.line.keyword, block.line)
        unknown = any(c in _UNKNOWABLE or (server and c != "all") for c, _, _ in block.criteria)
        members = {
            "kind": Node(block.kind, at.span, None, at.origin),
            "line": at,
            "patterns": Node([Node(p, at.span) for p in block.patterns], at.span),
            "criteria": Node([Node(("!" if neg else "") + c, at.span) for c, neg, _ in block.criteria], at.span),
            "hosts": Node([Node(h, at.span) for h in hosts_of_block.get(block.index, [])], at.span),
            "unknown": Node(unknown, at.span),
        }
        for key, member in members.items():
            member.key = key
        block_nodes.append(Node(members, at.span, None, at.origin))

    target_nodes = []
    for target in targets:
        block = target.block
        at = first_line if block is None or block.line is None else _node_of(block.line.keyword, block.line)
        options: dict[str, Node] = {}
        for option, given in target.options.items():
            if option in cumulative:
                values = [_value_node(line) for line in given]
                options[option] = Node(values, values[0].span, values[0].key_span, values[0].origin)
            else:
                options[option] = _value_node(given[0])
        members = {
            "name": Node(target.name, at.span, None, at.origin),
            "label": Node(target.label, at.span, None, at.origin),
            "kind": Node(target.kind, at.span, None, at.origin),
            "at": at,
            "options": Node(options, at.span, None, at.origin),
        }
        for key, member in members.items():
            member.key = key
        target_nodes.append(Node(members, at.span, None, at.origin))

    problems = []
    for message, line, word in reader.problems:
        at = _node_of(word, line)
        members = {"message": Node(message, at.span, None, line.origin), "at": at}
        problems.append(Node(members, at.span, None, line.origin))
    end = LineTable(body).span(0, len(body))
    members = {
        "directives": Node(directive_nodes, end),
        # A drop-in (`ssh_config.d/*.conf`, `sshd_config.d/*.conf`) is read by an Include of a
        # main file that is not this one: what it leaves unset, the main file may set.
        "drop-in": Node(_is_drop_in(path), Span(1, 1, 1, 1)),
        "blocks": Node(block_nodes, end),
        ("contexts" if server else "hosts"): Node(target_nodes, end),
        "problems": Node(problems, end),
    }
    for key, member in members.items():
        member.key = key
    top = Node(members, Span(1, 1, end.end_line, end.end_column))
    return Document(top, comments, text, False, (), tuple(reader.included))


def _is_drop_in(path: str | None) -> bool:
    if not path:
        return False
    folder = os.path.basename(os.path.dirname(path))
    return folder.endswith(".d") and path.endswith(".conf")


def _mark_ignored_unknown(lines, by_line: dict[int, Node]) -> None:
    patterns: list[str] = []
    for line, _conditions in lines:
        name = line.keyword.text.lower()
        node = by_line[id(line)]
        if patterns and match_pattern_list(name, patterns):
            node.value["ignored-unknown"] = Node(True, node.value["keyword"].span, None, line.origin)
            node.value["ignored-unknown"].key = "ignored-unknown"
        if name == "ignoreunknown" and not patterns:
            patterns = [p.lower() for arg in line.args for p in arg.text.split(",")]


def parse_ssh_config(text: str, path: str | None = None, root: str | None = None) -> Document:
    return _build(text, path, root, server=False)


def parse_sshd_config(text: str, path: str | None = None, root: str | None = None) -> Document:
    return _build(text, path, root, server=True)
