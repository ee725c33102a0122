"""tools/hindcast_fitted.py: the best set of a real calibration results file written as
`key=value` lines, with `@GROUP` lines for keys fitted to a group of scenarios, and read back per
scenario by `read_fitted` (used by tools/hindcast_ranges.py and tools/forecast_check.py)."""
import importlib.util
from pathlib import Path

import sys

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent
SPEC = importlib.util.spec_from_file_location("hindcast_fitted",
                                              HERE.parents[1] / "tools" / "hindcast_fitted.py")
hf = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(hf)


def write_results(path, keys, groups, values, best):
    """The parts of a calibration results file (docs/calibration.md) the tool reads."""
    with h5py.File(path, "w") as f:
        f.attrs["best_set"] = best
        f.attrs["calibration_name"] = "test"
        f.attrs["git_revision"] = "0123abc"
        f["parameter_key"] = np.array(keys, dtype=h5py.string_dtype())
        if groups is not None:
            f["parameter_group"] = np.array(groups, dtype=h5py.string_dtype())
        f["set_values"] = np.array(values, dtype=float)
        f["set_accepted"] = np.zeros(len(values), dtype=np.uint8)
        f["set_squared_error"] = np.ones(len(values))
        f["set"] = np.arange(len(values))


def write_fitted(results, out):
    """Runs the tool's command line on `results`, writing `out`."""
    argv = sys.argv
    sys.argv = ["hindcast_fitted.py", str(results), "--out", str(out)]
    try:
        assert hf.main() == 0
    finally:
        sys.argv = argv
    return out


def test_group_lines_replace_the_general_value_for_their_scenarios_only(tmp_path):
    results = tmp_path / "calibration.h5"
    keys = ["behaviour.evacuation.compliance", "behaviour.evacuation.compliance", "households.x"]
    write_results(results, keys, ["", "civil_defence", ""],
                  [[0.1, 0.2, 0.3], [0.0014, 0.25, 1.5]], best=1)
    out = write_fitted(results, tmp_path / "fitted.txt")
    lines = [l for l in out.read_text().splitlines() if not l.startswith("#")]
    assert lines == ["behaviour.evacuation.compliance=0.0014", "households.x=1.5",
                     "@civil_defence behaviour.evacuation.compliance=0.25"]
    assert hf.read_fitted(out) == ["behaviour.evacuation.compliance=0.0014", "households.x=1.5"]
    assert hf.read_fitted(out, ["civil_defence"]) == ["behaviour.evacuation.compliance=0.25",
                                                      "households.x=1.5"]
    assert hf.read_fitted(out, ["other"]) == hf.read_fitted(out)


def test_a_file_without_groups_reads_as_before(tmp_path):
    results = tmp_path / "calibration.h5"
    write_results(results, ["a.b", "c.d"], None, [[1.0, 2.0]], best=0)
    out = write_fitted(results, tmp_path / "fitted.txt")
    assert hf.read_fitted(out, ["any"]) == ["a.b=1.0", "c.d=2.0"]
