"""The rule language's primitives, each described once: its name, how it is written, what it
means. The README's language reference is generated from here (``python -m remdev_lint.docs``),
and a test holds this list, the rule-file schema (``schema/rule-file.schema.json``) and the
compilers (:mod:`remdev_lint.conditions`, :mod:`remdev_lint.rules`) to the same names, so that no
primitive exists in one place and not in the others.

A new primitive needs two rules that use it (the language budget, README's design notes).
"""

from __future__ import annotations

from typing import NamedTuple


class Primitive(NamedTuple):
    names: tuple[str, ...]  # the keys it is written with (several for a family of tests)
    syntax: str  # how it is written, in the README's table
    meaning: str  # one paragraph, Markdown


SELECT_FORMS = (
    Primitive(("selector",), "`SELECTOR`", "the nodes the selector names (see Selectors)"),
    Primitive(("list",), "`[SELECTOR, ...]`", "what any of the selectors names"),
    Primitive(
        ("query",),
        "`{imports: [PATH, ...], query: TREE-SITTER}`",
        "(Go) each match of a tree-sitter query, a mapping of its captures; a file that imports none of "
        "the packages is skipped before parsing",
    ),
    Primitive(
        ("command-line",),
        "`{command-line: {in, command, args, program, value-flags, aliases}}`",
        "every invocation of `program` in the command lines at `in`, as `{program, subcommand, flags, "
        "all-flags, args, line, holder, holder-key}`, each word at its own columns; without `program`, "
        "`args` are the arguments themselves",
    ),
    Primitive(
        ("key-values",),
        "`{key-values: SELECTOR, quotes, fold-case}`",
        "each string as Docker reads `--mount` (CSV fields of `key=value`): a mapping of its fields",
    ),
    Primitive(
        ("in-files",),
        "`{in-files: SELECTOR, format: NAME, select: SELECT}`",
        "the nodes of the files whose paths the document holds, combined as their tool does (`compose`)",
    ),
    Primitive(
        ("split",),
        "`{split: SELECTOR, separator: TEXT}`",
        "the parts of a string (`MaxStartups 10:30:100`) as a sequence",
    ),
    Primitive(
        ("features",),
        "`{features: SELECTOR}`",
        "for each devcontainer Feature that this package knows, what its metadata brings to the "
        "container (`privileged`, `capAdd`, ...), at the Feature's key",
    ),
)

SUBJECTS = (
    Primitive(("path",), "`path: SELECTOR`", "nodes below the selected node (none: the selected node)"),
    Primitive(
        ("checked",),
        "`checked: SELECTOR`",
        "nodes below the node the check selected (from inside `each` or a filter)",
    ),
    Primitive(("root",), "`root: SELECTOR`", "nodes below the linted document's root"),
    Primitive(("file",), "`file: TEMPLATE`", "a file-system path relative to the linted file's folder"),
    Primitive(
        ("in-file",),
        "`in-file: {file: TEMPLATE, select: SELECT, format: NAME, where: CONDITION}`",
        "nodes of another file (any `select` form), kept where `where` holds",
    ),
    Primitive(
        ("in-files",),
        "`in-files: {files: SELECTOR, format: NAME, select: SELECT, where: CONDITION}`",
        "nodes of the files whose paths the document holds at `files`, combined (`compose`); if one "
        "cannot be read, no test holds, not even `present: false`",
    ),
    Primitive(("captured",), "`captured: NAME`", "what an earlier condition of the check captured"),
    Primitive(
        ("option",),
        "`option: NAME`",
        "the rule's option, after configuration (`{option: strict, equals: true}`)",
    ),
)

TESTS = (
    Primitive(("present",), "`present: true\\|false`", "the subject selects something / nothing"),
    Primitive(
        ("equals", "not-equals", "one-of"),
        "`equals`, `not-equals`, `one-of`",
        'the value is (not) equal to an operand, or one of a list; types count (`1` is not `"1"`)',
    ),
    Primitive(
        ("matches",),
        "`matches: REGEX`",
        "a string value contains a match, in [RE2 syntax](https://github.com/google/re2/wiki/Syntax) "
        "(Go's `regexp`): Python's syntax without backreferences and lookaround, run in time linear in "
        "the value; `$` is the very end",
    ),
    Primitive(
        ("type",),
        "`type`",
        "`string`, `number`, `integer`, `boolean`, `null`, `mapping`, `sequence` (or a list)",
    ),
    Primitive(
        ("number", "version", "duration", "port", "bytes", "openssh-time", "length"),
        "`number`, `version`, `duration`, `port`, `bytes`, `openssh-time`, `length`",
        "`{lt, le, gt, ge, eq, ne: OPERAND}`, the value read in that grammar (the operand too); versions "
        "compare as Go does (`1.21 < 1.21rc1 < 1.21.0`), durations are Go durations (`1m30s`) or seconds, "
        "ports are read from `host:port`, `:port`, `[::1]:port` or a number, bytes are Docker byte values "
        "(`512m`, `8g`, `1.5GiB`; an integer is bytes), OpenSSH times are summed `N[smhdw]` (`1m30s`), "
        "`length` is a string's length in characters",
    ),
    Primitive(
        ("absolute-path", "home-relative-path"),
        "`absolute-path`, `home-relative-path`",
        "the value is an absolute path on some OS (`/x`, `C:\\x`, `\\\\host\\x`) / starts with `~`",
    ),
    Primitive(("exists",), "`exists: true\\|false\\|file\\|directory`", "(for `file:`) what is at the path"),
    Primitive(
        ("schema",),
        "`schema: {…}`",
        "the value validates against a JSON Schema fragment; `{schema_error}` quotes why not. Checked when "
        "the rule file loads: a valid schema, `pattern` in RE2 syntax, `$ref` only inside the fragment "
        "(`#/$defs/...`) and never looping back without descending into the value; no `patternProperties` "
        "(use `each` and `matches`)",
    ),
    Primitive(
        ("assigned-later",),
        "`assigned-later: {field, value}`",
        "(Go) the subject's variable gets `field` assigned later in its function, with a value `value` holds for",
    ),
    Primitive(
        ("deadline",),
        "`deadline: {from: here\\|caller, apis: {...}}`",
        "(Go) every request sent through the subject value carries a deadline made in the package "
        "(`here`), or that or a context or request its function was given by callers outside the package "
        "(`caller`). The value is followed to the variable or unexported field it is stored in (or the "
        "calls of the unexported function that returns it) and every use of it in the package (the file "
        "and the other non-test files of its folder); a parameter is followed to every call of an "
        "unexported function. `apis` names the calls: `sends` (methods that send the request given first: "
        "`Do`), `other-sends` (methods that send without a context: `Get`), `requests` (by import path, "
        "functions that make a request from the context given first), `rebinds` (request methods that "
        "give it a context: `WithContext`), `deadlines` and `inherits` (by import path, functions that "
        "make a context with a deadline, and that keep the one of the context given first). `drops` "
        "(functions whose context loses the deadline; any other call given a context first keeps it), "
        "`carried` (methods that return the context a parameter carries: `r.Context()`). A request made "
        "by an unexported helper is followed into its returns. A value that escapes (returned, passed to "
        "a function, an exported name), or with no use found, is not bounded; one whose uses send nothing "
        "is. See `--explain GH001`",
    ),
)

MODIFIERS = (
    Primitive(
        ("capture",),
        "`capture: NAME`",
        "keeps the subject's first value for the message template (`{NAME}`) and `captured:`",
    ),
    Primitive(
        ("suggest",),
        "`suggest: NAME`",
        'beside `one-of`: captures the choice spelt most like a value that is none of them (`""` when '
        'none is close), for a "did you mean" message',
    ),
    Primitive(
        ("ignore-case",),
        "`ignore-case: true`",
        "beside `equals`, `not-equals` or `one-of`: compares strings without regard to case",
    ),
    Primitive(
        ("substitute",),
        "`substitute: {tokens: {TOKEN: OPERAND}, append: N}`",
        "replaces tokens in string values before the tests (a number operand stands for that many "
        "characters; a missing value leaves the token), and adds `append` characters: the length of an "
        "expanded path (SC005), a line rewritten (SC011)",
    ),
)

COMBINATORS = (
    Primitive(("all",), "`all: [CONDITION, ...]`", "every condition holds"),
    Primitive(("any",), "`any: [CONDITION, ...]`", "some condition holds"),
    Primitive(("not",), "`not: CONDITION`", "the condition does not hold"),
)

OPERANDS = (
    Primitive(("literal",), "a string, number, boolean or null", "itself"),
    Primitive(("option",), "`{option: NAME}`", "the rule's option, after configuration"),
    Primitive(("path",), "`{path: SELECTOR}`", "a value below the node being judged"),
    Primitive(
        ("checked",),
        "`{checked: SELECTOR, default: VALUE}`",
        "a value below the node the check selected (from inside `each` or an `in-file` filter)",
    ),
    Primitive(("root",), "`{root: SELECTOR}`", "a value below the linted document's root"),
)

#: The tables of the README's language reference: (title, header, primitives).
TABLES = (
    ("Select forms", ("Select", "Gives"), SELECT_FORMS),
    ("Subjects", ("Subject", "Meaning"), SUBJECTS),
    ("Tests", ("Test", "Holds when (for any subject node)"), TESTS),
    ("Modifiers", ("Modifier", "Does"), MODIFIERS),
    ("Combinators", ("Combinator", "Holds when"), COMBINATORS),
    ("Operands", ("Operand", "Stands for"), OPERANDS),
)


def reference() -> str:
    """The README's language reference: one table per kind of primitive."""
    parts = []
    for title, (left, right), primitives in TABLES:
        rows = [f"| {left} | {right} |", "| --- | --- |"]
        rows += [f"| {p.syntax} | {p.meaning} |" for p in primitives]
        parts.append(f"*{title}*\n\n" + "\n".join(rows))
    return "\n\n".join(parts)
