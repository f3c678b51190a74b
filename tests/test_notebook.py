"""Notebooks as one platform: the cells on docs/platforms/notebooks.md, executed and exported with
the page's own ``jupyter nbconvert`` command, render; a notebook of the ten shared blocks and
every kind of derivation exports to HTML that Chromium lays out with the network blocked; a bad
block fails the export with its one line, and the cell shows that line and no traceback."""

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import nbformat  # nbformat, nbconvert and ipykernel: the `test` extra
import pytest
from nbconvert import HTMLExporter
from nbconvert.preprocessors import ExecutePreprocessor

import symconv
from browser_checks import offline_problems
from jupyter_kernel import jupyter_environ, kernel_env
from platform_blocks import BAD_BLOCK, BAD_MESSAGE, BLOCKS, assert_page_holds_blocks
from symconv.notebook import BlockError, block

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "platforms" / "notebooks.md"
SCREENSHOTS = ROOT / "screenshots"
FENCE = re.compile(r'^(?P<fence>`{3,})(?P<lang>\w+)(?: title="(?P<title>[^"]+)")?\n(?P<body>.*?)^(?P=fence)$',
                   re.S | re.M)
FONT_URL = "data:font/woff2;base64,"
#: Every kind of derivation's own display (``_repr_mimebundle_``), as a cell's source and in process:
#: 1D, 2D, a layer, a closed form, transposed, circular, overlap-add.
DERIVATIONS = [
    ('symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25])', lambda: symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25])),
    ('symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 1", padding=1)',
     lambda: symconv.conv2d("1 2 3; 4 5 6; 7 8 9", "1 0; 0 1", padding=1)),
    ('symconv.conv1d("1 2 3 4; 0 1 0 1", "1 0; 0 1 | 1 1; 1 -1", bias=[0.5, -1])',
     lambda: symconv.conv1d("1 2 3 4; 0 1 0 1", "1 0; 0 1 | 1 1; 1 -1", bias=[0.5, -1])),
    ('symconv.convolve(symconv.formula("(1/2)**n*u[n]"), symconv.formula("u[n] - u[n-4]"))',
     lambda: symconv.convolve(symconv.formula("(1/2)**n*u[n]"), symconv.formula("u[n] - u[n-4]"))),
    ('symconv.conv_transpose1d([1, 2, 3], [1, 1], stride=2)', lambda: symconv.conv_transpose1d([1, 2, 3], [1, 1], stride=2)),
    ('symconv.circular_convolve([1, 0.5, 1, 1], [1, 0.5, 0.25], 4)',
     lambda: symconv.circular_convolve([1, 0.5, 1, 1], [1, 0.5, 0.25], 4)),
    ('symconv.convolve([1, 2, 3, 4, 5], [1, 1], method="overlap-add", block=2)',
     lambda: symconv.convolve([1, 2, 3, 4, 5], [1, 1], method="overlap-add", block=2)),
]
#: nbconvert's own template asks a CDN for these; symconv's outputs ask for nothing.
TEMPLATE_CDN = ("https://cdnjs.cloudflare.com/ajax/libs/mathjax/", "https://cdnjs.cloudflare.com/ajax/libs/require.js/",
                "https://cdn.jsdelivr.net/npm/mathjax", "https://unpkg.com/@jupyter-widgets/")


def page_cells() -> tuple[list[str], str]:
    """The notebook cells the page shows (by their titles, in order) and its nbconvert command."""
    blocks = [m.groupdict() for m in FENCE.finditer(PAGE.read_text())]
    cells = {int(b["title"].rsplit(" ", 1)[1]): b["body"] for b in blocks
             if (b["title"] or "").startswith("notebook.ipynb: cell ")}
    commands = [b["body"].strip() for b in blocks if b["lang"] == "bash" and "nbconvert" in b["body"]]
    assert sorted(cells) == list(range(1, len(cells) + 1)) and len(cells) >= 2 and len(commands) == 1
    return [cells[i] for i in sorted(cells)], commands[0]


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    """The environment of a ``jupyter`` subprocess whose ``python3`` kernel is this interpreter."""
    return {**os.environ, **kernel_env(tmp_path_factory.mktemp("jupyter"))}


def export(folder: Path, sources: list[str], env: dict) -> tuple[subprocess.CompletedProcess, float]:
    """Write ``notebook.ipynb`` with these code cells into ``folder`` and run the page's command
    there (the venv's ``jupyter``); the process and its wall time."""
    _, command = page_cells()
    argv = shlex.split(command)
    assert argv[0] == "jupyter" and argv[-1] == "notebook.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nb, folder / "notebook.ipynb")
    start = time.perf_counter()
    result = subprocess.run([str(Path(sys.executable).parent / "jupyter"), *argv[1:]], cwd=folder,
                            capture_output=True, text=True, timeout=600, env=env)
    return result, time.perf_counter() - start


def test_the_page_builds_as_shown(tmp_path, env):
    cells, _ = page_cells()
    result, _ = export(tmp_path, cells, env)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (tmp_path / "notebook.html").read_text()
    assert "The reference example" in page and "<mn>1.625</mn>" in page and "Practice" in page
    assert "torch.nn.functional.conv2d" in page and "symconv-error" not in page
    assert page.count(FONT_URL) == 1  # the session's first output carries the font, once


# -- ten blocks and every kind of derivation, exported and opened offline -----------------------


@pytest.fixture(scope="module")
def ten(tmp_path_factory, env) -> tuple[Path, float]:
    folder = tmp_path_factory.mktemp("ten")
    sources = ["import symconv"] + [f"symconv.block({body!r})" for _, body, _ in BLOCKS] + [s for s, _ in DERIVATIONS]
    result, seconds = export(folder, sources, env)
    assert result.returncode == 0, result.stderr[-3000:]
    page = folder / "notebook.html"
    print(f"\nten blocks + {len(DERIVATIONS)} derivations: nbconvert --execute {seconds:.1f} s, "
          f"{page.stat().st_size / 1e6:.2f} MB")
    return page, seconds


def test_the_ten_blocks_and_the_derivations_export(ten):
    page = ten[0].read_text()
    assert_page_holds_blocks(page)
    assert "symconv-error" not in page and "merror" not in page and "Traceback" not in page
    assert page.count('<div class="symconv-notebook">') == len(BLOCKS)
    assert page.count("<div class=\"symconv\"><style>") == len(DERIVATIONS)
    assert page.count(FONT_URL) == 1 and page.count("@font-face") == 1
    assert page.count("function diagnose(") == 1  # the exercise's check, inline, once


INSPECT_JS = """
() => {
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')].filter(o => o.querySelector('.symconv'));
  return {
    outputs: outputs.map(o => ({
      maths: o.querySelectorAll('math').length,
      // display formulas that are shown (not the other of a block's wide/narrow layouts, nor a closed details)
      sizes: [...o.querySelectorAll('math[display="block"]')].filter(m => m.getClientRects().length)
               .map(m => { const r = m.getBoundingClientRect(); return [r.width, r.height]; }),
      font: getComputedStyle(o.querySelector('.symconv math')).fontFamily.replace(/["']/g, ''),
    })),
    faces: [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Latin Modern Math').map(f => f.status),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}
"""


def test_the_export_renders_offline_in_chromium(ten, browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    blocked, requests = [], []

    def offline(route):
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", offline)
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    problems = offline_problems(page, ten[0], requests, "notebook.html")
    info = page.evaluate(INSPECT_JS)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "notebook.png"), full_page=True)
    context.close()
    # only nbconvert's template reaches for the network (MathJax, require.js), and nothing needs it
    assert [p for p in problems if "external requests" not in p] == [], problems
    assert blocked and all(url.startswith(TEMPLATE_CDN) for url in blocked), blocked
    assert len(info["outputs"]) == len(BLOCKS) + len(DERIVATIONS)
    for i, output in enumerate(info["outputs"]):
        assert output["maths"] >= 1, (i, output)
        assert output["font"].startswith("Latin Modern Math, STIX Two Math"), (i, output["font"])
        assert all(w > 20 and h > 15 for w, h in output["sizes"]), (i, output["sizes"])
    assert sum(len(o["sizes"]) for o in info["outputs"]) >= len(BLOCKS) + len(DERIVATIONS) - 1
    assert info["faces"] == ["loaded"]  # one @font-face (the data: URL), used
    assert info["overflow"] <= 0, "a wide derivation scrolls inside its output, not the page"


def test_the_exercise_checks_an_answer_in_the_export(ten, browser):
    """The exercise's inline script runs in nbconvert's HTML: a right answer is marked right."""
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page = context.new_page()
    page.goto(ten[0].as_uri(), wait_until="load")
    key = page.evaluate("() => JSON.parse(document.querySelector('.symconv-exercise').dataset.symconvKey)")
    form = page.locator(".symconv-exercise form.symconv-answer")
    form.locator('input[name="c"]').fill("1, 2")
    form.locator("button").click()
    wrong = page.locator(".symconv-exercise .symconv-verdict").text_content()
    form.locator('input[name="c"]').fill(", ".join(key["values"]))
    form.locator('input[name="start"]').fill(str(key["start"]))
    form.locator("button").click()
    right = page.locator(".symconv-exercise .symconv-verdict").text_content()
    url = page.url
    context.close()
    assert wrong.startswith("✗") and right.startswith("✓ correct"), (wrong, right)
    assert url == ten[0].as_uri()  # the form was checked on the page, never submitted


def test_the_figures_follow_the_dark_theme(browser, tmp_path):
    """nbconvert's ``--theme dark`` (JupyterLab's dark body attribute) switches the figures' palette."""
    nb = nbformat.v4.new_notebook()
    shown = block(BLOCKS[0][1], font="none")._repr_mimebundle_()
    nb.cells = [nbformat.v4.new_code_cell("symconv.block(...)", outputs=[
        nbformat.v4.new_output("execute_result", data=shown, execution_count=1)])]
    colours = {}
    for theme in ("light", "dark"):
        path = tmp_path / f"{theme}.html"
        path.write_text(HTMLExporter(theme=theme).from_notebook_node(nb)[0], encoding="utf-8")
        page = browser.new_page()
        page.goto(path.as_uri(), wait_until="load")
        colours[theme] = page.evaluate(
            "() => getComputedStyle(document.querySelector('.symconv-figure')).getPropertyValue('--symconv-fg').trim()")
        page.close()
    assert colours == {"light": "#212121", "dark": "#e3e5ea"}


# -- errors and the bundle -------------------------------------------------------------------


def test_a_bad_block_fails_the_export_with_its_line(tmp_path, env):
    result, _ = export(tmp_path, ["import symconv", f"symconv.block({BAD_BLOCK!r})"], env)
    assert result.returncode != 0
    assert f"BlockError: symconv block starting 'op: convolve': {BAD_MESSAGE}" in result.stderr
    assert "frontend.py" not in result.stderr and "fence.py" not in result.stderr
    assert not (tmp_path / "notebook.html").exists()


def test_the_cell_shows_one_line_not_a_traceback(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"import symconv\nsymconv.block({BAD_BLOCK!r})")]
    with jupyter_environ(tmp_path):
        ExecutePreprocessor(timeout=300, kernel_name="python3", allow_errors=True).preprocess(
            nb, {"metadata": {"path": str(tmp_path)}})
    [error] = nb.cells[0].outputs
    assert error.output_type == "error" and error.ename == "BlockError"
    assert error.traceback == [f"BlockError: symconv block starting 'op: convolve': {BAD_MESSAGE}; keys are "
                               + error.evalue.split("; keys are ", 1)[1]]


@pytest.mark.parametrize("body", [BAD_BLOCK, "op: convolve\na: [1, 2\nb: 3", "", "a: 1\nb: 2\nmode: spam"])
def test_bad_bodies_raise_input_errors(body):
    with pytest.raises(symconv.InputError) as caught:
        block(body)
    assert isinstance(caught.value, BlockError) and "\n" not in str(caught.value)
    assert str(caught.value).startswith("symconv block starting")


def test_arguments_are_checked():
    with pytest.raises(BlockError, match="body as a string, got int"):
        block(3)
    with pytest.raises(symconv.InputError, match="font must be one of 'once', 'always', 'none', got 'all'"):
        block(BLOCKS[0][1], font="all")


def test_the_bundle_is_self_contained():
    always = block(BLOCKS[0][1], font="always")
    none = block(BLOCKS[0][1], font="none")
    html = always._repr_mimebundle_()["text/html"]
    assert always._repr_html_() == html and html.count(FONT_URL) == 1
    assert FONT_URL not in none._repr_html_() and "@font-face" not in none._repr_html_()
    assert html.startswith('<div class="symconv-notebook"><style>') and "</style><div class=\"symconv\"" in html
    assert html.count("url(") == 1 and "url(" not in none._repr_html_()  # nothing else to fetch
    assert not re.search(r'\b(?:src|href)="(?!#)', html)
    assert "<script" not in html  # only an exercise carries a script
    assert always._repr_mimebundle_()["text/plain"] == repr(always) == \
        "symconv block (op: convolve, title: 'A 1D convolution'): HTML with MathML"
    assert "<script>" in block(BLOCKS[-1][1], font="none")._repr_html_()


def test_colab_outputs_each_carry_the_font(monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", type(sys)("google.colab"))
    assert all(FONT_URL in block(BLOCKS[1][1])._repr_html_() for _ in range(2))


@pytest.mark.parametrize("make", [make for _, make in DERIVATIONS], ids=[s.split("(")[0] for s, _ in DERIVATIONS])
def test_every_kind_of_derivation_displays_mathml(make):
    derivation = make()
    bundle = derivation._repr_mimebundle_()
    html = bundle["text/html"]
    assert html.startswith('<div class="symconv"><style>') and html.count("<math") == 1
    assert "merror" not in html and html.count("<mtr") >= 3
    assert ".symconv math{font-family:'Latin Modern Math'" in html
    assert bundle["text/plain"] == derivation.text()
