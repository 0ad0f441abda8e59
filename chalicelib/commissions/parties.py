"""Names of parties for the conflict check: two spellings of one name must read alike."""
import unicodedata


def normalise(name):
    """NFKC (full-width to half-width, （）to ()), case folded, without spaces or punctuation:
    `深圳市 某某 科技有限公司` and `深圳市某某科技有限公司。` are the same party."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    kept = "".join(ch for ch in text
                   if not unicodedata.category(ch).startswith(("P", "Z", "C", "S")))
    return kept.replace("#", "")
