#!/usr/bin/python3
"""Smoke test of tools/forecast_check.py (docs/forecast.md, "The forecast check").

    forecast_check_check.py SOURCE_DIR WORK_DIR DISPLACE

Runs the tool for Fiona 2022 at 24 h with 3 members into WORK_DIR and checks what it wrote: the
synthetic forecast keeps the best track's issue-time point and moves the later ones; every row's
range is ordered and its exceedance shares are shares; the best-track hindcast displaces people
in Puerto Rico; the summary table has the lead's row. Prints "forecast check consistent".
"""
import csv
import os
import shutil
import subprocess
import sys

source, work, displace = sys.argv[1:4]
shutil.rmtree(work, ignore_errors=True)
subprocess.run([sys.executable, os.path.join(source, "tools/forecast_check.py"), "--members", "3",
                "--storms", "2022255N15324", "--leads", "24", "--out", work, "--binary",
                displace, "--threads", "1"], check=True)


def fields(line):
    return [f.strip() for f in line.split(",")]


perfect = [fields(l) for l in open(os.path.join(work, "2022255N15324-24h-perfect-adeck.dat"))]
synthetic = [fields(l) for l in open(os.path.join(work, "2022255N15324-24h-synthetic-adeck.dat"))]
assert len(perfect) == len(synthetic) >= 5, (len(perfect), len(synthetic))
assert perfect[0][6:8] == synthetic[0][6:8], "the issue-time point must be the best track's"
moved = sum(p[6:8] != s[6:8] for p, s in zip(perfect[1:], synthetic[1:]))
assert moved == len(perfect) - 1, "every later point must be moved by the drawn errors (%d)" % moved
assert all(s[4] == "OFCL" for s in synthetic)

rows = list(csv.DictReader(open(os.path.join(work, "check.csv"))))
assert rows, "check.csv is empty"
for r in rows:
    p05, median, p95 = float(r["p05"]), float(r["median"]), float(r["p95"])
    assert p05 <= median <= p95, r
    assert r["inside"] == str(int(p05 <= float(r["best_track"]) <= p95)), r
    for t in ("1000", "10000"):
        assert 0.0 <= float(r["p_above_" + t]) <= 1.0, r
        assert r["best_track_above_" + t] == str(int(float(r["best_track"]) > float(t))), r
pri = [r for r in rows if r["region"] == "PRI" and r["quantity"] == "left_home_people"]
assert len(pri) == 1 and float(pri[0]["best_track"]) > 0, pri
assert {r["region"] for r in rows} >= {"PRI", "DOM"}, {r["region"] for r in rows}
summary = open(os.path.join(work, "check.md")).read()
assert "| 24 h | %d |" % len(rows) in summary, summary
print("forecast check consistent")
