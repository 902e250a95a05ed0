"""The connect screen: credentials for a Kizen business, checked live, saved 0600.

Profiles are saved to the credentials store shared with the official Kizen CLI, so a profile
added here works there too (and the other way round).
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Static

from kizen_tui.api import KizenError
from kizen_tui.config import DEFAULT_BASE_URL, ConfigError, Credentials, save_profile
from kizen_tui.session import Connection
from kizen_tui.ui.app import ConnectFactory, KizenApp
from kizen_tui.ui.widgets.footer import Footer

_HELP = (
    "Get an API key, business ID and user ID in Kizen: profile avatar → My Profile → "
    "API Connections. Use a dedicated API user with narrow permissions: the key can do "
    "whatever its user can."
)


class ConnectScreen(Screen[Connection | None]):
    """Asks for credentials (or offers the demo) and returns a live connection."""

    BINDINGS = [
        Binding("ctrl+s", "connect", "Connect", id="connect"),
        Binding("ctrl+d", "demo", "Try the demo", id="demo"),
        Binding("escape", "cancel", "Back", id="connect-back"),
    ]

    app = getters.app(KizenApp)

    def __init__(self, *, reason: str = "", demo_factory: ConnectFactory | None = None) -> None:
        super().__init__()
        self.reason = reason
        self.demo_factory = demo_factory

    def compose(self) -> ComposeResult:
        """The credentials form."""
        yield Header()
        with VerticalScroll(id="connect-form", classes="form"):
            yield Label("Connect to a Kizen business", classes="title")
            if self.reason:
                yield Static(Text(self.reason, style="bold red"), id="connect-reason")
            yield Static(Text(_HELP, style="dim"), id="connect-help")
            yield Label("Profile name")
            yield Input("default", id="profile")
            yield Label("API key")
            yield Input(password=True, id="api_key", placeholder="X-API-KEY")
            yield Label("Business ID")
            yield Input(id="business_id", placeholder="UUID")
            yield Label("User ID")
            yield Input(id="user_id", placeholder="UUID")
            yield Label("Base URL")
            yield Input(DEFAULT_BASE_URL, id="base_url")
            yield Static("", id="connect-error")
            with Horizontal(classes="buttons"):
                yield Button("Connect", variant="primary", id="connect-button")
                if self.demo_factory is not None:
                    yield Button("Try the demo", id="demo-button")
        yield Footer()

    def on_mount(self) -> None:
        """Start in the API key box (the profile name has a default)."""
        self.title = "Connect"
        self.query_one("#api_key", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def _error(self, message: str) -> None:
        self.query_one("#connect-error", Static).update(Text(message, style="bold red"))

    @on(Button.Pressed, "#connect-button")
    @on(Input.Submitted)
    def action_connect(self) -> None:
        """Validate the form, then check the credentials with a live call."""
        try:
            creds = Credentials.create(
                profile=self._value("profile") or "default", api_key=self._value("api_key"),
                business_id=self._value("business_id"), user_id=self._value("user_id"),
                base_url=self._value("base_url") or DEFAULT_BASE_URL)
        except ConfigError as error:
            self._error(str(error))
            return
        self._error("")
        self.check_and_save(creds)

    @work(group="connect", exclusive=True, exit_on_error=False)
    async def check_and_save(self, creds: Credentials) -> None:
        """One live call proves the credentials; only then are they saved."""
        self.query_one("#connect-error", Static).update(Text("Checking…", style="italic"))
        try:
            connection = self.app.connector(creds)
        except (ConfigError, ValueError) as error:
            self._error(f"Could not connect: {error}")
            return
        try:
            await connection.client.list_objects(page_size=1)
        except KizenError as error:
            await connection.client.aclose()
            self._error(f"Could not connect: {error}")
            return
        try:
            path = await asyncio.to_thread(save_profile, creds.profile, creds)
        except (ConfigError, OSError) as error:
            self.notify(f"Connected, but the profile was not saved: {error}",
                        severity="warning", markup=False)
        else:
            self.notify(f"Saved profile {creds.profile!r} to {path}", markup=False)
        self.dismiss(connection)

    @on(Button.Pressed, "#demo-button")
    def action_demo(self) -> None:
        """Start the in-process sandbox."""
        if self.demo_factory is not None:
            self.start_demo()

    @work(group="connect", exclusive=True, exit_on_error=False)
    async def start_demo(self) -> None:
        """Seed the sandbox off the event loop, then use it."""
        assert self.demo_factory is not None
        self.query_one("#connect-error", Static).update(Text("Starting the demo…"))
        connection = await asyncio.to_thread(self.demo_factory)
        self.dismiss(connection)

    def action_cancel(self) -> None:
        """Go back when there is somewhere to go back to; otherwise stay."""
        if self.app.connection is not None:
            self.dismiss(None)
        else:
            self.app.exit()
