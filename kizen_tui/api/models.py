"""Pydantic models of every payload the Kizen API sends or receives.

They accept what the live service really sends, even where it breaks the published schema
(API-NOTES.md §0, §2.6, §4): unknown keys are kept, `fields` is a map keyed by field UUID with the
api `name` inside, blank fields are absent, `client_info` may be null, and a value can be any JSON
shape. Values stay raw here: typing them per field type is the domain layer's job.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field, field_validator, model_validator

from kizen_tui.api.model_base import KizenModel
from kizen_tui.api.record_fields import FieldValue, RecordFields


class FieldType(StrEnum):
    """The 24 field types of the Kizen API (API-NOTES.md §4)."""

    CHECKBOX = "checkbox"
    CHECKBOXES = "checkboxes"
    CHOICES = "choices"
    DATE = "date"
    DATETIME = "datetime"
    DECIMAL = "decimal"
    DROPDOWN = "dropdown"
    DYNAMICTAGS = "dynamictags"
    EMAIL = "email"
    FILES = "files"
    INTEGER = "integer"
    LONGTEXT = "longtext"
    MONEY = "money"
    PHONENUMBER = "phonenumber"
    RADIO = "radio"
    RATING = "rating"
    RELATIONSHIP = "relationship"
    SELECTOR = "selector"
    STATUS = "status"
    TEAM_SELECTOR = "team_selector"
    TEXT = "text"
    TIMEZONE = "timezone"
    WYSIWYG = "wysiwyg"
    YESNOMAYBE = "yesnomaybe"


#: Field types whose value is always a list, written with add_values / remove_values.
MULTI_VALUE_TYPES = frozenset({FieldType.CHECKBOXES, FieldType.DYNAMICTAGS, FieldType.FILES})
#: Relationship cardinalities whose field holds a list (API-NOTES.md §3, the `relation` block).
MULTI_CARDINALITIES = frozenset({"one_to_many", "many_to_many"})


class Access(KizenModel):
    """A record's access flags. Missing flags mean "not allowed", except view (we can see it)."""

    view: bool = True
    edit: bool = False
    remove: bool = False

    @model_validator(mode="before")
    @classmethod
    def _nulls_to_defaults(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v is not None}
        return {} if data is None else data


class ClientInfo(KizenModel):
    """Contact-only summary; null on records of other objects."""

    display_name: str | None = None
    num_addresses_v2: int | None = None
    email_on_suppression_list: bool | None = None


class LeadSourceType(KizenModel):
    """One lead source of a contact (present with detail_summary)."""

    value: str | None = None
    label: str | None = None


class Record(KizenModel):
    """A record as returned by get, lookup, search (list rows), add, PATCH, PUT and upsert."""

    id: str
    object_type: str | None = None
    display_name: str | None = None
    fields: RecordFields = Field(default_factory=RecordFields)
    """By key (field id); any shape the server sends is accepted (see record_fields.py)."""
    client_info: ClientInfo | None = None
    access: Access = Field(default_factory=Access)
    num_upcoming_activities: int | None = None
    num_associated_team_members: int | None = None
    lead_source_types: list[LeadSourceType] = Field(default_factory=list)

    @field_validator("access", mode="before")
    @classmethod
    def _tolerant_access(cls, raw: Any) -> Any:
        return raw if isinstance(raw, dict | Access) else {}

    @field_validator("client_info", mode="before")
    @classmethod
    def _tolerant_client_info(cls, raw: Any) -> Any:
        return raw if isinstance(raw, dict | ClientInfo) else None

    @field_validator("lead_source_types", mode="before")
    @classmethod
    def _tolerant_lead_sources(cls, raw: Any) -> Any:
        return [x for x in raw if isinstance(x, dict)] if isinstance(raw, list) else []

    @field_validator("num_upcoming_activities", "num_associated_team_members", mode="before")
    @classmethod
    def _tolerant_counts(cls, raw: Any) -> Any:
        return raw if isinstance(raw, int) and not isinstance(raw, bool) else None

    def field(self, key: str) -> FieldValue | None:
        """The field with this api name or field id, or None when blank/absent."""
        return self.fields.find(key)

    def value(self, key: str, default: Any = None) -> Any:
        """The raw value of the field with this api name or id."""
        entry = self.field(key)
        return default if entry is None else entry.value

    @property
    def name(self) -> str | None:
        """The record's name (its identifier for lookup and upsert), when present."""
        value = self.value("name")
        return value if isinstance(value, str) else None

    @property
    def label(self) -> str:
        """The best human label: display name, name, client display name, email, or the id."""
        for candidate in (
            self.display_name,
            self.name,
            self.client_info.display_name if self.client_info else None,
            self.value("email"),
        ):
            if isinstance(candidate, str) and candidate.strip():
                return candidate
        return self.id


class UpsertAction(StrEnum):
    """What an upsert (or add with unarchive) did."""

    CREATED = "created"
    UPDATED = "updated"
    UNARCHIVED = "unarchived"


class UpsertResult(Record):
    """The response of upsert: a record plus the action taken."""

    action: str | None = None


RowT = TypeVar("RowT")


class Page(KizenModel, Generic[RowT]):
    """One page of a paginated list: `{count, next, previous, results, errors}`.

    Some Kizen lists use a paginator without `count`; it is then None.
    """

    count: int | None = None
    next: str | None = None
    previous: str | None = None
    results: list[RowT] = Field(default_factory=list)
    errors: list[Any] | None = None

    @field_validator("count", mode="before")
    @classmethod
    def _tolerant_count(cls, raw: Any) -> Any:
        return raw if isinstance(raw, int) and not isinstance(raw, bool) else None

    @field_validator("next", "previous", mode="before")
    @classmethod
    def _tolerant_links(cls, raw: Any) -> Any:
        return raw if isinstance(raw, str) else None

    @field_validator("errors", mode="before")
    @classmethod
    def _tolerant_errors(cls, raw: Any) -> Any:
        return raw if isinstance(raw, list) else None

    @property
    def has_next(self) -> bool:
        """True when the server says there is another page."""
        return self.next is not None


class FieldValueItem(KizenModel):
    """A row of the field-values endpoint: a related record or a related contact."""

    id: str
    name: str | None = None
    display_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    full_name: str | None = None
    email: str | None = None

    @property
    def label(self) -> str:
        """The best human label for this related record."""
        for candidate in (self.display_name, self.name, self.full_name, self.email):
            if candidate:
                return candidate
        return self.id


class ObjectAccess(KizenModel):
    """Access flags on an object definition (shape varies; all optional)."""

    view: bool | None = None
    edit: bool | None = None
    remove: bool | None = None


class ObjectDef(KizenModel):
    """An object (custom object, pipeline or contacts) from `GET /api/custom-objects`."""

    id: str
    name: str = Field(description="The api name, e.g. 'client_client' or 'deals'.")
    object_name: str | None = Field(default=None, description="Plural display name.")
    entity_name: str | None = Field(default=None, description="Singular display name.")
    object_type: str | None = None
    is_custom: bool | None = None
    description: str | None = None
    access: ObjectAccess | None = None

    @field_validator("access", mode="before")
    @classmethod
    def _tolerant_access(cls, raw: Any) -> Any:
        return raw if isinstance(raw, dict | ObjectAccess) else None

    @property
    def is_contacts(self) -> bool:
        """True for the built-in contacts object (identifier `client_client`)."""
        return self.name == "client_client"

    @property
    def label(self) -> str:
        """The plural display name, falling back to the api name."""
        return self.object_name or self.entity_name or self.name


class FieldOption(KizenModel):
    """An option of a dropdown, radio, status, checkboxes, yesnomaybe, rating or timezone field."""

    id: str
    name: str | None = None
    code: str | None = None
    order: int | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, raw: Any) -> Any:
        return str(raw) if isinstance(raw, int | float) else raw


class RelationInfo(KizenModel):
    """The `relation` block of a relationship field definition."""

    related_object: str | None = None
    related_object_object_name: str | None = None
    related_object_name: str | None = None
    related_entity_name: str | None = None
    related_field: str | None = None
    related_name: str | None = None
    related_category: str | None = None
    relation_type: str | None = None
    cardinality: str | None = None


class MoneyOptions(KizenModel):
    """Currency of a money field."""

    id: str | None = None
    currency: str | None = None
    symbol: str | None = None


class FieldAccess(KizenModel):
    """Per-field access for the calling user."""

    view: bool | None = None
    edit: bool | None = None


class FieldDef(KizenModel):
    """A field definition from `GET /api/custom-objects/{id}/fields`.

    `field_type` is kept as a plain string so an unknown type never fails to load; the domain
    layer shows such fields read-only as JSON.
    """

    id: str
    name: str
    display_name: str | None = None
    field_type: str = "text"
    category: str | None = None
    is_required: bool = False
    is_read_only: bool = False
    is_hidden: bool = False
    is_deletable: bool | None = None
    is_default: bool | None = None
    allows_nulls: bool | None = None
    allows_empty: bool | None = None
    order: int | None = None
    meta: dict[str, Any] = Field(default_factory=dict)
    properties: dict[str, Any] = Field(default_factory=dict)
    access: FieldAccess | None = None
    options: list[FieldOption] = Field(default_factory=list)
    relation: RelationInfo | None = None
    money_options: MoneyOptions | None = None
    decimal_options: dict[str, Any] | None = None
    phonenumber_options: dict[str, Any] | None = None
    rating: dict[str, Any] | None = None

    @field_validator("is_required", "is_read_only", "is_hidden", mode="before")
    @classmethod
    def _null_false(cls, raw: Any) -> Any:
        return False if raw is None else raw

    @field_validator("meta", "properties", mode="before")
    @classmethod
    def _null_dict(cls, raw: Any) -> Any:
        return raw if isinstance(raw, dict) else {}

    @field_validator("options", mode="before")
    @classmethod
    def _tolerant_options(cls, raw: Any) -> Any:
        if not isinstance(raw, list):
            return []
        return [o for o in raw if isinstance(o, dict) and o.get("id") is not None]

    @field_validator(
        "access", "relation", "money_options", "decimal_options", "phonenumber_options", "rating",
        mode="before",
    )
    @classmethod
    def _dict_or_none(cls, raw: Any) -> Any:
        return raw if isinstance(raw, dict | BaseModel) else None

    @property
    def label(self) -> str:
        """The display name, falling back to the api name."""
        return self.display_name or self.name

    @property
    def is_multi(self) -> bool:
        """True when the field holds a list (written with add_values / remove_values)."""
        if self.field_type in MULTI_VALUE_TYPES:
            return True
        if self.field_type == FieldType.RELATIONSHIP and self.relation is not None:
            return self.relation.cardinality in MULTI_CARDINALITIES
        return False

    @property
    def is_editable(self) -> bool:
        """False when the field is read-only or the caller may not edit it."""
        if self.is_read_only:
            return False
        return not (self.access is not None and self.access.edit is False)


class FieldCategory(KizenModel):
    """A field category of an object: `{id, name, order}`."""

    id: str
    name: str | None = None
    order: int | None = None


class TagOption(KizenModel):
    """A dynamic tag (options of dynamictags fields come from their own endpoint)."""

    id: str
    name: str | None = None


class FieldWrite(KizenModel):
    """One entry of a write body: `{id | name, value | add_values | remove_values}`.

    Serialise with `to_wire()`, which leaves out unset keys: the API treats a present
    `"value": null` as "clear this field", so absence and null must stay distinct.
    """

    id: str | None = None
    name: str | None = None
    value: Any = None
    add_values: list[Any] | None = None
    remove_values: list[Any] | None = None

    @model_validator(mode="after")
    def _one_identifier(self) -> FieldWrite:
        if (self.id is None) == (self.name is None):
            raise ValueError("a field write needs exactly one of 'id' or 'name'")
        return self

    def to_wire(self) -> dict[str, Any]:
        """The JSON dict to send, with only the keys that were set."""
        return {k: getattr(self, k) for k in
                ("id", "name", "value", "add_values", "remove_values")
                if k in self.model_fields_set}
