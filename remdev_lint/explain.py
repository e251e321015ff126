"""``--explain``: a rule's page, as ``ruff rule`` prints one."""

from __future__ import annotations

import json

from .rules import Rule


def explain(rule: Rule) -> str:
    out = [f"# {rule.code} {rule.name}", "", f"Severity: {rule.severity}", "", rule.summary, ""]
    if rule.opt_in:
        out[3:3] = ["", f'Opt-in: runs only when `select` names it (`select = ["ALL", "{rule.code}"]`).']
    out.append(rule.explanation.strip())
    out.append("")
    if rule.option_specs:
        out += ["## Options", ""]
        for name, spec in rule.option_specs.items():
            out.append(
                f"- `{name}` ({spec['type']}, default {json.dumps(spec['default'])}): {spec['description'].strip()}"
            )
        out += ["", f"Set them in `[tool.remdev-lint.rules.{rule.code}]`.", ""]
    out += _fix_section(rule)
    for kind, title in (("bad", "Example"), ("good", "Use instead")):
        examples = rule.examples.get(kind, [])
        if not examples:
            continue
        out += [f"## {title}", ""]
        for example in examples:
            if example.get("name"):
                out.append(f"{example['name']}:")
            where = example.get("expect")
            marks = ", ".join([where] if isinstance(where, str) else where or [])
            out.append(f"`{example['file']}`" + (f" (reported at {marks})" if marks else "") + ":")
            out += ["", "```", example["text"].rstrip("\n"), "```", ""]
            for relpath, content in example.get("tree", {}).items():
                out += [f"with `{relpath}`:", "", "```", content.rstrip("\n"), "```", ""]
            if "message" in example and where is not None:
                places = [where] if isinstance(where, str) else list(where)
                texts = example["message"]
                texts = [texts] * len(places) if isinstance(texts, str) else texts
                reports = [f"- {p}: {t}" for p, t in zip(places, texts, strict=False)]
                out += ["which it reports as:", "", *reports, ""]
            fixed = example.get("fixed")
            for relpath, content in ({example["file"]: fixed} if isinstance(fixed, str) else fixed or {}).items():
                out += [f"`{relpath}` once fixed (`--fix --unsafe-fixes`):", "", "```", content.rstrip("\n"), "```", ""]
    if rule.references:
        out += ["## References", ""] + [f"- {ref}" for ref in rule.references] + [""]
    return "\n".join(out)


def _fix_section(rule: Rule) -> list[str]:
    """Whether the rule's findings have a fix, what each does, and which are unsafe, and why."""
    fixes = rule.fixes
    if not fixes:
        return [
            "## Fix",
            "",
            "None: what to write depends on the code around each finding (see What to do instead).",
            "",
        ]
    out = ["## Fix", "", "`--fix` applies the safe fixes; `--fix --unsafe-fixes` the unsafe ones too:", ""]
    for fix in fixes:
        safety = f"unsafe: {' '.join(fix.unsafe.split())}" if fix.unsafe is not None else "safe"
        out.append(f"- {fix.describe()} ({safety})")
    return [*out, ""]
