"""A DataTable whose render caches are freed at once when it is cleared.

Textual's `LRUCache` keeps its entries on a circular doubly-linked list of `[prev, next, key,
value]` lists, and `LRUCache.clear()` only drops the dict and the head: the old ring stays a
reference cycle holding every cached line, cell and row renderable. `DataTable` clears its six
LRU caches on every `clear()` (each page flip, each record shown in the detail pane), so each
page left ~8,000 objects (Segments, Strips with their FIFOCaches, Texts, Rows, RowKeys) for the
cyclic garbage collector, whose passes then took 100-300 ms on a loaded 2-CPU machine while the
user held page-down (textual 8.2.8; measured with `python -m benchmarks`).

`LeanDataTable` empties every link of those rings before Textual clears the caches, so reference
counting frees the cached renders immediately and the collector has nothing to chase.
"""

from __future__ import annotations

from typing import Any

from textual.cache import LRUCache
from textual.widgets import DataTable
from textual.widgets._data_table import CellType

#: The LRU caches `DataTable._clear_caches` clears (textual 8.2.8).
_LRU_CACHES = ("_row_render_cache", "_cell_render_cache", "_row_renderable_cache",
               "_line_cache", "_offset_cache", "_ordered_row_cache")


def release(cache: LRUCache[Any, Any]) -> None:
    """Empty an LRUCache without leaving its linked ring behind as cyclic garbage."""
    for link in cache._cache.values():
        link.clear()  # [prev, next, key, value] -> []: no references left in the ring
    cache.clear()


class LeanDataTable(DataTable[CellType]):
    """A DataTable that frees its render caches by reference counting when it clears them."""

    def _clear_caches(self) -> None:
        for name in _LRU_CACHES:
            cache = getattr(self, name, None)
            if isinstance(cache, LRUCache):
                release(cache)
        super()._clear_caches()
