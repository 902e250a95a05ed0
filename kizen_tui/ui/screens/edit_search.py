"""Searches behind the edit form's pickers.

- Relationship fields search the related object (`relation.related_object_object_name`, else
  its UUID) with `search_records(search=...)`, 25 at a time.
- Team selector fields: the Kizen API has no endpoint listing employees (API-NOTES.md knows
  none), so the team is gathered from the team-selector values of up to 500 records of the
  object being edited (owner, account manager...), fetched once per edit screen, and filtered
  locally. A team member who owns nothing on this object cannot be picked here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from kizen_tui.api.models import FieldDef, FieldType
from kizen_tui.domain.fields import Ref, codec_for

if TYPE_CHECKING:
    from kizen_tui.ui.screens.edit import EditScreen

Search = Callable[[str], Awaitable[list[Ref]]]

#: Results per relationship search.
PAGE = 25
#: Records read to gather team members.
TEAM_SAMPLE = 500


def ref_search(screen: EditScreen, field: FieldDef) -> Search:
    """The search a picker of `field` runs as the user types."""
    if field.field_type == FieldType.TEAM_SELECTOR:
        return _team_search(screen)
    relation = field.relation
    target = (relation.related_object_object_name or relation.related_object) if relation else None

    async def search(text: str) -> list[Ref]:
        if not target:
            return []
        page = await screen.app.client.search_records(target, search=text.strip() or None,
                                                      page_size=PAGE)
        return [Ref(record.id, record.label) for record in page.results]

    return search


def _team_search(screen: EditScreen) -> Search:
    async def search(text: str) -> list[Ref]:
        team = await team_members(screen)
        needle = text.strip().casefold()
        return [ref for ref in team if needle in (ref.label or ref.id or "").casefold()]

    return search


async def team_members(screen: EditScreen) -> list[Ref]:
    """Team members seen on this object's records (cached on the screen), sorted by name."""
    if screen.team is not None:
        return screen.team
    fields = [f for f in screen.schema.fields if f.field_type == FieldType.TEAM_SELECTOR]
    codecs = [codec_for(f) for f in fields]
    found: dict[Ref, Ref] = {}
    if screen.draft is not None:
        for f in fields:
            value = screen.draft.original(f.name)
            if isinstance(value, Ref):
                found[value] = value
    for number in range(1, TEAM_SAMPLE // 100 + 1):
        page = await screen.app.client.search_records(
            screen.object_name, field_names=[f.name for f in fields], page=number,
            page_size=100)
        for record in page.results:
            for f, codec in zip(fields, codecs, strict=True):
                entry = record.field(f.name)
                value = codec.from_raw(None if entry is None else entry.value)
                if isinstance(value, Ref) and (value not in found or not found[value].label):
                    found[value] = value
        if page.next is None:
            break
    screen.team = sorted(found.values(), key=lambda r: (r.label or r.id or "").casefold())
    return screen.team
