# remdev-lint in a container: lint the repository mounted at /src.
#
#   docker build -t remdev-lint --build-arg VERSION=0.1.0 .
#   docker run --rm -v "$PWD:/src" remdev-lint
#   docker run --rm -v "$PWD:/src" remdev-lint --format sarif > remdev-lint.sarif
#
# Needs BuildKit (the default builder since Docker 23; Podman/Buildah too): the last stage
# mounts the builder's wheels instead of copying them into a layer.

# One base for both stages, so the wheels are built for the Python that runs them. A minor
# version and a Debian release, never `latest` nor a bare `3-slim`: moving to the next Python or
# Debian is a deliberate edit, and a rebuild still takes their security updates. (Pin a digest,
# `python:3.13-slim-trixie@sha256:...`, where rebuilds must be reproducible, and let a bot
# such as Renovate or Dependabot move it.)
FROM python:3.13-slim-trixie AS base


FROM base AS builder

# `dockerfile`, one of the dependencies, publishes Linux wheels for x86-64 only: on arm64
# (Apple silicon, Graviton) pip builds it from source, with Go and a C compiler, which stay in
# this stage. Other platforms are refused here, with the reason: google-re2 and
# tree-sitter-golang have wheels for these two only, and would need libraries not installed. The two are Debian's metapackages, pinned to trixie's versions,
# which do not change within the release (what they depend on takes its security updates).
ARG TARGETARCH
RUN case "$TARGETARCH" in \
        amd64) ;; \
        arm64) apt-get update \
            && apt-get install -y --no-install-recommends build-essential=12.12 golang-go=2:1.24~2 \
            && rm -rf /var/lib/apt/lists/* ;; \
        *) echo "remdev-lint's image builds for amd64 and arm64 only (google-re2 and tree-sitter-golang publish wheels for those), not $TARGETARCH" >&2; exit 1 ;; \
    esac

WORKDIR /build
# The context is what .dockerignore lets through: pyproject.toml, README.md (the package's long
# description), remdev_lint/ and rules/ (built into the wheel as remdev_lint/rules).
COPY . .
# remdev-lint's wheel and a wheel of each dependency: the last stage installs from these alone.
RUN pip wheel --no-cache-dir --wheel-dir /wheels .


FROM base

ARG VERSION=dev
LABEL org.opencontainers.image.title="remdev-lint" \
      org.opencontainers.image.description="A policy linter and pre-commit hook for remotely developed Go repositories: go.mod, VS Code, Dev Containers, Delve, OpenSSH." \
      org.opencontainers.image.source="https://github.com/remdev-lint/remdev-lint" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}"

# Where remdev-lint keeps the rule files it has validated: filled below, read by every run.
ENV REMDEV_LINT_CACHE_DIR=/var/cache/remdev-lint
WORKDIR /src

# No git: outside a git work tree remdev-lint walks the folder and applies its .gitignore files,
# and in here git would refuse the mounted repository anyway (its owner is the host's user, not
# this one), unless safe.directory switched that check off. git and the perl it needs would
# add some 100 MB.
#
# Then remdev-lint runs once as it will run in a container (`remdev-lint`, on the still empty
# /src), so that what each `docker run --rm` would otherwise do again is kept in the image:
# - the built-in rule files, validated (about 1.5 s a run); readable by any user. One who cannot
#   write there only loses the caching of a repository's own rules, which --rm forgets anyway;
# - the .pyc files of the standard library modules it imports (the official image ships none,
#   and a user who cannot write /usr/local could not keep them; about 0.15 s a run). pip has
#   compiled remdev-lint's and its dependencies' as it installed them; for the same reason
#   PYTHONDONTWRITEBYTECODE is not set (nothing is imported from /src).
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links=/wheels --root-user-action=ignore /wheels/remdev_lint-*.whl \
    && useradd --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin --no-log-init remdev \
    && remdev-lint --version \
    && remdev-lint

# A numeric user, so that a runtime can tell it is not root (Kubernetes' runAsNonRoot). To write
# into /src (--output, --fix, --write-baseline), run as its owner: --user "$(id -u):$(id -g)".
USER 10001:10001
# The arguments are remdev-lint's; with none it lints `.`, the mounted repository. No CMD: a
# `.` there would be dropped by any arguments given anyway.
ENTRYPOINT ["remdev-lint"]
