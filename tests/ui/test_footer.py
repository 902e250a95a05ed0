"""The footer recomposes only when the keys it shows change, and leaks no removed keys."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from kizen_tui.ui.widgets.footer import Footer


class FooterApp(App[None]):
    """Two inputs (focus moves between them) and a toggle that changes a shown binding."""

    BINDINGS = [Binding("f2", "flip", "Flip"), Binding("f3", "other", "Other")]
    y_enabled = True

    def compose(self) -> ComposeResult:
        yield Input(id="a")
        yield Input(id="b")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "other":
            return True if self.y_enabled else None  # None: shown, disabled
        return True

    def action_flip(self) -> None:
        self.y_enabled = not self.y_enabled
        self.refresh_bindings()

    def action_other(self) -> None:
        pass


def count_recomposes(footer: Footer) -> list[int]:
    calls: list[int] = []
    original = footer.recompose

    async def counted() -> None:
        calls.append(1)
        await original()

    footer.recompose = counted  # type: ignore[method-assign]
    return calls


def key_labels(app: App[Any]) -> list[tuple[str, bool]]:
    return [(key.key, key.has_class("-disabled")) for key in app.query(FooterKey)]


async def test_unchanged_bindings_do_not_recompose() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        assert [k for k, _ in key_labels(app)][:2] == ["f2", "f3"]
        calls = count_recomposes(footer)
        for target in ("#b", "#a", "#b", "#a"):
            app.query_one(target, Input).focus()
            await pilot.pause()
        app.screen.refresh_bindings()
        await pilot.pause()
        assert calls == []


async def test_changed_bindings_recompose_once_and_show_the_change() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        calls = count_recomposes(footer)
        await pilot.press("f2")
        await pilot.pause()
        assert len(calls) == 1
        assert ("f3", True) in key_labels(app)  # shown disabled now
        await pilot.press("f2")
        await pilot.pause()
        assert ("f3", False) in key_labels(app)


async def test_removed_keys_are_not_kept_alive_by_data_binding() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        for _ in range(5):
            await pilot.press("f2")
            await pilot.pause()
        watchers = getattr(footer, "__watchers")["compact"]
        live = list(app.query(FooterKey))
        assert len(watchers) <= len(live)
        assert all(node in live for node, _ in watchers)
