"""The pre-rendered twin's fence (site_build.py): ```` ```twin ```` holding ``N`` becomes the
N-th pre-rendered block of the file named by ``SYMCONV_TWIN_HTML``. The HTML reaches the page
the way a symconv fence's does (stashed by superfences, not parsed as raw Markdown HTML), so
the twin differs from the real site only by symconv's own work."""

import json
import os
from functools import lru_cache


@lru_cache(maxsize=1)
def _blocks() -> list:
    with open(os.environ["SYMCONV_TWIN_HTML"], encoding="utf-8") as handle:
        return json.load(handle)


def fence(source, language, class_name, options, md, **kwargs):
    return _blocks()[int(source.strip())]
