"""Plotting helpers draw what is in the file (checked on the matplotlib artists)."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PolyCollection, QuadMesh  # noqa: E402

import displace_analysis as da  # noqa: E402
import sample_figures as fig  # noqa: E402

GPKG = "scenarios/data/puerto-rico/ne_50m_admin_0_countries_caribbean.gpkg"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_read_outlines_from_geopackage(source_dir):
    lines = da.read_outlines(source_dir / GPKG)
    assert len(lines) >= 8  # 8 countries, several islands each
    xy = np.concatenate(lines)
    assert xy.shape[1] == 2
    assert -69.01 <= xy[:, 0].min() and xy[:, 0].max() <= -62.99  # longitude first
    assert 17.6 <= xy[:, 1].min() and xy[:, 1].max() <= 19.01
    from osgeo import osr
    utm = osr.SpatialReference()
    utm.ImportFromEPSG(32620)
    projected = np.concatenate(da.read_outlines(source_dir / GPKG, target_wkt=utm.ExportToWkt()))
    # Metres in UTM 20N: the eastmost point (-63.0 E) lies on the central meridian (x = 500 km).
    assert abs(projected[:, 0].max() - 500_000) < 2_000
    assert 1_900_000 < projected[:, 1].min() < projected[:, 1].max() < 2_120_000


def test_plot_map_draws_the_map_and_outlines(sample_runs, source_dir):
    ds = da.open_run(sample_runs / "sample-a.h5")
    ax = da.plot_map(ds, "present_people_map", "2021-04-01", outlines=source_dir / GPKG)
    mesh = [c for c in ax.collections if isinstance(c, QuadMesh)]
    assert len(mesh) == 1
    drawn = np.ma.getdata(mesh[0].get_array()).reshape(2, 4)
    want = [[fig.map_value(3, y, x) for x in range(4)] for y in range(2)]
    assert drawn.tolist() == want
    assert len(ax.lines) >= 8  # outlines
    assert ax.get_xlim()[0] == pytest.approx(-67.5) and ax.get_xlim()[1] == pytest.approx(-65.5)
    assert "2021-04-01" in ax.get_title()
    # Cell (0, 0) of the first map holds 0 people: transparent.
    first = da.plot_map(ds, "present_people_map", 0, colorbar=False)
    assert np.ma.getmaskarray(first.collections[0].get_array()).reshape(2, 4)[0, 0]
    with pytest.raises(KeyError, match="2021-01-01, 2021-04-01"):
        da.plot_map(ds, "present_people_map", "2021-02-01")


def test_status_series_lines(sample_runs):
    ds = da.open_run(sample_runs / "sample-a.h5")
    ax = da.plot_status_series(ds)
    lines = {line.get_label(): line.get_ydata() for line in ax.lines}
    assert set(lines) == {"displaced", "returned", "migrated", "trapped"}
    assert list(lines["displaced"]) == [0.0, 150.0, 140.0, 30.0]  # R1 + R2
    assert list(lines["trapped"]) == [0.0, 9.0, 12.0, 5.0]
    one = da.plot_status_series(ds, region="R2", statuses=("returned",), quantity="people")
    assert list(one.lines[0].get_ydata()) == [2.5 * v for v in fig.STATUS["returned"]["R2"]]


def test_status_series_ensemble_band(sample_runs):
    ens = da.open_ensemble([sample_runs / "sample-a.h5", sample_runs / "sample-b.h5"])
    ax = da.plot_status_series(ens, region="R1", statuses=("displaced",))
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 1
    # Median of (x1, x1.5) = x1.25; the 5-95 % band spans x1.025 .. x1.475.
    assert list(ax.lines[0].get_ydata()) == [1.25 * v for v in fig.STATUS["displaced"]["R1"]]
    ys = bands[0].get_paths()[0].vertices[:, 1]
    assert ys.max() == pytest.approx(1.475 * 100.0)


def test_flows(sample_runs):
    ds = da.open_run(sample_runs / "sample-a.h5")
    matrix = da.flow_matrix(ds, "displacement")
    assert matrix.loc["R1", "R2"] == 40.0 and matrix.loc["R2", "R1"] == 30.0
    assert matrix.values.sum() == 180.0
    ax = da.plot_flows(ds, "displacement")
    assert ax.images[0].get_array().tolist() == matrix.values.tolist()
    bar = da.plot_flows(ds, "return", style="bar", include_stays=False)
    labels = [t.get_text() for t in bar.get_yticklabels()]
    assert labels == ["abroad \u2192 R2", "R2 \u2192 R1"]  # largest last (top)
    with pytest.raises(ValueError, match="without flows"):
        da.plot_flows(da.open_run(sample_runs / "sample-noflows.h5"), "displacement")
