"""Value grammars the check primitives compare: Go versions, Go durations, file-system paths.

Each parser returns ``None`` for text outside its grammar: a value the linter cannot read is never
judged, it is left alone. None of them raises, whatever the value: numbers of any length are read
(Python's ``int`` refuses strings of more than 4,300 digits, and ``float`` refuses integers over
about 1e308), and only ASCII digits count as digits, as in the tools that read these values.
"""

from __future__ import annotations

import math
import re

# --- Go versions (golang.org/x/mod's gover / go/version ordering) -------------------------------

_GO_VERSION = re.compile(
    r"(?:go|v)?(?P<major>0|[1-9][0-9]*)"
    r"(?:\.(?P<minor>0|[1-9][0-9]*)"
    r"(?:\.(?P<patch>0|[1-9][0-9]*))?"
    r"(?:(?P<kind>alpha|beta|rc)(?P<pre>0|[1-9][0-9]*))?)?"
)
_NO_NUMBER = (0, "")  # sorts before every number key


def go_version_key(text: object) -> tuple | None:
    """A sort key that orders versions as Go does: ``1.21 < 1.21rc1 < 1.21.0 < 1.21.6 < 1.22``.

    ``1.21`` is the language version, before any release candidate of 1.21; a missing patch
    number sorts before ``.0``. A leading ``go`` or ``v`` is ignored. ``None`` when the text is
    not a version. Numbers compare as Go's ``gover`` compares them, by length and then digit by
    digit (they have no leading zeros), so that a number of any length is a key.
    """
    if not isinstance(text, str):
        return None
    match = _GO_VERSION.fullmatch(text.strip())
    if match is None:
        return None
    major, minor, patch, kind, pre = match.group("major", "minor", "patch", "kind", "pre")
    return (
        _number_key(major),
        _number_key(minor),
        _number_key(patch),
        # Go compares kinds as strings: "" < "alpha" < "beta" < "rc"; a patch release has no kind.
        kind or "",
        _number_key(pre),
    )


def _number_key(digits: str | None) -> tuple[int, str]:
    return _NO_NUMBER if digits is None else (len(digits), digits)


# --- Go durations (time.ParseDuration) ---------------------------------------------------------

_DURATION_UNITS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "μs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}
_DURATION_PART = re.compile(r"([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)")


def duration_seconds(value: object) -> float | None:
    """Seconds in a duration: Go's ``time.ParseDuration`` syntax (``"1m30s"``, ``"500ms"``,
    ``"-2h"``) or a plain number of seconds. ``None`` when the value is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _float(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    sign = 1.0
    if text[:1] in "+-" and text:
        sign = -1.0 if text[0] == "-" else 1.0
        text = text[1:]
    if text == "0":
        return 0.0
    if not text:
        return None
    total = 0.0
    pos = 0
    for match in _DURATION_PART.finditer(text):
        if match.start() != pos:
            return None
        total += float(match.group(1)) * _DURATION_UNITS[match.group(2)]
        pos = match.end()
    if pos != len(text):
        return None
    return sign * total


# --- numbers ----------------------------------------------------------------------------------


def number(value: object) -> float | None:
    """A number, from a number or from a string holding a decimal number (an integer too large for
    a float is infinite, with its sign)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _float(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:  # an integer over about 1e308
        return math.inf if value > 0 else -math.inf


_MAX_DIGITS = 1000
#: What a string of more digits than :data:`_MAX_DIGITS` counts as: more than any value compared.
_HUGE = 10**_MAX_DIGITS


def _integer(digits: str) -> int:
    """The value of a string of ASCII digits, of any length."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= _MAX_DIGITS else _HUGE


# --- file-system paths as any OS would read them ----------------------------------------------

_WINDOWS_ABSOLUTE = re.compile(r"[A-Za-z]:|[\\/]")


def is_absolute_path(value: object) -> bool:
    """Absolute on some OS: ``/x``, ``\\x``, ``\\\\server\\share``, ``C:\\x``, ``C:/x``, ``C:x``.

    A repository is shared between machines of any OS, so a path that is absolute anywhere is
    treated as absolute.
    """
    return isinstance(value, str) and _WINDOWS_ABSOLUTE.match(value) is not None


def is_home_relative_path(value: object) -> bool:
    """``~``, ``~/x`` or ``~user/x``: the shell's home directory notation."""
    return isinstance(value, str) and value.startswith("~")


# --- network ports ----------------------------------------------------------------------------

_ADDRESS_PORT = re.compile(r"(?:\[[^\]]*\]|[^:\s]*):([0-9]+)")


def port(value: object) -> int | None:
    """The port of ``host:port``, ``:port``, ``[::1]:port``, or a port number (int or digits).
    ``None`` for anything else (a Unix socket, a variable)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        return _integer(text)
    match = _ADDRESS_PORT.fullmatch(text)
    return _integer(match.group(1)) if match else None


# --- key=value lists (Docker's --mount syntax) --------------------------------------------------


def split_fields(text: str, separator: str = ",", quotes: bool = False) -> list[tuple[str, int, int]]:
    """The fields of ``text`` between ``separator``s, each ``(field, start, end)`` with its
    offsets in ``text``. With ``quotes``, a field that starts with ``"`` is read as CSV reads it
    (up to the closing quote, ``""`` standing for one quote, the quotes removed). Empty fields
    are kept (``a,,b``: Docker rejects them); an empty text has no fields."""
    fields: list[tuple[str, int, int]] = []
    if not text:
        return fields
    i, n = 0, len(text)
    while i <= n:
        start = i
        if quotes and i < n and text[i] == '"':
            chars, i = [], i + 1
            while i < n:  # up to the closing quote, a doubled quote standing for one
                quote = text.find('"', i)
                if quote == -1:
                    chars.append(text[i:])
                    i = n
                    break
                chars.append(text[i:quote])
                if text.startswith('""', quote):
                    chars.append('"')
                    i = quote + 2
                    continue
                i = quote + 1
                break
            end = text.find(separator, i)
            end = n if end == -1 else end
            field = "".join(chars) + text[i:end]
        else:
            end = text.find(separator, i)
            end = n if end == -1 else end
            field = text[start:end]
        fields.append((field, start, end))
        i = end + len(separator)
    return fields


# --- Docker byte values (docker/go-units RAMInBytes) --------------------------------------------

_BYTES = re.compile(r"([0-9]+(?:\.[0-9]+)*) ?([kKmMgGtTpP])?[iI]?[bB]?")
_BINARY = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}


def byte_size(value: object) -> int | None:
    """A Docker byte value (``--memory``, compose ``mem_limit``) in bytes, read as go-units'
    RAMInBytes reads it: a number, an optional space, an optional unit letter (binary: ``k`` is
    1024, case does not matter), optional ``i`` and ``b`` (``512m``, ``4g``, ``1.5GiB``, ``2 GB``).
    A YAML or JSON integer is a number of bytes. None for anything else (``4 gigs``, ``-1``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        return None
    match = _BYTES.fullmatch(value)
    if match is None:
        return None
    number, unit = match.groups()
    try:
        return int(float(number) * _BINARY[(unit or "").lower()])
    except ValueError:  # `1.2.3`: the grammar's repeated fraction, which Go's ParseFloat rejects
        return None
    except OverflowError:  # over about 1e308: ParseFloat's range error, which go-units reports
        return None


# --- OpenSSH time values (misc.c convtime) --------------------------------------------------------

_OPENSSH_TIME = re.compile(r"([0-9]+)([sSmMhHdDwW]?)")
_OPENSSH_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def openssh_seconds(value: object) -> int | None:
    """An OpenSSH time value in seconds, as ssh and sshd read it: a sequence of numbers, each with
    an optional unit (``s``, ``m``, ``h``, ``d``, ``w``, either case), summed: ``90``, ``1m30s``,
    ``1h30m``. A YAML or JSON integer is seconds. None for anything else (``1.5``, ``5x``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if not isinstance(value, str) or not value:
        return None
    total, position = 0, 0
    for match in _OPENSSH_TIME.finditer(value):
        if match.start() != position:
            return None
        total += _integer(match.group(1)) * _OPENSSH_UNITS[match.group(2).lower()]
        position = match.end()
    return total if position == len(value) else None
