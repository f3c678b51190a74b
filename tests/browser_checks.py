"""What a browser checks on a built page with symconv blocks, on every platform: the math font
ready, every formula laid out, no raw TeX or error left, no request off the disk."""

READY_JS = """
async () => {
  const timeout = new Promise(resolve => setTimeout(() => resolve('timeout'), 5000));
  return await Promise.race([document.fonts.ready.then(() => 'ok'), timeout]);
}
"""

INSPECT_JS = """
() => {
  const maths = [...document.querySelectorAll('math')];
  const holders = document.querySelectorAll('.symconv-math, .symconv-math-inline');
  const fonts = [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Latin Modern Math');
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('code, pre, script, style, math').forEach(e => e.remove());
  const text = clone.textContent;
  return {
    maths: maths.length,
    holders: holders.length,
    // Inline formulas laid out as math stay about one line high (a broken layout stacks them).
    tallInline: maths.filter(m => m.getAttribute('display') !== 'block' && m.getBoundingClientRect().height > 48).length,
    // A block's other layout (wide or narrow) is hidden at this width: only the shown one counts.
    unrendered: maths.filter(m => !m.closest('.symconv-wide, .symconv-narrow') || m.closest('.symconv-wide, .symconv-narrow').offsetParent !== null)
                     .filter(m => { const r = m.getBoundingClientRect(); return !(r.width > 0 && r.height > 0); }).length,
    leftover: document.querySelectorAll('.arithmatex, .symconv-error, merror').length,
    rawTex: /\\\\(begin|frac|sum|cdot)\\b|\\$\\$|\\\\[()\\[\\]]/.test(text),
    fontLoaded: fonts.some(f => f.status === 'loaded'),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    images: [...document.images].map(i => [i.currentSrc.slice(0, 40), i.complete && i.naturalWidth > 0]),
  };
}
"""


def offline_problems(page, path, requests: list, name: str) -> list[str]:
    """Load ``path`` (a built HTML file) in Playwright's ``page`` (whose ``requests`` list the
    caller fills from ``page.on("request")``) and list what is wrong with its math, offline."""
    requests.clear()
    page.goto(path.as_uri(), wait_until="load")
    problems = []
    if page.evaluate(READY_JS) != "ok":
        problems.append(f"{name}: fonts never became ready")
    info = page.evaluate(INSPECT_JS)
    external = [u for u in requests if not u.startswith(("file:", "data:", "blob:"))]
    if external:
        problems.append(f"{name}: external requests {external[:3]}")
    if not info["maths"] or info["unrendered"]:
        problems.append(f"{name}: {info['maths']} math elements, {info['unrendered']} not rendered")
    if info["leftover"] or info["rawTex"]:
        problems.append(f"{name}: math errors or raw TeX left on the page")
    if not info["fontLoaded"]:
        problems.append(f"{name}: the math font did not load")
    broken = [src for src, ok in info["images"] if not ok]
    if broken:
        problems.append(f"{name}: images not loaded {broken}")
    return problems
