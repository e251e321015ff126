"""OpenSSH rules end to end through the CLI: findings in included files, their suppression
comments, drop-ins, and one finding per line naming every host it affects."""

from __future__ import annotations

import pytest

from conftest import json_diagnostics, write

MAIN = """\
Include ssh_config.d/*.conf
Host *
  ControlMaster auto
  ControlPath ~/.ssh/cm-%C
  ControlPersist 10m
  ServerAliveInterval 15
"""


def found(tmp_path, *args, select="SC"):
    return [(d["rule"], d["path"], d["line"], d["column"]) for d in json_diagnostics(tmp_path, *args, select=select)]


def test_a_finding_in_an_included_file_is_reported_there_and_its_comment_silences_it(tmp_path):
    write(tmp_path, "ssh_config", MAIN)
    write(
        tmp_path,
        "ssh_config.d/lab.conf",
        "Host lab\n  StrictHostKeyChecking no  # remdev-lint: ignore[SC009]\nHost vm\n  StrictHostKeyChecking no\n",
    )

    # Through the main file only, and in a whole-project run (the drop-in is linted on its own
    # too): the same one finding, in the drop-in, at its line.
    assert found(tmp_path, "ssh_config") == [("SC009", "ssh_config.d/lab.conf", 4, 25)]
    assert found(tmp_path) == [("SC009", "ssh_config.d/lab.conf", 4, 25)]


def test_a_drop_in_is_not_reported_for_what_it_leaves_to_the_main_file(tmp_path):
    write(tmp_path, "ssh_config.d/lab.conf", "Host lab\n  HostName lab.example\n")
    write(tmp_path, "sshd_config.d/10-dev.conf", "MaxSessions 50\n")

    assert found(tmp_path, select="SC,SD") == []


def test_the_same_file_as_a_main_file_is_reported_for_what_it_leaves_unset(tmp_path):
    write(tmp_path, ".ssh/config", "Host lab\n  HostName lab.example\n")

    assert ("SC001", ".ssh/config", 1, 1) in found(tmp_path)


def test_one_finding_per_line_names_every_host_it_affects(tmp_path):
    write(tmp_path, ".ssh/config", "Host a b\n  User x\nHost c\n  User y\nHost *\n  ControlMaster no\n")

    [finding] = json_diagnostics(tmp_path, select="SC001")

    assert (finding["line"], finding["column"]) == (6, 17)
    assert "`a`, `b`, `c` and other hosts" in finding["message"]


def test_an_included_file_is_judged_as_the_including_file_reads_it(tmp_path):
    """The drop-in's `ForwardAgent no` comes first (the Include is line 1), so the main file's
    `ForwardAgent yes` never applies; linted on its own the drop-in would say nothing of it, and
    its own findings are not reported twice."""
    write(tmp_path, "ssh_config", MAIN + "  ForwardAgent yes\n")
    write(tmp_path, "ssh_config.d/lab.conf", "ForwardAgent no\nHost lab\n  StrictHostKeyChecking no\n")

    assert found(tmp_path) == [("SC010", "ssh_config", 7, 16), ("SC009", "ssh_config.d/lab.conf", 3, 25)]
    [shadowed] = json_diagnostics(tmp_path, select="SC010")
    assert "line 1 of ssh_config.d/lab.conf already set it" in shadowed["message"]


def test_a_value_no_block_of_a_file_sets_is_one_finding_for_the_file(tmp_path):
    # A fragment of many hosts meant to be included: ControlMaster and ServerAliveInterval are
    # set nowhere in it, which is one problem of the file, not one per Host block.
    hosts = "".join(f"# host {i}\nHost h{i}\n  HostName h{i}.example\n" for i in range(40))
    write(tmp_path, ".ssh/config", hosts)
    assert found(tmp_path, select="SC001,SC006") == [("SC001", ".ssh/config", 1, 1), ("SC006", ".ssh/config", 1, 1)]
    message = json_diagnostics(tmp_path, select="SC006")[0]["message"]
    assert message.startswith("no block of this file sets `ServerAliveInterval`")

    # Set for some hosts: the others are reported where their blocks begin, one per line (and
    # the hosts no block names, at the top).
    write(tmp_path, ".ssh/config", "Host a\n  ServerAliveInterval 15\nHost b c\n  User x\nHost d\n  User y\n")
    assert [line for _, _, line, _ in found(tmp_path, select="SC006")] == [1, 3, 5]


def test_a_host_line_with_commas_is_shown_rewritten_with_spaces(tmp_path):
    """The advice is the line as it should be: every comma a space (`, ` one space), and quotes
    dropped, since `Host "c d"` would still be one pattern."""
    write(tmp_path, ".ssh/config", 'Host web1,web2 db\nHost a, b\nHost "c,d" e  # lab\nMatch host f,g\n')

    advice = [d["message"].rsplit(": ", 1)[1] for d in json_diagnostics(tmp_path, select="SC011")]

    assert advice == [
        "write them apart, `Host web1 web2 db`",
        "write them apart, `Host a b`",
        "write them apart, `Host c d e`",
    ]


@pytest.mark.parametrize(
    ("block", "advice"),
    [
        (
            "  ControlMaster no\n",
            "Write `ControlMaster auto`, with `ControlPath ~/.ssh/cm-%C` and `ControlPersist 10m`",
        ),
        (
            "  ControlMaster no\n  ControlPersist 5m\n",
            "Write `ControlMaster auto`, with `ControlPath ~/.ssh/cm-%C` (they",
        ),
        (
            "  ControlMaster no\n  ControlPath ~/.ssh/cm-%C\n",
            "Write `ControlMaster auto`, with `ControlPersist 10m` (without",
        ),
        ("  ControlMaster ask\n  ControlPath ~/.ssh/cm-%C\n  ControlPersist 5m\n", "Write `ControlMaster auto`"),
    ],
)
def test_following_the_control_master_advice_multiplexes(tmp_path, block, advice):
    """The advice names what else the hosts lack: following it leaves no SC001, SC002 or SC003."""
    write(tmp_path, ".ssh/config", "Host devbox\n  HostName devbox.example\nHost *\n" + block)

    [finding] = json_diagnostics(tmp_path, select="SC001,SC002,SC003")
    assert finding["rule"] == "SC001" and advice in finding["message"]

    fixed = "  ControlMaster auto\n" + "".join(
        line + "\n" for line in block.splitlines() if "ControlMaster" not in line
    )
    fixed += "".join(
        f"  {line}\n"
        for line in ("ControlPath ~/.ssh/cm-%C", "ControlPersist 10m")
        if line.split()[0] in advice and line.split()[0] not in block
    )
    write(tmp_path, ".ssh/config", "Host devbox\n  HostName devbox.example\nHost *\n" + fixed)
    assert json_diagnostics(tmp_path, select="SC001,SC002,SC003") == []


@pytest.mark.parametrize("text", ["", "\n", "# Host *\n#   ControlMaster auto\n"])
def test_a_file_with_no_directive_is_not_reported_for_what_it_leaves_unset(tmp_path, text):
    write(tmp_path, "ssh_config", text)

    assert json_diagnostics(tmp_path, select="SC") == []


def test_control_master_no_for_hosts_by_name_is_an_opt_out_but_not_in_a_catch_all_block(tmp_path):
    write(
        tmp_path,
        ".ssh/config",
        "Host github.com\n  ControlMaster no\nHost * !legacy\n  ControlMaster no\n"
        "Host legacy\n  ControlMaster auto\n  ControlPath ~/.ssh/cm-%C\n  ControlPersist 1m\n",
    )

    assert [(d["line"], d["column"]) for d in json_diagnostics(tmp_path, select="SC001")] == [(4, 17)]


def test_sessions_with_a_forced_command_are_not_judged_for_remote_ssh(tmp_path):
    """An SFTP-only server (or group) runs no Remote-SSH server: its forwarding, session and
    start-up limits are not reported; `ForceCommand none` turns the forced command off again."""
    write(
        tmp_path,
        "sshd_config",
        "ClientAliveInterval 15\nPasswordAuthentication no\nMaxSessions 2\nAllowTcpForwarding no\n"
        "Match Group sftponly\n  ForceCommand internal-sftp\n"
        "Match Group devs\n  ForceCommand none\n",
    )

    found = [(d["rule"], d["line"], d["message"].split(")")[0]) for d in json_diagnostics(tmp_path, select="SD")]

    assert found == [
        ("SD001", 3, "`MaxSessions 2` (the global section and `Match Group devs`"),
        ("SD004", 4, "`AllowTcpForwarding no` (the global section and `Match Group devs`"),
    ]


@pytest.mark.parametrize(
    "include",
    ["Include ~/.ssh/config.d/*", "Include work_config", "Include config.d/*", "Include /etc/ssh/ssh_config.d/*.conf"],
)
def test_a_file_that_includes_files_not_here_is_not_judged_for_what_it_leaves_unset(tmp_path, include):
    """Files the Include names that are not in the project (the user's own, a drop-in folder
    left out of the repository) may set what this file does not."""
    write(tmp_path, "dotfiles/ssh_config", f"{include}\nHost devbox\n  HostName devbox.example\n")

    assert json_diagnostics(tmp_path, select="SC001,SC002,SC003,SC006") == []


def test_an_include_of_files_that_are_here_is_followed_and_judged(tmp_path):
    write(tmp_path, "dotfiles/ssh_config", "Include config.d/*\nHost devbox\n  HostName devbox.example\n")
    write(tmp_path, "dotfiles/config.d/lab", "Host lab\n  ServerAliveInterval 15\n")

    assert {d["rule"] for d in json_diagnostics(tmp_path, "dotfiles/ssh_config", select="SC001,SC006")} == {
        "SC001",
        "SC006",
    }
