#!/usr/bin/python3
"""A map of where the hindcast works and where it does not (docs/validation.md, issue #27).

    /usr/bin/python3 tools/hindcast_map.py [--set validation|calibration] [--out PNG]

Per country, the median log10(modelled / observed) over its targets of the set (held out by
default), for the model's best set (out/hindcast/fit.md, the "Best set" tables that `displace
calibrate scenarios/hindcast/calibrate.yaml` writes) and for the threshold baseline
(out/hindcast/baseline.csv, written by tools/hindcast_baseline.py), side by side on the Natural
Earth countries the hindcast ships (scenarios/data/americas/). A model value of 0 counts as below
every finite ratio; colours are clipped at a factor of 100 either way; countries without a target
of the set are grey. The numbers behind each country are printed, one line each.
"""
import argparse
import csv
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from osgeo import ogr  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
COUNTRIES = os.path.join(ROOT, "scenarios", "data", "americas",
                         "ne_50m_admin_0_countries_americas.gpkg")
CLIP = 2.0  # log10: a factor of 100


def log10_ratio(modelled, observed):
    return math.log10(modelled / observed) if modelled > 0 else -math.inf


def median(values):
    values = sorted(values)
    n = len(values)
    if n % 2:
        return values[n // 2]
    a, b = values[n // 2 - 1], values[n // 2]
    return a if a == b else 0.5 * (a + b)


def model_values(fit_md, which):
    """{target id: (iso3, observed, modelled)} from the fit report's best-set table of `which`."""
    section = "## Validation targets" if which == "validation" else "## Calibration targets"
    text = open(fit_md, encoding="utf-8").read()
    start = text.index(section)
    end = text.find("\n## ", start + len(section))
    out = {}
    for line in text[start:end if end >= 0 else None].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 12 and cells[0].startswith("idmc_") and cells[0] not in out:
            out[cells[0]] = (cells[3], float(cells[5]), float(cells[7]))
    return out


def baseline_values(baseline_csv, which):
    with open(baseline_csv, newline="", encoding="utf-8") as handle:
        return {r["id"]: (r["place"], float(r["observed"]), float(r["modelled"]))
                for r in csv.DictReader(handle) if r["set"] == which}


def by_country(values):
    groups = {}
    for iso3, observed, modelled in values.values():
        groups.setdefault(iso3, []).append(log10_ratio(modelled, observed))
    return {iso3: (len(v), median(v)) for iso3, v in groups.items()}


def polygons():
    """[(iso3, [ring as [(lon, lat)], ...])] of the Natural Earth countries."""
    source = ogr.Open(COUNTRIES)
    if source is None:
        raise SystemExit(f"hindcast_map: cannot open {COUNTRIES}")
    layer = source.GetLayer(0)
    out = []
    for feature in layer:
        iso3 = feature.GetField("ISO_A3")
        geometry = feature.GetGeometryRef()
        parts = [geometry.GetGeometryRef(i) for i in range(geometry.GetGeometryCount())] \
            if geometry.GetGeometryName() == "MULTIPOLYGON" else [geometry]
        rings = []
        for part in parts:
            for i in range(part.GetGeometryCount()):
                rings.append([(x, y) for x, y, *_ in part.GetGeometryRef(i).GetPoints()])
        out.append((iso3, rings))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="validation", choices=["validation", "calibration"])
    parser.add_argument("--fit", default=os.path.join(ROOT, "out", "hindcast", "fit.md"))
    parser.add_argument("--baseline", default=os.path.join(ROOT, "out", "hindcast",
                                                           "baseline.csv"))
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "img",
                                                      "hindcast_held_out_map.png"))
    args = parser.parse_args()
    panels = [("model (version 2, best set)", by_country(model_values(args.fit, args.set))),
              ("threshold baseline", by_country(baseline_values(args.baseline, args.set)))]
    shapes = polygons()
    cmap = plt.get_cmap("RdBu_r")
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.2), constrained_layout=True)
    for ax, (title, medians) in zip(axes, panels):
        verts, colours = [], []
        for iso3, rings in shapes:
            for ring in rings:
                verts.append(ring)
                if iso3 in medians:
                    value = max(-CLIP, min(CLIP, medians[iso3][1]))
                    colours.append(cmap((value + CLIP) / (2 * CLIP)))
                else:
                    colours.append((0.85, 0.85, 0.85, 1.0))
        ax.add_collection(PolyCollection(verts, facecolors=colours, edgecolors="0.35",
                                         linewidths=0.3))
        ax.set_xlim(-95, -58)
        ax.set_ylim(5, 33)
        ax.set_aspect("equal")
        ax.set_title(title, fontsize=11)
        ax.set_xlabel("longitude")
        ax.set_ylabel("latitude")
        for iso3, (n, value) in sorted(medians.items()):
            print(f"{title}: {iso3} targets {n} median log10(m/o) "
                  f"{'-inf' if value == -math.inf else f'{value:+.2f}'}")
    scalar = plt.cm.ScalarMappable(cmap=cmap, norm=plt.Normalize(-CLIP, CLIP))
    bar = fig.colorbar(scalar, ax=axes, shrink=0.8)
    bar.set_label("median log10(modelled / observed) per country\n"
                  "(blue: too low, red: too high; clipped at 100x)")
    label = "held-out targets 2018-2022" if args.set == "validation" else \
        "calibration targets 2008-2017"
    fig.suptitle(f"Hindcast of IDMC's storm displacements, {label}; grey: none", fontsize=12)
    fig.savefig(args.out, dpi=110)
    print(f"map -> {os.path.relpath(args.out, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
