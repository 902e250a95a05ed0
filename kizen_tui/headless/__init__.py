"""The scriptable twin of the TUI: headless commands under the same `kizen-tui` entry point.

```
kizen-tui objects | fields OBJECT
kizen-tui records search OBJECT [--search T] [--filter Q] [--fields a,b] [--order -f] [--all]
kizen-tui records get | lookup | update | add | upsert | archive | unarchive ...
kizen-tui profiles list | add | remove;  kizen-tui locate config;  kizen-tui sandbox serve
```

They share profiles, settings and the journal with the TUI, take the same global flags
(`--profile`, `--demo`, `--read-only`, ...), write a table on a terminal and JSON when piped
(`--format table|json|jsonl|csv`), and exit 0 (ok), 1 (API error), 2 (usage or configuration
error) or 130 (interrupted). One module per command group; `output` formats, `runtime` connects
and turns errors into messages.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from kizen_tui.headless.options import COMMANDS, build_headless_parser, find_command

__all__ = ["COMMANDS", "build_headless_parser", "find_command", "run"]


def run(argv: Sequence[str]) -> int:
    """Parse and run one headless command; returns the exit code (argparse's 2 on bad usage)."""
    from kizen_tui.headless.runtime import execute

    parser = build_headless_parser()
    try:
        args = parser.parse_args(_join_dash_values(argv))
    except SystemExit as stop:  # --help (0) or a usage error (2), already printed
        return stop.code if isinstance(stop.code, int) else 2
    if not hasattr(args, "handler"):  # `sandbox serve` brings its own handler
        return _run_plain(args)
    return execute(args)


#: Flags whose value may start with "-" (`--order -updated`), which argparse would take for a flag.
DASH_VALUE_FLAGS = frozenset({"--order"})


def _join_dash_values(argv: Sequence[str]) -> list[str]:
    """`--order -updated` -> `--order=-updated`, so argparse reads the value as a value."""
    out: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token in DASH_VALUE_FLAGS:
            value = next(tokens, None)
            out.append(token if value is None else f"{token}={value}")
        else:
            out.append(token)
    return out


def _run_plain(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
