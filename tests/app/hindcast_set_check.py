#!/usr/bin/python3
"""Checks of the hindcast set (scenarios/hindcast, issue #27).

  hindcast_set_check.py reproducible SOURCE_DIR WORK_DIR
      reruns tools/hindcast_set.py into a fresh folder under WORK_DIR and compares every file it
      writes with the committed one, byte for byte.
  hindcast_set_check.py validate SOURCE_DIR WORK_DIR DISPLACE SCENARIO...
      runs `displace validate` on each named scenario of scenarios/hindcast (output path moved
      into WORK_DIR, so nothing is written into the source tree).
"""
import filecmp
import os
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


if __name__ == "__main__":
    mode, src, work = sys.argv[1:4]
    if mode == "reproducible":
        sys.exit(reproducible(src, work))
    sys.exit(validate(src, work, sys.argv[4], sys.argv[5:]))
