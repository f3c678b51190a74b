"""``python -m symconv.myst``: the plugin's protocol, or ``install [DIR]``."""

import sys

from .plugin import main

sys.exit(main())
