"""The bundled example workspace (the README's first command runs remdev-lint in it) shows one
finding of each kind it was written to show, and its team policy (examples/policy) is loaded
from its configuration."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from conftest import json_diagnostics

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_the_example_workspace_shows_real_findings():
    found = json_diagnostics(EXAMPLES)
    by_rule = Counter(d["rule"] for d in found)
    assert by_rule == {
        "GM001": 2, "GM002": 2, "GM003": 1,  # go.work, worker/go.mod
        "GH002": 1, "GH003": 1,  # api/client/client.go
        "VL005": 1, "VL006": 1, "DL006": 1,  # .vscode/launch.json
        "DL001": 1, "DL002": 1,  # .vscode/tasks.json
        "VS004": 1, "VS005": 1,  # .vscode/settings.json
        "TP001": 2, "TP002": 1,  # the team policy on services/*.yaml
        "DC003": 1, "DC007": 1,  # .devcontainer/devcontainer.json
        "DC001": 1, "DC004": 1,  # .devcontainer/docker-compose.devcontainer.yml, an override
    }  # fmt: skip
    # The configuration raises GM003's floor to 1.22.
    [gm003] = [d for d in found if d["rule"] == "GM003"]
    assert "1.22" in gm003["message"]


def test_the_example_dev_container_findings_point_into_the_compose_override():
    """The override file's `cpus: 0` removes the base file's limit, and the finding is where the
    fix goes: the override's line, not the devcontainer.json that names it."""
    found = json_diagnostics(EXAMPLES)
    [dc001] = [d for d in found if d["rule"] == "DC001"]
    assert (dc001["path"], dc001["line"]) == (".devcontainer/docker-compose.devcontainer.yml", 4)
