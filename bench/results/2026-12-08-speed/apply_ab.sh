#!/bin/bash
# A/B of phase_bench BM_Apply at 10^6 households, 2 threads: before = build/before (main 25c4941),
# after = build/release/bench (movers listed and applied in one pass, static schedule)
cd /work/wt-speed
echo "# $(date -u) before=25c4941 after=$(git rev-parse --short HEAD)"
for round in 1 2; do for b in before after; do
  if [ $b = before ]; then bin=build/before/phase_bench; else bin=build/release/bench/phase_bench; fi
  echo "# round=$round bin=$b load=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
  OMP_NUM_THREADS=2 $bin --benchmark_min_time=0.2 --benchmark_filter='BM_Apply/1000000/' 2>&1 | grep BM_
done; done
echo "# end $(date -u) load $(cut -d' ' -f1-3 /proc/loadavg)"
