#!/usr/bin/env python3
"""Prints issue 5's targets as a Markdown table, met or not, from a run.sh result and a load test.

usage: targets.py [quick|full|smoke]   (reads target/jmh-<mode>.json and target/loadtest/*.out)
"""
import os
import re
import sys

from jmh_results import find_in, load, median

here = os.path.dirname(os.path.abspath(__file__))
mode = sys.argv[1] if len(sys.argv) > 1 else "quick"
results, text = load(mode)
lt = os.path.join(here, "target", "loadtest")


def find(name, **params):
    return find_in(results, name, **params)


def score(name, **p):
    return median(find(name, **p)["primaryMetric"])


def bop(name, **p):
    return median(find(name, **p)["secondaryMetrics"]["gc.alloc.rate.norm"])


def wrk(name):
    r = {"pct": {}}
    for line in open(os.path.join(lt, name + ".out")):
        p = line.split()
        if p and p[0] == "RESULT":
            kv = dict(x.split("=") for x in p[1:])
            r["rps"] = int(kv["requests"]) / (int(kv["duration_us"]) / 1e6)
        elif p and p[0] == "PCT":
            r["pct"][float(p[1])] = int(p[2]) / 1000.0
    return r


def yes(ok):
    return "yes" if ok else "**no**"


rows = []
fk, db, dj = score("feedkit", items="20"), score("databind", items="20"), score("dslJson", items="20")
un = score("feedkitUnmemoized", items="20")
rows.append(("JSON writer >= 3x databind's throughput, 20 items",
             "%.1fx memoized (%.0f vs %.0f pages/s); %.2fx with the memo bypassed" % (fk / db, fk, db, un / db),
             yes(fk >= 3 * db) + " (memoized)"))
fb, dbb = bop("feedkit", items="20"), bop("databind", items="20")
rows.append(("JSON writer <= 0.25x databind's B/op, 20 items",
             "%.0f vs %.0f B/op (%.3fx); %.0f B/op with the memo bypassed" % (fb, dbb, fb / dbb, bop("feedkitUnmemoized", items="20")),
             yes(fb <= 0.25 * dbb) + " (memoized)"))
dj100, fk100 = score("dslJson", items="100"), score("feedkit", items="100")
rows.append(("JSON writer beats DSL-JSON", "%.1fx (20 items), %.1fx (100 items)" % (fk / dj, fk100 / dj100),
             yes(fk > dj and fk100 > dj100)))
l1, raw = score("l1HitPath"), score("rawCaffeine")
rows.append(("L1 hit path <= 2x raw Caffeine per key",
             "%.1f vs %.1f ns per key (%.1fx)" % (l1, raw, l1 / raw),
             yes(l1 <= 2 * raw)))
w, s, n = wrk("feed-warm"), wrk("static"), wrk("naive")
c = wrk("feed-warm-cttl")
c2 = wrk("feed-warm-cttl-nopw")
rows.append(("warm feed >= 50 % of static req/s",
             "%.0f %% default (%.0f vs %.0f req/s); %.0f %% with candidateTtl 5 s; %.0f %% with candidateTtl and no pre-warm"
             % (100 * w["rps"] / s["rps"], w["rps"], s["rps"], 100 * c["rps"] / s["rps"], 100 * c2["rps"] / s["rps"]),
             "%s default; %s with candidateTtl" % (yes(w["rps"] >= 0.5 * s["rps"]), yes(c["rps"] >= 0.5 * s["rps"]))))
rows.append(("warm feed >= 20x naive req/s",
             "%.0fx default (%.0f vs %.0f req/s); %.0fx with candidateTtl 5 s" % (w["rps"] / n["rps"], w["rps"], n["rps"], c["rps"] / n["rps"]),
             yes(w["rps"] >= 20 * n["rps"])))
rows.append(("warm feed p99 < 5x its p50",
             "%.1fx default (p50 %.2f ms, p99 %.2f ms); %.1fx with candidateTtl; %.1fx with candidateTtl, no pre-warm"
             % (w["pct"][99] / w["pct"][50], w["pct"][50], w["pct"][99], c["pct"][99] / c["pct"][50], c2["pct"][99] / c2["pct"][50]),
             "%s default; %s with candidateTtl" % (yes(w["pct"][99] < 5 * w["pct"][50]), yes(c["pct"][99] < 5 * c["pct"][50]))))
size = int(re.search(r"# page JSON: (\d+) bytes", text).group(1))
e, et = bop("warmL1"), bop("warmL1CandidateTtl")
rows.append(("warm assemble + write allocates < 2x the page's JSON",
             "%.0f B/op for a %d-byte page (%.2fx) on PostgreSQL + Redis; %.0f B/op (%.2fx) with candidateTtl"
             % (e, size, e / size, et, et / size),
             yes(e < 2 * size)))
print("| target (issue 5) | measured | met |")
print("| --- | --- | --- |")
for r in rows:
    print("| %s | %s | %s |" % r)
