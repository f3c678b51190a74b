"""Issue 8's reproducers, each in its own capped child process: what happens, how long, how much.

Every case of the issue's 22 items runs in a fresh interpreter under a wall-clock cap (default
20 s, then reported as "> 20 s") and an address-space cap (RLIMIT_AS, default 4 GB; a MemoryError
is reported as such). The table gives the outcome (ok, or the error's type and the first 60
characters of its message, or timeout / killed), the case's own seconds (imports excluded; the
child's wall time when it did not finish) and the child's peak RSS (interpreter and imports
included, ~150-300 MB of it).

Run it against any checkout, e.g. the commit before the fixes::

    git worktree add /tmp/before 73e327b
    PYTHONPATH=/tmp/before python benchmarks/abuse.py
    PYTHONPATH=. python benchmarks/abuse.py --only 7 8

A case that uses an API the checkout does not have reports that error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from abuse_util import REPO, run_capped  # noqa: E402

SLOW = 'F("sin(n**3 + a*n)*u[n]"), F("cos(b*n**2)*n**7*u[n]")'
GEO3 = 'F("a**n*u[n] + b**n*u[n] + c**n*u[n]"), F("d**n*u[n] + e**n*u[n] + f**n*u[n]")'
GEO5 = ('F("a**n*u[n] + b**n*u[n] + c**n*u[n] + g**n*u[n] + r**n*u[n]"), '
        'F("d**n*u[n] + e**n*u[n] + f**n*u[n] + p**n*u[n] + q**n*u[n]")')


def laughs(levels: int, key: str) -> str:
    """A YAML fence whose ``key`` holds 9**levels strings through anchors and aliases."""
    parts = ['&l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    parts += [f"&l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    body = f"{key}: [{', '.join(parts)}]\n"
    return body + ("a: 1, 2\nb: 3\n" if key == "title" else "b: u[n]\nformula: true\n")


def fence(source: str) -> str:
    return (f"from symconv.markdown_ext import render_fence\nhtml = render_fence({source!r})\n"
            f"detail = f'no error; {{len(html):,}} chars of HTML'")


def cli(*argv: str) -> str:
    return textwrap.dedent(f"""
        import contextlib, io
        from symconv.cli import main
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main({list(argv)!r})
        detail = f"exit {{rc}}: {{(err.getvalue() or out.getvalue()).strip()[:60]!r}}"
        """)


def shell(command: str) -> list:
    """A bash pipeline reporting symconv's own exit status on stderr."""
    return ["bash", "-c", f'{command}; echo "[exit ${{PIPESTATUS[0]}}]" >&2']


PY = f'"{sys.executable}" -m symconv'

# (item, case, code run in the child: it may set `detail`) or (item, case, argv of a command)
CASES = [
    ("1", "fence names: 5", fence("a: 1, 2\nb: 3\nnames: 5")),
    ("1", "fence names: null", fence("a: 1, 2\nb: 3\nnames: null")),
    ("1", "fence names: {x: 1}", fence("a: 1, 2\nb: 3\nnames: {x: 1}")),
    ("1", "fence u[n]/n", fence("formula: true\na: u[n]/n\nb: u[n]")),
    ("1", "fence 3**n*u[n-1000000]", fence("a: 3**n*u[n-1000000]\nb: u[n]\nformula: true")),
    ("2", "fence title <script>", fence('a: 1, 2\nb: 3\ntitle: "<script>alert(1)</script>"')
     + "\ndetail = 'UNESCAPED <script>' if '<script>' in html else 'escaped'"),
    ("3", "YAML laughs, 5 levels (title)", fence(laughs(5, "title"))),
    ("3", "YAML laughs, 9 levels (title)", fence(laughs(9, "title"))),
    ("3", "YAML laughs, 9 levels (formula a)", fence(laughs(9, "a"))),
    ("4", "duplicate keys a: 1 / a: 2", fence("a: 1\na: 2\nb: 3")),
    ("5", "conv1d padding=10**8", "d = symconv.conv1d([1, 2, 3], [1, 1], padding=10**8)"),
    ("5", "conv1d padding=10**7 stride=10**7", "d = symconv.conv1d([1, 2, 3], [1, 1], padding=10**7, stride=10**7)"),
    ("5", "conv2d 3x3 padding=3000 stride=3000",
     "d = symconv.conv2d([[1, 2, 3]] * 3, [[1, 1]] * 2, padding=3000, stride=3000)"),
    ("5", "conv1d 'same' dilation=3*10**6", "d = symconv.conv1d([1, 2, 3], [1, 1], padding='same', dilation=3 * 10**6)"),
    ("6", "convolve(np.zeros(10**8), [1])", "import numpy as np\nx = np.zeros(10**8)\nsymconv.convolve(x, [1])"),
    ("6", "convolve2d(np.zeros((5000, 5000)), [[1]])",
     "import numpy as np\nx = np.zeros((5000, 5000))\nsymconv.convolve2d(x, [[1]])"),
    ("7", "check u[n-10**9] * u[n]", 'r = symconv.convolve(F("u[n-10**9]"), F("u[n]")).check()\ndetail = f"ok={r.ok}"'),
    ("7", "check delta[n-10**6] * u[n]",
     'r = symconv.convolve(F("delta[n-10**6]"), F("u[n]")).check()\ndetail = f"ok={r.ok}"'),
    ("7", "check 100000-wide window",
     'r = symconv.convolve(F("u[n] - u[n-100000]"), F("u[n]")).check()\ndetail = f"ok={r.ok}"'),
    ("7", "check values={'k': 10**9}",
     'r = symconv.convolve(F("delta[n-k]"), F("(1/2)**n*u[n]")).check(values={"k": 10**9})\ndetail = f"ok={r.ok}"'),
    ("8", "[1]*200 * (1/2)**n*u[n]", 'symconv.convolve([1] * 200, F("(1/2)**n*u[n]"))'),
    ("8", "[1]*1000 * (1/2)**n*u[n]", 'symconv.convolve([1] * 1000, F("(1/2)**n*u[n]"))'),
    ("8", "3+3 geometric terms, max_seconds=5", f"symconv.convolve({GEO3}, limits=symconv.Limits(max_seconds=5))"),
    ("8", "5+5 geometric terms, max_seconds=5", f"symconv.convolve({GEO5}, limits=symconv.Limits(max_seconds=5))"),
    ("9", "CLI 3**n*u[n-1000000]", cli("convolve", "--formula", "3**n*u[n-1000000]", "u[n]")),
    ("10", "host setitimer + handler", textwrap.dedent(f"""
        import signal
        handler = lambda *args: None
        signal.signal(signal.SIGALRM, handler)
        signal.setitimer(signal.ITIMER_REAL, 30)
        try:
            symconv.convolve({SLOW}, limits=symconv.Limits(max_seconds=1))
        except symconv.ClosedFormTimeout:
            pass
        kept = signal.getitimer(signal.ITIMER_REAL)[0] > 0
        mine = signal.getsignal(signal.SIGALRM) is handler
        signal.setitimer(signal.ITIMER_REAL, 0)
        detail = f"timer {{'kept' if kept else 'CANCELLED'}}, handler {{'kept' if mine else 'REPLACED'}}"
        """)),
    ("10", "C-level SIGALRM handler, then SIGALRM", textwrap.dedent("""
        import ctypes, os, signal
        libc = ctypes.CDLL(None)
        libc.signal.restype = ctypes.c_void_p
        libc.signal(signal.SIGALRM, ctypes.c_void_p(1))  # SIG_IGN, set in C
        symconv.convolve(F("u[n]"), F("u[n]"))
        os.kill(os.getpid(), signal.SIGALRM)
        time.sleep(0.2)
        detail = "process survived"
        """)),
    ("10", "timeout in a worker thread", textwrap.dedent(f"""
        import threading
        def work():
            try:
                symconv.convolve({SLOW}, limits=symconv.Limits(max_seconds=1))
            except symconv.ClosedFormTimeout:
                pass
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        cpu = time.process_time()
        time.sleep(1)
        detail = (f"{{threading.active_count() - 1}} threads left, "
                  f"{{(time.process_time() - cpu) * 100:.0f}}% CPU over the next second")
        """)),
    ("10", "overhead per closed-form call", textwrap.dedent("""
        from statistics import median
        x, h = F("u[n]"), F("u[n]")
        runs = []
        for _ in range(30):
            t = time.perf_counter()
            symconv.convolve(x, h)
            runs.append(time.perf_counter() - t)
        try:
            from symconv.engine.deadline import within
            budget = lambda: within(20, "x", lambda: None)
        except ImportError:
            from symconv.engine.closed_form import bounded
            budget = lambda: bounded(lambda: None, 20, "x")
        t = time.perf_counter()
        for _ in range(1000):
            budget()
        mechanism = (time.perf_counter() - t) / 1000
        detail = f"u[n]*u[n] {median(runs) * 1e3:.1f} ms; budget alone {mechanism * 1e6:.0f} us"
        """)),
    ("11", "u[n-k/2] * u[n]", 'y = symconv.convolve(F("u[n-k/2]"), F("u[n]"))\ndetail = f"accepted: {y.expr}"'),
    ("12", "u[n]/n * u[n]", 'y = symconv.convolve(F("u[n]/n"), F("u[n]"))\nr = y.check(strict=False)\n'
                            'detail = f"accepted; check ok={r.ok}"'),
    ("12", "u[n]/(n-3) * u[n]", 'y = symconv.convolve(F("u[n]/(n-3)"), F("u[n]"))\nr = y.check(strict=False)\n'
                                'detail = f"accepted; check ok={r.ok} err={r.max_abs_error}"'),
    ("13", "2**n*u[-n-1] * u[n]", 'y = symconv.convolve(F("2**n*u[-n-1]"), F("u[n]"))\ndetail = str(y.expr)'),
    ("13", "a**n*u[n] * a**(-n)*u[-n], |a| < 1",
     'p = {"a": "0 < |a| < 1"}\ny = symconv.convolve(F("a**n*u[n]", params=p), F("a**(-n)*u[-n]", params=p))\n'
     'detail = str(y.expr)'),
    ("14", "u[n-m] * u[n]", 'text = symconv.convolve(F("u[n-m]"), F("u[n]")).text()\n'
                            'detail = "prints u[m - m]" if "m - m" in text else "index renamed"'),
    ("15", "60 deltas in one flat sum", 'f = F(" + ".join(f"delta[n-{i}]" for i in range(60)))\n'
                                        'detail = f"{len(f.pieces)} piece(s)"'),
    ("16", "CLI x**1000 1 --check", cli("convolve", "x**1000", "1", "--check")),
    ("17", "correlate2d complex 'valid' vs scipy", textwrap.dedent("""
        import numpy as np, scipy.signal
        ours = symconv.correlate2d([[1j, 2]], [[1, 1j, 3]], "valid").values
        ref = scipy.signal.correlate2d(np.array([[1j, 2]]), np.array([[1, 1j, 3]]), "valid")
        detail = f"symconv {[[complex(v) for v in row] for row in ours]} scipy {ref.tolist()}"
        """)),
    ("18", "convolve2d fillvalue=1j", 'd = symconv.convolve2d([[1, 2]], [[1]], fillvalue=1j)\n'
                                      'detail = f"accepted: {d.values}"'),
    ("19", "torch.tensor float32 [0.1]", 'import torch\ndetail = str(symconv.convolve(torch.tensor([0.1]), [1]).values)'),
    ("19", "torch.tensor requires_grad", 'import torch\n'
                                         'detail = str(symconv.convolve(torch.ones(2, requires_grad=True), [1]).values)'),
    ("19", "np.float32(0.1), memoryview", 'import numpy as np\nv = symconv.convolve([np.float32(0.1)], '
                                          'memoryview(np.array([2.0]))).values\ndetail = str(v)'),
    ("19", "conv1d stride=np.int64(2), padding=(1,)",
     "import numpy as np\nd = symconv.conv1d([1, 2, 3, 4], [1, 1], stride=np.int64(2), padding=(1,))\n"
     "detail = str(d.values)"),
    ("20", "names=5", "symconv.convolve([1], [2], names=5)"),
    ("20", "a __len__ that lies", "import itertools\nclass Liar:\n    def __len__(self): return 3\n"
                                  "    def __iter__(self): return itertools.count()\nsymconv.convolve(Liar(), [1])"),
    ("20", "an infinite iterator", "import itertools\nsymconv.convolve(itertools.count(), [1])"),
    ("20", "undefined f(x)", "import sympy\nsymconv.convolve([sympy.Function('f')(sympy.Symbol('x'))], [1]).check()"),
    ("21", "CLI | head -0", shell(f'{PY} convolve "1,2" "3" | head -0')),
    ("21", "PYTHONIOENCODING=ascii", shell(f'PYTHONIOENCODING=ascii {PY} convolve "1,2" "3" > /dev/null')),
    ("21", "CLI --formula --wrap 3", shell(f'{PY} convolve --formula "u[n]" "u[n]" --wrap 3 > /dev/null')),
    ("22", "20000x12 thirds .to_json()", "from sympy import Rational\n"
                                         "d = symconv.convolve([Rational(1, 3)] * 20000, [Rational(1, 3)] * 12)\n"
                                         "t = time.perf_counter()\ns = d.to_json()\n"
                                         "detail = f'{len(s):,} chars in {time.perf_counter() - t:.1f} s'"),
    ("22", "20000x12 thirds .text()", "from sympy import Rational\n"
                                      "d = symconv.convolve([Rational(1, 3)] * 20000, [Rational(1, 3)] * 12)\n"
                                      "t = time.perf_counter()\ns = d.text()\n"
                                      "detail = f'{len(s):,} chars in {time.perf_counter() - t:.1f} s'"),
]

HARNESS = """\
import json, time
import symconv
F = symconv.formula
symconv.convolve([1], [1])  # imports out of the timing
result, detail = {{}}, None
start = time.perf_counter()
try:
{body}
    result["outcome"] = "ok" + (f": {{detail}}" if detail else "")
except MemoryError:
    result["outcome"] = "MemoryError"
except BaseException as exc:
    result["outcome"] = f"{{type(exc).__name__}}: {{str(exc)[:60]}}"
result["seconds"] = time.perf_counter() - start
print("\\n@@" + json.dumps(result))
"""


def run(case, seconds: float, memory_mb: int, root: str) -> dict:
    item, label, code = case
    if isinstance(code, list):
        done = run_capped("", seconds, None, root=root, argv=code)
        status = next((line for line in done.stderr.splitlines() if line.startswith("[exit ")), "[exit ?]")
        lines = [line for line in done.stderr.splitlines() if line.strip() and not line.startswith("[exit ")]
        shown = lines[-1] if lines and lines[0].startswith("Traceback") else (lines[0] if lines else "")
        outcome = f"{status[1:-1]}; stderr {shown.strip()[:60]!r}"
        result = {"outcome": outcome, "seconds": done.elapsed}
    else:
        body = textwrap.indent(textwrap.dedent(code).strip(), "    ")
        done = run_capped(HARNESS.format(body=body), seconds, memory_mb, root=root)
        marks = [line for line in done.stdout.splitlines() if line.startswith("@@")]
        if marks:
            result = json.loads(marks[-1][2:])
        elif done.timed_out:
            result = {"outcome": "timeout", "seconds": None}
        else:
            last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
            how = f"killed by signal {-done.returncode}" if done.returncode < 0 else f"exit {done.returncode}"
            result = {"outcome": f"{how}: {last[:60]}", "seconds": done.elapsed}
    if done.timed_out:
        result = {"outcome": "timeout", "seconds": None}
    result.update(item=item, case=label, rss=done.peak_rss_mb, wall=done.elapsed)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="wall-clock cap per case (default 20)")
    parser.add_argument("--memory", type=int, default=4096, help="RLIMIT_AS per case in MB (default 4096)")
    parser.add_argument("--only", nargs="*", help="items to run (e.g. 7 8)")
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args(argv)
    root = (os.environ.get("PYTHONPATH") or str(REPO)).split(os.pathsep)[0]
    print(f"symconv from {Path(root).resolve()}; caps {args.seconds:g} s, {args.memory} MB\n")
    print(f"| {'item':>4} | {'case':<40} | {'outcome':<80} | {'s':>7} | {'MB':>6} |")
    print(f"|-----:|{'-' * 42}|{'-' * 82}|--------:|-------:|")
    rows = []
    for case in CASES:
        if args.only and case[0] not in args.only:
            continue
        row = run(case, args.seconds, args.memory, root)
        rows.append(row)
        seconds = f"> {args.seconds:g}" if row["seconds"] is None else f"{row['seconds']:.2f}"
        outcome = row["outcome"].replace("|", "/").replace("\n", " ")[:80]
        print(f"| {row['item']:>4} | {row['case'][:40]:<40} | {outcome:<80} | {seconds:>7} | {row['rss']:>6.0f} |",
              flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
