"""Codecs for fields that pick from options: single choice, multiple choice, dynamic tags, rating.

Single-choice types (dropdown, radio, status, yesnomaybe, choices, selector) hold an option id;
checkboxes a list of option ids; dynamic tags a list of `Ref`s, because their options are not in
the field definition (API-NOTES.md §2.4) and a new tag can be written by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

from kizen_tui.api.models import FieldOption
from kizen_tui.domain.codecs.base import (
    FieldCodec,
    FieldParseError,
    Ref,
    as_list,
    label_of,
    one_of,
    quote,
    ref_from_raw,
    unique,
)

_UUID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
                   r"[0-9a-fA-F]{12}$")
#: Extra words for yes/no/maybe fields, mapped to the option codes (API-NOTES.md §4).
_YNM_ALIASES = {"y": "yes", "true": "yes", "n": "no", "false": "no", "m": "maybe",
                "?": "maybe", "unknown": "maybe"}


def _folded(value: Any) -> str:
    return value.strip().casefold() if isinstance(value, str) else ""


class OptionCodec(FieldCodec):
    """A single choice: the domain value is the option id, written as `{"id": ...}`.

    Text is read by option label (case-insensitive), code or id. A raw option the definition does
    not list (a stale definition) is kept by id and shown by the name the server sent.
    """

    @property
    def input_hint(self) -> str:
        """The choices, e.g. "one of: Yes, No, Maybe"."""
        return "one of: " + one_of(self._labels(), limit=5) if self.field.options else "option"

    def _labels(self) -> list[str]:
        return [option.name or option.code or option.id for option in self.field.options]

    def find(self, token: Any) -> FieldOption | None:
        """The option whose id, label or code is `token` (labels and codes case-insensitively)."""
        if not isinstance(token, str) or not token.strip():
            return None
        for option in self.field.options:
            if option.id == token:
                return option
        folded = _folded(token)
        folded = _YNM_ALIASES.get(folded, folded) if self.field.field_type == "yesnomaybe" else (
            folded)
        for key in ("name", "code", "id"):
            for option in self.field.options:
                if _folded(getattr(option, key)) == folded:
                    return option
        return None

    def _option_id(self, raw: Any) -> str | None:
        if isinstance(raw, dict):
            ident = raw.get("id", raw.get("value"))
            if isinstance(ident, str | int) and not isinstance(ident, bool) and str(ident):
                return str(ident)
            found = self.find(raw.get("code")) or self.find(raw.get("name"))
            return found.id if found else None
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        if isinstance(raw, str) and raw.strip():
            found = self.find(raw)
            return found.id if found else raw
        return None

    def _option_text(self, raw: Any) -> str | None:
        """The label of one raw option: the definition's label, else what the server sent."""
        ident = self._option_id(raw)
        found = self.find(ident) if ident else None
        if found is not None and (found.name or found.code):
            return found.name or found.code
        return label_of(raw) if isinstance(raw, dict) else ident

    def _from_raw(self, raw: Any) -> Any:
        return self._option_id(raw)

    def _display_raw(self, raw: Any) -> str | None:
        return self._option_text(raw)

    def _format(self, value: Any) -> str:
        found = self.find(value)
        return (found.name or found.code or found.id) if found else str(value)

    def _parse(self, text: str) -> Any:
        found = self.find(text)
        if found is None:
            raise FieldParseError(self._not_one_of(text))
        return found.id

    def _not_one_of(self, text: str) -> str:
        if not self.field.options:
            return f"{quote(text)} is not an option of this field"
        return f"{quote(text)} is not one of: {one_of(self._labels())}"

    def _coerce(self, value: Any) -> Any:
        return self._option_id(value) or value

    def _to_wire(self, value: Any) -> Any:
        return {"id": value}

    def _validate(self, value: Any) -> list[str]:
        if not isinstance(value, str):
            return ["Must be an option"]
        if self.field.options and not any(o.id == value for o in self.field.options):
            return [self._not_one_of(value)]
        return []


class MultiOptionCodec(OptionCodec):
    """`checkboxes`: a list of option ids, changed by adding and removing items.

    Text is a comma-separated list of labels; a label that itself contains a comma is still
    found, because neighbouring pieces are joined until they name an option.
    """

    empty_value: ClassVar[Any] = []

    @property
    def is_multi(self) -> bool:
        """Always True: the value is a list."""
        return True

    @property
    def input_hint(self) -> str:
        """The choices, comma-separated."""
        labels = one_of(self._labels(), limit=5)
        return "comma-separated: " + labels if self.field.options else "comma-separated"

    def _from_raw(self, raw: Any) -> Any:
        return unique([i for i in (self.item_from_raw(r) for r in as_list(raw)) if i is not None])

    def item_from_raw(self, raw: Any) -> Any:
        """One item of a raw list as a domain item (None if unreadable)."""
        return self._option_id(raw)

    def _display_raw(self, raw: Any) -> str | None:
        labels = [self._option_text(item) for item in as_list(raw)]
        return ", ".join(label for label in labels if label) or None

    def _value_text(self, value: Any) -> str:
        return ", ".join(self.format_item(item) for item in value)

    def _format(self, value: Any) -> str:
        return ", ".join(self.format_item(item) for item in value)

    def format_item(self, item: Any) -> str:
        """The editing text of one item."""
        return OptionCodec._format(self, item)

    def parse_item(self, text: str) -> Any:
        """Read one item (an option label, code or id)."""
        return OptionCodec._parse(self, text.strip())

    def _parse(self, text: str) -> Any:
        items: list[Any] = []
        pending = ""
        for piece in text.split(","):
            pending = f"{pending},{piece}" if pending else piece
            if not pending.strip():
                pending = ""
                continue
            found = self._try_item(pending.strip())
            if found is not None:
                items.append(found)
                pending = ""
        if pending.strip():
            raise FieldParseError(self._not_one_of(pending.strip().split(",")[0].strip()))
        return unique(items)

    def _try_item(self, token: str) -> Any:
        found = self.find(token)
        return found.id if found else None

    def _coerce(self, value: Any) -> Any:
        items = value if isinstance(value, list | tuple | set | frozenset) else [value]
        return unique([self.coerce_item(item) for item in items])

    def coerce_item(self, item: Any) -> Any:
        """Normalise one loosely typed item (as `coerce` does for whole values)."""
        return self.item_from_raw(item) or item

    def _to_wire(self, value: Any) -> Any:
        return [self.item_to_wire(item) for item in value]

    def item_to_wire(self, item: Any) -> Any:
        """`{"id": option_id}`."""
        return {"id": item}

    def _validate(self, value: Any) -> list[str]:
        if not isinstance(value, list):
            return ["Must be a list of options"]
        return [problem for item in value for problem in self.validate_item(item)]

    def validate_item(self, item: Any) -> list[str]:
        """Problems with one item."""
        return OptionCodec._validate(self, item)


class DynamicTagsCodec(MultiOptionCodec):
    """`dynamictags`: a list of `Ref`s. Tags are fetched separately from the field definition,
    so any text is accepted: a known tag (from the definition or `learn`) or an id is written as
    `{"id": ...}`, anything else as `{"name": ...}`, which creates the tag."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known: dict[str, Ref] = {}
        self.learn(Ref(o.id, o.name or o.code) for o in self.field.options)

    def learn(self, tags: Iterable[Ref]) -> None:
        """Remember tags (from the tags endpoint or a record) so their names parse to ids."""
        for tag in tags:
            if tag.id and tag.label:
                self._known.setdefault(tag.label.strip().casefold(), tag)

    def item_from_raw(self, raw: Any) -> Any:
        """A `Ref` from `{id, name}` or a bare id/name."""
        if isinstance(raw, str) and (tag := self._known.get(_folded(raw))):
            return tag
        return ref_from_raw(raw)

    def _option_text(self, raw: Any) -> str | None:
        ref = self.item_from_raw(raw)
        return str(ref) if ref else None

    def format_item(self, item: Any) -> str:
        """The tag's name, or its id when the name is unknown."""
        return str(item)

    def parse_item(self, text: str) -> Any:
        """A known tag, an id, or a new tag by name."""
        return self._try_item(text.strip())

    def _try_item(self, token: str) -> Any:
        if tag := self._known.get(_folded(token)):
            return tag
        if _UUID.match(token) or any(token == t.id for t in self._known.values()):
            return Ref(token)
        return Ref(None, token)

    def coerce_item(self, item: Any) -> Any:
        """A `Ref` from a Ref, a `{id, name}` dict, or text read as `parse_item` does."""
        if isinstance(item, str) and item.strip():
            return self.parse_item(item)
        return item if isinstance(item, Ref) else (self.item_from_raw(item) or item)

    def item_to_wire(self, item: Any) -> Any:
        """`{"id": ...}` for an existing tag, `{"name": ...}` for a new one."""
        return {"id": item.id} if item.id else {"name": item.label}

    def validate_item(self, item: Any) -> list[str]:
        """A tag must be a `Ref` with an id or a non-empty name."""
        if not isinstance(item, Ref) or not (item.id or (item.label or "").strip()):
            return ["Must be a tag"]
        return []


class RatingCodec(FieldCodec):
    """`rating`: an int on the field's scale, written as a plain int.

    The read shape is unconfirmed (API-NOTES.md §4: "probably an option-like {id, code,
    name}"), so a number, a numeric string or an option whose code or name is numeric are all
    read. Writing an int follows K1, the only client seen writing ratings.
    """

    def scale(self) -> tuple[int, int]:
        """(lowest, highest) rating: from the `rating` block, else numeric options, else 1-10."""
        block = self.field.rating or {}
        high = next((block[k] for k in ("max_value", "max", "scale", "maximum", "points")
                     if isinstance(block.get(k), int)), None)
        low = next((block[k] for k in ("min_value", "min", "minimum")
                    if isinstance(block.get(k), int)), 1)
        numbers = [n for n in (self._number(o.code) or self._number(o.name)
                               for o in self.field.options) if n is not None]
        if high is None and numbers:
            return min(numbers), max(numbers)
        return low, high if high is not None else 10

    @property
    def input_hint(self) -> str:
        """The range, e.g. "1-5"."""
        low, high = self.scale()
        return f"{low}-{high}"

    @staticmethod
    def _number(raw: Any) -> int | None:
        if isinstance(raw, bool):
            return None
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float | Decimal) and raw == int(raw):
            return int(raw)
        if isinstance(raw, str) and raw.strip().isdigit():
            return int(raw.strip())
        return None

    def _from_raw(self, raw: Any) -> Any:
        if isinstance(raw, dict):
            found = next((n for n in (self._number(raw.get(k)) for k in ("code", "name", "value"))
                          if n is not None), None)
            if found is None and isinstance(raw.get("id"), str):
                option = next((o for o in self.field.options if o.id == raw["id"]), None)
                if option is not None:
                    found = self._number(option.code) or self._number(option.name)
            return found
        return self._number(raw)

    def _value_text(self, value: Any) -> str:
        return f"{value}/{self.scale()[1]}"

    def _parse(self, text: str) -> Any:
        stars = text.count("★")
        if stars and not text.replace("★", "").replace("☆", "").strip():
            return stars
        number = self._number(text.split("/")[0])
        if number is None:
            low, high = self.scale()
            raise FieldParseError(f"{quote(text)} is not a rating from {low} to {high}")
        return number

    def _coerce(self, value: Any) -> Any:
        found = self._from_raw(value)
        return value if found is None else found

    def _to_wire(self, value: Any) -> Any:
        return int(value)

    def _validate(self, value: Any) -> list[str]:
        low, high = self.scale()
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            return [f"Must be a rating from {low} to {high}"]
        return []
