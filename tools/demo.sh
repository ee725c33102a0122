#!/usr/bin/env bash
# The main command (README "Quick start", command 1): installs what is missing, builds Release,
# runs the Hurricane Maria demo (the baseline, its storms' wind and rain computed from their tracks,
# four policy variants, and the baseline on open-gira's wind fields as a cross-check) and the 2050
# climate pair (A1B, E1) on the bundled data and prints their comparisons. Outputs go to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh

jobs=${DISPLACE_JOBS:-2}
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs" --target displace
displace=build/release/app/displace

mkdir -p out/maria-2017 out/caribbean-2050
variants=(baseline early-warning cash-transfer reconstruction-support planned-relocation)
runs=()
for v in "${variants[@]}"; do
  echo "== displace run scenarios/maria-2017/$v.yaml"
  "$displace" run "scenarios/maria-2017/$v.yaml" --overwrite --quiet
  runs+=("out/maria-2017/$v.h5")
done
echo "== displace run scenarios/maria-2017/open-gira.yaml (cross-check: open-gira's wind fields, no rain)"
"$displace" run scenarios/maria-2017/open-gira.yaml --overwrite --quiet
for v in a1b e1; do
  echo "== displace run scenarios/caribbean-2050/$v.yaml"
  "$displace" run "scenarios/caribbean-2050/$v.yaml" --overwrite --quiet
done
echo
echo "== displace compare: Maria 2017, policy variants against the baseline (TOTAL rows)"
"$displace" compare "${runs[@]}" | sed -n '1,/^DOM/p' | sed '$d'
echo
echo "== displace compare: the baseline (wind and rain from the tracks) against open-gira's wind fields (TOTAL rows)"
"$displace" compare out/maria-2017/baseline.h5 out/maria-2017/open-gira.h5 | sed -n '1,/^DOM/p' | sed '$d'
echo
echo "== displace compare: 2020-2050 under SRES A1B against E1 (TOTAL rows)"
"$displace" compare out/caribbean-2050/a1b.h5 out/caribbean-2050/e1.h5 | sed -n '1,/^DOM/p' | sed '$d'
echo
echo "Every region: $displace compare out/maria-2017/*.h5   (add --csv for a table for Excel)"
echo "Run files (HDF5/netCDF-4, open with xarray or QGIS): out/maria-2017/*.h5, out/caribbean-2050/*.h5"
echo "Export a map:   $displace export out/maria-2017/baseline.h5 --map displaced_from_people_map --date 2017-10-01 --to out/maria-2017/displaced.tif"
echo "Notebooks:      see notebooks/README.md"
