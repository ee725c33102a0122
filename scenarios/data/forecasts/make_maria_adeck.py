#!/usr/bin/env python3
"""Writes maria-2017-synthetic-adeck.dat: a SYNTHETIC ATCF a-deck made from Maria's best track.

Not an NHC forecast. For each of two issue times (2017-09-18 00 and 12 UTC) it writes OFCL
records at 0, 12, 24, 36, 48, 72, 96 and 120 h whose positions, maximum wind (kt), central
pressure (hPa), radius of maximum wind (nmi) and outermost closed isobar (hPa) are the best
track's (IBTrACS v04r00 usa_* fields) at issue time + lead time: a "perfect" forecast, for tests
and the example. Reads ../tracks/IBTrACS.NA.v04r00.nc through GDAL's gdalmdiminfo (JSON).
Run from this folder: python3 make_maria_adeck.py
"""
import datetime
import json
import subprocess

NC = "../tracks/IBTrACS.NA.v04r00.nc"
SID = "2017260N12310"


def values(name):
    text = subprocess.run(["gdalmdiminfo", "-detailed", "-array", name, NC], check=True,
                          capture_output=True, text=True).stdout
    return json.loads(text)["values"]


def main():
    storm = values("sid").index(SID)
    fields = {v: values(v)[storm] for v in
              ("time", "lat", "lon", "usa_wind", "usa_pres", "usa_rmw", "usa_poci")}
    epoch = datetime.datetime(1858, 11, 17)  # time: days since 1858-11-17 00:00:00
    fixes = {}
    for k, days in enumerate(fields["time"]):
        lat = fields["lat"][k]
        if days is None or days < -9e5 or lat is None or lat < -90:
            continue
        when = epoch + datetime.timedelta(days=days)
        fixes[when.strftime("%Y%m%d%H%M")] = tuple(
            fields[v][k] for v in ("lat", "lon", "usa_wind", "usa_pres", "usa_rmw", "usa_poci"))

    def whole(x):
        return 0 if x is None or x < 0 else int(round(x))

    lines = []
    for issue in ("2017091800", "2017091812"):
        start = datetime.datetime.strptime(issue, "%Y%m%d%H")
        for tau in (0, 12, 24, 36, 48, 72, 96, 120):
            lat, lon, wind, pres, rmw, poci = fixes[
                (start + datetime.timedelta(hours=tau)).strftime("%Y%m%d%H%M")]
            lat_text = "%3d%s" % (round(abs(lat) * 10), "N" if lat >= 0 else "S")
            lon_text = "%4d%s" % (round(abs(lon) * 10), "W" if lon < 0 else "E")
            lines.append(
                "AL, 15, %s, 03, OFCL, %3d, %s, %s, %3d, %4d, XX,   0,    ,    0,    0,    0,"
                "    0, %4d,    0, %3d,    0,   0,    ,   0,    ,   0,   0,      MARIA," %
                (issue, tau, lat_text, lon_text, whole(wind), whole(pres), whole(poci),
                 whole(rmw)))
    with open("maria-2017-synthetic-adeck.dat", "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
