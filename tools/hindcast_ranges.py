#!/usr/bin/python3
"""The hindcast's best set run as an ensemble on every event: the model's 5-95 % ranges.

    /usr/bin/python3 tools/hindcast_ranges.py [--members 20] [--out out/hindcast/ranges]
                                              [--binary build/release/app/displace]

`displace calibrate scenarios/hindcast/calibrate.yaml` runs each parameter set with one seed, so
its best set has one modelled value per target and no range. This runs every scenario of
scenarios/hindcast/calibrate.yaml with the best set (scenarios/hindcast/fitted.txt, as `--set`s)
and `--members N` (the scenario's member seeds), scores the ensemble file on the scenario's
target with `displace score --csv` (modelled = the median over the members, with the members'
5-95 %; docs/observations.md), and writes ranges.csv (one row per target: observed, its interval,
modelled median, 5-95 %, whether the observation lies inside the 5-95 % whether the two
intervals overlap, and where the people displaced from the country went: the same country, another
country on the grid, an external destination) and ranges.md (coverage by set) in --out. The ranges are the spread of the
households' random draws at one parameter set (no parameter set was accepted, so there is no
parameter uncertainty to add; docs/validation.md).
"""
import argparse
import csv
import io
import math
import os
import subprocess
import sys
import time

import h5py
import numpy as np
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hindcast_fitted import read_fitted  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
HINDCAST = os.path.join(ROOT, "scenarios/hindcast")


def number(text):
    return float(text) if text not in ("", None) else math.nan


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def destinations(run_file, country):
    """People displaced from `country` (displacement flows, pooled over the members and steps) by
    where they went: the same country, another country on the grid, an external destination."""
    with h5py.File(run_file, "r") as f:
        flows = np.asarray(f["flows_people_members"][...], dtype=float)  # m, t, kind, o, d
        kinds = [text(k) for k in f["flow_kind"][...]]
        origins = [text(o) for o in f["origin"][...]]
        dests = [text(d) for d in f["destination"][...]]
        regions = {text(r) for r in f["region"][...]}
    if country not in origins:
        return math.nan, math.nan, math.nan
    row = flows[:, :, kinds.index("displacement"), origins.index(country), :].sum(axis=(0, 1))
    same = sum(row[j] for j, d in enumerate(dests) if d == country)
    grid = sum(row[j] for j, d in enumerate(dests) if d != country and d in regions)
    abroad = sum(row[j] for j, d in enumerate(dests) if d not in regions)
    return same, grid, abroad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--members", type=int, default=20)
    ap.add_argument("--out", default=os.path.join(ROOT, "out/hindcast/ranges"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "build/release/app/displace"))
    ap.add_argument("--threads", default="2")
    ap.add_argument("--first", type=int, default=0, help="only the first N scenarios (a smoke test)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    calibration = yaml.safe_load(open(os.path.join(HINDCAST, "calibrate.yaml")))
    targets = os.path.join(HINDCAST, "targets.csv")
    with open(targets) as f:
        set_of = {r["id"]: r["set"] for r in csv.DictReader(l for l in f if not l.startswith("#"))}
    log = open(os.path.join(a.out, "ranges.log"), "w")
    rows = []
    started = time.time()
    for entry in calibration["scenarios"][:a.first or None]:
        scenario = os.path.join(HINDCAST, entry["path"])
        fitted = read_fitted(os.path.join(HINDCAST, "fitted.txt"), entry.get("groups", []))
        sets = [x for kv in fitted for x in ("--set", kv)]
        run_file = os.path.join(a.out, os.path.basename(entry["path"]).replace(".yaml", ".h5"))
        cmd = [a.binary, "run", scenario, *sets, "--members", str(a.members), "--out", run_file,
               "--threads", a.threads, "--overwrite", "--quiet"]
        log.write("$ " + " ".join(cmd) + "\n")
        log.flush()
        subprocess.run(cmd, check=True, stdout=log, stderr=log)
        score = subprocess.run(
            [a.binary, "score", run_file, targets, "--events", ",".join(entry["events"]), "--csv"],
            check=True, capture_output=True, text=True).stdout
        country = entry["events"][0].rsplit("-", 1)[1]
        same, grid, abroad = destinations(run_file, country)
        for r in csv.DictReader(io.StringIO(score)):
            observed = number(r["observed"])
            lower = number(r.get("observed_lower"))
            upper = number(r.get("observed_upper"))
            lower = observed if math.isnan(lower) else lower
            upper = observed if math.isnan(upper) else upper
            p05, median, p95 = (number(r["modelled_p05"]), number(r["modelled"]),
                                number(r["modelled_p95"]))
            rows.append(dict(
                id=r["id"], event=r["event"], set=set_of[r["id"]], observed=observed,
                observed_lower=lower, observed_upper=upper, members=r["members"],
                modelled=median, modelled_p05=p05, modelled_p95=p95,
                observed_inside=int(p05 <= observed <= p95),
                overlap=int(p05 <= upper and lower <= p95),
                displaced_same_country=same, displaced_other_grid_country=grid,
                displaced_abroad=abroad))
        os.remove(run_file)  # the ranges are in ranges.csv; 131 ensemble files are not kept
        print("%s: %d rows" % (entry["path"], len(rows)), file=sys.stderr)
    with open(os.path.join(a.out, "ranges.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(a.out, "ranges.md"), "w") as out:
        out.write("# The hindcast's best set with %d members per scenario "
                  "(tools/hindcast_ranges.py)\n\n%.0f s; git %s; fitted.txt as --set\n\n"
                  "| set | targets | observation inside the 5-95 %% | intervals overlap | "
                  "median log10(p95/p05) |\n|---|---:|---:|---:|---:|\n" % (
                      a.members, time.time() - started,
                      subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                                     capture_output=True, text=True).stdout.strip()))
        for which in ("calibration", "validation"):
            sel = [r for r in rows if r["set"] == which]
            if not sel:
                continue
            widths = sorted(math.log10((1 + r["modelled_p95"]) / (1 + r["modelled_p05"]))
                            for r in sel)
            out.write("| %s | %d | %d | %d | %.2f |\n" % (
                which, len(sel), sum(r["observed_inside"] for r in sel),
                sum(r["overlap"] for r in sel), widths[len(widths) // 2]))
        out.write("\n## Where the people displaced from the target's country went (displacement "
                  "flows, every member and step)\n\n| set | events with displacement flows | "
                  "median share in the same country | events with more than half in it | "
                  "pooled share in the same country / other country on the grid / abroad |\n"
                  "|---|---:|---:|---:|---|\n")
        for which in ("calibration", "validation"):
            sel = [r for r in rows if r["set"] == which and
                   r["displaced_same_country"] + r["displaced_other_grid_country"]
                   + r["displaced_abroad"] > 0]
            if not sel:
                continue
            shares = sorted(r["displaced_same_country"] / (
                r["displaced_same_country"] + r["displaced_other_grid_country"]
                + r["displaced_abroad"]) for r in sel)
            pooled = [sum(r[k] for r in sel) for k in (
                "displaced_same_country", "displaced_other_grid_country", "displaced_abroad")]
            out.write("| %s | %d | %.2f | %d | %s |\n" % (
                which, len(sel), float(np.median(shares)), sum(x > 0.5 for x in shares),
                " / ".join("%.0f %%" % (100 * x / sum(pooled)) for x in pooled)))


if __name__ == "__main__":
    main()
