"""Adopting the linter on a legacy repository: ``--write-baseline`` records today's findings,
``--baseline`` reports only new ones, and the record survives the file changing around them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import run_cli
from remdev_lint.baseline import Baseline, fingerprints
from remdev_lint.diagnostics import Diagnostic

GO_MOD = "module example.com/app\n\ngo 1.16\n\nreplace example.com/lib => /home/me/lib\n"
LAUNCH = """{
  // attach to the container
  "configurations": [
    {"name": "attach", "type": "go", "request": "attach", "mode": "remote", "port": 2345,
     "host": "127.0.0.1", "remotePath": "/src", "debugAdapter": "dlv-dap"},
  ],
}
"""


def legacy(tmp_path: Path) -> Path:
    """A repository with findings in two files, and its configuration at the top."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".remdev-lint.toml").write_text("", encoding="utf-8")
    (tmp_path / "go.mod").write_text(GO_MOD, encoding="utf-8")
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "launch.json").write_text(LAUNCH, encoding="utf-8")
    return tmp_path


def codes(out: str) -> list[str]:
    """The rule codes of the text output's diagnostic lines."""
    return [m.group(1) for m in re.finditer(r"^\S+:\d+:\d+: (\w+) ", out, re.M)]


def test_a_baseline_of_todays_findings_makes_the_run_pass(tmp_path):
    repo = legacy(tmp_path)
    before = run_cli(["."], repo)
    assert before.code == 1 and sorted(codes(before.out)) == ["GM001", "GM003", "VL002"]

    written = run_cli(["--write-baseline", "baseline.json", "."], repo)
    after = run_cli(["--baseline", "baseline.json", "."], repo)

    assert (written.code, written.out) == (0, "Wrote 3 findings to the baseline baseline.json.\n")
    assert after.code == 0
    assert after.out == (
        "All checks passed (2 files checked).\n3 findings in the baseline (baseline.json), not shown.\n"
    )


def test_lines_moved_above_a_finding_keep_it_known_and_the_one_new_problem_is_reported(tmp_path):
    repo = legacy(tmp_path)
    run_cli(["--write-baseline", "baseline.json", "."], repo)
    moved = "// the service\nmodule example.com/app\n\n// pinned for the CI image\ngo 1.16\n\n"
    moved += "require example.com/x v1.0.0\n\nreplace example.com/lib => /home/me/lib\n"
    moved += "replace example.com/other => /opt/other\n"
    (repo / "go.mod").write_text(moved.replace("\n", "\r\n"), encoding="utf-8")  # CRLF now, too

    result = run_cli(["--baseline", "baseline.json", "."], repo)

    assert result.code == 1
    assert result.out.splitlines()[0].startswith("go.mod:10:")
    assert "/opt/other" in result.out.splitlines()[0]
    assert codes(result.out) == ["GM001"]
    assert "3 findings in the baseline" in result.out


def test_an_edited_finding_is_new_and_its_old_entry_is_counted_then_dropped(tmp_path):
    repo = legacy(tmp_path)
    run_cli(["--write-baseline", "baseline.json", "."], repo)
    (repo / "go.mod").write_text(GO_MOD.replace("/home/me/lib", "/home/you/lib"), encoding="utf-8")

    result = run_cli(["--baseline", "baseline.json", "."], repo)
    rewritten = run_cli(["--write-baseline", "baseline.json", "."], repo)

    assert codes(result.out) == ["GM001"] and "/home/you/lib" in result.out
    assert "1 of its entries matches nothing now" in result.out
    assert rewritten.out == "Wrote 3 findings to the baseline baseline.json; dropped 1 entry that matched nothing.\n"
    assert run_cli(["--baseline", "baseline.json", "."], repo).code == 0


def test_an_entry_matches_one_finding_only(tmp_path):
    text = "a\nsame line\nb\nsame line\n"
    first = Diagnostic("f.txt", 2, 1, 2, 5, "XX001", "x", "error", "m")
    second = Diagnostic("f.txt", 4, 1, 4, 5, "XX001", "x", "error", "m")
    texts = {"f.txt": text}
    one = fingerprints([first], str(tmp_path), str(tmp_path), texts)
    both = fingerprints([first, second], str(tmp_path), str(tmp_path), texts)
    baseline = Baseline([{"fingerprint": one[0]}], str(tmp_path))

    new, held, stale = baseline.new([first, second], both)

    assert (new, held, stale) == ([second], 1, 0)


def test_the_baseline_is_sorted_stable_and_readable(tmp_path):
    repo = legacy(tmp_path)
    run_cli(["--write-baseline", "baseline.json", "."], repo)
    first = (repo / "baseline.json").read_bytes()
    run_cli(["--write-baseline", "baseline.json", "."], repo)

    data = json.loads(first)
    assert (repo / "baseline.json").read_bytes() == first
    assert data["version"] == 1
    entries = data["findings"]
    assert [(e["path"], e["line"], e["code"]) for e in entries] == [
        (".vscode/launch.json", 5, "VL002"),
        ("go.mod", 3, "GM003"),
        ("go.mod", 5, "GM001"),
    ]
    assert all(set(e) == {"path", "line", "code", "message", "fingerprint"} for e in entries)


def test_a_run_from_a_subfolder_finds_the_same_entries(tmp_path):
    repo = legacy(tmp_path)
    run_cli(["--write-baseline", "baseline.json", "."], repo)

    result = run_cli(["--baseline", "../baseline.json", ".."], repo / ".vscode")

    assert result.code == 0, result.out
    assert "3 findings in the baseline" in result.out


def test_standard_input_is_judged_against_the_baseline_by_its_text(tmp_path):
    repo = legacy(tmp_path)
    run_cli(["--write-baseline", "baseline.json", "."], repo)

    same = run_cli(["--baseline", "baseline.json", "--stdin-filename", "go.mod"], repo, stdin=GO_MOD)
    edited = run_cli(
        ["--baseline", "baseline.json", "--stdin-filename", "go.mod"], repo, stdin=GO_MOD.replace("1.16", "1.15")
    )

    assert same.code == 0
    assert codes(edited.out) == ["GM003"]


def test_other_formats_keep_their_output_clean_and_say_it_on_stderr(tmp_path):
    repo = legacy(tmp_path)
    run_cli(["--write-baseline", "baseline.json", "."], repo)

    result = run_cli(["--baseline", "baseline.json", "--format", "json", "."], repo)

    assert json.loads(result.out)["diagnostics"] == []
    assert result.err == "remdev-lint: 3 findings in the baseline (baseline.json), not shown.\n"


def test_a_baseline_that_cannot_be_used_is_an_error(tmp_path):
    repo = legacy(tmp_path)
    (repo / "broken.json").write_text('{"version": 1, "findings": [', encoding="utf-8")
    (repo / "other.json").write_text('{"version": 2, "findings": []}', encoding="utf-8")

    missing = run_cli(["--baseline", "nope.json", "."], repo)
    broken = run_cli(["--baseline", "broken.json", "."], repo)
    other = run_cli(["--baseline", "other.json", "."], repo)

    assert (missing.code, missing.out) == (2, "")
    assert "nope.json: no such baseline file (write one with --write-baseline)" in missing.err
    assert broken.code == 2 and "broken.json:1:29: not a baseline (invalid JSON" in broken.err
    assert other.code == 2 and "not a remdev-lint baseline of version 1" in other.err
