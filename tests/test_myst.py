"""MyST-MD / Jupyter Book 2 as one platform: the set-up on docs/platforms/myst-md.md (its install
command, myst.yml and page) plus the ten shared blocks, built by the real ``myst`` CLI; a bad
block fails ``--strict`` naming its file and line.

What is built, and why that is honest: ``myst build --html`` renders pages by running the book
theme (a Remix app that MyST downloads from GitHub, which these machines cannot reach) and saving
what it serves. Everything symconv does happens before that, in ``myst build --site``: MyST runs
the plugin and writes each page's final tree as JSON (``_build/site/content/*.json``), which the
theme renders node by node with the ``myst-to-react`` package. So the test builds with
``--site`` (the page's command with ``--html`` swapped, and a stand-in ``template.yml`` where MyST
keeps its downloaded theme, so MyST asks the network for nothing), then renders the built JSON
with the theme's own renderers (``myst-to-react`` and React from npm, server-side) and checks that
HTML: the blocks' texts and MathML, and in Chromium with the network refused, the math laid out in
the font of the stylesheet MyST copied.

Tools: ``SYMCONV_MYST`` (the ``myst`` binary; else ``myst`` on PATH) and ``myst-to-react`` beside
it (``node_modules/myst-to-react`` next to ``node_modules/.bin/myst``; else ``SYMCONV_MYST_REACT``,
a folder holding ``node_modules``). With ``CI`` set, a missing one fails the test.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tools import missing

from browser_checks import offline_problems
from platform_blocks import BAD_BLOCK, BAD_MESSAGE, BLOCKS, assert_page_holds_blocks
from symconv.myst import SCRIPT, STYLESHEET

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "platforms" / "myst-md.md"
FENCE = re.compile(r'^(?P<fence>`{3,})(?P<lang>\w+)(?: title="(?P<title>[^"]+)")?\n(?P<body>.*?)^(?P=fence)$',
                   re.S | re.M)
INSTALL = ("mkdir -p /tmp/mystnpm && cd /tmp/mystnpm && npm install mystmd@1.8.3 myst-to-react@1.3.0 "
           "react@18.3.1 react-dom@18.3.1, then SYMCONV_MYST=/tmp/mystnpm/node_modules/.bin/myst")
#: Where MyST keeps the book theme it downloads (myst-templates: _build/templates/site/myst/NAME),
#: and the options of the real theme's template.yml that a symconv site uses.
THEME_DIR = Path("_build", "templates", "site", "myst", "book-theme")
STAND_IN = """jtex: v1
title: Book Theme (a stand-in written by symconv's test; the real one comes from GitHub)
options:
  - type: file
    id: style
    description: Local path to a CSS file
"""
#: The page's tree rendered by the theme's node renderers, as the book theme's article body does.
RENDER_JS = """
import fs from 'node:fs';
import React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { ThemeProvider } from '@myst-theme/providers';
import { MyST, DEFAULT_RENDERERS } from 'myst-to-react';
const page = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
process.stdout.write(renderToStaticMarkup(
  React.createElement(ThemeProvider, { renderers: DEFAULT_RENDERERS, staticBuild: true },
    React.createElement(MyST, { ast: page.mdast.children }))));
"""
#: Two blocks the page does not show: keys as MyST's ':key: value' options, and a block with the
#: same id as one of the ten (ids unique on the page).
MORE = """# More

```{symconv}
:op: convolve
:a: 1, 2
b: 3
show: [check]
```

```{symconv}
op: convolve
a: 1, 0.5, 1, 1
b: 1, 0.5, 0.25
title: A 1D convolution
```
"""


@pytest.fixture(scope="module")
def myst() -> str:
    path = os.environ.get("SYMCONV_MYST") or shutil.which("myst")
    if not path or not os.access(path, os.X_OK):
        missing("the myst CLI (npm package mystmd)", INSTALL)
    return path


@pytest.fixture(scope="module")
def react(myst) -> Path:
    """A folder whose node_modules holds myst-to-react and React."""
    beside = [*Path(myst).absolute().parents, *Path(myst).resolve().parents]  # npm's .bin links into the package
    for folder in (*beside, Path(os.environ.get("SYMCONV_MYST_REACT", "/nonexistent"))):
        if (folder / "node_modules" / "myst-to-react").is_dir():
            return folder
    missing("myst-to-react (the book theme's node renderers)", INSTALL)


def page_parts() -> dict:
    """The page's code blocks by title: the install command, myst.yml, index.md, the build command."""
    blocks = {m["title"]: m["body"] for m in FENCE.finditer(PAGE.read_text()) if m["title"]}
    assert {"install the plugin", "myst.yml", "index.md", "build"} <= set(blocks), sorted(blocks)
    return blocks


def _command(line: str) -> list[str]:
    """A command of the page run with this test's Python (``python -m ...``) or MyST binary."""
    words = shlex.split(line.strip())
    if words[0] == "symconv":  # the console script, as this Python runs it
        return [sys.executable, "-m", "symconv", *words[1:]]
    return [sys.executable, *words[1:]] if words[0] == "python" else words


def make_project(folder: Path) -> dict:
    """The page's project in ``folder``: its install command run there, its myst.yml and index.md,
    and the stand-in theme; returns the page's parts."""
    parts = page_parts()
    folder.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(_command(parts["install the plugin"]), cwd=folder, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert os.access(folder / SCRIPT, os.X_OK) and (folder / STYLESHEET).is_file()
    (folder / "myst.yml").write_text(parts["myst.yml"])
    (folder / "index.md").write_text(parts["index.md"])
    (folder / THEME_DIR).mkdir(parents=True)
    (folder / THEME_DIR / "template.yml").write_text(STAND_IN)
    return parts


def build(myst: str, folder: Path, parts: dict) -> tuple[subprocess.CompletedProcess, float]:
    """The page's build command, ``--html`` made ``--site`` (see the module's docstring), timed."""
    words = _command(parts["build"])
    assert words[:2] == ["myst", "build"] and "--html" in words and "--strict" in words, words
    words = [myst] + [("--site" if w == "--html" else w) for w in words[1:]]
    start = time.perf_counter()
    out = subprocess.run(words, cwd=folder, capture_output=True, text=True, timeout=900,
                         env={**os.environ, "NO_COLOR": "1"})
    return out, time.perf_counter() - start


def ten_blocks() -> str:
    return "# Ten blocks\n\n" + "".join(f"## {name}\n\n```{{symconv}}\n{body}\n```\n\n" for name, body, _ in BLOCKS)


@pytest.fixture(scope="module")
def site(myst, tmp_path_factory):
    """The page's project with two more pages (the ten blocks; MORE), built twice (the second
    from the cache); the built folder and the two wall times."""
    folder = tmp_path_factory.mktemp("myst") / "notes"
    parts = make_project(folder)
    (folder / "ten.md").write_text(ten_blocks())
    (folder / "more.md").write_text(MORE)
    times = []
    for _ in range(2):
        out, seconds = build(myst, folder, parts)
        assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
        times.append(seconds)
    print(f"myst build --site of 12 blocks: {times[0]:.1f} s cold, {times[1]:.1f} s cached")
    return folder, times, out.stdout + out.stderr


def tree(folder: Path, page: str) -> dict:
    return json.loads((folder / "_build" / "site" / "content" / f"{page}.json").read_text())


def nodes(node, kind: str) -> list:
    found = [node] if isinstance(node, dict) and node.get("type") == kind else []
    for child in (node.get("children") or []) if isinstance(node, dict) else []:
        found += nodes(child, kind)
    return found


def theme_html(react: Path, folder: Path, page: str, tmp_path: Path) -> str:
    """The page's built JSON rendered by the book theme's node renderers (myst-to-react)."""
    (tmp_path / "node_modules").symlink_to(react / "node_modules")
    (tmp_path / "render.mjs").write_text(RENDER_JS)
    page_json = folder / "_build" / "site" / "content" / f"{page}.json"
    out = subprocess.run(["node", str(tmp_path / "render.mjs"), str(page_json)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_the_built_pages_hold_the_blocks(site):
    folder, _, log = site
    assert "symconv (symconv-myst) loaded: 1 directive, 0 roles, 1 transform" in log
    assert "⚠" not in log and "⛔" not in log, log[-2000:]  # ':key:' options raise no warning
    page = tree(folder, "ten")
    blocks = nodes(page["mdast"], "math")
    assert len(blocks) == len(BLOCKS) and not nodes(page["mdast"], "symconvBlock")
    assert all(b["enumerated"] is False and "enumerator" not in b for b in blocks)  # no equation numbers
    assert_page_holds_blocks("".join(b["html"] for b in blocks))
    [shown] = nodes(tree(folder, "index")["mdast"], "math")
    assert "The reference example" in shown["html"] and "<math" in shown["html"]
    colon, again = nodes(tree(folder, "more")["mdast"], "math")
    assert "numpy.convolve(a, b, mode=" in colon["html"] and "max |error| = 0" in colon["html"]
    # ids are unique per page: the title the ten's first block also has is this page's first
    assert 'id="symconv-a-1d-convolution"' in again["html"]


def test_a_latex_export_typesets_each_derivation(myst, tmp_path):
    """MyST's LaTeX export (with no template, so nothing is downloaded) of the ten blocks: each
    block's equation node carries its derivation's TeX; the exercise a line pointing to the web."""
    folder = tmp_path / "tex"
    parts = make_project(folder)
    (folder / "index.md").write_text(ten_blocks())
    (folder / "myst.yml").write_text(parts["myst.yml"].replace("project:\n", "project:\n  exports:\n"
                                     "    - format: tex\n      template: null\n      output: ten.tex\n", 1))
    out = subprocess.run([myst, "build", "--tex", "--strict"], cwd=folder, capture_output=True, text=True,
                         timeout=900, env={**os.environ, "NO_COLOR": "1"})
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    tex = (folder / "ten.tex").read_text(encoding="utf-8")
    assert tex.count("\\begin{aligned}") == len(BLOCKS) - 1  # every block but the exercise
    assert "c[3] &= a[1]\\,b[2] + a[2]\\,b[1] + a[3]\\,b[0] = 0.5 \\cdot 0.25 + 1 \\cdot 0.5 + 1 \\cdot 1 = 1.625" in tex
    assert "a symconv exercise: see the web version" in tex and "<math" not in tex


def test_a_typst_export_compiles_with_each_derivation(myst, tmp_path):
    """MyST's Typst export of the ten blocks (no template): each equation node carries the block's
    Typst math (MyST's own TeX-to-Typst converter cannot read every derivation), and the file
    compiles to a PDF with Typst (the `typst` package of the test extra)."""
    import typst

    folder = tmp_path / "typ"
    parts = make_project(folder)
    (folder / "index.md").write_text(ten_blocks())
    (folder / "myst.yml").write_text(parts["myst.yml"].replace("project:\n", "project:\n  exports:\n"
                                     "    - format: typst\n      template: null\n      output: ten.typ\n", 1))
    out = subprocess.run([myst, "build", "--typst"], cwd=folder, capture_output=True, text=True,
                         timeout=900, env={**os.environ, "NO_COLOR": "1"})
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    source = (folder / "ten.typ").read_text(encoding="utf-8")
    assert "c[3] &= a[1] thin b[2] + a[2] thin b[1] + a[3] thin b[0]" in source and "= 1.625" in source
    assert "a symconv exercise: see the web version" in source
    pdf = typst.compile(str(folder / "ten.typ"))
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_ids_are_unique_on_a_page(myst, tmp_path):
    folder = tmp_path / "p"
    parts = make_project(folder)
    (folder / "index.md").write_text(MORE + "\n" + MORE.split("\n", 2)[2])
    out, _ = build(myst, folder, parts)
    assert out.returncode == 0, out.stderr[-2000:]
    html = "".join(n["html"] for n in nodes(tree(folder, "index")["mdast"], "math"))
    ids = re.findall(r'class="symconv" id="([^"]+)"', html)
    assert len(ids) == 4 and len(set(ids)) == 4
    assert ids[1::2] == ["symconv-a-1d-convolution", "symconv-a-1d-convolution-2"]
    assert ids[2] == ids[0] + "-2"


def test_the_stylesheet_is_served_with_its_font(site):
    folder, _, _ = site
    config = json.loads((folder / "_build" / "site" / "config.json").read_text())
    css = folder / "_build" / "site" / "public" / config["options"]["style"].lstrip("/")
    text = css.read_text()
    assert "symconv" in css.name and '"Latin Modern Math"' in text and "data:font/woff2;base64,d09GMk" in text


def test_the_theme_renders_the_blocks_offline(site, react, browser, tmp_path):
    """The book theme's renderers put each block's HTML on the page as it is; with the copied
    stylesheet, Chromium lays out every formula in the bundled font with the network refused."""
    folder, _, _ = site
    html = theme_html(react, folder, "ten", tmp_path)
    assert_page_holds_blocks(html)
    assert html.count('<div class="symconv-myst">') == len(BLOCKS) and "katex" not in html
    config = json.loads((folder / "_build" / "site" / "config.json").read_text())
    public = folder / "_build" / "site" / "public"
    page = public / "ten.html"
    page.write_text(f'<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" '
                    f'href="{config["options"]["style"].lstrip("/")}"></head><body><article>{html}</article>'
                    f'</body></html>')
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                  else route.abort())
    requests: list = []
    view = context.new_page()
    view.on("request", lambda r: requests.append(r.url))
    problems = offline_problems(view, page, requests, "ten.html")
    # the exercise's answer form is hidden (no script runs): its formula is the one not laid out
    hidden = view.evaluate("() => [...document.querySelectorAll('.symconv-answer')]"
                           ".map(f => [getComputedStyle(f).display, f.querySelectorAll('math').length])")
    maths = view.evaluate("() => document.querySelectorAll('math').length")
    context.close()
    assert hidden == [["none", 1]]
    assert problems in ([], [f"ten.html: {maths} math elements, 1 not rendered"]), problems


def test_a_bad_block_fails_the_strict_build_naming_file_and_line(myst, tmp_path):
    folder = tmp_path / "bad"
    parts = make_project(folder)
    (folder / "notes").mkdir()
    (folder / "notes" / "week1.md").write_text(f"# Week 1\n\nText.\n\n```{{symconv}}\n{BAD_BLOCK}\n```\n")
    (folder / "notes" / "week2.md").write_text(
        "# Week 2\n\n```{symconv}\n---\nop: convolve\na: 1, 2\n---\nb: 3\n```\n")
    out, _ = build(myst, folder, parts)
    log = out.stdout + out.stderr
    assert out.returncode != 0, log[-2000:]
    said = r"^notes/week1\.md:5: symconv block starting 'op: convolve': " + re.escape(BAD_MESSAGE)
    assert re.search(said, log, re.M), log
    assert re.search(r"^notes/week2\.md:3: .*option 'op' is given as a MyST option \(a --- block\)", log, re.M), log
    assert "Traceback" not in log


def test_the_plugin_speaks_one_line_on_bad_input(tmp_path):
    """The installed executable itself: its spec, and junk from MyST answered by one line on
    stderr and nothing on stdout."""
    subprocess.run([sys.executable, "-m", "symconv.myst", "install", str(tmp_path)], check=True,
                   capture_output=True)
    script = str(tmp_path / SCRIPT)
    spec = json.loads(subprocess.run([script], capture_output=True, text=True, check=True).stdout)
    assert spec["directives"][0]["name"] == "symconv" and spec["transforms"][0]["name"] == "symconv-html"
    bad_key = json.dumps({"node": {"value": "a: 1, 2\nb: 3\ncolour: red", "position": {"start": {"line": 4}}}})
    with_arg = json.dumps({"node": {"args": "x", "value": "a: 1\nb: 2"}})
    for args, stdin, said in ((["--directive", "symconv"], "not json", "not JSON"),
                              (["--directive", "symconv"], "x" * (9 << 20), "larger than"),
                              (["--directive", "symconv"], bad_key,
                               "4: symconv block starting 'a: 1, 2': unknown key 'colour'"),
                              (["--directive", "symconv"], with_arg, "no argument"),
                              (["--role", "x"], "", "expected no argument")):
        out = subprocess.run([script, *args], input=stdin, capture_output=True, text=True, cwd=tmp_path)
        assert out.returncode == 1 and out.stdout == "" and len(out.stderr.strip().splitlines()) == 1, out
        assert said in out.stderr, out.stderr
    page = {"type": "root", "children": [{"type": "paragraph", "children": []}]}
    out = subprocess.run([script, "--transform", "symconv-html"], input=json.dumps(page), capture_output=True,
                         text=True, check=True)
    assert out.stdout == "{}"  # a page without blocks is left as it is


def test_install_refuses_a_file_it_did_not_write(tmp_path):
    from symconv.errors import InputError
    from symconv.myst import install

    (tmp_path / SCRIPT).write_text("#!/bin/sh\necho mine\n")
    with pytest.raises(InputError, match="was not written by"):
        install(tmp_path)
    assert (tmp_path / SCRIPT).read_text() == "#!/bin/sh\necho mine\n"
