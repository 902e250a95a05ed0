"""Command-line entry point (placeholder until the full CLI lands)."""

from __future__ import annotations

import argparse
import sys

from kizen_tui import __version__


def main(argv: list[str] | None = None) -> int:
    """Run kizen-tui."""
    parser = argparse.ArgumentParser(prog="kizen-tui")
    parser.add_argument("--version", action="version", version=f"kizen-tui {__version__}")
    parser.parse_args(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
