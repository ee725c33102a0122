#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (every project object instrumented, ASan + UBSan) in
# BUILD_DIR, replays the saved regressions, then fuzzes each target for SECONDS seconds from the
# seed corpus (tests/fuzz/corpus plus the shipped scenarios). Exits non-zero on any finding; the
# reproducer is left in BUILD_DIR/artifacts (see docs/reliability.md to turn it into a test).
#   usage: run_fuzz.sh SOURCE_DIR BUILD_DIR SECONDS [build|scenario_fuzzer|raster_fuzzer]...
set -euo pipefail
src=$(cd "$1" && pwd)
build=$2
seconds=$3
shift 3
steps=("$@")
((${#steps[@]})) || steps=(build scenario_fuzzer raster_fuzzer)

for step in "${steps[@]}"; do
  case "$step" in
    build)
      launcher=()
      if command -v ccache >/dev/null 2>&1; then
        launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
      fi
      # -O1 and line tables only: the build is most of the test's time; stack traces keep lines.
      cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" \
        "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" \
        -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DDISPLACE_FUZZ=ON \
        -DDISPLACE_BUILD_TESTS=OFF -DDISPLACE_BUILD_BENCH=OFF -DDISPLACE_WITH_MPI=OFF \
        -DDISPLACE_INSTALL=OFF -DDISPLACE_WERROR=OFF "${launcher[@]}" >"$build.configure.log" 2>&1 ||
        { cat "$build.configure.log"; exit 1; }
      cmake --build "$build" -j2 --target scenario_fuzzer raster_fuzzer
      ;;
    scenario_fuzzer | raster_fuzzer)
      kind=${step%_fuzzer}
      fuzzer="$build/tests/fuzz/$step"
      work="$build/corpus/$kind"
      artifacts="$build/artifacts/$kind/"
      mkdir -p "$work" "$artifacts"
      seeds=("$src/tests/fuzz/corpus/$kind")
      if [[ $kind == scenario ]]; then
        seeds+=("$src/scenarios/examples" "$src/scenarios/maria-2017" "$src/scenarios/caribbean-2050")
      fi
      # Every saved finding first: each must now pass.
      regressions=("$src"/tests/fuzz/regressions/"$kind"/*)
      if [[ -e ${regressions[0]} ]]; then
        "$fuzzer" -runs=0 "${regressions[@]}" 2>&1 | tail -n 3
      fi
      export ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1
      export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
      "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$artifacts" -print_final_stats=1 "$work" "${seeds[@]}"
      ;;
    *)
      echo "run_fuzz.sh: unknown step '$step'" >&2
      exit 2
      ;;
  esac
done
