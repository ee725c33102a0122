#!/usr/bin/env bash
# Headless Chromium for the report's browser checks (sourced by browser_check.sh and
# forecast_browser_check.sh). require_chromium sets $browser, or exits 77 (skipped) when chromium
# is missing and CI is not set; under CI it must be there. render_in_chromium HTML LANG WORK renders
# HTML to a screenshot (PNG) and a PDF, non-trivial in size, and dumps the DOM Chromium built to
# WORK/dom-LANG.html; it fails on a console error. --no-sandbox: CI runs as root.

fail() { echo "browser_check: $*" >&2; exit 1; }

require_chromium() {
  browser=$(command -v chromium || command -v chromium-browser || true)
  if [[ -z "$browser" ]]; then
    if [[ -n "${CI:-}" ]]; then
      echo "browser_check: chromium not found, and CI is set (tools/install-deps.sh installs it)" >&2
      exit 1
    fi
    echo "browser_check: chromium not installed; skipping (apt-get install chromium)"
    exit 77
  fi
}

render_in_chromium() {
  local html=$1 lang=$2 work=$3
  # Chromium wants a writable home and profile; nothing else (no network, no GPU).
  local common=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions
                --user-data-dir="$work/profile-$lang" --hide-scrollbars)
  HOME="$work" timeout 120 "$browser" "${common[@]}" --window-size=1200,3000 \
    --screenshot="$work/report-$lang.png" "file://$html" >"$work/screenshot-$lang.log" 2>&1 ||
    fail "screenshot ($lang) failed: $(tail -5 "$work/screenshot-$lang.log")"
  HOME="$work" timeout 120 "$browser" "${common[@]}" --no-pdf-header-footer \
    --print-to-pdf="$work/report-$lang.pdf" "file://$html" >"$work/pdf-$lang.log" 2>&1 ||
    fail "PDF ($lang) failed: $(tail -5 "$work/pdf-$lang.log")"
  HOME="$work" timeout 120 "$browser" "${common[@]}" --enable-logging=stderr --v=0 \
    --dump-dom "file://$html" >"$work/dom-$lang.html" 2>"$work/dom-$lang.log" ||
    fail "dump-dom ($lang) failed: $(tail -5 "$work/dom-$lang.log")"

  png_bytes=$(stat -c %s "$work/report-$lang.png")
  pdf_bytes=$(stat -c %s "$work/report-$lang.pdf")
  ((png_bytes > 50000)) || fail "$lang screenshot is only $png_bytes bytes"
  ((pdf_bytes > 20000)) || fail "$lang PDF is only $pdf_bytes bytes"
  [[ $(head -c 4 "$work/report-$lang.pdf") == "%PDF" ]] || fail "$lang PDF is not a PDF"
  [[ $(head -c 8 "$work/report-$lang.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
    fail "$lang screenshot is not a PNG"
  if grep -E "Uncaught|ERROR:CONSOLE|CONSOLE\([0-9]+\)" "$work/dom-$lang.log"; then
    fail "$lang: console errors (above)"
  fi
}
