"""open_run / open_ensemble against real run files written by the C++ RunWriter."""
import re
import shutil

import h5py
import numpy as np
import pytest

import displace_analysis as da
import sample_figures as fig


def dates(values):
    return values.astype("datetime64[D]").astype(str).tolist()


def test_values_written_come_back(sample_runs):
    ds = da.open_run(sample_runs / "sample-a.h5")
    assert dates(ds.time.values) == fig.DATES
    assert dates(ds.map_time.values) == fig.MAP_DATES
    assert ds.region.values.tolist() == fig.REGIONS
    assert ds.region_name.values.tolist() == fig.REGION_NAMES
    assert ds.place.values.tolist() == fig.PLACES
    # Names come from the file's labels (str, file order), and hold those the package selects.
    assert da.status_names(ds) == tuple(ds.status.values.astype(str))
    assert all(type(name) is str for name in da.status_names(ds))
    assert {"displaced", "migrated", "returned", "evacuated"} <= set(da.status_names(ds))
    assert da.breakdown_names(ds)[0] == "all"
    assert {"displacement", "migration", "return"} <= set(da.flow_kind_names(ds))
    assert set(fig.STATUS) <= set(da.status_names(ds))
    for status, by_region in fig.STATUS.items():
        for region, series in by_region.items():
            for breakdown, share in fig.BREAKDOWN_SHARE.items():
                got = ds.households.sel(region=region, status=status, breakdown=breakdown)
                assert got.values.tolist() == [share * v for v in series], (status, region)
                people = ds.people.sel(region=region, status=status, breakdown=breakdown)
                assert np.array_equal(people.values, fig.PEOPLE_PER_HOUSEHOLD * got.values)
    for region, series in fig.TRAPPED.items():
        assert ds.trapped_households.sel(region=region).values.tolist() == series
    assert ds.displacement_duration_households.values.tolist() == fig.DURATION
    last_map = ds.present_people_map.sel(map_time="2021-04-01")
    assert float(last_map.isel(y=1, x=2)) == fig.map_value(3, 1, 2)
    assert ds.attrs["scenario_name"] == "sample-a"
    assert int(ds.attrs["seed"]) == 7
    assert int(ds.attrs["displace_complete"]) == 1
    assert da.step_months(ds) == 1.0
    assert da.region_label(ds, "R2") == "R2 South, coast"
    assert ds.households.attrs["units"] == "1"


def test_shelters_and_protected_are_read_by_name(sample_runs):
    ds = da.open_run(sample_runs / "sample-a.h5")
    assert da.shelter_names(ds) == tuple(fig.SHELTER_HOUSEHOLDS)
    for site, series in fig.SHELTER_HOUSEHOLDS.items():
        assert ds.shelter_households.sel(shelter=site).values.tolist() == series
        assert np.array_equal(ds.shelter_people.sel(shelter=site).values,
                              fig.PEOPLE_PER_HOUSEHOLD * np.array(series))
        assert ds.shelter_open.sel(shelter=site).values.tolist() == fig.SHELTER_OPEN[site]
    assert ds.shelter_capacity_households.sel(shelter="hall").item() == 60.0
    for region, series in fig.PROTECTED.items():
        assert ds.protected_households.sel(region=region).values.tolist() == series
    assert float(ds.protected_people.sum()) == fig.PEOPLE_PER_HOUSEHOLD * 13


def test_uninhabitable_homes_by_hazard_are_read_by_name(sample_runs):
    ds = da.open_run(sample_runs / "sample-a.h5")
    assert da.hazard_names(ds) == ("wind", "flood")
    for region, by_kind in fig.BY_HAZARD.items():
        for kind, series in by_kind.items():
            got = ds.uninhabitable_people_by_hazard.sel(region=region, hazard=kind)
            assert got.values.tolist() == series, (region, kind)
    b = da.open_run(sample_runs / "sample-b.h5")
    assert np.array_equal(b.uninhabitable_people_by_hazard.values,
                          1.5 * ds.uninhabitable_people_by_hazard.values)


def test_partial_file_is_refused(sample_runs):
    with pytest.raises(ValueError, match="partial run file"):
        da.open_run(sample_runs / "interrupted.h5.partial")


def test_missing_file_points_at_its_partial(sample_runs):
    with pytest.raises(FileNotFoundError, match="interrupted.h5.partial"):
        da.open_run(sample_runs / "interrupted.h5")


def test_file_without_completion_mark_is_refused(sample_runs, tmp_path):
    # The killed run's file under a complete-looking name: its displace_complete is still 0.
    renamed = tmp_path / "interrupted.h5"
    shutil.copy(sample_runs / "interrupted.h5.partial", renamed)
    with h5py.File(renamed, "r") as f:
        assert int(f.attrs["displace_complete"]) == 0
        assert f["households"].shape[0] == 2  # the two steps flushed before the kill
    with pytest.raises(ValueError, match="incomplete run"):
        da.open_run(renamed)


def test_foreign_hdf5_file_is_refused(tmp_path):
    path = tmp_path / "other.h5"
    with h5py.File(path, "w") as f:
        f["values"] = np.arange(3.0)
    with pytest.raises(ValueError, match="not a displace run file"):
        da.open_run(path)


def test_ensemble_stacks_members(sample_runs):
    ens = da.open_ensemble({"a": sample_runs / "sample-a.h5", "b": sample_runs / "sample-b.h5"})
    assert ens.member.values.tolist() == ["a", "b"]
    displaced = ens.households.sel(region="R1", status="displaced", breakdown="all")
    assert displaced.sel(member="b").values.tolist() == [0.0, 150.0, 90.0, 30.0]
    assert ens.displacement_duration_households.sel(member="b").values.tolist() == [
        1.5 * v for v in fig.DURATION]


def test_file_markers_match_the_cpp_schema(source_dir):
    """runs.py spells the run file's markers that the C++ code takes from output/schema.hpp."""
    header = (source_dir / "output/include/displace/output/schema.hpp").read_text()
    constants = dict(re.findall(r'inline constexpr std::string_view (k\w+) = "([^"]*)"', header))
    from displace_analysis import runs
    assert constants["kPartialSuffix"] == runs.PARTIAL_SUFFIX
    assert constants["kFormatVersionAttribute"] == runs.FORMAT_VERSION_ATTRIBUTE
    assert constants["kCompleteAttribute"] == runs.COMPLETE_ATTRIBUTE
