"""Profiles, credentials and settings (no UI, no HTTP).

The package is split into small modules; everything other layers need is exported here:

- credentials: :func:`resolve_credentials` / :func:`find_credentials` -> :class:`Credentials`
- the store shared with the official Kizen CLI: :func:`save_profile`, :func:`remove_profile`,
  :func:`list_profiles`, :func:`set_default_profile`
- kizen-tui's settings: :class:`Settings`, :func:`load_settings`, :func:`save_settings`
- saved views: :class:`SavedView` and its functions
- paths: :class:`Paths`, :func:`locate`

The names are loaded lazily (PEP 562), like `kizen_tui.api`'s: the demo needs only the paths and
the settings at start-up, not the credentials, the profile store or the views (nor the pydantic
models they build).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kizen_tui.lazy import lazy_exports

if TYPE_CHECKING:
    from kizen_tui.config.credentials import (
        DEFAULT_BASE_URL,
        DEFAULT_PROFILE,
        Credentials,
        check_api_key,
        check_profile_name,
        check_uuid,
        is_loopback_host,
        normalize_base_url,
    )
    from kizen_tui.config.errors import (
        ConfigError,
        InsecureFileError,
        MissingCredentials,
    )
    from kizen_tui.config.paths import (
        Paths,
        locate,
        official_cli_credentials_path,
    )
    from kizen_tui.config.resolve import (
        ENV_VARS,
        FLAGS,
        CredentialLookup,
        SourceKind,
        ValueSource,
        find_credentials,
        resolve_credentials,
    )
    from kizen_tui.config.settings import (
        PAGE_SIZE_MAX,
        PAGE_SIZE_MIN,
        RECENT_OBJECTS_LIMIT,
        Loaded,
        ProfileSettings,
        Settings,
        load_settings,
        save_settings,
    )
    from kizen_tui.config.store import (
        StoredProfile,
        list_profiles,
        read_store,
        remove_profile,
        save_profile,
        set_default_profile,
    )
    from kizen_tui.config.views import (
        SavedView,
        delete_view,
        export_view,
        get_view,
        import_view,
        list_views,
        read_view_file,
        rename_view,
        save_view,
    )

_EXPORTS: dict[str, str] = {
    "DEFAULT_BASE_URL": "kizen_tui.config.credentials",
    "DEFAULT_PROFILE": "kizen_tui.config.credentials",
    "Credentials": "kizen_tui.config.credentials",
    "check_api_key": "kizen_tui.config.credentials",
    "check_profile_name": "kizen_tui.config.credentials",
    "check_uuid": "kizen_tui.config.credentials",
    "is_loopback_host": "kizen_tui.config.credentials",
    "normalize_base_url": "kizen_tui.config.credentials",
    "ConfigError": "kizen_tui.config.errors",
    "InsecureFileError": "kizen_tui.config.errors",
    "MissingCredentials": "kizen_tui.config.errors",
    "Paths": "kizen_tui.config.paths",
    "locate": "kizen_tui.config.paths",
    "official_cli_credentials_path": "kizen_tui.config.paths",
    "ENV_VARS": "kizen_tui.config.resolve",
    "FLAGS": "kizen_tui.config.resolve",
    "CredentialLookup": "kizen_tui.config.resolve",
    "SourceKind": "kizen_tui.config.resolve",
    "ValueSource": "kizen_tui.config.resolve",
    "find_credentials": "kizen_tui.config.resolve",
    "resolve_credentials": "kizen_tui.config.resolve",
    "PAGE_SIZE_MAX": "kizen_tui.config.settings",
    "PAGE_SIZE_MIN": "kizen_tui.config.settings",
    "RECENT_OBJECTS_LIMIT": "kizen_tui.config.settings",
    "Loaded": "kizen_tui.config.settings",
    "ProfileSettings": "kizen_tui.config.settings",
    "Settings": "kizen_tui.config.settings",
    "load_settings": "kizen_tui.config.settings",
    "save_settings": "kizen_tui.config.settings",
    "StoredProfile": "kizen_tui.config.store",
    "list_profiles": "kizen_tui.config.store",
    "read_store": "kizen_tui.config.store",
    "remove_profile": "kizen_tui.config.store",
    "save_profile": "kizen_tui.config.store",
    "set_default_profile": "kizen_tui.config.store",
    "SavedView": "kizen_tui.config.views",
    "delete_view": "kizen_tui.config.views",
    "export_view": "kizen_tui.config.views",
    "get_view": "kizen_tui.config.views",
    "import_view": "kizen_tui.config.views",
    "list_views": "kizen_tui.config.views",
    "read_view_file": "kizen_tui.config.views",
    "rename_view": "kizen_tui.config.views",
    "save_view": "kizen_tui.config.views",
}

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_PROFILE",
    "ENV_VARS",
    "FLAGS",
    "PAGE_SIZE_MAX",
    "PAGE_SIZE_MIN",
    "RECENT_OBJECTS_LIMIT",
    "ConfigError",
    "CredentialLookup",
    "Credentials",
    "InsecureFileError",
    "Loaded",
    "MissingCredentials",
    "Paths",
    "ProfileSettings",
    "SavedView",
    "Settings",
    "SourceKind",
    "StoredProfile",
    "ValueSource",
    "check_api_key",
    "check_profile_name",
    "check_uuid",
    "delete_view",
    "export_view",
    "find_credentials",
    "get_view",
    "import_view",
    "is_loopback_host",
    "list_profiles",
    "list_views",
    "load_settings",
    "locate",
    "normalize_base_url",
    "official_cli_credentials_path",
    "read_store",
    "read_view_file",
    "remove_profile",
    "rename_view",
    "resolve_credentials",
    "save_profile",
    "save_settings",
    "save_view",
    "set_default_profile",
]


__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
