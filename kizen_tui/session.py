"""Glue between configuration, the API client and the sandbox: building a live connection.

Both the command line and the connect screen build connections here, so a profile opened from
either place behaves the same (read-only and production flags included).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kizen_tui.api import KizenClient

if TYPE_CHECKING:
    from kizen_tui.config import Credentials, Settings

#: Profile name shown for the in-process sandbox.
DEMO_PROFILE = "demo"
#: Subdirectory of the cache directory holding the demo's seeded database.
SEED_CACHE_DIR = "sandbox"


@dataclass
class Connection:
    """A live connection: the client plus what the header shows about it."""

    client: KizenClient
    profile: str
    business_id: str
    base_url: str
    is_demo: bool = False
    read_only: bool = False
    production: bool = False
    default_object: str | None = None
    """The object to open when the profile has no recently used one."""


def connect(
    creds: Credentials, *, settings: Settings | None = None, read_only: bool = False
) -> Connection:
    """A connection to a real Kizen business (nothing is sent until the first call).

    Args:
        creds: Validated credentials.
        settings: kizen-tui settings, for the profile's read_only / production options.
        read_only: Force read-only (the `--read-only` flag) whatever the profile says.
    """
    from kizen_tui.logs import register_secret

    # The log filter redacts this exact key too, not only `X-API-KEY: …`-shaped text.
    register_secret(creds.api_key.get_secret_value())
    options = settings.for_profile(creds.profile) if settings is not None else None
    read_only = read_only or bool(options and options.read_only)
    client = KizenClient(
        api_key=creds.api_key.get_secret_value(),
        business_id=creds.business_id,
        user_id=creds.user_id,
        base_url=creds.base_url,
        read_only=read_only,
    )
    return Connection(
        client=client, profile=creds.profile, business_id=creds.business_id,
        base_url=creds.base_url, read_only=read_only,
        production=bool(options and options.production),
    )


def demo_connection(
    *, records: int = 500, seed: int = 0, db_path: str | None = None, read_only: bool = False,
    seed_cache: Path | None = None,
) -> Connection:
    """A connection to an in-process sandbox (no network, no credentials needed).

    `seed_cache` is a directory where the seeded database is kept between runs (the command
    line passes `<cache dir>/sandbox`), so a demo starts without seeding again.

    Raises:
        ConfigError: `db_path` cannot be opened or used as the sandbox's database.
    """
    from kizen_tui.config import ConfigError
    from kizen_tui.sandbox import DEMO_CREDENTIALS, create_app
    from kizen_tui.sandbox.app import DatabaseUnavailable
    from kizen_tui.threaded_asgi import ThreadedASGITransport

    try:
        app = create_app(records=records, seed=seed, db_path=db_path, seed_cache=seed_cache)
    except DatabaseUnavailable as error:
        raise ConfigError(str(error), path=Path(error.path)) from None
    demo = DEMO_CREDENTIALS
    client = KizenClient(
        api_key=demo.api_key,
        business_id=demo.business_id,
        user_id=demo.user_id,
        base_url=demo.base_url,
        transport=ThreadedASGITransport(app),  # the sandbox's work stays off the UI's loop
        read_only=read_only,
    )
    return Connection(client=client, profile=DEMO_PROFILE, business_id=demo.business_id,
                      base_url=demo.base_url, is_demo=True, read_only=read_only,
                      default_object="companies")
