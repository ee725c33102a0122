#!/usr/bin/env python3
"""Cross-checks of the storms computed from their tracks (docs/model.md, "Storms from their
tracks: checks against what was observed"). Development tool: it reads observation files that are
not shipped (give their paths), runs `displace footprint` and prints the figures the docs quote.

  tools/storm_crosscheck.py DISPLACE SHARED_DATA_DIR OUT_DIR

1. Maria's (and Irma's) maximum wind against open-gira's modelled field for the same storm, on
   open-gira's 0.1-degree grid: bias and RMS over the cells where either has 17.5 m/s or more,
   and over Puerto Rico's main island box.
2. Maria's storm-total rain against GPM IMERG on 20 and 21 September 2017 (sum of the two days),
   island mean and maximum over the 0.1-degree IMERG cells of Puerto Rico's main island box.
3. The CSAP4 gauge's storm total for Maria (hours within 500 km of Maria, September 2017)
   against the modelled rain at the gauge.
4. Fiona (2022) against Irma (2017) over Puerto Rico: wind and rain, island mean and maximum.
Uses Debian's python3 with numpy and netCDF4, and gdal_translate (gdal-bin) to read GeoTIFFs.
"""
import csv
import os
import subprocess
import sys
import tempfile

import netCDF4
import numpy as np

TRACKS = "scenarios/data/tracks/IBTrACS.NA.v04r00.nc"
HURDAT = "scenarios/data/tracks/hurdat2_atlantic_2021-2022.txt"
# open-gira's grid (49 x 36 cells of 0.1 degree; its file has no CRS, its axes are WGS84 degrees)
OPEN_GIRA_BOUNDS = "-68.79375053069050,16.42187484577043,-63.89375053069050,20.02187484577043"
# IMERG cell centres lon -67.25..-65.55, lat 17.95..18.55 at 0.1 degree
IMERG_BOUNDS = "-67.3,17.9,-65.5,18.6"
PR_BOX = (-67.3, 17.9, -65.5, 18.6)  # Puerto Rico's main island and its coast


LAND = "scenarios/data/puerto-rico/ne_50m_admin_0_countries_caribbean.gpkg"


def footprint(displace, tracks, storm, bounds, resolution, out):
    subprocess.run([displace, "footprint", tracks, "--storm", storm, "--bounds", bounds,
                    "--resolution", str(resolution), "--to", out, "--land", LAND, "--overwrite"],
                   check=True, stdout=subprocess.DEVNULL)


def read_tif(path):
    """A single-band GeoTIFF as (x centres, y centres, 2-D array) through gdal_translate."""
    with tempfile.NamedTemporaryFile(suffix=".xyz") as tmp:
        subprocess.run(["gdal_translate", "-q", "-of", "XYZ", path, tmp.name], check=True)
        data = np.loadtxt(tmp.name)
    xs = np.unique(data[:, 0])
    ys = np.unique(data[:, 1])[::-1]
    grid = data[:, 2].reshape(len(ys), len(xs))
    return xs, ys, grid


def open_gira_band(path, band):
    with netCDF4.Dataset(path) as ds:
        var = [v for v in ds.variables.values() if v.ndim == 3][0]
        field = np.ma.filled(var[band - 1].astype(float), np.nan)
        lat = ds.variables[[d for d in var.dimensions if "lat" in d or d == "y"][0]][:]
        lon = ds.variables[[d for d in var.dimensions if "lon" in d or d == "x"][0]][:]
    if lat[0] < lat[-1]:
        field = field[::-1]
        lat = lat[::-1]
    return np.asarray(lon), np.asarray(lat), field


def box_mask(xs, ys, box):
    x, y = np.meshgrid(xs, ys)
    return (x >= box[0]) & (x <= box[2]) & (y >= box[1]) & (y <= box[3])


def wind_check(displace, shared, out, name, band):
    d = os.path.join(out, name.replace(" ", "-"))
    footprint(displace, TRACKS, name, OPEN_GIRA_BOUNDS, 0.1, d)
    xs, ys, model = read_tif(os.path.join(d, "max_wind_m_s.tif"))
    _, _, og = open_gira_band(os.path.join(shared, "puerto-rico", "PRI_max_wind_field.nc"), band)
    assert og.shape == model.shape, (og.shape, model.shape)
    valid = np.isfinite(og)
    for label, sel in (("cells with >= 17.5 m/s in either", valid & ((og >= 17.5) | (model >= 17.5))),
                       ("Puerto Rico box", valid & box_mask(xs, ys, PR_BOX))):
        diff = model[sel] - og[sel]
        print(f"  {name} wind vs open-gira, {label} ({sel.sum()} cells): bias {diff.mean():+.1f} m/s, "
              f"RMS {np.sqrt((diff ** 2).mean()):.1f} m/s, max {model[sel].max():.1f} vs "
              f"{og[sel].max():.1f} m/s")


def imerg_sum(shared):
    total = None
    for day in ("20", "21"):
        with netCDF4.Dataset(os.path.join(shared, "observations", "puerto-rico",
                                          f"imerg_daily_2017-09-{day}.nc")) as ds:
            v = ds.variables["precipitationCal"]  # (time, lon, lat)
            field = np.ma.filled(v[0].astype(float), np.nan).T  # (lat, lon)
            lat = np.asarray(ds.variables["lat"][:])
            lon = np.asarray(ds.variables["lon"][:])
        if lat[0] < lat[-1]:
            field = field[::-1]
            lat = lat[::-1]
        total = field if total is None else total + field
    return lon, lat, total


def rain_check(displace, shared, out):
    d = os.path.join(out, "maria-imerg")
    footprint(displace, TRACKS, "MARIA 2017", IMERG_BOUNDS, 0.1, d)
    xs, ys, model = read_tif(os.path.join(d, "rain_total_mm.tif"))
    lon, lat, obs = imerg_sum(shared)
    assert obs.shape == model.shape, (obs.shape, model.shape)
    assert np.allclose(xs, lon, atol=1e-6) and np.allclose(ys, lat, atol=1e-6)
    valid = np.isfinite(obs)
    print(f"  Maria rain vs IMERG 20+21 Sep 2017 ({valid.sum()} cells): model mean "
          f"{model[valid].mean():.0f} mm, max {model[valid].max():.0f} mm; IMERG mean "
          f"{obs[valid].mean():.0f} mm, max {obs[valid].max():.0f} mm; ratio of means "
          f"{model[valid].mean() / obs[valid].mean():.2f}; spatial correlation "
          f"{np.corrcoef(model[valid], obs[valid])[0, 1]:.2f}")
    return d


def gauge_check(displace, shared, out):
    """The gauge file has the hours with a storm within 500 km (some hours twice, once per storm
    then within range): Maria's are 18-23 September 2017, each hour counted once."""
    path = os.path.join(shared, "observations", "puerto-rico",
                        "raws_csap4_hourly_during_storms_2005-2019.csv")
    hours = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["year"] == "2017" and r["month"] == "9" and 18 <= int(r["day"]) <= 23:
                hours[(int(r["day"]), int(r["hour"]))] = float(r["precip"] or 0.0)
    total = sum(hours.values())
    d = os.path.join(out, "maria-gauge")
    footprint(displace, TRACKS, "MARIA 2017", "-66.31,17.97,-66.25,18.03", 0.02, d)
    _, _, model = read_tif(os.path.join(d, "rain_total_mm.tif"))
    print(f"  Maria rain at CSAP4 (18.0 N, 66.28 W): gauge {total:.0f} mm over {len(hours)} "
          f"hours (18-23 Sep 2017); model {model.mean():.0f} mm")


def fiona_irma(displace, out):
    for name, tracks in (("IRMA 2017", TRACKS), ("AL072022", HURDAT), ("FIONA 2022", TRACKS)):
        d = os.path.join(out, "pr-" + name.replace(" ", "-"))
        footprint(displace, tracks, name, IMERG_BOUNDS, 0.1, d)
        _, _, wind = read_tif(os.path.join(d, "max_wind_m_s.tif"))
        _, _, rain = read_tif(os.path.join(d, "rain_total_mm.tif"))
        print(f"  {name} ({os.path.basename(tracks)}) over Puerto Rico's box: wind mean "
              f"{wind.mean():.1f} m/s, max {wind.max():.1f}; rain mean {rain.mean():.0f} mm, "
              f"max {rain.max():.0f} mm")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    displace, shared, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    print("1. wind against open-gira (band 20 Maria, band 19 Irma)")
    wind_check(displace, shared, out, "MARIA 2017", 20)
    wind_check(displace, shared, out, "IRMA 2017", 19)
    print("2. rain against IMERG")
    rain_check(displace, shared, out)
    print("3. rain against the CSAP4 gauge")
    gauge_check(displace, shared, out)
    print("4. Fiona against Irma over Puerto Rico")
    fiona_irma(displace, out)


if __name__ == "__main__":
    main()
