#!/usr/bin/env bash
# The main command (README "Quick start", command 1): installs what is missing, builds Release,
# runs the Hurricane Maria demo (baseline + four policy variants) on the bundled data and prints
# their comparison. Outputs go to out/maria-2017/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh

jobs=${DISPLACE_JOBS:-2}
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs" --target displace
displace=build/release/app/displace

mkdir -p out/maria-2017
variants=(baseline early-warning cash-transfer reconstruction-support planned-relocation)
runs=()
for v in "${variants[@]}"; do
  echo "== displace run scenarios/maria-2017/$v.yaml"
  "$displace" run "scenarios/maria-2017/$v.yaml" --overwrite --quiet
  runs+=("out/maria-2017/$v.h5")
done
echo
echo "== displace compare (differences against the baseline)"
"$displace" compare "${runs[@]}"
echo
echo "Run files (HDF5/netCDF-4, open with xarray or QGIS): out/maria-2017/*.h5"
echo "Export a map:   $displace export out/maria-2017/baseline.h5 --map displaced_from_people_map --date 2017-10-01 --to out/maria-2017/displaced.tif"
