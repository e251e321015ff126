"""What the engine finds: diagnostics, severities and the rule facts reporters need."""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Protocol
else:
    Protocol = object


#: Severities from the most to the least severe, as rule files and ``--fail-on`` spell them.
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


def at_least(severity: str, threshold: str) -> bool:
    """True when ``severity`` is as severe as ``threshold`` or more."""
    return SEVERITY_RANK[severity] <= SEVERITY_RANK[threshold]


class Diagnostic(
    namedtuple("Diagnostic", "path line column end_line end_column code name severity message fix", defaults=(None,))
):
    """One finding. ``path`` is relative to the current directory with POSIX separators.

    Lines and columns start at 1; columns count Unicode code points; ``end_column`` is exclusive.
    ``fix`` is the :class:`remdev_lint.edits.Fix` its rule offers here, or None. Two findings
    that differ only in their fix are the same finding (the one reported through another file
    and the one in the file itself).
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Diagnostic) and self[:9] == other[:9]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:9])


def unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Each finding once, in the order first met; of two alike, the one with a fix."""
    found: dict[Diagnostic, Diagnostic] = {}
    for d in diagnostics:
        if d not in found or found[d].fix is None:
            found[d] = d
    return list(found.values())


class RuleInfo(Protocol):
    """The facts about a rule that reporters print (SARIF's ``tool.driver.rules``)."""

    code: str
    name: str
    severity: str
    summary: str
    explanation: str
    builtin: bool  # a built-in rule has a page (:func:`rule_page`); a team's has none


#: Where each built-in rule's page is published (``docs/rules/CODE.md``, generated from its file).
RULE_PAGES = "https://github.com/remdev-lint/remdev-lint/blob/main/docs/rules/{code}.md"


def rule_page(rule: RuleInfo) -> str | None:
    """The URL of the rule's page (what ``--explain`` prints), for a built-in rule."""
    return RULE_PAGES.format(code=rule.code) if rule.builtin else None
