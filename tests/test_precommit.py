"""remdev-lint as a pre-commit hook, end to end: real ``pre-commit``, real git repositories.

The hook repository is a snapshot of this checkout: its tracked files *and* its untracked,
not-ignored ones, committed into a fresh repository in a temporary folder. ``pre-commit try-repo``
on the checkout itself would not do: it picks up uncommitted changes to tracked files and staged
files, but not untracked ones, so a new module or a new ``.pre-commit-hooks.yaml`` would be
missing from the hook it installs.

pre-commit builds the hook's virtualenv with pip (from the package index configured on this
machine), which takes seconds. ``try-repo`` always builds into a throw-away store of its own
(pre-commit ignores PRE_COMMIT_HOME there), so it runs once; the other cases use a
``.pre-commit-config.yaml`` pinned to the snapshot's commit and one PRE_COMMIT_HOME for the
whole session, so the environment is built once (``install-hooks``) and reused.

Nothing here skips: if pre-commit, git or pip cannot do their part on this machine, the tests
fail and say why.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from remdev_lint.rules import load_rules

REPO = Path(__file__).resolve().parents[1]
HOOKS_FILE = REPO / ".pre-commit-hooks.yaml"

BAD_GO_MOD = "module example.com/app\n\ngo 1.22\n\nreplace example.com/lib => /home/me/lib\n"
GOOD_GO_MOD = "module example.com/app\n\ngo 1.22\n\nreplace example.com/lib => ./lib\n"
LIB_GO_MOD = "module example.com/lib\n\ngo 1.22\n"


# --- the hook's `files` pattern ---------------------------------------------------------------


def _hook_files_regex() -> re.Pattern[str]:
    """The ``files`` of the remdev-lint hook, read without a YAML library (the file is ours and
    simple: one ``files:`` line)."""
    text = HOOKS_FILE.read_text(encoding="utf-8")
    found = re.findall(r"^\s+files:\s*(.+?)\s*$", text, re.MULTILINE)
    assert len(found) == 1, f"expected one `files:` line in {HOOKS_FILE}, found {found}"
    value = found[0]
    if value[:1] in "'\"":
        value = value[1:-1]
    return re.compile(value)


def _segment_sample(segment: str) -> str:
    """A name that the glob segment matches: ``*`` and ``?`` become ``x``, a set its first member."""
    out, i = [], 0
    while i < len(segment):
        char = segment[i]
        if char == "*":
            out.append("x")
        elif char == "?":
            out.append("x")
        elif char == "[" and "]" in segment[i + 2 :]:
            end = segment.index("]", i + 2)
            inner = segment[i + 1 : end]
            if inner.startswith("!"):
                out.append(next(c for c in "xyz_0" if c not in inner[1:]))
            else:
                out.append(inner[0])
            i = end
        else:
            out.append(char)
        i += 1
    return "".join(out)


def glob_samples(glob: str) -> list[str]:
    """Paths that ``glob`` matches: ``**/`` becomes ``a/b/``, a trailing ``**`` a file ``x``, and a
    pattern without ``/`` (which matches at any depth) is also tried at ``a/b/NAME``."""
    text = glob.strip().rstrip("/")
    anchored = "/" in text
    parts = []
    for segment in text.lstrip("/").split("/"):
        parts.append("a/b" if segment == "**" else _segment_sample(segment))
    if parts[-1] == "a/b":  # `dir/**`: something inside
        parts[-1] = "a/b/x"
    sample = "/".join(parts)
    return [sample] if anchored else [sample, f"a/b/{sample}"]


def test_glob_samples() -> None:
    assert glob_samples("go.mod") == ["go.mod", "a/b/go.mod"]
    assert glob_samples("**/.devcontainer/devcontainer.json") == ["a/b/.devcontainer/devcontainer.json"]
    assert glob_samples(".vscode/*.json") == [".vscode/x.json"]
    assert glob_samples("*.code-workspace") == ["x.code-workspace", "a/b/x.code-workspace"]
    assert glob_samples(".devcontainer/**") == [".devcontainer/a/b/x"]
    assert glob_samples("ssh/config.[dD]") == ["ssh/config.d"]


def test_hook_files_pattern_matches_every_builtin_glob() -> None:
    pattern = _hook_files_regex()
    rules = [rule for rule in load_rules([]) if rule.builtin]
    checked, missed = 0, []
    for rule in rules:
        for glob, _regex, _fmt in rule.patterns:
            for sample in glob_samples(glob):
                assert rule.format_for(sample) is not None, f"{sample!r} is not a sample of {rule.code}'s {glob!r}"
                checked += 1
                if not pattern.search(sample):  # pre-commit applies `files` with re.search
                    missed.append(f"{sample} ({rule.code}: {glob})")
    assert checked, "the built-in rules read no files at all?"
    assert not missed, f"{HOOKS_FILE.name}: `files: {pattern.pattern}` misses " + ", ".join(missed)


@pytest.mark.parametrize(
    "path",
    ["docker-compose.yml", ".devcontainer/docker-compose.dev.yaml", "deploy/compose.yaml", "compose.override.yml"],
)
def test_hook_files_pattern_passes_compose_files(path: str) -> None:
    """A compose file staged without its devcontainer.json still reaches the hook, which judges it
    through the devcontainer.json that names it."""
    assert _hook_files_regex().search(path)


@pytest.mark.parametrize(
    "path",
    [
        "README.md",
        "main.go.orig",
        "go.md",
        "go.sum",
        "go.work.sum",
        "go.mod.orig",
        "notgo.mod",
        "svc/go.mod.bak",
        "go.mod/README.md",
        "devcontainer.json",
        ".devcontainer/a/b/devcontainer.json",
        ".github/workflows/ci.yml",
        "k8s/deployment.yaml",
        "docs/dockerfile-guide.md",
        "Dockerfiles/README.md",
    ],
)
def test_hook_files_pattern_skips_unrelated_files(path: str) -> None:
    assert not _hook_files_regex().search(path)


# --- running pre-commit -----------------------------------------------------------------------


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment for git and pre-commit: no GIT_* or PRE_COMMIT* of a surrounding hook,
    no user or system git configuration, a fixed identity, no forced colours."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT")) and key not in ("FORCE_COLOR", "NO_COLOR")
    }
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.com",
    )
    env.update(extra)
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    result = _run(["git", *args], cwd, env)
    assert result.returncode == 0, f"git {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


def _pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "pre_commit", *args], cwd, env)


def _output(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit code {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def _write(root: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One PRE_COMMIT_HOME (and rule cache) for the session."""
    return _clean_env(
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
        REMDEV_LINT_CACHE_DIR=str(tmp_path_factory.mktemp("hook-rule-cache")),
    )


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """This checkout's tracked and untracked, not-ignored files, committed in a new repository:
    (its folder, the commit)."""
    listing = _git(REPO, env, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    snapshot = tmp_path_factory.mktemp("hook-repo")
    copied = 0
    for relpath in sorted(set(listing.split("\0")) - {""}):
        source = REPO / relpath
        if source.is_file():  # not a tracked file deleted from disk
            (snapshot / relpath).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / relpath)
            copied += 1
    assert (snapshot / ".pre-commit-hooks.yaml").is_file() and copied > 10
    _git(snapshot, env, "init", "-q")
    _git(snapshot, env, "add", "-A")
    _git(snapshot, env, "commit", "-q", "-m", "snapshot of the checkout")
    return snapshot, _git(snapshot, env, "rev-parse", "HEAD").strip()


def _config(hook_repo: tuple[Path, str]) -> str:
    folder, rev = hook_repo
    return f"repos:\n-   repo: {folder.as_posix()}\n    rev: {rev}\n    hooks:\n    -   id: remdev-lint\n"


def _work_repo(root: Path, env: dict[str, str], config: str | None, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    _git(root, env, "init", "-q")
    if config is not None:
        files = {".pre-commit-config.yaml": config, **files}
    _write(root, files)
    if files:
        _git(root, env, "add", "--", *files)
    return root


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str], hook_repo: tuple[Path, str]) -> str:
    """The hook's environment, built once into the session's PRE_COMMIT_HOME; the config to use it."""
    config = _config(hook_repo)
    setup = _work_repo(tmp_path_factory.mktemp("install"), env, config, {})
    result = _pre_commit(setup, env, "install-hooks", "--color", "never")
    assert result.returncode == 0, "pre-commit could not build the hook's environment:\n" + _output(result)
    return config


def test_try_repo_reports_an_absolute_replace(tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]) -> None:
    work = _work_repo(tmp_path / "work", env, None, {"go.mod": BAD_GO_MOD, "README.md": "hello\n"})
    result = _pre_commit(work, env, "try-repo", str(hook_repo[0]), "remdev-lint", "--color", "never")
    out = _output(result)
    assert result.returncode == 1, out
    assert re.search(r"^remdev-lint\.+Failed$", result.stdout, re.MULTILINE), out
    assert "go.mod:5:28: GM001 [error] replace target `/home/me/lib` is an absolute path" in result.stdout, out
    assert "README.md" not in result.stdout, out


def test_try_repo_passes_on_a_good_go_mod(tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]) -> None:
    work = _work_repo(tmp_path / "work", env, None, {"svc/go.mod": GOOD_GO_MOD, "svc/lib/go.mod": LIB_GO_MOD})
    result = _pre_commit(work, env, "try-repo", str(hook_repo[0]), "remdev-lint", "--color", "never")
    out = _output(result)
    assert result.returncode == 0, out
    assert re.search(r"^remdev-lint\.+Passed$", result.stdout, re.MULTILINE), out


def test_a_monorepo_folders_own_configuration_applies_when_pre_commit_runs_from_the_root(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    files = {
        "svc/go.mod": BAD_GO_MOD,  # GM001, which svc's own configuration ignores
        "svc/lib/go.mod": LIB_GO_MOD,
        "svc/.remdev-lint.toml": 'ignore = ["GM001"]\n',
        "other/go.mod": BAD_GO_MOD,
    }
    work = _work_repo(tmp_path / "work", env, None, files)
    result = _pre_commit(work, env, "try-repo", str(hook_repo[0]), "remdev-lint", "--color", "never", "--all-files")
    out = _output(result)

    assert result.returncode != 0, out
    assert "other/go.mod:5:28: GM001 [error] " in result.stdout, out
    assert "svc/go.mod" not in result.stdout, out


def test_commit_is_blocked_by_a_bad_go_mod_and_allowed_once_fixed(
    tmp_path: Path, env: dict[str, str], installed: str
) -> None:
    work = _work_repo(tmp_path / "work", env, installed, {"svc/go.mod": BAD_GO_MOD, "svc/lib/go.mod": LIB_GO_MOD})
    result = _pre_commit(work, env, "install", "--color", "never")
    assert result.returncode == 0, _output(result)

    blocked = _run(["git", "commit", "-m", "bad"], work, env)
    out = _output(blocked)
    assert blocked.returncode != 0, out
    assert re.search(r"^remdev-lint\.+Failed$", blocked.stdout + blocked.stderr, re.MULTILINE), out
    assert "svc/go.mod:5:28: GM001 " in blocked.stdout + blocked.stderr, out
    assert _run(["git", "rev-parse", "--verify", "-q", "HEAD"], work, env).returncode != 0, "a commit was made"

    _write(work, {"svc/go.mod": GOOD_GO_MOD})
    _git(work, env, "add", "svc/go.mod")
    allowed = _run(["git", "commit", "-m", "good"], work, env)
    out = _output(allowed)
    assert allowed.returncode == 0, out
    assert re.search(r"^remdev-lint\.+Passed$", allowed.stdout + allowed.stderr, re.MULTILINE), out


LAUNCH_2345 = (
    '{"configurations": [{"name": "Attach", "type": "go", "request": "attach", "mode": "remote",\n'
    '  "port": 2345, "preLaunchTask": "dlv", "debugAdapter": "dlv-dap",\n'
    '  "substitutePath": [{"from": "${workspaceFolder}", "to": "/src"}]}]}\n'
)
TASKS = '{"version": "2.0.0", "tasks": [{"label": "dlv", "type": "shell",\n  "command": "dlv debug --headless --listen=127.0.0.1:{port} --accept-multiclient"}]}\n'


def test_a_commit_staging_only_a_file_others_read_is_judged_through_them(
    tmp_path: Path, env: dict[str, str], installed: str
) -> None:
    files = {
        ".vscode/launch.json": LAUNCH_2345,
        ".vscode/tasks.json": TASKS.replace("{port}", "2345"),
        ".ssh/config": "Include config.d/*.conf\n",
        ".ssh/config.d/work.conf": "Host work\n  HostName work.example.com\n",
    }
    work = _work_repo(tmp_path / "work", env, installed, files)
    assert _pre_commit(work, env, "install", "--color", "never").returncode == 0
    _git(work, env, "commit", "-q", "--no-verify", "-m", "base")

    # tasks.json alone: the launch.json configuration it serves now connects to the wrong port.
    _write(work, {".vscode/tasks.json": TASKS.replace("{port}", "40000")})
    _git(work, env, "add", ".vscode/tasks.json")
    tasks = _run(["git", "commit", "-m", "move the port"], work, env)
    # An OpenSSH fragment alone: judged as the configuration that includes it reads it.
    _git(work, env, "reset", "-q", "--hard")
    _write(work, {".ssh/config.d/work.conf": "Host work\n  StrictHostKeyChecking no\n"})
    _git(work, env, "add", ".ssh/config.d/work.conf")
    fragment = _run(["git", "commit", "-m", "trust work"], work, env)

    assert tasks.returncode != 0, _output(tasks)
    assert (
        ".vscode/launch.json:2:11: DL006 [error] the preLaunchTask `dlv` starts Delve listening on `127.0.0.1:40000`"
        in tasks.stdout + tasks.stderr
    ), _output(tasks)
    assert fragment.returncode != 0, _output(fragment)
    assert ".ssh/config.d/work.conf:2:25: SC009 [error] " in fragment.stdout + fragment.stderr, _output(fragment)


def test_run_passes_on_good_files(tmp_path: Path, env: dict[str, str], installed: str) -> None:
    work = _work_repo(
        tmp_path / "work",
        env,
        installed,
        {"go.mod": GOOD_GO_MOD, "lib/go.mod": LIB_GO_MOD, "go.work": "go 1.22\n\nuse (\n\t.\n\t./lib\n)\n"},
    )
    result = _pre_commit(work, env, "run", "--color", "never", "--verbose")
    out = _output(result)
    assert result.returncode == 0, out
    assert re.search(r"^remdev-lint\.+Passed$", result.stdout, re.MULTILINE), out
    assert "All checks passed (3 files checked)." in result.stdout, out


def test_run_reports_every_bad_file_with_its_position(tmp_path: Path, env: dict[str, str], installed: str) -> None:
    work = _work_repo(
        tmp_path / "work",
        env,
        installed,
        {
            "go.mod": GOOD_GO_MOD,
            "lib/go.mod": LIB_GO_MOD,
            "tools/go.mod": "module example.com/tools\n\ngo 1.19\n",
            "go.work": "go 1.22\n\nuse (\n\t.\n\t/opt/src/lib\n)\n",
        },
    )
    _git(work, env, "commit", "-q", "--no-verify", "-m", "files")
    result = _pre_commit(work, env, "run", "--all-files", "--color", "never")
    out = _output(result)
    assert result.returncode == 1, out
    assert "go.work:5:2: GM001 " in result.stdout, out
    assert "tools/go.mod:3:4: GM003 " in result.stdout, out
    assert "Found 2 problems (1 error, 1 warning) in 2 files." in result.stdout, out


def test_run_skips_when_no_file_matches(tmp_path: Path, env: dict[str, str], installed: str) -> None:
    work = _work_repo(
        tmp_path / "work", env, installed, {"README.md": "hello\n", "go.sum": "", "docs/go.mod.md": "# notes\n"}
    )
    result = _pre_commit(work, env, "run", "--color", "never")
    out = _output(result)
    assert result.returncode == 0, out
    assert re.search(r"^remdev-lint\.+\(no files to check\)Skipped$", result.stdout, re.MULTILINE), out


def test_the_hook_with_fix_rewrites_the_staged_file_and_passes_once_it_is_staged(
    tmp_path: Path, env: dict[str, str], installed: str
) -> None:
    config = installed.replace("-   id: remdev-lint\n", "-   id: remdev-lint\n        args: [--fix]\n")
    tasks = '{"tasks": [\n  {"label": "dlv", "command": "dlv debug --headless --listen=127.0.0.1:2345 ./cmd"}\n]}\n'
    work = _work_repo(tmp_path / "work", env, config, {".vscode/tasks.json": tasks})

    first = _pre_commit(work, env, "run", "--color", "never")
    fixed = (work / ".vscode/tasks.json").read_text(encoding="utf-8")
    _git(work, env, "add", ".vscode/tasks.json")
    second = _pre_commit(work, env, "run", "--color", "never")

    # pre-commit fails a hook that changed a file, as it does ruff's --fix.
    assert first.returncode == 1 and "files were modified by this hook" in first.stdout, _output(first)
    assert fixed == tasks.replace("--headless", "--headless --accept-multiclient"), _output(first)
    assert second.returncode == 0, _output(second)


def test_a_rule_pack_installed_as_the_hooks_additional_dependency_is_run(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    """The README's way to use a rule pack with pre-commit: the pack (here the example
    workspace's, by its folder; from an index, by its name) in `additional_dependencies`, named in
    the repository's `rule-packs`, and the hook's `files` widened to what its rules read."""
    pack = hook_repo[0] / "examples" / "policy"
    config = _config(hook_repo).replace(
        "-   id: remdev-lint\n",
        f"-   id: remdev-lint\n        additional_dependencies: ['{pack.as_posix()}']\n"
        "        files: (^|/)go\\.mod$|^services/.*\\.yaml$\n",
    )
    files = {
        ".remdev-lint.toml": 'rule-packs = ["acme-remdev-policy"]\n',
        "services/payments.yaml": "retry:\n  maxAttempts: 8\n  backoff: exponential\n",
    }
    work = _work_repo(tmp_path / "work", env, config, files)

    result = _pre_commit(work, env, "run", "--color", "never")

    out = _output(result)
    assert result.returncode == 1, out
    assert "services/payments.yaml:2:16: TP001 [error] `maxAttempts: 8` is more than the 3 attempts" in result.stdout, (
        out
    )
