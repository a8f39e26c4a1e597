#!/usr/bin/env bash
# Runs the feedkit JMH suite (benchmarks/target/benchmarks.jar), every benchmark with -prof gc (B/op).
#
#   benchmarks/run.sh                 full mode: 3 forks x (5 warmup + 5 measured iterations of 2 s)
#                                     per benchmark and parameter; about 40 min on 2 cores
#   benchmarks/run.sh --quick         1 fork x (3 warmup + 5 measured iterations of 1 s); about 8 min;
#                                     the mode of the README's table (one side-by-side run)
#   benchmarks/run.sh --smoke         CI smoke mode: 1 fork x (1 warmup + 1 measured iteration of 1 s);
#                                     about 2-3 min; checks that EVERY benchmark ran and produced a score
#   benchmarks/run.sh [--smoke] REGEX ...   only the benchmarks matching the JMH regexps
#   extra JMH flags go after --, e.g.  benchmarks/run.sh JsonBench -- -prof stack
#
# Every mode passes -foe true, so that a benchmark that throws (PostgreSQL or Redis down, a writer
# whose output differs from databind's) makes the run exit non-zero. Benchmarks that need the
# services read FEEDKIT_PG_URL and FEEDKIT_REDIS_URL (defaults: the local test database and Redis)
# and never skip. Results go to benchmarks/target/jmh-<mode>.json (and .txt). The jar is built
# (mvn package, tests skipped) when missing or older than a source; BENCH_REBUILD=1 forces it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
mode=full
patterns=()
extra=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --smoke) mode=smoke ;;
        --quick) mode=quick ;;
        --) shift; extra=("$@"); break ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) patterns+=("$1") ;;
    esac
    shift
done

stale() {
    [[ ! -f "$jar" || "${BENCH_REBUILD:-0}" == 1 ]] && return 0
    [[ -n "$(find "$root" \( -name target -o -name .git \) -prune -o -type f -newer "$jar" \
        \( -name pom.xml -o -path '*/src/main/*' \) -print 2>/dev/null | head -n 1)" ]]
}
if stale; then
    echo "benchmarks: building benchmarks.jar (mvn package, tests skipped)..." >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests -pl benchmarks -am package) 2>&1 \
        | sed -e $'s/\x1b\\[0m//g' >&2
fi

if [[ $mode == smoke ]]; then
    flags=(-f 1 -wi 1 -w 1s -i 1 -r 1s)
elif [[ $mode == quick ]]; then
    flags=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
else
    flags=(-f 3 -wi 5 -w 2s -i 5 -r 2s)
fi
out="$root/benchmarks/target/jmh-$mode"
java -jar "$jar" "${patterns[@]}" "${flags[@]}" -prof gc -foe true -rf json -rff "$out.json" "${extra[@]}" \
    2>&1 | tee "$out.txt"

# Every benchmark the patterns select must have a result: JMH with -foe true already exits non-zero
# on an exception; this also catches one that JMH skipped or that produced no score.
expected="$(java -jar "$jar" -l "${patterns[@]}" | tail -n +2 | sed 's/^ *//' | sort -u)"
python3 - "$out.json" "$expected" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
ran = {r["benchmark"] for r in results if r.get("primaryMetric", {}).get("score") is not None}
expected = [b for b in sys.argv[2].split("\n") if b]
missing = [b for b in expected if b not in ran]
if missing:
    print("benchmarks: NO RESULT for " + ", ".join(missing), file=sys.stderr)
    sys.exit(1)
print("benchmarks: all %d benchmarks ran (%d results)" % (len(expected), len(results)))
PY
