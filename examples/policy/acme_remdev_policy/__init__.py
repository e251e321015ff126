"""acme-remdev-policy: a team's remdev-lint rules, published as a rule pack.

The rule files beside this one are the pack; remdev-lint finds this folder through the entry
point in pyproject.toml (group ``remdev_lint.rules``) and reads it without importing it.
"""
