"""The body of a full update (PUT) from a draft.

Kizen's PUT "updates a record using a full update pattern": unlike PATCH, the server requires
every required field in the body. So a PUT body is the draft's PATCH entries (the changes,
written exactly as a PATCH writes them) followed by every other required field with the value
the record has now. A required multi-value field that is not changed is repeated as
`add_values` of its current items, which adds nothing; one whose values are summarized (too
many to list) cannot be repeated and is left out, as is a required field with no value: the
server's "required" error then names it.
"""

from __future__ import annotations

from typing import Any

from kizen_tui.domain.drafts import RecordDraft


def put_fields(draft: RecordDraft) -> tuple[list[dict[str, Any]], list[str]]:
    """The `fields` list of a PUT body, and the field name of each entry (to map the server's
    positional errors back, see `RecordDraft.map_errors`)."""
    entries = draft.to_patch()
    order = list(draft.sent_order)
    for field in draft.fields:
        name = field.name
        if not field.is_required or name in order or draft.is_summarized(name):
            continue
        value, codec = draft.value(name), draft.codec(name)
        if value is None or value == [] or value == "":
            continue
        if codec.is_multi:
            entry = {"name": name, "add_values": [codec.item_to_wire(i) for i in value]}
        else:
            entry = {"name": name, "value": codec.to_wire(value)}
        entries.append(entry)
        order.append(name)
    return entries, order
