"""Run a snippet of Python in a child process under a wall-clock and an address-space cap.

Shared by the abuse suites (``tests/test_abuse.py``, ``tests/test_abuse_fronts.py``) and
``benchmarks/abuse.py``: a case that could hang or blow up memory is run here, so a regression
fails one test quickly instead of freezing or killing the whole run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Capped", "run_capped", "capped_cases", "REPO"]

REPO = Path(__file__).resolve().parent.parent

# Set in the child before the snippet runs: the address-space cap (a MemoryError rather than the
# machine swapping) and the current checkout first on sys.path.
_PRELUDE = """\
import resource as _r, sys as _s
_cap = {cap}
if _cap:
    _r.setrlimit(_r.RLIMIT_AS, (_cap, _cap))
_s.path.insert(0, {root!r})
del _r, _s, _cap
"""


@dataclass(frozen=True)
class Capped:
    """What a capped child did.

    ``returncode`` is negative (``-signal``) when the child was killed, ``timed_out`` says whether
    the wall-clock cap did it, ``peak_rss_mb`` is the child's own peak resident set size.
    """

    returncode: int
    stdout: str
    stderr: str
    elapsed: float
    timed_out: bool
    peak_rss_mb: float

    def __iter__(self):  # (returncode, stdout, stderr, elapsed), as a tuple
        return iter((self.returncode, self.stdout, self.stderr, self.elapsed))


def run_capped(code: str, seconds: float, memory_mb: int | None = 2048, *, root: str | os.PathLike | None = None,
               env: dict | None = None, argv: list[str] | None = None) -> Capped:
    """Run ``code`` (Python source) in a fresh interpreter under caps.

    Parameters
    ----------
    code : str
        The snippet; it imports what it needs. Ignored when ``argv`` is given.
    seconds : float
        Wall-clock cap: past it the child's whole process group gets SIGKILL.
    memory_mb : int or None
        RLIMIT_AS of the child (virtual memory, so leave room for imports: ~1 GB for SymPy and
        NumPy, ~3 GB with torch). None for no cap.
    root : path, optional
        The checkout whose ``symconv`` is imported (default: ``$SYMCONV_ABUSE_ROOT`` if set, to
        run the reproducers against another checkout, else this one).
    env : dict, optional
        Extra environment variables.
    argv : list of str, optional
        Run this command (through the shell if it is one string item) instead of ``code``; the
        memory cap then does not apply.

    Returns
    -------
    Capped
        Unpacks as ``(returncode, stdout, stderr, elapsed)``.
    """
    root = str(Path(root or os.environ.get("SYMCONV_ABUSE_ROOT") or REPO).resolve())
    environment = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    environment.update(env or {})
    if argv is None:
        prelude = _PRELUDE.format(cap=memory_mb * 2**20 if memory_mb else 0, root=root)
        argv = [sys.executable, "-c", prelude + code]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=environment,
                                start_new_session=True, shell=len(argv) == 1)
        timed_out = False
        while True:  # os.wait4 gives this child's own peak RSS, even when it is killed
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > seconds:
                timed_out = True
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if timed_out:
            try:  # grandchildren of a shell pipeline
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    scale = 1024 if sys.platform != "darwin" else 1024 * 1024  # ru_maxrss is kB on Linux
    return Capped(proc.returncode, stdout, stderr, elapsed, timed_out, usage.ru_maxrss / scale)


def capped_cases(cases: dict, seconds: float = 20, memory_mb: int = 1500) -> dict:
    """Run each ``name: code`` snippet (which sets ``out``) in one capped child, one after the
    other; return, per name, ``{"error": type, "message": str, "seconds": float}`` or
    ``{"out": repr(out), "seconds": float}``. ``symconv`` and ``F = symconv.formula`` are imported;
    the child must exit cleanly within ``seconds`` (an assertion otherwise)."""
    body = ["import json, time, symconv", "F = symconv.formula", "results = {}"]
    for name, code in cases.items():
        body += ["start = time.perf_counter()", "try:"]
        body += ["    " + line for line in textwrap.dedent(code).splitlines()]
        body += [f"    results[{name!r}] = {{'out': repr(out)[:300]}}",
                 "except Exception as exc:",
                 f"    results[{name!r}] = {{'error': type(exc).__name__, 'message': str(exc)[:300]}}",
                 f"results[{name!r}]['seconds'] = time.perf_counter() - start"]
    body.append("print(json.dumps(results))")
    done = run_capped("\n".join(body), seconds, memory_mb)
    assert done.returncode == 0 and not done.timed_out, (done.returncode, done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])
