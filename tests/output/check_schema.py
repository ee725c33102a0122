#!/usr/bin/python3
"""Checks a run file written by output_tests (test_run.cpp) with h5py AND xarray (netCDF4 engine):
dimensions, coordinates, units, attributes and values. Exits non-zero with a message on failure.

Usage: /usr/bin/python3 check_schema.py RUN.h5
"""
import sys

import h5py
import netCDF4
import numpy as np
import xarray as xr

STATUS = ["home", "evacuated", "displaced", "migrated", "relocated", "returned"]
BREAKDOWN = ["all", "female_headed", "with_children", "with_elderly", "with_disability"]
FLOW_KIND = ["evacuation", "displacement", "migration", "return", "relocation"]
PLACES = ["MZ01", "MZ02", "abroad"]
DISPLACEMENT_CAUSE = ["evacuation", "uninhabitable_home", "services_loss"]


def text(value):
    return value.decode() if isinstance(value, (bytes, np.bytes_)) else str(value)


def check_h5py(path):
    with h5py.File(path, "r") as f:
        attrs = f.attrs
        assert text(attrs["Conventions"]) == "CF-1.8", attrs["Conventions"]
        assert int(attrs["displace_complete"]) == 1
        assert int(attrs["displace_format_version"]) == 1
        assert int(attrs["seed"]) == 42
        assert text(attrs["scenario_name"]) == "baseline"
        assert text(attrs["scenario_yaml"]) == "name: baseline\nseed: 42\n"
        assert text(attrs["started_utc"]) == "2024-05-01T10:00:00Z"
        assert text(attrs["ended_utc"]).endswith("Z")
        lines = text(attrs["input_sha256"]).splitlines()
        assert lines == ["a" * 64 + "  /data/population.tif", "b" * 64 + "  /data/admin.gpkg"], lines
        for name in ["engine_version", "git_revision", "threads", "ranks"]:
            assert name in attrs, name

        households = f["households"]
        assert households.shape == (3, 2, 6, 5), households.shape
        assert households.maxshape[0] is None, "time must be unlimited"
        assert households.chunks is not None and households.compression == "gzip"
        assert f["present_people_map"].compression == "gzip"
        assert f["time"].maxshape == (None,)
        assert text(f["region"].attrs["CLASS"]) == "DIMENSION_SCALE"
        assert "DIMENSION_LIST" in households.attrs
        dims = [households.dims[i][0].name for i in range(4)]
        assert dims == ["/time", "/region", "/status", "/breakdown"], dims
        assert [text(s) for s in f["status"][()]] == STATUS
        assert f["households"][2, 1, 2, 3] == 2123.0
        assert np.allclose(f["time"][()], [0, 31, 60])


def check_xarray(path):
    ds = xr.open_dataset(path, engine="netcdf4")
    expected_dims = {"time": 3, "region": 2, "status": 6, "breakdown": 5, "place": 3,
                     "flow_kind": 5, "origin": 3, "destination": 3, "map_time": 2, "y": 3,
                     "x": 4, "duration": 4, "displacement_cause": 3,
                     "hazard": 2}
    assert dict(ds.sizes) == expected_dims, dict(ds.sizes)
    assert ds.households.dims == ("time", "region", "status", "breakdown")
    assert ds.present_people.dims == ("time", "place")
    assert ds.trapped_households.dims == ("time", "region")
    assert ds.flows.dims == ("time", "flow_kind", "origin", "destination")
    assert ds.flows_people.dims == ("time", "flow_kind", "origin", "destination")
    assert ds.displacements_people.dims == ("time", "region", "displacement_cause")
    assert ds.uninhabitable_people_by_hazard.dims == ("time", "region", "hazard")
    assert ds.present_people_map.dims == ("map_time", "y", "x")
    assert ds.displacement_duration_households.dims == ("duration",)

    # Coordinates: dates, string labels decoded as str.
    times = ds.time.values.astype("datetime64[D]").astype(str).tolist()
    assert times == ["2020-01-01", "2020-02-01", "2020-03-01"], times
    map_times = ds.map_time.values.astype("datetime64[D]").astype(str).tolist()
    assert map_times == ["2020-01-01", "2020-03-01"], map_times
    for coord, labels in [("status", STATUS), ("breakdown", BREAKDOWN), ("flow_kind", FLOW_KIND),
                          ("place", PLACES), ("origin", PLACES), ("destination", PLACES),
                          ("region", ["MZ01", "MZ02"]),
                          ("displacement_cause", DISPLACEMENT_CAUSE),
                          ("hazard", ["wind", "flood"])]:
        values = ds[coord].values.tolist()
        assert values == labels, (coord, values)
        assert all(type(v) is str for v in values), (coord, [type(v) for v in values])
    assert ds.region_name.values.tolist() == ["Sofala", "Zambezia, North"]
    assert ds.place_name.values.tolist() == ["Sofala", "Zambezia, North", "abroad"]
    assert np.allclose(ds.x.values, [34.25, 34.75, 35.25, 35.75]), ds.x.values
    assert np.allclose(ds.y.values, [-17.25, -17.75, -18.25]), ds.y.values
    assert ds.x.attrs["units"] == "degrees_east" and ds.x.attrs["standard_name"] == "longitude"
    assert ds.y.attrs["units"] == "degrees_north" and ds.y.attrs["standard_name"] == "latitude"
    assert ds.duration.values.tolist() == [0, 1, 2, 3]

    # Grid mapping.
    assert ds.present_people_map.attrs["grid_mapping"] == "crs"
    crs = ds["crs"].attrs
    assert crs["grid_mapping_name"] == "latitude_longitude", crs
    assert "WGS 84" in crs["crs_wkt"] and crs["spatial_ref"] == crs["crs_wkt"]
    assert [float(v) for v in crs["GeoTransform"].split()] == [34.0, 0.5, 0.0, -17.0, 0.0, -0.5]

    # Values, selected by label.
    hh = ds.households.sel(region="MZ02", status="displaced", breakdown="all").values
    assert hh.tolist() == [120.0, 1120.0, 2120.0], hh
    people = ds.people.sel(region="MZ01", status="home", breakdown="with_children").values
    assert people.tolist() == [6.0, 3006.0, 6006.0], people
    assert ds.present_households.sel(place="abroad").values.tolist() == [2.0, 12.0, 22.0]
    assert ds.trapped_people.sel(region="MZ02").values.tolist() == [4.0, 8.0, 12.0]
    assert ds.damaged_home_households.sel(region="MZ01").values.tolist() == [7.0, 8.0, 9.0]
    flow = ds.flows.sel(flow_kind="displacement", origin="MZ01", destination="abroad").values
    assert flow.tolist() == [1.0, 2.0, 3.0], flow
    assert float(ds.flows.sel(flow_kind="displacement", origin="MZ01", destination="MZ02")
                 .sum()) == 0.0
    moved = ds.flows_people.sel(flow_kind="displacement", origin="MZ01", destination="abroad")
    assert moved.values.tolist() == [2.5, 5.0, 7.5], moved
    left = ds.displacements_people.sel(region="MZ02", displacement_cause="services_loss").values
    assert left.tolist() == [13.0, 113.0, 213.0], left
    # The hazard split adds up to the uninhabitable_home column.
    split = ds.uninhabitable_people_by_hazard.sum("hazard")
    whole = ds.displacements_people.sel(displacement_cause="uninhabitable_home")
    assert np.allclose(split.values, whole.values), (split.values, whole.values)
    assert np.allclose(ds.flows_people.values, 2.5 * ds.flows.values)
    cell = ds.present_people_map.isel(map_time=1).sel(y=-18.25, x=35.75).values
    assert float(cell) == 223.0, cell
    assert float(ds.arrivals_people_map.isel(map_time=0, y=0, x=0)) == 1.0
    assert float(ds.displaced_from_people_map.isel(map_time=1, y=1, x=2)) == 106.0
    assert ds.displacement_duration_households.values.tolist() == [0.0, 10.0, 5.0, 2.0]

    # Global attributes.
    assert ds.attrs["Conventions"] == "CF-1.8"
    assert ds.attrs["displace_complete"] == 1
    assert ds.attrs["scenario_yaml"] == "name: baseline\nseed: 42\n"
    assert int(ds.attrs["seed"]) == 42
    ds.close()

    # units and long_name on every variable (undecoded: xarray moves time units to encoding).
    raw = xr.open_dataset(path, engine="netcdf4", decode_times=False)
    for name, variable in raw.variables.items():
        assert "units" in variable.attrs, f"{name} has no units"
        assert "long_name" in variable.attrs, f"{name} has no long_name"
    assert raw.time.attrs["units"] == "days since 2020-01-01"
    assert raw.time.attrs["calendar"] == "standard"
    raw.close()


def check_netcdf4(path):
    with netCDF4.Dataset(path) as nc:
        assert nc.dimensions["time"].isunlimited()
        assert nc.dimensions["map_time"].isunlimited()
        assert not nc.dimensions["region"].isunlimited()
        assert nc.variables["status"].dtype == str


def main():
    path = sys.argv[1]
    check_h5py(path)
    check_xarray(path)
    check_netcdf4(path)
    print(f"check_schema: {path} OK")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        import traceback
        traceback.print_exc()
        print(f"check_schema: FAILED: {error}", file=sys.stderr)
        sys.exit(1)
