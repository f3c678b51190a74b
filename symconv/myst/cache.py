"""The MyST plugin's cache of rendered blocks: MyST reads every page twice per build and starts the
plugin once per block each time, so a block's result is kept in ``_build/cache/symconv``, keyed by
its body, symconv's own files and the computing libraries' versions (read from their metadata:
a hit imports no SymPy)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

__all__ = ["key", "load", "store"]

_PACKAGE = Path(__file__).resolve().parent.parent


def key(body: str) -> str:
    """A digest of the body, symconv's code and assets, and the computing libraries' versions
    (read from their metadata: importing them is what the cache saves)."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for name in ("sympy", "numpy", "matplotlib"):
        try:
            digest.update(f"{name} {version(name)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".css", ".js") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes())
    digest.update(b"\0" + body.encode("utf-8"))
    return digest.hexdigest()[:32]


def load(cache_dir: str | None, body: str) -> dict | None:
    """The directive's kept result for this body, or None (a cache that cannot be read costs time)."""
    if not cache_dir:
        return None
    try:
        kept = json.loads(Path(cache_dir, f"myst-{key(body)}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return kept if isinstance(kept, dict) and isinstance(kept.get("html"), str) else None


def store(cache_dir: str | None, body: str, kept: dict) -> None:
    """Keep a rendered block's result, written whole or not at all."""
    if not cache_dir:
        return
    try:
        os.makedirs(cache_dir, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=cache_dir, delete=False,
                                         suffix=".tmp") as handle:
            json.dump(kept, handle)
        os.replace(handle.name, os.path.join(cache_dir, f"myst-{key(body)}.json"))
    except OSError:
        pass
