#!/usr/bin/python3
"""Writes tests/MonitorHub.Core.Tests/Deployments/stats-vectors.json: scipy 1.10 / statsmodels 0.13
reference values for the C# deployment statistics (Core/Deployments/Statistics). Run with Debian's
/usr/bin/python3 (python3-scipy, python3-numpy, python3-statsmodels).

Inputs are generated with fixed seeds and rounded (to 4 or 6 decimals, or integers) *before* the
reference values are computed, and written with repr() so C# parses the identical doubles.
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
from scipy import stats
import statsmodels
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.inter_rater import cohens_kappa
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, proportions_ztest

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "MonitorHub.Core.Tests", "Deployments", "stats-vectors.json")

# The Hodges-Lehmann reference materialises every pairwise difference; above this it is left out.
MAX_PAIRS_FOR_HL = 12_000_000


def rng(seed):
    return np.random.default_rng(seed)


def r6(a):
    return [float(x) for x in np.round(np.asarray(a, dtype=float), 6)]


def ints(a):
    return [float(x) for x in a]


# Large inputs are stored once and referenced as {"array": name, "count": k} = the first k values.
ARRAYS = {
    "L0": [float(x) for x in np.round(rng(100).lognormal(4.6, 0.3, size=30000), 2)],
    "L1": [float(x) for x in np.round(rng(101).lognormal(4.61, 0.3, size=30000), 2)],
    "T0": ints(rng(102).integers(0, 40, size=10000)),
    "T1": ints(rng(103).integers(1, 41, size=10000)),
}


def resolve(v):
    return np.asarray(ARRAYS[v["array"]][: v["count"]] if isinstance(v, dict) else v, dtype=float)


def ref(name, count):
    return {"array": name, "count": count}


def mwu_case(name, x, y):
    a, b = resolve(x), resolve(y)
    res = stats.mannwhitneyu(a, b, method="asymptotic", use_continuity=True)
    case = {"name": name, "x": x, "y": y, "statistic": float(res.statistic), "pValue": float(res.pvalue),
            "meanRatio": float(np.mean(b) / np.mean(a)) if np.mean(a) != 0 else None}
    # Hodges-Lehmann shift of y relative to x (candidate - baseline), numpy's median of all differences.
    case["hodgesLehmann"] = float(np.median(np.subtract.outer(b, a))) if a.size * b.size <= MAX_PAIRS_FOR_HL else None
    return case


def mwu_cases():
    out = []
    out.append(mwu_case("small_10_vs_12", r6(rng(1).normal(size=10)), r6(rng(2).normal(0.5, 1, size=12))))
    out.append(mwu_case("tied_integers_300_vs_250", ints(rng(3).integers(0, 6, 300)), ints(rng(4).integers(0, 6, 250))))
    out.append(mwu_case("heavy_ties_three_values_1000_vs_800", ints(rng(5).integers(0, 3, 1000)), ints(rng(6).integers(0, 3, 800))))
    out.append(mwu_case("all_equal_20_vs_30", [5.0] * 20, [5.0] * 30))
    out.append(mwu_case("disjoint_5_vs_5", [1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 9.0, 10.0]))
    out.append(mwu_case("one_vs_one", [1.0], [2.0]))
    out.append(mwu_case("one_vs_one_equal", [3.0], [3.0]))
    out.append(mwu_case("unequal_7_vs_400_shifted", r6(rng(7).normal(size=7)), r6(rng(8).normal(0.8, 1, size=400))))
    out.append(mwu_case("negative_and_zero_mean", r6(rng(9).normal(-2, 1, size=60)), r6(rng(10).normal(-1.5, 1, size=70))))
    out.append(mwu_case("strong_shift_2000_vs_2000_tiny_p", r6(rng(11).normal(size=2000)), r6(rng(12).normal(1.0, 1, size=2000))))
    out.append(mwu_case("lognormal_3000_vs_4000", ref("L0", 3000), ref("L1", 4000)))
    out.append(mwu_case("ties_large_10000_vs_10000", ref("T0", 10000), ref("T1", 10000)))
    out.append(mwu_case("large_30000_vs_30000", ref("L0", 30000), ref("L1", 30000)))
    out.append(mwu_case("large_unequal_30000_vs_400", ref("L0", 30000), ref("L1", 400)))
    return out


def wilcoxon_case(name, x, y):
    a, b = resolve(x), resolve(y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = stats.wilcoxon(a, b)
    d = a - b
    exact = len(d) <= 50 and not np.any(d == 0)
    return {"name": name, "x": x, "y": y, "statistic": float(res.statistic), "pValue": float(res.pvalue),
            "method": "exact" if exact else "approximate"}


def wilcoxon_cases():
    out = []
    x = r6(rng(20).normal(size=10))
    out.append(wilcoxon_case("exact_10", x, r6(rng(21).normal(0.3, 1, size=10))))
    out.append(wilcoxon_case("exact_1", [2.0], [1.0]))
    out.append(wilcoxon_case("exact_1_negative", [1.0], [2.0]))
    out.append(wilcoxon_case("exact_all_positive_30", r6(rng(22).normal(5, 1, size=30)), [0.0] * 30))
    out.append(wilcoxon_case("exact_ties_20", ints(rng(23).integers(0, 6, 20)), ints(rng(24).integers(6, 9, 20) - 3.5)))
    # Ties in the exact branch: scipy looks up int(r+) = int(8.5) = 8 in the tie-free distribution.
    out.append(wilcoxon_case("exact_fractional_rank_sum", [1.0, -1.0, 2.0, 3.0], [0.0, 0.0, 0.0, 0.0]))
    out.append(wilcoxon_case("exact_centre_4", [1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 5.0, 5.0]))
    out.append(wilcoxon_case("exact_boundary_50", r6(rng(25).normal(size=50)), r6(rng(26).normal(0.2, 1, size=50))))
    out.append(wilcoxon_case("approx_boundary_51", r6(rng(27).normal(size=51)), r6(rng(28).normal(0.2, 1, size=51))))
    out.append(wilcoxon_case("zeros_switch_to_approx_15",
                             ints(rng(29).integers(0, 5, 15)), ints(rng(30).integers(0, 5, 15))))
    out.append(wilcoxon_case("zeros_and_ties_1000", ints(rng(31).integers(0, 10, 1000)), ints(rng(32).integers(0, 11, 1000))))
    out.append(wilcoxon_case("one_nonzero_among_zeros", [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 3.5]))
    out.append(wilcoxon_case("large_5000", ref("L0", 5000), ref("L1", 5000)))
    return out


def mcnemar_cases():
    out = []
    for b, c in [(0, 0), (3, 11), (5, 5), (0, 7), (1, 0), (100, 130), (10, 200), (2000, 2100), (50000, 49000), (0, 1000)]:
        p = 1.0 if b + c == 0 else min(1.0, 2 * stats.binom.cdf(min(b, c), b + c, 0.5))
        sm = mcnemar([[0, b], [c, 0]], exact=True)
        out.append({"name": f"b{b}_c{c}", "b": b, "c": c, "statistic": float(min(b, c)), "pValue": float(p),
                    "statsmodelsPValue": float(sm.pvalue)})
    return out


def wilson_cases():
    out = []
    for s, n, conf in [(0, 10, 0.95), (3, 10, 0.95), (10, 10, 0.9), (512, 1000, 0.99), (1, 1000000, 0.95),
                       (7, 20, 0.5), (50, 100, 0.999999), (1, 1, 0.95), (999, 1000, 0.8)]:
        low, high = proportion_confint(s, n, alpha=1 - conf, method="wilson")
        out.append({"name": f"s{s}_n{n}_c{conf}", "successes": s, "n": n, "confidence": conf,
                    "low": float(low), "high": float(high)})
    return out


def two_proportion_cases():
    out = []
    for s1, n1, s2, n2 in [(60, 1000, 20, 1000), (5, 10, 3, 12), (0, 100, 10, 100), (905, 1000, 900, 1000),
                           (1, 1, 0, 1), (40, 50, 40, 50), (123, 4567, 150, 4321), (30000, 100000, 29500, 100000)]:
        z, p = proportions_ztest([s1, s2], [n1, n2])
        low, high = confint_proportions_2indep(s1, n1, s2, n2, method="newcomb", compare="diff", alpha=0.05)
        out.append({"name": f"{s1}of{n1}_vs_{s2}of{n2}", "successes1": s1, "n1": n1, "successes2": s2, "n2": n2,
                    "statistic": float(z), "pValue": float(p), "low": float(low), "high": float(high)})
    return out


def kappa_cases():
    out = []
    labels = ["cat", "dog", "bird"]
    for name, seed, n, noise in [("three_labels_agree_90", 40, 500, 0.1), ("three_labels_agree_50", 41, 300, 0.5),
                                 ("small_8", 42, 8, 0.4)]:
        g = rng(seed)
        x = [labels[i] for i in g.integers(0, 3, n)]
        y = [labels[g.integers(0, 3)] if g.random() < noise else v for v in x]
        out.append(kappa_case(name, x, y))
    out.append(kappa_case("disjoint_labels", ["a", "a", "b"], ["c", "c", "d"]))
    out.append(kappa_case("perfect", ["a", "b", "a", "c"], ["a", "b", "a", "c"]))
    return out


def kappa_case(name, x, y):
    cats = sorted(set(x) | set(y))
    table = np.zeros((len(cats), len(cats)))
    for a, b in zip(x, y):
        table[cats.index(a), cats.index(b)] += 1
    res = cohens_kappa(table)
    return {"name": name, "x": x, "y": y, "kappa": float(res.kappa), "agreement": float(np.trace(table) / len(x))}


def normal_cases():
    xs = [-40.0, -38.5, -20.0, -8.0, -5.0, -1.5, -0.7, -0.1, 0.0, 0.3, 0.70710678, 1.0, 2.5, 6.0, 9.0, 30.0]
    ps = [1e-300, 1e-20, 1e-8, 0.001, 0.02425, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.97575, 0.999, 1 - 1e-10]
    binom = [(0, 1), (3, 14), (7, 14), (5, 10), (0, 1000), (100, 230), (450, 1000), (49000, 99000), (1000, 2000)]
    return {"sf": [{"x": x, "sf": float(stats.norm.sf(x)), "cdf": float(stats.norm.cdf(x))} for x in xs],
            "ppf": [{"p": p, "ppf": float(stats.norm.ppf(p))} for p in ps],
            "binomHalfCdf": [{"k": k, "n": n, "cdf": float(stats.binom.cdf(k, n, 0.5))} for k, n in binom]}


def main():
    doc = {
        "generator": "tools/stats-vectors/generate.py",
        "scipy": scipy.__version__, "numpy": np.__version__, "statsmodels": statsmodels.__version__, "arrays": ARRAYS,
        "mannWhitney": mwu_cases(), "wilcoxon": wilcoxon_cases(), "mcnemar": mcnemar_cases(), "wilson": wilson_cases(),
        "twoProportions": two_proportion_cases(), "kappa": kappa_cases(), "normal": normal_cases(),
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
