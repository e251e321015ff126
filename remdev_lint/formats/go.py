"""Go source files, parsed with tree-sitter-go into the document model.

tree_sitter and tree_sitter_go are imported on the first :func:`parse` (a run over go.mod files
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
    imports it*: a ``selector_expression`` (``http.Get``) or ``qualified_type`` (``http.Client``)
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

Syntax errors: tree-sitter recovers from every error, but a file Go would reject is not linted:
:func:`parse` raises :class:`ParseError` at the first ``ERROR`` or ``MISSING`` node in document
order. tree-sitter does not say what it expected, so the messages say what it found:
``unexpected `}```, ``missing `)```, ``unclosed `{```, ``unexpected end of file``,
``string literal not terminated``, or ``cannot parse `...``` when it gave up on several tokens.
A few errors tree-sitter-go accepts but Go does not are reported too, in gc's words: a file that
does not start with its ``package`` clause, an import after other declarations, a statement
outside a function body.

Positions are 1-based lines and code-point columns (tree-sitter counts bytes; they are
converted). A leading byte order mark is skipped and not counted. Comments: every comment, in
document order; the text is what follows ``//`` (without a trailing carriage return) or what is
between ``/*`` and ``*/``. A file is *generated* when a line ``// Code generated ... DO NOT
EDIT.`` stands in a comment before the ``package`` clause, as ``go/ast.IsGenerated`` decides.
"""

from __future__ import annotations

import re

from remdev_lint.model import Comment, Document, Node, ParseError, Span

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

__all__ = ["GoFile", "SyntaxNode", "compile_query", "constant_value", "import_name", "parse"]

_LANGUAGE: Any = None
_PARSER: Any = None
_QUERIES: dict[str, Any] = {}
_COMMENTS_QUERY = "(comment) @comment"

_GENERATED = re.compile(r"^// Code generated .* DO NOT EDIT\.$")
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
_FUNCTIONS = frozenset(("function_declaration", "method_declaration", "func_literal"))
_OPENERS = frozenset(("{", "(", "["))
_CLOSERS = frozenset(("}", ")", "]"))
_ESCAPE = re.compile(r"\\(?:([0-7]{3})|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))", re.S)
_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}

#: time's duration constants, in nanoseconds.
_TIME_UNITS = {
    "Nanosecond": 1,
    "Microsecond": 1_000,
    "Millisecond": 1_000_000,
    "Second": 1_000_000_000,
    "Minute": 60_000_000_000,
    "Hour": 3_600_000_000_000,
}


def _language() -> Any:
    global _LANGUAGE, _PARSER
    if _LANGUAGE is None:
        import tree_sitter
        import tree_sitter_go

        _LANGUAGE = tree_sitter.Language(tree_sitter_go.language())
        _PARSER = tree_sitter.Parser(_LANGUAGE)
    return _LANGUAGE


def compile_query(pattern: str) -> Any:
    """The compiled tree-sitter query for a pattern text (cached per text).

    Raises ``tree_sitter.QueryError`` (a ValueError) for a pattern the grammar rejects, and
    ValueError for a predicate that is neither tree-sitter's nor ``#qualified?``.
    """
    query = _QUERIES.get(pattern)
    if query is None:
        for name in _PREDICATE.findall(pattern):
            if name not in _BUILTIN_PREDICATES and name not in _OUR_PREDICATES:
                raise ValueError(f"unknown query predicate #{name}")
        import tree_sitter

        query = _QUERIES[pattern] = tree_sitter.Query(_language(), _with_name_prefilter(pattern))
    return query


_QUALIFIED = re.compile(r'\(#qualified\?\s+@([\w.-]+)\s+"[^"]*"((?:\s+"[^"]*")+)\s*\)')


def _with_name_prefilter(pattern: str) -> str:
    """Put a ``#match?`` on the member name before each ``#qualified?`` that names members.

    ``#qualified?`` runs in Python for every node its capture catches (every selector of a
    file, for a pattern such as ``[(selector_expression) (identifier)] @ref``); tree-sitter's
    own ``#match?`` runs in the binding's C code. A capture's text must end in one of the names
    (``http.Get``, ``Get``, ``http.Client[T]``) for ``#qualified?`` to hold, so testing that first
    changes no result and spares most callbacks.
    """

    def add(match: re.Match[str]) -> str:
        names = re.findall(r'"([^"]*)"', match.group(2))
        alternatives = "|".join(re.escape(name) for name in names)
        regex = rf"(^|\.\s*)({alternatives})(\[[\s\S]*\])?$".replace("\\", "\\\\").replace('"', '\\"')
        return f'(#match? @{match.group(1)} "{regex}") {match.group(0)}'

    return _QUALIFIED.sub(add, pattern)


# --- the document ------------------------------------------------------------------------------


class GoFile(Node):
    """The root of a parsed Go file: a mapping (``package``, ``imports``) that can be queried."""

    __slots__ = (
        "imports",
        "dot_imports",
        "generated",
        "tree",
        "source",
        "_lines",
        "_ascii",
        "_package_scope",
        "_results",
    )

    def __init__(self, tree: Any, source: bytes) -> None:
        self.tree = tree
        self.source = source
        self._results: dict[str, list[Node]] = {}
        self._ascii = source.isascii()
        self._lines: list[int] = [0]  # byte offset where each line starts
        find, start = source.find, 0
        while True:
            start = find(b"\n", start) + 1
            if not start:
                break
            self._lines.append(start)
        self._package_scope: dict[str, tuple] | None = None
        #: local name -> import path (blank and dot imports left out)
        self.imports: dict[str, str] = {}
        #: import paths imported with ``.``
        self.dot_imports: set[str] = set()
        #: a ``// Code generated ... DO NOT EDIT.`` line stands before the package clause
        self.generated = False
        super().__init__({}, self.span_of(tree.root_node))

    # positions

    def position(self, point: Any) -> tuple[int, int]:
        """A tree-sitter point (0-based row, byte column) as 1-based line and code-point column."""
        row, column = point
        if self._ascii or column == 0:
            return row + 1, column + 1
        start = self._lines[row]
        return row + 1, len(self.source[start : start + column].decode("utf-8", "replace")) + 1

    def span_of(self, node: Any) -> Span:
        line, column = self.position(node.start_point)
        end_line, end_column = self.position(node.end_point)
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
        import tree_sitter

        query = compile_query(pattern)
        found = []
        for index, captures in tree_sitter.QueryCursor(query).matches(self.tree.root_node, predicate=self._predicate):
            members: dict[str, Node] = {}
            start = end = None
            for number in range(query.capture_count):
                name = query.capture_name(number)
                nodes = captures.get(name)
                if not nodes:
                    continue
                items = [SyntaxNode(node, self) for node in nodes]
                first, last = nodes[0], nodes[-1]
                if start is None or first.start_byte < start.start_byte:
                    start = first
                if end is None or last.end_byte > end.end_byte:
                    end = last
                if query.capture_quantifier(index, number) in ("*", "+"):
                    members[name] = Node(items, _join(items[0].span, items[-1].span))
                else:
                    members[name] = items[0]
            if start is None:  # a pattern without captures: nothing to point at but the file
                found.append((0, 0, Node(members, self.span)))
                continue
            span = _join(self.span_of(start), self.span_of(end))
            found.append((start.start_byte, -end.end_byte, Node(members, span)))
        found.sort(key=lambda item: item[:2])
        matches = results[pattern] = [node for _, _, node in found]
        return matches

    def _predicate(self, name: str, args: list, pattern_index: int, captures: dict) -> bool:
        if name != "qualified?":
            raise ValueError(f"unknown query predicate #{name}")
        if len(args) < 2 or args[0][1] != "capture" or any(kind != "string" for _, kind in args[1:]):
            raise ValueError('#qualified? takes a capture, an import path and names: (#qualified? @x "net/http" "Get")')
        nodes = captures.get(args[0][0])
        path, names = args[1][0], {value for value, _ in args[2:]}
        return bool(nodes) and all(self.is_member(node, path, names) for node in nodes)

    def is_member(self, node: Any, path: str, names: set[str] | frozenset[str] = frozenset()) -> bool:
        """Whether a syntax node names a member of the package ``path`` as this file imports it:
        ``pkg.Name`` with ``pkg`` a local name of ``path``, or ``Name`` when ``path`` is
        dot-imported; ``pkg.Name[T]`` as ``pkg.Name``. ``names`` limits the members (empty: any
        member, but then never a bare identifier)."""
        kind = node.type
        if kind == "generic_type":  # pkg.Name[T]: an instance of pkg.Name
            inner = node.child_by_field_name("type")
            return inner is not None and self.is_member(inner, path, names)
        if kind == "selector_expression":
            package, member = node.child_by_field_name("operand"), node.child_by_field_name("field")
            if package is None or package.type != "identifier":
                return False
        elif kind == "qualified_type":
            package, member = node.child_by_field_name("package"), node.child_by_field_name("name")
        elif kind in ("identifier", "type_identifier"):
            return path in self.dot_imports and self.text_of(node) in names
        else:
            return False
        if package is None or member is None or self.imports.get(self.text_of(package)) != path:
            return False
        return not names or self.text_of(member) in names

    # name resolution, for constant_value

    def resolve(self, identifier: Any) -> tuple | None:
        """What an identifier refers to in this file: ``("const", expression or None, key)`` for
        a constant (``None``: declared without a value, or a count mismatch), ``("other",)`` for
        any other declaration (variable, parameter, type, function), None when not declared here.
        """
        name = self.text_of(identifier)
        here = identifier.start_byte
        child, node = identifier, identifier.parent
        while node is not None:
            kind = node.type
            found = None
            if kind == "statement_list":
                for statement in node.named_children:
                    if statement.end_byte > here:
                        break
                    found = _declared(self, statement, name) or found
            elif kind in _FUNCTIONS:
                for field in ("receiver", "type_parameters", "parameters", "result"):
                    part = node.child_by_field_name(field)
                    if part is not None and part != child and name in _parameter_names(self, part):
                        found = ("other",)
            elif kind in ("if_statement", "expression_switch_statement", "type_switch_statement"):
                found = _declared(self, node.child_by_field_name("initializer"), name)
                if kind == "type_switch_statement" and found is None:
                    alias = node.child_by_field_name("alias")
                    if alias is not None and name in _identifiers(self, alias):
                        found = ("other",)
            elif kind == "for_statement":
                for part in node.named_children:
                    if part.type == "for_clause":
                        found = _declared(self, part.child_by_field_name("initializer"), name)
                    elif part.type == "range_clause" and part.child_by_field_name("left") is not None:
                        if name in _identifiers(self, part.child_by_field_name("left")):
                            found = ("other",)
            elif kind == "source_file":
                return self._top_level().get(name)
            if found is not None:
                return found
            child, node = node, node.parent
        return None

    def _top_level(self) -> dict[str, tuple]:
        if self._package_scope is None:
            scope: dict[str, tuple] = {}
            for declaration in self.tree.root_node.named_children:
                if declaration.type == "function_declaration":
                    function = declaration.child_by_field_name("name")
                    if function is not None:
                        scope[self.text_of(function)] = ("other",)
                else:
                    for name, meaning in _declarations(self, declaration):
                        scope[name] = meaning
            self._package_scope = scope
        return self._package_scope


def _declarations(file: GoFile, node: Any):
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
                yield file.text_of(name), ("other",)
    elif kind == "short_var_declaration":
        left = node.child_by_field_name("left")
        for name in _identifiers(file, left) if left is not None else ():
            yield name, ("other",)
    elif kind == "type_declaration":
        for spec in node.named_children:
            name = spec.child_by_field_name("name")
            if name is not None:
                yield file.text_of(name), ("other",)


def _declared(file: GoFile, node: Any, name: str) -> tuple | None:
    found = None
    for declared, meaning in _declarations(file, node):
        if declared == name:
            found = meaning
    return found


def _names(node: Any) -> list:
    """The names a spec or parameter declaration declares (the commas between them left out)."""
    return [name for name in node.children_by_field_name("name") if name.is_named]


def _var_specs(declaration: Any) -> list:
    specs = []
    for child in declaration.named_children:
        if child.type == "var_spec":
            specs.append(child)
        elif child.type == "var_spec_list":
            specs.extend(spec for spec in child.named_children if spec.type == "var_spec")
    return specs


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


class SyntaxNode(Node):
    """A node of the syntax tree that a query captured.

    ``span`` is its exact span. ``value`` is its source text, except for a ``literal_value`` (the
    ``{...}`` of a composite literal), whose value is a mapping of its keyed elements: field name
    -> the element's value (a SyntaxNode, with ``key_span`` the key's span); elements without a
    key, and keys that are not plain names (map literal keys like ``"a"``), are left out.
    ``syntax`` is the tree-sitter node, ``file`` the :class:`GoFile`.
    """

    __slots__ = ("syntax", "file")

    def __init__(self, syntax: Any, file: GoFile, key_span: Span | None = None) -> None:
        self.syntax = syntax
        self.file = file
        if syntax.type == "literal_value":
            value: Any = {}
            for element in syntax.named_children:
                if element.type != "keyed_element":
                    continue
                key, item = element.child_by_field_name("key"), element.child_by_field_name("value")
                if key is None or item is None:
                    continue
                name = _unwrap(key)
                if name.type not in ("identifier", "field_identifier"):
                    continue
                value.setdefault(file.text_of(name), SyntaxNode(_unwrap(item), file, file.span_of(key)))
        else:
            value = file.text_of(syntax)
        super().__init__(value, file.span_of(syntax), key_span)

    @property
    def type(self) -> str:
        """The grammar's name for the node (``composite_literal``, ``call_expression``, ...)."""
        return self.syntax.type

    def typed(self, grammar: str) -> int | float | None:
        """The node's value in a value grammar: ``"duration"``, its constant value in seconds
        (a time.Duration counts nanoseconds); ``"number"``, its constant value. None when the
        value is not a constant this linter can compute, and for other grammars."""
        if grammar == "duration":
            value = constant_value(self.syntax, self.file)
            return None if value is None else value / 1e9
        if grammar == "number":
            return constant_value(self.syntax, self.file)
        return None

    def binding(self) -> str | None:
        """The variable this expression is stored in, when it is the whole right-hand side of
        ``x := E``, ``x = E``, ``var x = E`` (also one of several: ``a, x := ..., E``), through
        ``&``, parentheses and the element wrapper. For a ``var_spec`` (``var x T``): its first
        name; for one of its name identifiers (``b`` in ``var a, b T``): that name. None
        otherwise (a call argument, a return value, an element of another literal, ``_``, a
        field such as ``s.x = E``)."""
        node, file = self.syntax, self.file
        if node.type == "var_spec":
            names = _names(node)
            return file.text_of(names[0]) if names else None
        if node.type == "identifier" and node.parent is not None and node.parent.type == "var_spec":
            if any(name == node for name in _names(node.parent)):
                return file.text_of(node)  # one name of `var a, b T`: that variable
        parent = node.parent
        while parent is not None and (
            parent.type in ("parenthesized_expression", "literal_element")
            or (parent.type == "unary_expression" and _operator(parent) == "&")
        ):
            node, parent = parent, parent.parent
        if parent is None or parent.type != "expression_list":
            return None
        holder = parent.parent
        if holder is None:
            return None
        index = next(i for i, item in enumerate(_expressions(parent)) if item == node)
        if holder.type == "short_var_declaration" and holder.child_by_field_name("right") == parent:
            targets = _expressions(holder.child_by_field_name("left"))
        elif holder.type == "assignment_statement" and holder.child_by_field_name("right") == parent:
            if _operator(holder) != "=":
                return None
            targets = _expressions(holder.child_by_field_name("left"))
        elif holder.type == "var_spec" and holder.child_by_field_name("value") == parent:
            targets = _names(holder)
        else:
            return None
        if len(targets) != len(_expressions(parent)):
            return None
        target = targets[index]
        if target.type != "identifier" or file.text_of(target) == "_":
            return None
        return file.text_of(target)

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
        scope = node.parent
        while scope is not None and scope.type not in _FUNCTIONS:
            scope = scope.parent
        if scope is None:
            scope = file.tree.root_node
        import tree_sitter

        cursor = tree_sitter.QueryCursor(compile_query("(assignment_statement) @assignment"))
        cursor.set_byte_range(node.end_byte, scope.end_byte)
        found = []
        for assignment in cursor.captures(scope).get("assignment", []):
            if assignment.start_byte < node.end_byte or _operator(assignment) != "=":
                continue
            targets = _expressions(assignment.child_by_field_name("left"))
            values = _expressions(assignment.child_by_field_name("right"))
            if len(targets) != len(values):
                continue
            for target, value in zip(targets, values, strict=True):
                if target.type != "selector_expression":
                    continue
                operand, member = target.child_by_field_name("operand"), target.child_by_field_name("field")
                if (
                    operand is not None
                    and operand.type == "identifier"
                    and file.text_of(operand) == name
                    and member is not None
                    and file.text_of(member) == field
                ):
                    found.append(value)
        found.sort(key=lambda value: value.start_byte)
        return [SyntaxNode(value, file) for value in found]


def _unwrap(node: Any) -> Any:
    """The expression inside a ``literal_element`` wrapper."""
    if node.type == "literal_element":
        inner = [child for child in node.named_children if child.type != "comment"]
        if len(inner) == 1:
            return inner[0]
    return node


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
    use) with an explicit value. Anything else (calls, variables, fields, division, ``iota``,
    a constant defined in terms of itself) is unknown. ``node`` is a tree-sitter node or a
    :class:`SyntaxNode`.
    """
    if isinstance(node, SyntaxNode):
        node = node.syntax
    return _constant(node, file, frozenset())


def _constant(node: Any, file: GoFile, seen: frozenset) -> int | float | None:
    kind = node.type
    if kind == "int_literal":
        return _int_literal(file.text_of(node))
    if kind == "float_literal":
        return _float_literal(file.text_of(node))
    if kind in ("parenthesized_expression", "literal_element"):
        inner = [child for child in node.named_children if child.type != "comment"]
        return _constant(inner[0], file, seen) if len(inner) == 1 else None
    if kind == "unary_expression":
        operand = node.child_by_field_name("operand")
        value = None if operand is None else _constant(operand, file, seen)
        operator = _operator(node)
        if value is None or operator not in ("-", "+"):
            return None
        return -value if operator == "-" else value
    if kind == "binary_expression":
        operator = _operator(node)
        if operator not in ("*", "+", "-"):
            return None
        left = _constant(node.child_by_field_name("left"), file, seen)
        if left is None:
            return None
        right = _constant(node.child_by_field_name("right"), file, seen)
        if right is None:
            return None
        if operator == "*":
            return left * right
        return left + right if operator == "+" else left - right
    if kind == "selector_expression":
        if file.is_member(node, "time", _TIME_UNITS.keys()):
            return _TIME_UNITS[file.text_of(node.child_by_field_name("field"))]
        return None
    if kind == "identifier":
        meaning = file.resolve(node)
        if meaning is None:
            if file.is_member(node, "time", _TIME_UNITS.keys()):
                return _TIME_UNITS[file.text_of(node)]
            return None
        if meaning[0] != "const" or meaning[1] is None or meaning[2] in seen:
            return None
        return _constant(meaning[1], file, seen | {meaning[2]})
    if kind == "call_expression":
        function, arguments = node.child_by_field_name("function"), node.child_by_field_name("arguments")
        if function is None or arguments is None or not file.is_member(function, "time", {"Duration"}):
            return None
        if function.type == "identifier" and file.resolve(function) is not None:
            return None  # a local Duration, not time's
        values = [child for child in arguments.named_children if child.type != "comment"]
        return _constant(values[0], file, seen) if len(values) == 1 else None
    return None


def _int_literal(text: str) -> int | None:
    text = text.replace("_", "")
    try:
        if len(text) > 1 and text[0] == "0" and text[1].isdigit():
            return int(text, 8)  # 0755: octal
        return int(text, 0)
    except ValueError:
        return None


def _float_literal(text: str) -> float | None:
    text = text.replace("_", "")
    try:
        if text[:2] in ("0x", "0X"):
            return float.fromhex(text)
        return float(text)
    except ValueError:
        return None


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


def parse(text: str) -> Document:
    """Parse a Go source file; raise :class:`ParseError` when Go would not accept its syntax."""
    _language()
    offset = 1 if text.startswith("\ufeff") else 0
    source = text[offset:].encode("utf-8", "surrogatepass")
    tree = _PARSER.parse(source)
    file = GoFile(tree, source)
    root = tree.root_node
    if root.has_error:
        _raise_syntax_error(file, root)
    package = _check_top_level(file, root)

    imports = []
    for declaration in root.named_children:
        if declaration.type != "import_declaration":
            continue
        for spec in declaration.named_children:
            specs = spec.named_children if spec.type == "import_spec_list" else [spec]
            for item in specs:
                if item.type == "import_spec":
                    imports.append(_import(file, item))
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

    import tree_sitter

    comments = []
    generated = False
    for node in tree_sitter.QueryCursor(compile_query(_COMMENTS_QUERY)).captures(root).get("comment", []):
        raw = file.text_of(node)
        span = file.span_of(node)
        if raw.startswith("//"):
            body = raw[2:]
            if body.endswith("\r"):
                body = body[:-1]
                span = Span(span.line, span.column, span.end_line, span.end_column - 1)
        else:
            body = raw[2:-2]
        comments.append((node.start_byte, Comment(span, body)))
        if not generated and node.start_byte < package.start_byte:
            generated = any(_GENERATED.match(line) for line in raw.replace("\r", "").split("\n"))
    comments.sort(key=lambda item: item[0])
    file.generated = generated
    return Document(file, [comment for _, comment in comments], text, generated)


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


def _check_top_level(file: GoFile, root: Any) -> Any:
    """The package clause, after checking what gc checks and tree-sitter-go does not."""
    package = None
    declarations = False
    for node in root.named_children:
        kind = node.type
        if kind == "comment":
            continue
        if package is None:
            if kind != "package_clause":
                _error(file, node, "syntax error: package statement must be first")
            package = node
        elif kind == "import_declaration":
            if declarations:
                _error(file, node, "syntax error: imports must appear before other declarations")
        elif kind in _TOP_LEVEL:
            declarations = True
        else:
            _error(file, node, "syntax error: non-declaration statement outside function body")
    if package is None:
        line, column = file.position(root.end_point)
        raise ParseError("syntax error: package statement must be first", line, column)
    return package


def _error(file: GoFile, node: Any, message: str) -> None:
    line, column = file.position(node.start_point)
    raise ParseError(message, line, column)


def _raise_syntax_error(file: GoFile, root: Any) -> None:
    node = _first_error(root)
    if node.is_missing:
        what = node.type.replace("_", " ") if node.is_named else f"`{node.type}`"
        _error(file, node, f"syntax error: missing {what}")
    tokens = _leaves(node)
    quotes = [token for token in tokens if token.type == '"']
    if len(quotes) % 2:
        _error(file, quotes[-1], "string literal not terminated")
    if _last_token(root).end_byte <= node.end_byte:  # nothing but comments after: the file ends too soon
        if tokens and tokens[-1].type in _OPENERS:
            _error(file, tokens[-1], f"syntax error: unclosed `{tokens[-1].type}`")
        if len(tokens) != 1 or tokens[0].type not in _CLOSERS:
            line, column = file.position(root.end_point)
            raise ParseError("syntax error: unexpected end of file", line, column)
    if len(tokens) == 1:
        _error(file, node, f"syntax error: unexpected `{_snippet(file.text_of(tokens[0]))}`")
    _error(file, node, f"syntax error: cannot parse `{_snippet(file.text_of(node))}`")


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


def _leaves(node: Any) -> list:
    """The tokens under a node (comments left out), in order."""
    if not node.children:
        return [] if node.type == "comment" else [node]
    return [leaf for child in node.children for leaf in _leaves(child)]


def _last_token(node: Any) -> Any:
    """The last token under a node, comments left out."""
    while node.children:
        children = [child for child in node.children if child.type != "comment"]
        if not children:
            break
        node = children[-1]
    return node


def _snippet(text: str) -> str:
    line = text.split("\n", 1)[0].strip()
    if len(line) > 30 or "\n" in text.strip():
        return line[:30].rstrip() + " …"
    return line
