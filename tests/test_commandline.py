"""The command-line primitive (remdev_lint/commandline.py): ``split`` cuts a shell command line
into simple commands of words, each with its offsets; ``invocations`` finds every run of a
program in what a task (or, later, a lifecycle command) holds, and gives each as a mapping node
{program, subcommand, flags, args, line, holder} whose members point at the exact source text.

The flags are Delve's (the value flags and aliases of rules/delve.yaml, a subset is enough here).
Tests named ``test_bug_...`` fail today: each shows a command line that the shell, pflag or VS
Code reads differently from the primitive, with the expected reading.
"""

from __future__ import annotations

import json

import pytest

from conftest import covered
from remdev_lint.commandline import invocations, split
from remdev_lint.formats import parse

VALUE_FLAGS = {"listen", "l", "api-version", "build-flags", "wd", "backend", "init", "redirect", "r", "output"}
ALIASES = {"l": "listen", "r": "redirect"}


# --- split -----------------------------------------------------------------------------------


def texts(line: str) -> list[list[str]]:
    return [[word.text for word in simple] for simple in split(line)]


def raw(line: str) -> list[list[str]]:
    """Each word as written: the source text between its offsets."""
    return [[line[word.start : word.end] for word in simple] for simple in split(line)]


def test_words_are_cut_at_blanks_and_tabs():
    assert texts("dlv  debug\t--headless \r") == [["dlv", "debug", "--headless"]]
    assert texts("") == [] and texts("   ") == []


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("echo 'a b' c", ["echo", "a b", "c"]),
        ('echo "a b" c', ["echo", "a b", "c"]),
        ("""x'a b'"c d"e""", ["xa bc de"]),  # quoted parts join the word they touch
        ("""'it''s'""", ["its"]),
        ("""'a\\b'""", ["a\\b"]),  # no escapes inside single quotes
        ('"a\\"b"', ['a"b']),  # \" inside double quotes
        ('"a\\\\b"', ["a\\b"]),  # \\ inside double quotes
        ('"\\$HOME"', ["$HOME"]),
        ('"a\\nb"', ["a\\nb"]),  # backslash before another character stays
        ("a\\ b", ["a b"]),  # an escaped blank outside quotes
        ("\\'x", ["'x"]),
        ("'unterminated word", ["unterminated word"]),
        ('"unterminated', ["unterminated"]),
        ("''", [""]),  # an empty quoted word is still a word
        ('--listen="127.0.0.1:2345"', ["--listen=127.0.0.1:2345"]),
        ("$(docker ps -q) ${HOME}", ["$(docker ps -q)", "${HOME}"]),  # nothing is expanded; $(...) is one word
    ],
)
def test_quotes_and_escapes(line, words):
    assert texts(line) == [words]


@pytest.mark.parametrize(
    ("line", "commands"),
    [
        ("a && b", [["a"], ["b"]]),
        ("a || b", [["a"], ["b"]]),
        ("a; b", [["a"], ["b"]]),
        ("a | b", [["a"], ["b"]]),
        ("a & b", [["a"], ["b"]]),
        ("a\nb", [["a"], ["b"]]),
        ("a&&b;c|d", [["a"], ["b"], ["c"], ["d"]]),  # operators need no blanks around them
        ("a 'x && y' \"p; q\" r\\;s", [["a", "x && y", "p; q", "r;s"]]),  # quoted operators are text
        ("&& a ;; b ;", [["a"], ["b"]]),  # empty commands are dropped
        ("cd app && X=1 dlv debug | tee log", [["cd", "app"], ["X=1", "dlv", "debug"], ["tee", "log"]]),
    ],
)
def test_operators_cut_simple_commands(line, commands):
    assert texts(line) == commands


@pytest.mark.parametrize(
    ("line", "commands"),
    [
        ("# only a comment", []),
        ("dlv debug # --headless", [["dlv", "debug"]]),
        ("dlv debug # c\ndlv exec x", [["dlv", "debug"], ["dlv", "exec", "x"]]),  # a comment ends at the line
        ("a;# b\nc", [["a"], ["c"]]),
        ("a&&# b", [["a"]]),
        ("a#b c", [["a#b", "c"]]),  # `#` inside a word starts no comment
        ("a '#b'", [["a", "#b"]]),
    ],
)
def test_comments(line, commands):
    assert texts(line) == commands


def test_offsets_cover_each_word_as_written():
    line = "X=1 dlv  --listen='127.0.0.1:2345' \"a b\"&&c"
    assert raw(line) == [["X=1", "dlv", "--listen='127.0.0.1:2345'", '"a b"'], ["c"]]
    first = split(line)[0]
    assert [(w.start, w.end) for w in first] == [(0, 3), (4, 7), (9, 34), (35, 40)]


def test_a_redirection_to_a_descriptor_is_not_a_background_operator():
    # `2>&1` duplicates stderr; its `&` does not end the command (POSIX redirection `>&`).
    assert texts("dlv debug --headless 2>&1 --accept-multiclient") == [
        ["dlv", "debug", "--headless", "2>&1", "--accept-multiclient"]
    ]


def test_a_backslash_newline_continues_the_line():
    # A backslash before a newline is removed with it (POSIX line continuation), outside quotes
    # and inside double quotes.
    assert texts("dlv \\\n  debug --headless") == [["dlv", "debug", "--headless"]]


def test_parentheses_group_commands():
    # `(` and `)` are operators: `(cd app && dlv debug)` runs `dlv debug` in a subshell.
    assert texts("(cd app && dlv debug)") == [["cd", "app"], ["dlv", "debug"]]


# --- invocations -----------------------------------------------------------------------------


def task_file(task: dict | str) -> str:
    """A tasks.json with one task, on line 3 (a dict is written as JSON on one line)."""
    body = task if isinstance(task, str) else json.dumps(task)
    return '{\n  "tasks": [\n    ' + body + "\n  ]\n}\n"


def found(text: str, program: str = "dlv"):
    holder = parse("jsonc", text).root.value["tasks"].value[0]
    value = holder.value
    return invocations(holder, value.get("command"), value.get("args"), program, VALUE_FLAGS, ALIASES)


def one(text: str):
    (invocation,) = found(text)
    return invocation


def at(text: str, node) -> str:
    return covered(text, node.span)


def flag_texts(text: str, invocation) -> dict:
    """Each flag: (its value, the source its key points at, the source its value points at)."""
    return {
        name: (node.value, covered(text, node.key_span), covered(text, node.span))
        for name, node in invocation.value["flags"].value.items()
    }


def test_a_string_command_gives_program_subcommand_flags_and_args_with_their_sources():
    text = task_file({"label": "dlv", "command": "dlv debug --headless --listen=:2345 ./cmd/app -- -v"})
    invocation = one(text)
    members = invocation.value
    assert invocation.plain()["program"] == "dlv" and at(text, members["program"]) == "dlv"
    assert members["subcommand"].value == "debug" and at(text, members["subcommand"]) == "debug"
    assert [a.value for a in members["args"].value] == ["./cmd/app", "-v"]
    assert [at(text, a) for a in members["args"].value] == ["./cmd/app", "-v"]
    assert flag_texts(text, invocation) == {
        "headless": (True, "--headless", "--headless"),
        "listen": (":2345", "--listen=:2345", ":2345"),
    }
    # The invocation spans from the program to its last word; `line` and `holder` are there too.
    assert at(text, invocation) == "dlv debug --headless --listen=:2345 ./cmd/app -- -v"
    assert members["line"].value == "dlv debug --headless --listen=:2345 ./cmd/app -- -v"
    assert members["holder"].plain()["label"] == "dlv"
    assert sorted(members) == ["all-flags", "args", "flags", "holder", "line", "program", "subcommand"]


def test_value_flags_take_the_next_word_or_the_text_after_equals():
    text = task_file({"command": "dlv dap -l :2345 -l=:2346 --listen 127.0.0.1:1 --build-flags=-tags=a,b --wd=."})
    assert flag_texts(text, one(text)) == {
        "listen": ("127.0.0.1:1", "--listen", "127.0.0.1:1"),  # repeated: the last one wins, as in pflag
        "build-flags": ("-tags=a,b", "--build-flags=-tags=a,b", "-tags=a,b"),
        "wd": (".", "--wd=.", "."),
    }


def test_a_value_flag_at_the_end_has_no_value():
    text = task_file({"command": "dlv debug --headless --listen"})
    assert flag_texts(text, one(text))["listen"] == (None, "--listen", "--listen")


def test_an_alias_with_equals_is_mapped_to_the_long_name():
    text = task_file({"command": "dlv dap -l=0.0.0.0:2345"})
    assert flag_texts(text, one(text)) == {"listen": ("0.0.0.0:2345", "-l=0.0.0.0:2345", "0.0.0.0:2345")}


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("--headless", True),
        ("--headless=true", True),
        ("--headless=TRUE", True),
        ("--headless=1", True),
        ("--headless=t", True),
        ("--headless=false", False),
        ("--headless=0", False),
        ("--headless=F", False),
        ("--headless=yes", "yes"),  # not a boolean pflag reads: kept as written
    ],
)
def test_boolean_flags(word, value):
    text = task_file({"command": f"dlv debug {word}"})
    assert one(text).value["flags"].value["headless"].value == value


def test_a_boolean_flag_does_not_take_the_next_word():
    text = task_file({"command": "dlv --headless debug ./cmd"})
    invocation = one(text)
    assert invocation.value["subcommand"].value == "debug"
    assert [a.value for a in invocation.value["args"].value] == ["./cmd"]


def test_double_dash_ends_the_flags():
    text = task_file({"command": "dlv exec ./app -- --headless -l :1"})
    invocation = one(text)
    assert invocation.value["flags"].value == {}
    assert [a.value for a in invocation.value["args"].value] == ["./app", "--headless", "-l", ":1"]


def test_flags_before_the_subcommand_and_a_lone_dash():
    text = task_file({"command": "dlv --listen :2345 --headless exec - ./app"})
    invocation = one(text)
    assert invocation.value["subcommand"].value == "exec"
    assert [a.value for a in invocation.value["args"].value] == ["-", "./app"]
    assert sorted(invocation.value["flags"].value) == ["headless", "listen"]


def test_without_a_subcommand_args_are_empty_and_point_at_the_program():
    text = task_file({"command": "dlv --headless"})
    invocation = one(text)
    assert "subcommand" not in invocation.value
    assert invocation.value["args"].value == [] and at(text, invocation.value["args"]) == "dlv"


@pytest.mark.parametrize(
    "command",
    [
        "sudo dlv debug --headless",
        "env GOFLAGS=-mod=mod dlv debug --headless",
        "CGO_ENABLED=0 GOOS=linux dlv debug --headless",
        "exec dlv debug --headless",
        "nohup dlv debug --headless",
        "time dlv debug --headless",
        "command dlv debug --headless",
        "sudo env X=1 dlv debug --headless",
        "/go/bin/dlv debug --headless",
        "~/go/bin/dlv debug --headless",
        "./bin/dlv debug --headless",
    ],
)
def test_wrappers_assignments_and_paths_before_the_program(command):
    text = task_file({"command": command})
    invocation = one(text)
    assert invocation.value["subcommand"].value == "debug"
    assert invocation.value["flags"].plain() == {"headless": True}
    assert at(text, invocation.value["program"]).endswith("dlv")


@pytest.mark.parametrize(
    "command",
    [
        "go run ./cmd/dlv-helper --headless",
        "dlv-helper --headless",
        "./dlvx --headless",
        "echo dlv --headless",
        "grep -r 'dlv --headless' .",
        "make dlv",
        "docker exec app pkill -f 'listen=:2346'",
        "# dlv --headless",
    ],
)
def test_other_programs_and_words_that_merely_mention_dlv(command):
    assert found(task_file({"command": command})) == []


def test_each_simple_command_of_a_chain_is_its_own_invocation():
    text = task_file({"command": "go build -o app . && dlv exec ./app --headless; dlv connect :1 | cat"})
    first, second = found(text)
    assert first.value["subcommand"].value == "exec" and first.value["flags"].plain() == {"headless": True}
    assert second.value["subcommand"].value == "connect" and second.value["flags"].plain() == {}
    assert at(text, first) == "dlv exec ./app --headless"
    assert at(text, second) == "dlv connect :1"
    # `line` is the whole command line, the same for both.
    assert first.value["line"].value == second.value["line"].value


def test_command_plus_array_args_points_at_each_item():
    text = task_file(
        {"command": "dlv", "args": ["dap", "-l", "127.0.0.1:2345", "--log-output=dap", "--headless=false"]}
    )
    invocation = one(text)
    assert at(text, invocation.value["program"]) == "dlv"  # a string command: split, the word's own columns
    assert at(text, invocation.value["subcommand"]) == "dap"  # an array item: its text, inside the quotes
    assert flag_texts(text, invocation) == {
        "listen": ("127.0.0.1:2345", "-l", "127.0.0.1:2345"),
        # Not among the value flags here: `=` still gives the text, which is no boolean; the
        # value's own columns inside the JSON string.
        "log-output": ("dap", "--log-output=dap", "dap"),
        "headless": (False, "--headless=false", "false"),
    }


def test_an_array_item_is_one_word_even_with_blanks():
    text = task_file({"command": "dlv", "args": ["debug", "--build-flags", "-tags=a -race", "./cmd app"]})
    invocation = one(text)
    assert invocation.value["flags"].plain() == {"build-flags": "-tags=a -race"}
    assert [a.value for a in invocation.value["args"].value] == ["./cmd app"]


def test_a_string_command_can_be_completed_by_array_args():
    text = task_file({"command": "cd app && dlv", "args": ["debug", "--headless"]})
    invocation = one(text)
    assert at(text, invocation.value["program"]) == "dlv"
    assert flag_texts(text, invocation) == {"headless": (True, "--headless", "--headless")}


def test_args_as_a_string_are_split_too():
    text = task_file({"command": "dlv", "args": "dap -l :2345 && dlv connect :2345"})
    first, second = found(text)
    assert flag_texts(text, first) == {"listen": (":2345", "-l", ":2345")}
    assert second.value["subcommand"].value == "connect"
    assert at(text, second.value["program"]) == "dlv"


def test_the_quoted_command_form():
    text = task_file({"command": {"value": "dlv", "quoting": "escape"}, "args": ["dap", "--listen=:2345"]})
    invocation = one(text)
    assert at(text, invocation.value["program"]) == "dlv"
    assert flag_texts(text, invocation)["listen"] == (":2345", "--listen=:2345", ":2345")


def test_the_quoted_command_form_holding_a_whole_command_line():
    text = task_file({"command": {"value": "dlv dap --listen=:2345"}})
    assert flag_texts(text, one(text))["listen"] == (":2345", "--listen=:2345", ":2345")


def test_an_array_command_is_not_split():
    text = task_file('{"command": ["dlv", "dap", "--listen=:2345", "&&", "x y"]}')
    invocation = one(text)
    assert flag_texts(text, invocation)["listen"] == (":2345", "--listen=:2345", ":2345")
    assert [a.value for a in invocation.value["args"].value] == ["&&", "x y"]


def test_args_alone_without_command_and_non_strings_are_passed_over():
    assert found(task_file({"args": ["dlv", "dap"]})) != []  # args alone: the words are all there is
    text = task_file({"command": "dlv", "args": ["dap", 2345, None, "--headless"]})
    assert one(text).value["flags"].plain() == {"headless": True}
    assert found(task_file({"command": 42})) == [] and found(task_file({"label": "no command"})) == []


def test_a_json_string_with_escapes_points_at_the_whole_string():
    # Offsets inside the decoded string no longer match the source: the whole string is used.
    text = task_file(r'{"command": "dlv debug --headless --listen=:2345 \"${workspaceFolder}\""}')
    invocation = one(text)
    string = '"dlv debug --headless --listen=:2345 \\"${workspaceFolder}\\""'
    assert at(text, invocation.value["flags"].value["listen"]) == string
    assert invocation.value["flags"].plain() == {"headless": True, "listen": ":2345"}
    assert [a.value for a in invocation.value["args"].value] == ["${workspaceFolder}"]
    assert invocation.value["subcommand"].value == "debug"


def test_a_quoted_word_points_at_the_whole_word():
    text = task_file({"command": "dlv dap --listen='0.0.0.0:2345'"})
    assert flag_texts(text, one(text))["listen"] == (
        "0.0.0.0:2345",
        "--listen='0.0.0.0:2345'",
        "--listen='0.0.0.0:2345'",
    )


def test_an_attached_short_flag_value():
    # pflag reads `-l:2345` as `-l :2345` (a shorthand value may follow the letter directly).
    text = task_file({"command": "dlv dap -l:2345"})
    assert one(text).value["flags"].plain() == {"listen": ":2345"}


def test_wrapper_options_before_the_program():
    # `sudo -E dlv ...` runs dlv; so does `sudo -u dev dlv ...` and `env -i dlv ...`.
    text = task_file({"command": "sudo -E dlv debug --headless --listen=:2345"})
    assert [i.value["subcommand"].value for i in found(text)] == ["debug"]


def test_quoted_args_items():
    # VS Code's tasks schema lets an args item be `{"value": ..., "quoting": ...}`, as `command`
    # can be; the primitive reads that form for `command` but drops it from `args`.
    text = task_file({"command": "dlv", "args": ["dap", {"value": "--listen=:2345", "quoting": "strong"}]})
    assert one(text).value["flags"].plain() == {"listen": ":2345"}
