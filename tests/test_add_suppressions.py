"""``--add-suppressions[=REASON]``: a suppression comment at every current finding, where the
file's format reads it, checked by linting the new text before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import debug_rule, run_cli, write

GO_MOD = "module x\r\n\r\ngo 1.16\r\n\r\nreplace a => /abs/a // keep\r\n"  # CRLF, a comment already there
LAUNCH = """{
  // attach to the container
  "configurations": [
    {"name": "a", "type": "go", "request": "attach", "mode": "remote", "port": 2345,
     "host": "127.0.0.1", "remotePath": "/src", "debugAdapter": "dlv-dap"},
  ],
}
"""
SSH = "Host *\n  ServerAliveInterval 30\n\nHost work\n    StrictHostKeyChecking no\n"
DOCKERFILE = 'FROM golang\nRUN go install github.com/go-delve/delve/cmd/dlv@latest\nCMD ["dlv", "debug", "--headless", "--listen=127.0.0.1:2345"]\n'


def repo(tmp_path: Path) -> Path:
    write(tmp_path, ".git/HEAD", "")
    write(tmp_path, ".vscode/launch.json", LAUNCH)
    write(tmp_path, ".ssh/config", SSH)
    write(tmp_path, "Dockerfile", DOCKERFILE)
    (tmp_path / "go.mod").write_bytes(GO_MOD.encode())
    return tmp_path


def test_every_finding_gets_a_comment_where_its_format_reads_one_and_the_run_then_passes(tmp_path):
    root = repo(tmp_path)
    assert run_cli(["."], root).code == 1

    added = run_cli(["--add-suppressions=legacy, see #12", "."], root)
    after = run_cli(["."], root)

    assert (added.code, added.out) == (0, "Added 6 suppressions to 4 files.\n")
    assert (after.code, after.out) == (0, "All checks passed (4 files checked).\n")
    assert (root / "go.mod").read_bytes().decode() == (
        "module x\r\n\r\ngo 1.16 // remdev-lint: ignore[GM003] -- legacy, see #12\r\n\r\n"
        "replace a => /abs/a // keep // remdev-lint: ignore[GM001] -- legacy, see #12\r\n"
    )
    assert (root / ".ssh/config").read_text() == (
        "# remdev-lint: ignore-file[SC001] -- legacy, see #12\nHost *\n  ServerAliveInterval 30\n\nHost work\n"
        "    # remdev-lint: ignore[SC009] -- legacy, see #12\n    StrictHostKeyChecking no\n"
    )
    assert (root / "Dockerfile").read_text().splitlines()[2] == "# remdev-lint: ignore[DL005] -- legacy, see #12"
    launch = (root / ".vscode/launch.json").read_text()
    assert launch == LAUNCH.replace('"dlv-dap"},\n', '"dlv-dap"}, // remdev-lint: ignore[VL002] -- legacy, see #12\n')


def test_without_a_reason_the_next_word_is_a_path(tmp_path):
    root = repo(tmp_path)

    result = run_cli(["--add-suppressions", "go.mod"], root)

    assert result.out == "Added 2 suppressions to 1 file.\n"
    assert "go 1.16 // remdev-lint: ignore[GM003]\r\n" in (root / "go.mod").read_bytes().decode()


def test_a_comment_that_would_end_a_continued_line_is_not_written(tmp_path):
    write(tmp_path, ".git/HEAD", "")
    write(tmp_path, "Makefile", "run:\n\tdlv debug --headless \\\n\t  --listen=127.0.0.1:2345\n")
    before = (tmp_path / "Makefile").read_bytes()

    result = run_cli(["--add-suppressions", "Makefile"], tmp_path)

    assert (tmp_path / "Makefile").read_bytes() == before
    assert "Makefile: a finding is on a line continued with `\\`, which a comment would end" in result.out


def test_a_format_without_comments_is_listed_and_left_alone(tmp_path):
    write(tmp_path, "policy/rules.yaml", debug_rule())
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\nselect = ["TL001"]\n')
    write(tmp_path, "app.json", '{"debug": true}')

    result = run_cli(["--add-suppressions", "app.json"], tmp_path)

    assert (tmp_path / "app.json").read_text() == '{"debug": true}'
    assert "app.json: its format has no comments" in result.out and result.code == 0


def test_a_reason_that_would_break_the_comment_is_a_usage_error(tmp_path):
    root = repo(tmp_path)

    result = run_cli(["--add-suppressions=see [12]", "."], root)

    assert result.code == 2 and "the reason must be one line, without `]`" in result.err
    assert (root / "go.mod").read_bytes() == GO_MOD.encode()


def test_a_folder_that_cannot_be_written_is_said_and_fails_the_run(tmp_path):
    """A container's user on a mounted repository it does not own: the comment cannot be
    written; the run says which file and why, and exits 2, as --fix does (never a traceback)."""
    import os
    import shutil
    import subprocess
    import sys

    write(tmp_path, "app/go.mod", "module x\n\ngo 1.22\n\nreplace a => /abs/a\n")
    (tmp_path / "app").chmod(0o555)
    command = [sys.executable, "-m", "remdev_lint", "--add-suppressions=no owner here"]
    if os.geteuid() == 0:  # root writes anywhere: drop the capability that lets it, as test_hostile does
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv (util-linux): cannot make permissions apply")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", *command]
    try:
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    finally:
        (tmp_path / "app").chmod(0o755)

    assert result.returncode == 2 and "Traceback" not in result.stderr, result
    assert "app/go.mod: not written (Permission denied)" in result.stdout
    assert "//" not in (tmp_path / "app" / "go.mod").read_text()
