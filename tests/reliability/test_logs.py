"""The log file: private modes, rotation, redaction of keys (tracebacks included), debug level."""

from __future__ import annotations

import contextlib
import logging
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.worker import WorkerFailed

from kizen_tui.config import Paths
from kizen_tui.logs import (
    LOG_FILE_NAME,
    REDACTED,
    forget_secrets,
    redact_text,
    register_secret,
    setup_logging,
    stop_logging,
)

KEY = "kzn-live-Zq8vT3pL9xW2mN7rK4sJ"


@pytest.fixture
def logging_on() -> Iterator[None]:
    yield
    stop_logging()
    forget_secrets()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("text", [
    f"X-API-KEY: {KEY}", f"x-api-key={KEY}", f'{{"X-API-KEY": "{KEY}"}}', f"api_key = '{KEY}'",
    f"Authorization: Bearer {KEY}", f"headers={{'x-api-key': '{KEY}', 'x-user-id': 'u'}}",
])
def test_credential_looking_values_are_redacted_without_registration(text: str) -> None:
    out = redact_text(text)
    assert KEY not in out and REDACTED in out


def test_registered_secret_is_redacted_anywhere(logging_on: None) -> None:
    register_secret(KEY)
    assert redact_text(f"weird {KEY}{KEY} place") == f"weird {REDACTED}{REDACTED} place"
    register_secret("short")  # too short to redact safely: ignored
    assert redact_text("a short word") == "a short word"


def test_plain_text_is_left_alone() -> None:
    line = "POST /api/records/deals/search -> 200 in 12 ms, 1 attempt(s), request id 9f8e"
    assert redact_text(line) == line


def test_log_file_is_private_and_redacts_tracebacks(logging_on: None) -> None:
    paths = Paths.from_env()
    path = setup_logging(debug=False, paths=paths)
    assert path == paths.log_dir / LOG_FILE_NAME
    register_secret(KEY)
    log = logging.getLogger("kizen_tui.ui")
    try:
        raise RuntimeError(f"server said X-API-KEY {KEY} was wrong")
    except RuntimeError:
        log.exception("worker failed with key %s", KEY)
    logging.getLogger("kizen_tui.api").debug("not at INFO level")
    text = path.read_text()
    assert "worker failed" in text and "Traceback" in text and "RuntimeError" in text
    assert KEY not in text
    assert "not at INFO level" not in text
    assert mode(path) == 0o600 and mode(path.parent) == 0o700


def test_debug_adds_request_summaries(logging_on: None) -> None:
    path = setup_logging(debug=True)
    logging.getLogger("kizen_tui.api").debug("GET %s -> %s", "/api/custom-objects", 200)
    assert "GET /api/custom-objects -> 200" in path.read_text()


def test_rotation_keeps_private_modes(logging_on: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kizen_tui.logs.MAX_BYTES", 2_000)
    path = setup_logging(debug=False)
    log = logging.getLogger("kizen_tui.test")
    for i in range(100):
        log.info("line %d %s", i, "x" * 60)
    rotated = sorted(path.parent.glob(LOG_FILE_NAME + ".*"))
    assert rotated, "the log should have rotated"
    assert len(rotated) <= 3
    assert all(mode(p) == 0o600 for p in [path, *rotated])


def test_loose_existing_log_is_tightened(logging_on: None) -> None:
    paths = Paths.from_env()
    paths.log_dir.mkdir(parents=True)
    paths.log_dir.chmod(0o755)
    existing = paths.log_dir / LOG_FILE_NAME
    existing.write_text("old\n")
    existing.chmod(0o644)
    setup_logging(debug=False, paths=paths)
    assert mode(existing) == 0o600 and mode(paths.log_dir) == 0o700


def test_setup_twice_keeps_one_handler_and_stop_restores(logging_on: None) -> None:
    setup_logging(debug=False)
    setup_logging(debug=True)
    logger = logging.getLogger("kizen_tui")
    assert len(logger.handlers) == 1 and logger.level == logging.DEBUG
    assert not logger.propagate, "log lines must not reach a stderr handler under the TUI"
    stop_logging()
    assert not logger.handlers and logger.propagate


async def test_the_app_logs_worker_errors_with_their_traceback(
        logging_on: None, make_app: Any) -> None:
    path = setup_logging(debug=False)
    app = make_app("companies")

    async def explode() -> None:
        raise RuntimeError(f"boom with X-API-KEY: {KEY}")

    async with app.run_test() as pilot:
        worker = app.run_worker(explode(), exit_on_error=False)
        with contextlib.suppress(WorkerFailed):
            await worker.wait()
        await pilot.pause()
        assert any("boom" in n.message for n in app._notifications)
    text = path.read_text()
    assert "RuntimeError" in text and "Traceback" in text and KEY not in text
