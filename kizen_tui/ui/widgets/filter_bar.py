"""The filter bar: a one-line query with completion, and the error of the last attempt.

The bar never applies anything itself: Enter posts `FilterBar.Submitted` with the text and the
screen decides (parse, compile, send). Completion comes from the pure `complete()` of the
query language: field names, the operators of the field's type, option labels, `and`/`or`. It
shows in a drop-down under the input while typing; tab (or enter on a highlighted suggestion)
accepts, up/down move, escape closes it (a second escape leaves the bar).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Paste
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.input import Selection
from textual.widgets.option_list import Option

from kizen_tui.domain.filter_example import example_query
from kizen_tui.domain.filter_fields import FieldIndex
from kizen_tui.domain.filters import TagMap
from kizen_tui.domain.text import cell_len, safe_text

if TYPE_CHECKING:
    from kizen_tui.domain.query import Suggestion

#: Most suggestions listed at once (the list scrolls; more would hide the grid).
MAX_SUGGESTIONS = 50


class QueryInput(Input):
    """The bar's input: the completion keys go to the drop-down while it is open."""

    BINDINGS = [
        Binding("tab", "accept", "Complete", show=False),
        Binding("down", "move(1)", "Next suggestion", show=False),
        Binding("up", "move(-1)", "Previous suggestion", show=False),
        Binding("escape", "close", "Close", show=False),
        Binding("enter", "enter", "Apply filter", show=False),
    ]

    @property
    def bar(self) -> FilterBar:
        """The bar this input belongs to."""
        parent = self.parent
        assert isinstance(parent, FilterBar)
        return parent

    def action_accept(self) -> None:
        """Accept the highlighted (or first) suggestion; else tab moves focus as usual."""
        if not self.bar.accept_suggestion(default_first=True):
            raise SkipAction()

    def action_move(self, step: int) -> None:
        """Move the highlight in the drop-down."""
        if not self.bar.move_highlight(step):
            raise SkipAction()

    def action_close(self) -> None:
        """Close the drop-down, or leave the bar when it is closed.

        Leaving cancels the edit: the bar shows the filter the grid has again, so the two
        never disagree, and an error about the abandoned text goes with it.
        """
        if not self.bar.close_suggestions():
            self.bar.revert()
            self.bar.post_message(FilterBar.Left(self.bar))

    def action_enter(self) -> None:
        """Accept a suggestion the user highlighted; else submit the query."""
        if not self.bar.accept_suggestion(default_first=False):
            self.bar.close_suggestions()
            self.bar.post_message(FilterBar.Submitted(self.bar, self.value))

    def _on_paste(self, event: Paste) -> None:
        # A pasted spec spans lines (Input keeps only the first); JSON and queries read the
        # same with spaces between the lines. Textual calls Input._on_paste itself unless
        # prevented, so this replaces it rather than calling it.
        if not event.text or "\n" not in event.text.strip():
            return
        event.prevent_default()
        event.stop()
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)


class FilterBar(Vertical):
    """A query input, its completion drop-down and the error line."""

    DEFAULT_CSS = """
    FilterBar {
        height: auto;
        margin: 0 1;
        & > #filter-input { width: 1fr; }
        & > #filter-suggestions {
            display: none;
            overlay: screen;
            constrain: none inside;
            width: 70;
            height: auto;
            max-height: 12;
            border: tall $border-blurred;
            background: $surface;
        }
        &.-suggesting > #filter-suggestions { display: block; }
        & > #filter-error { display: none; color: $error; height: auto; }
        &.-error > #filter-error { display: block; }
    }
    """

    class _BarMessage(Message):
        """A message from the bar; `control` is the bar."""

        def __init__(self, bar: FilterBar) -> None:
            super().__init__()
            self.bar = bar

        @property
        def control(self) -> FilterBar:
            """The bar."""
            return self.bar

    class Submitted(_BarMessage):
        """Enter in the bar: apply `text` (empty text clears the filter)."""

        def __init__(self, bar: FilterBar, text: str) -> None:
            super().__init__(bar)
            self.text = text

    class Left(_BarMessage):
        """Escape with nothing to close: the user is done with the bar."""

    class Activated(_BarMessage):
        """The input got focus (the screen may load what completion needs)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fields: FieldIndex | None = None
        self.tags: TagMap = {}
        self.suggestions: list[Suggestion] = []
        """What the drop-down offers now (empty when it is closed)."""
        self.error: str = ""
        """The error shown under the bar ('' when none)."""
        self._shown = ""
        self._refused = ""

    def compose(self) -> ComposeResult:
        """The input, the drop-down (an overlay) and the error line."""
        yield QueryInput(placeholder=placeholder(self.fields), id="filter-input", compact=True,
                         select_on_focus=False)
        options = OptionList(id="filter-suggestions")
        options.can_focus = False
        yield options
        yield Static(id="filter-error", markup=False)

    @property
    def input(self) -> QueryInput:
        """The query input."""
        return self.query_one("#filter-input", QueryInput)

    @property
    def dropdown(self) -> OptionList:
        """The suggestion list."""
        return self.query_one("#filter-suggestions", OptionList)

    def set_fields(self, fields: FieldIndex | None, tags: TagMap | None = None) -> None:
        """The fields (and dynamic tag options) completion offers."""
        self.fields = fields
        self.tags = tags or {}
        if self.is_mounted:
            self.input.placeholder = placeholder(fields)

    def show_filter(self, text: str) -> None:
        """Show the active filter's one-line form and clear the error."""
        self._shown = text
        self.input.value = text
        self.input.cursor_position = len(text)
        self.clear_error()
        self.close_suggestions()

    def revert(self) -> None:
        """Put the active filter's text back (dropping unsent edits and their error)."""
        self.show_filter(self._shown)

    def show_error(self, reason: str, position: int | None = None,
                   end: int | None = None) -> None:
        """Show why the text in the bar was refused, with carets under the offending part
        (which is also selected in the input)."""
        self.error = reason
        self._refused = self.input.value
        text = Text()
        if position is not None:
            value = self.input.value
            start = max(0, min(position, len(value)))
            stop = max(start + 1, min(end if end is not None else start + 1, len(value)))
            self.input.selection = Selection(start, min(stop, len(value)))
            text.append(caret_line(value, start, stop, self.input.size.width) + "\n",
                        style="bold")
        text.append("⚠ " + safe_text(reason), style="bold")
        self.query_one("#filter-error", Static).update(text)
        self.set_class(True, "-error")

    def clear_error(self) -> None:
        """Hide the error line."""
        self.error = ""
        self.set_class(False, "-error")

    # -- completion ------------------------------------------------------------------------

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.error and event.value != self._refused:
            # The error and its carets were about the refused text; Enter judges the new one.
            self.clear_error()
        if self.input.has_focus and event.value != self._shown:
            self.update_suggestions()

    @on(Input.Blurred, "#filter-input")
    def _blurred(self, event: Input.Blurred) -> None:
        event.stop()
        self.close_suggestions()

    @on(Input.Submitted, "#filter-input")
    def _swallow_submit(self, event: Input.Submitted) -> None:
        event.stop()  # the bar posts its own Submitted (enter is bound in QueryInput)

    def on_descendant_focus(self) -> None:
        """Tell the screen, which may load tag options for completion."""
        self.post_message(self.Activated(self))

    def update_suggestions(self) -> None:
        """Recompute the suggestions for the text before the cursor."""
        text = self.input.value
        if self.fields is None or text.lstrip()[:1] in ("{", "@"):
            self._set_suggestions([])
            return
        # The query language (parser, completion) loads with the first keystroke here: the
        # bar is on every browse screen, and few sessions type a filter.
        from kizen_tui.domain.query import complete

        found = complete(text, self.input.cursor_position, self.fields, tags=self.tags)
        self._set_suggestions(found[:MAX_SUGGESTIONS])

    def _set_suggestions(self, suggestions: list[Suggestion]) -> None:
        self.suggestions = suggestions
        dropdown = self.dropdown
        dropdown.clear_options()
        dropdown.add_options(Option(_prompt(s)) for s in suggestions)
        dropdown.highlighted = None
        self.set_class(bool(suggestions), "-suggesting")

    def close_suggestions(self) -> bool:
        """Close the drop-down; False if it was not open."""
        was_open = bool(self.suggestions)
        self._set_suggestions([])
        return was_open

    def move_highlight(self, step: int) -> bool:
        """Move the drop-down's highlight; False if it is closed."""
        if not self.suggestions:
            return False
        current = self.dropdown.highlighted
        if current is None:
            target = 0 if step > 0 else len(self.suggestions) - 1
        else:
            target = (current + step) % len(self.suggestions)
        self.dropdown.highlighted = target
        return True

    def accept_suggestion(self, *, default_first: bool) -> bool:
        """Put the highlighted suggestion (or the first, if allowed) into the input."""
        index = self.dropdown.highlighted
        if index is None and default_first and self.suggestions:
            index = 0
        if index is None or not 0 <= index < len(self.suggestions):
            return False
        self.apply_suggestion(self.suggestions[index])
        return True

    @on(OptionList.OptionSelected, "#filter-suggestions")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.suggestions):
            self.apply_suggestion(self.suggestions[event.option_index])
            self.input.focus()

    def apply_suggestion(self, suggestion: Suggestion) -> None:
        """Replace the token under the cursor with the suggestion, then a space."""
        text = self.input.value
        head = text[:suggestion.replace_start]
        if suggestion.text in (",", ")"):
            head = head.rstrip()  # "(Won, Lost)", not "(Won , Lost )"
        head += suggestion.text
        tail = text[suggestion.replace_end:]
        if not tail.startswith(" ") and suggestion.text not in ("(",):
            head += " "
        elif tail.startswith(" "):
            head, tail = head + " ", tail[1:]
        self.input.value = head + tail
        self.input.cursor_position = len(head)
        self.update_suggestions()


def placeholder(fields: FieldIndex | None) -> str:
    """The bar's hint: an example from the object's own fields, then the other forms."""
    example = safe_text(example_query(fields), single_line=True)
    return f"F filter: {example} · {{json spec}} · @file.json"


def caret_line(value: str, start: int, stop: int, width: int) -> str:
    """Carets under `value[start:stop]` as the input shows it; when the text is wider than
    the input (so it scrolls), the text itself is repeated above the carets."""
    shown = safe_text(value, single_line=True)
    carets = " " * cell_len(shown[:start]) + "^" * max(1, cell_len(shown[start:stop]))
    if cell_len(shown) < width:
        return carets
    return f"{shown}\n{carets}"


def _prompt(suggestion: Suggestion) -> Text:
    text = Text(safe_text(suggestion.text, single_line=True), style="bold")
    # "=" detailed as "=" or "is not blank" as "not blank" says nothing new.
    squeezed = suggestion.detail.replace(" ", "")
    if squeezed and squeezed not in suggestion.text.replace(" ", ""):
        text.append(f"  {safe_text(suggestion.detail, single_line=True)}", style="dim")
    return text
