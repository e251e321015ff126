"""The rule language's primitives: selectors, conditions, value grammars and globs.

These are what a rule author composes; each test states a behaviour a rule relies on.
"""

from __future__ import annotations

import pytest

from conftest import debug_rule, json_diagnostics, run_cli, write
from remdev_lint.conditions import Context, compile_condition, expand
from remdev_lint.formats.yaml import parse as parse_yaml
from remdev_lint.globs import matches
from remdev_lint.selectors import Selector, SelectorError
from remdev_lint.values import duration_seconds, go_version_key, is_absolute_path, is_home_relative_path

DOC = parse_yaml(
    """\
settings:
  go.toolsEnvVars:
    GOPROXY: direct
  ports: [8080, 2345]
services:
  - name: api
    retry: {maxAttempts: 5}
  - name: db
    nested:
      retry: {maxAttempts: 1}
"""
).root


def values_of(selector: str, root=DOC):
    return [node.value if node.is_scalar else node.plain() for node in Selector(selector).select(root)]


# --- selectors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("settings.ports[1]", [2345]),
        ("settings.ports[-1]", [2345]),
        ("settings.ports[*]", [8080, 2345]),
        ('settings["go.toolsEnvVars"].GOPROXY', ["direct"]),
        ("$.services[*].name", ["api", "db"]),
        ("services[0].*", ["api", {"maxAttempts": 5}]),
        ("**.retry.maxAttempts", [5, 1]),
        ("services[*].retry.maxAttempts", [5]),
        ("settings.missing.deeper", []),
        ("settings.ports.name", []),  # a member of a sequence: nothing, no error
        ("settings.ports[7]", []),
    ],
)
def test_selector_selects(selector, expected):
    assert values_of(selector) == expected


def test_selector_dollar_is_the_start_node():
    assert Selector("$").select(DOC)[0] is DOC


def test_key_selector_points_at_the_key():
    (key,) = Selector('settings["go.toolsEnvVars"]~').select(DOC)
    assert key.value == "go.toolsEnvVars"
    assert (key.span.line, key.span.column, key.span.end_column) == (2, 3, 18)


def test_bare_key_selector_is_the_key_of_the_selected_member():
    (retry,) = Selector("services[0].retry").select(DOC)
    (key,) = Selector("~").select(retry)
    assert (key.value, key.span.line, key.span.column) == ("retry", 7, 5)


@pytest.mark.parametrize("bad", ["", "a..b", "a.", "a~.b", "[*]~", "a b", "a[x]", "$x"])
def test_invalid_selectors_are_rejected(bad):
    with pytest.raises(SelectorError):
        Selector(bad)


# --- conditions -------------------------------------------------------------------------------


def holds(condition: dict, node=DOC, options=None, directory="/nonexistent", load=None) -> bool:
    ctx = Context(node, options or {}, directory, load or (lambda path, fmt: None))
    return compile_condition(condition)(ctx)


def test_present_and_absent():
    assert holds({"path": "settings.ports", "present": True})
    assert holds({"path": "settings.nope", "present": False})
    assert not holds({"path": "settings.ports", "present": False})


def test_tests_on_a_missing_subject_do_not_hold():
    # A rule must say `present: false` to report something missing; other tests never fire on it.
    assert not holds({"path": "nope", "equals": 1})
    assert not holds({"path": "nope", "not-equals": 1})
    assert holds({"not": {"path": "nope", "equals": 1}})


def test_any_subject_node_passing_is_enough():
    assert holds({"path": "settings.ports[*]", "equals": 2345})
    assert not holds({"path": "settings.ports[*]", "equals": 9999})


def test_equals_tells_types_apart():
    assert not holds({"path": "settings.ports[0]", "equals": "8080"})
    assert holds({"path": "settings.ports[0]", "equals": 8080.0})  # numbers compare as numbers


def test_one_of_matches_and_type():
    assert holds({"path": "services[*].name", "one-of": ["db", "cache"]})
    assert holds({"path": "services[0].name", "matches": "^a"})
    assert not holds({"path": "settings.ports[0]", "matches": "80"})  # regex tests strings only
    assert holds({"path": "settings.ports", "type": ["mapping", "sequence"]})


def test_number_comparison_against_an_option():
    condition = {"path": "**.maxAttempts", "number": {"gt": {"option": "max"}}}
    assert holds(condition, options={"max": 3})
    assert not holds(condition, options={"max": 5})


def test_operand_from_a_path_below_the_selected_node():
    assert holds({"path": "services[0].name", "equals": {"path": "services[0].name"}})
    assert not holds({"path": "services[0].name", "equals": {"path": "services[1].name"}})


def test_combinators():
    assert holds(
        {
            "all": [
                {"path": "settings", "present": True},
                {"any": [{"path": "x", "present": True}, {"path": "services", "present": True}]},
            ]
        }
    )
    assert not holds({"all": [{"path": "settings", "present": True}, {"path": "x", "present": True}]})


def test_version_comparison_follows_go():
    condition = {"version": {"lt": "1.21"}}
    node = parse_yaml('"1.20.14"').root
    assert holds(condition, node=node)
    for newer in ("1.21", "1.21rc1", "1.21.0", "1.22"):
        assert not holds(condition, node=parse_yaml(f'"{newer}"').root), newer
    assert not holds(condition, node=parse_yaml('"banana"').root)  # not a version: never judged


def test_duration_comparison():
    node = parse_yaml('"1m30s"').root
    assert holds({"duration": {"gt": "1m", "le": "90s"}}, node=node)
    assert not holds({"duration": {"gt": "2m"}}, node=node)


def test_capture_and_message_template():
    ctx = Context(DOC, {"max": 3}, "/", lambda path, fmt: None)
    assert compile_condition({"path": "services[1].name", "capture": "svc", "present": True})(ctx)
    text = expand("{svc} allows {options.max}; first is {services[0].name}; {nope}", ctx, missing="?")
    assert text == "db allows 3; first is api; ?"
    assert expand("{nope}", ctx) is None


def test_file_subject(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "go.mod").write_text("module x\n")
    node = parse_yaml("path: ../lib\n").root
    sub = tmp_path / "app"
    assert holds({"file": "{path}", "exists": "directory"}, node=node, directory=str(sub))
    assert holds({"file": "{path}/go.mod", "exists": "file"}, node=node, directory=str(sub))
    assert holds({"file": "{path}/nothing", "exists": False}, node=node, directory=str(sub))
    windows = parse_yaml('path: "..\\\\lib"\n').root  # a path written on Windows
    assert holds({"file": "{path}", "exists": True}, node=windows, directory=str(sub))


def test_in_file_subject_reads_another_document():
    other = parse_yaml("module: example.com/lib\n").root
    seen = []

    def load(path, fmt):
        seen.append((path, fmt))
        return other

    condition = {"in-file": {"file": "lib/x.yaml", "select": "module", "format": "yaml"}, "equals": "example.com/lib"}
    assert holds(condition, directory="/repo", load=load)
    assert seen == [("/repo/lib/x.yaml", "yaml")]


def test_schema_test_and_its_error_for_messages():
    ctx = Context(DOC, {}, "/", lambda path, fmt: None)
    condition = compile_condition({"path": "settings", "schema": {"type": "object", "required": ["ports", "host"]}})
    assert not condition(ctx)
    assert "'host' is a required property" in ctx.schema_error


# --- value grammars ---------------------------------------------------------------------------


def test_go_version_order():
    order = ["1.9", "1.20", "1.21", "1.21rc1", "1.21rc2", "1.21.0", "1.21.6", "1.22beta1", "1.22", "go1.22.1"]
    keys = [go_version_key(v) for v in order]
    assert all(key is not None for key in keys)
    # 1.22beta1 comes after the language version 1.22 in Go's order; sort and compare with Go's.
    assert sorted(order, key=go_version_key) == [
        "1.9",
        "1.20",
        "1.21",
        "1.21rc1",
        "1.21rc2",
        "1.21.0",
        "1.21.6",
        "1.22",
        "1.22beta1",
        "go1.22.1",
    ]
    assert go_version_key("1.21.x") is None
    assert go_version_key(121) is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("3s", 3.0),
        ("1m30s", 90.0),
        ("500ms", 0.5),
        ("1.5h", 5400.0),
        ("0", 0.0),
        ("-2s", -2.0),
        (7, 7.0),
        ("10us", 1e-5),
    ],
)
def test_durations(text, seconds):
    assert duration_seconds(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "3", "s", "3x", "1m 2s", True, None])
def test_not_durations(text):
    assert duration_seconds(text) is None


@pytest.mark.parametrize("path", ["/home/me", "\\lib", "\\\\server\\share", "C:\\src", "C:/src", "c:rel"])
def test_absolute_paths_on_any_os(path):
    assert is_absolute_path(path)


@pytest.mark.parametrize("path", ["../lib", "./lib", ".", "lib", "~/lib"])
def test_not_absolute(path):
    assert not is_absolute_path(path)


def test_home_relative():
    assert is_home_relative_path("~/src") and is_home_relative_path("~bob/src") and not is_home_relative_path("./~")


# --- globs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("go.mod", "go.mod", True),
        ("go.mod", "a/b/go.mod", True),  # no slash: a name at any depth
        ("go.mod", "a/go.mod.bak", False),
        ("services/*.yaml", "services/a.yaml", True),
        ("services/*.yaml", "x/services/a.yaml", False),  # with a slash: from the root
        ("services/*.yaml", "services/a/b.yaml", False),
        ("**/go.mod", "go.mod", True),
        ("**/go.mod", "a/b/go.mod", True),
        (".devcontainer/**", ".devcontainer/a/b.json", True),
        ("vendor", "vendor/x/go.mod", True),  # a folder matches what is in it
        ("/go.work", "go.work", True),
        ("/go.work", "a/go.work", False),
        ("*.y?ml", "a/b.yaml", True),
        ("[!.]*.json", ".hidden.json", False),
        ("[ab].json", "b.json", True),
    ],
)
def test_globs(pattern, path, expected):
    assert matches(pattern, path) is expected


def test_double_braces_are_literal_in_templates():
    ctx = Context(DOC, {"max": 3}, "/", lambda path, fmt: None)
    assert expand("use `&http.Client{{Timeout: {options.max} * time.Second}}`", ctx) == (
        "use `&http.Client{Timeout: 3 * time.Second}`"
    )


def test_one_of_suggests_the_nearest_choice():
    node = parse_yaml("substitutePaths: []\n").root
    (key,) = Selector("*~").select(node)
    ctx = Context(key, {}, "/", lambda path, fmt: None)
    condition = compile_condition({"one-of": ["substitutePath", "program", "cwd"], "suggest": "nearest"})
    assert not condition(ctx)
    assert ctx.captures["nearest"] == "substitutePath"
    ctx = Context(parse_yaml("zzz").root, {}, "/", lambda path, fmt: None)
    assert not condition(ctx) and ctx.captures["nearest"] == ""


def test_ports_of_addresses():
    from remdev_lint.values import port

    written = (":2345", "0.0.0.0:2345", "[::]:2345", "[::1]:40000", 2345, "2345", "localhost:8080")
    assert [port(v) for v in written] == [2345, 2345, 2345, 40000, 2345, 2345, 8080]
    assert [port(v) for v in ("unix:/tmp/dlv.sock", "${input:port}", True, None, "host")] == [None] * 5


TASKS = parse_yaml("tasks:\n  - {label: a, port: 1}\n  - {label: b, port: 2}\n").root
SERVED_ON_ANOTHER_PORT = {
    "in-file": {
        "file": "tasks.yaml",
        "select": "tasks[*]",
        "where": {
            "all": [
                {"path": "label", "equals": {"checked": "preLaunchTask"}},
                {"path": "port", "port": {"ne": {"checked": "port", "default": 2345}}, "capture": "served"},
            ]
        },
    },
    "present": True,
}


def test_in_file_filter_reads_the_checked_node_and_captures_for_the_message():
    config = parse_yaml("preLaunchTask: b\nport: 3\n").root
    ctx = Context(config, {}, "/repo", lambda path, fmt: TASKS)
    assert compile_condition(SERVED_ON_ANOTHER_PORT)(ctx)
    assert ctx.captures["served"] == 2
    # The same port, or another task's label: nothing kept.
    for text in ("preLaunchTask: b\nport: 2\n", "preLaunchTask: c\nport: 3\n"):
        ctx = Context(parse_yaml(text).root, {}, "/repo", lambda path, fmt: TASKS)
        assert not compile_condition(SERVED_ON_ANOTHER_PORT)(ctx), text
    # No port on the checked node: its default (2345) is compared.
    ctx = Context(parse_yaml("preLaunchTask: a\n").root, {}, "/repo", lambda path, fmt: TASKS)
    assert compile_condition(SERVED_ON_ANOTHER_PORT)(ctx)


def test_fast_glob_shapes_agree_with_the_regular_expressions():
    from remdev_lint.globs import compile_glob, glob_regex

    patterns = [
        "go.mod",
        "vendor",
        "*.go",
        "*.code-workspace",
        "**/.vscode/launch.json",
        "**/go.mod",
        "services/*.yaml",
    ]
    paths = [
        "go.mod", "a/go.mod", "go.mod.bak", "a/go.mod/x", "vendor/x/y.go", "x.go", "a/b/x.go", "x.gox",
        ".vscode/launch.json", "svc/.vscode/launch.json", "x.vscode/launch.json", ".vscode/launch.json.bak",
        "team.code-workspace", "a/.code-workspace", "services/a.yaml", "go",
    ]  # fmt: skip
    for pattern in patterns:
        for path in paths:
            assert bool(compile_glob(pattern).fullmatch(path)) == bool(glob_regex(pattern).fullmatch(path)), (
                pattern,
                path,
            )


@pytest.mark.parametrize(
    ("reference", "feature"),
    [
        ("ghcr.io/devcontainers/features/go:1", "ghcr.io/devcontainers/features/go"),
        ("ghcr.io/devcontainers/features/go", "ghcr.io/devcontainers/features/go"),
        ("ghcr.io/devcontainers/features/go@sha256:abc", "ghcr.io/devcontainers/features/go"),
        ("GHCR.io/devcontainers/features/go:1.3.4", "ghcr.io/devcontainers/features/go"),
        ("localhost:5000/features/go", "localhost:5000/features/go"),  # a registry's port is no tag
        ("localhost:5000/features/go:2", "localhost:5000/features/go"),
    ],
)
def test_a_feature_is_known_by_its_reference_without_tag_or_digest(reference, feature):
    from remdev_lint.rules import _feature_id

    assert _feature_id(reference) == feature


def test_the_shipped_feature_metadata_names_its_source_and_versions():
    import json
    from pathlib import Path

    import remdev_lint

    data = json.loads((Path(remdev_lint.__file__).parent / "data" / "features.json").read_text("utf-8"))
    assert data["source"] == "https://github.com/devcontainers/features" and len(data["commit"]) == 40
    assert data["features"]["ghcr.io/devcontainers/features/docker-in-docker"]["privileged"] is True
    assert all("version" in metadata for metadata in data["features"].values())


def test_ignore_files_marked_by_skips_the_marked_folder_and_below_it(tmp_path):
    """`ignore-files: {marked-by: [NAME]}`: a file in a folder that holds NAME, or below such a
    folder, is skipped; the folder above it and a sibling are not; `unless-option` turns it off."""
    more = (
        "    options:\n"
        "      templates-too: {type: boolean, default: false, description: judge template sources too}\n"
        "    ignore-files: {marked-by: [template.json], unless-option: templates-too}\n"
    )
    write(tmp_path, "policy/rules.yaml", debug_rule(more=more))
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\nselect = ["TL001"]\n')
    for path in ("top.json", "src/t/template.json", "src/t/a.json", "src/t/deep/er/b.json", "src/u/c.json"):
        write(tmp_path, path, '{"debug": true}')

    assert sorted(d["path"] for d in json_diagnostics(tmp_path)) == ["src/u/c.json", "top.json"]
    write(
        tmp_path,
        ".remdev-lint.toml",
        'rule-dirs = ["policy"]\nselect = ["TL001"]\n[rules.TL001]\ntemplates-too = true\n',
    )
    assert len(json_diagnostics(tmp_path)) == 5


def test_a_file_a_rule_skips_by_its_marker_needs_no_format(tmp_path):
    """A rule whose files' format cannot be told from their names is an error only for the files
    it judges: one in a folder its marker skips is passed over, as before the marker was read."""
    more = "    ignore-files: {marked-by: [TEMPLATE]}\n"
    write(tmp_path, "policy/rules.yaml", debug_rule('["**/settings.conf", "**/*.json"]', more))
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\nselect = ["TL001"]\n')
    write(tmp_path, "tpl/TEMPLATE", "")
    write(tmp_path, "tpl/conf/settings.conf", "debug = true\n")

    assert run_cli(["tpl/conf/settings.conf"], tmp_path).code == 0
    write(tmp_path, "app/settings.conf", "debug = true\n")
    unmarked = run_cli(["app/settings.conf"], tmp_path)
    assert unmarked.code == 2 and "whose format cannot be told from its name" in unmarked.err
