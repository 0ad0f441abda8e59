"""What an uploaded file really is, from its first bytes: the browser's declared type is only a
claim, and the staff who open the file later trust what we attached."""

HEAD_BYTES = 256  # enough for an ISO-BMFF `ftyp` box with its list of compatible brands

JPEG, PNG, HEIC, PDF = "image/jpeg", "image/png", "image/heic", "application/pdf"
# Chat voice notes as WeChat's media API hands them over: AMR-NB (RFC 4867 storage format) or
# Speex in an Ogg stream.
AMR, SPEEX = "audio/amr", "audio/ogg"
NAMES = {JPEG: "JPEG 图片", PNG: "PNG 图片", HEIC: "HEIC 图片", PDF: "PDF 文件",
         AMR: "AMR 语音", SPEEX: "Speex 语音"}

# HEIF brands carrying HEVC-coded images (ISO/IEC 23008-12 annex B); mif1/msf1 are the generic
# HEIF brands, shared with AVIF — they count only when no AVIF brand is listed.
_HEVC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})
_GENERIC_BRANDS = frozenset({b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})


def _ftyp_brands(head):
    """Major and compatible brands of a leading `ftyp` box, or () if the file has none."""
    if len(head) < 12 or head[4:8] != b"ftyp":
        return ()
    size = int.from_bytes(head[:4], "big")
    end = min(size if size >= 16 else 16, len(head))
    brands = [head[8:12]]
    brands.extend(head[i:i + 4] for i in range(16, end - 3, 4))
    return tuple(brands)


def sniff(head):
    """The content type the bytes show (one of those named above), or None."""
    if head[:3] == b"\xff\xd8\xff":
        return JPEG
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return PNG
    if head[:5] == b"%PDF-":
        return PDF
    if head[:6] == b"#!AMR\n":
        return AMR
    if head[:4] == b"OggS" and head[28:36] == b"Speex   ":  # the first page holds the Speex header
        return SPEEX
    brands = set(_ftyp_brands(head))
    if brands & _HEVC_BRANDS or (brands & _GENERIC_BRANDS and not brands & _AVIF_BRANDS):
        return HEIC
    return None


def mismatch(declared, head):
    """Why the bytes do not match the declared type (a message for the citizen), or None."""
    found = sniff(head)
    if found == declared:
        return None
    expected = NAMES.get(declared, declared)
    if found is None:
        return f"文件内容不是{expected}，请重新选择文件"
    return f"文件内容是{NAMES[found]}，与声明的{expected}不符，请重新上传"
