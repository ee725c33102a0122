#!/usr/bin/env bash
# Renders a real run's report in headless Chromium, in English and Spanish: a screenshot (PNG) and a
# PDF each, non-trivial in size; the DOM Chromium built holds the headline figure; the browser log
# has no console error. Usage: browser_check.sh DISPLACE SCENARIO WORK_FOLDER
# Exit 77 (skipped) only when chromium is missing and CI is not set; under CI it must run.
set -euo pipefail
displace=$1
scenario=$2
work=$3
source "$(dirname "${BASH_SOURCE[0]}")/chromium.sh"
require_chromium

rm -rf "$work" && mkdir -p "$work"
"$displace" run "$scenario" --out "$work/run.h5" --quiet >/dev/null

for lang in en es; do
  html="$work/report-$lang.html"
  "$displace" report "$work/run.h5" --to "$html" --lang "$lang" >/dev/null
  render_in_chromium "$html" "$lang" "$work"
  # The DOM as Chromium parsed it holds the headline figure the HTML file states.
  value=$(grep -o 'data-key="peak_displaced_households" data-value="[^"]*">[^<]*' "$html" | head -1)
  [[ -n "$value" ]] || fail "$lang: no headline figure in the HTML"
  grep -qF "$value" "$work/dom-$lang.html" || fail "$lang: the rendered DOM lacks: $value"
  echo "browser_check: $lang ok: PNG $png_bytes bytes, PDF $pdf_bytes bytes, headline ${value##*>}"
done
