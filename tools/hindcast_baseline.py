#!/usr/bin/python3
"""The threshold baseline of the hindcast (issue #27): displaced people = f x people exposed to a
peak wind >= V, the form of the CLIMADA displacement studies (Kam et al. 2021, 2024), fitted on the
calibration targets and scored once on the held-out ones.

    /usr/bin/python3 tools/hindcast_baseline.py [--targets scenarios/hindcast/targets.csv]
        [--displace build/release/app/displace] [--model-scores SCORE.csv ...]

1. Exposure. For every target of the targets file, its scenario (the `<season>-<storm>-<iso3>.yaml`
   next to it whose header names the target, or the one the id `idmc_<storm>_<season>_<ISO3>`
   spells) is given to `displace exposure SCENARIO --csv --thresholds ...`; the CSVs are kept in
   out/hindcast/exposure/ (made again when missing, older than the scenario or its base, lacking a
   threshold, or with --refresh). The target's exposure E_V is the people of its `place` (region)
   exposed to its `event` (storm) at each candidate V.
2. Fit, on the `calibration` rows only. For each candidate V (--thresholds; default every 1 m/s
   from 1 to 60): f_V = 10^mean(log10(observed / E_V)) over the
   events with E_V > 0; an event with E_V = 0 is predicted 0 and does not enter f_V. The error of an
   event is log10(observed / max(f_V E_V, 1)): a prediction under one person (0 included) counts
   as one person, a finite penalty of log10(observed). V minimises the sum of squared errors (ties:
   the lower V); Vs where no calibration event is exposed are not candidates.
3. Score the `validation` rows once with that (V, f), with the definitions of docs/observations.md
   (as `displace score` computes them for a single run): ARD, total relative difference, median
   |log10(m/o)| (infinite for m = 0), the share within a factor of 2, the share whose observed
   interval holds m, and Spearman's rank correlation of modelled and observed. The calibration
   rows are scored alike (in sample).
With --group NAME=ISO3,... (repeatable) the share f is fitted per group of places at a common V
(the events of no group form one more group): a regional share, for a side-by-side with a model
calibrated with the same groups.
4. With --model-scores (the CSVs of `displace score --csv`, one per run), the model and the
   baseline are summarised side by side on the targets both computed.

Prints a markdown report; writes the per-target CSV (--out), the summaries (--summary-out) and the
fit per V (--fit-out), by default under out/hindcast/.
Standard library and numpy only."""
import argparse
import csv
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_THRESHOLDS = list(range(1, 61))  # m/s, every 1 m/s: from any wind at all up


class BaselineError(Exception):
    """Bad input: the message names the file (and line) or the target."""


# --- reading --------------------------------------------------------------------------------------

def read_targets(path):
    """The targets of an observation CSV (docs/observations.md) as dicts, with `line` and the
    observed interval (`lower`, `upper`) resolved from factor / lower+upper / relative_error."""
    path = Path(path)
    with open(path, newline="", encoding="utf-8-sig") as handle:
        numbered = [(n, line) for n, line in enumerate(handle, 1)
                    if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        raise BaselineError(f"{path}: no header and no targets")
    rows = list(csv.reader(line for _, line in numbered))
    header = [h.strip() for h in rows[0]]
    for need in ("id", "value"):
        if need not in header:
            raise BaselineError(f"{path}:{numbered[0][0]}: no column '{need}'")
    targets = []
    for (line, _), fields in zip(numbered[1:], rows[1:]):
        if len(fields) != len(header):
            raise BaselineError(f"{path}:{line}: {len(fields)} fields, the header has {len(header)}")
        t = {k: v.strip() for k, v in zip(header, fields)}
        t["line"] = line
        try:
            value = float(t["value"])
        except ValueError:
            raise BaselineError(f"{path}:{line}: value '{t['value']}' is not a number") from None
        t["observed"] = value
        if t.get("factor"):
            factor = float(t["factor"])
            t["lower"], t["upper"] = value / factor, value * factor
        elif t.get("lower") and t.get("upper"):
            t["lower"], t["upper"] = float(t["lower"]), float(t["upper"])
        elif t.get("relative_error"):
            e = float(t["relative_error"])
            t["lower"], t["upper"] = max(0.0, value * (1 - e)), value * (1 + e)
        else:
            raise BaselineError(f"{path}:{line}: no uncertainty (factor, lower+upper or "
                                "relative_error)")
        t.setdefault("bound", "estimate")
        t["bound"] = t["bound"] or "estimate"
        targets.append(t)
    return targets


def scenario_index(folder):
    """{target id: scenario path} from the header comments of the folder's scenarios
    ("... (targets.csv: idmc_maria_2017_PRI)")."""
    index = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if not line.startswith("#"):
                    break
                for found in re.findall(r"targets\.csv: ([A-Za-z0-9_.\-]+)\)", line):
                    index[found] = path
    return index


def scenario_of(target, folder, index):
    """The scenario a target is computed from: named in a scenario's header, else spelt by the
    id idmc_<storm>_<season>_<ISO3> as <season>-<storm>-<iso3>.yaml."""
    if target["id"] in index:
        return index[target["id"]]
    parts = target["id"].split("_")
    if len(parts) == 4:
        path = Path(folder) / f"{parts[2]}-{parts[1]}-{parts[3].lower()}.yaml"
        if path.is_file():
            return path
    raise BaselineError(f"target {target['id']} (line {target['line']}): no scenario in {folder} "
                        "names it in its header, and its id does not spell one")


def storm_of(event, place):
    """The storm id of a target's event: the hindcast's targets name their event storm id and
    country (2017260N12310-PRI, scenarios/hindcast/README.md), `displace exposure` the storm."""
    suffix = "-" + place
    return event[:-len(suffix)] if place and event.endswith(suffix) else event


def read_exposure(path):
    """{(event, region): {V: people exposed}} and {(event, region): people total} of a CSV of
    `displace exposure --csv`."""
    exposed, totals = {}, {}
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        want = ["event", "region", "threshold_m_s", "people_exposed", "households_exposed",
                "people_total"]
        if reader.fieldnames != want:
            raise BaselineError(f"{path}: header {reader.fieldnames}, expected {want}")
        for row in reader:
            key = (row["event"], row["region"])
            exposed.setdefault(key, {})[float(row["threshold_m_s"])] = float(row["people_exposed"])
            totals[key] = float(row["people_total"])
    return exposed, totals


def exposure_csv(scenario, cache, displace, thresholds, refresh):
    """The cached exposure CSV of a scenario, made (again) by `displace exposure` when needed."""
    cache.mkdir(parents=True, exist_ok=True)
    out = cache / (scenario.stem + ".csv")
    inputs = [scenario] + sorted(scenario.parent.glob("base*.yaml"))
    fresh = out.is_file() and not refresh and all(
        out.stat().st_mtime >= p.stat().st_mtime for p in inputs)
    if fresh:
        with open(out, newline="", encoding="utf-8") as handle:
            have = {float(r["threshold_m_s"]) for r in csv.DictReader(handle)}
        fresh = all(float(v) in have for v in thresholds)
    if fresh:
        return out
    if displace is None or not Path(displace).is_file():
        raise BaselineError(f"{out} is missing or stale and there is no displace executable "
                            f"({displace}); build it or give --displace")
    command = [str(displace), "exposure", str(scenario), "--csv",
               "--thresholds", ",".join(format_number(v) for v in thresholds)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BaselineError(f"{' '.join(command)} failed (exit {done.returncode}):\n"
                            f"{done.stderr.strip()}")
    partial = out.with_suffix(".csv.partial")
    partial.write_text(done.stdout, encoding="utf-8")
    os.replace(partial, out)
    return out


def read_model_scores(paths):
    """{target id: modelled value} of the computed rows of `displace score --csv` files."""
    modelled = {}
    for path in paths:
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row.get("status") != "computed":
                    continue
                if row["id"] in modelled:
                    raise BaselineError(f"{path}: target {row['id']} is scored in two files")
                modelled[row["id"]] = float(row["modelled"])
    return modelled


# --- fit and score --------------------------------------------------------------------------------

def log_errors(observed, exposed, f):
    """log10(observed / max(f E, 1)) per event: a prediction under one person counts as one."""
    predicted = np.maximum(f * np.asarray(exposed, dtype=float), 1.0)
    return np.log10(np.asarray(observed, dtype=float) / predicted)


def fit(observed, exposure, thresholds, groups=None):
    """(V, f, table) minimising the calibration sum of squared log10 errors; `exposure` is one
    row per event of E at each threshold. The table has one dict per candidate V. With `groups`
    (a label per event, "" for none), f is fitted per group at a common V and returned as a dict
    {label: f}; a group with no exposed event at V makes V no candidate."""
    observed = np.asarray(observed, dtype=float)
    exposure = np.asarray(exposure, dtype=float)
    labels = np.asarray(groups if groups is not None else [""] * len(observed))
    table = []
    for k, v in enumerate(thresholds):
        e = exposure[:, k]
        hit = e > 0
        f = {}
        for g in sorted(set(labels)):
            mine = hit & (labels == g)
            f[g] = 10.0 ** float(np.mean(np.log10(observed[mine] / e[mine]))) \
                if mine.any() else math.nan
        if not hit.any() or any(math.isnan(x) for x in f.values()):
            table.append({"V": v, "f": math.nan if groups is None else f, "sse": math.inf,
                          "rms_exposed": math.nan, "exposed": int(hit.sum()),
                          "zero": int((~hit).sum())})
            continue
        errors = log_errors(observed, e, np.array([f[g] for g in labels]))
        table.append({"V": v, "f": f[""] if groups is None else f,
                      "sse": float(np.sum(errors ** 2)),
                      "rms_exposed": float(np.sqrt(np.mean(errors[hit] ** 2))),
                      "exposed": int(hit.sum()), "zero": int((~hit).sum())})
    best = min(range(len(table)), key=lambda i: (table[i]["sse"], thresholds[i]))
    if not math.isfinite(table[best]["sse"]):
        raise BaselineError("no calibration event is exposed at any threshold"
                            + (" in every group" if groups is not None else ""))
    return thresholds[best], table[best]["f"], table


def f_text_of(f, digits=None):
    """f as text: a number, or `group=f` per group ("other" for the events in none)."""
    def one(x):
        return repr(x) if digits is None else fmt(x, digits)
    if isinstance(f, dict):
        return "; ".join(f"{g or 'other'}={one(x)}" for g, x in sorted(f.items()))
    return one(f)


def score_row(observed, lower, upper, modelled):
    """One target as `displace score` scores a single run."""
    if observed > 0:
        ratio = modelled / observed
    else:
        ratio = math.inf if modelled > 0 else 1.0
    log10_ratio = math.log10(ratio) if ratio > 0 else -math.inf
    return {"ratio": ratio, "log10_ratio": log10_ratio,
            "within_range": lower <= modelled <= upper,
            "within_factor_2": 0.5 <= ratio <= 2.0}


def median_keeping_infinities(values):
    """numpy's median, but with infinities kept (the mean of two equal middles is that value)."""
    values = sorted(values)
    n = len(values)
    if n == 0:
        return math.nan
    if n % 2:
        return values[n // 2]
    a, b = values[n // 2 - 1], values[n // 2]
    return a if a == b else 0.5 * (a + b)


def average_ranks(values):
    """Ranks 1..n of `values`, ties given the mean of the ranks they span."""
    values = np.asarray(values, dtype=float)
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values))
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[order[j + 1]] == values[order[i]]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(modelled, observed):
    """Spearman's rank correlation of modelled and observed values (ties: average ranks); NaN for
    fewer than 3 pairs or a constant side."""
    if len(modelled) < 3:
        return math.nan
    a, b = average_ranks(modelled), average_ranks(observed)
    if np.std(a) == 0 or np.std(b) == 0:
        return math.nan
    return float(np.corrcoef(a, b)[0, 1])


def summarise(rows):
    """The summary of docs/observations.md over rows with observed, modelled, bound and the
    score_row fields; only estimates enter it."""
    rows = [r for r in rows if r["bound"] == "estimate"]
    n = len(rows)
    if n == 0:
        return {"n": 0, "ard": math.nan, "total_relative_difference": math.nan,
                "median_abs_log10": math.nan, "within_factor_2": math.nan,
                "within_range": math.nan, "rank_correlation": math.nan}
    observed = np.array([r["observed"] for r in rows])
    modelled = np.array([r["modelled"] for r in rows])
    return {
        "n": n,
        "ard": float(np.mean(np.abs(modelled - observed) / observed)),
        "total_relative_difference": float(np.sum(np.abs(modelled - observed)) / observed.sum()),
        "median_abs_log10": median_keeping_infinities([abs(r["log10_ratio"]) for r in rows]),
        "within_factor_2": sum(r["within_factor_2"] for r in rows) / n,
        "within_range": sum(r["within_range"] for r in rows) / n,
        "rank_correlation": spearman(modelled, observed),
    }


# --- the report -----------------------------------------------------------------------------------

def format_number(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def fmt(value, digits=3):
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if isinstance(value, float) and math.isnan(value):
        return "–"
    return f"{value:.{digits}g}" if isinstance(value, float) else str(value)


def cells(s, zero):
    """The summary's figures as markdown cells (after the label cells)."""
    return (f"{s['n']} | {zero} | {fmt(s['ard'])} | {fmt(s['total_relative_difference'])} | "
            f"{fmt(s['median_abs_log10'])} | {fmt(s['within_factor_2'])} | "
            f"{fmt(s['within_range'])} | {fmt(s['rank_correlation'])} |")


FIGURES = ("targets | zero exposure at V | ARD | total relative difference | "
           "median \\|log10(m/o)\\| | within a factor of 2 | observed interval holds m | "
           "rank correlation (Spearman) |")
RULE = "---:|---:|---:|---:|---:|---:|---:|---:|"


def run(args):
    targets_path = Path(args.targets)
    folder = Path(args.scenarios) if args.scenarios else targets_path.parent
    thresholds = [float(v) for v in args.thresholds.split(",")] if args.thresholds \
        else [float(v) for v in DEFAULT_THRESHOLDS]
    if any(not math.isfinite(v) or v <= 0 for v in thresholds) or \
            any(b <= a for a, b in zip(thresholds, thresholds[1:])):
        raise BaselineError(f"--thresholds: finite, > 0 and increasing, got {args.thresholds}")
    targets = [t for t in read_targets(targets_path) if t.get("set") in ("calibration",
                                                                          "validation")]
    for t in targets:
        if t.get("quantity", "displacements") != "displacements" or \
                t.get("unit", "people") != "people":
            raise BaselineError(f"{targets_path}:{t['line']}: target {t['id']} is not "
                                "displacements in people; the baseline predicts only those")
        if not t["observed"] > 0:
            raise BaselineError(f"{targets_path}:{t['line']}: target {t['id']} has value "
                                f"{t['observed']}; the fit needs observed > 0")
    index = scenario_index(folder)
    cache = Path(args.cache)
    exposure = []  # per target: E at each threshold
    for t in targets:
        scenario = scenario_of(t, folder, index)
        table, _ = read_exposure(exposure_csv(scenario, cache, args.displace, thresholds,
                                              args.refresh))
        key = (storm_of(t.get("event", ""), t.get("place", "")), t.get("place", ""))
        if key not in table:
            raise BaselineError(f"target {t['id']}: {scenario.name} has no wind event "
                                f"{key[0]} over region {key[1]} (see {cache / scenario.stem}.csv)")
        exposure.append([table[key][v] for v in thresholds])
    exposure = np.array(exposure)
    observed = np.array([t["observed"] for t in targets])
    calibration = np.array([t["set"] == "calibration" for t in targets])
    if not calibration.any() or calibration.all():
        raise BaselineError(f"{targets_path}: the baseline needs calibration and validation rows")

    group_of = {}
    for spec in args.group or []:
        name, _, places = spec.partition("=")
        if not name or not places:
            raise BaselineError(f"--group: expected NAME=ISO3[,ISO3...], got '{spec}'")
        for place in places.split(","):
            group_of[place] = name
    labels = np.array([group_of.get(t.get("place", ""), "") for t in targets]) \
        if group_of else None
    v_fit, f_fit, fit_table = fit(observed[calibration], exposure[calibration], thresholds,
                                  labels[calibration] if labels is not None else None)

    def f_of(i):
        return f_fit[labels[i]] if labels is not None else f_fit

    f_text = f_text_of(f_fit)
    for r, held_out_exposure in zip(fit_table, exposure[~calibration].T):
        # the inputs only (no observed value): how many held-out events the wind reaches at V
        r["held_out_zero"] = int((held_out_exposure == 0).sum())
    k = thresholds.index(v_fit)
    rows = []
    for i, (t, e) in enumerate(zip(targets, exposure[:, k])):
        modelled = f_of(i) * float(e)
        row = {"id": t["id"], "event": t.get("event", ""), "set": t["set"],
               "place": t.get("place", ""), "bound": t["bound"], "observed": t["observed"],
               "lower": t["lower"], "upper": t["upper"], "exposed_people": float(e),
               "modelled": modelled, "f": f_of(i)}
        row.update(score_row(t["observed"], t["lower"], t["upper"], modelled))
        rows.append(row)

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(["id", "event", "set", "place", "observed", "observed_lower", "observed_upper",
                    "threshold_m_s", "f", "exposed_people", "modelled", "ratio", "log10_ratio",
                    "within_range", "within_factor_2"])
        for r in rows:
            w.writerow([r["id"], r["event"], r["set"], r["place"], format_number(r["observed"]),
                        repr(r["lower"]), repr(r["upper"]), format_number(v_fit), repr(r["f"]),
                        repr(r["exposed_people"]), repr(r["modelled"]), repr(r["ratio"]),
                        repr(r["log10_ratio"]), "yes" if r["within_range"] else "no",
                        "yes" if r["within_factor_2"] else "no"])
    fit_out = Path(args.fit_out)
    fit_out.parent.mkdir(parents=True, exist_ok=True)
    with open(fit_out, "w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(["threshold_m_s", "f", "sum_squared_log10_error",
                    "rms_log10_error_of_exposed_events", "events_exposed",
                    "events_zero_exposure", "held_out_events_zero_exposure"])
        for r in fit_table:
            w.writerow([format_number(r["V"]), f_text_of(r["f"]), repr(r["sse"]),
                        repr(r["rms_exposed"]), r["exposed"], r["zero"], r["held_out_zero"]])

    cal_rows = [r for r in rows if r["set"] == "calibration"]
    val_rows = [r for r in rows if r["set"] == "validation"]
    zero_cal = sum(r["exposed_people"] == 0 for r in cal_rows)
    zero_val = sum(r["exposed_people"] == 0 for r in val_rows)
    summaries = [("calibration", "baseline", summarise(cal_rows), zero_cal),
                 ("validation", "baseline", summarise(val_rows), zero_val)]
    modelled = read_model_scores(args.model_scores) if args.model_scores else {}
    side_by_side = []
    for which, set_rows in (("calibration", cal_rows), ("validation", val_rows)):
        both = [r for r in set_rows if r["id"] in modelled]
        model_rows = []
        for r in both:
            m = dict(r, modelled=modelled[r["id"]])
            m.update(score_row(r["observed"], r["lower"], r["upper"], m["modelled"]))
            model_rows.append(m)
        zero = sum(r["exposed_people"] == 0 for r in both)
        side_by_side.append((which, summarise(model_rows), summarise(both), zero))
        if args.model_scores:
            summaries.append((which, "displace (same targets)", summarise(model_rows), ""))
            summaries.append((which, "baseline (same targets)", summarise(both), zero))
    summary_out = Path(args.summary_out)
    summary_out.parent.mkdir(parents=True, exist_ok=True)
    with open(summary_out, "w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(["set", "model", "threshold_m_s", "f", "targets", "zero_exposure_at_V", "ard",
                    "total_relative_difference", "median_abs_log10_ratio", "within_factor_2",
                    "within_range", "rank_correlation"])
        for which, model, s, zero in summaries:
            w.writerow([which, model, format_number(v_fit), f_text, s["n"], zero,
                        repr(s["ard"]), repr(s["total_relative_difference"]),
                        repr(s["median_abs_log10"]), repr(s["within_factor_2"]),
                        repr(s["within_range"]), repr(s["rank_correlation"])])
    best = fit_table[k]
    p = print
    p("## The threshold baseline: displaced = f × people exposed to a peak wind ≥ V\n")
    p(f"targets: {targets_path} ({len(cal_rows)} calibration, {len(val_rows)} held out); "
      f"exposure: `displace exposure` of each scenario (cached in {cache})\n")
    p(f"fitted on the calibration rows: **V = {format_number(v_fit)} m/s, f = {f_text_of(f_fit, 4)}** "
      f"(sum of squared log10 errors {best['sse']:.4g}; {best['exposed']} calibration events "
      f"exposed at V, {best['zero']} not, each counted as a prediction of 1 person)\n")
    p("| set | " + FIGURES + "\n|---|" + RULE)
    p("| calibration (in sample) | " + cells(summarise(cal_rows), zero_cal))
    p("| held out (2018–2022) | " + cells(summarise(val_rows), zero_val))
    p(f"\nheld-out events with zero exposure at V: {zero_val} of {len(val_rows)}")

    if args.model_scores:
        p("\n### Model and baseline on the same targets\n")
        p("| set | model | " + FIGURES + "\n|---|---|" + RULE)
        for which, model_summary, baseline_summary, zero in side_by_side:
            label = "calibration" if which == "calibration" else "held out"
            p(f"| {label} | displace | " + cells(model_summary, "–"))
            p(f"| {label} | baseline | " + cells(baseline_summary, zero))
    p(f"\nper target: {out}; summary: {summary_out}; the fit at every V: {fit_out}")
    p("\n| V (m/s) | f | sum of squared log10 errors | rms log10 error of the exposed | "
      "calibration events exposed | zero | held-out events with zero exposure |")
    p("|---:|---:|---:|---:|---:|---:|---:|")
    for r in fit_table:
        mark = " ←" if r["V"] == v_fit else ""
        p(f"| {format_number(r['V'])}{mark} | {f_text_of(r['f'], 4)} | {fmt(r['sse'], 4)} | "
          f"{fmt(r['rms_exposed'], 3)} | {r['exposed']} | {r['zero']} | {r['held_out_zero']} |")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", default=str(ROOT / "scenarios/hindcast/targets.csv"))
    parser.add_argument("--scenarios", help="folder of the scenarios (default: the targets')")
    parser.add_argument("--displace", default=os.environ.get(
        "DISPLACE_BIN", str(ROOT / "build/release/app/displace")))
    parser.add_argument("--cache", default=str(ROOT / "out/hindcast/exposure"))
    parser.add_argument("--thresholds", help="candidate V in m/s, comma-separated "
                        "(default 1,2,...,60)")
    parser.add_argument("--refresh", action="store_true", help="recompute every exposure CSV")
    parser.add_argument("--out", default=str(ROOT / "out/hindcast/baseline.csv"))
    parser.add_argument("--fit-out", default=str(ROOT / "out/hindcast/baseline_fit.csv"))
    parser.add_argument("--summary-out",
                        default=str(ROOT / "out/hindcast/baseline_summary.csv"))
    parser.add_argument("--group", action="append", metavar="NAME=ISO3[,ISO3...]",
                        help="fit a share f of its own for the targets of these places (a "
                             "regional share, as the model's calibration groups); repeatable")
    parser.add_argument("--model-scores", nargs="+", metavar="SCORE_CSV",
                        help="CSVs of `displace score --csv`, one per run")
    args = parser.parse_args(argv)
    try:
        return run(args)
    except (BaselineError, OSError) as error:
        print(f"hindcast_baseline: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
