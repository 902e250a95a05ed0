"""Command palette provider of the browse screen: saved views, copy-as formats, groups.

`Open view: Hot deals` for every saved view of the profile, `Copy query as …` for each copy
format, and `Filter by Kizen group ids…`. Actions that have keys (save view, views, clear
filter, ...) are in the palette already, from the screen's bindings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from kizen_tui.domain.text import safe_text

if TYPE_CHECKING:
    from kizen_tui.ui.screens.filter_actions import FilterActions

_COPY_COMMANDS = (
    ("json", "Copy query as JSON (search request body)"),
    ("curl", "Copy query as curl command"),
    ("spec", "Copy query as Kizen CLI filter spec"),
    ("query", "Copy query as one-line filter"),
)


class ViewCommands(Provider):
    """Saved views and the filter commands that have no key of their own."""

    def _target(self) -> FilterActions | None:
        from kizen_tui.ui.screens.filter_actions import FilterActions

        screen = self.screen
        return screen if isinstance(screen, FilterActions) else None

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        target = self._target()
        if target is None:
            return
        from kizen_tui.config import views as store

        app = target.app
        loaded = store.list_views(profile=app.profile, paths=app.settings.paths)
        for view in loaded.value:
            label = f"Open view: {safe_text(view.name, single_line=True)}"
            yield label, partial(target.open_view, view), f"saved view of {view.object}"
        for key, label in _COPY_COMMANDS:
            yield label, partial(target.copy_query_as, key), "to the clipboard (OSC 52)"
        yield ("Filter by Kizen group ids…", target.action_filter_groups,
               "group_id / in_group_ids / not_in_group_ids")

    async def discover(self) -> Hits:
        """Every command, for the empty palette."""
        for label, run, help_text in self._commands():
            yield DiscoveryHit(Text(label), run, text=label, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands matching the typed text."""
        matcher = self.matcher(query)
        for label, run, help_text in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), run, text=label, help=help_text)
