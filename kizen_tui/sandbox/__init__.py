"""A local Kizen-compatible server (Starlette + SQLite) for --demo, tests and screenshots.

It is an independent second implementation of the Kizen API contract and never imports
`kizen_tui.api`, `kizen_tui.domain` or `kizen_tui.ui`.

Public API:
- `DEMO_CREDENTIALS`: api_key, business_id, user_id and base_url (in-process).
- `create_app(records=500, seed=0, db_path=None)`: the Starlette app, store open and seeded;
  `app.state.store` is the store, `app.state.faults` the fault injector.
- `kizen_tui.sandbox.serve.run(...)` / `add_subparser(...)`: serve it under uvicorn.
- `kizen_tui.sandbox.testing.running_sandbox(...)`: a loopback server for tests (yields
  the base URL, a `str` carrying `.app`).
- `kizen_tui.sandbox.seed`: names and ids of the special seed records.
"""

from kizen_tui.sandbox.app import create_app
from kizen_tui.sandbox.credentials import DEMO_CREDENTIALS, DemoCredentials

__all__ = ["DEMO_CREDENTIALS", "DemoCredentials", "create_app"]
