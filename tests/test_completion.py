"""`remdev-lint --completion SHELL`: the scripts, run by the real shells where they are installed."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import oracle_unavailable, run_cli


def _script(shell: str, tmp_path) -> str:
    result = run_cli(["--completion", shell], tmp_path)
    assert result.code == 0 and result.err == "", result
    path = tmp_path / f"completion.{shell}"
    path.write_text(result.out, encoding="utf-8")
    return str(path)


def _shell(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        oracle_unavailable(f"{name} is not installed")
    return found


def test_bash_completes_options_their_values_rules_and_commands(tmp_path):
    bash = _shell("bash")
    script = _script("bash", tmp_path)

    def complete(*words: str) -> list[str]:
        line = " ".join(f"'{w}'" for w in words)
        program = f"source {script}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _remdev_lint; "
        program += 'printf "%s\\n" "${COMPREPLY[@]}"'
        done = subprocess.run([bash, "-c", program], cwd=tmp_path, capture_output=True, text=True, check=True)
        return done.stdout.split()

    assert complete("remdev-lint", "--unsafe") == ["--unsafe-fixes"]
    assert complete("remdev-lint", "--format", "s") == ["sarif"]
    assert complete("remdev-lint", "--explain", "GM00") == ["GM001", "GM002", "GM003"]
    assert "dlv-listen-all-interfaces" in complete("remdev-lint", "--select", "dlv-")
    assert complete("remdev-lint", "serv") == ["server"]


def test_fish_completes_options_their_values_and_rules(tmp_path):
    fish = _shell("fish")
    script = _script("fish", tmp_path)

    def complete(line: str) -> list[str]:
        program = f"source {script}; complete -C '{line}'"
        done = subprocess.run([fish, "-c", program], cwd=tmp_path, capture_output=True, text=True, check=True)
        return [row.split("\t")[0] for row in done.stdout.splitlines()]

    assert complete("remdev-lint --format ") == ["checkstyle", "github", "gitlab", "json", "junit", "sarif", "text"]
    assert complete("remdev-lint --unsafe") == ["--unsafe-fixes"]
    assert "SD002" in complete("remdev-lint --explain SD")


def test_zsh_script_parses_and_names_every_option(tmp_path):
    zsh = _shell("zsh")
    script = _script("zsh", tmp_path)

    subprocess.run([zsh, "-n", script], check=True)
    text = (tmp_path / "completion.zsh").read_text()
    assert text.startswith("#compdef remdev-lint\n")
    for option in ("--fix", "--unsafe-fixes", "--diff", "--baseline", "--completion", "--stdin-filename"):
        assert f"{option}[" in text or f"{option}=-[" in text or f",{option}}}" in text, option
    assert "--format[output format (default\\: text)]:value:(text json sarif github gitlab junit checkstyle)" in text


@pytest.mark.parametrize("shell", ["powershell", ""])
def test_an_unknown_shell_is_a_usage_error(tmp_path, shell):
    result = run_cli(["--completion", shell], tmp_path)

    assert result.code == 2 and "--completion" in result.err
