"""Large runs use several processes; what they find must not depend on it."""

from __future__ import annotations

import json

from conftest import run_cli
from remdev_lint.engine import PARALLEL_MIN_FILES


def make_tree(root, count: int) -> None:
    for index in range(count):
        folder = root / f"svc{index}"
        folder.mkdir()
        version = "1.19" if index % 3 else "1.22"
        target = "/abs/lib" if index % 5 == 0 else "../lib"
        (folder / "go.mod").write_text(
            f"module example.com/svc{index}\n\ngo {version}\n\nreplace example.com/lib => {target}\n", encoding="utf-8"
        )
    (root / "lib").mkdir()
    (root / "lib" / "go.mod").write_text("module example.com/lib\n\ngo 1.22\n", encoding="utf-8")


def test_several_processes_find_exactly_what_one_finds(tmp_path):
    make_tree(tmp_path, PARALLEL_MIN_FILES + 50)
    one = run_cli(["--format", "json", "--jobs", "1"], tmp_path)
    many = run_cli(["--format", "json", "--jobs", "2"], tmp_path)
    assert one.code == many.code == 1
    found = json.loads(one.out)["diagnostics"]
    assert json.loads(many.out)["diagnostics"] == found  # same findings, same order
    assert {d["rule"] for d in found} == {"GM001", "GM003"}
    assert run_cli(["--jobs", "2"], tmp_path).out == run_cli(["--jobs", "1"], tmp_path).out


def test_files_checked_are_counted_across_processes(tmp_path):
    for index in range(PARALLEL_MIN_FILES + 1):
        (tmp_path / f"m{index}").mkdir()
        (tmp_path / f"m{index}" / "go.mod").write_text(f"module example.com/m{index}\n\ngo 1.22\n", encoding="utf-8")
    result = run_cli(["--jobs", "2"], tmp_path)
    assert result.code == 0
    assert result.out == f"All checks passed ({PARALLEL_MIN_FILES + 1} files checked).\n"


def test_jobs_must_be_a_number(tmp_path):
    result = run_cli(["--jobs", "many", "."], tmp_path)
    assert result.code == 2
    assert "expected a number of processes" in result.err
