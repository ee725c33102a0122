"""The package's version is the engine's: ``project(displace VERSION x.y.z)`` in the repository's
top-level CMakeLists.txt, the one place the version is written. ``setup.py`` reads it at install
time (so the installed metadata carries it); at run time a source checkout (editable install or
``PYTHONPATH=python``) reads the file again, an installed copy its metadata."""
from __future__ import annotations

import re
from pathlib import Path

DISTRIBUTION = "displace-analysis"
_PROJECT_VERSION = re.compile(r"project\(\s*displace\s+VERSION\s+([0-9]+\.[0-9]+\.[0-9]+)")


def version_from_cmake(cmake_lists: Path) -> str:
    """The version in ``project(displace VERSION ...)`` of ``cmake_lists``; ValueError if none."""
    match = _PROJECT_VERSION.search(cmake_lists.read_text(encoding="utf-8"))
    if not match:
        raise ValueError(f"{cmake_lists}: no 'project(displace VERSION x.y.z)'")
    return match.group(1)


def engine_version() -> str:
    source_tree = Path(__file__).resolve().parents[2] / "CMakeLists.txt"
    if source_tree.is_file():
        return version_from_cmake(source_tree)
    from importlib.metadata import version
    return version(DISTRIBUTION)
