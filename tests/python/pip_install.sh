#!/usr/bin/env bash
# pip_install.sh PYTHON SOURCE_DIR WORK_DIR
# The documented install works offline over Debian's packages: a venv with
# --system-site-packages, `pip install -e python/` (no index, no build isolation: setuptools and
# wheel come from Debian), then displace_analysis imports from anywhere with the engine's version.
set -euo pipefail
python=$1 source_dir=$2 work=$3
rm -rf "$work"
"$python" -m venv --system-site-packages "$work/venv"
"$work/venv/bin/pip" install --quiet --no-index --no-build-isolation -e "$source_dir/python"
cd "$work"  # not the source tree: the import must come from the install
"$work/venv/bin/python" - "$source_dir" <<'PY'
import sys
from pathlib import Path
from importlib.metadata import version

import displace_analysis as da

source = Path(sys.argv[1]).resolve()
assert Path(da.__file__).resolve().is_relative_to(source / "python"), da.__file__
assert version("displace-analysis") == da.__version__, (version("displace-analysis"), da.__version__)
print(f"displace_analysis {da.__version__} installed from {Path(da.__file__).parent}")
PY
