"""Cost of the symconv fence in a MkDocs build, against a pre-rendered twin, in the same run.

1. Builds this repository's docs (``mkdocs build --strict``) and reports the time.
2. Builds a synthetic site of 50 seed-sized fences (10 pages x 5 fences, each with derivation,
   table, plot and check), and its twin in which every fence is replaced by the HTML it renders
   to, placed by a fence that looks it up (``twin_fence.py``), so the twin does the same Markdown
   and math work, minus symconv's derivations, tables and figures. (Pasting that HTML into the
   Markdown instead makes the twin slower than the real site: Python-Markdown parses raw HTML,
   and inline SVG is a lot of it. That build is shown too, not used for the ratios.) The symconv site is built cold (cache off) and warm (blocks and figures cached by an
   earlier build, as in ``mkdocs serve``). Prints medians, ratios (targets: cold within 1.5x,
   warm within 1.15x) and symconv's cost per fence.

Run: ``python benchmarks/site_build.py [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PAGES, PER_PAGE = 10, 5


def fences(seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(PAGES * PER_PAGE):
        a = ", ".join(str(rng.choice([1, 0.5, -1, 2, 0.25])) for _ in range(rng.randint(3, 5)))
        b = ", ".join(str(rng.choice([1, 0.5, -0.5, 0.25])) for _ in range(rng.randint(2, 3)))
        op = "convolve" if i % 3 else "correlate"
        out.append(f"title: Example {i}\nop: {op}\na: {a}\nb: {b}\nmode: full\n"
                   f"show: [prose, derivation, table, plot, check]")
    return out


def write_site(folder: Path, bodies: list[str], prerender: str = "", cache: bool = True) -> Path:
    """A site of the fences; ``prerender`` "fence" or "pasted" writes the twin instead."""
    import json

    from symconv.markdown_ext import render_fence

    docs = folder / "docs"
    docs.mkdir(parents=True)
    blocks = []
    for p in range(PAGES):
        parts = [f"# Page {p}\n\nSome prose with $c[n] = \\sum_m a[m]\\, b[n-m]$ inline.\n"]
        for body in bodies[p * PER_PAGE:(p + 1) * PER_PAGE]:
            if prerender == "pasted":
                parts.append(render_fence(body) + "\n")
            elif prerender == "fence":
                blocks.append(render_fence(body))
                parts.append(f"```twin\n{len(blocks) - 1}\n```\n")
            else:
                parts.append(f"```symconv\n{body}\n```\n")
        (docs / f"page{p}.md").write_text("\n".join(parts))
    (folder / "blocks.json").write_text(json.dumps(blocks))
    twin = ("markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
            "        - name: twin\n          class: twin\n          format: !!python/name:twin_fence.fence\n")
    (folder / "mkdocs.yml").write_text("site_name: bench\nuse_directory_urls: false\n"
                                       "theme:\n  name: material\n  font: false\n"
                                       f"plugins:\n  - symconv:\n      cache: {str(cache).lower()}\n"
                                       + (twin if prerender == "fence" else ""))
    return folder / "mkdocs.yml"


def build_seconds(config: Path, dest: Path) -> float:
    start = time.perf_counter()
    env = {**ENV, "SYMCONV_TWIN_HTML": str(config.parent / "blocks.json"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")]))}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config),
                    "-d", str(dest)], check=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docs = [build_seconds(ROOT / "mkdocs.yml", tmp / f"docs{i}") for i in range(args.repeat)]
        print(f"docs site (mkdocs build --strict): median {statistics.median(docs):.2f} s")
        bodies = fences()
        cold = write_site(tmp / "cold", bodies, cache=False)
        warm = write_site(tmp / "warm", bodies, cache=True)
        twin = write_site(tmp / "twin", bodies, prerender="fence")
        pasted = write_site(tmp / "pasted", bodies, prerender="pasted")
        build_seconds(warm, tmp / "warm-first")  # fills the figure cache
        times = {"cold": [], "warm": [], "twin": [], "pasted": []}
        for i in range(args.repeat):  # interleaved, so drift hits all alike
            for name, config in (("cold", cold), ("warm", warm), ("twin", twin), ("pasted", pasted)):
                times[name].append(build_seconds(config, tmp / f"{name}-out{i}"))
        t = {name: statistics.median(v) for name, v in times.items()}
        n = len(bodies)
        print(f"synthetic site, {n} fences (derivation, table, plot, check each):")
        print(f"  pre-rendered twin          {t['twin']:.2f} s  (HTML pasted into the Markdown: {t['pasted']:.2f} s)")
        for name, label, target in (("cold", "symconv, no cache", 1.5), ("warm", "symconv, warm cache", 1.15)):
            print(f"  {label:<26} {t[name]:.2f} s  ratio {t[name] / t['twin']:.2f}x (target <= {target}x)  "
                  f"symconv cost per fence {(t[name] - t['twin']) / n * 1000:.0f} ms")
        # In-process cost per fence, by part.
        import symconv.markdown_ext as ext

        for show in ("derivation, check", "table", "plot"):
            start = time.perf_counter()
            for body in bodies:
                ext.render_fence(body.rsplit("show:", 1)[0] + f"show: [{show}]")
            print(f"  in-process, show [{show}]: {(time.perf_counter() - start) / n * 1000:.1f} ms per fence")


if __name__ == "__main__":
    main()
