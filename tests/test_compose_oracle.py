"""The compose format's ``published-ports`` against compose-go, the library Docker Compose reads
compose files with: each short-syntax ``ports`` entry must give the ports compose-go gives (its
``types.ParsePortConfig``, which expands a range into one entry per port), or none when it
rejects the entry.

compose-go is built from the Go module proxy into a cache folder the first time (a few seconds);
without the go command, or when the module cannot be downloaded, the test is skipped with the
reason, unless ``REMDEV_LINT_REQUIRE_ORACLES`` is set (CI sets it, so that it cannot pass by
skipping).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import oracle_unavailable
from remdev_lint.formats.compose import parse

COMPOSE_GO = "v2.16.2"

ORACLE = """\
// One ports entry per line (a JSON string) in; per line, compose-go's long syntax or its error out.
package main

import (
	"bufio"
	"encoding/json"
	"os"

	"github.com/compose-spec/compose-go/v2/types"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var spec string
		if err := json.Unmarshal(in.Bytes(), &spec); err != nil {
			panic(err)
		}
		ports, err := types.ParsePortConfig(spec)
		if err != nil {
			out.Encode(map[string]string{"error": err.Error()})
		} else {
			out.Encode(ports)
		}
	}
}
"""

ENTRIES = [
    # Every interface: no address, 0.0.0.0, [::], an empty address.
    "40000:40000",
    "40000",
    "0.0.0.0:40000:40000",
    "[::]:40000:40000",
    "::40000",
    ":40000",
    "0:0",
    # Loopback and other addresses.
    "127.0.0.1:2345:2345",
    "127.0.0.1::2345",
    "[::1]:2345:2345",
    "[::1]::2345",
    "192.168.1.20:8000:40000",
    # Protocols.
    "40000/udp",
    "40000:40000/UDP",
    "40000:40000/sctp",
    "40000:40000/",
    "40000/xyz",
    # Ranges.
    "40000-40003",
    "40000-40003:40000-40003",
    "127.0.0.1:50000-50002:40000-40002/tcp",
    "40000-40001:40000",
    "1-3:1-2",
    "3-1:1-3",
    "40000-",
    # Rejected.
    "70000:40000",
    "40000:70000",
    "localhost:2345:2345",
    "1.2.3:4:5",
    "fe80::1:8000:40000",
    "[fe80::1%eth0]:1:1",
    "127.0.0.1:40000:40000:1",
    " 40000",
    "a:b",
    "",
    "/tcp",
    "[::1:2345:2345",
]


@pytest.fixture(scope="module")
def compose_go(tmp_path_factory) -> Path:
    go = shutil.which("go")
    if go is None:
        oracle_unavailable("needs the go command, to build compose-go")
    folder = tmp_path_factory.mktemp("compose-go")
    (folder / "go.mod").write_text(
        f"module oracle\n\ngo 1.22\n\nrequire github.com/compose-spec/compose-go/v2 {COMPOSE_GO}\n"
    )
    (folder / "main.go").write_text(ORACLE)
    for step in ([go, "mod", "tidy"], [go, "build", "-o", "oracle", "."]):
        done = subprocess.run(step, cwd=folder, capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0:
            oracle_unavailable(
                f"could not build compose-go {COMPOSE_GO} ({' '.join(step[1:3])}): {done.stderr.strip()[-300:]}"
            )
    return folder / "oracle"


def compose_go_ports(oracle: Path, entries: list[str]) -> list[set[tuple[str, int, str]] | None]:
    """Per entry: {(host_ip, target, protocol)} of every port compose-go publishes, or None."""
    lines = "".join(json.dumps(entry) + "\n" for entry in entries)
    out = subprocess.run([str(oracle)], input=lines, capture_output=True, text=True, check=True, timeout=60).stdout
    answers = [json.loads(line) for line in out.splitlines()]
    return [
        None
        if isinstance(answer, dict)
        else {(p.get("host_ip", ""), p.get("target", 0), p["protocol"]) for p in answer}
        for answer in answers
    ]


def our_ports(entry: str) -> set[tuple[str, int, str]] | None:
    text = "services:\n  app:\n    ports:\n      - " + json.dumps(entry) + "\n"
    service = parse(text).root.value["services"].value["app"]
    items = service.value["published-ports"].value
    if not items:
        return None
    [item] = items
    fields = {name: child.value for name, child in item.value.items()}
    return {
        (fields["host_ip"], port, fields["protocol"]) for port in range(fields["target"], fields["last-target"] + 1)
    }


def test_every_short_ports_entry_publishes_what_compose_go_publishes(compose_go):
    expected = compose_go_ports(compose_go, ENTRIES)

    assert {entry: our_ports(entry) for entry in ENTRIES} == dict(zip(ENTRIES, expected, strict=True))
