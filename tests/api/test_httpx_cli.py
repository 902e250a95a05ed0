"""httpx's command-line client is not imported with kizen_tui.api, and still works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True, cwd=ROOT).stdout


def test_the_client_does_not_import_the_httpx_cli() -> None:
    out = run("import sys, kizen_tui.api.client, httpx\n"
              "print(sorted(m for m in ('click', 'pygments', 'rich.syntax') if m in sys.modules))")
    assert out.strip() == "[]"


def test_httpx_main_still_runs_the_real_cli() -> None:
    out = run("import sys, kizen_tui.api, httpx\n"
              "sys.argv = ['httpx', '--help']\n"
              "try:\n    httpx.main()\nexcept SystemExit as stop:\n    print('exit', stop.code)\n"
              "print(sys.modules['httpx._main'].__file__.endswith('_main.py'))")
    assert "Usage: httpx" in out
    assert out.strip().splitlines()[-2:] == ["exit 0", "True"]


def test_nothing_is_replaced_when_httpx_came_first() -> None:
    out = run("import httpx, sys, kizen_tui.api.client\n"
              "print(sys.modules['httpx._main'].__file__.endswith('_main.py'))")
    assert out.strip() == "True"
