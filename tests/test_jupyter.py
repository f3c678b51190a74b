"""Jupyter: a real kernel displays derivations through ``_repr_mimebundle_``, and the exported
notebook renders its MathML offline in Chromium."""

import sys
from pathlib import Path

import nbformat  # nbformat, nbconvert and ipykernel: the `test` extra
import pytest
from nbconvert import HTMLExporter
from nbconvert.preprocessors import ExecutePreprocessor

import symconv
from jupyter_kernel import jupyter_environ

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "screenshots"

CELLS = [
    ("setup", "import sys\nimport symconv\nsys.executable, symconv.__file__"),
    ("convolve", "symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25])"),
    ("conv2d", 'symconv.conv2d("1 2; 3 4", "1 0; 0 1", padding=1)'),
    ("closed", 'y = symconv.convolve(symconv.formula("(1/2)**n*u[n]"), symconv.formula("u[n] - u[n-4]"))\ny'),
]
EXPECTED = {
    "convolve": (symconv.convolve([1, 0.5, 1, 1], [1, 0.5, 0.25]), "c[3]  = a[1]·b[2] + a[2]·b[1] + a[3]·b[0]"),
    "conv2d": (symconv.conv2d("1 2; 3 4", "1 0; 0 1", padding=1), "y[1, 1] = x_p[1, 1]·w[0, 0]"),
    "closed": (symconv.convolve(symconv.formula("(1/2)**n*u[n]"), symconv.formula("u[n] - u[n-4]")),
               "y[n] = Σₘ₌₀ⁿ (1/2)ᵐ = 2 - (1/2)ⁿ"),
}


@pytest.fixture(scope="module")
def jupyter_env(tmp_path_factory):
    """This interpreter on this checkout as the ``python3`` kernel (see `jupyter_kernel`)."""
    base = tmp_path_factory.mktemp("jupyter")
    with jupyter_environ(base):
        yield base


@pytest.fixture(scope="module")
def executed(jupyter_env):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source, metadata={"name": name}) for name, source in CELLS]
    ExecutePreprocessor(timeout=300, kernel_name="python3").preprocess(nb, {"metadata": {"path": str(jupyter_env)}})
    nbformat.validate(nb)
    return nb


def _result(nb, name: str) -> dict:
    cell = next(c for c in nb.cells if c.metadata["name"] == name)
    results = [o for o in cell.outputs if o.output_type == "execute_result"]
    assert [o.output_type for o in cell.outputs] == ["execute_result"], cell.outputs
    return results[0]["data"]


def test_the_kernel_is_this_python_on_this_checkout(executed):
    shown = _result(executed, "setup")["text/plain"]
    assert repr(sys.executable) in shown and repr(str(ROOT / "symconv" / "__init__.py")) in shown


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_result_displays_as_math_latex_and_text(executed, name):
    data = _result(executed, name)
    derivation, line = EXPECTED[name]
    assert {"text/html", "text/latex", "text/plain"} <= set(data)
    html = data["text/html"]
    assert html.startswith('<div class="symconv"><style>') and "<math" in html and "merror" not in html
    assert html.count("<math") == 1 and html.count("<mtr") >= 5
    assert data["text/latex"].startswith("$\\displaystyle \\begin{aligned}")
    assert data["text/latex"].endswith("\\end{aligned}$")
    plain = data["text/plain"]
    assert plain == derivation.text() and line in plain
    assert "expansion=" not in plain and "Derivation(" not in plain and not plain.startswith("<")


def test_bundle_in_process_matches_the_kernel(executed):
    """The kernel's first symconv output carries the math font (a data: URL), later ones do not."""
    from symconv.render.html import document_html

    for name, font in (("convolve", "always"), ("conv2d", "none"), ("closed", "none")):
        derivation, _ = EXPECTED[name]
        bundle = derivation._repr_mimebundle_()
        shown = _result(executed, name)
        assert shown["text/html"] == document_html(derivation, font=font), name
        assert ("data:font/woff2;base64," in shown["text/html"]) == (font == "always")
        assert {k: shown[k] for k in ("text/plain", "text/latex")} == {k: bundle[k] for k in ("text/plain", "text/latex")}


# -- the exported notebook in a browser ------------------------------------------------------


INSPECT_JS = """
() => {
  const maths = [...document.querySelectorAll('.jp-OutputArea-output math, .output_html math')];
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('code, pre, script, style, math, .jp-InputArea').forEach(e => e.remove());
  return {
    maths: maths.length,
    sizes: maths.map(m => { const r = m.getBoundingClientRect(); return [r.width, r.height]; }),
    rows: maths.map(m => m.querySelectorAll('mtr').length),
    merror: document.querySelectorAll('merror').length,
    fonts: maths.map(m => getComputedStyle(m).fontFamily.split(',')[0].replace(/["']/g, '')),
    rawTex: /\\\\(begin|frac|sum|cdot)\\b|\\$\\\\displaystyle/.test(clone.textContent),
    prose: [...document.querySelectorAll('.symconv p')].map(p => p.textContent.slice(0, 40)),
  };
}
"""


def test_exported_notebook_renders_mathml_offline(executed, browser, tmp_path):
    body, _ = HTMLExporter().from_notebook_node(executed)
    page_file = tmp_path / "notebook.html"
    page_file.write_text(body, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    blocked = []

    def offline(route):
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:  # the template's MathJax and require.js from a CDN: MathML must not need them
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", offline)
    page = context.new_page()
    page.goto(page_file.as_uri(), wait_until="load")
    info = page.evaluate(INSPECT_JS)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "jupyter.png"), full_page=True)
    context.close()
    assert info["maths"] == 3, info
    assert all(w > 100 and h > 40 for w, h in info["sizes"]), info["sizes"]
    assert all(rows >= 5 for rows in info["rows"]), info["rows"]
    assert info["merror"] == 0 and not info["rawTex"]
    assert info["fonts"] == ["Latin Modern Math"] * 3  # the output's scoped style survived the export
    assert [p[:11] for p in info["prose"]] == ["Convolution", "torch.nn.fu", "Convolution"]
