"""YAML (docker compose files and the like), parsed into the document model with exact positions.

ruamel.yaml's pure-Python scanner, parser and composer read the text (YAML 1.2 by default, 1.1
under a ``%YAML 1.1`` directive, as ruamel reads it); this module turns the composed node graph
into :class:`~remdev_lint.model.Node` objects. ruamel.yaml is imported on the first call only.

What a user can rely on:

* **Documents.** A stream with one document gives that document as the root. An empty stream
  (nothing, or only comments) gives a root ``Node(None)`` with a point span at 1:1. A stream
  with several documents gives a root *sequence* node with one item per document, spanning
  from the first document's content to the end of the last.
* **Scalars** take the type of their resolved tag, built by ruamel's own constructor: ``int``
  (``0x1F``, ``0o17``, ``1_000``...), ``float`` (``.inf``, ``1e3``...), ``bool``, ``None``;
  everything else (plain strings, timestamps, ``!!binary``, scalars with an application tag
  such as ``!Ref``) is the scalar's text as a ``str``.
* **Keys** are strings; a key of another type is converted with :func:`str` (``1`` becomes
  ``"1"``, ``true`` becomes ``"True"``). A duplicate key in one mapping is a parse error, as
  ruamel, docker compose and Kubernetes make it.
* **Anchors and aliases.** An alias node spans the ``*name`` token; the nodes *inside* an
  aliased collection keep the spans of their definition. A recursive alias is a parse error.
* **Merge keys** ``<<`` (a mapping, an alias or a list of them) follow ruamel: keys written in
  the mapping win over merged ones, and an earlier mapping in a merge list wins over a later
  one. Merged members keep the key and value spans of where they were defined. A second ``<<``
  in one mapping is an error.
* **Spans.** A node's span starts at its anchor or tag when it has one. A block scalar
  (``|``, ``>``) spans from its indicator to its last non-blank character; a block collection
  from its first entry to the end of its last value (not over the comments after it); a flow
  collection includes its brackets; an empty value (``key:`` with nothing after it) is a point
  just after its ``:`` or ``-``. A leading byte order mark is not counted in columns.
* **Comments**: every ``#`` comment the scanner skipped, including one on a block scalar's
  header line; a ``#`` inside a quoted, plain (``a#b``) or block scalar is not a comment.
* **Errors**: ruamel's scanner, parser and composer errors become :class:`ParseError` at the
  problem's position, with ruamel's problem text (and its context).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from remdev_lint.model import Comment, Document, LineTable, Node, ParseError, Span

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

__all__ = ["parse"]

_LINE_BREAK = re.compile(r"\r\n?|\n")
_LINE_END = re.compile(r"[\r\n]")
# A block scalar header with a comment, as ruamel's scanner accepts it: "|-  # text".
_BLOCK_HEADER_COMMENT = re.compile(r"[|>][-+0-9]* *#([^\r\n]*)")

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _MERGE = _TAG + "str", _TAG + "null", _TAG + "merge"
_CONSTRUCTORS = {
    _TAG + "int": "construct_yaml_int",
    _TAG + "float": "construct_yaml_float",
    _TAG + "bool": "construct_yaml_bool",
}

_machinery: Any = None

#: The deepest ``[``/``{`` nesting read; real files nest a few levels.
MAX_FLOW_DEPTH = 256


def parse(text: str) -> Document:
    """Parse a YAML stream into a :class:`Document` (see the module documentation)."""
    import warnings

    body = text[1:] if text.startswith("\ufeff") else text
    machinery = _machinery or _load_machinery()
    lines = LineTable(body)
    loader = machinery.new_loader()
    with warnings.catch_warnings():
        # ruamel warns on some valid input (YAML 1.1 floats without a dot...): not our output.
        warnings.simplefilter("ignore")
        try:
            documents = list(loader.compose_all(body))
            _check_aliasing(documents, machinery)
            tokens = loader._remdev_tokens
            converter = _Converter(machinery, loader.constructor, body, lines, tokens)
            nodes = [converter.node(document) for document in documents]
        except machinery.MarkedYAMLError as exc:
            raise _marked_error(exc) from None
        except machinery.ReaderError as exc:
            line, column = lines.position(exc.position if isinstance(exc.position, int) else 0)
            raise ParseError(_reader_message(exc), line, column) from None
        except machinery.YAMLError as exc:
            raise ParseError(str(exc).strip() or "invalid YAML", 1, 1) from None
        except RecursionError:
            raise ParseError("nesting too deep", 1, 1) from None
        except (AssertionError, KeyError, ValueError) as exc:
            # ruamel.yaml lets a %YAML directive it cannot follow (1.0, 1.3, 4,000 digits) escape
            # as one of these instead of a YAMLError.
            line, column = _directive_position(body)
            raise ParseError(f"unsupported YAML directive ({exc.__class__.__name__}: {exc})", line, column) from None
    if not nodes:
        root = Node(None, Span(1, 1, 1, 1))
    elif len(nodes) == 1:
        root = nodes[0]
    else:
        first, last = nodes[0].span, nodes[-1].span
        root = Node(nodes, Span(first.line, first.column, last.end_line, last.end_column))
    comments = _comments(body, loader._remdev_tokens, lines)
    return Document(root, comments, text)


def _load_machinery() -> Any:
    """Import ruamel.yaml and build the few subclasses this module needs (once)."""
    global _machinery
    from types import SimpleNamespace

    from ruamel.yaml import YAML
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import AliasEvent
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
    from ruamel.yaml.reader import ReaderError
    from ruamel.yaml.scanner import Scanner

    class RecordingScanner(Scanner):
        """Keeps the extent of every token, to tell comments from scalar text afterwards, and
        refuses flow collections nested deeper than :data:`MAX_FLOW_DEPTH` as soon as they open:
        ruamel's scanner checks every open level for each token, so ``[[[[...`` would take time
        quadratic in the depth before the composer's nesting limit applied."""

        def fetch_flow_collection_start(self, *args: Any, **kwargs: Any) -> None:
            if self.flow_level >= MAX_FLOW_DEPTH:
                mark = self.reader.get_mark()
                raise ParseError(
                    f"flow collections nested more than {MAX_FLOW_DEPTH} deep", mark.line + 1, mark.column + 1
                )
            Scanner.fetch_flow_collection_start(self, *args, **kwargs)

        def get_token(self) -> Any:
            token = Scanner.get_token(self)
            if token is not None:
                start, end = token.start_mark.index, token.end_mark.index
                if end > start:
                    block = getattr(token, "style", None) in ("|", ">")
                    self.loader._remdev_tokens.append((start, end, block))
            return token

    class AliasComposer(Composer):
        """Composes an alias as an :class:`_Alias` (its own position plus its target)."""

        def __init__(self, loader: Any = None) -> None:
            Composer.__init__(self, loader)
            self.warn_double_anchors = False  # a redefined anchor is valid YAML

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.parser.check_event(AliasEvent):
                event = self.parser.peek_event()
                target = Composer.compose_node(self, parent, index)
                return _Alias(target, event.start_mark, event.end_mark)
            return Composer.compose_node(self, parent, index)

    def new_loader() -> Any:
        loader = YAML(typ="safe", pure=True)
        loader.Scanner = RecordingScanner
        loader.Composer = AliasComposer
        loader._remdev_tokens = []  # type: ignore[attr-defined]  # ours, on ruamel's object: see RecordingScanner
        return loader

    _machinery = SimpleNamespace(
        new_loader=new_loader,
        MarkedYAMLError=MarkedYAMLError,
        YAMLError=YAMLError,
        ReaderError=ReaderError,
        MappingNode=MappingNode,
        SequenceNode=SequenceNode,
        ScalarNode=ScalarNode,
    )
    return _machinery


class _Alias:
    """An alias occurrence: the anchored node it names and the marks of the ``*name`` token."""

    __slots__ = ("target", "start_mark", "end_mark")

    def __init__(self, target: Any, start_mark: Any, end_mark: Any) -> None:
        self.target = target
        self.start_mark = start_mark
        self.end_mark = end_mark


class _Converter:
    """Turns composed ruamel nodes into model nodes."""

    __slots__ = (
        "machinery",
        "constructor",
        "text",
        "lines",
        "tokens",
        "token_ends",
        "values",
        "active",
    )

    def __init__(self, machinery: Any, constructor: Any, text: str, lines: LineTable, tokens: list) -> None:
        self.machinery = machinery
        self.tokens = tokens
        self.token_ends: list[int] | None = None
        self.constructor = constructor
        self.text = text
        self.lines = lines
        self.values: dict[int, Any] = {}  # id(anchored node) -> its converted value
        self.active: set[int] = set()  # anchored nodes being converted (to catch recursion)

    def node(self, ynode: Any, key_span: Span | None = None) -> Node:
        if isinstance(ynode, _Alias):
            span = _mark_span(ynode.start_mark, ynode.end_mark)
            return Node(self.value(ynode.target, ynode), span, key_span)
        start = ynode.start_mark
        if start.index == ynode.end_mark.index:
            line, column = self.empty_position(ynode)
            return Node(self.value(ynode, None), Span(line, column, line, column), key_span)
        line, column = self.end(ynode)
        span = Span(start.line + 1, start.column + 1, line, column)
        return Node(self.value(ynode, None), span, key_span)

    def empty_position(self, ynode: Any) -> tuple[int, int]:
        """Where an empty node (``key:`` or ``-`` with nothing after) is: just after its indicator.

        ruamel marks it at the next token, which can be lines of comments further down.
        """
        if self.token_ends is None:
            self.token_ends = sorted(end for _, end, _ in self.tokens)
        index = bisect_right(self.token_ends, ynode.start_mark.index) - 1
        return self.lines.position(self.token_ends[index] if index >= 0 else 0)

    def end(self, ynode: Any) -> tuple[int, int]:
        """Where the text of ``ynode`` ends (1-based line and exclusive column)."""
        while True:
            if isinstance(ynode, _Alias) or isinstance(ynode, self.machinery.ScalarNode):
                if getattr(ynode, "style", None) in ("|", ">"):
                    # The scanner ends a block scalar after its trailing line breaks: stop at
                    # its last non-blank character instead.
                    start, end = ynode.start_mark.index, ynode.end_mark.index
                    return self.lines.position(start + len(self.text[start:end].rstrip()))
                mark = ynode.end_mark
                if mark.index == ynode.start_mark.index and not isinstance(ynode, _Alias):
                    return self.empty_position(ynode)
                return mark.line + 1, mark.column + 1
            if ynode.flow_style or not ynode.value:
                mark = ynode.end_mark
                return mark.line + 1, mark.column + 1
            # A block collection: the composer ends it at the next token, possibly after lines
            # of comments; end it with its last entry instead.
            last = ynode.value[-1]
            ynode = last[1] if isinstance(last, tuple) else last

    def value(self, ynode: Any, alias: _Alias | None) -> Any:
        if ynode.anchor is None:
            return self.build(ynode)
        key = id(ynode)
        if key in self.values:
            return self.values[key]
        if key in self.active:
            mark = alias.start_mark if alias is not None else ynode.start_mark
            raise ParseError(
                f"recursive alias *{ynode.anchor}: a node cannot contain itself",
                mark.line + 1,
                mark.column + 1,
            )
        self.active.add(key)
        try:
            value = self.values[key] = self.build(ynode)
        finally:
            self.active.discard(key)
        return value

    def build(self, ynode: Any) -> Any:
        if isinstance(ynode, self.machinery.ScalarNode):
            return self.scalar(ynode)
        if isinstance(ynode, self.machinery.SequenceNode):
            return [self.node(item) for item in ynode.value]
        return self.mapping(ynode)

    def scalar(self, ynode: Any) -> Any:
        tag = str(ynode.tag)
        if tag == _STR:
            return ynode.value
        if tag == _NULL:
            return None
        method = _CONSTRUCTORS.get(tag)
        if method is None:
            return ynode.value
        try:
            return getattr(self.constructor, method)(ynode)
        except Exception as exc:  # ruamel raises ValueError, KeyError... on a bad explicit tag
            mark = ynode.start_mark
            shown = ynode.value if len(ynode.value) <= 40 else ynode.value[:37] + "..."
            raise ParseError(
                f"cannot read {shown!r} as {tag.rsplit(':', 1)[-1]} ({exc.__class__.__name__})",
                mark.line + 1,
                mark.column + 1,
            ) from None

    def mapping(self, ynode: Any) -> dict[str, Node]:
        members: dict[str, Node] = {}
        seen: dict[str, tuple[type, Span]] = {}
        merged: list[dict[str, Node]] | None = None
        for key_node, value_node in ynode.value:
            target = key_node.target if isinstance(key_node, _Alias) else key_node
            if isinstance(target, self.machinery.ScalarNode) and str(target.tag) == _MERGE:
                if merged is not None:
                    mark = key_node.start_mark
                    line, column = mark.line + 1, mark.column + 1
                    raise ParseError('found duplicate merge key "<<"', line, column)
                merged = self.merge_sources(value_node)
                continue
            key = self.node(key_node)
            plain = key.value if key.is_scalar else key.plain()
            name = plain if isinstance(plain, str) else str(plain)
            previous = seen.get(name)
            if previous is not None and previous[0] is type(plain):
                first = previous[1]
                raise ParseError(
                    f'found duplicate key "{name}" (first defined at line {first.line}, column {first.column})',
                    key.span.line,
                    key.span.column,
                )
            seen[name] = (type(plain), key.span)
            members[name] = self.node(value_node, key.span)
        if merged is None:
            return members
        # As ruamel: merged members first, an earlier source winning over a later one, then
        # the mapping's own members winning over every merged one.
        result: dict[str, Node] = {}
        for source in reversed(merged):
            result.update(source)
        result.update(members)
        return result

    def merge_sources(self, value_node: Any) -> list[dict[str, Node]]:
        """The mappings a ``<<`` value names, in order."""
        target = value_node.target if isinstance(value_node, _Alias) else value_node
        if isinstance(target, self.machinery.MappingNode):
            return [self.value(target, value_node if isinstance(value_node, _Alias) else None)]
        if not isinstance(target, self.machinery.SequenceNode):
            mark = value_node.start_mark
            raise ParseError(
                f"expected a mapping or list of mappings for merging, but found {target.id}",
                mark.line + 1,
                mark.column + 1,
            )
        sources = []
        for item in target.value:
            item_target = item.target if isinstance(item, _Alias) else item
            if not isinstance(item_target, self.machinery.MappingNode):
                mark = item.start_mark
                raise ParseError(
                    f"expected a mapping for merging, but found {item_target.id}",
                    mark.line + 1,
                    mark.column + 1,
                )
            sources.append(self.value(item_target, item if isinstance(item, _Alias) else None))
        return sources


#: go-yaml v3's limits on alias expansion, which Docker Compose reads YAML with: above 100
#: expanded aliases and 1,000 decoded nodes, the share of nodes that come from aliases may be at
#: most 99% up to 400,000 nodes, falling to 10% at 4,000,000 ("document contains excessive
#: aliasing"). A "billion laughs" file fails long before it is expanded.
_ALIAS_RATIO_LOW, _ALIAS_RATIO_HIGH = 400_000, 4_000_000


def _allowed_alias_ratio(decoded: int) -> float:
    if decoded <= _ALIAS_RATIO_LOW:
        return 0.99
    if decoded >= _ALIAS_RATIO_HIGH:
        return 0.10
    return 0.99 - 0.89 * (decoded - _ALIAS_RATIO_LOW) / (_ALIAS_RATIO_HIGH - _ALIAS_RATIO_LOW)


def _check_aliasing(documents: list[Any], machinery: Any) -> None:
    """Refuse a stream whose aliases expand too much, as go-yaml v3 does, counting without
    expanding: each node's expanded size (and how much of it comes through aliases) is computed
    once, bottom up, without recursion. A recursive alias is left for the converter to report."""
    decoded: dict[int, tuple[int, int]] = {}  # id(node) -> (nodes when expanded, of them through aliases)
    first_alias: Any = None
    total = through_aliases = 0
    for document in documents:
        stack: list[tuple[Any, bool]] = [(document, False)]
        active: set[int] = set()
        while stack:
            ynode, expanded = stack.pop()
            target = ynode.target if isinstance(ynode, _Alias) else ynode
            key = id(target)
            if isinstance(ynode, _Alias) and (
                first_alias is None or ynode.start_mark.index < first_alias.start_mark.index
            ):
                first_alias = ynode  # the error points at the first alias in the text
            if key in decoded:
                continue
            children = _children(target, machinery)
            if not expanded:
                if key in active:
                    return  # a recursive alias: the converter reports it, at its place
                active.add(key)
                stack.append((ynode, True))
                stack.extend((child, False) for child in children if id(_target(child)) not in decoded)
                continue
            active.discard(key)
            size, aliased = 1, 0
            for child in children:
                child_size, child_aliased = decoded.get(id(_target(child)), (1, 0))
                size += child_size
                aliased += child_size if isinstance(child, _Alias) else child_aliased
            decoded[key] = (size, aliased)
        size, aliased = decoded.get(id(_target(document)), (1, 0))
        if isinstance(document, _Alias):
            aliased = size
        total += size
        through_aliases += aliased
    if through_aliases > 100 and total > 1000 and through_aliases / total > _allowed_alias_ratio(total):
        mark = first_alias.start_mark if first_alias is not None else None
        raise ParseError(
            f"document contains excessive aliasing: its aliases expand it to {total:,} nodes, "
            f"{through_aliases:,} of them copies (Docker Compose's YAML reader refuses it too)",
            mark.line + 1 if mark is not None else 1,
            mark.column + 1 if mark is not None else 1,
        )


def _target(ynode: Any) -> Any:
    return ynode.target if isinstance(ynode, _Alias) else ynode


def _children(ynode: Any, machinery: Any) -> list[Any]:
    if isinstance(ynode, machinery.SequenceNode):
        return list(ynode.value)
    if isinstance(ynode, machinery.MappingNode):
        return [part for pair in ynode.value for part in pair]
    return []


def _directive_position(text: str) -> tuple[int, int]:
    """Where the first ``%YAML`` directive is (1:1 when there is none)."""
    match = re.search(r"(?m)^%YAML", text)
    if match is None:
        return 1, 1
    return text.count("\n", 0, match.start()) + 1, 1


def _mark_span(start: Any, end: Any) -> Span:
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _marked_error(exc: Any) -> ParseError:
    mark = exc.problem_mark or exc.context_mark
    problem, context = exc.problem, exc.context
    if problem and context:
        where = exc.context_mark
        if (
            where is not None
            and mark is not None
            and (where.line, where.column)
            != (
                mark.line,
                mark.column,
            )
        ):
            context = f"{context} at line {where.line + 1}, column {where.column + 1}"
        message = f"{problem} ({context})"
    else:
        message = problem or context or "invalid YAML"
    if mark is None:
        return ParseError(message, 1, 1)
    return ParseError(message, mark.line + 1, mark.column + 1)


def _reader_message(exc: Any) -> str:
    character = exc.character
    if isinstance(character, int):
        return f"unacceptable character U+{character:04X}: {exc.reason}"
    return f"unacceptable character {character!r}: {exc.reason}"


def _comments(text: str, tokens: list[tuple[int, int, bool]], lines: LineTable) -> list[Comment]:
    """Every comment: a ``#`` outside all tokens (the scanner skipped it) to the end of its line."""
    comments: list[Comment] = []

    def collect(start: int, stop: int) -> None:
        hash_at = text.find("#", start, stop)
        while hash_at >= 0:
            match = _LINE_END.search(text, hash_at)
            end = match.start() if match else len(text)
            comments.append(Comment(lines.span(hash_at, end), text[hash_at + 1 : end]))
            hash_at = text.find("#", end, stop)

    position = 0
    for start, end, block in sorted(tokens):
        if start > position:
            collect(position, start)
        if block:
            match = _BLOCK_HEADER_COMMENT.match(text, start)
            if match is not None:
                hash_at = match.start(1) - 1
                comments.append(Comment(lines.span(hash_at, match.end()), match.group(1)))
        position = max(position, end)
    if position < len(text):
        collect(position, len(text))
    return comments
