"""Hostile input to the platform adapters: ``symconv block`` (one body, ``--batch``, ``--format
markdown``, ``--where``), the Pandoc/Quarto Lua filter run by the real ``pandoc``, the MyST-MD
executable plugin's JSON protocol, ``symconv quarto install`` / ``symconv myst install``, the
Sphinx directive and ``symconv.block`` in a notebook.

Each failure must be one bounded line, quickly, in bounded memory, never a traceback; nothing the
user wrote reaches a page or a terminal unescaped; no file outside the project is written. The
cases marked "found" failed on the main branch before the adapters were mended.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tools import require_tool

from abuse_util import run_capped
from test_abuse_fronts import _injected

SYMCONV = Path(sys.executable).with_name("symconv")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # what a terminal would act on (a newline ends a line)


def _one_line(stderr: str, limit: int = 1200) -> str:
    """The one line a failure prints: bounded, no traceback, no terminal control characters."""
    assert "Traceback" not in stderr, stderr[-1500:]
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr[:1500]
    assert len(lines[0]) < limit and not CONTROL.search(lines[0]), lines[0][:300]
    return lines[0]


# -- symconv block: every case in one capped child, through the real command-line entry point ---------
#: The child's own peak memory (its address space's high-water mark since exec: ru_maxrss would
#: count the test process it was forked from, which other tests have grown).
_PEAK = """
def _peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0
"""
_CLI_CHILD = _PEAK + """
import contextlib, io, json, sys, time
from symconv.cli import main
results = {}
for name, argv in json.loads(open(sys.argv[1]).read()).items():
    err, out = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            status = main(argv)
        except BaseException as exc:  # a regression: recorded per case, a traceback-like line
            status, _ = "raised", err.write(f"Traceback: {type(exc).__name__}: {str(exc)[:300]}\\n")
    results[name] = {"status": status, "stderr": err.getvalue(), "stdout": out.getvalue()[:2000],
                     "seconds": time.perf_counter() - start}
results["__peak_mb__"] = _peak_mb()
print(json.dumps(results))
"""


def _record(where: bytes, body: bytes, size: int | None = None) -> bytes:
    return where + b"\n" + str(len(body) if size is None else size).encode() + b"\n" + body


GOOD = b"a: 1\nb: 2\nshow: [prose]"
BATCH = {  # name: (input bytes, what the one line says)
    "negative size": (b"x.qmd:1\n-5\n" + GOOD, "not records of FILE:LINE"),
    "size of 19 digits": (b"x.qmd:1\n" + b"9" * 19 + b"\n" + GOOD, "x.qmd:1: the block is longer than 20000"),
    "size that lies short": (_record(b"x.qmd:1", GOOD, 5), "at record 2"),
    "size that lies long": (_record(b"x.qmd:1", GOOD, 500), "ends inside record 1"),
    "truncated after FILE:LINE": (b"x.qmd:1\n", "not records of FILE:LINE"),
    "size with letters": (b"x.qmd:1\n12abc\n" + GOOD, "not records of FILE:LINE"),
    "FILE:LINE of 5 MB": (b"x" * 5_000_000 + b"\n23\n" + GOOD, "not records of FILE:LINE"),
    "6000 empty records": (b"x.qmd:1\n0\n" * 6000, "at most 5000 blocks"),
    "a size and no data": (b"x.qmd:1\n80004\n" + b"a" * 10, "ends inside record 1"),
    "invalid UTF-8 body": (b"x.qmd:1\n3\n\xff\xfe\xfd", "not UTF-8 text"),
    # found: 5000 records of 80 KB of ASCII were all kept (450 MB) before the first was refused
    "records over the block's limit": (_record(b"x.qmd:1", b"a: 1\nb: 2\n#" + b"x" * 79_990) * 5000,
                                       "x.qmd:1: the block is longer than 20000 characters"),
    "16 MB of bodies in all": (_record(b"x.qmd:1", b"a: 1\nb: 2\n#" + b"x" * 19_000) * 900, "in all"),
    # found: a terminal escape in FILE:LINE reached stderr as it was
    "escape sequence in FILE:LINE": (_record(b"\x1b[2Jnotes\x07.qmd:4", b"zz: 1"), "notes?.qmd:4: symconv block"),
    # found: a lone surrogate (a YAML escape) was a raw UnicodeEncodeError traceback
    "lone surrogate": (_record(b"x.qmd:7", b'a: 1\nb: 2\ntitle: "\\ud800"\nshow: [prose]'),
                       "x.qmd:7: symconv block starting 'a: 1': the block holds a lone surrogate (U+D800)"),
}


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("cli")
    cases = {}
    for name, (data, _) in BATCH.items():
        path = folder / f"batch-{len(cases)}"
        path.write_bytes(data)
        cases[name] = ["block", "--batch", str(path)]
    huge = folder / "huge.yml"
    huge.write_text("a: 1\nb: 2\ntitle: " + "x" * 5_000_000)
    cases["5 MB body"] = ["block", str(huge)]
    cases["5 MB body, markdown"] = ["block", "--format", "markdown", str(huge)]
    for fmt in ("html", "markdown"):
        path = folder / "surrogate.yml"
        path.write_text('a: 1\nb: 2\ntitle: "\\ud800"\nshow: [prose]')
        cases[f"lone surrogate, {fmt}"] = ["block", "--format", fmt, "--where", "n.md:3", str(path)]
    bad = folder / "bad.yml"
    bad.write_text("zz: 1")
    cases["--where with a newline and an escape"] = ["block", "--where", "a\nb\x1b[2Jc.md:12", str(bad)]
    cases["--where of 100 kB"] = ["block", "--where", "w" * 100_000 + ":5", str(bad)]
    cases["--where of a huge line"] = ["block", "--where", "n.md:" + "9" * 5000, str(bad)]
    binary = folder / "binary.yml"
    binary.write_bytes(b"a: 1\x00\nb: 2\n\xff")
    cases["binary file"] = ["block", str(binary)]
    spec = folder / "cases.json"
    spec.write_text(json.dumps(cases))
    done = run_capped(_CLI_CHILD.replace("sys.argv[1]", repr(str(spec))), seconds=120, memory_mb=1500)
    assert done.returncode == 0 and not done.timed_out, done.stderr[-2000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    peak = results.pop("__peak_mb__")
    assert 0 < peak < 600, peak
    return results


@pytest.mark.parametrize("name", list(BATCH))
def test_malformed_batch_input_is_one_line(cli_results, name):
    result = cli_results[name]
    assert result["status"] == 2 and result["stdout"] == ""
    assert result["seconds"] < 2, result["seconds"]
    assert BATCH[name][1] in _one_line(result["stderr"])


@pytest.mark.parametrize("name, said", [
    ("5 MB body", "the block has 20,001 characters"),
    ("5 MB body, markdown", "the block has 20,001 characters"),
    ("lone surrogate, html", "n.md:3: symconv block starting 'a: 1': the block holds a lone surrogate"),
    ("lone surrogate, markdown", "n.md:3: symconv block starting 'a: 1': the block holds a lone surrogate"),
    ("--where with a newline and an escape", "a?b?[2Jc.md:12: symconv block starting 'zz: 1': unknown key"),
    ("--where of 100 kB", ":5: symconv block starting 'zz: 1'"),  # the line is kept, the file cut
    ("--where of a huge line", "symconv block starting 'zz: 1'"),
    ("binary file", "is not UTF-8 text"),
])
def test_hostile_single_blocks_are_one_line(cli_results, name, said):
    result = cli_results[name]
    assert result["status"] == 2 and result["stdout"] == "" and result["seconds"] < 2
    assert said in _one_line(result["stderr"])


def test_batch_sizes_count_the_bytes_written_whatever_stdout_encodes(tmp_path):
    """Found: under a stdout that is not UTF-8 (PYTHONIOENCODING=ascii, a Windows code page) the
    output was escaped after its sizes were counted, so the filter read garbled records."""
    body = "a: 1\nb: 2\nshow: [prose]".encode()
    (tmp_path / "in").write_bytes(_record(b"x.qmd:1", body) * 2)
    out = subprocess.run([str(SYMCONV), "block", "--batch", str(tmp_path / "in")], capture_output=True,
                         timeout=60, env={**os.environ, "PYTHONIOENCODING": "ascii"}).stdout
    records, at = [], 0
    while len(records) < 2:
        size, rest = out[at:].split(b"\n", 1)
        records.append(rest[:int(size)].decode("utf-8"))
        at += len(size) + 1 + int(size)
    assert all(r.startswith('<div class="symconv"') and r.rstrip().endswith("</div>") for r in records)
    assert "b[−m]" in records[0]  # UTF-8, not \u2212


# -- the Pandoc/Quarto Lua filter, run by the real pandoc -----------------------------------------
HOSTILE = '''# Hostile

````symconv
title: "a `code` ``` and %d %s %% %1 %b() %f[%w] (.-) </div><script>alert(1)</script>"
a: 1, 2
b: 3
show: [prose, derivation]
````

~~~symconv
title: "\\\\input{/etc/passwd} \\\\write18{id} $\\\\input{/etc/hostname}$ $$x$$ <img src=x onerror=alert(2)>"
a: 1
b: 2
show: [prose]
~~~

```symconv
a: 1, 2
b: 3
lint: "c[0] = 3\\n```\\n<script>alert(3)</script>\\n\\\\end{verbatim}\\\\input{/etc/passwd}\\n$$\\\\write18{x}$$"
```
'''


def _pandoc(pandoc: str, folder: Path, text: str, output: str, env: dict | None = None):
    if not (folder / "_extensions").exists():
        subprocess.run([str(SYMCONV), "quarto", "install", str(folder)], check=True, capture_output=True, timeout=60)
    (folder / "doc.md").write_text(text, encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run([pandoc, "doc.md", "--from", "markdown", "--standalone", "--metadata", "title=t",
                           "--lua-filter", "_extensions/symconv/symconv.lua", "-o", output], cwd=folder, capture_output=True, text=True,
                          timeout=300, env={"PATH": "/usr/bin:/bin", "SYMCONV": str(SYMCONV), **(env or {})})
    return done, time.perf_counter() - start


@pytest.fixture(scope="module")
def pandoc() -> str:
    return require_tool("pandoc", "apt-get install pandoc")


def test_hostile_blocks_stay_text_in_html_and_latex(pandoc, tmp_path):
    html, _ = _pandoc(pandoc, tmp_path, HOSTILE, "doc.html")
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "doc.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<div class="symconv[ "][^>]*\bid=', page)) == 3
    assert _injected(page) == [] and page.count("alert(") == 3  # the three as text
    assert "&lt;script&gt;alert(1)" in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "%d %s %% %1 %b() %f[%w] (.-)" in page  # Lua pattern characters arrive as they are
    tex, _ = _pandoc(pandoc, tmp_path, HOSTILE, "doc.tex")
    assert tex.returncode == 0, tex.stderr
    latex = (tmp_path / "doc.tex").read_text(encoding="utf-8")
    for command in ("input", "write18", "end{verbatim}"):  # every one escaped as text
        assert re.search(r"(?<!textbackslash\{\})(?<!textbackslash )\\" + re.escape(command), latex) is None, command
    assert "\\textbackslash" in latex and "<script>" not in latex.replace("textless", "")


def test_two_hundred_blocks_in_one_document(pandoc, tmp_path):
    text = "# Many\n\n" + "".join(f"```symconv\ntitle: block {i}\na: {i}, 1, 2\nb: 3, {i % 7}\n```\n\n"
                                  for i in range(200))
    done, seconds = _pandoc(pandoc, tmp_path, text + "```symconv\nzz: 1\n```\n", "doc.html")
    assert done.returncode != 0 and "doc.md:1203: symconv block starting 'zz: 1'" in done.stderr
    done, seconds = _pandoc(pandoc, tmp_path, text, "doc.html")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "doc.html").read_text(encoding="utf-8").count('<div class="symconv"') == 200
    assert seconds < 30, seconds  # 2.4 s here: one symconv run for the whole document


def test_the_document_cannot_choose_the_program_that_runs(pandoc, tmp_path):
    """Found: the metadata symconv.command ran any program (python3, sh) with the filter's arguments."""
    marker = tmp_path / "ran"
    (tmp_path / "block").write_text(f"open({str(marker)!r}, 'w').write('x')\n")  # what 'python3 block' would run
    text = "---\nsymconv:\n  command: python3\n---\n\n```symconv\na: 1\nb: 2\n```\n"
    done, _ = _pandoc(pandoc, tmp_path, text, "doc.html", env={"SYMCONV": ""})
    assert done.returncode != 0 and "must be the path of a symconv executable" in done.stderr
    assert not marker.exists()


# -- the MyST-MD executable plugin's protocol -------------------------------------------------------
def _node(value, **extra) -> str:
    return json.dumps({"node": {"value": value, "position": {"start": {"line": 5}}, **extra}})


MYST = {  # name: (arguments, stdin, what the one line says)
    "not JSON": (["--directive", "symconv"], "hello", "not JSON"),
    "a JSON list": (["--directive", "symconv"], "[1, 2]", "MyST sent no directive node"),
    "value a number": (["--directive", "symconv"], json.dumps({"node": {"value": 5}}), "key: value lines"),
    # found: each of these four was "internal error, please report: ..." (or echoed 400 digits)
    "position a list": (["--directive", "symconv"], json.dumps({"node": {"value": "zz: 1", "position": [1]}}),
                        "symconv block starting 'zz: 1': unknown key 'zz'"),
    "line of 400 digits": (["--directive", "symconv"],
                           json.dumps({"node": {"value": "zz: 1", "position": {"start": {"line": 10**400}}}}),
                           "symconv block starting 'zz: 1'"),
    "children a number": (["--directive", "symconv"], json.dumps({"node": {"value": "zz: 1", "children": 5}}),
                          "unknown key 'zz'"),
    "nested 100,000 deep": (["--directive", "symconv"], "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "tree nested 50,000 deep": (["--transform", "symconv-html"],
                                '{"type":"symconvBlock","children":' + "[" * 50_000 + "]" * 50_000 + "}",
                                "nested too deeply"),
    "lone surrogate in the JSON": (["--directive", "symconv"], '{"node": {"value": "a: 1\\nb: 2\\nti: \\ud800"}}',
                                   "lone surrogate (U+D800)"),
    "lone surrogate in the YAML": (["--directive", "symconv"], _node('a: 1\nb: 2\ntitle: "\\ud800"\nshow: [prose]'),
                                   "5: symconv block starting 'a: 1': the block holds a lone surrogate"),
    "9 MB of JSON": (["--directive", "symconv"], json.dumps({"node": {"value": "a: 1"}, "pad": "x" * 9_000_000}),
                     "larger than"),
    "3 MB body": (["--directive", "symconv"], _node("a: 1\nb: 2\n#" + "x" * 3_000_000), "longer than 20000"),
    "an argument of 100 kB": (["x" * 100_000], "", "expected no argument"),
}


@pytest.fixture(scope="module")
def myst_results(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("myst")
    cases = {}
    for name, (argv, stdin, _) in MYST.items():
        (folder / f"in-{len(cases)}").write_text(stdin, encoding="utf-8", errors="surrogatepass")
        cases[name] = (argv, str(folder / f"in-{len(cases)}"))
    child = _PEAK + f"""
import contextlib, io, json, os, sys, time
os.chdir({str(folder)!r})
from symconv.myst import main
results = {{}}
for name, (argv, path) in json.loads({json.dumps(json.dumps(cases))}).items():
    err, out = io.StringIO(), io.StringIO()
    sys.stdin = io.TextIOWrapper(open(path, "rb"))
    start = time.perf_counter()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        status = main(argv)
    results[name] = {{"status": status, "stderr": err.getvalue(), "stdout": out.getvalue()[:200],
                     "seconds": time.perf_counter() - start}}
results["__peak_mb__"] = _peak_mb()
print(json.dumps(results))
"""
    done = run_capped(child, seconds=120, memory_mb=1500)
    assert done.returncode == 0 and not done.timed_out, done.stderr[-2000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    peak = results.pop("__peak_mb__")
    assert 0 < peak < 600, peak
    return results


@pytest.mark.parametrize("name", list(MYST))
def test_junk_from_myst_is_one_line(myst_results, name):
    result = myst_results[name]
    assert result["status"] == 1 and result["stdout"] == "" and result["seconds"] < 3, result
    line = _one_line(result["stderr"], limit=600)
    assert MYST[name][2] in line and "internal error" not in line, line


# -- symconv quarto install / symconv myst install ------------------------------------------------
def _install(kind: str, folder, *extra) -> subprocess.CompletedProcess:
    return subprocess.run([str(SYMCONV), kind, "install", str(folder), *extra], capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("kind", ["quarto", "myst"])
def test_install_refuses_what_is_not_a_project_folder(kind, tmp_path):
    (tmp_path / "afile").write_text("x")
    done = _install(kind, tmp_path / "afile")
    assert done.returncode == 2 and "is not a folder" in _one_line(done.stderr)
    if Path("/proc/1").is_dir():  # a folder nobody can write into (found: a traceback for myst)
        done = _install(kind, "/proc/1")
        assert done.returncode == 2 and "cannot install into '/proc/1" in _one_line(done.stderr)


def test_install_never_writes_through_a_link(tmp_path):
    """Found: --force wrote the filter into whatever a planted link pointed at, and a dangling
    link had the install create a file (an executable, for myst) outside the project."""
    victim = tmp_path / "victim.txt"
    victim.write_text("secret")
    quarto = tmp_path / "q" / "_extensions" / "symconv"
    quarto.mkdir(parents=True)
    (quarto / "symconv.lua").symlink_to(victim)
    done = _install("quarto", tmp_path / "q", "--force")
    assert done.returncode == 2 and "is a symbolic link" in _one_line(done.stderr)
    myst = tmp_path / "m"
    myst.mkdir()
    (myst / "symconv-myst").symlink_to(tmp_path / "planted")
    done = _install("myst", myst)
    assert done.returncode == 2 and "symbolic link" in _one_line(done.stderr)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "d" / "_extensions").mkdir(parents=True)
    (tmp_path / "d" / "_extensions" / "symconv").symlink_to(elsewhere)
    done = _install("quarto", tmp_path / "d")
    assert done.returncode == 2 and "is a symbolic link" in _one_line(done.stderr)
    assert victim.read_text() == "secret" and not (tmp_path / "planted").exists() and not any(elsewhere.iterdir())


@pytest.mark.parametrize("kind, name", [("quarto", "_extensions/symconv/symconv.lua"), ("myst", "symconv.css")])
def test_install_does_not_read_a_fifo(kind, name, tmp_path):
    """Found: a FIFO where a file of the extension goes blocked the install for ever."""
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(tmp_path / name)
    done = _install(kind, tmp_path)
    assert done.returncode == 2 and ("not a regular file" in done.stderr or "was not written by" in done.stderr)
    _one_line(done.stderr)


@pytest.mark.parametrize("name", ["sp ace", "q'uo\"te", "d$(touch PWNED)x", "-dash"])
def test_odd_project_paths_install_and_run(name, tmp_path):
    project = tmp_path / name
    project.mkdir()
    for kind in ("quarto", "myst"):
        done = subprocess.run([str(SYMCONV), kind, "install", "--", name] if name.startswith("-") else
                              [str(SYMCONV), kind, "install", name], cwd=tmp_path, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    spec = subprocess.run([str(project / "symconv-myst")], capture_output=True, text=True, timeout=60, cwd=project)
    assert json.loads(spec.stdout)["name"] == "symconv"
    assert (project / "_extensions" / "symconv" / "symconv.lua").exists()
    assert not list(tmp_path.rglob("PWNED"))


# -- Sphinx and notebooks ---------------------------------------------------------------------------
def test_sphinx_directive_with_arguments_and_options(tmp_path):
    pytest.importorskip("sphinx")
    (tmp_path / "conf.py").write_text('extensions = ["symconv.sphinx"]\n')
    (tmp_path / "index.rst").write_text(
        "Test\n====\n\n.. symconv:: an argument\n   :title: x\n\n   a: 1\n   b: 2\n\n"
        ".. symconv::\n   :math: tex\n\n   a: 1\n   b: 2\n\n.. symconv::\n\n"
        ".. symconv::\n\n   title: \"</div><script>alert(1)</script> \\\\input{/etc/passwd}\"\n   a: 1\n   b: 2\n"
        "   show: [prose]\n")
    done = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(tmp_path), str(tmp_path / "_b")],
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if "WARNING" in line]
    assert [w.split(": WARNING")[0].rsplit(":", 1)[1] for w in warnings] == ["4", "10", "16"], done.stderr
    assert all(len(w) < 700 for w in warnings)
    page = (tmp_path / "_b" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    strict = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(tmp_path),
                             str(tmp_path / "_w")], capture_output=True, text=True, timeout=120)
    assert strict.returncode != 0


def test_notebook_blocks_refuse_what_jupyter_cannot_send():
    from symconv import block
    from symconv.notebook import BlockError

    start = time.perf_counter()
    with pytest.raises(BlockError, match="20,000") as huge:
        block("a: 1\nb: 2\n#" + "x" * 5_000_000)
    assert time.perf_counter() - start < 1 and len(str(huge.value)) < 300
    with pytest.raises(BlockError, match="as a string"):
        block(b"a: 1\nb: 2")
    # found: the block rendered, then Jupyter failed to send it (UTF-8 cannot hold U+D800)
    with pytest.raises(BlockError, match="lone surrogate"):
        block('a: 1\nb: 2\ntitle: "\\ud800"\nshow: [prose]')
    shown = block('a: 1\nb: 2\nshow: [prose]\ntitle: "</style><script>alert(1)</script>"', font="none")
    assert "<script>alert" not in shown._repr_html_() and len(repr(shown)) < 200


def test_the_print_form_refuses_what_the_html_refuses():
    from symconv.errors import InputError
    from symconv.frontend import markdown, render

    for body in ("op: conv2d\na: 1 2; 3 4\nb: 1\ncell: [1000000000, 1000000000]",
                 "op: conv2d\na: 1 2; 3 4 | 1 1; 1 1\nb: [[[[1]], [[1]]]]\nshow: [figure]\ncell: [0, 5, 5]",
                 "op: conv2d\na: 1 2; 3 4 | 1 1; 1 1\nb: [[[[1]], [[1]]]]\nshow: [overview]"):
        with pytest.raises(InputError) as html_error:
            render(body)
        with pytest.raises(InputError) as print_error:
            markdown(body)
        assert str(html_error.value) == str(print_error.value)
