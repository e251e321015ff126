"""A generated tree of Go source for benchmarking the GH rules, and what they should find there.

    python bench/gen_go.py TREE [--files N] [--seed N]

writes ``--files`` (2,000) Go files under TREE (the files a folder walk reaches) and, beside
them, a few more in ``vendor/`` and ``testdata/`` folders (which neither remdev-lint nor the
Semgrep comparison walks into), then ``TREE/expected-findings.json``: every finding of GH001-
GH005 the tree should produce (rule, path, line, column and the kind of case), the look-alikes
placed to tempt a careless checker (same fields), and the violations written into files the
rules skip (``*_test.go``, generated files, ``testdata/``, ``vendor/``).

The tree looks like a monorepo of Go services: packages of 3 to 25 files with structs and
methods, generics, error handling, goroutines, table-driven helpers and doc comments, from 30 to
600 lines each; about 30% of the files import ``net/http`` (mostly plainly, some as
``nethttp``, a few with a dot import), some import another package named http
(``example.com/internal/http``) or resty, and some of both kinds also ``_ "net/http/pprof"``
(see :data:`PPROF`); about 15% are ``_test.go`` files and 5% generated
ones (``// Code generated ... DO NOT EDIT.`` before the package clause, named ``*.pb.go``,
``zz_generated.*.go`` or ``*_gen.go``, see :data:`GENERATED_GLOBS`). The same seed gives the same
tree, byte for byte.

How the expected findings are known: the Go snippets are written with markers,
``⟦GH001 label⟧`` right before the token a finding must point at and ``⟦~GH001 label⟧`` before a
look-alike that must not be reported; writing a file strips them and records their line and
column (1-based, in code points, as remdev-lint counts). What is expected follows each rule's
explanation in ``rules/go-http.yaml``, not remdev-lint's output.

Only the standard library.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

#: File-name globs of the generated files (Semgrep cannot read the header, so the comparison
#: excludes them by name; every generated file of the tree matches one, no other file does).
GENERATED_GLOBS = ("*.pb.go", "zz_generated.*.go", "*_gen.go")
#: Folders whose files the tree holds but no folder walk enters.
UNWALKED = ("vendor", "testdata")

RULES = ("GH001", "GH002", "GH003", "GH004", "GH005")
_MARK = re.compile(r"⟦(~?)(GH00[1-5]) ([\w.-]+)⟧")
_NAME = re.compile(r"<<(\w+)>>")

NOUNS = [
    "invoice", "ledger", "account", "session", "token", "order", "shipment", "product", "catalog",
    "price", "quota", "tenant", "report", "export", "webhook", "event", "message", "job",
    "schedule", "profile", "device", "region", "bucket", "object", "snapshot", "backup", "metric",
    "alert", "policy", "secret", "certificate", "route", "upstream", "cluster", "lease", "refund",
    "coupon", "review", "payout", "subscription", "workspace", "build", "artifact", "deployment",
]  # fmt: skip
PACKAGES = [
    "billing", "ledger", "auth", "session", "gateway", "inventory", "catalog", "payments", "notify",
    "search", "metrics", "queue", "storage", "webhooks", "audit", "pricing", "shipping", "users",
    "orders", "reports", "config", "cache", "ratelimit", "tenancy", "export", "importer",
    "scheduler", "mailer", "geo", "media", "health", "proxy", "registry", "discovery", "tracing",
]  # fmt: skip
SERVICES = [
    "checkout", "accounts", "fulfilment", "identity", "insights", "ingest", "edge", "console",
    "partner-api", "warehouse", "courier", "loyalty", "ledgerd", "notifier", "scanner", "syncer",
]  # fmt: skip
SUFFIXES = ["Service", "Store", "Record", "Manager", "Index", "Batch", "Entry", "Spec", "Summary", "Plan"]
STDLIB_ORDER = ("bytes", "context", "crypto/tls", "encoding/json", "errors", "fmt", "io", "log", "net")


# --- one file -----------------------------------------------------------------------------------


class GoFile:
    """A Go file being written: top-level declarations (with markers) and the imports they use.

    Snippets use ``$H.`` for the local name of net/http (``http.``, ``nethttp.`` or nothing for a
    dot import), ``$T.`` for package time (``time.`` or ``stdtime.``), ``$I.`` for the other
    package named http (``http.`` or ``ihttp.``), and ``<<name>>`` for names made unique here."""

    def __init__(self, rng: random.Random, http_name: str | None, time_name: str = "time", ihttp_name: str = "http"):
        self.rng = rng
        self.http_name = http_name  # None: net/http not imported; "." for a dot import
        self.time_name = time_name
        self.ihttp_name = ihttp_name
        self.decls: list[str] = []
        self.imports: set[str] = set()
        self.used: set[str] = set()
        self.uses_http = False

    def unique(self, base: str) -> str:
        name, n = base, 2
        while name in self.used:
            name, n = f"{base}{n}", n + 1
        self.used.add(name)
        return name

    def add(self, text: str, *imports: str, **names: str) -> None:
        """Add declarations: ``imports`` are import paths, or ``http``, ``time``, ``ihttp``, which
        stand for this file's way of importing them; ``names`` fill ``<<name>>``."""

        def fill(match: re.Match[str]) -> str:
            return names[match.group(1)]

        text = _NAME.sub(fill, text)
        if "$H." in text:
            if self.http_name is None:
                raise ValueError("a net/http snippet in a file that does not import net/http")
            prefix = "" if self.http_name == "." else self.http_name + "."
            text = text.replace("$H.", prefix)
            self.uses_http = True
        if "$T." in text:
            text = text.replace("$T.", self.time_name + ".")
            self.imports.add("time")
        if "$I." in text:
            text = text.replace("$I.", self.ihttp_name + ".")
            self.imports.add("ihttp")
        self.imports.update(imports)
        self.decls.append(text.strip("\n"))

    def line_count(self) -> int:
        return sum(decl.count("\n") + 2 for decl in self.decls) + len(self.imports) + 6

    def import_block(self) -> str:
        specs = []
        for item in self.imports:
            if item == "http":
                continue
            if item == "time":
                specs.append("time" if self.time_name == "time" else f'{self.time_name} "time"')
            elif item == "ihttp":
                path = "example.com/internal/http"
                specs.append(path if self.ihttp_name == "http" else f'{self.ihttp_name} "{path}"')
            else:
                specs.append(item)
        if self.http_name is not None and (self.uses_http or "http" in self.imports):
            specs.append("net/http" if self.http_name == "http" else f'{self.http_name} "net/http"')
        std = sorted((s for s in specs if "." not in _spec_key(s).split("/")[0]), key=_spec_key)
        other = sorted((s for s in specs if "." in _spec_key(s).split("/")[0]), key=_spec_key)
        lines = [_spec(s) for s in std]
        if std and other:
            lines.append("")
        lines += [_spec(s) for s in other]
        if not lines:
            return ""
        if len(lines) == 1:
            return f"import {lines[0]}\n\n"
        return "import (\n" + "".join(f"\t{line}\n" if line else "\n" for line in lines) + ")\n\n"

    def render(self, package: str, header: str = "", after_package: str = "") -> str:
        text = header + f"package {package}\n\n" + after_package + self.import_block()
        return text + "\n\n".join(self.decls) + "\n"


def _spec(item: str) -> str:
    return item if '"' in item else f'"{item}"'


def _spec_key(item: str) -> str:
    return item.split('"')[1] if '"' in item else item


def strip_marks(text: str) -> tuple[str, list[tuple[str, str, str, int, int]]]:
    """The text without markers, and (kind, rule, label, line, column) per marker; kind is
    ``expected`` or ``lookalike``; columns count code points from 1, as remdev-lint does."""
    marks = []
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        while True:
            match = _MARK.search(line)
            if match is None:
                break
            kind = "lookalike" if match.group(1) else "expected"
            marks.append((kind, match.group(2), match.group(3), number, match.start() + 1))
            line = line[: match.start()] + line[match.end() :]
        out.append(line)
    return "\n".join(out), marks


# --- ordinary Go: the bulk of every file ---------------------------------------------------------


def _type_name(f: GoFile) -> tuple[str, str]:
    noun = f.rng.choice(NOUNS)
    return noun, f.unique(noun.title() + f.rng.choice(SUFFIXES))


def chunk_struct(f: GoFile) -> None:
    noun, t = _type_name(f)
    fields = [
        ("ID", "string"),
        ("Name", "string"),
        ("CreatedAt", "$T.Time"),
        ("Labels", "map[string]string"),
        ("Amount", "int64"),
        ("Owner", "string"),
        ("Retries", "int"),
        ("Disabled", "bool"),
    ]
    chosen = fields[:2] + f.rng.sample(fields[2:], f.rng.randint(2, 6))
    width = max(len(name) for name, _ in chosen)
    body = "\n".join(f"\t{name:<{width}} {kind}" for name, kind in chosen)
    text = f"""
// <<T>> is a {noun} as this package keeps it.
type <<T>> struct {{
{body}
\tmu {" " * (width - 2)}sync.Mutex
}}

// New<<T>> returns a {noun} named name, or an error when the name is empty.
func New<<T>>(id, name string) (*<<T>>, error) {{
\tif name == "" {{
\t\treturn nil, fmt.Errorf("{noun} %s: empty name", id)
\t}}
\treturn &<<T>>{{ID: id, Name: name}}, nil
}}
"""
    f.add(text, "fmt", "sync", T=t)
    names = [name for name, _ in chosen]
    if "Labels" in names:
        f.add(
            """
// SetLabel sets one label, making the map on first use.
func (x *<<T>>) SetLabel(key, value string) {
\tx.mu.Lock()
\tdefer x.mu.Unlock()
\tif x.Labels == nil {
\t\tx.Labels = make(map[string]string)
\t}
\tx.Labels[key] = value
}
""",
            T=t,
        )
    checks = []
    if "Amount" in names:
        checks.append(
            '\tif x.Amount < 0 {\n\t\tproblems = append(problems, fmt.Sprintf("negative amount %d", x.Amount))\n\t}'
        )
    if "Retries" in names:
        checks.append('\tif x.Retries > 10 {\n\t\tproblems = append(problems, "too many retries")\n\t}')
    if "CreatedAt" in names:
        checks.append(
            '\tif x.CreatedAt.After($T.Now()) {\n\t\tproblems = append(problems, "created in the future")\n\t}'
        )
    f.add(
        """
// Validate reports every problem of x at once.
func (x *<<T>>) Validate() error {
\tvar problems []string
\tif x.ID == "" {
\t\tproblems = append(problems, "missing id")
\t}
"""
        + "\n".join(checks)
        + """
\tif len(problems) > 0 {
\t\treturn errors.New(strings.Join(problems, "; "))
\t}
\treturn nil
}
""",
        "errors",
        "strings",
        T=t,
    )
    if f.rng.random() < 0.5:
        f.add(
            """
func (x *<<T>>) String() string {
\treturn fmt.Sprintf("<<T>>(%s, %q)", x.ID, x.Name)
}
""",
            T=t,
        )


def chunk_enum(f: GoFile) -> None:
    noun, _ = _type_name(f)
    t = f.unique(noun.title() + "State")
    states = f.rng.sample(
        ["Pending", "Active", "Paused", "Failed", "Done", "Archived", "Draining", "Retrying"], f.rng.randint(3, 7)
    )
    consts = "\n".join(f"\t<<T>>{s}" for s in states[1:])
    cases = "\n".join(f'\tcase <<T>>{s}:\n\t\treturn "{s.lower()}"' for s in states)
    f.add(
        f"""
// <<T>> is the state of a {noun}.
type <<T>> int

const (
\t<<T>>{states[0]} <<T>> = iota
{consts}
)

// String returns the state's name, as it appears in logs and the API.
func (s <<T>>) String() string {{
\tswitch s {{
{cases}
\tdefault:
\t\treturn fmt.Sprintf("<<T>>(%d)", int(s))
\t}}
}}
""",
        "fmt",
        T=t,
    )


def chunk_generics(f: GoFile) -> None:
    names = {k: f.unique(k) for k in ("Map", "Filter", "Keys", "Number", "Sum", "GroupBy")}
    picked = f.rng.sample(["Map", "Filter", "Keys", "Sum", "GroupBy"], f.rng.randint(2, 5))
    parts = {
        "Map": """
// <<Map>> applies fn to every element of items, in order.
func <<Map>>[T, U any](items []T, fn func(T) U) []U {
\tout := make([]U, 0, len(items))
\tfor _, item := range items {
\t\tout = append(out, fn(item))
\t}
\treturn out
}
""",
        "Filter": """
// <<Filter>> keeps the elements keep holds for.
func <<Filter>>[T any](items []T, keep func(T) bool) []T {
\tvar out []T
\tfor _, item := range items {
\t\tif keep(item) {
\t\t\tout = append(out, item)
\t\t}
\t}
\treturn out
}
""",
        "Keys": """
// <<Keys>> returns the keys of m, sorted.
func <<Keys>>[K ~string, V any](m map[K]V) []K {
\tkeys := make([]K, 0, len(m))
\tfor k := range m {
\t\tkeys = append(keys, k)
\t}
\tsort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
\treturn keys
}
""",
        "Sum": """
// <<Number>> is what <<Sum>> adds up.
type <<Number>> interface {
\t~int | ~int32 | ~int64 | ~float64
}

func <<Sum>>[N <<Number>>](values ...N) N {
\tvar total N
\tfor _, v := range values {
\t\ttotal += v
\t}
\treturn total
}
""",
        "GroupBy": """
// <<GroupBy>> groups items by the key fn returns, keeping their order within a group.
func <<GroupBy>>[T any, K comparable](items []T, fn func(T) K) map[K][]T {
\tgroups := make(map[K][]T)
\tfor _, item := range items {
\t\tk := fn(item)
\t\tgroups[k] = append(groups[k], item)
\t}
\treturn groups
}
""",
    }
    for name in picked:
        f.add(parts[name], *(["sort"] if name == "Keys" else []), **names)


def chunk_cache(f: GoFile) -> None:
    noun = f.rng.choice(NOUNS)
    f.add(
        f"""
// <<C>> keeps {noun}s for a while; safe for concurrent use.
type <<C>>[K comparable, V any] struct {{
\tmu    sync.RWMutex
\tttl   $T.Duration
\titems map[K]<<E>>[V]
}}

type <<E>>[V any] struct {{
\tvalue   V
\texpires $T.Time
}}

func New<<C>>[K comparable, V any](ttl $T.Duration) *<<C>>[K, V] {{
\treturn &<<C>>[K, V]{{ttl: ttl, items: make(map[K]<<E>>[V])}}
}}

// Get returns the value for key unless it expired.
func (c *<<C>>[K, V]) Get(key K) (V, bool) {{
\tc.mu.RLock()
\tdefer c.mu.RUnlock()
\te, ok := c.items[key]
\tif !ok || $T.Now().After(e.expires) {{
\t\tvar zero V
\t\treturn zero, false
\t}}
\treturn e.value, true
}}

func (c *<<C>>[K, V]) Put(key K, value V) {{
\tc.mu.Lock()
\tc.items[key] = <<E>>[V]{{value: value, expires: $T.Now().Add(c.ttl)}}
\tc.mu.Unlock()
}}

// Sweep drops the expired entries and says how many there were.
func (c *<<C>>[K, V]) Sweep() int {{
\tc.mu.Lock()
\tdefer c.mu.Unlock()
\tnow, n := $T.Now(), 0
\tfor k, e := range c.items {{
\t\tif now.After(e.expires) {{
\t\t\tdelete(c.items, k)
\t\t\tn++
\t\t}}
\t}}
\treturn n
}}
""",
        "sync",
        C=f.unique(noun.title() + "Cache"),
        E=f.unique(noun + "Entry"),
    )


def chunk_workers(f: GoFile) -> None:
    noun = f.rng.choice(NOUNS)
    f.add(
        f"""
type <<Job>> struct {{
\tID      string
\tPayload []byte
}}

// <<process>> runs jobs on workers goroutines and returns what they produced, sorted.
func <<process>>(ctx context.Context, jobs []<<Job>>, workers int) ([]string, error) {{
\tin := make(chan <<Job>>)
\tout := make(chan string, len(jobs))
\terrs := make(chan error, 1)
\tvar wg sync.WaitGroup
\tfor i := 0; i < workers; i++ {{
\t\twg.Add(1)
\t\tgo func(id int) {{
\t\t\tdefer wg.Done()
\t\t\tfor job := range in {{
\t\t\t\tif job.ID == "" {{
\t\t\t\t\tselect {{
\t\t\t\t\tcase errs <- fmt.Errorf("worker %d: {noun} job without id", id):
\t\t\t\t\tdefault:
\t\t\t\t\t}}
\t\t\t\t\tcontinue
\t\t\t\t}}
\t\t\t\tout <- fmt.Sprintf("%d:%s:%d", id, job.ID, len(job.Payload))
\t\t\t}}
\t\t}}(i)
\t}}
\tgo func() {{
\t\tdefer close(in)
\t\tfor _, job := range jobs {{
\t\t\tselect {{
\t\t\tcase in <- job:
\t\t\tcase <-ctx.Done():
\t\t\t\treturn
\t\t\t}}
\t\t}}
\t}}()
\twg.Wait()
\tclose(out)
\tvar results []string
\tfor r := range out {{
\t\tresults = append(results, r)
\t}}
\tsort.Strings(results)
\tselect {{
\tcase err := <-errs:
\t\treturn results, err
\tdefault:
\t}}
\treturn results, ctx.Err()
}}
""",
        "context",
        "fmt",
        "sort",
        "sync",
        Job=f.unique(noun + "Job"),
        process=f.unique("process" + noun.title() + "s"),
    )


def chunk_errors(f: GoFile) -> None:
    noun = f.rng.choice(NOUNS)
    f.add(
        f"""
// <<NotFound>> is returned when a {noun} does not exist.
type <<NotFound>> struct {{
\tKind string
\tID   string
}}

func (e *<<NotFound>>) Error() string {{
\treturn fmt.Sprintf("%s %q not found", e.Kind, e.ID)
}}

var (
\t<<ErrConflict>> = errors.New("{noun}: conflict")
\t<<ErrQuota>>    = errors.New("{noun}: quota exceeded")
)

// <<classify>> maps an error to the code the API returns.
func <<classify>>(err error) string {{
\tvar nf *<<NotFound>>
\tswitch {{
\tcase err == nil:
\t\treturn "ok"
\tcase errors.As(err, &nf):
\t\treturn "not-found:" + nf.Kind
\tcase errors.Is(err, <<ErrConflict>>):
\t\treturn "conflict"
\tcase errors.Is(err, <<ErrQuota>>):
\t\treturn "quota"
\tcase errors.Is(err, context.DeadlineExceeded):
\t\treturn "timeout"
\tdefault:
\t\treturn "internal"
\t}}
}}

func <<wrap>>(op string, err error) error {{
\tif err == nil {{
\t\treturn nil
\t}}
\treturn fmt.Errorf("{noun}: %s: %w", op, err)
}}
""",
        "context",
        "errors",
        "fmt",
        NotFound=f.unique(noun.title() + "NotFoundError"),
        ErrConflict=f.unique("Err" + noun.title() + "Conflict"),
        ErrQuota=f.unique("Err" + noun.title() + "Quota"),
        classify=f.unique("classify" + noun.title()),
        wrap=f.unique("wrap" + noun.title()),
    )


def chunk_table(f: GoFile) -> None:
    noun = f.rng.choice(NOUNS)
    words = [
        "",
        "a",
        "ab",
        "abc",
        "hello",
        "héllo wörld",
        "日本語",
        "  padded  ",
        "x-y-z",
        "CamelCase",
        "snake_case",
        "42",
    ]
    rows = f.rng.sample(words, f.rng.randint(3, len(words)))
    lines = "\n".join(
        f'\t{{name: "{noun}-{i}", input: {json.dumps(word, ensure_ascii=False)}, want: {len(word.encode())}}},'
        for i, word in enumerate(rows)
    )
    f.add(
        f"""
var <<cases>> = []struct {{
\tname  string
\tinput string
\twant  int
}}{{
{lines}
}}

// <<check>> runs fn over the table and returns the rows it got wrong.
func <<check>>(fn func(string) int) []string {{
\tvar failed []string
\tfor _, tc := range <<cases>> {{
\t\tif got := fn(tc.input); got != tc.want {{
\t\t\tfailed = append(failed, fmt.Sprintf("%s: got %d, want %d", tc.name, got, tc.want))
\t\t}}
\t}}
\treturn failed
}}
""",
        "fmt",
        cases=f.unique(noun + "Cases"),
        check=f.unique("check" + noun.title() + "Table"),
    )


def chunk_store(f: GoFile) -> None:
    noun, t = _type_name(f)
    f.add(
        f"""
// <<Store>> loads and saves {noun}s.
type <<Store>> interface {{
\tLoad(ctx context.Context, id string) (*<<T>>, error)
\tSave(ctx context.Context, v *<<T>>) error
\tDelete(ctx context.Context, id string) error
}}

type <<T>> struct {{
\tID      string
\tVersion int
\tData    []byte
}}

// <<mem>> is an in-memory <<Store>>, for tests and local runs.
type <<mem>> struct {{
\tmu   sync.RWMutex
\tdata map[string]*<<T>>
}}

func (m *<<mem>>) Load(ctx context.Context, id string) (*<<T>>, error) {{
\tif err := ctx.Err(); err != nil {{
\t\treturn nil, err
\t}}
\tm.mu.RLock()
\tdefer m.mu.RUnlock()
\tv, ok := m.data[id]
\tif !ok {{
\t\treturn nil, fmt.Errorf("{noun} %q: not found", id)
\t}}
\tcopied := *v
\treturn &copied, nil
}}

func (m *<<mem>>) Save(ctx context.Context, v *<<T>>) error {{
\tm.mu.Lock()
\tdefer m.mu.Unlock()
\tif m.data == nil {{
\t\tm.data = make(map[string]*<<T>>)
\t}}
\tif old, ok := m.data[v.ID]; ok && old.Version >= v.Version {{
\t\treturn fmt.Errorf("{noun} %q: stale version %d", v.ID, v.Version)
\t}}
\tm.data[v.ID] = v
\treturn nil
}}

func (m *<<mem>>) Delete(ctx context.Context, id string) error {{
\tm.mu.Lock()
\tdelete(m.data, id)
\tm.mu.Unlock()
\treturn nil
}}
""",
        "context",
        "fmt",
        "sync",
        Store=f.unique(noun.title() + "Repository"),
        T=t,
        mem=f.unique("mem" + noun.title() + "Repository"),
    )


def chunk_json(f: GoFile) -> None:
    noun = f.rng.choice(NOUNS)
    f.add(
        f"""
// <<Payload>> is the JSON form of a {noun}.
type <<Payload>> struct {{
\tID       string            `json:"id"`
\tKind     string            `json:"kind,omitempty"`
\tCount    int               `json:"count"`
\tTags     []string          `json:"tags,omitempty"`
\tMetadata map[string]string `json:"metadata,omitempty"`
}}

func <<decode>>(data []byte) (*<<Payload>>, error) {{
\tvar p <<Payload>>
\tif err := json.Unmarshal(data, &p); err != nil {{
\t\treturn nil, fmt.Errorf("decode {noun}: %w", err)
\t}}
\tif p.ID == "" {{
\t\treturn nil, errors.New("decode {noun}: missing id")
\t}}
\treturn &p, nil
}}

func <<encode>>(p *<<Payload>>) ([]byte, error) {{
\treturn json.MarshalIndent(p, "", "  ")
}}
""",
        "encoding/json",
        "errors",
        "fmt",
        Payload=f.unique(noun.title() + "Payload"),
        decode=f.unique("decode" + noun.title()),
        encode=f.unique("encode" + noun.title()),
    )


def chunk_retry(f: GoFile) -> None:
    f.add(
        """
// <<retry>> calls fn until it succeeds, attempts times at most, doubling the delay each time.
func <<retry>>(ctx context.Context, attempts int, base $T.Duration, fn func(context.Context) error) error {
\tvar err error
\tfor i := 0; i < attempts; i++ {
\t\tif err = fn(ctx); err == nil {
\t\t\treturn nil
\t\t}
\t\tdelay := base << i
\t\tif delay > 30*$T.Second {
\t\t\tdelay = 30 * $T.Second
\t\t}
\t\ttimer := $T.NewTimer(delay)
\t\tselect {
\t\tcase <-ctx.Done():
\t\t\ttimer.Stop()
\t\t\treturn ctx.Err()
\t\tcase <-timer.C:
\t\t}
\t}
\treturn fmt.Errorf("after %d attempts: %w", attempts, err)
}
""",
        "context",
        "fmt",
        retry=f.unique("retry" + f.rng.choice(["", "WithBackoff", "Call", "Op"])),
    )


def chunk_strings(f: GoFile) -> None:
    f.add(
        """
// <<slug>> lowercases s and joins its words with dashes.
func <<slug>>(s string) string {
\tvar b strings.Builder
\tlastDash := false
\tfor _, r := range strings.ToLower(s) {
\t\tswitch {
\t\tcase r >= 'a' && r <= 'z', r >= '0' && r <= '9':
\t\t\tb.WriteRune(r)
\t\t\tlastDash = false
\t\tcase !lastDash && b.Len() > 0:
\t\t\tb.WriteByte('-')
\t\t\tlastDash = true
\t\t}
\t}
\treturn strings.TrimSuffix(b.String(), "-")
}

// <<parseKV>> reads "a=1, b=2" into a map; items without "=" are skipped.
func <<parseKV>>(s string) map[string]string {
\tout := make(map[string]string)
\tfor _, item := range strings.Split(s, ",") {
\t\tkey, value, ok := strings.Cut(strings.TrimSpace(item), "=")
\t\tif !ok || key == "" {
\t\t\tcontinue
\t\t}
\t\tout[key] = value
\t}
\treturn out
}
""",
        "strings",
        slug=f.unique("slug"),
        parseKV=f.unique("parseKV"),
    )


def chunk_closures(f: GoFile) -> None:
    f.add(
        """
// <<safely>> runs fn and turns a panic into an error.
func <<safely>>(name string, fn func() error) (err error) {
\tdefer func() {
\t\tif r := recover(); r != nil {
\t\t\terr = fmt.Errorf("%s panicked: %v", name, r)
\t\t}
\t}()
\treturn fn()
}

// <<counter>> returns a counter and its reset.
func <<counter>>() (next func() int, reset func()) {
\tn := 0
\tnext = func() int {
\t\tn++
\t\treturn n
\t}
\treset = func() { n = 0 }
\treturn next, reset
}
""",
        "fmt",
        safely=f.unique("safely"),
        counter=f.unique("counter"),
    )


def chunk_options(f: GoFile) -> None:
    noun = f.rng.choice(NOUNS)
    f.add(
        f"""
// <<Options>> configure a {noun} runner; the zero value is usable.
type <<Options>> struct {{
\tworkers  int
\tinterval $T.Duration
\tlogger   *log.Logger
}}

// <<Option>> changes one setting of <<Options>>.
type <<Option>> func(*<<Options>>)

func <<WithWorkers>>(n int) <<Option>> {{
\treturn func(o *<<Options>>) {{ o.workers = n }}
}}

func <<WithInterval>>(d $T.Duration) <<Option>> {{
\treturn func(o *<<Options>>) {{ o.interval = d }}
}}

func <<apply>>(opts ...<<Option>>) <<Options>> {{
\to := <<Options>>{{workers: 4, interval: 15 * $T.Second, logger: log.Default()}}
\tfor _, opt := range opts {{
\t\topt(&o)
\t}}
\treturn o
}}
""",
        "log",
        Options=f.unique(noun.title() + "Options"),
        Option=f.unique(noun.title() + "Option"),
        WithWorkers=f.unique("With" + noun.title() + "Workers"),
        WithInterval=f.unique("With" + noun.title() + "Interval"),
        apply=f.unique("apply" + noun.title() + "Options"),
    )


def chunk_comment(f: GoFile) -> None:
    noun = f.rng.choice(NOUNS)
    paragraphs = [
        f"A {noun} moves through its states in order; a failed one may be retried, an archived one never.",
        "Callers must not keep the returned slices: they are reused by the next call.",
        "Durations are wall-clock time; a paused process does not stop them.",
        "Le délai est compté depuis la première tentative — pas depuis la dernière.",
        "See the design note in docs/adr/0007 for why the limits are what they are.",
    ]
    text = "\n//\n".join("// " + p for p in f.rng.sample(paragraphs, f.rng.randint(1, 4)))
    f.add(
        f"""
{text}
const <<limit>> = {f.rng.choice([8, 16, 64, 128, 1000])}
""",
        limit=f.unique(noun + "Limit"),
    )


GENERAL = [
    (chunk_struct, 5),
    (chunk_enum, 2),
    (chunk_generics, 2),
    (chunk_cache, 1),
    (chunk_workers, 2),
    (chunk_errors, 2),
    (chunk_table, 2),
    (chunk_store, 2),
    (chunk_json, 2),
    (chunk_retry, 1),
    (chunk_strings, 1),
    (chunk_closures, 1),
    (chunk_options, 1),
    (chunk_comment, 2),
]


# --- net/http: ordinary code, violations and look-alikes -----------------------------------------


def http_handler(f: GoFile) -> None:
    noun = f.rng.choice(NOUNS)
    f.add(
        f"""
type <<H>> struct {{
\tstore  map[string]string
\tlogger *log.Logger
}}

// <<serve>> handles POST /{noun}s: it reads the form and echoes the name back as JSON.
func (h *<<H>>) <<serve>>(w $H.ResponseWriter, r *$H.Request) {{
\tif r.Method != $H.MethodPost {{
\t\tw.Header().Set("Allow", $H.MethodPost)
\t\t$H.Error(w, "method not allowed", $H.StatusMethodNotAllowed)
\t\treturn
\t}}
\tif err := r.ParseForm(); err != nil {{
\t\t$H.Error(w, err.Error(), $H.StatusBadRequest)
\t\treturn
\t}}
\tname := ⟦~GH002 request-postform-field⟧r.PostForm.Get("name")
\tif name == "" {{
\t\tname = r.Header.Get("X-{noun.title()}-Name")
\t}}
\th.logger.Printf("{noun} %q from %s", name, r.RemoteAddr)
\tw.Header().Set("Content-Type", "application/json")
\tw.WriteHeader($H.StatusOK)
\t_ = json.NewEncoder(w).Encode(map[string]string{{"name": name}})
}}
""",
        "encoding/json",
        "log",
        H=f.unique(noun.title() + "Handler"),
        serve=f.unique("serve" + noun.title()),
    )


def http_middleware(f: GoFile) -> None:
    f.add(
        """
// <<logging>> logs every request with its duration.
func <<logging>>(next $H.Handler) $H.Handler {
\treturn $H.HandlerFunc(func(w $H.ResponseWriter, r *$H.Request) {
\t\tstart := $T.Now()
\t\tnext.ServeHTTP(w, r)
\t\tlog.Printf("%s %s %s", r.Method, r.URL.Path, $T.Since(start))
\t})
}

// <<mux>> routes the service's endpoints; http.DefaultServeMux is never used.
func <<mux>>(h $H.Handler) *$H.ServeMux {
\tm := $H.NewServeMux()
\tm.Handle("/", <<logging>>(h))
\tm.Handle("/static/", $H.StripPrefix("/static/", $H.FileServer($H.Dir("static"))))
\tm.HandleFunc("/healthz", func(w $H.ResponseWriter, r *$H.Request) { w.WriteHeader($H.StatusNoContent) })
\treturn m
}
""",
        "log",
        logging=f.unique("withLogging"),
        mux=f.unique("newMux"),
    )


def http_good_client(f: GoFile) -> None:
    noun = f.rng.choice(NOUNS)
    timeout = f.rng.choice(["2 * $T.Second", "3 * $T.Second", "1500 * $T.Millisecond", "$T.Second"])
    f.add(
        f"""
// <<API>> calls the {noun} service.
type <<API>> struct {{
\tbase   string
\tclient ⟦~GH001 nil-pointer-field⟧*$H.Client
}}

func <<New>>(base string) *<<API>> {{
\treturn &<<API>>{{base: base, client: &⟦~GH001 timeout-set⟧$H.Client{{Timeout: ⟦~GH003 timeout-at-most-3s⟧{timeout}}}}}
}}

func (a *<<API>>) fetch(ctx context.Context, path string) ([]byte, error) {{
\treq, err := $H.NewRequestWithContext(ctx, $H.MethodGet, a.base+path, nil)
\tif err != nil {{
\t\treturn nil, err
\t}}
\treq.Header.Set("Accept", "application/json")
\tresp, err := ⟦~GH002 client-method⟧a.client.Do(req)
\tif err != nil {{
\t\treturn nil, fmt.Errorf("GET %s: %w", path, err)
\t}}
\tdefer resp.Body.Close()
\tif resp.StatusCode != $H.StatusOK {{
\t\treturn nil, fmt.Errorf("GET %s: %s", path, resp.Status)
\t}}
\treturn io.ReadAll(resp.Body)
}}

// ping uses the client's own Get, which has the client's timeout (not http.Get).
func (a *<<API>>) ping() error {{
\tresp, err := ⟦~GH002 client-get-method⟧a.client.Get(a.base + "/healthz")
\tif err != nil {{
\t\treturn err
\t}}
\treturn resp.Body.Close()
}}
""",
        "context",
        "fmt",
        "io",
        API=f.unique(noun.title() + "API"),
        New=f.unique("New" + noun.title() + "API"),
    )


def _fn(f: GoFile, base: str) -> str:
    return f.unique(base)


# Each case: (rule it is about, weight, is it a violation, function). A function adds code with
# markers; the markers say what is expected, the weights only how often a case is drawn.


def v_lit_missing(f: GoFile) -> None:
    f.add(
        """
func <<name>>(tr $H.RoundTripper) *$H.Client {
\treturn &⟦GH001 literal-without-timeout⟧$H.Client{Transport: tr}
}
""",
        name=_fn(f, "newClient"),
    )


def v_lit_multiline(f: GoFile) -> None:
    f.add(
        """
// <<name>> follows at most five redirects.
var <<name>> = &⟦GH001 package-var-multiline⟧$H.Client{
\tTransport: &$H.Transport{
\t\tMaxIdleConns:        100,
\t\tIdleConnTimeout:     ⟦~GH003 transport-timeout⟧90 * $T.Second,
\t\tTLSHandshakeTimeout: 10 * $T.Second,
\t},
\tCheckRedirect: func(req *$H.Request, via []*$H.Request) error {
\t\tif len(via) >= 5 {
\t\t\treturn errors.New("stopped after 5 redirects")
\t\t}
\t\treturn nil
\t},
}
""",
        "errors",
        name=_fn(f, "redirectingClient"),
    )


def v_value_literal(f: GoFile) -> None:
    f.add(
        """
func <<name>>() ($H.Client, error) {
\tjar, err := cookiejar.New(nil)
\tif err != nil {
\t\treturn ⟦GH001 value-literal⟧$H.Client{}, err
\t}
\treturn ⟦GH001 value-literal⟧$H.Client{Jar: jar}, nil
}
""",
        "net/http/cookiejar",
        name=_fn(f, "cookieClient"),
    )


def v_nested(f: GoFile) -> None:
    f.add(
        """
type <<svc>> struct {
\tname   string
\tclient *$H.Client
}

func <<name>>(name string) *<<svc>> {
\treturn &<<svc>>{name: name, client: &⟦GH001 nested-in-literal⟧$H.Client{}}
}
""",
        svc=f.unique("remoteService"),
        name=_fn(f, "newRemoteService"),
    )


def v_zero(f: GoFile) -> None:
    form = f.rng.choice(["0", "0", "0", "$T.Duration(0)", "0 * $T.Second"])
    f.add(
        f"""
// <<name>> is for long downloads.
func <<name>>() *$H.Client {{
\treturn &$H.Client{{
\t\tTimeout: ⟦GH001 timeout-zero⟧{form}, // no limit: downloads can be large
\t}}
}}
""",
        name=_fn(f, "downloadClient"),
    )


def v_zero_const(f: GoFile) -> None:
    f.add(
        """
const <<none>> = 0

var <<name>> = &$H.Client{Timeout: ⟦GH001 timeout-zero-const⟧<<none>>}
""",
        none=f.unique("noTimeout"),
        name=f.unique("streamClient"),
    )


def v_new(f: GoFile) -> None:
    f.add(
        """
func <<name>>(tr $H.RoundTripper) *$H.Client {
\tc := new(⟦GH001 new-client⟧$H.Client)
\tc.Transport = tr
\treturn c
}
""",
        name=_fn(f, "clientFor"),
    )


def v_var_local(f: GoFile) -> None:
    f.add(
        """
func <<name>>(req *$H.Request) (int, error) {
\tvar c ⟦GH001 var-client⟧$H.Client
\tc.Transport = $H.DefaultTransport
\tresp, err := c.Do(req)
\tif err != nil {
\t\treturn 0, err
\t}
\tdefer resp.Body.Close()
\treturn resp.StatusCode, nil
}
""",
        name=_fn(f, "statusOf"),
    )


def v_var_block(f: GoFile) -> None:
    mu, fallback = f.unique("fallbackMu"), f.unique("fallbackClient")
    width = max(len(mu), len(fallback))
    f.add(
        f"""
var (
\t{mu:<{width}} sync.Mutex
\t{fallback:<{width}} ⟦GH001 var-client-in-block⟧$H.Client
)
""",
        "sync",
    )


def v_later_zero(f: GoFile) -> None:
    f.add(
        """
func <<name>>(ctx context.Context, url string) (*$H.Response, error) {
\tc := &⟦GH001 later-assignment-of-zero⟧$H.Client{}
\t// Streams can run for hours.
\tc.Timeout = 0
\treq, err := $H.NewRequestWithContext(ctx, $H.MethodGet, url, nil)
\tif err != nil {
\t\treturn nil, err
\t}
\treturn c.Do(req)
}
""",
        "context",
        name=_fn(f, "openStream"),
    )


def v_returned_then_set(f: GoFile) -> None:
    make = _fn(f, "baseClient")
    f.add(
        """
func <<make>>() *$H.Client { return &⟦GH001 returned-not-bound⟧$H.Client{} }

func <<use>>() *$H.Client {
\tc := <<make>>()
\tc.Timeout = 2 * $T.Second // too late: the literal above has no variable
\treturn c
}
""",
        make=make,
        use=_fn(f, "tunedClient"),
    )


def v_other_function(f: GoFile) -> None:
    f.add(
        """
func <<make>>() *$H.Client {
\tc := &⟦GH001 timeout-set-in-another-function⟧$H.Client{}
\treturn c
}

func <<tune>>(c *$H.Client) {
\tc.Timeout = 2 * $T.Second
}
""",
        make=_fn(f, "rawClient"),
        tune=_fn(f, "tune"),
    )


def v_field_target(f: GoFile) -> None:
    f.add(
        """
type <<holder>> struct{ client *$H.Client }

func (h *<<holder>>) init() {
\th.client = &⟦GH001 assigned-to-field⟧$H.Client{}
\th.client.Timeout = 2 * $T.Second
}
""",
        holder=f.unique("clientHolder"),
    )


def l_timeouts_set(f: GoFile) -> None:
    const = f.unique("requestTimeout")
    f.add(
        f"""
const <<const>> = {f.rng.choice(["3 * $T.Second", "2500 * $T.Millisecond", "$T.Second"])}

func <<name>>(timeout $T.Duration) []*$H.Client {{
\treturn []*$H.Client{{
\t\t&⟦~GH001 timeout-const⟧$H.Client{{Timeout: ⟦~GH003 const-at-most-3s⟧<<const>>}},
\t\t&⟦~GH001 timeout-runtime⟧$H.Client{{Timeout: ⟦~GH003 runtime-value⟧timeout}},
\t\t&⟦~GH001 timeout-set⟧$H.Client{{Timeout: ⟦~GH003 exactly-3s⟧3 * $T.Second}},
\t\t&⟦~GH001 timeout-set⟧$H.Client{{Timeout: ⟦~GH003 duration-conversion-2500ms⟧$T.Duration(2500) * $T.Millisecond}},
\t}}
}}
""",
        const=const,
        name=_fn(f, "clientsFor"),
    )


def l_later_assign(f: GoFile) -> None:
    form = f.rng.randrange(4)
    if form == 0:
        body = "\tc := &⟦~GH001 later-assignment⟧$H.Client{Transport: tr}\n\tc.Timeout = 2 * $T.Second\n"
    elif form == 1:
        body = "\tc := new(⟦~GH001 later-assignment-new⟧$H.Client)\n\tc.Transport = tr\n\tc.Timeout = d\n"
    elif form == 2:
        body = (
            "\tc := &⟦~GH001 later-assignment-in-if⟧$H.Client{Transport: tr}\n"
            "\tif d > 0 {\n\t\tc.Timeout = d\n\t} else {\n\t\tc.Timeout = 3 * $T.Second\n\t}\n"
        )
    else:
        body = "\tvar c ⟦~GH001 later-assignment-var⟧$H.Client\n\tc.Transport = tr\n\tc.Timeout = ⟦~GH003 later-assignment-not-judged⟧30 * $T.Second\n\treturn &c\n"
    if form != 3:
        body += "\treturn c\n"
    f.add(
        """
func <<name>>(tr $H.RoundTripper, d $T.Duration) *$H.Client {
"""
        + body
        + "}\n",
        name=_fn(f, "clientWithTimeout"),
    )


def l_pkg_var_init(f: GoFile) -> None:
    f.add(
        """
// <<shared>> gets its timeout in init, before anything can use it.
var <<shared>> = &⟦~GH001 package-var-timeout-set-in-init⟧$H.Client{}

func init() {
\t<<shared>>.Timeout = 2 * $T.Second
}
""",
        shared=f.unique("sharedClient"),
    )


def l_client_types(f: GoFile) -> None:
    f.add(
        """
// <<pool>> keeps one client per upstream; a nil entry means "use the default one".
type <<pool>> struct {
\tmu      sync.Mutex
\tclients map[string]*$H.Client
\tspare   []*$H.Client
}

func <<name>>(p *<<pool>>, upstream string, v any) *$H.Client {
\tvar c ⟦~GH001 nil-pointer-var⟧*$H.Client
\tif existing, ok := v.(*$H.Client); ok {
\t\tc = existing
\t}
\tp.mu.Lock()
\tdefer p.mu.Unlock()
\tif p.clients == nil {
\t\tp.clients = ⟦~GH001 map-literal⟧map[string]*$H.Client{}
\t}
\tif c == nil {
\t\tc = p.clients[upstream]
\t}
\treturn c
}
""",
        "sync",
        pool=f.unique("clientPool"),
        name=_fn(f, "pick"),
    )


def l_transport(f: GoFile) -> None:
    f.add(
        """
func <<name>>() *$H.Transport {
\tt := ⟦~GH002 default-transport⟧$H.DefaultTransport.(*$H.Transport).Clone()
\tt.ResponseHeaderTimeout = ⟦~GH003 transport-timeout⟧10 * $T.Second
\tt.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
\treturn t
}
""",
        "crypto/tls",
        name=_fn(f, "transport"),
    )


def v_get(f: GoFile) -> None:
    fn = f.rng.choice(["Get", "Get", "Head"])
    f.add(
        f"""
func <<name>>(endpoint string) (int, error) {{
\tresp, err := ⟦GH002 package-{fn.lower()}⟧$H.{fn}(endpoint)
\tif err != nil {{
\t\treturn 0, fmt.Errorf("{fn.upper()} %s: %w", endpoint, err)
\t}}
\tdefer resp.Body.Close()
\treturn resp.StatusCode, nil
}}
""",
        "fmt",
        name=_fn(f, "probe"),
    )


def v_post(f: GoFile) -> None:
    if f.rng.random() < 0.5:
        call = '⟦GH002 package-post⟧$H.Post(endpoint, "application/json", bytes.NewReader(body))'
        imports = ("bytes",)
        params = "endpoint string, body []byte"
    else:
        call = '⟦GH002 package-postform⟧$H.PostForm(endpoint, url.Values{"q": {query}})'
        imports = ("net/url",)
        params = "endpoint, query string"
    f.add(
        f"""
func <<name>>({params}) error {{
\tresp, err := {call}
\tif err != nil {{
\t\treturn err
\t}}
\tdefer resp.Body.Close()
\tif resp.StatusCode >= 300 {{
\t\treturn fmt.Errorf("post to %s: %s", endpoint, resp.Status)
\t}}
\treturn nil
}}
""",
        "fmt",
        *imports,
        name=_fn(f, "submit"),
    )


def v_func_value(f: GoFile) -> None:
    form = f.rng.randrange(3)
    if form == 0:
        text = "var <<name>> = ⟦GH002 function-value⟧$H.Get\n"
    elif form == 1:
        text = (
            "var <<name>> = []func(string) (*$H.Response, error){⟦GH002 function-value⟧$H.Get, "
            "⟦GH002 function-value⟧$H.Head}\n"
        )
    else:
        text = 'var <<name>>, <<getter>> = "récupération…", ⟦GH002 function-value-after-non-ascii⟧$H.Get\n'
    f.add(text, name=f.unique("fetchers"), getter=f.unique("getter"))


def v_default_client(f: GoFile) -> None:
    form = f.rng.randrange(4)
    if form == 0:
        body = "\treturn ⟦GH002 default-client-do⟧$H.DefaultClient.Do(req)\n"
    elif form == 1:
        body = "\tc := ⟦GH002 default-client-assigned⟧$H.DefaultClient\n\treturn c.Do(req)\n"
    elif form == 2:
        body = "\tvar c *$H.Client\n\tif c == nil {\n\t\tc = ⟦GH002 default-client-fallback⟧$H.DefaultClient\n\t}\n\treturn c.Do(req)\n"
    else:
        body = (
            "\t⟦~GH002 default-client-mutated⟧$H.DefaultClient.Timeout = 3 * $T.Second // sends nothing: not GH002's\n"
            "\treturn ⟦GH002 default-client-do⟧$H.DefaultClient.Do(req)\n"
        )
    f.add("func <<name>>(req *$H.Request) (*$H.Response, error) {\n" + body + "}\n", name=_fn(f, "send"))


def l_requests(f: GoFile) -> None:
    f.add(
        """
// <<name>> builds the request; the caller sends it with a client that has a timeout.
// (Never ⟦~GH002 in-comment⟧http.Get here: it has no timeout.)
func <<name>>(ctx context.Context, endpoint string, q url.Values) (*$H.Request, error) {
\treq, err := $H.NewRequestWithContext(ctx, $H.MethodGet, endpoint+"?"+q.Encode(), nil)
\tif err != nil {
\t\tlog.Printf("⟦~GH002 in-string⟧http.Get(%q) replaced by client.Do: %v", endpoint, err)
\t\treturn nil, err
\t}
\tif v := ⟦~GH002 url-values-get⟧q.Get("trace"); v != "" {
\t\treq.Header.Set("X-Trace", v)
\t}
\treturn req, nil
}
""",
        "context",
        "log",
        "net/url",
        name=_fn(f, "buildRequest"),
    )


def v_long_timeout(f: GoFile) -> None:
    form = f.rng.choice(
        [
            ("30 * $T.Second", "seconds"),
            ("$T.Minute", "minute"),
            ("5 * $T.Second", "seconds"),
            ("$T.Duration(5000) * $T.Millisecond", "duration-conversion"),
            ("3500 * $T.Millisecond", "milliseconds"),
            ("$T.Second * 10", "unit-first"),
            ("(4 * $T.Second)", "parenthesized"),
            ("2 * $T.Hour", "hours"),
        ]
    )
    f.add(
        f"""
var <<name>> = &$H.Client{{
\tTransport: $H.DefaultTransport,
\tTimeout:   ⟦GH003 {form[1]}⟧{form[0]},
}}
""",
        name=f.unique("reportClient"),
    )


def v_long_const(f: GoFile) -> None:
    form = f.rng.randrange(3)
    if form == 0:
        text = """
const <<slow>> = 2 * $T.Minute

var <<name>> = &$H.Client{Timeout: ⟦GH003 const⟧<<slow>>}
"""
    elif form == 1:
        text = """
const (
\t<<fast>> = 2 * $T.Second
\t<<slow>> = 10 * <<fast>>
)

var <<name>> = &$H.Client{Timeout: ⟦GH003 const-sum⟧<<slow>> + 500*$T.Millisecond}
"""
    else:
        text = """
func <<fn>>() *$H.Client {
\tconst timeout = 15 * $T.Second
\treturn &$H.Client{Timeout: ⟦GH003 local-const⟧timeout}
}
"""
    f.add(
        text,
        slow=f.unique("slowTimeout"),
        fast=f.unique("fastTimeout"),
        name=f.unique("batchClient"),
        fn=_fn(f, "exportClient"),
    )


def l_runtime_timeout(f: GoFile) -> None:
    f.add(
        """
type <<Config>> struct {
\tTimeout     $T.Duration
\tTimeoutSecs int
}

func <<name>>(cfg <<Config>>) (*$H.Client, *$H.Client) {
\ta := &⟦~GH001 timeout-runtime⟧$H.Client{Timeout: ⟦~GH003 runtime-field⟧cfg.Timeout}
\tb := &⟦~GH001 timeout-runtime⟧$H.Client{Timeout: ⟦~GH003 runtime-conversion⟧$T.Duration(cfg.TimeoutSecs) * $T.Second}
\treturn a, b
}
""",
        Config=f.unique("ClientConfig"),
        name=_fn(f, "clientsFromConfig"),
    )


def l_division(f: GoFile) -> None:
    f.add(
        "var <<name>> = &⟦~GH001 timeout-set⟧$H.Client{Timeout: ⟦~GH003 division-not-evaluated⟧$T.Minute / 20}\n",
        name=f.unique("quickClient"),
    )


def v_server(f: GoFile) -> None:
    form = f.rng.randrange(4)
    if form == 0:
        text = "\tsrv := &⟦GH004 server-literal⟧$H.Server{Addr: addr, Handler: h}\n"
    elif form == 1:
        text = (
            "\tsrv := &⟦GH004 server-write-and-idle-only⟧$H.Server{\n\t\tAddr:         addr,\n\t\tHandler:      h,\n"
            "\t\tWriteTimeout: ⟦~GH003 server-timeout⟧30 * $T.Second,\n\t\tIdleTimeout:  2 * $T.Minute,\n\t}\n"
        )
    elif form == 2:
        text = "\tsrv := &⟦GH004 server-read-header-zero⟧$H.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 0}\n"
    else:
        text = "\tsrv := &⟦GH004 server-both-zero⟧$H.Server{Addr: addr, Handler: h, ReadTimeout: 0, ReadHeaderTimeout: 0}\n"
    f.add(
        "func <<name>>(addr string, h $H.Handler) error {\n"
        + text
        + "\treturn ⟦~GH005 server-method⟧srv.ListenAndServe()\n}\n",
        name=_fn(f, "serve"),
    )


def v_server_new_var(f: GoFile) -> None:
    form = f.rng.randrange(4)
    if form == 0:
        text = "\tsrv := new(⟦GH004 new-server⟧$H.Server)\n\tsrv.Addr = addr\n\tsrv.Handler = h\n"
    elif form == 1:
        text = "\tvar srv ⟦GH004 var-server⟧$H.Server\n\tsrv.Addr = addr\n\tsrv.Handler = h\n"
    elif form == 2:
        text = "\tsrv := &⟦GH004 later-other-timeout⟧$H.Server{Addr: addr, Handler: h}\n\tsrv.WriteTimeout = 10 * $T.Second\n"
    else:
        text = "\tsrv := &⟦GH004 later-zero⟧$H.Server{Addr: addr, Handler: h}\n\tsrv.ReadHeaderTimeout = 0\n"
    f.add(
        "func <<name>>(addr string, h $H.Handler) error {\n" + text + "\treturn srv.ListenAndServe()\n}\n",
        name=_fn(f, "start"),
    )


def v_server_arg(f: GoFile) -> None:
    f.add(
        """
func <<run>>(srv *$H.Server) error { return ⟦~GH005 server-method⟧srv.ListenAndServeTLS("", "") }

func <<name>>(addr string, cfg *tls.Config) error {
\treturn <<run>>(&⟦GH004 server-argument⟧$H.Server{
\t\tAddr:      addr,
\t\tTLSConfig: cfg,
\t})
}
""",
        "crypto/tls",
        run=_fn(f, "runTLS"),
        name=_fn(f, "serveTLS"),
    )


def l_servers(f: GoFile) -> None:
    form = f.rng.randrange(5)
    if form == 0:
        text = "\tsrv := &⟦~GH004 read-header-timeout⟧$H.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * $T.Second}\n"
    elif form == 1:
        text = "\tsrv := &⟦~GH004 read-timeout-runtime⟧$H.Server{Addr: addr, Handler: h, ReadTimeout: d}\n"
    elif form == 2:
        text = (
            "\tsrv := &⟦~GH004 read-header-zero-read-set⟧$H.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 0, "
            "ReadTimeout: ⟦~GH003 server-timeout⟧10 * $T.Second}\n"
        )
    elif form == 3:
        text = (
            "\tsrv := &⟦~GH004 later-read-header-timeout⟧$H.Server{Addr: addr, Handler: h}\n"
            "\tif d > 0 {\n\t\tsrv.ReadHeaderTimeout = d\n\t} else {\n\t\tsrv.ReadHeaderTimeout = 5 * $T.Second\n\t}\n"
        )
    else:
        text = "\tvar srv ⟦~GH004 later-read-timeout-var⟧$H.Server\n\tsrv.Addr, srv.Handler = addr, h\n\tsrv.ReadTimeout = d\n\tsrv.ReadHeaderTimeout = $T.Second\n"
    method = f.rng.choice(["srv.ListenAndServe()", "srv.Serve(ln)", 'srv.ListenAndServeTLS("cert.pem", "key.pem")'])
    uses_ln = "ln" in method
    params = "addr string, h $H.Handler, d $T.Duration" + (", ln net.Listener" if uses_ln else "")
    f.add(
        "func <<name>>(" + params + ") error {\n" + text + f"\treturn ⟦~GH005 server-method⟧{method}\n}}\n",
        *(["net"] if uses_ln else []),
        name=_fn(f, "listen"),
    )


def v_serve(f: GoFile) -> None:
    form = f.rng.randrange(6)
    imports: tuple[str, ...] = ()
    if form == 0:
        text = "func <<name>>(addr string, h $H.Handler) {\n\tlog.Fatal(⟦GH005 listen-and-serve⟧$H.ListenAndServe(addr, h))\n}\n"
        imports = ("log",)
    elif form == 1:
        text = (
            "func <<name>>(addr string) error {\n\tif err := ⟦GH005 listen-and-serve⟧$H.ListenAndServe(addr, nil); err != nil {\n"
            '\t\treturn fmt.Errorf("serve %s: %w", addr, err)\n\t}\n\treturn nil\n}\n'
        )
        imports = ("fmt",)
    elif form == 2:
        text = (
            "func <<name>>(addr, cert, key string, h $H.Handler) <-chan error {\n\terrs := make(chan error, 1)\n"
            "\tgo func() {\n\t\terrs <- ⟦GH005 listen-and-serve-tls⟧$H.ListenAndServeTLS(addr, cert, key, h)\n\t}()\n\treturn errs\n}\n"
        )
    elif form == 3:
        text = "func <<name>>(ln net.Listener, h $H.Handler) error {\n\treturn ⟦GH005 serve⟧$H.Serve(ln, h)\n}\n"
        imports = ("net",)
    elif form == 4:
        text = 'func <<name>>(ln net.Listener, h $H.Handler) error {\n\treturn ⟦GH005 serve-tls⟧$H.ServeTLS(ln, h, "cert.pem", "key.pem")\n}\n'
        imports = ("net",)
    else:
        text = 'func <<name>>() {\n\tgo ⟦GH005 go-statement⟧$H.ListenAndServe("127.0.0.1:6060", nil) // pprof\n}\n'
    f.add(text, *imports, name=_fn(f, "run"))


def l_serve_lookalikes(f: GoFile) -> None:
    f.add(
        """
// <<files>> serves files; ServeFile and ServeContent are not servers.
func <<files>>(w $H.ResponseWriter, r *$H.Request) {
\tif r.URL.Path == "/report.csv" {
\t\t⟦~GH005 serve-content⟧$H.ServeContent(w, r, "report.csv", $T.Now(), strings.NewReader("id,total\\n"))
\t\treturn
\t}
\t⟦~GH005 serve-file⟧$H.ServeFile(w, r, "static/index.html")
}

// <<start>> is kept as a value so tests can replace it; it is not called here.
var <<start>> = ⟦~GH005 function-value-not-a-call⟧$H.ListenAndServe
""",
        "strings",
        files=_fn(f, "serveFiles"),
        start=f.unique("startServer"),
    )


def l_fcgi(f: GoFile) -> None:
    f.add(
        """
func <<name>>(ln net.Listener, h $H.Handler) error {
\treturn ⟦~GH005 other-package-serve⟧fcgi.Serve(ln, h)
}
""",
        "net",
        "net/http/fcgi",
        name=_fn(f, "serveFastCGI"),
    )


def l_httptest(f: GoFile) -> None:
    f.add(
        """
// <<name>> starts a fake upstream for local runs.
func <<name>>(body string) (*httptest.Server, *$H.Client) {
\tts := ⟦~GH004 httptest-server⟧httptest.NewServer($H.HandlerFunc(func(w $H.ResponseWriter, r *$H.Request) {
\t\t_, _ = io.WriteString(w, body)
\t}))
\treturn ts, ts.Client()
}
""",
        "io",
        "net/http/httptest",
        name=_fn(f, "fakeUpstream"),
    )


#: (case, weight, does it hold violations?)
HTTP_CASES = [
    (v_lit_missing, 6, True),
    (v_lit_multiline, 3, True),
    (v_value_literal, 2, True),
    (v_nested, 2, True),
    (v_zero, 3, True),
    (v_zero_const, 1, True),
    (v_new, 3, True),
    (v_var_local, 2, True),
    (v_var_block, 1, True),
    (v_later_zero, 1, True),
    (v_returned_then_set, 1, True),
    (v_other_function, 1, True),
    (v_field_target, 1, True),
    (v_get, 6, True),
    (v_post, 3, True),
    (v_func_value, 2, True),
    (v_default_client, 4, True),
    (v_long_timeout, 5, True),
    (v_long_const, 2, True),
    (v_server, 4, True),
    (v_server_new_var, 3, True),
    (v_server_arg, 1, True),
    (v_serve, 5, True),
    (l_timeouts_set, 5, False),
    (l_later_assign, 5, False),
    (l_pkg_var_init, 1, False),
    (l_client_types, 3, False),
    (l_transport, 2, False),
    (l_requests, 3, False),
    (l_runtime_timeout, 3, False),
    (l_division, 1, False),
    (l_servers, 5, False),
    (l_serve_lookalikes, 3, False),
    (l_fcgi, 1, False),
    (l_httptest, 1, False),
]
HTTP_ORDINARY = [http_handler, http_middleware, http_good_client]


def internal_http(f: GoFile) -> None:
    """Another package named http: none of this may be reported."""
    f.add(
        """
// <<name>> talks to the platform team's wrapper (example.com/internal/http), which has its own
// defaults; this is not net/http.
func <<name>>(ctx context.Context, endpoint string) error {
\tc := &⟦~GH001 other-package-client⟧$I.Client{Retries: 3, Timeout: ⟦~GH003 other-package-timeout⟧30 * $T.Second}
\tif _, err := ⟦~GH002 other-package-get⟧$I.Get(ctx, endpoint); err != nil {
\t\treturn err
\t}
\t_ = ⟦~GH002 other-package-default-client⟧$I.DefaultClient
\tsrv := &⟦~GH004 other-package-server⟧$I.Server{Addr: ":8080"}
\tgo ⟦~GH005 other-package-listen⟧$I.ListenAndServe(srv.Addr, nil)
\treturn c.Close()
}
""",
        "context",
        name=_fn(f, "callPlatform"),
    )


def resty_client(f: GoFile) -> None:
    f.add(
        """
// <<name>> fetches through resty, whose client has its own timeout setting.
func <<name>>(ctx context.Context, endpoint string) (string, error) {
\tclient := resty.New().SetTimeout(⟦~GH003 resty-timeout⟧30 * $T.Second).SetRetryCount(2)
\tresp, err := ⟦~GH002 resty-get⟧client.R().SetContext(ctx).Get(endpoint)
\tif err != nil {
\t\treturn "", err
\t}
\treturn resp.String(), nil
}
""",
        "context",
        "github.com/go-resty/resty/v2",
        name=_fn(f, "fetchWithResty"),
    )


# --- the tree -----------------------------------------------------------------------------------


class Tree:
    def __init__(self, root: Path, seed: int):
        self.root = root
        self.rng = random.Random(seed)
        self.expected: list[dict] = []
        self.lookalikes: list[dict] = []
        self.skipped: list[dict] = []
        self.kinds: dict[str, int] = {}
        self.paths: set[str] = set()

    def count(self, kind: str) -> None:
        self.kinds[kind] = self.kinds.get(kind, 0) + 1

    def write(self, relpath: str, text: str, skipped_because: str | None = None, crlf: bool = False) -> None:
        """Write a file without its markers and record them (as skipped when the rules skip it)."""
        if relpath in self.paths:
            raise ValueError(f"generated twice: {relpath}")
        self.paths.add(relpath)
        clean, marks = strip_marks(text)
        for kind, rule, label, line, column in marks:
            item = {"rule": rule, "path": relpath, "line": line, "column": column, "case": label}
            if skipped_because is not None:
                if kind == "expected":
                    self.skipped.append({**item, "skipped": skipped_because})
            elif kind == "expected":
                self.expected.append(item)
            else:
                self.lookalikes.append(item)
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        data = clean.replace("\n", "\r\n") if crlf else clean
        path.write_bytes(data.encode("utf-8"))


def _target_lines(rng: random.Random) -> int:
    """From 30 to 600 lines, most files between 60 and 250."""
    return min(600, max(30, int(rng.lognormvariate(4.9, 0.6))))


def _fill(f: GoFile, target: int) -> None:
    """Add ordinary code until the file has about ``target`` lines (at least 30, at most 600)."""
    chunks, weights = zip(*GENERAL, strict=True)
    target = max(34, min(600, target))
    while f.line_count() < target:
        decls, imports, used = list(f.decls), set(f.imports), set(f.used)
        f.rng.choices(chunks, weights)[0](f)
        if f.line_count() > 600:  # too long: take the chunk back and stop
            f.decls, f.imports, f.used = decls, imports, used
            break


def _http_style(rng: random.Random) -> str:
    roll = rng.random()
    return "plain" if roll < 0.80 else "alias" if roll < 0.95 else "dot"


#: The blank import that registers net/http/pprof's handlers: a path under net/http, which must
#: not change which name net/http has in the file (nor make a file that has only it look like one
#: that imports net/http).
PPROF = '_ "net/http/pprof"'


class Every:
    """True on every ``n``-th call (the first time at the ``n``-th): chooses files for a variant
    without drawing from the tree's random numbers, so the rest of the tree keeps its bytes."""

    def __init__(self, n: int):
        self.n, self.calls = n, 0

    def __call__(self) -> bool:
        self.calls += 1
        return self.calls % self.n == 0


def _source_file(
    rng: random.Random,
    package: str,
    http_share: float,
    pprof_violations: Every | None = None,
    pprof_other: Every | None = None,
) -> tuple[str, dict]:
    """The text of one ordinary (non-test, non-generated) file and what it imports.

    ``pprof_violations`` is asked for each file that imports net/http and holds violations,
    ``pprof_other`` for each that imports only the other package named http: when it says so, the
    file also gets ``import _ "net/http/pprof"``."""
    target = _target_lines(rng)
    uses_http = rng.random() < http_share
    other = rng.random()
    uses_internal = other < 0.06
    uses_resty = 0.06 <= other < 0.10
    style = _http_style(rng) if uses_http else "none"
    http_name = {"plain": "http", "alias": "nethttp", "dot": ".", "none": None}[style]
    ihttp_name = "http"
    if uses_internal and style == "plain":
        ihttp_name = "ihttp"
    if uses_internal and style == "dot":
        uses_internal = False  # a dot import of net/http beside another package named http: not Go anyone writes
    time_name = "stdtime" if rng.random() < 0.05 else "time"
    f = GoFile(rng, http_name, time_name, ihttp_name)
    info = {"http": style, "internal_http": uses_internal, "resty": uses_resty, "time": time_name}
    if uses_http:
        rng.choice(HTTP_ORDINARY)(f)
        violations = [c for c, _w, bad in HTTP_CASES if bad]
        vweights = [w for _c, w, bad in HTTP_CASES if bad]
        for case in rng.choices(violations, vweights, k=rng.choice([0, 1, 1, 2, 2, 3])):
            case(f)
        lookalikes = [c for c, _w, bad in HTTP_CASES if not bad]
        lweights = [w for _c, w, bad in HTTP_CASES if not bad]
        for case in rng.choices(lookalikes, lweights, k=rng.randint(1, 4)):
            case(f)
    if uses_internal:
        internal_http(f)
    if uses_resty:
        resty_client(f)
        if style == "none" and rng.random() < 0.5:
            f.http_name = "http"  # resty code often needs net/http for status codes
            f.add("func <<name>>(code int) bool { return code == $H.StatusOK }\n", name=_fn(f, "isOK"))
            info["http"] = "plain"
    _fill(f, target)
    rng.shuffle(f.decls)
    # After the random choices (an import line more would change what _fill draws).
    holds_violations = any("⟦GH" in decl for decl in f.decls)
    if f.http_name is not None and holds_violations and pprof_violations is not None and pprof_violations():
        f.imports.add(PPROF)  # net/http imported plainly, as nethttp or with a dot, beside pprof
        info["pprof"] = True
    elif f.http_name is None and uses_internal and pprof_other is not None and pprof_other():
        f.imports.add(PPROF)  # `http` is example.com/internal/http: none of its look-alikes may fire
        info["pprof"] = True
    header = ""
    after = ""
    roll = rng.random()
    if roll < 0.02:
        after = "// Code generated by hand once, and edited since. DO NOT EDIT.\n// (After the package clause: not a generated file.)\n\n"
        info["generated_lookalike"] = True
    elif roll < 0.25:
        header = f"// Package {package} is part of the service; see doc.go.\n"
    elif roll < 0.30:
        header = "//go:build linux || darwin\n\n"
    return f.render(package, header=header, after_package=after), info


def _test_file(rng: random.Random, package: str) -> str:
    """A _test.go file: table-driven tests, half of them with httptest and violations the rules
    skip there."""
    f = GoFile(rng, "http")
    name = f.unique("Test" + rng.choice(NOUNS).title())
    if rng.random() < 0.5:
        f.add(
            """
func <<name>>(t *testing.T) {
\tfor _, tc := range []struct {
\t\tin   string
\t\twant string
\t}{
\t\t{"Hello World", "hello-world"},
\t\t{"  trim  me ", "trim-me"},
\t} {
\t\tif got := strings.ToLower(strings.Join(strings.Fields(tc.in), "-")); got != tc.want {
\t\t\tt.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
\t\t}
\t}
}
""",
            "strings",
            "testing",
            name=name,
        )
        _fill(f, _target_lines(rng) // 2)
        return f.render(package)
    f.add(
        """
func <<name>>(t *testing.T) {
\tts := httptest.NewServer($H.HandlerFunc(func(w $H.ResponseWriter, r *$H.Request) {
\t\tw.WriteHeader($H.StatusTeapot)
\t}))
\tdefer ts.Close()
\ttests := []struct {
\t\tname string
\t\tpath string
\t\twant int
\t}{
\t\t{"root", "/", $H.StatusTeapot},
\t\t{"deep", "/a/b/c", $H.StatusTeapot},
\t}
\tfor _, tc := range tests {
\t\tt.Run(tc.name, func(t *testing.T) {
\t\t\tresp, err := ⟦GH002 test-file⟧$H.Get(ts.URL + tc.path)
\t\t\tif err != nil {
\t\t\t\tt.Fatal(err)
\t\t\t}
\t\t\tdefer resp.Body.Close()
\t\t\tif resp.StatusCode != tc.want {
\t\t\t\tt.Errorf("got %d, want %d", resp.StatusCode, tc.want)
\t\t\t}
\t\t})
\t}
}

var <<client>> = &⟦GH001 test-file⟧$H.Client{}
""",
        "net/http/httptest",
        "testing",
        name=name,
        client=f.unique("testClient"),
    )
    if rng.random() < 0.3:
        f.add(
            'func <<name>>(t *testing.T) {\n\tgo ⟦GH005 test-file⟧$H.ListenAndServe("127.0.0.1:0", nil)\n\t_ = &⟦GH004 test-file⟧$H.Server{}\n}\n',
            "testing",
            name=f.unique("TestServe"),
        )
    _fill(f, _target_lines(rng) // 2)
    return f.render(package)


def _generated_file(rng: random.Random, package: str, kind: str) -> str:
    f = GoFile(rng, "http")
    if kind == "pb":
        header = "// Code generated by protoc-gen-go. DO NOT EDIT.\n// versions:\n// \tprotoc-gen-go v1.34.2\n// \tprotoc        v4.25.3\n// source: api.proto\n\n"
        _fill(f, _target_lines(rng))
    elif kind == "deepcopy":
        header = "//go:build !ignore_autogenerated\n\n// Code generated by controller-gen. DO NOT EDIT.\n\n"
        _fill(f, _target_lines(rng) // 2)
    else:
        header = "// Package client provides primitives to interact with the openapi HTTP API.\n//\n// Code generated by github.com/deepmap/oapi-codegen version v1.16.2 DO NOT EDIT.\n"
        f.add(
            """
// HttpRequestDoer performs HTTP requests.
type HttpRequestDoer interface {
\tDo(req *$H.Request) (*$H.Response, error)
}

// NewClient creates a new Client, with reasonable defaults.
func NewClient(server string) (HttpRequestDoer, error) {
\tif server == "" {
\t\treturn ⟦GH002 generated-file⟧$H.DefaultClient, nil
\t}
\treturn &⟦GH001 generated-file⟧$H.Client{}, nil
}

func ListenForCallbacks(addr string) error { return ⟦GH005 generated-file⟧$H.ListenAndServe(addr, nil) }
""",
        )
        _fill(f, _target_lines(rng) // 2)
    return f.render(package, header=header)


def _unwalked_file(rng: random.Random, package: str) -> str:
    f = GoFile(rng, "http")
    rng.choice([v_lit_missing, v_get, v_serve, v_server, v_long_timeout])(f)
    _fill(f, 60)
    return f.render(package)


def generate(root: Path, files: int = 2000, seed: int = 20240611) -> dict:
    """Write the tree under ``root`` (which must be empty or missing); return its manifest, which
    is also written to ``root/expected-findings.json``."""
    root.mkdir(parents=True, exist_ok=True)
    tree = Tree(root, seed)
    rng = tree.rng
    pprof_violations, pprof_other = Every(4), Every(2)
    written = 0
    package_index = 0
    while written < files:
        service = SERVICES[package_index % len(SERVICES)]
        package = PACKAGES[rng.randrange(len(PACKAGES))]
        layout = rng.random()
        if package_index % 9 == 0:
            folder, package = f"services/{service}/cmd/{service}", "main"
        elif layout < 0.6:
            folder = f"services/{service}/internal/{package}"
        elif layout < 0.85:
            folder = f"services/{service}/pkg/{package}"
        else:
            folder = f"libs/{package}/v{rng.randint(1, 3)}"
        if any(p.startswith(folder + "/") for p in tree.paths):
            folder += f"{package_index}"
        package_index += 1
        http_share = 0.70 if rng.random() < 0.27 else 0.05
        size = min(rng.randint(3, 25), files - written)
        names: set[str] = set()
        for _ in range(size):
            roll = rng.random()
            base = rng.choice(NOUNS)
            while base in names:
                base = f"{rng.choice(NOUNS)}_{rng.choice(['util', 'types', 'store', 'api', 'impl', 'v2'])}"
            names.add(base)
            if roll < 0.15 and package != "main":
                tree.write(
                    f"{folder}/{base}_test.go", _test_file(rng, package), skipped_because="test file (*_test.go)"
                )
                tree.count("test")
            elif roll < 0.20 and package != "main":
                kind = rng.choice(["pb", "pb", "deepcopy", "client"])
                name = {
                    "pb": f"{base}.pb.go",
                    "deepcopy": "zz_generated.deepcopy.go",
                    "client": f"{base}_client_gen.go",
                }[kind]
                if f"{folder}/{name}" in tree.paths:
                    name = f"{base}.pb.go"
                tree.write(f"{folder}/{name}", _generated_file(rng, package, kind), skipped_because="generated file")
                tree.count("generated")
            else:
                text, info = _source_file(rng, package, http_share, pprof_violations, pprof_other)
                crlf = rng.random() < 0.01
                tree.write(f"{folder}/{base}.go", text, crlf=crlf)
                tree.count("source")
                tree.count(f"net/http {info['http']}" if info["http"] != "none" else "no net/http")
                if info["internal_http"]:
                    tree.count("example.com/internal/http")
                if info["resty"]:
                    tree.count("resty")
                if info.get("pprof"):
                    tree.count('_ "net/http/pprof"')
                if info["time"] != "time":
                    tree.count("time as stdtime")
                if info.get("generated_lookalike"):
                    tree.count("DO NOT EDIT after package (linted)")
                if crlf:
                    tree.count("CRLF line endings")
            written += 1
    # Files no folder walk reaches: vendored code and test data, with violations of their own.
    extra = max(2, files // 200)
    for i in range(extra):
        folder = (
            f"vendor/github.com/acme/httpkit/v{i % 3 + 1}"
            if i % 2 == 0
            else f"services/{SERVICES[i % len(SERVICES)]}/internal/testdata/case{i}"
        )
        why = "vendor/ (not walked)" if i % 2 == 0 else "testdata/ (not walked)"
        tree.write(f"{folder}/fixture{i}.go", _unwalked_file(rng, "fixture"), skipped_because=why)
        tree.count("vendor" if i % 2 == 0 else "testdata")
    key = ("rule", "path", "line", "column")
    manifest = {
        "seed": seed,
        "walked_go_files": files,
        "unwalked_go_files": extra,
        "generated_globs": list(GENERATED_GLOBS),
        "kinds": dict(sorted(tree.kinds.items())),
        "expected": sorted(tree.expected, key=lambda d: tuple(d[k] for k in key)),
        "lookalikes": sorted(tree.lookalikes, key=lambda d: tuple(d[k] for k in key)),
        "skipped": sorted(tree.skipped, key=lambda d: tuple(d[k] for k in key)),
    }
    (root / "expected-findings.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest


def summarize(manifest: dict) -> str:
    by_rule = {rule: 0 for rule in RULES}
    for item in manifest["expected"]:
        by_rule[item["rule"]] += 1
    return (
        f"{manifest['walked_go_files']} Go files walked (+{manifest['unwalked_go_files']} in vendor/ and testdata/); "
        f"expected findings: {len(manifest['expected'])} ({', '.join(f'{k} {v}' for k, v in by_rule.items())}); "
        f"look-alikes: {len(manifest['lookalikes'])}; violations in skipped files: {len(manifest['skipped'])}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", type=Path, help="folder to write (must be empty or missing)")
    parser.add_argument("--files", type=int, default=2000, help="Go files a folder walk reaches (default 2000)")
    parser.add_argument("--seed", type=int, default=20240611)
    args = parser.parse_args(argv)
    if args.tree.exists() and any(args.tree.iterdir()):
        parser.error(f"{args.tree} is not empty")
    if args.files < 10:
        parser.error("--files must be >= 10")
    manifest = generate(args.tree, args.files, args.seed)
    print(summarize(manifest))
    print("kinds: " + ", ".join(f"{k} {v}" for k, v in manifest["kinds"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
