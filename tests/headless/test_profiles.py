"""`profiles list | add | remove`, `locate config`, and commands using saved profiles (shared
with the TUI) against a loopback sandbox."""

from __future__ import annotations

import io
import json
import stat
import sys
from pathlib import Path

import pytest

from kizen_tui.config import Paths, ProfileSettings, Settings, save_settings
from kizen_tui.sandbox import DEMO_CREDENTIALS
from kizen_tui.sandbox.seed import ACME_RECORD_ID
from kizen_tui.sandbox.testing import RunningSandbox

from .conftest import Result, Run

KEY = DEMO_CREDENTIALS.api_key
CANARY = "kzn-CANARY-secret-key-31337"


class FakeStdin(io.StringIO):
    """stdin that may claim to be a terminal."""

    def __init__(self, text: str = "", tty: bool = False) -> None:
        super().__init__(text)
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def add(run: Run, monkeypatch: pytest.MonkeyPatch, name: str, url: str, *extra: str,
        key: str = KEY) -> Result:
    """`profiles add NAME` with the key on stdin."""
    monkeypatch.setattr(sys, "stdin", FakeStdin(key + "\n"))
    return run("profiles", "add", name, "--api-key-stdin", "--base-url", url,
               "--business-id", DEMO_CREDENTIALS.business_id, "--user-id",
               DEMO_CREDENTIALS.user_id, *extra, demo=False)


def test_add_checks_the_key_live_and_saves_0600(run: Run, monkeypatch: pytest.MonkeyPatch,
                                                loopback_sandbox: RunningSandbox) -> None:
    result = add(run, monkeypatch, "work", loopback_sandbox.base_url, "--default")
    assert result.code == 0, result.err
    assert "saved profile 'work' (checked)" in result.err
    path = Paths.from_env().credentials_file
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    listing = run("profiles", "list", "--format", "json", demo=False)
    assert listing.code == 0
    [row] = listing.json()
    assert row["name"] == "work" and row["default"] and row["has_api_key"]
    assert KEY not in listing.out + listing.err + result.out + result.err
    table = run("profiles", "list", "--format", "table", demo=False)
    assert "work (default)" in table.out and KEY not in table.out
    # the saved default profile is what commands use
    search = run("records", "get", "companies", ACME_RECORD_ID, demo=False)
    assert search.code == 0, search.err
    assert search.json()["id"] == ACME_RECORD_ID


def test_add_refuses_a_rejected_key_and_saves_nothing(
        run: Run, monkeypatch: pytest.MonkeyPatch, loopback_sandbox: RunningSandbox) -> None:
    result = add(run, monkeypatch, "bad", loopback_sandbox.base_url, key=CANARY)
    assert result.code == 1
    assert "not saved" in result.err and "401" in result.err
    assert CANARY not in result.out + result.err
    assert not Paths.from_env().credentials_file.exists()


def test_add_prompts_without_echo(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def fake_getpass(prompt: str) -> str:
        asked.append(prompt)
        return CANARY

    answers = iter([DEMO_CREDENTIALS.business_id, DEMO_CREDENTIALS.user_id])
    monkeypatch.setattr(sys, "stdin", FakeStdin(tty=True))
    monkeypatch.setattr("getpass.getpass", fake_getpass)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    result = run("profiles", "add", "typed", "--no-check", demo=False)
    assert result.code == 0, result.err
    assert asked == ["API key (not shown): "]
    assert CANARY not in result.out + result.err
    assert CANARY in Paths.from_env().credentials_file.read_text()


def test_add_without_a_terminal_or_key_is_a_usage_error(run: Run,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(tty=False))
    result = run("profiles", "add", "x", "--no-check", demo=False)
    assert result.code == 2 and "API key (not shown) is required" in result.err


def test_add_twice_needs_force_and_remove(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    url = "https://example.kizen.com"
    assert add(run, monkeypatch, "p", url, "--no-check").code == 0
    again = add(run, monkeypatch, "p", url, "--no-check")
    assert again.code == 2 and "--force" in again.err
    assert add(run, monkeypatch, "p", url, "--no-check", "--force").code == 0
    assert run("profiles", "remove", "p", demo=False).code == 0
    missing = run("profiles", "remove", "p", demo=False)
    assert missing.code == 2 and "no profile named 'p'" in missing.err
    assert run("profiles", "list", demo=False).json() == []


def test_add_rejects_plain_http_to_a_remote_host(run: Run,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    result = add(run, monkeypatch, "p", "http://kizen.example.com", "--no-check")
    assert result.code == 2 and "plain http" in result.err


def test_profile_read_only_setting_refuses_writes(
        run: Run, monkeypatch: pytest.MonkeyPatch, loopback_sandbox: RunningSandbox) -> None:
    assert add(run, monkeypatch, "prod", loopback_sandbox.base_url, "--no-check").code == 0
    save_settings(Settings(profiles={"prod": ProfileSettings(read_only=True)}))
    result = run("records", "update", "companies", ACME_RECORD_ID, "--set", "tier=Gold",
                 "--profile", "prod", demo=False)
    assert result.code == 1 and "Read-only mode" in result.err


def test_env_overriding_the_profile_is_a_warning(
        run: Run, monkeypatch: pytest.MonkeyPatch, loopback_sandbox: RunningSandbox) -> None:
    assert add(run, monkeypatch, "work", loopback_sandbox.base_url, "--no-check").code == 0
    monkeypatch.setenv("KIZEN_BASE_URL", loopback_sandbox.base_url.replace("127.0.0.1",
                                                                           "localhost"))
    result = run("objects", "--profile", "work", demo=False)
    assert result.code == 0, result.err
    assert "warning: KIZEN_BASE_URL overrides base_url of profile 'work'" in result.err


def test_missing_credentials_is_a_configuration_error(run: Run) -> None:
    result = run("objects", demo=False)
    assert result.code == 2
    assert "Missing Kizen credentials" in result.err and "KIZEN_API_KEY" in result.err


def test_wrong_key_is_an_api_error_and_never_printed(
        run: Run, sandbox_env: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIZEN_API_KEY", CANARY)
    for args in (["objects"], ["records", "search", "companies"],
                 ["records", "update", "companies", ACME_RECORD_ID, "--set", "tier=Gold"]):
        result = run(*args, demo=False)
        assert result.code == 1, result.err
        assert "401" in result.err
        assert CANARY not in result.out + result.err


def test_api_key_flag_is_never_printed(run: Run, sandbox_env: RunningSandbox,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIZEN_API_KEY")
    ok = run("records", "search", "companies", "--limit", "2", "--api-key", KEY, demo=False)
    assert ok.code == 0 and KEY not in ok.out + ok.err
    bad = run("objects", "--api-key", "has spaces " + CANARY, demo=False)
    assert bad.code == 2 and CANARY not in bad.out + bad.err


def test_locate_config(run: Run, sandbox_env: RunningSandbox) -> None:
    result = run("locate", "config", "--format", "json", demo=False)
    assert result.code == 0, result.err
    data = result.json()
    paths = Paths.from_env()
    assert data["paths"]["credentials"] == str(paths.credentials_file)
    assert data["paths"]["journal"] == str(paths.journal_file)
    assert set(data["paths"]) == set(paths.locate())
    assert data["credentials"]["sources"]["api_key"] == "KIZEN_API_KEY"
    assert data["credentials"]["missing"] == []
    assert KEY not in result.out
    table = run("locate", "config", "--format", "table", demo=False)
    assert "saved views" in table.out and "KIZEN_API_KEY" in table.out


def test_locate_config_with_an_unsafe_store(run: Run, tmp_path: Path) -> None:
    path = Paths.from_env().credentials_file
    path.parent.mkdir(parents=True)
    path.write_text('[profiles.default]\napi_key = "x"\n')
    path.chmod(0o644)
    result = run("locate", "config", demo=False)
    assert result.code == 2 and "chmod 600" in result.err
    assert json.loads(result.out)["paths"]["credentials"] == str(path)
