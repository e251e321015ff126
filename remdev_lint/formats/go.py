"""Go source files, parsed with tree-sitter-golang into the document model.

tree_sitter and tree_sitter_golang are imported on the first :func:`parse` (a run over go.mod files
never imports them); one Parser, one Language and one compiled query per pattern text are kept
for the life of the process.

The document root is a :class:`GoFile`. As a mapping it holds what ordinary selectors reach:

* ``package``: the package name (the identifier's span);
* ``imports``: one mapping per import spec, in source order: ``path`` (the decoded import path,
  spanning the string literal) and ``name`` (present only when written: an alias, ``.`` or
  ``_``), spanning the spec.

Beyond that, a rule reaches the syntax through :meth:`GoFile.query`: a tree-sitter query whose
matches are mappings of captures, each a :class:`SyntaxNode` (see the class for what it answers:
its text, the keyed fields of a ``{...}`` literal, its constant value, the variable it is bound
to, the fields assigned to that variable later). The query language is tree-sitter's, with its
built-in predicates (``#eq?``, ``#not-eq?``, ``#any-eq?``, ``#match?``, ``#not-match?``,
``#any-match?``, ``#any-of?``, ``#not-any-of?``) and one of ours:

``(#qualified? @cap "import/path" "Name1" "Name2" ...)``
    true when every node captured as ``@cap`` names a member of that package, *as this file
    imports it*: a ``selector_expression`` (``http.Get``) or ``qualified_identifier`` (``http.Client``)
    whose package part is a local name the file gives that import path and whose member is one
    of the names; or a plain ``identifier`` / ``type_identifier`` that is one of the names when
    the file dot-imports the path. With no names, any member matches (not for dot imports: a
    bare identifier could be anything). A generic instance ``pkg.Name[T]`` counts as ``pkg.Name``.

What the linter knows and does not know (it reads one file, with no type checker):

* Local names of imports. An import without an alias is assumed to be named as goimports
  assumes (``ImportPathToAssumedName`` in golang.org/x/tools/internal/imports): the last path
  element; a ``vN`` major-version element is skipped for the one before it (``.../v2``); a
  ``go-`` prefix is dropped; the name stops at the first character that cannot be in an
  identifier (``gopkg.in/yaml.v3`` is ``yaml``). A package whose ``package`` clause says
  something else is then not recognised under its real name. ``import "C"`` is ``C``.
* A local variable or parameter that shadows an import name (``http := ...``) is not noticed.
* Constant values (:func:`constant_value`) are exact only for the forms listed there; anything
  else is unknown (None), never guessed.

The grammar is tree-sitter-golang, which follows the Go specification and go/parser at the
language version of its own version number (1.27.x: Go 1.27), with go/ast's names for the nodes
(``composite_literal``, ``call_expression``, ``arguments``, ``block``, ``qualified_identifier``).

Syntax errors: tree-sitter recovers from every error, and so does the linter: the file is
linted, leaving out every match that touches an ``ERROR`` or ``MISSING`` node (what is read from a
syntax error is a guess), and the document's ``errors`` holds the first error in document order,
which the engine reports as RL001. tree-sitter does not say what it expected, so the messages say
what it found: ``unexpected `}```, ``missing `)```, ``unclosed `{```, ``unexpected end of file``,
``string literal not terminated``, or ``cannot parse `...``` when it gave up on several tokens.
Errors gc reports that the grammar lets through (it reads a text in any order, as a fragment of
Go) are errors too, in gc's words: a declaration before the ``package`` clause, an import after
other declarations, a statement outside a function body. A file without a package clause, or
nested too deep, is not linted: :func:`parse` raises :class:`ParseError`.

Positions are 1-based lines and code-point columns (tree-sitter counts bytes; they are
converted). A leading byte order mark is skipped and not counted. Comments: every comment, in
document order, of a file that holds a suppression (``remdev-lint``, ``nosec``, ``nolint``,
``gosec:disable``) or a generated mark before its package clause; none otherwise (they serve
nothing else); the text is what follows ``//`` (without a trailing carriage return) or what is
between ``/*`` and ``*/``. A file is *generated* when a line ``// Code generated ... DO NOT
EDIT.`` stands in a comment before the ``package`` clause, as ``go/ast.IsGenerated`` decides.

Hostile files: whatever a file holds, the work on it stays linear in its size, with no recursion.
A file nested more than :data:`MAX_DEPTH` levels deep is not linted (:func:`parse` raises
:class:`ParseError`). Constant expressions and chains of constants of any depth are evaluated
with an explicit stack, each constant once per file; what Go would reject (an integer constant
over 512 bits, a Duration outside int64, a float that overflows) is unknown. A node's context
(the variable it is bound to, the function around it, the names in scope) is found from the root
down, not with tree-sitter's ``parent``, which walks down from the root itself, so that every step
up costs the depth and the width of the tree.
"""

from __future__ import annotations

import gc
import math
import re
from bisect import bisect_left, bisect_right

from remdev_lint.model import QUERY_PATTERNS, Comment, Document, Node, ParseError, Span

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import MemberDescriptorType
    from typing import Any

    import tree_sitter

    _Constant = tuple[int | float, bool]  # a constant expression's (value, is_duration)

__all__ = ["MAX_DEPTH", "GoFile", "SyntaxNode", "compile_query", "constant_value", "import_name", "parse"]

#: A file nested deeper than this (levels of the syntax tree) is not linted: :func:`parse` raises
#: ParseError. Real code stays far below it: the deepest file of Go's own tree (a generated table
#: of string concatenations) has 947 levels, hand-written ones at most 56. Beyond 65,535 levels
#: tree-sitter's queries go wrong (they miss matches, and slow down sharply before that).
MAX_DEPTH = 4096

_LANGUAGE: Any = None
_PARSER: Any = None
_QUERIES: dict[str, Any] = {}  # pattern -> the query GoFile.query runs
_QUALIFIED_TESTS: dict[str, dict[int, list]] = {}  # pattern -> its #qualified? tests by pattern index
_COMMENTS_QUERY = "(comment) @comment"
_QUOTES_QUERY = '"\\"" @quote'

#: How many names a file's text is searched for one at a time before every word of it is indexed.
_SEARCHES = 16
#: A word of Go text (an identifier or a keyword; bytes from 0x80 belong to letters).
_WORD = re.compile(rb"[A-Za-z_\x80-\xff][\w\x80-\xff]*")
_GENERATED = re.compile(r"^// Code generated .* DO NOT EDIT\.$")
#: Text a comment that matters holds: suppressions (ours, gosec's, golangci-lint's).
_COMMENT_MARKS = (b"remdev-lint", b"nosec", b"nolint", b"gosec:disable")
_MAJOR_VERSION = re.compile(r"v[0-9]+")
_PREDICATE = re.compile(r"\(\s*#([A-Za-z_][\w-]*[?!])")
_BUILTIN_PREDICATES = frozenset(
    (
        "eq?",
        "not-eq?",
        "any-eq?",
        "any-not-eq?",
        "match?",
        "not-match?",
        "any-match?",
        "any-not-match?",
        "any-of?",
        "not-any-of?",
        "is?",
        "is-not?",
        "set!",
    )
)
_OUR_PREDICATES = frozenset(("qualified?",))
_TOP_LEVEL = frozenset(
    (
        "import_declaration",
        "function_declaration",
        "method_declaration",
        "const_declaration",
        "var_declaration",
        "type_declaration",
        "comment",
    )
)
_FUNCTIONS = frozenset(("function_declaration", "method_declaration", "function_literal"))
#: nodes whose statements are their own children: a scope of the names they declare
_STATEMENT_LISTS = frozenset(("block", "expression_case_clause", "type_case_clause", "communication_clause"))
_BRANCHES = frozenset(("if_statement", "expression_switch_statement", "type_switch_statement"))
_SIGNATURE = ("receiver", "type_parameters", "parameters", "result")
_WRAPPERS = frozenset(("parenthesized_expression",))
_OPENERS = frozenset(("{", "(", "["))
_CLOSERS = frozenset(("}", ")", "]"))
_DECLARING = frozenset(("package", "import", "func", "var", "const", "type"))
_STATEMENT_WORDS = frozenset(
    ("if", "for", "switch", "select", "return", "go", "defer", "goto", "break", "continue", "fallthrough")
)
_ESCAPE = re.compile(r"\\(?:([0-7]{3})|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))", re.S)
_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that do not start a code point
_CHUNK = 4096  # code points are counted from checkpoints this many bytes apart
_WIDE = 32  # a node with more children than this has them looked up by bisection

#: time's duration constants, in nanoseconds.
_TIME_UNITS = {
    "Nanosecond": 1,
    "Microsecond": 1_000,
    "Millisecond": 1_000_000,
    "Second": 1_000_000_000,
    "Minute": 60_000_000_000,
    "Hour": 3_600_000_000_000,
}
_INT_BITS = 512  # gc rejects an untyped integer constant with more bits ("constant overflow")
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
_LITERAL_DIGITS = 1000  # a literal with more significant characters is never a valid constant here
_OTHER = ("other",)  # what a name means when it is not a constant (or cannot be looked up)


def _language() -> Any:
    global _LANGUAGE, _PARSER
    if _LANGUAGE is None:
        import tree_sitter
        import tree_sitter_golang

        _LANGUAGE = tree_sitter.Language(tree_sitter_golang.language())
        _PARSER = tree_sitter.Parser(_LANGUAGE)
    return _LANGUAGE


# --- queries, #qualified? and its name prefilter --------------------------------------------------

_QUALIFIED = re.compile(r'\(#qualified\?\s+@([\w.-]+)\s+"([^"]*)"((?:\s+"[^"]*")*)\s*\)')
#: White space and comments, in a form a regular expression reads one way only (no backtracking).
_GAP = r"(?:\s|/\*[^*]*\*+(?:[^/*][^*]*\*+)*/|//[^\n]*\n)*"


def compile_query(pattern: str) -> Any:
    """The compiled tree-sitter query for a pattern text (cached per text), as
    :meth:`GoFile.query` runs it: each ``#qualified?`` taken out (it is tested in Python on the
    matches) and a ``#match?`` on its member names in its place (see :func:`_compile`).

    Raises ``tree_sitter.QueryError`` (a ValueError) for a pattern the grammar rejects, and
    ValueError for a predicate that is neither tree-sitter's nor ``#qualified?``.
    """
    query = _QUERIES.get(pattern)
    if query is None:
        for name in _PREDICATE.findall(pattern):
            if name not in _BUILTIN_PREDICATES and name not in _OUR_PREDICATES:
                raise ValueError(f"unknown query predicate #{name}")
        query, _QUALIFIED_TESTS[pattern] = _compile(pattern)
        _QUERIES[pattern] = query
    return query


def _compile(pattern: str) -> tuple[Any, dict[int, list]]:
    """A query for the pattern without its ``#qualified?`` predicates, and those predicates by
    pattern index: ``(capture, import path, names)``. A ``#qualified?`` this cannot read stays in
    the query, and :meth:`GoFile._predicate` tests it (or says what is wrong with it).

    In the place of each one that names members stands a ``#match?`` on them: ``#qualified?``
    runs in Python for every node its capture catches (every selector of a file, for a pattern
    such as ``[(selector_expression) (identifier)] @ref``), while tree-sitter's ``#match?`` runs in
    the binding's C code. A capture that #qualified? holds for reads ``pkg.Name``, ``pkg.Name[T]``,
    ``Name`` or ``Name[T]`` (white space and comments around the dot), so testing that first
    changes no result and spares most of the work. The regular expression is anchored at the
    start of the text and fails within its first name: the binding gives it the whole text of the
    capture, and captures nest (every selector of a chain ``a.b().c().d()`` holds the ones before
    it), so a search through the text would cost the file's size times their depth.
    """
    import tree_sitter

    text, taken = _transform(pattern)
    query = tree_sitter.Query(_language(), text)
    tests: dict[int, list] = {}
    for offset, capture, path, names in taken:
        index = next(
            (
                i
                for i in range(query.pattern_count)
                if query.start_byte_for_pattern(i) <= offset <= query.end_byte_for_pattern(i)
            ),
            None,
        )
        if index is None:  # outside every pattern: let tree-sitter judge the pattern as written
            return tree_sitter.Query(_language(), pattern), {}
        tests.setdefault(index, []).append((capture, path, names))
    return query, tests


_COMBINED: dict[tuple[str, ...], tuple[Any, dict[int, list], list[tuple[int, str]]]] = {}


def _combined(patterns: tuple[str, ...]) -> tuple[Any, dict[int, list], list[tuple[int, str]]]:
    """One query for several pattern texts: the query, its ``#qualified?`` tests by pattern index,
    and ``(first pattern index, text)`` for each text, in order (tree-sitter numbers the patterns
    of a query in the order they are written)."""
    entry = _COMBINED.get(patterns)
    if entry is None:
        if len(patterns) == 1:
            pattern = patterns[0]
            entry = (compile_query(pattern), _QUALIFIED_TESTS.get(pattern, {}), [(0, pattern)])
        else:
            try:
                query, tests = _compile("\n".join(patterns))
            except ValueError:  # one of them does not compile: say which
                for pattern in patterns:
                    compile_query(pattern)
                raise
            # Which text each pattern index comes from: the texts are joined in order, and each
            # ends where the next begins (the transformation of #qualified? is local to a text).
            ends, size = [], 0
            for pattern in patterns:
                size += len(_transform(pattern)[0].encode()) + 1
                ends.append(size)
            owners: list[tuple[int, str]] = []
            for index in range(query.pattern_count):
                owner = patterns[bisect_right(ends, query.start_byte_for_pattern(index))]
                if not owners or owners[-1][1] != owner:
                    owners.append((index, owner))
            entry = (query, tests, owners)
        if len(_COMBINED) > 64:
            _COMBINED.clear()
        _COMBINED[patterns] = entry
    return entry


def _transform(pattern: str) -> tuple[str, list[tuple[int, str, str, frozenset[str]]]]:
    """The pattern with each ``#qualified?`` that names members replaced by a ``#match?`` on
    them, and each ``#qualified?`` taken out: ``(byte offset in the new text, capture, import
    path, names)`` (see :func:`_compile`)."""
    parts, taken, position, size = [], [], 0, 0
    for match in _QUALIFIED.finditer(pattern):
        before = pattern[position : match.start()]
        parts.append(before)
        size += len(before.encode())
        capture, path = match.group(1), match.group(2)
        names = re.findall(r'"([^"]*)"', match.group(3))
        taken.append((size, capture, path, frozenset(names)))
        if names:
            alternatives = "|".join(re.escape(name) for name in names)
            regex = rf"^(?:\w+{_GAP}\.{_GAP})?(?:{alternatives})(?:\[[\s\S]*\])?$"
            literal = regex.replace("\\", "\\\\").replace('"', '\\"')
            replacement = f'(#match? @{capture} "{literal}")'
            parts.append(replacement)
            size += len(replacement.encode())
        position = match.end()
    parts.append(pattern[position:])
    return "".join(parts), taken


def prepare() -> None:
    """Load the grammar and compile the queries of the applied rules and of this module, before
    a parallel run forks its workers (each would otherwise do it again)."""
    _language()
    if QUERY_PATTERNS:
        _combined(tuple(QUERY_PATTERNS))
    for pattern in (_COMMENTS_QUERY, _QUOTES_QUERY):
        compile_query(pattern)


def _cursor(query: Any) -> Any:
    """A query cursor that starts no match deeper than :data:`MAX_DEPTH` (which :func:`parse`
    already ensures; beyond 65,535 levels tree-sitter's matching goes wrong)."""
    import tree_sitter

    cursor = tree_sitter.QueryCursor(query)
    cursor.set_max_start_depth(MAX_DEPTH)
    return cursor


# --- the document ------------------------------------------------------------------------------


class GoFile(Node):
    """The root of a parsed Go file: a mapping (``package``, ``imports``) that can be queried."""

    __slots__ = (
        "imports",
        "dot_imports",
        "generated",
        "tree",
        "root",
        "source",
        "_ascii",
        "_marks",
        "_package_scope",
        "_results",
        "_paths",
        "_last",
        "_children",
        "_scopes",
        "_meanings",
        "_constants",
        "_values",
        "broken",
        "path",
        "root_folder",
        "flow_cache",
    )

    def __init__(self, tree: Any, source: bytes) -> None:
        self.tree = tree
        self.root = tree.root_node
        self.source = source
        self._results: dict[str, list[Node]] = {}
        self._ascii = source.isascii()
        self._marks: list[int] | None = None
        self._package_scope: dict[str, tuple] | None = None
        #: root-first paths of nodes looked up last, for :meth:`ancestors`: (nodes, (start, end) bytes)
        self._paths: list[tuple[list, list]] = [([self.root], [(self.root.start_byte, self.root.end_byte)])]
        self._last: tuple[int, list] | None = None  # the node looked up last, and its ancestors
        #: the children of wide nodes (id -> (start bytes, children)), or of expression lists and
        #: name lists (("expressions" | "names", id) -> (start bytes, nodes))
        self._children: dict[Any, tuple[list[int], list]] = {}
        self._scopes: dict[int, Any] = {}  # declarations of a statement list, parameters of a function
        self._meanings: dict[tuple[int, str], tuple | None] = {}  # (statement list id, name) -> meaning above it
        self._constants: dict[tuple, Any] = {}  # constant key -> its value (or _PENDING)
        self._values: dict[int, _Constant | None] = {}  # expression id -> its value
        #: local name -> import path (blank and dot imports left out)
        self.imports: dict[str, str] = {}
        #: import paths imported with ``.``
        self.dot_imports: set[str] = set()
        #: a ``// Code generated ... DO NOT EDIT.`` line stands before the package clause
        self.generated = False
        #: the byte ranges of the syntax errors tree-sitter recovered from, in order: a match
        #: that touches one is left out (see :meth:`query`)
        self.broken: list[tuple[int, int]] = []
        #: the file's path and the project's folder (for reading the package's other files)
        self.path: str | None = None
        self.root_folder: str | None = None
        #: what the flow analysis (:mod:`go_flow`) worked out for this file
        self.flow_cache: dict[Any, Any] = {}
        super().__init__({}, self.span_of(self.root))

    # positions

    def position(self, point: Any, offset: int) -> tuple[int, int]:
        """A tree-sitter point (0-based row, byte column) at byte ``offset`` as 1-based line and
        code-point column."""
        row, column = point
        if self._ascii or column == 0:
            return row + 1, column + 1
        return row + 1, column - self._continuations(offset - column, offset) + 1

    def _continuations(self, start: int, end: int) -> int:
        """How many UTF-8 continuation bytes ``source[start:end]`` holds (as many as it has more
        bytes than code points). A long range is counted from checkpoints, so a column on a line
        of megabytes costs no more than one on a short line."""
        source = self.source
        if end - start <= 2 * _CHUNK:
            part = source[start:end]
            return len(part) - len(part.translate(None, _CONTINUATION))
        marks = self._marks
        if marks is None:
            marks = self._marks = [0]
            total = 0
            for offset in range(0, len(source), _CHUNK):
                part = source[offset : offset + _CHUNK]
                total += len(part) - len(part.translate(None, _CONTINUATION))
                marks.append(total)
        first, last = -(-start // _CHUNK), end // _CHUNK
        inner = marks[last] - marks[first]
        return self._continuations(start, first * _CHUNK) + inner + self._continuations(last * _CHUNK, end)

    def span_of(self, node: Any) -> Span:
        line, column = self.position(node.start_point, node.start_byte)
        end_line, end_column = self.position(node.end_point, node.end_byte)
        return Span(line, column, end_line, end_column)

    def text_of(self, node: Any) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")

    # queries

    def query(self, pattern: str) -> list[Node]:
        """One mapping per match of a tree-sitter query, in document order.

        Each capture name maps to a :class:`SyntaxNode`; a capture quantified with ``*`` or ``+``
        maps to a sequence of them, and a capture that caught nothing (``?``, ``*``) is absent.
        The match spans its captures, from the first start to the last end. tree-sitter reports
        one match per way a pattern fits: ``(argument_list (_)* @args)`` matches once per
        argument; ``(argument_list ((_) @args ("," (_) @args)*)?)`` once per list.
        """
        results = self._results
        if pattern in results:  # rules that share a query (GH001, GH003) run it once per file
            return results[pattern]
        if pattern not in QUERY_PATTERNS:
            compile_query(pattern)  # a pattern that does not compile is never run with the others
            QUERY_PATTERNS[pattern] = None
        collecting = gc.isenabled()
        gc.disable()  # what is made here stays alive: collecting meanwhile only costs time (half of it)
        try:
            results.update(self._query(tuple(known for known in QUERY_PATTERNS if known not in results)))
        finally:
            if collecting:
                gc.enable()
        return results[pattern]

    def _query(self, patterns: tuple[str, ...]) -> dict[str, list[Node]]:
        """The matches of :meth:`query` for each of ``patterns``, found in one pass over the tree:
        every query that rules have asked for in this process is run on each file the first time
        one of them is (tree-sitter matches ten patterns at once in a third of the time that ten
        passes take); those of the rules a run applies are known from the start
        (:data:`model.QUERY_PATTERNS`), so that the first file compiles one query, not ten.
        ``#qualified?`` is tested here, on the matches, rather than by tree-sitter
        calling back :meth:`_predicate`: the binding (py-tree-sitter 0.26.1) leaks the captures it
        builds for every call back, and with them the whole tree."""
        query, tests, owners = _combined(patterns)
        names = [(number, query.capture_name(number)) for number in range(query.capture_count)]
        is_member = self.is_member
        found: dict[str, list[tuple[int, int, Node]]] = {pattern: [] for pattern in patterns}
        broken = self.broken
        raw = _cursor(query).matches(self.root, predicate=self._predicate)
        raw.reverse()  # taken from the end, so that each is let go once read
        while raw:
            index, captures = raw.pop()
            if any(
                not captures.get(capture) or not all(is_member(node, path, members) for node in captures[capture])
                for capture, path, members in tests.get(index, ())
            ):
                continue
            fields: dict[str, Node] = {}
            start = end = None
            for number, name in names:
                nodes = captures.get(name)
                if not nodes:
                    continue
                first, last = nodes[0], nodes[-1]
                if start is None or first.start_byte < start.start_byte:
                    start = first
                if end is None or last.end_byte > end.end_byte:
                    end = last
                if query.capture_quantifier(index, number) in ("*", "+"):
                    fields[name] = _Covering([SyntaxNode(node, self) for node in nodes], self, first, last)
                else:
                    fields[name] = SyntaxNode(first, self)
            into = found[owners[bisect_right(owners, (index, "\uffff")) - 1][1]]
            if start is None or end is None:  # a pattern without captures: nothing to point at but the file
                into.append((0, 0, Node(fields, self.span)))
                continue
            if broken and _touches(broken, start.start_byte, end.end_byte):
                continue  # read from a syntax error: what it means is a guess
            into.append((start.start_byte, -end.end_byte, _Covering(fields, self, start, end)))
        results = {}
        for pattern, matches in found.items():
            matches.sort(key=lambda item: (item[0], item[1]))
            results[pattern] = [node for _, _, node in matches]
        return results

    def _predicate(self, name: str, args: list, pattern_index: int, captures: dict) -> bool:
        if name != "qualified?":
            raise ValueError(f"unknown query predicate #{name}")
        if len(args) < 2 or args[0][1] != "capture" or any(kind != "string" for _, kind in args[1:]):
            raise ValueError('#qualified? takes a capture, an import path and names: (#qualified? @x "net/http" "Get")')
        nodes = captures.get(args[0][0])
        if not nodes:
            return False
        path, names = args[1][0], {value for value, _ in args[2:]}
        return all(self.is_member(node, path, names) for node in nodes)

    def is_member(self, node: Any, path: str, names: Any = frozenset()) -> bool:
        """Whether a syntax node names a member of the package ``path`` as this file imports it:
        ``pkg.Name`` with ``pkg`` a local name of ``path``, or ``Name`` when ``path`` is
        dot-imported; ``pkg.Name[T]`` as ``pkg.Name``. ``names`` limits the members (empty: any
        member, but then never a bare identifier)."""
        kind = node.type
        if kind == "generic_type":  # pkg.Name[T]: an instance of pkg.Name (never itself generic)
            node = node.child_by_field_name("type")
            if node is None:
                return False
            kind = node.type
        if kind == "selector_expression":
            package, member = node.child_by_field_name("operand"), node.child_by_field_name("field")
            if package is None or package.type != "identifier":
                return False
        elif kind == "qualified_identifier":
            package, member = node.child_by_field_name("package"), node.child_by_field_name("name")
        elif kind in ("identifier", "type_identifier"):
            return path in self.dot_imports and self.text_of(node) in names
        else:
            return False
        if package is None or member is None or self.imports.get(self.text_of(package)) != path:
            return False
        return not names or self.text_of(member) in names

    # the tree around a node

    def ancestors(self, node: Any) -> list | None:
        """The ancestors of a node, the root first (empty for the root); None when it has more
        than :data:`MAX_DEPTH` of them.

        Found from the root down, starting from the longest shared part of the paths looked up
        last, and by bisection among the children of wide nodes: a query's matches come in
        document order, so most lookups cost a few steps whatever the depth and width of the
        file (tree-sitter's ``parent`` walks down from the root at every step up).
        """
        wanted = node.id
        last = self._last
        if last is not None and last[0] == wanted:
            return last[1]
        if wanted == self.root.id:
            return []
        start, end = node.start_byte, node.end_byte
        best, shared = self._closest_path(start, end)
        nodes, bounds = best[0][:shared], best[1][:shared]
        current = nodes[-1]
        while True:
            child = self._child_toward(current, node)
            if child is None:
                return None
            if child.id == wanted:
                break
            nodes.append(child)
            bounds.append((child.start_byte, child.end_byte))
            if len(nodes) > MAX_DEPTH:
                self._remember((nodes, bounds))
                return None
            current = child
        ancestors = nodes[:]
        nodes.append(node)
        bounds.append((start, end))
        self._remember((nodes, bounds))
        self._last = (wanted, ancestors)
        return ancestors

    def _closest_path(self, start: int, end: int) -> tuple[tuple[list, list], int]:
        """The path looked up last that shares the most ancestors with the node from ``start`` to
        ``end``, and how many it shares (the root at least)."""
        paths = self._paths
        best, shared = paths[0], 1
        if start < end:  # a node strictly inside another one is below it; not so for an empty one
            for path in paths:
                bounds = path[1]
                low, high = 1, len(bounds)
                while low < high:  # the path's nodes strictly containing the node come first
                    middle = (low + high) // 2
                    first, after = bounds[middle]
                    if first <= start and end <= after and after - first > end - start:
                        low = middle + 1
                    else:
                        high = middle
                if low > shared:
                    best, shared = path, low
                    if low >= len(bounds) - 1:
                        break  # the node is the path's last one, or right below it
        return best, shared

    def _remember(self, path: tuple[list, list]) -> None:
        paths = self._paths
        paths.insert(0, path)
        del paths[4:]

    def _child_toward(self, parent: Any, node: Any) -> Any:
        """The child of ``parent`` that is or holds ``node``."""
        if parent.child_count <= _WIDE:
            return parent.child_with_descendant(node)
        key = parent.id
        entry = self._children.get(key)
        if entry is None:
            kids = parent.children
            entry = self._children[key] = ([kid.start_byte for kid in kids], kids)
        starts, kids = entry
        start, end, wanted = node.start_byte, node.end_byte, node.id
        index = bisect_right(starts, start) - 1
        while index >= 0:
            kid = kids[index]
            if kid.id == wanted:
                return kid
            if kid.end_byte >= end and (kid.start_byte < kid.end_byte or start == end):
                return kid
            if kid.start_byte < start:
                break
            index -= 1
        return parent.child_with_descendant(node)

    def _listed(self, kind: str, node: Any) -> tuple[list[int], list]:
        """The expressions of an expression list or the names of a spec, with their start bytes
        (kept for wide ones, which many matches may ask about)."""
        key = (kind, node.id)
        entry = self._children.get(key)
        if entry is None:
            items = _expressions(node) if kind == "expressions" else _names(node)
            entry = ([item.start_byte for item in items], items)
            if node.child_count > _WIDE:
                self._children[key] = entry
        return entry

    def _index_of(self, kind: str, holder: Any, node: Any) -> tuple[int, int]:
        """Where ``node`` stands among the expressions (or names) of ``holder``, and how many there
        are; (-1, count) when it is not one of them."""
        starts, items = self._listed(kind, holder)
        index = bisect_left(starts, node.start_byte)
        while index < len(items) and starts[index] == node.start_byte:
            if items[index].id == node.id:
                return index, len(items)
            index += 1
        return -1, len(items)

    # name resolution, for constant_value

    def resolve(self, identifier: Any) -> tuple | None:
        """What an identifier refers to in this file: ``("const", expression or None, key)`` for
        a constant (``None``: declared without a value, or a count mismatch), ``("other",)`` for
        any other declaration (variable, parameter, type, function) and for a name that cannot
        be looked up (nested deeper than :data:`MAX_DEPTH`), None when not declared here.
        """
        return self._resolve(self.text_of(identifier), identifier)

    def _resolve(self, name: str, anchor: Any) -> tuple | None:
        """What ``name`` means where ``anchor`` stands. An expression does not declare names, so
        every identifier of an expression can be looked up from the whole expression."""
        ancestors = self.ancestors(anchor)
        if ancestors is None:
            return _OTHER
        here = anchor.start_byte
        child = anchor
        memo = None
        found = None
        for node in reversed(ancestors):
            kind = node.type
            if kind in _STATEMENT_LISTS:
                found = self._in_statements(node, name, here)
                if found is None and memo is None:
                    memo = (node.id, name)  # what the name means above the innermost list
                    if memo in self._meanings:
                        return self._meanings[memo]
            elif kind in _FUNCTIONS:
                found = self._in_signature(node, name, child)
            elif kind in _BRANCHES:
                found = _in_branch(self, node, name)
            elif kind == "for_statement":
                found = _in_for(self, node, name)
            elif kind == "source_file":
                found = self._top_level().get(name)
                break
            if found is not None:
                break
            child = node
        if memo is not None:
            self._meanings[memo] = found
        return found

    def _in_signature(self, function: Any, name: str, child: Any) -> tuple | None:
        """What a function's signature declares ``name`` as (a parameter, result, receiver or type
        parameter), outside ``child``, the part of the function the name is used in."""
        parameters = self._scopes.get(function.id)
        if parameters is None:
            parameters = self._scopes[function.id] = [
                (part.id, _parameter_names(self, part))
                for part in map(function.child_by_field_name, _SIGNATURE)
                if part is not None
            ]
        if any(part != child.id and name in names for part, names in parameters):
            return _OTHER
        return None

    def _in_statements(self, statements: Any, name: str, here: int) -> tuple | None:
        """What the last statement of a list that ends before ``here`` and declares ``name``
        says it is (each list indexed once: name -> statement ends, meanings)."""
        index = self._scopes.get(statements.id)
        if index is None:
            index = {}
            for statement in statements.named_children:
                declared = dict(_declarations(self, statement))  # the last one of a name counts
                for declared_name, meaning in declared.items():
                    ends, meanings = index.setdefault(declared_name, ([], []))
                    ends.append(statement.end_byte)
                    meanings.append(meaning)
            self._scopes[statements.id] = index
        entry = index.get(name)
        if entry is None:
            return None
        position = bisect_right(entry[0], here)
        return entry[1][position - 1] if position else None

    def _top_level(self) -> dict[str, tuple]:
        if self._package_scope is None:
            scope: dict[str, tuple] = {}
            for declaration in self.root.named_children:
                if declaration.type == "function_declaration":
                    function = declaration.child_by_field_name("name")
                    if function is not None:
                        scope[self.text_of(function)] = _OTHER
                else:
                    for name, meaning in _declarations(self, declaration):
                        scope[name] = meaning
            self._package_scope = scope
        return self._package_scope

    def identifiers_named(self, name: str) -> list:
        """Every ``identifier`` node of the file whose text is ``name``, in document order."""
        cache: dict[str, list] = self.flow_cache.setdefault("identifiers", {})
        found = cache.get(name)
        if found is None:
            found = cache[name] = [node for node in self._tokens_named(name) if node.type == "identifier"]
        return found

    def selectors_of(self, field: str) -> list:
        """Every ``x.field`` selector expression of the file, in document order."""
        cache: dict[str, list] = self.flow_cache.setdefault("selectors", {})
        found = cache.get(field)
        if found is None:
            found = cache[field] = [
                parent
                for node in self._tokens_named(field)
                if node.type == "field_identifier"
                and (parent := node.parent) is not None
                and parent.type == "selector_expression"
                and parent.child_by_field_name("field") == node
            ]
        return found

    def _tokens_named(self, name: str) -> list:
        """The smallest node at each place the file's text holds ``name`` as a whole word, in
        document order: where it is a token, that token (an identifier, a field name, a keyword);
        inside a comment or a string, that. A search of the text and a lookup per place cost far
        less than a query over the whole tree (which, for ``(identifier)``, captures thousands)."""
        at = self.root.descendant_for_byte_range
        cache = self.flow_cache
        words = cache.get("words")
        if words is None:
            asked = cache["asked"] = cache.get("asked", 0) + 1
            if asked <= _SEARCHES:
                word = re.compile(rb"(?<![\w\x80-\xff])" + re.escape(name.encode()) + rb"(?![\w\x80-\xff])")
                return [at(match.start(), match.end()) for match in word.finditer(self.source)]
            # Asked for many names (thousands of clients in one file): every word, once.
            words = cache["words"] = {}
            for match in _WORD.finditer(self.source):
                words.setdefault(match.group(), []).append(match.start())
        encoded = name.encode()
        return [at(start, start + len(encoded)) for start in words.get(encoded, ())]

    def constant_names(self) -> set[str]:
        """The names of every constant declared anywhere in the file."""
        names = self.flow_cache.get("constants")
        if names is None:
            names = self.flow_cache["constants"] = set()
            for keyword in self._tokens_named("const"):
                declaration = keyword.parent
                if keyword.type != "const" or declaration is None or declaration.type != "const_declaration":
                    continue
                for spec in declaration.named_children:
                    if spec.type == "const_spec":
                        names.update(self.text_of(child) for child in spec.children if child.type == "identifier")
        return names

    def constant(self, node: Any) -> _Constant | None:
        """``(value, is_duration)`` of a constant expression, or None (see :func:`constant_value`);
        worked out once per node."""
        key = node.id
        values = self._values
        if key not in values:
            values[key] = _evaluate(self, node)
        return values[key]

    def assignments(self, field: str) -> dict[str, tuple[list[int], list]]:
        """Every ``x.field = value`` of the file, by the name ``x``: the start bytes of the
        assignments and the values, in document order."""
        cache: dict[str, dict[str, tuple[list[int], list]]] = self.flow_cache.setdefault("assignments", {})
        if field not in cache:
            by_name: dict[str, list[tuple[int, Any]]] = {}
            for selector in self.selectors_of(field):
                operand, targets = selector.child_by_field_name("operand"), selector.parent
                if operand is None or operand.type != "identifier" or targets is None:
                    continue
                assignment = targets.parent
                if (
                    targets.type != "expression_list"
                    or assignment is None
                    or assignment.type != "assignment"
                    or assignment.child_by_field_name("left") != targets
                    or _operator(assignment) != "="
                ):
                    continue
                left, values = _expressions(targets), _expressions(assignment.child_by_field_name("right"))
                if len(left) == len(values):
                    value = values[next(i for i, target in enumerate(left) if target == selector)]
                    by_name.setdefault(self.text_of(operand), []).append((assignment.start_byte, value))
            cache[field] = {name: _columns(items) for name, items in by_name.items()}
        return cache[field]


def _touches(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the bytes from ``start`` to ``end`` meet one of the ordered, disjoint ``ranges``
    (an empty range, a MISSING token, meets what holds its position)."""
    index = bisect_right(ranges, (end, end))  # the ranges that start at or before ``end``
    while index > 0:
        index -= 1
        first, last = ranges[index]
        if last < start:
            return False  # this one and those before it end before ``start``
        if (first < end and last > start) if first < last else start <= first:
            return True
    return False


def _columns(items: list[tuple[int, Any]]) -> tuple[list[int], list]:
    """(start, value) pairs as the starts in order, and the values in the same order."""
    items.sort(key=lambda item: item[0])
    return [start for start, _ in items], [value for _, value in items]


# A four-way dispatch over the kinds of declaration, each a short loop: it reads best as one table.
def _declarations(file: GoFile, node: Any) -> Iterator[tuple[str, tuple]]:  # noqa: C901
    """(name, meaning) for each name a declaration statement declares."""
    if node is None:
        return
    kind = node.type
    if kind == "const_declaration":
        for spec in node.named_children:
            if spec.type != "const_spec":
                continue
            names = _names(spec)
            value = spec.child_by_field_name("value")
            values = _expressions(value) if value is not None else []
            for index, name in enumerate(names):
                expression = values[index] if len(values) == len(names) else None
                yield file.text_of(name), ("const", expression, (spec.start_byte, index))
    elif kind == "var_declaration":
        for spec in _var_specs(node):
            for name in _names(spec):
                yield file.text_of(name), _OTHER
    elif kind == "short_var_declaration":
        left = node.child_by_field_name("left")
        for name in _identifiers(file, left) if left is not None else ():
            yield name, _OTHER
    elif kind == "type_declaration":
        for spec in node.named_children:
            name = spec.child_by_field_name("name")
            if name is not None:
                yield file.text_of(name), _OTHER


def _declared(file: GoFile, node: Any, name: str) -> tuple | None:
    found = None
    for declared, meaning in _declarations(file, node):
        if declared == name:
            found = meaning
    return found


def _in_branch(file: GoFile, branch: Any, name: str) -> tuple | None:
    """What the header of an ``if`` or ``switch`` declares ``name`` as: in its init statement, or
    as a type switch's alias."""
    found = _declared(file, branch.child_by_field_name("init_statement"), name)
    if branch.type == "type_switch_statement" and found is None:
        alias = branch.child_by_field_name("name")
        if alias is not None and file.text_of(alias) == name:
            found = _OTHER
    return found


def _in_for(file: GoFile, loop: Any, name: str) -> tuple | None:
    """What the header of a ``for`` declares ``name`` as: in its init statement, or as a range
    variable."""
    found = None
    for part in loop.named_children:
        if part.type == "for_clause":
            found = _declared(file, part.child_by_field_name("init_statement"), name)
        elif part.type == "range_clause" and part.child_by_field_name("left") is not None:
            if name in _identifiers(file, part.child_by_field_name("left")):
                found = _OTHER
    return found


def _names(node: Any) -> list:
    """The names a spec or parameter declaration declares (the commas between them left out)."""
    return [name for name in node.children_by_field_name("name") if name.is_named]


def _var_specs(declaration: Any) -> list:
    return [child for child in declaration.named_children if child.type == "var_spec"]


def _parameter_names(file: GoFile, parameters: Any) -> set[str]:
    return {file.text_of(name) for declaration in parameters.named_children for name in _names(declaration)}


def _identifiers(file: GoFile, expressions: Any) -> list[str]:
    return [file.text_of(node) for node in _expressions(expressions) if node.type == "identifier"]


def _expressions(expression_list: Any) -> list:
    """The expressions of an expression list (comments left out); a lone expression as a list."""
    if expression_list.type != "expression_list":
        return [expression_list]
    return [child for child in expression_list.named_children if child.type != "comment"]


def _join(first: Span, last: Span) -> Span:
    return Span(first.line, first.column, last.end_line, last.end_column)


#: The slots of Node, for the subclasses that fill them when first read.
_NODE_VALUE: MemberDescriptorType = Node.__dict__["value"]
_NODE_SPAN: MemberDescriptorType = Node.__dict__["span"]


def _set_span(self: Node, span: Span) -> None:
    _NODE_SPAN.__set__(self, span)


class _Covering(Node):
    """A node whose span covers syntax nodes from ``first`` to ``last``, worked out when asked."""

    __slots__ = ("_file", "_first", "_last")

    def __init__(self, value: Any, file: GoFile, first: Any, last: Any) -> None:
        _NODE_VALUE.__set__(self, value)
        self.key_span = None
        self.key = None
        self.origin = None
        self._file, self._first, self._last = file, first, last

    def _span(self) -> Span:
        try:
            span: Span = _NODE_SPAN.__get__(self)
        except AttributeError:
            span = _join(self._file.span_of(self._first), self._file.span_of(self._last))
            _NODE_SPAN.__set__(self, span)
        return span

    span = property(_span, _set_span)


class SyntaxNode(Node):
    """A node of the syntax tree that a query captured.

    ``span`` is its exact span. ``value`` is its source text, except for a ``literal_value`` (the
    ``{...}`` of a composite literal), whose value is a mapping of its keyed elements: field name
    -> the element's value (a SyntaxNode, with ``key_span`` the key's span); elements without a
    key, and keys that are not plain names (map literal keys like ``"a"``), are left out. A
    composite literal (``T{...}``, ``&T{...}``) has the value of its ``{...}``, so that a path
    reads into a literal given as a field (``fields.Transport.ResponseHeaderTimeout``).
    ``syntax`` is the tree-sitter node, ``file`` the :class:`GoFile`. The value and the span are
    worked out when first read: most captures are never read, and a literal's mapping holds
    literals of its own.
    """

    __slots__ = ("syntax", "file")

    def __init__(self, syntax: tree_sitter.Node, file: GoFile, key_span: Span | None = None) -> None:
        self.syntax = syntax
        self.file = file
        self.key_span = key_span
        self.key = None
        self.origin = None

    def _value(self) -> Any:
        try:
            return _NODE_VALUE.__get__(self)
        except AttributeError:
            pass
        syntax, file = self.syntax, self.file
        value: Any
        if syntax.type == "unary_expression" and _operator(syntax) == "&":  # &T{...}: as T{...}
            syntax = syntax.child_by_field_name("operand") or syntax
        if syntax.type == "composite_literal":  # T{...}: as its {...}
            syntax = syntax.child_by_field_name("value") or syntax
        if syntax.type == "literal_value":
            value = {}
            for element in _children_of(syntax):
                if element.type != "keyed_element":
                    continue
                key, item = element.child_by_field_name("key"), element.child_by_field_name("element")
                if key is None or item is None or key.type != "identifier":
                    continue
                field = file.text_of(key)
                if field not in value:
                    value[field] = SyntaxNode(item, file, file.span_of(key))
        else:
            value = file.text_of(syntax)
        _NODE_VALUE.__set__(self, value)
        return value

    def _set_value(self, value: Any) -> None:
        _NODE_VALUE.__set__(self, value)

    value = property(_value, _set_value)

    def _span(self) -> Span:
        try:
            span: Span = _NODE_SPAN.__get__(self)
        except AttributeError:
            span = self.file.span_of(self.syntax)
            _NODE_SPAN.__set__(self, span)
        return span

    span = property(_span, _set_span)

    def plain(self) -> Any:
        """The value with every nested node replaced by its plain value (without recursion: a
        literal's fields may nest as deep as the file)."""
        value = self.value
        if not isinstance(value, (dict, list)):
            return value
        result: Any = {} if isinstance(value, dict) else []
        stack = [(value, result)]
        while stack:
            source, target = stack.pop()
            for key, child in source.items() if isinstance(source, dict) else enumerate(source):
                inner = child.value
                if isinstance(inner, (dict, list)):
                    plain: Any = {} if isinstance(inner, dict) else []
                    stack.append((inner, plain))
                else:
                    plain = inner
                if isinstance(target, dict):
                    target[key] = plain
                else:
                    target.append(plain)
        return result

    @property
    def type(self) -> str:
        """The grammar's name for the node (``composite_literal``, ``call_expression``, ...)."""
        return self.syntax.type

    def typed(self, grammar: str) -> int | float | None:
        """The node's value in a value grammar: ``"duration"``, its constant value in seconds
        (a time.Duration counts nanoseconds); ``"number"``, its constant value. None when the
        value is not a constant this linter can compute, and for other grammars. A duration
        outside int64 nanoseconds is None: Go rejects such a constant."""
        if grammar == "duration":
            result = self.file.constant(self.syntax)
            if result is None or not _INT64_MIN <= result[0] <= _INT64_MAX:
                return None
            return result[0] / 1e9
        if grammar == "number":
            result = self.file.constant(self.syntax)
            return None if result is None else result[0]
        return None

    def binding(self) -> str | None:
        """The variable this expression is stored in, when it is the whole right-hand side of
        ``x := E``, ``x = E``, ``var x = E`` (also one of several: ``a, x := ..., E``), through
        ``&``, ``*`` (a copy: ``c := *http.DefaultClient``) and parentheses. For a ``var_spec`` (``var x T``): its first
        name; for one of its name identifiers (``b`` in ``var a, b T``): that name. None
        otherwise (a call argument, a return value, an element of another literal, ``_``, a
        field such as ``s.x = E``, a node nested deeper than :data:`MAX_DEPTH`)."""
        node, file = self.syntax, self.file
        if node.type == "var_spec":
            name = node.child_by_field_name("name")
            return file.text_of(name) if name is not None else None
        ancestors = file.ancestors(node)
        if not ancestors:
            return None
        if node.type == "identifier" and ancestors[-1].type == "var_spec":
            return file.text_of(node)  # an identifier right under a var_spec is one of its names
        at = len(ancestors) - 1
        while at >= 0 and (
            ancestors[at].type in _WRAPPERS
            or (ancestors[at].type == "unary_expression" and _operator(ancestors[at]) in ("&", "*"))
        ):
            node = ancestors[at]
            at -= 1
        if at < 1 or ancestors[at].type != "expression_list":
            return None
        parent, holder = ancestors[at], ancestors[at - 1]
        index, count = file._index_of("expressions", parent, node)
        if index < 0:
            return None
        stored = _targets_of(holder, parent)
        if stored is None:
            return None
        items = file._listed(*stored)[1]
        if len(items) != count:
            return None
        target = items[index]
        if target.type != "identifier" or file.text_of(target) == "_":
            return None
        return file.text_of(target)

    def request_deadlines(self, apis: Any) -> int:
        """How bounded the requests sent through this value are (:func:`go_flow.request_deadlines`)."""
        from .go_flow import request_deadlines

        return request_deadlines(self.file, self.syntax, apis)

    def assigned_later(self, field: str) -> list[SyntaxNode]:
        """The values assigned to ``B.field`` (``B.field = V``, B = :meth:`binding`) after this node,
        in order, within the function (declaration, method or function literal) that holds this
        node, nested function literals included; in the whole file when no function holds it.
        Empty when there is no binding. Another variable of the same name in an inner scope is
        not told apart."""
        name = self.binding()
        if name is None:
            return []
        node, file = self.syntax, self.file
        ancestors = file.ancestors(node)
        if ancestors is None:
            return []
        scope = next((above for above in reversed(ancestors) if above.type in _FUNCTIONS), file.root)
        starts, values = file.assignments(field).get(name, ((), ()))
        first, last = bisect_left(starts, node.end_byte), bisect_left(starts, scope.end_byte)
        found = sorted(values[first:last], key=lambda value: value.start_byte)
        return [SyntaxNode(value, file) for value in found]


def _targets_of(holder: Any, values: Any) -> tuple[str, Any] | None:
    """Where ``x := E``, ``x = E`` or ``var x = E`` (``holder``) stores its expression list
    ``values``: ``("expressions", the left side)`` or ``("names", the var spec)``; None when
    ``values`` is not what it stores, or for ``x += E`` and the like."""
    if holder.type == "short_var_declaration" and holder.child_by_field_name("right") == values:
        return "expressions", holder.child_by_field_name("left")
    if holder.type == "assignment" and holder.child_by_field_name("right") == values:
        if _operator(holder) != "=":
            return None
        return "expressions", holder.child_by_field_name("left")
    if holder.type == "var_spec" and holder.child_by_field_name("value") == values:
        return "names", holder
    return None


def _children_of(node: Any) -> Iterator[Any]:
    """The children of a node, one at a time, with a cursor: ``children`` would keep every one of
    them alive as long as the node is (the binding caches them), and a literal kept for its fields
    may have a million."""
    cursor = node.walk()
    if cursor.goto_first_child():
        yield cursor.node
        while cursor.goto_next_sibling():
            yield cursor.node


def _only_child(node: Any) -> Any:
    """The one named child of a node that is not a comment, or None."""
    inner = [child for child in node.named_children if child.type != "comment"]
    return inner[0] if len(inner) == 1 else None


def _operator(node: Any) -> str | None:
    operator = node.child_by_field_name("operator")
    return None if operator is None else operator.type


# --- constant values ---------------------------------------------------------------------------


def constant_value(node: Any, file: GoFile) -> int | float | None:
    """The value of a constant expression, or None when it is not one this evaluator knows.

    Known: integer literals (decimal, ``0x``, ``0o``, ``0b``, old-style octal ``0755``, ``_``
    separators), float literals (decimal and hexadecimal), the duration constants of package
    ``time`` in nanoseconds (``time.Nanosecond`` ... ``time.Hour``, under whatever name the file
    imports "time", or bare when it dot-imports it), ``*``, ``+`` and ``-`` (binary), ``-`` and
    ``+`` (unary), parentheses, ``time.Duration(x)`` conversions, and names of constants
    declared with ``const`` in this file (at package level or in an enclosing block before the
    use) with an explicit value. Anything else (calls, variables, fields, division, shifts,
    runes, imaginary numbers, ``iota``, a constant defined in terms of itself) is unknown, and so
    is what Go rejects: an integer over 512 bits, a time.Duration outside int64 (at every step of
    its computation), a float that overflows or underflows. Expressions and chains of constants
    of any depth are evaluated without recursion, each constant once per file. ``node`` is a
    tree-sitter node or a :class:`SyntaxNode`.
    """
    if isinstance(node, SyntaxNode):
        node = node.syntax
    result = file.constant(node)
    return None if result is None else result[0]


_PENDING = object()  # a constant whose value is being worked out (met again: a cycle)
_ENTER, _NEGATE, _COMBINE, _CONVERT, _DEFINE = range(5)


def _evaluate(file: GoFile, root: Any) -> _Constant | None:
    """``(value, is_duration)`` of an expression, or None; with an explicit stack of steps."""
    constants = file._constants
    results: list[_Constant | None] = []
    stack: list[tuple[int, Any, Any]] = [(_ENTER, root, root)]  # (step, node or argument, anchor)
    while stack:
        step, item, anchor = stack.pop()
        if step == _ENTER:
            _enter(file, item, anchor, stack, results)
        elif step == _NEGATE:
            if results[-1] is not None:
                value, duration = results[-1]
                results[-1] = _checked(-value, duration)
        elif step == _COMBINE:
            right = results.pop()
            results[-1] = _combine(item, results[-1], right)
        elif step == _CONVERT:
            if results[-1] is not None:
                results[-1] = _checked(results[-1][0], True)
        else:  # _DEFINE
            constants[item] = results[-1]
    return results[-1]


def _enter(
    file: GoFile, item: Any, anchor: Any, stack: list[tuple[int, Any, Any]], results: list[_Constant | None]
) -> None:
    """Enter an expression: the steps that work out its value go on ``stack``, or its value, when
    it needs none, on ``results``."""
    kind = item.type
    if kind in _WRAPPERS:
        inner = _only_child(item)
        if inner is not None:
            stack.append((_ENTER, inner, anchor))
            return
    elif kind == "unary_expression":
        operator, operand = _operator(item), item.child_by_field_name("operand")
        if operand is not None and operator in ("-", "+"):
            if operator == "-":
                stack.append((_NEGATE, None, anchor))
            stack.append((_ENTER, operand, anchor))
            return
    elif kind == "binary_expression":
        operator = _operator(item)
        left, right = item.child_by_field_name("left"), item.child_by_field_name("right")
        if operator in ("*", "+", "-") and left is not None and right is not None:
            stack.append((_COMBINE, operator, anchor))
            stack.append((_ENTER, right, anchor))
            stack.append((_ENTER, left, anchor))
            return
    elif kind == "call_expression":
        argument = _duration_argument(file, item, anchor)
        if argument is not None:
            stack.append((_CONVERT, None, anchor))
            stack.append((_ENTER, argument, anchor))
            return
    elif kind == "identifier":
        _enter_identifier(file, item, anchor, stack, results)
        return
    results.append(_literal(file, item))


def _literal(file: GoFile, item: Any) -> _Constant | None:
    """The value of a number literal or of one of time's units (``time.Second``); None for any
    other expression."""
    kind = item.type
    if kind == "int_literal":
        value: int | float | None = _int_literal(file.text_of(item))
    elif kind == "float_literal":
        value = _float_literal(file.text_of(item))
    elif kind == "selector_expression" and file.is_member(item, "time", _TIME_UNITS):
        return (_TIME_UNITS[file.text_of(item.child_by_field_name("field"))], True)
    else:
        return None
    return None if value is None else (value, False)


def _duration_argument(file: GoFile, call: Any, anchor: Any) -> Any:
    """The expression a ``time.Duration(x)`` conversion converts, or None for any other call."""
    function, arguments = call.child_by_field_name("function"), call.child_by_field_name("arguments")
    if (
        function is not None
        and arguments is not None
        and file.is_member(function, "time", {"Duration"})
        and not (function.type == "identifier" and file._resolve("Duration", anchor) is not None)
    ):
        values = [child for child in arguments.named_children if child.type != "comment"]
        if len(values) == 1:
            return values[0]
    return None


def _enter_identifier(
    file: GoFile, item: Any, anchor: Any, stack: list[tuple[int, Any, Any]], results: list[_Constant | None]
) -> None:
    """Enter a name: a constant of this file not worked out yet has its expression entered (to be
    kept as the constant's value); any other name's value goes on ``results``."""
    name = file.text_of(item)
    meaning = _meaning(file, name, anchor)
    result: _Constant | None = None
    if meaning is None:
        if file.is_member(item, "time", _TIME_UNITS):
            result = (_TIME_UNITS[name], True)
    elif meaning[0] == "const" and meaning[1] is not None:
        constants = file._constants
        key = meaning[2]
        if key not in constants:
            constants[key] = _PENDING
            stack.append((_DEFINE, key, anchor))
            stack.append((_ENTER, meaning[1], meaning[1]))  # its names mean what they mean there
            return
        if constants[key] is not _PENDING:
            result = constants[key]
    results.append(result)


def _meaning(file: GoFile, name: str, anchor: Any) -> tuple | None:
    """What ``name`` means where ``anchor`` stands (see :meth:`GoFile.resolve`), looked up only
    for the names of this file's constants and, when ``time`` is dot-imported, of its units."""
    if name in file.constant_names():
        return file._resolve(name, anchor)
    if name in _TIME_UNITS and "time" in file.dot_imports:
        return file._resolve(name, anchor)
    return _OTHER  # neither a constant of this file nor one of time's


def _combine(operator: str, left: _Constant | None, right: _Constant | None) -> _Constant | None:
    if left is None or right is None:
        return None
    (a, a_duration), (b, b_duration) = left, right
    duration = a_duration or b_duration
    if duration and not (_INT64_MIN <= a <= _INT64_MAX and _INT64_MIN <= b <= _INT64_MAX):
        return None  # an untyped operand is converted to time.Duration first, and must fit
    if operator == "*":
        value = a * b
    else:
        value = a + b if operator == "+" else a - b
    return _checked(value, duration)


def _checked(value: int | float, duration: bool) -> _Constant | None:
    """The value, unless Go would reject it: an untyped integer over 512 bits, a float that is
    not finite, a time.Duration outside int64."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
    elif value.bit_length() > _INT_BITS:
        return None
    if duration and not _INT64_MIN <= value <= _INT64_MAX:
        return None
    return value, duration


def _int_literal(text: str) -> int | None:
    text = text.replace("_", "")
    prefix = text[:2].lower()
    if prefix in ("0x", "0o", "0b"):
        base, digits = {"0x": 16, "0o": 8, "0b": 2}[prefix], text[2:]
    elif len(text) > 1 and text[0] == "0":
        base, digits = 8, text[1:]  # 0755: octal
    else:
        base, digits = 10, text
    digits = digits.lstrip("0") or "0"
    if len(digits) > _INT_BITS + 1:  # more digits than bits, in any base: over 512 bits
        return None
    try:
        value = int(digits, base)
    except ValueError:
        return None
    return value if value.bit_length() <= _INT_BITS else None


def _float_literal(text: str) -> float | None:
    text = text.replace("_", "")
    if len(text) > _LITERAL_DIGITS:
        return None
    hexadecimal = text[:2].lower() == "0x"
    try:
        value = float.fromhex(text) if hexadecimal else float(text)
    except (ValueError, OverflowError):
        return None
    if not math.isfinite(value):
        return None
    mantissa = re.split("[pP]" if hexadecimal else "[eE]", text[2:] if hexadecimal else text)[0]
    if value == 0 and mantissa.strip("0.") != "":
        return None  # too small for a float, but not zero: Go's constants are exact
    return value


# --- parsing -----------------------------------------------------------------------------------


def import_name(path: str) -> str:
    """The package name an import path is assumed to have (goimports' ImportPathToAssumedName)."""
    elements = path.split("/")
    base = elements[-1]
    if _MAJOR_VERSION.fullmatch(base) and len(elements) > 1:
        base = elements[-2]
    if base.startswith("go-"):
        base = base[3:]
    end = next((i for i, char in enumerate(base) if not (char.isalnum() or char == "_")), len(base))
    return base[:end]


def _string_value(file: GoFile, literal: Any) -> str:
    text = file.text_of(literal)
    if literal.type == "raw_string_literal":
        return text[1:-1].replace("\r", "")
    return _ESCAPE.sub(_unescape, text[1:-1])


def _unescape(match: re.Match[str]) -> str:
    octal, hex2, hex4, hex8, char = match.groups()
    if char is not None:
        return _SIMPLE_ESCAPES.get(char, char)
    code = int(octal, 8) if octal else int(hex2 or hex4 or hex8, 16)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


def parse(text: str, path: str | None = None, root: str | None = None) -> Document:
    """Parse a Go source file: a document whose ``errors`` hold the first syntax error (the rest
    of the file is linted); raise :class:`ParseError` when there is nothing to lint."""
    _language()
    offset = 1 if text.startswith("\ufeff") else 0
    source = text[offset:].encode("utf-8", "surrogatepass")
    tree = _PARSER.parse(source)
    file = GoFile(tree, source)
    file.path, file.root_folder = path, root
    tree_root = file.root
    deepest = _too_deep(tree_root, MAX_DEPTH)
    if deepest is not None:
        _error(file, deepest, f"nested more than {MAX_DEPTH} levels deep: not linted")
    errors = []
    if tree_root.has_error:
        file.broken = _broken(tree_root)
        try:
            _raise_syntax_error(file, tree_root)
        except ParseError as error:
            errors.append(error)
    package, misplaced = _check_top_level(file, tree_root)
    errors[:0] = misplaced  # gc's words first, where both say the same place
    errors.sort(key=lambda error: (error.line, error.column))
    if package is None:  # not Go, or its package clause is broken: nothing to lint
        if errors:
            raise errors[0]
        line, column = file.position(tree_root.end_point, tree_root.end_byte)
        raise ParseError("syntax error: package statement must be first", line, column)

    imports = []
    for declaration in tree_root.named_children:
        if declaration.type != "import_declaration":
            continue
        for spec in declaration.named_children:
            if spec.type == "import_spec":
                imports.append(_import(file, spec))
    name = package.child_by_field_name("name") or package.named_children[0]
    after_package = file.span_of(package)
    file.value = {
        "package": Node(file.text_of(name), file.span_of(name)),
        "imports": Node(
            imports,
            _join(imports[0].span, imports[-1].span)
            if imports
            else Span.point(after_package.end_line, after_package.end_column),
        ),
    }

    comments: list[Comment] = []
    generated = False
    # Comments serve suppressions and the generated-file mark: a file with neither (most) does
    # without them (making a Comment for each cost a tenth of a run over a repository).
    if b"Code generated" in source[: package.start_byte] or any(mark in source for mark in _COMMENT_MARKS):
        collecting = gc.isenabled()
        gc.disable()  # every comment made here stays alive: collecting meanwhile only costs time
        try:
            comments, generated = _comments(file, package.start_byte)
        finally:
            if collecting:
                gc.enable()
    file.generated = generated
    return Document(file, comments, text, generated, errors=tuple(errors[:1]))


def _broken(root: Any) -> list[tuple[int, int]]:
    """The byte ranges of the ``ERROR`` and ``MISSING`` nodes of a tree, in order (a walk into
    the nodes that hold an error only)."""
    ranges = []
    cursor = root.walk()
    while True:
        node = cursor.node
        if node.is_error or node.is_missing:
            ranges.append((node.start_byte, node.end_byte))
        elif node.has_error and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return ranges


def _comments(file: GoFile, package_start: int) -> tuple[list[Comment], bool]:
    """Every comment, in document order, and whether one before the package clause says the
    file is generated."""
    comments = []
    generated = False
    ordered = True
    previous = -1
    nodes = _cursor(compile_query(_COMMENTS_QUERY)).captures(file.root).get("comment", [])
    nodes.reverse()  # taken from the end, so that each node is let go once read
    while nodes:
        node = nodes.pop()
        raw = file.text_of(node)
        span = file.span_of(node)
        if raw.startswith("//"):
            body = raw[2:]
            if body.endswith("\r"):
                body = body[:-1]
                span = Span(span.line, span.column, span.end_line, span.end_column - 1)
        else:
            body = raw[2:-2]
        start = node.start_byte
        ordered = ordered and start > previous
        previous = start
        comments.append(Comment(span, body))
        if not generated and start < package_start:
            generated = any(_GENERATED.match(line) for line in raw.replace("\r", "").split("\n"))
    if not ordered:
        comments.sort(key=lambda comment: (comment.span.line, comment.span.column))
    return comments, generated


def _import(file: GoFile, spec: Any) -> Node:
    literal = spec.child_by_field_name("path")
    path = _string_value(file, literal)
    members = {"path": Node(path, file.span_of(literal))}
    name = spec.child_by_field_name("name")
    if name is None:
        file.imports[import_name(path)] = path
    else:
        local = file.text_of(name)
        members["name"] = Node(local, file.span_of(name))
        if local == ".":
            file.dot_imports.add(path)
        elif local != "_":
            file.imports[local] = path
    return Node(members, file.span_of(spec))


def _check_top_level(file: GoFile, root: Any) -> tuple[Any, list[ParseError]]:
    """The package clause (None when there is none), and what gc rejects in the order of the
    declarations and the grammar lets through (it reads a text without a package clause as a
    fragment, in any order): the first such error, in gc's words."""
    package = None
    declarations = False
    for node in root.named_children:
        kind = node.type
        message = None
        if kind == "comment":
            continue
        if node.is_error:  # a syntax error; gc says more of an import that comes too late
            error = _misplaced(file, node, declarations)
            if error is None:
                continue
            return package, [error]
        if kind == "package_clause":
            if package is None:
                package = node
                continue
            message = "syntax error: package statement must be first"  # a second one
        elif package is None:
            message = "syntax error: package statement must be first"
        elif kind == "import_declaration":
            if declarations:
                message = "syntax error: imports must appear before other declarations"
        elif kind in _TOP_LEVEL:
            declarations = True
        else:
            message = "syntax error: non-declaration statement outside function body"
        if message is not None:
            line, column = file.position(node.start_point, node.start_byte)
            return package, [ParseError(message, line, column)]
    return package, []


def _misplaced(file: GoFile, node: Any, declarations: bool) -> ParseError | None:
    """What gc says of a syntax error (``node``) at the top level that starts with an import after
    other declarations (``declarations``: there were some) or with a statement outside a function
    body; None for any other."""
    first = next(_tokens(node), None)
    if first is None:  # comments alone: no word to judge it by
        return None
    word = file.text_of(first)
    if word == "import" and declarations:
        message = "syntax error: imports must appear before other declarations"
    elif word not in _DECLARING and (first.type == "identifier" or word in _STATEMENT_WORDS):
        message = "syntax error: non-declaration statement outside function body"
    else:
        return None
    line, column = file.position(first.start_point, first.start_byte)
    return ParseError(message, line, column)


def _error(file: GoFile, node: Any, message: str) -> None:
    line, column = file.position(node.start_point, node.start_byte)
    raise ParseError(message, line, column)


def _raise_syntax_error(file: GoFile, root: Any) -> None:
    """Raise the ParseError of the first ``ERROR`` or ``MISSING`` node, said as what was found
    there (tree-sitter does not say what it expected)."""
    node = _first_error(root)
    if node.is_missing:
        parent = node.parent
        if node.type in ('"', "`") and parent is not None:  # the literal runs on to the line's end
            _error(file, parent, "string literal not terminated")
        what = node.type.replace("_", " ") if node.is_named else f"`{node.type}`"
        _error(file, node, f"syntax error: missing {what}")
    quotes = _cursor(compile_query(_QUOTES_QUERY)).captures(node).get("quote", [])
    if len(quotes) % 2:
        _error(file, max(quotes, key=lambda quote: quote.start_byte), "string literal not terminated")
    first_tokens = []  # the first two tokens under the error node
    for token in _tokens(node):
        first_tokens.append(token)
        if len(first_tokens) == 2:
            break
    if not first_tokens:
        line, column = file.position(root.end_point, root.end_byte)
        raise ParseError("syntax error: unexpected end of file", line, column)
    if _last_token(root).end_byte <= node.end_byte:  # nothing but comments after it
        last = next(_tokens(node, backwards=True))
        if last.type in _OPENERS:
            _error(file, last, f"syntax error: unclosed `{last.type}`")
    if len(first_tokens) == 1:
        _error(file, first_tokens[0], f"syntax error: unexpected `{_snippet(_head(file, first_tokens[0]))}`")
    _error(file, first_tokens[0], f"syntax error: cannot parse `{_snippet(_head(file, node))}`")


def _too_deep(root: Any, limit: int) -> Any:
    """A node more than ``limit`` levels below ``root``, or None. Only subtrees with more than
    ``limit - depth`` nodes can reach below the limit, so the walk enters only those: in an
    ordinary file, the few nodes that hold most of it (a walk of every node cost a tenth of the
    time of a run over a repository)."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return node
        room = limit - depth
        for child in node.children:
            if child.descendant_count > room:
                stack.append((child, depth + 1))
    return None


def _first_error(root: Any) -> Any:
    cursor = root.walk()
    while True:
        node = cursor.node
        if node.is_error or node.is_missing:
            return node
        if node.has_error and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return root  # has_error but nothing found: should not happen
        # continue with the sibling


def _tokens(node: Any, backwards: bool = False) -> Iterator[Any]:
    """The tokens under a node (comments left out), in order or from the last, one at a time."""
    stack = [node]
    while stack:
        current = stack.pop()
        children = current.children
        if not children:
            if current.type != "comment":
                yield current
            continue
        stack.extend(children if backwards else reversed(children))


def _last_token(node: Any) -> Any:
    """The last token under a node, comments left out."""
    while node.children:
        children = [child for child in node.children if child.type != "comment"]
        if not children:
            break
        node = children[-1]
    return node


def _head(file: GoFile, node: Any) -> str:
    """The start of a node's text (a syntax error's snippet needs no more)."""
    start = node.start_byte
    return file.source[start : min(node.end_byte, start + 400)].decode("utf-8", "replace")


def _snippet(text: str) -> str:
    line = text.split("\n", 1)[0].strip()
    if not line:
        return "newline"
    if len(line) > 30 or "\n" in text.strip():
        return line[:30].rstrip() + " …"
    return line
