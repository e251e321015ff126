"""Dockerfiles, as BuildKit reads them: the commands that RUN, CMD and ENTRYPOINT run.

The instructions come from BuildKit's own parser (the ``dockerfile`` package: moby/buildkit's
``parser`` package, built for Python), so line continuations, comments inside them, the
``# escape=`` directive, JSON (exec) form and heredocs are read as ``docker build`` reads
them. The document is ``{"commands": [...]}``, one item per RUN, CMD or ENTRYPOINT (and heredoc
of a RUN): ``instruction`` (``RUN``, ``CMD``, ``ENTRYPOINT``), and ``command``: the shell form's
command line as one string (continuation lines joined, as the shell receives it), or the exec
form's words as an array. A stage whose last ENTRYPOINT and CMD are both in exec form has one
more item, what its container runs: ``ENTRYPOINT`` with the ENTRYPOINT's words followed by the
CMD's (each word at its own place). Every character of a shell-form command keeps its own line and
column in the file, across continuation lines, so a finding points at the word.

``from`` lists the image of each stage's FROM, ``image`` is the last stage's (the image
``docker build`` makes without ``--target``), and ``env`` the ENV values of the last stage (as
written). ``ARG`` and ``ENV`` values are not substituted: a word that holds ``$PORT`` is taken
as written, and rules do not judge it.
"""

from __future__ import annotations

import re

from ..model import Document, MappedString, Node, ParseError, Span, hash_comments

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any  # the dockerfile package's Command and Heredoc have no type information

_INSTRUCTIONS = ("RUN", "CMD", "ENTRYPOINT")
_ESCAPE_DIRECTIVE = re.compile(r"^#\s*escape\s*=\s*(\S)\s*$", re.IGNORECASE)


def parse(text: str) -> Document:
    try:
        import dockerfile
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ParseError(f"cannot read Dockerfiles: the `dockerfile` package is missing ({exc})", 1, 1) from None
    instructions = _instructions(dockerfile, text)
    lines = text.split("\n")
    escape = _escape(lines)
    commands = []
    images: list[Node] = []
    env: dict[str, Node] = {}
    stage: dict[str, Node] = {}  # the stage's last exec-form ENTRYPOINT and CMD
    for instruction in instructions:
        name = instruction.cmd.upper()
        line_span = Span(instruction.start_line, 1, instruction.start_line, len(lines[instruction.start_line - 1]) + 1)
        if name == "FROM" and instruction.value:
            commands.extend(_entrypoint_with_cmd(stage))
            images.append(_json_word(instruction.value[0], lines, instruction, line_span))
            env, stage = {}, {}  # a new stage starts with its base image's environment
            continue
        if name == "ENV":
            pairs = instruction.value
            for index in range(0, len(pairs) - 1, 2):
                env[pairs[index]] = node = Node(pairs[index + 1], line_span)
                node.key, node.key_span = pairs[index], line_span
            continue
        if name not in _INSTRUCTIONS:
            continue
        span = Span(instruction.start_line, 1, instruction.end_line, len(lines[instruction.end_line - 1]) + 1)
        if instruction.heredocs:
            for heredoc in instruction.heredocs:
                commands.append(_command(instruction.cmd.upper(), _heredoc(heredoc, lines, instruction, span), span))
            continue
        command = _exec_or_shell(instruction, lines, escape, span)
        commands.append(_command(name, command, span))
        if name in ("CMD", "ENTRYPOINT"):
            stage[name] = command
    commands.extend(_entrypoint_with_cmd(stage))
    whole = Span(1, 1, len(lines), 1)
    members = {"commands": Node(commands, whole), "from": Node(images, whole), "env": Node(env, whole)}
    if images:
        members["image"] = images[-1]  # the last stage's: what `docker build` makes without --target
    for key, member in members.items():
        member.key = key
    return Document(Node(members, whole), hash_comments(text), text)


def _instructions(dockerfile: ModuleType, text: str) -> tuple[Any, ...]:
    """The instructions BuildKit reads in ``text``: none for a file without any; a ParseError
    where BuildKit refuses it."""
    try:
        instructions: tuple[Any, ...] = dockerfile.parse_string(text)
    except dockerfile.GoParseError as exc:
        message = str(exc).strip()
        if message == "file with no instructions":
            # Empty, or comments only: nothing runs, so nothing to judge (a placeholder, a
            # template's stub); `docker build` refuses it, which is not this linter's subject.
            instructions = ()
        else:
            line = _error_line(dockerfile, text, message)
            raise ParseError(message or "not a Dockerfile BuildKit reads", line, 1) from None
    return instructions


def _command(name: str, command: Node, span: Span) -> Node:
    node = Node({"instruction": Node(name, span), "command": command}, span)
    node.value["command"].key = "command"
    return node


def _error_line(dockerfile: ModuleType, text: str, message: str) -> int:
    """The line of a parse error: BuildKit's messages name none, so it is the last line of the
    shortest run of first lines that BuildKit refuses with the same message (a binary search,
    as an instruction once refused stays refused whatever follows it)."""
    lines = text.split("\n")

    def refused(count: int) -> bool:
        try:
            dockerfile.parse_string("\n".join(lines[:count]) + "\n")
        except dockerfile.GoParseError as exc:
            return str(exc).strip() == message
        return False

    low, high = 1, len(lines)
    if not refused(high):
        return 1  # the error needs the whole file (an unclosed heredoc): its start is unknown
    while low < high:
        middle = (low + high) // 2
        if refused(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _entrypoint_with_cmd(stage: dict[str, Node]) -> list[Node]:
    """What the container runs when both are in exec form: the ENTRYPOINT's words, then the
    CMD's as its arguments (``ENTRYPOINT ["dlv"]`` with ``CMD ["exec", "/app", ...]``). A
    shell-form ENTRYPOINT ignores CMD; a shell-form CMD after an exec-form ENTRYPOINT would be
    passed as ``/bin/sh -c TEXT``: neither is combined."""
    entrypoint, cmd = stage.get("ENTRYPOINT"), stage.get("CMD")
    if entrypoint is None or cmd is None or not entrypoint.is_sequence or not cmd.is_sequence:
        return []
    command = Node(entrypoint.value + cmd.value, cmd.span)
    return [_command("ENTRYPOINT", command, cmd.span)]


def _escape(lines: list[str]) -> str:
    """The escape character: ``\\``, or the one a ``# escape=`` parser directive names."""
    for line in lines:
        match = _ESCAPE_DIRECTIVE.match(line.strip())
        if match:
            return match.group(1)
        if not line.strip().startswith("#"):
            break
    return "\\"


def _shell(instruction: Any, lines: list[str], escape: str, span: Span) -> Node:
    """The shell form's command line, each character at its place in the file; the whole
    instruction's span when the joined lines do not give back what BuildKit read."""
    value = instruction.value[0] if instruction.value else ""
    joined: list[str] = []
    positions: list[tuple[int, int]] = []
    for number in range(instruction.start_line, instruction.end_line + 1):
        line = lines[number - 1].rstrip("\r")
        if number > instruction.start_line and line.lstrip().startswith("#"):
            continue  # a comment inside a continuation is dropped
        stripped = line.rstrip(" \t")
        continued = stripped.endswith(escape) and number < instruction.end_line
        body = stripped[: -len(escape)] if continued else line
        joined.extend(body)
        positions.extend((number, column) for column in range(1, len(body) + 1))
    text = "".join(joined)
    keyword = re.match(r"\s*\S+\s+", text)  # the instruction's own word
    start = text.find(value, keyword.end() if keyword else 0) if value else -1
    if start < 0:
        return Node(value, span)
    return MappedString(value, positions[start : start + len(value)], span)


def _exec_or_shell(instruction: Any, lines: list[str], escape: str, span: Span) -> Node:
    """The command of a RUN, CMD or ENTRYPOINT: the exec form's words, or the shell form's line."""
    if instruction.json:
        words = [_json_word(word, lines, instruction, span) for word in instruction.value]
        return Node(words, span)
    return _shell(instruction, lines, escape, span)


def _json_word(word: str, lines: list[str], instruction: Any, span: Span) -> Node:
    """A word at its columns: an exec-form word between its quotes, else the word as written on
    the instruction's lines (a FROM image); the instruction's span when neither is found."""
    for number in range(instruction.start_line, instruction.end_line + 1):
        line = lines[number - 1]
        at = line.find(f'"{word}"')
        if at >= 0 and "\\" not in word:
            return Node(word, Span(number, at + 2, number, at + 2 + len(word)))
        at = line.find(word)
        if at > 0 and not instruction.json:
            return Node(word, Span(number, at + 1, number, at + 1 + len(word)))
    return Node(word, span)


def _heredoc(heredoc: Any, lines: list[str], instruction: Any, span: Span) -> Node:
    """A heredoc's script, each character at its place in the file (its lines follow the
    instruction's first line)."""
    content = heredoc.content
    positions: list[tuple[int, int]] = []
    number = instruction.start_line + 1
    for index, line in enumerate(content.split("\n")):
        raw = lines[number + index - 1] if number + index - 1 < len(lines) else ""
        shift = raw.find(line) if line else 0  # `<<-` strips leading tabs
        if shift < 0:
            return Node(content, span)
        positions.extend((number + index, shift + column) for column in range(1, len(line) + 1))
        positions.append((number + index, shift + len(line) + 1))  # the newline
    return MappedString(content, positions[: len(content)], span)
