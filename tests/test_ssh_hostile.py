"""OpenSSH files a hostile repository may hold: a run finishes quickly, reads nothing outside the
project, and gives the result ssh would give.

Each test is a small reproduction: host patterns that made the host synthesis loop forever or the
matcher backtrack exponentially, Includes that fan out or repeat, large files, Include targets
that are not regular files inside the project, and files that include themselves. A test that
used to hang fails instead (:func:`within`). Pattern semantics are checked against ``ssh -G``
(skipped without ssh).
"""

from __future__ import annotations

import contextlib
import functools
import os
import random
import signal
from pathlib import Path

import pytest

from conftest import run_ssh_g, write
from remdev_lint.formats.ssh import (
    MAX_EVALUATION_STEPS,
    MAX_INCLUDE_LOOKUPS,
    MAX_INCLUDED_FILES,
    MAX_INCLUDED_TEXT,
    parse_ssh_config,
    parse_sshd_config,
)
from remdev_lint.model import ParseError

# -- helpers ----------------------------------------------------------------------------------


class TookTooLong(Exception):
    """The time limit of :func:`within` struck."""


@contextlib.contextmanager
def within(seconds: float):
    """Fail, instead of hanging, when the block takes more than ``seconds`` of CPU time (so that a
    busy machine does not fail it), or five times that in real time (a read that blocks)."""

    def on_timer(signum, frame):
        raise TookTooLong(f"took longer than {seconds:g} s")

    timers = ((signal.ITIMER_PROF, signal.SIGPROF, seconds), (signal.ITIMER_REAL, signal.SIGALRM, 5 * seconds))
    previous = [signal.signal(number, on_timer) for _, number, _ in timers]
    for timer, _, limit in timers:
        signal.setitimer(timer, limit)
    try:
        yield
    except TookTooLong as exc:
        # Raised wherever the timer struck (inside a system call too): reported from here.
        pytest.fail(str(exc), pytrace=False)
    finally:
        for (timer, number, _), handler in zip(timers, previous, strict=True):
            signal.setitimer(timer, 0)
            signal.signal(number, handler)


def parse(folder: Path, text: str, name: str = "ssh_config", seconds: float = 3):
    """``text`` written to ``folder/name`` and parsed as the engine parses it (the folder being the
    project), within ``seconds``."""
    path = write(folder, name, text)
    parser = parse_sshd_config if name == "sshd_config" else parse_ssh_config
    with within(seconds):
        return parser(text, str(path), str(folder))


def hosts(doc) -> dict[str, dict]:
    """Every evaluated host by name: ``{"kind", "label", "options"}``."""
    return {
        host.value["name"].value: {
            "kind": host.value["kind"].value,
            "label": host.value["label"].value,
            "options": host.value["options"].plain(),
        }
        for host in doc.root.value["hosts"].value
    }


def other_host(doc) -> str | None:
    names = [name for name, host in hosts(doc).items() if host["kind"] == "catch-all"]
    assert len(names) <= 1
    return names[0] if names else None


def directive(doc, line: int) -> dict:
    """The members of the linted file's directive on ``line``."""
    [found] = [d.value for d in doc.root.value["directives"].value if d.origin is None and d.span.line == line]
    return found


def not_read(doc, line: int) -> list[dict]:
    return directive(doc, line)["not-read"].plain()


@functools.cache
def reference_match(name: bytes, pattern: bytes) -> bool:
    """OpenSSH's match_pattern, written out as its definition (for short names only)."""
    if not pattern:
        return not name
    if pattern[:1] == b"*":
        return reference_match(name, pattern[1:]) or (bool(name) and reference_match(name[1:], pattern))
    if not name:
        return False
    return (pattern[:1] == b"?" or pattern[:1] == name[:1]) and reference_match(name[1:], pattern[1:])


# -- ssh -G as the oracle -----------------------------------------------------------------------


# -- host patterns and the hosts made up for them ----------------------------------------------


@pytest.mark.parametrize("pattern", ["?*", "*?", "**?", "?**?*"])
def test_patterns_of_wildcards_alone_are_catch_all_and_do_not_hang(tmp_path, pattern):
    # Every name long enough matches them: no made-up host can escape them, so they are catch-all
    # patterns, and the other hosts (any name typed) take their options.
    doc = parse(tmp_path, f"Host {pattern}\n  User everyone\n", seconds=2)

    assert [host["kind"] for host in hosts(doc).values()] == ["catch-all"]
    assert hosts(doc)[other_host(doc)]["options"] == {"user": "everyone"}


def test_a_catch_all_pattern_with_many_question_marks_gets_a_name_long_enough(tmp_path):
    pattern = "?" * 40 + "*"
    doc = parse(tmp_path, f"Host {pattern}\n  User long\n", seconds=2)

    assert len(other_host(doc)) >= 40
    assert hosts(doc)[other_host(doc)]["options"] == {"user": "long"}


def test_the_other_host_escapes_a_suffix_pattern_that_matches_its_usual_name(tmp_path):
    # `*t` matches `any-other-host`: the host for "other hosts" must not end in t.
    doc = parse(tmp_path, "Host *t\n  User t\nHost *\n  User other\n", seconds=2)

    other = other_host(doc)
    assert not other.endswith("t")
    assert hosts(doc)[other]["options"] == {"user": "other"}
    assert hosts(doc)["xt"] == {"kind": "wildcard", "label": "`*t`", "options": {"user": "t"}}


def test_no_other_host_when_no_name_escapes_the_patterns(tmp_path):
    # Every name has a first character: with a pattern for each possible one, there is no
    # "other host" to evaluate.
    patterns = " ".join(f"*{char}*" for char in "zqxjkvwybgfpmucdlhrsnioate0123456789_")
    doc = parse(tmp_path, f"Host {patterns}\n  User any\n", seconds=2)

    assert other_host(doc) is None
    assert all(host["options"] == {"user": "any"} for host in hosts(doc).values())


def test_the_other_host_and_made_up_hosts_respect_every_pattern(tmp_path):
    # Random sets of short patterns (negated ones too): each made-up host matches the pattern it
    # stands for, and the other host matches every catch-all pattern and no other.
    rng = random.Random(7)
    for _ in range(150):
        patterns = ["".join(rng.choice("ab?*.-") for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(1, 6))]
        patterns = [("!" if rng.random() < 0.2 else "") + p for p in patterns]
        with within(1):
            doc = parse_ssh_config(f"Host {' '.join(patterns)}\n")
        positive = [p for p in patterns if not p.startswith("!")]
        for name, host in hosts(doc).items():
            if host["kind"] == "wildcard":
                assert reference_match(name.encode(), host["label"].strip("`").encode()), (patterns, name)
        other = other_host(doc)
        if other is None:
            continue
        for pattern in patterns:
            body = pattern.lstrip("!")
            catch_all = "*" in body and not body.strip("*?")
            if pattern in positive or not catch_all:  # no name escapes a negated `*`
                assert reference_match(other.encode(), body.encode()) == catch_all, (patterns, other)


def test_a_backtracking_pattern_matches_a_long_name_quickly(tmp_path):
    # OpenSSH's matcher (and a regular expression of `.*`) takes exponential time here.
    pattern = "a*" * 12 + "b"
    text = f"Host {pattern}\n  User matched\nHost {'a' * 30000} {'a' * 30000}b\n"
    doc = parse(tmp_path, text, seconds=2)

    assert hosts(doc)["a" * 30000]["options"] == {}
    assert hosts(doc)["a" * 30000 + "b"]["options"] == {"user": "matched"}


def test_a_very_long_pattern_terminates(tmp_path):
    pattern = "ab?*" * 25_000
    doc = parse(tmp_path, f"Host {pattern}\n  User long\nHost short\n", seconds=3)

    made = pattern.replace("*", "x").replace("?", "x")
    assert hosts(doc)[made]["options"] == {"user": "long"}
    assert hosts(doc)["short"]["options"] == {}


def test_thousands_of_wildcard_patterns_on_one_host_line(tmp_path):
    suffixes = [f"*.d{i}.example" for i in range(2000)]
    prefixes = [f"dev{i}-*" for i in range(2000)]
    text = f"Host {' '.join(suffixes + prefixes)}\n  User many\nHost *\n  User other\n"
    doc = parse(tmp_path, text, seconds=4)

    found = hosts(doc)
    assert len(found) == 4001
    assert found["x.d1999.example"]["options"] == {"user": "many"}
    assert found["dev7-x"]["options"] == {"user": "many"}
    assert found[other_host(doc)]["options"] == {"user": "other"}


# What ssh -G gives: the SendEnv of every block that matches (Host: case-sensitive, bytes, `[`
# literal; Match host: case-insensitive, a comma list where a pattern of 1,023 bytes or more
# makes the whole list match nothing).
ORACLE_PATTERNS = [
    ("Host", "a*a*a*a*a*a*b"),
    ("Host", "*t"),
    ("Host", "?*"),
    ("Host", "*?"),
    ("Host", "??"),
    ("Host", "?"),
    ("Host", "[ab]"),
    ("Host", "a?b"),
    ("Host", "*.example.com"),
    ("Host", "!*.example.com *"),
    ("Host", "*a*"),
    ("Host", "A*"),
    ("Match host", "*EXAMPLE*"),
    ("Match originalhost", "??"),
    ("Match host", "x,!*b"),
    ("Match host", "*" + "a" * 1021),
    ("Match host", "x,*" + "a" * 1022),
]
# Not a long name of a's: ssh's own matcher would take hours on `a*a*a*a*a*a*b`.
ORACLE_NAMES = ["aaaaaaaaaaab", "aaaaaaaaaaaa", "xt", "t", "ab", "a_b", "x", "é", "[ab]", "www.example.com", "A1"]
ORACLE_NAMES += ["c" + "a" * 1029]


def test_pattern_matching_agrees_with_ssh(ssh, tmp_path):
    blocks = [f"{kind} {pattern}\n  SendEnv P{i}\n" for i, (kind, pattern) in enumerate(ORACLE_PATTERNS)]
    # The names as aliases of a last Host line: each is an evaluated host of the document.
    text = "".join(blocks) + "Host " + " ".join(ORACLE_NAMES) + "\n"
    config = write(tmp_path / ".ssh", "config", text)
    with within(3):
        doc = parse_ssh_config(text, str(config), str(tmp_path / ".ssh"))
    disagreements = []
    for name in ORACLE_NAMES:
        result = run_ssh_g(ssh, tmp_path, config, name)
        assert result.returncode == 0, (name, result.stderr)
        printed = [line.split(" ", 1)[1] for line in result.stdout.splitlines() if line.startswith("sendenv ")]
        ours = hosts(doc)[name]["options"].get("sendenv", [])
        if printed != ours:
            disagreements.append(f"{name[:20]}: ssh {printed}, ours {ours}")
    assert disagreements == []


# -- Include: fan-out, repetition, limits --------------------------------------------------------


def test_nested_globbed_includes_stop_at_the_file_limit(tmp_path):
    # Twelve levels of two files, each including both files of the next level: 2**12 files to read.
    for level in range(12):
        for name in ("a", "b"):
            write(tmp_path, f"l{level}/{name}.conf", f"Include l{level + 1}/*.conf\nUser u{level}\n")

    with pytest.raises(ParseError) as error:
        parse(tmp_path, "# nested\nInclude l0/*.conf\n", seconds=3)

    assert (error.value.line, error.value.column) == (2, 9)
    assert f"more than {MAX_INCLUDED_FILES:,} files to read through Include" in error.value.message
    assert "(by the Include at line 1 of l" in error.value.message


def test_the_file_limit_is_reported_at_the_include_line_that_goes_over(tmp_path):
    # The same small file included again and again: each time counts.
    write(tmp_path, "one.conf", "Port 2222\n")
    text = "User me\n" + "Include one.conf\n" * (MAX_INCLUDED_FILES + 5)

    with pytest.raises(ParseError) as error:
        parse(tmp_path, text, seconds=3)

    assert (error.value.line, error.value.column) == (MAX_INCLUDED_FILES + 2, 9)
    assert error.value.message.endswith("one.conf would be one too many")


def test_just_under_the_file_limit_every_included_file_is_evaluated(tmp_path):
    for i in range(MAX_INCLUDED_FILES - 1):
        write(tmp_path, f"hosts/{i:04}.conf", f"Host h{i}\n  User u{i}\n")

    doc = parse(tmp_path, "Include hosts/*.conf\nHost *\n  ServerAliveInterval 30\n", seconds=5)

    assert len(doc.included) == MAX_INCLUDED_FILES - 1
    assert hosts(doc)["h998"]["options"] == {"user": "u998", "serveraliveinterval": "30"}


def test_repeated_includes_of_a_large_file_stop_at_the_text_limit(tmp_path):
    size = MAX_INCLUDED_TEXT // 4 + 1
    write(tmp_path, "big.conf", ("#" * 1023 + "\n") * (size // 1024 + 1))
    text = "Include big.conf\n" * 6

    with pytest.raises(ParseError) as error:
        parse(tmp_path, text, seconds=3)

    assert (error.value.line, error.value.column) == (4, 9)
    assert f"more than {MAX_INCLUDED_TEXT // (1024 * 1024)} MiB of text to read through Include" in error.value.message


def test_many_different_include_globs_stop_at_the_lookup_limit(tmp_path):
    for i in range(1000):
        write(tmp_path, f"d/{i}", "")
    # Each different glob in d/ looks at its 1,000 names (and 10 for the glob).
    globs = MAX_INCLUDE_LOOKUPS // 1010 + 1
    text = "".join(f"Include d/x{i}*\n" for i in range(globs + 10))

    with pytest.raises(ParseError) as error:
        parse(tmp_path, text, seconds=3)

    assert (error.value.line, error.value.column) == (globs, 9)
    assert f"more than {MAX_INCLUDE_LOOKUPS:,} names to look at" in error.value.message


def test_repeated_includes_of_one_glob_are_looked_up_once(tmp_path):
    for i in range(1000):
        write(tmp_path, f"d/{i}", "")
    text = "Include d/x*\n" * 5000  # matches nothing: read nothing, looked up once

    doc = parse(tmp_path, text, seconds=3)

    assert doc.included == ()


# -- Include targets that are not read ------------------------------------------------------------


def _fifo(folder: Path) -> str:
    os.mkfifo(folder / "pipe.conf")
    return "is a named pipe (FIFO), not a regular file"


def _folder(folder: Path) -> str:
    (folder / "pipe.conf").mkdir()
    return "is a folder, not a regular file"


def _device_link(folder: Path) -> str:
    (folder / "pipe.conf").symlink_to("/dev/zero")
    return "leads out of the project through a symbolic link"


def _latin1(folder: Path) -> str:
    (folder / "pipe.conf").write_bytes(b"User caf\xe9\n")
    return "is not UTF-8 text (byte 8)"


def _too_large(folder: Path) -> str:
    with open(folder / "pipe.conf", "wb") as handle:
        handle.truncate(MAX_INCLUDED_TEXT * 2)  # sparse: nothing written
    return "is 2 MiB, over the 1 MiB limit for configuration files"


def _missing_link(folder: Path) -> str:
    (folder / "pipe.conf").symlink_to("nowhere.conf")
    return "is a symbolic link to nothing (its target is missing)"


@pytest.mark.parametrize("make", [_fifo, _folder, _device_link, _latin1, _too_large, _missing_link])
def test_an_include_target_that_is_not_read_is_marked_with_the_reason(tmp_path, make):
    reason = make(tmp_path)

    doc = parse(tmp_path, "Include pipe.conf\nUser me\n", seconds=3)

    assert directive(doc, 1)["not-followed"].value == "pipe.conf"
    assert not_read(doc, 1) == [{"path": "pipe.conf", "reason": reason}]
    assert directive(doc, 1)["not-read"].value[0].span == directive(doc, 1)["not-followed"].span
    assert doc.included == ()
    assert hosts(doc)[other_host(doc)]["options"] == {"user": "me"}


def test_include_through_a_link_to_the_root_folder_reads_nothing_outside(tmp_path):
    (tmp_path / "etc").symlink_to("/")

    doc = parse(tmp_path, "Include etc/etc/passwd\nInclude etc/*/passwd\nInclude etc/etc/*\n", seconds=3)

    assert doc.included == ()
    assert not_read(doc, 1) == [
        {"path": "etc/etc/passwd", "reason": "leads out of the project through a symbolic link"}
    ]
    outside = "leads out of the project through a symbolic link"
    assert not_read(doc, 2) == [{"path": "etc", "reason": outside}]
    assert not_read(doc, 3) == [{"path": "etc/etc", "reason": outside}]


def test_a_glob_lists_only_what_is_inside_the_project(tmp_path):
    write(tmp_path, "conf.d/a.conf", "Port 2201\n")
    write(tmp_path / "outside", "b.conf", "Port 2202\n")
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "conf.d").symlink_to(tmp_path / "conf.d")
    (tmp_path / "project" / "conf.d2").symlink_to(tmp_path / "outside")

    doc = parse(tmp_path / "project", "Include conf.d/*.conf conf.d2/*.conf\n", seconds=3)

    assert doc.included == ()
    assert [entry["path"] for entry in not_read(doc, 1)] == ["conf.d", "conf.d2"]


@pytest.mark.parametrize("target", ['"a\\x00b"', "'\x00'", "[", "x" * 5000, "ünï/*.conf", "a/../../../b"])
def test_odd_include_paths_do_not_raise(tmp_path, target):
    doc = parse(tmp_path, f"Include {target}\nUser me\n", seconds=3)

    assert doc.included == ()
    assert hosts(doc)[other_host(doc)]["options"] == {"user": "me"}


def test_a_nul_character_in_an_include_path_is_the_reason_it_is_not_read(tmp_path):
    doc = parse(tmp_path, "Include a\x00b.conf\n", seconds=3)

    assert not_read(doc, 1) == [{"path": "a\\0b.conf", "reason": "has a NUL character in its name"}]


def test_a_lone_surrogate_in_an_include_path_does_not_raise(tmp_path):
    # Not from a file (the engine reads UTF-8), but a caller may pass any string.
    with within(3):
        doc = parse_ssh_config("Include \ud800/*.conf\n", str(tmp_path / "ssh_config"), str(tmp_path))

    assert not_read(doc, 1) == [{"path": "\\ud800/*.conf", "reason": "cannot be a file name"}]


# -- a file that includes itself -------------------------------------------------------------------


def test_an_ssh_config_that_includes_itself_stops_as_ssh_does(ssh, tmp_path):
    text = "Host *\n  StrictHostKeyChecking no\nMatch host x\n  Include config\n"
    config = write(tmp_path / ".ssh", "config", text)

    with within(3):
        doc = parse_ssh_config(text, str(config), str(tmp_path / ".ssh"))
    result = run_ssh_g(ssh, tmp_path, config, "y")

    assert result.returncode == 255
    assert "Too many recursive configuration includes" in result.stderr
    problems = [(p["message"], p["at"]) for p in doc.root.value["problems"].plain()]
    assert problems == [("Too many recursive configuration includes", "Include")]
    # The file itself, read through its own Include (16 times), is listed once.
    assert [path for path, _, _ in doc.included] == [str(config)]


def test_an_sshd_config_that_includes_itself_stops_at_the_depth_limit(tmp_path):
    doc = parse(tmp_path, "PasswordAuthentication yes\nMatch User x\n  Include sshd_config\n", "sshd_config")

    problems = [p["message"] for p in doc.root.value["problems"].plain()]
    assert problems == ["Too many recursive configuration includes"]
    assert [path for path, _, _ in doc.included] == [str(tmp_path / "sshd_config")]
    global_section = doc.root.value["contexts"].value[0].value["options"].plain()
    assert global_section["passwordauthentication"] == "yes"


# -- large files ----------------------------------------------------------------------------------


def test_many_host_blocks_are_evaluated_in_linear_time(tmp_path):
    text = "".join(f"Host h{i}\n  User u{i}\n" for i in range(4000)) + "Host *\n  Port 2222\n"

    doc = parse(tmp_path, text, seconds=3)

    assert hosts(doc)["h3999"]["options"] == {"user": "u3999", "port": "2222"}


def test_many_match_blocks_of_sshd_are_evaluated_in_linear_time(tmp_path):
    text = "MaxStartups 1:30:2\n" + "".join(f"Match User u{i}\n  MaxSessions {i}\n" for i in range(3000))

    doc = parse(tmp_path, text, "sshd_config", seconds=3)

    contexts = doc.root.value["contexts"].value
    assert len(contexts) == 3001
    assert contexts[-1].value["options"].plain() == {"maxsessions": "2999", "maxstartups": "1:30:2"}


def test_many_last_wins_lines_of_sshd_are_evaluated_in_linear_time(tmp_path):
    text = "".join(f"MaxStartups {i}:30:100\n" for i in range(1, 20_001)) + "Match User x\n  MaxSessions 2\n"

    doc = parse(tmp_path, text, "sshd_config", seconds=3)

    contexts = [context.value["options"].plain() for context in doc.root.value["contexts"].value]
    assert contexts == [{"maxstartups": "20000:30:100"}, {"maxsessions": "2", "maxstartups": "20000:30:100"}]


def test_a_long_line_of_quoted_and_escaped_words_is_read_in_linear_time(tmp_path):
    words = ['"a b"', "'c'", "d\\ e", 'f"g"h', "i\\\\j"] * 20_000

    doc = parse(tmp_path, "SendEnv " + " ".join(words) + "\n", seconds=3)

    values = directive(doc, 1)["args"].plain()
    assert len(values) == 100_000
    assert values[:5] == ["a b", "c", "d e", "fgh", "i\\j"]


def test_evaluation_past_the_step_limit_is_a_parse_error_at_the_host_line(tmp_path):
    # 1,500 patterns no table can narrow down, each tested for each of 1,500 made-up hosts.
    patterns = " ".join(f"*x{i}*" for i in range(1500))

    with pytest.raises(ParseError) as error:
        parse(tmp_path, f"User me\nHost {patterns}\n  Port 2\n", seconds=5)

    assert (error.value.line, error.value.column) == (2, 1)
    assert f"more than {MAX_EVALUATION_STEPS:,} steps" in error.value.message
