"""Records search: filters, text search, groups and ordering compiled to one SQL query.

Choices where API-NOTES is silent [I]:
- `ordering` takes api names of single-value fields (a field UUID or `"custom"::<uuid>` works
  too), comma-separated, `-` for descending (Django REST framework style); unknown or
  unsortable names (lists, relationships) are dropped silently, as DRF's
  OrderingFilter does. Ties are broken by record id (ascending) so paging is stable. Blank values
  sort last ascending and first descending (PostgreSQL's default). Text sorts case-insensitively.
  Default ordering: `name` (contacts: `first_name`, `last_name`).
- `search` is split on whitespace; every term must match (case-insensitive substring) one of
  the searched fields: `name`, or for contacts email, first/last name and the three phones.
- Problems in the body (bad filters, both `field_names` and `field_ids`, ...) answer 400 with the
  list envelope and a non-empty `errors` array:
  `{"count": 0, "next": null, "previous": null, "results": [], "errors": ["..."]}`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kizen_tui.sandbox.filterkinds import _like_escape
from kizen_tui.sandbox.filterops import FilterError
from kizen_tui.sandbox.filters import compile_where
from kizen_tui.sandbox.indexes import ID_PREFIX, count_index, walk_index
from kizen_tui.sandbox.schema import TEXT_TYPES, FieldDef, ObjectDef
from kizen_tui.sandbox.store import Store

CONTACT_SEARCH = ["email", "first_name", "last_name", "home_phone", "mobile_phone",
                  "business_phone"]
_NEVER_NULL = {"name", "created", "updated"}
_COLUMN_RE = re.compile(r't\."([^"]+)"')
_BARE_RE = re.compile(r"\bt\.(\w+)")
#: Columns every search index holds or implies (partial indexes imply the live condition).
_IN_EVERY_INDEX = frozenset({"archived", "can_view", "rid"})


@dataclass
class SearchQuery:
    """A compiled search: WHERE clause, its parameters and ORDER BY."""

    where: str
    params: list[Any] = field(default_factory=list)
    order: str = "t.id"
    lead: str | None = None
    """The column the ordering sorts by first."""

    @property
    def columns(self) -> frozenset[str] | None:
        """The field columns the WHERE clause reads (what an index must hold to answer it
        alone: every index holds the rid), or None when it reads others (stage times)."""
        if any(name not in _IN_EVERY_INDEX for name in _BARE_RE.findall(self.where)):
            return None
        return frozenset(_COLUMN_RE.findall(self.where))


def _names_or_ids(obj: ObjectDef, body: dict[str, Any], names_key: str,
                  ids_key: str) -> list[FieldDef] | None:
    """Fields given by api names or by ids in the body (None when neither is given)."""
    names, ids = body.get(names_key), body.get(ids_key)
    if names and ids:
        raise FilterError(f"Only one of '{names_key}' or '{ids_key}' is allowed.")
    wanted = names or ids
    if not wanted:
        return None
    if not isinstance(wanted, list):
        raise FilterError(f"'{names_key if names else ids_key}' must be a list.")
    index = obj.by_name if names else obj.by_id
    out = [index[k] for k in wanted if isinstance(k, str) and k in index]
    return [fd for fd in out if fd.can_view]


def trimmed_fields(obj: ObjectDef, body: dict[str, Any]) -> list[FieldDef]:
    """The fields search rows carry: `field_names`/`field_ids`, else all non-hidden fields."""
    chosen = _names_or_ids(obj, body, "field_names", "field_ids")
    if chosen is None:
        return [fd for fd in obj.visible_fields if not fd.is_hidden]
    return sorted(set(chosen), key=lambda fd: fd.order)


def _text_search(obj: ObjectDef, term: str, body: dict[str, Any],
                 params: list[Any]) -> str:
    within = _names_or_ids(obj, body, "search_within_field_names", "search_within_field_ids")
    fields = [fd for fd in within or [] if fd.column and fd.field_type in TEXT_TYPES]
    if not fields:
        names = CONTACT_SEARCH if obj.is_contacts else ["name"]
        fields = [obj.by_name[n] for n in names]
    clauses = []
    for word in re.split(r"[\s,]+", term.strip()):
        if not word:
            continue
        pattern = f"%{_like_escape(word)}%"
        ors = []
        for fd in fields:
            ors.append(f"t.\"{fd.column}\" LIKE ? ESCAPE '\\'")
            params.append(pattern)
        clauses.append("(" + " OR ".join(ors) + ")")
    return " AND ".join(clauses)


def _groups(obj: ObjectDef, qp: dict[str, str], params: list[Any]) -> list[str]:
    scoped = "SELECT rid FROM grp_member WHERE gid IN (SELECT id FROM grp WHERE obj = ? AND id IN"
    out = []
    if qp.get("group_id"):
        out.append(f"t.rid IN ({scoped} (?)))")
        params += [obj.name, qp["group_id"]]
    inside = [g for g in (qp.get("in_group_ids") or "").split(",") if g.strip()]
    outside = [g for g in (qp.get("not_in_group_ids") or "").split(",") if g.strip()]
    if inside or outside:  # in_group_ids wins when both are given (API-NOTES §2.6)
        ids = [g.strip() for g in inside or outside]
        sql = f"t.rid IN ({scoped} ({','.join('?' * len(ids))})))"
        out.append(sql if inside else f"NOT ({sql})")
        params += [obj.name, *ids]
    return out


def _order_terms(obj: ObjectDef, ordering: str) -> list[tuple[str, str]]:
    """(column, ORDER BY term) of each usable name of an `ordering` parameter."""
    terms = []
    for raw in ordering.split(","):
        name = raw.strip()
        desc = name.startswith("-")
        fd = obj.get_field(name.lstrip("-").removeprefix('"custom"::'))
        if fd is None or not fd.column:
            continue
        expr = f't."{fd.column}"'
        if fd.field_type in TEXT_TYPES and fd.name != "name":
            expr += " COLLATE NOCASE"
        nulls = "" if fd.name in _NEVER_NULL else (" NULLS FIRST" if desc else " NULLS LAST")
        terms.append((fd.column, f"{expr} {'DESC' if desc else 'ASC'}{nulls}"))
    return terms


def order_by(obj: ObjectDef, ordering: str | None) -> tuple[str, str | None]:
    """The ORDER BY clause of an `ordering` parameter (ties broken by record id), and the column
    it sorts by first."""
    default = "first_name,last_name" if obj.is_contacts else "name"
    terms = _order_terms(obj, ordering or "") or _order_terms(obj, default)
    # The id prefix changes nothing (see indexes.ID_PREFIX) but lets an index walk skip sorting.
    lead = terms[0][0] if terms else None
    return ", ".join([*(term for _, term in terms), ID_PREFIX, "t.id"]), lead


def compile_search(store: Store, obj: ObjectDef, qp: dict[str, str],
                   body: dict[str, Any]) -> SearchQuery:
    """Compile a search request (query parameters and body); raises FilterError."""
    where, params = compile_where(store, obj, body)
    clauses = ["t.archived = 0", "t.can_view = 1", where]
    if qp.get("search", "").strip():
        text = _text_search(obj, qp["search"], body, params)
        if text:
            clauses.append(text)
    clauses += _groups(obj, qp, params)
    trimmed_fields(obj, body)  # validates field_names / field_ids
    _names_or_ids(obj, body, "search_within_field_names", "search_within_field_ids")
    order, lead = order_by(obj, qp.get("ordering"))
    return SearchQuery(" AND ".join(clauses), params, order, lead)


def count(store: Store, obj: ObjectDef, q: SearchQuery) -> int:
    """How many records match (reading only an index when one holds every column needed)."""
    columns = q.columns
    index = count_index(store.indexes(obj), columns) if columns is not None else None
    hint = f' INDEXED BY "{index.name}"' if index else ""
    return store.count(f'SELECT COUNT(*) FROM "{obj.table}" AS t{hint} WHERE {q.where}',
                       q.params)


#: From this offset on, pages are sliced from the query's whole ordering (`Store.ordered_rids`).
DEEP_OFFSET = 5_000


def page_rids(store: Store, obj: ObjectDef, q: SearchQuery, limit: int, offset: int,
              matches: int | None = None) -> list[int]:
    """The rids of one page of matches, in order (`matches`: the count, if known)."""
    if matches is None:
        matches = count(store, obj, q)
    if offset >= matches:
        return []
    if offset >= DEEP_OFFSET:
        # Reading every match, a scan and one sort beats walking the ORDER BY index (~90 vs
        # ~150 ms at 100,000 records).
        every = (f'SELECT t.rid FROM "{obj.table}" AS t NOT INDEXED WHERE {q.where} '
                 f"ORDER BY {q.order}")
        return list(store.ordered_rids(every, q.params)[offset:offset + limit])
    sql = f"WHERE {q.where} ORDER BY {q.order} LIMIT ? OFFSET ?"
    params = [*q.params, limit, offset]
    index = walk_index(store.indexes(obj), q.lead)
    visits = _walk_visits(store, obj, offset + limit, matches) if index else None
    if index is not None and visits is not None:
        # Bounded: when the matches bunch up late in the ordering (a filter on a column that
        # follows the ordering's, like `updated` for `created`), the walk reads far more rows
        # than estimated (80 ms where sorting the matches takes 15). It gives up once it has
        # read what sorting the matches would have (at least half of them) or three times
        # its estimate, so a wrong guess costs at most about twice the better plan.
        budget = max(3 * visits, matches // 2, WALK_MIN_ROWS)
        walked = store.query_bounded(
            f'SELECT t.rid FROM "{obj.table}" AS t INDEXED BY "{index.name}" {sql}', params,
            seconds=budget * ROW_SECONDS)
        if walked is not None:
            return [row[0] for row in walked]
    rows = store.query(f'SELECT t.rid FROM "{obj.table}" AS t {sql}', params)
    return [row[0] for row in rows]


#: Rows a walk of the ordering index may always read before giving up (~3 ms).
WALK_MIN_ROWS = 3_000
#: CPU time to read one row walking an index and test a filter on it (1.0-1.3 µs measured;
#: more for long filters, which makes sorting the matches dearer too).
ROW_SECONDS = 1.2e-6


def _walk_visits(store: Store, obj: ObjectDef, needed: int, matches: int) -> int | None:
    """Rows a walk of the ordering index should read, or None if sorting the matches is cheaper.

    Matches spread evenly along the ordering are `matches / rows` of what the walk reads, so it
    reads about `needed × rows / matches` rows; the alternative reads at least `matches` rows
    and sorts them. The row count is estimated by the highest rid (one index step).
    """
    rows = store.scalar(f'SELECT MAX(rid) FROM "{obj.table}"') or 0
    visits = needed * rows // max(matches, 1)
    return visits if visits <= matches else None
