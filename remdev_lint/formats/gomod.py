"""go.mod and go.work parser.

A hand-written port of ``golang.org/x/mod/modfile``: the lexer and block structure of ``read.go``
(``readToken``, ``parseStmt``, ``parseLineBlock``) and the directive rules of ``rule.go``
(``parseToFile``, ``File.add``, ``parseReplace``, ``parseVersionInterval``) and ``work.go``
(``ParseWork``, ``WorkFile.add``), in strict (main-module) mode and with no version fixer, as
``go mod edit`` and ``go work edit`` parse.

The document root is a mapping shaped like ``go mod edit -json`` / ``go work edit -json``
output; every value is a :class:`~remdev_lint.model.Node` with its exact span:

* go.mod: ``Module`` {``Path``, ``Deprecated``?}, ``Go``, ``Toolchain``, ``Godebug`` [{``Key``,
  ``Value``}], ``Require`` [{``Path``, ``Version``, ``Indirect``?}], ``Exclude`` [{``Path``,
  ``Version``}], ``Replace`` [{``Old``: {``Path``, ``Version``?}, ``New``: {``Path``,
  ``Version``?}}], ``Retract`` [{``Low``, ``High``, ``Rationale``?}], ``Tool`` [{``Path``}],
  ``Ignore`` [{``Path``}].
* go.work: ``Go``, ``Toolchain``, ``Godebug``, ``Use`` [{``DiskPath``}], ``Replace``.

A key is present only when the file has that directive. Deliberate differences from modfile:

* Versions are kept as written (modfile canonicalises ``v1`` to ``v1.0.0``); they are still
  validated as modfile validates them (semantic version, major version matching the path).
* A leading UTF-8 byte order mark is skipped and not counted in columns (Go rejects it with
  ``unexpected input character '\\ufeff'``; a rule can check ``document.text``).
* Backslash directory paths in ``replace`` are accepted (Go rejects them on Unix only).
* Parsing stops at the first error, raised as :class:`~remdev_lint.model.ParseError` at the
  offending token, on the line of the first error Go reports (modfile lists every directive
  error). Messages are modfile's, except ``unterminated quoted string`` (Go: ``unexpected newline
  in string`` / ``unexpected EOF in string``) and ``unexpected ')'`` (Go: ``unknown directive: )``),
  and module-path errors name the directive and path.
"""

from __future__ import annotations

import re

from remdev_lint.model import Comment, Document, Node, ParseError, Span
from remdev_lint.regexes import match_at

__all__ = ["is_directory_path", "parse_gomod", "parse_gowork"]

# Token kinds. A token is a tuple (kind, text, line, column, end_line, end_column).
_NL = 0  # newline
_COMMENT = 1  # whole-line comment (consumes its newline)
_EOLCOMMENT = 2  # comment after tokens on its line (consumes its newline; ends the line)
_PUNCT = 3  # ( ) [ ] { } ,
_STRING = 4  # "..." or `...`
_IDENT = 5  # anything else
_EOF = 6
_EOL = (_NL, _EOLCOMMENT, _EOF)

# One token after optional blanks. The alternatives are disjoint on their first character.
_TOKEN_RE = re.compile(
    r"[ \t\r]*(?:"
    r"((?:[^\x00-\x20\x7f()\[\]{},/\"`]|/(?![/*]))(?:[^\x00-\x20\x7f()\[\]{},/]+|/(?![/*]))*)"  # 1 ident
    r"|(\n)"  # 2
    r"|(//[^\n]*)"  # 3
    r"|(/\*)"  # 4
    r"|([()\[\]{},])"  # 5
    r'|("(?:[^"\\\n]|\\[\s\S])*)("?)'  # 6, 7 (7 empty: unterminated)
    r"|(`[^`\n]*)(`?)"  # 8, 9
    r")"
)
_BLANKS_RE = re.compile(r"[ \t\r]*")
_GO_VERSION_RE = re.compile(r"[1-9][0-9]*\.(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))?(?:[a-z]+[0-9]+)?")
_TOOLCHAIN_RE = re.compile(r"default\Z|go1(?:\Z|\.)")
_SEMVER_RE = re.compile(
    r"v(0|[1-9][0-9]*)(?:(\.(?:0|[1-9][0-9]*))(?:(\.(?:0|[1-9][0-9]*))"
    r"(-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?"
)
_PSEUDO_RE = re.compile(
    r"v[0-9]+\.(?:0\.0-|[0-9]+\.[0-9]+-(?:[^+]*\.)?0\.)[0-9]{14}-[A-Za-z0-9]+"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?"
)
_DEPRECATED_RE = re.compile(r"(?s)(?:^|\n\n)(Deprecated:) *(.*?)(?:\Z|\n\n)")
_DRIVE_RE = re.compile(r"[A-Za-z]:")

_GOMOD_BLOCKS = frozenset(("module", "godebug", "require", "exclude", "replace", "retract", "tool", "ignore"))
_GOWORK_BLOCKS = frozenset(("godebug", "use", "replace"))
_GOMOD_ORDER = (
    "Module",
    "Go",
    "Toolchain",
    "Godebug",
    "Require",
    "Exclude",
    "Replace",
    "Retract",
    "Tool",
    "Ignore",
)
_GOWORK_ORDER = ("Go", "Toolchain", "Godebug", "Use", "Replace")
_REPLACE_USAGE = (
    "usage: replace module/path [v1.2.3] => other/module v1.4 or replace module/path [v1.2.3] => ../local/directory"
)
_SIMPLE_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, '"': 34}
_QUOTE_ESCAPES = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v", 92: "\\\\"}


def is_directory_path(path: str) -> bool:
    """Whether ``path`` is a directory path rather than a module path (``modfile.IsDirectoryPath``).

    ``.``, ``..``, paths starting with ``./``, ``.\\``, ``../``, ``..\\``, ``/`` or ``\\``, and
    drive-letter paths like ``C:foo`` (both Unix and Windows syntaxes are recognised).
    """
    return (
        path in (".", "..")
        or path.startswith(("./", ".\\", "../", "..\\", "/", "\\"))
        or _DRIVE_RE.match(path) is not None
    )


#: What a comment in a go.mod's header says of a file a tool writes (Go source has `// Code
#: generated ... DO NOT EDIT.`; go.mod files have no convention, so the words tools use).
_GENERATED = re.compile(r"(?i)\bdo not edit\b|\bcode generated\b|\bauto[- ]?(?:generated|created)\b")


def parse_gomod(text: str) -> Document:
    """Parse a go.mod file (strict: unknown directives are errors)."""
    return _parse(text, True)


def parse_gowork(text: str) -> Document:
    """Parse a go.work file."""
    return _parse(text, False)


# --------------------------------------------------------------------------------------------
# Lexer


def _is_print(ch: str) -> bool:
    """Go's ``unicode.IsPrint``: letters, marks, numbers, punctuation, symbols and ASCII space."""
    if ch < "\x7f":
        return ch >= " "
    import unicodedata

    return unicodedata.category(ch)[0] in "LMNPS"


def _go_quote(s: str, quote: str = '"') -> str:
    """``strconv.Quote`` (or ``QuoteRune`` with ``quote="'"``), as Go error messages quote."""
    out = [quote]
    for ch in s:
        code = ord(ch)
        if ch == quote or ch == "\\":
            out.append("\\" + ch)
        elif _is_print(ch):
            out.append(ch)
        elif code in _QUOTE_ESCAPES:
            out.append(_QUOTE_ESCAPES[code])
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append(quote)
    return "".join(out)


def _lex(text: str) -> tuple[list[tuple], list[Comment]]:
    """The tokens of ``text``, ending with an EOF token, and its comments.

    Go's lexer runs one token ahead of its parser, so a block-structure error before a lexical
    error wins. A lexical error therefore ends the token list: its EOF token carries the error as
    a seventh element, raised when the structure pass reaches it.
    """
    tokens: list[tuple] = []
    comments: list[Comment] = []
    try:
        _scan(text, tokens, comments)
    except ParseError as exc:
        tokens.append((_EOF, "", exc.line, exc.column, exc.line, exc.column, exc))
    return tokens, comments


# One pass whose line, line-start and on-line state every kind of token shares, as in Go's
# modfile lexer: split up, that state would be threaded through each part.
def _scan(text: str, tokens: list[tuple], comments: list[Comment]) -> None:  # noqa: C901
    append = tokens.append
    match = _TOKEN_RE.match
    n = len(text)
    pos = 1 if text.startswith("\ufeff") else 0
    line = 1
    line_start = pos  # offset of column 1 on the current line
    on_line = False  # whether a token precedes the current position on this line
    while pos < n:
        m = match(text, pos)
        if m is None:
            pos = match_at(_BLANKS_RE, text, pos).end()
            if pos == n:
                break
            raise _unexpected(text[pos], line, pos - line_start + 1)
        kind = m.lastindex
        assert kind is not None  # each alternative of the pattern is a group
        pos = m.start(kind - 1 if kind in (7, 9) else kind)  # a string starts at its opening quote
        end = m.end()
        col = pos - line_start + 1
        if kind == 1:
            tok = m.group(1)
            if not tok.isascii():
                for i, ch in enumerate(tok):
                    if ch > "\x7f" and not _is_print(ch):
                        raise _unexpected(ch, line, col + i)
            append((_IDENT, tok, line, col, line, col + len(tok)))
            on_line = True
        elif kind == 2:
            append((_NL, "\n", line, col, line, col + 1))
            line += 1
            line_start = end
            on_line = False
        elif kind == 3:
            body = m.group(3)
            if end < n and body.endswith("\r"):
                body = body[:-1]
            end_col = col + len(body)
            comments.append(Comment(Span(line, col, line, end_col), body[2:]))
            append((_EOLCOMMENT if on_line else _COMMENT, body, line, col, line, end_col))
            if end < n:  # the comment consumes its newline
                end += 1
                line += 1
                line_start = end
            on_line = False
        elif kind == 4:
            raise ParseError("mod files must use // comments (not /* */ comments)", line, col)
        elif kind == 5:
            append((_PUNCT, m.group(5), line, col, line, col + 1))
            on_line = True
        else:  # quoted string: kind 7 ("...") or 9 (`...`)
            tok = m.group(kind - 1) + m.group(kind)
            if not m.group(kind):
                _unterminated(text, tok, pos, line, col)
            newlines = tok.count("\n")  # only after a backslash, as Go's lexer allows
            if newlines:
                end_line = line + newlines
                line_start = pos + tok.rindex("\n") + 1
                append((_STRING, tok, line, col, end_line, end - line_start + 1))
                line = end_line
            else:
                append((_STRING, tok, line, col, line, col + len(tok)))
            on_line = True
        pos = end
    append((_EOF, "", line, pos - line_start + 1, line, pos - line_start + 1))


def _unexpected(ch: str, line: int, column: int) -> ParseError:
    return ParseError(f"unexpected input character {_go_quote(ch, chr(39))}", line, column)


def _unterminated(text: str, tok: str, pos: int, line: int, col: int) -> None:
    """Raise for a string with no closing quote: at the quote, or where Go's lexer stopped."""
    end = pos + len(tok)
    if end < len(text) and text[end] == "\n" and "\n" in tok:
        # The string ran on over an escaped newline; Go reports the line where it stopped.
        last_newline = pos + tok.rindex("\n")
        raise ParseError("unterminated quoted string", line + tok.count("\n"), end - last_newline)
    raise ParseError("unterminated quoted string", line, col)


# --------------------------------------------------------------------------------------------
# Block structure (read.go parseFile / parseStmt / parseLineBlock / parseLine)


class _Line:
    __slots__ = ("tokens", "in_block", "before", "suffix")

    def __init__(self, tokens: list[tuple], in_block: bool, before: list[tuple], suffix: tuple | None) -> None:
        self.tokens = tokens  # verb included for a top-level line, not for a line in a block
        self.in_block = in_block
        self.before = before  # whole-line comments attached before the line
        self.suffix = suffix  # end-of-line comment


class _Block:
    __slots__ = ("tokens", "lines", "rparen", "before")

    def __init__(self, tokens: list[tuple], lines: list[_Line], rparen: tuple, before: list[tuple]) -> None:
        self.tokens = tokens  # the tokens before "("
        self.lines = lines
        self.rparen = rparen
        self.before = before


def _structure(tokens: list[tuple]) -> list:
    stmts: list = []
    pending: list[tuple] = []  # whole-line comments directly above the next statement
    i = 0
    while True:
        tok = tokens[i]
        kind = tok[0]
        if kind == _NL:
            pending = []
            i += 1
        elif kind == _COMMENT:
            pending.append(tok)
            i += 1
        elif kind == _EOF:
            if len(tok) > 6:
                raise tok[6]  # a lexical error (see _lex)
            return stmts
        else:
            i = _statement(tokens, i, pending, stmts)
            pending = []


def _statement(tokens: list[tuple], i: int, before: list[tuple], stmts: list) -> int:
    words = [tokens[i]]
    i += 1
    while True:
        tok = tokens[i]
        kind = tok[0]
        if kind in _EOL:
            stmts.append(_Line(words, False, before, tok if kind == _EOLCOMMENT else None))
            return i if kind == _EOF else i + 1
        if kind == _PUNCT and tok[1] == "(":
            nxt = tokens[i + 1]
            if nxt[0] in _EOL:
                return _block(tokens, i + 1, words, before, stmts)
            if nxt[0] == _PUNCT and nxt[1] == ")":
                after = tokens[i + 2]
                if after[0] in _EOL:  # empty block "verb ()"
                    stmts.append(_Block(words, [], nxt, before))
                    return i + 2 if after[0] == _EOF else i + 3
                words.append(tok)
                words.append(nxt)
                i += 2
                continue
        words.append(tok)
        i += 1


def _block(tokens: list[tuple], i: int, header: list[tuple], before: list[tuple], stmts: list) -> int:
    lines: list[_Line] = []
    comments: list[tuple] = []
    while True:
        tok = tokens[i]
        kind = tok[0]
        if kind == _NL or kind == _EOLCOMMENT:
            i += 1
        elif kind == _COMMENT:
            comments.append(tok)
            i += 1
        elif kind == _EOF:
            if len(tok) > 6:
                raise tok[6]
            start = header[0]
            raise ParseError(f"syntax error (unterminated block started at {start[2]}:{start[3]})", tok[2], tok[3])
        elif kind == _PUNCT and tok[1] == ")":
            nxt = tokens[i + 1]
            if nxt[0] not in _EOL:
                raise ParseError("syntax error (expected newline after closing paren)", nxt[2], nxt[3])
            stmts.append(_Block(header, lines, tok, before))
            return i + 1 if nxt[0] == _EOF else i + 2
        else:
            words = [tok]
            i += 1
            while tokens[i][0] not in _EOL:
                words.append(tokens[i])
                i += 1
            end = tokens[i]
            lines.append(_Line(words, True, comments, end if end[0] == _EOLCOMMENT else None))
            comments = []
            if end[0] != _EOF:
                i += 1


# --------------------------------------------------------------------------------------------
# Values


def _span(tok: tuple) -> Span:
    return Span(tok[2], tok[3], tok[4], tok[5])


def _range(first: tuple, last: tuple) -> Span:
    return Span(first[2], first[3], last[4], last[5])


# A line-by-line port of Go's strconv.Unquote escape decoding: kept as one loop, to be read
# side by side with Go's.
def _unquote(s: str) -> str:  # noqa: C901
    """Go's ``strconv.Unquote`` for a double-quoted string; ValueError("invalid syntax") if bad."""
    body = s[1:-1]
    if len(s) < 2 or s[-1] != '"' or "\n" in body:
        raise ValueError("invalid syntax")
    if "\\" not in body:
        return body
    out = bytearray()
    i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if ch != "\\":
            j = body.find("\\", i)
            if j < 0:
                j = n
            out += body[i:j].encode("utf-8", "surrogatepass")
            i = j
            continue
        if i + 1 >= n:
            raise ValueError("invalid syntax")
        c = body[i + 1]
        i += 2
        if c in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[c])
        elif c in "xuU":
            size = {"x": 2, "u": 4, "U": 8}[c]
            digits = body[i : i + size]
            if len(digits) != size or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise ValueError("invalid syntax")
            value = int(digits, 16)
            i += size
            if c == "x":
                out.append(value)
            elif value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
                raise ValueError("invalid syntax")
            else:
                out += chr(value).encode("utf-8")
        elif "0" <= c <= "7":
            digits = c + body[i : i + 2]
            if len(digits) != 3 or not all("0" <= d <= "7" for d in digits) or int(digits, 8) > 255:
                raise ValueError("invalid syntax")
            out.append(int(digits, 8))
            i += 2
        else:
            raise ValueError("invalid syntax")
    return out.decode("utf-8", "replace")  # Go keeps the bytes; its JSON shows U+FFFD


def _parse_string(tok: tuple) -> str:
    """modfile ``parseString``: unquote ``"..."``; any other quote character is an error."""
    text: str = tok[1]
    if text.startswith('"'):
        return _unquote(text)
    if '"' in text or "'" in text or "`" in text:
        raise ValueError("unquoted string cannot contain quote")
    return text


def _canonical(v: str) -> str:
    """``module.CanonicalVersion``: "" if ``v`` is not a semantic version."""
    m = _SEMVER_RE.fullmatch(v)
    if m is None:
        return ""
    major, minor, patch, pre, build = m.groups()
    if patch and not pre and not build:
        return v
    if pre and any(len(p) > 1 and p[0] == "0" and p.isdigit() for p in pre[1:].split(".")):
        return ""
    canonical = "v" + major + (minor or ".0") + (patch or ".0") + (pre or "")
    if build == "+incompatible":
        canonical += build
    return canonical


def _split_path_version(path: str) -> tuple[str, bool]:
    """``module.SplitPathVersion``: (pathMajor, ok)."""
    if path.startswith("gopkg.in/"):
        i = len(path)
        if path.endswith("-unstable"):
            i -= len("-unstable")
        while i > 0 and "0" <= path[i - 1] <= "9":
            i -= 1
        if i <= 1 or path[i - 1] != "v" or path[i - 2] != ".":
            return "", False
        major = path[i - 2 :]
        if len(major) <= 2 or (major[2] == "0" and major != ".v0"):
            return "", False
        return major, True
    i = len(path)
    dot = False
    while i > 0 and ("0" <= path[i - 1] <= "9" or path[i - 1] == "."):
        dot = dot or path[i - 1] == "."
        i -= 1
    if i <= 1 or i == len(path) or path[i - 1] != "v" or path[i - 2] != "/":
        return "", True
    major = path[i - 2 :]
    if dot or len(major) <= 2 or major[2] == "0" or major == "/v1":
        return "", False
    return major, True


def _check_path_major(v: str, path_major: str) -> str | None:
    """``module.CheckPathMajor`` for canonical ``v``: the error text, or None."""
    if path_major.startswith(".v") and path_major.endswith("-unstable"):
        path_major = path_major[: -len("-unstable")]
    if v.startswith("v0.0.0-") and path_major == ".v1":
        return None
    major = v[: v.index(".")] if "." in v else v
    if not path_major:
        if major in ("v0", "v1") or v.endswith("+incompatible"):
            return None
        want = "v0 or v1"
    else:
        if major == path_major[1:]:
            return None
        want = path_major[1:]
    noun = "pseudo-version" if v.count("-") >= 2 and _PSEUDO_RE.fullmatch(v) else "version"
    return f"{noun} {_go_quote(v)} invalid: should be {want}, not {major}"


def _comment_node(comments: list[tuple], value: str) -> Node:
    span = Span(comments[0][2], comments[0][3], comments[-1][4], comments[-1][5])
    return Node(value, span, span)


def _directive_comments(line: _Line, block: _Block | None) -> list[tuple]:
    """modfile ``parseDirectiveComment``: the line's comments, else its block's."""
    comments = line.before + [line.suffix] if line.suffix else line.before
    if block is not None and not comments:
        comments = block.before
    return comments


def _rationale(line: _Line, block: _Block | None) -> Node | None:
    comments = _directive_comments(line, block)
    text = "\n".join(c[1][2:].strip() for c in comments)
    return _comment_node(comments, text) if text else None


def _deprecation(line: _Line, block: _Block | None) -> Node | None:
    comments = _directive_comments(line, block)
    if not comments:
        return None
    texts = [c[1][2:].strip() for c in comments]
    m = _DEPRECATED_RE.search("\n".join(texts))
    if m is None or not m.group(2):
        return None
    first = last = 0
    offset = 0
    for index, t in enumerate(texts):  # map match offsets back to comment lines
        if offset <= m.start(1):
            first = index
        if offset < m.end(2):
            last = index
        offset += len(t) + 1
    return _comment_node(comments[first : last + 1], m.group(2))


def _is_indirect(line: _Line) -> bool:
    """modfile ``isIndirect``: the end-of-line comment is ``// indirect`` or ``// indirect; ...``."""
    if line.suffix is None:
        return False
    fields = line.suffix[1][2:].split()
    return (len(fields) == 1 and fields[0] == "indirect") or (len(fields) > 1 and fields[0] == "indirect;")


# --------------------------------------------------------------------------------------------
# Directives (rule.go File.add, work.go WorkFile.add)


class _Builder:
    """Interprets directive lines into the members of the root mapping."""

    def __init__(self, gomod: bool) -> None:
        self.gomod = gomod
        self.scalars: dict[str, Node] = {}
        self.lists: dict[str, list] = {}  # key -> [items, key span, first stmt span, last stmt span]
        self.handlers = _GOMOD_HANDLERS if gomod else _GOWORK_HANDLERS
        # The line being interpreted: its span, the key span for members of its item, the span of
        # its statement (the whole block for a line in a block) and of the directive verb.
        self.line_span = self.key_span = self.stmt_span = self.verb_span = Span.point(1, 1)

    # Helpers -------------------------------------------------------------------------------

    def add_item(self, key: str, fields: dict[str, Node]) -> None:
        item = Node(fields, self.line_span)
        entry = self.lists.get(key)
        if entry is None:
            self.lists[key] = [[item], self.verb_span, self.stmt_span, self.stmt_span]
        else:
            entry[0].append(item)
            entry[3] = self.stmt_span

    @staticmethod
    def string(tok: tuple) -> str:
        try:
            return _parse_string(tok)
        except ValueError as exc:
            raise _error(f"invalid quoted string: {exc}", tok) from None

    @staticmethod
    def version(verb: str, path: str, tok: tuple, check: bool = True) -> tuple[str, str]:
        """modfile ``parseVersion``: (value as written, canonical form). ``check=False`` accepts any
        string, as retract versions are accepted when no version fixer is given."""
        prefix = f"{verb} {path}: " if path else f"{verb}: "
        try:
            value = _parse_string(tok)
        except ValueError as exc:
            raise _error(f"{prefix}version {_go_quote(tok[1])} invalid: {exc}", tok) from None
        if not check:
            return value, value
        canonical = _canonical(value)
        if not canonical:
            raise _error(f"{prefix}version {_go_quote(value)} invalid: must be of the form v1.2.3", tok)
        return value, canonical

    @staticmethod
    def path_major(verb: str, path: str, tok: tuple) -> str:
        major, ok = _split_path_version(path)
        if not ok:
            raise _error(f"{verb} {path}: invalid module path", tok)
        return major

    @staticmethod
    def check_major(verb: str, path: str, canonical: str, major: str, tok: tuple) -> None:
        problem = _check_path_major(canonical, major)
        if problem:
            raise _error(f"{verb} {path}: {problem}", tok)

    @staticmethod
    def one_arg(args: list[tuple], start: tuple, message: str) -> tuple:
        if len(args) != 1:
            raise _error(message, args[1] if args else start)
        return args[0]

    def add(
        self, verb: str, args: list[tuple], line: _Line, block: _Block | None, stmt_span: Span, verb_span: Span
    ) -> None:
        """Interpret one directive line. Root members get ``verb_span`` as key span; members of
        items get the verb token's span (the line's span inside a block)."""
        handler = self.handlers.get(verb)
        if handler is None:
            start = line.tokens[0]
            raise _error("unexpected ')'" if verb == ")" else f"unknown directive: {verb}", start)
        first = line.tokens[0]
        last = line.tokens[-1]
        self.line_span = Span(first[2], first[3], last[4], last[5])
        self.key_span = self.line_span if line.in_block else Span(first[2], first[3], first[4], first[5])
        self.stmt_span = stmt_span
        self.verb_span = verb_span
        try:
            handler(self, verb, args, line, block)
        except ParseError as exc:
            # Tokens leave the line only through a string with an escaped newline (always an
            # error); Go reports every directive error on the line where the directive starts.
            if exc.line != first[2]:
                exc.line, exc.column = first[2], first[3]
            raise

    # Directives ----------------------------------------------------------------------------

    def go(self, verb: str, args: list[tuple], line: _Line, block: _Block | None) -> None:
        """``go`` and ``toolchain``: one version, at most once."""
        key = "Go" if verb == "go" else "Toolchain"
        start = line.tokens[0]
        if key in self.scalars:
            raise _error(f"repeated {verb} statement", start)
        tok = self.one_arg(args, start, f"{verb} directive expects exactly one argument")
        value = tok[1]
        if verb == "go" and not _GO_VERSION_RE.fullmatch(value):
            raise _error(f"invalid go version '{value}': must match format 1.23", tok)
        if verb == "toolchain" and not _TOOLCHAIN_RE.match(value):
            raise _error(f"invalid toolchain version '{value}': must match format go1.23.0 or default", tok)
        self.scalars[key] = Node(value, _span(tok), self.verb_span)

    def module(self, verb: str, args: list[tuple], line: _Line, block: _Block | None) -> None:
        start = line.tokens[0]
        if "Module" in self.scalars:
            raise _error("repeated module statement", start)
        tok = self.one_arg(args, start, "usage: module module/path")
        fields = {"Path": Node(self.string(tok), _span(tok), self.key_span)}
        deprecated = _deprecation(line, block)
        if deprecated is not None:
            fields["Deprecated"] = deprecated
        self.scalars["Module"] = Node(fields, self.line_span, self.verb_span)

    def godebug(self, verb: str, args: list[tuple], line: _Line, block: _Block | None) -> None:
        if len(args) != 1 or "=" not in args[0][1] or any(q in args[0][1] for q in "\"`',"):
            raise _error("usage: godebug key=value", args[1] if len(args) > 1 else (args or line.tokens)[0])
        tok = args[0]
        name, _, value = tok[1].partition("=")
        line_no, col = tok[2], tok[3]
        fields = {
            "Key": Node(name, Span(line_no, col, line_no, col + len(name)), self.key_span),
            "Value": Node(value, Span(line_no, col + len(name) + 1, tok[4], tok[5]), self.key_span),
        }
        self.add_item("Godebug", fields)

    def require(self, verb: str, args: list[tuple], line: _Line, block: _Block | None) -> None:
        """``require`` and ``exclude``: a module path and a version."""
        if len(args) != 2:
            raise _error(f"usage: {verb} module/path v1.2.3", args[2] if len(args) > 2 else line.tokens[0])
        path_tok, version_tok = args
        path = self.string(path_tok)
        version, canonical = self.version(verb, path, version_tok)
        major = self.path_major(verb, path, path_tok)
        self.check_major(verb, path, canonical, major, version_tok)
        fields = {
            "Path": Node(path, _span(path_tok), self.key_span),
            "Version": Node(version, _span(version_tok), self.key_span),
        }
        if verb == "require" and _is_indirect(line):
            assert line.suffix is not None  # the `// indirect` comment
            suffix_span = _span(line.suffix)
            fields["Indirect"] = Node(True, suffix_span, suffix_span)
        self.add_item("Require" if verb == "require" else "Exclude", fields)

    def retract(self, verb: str, args: list[tuple], line: _Line, block: _Block | None) -> None:
        rationale = _rationale(line, block)
        low, high, rest = self.interval(args, line.tokens[0])
        if rest:
            raise _error(f"unexpected token after version: {_go_quote(rest[0][1])}", rest[0])
        fields = {
            "Low": Node(self.version(verb, "", low, False)[0], _span(low), self.key_span),
            "High": Node(self.version(verb, "", high, False)[0], _span(high), self.key_span),
        }
        if rationale is not None:
            fields["Rationale"] = rationale
        self.add_item("Retract", fields)

    @staticmethod
    def interval(args: list[tuple], start: tuple) -> tuple[tuple, tuple, list[tuple]]:
        """modfile ``parseVersionInterval``: (low token, high token, remaining tokens)."""
        if not args or args[0][1] == "(":
            raise _error("expected '[' or version", args[0] if args else start)
        if args[0][1] != "[":
            return args[0], args[0], args[1:]
        for index, wanted, message in _INTERVAL_STEPS:
            tok = args[index] if index < len(args) else None
            if tok is None or (wanted is not None and tok[1] != wanted):
                raise _error(message, tok or args[-1])
        return args[1], args[3], args[5:]

    def path(self, verb: str, args: list[tuple], line: _Line, block: _Block | None) -> None:
        """``tool``, ``ignore`` (go.mod) and ``use`` (go.work): one path."""
        if verb == "use":
            tok = self.one_arg(args, line.tokens[0], "usage: use local/dir")
            self.add_item("Use", {"DiskPath": Node(self.string(tok), _span(tok), self.key_span)})
            return
        tok = self.one_arg(args, line.tokens[0], f"{verb} directive expects exactly one argument")
        fields = {"Path": Node(self.string(tok), _span(tok), self.key_span)}
        self.add_item("Tool" if verb == "tool" else "Ignore", fields)

    def replace(self, verb: str, args: list[tuple], line: _Line, block: _Block | None) -> None:
        """modfile ``parseReplace``: ``old [version] => new [version]``."""
        arrow = 1 if len(args) >= 2 and args[1][1] == "=>" else 2
        if len(args) < arrow + 2 or len(args) > arrow + 3 or args[arrow][1] != "=>":
            if len(args) > arrow + 3:
                at = args[arrow + 3]
            elif len(args) > arrow and args[arrow][1] != "=>":
                at = args[arrow]
            else:
                at = line.tokens[0]
            raise _error(_REPLACE_USAGE, at)
        old_path = self.string(args[0])
        major = self.path_major(verb, old_path, args[0])
        old = {"Path": Node(old_path, _span(args[0]), self.key_span)}
        if arrow == 2:
            old_version, canonical = self.version(verb, old_path, args[1])
            self.check_major(verb, old_path, canonical, major, args[1])
            old["Version"] = Node(old_version, _span(args[1]), self.key_span)
        new_tok = args[arrow + 1]
        new_path = self.string(new_tok)
        new = {"Path": Node(new_path, _span(new_tok), self.key_span)}
        if len(args) == arrow + 2:
            if not is_directory_path(new_path):
                if "@" in new_path:
                    raise _error("replacement module must match format 'path version', not 'path@version'", new_tok)
                message = "replacement module without version must be directory path (rooted or starting with . or ..)"
                if new_path.startswith("~"):
                    # Go's message, and why: the shell's `~` means nothing to Go.
                    message += "; Go does not expand `~`: use a path relative to this file's folder"
                raise _error(message, new_tok)
        else:
            version_tok = args[arrow + 2]
            new_version = self.version(verb, new_path, version_tok)[0]
            if is_directory_path(new_path):
                raise _error(
                    f"replacement module directory path {_go_quote(new_path)} cannot have version", version_tok
                )
            new["Version"] = Node(new_version, _span(version_tok), self.key_span)
        fields = {
            "Old": Node(old, _range(args[0], args[arrow - 1]), self.key_span),
            "New": Node(new, _range(new_tok, args[-1]), self.key_span),
        }
        self.add_item("Replace", fields)

    def members(self) -> dict[str, Node]:
        result: dict[str, Node] = {}
        for key in _GOMOD_ORDER if self.gomod else _GOWORK_ORDER:
            if key in self.scalars:
                result[key] = self.scalars[key]
            elif key in self.lists:
                items, key_span, first, last = self.lists[key]
                result[key] = Node(items, Span(first[0], first[1], last[2], last[3]), key_span)
        return result


def _error(message: str, tok: tuple) -> ParseError:
    return ParseError(message, tok[2], tok[3])


_INTERVAL_STEPS = (
    (1, None, "expected version after '['"),
    (2, ",", "expected ',' after version"),
    (3, None, "expected version after ','"),
    (4, "]", "expected ']' after version"),
)
_GOMOD_HANDLERS = {
    "module": _Builder.module,
    "go": _Builder.go,
    "toolchain": _Builder.go,
    "godebug": _Builder.godebug,
    "require": _Builder.require,
    "exclude": _Builder.require,
    "replace": _Builder.replace,
    "retract": _Builder.retract,
    "tool": _Builder.path,
    "ignore": _Builder.path,
}
_GOWORK_HANDLERS = {
    "go": _Builder.go,
    "toolchain": _Builder.go,
    "godebug": _Builder.godebug,
    "use": _Builder.path,
    "replace": _Builder.replace,
}


def _parse(text: str, gomod: bool) -> Document:
    tokens, comments = _lex(text)
    stmts = _structure(tokens)
    builder = _Builder(gomod)
    block_verbs = _GOMOD_BLOCKS if gomod else _GOWORK_BLOCKS
    for stmt in stmts:
        if isinstance(stmt, _Line):
            verb = stmt.tokens[0]
            builder.add(verb[1], stmt.tokens[1:], stmt, None, _range(verb, stmt.tokens[-1]), _span(verb))
            continue
        verb = stmt.tokens[0]
        if len(stmt.tokens) > 1 or verb[1] not in block_verbs:
            raise ParseError(f"unknown block type: {' '.join(t[1] for t in stmt.tokens)}", verb[2], verb[3])
        stmt_span = _range(verb, stmt.rparen)
        verb_span = _span(verb)
        for line in stmt.lines:
            builder.add(verb[1], line.tokens, line, stmt, stmt_span, verb_span)
    eof = tokens[-1]
    root = Node(builder.members(), Span(1, 1, eof[2], eof[3]))
    # A comment before or on the first line of statements that says the file is made by a tool
    # (bingo: `module _ // Auto generated by https://github.com/bwplotka/bingo. DO NOT EDIT`).
    first = stmts[0].tokens[0][2] if stmts else eof[2]
    generated = any(comment.span.line <= first and _GENERATED.search(comment.text) for comment in comments)
    return Document(root, comments, text, generated)
