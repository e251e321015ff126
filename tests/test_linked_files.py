"""Rules that read other files through the linted one, end to end: a team's own rule file on a
devcontainer.json that names its Compose files (``in-files``), the ``key=value`` lists of its
``mounts`` (``key-values``) and the docker arguments of its ``runArgs`` (a program-less
``command-line``). Real files in a temporary project, the real CLI, exact places.

What a user relies on: a finding about a Compose setting is reported in the Compose file, at the
line and column of the setting, whichever file of ``dockerComposeFile`` set it last; only the dev
service is judged; the Compose file's own suppression comments work there (and are not called
unused); a Compose file that does not parse is an RL001 in it, not a crash; a file judged through
two devcontainers is reported once; and a pre-commit run that stages only the Compose file still
judges it, through the devcontainer.json that names it, with standard input standing for the file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import covered, json_diagnostics, run_cli, write
from remdev_lint.model import Span

RULES = """\
rules:
  - code: TL001
    name: team-dev-service-privileged
    severity: error
    summary: The dev container's Compose service runs privileged.
    explanation: A privileged container reaches every device of the host.
    files:
      - {glob: "**/.devcontainer/devcontainer.json", format: jsonc}
    check:
      select: &dev-service {in-files: dockerComposeFile, format: compose, select: "services.*"}
      where: &is-dev {path: "~", equals: {root: service}}
      report-if: {path: privileged, equals: true}
      at: privileged
      message: "the dev service `{~}` runs privileged"
    examples:
      bad:
        - file: .devcontainer/devcontainer.json
          text: '{"dockerComposeFile": "compose.yml", "service": "dev"}'
          tree: {.devcontainer/compose.yml: "services:\\n  dev:\\n    privileged: true\\n"}
          expect: ".devcontainer/compose.yml:3:17"
      good:
        - {file: .devcontainer/devcontainer.json, text: '{"image": "golang:1.22"}'}
  - code: TL002
    name: team-dev-service-host-network
    severity: warning
    summary: The dev container's Compose service shares the host's network.
    explanation: Every port the dev service opens is open on the host.
    files:
      - {glob: "**/.devcontainer/devcontainer.json", format: jsonc}
    check:
      select: *dev-service
      where: *is-dev
      report-if: {path: network_mode, equals: host}
      at: "~"
      message: "the dev service `{~}` uses the host's network"
    examples:
      bad:
        - file: .devcontainer/devcontainer.json
          text: '{"dockerComposeFile": "compose.yml", "service": "dev"}'
          tree: {.devcontainer/compose.yml: "services:\\n  dev:\\n    network_mode: host\\n"}
          expect: ".devcontainer/compose.yml:2:3"
      good:
        - {file: .devcontainer/devcontainer.json, text: '{"image": "golang:1.22"}'}
  - code: TL003
    name: team-mount-fields
    severity: info
    summary: Every field of every mount (to test where each one stands).
    explanation: Reports each key and each value of the mounts.
    files:
      - {glob: "**/.devcontainer/devcontainer.json", format: jsonc}
    check:
      - select: &mounts {key-values: "mounts[*]", fold-case: true, quotes: true}
        each: "*~"
        report-if: {present: true}
        message: "key {value}"
      - select: *mounts
        each: "*"
        report-if: {present: true}
        message: "value {value}"
    examples:
      bad:
        - {file: .devcontainer/devcontainer.json, text: '{"mounts": ["type=bind"]}', expect: ["1:13", "1:18"]}
      good:
        - {file: .devcontainer/devcontainer.json, text: '{"mounts": []}'}
  - code: TL004
    name: team-run-args
    severity: info
    summary: The memory limit and the tmpfs mounts of runArgs (to test where each one stands).
    explanation: Reports the value of --memory and of every --tmpfs.
    files:
      - {glob: "**/.devcontainer/devcontainer.json", format: jsonc}
    check:
      - select: &run-args
          command-line:
            in: "$"
            args: runArgs
            value-flags: [memory, m, tmpfs, cpus, name]
            aliases: {m: memory}
        report-if: {path: flags.memory, present: true}
        at: flags.memory
        message: "memory {value}"
      - select: *run-args
        each: "all-flags[*]"
        report-if: {path: name, equals: tmpfs}
        at: value
        message: "tmpfs {value}"
    examples:
      bad:
        - {file: .devcontainer/devcontainer.json, text: '{"runArgs": ["--memory=4g"]}', expect: "1:24"}
      good:
        - {file: .devcontainer/devcontainer.json, text: '{"runArgs": []}'}
"""

DEVCONTAINER = ".devcontainer/devcontainer.json"
COMPOSE = ".devcontainer/docker-compose.yml"

COMPOSE_TEXT = """\
services:
  dev:
    image: mcr.microsoft.com/devcontainers/go:1.22
    privileged: true
    network_mode: host
    volumes:
      - ..:/workspaces/app:cached
  db:
    image: postgres:16
    privileged: true
    network_mode: host
"""


def devcontainer(compose_files, service: str = "dev", **more) -> str:
    return json.dumps(
        {
            "name": "app",
            "dockerComposeFile": compose_files,
            "service": service,
            "workspaceFolder": "/workspaces/app",
            **more,
        },
        indent=2,
    )


def project(root: Path, files: dict[str, str]) -> Path:
    """A project whose configuration loads the team's rules (``policy/``), with ``files``."""
    write(root, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')
    write(root, "policy/team.yaml", RULES)
    for relpath, text in files.items():
        write(root, relpath, text)
    return root


def found(cwd: Path, *args: str, select: str = "TL001,TL002") -> list[tuple[str, int, int, str]]:
    return [(d["path"], d["line"], d["column"], d["rule"]) for d in json_diagnostics(cwd, *args, select=select)]


# --- a finding in the compose file, at its place ------------------------------------------------


def test_a_compose_setting_is_reported_in_the_compose_file_at_its_line_and_column(tmp_path):
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: COMPOSE_TEXT})

    diagnostics = json_diagnostics(tmp_path, select="TL001,TL002")

    assert [(d["path"], d["line"], d["column"], d["end_line"], d["end_column"], d["rule"]) for d in diagnostics] == [
        (COMPOSE, 2, 3, 2, 6, "TL002"),  # `at: "~"`: the service's key, `dev`
        (COMPOSE, 4, 17, 4, 21, "TL001"),  # `at: privileged`: its value, `true`
    ]
    assert diagnostics[1]["message"] == "the dev service `dev` runs privileged"


def test_the_compose_file_is_shown_relative_to_the_current_folder(tmp_path):
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: COMPOSE_TEXT})

    assert found(tmp_path / ".devcontainer", select="TL001") == [("docker-compose.yml", 4, 17, "TL001")]
    assert found(tmp_path / "policy", "..", select="TL001") == [("../.devcontainer/docker-compose.yml", 4, 17, "TL001")]


def test_text_output_names_the_compose_file_line_and_column(tmp_path):
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: COMPOSE_TEXT})

    result = run_cli(["--select", "TL001"], tmp_path)

    assert result.code == 1
    assert result.out.splitlines()[0] == f"{COMPOSE}:4:17: TL001 [error] the dev service `dev` runs privileged"


def test_only_the_dev_service_is_judged(tmp_path):
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: COMPOSE_TEXT})
    # db is privileged too (line 10), but it is not the service VS Code attaches to.
    assert found(tmp_path) == [(COMPOSE, 2, 3, "TL002"), (COMPOSE, 4, 17, "TL001")]

    write(tmp_path, DEVCONTAINER, devcontainer("docker-compose.yml", service="db"))
    assert found(tmp_path) == [(COMPOSE, 8, 3, "TL002"), (COMPOSE, 10, 17, "TL001")]

    write(tmp_path, DEVCONTAINER, devcontainer("docker-compose.yml", service="worker"))
    assert found(tmp_path) == []


def test_a_compose_file_outside_the_devcontainer_folder(tmp_path):
    # The common layout: the project's compose file at the root, named as ../docker-compose.yml.
    project(tmp_path, {DEVCONTAINER: devcontainer("../docker-compose.yml"), "docker-compose.yml": COMPOSE_TEXT})

    assert found(tmp_path, select="TL001") == [("docker-compose.yml", 4, 17, "TL001")]


def test_a_compose_path_written_with_backslashes(tmp_path):
    # Written on Windows: `..\\docker-compose.yml` names the same file on every OS.
    project(tmp_path, {DEVCONTAINER: devcontainer("..\\docker-compose.yml"), "docker-compose.yml": COMPOSE_TEXT})

    assert found(tmp_path, select="TL001") == [("docker-compose.yml", 4, 17, "TL001")]


def test_a_compose_file_with_crlf_line_endings(tmp_path):
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml")})
    (tmp_path / COMPOSE).write_bytes(COMPOSE_TEXT.replace("\n", "\r\n").encode())

    assert found(tmp_path) == [(COMPOSE, 2, 3, "TL002"), (COMPOSE, 4, 17, "TL001")]


# --- several compose files: the override order --------------------------------------------------

OVERRIDE = ".devcontainer/docker-compose.extend.yml"


def test_a_later_file_clears_what_an_earlier_one_set(tmp_path):
    project(
        tmp_path,
        {
            DEVCONTAINER: devcontainer(["../docker-compose.yml", "docker-compose.extend.yml"]),
            "docker-compose.yml": COMPOSE_TEXT,
            OVERRIDE: "services:\n  dev:\n    privileged: false\n",
        },
    )

    assert found(tmp_path, select="TL001") == []


def test_the_finding_points_into_the_file_that_set_the_value(tmp_path):
    project(
        tmp_path,
        {
            DEVCONTAINER: devcontainer(["../docker-compose.yml", "docker-compose.extend.yml"]),
            "docker-compose.yml": "services:\n  dev:\n    image: golang:1.22\n    privileged: false\n",
            OVERRIDE: "# local tweaks\nservices:\n  dev:\n    cap_add: [SYS_PTRACE]\n    privileged: true\n",
        },
    )

    assert found(tmp_path, select="TL001") == [(OVERRIDE, 5, 17, "TL001")]


def test_a_value_only_the_first_file_sets_is_reported_there(tmp_path):
    project(
        tmp_path,
        {
            DEVCONTAINER: devcontainer(["../docker-compose.yml", "docker-compose.extend.yml"]),
            "docker-compose.yml": COMPOSE_TEXT,
            OVERRIDE: "services:\n  dev:\n    command: sleep infinity\n",
        },
    )

    # The service's key stays where the service was first defined.
    assert found(tmp_path) == [("docker-compose.yml", 2, 3, "TL002"), ("docker-compose.yml", 4, 17, "TL001")]


def test_the_dev_service_defined_only_in_the_override(tmp_path):
    project(
        tmp_path,
        {
            DEVCONTAINER: devcontainer(["../docker-compose.yml", "docker-compose.extend.yml"], service="tools"),
            "docker-compose.yml": COMPOSE_TEXT,
            OVERRIDE: "services:\n  tools:\n    image: golang:1.22\n    network_mode: host\n",
        },
    )

    assert found(tmp_path) == [(OVERRIDE, 2, 3, "TL002")]


# --- suppressions in the compose file -----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "    privileged: true  # remdev-lint: ignore[TL001]\n",
        "    # remdev-lint: ignore[team-dev-service-privileged]\n    privileged: true\n",
    ],
    ids=["end-of-line", "line-above"],
)
def test_a_suppression_comment_in_the_compose_file_silences_the_finding(tmp_path, line):
    text = "services:\n  dev:\n    image: golang:1.22\n" + line
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: text})

    assert found(tmp_path, select="TL001,RL") == []


def test_a_suppression_in_the_compose_file_silences_only_its_rule_and_line(tmp_path):
    text = COMPOSE_TEXT.replace(
        "privileged: true\n    network_mode", "privileged: true  # remdev-lint: ignore[TL002]\n    network_mode", 1
    )
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: text})

    # TL002 is reported on line 2 (the service key), so the suppression on line 4 does not reach it.
    assert found(tmp_path, select="TL,RL") == [(COMPOSE, 2, 3, "TL002"), (COMPOSE, 4, 17, "TL001")]


def test_no_unused_suppression_is_reported_in_a_compose_file(tmp_path):
    # The compose file is judged by the few rules that read it through the devcontainer.json;
    # a suppression there may be for another tool's run or another devcontainer: never RL002.
    text = "services:\n  dev:\n    image: golang:1.22  # remdev-lint: ignore[TL001]\n    privileged: false\n"
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: text})

    assert found(tmp_path, select="TL,RL") == []


def test_per_file_ignores_apply_to_the_compose_file(tmp_path):
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: COMPOSE_TEXT})
    write(
        tmp_path,
        ".remdev-lint.toml",
        'rule-dirs = ["policy"]\n[per-file-ignores]\n".devcontainer/docker-compose.yml" = ["TL001"]\n',
    )

    assert found(tmp_path) == [(COMPOSE, 2, 3, "TL002")]


# --- compose files that cannot be read ----------------------------------------------------------


def test_a_compose_file_that_does_not_parse_gives_rl001_there_and_nothing_else(tmp_path):
    broken = "services:\n  dev:\n    image: golang:1.22\n    privileged: true\n    cap_add: [SYS_PTRACE\n"
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: broken})

    result = run_cli(["--format", "json", "--select", "TL,RL"], tmp_path)

    assert result.code == 1 and result.err == ""
    diagnostics = json.loads(result.out)["diagnostics"]
    assert [(d["path"], d["rule"]) for d in diagnostics] == [(COMPOSE, "RL001")]
    # The `[` of line 5 is never closed: the parser finds that at the end of the file (line 6)
    # and says where the sequence began.
    assert (diagnostics[0]["line"], diagnostics[0]["column"]) == (6, 1)
    assert "line 5, column 14" in diagnostics[0]["message"]


def test_a_yaml_error_in_the_middle_of_a_compose_file_is_reported_at_its_line(tmp_path):
    broken = "services:\n  dev:\n    image: golang:1.22\n   privileged: true\n    network_mode: host\n"
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: broken})

    assert found(tmp_path, select="TL,RL") == [(COMPOSE, 4, 4, "RL001")]


def test_one_broken_file_of_several_stops_the_compose_checks(tmp_path):
    project(
        tmp_path,
        {
            DEVCONTAINER: devcontainer(["../docker-compose.yml", "docker-compose.extend.yml"]),
            "docker-compose.yml": COMPOSE_TEXT,
            OVERRIDE: "services:\n  dev: {privileged: false\n",
        },
    )

    result = found(tmp_path, select="TL,RL")

    assert [(path, rule) for path, _line, _column, rule in result] == [(OVERRIDE, "RL001")]


def test_a_duplicate_key_in_a_compose_file_is_rl001_there(tmp_path):
    # Compose rejects a key given twice in one mapping; which `privileged` counts is not known.
    duplicated = "services:\n  dev:\n    privileged: true\n    privileged: false\n"
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: duplicated})

    assert found(tmp_path, select="TL,RL") == [(COMPOSE, 4, 5, "RL001")]
    assert found(tmp_path, COMPOSE, select="TL,RL") == [(COMPOSE, 4, 5, "RL001")]


def test_a_compose_file_that_is_not_utf8_is_rl001_at_the_bad_byte(tmp_path):
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml")})
    (tmp_path / COMPOSE).write_bytes(b"services:\n  dev:\n    image: caf\xe9\n    privileged: true\n")

    assert found(tmp_path, select="TL,RL") == [(COMPOSE, 3, 15, "RL001")]


def test_a_broken_compose_file_does_not_hide_the_devcontainers_own_unused_suppression(tmp_path):
    # The devcontainer.json parses; only the compose file it names does not. A suppression in the
    # devcontainer.json that silences nothing is still reported there.
    text = '{\n  "dockerComposeFile": "docker-compose.yml", // remdev-lint: ignore[TL004]\n  "service": "dev"\n}\n'
    broken = "services:\n  dev:\n    image: golang:1.22\n   privileged: true\n"
    project(tmp_path, {DEVCONTAINER: text, COMPOSE: broken})
    column = text.splitlines()[1].index("remdev-lint") + 1

    assert found(tmp_path, select="TL,RL") == [(DEVCONTAINER, 2, column, "RL002"), (COMPOSE, 4, 4, "RL001")]


@pytest.mark.parametrize(
    "names",
    [
        "docker-compose.missing.yml",
        ["docker-compose.yml", "docker-compose.missing.yml"],
    ],
    ids=["the-only-file", "one-of-two"],
)
def test_a_missing_compose_file_selects_nothing(tmp_path, names):
    project(tmp_path, {DEVCONTAINER: devcontainer(names), COMPOSE: COMPOSE_TEXT})

    result = run_cli(["--format", "json", "--select", "TL,RL"], tmp_path)

    assert result.code == 0 and result.err == ""
    assert json.loads(result.out)["diagnostics"] == []


def test_a_devcontainer_without_compose_files_selects_nothing(tmp_path):
    project(tmp_path, {DEVCONTAINER: '{"image": "mcr.microsoft.com/devcontainers/go:1.22"}', COMPOSE: COMPOSE_TEXT})

    assert found(tmp_path, select="TL,RL") == []


# --- a compose file several devcontainers name --------------------------------------------------


def test_a_compose_file_two_devcontainers_name_is_reported_once(tmp_path):
    project(
        tmp_path,
        {
            "api/.devcontainer/devcontainer.json": devcontainer("../../docker-compose.yml"),
            "web/.devcontainer/devcontainer.json": devcontainer("../../docker-compose.yml"),
            "docker-compose.yml": COMPOSE_TEXT,
        },
    )

    result = run_cli(["--select", "TL001"], tmp_path)

    assert result.code == 1
    assert result.out.splitlines() == [
        "docker-compose.yml:4:17: TL001 [error] the dev service `dev` runs privileged",
        "Found 1 problem (1 error) in 1 file.",
    ]
    assert found(tmp_path, select="TL001") == [("docker-compose.yml", 4, 17, "TL001")]


def test_two_devcontainers_on_two_services_of_one_compose_file(tmp_path):
    project(
        tmp_path,
        {
            "api/.devcontainer/devcontainer.json": devcontainer("../../docker-compose.yml"),
            "db/.devcontainer/devcontainer.json": devcontainer("../../docker-compose.yml", service="db"),
            "docker-compose.yml": COMPOSE_TEXT,
        },
    )

    assert found(tmp_path, select="TL001") == [
        ("docker-compose.yml", 4, 17, "TL001"),
        ("docker-compose.yml", 10, 17, "TL001"),
    ]


# --- the compose file named alone (pre-commit) --------------------------------------------------


@pytest.mark.parametrize(
    ("names", "compose"),
    [("docker-compose.yml", COMPOSE), ("../docker-compose.yml", "docker-compose.yml")],
    ids=["beside-the-devcontainer", "at-the-root"],
)
def test_a_compose_file_named_alone_is_judged_through_its_devcontainer(tmp_path, names, compose):
    project(tmp_path, {DEVCONTAINER: devcontainer(names), compose: COMPOSE_TEXT})

    assert found(tmp_path, compose, select="TL001") == [(compose, 4, 17, "TL001")]


def test_a_compose_file_named_alone_reports_only_its_own_findings(tmp_path):
    # The devcontainer.json has a finding of its own (TL004): not staged, not reported.
    project(
        tmp_path,
        {DEVCONTAINER: devcontainer("docker-compose.yml", runArgs=["--memory=4g"]), COMPOSE: COMPOSE_TEXT},
    )

    assert found(tmp_path, COMPOSE, select="TL001,TL004") == [(COMPOSE, 4, 17, "TL001")]
    both = found(tmp_path, DEVCONTAINER, COMPOSE, select="TL001,TL004")
    assert [(path, rule) for path, _line, _column, rule in both] == [(DEVCONTAINER, "TL004"), (COMPOSE, "TL001")]


def test_a_compose_file_no_devcontainer_names_gives_nothing(tmp_path):
    project(
        tmp_path,
        {
            DEVCONTAINER: devcontainer("docker-compose.yml"),
            COMPOSE: COMPOSE_TEXT,
            "deploy/docker-compose.yml": COMPOSE_TEXT,
        },
    )

    result = run_cli(["--format", "json", "--select", "TL,RL", "deploy/docker-compose.yml"], tmp_path)

    assert result.code == 0 and result.err == ""
    assert json.loads(result.out)["diagnostics"] == []


def test_stdin_stands_for_the_compose_file(tmp_path):
    # On disk the dev service is not privileged; the staged (edited) text on stdin makes it so.
    on_disk = "services:\n  dev:\n    image: golang:1.22\n    privileged: false\n"
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: on_disk})
    edited = "services:\n  dev:\n    image: golang:1.22\n    cap_add: [SYS_PTRACE]\n    privileged: true\n"

    result = run_cli(["--format", "json", "--select", "TL001", "--stdin-filename", COMPOSE], tmp_path, stdin=edited)

    assert result.err == ""
    assert [(d["path"], d["line"], d["column"]) for d in json.loads(result.out)["diagnostics"]] == [(COMPOSE, 5, 17)]
    assert result.code == 1


def test_stdin_that_fixes_the_compose_file_passes(tmp_path):
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: COMPOSE_TEXT})
    fixed = COMPOSE_TEXT.replace("privileged: true", "privileged: false")

    result = run_cli(["--format", "json", "--select", "TL001", "--stdin-filename", COMPOSE], tmp_path, stdin=fixed)

    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out)["diagnostics"] == []


def test_stdin_suppression_comments_are_the_ones_that_count(tmp_path):
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: COMPOSE_TEXT})
    suppressed = COMPOSE_TEXT.replace("privileged: true", "privileged: true  # remdev-lint: ignore[TL001]", 1)

    result = run_cli(["--format", "json", "--select", "TL001", "--stdin-filename", COMPOSE], tmp_path, stdin=suppressed)

    assert (result.code, result.err) == (0, "")


def test_stdin_compose_text_that_does_not_parse_is_rl001(tmp_path):
    project(tmp_path, {DEVCONTAINER: devcontainer("docker-compose.yml"), COMPOSE: COMPOSE_TEXT})
    broken = "services:\n  dev:\n    image: golang:1.22\n   privileged: true\n"

    result = run_cli(["--format", "json", "--select", "TL,RL", "--stdin-filename", COMPOSE], tmp_path, stdin=broken)

    assert result.err == ""
    assert [(d["path"], d["line"], d["column"], d["rule"]) for d in json.loads(result.out)["diagnostics"]] == [
        (COMPOSE, 4, 4, "RL001")
    ]


# --- key=value lists: the mounts of a devcontainer.json -----------------------------------------


def mount_fields(tmp_path: Path, mounts: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """The devcontainer's text, and (message, text covered) of every TL003 finding."""
    text = '{\n  "image": "golang:1.22",\n  "mounts": [\n' + ",\n".join(f"    {m}" for m in mounts) + "\n  ]\n}\n"
    project(tmp_path, {DEVCONTAINER: text})
    diagnostics = json_diagnostics(tmp_path, select="TL003")
    return text, [
        (d["message"], covered(text, Span(d["line"], d["column"], d["end_line"], d["end_column"]))) for d in diagnostics
    ]


def test_each_key_and_value_of_a_mount_has_its_own_columns(tmp_path):
    _, fields = mount_fields(tmp_path, ['"source=${localEnv:HOME}/.ssh,target=/home/vscode/.ssh,type=bind,readonly"'])

    assert sorted(fields) == sorted(
        [
            ("key source", "source"),
            ("value ${localEnv:HOME}/.ssh", "${localEnv:HOME}/.ssh"),
            ("key target", "target"),
            ("value /home/vscode/.ssh", "/home/vscode/.ssh"),
            ("key type", "type"),
            ("value bind", "bind"),
            ("key readonly", "readonly"),
            ("value true", "readonly"),  # a bare key is true, at the key
        ]
    )


def test_keys_fold_to_lower_case_at_the_columns_written(tmp_path):
    _, fields = mount_fields(tmp_path, ['"Type=bind,Source=/var/run/docker.sock,TARGET=/var/run/docker.sock"'])

    assert ("key type", "Type") in fields
    assert ("key source", "Source") in fields
    assert ("key target", "TARGET") in fields
    assert ("value bind", "bind") in fields


def test_a_mount_with_escapes_points_at_the_whole_string(tmp_path):
    # `\\` in JSON is one backslash: the text is not written as it is, so no field has columns.
    mount = '"type=bind,source=C:\\\\Users\\\\me\\\\cache,target=/cache"'
    _, fields = mount_fields(tmp_path, [mount])

    assert sorted(fields) == sorted(
        [
            ("key type", mount),
            ("value bind", mount),
            ("key source", mount),
            ("value C:\\Users\\me\\cache", mount),
            ("key target", mount),
            ("value /cache", mount),
        ]
    )


def test_a_csv_quoted_field_keeps_its_separator(tmp_path):
    # Docker reads --mount as CSV: the quoted field is one field, `source=/a,b`.
    mount = '"\\"source=/srv/a,b\\",target=/x,type=bind"'
    _, fields = mount_fields(tmp_path, [mount])

    assert sorted(message for message, _ in fields) == sorted(
        ["key source", "value /srv/a,b", "key target", "value /x", "key type", "value bind"]
    )


def test_a_csv_quoted_field_written_without_escapes_has_columns(tmp_path):
    # JSON needs \" for a quote, but a field can be quoted without one: the columns hold then.
    mount = '"type=bind,target=/x,source=/plain"'
    _, fields = mount_fields(tmp_path, [mount])

    assert ("value /plain", "/plain") in fields
    assert ("key target", "target") in fields


def test_a_trailing_comma_gives_an_empty_key(tmp_path):
    text, fields = mount_fields(tmp_path, ['"type=volume,source=gomod,target=/go/pkg/mod,"'])

    # Docker rejects the empty field; a rule can see it: an empty key, right after the comma.
    assert ("key ", "") in fields
    diagnostics = json_diagnostics(tmp_path, select="TL003")
    [empty] = [d for d in diagnostics if d["message"] == "key "]
    line = text.splitlines()[empty["line"] - 1]
    assert line[: empty["column"] - 1].endswith("/go/pkg/mod,")


def test_every_mount_is_read(tmp_path):
    _, fields = mount_fields(
        tmp_path,
        ['"source=gomod,target=/go/pkg/mod,type=volume"', '"source=gocache,target=/root/.cache/go-build,type=volume"'],
    )

    assert [message for message, _ in fields if message.startswith("value /")] == [
        "value /go/pkg/mod",
        "value /root/.cache/go-build",
    ]


# --- runArgs: docker's arguments without a program ----------------------------------------------


def run_args_findings(tmp_path: Path, run_args: list[str]) -> list[tuple[str, str]]:
    """(message, text covered) of every TL004 finding for a devcontainer with these runArgs."""
    text = json.dumps({"image": "golang:1.22", "runArgs": run_args}, indent=2) + "\n"
    project(tmp_path, {DEVCONTAINER: text})
    return [
        (d["message"], covered(text, Span(d["line"], d["column"], d["end_line"], d["end_column"])))
        for d in json_diagnostics(tmp_path, select="TL004")
    ]


@pytest.mark.parametrize(
    "run_args",
    [["--memory=4g"], ["--memory", "4g"], ["-m", "4g"], ["-m4g"], ["-m=4g"], ["--cpus=2", "-m", "4g", "--init"]],
    ids=["long-equals", "long-space", "short-space", "short-attached", "short-equals", "among-others"],
)
def test_the_memory_flag_in_every_spelling_gives_its_value_at_its_columns(tmp_path, run_args):
    assert run_args_findings(tmp_path, run_args) == [("memory 4g", "4g")]


def test_a_flag_given_twice_counts_with_its_last_value(tmp_path):
    assert run_args_findings(tmp_path, ["--memory=2g", "--memory=8g"]) == [("memory 8g", "8g")]


def test_all_flags_keeps_repeated_tmpfs_flags_in_order(tmp_path):
    findings = run_args_findings(
        tmp_path, ["--tmpfs", "/tmp:size=512m", "--cap-add=SYS_PTRACE", "--tmpfs=/run", "--tmpfs", "/var/cache"]
    )

    assert findings == [
        ("tmpfs /tmp:size=512m", "/tmp:size=512m"),
        ("tmpfs /run", "/run"),
        ("tmpfs /var/cache", "/var/cache"),
    ]


def test_empty_run_args_and_no_run_args_report_nothing(tmp_path):
    assert run_args_findings(tmp_path, []) == []
    write(tmp_path, DEVCONTAINER, '{"image": "golang:1.22"}\n')
    assert json_diagnostics(tmp_path, select="TL004") == []


# --- rule files: bad selectors inside the new select forms are located ---------------------------


@pytest.mark.parametrize(
    ("old", "new", "written", "fault"),
    [
        (
            "{in-files: dockerComposeFile, format: compose",
            "{in-files: docker..ComposeFile, format: compose",
            "docker..ComposeFile",
            "TL001 (team-dev-service-privileged): invalid selector 'docker..ComposeFile'",
        ),
        (
            'select: "services.*"}',
            'select: "services.*~.x"}',
            '"services.*~.x"',
            "TL001 (team-dev-service-privileged): invalid selector 'services.*~.x'",
        ),
        (
            '{key-values: "mounts[*]"',
            '{key-values: "mounts[x]"',
            '"mounts[x]"',
            "TL003 (team-mount-fields): invalid selector 'mounts[x]'",
        ),
    ],
    ids=["in-files-paths", "in-files-select", "key-values"],
)
def test_a_bad_selector_in_a_select_form_is_a_located_rule_file_error(tmp_path, old, new, written, fault):
    assert old in RULES
    broken = RULES.replace(old, new, 1)
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\n')
    write(tmp_path, "policy/team.yaml", broken)
    write(tmp_path, DEVCONTAINER, devcontainer("docker-compose.yml"))

    result = run_cli(["--no-cache"], tmp_path)

    assert result.code == 2 and result.out == ""
    # The file, the line and column where the broken selector is written, the rule, the fault.
    line, text = next((number, text) for number, text in enumerate(broken.splitlines(), 1) if new in text)
    place = f"{tmp_path / 'policy' / 'team.yaml'}:{line}:{text.index(written) + 1}: rule {fault}"
    assert result.err.startswith(f"remdev-lint: error: {place}"), result.err
    assert result.err.count("\n") == 1  # one line, no traceback


# --- a file named alone, judged through the files that read it ---------------------------------

FRAGMENT_MAIN = "Include config.d/*.conf\n\nHost *\n  ServerAliveInterval 30\n"
FRAGMENT = "Host work\n  HostName work.example.com\n  StrictHostKeyChecking no\n"


def named_findings(cwd: Path, *args: str) -> list[tuple[str, int, int, str]]:
    return [(d["path"], d["line"], d["column"], d["rule"]) for d in json_diagnostics(cwd, *args)]


def test_an_ssh_fragment_named_alone_is_judged_through_the_config_that_includes_it(tmp_path):
    write(tmp_path, ".git/HEAD", "")
    write(tmp_path, ".ssh/config", FRAGMENT_MAIN)
    write(tmp_path, ".ssh/config.d/work.conf", FRAGMENT)

    alone = named_findings(tmp_path, ".ssh/config.d/work.conf")
    whole = named_findings(tmp_path, ".")

    assert alone == [(".ssh/config.d/work.conf", 3, 25, "SC009")]
    assert [f for f in whole if f[0].endswith("work.conf")] == alone
    assert named_findings(tmp_path, ".ssh/config", ".ssh/config.d/work.conf") == whole  # both named: once each


def test_an_ssh_fragment_no_config_includes_is_not_judged(tmp_path):
    write(tmp_path, ".git/HEAD", "")
    write(tmp_path, ".ssh/config", "Host *\n  ServerAliveInterval 30\n")  # no Include
    write(tmp_path, ".ssh/config.d/work.conf", FRAGMENT)

    result = run_cli([".ssh/config.d/work.conf"], tmp_path)

    assert (result.code, result.out) == (0, "All checks passed (0 files checked).\n")


def test_tasks_json_named_alone_brings_the_findings_of_the_launch_configurations_it_serves(tmp_path):
    from remdev_lint.rules import load_rules

    example = next(r for r in load_rules([]) if r.code == "DL006").examples["bad"][0]
    write(tmp_path, ".git/HEAD", "")
    write(tmp_path, ".vscode/launch.json", example["text"])
    write(tmp_path, ".vscode/tasks.json", example["tree"][".vscode/tasks.json"])

    alone = named_findings(tmp_path, ".vscode/tasks.json")
    both = named_findings(tmp_path, ".vscode/tasks.json", ".vscode/launch.json")

    assert alone == [(".vscode/launch.json", 4, 14, "DL006")]  # only what the task file decides
    assert [f for f in both if f[3] == "DL006"] == alone


def test_a_fragment_is_found_by_what_includes_it_not_by_its_folders_name(tmp_path):
    write(tmp_path, ".git/HEAD", "")
    write(tmp_path, "deploy/ssh_config", "Include hosts.d/*\n\nHost *\n  ServerAliveInterval 30\n")
    write(tmp_path, "deploy/hosts.d/work", FRAGMENT)

    assert named_findings(tmp_path, "deploy/hosts.d/work") == [("deploy/hosts.d/work", 3, 25, "SC009")]
