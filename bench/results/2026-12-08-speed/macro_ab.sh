#!/bin/bash
# A/B: before = build/before (main 25c4941), after = build/release/bench (branch speed)
cd /work/wt-speed
echo "# $(date -u) host $(hostname) before=25c4941 after=$(git rev-parse --short HEAD)"
for round in 1 2 3; do for w in calm storm; do for b in before after; do
  if [ $b = before ]; then bin=build/before/macro_bench; else bin=build/release/bench/macro_bench; fi
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "round=$round bin=$b load_before=\"$load\" $($bin --workload $w --households 10000000 --steps 10 --threads 2)"
done; done; done
echo "# end $(date -u) load $(cut -d' ' -f1-3 /proc/loadavg)"
