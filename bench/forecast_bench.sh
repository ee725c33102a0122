#!/usr/bin/env bash
# The time from a forecast file to the forecast's outputs (ensemble file, summary, tracks, report
# in English and Spanish) for the shipped synthetic Maria a-deck over the demo's grid (issue #28's
# target: 50 members in 60 s on 2 cores). One line per run.
# Usage: bash bench/forecast_bench.sh [BUILD_DIR] [MEMBERS] [RUNS] > forecast.txt
set -euo pipefail
build=${1:-build/release}
members=${2:-50}
runs=${3:-3}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
echo "# $(date -u +%FT%TZ) $(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  "$(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  "$build/app/displace" forecast scenarios/data/forecasts/maria-2017-synthetic-adeck.dat \
    --scenario scenarios/maria-2017/baseline.yaml --members "$members" \
    --to "$scratch/run$run" --seed 7 --exceed 1000,10000 --threads 2 --quiet
  end=$(date +%s.%N)
  awk -v m="$members" -v a="$start" -v b="$end" -v r="$run" 'BEGIN {
    printf "forecast_bench run=%d members=%d wall_s=%.2f s_per_member=%.3f\n", r, m, b - a, (b - a) / m }'
done
