"""The worked-example site: strict build, a user's own site, determinism, and a real browser."""

import filecmp
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "screenshots"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build(config: Path, dest: Path, strict: bool = True, cache: Path | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build`` into ``dest``; the site's figure cache is ``cache`` (default: a new, empty one)."""
    args = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(dest)]
    if strict:
        args.append("--strict")
    env = {**ENV, "SYMCONV_CACHE_DIR": str(cache or dest.with_name(dest.name + "-cache"))}
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    result = build(ROOT / "mkdocs.yml", dest)
    assert result.returncode == 0, result.stderr
    return dest


def test_site_has_every_page(site):
    for page in ("index.html", "step-by-step.html", "convolution-vs-correlation.html",
                 "output-indices.html", "modes.html", "symbolic.html", "gallery.html",
                 "reference/fence.html", "reference/cli.html", "reference/api.html",
                 "2d-step-by-step.html", "cnn-cross-correlation.html", "stride-padding-dilation.html",
                 "infinite-sequences.html", "check-a-derivation.html", "exercises.html", "animations.html",
                 "padding-modes.html", "channels-groups-bias.html", "same-padding.html", "transposed-convolution.html",
                 "four-ways.html", "overlap-add-save.html", "circular-convolution.html",
                 "platforms/index.html", "platforms/mkdocs.html", "platforms/sphinx.html", "platforms/myst-md.html",
                 "platforms/quarto.html", "platforms/notebooks.html",
                 "assets/symconv/symconv-selfcheck.js",
                 "assets/symconv/symconv.css", "assets/symconv/latinmodern-math.woff2"):
        assert (site / page).exists(), page
    step = (site / "step-by-step.html").read_text()
    assert "<mn>1.625</mn>" in step and 'class="symconv-strip"' in step
    assert "arithmatex" not in step and "symconv-error" not in step
    gallery = (site / "gallery.html").read_text()
    assert "worked examples, shown in" in gallery and gallery.count('href="step-by-step.html#symconv-') == 5
    assert "every n" in gallery and "stride 2, padding 1" in gallery  # true metadata
    assert '<a href="infinite-sequences.html">Convolution of infinite sequences</a><a class="headerlink"' in gallery
    assert gallery.index("The reference example") < gallery.index("Two rectangular windows")  # nav order
    # each row names the library function and gives the result, in the site's notation
    assert '<code class="symconv-op">scipy.<wbr>signal.<wbr>convolve2d</code>' in gallery
    assert "c[0…5] = (1, 1, 1.5, 1.625, 0.75, 0.25)" in gallery and "c[−2…2] = (0.5, 2, 3.5, 3, 0)" in gallery
    assert "c[0…6] = (1, 2, 2, 2, 2, −4, −5)" in gallery
    assert "y = [2\u00a05\u00a03\u00a01; 6\u00a04\u00a05\u00a04; 1\u00a07\u00a08\u00a02; 3\u00a02\u00a03\u00a05]" in gallery
    row = next(r for r in gallery.split("<tr") if "The unit step convolved with itself" in r)
    assert "<td data-label=\"Result\"><span class=\"symconv-math-inline\"><math>" in row  # typeset, as on its page
    assert "(2 + 4i, −4 − i, 1 + 3i, −0.5i)" in gallery  # the imaginary unit of the site's math
    assert "87 worked examples, shown in 108 blocks." in gallery and "(another view of" in gallery
    api = (site / "reference" / "api.html").read_text()
    assert "symconv.convolve" in api and "numpy.convolve" in api
    keys = (site / "reference" / "fence.html").read_text()  # examples survive the Markdown table
    assert "<code>{a: 0.5, N: 4}</code>" in keys and '<code>{a: "0 &lt; |a| &lt; 1", N: positive}</code>' in keys


@pytest.mark.parametrize("warm", [False, True], ids=["cold-cache", "warm-cache"])
def test_two_builds_are_identical(site, tmp_path, warm):
    again = tmp_path / "again"
    cache = site.with_name(site.name + "-cache") if warm else None
    if warm:
        assert len(list(cache.glob("*.svg"))) >= 2  # the first build filled it
    assert build(ROOT / "mkdocs.yml", again, cache=cache).returncode == 0
    differing = []

    def walk(cmp: filecmp.dircmp, prefix=""):
        assert not cmp.left_only and not cmp.right_only
        for name in cmp.common_files:
            if name.startswith("sitemap.xml"):
                continue
            if (Path(cmp.left) / name).read_bytes() != (Path(cmp.right) / name).read_bytes():
                differing.append(prefix + name)
        for name, sub in cmp.subdirs.items():
            walk(sub, prefix + name + "/")

    walk(filecmp.dircmp(site, again))
    assert differing == []


def _user_site(tmp_path: Path, page: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(textwrap.dedent(page))
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\nplugins:\n  - symconv\n")
    return tmp_path / "mkdocs.yml"


def test_a_users_site_gains_fences_and_math_with_one_line(tmp_path):
    config = _user_site(tmp_path, """
        # Mine

        Inline $\\sum_m a[m]$ and display:

        $$
        c[n] = \\frac{1}{2}
        $$

        ```symconv
        a: 1, 2
        b: 3, 4
        ```
        """)
    result = build(config, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "index.html").read_text()
    assert html.count("<math") >= 3 and "arithmatex" not in html
    assert 'class="symconv"' in html and "symconv.css" in html
    assert (tmp_path / "out" / "assets" / "symconv" / "latinmodern-math.woff2").exists()


@pytest.mark.parametrize("page, message", [
    ("```symconv\na: 1, nan\nb: 1\n```\n", "'nan' is not a finite number"),
    ("```symconv\na: 1\nb: 1\ncolour: red\n```\n", "unknown key 'colour'"),
    ("```symconv\na: __import__('os')\nb: 1\n```\n", "not allowed"),
    ("Broken $\\frac{1}{$ math.\n", "LaTeX error"),
])
def test_bad_input_fails_strict_naming_the_page(tmp_path, page, message):
    config = _user_site(tmp_path, "# Page\n\n" + page)
    strict = build(config, tmp_path / "strict")
    assert strict.returncode != 0
    assert "index.md" in strict.stderr and message in strict.stderr
    loose = build(config, tmp_path / "loose", strict=False)
    assert loose.returncode == 0
    assert "symconv-error" in (tmp_path / "loose" / "index.html").read_text()


# -- the browser -----------------------------------------------------------------------------
from browser_checks import INSPECT_JS, READY_JS  # noqa: E402 - shared with the other platforms' checks


def _pages(site: Path):
    return sorted(p for p in site.rglob("*.html"))


def test_every_page_renders_offline_in_chromium(site, browser):
    SCREENSHOTS.mkdir(exist_ok=True)
    problems = []
    checked = 0
    for width in (1200, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        for path in _pages(site):
            name = f"{path.relative_to(site)} @{width}px"
            requests.clear()
            page.goto(path.as_uri(), wait_until="load")
            assert page.evaluate(READY_JS) == "ok", f"{name}: fonts never became ready"
            info = page.evaluate(INSPECT_JS)
            external = [u for u in requests if not u.startswith(("file:", "data:", "blob:"))]
            if external:
                problems.append(f"{name}: external requests {external}")
            if info["maths"] != info["holders"] or info["unrendered"]:
                problems.append(f"{name}: {info['maths']} math elements for {info['holders']} formulas, "
                                f"{info['unrendered']} not rendered")
            if info["tallInline"]:
                problems.append(f"{name}: {info['tallInline']} inline formulas not laid out inline")
            if info["leftover"] or info["rawTex"]:
                problems.append(f"{name}: math errors or raw TeX left on the page")
            if info["maths"] and not info["fontLoaded"]:
                problems.append(f"{name}: the math font did not load")
            if info["scrollWidth"] > info["innerWidth"]:
                problems.append(f"{name}: page overflows ({info['scrollWidth']} > {info['innerWidth']})")
            broken = [src for src, ok in info["images"] if not ok]
            if broken:
                problems.append(f"{name}: images not loaded {broken}")
            if path.name in ("step-by-step.html", "2d-step-by-step.html", "stride-padding-dilation.html",
                             "infinite-sequences.html"):
                page.screenshot(path=str(SCREENSHOTS / f"{path.stem}-{width}.png"), full_page=True)
            checked += 1
        context.close()
    assert checked == 2 * len(_pages(site)) and checked >= 22
    assert problems == []
    # The reference page really holds its derivation, table and plots.
    assert (SCREENSHOTS / "step-by-step-1200.png").stat().st_size > 50_000


# -- figures: legible on a phone, readable in the dark scheme ---------------------------------
FIGURES_JS = """
() => [...document.querySelectorAll('.symconv-figure svg')].map(svg => {
  const box = svg.getBoundingClientRect(), view = svg.viewBox.baseVal;
  const scale = box.width / view.width;  // CSS px per SVG unit, from the size and the viewBox
  const fonts = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return {title: svg.querySelector('title').textContent, scale, smallest: Math.min(...fonts),
          aspect: [box.height / box.width, view.height / view.width],
          caption: (svg.parentElement.querySelector('figcaption') || {}).textContent || ''};
})
"""

CONTRAST_JS = """
() => {
  const rgba = s => { const m = s.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                     return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const over = (fg, bg) => [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const pageBg = el => { for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor);
                           if (c[3] > 0) return c; } return [255, 255, 255, 1]; };
  const out = {text: [], lines: []};
  for (const svg of document.querySelectorAll('.symconv-figure svg')) {
    const bg = pageBg(svg).slice(0, 3);
    const rects = [...svg.querySelectorAll('rect')].filter(r => getComputedStyle(r).fill !== 'none');
    for (const t of svg.querySelectorAll('text, tspan')) {
      if (!t.textContent.trim()) continue;
      const b = t.getBBox(), x = b.x + b.width / 2, y = b.y + b.height / 2;
      const under = rects.filter(r => { const q = r.getBBox(); return q.x <= x && x <= q.x + q.width && q.y <= y && y <= q.y + q.height; }).pop();
      const back = under ? over(rgba(getComputedStyle(under).fill), bg) : bg;
      out.text.push([ratio(over(rgba(getComputedStyle(t).fill), back), back), t.textContent]);
    }
    for (const el of svg.querySelectorAll('line, path, rect, circle')) {
      const s = getComputedStyle(el);
      const paint = s.stroke !== 'none' ? s.stroke : s.fill;
      if (paint === 'none' || el.tagName === 'rect' && s.stroke === 'none') continue;
      out.lines.push([ratio(over(rgba(paint), bg), bg), el.getAttribute('class')]);
    }
  }
  return out;
}
"""


def _figure_pages(site: Path):
    return [p for p in _pages(site) if 'class="symconv-figure"' in p.read_text()]


def test_figure_text_is_at_least_11px_on_a_phone(site, browser):
    """Items 2 and 3 of the site issue: every figure's text, scaled by its rendered width over
    its viewBox, is at least 11 CSS px in a 390 px viewport; figures keep their aspect ratio and
    carry a caption."""
    pages = _figure_pages(site)
    assert len(pages) >= 4
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    problems, seen = [], 0
    for path in pages:
        page.goto(path.as_uri(), wait_until="load")
        for fig in page.evaluate(FIGURES_JS):
            seen += 1
            name = f"{path.name}: {fig['title'][:60]}"
            if fig["smallest"] < 11:
                problems.append(f"{name}: text {fig['smallest']:.1f} px at scale {fig['scale']:.2f}")
            if abs(fig["aspect"][0] - fig["aspect"][1]) > 0.01:
                problems.append(f"{name}: drawn at aspect {fig['aspect'][0]:.3f}, viewBox {fig['aspect'][1]:.3f}")
            if len(fig["caption"]) < 20:
                problems.append(f"{name}: no caption")
    context.close()
    assert seen >= 10 and problems == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_figures_have_contrast_in_both_colour_schemes(site, browser, scheme):
    """Item 5: with Material's palette toggle on slate, figure text keeps a contrast of 4.5 and
    lines and markers 3 against what lies behind them (computed colours, WCAG luminance)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    problems, texts = [], 0
    for path in _figure_pages(site):
        page.goto(path.as_uri(), wait_until="load")
        if page.evaluate("document.body.dataset.mdColorScheme") != scheme:
            page.locator(f'label[for="__palette_{1 if scheme == "slate" else 0}"]').first.click()
        assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
        found = page.evaluate(CONTRAST_JS)
        texts += len(found["text"])
        problems += [f"{path.name}: text {what!r} {r:.2f}" for r, what in found["text"] if r < 4.5]
        problems += [f"{path.name}: {what} {r:.2f}" for r, what in found["lines"] if r < 3]
        if path.name == "2d-step-by-step.html":
            page.locator(".symconv-figure").first.screenshot(path=str(SCREENSHOTS / f"figure-2d-{scheme}.png"))
    context.close()
    assert texts > 200 and problems == []


def test_a_build_reports_its_fences_and_figures(tmp_path):
    """Item 17: one INFO line after the build counts the fences and the figures drawn or cached."""
    config = _user_site(tmp_path, """
        # Mine

        ```symconv
        a: 1, 2
        b: 3, 4
        ```

        ```symconv
        op: conv2d
        a: 1 2; 3 4
        b: 1
        show: [figure, overview]
        ```
        """)
    first = build(config, tmp_path / "first")
    assert first.returncode == 0, first.stderr
    assert re.search(r"INFO +- +symconv: 2 fences, 3 figures drawn, 0 from cache, \d+\.\d s", first.stderr)
    again = build(config, tmp_path / "again")
    assert re.search(r"symconv: 2 fences, 0 figures drawn, 3 from cache, \d+\.\d s", again.stderr)


_OVERFLOW = """() => {
  const out = [];
  for (const el of document.querySelectorAll('.symconv-math, .symconv-table-wrap, .md-typeset__scrollwrap')) {
    if (el.offsetParent === null) continue;  // the layout not shown at this width
    if (el.scrollWidth > el.clientWidth + 1)
      out.push([el.className, el.scrollWidth, el.clientWidth, (el.textContent || '').slice(0, 40)]);
  }
  return out;
}"""


@pytest.mark.parametrize("width", [390, 1200, 1440])
def test_no_derivation_or_table_is_wider_than_its_column(site, browser, width):
    """Derivations reflow (index form, products and value on lines of their own on a phone),
    strip tables turn into lists and the pages' own wide tables into cards, so that nothing hides
    behind a sideways scroll; at 1440 px Material shows its navigation beside the page."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    hidden = {}
    for path in sorted(site.rglob("*.html")):
        if "assets" in path.parts or path.name == "404.html":
            continue
        page.goto(path.as_uri())
        page.wait_for_timeout(100)
        wide = page.evaluate(_OVERFLOW)
        if wide:
            hidden[str(path.relative_to(site))] = wide
        if width >= 1200:  # a desktop column shows the wide or the medium layout, never the phone's
            phone = page.evaluate(_PHONE_LAYOUT)
            if phone:
                hidden[f"{path.relative_to(site)} (phone layout)"] = phone
    page.close()
    assert hidden == {}
    assert (site / "step-by-step.html").read_text().count('class="symconv-narrow"') >= 3


#: Titles of the blocks whose derivation shows its phone layout (neither the wide nor the medium one).
_PHONE_LAYOUT = """() => [...document.querySelectorAll('.symconv-reflow')]
  .filter(e => !e.parentElement.closest('.symconv-reflow') && !e.querySelector('.symconv-table-wrap'))
  .filter(e => {
    const [wide, narrow] = e.children;
    if (getComputedStyle(wide).display !== 'none') return false;
    const medium = narrow.querySelector(':scope > .symconv-reflow');
    return !(medium && getComputedStyle(medium.children[0]).display !== 'none');
  })
  .map(e => (e.closest('.symconv')?.querySelector('.symconv-title')?.textContent || '?').slice(0, 60))"""


# -- item 15: search and the 404 page, from disk -------------------------------------------------
def _index(site: Path) -> dict:
    import json

    return {doc["location"]: doc["text"] for doc in json.loads((site / "search/search_index.json").read_text())["docs"]}


def test_the_search_index_reads_math_as_text(site):
    """The index holds each formula once, as a reader writes it in running text: ``1/2 ⋅ 1``,
    not the ``12⋅1`` of its stripped MathML, and not twice (the phone layout is not indexed)."""
    docs = _index(site)
    assert not any("<math" in text or "<mfrac" in text for text in docs.values())
    fractions = docs["step-by-step.html#as-fractions"]
    assert "c[1] = a[0] b[1] + a[1] b[0] = 1 ⋅ 1/2 + 1/2 ⋅ 1 = 1;" in fractions
    assert fractions.count("c[1] = a[0] b[1]") == 1
    assert "(a^(n + 1) − 1)/(a − 1)" in docs["infinite-sequences.html#anun-un-the-running-sum-of-a-geometric-sequence"]
    assert "k̃ = [1 2 0; 0 1 1; −1 0 1]" in docs["2d-step-by-step.html"] + "".join(
        t for k, t in docs.items() if k.startswith("2d-step-by-step.html#"))
    assert "data-search-exclude" not in (site / "step-by-step.html").read_text()


SEARCH_JS = """async (query) => {
  document.querySelector('label[for="__search"]').click();
  const input = document.querySelector('input[data-md-component="search-query"]');
  input.focus(); input.value = query; input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));
  for (let k = 0; k < 100; k++) {
    const items = document.querySelectorAll('.md-search-result__item');
    if (items.length) return [...items].map(i => i.textContent.replace(/\\s+/g, ' ').trim().slice(0, 80));
    await new Promise(r => setTimeout(r, 50));
  }
  return [];
}"""


def test_search_works_from_disk_without_the_network(site, browser):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((site / "index.html").as_uri(), wait_until="load")
    results = page.evaluate(SEARCH_JS, "rotated")
    page.close()
    assert results and any("2D" in r or "rotat" in r.lower() for r in results), results
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))] == []


def test_the_404_page_works_from_disk(site, browser):
    """Styled, and every link on it leads to a page that exists."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto((site / "404.html").as_uri(), wait_until="load")
    styled = page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position")
    links = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)"
                          ".filter(h => h.startsWith('file:')).map(h => h.split('#')[0])")
    page.close()
    assert styled == "sticky"
    missing = sorted({h for h in links if not Path(h.removeprefix("file://")).exists()})
    assert len(links) > 10 and missing == []
    assert 'Start from the <a href="index.html">home page</a>' in (site / "404.html").read_text()


def test_a_served_site_keeps_the_404_pages_absolute_links(tmp_path):
    """With site_url (a web server), MkDocs' absolute links stay: the 404 page works at any depth."""
    config = _user_site(tmp_path, "# Mine\n")
    config.write_text(config.read_text() + "site_url: https://example.org/notes/\ntheme:\n  name: material\n  font: false\n")
    result = build(config, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "404.html").read_text()
    assert 'href="/notes/assets/' in page and '<a href="https://example.org/notes/">home page</a>' in page


def test_a_self_check_exercise_grades_in_the_browser(site, browser):
    """The exercise block's script, from disk: the right answer, a classic mistake and garbage,
    each checked against what symconv.grade says (the same answer key)."""
    import json as _json

    import symconv

    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / "exercises.html").as_uri(), wait_until="load")
    block = page.locator(".symconv-exercise").first
    key = _json.loads(block.get_attribute("data-symconv-key"))
    ex = symconv.exercise(seed=7)
    assert key == {**ex.answer_key(), "name": "c"}

    def check(values, start) -> str:
        block.locator("input[name=c]").fill(values)
        block.locator("input[name=start]").fill(str(start))
        block.locator("button").click()
        return block.locator(".symconv-verdict").inner_text()

    assert check(", ".join(key["values"]), key["start"]).startswith("✓ correct (score 100%)")
    assert check(", ".join(key["values"]), "").startswith("Incomplete: the samples are right")
    for mistake in key["mistakes"]:
        verdict = check(", ".join(mistake["values"]), key["start"])
        assert verdict.startswith(f"✗ {mistake['diagnosis']} ") and mistake["feedback"] in verdict
    slip = list(key["values"])
    slip[2] = str(int(slip[2]) + 1)
    verdict = check(", ".join(slip), key["start"])
    g = ex.grade(slip, start=key["start"])
    assert verdict.startswith(f"✗ {g.diagnosis} (score {round(g.score * 100)}%)") and f"c[2] should be {key['shown'][2]}, not {slip[2]}".replace("-", "−") in verdict
    assert check("1, <img src=x onerror=alert(1)>", 0).startswith("Type the samples")
    assert page.locator(".symconv-exercise img").count() == 0 and not errors
    block.locator("summary").click()
    assert block.locator("details .symconv-reflow, details math").count() >= 1
    assert block.locator("details .symconv-check").inner_text().startswith("✓ checked against numpy.convolve")
    # each exercise's label points at its own box (ids are the block's, not the first block's)
    second = page.locator(".symconv-exercise").nth(1)
    second.locator("label", has_text="first index").click()
    assert page.evaluate("document.activeElement.id") == second.locator("input[name=start]").get_attribute("id")


def test_the_lint_block_shows_findings_beside_their_lines(site):
    html = (site / "check-a-derivation.html").read_text()
    assert html.count('class="symconv-bad"') == 4 and "4 findings, the first at line 3." in html
    assert "<strong>wrong-index</strong>: b[−m] should be b[1 − m]" in html


def test_every_id_on_every_page_is_unique_and_clean(site):
    """A block that names its id more than once (the exercise's inputs and labels) gets its own
    id everywhere: no placeholder left, no id shared by two blocks."""
    import re as _re
    from collections import Counter as _Counter

    for path in sorted(site.rglob("*.html")):
        html = path.read_text()
        assert "\x00" not in html, path.name
        ids = _Counter(_re.findall(r'\bid="([^"]+)"', html))
        assert not [i for i, n in ids.items() if n > 1], (path.name, [i for i, n in ids.items() if n > 1][:5])
