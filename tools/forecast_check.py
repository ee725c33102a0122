#!/usr/bin/python3
"""The forecast check of issue #28: synthetic forecasts made from best tracks, scored.

    /usr/bin/python3 tools/forecast_check.py [--members 50] [--out out/forecast-check]
                                             [--binary build/release/app/displace]

For Maria 2017, Irma 2017 and Fiona 2022 over Puerto Rico and its neighbours, and Eta 2020 over
Honduras (scenarios/forecast-check/), at 72, 48 and 24 hours before the reference time (the
synoptic best-track fix closest to a reference point of the grid: the storm's closest approach),
it makes a **synthetic forecast from the best track**, never an NHC forecast:

1. the best track at the issue time and 12, 24, 36, 48, 72, 96 and 120 h later (IBTrACS v04r00
   usa_* fields, as scenarios/data/forecasts/make_maria_adeck.py) is written as an ATCF a-deck
   (a "perfect" forecast);
2. `displace forecast` draws one member of it (--members 1, track seed 1000 + lead, the same
   history): that
   member's positions and maximum wind, moved by the very error statistics of the ensemble
   (docs/forecast.md, "The ensemble"), become the pseudo-official forecast (central pressure left
   to the wind model, radius of maximum wind and outer isobar the best track's);
3. `displace forecast` runs the ensemble of `--members` members from it (track seed 2026,
   --exceed 1000,10000), with the best track before the issue time as the storm's history
   (--history), as a forecaster knows where the storm has been;
4. `displace run` runs the same scenario on the best track itself: the best-track hindcast the
   forecasts are scored against.

Eta runs with the hindcast's fitted set (scenarios/hindcast/fitted.txt), the others with the
Maria baseline's fitted behaviour. It then compares, per forecast, admin region and quantity
(people who left a home over the run, all causes and by cause: evacuation, uninhabitable home,
lost services; regions with people only), the members' 5-95% range with the hindcast, the
range's width and the exceedance probabilities with the hindcast's outcome (Brier score), and
writes check.csv (every row) and check.md (the tables docs/forecast.md quotes) in --out.
"""
import argparse
import csv
import datetime
import math
import os
import subprocess
import sys
import time

import h5py
import netCDF4
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hindcast_fitted import read_fitted  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
TRACKS = os.path.join(ROOT, "scenarios/data/tracks/IBTrACS.NA.v04r00.nc")
LEADS_H = (72, 48, 24)
TAUS_H = (0, 12, 24, 36, 48, 72, 96, 120)
THRESHOLDS = (1000, 10000)
KT_PER_M_S = 1.0 / 0.514444
# storm, IBTrACS id, scenario, reference point (lon, lat) whose closest approach is the reference
# time, and whether it runs with the hindcast's fitted set
CASES = (
    ("Maria 2017", "2017260N12310", "scenarios/forecast-check/maria-2017.yaml", (-66.45, 18.2),
     False),
    ("Irma 2017", "2017242N16333", "scenarios/forecast-check/irma-2017.yaml", (-66.45, 18.2),
     False),
    ("Fiona 2022", "2022255N15324", "scenarios/forecast-check/fiona-2022.yaml", (-66.45, 18.2),
     False),
    ("Eta 2020", "2020306N15288", "scenarios/forecast-check/eta-2020-hnd.yaml", (-86.25, 14.75),
     True),
)
QUANTITIES = ("left_home_people", "left_home_evacuation_people",
              "left_home_uninhabitable_home_people", "left_home_services_loss_people")


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def best_track(sid):
    """The storm's IBTrACS fixes: {datetime: (lat, lon, wind_kt, pres, rmw_nmi, poci)}, ATCF id."""
    d = netCDF4.Dataset(TRACKS)
    d.set_auto_mask(False)
    sids = [b"".join(r).decode().strip("\x00 ") for r in d["sid"][:]]
    i = sids.index(sid)
    n = int(d["numobs"][i])
    atcf = b"".join(d["usa_atcf_id"][i, 0]).decode().strip("\x00 ")
    name = b"".join(d["name"][i]).decode().strip("\x00 ")
    epoch = datetime.datetime(1858, 11, 17)
    fixes = {}
    for k in range(n):
        days = float(d["time"][i, k])
        lat = float(d["lat"][i, k])
        if not math.isfinite(days) or abs(lat) > 90:
            continue
        when = epoch + datetime.timedelta(days=days)
        when = when.replace(second=0, microsecond=0) + datetime.timedelta(
            minutes=round(when.second / 60))
        fixes[when] = tuple(float(d[v][i, k]) for v in
                            ("lat", "lon", "usa_wind", "usa_pres", "usa_rmw", "usa_poci"))
    return fixes, atcf, name


def haversine_km(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 6371.0088 * 2 * math.asin(math.sqrt(min(1.0, a)))


def whole(x):
    return 0 if x is None or not math.isfinite(x) or x < 0 else int(round(x))


def adeck_line(atcf, name, issue, tau, lat, lon, wind_kt, pres, poci, rmw):
    lat_text = "%3d%s" % (round(abs(lat) * 10), "N" if lat >= 0 else "S")
    lon_text = "%4d%s" % (round(abs(lon) * 10), "W" if lon < 0 else "E")
    return ("%s, %s, %s, 03, OFCL, %3d, %s, %s, %3d, %4d, XX,   0,    ,    0,    0,    0,"
            "    0, %4d,    0, %3d,    0,   0,    ,   0,    ,   0,   0, %10s," %
            (atcf[:2], atcf[2:4], issue.strftime("%Y%m%d%H"), tau, lat_text, lon_text,
             whole(wind_kt), whole(pres), whole(poci), whole(rmw), name))


def run(cmd, log):
    log.write("$ " + " ".join(cmd) + "\n")
    log.flush()
    subprocess.run(cmd, check=True, stdout=log, stderr=log, cwd=ROOT)


def outcome(path, members):
    """{(region, quantity): array over members (or one value)} of people who left a home over the
    run, all causes and by cause, and the region codes with people."""
    with h5py.File(path, "r") as f:
        name = "displacements_people_members" if members else "displacements_people"
        d = np.asarray(f[name][...], dtype=float)  # [member,] time, region, cause
        if not members:
            d = d[np.newaxis]
        causes = [text(c) for c in f["displacement_cause"][...]]
        regions = [text(r) for r in f["region"][...]]
        present = np.asarray(f["present_people"][...], dtype=float)  # time, place
        places = [text(p) for p in f["place"][...]]
    with_people = {p for j, p in enumerate(places) if present[0, j] > 0 and p != "_NONE"}
    by = {}
    for r, region in enumerate(regions):
        if region not in with_people:
            continue
        over_run = d[:, :, r, :].sum(axis=1)  # member, cause
        by[(region, "left_home_people")] = over_run.sum(axis=1)
        for c, cause in enumerate(causes):
            by[(region, "left_home_%s_people" % cause)] = over_run[:, c]
    return by


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--members", type=int, default=50)
    ap.add_argument("--out", default=os.path.join(ROOT, "out/forecast-check"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "build/release/app/displace"))
    ap.add_argument("--threads", default="2")
    ap.add_argument("--storms", default="", help="only these IBTrACS ids, comma-separated")
    ap.add_argument("--leads", default=",".join(str(h) for h in LEADS_H),
                    help="lead times in hours before the reference time, comma-separated")
    a = ap.parse_args()
    a.leads = tuple(int(h) for h in a.leads.split(","))
    os.makedirs(a.out, exist_ok=True)
    log = open(os.path.join(a.out, "check.log"), "w")
    # Eta over Honduras: in no calibration group, so the general lines only
    fitted = read_fitted(os.path.join(ROOT, "scenarios/hindcast/fitted.txt"))
    rows = []
    started = time.time()
    for storm, sid, scenario, (ref_lon, ref_lat), hindcast_set in CASES:
        if a.storms and sid not in a.storms.split(","):
            continue
        sets = [x for kv in fitted for x in ("--set", kv)] if hindcast_set else []
        fixes, atcf, name = best_track(sid)
        synoptic = [t for t in fixes if t.minute == 0 and t.hour % 6 == 0]
        reference = min(synoptic, key=lambda t: haversine_km(ref_lon, ref_lat, fixes[t][1],
                                                             fixes[t][0]))
        slug = sid
        truth_path = os.path.join(a.out, "%s-best-track.h5" % slug)
        run([a.binary, "run", scenario, *sets, "--out", truth_path, "--threads", a.threads,
             "--overwrite", "--quiet"], log)
        truth = outcome(truth_path, members=False)
        for lead in a.leads:
            issue = reference - datetime.timedelta(hours=lead)
            taus = [tau for tau in TAUS_H if issue + datetime.timedelta(hours=tau) in fixes]
            perfect = os.path.join(a.out, "%s-%dh-perfect-adeck.dat" % (slug, lead))
            with open(perfect, "w") as out:
                for tau in taus:
                    lat, lon, wind, pres, rmw, poci = fixes[issue + datetime.timedelta(hours=tau)]
                    out.write(adeck_line(atcf, name, issue, tau, lat, lon, wind, pres, poci, rmw)
                              + "\n")
            draw = os.path.join(a.out, "%s-%dh-draw" % (slug, lead))
            run([a.binary, "forecast", perfect, "--scenario", scenario, *sets, "--members", "1",
                 "--history", TRACKS,
                 "--seed", str(1000 + lead), "--to", draw, "--threads", a.threads,
                 "--overwrite", "--quiet"], log)
            with open(os.path.join(draw, "tracks.csv")) as f:
                member = [r for r in csv.DictReader(f) if r["member"] == "0"
                          and r["time_utc"] >= issue.strftime("%Y-%m-%d %H:%M")]
            assert len(member) == len(taus), (storm, lead, len(member), len(taus))
            pseudo = os.path.join(a.out, "%s-%dh-synthetic-adeck.dat" % (slug, lead))
            with open(pseudo, "w") as out:
                for tau, r in zip(taus, member):
                    _, _, _, pres, rmw, poci = fixes[issue + datetime.timedelta(hours=tau)]
                    out.write(adeck_line(
                        atcf, name, issue, tau, float(r["lat_deg"]), float(r["lon_deg"]),
                        float(r["max_wind_m_s"]) * KT_PER_M_S,
                        float(r["pressure_hpa"]) if r["pressure_hpa"] else 0.0, poci, rmw) + "\n")
            forecast_dir = os.path.join(a.out, "%s-%dh" % (slug, lead))
            run([a.binary, "forecast", pseudo, "--scenario", scenario, *sets, "--members",
                 str(a.members), "--history", TRACKS, "--seed", "2026", "--exceed",
                 ",".join(str(t) for t in THRESHOLDS), "--to", forecast_dir, "--threads",
                 a.threads, "--overwrite", "--quiet"], log)
            members = outcome(os.path.join(forecast_dir, "forecast.h5"), members=True)
            for (region, quantity), values in sorted(members.items()):
                observed = float(truth[(region, quantity)][0])
                p05, median, p95 = np.quantile(values, [0.05, 0.5, 0.95])
                row = dict(storm=storm, storm_id=sid, lead_h=lead,
                           issue=issue.strftime("%Y-%m-%d %H:%M"),
                           reference=reference.strftime("%Y-%m-%d %H:%M"), region=region,
                           quantity=quantity, best_track=observed, p05=p05, median=median,
                           p95=p95, inside=int(p05 <= observed <= p95),
                           log10_width=math.log10((1 + p95) / (1 + p05)))
                for t in THRESHOLDS:
                    row["p_above_%d" % t] = float(np.mean(values > t))
                    row["best_track_above_%d" % t] = int(observed > t)
                rows.append(row)
            print("%s %d h: issued %s, %s" % (storm, lead, issue, forecast_dir), file=sys.stderr)
    with open(os.path.join(a.out, "check.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    write_summary(rows, a, time.time() - started)


def brier(rows, t):
    return float(np.mean([(r["p_above_%d" % t] - r["best_track_above_%d" % t]) ** 2
                          for r in rows]))


def write_summary(rows, a, seconds):
    out = open(os.path.join(a.out, "check.md"), "w")
    out.write("# Forecast check: synthetic forecasts made from best tracks (tools/forecast_check.py)"
              "\n\n%d members per forecast; %.0f s in all; git %s\n\n" % (
                  a.members, seconds, subprocess.run(
                      ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True,
                      text=True).stdout.strip()))
    out.write("## By lead time (every storm, region with people and quantity)\n\n"
              "| lead | rows | best track inside 5-95% | median log10(p95/p05) width | "
              + " | ".join("Brier > %d (events)" % t for t in THRESHOLDS)
              + " | " + " | ".join("Brier > %d, median as a yes/no" % t for t in THRESHOLDS)
              + " | " + " | ".join("Brier > %d, base rate" % t for t in THRESHOLDS)
              + " |\n|---|---:|---:|---:|" + "---:|" * (3 * len(THRESHOLDS)) + "\n")
    for lead in a.leads:
        sel = [r for r in rows if r["lead_h"] == lead]
        cells = ["%d h" % lead, str(len(sel)),
                 "%.0f %%" % (100 * np.mean([r["inside"] for r in sel])),
                 "%.2f" % np.median([r["log10_width"] for r in sel])]
        for t in THRESHOLDS:
            cells.append("%.3f (%d)" % (brier(sel, t),
                                        sum(r["best_track_above_%d" % t] for r in sel)))
        for t in THRESHOLDS:
            cells.append("%.3f" % np.mean([(float(r["median"] > t)
                                            - r["best_track_above_%d" % t]) ** 2 for r in sel]))
        for t in THRESHOLDS:
            # the Brier score of always forecasting the share of events in this lead's rows
            o = np.array([r["best_track_above_%d" % t] for r in sel], dtype=float)
            cells.append("%.3f" % np.mean((o.mean() - o) ** 2))
        out.write("| " + " | ".join(cells) + " |\n")
    out.write("\n## People who left a home over the run, by storm, lead and region (all causes)\n\n"
              "| storm | lead | issued | region | best track | median | 5-95% | inside | "
              "P(> 1000) |\n|---|---|---|---|---:|---:|---|---|---:|\n")
    for r in rows:
        if r["quantity"] != "left_home_people":
            continue
        out.write("| %s | %d h | %s | %s | %.0f | %.0f | %.0f-%.0f | %s | %.2f |\n" % (
            r["storm"], r["lead_h"], r["issue"], r["region"], r["best_track"], r["median"],
            r["p05"], r["p95"], "yes" if r["inside"] else "no", r["p_above_1000"]))
    out.close()


if __name__ == "__main__":
    main()
