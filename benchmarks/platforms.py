"""The build time of one 10-block document on every platform, against a floor measured in the same run.

The document holds the ten bodies of ``tests/platform_blocks.py``. The floor is a fresh Python
process rendering those ten blocks to HTML (`symconv.frontend.render`: the work no platform can
skip, start-up included), so a platform's ratio is its build's cost over symconv's own. Each platform is built with its real
command, cold (a new folder, no cache) and warm (built again where a platform keeps a cache).

Run: ``python benchmarks/platforms.py [--runs 3]``. Tools: MkDocs and Sphinx from the ``test``
extra, Debian's ``pandoc``, ``jupyter nbconvert`` (the ``test`` extra), ``myst`` (npm ``mystmd``; its
path in ``SYMCONV_MYST``, else PATH), Jupyter Book 1 through ``SYMCONV_JB1_PYTHON``. A missing tool
is reported, not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from platform_blocks import BLOCKS  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def fenced(info: str) -> str:
    return "\n".join(f"## {name}\n\n```{info}\n{body}\n```\n" for name, body, _ in BLOCKS)


def write(folder: Path, files: dict) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def mkdocs(folder: Path):
    write(folder, {"mkdocs.yml": "site_name: ten\nplugins:\n  - symconv\n",
                   "docs/index.md": "# Ten\n\n" + fenced("symconv")})
    return [sys.executable, "-m", "mkdocs", "build", "--strict"]


def sphinx_rst(folder: Path):
    blocks = "\n".join(f"{name}\n{'-' * len(name)}\n\n.. symconv::\n\n"
                       + "\n".join("   " + line for line in body.splitlines()) + "\n"
                       for name, body, _ in BLOCKS)
    write(folder, {"conf.py": 'extensions = ["symconv.sphinx"]\n', "index.rst": "Ten\n===\n\n" + blocks})
    return [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", ".", "_build/html"]


def sphinx_myst(folder: Path):
    write(folder, {"conf.py": 'extensions = ["myst_parser", "symconv.sphinx"]\n',
                   "index.md": "# Ten\n\n" + fenced("{symconv}")})
    return [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", ".", "_build/html"]


def jupyter_book_1(folder: Path):
    python = os.environ.get("SYMCONV_JB1_PYTHON")
    if not python:
        return None
    write(folder, {"_config.yml": "title: ten\nsphinx:\n  extra_extensions:\n    - symconv.sphinx\n",
                   "_toc.yml": "format: jb-book\nroot: intro\n", "intro.md": "# Ten\n\n" + fenced("{symconv}")})
    return [str(Path(python).parent / "jupyter-book"), "build", "--warningiserror", "--keep-going", "."]


def pandoc(folder: Path):
    if not shutil.which("pandoc"):
        return None
    subprocess.run([str(BIN / "symconv"), "quarto", "install", str(folder)], check=True, capture_output=True)
    write(folder, {"notes.md": "# Ten\n\n" + fenced("symconv")})
    return ["pandoc", "notes.md", "--standalone", "--metadata", "title=ten", "--lua-filter",
            "_extensions/symconv/symconv.lua", "-o", "notes.html"]


def myst_md(folder: Path):
    """``myst build --site --strict``: the book theme's ``--html`` export downloads the theme from
    GitHub, which these machines cannot reach; a stand-in ``template.yml`` (the MyST test's) stands
    where MyST keeps it. Every symconv step happens in ``--site``."""
    program = os.environ.get("SYMCONV_MYST") or shutil.which("myst")
    if not program:
        return None
    from test_myst import STAND_IN, THEME_DIR

    subprocess.run([str(BIN / "symconv"), "myst", "install", str(folder)], check=True, capture_output=True)
    write(folder, {"myst.yml": "version: 1\nproject:\n  title: ten\n  plugins:\n    - type: executable\n"
                               "      path: symconv-myst\nsite:\n  template: book-theme\n  options:\n"
                               "    style: symconv.css\n",
                   "index.md": "# Ten\n\n" + fenced("{symconv}"), str(THEME_DIR / "template.yml"): STAND_IN})
    return [program, "build", "--site", "--strict"]


def notebook(folder: Path):
    import nbformat

    cells = [nbformat.v4.new_code_cell("import symconv")]
    cells += [nbformat.v4.new_code_cell(f"symconv.block({json.dumps(body)})") for _, body, _ in BLOCKS]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / "ten.ipynb")
    return [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--execute", "ten.ipynb"]


PLATFORMS = {"MkDocs": mkdocs, "Sphinx (reST)": sphinx_rst, "Sphinx (MyST)": sphinx_myst,
             "Jupyter Book 1": jupyter_book_1, "MyST-MD": myst_md, "Pandoc (Quarto filter)": pandoc,
             "nbconvert (notebook)": notebook}


def floor(runs: int) -> float:
    """A fresh Python process that imports symconv and renders the ten blocks to HTML: what every
    platform's build has to do at least (the platforms start Python too)."""
    code = ("import json, sys\nfrom symconv import frontend\n"
            "for body in json.load(sys.stdin):\n    frontend.render(body)\n")
    bodies = json.dumps([body for _, body, _ in BLOCKS])
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], input=bodies, text=True, check=True, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed(argv, folder: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, cwd=folder, capture_output=True, text=True, env=ENV, timeout=900)
    seconds = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"{argv[0]} failed:\n{result.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    base = floor(args.runs)
    print(f"floor: a fresh Python rendering the ten blocks {base:.2f} s (median of {args.runs})\n")
    print(f"{'platform':24} {'cold s':>8} {'warm s':>8} {'cold/floor':>11}")
    for name, make in PLATFORMS.items():
        cold, warm = [], []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                argv = make(folder)
                if argv is None:
                    break
                cold.append(timed(argv, folder))
                warm.append(timed(argv, folder))
        if not cold:
            print(f"{name:24} {'(tool not installed)':>30}")
            continue
        c, w = statistics.median(cold), statistics.median(warm)
        print(f"{name:24} {c:8.2f} {w:8.2f} {c / base:10.1f}x")


if __name__ == "__main__":
    main()
