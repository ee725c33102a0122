#!/usr/bin/python3
"""Write the best parameter set of the hindcast's calibration as `key=value` lines.

    /usr/bin/python3 tools/hindcast_fitted.py [out/hindcast/calibration.h5] \
        [--out scenarios/hindcast/fitted.txt]

Reads the results file of `displace calibrate scenarios/hindcast/calibrate.yaml`
(docs/calibration.md: `best_set` attribute, `parameter_key`, `parameter_group`, `set_values`) and
writes one `key=value` line per fitted parameter, each usable as `displace run SCENARIO --set
key=value`; lines starting with `#` say where the values come from. A key fitted for a group of
scenarios only (calibrate.yaml's `groups`, e.g. `civil_defence`) is written `@GROUP key=value`:
for the scenarios of that group it replaces the line of the same key (`read_fitted` below does
that; a shell skips such lines with `grep -v '^[#@]'`). Values are written with Python's repr
(the shortest text that reads back as the same double), so a rerun uses the fitted values bit
for bit:

    displace run scenarios/hindcast/2017-maria-pri.yaml \
        $(grep -v '^[#@]' scenarios/hindcast/fitted.txt | sed 's/^/--set /')
"""
import argparse
import os
import sys

import h5py

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def read_fitted(path, groups=()):
    """The `key=value` settings of a fitted.txt for a scenario in `groups` (calibrate.yaml's
    `groups` of its entry): the general lines, each replaced by a `@GROUP key=value` line of the
    same key for a group the scenario is in."""
    general = {}
    grouped = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            group = None
            if line.startswith("@"):
                group, _, line = line[1:].partition(" ")
            key, _, value = line.partition("=")
            if group is None:
                general[key] = value
            elif group in groups:
                grouped[key] = value
    general.update(grouped)
    return [f"{k}={v}" for k, v in general.items()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", nargs="?",
                    default=os.path.join(ROOT, "out", "hindcast", "calibration.h5"))
    ap.add_argument("--out", default=os.path.join(ROOT, "scenarios", "hindcast", "fitted.txt"))
    args = ap.parse_args()
    with h5py.File(args.results, "r") as f:
        best = int(f.attrs["best_set"])
        keys = [text(k) for k in f["parameter_key"][:]]
        groups = [text(g) for g in f["parameter_group"][:]] if "parameter_group" in f \
            else [""] * len(keys)
        values = [float(v) for v in f["set_values"][best, :]]
        accepted = bool(f["set_accepted"][best])
        error = float(f["set_squared_error"][best])
        sets = int(f["set"].shape[0])
        name = text(f.attrs["calibration_name"])
        revision = text(f.attrs["git_revision"])
    lines = [
        f"# Best parameter set of the calibration '{name}' (scenarios/hindcast/calibrate.yaml),",
        f"# set {best} of {sets}: mean squared log10 error {error:.4g} over the calibration targets,",
        "# " + ("accepted (not ruled out)." if accepted
                else "ruled out (no set met the cut-off; docs/validation.md)."),
        f"# Read from {os.path.basename(args.results)} (git revision {revision}) by"
        " tools/hindcast_fitted.py.",
        "# One `displace run SCENARIO --set key=value` per line:",
        "#   displace run scenarios/hindcast/2017-maria-pri.yaml "
        "$(grep -v '^[#@]' scenarios/hindcast/fitted.txt | sed 's/^/--set /')",
    ]
    lines += [f"{k}={v!r}" for k, v, g in zip(keys, values, groups) if not g]
    for group in sorted({g for g in groups if g}):
        lines += [f"# for the scenarios of group {group} (calibrate.yaml's `groups`), in place "
                  "of the line of the same key above:"]
        lines += [f"@{group} {k}={v!r}" for k, v, g in zip(keys, values, groups) if g == group]
    with open(args.out, "w") as out:
        out.write("\n".join(lines) + "\n")
    print(f"{len(keys)} values of set {best} -> {os.path.relpath(args.out, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
