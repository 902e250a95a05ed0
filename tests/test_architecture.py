"""The layering rules of DESIGN.md, checked on the source (who may import what)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kizen_tui"

#: layer (path prefix under kizen_tui/) -> module prefixes it must not import.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "api": ("textual", "rich", "kizen_tui.domain", "kizen_tui.ui", "kizen_tui.config",
            "kizen_tui.sandbox", "kizen_tui.headless", "kizen_tui.session"),
    "domain": ("httpx", "textual", "rich", "kizen_tui.api.client", "kizen_tui.api.base",
               "kizen_tui.api.objects", "kizen_tui.ui", "kizen_tui.sandbox",
               "kizen_tui.config", "kizen_tui.headless"),
    "config": ("textual", "rich", "httpx", "kizen_tui.ui", "kizen_tui.api",
               "kizen_tui.sandbox", "kizen_tui.headless"),
    "sandbox": ("httpx", "textual", "kizen_tui.api", "kizen_tui.domain", "kizen_tui.ui",
                "kizen_tui.config", "kizen_tui.headless", "kizen_tui.session"),
    "ui/widgets": ("httpx", "kizen_tui.api.client", "kizen_tui.api.base",
                   "kizen_tui.api.objects", "kizen_tui.session", "kizen_tui.sandbox"),
    "ui/screens": ("httpx",),
    # Headless commands print and exit: they must not load the TUI (nor pay for importing it).
    "headless": ("textual", "kizen_tui.ui.app", "kizen_tui.ui.screens", "kizen_tui.ui.widgets",
                 "kizen_tui.ui.columns"),
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            # `from kizen_tui.api import client` imports a module too.
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return found


def _violations(layer: str, root: Path = PACKAGE) -> list[str]:
    banned = FORBIDDEN[layer]
    problems = []
    for path in sorted((root / layer).rglob("*.py")):
        for line, module in _imports(path):
            if any(module == b or module.startswith(b + ".") for b in banned):
                problems.append(f"{path.relative_to(root.parent)}:{line} imports {module}")
    return problems


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer: str) -> None:
    assert (PACKAGE / layer).is_dir()
    assert _violations(layer) == []


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    """Guard against a checker that can never fail."""
    fake = tmp_path / "kizen_tui"
    (fake / "domain").mkdir(parents=True)
    (fake / "domain" / "bad.py").write_text("import httpx\nfrom kizen_tui.api import client\n")
    assert _violations("domain", fake) == [
        "kizen_tui/domain/bad.py:1 imports httpx",
        "kizen_tui/domain/bad.py:2 imports kizen_tui.api.client",
    ]
