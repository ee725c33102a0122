"""Admin levels of a run (groups ``admin_<level>`` of the run file, docs/output-format.md):
``admin_levels`` lists them, ``open_admin_level`` opens one as an :class:`xarray.Dataset` and
``dtm_table`` gives its DTM-style table (displaced people by admin unit of origin and current
admin unit), the table ``displace export RUN --table admin_<level>`` writes."""
from __future__ import annotations

import os

import netCDF4
import numpy as np
import pandas as pd
import xarray as xr

from .runs import open_run

# Names the C++ side takes from output/include/displace/output/schema.hpp.
ADMIN_LEVEL_GROUP_PREFIX = "admin_"
ADMIN_LEVEL_ATTRIBUTE = "admin_level"


def admin_levels(path: str | os.PathLike) -> tuple[int, ...]:
    """Admin levels recorded in a run file, coarsest first (``()`` when it has none)."""
    with netCDF4.Dataset(os.fspath(path)) as nc:
        levels = [int(group.getncattr(ADMIN_LEVEL_ATTRIBUTE))
                  for name, group in nc.groups.items()
                  if name.startswith(ADMIN_LEVEL_GROUP_PREFIX)
                  and ADMIN_LEVEL_ATTRIBUTE in group.ncattrs()]
    return tuple(sorted(levels))


def open_admin_level(path: str | os.PathLike, level: int, *, load: bool = True) -> xr.Dataset:
    """Open admin level ``level`` of a complete run file as an :class:`xarray.Dataset`.

    Dimensions ``unit`` (unit codes; ``unit_name`` the names) and ``current`` (unit codes then
    external destinations; ``current_name``), with the run's ``time`` (decoded dates), ``status``
    and ``breakdown`` as coordinates. Variables: ``households`` / ``people`` (time, unit, status,
    breakdown) by home unit, ``displaced_households`` / ``displaced_people`` (time, unit, current,
    breakdown), displaced or evacuated by unit of origin and place now. Incomplete runs are
    refused as by :func:`open_run`; a level the run does not have raises :class:`KeyError`.
    """
    root = open_run(path, load=False)
    try:
        coordinates = {name: root[name].values for name in ("time", "status", "breakdown")}
    finally:
        root.close()
    levels = admin_levels(path)
    if level not in levels:
        raise KeyError(f"{path}: no admin level {level} (levels: "
                       f"{', '.join(map(str, levels)) or 'none'})")
    ds = xr.open_dataset(path, group=f"{ADMIN_LEVEL_GROUP_PREFIX}{level}", engine="netcdf4")
    ds = ds.assign_coords(**{name: values for name, values in coordinates.items()
                             if name in ds.dims})
    ds = ds.assign_coords(unit_name=ds.unit_name, current_name=ds.current_name)
    if load:
        ds.load()
        ds.close()
    return ds


def dtm_table(level: xr.Dataset) -> pd.DataFrame:
    """The DTM-style table of an admin level (from :func:`open_admin_level`): one row per step,
    unit of origin, current unit (or external destination) and count (``units``: households,
    then people), one column per breakdown; the pairs where nobody is displaced are left out.
    Columns and rows are those of ``displace export RUN --table admin_<level>``."""
    breakdowns = [str(b) for b in level.breakdown.values]
    households = level.displaced_households.transpose("time", "unit", "current", "breakdown")
    people = level.displaced_people.transpose("time", "unit", "current", "breakdown")
    dates = pd.to_datetime(level.time.values).strftime("%Y-%m-%d")
    units = [str(u) for u in level.unit.values]
    unit_names = [str(n) for n in level.unit_name.values]
    currents = [str(c) for c in level.current.values]
    current_names = [str(n) for n in level.current_name.values]
    rows = []
    h = households.values
    p = people.values
    for t, o, c in zip(*np.nonzero(h[..., 0])):
        for label, values in (("households", h), ("people", p)):
            rows.append([dates[t], int(level.attrs.get(ADMIN_LEVEL_ATTRIBUTE, -1)), units[o],
                         unit_names[o], currents[c], current_names[c], label,
                         *values[t, o, c, :].tolist()])
    return pd.DataFrame(rows, columns=["date", "admin_level", "origin_code", "origin_name",
                                       "current_code", "current_name", "units", *breakdowns])
