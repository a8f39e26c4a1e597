#!/usr/bin/env python3
"""The fault suite's driver, run by benchmarks/faults.sh (which starts and cleans up the private
PostgreSQL and Redis): starts the demo server (two instances for the pub/sub fault), drives load
with its own HTTP/1.1 client (per-request status and latency), injects each fault in turn, prints
one table and exits non-zero when a target is missed.

Viewers are split in two: "cached" viewers had their first page served within the last minute
before the fault (the issue's target: 0 non-200 for them under every PostgreSQL and Redis fault),
"uncached" viewers are requested for the first time during the fault (under a PostgreSQL fault
they can only get 503, which must come by the deadline + 50 ms)."""
import asyncio
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time

ENV = os.environ
SHORT = ENV.get("FAULTS_MODE", "full") == "short"
WORK = ENV["FAULTS_WORK"]
JAR = ENV["FAULTS_JAR"]
PG_BIN, PG_DATA, PG_PORT, PG_SOCK = ENV["PG_BIN"], ENV["PG_DATA"], int(ENV["PG_PORT"]), ENV["PG_SOCK"]
REDIS_PORT, REDIS_DIR = int(ENV["REDIS_PORT"]), ENV["REDIS_DIR"]
AS_POSTGRES = ENV.get("AS_POSTGRES", "").split()
DEADLINE_MS = 1000          # the demo's request timeout (DemoMain.REQUEST_TIMEOUT)
P99_BOUND_MS = DEADLINE_MS + 50
USERS, POSTS, FOLLOWS = (2000, 40000, 20) if SHORT else (10000, 200000, 50)
FAULT_S = 4 if SHORT else 10          # how long each PostgreSQL / Redis fault lasts
CONNS = 8 if SHORT else 16            # load connections during a fault
SLOW_CLIENTS, OVERLOAD_CONNS = 50, 400
OVERLOAD_S = 4 if SHORT else 10
CURSOR_KEY = "faults-suite-cursor-key-32-bytes"
SCHEMA = "feedkit_demo_s42_u%d_p%d_f%d" % (USERS, POSTS, FOLLOWS)
INTERNALS = re.compile(r"SQLState|SQLException|org\.postgresql|com\.zaxxer|Hikari|io\.lettuce|RedisException|"
                       r"feedkit_demo_|schema|jdbc:|redis://|Exception|java\.|dev\.feedkit|\bat [a-z]+\.[a-z]", re.I)


def log(msg):
    print("faults: " + msg, file=sys.stderr, flush=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ------------------------------------------------------------------ private servers

def sh(*cmd, check=True, timeout=60):
    return subprocess.run(list(cmd), check=check, timeout=timeout, capture_output=True, text=True)


def pg_ctl(*args):
    sh(*AS_POSTGRES, PG_BIN + "/pg_ctl", "-D", PG_DATA, *args)


def pg_start():
    pg_ctl("-w", "-l", os.path.join(WORK, "postgres.log"), "-o",
           "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100" % (PG_PORT, PG_SOCK), "start")


def pg_pids():
    with open(os.path.join(PG_DATA, "postmaster.pid")) as f:
        main = int(f.readline())
    out = sh("ps", "-o", "pid=", "--ppid", str(main), check=False).stdout.split()
    return [main] + [int(p) for p in out]


def pg_signal(sig):
    for pid in pg_pids():
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def psql(sql):
    return sh(*AS_POSTGRES, PG_BIN + "/psql", "-h", PG_SOCK, "-p", str(PG_PORT), "-U", "postgres", "-d", "postgres",
              "-qAtX", "-c", sql).stdout


def pg_hba(rule):
    """Rewrites pg_hba.conf: local (unix socket, the suite's own) always trusted, TCP `rule`."""
    with open(os.path.join(PG_DATA, "pg_hba.conf"), "w") as f:
        f.write("local all all trust\nhost all all 127.0.0.1/32 %s\nhost all all ::1/128 %s\n" % (rule, rule))
    pg_ctl("reload")


class Redis:
    """The private redis-server, and one admin connection held open (it must survive maxclients)."""

    def __init__(self):
        self.proc = None
        self.admin = None

    def start(self):
        self.proc = subprocess.Popen(["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", REDIS_DIR, "--logfile",
                                      os.path.join(WORK, "redis.log")],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(WORK, "pids"), "a") as f:
            f.write("%d\n" % self.proc.pid)
        for _ in range(100):
            try:
                self.admin = socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=5)
                self.cmd("PING")
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def cmd(self, *args):
        out = b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a.encode()), a.encode()) for a in map(str, args))
        self.admin.sendall(out)
        return self._read(self.admin.makefile("rb"))

    def _read(self, f):
        line = f.readline()
        kind, rest = line[:1], line[1:-2]
        if kind in (b"+", b"-"):
            return rest.decode()
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else f.read(n + 2)[:-2].decode()
        if kind == b"*":
            return [self._read(f) for _ in range(int(rest))]
        raise RuntimeError("bad reply %r" % line)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.admin = None

    def pubsub_clients(self, name):
        return [dict(kv.split("=", 1) for kv in line.split(" ") if "=" in kv)
                for line in self.cmd("CLIENT", "LIST", "TYPE", "pubsub").splitlines() if "name=%s " % name in line]


# ------------------------------------------------------------------ demo servers

class Demo:
    def __init__(self, name):
        self.name, self.port, self.proc = name, free_port(), None

    def start(self):
        self.log = os.path.join(WORK, "server-%s.log" % self.name)
        args = ["java", "-Xms512m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-jar", JAR,
                "--port", str(self.port), "--users", str(USERS), "--posts", str(POSTS), "--follows", str(FOLLOWS),
                "--seed", "42", "--threads", "8",
                "--pg-url", "jdbc:postgresql://127.0.0.1:%d/postgres?user=postgres" % PG_PORT,
                "--redis-url", "redis://127.0.0.1:%d?clientName=faults-%s" % (REDIS_PORT, self.name),
                "--cursor-key", CURSOR_KEY]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        with open(os.path.join(WORK, "pids"), "a") as f:
            f.write("%d\n" % self.proc.pid)
        for _ in range(600):
            if "listening on" in open(self.log).read():
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError("demo %s did not start; see %s" % (self.name, self.log))

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


# ------------------------------------------------------------------ HTTP client

class Reply:
    __slots__ = ("status", "ms", "body", "headers", "started")

    def __init__(self, status, ms, body=b"", headers="", started=0.0):
        self.status, self.ms, self.body, self.headers, self.started = status, ms, body, headers, started


async def http_once(port, raw, timeout=10.0):
    """Sends raw bytes on a new connection and reads one response (status 0: no response)."""
    t0 = time.monotonic()
    try:
        r, w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
        try:
            w.write(raw)
            try:
                await w.drain()
            except OSError:
                pass  # the server answered and closed before reading everything: read its answer
            status, headers, body = await asyncio.wait_for(read_response(r), timeout)
        finally:
            w.close()
        return Reply(status, (time.monotonic() - t0) * 1000, body, headers, t0)
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as e:
        return Reply(0, (time.monotonic() - t0) * 1000, repr(e).encode(), "", t0)


async def read_response(r):
    head = await r.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    length = 0
    for line in lines[1:]:
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    body = await r.readexactly(length) if length else b""
    return status, "\n".join(lines[1:]).lower(), body


class Conn:
    """One keep-alive connection, reopened whenever the server closes it."""

    def __init__(self, port):
        self.port, self.r, self.w = port, None, None

    async def get(self, path, timeout=10.0):
        t0 = time.monotonic()
        try:
            if self.w is None:
                self.r, self.w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", self.port), timeout)
            self.w.write(("GET %s HTTP/1.1\r\nHost: faults\r\n\r\n" % path).encode())
            status, headers, body = await asyncio.wait_for(read_response(self.r), timeout)
            if "connection: close" in headers:
                self.close()
            return Reply(status, (time.monotonic() - t0) * 1000, body, headers, t0)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as e:
            self.close()
            return Reply(0, (time.monotonic() - t0) * 1000, repr(e).encode(), "", t0)

    def close(self):
        if self.w is not None:
            self.w.close()
        self.r = self.w = None


async def drive(port, seconds, conns, pick):
    """`conns` connections request pick() -> (kind, path) in a loop for `seconds`; returns (kind, Reply) pairs."""
    out = []
    end = time.monotonic() + seconds

    async def worker():
        c = Conn(port)
        while time.monotonic() < end:
            kind, path = pick()
            out.append((kind, await c.get(path)))
        c.close()

    await asyncio.gather(*(worker() for _ in range(conns)))
    return out


# ------------------------------------------------------------------ results

def p99(values):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(round(0.99 * (len(v) - 1))))]


class Table:
    def __init__(self):
        self.rows, self.missed, self.bodies, self.notes = [], [], [], []

    def add(self, fault, replies, target_cached=True, stale="", extra_check=None):
        sent = len(replies)
        ok = sum(1 for _, r in replies if r.status == 200)
        r503 = [r.ms for _, r in replies if r.status == 503]
        other = {}
        for _, r in replies:
            if r.status not in (200, 503):
                other[r.status] = other.get(r.status, 0) + 1
        cached_bad = sum(1 for k, r in replies if k == "cached" and r.status != 200)
        self.bodies += [r.body for _, r in replies if r.status != 200]
        p = p99(r503)
        p200 = p99([r.ms for _, r in replies if r.status == 200])
        kinds = {}
        for _, r in replies:
            if r.status == 503:
                m = re.search(rb'"message":"([^":;]*)', r.body)
                k = m.group(1).decode() if m else "?"
                kinds[k] = kinds.get(k, 0) + 1
        if kinds:
            self.notes.append("%s, 503s: %s" % (fault, "; ".join("%d %s" % (n, k) for k, n in
                                                                 sorted(kinds.items(), key=lambda x: -x[1]))))
        misses = []
        if target_cached and cached_bad:
            misses.append("%d non-200 for cached viewers" % cached_bad)
        if p is not None and p > P99_BOUND_MS:
            misses.append("503 p99 %.0f ms > %d ms" % (p, P99_BOUND_MS))
        if extra_check:
            misses += [m for m in extra_check(replies) if m]
        self.missed += ["%s: %s" % (fault, m) for m in misses]
        others = ", ".join("%s: %d" % ("no answer" if s == 0 else s, n) for s, n in sorted(other.items())) or "0"
        self.rows.append((fault, sent, "%d" % ok + (" (p99 %.0f ms)" % p200 if p200 is not None else ""),
                          "%d" % len(r503) + (" (p99 %.0f, max %.0f ms)" % (p, max(r503)) if p is not None else ""),
                          others, "%d" % cached_bad if target_cached else "-", stale or "-",
                          "met" if not misses else "MISSED"))

    def print(self):
        head = ("fault", "requests", "200 (p99)", "503 (p99 target <= %d ms)" % P99_BOUND_MS, "other statuses",
                "cached non-200", "stale-read window", "targets")
        rows = [head] + [tuple(str(c) for c in r) for r in self.rows]
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
        lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
        print("\n".join(lines))
        for n in self.notes:
            print(n)
        leaks = [b for b in self.bodies if INTERNALS.search(b.decode("utf-8", "replace"))]
        print("response bodies checked for internals (error bodies of every phase): %d, with internals: %d"
              % (len(self.bodies), len(leaks)))
        for b in leaks[:5]:
            print("  leak: %r" % b[:300])
        if leaks:
            self.missed.append("%d error bodies show internals" % len(leaks))
        if self.missed:
            print("targets MISSED:")
            for m in self.missed:
                print("  - " + m)
        else:
            print("all targets met")


# ------------------------------------------------------------------ phases

class Suite:
    def __init__(self):
        self.redis = Redis()
        self.a = Demo("a")
        self.b = None
        self.table = Table()
        self.rng = random.Random(7)

    def viewers(self):
        rows = psql("SELECT follower_id FROM \"%s\".follows GROUP BY 1 HAVING count(*) >= 3 ORDER BY md5(follower_id::text)"
                    % SCHEMA).split()
        self.pool = [int(v) for v in rows]
        self.next_uncached = 0

    def take_uncached(self, n):
        """The next n viewers of the pool, cycling: a viewer comes back only after the whole pool."""
        got = [self.pool[(self.next_uncached + i) % len(self.pool)] for i in range(n)]
        self.next_uncached += n
        return got

    async def warm(self, port, viewers):
        """Serves each viewer's first page (twice: the second is from the kept page); all must be 200."""
        c = Conn(port)
        bad = 0
        for _ in range(2):
            for v in viewers:
                bad += (await c.get("/api/v1/feed?viewer=%d" % v)).status != 200
        c.close()
        if bad:
            raise RuntimeError("warm-up of %d viewers had %d non-200" % (len(viewers), bad))

    async def wait_ready(self, port, what, seconds=60):
        """Waits until an unseen viewer is served (the store answers again) and /readyz says ready."""
        c = Conn(port)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            probe = self.take_uncached(1)[0]
            if (await c.get("/api/v1/feed?viewer=%d" % probe)).status == 200 \
                    and (await c.get("/readyz")).status == 200:
                c.close()
                return
            await asyncio.sleep(0.2)
        c.close()
        raise RuntimeError("the demo did not recover after " + what)

    async def under_fault(self, name, inject, restore, target_cached=True):
        cached = self.take_uncached(60)
        await self.warm(self.a.port, cached)
        def pick():
            if self.rng.random() < 0.8:
                return "cached", "/api/v1/feed?viewer=%d" % self.rng.choice(cached)
            return "uncached", "/api/v1/feed?viewer=%d" % self.take_uncached(1)[0]

        inject()
        log("%s for %d s under %d connections" % (name, FAULT_S, CONNS))
        replies = await drive(self.a.port, FAULT_S, CONNS, pick)
        restore()
        self.table.add(name, replies, target_cached)
        await self.wait_ready(self.a.port, name)

    async def slowloris(self):
        """50 clients that send headers at a byte a second, or declare a body and send none, while
        normal requests must keep succeeding."""
        cached = self.take_uncached(40)
        await self.warm(self.a.port, cached)
        stop = asyncio.Event()
        writers = []

        async def slow(i):
            r, w = await asyncio.open_connection("127.0.0.1", self.a.port)
            writers.append(w)
            if i % 2:
                w.write(b"POST /api/v1/posts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 1000\r\n\r\n{")
            else:
                w.write(b"GET /api/v1/feed?viewer=1 HTTP/1.1\r\nHost: x\r\n")
            while not stop.is_set():
                try:
                    w.write(b"X" if i % 2 == 0 else b" ")
                    await w.drain()
                except OSError:
                    return
                await asyncio.sleep(1)

        tasks = [asyncio.ensure_future(slow(i)) for i in range(SLOW_CLIENTS)]
        await asyncio.sleep(1)
        log("%d slow clients; normal load for %d s" % (SLOW_CLIENTS, FAULT_S))
        replies = await drive(self.a.port, FAULT_S, CONNS,
                              lambda: ("cached", "/api/v1/feed?viewer=%d" % self.rng.choice(cached)))
        health = await http_once(self.a.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        stop.set()
        for w in writers:
            w.close()
        await asyncio.gather(*tasks, return_exceptions=True)

        def check(rs):
            n_ok = sum(1 for _, r in rs if r.status == 200)
            return ["normal requests: %d of %d succeeded" % (n_ok, len(rs)) if n_ok < len(rs) or n_ok < 50 else None,
                    "/healthz answered %d in %.0f ms" % (health.status, health.ms) if health.status != 200 else None]
        self.table.add("%d slowloris clients (+ normal load)" % SLOW_CLIENTS, replies, True,
                       extra_check=check)

    async def overload(self):
        cached = self.take_uncached(40)
        await self.warm(self.a.port, cached)
        health = []

        async def probe():
            await asyncio.sleep(1)
            for _ in range(5):
                health.append(await http_once(self.a.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
                await asyncio.sleep(0.3)

        log("%d connections for %d s" % (OVERLOAD_CONNS, OVERLOAD_S))
        replies, _ = await asyncio.gather(
            drive(self.a.port, OVERLOAD_S, OVERLOAD_CONNS,
                  lambda: ("load", "/api/v1/feed?viewer=%d" % self.rng.choice(cached))), probe())

        def check(rs):
            bad = [r for _, r in rs if r.status not in (200, 503)]
            slow_health = [h for h in health if h.status != 200 or h.ms > 500]
            return ["%d answers neither 200 nor 503" % len(bad) if bad else None,
                    "/healthz during overload: %s" % ["%d in %.0f ms" % (h.status, h.ms) for h in slow_health]
                    if slow_health else None]
        self.table.add("%d-connection overload" % OVERLOAD_CONNS, replies, False, extra_check=check)

    async def hostile(self):
        v = self.take_uncached(2)
        page = json.loads((await Conn(self.a.port).get("/api/v1/feed?viewer=%d&limit=2" % v[0])).body)
        cursor = page["next_page"]
        flip = cursor[:-1] + ("B" if cursor[-1] == "A" else "A")
        low_bits = cursor[:-1] + chr(ord(cursor[-1]) + 1) if cursor[-1] not in "9_-zZ" else cursor[:-1] + "A"
        feed = "/api/v1/feed?viewer=%d" % v[0]
        reqs = []

        def get(target, extra=b""):
            reqs.append(b"GET " + target.encode("latin-1") + b" HTTP/1.1\r\nHost: x\r\n" + extra + b"\r\n")

        for q in ["viewer=%zz", "viewer=%", "viewer=1%2", "viewer=%00", "viewer=%C0%AF", "viewer=%D9%A1", "viewer=+5",
                  "viewer=0", "viewer=-5", "viewer=abc", "viewer=99999999999999999999", "", "limit=5",
                  "viewer=%d&viewer=%d" % (v[0], v[1])]:
            get("/api/v1/feed?" + q)
        for q in ["limit=-1", "limit=0", "limit=101", "limit=abc", "limit=5&limit=6", "seed=-1",
                  "cursor=", "cursor=abc", "cursor=@@@@", "cursor=" + cursor + "=",
                  "cursor=" + cursor + "%3D", "cursor=" + low_bits, "cursor=" + flip,
                  "cursor=" + cursor[:10] + "x" + cursor[11:], "cursor=" + "A" * 3000]:
            get(feed + "&" + q)
        get("/api/v1/feed?viewer=%d&cursor=%s" % (v[1], cursor))                       # another viewer's cursor
        get("/api/v1/%zzfeed?viewer=1")
        get("/no/such/path")
        get("/api/v1/feed?viewer=1&q=" + "a" * (1 << 20))                               # 1 MB query string
        get("/api/v1/feed?viewer=1&q=" + "a" * 5000)
        get(feed, b"X-Big: " + b"a" * (1 << 20) + b"\r\n")                               # 1 MB header
        get(feed, b"".join(b"X-H%d: v\r\n" % i for i in range(1000)))                    # 1000 headers
        get(feed, b"X-Big: " + b"a" * 9000 + b"\r\n")
        reqs.append(b"POST " + feed.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        reqs.append(b"PUT /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        reqs.append(b"GETT " + feed.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        body = b'{"author_id":'
        reqs.append(b"POST /api/v1/posts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                    % (len(body), body))
        body = b'{"author_id":"abc","text":"x"}'
        reqs.append(b"POST /api/v1/posts HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        body = b'{"follower_id":"-1","followee_id":"x"}'
        reqs.append(b"POST /api/v1/follows HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        reqs.append(b"POST /api/v1/posts HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n{")
        reqs.append(b"DELETE /api/v1/posts/abc HTTP/1.1\r\nHost: x\r\n\r\n")
        reqs.append(b"POST /api/v1/posts HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        reqs.append(b"POST /api/v1/posts HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello")
        reqs.append(b"GET " + feed.encode() + b" HTTP/1.1\r\n\r\n")                      # no Host
        reqs.append(b"GET " + feed.encode() + b" HTTP/1.1\r\nBad Header: x\r\nHost: x\r\n\r\n")
        reqs.append(b"GET /api/v1/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n")
        assert len(reqs) == 50, len(reqs)
        log("50 hostile requests")
        replies = []
        for raw in reqs:
            replies.append(("hostile", await http_once(self.a.port, raw)))

        def check(rs):
            bad = []
            for (_, r), raw in zip(rs, reqs):
                ok = 400 <= r.status < 500 and "application/json" in r.headers
                if ok:
                    try:
                        ok = "code" in json.loads(r.body)["error"]
                    except (ValueError, KeyError, TypeError):
                        ok = False
                if not ok:
                    bad.append("%s -> %s %r" % (raw[:60], r.status or "no answer", r.body[:80]))
            for b in bad:
                log("hostile request without a JSON 4xx: " + b)
            return ["%d of %d hostile requests without a JSON 4xx" % (len(bad), len(rs))] if bad else []
        self.table.add("50 hostile requests", replies, False, extra_check=check)

    async def missed_invalidation(self):
        """Instance B's pub/sub link is dropped (and kept down) while A deletes a post B serves;
        then B resubscribes. Measures how long B keeps serving the deleted post after that."""
        b = self.b
        v = None
        for cand in self.take_uncached(40):
            await self.warm(b.port, [cand])
            items = json.loads((await Conn(b.port).get("/api/v1/feed?viewer=%d" % cand)).body)["items"]
            own = [i for i in items if i["author"]["id"] != str(cand)]
            if own:
                v, post = cand, own[0]["id"]
                break
        if v is None:
            raise RuntimeError("no viewer with a followed author's post on its first page")
        subs = self.redis.pubsub_clients("faults-b")
        if len(subs) != 1:
            raise RuntimeError("expected one pub/sub client named faults-b, found %d" % len(subs))
        connected = int(re.search(r"connected_clients:(\d+)", self.redis.cmd("INFO", "clients")).group(1))
        self.redis.cmd("CONFIG", "SET", "maxclients", str(connected - 1))   # no new connection until reset
        self.redis.cmd("CLIENT", "KILL", "ID", subs[0]["id"])
        c = Conn(b.port)
        deleted = await http_once(self.a.port, b"DELETE /api/v1/posts/%s HTTP/1.1\r\nHost: x\r\n\r\n" % post.encode())
        t_delete = time.monotonic()
        if deleted.status != 200:
            raise RuntimeError("DELETE on A answered %d %r" % (deleted.status, deleted.body))
        reads = []

        async def poll(until):
            while time.monotonic() < until:
                r = await c.get("/api/v1/feed?viewer=%d" % v)
                stale = r.status == 200 and any(i["id"] == post for i in json.loads(r.body)["items"])
                reads.append((r.started, stale, r))
                await asyncio.sleep(0.01)

        await poll(time.monotonic() + 2)                                        # the gap: B cannot know
        gap_stale = sum(1 for _, s, _ in reads if s)
        self.redis.cmd("CONFIG", "SET", "maxclients", "10000")
        t_open = time.monotonic()
        resubscribed = None

        async def watch():
            nonlocal resubscribed
            while resubscribed is None and time.monotonic() < t_open + 10:
                if self.redis.pubsub_clients("faults-b"):
                    resubscribed = time.monotonic()
                await asyncio.sleep(0.005)

        await asyncio.gather(watch(), poll(t_open + 4))
        c.close()
        if resubscribed is None:
            self.table.add("dropped pub/sub link during an invalidation", [("b", r) for _, _, r in reads], False,
                           stale="B never resubscribed")
            self.table.missed.append("B never resubscribed")
            return
        late = [t for t, s, _ in reads if s and t > resubscribed + 0.1]
        last_stale = max((t for t, s, _ in reads if s), default=t_delete)
        stale = ("stale in %d of %d reads during the 2 s gap; last stale read %.0f ms after the delete, %+.0f ms "
                 "from the resubscribe (%.0f ms after the link came back)"
                 % (gap_stale, len([1 for t, _, _ in reads if t < t_open]), (last_stale - t_delete) * 1000,
                    (last_stale - resubscribed) * 1000, (resubscribed - t_open) * 1000))
        self.table.add("dropped pub/sub link during an invalidation", [("b", r) for _, _, r in reads], False,
                       stale=stale,
                       extra_check=lambda rs: ["%d stale reads started > 100 ms after B resubscribed" % len(late)
                                               if late else None,
                                               "the deleted post was not stale during the gap (the link was not down?)"
                                               if not gap_stale else None])

    async def run(self):
        self.redis.start()
        self.a.start()
        self.viewers()
        log("demo A on port %d, %d viewers with follows" % (self.a.port, len(self.pool)))
        await self.under_fault("PostgreSQL stopped", lambda: pg_ctl("-m", "fast", "-w", "stop"), pg_start)
        await self.under_fault("PostgreSQL frozen (SIGSTOP)", lambda: pg_signal(signal.SIGSTOP),
                               lambda: pg_signal(signal.SIGCONT))

        def refuse():
            pg_hba("reject")
            psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                 " AND pid <> pg_backend_pid()")
        await self.under_fault("PostgreSQL refusing (pg_hba reject)", refuse, lambda: pg_hba("trust"))

        def redis_restart():
            self.redis.start()
        await self.under_fault("Redis killed", self.redis.kill, redis_restart)
        await self.under_fault("Redis frozen (SIGSTOP)", lambda: self.redis.proc.send_signal(signal.SIGSTOP),
                               lambda: self.redis.proc.send_signal(signal.SIGCONT))
        self.b = Demo("b").start()
        await self.missed_invalidation()
        await self.slowloris()
        await self.overload()
        await self.hostile()


def main():
    suite = Suite()
    try:
        asyncio.run(suite.run())
    finally:
        for d in (suite.a, suite.b):
            if d:
                d.stop()
    print("fault suite (%s mode): demo on private PostgreSQL and Redis, %d users, %d posts; each PostgreSQL and"
          " Redis fault %d s under %d connections (80 %% cached viewers, 20 %% unseen ones); deadline %d ms"
          % ("short" if SHORT else "full", USERS, POSTS, FAULT_S, CONNS, DEADLINE_MS))
    suite.table.print()
    sys.exit(1 if suite.table.missed else 0)


if __name__ == "__main__":
    main()
