"""A file written for the clerk is whole or absent: a failure at any step leaves nothing under its name."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from desktop.core.errors import UserError
from desktop.core.files import safe_files


def test_write_and_read_back(tmp_path: Path) -> None:
    path = safe_files.write_file(tmp_path / "a.pdf", b"%PDF-1.4 data")
    assert path.read_bytes() == b"%PDF-1.4 data"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


@pytest.mark.parametrize("step", ["write", "fsync", "rename", "verify"])
def test_a_failure_at_each_step_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    def fail(name: str) -> None:
        if name == step:
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(safe_files, "fault_hook", fail)
    with pytest.raises(UserError, match="USB bị rút ra"):
        safe_files.write_file(tmp_path / "a.pdf", b"data")
    assert list(tmp_path.iterdir()) == []


def test_full_disk_and_read_only_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for code, words in ((errno.ENOSPC, "ổ đĩa đã đầy"), (errno.EROFS, "chỉ cho đọc")):
        def fail(name: str, code: int = code) -> None:
            if name == "write":
                raise OSError(code, "x")

        monkeypatch.setattr(safe_files, "fault_hook", fail)
        with pytest.raises(UserError, match=words):
            safe_files.write_file(tmp_path / "a.pdf", b"data")
        assert list(tmp_path.iterdir()) == []
