"""The ssh_config and sshd_config evaluators checked against the real OpenSSH (9.2 here).

ssh_config: for the hand-written configs below and for 120 configs generated from fixed seeds
(random Host blocks, some Match blocks, random options in random case with ``=`` or spaces), the
config is written as ``$HOME/.ssh/config`` of a fresh temporary home, and for every host of the
document's ``hosts`` the test runs ``ssh -G -F CONFIG HOST`` (stdin from /dev/null, an
environment with only HOME, PATH and LC_ALL). For each option of :data:`CLIENT_OPTIONS`, what ssh
prints must equal our value normalised as ssh prints it (:func:`expected_client`), or ssh's
default when we have no value. Configs ssh rejects are tested apart (:data:`REJECTED_CLIENT`): ssh
exits with 255 naming a line, and our document has a problem on that line; every config compared
has no problem. Hosts ssh refuses as names (``a,b``: "hostname contains invalid characters") or
reads otherwise (``u@h``, ``-x``) are not compared.

What ``ssh -G`` prints, observed on 9.2, and how our values are normalised to it:

* keywords lower-case; host names lower-case (``HostName Mixed.Example`` -> ``mixed.example``),
  ``%h`` in HostName expanded to the name typed;
* flags ``yes``/``no`` (TCPKeepAlive, also written ``true``/``false``); ControlMaster and
  StrictHostKeyChecking print ``yes`` as ``true`` and ``no`` (``off``) as ``false``;
* times in seconds (ServerAliveInterval, ConnectTimeout, ControlPersist); ControlPersist ``0`` is
  ``yes``; ConnectTimeout unset is ``none``;
* ControlPath and UserKnownHostsFile expanded: ``~`` and ``%d`` to the account's home, ``%h %p %r
  %n %u %%``, and ``%C`` to the SHA-1 of local host name, host name, port and user; ControlPath
  ``none`` prints no line;
* IdentityFile and LocalForward one line per value, duplicates dropped; IdentityFile as written
  (not expanded), or ssh's seven default files when no line sets it; LocalForward with
  ``[address]:port`` (``*:3000 localhost:3000`` -> ``[*]:3000 [localhost]:3000``);
* defaults: user = the local account, port 22, controlmaster false, controlpersist no,
  serveraliveinterval 0, serveralivecountmax 3, stricthostkeychecking ask, tcpkeepalive yes,
  userknownhostsfile ``~/.ssh/known_hosts ~/.ssh/known_hosts2`` expanded.

Relative Includes: ssh resolves them under ``$HOME/.ssh`` (observed: $HOME, not the password
database), which is where the config and its included files are written.

sshd_config: for hand-written and generated configs, ``sshd -T -f CONFIG -h KEY`` must print our
``global`` context, and ``sshd -T ... -C user=U,host=H,addr=A`` (a connection that matches that
Match block and no other) the block's context, for :data:`SERVER_OPTIONS`. ``sshd -T`` prints
times in seconds, ``AllowTcpForwarding all`` as ``yes``, ``PermitRootLogin prohibit-password`` as
``without-password``, ``MaxStartups N`` as ``N:30:N``, enumerations lower-case. sshd resolves a
relative Include under /etc/ssh, so the file sshd reads names the drop-ins by absolute path.

Without ``ssh`` (``sshd``, ``ssh-keygen``) these tests skip, saying so.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import random
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from conftest import oracle_unavailable, run_ssh_g, write
from remdev_lint.formats.ssh import parse_ssh_config, parse_sshd_config

_ACCOUNT = pwd.getpwuid(os.getuid())
LOCAL_USER = _ACCOUNT.pw_name
# ssh expands `~` and `%d` in ControlPath and UserKnownHostsFile with the account's home from the
# password database, not $HOME (observed: /root while HOME pointed elsewhere).
ACCOUNT_HOME = _ACCOUNT.pw_dir

CLIENT_OPTIONS = (
    "user",
    "port",
    "hostname",
    "controlmaster",
    "controlpersist",
    "controlpath",
    "serveraliveinterval",
    "serveralivecountmax",
    "connecttimeout",
    "stricthostkeychecking",
    "userknownhostsfile",
    "tcpkeepalive",
    "identityfile",
    "localforward",
)
SERVER_OPTIONS = (
    "maxsessions",
    "maxstartups",
    "clientaliveinterval",
    "clientalivecountmax",
    "allowtcpforwarding",
    "passwordauthentication",
    "permitrootlogin",
    "disableforwarding",
    "permitopen",
    "kbdinteractiveauthentication",
    "authenticationmethods",
    "usepam",
)
# What ssh -G prints for an IdentityFile list no line set (observed, OpenSSH 9.2).
DEFAULT_IDENTITY_FILES = [
    "~/.ssh/id_rsa",
    "~/.ssh/id_ecdsa",
    "~/.ssh/id_ecdsa_sk",
    "~/.ssh/id_ed25519",
    "~/.ssh/id_ed25519_sk",
    "~/.ssh/id_xmss",
    "~/.ssh/id_dsa",
]
SERVER_DEFAULTS = {
    "maxsessions": "10",
    "maxstartups": "10:30:100",
    "clientaliveinterval": "0",
    "clientalivecountmax": "3",
    "allowtcpforwarding": "yes",
    "passwordauthentication": "yes",
    "permitrootlogin": "without-password",
    "disableforwarding": "no",
    "permitopen": "any",
    "kbdinteractiveauthentication": "yes",
    "authenticationmethods": "any",
    "usepam": "no",
}


# -- normalising our values as OpenSSH prints them --------------------------------------------

_TIME_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def seconds(text: str) -> int:
    """OpenSSH's time format (``1h30m``), in seconds. Written here, not taken from the linter."""
    assert re.fullmatch(r"(?:\d+[smhdwSMHDW]?)+", text), text
    return sum(int(number) * _TIME_UNITS[unit.lower()] for number, unit in re.findall(r"(\d+)([a-zA-Z]?)", text))


def expand_tokens(text: str, tokens: dict[str, str]) -> str:
    """``~/`` and ``%x`` expanded as ssh expands ControlPath and UserKnownHostsFile."""
    if text.startswith("~/"):
        text = ACCOUNT_HOME + text[1:]
    return re.sub(r"%(.)", lambda m: tokens[m.group(1)], text)


def forward_as_printed(value: str) -> str:
    """A LocalForward as ssh -G prints it: ``[address]:port`` for an address and a port, a bare
    port or a socket path as written (``*:3000 localhost:3000`` -> ``[*]:3000 [localhost]:3000``)."""

    def spec(part: str) -> str:
        if part.startswith("/"):
            return part
        address, colon, port = part.rpartition(":")
        return f"[{address.strip('[]')}]:{port}" if colon else part

    return " ".join(spec(part) for part in value.split(" "))


def unique(values: list[str]) -> list[str]:
    """ssh ignores an IdentityFile or LocalForward it already has (readconf.c: duplicates)."""
    return list(dict.fromkeys(values))


def expected_client(host: str, ours: dict) -> dict[str, list[str]]:
    """What ``ssh -G`` prints for ``host`` given our evaluated options (lines per keyword)."""
    flag = {"yes": "yes", "true": "yes", "no": "no", "false": "no"}
    if "hostname" in ours:
        hostname = ours["hostname"].replace("%%", "\0").replace("%h", host).replace("\0", "%")
    else:
        hostname = host
    hostname = hostname.lower()  # ssh prints the host name lower-cased
    user = ours.get("user", LOCAL_USER)
    port = str(int(ours["port"])) if "port" in ours else "22"
    hashed = hashlib.sha1(f"{socket.gethostname()}{hostname}{port}{user}".encode()).hexdigest()
    tokens = {"%": "%", "h": hostname, "p": port, "r": user, "n": host, "u": LOCAL_USER, "d": ACCOUNT_HOME, "C": hashed}

    master = ours.get("controlmaster", "no").lower()
    persist = ours.get("controlpersist", "no").lower()
    if persist in flag:
        persist = flag[persist]
    else:
        persist = "yes" if seconds(persist) == 0 else str(seconds(persist))  # 0: stay forever
    path = ours.get("controlpath", "none")
    known = ours.get("userknownhostsfile", "~/.ssh/known_hosts ~/.ssh/known_hosts2")
    strict = ours.get("stricthostkeychecking", "ask").lower()
    timeout = ours.get("connecttimeout", "none")
    return {
        "user": [user],
        "port": [port],
        "hostname": [hostname],
        "controlmaster": [{"yes": "true", "no": "false"}.get(master, master)],
        "controlpersist": [persist],
        "controlpath": [] if path == "none" else [expand_tokens(path, tokens)],  # `none`: no line
        "serveraliveinterval": [str(seconds(ours.get("serveraliveinterval", "0")))],
        "serveralivecountmax": [ours.get("serveralivecountmax", "3")],
        "connecttimeout": ["none" if timeout == "none" else str(seconds(timeout))],
        "stricthostkeychecking": [{"yes": "true", "no": "false", "off": "false"}.get(strict, strict)],
        "userknownhostsfile": [" ".join(expand_tokens(f, tokens) for f in known.split(" "))],
        "tcpkeepalive": [flag[ours.get("tcpkeepalive", "yes").lower()]],
        "identityfile": unique(ours.get("identityfile", DEFAULT_IDENTITY_FILES)),
        "localforward": unique([forward_as_printed(v) for v in ours.get("localforward", [])]),
    }


def expected_server(ours: dict) -> dict[str, str]:
    """What ``sshd -T`` prints given our evaluated options."""
    found = {}
    for keyword in SERVER_OPTIONS:
        value = ours.get(keyword)
        if value is None:
            found[keyword] = SERVER_DEFAULTS[keyword]
        elif keyword in ("clientaliveinterval",):
            found[keyword] = str(seconds(value))
        elif keyword == "maxstartups":
            found[keyword] = value if ":" in value else f"{value}:30:{value}"
        elif keyword == "permitopen":
            found[keyword] = value
        else:
            value = value.lower()
            found[keyword] = {"all": "yes", "prohibit-password": "without-password"}.get(value, value)
    return found


# -- running OpenSSH --------------------------------------------------------------------------


def printed(stdout: str) -> dict[str, list[str]]:
    lines: dict[str, list[str]] = {}
    for line in stdout.splitlines():
        keyword, _, value = line.partition(" ")
        lines.setdefault(keyword, []).append(value)
    return lines


def ssh_takes_as_a_host(name: str) -> bool:
    """A name ssh reads as a host: `u@h` is a user and a host, `-x` an option."""
    return "@" not in name and not name.startswith("-")


def compare_client(ssh: str, home: Path, text: str, files: dict[str, str] | None = None) -> None:
    """ssh -G and our evaluation agree for every host of the document."""
    folder = home / ".ssh"
    for relpath, content in (files or {}).items():
        write(folder, relpath, content)
    config = folder / "config"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_bytes(text.encode("utf-8"))
    doc = parse_ssh_config(text, str(config), str(folder))
    assert doc.root.value["problems"].plain() == []
    disagreements = []
    compared = 0
    for host in doc.root.value["hosts"].value:
        name = host.value["name"].value
        if not ssh_takes_as_a_host(name):
            continue
        result = run_ssh_g(ssh, home, config, name)
        if result.returncode == 255 and "hostname contains invalid characters" in result.stderr:
            continue  # e.g. `a,b` from `Host a,b`: ssh refuses the name itself
        assert result.returncode == 0, (name, result.stderr)
        compared += 1
        actual = printed(result.stdout)
        for keyword, value in expected_client(name, host.value["options"].plain()).items():
            if actual.get(keyword, []) != value:
                disagreements.append(f"{name}: {keyword}: ssh {actual.get(keyword, [])} ours {value}")
    assert compared > 0
    assert disagreements == [], "\n" + text + "\n" + "\n".join(disagreements)


# -- hand-written ssh_config files --------------------------------------------------------------

FACTS_E4 = """\
Host dev-*
  User alice
  ServerAliveInterval 1m
  ControlMaster auto
  ControlPath ~/.ssh/cm-%C
  ControlPersist 4h
Host dev-box
  User bob
  Port 2222
Host * !dev-secret
  ConnectTimeout=10
  ServerAliveCountMax 5
Host *
  User carol
  TCPKeepAlive no
Host dev-secret
"""

# (id, config text, files beside it in ~/.ssh). None uses Match exec: it would run a command.
ACCEPTED_CLIENT = [
    ("empty", "", {}),
    ("comments-only", "# nothing\n\n   # here\n", {}),
    ("facts-e4", FACTS_E4, {}),
    (
        "facts-cfg2-without-exec",
        'Include conf.d/*.conf\nHOST = neg-only\n  hostNAME   =   "my host.example"\nHost !neg-x\n  Compression yes\n'
        "Host neg-x inc-1\nMatch all\n  User viaall\n  ControlPersist 10m\n",
        {"conf.d/a.conf": "Host inc-1\n  Port 2201\n", "conf.d/b.conf": "Host inc-1\n  Port 2202\n  User fromb\n"},
    ),
    (
        "keyword-case-and-separators",
        "Host box\n  USER=bob\n  port = 2222\n  tcpKEEPalive\tno\n  ServerAliveCountMax= 7\n  CONNECTTIMEOUT =30s\n",
        {},
    ),
    ("double-quotes", 'Host q\n  User "bob"\n  IdentityFile "/keys/my key"\n  HostName "my host.example"\n', {}),
    ("quote-glued-to-words", 'Host q\n  User a"b c"d\n  IdentityFile "~/.ssh/x"y\n', {}),
    ("escaped-quote", 'Host q\n  User "a\\"b"\n', {}),
    ("trailing-comments", "Host c # the box\n  User bob # who\n  Port 2222 #x\n  IdentityFile ~/k #\n", {}),
    ("hash-inside-word", "Host c\n  User bob#x\n", {}),
    ("crlf", "Host h\r\n  User bob\r\n  Port 2222 # c\r\n\r\nHost *\r\n  ServerAliveInterval 30\r\n", {}),
    ("tabs", "Host\th\n\tUser\tbob\n\tPort\t2222\n", {}),
    ("comma-is-literal", "Host a,b\n  User comma\nHost a b\n  Port 2\n", {}),
    ("negation", "Host * !dev-secret\n  ConnectTimeout 10\nHost dev-secret dev-open\n  User u\n", {}),
    ("negation-alone", "Host !neg-x\n  User never\nHost neg-x other\n", {}),
    ("question-mark", "Host db?\n  User q\nHost db db12 db1\n", {}),
    ("host-case-sensitive", "Host E\n  User big\nHost e\n  Port 2\n", {}),
    ("connect-timeout-none", "Host x\n  ConnectTimeout none\nHost *\n  ConnectTimeout 5\n", {}),
    ("server-alive-interval-none", "Host x\n  ServerAliveInterval none\nHost *\n  ServerAliveInterval 30\n", {}),
    (
        "zero-values-lock",
        "Host x\n  ConnectTimeout 0\n  ControlPath none\nHost *\n  ConnectTimeout 5\n  ControlPath /tmp/%C\n",
        {},
    ),
    (
        "identity-files-accumulate",
        "Host dev-*\n  IdentityFile ~/.ssh/dev\nHost dev-box\n  IdentityFile ~/.ssh/box\n  IdentityFile ~/.ssh/dev\n"
        "Host *\n  IdentityFile %d/.ssh/all\n",
        {},
    ),
    (
        "local-forwards-accumulate",
        "Host f\n  LocalForward 8080 localhost:80\n  LocalForward 127.0.0.1:9090 [::1]:90\nHost *\n"
        "  LocalForward *:3000 localhost:3000\n  LocalForward 3001 /tmp/s\n  LocalForward 8080 localhost:80\n",
        {},
    ),
    (
        "control-and-timeouts",
        "Host a\n  ControlMaster autoask\n  ControlPersist 0\n  ControlPath /tmp/cp-%r@%h:%p\n  ServerAliveInterval 1h30m\n"
        "Host b\n  ControlMaster Yes\n  ControlPersist yes\n  ControlPath ~/.ssh/s/%n-%%\n  ConnectTimeout 1w\n"
        "Host c\n  ControlMaster ask\n  ControlPersist 10\n  ControlPath none\n  ServerAliveInterval 2M\n"
        "Host *\n  ControlMaster no\n  ControlPersist no\n  ControlPath ~/.ssh/cm-%C\n",
        {},
    ),
    (
        "host-keys",
        "Host a\n  StrictHostKeyChecking accept-new\n  UserKnownHostsFile ~/kh /tmp/%h_kh\n"
        "Host b\n  StrictHostKeyChecking off\n  UserKnownHostsFile none\nHost c\n  StrictHostKeyChecking Yes\n"
        "Host *\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n",
        {},
    ),
    (
        "match-host-originalhost-all",
        "Host alias\n  Port 2\n  HostName real.example\nMatch host real.example\n  User by-hostname\n"
        "Match originalhost alias\n  ServerAliveInterval 9\nMatch host alias\n  ConnectTimeout 7\nMatch all\n  TCPKeepAlive no\n",
        {},
    ),
    ("match-host-commas-and-negation", "Match host c,d\n  User cd\nMatch !host c\n  Port 2\nHost c d e\n", {}),
    (
        "match-criteria-ssh-does-not-apply-here",
        "Match user nobody-such\n  User u1\nMatch localuser nobody-such\n  User u2\nMatch canonical\n  User u3\n"
        "Match host h user nobody-such\n  Port 2\nHost h\n",
        {},
    ),
    ("match-all-returns-to-every-host", "Host a\n  User ua\nMatch all\n  User all\n  Port 2\nHost b\n", {}),
    ("hostname-token", "Host *.lan\n  HostName %h.example.com\nHost box.lan\n", {}),
    (
        "include-order",
        "Include conf.d/*.conf\nPort 2000\nHost inc-1\n",
        {"conf.d/b.conf": "Port 2202\nUser fromb\n", "conf.d/a.conf": "Port 2201\n"},
    ),
    (
        "include-inside-host",
        "Host a\nInclude h.conf\nPort 2020\nHost x b\n",
        {"h.conf": "User inc\nHost x\n  Port 2\n"},
    ),
    ("include-host-lines-end-with-the-file", "Include h.conf\nPort 2020\nHost y\n", {"h.conf": "Host x\n  User inc\n"}),
    (
        "include-after-match-all",
        "Host a\n  User ua\nMatch all\nInclude all.conf\nHost b\n",
        {"all.conf": "Port 2323\n"},
    ),
    (
        "include-nested-relative",
        "Include conf.d/a.conf\nHost h\n",
        {"conf.d/a.conf": "Include b.conf\n", "b.conf": "Port 2301\n", "conf.d/b.conf": "Port 2302\n"},
    ),
    ("ignore-unknown", "IgnoreUnknown UseKeychain,AddKeys*\nHost k\n  UseKeychain yes\n  User k\n", {}),
    ("single-quotes", "Host s\n  User 'my user'\n", {}),
    ("backslash-escapes", 'Host a\n  User a\\#b\nHost b\n  User "a\\\'b"\nHost c\n  User a\\ b\n', {}),
    ("lines-after-hostname", "Host myserver\n  HostName 10.0.0.5\n  User bob\n  Port 2222\n", {}),
    ("host-matches-typed-name", "Host a\n  HostName b\nHost b\n  User fromb\nMatch host b\n  Port 2020\n", {}),
    ("match-host-then-hostname", "Match host db\n  HostName db.example.com\n  Port 2222\nHost db\n", {}),
    ("match-host-case-insensitive", "Host e\nMatch host E\n  User mh\nMatch originalhost E\n  Port 1111\n", {}),
]


@pytest.mark.parametrize(("text", "files"), [c[1:] for c in ACCEPTED_CLIENT], ids=[c[0] for c in ACCEPTED_CLIENT])
def test_hand_written_config_matches_ssh(text: str, files: dict, ssh: str, tmp_path: Path) -> None:
    compare_client(ssh, tmp_path / "home", text, files)


# (id, config text, the line ssh names). ssh exits with 255; our document has a problem there.
REJECTED_CLIENT = [
    ("unterminated-double-quote", 'Host h\n  User "bob\n', 2),
    ("unterminated-single-quote", "Host h\n  User 'bob\n", 2),
    ("match-all-combined", "Match all host x\n  User x\nHost x\n", 1),
    ("match-criterion-without-argument", "Match host\n  User x\n", 1),
    ("match-without-criteria", "Host h\nMatch\n", 2),
    ("keyword-without-argument", "Host h\n  User\n", 2),
    ("host-without-pattern", "User me\nHost\n", 2),
    ("empty-quoted-argument", 'Host h\n  User ""\n', 2),
]


@pytest.mark.parametrize(("text", "line"), [c[1:] for c in REJECTED_CLIENT], ids=[c[0] for c in REJECTED_CLIENT])
def test_rejected_config_is_a_problem_on_the_line_ssh_names(text: str, line: int, ssh: str, tmp_path: Path) -> None:
    config = write(tmp_path, "config", text)
    result = run_ssh_g(ssh, tmp_path, config, "h")
    assert result.returncode == 255
    assert f"line {line}:" in result.stderr, result.stderr
    doc = parse_ssh_config(text, str(config), str(tmp_path))
    # Syntax problems are `problems`; a keyword without a value is marked on its directive.
    lines = [p.value["at"].span.line for p in doc.root.value["problems"].value]
    lines += [d.value["keyword"].span.line for d in doc.root.value["directives"].value if "no-value" in d.value]
    assert lines == [line]


def test_match_final_applies_in_ssh_and_is_unknown_to_us(ssh: str, tmp_path: Path) -> None:
    # `Match final` matches in ssh's last pass (ssh -G final-x: `user viafinal`); the evaluator
    # does not guess: the block is marked unknown and gives no host a value.
    text = "Host final-*\nMatch final\n  User viafinal\n"
    config = write(tmp_path, "config", text)
    result = run_ssh_g(ssh, tmp_path, config, "final-x")
    assert printed(result.stdout)["user"] == ["viafinal"]
    doc = parse_ssh_config(text, str(config), str(tmp_path))
    block = doc.root.value["blocks"].plain()[2]
    assert (block["unknown"], block["hosts"]) == (True, [])


# -- generated ssh_config files -----------------------------------------------------------------

NAMES = ["web", "db", "db1", "dev-box", "dev-secret", "bastion", "api.prod", "E", "h1"]
WILDCARDS = ["*", "dev-*", "*.prod", "db?", "h*", "*-box"]
NEGATIONS = ["!dev-secret", "!bastion", "!db1", "!*.prod"]
CLIENT_VALUES = {
    "User": ["alice", "bob", "git", "deploy"],
    "Port": ["22", "2222", "2200", "443"],
    "HostName": ["10.0.0.5", "%h.example.com", "real.example", "Bastion.Example.org"],
    "ControlMaster": ["auto", "autoask", "yes", "no", "ask", "true", "false"],
    "ControlPersist": ["yes", "no", "0", "4h", "10m", "600", "1h30m"],
    "ControlPath": ["~/.ssh/cm-%C", "/tmp/cp-%r@%h:%p", "none", "~/.ssh/sockets/%n", "/tmp/fixed.sock"],
    "ServerAliveInterval": ["0", "15", "30s", "1m", "2M", "1h30m"],
    "ServerAliveCountMax": ["0", "3", "5", "10"],
    "ConnectTimeout": ["none", "0", "10", "1m", "30S"],
    "StrictHostKeyChecking": ["yes", "no", "ask", "accept-new", "off", "Yes"],
    "UserKnownHostsFile": ["/dev/null", "~/.ssh/known_hosts_dev", "none", "/tmp/kh1 /tmp/kh2", "~/.ssh/kh-%h"],
    "TCPKeepAlive": ["yes", "no", "Yes", "NO"],
    "IdentityFile": ["~/.ssh/id_ed25519", "~/.ssh/id_dev", "/keys/ci", "%d/.ssh/id_%h"],
    "LocalForward": ["8080 localhost:80", "127.0.0.1:9090 db:5432", "2345 localhost:2345", "*:3000 localhost:3000"],
}
SEPARATORS = [" ", "  ", "\t", "=", " = ", "= ", " ="]


def random_case(rng: random.Random, keyword: str) -> str:
    return rng.choice(
        [
            keyword,
            keyword.lower(),
            keyword.upper(),
            "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in keyword),
        ]
    )


def option_line(rng: random.Random, values: dict[str, list[str]]) -> str:
    keyword = rng.choice(sorted(values))
    line = random_case(rng, keyword) + rng.choice(SEPARATORS) + rng.choice(values[keyword])
    if rng.random() < 0.1:
        line += " # note"
    return rng.choice(["", "  ", "\t"]) + line


def generated_client(seed: int) -> str:
    rng = random.Random(seed)
    lines = [option_line(rng, CLIENT_VALUES) for _ in range(rng.randint(0, 2))]
    for _ in range(rng.randint(1, 5)):
        if rng.random() < 0.8:
            patterns = rng.sample(NAMES + WILDCARDS + NEGATIONS, rng.randint(1, 3))
            lines.append(random_case(rng, "Host") + rng.choice([" ", "="]) + " ".join(patterns))
        else:
            criterion = rng.choice(["all", "host", "originalhost", "!host"])
            words = [criterion] if criterion == "all" else [criterion, ",".join(rng.sample(NAMES + WILDCARDS, 2))]
            lines.append(random_case(rng, "Match") + " " + " ".join(words))
        lines += [option_line(rng, CLIENT_VALUES) for _ in range(rng.randint(1, 4))]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(120))
def test_generated_config_matches_ssh(seed: int, ssh: str, tmp_path: Path) -> None:
    compare_client(ssh, tmp_path / "home", generated_client(seed))


# -- sshd_config ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The sshd executable and a host key for it."""
    path = shutil.which("sshd") or ("/usr/sbin/sshd" if os.access("/usr/sbin/sshd", os.X_OK) else None)
    if path is None:
        # Debian: `apt-get install openssh-server`; the tests were written against OpenSSH 9.2.
        oracle_unavailable("OpenSSH server not installed: no `sshd` on PATH or in /usr/sbin")
    keygen = shutil.which("ssh-keygen")
    if keygen is None:
        oracle_unavailable("ssh-keygen not installed: sshd -T needs a host key")
    if not os.path.isdir("/run/sshd"):
        # sshd -T exits with "Missing privilege separation directory: /run/sshd" without it.
        try:
            os.makedirs("/run/sshd", mode=0o755)
        except OSError as exc:
            oracle_unavailable(f"sshd -T needs /run/sshd, which is missing and cannot be created: {exc}")
    key = tmp_path_factory.mktemp("sshd-key") / "host_ed25519"
    subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True, capture_output=True)
    return path, key


def _start_full(value: str | None) -> tuple[str, str] | None:
    parts = (value or "").split(":")
    return (parts[0], parts[-1]) if len(parts) == 3 else None


def run_sshd_t(sshd: tuple[str, Path], config: Path, connection: str | None) -> dict[str, str]:
    path, key = sshd
    command = [path, "-T", "-f", str(config), "-h", str(key), *(["-C", connection] if connection else [])]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}
    result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=30)
    assert result.returncode == 0, (connection, result.stderr)
    return {keyword: values[0] for keyword, values in printed(result.stdout).items()}


def compare_server(sshd, folder: Path, text: str, connections: dict[str, str], files: dict[str, str] | None = None):
    """sshd -T and our contexts agree: ``global`` without -C, each Match context with the -C
    connection given for it in ``connections`` (which must name every context)."""
    for relpath, content in (files or {}).items():
        write(folder, relpath, content)
    config = folder / "sshd_config"
    config.parent.mkdir(parents=True, exist_ok=True)
    doc = parse_sshd_config(text, str(config), str(folder))
    # sshd resolves a relative Include under /etc/ssh; the file sshd reads names the project's
    # drop-ins by absolute path instead (the only difference between the two texts).
    sshd_text = re.sub(r"(?im)^(\s*include\s+)(?!/)(\S+)", lambda m: m.group(1) + str(folder / m.group(2)), text)
    config.write_bytes(sshd_text.encode("utf-8"))
    found = {c.value["name"].value: c.value["options"].plain() for c in doc.root.value["contexts"].value}
    assert set(found) == {"global", *connections}
    disagreements = []
    for name, ours in found.items():
        actual = run_sshd_t(sshd, config, connections.get(name))
        for keyword, value in expected_server(ours).items():
            if keyword == "maxstartups":
                # sshd keeps an earlier line's rate when a later `MaxStartups N` sets start and
                # full only (10:50:10 then 20 prints 20:50:20); our value is the winning line as
                # written, and the rules read its start and full.
                value, printed_value = _start_full(value), _start_full(actual.get(keyword))
                if printed_value != value:
                    disagreements.append(f"{name}: {keyword}: sshd {printed_value!r} ours {value!r}")
                continue
            if actual.get(keyword) != value:
                disagreements.append(f"{name}: {keyword}: sshd {actual.get(keyword)!r} ours {value!r}")
    assert disagreements == [], "\n" + text + "\n" + "\n".join(disagreements)


OTHER = "host=nowhere.example,addr=192.0.2.1"  # matches no Host or Address criterion below

# (id, config text, {context: -C connection}, files beside it)
ACCEPTED_SERVER = [
    ("empty", "", {}, {}),
    ("first-wins", "PasswordAuthentication no\nPasswordAuthentication yes\n", {}, {}),
    ("lowercase-keyword-with-equals", "maxsessions=5\nMAXSESSIONS 6\n", {}, {}),
    ("enum-case", "PermitRootLogin Yes\nPasswordAuthentication No\nDisableForwarding YES\n", {}, {}),
    ("maxstartups-single", "MaxStartups 20\n", {}, {}),
    ("maxstartups-triple", "MaxStartups 10:30:60\nMaxStartups 5\n", {}, {}),
    ("client-alive", "ClientAliveInterval 2m\nClientAliveCountMax 0\nClientAliveInterval 5\n", {}, {}),
    ("time-format", "ClientAliveInterval 1h2m3s\n", {}, {}),
    ("aliases", "AllowTcpForwarding all\nPermitRootLogin prohibit-password\n", {}, {}),
    ("without-password", "PermitRootLogin without-password\nAllowTcpForwarding remote\n", {}, {}),
    ("disable-forwarding", "DisableForwarding yes\nAllowTcpForwarding yes\n", {}, {}),
    ("permitopen-first-line", "PermitOpen localhost:2345 db:5432\nPermitOpen none\n", {}, {}),
    ("permitopen-wildcards", 'PermitOpen "localhost:2345" *:8080 127.0.0.1:*\n', {}, {}),
    (
        "comments",
        "# header\nMaxSessions 5 # five\n  # indented\nClientAliveInterval 30 #x\nPermitOpen a:1 # b:2\n",
        {},
        {},
    ),
    ("crlf", "MaxSessions 4\r\nMatch User u\r\n  MaxSessions 2\r\n", {"Match User u": f"user=u,{OTHER}"}, {}),
    (
        "facts-f-match",
        "AllowTcpForwarding no\nMatch User dev\n  AllowTcpForwarding yes\nMatch Address 10.0.0.0/8\n  AllowTcpForwarding local\n",
        {"Match User dev": f"user=dev,{OTHER}", "Match Address 10.0.0.0/8": "user=x,host=h,addr=10.1.2.3"},
        {},
    ),
    (
        "match-overrides-only-its-context",
        "PermitOpen a:1\nPermitOpen b:2\nClientAliveInterval 1m\nMatch User u\n  PermitOpen c:3 d:4\n  PermitOpen none\n"
        "  DisableForwarding yes\n  ClientAliveInterval 5\n",
        {"Match User u": f"user=u,{OTHER}"},
        {},
    ),
    (
        "match-two-criteria",
        "MaxSessions 3\nMatch User u1,v1 Address 10.1.0.0/16\n  ClientAliveCountMax=0\nMatch Host h2.example\n  MaxSessions 1\n",
        {
            "Match User u1,v1 Address 10.1.0.0/16": "user=v1,host=x,addr=10.1.2.3",
            "Match Host h2.example": "user=x,host=h2.example,addr=192.0.2.1",
        },
        {},
    ),
    (
        "match-all",
        "PasswordAuthentication no\nMatch all\n  PasswordAuthentication yes\n  MaxSessions 3\n",
        {"Match all": f"user=x,{OTHER}"},
        {},
    ),
    ("match-negation", "Match User *,!root\n  PermitRootLogin no\n", {"Match User *,!root": f"user=alice,{OTHER}"}, {}),
    (
        "match-address-list",
        "Match Address 192.168.0.0/16,10.0.0.0/8\n  PasswordAuthentication no\n",
        {"Match Address 192.168.0.0/16,10.0.0.0/8": "user=x,host=h,addr=192.168.1.1"},
        {},
    ),
    (
        "match-first-in-block-wins",
        "Match User u\n  MaxSessions 2\n  MaxSessions 3\n",
        {"Match User u": f"user=u,{OTHER}"},
        {},
    ),
    (
        "include-drop-ins-first",
        "Include sshd_config.d/*.conf\nPasswordAuthentication no\nPermitRootLogin yes\nMaxSessions 3\n",
        {},
        {
            "sshd_config.d/50-cloud.conf": "PasswordAuthentication yes\n",
            "sshd_config.d/10-hard.conf": "PermitRootLogin no\nPasswordAuthentication no\n",
            "sshd_config.d/notes.txt": "MaxSessions 1\n",
        },
    ),
    (
        "authentication-and-aliases",
        "ChallengeResponseAuthentication no\nKbdInteractiveAuthentication yes\nUsePAM yes\n"
        "AuthenticationMethods publickey,keyboard-interactive publickey,password\n"
        "Match User u\n  AuthenticationMethods password\n  KbdInteractiveAuthentication no\n",
        {"Match User u": f"user=u,{OTHER}"},
        {},
    ),
    (
        "include-inside-match",
        "MaxSessions 5\nMatch User u\n  Include match.d/*.conf\n  MaxSessions 4\n",
        {"Match User u": f"user=u,{OTHER}"},
        {"match.d/a.conf": "MaxSessions 2\nAllowTcpForwarding local\n"},
    ),
]


@pytest.mark.parametrize(
    ("text", "connections", "files"), [c[1:] for c in ACCEPTED_SERVER], ids=[c[0] for c in ACCEPTED_SERVER]
)
def test_hand_written_sshd_config_matches_sshd(text: str, connections: dict, files: dict, sshd, tmp_path: Path) -> None:
    compare_server(sshd, tmp_path / "etc-ssh", text, connections, files)


SERVER_VALUES = {
    "MaxSessions": ["0", "1", "2", "10", "64"],
    "ClientAliveInterval": ["0", "15", "2m", "1h", "30s", "1m30s"],
    "ClientAliveCountMax": ["0", "3", "5"],
    "AllowTcpForwarding": ["yes", "no", "local", "remote", "all", "Yes", "NO"],
    "PasswordAuthentication": ["yes", "no", "Yes", "No"],
    "PermitRootLogin": ["yes", "no", "prohibit-password", "without-password", "forced-commands-only"],
    "DisableForwarding": ["yes", "no"],
    "PermitOpen": ["any", "none", "localhost:2345", "localhost:2345 db:5432", "*:8080", "127.0.0.1:*"],
}
GLOBAL_VALUES = {**SERVER_VALUES, "MaxStartups": ["10", "20", "10:30:100", "3:50:10", "100"]}  # not in Match


def generated_server(seed: int) -> tuple[str, dict[str, str], dict[str, str]]:
    """A config, the -C connection of each of its Match blocks, and its drop-in files. Block ``i``
    names only user ``u<i>``/``v<i>``, host ``h<i>.example`` and network ``10.<i>.0.0/16``, so each
    connection matches its own block and no other."""
    rng = random.Random(1000 + seed)
    lines, files, connections = [], {}, {}
    if rng.random() < 0.25:
        lines.append("Include sshd_config.d/*.conf")
        for name in rng.sample(["10-a.conf", "20-b.conf", "30-c.conf"], rng.randint(1, 2)):
            files[f"sshd_config.d/{name}"] = "\n".join(option_line(rng, GLOBAL_VALUES) for _ in range(2)) + "\n"
    lines += [option_line(rng, GLOBAL_VALUES) for _ in range(rng.randint(0, 6))]
    for i in range(1, rng.randint(0, 3) + 1):
        kind = rng.choice(["user", "users", "host", "address", "user+address"])
        criteria = {
            "user": f"User u{i}",
            "users": f"User v{i},u{i}",
            "host": f"Host h{i}.example",
            "address": f"Address 10.{i}.0.0/16",
            "user+address": f"User u{i} Address 10.{i}.0.0/16",
        }[kind]
        header = random_case(rng, "Match") + " " + criteria
        lines.append(header)
        connections["Match " + criteria] = f"user=u{i},host=h{i}.example,addr=10.{i}.1.2"
        lines += [option_line(rng, SERVER_VALUES) for _ in range(rng.randint(1, 4))]
    return "\n".join(lines) + "\n", connections, files


@pytest.mark.parametrize("seed", range(60))
def test_generated_sshd_config_matches_sshd(seed: int, sshd, tmp_path: Path) -> None:
    text, connections, files = generated_server(seed)
    compare_server(sshd, tmp_path / "etc-ssh", text, connections, files)
