"""OpenSSH rules end to end through the CLI: findings in included files, their suppression
comments, drop-ins, and one finding per line naming every host it affects."""

from __future__ import annotations

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
