#!/usr/bin/env bash
# A run shared by 2 MPI ranks and stopped by SIGTERM after step 7 exits with code 3 and leaves one
# checkpoint file per rank and no run file; resuming it with 3 ranks is refused with a message
# naming the rank count; resuming with 2 ranks gives the uninterrupted one-process run's file.
# Then the same for a rank killed by SIGKILL after step 12 of a run checkpointing every 5 steps.
# usage: shared_run_resume.sh DISPLACE MPIRUN PYTHON SCENARIO FOLDER
set -uo pipefail
displace=$1 mpirun=$2 python=$3 scenario=$4 dir=$5
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL: $*"; exit 1; }
shared() {  # shared RANKS [ARGS...]
  "$mpirun" --oversubscribe --bind-to none -np "$1" "$displace" run "$scenario" \
    --out "$dir/resumed.h5" --overwrite --quiet "${@:2}"
}
mkdir -p "$dir" && rm -f "$dir"/resumed.h5* "$dir"/uninterrupted.h5
"$displace" run "$scenario" --out "$dir/uninterrupted.h5" --overwrite --quiet ||
  fail "the uninterrupted run"

DISPLACE_FAULT_AFTER_STEP=7:TERM shared 2 >"$dir/stop.log" 2>&1
code=$?
[[ $code == 3 ]] || { cat "$dir/stop.log"; fail "exit code $code after SIGTERM, expected 3"; }
[[ -f $dir/resumed.h5.checkpoint && -f $dir/resumed.h5.checkpoint.rank-1 ]] ||
  fail "no checkpoint file per rank: $(ls "$dir")"
[[ ! -e $dir/resumed.h5 ]] || fail "a stopped run left a file under the final name"

message=$(shared 3 --resume "$dir/resumed.h5.checkpoint" 2>&1)
code=$?
[[ $code != 0 ]] || fail "resuming 2 ranks' checkpoint with 3 ranks succeeded"
[[ $message == *"resume with mpirun -np 2"* ]] || fail "unclear refusal: $message"

shared 2 --resume "$dir/resumed.h5.checkpoint" || fail "resuming with 2 ranks"
[[ ! -e $dir/resumed.h5.checkpoint && ! -e $dir/resumed.h5.checkpoint.rank-1 ]] ||
  fail "checkpoint files left after the resumed run finished"
"$python" "$here/same_runs.py" "$dir/uninterrupted.h5" "$dir/resumed.h5" ||
  fail "stopped by SIGTERM and resumed: another file"

rm -f "$dir"/resumed.h5*
DISPLACE_FAULT_AFTER_STEP=12:KILL shared 2 --checkpoint-every 5 >"$dir/kill.log" 2>&1
code=$?
[[ $code != 0 ]] || fail "a run killed by SIGKILL exited with 0"
[[ ! -e $dir/resumed.h5 ]] || fail "a killed run left a file under the final name"
shared 2 --resume "$dir/resumed.h5.checkpoint" >"$dir/resume.log" 2>&1 ||
  { cat "$dir/kill.log" "$dir/resume.log"; fail "resuming the killed run"; }
"$python" "$here/same_runs.py" "$dir/uninterrupted.h5" "$dir/resumed.h5" ||
  fail "killed and resumed: another file"
