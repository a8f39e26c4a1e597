"""Reading a run.sh result (target/jmh-<mode>.json and .txt): shared by summarize.py and targets.py."""
import json
import os

here = os.path.dirname(os.path.abspath(__file__))


def load(mode):
    """Returns the run's results (the parsed JSON) and its text output."""
    results = json.load(open(os.path.join(here, "target", "jmh-%s.json" % mode)))
    text = open(os.path.join(here, "target", "jmh-%s.txt" % mode)).read()
    return results, text


def find_in(results, name, **params):
    """The result of benchmark `name` (by suffix) with the given @Param values."""
    for r in results:
        if r["benchmark"].endswith("." + name) and all(r.get("params", {}).get(k) == v for k, v in params.items()):
            return r
    raise KeyError(name)


def median(metric):
    """The median of the measured iterations (of every fork), as the README quotes."""
    v = sorted(x for fork in metric["rawData"] for x in fork)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2
