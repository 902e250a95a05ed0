"""The default grid/table columns of an object nobody has configured (`domain.columns`)."""

from __future__ import annotations

from kizen_tui.api.models import FieldDef
from kizen_tui.domain.columns import DEFAULT_COLUMN_COUNT, default_columns


def fields(*specs: tuple[str, str] | tuple[str, str, bool]) -> list[FieldDef]:
    return [FieldDef(id=f"id-{s[0]}", name=s[0], field_type=s[1],
                     is_hidden=bool(s[2]) if len(s) > 2 else False) for s in specs]


def test_well_known_fields_first_then_short_types_in_field_order() -> None:
    schema = fields(("name", "text"), ("notes", "longtext"), ("amount", "money"),
                    ("updated", "datetime"), ("owner", "team_selector"), ("secret", "email", True),
                    ("stage", "dropdown"), ("email", "email"), ("docs", "files"),
                    ("about", "wysiwyg"), ("score", "decimal"))
    chosen = default_columns(schema)
    assert chosen[:4] == ["stage", "email", "owner", "updated"], chosen
    assert len(chosen) == DEFAULT_COLUMN_COUNT
    assert chosen[4] == "amount", "money ranks above decimal among the rest"
    for excluded in ("name", "notes", "secret", "docs", "about"):
        assert excluded not in chosen  # the label column, long text, hidden, files


def test_few_fields_and_unknown_types() -> None:
    assert default_columns(fields(("name", "text"))) == []
    assert default_columns(fields(("first_name", "text"), ("mood", "hologram"))) == []
    assert default_columns(fields(("city", "text"), ("vip", "checkbox"))) == ["city", "vip"]
