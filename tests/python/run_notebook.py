#!/usr/bin/python3
"""Executes a notebook headless with nbclient and Debian's Python; fails if any cell raises.

Usage: /usr/bin/python3 run_notebook.py NOTEBOOK.ipynb OUTPUT_FOLDER

The kernel is a spec named "python3" running THIS interpreter (/usr/bin/python3), written to a
temporary JUPYTER_PATH that takes precedence over system and user kernels, so the result does not
depend on what is registered in the home folder. The notebook runs in its own folder (so its
default DISPLACE_RUNS=../out resolves like it does for a reader); the executed copy, with outputs,
is written to OUTPUT_FOLDER for inspection.
"""
import json
import os
import sys
import tempfile
from pathlib import Path


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    notebook_path = Path(sys.argv[1]).resolve()
    out_folder = Path(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="displace_jupyter_") as jupyter_dir:
        kernel_dir = Path(jupyter_dir) / "kernels" / "python3"
        kernel_dir.mkdir(parents=True)
        spec = {"argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher",
                         "-f", "{connection_file}"],
                "display_name": "Python 3 (Debian, displace tests)", "language": "python"}
        (kernel_dir / "kernel.json").write_text(json.dumps(spec))
        os.environ["JUPYTER_PATH"] = jupyter_dir
        os.environ.setdefault("MPLBACKEND", "Agg")
        os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        # Keep Jupyter's runtime files (connection files) out of the home folder.
        os.environ["JUPYTER_RUNTIME_DIR"] = str(Path(jupyter_dir) / "runtime")

        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError

        notebook = nbformat.read(notebook_path, as_version=4)
        client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(notebook_path.parent)}})
        failed = None
        try:
            client.execute()
        except CellExecutionError as error:
            failed = error
        out_folder.mkdir(parents=True, exist_ok=True)
        executed = out_folder / notebook_path.name
        nbformat.write(notebook, executed)
    if failed is not None:
        print(f"{notebook_path.name}: a cell failed (executed copy: {executed})\n{failed}",
              file=sys.stderr)
        return 1
    print(f"{notebook_path.name}: executed without error ({executed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
