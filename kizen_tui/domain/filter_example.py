"""An example query built from an object's own fields (the filter bar's placeholder).

It needs only the field index and the lexer's quoting, not the parser: the bar shows it on
every browse screen, while the query language itself loads with the first keystroke.
"""

from __future__ import annotations

from kizen_tui.api.models import FieldDef
from kizen_tui.domain.filter_fields import FieldIndex, FieldKind
from kizen_tui.domain.filter_lexer import literal

#: The bar's example when the object has no field to build one from (or none is known yet).
GENERIC_EXAMPLE = "name contains acme"
#: A threshold that reads naturally per number type (money is usually in the thousands).
_EXAMPLE_AMOUNTS = {"money": "10000"}


def example_query(index: FieldIndex | None) -> str:
    """A query built from the object's own fields, for the bar's placeholder: an option field
    with two of its options and a number field (`stage in (Won, Lost) and amount >= 10000`).

    Only fields the object has appear, so the example can be typed as shown; with neither kind
    of field it falls back to a text condition, then to `GENERIC_EXAMPLE`.
    """
    if index is None:
        return GENERIC_EXAMPLE
    usable = [f for f in index.fields if not f.is_hidden and index.ops(f)]
    parts = [part for part in (_option_example(index, usable), _number_example(index, usable))
             if part]
    if not parts:
        text = next((f for f in usable if index.kind(f) is FieldKind.TEXT), None)
        parts = [f"{literal(text.name)} contains acme"] if text else [GENERIC_EXAMPLE]
    return " and ".join(parts)


def _option_example(index: FieldIndex, fields: list[FieldDef]) -> str | None:
    for field in fields:
        labels = [o.name for o in field.options if o.name]
        if (index.kind(field) in (FieldKind.SINGLE, FieldKind.STAGE) and len(labels) >= 2
                and "is_any_of" in index.ops(field)):
            return f"{literal(field.name)} in ({literal(labels[0])}, {literal(labels[1])})"
    return None


def _number_example(index: FieldIndex, fields: list[FieldDef]) -> str | None:
    numbers = [f for f in fields if index.kind(f) is FieldKind.NUMBER]
    # Money first: "amount >= 10000" is the filter people reach for most.
    numbers.sort(key=lambda f: f.field_type != "money")
    if not numbers:
        return None
    field = numbers[0]
    return f"{literal(field.name)} >= {_EXAMPLE_AMOUNTS.get(field.field_type, '10')}"
