#!/usr/bin/env bash
# The demo's HTTP server against the JDK's, side by side in one run: the same LoadTestServer, the
# same data, PostgreSQL and Redis, built twice, from this tree (Jetty 12) and from the commit
# before the demo moved to Jetty (the JDK's com.sun.net.httpserver, with TCP_NODELAY and the limits
# Java 17 offers: maxReqHeaders, maxReqHeaderSize, maxReqTime, maxRspTime). For each server, in
# alternating rounds so that drift hits both alike, wrk measures at a fixed concurrency:
#   static     /api/v1/static-feed: one typical page's bytes, the server's own ceiling
#   feed-warm  /api/v1/feed for 200 viewers whose pages are cached (after a warm-up)
# and it prints req/s, p50 and p99 for each, with the ratio jetty/jdk.
#
#   benchmarks/servers.sh            15 s per phase, 2 rounds (about 6 min with both builds and the load)
#   benchmarks/servers.sh --smoke    5 s per phase, 1 round, a smaller data set
#   env: FEEDKIT_PG_URL, FEEDKIT_REDIS_URL, LT_DURATION (s), LT_ROUNDS, LT_CONNECTIONS (16),
#        LT_THREADS (2), LT_USERS (20000), LT_POSTS (400000), SERVERS_BASELINE (a git revision)
# Output: benchmarks/target/servers/{results.txt,*.out,server-*.log}. Needs wrk, psql, python3,
# git. Uses its own schema and Redis key prefixes and removes both at the end.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/benchmarks/target/servers"
pg_url="${FEEDKIT_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
duration="${LT_DURATION:-15}"; rounds="${LT_ROUNDS:-2}"
users="${LT_USERS:-20000}"; posts="${LT_POSTS:-400000}"
if [[ "${1:-}" == "--smoke" ]]; then
    duration="${LT_DURATION:-5}"; rounds="${LT_ROUNDS:-1}"; users="${LT_USERS:-5000}"; posts="${LT_POSTS:-100000}"
fi
conns="${LT_CONNECTIONS:-16}"
wrk_threads="${LT_THREADS:-2}"
heap=(-Xms1g -Xmx1g)
schema="feedkit_servers_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
psql_url="${pg_url#jdbc:}"
server_pid=""
jdk_limits=(-Dsun.net.httpserver.nodelay=true -Dsun.net.httpserver.maxReqHeaders=100
    -Dsun.net.httpserver.maxReqHeaderSize=8192 -Dsun.net.httpserver.maxReqTime=10 -Dsun.net.httpserver.maxRspTime=30)

for tool in wrk psql python3 java git mvn; do
    command -v "$tool" >/dev/null || { echo "servers: $tool is required (wrk: apt-get install wrk)" >&2; exit 1; }
done
mkdir -p "$work"
rm -rf "$work"/*.out "$work"/results.txt "$work/baseline"

# The baseline: the parent of the first commit that put Jetty in the examples' pom.
first_jetty="$(cd "$root" && git log --format=%H --reverse -S'jetty-server' -- examples/pom.xml | head -1)"
baseline="${SERVERS_BASELINE:-${first_jetty}^}"
echo "servers: building this tree and the JDK-server baseline $(cd "$root" && git rev-parse --short "$baseline") ..." >&2
(cd "$root" && mvn -q -B -o -Dstyle.color=never -DskipTests -pl examples -am package) 2>&1 | sed -e $'s/\x1b\\[0m//g' >&2
mkdir -p "$work/baseline"
(cd "$root" && git archive "$baseline") | tar -x -C "$work/baseline"
(cd "$work/baseline" && mvn -q -B -o -Dstyle.color=never -DskipTests -pl examples -am package) 2>&1 \
    | sed -e $'s/\x1b\\[0m//g' >&2
declare -A jars=([jetty]="$root/examples/target/feedkit-demo.jar" [jdk]="$work/baseline/examples/target/feedkit-demo.jar")

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

# start_server NAME LOG: the LoadTestServer of jar NAME, with an empty Redis prefix of its own.
start_server() {
    local name="$1" log="$2" flags=()
    [[ "$name" == jdk ]] && flags=("${jdk_limits[@]}")
    port="$(free_port)"
    java "${heap[@]}" "${flags[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -cp "${jars[$name]}" dev.feedkit.examples.LoadTestServer --schema "$schema" --port "$port" \
        --redis-prefix "${schema}_${log}:" --static-viewer "$static_viewer" \
        --users "$users" --posts "$posts" --follows 50 --seed 42 >"$work/server-$log.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 120); do
        grep -q "loadtest server ready" "$work/server-$log.log" 2>/dev/null && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.5
    done
    echo "servers: server $log did not start; see $work/server-$log.log" >&2
    tail -20 "$work/server-$log.log" >&2
    exit 1
}

cp "$root/benchmarks/viewers.lua" "$work/viewers.lua"

# drive NAME PATH SECONDS: runs wrk on the warm viewers; keeps its output in $work/NAME.out unless NAME is "-".
drive() {
    local name="$1" path="$2" seconds="$3" out
    out="$work/${name}.out"
    [[ "$name" == "-" ]] && out=/dev/null
    LT_VIEWERS="$work/warm-viewers.txt" LT_THREADS="$wrk_threads" LT_PATH="$path" \
        wrk -t"$wrk_threads" -c"$conns" -d"${seconds}s" --timeout 10s -s "$work/viewers.lua" \
        "http://127.0.0.1:$port" >"$out"
    if [[ "$name" != "-" ]] && ! grep -q "non2xx=0" "$out"; then
        echo "servers: $name had failed or non-2xx responses:" >&2; grep RESULT "$out" >&2
    fi
}

echo "servers: loading $users users, $posts posts into schema $schema ..."
java "${heap[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "${jars[jetty]}" dev.feedkit.examples.LoadTestServer \
    --schema "$schema" --load --load-only --users "$users" --posts "$posts" --follows 50 --seed 42
psql -qAt "$psql_url" -c "SELECT follower_id FROM \"$schema\".follows GROUP BY 1 HAVING count(*) >= 5 ORDER BY md5(follower_id::text) LIMIT 200" \
    >"$work/warm-viewers.txt"
static_viewer="$(head -1 "$work/warm-viewers.txt")"

echo "servers: $(java -version 2>&1 | head -1), $conns connections, ${duration}s per phase, $rounds round(s)"
for round in $(seq 1 "$rounds"); do
    for name in jdk jetty; do
        start_server "$name" "$name-$round"
        drive - /api/v1/feed 10
        drive - /api/v1/static-feed 3
        drive "static-$name-$round" /api/v1/static-feed "$duration"
        drive "feed-$name-$round" /api/v1/feed "$duration"
        stop_server
    done
done

python3 - "$work" "$rounds" >"$work/results.txt" <<'PY'
import re, sys
work, rounds = sys.argv[1], int(sys.argv[2])
def read(name):
    t = open(f"{work}/{name}.out").read()
    r = dict(re.findall(r"(\w+)=(\d+)", re.search(r"RESULT (.*)", t).group(1)))
    pct = {p: int(us) for p, us in re.findall(r"PCT (\S+) (\d+)", t)}
    return int(r["requests"]) / (int(r["duration_us"]) / 1e6), pct["50"] / 1000, pct["99"] / 1000, int(r["non2xx"]) + int(r["socket_errors"])
print(f"{'phase':<10} {'server':<6} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}   (mean of {rounds} round(s))")
for phase in ("static", "feed"):
    mean = {}
    for server in ("jdk", "jetty"):
        rows = [read(f"{phase}-{server}-{r}") for r in range(1, rounds + 1)]
        m = [sum(x[i] for x in rows) / len(rows) for i in range(3)] + [sum(x[3] for x in rows)]
        mean[server] = m
        print(f"{phase:<10} {server:<6} {m[0]:>9.0f} {m[1]:>8.2f} {m[2]:>8.2f} {m[3]:>7d}")
    print(f"{phase:<10} {'ratio':<6} {mean['jetty'][0] / mean['jdk'][0]:>9.2f}x  (jetty req/s over jdk req/s)")
PY
cat "$work/results.txt"
