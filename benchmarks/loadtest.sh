#!/usr/bin/env bash
# Load test: the demo server on PostgreSQL + Redis with a generated data set, driven by wrk at a
# fixed concurrency on loopback. Measures, each for a fixed time:
#   feed-warm    /api/v1/feed for 200 viewers whose pages are cached (after a warm-up)
#   feed-cold    /api/v1/feed for viewers not requested since a restart with an empty Redis
#                prefix (after 10 s of JIT warm-up on the warm viewers; entities shared with
#                those viewers may be cached: this is a cold start, not a cold world)
#   naive        /api/v1/naive-feed (NaiveFeedService: N+1 queries, databind, no cache)
#   static       /api/v1/static-feed (the bytes of one typical page: the server's own ceiling)
#   feed-warm-cttl  feed-warm with FeedAssembler.Builder.candidateTtl(5 s): a viewer's page of
#                candidates is reused for 5 s instead of running the keyset query on every request
#   feed-warm-cttl-nopw  the same with pre-warming off (the pre-warmer runs the keyset query for
#                the next page after every page, whatever the candidate TTL)
# and prints req/s, p50, p99 for each, the ratios feed/static and feed/naive, then compares the
# warm feed's p99 under G1, Parallel and generational ZGC (the server on JDK 25 for that part,
# since generational ZGC needs JDK 21+; the main phases run on the default java), with the 5 s
# candidate TTL and pre-warming off, so that the JVM's own work, not PostgreSQL, sets the latency.
#
#   benchmarks/loadtest.sh            20 s per phase (about 6 min with the data load)
#   benchmarks/loadtest.sh --smoke    5 s per phase, a smaller data set (about 2 min)
#   env: FEEDKIT_PG_URL, FEEDKIT_REDIS_URL, LT_DURATION (s), LT_CONNECTIONS (16), LT_THREADS (2),
#        LT_USERS (20000), LT_POSTS (400000), LT_JDK25 (/usr/lib/jvm/temurin-25-jdk-amd64)
# Output: benchmarks/target/loadtest/{results.txt,latency.svg,*.out,server-*.log}.
# Needs wrk (Debian: apt-get install wrk; installed here when missing and apt-get is allowed),
# psql and python3. Uses its own schema and Redis key prefix and removes both at the end.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/examples/target/feedkit-demo.jar"
work="$root/benchmarks/target/loadtest"
pg_url="${FEEDKIT_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
duration="${LT_DURATION:-20}"
users="${LT_USERS:-20000}"
posts="${LT_POSTS:-400000}"
if [[ "${1:-}" == "--smoke" ]]; then
    duration="${LT_DURATION:-5}"; users="${LT_USERS:-5000}"; posts="${LT_POSTS:-100000}"
fi
conns="${LT_CONNECTIONS:-16}"
wrk_threads="${LT_THREADS:-2}"
jdk25="${LT_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
heap=(-Xms1g -Xmx1g)
schema="feedkit_load_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
psql_url="${pg_url#jdbc:}"
server_pid=""

if ! command -v wrk >/dev/null; then
    echo "loadtest: wrk is missing; installing the Debian package (apt-get install -y wrk)" >&2
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y wrk >/dev/null; } \
        || { echo "loadtest: install wrk first: sudo apt-get install wrk" >&2; exit 1; }
fi
for tool in psql python3 java; do
    command -v "$tool" >/dev/null || { echo "loadtest: $tool is required" >&2; exit 1; }
done
if [[ ! -f "$jar" || -n "$(find "$root" \( -name target -o -name .git \) -prune -o -type f -newer "$jar" \
        \( -name pom.xml -o -path '*/src/main/*' \) -print 2>/dev/null | head -n 1)" ]]; then
    echo "loadtest: building the demo jar (mvn package, tests skipped)..." >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests -pl examples -am package) 2>&1 | sed -e $'s/\x1b\\[0m//g' >&2
fi
mkdir -p "$work"
rm -f "$work"/*.out "$work"/results.txt

stop_server() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
cleanup() {
    stop_server
    psql -q "$psql_url" -c "DROP SCHEMA IF EXISTS \"$schema\" CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server NAME JAVA [JVM flags...]: starts the server with an empty Redis prefix of its own.
server_flags=()
start_server() {
    local name="$1" java_bin="$2"; shift 2
    port="$(free_port)"
    "$java_bin" "${heap[@]}" "$@" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -cp "$jar" dev.feedkit.examples.LoadTestServer --schema "$schema" --port "$port" \
        --redis-prefix "${schema}_${name}:" --static-viewer "$static_viewer" \
        --users "$users" --posts "$posts" --follows 50 --seed 42 "${server_flags[@]}" >"$work/server-$name.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 120); do
        grep -q "loadtest server ready" "$work/server-$name.log" 2>/dev/null && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.5
    done
    echo "loadtest: server $name did not start; see $work/server-$name.log" >&2
    tail -20 "$work/server-$name.log" >&2
    exit 1
}

cat >"$work/viewers.lua" <<'LUA'
-- Cycles through the viewer ids in LT_VIEWERS, each wrk thread on its own share of the list.
local ids = {}
for line in io.lines(os.getenv("LT_VIEWERS")) do ids[#ids + 1] = line end
local threads = 0
function setup(thread)
    thread:set("tid", threads)
    threads = threads + 1
end
local n, step, path
function init(args)
    n = tonumber(tid)
    step = tonumber(os.getenv("LT_THREADS"))
    path = os.getenv("LT_PATH")
end
function request()
    local v = ids[(n % #ids) + 1]
    n = n + step
    return wrk.format("GET", path .. "?viewer=" .. v .. "&limit=20")
end
function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT requests=%d duration_us=%d socket_errors=%d non2xx=%d\n", summary.requests,
        summary.duration, e.connect + e.read + e.write + e.timeout, e.status))
    for _, p in ipairs({50, 75, 90, 95, 99, 99.9, 99.99}) do
        io.write(string.format("PCT %g %d\n", p, latency:percentile(p)))
    end
end
LUA

# drive NAME PATH VIEWERS SECONDS: runs wrk; keeps its output in $work/NAME.out unless NAME is "-".
drive() {
    local name="$1" path="$2" viewers="$3" seconds="$4" out
    out="$work/${name}.out"
    [[ "$name" == "-" ]] && out=/dev/null
    LT_VIEWERS="$viewers" LT_THREADS="$wrk_threads" LT_PATH="$path" \
        wrk -t"$wrk_threads" -c"$conns" -d"${seconds}s" --timeout 10s -s "$work/viewers.lua" \
        "http://127.0.0.1:$port" >"$out"
    if [[ "$name" != "-" ]] && ! grep -q "non2xx=0" "$out"; then
        echo "loadtest: $name had failed or non-2xx responses:" >&2; grep RESULT "$out" >&2
    fi
}

echo "loadtest: loading $users users, $posts posts into schema $schema ..."
java "${heap[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar" dev.feedkit.examples.LoadTestServer \
    --schema "$schema" --load --load-only --users "$users" --posts "$posts" --follows 50 --seed 42
# Viewers in a fixed pseudo-random order (md5 of the id); the first 200 with at least 5 follows
# are the warm set, every other user is a cold-start viewer.
psql -qAt "$psql_url" -c "SELECT follower_id FROM \"$schema\".follows GROUP BY 1 HAVING count(*) >= 5 ORDER BY md5(follower_id::text) LIMIT 200" \
    >"$work/warm-viewers.txt"
psql -qAt "$psql_url" -c "SELECT id FROM \"$schema\".users ORDER BY md5(id::text)" | grep -vxFf "$work/warm-viewers.txt" \
    >"$work/cold-viewers.txt"
static_viewer="$(head -1 "$work/warm-viewers.txt")"
java_version="$(java -version 2>&1 | head -1)"

echo "loadtest: main phases on $java_version, default GC (G1), $conns connections, ${duration}s each"
start_server main java
drive - /api/v1/feed "$work/warm-viewers.txt" 10
drive - /api/v1/naive-feed "$work/warm-viewers.txt" 5
drive - /api/v1/static-feed "$work/warm-viewers.txt" 3
drive feed-warm /api/v1/feed "$work/warm-viewers.txt" "$duration"
drive naive /api/v1/naive-feed "$work/warm-viewers.txt" "$duration"
drive static /api/v1/static-feed "$work/warm-viewers.txt" "$duration"
stop_server
start_server cold java
drive - /api/v1/feed "$work/warm-viewers.txt" 10
drive feed-cold /api/v1/feed "$work/cold-viewers.txt" "$duration"
stop_server
# The same warm feed with a 5 s candidate TTL instead of the keyset query on every request.
server_flags=(--candidate-ttl 5)
start_server cttl java
drive - /api/v1/feed "$work/warm-viewers.txt" 10
drive feed-warm-cttl /api/v1/feed "$work/warm-viewers.txt" "$duration"
stop_server
server_flags=(--candidate-ttl 5 --prewarm false)
start_server cttl-nopw java
drive - /api/v1/feed "$work/warm-viewers.txt" 10
drive feed-warm-cttl-nopw /api/v1/feed "$work/warm-viewers.txt" "$duration"
stop_server

gcs=()
if [[ -x "$jdk25/bin/java" ]]; then
    for gc in G1 Parallel Z; do
        start_server "gc-$gc" "$jdk25/bin/java" "-XX:+Use${gc}GC"
        drive - /api/v1/feed "$work/warm-viewers.txt" 10
        drive "gc-$gc" /api/v1/feed "$work/warm-viewers.txt" "$duration"
        stop_server
        gcs+=("gc-$gc")
    done
else
    echo "loadtest: $jdk25 not found; skipping the GC comparison (set LT_JDK25)" >&2
fi

python3 - "$work" "$java_version" "$("$jdk25/bin/java" -version 2>&1 | head -1 || true)" "$conns" "$duration" \
    feed-warm feed-cold naive static feed-warm-cttl feed-warm-cttl-nopw "${gcs[@]}" <<'PY' | tee "$work/results.txt"
import os, sys
work, jdk, jdk25, conns, secs, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
def load(name):
    r = {"pct": {}}
    for line in open(os.path.join(work, name + ".out")):
        p = line.split()
        if p and p[0] == "RESULT":
            kv = dict(x.split("=") for x in p[1:])
            r["rps"] = int(kv["requests"]) / (int(kv["duration_us"]) / 1e6)
            r["bad"] = int(kv["socket_errors"]) + int(kv["non2xx"])
        elif p and p[0] == "PCT":
            r["pct"][float(p[1])] = int(p[2]) / 1000.0
    return r
res = {n: load(n) for n in names}
print("machine: %d cores, %.0f GiB RAM; %s; wrk %s connections, %s s per phase, loopback"
      % (os.cpu_count(), os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, jdk, conns, secs))
print("%-20s %10s %10s %10s %10s %8s" % ("phase", "req/s", "p50 ms", "p99 ms", "p99/p50", "errors"))
for n in names:
    r = res[n]
    print("%-20s %10.0f %10.2f %10.2f %10.1f %8d" % (n, r["rps"], r["pct"][50], r["pct"][99], r["pct"][99] / r["pct"][50], r["bad"]))
w = res["feed-warm"]
print("ratio feed-warm/static req/s: %.2f   (target >= 0.50)" % (w["rps"] / res["static"]["rps"]))
print("ratio feed-warm/naive  req/s: %.1f   (target >= 20)" % (w["rps"] / res["naive"]["rps"]))
print("ratio feed-cold/naive  req/s: %.1f" % (res["feed-cold"]["rps"] / res["naive"]["rps"]))
for n in ("feed-warm-cttl", "feed-warm-cttl-nopw"):
    c = res[n]
    print("ratio %s/static req/s: %.2f, /naive: %.1f, p99/p50: %.1f"
          % (n, c["rps"] / res["static"]["rps"], c["rps"] / res["naive"]["rps"], c["pct"][99] / c["pct"][50]))
print("feed-warm p99/p50: %.1f   (target < 5)" % (w["pct"][99] / w["pct"][50]))
if any(n.startswith("gc-") for n in names):
    print("GC comparison on the warm feed with the 5 s candidate TTL, pre-warming off (%s):" % jdk25)
    for n in names:
        if n.startswith("gc-"):
            r = res[n]
            print("  %-10s p99 %8.2f ms  p50 %6.2f ms  %8.0f req/s" % (n[3:], r["pct"][99], r["pct"][50], r["rps"]))
PY
python3 "$root/benchmarks/latency_chart.py" "$work/latency.svg" \
    "feed (warm)=$work/feed-warm.out" "feed (warm, candidate TTL 5 s)=$work/feed-warm-cttl.out" \
    "feed (warm, candidate TTL, no pre-warm)=$work/feed-warm-cttl-nopw.out" \
    "feed (cold start)=$work/feed-cold.out" "naive=$work/naive.out" "static=$work/static.out"
echo "loadtest: chart written to $work/latency.svg"
