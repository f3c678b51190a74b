"""What `install()` puts into a MyST project: the plugin's executable (a file path for
``myst.yml``) and the blocks' stylesheet (``site.options.style``)."""

from __future__ import annotations

import base64
import os
import re
import shlex
import sys
from pathlib import Path

from ..errors import InputError

__all__ = ["SCRIPT", "STYLESHEET", "install", "stylesheet"]

#: The names of the two files `install()` writes into a project.
SCRIPT, STYLESHEET = "symconv-myst", "symconv.css"
_MARK = "symconv myst install"  # the first lines of both files say who wrote them


def stylesheet() -> str:
    """The blocks' stylesheet for a MyST site: the math font embedded as a ``data:`` URL (the
    theme serves the file named in ``site.options.style`` by itself, with nothing beside it),
    the figures' dark palette under the theme's dark mode, and the exercises' answer form
    hidden (the theme runs no script of ours; the worked solution stays).

    Examples
    --------
    >>> css = stylesheet()
    >>> "data:font/woff2;base64," in css, "html.dark .symconv-figure" in css
    (True, True)
    """
    from .. import frontend

    font = frontend.ASSET_DIR.joinpath("latinmodern-math.woff2").read_bytes()
    css = frontend.stylesheet("data:font/woff2;base64," + base64.b64encode(font).decode("ascii"))
    slate = '[data-md-color-scheme="slate"]'
    # the dark rules are read from the stylesheet without the font (a regex over 520 KB of base64
    # starting at every character would take minutes)
    dark = re.findall(r"[^{}]*" + re.escape(slate) + r"[^{}]*\{[^{}]*\}", frontend.stylesheet())
    return (f"/* Written by `{_MARK}`: symconv's stylesheet for a MyST site. */\n{css}\n"
            + "".join(rule.strip().replace(slate, "html.dark") + "\n" for rule in dark)
            + ".symconv-myst .symconv-answer, .symconv-myst .symconv-verdict { display: none; }\n")


def install(directory: str | os.PathLike = ".") -> Path:
    """Write the plugin's executable (`SCRIPT`) and the stylesheet (`STYLESHEET`) into a MyST
    project's folder, and return the executable's path (for ``myst.yml``).

    The executable is a small shell script that runs this module with the Python running now
    (``sys.executable``: the environment where symconv is installed), mode 0755. Files this
    function wrote before are replaced; other files of the same names are refused.

    Raises
    ------
    InputError
        ``directory`` is not a folder, or a file there of the same name was not written by it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = install(folder)
    ...     path.name, os.access(path, os.X_OK), (path.parent / STYLESHEET).exists()
    ('symconv-myst', True, True)
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(f"{str(directory)[:200]!r} is not a folder")
    # -c, and the first path entry (the project's folder) dropped before symconv is imported, so a
    # file of the project named like a module cannot stand in for it; quoted for spaces.
    code = "import sys; del sys.path[0]; from symconv.myst import main; sys.exit(main(sys.argv[1:]))"
    script = (f"#!/bin/sh\n# Written by `{_MARK}`: the symconv plugin of this MyST project (myst.yml).\n"
              f"exec {shlex.quote(sys.executable)} -c {shlex.quote(code)} \"$@\"\n")
    files = {folder / SCRIPT: script, folder / STYLESHEET: stylesheet()}
    try:
        for path in files:
            if path.is_symlink() or (path.exists() and not _ours(path)):
                raise InputError(f"{str(path)[:200]!r} exists and was not written by '{_MARK}' (or is a symbolic "
                                 f"link); move it first")
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
        (folder / SCRIPT).chmod(0o755)
    except OSError as exc:
        raise InputError(f"cannot install into {str(directory)[:200]!r}: {exc.strerror or type(exc).__name__}") from None
    return folder / SCRIPT


def _ours(path: Path) -> bool:
    """Whether ``path`` is a regular file whose first lines say `install()` wrote it (only those
    are read: a FIFO or a device could block, a large file is not read whole)."""
    if not path.is_file():
        return False
    with open(path, "rb") as handle:
        return _MARK.encode() in handle.read(300)
