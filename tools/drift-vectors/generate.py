#!/usr/bin/python3
"""Writes tests/MonitorHub.Core.Tests/Drift/vectors.json: scipy 1.10 / numpy reference values
for the C# drift statistics. Run with Debian's /usr/bin/python3 (python3-scipy, python3-numpy).

Inputs are generated with fixed seeds, rounded (to 6 decimals, or integers) *before* the
reference values are computed, and written with repr() so C# parses the identical doubles.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "MonitorHub.Core.Tests", "Drift", "vectors.json")


def r6(a):
    return [float(x) for x in np.round(np.asarray(a, dtype=float), 6)]


def rng(seed):
    return np.random.default_rng(seed)


# Large inputs are stored once (rounded to 4 decimals) and referenced by cases as
# {"array": name, "count": k} = the first k values, which keeps vectors.json small.
ARRAYS = {
    "N0": [float(x) for x in np.round(rng(14).normal(size=20000), 4)],
    "N1": [float(x) for x in np.round(rng(15).normal(0.02, 1, size=20000), 4)],
    "N2": [float(x) for x in np.round(rng(16).normal(0.1, 1, size=12000), 4)],
}


def resolve(v):
    return ARRAYS[v["array"]][: v["count"]] if isinstance(v, dict) else v


def ref(name, count):
    return {"array": name, "count": count}


def ks_case(name, a, b):
    res = stats.ks_2samp(np.asarray(resolve(a)), np.asarray(resolve(b)), alternative="two-sided", method="auto")
    return {"name": name, "a": a, "b": b, "statistic": float(res.statistic), "pValue": float(res.pvalue)}


def ks_cases():
    out = []
    out.append(ks_case("small_normal_20_vs_25", r6(rng(1).normal(size=20)), r6(rng(2).normal(size=25))))
    out.append(ks_case("small_equal_30_vs_30", r6(rng(3).normal(size=30)), r6(rng(4).normal(size=30))))
    out.append(ks_case("unequal_shifted_200_vs_350", r6(rng(5).normal(size=200)), r6(rng(6).normal(0.5, 1, size=350))))
    out.append(ks_case("tied_integers_500_vs_400",
                       [float(x) for x in rng(7).integers(0, 10, 500)], [float(x) for x in rng(8).integers(0, 10, 400)]))
    out.append(ks_case("heavy_ties_three_values_1000_vs_800",
                       [float(x) for x in rng(9).integers(0, 3, 1000)], [float(x) for x in rng(10).integers(0, 3, 800)]))
    same = r6(rng(11).normal(size=100))
    out.append(ks_case("identical_samples_100", same, list(same)))
    out.append(ks_case("constant_identical_50_vs_60", [5.0] * 50, [5.0] * 60))
    out.append(ks_case("constant_disjoint_10_vs_12", [1.0] * 10, [2.0] * 12))
    out.append(ks_case("one_vs_one", [1.0], [2.0]))
    out.append(ks_case("strong_shift_300_vs_300", r6(rng(12).normal(size=300)), r6(rng(13).normal(1.5, 1, size=300))))
    out.append(ks_case("exact_boundary_equal_10000", ref("N0", 10000), ref("N1", 10000)))
    out.append(ks_case("exact_boundary_unequal_10000_vs_6000", ref("N0", 10000), ref("N1", 6000)))
    out.append(ks_case("exact_unequal_3000_vs_2000_shifted", ref("N0", 3000), ref("N2", 2000)))
    out.append(ks_case("asymptotic_20000_vs_15000_small_shift", ref("N0", 20000), ref("N1", 15000)))
    out.append(ks_case("asymptotic_20000_vs_12000_large_shift", ref("N0", 20000), ref("N2", 12000)))
    out.append(ks_case("asymptotic_10001_vs_1", ref("N0", 10001), [0.5]))
    for i, (m, shift) in enumerate([(30, 0.0), (30, 0.6), (60, 0.2), (100, 1.0), (500, 0.0), (500, 0.1), (500, 0.5)]):
        out.append(ks_case(f"asymptotic_12000_vs_{m}_shift_{shift}",
                           ref("N0", 12000), r6(rng(200 + i).normal(shift, 1, size=m))))
    return out


def kstwo_cases():
    # kstwo.sf directly, over (n, d) grids that reach every branch of scipy's _kolmogn.
    out = []
    for n in [1, 2, 5, 10, 50, 140, 141, 500, 5000, 100000, 100001, 500000, 2000000]:
        ds = sorted(set([0.5 / n, 0.75 / n, 1.0 / n, 1.5 / n, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.5, 0.7,
                         0.99, 1.0, 0.5 / math.sqrt(n), 1.0 / math.sqrt(n), 1.5 / math.sqrt(n), 2.5 / math.sqrt(n),
                         5.0 / math.sqrt(n), 10.0 / math.sqrt(n), 0.8 * (1.4 / n) ** (2.0 / 3.0)]))
        for d in ds:
            if 0 < d <= 1:
                out.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})
    return out


def smirnov_cases():
    out = []
    for n in [1, 2, 7, 50, 1000, 1013, 5000, 200000, 1000001]:
        for d in [0.0, 0.3 / n, 1.0 / n, 0.001, 0.01, 0.05, 0.1, 0.3, 0.5, 0.9, 1.0, 1.2 / math.sqrt(n), 3.0 / math.sqrt(n)]:
            if 0 <= d <= 1:
                out.append({"n": n, "d": d, "sf": float(special.smirnov(n, d))})
    return out


def chi2sf_cases():
    out = []
    for k in [1, 2, 3, 7, 30, 101, 1000]:
        for x in [0.0, 1e-8, 0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 50.0, 200.0, 900.0, 1100.0, 5000.0]:
            out.append({"dof": k, "x": x, "sf": float(stats.chi2.sf(x, k))})
    return out


def chi2_case(name, ref, cur):
    cats = sorted(set(ref) | set(cur))
    table = np.array([[ref.get(c, 0) for c in cats], [cur.get(c, 0) for c in cats]])
    res = stats.chi2_contingency(table)
    return {"name": name, "reference": ref, "current": cur,
            "statistic": float(res[0]), "pValue": float(res[1]), "dof": int(res[2])}


def chi2_cases():
    return [
        chi2_case("two_categories_yates", {"a": 120, "b": 80}, {"a": 90, "b": 110}),
        chi2_case("two_categories_yates_tiny_difference", {"a": 50, "b": 50}, {"a": 50, "b": 51}),
        chi2_case("two_categories_identical_shares", {"yes": 10, "no": 30}, {"yes": 20, "no": 60}),
        chi2_case("multi_category", {"a": 30, "b": 45, "c": 25, "d": 10}, {"a": 35, "b": 30, "c": 40, "d": 5}),
        chi2_case("unseen_in_reference", {"a": 40, "b": 60}, {"a": 30, "b": 50, "new": 20}),
        chi2_case("unseen_in_current", {"a": 40, "b": 60, "gone": 15}, {"a": 45, "b": 55}),
        chi2_case("single_identical_category", {"only": 10}, {"only": 7}),
        chi2_case("large_counts_many_categories",
                  {f"c{i:02d}": int(1000 + 37 * i) for i in range(40)},
                  {f"c{i:02d}": int(900 + 41 * ((i * 7) % 40)) for i in range(40)}),
        chi2_case("extreme_shift", {"a": 5000, "b": 5}, {"a": 5, "b": 5000}),
    ]


def pairwise_free_shares(counts, n):
    return np.asarray(counts, dtype=float) / n


def fill_zeroes(p):
    p = p.copy()
    np.place(p, p == 0, 0.0001)
    return p


def psi(r, c):
    r, c = fill_zeroes(r), fill_zeroes(c)
    return float(np.sum((r - c) * np.log(r / c)))


def hellinger(r, c):
    s = 0.0
    for i in range(len(r)):
        s += math.sqrt(r[i] * c[i])
    return math.sqrt(1 - s) if s <= 1 else 0.0


def numeric_distance_case(name, ref, cur):
    ref_a, cur_a = np.asarray(ref), np.asarray(cur)
    edges = np.histogram_bin_edges(np.concatenate([ref_a, cur_a]), bins="sturges")
    rc = np.histogram(ref_a, edges)[0]
    cc = np.histogram(cur_a, edges)[0]
    r, c = rc / len(ref_a), cc / len(cur_a)
    return {"name": name, "reference": ref, "current": cur, "edges": [float(e) for e in edges],
            "referenceCounts": [int(x) for x in rc], "currentCounts": [int(x) for x in cc],
            "psi": psi(r, c), "jensenShannon": float(distance.jensenshannon(r, c)), "hellinger": hellinger(r, c),
            "wassersteinNormed": float(stats.wasserstein_distance(ref_a, cur_a) / max(np.std(ref_a), 0.001))}


def categorical_distance_case(name, ref, cur):
    cats = sorted(set(ref) | set(cur))
    nr, nc = sum(ref.values()), sum(cur.values())
    r = np.array([ref.get(k, 0) for k in cats]) / nr
    c = np.array([cur.get(k, 0) for k in cats]) / nc
    return {"name": name, "reference": ref, "current": cur,
            "psi": psi(r, c), "jensenShannon": float(distance.jensenshannon(r, c)), "hellinger": hellinger(r, c)}


def distance_cases():
    num = [
        numeric_distance_case("normal_vs_shifted_normal", r6(rng(30).normal(size=400)), r6(rng(31).normal(0.4, 1.2, size=300))),
        numeric_distance_case("same_distribution", r6(rng(32).normal(size=1500)), r6(rng(33).normal(size=1200))),
        numeric_distance_case("values_on_edges_power_of_two_total", [0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 2.0, 4.0],
                              [0.0, 10.0, 10.0, 6.0, 6.0, 4.0, 8.0, 2.0]),
        numeric_distance_case("integers_on_edges", [float(x) for x in range(0, 11)], [float(x) for x in range(5, 16)]),
        numeric_distance_case("constant_reference", [3.0] * 50, r6(rng(34).normal(3, 1, size=40))),
        numeric_distance_case("both_constant_same_value", [7.0] * 20, [7.0] * 30),
        numeric_distance_case("current_outside_reference_range", r6(rng(35).uniform(0, 1, size=200)),
                              r6(rng(36).uniform(5, 6, size=100))),
        numeric_distance_case("large_wasserstein_6000_vs_5000", r6(rng(37).lognormal(size=6000)), r6(rng(38).lognormal(0.05, 1, size=5000))),
    ]
    cat = [
        categorical_distance_case("categorical_shift", {"a": 50, "b": 30, "c": 20}, {"a": 30, "b": 30, "c": 40}),
        categorical_distance_case("categorical_unseen_in_reference", {"a": 50, "b": 50}, {"a": 40, "b": 40, "new": 20}),
        categorical_distance_case("categorical_unseen_in_current", {"a": 50, "b": 40, "gone": 10}, {"a": 60, "b": 40}),
        categorical_distance_case("categorical_identical", {"x": 3, "y": 9}, {"x": 30, "y": 90}),
    ]
    return num, cat


def correction_cases():
    out = []
    for name, ps in [("mixed", [0.01, 0.04, 0.03, 0.005, 0.5, 0.2]),
                     ("with_ties_and_one", [0.02, 0.02, 1.0, 0.001, 0.049]),
                     ("single", [0.03]),
                     ("random_20", [float(x) for x in rng(40).uniform(0, 0.2, size=20)])]:
        p = np.asarray(ps, dtype=float)
        m = len(p)
        order = np.argsort(p)
        # Benjamini-Hochberg exactly as scipy.stats.false_discovery_control (scipy >= 1.11; not in 1.10).
        sp = p[order] * (m / np.arange(1, m + 1))
        sp = np.minimum.accumulate(sp[::-1])[::-1]
        bh = np.empty(m)
        bh[order] = np.clip(sp, 0, 1)
        out.append({"name": name, "pValues": ps, "bonferroni": [float(x) for x in np.minimum(1.0, p * m)],
                    "benjaminiHochberg": [float(x) for x in bh]})
    return out


def main():
    num, cat = distance_cases()
    doc = {
        "generator": "tools/drift-vectors/generate.py",
        "scipy": scipy.__version__, "numpy": np.__version__, "arrays": ARRAYS,
        "ks": ks_cases(), "kstwo": kstwo_cases(), "smirnov": smirnov_cases(), "chi2Sf": chi2sf_cases(),
        "chi2": chi2_cases(), "numericDistances": num, "categoricalDistances": cat, "corrections": correction_cases(),
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
