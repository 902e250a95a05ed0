"""Turning field names into grid columns (the default choice is `domain.columns`)."""

from __future__ import annotations

from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.widgets.record_grid import LABEL_KEY, GridColumn


def grid_columns(schema: ObjectSchema, names: list[str]) -> list[GridColumn]:
    """The label column followed by one column per known field name (unknown names dropped)."""
    label = "Name" if not schema.object.is_contacts else "Contact"
    columns = [GridColumn(LABEL_KEY, label, None)]
    for name in names:
        field = schema.field(name)
        if field is not None:
            columns.append(GridColumn(field.name, field.label, field))
    return columns
