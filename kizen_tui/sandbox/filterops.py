"""Which filter conditions each field type allows (API-NOTES §2.4)."""

from __future__ import annotations

from kizen_tui.sandbox.schema import OPTION_TYPES, FieldDef


class FilterError(ValueError):
    """A search filter the service would reject (answered with 400)."""


TEXT_OPS = frozenset({"=", "!=", "contains", "!contains", "starts_with", "ends_with",
                      "!starts_with", "!ends_with", "is_blank"})
NUMBER_OPS = frozenset({"=", "!=", "<", "<=", ">", ">=", "between", "is_blank"})
OPTION_OPS = frozenset({"=", "!=", "is_any_of", "is_none_of", "is_blank"})
MULTI_OPS = frozenset({"has", "!has", "has_any", "!has_any", "has_all", "has_none", "is_blank"})
STAGE_OPS = frozenset({"=", "!=", "is_any_of", "is_none_of", "time_in_stage", "entered_stage",
                       "left_stage"})

ALLOWED: dict[str, frozenset[str]] = {
    "text": TEXT_OPS, "email": TEXT_OPS,
    "longtext": frozenset({"is_blank"}), "wysiwyg": frozenset({"is_blank"}),
    "phonenumber": frozenset({"=", "contains", "is_blank"}),
    "checkbox": frozenset({"="}),
    "integer": NUMBER_OPS, "decimal": NUMBER_OPS, "money": NUMBER_OPS,
    "date": NUMBER_OPS | {"month_equals"}, "datetime": NUMBER_OPS | {"month_equals"},
    "timezone": frozenset({"=", "!=", "is_blank"}),
    "checkboxes": MULTI_OPS, "dynamictags": MULTI_OPS,
    "rating": frozenset({"=", "!=", "<", "<=", ">", ">=", "is_any_of", "is_none_of", "is_blank"}),
    "team_selector": OPTION_OPS,
    "relationship": frozenset({"contains", "!contains", "is_any_of", "is_none_of", "is_blank"}),
    "files": frozenset({"is_blank", ">=", ">", "<"}),
    **{kind: OPTION_OPS for kind in OPTION_TYPES},
}

#: Default fields without blank checks (API-NOTES §2.4 and §2.5).
NO_BLANK_CHECK = frozenset({"created", "updated", "owner"})


def allowed_for(fd: FieldDef) -> frozenset[str]:
    """The conditions a field allows."""
    ops = ALLOWED.get(fd.field_type, frozenset())
    if fd.is_default and fd.name in NO_BLANK_CHECK:
        ops = ops - {"is_blank"}
    return ops
