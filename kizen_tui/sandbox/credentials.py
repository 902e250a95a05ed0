"""The demo credentials the sandbox accepts (they open nothing but the sandbox)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kizen_tui.sandbox.catalog import BUSINESS_ID, DEMO_USER_ID


@dataclass(frozen=True)
class DemoCredentials:
    """API key, business id and user id of the sandbox's demo user, and its in-process URL."""

    api_key: str = field(repr=False)
    business_id: str
    user_id: str
    base_url: str = "http://sandbox.kizen.local"

    def headers(self) -> dict[str, str]:
        """The three auth headers of every call."""
        return {"X-API-KEY": self.api_key, "X-BUSINESS-ID": self.business_id,
                "X-USER-ID": self.user_id}

    def __getitem__(self, key: str) -> str:
        """Dict-style access (`creds["api_key"]`)."""
        if key not in ("api_key", "business_id", "user_id", "base_url"):
            raise KeyError(key)
        return str(getattr(self, key))


DEMO_CREDENTIALS = DemoCredentials(
    api_key="kzn-sandbox-demo-key-0000000000000000",
    business_id=BUSINESS_ID,
    user_id=DEMO_USER_ID,
)
