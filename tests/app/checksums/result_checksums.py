#!/usr/bin/python3
"""Runs the scenarios of this folder and compares a SHA-256 of each result dataset of their run
files with the digests committed in results.sha256 (exit 1 on any difference, naming the
datasets). With --update, rewrites results.sha256 instead (see README.md: only when a change is
meant to alter results).

usage: result_checksums.py DISPLACE_EXECUTABLE WORK_FOLDER [--update] [SCENARIO...]
"""
import hashlib
import pathlib
import subprocess
import sys

import h5py
import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
SUMS = HERE / "results.sha256"
# Scenario (file name without .yaml) -> OpenMP threads of its run. Results must not depend on the
# thread count, so running each at another count also guards that contract.
SCENARIOS = {"maria-baseline": 1, "maria-policies": 3, "caribbean-heat": 2}
# Root attributes that are results of the scenario (not provenance: versions, times, threads,
# paths and the scenario text are left out, as they change without the results changing).
RESULT_ATTRIBUTES = ("seed", "run_start_date", "step_length_years", "step_count",
                     "households_simulated", "households_per_agent", "map_every_steps",
                     "steps_recorded", "displace_complete")


def canonical_bytes(value):
    """The bytes of a dataset's or attribute's value, independent of the platform."""
    array = np.asarray(value)
    header = f"{array.shape}".encode()
    if array.dtype.kind in "OSU":  # strings: each one's UTF-8 bytes, length-prefixed
        parts = []
        for item in array.reshape(-1):
            text = item.decode() if isinstance(item, bytes) else str(item)
            data = text.encode()
            parts.append(len(data).to_bytes(8, "little") + data)
        return b"str" + header + b"".join(parts)
    little = array.astype(array.dtype.newbyteorder("<"), copy=False)
    return little.dtype.str.encode() + header + np.ascontiguousarray(little).tobytes()


def digests(path):
    """{name: hex SHA-256} of every dataset of the run file, plus '@attributes' for the result
    attributes of the root."""
    result = {}
    with h5py.File(path, "r") as f:
        def visit(name, item):
            if isinstance(item, h5py.Dataset):
                result[name] = hashlib.sha256(canonical_bytes(item[()])).hexdigest()
        f.visititems(visit)
        attributes = hashlib.sha256()
        for key in RESULT_ATTRIBUTES:
            if key in f.attrs:
                attributes.update(key.encode() + canonical_bytes(f.attrs[key]))
        result["@attributes"] = attributes.hexdigest()
    return result


def read_sums():
    sums = {}
    if SUMS.exists():
        for line in SUMS.read_text().splitlines():
            if line and not line.startswith("#"):
                digest, key = line.split(maxsplit=1)
                sums[key] = digest
    return sums


def run(displace, work, scenario):
    out = work / f"{scenario}.h5"
    subprocess.run([displace, "run", str(HERE / f"{scenario}.yaml"), "--out", str(out),
                    "--threads", str(SCENARIOS[scenario]), "--overwrite", "--quiet"], check=True)
    return digests(out)


def main(argv):
    update = "--update" in argv
    args = [a for a in argv if a != "--update"]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    displace, work = args[0], pathlib.Path(args[1])
    scenarios = args[2:] or list(SCENARIOS)
    unknown = [s for s in scenarios if s not in SCENARIOS]
    if unknown:
        print(f"unknown scenario(s) {unknown}; known: {list(SCENARIOS)}", file=sys.stderr)
        return 2
    work.mkdir(parents=True, exist_ok=True)
    committed = read_sums()
    status = 0
    for scenario in scenarios:
        found = {f"{scenario}/{name}": digest
                 for name, digest in run(displace, work, scenario).items()}
        if update:
            committed = {k: v for k, v in committed.items() if not k.startswith(scenario + "/")}
            committed.update(found)
            print(f"{scenario}: {len(found)} digests written")
            continue
        expected = {k: v for k, v in committed.items() if k.startswith(scenario + "/")}
        missing = sorted(expected.keys() - found.keys())
        extra = sorted(found.keys() - expected.keys())
        differing = sorted(k for k in expected.keys() & found.keys() if expected[k] != found[k])
        if missing or extra or differing:
            status = 1
            print(f"{scenario}: results differ from results.sha256: changed {differing}, "
                  f"missing {missing}, new {extra}")
        else:
            print(f"{scenario}: identical to results.sha256 ({len(found)} digests)")
    if update:
        lines = [f"{digest}  {key}" for key, digest in sorted(committed.items())]
        header = ("# SHA-256 of each result dataset of the runs of this folder; written by\n"
                  "# result_checksums.py --update (see README.md).\n")
        SUMS.write_text(header + "\n".join(lines) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
