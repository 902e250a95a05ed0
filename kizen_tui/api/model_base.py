"""The base class of every API model (its own module so that models.py and record_fields.py,
which models.py imports, can both derive from it)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class KizenModel(BaseModel):
    """Base for every API model: keeps unknown keys, tolerates missing optional ones."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=False)
