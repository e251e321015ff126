"""Rule packs: a team's rules published as a Python distribution and named in `rule-packs`,
found through the entry point group `remdev_lint.rules`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import REPO, json_diagnostics, run_cli, write

EXAMPLES = REPO / "examples"
RULE = """\
rules:
  - code: AC001
    name: no-debug
    severity: error
    summary: Debug mode is switched on.
    explanation: "## What it does\\nReports `debug: true`.\\n"
    files: ["*.yaml"]
    check: {select: debug, report-if: {equals: true}, message: "debug is on: set `debug: false`"}
    examples:
      bad: [{file: a.yaml, text: "debug: true\n", expect: "1:8"}]
      good: [{file: a.yaml, text: "debug: false\n"}]
"""


def install_fake_pack(site: Path, distribution: str, entry: str, value: str, rules: dict[str, str] | None) -> None:
    """A distribution as pip leaves one in site-packages: its dist-info (with the entry point)
    and, when ``rules`` is given, the package folder ``value`` holding those rule files."""
    info = site / f"{distribution.replace('-', '_')}-1.0.dist-info"
    write(info, "METADATA", f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 1.0\n")
    write(info, "entry_points.txt", f"[remdev_lint.rules]\n{entry} = {value}\n")
    for name, text in (rules or {}).items():
        write(site / value.replace(".", "/"), name, text)


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A site-packages folder on sys.path, for packs installed by the test."""
    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    return folder


def test_a_pack_named_in_the_configuration_is_run(tmp_path, site):
    install_fake_pack(site, "acme-policy", "acme-policy", "acme_policy", {"rules.yaml": RULE, "__init__.py": ""})
    write(tmp_path, "project/.remdev-lint.toml", 'rule-packs = ["acme-policy"]\n')
    write(tmp_path, "project/app.yaml", "debug: true\n")

    found = json_diagnostics(tmp_path / "project")

    assert [(d["rule"], d["path"], d["line"], d["column"]) for d in found] == [("AC001", "app.yaml", 1, 8)]
    listed = run_cli(["--list-rules"], tmp_path / "project").out
    assert "AC001" in listed and "no-debug" in listed


def test_a_pack_name_is_compared_as_package_indexes_compare_names(tmp_path, site):
    install_fake_pack(site, "acme-policy", "Acme_Policy", "acme_policy", {"rules.yaml": RULE})
    write(tmp_path, ".remdev-lint.toml", 'rule-packs = ["acme.policy"]\n')
    write(tmp_path, "app.yaml", "debug: true\n")

    assert [d["rule"] for d in json_diagnostics(tmp_path)] == ["AC001"]


@pytest.mark.parametrize(
    ("value", "rules", "says"),
    [
        ("acme_policy:rules", None, "must name a package (`acme_policy`), not an object"),
        ("acme_missing", None, "which is not an installed package"),
        ("acme_module", None, "which is not an installed package"),  # a module, not a folder
    ],
)
def test_a_pack_that_names_no_folder_is_a_configuration_error(tmp_path, site, value, rules, says):
    install_fake_pack(site, "acme-policy", "acme-policy", value, rules)
    write(site, "acme_module.py", "raise SystemExit('a pack is found, never imported')\n")
    write(tmp_path, ".remdev-lint.toml", 'rule-packs = ["acme-policy"]\n')

    result = run_cli(["."], tmp_path)

    assert result.code == 2 and "rule-packs" in result.err and says in result.err and "Traceback" not in result.err


def test_an_unknown_pack_is_named_with_the_installed_ones(tmp_path, site):
    install_fake_pack(site, "acme-policy", "acme-policy", "acme_policy", {"rules.yaml": RULE})
    write(tmp_path, ".remdev-lint.toml", 'rule-packs = ["acme-polcy"]\n')

    result = run_cli(["."], tmp_path)

    assert result.code == 2
    assert "no installed rule pack is named `acme-polcy`" in result.err
    assert "did you mean `acme-policy`?" in result.err and "additional_dependencies" in result.err


def test_a_pack_two_distributions_provide_is_refused(tmp_path, site):
    install_fake_pack(site, "acme-policy", "acme-policy", "acme_policy", {"rules.yaml": RULE})
    install_fake_pack(site, "acme-policy-fork", "acme-policy", "acme_fork", {"rules.yaml": RULE})
    write(tmp_path, ".remdev-lint.toml", 'rule-packs = ["acme-policy"]\n')

    result = run_cli(["."], tmp_path)

    assert result.code == 2 and "provided by 2 installed distributions (acme-policy, acme-policy-fork)" in result.err


def test_a_packs_rule_that_clashes_with_another_is_named_with_its_file(tmp_path, site):
    install_fake_pack(site, "acme-policy", "acme-policy", "acme_policy", {"rules.yaml": RULE})
    write(tmp_path, "policy/team.yaml", RULE)
    write(tmp_path, ".remdev-lint.toml", 'rule-dirs = ["policy"]\nrule-packs = ["acme-policy"]\n')

    result = run_cli(["."], tmp_path)

    assert result.code == 2 and "AC001 is already used by the rule in" in result.err
    assert str(site / "acme_policy" / "rules.yaml") in result.err


@pytest.mark.parametrize("editable", [False, True], ids=["installed", "editable"])
def test_a_pack_is_found_without_running_its_code_or_its_parents(tmp_path, site, monkeypatch, editable):
    """A dotted entry point: neither the package nor its parent is imported, whether the
    package stands in site-packages or (an editable install) in a source folder on sys.path."""
    install_fake_pack(site, "acme-policy", "acme-policy", "acme_parent.rules", None)
    source = tmp_path / "src" if editable else site
    write(source, "acme_parent/__init__.py", "raise SystemExit('the parent package was imported')\n")
    write(source, "acme_parent/rules/__init__.py", "raise SystemExit('the pack was imported')\n")
    write(source, "acme_parent/rules/rules.yaml", RULE)
    if editable:
        monkeypatch.syspath_prepend(str(source))
    write(tmp_path, "project/.remdev-lint.toml", 'rule-packs = ["acme-policy"]\n')
    write(tmp_path, "project/app.yaml", "debug: true\n")

    assert [d["rule"] for d in json_diagnostics(tmp_path / "project")] == ["AC001"]


def test_a_folder_of_the_packs_name_on_sys_path_does_not_stand_in_for_it(tmp_path, site, monkeypatch):
    """`python -m remdev_lint` puts the current folder first on sys.path: a folder there named
    as the pack's package is not the pack."""
    install_fake_pack(site, "acme-policy", "acme-policy", "acme_policy", {"rules.yaml": RULE})
    write(tmp_path / "shadow", "acme_policy/__init__.py", "")
    monkeypatch.syspath_prepend(str(tmp_path / "shadow"))
    write(tmp_path, "project/.remdev-lint.toml", 'rule-packs = ["acme-policy"]\n')
    write(tmp_path, "project/app.yaml", "debug: true\n")

    assert [d["rule"] for d in json_diagnostics(tmp_path / "project")] == ["AC001"]


def test_a_pack_without_rule_files_is_a_configuration_error(tmp_path, site):
    install_fake_pack(site, "acme-policy", "acme-policy", "acme_policy", {"__init__.py": "", "rules/r.yaml": RULE})
    write(tmp_path, ".remdev-lint.toml", 'rule-packs = ["acme-policy"]\n')

    result = run_cli(["."], tmp_path)

    assert result.code == 2 and "holds no rule files (*.yaml, *.yml)" in result.err


def test_a_pack_named_twice_or_also_by_its_folder_is_loaded_once(tmp_path, site):
    install_fake_pack(site, "acme-policy", "acme-policy", "acme_policy", {"rules.yaml": RULE})
    folder = os.path.relpath(site / "acme_policy", tmp_path)
    write(tmp_path, ".remdev-lint.toml", f'rule-dirs = ["{folder}"]\nrule-packs = ["acme-policy", "Acme_Policy"]\n')
    write(tmp_path, "app.yaml", "debug: true\n")

    assert [d["rule"] for d in json_diagnostics(tmp_path)] == ["AC001"]


def test_a_run_without_packs_does_not_read_the_installed_distributions():
    """importlib.metadata scans every installed distribution: only a configuration naming a
    pack pays for it (start-up is the budget)."""
    code = (
        "import sys; from remdev_lint.cli import main; main(['--select', 'GM', 'go.mod']); "
        "print('importlib.metadata' in sys.modules, 'remdev_lint.packs' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=EXAMPLES / "api", capture_output=True, text=True)

    assert result.stdout.splitlines()[-1] == "False False", result.stderr


# --- the example policy, built as a wheel and installed -----------------------------------------


def test_the_example_policy_installed_from_its_wheel_is_found_and_run(tmp_path):
    """examples/policy is a real pack: built into a wheel, installed into a fresh virtual
    environment (which sees this one's packages, remdev-lint among them, through a .pth file),
    and named in `rule-packs` instead of `rule-dirs`, it gives the same findings."""
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(EXAMPLES / "policy")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = dist.glob("acme_remdev_policy-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    venv_site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # This environment's packages, its own .pth files (an editable install) processed too.
    (venv_site / "_parent.pth").write_text(f"import site; site.addsitedir({sysconfig.get_path('purelib')!r})\n")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr  # its dependency, remdev-lint, is met
    assert (venv_site / "acme_remdev_policy" / "retry.yaml").is_file()
    workspace = tmp_path / "workspace"
    shutil.copytree(EXAMPLES, workspace, ignore=shutil.ignore_patterns("policy"))
    config = (workspace / ".remdev-lint.toml").read_text()
    assert 'rule-dirs = ["policy/acme_remdev_policy"]' in config
    (workspace / ".remdev-lint.toml").write_text(
        config.replace('rule-dirs = ["policy/acme_remdev_policy"]', 'rule-packs = ["acme-remdev-policy"]')
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    run = subprocess.run(
        [python, "-m", "remdev_lint", "--format", "json", "--select", "TP"],
        cwd=workspace,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    explained = subprocess.run(
        [python, "-m", "remdev_lint", "--explain", "retry-bounded"],
        cwd=workspace,
        capture_output=True,
        text=True,
        env=env,
    )

    from_pack = json.loads(run.stdout)["diagnostics"]
    from_folder = [d for d in json_diagnostics(EXAMPLES) if d["rule"].startswith("TP")]
    assert run.returncode == 1 and sorted(d["rule"] for d in from_pack) == ["TP001", "TP001", "TP002"]
    assert from_pack == from_folder
    assert explained.returncode == 0 and "retry block" in explained.stdout


def test_test_rules_says_where_a_pack_is_tested(tmp_path, site):
    install_fake_pack(site, "acme-policy", "acme-policy", "acme_policy", {"rules.yaml": RULE})
    write(tmp_path, ".remdev-lint.toml", 'rule-packs = ["acme-policy"]\n')

    result = run_cli(["test-rules"], tmp_path)
    in_place = run_cli(["test-rules", str(site / "acme_policy")], tmp_path)

    assert result.code == 2 and "packs are tested where they are written" in result.err and "acme-policy" in result.err
    assert in_place.code == 0 and "2 passed" in in_place.out
