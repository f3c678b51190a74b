"""The shape of the package: imports flow one way, and `import symconv` stays light."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "symconv"

# Lower layers first; a module may import only from its own layer or layers before it.
LAYERS = [
    {"errors", "limits", "_version", "functions"},
    {"parse"},
    {"model"},
    {"engine"},
    {"steps"},
    {"verify", "render"},
    {"rendered", "derivation", "closedform", "closedcorrelation", "derivation_transposed", "derivation_blocks", "derivation_circular"},
    {"api", "api2d", "api_transposed", "api_circular", "operands", "dispatch"},
    {"grading"},
    {"reflow", "selfcheck", "blockyaml", "block_figures"},
    {"fence", "blockcache", "frontend_markdown"},
    {"frontend"},  # the one front-end core every adapter calls
    {"cli", "cli_platforms", "notebook", "markdown_ext", "mathtext", "site_tables", "gallery", "sphinx", "myst",
     "quarto"},
    {"mkdocs_plugin", "__main__", "__init__"},
]


def _layer(name: str) -> int:
    for i, layer in enumerate(LAYERS):
        if name in layer:
            return i
    raise AssertionError(f"module {name} is in no layer; add it to LAYERS")


def _top(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def test_imports_flow_one_way():
    problems = []
    for path in PACKAGE.rglob("*.py"):
        here = _top(path)
        depth = len(path.relative_to(PACKAGE).parts) - 1
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                parts = (node.module or "").split(".")
                if node.level - 1 < depth:  # sibling inside a subpackage
                    continue
                target = parts[0] if parts[0] else None
                targets = [target] if target else [alias.name for alias in node.names]
                for t in targets:
                    if not ((PACKAGE / f"{t}.py").exists() or (PACKAGE / t).is_dir()):
                        t = "__init__"  # a name re-exported by the package itself
                    if _layer(t) > _layer(here):
                        problems.append(f"{path.name} ({here}) imports {t}")
    assert not problems, problems


def test_import_is_light():
    code = ("import sys, symconv; heavy = ['matplotlib', 'markdown', 'mkdocs', 'scipy', 'IPython', "
            "'pymdownx', 'yaml']; print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr


def test_public_names():
    import symconv

    for name in symconv.__all__:
        assert hasattr(symconv, name)
    assert {"convolve", "correlate", "Sequence", "Derivation", "InputError", "DerivationTooLarge",
            "VerificationError", "SymconvError", "Limits"} <= set(symconv.__all__)
