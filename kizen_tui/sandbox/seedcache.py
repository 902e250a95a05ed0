"""A disk cache of freshly seeded in-memory databases, so `--demo` need not seed every time.

Seeding the default demo (4 objects of 500 records, their links, groups and tags) takes 50-90 ms
of a cold start; loading the same database image from a file takes 1-5 ms. The seed is
deterministic, so an image is valid for as long as the code that produced it is unchanged: the
cache key covers the sizes, the seed, the SQLite version and the source of every sandbox module
(any change to the sandbox invalidates every image). Only freshly seeded, never modified stores
are saved; a file that cannot be read or does not hold a seeded database is ignored and
rewritten. One image is kept per directory: writing one removes the others.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from kizen_tui.files import atomic_write_bytes, ensure_private_dir
from kizen_tui.sandbox.store import Store

_PACKAGE = Path(__file__).resolve().parent
_PREFIX = "sandbox-seed-"
_SUFFIX = ".sqlite3"
#: Larger demos are seeded every time rather than leaving tens of megabytes in the cache.
MAX_CACHED_RECORDS = 10_000


def cache_key(*, records: int, seed: int, object_records: dict[str, int] | None) -> str:
    """A name for the image of these seed arguments made by this version of the sandbox."""
    digest = hashlib.sha256()
    digest.update(json.dumps([records, seed, sorted((object_records or {}).items()),
                              sqlite3.sqlite_version]).encode())
    for source in sorted(_PACKAGE.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:32]


def cacheable(records: int, object_records: dict[str, int] | None) -> bool:
    """Whether a demo of this size is worth keeping an image of."""
    return max([records, *(object_records or {}).values()]) <= MAX_CACHED_RECORDS


def load(store: Store, path: Path) -> bool:
    """Replace the (empty) store's database with the image at `path`; True when it is usable.

    On False the store may hold a partial or foreign database: the caller starts over with a
    new store.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return False
    try:
        with store.lock:
            store.conn.deserialize(data)
            # deserialize resets the connection's per-database settings to the defaults.
            store.conn.execute("PRAGMA synchronous=OFF")
        return store.get_meta("seeded") is not None
    except sqlite3.Error:
        return False


def save(store: Store, directory: Path, key: str) -> None:
    """Write the store's database as the image `key`, removing older images (best effort)."""
    with contextlib.suppress(OSError, sqlite3.Error):
        ensure_private_dir(directory)
        with store.lock:
            data = store.conn.serialize()
        atomic_write_bytes(directory / f"{_PREFIX}{key}{_SUFFIX}", data)
        for old in directory.glob(f"{_PREFIX}*{_SUFFIX}"):
            if old.name != f"{_PREFIX}{key}{_SUFFIX}":
                old.unlink(missing_ok=True)


def open_cached(directory: Path, *, records: int, seed: int,
                object_records: dict[str, int] | None,
                new_store: Callable[[], Store], fill: Callable[[Store], None]) -> Store:
    """An in-memory store loaded from the cached image, or made by `new_store` + `fill` (which
    seeds it) and then cached.

    Args:
        directory: Where the images live (created 0700 when one is written).
        records, seed, object_records: The seed arguments (part of the key).
        new_store: Makes an empty in-memory store.
        fill: Seeds an empty store.
    """
    key = cache_key(records=records, seed=seed, object_records=object_records)
    path = directory / f"{_PREFIX}{key}{_SUFFIX}"
    store = new_store()
    if path.is_file():
        if load(store, path):
            return store
        store.close()
        store = new_store()
    fill(store)
    save(store, directory, key)
    return store
