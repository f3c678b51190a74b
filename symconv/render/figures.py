"""Figures of a derivation as deterministic SVG, and the cache that keeps them across builds.

The drawings live in `symconv.render.stem` (stem plots) and `symconv.render.windows`
(2D windows); both write SVG straight from the derivation's data with
`symconv.render.svg`. No plotting library is imported: a figure costs well under a
millisecond, about 100 times less than the same figure through matplotlib (see
``benchmarks/figure_backends.py``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from ..model import Expansion1D, Expansion2D
from .stem import formula_stem_svg, stem_svg
from .windows import overview_svg, window_svg

__all__ = ["stem_svg", "window_svg", "overview_svg", "cached_svg", "formula_stem_svg"]

_DRAWING = ("figures.py", "stem.py", "windows.py", "svg.py")


@lru_cache(maxsize=1)
def _drawing_code() -> str:
    """A digest of the drawing code: a change to how figures look invalidates cached ones,
    even when symconv's version number stays the same (as it does between releases)."""
    digest = hashlib.sha256()
    for name in _DRAWING:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def _key(e, names: tuple, extra) -> str:
    if isinstance(e, Expansion1D):
        data = (e.kind, e.mode, e.a.start, tuple(map(str, e.a.values)), e.b.start, tuple(map(str, e.b.values)))
    elif not isinstance(e, Expansion2D):  # a closed form
        data = (str(e.x.expr), str(e.h.expr), str(e.expr))
    else:
        data = (e.kind, e.mode, e.boundary, str(e.fillvalue), e.origin, e.stride, e.dilation, e.padding,
                tuple(map(str, e.x.values)), e.x.shape, tuple(map(str, e.k.values)), e.k.shape)
    text = repr((_drawing_code(), tuple(names), data, extra))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def cached_svg(draw, e, names: tuple[str, str, str], cache_dir, *args, tally=None) -> str:
    """``draw(e, names, *args)``, kept in ``cache_dir`` across builds (keyed by the data, the
    arguments and the drawing code). A figure is written whole or not at all.

    ``tally``, if given, is called with ``"cached"`` or ``"drawn"`` (the build's progress line
    counts them).

    Examples
    --------
    >>> import symconv, tempfile
    >>> e = symconv.convolve([1, 2], [3]).expansion
    >>> seen = []
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = cached_svg(stem_svg, e, ("a", "b", "c"), folder, tally=seen.append)
    ...     again = cached_svg(stem_svg, e, ("a", "b", "c"), folder, tally=seen.append)
    >>> first == again, seen
    (True, ['drawn', 'cached'])
    """
    count = tally or (lambda event: None)
    if not cache_dir:
        count("drawn")
        return draw(e, names, *args)
    folder = Path(cache_dir)
    path = folder / f"{_key(e, names, (draw.__name__, args))}.svg"
    try:
        svg = path.read_text(encoding="utf-8")
    except OSError:
        pass
    else:
        count("cached")
        return svg
    svg = draw(e, names, *args)
    count("drawn")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(svg)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time
    return svg
