"""Reporters: turn the engine's diagnostics into text, JSON, SARIF, GitHub Actions commands,
GitLab Code Quality, JUnit or Checkstyle XML.

Reporters only format what the engine found; they never filter, sort or re-rate diagnostics.
``render`` returns the whole report as one string, ending with a newline when it is not empty.

Kept cheap to import (single-file runs must start fast): ``json`` and ``urllib.parse`` are
imported inside the functions that need them.
"""

from __future__ import annotations

from remdev_lint.diagnostics import rule_page

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    import re
    import xml.etree.ElementTree as ET
    from collections.abc import Mapping, Sequence

    from remdev_lint.diagnostics import Diagnostic, RuleInfo

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "checkstyle")

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/remdev-lint/remdev-lint"

# ANSI SGR sequences for the coloured text format.
_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_SEVERITY_COLOR = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}

# Our severities in SARIF's ``level`` and GitHub's workflow-command vocabulary.
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def render(
    fmt: str,
    diagnostics: Sequence[Diagnostic],
    rules: Sequence[RuleInfo],
    *,
    files_checked: int,
    color: bool = False,
    quiet: bool = False,
    unsafe_fixes: bool = False,
    fingerprints: Sequence[str] = (),
    checked: Sequence[str] = (),
    unread: Mapping[str, str] | None = None,
    sources: Mapping[str, str | None] | None = None,
) -> str:
    """Format ``diagnostics`` (already sorted) as ``fmt``, one of ``FORMATS``.

    ``rules`` is every rule enabled in the run (SARIF lists them all, found or not);
    ``files_checked`` feeds the text summary; ``color`` and ``quiet`` (no summary) apply to the
    text format only; ``unsafe_fixes`` says whether the text summary counts the unsafe fixes as
    fixable (``--unsafe-fixes``) or as more to be had with it. ``fingerprints`` go with the
    diagnostics one by one (the ``gitlab`` format's, the baseline's: :mod:`remdev_lint.baseline`).
    ``checked`` names the files the run checked, as the diagnostics show them: the ``junit`` and
    ``checkstyle`` formats list the clean ones too; ``unread`` the ones among them that were
    not read, with why (JUnit skips them, Checkstyle leaves them out). ``sources`` holds the text of the files
    findings are in (None where a file is not text): SARIF quotes each finding's region.
    """
    if fmt == "text":
        return _render_text(diagnostics, files_checked=files_checked, color=color, quiet=quiet, unsafe=unsafe_fixes)
    if fmt == "json":
        return _render_json(diagnostics)
    if fmt == "sarif":
        return _render_sarif(diagnostics, rules, sources or {})
    if fmt == "github":
        return _render_github(diagnostics)
    if fmt == "gitlab":
        return _render_gitlab(diagnostics, fingerprints)
    if fmt == "junit":
        return _render_junit(diagnostics, checked, unread or {})
    if fmt == "checkstyle":
        return _render_checkstyle(diagnostics, [path for path in checked if path not in (unread or {})])
    raise ValueError(f"unknown output format {fmt!r}; expected one of: {', '.join(FORMATS)}")


# --- what a terminal or a log shows ---------------------------------------------------------------

_UNPRINTABLE = None


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with what a terminal or a CI log would act on written as escapes: control
    characters (``\\x1b[2J``, a newline that forges a ``path:1:1: GM001`` line), the Unicode
    controls that reorder or hide text (U+202E, U+2066...), and lone surrogates (a path that is
    not UTF-8) become ``\\x1b``, ``\\u202e``, ``\\udcff``. Values quoted from files and paths from
    the repository reach the output through here, in the text and github formats. With
    ``newlines``, ``\\r`` and ``\\n`` are kept (GitHub's commands encode them as ``%0D%0A``)."""
    global _UNPRINTABLE
    if _UNPRINTABLE is None:
        import re

        controls = "\\x00-\\x1f\\x7f-\\x9f"  # C0, DEL, C1: escapes, newlines, bells
        reordering = "\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069"  # bidirectional controls
        _UNPRINTABLE = re.compile(f"[{controls}{reordering}\\ud800-\\udfff]")
    if not _UNPRINTABLE.search(text):
        return text
    if newlines:
        import re

        parts = re.split(r"(\r\n|\r|\n)", text)  # line breaks kept, between escaped parts
        return "".join(part if index % 2 else printable(part) for index, part in enumerate(parts))
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# --- text ---------------------------------------------------------------------------------------


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _text_line(diagnostic: Diagnostic, *, color: bool) -> str:
    d = diagnostic
    path, message = printable(d.path), printable(d.message)
    if not color:
        return f"{path}:{d.line}:{d.column}: {d.code} [{d.severity}] {message}"
    code_color = _SEVERITY_COLOR.get(d.severity, "")
    return (
        f"{_BOLD}{path}{_RESET}{_DIM}:{d.line}:{d.column}:{_RESET} "
        f"{code_color}{d.code} [{d.severity}]{_RESET if code_color else ''} {message}"
    )


def _summary(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    if not diagnostics:
        return f"All checks passed ({_plural(files_checked, 'file', 'files')} checked)."
    counts = {"error": 0, "warning": 0, "info": 0}
    for d in diagnostics:
        counts[d.severity] = counts.get(d.severity, 0) + 1
    parts = []
    if counts["error"]:
        parts.append(_plural(counts["error"], "error", "errors"))
    if counts["warning"]:
        parts.append(_plural(counts["warning"], "warning", "warnings"))
    if counts["info"]:
        parts.append(f"{counts['info']} info")
    files_with_problems = len({d.path for d in diagnostics})
    return (
        f"Found {_plural(len(diagnostics), 'problem', 'problems')} ({', '.join(parts)}) "
        f"in {_plural(files_with_problems, 'file', 'files')}."
    )


def _fixable(diagnostics: Sequence[Diagnostic], unsafe_fixes: bool) -> str:
    """The summary's line on fixes: how many findings ``--fix`` would fix, and how many more
    ``--unsafe-fixes`` would add."""
    safe = sum(1 for d in diagnostics if d.fix is not None and not d.fix.unsafe)
    unsafe = sum(1 for d in diagnostics if d.fix is not None and d.fix.unsafe)
    if unsafe_fixes or not safe:
        safe, unsafe = safe + unsafe, 0
        flag = "--fix --unsafe-fixes"
    else:
        flag = "--fix"
    if not safe:
        return ""
    line = f" {safe} fixable with {flag}"
    if unsafe:
        line += f" ({unsafe} more with --fix --unsafe-fixes)"
    return line + "."


def _render_text(
    diagnostics: Sequence[Diagnostic], *, files_checked: int, color: bool, quiet: bool = False, unsafe: bool = False
) -> str:
    lines = [_text_line(d, color=color) for d in diagnostics]
    if not quiet:
        lines.append(_summary(diagnostics, files_checked) + _fixable(diagnostics, unsafe))
    return "".join(line + "\n" for line in lines)


def statistics(diagnostics: Sequence[Diagnostic], unsafe_fixes: bool = False) -> str:
    """``--statistics``: one line per rule found, the most frequent first: count, code, ``[*]``
    when ``--fix`` (with ``--unsafe-fixes``: ``unsafe_fixes``) fixes some of them, name."""
    counts: dict[tuple[str, str], int] = {}
    fixable: set[str] = set()
    for d in diagnostics:
        counts[(d.code, d.name)] = counts.get((d.code, d.name), 0) + 1
        if d.fix is not None and (unsafe_fixes or not d.fix.unsafe):
            fixable.add(d.code)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    width = max((len(str(count)) for _, count in rows), default=1)
    return "".join(
        f"{count:>{width}}  {code}  {'[*]' if code in fixable else '   '} {name}\n" for (code, name), count in rows
    )


# --- json ---------------------------------------------------------------------------------------


def _render_json(diagnostics: Sequence[Diagnostic]) -> str:
    import json

    document = {
        "version": 1,
        "diagnostics": [
            {
                "rule": d.code,
                "name": d.name,
                "severity": d.severity,
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "end_line": d.end_line,
                "end_column": d.end_column,
                "message": d.message,
                "fix": None
                if d.fix is None
                else {"safety": "unsafe" if d.fix.unsafe else "safe", "title": d.fix.title},
            }
            for d in diagnostics
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- sarif --------------------------------------------------------------------------------------


def _first_paragraph(text: str) -> str:
    """The explanation's first paragraph, its lines joined, without the Markdown headings
    before it (``## What it does``): SARIF's plain ``fullDescription``."""
    for paragraph in text.strip().split("\n\n"):
        lines = [line.strip() for line in paragraph.strip().splitlines() if not line.lstrip().startswith("#")]
        if lines:
            return " ".join(lines)
    return ""


def _sarif_rule(rule: RuleInfo) -> dict:
    summary = rule.summary.strip() or rule.name or rule.code
    explanation = rule.explanation.strip() or summary
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _first_paragraph(explanation)},
        "help": {"text": explanation, "markdown": explanation},
        "defaultConfiguration": {"level": _SARIF_LEVEL.get(rule.severity, "warning")},
        **({"helpUri": page} if (page := rule_page(rule)) is not None else {}),
    }


def _artifact_location(path: str) -> dict:
    """A relative path as a percent-encoded URI reference against ``%SRCROOT%``.

    Absolute paths (the engine should not produce them, but a user may pass one) become
    ``file:`` URIs without a base id, since they are not relative to the source root.
    """
    from urllib.parse import quote

    # A name that is not UTF-8 holds surrogates (os.fsdecode): its bytes are encoded as they are.
    raw = path.encode("utf-8", "surrogateescape")
    if path.startswith("/"):
        return {"uri": "file://" + quote(raw, safe="/")}
    if len(path) >= 3 and path[0].isalpha() and path[1:3] == ":/":  # Windows drive, C:/...
        return {"uri": "file:///" + path[:2] + quote(raw[2:], safe="/")}
    # safe="/" also encodes ":" so that a first segment like "a:b" is not read as a scheme.
    return {"uri": quote(raw, safe="/"), "uriBaseId": "%SRCROOT%"}


def _sarif_region(d: Diagnostic) -> dict:
    """SARIF's region, clamped so the end is never before the start and every number is >= 1."""
    start_line = max(d.line, 1)
    start_column = max(d.column, 1)
    end_line = max(d.end_line, start_line)
    end_column = max(d.end_column, 1)
    if end_line == start_line:
        end_column = max(end_column, start_column)
    return {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    }


#: A region's snippet longer than this is left out: a finding spanning a whole file is quoted by
#: its location alone, not by a copy of the file in the report.
SNIPPET_LIMIT = 4096


def _line_starts(text: str) -> list[int] | None:
    """Where each line of ``text`` starts; None when a lone CR makes its lines uncertain (the
    Go grammar and go.mod do not break lines there, JSON, YAML and OpenSSH do): no snippet."""
    if "\r" in text.replace("\r\n", ""):
        return None
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _snippet(d: Diagnostic, text: str, starts: list[int]) -> str:
    """The text of ``d``'s region, exactly as the file has it (its line breaks included); empty
    when the region is empty, outside the file, or over the limit."""

    def offset(line: int, column: int) -> int:
        end = starts[line] - 1 if line < len(starts) else len(text)  # the line's "\n", or the end
        if text.endswith("\r", 0, end):
            end -= 1
        return min(starts[line - 1] + column - 1, end)

    if not 0 < d.line <= d.end_line <= len(starts) or (d.end_line, d.end_column) <= (d.line, d.column):
        return ""
    snippet: str = text[offset(d.line, d.column) : offset(d.end_line, d.end_column)]
    return snippet if len(snippet) <= SNIPPET_LIMIT else ""


def _sarif_fixes(d: Diagnostic, starts: list[int]) -> list[dict]:
    """``d``'s fix as SARIF's ``fixes``: its edits as replacements of regions of the file (its
    offsets turned into lines and code-point columns, as the results' regions count them), its
    safety in the property bag (an unsafe fix may change what the file means: `--unsafe-fixes`)."""
    import bisect

    if d.fix is None or not d.fix.edits:
        return []

    def place(offset: int, prefix: str) -> dict:
        line = bisect.bisect_right(starts, offset)
        return {f"{prefix}Line": line, f"{prefix}Column": offset - starts[line - 1] + 1}

    replacements = [
        {"deletedRegion": {**place(e.start, "start"), **place(e.end, "end")}, "insertedContent": {"text": e.text}}
        for e in d.fix.edits
    ]
    return [
        {
            "description": {"text": d.fix.title},
            "artifactChanges": [{"artifactLocation": _artifact_location(d.path), "replacements": replacements}],
            "properties": {"safety": "unsafe" if d.fix.unsafe else "safe"},
        }
    ]


def _render_sarif(
    diagnostics: Sequence[Diagnostic], rules: Sequence[RuleInfo], sources: Mapping[str, str | None]
) -> str:
    import json

    from remdev_lint import __version__

    sarif_rules: list[dict] = []
    rule_index: dict[str, int] = {}
    for rule in rules:
        if rule.code not in rule_index:
            rule_index[rule.code] = len(sarif_rules)
            sarif_rules.append(_sarif_rule(rule))

    starts = {path: _line_starts(text) for path, text in sources.items() if text is not None}
    results = []
    for d in diagnostics:
        region = _sarif_region(d)
        text, lines = sources.get(d.path), starts.get(d.path)
        if text is not None and lines is not None and (snippet := _snippet(d, text, lines)):
            region["snippet"] = {"text": snippet}
        fixes = _sarif_fixes(d, lines) if lines is not None else []
        result: dict = {"ruleId": d.code}
        if d.code in rule_index:
            result["ruleIndex"] = rule_index[d.code]
        result["level"] = _SARIF_LEVEL.get(d.severity, "warning")
        result["message"] = {"text": d.message}
        result["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact_location(d.path),
                    "region": region,
                }
            }
        ]
        if fixes:
            result["fixes"] = fixes
        results.append(result)

    document = {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "remdev-lint",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": sarif_rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- github -------------------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    """actions/toolkit ``escapeData``: the message after ``::``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """actions/toolkit ``escapeProperty``: a ``key=value`` property before ``::``."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


# GitLab Code Quality's severities (info, minor, major, critical, blocker) for ours.
_GITLAB_SEVERITY = {"error": "critical", "warning": "major", "info": "info"}


def _render_gitlab(diagnostics: Sequence[Diagnostic], fingerprints: Sequence[str]) -> str:
    """GitLab Code Quality (``artifacts:reports:codequality``): a JSON list of Code Climate
    issues, each with the baseline's fingerprint, so that a finding keeps its identity when lines
    move above it and the merge request widget tells new findings from old ones."""
    import json

    if len(fingerprints) != len(diagnostics):
        raise ValueError("the gitlab format needs one fingerprint per diagnostic")
    issues = [
        {
            "type": "issue",
            "check_name": d.code,
            "description": f"{d.code} {d.message}",
            "categories": ["Bug Risk"],
            "severity": _GITLAB_SEVERITY.get(d.severity, "major"),
            "fingerprint": fingerprint,
            "location": {"path": d.path, "lines": {"begin": d.line, "end": max(d.end_line, d.line)}},
        }
        for d, fingerprint in zip(diagnostics, fingerprints, strict=True)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _render_github(diagnostics: Sequence[Diagnostic]) -> str:
    # The message repeats "path:line:column: CODE" as ruff's github format does, so the raw job
    # log (where GitHub prints only the message) reads like the text format.
    lines = []
    for d in diagnostics:
        command = _GITHUB_COMMAND.get(d.severity, "warning")
        path = printable(d.path, newlines=True)
        properties = (
            f"file={_escape_property(path)},line={d.line},col={d.column},"
            f"endLine={d.end_line},endColumn={d.end_column},title={_escape_property(d.code)}"
        )
        message = f"{path}:{d.line}:{d.column}: {d.code} {printable(d.message, newlines=True)}"
        lines.append(f"::{command} {properties}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)


# --- junit and checkstyle -----------------------------------------------------------------------


def _xml_text(text: str) -> str:
    """``text`` as XML 1.0 can hold it: the characters it forbids even as references (C0
    controls but tab and line breaks, lone surrogates, U+FFFE/U+FFFF) written as escapes, as
    the text format writes them."""
    return printable(text, newlines=True).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


def _by_file(diagnostics: Sequence[Diagnostic], checked: Sequence[str]) -> dict[str, list[Diagnostic]]:
    """Each file, checked or found in, with its findings: in path order."""
    files: dict[str, list[Diagnostic]] = {path: [] for path in checked}
    for d in diagnostics:
        files.setdefault(d.path, []).append(d)
    return dict(sorted(files.items()))


def _xml_document(root: ET.Element) -> str:
    import xml.etree.ElementTree as ET

    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _render_junit(diagnostics: Sequence[Diagnostic], checked: Sequence[str], unread: Mapping[str, str]) -> str:
    """JUnit XML, for the test-report views of GitLab, Jenkins and Azure DevOps: a
    ``<testsuite>`` per file; in it, a clean file is one passing ``<testcase>``, and each finding
    is a ``<testcase>`` with one ``<failure>``; a file that was not read (too large, a FIFO),
    without findings (RL004 not selected), is one skipped testcase. Not one testcase holding a failure per finding:
    Jenkins' JUnit plugin shows only a testcase's first failure (``CaseResult.getError``) and
    GitLab keeps one status and output per testcase. A finding's testcase is named by its code
    and message (no line number), so the reports of two commits name the same finding alike
    when lines move: GitLab tells new failures from old ones by name."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="remdev-lint")
    total = failed = 0
    for path, found in _by_file(diagnostics, checked).items():
        shown = _xml_text(path)
        suite = ET.SubElement(root, "testsuite", name=shown, tests=str(max(len(found), 1)))
        suite.set("failures", str(len(found)))
        suite.set("errors", "0")
        if not found:
            case = ET.SubElement(suite, "testcase", classname=shown, name=shown)
            if path in unread:
                ET.SubElement(case, "skipped", message=_xml_text(unread[path]))
                suite.set("skipped", "1")
        seen: dict[str, int] = {}
        for d in found:
            name = _xml_text(f"{d.code} {d.message}")
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:  # the same message twice in a file: two tests, told apart in order
                name += f" ({seen[name]})"
            case = ET.SubElement(suite, "testcase", classname=shown, name=name)
            failure = ET.SubElement(case, "failure", type=d.code, message=_xml_text(d.message))
            failure.text = _xml_text(f"{path}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}")
        total += max(len(found), 1)
        failed += len(found)
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")  # no `skipped` here: the xUnit plugin's schema allows it per suite only
    return _xml_document(root)


def _render_checkstyle(diagnostics: Sequence[Diagnostic], checked: Sequence[str]) -> str:
    """Checkstyle XML, as Checkstyle writes it and Jenkins' Warnings plugin and reviewdog read
    it: a ``<file>`` per checked file, an ``<error>`` per finding with its line, column,
    severity (error, warning, info), message and rule code as ``source``."""
    import xml.etree.ElementTree as ET

    root = ET.Element("checkstyle", version="4.3")  # the format's version, as ESLint writes it
    for path, found in _by_file(diagnostics, checked).items():
        file = ET.SubElement(root, "file", name=_xml_text(path))
        for d in found:
            error = ET.SubElement(file, "error", line=str(d.line), column=str(d.column))
            error.set("severity", d.severity)
            error.set("message", _xml_text(d.message))
            error.set("source", d.code)
    return _xml_document(root)
