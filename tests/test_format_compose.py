"""Compose files combined as ``docker compose -f first -f second`` combines them.

The expected results are the Compose Specification's merge rules
(https://docs.docker.com/reference/compose-file/merge/, compose-spec ``13-merge.md``): mappings
merged member by member, a later scalar winning; sequences appended; ``command``, ``entrypoint``
and ``healthcheck.test`` replaced; ``volumes`` unique by target path and ``ports`` by entry, a later
item taking the earlier one's place; ``environment`` and ``labels`` merged by variable or label
name. Every merged node must still say which file it came from (``origin``) and where it stands in
that file, since a diagnostic about it is reported there.
"""

from __future__ import annotations

from conftest import covered
from remdev_lint.formats.compose import merge, parse
from remdev_lint.model import Span

BASE = ".devcontainer/docker-compose.yml"
OVERRIDE = ".devcontainer/docker-compose.override.yml"
LOCAL = ".devcontainer/docker-compose.local.yml"


def merged(*files: tuple[str, str]):
    """The merged root of ``(path, text)`` files, in ``-f`` order."""
    return merge([(path, parse(text).root) for path, text in files])


def get(node, *keys):
    for key in keys:
        node = node.value[key]
    return node


def where(node) -> tuple[str, int, int]:
    """(file, line, column) of a node: where a diagnostic at it is reported."""
    return node.origin, node.span.line, node.span.column


def assignments(node) -> dict:
    """``environment``/``labels`` as Compose reads them, whichever form they are written in."""
    if node.is_mapping:
        return {key: child.value for key, child in node.value.items()}
    pairs = [item.value.partition("=") for item in node.value]
    return {key: (value if sep else None) for key, sep, value in pairs}


# --- mappings and scalars ---------------------------------------------------------------------

BASE_APP = """\
services:
  app:
    image: mcr.microsoft.com/devcontainers/go:1.21
    working_dir: /workspaces/app
    healthcheck:
      interval: 10s
      retries: 3
volumes:
  gomod: {}
"""

OVERRIDE_APP = """\
services:
  app:
    image: mcr.microsoft.com/devcontainers/go:1.22
    healthcheck:
      retries: 5
  db:
    image: postgres:16
volumes:
  gocache: {}
"""


def test_mappings_are_merged_recursively_and_a_later_scalar_wins():
    root = merged((BASE, BASE_APP), (OVERRIDE, OVERRIDE_APP))

    assert root.plain() == {
        "services": {
            "app": {
                "image": "mcr.microsoft.com/devcontainers/go:1.22",
                "working_dir": "/workspaces/app",
                "healthcheck": {"interval": "10s", "retries": 5},
            },
            "db": {"image": "postgres:16"},
        },
        "volumes": {"gomod": {}, "gocache": {}},
    }


def test_a_scalar_that_wins_keeps_its_own_file_and_position():
    root = merged((BASE, BASE_APP), (OVERRIDE, OVERRIDE_APP))
    app = get(root, "services", "app")

    image = get(app, "image")
    assert where(image) == (OVERRIDE, 3, 12)
    assert covered(OVERRIDE_APP, image.span) == "mcr.microsoft.com/devcontainers/go:1.22"
    assert image.key_span == Span(3, 5, 3, 10)
    # What only the first file sets stays there.
    assert where(get(app, "working_dir")) == (BASE, 4, 18)
    assert where(get(app, "healthcheck", "interval")) == (BASE, 6, 17)
    assert where(get(app, "healthcheck", "retries")) == (OVERRIDE, 5, 16)


def test_a_service_in_two_files_keeps_the_place_of_its_first_definition():
    root = merged((BASE, BASE_APP), (OVERRIDE, OVERRIDE_APP))
    app = get(root, "services", "app")

    # The service as a whole is where it was first defined: its key on line 2 of the base file.
    assert app.origin == BASE
    assert app.key_span == Span(2, 3, 2, 6)
    assert (app.span.line, app.span.column) == (3, 5)
    assert get(root, "services").origin == BASE
    assert root.origin == BASE
    # A service only the override defines is in the override.
    db = get(root, "services", "db")
    assert db.origin == OVERRIDE
    assert db.key_span == Span(6, 3, 6, 5)
    assert where(get(db, "image")) == (OVERRIDE, 7, 12)


# --- sequences --------------------------------------------------------------------------------


def test_sequences_are_appended_later_after_earlier():
    base = "services:\n  app:\n    dns:\n      - 1.1.1.1\n    cap_add: [SYS_PTRACE]\n    security_opt: [seccomp=unconfined]\n"
    override = "services:\n  app:\n    dns: [8.8.8.8]\n    cap_add:\n      - NET_ADMIN\n"

    app = get(merged((BASE, base), (OVERRIDE, override)), "services", "app")

    assert app.plain() == {
        "dns": ["1.1.1.1", "8.8.8.8"],
        "cap_add": ["SYS_PTRACE", "NET_ADMIN"],
        "security_opt": ["seccomp=unconfined"],
    }
    dns = get(app, "dns").value
    assert [where(item) for item in dns] == [(BASE, 4, 9), (OVERRIDE, 3, 11)]
    cap_add = get(app, "cap_add").value
    assert [where(item) for item in cap_add] == [(BASE, 5, 15), (OVERRIDE, 5, 9)]


def test_command_entrypoint_and_healthcheck_test_are_replaced_not_appended():
    base = """\
services:
  app:
    command: ["go", "run", "./cmd/server"]
    entrypoint: ["/bin/sh", "-c"]
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8080/healthz"]
      interval: 30s
"""
    override = """\
services:
  app:
    command: ["sleep", "infinity"]
    entrypoint:
      - /usr/local/share/docker-init.sh
    healthcheck:
      test: ["CMD-SHELL", "true"]
"""

    app = get(merged((BASE, base), (OVERRIDE, override)), "services", "app")

    assert app.plain() == {
        "command": ["sleep", "infinity"],
        "entrypoint": ["/usr/local/share/docker-init.sh"],
        "healthcheck": {"test": ["CMD-SHELL", "true"], "interval": "30s"},
    }
    assert where(get(app, "command")) == (OVERRIDE, 3, 14)
    assert where(get(app, "command").value[0]) == (OVERRIDE, 3, 15)
    assert where(get(app, "healthcheck", "test")) == (OVERRIDE, 7, 13)


def test_a_string_command_replaces_a_list_command():
    base = 'services:\n  app:\n    command: ["go", "run", "."]\n'
    override = "services:\n  app:\n    command: sleep infinity\n"

    command = get(merged((BASE, base), (OVERRIDE, override)), "services", "app", "command")

    assert command.value == "sleep infinity"
    assert where(command) == (OVERRIDE, 3, 14)


# --- unique resources: volumes by target, ports by entry --------------------------------------

VOLUMES_BASE = """\
services:
  app:
    volumes:
      - ..:/workspaces/app:cached
      - gomod:/go/pkg/mod
      - type: bind
        source: /var/run/docker.sock
        target: /var/run/docker.sock
"""

VOLUMES_OVERRIDE = """\
services:
  app:
    volumes:
      - type: volume
        source: gomod-local
        target: /go/pkg/mod
      - ../other:/workspaces/app
      - ${HOME}/.ssh:/home/vscode/.ssh:ro
"""


def test_volumes_are_unique_by_target_and_a_later_one_takes_the_earlier_ones_place():
    volumes = get(merged((BASE, VOLUMES_BASE), (OVERRIDE, VOLUMES_OVERRIDE)), "services", "app", "volumes")

    assert volumes.plain() == [
        "../other:/workspaces/app",  # short form over short form, same target
        {"type": "volume", "source": "gomod-local", "target": "/go/pkg/mod"},  # long over short
        {"type": "bind", "source": "/var/run/docker.sock", "target": "/var/run/docker.sock"},
        "${HOME}/.ssh:/home/vscode/.ssh:ro",
    ]
    assert [where(item) for item in volumes.value] == [
        (OVERRIDE, 7, 9),
        (OVERRIDE, 4, 9),
        (BASE, 6, 9),
        (OVERRIDE, 8, 9),
    ]


def test_a_short_volume_replaces_a_long_one_with_the_same_target():
    base = "services:\n  app:\n    volumes:\n      - {type: bind, source: ./data, target: /data, read_only: true}\n      - /tmp/cache\n"
    override = "services:\n  app:\n    volumes:\n      - ./data-dev:/data\n      - cache:/tmp/cache\n"

    volumes = get(merged((BASE, base), (OVERRIDE, override)), "services", "app", "volumes")

    # `/tmp/cache` alone is an anonymous volume mounted at /tmp/cache: the same target.
    assert volumes.plain() == ["./data-dev:/data", "cache:/tmp/cache"]
    assert [item.origin for item in volumes.value] == [OVERRIDE, OVERRIDE]


def test_a_windows_source_path_is_not_taken_for_the_target():
    base = "services:\n  app:\n    volumes:\n      - 'C:\\Users\\me\\src:/app'\n      - 'D:\\cache:/cache:ro'\n"
    override = "services:\n  app:\n    volumes:\n      - ./src:/app\n      - 'D:\\data:/data'\n"

    volumes = get(merged((BASE, base), (OVERRIDE, override)), "services", "app", "volumes")

    assert volumes.plain() == ["./src:/app", "D:\\cache:/cache:ro", "D:\\data:/data"]
    assert [item.origin for item in volumes.value] == [OVERRIDE, BASE, OVERRIDE]


def test_ports_are_unique_by_entry():
    base = 'services:\n  app:\n    ports:\n      - "8080:8080"\n      - "127.0.0.1:2345:2345"\n'
    override = 'services:\n  app:\n    ports:\n      - "6060:6060"\n      - "8080:8080"\n      - "2345:2345"\n'

    ports = get(merged((BASE, base), (OVERRIDE, override)), "services", "app", "ports")

    # 2345 published on all interfaces is another entry than 2345 on 127.0.0.1: both stay.
    assert ports.plain() == ["8080:8080", "127.0.0.1:2345:2345", "6060:6060", "2345:2345"]
    assert [where(item) for item in ports.value] == [
        (OVERRIDE, 5, 9),
        (BASE, 5, 9),
        (OVERRIDE, 4, 9),
        (OVERRIDE, 6, 9),
    ]


# --- environment and labels: by name ----------------------------------------------------------


def test_environment_lists_are_merged_by_variable_name():
    base = "services:\n  app:\n    environment:\n      - GOFLAGS=-mod=mod\n      - CGO_ENABLED=0\n      - GOPRIVATE\n"
    override = "services:\n  app:\n    environment:\n      - CGO_ENABLED=1\n      - DELVE_PORT=2345\n"

    environment = get(merged((BASE, base), (OVERRIDE, override)), "services", "app", "environment")

    # `GOFLAGS=-mod=mod`: the name ends at the first `=`.
    assert environment.plain() == ["GOFLAGS=-mod=mod", "CGO_ENABLED=1", "GOPRIVATE", "DELVE_PORT=2345"]
    assert [where(item) for item in environment.value] == [
        (BASE, 4, 9),
        (OVERRIDE, 4, 9),
        (BASE, 6, 9),
        (OVERRIDE, 5, 9),
    ]


def test_environment_mappings_are_merged_by_variable_name():
    base = 'services:\n  app:\n    environment:\n      GOFLAGS: -mod=mod\n      CGO_ENABLED: "0"\n'
    override = 'services:\n  app:\n    environment:\n      CGO_ENABLED: "1"\n'

    environment = get(merged((BASE, base), (OVERRIDE, override)), "services", "app", "environment")

    assert assignments(environment) == {"GOFLAGS": "-mod=mod", "CGO_ENABLED": "1"}
    assert where(get(environment, "CGO_ENABLED")) == (OVERRIDE, 4, 20)
    assert where(get(environment, "GOFLAGS")) == (BASE, 4, 16)


def test_labels_lists_are_merged_by_label_name():
    base = "services:\n  app:\n    labels:\n      - com.example.team=platform\n      - com.example.tier=dev\n"
    override = "services:\n  app:\n    labels:\n      - com.example.tier=local\n"

    labels = get(merged((BASE, base), (OVERRIDE, override)), "services", "app", "labels")

    assert labels.plain() == ["com.example.team=platform", "com.example.tier=local"]
    assert labels.value[1].origin == OVERRIDE


def test_environment_in_the_two_forms_is_still_merged_by_variable_name():
    # A base file with a mapping, an override with a list (or the other way round): Compose
    # merges them by name all the same (compose-go turns both into KEY=value lists first).
    base = 'services:\n  app:\n    environment:\n      GOFLAGS: -mod=mod\n      CGO_ENABLED: "0"\n'
    override = "services:\n  app:\n    environment:\n      - CGO_ENABLED=1\n"

    environment = get(merged((BASE, base), (OVERRIDE, override)), "services", "app", "environment")

    assert assignments(environment) == {"GOFLAGS": "-mod=mod", "CGO_ENABLED": "1"}


def test_a_mapping_over_a_list_merges_by_name_and_each_value_keeps_its_place():
    base = "services:\n  app:\n    environment:\n      - GOFLAGS=-mod=mod\n      - CGO_ENABLED=0\n      - GOPRIVATE\n"
    override = 'services:\n  app:\n    environment:\n      CGO_ENABLED: "1"\n'

    environment = get(merged((BASE, base), (OVERRIDE, override)), "services", "app", "environment")

    assert assignments(environment) == {"GOFLAGS": "-mod=mod", "CGO_ENABLED": "1", "GOPRIVATE": None}
    # Read as a mapping (as the module documents): each value at its own text, in its own file.
    goflags, cgo = get(environment, "GOFLAGS"), get(environment, "CGO_ENABLED")
    assert where(goflags) == (BASE, 4, 17)
    assert covered(base, goflags.span) == "-mod=mod"
    assert covered(base, goflags.key_span) == "GOFLAGS"
    assert where(cgo) == (OVERRIDE, 4, 20)


# --- string-or-list attributes, and what Compose leaves side by side --------------------------


def test_tmpfs_string_and_list_merge_into_a_list():
    base = "services:\n  app:\n    tmpfs: /tmp\n"
    override = "services:\n  app:\n    tmpfs:\n      - /run\n      - /var/cache:size=64m\n"

    tmpfs = get(merged((BASE, base), (OVERRIDE, override)), "services", "app", "tmpfs")

    assert tmpfs.plain() == ["/tmp", "/run", "/var/cache:size=64m"]
    assert [where(item) for item in tmpfs.value] == [(BASE, 3, 12), (OVERRIDE, 4, 9), (OVERRIDE, 5, 9)]


def test_memory_limits_written_two_ways_in_two_files_are_both_kept():
    base = "services:\n  app:\n    deploy:\n      resources:\n        limits:\n          memory: 4g\n"
    override = "services:\n  app:\n    mem_limit: 8g\n"

    app = get(merged((BASE, base), (OVERRIDE, override)), "services", "app")

    assert app.plain() == {"deploy": {"resources": {"limits": {"memory": "4g"}}}, "mem_limit": "8g"}
    assert where(get(app, "deploy", "resources", "limits", "memory")) == (BASE, 6, 19)
    assert where(get(app, "mem_limit")) == (OVERRIDE, 3, 16)


# --- empty files, three files -----------------------------------------------------------------


def test_an_empty_file_adds_nothing():
    for empty in ("", "# nothing to override yet\n"):
        after = merged((BASE, BASE_APP), (OVERRIDE, empty))
        before = merged((OVERRIDE, empty), (BASE, BASE_APP))

        expected = parse(BASE_APP).root.plain()
        assert after.plain() == expected
        assert before.plain() == expected
        assert where(get(before, "services", "app", "image")) == (BASE, 3, 12)


def test_only_empty_files_give_an_empty_mapping():
    root = merged((BASE, ""), (OVERRIDE, "# later\n"))

    assert root.is_mapping
    assert root.plain() == {}


def test_three_files_are_merged_in_order():
    first = "services:\n  app:\n    image: golang:1.21\n    privileged: true\n    dns: [1.1.1.1]\n"
    second = "services:\n  app:\n    image: golang:1.22\n    privileged: false\n    dns: [8.8.8.8]\n"
    third = "services:\n  app:\n    privileged: true\n    dns: [9.9.9.9]\n"

    app = get(merged((BASE, first), (OVERRIDE, second), (LOCAL, third)), "services", "app")

    assert app.plain() == {"image": "golang:1.22", "privileged": True, "dns": ["1.1.1.1", "8.8.8.8", "9.9.9.9"]}
    assert where(get(app, "image")) == (OVERRIDE, 3, 12)
    assert where(get(app, "privileged")) == (LOCAL, 3, 17)
    assert [item.origin for item in get(app, "dns").value] == [BASE, OVERRIDE, LOCAL]
    assert app.origin == BASE


def test_a_single_file_is_its_own_document_with_its_origin():
    root = merged((BASE, BASE_APP))

    assert root.plain() == parse(BASE_APP).root.plain()
    assert where(get(root, "services", "app", "healthcheck", "retries")) == (BASE, 7, 16)


# --- published ports: the long syntax ------------------------------------------------------------


def published(service) -> list[dict]:
    return [item.plain() for item in get(service, "published-ports").value]


def test_ports_are_given_in_the_long_syntax_at_their_entries():
    root = parse('services:\n  app:\n    ports:\n      - "127.0.0.1:2345:2345"\n      - 8080\n').root
    app = get(root, "services", "app")

    assert published(app) == [
        {
            "host_ip": "127.0.0.1",
            "published": "2345",
            "target": 2345,
            "last-target": 2345,
            "protocol": "tcp",
            "on-loopback": "127.0.0.1:2345:2345",
            "entry": "127.0.0.1:2345:2345",
        },
        {
            "host_ip": "",
            "published": "",
            "target": 8080,
            "last-target": 8080,
            "protocol": "tcp",
            # Docker picks the host port, on the loopback too.
            "on-loopback": "127.0.0.1::8080",
            "entry": 8080,
        },
    ]
    assert [item.span[:2] for item in get(app, "published-ports").value] == [(4, 9), (5, 9)]


def test_published_ports_are_made_from_the_merged_ports():
    """Each file's own ``published-ports`` would append; the merged service has those of its
    merged ``ports``, each in its own file."""
    base = 'services:\n  app:\n    ports: ["8080:8080", "2345:2345"]\n'
    override = 'services:\n  app:\n    ports: ["8080:8080", "127.0.0.1:6060:6060"]\n'

    app = get(merged((BASE, base), (OVERRIDE, override)), "services", "app")

    assert [(item["target"], item["host_ip"]) for item in published(app)] == [
        (8080, ""),
        (2345, ""),
        (6060, "127.0.0.1"),
    ]
    assert [item.origin for item in get(app, "published-ports").value] == [OVERRIDE, BASE, OVERRIDE]


def test_entries_that_cannot_be_read_give_no_published_port():
    text = 'services:\n  app:\n    ports: ["${PORT}:80", "localhost:80:80", {target: "x"}, true, [80]]\n'

    assert published(get(parse(text).root, "services", "app")) == []
