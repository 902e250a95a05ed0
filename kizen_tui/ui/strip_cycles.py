"""Textual's `Strip` without cache entries that point back at the strip itself.

A `Strip` (one painted line) caches the results of its operations in seven small FIFO caches.
Two operations can answer with the strip itself, and cache that answer: `divide` at the strip's
own length (`[self]`; the compositor does it for most lines of every frame) and `crop_extend`
over the whole strip. Each such strip is then a reference cycle (strip -> cache -> dict -> strip)
that reference counting cannot free: holding page-down left ~5,700 objects per page of rows for
the cyclic collector (strips, their caches, segments), which drove its full passes (50-100 ms)
every page or two (textual 8.2.8, measured with `python -m benchmarks`).

`install()` replaces those two methods with versions that return the same values but do not
cache the self-references; every other case is left to Textual, cache included.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.style import Style
from textual.strip import Strip

_divide = Strip.divide
_crop_extend = Strip.crop_extend


def divide(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
    """`Strip.divide`, answering a cut at the strip's own end with the strip, uncached."""
    cuts = list(cuts)
    length = self.cell_length
    if [cut for cut in cuts if cut <= length] == [length]:
        return [self]
    return _divide(self, cuts)


def crop_extend(self: Strip, start: int, end: int, style: Style | None) -> Strip:
    """`Strip.crop_extend`, answering a crop of the whole strip with the strip, uncached."""
    if start <= 0 and end == self.cell_length:
        return self
    return _crop_extend(self, start, end, style)


def install() -> None:
    """Patch `Strip` (idempotent; the originals stay available as `_divide`/`_crop_extend`)."""
    Strip.divide = divide  # type: ignore[method-assign]
    Strip.crop_extend = crop_extend  # type: ignore[method-assign]


def installed() -> bool:
    """Whether `install` has run in this process."""
    return Strip.divide is divide
