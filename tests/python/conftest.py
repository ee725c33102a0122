"""Fixtures: the folder of real run files written by write_sample_run (ctest fixture
python.sample_runs passes it as DISPLACE_SAMPLE_RUNS)."""
import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # sample_figures; displace_analysis: installed or PYTHONPATH


@pytest.fixture(scope="session")
def sample_runs() -> Path:
    folder = os.environ.get("DISPLACE_SAMPLE_RUNS")
    if not folder:
        pytest.fail("DISPLACE_SAMPLE_RUNS is not set: run through ctest (test python.pytest), or "
                    "run write_sample_run FOLDER and export DISPLACE_SAMPLE_RUNS=FOLDER")
    folder = Path(folder)
    for name in ("sample-a.h5", "sample-b.h5", "sample-noflows.h5", "interrupted.h5.partial"):
        assert (folder / name).is_file(), f"{folder / name} missing: rerun write_sample_run"
    return folder


@pytest.fixture(scope="session")
def source_dir() -> Path:
    return Path(os.environ.get("DISPLACE_SOURCE_DIR", HERE.parents[1]))
