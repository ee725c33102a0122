#!/usr/bin/python3
"""Checks of the hindcast set (scenarios/hindcast, issue #27).

  hindcast_set_check.py reproducible SOURCE_DIR WORK_DIR
      reruns tools/hindcast_set.py into a fresh folder under WORK_DIR and compares every file it
      writes with the committed one, byte for byte.
  hindcast_set_check.py validate SOURCE_DIR WORK_DIR DISPLACE SCENARIO...
      runs `displace validate` on each named scenario of scenarios/hindcast (output path moved
      into WORK_DIR, so nothing is written into the source tree).
  hindcast_set_check.py calibration SOURCE_DIR WORK_DIR DISPLACE
      checks scenarios/hindcast/calibrate.yaml against the folder (every scenario once, each
      scored on its own target, the set column's split by season), then runs `displace calibrate`
      on the committed file cut down to three small scenarios and two parameter sets (outputs
      into WORK_DIR): the file, its parameters and design parse, every scenario accepts both ends
      of every prior, and the 2022 target is scored as validation only.
"""
import csv
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile


def reproducible(src, work):
    os.makedirs(work, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="hindcast-", dir=work)
    try:
        subprocess.run(["/usr/bin/python3", os.path.join(src, "tools", "hindcast_set.py"),
                        "--out", tmp], check=True)
        committed = os.path.join(src, "scenarios", "hindcast")
        written = sorted(os.listdir(tmp))
        ours = sorted(f for f in os.listdir(committed)
                      if f.endswith(".yaml") or f in ("targets.csv", "README.md"))
        bad = []
        if written != ours:
            bad.append(f"files differ: only written {sorted(set(written) - set(ours))}, "
                       f"only committed {sorted(set(ours) - set(written))}")
        for f in sorted(set(written) & set(ours)):
            if not filecmp.cmp(os.path.join(tmp, f), os.path.join(committed, f), shallow=False):
                bad.append(f"{f}: differs from the committed file")
        if bad:
            print("\n".join(bad))
            print("rerun: /usr/bin/python3 tools/hindcast_set.py (and commit its output)")
            return 1
        print(f"hindcast set reproducible: {len(written)} files identical")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def validate(src, work, displace, scenarios):
    os.makedirs(work, exist_ok=True)
    failed = 0
    for s in scenarios:
        path = os.path.join(src, "scenarios", "hindcast", s)
        out = os.path.join(work, os.path.splitext(s)[0] + ".h5")
        r = subprocess.run([displace, "validate", path, "--set", f"outputs.path={out}"],
                           capture_output=True, text=True)
        print(f"{s}: exit {r.returncode}")
        if r.returncode != 0:
            print(r.stdout + r.stderr)
            failed += 1
    return 1 if failed else 0


def calibration(src, work, displace):
    import h5py
    import yaml
    folder = os.path.join(src, "scenarios", "hindcast")
    with open(os.path.join(folder, "calibrate.yaml")) as f:
        spec = yaml.safe_load(f)
    with open(os.path.join(folder, "targets.csv")) as f:
        targets = list(csv.DictReader(line for line in f if not line.startswith("#")))
    bad = []
    scenarios = sorted(f for f in os.listdir(folder) if re.match(r"^\d{4}-.*\.yaml$", f))
    listed = [s["path"] for s in spec["scenarios"]]
    if sorted(listed) != scenarios or len(set(listed)) != len(listed):
        bad.append(f"calibrate.yaml lists {len(listed)} scenarios, the folder has {len(scenarios)}")
    if spec["observations"] != "targets.csv":
        bad.append(f"observations: {spec['observations']}, not targets.csv")
    by_event = {}
    for t in targets:
        by_event.setdefault(t["event"], []).append(t)
    for s in spec["scenarios"]:
        events = s.get("events", [])
        hits = [t for e in events for t in by_event.get(e, [])]
        if len(events) != 1 or len(hits) != 1:
            bad.append(f"{s['path']}: events {events} match {len(hits)} targets, not 1")
            continue
        season = int(s["path"][:4])
        want = "calibration" if season <= 2017 else "validation"
        if hits[0]["set"] != want:
            bad.append(f"{s['path']}: target {hits[0]['id']} is {hits[0]['set']}, not {want}")
    # the civil-defence group: every Cuban scenario and only those (tools/hindcast_set.py)
    for s in spec["scenarios"]:
        want = ["civil_defence"] if s["path"].endswith("-cub.yaml") else []
        if s.get("groups", []) != want:
            bad.append(f"{s['path']}: groups {s.get('groups', [])}, expected {want}")
    if len({e for s in spec["scenarios"] for e in s.get("events", [])}) != len(targets):
        bad.append("not every target's event is scored on a scenario")

    # the committed parameters and design on three small scenarios, two parameter sets
    os.makedirs(work, exist_ok=True)
    tmp = os.path.abspath(tempfile.mkdtemp(prefix="hindcast-calibration-", dir=work))
    try:
        # with one Cuban scenario, so that the civil-defence group has a member
        small = ["2017-irma-aia.yaml", "2017-irma-sxm.yaml", "2018-michael-cub.yaml",
                 "2022-fiona-tca.yaml"]
        cut = dict(spec)
        cut["scenarios"] = [dict(s, path=os.path.join(folder, s["path"]))
                            for s in spec["scenarios"] if s["path"] in small]
        cut["observations"] = os.path.join(folder, "targets.csv")
        cut["design"] = dict(spec["design"], initial=2, waves=0)
        cut["outputs"] = {"path": os.path.join(tmp, "calibration.h5"),
                          "report": os.path.join(tmp, "fit.md")}
        path = os.path.join(tmp, "calibrate.yaml")
        with open(path, "w") as f:
            yaml.safe_dump(cut, f, sort_keys=False)
        r = subprocess.run([displace, "calibrate", path, "--quiet"], capture_output=True,
                           text=True)
        if r.returncode != 0:
            bad.append(f"displace calibrate exit {r.returncode}:\n{r.stdout}{r.stderr}")
        else:
            with h5py.File(cut["outputs"]["path"], "r") as f:
                roles = {t.decode(): ro.decode()
                         for t, ro in zip(f["row_target"][:], f["row_role"][:])}
                keys = [k.decode() for k in f["parameter_key"][:]]
                groups = [g.decode() for g in f["parameter_group"][:]]
            want = {"idmc_irma_2017_AIA": "calibration", "idmc_irma_2017_SXM": "calibration",
                    "idmc_michael_2018_CUB": "validation", "idmc_fiona_2022_TCA": "validation"}
            if roles != want:
                bad.append(f"roles {roles}, expected {want}")
            if keys != [p["key"] for p in spec["parameters"]]:
                bad.append(f"fitted keys {keys}")
            if groups != [p.get("group", "") for p in spec["parameters"]]:
                bad.append(f"fitted groups {groups}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if bad:
        print("\n".join(bad))
        return 1
    print(f"hindcast calibration consistent: {len(listed)} scenarios, "
          f"{len(spec['parameters'])} parameters, calibrate ran on {len(small)}")
    return 0


if __name__ == "__main__":
    mode, src, work = sys.argv[1:4]
    if mode == "reproducible":
        sys.exit(reproducible(src, work))
    if mode == "calibration":
        sys.exit(calibration(src, work, sys.argv[4]))
    sys.exit(validate(src, work, sys.argv[4], sys.argv[5:]))
