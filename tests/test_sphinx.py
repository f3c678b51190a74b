"""Sphinx (reST and MyST) and Jupyter Book 1: the set-up on docs/platforms/sphinx.md, built exactly as
the page shows it with the real ``sphinx-build``, renders the ten shared blocks in both syntaxes;
a bad block fails -W naming file and line; MathJax mode loads MathJax on the pages with blocks."""

import html
import importlib.util
import os
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from browser_checks import offline_problems
from platform_blocks import BAD_BLOCK, BAD_MESSAGE, BLOCKS, assert_page_holds_blocks

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "platforms" / "sphinx.md"
FENCE = re.compile(r'^(?P<fence>`{3,})(?P<lang>\w+)(?: title="(?P<title>[^"]+)")?\n(?P<body>.*?)^(?P=fence)$',
                   re.S | re.M)
SPHINX_FILES = {"conf.py", "index.rst", "week1.md"}
JB1_FILES = {"_config.yml", "_toc.yml", "intro.md"}
JB1_PYTHON = os.environ.get("SYMCONV_JB1_PYTHON", "")


def _require(*modules: str) -> None:
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (python -m pip install 'sphinx>=7' 'myst-parser>=3')"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {message}")
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _sphinx_installed():
    _require("sphinx", "myst_parser", "math_core", "yaml")


def page() -> tuple[dict, dict]:
    """The files the page shows (by their titles) and its build commands (by program)."""
    blocks = [m.groupdict() for m in FENCE.finditer(PAGE.read_text(encoding="utf-8"))]
    files = {b["title"]: b["body"] for b in blocks if b["title"]}
    commands = {b["body"].split()[0]: b["body"].strip() for b in blocks
                if b["lang"] == "bash" and b["body"].split()[0] in ("sphinx-build", "jupyter-book")}
    assert set(files) == SPHINX_FILES | JB1_FILES | {"conf.py (MathJax)"}, set(files)
    assert set(commands) == {"sphinx-build", "jupyter-book"}, commands
    return files, commands


def project(folder: Path, names: set, replace: dict | None = None, extra_conf: str = "") -> Path:
    files, _ = page()
    files = {name: files[name] for name in names} | (replace or {})
    if extra_conf:
        files["conf.py"] += extra_conf
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def sphinx_build(folder: Path, *extra: str) -> subprocess.CompletedProcess:
    """The page's sphinx-build command, run by this Python (``-m sphinx``), in ``folder``."""
    argv = shlex.split(page()[1]["sphinx-build"])
    return subprocess.run([sys.executable, "-m", "sphinx", *extra, *argv[1:]], cwd=folder, capture_output=True,
                          text=True, timeout=600)


def rest_page(bodies: list, title: str = "Ten blocks") -> str:
    return f"{title}\n{'=' * len(title)}\n\n" + "".join(
        f".. symconv::\n\n{textwrap.indent(body, '   ')}\n\n" for body in bodies)


def myst_page(bodies: list, title: str = "Ten blocks") -> str:
    return f"# {title}\n\n" + "".join(f"```{{symconv}}\n{body}\n```\n\n" for body in bodies)


def built(folder: Path, name: str) -> str:
    return (folder / "_build" / "html" / f"{name}.html").read_text(encoding="utf-8")


def assert_clean(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "Traceback" not in result.stderr, result.stderr


# -- the page as shown ------------------------------------------------------------------------
def test_the_page_builds_as_shown(tmp_path):
    result = sphinx_build(project(tmp_path, SPHINX_FILES))
    assert_clean(result)
    index, week1 = built(tmp_path, "index"), built(tmp_path, "week1")
    assert "The reference example" in index and "<mn>1.625</mn>" in index
    assert "numpy.correlate(a, b, mode=" in html.unescape(week1)
    for page_html in (index, week1):
        assert "<math" in page_html and "\\[" not in page_html and "arithmatex" not in page_html
        assert "mathjax" not in page_html.lower()  # MathML needs no script
        assert re.search(r'<link rel="stylesheet"[^>]* href="_static/symconv/symconv\.css(\?v=\w+)?"', page_html)
    static = tmp_path / "_build" / "html" / "_static" / "symconv"
    css = (static / "symconv.css").read_text(encoding="utf-8")
    font = re.search(r'url\("([^"]+)"\)', css).group(1)
    assert (static / font).is_file() and (static / font).stat().st_size > 100_000  # the font the CSS names
    assert (static / "symconv-selfcheck.js").is_file()
    # Pages without blocks do not load the blocks' files.
    assert "symconv" not in built(tmp_path, "genindex")


def test_a_body_between_dashes_is_read_the_same(tmp_path):
    body = "op: convolve\na: 1, 0.5, 1, 1\nb: 1, 0.5, 0.25\ntitle: The reference example"
    result = sphinx_build(project(tmp_path, {"conf.py"}, {"index.md": myst_page([f"---\n{body}\n---"])}))
    assert_clean(result)
    assert "The reference example" in built(tmp_path, "index") and "<mn>1.625</mn>" in built(tmp_path, "index")


# -- the ten blocks in both syntaxes ----------------------------------------------------------
@pytest.fixture(scope="module", params=["rst", "md"])
def ten(request, tmp_path_factory):
    """A project whose index holds the ten shared blocks, in reST or MyST, built as the page says."""
    folder = tmp_path_factory.mktemp(f"ten-{request.param}")
    write = rest_page if request.param == "rst" else myst_page
    result = sphinx_build(project(folder, {"conf.py"}, {f"index.{request.param}": write([b for _, b, _ in BLOCKS])}))
    return folder, result


def test_the_ten_blocks_build(ten):
    folder, result = ten
    assert_clean(result)
    page_html = built(folder, "index")
    assert_page_holds_blocks(page_html)
    assert "symconv-error" not in page_html and "\\[" not in page_html and "mathjax" not in page_html.lower()
    ids = re.findall(r'<div class="symconv( [^"]*)?" id="([^"]+)"', page_html)
    assert len(ids) == len(BLOCKS) == len(set(ids)), ids
    # the cache (default: in the doctree folder) kept every block
    assert len(list((folder / "_build" / "html" / ".doctrees" / "symconv").glob("block-*.html"))) == len(BLOCKS)


def test_the_ten_blocks_offline_in_a_browser(ten, browser):
    folder, result = ten
    assert result.returncode == 0, result.stderr
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests: list = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        assert offline_problems(page, folder / "_build" / "html" / "index.html", requests, "index") == []
    finally:
        page.close()


def test_parallel_build_gives_the_same_page(tmp_path):
    bodies = [b for _, b, _ in BLOCKS[:4]]
    pages = {f"p{i}.rst": rest_page([body], f"Page {i}") for i, body in enumerate(bodies)}
    index = "Index\n=====\n\n.. toctree::\n\n" + "".join(f"   p{i}\n" for i in range(len(bodies)))
    project(tmp_path, {"conf.py"}, {"index.rst": index, **pages})
    result = sphinx_build(tmp_path, "-j", "2")
    assert_clean(result)
    assert "parallel" not in result.stderr
    for i, (name, _, expected) in enumerate(BLOCKS[:4]):
        text = html.unescape(built(tmp_path, f"p{i}"))
        assert all(needle in text for needle in expected), name


# -- MathJax mode -----------------------------------------------------------------------------
@pytest.mark.parametrize("syntax", ["rst", "md"])
def test_tex_mode_loads_mathjax_on_the_pages_with_blocks(tmp_path, syntax):
    files, _ = page()
    body = "op: convolve\na: 1, 0.5, 1, 1\nb: 1, 0.5, 0.25\nshow: [derivation]"
    index = "Index\n=====\n\n.. toctree::\n\n   blocks\n   plain\n"
    blocks = rest_page([body], "Blocks") if syntax == "rst" else myst_page([body], "Blocks")
    project(tmp_path, {"conf.py"}, {"index.rst": index, f"blocks.{syntax}": blocks, "plain.rst": "Plain\n=====\n\nNo math.\n"},
            extra_conf="\n" + files["conf.py (MathJax)"])
    result = sphinx_build(tmp_path)
    assert_clean(result)
    with_blocks, plain = built(tmp_path, "blocks"), built(tmp_path, "plain")
    assert "\\[" in with_blocks and "<math" not in with_blocks
    assert re.search(r'<div class="[^"]*\bmath\b[^"]*">\\\[', with_blocks)  # an element MathJax processes
    assert re.search(r'<script[^>]*src="[^"]*mathjax[^"]*"', with_blocks, re.I)
    assert not re.search(r'<script[^>]*src="[^"]*mathjax[^"]*"', plain, re.I)


def test_a_bad_math_setting_fails_W_in_one_line(tmp_path):
    result = sphinx_build(project(tmp_path, SPHINX_FILES, extra_conf='\nsymconv_math = "svg"\n'))
    assert result.returncode != 0
    assert "symconv_math must be one of 'mathml', 'tex', got 'svg'; using 'mathml'" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("symconv") == 1, result.stderr


# -- errors -----------------------------------------------------------------------------------
def _warning(name: str, line: int) -> re.Pattern:
    # Sphinx 7 writes 'file:line:message' under -W, Sphinx 8+ 'file:line: WARNING: message'
    return re.compile(rf"{re.escape(name)}:{line}:( WARNING:)? ?symconv block starting 'op: convolve': "
                      rf"{re.escape(BAD_MESSAGE)}")


@pytest.mark.parametrize("syntax", ["rst", "md"])
@pytest.mark.parametrize("before", [0, 7])
def test_a_bad_block_fails_W_naming_file_and_line(tmp_path, syntax, before):
    good = "op: convolve\na: 1, 2\nb: 3"
    if syntax == "rst":
        text = "Bad\n===\n\n" + "text\n\n" * before + rest_page([good, BAD_BLOCK], "x").split("\n", 3)[3]
        line = 4 + 2 * before + 6  # the second directive: after the first's 6 lines
    else:
        text = "# Bad\n\n" + "text\n\n" * before + myst_page([good, BAD_BLOCK], "x").split("\n", 2)[2]
        line = 3 + 2 * before + 6
    assert text.splitlines()[line - 1] in (".. symconv::", "```{symconv}")
    result = sphinx_build(project(tmp_path, {"conf.py"}, {f"index.{syntax}": text}))
    assert result.returncode != 0
    assert _warning(f"index.{syntax}", line).search(result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_block_in_an_included_file_or_an_admonition_names_its_own_line(tmp_path):
    index = "Index\n=====\n\n.. toctree::\n\n   week1\n\n.. include:: part.rsti\n"
    part = "Part\n----\n\ntext\n\n" + rest_page([BAD_BLOCK], "x").split("\n", 3)[3]  # directive on line 6
    week1 = "# Week 1\n\n````{note}\ntext\n\n" + myst_page([BAD_BLOCK], "x").split("\n", 2)[2] + "````\n"  # line 6
    result = sphinx_build(project(tmp_path, {"conf.py"}, {"index.rst": index, "part.rsti": part, "week1.md": week1}),
                          "--keep-going")  # Sphinx 7 stops at the first warning without it
    assert result.returncode != 0
    assert _warning("part.rsti", 6).search(result.stderr), result.stderr
    assert _warning("week1.md", 6).search(result.stderr), result.stderr


def test_without_W_the_page_shows_the_error(tmp_path):
    text = "# Bad\n\n" + myst_page([BAD_BLOCK], "x").split("\n", 2)[2]
    project(tmp_path, {"conf.py"}, {"index.md": text})
    argv = [a for a in shlex.split(page()[1]["sphinx-build"])[1:] if a != "-W"]
    result = subprocess.run([sys.executable, "-m", "sphinx", *argv], cwd=tmp_path, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    assert _warning("index.md", 3).search(result.stderr), result.stderr
    box = re.search(r'<div class="admonition failure symconv-error">(.*?)</div>', built(tmp_path, "index"), re.S)
    assert box and f"index.md:3: symconv block starting 'op: convolve': {BAD_MESSAGE}" in html.unescape(box.group(1))


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_other_builders_print_the_derivation(tmp_path, builder):
    """LaTeX/PDF and text get each block's print form: prose, the derivation as display math, the
    result and the check; a bad block its error; -W passes when every block is good."""
    bodies = [b for _, b, _ in BLOCKS]
    project(tmp_path, {"conf.py"}, {"index.md": myst_page(bodies)})
    result = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-b", builder, ".", f"_build/{builder}"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    out = next((tmp_path / "_build" / builder).glob("*.tex" if builder == "latex" else "index.txt"))
    text = out.read_text(encoding="utf-8")
    assert text.count("\\begin{aligned}") == len(BLOCKS), "each block's derivation as display math"
    assert text.count("max |error| = 0") >= 8 and "1 \\cdot 1 = 1.625" in text
    assert "a: 1, 0.5, 1, 1" not in text, "the print form, not the YAML source"
    if builder == "latex":
        assert "\\begin{split}" in text and "numpy.convolve(a, b, mode=" in text  # amsmath display math
    project(tmp_path, {"conf.py"}, {"index.md": myst_page([BAD_BLOCK])})
    bad = subprocess.run([sys.executable, "-m", "sphinx", "-b", builder, ".", f"_build/{builder}-bad"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert bad.returncode == 0 and BAD_MESSAGE in bad.stderr
    shown = next((tmp_path / "_build" / f"{builder}-bad").glob("*.tex" if builder == "latex" else "index.txt"))
    assert BAD_MESSAGE in shown.read_text(encoding="utf-8").replace("\\textquotesingle{}", "'")


# -- Jupyter Book 1 ---------------------------------------------------------------------------
def test_jupyter_book_1_builds_the_page_and_the_ten_blocks(tmp_path):
    """Runs when SYMCONV_JB1_PYTHON names the Python of a venv with ``jupyter-book<2`` and symconv
    (``python3 -m venv /tmp/jb1 && /tmp/jb1/bin/pip install "jupyter-book<2" -e ".[sphinx]"``)."""
    if not JB1_PYTHON:
        if os.environ.get("CI"):
            pytest.fail("CI is set but SYMCONV_JB1_PYTHON is not (.ci/run makes the Jupyter Book 1 venv)")
        pytest.skip("SYMCONV_JB1_PYTHON is not set (the Python of a venv with jupyter-book<2 and symconv)")
    program = Path(JB1_PYTHON).parent / "jupyter-book"
    assert program.is_file(), f"SYMCONV_JB1_PYTHON={JB1_PYTHON}, but {program} does not exist"
    files, commands = page()
    intro = files["intro.md"] + "\n" + myst_page([b for _, b, _ in BLOCKS]).replace("# Ten", "## Ten", 1)
    project(tmp_path, JB1_FILES, {"intro.md": intro})
    argv = shlex.split(commands["jupyter-book"])
    result = subprocess.run([str(program), *argv[1:]], cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    page_html = built(tmp_path, "intro")
    assert "The reference example" in page_html and "<mn>1.625</mn>" in page_html
    assert_page_holds_blocks(page_html)
    assert "symconv-error" not in page_html and "\\[" not in page_html
    assert (tmp_path / "_build" / "html" / "_static" / "symconv" / "latinmodern-math.woff2").is_file()
    # and a bad block fails the same command, naming the file and line
    (tmp_path / "intro.md").write_text("# Bad\n\n" + myst_page([BAD_BLOCK], "x").split("\n", 2)[2])
    bad = subprocess.run([str(program), *argv[1:]], cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert bad.returncode != 0
    assert _warning("intro.md", 3).search(re.sub(r"\x1b\[[0-9;]*m", "", bad.stderr)), bad.stderr
