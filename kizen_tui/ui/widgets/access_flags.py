"""The record's access flags (View / Edit / Remove), shown prominently."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from kizen_tui.api.models import Access


def access_text(access: Access | None) -> Text:
    """`View ✓  Edit ✗  Remove ✗` with each flag coloured by whether it is allowed."""
    text = Text()
    if access is None:
        return Text("Access: unknown", style="dim")
    for label, allowed in (("View", access.view), ("Edit", access.edit),
                           ("Remove", access.remove)):
        if text:
            text.append("  ")
        mark = "✓" if allowed else "✗"
        style = "bold green" if allowed else "bold red"
        text.append(f" {label} {mark} ", style=f"{style} reverse" if allowed else style)
    return text


class AccessFlags(Static):
    """Shows what the API user may do with the record (its `access` block)."""

    DEFAULT_CSS = """
    AccessFlags { height: 1; width: auto; }
    """

    def show(self, access: Access | None) -> None:
        """Display these flags."""
        self.update(access_text(access))
