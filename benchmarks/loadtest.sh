#!/usr/bin/env bash
# Load test: the demo server on PostgreSQL + Redis with a generated data set, driven by wrk at a
# fixed concurrency on loopback. Unless a phase says otherwise the server runs the library's
# default configuration with Redis timelines (RedisTimelines, defaults) and fresh candidates (no
# candidateTtl), pre-warming on. Measures, each for a fixed time:
#   feed-warm    /api/v1/feed, first pages of 200 viewers, after a warm-up (their timelines are
#                built and their newest pages kept in process memory)
#   naive        /api/v1/naive-feed (NaiveFeedService: N+1 queries, databind, no cache)
#   static       /api/v1/static-feed (the bytes of one typical page: the server's own ceiling)
#   feed-warm-keyset  feed-warm with timelines off: the keyset query on every request (the
#                default before timelines, the load test's "feed-warm" row until then)
#   feed-cold    /api/v1/feed for viewers not requested since a restart with an empty Redis
#                prefix (after 10 s of JIT warm-up on the warm viewers; entities shared with
#                those viewers may be cached: this is a cold start, not a cold world); each one
#                is served by the keyset query and its timeline rebuilt in the background
#   feed-warm-cttl  timelines off, FeedAssembler.Builder.candidateTtl(5 s): a viewer's page of
#                candidates is reused for 5 s instead of running the keyset query on every request
#   feed-warm-cttl-nopw  the same with pre-warming off (the pre-warmer runs the keyset query for
#                the next page after every page, whatever the candidate TTL)
#   mixed        95 % reads (feed-warm's viewers) and 5 % writes through the demo's write routes:
#                half posts by authors those viewers follow (POST /api/v1/posts, fanned out to
#                their followers' timelines), half follows by those viewers (POST /api/v1/follows)
#   post-to-visible  two servers on the same schema and Redis prefix (shared timelines and pub/sub):
#                a post created on A, a follower's first page polled on B until it shows the post;
#                p50/p99 over LT_PV_SAMPLES (follower, author) pairs (benchmarks/post_visible.py);
#                one line per sample, with the author's follower count, in post-visible-samples.txt
# and prints req/s, p50, p99 for each, the ratios feed/static and feed/naive, then compares the
# warm feed's p99 under G1, Parallel and generational ZGC (the server on JDK 25 for that part,
# since generational ZGC needs JDK 21+; the main phases run on the default java), with timelines
# off, the 5 s candidate TTL and pre-warming off (as before timelines), so that the JVM's own
# work, not PostgreSQL, sets the latency.
#
#   benchmarks/loadtest.sh            20 s per phase, 200 post-to-visible samples (about 10 min)
#   benchmarks/loadtest.sh --smoke    5 s per phase, a smaller data set, 40 samples (about 4 min)
#   env: FEEDKIT_PG_URL, FEEDKIT_REDIS_URL, LT_DURATION (s), LT_CONNECTIONS (16), LT_THREADS (2),
#        LT_USERS (20000), LT_POSTS (400000), LT_PV_SAMPLES (200), LT_JDK25
#        (/usr/lib/jvm/temurin-25-jdk-amd64), LT_JFR (a JFR file name: profile the warm feed in
#        an extra unmeasured run after the main phases; hot methods by JDK 25's jfr view),
#        LT_SERVER_FLAGS (LoadTestServer flags added to every server, e.g. "--timeline-timeout-ms 50")
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
pv_samples="${LT_PV_SAMPLES:-200}"
if [[ "${1:-}" == "--smoke" ]]; then
    duration="${LT_DURATION:-5}"; users="${LT_USERS:-5000}"; posts="${LT_POSTS:-100000}"
    pv_samples="${LT_PV_SAMPLES:-40}"
fi
conns="${LT_CONNECTIONS:-16}"
wrk_threads="${LT_THREADS:-2}"
jdk25="${LT_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
heap=(-Xms1g -Xmx1g)
schema="feedkit_load_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
psql_url="${pg_url#jdbc:}"
server_pids=()

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

# stop_server: stops every server started since the last call (SIGTERM: each deletes its Redis keys).
stop_server() {
    local pid
    for pid in "${server_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    server_pids=()
}
cleanup() {
    stop_server
    psql -q "$psql_url" -c "DROP SCHEMA IF EXISTS \"$schema\" CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server NAME PREFIX JAVA [JVM flags...]: starts a server with the Redis prefix
# "<schema>_PREFIX:" (empty unless another running server uses the same PREFIX) and the flags in
# server_flags; sets port to its port.
server_flags=()
start_server() {
    local name="$1" prefix="$2" java_bin="$3" server_pid; shift 3
    port="$(free_port)"
    "$java_bin" "${heap[@]}" "$@" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -cp "$jar" dev.feedkit.examples.LoadTestServer --schema "$schema" --port "$port" \
        --redis-prefix "${schema}_${prefix}:" --static-viewer "$static_viewer" \
        --users "$users" --posts "$posts" --follows 50 --seed 42 ${LT_SERVER_FLAGS:-} ${server_flags[@]+"${server_flags[@]}"} \
        >"$work/server-$name.log" 2>&1 &
    server_pid=$!
    server_pids+=("$server_pid")
    for _ in $(seq 1 120); do
        grep -q "loadtest server ready" "$work/server-$name.log" 2>/dev/null && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.5
    done
    echo "loadtest: server $name did not start; see $work/server-$name.log" >&2
    tail -20 "$work/server-$name.log" >&2
    exit 1
}

# timeline_stats NAME: the server's timeline figures, printed when it stopped.
timeline_stats() { grep -o "loadtest server timelines.*" "$work/server-$1.log" || echo "(no timeline figures in server-$1.log)"; }

cp "$root/benchmarks/viewers.lua" "$work/viewers.lua"

cat >"$work/mixed.lua" <<'LUA'
-- 95 % reads of LT_VIEWERS' first pages, 5 % writes: every 20th request of a thread is a write,
-- alternately a post by an author from LT_AUTHORS (followed by those viewers) and a follow of a
-- random user from LT_ALL_USERS by a viewer.
local function read_ids(file)
    local t = {}
    for line in io.lines(file) do t[#t + 1] = tonumber(line) end
    return t
end
local ids, authors, users = read_ids(os.getenv("LT_VIEWERS")), read_ids(os.getenv("LT_AUTHORS")),
    read_ids(os.getenv("LT_ALL_USERS"))
local threads = 0
function setup(thread)
    thread:set("tid", threads)
    threads = threads + 1
end
local n, step, k, writes = 0, 1, 0, 0
local json = {["Content-Type"] = "application/json"}
function init(args)
    n = tonumber(tid)
    step = tonumber(os.getenv("LT_THREADS"))
    math.randomseed(1000 + n)
end
function request()
    k = k + 1
    local v = ids[(n % #ids) + 1]
    n = n + step
    if k % 20 ~= 0 then
        return wrk.format("GET", "/api/v1/feed?viewer=" .. v .. "&limit=20")
    end
    writes = writes + 1
    if writes % 2 == 1 then
        local a = authors[math.random(#authors)]
        return wrk.format("POST", "/api/v1/posts", json,
            string.format('{"author_id":"%d","text":"load test post %d-%d"}', a, tid, writes))
    end
    local f = users[math.random(#users)]
    if f == v then f = users[(math.random(#users) % #users) + 1] end
    if f == v then return wrk.format("GET", "/api/v1/feed?viewer=" .. v .. "&limit=20") end
    return wrk.format("POST", "/api/v1/follows", json, string.format('{"follower_id":"%d","followee_id":"%d"}', v, f))
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

# drive NAME PATH VIEWERS SECONDS [SCRIPT]: runs wrk with viewers.lua (or SCRIPT); keeps its output
# in $work/NAME.out unless NAME is "-".
drive() {
    local name="$1" path="$2" viewers="$3" seconds="$4" script="${5:-viewers.lua}" out
    out="$work/${name}.out"
    [[ "$name" == "-" ]] && out=/dev/null
    LT_VIEWERS="$viewers" LT_THREADS="$wrk_threads" LT_PATH="$path" LT_AUTHORS="$work/authors.txt" \
        LT_ALL_USERS="$work/users.txt" \
        wrk -t"$wrk_threads" -c"$conns" -d"${seconds}s" --timeout 10s -s "$work/$script" \
        "http://127.0.0.1:$port" >"$out"
    if [[ "$name" != "-" ]] && ! grep -q "socket_errors=0 non2xx=0" "$out"; then
        echo "loadtest: $name had failed or non-2xx responses:" >&2; grep RESULT "$out" >&2
    fi
}

echo "loadtest: loading $users users, $posts posts into schema $schema ..."
java "${heap[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar" dev.feedkit.examples.LoadTestServer \
    --schema "$schema" --load --load-only --users "$users" --posts "$posts" --follows 50 --seed 42
# Viewers in a fixed pseudo-random order (md5 of the id); the first 200 with at least 5 follows
# are the warm set, every other user is a cold-start viewer.
q() { psql -qAt "$psql_url" -c "$1"; }
q "SELECT follower_id FROM \"$schema\".follows GROUP BY 1 HAVING count(*) >= 5 ORDER BY md5(follower_id::text) LIMIT 200" \
    >"$work/warm-viewers.txt"
q "SELECT id FROM \"$schema\".users ORDER BY md5(id::text)" >"$work/users.txt"
grep -vxFf "$work/warm-viewers.txt" "$work/users.txt" >"$work/cold-viewers.txt"
# The mixed phase's authors: everyone the warm viewers follow, so that its posts reach them.
q "SELECT DISTINCT followee_id FROM \"$schema\".follows WHERE follower_id IN ($(paste -sd, "$work/warm-viewers.txt"))" \
    >"$work/authors.txt"
# Post-to-visible pairs: a follow with no block either way, the author's follower count beside it.
q "SELECT f.follower_id || ' ' || f.followee_id || ' ' || (SELECT count(*) FROM \"$schema\".follows c
     WHERE c.followee_id = f.followee_id) FROM \"$schema\".follows f WHERE NOT EXISTS (SELECT 1 FROM
     \"$schema\".blocks b WHERE (b.blocker_id, b.blocked_id) IN ((f.follower_id, f.followee_id),
     (f.followee_id, f.follower_id))) ORDER BY md5(f.follower_id || '/' || f.followee_id) LIMIT 20000" >"$work/pairs.txt"
static_viewer="$(head -1 "$work/warm-viewers.txt")"
java_version="$(java -version 2>&1 | head -1)"

# warm_up PATH SECONDS: an unmeasured wrk run on the warm viewers.
warm_up() { drive - "$1" "$work/warm-viewers.txt" "$2"; }

echo "loadtest: main phases on $java_version, default GC (G1), $conns connections, ${duration}s each"
echo "loadtest: load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
start_server main main java
warm_up /api/v1/feed 10
warm_up /api/v1/naive-feed 5
warm_up /api/v1/static-feed 3
drive feed-warm /api/v1/feed "$work/warm-viewers.txt" "$duration"
drive naive /api/v1/naive-feed "$work/warm-viewers.txt" "$duration"
drive static /api/v1/static-feed "$work/warm-viewers.txt" "$duration"
if [[ -n "${LT_JFR:-}" ]]; then
    # A profile of the warm feed, from an extra unmeasured run (so that JFR does not slow the one above).
    jcmd "${server_pids[0]}" JFR.start name=feedwarm settings=profile >/dev/null || true
    warm_up /api/v1/feed "$duration"
    jcmd "${server_pids[0]}" JFR.dump name=feedwarm filename="$work/$LT_JFR" >/dev/null || true
    jcmd "${server_pids[0]}" JFR.stop name=feedwarm >/dev/null || true
    if [[ -x "$jdk25/bin/jfr" ]]; then
        "$jdk25/bin/jfr" view --width 160 hot-methods "$work/$LT_JFR" >"$work/feed-warm-hot-methods.txt" 2>&1 || true
    fi
fi
stop_server
# The same warm feed with timelines off: the keyset query on every request (the previous default).
server_flags=(--timelines false)
start_server keyset keyset java
warm_up /api/v1/feed 10
drive feed-warm-keyset /api/v1/feed "$work/warm-viewers.txt" "$duration"
stop_server
server_flags=()
start_server cold cold java
warm_up /api/v1/feed 10
drive feed-cold /api/v1/feed "$work/cold-viewers.txt" "$duration"
stop_server
# Timelines off and a 5 s candidate TTL instead of the keyset query on every request.
server_flags=(--timelines false --candidate-ttl 5)
start_server cttl cttl java
warm_up /api/v1/feed 10
drive feed-warm-cttl /api/v1/feed "$work/warm-viewers.txt" "$duration"
stop_server
server_flags=(--timelines false --candidate-ttl 5 --prewarm false)
start_server cttl-nopw cttl-nopw java
warm_up /api/v1/feed 10
drive feed-warm-cttl-nopw /api/v1/feed "$work/warm-viewers.txt" "$duration"
stop_server

gcs=()
if [[ -x "$jdk25/bin/java" ]]; then
    for gc in G1 Parallel Z; do
        start_server "gc-$gc" "gc-$gc" "$jdk25/bin/java" "-XX:+Use${gc}GC"
        warm_up /api/v1/feed 10
        drive "gc-$gc" /api/v1/feed "$work/warm-viewers.txt" "$duration"
        stop_server
        gcs+=("gc-$gc")
    done
else
    echo "loadtest: $jdk25 not found; skipping the GC comparison (set LT_JDK25)" >&2
fi
server_flags=()

# Writes last: they change the data the phases above read.
echo "loadtest: mixed phase (95 % reads, 5 % writes), default configuration"
start_server mixed mixed java
warm_up /api/v1/feed 10
drive mixed /api/v1/feed "$work/warm-viewers.txt" "$duration" mixed.lua
stop_server
# The same with the demo's RedisTimelines read timeout (50 ms instead of 5 ms): a timeline read
# that times out fails the page with a 503 instead of falling back to the keyset query.
server_flags=(--timeline-timeout-ms 50)
start_server mixed-t50 mixed-t50 java
warm_up /api/v1/feed 10
drive mixed-t50 /api/v1/feed "$work/warm-viewers.txt" "$duration" mixed.lua
stop_server
server_flags=()
echo "loadtest: post-to-visible, $pv_samples samples, two servers sharing schema and Redis prefix"
start_server pv-a pv java
port_a="$port"
start_server pv-b pv java
python3 "$root/benchmarks/post_visible.py" "http://127.0.0.1:$port_a" "http://127.0.0.1:$port" \
    "$work/pairs.txt" "$pv_samples" 10000 --verbose >"$work/post-visible.out" 2>"$work/post-visible-samples.txt"
stop_server
server_500s="$(cat "$work"/server-*.log | grep -c "500 for" || true)"
# logged_503s NAME: the server's 503 answers, and how many of them were timeline read timeouts.
logged_503s() {
    echo "$(grep -c "503 for" "$work/server-$1.log" || true) (timeline read timeouts: $(grep "503 for" "$work/server-$1.log" \
        | grep -c "read the timeline.*did not answer in time" || true))"
}

python3 - "$work" "$java_version" "$("$jdk25/bin/java" -version 2>&1 | head -1 || true)" "$conns" "$duration" \
    "$server_500s" "$(timeline_stats main)" "$(timeline_stats mixed)" "$(timeline_stats pv-a)" \
    "cold $(logged_503s cold); mixed $(logged_503s mixed); mixed-t50 $(logged_503s mixed-t50); pv-b $(logged_503s pv-b)" \
    feed-warm feed-warm-keyset feed-cold naive static feed-warm-cttl feed-warm-cttl-nopw mixed mixed-t50 \
    ${gcs[@]+"${gcs[@]}"} \
    <<'PY' | tee "$work/results.txt"
import os, sys
work, jdk, jdk25, conns, secs, s500, tl_main, tl_mixed, tl_pv, s503 = sys.argv[1:11]
names = sys.argv[11:]
def load(name):
    r = {"pct": {}, "sub": {}}
    for line in open(os.path.join(work, name + ".out")):
        p = line.split()
        if p and p[0] == "RESULT":
            kv = dict(x.split("=") for x in p[1:])
            r.update({k: int(v) for k, v in kv.items()})
            if "duration_us" in kv:
                r["rps"] = int(kv["requests"]) / (int(kv["duration_us"]) / 1e6)
                r["bad"] = int(kv["socket_errors"]) + int(kv["non2xx"])
        elif p and p[0] == "PCT":
            r["pct"][float(p[1])] = float(p[2]) / (1000.0 if "rps" in r else 1.0)
        elif p and p[0].startswith("PCT_"):
            r["sub"][p[0][4:]] = (float(p[2]), float(p[4]))
    return r
res = {n: load(n) for n in names}
print("machine: %d cores, %.0f GiB RAM, load average %s; %s; wrk %s connections, %s s per phase, loopback"
      % (os.cpu_count(), os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30,
         " ".join(open("/proc/loadavg").read().split()[:3]), jdk, conns, secs))
print("%-20s %10s %10s %10s %10s %8s" % ("phase", "req/s", "p50 ms", "p99 ms", "p99/p50", "errors"))
for n in names:
    r = res[n]
    print("%-20s %10.0f %10.2f %10.2f %10.1f %8d" % (n, r["rps"], r["pct"][50], r["pct"][99], r["pct"][99] / r["pct"][50], r["bad"]))
w, st, nv = res["feed-warm"], res["static"], res["naive"]
print("ratio feed-warm/static req/s: %.2f   (target >= 0.50; timelines on, fresh candidates)" % (w["rps"] / st["rps"]))
print("ratio feed-warm/naive  req/s: %.1f   (target >= 20)" % (w["rps"] / nv["rps"]))
print("ratio feed-warm-keyset/static req/s: %.2f (timelines off, the previous default)" % (res["feed-warm-keyset"]["rps"] / st["rps"]))
print("ratio feed-warm/feed-warm-keyset req/s: %.1f" % (w["rps"] / res["feed-warm-keyset"]["rps"]))
print("ratio feed-cold/naive  req/s: %.1f" % (res["feed-cold"]["rps"] / nv["rps"]))
for n in ("feed-warm-cttl", "feed-warm-cttl-nopw"):
    c = res[n]
    print("ratio %s/static req/s: %.2f, /naive: %.1f, p99/p50: %.1f"
          % (n, c["rps"] / st["rps"], c["rps"] / nv["rps"], c["pct"][99] / c["pct"][50]))
print("feed-warm p99/p50: %.1f   (target < 5)" % (w["pct"][99] / w["pct"][50]))
for n, how in (("mixed", "library defaults"), ("mixed-t50", "timeline read timeout 50 ms")):
    m = res[n]
    print("%s (95 %% reads, 5 %% writes; %s): %.0f req/s = %.2f of feed-warm, p50 %.2f ms, p99 %.2f ms,"
          " non-2xx + socket errors %d (target 0)" % (n, how, m["rps"], m["rps"] / w["rps"], m["pct"][50], m["pct"][99], m["bad"]))
print("HTTP 500s in all server logs: %s; 503s logged: %s" % (s500, s503))
pv = load("post-visible")
if pv.get("seen"):
    print("post-to-visible (create on A, first page on B): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms   (target p99 < 100)"
          % (pv["pct"][50], pv["pct"][90], pv["pct"][99], pv["pct"][100]))
for k, (p50, p99) in sorted(pv["sub"].items()):
    print("  %-12s p50 %.1f ms, p99 %.1f ms" % (k.replace("_", " ") + ("" if k == "create_call" else " authors") + ":", p50, p99))
print("  samples %d, seen %d, missed (not visible within 5 s) %d, non-2xx %d, polls %d"
      % (pv.get("samples", 0), pv.get("seen", 0), pv.get("missed", 0), pv.get("non2xx", 0), pv.get("polls", 0)))
print("timeline figures at shutdown:")
print("  feed-warm server: " + tl_main)
print("  mixed server:     " + tl_mixed)
print("  post-to-visible A: " + tl_pv)
if any(n.startswith("gc-") for n in names):
    print("GC comparison on the warm feed, timelines off, 5 s candidate TTL, pre-warming off (%s):" % jdk25)
    for n in names:
        if n.startswith("gc-"):
            r = res[n]
            print("  %-10s p99 %8.2f ms  p50 %6.2f ms  %8.0f req/s" % (n[3:], r["pct"][99], r["pct"][50], r["rps"]))
PY
python3 "$root/benchmarks/latency_chart.py" "$work/latency.svg" \
    "feed (warm, timelines)=$work/feed-warm.out" "feed (warm, keyset query per request)=$work/feed-warm-keyset.out" \
    "feed (warm, candidate TTL 5 s)=$work/feed-warm-cttl.out" \
    "mixed (95 % reads, 5 % writes)=$work/mixed.out" \
    "feed (cold start)=$work/feed-cold.out" "naive=$work/naive.out" "static=$work/static.out"
echo "loadtest: chart written to $work/latency.svg"
