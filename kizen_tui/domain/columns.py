"""Which fields a records table shows for an object nobody has configured columns for.

The TUI's grid and the headless `records search` table use the same choice, so both show the
same columns by default.
"""

from __future__ import annotations

from collections.abc import Sequence

from kizen_tui.api.models import FieldDef, FieldType

#: How many field columns the grid shows besides the record label, by default.
DEFAULT_COLUMN_COUNT = 5
#: Field types that make good grid columns, best first: short, scannable values.
_PREFERRED = [
    FieldType.EMAIL, FieldType.STATUS, FieldType.DROPDOWN, FieldType.MONEY,
    FieldType.TEAM_SELECTOR, FieldType.DATE, FieldType.PHONENUMBER, FieldType.RELATIONSHIP,
    FieldType.DATETIME, FieldType.INTEGER, FieldType.DECIMAL, FieldType.CHECKBOX,
    FieldType.RADIO, FieldType.YESNOMAYBE, FieldType.RATING, FieldType.TEXT,
]
#: Fields already shown by the label column.
_LABEL_FIELDS = {"name", "display_name", "first_name", "last_name"}
_PREFERRED_NAMES = ["stage", "entity_value", "email", "owner", "updated"]


def default_columns(fields: Sequence[FieldDef]) -> list[str]:
    """A few useful fields of an object the user has not configured: api names, in order.

    `fields` are the object's field definitions in the object's order.
    """
    candidates = [f for f in fields if not f.is_hidden and f.name not in _LABEL_FIELDS
                  and f.field_type not in (FieldType.LONGTEXT, FieldType.WYSIWYG,
                                           FieldType.FILES)]
    chosen: list[FieldDef] = [f for name in _PREFERRED_NAMES for f in candidates
                              if f.name == name]
    rank = {t.value: i for i, t in enumerate(_PREFERRED)}
    for field in sorted(candidates, key=lambda f: rank.get(f.field_type, len(rank))):
        if len(chosen) >= DEFAULT_COLUMN_COUNT:
            break
        if field not in chosen and field.field_type in rank:
            chosen.append(field)
    chosen = chosen[:DEFAULT_COLUMN_COUNT]
    # Well-known fields first in their usual order (stage, value, owner...), then the rest in
    # the object's field order.
    known = {name: i for i, name in enumerate(_PREFERRED_NAMES)}
    order = {f.id: i for i, f in enumerate(fields)}
    chosen.sort(key=lambda f: (known.get(f.name, len(known)), order.get(f.id, 0)))
    return [f.name for f in chosen]
