"""The rendered HTML of whole blocks, kept on disk across builds (``mkdocs serve``, a rebuild).

A block's HTML is a function of its body, symconv's code and the libraries that compute it, so
the key is a digest of all three: editing the code (even without a new version number) or
upgrading SymPy/NumPy renders every block afresh. Only blocks that rendered are kept (a bad one
must warn on every build). A file is written whole or not at all; a cache that cannot be read or
written only costs time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

__all__ = ["ID_MARK", "load", "store"]

#: Where the block's id goes in a kept block (the id depends on the page: see `unique_id`).
ID_MARK = "\x00symconv-id\x00"
_PACKAGE = Path(__file__).parent


@lru_cache(maxsize=1)
def _code() -> str:
    """A digest of symconv's code and assets and of the computing libraries' versions."""
    import numpy
    import sympy

    digest = hashlib.sha256(f"sympy {sympy.__version__} numpy {numpy.__version__}".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".css") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(_PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _path(cache_dir: str, source: str) -> Path:
    key = hashlib.sha256((_code() + "\x00" + source).encode("utf-8")).hexdigest()[:32]
    return Path(cache_dir) / f"block-{key}.html"


def load(cache_dir: str, source: str) -> tuple[str, int] | None:
    """``(html, figures)`` kept for ``source`` (its id as `ID_MARK`), or None.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     store(folder, "a: 1, 2", f'<div id="{ID_MARK}">…</div>', 1)
    ...     load(folder, "a: 1, 2"), load(folder, "a: 1, 3")
    (('<div id="\\x00symconv-id\\x00">…</div>', 1), None)
    """
    try:
        text = _path(cache_dir, source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    head, sep, body = text.partition("\n")
    if not sep or not head.startswith("figures ") or not head[8:].isdigit():
        return None
    return body, int(head[8:])


def store(cache_dir: str, source: str, html: str, figures: int) -> None:
    """Keep ``html`` (with `ID_MARK` for its id) and its number of figures for ``source``."""
    path = _path(cache_dir, source)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"figures {figures}\n{html}")
        os.replace(tmp, path)
    except OSError:
        pass
