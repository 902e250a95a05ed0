"""A record with more than 100 fields, for this benchmark process only.

The sandbox's catalog has no object that wide and no API to add fields, so the benchmark widens
`projects` with extra scalar fields *in its own process*, before the sandbox is created: the
catalog function is wrapped and `business()`'s cache cleared, so ids, orders and field numbers
are assigned by the catalog's own `finish()`. Nothing is changed on disk or for other processes;
`restore()` undoes it (the benchmark runs in a worker process anyway).
"""

from __future__ import annotations

from collections.abc import Callable

from kizen_tui.sandbox import catalog
from kizen_tui.sandbox.schema import FieldDef, ObjectDef

WIDE_OBJECT = "projects"
#: Scalar field types cycled through (no lists or relationships: the seeder sizes those).
TYPES = ["text", "integer", "decimal", "money", "date", "datetime", "dropdown", "checkbox",
         "email", "longtext", "phonenumber", "rating", "yesnomaybe", "radio"]
_original: Callable[[], ObjectDef] | None = None


def extra_fields(count: int) -> list[FieldDef]:
    """`count` extra fields, spread over the object's categories."""
    out = []
    for index in range(count):
        kind = TYPES[index % len(TYPES)]
        name = f"extra_{index:03d}_{kind}"
        opts = []
        if kind in ("dropdown", "radio", "yesnomaybe"):
            opts = catalog.options(name, "Alpha", "Beta", "Gamma")
        elif kind == "rating":
            opts = catalog.rating_options(name, 5)
        category = ("general", "details", "internal")[index % 3]
        out.append(FieldDef(name, kind, f"Extra {index:03d} ({kind})", category, options=opts))
    return out


def widen(count: int = 110) -> int:
    """Give `projects` `count` more fields in this process; returns its new field count."""
    global _original
    if _original is None:
        _original = catalog.projects
    base = _original

    def wide_projects() -> ObjectDef:
        obj = base()
        obj.fields.extend(extra_fields(count))
        return obj

    catalog.projects = wide_projects
    catalog.business.cache_clear()
    return len(catalog.business()[WIDE_OBJECT].fields)


def restore() -> None:
    """Put the catalog back as it was."""
    global _original
    if _original is not None:
        catalog.projects = _original
        _original = None
        catalog.business.cache_clear()
