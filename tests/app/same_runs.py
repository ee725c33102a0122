#!/usr/bin/python3
"""Exit 0 iff every numeric variable of the given run (or ensemble) files is identical to the
first file's; used to check that MPI rank counts do not change results."""
import sys

import h5py
import numpy as np


def numeric(path):
    """Every numeric dataset by its path, those of groups (admin levels: admin_2/people) too."""
    values = {}

    def visit(name, item):
        if isinstance(item, h5py.Dataset) and item.dtype.kind in "fiu":
            values[name] = item[()]

    with h5py.File(path, "r") as f:
        f.visititems(visit)
    return values


first = numeric(sys.argv[1])
status = 0
for other in sys.argv[2:]:
    values = numeric(other)
    if values.keys() != first.keys():
        print(f"{other}: other variables than {sys.argv[1]}")
        status = 1
        continue
    differing = [k for k in first if not np.array_equal(first[k], values[k], equal_nan=True)]
    if differing:
        print(f"{other}: differs from {sys.argv[1]} in {differing}")
        status = 1
    else:
        print(f"{other}: identical to {sys.argv[1]} ({len(first)} variables)")
sys.exit(status)
