"""Screen-share mode: hide emails, phone numbers and chosen fields in what the grid and panes show.

A support engineer sharing a screen should not leak a customer's contacts. Masking works on the
*display* text (after `safe_text`), so it never changes what is stored, sent or copied:

- fields of type email or phone number, and any field the user chose, are replaced whole by a
  fixed-width mask (a fixed width, so the length of the value does not leak either);
- in free-text values (text, long text, relationships, owners, tags, the record label)
  anything that *looks* like an email address or a phone number is masked in place, because
  contact details hide in names, notes and related-record labels too;
- numbers, dates, options and other typed values are left alone: a date or an amount is not
  contact data, and a phone pattern would match some of them.

Pure Python, no Textual: the widgets call `mask_display` where they build a cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kizen_tui.api.models import FieldDef, FieldType

#: What a whole masked value shows.
FULL_MASK = "••••••"
#: What an email address inside a text shows.
EMAIL_MASK = "•••@•••"
#: What a phone number inside a text shows.
PHONE_MASK = "•••-•••-••••"

#: Field types that are contact data through and through.
CONTACT_TYPES = frozenset({FieldType.EMAIL.value, FieldType.PHONENUMBER.value})
#: Field types whose display text can carry contact details among other words.
SCANNED_TYPES = frozenset({
    FieldType.TEXT.value, FieldType.LONGTEXT.value, FieldType.WYSIWYG.value,
    FieldType.RELATIONSHIP.value, FieldType.TEAM_SELECTOR.value, FieldType.DYNAMICTAGS.value,
    FieldType.FILES.value, "unknown",
})

# Unicode-aware: local parts and domains may hold any letter (IDN, EAI addresses).
_EMAIL = re.compile(r"[\w.%+'\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
# A run of digit groups with phone-like separators, not glued to a word, number, time or id.
_PHONE = re.compile(
    r"(?<![\w@/])(?<!\w[.:\-])"
    r"(?:\+\d{1,3}[\s.\-]?)?"
    r"(?:\(\d{1,4}\)[\s.\-]?)?"
    r"\d{2,5}(?:[\s.\-]?\d{2,5}){1,4}"
    r"(?![\w@/]|[.:,\-]\w)"
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MIN_PHONE_DIGITS = 9
_MAX_PHONE_DIGITS = 15


@dataclass(frozen=True)
class MaskPolicy:
    """Whether screen-share mode is on, and which fields are always masked."""

    enabled: bool = False
    """Masking is applied only while this is true (the chosen fields are kept when off)."""
    fields: frozenset[str] = field(default_factory=frozenset)
    """Field api names or ids the user chose to hide whole."""
    types: frozenset[str] = CONTACT_TYPES
    """Field types hidden whole."""

    def toggled(self) -> MaskPolicy:
        """The same policy switched on or off."""
        return replace(self, enabled=not self.enabled)

    def with_field(self, key: str) -> MaskPolicy:
        """Add a field to the chosen ones, or take it out if it was there."""
        return replace(self, fields=self.fields ^ {key})

    def hides_field(self, field_def: FieldDef) -> bool:
        """True when this field's values are masked whole."""
        if not self.enabled:
            return False
        kind = str(field_def.field_type).strip().lower()
        return kind in self.types or bool({field_def.name, field_def.id} & self.fields)


def _is_phone(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    if not _MIN_PHONE_DIGITS <= digits <= _MAX_PHONE_DIGITS:
        return False
    return not _ISO_DATE.fullmatch(candidate.strip())


def _phone_or_keep(match: re.Match[str]) -> str:
    text = match.group(0)
    return PHONE_MASK if _is_phone(text) else text


def mask_text(text: str) -> str:
    """`text` with every email address and phone number in it replaced by a mask."""
    if not text:
        return text
    if "@" in text:
        text = _EMAIL.sub(EMAIL_MASK, text)
    if sum(ch.isdigit() for ch in text) >= _MIN_PHONE_DIGITS:
        text = _PHONE.sub(_phone_or_keep, text)
    return text


def mask_display(text: str, field_def: FieldDef | None, policy: MaskPolicy | None) -> str:
    """What to show for a value's display text under `policy`.

    Args:
        text: the display text (already made terminal-safe).
        field_def: the field it belongs to; None for the record label column.
        policy: the screen-share policy; None or disabled leaves `text` unchanged.
    """
    if policy is None or not policy.enabled or not text:
        return text
    if field_def is None:
        return mask_text(text)
    if policy.hides_field(field_def):
        return FULL_MASK
    kind = str(field_def.field_type).strip().lower()
    if kind in SCANNED_TYPES or kind not in _KNOWN_TYPES:
        return mask_text(text)
    return text


_KNOWN_TYPES = frozenset(t.value for t in FieldType)
