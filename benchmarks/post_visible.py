#!/usr/bin/env python3
"""Post-to-visible latency across two instances, for benchmarks/loadtest.sh.

For each sample, a different (follower, author) pair: create a post by the author on instance A
(POST /api/v1/posts), then poll the follower's first page on instance B
(GET /api/v1/feed?viewer=..&limit=20) until it holds the new post's id. The latency is from just
before the create call to the poll response that shows the post, so it includes the create call
itself (reported apart as well). Before measuring, every follower's first page is read on B twice (the first read builds
the timeline, the second one keeps the page in B's memory), so each sample starts from the state
issue 9 targets: a warm viewer whose newest page B serves without a network round trip, and which
only a push, through Redis pub/sub, can refresh.

  post_visible.py A_URL B_URL PAIRS_FILE SAMPLES PULL_THRESHOLD
PAIRS_FILE: lines "follower author author_followers" (no block between them, either direction).
Prints RESULT / PCT lines (milliseconds) and one line per sample to stderr with --verbose.
Standard library only.
"""
import http.client
import json
import math
import sys
import time
import urllib.parse

POLL_TIMEOUT_S = 5.0


class Client:
    """One keep-alive HTTP/1.1 connection to one instance."""

    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)

    def request(self, method, path, body=None):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        data = json.dumps(body).encode() if body is not None else None
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                return r.status, r.read()
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
                if attempt == 2:
                    raise

    def first_page(self, viewer):
        return self.request("GET", "/api/v1/feed?viewer=%d&limit=20" % viewer)


def choose(pairs_file, samples):
    """Pairs with a follower and an author not used before, in the file's (random) order."""
    chosen, followers, authors = [], set(), set()
    for line in open(pairs_file):
        parts = line.split()
        if len(parts) != 3:
            continue
        f, a, n = int(parts[0]), int(parts[1]), int(parts[2])
        if f in followers or a in authors or f == a:
            continue
        chosen.append((f, a, n))
        followers.add(f)
        authors.add(a)
        if len(chosen) == samples:
            break
    return chosen


def pct(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, math.ceil(p / 100.0 * len(s)) - 1)]


def main():
    a_url, b_url, pairs_file, samples, pull = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    verbose = "--verbose" in sys.argv
    a, b = Client(a_url), Client(b_url)
    pairs = choose(pairs_file, samples)
    if len(pairs) < samples:
        print("post_visible: only %d distinct pairs for %d samples" % (len(pairs), samples), file=sys.stderr)
    for f, _, _ in pairs:  # the first read falls back to the keyset query and rebuilds the timeline
        b.first_page(f)
    time.sleep(2)
    for f, _, _ in pairs:  # now from the timeline; B keeps the page
        b.first_page(f)
    lat, lat_fan, lat_pull, created, bad, missed, polls = [], [], [], [], 0, 0, 0
    for i, (f, author, followers) in enumerate(pairs):
        t0 = time.perf_counter()
        status, body = a.request("POST", "/api/v1/posts", {"author_id": str(author), "text": "visible %d" % i})
        if status != 201:
            bad += 1
            print("post_visible: create answered %d: %s" % (status, body[:200]), file=sys.stderr)
            continue
        post_id = json.loads(body)["id"]
        created.append((time.perf_counter() - t0) * 1000.0)
        seen = False
        while time.perf_counter() - t0 < POLL_TIMEOUT_S:
            status, page = b.first_page(f)
            polls += 1
            if status != 200:
                bad += 1
                continue
            if any(item["id"] == post_id for item in json.loads(page)["items"]):
                seen = True
                break
        ms = (time.perf_counter() - t0) * 1000.0
        if not seen:
            missed += 1
            print("post_visible: post %s by %d not on follower %d's first page after %.0f s"
                  % (post_id, author, f, POLL_TIMEOUT_S), file=sys.stderr)
            continue
        lat.append(ms)
        (lat_pull if followers >= pull else lat_fan).append(ms)
        if verbose:
            print("sample %d follower %d author %d (%d followers): %.2f ms" % (i, f, author, followers, ms),
                  file=sys.stderr)
        time.sleep(0.02)
    print("RESULT samples=%d seen=%d missed=%d non2xx=%d polls=%d fanned_out=%d pulled=%d"
          % (len(pairs), len(lat), missed, bad, polls, len(lat_fan), len(lat_pull)))
    for p in (50, 90, 99, 100):
        if lat:
            print("PCT %g %.3f" % (p, pct(lat, p)))
    for name, values in (("fanned_out", lat_fan), ("pulled", lat_pull), ("create_call", created)):
        if values:
            print("PCT_%s 50 %.3f 99 %.3f" % (name, pct(values, 50), pct(values, 99)))


if __name__ == "__main__":
    main()
