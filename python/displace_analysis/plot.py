"""Plots of run files: gridded maps with admin outlines, status time series (with ensemble bands)
and origin-destination flows. Each function draws on ``ax`` (a new figure when ``None``) and
returns the axes."""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import xarray as xr

from .runs import region_label

#: Status series :func:`plot_status_series` draws by default; ``trapped`` is not a status but the
#: trapped households (exposed, unable to move) variable.
DEFAULT_STATUSES = ("displaced", "returned", "migrated", "trapped")
_COLOURS = {"home": "tab:gray", "evacuated": "tab:olive", "displaced": "tab:red",
            "migrated": "tab:blue", "relocated": "tab:purple", "returned": "tab:green",
            "trapped": "black"}


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(figsize=(8, 5))
    return ax


# --------------------------------------------------------------------------------------------
# Maps

def read_outlines(path: str | os.PathLike, layer: str | int | None = None,
                  target_wkt: str | None = None) -> list[np.ndarray]:
    """Rings and lines of a vector file (GeoPackage, shapefile, GeoJSON, ...) read with GDAL's
    ``osgeo.ogr``, as a list of ``(n, 2)`` arrays of x, y coordinates.

    ``layer``: layer name or index (default the first). ``target_wkt``: when given and the layer
    has a CRS, coordinates are transformed to it (x = easting/longitude, y = northing/latitude,
    whatever the CRS's axis order).
    """
    from osgeo import ogr, osr

    source = ogr.Open(os.fspath(path))
    if source is None:
        raise FileNotFoundError(f"{path}: GDAL cannot open it as a vector file")
    lyr = source.GetLayer(0 if layer is None else layer)
    if lyr is None:
        raise ValueError(f"{path}: no layer {layer!r}")
    transform = None
    layer_srs = lyr.GetSpatialRef()
    if target_wkt and layer_srs is not None:
        target = osr.SpatialReference()
        if target.ImportFromWkt(target_wkt) == 0:
            layer_srs = layer_srs.Clone()
            for srs in (layer_srs, target):
                srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            if not layer_srs.IsSame(target):
                transform = osr.CoordinateTransformation(layer_srs, target)
    lines: list[np.ndarray] = []

    def walk(geometry):
        if geometry is None:
            return
        if geometry.GetGeometryCount() > 0:
            for i in range(geometry.GetGeometryCount()):
                walk(geometry.GetGeometryRef(i))
            return
        points = geometry.GetPoints()
        if points:
            lines.append(np.asarray(points, dtype=float)[:, :2])

    lyr.ResetReading()
    for feature in lyr:
        geometry = feature.GetGeometryRef()
        if geometry is None:
            continue
        geometry = geometry.Clone()
        if transform is not None:
            geometry.Transform(transform)
        walk(geometry)
    return lines


def _select_map(da: xr.DataArray, date):
    if "map_time" not in da.dims:
        return da
    if date is None:
        return da.isel(map_time=-1)
    if isinstance(date, (int, np.integer)):
        return da.isel(map_time=int(date))
    wanted = np.datetime64(pd.Timestamp(date).to_datetime64(), "ns")
    times = da.map_time.values.astype("datetime64[ns]")
    found = np.nonzero(times == wanted)[0]
    if found.size == 0:
        dates = ", ".join(str(t)[:10] for t in times)
        raise KeyError(f"no map at {str(wanted)[:10]}; maps exist at: {dates}")
    return da.isel(map_time=int(found[0]))


def plot_map(ds: xr.Dataset, variable: str = "displaced_from_people_map", date=None, ax=None,
             outlines: str | os.PathLike | Sequence[str | os.PathLike] | None = None,
             cmap: str = "magma_r", hide_zero: bool = True, colorbar: bool = True,
             outline_kw: dict | None = None, **pcolormesh_kw):
    """Map of a gridded variable at one map date, with admin outlines on top.

    Parameters
    ----------
    ds : a run (:func:`open_run`); with a ``member`` dimension the member mean is drawn.
    variable : ``present_people_map`` (people located in the cell), ``displaced_from_people_map``
        (displaced or evacuated people whose home is in the cell) or ``arrivals_people_map``
        (people in the cell whose home is elsewhere). Units: people per cell.
    date : map date (``"2017-10-01"``, a ``datetime64``/``Timestamp``; must be one of
        ``ds.map_time``), an integer index into ``map_time``, or ``None`` for the last map.
    outlines : vector file(s) drawn as outlines (read with :func:`read_outlines`, transformed to
        the run's CRS), e.g. ``scenarios/data/puerto-rico/ne_50m_admin_0_countries_caribbean.gpkg``.
    hide_zero : leave cells with 0 people transparent (sea, empty land).
    Extra keywords go to ``matplotlib.axes.Axes.pcolormesh``.
    """
    if variable not in ds:
        gridded = [v for v in ds.data_vars if {"y", "x"} <= set(ds[v].dims)]
        raise KeyError(f"no variable {variable!r}; gridded variables: {', '.join(gridded)}")
    ax = _axes(ax)
    da = _select_map(ds[variable], date)
    if "member" in da.dims:
        da = da.mean("member")
    values = np.asarray(da.transpose("y", "x").values, dtype=float)
    if hide_zero:
        values = np.ma.masked_where(~(values != 0), values)
    mesh = ax.pcolormesh(ds.x.values, ds.y.values, values, shading="nearest", cmap=cmap,
                         **pcolormesh_kw)
    if colorbar:
        ax.figure.colorbar(mesh, ax=ax, label="people per cell")
    if outlines is not None:
        paths = [outlines] if isinstance(outlines, (str, os.PathLike)) else list(outlines)
        wkt = ds["crs"].attrs.get("crs_wkt") if "crs" in ds else None
        style = {"color": "0.3", "linewidth": 0.7}
        style.update(outline_kw or {})
        xlim, ylim = ax.get_xlim(), ax.get_ylim()
        for path in paths:
            for line in read_outlines(path, target_wkt=wkt):
                ax.plot(line[:, 0], line[:, 1], **style)
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)
    when = str(da["map_time"].values)[:10] if "map_time" in da.coords else ""
    ax.set_title(f"{variable} {when}".strip())
    geographic = ds.x.attrs.get("standard_name") == "longitude"
    ax.set_xlabel("longitude (degrees east)" if geographic else "x (m)")
    ax.set_ylabel("latitude (degrees north)" if geographic else "y (m)")
    if geographic:
        ax.set_aspect(1.0 / max(np.cos(np.deg2rad(float(ds.y.mean()))), 1e-6))
    return ax


# --------------------------------------------------------------------------------------------
# Time series

def status_series(ds: xr.Dataset, region: str | Iterable[str] | None = None,
                  statuses: Sequence[str] = DEFAULT_STATUSES, breakdown: str = "all",
                  quantity: str = "households") -> xr.DataArray:
    """Stocks by status over time, as a DataArray (``status``, ``time`` [, ``member``]).

    ``region``: a region code, several codes (summed), or ``None`` for all regions (summed; by
    home region). ``statuses``: names from :func:`~displace_analysis.status_names` plus
    ``"trapped"`` (trapped households/people: exposed but unable to move; no breakdown, so
    ``breakdown`` does not apply to it). ``quantity``: ``"households"`` or ``"people"``.
    Values are real households or people at the end of each step.
    """
    if quantity not in ("households", "people"):
        raise ValueError("quantity must be 'households' or 'people'")
    regions = (list(ds.region.values) if region is None else
               [region] if isinstance(region, str) else list(region))
    series = []
    for status in statuses:
        if status == "trapped":
            da = ds[f"trapped_{quantity}"].sel(region=regions)
        else:
            da = ds[quantity].sel(region=regions, status=status, breakdown=breakdown)
        da = da.sum("region")
        series.append(da.drop_vars([c for c in ("status", "breakdown") if c in da.coords]))
    out = xr.concat(series, dim=pd.Index(list(statuses), name="status"))
    out.attrs = {"units": "1", "long_name": f"{quantity} by status"}
    return out


def plot_status_series(ds: xr.Dataset, region: str | Iterable[str] | None = None,
                       statuses: Sequence[str] = DEFAULT_STATUSES, ax=None,
                       breakdown: str = "all", quantity: str = "households",
                       band: tuple[float, float] = (5, 95)):
    """Time series of households (or people) displaced / returned / migrated / trapped.

    One line per status (see :func:`status_series` for ``region``, ``statuses``, ``breakdown``
    and ``quantity``). When ``ds`` has a ``member`` dimension (:func:`open_ensemble`) the line is
    the median across members and a shaded band spans the ``band`` percentiles (5-95 % by
    default). Y axis: real households (or people) at the end of each step; x axis: step start.
    """
    ax = _axes(ax)
    data = status_series(ds, region, statuses, breakdown, quantity)
    times = data.time.values
    for status in statuses:
        line = data.sel(status=status)
        colour = _COLOURS.get(status)
        if "member" in line.dims:
            low, high = (line.quantile(q / 100.0, dim="member") for q in band)
            ax.fill_between(times, low.values, high.values, color=colour, alpha=0.25,
                            linewidth=0, label=f"{status} {band[0]:g}-{band[1]:g}%")
            line = line.median("member")
        ax.plot(times, line.values, color=colour, label=status)
    where = ("all regions" if region is None else region_label(ds, region)
             if isinstance(region, str) else ", ".join(region))
    scenario = ds.attrs.get("scenario_name", "")
    ax.set_title(f"{scenario}: {where}" if scenario else where)
    ax.set_ylabel(f"{quantity} (real, end of step)")
    ax.set_xlabel("step start")
    if np.issubdtype(np.asarray(times).dtype, np.datetime64):
        import matplotlib.dates as mdates
        locator = mdates.AutoDateLocator(maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.legend(loc="best", fontsize="small")
    return ax


# --------------------------------------------------------------------------------------------
# Flows

def flow_matrix(ds: xr.Dataset, kind: str, time=None) -> pd.DataFrame:
    """Households that moved, origin (rows) x destination (columns), summed over steps.

    ``kind``: ``evacuation``, ``displacement``, ``migration``, ``return`` or ``relocation``.
    ``time``: ``None`` (all steps), a ``slice`` of dates, or one date. With a ``member``
    dimension the member mean is returned. Units: real households.
    """
    if "flows" not in ds:
        raise ValueError("this run was written without flows (outputs: record_flows off)")
    da = ds["flows"].sel(flow_kind=kind)
    if time is not None:
        da = da.sel(time=time)
    if "time" in da.dims:
        da = da.sum("time")
    if "member" in da.dims:
        da = da.mean("member")
    da = da.transpose("origin", "destination")
    return pd.DataFrame(da.values, index=pd.Index(da.origin.values, name="origin"),
                        columns=pd.Index(da.destination.values, name="destination"))


def plot_flows(ds: xr.Dataset, kind: str = "displacement", ax=None, style: str = "matrix",
               time=None, top: int = 15, include_stays: bool = True):
    """Origin-destination flows of one kind, summed over steps (see :func:`flow_matrix`).

    ``style="matrix"``: a heat map origin x destination, with the counts written in the cells
    when the matrix is small. ``style="bar"``: horizontal bars for the ``top`` largest
    origin -> destination pairs. ``include_stays=False`` leaves out moves within one place
    (origin == destination). Units: real households.
    """
    ax = _axes(ax)
    matrix = flow_matrix(ds, kind, time)
    if not include_stays:
        for place in matrix.index.intersection(matrix.columns):
            matrix.loc[place, place] = 0.0
    if style == "matrix":
        image = ax.imshow(matrix.values, cmap="Blues", aspect="auto")
        ax.set_xticks(range(matrix.shape[1]), matrix.columns, rotation=45, ha="right")
        ax.set_yticks(range(matrix.shape[0]), matrix.index)
        ax.set_xlabel("destination")
        ax.set_ylabel("origin")
        ax.figure.colorbar(image, ax=ax, label="households")
        if matrix.size <= 100:
            peak = float(matrix.values.max()) if matrix.size else 0.0
            for (i, j), value in np.ndenumerate(matrix.values):
                if value > 0:
                    ax.text(j, i, f"{value:,.0f}", ha="center", va="center", fontsize="x-small",
                            color="white" if value > 0.6 * peak else "black")
    elif style == "bar":
        pairs = matrix.stack()
        pairs = pairs[pairs > 0].sort_values(ascending=False).head(top)[::-1]
        labels = [f"{o} \u2192 {d}" for o, d in pairs.index]
        ax.barh(labels, pairs.values, color="tab:blue")
        ax.set_xlabel("households")
    else:
        raise ValueError("style must be 'matrix' or 'bar'")
    scenario = ds.attrs.get("scenario_name", "")
    ax.set_title(f"{scenario}: {kind} flows" if scenario else f"{kind} flows")
    return ax
