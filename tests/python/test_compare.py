"""compare_runs: the `displace compare` figures, checked against hand-worked numbers and, when the
CLI exists (DISPLACE_BIN), against what `displace compare --csv` prints."""
import os
import subprocess

import numpy as np
import pandas as pd
import pytest

import displace_analysis as da
import sample_figures as fig

RUNS = [("sample-a", 1.0, True), ("sample-b", 1.5, True), ("sample-noflows", 1.0, False)]


def paths(folder):
    return [folder / f"{name}.h5" for name, _, _ in RUNS]


def test_figures_equal_hand_worked_numbers(sample_runs):
    table = da.compare_runs(paths(sample_runs))
    assert list(table.columns) == ["run", "region", "region_name", "metric", "value"]
    assert len(table) == len(RUNS) * 3 * len(da.METRICS)
    # CLI row order: per run, TOTAL first, then regions; metrics in METRICS order.
    first = table[table.run == "sample-a"]
    assert first.region.tolist()[:: len(da.METRICS)] == ["TOTAL", "R1", "R2"]
    assert first.metric.tolist()[: len(da.METRICS)] == list(da.METRICS)
    assert first[first.region == "TOTAL"].region_name.iloc[0] == "all regions"
    for label, scale, flows in RUNS:
        for region in ("TOTAL", "R1", "R2"):
            for metric in da.METRICS:
                got = table[(table.run == label) & (table.region == region) &
                            (table.metric == metric)].value
                assert len(got) == 1
                want = fig.expected(metric, region, scale, flows)
                assert (np.isnan(want) and np.isnan(got.iloc[0])) or got.iloc[0] == want, (
                    label, region, metric, got.iloc[0], want)


def test_labels(sample_runs):
    a = sample_runs / "sample-a.h5"
    assert da.compare_runs([a]).run.unique().tolist() == ["sample-a"]
    # The same scenario twice: labelled by file name, like the CLI.
    assert da.compare_runs([a, a]).run.unique().tolist() == ["sample-a.h5"]
    table = da.compare_runs({"before": a, "after": sample_runs / "sample-b.h5"})
    assert table.run.unique().tolist() == ["before", "after"]
    wide = da.compare_wide(table)
    assert list(wide.columns) == ["before", "after"]
    assert wide.loc[("TOTAL", "all regions", "peak_displaced_households")].tolist() == [150.0, 225.0]
    assert wide.index[0] == ("TOTAL", "all regions", "peak_displaced_households")


def test_incompatible_runs_are_refused(sample_runs):
    a = da.open_run(sample_runs / "sample-a.h5")
    shorter = a.isel(time=slice(0, 3))
    with pytest.raises(ValueError, match="different step dates"):
        da.compare_runs({"a": a, "short": shorter})
    renamed = a.assign_coords(region=["R1", "R9"])
    with pytest.raises(ValueError, match="different regions"):
        da.compare_runs({"a": a, "renamed": renamed})
    with pytest.raises(ValueError, match="partial"):
        da.compare_runs([sample_runs / "sample-a.h5", sample_runs / "interrupted.h5.partial"])


def test_read_compare_csv_parses_the_cli_format():
    text = ('region_code,region_name,metric,base,alt,alt_minus_base\n'
            'TOTAL,all regions,peak_displaced_households,150,225,75\n'
            'NA,"South, ""coast""",returned_households,0.10000000000000001,,\n')
    table = da.read_compare_csv(text)
    assert table.run.tolist() == ["base", "base", "alt", "alt"]
    assert table.region.tolist() == ["TOTAL", "NA", "TOTAL", "NA"]  # "NA" stays a code
    assert table.region_name.tolist()[1] == 'South, "coast"'
    assert table.value.iloc[1] == 0.1 and np.isnan(table.value.iloc[3])


@pytest.mark.skipif(not os.environ.get("DISPLACE_BIN"), reason="no displace CLI (DISPLACE_BIN)")
def test_figures_equal_displace_compare_csv(sample_runs):
    run_paths = [str(p) for p in paths(sample_runs)]
    out = subprocess.run([os.environ["DISPLACE_BIN"], "compare", *run_paths, "--csv"],
                         check=True, capture_output=True, text=True).stdout
    cli = da.read_compare_csv(out)
    ours = da.compare_runs(run_paths)
    assert cli.run.tolist() == ours.run.tolist()
    assert cli.region.tolist() == ours.region.tolist()
    assert cli.region_name.tolist() == ours.region_name.tolist()
    assert cli.metric.tolist() == ours.metric.tolist()
    # Bit-identical (the CLI prints %.17g); NaN where both have no flows.
    pd.testing.assert_series_equal(cli.value.reset_index(drop=True),
                                   ours.value.reset_index(drop=True), check_exact=True)
