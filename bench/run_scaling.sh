#!/usr/bin/env bash
# Thread scaling of the macro benchmark: calm and storm at 1/2/4/8/16 threads (3 runs each), one
# line per run. Usage: bash bench/run_scaling.sh [BUILD_DIR] [HOUSEHOLDS] > scaling.txt
# Pin threads for stable figures: OMP_PROC_BIND=close OMP_PLACES=cores (set below).
set -euo pipefail
build=${1:-build/release}
households=${2:-10000000}
export OMP_PROC_BIND=close OMP_PLACES=cores
echo "# $(date -u +%FT%TZ) $(git rev-parse --short HEAD 2>/dev/null || echo unknown) $(lscpu | sed -n 's/^Model name: *//p')"
for workload in calm storm; do
  for threads in 1 2 4 8 16; do
    for run in 1 2 3; do
      "$build/bench/macro_bench" --workload "$workload" --households "$households" --steps 10 \
        --threads "$threads"
    done
  done
done
