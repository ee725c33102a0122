"""The ensemble file of `displace run --members N` read with displace_analysis (needs the CLI)."""
import os
import subprocess

import numpy as np
import pytest

import displace_analysis as da

pytestmark = pytest.mark.skipif(not os.environ.get("DISPLACE_BIN"),
                                reason="no displace CLI (DISPLACE_BIN)")


@pytest.fixture(scope="module")
def ensemble_file(tmp_path_factory, source_dir):
    path = tmp_path_factory.mktemp("ensemble") / "maria-3.h5"
    subprocess.run([os.environ["DISPLACE_BIN"], "run",
                    str(source_dir / "scenarios" / "maria-2017" / "baseline.yaml"),
                    "--members", "3", "--set", "outputs.map_every_steps=0",
                    "--out", str(path), "--quiet"], check=True, capture_output=True)
    return path


def test_design_table_lists_the_members(ensemble_file):
    table = da.design_table(da.open_run(ensemble_file))
    assert list(table.index) == [0]
    assert table.loc[0, "members"] == 3
    assert table.loc[0, "variant"] == ""


def test_members_replace_the_base_run(ensemble_file):
    base = da.open_run(ensemble_file)
    members = da.open_ensemble_file(ensemble_file)
    assert members.sizes["member"] == 3
    assert members.households.dims[0] == "member"
    np.testing.assert_array_equal(members.households.isel(member=0).values, base.households.values)
    assert not np.array_equal(members.households.isel(member=1).values,
                              members.households.isel(member=2).values)


def test_stored_median_is_the_median_of_the_members(ensemble_file):
    base = da.open_run(ensemble_file)
    stored = base.households_quantiles.isel(design=0).sel(quantile=0.5).values
    np.testing.assert_array_equal(stored, np.median(base.households_members.values, axis=0))
