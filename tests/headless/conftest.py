"""Helpers for the headless command tests: run `main([...])` in-process and capture it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from kizen_tui.cli import main
from kizen_tui.sandbox import DEMO_CREDENTIALS
from kizen_tui.sandbox.testing import RunningSandbox

#: Records per object in the demo sandbox the tests use (the seed's special records included).
RECORDS = "120"


@dataclass
class Result:
    """What one command did."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """stdout parsed as JSON."""
        return json.loads(self.out)

    def lines(self) -> list[Any]:
        """stdout parsed as JSON lines."""
        return [json.loads(line) for line in self.out.splitlines()]


Run = Callable[..., Result]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `kizen-tui ARGS...` in-process; `demo=True` adds `--demo` with a small sandbox."""
    def invoke(*args: str, demo: bool = True) -> Result:
        argv = list(args) + (["--demo", "--records", RECORDS] if demo else [])
        code = main(argv)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def sandbox_env(loopback_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
                ) -> Iterator[RunningSandbox]:
    """Credentials of the loopback sandbox in the environment (as a user would export them)."""
    monkeypatch.setenv("KIZEN_API_KEY", DEMO_CREDENTIALS.api_key)
    monkeypatch.setenv("KIZEN_BUSINESS_ID", DEMO_CREDENTIALS.business_id)
    monkeypatch.setenv("KIZEN_USER_ID", DEMO_CREDENTIALS.user_id)
    monkeypatch.setenv("KIZEN_BASE_URL", loopback_sandbox.base_url)
    yield loopback_sandbox


class FakeTty:
    """A text stream that says it is a terminal (for progress and `--format auto`)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return True

    @property
    def text(self) -> str:
        return "".join(self.parts)
