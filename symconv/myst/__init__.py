"""MyST-MD / Jupyter Book 2: a ```` ```{symconv} ```` directive as a MyST *executable plugin*.

MyST (the ``mystmd`` Node CLI behind Jupyter Book 2) runs a program listed in ``myst.yml``
(``project.plugins: - type: executable, path: ...``) and speaks JSON with it: with no argument
the program prints its spec; ``--directive symconv`` reads the directive's data (its body, its
options, the node with its line) on stdin and prints the nodes that replace it;
``--transform NAME`` reads a page's whole tree and prints it back. A non-zero exit makes MyST
report the page's file with the program's stderr, an error, so ``myst build --strict`` stops.

Why a transform too: MyST parses a raw ``html`` node into Markdown nodes (its MathML and SVG are
dropped), and renders every ``math`` node with KaTeX. The site's theme shows a ``math`` node's
``html`` as it is, so the directive returns a placeholder holding the block's HTML (MathML, from
the front-end core [`symconv.frontend.render`][symconv.frontend.render]), and the transform
(run after MyST's math step) makes it such a node.

[`install()`][symconv.myst.install] writes the executable (``myst.yml`` needs a file path) and
the stylesheet with the math font embedded (``site.options.style``).
"""

from .plugin import CACHE_DIR, body_of, directive, main, plugin_spec, transform
from .project import SCRIPT, STYLESHEET, install, stylesheet

__all__ = ["main", "install", "stylesheet", "plugin_spec", "directive", "transform", "body_of", "SCRIPT",
           "STYLESHEET", "CACHE_DIR"]
