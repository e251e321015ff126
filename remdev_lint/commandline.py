"""Command lines inside configuration files: VS Code tasks, devcontainer lifecycle commands.

A rule selects the nodes that hold commands and names the program it is about; this module
splits each command the way the shell (or, for an array, the program) would receive it, finds
every invocation of that program, and gives each as a mapping node a check can test:

- ``program``: the program word as written (``dlv``, ``/go/bin/dlv``);
- ``subcommand``: the first word after the program that is not a flag (``debug``, ``dap``);
- ``flags``: flag name (without dashes; a short alias mapped to its long name) -> value: the
  text after ``=`` or the next word for flags that take a value, ``true`` for a bare flag,
  ``true``/``false`` for ``--flag=true``/``--flag=false`` of a flag that takes none; a flag
  given twice has its last value here;
- ``all-flags``: every flag in order, each ``{name, value}`` (repeatable flags: ``--tmpfs``);
- ``args``: the other words, in order;
- ``line``: the whole command as one string;
- ``holder``: the node that holds the command (a task: ``holder.label``, ``holder.type``);
- ``holder-key``: the holder's key when a mapping holds it (a compose service's name).

Without a ``program`` the words are the arguments themselves, one word per array item (a
devcontainer's ``runArgs``, which the CLI hands to ``docker run`` as they are): the invocation
has no ``program`` member, and nothing is split or skipped.

Words are split as a POSIX shell splits them (quotes, backslashes), and a command line is cut
into simple commands at ``&&``, ``||``, ``;``, ``|``, ``&`` and newlines; ``VAR=value`` words
before the program and wrappers such as ``sudo``, ``env`` and ``exec`` are passed over, and so
are the launchers of a program: ``go tool NAME``, ``go run PKG[@version]`` (the package's last
path element is the program), ``docker exec``/``podman exec [options] CONTAINER`` and
``kubectl exec ... --``. The script of ``sh -c SCRIPT`` (``bash -lc``, ...) is split in turn. No
variable, glob or ``$(...)`` is expanded: a word that needs the shell to be known is taken as
written. Flags follow Go's pflag/cobra conventions (``--name=value``, ``--name value``,
``-n value``, ``-n=value``; ``--`` ends the flags), which is what Delve uses.

Every word keeps a position: inside a JSON string without escapes, its exact columns; otherwise
the span of the string that holds it.
"""

from __future__ import annotations

import re

from .model import Node, Span

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

_OPERATORS = ("&&", "||", ";", "|", "&", "\n", "(", ")")
_WRAPPERS = {"sudo", "env", "exec", "command", "nohup", "time"}
#: Shell reserved words that may begin a simple command before its program: `if dlv ...; then`.
_RESERVED = {"if", "then", "else", "elif", "do", "while", "until", "!", "{"}
_WRAPPER_OPTIONS_WITH_VALUE = {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-S", "-a"}
#: Options of `docker exec` (and podman's) that take the next word as their value.
_EXEC_OPTIONS_WITH_VALUE = {"-e", "--env", "--env-file", "-u", "--user", "-w", "--workdir", "--detach-keys"}
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


#: A word of a command as the invocation is built from it: text, span, and the file it is in
#: (``Node.origin``: a compose file's command), None for the linted file.
Word3 = tuple  # (str, Span, str | None)


class Word:
    """One shell word: its text after quote removal, and where it stands in the source string."""

    __slots__ = ("text", "start", "end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end


def _operator_at(line: str, i: int) -> str | None:
    if line[i] == "&" and i > 0 and line[i - 1] in "<>":
        return None  # `2>&1`, `<&3`: a redirection to a descriptor, part of the word
    return next((op for op in _OPERATORS if line.startswith(op, i)), None)


def split(line: str) -> list[list[Word]]:
    """The simple commands of a shell command line, each a list of words with their offsets."""
    commands: list[list[Word]] = [[]]
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if char in " \t\r":
            i += 1
            continue
        if char == "\\" and line.startswith("\n", i + 1):
            i += 2  # a line continuation joins the lines
            continue
        operator = _operator_at(line, i)
        if operator is not None:
            if commands[-1]:
                commands.append([])
            i += len(operator)
            continue
        if char == "#" and (i == 0 or line[i - 1] in " \t\n;&|"):
            end = line.find("\n", i)
            i = n if end == -1 else end
            continue
        start = i
        text, i = _word(line, i)
        commands[-1].append(Word(text, start, min(i, n)))
    return [command for command in commands if command]


def _word(line: str, i: int) -> tuple[str, int]:
    """The text of the word that starts at ``i``, after quote removal, and where the word ends."""
    n = len(line)
    text: list[str] = []
    while i < n and line[i] not in " \t\r\n" and _operator_at(line, i) is None:
        char = line[i]
        if char == "$" and line.startswith("(", i + 1):
            depth, j = 0, i + 1  # `$(...)`: a command substitution stays in its word
            while j < n:
                depth += {"(": 1, ")": -1}.get(line[j], 0)
                j += 1
                if depth == 0:
                    break
            text.append(line[i:j])
            i = j
        elif char == "'":
            end = line.find("'", i + 1)
            end = n if end == -1 else end
            text.append(line[i + 1 : end])
            i = end + 1
        elif char == '"':
            i = _double_quoted(line, i + 1, text)
        elif char == "\\" and i + 1 < n:
            if line[i + 1] != "\n":
                text.append(line[i + 1])
            i += 2
        else:
            text.append(char)
            i += 1
    return "".join(text), i


def _double_quoted(line: str, i: int, text: list[str]) -> int:
    """Where the double-quoted string whose text starts at ``i`` ends (past its closing quote); its
    characters, after quote removal, are added to ``text``."""
    n = len(line)
    while i < n and line[i] != '"':
        if line[i] == "\\" and i + 1 < n and line[i + 1] == "\n":
            i += 2  # a line continuation inside double quotes
            continue
        if line[i] == "\\" and i + 1 < n and line[i + 1] in '"\\$`':
            i += 1
        text.append(line[i])
        i += 1
    return i + 1


def invocations(
    holder: Node,
    command: Node | None,
    args: Node | None,
    program: str | None,
    value_flags: set[str],
    aliases: dict[str, str],
) -> list[Node]:
    """Every invocation of ``program`` in the command a task (or lifecycle command) runs.

    ``command`` is a string (a shell command line, or with ``args`` the program), an array (the
    program and its arguments, no shell) or ``{"value": ...}`` (VS Code's quoted form); ``args``
    an array of words (each one word, as VS Code quotes them) or a string.
    """
    if program is not None and not any(
        program in node.value for node in (command, args) if node is not None and isinstance(node.value, str)
    ):
        if not any(isinstance(node.value, (list, dict)) for node in (command, args) if node is not None):
            return []  # the program's name is nowhere in the text: nothing to split (a 1 MiB script)
    commands = _simple_commands(command, args)
    commands = [inner for simple in commands for inner in _through_shells(simple, 0)]
    line = " ".join(word[0] for simple in commands for word in simple)
    found = []
    for simple_command in commands:
        node = _invocation(simple_command, program, value_flags, aliases, line, holder)
        if node is not None:
            found.append(node)
    return found


def _simple_commands(command: Node | None, args: Node | None) -> list[list[Word3]]:
    """The simple commands of ``command`` followed by ``args``, each word with its span and file."""
    words: list[Word3] = []  # one simple command being built from command + args
    commands: list[list[Word3]] = []
    value = command.value if command is not None else None
    if isinstance(value, dict) and isinstance(value.get("value"), Node):
        command, value = value["value"], value["value"].value
    if isinstance(value, str):
        assert command is not None  # value is its text
        split_command = [[(w.text, _word_span(command, w), command.origin) for w in simple] for simple in split(value)]
        if split_command:
            commands.extend(split_command[:-1])
            words = split_command[-1]
    elif isinstance(value, list):
        words = [(item.value, _item_span(item), item.origin) for item in value if isinstance(item.value, str)]
    if args is not None:
        words = _with_args(words, args, commands)
    commands.append(words)
    return commands


def _with_args(words: list[Word3], args: Node, commands: list[list[Word3]]) -> list[Word3]:
    """The simple command being built once ``args`` follow its ``words``; the simple commands that
    ``args`` complete on the way are added to ``commands``."""
    if isinstance(args.value, list):
        for item in args.value:
            if isinstance(item.value, dict) and isinstance(item.value.get("value"), Node):
                item = item.value["value"]  # VS Code's quoted form: {"value": ..., "quoting": ...}
            if isinstance(item.value, str):
                words.append((item.value, _item_span(item), item.origin))
        # VS Code quotes each array element as one word, but a shell still cuts at `&&`.
    elif isinstance(args.value, str):
        for index, simple in enumerate(split(args.value)):
            part = [(w.text, _word_span(args, w), args.origin) for w in simple]
            if index == 0:
                words += part
            else:
                commands.append(words)
                words = part
    return words


_SHELLS = {"sh", "bash", "dash", "zsh", "ash", "ksh"}


def _through_shells(words: list[Word3], depth: int) -> list[list[Word3]]:
    """A simple command, or, for ``sh -c SCRIPT`` (``bash -lc``, after wrappers such as ``sudo``),
    the simple commands of the script, each word at its columns when the script is written as it
    is; scripts in scripts are followed three deep."""
    index = 0
    while index < len(words) and (
        _ASSIGNMENT.match(words[index][0]) or words[index][0] in _WRAPPERS or words[index][0] in _RESERVED
    ):
        index = index + 1 if words[index][0] in _RESERVED else _past_wrapper(words, index)
    if depth >= 3 or index >= len(words) or words[index][0].rsplit("/", 1)[-1] not in _SHELLS:
        return [words]
    index += 1
    while index < len(words) and words[index][0].startswith("-") and "c" not in words[index][0].lstrip("-"):
        index += 1  # `bash -e -c`, `sh -x -c`
    option = words[index][0] if index < len(words) else ""
    if not (option.startswith("-") and not option.startswith("--") and "c" in option) or index + 1 >= len(words):
        return [words]
    text, span, origin = words[index + 1]
    script = Node(text, span, None, origin)
    found = []
    for simple in split(text):
        inner = [(w.text, _word_span(script, w), origin) for w in simple]
        found.extend(_through_shells(inner, depth + 1))
    return found or [words]


def _item_span(item: Node) -> Span:
    """An array item is one word: its text's own columns, inside the quotes when the string is
    written as it is."""
    return item.part_span(0, len(item.value))


def _word_span(string: Node, word: Word) -> Span:
    """The word's own columns when the string is written as it is (no escapes, one line); the
    whole string's span otherwise."""
    return string.part_span(word.start, word.end)


def _invocation(
    words: list[Word3],
    program: str | None,
    value_flags: set[str],
    aliases: dict[str, str],
    line: str,
    holder: Node,
) -> Node | None:
    if program is None:  # the words are the arguments themselves (docker's `runArgs`)
        return _arguments(words, value_flags, aliases, line, holder, {}, holder.span)
    index = _program_index(words, program)
    if index is None:
        return None
    program_text, program_span, program_origin = words[index]
    members: dict[str, Any] = {"program": Node(program_text, program_span, None, program_origin)}
    return _arguments(words[index + 1 :], value_flags, aliases, line, holder, members, program_span)


def _past_wrapper(words: list[Word3], index: int) -> int:
    """Past a ``VAR=value`` word, or a wrapper and its own options (``sudo -E``, ``sudo -u dev``,
    ``env -i``, ``env -u VAR``)."""
    wrapper = words[index][0] in _WRAPPERS
    index += 1
    while wrapper and index < len(words) and words[index][0].startswith("-"):
        index += 2 if words[index][0] in _WRAPPER_OPTIONS_WITH_VALUE else 1
    return index


def _program_index(words: list[Word3], program: str) -> int | None:
    """Where ``program`` stands in a simple command, past what launches it: ``VAR=value`` words,
    wrappers (``sudo -E``, ``env -u VAR``, ``exec``, ``nohup``), ``go tool NAME`` (Go 1.24's tool
    directive), ``go run PKG[@version]`` (the command the package builds is the package's last
    path element), ``docker``/``podman exec [options] CONTAINER`` and ``kubectl exec ... --``.
    None when the command does not run it."""
    index = 0
    while index < len(words):
        word = words[index][0]
        name = word.rsplit("/", 1)[-1]
        following = words[index + 1][0] if index + 1 < len(words) else None
        if word in _RESERVED:
            index += 1
        elif _ASSIGNMENT.match(word) or word in _WRAPPERS:
            index = _past_wrapper(words, index)
        elif name == "go" and following == "tool":
            index += 2
        elif name == "go" and following == "run":
            return _go_run_package(words, index + 2, program)
        elif name in ("docker", "podman") and following == "exec":
            index += 2
            while index < len(words) and words[index][0].startswith("-"):
                option = words[index][0]
                index += 2 if option in _EXEC_OPTIONS_WITH_VALUE else 1
            index += 1  # the container
        elif name == "kubectl" and following == "exec":
            rest = [w[0] for w in words[index:]]
            if "--" not in rest:
                return None
            index += rest.index("--") + 1
        else:
            break
    if index >= len(words) or words[index][0].rsplit("/", 1)[-1] != program:
        return None
    return index


def _go_run_package(words: list[Word3], index: int, program: str) -> int | None:
    """Where the package stands after ``go run`` (from ``index``), when ``program`` is the command
    it builds (its last path element); None when it builds another."""
    while index < len(words) and words[index][0].startswith("-"):
        index += 1  # go run's build flags: `-mod=mod`, `-race`
    if index < len(words) and words[index][0].split("@", 1)[0].rstrip("/").rsplit("/", 1)[-1] == program:
        return index
    return None


def _arguments(
    rest: list[Word3],
    value_flags: set[str],
    aliases: dict[str, str],
    line: str,
    holder: Node,
    members: dict[str, Any],
    anchor: Span,
) -> Node:
    flags: dict[str, Node] = {}
    every: list[Node] = []
    positional: list[Node] = []
    position = 0
    only_args = False
    while position < len(rest):
        text, span, origin = rest[position]
        position += 1
        if only_args or not text.startswith("-") or text == "-":
            positional.append(Node(text, span, None, origin))
            continue
        if text == "--":
            only_args = True
            continue
        name, has_value, inline = text.lstrip("-").partition("=")
        attached = not text.startswith("--") and len(name) > 1 and aliases.get(name[0], name[0]) in value_flags
        if attached:  # pflag: a shorthand's value may follow its letter directly (`-l:2345`)
            name, has_value, inline = name[0], "=", text[2:]
        name = aliases.get(name, name)
        if has_value:
            value = inline if name in value_flags else _boolean(inline)
            node = Node(value, _value_part(span, text, 2 if attached else text.index("=") + 1), None, origin)
        elif name in value_flags:
            if position < len(rest):
                value_text, value_span, value_origin = rest[position]
                position += 1
                node = Node(value_text, value_span, None, value_origin)
            else:
                node = Node(None, span, None, origin)
        else:
            node = Node(True, span, None, origin)
        node.key_span = span
        flags[name] = node
        named = {"name": Node(name, span, None, origin), "value": node}
        every.append(Node(named, _cover(span, [node.span]), None, origin))
    if positional:
        members["subcommand"] = positional[0]
        members["args"] = Node(positional[1:], positional[0].span, None, positional[0].origin)
    else:
        members["args"] = Node([], anchor, None, holder.origin)
    members["flags"] = Node(flags, anchor, None, holder.origin)
    members["all-flags"] = Node(every, anchor, None, holder.origin)
    members["line"] = Node(line, holder.span, None, holder.origin)
    if holder.key is not None:  # a compose service's name, a lifecycle command's name
        members["holder-key"] = Node(holder.key, holder.key_span or holder.span, None, holder.origin)
    members["holder"] = holder
    for key, member in members.items():
        member.key = key
    spans = [n.span for n in flags.values()] + [n.span for n in positional]
    span = _cover(spans[0], spans) if spans and "program" not in members else _cover(anchor, spans)
    return Node(members, span, None, holder.origin)


def _boolean(text: str) -> Any:
    lowered = text.lower()
    if lowered in ("true", "t", "1"):
        return True
    if lowered in ("false", "f", "0"):
        return False
    return text


def _value_part(span: Span, text: str, offset: int) -> Span:
    """The value part of ``--name=value`` (or ``-lvalue``) when the word's span is its own text."""
    if span.line == span.end_line and span.end_column - span.column == len(text):
        return Span(span.line, span.column + offset, span.line, span.end_column)
    return span


def _cover(first: Span, others: list[Span]) -> Span:
    spans = [first, *others]
    start = min(spans, key=lambda s: (s.line, s.column))
    end = max(spans, key=lambda s: (s.end_line, s.end_column))
    return Span(start.line, start.column, end.end_line, end.end_column)
