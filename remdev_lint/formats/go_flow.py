"""Where a Go value goes, and whether the requests sent through it carry a deadline.

This is the analysis behind the ``deadline`` test (:mod:`remdev_lint.conditions`): a value (an
``http.Client`` literal, ``new(http.Client)``, ``var c http.Client``, a reference to
``http.DefaultClient``) is *bounded* when every request sent through it is built from a context
with a deadline. What counts as sending, building a request and making a deadline is data of the
rule (:class:`Apis`); the analysis knows Go, not net/http.

Followed, within one package (the linted file and the other non-test files of its folder that
declare the same package), without a type checker:

* where the value is stored: a variable (local, or unexported at package level) or an unexported
  struct field (``&Svc{client: c}``, ``s.client = c``); returned alone by an unexported function
  or method, each call of it stands for the value; used as made (``(&http.Client{}).Do(req)``),
  that is its one use; a value stored anywhere else (returned by an exported function, passed to
  a function, an exported name) *escapes*, and is not bounded;
* every use of that variable or field: a call of a sending method (``c.Do(req)``), a use that
  sends without a request (``c.Get(url)``: never bounded), a copy into a local variable (followed
  in its function), an assignment to it (ignored), a read of another of its fields (ignored);
  any other use escapes;
* the request a send is given: a variable, looked up at its last assignment before the send in
  the functions around it, made by a request function (``http.NewRequestWithContext(ctx, ...)``)
  or a method that gives a request a context (``req.WithContext(ctx)``); a parameter of the
  function is *given* by the caller;
* the context: made by a deadline function (``context.WithTimeout``) in the package, or derived
  from one that was (``context.WithCancel(ctx)``), a few assignments away; a parameter (or the
  ``Context()`` of one) is given by the caller.

A field of the same name in another struct type of the package is not told apart (its uses count
too), nor is a variable shadowed in an inner scope: both can only make a value look less bounded.
A value whose uses send nothing (it is only configured) is bounded: nothing it does can hang; a
value with no use found is not (it may be used where this cannot see).
A parameter of an unexported function is judged at every call of it in the package; a request
returned by an unexported helper, through the helper's returns with its parameters standing for
the call's arguments; a context given first to any call other than a ``drops`` one, as keeping
its deadline.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal

    from .go import GoFile

#: How bounded the requests through a value are: each request carries a deadline made in the
#: package; each carries one or a context (or request) the function was given by its caller;
#: some request may have no deadline at all.
BOUNDED, GIVEN, UNBOUNDED = 0, 1, 2
LEVELS = {"here": BOUNDED, "caller": GIVEN}

_HOPS = 4  # assignments followed from a send back to the context, and from a value to its uses
_FUNCTIONS = frozenset(("function_declaration", "method_declaration", "function_literal"))
_DECLARATIONS = frozenset(("function_declaration", "method_declaration"))
_SIGNATURE = ("receiver", "type_parameters", "parameters", "result")


class Apis:
    """The rule's words for sending and deadlines (the ``deadline`` test's ``apis``)."""

    __slots__ = ("sends", "other_sends", "requests", "rebinds", "deadlines", "inherits", "drops", "carried")

    def __init__(self, spec: dict[str, Any]) -> None:
        #: methods of the value that send the request given as their first argument
        self.sends = frozenset(spec["sends"])
        #: methods of the value that send a request they make themselves (no context: unbounded)
        self.other_sends = frozenset(spec.get("other-sends", ()))
        #: import path -> functions that make a request from the context given first
        self.requests = {path: frozenset(names) for path, names in spec["requests"].items()}
        #: methods of a request that give (a copy of) it the context given first
        self.rebinds = frozenset(spec.get("rebinds", ()))
        #: import path -> functions that return a context with a deadline
        self.deadlines = {path: frozenset(names) for path, names in spec["deadlines"].items()}
        #: import path -> functions that return a context keeping the deadline of the one given first
        self.inherits = {path: frozenset(names) for path, names in spec.get("inherits", {}).items()}
        #: import path -> functions that return a context without the deadline of the one given
        #: first; any other call given a context first returns one derived from it, which keeps
        #: its deadline (``ctx = trace.WithSpan(ctx, ...)``)
        self.drops = {path: frozenset(names) for path, names in spec.get("drops", {}).items()}
        #: methods that return the context a value carries: called on a parameter, the caller's
        #: context (``r.Context()`` of an incoming request)
        self.carried = frozenset(spec.get("carried", ()))


def request_deadlines(file: GoFile, node: Any, apis: Apis) -> int:
    """How bounded the requests sent through the value at ``node`` are (:data:`BOUNDED`,
    :data:`GIVEN` or :data:`UNBOUNDED`)."""
    flow = _Flow(file, apis)
    uses = flow.uses_of_value(node)
    if uses is None:
        return UNBOUNDED
    return flow.judge_uses(uses, 0)[0]


class _Uses(list):
    """The uses of one holder (a variable or a field), with a key that names the holder: what
    they add up to is worked out once per linted file, however many values are stored there."""

    __slots__ = ("key",)

    def __init__(self, key: Any, uses: Any) -> None:
        super().__init__(uses)
        self.key = key


class _Flow:
    def __init__(self, file: GoFile, apis: Apis) -> None:
        self.file = file
        self.apis = apis
        #: function declaration id -> (file, call): the call of it being judged (through_helper)
        self.bindings: dict[int, tuple[GoFile, Any]] = {}
        #: what the uses of a holder add up to, and the callers of a parameter (for this file and
        #: these apis): a file may store thousands of clients in one field
        self.memo: dict[Any, Any] = file.flow_cache.setdefault(("judged", id(apis)), {})

    def judge_uses(self, uses: list, hops: int) -> tuple[int, int]:
        """The worst of the uses, and how many requests they send (once per holder). Uses that
        send nothing (the client is only configured) are bounded; no use found at all is not (it
        may be used where this cannot see)."""
        if not uses:
            return UNBOUNDED, 0
        key = getattr(uses, "key", None)
        if key is not None:
            known: tuple[int, int] | None = self.memo.get(key)
            if known is not None:
                return known
            self.memo[key] = (UNBOUNDED, 0)  # met again while being worked out: a cycle
        worst, sends = BOUNDED, 0
        for each, node in uses:
            level, sent = self.judge_use(each, node, hops)
            worst, sends = max(worst, level), sends + sent
            if worst == UNBOUNDED:
                break
        if key is not None:
            self.memo[key] = (worst, sends)
        return worst, sends

    # --- where the value is stored, and its uses -------------------------------------------------

    def uses_of_value(self, node: Any) -> list[tuple[GoFile, Any]] | None:
        """The places the value is used (each an expression that stands for it), or None when it
        escapes."""
        file = self.file
        kind = node.type
        if kind == "var_spec":  # var c http.Client: the variable
            name = node.child_by_field_name("name")
            return None if name is None else self.uses_of_variable(file, name, file.text_of(name))
        ancestors = file.ancestors(node)
        if ancestors is None:
            return None
        if kind in ("selector_expression", "identifier"):  # a reference, such as http.DefaultClient
            return [(file, node)]
        return self.stored(file, node, ancestors, 0)

    def stored(self, file: GoFile, node: Any, ancestors: list, hops: int) -> list | None:
        """The uses of what the expression ``node`` is stored in: a variable or a field."""
        at = len(ancestors) - 1
        while at >= 0 and (
            ancestors[at].type == "parenthesized_expression"
            or (ancestors[at].type == "unary_expression" and _operator(ancestors[at]) in ("&", "*"))
        ):
            node = ancestors[at]
            at -= 1
        if at < 0:
            return None
        parent = ancestors[at]
        if parent.type == "selector_expression" and parent.child_by_field_name("operand") == node:
            return [(file, node)]  # (&http.Client{}).Do(req): used where it is made
        if parent.type == "expression_list" and at >= 1 and ancestors[at - 1].type == "return_statement":
            return self.returned(file, parent, ancestors[: at - 1])
        if parent.type == "keyed_element" and parent.child_by_field_name("element") == node:
            key = parent.child_by_field_name("key")
            if key is not None and key.type == "identifier":
                return self.uses_of_field(file.text_of(key), hops)
            return None
        if parent.type != "expression_list" or at < 1:
            return None
        return self.assigned(file, node, parent, ancestors[at - 1], hops)

    def assigned(self, file: GoFile, node: Any, parent: Any, holder: Any, hops: int) -> list | None:
        """The uses of the variable or field that an assignment or declaration (``holder``) stores
        ``node`` in, one of the expressions of its ``parent`` list."""
        if holder.type not in ("short_var_declaration", "assignment", "var_spec"):
            return None
        if holder.type == "assignment" and _operator(holder) != "=":
            return None
        targets, right = _sides(holder)
        if right != parent:
            return None
        values = _expressions(parent)
        positions = [index for index, value in enumerate(values) if value.id == node.id]
        if len(values) != len(targets) or not positions:
            return None
        target = targets[positions[0]]
        if target.type == "identifier":
            name = file.text_of(target)
            if name == "_":
                return None
            return self.uses_of_variable(file, target, name, declared=holder.type != "assignment")
        if target.type == "selector_expression":
            field = target.child_by_field_name("field")
            return None if field is None else self.uses_of_field(file.text_of(field), hops)
        return None

    def returned(self, file: GoFile, values: Any, ancestors: list) -> list | None:
        """The uses of a value that an unexported function or method returns alone (``return
        &http.Client{}``): every call of it in the package, each standing for the value."""
        function = next((node for node in reversed(ancestors) if node.type in _FUNCTIONS), None)
        if function is None or function.type == "function_literal" or len(_expressions(values)) != 1:
            return None
        name_node = function.child_by_field_name("name")
        calls = None if name_node is None else self.calls_of(file, function, name_node)
        if calls is None:
            return None
        return _Uses(("returned by", file.text_of(name_node), function.type), calls)

    def calls_of(self, file: GoFile, function: Any, name_node: Any) -> list[tuple[GoFile, Any]] | None:
        """Every call in the package of an unexported function or method (by its name), or None
        when it is exported, or named other than by calling it (a function value, passed on:
        where it is called cannot be followed). ``file`` declares it."""
        name = file.text_of(name_node)
        if not _unexported(name):
            return None
        method = function.type == "method_declaration"
        calls = []
        for each in self.package(name):
            for reference in each.selectors_of(name) if method else each.identifiers_named(name):
                parent = reference.parent
                if (
                    parent is not None
                    and parent.type in _DECLARATIONS
                    and parent.child_by_field_name("name") == reference
                ):
                    continue  # its own name, where it is declared
                if (
                    parent is None
                    or parent.type != "call_expression"
                    or parent.child_by_field_name("function") != reference
                ):
                    return None
                calls.append((each, parent))
        return calls

    def uses_of_variable(self, file: GoFile, name_node: Any, name: str, declared: bool = True) -> list | None:
        """The uses of a variable after ``name_node``: in the function that declares it (the one
        around it, for a declaration; for an assignment, the outermost function that declares
        the name, as a function literal may assign a variable of the function around it), or
        (unexported, at package level) in the package."""
        ancestors = file.ancestors(name_node)
        if ancestors is None:
            return None
        functions = [node for node in ancestors if node.type in _FUNCTIONS]
        function = functions[-1] if functions else None
        if not declared:
            function = next((each for each in functions if _declares(file, each, name)), None)
        if function is not None:
            uses = _identifiers_named(file, name, name_node.end_byte, function.end_byte)
            return _Uses(("variable", id(file), name_node.id), [(file, use) for use in uses])
        if not _unexported(name):
            return None
        return _Uses(
            ("package variable", name),
            [
                (each, use)
                for each in self.package(name)
                for use in _identifiers_named(each, name, 0, len(each.source))
                if use.id != name_node.id and _is_use(each, use)
            ],
        )

    def uses_of_field(self, field: str, hops: int) -> list | None:
        """The uses of an unexported field of that name in the package (``x.field``)."""
        if not _unexported(field) or hops >= _HOPS:
            return None
        found = []
        for each in self.package(field):
            for selector in each.selectors_of(field):
                found.append((each, selector))
        return _Uses(("field", field), found)

    def package(self, name: str) -> list[GoFile]:
        """This file and the package's other files that mention ``name``."""
        return [self.file, *package_files(self.file, name)]

    # --- one use ------------------------------------------------------------------------------------

    def judge_use(self, file: GoFile, use: Any, hops: int = 0) -> tuple[int, int]:
        """How bounded the requests sent through one use of the value are, and how many it sends."""
        ancestors = file.ancestors(use)
        if not ancestors:
            return UNBOUNDED, 0
        parent = ancestors[-1]
        if parent.type == "selector_expression" and parent.child_by_field_name("operand") == use:
            member = parent.child_by_field_name("field")
            method = file.text_of(member) if member is not None else ""
            above = ancestors[-2] if len(ancestors) > 1 else None
            called = (
                above is not None
                and above.type == "call_expression"
                and above.child_by_field_name("function") == parent
            )
            if method in self.apis.sends:
                if not called:
                    return UNBOUNDED, 0  # a method value: it may send anything
                arguments = _arguments(above)
                return (self.request(file, arguments[0], above, 0) if arguments else UNBOUNDED), 1
            if method in self.apis.other_sends:
                return UNBOUNDED, 1
            return BOUNDED, 0  # a field read or set, another method: sends nothing
        if _is_assigned(ancestors, use):
            return BOUNDED, 0  # c = ...: a new value, judged where it is made
        if hops < _HOPS:  # stored again: a copy into a variable or a field
            uses = self.stored(file, use, ancestors, hops + 1)
            if uses is not None:
                return self.judge_uses(uses, hops + 1)
        return UNBOUNDED, 0

    # --- requests and contexts ------------------------------------------------------------------

    def named(self, file: GoFile, identifier: Any, at: Any, judge: Any, hops: int) -> int:
        """How bounded the request or context a variable holds at ``at`` is (``judge`` is
        :meth:`request` or :meth:`context`): what it was last given, or, for a parameter, what
        the function's callers pass."""
        found = definition(file, file.text_of(identifier), at)
        if found is None:
            return UNBOUNDED
        if found[0] == "parameter":
            return self.from_callers(file, found[1], found[2], judge, hops)
        value = found[1]
        return UNBOUNDED if value is None or hops >= _HOPS else judge(file, value, value, hops + 1)

    def request(self, file: GoFile, expression: Any, at: Any, hops: int) -> int:
        """How bounded the request an expression stands for is, at the call ``at``."""
        expression = _unwrap(expression)
        if expression.type == "identifier":
            return self.named(file, expression, at, self.request, hops)
        if expression.type != "call_expression":
            return UNBOUNDED
        function = expression.child_by_field_name("function")
        arguments = _arguments(expression)
        if function is None or not arguments:
            return UNBOUNDED
        if any(file.is_member(function, path, names) for path, names in self.apis.requests.items()):
            return self.context(file, arguments[0], at, 0)
        if function.type == "selector_expression":
            member = function.child_by_field_name("field")
            if member is not None and file.text_of(member) in self.apis.rebinds:
                return self.context(file, arguments[0], at, 0)
        return self.through_helper(file, expression, hops)

    def through_helper(self, file: GoFile, call: Any, hops: int) -> int:
        """How bounded the request an unexported function or method of the package returns is,
        for this call of it (``req, err := s.newRequest(ctx, url)``): the worst of what its
        return statements return, its parameters standing for this call's arguments."""
        function = call.child_by_field_name("function")
        if function is None or hops >= _HOPS:
            return UNBOUNDED
        method = function.type == "selector_expression"
        name_node = function.child_by_field_name("field") if method else function
        if name_node is None or (not method and function.type != "identifier"):
            return UNBOUNDED
        name = file.text_of(name_node)
        if not _unexported(name):
            return UNBOUNDED
        kind = "method_declaration" if method else "function_declaration"
        worst, returns = BOUNDED, 0
        for each in self.package(name):
            for declaration in each.root.named_children:
                declared = declaration.child_by_field_name("name")
                if declaration.type != kind or declared is None or each.text_of(declared) != name:
                    continue
                self.bindings[declaration.id] = (file, call)
                try:
                    for returned in _returns(declaration):
                        if returned.type == "identifier" and each.text_of(returned) == "nil":
                            continue  # return nil, err: no request to send
                        returns += 1
                        worst = max(worst, self.request(each, returned, returned, hops + 1))
                finally:
                    del self.bindings[declaration.id]
        return worst if returns else UNBOUNDED

    def context(self, file: GoFile, expression: Any, at: Any, hops: int) -> int:
        expression = _unwrap(expression)
        if expression.type == "identifier":
            return self.named(file, expression, at, self.context, hops)
        if expression.type != "call_expression":
            return UNBOUNDED
        function = expression.child_by_field_name("function")
        if function is None:
            return UNBOUNDED
        if any(file.is_member(function, path, names) for path, names in self.apis.deadlines.items()):
            return BOUNDED
        arguments = _arguments(expression)
        if arguments and not any(file.is_member(function, path, names) for path, names in self.apis.drops.items()):
            # a context derived from the one given first (the inherits, or a call the rule does
            # not know, such as trace.WithSpan(ctx, ...)) keeps its deadline
            level = UNBOUNDED if hops >= _HOPS else self.context(file, arguments[0], at, hops + 1)
            if level != UNBOUNDED or any(
                file.is_member(function, path, names) for path, names in self.apis.inherits.items()
            ):
                return level
        if function.type == "selector_expression" and not arguments:  # r.Context() of a parameter
            member, operand = function.child_by_field_name("field"), function.child_by_field_name("operand")
            if member is not None and file.text_of(member) in self.apis.carried and operand is not None:
                found = definition(file, file.text_of(operand), at) if operand.type == "identifier" else None
                if found is not None and found[0] == "parameter":
                    return GIVEN
        return UNBOUNDED

    def from_callers(self, file: GoFile, function: Any, index: int | None, judge: Any, hops: int) -> int:
        """How bounded a parameter (the ``index``-th of ``function``) is, judged at every call of
        the function in the package: the worst of what its callers pass. :data:`GIVEN` when that
        cannot be known: an exported function or method (other packages may call it), a
        function literal, the function used other than by calling it, no call found."""
        bound = self.bindings.get(function.id)
        if bound is not None and index is not None:  # judging one call of it: its argument
            caller, call = bound
            arguments = _arguments(call)
            return judge(caller, arguments[index], call, hops + 1) if index < len(arguments) else GIVEN
        name_node = function.child_by_field_name("name")
        if index is None or name_node is None or hops >= _HOPS or function.type == "function_literal":
            return GIVEN
        key = ("callers", function.id, index, judge.__name__)
        if not self.bindings:  # what its callers pass does not depend on where it was asked from
            known: int | None = self.memo.get(key)
            if known is not None:
                return known
            self.memo[key] = GIVEN  # met again while being worked out: recursion
            level = self._from_callers(file, function, name_node, index, judge, hops)
            self.memo[key] = level
            return level
        return self._from_callers(file, function, name_node, index, judge, hops)

    def _from_callers(self, file: GoFile, function: Any, name_node: Any, index: int, judge: Any, hops: int) -> int:
        calls = self.calls_of(file, function, name_node)
        if not calls:  # exported, used as a value, or never called: its callers cannot be followed
            return GIVEN
        worst = BOUNDED
        for each, call in calls:
            arguments = _arguments(call)
            if index >= len(arguments):
                return GIVEN
            worst = max(worst, judge(each, arguments[index], call, hops + 1))
            if worst == UNBOUNDED:
                break
        return worst


def _declares(file: GoFile, function: Any, name: str) -> bool:
    """Whether a function declares ``name``: a parameter, result or receiver, or a ``var`` or
    ``:=`` in its body (function literals inside it included)."""
    for part in map(function.child_by_field_name, _SIGNATURE):
        if part is not None and any(
            file.text_of(each) == name for declaration in part.named_children for each in _names(declaration)
        ):
            return True
    start, end = function.start_byte, function.end_byte
    for node in file.identifiers_named(name):
        if start <= node.start_byte < end:
            parent = node.parent
            if parent is not None and parent.type == "var_spec" and node in _names(parent):
                return True
            if parent is not None and parent.type == "expression_list":
                holder = parent.parent
                if holder is not None and holder.type in ("short_var_declaration", "range_clause"):
                    if holder.child_by_field_name("left") == parent:
                        return True
    return False


def _returns(function: Any) -> list:
    """The first expression of each return statement of a function (function literals inside it
    left out)."""
    found: list[Any] = []
    body = function.child_by_field_name("body")
    if body is None:
        return found
    cursor = body.walk()
    while True:
        node = cursor.node
        if node.type == "return_statement":
            values = [child for child in node.named_children if child.type != "comment"]
            if values:
                found.extend(_expressions(values[0])[:1])
        elif node.type != "function_literal" and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.node.id == body.id:
                return found


# --- names in functions ----------------------------------------------------------------------------


def definition(file: GoFile, name: str, at: Any) -> tuple | None:
    """What ``name`` last got in an assignment that ends before ``at`` starts, in the functions
    around it (innermost first):
    ``("value", expression)`` (None: a value that cannot be told, such as the second result of a
    call), ``("parameter",)``, or None when no function around it defines it."""
    ancestors = file.ancestors(at)
    if ancestors is None:
        return None
    for function in reversed(ancestors):
        if function.type not in _FUNCTIONS:
            continue
        assigned = _assignments(file, function).get(name)
        if assigned is not None:
            before = [value for end, value in assigned if end <= at.start_byte]
            if before:
                return ("value", before[-1])
        for field in _SIGNATURE:
            part = function.child_by_field_name(field)
            if part is None:
                continue
            names = [n for declaration in part.named_children for n in declaration.children_by_field_name("name")]
            for index, each in enumerate(names):
                if file.text_of(each) == name:
                    return ("parameter", function, index if field == "parameters" else None)
    return None


def _assignments(file: GoFile, function: Any) -> dict[str, list[tuple[int, Any]]]:
    """name -> (end byte, value or None) of every assignment and declaration in a function
    (function literals inside it left out: they have their own), in order."""
    cache: dict[tuple[str, int], dict[str, list[tuple[int, Any]]]] = file.flow_cache
    key = ("assignments", function.id)
    if key in cache:
        return cache[key]
    found: dict[str, list[tuple[int, Any]]] = {}
    body = function.child_by_field_name("body")
    cursor = body.walk() if body is not None else None
    while cursor is not None:
        node = cursor.node
        kind = node.type
        if kind in ("short_var_declaration", "assignment", "var_spec"):
            _add_assigned(file, node, found)
        elif kind == "range_clause":
            left = node.child_by_field_name("left")
            for target in _expressions(left) if left is not None else []:
                if target.type == "identifier":
                    found.setdefault(file.text_of(target), []).append((node.end_byte, None))
        if kind != "function_literal" and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.node.id == body.id:
                cursor = None
                break
    cache[key] = found
    return found


def _add_assigned(file: GoFile, node: Any, found: dict[str, list[tuple[int, Any]]]) -> None:
    """Add to ``found`` the names an assignment or declaration gives a value, each with its end
    byte and the value (None when it cannot be told: ``x += 1``, the second result of a call)."""
    targets, right = _sides(node)
    plain = node.type != "assignment" or _operator(node) == "="
    values = _expressions(right) if right is not None else []
    for index, target in enumerate(targets):
        if target.type != "identifier":
            continue
        if not plain:
            value = None
        elif len(values) == len(targets):
            value = values[index]
        elif len(values) == 1 and index == 0:
            value = values[0]  # the first result of a call: req, err := f(...)
        else:
            value = None
        found.setdefault(file.text_of(target), []).append((node.end_byte, value))


def _sides(holder: Any) -> tuple[list, Any]:
    """The targets of an assignment or declaration, and the expression list it assigns them (None
    for ``var x T``)."""
    if holder.type == "var_spec":
        return _names(holder), holder.child_by_field_name("value")
    return _expressions(holder.child_by_field_name("left")), holder.child_by_field_name("right")


def _identifiers_named(file: GoFile, name: str, start: int, end: int) -> list:
    """The identifiers ``name`` between two bytes, less the keys of composite literals (``{name:
    v}`` names a field, not the variable)."""
    found = []
    for node in file.identifiers_named(name):
        if start <= node.start_byte < end:
            parent = node.parent
            if parent is None or parent.type != "keyed_element" or parent.child_by_field_name("key") != node:
                found.append(node)
    return found


def _is_use(file: GoFile, node: Any) -> bool:
    """An identifier that is not a declaration's name (a use of what it names)."""
    ancestors = file.ancestors(node)
    if not ancestors:
        return False
    parent = ancestors[-1]
    return not (parent.type in ("var_spec", "const_spec", "parameter_declaration") and node in _names(parent))


def _is_assigned(ancestors: list, node: Any) -> bool:
    """Whether ``node`` is a target of the assignment above it."""
    if len(ancestors) < 2 or ancestors[-1].type != "expression_list":
        return False
    holder = ancestors[-2]
    targets = holder.child_by_field_name("left")
    return holder.type in ("assignment", "short_var_declaration") and targets == ancestors[-1]


# --- the package -------------------------------------------------------------------------------------

#: path -> ((device, inode, size, mtime), source bytes, the parsed file or False): the package's
#: other files, read and parsed once per version of the file (a long-lived process, such as the
#: language server, sees edits); at most _KEPT of them are kept.
_FILES: dict[str, tuple[tuple, bytes, GoFile | Literal[False] | None]] = {}
_KEPT = 512


def package_files(file: GoFile, name: str) -> list[GoFile]:
    """The other non-test files of the folder that declare the same package and mention
    ``name`` (parsed on first need; read as the linter reads files: regular files, size limits,
    inside the project)."""
    if file.path is None:
        return []
    from . import go

    package = file.value["package"].value
    found = []
    needle = name.encode()
    for path in _other_files(file, file.path):
        entry = _entry(path, file.root_folder)
        if entry is None:
            continue
        version, source, parsed = entry
        if needle not in source:
            continue
        if parsed is None:
            try:
                document = go.parse(source.decode("utf-8"), path, file.root_folder)
            except (UnicodeDecodeError, go.ParseError):
                parsed = False
            else:
                assert isinstance(document.root, go.GoFile)  # the root of every parsed Go file
                parsed = document.root
            _FILES[path] = (version, source, parsed)
        if parsed and parsed.value["package"].value == package:
            found.append(parsed)
    return found


def _other_files(file: GoFile, path: str) -> list[str]:
    """The other non-test Go files of the folder of the linted file at ``path`` (listed once per
    linted file)."""
    folder = os.path.dirname(os.path.abspath(path))
    listing: list[str] | None = file.flow_cache.get(("folder", folder))
    if listing is None:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            names = []
        own = os.path.basename(path)
        listing = file.flow_cache[("folder", folder)] = [
            os.path.join(folder, base)
            for base in names
            if base.endswith(".go") and not base.endswith("_test.go") and base != own
        ]
    return listing


def _entry(path: str, within: str | None) -> tuple[tuple, bytes, GoFile | Literal[False] | None] | None:
    """What :data:`_FILES` holds for ``path``, read again when the file changed; None when it cannot
    be read."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    version = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
    entry = _FILES.get(path)
    if entry is None or entry[0] != version:
        from .. import reading

        try:
            source = reading.read_bytes(path, limit=reading.MAX_GO_BYTES, within=within)
        except (OSError, reading.NotRead):
            return None
        if len(_FILES) >= _KEPT:
            _FILES.clear()
        entry = _FILES[path] = (version, source, None)
    return entry


# --- small helpers ---------------------------------------------------------------------------------


def _unexported(name: str) -> bool:
    return not name[:1].isupper()


def _unwrap(node: Any) -> Any:
    while node.type == "parenthesized_expression":
        inner = [child for child in node.named_children if child.type != "comment"]
        if len(inner) != 1:
            break
        node = inner[0]
    return node


def _arguments(call: Any) -> list:
    arguments = call.child_by_field_name("arguments")
    return [] if arguments is None else [child for child in arguments.named_children if child.type != "comment"]


def _expressions(node: Any) -> list:
    if node is None:
        return []
    if node.type != "expression_list":
        return [node]
    return [child for child in node.named_children if child.type != "comment"]


def _names(node: Any) -> list:
    return [name for name in node.children_by_field_name("name") if name.is_named]


def _operator(node: Any) -> str | None:
    operator = node.child_by_field_name("operator")
    return None if operator is None else operator.type
