"""Which files a folder holds: ``discovery.walk`` and the CLI's walking of folders.

Inside a git work tree git decides (tracked files, and untracked ones that no ignore file
excludes); outside one the ``.gitignore`` files are applied by remdev-lint itself. Both modes skip
the default excludes (vendor, testdata, node_modules, ...) and what ``exclude`` names. Every test
builds a real tree in a temporary folder, and the git ones a real repository.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli
from remdev_lint.discovery import walk

#: A go.mod without a go directive: GM003 reports it at 1:1, so every go.mod the CLI finds
#: shows up as one diagnostic.
GO_MOD = "module example.com/m\n"


@pytest.fixture(autouse=True)
def _isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git sees neither the user's configuration (a global excludes file would change what is
    ignored) nor an enclosing repository, nor the variables a git hook runs with."""
    for name in list(os.environ):
        if name.startswith("GIT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    for key, value in {"NAME": "Test", "EMAIL": "test@example.com"}.items():
        monkeypatch.setenv(f"GIT_AUTHOR_{key}", value)
        monkeypatch.setenv(f"GIT_COMMITTER_{key}", value)


def write(root: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def init_repo(root: Path, tracked: dict[str, str] | None = None) -> None:
    git(root, "init", "-q")
    if tracked:
        write(root, tracked)
        git(root, "add", "-f", "--", *tracked)
        git(root, "commit", "-q", "-m", "tracked files")


def found(folder: Path, excluded=lambda relpath: False) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in walk(folder, excluded))


def linted(args: list[str], cwd: Path) -> list[str]:
    """The go.mod files the CLI lints, as it prints them."""
    result = run_cli(["--select", "GM003", "--format", "json", *args], cwd)
    assert result.code in (0, 1), result
    return sorted(d["path"] for d in json.loads(result.out)["diagnostics"])


def in_mode(root: Path, mode: str) -> None:
    """Make ``root`` a git work tree (all files untracked) or leave it a plain folder."""
    if mode == "git":
        init_repo(root)
    else:
        assert subprocess.run(["git", "rev-parse"], cwd=root, capture_output=True).returncode != 0


# --- inside a git work tree -------------------------------------------------------------------


def test_git_finds_tracked_and_untracked_files(tmp_path: Path) -> None:
    init_repo(tmp_path, {"go.mod": GO_MOD, "svc/go.mod": GO_MOD})
    write(tmp_path, {"new/go.mod": GO_MOD, "README.md": "hi\n"})
    assert found(tmp_path) == ["README.md", "go.mod", "new/go.mod", "svc/go.mod"]


def test_git_skips_files_of_the_root_gitignore(tmp_path: Path) -> None:
    init_repo(tmp_path)
    write(
        tmp_path,
        {
            ".gitignore": "/build/\nscratch\n*.bak\n",
            "go.mod": GO_MOD,
            "go.mod.bak": GO_MOD,
            "build/go.mod": GO_MOD,
            "svc/build/go.mod": GO_MOD,  # /build/ is anchored to the root
            "svc/scratch/go.mod": GO_MOD,  # scratch is not
        },
    )
    assert found(tmp_path) == [".gitignore", "go.mod", "svc/build/go.mod"]


def test_git_skips_files_of_a_nested_gitignore(tmp_path: Path) -> None:
    init_repo(tmp_path)
    write(
        tmp_path,
        {
            "svc/.gitignore": "/local/\ngo.work\n",
            "svc/go.mod": GO_MOD,
            "svc/go.work": "go 1.22\n",
            "svc/local/go.mod": GO_MOD,
            "svc/api/local/go.mod": GO_MOD,  # /local/ is anchored to svc/
            "go.work": "go 1.22\n",  # the nested file does not reach up
        },
    )
    assert found(tmp_path) == ["go.work", "svc/.gitignore", "svc/api/local/go.mod", "svc/go.mod"]


def test_git_skips_files_of_info_exclude(tmp_path: Path) -> None:
    init_repo(tmp_path)
    (tmp_path / ".git" / "info").mkdir(exist_ok=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("personal/\ngo.work\n", encoding="utf-8")
    write(tmp_path, {"go.mod": GO_MOD, "go.work": "go 1.22\n", "personal/go.mod": GO_MOD})
    assert found(tmp_path) == ["go.mod"]


def test_git_finds_a_tracked_file_that_gitignore_matches(tmp_path: Path) -> None:
    # As git counts files: ignore rules apply to untracked files only.
    init_repo(tmp_path, {"gen/go.mod": GO_MOD})
    write(tmp_path, {".gitignore": "gen/\n", "gen/other/go.mod": GO_MOD})
    assert found(tmp_path) == [".gitignore", "gen/go.mod"]


def test_git_walks_a_subfolder(tmp_path: Path) -> None:
    init_repo(tmp_path, {"go.mod": GO_MOD, "svc/go.mod": GO_MOD, "svc/api/go.mod": GO_MOD})
    write(
        tmp_path,
        {
            ".gitignore": "gen/\n",
            "svc/gen/go.mod": GO_MOD,  # ignored by the root's .gitignore
            "svc/new/go.mod": GO_MOD,
            "svcx/go.mod": GO_MOD,  # a sibling that shares the prefix
        },
    )
    assert found(tmp_path / "svc") == ["api/go.mod", "go.mod", "new/go.mod"]
    assert found(tmp_path / "svc" / "api") == ["go.mod"]


def test_git_does_not_yield_a_tracked_file_deleted_from_disk(tmp_path: Path) -> None:
    init_repo(tmp_path, {"go.mod": GO_MOD, "old/go.mod": GO_MOD})
    (tmp_path / "old" / "go.mod").unlink()
    assert found(tmp_path) == ["go.mod"]


def test_git_finds_files_with_unusual_names(tmp_path: Path) -> None:
    init_repo(tmp_path, {"with space/go.mod": GO_MOD, "ünï/go.mod": GO_MOD})
    write(tmp_path, {"new\tline/go.mod": GO_MOD})
    assert found(tmp_path) == ["new\tline/go.mod", "with space/go.mod", "ünï/go.mod"]


# --- outside git ------------------------------------------------------------------------------


def test_plain_folder_honours_root_and_nested_gitignore(tmp_path: Path) -> None:
    in_mode(tmp_path, "plain")
    write(
        tmp_path,
        {
            ".gitignore": "# comment\n/build/\nscratch\n*.bak\n!keep.bak\n",
            "go.mod": GO_MOD,
            "go.mod.bak": GO_MOD,
            "keep.bak": "",
            "build/go.mod": GO_MOD,
            "svc/build/go.mod": GO_MOD,
            "svc/scratch/go.mod": GO_MOD,
            "svc/.gitignore": "/local/\ngo.work\n",
            "svc/go.mod": GO_MOD,
            "svc/go.work": "go 1.22\n",
            "svc/local/go.mod": GO_MOD,
            "svc/api/local/go.mod": GO_MOD,
            "svcx/go.work": "go 1.22\n",  # svc/.gitignore does not reach its sibling
            "go.work": "go 1.22\n",
        },
    )
    assert found(tmp_path) == [
        ".gitignore",
        "go.mod",
        "go.work",
        "keep.bak",
        "svc/.gitignore",
        "svc/api/local/go.mod",
        "svc/build/go.mod",
        "svc/go.mod",
        "svcx/go.work",
    ]


def test_plain_folder_nested_gitignore_can_reinclude_a_file(tmp_path: Path) -> None:
    """A deeper .gitignore overrides a shallower one, as in git: ``!go.work`` in svc/.gitignore
    brings back svc/go.work that the root's ``*.work`` ignores (only a file in an ignored
    *folder* cannot be brought back)."""
    in_mode(tmp_path, "plain")
    write(
        tmp_path,
        {
            ".gitignore": "*.work\n",
            "go.work": "go 1.22\n",
            "svc/.gitignore": "!go.work\n",
            "svc/go.work": "go 1.22\n",
        },
    )
    assert found(tmp_path) == [".gitignore", "svc/.gitignore", "svc/go.work"]


def test_plain_folder_walked_below_the_root_honours_the_gitignore_files_above(tmp_path: Path) -> None:
    in_mode(tmp_path, "plain")
    write(
        tmp_path,
        {
            ".gitignore": "gen/\n*.work\n",
            "svc/.gitignore": "!go.work\nlocal/\n",
            "svc/api/go.mod": GO_MOD,
            "svc/api/gen/go.mod": GO_MOD,  # the root's gen/
            "svc/api/local/go.mod": GO_MOD,  # svc's local/
            "svc/api/go.work": "go 1.22\n",  # the root's *.work, re-included by svc's !go.work
            "svc/api/x.work": "go 1.22\n",
        },
    )
    folder = tmp_path / "svc" / "api"
    assert found_below(folder, root=tmp_path) == ["go.mod", "go.work"]
    assert found_below(folder, root=None) == ["gen/go.mod", "go.mod", "go.work", "local/go.mod", "x.work"]


def found_below(folder: Path, root: Path | None) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in walk(folder, lambda relpath: False, root))


@pytest.mark.parametrize("mode", ["git", "plain"])
def test_both_modes_agree(tmp_path: Path, mode: str) -> None:
    """The same tree yields the same files whether or not it is a git work tree."""
    in_mode(tmp_path, mode)
    write(
        tmp_path,
        {
            ".gitignore": "*.log\n/build/\ngen/\ncache\ndocs/**/x.txt\n**/out\n\\#hash\n",
            "a.log": "",
            "build/f": "",
            "svc/build/f": "",
            "svc/gen/f": "",
            "x/cache/f": "",
            "docs/a/b/x.txt": "",
            "docs/x.txt": "",
            "q/out/f": "",
            "#hash": "",
            "svc/.gitignore": "/local.txt\n*.tmp\n",
            "svc/local.txt": "",
            "svc/deep/local.txt": "",
            "svc/a.tmp": "",
        },
    )
    assert found(tmp_path) == [".gitignore", "svc/.gitignore", "svc/build/f", "svc/deep/local.txt"]


# --- both modes -------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["git", "plain"])
def test_default_excludes_are_skipped(tmp_path: Path, mode: str) -> None:
    in_mode(tmp_path, mode)
    write(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "vendor/example.com/lib/go.mod": GO_MOD,
            "testdata/go.mod": GO_MOD,
            "svc/testdata/bad/go.mod": GO_MOD,
            "web/node_modules/pkg/go.mod": GO_MOD,
            "svc/vendorized/go.mod": GO_MOD,  # only the exact folder names
            "svc/go.mod": GO_MOD,
        },
    )
    if mode == "git":  # even when tracked
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-q", "-m", "all")
    assert found(tmp_path) == ["go.mod", "svc/go.mod", "svc/vendorized/go.mod"]


@pytest.mark.parametrize("mode", ["git", "plain"])
def test_excluded_callback_prunes(tmp_path: Path, mode: str) -> None:
    in_mode(tmp_path, mode)
    write(tmp_path, {"go.mod": GO_MOD, "legacy/go.mod": GO_MOD, "legacy/a/go.mod": GO_MOD, "legacyx/go.mod": GO_MOD})
    seen: list[str] = []

    def excluded(relpath: str) -> bool:
        seen.append(relpath)
        return relpath == "legacy" or relpath.startswith("legacy/")

    assert found(tmp_path, excluded) == ["go.mod", "legacyx/go.mod"]
    assert "legacyx/go.mod" in seen


# --- the CLI ----------------------------------------------------------------------------------


TREE = {
    ".gitignore": "gen/\n",
    "go.mod": GO_MOD,
    "svc/go.mod": GO_MOD,
    "svc/gen/go.mod": GO_MOD,
    "svc/vendor/x/go.mod": GO_MOD,
    "tools/testdata/go.mod": GO_MOD,
    "legacy/go.mod": GO_MOD,
    "legacy/old/go.mod": GO_MOD,
}


@pytest.mark.parametrize("mode", ["git", "plain"])
def test_cli_walks_the_current_folder(tmp_path: Path, mode: str) -> None:
    in_mode(tmp_path, mode)
    write(tmp_path, TREE)
    assert linted([], tmp_path) == ["go.mod", "legacy/go.mod", "legacy/old/go.mod", "svc/go.mod"]
    assert linted(["."], tmp_path) == ["go.mod", "legacy/go.mod", "legacy/old/go.mod", "svc/go.mod"]


@pytest.mark.parametrize("mode", ["git", "plain"])
def test_cli_exclude_setting_prunes(tmp_path: Path, mode: str) -> None:
    in_mode(tmp_path, mode)
    write(
        tmp_path,
        {
            ".remdev-lint.toml": 'exclude = ["legacy/**"]\n',
            "go.mod": GO_MOD,
            "svc/go.mod": GO_MOD,
            "svc/legacy/go.mod": GO_MOD,  # the glob is anchored: only the root's legacy/
            "legacy/go.mod": GO_MOD,
            "legacy/old/go.mod": GO_MOD,
        },
    )
    assert linted(["."], tmp_path) == ["go.mod", "svc/go.mod", "svc/legacy/go.mod"]
    # The globs are relative to the project root, also when the CLI is pointed at a subfolder
    # or run from one.
    assert linted(["legacy"], tmp_path) == []
    assert linted(["."], tmp_path / "legacy") == []
    assert linted(["."], tmp_path / "svc") == ["go.mod", "legacy/go.mod"]


def test_cli_walks_a_subfolder_of_a_repository(tmp_path: Path) -> None:
    init_repo(tmp_path, {"go.mod": GO_MOD, "svc/go.mod": GO_MOD, "svc/api/go.mod": GO_MOD})
    write(tmp_path, {".gitignore": "gen/\n", "svc/gen/go.mod": GO_MOD, "svc/new/go.mod": GO_MOD})
    expected = ["svc/api/go.mod", "svc/go.mod", "svc/new/go.mod"]
    assert linted(["svc"], tmp_path) == expected
    assert linted(["."], tmp_path / "svc") == ["api/go.mod", "go.mod", "new/go.mod"]
    assert linted(["api"], tmp_path / "svc") == ["api/go.mod"]


@pytest.mark.parametrize(
    ("args", "cwd", "expected"),
    [
        pytest.param(["svc"], ".", "svc/go.mod", id="svc-from-root"),
        pytest.param(["."], "svc", "go.mod", id="dot-from-svc"),
    ],
)
def test_cli_walking_a_subfolder_outside_git_honours_the_roots_gitignore(
    tmp_path: Path, args: list[str], cwd: str, expected: str
) -> None:
    """``remdev-lint svc`` (or ``remdev-lint .`` in svc) lints what ``remdev-lint .`` lints
    below svc: the .gitignore of the project root (where .remdev-lint.toml is) still applies to
    svc's files, as it does in a git work tree (test_cli_walks_a_subfolder_of_a_repository)."""
    in_mode(tmp_path, "plain")
    write(
        tmp_path,
        {
            ".remdev-lint.toml": "",
            ".gitignore": "gen/\n",
            "go.mod": GO_MOD,
            "svc/go.mod": GO_MOD,
            "svc/gen/go.mod": GO_MOD,
        },
    )
    assert linted(["."], tmp_path) == ["go.mod", "svc/go.mod"]
    assert linted(args, tmp_path / cwd) == [expected]


@pytest.mark.parametrize("mode", ["git", "plain"])
def test_cli_lints_a_named_file_even_if_ignored(tmp_path: Path, mode: str) -> None:
    # A file named on the command line is taken as named (pre-commit passes files one by one).
    in_mode(tmp_path, mode)
    write(tmp_path, TREE)
    assert linted(["svc/gen/go.mod"], tmp_path) == ["svc/gen/go.mod"]
