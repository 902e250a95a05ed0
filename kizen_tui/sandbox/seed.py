"""Deterministic seed data, and the names and ids of the special records tests look for.

Special records have fixed ids (independent of `--seed`) and names that sort before every
generated name (NOCASE ordering puts escape characters and `[` before letters, and no generated
name starts with "Aa"), so they appear on the first page of a name-sorted list. Every object
holds `records` records; contacts hold at least `BIG_RELATIONSHIP_SIZE + 20` so that the company
`BIG_RELATIONSHIP_RECORD_NAME` can have more than 100 of them and be summarised.
"""

from __future__ import annotations

import random
from typing import Any

from kizen_tui.sandbox import seeddata
from kizen_tui.sandbox.schema import ObjectDef, uid
from kizen_tui.sandbox.seedlinks import link_rows, multi_rows, stage_history_rows
from kizen_tui.sandbox.store import Store

MARKUP_NAME = "[VIP] O'Brien [/]"
MARKUP_BOLD_NAME = "[bold red]x[/]"
ANSI_NAME = "\x1b[31mred\x1b[0m Industries"
OSC_TITLE_NAME = "\x1b]0;pwned\x07 Title Co"
OSC_CLIPBOARD_NAME = "\x1b]52;c;cHduZWQ=\x07 Clipboard Ltd"
EMOJI_NAME = "Aaa 🚀 Emoji 👩‍💻 Co"
CJK_NAME = "Aab 東京ロボット株式会社"
RTL_NAME = "Aac שלום עולם مرحبا Ltd"
#: Company names chosen to break naive terminal rendering, in name order.
HOSTILE_NAMES = [ANSI_NAME, OSC_TITLE_NAME, OSC_CLIPBOARD_NAME, MARKUP_BOLD_NAME, MARKUP_NAME,
                 EMOJI_NAME, CJK_NAME, RTL_NAME]
LONG_TEXT_RECORD_NAME = "Aad Long Text Inc"
LONG_TEXT_FIELD = "description"
LONG_TEXT = ("Lorem ipsum dolor sit amet, [b]not markup[/b] \x1b[7mnot ansi\x1b[0m. "
             * 160)[:10_240]
EMPTY_RECORD_NAME = "Aae Empty Fields LLC"
BIG_RELATIONSHIP_RECORD_NAME = "Aaf Big Holdings"
BIG_RELATIONSHIP_FIELD = "contacts"
BIG_RELATIONSHIP_SIZE = 120
VIEW_ONLY_RECORD_NAME = "Aag View Only Corp"
NOT_REMOVABLE_RECORD_NAME = "Aah Not Removable GmbH"
INVISIBLE_RECORD_NAME = "Aai Invisible Inc"
ARCHIVED_RECORD_NAME = "Archived Acme"
ACME_NAME = "Acme Corporation"

COMPANY_IDS = {key: uid("record", "companies", key) for key in (
    "ansi", "osc_title", "osc_clip", "bold", "vip", "emoji", "cjk", "rtl", "long", "empty", "big",
    "view_only", "not_removable", "invisible", "archived", "acme")}
LONG_TEXT_RECORD_ID = COMPANY_IDS["long"]
EMPTY_RECORD_ID = COMPANY_IDS["empty"]
BIG_RELATIONSHIP_RECORD_ID = COMPANY_IDS["big"]
VIEW_ONLY_RECORD_ID = COMPANY_IDS["view_only"]
NOT_REMOVABLE_RECORD_ID = COMPANY_IDS["not_removable"]
INVISIBLE_RECORD_ID = COMPANY_IDS["invisible"]
ARCHIVED_RECORD_ID = COMPANY_IDS["archived"]
ACME_RECORD_ID = COMPANY_IDS["acme"]

#: Contacts with hostile names: (first_name, last_name, email).
HOSTILE_CONTACTS = [
    ("\x1b[31mred\x1b[0m", "\x1b]0;pwned\x07", "ansi@example.com"),
    (MARKUP_NAME, MARKUP_BOLD_NAME, "vip.obrien@example.com"),
    ("Aaliyah 👩‍💻", "🚀", "emoji@example.com"),
    ("Aami", "山田太郎", "cjk@example.com"),
    ("Aaqil", "عبد الله", "rtl@example.com"),
]
HOSTILE_CONTACT_EMAILS = [email for _, _, email in HOSTILE_CONTACTS]
ARCHIVED_CONTACT_EMAIL = "archived.contact@example.com"
ARCHIVED_CONTACT_ID = uid("record", "client_client", "archived")
ARCHIVED_DEAL_NAME = "Archived Deal"
ARCHIVED_DEAL_ID = uid("record", "deals", "archived")

READ_ONLY_FIELD = "external_id"
"""A companies field with is_read_only true."""
NO_EDIT_ACCESS_FIELD = "credit_limit"
"""A companies field whose access.edit is false."""
HIDDEN_FIELD = "internal_score"
"""A hidden companies field (left out unless include_hidden_fields=true)."""
REQUIRED_FIELDS = {"companies": ["name", "industry"], "deals": ["name"], "projects": ["name"],
                   "client_client": ["email"]}
GROUP_NAMES = ["Key Accounts", "Newsletter", "Q3 Campaign"]
SECONDARY_CAP = 10_000
"""Objects other than companies hold at most this many records unless asked (see counts)."""


def group_id(object_name: str, group_name: str) -> str:
    """The id of a static group of an object (see GROUP_NAMES)."""
    return uid("group", object_name, group_name)


def _company_specials() -> list[dict[str, Any]]:
    software = 0
    rows: list[dict[str, Any]] = []

    def add(key: str, name: str, **extra: Any) -> None:
        created = seeddata.CREATED_FROM + len(rows) * 3_600_000_000
        row = {"id": COMPANY_IDS[key], "f_name": name, "f_industry": software, "f_owner": 0,
               "f_created": created, "f_updated": created + 86_400_000_000}
        rows.append({**row, **extra})

    add("ansi", ANSI_NAME, f_website="\x1b]8;;https://evil.example\x07click\x1b]8;;\x07")
    add("osc_title", OSC_TITLE_NAME, f_about="\x1b]0;pwned\x07")
    add("osc_clip", OSC_CLIPBOARD_NAME, f_description="\x1b]52;c;cHduZWQ=\x07")
    add("bold", MARKUP_BOLD_NAME, f_website="[link=https://evil.example]click[/link]")
    add("vip", MARKUP_NAME, f_about="[VIP] **bold** [/]", f_employee_count=42)
    add("emoji", EMOJI_NAME, f_website="https://🚀.example", f_employee_count=7)
    add("cjk", CJK_NAME, f_description="東京都千代田区丸の内一丁目", f_hq_timezone=11)
    add("rtl", RTL_NAME, f_description="\u202eevil.exe\u202c שלום", f_hq_timezone=12)
    add("long", LONG_TEXT_RECORD_NAME, f_description=LONG_TEXT)
    add("empty", EMPTY_RECORD_NAME, f_owner=None)
    add("big", BIG_RELATIONSHIP_RECORD_NAME, f_employee_count=120, f_tier=0)
    add("view_only", VIEW_ONLY_RECORD_NAME, can_edit=0, can_remove=0)
    add("not_removable", NOT_REMOVABLE_RECORD_NAME, can_remove=0)
    add("invisible", INVISIBLE_RECORD_NAME, can_view=0)
    add("archived", ARCHIVED_RECORD_NAME, archived=1)
    add("acme", ACME_NAME, f_industry=1, f_employee_count=500)
    return rows


def _contact_specials() -> list[dict[str, Any]]:
    rows = []
    for i, (first, last, email) in enumerate(HOSTILE_CONTACTS):
        rows.append({"id": uid("record", "client_client", email), "f_first_name": first,
                     "f_last_name": last, "f_email": email, "f_email_status": 0,
                     "f_created": seeddata.CREATED_FROM + i * 3_600_000_000})
    rows.append({"id": ARCHIVED_CONTACT_ID, "f_first_name": "Archie", "f_last_name": "Archived",
                 "f_email": ARCHIVED_CONTACT_EMAIL, "archived": 1, "f_email_status": 1,
                 "f_created": seeddata.CREATED_FROM})
    for row in rows:
        row["f_updated"] = row["f_created"]
    return rows


def specials(obj: ObjectDef) -> list[dict[str, Any]]:
    """The special records of an object, as column dicts."""
    if obj.name == "companies":
        return _company_specials()
    if obj.name == "client_client":
        return _contact_specials()
    if obj.name == "deals":
        start = seeddata.CREATED_FROM
        return [{"id": ARCHIVED_DEAL_ID, "f_name": ARCHIVED_DEAL_NAME, "archived": 1, "f_stage": 0,
                 "f_created": start, "f_updated": start, "stage_entered": start}]
    return []


def counts(records: int, object_records: dict[str, int] | None = None) -> dict[str, int]:
    """How many records each object holds.

    `records` is the size of `companies` and, up to SECONDARY_CAP, of the other objects: a
    100,000-record demo then holds one big object (what the benchmarks page through) instead of
    four, keeping the in-process database near 60 MB rather than 250 MB. `object_records`
    overrides any object's size. Contacts never drop below BIG_RELATIONSHIP_SIZE + 20.
    """
    secondary = min(records, SECONDARY_CAP)
    sizes = {"companies": records, "deals": secondary, "projects": secondary,
             "client_client": secondary}
    sizes.update(object_records or {})
    sizes["client_client"] = max(sizes["client_client"], BIG_RELATIONSHIP_SIZE + 20)
    return sizes


def _insert_object(store: Store, obj: ObjectDef, rng: random.Random, total: int) -> int:
    """Insert the special and ordinary records of one object; returns the number inserted."""
    rows = specials(obj)
    n = max(total - len(rows), 0)
    cols = seeddata.columns(obj, rng, n)
    flags = {
        "archived": [1 if rng.random() < 0.02 else 0 for _ in range(n)],
        "can_edit": [0 if rng.random() < 0.02 else 1 for _ in range(n)],
        "n_activities": rng.choices(range(6), k=n), "n_team": rng.choices(range(4), k=n),
        "lead_sources": rng.choices([None, *seeddata.LEAD_SOURCES], k=n),
        "n_addresses": rng.choices(range(3), k=n),
    }
    if obj.object_type == "pipeline":
        flags["stage_entered"] = [c + int(rng.random() * 60 * 86_400_000_000)
                                  for c in cols["f_created"]]
    names = ["id", *flags, *cols]
    for row in rows:  # specials fill the same column list; missing ones stay blank
        row.setdefault("f_owner", None)
    with store.transaction() as conn:
        for row in rows:
            store.insert(obj, row)
        ids = [seeddata.fast_uuid(rng) for _ in range(n)]
        data = zip(ids, *flags.values(), *cols.values(), strict=True)
        marks = ",".join("?" * len(names))
        quoted = ",".join(f'"{c}"' for c in names)
        conn.executemany(f'INSERT INTO "{obj.table}" ({quoted}) VALUES ({marks})', data)
        if obj.is_contacts:
            conn.execute(f'UPDATE "{obj.table}" SET suppressed = 1 WHERE f_email_status = 3')
    return len(rows) + n


def _insert_side_data(store: Store, rng: random.Random) -> None:
    """Dynamic tags and uploaded files."""
    with store.transaction() as conn:
        for obj in store.objects.values():
            for fd in obj.fields:
                if fd.field_type == "dynamictags":
                    names = list(seeddata.TAG_NAMES)
                    if fd.name == "keywords":
                        names += seeddata.HOSTILE_TAGS
                    conn.executemany("INSERT INTO tags (id, fno, name) VALUES (?, ?, ?)",
                                     [(uid("tag", fd.id, n), fd.no, n) for n in names])
        files = [(uid("file", i), f"document-{i:03d}.pdf", 1000 + rng.randint(0, 900_000),
                  "application/pdf") for i in range(1, 201)]
        conn.executemany("INSERT INTO files (id, name, size_bytes, content_type) "
                         "VALUES (?, ?, ?, ?)", files)


def seed(store: Store, *, records: int = 500, seed: int = 0,
         object_records: dict[str, int] | None = None) -> None:
    """Fill an empty store with the deterministic business data (sizes: see `counts`)."""
    _insert_side_data(store, random.Random(f"{seed}:side"))
    wanted = counts(records, object_records)
    sizes = {}
    for obj in store.objects.values():
        sizes[obj.name] = _insert_object(store, obj, random.Random(f"{seed}:{obj.name}"),
                                         wanted[obj.name])
    rng = random.Random(f"{seed}:links")
    with store.transaction() as conn:
        conn.executemany("INSERT INTO mv VALUES (?, ?, ?, ?)", multi_rows(store, sizes, rng))
        conn.executemany("INSERT INTO links VALUES (?, ?, ?, ?)", link_rows(store, sizes, rng))
        conn.executemany("INSERT INTO stage_history VALUES (?, ?, ?, ?)",
                         stage_history_rows(store, rng))
        for obj in store.objects.values():
            for gi, name in enumerate(GROUP_NAMES):
                gid = group_id(obj.name, name)
                conn.execute("INSERT INTO grp VALUES (?, ?, ?)", (gid, obj.name, name))
                share = (0.1, 0.2, 0.05)[gi]
                members = [(gid, rid) for rid in range(1, sizes[obj.name] + 1)
                           if rng.random() < share]
                conn.executemany("INSERT INTO grp_member VALUES (?, ?)", members)
    store.finish_load()
    store.set_meta("seeded", f"records={records} seed={seed}")
