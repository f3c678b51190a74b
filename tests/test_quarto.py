"""Quarto and Pandoc as one platform: the Lua filter `symconv quarto install` puts into a project,
run by Debian's real `pandoc` exactly as docs/platforms/quarto.md shows (the page's document and
commands are read from the page), renders the ten shared blocks to HTML with MathML and to LaTeX;
a bad block makes pandoc exit non-zero naming the file and line. Quarto itself cannot be
installed here; its filter is this Pandoc filter."""

import html
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tools import require_tool

from platform_blocks import BAD_BLOCK, BAD_MESSAGE, BLOCKS, assert_page_holds_blocks

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "platforms" / "quarto.md"
FENCE = re.compile(r'^(?P<fence>`{3,})(?P<lang>\w+)(?: title="(?P<title>[^"]+)")?\n(?P<body>.*?)^(?P=fence)$',
                   re.S | re.M)
#: The symconv of this checkout (the venv running the tests), which the filter must run.
SYMCONV = Path(sys.executable).with_name("symconv")
#: The stylesheet's @font-face (Pandoc's template indents what it puts in <head>).
FONT_FACE = re.compile(r'@font-face \{\s*font-family: "Latin Modern Math";\s*src: url\("data:font/woff2;base64,')


@pytest.fixture(scope="module")
def pandoc() -> str:
    return require_tool("pandoc", "apt-get install pandoc")


def page() -> tuple[str, list[list[str]], str]:
    """What the page shows: the document, the commands (install and the pandoc runs), the error."""
    blocks = [m.groupdict() for m in FENCE.finditer(PAGE.read_text(encoding="utf-8"))]
    documents = [b["body"] for b in blocks if b["title"] == "notes.qmd"]
    commands = [shlex.split(line) for b in blocks if b["lang"] == "bash" for line in b["body"].splitlines()]
    errors = [b["body"] for b in blocks if b["lang"] == "text"]
    assert len(documents) == 1 and len(errors) == 1
    assert ["symconv", "quarto", "install"] in commands and ["quarto", "render", "notes.qmd"] in commands
    return documents[0], commands, errors[0]


def pandoc_commands(output: str) -> list[str]:
    """The page's pandoc command that writes ``output`` (notes.html or notes.tex)."""
    _, commands, _ = page()
    found = [c for c in commands if c[0] == "pandoc" and c[-2:] == ["-o", output]]
    assert len(found) == 1, output
    return found[0]


def install(project: Path) -> subprocess.CompletedProcess:
    assert SYMCONV.exists(), f"{SYMCONV} is missing: pip install -e . in the venv running the tests"
    return subprocess.run([str(SYMCONV), "quarto", "install"], cwd=project, capture_output=True, text=True,
                          timeout=120)


def build(pandoc: str, project: Path, output: str, document: str | None = None,
          env: dict | None = None) -> subprocess.CompletedProcess:
    """Install the extension into ``project`` as the page shows, write the page's notes.qmd (or
    ``document``) and run the page's pandoc command for ``output``, with this checkout's symconv."""
    if not (project / "_extensions" / "symconv").exists():
        result = install(project)
        assert result.returncode == 0, result.stderr
    text, _, _ = page()
    (project / "notes.qmd").write_text(text if document is None else document, encoding="utf-8")
    argv = pandoc_commands(output)
    return subprocess.run([pandoc, *argv[1:]], cwd=project, capture_output=True, text=True, timeout=600,
                          env={"PATH": "/usr/bin:/bin", "SYMCONV": str(SYMCONV), **(env or {})})


def ten_blocks(before: str = "") -> str:
    return ("---\ntitle: Ten blocks\nfilters:\n  - symconv\n---\n\n" + before
            + "\n".join(f"## {name}\n\n```symconv\n{body}\n```\n" for name, body, _ in BLOCKS))


def test_the_page_builds_as_shown(pandoc, tmp_path):
    result = build(pandoc, tmp_path, "notes.html")
    assert result.returncode == 0, result.stderr
    page_html = (tmp_path / "notes.html").read_text(encoding="utf-8")
    assert "The reference example" in page_html and "<mn>1.625</mn>" in page_html
    assert len(FONT_FACE.findall(page_html)) == 1
    assert FONT_FACE.search(page_html.split("</head>")[0]), "the stylesheet is in <head>"
    assert "<script>" not in page_html, "no exercise, no script"


def test_the_ten_blocks_build_to_html(pandoc, tmp_path):
    result = build(pandoc, tmp_path, "notes.html", ten_blocks())
    assert result.returncode == 0, result.stderr
    page_html = (tmp_path / "notes.html").read_text(encoding="utf-8")
    assert_page_holds_blocks(page_html)
    assert len(FONT_FACE.findall(page_html)) == 1, "the stylesheet once"
    assert page_html.count("symconv self-check exercises") == 1, "the exercise's script once"
    body = page_html.split("</head>")[1]
    assert "\\[" not in body and "arithmatex" not in body and "symconv-error" not in body
    assert "<pre" not in body, "no block left as code"
    ids = re.findall(r'<div class="symconv[^"]*" id="([^"]+)"', page_html)
    assert len(ids) == len(BLOCKS) == len(set(ids))


def test_the_html_page_works_offline(pandoc, tmp_path, browser):
    from browser_checks import offline_problems

    result = build(pandoc, tmp_path, "notes.html", ten_blocks())
    assert result.returncode == 0, result.stderr
    view = browser.new_page(viewport={"width": 1200, "height": 900})
    requests: list = []
    view.on("request", lambda r: requests.append(r.url))
    problems = offline_problems(view, tmp_path / "notes.html", requests, "notes.html")
    view.close()
    assert not problems, problems


def test_the_ten_blocks_build_to_latex(pandoc, tmp_path):
    result = build(pandoc, tmp_path, "notes.tex", ten_blocks())
    assert result.returncode == 0, result.stderr
    tex = (tmp_path / "notes.tex").read_text(encoding="utf-8")
    assert "<math" not in tex and "<div" not in tex and "\\begin{aligned}" in tex
    assert tex.count("\\begin{aligned}") == len(BLOCKS)  # nine derivations and the exercise's solution
    assert "\\textbf{A 1D convolution}" in tex and "\\textbf{Practice}" in tex
    assert "c[3] &= a[1]\\,b[2] + a[2]\\,b[1] + a[3]\\,b[0] = 0.5 \\cdot 0.25 + 1 \\cdot 0.5 + 1 \\cdot 1 = 1.625" in tex
    assert " ".join(tex.split()).count("max \\textbar error\\textbar{} = 0") == len(BLOCKS)  # every check
    assert "torch.nn.functional.conv2d" in tex and "scipy.signal.convolve2d" in tex
    engine = shutil.which("lualatex") or shutil.which("xelatex")
    if engine:  # not on our machines (no TeX is installed for this); compiled where there is one
        compiled = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "notes.tex"],
                                  cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert compiled.returncode == 0, compiled.stdout[-3000:]
        assert (tmp_path / "notes.pdf").stat().st_size > 10_000


def test_user_text_stays_text_in_latex(pandoc, tmp_path):
    title = "A \\input{/etc/passwd} $x$ <b>bold</b> `code` *em*"
    document = f"# Notes\n\n```symconv\na: 1, 2\nb: 3\ntitle: '{title}'\n```\n"
    result = build(pandoc, tmp_path, "notes.tex", document)
    assert result.returncode == 0, result.stderr
    tex = (tmp_path / "notes.tex").read_text(encoding="utf-8")
    assert "\\input{/etc/passwd}" not in tex and "\\textbackslash input\\{/etc/passwd\\}" in tex
    assert "\\textbf{bold}" not in tex and "\\(x\\)" not in tex


def test_math_tex_for_mathjax(pandoc, tmp_path):
    document = ("---\nsymconv:\n  math: tex\nheader-includes: <meta name=\"kept\" content=\"yes\">\n---\n\n"
                "```symconv\na: 1, 2\nb: 3\nshow: [derivation]\n```\n")
    result = build(pandoc, tmp_path, "notes.html", document)
    assert result.returncode == 0, result.stderr
    page_html = (tmp_path / "notes.html").read_text(encoding="utf-8")
    assert "<math" not in page_html and '<div class="arithmatex math notranslate nohighlight">\\[' in page_html
    head = page_html.split("</head>")[0]
    assert '<meta name="kept" content="yes">' in head and FONT_FACE.search(head), "the page's own head kept"
    bad = build(pandoc, tmp_path, "notes.html", document.replace("math: tex", "math: katex"))
    assert bad.returncode != 0 and "symconv.math must be mathml or tex, got 'katex'" in bad.stderr


def test_the_braced_form_and_other_code_blocks(pandoc, tmp_path):
    document = ("# Notes\n\n```{symconv}\na: 1, 2\nb: 3\ntitle: Braced\n```\n\n"
                "```python\nprint('left alone')\n```\n")
    result = build(pandoc, tmp_path, "notes.html", document)
    assert result.returncode == 0, result.stderr
    page_html = html.unescape((tmp_path / "notes.html").read_text(encoding="utf-8"))
    assert "Braced" in page_html and "<math" in page_html
    assert "left alone" in page_html and page_html.count("<pre") == 1, "the Python block stays code"


@pytest.mark.parametrize("output", ["notes.html", "notes.tex"])
def test_a_bad_block_fails_naming_file_and_line(pandoc, tmp_path, output):
    # The page's own document, its block replaced by the bad one: the page's error, verbatim.
    text, _, error = page()
    body = re.search(r"```symconv\n(.*?)\n```", text, re.S).group(1)
    result = build(pandoc, tmp_path, output, text.replace(body, BAD_BLOCK))
    assert result.returncode != 0
    first = error.splitlines()[0].split(", b, …")[0]
    assert first in result.stderr and BAD_MESSAGE in result.stderr
    assert error.splitlines()[2] in result.stderr
    assert not (tmp_path / output).exists()


def test_the_line_of_a_bad_block_among_others(pandoc, tmp_path):
    # Before it: the same bad text shown as code (not a block), and the ten blocks; after the
    # 4-backtick fence the lines are counted on.
    shown = f"````markdown\n```symconv\n{BAD_BLOCK}\n```\n````\n\n"
    document = ten_blocks(shown) + f"\n- in a list:\n\n    ```symconv\n    {BAD_BLOCK.replace(chr(10), chr(10) + '    ')}\n    ```\n"
    line = document.splitlines().index("    ```symconv") + 1
    result = build(pandoc, tmp_path, "notes.html", document)
    assert result.returncode != 0
    assert f"symconv: error: notes.qmd:{line}: symconv block starting 'op: convolve': {BAD_MESSAGE}" in result.stderr


def test_a_missing_symconv_is_named(pandoc, tmp_path):
    result = build(pandoc, tmp_path, "notes.html", env={"SYMCONV": str(tmp_path / "no-such-symconv")})
    assert result.returncode != 0
    assert "cannot run" in result.stderr and "no-such-symconv" in result.stderr


def test_install_copies_refuses_to_clobber_and_forces(tmp_path):
    first = install(tmp_path)
    assert first.returncode == 0, first.stderr
    target = tmp_path / "_extensions" / "symconv"
    assert "installed the symconv Quarto extension" in first.stdout and "6 of 6 files" in first.stdout
    shipped = ROOT / "symconv" / "quarto" / "_extensions" / "symconv"
    assert (target / "symconv.lua").read_bytes() == (shipped / "symconv.lua").read_bytes()
    assert (target / "assets" / "latinmodern-math.woff2").read_bytes() == \
        (ROOT / "symconv" / "assets" / "latinmodern-math.woff2").read_bytes()
    again = install(tmp_path)
    assert again.returncode == 0 and "up to date" in again.stdout
    (target / "symconv.lua").write_text("-- my own changes\n")
    refused = install(tmp_path)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.strip() == (f"symconv: error: {Path('_extensions/symconv')} holds a different copy of the "
                                      f"extension (symconv.lua differs); pass --force to replace it")
    assert (target / "symconv.lua").read_text() == "-- my own changes\n"
    forced = subprocess.run([str(SYMCONV), "quarto", "install", str(tmp_path), "--force"], capture_output=True,
                            text=True, timeout=120)
    assert forced.returncode == 0 and "replaced" in forced.stdout and "1 of 6 files" in forced.stdout
    assert (target / "symconv.lua").read_bytes() == (shipped / "symconv.lua").read_bytes()


def test_install_into_a_missing_folder(tmp_path):
    result = subprocess.run([str(SYMCONV), "quarto", "install", str(tmp_path / "nowhere")], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2 and "is not a folder" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_the_batch_protocol_the_filter_speaks():
    body = "a: 1, 2\nb: 3\ntitle: Twice"
    record = f"notes.qmd:3\n{len(body.encode())}\n{body}"
    run = subprocess.run([str(SYMCONV), "block", "--batch"], input=record * 2, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    out, outputs = run.stdout.encode(), []
    while len(outputs) < 2:
        size, _, out = out.partition(b"\n")
        outputs.append(out[:int(size)].decode())
        out = out[int(size):]
    assert out == b"\n" and 'id="symconv-twice"' in outputs[0] and 'id="symconv-twice-2"' in outputs[1]
    cut = subprocess.run([str(SYMCONV), "block", "--batch"], input="notes.qmd:3\n99\nop: convolve",
                         capture_output=True, text=True, timeout=120)
    assert (cut.returncode, cut.stderr) == (2, "symconv: error: --batch input ends inside record 1\n")
    huge = subprocess.run([str(SYMCONV), "block", "--batch"], input=f"notes.qmd:7\n{10**9}\n",
                          capture_output=True, text=True, timeout=120)
    assert huge.returncode == 2 and huge.stderr.startswith("symconv: error: notes.qmd:7: the block is longer than")
