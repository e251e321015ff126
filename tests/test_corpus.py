"""The real-world corpus (../shared/corpus): files nobody here wrote.

Every file must lint without a crash, and the number of findings per rule is pinned: a change in
it is a change in behaviour, to be explained in the commit that makes it.

Review of the go.mod / go.work findings (read by hand):
- GM002 (local-replace-missing): every finding is a relative replace target or `use` path of a
  monorepo (etcd, dapr, cluster-api, ...) whose sibling folders are not in the corpus. The corpus
  README says so: true positives of the rule on this layout, not false positives.
- GM001 (local-replace-absolute), 4, all true positives: cue-lang/cue (`/home/rogpeppe/src/...`),
  LupusCaelum/klangauge (`/home/umut/...`, with a comment saying it is a local copy),
  shahankhatch/modules (`/Users/shahank/...`), tokopedia/gripmock scripts/server
  (`/go/src/...`: a path inside their Docker build image, still one machine's path).
- GM003 (go-version-too-old), 6, all true positives at the default min-go-version 1.21: go 1.13,
  1.14 (twice), 1.15, 1.17, and a go.work at go 1.18 (vscode-go test data).
- RL001: none; every file parses, as `go mod edit -json` agrees (tests/test_gomod_oracle.py).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from conftest import shared_dir
from remdev_lint.config import Settings
from remdev_lint.engine import Linter, configure_rules
from remdev_lint.rules import load_rules

CORPUS = shared_dir() / "corpus"


def corpus_files(folder: str) -> list[Path]:
    root = CORPUS / folder
    assert root.is_dir(), f"corpus folder missing: {root} (set REMDEV_LINT_SHARED to the shared/ folder)"
    return sorted(p for p in root.rglob("*") if p.is_file())


def lint_as(path: Path, name: str, rules) -> list:
    """Lint a corpus file under the name its repository gave it (go.mod, go.work)."""
    settings = Settings(None, path.parent)
    linter = Linter(settings, configure_rules(rules, settings, rules), rules, path.parent)
    return linter.lint_stdin(path.parent / name, path.read_bytes())


def test_gomod_corpus_lints_without_crash_and_findings_are_pinned():
    rules = load_rules([])
    counts: Counter[str] = Counter()
    files = corpus_files("gomod")
    for path in files:
        name = "go.work" if path.name.endswith("go.work") else "go.mod"
        for diagnostic in lint_as(path, name, rules):
            counts[diagnostic.code] += 1
    assert len(files) == 49
    assert dict(counts) == PINNED_GOMOD


PINNED_GOMOD = {"GM001": 4, "GM002": 228, "GM003": 6}
