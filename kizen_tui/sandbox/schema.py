"""Object and field definitions of the sandbox business, and how they render as JSON.

The business's schema is static code (the sandbox does not edit field definitions), so it lives
in memory as frozen dataclasses; only records, dynamic tags and files live in SQLite.

Single-choice values (options, stages, ratings, timezones, team members) are stored as small
integer ordinals rather than UUID strings: rows stay small and ordering by such a field sorts by
the option order, as the Kizen UI does.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

NAMESPACE = uuid.UUID("6f1d2c7e-5a43-4b8e-9d0f-1c2b3a4d5e6f")

#: Field types whose value is one option of the field definition.
OPTION_TYPES = frozenset({"dropdown", "radio", "status", "yesnomaybe", "choices", "selector"})
#: Field types whose value is a list kept in the multi-value side table.
MULTI_TYPES = frozenset({"checkboxes", "dynamictags", "files"})
#: Field types stored as text.
TEXT_TYPES = frozenset({"text", "email", "longtext", "wysiwyg", "phonenumber"})
#: Relationship cardinalities whose field holds a list (API-NOTES §3 [I]).
LIST_CARDINALITIES = frozenset({"one_to_many", "many_to_many"})


def uid(*parts: object) -> str:
    """A deterministic UUID string for a schema element named by `parts`."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


@dataclass(frozen=True)
class Option:
    """One option of a choice field (also a stage, rating step or timezone)."""

    id: str
    name: str
    code: str
    order: int
    status: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The option as the fields endpoint lists it."""
        out: dict[str, Any] = {"id": self.id, "name": self.name, "code": self.code}
        out["order"] = self.order
        if self.status is not None:
            out["status"] = self.status
        return out


@dataclass
class Relation:
    """One side of a relationship between two objects."""

    link: int
    """Number of the link pair in the `links` table (one row per related pair)."""
    forward: bool
    """True if this side's records are `src` in the links table."""
    target: str
    """Api name of the related object."""
    cardinality: str
    relation_type: str
    inverse: str
    """Api name of the inverse field on the related object."""

    @property
    def is_list(self) -> bool:
        """Whether the field holds a list of records."""
        return self.cardinality in LIST_CARDINALITIES


@dataclass(eq=False)
class FieldDef:
    """A field definition of an object (hashed by identity)."""

    name: str
    field_type: str
    display_name: str
    category: str = "details"
    is_default: bool = False
    is_required: bool = False
    is_read_only: bool = False
    is_hidden: bool = False
    can_view: bool = True
    can_edit: bool = True
    options: list[Option] = field(default_factory=list)
    relation: Relation | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    currency: str = "USD"
    decimal_places: int = 2
    rating_max: int = 5
    id: str = ""
    object_name: str = ""
    order: int = 0
    no: int = 0
    """Process-wide field number, used as the key of multi-values in SQLite."""

    @cached_property
    def column(self) -> str | None:
        """The SQLite column holding this field, or None for side-table fields."""
        if self.field_type in MULTI_TYPES or self.field_type == "relationship":
            return None
        return f"f_{self.name}"

    @cached_property
    def is_multi(self) -> bool:
        """Whether the field holds a list (add_values/remove_values apply)."""
        if self.relation is not None:
            return self.relation.is_list
        return self.field_type in MULTI_TYPES

    @property
    def is_stage(self) -> bool:
        """Whether this is the pipeline stage field."""
        return self.name == "stage" and self.is_default

    @property
    def writable(self) -> bool:
        """Whether the caller may write this field."""
        return not self.is_read_only and self.can_edit

    def option_by_id(self, option_id: str) -> Option | None:
        """The option with this id, if any."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass
class Category:
    """A field category of an object."""

    key: str
    name: str
    order: int
    id: str = ""


@dataclass(eq=False)
class ObjectDef:
    """An object (contacts, a custom object or a pipeline)."""

    name: str
    object_name: str
    entity_name: str
    object_type: str
    is_custom: bool
    description: str
    fields: list[FieldDef]
    categories: list[Category]
    identifier: str = "name"
    id: str = ""
    table: str = ""
    by_name: dict[str, FieldDef] = field(default_factory=dict)
    by_id: dict[str, FieldDef] = field(default_factory=dict)

    @property
    def is_contacts(self) -> bool:
        """Whether this is the built-in contacts object."""
        return self.name == "client_client"

    @property
    def visible_fields(self) -> list[FieldDef]:
        """The fields the demo user may see (field access.view true), in order."""
        return [f for f in self.fields if f.can_view]

    def get_field(self, key: str) -> FieldDef | None:
        """A visible field by api name or UUID."""
        fd = self.by_name.get(key) or self.by_id.get(key)
        return fd if fd is not None and fd.can_view else None

    def category_id(self, key: str) -> str:
        """The UUID of a category by its key."""
        return next(c.id for c in self.categories if c.key == key)


def finish(objects: list[ObjectDef]) -> dict[str, ObjectDef]:
    """Assign ids, orders and field numbers; index the objects by api name."""
    number = 0
    for obj in objects:
        obj.id = uid("object", obj.name)
        obj.table = f"r_{obj.name}"
        for cat in obj.categories:
            cat.id = uid("category", obj.name, cat.key)
        for order, fd in enumerate(obj.fields):
            number += 1
            fd.id, fd.object_name = uid("field", obj.name, fd.name), obj.name
            fd.order, fd.no = order, number
            obj.by_name[fd.name] = fd
            obj.by_id[fd.id] = fd
    return {obj.name: obj for obj in objects}


def field_json(obj: ObjectDef, fd: FieldDef, objects: dict[str, ObjectDef]) -> dict[str, Any]:
    """A field definition as `GET /api/custom-objects/{id}/fields` lists it."""
    body: dict[str, Any] = {
        "id": fd.id, "name": fd.name, "display_name": fd.display_name,
        "field_type": fd.field_type, "category": obj.category_id(fd.category),
        "is_required": fd.is_required, "is_read_only": fd.is_read_only,
        "is_hidden": fd.is_hidden, "is_deletable": not fd.is_default, "is_default": fd.is_default,
        "is_suppressed": False, "allows_nulls": not fd.is_required,
        "allows_empty": not fd.is_required, "allow_on_forms": not fd.is_read_only,
        "order": fd.order, "meta": dict(fd.meta), "properties": {},
        "ui_default_value": None, "description": "",
        "access": {"view": fd.can_view, "edit": fd.writable},
        "options": [o.as_json() for o in fd.options if fd.field_type != "dynamictags"],
        "relation": None, "money_options": None, "decimal_options": None,
        "phonenumber_options": None, "rating": None,
    }
    if fd.field_type == "money":
        body["money_options"] = {"id": uid("money", fd.id), "currency": fd.currency, "symbol": "$"}
    if fd.field_type in ("decimal", "money"):
        body["decimal_options"] = {"decimal_places": fd.decimal_places}
    if fd.field_type == "phonenumber":
        body["phonenumber_options"] = {"default_region": "US"}
    if fd.field_type == "rating":
        body["rating"] = {"min_value": 1, "max_value": fd.rating_max, "rating_labels": []}
    if fd.relation is not None:
        body["relation"] = relation_json(fd, objects)
    if fd.field_type in MULTI_TYPES or fd.is_multi:
        body["properties"] = {"allow_multiple": True}
    return body


def relation_json(fd: FieldDef, objects: dict[str, ObjectDef]) -> dict[str, Any]:
    """The `relation` block of a relationship field."""
    rel = fd.relation
    assert rel is not None
    target = objects[rel.target]
    inverse = target.by_name[rel.inverse]
    return {
        "related_object": target.id, "related_object_object_name": target.name,
        "related_object_name": target.object_name, "related_entity_name": target.entity_name,
        "related_field": inverse.id, "related_name": inverse.display_name,
        "related_category": target.category_id(inverse.category),
        "relation_type": rel.relation_type, "cardinality": rel.cardinality,
    }


def object_json(obj: ObjectDef, base_url: str) -> dict[str, Any]:
    """An object as `GET /api/custom-objects` lists it."""
    return {
        "id": obj.id, "name": obj.name, "object_name": obj.object_name,
        "entity_name": obj.entity_name, "object_type": obj.object_type,
        "is_custom": obj.is_custom, "description": obj.description,
        "fetch_url": f"{base_url}/api/records/{obj.name}", "owner": None,
        "access": {"view": True, "edit": True, "remove": False},
        "created": "2024-01-02T15:04:05.000000-06:00", "allow_relations": True,
        "track_entity_value": obj.object_type == "pipeline",
        "default_color": "#4bc7b4", "default_icon": "bars-light",
        "include_percentage_to_close": obj.object_type == "pipeline",
    }
