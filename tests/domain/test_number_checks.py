"""Regression tests of the local checks of money and bounded decimals: what the server would
round away or refuse is said under the field instead."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kizen_tui.domain.drafts import RecordDraft
from kizen_tui.domain.fields import FieldParseError
from tests.domain.test_fields import CHICAGO, NOW, codec, field

CHANCE = "percentage_chance_to_close"


def test_money_with_more_decimals_than_the_currency_has_is_an_error() -> None:
    money = codec("money")
    value = money.parse("1200.505")
    assert money.validate(value) == [
        "Too many decimals: this field keeps 2 decimals (e.g. 1,200.51)"]
    assert money.validate(money.parse("1,200.50")) == []
    assert money.validate(money.parse("1200.500")) == []  # trailing zeros change nothing
    yen = codec("money", money_options={"currency": "JPY", "symbol": "¥"})
    assert yen.validate(yen.parse("¥5.5")) == [
        "Too many decimals: this field keeps no decimals (e.g. 6)"]
    kept = codec("money", decimal_options={"decimal_places": 4})  # the definition wins
    assert kept.validate(kept.parse("1.2345")) == []


@pytest.mark.parametrize("text", ["€ 5", "5 EUR", "£5", "R$5", "eur 5"])
def test_money_in_another_currency_is_an_error(text: str) -> None:
    with pytest.raises(FieldParseError, match="this field holds USD"):
        codec("money").parse(text)


@pytest.mark.parametrize("text", ["$5", "5 USD", "usd 5", "5"])
def test_money_in_the_fields_currency_is_read(text: str) -> None:
    assert codec("money").parse(text) == Decimal("5")


def test_money_of_a_field_naming_no_currency_takes_any_mark() -> None:
    bare = codec("money", money_options=None)
    assert bare.parse("€5") == Decimal("5") and bare.validate(Decimal("1.234")) == []


def test_a_draft_does_not_send_too_precise_or_foreign_money() -> None:
    d = RecordDraft.new([field("money")], tz=CHICAGO, clock=lambda: NOW)
    d.set_text("money", "1200.505")
    assert d.errors == {"money": ["Too many decimals: this field keeps 2 decimals "
                                  "(e.g. 1,200.51)"]}
    d.set_text("money", "€ 5")
    assert "this field holds USD" in d.errors["money"][0] and d.to_patch() == []


@pytest.mark.parametrize("text", ["150", "-5", "1.01", "150%"])
def test_a_fraction_field_refuses_values_outside_0_to_1(text: str) -> None:
    chance = codec("decimal", name=CHANCE)
    problems = chance.validate(chance.parse(text))
    assert problems and "between 0 and 1: a fraction" in problems[0]


@pytest.mark.parametrize(("text", "value"), [("50%", "0.5"), ("0.5", "0.5"), ("12.5 %", "0.125"),
                                             ("0", "0"), ("1", "1"), ("100%", "1")])
def test_a_fraction_field_reads_a_percentage(text: str, value: str) -> None:
    chance = codec("decimal", name=CHANCE)
    assert chance.parse(text) == Decimal(value) and chance.validate(Decimal(value)) == []
    assert "fraction" in chance.input_hint


def test_other_decimals_keep_their_range_and_refuse_percentages() -> None:
    plain = codec("decimal")
    assert plain.validate(plain.parse("150")) == [] and "fraction" not in plain.input_hint
    with pytest.raises(FieldParseError):
        plain.parse("50%")
