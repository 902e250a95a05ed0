"""Tests of kizen_tui.config: credentials resolution and store, settings, saved views, paths.

Everything runs in tmp_path with HOME, the XDG variables and the KIZEN variables replaced.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from pydantic import ValidationError

from kizen_tui.config import (
    ENV_VARS,
    ConfigError,
    Credentials,
    InsecureFileError,
    MissingCredentials,
    Paths,
    SavedView,
    Settings,
    SourceKind,
    delete_view,
    export_view,
    find_credentials,
    get_view,
    import_view,
    list_profiles,
    list_views,
    load_settings,
    locate,
    remove_profile,
    rename_view,
    resolve_credentials,
    save_profile,
    save_settings,
    save_view,
    set_default_profile,
)

KEY = "sk-LEAKCANARY-7f3a9"
BIZ = "3f2b8c1e-0d4a-4e5b-9c6d-7e8f9a0b1c2d"
USER = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
OTHER_BIZ = "11111111-2222-4333-8444-555555555555"


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """Point every location at tmp_path and clear the KIZEN variables."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    for var in [*ENV_VARS.values(), "KIZEN_TUI_CONFIG_DIR", "KIZEN_TUI_DATA_DIR"]:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("KIZEN_TUI_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("KIZEN_TUI_DATA_DIR", str(tmp_path / "data"))
    return Paths.from_env()


def write_store(paths: Paths, data: dict, mode: int = 0o600) -> Path:
    """Write the store exactly the way the official CLI does (tomli_w.dump, then chmod)."""
    path = paths.credentials_file
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        tomli_w.dump(data, fh)
    os.chmod(path, mode)
    return path


def row(biz: str = BIZ, key: str = KEY, **extra: str) -> dict:
    return {"api_key": key, "business_id": biz, "user_id": USER, **extra}


def creds(**overrides: str) -> Credentials:
    values = {"api_key": KEY, "business_id": BIZ, "user_id": USER, **overrides}
    return Credentials.create(**values)


# --- paths -------------------------------------------------------------------------------


def test_paths_follow_env_and_xdg(paths: Paths, tmp_path: Path) -> None:
    assert paths.credentials_file == tmp_path / "xdg_config_home" / "kizen" / "credentials.toml"
    assert paths.settings_file == tmp_path / "cfg" / "settings.toml"
    assert paths.views_dir == tmp_path / "cfg" / "views"
    assert paths.journal_file == tmp_path / "data" / "journal.jsonl"
    everything = locate(paths)
    assert everything["credentials"] == paths.credentials_file
    assert {"settings", "saved views", "drafts", "journal", "log dir", "cache dir"} <= set(
        everything
    )


def test_credentials_path_defaults_to_dot_config(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path)}
    home_paths = Paths.from_env(env, config_dir=tmp_path / "c")
    assert home_paths.credentials_file.parts[-3:] == (".config", "kizen", "credentials.toml")
    assert home_paths.config_dir == tmp_path / "c"
    with pytest.raises(TypeError):
        Paths.from_env(env, nonsense=tmp_path)


# --- resolution --------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["api_key", "business_id", "user_id", "base_url"])
def test_resolution_order_per_field(
    paths: Paths, monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    uuids = iter(f"{n}0000000-0000-4000-8000-000000000000" for n in range(1, 4))
    values = {
        "api_key": ("key-arg", "key-env", "key-file"),
        "business_id": (next(uuids), next(uuids), next(uuids)),
        "user_id": ("a" + BIZ[1:], "b" + BIZ[1:], "c" + BIZ[1:]),
        "base_url": ("https://arg.example", "https://env.example", "https://file.example"),
    }[field]
    arg, env, stored = values
    write_store(paths, {"profiles": {"default": {**row(), field: stored}}})
    monkeypatch.setenv(ENV_VARS[field], env)

    def resolved() -> tuple[str, SourceKind]:
        given: dict[str, Any] = {field: arg} if arg else {}
        lookup = find_credentials(**given)
        value = getattr(lookup.credentials(), field)
        text = value.get_secret_value() if field == "api_key" else value
        return text, lookup.sources[field].kind

    assert resolved() == (arg, SourceKind.ARGUMENT)
    arg = ""
    assert resolved() == (env, SourceKind.ENVIRONMENT)
    monkeypatch.delenv(ENV_VARS[field])
    assert resolved() == (stored, SourceKind.FILE)


def test_base_url_defaults_when_set_nowhere(paths: Paths) -> None:
    write_store(paths, {"profiles": {"default": row()}})
    lookup = find_credentials()
    assert lookup.credentials().base_url == "https://app.go.kizen.com"
    assert lookup.sources["base_url"].kind is SourceKind.DEFAULT


def test_profile_selection_flag_env_default_profile_then_default(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = {"default": BIZ, "pinned": OTHER_BIZ, "env": "e" + BIZ[1:], "flag": "f" + BIZ[1:]}
    store = {name: row(biz) for name, biz in ids.items()}
    write_store(paths, {"profiles": store})
    assert resolve_credentials().business_id == BIZ
    write_store(paths, {"default_profile": "pinned", "profiles": store})
    assert resolve_credentials().profile == "pinned"
    monkeypatch.setenv("KIZEN_PROFILE", "env")
    assert resolve_credentials().business_id == ids["env"]
    lookup = find_credentials(profile="flag")
    assert (lookup.profile, lookup.profile_source.detail) == ("flag", "--profile")
    assert lookup.credentials().business_id == ids["flag"]


def test_reads_store_written_by_official_cli(paths: Paths) -> None:
    write_store(
        paths,
        {
            "profiles": {
                "sandbox": row(base_url="https://staging.kizen.com"),
                "prod": row(OTHER_BIZ, base_url="https://app.go.kizen.com"),
            }
        },
    )
    got = resolve_credentials(profile="sandbox")
    assert got.api_key.get_secret_value() == KEY
    assert (got.business_id, got.user_id, got.base_url) == (BIZ, USER, "https://staging.kizen.com")
    assert got.auth_headers() == {"X-API-KEY": KEY, "X-BUSINESS-ID": BIZ, "X-USER-ID": USER}
    assert [p.name for p in list_profiles()] == ["prod", "sandbox"]


def test_env_overriding_stored_value_is_reported(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_store(paths, {"profiles": {"prod": row()}})
    monkeypatch.setenv("KIZEN_BUSINESS_ID", OTHER_BIZ)
    lookup = find_credentials(profile="prod")
    assert lookup.credentials().business_id == OTHER_BIZ
    assert len(lookup.warnings) == 1
    assert "KIZEN_BUSINESS_ID overrides business_id of profile 'prod'" in lookup.warnings[0]


def test_missing_credentials_lists_what_and_where(paths: Paths) -> None:
    write_store(paths, {"profiles": {"other": row()}})
    with pytest.raises(MissingCredentials) as caught:
        resolve_credentials(profile="work", api_key=KEY)
    error = caught.value
    assert isinstance(error, ConfigError)
    assert (error.missing, error.profile) == (("business_id", "user_id"), "work")
    message = str(error)
    for expected in ("--business-id", "KIZEN_USER_ID", "[profiles.work]", "profiles: other"):
        assert expected in message
    assert str(paths.credentials_file) in message
    assert KEY not in message


def test_everything_from_env_needs_no_file(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIZEN_API_KEY", KEY)
    monkeypatch.setenv("KIZEN_BUSINESS_ID", BIZ.upper())
    monkeypatch.setenv("KIZEN_USER_ID", USER)
    got = resolve_credentials()
    assert (got.profile, got.business_id) == ("default", BIZ)
    assert not paths.credentials_file.exists()


@pytest.mark.parametrize(
    "field, value, fragment",
    [
        ("business_id", "acme", "business_id (from --business-id) must be a UUID"),
        ("user_id", "42", "user_id (from --user-id) must be a UUID"),
        ("api_key", "sk with space", "contains spaces"),
        ("profile", "bad\x1bname", "Invalid profile name"),
    ],
)
def test_invalid_values_are_config_errors(
    paths: Paths, field: str, value: str, fragment: str
) -> None:
    args: dict[str, Any] = {"api_key": KEY, "business_id": BIZ, "user_id": USER, field: value}
    with pytest.raises(ConfigError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        resolve_credentials(**args)


# --- base URL rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, expected",
    [
        ("https://app.go.kizen.com", "https://app.go.kizen.com"),
        ("https://app.go.kizen.com/", "https://app.go.kizen.com"),
        ("https://app.go.kizen.com/api", "https://app.go.kizen.com"),
        ("https://app.go.kizen.com/api/", "https://app.go.kizen.com"),
        (" HTTPS://staging.kizen.com// ", "https://staging.kizen.com"),
        ("https://proxy.example/kizen/api", "https://proxy.example/kizen"),
        ("http://localhost:8765", "http://localhost:8765"),
        ("http://127.0.0.1:8765/api", "http://127.0.0.1:8765"),
        ("http://127.8.9.10", "http://127.8.9.10"),
        ("http://[::1]:8000/", "http://[::1]:8000"),
    ],
)
def test_base_url_accepted_and_normalised(given: str, expected: str) -> None:
    assert creds(base_url=given).base_url == expected


@pytest.mark.parametrize(
    "given, fragment",
    [
        ("http://app.go.kizen.com", "plain http"),
        ("http://10.0.0.1", "plain http"),
        ("http://localhost.evil.com", "plain http"),
        ("ftp://app.go.kizen.com", "full URL"),
        ("app.go.kizen.com", "full URL"),
        ("https://user:pw@app.go.kizen.com", "user name or password"),
        ("https://app.go.kizen.com/?x=1", "query or fragment"),
        ("https://app.go.kizen.com:99999", "not a valid URL"),
    ],
)
def test_base_url_rejected(given: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        creds(base_url=given)


# --- the key never leaks -----------------------------------------------------------------


def test_key_not_in_repr_str_or_dumps(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIZEN_API_KEY", KEY)
    lookup = find_credentials(business_id=BIZ, user_id=USER)
    got = lookup.credentials()
    for text in (repr(got), str(got), got.model_dump_json(), repr(lookup), str(lookup)):
        assert KEY not in text
    assert "**********" in repr(got)


def test_key_not_in_error_messages(paths: Paths) -> None:
    messages = []
    attempts = [
        {"business_id": KEY},  # pasted into the wrong field
        {"user_id": "x"},
        {"base_url": "http://example.com"},
        {"base_url": f"https://example.com/?key={KEY}"},
    ]
    for override in attempts:
        args: dict[str, Any] = {"api_key": KEY, "business_id": BIZ, "user_id": USER, **override}
        with pytest.raises(ConfigError) as caught:
            resolve_credentials(**args)
        messages.append(str(caught.value))
    with pytest.raises(ValidationError) as invalid:
        Credentials.model_validate(
            {"profile": "p", "api_key": KEY + " x", "business_id": BIZ, "user_id": USER}
        )
    messages.append(str(invalid.value))
    with pytest.raises(ConfigError) as bad_key:
        Credentials.create(api_key=KEY + "\n" + KEY, business_id=BIZ, user_id=USER)
    messages.append(str(bad_key.value))
    assert all(KEY not in message for message in messages), messages


# --- the credentials file ----------------------------------------------------------------


@pytest.mark.parametrize("loose", [0o644, 0o640, 0o620, 0o604, 0o660])
def test_insecure_store_refused_with_fix(paths: Paths, loose: int) -> None:
    path = write_store(paths, {"profiles": {"default": row()}}, mode=loose)
    with pytest.raises(InsecureFileError) as caught:
        resolve_credentials()
    assert f"chmod 600 {path}" in str(caught.value)
    with pytest.raises(InsecureFileError):
        save_profile("other", creds())


@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_store_that_is_not_a_regular_file_is_refused_at_once(paths: Paths, kind: str) -> None:
    """A FIFO would block the read forever; a directory would get "chmod 600" advice."""
    path = paths.credentials_file
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path, 0o600)
    else:
        path.mkdir(mode=0o755)
    with pytest.raises(ConfigError) as caught:
        resolve_credentials()
    assert "not a regular file" in str(caught.value)
    assert "chmod" not in str(caught.value)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('[profiles.default]\napi_key = "x"\nbusiness_id = \n', "line 3"),
        ('[profiles.default]\napi_key = "unterminated\n', "line 2"),
        ('profiles = "oops"\n', "'profiles' must be a table"),
        ("[profiles.default]\napi_key = 12345\n", "api_key must be a string"),
        ("default_profile = 3\n", "default_profile must be a string"),
    ],
)
def test_corrupt_store_is_a_config_error(paths: Paths, text: str, fragment: str) -> None:
    paths.credentials_file.parent.mkdir(parents=True)
    paths.credentials_file.write_text(text)
    paths.credentials_file.chmod(0o600)
    with pytest.raises(ConfigError, match=fragment) as caught:
        resolve_credentials()
    assert str(paths.credentials_file) in str(caught.value)


def test_undecodable_store_is_a_config_error(paths: Paths) -> None:
    paths.credentials_file.parent.mkdir(parents=True)
    paths.credentials_file.write_bytes(b"\xff\xfe garbage")
    paths.credentials_file.chmod(0o600)
    with pytest.raises(ConfigError, match="not valid UTF-8"):
        list_profiles()


def test_save_profile_keeps_everything_else(paths: Paths) -> None:
    write_store(
        paths,
        {
            "default_profile": "prod",
            "telemetry": {"enabled": False},
            "profiles": {"prod": row(OTHER_BIZ, note="keep me"), "work": row(key="old-key")},
        },
    )
    written = save_profile("work", creds(base_url="https://staging.kizen.com/api"))
    assert written == paths.credentials_file
    data = tomllib.loads(written.read_text())
    assert data["default_profile"] == "prod"
    assert data["telemetry"] == {"enabled": False}
    assert data["profiles"]["prod"] == row(OTHER_BIZ, note="keep me")
    assert data["profiles"]["work"] == row(base_url="https://staging.kizen.com")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(written.parent.stat().st_mode) == 0o700


def test_save_then_resolve_round_trip(paths: Paths) -> None:
    save_profile("fresh", creds(base_url="http://127.0.0.1:9000"))
    got = resolve_credentials(profile="fresh")
    assert got == creds(profile="fresh", base_url="http://127.0.0.1:9000")
    assert not list(paths.credentials_file.parent.glob("*.tmp"))


def test_remove_and_default_profile(paths: Paths) -> None:
    write_store(paths, {"profiles": {"a": row(), "b": row(OTHER_BIZ)}})
    set_default_profile("b")
    assert [(p.name, p.is_default, p.has_api_key) for p in list_profiles()] == [
        ("a", False, True),
        ("b", True, True),
    ]
    assert resolve_credentials().business_id == OTHER_BIZ
    assert remove_profile("b") is True
    assert remove_profile("b") is False
    data = tomllib.loads(paths.credentials_file.read_text())
    assert data == {"profiles": {"a": row()}}
    with pytest.raises(ConfigError, match="No profile named 'zz'"):
        set_default_profile("zz")


# --- settings ----------------------------------------------------------------------------


def test_settings_defaults_when_absent(paths: Paths) -> None:
    settings, warnings = load_settings(paths)
    assert (settings.page_size, settings.detail_pane, warnings) == (100, True, [])


def test_settings_round_trip_keeps_unknown_keys(paths: Paths) -> None:
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text(
        'theme = "nord"\npage_size = 250\nfuture_option = "x"\n'
        '[keys]\nquit = "ctrl+q"\n'
        "[profiles.prod]\nread_only = true\nproduction = true\nmystery = [1, 2]\n"
        '[profiles.prod.columns]\ncontacts = ["email", "first_name"]\n'
    )
    settings, warnings = load_settings(paths)
    assert warnings == []
    prod = settings.for_profile("prod")
    assert (prod.read_only, prod.production, prod.columns) == (
        True,
        True,
        {"contacts": ["email", "first_name"]},
    )
    prod.remember_object("deals")
    settings.detail_pane = False
    save_settings(settings, paths)
    data = tomllib.loads(paths.settings_file.read_text())
    assert data["future_option"] == "x"
    assert data["keys"] == {"quit": "ctrl+q"}
    assert data["profiles"]["prod"]["mystery"] == [1, 2]
    assert data["profiles"]["prod"]["recent_objects"] == ["deals"]
    assert (data["theme"], data["page_size"], data["detail_pane"]) == ("nord", 250, False)
    assert load_settings(paths).value == settings


def test_corrupt_settings_set_aside_and_defaults_used(paths: Paths) -> None:
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text("page_size = 200\ntheme = [\n")
    with pytest.raises(ConfigError, match="line 2"):
        load_settings(paths, strict=True)
    settings, warnings = load_settings(paths)
    assert settings == Settings()
    assert len(warnings) == 1 and str(paths.settings_file) in warnings[0]
    [aside] = paths.config_dir.glob("settings.toml.corrupt-*")
    assert aside.read_text() == "page_size = 200\ntheme = [\n"
    assert not paths.settings_file.exists()


def test_invalid_settings_values_repaired_rest_kept(paths: Paths) -> None:
    paths.config_dir.mkdir(parents=True)
    original = (
        'page_size = 5000\ntheme = "nord"\n'
        '[profiles.prod]\nread_only = true\nproduction = "maybe"\n'
        'record_url_template = "{host}/x"\n[profiles.prod.columns]\ncontacts = [1]\n'
    )
    paths.settings_file.write_text(original)
    with pytest.raises(ConfigError, match="page_size"):
        load_settings(paths, strict=True)
    settings, warnings = load_settings(paths)
    assert (settings.page_size, settings.theme) == (100, "nord")
    prod = settings.profiles["prod"]
    assert (prod.read_only, prod.record_url_template, prod.columns) == (True, None, {})
    assert prod.production is True  # an unreadable safety flag fails safe
    [warning] = warnings
    assert "page_size" in warning and "record_url_template" in warning
    [aside] = paths.config_dir.glob("settings.toml.corrupt-*")
    assert aside.read_text() == original
    assert load_settings(paths) == (settings, [])


def test_page_size_bounds() -> None:
    settings = Settings()
    for bad in (24, 1001):
        with pytest.raises(ValidationError):
            settings.page_size = bad
    settings.page_size = 25
    settings.page_size = 1000
    assert settings.page_size == 1000


def test_recent_objects_most_recent_first_capped_at_20() -> None:
    profile = Settings().for_profile("p")
    for n in range(25):
        profile.remember_object(f"obj{n}")
    profile.remember_object("obj10")
    assert len(profile.recent_objects) == 20
    assert profile.recent_objects[:3] == ["obj10", "obj24", "obj23"]
    assert profile.recent_objects.count("obj10") == 1
    assert "obj4" not in profile.recent_objects


def test_record_url_template() -> None:
    profile = Settings().for_profile("p")
    assert profile.record_url(record_id="r") is None
    profile.record_url_template = "{base_url}/custom-objects/{object_id}/details/{record_id}"
    url = profile.record_url(base_url="https://app.go.kizen.com", object_id="o", record_id="r")
    assert url == "https://app.go.kizen.com/custom-objects/o/details/r"
    with pytest.raises(ValidationError, match="unknown placeholder"):
        profile.record_url_template = "{base_url}/{secret}"


# --- saved views -------------------------------------------------------------------------


def view(name: str = "Big deals", **extra: object) -> SavedView:
    spec = {"all": [{"field": "entity_value", "op": ">", "value": 10000}]}
    values = {"object": "deals", "filter": spec, "columns": ["name"], "ordering": "-updated"}
    return SavedView.model_validate({"name": name, **values, **extra})


def test_views_crud(paths: Paths) -> None:
    path = save_view(view(), paths=paths)
    assert path.parent == paths.views_dir and path.name == "big-deals.json"
    assert json.loads(path.read_text())["filter"]["all"][0]["op"] == ">"
    save_view(view("Contacts", object="contacts"), paths=paths)
    with pytest.raises(ConfigError, match="already exists"):
        save_view(view("BIG DEALS"), paths=paths)
    save_view(view("big deals", search="acme"), overwrite=True, paths=paths)
    assert get_view("Big Deals", paths=paths).search == "acme"
    names, warnings = list_views(paths=paths)
    assert [v.name for v in names] == ["big deals", "Contacts"] and warnings == []
    assert [v.name for v in list_views(object="contacts", paths=paths).value] == ["Contacts"]

    renamed = rename_view("big deals", "Whales", paths=paths)
    assert renamed.search == "acme"
    assert sorted(p.name for p in paths.views_dir.iterdir()) == ["contacts.json", "whales.json"]
    with pytest.raises(ConfigError, match="already exists"):
        rename_view("Whales", "contacts", paths=paths)
    assert delete_view("whales", paths=paths).name == "whales.json"
    with pytest.raises(ConfigError, match="No saved view named 'whales'"):
        get_view("whales", paths=paths)


def test_views_export_import_and_bad_files(paths: Paths, tmp_path: Path) -> None:
    save_view(view(page_size=50, custom_note="kept"), paths=paths)
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    exported = export_view("big deals", outbox, paths=paths)
    assert exported == outbox / "big-deals.json"
    with pytest.raises(ConfigError, match="already exists"):
        export_view("big deals", exported, paths=paths)
    imported = import_view(exported, name="Copy", paths=paths)
    assert imported.page_size == 50 and imported.model_extra == {"custom_note": "kept"}
    assert get_view("copy", paths=paths).filter == view().filter

    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "name": "x",\n  "object": \n}')
    with pytest.raises(ConfigError, match="line 4"):
        import_view(broken, paths=paths)
    (paths.views_dir / "hand-edited.json").write_text('{"name": "no object"}')
    views, warnings = list_views(paths=paths)
    assert [v.name for v in views] == ["Big deals", "Copy"]
    assert len(warnings) == 1 and "hand-edited.json" in warnings[0]


def test_view_profile_filter_and_slug_collisions(paths: Paths) -> None:
    save_view(view("Ünïcode", profile="prod"), paths=paths)
    save_view(view("unicode"), paths=paths)
    assert sorted(p.name for p in paths.views_dir.iterdir()) == ["unicode-2.json", "unicode.json"]
    assert len(list_views(profile="prod", paths=paths).value) == 2
    assert [v.name for v in list_views(profile="dev", paths=paths).value] == ["unicode"]


# --- import rules ------------------------------------------------------------------------


def test_config_imports_no_ui_or_http() -> None:
    code = (
        "import sys, kizen_tui.config, kizen_tui.files; "
        "bad = [m for m in ('textual', 'httpx', 'kizen_tui.ui', 'kizen_tui.api') "
        "if m in sys.modules]; print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
