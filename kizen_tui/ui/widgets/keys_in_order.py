"""Text controls that handle every key of their own in the order it was typed.

Textual runs a widget's key bindings (backspace, delete, the arrows, home, end…) only once the
key has bubbled from the focused control up to the app, one message queue per ancestor, while
a printable key is inserted by the control as soon as it arrives. A form's control sits deep in
the tree, so a letter typed just after a backspace overtook it: the letter went in first and
the backspace then deleted it ("Acme CorporationX", BSpace, Y gave "Acme CorporationX").

`FormInput` and `FormTextArea` run the control's own bindings when the key reaches the
control, in the queue that also receives the printable keys, so keys take effect in the order
they were pressed. Keys the control does not bind (ctrl+s, escape, tab) bubble on as before;
priority bindings are run by the app before the key is forwarded to the control at all.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea


async def run_own_binding(control: Widget, event: events.Key) -> None:
    """Run the control's own binding of this key now, if it has one that applies.

    Textual calls the `_on_key` of every class of the control in turn: a handled key is
    stopped there (`prevent_default`), so the control's own handler and its ancestors never see
    it; any other key goes on as usual.
    """
    for key in event.aliases:
        for binding in control._bindings.key_to_bindings.get(key, ()):
            if binding.priority:
                continue  # the app ran (or declined) it before forwarding the key
            if await control.app.run_action(binding.action, control):
                event.prevent_default()
                event.stop()
                return


class FormInput(Input):
    """An Input whose editing keys are never overtaken by the letters typed after them."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)


class FormTextArea(TextArea):
    """A TextArea whose editing keys are never overtaken by the letters typed after them."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)
