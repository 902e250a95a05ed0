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

When only the enabled state of some keys changed (the record keys once the first page is
shown, and again when an object is opened) it dims or undims those keys in place instead: that
recompose cost 25-50 ms of the demo's cold start.
"""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

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
        if not self.is_attached:
            return
        signature = self._signature()
        if signature == self._shown_keys:
            return
        if self._shown_keys is not None and self._restyle(self._shown_keys, signature):
            self._shown_keys = signature
            return
        await self.recompose()

    def _restyle(self, old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
        """Dim or undim keys in place when only enabled states changed; False otherwise."""
        if _without_enabled(old) != _without_enabled(new):
            return False
        enabled: dict[str, bool] = {}
        for binding, on, _tooltip in new[0]:
            enabled.setdefault(binding.action, on)  # a key shows its action's first binding
        if new[1] is not None:
            enabled.setdefault(new[1][0].action, new[1][1])
        for key in self.query(FooterKey):
            on = enabled.get(key.action)
            if on is None:
                return False
            # What FooterKey.__init__ does with `disabled` (textual 8.2.8).
            key._disabled = not on
            key.set_class(not on, "-disabled")
        return True

    def compose(self) -> Any:
        """Textual's keys; remembers which bindings they show.

        Textual's footer composes empty and recomposes on the screen's first bindings signal
        (20-50 ms of the demo's cold start); this one shows the keys at once when the screen's
        bindings can be read already (the signal then only confirms them).
        """
        if not self._bindings_ready:
            try:
                self._signature()
            except NoMatches:  # a check_action that needs widgets that are not mounted yet
                self._shown_keys = None
                return
            self.set_reactive(TextualFooter._bindings_ready, True)
        self._shown_keys = self._signature()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and "compact" in (widget._reactive_connect or {}):
                # A key data-bound to the footer's `compact` (all but the palette key) that
                # starts with the other value restyles itself twice as it mounts: 26 restyles
                # per compose. It starts with the footer's value instead.
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

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


def _without_enabled(signature: tuple[Any, ...]) -> tuple[Any, ...]:
    """A footer signature with the enabled flags left out (what a restyle cannot change)."""
    shown, palette, enabled_palette = signature
    return (tuple((binding, tooltip) for binding, _on, tooltip in shown),
            (palette[0], palette[2]) if palette else None, enabled_palette)
