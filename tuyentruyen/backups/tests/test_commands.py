import pytest
from django.core.management import CommandError, call_command

from tuyentruyen.accounts.models import User
from tuyentruyen.backups.archive import checksum_path
from tuyentruyen.backups.management.commands import restore as restore_command

pytestmark = pytest.mark.django_db(transaction=True)  # see test_backup_restore


def only_archive(directory):
    (archive,) = directory.glob("*.tar.gz")
    return archive


def test_backup_writes_the_archive_and_its_checksum_and_restore_check_verifies_it(tmp_path, capsys,
                                                                                  monkeypatch):
    call_command("backup", "--dir", str(tmp_path))

    archive = only_archive(tmp_path)
    assert checksum_path(archive).is_file()
    assert f"Đã sao lưu: {archive.name}" in capsys.readouterr().out
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    monkeypatch.setattr(restore_command, "restore_backup", pytest.fail)  # --check changes nothing
    call_command("restore", str(archive), "--check")
    assert "Bản sao lưu còn nguyên vẹn" in capsys.readouterr().out

    archive.write_bytes(archive.read_bytes()[:-10])
    with pytest.raises(CommandError, match="không khớp"):
        call_command("restore", str(archive), "--yes")


def test_restore_asks_first_and_a_no_restores_nothing(officer_a, tmp_path, monkeypatch):
    call_command("backup", "--dir", str(tmp_path))
    User.objects.filter(pk=officer_a.pk).update(first_name="Sau sao lưu")
    monkeypatch.setattr("builtins.input", lambda prompt: "không")

    with pytest.raises(CommandError, match="Đã hủy"):
        call_command("restore", str(only_archive(tmp_path)))
    assert User.objects.get(pk=officer_a.pk).first_name == "Sau sao lưu"


def test_restore_with_yes_brings_the_site_back(officer_a, tmp_path, capsys):
    call_command("backup", "--dir", str(tmp_path))
    first_name = officer_a.first_name
    User.objects.filter(pk=officer_a.pk).update(first_name="Sau sao lưu")
    officer_a.__class__.objects.create(username="moi-sau-sao-luu")

    call_command("restore", str(only_archive(tmp_path)), "--yes")

    assert User.objects.get(pk=officer_a.pk).first_name == first_name
    assert not User.objects.filter(username="moi-sau-sao-luu").exists()
    assert "Đã khôi phục" in capsys.readouterr().out


def test_backups_go_to_the_backups_storage_and_restore_reads_them_from_it(officer_a, settings, tmp_path, capsys):
    settings.BACKUP_DIR = tmp_path / "kho-sao-luu"
    call_command("backup")
    archive = only_archive(settings.BACKUP_DIR)
    assert checksum_path(archive).is_file() and oct(archive.stat().st_mode & 0o777) == "0o600"

    call_command("backup", "--list")
    listed = capsys.readouterr().out
    assert archive.name in listed and "thiếu" not in listed

    User.objects.filter(pk=officer_a.pk).update(first_name="Sau sao lưu")
    call_command("restore", archive.name, "--yes")  # a name in the storage, not a path
    assert User.objects.get(pk=officer_a.pk).first_name == officer_a.first_name
    with pytest.raises(CommandError, match="Không tìm thấy bản sao lưu"):
        call_command("restore", "tuyentruyen-20000101-000000.tar.gz", "--check")
