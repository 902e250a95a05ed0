"""The one-line filter query: parsing, errors and their positions, round trips, completion."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizen_tui.domain.filter_model import Condition as C
from kizen_tui.domain.filter_model import FilterError, Group, Mode
from kizen_tui.domain.filters import compile_filter
from kizen_tui.domain.query import QueryError, Suggestion, complete, format_query, parse_query
from tests.domain.filter_fixtures import CONTACTS, DEAL_TAGS, DEALS, oid, rid


def parse(text: str) -> Group:
    return parse_query(text, DEALS, tags=DEAL_TAGS)


def all_of(*items: C | Group) -> Group:
    return Group("all", list(items))


def any_of(*items: C | Group) -> Group:
    return Group("any", list(items))


# --- parsing ----------------------------------------------------------------------------------

PARSED: list[tuple[str, Group]] = [
    ("status in (Open, Pending) and amount >= 10000 and owner is me",
     all_of(C("status", "is_any_of", ["Open", "Pending"]), C("amount", ">=", 10000),
            C("owner", "is_me"))),
    ('name contains "acme"', all_of(C("name", "contains", "acme"))),
    ("estimated_close_date between 2026-01-01 and 2026-03-31",
     all_of(C("estimated_close_date", "between", ["2026-01-01", "2026-03-31"]))),
    ("labels has any (vip, churn-risk)", all_of(C("labels", "has_any", ["vip", "churn-risk"]))),
    ("billing_email is blank", all_of(C("billing_email", "is_blank"))),
    ("billing_email is not blank", all_of(C("billing_email", "not_blank"))),
    ("not (stage = Won)", all_of(C("stage", "!=", "Won"))),
    ("status = Open or seats = 2", any_of(C("status", "=", "Open"), C("seats", "=", 2))),
    ("(status = Open and seats = 2) or (name = x)",
     any_of(all_of(C("status", "=", "Open"), C("seats", "=", 2)), C("name", "=", "x"))),
    ("status = Open and (seats > 1 or score < 0.5)",
     all_of(C("status", "=", "Open"), any_of(C("seats", ">", 1), C("score", "<", 0.5)))),
    ("(status = Open and seats = 2) or (name = x and is_vip is checked)",
     any_of(all_of(C("status", "=", "Open"), C("seats", "=", 2)),
            all_of(C("name", "=", "x"), C("is_vip", "is_checked")))),
    ("status = Open and seats = 1 or name = x",  # and binds tighter than or
     any_of(all_of(C("status", "=", "Open"), C("seats", "=", 1)), C("name", "=", "x"))),
    ("status = Open and (seats = 1 and (name = x))",
     all_of(C("status", "=", "Open"), C("seats", "=", 1), C("name", "=", "x"))),
    ("((status = Open))", all_of(C("status", "=", "Open"))),
    ("", Group("all", [])),
    ("   ", Group("all", [])),
    # quoting and escapes
    ('name = "Acme, Inc. (EU)"', all_of(C("name", "=", "Acme, Inc. (EU)"))),
    ("name = 'O\\'Brien'", all_of(C("name", "=", "O'Brien"))),
    ('name = "say \\"hi\\""', all_of(C("name", "=", 'say "hi"'))),
    ('name = "back\\\\slash"', all_of(C("name", "=", "back\\slash"))),
    ('name = "and"', all_of(C("name", "=", "and"))),
    ('name = "tab\\there\\nline \\u00e9"', all_of(C("name", "=", "tab\there\nline é"))),
    ("name = \"it's\"", all_of(C("name", "=", "it's"))),
    ('name = ""', all_of(C("name", "=", ""))),
    ("name = Hello!", all_of(C("name", "=", "Hello!"))),
    ("name!=x", all_of(C("name", "!=", "x"))),
    ("seats>=3", all_of(C("seats", ">=", 3))),
    # unicode everywhere
    ("region_cn = 東京", all_of(C("region_cn", "=", "東京"))),
    ("地区 contains 東京 and name = 🚀launch", all_of(C("region_cn", "contains", "東京"),
                                                C("name", "=", "🚀launch"))),
    ("name = שלום or name contains \"مرحبا بالعالم\"",
     any_of(C("name", "=", "שלום"), C("name", "contains", "مرحبا بالعالم"))),
    ("labels has \"Ünïcode ✓\"", all_of(C("labels", "contains", "Ünïcode ✓"))),
    # field names: api or display, any case, quoted or bare multi-word
    ('"Close Date" > 2026-01-01', all_of(C("estimated_close_date", ">", "2026-01-01"))),
    ("Close Date > 2026-01-01", all_of(C("estimated_close_date", ">", "2026-01-01"))),
    ("CLOSE DATE month = march", all_of(C("estimated_close_date", "month_equals", 3))),
    ("% Chance to Close >= 0.5", all_of(C("percentage_chance_to_close", ">=", 0.5))),
    ("STATUS IN (open) AND Owner IS ME", all_of(C("status", "is_any_of", ["open"]),
                                               C("owner", "is_me"))),
    ('"in" = x', all_of(C("in", "=", "x"))),
    ("Preferred Timezone = America/Chicago", all_of(C("timezone_pref", "=", "America/Chicago"))),
    # every operator
    ("name != x", all_of(C("name", "!=", "x"))),
    ("seats < 3 and seats <= 3 and seats > 3", all_of(C("seats", "<", 3), C("seats", "<=", 3),
                                                      C("seats", ">", 3))),
    ("name not contains x", all_of(C("name", "not_contains", "x"))),
    ("name starts with a and name ends with b", all_of(C("name", "starts_with", "a"),
                                                       C("name", "ends_with", "b"))),
    ("name not starts with a or name not ends with b",
     any_of(C("name", "not_starts_with", "a"), C("name", "not_ends_with", "b"))),
    ("status not in (Open, 'On Hold')", all_of(C("status", "not_any_of", ["Open", "On Hold"]))),
    ("status in Open", all_of(C("status", "is_any_of", ["Open"]))),
    ("regions has North", all_of(C("regions", "contains", "North"))),
    ("regions has (North)", all_of(C("regions", "contains", ["North"]))),
    ("regions has all (North, South) and regions has none (\"East & West\")",
     all_of(C("regions", "has_all", ["North", "South"]),
            C("regions", "has_none", ["East & West"]))),
    ("regions contains North", all_of(C("regions", "contains", "North"))),
    ("signed_on month = 12", all_of(C("signed_on", "month_equals", 12))),
    ("is_vip is not checked or is_vip = false", any_of(C("is_vip", "not_checked"),
                                                      C("is_vip", "=", False))),
    (f"company contains ({rid(1)}, {rid(2)})",
     all_of(C("company", "contains", [rid(1), rid(2)]))),
    ("satisfaction = 3 and attachments >= 1", all_of(C("satisfaction", "=", 3),
                                                     C("attachments", ">=", 1))),
    ("amount between 1.5 and 2e3", all_of(C("amount", "between", [1.5, 2000.0]))),
    # not: opposite operators and De Morgan
    ("not name contains x", all_of(C("name", "not_contains", "x"))),
    ("not not status = Open", all_of(C("status", "=", "Open"))),
    ("not (status = Open or seats < 5)", all_of(C("status", "!=", "Open"), C("seats", ">=", 5))),
    ("not (seats > 5)", all_of(C("seats", "<=", 5))),
    ("not (is_vip is checked)", all_of(C("is_vip", "not_checked"))),
    ("not (is_vip = true)", all_of(C("is_vip", "=", False))),
    ("not (labels has any (vip))", all_of(C("labels", "has_none", ["vip"]))),
    ("not (status in (Open))", all_of(C("status", "not_any_of", ["Open"]))),
    ("not (billing_email is blank)", all_of(C("billing_email", "not_blank"))),
    ("not (name starts with a)", all_of(C("name", "not_starts_with", "a"))),
    ("not (status = Open and (seats = 1 or name = x))",
     any_of(C("status", "!=", "Open"), all_of(C("seats", "!=", 1), C("name", "!=", "x")))),
]


@pytest.mark.parametrize(("text", "group"), PARSED)
def test_parse_query(text: str, group: Group) -> None:
    parsed = parse(text)
    assert parsed == group
    compile_filter(parsed, DEALS, tags=DEAL_TAGS)  # a parsed query always compiles


def test_parse_query_on_contacts() -> None:
    group = parse_query("email_status = 'Opted In' and tags has any (vip)", CONTACTS,
                        tags={"f1e1d000-0000-4000-8000-000000000109": [{"id": oid(1),
                                                                        "name": "VIP"}]})
    assert group == all_of(C("email_status", "=", "Opted In"), C("tags", "has_any", ["vip"]))


# --- errors with positions --------------------------------------------------------------------

ERRORS: list[tuple[str, int, str]] = [
    ('name = "acme', 7, 'unterminated quote: add the closing "'),
    ("name = 'acme", 7, "unterminated quote: add the closing '"),
    ("stauts = Open", 0, "unknown field 'stauts' (did you mean 'status'"),
    ("Close Dat > 2026-01-01", 0, "unknown field 'Close Dat'"),
    ("status = Open and nope in (a)", 18, "unknown field 'nope'"),
    ("amount contains 5", 7, "'contains' is not available for field 'amount' (money); valid: "
                             "=, !=, <, <=, >, >=, between, is blank, is not blank"),
    ("status equals Open", 7, "expected an operator after 'status', got 'equals'; valid: =, !=, "
                              "in, not in, is blank, is not blank"),
    ("status is foo", 7, "expected an operator after 'status', got 'is'"),
    ("status", 6, "expected an operator after 'status'; valid:"),
    ("status is", 9, "expected an operator after 'status' 'is'"),
    ("name =", 6, "expected a value after '='"),
    ("status in (Open,", 16, "expected a value after 'in'"),
    ("name = Acme Corp", 12, "expected 'and', 'or' or the end of the query, got 'Corp' (put "
                             "values with spaces in quotes)"),
    ("name = x y", 9, "expected 'and', 'or' or the end of the query, got 'y'"),
    ("(status = Open", 14, "unbalanced '(': expected ')'"),
    ("status = Open)", 13, "unbalanced ')': there is no '(' to close"),
    ("(status = Open name = x", 15, "expected ')', 'and' or 'or', got 'name'"),
    ("status in ()", 10, "an empty list: put at least one value between ( and )"),
    ("status in (Open,)", 16, "expected a value, got ')'"),
    ("status in (Open Pending)", 16, "expected ',' or ')' in the list, got 'Pending'"),
    ("status in (Open", 15, "unbalanced '(': expected ',' or ')' in the list"),
    ("amount between 1 5", 17, "expected 'and' between the two bounds of between"),
    ("amount between 1", 16, "expected 'and' and the upper bound of between"),
    ("amount > abc", 9, "expected a number, got 'abc'"),
    ("seats = 1.5.2", 8, "expected a number"),
    ("is_vip = maybe", 9, "expected true or false, got 'maybe'"),
    ("signed_on month = 13", 18, "expected a month from 1 to 12, got '13'"),
    ("signed_on > 01/02/2026", 12, "expected a date YYYY-MM-DD, got '01/02/2026'"),
    ("status = Opne", 9, "unknown option 'Opne' for field 'status'; valid options: Open, "
                         "Pending, On Hold, Won (Final)"),
    ("labels has gold", 11, "unknown tag 'gold' for field 'labels'"),
    ("labels has (vip, churn-risk)", 11, "'contains' takes one value on dynamictags fields"),
    ("created is blank", 8, "Kizen offers no blank checks on the default field 'created'"),
    ("owner is not blank", 6, "Kizen offers no blank checks on the default field 'owner'"),
    ("name month = 3", 5, "'month =' is not available for field 'name' (text)"),
    ("name is checked", 5, "'is checked' is not available for field 'name'"),
    ("not (signed_on between 2024-01-01 and 2024-02-01)", 0,
     "'not' cannot be applied to 'between': it has no opposite operator"),
    ("not (owner is me)", 0, "'not' cannot be applied to 'is me'"),
    ("not (phone = 1)", 0, "'not' cannot be applied to '=' on field 'phone': '!=' is not "
                           "available for phonenumber fields"),
    ("status = Open and (seats > 1 or (name = a and name = b))", 32,
     "too deeply nested: a Kizen filter is groups of conditions joined by one and/or"),
    ("not (status = Open and (seats > 1 or (name = a and name = b)))", 37, "too deeply nested"),
    ("and status = x", 0, "expected a condition before 'and'"),
    ("status = Open and", 17, "expected a condition (a field name)"),
    ("= Open", 0, "expected a field name, got '='"),
    ('company contains ("Birch Works Co")', 18, "expected a record id (a UUID), got 'Birch "
                                                 "Works Co'; relationships are filtered by "
                                                 "record id"),
    (f"company in ({rid(1)}, Birch)", 50, "expected a record id (a UUID), got 'Birch'"),
    ("company not contains Birch", 21, "expected a record id"),
    ("contacts not in (x)", 17, "expected a record id"),
    ("owner = Ravi", 8, "expected a team member id (a UUID) or is_me, got 'Ravi'"),
    ("account_manager not in (Ravi)", 24, "expected a team member id"),
    ("Status = Open and description contains x", 30,
     "'contains' is not available for field 'description' (longtext); valid: is blank, "
     "is not blank"),
]


@pytest.mark.parametrize(("text", "position", "message"), ERRORS)
def test_errors_point_at_the_problem(text: str, position: int, message: str) -> None:
    with pytest.raises(QueryError) as info:
        parse(text)
    error = info.value
    assert error.reason.startswith(message), error.reason
    assert error.position == position, str(error)
    assert isinstance(error, FilterError)
    lines = str(error).split("\n")
    assert lines[1] == "  " + text
    assert lines[2].index("^") == 2 + position  # ASCII queries: one cell per character


def test_caret_line_counts_wide_characters_and_hides_control_characters() -> None:
    with pytest.raises(QueryError) as info:
        parse("地区 = x and stauts = 1")
    assert info.value.position == 11
    assert str(info.value).split("\n")[1:] == [
        "  地区 = x and stauts = 1",
        "               ^^^^^^"]
    with pytest.raises(QueryError) as info:
        parse('name = "a\x1b[31mb" and zz = 1')
    assert "\x1b" not in str(info.value)
    assert "  name = \"a?[31mb\" and zz = 1" in str(info.value)


def test_unknown_field_without_tags_loaded() -> None:
    with pytest.raises(QueryError, match="the tags of field 'labels' are not loaded"):
        parse_query("labels has vip", DEALS)


# --- formatting and round trips ---------------------------------------------------------------

FORMATTED: list[tuple[str, str]] = [
    ("STATUS IN (open, 'Pending') AND owner IS ME", "status in (open, Pending) and owner is me"),
    ('"Close Date" > 2026-01-01', "estimated_close_date > 2026-01-01"),
    ("(status = Open and seats = 2) or name = x", "(status = Open and seats = 2) or name = x"),
    ("name = 'O\\'Brien' and name = \"a \\\"b\\\"\"", 'name = "O\'Brien" and name = "a \\"b\\""'),
    ('name = "and" or name = "x y" or name = ""', 'name = "and" or name = "x y" or name = ""'),
    ('name = "tab\\there"', 'name = "tab\\there"'),
    ("regions has North and labels has any (vip)", "regions has North and labels has any (vip)"),
    ("regions contains North", "regions has North"),
    ("not (stage = Won)", "stage != Won"),
    ("signed_on month = march", "signed_on month = 3"),
    ("amount between 1 and 2.5", "amount between 1 and 2.5"),
    ("seats >= 1e3 and seats between 1E1 and 2e1", "seats >= 1000 and seats between 10 and 20"),
    ("seats > 2.5 and amount >= 1e3", "seats > 2.5 and amount >= 1000.0"),
    ("is_vip = yes", "is_vip = true"),
    ('"in" = x', '"in" = x'),
    ("地区 = 東京", "region_cn = 東京"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "formatted"), FORMATTED)
def test_format_query(text: str, formatted: str) -> None:
    group = parse(text)
    assert format_query(group, DEALS, tags=DEAL_TAGS) == formatted
    assert parse(formatted) == group


def test_format_query_of_builder_models_and_specs() -> None:
    ids = all_of(C("status", "=", oid(13)), C("labels", "has_any", [oid(91)]),
                 C("regions", "is_any_of", [oid(23)]))
    text = format_query(ids, DEALS, tags=DEAL_TAGS)
    assert text == 'status = "On Hold" and labels has any (vip) and regions in ("East & West")'
    assert compile_filter(parse(text), DEALS, tags=DEAL_TAGS) == compile_filter(
        ids, DEALS, tags=DEAL_TAGS)
    spec = {"any": [{"field": "Status", "op": "not_any_of", "value": ["Open"]},
                    {"all": [{"field": "company", "op": "contains", "value": {"id": "r1"}},
                             {"field": "is_vip", "op": "is_checked"}]}]}
    assert format_query(spec, DEALS) == ("status not in (Open) or (company contains r1 and "
                                         "is_vip is checked)")
    assert format_query(C("zzz", "=", "x"), DEALS) == "zzz = x"  # unknown fields still print


_TEXT_FIELDS = ["name", "region_cn", "billing_email"]
_values = st.text(max_size=12)


@st.composite
def conditions(draw: st.DrawFn) -> C:
    kind = draw(st.sampled_from(["text", "number", "option", "multi", "blank", "date"]))
    if kind == "text":
        op = draw(st.sampled_from(["=", "!=", "contains", "not_contains", "starts_with"]))
        return C(draw(st.sampled_from(_TEXT_FIELDS)), op, draw(_values))
    if kind == "number":
        op = draw(st.sampled_from(["=", "!=", "<", ">=", "between"]))
        num = st.integers(-10**6, 10**6) | st.floats(-1e9, 1e9, allow_nan=False)
        if op == "between":
            return C("amount", op, sorted([draw(num), draw(num)]))
        return C("amount", op, draw(num))
    if kind == "option":
        labels = st.sampled_from(["Open", "Pending", "On Hold", "Won (Final)"])
        if draw(st.booleans()):
            return C("status", draw(st.sampled_from(["=", "!="])), draw(labels))
        return C("status", draw(st.sampled_from(["is_any_of", "not_any_of"])),
                 draw(st.lists(labels, min_size=1, max_size=3)))
    if kind == "multi":
        tags = st.lists(st.sampled_from(["vip", "churn-risk", "Ünïcode ✓"]), min_size=1,
                        max_size=3)
        return C("labels", draw(st.sampled_from(["has_any", "has_all", "has_none"])), draw(tags))
    if kind == "blank":
        return C(draw(st.sampled_from(["name", "amount", "status"])),
                 draw(st.sampled_from(["is_blank", "not_blank"])))
    if draw(st.booleans()):
        return C("signed_on", "month_equals", draw(st.integers(1, 12)))
    day = draw(st.dates()).isoformat()
    return C("signed_on", draw(st.sampled_from(["=", "<"])), day)


@st.composite
def models(draw: st.DrawFn) -> Group:
    mode: Mode = draw(st.sampled_from(["all", "any"]))
    inner: Mode = "any" if mode == "all" else "all"
    items: list[C | Group] = draw(st.lists(
        conditions() | st.lists(conditions(), min_size=2, max_size=3).map(
            lambda cs: Group(inner, list(cs))), min_size=2, max_size=4))
    return Group(mode, items)


@settings(max_examples=150, deadline=None)
@given(models())
def test_format_then_parse_round_trips(model: Group) -> None:
    text = format_query(model, DEALS, tags=DEAL_TAGS)
    assert "\n" not in text
    assert parse(text) == model


_SOUP = st.lists(st.sampled_from([
    "status", "amount", "Close", "Date", "labels", "is_vip", "signed_on", "=", "!=", ">=", "in",
    "not", "is", "blank", "has", "any", "between", "and", "or", "month", "(", ")", ",", '"',
    "'", "Open", "vip", "12", "2026-01-01", "me", "checked", "\\", "東京", "🚀", " ",
]), max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | _SOUP)
def test_parser_never_crashes(text: str) -> None:
    try:
        group = parse(text)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
    else:
        assert parse(format_query(group, DEALS, tags=DEAL_TAGS)) == group


@settings(max_examples=300, deadline=None)
@given(_SOUP | st.text(max_size=30), st.integers(0, 60))
def test_completion_never_crashes(text: str, cursor: int) -> None:
    for suggestion in complete(text, cursor, DEALS, tags=DEAL_TAGS):
        assert 0 <= suggestion.replace_start <= min(cursor, len(text))
        assert suggestion.replace_start <= suggestion.replace_end <= len(text)


# --- completion -------------------------------------------------------------------------------

def texts(text: str, cursor: int | None = None, **kwargs: Any) -> list[str]:
    cursor = len(text) if cursor is None else cursor
    return [s.text for s in complete(text, cursor, DEALS, tags=DEAL_TAGS, **kwargs)]


def test_complete_field_names() -> None:
    first = complete("", 0, DEALS)
    assert [s.text for s in first if s.kind == "field"][:3] == ["name", "owner", "created"]
    assert [(s.text, s.kind) for s in first if s.kind == "keyword"] == [("not", "keyword"),
                                                                        ("(", "keyword")]
    (status,) = [s for s in complete("sta", 3, DEALS) if s.text == "status"]
    assert status == Suggestion("status", "field", 0, 3, "Status · dropdown")
    # prefix matches (of api or display names) first, then matches inside
    assert texts("clo") == ["estimated_close_date", "actual_close_date",
                            "percentage_chance_to_close"]
    assert texts("status = Open and am") == ["amount", "name"]
    assert texts("地") == ["region_cn"]
    assert parse("Close   Date > 2026-01-01") == parse("close date > 2026-01-01")
    assert texts('"in')[0] == '"in"'


def test_complete_multi_word_display_names() -> None:
    suggestions = complete("Close ", 6, DEALS)
    assert [(s.text, s.replace_start, s.replace_end) for s in suggestions] == [
        ("estimated_close_date", 0, 6), ("actual_close_date", 0, 6)]
    assert [s.text for s in complete('"Close D', 8, DEALS)] == ["estimated_close_date",
                                                                "actual_close_date"]


def test_complete_operators_for_the_field_type() -> None:
    assert texts("status ") == ["=", "!=", "in", "not in", "is blank", "is not blank"]
    assert texts("is_vip ") == ["is checked", "is not checked", "="]
    assert texts("created ") == ["=", "!=", "<", "<=", ">", ">=", "between", "month ="]
    assert texts("labels ")[:5] == ["has", "not contains", "has any", "has all", "has none"]
    (only,) = complete("status is n", 11, DEALS)
    assert only == Suggestion("is not blank", "operator", 7, 11, "not blank")
    assert [(s.text, s.replace_start) for s in complete("amount >", 8, DEALS)] == [
        (">", 7), (">=", 7)]


def test_complete_values() -> None:
    assert texts("status = ") == ["Open", "Pending", '"On Hold"', '"Won (Final)"']
    (open_,) = complete("status = op", 11, DEALS)
    assert open_ == Suggestion("Open", "value", 9, 11, "option")
    assert [(s.text, s.replace_end) for s in complete("status = open and x", 11, DEALS)] == [
        ("Open", 13)]  # the cursor inside a word replaces the whole word
    assert texts("status in (Open, ") == ["Pending", '"On Hold"', '"Won (Final)"']
    assert texts("is_vip = ") == ["true", "false"]
    assert texts("signed_on month = ")[:3] == ["1", "2", "3"]
    assert texts("signed_on month = ma") == ["3", "5"]  # march, may
    assert texts("name = ") == []
    assert texts("labels has ") == ["vip", "churn-risk", '"Ünïcode ✓"', "has any", "has all",
                                    "has none"]
    assert texts("labels has a") == ["has any", "has all"]
    assert texts("timezone_pref = eur") == ["Europe/Berlin"]
    (hold,) = complete('status = "On H" and x', 14, DEALS)
    assert (hold.text, hold.replace_start, hold.replace_end) == ('"On Hold"', 9, 15)


def test_complete_keywords() -> None:
    assert texts("status = Open ") == ["and", "or"]
    assert texts("status = Open o") == ["or"]
    assert texts("(status = Open ") == ["and", "or", ")"]
    assert texts("amount between 1 ") == ["and"]
    assert texts("status in (Open ") == [",", ")"]
    assert texts("status = Open and not ")[-2:] == ["not", "("]


def test_complete_skips_fields_that_cannot_be_filtered() -> None:
    fields = [*DEALS, {"id": "h", "name": "hologram", "field_type": "hologram"}]
    assert [s.text for s in complete("holo", 4, fields)] == []


def test_complete_after_an_error_offers_nothing() -> None:
    assert texts("stauts = ") == []
    assert texts("amount = abc and ") == []
    assert texts("name = x)") == []
    assert complete("status = ", 99, DEALS)  # the cursor is clamped to the text
