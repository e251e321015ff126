"""The rule language's registry: each primitive described once.

Every select form, subject, test, modifier, combinator and operand is one entry holding the
keys it is written with, how it is written and what it means (the README's language reference is
generated from these: ``python -m remdev_lint.docs``), the JSON Schema of its value (the
rule-file schema's ``condition``, ``select`` and ``operand`` definitions are generated from these
too, into ``schema/rule-file.schema.json``), its compile function (in :mod:`remdev_lint.conditions`
for conditions and operands, :mod:`remdev_lint.rules` for select forms), and what the schema
cannot say about its value (``faults``: a selector that does not compile, an option the rule does
not declare), which is how a rule file is checked when it loads. Spectral's
``createRulesetFunction`` and ast-grep's rule reference are the model.

A new primitive needs two rules that use it (the language budget, README's design notes).
"""

from __future__ import annotations

from collections.abc import Iterator

from . import conditions as c
from . import rules as r
from .selectors import Selector

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeAlias

    from .model import Select

    #: Where in a rule a fault is (keys and indexes below the rule), and what it is.
    Fault: TypeAlias = "tuple[list[Any], str]"
    #: A primitive's check of its value beyond the schema: (value, its path, the rule's options).
    Faults: TypeAlias = "Callable[[Any, list[Any], dict[str, Any]], Iterator[Fault]]"


class Primitive:
    """One primitive: ``names`` (the keys it is written with; several for a family of tests),
    ``syntax`` and ``meaning`` (the README's table row: Markdown), ``schema`` (the JSON Schema of
    its value; for a select form, of the whole form), ``compile`` and ``faults``."""

    __slots__ = ("names", "syntax", "meaning", "schema", "compile", "faults", "definition")

    def __init__(
        self,
        names: tuple[str, ...],
        syntax: str,
        meaning: str,
        schema: dict[str, Any],
        compile: Callable[..., Any] | None = None,
        faults: Faults | None = None,
        definition: str | None = None,
    ) -> None:
        self.names = names
        self.syntax = syntax
        self.meaning = meaning
        self.schema = schema
        self.compile = compile
        self.faults = faults
        #: the name of the schema's ``$defs`` entry that holds ``schema`` (select forms)
        self.definition = definition


class SelectForm(Primitive):
    __slots__ = ()
    compile: Callable[[Any], Select]


class SubjectPrimitive(Primitive):
    __slots__ = ()
    compile: Callable[[Any], c.Subject]


class ValueTest(Primitive):
    __slots__ = ()
    compile: Callable[[str, Any, dict[str, Any]], c.Test]


class CombinatorPrimitive(Primitive):
    __slots__ = ()
    compile: Callable[[str, Any], c.Predicate]


class OperandPrimitive(Primitive):
    __slots__ = ()
    compile: Callable[[Any], c.Operand]


# --- what the schema cannot say ---------------------------------------------------------------


def selector_faults(text: str, path: list[Any], options: dict[str, Any] | None = None) -> Iterator[Fault]:
    """The selector compiles."""
    try:
        Selector(text)
    except ValueError as exc:
        yield path, str(exc)


def selectors_faults(value: str | list[str], path: list[Any], options: dict[str, Any] | None = None) -> Iterator[Fault]:
    """A selector, or each of a list of them, compiles."""
    if isinstance(value, list):
        for index, text in enumerate(value):
            yield from selector_faults(text, [*path, index])
    else:
        yield from selector_faults(value, path)


def template_faults(template: str, path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    """Every ``{options.NAME}`` of a template names an option the rule declares."""
    for field in c.template_fields(template):
        if field.startswith("options.") and field[len("options.") :] not in options:
            yield path, f"{{{field}}} names an option the rule does not declare"


def select_faults(spec: Any, path: list[Any], options: dict[str, Any] | None = None) -> Iterator[Fault]:
    """A ``select`` in any of its forms: what its form checks."""
    form = SELECT_BY_NAME[select_form(spec)]
    if form.faults is not None:
        yield from form.faults(spec, path, options or {})


def condition_faults(condition: dict[str, Any], path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    """A condition: what each of its keys checks."""
    for key, value in condition.items():
        primitive = CONDITION_BY_NAME.get(key)
        if primitive is not None and primitive.faults is not None:
            yield from primitive.faults(value, [*path, key], options)


def operand_faults(value: Any, path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    """An operand: its selector compiles, the option it names is declared."""
    if not isinstance(value, dict):
        return
    for key in ("checked", "root", "path"):
        if key in value:
            yield from selector_faults(value[key], [*path, key])
    if "option" in value and value["option"] not in options:
        yield path, f"option {value['option']!r} is not declared by the rule"


def _each_condition(value: list[dict[str, Any]], path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    for index, part in enumerate(value):
        yield from condition_faults(part, [*path, index], options)


def _each_operand(value: list[Any], path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    for index, item in enumerate(value):
        yield from operand_faults(item, [*path, index], options)


def _comparison_faults(value: dict[str, Any], path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    for op, operand in value.items():
        yield from operand_faults(operand, [*path, op], options)


def _other_files_faults(value: dict[str, Any], path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    """``in-file`` and ``in-files`` subjects: the file template or the selector of the paths,
    the select in the other files, the filter."""
    if "file" in value:
        yield from template_faults(value["file"], [*path, "file"], options)
    if "files" in value:
        yield from selector_faults(value["files"], [*path, "files"])
    if "select" in value:
        yield from select_faults(value["select"], [*path, "select"], options)
    if "where" in value:
        yield from condition_faults(value["where"], [*path, "where"], options)


def _regex_faults(value: str, path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    from .regexes import RegexError, compile_linear

    try:
        compile_linear(value)
    except RegexError as exc:
        yield path, f"invalid regular expression {value!r} (RE2 syntax: no backreferences or lookaround): {exc}"


def _schema_faults(value: dict[str, Any], path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    from .schemas import schema_faults

    for inside, problem in schema_faults(value):
        yield [*path, *inside], problem


def _assigned_later_faults(value: dict[str, Any], path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    if "value" in value:
        yield from condition_faults(value["value"], [*path, "value"], options)


def _substitute_faults(value: dict[str, Any], path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    for token, operand in value.get("tokens", {}).items():
        yield from operand_faults(operand, [*path, "tokens", token], options)


def _query_faults(spec: dict[str, Any], path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    from .formats.go import compile_query

    try:
        compile_query(spec["query"])
    except Exception as exc:  # tree-sitter's QueryError and its kin: the message says what
        yield [*path, "query"], f"invalid query: {exc}"


def _command_line_faults(spec: dict[str, Any], path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    inner = spec["command-line"]
    here = [*path, "command-line"]
    yield from selectors_faults(inner["in"], [*here, "in"])
    for key in ("command", "args"):
        if key in inner:
            yield from selector_faults(inner[key], [*here, key])


def _wrapped_select_faults(key: str) -> Faults:
    """A form whose ``key`` holds a selector or a list of them (``key-values``, ``split``)."""

    def faults(spec: dict[str, Any], path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
        yield from select_faults(spec[key], [*path, key], options)

    return faults


def _in_files_select_faults(spec: dict[str, Any], path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    yield from selector_faults(spec["in-files"], [*path, "in-files"])
    if "select" in spec:
        yield from select_faults(spec["select"], [*path, "select"], options)


# --- the primitives ---------------------------------------------------------------------------

_SELECTOR = {"$ref": "#/$defs/selector"}
_SELECTORS = {"oneOf": [_SELECTOR, {"type": "array", "minItems": 1, "items": _SELECTOR}]}
_SELECT = {"$ref": "#/$defs/select"}
_FORMAT = {"$ref": "#/$defs/format"}
_CONDITION = {"$ref": "#/$defs/condition"}
_OPERAND = {"$ref": "#/$defs/operand"}
_COMPARISON = {"$ref": "#/$defs/comparison"}
_NAME = {"type": "string", "pattern": "^[a-z][a-z0-9_-]*$"}
_TEXT = {"type": "string", "minLength": 1}
_WORDS = {"type": "array", "items": _TEXT}
_BY_PACKAGE = {"type": "object", "additionalProperties": _WORDS}
_LITERAL = {"type": ["string", "number", "boolean", "null"]}

SELECT_FORMS = (
    SelectForm(
        ("selector",),
        "`SELECTOR`",
        "the nodes the selector names (see Selectors)",
        _SELECTOR,
        Selector,
        selector_faults,
    ),
    SelectForm(
        ("list",),
        "`[SELECTOR, ...]`",
        "what any of the selectors names",
        {
            "type": "array",
            "minItems": 1,
            "items": _SELECTOR,
            "description": "Several selectors: what any of them selects.",
        },
        r.SelectorUnion,
        selectors_faults,
    ),
    SelectForm(
        ("query",),
        "`{imports: [PATH, ...], query: TREE-SITTER}`",
        "(Go) each match of a tree-sitter query, a mapping of its captures; a file that imports none of "
        "the packages is skipped before parsing",
        {
            "type": "object",
            "required": ["query", "imports"],
            "additionalProperties": False,
            "description": "A structural pattern over Go source: a tree-sitter query "
            "(https://tree-sitter.github.io/tree-sitter/using-parsers/queries) with the predicate "
            '#qualified? @capture "import/path" "Name"... that matches whatever local name the file '
            "imports the package under. Files that import none of `imports` are skipped before parsing.",
            "properties": {"query": _TEXT, "imports": {"type": "array", "minItems": 1, "items": _TEXT}},
        },
        r.CodeQuery,
        _query_faults,
        "code-query",
    ),
    SelectForm(
        ("command-line",),
        "`{command-line: {in, command, args, program, value-flags, aliases}}`",
        "every invocation of `program` in the command lines at `in`, as `{program, subcommand, flags, "
        "all-flags, args, line, holder, holder-key}`, each word at its own columns; without `program`, "
        "`args` are the arguments themselves",
        {
            "type": "object",
            "required": ["command-line"],
            "additionalProperties": False,
            "properties": {
                "command-line": {
                    "type": "object",
                    "required": ["in"],
                    "additionalProperties": False,
                    "description": "Invocations of `program` in the commands that the nodes selected by `in` "
                    "hold: split as the shell splits them, each a mapping {program, subcommand, flags, "
                    "all-flags, args, line, holder}. Without `program`, `args` are the arguments themselves "
                    "(docker's runArgs): one invocation without `program`.",
                    "properties": {
                        "in": _SELECTORS,
                        "command": _SELECTOR,
                        "args": _SELECTOR,
                        "program": _TEXT,
                        "value-flags": {
                            **_WORDS,
                            "description": "Flags that take a value (long names and short aliases, without dashes).",
                        },
                        "aliases": {
                            "type": "object",
                            "additionalProperties": {"type": "string"},
                            "description": "Short flag -> long name (l -> listen).",
                        },
                    },
                    "anyOf": [{"required": ["command"]}, {"required": ["args"]}],
                }
            },
        },
        lambda spec: r.CommandLineSelect(spec["command-line"]),
        _command_line_faults,
        "command-line",
    ),
    SelectForm(
        ("key-values",),
        "`{key-values: SELECTOR, quotes, fold-case}`",
        "each string as Docker reads `--mount` (CSV fields of `key=value`): a mapping of its fields",
        {
            "type": "object",
            "required": ["key-values"],
            "additionalProperties": False,
            "description": "Each string the selector selects, read as a list of key=value fields (Docker's "
            "--mount syntax): a mapping key -> value (true for a bare key), every key and value with its own "
            "position.",
            "properties": {
                "key-values": _SELECTORS,
                "separator": {**_TEXT, "description": "Between fields (default `,`)."},
                "assign": {**_TEXT, "description": "Between a key and its value (default `=`)."},
                "quotes": {
                    "type": "boolean",
                    "description": 'A field may be quoted as in CSV ("a,b"), as Docker reads --mount.',
                },
                "fold-case": {
                    "type": "boolean",
                    "description": "Keys are lower-cased (Docker reads --mount keys case-insensitively).",
                },
            },
        },
        r.KeyValuesSelect,
        _wrapped_select_faults("key-values"),
        "key-values",
    ),
    SelectForm(
        ("in-files",),
        "`{in-files: SELECTOR, format: NAME, select: SELECT}`",
        "the nodes of the files whose paths the document holds, combined as their tool does (`compose`)",
        {
            "type": "object",
            "required": ["in-files", "format"],
            "additionalProperties": False,
            "description": "Nodes of other files that the linted document names: the strings (or lists of "
            "strings) the `in-files` selector selects are paths relative to the linted file; the files are "
            "read with `format`, combined as that format's tool combines them (compose: as `docker compose "
            "-f a -f b`), and `select` runs on the result. Diagnostics at those nodes are reported in their "
            "own files; conditions reach the linted document with `root`.",
            "properties": {"in-files": _SELECTOR, "format": _FORMAT, "select": _SELECT},
        },
        r.InFilesSelect,
        _in_files_select_faults,
        "in-files",
    ),
    SelectForm(
        ("split",),
        "`{split: SELECTOR, separator: TEXT}`",
        "the parts of a string (`MaxStartups 10:30:100`) as a sequence",
        {
            "type": "object",
            "required": ["split"],
            "additionalProperties": False,
            "description": "Each string the selector selects, as the sequence of its parts between separators "
            "(10:30:100 -> [10, 30, 100]), each part with its own position.",
            "properties": {"split": _SELECTORS, "separator": _TEXT},
        },
        r.SplitSelect,
        _wrapped_select_faults("split"),
        "split",
    ),
    SelectForm(
        ("features",),
        "`{features: SELECTOR}`",
        "for each devcontainer Feature that this package knows, what its metadata brings to the "
        "container (`privileged`, `capAdd`, ...), at the Feature's key",
        {
            "type": "object",
            "required": ["features"],
            "additionalProperties": False,
            "description": "What the devcontainer Features named by the keys of the selected mappings bring to "
            "the container (privileged, capAdd, securityOpt, mounts, init, entrypoint, containerEnv, and the "
            "version they were taken from), for the Features this package knows (data/features.json, from the "
            "devcontainers/features repository); every node at the Feature's key.",
            "properties": {"features": _SELECTOR},
        },
        r.FeaturesSelect,
        _wrapped_select_faults("features"),
        "features",
    ),
)

SUBJECTS = (
    SubjectPrimitive(
        ("path",),
        "`path: SELECTOR`",
        "nodes below the selected node (none: the selected node)",
        _SELECTOR,
        c.subject_path,
        selector_faults,
    ),
    SubjectPrimitive(
        ("checked",),
        "`checked: SELECTOR`",
        "nodes below the node the check selected (from inside `each` or a filter)",
        _SELECTOR,
        c.subject_checked,
        selector_faults,
    ),
    SubjectPrimitive(
        ("root",),
        "`root: SELECTOR`",
        "nodes below the linted document's root",
        _SELECTOR,
        c.subject_root,
        selector_faults,
    ),
    SubjectPrimitive(
        ("file",),
        "`file: TEMPLATE`",
        "a file-system path relative to the linted file's folder",
        _TEXT,
        c.subject_file,
        template_faults,
    ),
    SubjectPrimitive(
        ("in-file",),
        "`in-file: {file: TEMPLATE, select: SELECT, format: NAME, where: CONDITION}`",
        "nodes of another file (any `select` form), kept where `where` holds",
        {
            "type": "object",
            "required": ["file"],
            "additionalProperties": False,
            "properties": {
                "file": _TEXT,
                "select": _SELECT,
                "format": _FORMAT,
                "where": {
                    **_CONDITION,
                    "description": "Keep only the nodes of the other file this condition holds for "
                    "({checked: ...} operands read the node the check selected).",
                },
            },
        },
        c.subject_in_file,
        _other_files_faults,
    ),
    SubjectPrimitive(
        ("in-files",),
        "`in-files: {files: SELECTOR, format: NAME, select: SELECT, where: CONDITION}`",
        "nodes of the files whose paths the document holds at `files`, combined (`compose`); if one "
        "cannot be read, no test holds, not even `present: false`",
        {
            "type": "object",
            "required": ["files", "format"],
            "additionalProperties": False,
            "properties": {
                "files": _SELECTOR,
                "format": _FORMAT,
                "select": _SELECT,
                "where": {
                    **_CONDITION,
                    "description": "Keep only the nodes this condition holds for ({checked: ...} reads the "
                    "node the check selected).",
                },
            },
        },
        c.subject_in_files,
        _other_files_faults,
    ),
    SubjectPrimitive(
        ("captured",),
        "`captured: NAME`",
        "what an earlier condition of the check captured",
        _NAME,
        c.subject_captured,
    ),
    SubjectPrimitive(
        ("option",),
        "`option: NAME`",
        "the rule's option, after configuration (`{option: strict, equals: true}`)",
        _TEXT,
        c.subject_option,
    ),
)

TESTS = (
    ValueTest(
        ("present",),
        "`present: true\\|false`",
        "the subject selects something / nothing",
        {"type": "boolean"},
        c.compile_present,
    ),
    ValueTest(
        ("equals", "not-equals"),
        "`equals`, `not-equals`",
        'the value is (not) equal to an operand; types count (`1` is not `"1"`)',
        _OPERAND,
        c.compile_equals,
        operand_faults,
    ),
    ValueTest(
        ("one-of",),
        "`one-of: [OPERAND, ...]`",
        "the value is equal to one of the operands",
        {"type": "array", "minItems": 1, "items": _OPERAND},
        c.compile_one_of,
        _each_operand,
    ),
    ValueTest(
        ("matches",),
        "`matches: REGEX`",
        "a string value contains a match, in [RE2 syntax](https://github.com/google/re2/wiki/Syntax) "
        "(Go's `regexp`): Python's syntax without backreferences and lookaround, run in time linear in "
        "the value; `$` is the very end. A named group, `(?P<NAME>...)`, captures its text as `capture` does",
        {"type": "string"},
        c.compile_matches,
        _regex_faults,
    ),
    ValueTest(
        ("type",),
        "`type`",
        "`string`, `number`, `integer`, `boolean`, `null`, `mapping`, `sequence` (or a list)",
        {
            "oneOf": [
                {"$ref": "#/$defs/type-name"},
                {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/type-name"}},
            ]
        },
        c.compile_type,
    ),
    ValueTest(
        ("number", "version", "duration", "port", "bytes", "openssh-time", "length"),
        "`number`, `version`, `duration`, `port`, `bytes`, `openssh-time`, `length`",
        "`{lt, le, gt, ge, eq, ne: OPERAND}`, the value read in that grammar (the operand too); versions "
        "compare as Go does (`1.21 < 1.21rc1 < 1.21.0`), durations are Go durations (`1m30s`) or seconds, "
        "ports are read from `host:port`, `:port`, `[::1]:port` or a number, bytes are Docker byte values "
        "(`512m`, `8g`, `1.5GiB`; an integer is bytes), OpenSSH times are summed `N[smhdw]` (`1m30s`), "
        "`length` is a string's length in characters",
        _COMPARISON,
        c.compile_comparison,
        _comparison_faults,
    ),
    ValueTest(
        ("absolute-path", "home-relative-path"),
        "`absolute-path`, `home-relative-path`",
        "the value is an absolute path on some OS (`/x`, `C:\\x`, `\\\\host\\x`) / starts with `~`",
        {"type": "boolean"},
        c.compile_path_kind,
    ),
    ValueTest(
        ("exists",),
        "`exists: true\\|false\\|file\\|directory`",
        "(for `file:`) what is at the path",
        {"enum": [True, False, "file", "directory"]},
        c.compile_exists,
    ),
    ValueTest(
        ("schema",),
        "`schema: {…}`",
        "the value validates against a JSON Schema fragment; `{schema_error}` quotes why not. Checked when "
        "the rule file loads: a valid schema, `pattern` in RE2 syntax, `$ref` only inside the fragment "
        "(`#/$defs/...`) and never looping back without descending into the value; no `patternProperties` "
        "(use `each` and `matches`)",
        {"type": "object"},
        c.compile_schema,
        _schema_faults,
    ),
    ValueTest(
        ("assigned-later",),
        "`assigned-later: {field, value}`",
        "(Go) the subject's variable gets `field` assigned later in its function, with a value `value` holds for",
        {
            "type": "object",
            "required": ["field"],
            "additionalProperties": False,
            "properties": {"field": _TEXT, "value": _CONDITION},
        },
        c.compile_assigned_later,
        _assigned_later_faults,
    ),
    ValueTest(
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
        {
            "type": "object",
            "required": ["from", "apis"],
            "additionalProperties": False,
            "properties": {
                "from": {"enum": ["here", "caller"]},
                "apis": {
                    "type": "object",
                    "required": ["sends", "requests", "deadlines"],
                    "additionalProperties": False,
                    "properties": {
                        "sends": {**_WORDS, "minItems": 1},
                        "other-sends": _WORDS,
                        "requests": _BY_PACKAGE,
                        "rebinds": _WORDS,
                        "deadlines": _BY_PACKAGE,
                        "inherits": _BY_PACKAGE,
                        "drops": _BY_PACKAGE,
                        "carried": _WORDS,
                    },
                },
            },
        },
        c.compile_deadline,
    ),
)

MODIFIERS = (
    Primitive(
        ("capture",),
        "`capture: NAME`",
        "keeps the subject's first value for the message template (`{NAME}`) and `captured:`",
        _NAME,
    ),
    Primitive(
        ("suggest",),
        "`suggest: NAME`",
        'beside `one-of`: captures the choice spelt most like a value that is none of them (`""` when '
        'none is close), for a "did you mean" message',
        _NAME,
    ),
    Primitive(
        ("ignore-case",),
        "`ignore-case: true`",
        "beside `equals`, `not-equals` or `one-of`: compares strings without regard to case",
        {"type": "boolean"},
    ),
    Primitive(
        ("substitute",),
        "`substitute: {tokens: {TOKEN: OPERAND}, append: N}`",
        "replaces tokens in string values before the tests (a number operand stands for that many "
        "characters; a missing value leaves the token), and adds `append` characters: the length of an "
        "expanded path (SC005), a line rewritten (SC011)",
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "tokens": {"type": "object", "additionalProperties": _OPERAND},
                "append": {"type": "integer", "minimum": 0},
            },
        },
        c.modifier_substitute,
        _substitute_faults,
    ),
)

COMBINATORS = (
    CombinatorPrimitive(
        ("all",),
        "`all: [CONDITION, ...]`",
        "every condition holds",
        {"type": "array", "minItems": 1, "items": _CONDITION},
        c.compile_combinator,
        _each_condition,
    ),
    CombinatorPrimitive(
        ("any",),
        "`any: [CONDITION, ...]`",
        "some condition holds",
        {"type": "array", "minItems": 1, "items": _CONDITION},
        c.compile_combinator,
        _each_condition,
    ),
    CombinatorPrimitive(
        ("not",),
        "`not: CONDITION`",
        "the condition does not hold",
        _CONDITION,
        c.compile_combinator,
        condition_faults,
    ),
)


def _template_data_faults(value: Any, path: list[Any], options: dict[str, Any]) -> Iterator[Fault]:
    """Every string in an edit's value (a template) names options the rule declares."""
    if isinstance(value, str):
        yield from template_faults(value, path, options)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _template_data_faults(item, [*path, index], options)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from template_faults(str(key), path, options)
            yield from _template_data_faults(item, [*path, key], options)


#: A value an edit writes: a template, or data (mappings, lists, numbers, booleans, null) whose
#: strings are templates.
_DATA: dict[str, Any] = {"type": ["string", "number", "boolean", "null", "array", "object"]}

#: The edits a case's ``fix`` is made of (:mod:`remdev_lint.edits`); each acts on the node the fix
#: is ``at`` (the reported node by default).
EDITS = (
    Primitive(
        ("replace",),
        "`replace: VALUE`",
        "the node's value becomes VALUE (a template, or data whose strings are templates), written in "
        "the file's syntax: JSON, YAML in the scalar's own style, a command-line word where the word is "
        "written without quotes, an OpenSSH or go.mod value as typed; at a key (`NAME~`), the member's value",
        _DATA,
        None,
        _template_data_faults,
    ),
    Primitive(
        ("rename",),
        "`rename: TEMPLATE`",
        "the member's key becomes the text (JSON, YAML)",
        {"type": "string", "minLength": 1},
        None,
        template_faults,
    ),
    Primitive(
        ("delete",),
        "`delete: true`",
        "removes the member (key and value), the list item, the command-line word (a flag with its "
        "value word), or the line of a line-based file (OpenSSH, go.mod), with the comma or blanks "
        "that went with it",
        {"const": True},
    ),
    Primitive(
        ("insert",),
        "`insert: VALUE`",
        "adds, at a mapping, its members (JSON); after a command-line word or array item, the words "
        "(a string or a list); in a line-based file, the lines after the node's line, indented alike",
        _DATA,
        None,
        _template_data_faults,
    ),
)
EDIT_BY_NAME: dict[str, Primitive] = {}


OPERANDS = (
    OperandPrimitive(("literal",), "a string, number, boolean or null", "itself", _LITERAL, c.operand_literal),
    OperandPrimitive(
        ("option",),
        "`{option: NAME}`",
        "the rule's option, after configuration",
        {
            "type": "object",
            "required": ["option"],
            "additionalProperties": False,
            "properties": {"option": {"type": "string"}},
        },
        c.operand_option,
    ),
    OperandPrimitive(
        ("path",),
        "`{path: SELECTOR}`",
        "a value below the node being judged",
        {"type": "object", "required": ["path"], "additionalProperties": False, "properties": {"path": _SELECTOR}},
        c.operand_path,
    ),
    OperandPrimitive(
        ("checked",),
        "`{checked: SELECTOR, default: VALUE}`",
        "a value below the node the check selected (from inside `each` or an `in-file` filter)",
        {
            "type": "object",
            "required": ["checked"],
            "additionalProperties": False,
            "properties": {"checked": _SELECTOR, "default": _LITERAL},
        },
        c.operand_checked,
    ),
    OperandPrimitive(
        ("root",),
        "`{root: SELECTOR}`",
        "a value below the linted document's root",
        {"type": "object", "required": ["root"], "additionalProperties": False, "properties": {"root": _SELECTOR}},
        c.operand_root,
    ),
)


def _by_name(primitives: tuple[Any, ...]) -> dict[str, Any]:
    return {name: primitive for primitive in primitives for name in primitive.names}


SELECT_BY_NAME: dict[str, SelectForm] = _by_name(SELECT_FORMS)
SUBJECT_BY_NAME: dict[str, SubjectPrimitive] = _by_name(SUBJECTS)
TEST_BY_NAME: dict[str, ValueTest] = _by_name(TESTS)
MODIFIER_BY_NAME: dict[str, Primitive] = _by_name(MODIFIERS)
EDIT_BY_NAME.update(_by_name(EDITS))
COMBINATOR_BY_NAME: dict[str, CombinatorPrimitive] = _by_name(COMBINATORS)
OPERAND_BY_NAME: dict[str, OperandPrimitive] = _by_name(OPERANDS)
#: Every key a condition may have.
CONDITION_BY_NAME: dict[str, Primitive] = {
    **COMBINATOR_BY_NAME,
    **SUBJECT_BY_NAME,
    **TEST_BY_NAME,
    **MODIFIER_BY_NAME,
}


def select_form(spec: Any) -> str:
    """The name of the form a ``select`` is written in."""
    if isinstance(spec, str):
        return "selector"
    if isinstance(spec, list):
        return "list"
    return next((key for key in spec if key in SELECT_BY_NAME and key not in ("selector", "list")), "query")


# --- what is generated from the registry ------------------------------------------------------

#: The tables of the README's language reference: (title, header, primitives).
TABLES: tuple[tuple[str, tuple[str, str], tuple[Primitive, ...]], ...] = (
    ("Select forms", ("Select", "Gives"), SELECT_FORMS),
    ("Subjects", ("Subject", "Meaning"), SUBJECTS),
    ("Tests", ("Test", "Holds when (for any subject node)"), TESTS),
    ("Modifiers", ("Modifier", "Does"), MODIFIERS),
    ("Combinators", ("Combinator", "Holds when"), COMBINATORS),
    ("Operands", ("Operand", "Stands for"), OPERANDS),
    ("Edits (a case's `fix`)", ("Edit", "Does"), EDITS),
)


def reference() -> str:
    """The README's language reference: one table per kind of primitive."""
    parts = []
    for title, (left, right), primitives in TABLES:
        rows = [f"| {left} | {right} |", "| --- | --- |"]
        rows += [f"| {p.syntax} | {p.meaning} |" for p in primitives]
        parts.append(f"*{title}*\n\n" + "\n".join(rows))
    return "\n\n".join(parts)


def _plain(markdown: str) -> str:
    """A table cell as a schema description: the escaped ``|`` unescaped, first letter capital,
    a full stop at the end."""
    text = markdown.replace("\\|", "|")
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _required_any(names: list[str]) -> dict[str, Any]:
    return {"anyOf": [{"required": [name]} for name in names]}


def schema_definitions() -> dict[str, Any]:
    """The rule-file schema's definitions that the registry owns: ``condition`` (every key, with
    its meaning as the description, and the rules of how keys combine), ``select`` and its
    forms, ``operand``."""
    properties = {}
    for kind, primitives in (
        ("Combinator", COMBINATORS),
        ("Subject", SUBJECTS),
        ("Test", TESTS),
        ("Modifier", MODIFIERS),
    ):
        for primitive in primitives:
            for name in primitive.names:
                properties[name] = {**primitive.schema, "description": f"{kind}: {_plain(primitive.meaning)}"}
    combinators = list(COMBINATOR_BY_NAME)
    subjects = list(SUBJECT_BY_NAME)
    pairs = [[a, b] for i, a in enumerate(subjects) for b in subjects[i + 1 :]]
    condition = {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": properties,
        "allOf": [
            {
                "description": "A combinator stands alone.",
                "if": _required_any(combinators),
                "then": {"maxProperties": 1},
            },
            {"description": "At most one subject.", "not": {"anyOf": [{"required": pair} for pair in pairs]}},
            {
                "description": "A subject or capture needs at least one test.",
                "if": {"not": _required_any(combinators)},
                "then": _required_any(list(TEST_BY_NAME)),
            },
            {
                "description": "exists is the test of a file subject.",
                "if": {"required": ["exists"]},
                "then": {"required": ["file"]},
            },
        ],
    }
    definitions: dict[str, Any] = {"condition": condition}
    branches = []
    for form in SELECT_FORMS:
        if form.definition is not None:
            definitions[form.definition] = form.schema
            branches.append({"$ref": f"#/$defs/{form.definition}"})
        else:
            branches.append(form.schema)
    definitions["select"] = {"oneOf": branches}
    definitions["fix"] = {
        "type": "object",
        "description": "What a finding's fix writes: edits of the node `at` names (below the subject, "
        "then below the node the check selected; the reported node by default). Safe unless `unsafe` "
        "says why not (applied only with --unsafe-fixes).",
        "additionalProperties": False,
        "properties": {
            "at": {"$ref": "#/$defs/at", "description": "The node the edits act on."},
            **{name: {**p.schema, "description": _plain(p.meaning)} for p in EDITS for name in p.names},
            "unsafe": {
                "type": "string",
                "minLength": 1,
                "description": "Why the fix may change what the file means beyond the finding: it is "
                "then applied only with --unsafe-fixes.",
            },
        },
        "anyOf": _required_any([name for p in EDITS for name in p.names])["anyOf"],
        "if": {"required": ["delete"]},
        "then": {"not": _required_any(["rename", "replace", "insert"])},
    }
    definitions["operand"] = {
        "description": "One of: " + ", ".join(p.syntax.strip("`") for p in OPERANDS) + ".",
        "oneOf": [{**p.schema, "description": _plain(p.meaning)} for p in OPERANDS],
    }
    return definitions


def with_definitions(schema: dict[str, Any]) -> dict[str, Any]:
    """The rule-file schema with the registry's definitions in place (the others kept)."""
    return {**schema, "$defs": {**schema["$defs"], **schema_definitions()}}
