"""One codec per field type: show raw API values, parse what users type, build wire values,
validate locally.

    codec = codec_for(field_def)
    codec.display(raw, single_line=True)   # grid text, safe for the terminal
    value = codec.parse("1,200.50")        # Decimal("1200.50"), or FieldParseError
    codec.to_wire(value)                   # 1200.5

| field type | domain value | wire value |
|---|---|---|
| text, longtext, wysiwyg, email, phonenumber | str | str (phone without separators) |
| integer | int | int |
| decimal, money | Decimal | JSON number |
| date | date | "YYYY-MM-DD" |
| datetime | aware datetime | ISO 8601 UTC, "2026-03-05T15:00:00.000Z" |
| checkbox | bool | bool |
| dropdown, radio, status, yesnomaybe, choices, selector | option id | {"id": option id} |
| checkboxes | [option id] | [{"id"}] / add_values, remove_values |
| dynamictags | [Ref] | [{"id"} or {"name"}] |
| rating | int | int |
| timezone | IANA name | IANA name |
| relationship | Ref, or [Ref] for to-many | {"id"}, or [{"id"}] |
| team_selector | Ref | employee UUID string |
| files | [Ref] | read-only |
| anything else | the raw JSON | read-only |
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from kizen_tui.api.models import FieldDef, FieldType, FieldValue
from kizen_tui.domain.codecs.base import FieldCodec, FieldParseError, Ref, system_now, unwrap
from kizen_tui.domain.codecs.choices import (
    DynamicTagsCodec,
    MultiOptionCodec,
    OptionCodec,
    RatingCodec,
)
from kizen_tui.domain.codecs.numbers import DecimalCodec, IntegerCodec, MoneyCodec, parse_number
from kizen_tui.domain.codecs.refs import FilesCodec, RelationshipCodec, TeamSelectorCodec
from kizen_tui.domain.codecs.scalars import (
    CheckboxCodec,
    EmailCodec,
    JsonCodec,
    LongTextCodec,
    PhoneCodec,
    TextCodec,
    TimezoneCodec,
)
from kizen_tui.domain.codecs.temporal import DateCodec, DateTimeCodec

__all__ = [
    "CODECS",
    "DynamicTagsCodec",
    "FieldCodec",
    "FieldParseError",
    "Ref",
    "codec_for",
    "display_field",
    "parse_number",
]

#: The codec class of every known field type; anything else gets `JsonCodec` (read-only).
CODECS: dict[str, type[FieldCodec]] = {
    FieldType.TEXT: TextCodec,
    FieldType.LONGTEXT: LongTextCodec,
    FieldType.WYSIWYG: LongTextCodec,
    FieldType.EMAIL: EmailCodec,
    FieldType.PHONENUMBER: PhoneCodec,
    FieldType.INTEGER: IntegerCodec,
    FieldType.DECIMAL: DecimalCodec,
    FieldType.MONEY: MoneyCodec,
    FieldType.DATE: DateCodec,
    FieldType.DATETIME: DateTimeCodec,
    FieldType.CHECKBOX: CheckboxCodec,
    FieldType.DROPDOWN: OptionCodec,
    FieldType.RADIO: OptionCodec,
    FieldType.STATUS: OptionCodec,
    FieldType.YESNOMAYBE: OptionCodec,
    FieldType.CHOICES: OptionCodec,
    FieldType.SELECTOR: OptionCodec,
    FieldType.CHECKBOXES: MultiOptionCodec,
    FieldType.DYNAMICTAGS: DynamicTagsCodec,
    FieldType.RATING: RatingCodec,
    FieldType.TIMEZONE: TimezoneCodec,
    FieldType.RELATIONSHIP: RelationshipCodec,
    FieldType.TEAM_SELECTOR: TeamSelectorCodec,
    FieldType.FILES: FilesCodec,
}


def codec_for(field: FieldDef, *, tz: tzinfo | None = None,
              clock: Callable[[], datetime] = system_now) -> FieldCodec:
    """The codec for a field definition (a read-only JSON codec for unknown types).

    Args:
        field: the field definition.
        tz: the zone datetimes are shown and typed in; None means the machine's local zone.
        clock: the current time, for "today"/"now" (tests pass a fixed one).
    """
    cls = CODECS.get(str(field.field_type).strip().lower(), JsonCodec)
    return cls(field, tz=tz, clock=clock)


def _def_from_value(entry: FieldValue) -> FieldDef:
    return FieldDef(id=entry.id, name=entry.name or entry.id,
                    display_name=entry.display_name, field_type=entry.field_type or "unknown")


def display_field(entry: FieldValue, field: FieldDef | None = None, *,
                  single_line: bool = False, tz: tzinfo | None = None) -> str:
    """Text for one field of a record, including summarised relationships ("123 records").

    Args:
        entry: the field as it came in the record.
        field: its definition; without one, the entry's own `field_type` picks the codec.
        single_line: grid text (line breaks shown as marks) instead of detail text.
        tz: the zone for datetimes (None: local).
    """
    if entry.is_summarized or (entry.value_summary and unwrap(entry.value) is None):
        count = entry.summary_count
        if count is None:
            return "(many records)"
        return f"{count:,} record{'' if count == 1 else 's'}"
    codec = codec_for(field or _def_from_value(entry), tz=tz)
    return codec.display(entry.value, single_line=single_line)
