"""Codecs for integer, decimal and money fields, and the locale-tolerant number reader.

Number text is read by one documented rule (`parse_number`) so "1,200.50", "1.200,50",
"1 200,50", "$1,200.50" and "-1200.5" all mean what a person means by them.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from kizen_tui.domain.codecs.base import FieldCodec, FieldParseError, quote

INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # "integer is 4 bytes" (API-NOTES.md §4)

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "$", "AUD": "$", "INR": "₹",
            "CHF": "CHF ", "CNY": "¥", "MXN": "$", "BRL": "R$", "KRW": "₩"}
# Currency symbols and codes that may surround an amount; stripped before reading the number.
_CURRENCY = re.compile(r"^(?:[A-Za-z]{3}\s*|[$€£¥₹₩]|R\$)|(?:\s*[A-Za-z]{3}|[$€£¥₹₩])$")
# Spaces (incl. no-break and thin spaces) and apostrophes only ever group thousands.
_GROUP_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$|^\.\d+$")
#: Digits after the point per currency (ISO 4217 minor units) where they are not 2.
_MINOR_UNITS = {"JPY": 0, "KRW": 0}
#: Fields whose value is a fraction from 0 to 1: the default "% Chance to Close" of pipeline
#: objects (API-NOTES.md §3, "% chance (decimal 0–1)"). Their definitions carry no range; the
#: server refuses anything outside it.
FRACTION_FIELDS = frozenset({"percentage_chance_to_close"})


def _grouped(digits: str, sep: str) -> bool:
    return re.fullmatch(rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+", digits) is not None


def _normalise_separators(body: str) -> str | None:
    """`body` (no sign, no spaces) with "." as the only decimal point, or None if unreadable."""
    if "," in body and "." in body:
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        whole, _, frac = body.rpartition(decimal_sep)
        if not _grouped(whole, group_sep) and group_sep in whole:
            return None
        return whole.replace(group_sep, "") + "." + frac
    for sep in (",", "."):
        if body.count(sep) > 1 or (sep == "," and body.count(sep) == 1):
            if _grouped(body, sep):
                return body.replace(sep, "")
            if body.count(sep) == 1:  # a single separator not followed by 3 digits: decimal
                return body.replace(sep, ".")
            return None
    return body


def parse_number(text: str) -> Decimal:
    """`read_amount` without the currency marks."""
    return read_amount(text)[0]


def read_amount(text: str) -> tuple[Decimal, list[str]]:
    """Read a number the way people type it, in any common locale.

    Rules:
        - Currency symbols or 3-letter codes before or after the number are ignored.
        - A leading "-", "+", "−" or surrounding parentheses give the sign.
        - Spaces and apostrophes are thousands separators ("1 200", "1'200").
        - With both "," and ".", the later one is the decimal point ("1.200,50" = 1200.50).
        - With only ",": groups of exactly three digits after each comma mean thousands
          ("1,200" = 1200, "1,200,000"); a single comma followed by anything else is a decimal
          comma ("1,5" = 1.5). Only ".": several dots with 3-digit groups are thousands
          ("1.200.000"), a single dot is always the decimal point ("1.200" = 1.2).

    Returns:
        The number, and the currency symbols or codes typed around it ("€", "EUR").

    Raises:
        FieldParseError: "'12x' is not a number".
    """
    body = text.strip().replace("\u2212", "-")
    negative = body.startswith("(") and body.endswith(")")
    if negative:
        body = body[1:-1].strip()
    signed = body[:1] in ("+", "-")
    if signed:
        negative, body = negative or body[0] == "-", body[1:].strip()
    marks = [found.group(0).strip() for found in _CURRENCY.finditer(body)]
    body = _CURRENCY.sub("", body).strip()
    if not signed and body[:1] in ("+", "-"):  # "$-5" or "USD -5"
        negative, body = negative or body[0] == "-", body[1:].strip()
    normalised = _normalise_separators(_GROUP_SPACES.sub("", body))
    if normalised is None or not _PLAIN.match(normalised):
        raise FieldParseError(f"{quote(text)} is not a number")
    number = Decimal(normalised)
    return -number if negative else number, marks


def to_decimal(raw: Any) -> Decimal | None:
    """A Decimal from a raw number, numeric string or money dict; None for anything else."""
    if isinstance(raw, dict):
        raw = raw.get("amount", raw.get("value"))
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        number = Decimal(str(raw))  # str() keeps 320.81 as 320.81, not its binary expansion
    elif isinstance(raw, str) and raw.strip():
        try:
            number = Decimal(raw.strip())
        except InvalidOperation:
            return parse_number(raw)
    elif isinstance(raw, Decimal):
        number = raw
    else:
        return None
    return number if number.is_finite() else None


def _wire_number(value: Decimal) -> int | float:
    """A JSON number for `value`: int when whole, else float (the API takes plain numbers)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _places(value: Decimal) -> int:
    """The number of digits after the decimal point in `value` as written."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _float_safe(value: Decimal) -> bool:
    return Decimal(repr(float(value))) == value


def _too_precise(value: Decimal, places: int | None) -> list[str]:
    """The problem with more digits after the point than the field keeps (the server would
    round them away: better said here than found changed later)."""
    if places is None or _places(value.normalize()) <= places:
        return []
    allowed = f"{places} decimal{'s' if places != 1 else ''}" if places else "no decimals"
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return [f"Too many decimals: this field keeps {allowed} (e.g. {rounded:,f})"]


class IntegerCodec(FieldCodec):
    """`integer`: a whole number in the 4-byte range."""

    hint = "whole number, e.g. 42"

    def _from_raw(self, raw: Any) -> Any:
        number = to_decimal(raw)
        if number is None or number != number.to_integral_value():
            return None
        return int(number)

    def _format(self, value: Any) -> str:
        return str(value)

    def _parse(self, text: str) -> Any:
        number = parse_number(text)
        if number != number.to_integral_value():
            raise FieldParseError(f"{quote(text)} is not a whole number")
        return int(number)

    def _coerce(self, value: Any) -> Any:
        found = self._from_raw(value)
        return value if found is None else found

    def _to_wire(self, value: Any) -> Any:
        return int(value)

    def _validate(self, value: Any) -> list[str]:
        if not isinstance(value, int) or isinstance(value, bool):
            return ["Must be a whole number"]
        if not INT_MIN <= value <= INT_MAX:
            return [f"Must be between {INT_MIN:,} and {INT_MAX:,}"]
        return []


class DecimalCodec(FieldCodec):
    """`decimal`: a Decimal. Read as number or string (sources disagree, API-NOTES.md §7);
    written as a JSON number, so values a float cannot hold exactly are refused locally."""

    hint = "number, e.g. 1,234.56"

    @property
    def is_fraction(self) -> bool:
        """The field holds a fraction from 0 to 1 ("50%" is read as 0.5)."""
        return self.field.name in FRACTION_FIELDS

    @property
    def input_hint(self) -> str:
        """Says that a fraction field wants a fraction."""
        return "fraction 0–1, e.g. 0.25 or 25%" if self.is_fraction else self.hint

    def decimal_places(self) -> int | None:
        """The digits after the point the field keeps (`decimal_options`), None if unknown."""
        options = self.field.decimal_options or {}
        places = options.get("decimal_places")
        if isinstance(places, int) and not isinstance(places, bool) and 0 <= places <= 20:
            return places
        return None

    def _from_raw(self, raw: Any) -> Any:
        return to_decimal(raw)

    def _value_text(self, value: Any) -> str:
        return f"{value:,f}"

    def _format(self, value: Any) -> str:
        return f"{value:f}"

    def _parse(self, text: str) -> Any:
        stripped = text.strip()
        if self.is_fraction and stripped.endswith("%"):  # unambiguous: a percentage
            return parse_number(stripped[:-1]) / 100
        return parse_number(text)

    def _coerce(self, value: Any) -> Any:
        try:
            found = to_decimal(value)
        except FieldParseError:
            found = None
        return value if found is None else found

    def _to_wire(self, value: Any) -> Any:
        return _wire_number(value)

    def _validate(self, value: Any) -> list[str]:
        if not isinstance(value, Decimal) or not value.is_finite():
            return ["Must be a number"]
        if not _float_safe(value):
            return ["Too many digits: at most 15 significant digits"]
        if self.is_fraction and not 0 <= value <= 1:
            return ["Must be between 0 and 1: a fraction (0.5 is 50%; typing 50% works too)"]
        return _too_precise(value, self.decimal_places())


class MoneyCodec(DecimalCodec):
    """`money`: read as `{currency, symbol, amount}`, shown as "$1,200.50", written as a plain
    number (the currency belongs to the field, API-NOTES.md §4)."""

    hint = "amount, e.g. 1,200.50"

    def _symbol(self, raw: Any = None) -> str:
        """The symbol from the value itself, else from the field's money options."""
        sources = [raw if isinstance(raw, dict) else {}]
        if self.field.money_options is not None:
            sources.append(self.field.money_options.model_dump())
        for source in sources:
            symbol, currency = source.get("symbol"), source.get("currency")
            if isinstance(symbol, str) and symbol.strip():
                return symbol.strip()
            if isinstance(currency, str) and currency.strip():
                code = currency.strip().upper()
                return _SYMBOLS.get(code, code + " ")
        return ""

    def currency(self) -> str:
        """The field's currency code ("USD"), "" when the definition does not say."""
        options = self.field.money_options
        code = options.currency if options is not None else None
        return code.strip().upper() if isinstance(code, str) else ""

    def decimal_places(self) -> int | None:
        """As `decimal_options` says, else the currency's minor units (2 for most)."""
        places = super().decimal_places()
        if places is not None or not self.currency():
            return places
        return _MINOR_UNITS.get(self.currency(), 2)

    def _parse(self, text: str) -> Any:
        number, marks = read_amount(text)
        foreign = next((mark for mark in marks if not self._own_mark(mark)), None)
        if foreign is not None:  # "€ 5" in a dollar field is not $5.00
            raise FieldParseError(f"{quote(text)} is in {quote(foreign)}: this field holds "
                                  f"{self.currency() or self._symbol().strip()}")
        return number

    def _own_mark(self, mark: str) -> bool:
        """Whether a typed symbol or code is the field's own currency (any is, when the
        definition names none)."""
        code, symbol = self.currency(), self._symbol().strip()
        if mark.upper() == code or mark == symbol:
            return True
        if len(mark) == 3 and mark.isalpha():
            return not code
        return not symbol

    def _money(self, value: Decimal, symbol: str) -> str:
        amount = f"{abs(value):,.2f}" if _places(value) <= 2 else f"{abs(value):,f}"
        return ("-" if value < 0 else "") + symbol + amount

    def _display_raw(self, raw: Any) -> str | None:
        value = self.from_raw(raw)
        return None if value is None else self._money(value, self._symbol(raw))

    def _value_text(self, value: Any) -> str:
        return self._money(value, self._symbol())

    def _format(self, value: Any) -> str:
        return f"{value:.2f}" if _places(value) <= 2 else f"{value:f}"
