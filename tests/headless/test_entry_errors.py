"""Starting kizen-tui wrongly ends with one line on stderr and exit code 2, never a traceback:
the app without a terminal, an unusable `--db`, and `sandbox serve` on a bad or busy port."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kizen_tui import cli, logs
from kizen_tui.cli import main
from kizen_tui.headless import build_headless_parser
from kizen_tui.sandbox import DEMO_CREDENTIALS

from .conftest import FakeTty, Run

ROOT = Path(__file__).resolve().parents[2]


def _one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and DEMO_CREDENTIALS.api_key not in err
    return lines[0]


@pytest.fixture
def app_must_not_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the full-screen app would be started."""
    def refuse(*_: Any, **__: Any) -> int:
        raise AssertionError("the full-screen app was started")

    monkeypatch.setattr(cli, "_run_app", refuse)


def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> FakeTty:
    """stdin, stdout and stderr are terminals; returns stderr.

    Called in the test's body: pytest's output capture sets sys.stdout and sys.stderr again
    after the fixtures ran.
    """
    err = FakeTty()
    monkeypatch.setattr(sys, "stdin", FakeTty())
    monkeypatch.setattr(sys, "stdout", FakeTty())
    monkeypatch.setattr(sys, "stderr", err)
    return err


# --- the full-screen app needs a terminal ------------------------------------------------------

@pytest.mark.usefixtures("app_must_not_start")
@pytest.mark.parametrize(("argv", "hint"), [
    (["--demo", "frobnicate"], None),
    (["--demo", "deals"], None),
    (["recrods", "--demo"], "records"),
    (["feilds"], "fields"),
    (["projects", "--demo"], None),  # a demo object, not a typo of `objects`
    ([], None),
])
def test_the_app_refuses_to_start_without_a_terminal(
    argv: list[str], hint: str | None, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    line = _one_line(captured.err)
    assert captured.out == ""
    assert line.startswith("kizen-tui: ") and "needs a terminal" in line
    assert "kizen-tui --help" in line
    assert ("did you mean" in line) is (hint is not None)
    if hint is not None:
        assert f"did you mean {hint!r}" in line


def test_on_a_terminal_the_app_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    err = on_a_terminal(monkeypatch)
    started: list[str | None] = []
    monkeypatch.setattr(cli, "_run_app", lambda args: started.append(args.target) or 0)
    assert main(["--demo", "deals"]) == 0
    assert started == ["deals"] and err.text == ""


@pytest.mark.parametrize("stream", ["stdin", "stdout", "stderr"])
def test_any_stream_off_the_terminal_is_named(stream: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    on_a_terminal(monkeypatch)
    # The app reads stdin and draws on stderr; stdout on a pipe means a script is reading.
    monkeypatch.setattr(sys, stream, io.StringIO())
    problem = cli.terminal_problem(None)
    assert problem is not None and f"({stream} is not a terminal)" in problem


def test_a_piped_process_exits_at_once_with_nothing_on_stdout(tmp_path: Path) -> None:
    """`kizen-tui --demo deals </dev/null | cat`: it used to draw into the pipe and spin."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run([sys.executable, "-m", "kizen_tui", "--demo", "deals"], env=env,
                              cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("kizen-tui without a terminal did not exit")
    assert done.returncode == 2 and done.stdout == ""
    assert "needs a terminal" in _one_line(done.stderr)


# --- an unusable --db --------------------------------------------------------------------------

def _bad_databases(tmp_path: Path) -> list[tuple[str, str]]:
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello\n" * 200)
    return [(str(tmp_path / "missing" / "x.sqlite"),
             f"there is no directory {tmp_path / 'missing'}"),
            (str(tmp_path), "it is a directory"),
            (str(not_a_db), "file is not a database")]


def test_a_headless_command_with_an_unusable_db(run: Run, tmp_path: Path) -> None:
    for path, reason in _bad_databases(tmp_path):
        result = run("objects", "--db", path)
        assert result.code == 2 and result.out == ""
        assert _one_line(result.err) == \
            f"kizen-tui: cannot open the sandbox database {path}: {reason}"


def test_the_app_with_an_unusable_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kizen_tui.ui.app import KizenApp

    err = on_a_terminal(monkeypatch)
    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("the full-screen app was started")

    monkeypatch.setattr(KizenApp, "run", refuse)
    path, reason = _bad_databases(tmp_path)[0]
    try:
        assert main(["--demo", "--db", path]) == 2
    finally:
        logs.stop_logging()  # the app's entry point always starts its log
    line = next(ln for ln in err.text.splitlines() if "sandbox database" in ln)
    assert line == f"kizen-tui: cannot open the sandbox database {path}: {reason}"
    assert "Traceback" not in err.text


def test_sandbox_serve_with_an_unusable_db(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           free_port: int) -> None:
    path, reason = _bad_databases(tmp_path)[0]
    assert main(["sandbox", "serve", "--db", path, "--port", str(free_port)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # no banner
    assert _one_line(captured.err) == \
        f"kizen-tui sandbox serve: cannot open the sandbox database {path}: {reason}"


# --- sandbox serve: ports and hosts ------------------------------------------------------------

@pytest.fixture
def free_port() -> int:
    """A loopback port nobody listens on (at the time of asking)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("port", ["99999", "65536", "-5", "0", "eighty"])
def test_sandbox_serve_refuses_a_port_out_of_range(
    port: str, capsys: pytest.CaptureFixture[str],
) -> None:
    # Parsed only: were the port accepted, serving would not return (0 picks a free port).
    parser = build_headless_parser()
    with pytest.raises(SystemExit) as stop:
        parser.parse_args(["sandbox", "serve", "--records", "30", "--port", port])
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert "argument --port:" in captured.err and "usage:" in captured.err
    assert parser.parse_args(["sandbox", "serve", "--port", "65535"]).port == 65535


def test_sandbox_serve_on_a_busy_port_says_so_without_a_banner(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        assert main(["sandbox", "serve", "--records", "30", "--port", str(port)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # the credentials banner is not shown for a server that is not
    assert _one_line(captured.err) == \
        f"kizen-tui sandbox serve: cannot listen on 127.0.0.1:{port}: address already in use"


def test_sandbox_serve_names_the_flag_that_allows_a_remote_host(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["sandbox", "serve", "--host", "0.0.0.0"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert "--allow-remote" in line and "allow_remote=True" not in line
    assert main(["sandbox", "serve", "--help"]) == 0
    assert "--allow-remote" in capsys.readouterr().out


@pytest.mark.skipif(os.name != "posix", reason="SIGINT delivery to a child is POSIX-only")
def test_sandbox_serve_still_announces_itself_and_serves(free_port: int) -> None:
    import httpx

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "kizen_tui", "sandbox", "serve", "--records", "30", "--port",
         str(free_port)], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert child.stdout is not None
        url = f"http://127.0.0.1:{free_port}"
        assert child.stdout.readline().strip() == f"Kizen sandbox listening on {url}"
        # the banner comes once the port is bound: the server answers (maybe after seeding)
        response = httpx.get(f"{url}/__sandbox__/health", timeout=30)
        assert response.status_code == 200
    finally:
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=30)
    assert child.returncode == 0 and "Traceback" not in err
