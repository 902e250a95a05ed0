"""The footer recomposes only when the keys it shows change (enabled states are restyled in
place), and leaks no removed keys."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from kizen_tui.ui.widgets.footer import Footer


class FooterApp(App[None]):
    """Two inputs (focus moves between them), a toggle that disables a shown binding (f2) and
    one that hides it (f4)."""

    BINDINGS = [Binding("f2", "flip", "Flip"), Binding("f3", "other", "Other"),
                Binding("f4", "hide", "Hide")]
    y_enabled = True
    y_shown = True

    def compose(self) -> ComposeResult:
        yield Input(id="a")
        yield Input(id="b")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "other":
            if not self.y_shown:
                return False  # not in the footer at all
            return True if self.y_enabled else None  # None: shown, disabled
        return True

    def action_flip(self) -> None:
        self.y_enabled = not self.y_enabled
        self.refresh_bindings()

    def action_hide(self) -> None:
        self.y_shown = not self.y_shown
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


async def test_a_changed_enabled_state_restyles_the_key_in_place() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        keys = list(app.query(FooterKey))
        calls = count_recomposes(footer)
        await pilot.press("f2")
        await pilot.pause()
        assert calls == []
        assert ("f3", True) in key_labels(app)  # shown disabled now
        other = next(k for k in app.query(FooterKey) if k.key == "f3")
        assert other._disabled  # a click on it rings the bell instead of running the action
        await pilot.press("f2")
        await pilot.pause()
        assert ("f3", False) in key_labels(app) and not other._disabled
        assert list(app.query(FooterKey)) == keys and calls == []


async def test_changed_bindings_recompose_once_and_show_the_change() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        calls = count_recomposes(footer)
        await pilot.press("f4")
        await pilot.pause()
        assert len(calls) == 1
        assert "f3" not in [k for k, _ in key_labels(app)]
        await pilot.press("f2", "f4")  # disabled while hidden, then shown again
        await pilot.pause()
        assert len(calls) == 2
        assert ("f3", True) in key_labels(app)


async def test_removed_keys_are_not_kept_alive_by_data_binding() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        for _ in range(5):
            await pilot.press("f4")
            await pilot.pause()
        watchers = getattr(footer, "__watchers")["compact"]
        live = list(app.query(FooterKey))
        assert len(watchers) <= len(live)
        assert all(node in live for node, _ in watchers)
