"""Seed rows of the side tables: multi-values, relationship links and stage history.

Record rids are known without querying: each object's table is filled in one go, special
records first, so its rids are 1..size and ordinary records start after the specials.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from kizen_tui.sandbox.schema import FieldDef
from kizen_tui.sandbox.seeddata import HOSTILE_TAGS
from kizen_tui.sandbox.store import Store

# Where the special records of seed.py sit (rid = position + 1).
VIP_COMPANY_RID = 5
EMPTY_COMPANY_RID = 10
BIG_COMPANY_RID = 11
HOSTILE_CONTACT_RIDS = range(1, 6)
SPECIALS = {"companies": 16, "client_client": 6, "deals": 1, "projects": 0}


def combo_pool(values: list[int], rng: random.Random, size: int = 400) -> list[tuple[int, ...]]:
    """Random small subsets of `values` (many empty) to draw per-record lists from."""
    pool: list[tuple[int, ...]] = []
    for _ in range(size):
        k = rng.choices([0, 1, 2, 3], weights=[4, 3, 2, 1])[0]
        pool.append(tuple(rng.sample(values, min(k, len(values)))))
    return pool


def _field_values(store: Store, fd: FieldDef) -> list[int]:
    if fd.field_type == "checkboxes":
        return list(range(len(fd.options)))
    if fd.field_type == "dynamictags":
        marks = ",".join("?" * len(HOSTILE_TAGS))
        return [r[0] for r in store.query(f"SELECT rowid FROM tags WHERE fno = ? AND name NOT IN "
                                          f"({marks})", (fd.no, *HOSTILE_TAGS))]
    return [r[0] for r in store.query("SELECT rowid FROM files")]


def multi_rows(store: Store, sizes: dict[str, int],
               rng: random.Random) -> Iterator[tuple[int, ...]]:
    """Rows of the `mv` table for every multi-value field of every object."""
    for obj in store.objects.values():
        first = SPECIALS[obj.name] + 1
        for fd in obj.fields:
            if fd.column or fd.relation is not None:
                continue
            pool = combo_pool(_field_values(store, fd), rng)
            for rid, combo in zip(range(first, sizes[obj.name] + 1),
                                  rng.choices(pool, k=max(sizes[obj.name] - first + 1, 0)),
                                  strict=True):
                for pos, val in enumerate(combo):
                    yield (fd.no, rid, val, pos)
    keywords = store.objects["companies"].by_name["keywords"]
    marks = ",".join("?" * len(HOSTILE_TAGS))
    hostile_tags = store.query(f"SELECT rowid FROM tags WHERE fno = ? AND name IN ({marks})",
                               (keywords.no, *HOSTILE_TAGS))
    for pos, row in enumerate(hostile_tags):
        yield (keywords.no, VIP_COMPANY_RID, row[0], pos)


def _regular(sizes: dict[str, int], name: str) -> list[int]:
    return list(range(SPECIALS[name] + 1, sizes[name] + 1))


def link_rows(store: Store, sizes: dict[str, int], rng: random.Random) -> Iterator[tuple[int, ...]]:
    """Rows of the `links` table: (link, src, dst, pos)."""
    companies, contacts = _regular(sizes, "companies"), _regular(sizes, "client_client")
    deals, projects = _regular(sizes, "deals"), _regular(sizes, "projects")
    big = contacts[:120]
    yield from ((1, rid, BIG_COMPANY_RID, 0) for rid in big)
    yield from ((1, rid, VIP_COMPANY_RID, 0) for rid in HOSTILE_CONTACT_RIDS)
    if companies:
        for link, rids, share in ((1, contacts[120:], 0.8), (2, deals, 0.9), (4, projects, 0.9)):
            targets = rng.choices(companies, k=len(rids))
            yield from ((link, rid, target, 0) for rid, target in zip(rids, targets, strict=True)
                        if rng.random() < share)
    if contacts:
        pool = combo_pool(contacts, rng, size=max(50, len(contacts) // 3))
        for rid, combo in zip(deals, rng.choices(pool, k=len(deals)), strict=True):
            yield from ((3, rid, other, pos) for pos, other in enumerate(combo))
    yield from ((5, p, d, 0) for p, d in zip(projects[::2], deals, strict=False))


def stage_history_rows(store: Store, rng: random.Random) -> list[tuple[Any, ...]]:
    """Rows of `stage_history` for the deals pipeline: the current stage and the one before."""
    out: list[tuple[Any, ...]] = []
    for rid, stage, entered, created in store.query(
            'SELECT rid, f_stage, stage_entered, f_created FROM "r_deals"'):
        if stage is None or entered is None:
            continue
        out.append((rid, stage, entered, None))
        if stage > 0:
            out.append((rid, stage - 1, created, entered))
    return out
