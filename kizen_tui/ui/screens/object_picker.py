"""The object picker: fuzzy over display and api names, recently used first, type shown."""

from __future__ import annotations

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, Label, LoadingIndicator, OptionList
from textual.widgets.option_list import Option

from kizen_tui.api import KizenError
from kizen_tui.api.models import ObjectDef
from kizen_tui.config import SavedView, list_views
from kizen_tui.domain.text import safe_text
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.screens.views import view_prompt


def rank_objects(objects: list[ObjectDef], text: str, recent: list[str]) -> list[ObjectDef]:
    """Objects matching `text` (fuzzy over display and api name), best first.

    With no text, recently used objects come first (most recent first), then the rest by name.
    """
    recency = {name: i for i, name in enumerate(recent)}
    if not text.strip():
        return sorted(objects, key=lambda o: (recency.get(o.name, len(recency)), o.label.lower()))
    matcher = Matcher(text)
    scored = []
    for obj in objects:
        score = max(matcher.match(obj.label), matcher.match(obj.name))
        if score > 0:
            # A small bonus keeps recent objects ahead among similar matches.
            bonus = 0.05 if obj.name in recency else 0.0
            scored.append((score + bonus, obj))
    scored.sort(key=lambda pair: (-pair[0], pair[1].label.lower()))
    return [obj for _, obj in scored]


def object_prompt(obj: ObjectDef, recent: bool) -> Text:
    """`Deals  deals · pipeline` with the api name and type dimmed."""
    text = Text(safe_text(obj.label, single_line=True), style="bold")
    kind = obj.object_type or ("contacts" if obj.is_contacts else "object")
    text.append(f"  {safe_text(obj.name, single_line=True)} · {kind}", style="dim")
    if recent:
        text.append("  recent", style="italic")
    return text


def rank_views(views: list[SavedView], text: str) -> list[SavedView]:
    """Saved views matching `text` (fuzzy over name and object), best first."""
    if not text.strip():
        return list(views)
    matcher = Matcher(text)
    scored = [(max(matcher.match(v.name), matcher.match(v.object)), v) for v in views]
    return [v for score, v in sorted(scored, key=lambda p: -p[0]) if score > 0]


class ObjectPicker(ModalScreen[ObjectDef | SavedView | None]):
    """Pick one object of the business, or a saved view (listed after the objects)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("down", "cursor_down", show=False),
        Binding("up", "cursor_up", show=False),
    ]

    app = getters.app(KizenApp)

    def __init__(self) -> None:
        super().__init__()
        self.objects: list[ObjectDef] = []
        self.views: list[SavedView] = []
        self.shown: list[ObjectDef | SavedView | None] = []
        """What each option stands for (None for the "Saved views" heading)."""

    def compose(self) -> ComposeResult:
        """A search box over a list of objects."""
        with Vertical(classes="dialog", id="object-picker"):
            yield Label("Open object", classes="title")
            yield Input(placeholder="type to filter objects", id="object-filter")
            yield LoadingIndicator(id="objects-loading")
            yield OptionList(id="object-options")

    def on_mount(self) -> None:
        """Load the objects (cached after the first time)."""
        self.query_one("#object-filter", Input).focus()
        self.views = list_views(profile=self.app.profile, paths=self.app.settings.paths).value
        self.load_objects()

    @work(exclusive=True, exit_on_error=False)
    async def load_objects(self) -> None:
        """Fetch every object, contacts included."""
        try:
            self.objects = await self.app.require_schema().objects()
        except KizenError as error:
            self.app.report(error, "Could not list objects")
            self.query_one("#object-options", OptionList).add_option(
                Option(Text(f"⚠ {error}"), disabled=True))
            return
        finally:
            self.query_one("#objects-loading").display = False
        self._refresh_options(self.query_one("#object-filter", Input).value)

    @on(Input.Changed, "#object-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._refresh_options(event.value)

    def _refresh_options(self, text: str) -> None:
        recent = self.app.settings.recent_objects(self.app.profile)
        objects = rank_objects(self.objects, text, recent)
        views = rank_views(self.views, text)
        self.shown = [*objects, *([None, *views] if views else [])]
        options = self.query_one("#object-options", OptionList)
        options.clear_options()
        options.add_options(
            Option(object_prompt(o, o.name in recent), id=o.id) for o in objects)
        if views:
            options.add_option(Option(Text("Saved views", style="bold"), disabled=True))
            options.add_options(Option(view_prompt(v)) for v in views)
        if self.shown:
            options.highlighted = 0 if objects else 1

    @on(Input.Submitted, "#object-filter")
    def _submit(self) -> None:
        options = self.query_one("#object-options", OptionList)
        if options.highlighted is not None and self.shown[options.highlighted] is not None:
            self.dismiss(self.shown[options.highlighted])

    @on(OptionList.OptionSelected, "#object-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index])

    def action_cursor_down(self) -> None:
        """Move the highlight while typing."""
        self.query_one("#object-options", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move the highlight while typing."""
        self.query_one("#object-options", OptionList).action_cursor_up()
