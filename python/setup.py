"""Only the version is computed here (from the engine's CMakeLists.txt); everything else is in
pyproject.toml."""
import importlib.util
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("_version", HERE / "displace_analysis" / "_version.py")
_version = importlib.util.module_from_spec(spec)
spec.loader.exec_module(_version)

setup(version=_version.version_from_cmake(HERE.parent / "CMakeLists.txt"))
