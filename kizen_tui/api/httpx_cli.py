"""Keep `import httpx` from loading httpx's own command-line client.

httpx 0.28 runs `from ._main import main` on every `import httpx`: the module behind its
`httpx` console script, which imports click, pygments, `rich.syntax` and `rich.progress`. That
is 20-40 ms of the demo's cold start (`python -X importtime`) for code kizen-tui never runs;
later httpx releases make the import lazy upstream.

`defer_httpx_cli()` puts a placeholder `httpx._main` in `sys.modules` before httpx is first
imported. Its `main` swaps the real module in and runs it, so `httpx.main` keeps working for
anyone who does call it in this process.
"""

from __future__ import annotations

import sys
import types
from typing import Any

_CLI = "httpx._main"


def _main(*args: Any, **kwargs: Any) -> Any:
    """httpx's command-line entry point, imported on first use."""
    if getattr(sys.modules.get(_CLI), "main", None) is _main:
        del sys.modules[_CLI]
    from httpx._main import main

    return main(*args, **kwargs)


def defer_httpx_cli() -> None:
    """Register the placeholder, unless httpx (or its CLI) is already imported."""
    if "httpx" in sys.modules or _CLI in sys.modules:
        return
    placeholder = types.ModuleType(_CLI, "Placeholder for httpx's CLI (kizen_tui.api.httpx_cli).")
    placeholder.main = _main  # type: ignore[attr-defined]
    sys.modules[_CLI] = placeholder
