"""tools/hindcast_baseline.py on synthetic exposure and targets whose fitted V and f, and whose
held-out scores, are known by construction (no displace needed: the exposure CSVs are cached)."""
import csv
import importlib.util
import math
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SPEC = importlib.util.spec_from_file_location("hindcast_baseline",
                                              HERE.parents[1] / "tools" / "hindcast_baseline.py")
hb = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(hb)

THRESHOLDS = [20.0, 30.0, 40.0]
F_TRUE = 0.01
# calibration: observed = F_TRUE x E_30 exactly; E_20 and E_40 scatter around it, so only V = 30
# fits every event; "c5" is exposed at no V (observed 50: a penalty of log10(50) at every V).
CALIBRATION = {  # id: (E_30, E_20 / E_30, E_40 / E_30)
    "c1": (200_000, 1.5, 0.1),
    "c2": (50_000, 5.0, 0.5),
    "c3": (1_000_000, 2.0, 0.3),
    "c4": (30_000, 8.0, 0.9),
}
# held out: modelled = F_TRUE x E_30 = 1000, 4000, 0, 800 against observed 1000, 2000, 500, 800
VALIDATION = {"v1": (100_000, 1000), "v2": (400_000, 2000), "v3": (0, 500), "v4": (80_000, 800)}


def write_world(folder: Path):
    scenarios = folder / "scenarios"
    cache = folder / "cache"
    scenarios.mkdir()
    cache.mkdir()
    rows = []  # (id, season, event, set, place, value)
    exposure = {}  # scenario stem: [(threshold, people)]
    for n, (tid, (e30, low, high)) in enumerate(CALIBRATION.items()):
        rows.append((tid, "2010", f"EV{n}", "calibration", "AAA", F_TRUE * e30))
        exposure[tid] = {20.0: e30 * low, 30.0: e30, 40.0: e30 * high}
    rows.append(("c5", "2011", "EV5", "calibration", "AAA", 50))
    exposure["c5"] = {20.0: 0, 30.0: 0, 40.0: 0}
    for n, (tid, (e30, observed)) in enumerate(VALIDATION.items()):
        rows.append((tid, "2020", f"EW{n}", "validation", "AAA", observed))
        exposure[tid] = {20.0: 3 * e30, 30.0: e30, 40.0: 0.5 * e30}
    with open(folder / "targets.csv", "w", newline="") as handle:
        handle.write("# synthetic\n")
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(["id", "event", "set", "quantity", "place", "period_start", "period_end",
                    "value", "factor", "bound", "unit", "source"])
        for tid, season, event, which, place, value in rows:
            # held-out targets name their event as the hindcast does (storm id and country),
            # calibration ones by the storm alone; the exposure CSVs name the storm
            named = f"{event}-{place}" if which == "validation" else event
            w.writerow([f"idmc_{tid}_{season}_AAA", named, which, "displacements", place,
                        f"{season}-01-01", f"{season}-03-31", value, 2, "estimate", "people",
                        "synthetic"])
    for tid, season, event, _, _, _ in rows:
        stem = f"{season}-{tid}-aaa"
        header = "" if tid == "c1" else f"# ... (targets.csv: idmc_{tid}_{season}_AAA).\n"
        (scenarios / f"{stem}.yaml").write_text(header + "name: x\n")
        with open(cache / f"{stem}.csv", "w", newline="") as handle:
            w = csv.writer(handle, lineterminator="\n")
            w.writerow(["event", "region", "threshold_m_s", "people_exposed",
                        "households_exposed", "people_total"])
            for v, people in exposure[tid].items():
                for region, share in (("AAA", 1.0), ("BBB", 7.0)):  # BBB: a neighbour, not used
                    w.writerow([event, region, repr(v), repr(float(people) * share),
                                repr(float(people) * share / 3), 5e6])
    return scenarios, cache


def run_tool(folder, scenarios, cache, extra=()):
    return hb.main(["--targets", str(folder / "targets.csv"), "--scenarios", str(scenarios),
                    "--cache", str(cache), "--displace", str(folder / "no-displace"),
                    "--thresholds", ",".join(repr(v) for v in THRESHOLDS),
                    "--out", str(folder / "baseline.csv"),
                    "--fit-out", str(folder / "fit.csv"),
                    "--summary-out", str(folder / "summary.csv"), *extra])


def summary(folder, which, model="baseline"):
    rows = [r for r in csv.DictReader(open(folder / "summary.csv"))
            if r["set"] == which and r["model"] == model]
    assert len(rows) == 1
    return rows[0]


def test_fit_finds_the_threshold_and_scale_it_was_built_with(tmp_path, capsys):
    scenarios, cache = write_world(tmp_path)
    assert run_tool(tmp_path, scenarios, cache) == 0
    report = capsys.readouterr().out
    fit = list(csv.DictReader(open(tmp_path / "fit.csv")))
    by_v = {float(r["threshold_m_s"]): r for r in fit}
    # V = 30: every exposed calibration event exactly on f; only c5's floor penalty remains.
    assert float(by_v[30.0]["f"]) == pytest.approx(F_TRUE, rel=1e-12)
    assert float(by_v[30.0]["sum_squared_log10_error"]) == pytest.approx(math.log10(50) ** 2)
    assert int(by_v[30.0]["events_exposed"]) == 4 and int(by_v[30.0]["events_zero_exposure"]) == 1
    assert float(by_v[30.0]["rms_log10_error_of_exposed_events"]) == pytest.approx(0, abs=1e-12)
    assert float(by_v[20.0]["rms_log10_error_of_exposed_events"]) > 0.1
    assert [int(by_v[v]["held_out_events_zero_exposure"]) for v in THRESHOLDS] == [1, 1, 1]
    for v in (20.0, 40.0):
        assert float(by_v[v]["sum_squared_log10_error"]) > float(
            by_v[30.0]["sum_squared_log10_error"]) + 0.1
    assert "**V = 30 m/s, f = 0.01**" in report

    rows = {r["id"]: r for r in csv.DictReader(open(tmp_path / "baseline.csv"))}
    assert len(rows) == 9
    held = [rows[f"idmc_{t}_2020_AAA"] for t in VALIDATION]
    assert [float(r["modelled"]) for r in held] == pytest.approx([1000, 4000, 0, 800])
    assert [r["within_factor_2"] for r in held] == ["yes", "yes", "no", "yes"]
    # the region of the target (AAA), not the neighbour in the same file (BBB, 7 x as many)
    assert float(held[0]["exposed_people"]) == 100_000
    # held-out summary: ARD (0 + 1 + 1 + 0) / 4; total |m - o| 2500 of 4300; median |log10| of
    # 0, 0, log10 2, inf; 3 of 4 within a factor of 2 and within the factor-2 interval
    held_out = summary(tmp_path, "validation")
    assert held_out["targets"] == "4" and held_out["zero_exposure_at_V"] == "1"
    assert float(held_out["threshold_m_s"]) == 30 and float(held_out["f"]) == pytest.approx(0.01)
    assert float(held_out["ard"]) == pytest.approx(0.5)
    assert float(held_out["total_relative_difference"]) == pytest.approx(2500 / 4300)
    assert float(held_out["median_abs_log10_ratio"]) == pytest.approx(math.log10(2) / 2)
    assert float(held_out["within_factor_2"]) == 0.75
    assert float(held_out["within_range"]) == 0.75
    # in sample: c1..c4 exact, c5 predicted 0
    in_sample = summary(tmp_path, "calibration")
    assert in_sample["targets"] == "5" and in_sample["zero_exposure_at_V"] == "1"
    assert float(in_sample["ard"]) == pytest.approx(0.2)
    assert float(in_sample["median_abs_log10_ratio"]) == pytest.approx(0.0, abs=1e-12)
    line = next(x for x in report.splitlines() if x.startswith("| held out"))
    assert [c.strip() for c in line.strip("|").split("|")][1:4] == ["4", "1", "0.5"]
    assert "held-out events with zero exposure at V: 1 of 4" in report


def test_model_scores_side_by_side(tmp_path, capsys):
    scenarios, cache = write_world(tmp_path)
    score = tmp_path / "score.csv"
    with open(score, "w", newline="") as handle:
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(["id", "modelled", "status"])
        for t, (_, observed) in VALIDATION.items():  # a model exact on every held-out target
            w.writerow([f"idmc_{t}_2020_AAA", observed, "computed"])
        w.writerow(["idmc_c1_2010_AAA", "", "not computed"])
    assert run_tool(tmp_path, scenarios, cache, ["--model-scores", str(score)]) == 0
    report = capsys.readouterr().out
    model = next(x for x in report.splitlines() if x.startswith("| held out | displace"))
    baseline = next(x for x in report.splitlines() if x.startswith("| held out | baseline"))
    assert [c.strip() for c in model.strip("|").split("|")][2:5] == ["4", "–", "0"]
    assert [c.strip() for c in baseline.strip("|").split("|")][2:5] == ["4", "1", "0.5"]
    same = summary(tmp_path, "validation", "displace (same targets)")
    assert float(same["ard"]) == 0.0 and float(same["within_factor_2"]) == 1.0
    # calibration: the model computed none of them
    assert summary(tmp_path, "calibration", "displace (same targets)")["targets"] == "0"


def test_stale_cache_without_displace_is_an_error(tmp_path, capsys):
    scenarios, cache = write_world(tmp_path)
    assert run_tool(tmp_path, scenarios, cache, ["--refresh"]) == 2
    assert "no displace executable" in capsys.readouterr().err


def test_storm_of_a_hindcast_event():
    assert hb.storm_of("2017260N12310-PRI", "PRI") == "2017260N12310"
    assert hb.storm_of("2017260N12310", "PRI") == "2017260N12310"
    assert hb.storm_of("2017260N12310-VIR", "PRI") == "2017260N12310-VIR"


def test_a_group_of_places_gets_a_share_of_its_own(tmp_path, capsys):
    """--group: AAA's events were made with f = 0.01 and CCC's with f = 0.2, both at V = 30; one
    share cannot fit both, a share per group fits every event exactly."""
    scenarios = tmp_path / "scenarios"
    cache = tmp_path / "cache"
    scenarios.mkdir()
    cache.mkdir()
    shares = {"AAA": 0.01, "CCC": 0.2}
    # id: (place, set, E_30, E_20 / E_30, E_40 / E_30): the factors scatter the calibration
    # events away from any one share except at V = 30, as in write_world
    events = {"a1": ("AAA", "calibration", 100_000, 1.5, 0.1),
              "a2": ("AAA", "calibration", 40_000, 5.0, 0.5),
              "g1": ("CCC", "calibration", 20_000, 2.0, 0.3),
              "g2": ("CCC", "calibration", 60_000, 8.0, 0.9),
              "a3": ("AAA", "validation", 50_000, 1.0, 1.0),
              "g3": ("CCC", "validation", 10_000, 1.0, 1.0)}
    with open(tmp_path / "targets.csv", "w", newline="") as handle:
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(["id", "event", "set", "quantity", "place", "period_start", "period_end",
                    "value", "factor", "bound", "unit", "source"])
        for n, (tid, (place, which, e30, _, _)) in enumerate(events.items()):
            w.writerow([f"idmc_{tid}_2010_{place}", f"EV{n}-{place}", which, "displacements",
                        place, "2010-01-01", "2010-03-31", shares[place] * e30, 2, "estimate",
                        "people", "synthetic"])
    for n, (tid, (place, _, e30, low, high)) in enumerate(events.items()):
        stem = f"2010-{tid}-{place.lower()}"
        (scenarios / f"{stem}.yaml").write_text(
            f"# ... (targets.csv: idmc_{tid}_2010_{place}).\nname: x\n")
        with open(cache / f"{stem}.csv", "w", newline="") as handle:
            w = csv.writer(handle, lineterminator="\n")
            w.writerow(["event", "region", "threshold_m_s", "people_exposed",
                        "households_exposed", "people_total"])
            for v, people in ((20.0, e30 * low), (30.0, e30), (40.0, e30 * high)):
                w.writerow([f"EV{n}", place, repr(v), repr(float(people)),
                            repr(float(people) / 3), 5e6])

    assert run_tool(tmp_path, scenarios, cache) == 0
    single = summary(tmp_path, "validation")
    assert float(single["median_abs_log10_ratio"]) > 0.5  # one share misses both groups

    assert run_tool(tmp_path, scenarios, cache, ["--group", "strict=CCC"]) == 0
    report = capsys.readouterr().out
    assert "**V = 30 m/s, f = other=0.01; strict=0.2**" in report
    rows = {r["id"]: r for r in csv.DictReader(open(tmp_path / "baseline.csv"))}
    assert float(rows["idmc_a3_2010_AAA"]["modelled"]) == pytest.approx(500)
    assert float(rows["idmc_g3_2010_CCC"]["modelled"]) == pytest.approx(2000)
    assert float(rows["idmc_g3_2010_CCC"]["f"]) == pytest.approx(0.2)
    grouped = summary(tmp_path, "validation")
    assert float(grouped["median_abs_log10_ratio"]) == pytest.approx(0, abs=1e-12)
    other, strict = (part.split("=") for part in grouped["f"].split("; "))
    assert other[0] == "other" and float(other[1]) == pytest.approx(0.01)
    assert strict[0] == "strict" and float(strict[1]) == pytest.approx(0.2)

    assert run_tool(tmp_path, scenarios, cache, ["--group", "strict"]) == 2
    assert "--group: expected NAME=ISO3" in capsys.readouterr().err
