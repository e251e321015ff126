"""remdev-lint: a policy linter for remotely developed Go repositories."""

__version__ = "0.1.0"
