"""Dockerfiles read with BuildKit's parser: the commands of RUN, CMD and ENTRYPOINT, and every
word of a shell-form command at its own line and column, across continuation lines."""

from __future__ import annotations

import pytest

from remdev_lint.formats import parse
from remdev_lint.model import ParseError, Span


def commands(text: str) -> list[tuple[str, object]]:
    return [
        (c.value["instruction"].value, c.value["command"].plain())
        for c in parse("dockerfile", text).root.value["commands"].value
    ]


def place(text: str, word: str, index: int = 0) -> Span:
    """Where ``word`` of the ``index``-th command is, by the command's own positions."""
    command = parse("dockerfile", text).root.value["commands"].value[index].value["command"]
    if isinstance(command.value, list):
        return next(item.span for item in command.value if item.value == word)
    at = command.value.index(word)
    return command.part_span(at, at + len(word))


def test_run_cmd_and_entrypoint_in_shell_exec_and_heredoc_forms():
    text = (
        "FROM golang:1.22\n"
        "ARG PORT=2345\n"
        "RUN go build -o /app . && \\\n    echo built\n"
        'ENTRYPOINT ["dlv", "--listen=:40000", "exec", "/app"]\n'
        "CMD dlv debug --listen=$PORT\n"
        "RUN <<EOT\ndlv version\nEOT\n"
    )
    assert commands(text) == [
        ("RUN", "go build -o /app . &&     echo built"),
        ("ENTRYPOINT", ["dlv", "--listen=:40000", "exec", "/app"]),
        ("CMD", "dlv debug --listen=$PORT"),  # ARG values are not substituted
        ("RUN", "dlv version\n"),
    ]


@pytest.mark.parametrize(
    ("text", "word", "span"),
    [
        ("CMD dlv debug \\\n    --listen=:2345 ./cmd\n", "--listen=:2345", Span(2, 5, 2, 19)),
        ("CMD dlv debug \\  \n  # a comment inside\n  --listen=:1\n", "--listen=:1", Span(3, 3, 3, 14)),
        ("# escape=`\nCMD dlv debug `\n  --listen=:1\n", "--listen=:1", Span(3, 3, 3, 14)),
        ("RUN --mount=type=cache,target=/root/.cache dlv version\n", "version", Span(1, 48, 1, 55)),
        ("CMD dlv debug \\\r\n  --listen=:1\r\n", "--listen=:1", Span(2, 3, 2, 14)),
        ('ENTRYPOINT ["/go/bin/dlv", "--listen=:40000"]\n', "--listen=:40000", Span(1, 29, 1, 44)),
        ("RUN <<-EOT\n\tdlv exec --listen :1 ./x\nEOT\n", ":1", Span(2, 20, 2, 22)),
    ],
    ids=["continuation", "comment-in-continuation", "escape-directive", "run-flags", "crlf", "exec-form", "heredoc"],
)
def test_every_word_keeps_its_line_and_column(text, word, span):
    assert place(text, word) == span


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("FROM golang\nRUN <<EOT\nnever closed\n", 2, "unterminated heredoc"),
        ("FROM busybox\n\nENV PATH\nRUN true\n", 3, "ENV must have two arguments"),
        ('FROM a\nRUN x \\\n  y\nCMD [ "echo", [ "nested" ] ]\n', 4, "arrays must be comprised of strings only"),
    ],
)
def test_a_file_buildkit_cannot_read_is_a_parse_error_at_its_line(text, line, message):
    """BuildKit's messages name no line: the error is placed at the line that brings it."""
    with pytest.raises(ParseError) as raised:
        parse("dockerfile", text)
    assert raised.value.line == line and message in str(raised.value)


@pytest.mark.parametrize("text", ["", "\n\n", "# a placeholder\n# nothing yet\n"])
def test_a_file_without_instructions_runs_nothing_and_is_no_error(text):
    """BuildKit says "file with no instructions"; nothing runs, so there is nothing to judge."""
    assert commands(text) == []


def test_an_exec_form_entrypoint_runs_with_its_stages_exec_form_cmd():
    """The container runs ENTRYPOINT's words then CMD's, in the stage that sets both (in either
    order); each word keeps its place."""
    text = (
        "FROM golang:1.22 AS debug\n"
        'CMD ["exec", "--continue", "/app"]\n'
        'ENTRYPOINT ["/go/bin/dlv", "--headless"]\n'
        "FROM debian AS shell-form\n"
        "ENTRYPOINT dlv exec /app\n"
        'CMD ["--continue"]\n'
        "FROM debian AS cmd-only\n"
        'CMD ["dlv", "version"]\n'
    )

    assert commands(text) == [
        ("CMD", ["exec", "--continue", "/app"]),
        ("ENTRYPOINT", ["/go/bin/dlv", "--headless"]),
        ("ENTRYPOINT", ["/go/bin/dlv", "--headless", "exec", "--continue", "/app"]),
        ("ENTRYPOINT", "dlv exec /app"),
        ("CMD", ["--continue"]),
        ("CMD", ["dlv", "version"]),
    ]
    assert place(text, "--continue", 2) == Span(2, 15, 2, 25)
    assert place(text, "--headless", 2) == Span(3, 29, 3, 39)


# --- shell scripts and Makefiles -------------------------------------------------------------


def recipe_place(text: str, word: str, index: int = 0) -> tuple[str, Span]:
    recipe = parse("makefile", text).root.value["recipes"].value[index]
    at = recipe.value.index(word)
    return recipe.value, recipe.part_span(at, at + len(word))


def test_a_makefile_recipe_is_joined_as_make_hands_it_to_the_shell():
    text = (
        "PORT := 2345\n\ndebug: build\n\t@-dlv debug --headless \\\n\t  --continue --listen=:$(PORT) && echo $$HOME\n\n"
    )
    value, span = recipe_place(text, "--continue")
    assert value == "dlv debug --headless \\\n  --continue --listen=:$(PORT) && echo $HOME"  # make variables as written
    assert span == Span(5, 4, 5, 14)
    assert recipe_place(text, "$HOME")[1] == Span(5, 41, 5, 47)  # `$$HOME` in the file
    assert recipe_place(text, "dlv")[1] == Span(4, 4, 4, 7)  # after the tab and the `@-` prefix


def test_lines_that_are_not_recipes_are_not_commands():
    text = "# dlv debug --headless --continue\nVAR = dlv exec --continue\ndebug:\n  dlv not a recipe (spaces)\n"
    assert parse("makefile", text).root.value["recipes"].value == []


def test_a_shell_script_is_one_command_line_with_every_character_in_place():
    text = "#!/bin/sh\r\nset -e\nexec dlv exec --continue ./app\n"
    script = parse("shell", text).root.value["script"]
    at = script.value.index("--continue")
    assert script.part_span(at, at + len("--continue")) == Span(3, 15, 3, 25)


def test_the_images_of_the_stages_and_the_last_stages_environment():
    text = "FROM --platform=linux/amd64 golang:1.22 AS build\nENV A=1\nFROM mcr.microsoft.com/devcontainers/go:1\nENV GOMODCACHE=/cache/mod B=2\nENV C 3\n"
    root = parse("dockerfile", text).root.value
    assert [node.value for node in root["from"].value] == ["golang:1.22", "mcr.microsoft.com/devcontainers/go:1"]
    assert root["image"].value == "mcr.microsoft.com/devcontainers/go:1" and root["image"].span == Span(3, 6, 3, 42)
    assert root["env"].plain() == {"GOMODCACHE": "/cache/mod", "B": "2", "C": "3"}  # the first stage's A is gone
