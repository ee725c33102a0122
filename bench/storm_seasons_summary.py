#!/usr/bin/python3
"""Reads the output of storm_seasons_bench and prints (1) its time by kind of grid (the hindcast's
0.25-degree grids of large countries against the 0.1-degree grids of the others, and the large
countries one by one) and the pairs that took the most CPU, and (2) how many of the hindcast's
scenarios of the same seasons (scenarios/hindcast/<season>-<storm>-<iso3>.yaml) got the same grid
(bounds and resolution) in the benchmark.

    /usr/bin/python3 bench/storm_seasons_summary.py RESULT.txt scenarios/hindcast
"""
import glob
import os
import re
import sys
from collections import Counter


def pairs_of(text):
    out = []
    for line in text.splitlines():
        if not line.startswith("pair "):
            continue
        w = line.split()
        f = dict(kv.split("=", 1) for kv in w if "=" in kv)
        out.append(dict(sid=w[1], name=w[2], season=int(w[3]), iso=w[4], res=float(f["res"]),
                        bounds=[float(v) for v in f["bounds"].split(",")],
                        places=int(f["places"]), wall=float(f["wall_s"]), cpu=float(f["cpu_s"])))
    return out


def main(result, hindcast):
    pairs = pairs_of(open(result).read())
    print(f"{result}: {len(pairs)} pairs")
    for label, group in (("large countries (0.25 deg)", [p for p in pairs if p["res"] == 0.25]),
                         ("other countries (0.1 deg)", [p for p in pairs if p["res"] != 0.25])):
        print(f"  {label}: {len(group)} pairs, {sum(p['places'] for p in group)} places, "
              f"{sum(p['wall'] for p in group):.1f} wall s, {sum(p['cpu'] for p in group):.1f} "
              "CPU s")
    cpu, count = Counter(), Counter()
    for p in pairs:
        if p["res"] == 0.25:
            cpu[p["iso"]] += p["cpu"]
            count[p["iso"]] += 1
    print("  large countries, CPU s (pairs): " +
          ", ".join(f"{k} {v:.1f} ({count[k]})" for k, v in cpu.most_common()))
    print("  most CPU: " + "; ".join(
        f"{p['name']} {p['season']} over {p['iso']} ({p['places']} places) {p['cpu']:.1f} s"
        for p in sorted(pairs, key=lambda p: -p["cpu"])[:5]))

    seasons = {p["season"] for p in pairs}
    by_key = {(p["sid"], p["iso"]): p for p in pairs}
    same, notes = 0, []
    files = [f for f in sorted(glob.glob(os.path.join(hindcast, "[12][0-9][0-9][0-9]-*.yaml")))
             if int(os.path.basename(f)[:4]) in seasons]
    for f in files:
        text = open(f).read()
        sid = re.search(r"storms: \[(\S+?)\]", text).group(1)
        iso = os.path.basename(f)[:-5].rsplit("-", 1)[1].upper()
        grid = re.search(r"bounds: \[([^\]]+)\], resolution: ([\d.]+)", text)
        bounds = [float(v) for v in grid.group(1).split(",")]
        res = float(grid.group(2))
        p = by_key.get((sid, iso))
        if p is None:
            notes.append(f"    {os.path.basename(f)}: not touched in the benchmark")
        elif p["res"] == res and all(abs(a - b) < 1e-6 for a, b in zip(bounds, p["bounds"])):
            same += 1
        else:
            notes.append(f"    {os.path.basename(f)}: hindcast {bounds} at {res}, benchmark "
                         f"{p['bounds']} at {p['res']}")
    print(f"hindcast scenarios of these seasons: {len(files)}; the same grid in the benchmark: "
          f"{same}; different or missing: {len(notes)}")
    print("\n".join(notes))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
