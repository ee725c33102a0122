"""Admin levels (groups admin_<level>) of a run file written by the C++ RunWriter: opened with
xarray, their DTM table, and (with the CLI, DISPLACE_BIN) the same table as `displace export`."""
import os
import re
import subprocess

import numpy as np
import pandas as pd
import pytest

import displace_analysis as da
import sample_figures as fig


def test_levels_are_listed_and_absent_ones_refused(sample_runs):
    assert da.admin_levels(sample_runs / "sample-levels.h5") == (2,)
    assert da.admin_levels(sample_runs / "sample-a.h5") == ()
    with pytest.raises(KeyError, match="no admin level 1 .levels: 2"):
        da.open_admin_level(sample_runs / "sample-levels.h5", 1)
    with pytest.raises(ValueError, match="partial"):
        da.open_admin_level(sample_runs / "interrupted.h5.partial", 2)


def test_a_level_opens_with_the_runs_coordinates(sample_runs):
    ds = da.open_admin_level(sample_runs / "sample-levels.h5", 2)
    assert ds.attrs["layer"] == "municipalities"
    assert ds.unit.values.tolist() == ["M1", "M2", "M3"]
    assert ds.unit_name.values.tolist() == ["Uno", "Dos", "Tres, coast"]
    assert ds.current.values.tolist() == ["M1", "M2", "M3", "abroad"]
    assert ds.time.values.astype("datetime64[D]").astype(str).tolist() == fig.DATES
    assert ds.breakdown.values[0] == "all"
    moved = ds.displaced_households.sel(unit="M1", current="M2", breakdown="all")
    assert moved.values.tolist() == [10.0, 20.0, 30.0, 40.0]
    abroad = ds.displaced_people.sel(unit="M3", current="abroad", breakdown="all")
    assert np.allclose(abroad.values, [10.0, 20.0, 30.0, 40.0])
    home = ds.households.sel(status="home", breakdown="all").isel(time=0)
    assert home.values.tolist() == [100.0, 200.0, 300.0]


def test_dtm_table_lists_the_pairs_with_people(sample_runs):
    table = da.dtm_table(da.open_admin_level(sample_runs / "sample-levels.h5", 2))
    assert list(table.columns[:7]) == ["date", "admin_level", "origin_code", "origin_name",
                                       "current_code", "current_name", "units"]
    assert list(table.columns[7:]) == ["all", "female_headed", "with_children", "with_elderly",
                                       "with_disability"]
    assert len(table) == 2 * 2 * len(fig.DATES)  # two pairs, households and people, each step
    assert set(zip(table.origin_code, table.current_code)) == {("M1", "M2"), ("M3", "abroad")}
    last = table[(table.date == fig.DATES[-1]) & (table.origin_code == "M3")]
    assert last.set_index("units")["all"].to_dict() == {"households": 16.0, "people": 40.0}
    assert (table.admin_level == 2).all()


@pytest.mark.skipif(not os.environ.get("DISPLACE_BIN"), reason="no displace CLI (DISPLACE_BIN)")
def test_dtm_table_is_what_the_cli_exports(sample_runs, tmp_path):
    out = tmp_path / "admin_2.csv"
    subprocess.run([os.environ["DISPLACE_BIN"], "export", str(sample_runs / "sample-levels.h5"),
                    "--table", "admin_2", "--to", str(out)], check=True, capture_output=True)
    exported = pd.read_csv(out, keep_default_na=False)
    table = da.dtm_table(da.open_admin_level(sample_runs / "sample-levels.h5", 2))
    pd.testing.assert_frame_equal(exported, table, check_dtype=False)


def test_group_names_match_the_cpp_schema(source_dir):
    """admin.py spells the admin-level group names that the C++ code takes from schema.hpp."""
    header = (source_dir / "output/include/displace/output/schema.hpp").read_text()
    constants = dict(re.findall(r'inline constexpr std::string_view (k\w+) = "([^"]*)"', header))
    from displace_analysis import admin
    assert constants["kAdminLevelGroupPrefix"] == admin.ADMIN_LEVEL_GROUP_PREFIX
    assert constants["kAdminLevelAttribute"] == admin.ADMIN_LEVEL_ATTRIBUTE
