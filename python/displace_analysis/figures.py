"""The README's demo figures, made from the demo's run files (``bash tools/figures.sh``).

``python3 -m displace_analysis.figures RUNS_DIR OUT_DIR [--outlines VECTOR_FILE]`` writes

* ``maria-displaced-map.png``: people displaced from their homes, by cell, at the first map
  after Maria (baseline run), with country outlines;
* ``maria-status-series.png``: displaced / evacuated / returned / migrated / trapped households
  month by month (log scale), baseline against the early-warning and reconstruction-support
  variants;

and prints the figures it drew from, so the README can quote them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from .plot import plot_map, plot_status_series  # noqa: E402
from .runs import open_run  # noqa: E402


def _first_map_after(ds, date: str) -> int:
    times = ds.map_time.values.astype("datetime64[D]")
    after = np.nonzero(times >= np.datetime64(date))[0]
    return int(after[0]) if len(after) else len(times) - 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=Path, help="folder holding maria-2017/<variant>.h5")
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    parser.add_argument("--outlines", type=Path, default=None,
                        help="vector file drawn as outlines on the map")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    base = open_run(args.runs / "maria-2017" / "baseline.h5")
    index = _first_map_after(base, "2017-10-01")
    fig, ax = plt.subplots(figsize=(9, 5.5))
    plot_map(base, "displaced_from_people_map", date=index, ax=ax, outlines=args.outlines)
    when = str(base.map_time.values[index])[:7]
    ax.set_title(f"Maria baseline: people displaced from home, by cell, {when}")
    fig.tight_layout()
    map_png = args.out / "maria-displaced-map.png"
    fig.savefig(map_png, dpi=110)
    plt.close(fig)
    displaced = float(base.displaced_from_people_map.isel(map_time=index).sum())
    print(f"{map_png}: {displaced:.0f} people displaced from home in {when}")

    fig, axes = plt.subplots(1, 3, figsize=(16, 4.5), sharey=True)
    statuses = ["displaced", "evacuated", "returned", "migrated", "trapped"]
    for ax, variant in zip(axes, ["baseline", "early-warning", "reconstruction-support"]):
        ds = open_run(args.runs / "maria-2017" / f"{variant}.h5")
        plot_status_series(ds, statuses=statuses, ax=ax)
        ax.set_yscale("symlog", linthresh=100)  # the evacuation spike dwarfs everything else
        ax.set_title(variant)
        trapped = float(ds.trapped_households.sum("region").max())
        print(f"{variant}: peak trapped households {trapped:.0f}")
    fig.suptitle("Households by status after Irma and Maria (all regions, real households, log scale)")
    fig.tight_layout()
    series_png = args.out / "maria-status-series.png"
    fig.savefig(series_png, dpi=110)
    plt.close(fig)
    print(f"{series_png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
