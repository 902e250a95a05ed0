"""KizenApp: owns the client, the schema cache and the settings; one error policy for workers."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from kizen_tui.api import KizenClient, KizenError, Unauthorized
from kizen_tui.schema import SchemaCache
from kizen_tui.session import Connection, connect
from kizen_tui.ui import gc_tuning
from kizen_tui.ui.commands import ObjectCommands
from kizen_tui.ui.settings_store import SettingsStore

if TYPE_CHECKING:
    from kizen_tui.config import Credentials


@dataclass(frozen=True)
class StartTarget:
    """Where to open: an object and optionally a record (deep link `OBJECT/RECORD_ID`)."""

    object_name: str | None = None
    record_id: str | None = None


_log = logging.getLogger("kizen_tui.ui")
#: How long a settings problem stays on screen: long enough to read a path and a reason.
SETTINGS_WARNING_SECONDS = 20.0

ConnectFactory = Callable[[], Connection]
CredentialsConnector = Callable[["Credentials"], Connection]


class KizenApp(App[None]):
    """The kizen-tui application."""

    TITLE = "kizen-tui"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    COMMANDS = App.COMMANDS | {ObjectCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?", id="help",
                tooltip="Show the keys of this screen"),
        Binding("f1", "widget_help", "Help here", id="widget-help", show=False,
                tooltip="Explain the part of the screen that has the focus"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit"),
    ]

    def __init__(
        self,
        connection: Connection | None,
        *,
        settings: SettingsStore | None = None,
        target: StartTarget | None = None,
        demo_factory: ConnectFactory | None = None,
        connector: CredentialsConnector | None = None,
    ) -> None:
        super().__init__()
        self.connection = connection
        """The active connection, or None until the user connects."""
        self.settings = settings or SettingsStore.in_memory()
        """kizen-tui's own settings (recent objects, columns, theme...)."""
        self.target = target or StartTarget()
        """Where to open on start-up."""
        self.demo_factory = demo_factory
        """Builds an in-process sandbox connection for "Try the demo", if available."""
        self.connector = connector or self._connect
        """Turns credentials typed on the connect screen into a connection (tests inject)."""
        self.schema: SchemaCache | None = SchemaCache(connection.client) if connection else None
        """Object and field definitions of the connected business."""
        self._error_shown: set[str] = set()
        self._can_push = False
        self._pending_browser: Screen[Any] | None = None
        if self.settings.theme:
            self.theme = self.settings.theme

    @property
    def client(self) -> KizenClient:
        """The API client of the active connection."""
        if self.connection is None:
            raise RuntimeError("not connected")
        return self.connection.client

    @property
    def profile(self) -> str:
        """The active profile's name ("demo" for the sandbox)."""
        return self.connection.profile if self.connection else ""

    def require_schema(self) -> SchemaCache:
        """The schema cache of the active connection."""
        if self.schema is None:
            raise RuntimeError("not connected")
        return self.schema

    @property
    def exiting(self) -> bool:
        """True once the app has been asked to exit."""
        return self.return_code is not None

    @property
    def read_only(self) -> bool:
        """True when writes are refused (flag, profile setting or demo choice)."""
        return bool(self.connection and self.connection.read_only)

    def on_mount(self) -> None:
        """Open the start screen: the browser when connected, else the connect screen."""
        if self.connection is None:
            self.show_connect()
        else:
            self.open_browser()
            self._first_run_hint()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if gc_tuning.startup_paused():
            self.set_timer(gc_tuning.STARTUP_GRACE, gc_tuning.first_page_shown)
        self._report_settings_warnings()

    def _report_settings_warnings(self) -> None:
        # Problems met reading settings.toml (a broken file set aside, a value dropped): the
        # TUI has no stderr to print them on, so they are shown once and written to the log.
        for warning in self.settings.warnings:
            _log.warning("settings: %s", warning)
            self.notify(warning, title="Settings", severity="warning", markup=False,
                        timeout=SETTINGS_WARNING_SECONDS)

    def _first_run_hint(self) -> None:
        from kizen_tui.ui.screens.widget_help import show_first_run_hint

        show_first_run_hint(self, self.settings, self.profile)

    def on_browse_screen_rows_shown(self) -> None:
        """A page of rows was shown (bubbled up from the browser): start-up is over."""
        gc_tuning.first_page_shown()

    def open_browser(self) -> None:
        """Replace the screen stack with the browser on the start target."""
        from kizen_tui.ui.screens.browse import BrowseScreen

        assert self.connection is not None
        self.sub_title = self._subtitle()
        object_name = (self.target.object_name
                       or self.settings.last_object(self.connection.profile)
                       or self.connection.default_object)
        browser = BrowseScreen(object_name, record_id=self.target.record_id)
        if object_name:
            browser.preload(object_name)  # the requests overlap the app's start-up
        if self._can_push:
            self.push_screen(browser)
        else:
            # A screen pushed while the app mounts is laid out and painted inside Textual's
            # start-up batch, which throws those paints away; pushed once the app is ready,
            # it is painted once, with the preloaded rows (see browse_paging.py).
            self._pending_browser = browser

    def on_ready(self) -> None:
        """The app has painted its first frame: show the browser opened during mount."""
        self._can_push = True
        browser, self._pending_browser = self._pending_browser, None
        if browser is not None:
            self.push_screen(browser)

    def _subtitle(self) -> str:
        conn = self.connection
        if conn is None:
            return ""
        badges = [b for b, on in (("DEMO", conn.is_demo), ("READ-ONLY", conn.read_only),
                                  ("PRODUCTION", conn.production)) if on]
        tail = f" [{' · '.join(badges)}]" if badges else ""
        return f"{conn.profile} · business {conn.business_id[:8]}…{tail}"

    def _connect(self, creds: Credentials) -> Connection:
        return connect(creds, settings=self.settings.settings)

    def show_connect(self, reason: str = "") -> None:
        """Ask for credentials; on success come back to where the user was."""
        from kizen_tui.ui.screens.connect import ConnectScreen

        def connected(connection: Connection | None) -> None:
            if connection is None:
                return
            self.use_connection(connection)

        self.push_screen(ConnectScreen(reason=reason, demo_factory=self.demo_factory),
                         connected)

    def use_connection(self, connection: Connection) -> None:
        """Switch to a (new) connection; open the browser unless one is already open."""
        from kizen_tui.ui.screens.browse import BrowseScreen

        old = self.connection
        self.connection = connection
        self.schema = SchemaCache(connection.client)
        self.sub_title = self._subtitle()
        if old is not None and old.client is not connection.client:
            self.close_client(old.client)
        browsers = [s for s in self.screen_stack if isinstance(s, BrowseScreen)]
        if not browsers:
            self.open_browser()
            self._first_run_hint()
            return
        # Back to where the user was: every open screen reloads with the new connection.
        for screen in self.screen_stack:
            reload = getattr(screen, "reconnected", None)
            if callable(reload):
                reload()

    @work(group="close-client", exit_on_error=False)
    async def close_client(self, client: KizenClient) -> None:
        """Close a client we no longer use."""
        await client.aclose()

    async def on_unmount(self) -> None:
        """Close the client with the app."""
        if self.connection is not None:
            await self.connection.client.aclose()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one error policy: 401 -> connect screen; other API errors -> a notification."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if error is not None:
            # The log file's filter redacts secrets; the traceback is what a bug report needs.
            _log.error("worker %r failed: %s", event.worker.name, type(error).__name__,
                       exc_info=(type(error), error, error.__traceback__))
        if isinstance(error, Unauthorized):
            self.handle_unauthorized(error)
        elif isinstance(error, KizenError):
            self.notify(str(error), title="Kizen API", severity="error", markup=False)
        elif error is not None:
            self.notify(f"Unexpected error: {type(error).__name__}: {error}",
                        severity="error", markup=False)

    def report(self, error: KizenError, what: str) -> str:
        """Tell the user about a failed call; returns the message (for a status line).

        A 401 opens the connect screen instead (then everything reloads); anything else is a
        non-blocking notification. Screens keep what they show.
        """
        message = f"{what}: {error}"
        if isinstance(error, Unauthorized):
            self.handle_unauthorized(error)
        else:
            self.notify(message, title="Kizen API", severity="error", markup=False)
        return message

    def handle_unauthorized(self, error: KizenError) -> None:
        """Credentials stopped working: ask again, then return to the same place."""
        from kizen_tui.ui.screens.connect import ConnectScreen

        if any(isinstance(s, ConnectScreen) for s in self.screen_stack):
            return
        self.show_connect(reason=f"The server refused the credentials: {error}")

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        from kizen_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_widget_help(self) -> None:
        """Explain the focused widget (F1), with the keys of the screen."""
        from kizen_tui.ui.screens.widget_help import WidgetHelp

        if not isinstance(self.screen, WidgetHelp):
            self.push_screen(WidgetHelp(self.screen))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every enabled action of the current screen is also in the command palette."""
        yield from super().get_system_commands(screen)
        seen: set[str] = {"command_palette", "help"}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            yield SystemCommand(binding.description, binding.tooltip or binding.description,
                                _runner(active.node, binding.action))

    def _remember_theme(self, theme: Any) -> None:
        name = getattr(theme, "name", None)
        if isinstance(name, str):
            self.settings.set_theme(name)

    def copy_text(self, text: str, what: str) -> None:
        """Copy to the terminal clipboard (OSC 52) and say so."""
        self.copy_to_clipboard(text)
        self.notify(f"Copied {what} to the clipboard", markup=False, timeout=3)


def _runner(node: DOMNode, action: str) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await node.app.run_action(action, node)

    return run
