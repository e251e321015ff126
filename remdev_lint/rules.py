"""Rule files: loading, validation and the compiled form of a rule.

A rule file is YAML in the language that ``schema/rule-file.schema.json`` defines. Loading one
validates it with that schema (jsonschema) and then compiles every selector, condition and
template, so that a broken rule stops the run before anything is linted, naming the file, the
line, the rule and what is wrong.

Validation is the expensive part of a run that lints one file (importing jsonschema and
ruamel.yaml alone costs more than the rest of the run), so a rule file that validated once is
remembered in the user's cache folder (``$REMDEV_LINT_CACHE_DIR``, else
``$XDG_CACHE_HOME/remdev-lint``, else ``~/.cache/remdev-lint``), keyed by a hash of the file's
bytes, the schema and remdev-lint's version. Nothing is ever written into the repository.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import namedtuple
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostic
from .globs import compile_glob
from .model import Document, Node, Span

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from .conditions import Context, Predicate
    from .model import LintedFile, Loader, QueryRoot, Select
    from .selectors import Selector

SCHEMA_PATH = Path(__file__).with_name("schema") / "rule-file.schema.json"

#: How a file name maps to a format when a rule does not say (first match wins).
DEFAULT_FORMATS = (
    ("go.mod", "gomod"),
    ("go.work", "gowork"),
    ("*.jsonc", "jsonc"),
    ("*.code-workspace", "jsonc"),
    ("*.json", "json"),
    ("*.yaml", "yaml"),
    ("*.yml", "yaml"),
    ("*.toml", "toml"),
    ("*.go", "go"),
)


class RuleFileError(Exception):
    """A rule file that cannot be used; the message names the file, place and rule."""


class CodeQuery:
    """A ``select`` that is a structural pattern over source code (see the ``go`` format)."""

    __slots__ = ("query", "imports")

    def __init__(self, spec: dict[str, Any]) -> None:
        self.query = spec["query"]
        self.imports = spec["imports"]

    def select(self, root: Node, load: Loader | None = None) -> list[Node]:
        if not hasattr(root, "query"):
            return []  # not a document code queries run on
        document: QueryRoot = root
        return document.query(self.query)


class CommandLineSelect:
    """A ``select`` of program invocations in the commands that nodes hold (see commandline)."""

    __slots__ = ("holders", "command", "args", "program", "value_flags", "aliases")

    def __init__(self, spec: dict[str, Any]) -> None:
        from .selectors import selector

        holders = spec["in"]
        self.holders = [selector(text) for text in ([holders] if isinstance(holders, str) else holders)]
        self.command = selector(spec["command"]) if "command" in spec else None
        self.args = selector(spec["args"]) if "args" in spec else None
        self.program = spec.get("program")
        self.value_flags = set(spec.get("value-flags", []))
        self.aliases = spec.get("aliases", {})

    def select(self, root: Node, load: Loader | None = None) -> list[Node]:
        from .commandline import invocations

        found = []
        for holders in self.holders:
            for holder in holders.select(root):
                command = next(iter(self.command.select(holder)), None) if self.command is not None else None
                args = next(iter(self.args.select(holder)), None) if self.args is not None else None
                if command is not None or args is not None:
                    found += invocations(holder, command, args, self.program, self.value_flags, self.aliases)
        return found


class KeyValuesSelect:
    """A ``select`` of the ``key=value`` lists that strings hold (Docker's ``--mount`` syntax):
    each selected string as a mapping of its fields, key -> value (``true`` for a bare key).
    With ``quotes``, a field may be quoted as in CSV (Docker reads ``--mount`` with encoding/csv);
    with ``fold-case``, keys are lower-cased (as Docker does). Every key and value keeps its own
    columns when the string is written as it is (see :meth:`Node.part_span`)."""

    __slots__ = ("strings", "separator", "assign", "quotes", "fold_case")

    def __init__(self, spec: dict[str, Any]) -> None:
        self.strings = compile_select(spec["key-values"])  # a selector or a list of them
        self.separator = spec.get("separator", ",")
        self.assign = spec.get("assign", "=")
        self.quotes = spec.get("quotes", False)
        self.fold_case = spec.get("fold-case", False)

    def select(self, root: Node, load: Loader | None = None) -> list[Node]:
        from .values import split_fields

        found = []
        for string in self.strings.select(root):
            if not isinstance(string.value, str):
                continue
            members: dict[str, Node] = {}
            for field, start, end in split_fields(string.value, self.separator, self.quotes):
                key, has_value, value = field.partition(self.assign)
                key_end = start + len(key) if not self.quotes or '"' not in field else end
                key_span = string.part_span(start, key_end)
                if has_value:
                    value_span = string.part_span(end - len(value), end) if key_end < end else string.span
                    node = Node(value, value_span, None, string.origin)
                else:
                    node = Node(True, key_span, None, string.origin)
                node.key_span = key_span
                members[key.lower() if self.fold_case else key] = node
            mapping = Node(members, string.span, string.key_span, string.origin)
            mapping.key = string.key
            found.append(mapping)
        return found


class SplitSelect:
    """A ``select`` of the parts of strings: each selected string as a sequence of the pieces
    between ``separator``s (sshd's ``MaxStartups 10:30:100``), each with its own columns."""

    __slots__ = ("strings", "separator")

    def __init__(self, spec: dict[str, Any]) -> None:
        self.strings = compile_select(spec["split"])
        self.separator = spec.get("separator", ",")

    def select(self, root: Node, load: Loader | None = None) -> list[Node]:
        from .values import split_fields

        found = []
        for string in self.strings.select(root):
            if not isinstance(string.value, str):
                continue
            parts = [
                Node(part, string.part_span(start, end), None, string.origin)
                for part, start, end in split_fields(string.value, self.separator)
            ]
            sequence = Node(parts, string.span, string.key_span, string.origin)
            sequence.key = string.key
            found.append(sequence)
        return found


class FeaturesSelect:
    """A ``select`` of what the devcontainer Features a configuration installs bring to its
    container: for each key of the mappings the selector selects (``features``) that names a
    Feature this package knows (``data/features.json``: their ``devcontainer-feature.json``, from
    the devcontainers/features repository at a pinned commit), the properties the devcontainers
    CLI merges into the container's configuration (``privileged``, ``capAdd``, ``securityOpt``,
    ``mounts``, ``init``, ``entrypoint``, ``containerEnv``) and the ``version`` they were taken
    from, every node at the Feature's key. A Feature is named by its OCI reference with any
    ``:tag`` or ``@digest``; one not listed is not guessed at."""

    __slots__ = ("mappings",)

    def __init__(self, spec: dict[str, Any]) -> None:
        self.mappings = compile_select(spec["features"])

    def select(self, root: Node, load: Loader | None = None) -> list[Node]:
        known = _known_features()
        found = []
        for mapping in self.mappings.select(root):
            if not isinstance(mapping.value, dict):
                continue
            for reference, member in mapping.value.items():
                metadata = known.get(_feature_id(reference))
                if metadata is None:
                    continue
                span = member.key_span or member.span
                node = _plain_node(metadata, span, mapping.origin)
                node.key, node.key_span = reference, span
                found.append(node)
        return found


@cache
def _known_features() -> dict[str, Any]:
    with open(Path(__file__).with_name("data") / "features.json", encoding="utf-8") as handle:
        features: dict[str, Any] = json.load(handle)["features"]
        return features


def _feature_id(reference: str) -> str:
    """``ghcr.io/devcontainers/features/go:1`` -> ``ghcr.io/devcontainers/features/go``."""
    name = reference.split("@", 1)[0]
    slash = name.rfind("/")
    colon = name.rfind(":")
    return (name[:colon] if colon > slash else name).lower()


def _plain_node(value: Any, span: Span, origin: str | None) -> Node:
    """A JSON value as nodes, each at ``span``."""
    if isinstance(value, dict):
        members = {}
        for key, item in value.items():
            members[key] = child = _plain_node(item, span, origin)
            child.key, child.key_span = key, span
        return Node(members, span, None, origin)
    if isinstance(value, list):
        return Node([_plain_node(item, span, origin) for item in value], span, None, origin)
    return Node(value, span, None, origin)


class InFilesSelect:
    """A ``select`` into other files that the linted document names by path (a devcontainer's
    ``dockerComposeFile``): the files are read with ``format``, combined as that format's tool
    combines them (see :func:`remdev_lint.formats.merge`), and ``select`` runs on the result.
    Nothing is selected when a file is missing or cannot be parsed (the engine reports the
    latter). The selected nodes know their file (``Node.origin``); the check's conditions reach
    the linted document with ``root``."""

    __slots__ = ("paths", "format", "inner")

    def __init__(self, spec: dict[str, Any]) -> None:
        from .selectors import selector

        self.paths = selector(spec["in-files"])
        self.format = spec["format"]
        self.inner = compile_select(spec.get("select", "$"))

    def names(self, root: Node) -> list[str]:
        names = []
        for node in self.paths.select(root):
            items = node.value if isinstance(node.value, list) else [node]
            names += [item.value for item in items if isinstance(item.value, str)]
        return names

    def combined(self, root: Node, load: Loader | None) -> Node | None:
        """The named files combined, or None when there are none or one cannot be read."""
        names = self.names(root)
        return load(names, self.format) if load is not None and names else None

    def select(self, root: Node, load: Loader | None = None) -> list[Node]:
        combined = self.combined(root, load)
        return [] if combined is None else self.inner.select(combined)


class SelectorUnion:
    """A ``select`` that is a list of selectors: everything any of them selects, in order."""

    __slots__ = ("selectors",)

    def __init__(self, texts: list[str]) -> None:
        from .selectors import Selector

        self.selectors = [Selector(text) for text in texts]

    def select(self, root: Node, load: Loader | None = None) -> list[Node]:
        return [node for selector in self.selectors for node in selector.select(root)]


def compile_select(spec: Any) -> Select:
    """What a ``select`` (of a check, of ``each``, of an ``in-file`` subject) compiles to: the
    compile function of its form in the registry (:mod:`remdev_lint.language`)."""
    from .language import SELECT_BY_NAME, select_form

    compiled: Select = SELECT_BY_NAME[select_form(spec)].compile(spec)
    return compiled


class Reach:
    """What a check reaches beyond the node it selected, for one linted file: other files
    (``other``: one file for ``in-file``; ``linked``: the files an ``in-files`` select or subject
    names, combined), where the message placeholders that named nothing are noted
    (``unresolved``), and, while a rule file loads, which placeholders resolve (``probe``: every
    case is then tried on every subject, see :func:`remdev_lint.ruletest.unresolvable_placeholders`)."""

    __slots__ = ("other", "linked", "unresolved", "probe")

    def __init__(
        self,
        other: Callable[[str, str | None], Node | None],
        linked: Loader,
        unresolved: list[str],
        probe: dict[tuple[str, int, int, str], bool] | None = None,
    ) -> None:
        self.other = other
        self.linked = linked
        self.unresolved = unresolved
        self.probe = probe


#: A check's finding: the ``span`` it is at, in the file ``origin`` (None: the linted file), its
#: ``message``, and the fix its case asks for (an :class:`remdev_lint.edits.Request`), or None.
Finding = namedtuple("Finding", "origin span message fix", defaults=(None,))

#: The most characters of a value a message quotes.
QUOTED_MOST = 200


class Check:
    """One compiled check of a rule: select nodes, filter, report the first case that holds."""

    __slots__ = ("code", "index", "select", "files", "where", "each", "cases", "combine")

    def __init__(self, spec: dict[str, Any], rule: Rule, index: int) -> None:
        from .conditions import compile_condition
        from .selectors import Selector

        self.code = rule.code
        self.index = index
        self.select = compile_select(spec["select"])
        self.files = [compile_glob(glob) for glob in spec["files"]] if "files" in spec else None
        self.where = compile_condition(spec["where"]) if "where" in spec else None
        self.each = compile_select(spec["each"]) if "each" in spec else None
        #: Findings at one place are reported once, ``{combined}`` naming what this selects below
        #: each subject (the hosts a block's setting affects).
        self.combine = Selector(spec["combine"]) if "combine" in spec else None
        raw_cases = spec.get("cases") or [{"report-if": spec["report-if"]}]
        self.cases: list[tuple[Predicate, list[Selector], str, FixSpec | None]] = []
        for case in raw_cases:
            at = case.get("at", spec.get("at", []))
            at_list = [at] if isinstance(at, str) else list(at)
            message = case.get("message") or spec.get("message") or rule.message
            if not message:
                raise ValueError("no message: give the rule or this check a message")
            fix = case.get("fix", spec.get("fix"))
            self.cases.append(
                (
                    compile_condition(case["report-if"]),
                    [Selector(s) for s in at_list],
                    message,
                    FixSpec(fix) if fix is not None else None,
                )
            )

    def applies_to(self, relpath: str) -> bool:
        """Whether the check is about this file of the rule (``files``)."""
        return self.files is None or any(glob.fullmatch(relpath) for glob in self.files)

    def run(self, file: LintedFile, root: Node, options: dict[str, Any], reach: Reach) -> list[Finding]:
        """The findings of this check in ``file``, whose document's root is ``root``: for each
        selected node that passes ``where`` (each node below it that ``each`` selects), the first
        case whose condition holds."""
        from .conditions import Context

        findings: list[Finding] = []
        combined: dict[tuple[str | None, Span, int], tuple[Context, Node, str, list[str]]] = {}
        for node in self.select.select(root, reach.linked):
            ctx = Context(node, options, file.folder, reach.other)
            ctx.root, ctx.linked = root, reach.linked
            if self.where is not None and not self.where(ctx):
                continue
            for subject, sub in self._subjects(node, ctx):
                if reach.probe is not None:
                    self._probe(subject, sub, reach.probe)
                for index, (condition, at, message, fix) in enumerate(self.cases):
                    if not condition(sub):
                        continue
                    target = _target(subject, at)
                    span = _root_start(root.span, file.lines) if target is root else target.span
                    if self.combine is not None:
                        named = [str(n.value) for n in self.combine.select(subject) if n.is_scalar]
                        group = combined.setdefault((target.origin, span, index), (sub, target, message, []))
                        group[3].extend([name for name in named if name not in group[3]])
                        break
                    extra = {"schema_error": sub.schema_error}
                    if fix is not None or "value" in message:  # made only for what quotes it
                        extra["value"] = _plain(target)
                    request = fix.request(subject, target, sub, extra) if fix is not None else None
                    findings.append(Finding(target.origin, span, _fill(message, sub, extra, reach), request))
                    break
        # Findings of a `combine` check at one place: one finding naming every subject.
        for (origin, span, index), (sub, target, message, names) in combined.items():
            extra = {"value": _plain(target), "schema_error": sub.schema_error, "combined": _listing(names)}
            fix = self.cases[index][3]
            request = fix.request(target, target, sub, extra) if fix is not None else None
            findings.append(Finding(origin, span, _fill(message, sub, extra, reach), request))
        return findings

    def _subjects(self, node: Node, ctx: Context) -> list[tuple[Node, Context]]:
        """What the cases judge: the selected node, or each node ``each`` selects below it."""
        if self.each is None:
            return [(node, ctx)]
        subjects = []
        for item in self.each.select(node):
            inner = ctx.inner(item)
            inner.captures.update(ctx.captures)
            inner.outer = node
            subjects.append((item, inner))
        return subjects

    def _probe(self, subject: Node, ctx: Context, probe: dict[tuple[str, int, int, str], bool]) -> None:
        """Records, for every case, which message placeholders resolve on this subject (after
        its condition ran: it may capture)."""
        from .conditions import MISSING, lookup, template_fields

        for case_index, (condition, at, message, _fix) in enumerate(self.cases):
            condition(ctx)
            target = _target(subject, at)
            extra = {"value": _plain(target), "schema_error": ctx.schema_error, "combined": ""}
            for name in template_fields(message):
                key = (self.code, self.index, case_index, name)
                if not probe.get(key):
                    probe[key] = lookup(name, ctx, extra) is not MISSING


class FixSpec:
    """A case's ``fix``: the node it edits (``at``, below the subject, else below the node the
    check selected; the reported node by default), its edits with their templates, and why it
    is unsafe (None: safe)."""

    __slots__ = ("at", "ops", "unsafe")

    def __init__(self, spec: dict[str, Any]) -> None:
        from .selectors import Selector

        at = spec.get("at", [])
        self.at = [Selector(s) for s in ([at] if isinstance(at, str) else at)]
        self.ops = tuple((name, spec[name]) for name in ("delete", "rename", "replace", "insert") if name in spec)
        self.unsafe: str | None = spec.get("unsafe")

    def describe(self) -> str:
        """What the fix does, as --explain says it (its templates unfilled)."""
        from .edits import title

        return title(self.ops)

    def request(self, subject: Node, target: Node, ctx: Context, extra: dict[str, Any]) -> Any:
        """The edits asked for at this finding, their templates filled (an
        :class:`remdev_lint.edits.Request`); None when a template names nothing here."""
        from .edits import Request

        node = target
        if self.at:
            outer = [ctx.outer] if ctx.outer is not None else []
            node = next((hit[0] for s in self.at for n in (subject, *outer) if (hit := s.select(n))), None)  # type: ignore[assignment]
            if node is None:
                return None
        ops = []
        for name, value in self.ops:
            filled = _filled(value, ctx, extra)
            if filled is _UNFILLED:
                return None
            ops.append((name, filled))
        return Request(node, tuple(ops), self.unsafe is not None)


_UNFILLED = object()
_LONE_FIELD = re.compile(r"\{([^{}]+)\}")


def _filled(value: Any, ctx: Context, extra: dict[str, Any]) -> Any:
    """``value`` with every string in it filled as a template (``_UNFILLED`` when one names
    nothing here). A template that is one field alone (``"{options.max-attempts}"``) keeps the
    type of what it names: a number stays a number, a boolean a boolean."""
    from .conditions import MISSING, expand, lookup

    if isinstance(value, str):
        field = _LONE_FIELD.fullmatch(value)
        if field is not None:
            found = lookup(field.group(1).strip(), ctx, extra)
            if isinstance(found, (int, float, bool)) or found is None:
                return found
            if found is MISSING:
                return _UNFILLED
        text = expand(value, ctx, extra)
        return _UNFILLED if text is None else text
    if isinstance(value, list):
        items = [_filled(item, ctx, extra) for item in value]
        return _UNFILLED if any(item is _UNFILLED for item in items) else items
    if isinstance(value, dict):
        pairs = [(_filled(k, ctx, extra), _filled(v, ctx, extra)) for k, v in value.items()]
        return _UNFILLED if any(_UNFILLED in pair for pair in pairs) else dict(pairs)
    return value


def _target(subject: Node, at: list[Selector]) -> Node:
    """Where a case reports: the first node one of its ``at`` selectors finds, else the subject."""
    return next((hit[0] for selector in at if (hit := selector.select(subject))), subject)


def _fill(message: str, ctx: Context, extra: dict[str, Any], reach: Reach) -> str:
    from .conditions import expand

    text = expand(message, ctx, extra, "?", QUOTED_MOST, reach.unresolved)
    assert text is not None  # with a filler for what names nothing, a template always fills
    return text


def _plain(node: Node) -> Any:
    return node.value if node.is_scalar else node.plain()


def _root_start(span: Span, lines: list[str]) -> Span:
    """Where a finding about a whole document points: the line its root value starts on, from
    the root's first character to the end of that line (not the whole file)."""
    line = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
    return Span(span.line, span.column, span.line, max(span.column + 1, len(line) + 1))


def _listing(names: list[str], most: int = 5) -> str:
    """``a``, ``a and b``, ``a, b and c``; past ``most``, ``a, b, c, d, e and 3 more``."""
    if len(names) > most:
        return ", ".join(names[:most]) + f" and {len(names) - most} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


class Rule:
    """A rule as loaded from its file. Checks are compiled the first time they are needed."""

    def __init__(self, data: dict[str, Any], source: str, builtin: bool) -> None:
        self.data = data
        self.source = source
        self.builtin = builtin
        self.code: str = data["code"]
        self.name: str = data["name"]
        self.severity: str = data["severity"]
        self.summary: str = data["summary"]
        #: runs only when ``select`` names its code or name exactly
        self.opt_in: bool = data.get("opt-in", False)
        self.explanation: str = data["explanation"]
        self.references: list[str] = data.get("references", [])
        self.message: str | None = data.get("message")
        self.engine: str | None = data.get("engine")
        self.option_specs: dict[str, dict[str, Any]] = data.get("options", {})
        self.examples: dict[str, list[dict[str, Any]]] = data["examples"]
        default_format = data.get("format")
        self.patterns = []
        for item in data.get("files", []):
            glob, fmt = (item, None) if isinstance(item, str) else (item["glob"], item.get("format"))
            self.patterns.append((glob, compile_glob(glob), fmt or default_format))
        skip = data.get("ignore-files")
        globs = skip.get("globs", []) if skip else []
        #: file names that mark a folder whose files (and its subfolders' files) the rule skips
        self.marked_by: tuple[str, ...] = tuple(skip.get("marked-by", ())) if skip else ()
        #: the option that holds the globs (``globs: {option: NAME}``), else None: they are fixed
        self.ignore_option: str | None = globs["option"] if isinstance(globs, dict) else None
        self.ignore_patterns: tuple[str, ...] = () if self.ignore_option else tuple(globs)
        self.ignore_globs = [] if self.ignore_option else [compile_glob(g) for g in globs]
        self.ignore_unless = skip.get("unless-option") if skip else None
        packages = skip.get("test-packages", False) if skip else False
        #: whether Go packages only skipped files use are skipped too: a boolean, or the option that says
        self.test_packages: bool | str = packages["option"] if isinstance(packages, dict) else packages
        honors = data.get("honors") or {}
        #: other tools' suppressions that silence this rule: {"gosec": [IDs], "nolint": [linters]}
        self.honors: dict[str, list[str]] = {tool: honors[tool] for tool in ("gosec", "nolint") if tool in honors}
        #: the boolean option that turns honouring them off (None: always honoured)
        self.honors_option: str | None = honors.get("option")
        raw = data.get("check", [])
        queries = [
            c["select"]
            for c in ([raw] if isinstance(raw, dict) else raw)
            if isinstance(c["select"], dict) and "query" in c["select"]
        ]
        #: the tree-sitter patterns of its code queries
        self.query_patterns: tuple[str, ...] = tuple(q["query"] for q in queries)
        #: Text one of which a file must contain for the rule to apply (code queries name the
        #: packages they need: a file that imports none of them is skipped before parsing).
        self.needles: tuple[bytes, ...] | None = None
        if queries and len(queries) == len(raw if isinstance(raw, list) else [raw]):
            # An import path is a Go string: interpreted ("net/http") or raw (`net/http`).
            self.needles = tuple(
                dict.fromkeys(
                    f"{quote}{path}{quote}".encode() for q in queries for path in q["imports"] for quote in '"`'
                )
            )
        #: The formats of the other files its checks select in (``in-files``), read from the rule's
        #: data: compiling every rule's checks to learn it would cost a single-file run dearly.
        self.linked_formats: tuple[str, ...] = tuple(
            c["select"]["format"]
            for c in ([raw] if isinstance(raw, dict) else raw)
            if isinstance(c["select"], dict) and "in-files" in c["select"]
        )
        self._checks: list[Check] | None = None
        self._reads_beside: tuple[str, ...] | None = None

    @property
    def reads_beside(self) -> tuple[str, ...]:
        """The names of the files its conditions read beside the file it applies to (an
        ``in-file`` whose ``file`` is a plain name: ``tasks.json`` for ``launch.json``)."""
        if self._reads_beside is None:
            names: list[str] = []
            stack: list[Any] = [self.data.get("check", [])]
            while stack:
                value = stack.pop()
                if isinstance(value, dict):
                    other = value.get("in-file")
                    if isinstance(other, dict) and isinstance(other.get("file"), str):
                        name = other["file"]
                        if name and not any(c in name for c in "{}/\\"):
                            names.append(name)
                    stack.extend(value.values())
                elif isinstance(value, list):
                    stack.extend(value)
            self._reads_beside = tuple(dict.fromkeys(names))
        return self._reads_beside

    @property
    def default_options(self) -> dict[str, Any]:
        return {name: spec["default"] for name, spec in self.option_specs.items()}

    def format_for(self, relpath: str, options: dict[str, Any] | None = None) -> str | None:
        """The format to parse ``relpath`` with for this rule, or None when the rule does not
        apply to it. A rule that applies, names no format and whose file's name tells none is
        a broken rule file (:class:`RuleFileError`)."""
        for _glob, regex, fmt in self.patterns:
            if regex.fullmatch(relpath):
                if self.skips(relpath, options):
                    return None
                chosen = fmt or infer_format(relpath)
                if chosen is None:
                    raise RuleFileError(
                        f"{self.source}: rule {self.code} ({self.name}) applies to {relpath}, whose format "
                        "cannot be told from its name: give the rule a format"
                    )
                return chosen
        return None

    def skips(self, relpath: str, options: dict[str, Any] | None = None) -> bool:
        """Whether ``ignore-files`` leaves ``relpath`` out (unless its option turns that off)."""
        options = options if options is not None else self.default_options
        if self.ignore_unless and options.get(self.ignore_unless):
            return False
        patterns = self.ignore_patterns if self.ignore_option is None else tuple(options[self.ignore_option])
        if not patterns:
            return False
        key = (patterns, relpath)
        skipped = _SKIPPED.get(key)
        if skipped is None:  # rules that skip the same files (the GH rules) decide once per file
            if len(_SKIPPED) > 100_000:
                _SKIPPED.clear()
            skipped = _SKIPPED[key] = any(regex.fullmatch(relpath) for regex in _globs(patterns))
        return skipped

    def skips_test_packages(self, options: dict[str, Any]) -> bool:
        """Whether the packages of Go files that only skipped files import are skipped too."""
        if self.ignore_unless and options.get(self.ignore_unless):
            return False
        return bool(options.get(self.test_packages) if isinstance(self.test_packages, str) else self.test_packages)

    @property
    def checks(self) -> list[Check]:
        if self._checks is None:
            raw = self.data.get("check", [])
            self._checks = [Check(spec, self, i) for i, spec in enumerate([raw] if isinstance(raw, dict) else raw)]
        return self._checks

    @property
    def fixes(self) -> list[FixSpec]:
        """The distinct fixes of the rule's cases, in the order they come."""
        found: dict[tuple[str, str | None], FixSpec] = {}
        for check in self.checks:
            for *_case, fix in check.cases:
                if fix is not None:
                    found.setdefault((fix.describe(), fix.unsafe), fix)
        return list(found.values())

    @property
    def fix_availability(self) -> str:
        """``safe`` (some finding has a safe fix), ``unsafe`` (only unsafe ones) or ``none``."""
        fixes = self.fixes
        if not fixes:
            return "none"
        return "safe" if any(fix.unsafe is None for fix in fixes) else "unsafe"

    def matches(self, token: str) -> bool:
        """Whether a ``select``/``ignore`` token names this rule: ``ALL``, its name, its code or a
        prefix of its code (as ruff reads them)."""
        return token == "ALL" or token == self.name or self.code.startswith(token)

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.name}>"


class ActiveRule:
    """A rule as this run applies it: severity and options after configuration."""

    __slots__ = ("rule", "severity", "options")

    def __init__(self, rule: Rule, severity: str, options: dict[str, Any]) -> None:
        self.rule = rule
        self.severity = severity
        self.options = options

    def diagnostic(self, shown: str, span: Span, message: str) -> Diagnostic:
        """A finding of this rule in the file shown as ``shown``."""
        rule = self.rule
        line, column, end_line, end_column = span
        return Diagnostic(shown, line, column, end_line, end_column, rule.code, rule.name, self.severity, message)


_DEFAULT_FORMAT_GLOBS = None


def infer_format(relpath: str) -> str | None:
    global _DEFAULT_FORMAT_GLOBS
    if _DEFAULT_FORMAT_GLOBS is None:
        _DEFAULT_FORMAT_GLOBS = [(compile_glob(g), fmt) for g, fmt in DEFAULT_FORMATS]
    for regex, fmt in _DEFAULT_FORMAT_GLOBS:
        if regex.fullmatch(relpath):
            return fmt
    return None


# --- locating and loading ---------------------------------------------------------------------


def builtin_rules_dir() -> Path:
    """``remdev_lint/rules`` in an installed wheel; the checkout's ``rules/`` otherwise."""
    installed = Path(__file__).with_name("rules")
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "rules"


def rule_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_rules(directories: list[Path], *, use_cache: bool = True) -> list[Rule]:
    """Every rule of the built-in folder and then of ``directories`` (a team's ``rule-dirs``).

    A code or name used twice, by two files or by a custom rule and a built-in one, is an error.
    """
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    sources = [(builtin_rules_dir(), True)] + [(d, False) for d in directories]
    for directory, builtin in sources:
        if not directory.is_dir():
            raise RuleFileError(f"{directory}: rule folder does not exist")
        for path in rule_files(directory):
            for data in load_rule_file(path, builtin=builtin, use_cache=use_cache):
                rule = Rule(data, str(path), builtin)
                for key in (rule.code, rule.name):
                    if key in seen:
                        what = "built-in rule" if seen[key].startswith("builtin:") else "rule"
                        raise RuleFileError(
                            f"{path}: rule {rule.code} ({rule.name}): {key} is already used by the "
                            f"{what} in {seen[key].removeprefix('builtin:')}"
                        )
                    seen[key] = ("builtin:" if builtin else "") + str(path)
                rules.append(rule)
    return rules


def load_rule_file(path: Path, *, builtin: bool, use_cache: bool = True) -> list[dict[str, Any]]:
    """The validated rule mappings of one file (from the cache when it validated before)."""
    from .reading import NotRead, read_bytes

    try:
        raw = read_bytes(str(path))  # a regular file of at most 1 MiB
    except OSError as exc:
        raise RuleFileError(f"{path}: cannot read: {exc.strerror}") from None
    except NotRead as exc:
        raise RuleFileError(f"{path}: {exc}") from None
    key = _cache_key(raw + (b"" if builtin else _builtin_digest()), builtin)
    cached = _cache_read(key) if use_cache else None
    if cached is not None:
        return cached
    rules = validate_rule_text(raw, str(path), builtin=builtin)
    if not builtin:  # the built-in rules' placeholders are checked by the project's own tests
        _check_placeholders(rules, raw, str(path))
    if use_cache:
        _cache_write(key, rules)
    return rules


# --- named fragments: `definitions:` and `{use: NAME}` ------------------------------------------


def _builtin_digest() -> bytes:
    """What the built-in rule files hold, as a digest: a team's rule file may use their
    definitions, so its cached validation holds only with these same files."""
    global _BUILTIN_DIGEST
    if _BUILTIN_DIGEST is None:
        digest = hashlib.sha256()
        for path in rule_files(builtin_rules_dir()):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        _BUILTIN_DIGEST = digest.hexdigest().encode()
    return _BUILTIN_DIGEST


_BUILTIN_DIGEST: bytes | None = None


@cache
def _parse_yaml(text: str) -> Document:
    """A rule file's YAML, parsed once per process (the built-in files are read for their
    definitions and validated, when the cache of validated files is cold)."""
    from .formats import yaml as yaml_format

    return yaml_format.parse(text)


@cache
def builtin_definitions() -> dict[str, tuple[Any, str]]:
    """The `definitions` of the built-in rule files: name -> (value, file name). Every rule file
    may `use` them."""

    found: dict[str, tuple[Any, str]] = {}
    for path in rule_files(builtin_rules_dir()):
        data = _parse_yaml(path.read_bytes().decode("utf-8-sig")).root.plain()
        for name, value in (data.get("definitions") or {}).items():
            if name in found:
                raise RuleFileError(f"{path}: definitions: {name!r} is also defined in {found[name][1]}")
            found[name] = (value, path.name)
    return found


def _resolve_uses(data: dict[str, Any], root: Node, path: str, builtin: bool) -> list[Any]:
    """The file's rules with every ``{use: NAME}`` replaced by the definition NAME (of this file,
    or of the built-in rule files); a mapping with ``use`` and other keys is the definition
    (a mapping) with those keys laid over it."""
    rules: list[Any] = _Uses(_known_definitions(data, root, path, builtin), root, path).resolve(
        data["rules"], ["rules"], ()
    )
    return rules


def _known_definitions(data: dict[str, Any], root: Node, path: str, builtin: bool) -> dict[str, Any]:
    """The definitions a rule file may use: its own and the built-in ones (a team's file may not
    redefine a built-in name)."""
    own = data.get("definitions")
    if own is not None and not isinstance(own, dict):
        where = _locate(root, ["definitions"])
        raise RuleFileError(
            f"{path}:{where.line}:{where.column}: definitions: expected a mapping of names to fragments"
        )
    own = own or {}
    shared = builtin_definitions()
    if not builtin:
        for name in own:
            if name in shared:
                where = _locate_key(root, ["definitions", name]) or _locate(root, ["definitions"])
                raise RuleFileError(
                    f"{path}:{where.line}:{where.column}: definitions: {name!r} is a built-in definition "
                    f"({shared[name][1]}): use it, or give yours another name"
                )
    return {name: value for name, (value, _source) in shared.items()} | own


class _Uses:
    """Replaces ``{use: NAME}`` in a rule file's data; errors at their place in the file."""

    def __init__(self, known: dict[str, Any], root: Node, path: str) -> None:
        self.known, self.root, self.path = known, root, path

    def resolve(self, value: Any, at: list[Any], using: tuple[str, ...]) -> Any:
        if isinstance(value, dict) and "use" in value:
            return self._use(value, at, using)
        if isinstance(value, dict):
            return {k: self.resolve(v, [*at, k], using) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v, [*at, i], using) for i, v in enumerate(value)]
        return value

    def _use(self, value: dict[str, Any], at: list[Any], using: tuple[str, ...]) -> Any:
        import copy

        name = value["use"]
        if not isinstance(name, str) or name not in self.known:
            import difflib

            close = difflib.get_close_matches(str(name), sorted(self.known), n=1, cutoff=0.6)
            hint = f": did you mean `{close[0]}`?" if close else " (define it under `definitions`)"
            raise self._error([*at, "use"] if len(using) == 0 else at, f"`use: {name}` names no definition{hint}")
        if name in using or len(using) > 20:
            chain = " -> ".join([*using, name])
            raise self._error(at, f"definitions use each other in a loop: {chain}")
        fragment = self.resolve(copy.deepcopy(self.known[name]), at, (*using, name))
        rest = {k: v for k, v in value.items() if k != "use"}
        if not rest:
            return fragment
        if not isinstance(fragment, dict):
            raise self._error(at, f"`use: {name}` with other keys needs a mapping to lay them over")
        return {**fragment, **{k: self.resolve(v, [*at, k], using) for k, v in rest.items()}}

    def _error(self, at: list[Any], problem: str) -> RuleFileError:
        where = _locate(self.root, at)
        return RuleFileError(f"{self.path}:{where.line}:{where.column}: {problem}")


def _check_placeholders(rules: list[dict[str, Any]], raw: bytes, path: str) -> None:
    """A message placeholder that resolves for no node its check selects in the rule's examples
    stops the load, at the placeholder: it would print `?` to every user."""
    from .ruletest import unresolvable_placeholders

    loaded = [Rule(data, path, False) for data in rules]
    faults = unresolvable_placeholders(loaded, loaded)
    if not faults:
        return
    rule, check_index, case_index, name = faults[0]
    message = rule.checks[check_index].cases[case_index][2]
    root = _parse_yaml(raw.decode("utf-8-sig")).root
    index = next(i for i, data in enumerate(rules) if data["code"] == rule.code)
    rule_node = _locate_node(root, ["rules", index])
    assert rule_node is not None  # the rule is there: it was loaded from this text
    where = _find_text(rule_node, message, "{" + name) or rule_node.span
    raise RuleFileError(
        f"{path}:{where.line}:{where.column}: rule {rule.code} ({rule.name}): the message placeholder "
        f"`{{{name}}}` names nothing for any node the check selects in the rule's examples (it would "
        "print `?`): name a value below the selected node, a captured name, `value` or `options.NAME`"
    )


def _find_text(node: Node, text: str, needle: str) -> Span | None:
    """Where ``needle`` is inside the scalar ``text`` somewhere below ``node``: its own column on
    a one-line string, else the string's start."""
    stack = [node]
    while stack:
        current = stack.pop()
        value = current.value
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif value == text:
            at = text.find(needle)
            span = current.part_span(at, at + len(needle)) if at >= 0 else current.span
            return span
    return None


def validate_rule_text(raw: bytes, path: str, *, builtin: bool) -> list[dict[str, Any]]:
    """Parse, schema-validate and compile a rule file; raise RuleFileError naming the fault."""
    from .model import ParseError

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RuleFileError(f"{path}: not UTF-8 (byte {exc.start})") from None
    try:
        document = _parse_yaml(text)
    except ParseError as exc:
        raise RuleFileError(f"{path}:{exc.line}:{exc.column}: invalid YAML: {exc.message}") from None
    data = document.root.plain()
    if isinstance(data, dict) and isinstance(data.get("rules"), list):
        data["rules"] = _resolve_uses(data, document.root, path, builtin)
    _validate_schema(data, document.root, path)
    for index, rule in enumerate(data["rules"]):
        where = _locate(document.root, ["rules", index])
        label = f"{path}:{where.line}:{where.column}: rule {rule['code']} ({rule['name']})"
        if rule.get("engine") and not builtin:
            raise RuleFileError(f"{label}: 'engine' is reserved for remdev-lint's built-in rules")
        for fault_path, problem in _faults(rule):
            at = _locate(document.root, ["rules", index, *fault_path])
            raise RuleFileError(f"{path}:{at.line}:{at.column}: rule {rule['code']} ({rule['name']}): {problem}")
        _check_rule(rule, label)
    rules: list[dict[str, Any]] = data["rules"]
    return rules


def _validate_schema(data: Any, root: Node, path: str) -> None:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = list(validator.iter_errors(data))
    if not errors:
        return
    error = _most_telling(errors)
    where = _locate(root, list(error.absolute_path))
    message = error.message
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        message, key = _unknown_key(error, errors)
        if key is not None:  # at the key itself
            where = _locate_key(root, [*error.absolute_path, key]) or where
    label = f"{path}:{where.line}:{where.column}"
    rule = _rule_label(data, list(error.absolute_path))
    dotted = _dotted(list(error.absolute_path))
    raise RuleFileError(f"{label}: {rule}{dotted}: {message}")


def _unknown_key(error: Any, errors: list[Any]) -> tuple[str, str | None]:
    """ "unknown key `presnet`: did you mean `present`?": the first key the schema does not know
    at that place, and the known key spelt most like it among every schema branch that could
    have applied there (a condition is one of many shapes)."""
    import difflib

    at = list(error.absolute_path)
    known: set[str] = set()
    for other in _flat(errors):
        if other.validator == "additionalProperties" and list(other.absolute_path) == at:
            known.update(other.schema.get("properties", {}))
    allowed = error.schema.get("properties", {})
    patterns = [re.compile(p) for p in error.schema.get("patternProperties", {})]
    unknown = [k for k in error.instance if k not in allowed and not any(p.search(str(k)) for p in patterns)]
    if not unknown:
        return error.message, None
    key = str(unknown[0])
    close = difflib.get_close_matches(key, sorted(known - set(error.instance)), n=1, cutoff=0.6)
    if close:
        return f"unknown key `{key}`: did you mean `{close[0]}`?", key
    listed = ", ".join(f"`{k}`" for k in sorted(allowed))
    return f"unknown key `{key}`" + (f" (the keys here: {listed})" if listed else ""), key


def _locate_key(root: Node, path: list[Any]) -> Span | None:
    """Where the key that ends ``path`` is written, if the document has it."""
    parent = _locate_node(root, path[:-1], whole=True)
    child = parent.value.get(path[-1]) if parent is not None and isinstance(parent.value, dict) else None
    return child.key_span if child is not None else None


# What a rule author should read first when several schema branches failed: an unknown key beats
# a wrong value, which beats a missing key; deeper in the document beats shallower.
_PREFERENCE = {"additionalProperties": 0, "enum": 1, "const": 1, "pattern": 1, "type": 1, "minLength": 1, "required": 2}


def _flat(errors: list[Any]) -> list[Any]:
    """The leaf errors: those of every branch of a oneOf/anyOf, not the branching ones."""
    flat: list[Any] = []
    stack = list(errors)
    while stack:
        error = stack.pop()
        if error.context:
            stack.extend(error.context)
        else:
            flat.append(error)
    return flat


def _most_telling(errors: list[Any]) -> Any:
    flat = _flat(errors)
    return min(flat, key=lambda e: (-len(e.absolute_path), _PREFERENCE.get(e.validator, 3), e.message))


def _rule_label(data: Any, path: list[Any]) -> str:
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        rule = data["rules"][path[1]]
        if isinstance(rule, dict):
            return f"rule {rule.get('code', '?')} ({rule.get('name', '?')}): "
    return ""


def _dotted(path: list[Any]) -> str:
    if len(path) >= 2 and path[0] == "rules":
        path = path[2:]
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return text or "(rule)"


def _locate_node(root: Node, path: list[Any], whole: bool = False) -> Node | None:
    """The node at ``path`` below ``root``; when it is not there, the deepest one on the way
    (None with ``whole``)."""
    node = root
    for part in path:
        value = node.value
        if isinstance(value, dict) and part in value:
            node = value[part]
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            node = value[part]
        else:
            return None if whole else node
    return node


def _locate(root: Node, path: list[Any]) -> Span:
    """Where the node at ``path`` below ``root`` is, else the deepest one on the way."""
    node = _locate_node(root, path)
    assert node is not None  # not `whole`: the deepest node on the way
    return node.span


_OPTION_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "string-list": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
}


_SKIPPED: dict[tuple[tuple[str, ...], str], bool] = {}  # (ignore-files globs, path) -> skipped


@cache
def _globs(patterns: tuple[str, ...]) -> list[Any]:
    """The compiled globs of an option of type ``globs`` (a configured value: cached by value)."""
    return [compile_glob(pattern) for pattern in patterns]


def _glob_error(value: list[str]) -> str | None:
    from .globs import GlobError

    for pattern in value:
        if not pattern.strip():
            return "an empty glob"
        try:
            _globs((pattern,))
        except GlobError as exc:
            return f"`{pattern}`: {exc}"
    return None


def option_value_error(spec: dict[str, Any], value: Any) -> str | None:
    """Why ``value`` is not valid for an option declared by ``spec``; None when it is."""
    from . import values

    kind = spec["type"]
    if kind == "version":
        ok = values.go_version_key(value) is not None
        expected = 'a Go version such as "1.21"'
    elif kind == "duration":
        ok = values.duration_seconds(value) is not None
        expected = 'a duration such as "3s" or "1m30s"'
    elif kind == "globs":
        if not _OPTION_TYPES["string-list"](value):
            ok, expected = False, "a list of glob patterns"
        else:
            return _glob_error(value)
    else:
        ok = _OPTION_TYPES[kind](value)
        expected = {"string-list": "a list of strings"}.get(kind, f"a value of type {kind}")
    if ok:
        return None
    from .config import shown

    return f"expected {expected}, got {shown(value)}"


def _check_rule(rule: dict[str, Any], label: str) -> None:
    """Compile every check (a safety net behind :func:`_faults`, which names the place)."""
    try:
        Rule(rule, label, builtin=False).checks  # noqa: B018 - compiles every check
    except ValueError as exc:  # SelectorError, ConditionError
        raise RuleFileError(f"{label}: {exc}") from None


def _faults(rule: dict[str, Any]) -> Iterator[tuple[list[Any], str]]:
    """What the schema cannot say, each with its path inside the rule: options are well-typed
    and the options the rule names are declared, every selector, condition and template of its
    checks is sound (as each primitive of :mod:`remdev_lint.language` checks its own value),
    every case has a message, and examples set only declared options."""
    from .language import template_faults

    options = rule.get("options", {})
    yield from _option_faults(rule, options)
    if "message" in rule:
        yield from template_faults(rule["message"], ["message"], options)
    checks = rule.get("check")
    if checks is not None:
        pairs = [(checks, ["check"])] if isinstance(checks, dict) else [(c, ["check", i]) for i, c in enumerate(checks)]
        for check, path in pairs:
            yield from _check_faults(rule, check, path, options)
    for kind in ("bad", "good"):
        for index, example in enumerate(rule["examples"][kind]):
            for name in example.get("options", {}):
                if name not in options:
                    yield ["examples", kind, index, "options", name], f"example sets unknown option {name!r}"


def _option_faults(rule: dict[str, Any], options: dict[str, Any]) -> Iterator[tuple[list[Any], str]]:
    """Option defaults of their type; the options that ``ignore-files`` and ``honors`` name are
    declared, and of the type they need."""
    for name, spec in options.items():
        error = option_value_error(spec, spec["default"])
        if error:
            yield ["options", name, "default"], f"option {name}: default: {error}"
    skip = rule.get("ignore-files", {})
    packages = skip.get("test-packages")
    globs = skip.get("globs")
    named = [
        (["ignore-files", "unless-option"], skip.get("unless-option"), "boolean", "a boolean option"),
        (["honors", "option"], rule.get("honors", {}).get("option"), "boolean", "a boolean option"),
        (
            ["ignore-files", "test-packages", "option"],
            packages["option"] if isinstance(packages, dict) else None,
            "boolean",
            "a boolean option",
        ),
        (
            ["ignore-files", "globs", "option"],
            globs["option"] if isinstance(globs, dict) else None,
            "globs",
            "an option of type globs",
        ),
    ]
    for path, name, kind, wanted in named:
        if name is not None and options.get(name, {}).get("type") != kind:
            yield path, f"{name!r} is not {wanted} of the rule"


def _check_faults(
    rule: dict[str, Any], check: dict[str, Any], path: list[Any], options: dict[str, Any]
) -> Iterator[tuple[list[Any], str]]:
    from .language import condition_faults, select_faults, selector_faults

    yield from select_faults(check["select"], [*path, "select"], options)
    yield from _case_faults(check, path, options)
    if "each" in check:
        yield from select_faults(check["each"], [*path, "each"], options)
    if "combine" in check:
        yield from selector_faults(check["combine"], [*path, "combine"])
    if "where" in check:
        yield from condition_faults(check["where"], [*path, "where"], options)
    cases: list[tuple[dict[str, Any], list[Any]]] = [
        (c, [*path, "cases", i]) for i, c in enumerate(check.get("cases", []))
    ] or [(check, path)]
    for case, case_path in cases:
        if case is not check:
            yield from _case_faults(case, case_path, options)
        yield from condition_faults(case["report-if"], [*case_path, "report-if"], options)
        if not (case.get("message") or check.get("message") or rule.get("message")):
            yield case_path, "no message: give the rule, the check or this case a message"


def _case_faults(part: dict[str, Any], path: list[Any], options: dict[str, Any]) -> Iterator[tuple[list[Any], str]]:
    """A check's or a case's ``at`` selectors compile; its message names declared options."""
    from .language import selectors_faults, template_faults

    if "at" in part:
        yield from selectors_faults(part["at"], [*path, "at"])
    if "message" in part:
        yield from template_faults(part["message"], [*path, "message"], options)
    if "fix" in part:
        yield from _fix_faults(part["fix"], [*path, "fix"], options)


def _fix_faults(fix: dict[str, Any], path: list[Any], options: dict[str, Any]) -> Iterator[tuple[list[Any], str]]:
    """A fix's ``at`` selectors compile; its templates name declared options."""
    from .language import EDIT_BY_NAME, selectors_faults

    if "at" in fix:
        yield from selectors_faults(fix["at"], [*path, "at"])
    for name, edit in EDIT_BY_NAME.items():
        if name in fix and edit.faults is not None:
            yield from edit.faults(fix[name], [*path, name], options)


# --- the cache of validated rule files --------------------------------------------------------


def cache_dir() -> Path:
    explicit = os.environ.get("REMDEV_LINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "remdev-lint"


_SCHEMA_DIGEST: str | None = None


#: Raised when what validating a rule file checks changes beyond the schema, so that a file
#: validated by older code is validated again (2: message placeholders against the examples).
_VALIDATION = b"2"


def _cache_key(raw: bytes, builtin: bool) -> str:
    global _SCHEMA_DIGEST
    if _SCHEMA_DIGEST is None:
        _SCHEMA_DIGEST = hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest()
    digest = hashlib.sha256()
    parts = (__version__.encode(), _VALIDATION, _SCHEMA_DIGEST.encode(), b"builtin" if builtin else b"custom", raw)
    for part in parts:
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def _cache_read(key: str) -> list[dict[str, Any]] | None:
    """The rules cached under ``key``, or None when there is no entry or it is not one this
    version wrote whole: its first line is the SHA-256 of the JSON after it, and the JSON is a
    list of rules. A truncated, edited or foreign file (``[]``, ``{}``) is validated again, never
    taken as "no rules"."""
    try:
        with open(cache_dir() / "rules" / f"{key}.json", "rb") as handle:
            raw = handle.read(_CACHE_ENTRY_LIMIT + 1)
    except OSError:
        return None
    digest, _, body = raw.partition(b"\n")
    if len(raw) > _CACHE_ENTRY_LIMIT or digest.decode("ascii", "replace") != hashlib.sha256(body).hexdigest():
        return None
    try:
        rules = json.loads(body)
    except ValueError:
        return None
    if not isinstance(rules, list) or not all(
        isinstance(rule, dict) and isinstance(rule.get("code"), str) and isinstance(rule.get("name"), str)
        for rule in rules
    ):
        return None
    return rules


#: A cache entry larger than this is not one we wrote (the built-in rules take about 300 KiB).
_CACHE_ENTRY_LIMIT = 64 * 1024 * 1024


def _cache_write(key: str, rules: list[dict[str, Any]]) -> None:
    """Write atomically; a cache that cannot be written only costs speed."""
    folder = cache_dir() / "rules"
    body = json.dumps(rules).encode("utf-8")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{key}.{os.getpid()}.tmp"
        temporary.write_bytes(hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body)
        os.replace(temporary, folder / f"{key}.json")
    except OSError:
        pass
