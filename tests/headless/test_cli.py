"""The entry point: TUI vs command dispatch, global flags anywhere, `sandbox serve`, --debug,
and real processes piping JSON to another program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kizen_tui.cli import build_parser, main, parse_target
from kizen_tui.headless import find_command
from kizen_tui.sandbox import DEMO_CREDENTIALS
from kizen_tui.sandbox.seed import ACME_RECORD_ID
from kizen_tui.sandbox.testing import RunningSandbox

from .conftest import RECORDS, Run

ROOT = Path(__file__).resolve().parents[2]
CANARY = "kzn-CANARY-secret-key-31337"


@pytest.mark.parametrize(("argv", "command"), [
    ([], None),
    (["companies"], None),
    (["companies/" + ACME_RECORD_ID, "--demo"], None),
    (["objects"], "objects"),
    (["--demo", "records", "search", "x"], "records"),
    (["--profile", "records", "companies"], None),  # "records" is the profile's value
    (["--profile=work", "fields", "deals"], "fields"),
    (["--", "records"], None),  # an object named like a command
    (["sandbox", "serve"], "sandbox"),
])
def test_find_command(argv: list[str], command: str | None) -> None:
    assert find_command(argv) == command


def test_tui_parser_takes_the_global_flags() -> None:
    args = build_parser().parse_args(["deals", "--demo", "--read-only", "--profile", "p",
                                      "--base-url", "https://x.kizen.com", "--debug"])
    assert args.target == "deals" and args.demo and args.read_only and args.debug
    assert args.profile == "p" and args.base_url == "https://x.kizen.com"
    assert parse_target("deals").object_name == "deals"


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "records search OBJECT" in out and "Exit codes" in out
    assert main(["records", "search", "--help"]) == 0
    assert "--filter" in capsys.readouterr().out
    assert main(["objects", "--help"]) == 0
    assert "process list" in capsys.readouterr().out  # the --api-key warning


def test_global_flags_before_or_after_the_command(run: Run) -> None:
    before = run("--demo", "--records", RECORDS, "objects", demo=False)
    after = run("objects", "--demo", "--records", RECORDS, demo=False)
    assert before.code == after.code == 0
    assert before.json() == after.json()
    assert {o["name"] for o in before.json()} == {"companies", "client_client", "deals",
                                                 "projects"}


def test_fields_listing(run: Run) -> None:
    result = run("fields", "companies", "--format", "csv")
    assert result.code == 0, result.err
    header, *rows = result.out.splitlines()
    assert header == "name,display_name,field_type,category,flags,options,id"
    by_name = {row.split(",")[0]: row for row in rows}
    assert "read-only" in by_name["external_id"] and "hidden" in by_name["internal_score"]
    as_json = run("fields", "deals").json()
    assert any(f["name"] == "stage" for f in as_json)
    unknown = run("fields", "nope")
    assert unknown.code == 2 and "no object 'nope'" in unknown.err


def test_sandbox_serve_still_dispatches(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "serve", "--help"]) == 0
    assert "--port" in capsys.readouterr().out
    assert main(["sandbox", "serve", "--host", "0.0.0.0"]) == 2
    assert "non-loopback" in capsys.readouterr().err


def test_debug_writes_a_log_without_the_key(run: Run, sandbox_env: RunningSandbox) -> None:
    logs = pytest.importorskip("kizen_tui.logs")
    try:
        result = run("records", "get", "companies", ACME_RECORD_ID, "--debug", demo=False)
    finally:
        logs.stop_logging()
    assert result.code == 0, result.err
    line = next(line for line in result.err.splitlines() if "debug log:" in line)
    path = Path(line.split("debug log: ", 1)[1])
    text = path.read_text()
    assert f"/api/records/companies/{ACME_RECORD_ID}" in text
    assert DEMO_CREDENTIALS.api_key not in text


def test_writes_are_journaled(run: Run, tmp_path: Path) -> None:
    journal = pytest.importorskip("kizen_tui.ui.journal_store")
    db = str(tmp_path / "s.db")
    assert run("records", "update", "companies", ACME_RECORD_ID, "--set", "tier=Gold",
               "--db", db).code == 0
    assert run("records", "archive", "companies", ACME_RECORD_ID, "--db", db).code == 0
    assert run("records", "update", "companies", ACME_RECORD_ID, "--set", "tier=Gold",
               "--db", db, "--dry-run").code == 1  # archived: 404, and nothing journaled
    entries = journal.JournalStore.default().read().entries
    assert [e.action for e in entries] == ["patch", "archive"]
    assert entries[0].changes[0].field == "tier" and entries[0].profile == "demo"
    assert entries[0].request_id


# --- real processes ---------------------------------------------------------------------------

def _env(base_url: str, key: str = DEMO_CREDENTIALS.api_key) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIZEN_API")}
    env.update(KIZEN_API_KEY=key, KIZEN_BUSINESS_ID=DEMO_CREDENTIALS.business_id,
               KIZEN_USER_ID=DEMO_CREDENTIALS.user_id, KIZEN_BASE_URL=base_url,
               PYTHONPATH=str(ROOT))
    return env


def _kizen(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kizen_tui", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_process_pipes_json_to_another_program(loopback_sandbox: RunningSandbox) -> None:
    env = _env(loopback_sandbox.base_url)
    producer = subprocess.Popen(
        [sys.executable, "-m", "kizen_tui", "records", "search", "companies", "--all",
         "--page-size", "100"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    consumer = subprocess.run(
        [sys.executable, "-c", "import json,sys; print(len(json.load(sys.stdin)))"],
        stdin=producer.stdout, capture_output=True, text=True, timeout=60)
    assert producer.stdout is not None
    producer.stdout.close()
    assert producer.wait(timeout=60) == 0
    assert consumer.returncode == 0, consumer.stderr
    assert int(consumer.stdout) > 200
    assert producer.stderr is not None and producer.stderr.read() == b""


def test_process_exit_codes_and_no_tracebacks(loopback_sandbox: RunningSandbox) -> None:
    env = _env(loopback_sandbox.base_url)
    csv_out = _kizen("records", "search", "companies", "--limit", "3", "--format", "csv",
                     env=env)
    assert csv_out.returncode == 0 and len(csv_out.stdout.splitlines()) == 4
    usage = _kizen("records", "search", "companies", "--filter", "name ~ x", env=env)
    assert usage.returncode == 2 and "at character" in usage.stderr
    missing = _kizen("records", "get", "companies", "00000000-0000-4000-8000-000000000000",
                     env=env)
    assert missing.returncode == 1 and "404" in missing.stderr
    refused = _kizen("records", "archive", "companies", ACME_RECORD_ID, "--read-only", env=env)
    assert refused.returncode == 1 and "Read-only mode" in refused.stderr
    bad_key = _kizen("objects", env=_env(loopback_sandbox.base_url, CANARY))
    assert bad_key.returncode == 1 and "401" in bad_key.stderr
    for done in (csv_out, usage, missing, refused, bad_key):
        assert "Traceback" not in done.stderr
        assert CANARY not in done.stdout + done.stderr
        assert DEMO_CREDENTIALS.api_key not in done.stdout + done.stderr
    assert json.loads(_kizen("objects", env=env).stdout)


@pytest.mark.skipif(os.name != "posix", reason="SIGINT delivery to a child is POSIX-only")
def test_process_ctrl_c_during_all_exits_130_with_whole_lines() -> None:
    import signal

    env = {k: v for k, v in os.environ.items() if not k.startswith("KIZEN_API")}
    env["PYTHONPATH"] = str(ROOT)
    child = subprocess.Popen(
        [sys.executable, "-m", "kizen_tui", "records", "search", "companies", "--demo",
         "--records", "3000", "--all", "--page-size", "1", "--format", "jsonl"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # A shell's background job inherits Ctrl-C ignored (Python then keeps it ignored):
        # give the child the handling a terminal user's process has, whoever runs the suite.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert child.stdout is not None
    first = child.stdout.readline()  # the search is running: records are arriving
    child.send_signal(signal.SIGINT)
    # read through the same buffered file as readline (communicate() would skip its buffer)
    rest = child.stdout.read()
    assert child.stderr is not None
    err = child.stderr.read()
    child.wait(timeout=60)
    assert child.returncode == 130, err
    lines = [json.loads(line) for line in (first + rest).splitlines()]
    assert 0 < len(lines) < 2900
    assert f"stopped after {len(lines)} records" in err
    assert "Traceback" not in err
