"""The tools outside Python that some tests build with (pandoc, myst, ...): found, or the test skips
with how to install it; with CI set, a missing tool fails the run instead (CI installs them all)."""

import os
import shutil

import pytest


def missing(what: str, install: str) -> None:
    """Fail (CI) or skip: ``what`` is not installed; ``install`` says how to get it."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {what} is missing: {install}")
    pytest.skip(f"{what} is not installed: {install}")


def require_tool(name: str, install: str) -> str:
    """The path of the program ``name`` on PATH, or `missing`."""
    path = shutil.which(name)
    if path is None:
        missing(name, install)
    return path
