"""Codecs whose domain value is a plain str or bool: text, long text, email, phone, time zone,
checkbox, and the read-only JSON codec for field types we do not know."""

from __future__ import annotations

import re
import zoneinfo
from functools import cache
from typing import Any, ClassVar

from kizen_tui.domain.codecs.base import FieldCodec, FieldParseError, compact_json, quote

#: The documented cap on text fields (API-NOTES.md §4, "text is capped at 255 characters").
TEXT_MAX = 255


class TextCodec(FieldCodec):
    """`text`: one line of at most 255 characters."""

    hint = "text"
    max_length: ClassVar[int | None] = TEXT_MAX

    def _from_raw(self, raw: Any) -> Any:
        if isinstance(raw, str):
            return raw
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return str(raw)  # tolerate a number where text was expected
        return None

    def _coerce(self, value: Any) -> Any:
        return value if isinstance(value, str) else str(value)

    def _validate(self, value: Any) -> list[str]:
        if not isinstance(value, str):
            return ["Must be text"]
        if self.max_length is not None and len(value) > self.max_length:
            return [f"At most {self.max_length} characters ({len(value)} given)"]
        return []


class LongTextCodec(TextCodec):
    """`longtext` and `wysiwyg` (stored as long text with `meta.is_markdown`): multi-line text.

    No length cap is documented, so none is enforced locally; whitespace is kept as typed.
    """

    hint = "text (several lines allowed)"
    max_length = None
    _strip = False


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


class EmailCodec(TextCodec):
    """`email`: an address, checked for a plausible shape only."""

    hint = "name@example.com"

    def _validate(self, value: Any) -> list[str]:
        problems = super()._validate(value)
        if not problems and not _EMAIL.match(value):
            problems.append(f"{quote(value)} is not an email address")
        return problems


_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]+$")
_PHONE_SEPARATORS = re.compile(r"[\s().\-/]")


class PhoneCodec(TextCodec):
    """`phonenumber`: shown as given; written as E.164 (`+13125550100`) with separators removed.

    The read shape is unconfirmed (API-NOTES.md §7): a string, or an object whose
    `formatted`/`e164`/`number` key is used.
    """

    hint = "+13125550100"

    def _from_raw(self, raw: Any) -> Any:
        if isinstance(raw, dict):
            for key in ("formatted_number", "formatted", "e164", "number", "phone", "raw"):
                if isinstance(raw.get(key), str) and raw[key].strip():
                    return raw[key]
            return None
        return super()._from_raw(raw)

    def _to_wire(self, value: Any) -> Any:
        return _PHONE_SEPARATORS.sub("", value)

    def _validate(self, value: Any) -> list[str]:
        problems = super()._validate(value)
        if problems:
            return problems
        digits = sum(ch.isdigit() for ch in value)
        if not _PHONE_CHARS.match(value) or not 7 <= digits <= 15:
            return [f"{quote(value)} is not a phone number (e.g. +13125550100)"]
        return []


@cache
def _zones() -> dict[str, str]:
    """Known IANA zone names by their case-folded form (empty if the system has no tz data)."""
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


class TimezoneCodec(FieldCodec):
    """`timezone`: an IANA name such as "America/Chicago" (the option ids *are* the names)."""

    hint = "America/Chicago"

    def _from_raw(self, raw: Any) -> Any:
        if isinstance(raw, dict):
            raw = raw.get("id") or raw.get("code") or raw.get("name")
        return raw if isinstance(raw, str) and raw.strip() else None

    def _display_raw(self, raw: Any) -> str | None:
        zone = self.from_raw(raw)
        if zone is None:
            return None
        return self._option_name(zone) or zone

    def _option_name(self, zone: str) -> str | None:
        for option in self.field.options:
            if option.id == zone and option.name and option.name != zone:
                return f"{option.name}"
        return None

    def _value_text(self, value: Any) -> str:
        return self._option_name(value) or value

    def _parse(self, text: str) -> Any:
        folded = text.casefold()
        for option in self.field.options:
            if folded in {(option.id or "").casefold(), (option.name or "").casefold(),
                          (option.code or "").casefold()}:
                return option.id
        if not self.field.options:
            if folded in _zones():
                return _zones()[folded]
            if not _zones() and re.fullmatch(r"[A-Za-z_]+(/[A-Za-z0-9_+\-]+)*", text):
                return text  # no tz database to check against: accept a plausible name
        raise FieldParseError(f"{quote(text)} is not a time zone (e.g. America/Chicago)")

    def _validate(self, value: Any) -> list[str]:
        if not isinstance(value, str):
            return ["Must be a time zone name"]
        if self.field.options:
            known = any(option.id == value for option in self.field.options)
        else:
            known = not _zones() or value.casefold() in _zones()
        return [] if known else [f"{quote(value)} is not a time zone (e.g. America/Chicago)"]


_TRUE = frozenset({"yes", "y", "true", "t", "1", "on", "checked", "✓", "✔", "x", "[x]"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "off", "unchecked", "✗", "✘", "[ ]", "-"})


class CheckboxCodec(FieldCodec):
    """`checkbox`: True/False; a missing or null value counts as unchecked (API-NOTES.md §4)."""

    empty_value = False
    hint = "yes / no"

    def is_empty(self, value: Any) -> bool:
        """A checkbox always has a value: unchecked is not blank."""
        return value is None

    def _from_raw(self, raw: Any) -> Any:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | float):
            return raw != 0
        if isinstance(raw, str):
            word = raw.strip().casefold()
            return True if word in _TRUE else False if word in _FALSE else None
        return None

    def _format(self, value: Any) -> str:
        return "yes" if value else "no"

    def _value_text(self, value: Any) -> str:
        return "✓" if value else "✗"

    def _parse(self, text: str) -> Any:
        word = text.strip().casefold()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise FieldParseError(f"{quote(text)} is not yes or no")

    def _coerce(self, value: Any) -> Any:
        found = self._from_raw(value)
        return value if found is None else found

    def _to_wire(self, value: Any) -> Any:
        return bool(value)

    def _validate(self, value: Any) -> list[str]:
        return [] if isinstance(value, bool) else ["Must be yes or no"]


class JsonCodec(FieldCodec):
    """A field type this app does not know: shown as compact JSON, never edited, never fails."""

    writable = False
    hint = "read-only"

    def _display_raw(self, raw: Any) -> str | None:
        if raw is None or raw == "":
            return None
        return raw if isinstance(raw, str) else compact_json(raw)

    def _format(self, value: Any) -> str:
        return value if isinstance(value, str) else compact_json(value)
