#!/usr/bin/env bash
# Regenerates the README's demo figures (docs/img/*.png) from the demo's run files in out/
# (run `bash tools/demo.sh` first). Uses Debian's Python and the repository's displace_analysis.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHONPATH=python MPLBACKEND=Agg /usr/bin/python3 -m displace_analysis.figures out docs/img \
  --outlines scenarios/data/puerto-rico/ne_50m_admin_0_countries_caribbean.gpkg
