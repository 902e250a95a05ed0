"""The app's cache of object and field definitions.

Object and field definitions change rarely and are needed on every screen, so they are fetched
once per session and kept (DESIGN.md, "State"). Concurrent callers asking for the same object's
fields share one request.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kizen_tui.api.errors import KizenError
from kizen_tui.api.models import FieldDef, ObjectDef

if TYPE_CHECKING:
    from kizen_tui.api.client import KizenClient


@dataclass
class ObjectSchema:
    """One object with its field definitions, in display order."""

    object: ObjectDef
    fields: list[FieldDef]
    categories: dict[str, str] = field(default_factory=dict)
    """Category id -> name (empty when the categories endpoint is not available)."""

    def field(self, key: str) -> FieldDef | None:
        """The field with this api name or id."""
        return self._index().get(key)

    def _index(self) -> dict[str, FieldDef]:
        index = self.__dict__.get("_index_cache")
        if index is None:
            index = {f.name: f for f in self.fields} | {f.id: f for f in self.fields}
            self.__dict__["_index_cache"] = index
        return index

    @property
    def visible_fields(self) -> list[FieldDef]:
        """Fields that are not hidden."""
        return [f for f in self.fields if not f.is_hidden]


@dataclass
class SchemaCache:
    """Objects and their fields for one session (one client)."""

    client: KizenClient
    _objects: list[ObjectDef] | None = None
    _schemas: dict[str, ObjectSchema] = field(default_factory=dict)
    _inflight: dict[str, asyncio.Task[ObjectSchema]] = field(default_factory=dict)

    async def objects(self, *, refresh: bool = False) -> list[ObjectDef]:
        """Every object of the business, contacts included."""
        if self._objects is None or refresh:
            self._objects = await self.client.list_all_objects()
        return self._objects

    def known_objects(self) -> list[ObjectDef]:
        """The objects already fetched (empty before the first `objects()` call)."""
        return list(self._objects or [])

    async def schema(self, identifier: str) -> ObjectSchema:
        """The object (by api name or id) and its field definitions."""
        cached = self._lookup(identifier)
        if cached is not None:
            return cached
        task = self._inflight.get(identifier)
        if task is None:
            task = asyncio.ensure_future(self._load(identifier))
            self._inflight[identifier] = task
        try:
            return await asyncio.shield(task)
        finally:
            if task.done():
                self._inflight.pop(identifier, None)

    def _lookup(self, identifier: str) -> ObjectSchema | None:
        if identifier in self._schemas:
            return self._schemas[identifier]
        for schema in self._schemas.values():
            if identifier in (schema.object.id, schema.object.name):
                return schema
        return None

    async def _load(self, identifier: str) -> ObjectSchema:
        obj = next((o for o in self._objects or [] if identifier in (o.id, o.name)), None)
        if obj is None:
            obj = await self.client.get_object(identifier)
        # Both at once: one round trip instead of two before an object can be shown.
        fields, categories = await asyncio.gather(self.client.get_object_fields(obj.id),
                                                  self._categories(obj.id))
        fields.sort(key=lambda f: (f.order if f.order is not None else 10_000))
        schema = ObjectSchema(object=obj, fields=fields, categories=categories)
        self._schemas[obj.name] = schema
        return schema

    async def _categories(self, object_id: str) -> dict[str, str]:
        """Category names; optional, so a failure only loses the grouping."""
        try:
            categories = await self.client.get_object_categories(object_id)
        except KizenError:
            return {}
        ordered = sorted(categories, key=lambda c: c.order if c.order is not None else 0)
        return {c.id: c.name or c.id for c in ordered}

    def forget(self) -> None:
        """Drop everything (after reconnecting with other credentials)."""
        self._objects = None
        self._schemas.clear()
