"""Every key binding of the app's screens and widgets names an action that exists.

A binding whose action has no `action_*` method on its own class does nothing when pressed
(Textual looks the action up on the node that defines the binding), yet the footer and the
help screen still show the key: `q` on the browser did nothing that way.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

from textual.binding import Binding
from textual.dom import DOMNode

import kizen_tui.ui
from tests.ui.test_browse import SIZE, settle


def _node_classes() -> list[type[DOMNode]]:
    names = [m.name for m in pkgutil.walk_packages(kizen_tui.ui.__path__, "kizen_tui.ui.")]
    classes: dict[type[DOMNode], None] = {}
    for name in names:
        for _, cls in inspect.getmembers(importlib.import_module(name), inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__.startswith("kizen_tui."):
                classes[cls] = None
    return list(classes)


def _missing_actions(cls: type[DOMNode]) -> list[str]:
    missing = []
    for binding in cls.__dict__.get("BINDINGS", []):
        key, action = ((binding.key, binding.action) if isinstance(binding, Binding)
                       else (binding[0], binding[1]))
        name = action.split("(", 1)[0]
        if "." in name:  # "app.quit", "screen.…": looked up on that namespace
            continue
        if not (hasattr(cls, f"action_{name}") or hasattr(cls, f"_action_{name}")):
            missing.append(f"{cls.__module__}.{cls.__qualname__}: {key} -> {action}")
    return missing


def test_every_binding_names_an_existing_action() -> None:
    classes = _node_classes()
    assert len(classes) > 30, "the scan must see the app's screens and widgets"
    missing = [line for cls in classes for line in _missing_actions(cls)]
    assert not missing, "\n".join(missing)


async def test_q_quits_from_the_browser(make_app: Any) -> None:
    app = make_app("companies")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
