"""A wall-clock budget for SymPy work that leaves the host process alone.

SymPy has no cancellation hook, so a budget must interrupt it from outside. A SIGALRM timer does
that only in the main thread, and only by taking over a process-wide resource: the host's own
``setitimer`` is cancelled and its SIGALRM handler replaced. A worker thread abandoned on timeout
keeps burning CPU; a worker process costs a fork or a SymPy import per call.

`within()` instead runs the work in the calling thread, whatever thread that is, and starts a
watchdog thread that lives exactly as long as the call. If the work outlives its budget, the
watchdog raises an exception *in the calling thread* through CPython's
``PyThreadState_SetAsyncExc`` (the mechanism behind delivering ``KeyboardInterrupt`` to a
thread): the SymPy call unwinds at its next bytecode, nothing keeps running, and no signal, timer
or handler of the process is touched. The exception is a `BaseException`, so SymPy's
``except Exception`` clauses cannot swallow it, and it is raised again every 50 ms until the work
has stopped; it leaves `within()` as [`ClosedFormTimeout`][symconv.ClosedFormTimeout].

Why a function and not a ``with`` block: an asynchronous exception lands only where the
interpreter checks for one (function entry, loop back-edges, the end of a call). A context
manager's ``__exit__`` is entered through such a check, before any ``try`` of its own, so an
interruption arriving as the block ends could escape it and leave the watchdog running.
`within()` tells the watchdog to stop in the same frame as the work, with no check point in
between (the watchdog tests that flag and raises without one either, holding the GIL), then
absorbs the at most one interruption still pending inside a ``try``.

Limits: a single C call (a huge integer power, say) is interrupted only when it returns, which is
why inputs are size-checked before SymPy sees them; the work must not start threads of its own
(other than nested budgets, which are handled); the reasoning above relies on CPython's GIL (on a
Python without ``ctypes.pythonapi`` the budget is not enforced).
"""

from __future__ import annotations

import ctypes
import threading

from ..errors import ClosedFormTimeout

__all__ = ["within"]

_REPEAT = 0.05  # seconds between repeated interruptions of work that swallowed one

try:
    _raise_in = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.py_object)(
        ("PyThreadState_SetAsyncExc", ctypes.pythonapi))
except (AttributeError, OSError):  # pragma: no cover - not CPython
    _raise_in = None


#: Threads starting a watchdog of their own (a nested budget). CPython 3.11 gives a new thread's
#: state its parent's id until the thread runs, so an interruption aimed at the parent then would
#: also hit the child during its bootstrap and leave the parent waiting in Thread.start() forever.
_starting: set = set()


class _Expired(BaseException):
    """Raised asynchronously in a thread whose budget passed; never leaves `within()`."""


class _Watchdog:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.target = threading.get_ident()
        self.finished = False
        self.fired = False
        self.gate = threading.Lock()
        self.gate.acquire()  # released when the work is over; the watchdog waits on it
        self.gate_held = True
        self.thread = threading.Thread(target=self.watch, name="symconv-deadline", daemon=True)

    def watch(self) -> None:
        if self.gate.acquire(timeout=self.seconds):
            return
        # Reading the flags and raising involve no check point, so they happen with the GIL held
        # throughout: once the working thread has set `finished`, no new interruption comes.
        while not self.finished:
            if self.target not in _starting:
                self.fired = True
                _raise_in(self.target, _Expired)
            if self.gate.acquire(timeout=_REPEAT):
                return

    def stop(self) -> None:
        """Release the gate (once) and wait for the watchdog; safe to call again."""
        if self.gate_held:
            self.gate_held = False  # no check point between this and the release
            self.gate.release()
        if self.thread.ident is not None:  # started
            self.thread.join()


def within(seconds: float, what: str, func, *args, **kwargs):
    """``func(*args, **kwargs)``, or [`ClosedFormTimeout`][symconv.ClosedFormTimeout] once it has run
    ``seconds``.

    Usable in any thread and nestable (the inner budget is the tighter one). When it returns or
    raises, the watchdog thread has ended: nothing is left behind.

    Parameters
    ----------
    seconds : float
        The budget.
    what : str
        Names the work in the message: ``"the closed form of x * h"`` (keep it short; it must not
        hold user data of unbounded size).
    func, *args, **kwargs
        The work.

    Examples
    --------
    >>> import time
    >>> from symconv.errors import ClosedFormTimeout
    >>> def nap():
    ...     while True:
    ...         time.sleep(0.001)
    >>> try:
    ...     within(0.05, "a nap", nap)
    ... except ClosedFormTimeout as exc:
    ...     print(exc)
    SymPy did not finish a nap within 0.05 s; raise Limits.max_seconds or simplify the formulas
    >>> within(5, "a sum", sum, [1, 2, 3])
    6
    """
    if _raise_in is None:  # pragma: no cover - not CPython
        return func(*args, **kwargs)
    dog = _Watchdog(seconds)
    error = result = None
    try:
        _starting.add(dog.target)
        dog.thread.start()
        _starting.discard(dog.target)
        result = func(*args, **kwargs)
    except BaseException as exc:  # noqa: BLE001 - re-raised below, once the watchdog is gone
        error = exc
    dog.finished = True  # reached from the lines above with no check point in between
    _starting.discard(dog.target)
    late = False
    try:
        dog.stop()
        for _ in range(100):  # an interruption raised before `finished` may be pending: let it land
            pass
    except _Expired:
        late = True  # at most one was pending, and no new one can come
        dog.stop()
    if isinstance(error, _Expired):
        if dog.fired:
            raise ClosedFormTimeout(f"SymPy did not finish {what} within {seconds:g} s; raise "
                                    f"Limits.max_seconds or simplify the formulas") from None
        raise error  # an enclosing budget's
    if late and not dog.fired:
        raise _Expired  # an enclosing budget's, arrived while this one was ending
    if error is not None:
        raise error
    return result
