#!/usr/bin/env bash
# Renders the forecast's report in headless Chromium, in English and Spanish (issue #28): a small
# forecast of the shipped synthetic Maria a-deck over the demo scenario, with thresholds and the
# early-warning action; each report to a screenshot (PNG) and a PDF, non-trivial in size, with no
# console error; the DOM Chromium built holds the forecast map (official track, members' tracks,
# cone circles), a figure of the ranges by municipality and one of the action's change.
# Usage: forecast_browser_check.sh DISPLACE SCENARIO ACTION FORECAST WORK_FOLDER
# Exit 77 (skipped) only when chromium is missing and CI is not set; under CI it must run.
set -euo pipefail
displace=$1
scenario=$2
action=$3
forecast=$4
work=$5
source "$(dirname "${BASH_SOURCE[0]}")/chromium.sh"
require_chromium

rm -rf "$work" && mkdir -p "$work"
"$displace" forecast "$forecast" --scenario "$scenario" --action "$action" --members 4 \
  --seed 7 --exceed 1000,10000 --to "$work/forecast" --threads 2 --quiet >/dev/null

for lang in en es; do
  case $lang in en) html="$work/forecast/report.html" ;; es) html="$work/forecast/report-es.html" ;; esac
  render_in_chromium "$html" "$lang" "$work"
  dom="$work/dom-$lang.html"
  grep -q '<svg[^>]*class="map forecast-map"' "$dom" || fail "$lang: no forecast map in the DOM"
  grep -q '<polyline class="official"' "$dom" || fail "$lang: no official track in the DOM"
  members=$(grep -o '<polyline class="member"' "$dom" | wc -l)
  ((members == 4)) || fail "$lang: $members member tracks in the DOM, not 4"
  grep -q '<ellipse class="cone-circle"' "$dom" || fail "$lang: no cone circle in the DOM"
  grep -q 'class="synthetic"' "$dom" || fail "$lang: the synthetic forecast is not said so"
  # The DOM holds a figure of the ranges table and one of the action's, as the HTML file states.
  for pair in forecast-ranges:displaced_people forecast-action:change.displaced_people; do
    table=${pair%%:*}
    key=${pair#*:}
    value=$(sed -n "s/.*<table class=\"$table\"//p" "$html" |
      grep -o "data-key=\"$key\" data-date=\"[^\"]*\" data-value=\"[^\"]*\"" | head -1 || true)
    [[ -n "$value" ]] || fail "$lang: no $key figure in the $table table of the HTML"
    grep -qF "$value" "$dom" || fail "$lang: the rendered DOM lacks: $value"
  done
  echo "forecast_browser_check: $lang ok: PNG $png_bytes bytes, PDF $pdf_bytes bytes," \
    "$members member tracks"
done
