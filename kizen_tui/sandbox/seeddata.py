"""Bulk generation of ordinary (non-special) records, column by column for speed.

Every generator draws from a `random.Random` seeded by the caller, so the data are identical for
the same `--seed`. No generated name starts with "Aa", so the special records of `seed.py` (named
"Aa…", or starting with markup or escape characters) sort first by name.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from kizen_tui.sandbox import timeutil
from kizen_tui.sandbox.schema import OPTION_TYPES, FieldDef, ObjectDef


def _words(text: str) -> list[str]:
    return text.split()


WORDS_A = _words("""
Apex Birch Cobalt Delta Ember Falcon Granite Harbor Indigo Juniper Kestrel Lumen Maple Nimbus
Onyx Pioneer Quartz Raven Summit Tidal Umber Vertex Willow Xenon Yarrow Zephyr Beacon Cedar
Drift Evergreen Fjord Glacier Horizon Iris Jade Keystone Lantern Meridian North Orchid Prairie
Quill Ridge Sierra Timber Unity Valley Wren Yukon Zenith Brook Canyon Dune Echo Flint Grove
Haven Ivory Jasper
""")
WORDS_B = _words("""
Analytics Bio Capital Dynamics Energy Foods Group Health Industries Jets Kinetics Labs Logistics
Media Networks Optics Partners Quantum Robotics Systems Textiles Utilities Ventures Works
Aerospace Brands Chemicals Devices Engineering Finance Games Holdings Instruments Metals Motors
Pharma Retail Software Solutions Studios Telecom Travel Water
""")
SUFFIXES = ["Inc", "LLC", "Ltd", "GmbH", "Corp", "Co", "SA", "AB", "PLC", "Pty", "BV", "KK"]
FIRST = _words("""
Ada Ben Chloe Diego Elena Farah Gustav Hana Ines Jamal Kira Liam Maya Nils Olga Pablo Quinn Rosa
Sami Tara Umar Vera Wei Xavier Yara Zane Bianca Carlos Dmitri Eva Felix Greta Hugo Ivy Jonas
Leila Marco Nadia Oscar Priya Rafael Sofia Tomas Uma Viktor Wanda Yusuf Zoe
""")
LAST = _words("""
Anders Brown Chen Dubois Evans Fischer Garcia Hansen Ito Jensen Kowalski Lopez Muller Nakamura
Olsen Petrov Quispe Rossi Schmidt Tanaka Ueda Vargas Weber Xu Yilmaz Zimmermann Bauer Costa
Dalton Ekstrom Ferreira Gomez Horvat Ivanova Jovanovic Kim Larsen Moreau Novak Ortiz
""")
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"]
PRODUCTS = ["Platform", "Renewal", "Expansion", "Pilot", "Licences", "Support", "Onboarding"]
VERBS = ["Migrate", "Launch", "Audit", "Redesign", "Automate", "Integrate", "Consolidate"]
SENTENCES = [
    "Met at the spring conference.", "Prefers email over calls.",
    "Budget approved for next quarter.", "Waiting on legal review.",
    "Champion left the company; find a new sponsor.", "Asked for a security questionnaire.",
]
MARKDOWN = ["**Key account.** Quarterly reviews.", "# Notes\n\n- renewal in Q3\n- expand seats",
            "_Handle with care_: see ticket 4521."]
TAG_NAMES = ["hot lead", "newsletter", "webinar", "partner", "trial", "churn risk", "enterprise",
             "smb", "referral", "event", "inbound", "outbound", "priority", "follow up",
             "decision maker", "influencer", "budget holder", "technical", "legal", "finance"]
#: Tags with hostile names, given to one company's keywords.
HOSTILE_TAGS = ["[red]tag[/]", "\x1b[1mbold-tag\x1b[0m", "标签"]
LEAD_SOURCES = ["organic_search", "direct_traffic", "site_referral", "google_ads", "social", "utm"]
START = date(2023, 1, 1)
DAYS = [(START + timedelta(days=i)).isoformat() for i in range(3 * 365)]
#: Birthdays are drawn as day offsets from 1960-01-01 (formatting all 14,600 up front cost 14 ms
#: of every start-up, demo included).
BIRTHDAY_DAYS = range(40 * 365)
CREATED_FROM = timeutil.to_us(timeutil.from_us(0).replace(year=2023))
CREATED_SPAN = 3 * 365 * 86_400 * 1_000_000


def fast_uuid(rng: random.Random) -> str:
    """A random version-4 UUID string from `rng` (deterministic for a seeded generator)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def with_blanks(rng: random.Random, values: list[Any], blank: float) -> list[Any]:
    """Replace a share `blank` of the values by None."""
    rnd = rng.random
    return [None if rnd() < blank else v for v in values]


def ints(rng: random.Random, lo: int, hi: int, n: int) -> list[int]:
    """`n` integers drawn uniformly from lo..hi (faster than `randint` per value)."""
    rnd, span = rng.random, hi - lo + 1
    return [lo + int(rnd() * span) for _ in range(n)]


def amounts(rng: random.Random, lo: float, hi: float, n: int) -> list[float]:
    """`n` amounts with two decimals drawn uniformly from lo..hi."""
    rnd, lo_c, span = rng.random, int(lo * 100), int((hi - lo) * 100)
    return [(lo_c + int(rnd() * span)) / 100 for _ in range(n)]


def unique_names(rng: random.Random, n: int, parts: list[list[str]]) -> list[str]:
    """`n` distinct names made of one word from each list (numbered when they collide)."""
    seen: set[str] = set()
    out = []
    for i, words in enumerate(zip(*(rng.choices(p, k=n) for p in parts), strict=True)):
        name = " ".join(words)
        if name in seen:
            name = f"{name} {i}"
        seen.add(name)
        out.append(name)
    return out


def names_for(obj: ObjectDef, rng: random.Random, n: int) -> list[str]:
    """Identifier values (names) of `n` ordinary records of `obj`."""
    if obj.name == "companies":
        return unique_names(rng, n, [WORDS_A, WORDS_B, SUFFIXES])
    pick = rng.choices
    if obj.name == "deals":
        return [f"{a} {p} #{i + 1}" for i, (a, p) in
                enumerate(zip(pick(WORDS_A, k=n), pick(PRODUCTS, k=n), strict=True))]
    return [f"{v} {a} {b} {i + 1}" for i, (v, a, b) in
            enumerate(zip(pick(VERBS, k=n), pick(WORDS_A, k=n), pick(WORDS_B, k=n), strict=True))]


def by_type(fd: FieldDef, rng: random.Random, n: int) -> list[Any]:
    """Stored values of a column field for `n` records, by field type."""
    kind, pick = fd.field_type, rng.choices
    if kind == "datetime":
        rnd = rng.random
        return [CREATED_FROM + int(rnd() * CREATED_SPAN) for _ in range(n)]
    if kind == "date":
        return with_blanks(rng, pick(DAYS, k=n), 0.3)
    if kind == "integer":
        return with_blanks(rng, ints(rng, 1, 50_000, n), 0.15)
    if kind == "decimal":
        return with_blanks(rng, amounts(rng, 0, 100, n), 0.2)
    if kind == "money":
        return with_blanks(rng, amounts(rng, 500, 500_000, n), 0.2)
    if kind == "checkbox":
        return pick([0, 1, None], k=n)
    if kind == "rating":
        return with_blanks(rng, pick(range(1, fd.rating_max + 1), k=n), 0.3)
    if kind in OPTION_TYPES or kind == "timezone":
        return with_blanks(rng, pick(range(len(fd.options)), k=n), 0.2)
    if kind == "team_selector":
        return with_blanks(rng, pick(range(7), k=n), 0.1)
    if kind == "phonenumber":
        return with_blanks(rng, [f"+1312555{v:04d}" for v in ints(rng, 0, 9999, n)], 0.3)
    if kind in ("wysiwyg",) or fd.meta.get("is_markdown"):
        return with_blanks(rng, pick(MARKDOWN, k=n), 0.5)
    if kind == "longtext":
        return with_blanks(rng, pick(SENTENCES, k=n), 0.5)
    if kind == "email":
        domains = rng.choices(DOMAINS, k=n)
        return with_blanks(rng, [f"billing{i}@{d}" for i, d in enumerate(domains)], 0.3)
    return with_blanks(rng, [f"{a} {b}" for a, b in zip(rng.choices(WORDS_A, k=n),
                                                         rng.choices(WORDS_B, k=n), strict=True)],
                       0.4)


def by_name(obj: ObjectDef, fd: FieldDef, rng: random.Random, n: int,
            firsts: list[str], lasts: list[str]) -> list[Any] | None:
    """Stored values of the fields whose name (not type) decides their content."""
    name = fd.name
    if name == "first_name":
        return firsts
    if name == "last_name":
        return lasts
    if name == "email" and obj.is_contacts:
        return [f"{f}.{last}.{i + 1}@{d}".lower() for i, (f, last, d) in
                enumerate(zip(firsts, lasts, rng.choices(DOMAINS, k=n), strict=True))]
    if name == "birthday":
        born = date(1960, 1, 1)
        days = rng.choices(BIRTHDAY_DAYS, k=n)  # the same draws as from a list of that length
        return with_blanks(rng, [(born + timedelta(days=d)).isoformat() for d in days], 0.4)
    if name == "website":
        return with_blanks(rng, [f"https://{w.lower()}.example.com" for w in
                                 rng.choices(WORDS_A, k=n)], 0.3)
    if name == "external_id":
        return [f"EXT-{i + 1:06d}" for i in range(n)]
    if name == "percentage_chance_to_close":
        return with_blanks(rng, amounts(rng, 0, 1, n), 0.1)
    if name == "email_status":
        return rng.choices(range(4), weights=[70, 20, 7, 3], k=n)
    if name in ("internal_notes", "secret_code", "salary_band"):
        return with_blanks(rng, [f"internal-{v}" for v in ints(rng, 100, 999, n)], 0.5)
    return None


def columns(obj: ObjectDef, rng: random.Random, n: int) -> dict[str, list[Any]]:
    """All column values of `n` ordinary records of `obj`, keyed by column name."""
    firsts, lasts = rng.choices(FIRST, k=n), rng.choices(LAST, k=n)
    cols: dict[str, list[Any]] = {}
    for fd in obj.fields:
        if not fd.column:
            continue
        if fd.name == "name":
            cols[fd.column] = names_for(obj, rng, n)
        elif fd.name == "updated":
            rnd = rng.random
            cols[fd.column] = [c + int(rnd() * 90 * 86_400_000_000) for c in cols["f_created"]]
        elif fd.is_stage:
            cols[fd.column] = rng.choices(range(len(fd.options)), weights=[5, 4, 3, 2, 3, 3], k=n)
        else:
            special = by_name(obj, fd, rng, n, firsts, lasts)
            cols[fd.column] = special if special is not None else by_type(fd, rng, n)
        if fd.is_required:
            cols[fd.column] = [0 if v is None else v for v in cols[fd.column]]
    return cols
