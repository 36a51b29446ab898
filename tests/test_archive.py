"""Safe input discovery: folders, zips and tars, with hostile members rejected."""

from __future__ import annotations

import io
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from paperlens.bulk.archive import Found, Limits, Skipped, count_pdfs, discover, release, unsafe_name


def pdf_bytes(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def entries(inputs, tmp_path, limits=Limits()):
    tmp = tmp_path / "work"
    tmp.mkdir(exist_ok=True)
    return list(discover([Path(p) for p in inputs], tmp, limits))


def by_name(items):
    return {e.name: e for e in items}


def test_unsafe_names():
    assert unsafe_name("../evil.pdf") == "path traversal (..)"
    assert unsafe_name("a/../../evil.pdf") == "path traversal (..)"
    assert unsafe_name("..\\evil.pdf") == "path traversal (..)"
    assert unsafe_name("/etc/evil.pdf") == "absolute path"
    assert unsafe_name("C:/evil.pdf") == "absolute path"
    assert unsafe_name("docs/..hidden/ok.pdf") is None
    assert unsafe_name("docs/a.pdf") is None


def test_folder_recursive_sorted_and_non_pdf_skipped(tmp_path):
    root = tmp_path / "papers"
    (root / "b").mkdir(parents=True)
    (root / "a.pdf").write_bytes(pdf_bytes("one"))
    (root / "b" / "c.PDF").write_bytes(pdf_bytes("two"))
    (root / "notes.txt").write_text("hello")
    items = entries([root], tmp_path)
    found = [e for e in items if isinstance(e, Found)]
    assert [Path(e.name).name for e in found] == ["a.pdf", "c.PDF"]
    assert all(not e.temporary and e.path.exists() and len(e.sha256) == 64 for e in found)
    skipped = [e for e in items if isinstance(e, Skipped)]
    assert [(Path(e.name).name, e.code) for e in skipped] == [("notes.txt", "not_pdf")]
    assert count_pdfs([root]) == 2


def test_missing_input_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        entries([tmp_path / "nope.pdf"], tmp_path)


def test_hostile_zip_rejects_each_bad_member_and_keeps_the_good(tmp_path):
    good = pdf_bytes("good paper")
    archive = tmp_path / "hostile.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("docs/good.pdf", good)
        zf.writestr("../escape.pdf", good)
        zf.writestr("/abs/escape.pdf", good)
        link = zipfile.ZipInfo("docs/link.pdf")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr("bomb.pdf", b"%PDF-1.4\n" + b"\0" * (8 << 20))  # 8 MiB of zeros
        zf.writestr("readme.md", "# hi")
    items = by_name(entries([archive], tmp_path))
    name = str(archive)
    assert isinstance(items[f"{name}!docs/good.pdf"], Found)
    assert items[f"{name}!docs/good.pdf"].path.read_bytes() == good
    assert items[f"{name}!docs/good.pdf"].temporary
    assert items[f"{name}!../escape.pdf"].code == "unsafe_path"
    assert items[f"{name}!/abs/escape.pdf"].code == "unsafe_path"
    assert items[f"{name}!docs/link.pdf"].code == "link"
    bomb = items[f"{name}!bomb.pdf"]
    assert bomb.code == "bomb" and "compression ratio" in bomb.reason
    assert items[f"{name}!readme.md"].code == "not_pdf"
    # nothing was written outside the work folder
    assert not (tmp_path / "escape.pdf").exists() and not (tmp_path.parent / "escape.pdf").exists()
    assert count_pdfs([archive]) == 1


def test_release_deletes_member_copy(tmp_path):
    archive = tmp_path / "one.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("x.pdf", pdf_bytes("x"))
    (found,) = entries([archive], tmp_path)
    assert found.path.exists()
    release(found)
    assert not found.path.exists()


def test_zip_limits_member_size_total_and_count(tmp_path):
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for i in range(3):
            zf.writestr(f"p{i}.pdf", pdf_bytes(f"paper {i}") + b"\n" * 4000 * i)
    sizes = sorted(len(pdf_bytes(f"paper {i}")) + 4000 * i for i in range(3))
    limits = Limits(max_member_bytes=sizes[1], max_total_bytes=sizes[0] + sizes[1] - 1)
    items = by_name(entries([archive], tmp_path, limits))
    assert isinstance(items[f"{archive}!p0.pdf"], Found)
    assert items[f"{archive}!p1.pdf"].code == "too_large"  # total
    assert "total" in items[f"{archive}!p1.pdf"].reason
    assert items[f"{archive}!p2.pdf"].code == "too_large"  # member
    (whole,) = entries([archive], tmp_path, Limits(max_members=2))
    assert whole.code == "too_many_members" and whole.name == str(archive)


def _tar_add(tf: tarfile.TarFile, name: str, data: bytes, **attrs) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for key, value in attrs.items():
        setattr(info, key, value)
    tf.addfile(info, io.BytesIO(data) if data else None)


@pytest.mark.parametrize("suffix,mode", [(".tar.gz", "w:gz"), (".tar.bz2", "w:bz2"),
                                         (".tar.xz", "w:xz"), (".tar", "w")])
def test_tar_members_streamed_and_links_devices_rejected(tmp_path, suffix, mode):
    archive = tmp_path / f"bundle{suffix}"
    good = pdf_bytes("tar paper")
    with tarfile.open(archive, mode) as tf:
        _tar_add(tf, "a/good.pdf", good)
        _tar_add(tf, "a/sym.pdf", b"", type=tarfile.SYMTYPE, linkname="/etc/passwd")
        _tar_add(tf, "a/hard.pdf", b"", type=tarfile.LNKTYPE, linkname="a/good.pdf")
        _tar_add(tf, "a/dev.pdf", b"", type=tarfile.CHRTYPE)
        _tar_add(tf, "../up.pdf", good)
        _tar_add(tf, "a/data.csv", b"1,2")
    items = by_name(entries([archive], tmp_path))
    assert items[f"{archive}!a/good.pdf"].path.read_bytes() == good
    assert items[f"{archive}!a/sym.pdf"].code == "link"
    assert items[f"{archive}!a/hard.pdf"].code == "link"
    assert items[f"{archive}!a/dev.pdf"].code == "special"
    assert items[f"{archive}!../up.pdf"].code == "unsafe_path"
    assert items[f"{archive}!a/data.csv"].code == "not_pdf"
    assert count_pdfs([archive]) == 1


def test_tar_bomb_stops_before_decompressing(tmp_path):
    archive = tmp_path / "bomb.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        _tar_add(tf, "first.pdf", pdf_bytes("first"))
        _tar_add(tf, "zeros.pdf", b"\0" * (16 << 20))
        _tar_add(tf, "after.pdf", pdf_bytes("after"))
    assert archive.stat().st_size < 200_000
    items = entries([archive], tmp_path)
    assert isinstance(items[0], Found)
    assert items[-1].name == str(archive) and items[-1].code == "bomb"
    assert "zeros.pdf" in items[-1].reason
    assert len(items) == 2  # after.pdf never read


def test_corrupt_archive_is_skipped_with_reason(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    (item,) = entries([bad], tmp_path)
    assert item.code == "bad_archive"


def test_folder_with_archive_inside_is_expanded(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    with zipfile.ZipFile(root / "z.zip", "w") as zf:
        zf.writestr("inner.pdf", pdf_bytes("inner"))
    (root / "plain.pdf").write_bytes(pdf_bytes("plain"))
    names = [e.name for e in entries([root], tmp_path) if isinstance(e, Found)]
    assert names == [str(root / "plain.pdf"), f"{root / 'z.zip'}!inner.pdf"]


def test_fifo_device_link_and_outside_symlinks_do_not_hang_and_are_recorded(tmp_path):
    """Only regular files are read: a FIFO or a link to a device named *.pdf is skipped at
    once (the hang guard is the test timeout), links leading outside the folder are not
    followed, links inside it are."""
    import os

    root = tmp_path / "papers"
    root.mkdir()
    (root / "good.pdf").write_bytes(pdf_bytes("good"))
    os.mkfifo(root / "pipe.pdf")
    os.mkfifo(root / "pipe.zip")
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(pdf_bytes("outside the input folder"))
    (root / "leak.pdf").symlink_to(outside)
    (root / "zero.pdf").symlink_to(os.devnull)  # a character device outside the folder
    (root / "inside.pdf").symlink_to(root / "good.pdf")
    (root / "sub").symlink_to(tmp_path)  # a folder link: not walked
    items = by_name(entries([root], tmp_path))
    found = {Path(n).name for n, e in items.items() if isinstance(e, Found)}
    assert found == {"good.pdf", "inside.pdf"}
    reasons = {Path(n).name: (e.code, e.reason) for n, e in items.items() if isinstance(e, Skipped)}
    assert reasons["pipe.pdf"][0] == "special" and "FIFO" in reasons["pipe.pdf"][1]
    assert reasons["pipe.zip"][0] == "special"
    assert reasons["leak.pdf"][0] == "link" and "outside" in reasons["leak.pdf"][1]
    assert reasons["zero.pdf"][0] == "link"
    assert reasons["sub"][0] == "link"
    assert count_pdfs([root]) == 3  # good, inside and the FIFO's name; nothing opened for long


def test_explicit_fifo_and_device_inputs_are_skipped_not_read(tmp_path):
    import os

    fifo = tmp_path / "named.pdf"
    os.mkfifo(fifo)
    device = tmp_path / "dev.pdf"
    device.symlink_to(os.devnull)
    items = by_name(entries([fifo, device], tmp_path))
    assert {e.code for e in items.values()} == {"special"}
    assert "device" in items[str(device)].reason


def test_unreadable_file_and_folder_are_recorded_per_entry(tmp_path):
    import os

    root = tmp_path / "papers"
    (root / "locked").mkdir(parents=True)
    (root / "good.pdf").write_bytes(pdf_bytes("good"))
    (root / "secret.pdf").write_bytes(pdf_bytes("secret"))
    (root / "locked" / "x.pdf").write_bytes(pdf_bytes("x"))
    os.chmod(root / "secret.pdf", 0)
    os.chmod(root / "locked", 0)
    try:
        if os.access(root / "secret.pdf", os.R_OK):
            pytest.skip("running with privileges that read anything (root)")
        items = by_name(entries([root], tmp_path))
    finally:
        os.chmod(root / "locked", 0o755)
        os.chmod(root / "secret.pdf", 0o644)
    assert isinstance(items[str(root / "good.pdf")], Found)
    assert items[str(root / "secret.pdf")].code == "unreadable"
    assert "PermissionError" in items[str(root / "secret.pdf")].reason
    assert items[str(root / "locked")].code == "unreadable"


def test_unreadable_file_recorded_even_with_privileges(tmp_path, monkeypatch):
    """The same path, forced: opening the file fails with EACCES."""
    import errno

    from paperlens.bulk import archive

    root = tmp_path / "papers"
    root.mkdir()
    (root / "good.pdf").write_bytes(pdf_bytes("good"))
    (root / "secret.pdf").write_bytes(pdf_bytes("secret"))
    real = archive.open_regular

    def guarded(path):
        if Path(path).name == "secret.pdf":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(archive, "open_regular", guarded)
    items = by_name(entries([root], tmp_path))
    assert isinstance(items[str(root / "good.pdf")], Found)
    assert items[str(root / "secret.pdf")].code == "unreadable"
