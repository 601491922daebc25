"""The storage on disk writes whole files: a failed write leaves nothing, a taken name is never
overwritten, and a file system without hard links still works."""

import errno
import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tuyentruyen.lib import stored


@pytest.fixture
def storage(tmp_path):
    return stored.LocalStorage(location=tmp_path / "kho", file_permissions_mode=0o640)


def files_under(path):
    return sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())


def test_a_file_is_written_whole_and_a_taken_name_gets_another(storage, tmp_path):
    assert storage.save("a/b/bien-ban.pdf", ContentFile(b"%PDF-1")) == "a/b/bien-ban.pdf"
    second = storage.save("a/b/bien-ban.pdf", ContentFile(b"%PDF-2"))
    assert second != "a/b/bien-ban.pdf" and second.startswith("a/b/bien-ban_")
    with storage.open("a/b/bien-ban.pdf") as handle:
        assert handle.read() == b"%PDF-1"  # the first is untouched
    assert files_under(tmp_path / "kho") == sorted(["a/b/bien-ban.pdf", second])  # no .part left
    assert oct(os.stat(tmp_path / "kho" / second).st_mode & 0o777) == "0o640"


def test_a_write_that_fails_half_way_leaves_nothing(storage, tmp_path, monkeypatch):
    def full_disk(out, content):
        out.write(b"%PDF")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(stored.LocalStorage, "_write", staticmethod(full_disk))
    with pytest.raises(OSError) as failure:
        storage.save("x/anh.jpg", ContentFile(b"\xff\xd8\xff" * 100))
    assert failure.value.errno == errno.ENOSPC
    assert files_under(tmp_path / "kho") == [] and not storage.exists("x/anh.jpg")


def test_without_hard_links_the_file_is_renamed_into_place(storage, tmp_path, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(stored.os, "link", no_links)
    assert storage.save("y/a.txt", ContentFile(b"1")) == "y/a.txt"
    assert storage.save("y/a.txt", ContentFile(b"2")) != "y/a.txt"
    assert len(files_under(tmp_path / "kho")) == 2


def test_the_walk_and_the_sweep_see_every_file_with_its_size(storage):
    for name in ("e/1/aa/x.pdf", "e/1/bb/y.pdf", "e/2/z.pdf", "khac/w.txt"):
        storage.save(name, ContentFile(name.encode()))
    assert {item.name: item.size for item in stored.walk(storage, "e")} == {
        "e/1/aa/x.pdf": 12, "e/1/bb/y.pdf": 12, "e/2/z.pdf": 9}
    assert list(stored.walk(storage, "chua-co")) == []  # nothing stored there yet
    later = timezone.now() + timedelta(minutes=1)
    assert stored.sweep_unreferenced(storage, "e", {"1/aa/x.pdf"}, modified_before=later) == (2, 21)
    assert stored.sweep_unreferenced(storage, "e", set(), modified_before=timezone.now() - timedelta(days=1)) \
        == (0, 0)  # too new: an upload whose transaction has not committed yet keeps its file
    assert stored.names(storage) == ["e/1/aa/x.pdf", "khac/w.txt"]


def test_a_local_copy_holds_the_bytes_and_is_removed_after(storage):
    storage.save("imports/t.xlsx", ContentFile(b"PK\x03\x04 bang tinh"))
    with stored.local_copy(storage, "imports/t.xlsx") as path:
        assert path.read_bytes() == b"PK\x03\x04 bang tinh" and path.suffix == ".xlsx"
    assert not path.exists()
    with pytest.raises(FileNotFoundError), stored.local_copy(storage, "imports/khong-co.xlsx"):
        pass


def test_the_disk_is_reachable_even_before_its_first_file(storage, tmp_path):
    assert stored.reachable(storage)  # the folder is made by the first save
    (tmp_path / "kho").write_text("not a folder")
    assert not stored.reachable(storage)


@pytest.mark.parametrize(("inner", "expected"), [
    ("media/backups", "backups/"),
    ("media/a/b", "a/b/"),
    ("media", ""),
    ("backups", None),
    ("media-2", None),  # a sibling whose name starts the same is not inside
])
def test_a_storage_inside_another_is_found(tmp_path, inner, expected):
    outer = stored.LocalStorage(location=tmp_path / "media")
    assert stored.nested_prefix(outer, stored.LocalStorage(location=tmp_path / inner)) == expected
