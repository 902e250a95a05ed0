"""Safety actions shared by the browse and record screens: support bundle, screen-share mode,
and the production warning colour.

`SafetyActions` is a mixin base screen (like `RecordActions`); Textual merges its BINDINGS and
calls its event handlers along the class hierarchy, so a screen only has to inherit it:

- `b` writes a redacted support bundle for the current record (see `ui.support_bundle`);
- `m` toggles screen-share mode: emails, phone numbers and chosen fields are masked in the grid
  and in every field table, on every screen, until toggled off;
- `M` adds the highlighted field of a field table to the masked fields (or takes it out);
- on a production profile the app gets the `-production` class, which paints the header in
  the warning colour.

The screen reaches its record through the same hooks as `RecordActions` (`current_record()`,
`current_schema()`) when it has them; without them the bundle holds the session only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.events import ScreenResume
from textual.screen import Screen

from kizen_tui import __version__
from kizen_tui.api import KizenError
from kizen_tui.api.models import Record
from kizen_tui.config import Paths
from kizen_tui.domain.masking import MaskPolicy
from kizen_tui.ui.widgets.detail_pane import DetailPane
from kizen_tui.ui.widgets.field_table import FieldTable
from kizen_tui.ui.widgets.record_grid import RecordGrid

SCREEN_SHARE_BADGE = "SCREEN SHARE"
_POLICIES: WeakKeyDictionary[App[Any], MaskPolicy] = WeakKeyDictionary()


def screen_share_policy(app: App[Any]) -> MaskPolicy:
    """The app's screen-share policy (off, with no chosen fields, until changed)."""
    return _POLICIES.get(app, MaskPolicy())


def set_screen_share_policy(app: App[Any], policy: MaskPolicy) -> None:
    """Change the policy and redraw every safety-aware screen with it."""
    _POLICIES[app] = policy
    for screen in app.screen_stack:
        if isinstance(screen, SafetyActions):
            screen.apply_safety_state()


def show_production(app: App[Any]) -> None:
    """Give the app the `-production` class (warning-coloured header, see app.tcss)."""
    app.set_class(is_production(app), "-production")


def is_production(app: App[Any]) -> bool:
    """True when the app's connection is to a profile marked production."""
    return bool(getattr(getattr(app, "connection", None), "production", False))


class SafetyActions(Screen[Any]):
    """Base screen adding the support bundle, screen-share mode and the production colour."""

    BINDINGS = [
        Binding("b", "support_bundle", "Support bundle", id="support-bundle", show=False,
                tooltip="Write a redacted support bundle for this record (for a ticket)"),
        Binding("m", "toggle_screen_share", "Screen share", id="screen-share", show=False,
                tooltip="Mask emails, phone numbers and chosen fields while sharing the screen"),
        Binding("M", "mask_field", "Mask field", id="mask-field", show=False,
                tooltip="Mask (or unmask) the highlighted field in screen-share mode"),
    ]

    @on(ScreenResume)
    def _resume_safety(self) -> None:
        self.apply_safety_state()

    def apply_safety_state(self) -> None:
        """Show the production colour and apply the screen-share policy to every table."""
        show_production(self.app)
        policy = screen_share_policy(self.app)
        active = policy if policy.enabled else None
        for grid in self.query(RecordGrid):
            grid.set_mask(active)
        for table in self.query(FieldTable):
            table.set_mask(active)
        for pane in self.query(DetailPane):
            pane.mask_changed()
        self.sub_title = (f"{self.app.sub_title} [{SCREEN_SHARE_BADGE}]"
                          if policy.enabled else None)

    # -- screen share ----------------------------------------------------------------------

    def action_toggle_screen_share(self) -> None:
        """Switch screen-share mode on or off (for every screen)."""
        policy = screen_share_policy(self.app).toggled()
        set_screen_share_policy(self.app, policy)
        if policy.enabled:
            chosen = len(policy.fields)
            extra = f" and {chosen} chosen field{'s' if chosen != 1 else ''}" if chosen else ""
            self.notify(f"Screen-share mode on: emails, phone numbers{extra} are masked "
                        "(m to turn off)", markup=False, timeout=4)
        else:
            self.notify("Screen-share mode off", markup=False, timeout=3)

    def action_mask_field(self) -> None:
        """Mask (or unmask) the highlighted field of the field table."""
        table = self._field_table()
        row = table.current_row if table is not None else None
        if row is None:
            self.notify("Highlight a field in the field list first", markup=False, timeout=3)
            return
        policy = screen_share_policy(self.app).with_field(row.field.name)
        if not policy.enabled:
            policy = policy.toggled()
        set_screen_share_policy(self.app, policy)
        state = "masked" if row.field.name in policy.fields else "no longer masked"
        self.notify(f"{row.field.label} is {state} in screen-share mode", markup=False,
                    timeout=3)

    def _field_table(self) -> FieldTable | None:
        focused = self.focused
        if isinstance(focused, FieldTable):
            return focused
        tables = [t for t in self.query(FieldTable) if t.display]
        return tables[0] if tables else None

    # -- support bundle --------------------------------------------------------------------

    def action_support_bundle(self) -> None:
        """Write a redacted support bundle for the current record."""
        self.write_support_bundle()

    @work(group="support-bundle", exclusive=True, exit_on_error=False)
    async def write_support_bundle(self) -> Path | None:
        """Refetch the record with hidden fields (falling back to what is shown), then write."""
        app: Any = self.app
        connection = getattr(app, "connection", None)
        if connection is None:
            self.notify("Not connected: nothing to put in a support bundle", markup=False)
            return None
        record, schema = self._hook("current_record"), self._hook("current_schema")
        notes: list[str] = []
        if isinstance(record, Record) and schema is not None:
            try:
                record = await connection.client.get_record(
                    schema.object.name, record.id, include_hidden_fields=True,
                    detail_summary=True)
            except KizenError as error:
                notes.append(f"Could not refetch the record; it is as shown on screen: {error}")
        from kizen_tui.ui.support_bundle import SessionInfo, build_bundle, write_bundle

        bundle = build_bundle(
            app_version=__version__,
            session=SessionInfo(profile=connection.profile, business_id=connection.business_id,
                                base_url=connection.base_url, read_only=connection.read_only,
                                production=connection.production, is_demo=connection.is_demo),
            record=record if isinstance(record, Record) else None,
            object_def=schema.object if schema is not None else None,
            fields=schema.fields if schema is not None else [],
            requests=connection.client.recent_requests,
            mask=screen_share_policy(self.app), notes=notes)
        try:
            path = write_bundle(bundle, Paths.from_env().data_dir)
        except OSError as error:
            self.notify(f"Could not write the support bundle: {error.strerror or error}",
                        severity="error", markup=False)
            return None
        self.notify(f"Support bundle written to {path} (secrets redacted; review it before "
                    "sending)", markup=False, timeout=8)
        return path

    def _hook(self, name: str) -> Any:
        hook = getattr(self, name, None)
        if not callable(hook):
            return None
        try:
            return hook()
        except NotImplementedError:
            return None
