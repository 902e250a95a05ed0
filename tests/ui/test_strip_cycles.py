"""strip_cycles: Strip.divide / crop_extend answer as Textual's do, without self-references."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from kizen_tui.ui import strip_cycles

TEXTS = st.text(alphabet=st.sampled_from([*"ab -", "漢", "😀"]), min_size=0, max_size=6)
SEGMENTS = st.lists(st.tuples(TEXTS, st.sampled_from([None, Style(bold=True)])), max_size=4)


def strip_of(parts: list[tuple[str, Style | None]]) -> Strip:
    return Strip([Segment(text, style) for text, style in parts])


def lines(strips: object) -> list[tuple[list[Segment], int]]:
    return [(list(s), s.cell_length) for s in strips]  # type: ignore[attr-defined]


def refers_to_itself(strip: Strip) -> bool:
    """Whether any of the strip's caches holds the strip (a reference cycle)."""
    caches = (strip._divide_cache, strip._crop_extend_cache, strip._crop_cache,
              strip._line_length_cache, strip._style_cache, strip._filter_cache,
              strip._offsets_cache)
    for cache in caches:
        for value in cache._cache.values():
            if value is strip or (isinstance(value, list) and any(v is strip for v in value)):
                return True
    return False


@given(parts=SEGMENTS, cuts=st.lists(st.integers(0, 14), max_size=4))
def test_divide_answers_as_textual(parts: list[tuple[str, Style | None]],
                                   cuts: list[int]) -> None:
    strip = strip_of(parts)
    cuts = [*sorted(set(cuts)), strip.cell_length]
    expected = lines(strip_cycles._divide(strip_of(parts), cuts))
    assert lines(strip_cycles.divide(strip, cuts)) == expected
    assert lines(strip_cycles.divide(strip, iter(cuts))) == expected  # cuts may be an iterator
    assert not refers_to_itself(strip)


@given(parts=SEGMENTS, start=st.integers(-2, 14), end=st.integers(0, 16))
def test_crop_extend_answers_as_textual(parts: list[tuple[str, Style | None]], start: int,
                                        end: int) -> None:
    strip = strip_of(parts)
    style = Style(italic=True)
    expected = strip_cycles._crop_extend(strip_of(parts), start, end, style)
    assert lines([strip_cycles.crop_extend(strip, start, end, style)]) == lines([expected])
    assert not refers_to_itself(strip)


def test_textual_caches_a_strip_in_itself_and_the_patch_does_not() -> None:
    """The cycle this module exists for (so the test fails if Textual stops making it)."""
    strip = strip_of([("abc", None)])
    strip_cycles._divide(strip, [3])
    assert refers_to_itself(strip)
    fresh = strip_of([("abc", None)])
    strip_cycles.divide(fresh, [3])
    strip_cycles.crop_extend(fresh, 0, 3, None)
    assert not refers_to_itself(fresh)


@pytest.fixture
def patched() -> Iterator[None]:
    """Install the patch for one test, then put Textual's methods back."""
    saved = Strip.divide, Strip.crop_extend
    strip_cycles.install()
    yield
    Strip.divide, Strip.crop_extend = saved  # type: ignore[method-assign]


def test_install_patches_strip_and_painting_leaves_no_cyclic_strips(patched: None) -> None:
    assert strip_cycles.installed()
    strip_cycles.install()  # idempotent
    assert Strip.divide is strip_cycles.divide
    gc.collect()
    gc.disable()
    try:
        strips = [strip_of([("line", None)]) for _ in range(50)]
        for strip in strips:
            strip.divide([4])
            strip.crop_extend(0, 4, None)
        del strips, strip
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        cyclic = [o for o in gc.garbage if isinstance(o, Strip)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert cyclic == []
