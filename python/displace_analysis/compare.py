"""Headline figures of runs side by side: the same numbers as ``displace compare``.

Definitions (``output/src/compare.cpp``; all in real households except the last):

* ``peak_displaced_households``: max over steps of households with status ``displaced``
  (breakdown ``all``), per home region; the TOTAL row is the peak of the sum over regions.
* ``cumulative_displaced_households``: sum of ``displacement`` flows over steps, by origin.
* ``evacuated_households``: sum of ``evacuation`` flows over steps, by origin.
* ``migrated_households``: households with status ``migrated`` at the last step.
* ``returned_households``: sum of ``return`` flows over steps, by destination.
* ``peak_trapped_households``: max over steps of trapped households (TOTAL: peak of the sum).
* ``people_months_displaced``: sum over steps of displaced people x step length in months
  (people x months).
* ``relocated_households``: sum of ``relocation`` flows (planned relocation) over steps, by origin.

Flow totals (TOTAL row) include flows from/to external places, like the C++ code. Flow-based
figures are NaN for runs written without flows. Sums run in the same order as the C++ loops, so
the values are bit-identical to what ``displace compare --csv`` prints (``%.17g``).
"""
from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from .runs import open_run

#: Metric keys in table order (the ``metric`` column of ``displace compare --csv``).
METRICS = (
    "peak_displaced_households",
    "cumulative_displaced_households",
    "evacuated_households",
    "migrated_households",
    "returned_households",
    "peak_trapped_households",
    "people_months_displaced",
    "relocated_households",
)
TOTAL = "TOTAL"
TOTAL_NAME = "all regions"


def _sequential_sum(values: np.ndarray, axis: int = -1) -> np.ndarray:
    """0.0 + v0 + v1 + ... along ``axis``, left to right (as a C++ loop adds), not pairwise."""
    values = np.asarray(values, dtype=np.float64)
    if values.shape[axis] == 0:
        return np.zeros(np.delete(values.shape, axis))
    return np.take(np.cumsum(values, axis=axis), -1, axis=axis)


def _peak(series: np.ndarray) -> float:
    """max(0, series...) like the C++ running max that starts at 0."""
    return float(max([0.0] + list(series)))


def _grid_key(ds: xr.Dataset):
    width = ds.sizes.get("x", 0)
    height = ds.sizes.get("y", 0)
    crs = ds["crs"].attrs if "crs" in ds else {}
    transform = crs.get("GeoTransform", "")
    return width, height, transform, crs.get("crs_wkt", "")


def _incompatibility(a: xr.Dataset, b: xr.Dataset) -> str:
    """Why two runs cannot be compared (as the C++ compare says), or ""."""
    if list(a.region.values) != list(b.region.values):
        return "different regions"
    if not np.array_equal(a.time.values, b.time.values):
        return "different step dates"
    wa, ha, ta, ca = _grid_key(a)
    wb, hb, tb, cb = _grid_key(b)
    if (wa, ha) != (wb, hb):
        return "different grid sizes"
    if [float(v) for v in ta.split()] != [float(v) for v in tb.split()]:
        return "different grid geotransforms"
    if ca != cb:
        return "different grid CRS"
    return ""


def run_figures(ds: xr.Dataset) -> dict[str, np.ndarray]:
    """metric key -> array of R + 1 values (regions in file order, then the total) for one run."""
    regions = ds.sizes["region"]
    hh = ds["households"].transpose("time", "region", "status", "breakdown")
    displaced = hh.sel(status="displaced", breakdown="all").values.astype(np.float64)  # (T, R)
    migrated_last = hh.sel(status="migrated", breakdown="all").values.astype(np.float64)
    people = ds["people"].transpose("time", "region", "status", "breakdown")
    displaced_people = people.sel(status="displaced", breakdown="all").values.astype(np.float64)
    trapped = ds["trapped_households"].transpose("time", "region").values.astype(np.float64)
    steps = displaced.shape[0]
    months_per_step = float(ds.attrs["step_length_years"]) * 12.0

    figures = {}
    peak = [_peak(displaced[:, r]) for r in range(regions)]
    peak.append(_peak(_sequential_sum(displaced, axis=1)))
    figures["peak_displaced_households"] = np.array(peak)
    peak_trapped = [_peak(trapped[:, r]) for r in range(regions)]
    peak_trapped.append(_peak(_sequential_sum(trapped, axis=1)))
    figures["peak_trapped_households"] = np.array(peak_trapped)
    months = _sequential_sum(displaced_people * months_per_step, axis=0)  # (R,)
    figures["people_months_displaced"] = np.append(months, _sequential_sum(months))
    last = migrated_last[steps - 1] if steps > 0 else np.zeros(regions)
    figures["migrated_households"] = np.append(last, _sequential_sum(last))

    if "flows" not in ds:
        for key in ("cumulative_displaced_households", "evacuated_households",
                    "returned_households", "relocated_households"):
            figures[key] = np.full(regions + 1, np.nan)
    else:
        flows = ds["flows"].transpose("time", "flow_kind", "origin", "destination")

        def add_flows(kind: str, by_origin: bool) -> np.ndarray:
            moved = flows.sel(flow_kind=kind).values.astype(np.float64)  # (T, O, D)
            # Per place: the C++ loop adds over (t, d) for an origin, (t, o) for a destination.
            ordered = moved.transpose(1, 0, 2) if by_origin else moved.transpose(2, 0, 1)
            per_place = _sequential_sum(ordered.reshape(ordered.shape[0], -1), axis=1)
            total = _sequential_sum(moved.reshape(-1))  # every place, externals included
            return np.append(per_place[:regions], total)

        figures["cumulative_displaced_households"] = add_flows("displacement", True)
        figures["evacuated_households"] = add_flows("evacuation", True)
        figures["returned_households"] = add_flows("return", False)
        figures["relocated_households"] = add_flows("relocation", True)
    return figures


def compare_runs(runs: Sequence[str | os.PathLike] | Mapping[str, str | os.PathLike | xr.Dataset]
                 ) -> pd.DataFrame:
    """The ``displace compare`` figures of one or more runs as a tidy table.

    Parameters
    ----------
    runs : a list of run file paths, or a mapping label -> path (or -> an already opened
        :func:`open_run` dataset). With a list, runs are labelled like the CLI does: by scenario
        name, or by file name where scenario names clash or are empty.

    Returns
    -------
    pandas.DataFrame with columns ``run`` (label), ``region`` (region code, ``"TOTAL"`` for the
    total row), ``region_name`` (``"all regions"`` for the total), ``metric`` (one of
    :data:`METRICS`) and ``value`` (households; people x months for
    ``people_months_displaced``; NaN for flow figures of a run without flows). Rows are ordered
    like the CLI CSV: per run, the total first, then regions in file order, metrics in
    :data:`METRICS` order.

    Raises ValueError for an empty input, for runs :func:`open_run` refuses and for runs that
    cannot be compared (different regions, step dates or grid), naming both runs.
    """
    if isinstance(runs, Mapping):
        items = list(runs.items())
        if not items:
            raise ValueError("compare_runs needs at least one run")
        datasets = [v if isinstance(v, xr.Dataset) else open_run(v) for _, v in items]
        labels = [str(k) for k, _ in items]
        shown = [str(v.encoding.get("source", k)) if isinstance(v, xr.Dataset) else str(v)
                 for k, v in items]
    else:
        paths = [Path(p) for p in runs]
        if not paths:
            raise ValueError("compare_runs needs at least one run")
        datasets = [open_run(p) for p in paths]
        names = [str(ds.attrs.get("scenario_name", "")) for ds in datasets]
        counts = Counter(names)
        labels = [p.name if (not n or counts[n] > 1) else n for p, n in zip(paths, names)]
        shown = [str(p) for p in paths]
    for i in range(1, len(datasets)):
        why = _incompatibility(datasets[0], datasets[i])
        if why:
            raise ValueError(f"cannot compare '{shown[0]}' with '{shown[i]}': {why}")

    base = datasets[0]
    codes = [str(c) for c in base.region.values] + [TOTAL]
    region_names = [str(n) for n in base.region_name.values] + [TOTAL_NAME]
    order = [len(codes) - 1] + list(range(len(codes) - 1))  # total first, like the CLI
    rows = []
    for label, ds in zip(labels, datasets):
        figures = run_figures(ds)
        for row in order:
            for metric in METRICS:
                rows.append((label, codes[row], region_names[row], metric,
                             float(figures[metric][row])))
    return pd.DataFrame(rows, columns=["run", "region", "region_name", "metric", "value"])


def compare_wide(table: pd.DataFrame) -> pd.DataFrame:
    """The tidy table of :func:`compare_runs` as one column per run (index region, metric)."""
    runs = list(dict.fromkeys(table["run"]))
    keys = ["region", "region_name", "metric"]
    order = pd.MultiIndex.from_frame(table[keys].drop_duplicates())
    wide = table.set_index(keys + ["run"])["value"].unstack("run")
    return wide.reindex(order)[runs]


def read_compare_csv(csv) -> pd.DataFrame:
    """Parse ``displace compare --csv`` output (text, or a path) into the tidy form of
    :func:`compare_runs` (the ``<run>_minus_<first>`` difference columns are dropped).
    Empty cells (flow figures of runs without flows) become NaN."""
    if isinstance(csv, os.PathLike) or (isinstance(csv, str) and "\n" not in csv):
        csv = Path(csv).read_text()
    wide = pd.read_csv(io.StringIO(csv), dtype={"region_code": str, "region_name": str},
                       keep_default_na=False, na_values=[""],
                       float_precision="round_trip")
    columns = list(wide.columns[3:])
    runs = columns[: (len(columns) + 1) // 2]
    tidy = wide.melt(id_vars=["region_code", "region_name", "metric"], value_vars=runs,
                     var_name="run", value_name="value")
    tidy = tidy.rename(columns={"region_code": "region"})
    tidy["value"] = tidy["value"].astype(np.float64)
    return tidy[["run", "region", "region_name", "metric", "value"]]
