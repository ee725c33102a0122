"""Opening run files: ``open_run`` (one run), ``open_ensemble`` (runs stacked on ``member``) and
``open_ensemble_file`` / ``design_table`` (the ensemble file of ``displace run`` with ``ensemble:``)."""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr


def _labels(ds: xr.Dataset, coordinate: str) -> tuple[str, ...]:
    return tuple(str(v) for v in ds[coordinate].values)


# The names of statuses, breakdowns and kinds of move are the engine's (engine/status.hpp); the run
# file carries them as coordinate labels, and this package reads them from there.
def status_names(ds: xr.Dataset) -> tuple[str, ...]:
    """Household statuses of a run, in file order (labels of coordinate ``status``)."""
    return _labels(ds, "status")


def displacement_cause_names(ds: xr.Dataset) -> tuple[str, ...]:
    """Why people left home (coordinate ``displacement_cause`` of ``displacements_people``)."""
    return _labels(ds, "displacement_cause")


def hazard_names(ds: xr.Dataset) -> tuple[str, ...]:
    """Hazard kinds of a run (coordinate ``hazard`` of ``uninhabitable_people_by_hazard``: homes
    made uninhabitable, by the hazard that damaged them most); empty when the run has none."""
    return _labels(ds, "hazard") if "hazard" in ds.coords or "hazard" in ds else ()


def shelter_names(ds: xr.Dataset) -> tuple[str, ...]:
    """Shelter sites of a run (coordinate ``shelter`` of ``shelter_households``,
    ``shelter_people``, ``shelter_open`` and ``shelter_capacity_households``); empty when the
    scenario has none."""
    return _labels(ds, "shelter") if "shelter" in ds.coords or "shelter" in ds else ()


def breakdown_names(ds: xr.Dataset) -> tuple[str, ...]:
    """Population breakdowns of a run (coordinate ``breakdown``); ``all`` is every household."""
    return _labels(ds, "breakdown")


def flow_kind_names(ds: xr.Dataset) -> tuple[str, ...]:
    """Kinds of move of a run (coordinate ``flow_kind``)."""
    return _labels(ds, "flow_kind")


# Names the C++ side takes from output/include/displace/output/schema.hpp (a test checks they agree).
PARTIAL_SUFFIX = ".partial"
FORMAT_VERSION_ATTRIBUTE = "displace_format_version"
COMPLETE_ATTRIBUTE = "displace_complete"


def open_run(path: str | os.PathLike, *, load: bool = True) -> xr.Dataset:
    """Open one complete displace run file as an :class:`xarray.Dataset`.

    Times (``time``, ``map_time``) are decoded to ``datetime64`` step start dates; global and
    variable attributes are kept (``ds.attrs["scenario_name"]``, ``ds.attrs["seed"]``, ...).
    Count variables are real households or people (``units = "1"``), maps are people per cell.

    Like ``displace compare``, a run that did not end normally is refused: a ``*.partial`` file
    (interrupted or still being written), a file without ``displace_complete == 1`` and an HDF5
    file that is not a displace run (no ``displace_format_version``) raise :class:`ValueError`.
    A partial file can still be inspected with ``xarray.open_dataset`` or ``h5py`` directly.

    Parameters
    ----------
    path : path of the ``.h5`` run file.
    load : read every variable into memory and close the file (default). With ``False`` the
        dataset stays lazily backed by the open file; close it with ``ds.close()``.
    """
    path = Path(path)
    if path.name.endswith(PARTIAL_SUFFIX):
        raise ValueError(f"{path}: a partial run file (the run was interrupted or is still being "
                         f"written); only complete runs can be analysed")
    if not path.exists():
        partial = path.with_name(path.name + PARTIAL_SUFFIX)
        if partial.exists():
            raise FileNotFoundError(f"{path}: does not exist; '{partial}' does: the run did not "
                                    f"finish (interrupted or still running)")
        raise FileNotFoundError(f"{path}: no such run file")
    ds = xr.open_dataset(path, engine="netcdf4")
    try:
        if FORMAT_VERSION_ATTRIBUTE not in ds.attrs:
            raise ValueError(f"{path}: not a displace run file (no {FORMAT_VERSION_ATTRIBUTE} "
                             f"attribute)")
        if int(ds.attrs.get(COMPLETE_ATTRIBUTE, 0)) != 1:
            raise ValueError(f"{path}: incomplete run ({COMPLETE_ATTRIBUTE} is not 1): the run "
                             f"did not finish")
        if load:
            ds.load()
    except BaseException:
        ds.close()
        raise
    if load:
        ds.close()
    return ds


def open_ensemble(runs: Sequence[str | os.PathLike] | Mapping[str, str | os.PathLike],
                  dim: str = "member") -> xr.Dataset:
    """Open several runs of the same layout and stack them along a new dimension ``dim``.

    ``runs`` is a list of paths (members labelled 0, 1, ...) or a mapping label -> path. Every
    member must share regions, places, step dates and grid (``xarray.concat`` with
    ``join="exact"`` raises otherwise). The result feeds :func:`plot_status_series`, which draws
    5-95 % bands across ``dim``. Global attributes are those of the first member.
    """
    if isinstance(runs, Mapping):
        labels, paths = list(runs.keys()), list(runs.values())
    else:
        paths = list(runs)
        labels = list(range(len(paths)))
    if not paths:
        raise ValueError("open_ensemble needs at least one run")
    members = [open_run(p) for p in paths]
    # Stack the per-run results (time series, maps, the duration histogram); labels, crs and
    # coordinates are shared (join="exact" refuses members whose coordinates differ).
    stacked_vars = [name for name, var in members[0].data_vars.items()
                    if {"time", "map_time", "duration"} & set(var.dims)]
    stacked = xr.concat(members, dim=dim, data_vars=stacked_vars, coords="minimal",
                        compat="override", join="exact", combine_attrs="override")
    return stacked.assign_coords({dim: labels})


def step_months(ds: xr.Dataset) -> float:
    """Length of one step in months (``step_length_years`` x 12)."""
    return float(ds.attrs["step_length_years"]) * 12.0


def region_label(ds: xr.Dataset, code: str) -> str:
    """``"<code> <name>"`` of a region or place code (the name from ``region_name``/``place_name``)."""
    if "region" in ds.coords and code in ds.region.values:
        return f"{code} {ds.region_name.sel(region=code).item()}"
    if "place" in ds.coords and code in ds.place.values:
        name = ds.place_name.sel(place=code).item()
        return code if name == code else f"{code} {name}"
    return str(code)


def design_table(ds: xr.Dataset) -> pd.DataFrame:
    """The design groups of an ensemble file (``displace run`` with ``ensemble:``), one row each:
    ``variant`` (factual / counterfactual / empty), ``point`` (sweep point), one column per swept
    key (named by the key) and ``members`` (how many members ran it)."""
    if "member_design" not in ds:
        raise ValueError("not an ensemble file (no member_design variable)")
    table = pd.DataFrame({"variant": [str(v) for v in ds.design_variant.values],
                          "point": ds.design_point.values.astype(int)},
                         index=pd.Index(ds.design.values.astype(int), name="design"))
    for name in ds.data_vars:
        if name.startswith("sweep_"):
            key = ds[name].attrs.get("scenario_key", name[len("sweep_"):])
            table[key] = ds[name].values
    counts = pd.Series(ds.member_design.values.astype(int)).value_counts()
    table["members"] = [int(counts.get(g, 0)) for g in table.index]
    return table


def open_ensemble_file(path: str | os.PathLike, design: int = 0) -> xr.Dataset:
    """The members of one design group of an ensemble file as a run with a ``member`` dimension.

    Every recorded variable ``V`` is replaced by the group's slice of ``V_members``, so the result
    feeds the same functions as :func:`open_ensemble` (for example :func:`plot_status_series`
    draws the median and a 5-95 % band). ``design`` indexes :func:`design_table`.
    """
    ds = open_run(path)
    if "member_design" not in ds:
        raise ValueError(f"{path}: not an ensemble file (no member_design variable)")
    chosen = np.flatnonzero(ds.member_design.values.astype(int) == design)
    if chosen.size == 0:
        raise ValueError(f"{path}: no member in design group {design}")
    stacked = {name[: -len("_members")]: ds[name].isel(member=chosen)
               for name in ds.data_vars if name.endswith("_members")}
    extra = [name for name in ds.data_vars
             if name.endswith(("_members", "_quantiles")) or name.startswith(("sweep_", "design_"))
             or name in ("member_seed", "member_design")]
    result = ds.drop_vars(extra).drop_dims(["design", "quantile", "member"], errors="ignore")
    return result.drop_vars(list(stacked), errors="ignore").assign(stacked)
