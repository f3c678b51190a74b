import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def golden():
    """Compare text with tests/golden/<name>; SYMCONV_REGEN_GOLDEN=1 rewrites the file."""

    def compare(name: str, text: str) -> None:
        path = GOLDEN / name
        if os.environ.get("SYMCONV_REGEN_GOLDEN") == "1":
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"missing golden file {path}; run with SYMCONV_REGEN_GOLDEN=1"
        assert text == path.read_text(encoding="utf-8")

    return compare
