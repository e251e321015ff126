"""What a rule's ``fix:`` writes: text edits over the source of the file a finding is in.

A check's case may carry a fix (``fix:`` beside ``message:``): edits of the reported node (or of
the node its ``at`` names), built from four primitives (see :data:`remdev_lint.language.EDITS`):

- ``replace: VALUE``: the node's value becomes VALUE (a template string, or data whose strings
  are templates); at a member's key (``NAME~``), the member's value;
- ``rename: TEMPLATE``: the member's key;
- ``delete: true``: the member (key and value), the list item, the command-line word (a flag
  with its value), or, in a line-based file (OpenSSH, go.mod), the node's line;
- ``insert: VALUE``: members added at the end of a mapping; words after a command-line word
  (items after an array item); a line after the node's line in a line-based file.

Each edit is written in the syntax of the place it lands in, and touches nothing else: a JSON
value is encoded as JSON (a string's escapes, commas and comments around it kept), a YAML scalar
in its own style (plain, single- or double-quoted), a command-line word only where the source
holds the word as it is (no quotes or escapes in it) and the new words need no quoting, an
OpenSSH or go.mod value as the text a person would type. Where that cannot be done (a word
written with quotes, a value that would need them), there is no fix: the finding is reported
without one rather than with a guess.

Positions are offsets in code points into the file's text (its byte-order mark removed), which
:mod:`remdev_lint.fixes` applies, re-parses and re-lints before anything is written.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import namedtuple

from .model import KeyNode, LineTable, Node, Span

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any


class Edit(namedtuple("Edit", "start end text")):
    """Replace ``text[start:end]`` (code-point offsets) with ``text``."""

    __slots__ = ()


class Fix(namedtuple("Fix", "edits unsafe title")):
    """A finding's fix: its ``edits`` (sorted, not overlapping), whether it is ``unsafe`` (it may
    change what the file means beyond the finding: applied with ``--unsafe-fixes`` only), and a
    ``title`` that says what it does (an editor's code action)."""

    __slots__ = ()


class Request(namedtuple("Request", "target ops unsafe")):
    """What a check asks of a finding's fix, its templates filled: the ``target`` node and the
    ``ops`` (``(name, value)`` pairs: delete, rename, replace, insert)."""

    __slots__ = ()


#: How each format's files are edited: a tree of JSON or YAML values, the text of a line-based
#: configuration (values written as typed), or shell command lines (words only).
SYNTAX = {
    "json": "json",
    "jsonc": "json",
    "yaml": "yaml",
    "compose": "yaml",
    "ssh_config": "line",
    "sshd_config": "line",
    "gomod": "line",
    "gowork": "line",
    "dockerfile": "shell",
    "shell": "shell",
    "makefile": "shell",
}

#: A word that every place of a command line takes as it is: a shell line, a JSON string, a YAML
#: plain or flow scalar, a Dockerfile (no quotes, spaces, `$`, globs, commas or `#`).
_SAFE_WORD = re.compile(r"[A-Za-z0-9_@%+=:./-]+")
#: Characters that make a command-line word's source differ from its text (quotes, escapes,
#: expansions), or end it.
_NOT_PLAIN = re.compile(r"[\s\"'\\$`]")
_LINE_END = re.compile(r"\r\n|\r|\n")


def syntax_for(fmt: str, path: str | None = None) -> str | None:
    """The syntax edits are written in, for a file of format ``fmt`` (or, for a file read through
    another, named ``path``: a compose file read through a devcontainer.json is YAML)."""
    if path is not None:
        lowered = path.lower()
        if lowered.endswith((".yml", ".yaml")):
            return "yaml"
        if lowered.endswith((".json", ".jsonc")):
            return "json"
    return SYNTAX.get(fmt)


def plan(request: Request, text: str, syntax: str) -> Fix | None:
    """The fix ``request`` asks for, as edits of ``text`` (a file in ``syntax``); None when one of
    its edits cannot be written there."""
    source = _source(text, syntax)
    edits: list[Edit] = []
    for name, value in request.ops:
        made = _OPS[name](source, request.target, value)
        if made is None:
            return None
        edits.extend(made)
    edits.sort()
    if any(a.end > b.start for a, b in zip(edits, edits[1:], strict=False)):
        return None
    return Fix(tuple(edits), request.unsafe, title(request.ops))


def apply(text: str, edits: list[Edit] | tuple[Edit, ...]) -> str:
    """``text`` with ``edits`` (sorted, not overlapping) made."""
    parts, at = [], 0
    for edit in edits:
        parts.append(text[at : edit.start])
        parts.append(edit.text)
        at = edit.end
    parts.append(text[at:])
    return "".join(parts)


def title(ops: tuple[tuple[str, Any], ...]) -> str:
    """What edits ``ops`` do, said in a few words (an editor's code action, --explain)."""
    said = []
    for name, value in ops:
        shown = value if isinstance(value, str) else _json(value)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            shown = " ".join(value)
        said.append(
            {"delete": "remove it", "rename": f"rename it to `{shown}`", "replace": f"write `{shown}`"}.get(
                name, f"add `{shown}`"
            )
        )
    text = ", ".join(said)
    return text[:1].upper() + text[1:]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


# --- the file being edited ----------------------------------------------------------------------


Place = namedtuple("Place", "kind node parent index")
"""Where a span stands in a JSON or YAML tree: ``kind`` is ``key`` (a member's key), ``member``
(its value), ``item``, ``root``, or ``inside`` (a part of a string: a command-line word);
``node``, the node there; ``parent``, the mapping or sequence that holds it; ``index``, its key or
position there."""


class _Source:
    """A file's text, its lines, and (JSON, YAML) its tree and comments, read once."""

    def __init__(self, text: str, syntax: str) -> None:
        self.text = text
        self.syntax = syntax
        self.lines = LineTable(text)
        self._places: dict[Span, Place] | None = None
        self._keys: dict[Span, Place] = {}
        self._strings: list[tuple[int, int, Place]] = []  # (start, end, place), by start
        self._starts: list[int] = []
        self._of_node: dict[int, Place] = {}  # id(node) -> its place (its parent, its index)
        self.comments: list[tuple[int, int]] = []

    def offset(self, line: int, column: int) -> int:
        starts = self.lines.starts
        if not 0 < line <= len(starts):
            raise _CannotEdit
        return min(starts[line - 1] + column - 1, len(self.text))

    def range(self, span: Span) -> tuple[int, int]:
        return self.offset(span.line, span.column), self.offset(span.end_line, span.end_column)

    def line_of(self, offset: int) -> tuple[int, int, int]:
        """The line holding ``offset``: its start, the end of its text, the end of its break."""
        line, _ = self.lines.position(offset)
        start = self.lines.starts[line - 1]
        match = _LINE_END.search(self.text, start)
        if match is None:
            return start, len(self.text), len(self.text)
        return start, match.start(), match.end()

    def newline(self) -> str:
        match = _LINE_END.search(self.text)
        return match.group() if match else "\n"

    # -- the tree

    def place(self, span: Span) -> Place | None:
        """Where ``span`` stands in the tree: a key, a value, or inside a string."""
        if self._places is None:
            self._read_tree()
        assert self._places is not None
        found = self._keys.get(span) or self._places.get(span)
        if found is not None:
            return found
        start, end = self.range(span)
        # The string holding the span (strings do not nest); by start, the last that starts at
        # or before it.
        index = bisect_right(self._starts, start) - 1
        if index < 0:
            return None
        first, last, inner = self._strings[index]
        if not (first <= start and end <= last):
            return None
        return Place("inside", inner.node, inner.parent, inner.index)

    def _read_tree(self) -> None:
        from .formats import parse
        from .model import ParseError

        try:
            document = parse("jsonc" if self.syntax == "json" else "yaml", self.text)
        except ParseError:
            raise _CannotEdit from None
        self._places = {}
        self.comments = [self.range(comment.span) for comment in document.comments]
        stack: list[tuple[Node, Node | None, Any]] = [(document.root, None, None)]
        while stack:
            node, parent, index = stack.pop()
            if parent is None:
                kind = "root"
            else:
                kind = "member" if parent.is_mapping else "item"
            place = Place(kind, node, parent, index)
            self._places[node.span] = place
            self._of_node[id(node)] = place
            if kind == "member" and node.key_span is not None:
                self._keys[node.key_span] = Place("key", node, parent, index)
            if isinstance(node.value, str):
                self._strings.append((*self.range(node.span), place))
            elif isinstance(node.value, dict):
                stack.extend((child, node, key) for key, child in node.value.items())
            elif isinstance(node.value, list):
                stack.extend((child, node, i) for i, child in enumerate(node.value))
        self._strings.sort(key=lambda entry: entry[:2])
        self._starts = [start for start, _end, _place in self._strings]

    def place_of(self, node: Node) -> Place | None:
        """The place of a node of this file's tree."""
        return self._of_node.get(id(node))

    def past_blanks(self, offset: int) -> int:
        """The offset of the next character that is not white space or in a comment."""
        text = self.text
        while offset < len(text):
            comment = next((end for start, end in self.comments if start == offset), None)
            if comment is not None:
                offset = comment
            elif text[offset].isspace():
                offset += 1
            else:
                break
        return offset


_LAST: list[_Source] = []


def _source(text: str, syntax: str) -> _Source:
    """The file read for edits, once for all the findings of one file (they come one by one)."""
    if _LAST and _LAST[0].syntax == syntax and _LAST[0].text == text:
        return _LAST[0]
    _LAST[:] = [_Source(text, syntax)]
    return _LAST[0]


class _CannotEdit(Exception):
    """The edit cannot be written at this place."""


def _guarded(function: Any) -> Any:
    def edit(source: _Source, target: Node, value: Any) -> list[Edit] | None:
        try:
            made: list[Edit] = function(source, target, value)
        except _CannotEdit:
            return None
        return made

    return edit


# --- the primitives -----------------------------------------------------------------------------


@_guarded
def _replace(source: _Source, target: Node, value: Any) -> list[Edit]:
    if isinstance(target, KeyNode):
        target = target.member
    if source.syntax == "line":
        return [Edit(*source.range(target.span), _line_text(value))]
    if source.syntax == "shell":
        return [Edit(*_plain_word(source, target.span), _word(value))]
    place = _place(source, target.span)
    if place.kind == "inside":
        return [Edit(*_plain_word(source, target.span), _word(value))]
    _same(target, place.node)
    if not place.node.is_scalar and not isinstance(value, (dict, list)):
        raise _CannotEdit  # a mapping or list does not become a scalar by a fix
    return [Edit(*source.range(place.node.span), _encode(source, value, place.node))]


def _same(target: Node, node: Node) -> None:
    """The node at the target's place must be the target: a command-line word inside a string
    written with escapes (or over several lines) has the whole string's place, and an edit of
    the whole string would change what else it holds."""
    if _plain_value(target) != _plain_value(node):
        raise _CannotEdit


def _plain_value(node: Node) -> Any:
    return node.value if node.is_scalar else node.plain()


@_guarded
def _rename(source: _Source, target: Node, value: Any) -> list[Edit]:
    key_span = target.span if isinstance(target, KeyNode) else target.key_span
    if source.syntax not in ("json", "yaml") or key_span is None or not isinstance(value, str):
        raise _CannotEdit
    place = source.place(key_span)
    if place is None or place.kind != "key" or place.parent is None:
        raise _CannotEdit
    if value in place.parent.value and value != place.index:
        raise _CannotEdit  # the mapping has that key already: a second one would override it
    if source.syntax == "json" or not _plain_yaml(value):
        return [Edit(*source.range(key_span), _json(value))]
    return [Edit(*source.range(key_span), value)]


@_guarded
def _delete(source: _Source, target: Node, value: Any) -> list[Edit]:
    if isinstance(target, KeyNode):
        target = target.member
    if source.syntax == "line":
        first = target.key_span if target.key_span is not None else target.span
        start, _, _ = source.line_of(source.offset(first.line, first.column))
        _, _, end = source.line_of(source.offset(target.span.end_line, target.span.end_column))
        return [Edit(start, end, "")]
    if source.syntax in ("json", "yaml"):
        place = _place(source, target.span)
        if place.kind == "member" and _plain_value(target) == _plain_value(place.node):
            return _delete_members(source, place.parent, [place.index])
        if place.kind == "root":
            raise _CannotEdit
    return _delete_words(source, _word_spans(target))


@_guarded
def _insert(source: _Source, target: Node, value: Any) -> list[Edit]:
    if isinstance(target, KeyNode):
        target = target.member
    if source.syntax == "line":
        if source.range(target.span) == (0, len(source.text)):
            return _insert_at_top(source, value)  # the whole document: its first lines
        return _insert_lines(source, target.span, value)
    words = [value] if isinstance(value, str) else value
    if source.syntax == "shell":
        if not isinstance(words, list):
            raise _CannotEdit
        _, end = _plain_word(source, _last_span(target))
        if _in_exec_form(source, _last_span(target)):  # a JSON array: `["dlv", "--headless"]`
            return [Edit(end + 1, end + 1, "".join(f", {_json(_word(w))}" for w in words))]
        return [Edit(end, end, "".join(" " + _word(w) for w in words))]
    place = _place(source, _last_span(target))
    if place.node.is_mapping and isinstance(value, dict) and place.kind != "inside":
        return _insert_members(source, place.node, value)
    if not isinstance(words, list) or not words:
        raise _CannotEdit
    item = _whole_item(source, place, _last_span(target))
    if item is not None:
        return _insert_items(source, item, words)
    _, end = _plain_word(source, _last_span(target))
    return [Edit(end, end, "".join(" " + _word(w) for w in words))]


_OPS = {"delete": _delete, "rename": _rename, "replace": _replace, "insert": _insert}


# --- values -------------------------------------------------------------------------------------


def _place(source: _Source, span: Span) -> Place:
    place = source.place(span)
    if place is None:
        raise _CannotEdit
    return place


def _line_text(value: Any) -> str:
    """A value of a line-based file, as typed: text on one line."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _CannotEdit
    text = str(value)
    if not text or _LINE_END.search(text):
        raise _CannotEdit
    return text


def _word(value: Any) -> str:
    """A command-line word that needs no quoting anywhere a command line is written."""
    if not isinstance(value, str) or not _SAFE_WORD.fullmatch(value) or value.startswith("#"):
        raise _CannotEdit
    return value


def _plain_word(source: _Source, span: Span) -> tuple[int, int]:
    """The offsets of a command-line word whose source is its text (no quotes, escapes or
    expansions: only there can a word be replaced, removed or followed by others)."""
    start, end = source.range(span)
    if start >= end or _NOT_PLAIN.search(source.text, start, end):
        raise _CannotEdit
    return start, end


def _encode(source: _Source, value: Any, node: Node) -> str:
    """``value`` written where ``node`` stands: JSON, or YAML in the style of the scalar it
    replaces (data as a flow collection, which is JSON)."""
    if source.syntax == "json" or not isinstance(value, str):
        return _json(value)
    first = source.text[source.range(node.span)[0] : source.range(node.span)[0] + 1]
    if first in "&!*":
        raise _CannotEdit  # an anchor, a tag or an alias: not rewritten by a fix
    if first == "'" and not _LINE_END.search(value):
        return "'" + value.replace("'", "''") + "'"
    if first in "\"'" or not _plain_yaml(value):
        return _json(value)
    return value


def _plain_yaml(value: str) -> bool:
    """Whether YAML reads ``value`` written plain as this same string (not a number, a boolean,
    null, or something else)."""
    if not value or value != value.strip() or not _SAFE_WORD.fullmatch(value):
        return False
    from .formats import parse
    from .model import ParseError

    try:
        read: object = parse("yaml", f"k: {value}\n").root.plain()
    except ParseError:
        return False
    return read == {"k": value}


# --- words of a command line --------------------------------------------------------------------


def _word_spans(target: Node) -> list[Span]:
    """The words a command-line node stands for: a flag's name and, when it is a word of its
    own, its value."""
    spans = [target.span]
    key = target.key_span
    if key is not None and key != target.span:
        inside = (key.line, key.column) <= (target.span.line, target.span.column) and (
            target.span.end_line,
            target.span.end_column,
        ) <= (key.end_line, key.end_column)
        spans = [key] if inside else [key, target.span]
    return spans


def _last_span(target: Node) -> Span:
    return _word_spans(target)[-1]


def _whole_item(source: _Source, place: Place, span: Span) -> Place | None:
    """The array item that is the word at ``span``: a string item (the inside of a JSON string,
    a YAML scalar), or VS Code's quoted form of one, ``{"value": WORD, "quoting": ...}``."""
    if place.kind == "inside":
        start, end = source.range(span)
        first, last = source.range(place.node.span)
        quoted = source.text[first : first + 1] in "\"'"
        if not (quoted and (start, end) == (first + 1, last - 1)):
            return None
        place = source.place_of(place.node) or place
    if place.kind == "item" and place.node.is_scalar:
        return place
    holder = place.parent
    if place.kind == "member" and place.index == "value" and holder is not None and holder.is_mapping:
        if set(holder.value) <= {"value", "quoting"}:
            outer = source.place_of(holder)
            return outer if outer is not None and outer.kind == "item" else None
    return None


def _delete_words(source: _Source, spans: list[Span]) -> list[Edit]:
    """The words at ``spans`` removed: whole array items with their commas, or words of a line
    with the blanks before them (after them, for a line's first word)."""
    runs: list[tuple[int, int]] = []
    items: dict[int, tuple[Node, list[Any]]] = {}
    for span in spans:
        place = source.place(span) if source.syntax in ("json", "yaml") else None
        item = _whole_item(source, place, span) if place is not None else None
        if item is not None:
            items.setdefault(id(item.parent), (item.parent, []))[1].append(item.index)
            continue
        start, end = _plain_word(source, span)
        if source.syntax == "shell" and _in_exec_form(source, span):
            # A JSON string of an exec form: the item goes (with the one before, when they are
            # next to each other: `"--api-version", "1"`).
            if (
                runs
                and source.text[runs[-1][0]] == '"'
                and re.fullmatch(r"\s*,\s*", source.text[runs[-1][1] : start - 1])
            ):
                runs[-1] = (runs[-1][0], end + 1)
            else:
                runs.append((start - 1, end + 1))
            continue
        if runs and not source.text[runs[-1][1] : start].strip(" \t"):
            runs[-1] = (runs[-1][0], end)  # `--api-version 1`: one run
        else:
            runs.append((start, end))
    edits = [edit for parent, indexes in items.values() for edit in _delete_members(source, parent, indexes)]
    for start, end in runs:
        quoted = source.text[start] == '"'
        edits.append(_without_item(source, start, end) if quoted else _without_word(source, start, end))
    return edits


def _in_exec_form(source: _Source, span: Span) -> bool:
    """Whether the word at ``span`` is the inside of a JSON string (a Dockerfile's exec form,
    ``CMD ["dlv", "--headless"]``): the Dockerfile format gives such a word its columns."""
    start, end = source.range(span)
    return source.text[start - 1 : start] == '"' and source.text[end : end + 1] == '"'


def _without_item(source: _Source, start: int, end: int) -> Edit:
    """A JSON string of an inline array (``start``/``end`` take in its quotes) removed with the
    comma after it, or, for the last one, before it."""
    text = source.text
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if text[after : after + 1] == ",":
        after += 1
        while after < len(text) and text[after] in " \t":
            after += 1
        return Edit(start, after, "")
    before = start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    if text[before - 1 : before] != ",":
        raise _CannotEdit
    return Edit(before - 1, end, "")


def _without_word(source: _Source, start: int, end: int) -> Edit:
    text = source.text
    line_start, line_end, _ = source.line_of(start)
    before = start
    while before > line_start and text[before - 1] in " \t":
        before -= 1
    after = end
    while after < line_end and text[after] in " \t":
        after += 1
    rest = text[line_start:before] + text[after:line_end]
    if source.syntax == "shell" and rest.strip() == "\\" and before == line_start:
        return Edit(line_start, source.line_of(start)[2], "")  # a continued line of its own
    if source.syntax == "shell" and not rest.strip() and line_start > 0:
        # The last line of a continued command, left empty: Docker would join the next
        # instruction to it. The line goes, and the `\` that continued the one before.
        previous = text[: line_start - 1].rstrip("\r")
        if previous.endswith("\\"):
            cut = len(previous) - 1
            while cut > 0 and text[cut - 1] in " \t":
                cut -= 1
            return Edit(cut, line_end, "")
    if before > line_start and text[before - 1] not in "\"'[":
        return Edit(before, end, "")  # ` --flag`: the blanks before it go with it
    return Edit(start, after, "")  # a first word: the blanks after it go


# --- members and items of JSON and YAML ----------------------------------------------------------


def _children(parent: Node) -> list[Node]:
    return list(parent.value.values()) if parent.is_mapping else list(parent.value)


def _delete_members(source: _Source, parent: Node, indexes: list[Any]) -> list[Edit]:
    """Members (by key) or items (by position) of ``parent`` removed, with the commas that
    separate them; a block-style YAML entry with its lines."""
    children = _children(parent)
    keys = list(parent.value) if parent.is_mapping else list(range(len(children)))
    chosen = sorted({keys.index(index) for index in indexes})
    runs: list[list[int]] = []
    for position in chosen:
        if runs and runs[-1][-1] == position - 1:
            runs[-1].append(position)
        else:
            runs.append([position])
    block = source.syntax == "yaml" and source.text[source.range(parent.span)[0]] not in "[{"
    edits = []
    for run in runs:
        first, last = children[run[0]], children[run[-1]]
        start = source.range(first.key_span or first.span)[0]
        end = source.range(last.span)[1]
        if block:
            edits.append(_whole_lines(source, start, end, block=True))
            continue
        after = source.past_blanks(end)
        if after < len(source.text) and source.text[after] == ",":
            edits.append(_whole_lines(source, start, after + 1))
        elif run[0] > 0:  # the last one: the comma before it goes
            previous = children[run[0] - 1]
            comma = source.past_blanks(source.range(previous.span)[1])
            if source.text[comma : comma + 1] != ",":
                raise _CannotEdit
            if source.line_of(comma)[0] == source.line_of(start)[0] and not source.text[comma + 1 : start].strip():
                edits.append(Edit(comma, end, ""))  # `["a", "b"]` -> `["a"]`
            else:
                edits.append(Edit(comma, comma + 1, ""))
                edits.append(_whole_lines(source, start, end))
        else:
            edits.append(_whole_lines(source, start, end))
    return edits


def _whole_lines(source: _Source, start: int, end: int, block: bool = False) -> Edit:
    """``text[start:end]`` removed; with its line(s) when nothing else is on them, else with the
    blanks after it on its line."""
    text = source.text
    line_start, _, _ = source.line_of(start)
    _, last_end, last_break = source.line_of(max(start, end - 1) if end > start else start)
    lead = text[line_start:start]
    trailing = text[end:last_end].strip()
    if block:
        lead = lead.replace("-", " ", 1) if lead.strip() == "-" else lead
        if trailing.startswith("#"):
            trailing = ""  # `- --api-version=1  # old API`: the comment is about the item
        elif trailing:
            raise _CannotEdit
    if not lead.strip() and not trailing:
        return Edit(line_start, last_break, "")
    after = end
    while after < last_end and text[after] in " \t":
        after += 1
    return Edit(start, after, "")


def _insert_items(source: _Source, item: Place, words: list[Any]) -> list[Edit]:
    """Items after the array item ``item``: in the array's style (one per line, or on the line)."""
    text = source.text
    start, end = source.range(item.node.span)
    line_start, line_end, line_break = source.line_of(start)
    seq_start = source.range(item.parent.span)[0]
    if source.syntax == "yaml" and text[seq_start] not in "[":  # a block sequence: `- item` lines
        lead = text[line_start:start]
        if lead.strip() != "-":
            raise _CannotEdit
        _, _, after = source.line_of(end)
        newline = text[line_end:line_break] or source.newline()
        added = "".join(f"{lead}{_item_text(source, w, item.node)}{newline}" for w in words)
        return [Edit(after, after, added if text[after - 1 : after] in "\r\n" else newline + added)]
    encoded = [_item_text(source, w, item.node) for w in words]
    tail = re.sub(r"\s*(//.*|/\*.*|#.*)?$", "", text[end:line_end])
    if not text[line_start:start].strip() and line_start > seq_start and tail in ("", ","):  # one per line
        return _on_lines_after(source, end, encoded, text[line_start:start])
    return [Edit(end, end, "".join(f", {e}" for e in encoded))]


def _on_lines_after(source: _Source, end: int, entries: list[str], indent: str) -> list[Edit]:
    """``entries`` on lines of their own after the entry (of a layout with one per line) that
    ends at ``end``: after its line's comment, with the commas the layout needs (a trailing comma
    stays trailing)."""
    text = source.text
    _, line_end, line_break = source.line_of(end)
    newline = text[line_end:line_break] or source.newline()
    comma = end
    while comma < line_end and text[comma] in " \t":
        comma += 1
    if text[comma : comma + 1] == ",":
        return [Edit(line_end, line_end, "".join(f"{newline}{indent}{e}," for e in entries))]
    added = ",".join(f"{newline}{indent}{e}" for e in entries)
    if line_end == end:
        return [Edit(end, end, "," + added)]
    return [Edit(end, end, ","), Edit(line_end, line_end, added)]


def _item_text(source: _Source, value: Any, like: Node) -> str:
    if not isinstance(value, str):
        raise _CannotEdit
    return _encode(source, value, like)


def _insert_members(source: _Source, mapping: Node, members: dict[str, Any]) -> list[Edit]:
    """Members added at the end of a JSON object, in its layout (one per line, or on one line),
    a trailing comma kept where it was."""
    if source.syntax != "json" or not members:
        raise _CannotEdit
    text = source.text
    written = [f"{_json(key)}: {_json(value)}" for key, value in members.items()]
    children = list(mapping.value.values())
    if not children:
        open_at = source.range(mapping.span)[0]
        close = source.past_blanks(open_at + 1)
        line_start, line_end, line_break = source.line_of(open_at)
        if source.line_of(close)[0] == line_start:
            return [Edit(open_at + 1, open_at + 1, ", ".join(written))]
        indent = re.match(r"[ \t]*", text[line_start:]).group() + "  "  # type: ignore[union-attr]
        return [Edit(open_at + 1, open_at + 1, "".join(f"{text[line_end:line_break]}{indent}{w}" for w in written))]
    last = children[-1]
    assert last.key_span is not None
    key_start = source.range(last.key_span)[0]
    end = source.range(last.span)[1]
    line_start, line_end, line_break = source.line_of(key_start)
    comma = source.past_blanks(end)
    trailing = text[comma : comma + 1] == ","
    if text[line_start:key_start].strip():  # on one line
        if trailing:
            return [Edit(comma + 1, comma + 1, "".join(f" {w}," for w in written))]
        return [Edit(end, end, "".join(f", {w}" for w in written))]
    return _on_lines_after(source, end, written, text[line_start:key_start])


# --- lines --------------------------------------------------------------------------------------


def _insert_at_top(source: _Source, value: Any) -> list[Edit]:
    """Lines at the start of a line-based file, the blank ones of ``value`` after the others (a
    go.work's first line is its `go` line)."""
    lines = [value] if isinstance(value, str) else value
    if not isinstance(lines, list) or not [line for line in lines if line != ""]:
        raise _CannotEdit
    ordered = [line for line in lines if line != ""] + [line for line in lines if line == ""]
    newline = source.newline()
    return [Edit(0, 0, "".join(f"{_line_text(line)}{newline}" if line else newline for line in ordered))]


def _insert_lines(source: _Source, span: Span, value: Any) -> list[Edit]:
    """Lines after the line ``span`` ends on, indented as that line is."""
    lines = [value] if isinstance(value, str) else value
    if not isinstance(lines, list) or not lines:
        raise _CannotEdit
    text = source.text
    line_start, line_end, line_break = source.line_of(source.offset(span.end_line, span.end_column))
    indent = re.match(r"[ \t]*", text[line_start:line_end]).group()  # type: ignore[union-attr]
    newline = text[line_end:line_break] or source.newline()
    added = "".join(f"{indent}{_line_text(line)}{newline}" if line != "" else newline for line in lines)
    if line_break == line_end:  # the last line, without a line break
        return [Edit(line_end, line_end, newline + added[: -len(newline)])]
    return [Edit(line_break, line_break, added)]
