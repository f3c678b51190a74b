"""MkDocs as one platform among several: the set-up on docs/platforms/mkdocs.md, built exactly as
the page shows it, renders the ten shared blocks; a bad block fails --strict naming page and line."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from platform_blocks import BAD_BLOCK, BAD_MESSAGE, BLOCKS, assert_page_holds_blocks

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "platforms" / "mkdocs.md"
FENCE = re.compile(r'^(?P<fence>`{3,})(?P<lang>\w+)(?: title="(?P<title>[^"]+)")?\n(?P<body>.*?)^(?P=fence)$',
                   re.S | re.M)


def page_files() -> tuple[dict, str]:
    """The files the page shows (by their titles) and its build command (the bash block after 'Build')."""
    blocks = [m.groupdict() for m in FENCE.finditer(PAGE.read_text())]
    files = {b["title"]: b["body"] for b in blocks if b["title"]}
    commands = [b["body"].strip() for b in blocks if b["lang"] == "bash" and "build" in b["body"]]
    assert set(files) == {"mkdocs.yml", "docs/index.md"} and len(commands) == 1
    return files, commands[0]


def build(project: Path) -> subprocess.CompletedProcess:
    files, command = page_files()
    argv = shlex.split(command)
    assert argv[0] == "mkdocs"
    return subprocess.run([sys.executable, "-m", "mkdocs", *argv[1:]], cwd=project, capture_output=True,
                          text=True, timeout=600, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})


def project(tmp_path: Path, index: str | None = None) -> Path:
    files, _ = page_files()
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text if index is None or name != "docs/index.md" else index)
    return tmp_path


def test_the_page_builds_as_shown(tmp_path):
    result = build(project(tmp_path))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert "The reference example" in html and "<mn>1.625</mn>" in html and "arithmatex" not in html
    for asset in ("symconv.css", "latinmodern-math.woff2"):
        assert (tmp_path / "site" / "assets" / "symconv" / asset).exists()


def test_the_ten_blocks_build(tmp_path):
    page = "# Ten blocks\n\n" + "\n".join(f"## {name}\n\n```symconv\n{body}\n```\n" for name, body, _ in BLOCKS)
    result = build(project(tmp_path, page))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert_page_holds_blocks(html)
    assert "symconv-error" not in html


@pytest.mark.parametrize("before", [0, 7])
def test_a_bad_block_fails_strict_naming_page_and_line(tmp_path, before):
    page = "# Page\n\n" + "text\n\n" * before + f"```symconv\n{BAD_BLOCK}\n```\n"
    result = build(project(tmp_path, page))
    assert result.returncode != 0
    line = 3 + 2 * before
    assert f"index.md:{line}: symconv block starting 'op: convolve': {BAD_MESSAGE}" in result.stderr
