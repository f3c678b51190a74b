"""A wall-clock budget for SymPy work that leaves the host process alone.

SymPy has no cancellation hook, so a budget must interrupt it from outside. A SIGALRM timer does
that only in the main thread, and only by taking over a process-wide resource: the host's own
``setitimer`` is cancelled and its SIGALRM handler replaced. A worker thread abandoned on timeout
keeps burning CPU; a worker process costs a fork or a SymPy import per call.

:class:`Deadline` instead runs the work in the calling thread, whatever thread that is, and starts
a watchdog thread that lives exactly as long as the ``with`` block. If the block outlives its
budget, the watchdog raises an exception *in the calling thread* through CPython's
``PyThreadState_SetAsyncExc`` (the mechanism behind ``KeyboardInterrupt`` delivery to a thread):
the SymPy call unwinds at its next bytecode, nothing keeps running, and no signal, timer or handler
of the process is touched. The exception is a :class:`BaseException`, so SymPy's ``except
Exception`` clauses cannot swallow it, and it is raised again every 50 ms until the block has
left. The block then re-raises it as :class:`~symconv.errors.ClosedFormTimeout`.

Limits: a single C call (a huge integer power, say) is interrupted only when it returns, which is
why inputs are size-checked before SymPy sees them; on a Python without ``ctypes.pythonapi``
(not CPython) the budget is not enforced.
"""

from __future__ import annotations

import ctypes
import threading
import time

from ..errors import ClosedFormTimeout

__all__ = ["Deadline"]

_REPEAT = 0.05  # seconds between repeated interruptions of a block that caught one

try:
    _raise_in = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.py_object)(
        ("PyThreadState_SetAsyncExc", ctypes.pythonapi))
except (AttributeError, OSError):  # pragma: no cover - not CPython
    _raise_in = None


class _Expired(BaseException):
    """Raised asynchronously in a thread whose :class:`Deadline` passed; never leaves
    :class:`Deadline` (it becomes :class:`ClosedFormTimeout`)."""


class Deadline:
    """``with Deadline(seconds, what):`` runs the block, or raises
    :class:`~symconv.errors.ClosedFormTimeout` once it has run ``seconds``.

    Usable in any thread and nestable (the inner budget is the tighter one). On exit the watchdog
    thread has ended, so nothing is left behind.

    Parameters
    ----------
    seconds : float
        The budget, from entering the block.
    what : str
        Names the work in the message: ``"the closed form of x * h"`` (keep it short; it must not
        hold user data of unbounded size).

    Examples
    --------
    >>> import time
    >>> from symconv.errors import ClosedFormTimeout
    >>> try:
    ...     with Deadline(0.05, "a nap"):
    ...         while True:
    ...             time.sleep(0.001)
    ... except ClosedFormTimeout as exc:
    ...     print(exc)
    SymPy did not finish a nap within 0.05 s; raise Limits.max_seconds or simplify the formulas
    """

    def __init__(self, seconds: float, what: str):
        self.seconds = seconds
        self.what = what
        self.start = 0.0
        self._fired = False
        self._finished = False

    def remaining(self) -> float:
        """Seconds left of the budget (negative once it has passed)."""
        return self.seconds - (time.monotonic() - self.start)

    def __enter__(self) -> "Deadline":
        self.start = time.monotonic()
        if _raise_in is None:  # pragma: no cover - not CPython
            return self
        self._target = threading.get_ident()
        self._gate = threading.Lock()
        self._gate.acquire()  # released when the block ends; the watchdog waits on it
        self._gate_held = True
        self._watchdog = threading.Thread(target=self._watch, name="symconv-deadline", daemon=True)
        self._watchdog.start()
        return self

    def _watch(self) -> None:
        if self._gate.acquire(timeout=self.seconds):
            return
        while not self._finished:
            self._fired = True
            _raise_in(self._target, _Expired)
            if self._gate.acquire(timeout=_REPEAT):
                return

    def __exit__(self, exc_type, exc, tb) -> bool:
        if _raise_in is None:  # pragma: no cover
            return False
        interrupted = exc_type is not None and issubclass(exc_type, _Expired)
        late = False
        self._finished = True
        # Until the watchdog has ended it may still interrupt this thread, so every step below is
        # retried if an _Expired lands in it; each step is safe to repeat.
        while True:
            try:
                if self._gate_held:
                    self._gate_held = False
                    self._gate.release()
                self._watchdog.join()
                if self._fired:
                    # One raised after the block had ended may be pending: let it land here, at a
                    # backward jump. (Clearing it with SetAsyncExc(NULL) instead would leave
                    # CPython 3.11's eval breaker set for the whole interpreter.)
                    for _ in range(100):
                        pass
                break
            except _Expired:
                late = True
        if interrupted or (late and not self._fired):
            if self._fired:
                raise ClosedFormTimeout(
                    f"SymPy did not finish {self.what} within {self.seconds:g} s; raise "
                    f"Limits.max_seconds or simplify the formulas") from None
            if not interrupted:  # an enclosing deadline's, arrived while this one was exiting
                raise _Expired
        return False
