"""ssh_config and sshd_config read and evaluated as OpenSSH reads them.

The expected results are OpenSSH's (facts file, sections E and F, and ``ssh -G`` / ``sshd -T``
runs of OpenSSH 9.2): keywords are case-insensitive, ``=`` or whitespace separate a keyword from
its arguments, double quotes group words, the first obtained value wins except for cumulative
options, ``Host`` patterns are whitespace-separated globs with ``!`` negation, and Match criteria
that need a connection (or a command) never apply. Every value keeps the position of its words
and the file it was read from, since a diagnostic about it is reported there.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import REPO, covered, write
from remdev_lint.formats.ssh import parse_ssh_config, parse_sshd_config
from remdev_lint.model import Span

# -- helpers ----------------------------------------------------------------------------------


def hosts(doc) -> dict[str, dict]:
    """Every evaluated host by name: ``{"kind": ..., "options": {keyword: value or [values]}}``."""
    found = {}
    for host in doc.root.value["hosts"].value:
        found[host.value["name"].value] = {
            "kind": host.value["kind"].value,
            "options": host.value["options"].plain(),
        }
    return found


def options(doc, name: str) -> dict:
    """The options OpenSSH would use for host ``name`` (which must be an evaluated host)."""
    return hosts(doc)[name]["options"]


def catch_all(doc) -> str:
    """The name of the host that only catch-all patterns match."""
    names = [name for name, host in hosts(doc).items() if host["kind"] == "catch-all"]
    assert len(names) == 1, hosts(doc)
    return names[0]


def option_node(doc, name: str, keyword: str):
    host = next(h for h in doc.root.value["hosts"].value if h.value["name"].value == name)
    return host.value["options"].value[keyword]


def contexts(doc) -> dict[str, dict]:
    """sshd_config: every context's options by context name."""
    return {c.value["name"].value: c.value["options"].plain() for c in doc.root.value["contexts"].value}


def directive(doc, line: int, origin: str | None = None):
    """The directive (a mapping node) on ``line`` of the parsed file (or of ``origin``)."""
    found = [
        d for d in doc.root.value["directives"].value if d.value["keyword"].span.line == line and d.origin == origin
    ]
    assert len(found) == 1, (line, origin, found)
    return found[0].value


def all_directives(doc) -> list[dict]:
    """Every directive's members (nodes), in reading order."""
    return [d.value for d in doc.root.value["directives"].value]


def problems(doc) -> list[tuple[str, int, str | None]]:
    """(message, line, origin) of every problem."""
    return [
        (p.value["message"].value, p.value["at"].span.line, p.value["at"].origin)
        for p in doc.root.value["problems"].value
    ]


def blocks(doc) -> list[dict]:
    return doc.root.value["blocks"].plain()


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# -- reading lines ----------------------------------------------------------------------------


def test_keywords_are_case_insensitive_and_keep_their_spelling() -> None:
    doc = parse_ssh_config("Host box\n  USER bob\n  port 2222\n  hostNAME box.example\n")
    assert options(doc, "box") == {"user": "bob", "port": "2222", "hostname": "box.example"}
    user = directive(doc, 2)
    assert (user["keyword"].value, user["name"].value) == ("USER", "user")


def test_host_and_match_keywords_are_case_insensitive() -> None:
    doc = parse_ssh_config("HOST a\n  User ua\nmatch ALL\n  Port 2\n")
    assert options(doc, "a") == {"user": "ua", "port": "2"}
    assert [b["kind"] for b in blocks(doc)] == ["global", "host", "match"]


def test_equals_sign_or_whitespace_separate_keyword_and_value() -> None:
    lines = ["User=a", "User = a", "User  a", "User\ta", "User =a", "User= a", "  User \t=\t a  "]
    for line in lines:
        doc = parse_ssh_config(f"Host h\n{line}\n")
        assert options(doc, "h")["user"] == "a", line
        assert directive(doc, 2)["keyword"].value == "User", line


def test_only_one_equals_sign_is_a_separator() -> None:
    # ssh -G prints `user =x` for `User==x` and `user x=y` for `User x=y`.
    assert options(parse_ssh_config("Host h\nUser==x\n"), "h")["user"] == "=x"
    assert options(parse_ssh_config("Host h\nUser x=y\n"), "h")["user"] == "x=y"


def test_double_quotes_keep_spaces_and_are_not_part_of_the_value() -> None:
    text = 'Host h\n  IdentityFile "/keys/my key" \n  User "a\\"b"\n  HostName "my host.example"\n'
    doc = parse_ssh_config(text)
    found = options(doc, "h")
    assert found["hostname"] == "my host.example"
    assert found["identityfile"] == ["/keys/my key"]
    assert found["user"] == 'a"b'
    assert directive(doc, 4)["args"].plain() == ["my host.example"]


def test_quotes_glue_to_the_word_around_them() -> None:
    # ssh -G prints `user ab cd` for `User a"b c"d`.
    assert options(parse_ssh_config('Host h\nUser a"b c"d\n'), "h")["user"] == "ab cd"


def test_value_joins_arguments_with_one_space() -> None:
    doc = parse_ssh_config("Host h\n  LocalForward   8080 \t localhost:80\n")
    assert options(doc, "h")["localforward"] == ["8080 localhost:80"]
    assert directive(doc, 2)["args"].plain() == ["8080", "localhost:80"]


def test_comment_lines_and_trailing_comments_are_not_values() -> None:
    text = "# about h\nHost h # the box\n  # User commented\n  User bob # who\n  Port 22#not-a-comment\n"
    doc = parse_ssh_config(text)
    assert options(doc, "h") == {"user": "bob", "port": "22#not-a-comment"}
    assert [d["keyword"].value for d in all_directives(doc)] == ["Host", "User", "Port"]
    assert blocks(doc)[1]["patterns"] == ["h"]
    texts = [comment.text for comment in doc.comments]
    assert texts == [" about h", " the box", " User commented", " who"]
    assert covered(text, doc.comments[3].span) == "# who"


def test_hash_inside_quotes_is_text() -> None:
    doc = parse_ssh_config('Host h\n  User "#x"\n')
    assert options(doc, "h")["user"] == "#x"


def test_keyword_and_value_positions() -> None:
    text = 'Host h\n  User  bob\n  LocalForward 1 a:1   # c\n  HostName = "my host"\n'
    doc = parse_ssh_config(text)
    user = directive(doc, 2)
    assert user["keyword"].span == Span(2, 3, 2, 7)
    assert user["value"].span == Span(2, 9, 2, 12)
    hostname = directive(doc, 4)
    assert covered(text, hostname["keyword"].span) == "HostName"
    assert covered(text, hostname["value"].span) == '"my host"'
    forward = directive(doc, 3)
    assert covered(text, forward["value"].span) == "1 a:1"
    assert [covered(text, arg.span) for arg in forward["args"].value] == ["1", "a:1"]
    # The host's option is the node of the line that gives the value, with the keyword's span.
    node = option_node(doc, "h", "user")
    assert (node.value, node.span, node.key_span, node.origin) == ("bob", Span(2, 9, 2, 12), Span(2, 3, 2, 7), None)
    forwards = option_node(doc, "h", "localforward").value
    assert [(f.value, f.span.line) for f in forwards] == [("1 a:1", 3)]


def test_crlf_lines_have_the_same_values_and_positions() -> None:
    lf = "Host h\n  User bob # c\n\n  Port 2222\n"
    crlf = lf.replace("\n", "\r\n")
    doc_lf, doc_crlf = parse_ssh_config(lf), parse_ssh_config(crlf)
    assert options(doc_crlf, "h") == {"user": "bob", "port": "2222"}

    def spans(doc):
        return [(d["keyword"].span, d["value"].span) for d in all_directives(doc)]

    assert spans(doc_crlf) == spans(doc_lf)
    assert directive(doc_crlf, 4)["value"].span == Span(4, 8, 4, 12)


def test_utf8_bom_is_not_part_of_the_first_keyword() -> None:
    doc = parse_ssh_config("\ufeffUser bob\n")
    assert options(doc, catch_all(doc)) == {"user": "bob"}
    assert directive(doc, 1)["keyword"].span == Span(1, 1, 1, 5)


def test_unterminated_quote_is_a_problem_on_its_line() -> None:
    doc = parse_ssh_config('Host h\n  User bob\n  HostName "my host\n')
    assert problems(doc) == [("invalid quotes", 3, None)]
    assert options(doc, "h")["user"] == "bob"


def test_keyword_without_arguments_is_marked() -> None:
    # ssh 9.2: `line 2: no argument after keyword "user"` (and for `Host`, `HostName`, `Match`);
    # `User ""` and `User=#x` give `Missing argument.` The directive says so (`no-value`), for
    # SC008/SD007 to report once with whatever else is wrong with the keyword.
    for text in ("Host h\n  User\n", 'Host h\n  User ""\n', "Host h\n  User=#x\n", "Host h\nHost\n", "Host h\nMatch\n"):
        doc = parse_ssh_config(text)
        marked = [d.value["keyword"].span.line for d in doc.root.value["directives"].value if "no-value" in d.value]
        assert marked == [2], text


def test_single_quotes_group_words_as_double_quotes_do() -> None:
    # OpenSSH's argv_split accepts both quote characters: ssh -G prints `user my user`.
    doc = parse_ssh_config("Host h\n  User 'my user'\n")
    assert options(doc, "h")["user"] == "my user"
    assert problems(parse_ssh_config("Host h\n  User 'my user\n")) != []


# -- Host patterns and the hosts evaluated ------------------------------------------------------


def test_evaluated_hosts_are_aliases_one_per_wildcard_and_one_catch_all() -> None:
    doc = parse_ssh_config("Host web db\n  User u\nHost *.prod db?\n  Port 2\nHost !bastion *\n  Port 3\nHost web\n")
    found = hosts(doc)
    assert {name: host["kind"] for name, host in found.items() if host["kind"] != "catch-all"} == {
        "web": "alias",
        "db": "alias",
        "x.prod": "wildcard",
        "dbx": "wildcard",
    }
    other = catch_all(doc)
    assert other not in ("web", "db", "bastion") and not other.endswith(".prod")
    assert found[other]["options"] == {"port": "3"}
    assert found["x.prod"]["options"] == {"port": "2"}
    assert found["web"]["options"] == {"user": "u", "port": "3"}


def test_a_file_without_host_lines_has_only_the_catch_all_host() -> None:
    doc = parse_ssh_config("User me\nPort 2200\n")
    assert list(hosts(doc)) == [catch_all(doc)]
    assert options(doc, catch_all(doc)) == {"user": "me", "port": "2200"}


def test_comma_is_literal_in_host_patterns() -> None:
    doc = parse_ssh_config("Host a,b\n  User comma\nHost a b\n  Port 2\n")
    assert options(doc, "a") == {"port": "2"}
    assert options(doc, "b") == {"port": "2"}
    assert options(doc, "a,b") == {"user": "comma"}


def test_negated_pattern_excludes_a_host() -> None:
    doc = parse_ssh_config("Host * !dev-secret\n  ConnectTimeout 10\nHost dev-secret dev-open\n  User u\n")
    assert options(doc, "dev-secret") == {"user": "u"}
    assert options(doc, "dev-open") == {"connecttimeout": "10", "user": "u"}


def test_negation_alone_matches_nothing() -> None:
    doc = parse_ssh_config("Host !neg-x\n  Compression yes\nHost neg-x other\n")
    assert options(doc, "neg-x") == {}
    assert options(doc, "other") == {}
    assert blocks(doc)[1]["hosts"] == []


def test_host_patterns_are_case_sensitive() -> None:
    # Observed: `Host E` matched `ssh -G E`, not `ssh -G e`.
    doc = parse_ssh_config("Host E\n  User big\nHost e\n")
    assert options(doc, "E") == {"user": "big"}
    assert options(doc, "e") == {}


def test_question_mark_matches_exactly_one_character() -> None:
    doc = parse_ssh_config("Host db?\n  User q\nHost db db12 db1\n")
    assert options(doc, "db1") == {"user": "q"}
    assert options(doc, "db") == {}
    assert options(doc, "db12") == {}


# -- first obtained value wins ------------------------------------------------------------------

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
"""


def test_first_value_wins_as_in_the_facts_example() -> None:
    doc = parse_ssh_config(FACTS_E4)
    assert options(doc, "dev-box") == {
        "user": "alice",
        "serveraliveinterval": "1m",
        "controlmaster": "auto",
        "controlpath": "~/.ssh/cm-%C",
        "controlpersist": "4h",
        "port": "2222",
        "connecttimeout": "10",
        "serveralivecountmax": "5",
        "tcpkeepalive": "no",
    }
    assert options(doc, catch_all(doc)) == {
        "connecttimeout": "10",
        "serveralivecountmax": "5",
        "user": "carol",
        "tcpkeepalive": "no",
    }
    # The value comes from the line of the first block, not the more specific later one.
    assert option_node(doc, "dev-box", "user").span.line == 2


def test_negation_excludes_dev_secret_in_the_facts_example() -> None:
    doc = parse_ssh_config(FACTS_E4 + "Host dev-secret\n")
    found = options(doc, "dev-secret")
    assert found["user"] == "alice"
    assert "connecttimeout" not in found and "serveralivecountmax" not in found and "port" not in found


def test_connect_timeout_none_does_not_lock_the_value() -> None:
    doc = parse_ssh_config("Host x\n  ConnectTimeout none\nHost *\n  ConnectTimeout 5\n")
    assert options(doc, "x")["connecttimeout"] == "5"
    assert option_node(doc, "x", "connecttimeout").span.line == 4


def test_server_alive_interval_none_does_not_lock_the_value() -> None:
    # ssh 9.2 reads `none` as the unset value of every time option (parse_time), not only of
    # ConnectTimeout: `Host x / ServerAliveInterval none / Host * / ServerAliveInterval 30`
    # gives `serveraliveinterval 30` for x.
    doc = parse_ssh_config("Host x\n  ServerAliveInterval none\nHost *\n  ServerAliveInterval 30\n")
    assert options(doc, "x")["serveraliveinterval"] == "30"


def test_a_non_none_value_locks_even_when_zero() -> None:
    doc = parse_ssh_config(
        "Host x\n  ConnectTimeout 0\n  ControlPath none\nHost *\n  ConnectTimeout 5\n  ControlPath /tmp/%C\n"
    )
    assert options(doc, "x") == {"connecttimeout": "0", "controlpath": "none"}


def test_cumulative_options_accumulate_in_reading_order() -> None:
    text = dedent(
        """
        Host dev-*
          IdentityFile ~/.ssh/dev
          LocalForward 8080 localhost:80
          SendEnv LANG
        Host dev-box
          IdentityFile ~/.ssh/box
          User box
          LocalForward 2345 localhost:2345
        Host *
          IdentityFile ~/.ssh/all
          User all
          SendEnv LC_*
        """
    )
    doc = parse_ssh_config(text)
    found = options(doc, "dev-box")
    assert found["identityfile"] == ["~/.ssh/dev", "~/.ssh/box", "~/.ssh/all"]
    assert found["localforward"] == ["8080 localhost:80", "2345 localhost:2345"]
    assert found["sendenv"] == ["LANG", "LC_*"]
    assert found["user"] == "box"
    lines = [node.span.line for node in option_node(doc, "dev-box", "identityfile").value]
    assert lines == [2, 6, 10]
    assert options(doc, catch_all(doc))["identityfile"] == ["~/.ssh/all"]


# -- Match ------------------------------------------------------------------------------------


def test_match_host_uses_the_hostname_and_originalhost_the_alias() -> None:
    text = dedent(
        """
        Host alias
          HostName real.example
        Match host real.example
          User by-hostname
        Match originalhost alias
          Port 2
        Match host alias
          ServerAliveInterval 9
        Match all
          ConnectTimeout 5
        """
    )
    doc = parse_ssh_config(text)
    assert options(doc, "alias") == {
        "hostname": "real.example",
        "user": "by-hostname",
        "port": "2",
        "connecttimeout": "5",
    }
    assert options(doc, catch_all(doc)) == {"connecttimeout": "5"}


def test_match_host_splits_patterns_at_commas_and_negates() -> None:
    text = "Match host c,d\n  User cd\nMatch !host c\n  Port 2\nHost c d e\n"
    doc = parse_ssh_config(text)
    assert options(doc, "c") == {"user": "cd"}
    assert options(doc, "d") == {"user": "cd", "port": "2"}
    assert options(doc, "e") == {"port": "2"}


def test_match_host_is_case_insensitive() -> None:
    # Observed: `Host e / Match host E / User mh` gives `user mh` for `ssh -G e` (match_hostname
    # lower-cases), unlike `Host` patterns.
    doc = parse_ssh_config("Host e\nMatch host E\n  User mh\nMatch originalhost E\n  Port 1111\n")
    assert options(doc, "e") == {"user": "mh", "port": "1111"}


def test_criteria_that_need_ssh_to_run_never_apply() -> None:
    text = dedent(
        """
        Match exec "true"
          User exec
        Match user root
          User user
        Match final
          User final
        Match canonical
          User canonical
        Match localuser root
          User localuser
        Match host h exec "true"
          User both
        Host h
        """
    )
    doc = parse_ssh_config(text)
    assert options(doc, "h") == {}
    assert options(doc, catch_all(doc)) == {}
    found = blocks(doc)
    assert [b["unknown"] for b in found] == [False, True, True, True, True, True, True, False]
    assert all(b["hosts"] == [] for b in found[1:7])
    assert found[1]["criteria"] == ["exec"]
    assert problems(doc) == []


def test_match_all_with_another_criterion_is_a_problem() -> None:
    doc = parse_ssh_config("Match all host x\n  User x\nHost x\n")
    assert problems(doc) == [("'all' cannot be combined with other Match attributes", 1, None)]
    assert options(doc, "x") == {}


def test_match_criterion_without_argument_is_a_problem() -> None:
    doc = parse_ssh_config("Match host\n  User x\n")
    assert [line for _, line, _ in problems(doc)] == [1]


def test_match_all_returns_to_every_host() -> None:
    doc = parse_ssh_config("Host a\n  User ua\nMatch all\n  User all\n  Port 2\nHost b\n")
    assert options(doc, "a") == {"user": "ua", "port": "2"}
    assert options(doc, "b") == {"user": "all", "port": "2"}


def test_lines_after_hostname_in_the_same_host_block_still_apply() -> None:
    # The most common ssh_config there is: ssh -G myserver prints `user bob`, `port 2222`.
    doc = parse_ssh_config("Host myserver\n  HostName 10.0.0.5\n  User bob\n  Port 2222\n")
    assert options(doc, "myserver") == {"hostname": "10.0.0.5", "user": "bob", "port": "2222"}
    assert directive(doc, 3)["effective-for"].plain() == ["myserver"]


def test_a_match_block_applies_to_its_end_after_it_sets_hostname() -> None:
    # ssh decides whether a block applies at its Host/Match line: ssh -G db prints
    # `hostname db.example.com` and `port 2222`.
    doc = parse_ssh_config("Match host db\n  HostName db.example.com\n  Port 2222\nHost db\n")
    assert options(doc, "db") == {"hostname": "db.example.com", "port": "2222"}


def test_host_patterns_match_the_name_typed_not_the_hostname() -> None:
    # ssh matches `Host` lines against the name on the command line (ssh -G a: `user root`,
    # `hostname b`); only `Match host` sees the HostName.
    doc = parse_ssh_config("Host a\n  HostName b\nHost b\n  User fromb\nMatch host b\n  Port 2020\n")
    assert options(doc, "a") == {"hostname": "b", "port": "2020"}


# -- Include ----------------------------------------------------------------------------------


def test_include_is_relative_to_the_config_folder_and_globs_in_lexical_order(tmp_path: Path) -> None:
    folder = tmp_path / "dotssh"
    write(folder, "conf.d/b.conf", "Port 2202\nUser fromb\n")
    write(folder, "conf.d/a.conf", "# a\nPort 2201\n")
    config = write(folder, "config", "Include conf.d/*.conf\nPort 2000\nHost inc-1\n")
    doc = parse_ssh_config(config.read_text(), str(config), str(tmp_path))
    assert options(doc, "inc-1") == {"port": "2201", "user": "fromb"}
    port = option_node(doc, "inc-1", "port")
    assert port.origin == str(folder / "conf.d" / "a.conf")
    assert port.span == Span(2, 6, 2, 10)
    user = option_node(doc, "inc-1", "user")
    assert (user.origin, user.span.line) == (str(folder / "conf.d" / "b.conf"), 2)
    # The included lines stand where the Include is, with their own file and line numbers.
    order = [(d.origin, d.value["keyword"].span.line) for d in doc.root.value["directives"].value]
    a, b = str(folder / "conf.d" / "a.conf"), str(folder / "conf.d" / "b.conf")
    assert order == [(None, 1), (a, 2), (b, 1), (b, 2), (None, 2), (None, 3)]
    assert "not-followed" not in directive(doc, 1)


def test_include_inside_a_host_block_applies_only_to_that_host(tmp_path: Path) -> None:
    write(tmp_path, "h.conf", "User inc\nHost x\n  Port 2\n")
    config = write(tmp_path, "config", "Host a\nInclude h.conf\nPort 2020\nHost x b\n")
    doc = parse_ssh_config(config.read_text(), str(config), str(tmp_path))
    assert options(doc, "a") == {"user": "inc", "port": "2020"}
    assert options(doc, "b") == {}
    assert options(doc, "x") == {}


def test_host_lines_in_an_included_file_end_with_it(tmp_path: Path) -> None:
    write(tmp_path, "h.conf", "Host x\n  User inc\n")
    config = write(tmp_path, "config", "Include h.conf\nPort 2020\nHost y\n")
    doc = parse_ssh_config(config.read_text(), str(config), str(tmp_path))
    assert options(doc, "x") == {"user": "inc", "port": "2020"}
    assert options(doc, "y") == {"port": "2020"}


def test_every_node_of_an_included_line_or_block_knows_its_file(tmp_path: Path) -> None:
    """A finding at any of them (the hosts a line applies to, a block's patterns) is reported in
    the included file, at its line, never in the main file at that line number."""
    included = write(tmp_path, "h.conf", "Host x\n  Port 2\n")
    config = write(tmp_path, "config", "Include h.conf\n")
    doc = parse_ssh_config(config.read_text(), str(config), str(tmp_path))

    port = next(
        d for d in doc.root.value["directives"].value if d.origin == str(included) and d.value["name"].value == "port"
    )
    block = next(b for b in doc.root.value["blocks"].value if b.value["line"].origin == str(included))
    nodes = [*port.value["effective-for"].value, *port.value["applies-to"].value]
    nodes += [member for key in ("patterns", "hosts") for member in block.value[key].value]
    assert nodes and {node.origin for node in nodes} == {str(included)}


def test_include_outside_the_project_is_not_followed(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(tmp_path, "outside.conf", "User outside\n")
    absolute = write(tmp_path, "abs.conf", "User absolute\n")
    text = f"Include ~/.ssh/extra.conf\nInclude {absolute}\nInclude ../outside.conf\nInclude inside.conf\n"
    config = write(project, "config", text)
    write(project, "inside.conf", "Port 2\n")
    doc = parse_ssh_config(text, str(config), str(project))
    assert options(doc, catch_all(doc)) == {"port": "2"}
    assert directive(doc, 1)["not-followed"].value == "~/.ssh/extra.conf"
    assert directive(doc, 2)["not-followed"].value == str(absolute)
    assert directive(doc, 3)["not-followed"].value == "../outside.conf"
    assert covered(text, directive(doc, 3)["not-followed"].span) == "../outside.conf"
    assert "not-followed" not in directive(doc, 4)


def test_include_without_a_path_to_the_file_reads_nothing() -> None:
    doc = parse_ssh_config("Include conf.d/*.conf\nUser me\n")
    assert options(doc, catch_all(doc)) == {"user": "me"}


def test_a_file_that_includes_itself_stops_at_the_depth_limit(tmp_path: Path) -> None:
    # ssh gives up the whole file ("Too many recursive configuration includes"), so the reader
    # stops there too: nothing after the runaway Include is read.
    config = write(tmp_path, "config", "Include config\nUser self\n")
    doc = parse_ssh_config(config.read_text(), str(config), str(tmp_path))
    assert options(doc, catch_all(doc)) == {}
    assert problems(doc) and all("include" in message.lower() for message, _, _ in problems(doc))


def test_an_include_loop_through_a_glob_ends_quickly(tmp_path: Path) -> None:
    # ssh stops at once ("Too many recursive configuration includes"); three drop-ins that each
    # include the folder's *.conf must not make the reader walk 3**16 paths.
    for name in ("a", "b", "c"):
        # A relative Include is resolved under the first file's folder (ssh: ~/.ssh), also
        # from an included file: this names the drop-ins themselves again.
        write(tmp_path, f"conf.d/{name}.conf", "Include conf.d/*.conf\nPort 2200\n")
    config = write(tmp_path, "config", "Include conf.d/*.conf\n")
    script = (
        "import sys; from remdev_lint.formats.ssh import parse_ssh_config as p; "
        "d = p(open(sys.argv[1]).read(), sys.argv[1], sys.argv[2]); "
        "print(len(d.root.value['problems'].value))"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", script, str(config), str(tmp_path)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=5,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError("parsing a 3-file Include loop took more than 5 s") from None
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 1


# -- directive annotations --------------------------------------------------------------------


def test_shadowed_by_names_the_line_that_gave_the_value() -> None:
    text = "Host *\n  User everyone\nHost palpatine\n  User sheev\n  IdentityFile ~/.ssh/sith\n"
    doc = parse_ssh_config(text.replace("Host *\n", "Host *\n  IdentityFile ~/.ssh/all\n"))
    shadowed = directive(doc, 5)
    assert shadowed["keyword"].value == "User"
    assert shadowed["shadowed-by"].value == "everyone"
    assert shadowed["shadowed-by"].span.line == 3
    assert shadowed["effective-for"].plain() == []
    # A cumulative option adds to the list: it is never shadowed.
    identity = directive(doc, 6)
    assert "shadowed-by" not in identity
    assert identity["effective-for"].plain() == ["palpatine"]
    assert "shadowed-by" not in directive(doc, 3)


def test_effective_for_lists_the_hosts_a_line_gives_its_value() -> None:
    doc = parse_ssh_config("Host web\n  User w\nHost web db\n  User both\n  Port 2\nHost *\n  User all\n")
    other = catch_all(doc)
    assert directive(doc, 2)["effective-for"].plain() == ["web"]
    assert directive(doc, 4)["effective-for"].plain() == ["db"]
    assert directive(doc, 5)["effective-for"].plain() == ["web", "db"]
    assert directive(doc, 7)["effective-for"].plain() == [other]
    # `User both` gives db its value, so it is not shadowed for the hosts it reaches.
    assert "shadowed-by" not in directive(doc, 4)


def test_a_line_whose_block_matches_no_host_is_not_shadowed() -> None:
    doc = parse_ssh_config("User first\nHost !nothing\n  User never\n")
    line = directive(doc, 3)
    assert line["effective-for"].plain() == []
    assert "shadowed-by" not in line


def test_ignored_unknown_marks_keywords_after_ignore_unknown() -> None:
    text = "UseKeychain yes\nIgnoreUnknown UseKeychain,AddKeys*\nusekeychain yes\nAddKeysToAgentX yes\nFooBar 1\n"
    doc = parse_ssh_config(text)
    assert "ignored-unknown" not in directive(doc, 1)
    assert directive(doc, 3)["ignored-unknown"].value is True
    assert directive(doc, 4)["ignored-unknown"].value is True
    assert "ignored-unknown" not in directive(doc, 5)


def test_blocks_list_the_global_section_and_every_host_and_match_line() -> None:
    doc = parse_ssh_config("User u\nHost a b\n  Port 2\nMatch host a\n  Port 3\n")
    found = blocks(doc)
    assert [(b["kind"], b["patterns"], b["hosts"]) for b in found] == [
        ("global", [], ["a", "b", catch_all(doc)]),
        ("host", ["a", "b"], ["a", "b"]),
        ("match", [], ["a"]),
    ]
    assert [d["block"].value for d in all_directives(doc)] == [0, 1, 1, 2, 2]


# -- sshd_config ------------------------------------------------------------------------------


def test_sshd_first_value_wins_in_the_global_section() -> None:
    doc = parse_sshd_config("PasswordAuthentication no\nPasswordAuthentication yes\nmaxsessions=5\n")
    assert contexts(doc) == {"global": {"passwordauthentication": "no", "maxsessions": "5"}}
    assert directive(doc, 2)["shadowed-by"].span.line == 1


def test_sshd_match_block_overrides_the_global_value_only_in_its_context() -> None:
    text = dedent(
        """
        AllowTcpForwarding no
        MaxSessions 4
        Match User dev
          AllowTcpForwarding yes
          AllowTcpForwarding local
        Match Address 10.0.0.0/8
          AllowTcpForwarding local
          PermitOpen localhost:2345 db:5432
        """
    )
    doc = parse_sshd_config(text)
    assert contexts(doc) == {
        "global": {"allowtcpforwarding": "no", "maxsessions": "4"},
        "Match User dev": {"allowtcpforwarding": "yes", "maxsessions": "4"},
        "Match Address 10.0.0.0/8": {
            "allowtcpforwarding": "local",
            "permitopen": "localhost:2345 db:5432",
            "maxsessions": "4",
        },
    }
    assert directive(doc, 4)["effective-for"].plain() == ["Match User dev"]
    assert directive(doc, 1)["effective-for"].plain() == ["global"]
    assert directive(doc, 2)["effective-for"].plain() == ["global", "Match User dev", "Match Address 10.0.0.0/8"]
    # sshd's criteria are known only per connection.
    assert [b["unknown"] for b in blocks(doc)] == [False, True, True]


def test_sshd_include_of_drop_ins_before_later_lines_wins(tmp_path: Path) -> None:
    folder = tmp_path / "etc-ssh"
    write(folder, "sshd_config.d/50-cloud.conf", "PasswordAuthentication yes\n")
    write(folder, "sshd_config.d/10-hard.conf", "PermitRootLogin no\nPasswordAuthentication no\n")
    write(folder, "sshd_config.d/notes.txt", "MaxSessions 1\n")
    text = "Include sshd_config.d/*.conf\nPasswordAuthentication no\nPermitRootLogin yes\nMaxSessions 3\n"
    config = write(folder, "sshd_config", text)
    doc = parse_sshd_config(text, str(config), str(tmp_path))
    assert contexts(doc) == {"global": {"permitrootlogin": "no", "passwordauthentication": "no", "maxsessions": "3"}}
    node = doc.root.value["contexts"].value[0].value["options"].value["passwordauthentication"]
    assert (node.origin, node.span.line) == (str(folder / "sshd_config.d" / "10-hard.conf"), 2)
    shadowed = directive(doc, 3)
    assert shadowed["shadowed-by"].origin == str(folder / "sshd_config.d" / "10-hard.conf")


def test_sshd_cumulative_options_accumulate() -> None:
    doc = parse_sshd_config("AcceptEnv LANG\nPort 22\nPort 2222\nAcceptEnv LC_*\n")
    assert contexts(doc)["global"] == {"acceptenv": ["LANG", "LC_*"], "port": ["22", "2222"]}


def test_a_hosts_control_path_has_the_tokens_the_host_decides_expanded():
    """%h is the HostName (else the name), %n the name, %k the HostKeyAlias (else the name), %p
    the Port (else 22), %j the ProxyJump (else nothing), %r the User when the host sets one; the
    machine's own tokens and %% stay for the rule, which knows their lengths only as options."""
    doc = parse_ssh_config(
        "Host dev\n  HostName dev.example.com\n  Port 2222\n  User ann\n  ProxyJump bastion\n"
        "Host *\n  ControlPath ~/.ssh/%h-%n-%k-%p-%j-%r-%u-%C-%%h\n",
        None,
        None,
    )
    expanded = {h.value["name"].value: h.value["control-path-for-host"] for h in doc.root.value["hosts"].value}

    assert expanded["dev"].value == "~/.ssh/dev.example.com-dev-dev-2222-bastion-ann-%u-%C-%%h"
    assert [v.value for k, v in expanded.items() if k != "dev"] == [
        "~/.ssh/{0}-{0}-{0}-22--%r-%u-%C-%%h".format(next(k for k in expanded if k != "dev"))
    ]
    assert expanded["dev"].span == Span(7, 15, 7, 49)  # at the ControlPath value
