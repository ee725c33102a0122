#!/usr/bin/env bash
# Shows that the independent oracle (tests/engine/oracle) catches a wrong equation in every phase:
# applies each deliberate mutation below to engine/src, one at a time, rebuilds engine_oracle_tests,
# expects it to fail and prints the first failing assertion, then reverts the file. Nothing is
# committed; engine/src must be clean before it starts (it refuses otherwise) and is restored on
# exit. Usage: tools/oracle_mutations.sh [build dir, default build/release] [regex: only the
# mutations whose line matches it]. About a minute a mutation on two cores. The results are
# recorded in tests/engine/oracle/MUTATIONS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
only=${2:-.}
if ! git diff --quiet -- engine/src; then
  echo "oracle_mutations: engine/src has uncommitted changes; commit or stash them first" >&2
  exit 2
fi
trap 'git checkout -q -- engine/src' EXIT

# phase ~~ file ~~ exact text ~~ replacement ~~ what the mutation does
mutations=$(cat <<'LIST'
1 ~~ engine/src/run_state.cpp ~~ return half_life / (dt * 0.6931471805599453) * ~~ return half_life / (0.6931471805599453) * ~~ services step mean without the 1/dt
1 ~~ engine/src/run_state.cpp ~~ in.hazard_damage[cj] = static_cast<float>(1.0 - (1.0 - all) * (1.0 - d)); ~~ in.hazard_damage[cj] = static_cast<float>(std::max(all, d)); ~~ events of one step combined by max, not 1 - prod(1 - f)
1 ~~ engine/src/run_state.cpp ~~ sv.livelihood_loss_per_damage * damage); ~~ 0.0 * damage); ~~ livelihood onset without its damage term
2 ~~ engine/src/phases.cpp ~~ wealth -= (d_new - current) * dp.dwelling_share_of_wealth * wealth; ~~ wealth -= d_new * dp.dwelling_share_of_wealth * wealth; ~~ asset loss ignores the damage already there
2 ~~ engine/src/phases.cpp ~~ * (1.0 - loss) * dt; ~~ * (1.0 - loss) * std::max(dt, 1.0); ~~ savings of a whole year every step (dt dropped)
2 ~~ engine/src/phases.cpp ~~ if (livelihood > 0.0) loss = 1.0 - (1.0 - loss) * (1.0 - livelihood); ~~ if (livelihood > 0.0) loss = livelihood; ~~ livelihood loss replaces the heat loss instead of combining
3 ~~ engine/src/phases.cpp ~~ const double threat = std::min(1.0, expected_damage() / ep.full_compliance_damage); ~~ const double threat = expected_damage() / ep.full_compliance_damage; ~~ status-quo compliance factor g not capped at 1
3 ~~ engine/src/phases.cpp ~~ p *= ep.warning_alone_share + (1.0 - ep.warning_alone_share) * threat; ~~ p *= ep.warning_alone_share + threat; ~~ warning-alone share added to the threat instead of weighing it
3 ~~ engine/src/phases.cpp ~~ p = 1.0 - (1.0 - p) * (1.0 - p_policy); ~~ p = p_policy; ~~ policy probability replaces the status quo instead of combining
4 ~~ engine/src/phases.cpp ~~ < -std::expm1(-services_rate * without * dt)) { ~~ < -std::expm1(-services_rate * dt)) { ~~ services displacement without the services-loss factor
4 ~~ engine/src/phases.cpp ~~ static_cast<double>(h.steps_in_status[i]) >= evacuation_steps) { ~~ static_cast<double>(h.steps_in_status[i]) > evacuation_steps) { ~~ evacuees displaced one step late
5 ~~ engine/src/phases.cpp ~~ if (s == u8(Status::displaced)) lp += a.coef_displaced; ~~ if (s == u8(Status::displaced)) lp -= a.coef_displaced; ~~ sign of coef_displaced
5 ~~ engine/src/phases.cpp ~~ const double p_step = -std::expm1(dt * std::log1p(-p_year)); ~~ const double p_step = p_year * dt; ~~ p_step = p_year dt instead of 1 - (1 - p_year)^dt
5 ~~ engine/src/phases.cpp ~~ std::exp(-0.6931471805599453 * dt / a.trapped_aspiration_half_life_years); ~~ std::exp(-dt / a.trapped_aspiration_half_life_years); ~~ trapped wish kept with e^(-dt/h) instead of 2^(-dt/h)
6 ~~ engine/src/phases.cpp ~~ add_cell(c, -(log_sample_scale + cells.log_attractiveness[at32(c)])); ~~ add_cell(c, log_sample_scale + cells.log_attractiveness[at32(c)]); ~~ sign of the sampling correction
6 ~~ engine/src/phases.cpp ~~ row(1) = distance / 100.0 * distance_weight; ~~ row(1) = distance / 100.0 * std::min(distance_weight, 1.0); ~~ displaced do not weigh distance more
6 ~~ engine/src/phases.cpp ~~ k / std::max(ext.capacity_households, 1e-9); ~~ 1.0 / std::max(ext.capacity_households, 1e-9); ~~ external crowding without households_per_agent
6 ~~ engine/src/phases.cpp ~~           cost *= 1.0 - policy.cost_reduction; ~~           cost *= 1.0; ~~ capability ignores the pathway's cost reduction
7 ~~ engine/src/phases.cpp ~~ rp.recovery_wealth_elasticity) * ~~ -rp.recovery_wealth_elasticity) * ~~ sign of the recovery wealth elasticity
7 ~~ engine/src/phases.cpp ~~ double p = -std::expm1(-rp.return_rate_per_year * recovered * services_back * dt); ~~ double p = -std::expm1(-rp.return_rate_per_year * recovered * std::max(services_back, 1.0) * dt); ~~ return hazard ignores the services lost at home
7 ~~ engine/src/phases.cpp ~~ p = 1.0 / (1.0 + std::exp(-(std::log(p / (1.0 - p)) + incentive))); ~~ p = 1.0 / (1.0 + std::exp(-(std::log(p / (1.0 - p)) - incentive))); ~~ sign of the return incentive
7 ~~ engine/src/phases.cpp ~~ const double p_migrant_return = -std::expm1(-rp.migrant_return_per_year * dt); ~~ const double p_migrant_return = -std::expm1(-rp.protracted_to_migrated_per_year * dt); ~~ migrants return at the protracted-conversion rate
LIST
)

caught=0
missed=0
while IFS= read -r line; do
  [[ -z "$line" ]] && continue
  grep -Eq -- "$only" <<<"$line" || continue
  phase=$(awk -F' ~~ ' '{print $1}' <<<"$line")
  file=$(awk -F' ~~ ' '{print $2}' <<<"$line")
  what=$(awk -F' ~~ ' '{print $5}' <<<"$line")
  /usr/bin/python3 - "$line" <<'PY'
import sys
_, file, old, new, _ = sys.argv[1].split(" ~~ ")
text = open(file).read()
if text.count(old) != 1:
    sys.exit(f"oracle_mutations: '{old}' occurs {text.count(old)} times in {file}")
open(file, "w").write(text.replace(old, new))
PY
  if ! cmake --build "$build" -j2 --target engine_oracle_tests >/tmp/oracle_mutation_build.log 2>&1; then
    echo "phase $phase: $what: BUILD FAILED (see /tmp/oracle_mutation_build.log)"
    missed=$((missed + 1))
    git checkout -q -- "$file"
    continue
  fi
  if out=$("$build/tests/engine/engine_oracle_tests" 2>&1); then
    echo "phase $phase: $what: MISSED"
    missed=$((missed + 1))
  else
    echo "phase $phase: $what: CAUGHT"
    { grep -E '^\[  FAILED  \] Oracle[A-Za-z]+\.[A-Za-z0-9]+ \(' <<<"$out" || true; } | sed 's/^/    /'
    { grep -E -m 3 '^(phase|household|The difference|never reached)' <<<"$out" || true; } |
      sed 's/^/      /'
    caught=$((caught + 1))
  fi
  git checkout -q -- "$file"
done <<<"$mutations"
cmake --build "$build" -j2 --target engine_oracle_tests >/dev/null 2>&1
echo "caught $caught, missed $missed"
[[ $missed -eq 0 ]]
