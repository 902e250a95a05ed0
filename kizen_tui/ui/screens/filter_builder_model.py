"""The builder's tree of conditions as rows, and the edits the builder makes to it.

Pure functions over the shared filter model (`Group`/`Condition`). A row's path is `()` for the
top group, `(i,)` for its i-th item and `(i, j)` for the j-th condition of an inner group; the
Kizen search format allows exactly that one level of nesting. A condition with an empty field is
one the user added but has not filled in yet: it is shown, and dropped when the filter is used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kizen_tui.domain.filter_model import NO_VALUE_OPS
from kizen_tui.domain.filters import Condition, Group

RowPath = tuple[int, ...]


@dataclass(frozen=True)
class Row:
    """One line of the builder's list."""

    path: RowPath
    depth: int
    is_group: bool
    label: str


def new_condition() -> Condition:
    """A condition waiting for its field."""
    return Condition("", "", None)


def is_blank(item: Condition | Group) -> bool:
    """True for a condition whose field was never chosen."""
    return isinstance(item, Condition) and not item.field


def rows(group: Group, label: Callable[[Condition], str]) -> list[Row]:
    """The rows of the tree: the top group, its items, and the items of inner groups."""
    out = [Row((), 0, True, _group_label(group, top=True))]
    for i, item in enumerate(group.items):
        if isinstance(item, Group):
            out.append(Row((i,), 1, True, _group_label(item, top=False)))
            out += [Row((i, j), 2, False, label(sub)) for j, sub in enumerate(item.items)
                    if isinstance(sub, Condition)]
        else:
            out.append(Row((i,), 1, False, label(item)))
    return out


def _group_label(group: Group, *, top: bool) -> str:
    word = "ALL" if group.mode == "all" else "ANY"
    return f"Match {word} of" if top else f"{word} of"


def item_at(group: Group, path: RowPath) -> Condition | Group:
    """The group or condition at `path`.

    Raises:
        IndexError: no item there.
    """
    item: Condition | Group = group
    for index in path:
        if not isinstance(item, Group):
            raise IndexError(path)
        item = item.items[index]
    return item


def group_for(group: Group, path: RowPath) -> tuple[Group, RowPath]:
    """The group a new condition goes in when `path` is selected, and that group's path."""
    if len(path) >= 1 and isinstance(group.items[path[0]], Group):
        inner = group.items[path[0]]
        assert isinstance(inner, Group)
        return inner, path[:1]
    return group, ()


def add_condition(group: Group, at: RowPath) -> RowPath:
    """Add an empty condition to the group of the selected row; returns its path."""
    target, prefix = group_for(group, at)
    target.items.append(new_condition())
    return (*prefix, len(target.items) - 1)


def add_group(group: Group) -> RowPath:
    """Add an inner group (the other mode) holding one empty condition; returns that path."""
    group.items.append(Group("any" if group.mode == "all" else "all", [new_condition()]))
    return (len(group.items) - 1, 0)


def remove(group: Group, path: RowPath) -> RowPath:
    """Remove the item at `path` (an inner group left empty goes too); returns the row to
    select next. The top group cannot be removed (removing it clears it)."""
    if not path:
        group.items.clear()
        return ()
    parent = item_at(group, path[:-1])
    assert isinstance(parent, Group)
    del parent.items[path[-1]]
    if len(path) == 2 and not parent.items:
        del group.items[path[0]]
        return _nearest(group, (), path[0])
    return _nearest(group, path[:-1], path[-1])


def _nearest(group: Group, parent_path: RowPath, index: int) -> RowPath:
    parent = item_at(group, parent_path)
    assert isinstance(parent, Group)
    if not parent.items:
        return parent_path
    return (*parent_path, min(index, len(parent.items) - 1))


def toggle_mode(group: Group, path: RowPath) -> None:
    """Switch the group at (or containing) `path` between ALL and ANY."""
    item = item_at(group, path)
    target = item if isinstance(item, Group) else item_at(group, path[:-1])
    assert isinstance(target, Group)
    target.mode = "any" if target.mode == "all" else "all"


def pruned(group: Group) -> Group:
    """A copy without unfilled conditions and without inner groups left empty."""
    items: list[Condition | Group] = []
    for item in group.items:
        if isinstance(item, Group):
            inner = pruned(item)
            if inner.items:
                items.append(inner)
        elif not is_blank(item):
            items.append(Condition(item.field, item.op, item.value))
    return Group(group.mode, items)


def copy_group(group: Group) -> Group:
    """A deep copy the builder can edit without touching the caller's model."""
    items: list[Condition | Group] = [
        copy_group(item) if isinstance(item, Group) else
        Condition(item.field, item.op, list(item.value) if isinstance(item.value, list | tuple)
                  else item.value)
        for item in group.items]
    return Group(group.mode, items)


def preview(group: Group, label: Callable[[Condition], str]) -> str:
    """The group written out with `label` for each filled-in condition (inner groups in
    parentheses): a readable form even while some values are still missing."""
    joiner = " and " if group.mode == "all" else " or "
    parts: list[str] = []
    for item in group.items:
        if isinstance(item, Group):
            inner = preview(item, label)
            if inner:
                parts.append(f"({inner})" if len(item.items) > 1 else inner)
        elif not is_blank(item):
            parts.append(label(item))
    return joiner.join(parts)


def incomplete(group: Group) -> bool:
    """True when a filled-in condition still lacks its operator or value."""
    return any(c.field and (not c.op or (c.op not in NO_VALUE_OPS and c.value is None))
               for c in group.conditions())
