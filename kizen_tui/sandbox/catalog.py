"""The sandbox business: its team, its objects and their fields.

Four objects together use all 24 field types of API-NOTES §4: contacts (`client_client`),
`companies` and `projects` (custom objects) and `deals` (a pipeline). `wysiwyg` appears twice, as
the literal type (`projects.brief`) and the way objects store it, `longtext` with
`meta.is_markdown` (`companies.about`). `choices` and `selector` are single-choice types like
`dropdown` [I].
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kizen_tui.sandbox.schema import Category, FieldDef, ObjectDef, Option, Relation, finish, uid

BUSINESS_ID = uid("business", "demo")


@dataclass(frozen=True)
class Employee:
    """A team member of the business."""

    id: str
    first_name: str
    last_name: str
    email: str
    deleted: bool = False


EMPLOYEES: list[Employee] = [
    Employee(uid("employee", i), first, last, f"{first}.{last}@demo.kizen.local".lower(), i == 7)
    for i, (first, last) in enumerate(
        [("Dana", "Demo"), ("Ravi", "Patel"), ("Mei", "Tanaka"), ("Lucas", "Silva"),
         ("Amara", "Okafor"), ("Sven", "Lindqvist"), ("Noor", "Haddad"), ("Former", "Employee")]
    )
]
#: The demo user (X-USER-ID) is the first team member; "is_me" filters resolve to it.
DEMO_USER_ID = EMPLOYEES[0].id

TIMEZONES = [
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
    "America/Sao_Paulo", "Europe/London", "Europe/Berlin", "Europe/Stockholm", "Africa/Lagos",
    "Asia/Dubai", "Asia/Kolkata", "Asia/Tokyo", "Asia/Jerusalem", "Australia/Sydney", "UTC",
]


def options(owner: str, *labels: str, codes: tuple[str, ...] = ()) -> list[Option]:
    """Options with deterministic ids; codes default to slugs of the labels."""
    out = []
    for i, label in enumerate(labels):
        code = codes[i] if codes else label.lower().replace(" ", "_").replace("-", "_")
        out.append(Option(uid("option", owner, code), label, code, i))
    return out


def stages() -> list[Option]:
    """The deals pipeline stages with their open/won/lost status."""
    spec = [("Prospecting", "open"), ("Qualified", "open"), ("Proposal", "open"),
            ("Negotiation", "open"), ("Won", "won"), ("Lost", "lost")]
    return [Option(uid("stage", name), name, name.lower(), i, status)
            for i, (name, status) in enumerate(spec)]


def rating_options(owner: str, top: int) -> list[Option]:
    """Rating steps 1..top as options whose code is the number."""
    return [Option(uid("rating", owner, n), str(n), str(n), n - 1) for n in range(1, top + 1)]


def timezone_options() -> list[Option]:
    """Timezone options: the ids are the IANA names (API-NOTES §2.4)."""
    return [Option(tz, tz, tz, i) for i, tz in enumerate(TIMEZONES)]


def rel(link: int, forward: bool, target: str, card: str, rtype: str, inverse: str) -> Relation:
    """Shorthand for a relationship side."""
    return Relation(link, forward, target, card, rtype, inverse)


def _base() -> list[FieldDef]:
    """Default fields every non-contact object has."""
    d, ro = True, True
    return [
        FieldDef("name", "text", "Name", "general", is_default=d, is_required=True),
        FieldDef("owner", "team_selector", "Owner", "general", is_default=d),
        FieldDef("created", "datetime", "Date Created", "general", is_default=d, is_read_only=ro),
        FieldDef("updated", "datetime", "Date Updated", "general", is_default=d, is_read_only=ro),
    ]


def _cats(*pairs: tuple[str, str]) -> list[Category]:
    return [Category(key, name, i) for i, (key, name) in enumerate(pairs)]


def contacts() -> ObjectDef:
    """The built-in contacts object (`client_client`)."""
    d = True
    fields = [
        FieldDef("first_name", "text", "First Name", "general", is_default=d),
        FieldDef("last_name", "text", "Last Name", "general", is_default=d),
        FieldDef("email", "email", "Email", "general", is_default=d, is_required=True),
        FieldDef("mobile_phone", "phonenumber", "Mobile Phone", "general", is_default=d),
        FieldDef("business_phone", "phonenumber", "Business Phone", "general", is_default=d),
        FieldDef("home_phone", "phonenumber", "Home Phone", "general", is_default=d),
        FieldDef("titles", "dynamictags", "Titles", "general", is_default=d),
        FieldDef("tags", "dynamictags", "Tags", "general", is_default=d),
        FieldDef("birthday", "date", "Birthday", "general", is_default=d),
        FieldDef("timezone", "timezone", "Timezone", "general", is_default=d,
                 options=timezone_options()),
        FieldDef("email_status", "dropdown", "Email Status", "general", is_default=d,
                 is_read_only=True,
                 options=options("email_status", "Opted In", "Not Opted In",
                                 "Unsubscribed From All", "Suppression List")),
        FieldDef("owner", "team_selector", "Owner", "general", is_default=d),
        FieldDef("created", "datetime", "Date Created", "general", is_default=d, is_read_only=True),
        FieldDef("updated", "datetime", "Date Updated", "general", is_default=d, is_read_only=True),
        FieldDef("company", "relationship", "Company", "relations",
                 relation=rel(1, True, "companies", "many_to_one", "primary", "contacts")),
        FieldDef("deals", "relationship", "Deals", "relations",
                 relation=rel(3, False, "deals", "many_to_many", "additional_for", "contacts")),
        FieldDef("lifetime_value", "money", "Lifetime Value"),
        FieldDef("preferred_contact", "radio", "Preferred Contact Method",
                 options=options("preferred_contact", "Email", "Phone", "SMS")),
        FieldDef("vip", "checkbox", "VIP"),
        FieldDef("nps", "rating", "NPS", rating_max=10, options=rating_options("nps", 10)),
        FieldDef("notes", "longtext", "Notes"),
        FieldDef("internal_notes", "longtext", "Internal Notes", "internal", is_hidden=True),
    ]
    cats = _cats(("general", "Contact Info"), ("details", "Details"),
                 ("relations", "Relationships"), ("internal", "Internal"))
    return ObjectDef("client_client", "Contacts", "Contact", "standard", False,
                     "People your business works with.", fields, cats, identifier="email")


def companies() -> ObjectDef:
    """A custom standard object that holds most field types and the hostile records."""
    fields = [
        *_base(),
        FieldDef("industry", "dropdown", "Industry", is_required=True,
                 options=options("industry", "Software", "Manufacturing", "Healthcare",
                                 "Finance", "Retail", "Education")),
        FieldDef("tier", "radio", "Tier", options=options("tier", "Gold", "Silver", "Bronze")),
        FieldDef("account_status", "status", "Account Status",
                 options=options("account_status", "Active", "Onboarding", "Churned")),
        FieldDef("regions", "checkboxes", "Regions",
                 options=options("regions", "NA", "EMEA", "APAC", "LATAM")),
        FieldDef("keywords", "dynamictags", "Keywords"),
        FieldDef("employee_count", "integer", "Employees"),
        FieldDef("annual_revenue", "money", "Annual Revenue"),
        FieldDef("score", "decimal", "Score"),
        FieldDef("rating", "rating", "Rating", options=rating_options("companies.rating", 5)),
        FieldDef("website", "text", "Website"),
        FieldDef("billing_email", "email", "Billing Email"),
        FieldDef("hq_phone", "phonenumber", "HQ Phone"),
        FieldDef("founded", "date", "Founded"),
        FieldDef("last_contacted", "datetime", "Last Contacted"),
        FieldDef("is_partner", "checkbox", "Partner"),
        FieldDef("renewal_likely", "yesnomaybe", "Renewal Likely",
                 options=options("renewal_likely", "Yes", "No", "Maybe")),
        FieldDef("hq_timezone", "timezone", "HQ Timezone", options=timezone_options()),
        FieldDef("account_manager", "team_selector", "Account Manager"),
        FieldDef("about", "longtext", "About", meta={"is_markdown": True}),
        FieldDef("description", "longtext", "Description"),
        FieldDef("documents", "files", "Documents"),
        FieldDef("contacts", "relationship", "Contacts", "relations",
                 relation=rel(1, False, "client_client", "one_to_many", "primary_for", "company")),
        FieldDef("deals", "relationship", "Deals", "relations",
                 relation=rel(2, False, "deals", "one_to_many", "primary_for", "company")),
        FieldDef("projects", "relationship", "Projects", "relations",
                 relation=rel(4, False, "projects", "one_to_many", "primary_for", "company")),
        FieldDef("external_id", "text", "External ID", "internal", is_read_only=True),
        FieldDef("credit_limit", "money", "Credit Limit", "internal", can_edit=False),
        FieldDef("internal_score", "decimal", "Internal Score", "internal", is_hidden=True),
        FieldDef("salary_band", "text", "Salary Band", "internal", can_view=False),
    ]
    cats = _cats(("general", "General"), ("details", "Company Details"),
                 ("relations", "Relationships"), ("internal", "Internal"))
    return ObjectDef("companies", "Companies", "Company", "standard", True,
                     "Organisations we sell to.", fields, cats)


def deals() -> ObjectDef:
    """A pipeline object."""
    d = True
    fields = [
        *_base(),
        FieldDef("stage", "dropdown", "Stage", "general", is_default=d, options=stages()),
        FieldDef("entity_value", "money", "Value", "general", is_default=d),
        FieldDef("estimated_close_date", "date", "Estimated Close Date", "general", is_default=d),
        FieldDef("actual_close_date", "date", "Actual Close Date", "general", is_default=d),
        FieldDef("percentage_chance_to_close", "decimal", "% Chance to Close", "general",
                 is_default=d),
        FieldDef("reasons_lost", "checkboxes", "Reasons Lost", "general", is_default=d,
                 options=options("reasons_lost", "Price", "Timing", "Competitor", "No Budget")),
        FieldDef("company", "relationship", "Company", "relations",
                 relation=rel(2, True, "companies", "many_to_one", "primary", "deals")),
        FieldDef("contacts", "relationship", "Contacts", "relations",
                 relation=rel(3, True, "client_client", "many_to_many", "additional", "deals")),
        FieldDef("project", "relationship", "Project", "relations",
                 relation=rel(5, False, "projects", "one_to_one", "one_to_one", "deal")),
        FieldDef("priority", "dropdown", "Priority",
                 options=options("priority", "Low", "Medium", "High", "Urgent")),
        FieldDef("deal_type", "radio", "Deal Type",
                 options=options("deal_type", "New Business", "Renewal", "Upsell")),
        FieldDef("lead_tags", "dynamictags", "Lead Tags"),
        FieldDef("next_step", "text", "Next Step"),
        FieldDef("close_notes", "longtext", "Close Notes"),
        FieldDef("seats", "integer", "Seats"),
        FieldDef("discount", "decimal", "Discount"),
        FieldDef("demo_done", "checkbox", "Demo Done"),
        FieldDef("contract", "files", "Contract"),
    ]
    cats = _cats(("general", "Deal"), ("details", "Deal Details"), ("relations", "Relationships"))
    return ObjectDef("deals", "Deals", "Deal", "pipeline", True, "The sales pipeline.", fields,
                     cats)


def projects() -> ObjectDef:
    """A custom object with the remaining types (wysiwyg, choices, selector)."""
    fields = [
        *_base(),
        FieldDef("brief", "wysiwyg", "Brief", meta={"is_markdown": True}),
        FieldDef("segment", "choices", "Segment",
                 options=options("segment", "SMB", "Mid-Market", "Enterprise")),
        FieldDef("region", "selector", "Region",
                 options=options("region", "North", "South", "East", "West")),
        FieldDef("budget", "decimal", "Budget"),
        FieldDef("health", "status", "Health",
                 options=options("health", "On Track", "At Risk", "Off Track")),
        FieldDef("team", "team_selector", "Team Lead"),
        FieldDef("start_date", "date", "Start Date"),
        FieldDef("due", "datetime", "Due"),
        FieldDef("company", "relationship", "Company", "relations",
                 relation=rel(4, True, "companies", "many_to_one", "primary", "projects")),
        FieldDef("deal", "relationship", "Deal", "relations",
                 relation=rel(5, True, "deals", "one_to_one", "one_to_one", "project")),
        FieldDef("attachments", "files", "Attachments"),
        FieldDef("needs_review", "yesnomaybe", "Needs Review",
                 options=options("needs_review", "Yes", "No", "Maybe")),
        FieldDef("priority_rating", "rating", "Priority Rating", rating_max=10,
                 options=rating_options("priority_rating", 10)),
        FieldDef("labels", "checkboxes", "Labels",
                 options=options("labels", "Internal", "Billable", "Fixed Fee", "R&D")),
        FieldDef("secret_code", "text", "Secret Code", "internal", is_hidden=True),
    ]
    cats = _cats(("general", "General"), ("details", "Project Details"),
                 ("relations", "Relationships"), ("internal", "Internal"))
    return ObjectDef("projects", "Projects", "Project", "standard", True,
                     "Delivery projects.", fields, cats)


@cache
def business() -> dict[str, ObjectDef]:
    """The business's objects by api name (built once per process; never mutated)."""
    return finish([contacts(), companies(), deals(), projects()])


def object_by_key(key: str) -> ObjectDef | None:
    """An object by api name or UUID."""
    objs = business()
    return objs.get(key) or next((o for o in objs.values() if o.id == key), None)
