#!/usr/bin/env bash
# The test command (README "Quick start", command 2; .ci/run runs exactly this):
# installs what is missing, builds Release and runs the whole suite through ctest, then builds with
# AddressSanitizer + UndefinedBehaviorSanitizer and runs the suite again. Exits non-zero on any
# failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh

jobs=${DISPLACE_JOBS:-2}
echo "== Release build and tests"
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset release

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export LSAN_OPTIONS="suppressions=$PWD/tools/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ctest --preset asan
echo "== all tests passed (Release and ASan+UBSan)"
