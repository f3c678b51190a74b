"""Convolution block by block: overlap-add and overlap-save, the index arithmetic and the sums.

Overlap-add splits ``a`` into blocks of ``L`` samples; block ``k`` starts at ``a``'s index
``s_a + kL``, its full (linear) convolution with ``b`` has ``len_k + M - 1`` samples, and lands
shifted by ``s_a + kL``: ``c[n] = sum_k y_k[n - s_a - kL]``; the tails of neighbouring blocks
overlap and are added. This is ``scipy.signal.oaconvolve``'s method.

Overlap-save takes blocks of ``P = L + M - 1`` samples that overlap by ``M - 1`` (the first
preceded by ``M - 1`` zeros), convolves each circularly with ``b`` zero-padded to ``P``
(``y_k[j] = sum_i x_k[i] b[(j - i) mod P]``), and discards each block's first ``M - 1`` outputs:
their sums wrap around the end of the block (time-domain aliasing). The other ``L`` outputs are
linear convolution samples and land in place: ``y_k[j] = c[s_a + s_b + kL + j - (M - 1)]``.

Both are exact here (no FFT): the block sums use the same exact kernel as the direct sum.
"""

from __future__ import annotations

import sympy

from ..errors import InputError, brief
from ..limits import Limits
from ..model import Sample, Sequence, Window1D
from ..model.blocks import METHODS, BlockData, BlockExpansion, BlockOutput, BlockSample
from ._budget import refuse_oversize
from .index import check_mode, convolve_window, numpy_swaps
from .kernel import exact_dots

__all__ = ["METHODS", "check_method", "check_block", "block_count", "circular_segments", "expand_blocks"]


def check_method(method) -> str:
    """Return ``method`` if it is one of `METHODS`, else raise [`InputError`][symconv.InputError]."""
    if not isinstance(method, str) or method not in METHODS:
        raise InputError(f"method must be 'direct', 'overlap-add' or 'overlap-save', got {brief(method)}")
    return method


def check_block(block, method: str, limits: Limits) -> int | None:
    """The block length ``L``: a positive int up to ``limits.max_length`` for a blocked method,
    absent (None) for ``direct``.

    Examples
    --------
    >>> from symconv.limits import DEFAULT_LIMITS
    >>> check_block(3, "overlap-add", DEFAULT_LIMITS)
    3
    """
    if method == "direct":
        if block is not None:
            raise InputError("block is the block length of method='overlap-add' or 'overlap-save'; "
                             f"method='direct' takes none, got block={brief(block)}")
        return None
    if block is None:
        raise InputError(f"method={method!r} needs block=L, the number of samples of a per block (a positive int)")
    if isinstance(block, bool) or not hasattr(block, "__index__"):
        raise InputError(f"block must be a positive int, got {brief(block)}")
    block = int(block.__index__())
    if not 1 <= block <= limits.max_length:
        raise InputError(f"block must be a positive int up to {limits.max_length:,}, got {brief(block)}")
    return block


def block_count(method: str, n: int, m: int, block: int) -> int:
    """How many blocks cover ``a`` (overlap-add: ``ceil(N / L)``) or the full result
    (overlap-save: ``ceil((N + M - 1) / L)``, each block keeping ``L`` outputs).

    Examples
    --------
    >>> block_count("overlap-add", 5, 3, 2), block_count("overlap-save", 5, 3, 2)
    (3, 4)
    """
    covered = n if method == "overlap-add" else n + m - 1
    return -(-covered // block)


def circular_segments(j: int, size: int, m: int) -> tuple:
    """The segments ``(block offset, b offset, count)`` of ``y[j] = sum_i x[i] b[(j - i) mod P]``
    (``P = size``, ``b`` of length ``m`` zero-padded to ``P``, right offsets read backwards):
    one run for ``j >= m - 1``, else the run ``i = 0..j`` and the wrapped run
    ``i = P - (m - 1 - j)..P - 1``.

    Examples
    --------
    >>> circular_segments(3, 4, 3)
    ((1, 2, 3),)
    >>> circular_segments(0, 4, 3)
    ((0, 0, 1), (2, 2, 2))
    """
    if j >= m - 1:
        return ((j - m + 1, m - 1, m),)
    return ((0, j, j + 1), (size - (m - 1 - j), m - 1, m - 1 - j))


def _refuse(method: str, a: Sequence, b: Sequence, block: int, limits: Limits) -> None:
    """The work from the sizes alone, before any block is built."""
    n, m = len(a), len(b)
    count = block_count(method, n, m, block)
    if method == "overlap-add":
        outputs, terms = n + count * (m - 1), n * m
    else:
        outputs, terms = count * (block + m - 1), count * (block + m - 1) * m
    refuse_oversize(f"{method} of lengths {n} and {m} in {count:,} blocks of {block}", outputs + n + m - 1,
                    terms + outputs, a.is_symbolic or b.is_symbolic, limits)


def _add_blocks(a: Sequence, b: Sequence, block: int) -> list:
    n, m, out = len(a), len(b), []
    for k in range(block_count("overlap-add", n, m, block)):
        length = min(block, n - k * block)
        samples = a.values[k * block:k * block + length]
        window = Window1D("convolve", 0, length, b.start, m)
        js = range(b.start, b.start + length + m - 1)
        segments = []
        for j in js:
            i, jb, count = window.segment(j, *window.term_range(j))
            segments.append(((i, jb - b.start, count),))
        values = exact_dots(samples, b.values, segments, 1, -1)
        first = a.start + k * block
        out.append(BlockData(k, first, samples, (True,) * length, b.start,
                             tuple(BlockOutput(j, s, v) for j, s, v in zip(js, segments, values)),
                             first, js, range(0), range(js.stop, js.stop)))
    return out


def _save_blocks(a: Sequence, b: Sequence, block: int, full_stop: int) -> list:
    n, m, out = len(a), len(b), []
    size = block + m - 1
    for k in range(block_count("overlap-save", n, m, block)):
        first = a.start + k * block - (m - 1)
        samples = tuple(a[first + i] for i in range(size))
        inside = tuple(a.start <= first + i < a.stop for i in range(size))
        segments = [circular_segments(j, size, m) for j in range(size)]
        values = exact_dots(samples, b.values, segments, 1, -1)
        offset = first + b.start
        kept = range(m - 1, max(m - 1, min(size, full_stop - offset)))
        out.append(BlockData(k, first, samples, inside, 0,
                             tuple(BlockOutput(j, s, v) for j, (s, v) in enumerate(zip(segments, values))),
                             offset, kept, range(0, m - 1), range(kept.stop, size)))
    return out


def expand_blocks(a: Sequence, b: Sequence, mode: str, out_name: str, method: str, block: int,
                  limits: Limits) -> BlockExpansion:
    """Convolve ``a`` and ``b`` block by block (``method`` ``"overlap-add"`` or
    ``"overlap-save"``, blocks of ``block`` samples of ``a``), then keep ``mode``'s slice of the
    full result, as ``numpy.convolve`` does.

    Every output of the full result is assembled from the blocks (`BlockSample`); the kept
    ones are the expansion's samples, with the direct sum's term ranges (``Derivation.terms``).

    Examples
    --------
    >>> from symconv.limits import DEFAULT_LIMITS
    >>> e = expand_blocks(Sequence("1, 2, 3"), Sequence("1, 1"), "full", "c", "overlap-add", 2, DEFAULT_LIMITS)
    >>> [blk.values for blk in e.blocks], e.values
    ([(1, 3, 2), (3, 3)], (1, 3, 5, 3))
    """
    check_mode(mode)
    check_method(method)
    _refuse(method, a, b, block, limits)
    n, m = len(a), len(b)
    full_start = a.start + b.start
    full_stop = full_start + n + m - 1
    blocks = _add_blocks(a, b, block) if method == "overlap-add" else _save_blocks(a, b, block, full_stop)
    parts: dict = {}
    for blk in blocks:
        values = blk.outputs
        for j in blk.kept:
            parts.setdefault(blk.offset + j, []).append((blk.index, j, values[j - blk.result_start].value))
    sums = []
    for c in range(full_start, full_stop):
        these = tuple(parts.get(c, ()))
        value = these[0][2] if len(these) == 1 else sympy.Add(*(v for _, _, v in these))
        sums.append(BlockSample(c, these, value))
    window = Window1D("convolve", a.start, n, b.start, m)
    first, count = convolve_window(n, m, mode)
    samples = tuple(Sample(s.n, *window.term_range(s.n), s.value) for s in sums[first:first + count])
    return BlockExpansion("convolve", a, b, out_name, mode, samples, numpy_swaps(n, m), False, full_start,
                          full_stop, window, b.values, method, block, tuple(blocks), tuple(sums))
