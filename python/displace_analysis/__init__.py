"""displace_analysis: read, compare and plot displace run files (HDF5, netCDF-4/CF layout).

The run file layout is documented in ``docs/output-format.md``. Counts are real households or
people (dimensionless, CF ``units = "1"``); times are step start dates.

>>> import displace_analysis as da
>>> ds = da.open_run("out/maria-2017/baseline.h5")          # xarray.Dataset, times decoded
>>> table = da.compare_runs({"baseline": "out/maria-2017/baseline.h5",
...                          "early warning": "out/maria-2017/early-warning.h5"})
>>> da.plot_status_series(ds)                                 # displaced / returned / ...

Only Debian's Python modules are needed: xarray + netCDF4 (reading), pandas (tables),
matplotlib (plots) and GDAL's ``osgeo.ogr`` (outlines on maps).
"""
from .runs import (breakdown_names, design_table, displacement_cause_names, flow_kind_names,
                   hazard_names, open_ensemble,
                   open_ensemble_file, open_run, region_label, shelter_names, status_names,
                   step_months)
from .admin import admin_levels, dtm_table, open_admin_level
from .compare import (METRICS, compare_runs, compare_wide, read_compare_csv)
from .plot import (flow_matrix, plot_flows, plot_map, plot_status_series, read_outlines,
                   status_series)

__all__ = [
    "METRICS", "admin_levels", "breakdown_names", "compare_runs", "compare_wide", "design_table",
    "displacement_cause_names", "dtm_table", "flow_kind_names", "hazard_names",
    "flow_matrix", "open_admin_level", "open_ensemble", "open_ensemble_file", "open_run", "plot_flows", "plot_map", "plot_status_series",
    "read_compare_csv", "read_outlines", "region_label", "shelter_names", "status_names",
    "status_series", "step_months",
]
from ._version import engine_version as _engine_version

__version__ = _engine_version()
