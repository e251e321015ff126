"""Regular expressions that run in linear time, whatever the pattern and the text.

Patterns come from rule files, configuration and ``.gitignore`` files, and texts from the files
being linted: both may be hostile. Python's ``re`` backtracks, so ``(a*)*b`` or ``a*a*a*a*a*b``
against a long line can take hours. RE2 (Google's engine, as Go's ``regexp`` and ruff's Rust
``regex`` work) guarantees time linear in the text, and refuses the features that need
backtracking (backreferences, lookaround) when the pattern is compiled: a rule file using them
is rejected when it is loaded, with RE2's message.

RE2's syntax is Python's for everything else (``(?i)``, ``(?:...)``, ``\\d``, ``[^/]``, ``{n,m}``);
``$`` matches only at the very end of the text (Python's also before a final newline).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    import re
    from typing import Any


class RegexError(ValueError):
    """A pattern RE2 cannot compile; the message is RE2's ("invalid perl operator: (?=")."""


def compile_linear(pattern: str) -> Any:
    """``pattern`` compiled by RE2: an object with ``search`` and ``fullmatch`` as ``re`` has."""
    import re2

    options = re2.Options()
    options.log_errors = False  # errors are raised, not also printed on stderr
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        raise RegexError(reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)) from None


def matchable(text: str) -> str:
    """``text`` as RE2 can take it: a lone surrogate (a file name that is not UTF-8 holds one per
    bad byte, ``os.fsdecode``; a JSON string may hold ``"\\ud800"``) cannot be encoded, so each
    becomes U+FFFD, one character that ``*``, ``?`` and ``.`` match like any other."""
    import re

    return re.sub("[\ud800-\udfff]", "\ufffd", text)


def match_at(pattern: re.Pattern[str], text: str, pos: int = 0) -> re.Match[str]:
    """The match of one of our own patterns at ``pos``, where it cannot fail: the pattern matches
    the empty string (``[ \\t]*``), or a parser has already accepted the text being walked."""
    match = pattern.match(text, pos)
    assert match is not None, f"{pattern.pattern!r} does not match at {pos}"
    return match
