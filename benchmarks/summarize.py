#!/usr/bin/env python3
"""Turns a run.sh result (target/jmh-<mode>.json and .txt) into the README's Markdown table.

usage: summarize.py [quick|full|smoke]
Every row: what is compared, the absolute figures, the ratio, the target, and the command that
reproduces it. Figures are the median of the measured iterations; B/op is -prof gc's
gc.alloc.rate.norm.
"""
import os
import re
import sys

from jmh_results import find_in, load, median

here = os.path.dirname(os.path.abspath(__file__))
mode = sys.argv[1] if len(sys.argv) > 1 else "quick"
results, text = load(mode)
flag = {"quick": " --quick", "smoke": " --smoke", "full": ""}[mode]


def find(name, **params):
    return find_in(results, name, **params)


def score(name, **p):
    return median(find(name, **p)["primaryMetric"])


def unit(name, **p):
    return find(name, **p)["primaryMetric"]["scoreUnit"]


def bop(name, **p):
    return median(find(name, **p)["secondaryMetrics"]["gc.alloc.rate.norm"])


def fmt(x):
    return "%.0f" % x if x >= 100 else ("%.1f" % x if x >= 1 else "%.2f" % x)


rows = []


def row(what, mine, base, ratio, target, ok, cmd):
    rows.append("| %s | %s | %s | %s | %s | %s | `benchmarks/run.sh%s %s` |"
                % (what, mine, base, ratio, target, {True: "yes", False: "**no**", None: "-"}[ok], flag, cmd))


for n in ("20", "100"):
    fk, db, dj, un = (score(b, items=n) for b in ("feedkit", "databind", "dslJson", "feedkitUnmemoized"))
    fb, dbb, djb, unb = (bop(b, items=n) for b in ("feedkit", "databind", "dslJson", "feedkitUnmemoized"))
    t = n == "20"
    row("JSON %s items: feedkit vs databind, pages/s" % n, fmt(fk), fmt(db), "%.1fx" % (fk / db),
        ">= 3x" if t else "", (fk / db >= 3) if t else None, "'JsonBench'")
    row("JSON %s items: feedkit vs databind, B/op" % n, fmt(fb), fmt(dbb), "%.3fx" % (fb / dbb if dbb else 0),
        "<= 0.25x" if t else "", (fb <= 0.25 * dbb) if t else None, "'JsonBench'")
    row("JSON %s items: feedkit vs DSL-JSON, pages/s" % n, fmt(fk), fmt(dj), "%.1fx" % (fk / dj),
        "> 1x", fk > dj, "'JsonBench'")
    row("JSON %s items: feedkit, memo bypassed, vs databind, pages/s (B/op %s vs %s)" % (n, fmt(unb), fmt(dbb)),
        fmt(un), fmt(db), "%.2fx" % (un / db), "", None, "'JsonBench'")
l1, raw = score("l1HitPath"), score("rawCaffeine")
row("L1 hit path vs raw Caffeine getIfPresent, ns per key", fmt(l1), fmt(raw), "%.1fx" % (l1 / raw), "<= 2x",
    l1 <= 2 * raw, "'L1Bench'")
row("Raw Caffeine with L1's first configuration (weigher, per-entry expiry) vs raw Caffeine, ns per key",
    fmt(score("rawCaffeineLikeL1")), fmt(raw), "%.1fx" % (score("rawCaffeineLikeL1") / raw), "", None, "'L1Bench'")
for variant, what in (("rawCaffeineWriteTtl", "one expireAfterWrite"),
                      ("rawCaffeineLikeL1CoarseTicker", "L1's expiry, 1 ms coarse ticker"),
                      ("rawCaffeineDeadlineInValue", "deadline in the value, one clock read per page")):
    v = score(variant)
    row("Candidate L1 fix on raw Caffeine (%s) vs raw Caffeine, ns per key" % what, fmt(v), fmt(raw),
        "%.1fx" % (v / raw), "<= 2x", v <= 2 * raw, "'L1Bench'")
b, g = score("batched"), score("getPerKey")
row("L2 (Redis): one batched read vs one GET per key, us per 44-key page", fmt(b), fmt(g), "%.1fx faster" % (g / b),
    "", None, "'L2Bench'")
bt, th, n1 = score("batch"), score("threeQueries"), score("nPlusOne")
row("Store (PostgreSQL): one round trip vs three queries, us per page", fmt(bt), fmt(th), "%.1fx faster" % (th / bt),
    "", None, "'StoreBench'")
row("Store (PostgreSQL): one round trip vs N+1 per item, us per page", fmt(bt), fmt(n1), "%.1fx faster" % (n1 / bt),
    "", None, "'StoreBench'")
for v in ("median", "most"):
    pq, mem = score("postgres", viewer=v), score("inMemory", viewer=v)
    row("Candidates, viewer with the %s follows: PostgreSQL keyset query vs in-memory store, us" % v, fmt(pq),
        fmt(mem), "%.0fx slower" % (pq / mem), "", None, "'SourceBench'")
p, f = score("pooled"), score("fresh")
row("Scratch: pooled vs fresh, ns per request (B/op %s vs %s)" % (fmt(bop("pooled")), fmt(bop("fresh"))), fmt(p),
    fmt(f), "%.1fx faster" % (f / p), "", None, "'ScratchBench'")
nv = score("naive")
for state in ("warmL1", "warmL1CandidateTtl", "coldL1WarmL2", "cold", "warmL1InMemory"):
    s = score(state)
    row("End to end %s vs naive, us per 20-item page" % state, fmt(s), fmt(nv), "%.1fx faster" % (nv / s), "", None,
        "'EndToEndBench'")
m = re.search(r"# page JSON: (\d+) bytes", text)
if m:
    size = int(m.group(1))
    for state in ("warmL1", "warmL1CandidateTtl", "warmL1InMemory"):
        a = bop(state)
        row("End to end %s: B/op vs the page's JSON size (%d bytes)" % (state, size), fmt(a), str(size),
            "%.2fx" % (a / size), "< 2x", a < 2 * size, "'EndToEndBench'")

print("| comparison | feedkit | baseline | ratio | target | met | reproduce |")
print("| --- | --- | --- | --- | --- | --- | --- |")
print("\n".join(rows))
