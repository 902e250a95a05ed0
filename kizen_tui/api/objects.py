"""The object and field-definition endpoints (API-NOTES.md §3) and dynamic tag options (§2.4)."""

from __future__ import annotations

from urllib.parse import quote

from kizen_tui.api import validation as check
from kizen_tui.api.base import BaseClient
from kizen_tui.api.models import FieldCategory, FieldDef, ObjectDef, Page, TagOption
from kizen_tui.api.responses import parse_list, parse_model

#: An object given either as its definition or as `(object uuid, is_contacts)`.
ObjectRef = ObjectDef | tuple[str, bool]
#: Safety stop for list_all_objects (Kizen allows 500 objects per business).
MAX_OBJECT_PAGES = 100


def _object_path(identifier: str, *rest: str) -> str:
    parts = [quote(check.text(identifier, "object identifier"), safe=""), *rest]
    return "/api/custom-objects/" + "/".join(parts)


class ObjectsMixin(BaseClient):
    """Objects, their fields, categories and tags."""

    async def list_objects(
        self,
        *,
        search: str | None = None,
        page: int = 1,
        page_size: int = 100,
        custom_only: bool = False,
    ) -> Page[ObjectDef]:
        """One page of objects. `custom_only` is always sent: the server defaults it to true,
        which would hide contacts and the other built-ins."""
        check.paging(page, page_size)
        path = "/api/custom-objects"
        params = {"search": search or None, "page": page, "page_size": page_size,
                  "custom_only": check.flag(custom_only)}
        response, data = await self._json("GET", path, params=params)
        return parse_model(Page[ObjectDef], data, response, "GET", path)

    async def list_all_objects(
        self, *, search: str | None = None, page_size: int = 100, custom_only: bool = False
    ) -> list[ObjectDef]:
        """Every object, following the pages until `next` is null."""
        objects: list[ObjectDef] = []
        for page in range(1, MAX_OBJECT_PAGES + 1):
            result = await self.list_objects(
                search=search, page=page, page_size=page_size, custom_only=custom_only)
            objects.extend(result.results)
            if result.next is None or not result.results:
                break
        return objects

    async def get_object(self, identifier: str) -> ObjectDef:
        """One object by UUID or api name (`client_client` returns contacts' real UUID)."""
        path = _object_path(identifier)
        response, data = await self._json("GET", path)
        return parse_model(ObjectDef, data, response, "GET", path)

    async def get_object_fields(self, object_id: str) -> list[FieldDef]:
        """The field definitions of an object (by UUID) the caller may see; not paginated."""
        path = _object_path(object_id, "fields")
        response, data = await self._json("GET", path)
        return parse_list(FieldDef, data, response, "GET", path)

    async def get_object_categories(self, object_id: str) -> list[FieldCategory]:
        """The field categories of an object (by UUID)."""
        path = _object_path(object_id, "categories")
        response, data = await self._json("GET", path)
        return parse_list(FieldCategory, data, response, "GET", path)

    async def list_tags(
        self,
        object: ObjectRef,
        field_id: str,
        *,
        search: str | None = None,
        page: int = 1,
        page_size: int = 100,
        ordering: str | None = "name",
    ) -> Page[TagOption]:
        """One page of the options of a dynamictags field (they are not in the field
        definition). Contacts use `/api/client/fields/…`, other objects
        `/api/pipelines/{object uuid}/fields/…`."""
        object_id, is_contacts = _object_ref(object)
        field = quote(check.uuid(field_id, "field_id"), safe="")
        if is_contacts:
            path = f"/api/client/fields/{field}/tags"
        else:
            obj = quote(check.text(object_id, "object id"), safe="")
            path = f"/api/pipelines/{obj}/fields/{field}/tags"
        check.paging(page, page_size)
        params = {"search": search or None, "ordering": ordering or None, "page": page,
                  "page_size": page_size}
        response, data = await self._json("GET", path, params=params)
        if isinstance(data, list):  # tolerate an unpaginated answer
            data = {"count": len(data), "next": None, "previous": None, "results": data}
        return parse_model(Page[TagOption], data, response, "GET", path)


def _object_ref(object: ObjectRef) -> tuple[str, bool]:
    if isinstance(object, ObjectDef):
        return object.id, object.is_contacts
    if (isinstance(object, tuple) and len(object) == 2 and isinstance(object[0], str)
            and isinstance(object[1], bool)):
        return object
    raise ValueError("object must be an ObjectDef or an (object id, is_contacts) tuple")
