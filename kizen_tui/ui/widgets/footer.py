"""The footer, rebuilt only when the keys it shows change.

Textual's `Footer` recomposes (unmounts and mounts a `FooterKey` per binding) on every
"bindings updated" signal of its screen, and the screen sends one on each focus change, each
`refresh_bindings()` and each screen switch: 8 recomposes before the first page of the demo
is painted and 3 per page flip, 20-60 ms each. Worse, each `FooterKey` is data-bound to the
footer's `compact` reactive, and Textual only forgets a bound watcher when that reactive
changes, which it never does: every recompose leaked 13 widgets (800 after 20 page flips, and
the garbage collector's full passes grew to 250-600 ms). Measured with `python -m benchmarks`.

`Footer` here is a drop-in replacement (same class name, so the same CSS applies, and Textual's
own DEFAULT_CSS is inherited) that skips a recompose when the shown bindings (and their enabled
state and tooltips) are unchanged, coalesces signals that arrive before the next refresh, and
drops the watchers of the keys it has removed.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

__all__ = ["Footer"]


class Footer(TextualFooter):
    """A footer of key bindings that recomposes only when they change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown_keys: tuple[Any, ...] | None = None
        self._recompose_pending = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """The screen's bindings may have changed: check once, after the next refresh."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._refresh_keys)

    async def _refresh_keys(self) -> None:
        self._recompose_pending = False
        if self.is_attached and self._signature() != self._shown_keys:
            await self.recompose()

    def compose(self) -> Any:
        """Textual's keys; remembers which bindings they show."""
        self._shown_keys = self._signature() if self._bindings_ready else None
        yield from super().compose()

    async def recompose(self) -> None:
        """Rebuild the keys, then forget the watchers the removed keys left behind."""
        await super().recompose()
        self._forget_removed_watchers()

    def _signature(self) -> tuple[Any, ...]:
        """What the keys show: every shown binding, its enabled state and tooltip."""
        bindings = self.screen.active_bindings
        shown = tuple((binding, enabled, tooltip)
                      for (_, binding, enabled, tooltip) in bindings.values() if binding.show)
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return (shown, palette[1:] if palette else None, self.app.ENABLE_COMMAND_PALETTE)

    def _forget_removed_watchers(self) -> None:
        # Textual keeps (node, setter) pairs for data-bound children in `__watchers` and prunes
        # closed nodes only when the watched reactive changes (textual 8.2.8, reactive.py).
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for name, pairs in watchers.items():
            watchers[name] = [(node, setter) for node, setter in pairs
                              if not (node._closing or node._closed)]
