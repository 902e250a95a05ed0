"""The disk cache of seeded demo databases: same data as seeding, invalidation, bad files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from kizen_tui.sandbox import seed, seedcache
from kizen_tui.sandbox.app import create_app, open_store
from kizen_tui.sandbox.store import Store


def dump(store: Store) -> list[tuple[object, ...]]:
    """Every row of every table, in a stable order."""
    tables = [r[0] for r in store.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    rows: list[tuple[object, ...]] = []
    for table in tables:
        rows += [(table, *r) for r in store.query(f'SELECT * FROM "{table}" ORDER BY 1, 2')]
    return rows


def images(directory: Path) -> list[Path]:
    return sorted(directory.glob("sandbox-seed-*.sqlite3"))


def test_a_cached_store_holds_exactly_what_seeding_makes(tmp_path: Path) -> None:
    fresh = open_store(records=60, seed=3, db_path=None)
    first = open_store(records=60, seed=3, db_path=None, seed_cache=tmp_path)
    assert len(images(tmp_path)) == 1
    assert os.stat(images(tmp_path)[0]).st_mode & 0o077 == 0
    second = open_store(records=60, seed=3, db_path=None, seed_cache=tmp_path)
    assert dump(first) == dump(fresh) == dump(second)
    assert second.get_meta("seeded") == "records=60 seed=3"


def test_a_cached_store_is_writable_and_independent_of_the_file(tmp_path: Path) -> None:
    open_store(records=60, seed=0, db_path=None, seed_cache=tmp_path)
    image = images(tmp_path)[0].read_bytes()
    store = open_store(records=60, seed=0, db_path=None, seed_cache=tmp_path)
    with store.transaction() as conn:
        conn.execute("DELETE FROM r_companies WHERE id = ?", (seed.ACME_RECORD_ID,))
    assert store.scalar("SELECT COUNT(*) FROM r_companies") == 59
    assert images(tmp_path)[0].read_bytes() == image  # changes stay in memory
    again = open_store(records=60, seed=0, db_path=None, seed_cache=tmp_path)
    assert again.scalar("SELECT COUNT(*) FROM r_companies") == 60


def test_other_seed_arguments_make_another_image_and_replace_the_old(tmp_path: Path) -> None:
    open_store(records=60, seed=0, db_path=None, seed_cache=tmp_path)
    old = images(tmp_path)
    store = open_store(records=60, seed=1, db_path=None, object_records={"deals": 5},
                       seed_cache=tmp_path)
    assert store.scalar("SELECT COUNT(*) FROM r_deals") == 5
    assert len(images(tmp_path)) == 1 and images(tmp_path) != old
    keys = {seedcache.cache_key(records=60, seed=s, object_records=o)
            for s in (0, 1) for o in (None, {"deals": 5})}
    assert len(keys) == 4


def test_a_broken_image_is_ignored_and_replaced(tmp_path: Path) -> None:
    key = seedcache.cache_key(records=60, seed=0, object_records=None)
    path = tmp_path / f"sandbox-seed-{key}.sqlite3"
    path.write_bytes(b"not a database" * 100)
    store = open_store(records=60, seed=0, db_path=None, seed_cache=tmp_path)
    assert store.scalar("SELECT COUNT(*) FROM r_companies") == 60
    assert sqlite3.connect(path).execute("SELECT value FROM meta WHERE key = 'seeded'"
                                         ).fetchone() == ("records=60 seed=0",)
    empty = sqlite3.connect(path)  # a valid database that was never seeded
    empty.executescript("DELETE FROM meta;")
    empty.close()
    assert open_store(records=60, seed=0, db_path=None,
                      seed_cache=tmp_path).get_meta("seeded") == "records=60 seed=0"


def test_big_demos_and_files_are_not_cached(tmp_path: Path) -> None:
    assert not seedcache.cacheable(seedcache.MAX_CACHED_RECORDS + 1, None)
    assert not seedcache.cacheable(60, {"companies": seedcache.MAX_CACHED_RECORDS + 1})
    assert seedcache.cacheable(seedcache.MAX_CACHED_RECORDS, None)
    db = tmp_path / "demo.sqlite3"
    create_app(records=60, db_path=str(db), seed_cache=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_directory_only_costs_the_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = open_store(records=60, seed=0, db_path=None, seed_cache=blocker / "sub")
    assert store.scalar("SELECT COUNT(*) FROM r_companies") == 60
