"""Command palette provider: every object of the business ("Open object: Deals")."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from kizen_tui.domain.text import safe_text

if TYPE_CHECKING:
    from kizen_tui.api.models import ObjectDef


class ObjectCommands(Provider):
    """Offers `Open object: <name>` for every known object."""

    def _objects(self) -> list[ObjectDef]:
        schema = getattr(self.app, "schema", None)
        return schema.known_objects() if schema is not None else []

    def _open(self, name: str) -> None:
        from kizen_tui.ui.screens.browse import BrowseScreen

        screen = self.app.screen
        if isinstance(screen, BrowseScreen):
            screen.open_object(name)

    async def discover(self) -> Hits:
        """Every object, for the empty palette."""
        for obj in self._objects():
            label = f"Open object: {safe_text(obj.label, single_line=True)}"
            yield DiscoveryHit(Text(label), partial(self._open, obj.name), text=label,
                               help=f"{obj.name} · {obj.object_type or ''}")

    async def search(self, query: str) -> Hits:
        """Objects matching the typed text (display or api name)."""
        matcher = self.matcher(query)
        for obj in self._objects():
            label = f"Open object: {safe_text(obj.label, single_line=True)}"
            score = max(matcher.match(label), matcher.match(obj.name))
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self._open, obj.name),
                          text=label, help=f"{obj.name} · {obj.object_type or ''}")
