"""`kizen-tui profiles list | add | remove` and `kizen-tui locate config`.

Profiles live in the credentials store shared with the official Kizen CLI (0600). `add` takes
the key from `--api-key`, `--api-key-stdin` or a hidden prompt (getpass: never echoed), checks
it with a live call unless `--no-check`, and saves through `config.save_profile`. Keys are never
printed: listings say only whether a profile has one.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from typing import TYPE_CHECKING, Any

from kizen_tui.headless.options import Subparsers, add_format_option
from kizen_tui.headless.output import Column, dumps, print_pairs, write_all
from kizen_tui.headless.runtime import (
    EXIT_API,
    EXIT_USAGE,
    Runtime,
    UsageError,
    register_secret,
)

if TYPE_CHECKING:
    from kizen_tui.config import Credentials



def register(commands: Subparsers, parent: argparse.ArgumentParser) -> None:
    """Add `profiles` and `locate`."""
    profiles = commands.add_parser("profiles", help="credentials profiles (shared with the "
                                   "official Kizen CLI)", allow_abbrev=False)
    actions = profiles.add_subparsers(dest="profiles_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", parents=[parent], allow_abbrev=False,
                                 help="the saved profiles (never their keys)")
    add_format_option(listing)
    listing.set_defaults(handler=list_profiles)
    add = actions.add_parser(
        "add", parents=[parent], allow_abbrev=False,
        help="save a profile (the key is asked for without echo unless given)",
        description="Save a profile. Give --business-id and --user-id (asked for when "
                    "missing on a terminal) and the key through the hidden prompt, "
                    "--api-key-stdin, or KIZEN_API_KEY; --api-key works but is visible in the "
                    "process list.")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--api-key-stdin", action="store_true",
                     help="read the API key from the first line of stdin")
    add.add_argument("--no-check", action="store_true",
                     help="save without checking the credentials against Kizen")
    add.add_argument("--default", action="store_true", help="make it the default profile")
    add.add_argument("--force", action="store_true", help="replace a profile of this name")
    add.set_defaults(handler=add_profile)
    remove = actions.add_parser("remove", parents=[parent], allow_abbrev=False,
                                help="delete a saved profile")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=remove_profile)

    locate = commands.add_parser("locate", allow_abbrev=False, parents=[parent],
                                 help="where kizen-tui keeps things")
    locate.add_argument("what", choices=("config",),
                        help="config: every path kizen-tui uses, and where credentials come from")
    add_format_option(locate)
    locate.set_defaults(handler=locate_config)


# --- list / remove ----------------------------------------------------------------------------

def list_profiles(runtime: Runtime) -> None:
    """The profiles of the store with their kizen-tui options (read-only, production)."""
    from kizen_tui.config import list_profiles as stored_profiles
    from kizen_tui.config import load_settings

    paths = runtime.paths
    settings = load_settings(paths).value
    rows = []
    for profile in stored_profiles(paths=paths):
        options = settings.profiles.get(profile.name)
        rows.append({
            "name": profile.name, "default": profile.is_default,
            "business_id": profile.business_id, "user_id": profile.user_id,
            "base_url": profile.base_url, "has_api_key": profile.has_api_key,
            "read_only": bool(options and options.read_only),
            "production": bool(options and options.production),
        })
    columns = [
        Column("name", "Profile", lambda r: r["name"] + (" (default)" if r["default"] else "")),
        Column("business_id", "Business", lambda r: r["business_id"] or ""),
        Column("user_id", "User", lambda r: r["user_id"] or ""),
        Column("base_url", "Host", lambda r: r["base_url"] or "(default)"),
        Column("has_api_key", "Key", lambda r: "set" if r["has_api_key"] else "missing"),
        Column("flags", "Options", lambda r: ", ".join(
            n for n in ("read_only", "production") if r[n])),
    ]
    write_all(runtime.fmt, runtime.out, columns, [(r, r) for r in rows],
              title=f"Profiles in {paths.credentials_file}",
              empty=f"No profiles in {paths.credentials_file}. Add one with "
                    "`kizen-tui profiles add NAME`.")


def remove_profile(runtime: Runtime) -> int:
    """Delete a profile from the store."""
    from kizen_tui.config import remove_profile as remove

    name = runtime.args.name
    if not remove(name, paths=runtime.paths):
        runtime.say(f"kizen-tui: there is no profile named {name!r}")
        return EXIT_USAGE
    runtime.say(f"kizen-tui: removed profile {name!r} from {runtime.paths.credentials_file}")
    return 0


# --- add --------------------------------------------------------------------------------------

def _ask(prompt: str, *, secret: bool = False) -> str:
    if not sys.stdin.isatty():
        raise UsageError(f"{prompt.rstrip(': ')} is required (no terminal to ask on)")
    return getpass.getpass(prompt) if secret else input(prompt)


def _api_key(runtime: Runtime) -> str:
    import os

    args = runtime.args
    if args.api_key_stdin:
        key = sys.stdin.readline().strip()
        if not key:
            raise UsageError("--api-key-stdin: stdin is empty")
        return key
    if args.api_key:
        return str(args.api_key)
    if os.environ.get("KIZEN_API_KEY", "").strip():
        runtime.say("kizen-tui: using the API key from KIZEN_API_KEY")
        return os.environ["KIZEN_API_KEY"]
    return _ask("API key (not shown): ", secret=True)


def _credentials(runtime: Runtime) -> Credentials:
    from kizen_tui.config import DEFAULT_BASE_URL, Credentials

    args = runtime.args
    key = _api_key(runtime)
    runtime.secrets.append(key.strip())
    register_secret(key.strip())
    business = args.business_id or _ask("Business id: ")
    user = args.user_id or _ask("User id: ")
    return Credentials.create(profile=args.name, api_key=key, business_id=business,
                              user_id=user, base_url=args.base_url or DEFAULT_BASE_URL)


async def _check(creds: Credentials) -> None:
    from kizen_tui.session import connect

    connection = connect(creds)
    try:
        await connection.client.list_objects(page_size=1)
    finally:
        await connection.client.aclose()


def add_profile(runtime: Runtime) -> int:
    """Check and save a profile."""
    from kizen_tui.api.errors import KizenError
    from kizen_tui.config import check_profile_name, read_store, save_profile, set_default_profile

    args, paths = runtime.args, runtime.paths
    name = check_profile_name(args.name)
    exists = name in read_store(paths.credentials_file).get("profiles", {})
    if exists and not args.force:
        raise UsageError(f"a profile named {name!r} exists already; add --force to replace it")
    creds = _credentials(runtime)
    if not args.no_check:
        try:
            asyncio.run(_check(creds))
        except KizenError as error:
            runtime.say(f"kizen-tui: the profile was not saved: {error}")
            return EXIT_API
    path = save_profile(name, creds, paths=paths)
    if args.default:
        set_default_profile(name, paths=paths)
    checked = "" if args.no_check else " (checked)"
    runtime.say(f"kizen-tui: saved profile {name!r}{checked} in {path}")
    return 0


# --- locate -----------------------------------------------------------------------------------

def locate_config(runtime: Runtime) -> int:
    """Every path kizen-tui uses, and where each credential would come from."""
    from kizen_tui.config import ConfigError, find_credentials

    args = runtime.args
    located = {label: str(path) for label, path in runtime.paths.locate().items()}
    error = None
    try:
        lookup = find_credentials(profile=args.profile, api_key=args.api_key,
                                  business_id=args.business_id, user_id=args.user_id,
                                  base_url=args.base_url)
        creds: dict[str, Any] = {
            "profile": lookup.profile, "selected_by": str(lookup.profile_source),
            "sources": {k: str(v) for k, v in lookup.sources.items()},
            "missing": list(lookup.missing), "warnings": list(lookup.warnings)}
    except ConfigError as exc:
        error = str(exc)
        creds = {"error": error}
    if runtime.fmt == "table":
        _print_locate(runtime, located, creds)
    elif runtime.fmt == "csv":
        rows = [{"what": k, "path": v} for k, v in located.items()]
        write_all("csv", runtime.out, [Column("what", "What", lambda r: r["what"]),
                                       Column("path", "Path", lambda r: r["path"])],
                  [(r, r) for r in rows])
    else:
        data = {"paths": located, "credentials": creds}
        runtime.out.write(dumps(data, indent=2 if runtime.fmt == "json" else None) + "\n")
    if error:
        runtime.say(f"kizen-tui: {error}")
        return EXIT_USAGE
    return 0


def _print_locate(runtime: Runtime, located: dict[str, str], creds: dict[str, Any]) -> None:
    print_pairs(runtime.out, list(located.items()), title="Paths")
    if "error" in creds:
        return
    pairs = [("profile", f"{creds['profile']} (selected by {creds['selected_by']})")]
    pairs += [(name, f"from {source}") for name, source in creds["sources"].items()]
    pairs += [(name, "missing") for name in creds["missing"]]
    print_pairs(runtime.out, pairs, title="Credentials")
    for warning in creds["warnings"]:
        runtime.warn(warning)
