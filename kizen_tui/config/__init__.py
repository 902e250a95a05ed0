"""Profiles, credentials and settings (no UI, no HTTP).

The package is split into small modules; everything other layers need is exported here:

- credentials: :func:`resolve_credentials` / :func:`find_credentials` -> :class:`Credentials`
- the store shared with the official Kizen CLI: :func:`save_profile`, :func:`remove_profile`,
  :func:`list_profiles`, :func:`set_default_profile`
- kizen-tui's settings: :class:`Settings`, :func:`load_settings`, :func:`save_settings`
- saved views: :class:`SavedView` and its functions
- paths: :class:`Paths`, :func:`locate`
"""

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
from kizen_tui.config.errors import ConfigError, InsecureFileError, MissingCredentials
from kizen_tui.config.paths import Paths, locate, official_cli_credentials_path
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
