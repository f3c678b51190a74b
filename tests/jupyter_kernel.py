"""A Jupyter set-up for tests: a ``python3`` kernelspec that runs this interpreter on this checkout,
found first through ``JUPYTER_PATH``; Jupyter's and IPython's own files in a temporary directory,
not $HOME. Used by the in-process kernel (nbclient) and by ``jupyter nbconvert`` subprocesses."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kernel_env(base: Path) -> dict:
    """Write the kernelspec under ``base`` and return the environment variables that select it."""
    spec = base / "data" / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (symconv tests)", "language": "python",
        "env": {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))},
    }))
    return {"JUPYTER_PATH": str(base / "data"), "JUPYTER_CONFIG_DIR": str(base / "config"),
            "JUPYTER_RUNTIME_DIR": str(base / "runtime"), "IPYTHONDIR": str(base / "ipython"),
            "JUPYTER_PLATFORM_DIRS": "1"}


@contextlib.contextmanager
def jupyter_environ(base: Path):
    """``os.environ`` with `kernel_env` for the duration (an in-process kernel manager reads it)."""
    env = kernel_env(base)
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield env
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
