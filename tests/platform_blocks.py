"""The ten block bodies every platform's build test renders (MkDocs, Sphinx reST and MyST, MyST-MD,
Pandoc/Quarto, notebooks), and what each one's built page must hold: the same body builds
everywhere. ``benchmarks/platforms.py`` times a document of these ten on every platform."""

from __future__ import annotations

#: (name, body, texts the rendered HTML must contain). The texts are the ones every platform
#: keeps verbatim: the prose's words, the check line and the library call as code.
BLOCKS = [
    ("convolve", "op: convolve\na: 1, 0.5, 1, 1\nb: 1, 0.5, 0.25\ntitle: A 1D convolution",
     ["A 1D convolution", "numpy.convolve(a, b, mode=", "max |error| = 0"]),
    ("correlate", "op: correlate\na: 1, 2, 3\nb: 0, 1, 0.5\nmode: full",
     ["numpy.correlate(a, b, mode=", "max |error| = 0"]),
    ("convolve2d", "op: convolve2d\na: 1 2 3; 4 5 6; 7 8 9\nb: 1 0; 0 -1\nmode: valid",
     ["scipy.signal.convolve2d(", "max |error| = 0"]),
    ("conv2d", "op: conv2d\na: 1 2 3; 4 5 6; 7 8 9\nb: 1 0; 0 1\nstride: 1\npadding: 1",
     ["torch.nn.functional.conv2d", "max |error| = 0"]),
    ("layer", "op: conv1d\na: 1 2 3 4; 0 1 0 1\nb: 1 0; 0 1 | 1 1; 1 -1\nbias: 0.5, -1",
     ["torch.nn.functional.conv1d", "max |error| = 0"]),
    ("formula", "op: convolve\nformula: true\na: (1/2)**n*u[n]\nb: u[n] - u[n-4]\nvalues: {}",
     ["max |error|"]),
    ("transposed", "op: conv_transpose1d\na: 1, 2, 3\nb: 1, 1\nstride: 2",
     ["torch.nn.functional.conv_transpose1d", "max |error| = 0"]),
    ("circular", "op: circular\na: 1, 0.5, 1, 1\nb: 1, 0.5, 0.25\nn: 4",
     ["max |error| = 0"]),
    ("views", "op: convolve\na: 1, 2\nb: 3, 4, 5\nview: polynomial\nshow: [derivation, check]",
     ["max |error| = 0"]),
    ("exercise", "op: exercise\nseed: 7\ntitle: Practice",
     ["Practice"]),
]

#: A body every platform must refuse, failing its strict build and naming the file and line.
BAD_BLOCK = "op: convolve\na: 1, 2\nbb: 3"
#: What the refusal says (with the file name and the line of the block beside it).
BAD_MESSAGE = "unknown key 'bb'"


def bodies() -> list[str]:
    """The ten bodies, in order."""
    return [body for _, body, _ in BLOCKS]


def assert_page_holds_blocks(page: str) -> None:
    """Every block's texts (HTML-unescaped ``page``) and MathML are on the page."""
    import html

    text = html.unescape(page)
    for name, _, expected in BLOCKS:
        for needle in expected:
            assert needle in text, f"{name}: {needle!r} is not on the page"
    assert text.count("<math") >= len(BLOCKS) - 1, "each derivation's MathML"  # the exercise has no display math
