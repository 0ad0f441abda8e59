"""A file is what its first bytes say, not what the browser declared."""
import pytest

from chalicelib import sniff


def _ftyp(major, *compatible):
    brands = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return (8 + len(brands)).to_bytes(4, "big") + b"ftyp" + brands + b"\x00\x00\x00\x08meta"


@pytest.mark.parametrize("head, kind", [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", sniff.JPEG),
    (b"\xff\xd8\xff\xe1\x00\x10Exif", sniff.JPEG),  # a phone photo with EXIF
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", sniff.PNG),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", sniff.PDF),
    (_ftyp(b"heic", b"mif1", b"heic"), sniff.HEIC),  # an iPhone photo
    (_ftyp(b"mif1", b"heic"), sniff.HEIC),  # generic HEIF major brand, HEVC listed
    (_ftyp(b"heix", b"mif1"), sniff.HEIC),
    (_ftyp(b"mif1", b"miaf"), sniff.HEIC),  # generic HEIF with no AVIF brand
])
def test_each_accepted_type_is_recognised_by_its_signature(head, kind):
    assert sniff.sniff(head) == kind
    assert sniff.mismatch(kind, head) is None


@pytest.mark.parametrize("head", [
    _ftyp(b"avif", b"mif1", b"miaf"),  # AVIF shares the HEIF container: not HEIC
    _ftyp(b"mif1", b"avif"),
    _ftyp(b"isom", b"mp42"),  # an MP4 video
    b"GIF89a\x01\x00", b"PK\x03\x04", b"", b"\xff\xd8",  # GIF, a zip (DOCX), nothing, a torn JPEG
    b"<html><body>%PDF-</body></html>",  # the marker not at the start
])
def test_other_files_are_not_taken_for_an_accepted_type(head):
    assert sniff.sniff(head) is None


def test_a_mismatch_names_what_arrived_and_what_was_declared():
    assert "PDF 文件" in sniff.mismatch(sniff.JPEG, b"%PDF-1.4")
    assert "JPEG 图片" in sniff.mismatch(sniff.JPEG, b"%PDF-1.4")
    assert sniff.mismatch(sniff.PNG, b"GIF89a") == "文件内容不是PNG 图片，请重新选择文件"
