#!/usr/bin/python3
"""Errors of the hindcast's best parameter set by region and by size of event.

    /usr/bin/python3 tools/hindcast_errors.py [out/hindcast/calibration.h5]

Reads the results file of `displace calibrate scenarios/hindcast/calibrate.yaml` (the best set's
modelled value of every target, median over its seeds, as the fit report's "best" column) and
prints, for the calibration and the held-out (validation) targets, per group of countries and
per size of the observed figure: the number of targets, how many are modelled as 0, the median
log10(modelled / observed) (the bias; -inf counts as below every finite value), the median
|log10 ratio| and the share within a factor of 2 -- the definitions of docs/observations.md --
and over each set of targets Spearman's rank correlation of modelled and observed.
"""
import math
import os
import sys

import h5py
import numpy as np

from hindcast_baseline import spearman

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
REGIONS = [
    ("Mexico", {"MEX"}),
    ("Central America", {"BLZ", "GTM", "HND", "SLV", "NIC", "CRI", "PAN"}),
    ("Colombia", {"COL"}),
    ("Greater Antilles", {"CUB", "HTI", "DOM", "JAM", "PRI"}),
    ("Bahamas, Turks and Caicos, Cayman, Bermuda", {"BHS", "TCA", "CYM", "BMU"}),
    ("Lesser Antilles and Virgin Islands", None),  # every other country
]
SIZES = [("< 1,000", 0, 1e3), ("1,000-9,999", 1e3, 1e4), ("10,000-99,999", 1e4, 1e5),
         (">= 100,000", 1e5, math.inf)]


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def region_of(iso3):
    for name, members in REGIONS:
        if members is None or iso3 in members:
            return name
    raise AssertionError(iso3)


def summary(ratios):
    lr = np.array([math.log10(r) if r > 0 else -math.inf for r in ratios])
    return (len(lr), int(np.sum(lr == -math.inf)), float(np.median(lr)),
            float(np.median(np.abs(lr))), float(np.mean(np.abs(lr) <= math.log10(2))))


def fmt(x):
    return "-inf" if x == -math.inf else ("inf" if x == math.inf else f"{x:+.2f}")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "out", "hindcast",
                                                              "calibration.h5")
    with h5py.File(path, "r") as f:
        best = int(f.attrs["best_set"])
        targets = [text(t) for t in f["row_target"][:]]
        roles = [text(r) for r in f["row_role"][:]]
        observed = f["row_observed"][:]
        modelled = np.median(f["modelled"][best, :, :], axis=0)
    rows = []
    for t, role, o, m in zip(targets, roles, observed, modelled):
        rows.append(dict(target=t, role=role, iso3=t.rsplit("_", 1)[1], observed=float(o),
                         modelled=float(m), ratio=float(m) / float(o)))
    print(f"best set {best} of {path}")
    for role in ("calibration", "validation"):
        sel = [r for r in rows if r["role"] == role]
        print(f"\n{role} targets: {len(sel)}")
        print("| group | targets | modelled 0 | median log10 ratio | median |log10 ratio| | "
              "within a factor of 2 |")
        print("|---|---:|---:|---:|---:|---:|")
        groups = [(name, [r for r in sel if region_of(r["iso3"]) == name]) for name, _ in REGIONS]
        groups += [(f"observed {label}", [r for r in sel if lo <= r["observed"] < hi])
                   for label, lo, hi in SIZES]
        groups.append(("all", sel))
        for name, g in groups:
            if not g:
                continue
            n, zeros, bias, med, within = summary([r["ratio"] for r in g])
            print(f"| {name} | {n} | {zeros} | {fmt(bias)} | "
                  f"{'inf' if med == math.inf else f'{med:.2f}'} | {100 * within:.0f} % |")
        rho = spearman([r["modelled"] for r in sel], [r["observed"] for r in sel])
        print(f"\nrank correlation (Spearman) of modelled and observed, {role}: {rho:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
