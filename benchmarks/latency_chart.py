#!/usr/bin/env python3
"""Draws a latency-percentile chart (SVG, no dependencies) from loadtest.sh's wrk results.

usage: latency_chart.py OUT.svg NAME=RESULT_FILE [NAME=RESULT_FILE ...]
A result file holds the lines the wrk script prints: "PCT <percentile> <microseconds>".
X: percentile on a log scale of 1/(1-p) (50, 90, 99, 99.9, 99.99); Y: latency in ms, log scale.
"""
import math
import sys

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#7f7f7f"]
W, H, L, R, T, B = 900, 460, 70, 300, 40, 60


def read(path):
    points = []
    for line in open(path):
        parts = line.split()
        if len(parts) == 3 and parts[0] == "PCT":
            points.append((float(parts[1]), float(parts[2]) / 1000.0))
    return points


def x_of(p):
    return math.log10(1.0 / (1.0 - p / 100.0))


def main():
    out, series = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
    data = [(name, read(path)) for name, path in series]
    ys = [ms for _, pts in data for _, ms in pts if ms > 0]
    lo = 10 ** math.floor(math.log10(min(ys)))
    hi = 10 ** math.ceil(math.log10(max(ys)))
    xmax = x_of(99.99)

    def px(p):
        return L + (W - L - R) * x_of(p) / xmax

    def py(ms):
        ms = max(ms, lo)
        return T + (H - T - B) * (1 - (math.log10(ms) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)))

    s = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (W, H),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="%d" y="22" font-size="15">Latency by percentile (wrk, fixed concurrency), log scales</text>' % L]
    for p in (50, 90, 99, 99.9, 99.99):
        s.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>' % (px(p), T, px(p), H - B))
        s.append('<text x="%.1f" y="%d" text-anchor="middle">p%g</text>' % (px(p), H - B + 18, p))
    decade = lo
    while decade <= hi * 1.0001:
        s.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (L, py(decade), W - R, py(decade)))
        s.append('<text x="%d" y="%.1f" text-anchor="end">%g ms</text>' % (L - 6, py(decade) + 4, decade))
        decade *= 10
    s.append('<text x="%d" y="%d" text-anchor="middle">percentile</text>' % ((L + W - R) // 2, H - 18))
    for i, (name, pts) in enumerate(data):
        c = COLORS[i % len(COLORS)]
        path = " ".join("%.1f,%.1f" % (px(p), py(ms)) for p, ms in pts)
        s.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (c, path))
        for p, ms in pts:
            s.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (px(p), py(ms), c))
        s.append('<rect x="%d" y="%d" width="14" height="4" fill="%s"/>' % (W - R + 14, T + 10 + 20 * i, c))
        s.append('<text x="%d" y="%d">%s</text>' % (W - R + 34, T + 16 + 20 * i, name))
    s.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(s) + "\n")


if __name__ == "__main__":
    main()
