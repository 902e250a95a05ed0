"""Phone numbers: written in any common notation, stored and read as E.164 [I]."""

from __future__ import annotations

import re

_ALLOWED = re.compile(r"^\+?[0-9 ().\-]+$")


def normalize_phone(text: str) -> str | None:
    """The E.164 form of a phone number (North American numbers may omit +1); None if invalid."""
    text = text.strip()
    if not _ALLOWED.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    if not text.startswith("+"):
        if len(digits) == 10:
            digits = "1" + digits
        elif not (len(digits) == 11 and digits.startswith("1")):
            return None
    return "+" + digits if 8 <= len(digits) <= 15 else None
