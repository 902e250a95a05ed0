"""Tests of kizen_tui.files: permissions, atomicity, journals, setting corrupt files aside."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kizen_tui import files
from kizen_tui.files import (
    append_private_line,
    atomic_text_file,
    atomic_write_bytes,
    atomic_write_text,
    ensure_private_dir,
    group_or_other_access,
    set_aside_corrupt,
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_atomic_write_text_creates_private_file(tmp_path: Path) -> None:
    target = tmp_path / "out.toml"
    written = atomic_write_text(target, "a = 1\n")
    assert written == target
    assert target.read_text() == "a = 1\n"
    assert mode(target) == 0o600


def test_atomic_write_honours_mode_despite_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        target = atomic_write_bytes(tmp_path / "shared.json", b"{}", mode=0o644)
    finally:
        os.umask(old)
    assert mode(target) == 0o644


def test_atomic_write_replaces_content_and_tightens_mode(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    target.write_text("old")
    target.chmod(0o666)
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert mode(target) == 0o600


def test_atomic_write_keeps_newlines_verbatim(tmp_path: Path) -> None:
    target = atomic_write_text(tmp_path / "f.txt", "a\r\nb\n")
    assert target.read_bytes() == b"a\r\nb\n"


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failing_write_leaves_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "settings.toml"
    target.write_text("precious = true\n")

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, failing, boom)
    with pytest.raises(OSError, match="No space left"):
        atomic_write_text(target, "half")
    monkeypatch.undo()
    assert target.read_text() == "precious = true\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml"]


def test_atomic_write_through_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "credentials.toml"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "credentials.toml"
    link.symlink_to(real)
    written = atomic_write_text(link, "new")
    assert written == real
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_atomic_write_creates_missing_parent(tmp_path: Path) -> None:
    target = atomic_write_text(tmp_path / "a" / "b" / "c.txt", "x")
    assert target.read_text() == "x"


def test_ensure_private_dir_creates_0700_with_parents(tmp_path: Path) -> None:
    directory = ensure_private_dir(tmp_path / "x" / "y")
    assert directory.is_dir()
    assert mode(directory) == 0o700


def test_ensure_private_dir_tightens_existing_directory(tmp_path: Path) -> None:
    directory = tmp_path / "kizen"
    directory.mkdir(mode=0o755)
    directory.chmod(0o755)
    ensure_private_dir(directory)
    assert mode(directory) == 0o700


def test_append_private_line_creates_private_journal(tmp_path: Path) -> None:
    journal = tmp_path / "data" / "journal.jsonl"
    append_private_line(journal, '{"n": 1}')
    append_private_line(journal, '{"n": 2}')
    assert journal.read_text() == '{"n": 1}\n{"n": 2}\n'
    assert mode(journal) == 0o600
    assert mode(journal.parent) == 0o700


def test_append_private_line_tightens_loose_file(tmp_path: Path) -> None:
    journal = tmp_path / "journal.jsonl"
    journal.write_text("first\n")
    journal.chmod(0o644)
    append_private_line(journal, "second")
    assert journal.read_text() == "first\nsecond\n"
    assert mode(journal) == 0o600


@pytest.mark.parametrize("line", ["two\nlines", "carriage\rreturn"])
def test_append_private_line_refuses_line_breaks(tmp_path: Path, line: str) -> None:
    journal = tmp_path / "journal.jsonl"
    with pytest.raises(ValueError, match="line breaks"):
        append_private_line(journal, line)
    assert not journal.exists()


def test_set_aside_corrupt_renames_with_timestamp(tmp_path: Path) -> None:
    broken = tmp_path / "settings.toml"
    broken.write_text("[[[")
    when = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
    moved = set_aside_corrupt(broken, now=when)
    assert moved == tmp_path / "settings.toml.corrupt-20250304T050607Z"
    assert moved.read_text() == "[[["
    assert not broken.exists()


def test_set_aside_corrupt_never_overwrites_an_earlier_one(tmp_path: Path) -> None:
    when = datetime(2025, 1, 1, tzinfo=UTC)
    broken = tmp_path / "settings.toml"
    broken.write_text("first")
    first = set_aside_corrupt(broken, now=when)
    broken.write_text("second")
    second = set_aside_corrupt(broken, now=when)
    assert first != second
    assert (first.read_text(), second.read_text()) == ("first", "second")


def test_group_or_other_access(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_text("")
    path.chmod(0o600)
    assert group_or_other_access(path) == 0
    path.chmod(0o640)
    assert group_or_other_access(path) == 0o040
    path.chmod(0o602)
    assert group_or_other_access(path) == 0o002


def test_atomic_text_file_streams_then_replaces(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_text("old\n", encoding="utf-8")
    with atomic_text_file(target) as out:
        out.write("a,b\r\n")
        out.flush()
        (temp,) = [p for p in tmp_path.iterdir() if p != target]
        assert temp.read_bytes() == b"a,b\r\n", "on disk as written"
        assert mode(temp) == 0o600
        assert target.read_text(encoding="utf-8") == "old\n", "the target is untouched so far"
        out.write("é,🚀\n")
    assert target.read_bytes() == "a,b\r\né,🚀\n".encode()
    assert mode(target) == 0o600
    assert list(tmp_path.iterdir()) == [target]


def test_atomic_text_file_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_text_file(target) as out:
        out.write("half of it")
        raise RuntimeError("the network went away")
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_atomic_text_file_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with atomic_text_file(link) as out:
        out.write("new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
