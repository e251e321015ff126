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

Review of the devcontainer findings (each repository rebuilt from SOURCES.tsv: its
devcontainer.json files and the compose files they name, at their paths in the repository):
- DC001 / DC002 (no CPU / memory limit), 88 each: no devcontainer in the corpus sets a limit, in
  `runArgs` or in its compose dev service (of the 91 devcontainer.json files, 90 are where the CLI looks for
  one; coder/envbuilder's examples/docker/02_dind/devcontainer.json is not, and is not linted;
  of the other two, one does not parse and one names a compose file that is not there). Read a sample of 12: all true (image and Dockerfile
  configs reported at `image`/`build`/`runArgs`; compose configs at the dev service in the
  first compose file that defines it, e.g. acsdev's `devcontainer` service in the root
  docker-compose.yaml, which `.devcontainer/docker-compose.yml` overrides).
- DC004 (privileged), 7, all true: `--privileged` in the runArgs of dapr, kyverno, kubebuilder's
  project template and two vscode-dev-containers definitions (Docker-in-Docker), `"privileged": true` in netbird's,
  `privileged: true` on daytona's compose dev service.
- DC007 (mount option dropped), 2, true: acsdev's Compose config mounts ~/.ssh and ~/.config/git
  `readonly`; the CLI turns them into writable `source:target` volumes.
- DC008 (compose reference), 1: devcontainers/templates' docker-existing-docker-compose names
  `../docker-compose.yml`, the user's own compose file that the template does not ship: true
  for the template as committed.
- DC009 (Go module cache), 36: Go containers (golang.go extension, Go feature or Go image)
  without a volume at /go, /go/pkg or /go/pkg/mod; keda's `-v keda-gomodcache:/go/pkg` is
  recognised and not reported. A sample of 8 read: all true.
- VS001 (43) and VS002 (23): devcontainers whose `customizations.vscode.settings` do not turn
  `remote.autoForwardPorts` off, and Go settings without `go.toolsEnvVars.GOPROXY`: true by the
  rules' definition, as for .vscode/settings.json.
- RL001, 1, true: microsoft/vscode's file starts with a stray `"...": {}` before its object.
- RL003, 4, true: kubebuilder's devcontainer.json sets `postCreateCommand` five times; only
  the last counts.

Review of the OpenSSH findings (each file linted as `.ssh/config` or `sshd_config`; Includes of
`~/...` paths are not read, as the linter reads nothing outside the project):
- SC008 (5): UseKeychain in 5 files without `IgnoreUnknown` (0xadada, 0xmachos, 1000Bulbs,
  AdamYellen, KizzyCode): true, `ssh -G` (9.2) on those files stops with "Bad configuration
  option: usekeychain" for each one it can read. `KeepAlive` (an obsolete alias ssh still
  accepts) is known and not reported.
- SC009 (7): `StrictHostKeyChecking no` in 2sheds' `Host *`-like block, Aetf's builder hosts
  and AnswerDotAI's catch-all: true.
- SC003 (1): AaronJackson's `ControlPath ~/.ssh/%r-%h-cm` has no `%p`: true by the rule.
- SC004 (1): 9999years' `ControlPath /tmp/ssh-%r@%h:%p`: true.
- SC002 (3): 812lcl multiplexes every host without `ControlPersist`, Aetf's `laptop` too: true.
- SC005 (3): Aetf's `ControlPath ~/.ssh/masters/%n:%r@%h:%p` with 25- to 41-character host
  names: over 104 bytes once expanded (115 for homelabzt), over Linux's 108 too: true.
- SC010 (14): 812lcl's `host *` sets ControlMaster, ControlPath and ForwardAgent first, so the
  same keywords in every later Host block never apply (12); 1000Bulbs defines
  `Host integration-opensearch` twice, so the second HostName and User never apply (2): true.
- SC001 (155) and SC006 (102): most dotfiles neither multiplex nor send keepalives; one finding
  per Host line (or per line that sets the value), naming its hosts. Read a sample of 10: true.
- SD004 (15): `AllowTcpForwarding no` (sftp/git-only servers, and the Match blocks of
  3nc0d3d's sftp groups) and Arq0n's `DisableForwarding yes`: true, such servers refuse
  Remote-SSH; the message names the Match block.
- SD007 (2): 62f's file starts with a bare `SSHD Configuration v1.103` line and has a stray
  `/etc/motd` line: true, sshd refuses both.
- SD001 (2), SD003 (1): drduh's `MaxSessions 2` and `MaxStartups 1`, cstallar's
  `MaxSessions 4`: true by the rules' thresholds (hardening guides choose them on purpose).
- SD005 (24) and SD006 (23): most files set no `ClientAliveInterval` and leave
  `PasswordAuthentication` at its default `yes`: true.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter, defaultdict
from pathlib import Path

from conftest import shared_path
from remdev_lint.config import Settings
from remdev_lint.engine import Linter, configure_rules
from remdev_lint.rules import load_rules


def corpus_files(folder: str) -> list[Path]:
    root = shared_path("corpus", folder)
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


# The OpenTelemetry Collector's cmd/otelcorecol/go.mod says `Code generated by ... DO NOT EDIT.`:
# it is not linted (its 96 GM002 findings belong to the builder's manifest it is made from).
PINNED_GOMOD = {"GM001": 4, "GM002": 132, "GM003": 6}


def test_devcontainer_corpus_lints_without_crash_and_findings_are_pinned(tmp_path):
    """Every repository's devcontainer files, with the compose files they name, put back at their
    paths in the repository (SOURCES.tsv); each devcontainer.json named to the linter (a walk
    would skip those under testdata/, as Go tools do)."""
    corpus = shared_path("corpus")
    with open(corpus / "SOURCES.tsv", encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["kind"] == "devcontainer"]
    repositories = defaultdict(list)
    for row in rows:
        repositories[(row["repo"], row["commit"])].append(row)
    rules = load_rules([])
    counts: Counter[str] = Counter()
    linted = 0
    named_all = [row for row in rows if row["path"].endswith("devcontainer.json")]
    for (repo, commit), files in sorted(repositories.items()):
        root = tmp_path / repo.replace("/", "__") / commit[:12]
        for row in files:
            target = root / row["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(corpus / row["saved_file"], target)
        settings = Settings(None, root)
        linter = Linter(settings, configure_rules(rules, settings, rules), rules, root)
        named = [root / row["path"] for row in files if row["path"].endswith("devcontainer.json")]
        for diagnostic in linter.lint_files(linter.collect(named), jobs=1):
            counts[diagnostic.code] += 1
        linted += linter.files_checked
    assert (len(rows), len(repositories), len(named_all), linted) == (116, 53, 91, 90)
    assert dict(counts) == PINNED_DEVCONTAINER


PINNED_DEVCONTAINER = {
    "DC001": 88,
    "DC002": 88,
    "DC004": 26,  # 7 before Features: docker-in-docker runs the container privileged
    "DC007": 2,
    "DC008": 1,
    "DC009": 36,
    "RL001": 1,
    "RL003": 4,
    "VS001": 39,  # 43 before a devcontainer whose portsAttributes use onAutoForward was left alone
    "VS002": 23,
}


def test_openssh_corpus_lints_without_crash_and_findings_are_pinned():
    rules = load_rules([])
    found = {}
    for folder, name in (("ssh_config", ".ssh/config"), ("sshd_config", "sshd_config")):
        counts: Counter[str] = Counter()
        files = corpus_files(folder)
        for path in files:
            for diagnostic in lint_as(path, name, rules):
                counts[diagnostic.code] += 1
        found[folder] = (len(files), dict(counts))
    assert found == PINNED_OPENSSH


PINNED_OPENSSH = {
    "ssh_config": (
        33,
        {
            # 155 before a value no block of a file sets was one finding per file; 47 before files
            # with no directive and `ControlMaster no` for hosts by name were left alone; 43
            # before files that Include files not in the corpus (`~/.ssh/config.d/*`, a
            # `config.d/*` left behind) were not judged for what they leave unset
            "SC001": 31,
            "SC002": 1,  # 3 before, as SC001
            "SC003": 1,
            "SC004": 1,
            "SC005": 3,
            "SC006": 16,  # 102, then 26, then 24 before, as SC001
            "SC008": 5,
            # 7 before a block with both `StrictHostKeyChecking no` and `UserKnownHostsFile
            # /dev/null` was told of the first only
            "SC009": 13,
            "SC010": 14,
        },
    ),
    # SD006 23 -> 22: `PermitRootLogin yes` beside `PasswordAuthentication no`,
    # `ChallengeResponseAuthentication no` and `UsePAM yes` lets root in with keys only.
    # SD004 15 -> 9: contexts with a ForceCommand (SFTP-only servers) are not judged.
    "sshd_config": (28, {"SD001": 2, "SD003": 1, "SD004": 9, "SD005": 24, "SD006": 22, "SD007": 2}),
}
